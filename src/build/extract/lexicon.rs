//! The extractor's word lists: relation triggers, speech verbs, modality
//! and negation cues, titles, calendar words.
//!
//! Every entry is matched as a whole word or phrase, ASCII case-insensitive
//! (calendar words must be capitalized).

use crate::model::{Modality, RelationKind};

/// How a trigger word is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// A finite or -ing verb: agent on the left, patient on the right.
    Verb,
    /// A past participle that may be passive ("was invaded by").
    Participle,
    /// A noun ("invasion of", "cooperation"): agent before, patient after.
    Noun,
    /// A topic phrase ("asked about", "commenting on"): the agent is the
    /// speaker of the sentence when there is one, the patients are the
    /// (coordinated) actors after it.
    Topic,
    /// A predicate noun whose agent follows it and whose patient is the
    /// subject ("X is seen as an extension of Y": Y over X); "…, as is A,
    /// B and C" adds patients.
    Inverse,
}

/// What a trigger needs after it before it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needs {
    /// Nothing.
    None,
    /// A military-force noun (troops, soldiers…) within a few words.
    Forces,
    /// An aid noun (weapons, aid, arms…) within a few words.
    Aid,
    /// "help", "assistance", "support" within a few words.
    Help,
    /// "against" within a few words; the patient comes after it
    /// ("protests broke out in Belarus against the re-election of X").
    Against,
    /// "lesson" within a few words ("teach X a lesson").
    Lesson,
}

/// A relation trigger.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Trigger {
    pub kind: RelationKind,
    pub form: Form,
    /// How often the pattern reads correctly, 0..1.
    pub reliability: f32,
    pub needs: Needs,
}

/// Trigger phrases by kind. Forms are given explicitly so that each
/// inflection can carry its own form.
pub(crate) const TRIGGERS: &[(&str, RelationKind, Form, f32, Needs)] = {
    use Form::*;
    use Needs::{Against, Aid, Forces, Help, Lesson};
    use RelationKind as K;
    const N: Needs = Needs::None;
    &[
        // Invasion.
        ("invade", K::Invades, Verb, 0.9, N),
        ("invades", K::Invades, Verb, 0.9, N),
        ("invading", K::Invades, Verb, 0.85, N),
        ("invaded", K::Invades, Participle, 0.9, N),
        ("invasion of", K::Invades, Noun, 0.85, N),
        ("invasion", K::Invades, Noun, 0.8, N),
        ("invasions of", K::Invades, Noun, 0.8, N),
        // Attacks.
        ("attack", K::Attacks, Verb, 0.75, N),
        ("attacks", K::Attacks, Verb, 0.7, N),
        ("attacked", K::Attacks, Participle, 0.85, N),
        ("attacking", K::Attacks, Verb, 0.8, N),
        ("attack on", K::Attacks, Noun, 0.8, N),
        ("attacks on", K::Attacks, Noun, 0.8, N),
        ("struck", K::Attacks, Participle, 0.7, N),
        ("blockade", K::Attacks, Verb, 0.75, N),
        ("blockaded", K::Attacks, Participle, 0.8, N),
        ("blockade of", K::Attacks, Noun, 0.75, N),
        ("shelled", K::Attacks, Participle, 0.85, N),
        ("bombed", K::Attacks, Participle, 0.85, N),
        ("fired missiles at", K::Attacks, Verb, 0.85, N),
        ("launched strikes on", K::Attacks, Verb, 0.85, N),
        ("airstrikes on", K::Attacks, Noun, 0.8, N),
        // Occupation, conquest, annexation.
        ("conquest of", K::Occupies, Noun, 0.85, N),
        ("conquer", K::Occupies, Verb, 0.8, N),
        ("conquered", K::Occupies, Participle, 0.85, N),
        ("annexed", K::Occupies, Participle, 0.9, N),
        ("annex", K::Occupies, Verb, 0.85, N),
        ("annexation of", K::Occupies, Noun, 0.9, N),
        ("occupied", K::Occupies, Participle, 0.75, N),
        ("occupation of", K::Occupies, Noun, 0.85, N),
        ("took control of", K::Occupies, Verb, 0.85, N),
        ("take control of", K::Occupies, Verb, 0.8, N),
        ("taking control of", K::Occupies, Verb, 0.8, N),
        ("seized", K::Occupies, Participle, 0.75, N),
        ("captured", K::Occupies, Participle, 0.7, N),
        ("seizure of", K::Occupies, Noun, 0.8, N),
        ("seized control of", K::Occupies, Verb, 0.85, N),
        ("seizing control of", K::Occupies, Verb, 0.8, N),
        ("capture of", K::Occupies, Noun, 0.75, N),
        ("takeover of", K::Occupies, Noun, 0.7, N),
        ("occupy", K::Occupies, Verb, 0.75, N),
        ("occupying", K::Occupies, Verb, 0.75, N),
        ("annexing", K::Occupies, Verb, 0.85, N),
        ("conquering", K::Occupies, Verb, 0.8, N),
        // Deployments.
        ("send", K::DeploysForcesTo, Verb, 0.85, Forces),
        ("sends", K::DeploysForcesTo, Verb, 0.85, Forces),
        ("sent", K::DeploysForcesTo, Participle, 0.85, Forces),
        ("sending", K::DeploysForcesTo, Verb, 0.85, Forces),
        ("deploy", K::DeploysForcesTo, Verb, 0.85, Forces),
        ("deploys", K::DeploysForcesTo, Verb, 0.85, Forces),
        ("deployed", K::DeploysForcesTo, Participle, 0.85, Forces),
        ("deploying", K::DeploysForcesTo, Verb, 0.85, Forces),
        ("dispatched", K::DeploysForcesTo, Participle, 0.85, Forces),
        ("dispatch", K::DeploysForcesTo, Verb, 0.8, Forces),
        ("dispatching", K::DeploysForcesTo, Verb, 0.85, Forces),
        ("moved", K::DeploysForcesTo, Participle, 0.75, Forces),
        ("moving", K::DeploysForcesTo, Verb, 0.75, Forces),
        ("stationed", K::DeploysForcesTo, Participle, 0.75, Forces),
        ("kept", K::DeploysForcesTo, Participle, 0.7, Forces),
        ("keeps", K::DeploysForcesTo, Verb, 0.7, Forces),
        ("massed", K::MassesForcesNear, Participle, 0.8, Forces),
        ("massing", K::MassesForcesNear, Verb, 0.8, Forces),
        ("amassed", K::MassesForcesNear, Participle, 0.8, Forces),
        ("amassing", K::MassesForcesNear, Verb, 0.8, Forces),
        ("intervened militarily in", K::DeploysForcesTo, Verb, 0.8, N),
        ("deployment of troops to", K::DeploysForcesTo, Noun, 0.85, N),
        ("intervening in", K::DeploysForcesTo, Verb, 0.6, N),
        ("intervened in", K::DeploysForcesTo, Verb, 0.65, N),
        ("intervention in", K::DeploysForcesTo, Noun, 0.6, N),
        // Massing forces.
        ("stationed troops near", K::MassesForcesNear, Verb, 0.85, N),
        ("stationed troops along", K::MassesForcesNear, Verb, 0.85, N),
        ("massed troops near", K::MassesForcesNear, Verb, 0.85, N),
        ("massed troops on", K::MassesForcesNear, Verb, 0.85, N),
        ("massing troops near", K::MassesForcesNear, Verb, 0.85, N),
        ("amassed troops near", K::MassesForcesNear, Verb, 0.85, N),
        ("buildup near", K::MassesForcesNear, Noun, 0.75, N),
        ("military drills around", K::MassesForcesNear, Noun, 0.75, N),
        (
            "military exercises around",
            K::MassesForcesNear,
            Noun,
            0.75,
            N,
        ),
        ("drills around", K::MassesForcesNear, Noun, 0.7, N),
        ("drills near", K::MassesForcesNear, Noun, 0.7, N),
        ("encircled", K::MassesForcesNear, Participle, 0.7, N),
        ("encircling", K::MassesForcesNear, Verb, 0.7, N),
        // Conflict.
        ("in conflict with", K::InConflictWith, Noun, 0.8, N),
        ("conflict with", K::InConflictWith, Noun, 0.75, N),
        ("fired back at", K::Criticizes, Verb, 0.75, N),
        ("at war with", K::InConflictWith, Noun, 0.85, N),
        ("war with", K::InConflictWith, Noun, 0.75, N),
        ("fighting with", K::InConflictWith, Noun, 0.65, N),
        ("clashes with", K::InConflictWith, Noun, 0.7, N),
        ("clashed with", K::InConflictWith, Verb, 0.75, N),
        ("fought against", K::InConflictWith, Verb, 0.8, N),
        ("fighting against", K::InConflictWith, Verb, 0.75, N),
        ("war against", K::InConflictWith, Noun, 0.75, N),
        ("waged war on", K::InConflictWith, Verb, 0.85, N),
        ("waging war on", K::InConflictWith, Verb, 0.85, N),
        ("hostilities with", K::InConflictWith, Noun, 0.75, N),
        ("confrontation with", K::InConflictWith, Noun, 0.7, N),
        // Threats.
        ("threatened", K::Threatens, Participle, 0.8, N),
        ("threatens", K::Threatens, Verb, 0.8, N),
        ("threaten", K::Threatens, Verb, 0.75, N),
        ("threatening", K::Threatens, Verb, 0.75, N),
        ("threat to", K::Threatens, Noun, 0.65, N),
        // Repression.
        ("crackdown on", K::Represses, Noun, 0.8, N),
        // Only with the sentence's protests ("protests against X … a
        // brutal crackdown": X's, on the protesters).
        ("crackdown", K::Represses, Noun, 0.75, N),
        ("cracked down on", K::Represses, Verb, 0.85, N),
        ("cracking down on", K::Represses, Verb, 0.85, N),
        ("crack down on", K::Represses, Verb, 0.8, N),
        ("repression of", K::Represses, Noun, 0.8, N),
        ("persecution of", K::Represses, Noun, 0.75, N),
        // Violence against people (repression when they are protesters).
        ("shoot to kill", K::Attacks, Verb, 0.75, N),
        ("opened fire on", K::Attacks, Verb, 0.8, N),
        ("fired on", K::Attacks, Verb, 0.75, N),
        // Influence.
        ("hegemony over", K::SeeksInfluenceOver, Noun, 0.75, N),
        ("reassert hegemony", K::SeeksInfluenceOver, Verb, 0.75, N),
        ("sphere of influence", K::SeeksInfluenceOver, Noun, 0.6, N),
        ("influence over", K::SeeksInfluenceOver, Noun, 0.65, N),
        ("pressure on", K::SeeksInfluenceOver, Noun, 0.6, N),
        ("pressured", K::SeeksInfluenceOver, Participle, 0.65, N),
        ("dominance over", K::SeeksInfluenceOver, Noun, 0.7, N),
        ("grip on", K::SeeksInfluenceOver, Noun, 0.6, N),
        // "countries that X tried to keep under Y's influence": the
        // relative clause's antecedent is the patient.
        ("keep under", K::SeeksInfluenceOver, Verb, 0.7, N),
        ("keeping under", K::SeeksInfluenceOver, Verb, 0.7, N),
        ("kept under", K::SeeksInfluenceOver, Verb, 0.7, N),
        ("bring under", K::SeeksInfluenceOver, Verb, 0.7, N),
        ("bringing under", K::SeeksInfluenceOver, Verb, 0.7, N),
        ("brought under", K::SeeksInfluenceOver, Verb, 0.7, N),
        ("extension of", K::SeeksInfluenceOver, Inverse, 0.7, N),
        ("satellite of", K::SeeksInfluenceOver, Inverse, 0.75, N),
        (
            "satellite state of",
            K::SeeksInfluenceOver,
            Inverse,
            0.75,
            N,
        ),
        ("client state of", K::SeeksInfluenceOver, Inverse, 0.75, N),
        ("puppet of", K::SeeksInfluenceOver, Inverse, 0.75, N),
        ("vassal of", K::SeeksInfluenceOver, Inverse, 0.75, N),
        ("backyard of", K::SeeksInfluenceOver, Inverse, 0.7, N),
        ("in the orbit of", K::SeeksInfluenceOver, Inverse, 0.7, N),
        (
            "under the influence of",
            K::SeeksInfluenceOver,
            Inverse,
            0.7,
            N,
        ),
        (
            "under the control of",
            K::SeeksInfluenceOver,
            Inverse,
            0.65,
            N,
        ),
        // Statements about a topic.
        ("asked about", K::MakesStatementAbout, Topic, 0.75, N),
        ("commented on", K::MakesStatementAbout, Topic, 0.7, N),
        ("commenting on", K::MakesStatementAbout, Topic, 0.7, N),
        ("spoke about", K::MakesStatementAbout, Topic, 0.7, N),
        ("speaking about", K::MakesStatementAbout, Topic, 0.7, N),
        ("remarks about", K::MakesStatementAbout, Topic, 0.65, N),
        // Support.
        ("support", K::Supports, Verb, 0.7, N),
        ("supports", K::Supports, Verb, 0.8, N),
        ("supported", K::Supports, Participle, 0.8, N),
        ("supporting", K::Supports, Verb, 0.75, N),
        ("support for", K::Supports, Noun, 0.75, N),
        ("in support of", K::Supports, Noun, 0.75, N),
        ("backed", K::Supports, Participle, 0.75, N),
        ("backs", K::Supports, Verb, 0.75, N),
        ("propping up", K::Supports, Verb, 0.8, N),
        ("propped up", K::Supports, Verb, 0.8, N),
        ("stood by", K::Supports, Verb, 0.75, N),
        ("stands by", K::Supports, Verb, 0.75, N),
        ("endorsed", K::Supports, Participle, 0.75, N),
        ("welcomed", K::Supports, Participle, 0.6, N),
        ("defended", K::Supports, Participle, 0.6, N),
        ("standing by", K::Supports, Verb, 0.7, N),
        ("sided with", K::Supports, Verb, 0.8, N),
        ("siding with", K::Supports, Verb, 0.8, N),
        ("rallied behind", K::Supports, Verb, 0.75, N),
        ("backing", K::Supports, Verb, 0.7, N),
        ("backing for", K::Supports, Noun, 0.75, N),
        ("supporter of", K::Supports, Noun, 0.75, N),
        ("backer of", K::Supports, Noun, 0.75, N),
        ("expressed support for", K::Supports, Verb, 0.85, N),
        ("voiced support for", K::Supports, Verb, 0.85, N),
        ("solidarity with", K::Supports, Noun, 0.7, N),
        ("praised", K::Supports, Participle, 0.6, N),
        // Offers.
        ("offered to", K::OffersSupport, Verb, 0.7, N),
        ("offering to", K::OffersSupport, Verb, 0.7, N),
        ("offers to", K::OffersSupport, Verb, 0.7, N),
        ("offered", K::OffersSupport, Participle, 0.7, Aid),
        ("pledging", K::OffersSupport, Verb, 0.7, N),
        ("pledged", K::OffersSupport, Participle, 0.7, N),
        ("promised", K::OffersSupport, Participle, 0.65, N),
        // Aid.
        ("provided", K::ProvidesAidTo, Participle, 0.75, Aid),
        ("supplied", K::ProvidesAidTo, Participle, 0.75, Aid),
        ("supplying", K::ProvidesAidTo, Verb, 0.75, Aid),
        ("delivered", K::ProvidesAidTo, Participle, 0.7, Aid),
        ("arms sales to", K::ProvidesAidTo, Noun, 0.8, N),
        ("military aid to", K::ProvidesAidTo, Noun, 0.85, N),
        ("aid to", K::ProvidesAidTo, Noun, 0.7, N),
        // "helping restore order": help to the government in focus.
        ("help restore", K::ProvidesAidTo, Verb, 0.75, N),
        ("helps restore", K::ProvidesAidTo, Verb, 0.75, N),
        ("helped restore", K::ProvidesAidTo, Verb, 0.75, N),
        ("helping restore", K::ProvidesAidTo, Verb, 0.75, N),
        ("help to restore", K::ProvidesAidTo, Verb, 0.75, N),
        ("helped to restore", K::ProvidesAidTo, Verb, 0.75, N),
        ("helping to restore", K::ProvidesAidTo, Verb, 0.75, N),
        // Requests for help.
        ("enlisted the help of", K::RequestsHelpFrom, Verb, 0.9, N),
        ("asked", K::RequestsHelpFrom, Participle, 0.75, Help),
        ("asks", K::RequestsHelpFrom, Verb, 0.75, Help),
        ("asking", K::RequestsHelpFrom, Verb, 0.75, Help),
        ("asked for help from", K::RequestsHelpFrom, Verb, 0.9, N),
        ("requested help from", K::RequestsHelpFrom, Verb, 0.9, N),
        (
            "requested assistance from",
            K::RequestsHelpFrom,
            Verb,
            0.9,
            N,
        ),
        ("sought help from", K::RequestsHelpFrom, Verb, 0.85, N),
        ("sought the help of", K::RequestsHelpFrom, Verb, 0.85, N),
        ("requested the help of", K::RequestsHelpFrom, Verb, 0.9, N),
        ("appealed for help from", K::RequestsHelpFrom, Verb, 0.85, N),
        ("requested", K::RequestsHelpFrom, Participle, 0.75, Help),
        ("requesting", K::RequestsHelpFrom, Verb, 0.75, Help),
        ("appealed to", K::RequestsHelpFrom, Verb, 0.7, N),
        // Demands.
        ("is calling for", K::Demands, Verb, 0.8, N),
        ("are calling for", K::Demands, Verb, 0.8, N),
        ("called for", K::Demands, Verb, 0.75, N),
        ("calls for", K::Demands, Verb, 0.75, N),
        ("called on", K::Demands, Verb, 0.8, N),
        ("calls on", K::Demands, Verb, 0.8, N),
        ("urged", K::Demands, Participle, 0.8, N),
        ("urges", K::Demands, Verb, 0.8, N),
        ("demanded", K::Demands, Participle, 0.85, N),
        ("demands", K::Demands, Verb, 0.75, N),
        ("demanding", K::Demands, Verb, 0.75, N),
        ("insisted", K::Demands, Verb, 0.6, N),
        // Rejection.
        ("rejected", K::Rejects, Participle, 0.85, N),
        ("rejects", K::Rejects, Verb, 0.85, N),
        ("rejecting", K::Rejects, Verb, 0.8, N),
        ("rebuffed", K::Rejects, Participle, 0.8, N),
        ("dismissed", K::Rejects, Participle, 0.7, N),
        ("refused", K::Rejects, Participle, 0.65, N),
        ("turned down", K::Rejects, Verb, 0.75, N),
        ("spurned", K::Rejects, Participle, 0.8, N),
        ("rejection of", K::Rejects, Noun, 0.7, N),
        // Opposition.
        ("opposes", K::Opposes, Verb, 0.8, N),
        ("opposed", K::Opposes, Participle, 0.75, N),
        ("undermining", K::Opposes, Verb, 0.75, N),
        ("undermine", K::Opposes, Verb, 0.75, N),
        ("undermined", K::Opposes, Participle, 0.75, N),
        ("blocked", K::Opposes, Participle, 0.75, N),
        ("blocking", K::Opposes, Verb, 0.75, N),
        ("vetoed", K::Opposes, Participle, 0.8, N),
        ("objected to", K::Opposes, Verb, 0.75, N),
        ("objections to", K::Opposes, Noun, 0.7, N),
        ("opponent of", K::Opposes, Noun, 0.75, N),
        ("held up", K::Opposes, Verb, 0.6, N),
        // Criticism and accusations.
        ("criticized", K::Criticizes, Participle, 0.85, N),
        ("criticised", K::Criticizes, Participle, 0.85, N),
        ("criticizes", K::Criticizes, Verb, 0.85, N),
        ("condemned", K::Criticizes, Participle, 0.85, N),
        ("condemns", K::Criticizes, Verb, 0.85, N),
        ("denounced", K::Criticizes, Participle, 0.85, N),
        ("slammed", K::Criticizes, Participle, 0.8, N),
        ("criticising", K::Criticizes, Verb, 0.8, N),
        ("criticizing", K::Criticizes, Verb, 0.8, N),
        ("criticism of", K::Criticizes, Noun, 0.75, N),
        ("critic of", K::Criticizes, Noun, 0.75, N),
        ("rebuked", K::Criticizes, Participle, 0.8, N),
        ("castigated", K::Criticizes, Participle, 0.8, N),
        ("decried", K::Criticizes, Participle, 0.8, N),
        ("censured", K::Criticizes, Participle, 0.8, N),
        ("lashed out at", K::Criticizes, Verb, 0.8, N),
        ("hit back at", K::Criticizes, Verb, 0.75, N),
        // Rebuttals with no object answer the last speaker ("The
        // ministry fired back with a statement").
        ("fired back", K::Criticizes, Verb, 0.7, N),
        ("hit back", K::Criticizes, Verb, 0.7, N),
        ("hits back", K::Criticizes, Verb, 0.7, N),
        ("struck back", K::Criticizes, Verb, 0.7, N),
        ("shot back", K::Criticizes, Verb, 0.7, N),
        // "wants to teach X a lesson": hostile intent.
        ("teach", K::Opposes, Verb, 0.7, Lesson),
        ("teaching", K::Opposes, Verb, 0.7, Lesson),
        ("exchanged new barbs", K::Criticizes, Verb, 0.7, N),
        ("exchanged barbs", K::Criticizes, Verb, 0.7, N),
        ("accused", K::Accuses, Participle, 0.85, N),
        ("accuses", K::Accuses, Verb, 0.85, N),
        ("blamed", K::Accuses, Participle, 0.8, N),
        ("blames", K::Accuses, Verb, 0.8, N),
        ("accusing", K::Accuses, Verb, 0.8, N),
        ("blaming", K::Accuses, Verb, 0.75, N),
        ("accusations against", K::Accuses, Noun, 0.75, N),
        // Sanctions.
        ("sanctioned", K::Sanctions, Participle, 0.85, N),
        ("imposed sanctions on", K::Sanctions, Verb, 0.9, N),
        ("sanctions on", K::Sanctions, Noun, 0.8, N),
        ("sanctions against", K::Sanctions, Noun, 0.8, N),
        ("suspended aid to", K::Sanctions, Verb, 0.8, N),
        ("suspended military aid to", K::Sanctions, Verb, 0.8, N),
        ("cut aid to", K::Sanctions, Verb, 0.75, N),
        ("cut off aid to", K::Sanctions, Verb, 0.8, N),
        ("froze aid to", K::Sanctions, Verb, 0.8, N),
        ("halted aid to", K::Sanctions, Verb, 0.8, N),
        // Protest.
        ("protested", K::ProtestsAgainst, Participle, 0.6, N),
        ("protests against", K::ProtestsAgainst, Noun, 0.6, N),
        ("protested against", K::ProtestsAgainst, Verb, 0.75, N),
        ("protesting against", K::ProtestsAgainst, Verb, 0.75, N),
        ("demonstrated against", K::ProtestsAgainst, Verb, 0.7, N),
        ("rallied against", K::ProtestsAgainst, Verb, 0.7, N),
        ("protest against", K::ProtestsAgainst, Noun, 0.6, N),
        ("protests", K::ProtestsAgainst, Noun, 0.6, Against),
        ("demonstrations", K::ProtestsAgainst, Noun, 0.6, Against),
        ("rallies", K::ProtestsAgainst, Noun, 0.55, Against),
        // Negotiation and meetings.
        ("talks with", K::NegotiatesWith, Noun, 0.8, N),
        ("talks between", K::NegotiatesWith, Noun, 0.8, N),
        ("held talks", K::NegotiatesWith, Noun, 0.8, N),
        ("negotiations with", K::NegotiatesWith, Noun, 0.85, N),
        ("negotiations between", K::NegotiatesWith, Noun, 0.85, N),
        ("negotiated with", K::NegotiatesWith, Verb, 0.85, N),
        ("negotiating with", K::NegotiatesWith, Verb, 0.85, N),
        ("negotiate with", K::NegotiatesWith, Verb, 0.85, N),
        ("dialogue with", K::NegotiatesWith, Noun, 0.7, N),
        ("peace talks", K::NegotiatesWith, Noun, 0.8, N),
        ("mediated", K::NegotiatesWith, Participle, 0.6, N),
        ("met with", K::MeetsWith, Verb, 0.8, N),
        ("met", K::MeetsWith, Verb, 0.7, N),
        ("meets", K::MeetsWith, Verb, 0.7, N),
        ("meeting with", K::MeetsWith, Noun, 0.75, N),
        ("summit with", K::MeetsWith, Noun, 0.75, N),
        ("hosted", K::MeetsWith, Participle, 0.6, N),
        ("visited", K::MeetsWith, Participle, 0.55, N),
        // Cooperation.
        ("cooperation", K::CooperatesWith, Noun, 0.75, N),
        ("cooperation with", K::CooperatesWith, Noun, 0.8, N),
        ("cooperate with", K::CooperatesWith, Verb, 0.8, N),
        ("cooperated with", K::CooperatesWith, Verb, 0.8, N),
        ("turned to", K::CooperatesWith, Verb, 0.55, N),
        ("ties with", K::CooperatesWith, Noun, 0.65, N),
        ("partnership with", K::CooperatesWith, Noun, 0.75, N),
        ("signed an agreement with", K::CooperatesWith, Verb, 0.8, N),
        ("ceasefire with", K::CooperatesWith, Noun, 0.7, N),
        (
            "agreed to a ceasefire with",
            K::CooperatesWith,
            Verb,
            0.8,
            N,
        ),
        ("alliance with", K::AlliedWith, Noun, 0.75, N),
        ("allied with", K::AlliedWith, Verb, 0.8, N),
        ("ally of", K::AlliedWith, Noun, 0.7, N),
        (
            "joint military exercises with",
            K::AlliedWith,
            Noun,
            0.75,
            N,
        ),
        ("trade with", K::TradesWith, Noun, 0.6, N),
        ("trade deal with", K::TradesWith, Noun, 0.8, N),
        // Concessions.
        ("conceded", K::ConcedesTo, Participle, 0.7, N),
        ("lifted its veto", K::ConcedesTo, Verb, 0.8, N),
        ("dropped its objections", K::ConcedesTo, Verb, 0.8, N),
        ("withdrew its objections", K::ConcedesTo, Verb, 0.8, N),
        ("withdrew from", K::ConcedesTo, Verb, 0.55, N),
        // Effects of events (the agent must be an event: "the unrest in
        // X could affect Y").
        ("affect", K::Affects, Verb, 0.7, N),
        ("affects", K::Affects, Verb, 0.7, N),
        ("affected", K::Affects, Participle, 0.7, N),
        ("affecting", K::Affects, Verb, 0.7, N),
        ("accelerate", K::Affects, Verb, 0.65, N),
        // Causatives with an event subject ("the unrest could make X's
        // task harder", "the war made Germany rethink").
        ("make", K::Affects, Verb, 0.55, N),
        ("makes", K::Affects, Verb, 0.55, N),
        ("made", K::Affects, Verb, 0.55, N),
        ("accelerates", K::Affects, Verb, 0.65, N),
        ("accelerated", K::Affects, Participle, 0.65, N),
        ("fuel", K::Affects, Verb, 0.6, N),
        ("fuels", K::Affects, Verb, 0.6, N),
        ("fuelled", K::Affects, Participle, 0.6, N),
        ("fueled", K::Affects, Participle, 0.6, N),
        ("changed the calculations of", K::Affects, Verb, 0.75, N),
        ("changed the calculus of", K::Affects, Verb, 0.75, N),
        ("changed", K::Affects, Participle, 0.6, N),
        ("complicated", K::Affects, Participle, 0.65, N),
        ("complicates", K::Affects, Verb, 0.65, N),
        ("overshadowed", K::Affects, Participle, 0.65, N),
        ("weighed on", K::Affects, Verb, 0.65, N),
        ("weighs on", K::Affects, Verb, 0.65, N),
        ("emboldened", K::Affects, Participle, 0.65, N),
        ("weakened", K::Affects, Participle, 0.65, N),
        ("strengthened", K::Affects, Participle, 0.6, N),
        ("complicate", K::Affects, Verb, 0.65, N),
        ("weaken", K::Affects, Verb, 0.65, N),
        ("weakens", K::Affects, Verb, 0.65, N),
        ("strengthen", K::Affects, Verb, 0.6, N),
        ("embolden", K::Affects, Verb, 0.65, N),
        ("alarmed", K::Affects, Participle, 0.65, N),
        ("destabilize", K::Affects, Verb, 0.7, N),
        ("destabilized", K::Affects, Participle, 0.7, N),
        ("destabilise", K::Affects, Verb, 0.7, N),
        ("destabilised", K::Affects, Participle, 0.7, N),
        // Chairing an organization.
        ("chairs", K::Leads, Verb, 0.7, N),
        ("chaired", K::Leads, Participle, 0.65, N),
        // Membership.
        ("joined", K::MemberOf, Participle, 0.7, N),
        ("became a member of", K::MemberOf, Verb, 0.85, N),
        ("accession to", K::MemberOf, Noun, 0.6, N),
    ]
};

/// Military-force nouns for `Needs::Forces`.
pub(crate) const FORCE_NOUNS: &[&str] = &[
    "troops",
    "soldiers",
    "forces",
    "paratroopers",
    "peacekeepers",
    "peacekeeping",
    "marines",
    "warships",
    "ships",
    "jets",
    "fighter",
    "military",
    "units",
    "battalions",
    "tanks",
    "servicemen",
    "contingent",
    "army",
];

/// Aid nouns for `Needs::Aid`.
pub(crate) const AID_NOUNS: &[&str] = &[
    "aid",
    "weapons",
    "arms",
    "ammunition",
    "missiles",
    "equipment",
    "assistance",
    "loans",
    "money",
    "funds",
    "supplies",
    "systems",
];

/// Help nouns for `Needs::Help`.
pub(crate) const HELP_NOUNS: &[&str] = &["help", "assistance", "support", "aid", "protection"];

/// Speech verbs. The bool says whether the verb is a denial.
pub(crate) const SPEECH: &[(&str, bool)] = &[
    ("said", false),
    ("says", false),
    ("say", false),
    ("added", false),
    ("told", false),
    ("tells", false),
    ("noted", false),
    ("notes", false),
    ("wrote", false),
    ("writes", false),
    ("stated", false),
    ("declared", false),
    ("announced", false),
    ("argued", false),
    ("argues", false),
    ("warned", false),
    ("warns", false),
    ("warning", false),
    ("claimed", false),
    ("claims", false),
    ("insisted", false),
    ("believes", false),
    ("believed", false),
    ("asserted", false),
    ("stressed", false),
    ("explained", false),
    ("according to", false),
    ("denied", true),
    ("denies", true),
    ("deny", true),
];

/// Speculation cues.
pub(crate) const SPECULATION: &[&str] = &[
    "may",
    "might",
    "could",
    "likely",
    "unlikely",
    "would",
    "possibly",
    "possible",
    "potentially",
    "perhaps",
    "reportedly",
    "allegedly",
    "is said to",
    "are said to",
    "was said to",
    "is said not to",
    "are said not to",
    "was said not to",
    "were said to",
    "probably",
    "aim of",
    "risk of",
    "plans to",
    "threat of",
    "prospect of",
    "fears of",
    "whether",
];

/// Negation cues.
pub(crate) const NEGATION: &[&str] = &[
    "not",
    "never",
    "no longer",
    "n't",
    "didn't",
    "did not",
    "does not",
    "doesn't",
    "has not",
    "have not",
    "hasn't",
    "haven't",
    "won't",
    "will not",
    "cannot",
    "can't",
    "neither",
    "nor",
];

/// A title: its words, whether it names a head of state or government (a
/// leader whose office may be resolved by date) and the office substring
/// to look for.
pub(crate) const TITLES: &[(&str, bool, &str)] = &[
    ("President", true, "president"),
    ("Vice President", false, "vice president"),
    ("Prime Minister", true, "prime minister"),
    ("Premier", true, "prime minister"),
    ("PM", true, "prime minister"),
    ("Chancellor", true, "chancellor"),
    ("King", true, "king"),
    ("Queen", true, "queen"),
    ("Emir", true, "emir"),
    ("leader", true, ""),
    ("Supreme Leader", true, "supreme leader"),
    ("Foreign Minister", false, "foreign minister"),
    ("Defense Minister", false, "defense minister"),
    ("Defence Minister", false, "defence minister"),
    ("Foreign Secretary", false, "foreign secretary"),
    ("Secretary of State", false, "secretary of state"),
    ("Secretary of Defense", false, "secretary of defense"),
    ("Defense Secretary", false, "defense secretary"),
    ("Secretary-General", false, "secretary-general"),
    ("Secretary General", false, "secretary-general"),
    ("Minister", false, "minister"),
    ("Ambassador", false, "ambassador"),
    ("envoy", false, "envoy"),
    ("Senator", false, "senator"),
    ("Sen.", false, "senator"),
    ("Rep.", false, "representative"),
    ("Representative", false, "representative"),
    ("MP", false, "mp"),
    ("lawmaker", false, "lawmaker"),
    ("legislator", false, "legislator"),
    ("Gen.", false, "general"),
    ("General", false, "general"),
    ("Admiral", false, "admiral"),
    ("spokesman", false, "spokesman"),
    ("spokeswoman", false, "spokeswoman"),
    ("spokesperson", false, "spokesperson"),
    ("official", false, "official"),
    ("Mr.", false, ""),
    ("Mrs.", false, ""),
    ("Ms.", false, ""),
    ("Dr.", false, ""),
];

/// Weekday names (index 0 = Monday, as [`crate::Date::weekday`]).
pub(crate) const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Month names and abbreviations with their numbers.
pub(crate) const MONTHS: &[(&str, u8)] = &[
    ("January", 1),
    ("February", 2),
    ("March", 3),
    ("April", 4),
    ("May", 5),
    ("June", 6),
    ("July", 7),
    ("August", 8),
    ("September", 9),
    ("October", 10),
    ("November", 11),
    ("December", 12),
    ("Jan.", 1),
    ("Feb.", 2),
    ("Aug.", 8),
    ("Sept.", 9),
    ("Oct.", 10),
    ("Nov.", 11),
    ("Dec.", 12),
];

/// Small words the patterns look at. They are not in the automaton (short
/// words match inside many longer ones: "he" in "the", "as" in "was");
/// the patterns read them from the text next to a trigger or a speech verb.
pub(crate) const FUNCTION_WORDS: &[(&str, Func)] = &[
    ("was", Func::Aux),
    ("were", Func::Aux),
    ("been", Func::Aux),
    ("being", Func::Aux),
    ("is", Func::Aux),
    ("are", Func::Aux),
    ("be", Func::Aux),
    ("by", Func::By),
    ("against", Func::Against),
    ("and", Func::And),
    ("he", Func::Pronoun),
    ("she", Func::Pronoun),
    ("they", Func::Pronoun),
    ("that", Func::That),
    ("but", Func::Clause),
    ("while", Func::Clause),
    ("whereas", Func::Clause),
    ("although", Func::Clause),
    ("when", Func::Clause),
    ("after", Func::Clause),
    ("before", Func::Clause),
    ("because", Func::Clause),
    ("as", Func::Clause),
    ("since", Func::Clause),
    ("who", Func::Clause),
    ("which", Func::Clause),
    ("where", Func::Clause),
    ("if", Func::Clause),
];

/// Function word classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Aux,
    By,
    Against,
    And,
    Pronoun,
    That,
    Clause,
}

/// The cue word classes that are not triggers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    Speech {
        denial: bool,
    },
    Modal(Modality),
    Negation,
    Title(u16),
    Weekday(u8),
    Month(u8),
    /// A collective actor noun ("protesters", "separatists").
    Group(GroupClass),
    /// A definite description ("the country", "the government").
    Definite(Definite),
}

/// Classes of collective actors named by a noun: each gets one actor per
/// place ("Kazakh protesters", "separatists in eastern Ukraine").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum GroupClass {
    Protesters,
    Separatists,
    Rebels,
    Militants,
    Opposition,
    Government,
    /// "the circle around X", "X's inner circle": anchored on a person.
    Circle,
    /// "autocrats", "the junta": a country's government (see
    /// `Doc::rulers`).
    Rulers,
}

impl GroupClass {
    /// The noun used in the group's name.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            GroupClass::Protesters => "protesters",
            GroupClass::Separatists => "separatists",
            GroupClass::Rebels => "rebels",
            GroupClass::Militants => "militants",
            GroupClass::Opposition => "opposition",
            GroupClass::Government => "government",
            GroupClass::Circle => "inner circle",
            GroupClass::Rulers => "government",
        }
    }
}

/// Group nouns. "opposition" counts only with a demonym or "the" before
/// it ("the Belarusian opposition"), not in "its opposition to".
pub(crate) const GROUPS: &[(&str, GroupClass)] = {
    use GroupClass::*;
    &[
        ("protesters", Protesters),
        ("protestors", Protesters),
        ("demonstrators", Protesters),
        ("separatists", Separatists),
        ("separatist forces", Separatists),
        ("separatist fighters", Separatists),
        ("rebels", Rebels),
        ("rebel forces", Rebels),
        ("rebel fighters", Rebels),
        ("insurgents", Rebels),
        ("militants", Militants),
        ("opposition", Opposition),
        ("circle around", Circle),
        ("inner circle", Circle),
        ("autocrats", Rulers),
        ("dictators", Rulers),
        ("strongmen", Rulers),
        ("junta", Rulers),
        ("military junta", Rulers),
        ("ruling junta", Rulers),
    ]
};

/// Classes of events named by a noun and a place ("the unrest in
/// Kazakhstan", "the collapse of the Soviet Union"): within a document,
/// nouns of one class at one place name one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum EventClass {
    /// Unrest, violence, an uprising, a crisis.
    Unrest,
    /// Talks, a summit, a conference.
    Meeting,
    /// A war, fighting.
    War,
    /// The collapse or breakup of a state ("of", not "in").
    Collapse,
    /// An election or a referendum.
    Election,
    /// A coup.
    Coup,
    /// A foreign military deployment or intervention ("Russia's decision
    /// to send paratroopers to Kazakhstan"); never named by a bare noun.
    Intervention,
}

/// English combining forms of country names in compounds ("Russo-Georgian
/// war", "Sino-Indian"), by ISO alpha-3 code; other countries combine by
/// their demonym ("Armenian-Azerbaijani").
pub(crate) const COMBINING_FORMS: &[(&str, &str)] = &[
    ("RUS", "Russo"),
    ("CHN", "Sino"),
    ("FRA", "Franco"),
    ("GBR", "Anglo"),
    ("ITA", "Italo"),
    ("GRC", "Greco"),
    ("TUR", "Turco"),
    ("AUT", "Austro"),
    ("IND", "Indo"),
    ("ESP", "Hispano"),
    ("PRT", "Luso"),
];

/// Event nouns by class.
pub(crate) const EVENT_NOUNS: &[(&str, EventClass)] = {
    use EventClass::*;
    &[
        ("unrest", Unrest),
        ("violence", Unrest),
        ("instability", Unrest),
        ("uprising", Unrest),
        ("riots", Unrest),
        ("turmoil", Unrest),
        ("upheaval", Unrest),
        ("situation", Unrest),
        ("crisis", Unrest),
        ("revolt", Unrest),
        ("talks", Meeting),
        ("negotiations", Meeting),
        ("summit", Meeting),
        ("conference", Meeting),
        ("war", War),
        ("fighting", War),
        ("hostilities", War),
        ("collapse", Collapse),
        ("breakup", Collapse),
        ("break-up", Collapse),
        ("dissolution", Collapse),
        ("election", Election),
        ("elections", Election),
        ("referendum", Election),
        ("coup", Coup),
    ]
};

/// The class of an event noun (ASCII case-insensitive).
pub(crate) fn event_class(word: &str) -> Option<EventClass> {
    EVENT_NOUNS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|&(_, c)| c)
}

/// Definite descriptions that refer back to a country in focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Definite {
    /// "the country": the country itself.
    Country,
    /// "the government", "the authorities", "the regime": its government.
    Government,
    /// "both sides", "the two countries": the last two coordinated actors.
    Pair,
    /// "both leaders", "the two presidents": the last two coordinated people.
    PairOfPeople,
}

/// Definite description phrases.
pub(crate) const DEFINITES: &[(&str, Definite)] = &[
    ("the country", Definite::Country),
    ("the government", Definite::Government),
    ("the authorities", Definite::Government),
    ("the regime", Definite::Government),
    ("both sides", Definite::Pair),
    ("the two sides", Definite::Pair),
    ("both countries", Definite::Pair),
    ("the two countries", Definite::Pair),
    ("both governments", Definite::Pair),
    ("the two governments", Definite::Pair),
    ("both leaders", Definite::PairOfPeople),
    ("the two leaders", Definite::PairOfPeople),
    ("both presidents", Definite::PairOfPeople),
    ("the two presidents", Definite::PairOfPeople),
];

/// Plural nouns after a country name or demonym that make its mention a
/// plural antecedent ("Russian soldiers … they").
pub(crate) const PLURAL_HEADS: &[&str] = &[
    "troops",
    "soldiers",
    "forces",
    "officials",
    "diplomats",
    "leaders",
    "authorities",
    "negotiators",
    "lawmakers",
    "units",
];

/// Personal pronouns resolved to actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pronoun {
    He,
    Him,
    His,
    She,
    Her,
    They,
    Them,
    Their,
}

impl Pronoun {
    /// The pronoun a word is (ASCII case-insensitive).
    pub(crate) fn of(word: &str) -> Option<Pronoun> {
        let p = match word.len() {
            2 if word.eq_ignore_ascii_case("he") => Pronoun::He,
            3 if word.eq_ignore_ascii_case("him") => Pronoun::Him,
            3 if word.eq_ignore_ascii_case("his") => Pronoun::His,
            3 if word.eq_ignore_ascii_case("she") => Pronoun::She,
            3 if word.eq_ignore_ascii_case("her") => Pronoun::Her,
            4 if word.eq_ignore_ascii_case("they") => Pronoun::They,
            4 if word.eq_ignore_ascii_case("them") => Pronoun::Them,
            5 if word.eq_ignore_ascii_case("their") => Pronoun::Their,
            _ => return None,
        };
        Some(p)
    }

    /// Plural ("they") rather than a person.
    pub(crate) fn plural(self) -> bool {
        matches!(self, Pronoun::They | Pronoun::Them | Pronoun::Their)
    }

    /// Female (`Some(true)`), male (`Some(false)`) or either.
    pub(crate) fn female(self) -> Option<bool> {
        match self {
            Pronoun::He | Pronoun::Him | Pronoun::His => Some(false),
            Pronoun::She | Pronoun::Her => Some(true),
            _ => None,
        }
    }

    /// An object form: never the agent of a trigger after it.
    pub(crate) fn object(self) -> bool {
        matches!(self, Pronoun::Him | Pronoun::Them)
    }
}

/// A word of up to 8 bytes, ASCII-lowercased, packed into an integer
/// (little-endian, zero-padded), with its length.
const fn pack_word(w: &[u8]) -> (u64, usize) {
    let mut x = 0u64;
    let mut i = 0;
    while i < w.len() && i < 8 {
        x |= (w[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    (x, w.len())
}

/// [`pack_word`] at run time for words of at most 8 bytes: one load and
/// a SWAR lowercase (only bytes `A`–`Z` change, as `to_ascii_lowercase`).
#[inline]
fn pack_word_fast(w: &[u8]) -> (u64, usize) {
    let mut buf = [0u8; 8];
    let n = w.len().min(8);
    buf[..n].copy_from_slice(&w[..n]);
    (lower_packed(u64::from_le_bytes(buf)), w.len())
}

/// ASCII-lowercases the eight bytes packed in `x` (SWAR: only bytes
/// `A`–`Z` change, as `to_ascii_lowercase`).
#[inline]
fn lower_packed(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let seven = x & LOW7;
    // Bit 7 of each byte: the byte's low 7 bits are >= 'A', >= '[' (no
    // carries: at most 0x7f + 0x3f).
    let ge_a = seven + 0x3f3f_3f3f_3f3f_3f3f;
    let ge_after_z = seven + 0x2525_2525_2525_2525;
    let upper = ge_a & !ge_after_z & !x & HIGH;
    x | (upper >> 2)
}

/// [`FUNCTION_WORDS`] packed for [`func_of`] (built at compile time).
const FUNCTION_WORDS_PACKED: [(u64, usize, Func); FUNCTION_WORDS.len()] = {
    let mut out = [(0u64, 0usize, Func::Aux); FUNCTION_WORDS.len()];
    let mut i = 0;
    while i < FUNCTION_WORDS.len() {
        let (x, n) = pack_word(FUNCTION_WORDS[i].0.as_bytes());
        out[i] = (x, n, FUNCTION_WORDS[i].1);
        i += 1;
    }
    out
};

/// Slots of [`FUNCTION_WORD_TABLE`] (a power of two, well above the
/// number of function words).
const FUNCTION_WORD_SLOTS: usize = 128;

/// The slot of a packed word in [`FUNCTION_WORD_TABLE`].
const fn function_word_slot(x: u64, n: usize) -> usize {
    ((x ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 57) as usize
}

/// [`FUNCTION_WORDS`] of up to 8 bytes as an open-addressing hash table of
/// packed words (built at compile time; length 0 marks an empty slot; the
/// first entry of a repeated word wins, as in a linear search).
const FUNCTION_WORD_TABLE: [(u64, usize, Func); FUNCTION_WORD_SLOTS] = {
    assert!(
        FUNCTION_WORDS_PACKED.len() < FUNCTION_WORD_SLOTS / 2,
        "grow FUNCTION_WORD_SLOTS"
    );
    let mut t = [(0u64, 0usize, Func::Aux); FUNCTION_WORD_SLOTS];
    let mut i = 0;
    while i < FUNCTION_WORDS_PACKED.len() {
        let (x, n, f) = FUNCTION_WORDS_PACKED[i];
        if n > 0 && n <= 8 {
            let mut h = function_word_slot(x, n);
            loop {
                if t[h].1 == 0 {
                    t[h] = (x, n, f);
                    break;
                }
                if t[h].0 == x && t[h].1 == n {
                    break; // a repeat: keep the first
                }
                h = (h + 1) % FUNCTION_WORD_SLOTS;
            }
        }
        i += 1;
    }
    t
};

/// The longest function word, in bytes.
const FUNCTION_WORD_MAX_LEN: usize = {
    let mut m = 0;
    let mut i = 0;
    while i < FUNCTION_WORDS.len() {
        if FUNCTION_WORDS[i].0.len() > m {
            m = FUNCTION_WORDS[i].0.len();
        }
        i += 1;
    }
    m
};

/// The function-word class of a word (ASCII case-insensitive).
///
/// Hot: called for every word of the text, so words of up to 8 bytes
/// compare as packed integers in a small hash table (no string
/// comparisons).
pub(crate) fn func_of(word: &str) -> Option<Func> {
    let b = word.as_bytes();
    if b.is_empty() || b.len() > FUNCTION_WORD_MAX_LEN {
        return None;
    }
    if b.len() > 8 {
        return func_of_long(word);
    }
    if !may_be_function_word(b[0], b.len()) {
        return None;
    }
    let (x, n) = pack_word_fast(b);
    func_of_packed(x, n)
}

/// [`func_of`] for the word at bytes `a..b` of `text` (`a < b`, both
/// char boundaries, as the word index gives them).
///
/// Hot: called for every word of a document. Where the text has eight
/// bytes from `a`, the word is read with one fixed-size load and masked to
/// its length, instead of copying a slice of varying length.
#[inline(always)]
pub(crate) fn func_of_at(text: &str, a: usize, b: usize) -> Option<Func> {
    let bytes = text.as_bytes();
    let n = b.saturating_sub(a);
    if n == 0 || n > FUNCTION_WORD_MAX_LEN {
        return None;
    }
    if n > 8 {
        return func_of_long(text.get(a..b)?);
    }
    if !may_be_function_word(bytes[a], n) {
        return None;
    }
    let Some(eight) = bytes.get(a..a + 8) else {
        return func_of_packed(pack_word_fast(&bytes[a..b]).0, n);
    };
    let mut buf = [0u8; 8];
    buf.copy_from_slice(eight);
    let keep = u64::MAX >> (8 * (8 - n));
    func_of_packed(lower_packed(u64::from_le_bytes(buf) & keep), n)
}

/// Whether a word of `n` (1 to 8) bytes starting with ASCII letter
/// `first` may be a function word: some function word has that first
/// letter and length ("the", "to", "said" have none). Other first bytes
/// pass.
#[inline]
fn may_be_function_word(first: u8, n: usize) -> bool {
    let first = first.to_ascii_lowercase();
    !first.is_ascii_lowercase() || FUNCTION_WORD_SHAPES[(first - b'a') as usize] & (1 << n) != 0
}

/// For each lowercase ASCII first letter, bit `n` is set when a function
/// word of `n` bytes (at most 8) starts with it; all bits when some
/// function word starts with anything else (no filter then).
const FUNCTION_WORD_SHAPES: [u16; 26] = {
    let mut t = [0u16; 26];
    let mut i = 0;
    while i < FUNCTION_WORDS.len() {
        let w = FUNCTION_WORDS[i].0.as_bytes();
        let first = if w.is_empty() {
            0
        } else {
            w[0].to_ascii_lowercase()
        };
        if first.is_ascii_lowercase() {
            if w.len() <= 8 {
                t[(first - b'a') as usize] |= 1 << w.len();
            }
        } else {
            t = [u16::MAX; 26];
            break;
        }
        i += 1;
    }
    t
};

/// [`func_of`] for words longer than 8 bytes (rare: a linear search).
#[cold]
fn func_of_long(word: &str) -> Option<Func> {
    FUNCTION_WORDS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|&(_, f)| f)
}

/// The class of a word of `n` (1 to 8) bytes packed as by [`pack_word`],
/// looked up in [`FUNCTION_WORD_TABLE`].
#[inline]
fn func_of_packed(x: u64, n: usize) -> Option<Func> {
    let mut h = function_word_slot(x, n);
    loop {
        let (y, m, f) = FUNCTION_WORD_TABLE[h];
        if m == 0 {
            return None;
        }
        if y == x && m == n {
            return Some(f);
        }
        h = (h + 1) % FUNCTION_WORD_SLOTS;
    }
}

/// Words allowed between a subject pronoun and its verb ("he did not
/// support", "she has also backed").
pub(crate) const VERB_PREFIX: &[&str] = &[
    "not",
    "never",
    "did",
    "does",
    "do",
    "didn't",
    "doesn't",
    "didn’t",
    "doesn’t",
    "also",
    "has",
    "have",
    "had",
    "would",
    "could",
    "will",
    "may",
    "might",
    "is",
    "was",
    "repeatedly",
    "again",
];

#[cfg(test)]
mod func_tests {
    use super::*;

    fn naive(word: &str) -> Option<Func> {
        FUNCTION_WORDS
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(word))
            .map(|&(_, f)| f)
    }

    #[test]
    fn fast_packing_agrees_with_pack_word() {
        for w in [
            "",
            "a",
            "AZaz@[`{",
            "Who",
            "didn’t",
            "WHEREAS",
            "éÉ9_-",
            "\u{7f}\u{80}",
        ] {
            let b = w.as_bytes();
            let b = &b[..b.len().min(8)];
            assert_eq!(pack_word_fast(b), pack_word(b), "{w:?}");
        }
        for x in 0u8..=255 {
            let b = [x, b'a', x, b'Z'];
            assert_eq!(pack_word_fast(&b), pack_word(&b), "{x}");
        }
    }

    /// `func_of_at` on every word-like range `a..b` of `t` (char
    /// boundaries) against `func_of` on the slice.
    fn check_func_of_at(t: &str) {
        let cuts: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
        for (i, &a) in cuts.iter().enumerate() {
            for &b in &cuts[i + 1..] {
                assert_eq!(func_of_at(t, a, b), func_of(&t[a..b]), "{t:?} {a}..{b}");
            }
        }
    }

    #[test]
    fn func_of_at_agrees_with_func_of() {
        check_func_of_at("");
        check_func_of_at("By the way, WHO said that Against? and");
        check_func_of_at("didn’t whereas however é Ås alth\u{f3}ugh");
        check_func_of_at("the");
        check_func_of_at("xthe");
        for &(w, _) in FUNCTION_WORDS {
            check_func_of_at(w);
            check_func_of_at(&format!("{} {w}", w.to_ascii_uppercase()));
        }
    }

    proptest::proptest! {
        #[test]
        fn func_of_at_agrees_on_any_text(t in "[a-zA-Z ,.'’é字-]{0,24}") {
            check_func_of_at(&t);
        }
    }

    #[test]
    fn packed_lookup_agrees_with_the_table() {
        assert_eq!(func_of("Who"), Some(Func::Clause));
        assert_eq!(func_of("BY"), Some(Func::By));
        assert_eq!(func_of("against"), Some(Func::Against));
        assert_eq!(func_of("whoever"), None);
        assert_eq!(func_of("w"), None);
        assert_eq!(func_of(""), None);
        for &(w, f) in FUNCTION_WORDS {
            assert_eq!(func_of(w), Some(f), "{w}");
            assert_eq!(func_of(&w.to_ascii_uppercase()), Some(f), "{w}");
            let longer = format!("{w}s");
            assert_eq!(func_of(&longer), naive(&longer), "{longer}");
            assert_eq!(func_of(&w[1..]), naive(&w[1..]), "{w}");
        }
        for w in [
            "court",
            "Zed",
            "9as",
            "wh\0",
            "Ås",
            "bé",
            "alth\u{f3}ugh",
            "becauseee",
            "whereasxyz",
            "ａｓ",
        ] {
            assert_eq!(func_of(w), naive(w), "{w:?}");
        }
    }
}

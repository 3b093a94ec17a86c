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
    use Needs::{Aid, Forces, Help};
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
        // Threats.
        ("threatened", K::Threatens, Participle, 0.8, N),
        ("threatens", K::Threatens, Verb, 0.8, N),
        ("threaten", K::Threatens, Verb, 0.75, N),
        ("threatening", K::Threatens, Verb, 0.75, N),
        ("threat to", K::Threatens, Noun, 0.65, N),
        // Repression.
        ("crackdown on", K::Represses, Noun, 0.8, N),
        ("cracked down on", K::Represses, Verb, 0.85, N),
        // Influence.
        ("hegemony over", K::SeeksInfluenceOver, Noun, 0.75, N),
        ("reassert hegemony", K::SeeksInfluenceOver, Verb, 0.75, N),
        ("sphere of influence", K::SeeksInfluenceOver, Noun, 0.6, N),
        ("influence over", K::SeeksInfluenceOver, Noun, 0.65, N),
        ("pressure on", K::SeeksInfluenceOver, Noun, 0.6, N),
        ("pressured", K::SeeksInfluenceOver, Participle, 0.65, N),
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
        // Offers.
        ("offered to", K::OffersSupport, Verb, 0.7, N),
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
        ("appealed to", K::RequestsHelpFrom, Verb, 0.7, N),
        ("turned to", K::RequestsHelpFrom, Verb, 0.55, N),
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
        ("held up", K::Opposes, Verb, 0.6, N),
        // Criticism and accusations.
        ("criticized", K::Criticizes, Participle, 0.85, N),
        ("criticised", K::Criticizes, Participle, 0.85, N),
        ("criticizes", K::Criticizes, Verb, 0.85, N),
        ("condemned", K::Criticizes, Participle, 0.85, N),
        ("condemns", K::Criticizes, Verb, 0.85, N),
        ("denounced", K::Criticizes, Participle, 0.85, N),
        ("slammed", K::Criticizes, Participle, 0.8, N),
        ("exchanged new barbs", K::Criticizes, Verb, 0.7, N),
        ("exchanged barbs", K::Criticizes, Verb, 0.7, N),
        ("accused", K::Accuses, Participle, 0.85, N),
        ("accuses", K::Accuses, Verb, 0.85, N),
        ("blamed", K::Accuses, Participle, 0.8, N),
        ("blames", K::Accuses, Verb, 0.8, N),
        // Sanctions.
        ("sanctioned", K::Sanctions, Participle, 0.85, N),
        ("imposed sanctions on", K::Sanctions, Verb, 0.9, N),
        ("sanctions on", K::Sanctions, Noun, 0.8, N),
        ("sanctions against", K::Sanctions, Noun, 0.8, N),
        // Protest.
        ("protested", K::ProtestsAgainst, Participle, 0.6, N),
        ("protests against", K::ProtestsAgainst, Noun, 0.6, N),
        // Negotiation and meetings.
        ("talks with", K::NegotiatesWith, Noun, 0.8, N),
        ("talks between", K::NegotiatesWith, Noun, 0.8, N),
        ("held talks", K::NegotiatesWith, Noun, 0.8, N),
        ("negotiations with", K::NegotiatesWith, Noun, 0.85, N),
        ("negotiations between", K::NegotiatesWith, Noun, 0.85, N),
        ("negotiated with", K::NegotiatesWith, Verb, 0.85, N),
        ("negotiating with", K::NegotiatesWith, Verb, 0.85, N),
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
    And,
    Pronoun,
    That,
    Clause,
}

/// The cue word classes that are not triggers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    Speech { denial: bool },
    Modal(Modality),
    Negation,
    Title(u16),
    Weekday(u8),
    Month(u8),
}

/// The function-word class of a word (ASCII case-insensitive).
pub(crate) fn func_of(word: &str) -> Option<Func> {
    FUNCTION_WORDS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|&(_, f)| f)
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

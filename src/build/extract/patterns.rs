//! Relation patterns: a trigger (verb, participle or noun from the
//! lexicon) and the actor mentions around it in its sentence.
//!
//! * Active and nominal: the nearest actor left of the trigger is the
//!   agent, the nearest right the patient ("Russian troops invaded
//!   Kazakhstan", "a possible Russian invasion of Ukraine").
//! * Passive: a participle after a form of "be" with "by" after it flips
//!   them ("Georgia was invaded by Russia").
//! * "talks between X and Y": both after the trigger.
//! * Coordinated agents ("The US and NATO have rejected…") each get the
//!   relation; with no patient, a symmetric or reciprocal trigger pairs the
//!   coordinated actors ("Washington and Kiev … cooperation").
//! * Relative clauses ("Kazakhstan, …, who have maintained … ties with
//!   Russia"): the agent is the sentence's first actor.
//! * A trigger right after "and" shares the agent of the previous relation
//!   of its sentence ("both propping up X and undermining Y").
//! * "rejected this request": the patient is who made the last request;
//!   "rejected the accusation": who made the last accusation.
//! * Coordinated patients ("asked about Kazakhstan and Ukraine"); topic
//!   phrases ("asked about", "commenting on") take the sentence's speaker
//!   as agent; "X denied V-ing Y" takes the speaker of the verb.
//! * A subject with an appositive ("Ukraine, a democracy that …, has been
//!   in conflict with Russia") and a fronted agent noun ("A harsh critic of
//!   X, Y said") give the agent.
//! * "by V-ing" ends the object clause; a patient beyond another trigger
//!   belongs to that trigger; a shared agent ("stood by him and offered
//!   to") keeps its beneficiary; a purpose phrase ("with the aim of
//!   launching an invasion") continues the previous relation.
//! * The destination decides deployment kinds ("towards/near X" is a
//!   build-up), "turned to X for help" is a request, attacks on protesters
//!   are repression, protests need people or groups as agents, and a
//!   crackdown on protests against X with no agent is X's.
//!
//! * Inverse predicate nouns ("X is seen as an extension of Y", "a client
//!   state of Y"): Y is the agent, X the patient; "…, as is A and B" adds
//!   patients. Only events affect ("the unrest in X changed …").
//!
//! * A rebuttal with no object ("fired back with a statement") answers
//!   the last speaker before it; a crackdown with no object in a sentence
//!   with protests is by those protested against, on the protesters;
//!   warning or alleging that another actor did something hostile
//!   accuses it ("The US has been warning that X has stationed troops").
//!
//! Speakers (the subject of a speech verb) are never agents or patients of
//! what they report, nor is anything before a speech verb whose report
//! follows it; agent and patient must lie in the same quoted passage (or
//! both outside) as the trigger, except that a passage opening inside its
//! own speaker's reported clause ("she believed the violence in X “is
//! likely to accelerate …”") may take its agent from that clause.

use super::lexicon::{
    AID_NOUNS, FORCE_NOUNS, Form, Func, GroupClass, HELP_NOUNS, Needs, VERB_PREFIX, func_of,
    func_of_at,
};
use super::matcher::What;
use super::mentions::UNRESOLVED;
use super::modality::modality_of;
use super::{Doc, Key, Mention};
use crate::build::gazetteer::EntryRef;
use crate::model::{ActorKind, Relation, RelationKind, Span};

/// Bytes left of a trigger in which the agent is looked for.
const AGENT_WINDOW: u32 = 220;
/// Bytes right of a trigger in which the patient is looked for.
const PATIENT_WINDOW: u32 = 60;

fn needs_met(rest: &str, needs: Needs) -> bool {
    let (list, words) = match needs {
        Needs::None => return true,
        Needs::Forces => (FORCE_NOUNS, 5),
        Needs::Aid => (AID_NOUNS, 5),
        Needs::Help => (HELP_NOUNS, 5),
        Needs::Against => (&["against"][..], 8),
        Needs::Lesson => (&["lesson", "lessons"][..], 5),
    };
    rest.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(words)
        .any(|w| list.iter().any(|n| w.eq_ignore_ascii_case(n)))
}

/// Agent nouns: a fronted "A harsh critic of X, Y said" describes Y.
const AGENT_NOUNS: &[&str] = &["critic ", "ally ", "supporter ", "opponent ", "backer "];

/// Words before a force deployment's destination that make it a build-up
/// near it rather than a deployment to it ("moved troops towards X").
const NEAR_WORDS: &[&str] = &[
    "towards", "toward", "near", "along", "around", "closer", "border", "borders",
];

const ANAPHORIC_REQUESTS: &[&str] = &[
    "this request",
    "that request",
    "the request",
    "this demand",
    "that demand",
    "the demand",
    "these demands",
    "the demands",
    "this proposal",
    "the proposal",
    "this offer",
    "the offer",
    "this call",
    "the call",
];

/// Replaces the contents of a reused list by one item.
fn set_one(v: &mut Vec<Key>, k: Key) {
    v.clear();
    v.push(k);
}

/// `s.to_ascii_lowercase().starts_with(p)` for a lowercase ASCII `p`,
/// without the copy.
fn starts_with_ignore_case(s: &str, p: &str) -> bool {
    s.as_bytes()
        .get(..p.len())
        .is_some_and(|x| x.eq_ignore_ascii_case(p.as_bytes()))
}

/// `s.to_ascii_lowercase().ends_with(p)` for a lowercase ASCII `p`,
/// without the copy.
fn ends_with_ignore_case(s: &str, p: &str) -> bool {
    s.len() >= p.len() && s.as_bytes()[s.len() - p.len()..].eq_ignore_ascii_case(p.as_bytes())
}

/// Byte offset of the first punctuation that ends a trigger's object
/// clause (`, ; : “ ” " (`) in `s`, as `s.find([',', ';', ':', '“', '”',
/// '"', '('])` gives it, found over the bytes: the ASCII marks
/// by a table, the curly quotes (E2 80 9C, E2 80 9D) by their lead byte
/// (a char search decodes every char of the window).
fn first_clause_mark(s: &str) -> Option<usize> {
    /// The ASCII marks and the curly quotes' lead byte.
    static CANDIDATE: [bool; 256] = {
        let mut t = [false; 256];
        let marks = b",;:\"(\xE2";
        let mut i = 0;
        while i < marks.len() {
            t[marks[i] as usize] = true;
            i += 1;
        }
        t
    };
    let b = s.as_bytes();
    b.iter().enumerate().position(|(k, &x)| {
        CANDIDATE[x as usize]
            && (x != 0xE2 || matches!(b.get(k + 1..k + 3), Some([0x80, 0x9C | 0x9D])))
    })
}

/// Whether a trigger is a phrase rather than a single word.
fn trig_text_has_space(t: &str) -> bool {
    t.contains(' ')
}

/// Whether the text between two coordinated actors is "and" ("X and Y",
/// "X, and Y", "X and the Y").
pub(crate) fn is_and_gap(gap: &str) -> bool {
    matches!(gap, " and " | ", and " | " and the " | ", and the ")
}

/// Purpose phrases linking an event noun to the relation before it.
const PURPOSE: &[&str] = &[
    "aim of",
    "intention of",
    "goal of",
    "purpose of",
    "in order to",
    "prelude to",
    "preparation for",
    "preparing for",
];

/// Suffixes that make a name the backer of what follows.
const BACKED: &[&str] = &[
    "-backed ",
    "-supported ",
    "-sponsored ",
    "-funded ",
    "-armed ",
];

/// Nouns for a ruling group ("Russian-backed elites"): the backed actor is
/// the government of the country in focus.
const RULERS: &[&str] = &[
    "elites",
    "elite",
    "government",
    "regime",
    "authorities",
    "leadership",
    "rulers",
];

/// What helpers restore for a government ("helping restore order").
const RESTORED: &[&str] = &["order", "control", "calm", "stability", "security"];

/// Anaphoric accusations: "rejected the claim" answers the last accuser.
const ANAPHORIC_ACCUSATIONS: &[&str] = &[
    "the accusation",
    "these accusations",
    "the allegation",
    "these allegations",
    "the claim",
    "these claims",
    "the charge",
];

/// Whether `gap` may hold a word character (as the function word search
/// sees them: ASCII alphanumerics, apostrophes, any non-ASCII character).
/// A gap without one holds no word.
fn has_word_byte(gap: &str) -> bool {
    gap.bytes()
        .any(|b| !b.is_ascii() || b.is_ascii_alphanumeric() || b == b'\'')
}

/// Whether `w` is one of [`VERB_PREFIX`] (ASCII case ignored). Most words
/// are turned away by their first byte without a comparison.
fn is_verb_prefix(w: &str) -> bool {
    w.as_bytes()
        .first()
        .is_some_and(|&b| VERB_PREFIX_FIRST[b as usize])
        && VERB_PREFIX.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// The first bytes of the [`VERB_PREFIX`] words, in both ASCII cases.
static VERB_PREFIX_FIRST: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < VERB_PREFIX.len() {
        let b = VERB_PREFIX[i].as_bytes()[0];
        t[b.to_ascii_lowercase() as usize] = true;
        t[b.to_ascii_uppercase() as usize] = true;
        i += 1;
    }
    t
};

/// What separates an agent candidate from its trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Barrier {
    /// "who", "which": a relative clause.
    Relative,
    /// Any other subordinating word ("after", "when", "while", "where").
    Clause,
}

impl Doc<'_> {
    /// The first clause word in bytes `from..to`.
    fn barrier(&self, from: u32, to: u32) -> Option<Barrier> {
        // "Russia invaded", "Russia, …": most gaps hold no word character
        // at all, so no clause word (nor a part of one) lies in them.
        if !has_word_byte(self.span_text(from, to)) {
            return None;
        }
        self.func_words(from, to, Func::Clause)
            .map(|(s, e)| {
                let w = self.span_text(s, e);
                if w.eq_ignore_ascii_case("who") || w.eq_ignore_ascii_case("which") {
                    Barrier::Relative
                } else {
                    Barrier::Clause
                }
            })
            .next()
    }

    /// Where the clause after a trigger ends: the next clause word, comma,
    /// semicolon, colon or quote mark.
    fn clause_end(&self, from: u32, se: u32) -> u32 {
        let look = se.min(from + 2 * PATIENT_WINDOW);
        let mut by_word = self
            .func_words(from, look, Func::Clause)
            .next()
            .map_or(se, |(s, _)| s);
        // "by (both) propping up X": a means clause, not the object.
        if let Some((bs, be)) = self.func_words(from, by_word.min(look), Func::By).next() {
            let mut w = self.word_after(be);
            if w.is_some_and(|(a, b)| {
                matches!(self.span_text(a, b), "both" | "either" | "also" | "not")
            }) {
                w = w.and_then(|(_, b)| self.word_after(b));
            }
            if w.is_some_and(|(a, b)| self.span_text(a, b).ends_with("ing")) {
                by_word = bs;
            }
        }
        let rest = self.span_text(from, by_word);
        first_clause_mark(rest).map_or(by_word, |k| from + k as u32)
    }

    /// "he supported", "she did not support": a subject pronoun right
    /// before the trigger (maybe with an auxiliary or negation between).
    /// `prev` is the word right before the trigger (as
    /// [`Doc::word_before`] gives it: the caller has it already).
    fn pronoun_before(&self, ss: u32, prev: Option<(u32, u32)>) -> Option<u32> {
        let mut word = prev;
        for step in 0..3 {
            if step > 0 {
                word = word.and_then(|(s, _)| self.word_before(s));
            }
            let (s, e) = word.filter(|w| w.0 >= ss)?;
            let w = self.span_text(s, e);
            if w.eq_ignore_ascii_case("he") || w.eq_ignore_ascii_case("she") {
                return Some(s);
            }
            if !is_verb_prefix(w) {
                return None;
            }
        }
        None
    }

    /// The function word class of the word `w` (a span), as
    /// [`Doc::is_func_word`] tests it: `self.func_class(w) == Some(f)`
    /// exactly when `self.is_func_word(w, f)`, so one lookup answers
    /// several classes.
    fn func_class(&self, w: Option<(u32, u32)>) -> Option<Func> {
        let (s, e) = w?;
        let (a, b) = (s as usize, e as usize);
        if self.text.get(a..b).is_some() {
            func_of_at(self.text, a, b)
        } else {
            func_of(self.span_text(s, e))
        }
    }

    /// The subject of the sentence when the trigger's own left context has
    /// none: a fronted predicate noun ("A harsh critic of X, Green said")
    /// or a subject with an appositive ("Ukraine, a democracy that …, has
    /// been in conflict with Russia").
    /// Returns the subject and whether it has an appositive (then it
    /// overrides actors inside the appositive).
    fn sentence_subject(
        &self,
        ss: u32,
        t: (u32, u32),
        is_noun: bool,
        ms: &[Mention],
    ) -> Option<(Key, bool)> {
        let head = self.span_text(ss, t.0);
        let trig = self.span_text(t.0, t.1);
        let agentive = AGENT_NOUNS.iter().any(|n| {
            trig.get(..n.len())
                .is_some_and(|x| x.eq_ignore_ascii_case(n))
        });
        if is_noun && agentive && !head.contains(',') {
            // Fronted: the subject opens the clause after the comma.
            let after = self.span_text(t.1, (t.1 + 90).min(self.sentences_end(ss)));
            let comma = t.1 + after.find(", ")? as u32 + 2;
            return ms
                .iter()
                .find(|m| m.start == comma && m.pronoun.is_none())
                .map(|m| (m.key, false));
        }
        // "X, <appositive>, <trigger>": X opens the sentence.
        let first = ms.iter().find(|m| m.start >= ss && m.pronoun.is_none())?;
        let lead = self.span_text(ss, first.start);
        if !(lead.is_empty() || lead == "The " || lead == "the ") {
            return None;
        }
        let rest = self.span_text(first.end, t.0);
        let body = rest.strip_prefix(", ")?;
        let close = body.find(", ")?;
        let tail = &body[close + 2..];
        let tail_start = t.0 - tail.len() as u32;
        let clean = tail.len() <= 40
            && !tail.contains([',', ';', '“', '”', '"'])
            && !ms.iter().any(|m| m.start >= tail_start && m.end <= t.0);
        (clean && close <= 160).then_some((first.key, true))
    }

    /// The end of the sentence containing byte `ss` (its start).
    fn sentences_end(&self, ss: u32) -> u32 {
        self.sentence_of(ss)
            .map_or(ss, |si| self.sentences[si].end as u32)
    }

    /// Appends to `out` the first right-hand patient and the actors
    /// coordinated with it ("about Kazakhstan and Ukraine", "X, Y and Z").
    fn coordinated_from(&self, ms: &[Mention], r: usize, quote: Option<usize>, out: &mut Vec<Key>) {
        out.push(ms[r].key);
        let first = out.len();
        // The list up to its last "and"-joined actor.
        let mut keep = first;
        for k in r + 1..ms.len() {
            let gap = self.span_text(ms[k - 1].end, ms[k].start);
            let is_and = is_and_gap(gap) || ms[k - 1].start == ms[k].start;
            if !(is_and || gap == ", ") || ms[k].speaker || self.quote_at(ms[k].start) != quote {
                break;
            }
            out.push(ms[k].key);
            if is_and {
                keep = out.len();
            }
        }
        // A comma list counts only when an "and" closes it; ", and" right
        // after the first actor joins clauses, not actors.
        if self
            .span_text(ms[r].end, ms.get(r + 1).map_or(ms[r].end, |m| m.start))
            .starts_with(", and")
        {
            keep = first;
        }
        out.truncate(keep);
    }

    /// "Russian-backed separatists", "Kremlin-funded media": the name
    /// before "-backed" supports the actor the phrase names.
    fn backed_relations(&mut self, si: usize, h0: usize, h1: usize, ms: &[Mention]) {
        for i in h0..h1 {
            let h = self.hits[i];
            let What::Entity { actor, .. } = h.what else {
                continue;
            };
            if self.text.as_bytes().get(h.end as usize) != Some(&b'-') {
                continue;
            }
            let rest = self.span_text(h.end, (h.end + 40).min(self.text.len() as u32));
            let Some(after) = BACKED.iter().find_map(|b| rest.strip_prefix(b)) else {
                continue;
            };
            let from = h.end + (rest.len() - after.len()) as u32;
            // The backed actor follows, maybe after an adjective or two.
            let named = ms
                .iter()
                .find(|m| m.start >= from && m.start - from <= 25 && m.pronoun.is_none())
                .filter(|m| !self.span_text(from, m.start).contains([',', ';', '.']))
                .map(|m| m.key);
            // "Russian-backed elites", "a Kremlin-backed regime": the
            // government of the country in focus.
            let dst = match named {
                Some(k) => k,
                None => match self.backed_government(si, from, actor) {
                    Some(k) => k,
                    None => continue,
                },
            };
            let src = Key::Gaz(actor);
            let (speaker, reported, denial) = self.attribution(si, h.start);
            let modality = modality_of(reported, denial, Default::default());
            let mut r = Relation::new(self.id(src), RelationKind::Supports, self.id(dst))
                .with_modality(modality)
                .with_confidence(0.8)
                .with_evidence(self.sentence_evidence(si));
            if let Some(sp) = speaker {
                r.asserted_by = Some(self.id(sp));
            }
            self.push_relation(src, dst, speaker, r);
        }
    }

    /// "X-backed elites" (`from` is where "elites" starts): the government
    /// of the country of the nearest actor before it in this sentence or
    /// the three before, when the noun names a ruling group and that
    /// country is not the backer's.
    fn backed_government(&mut self, si: usize, from: u32, backer: u32) -> Option<Key> {
        let (ws, we) = self.word_after(from)?;
        let noun = self.span_text(ws, we);
        if ws != from || !RULERS.iter().any(|r| r.eq_ignore_ascii_case(noun)) {
            return None;
        }
        let own = self.g.country_of(backer);
        self.focus_government(si, from, |c| Some(c) != own)
    }

    /// The government of the country of the nearest actor before `pos` in
    /// sentence `si` or the three before whose country passes `ok`.
    fn focus_government(&mut self, si: usize, pos: u32, ok: impl Fn(u32) -> bool) -> Option<Key> {
        let first = self.sent_mentions[si.saturating_sub(3)].0 as usize;
        let last = self.sent_mentions[si].1 as usize;
        let c = self.mentions[first..last]
            .iter()
            .rev()
            .filter(|m| m.start < pos && m.pronoun.is_none() && m.key != UNRESOLVED)
            .filter_map(|m| self.country_key(m.key))
            .find(|&c| ok(c))?;
        Some(self.group(GroupClass::Government, Key::Gaz(c), None))
    }

    /// For an agent `ms[a]` that opens an object relative clause ("Both X
    /// and Y are countries that A tried to keep …"): the actors coordinated
    /// in the subject before the relative word.
    fn relative_antecedent_subject(
        &self,
        ms: &[Mention],
        a: usize,
        quote: Option<usize>,
    ) -> Option<Vec<Key>> {
        let (pe, ps) = (ms[a - 1].end, ms[a].start);
        let rel = self
            .func_words(pe, ps, Func::That)
            .chain(
                self.func_words(pe, ps, Func::Clause)
                    .filter(|&(s, e)| matches!(self.span_text(s, e), "which" | "whom")),
            )
            .next()?;
        // Only "are countries that": no clause boundary before the
        // relative word.
        if self
            .span_text(pe, rel.0)
            .contains([',', ';', '“', '”', '"'])
        {
            return None;
        }
        let mut k = a - 1;
        while k > 0 && is_and_gap(self.span_text(ms[k - 1].end, ms[k].start)) {
            k -= 1;
        }
        let mut out: Vec<Key> = Vec::new();
        self.coordinated_from(ms, k, quote, &mut out);
        out.retain(|&x| x != ms[a].key);
        (!out.is_empty()).then_some(out)
    }

    /// Extracts the relations of sentence `si`.
    pub(crate) fn sentence_relations(&mut self, si: usize) {
        // The sentence's resolved mentions, in a buffer reused across
        // sentences.
        let mut ms = std::mem::take(&mut self.scratch_mentions);
        ms.clear();
        let (m0, m1) = self.sent_mentions[si];
        ms.extend(
            self.mentions[m0 as usize..m1 as usize]
                .iter()
                .filter(|m| m.key != UNRESOLVED)
                .copied(),
        );
        if !ms.is_empty() {
            self.relations_of(si, &ms);
        } else {
            // "Anger at Russian-backed elites": the backed government may
            // be the only actor of its sentence.
            let (h0, h1) = self.sent_hits[si];
            self.backed_relations(si, h0 as usize, h1 as usize, &ms);
        }
        self.scratch_mentions = ms;
    }

    /// The relations of sentence `si`, whose resolved mentions are `ms`.
    fn relations_of(&mut self, si: usize, ms: &[Mention]) {
        let s = self.sentences[si];
        let (ss, se) = (s.start as u32, s.end as u32);
        let (h0, h1) = self.sent_hits[si];
        let (h0, h1) = (h0 as usize, h1 as usize);
        let mut prev_agent: Option<Key> = None;
        let mut prev_patient: Option<Key> = None;
        let mut prev_end = ss;
        // Relations of this sentence start here ("protests … crackdown").
        let rel_start = self.relations.len();
        self.backed_relations(si, h0, h1, ms);
        let mut dates: Option<Vec<(u32, crate::model::Date)>> = None;
        // Per-trigger lists, reused (cleared) for each trigger and kept
        // in `self` for the next sentence.
        let (mut agents, mut patients, mut pairs) = std::mem::take(&mut self.scratch_roles);
        agents.clear();
        patients.clear();
        pairs.clear();
        for i in h0..h1 {
            let t = self.hits[i];
            let What::Trigger(tr) = t.what else { continue };
            if ms.iter().any(|m| m.start < t.end && t.start < m.end) {
                continue; // inside a mention ("Secretary of State")
            }
            // Only events affect: skip the rest without one in the sentence.
            if tr.kind == RelationKind::Affects
                && !ms.iter().any(|m| {
                    matches!(m.key, Key::Person(_)) && self.actor(m.key).kind() == ActorKind::Event
                })
            {
                continue;
            }
            // "backing down", "backed away": a particle changes the verb.
            if tr.form != Form::Noun
                && !trig_text_has_space(self.span_text(t.start, t.end))
                && self.word_after(t.end).is_some_and(|(a, b)| {
                    let w = self.span_text(a, b);
                    ["down", "away", "off"]
                        .iter()
                        .any(|p| w.eq_ignore_ascii_case(p))
                })
            {
                continue;
            }
            if !needs_met(self.span_text(t.end, se), tr.needs) {
                continue;
            }
            let quote = self.quote_at(t.start);
            // A partial quote inside reported speech ("she believed the
            // violence in X “is likely to accelerate …”"): its agent may
            // stand before it, in the same speaker's reported clause.
            let partial = quote.and_then(|q| self.partial_quote_floor(si, q));
            // What a speech verb reports starts after it: its subject
            // ("X and Y warned that any intervention …") takes no part.
            let floor = if quote.is_none() {
                self.reported_floor(si, t.start)
            } else {
                0
            };
            let ok = |m: &Mention, d: &Doc<'_>| {
                !m.speaker
                    && m.start >= floor
                    && match d.quote_at(m.start) {
                        x if x == quote => true,
                        None => partial.is_some_and(|(f, qs)| m.start >= f && m.start < qs),
                        _ => false,
                    }
            };
            let trig_text = self.span_text(t.start, t.end);
            let mut confidence = tr.reliability;

            // Passive: "was invaded by".
            let prev = self.word_before(t.start);
            // Its function word class, found once for the tests below.
            let prev_class = self.func_class(prev);
            let prev_is_and = prev_class == Some(Func::And);
            let aux_before = prev_class == Some(Func::Aux)
                || prev.is_some_and(|(ps, pe)| {
                    self.span_text(ps, pe).ends_with("ly")
                        && self.is_func_word(self.word_before(ps), Func::Aux)
                });
            let passive_by = if tr.form == Form::Participle && aux_before {
                self.func_words(t.end, (t.end + 40).min(se), Func::By)
                    .next()
                    .map(|(_, e)| e)
            } else {
                None
            };

            let is_noun = tr.form == Form::Noun;
            let agent_window = if is_noun { 75 } else { AGENT_WINDOW };
            let subject = |m: &Mention| !m.pronoun.is_some_and(super::lexicon::Pronoun::object);
            let left = ms.iter().rposition(|m| {
                m.end <= t.start && t.start - m.end <= agent_window && ok(m, self) && subject(m)
            });
            // The patient lies before the next clause boundary.
            let limit = self.clause_end(t.end, se);
            let patient_window = match tr.needs {
                Needs::None
                    if is_noun || trig_text.ends_with(" of") || trig_text.ends_with(" to") =>
                {
                    45
                }
                Needs::None => PATIENT_WINDOW,
                _ => 90,
            };
            // "protests (in X) against Y": the patient follows "against".
            let from = if tr.needs == Needs::Against {
                match self.func_words(t.end, limit, Func::Against).next() {
                    Some((_, e)) => e,
                    None => continue,
                }
            } else {
                t.end
            };
            // A patient beyond another trigger belongs to that one
            // ("crackdown on protests against the government").
            let next_trigger = self.hits[i + 1..h1]
                .iter()
                .find(|h| matches!(h.what, What::Trigger(_)))
                .map_or(se, |h| h.start);
            let right = ms.iter().position(|m| {
                m.start >= from
                    && m.start < limit
                    && m.start <= next_trigger
                    && m.start - from <= patient_window
                    && ok(m, self)
            });
            // "he supported": the pronoun's antecedent, else the speaker.
            let pronoun_agent = self.pronoun_before(ss, prev).and_then(|pos| {
                ms.iter()
                    .find(|m| m.start == pos && m.pronoun.is_some())
                    .map(|m| m.key)
                    .or_else(|| self.attribution(si, t.start).0)
            });
            agents.clear();
            patients.clear();
            if let Some(r) = right {
                self.coordinated_from(ms, r, quote, &mut patients);
            }

            let mut patient: Option<Key>;
            if let Some(by_end) = passive_by {
                let agent = ms
                    .iter()
                    .find(|m| m.start >= by_end && ok(m, self))
                    .map(|m| m.key);
                agents.extend(agent);
                patient = left.map(|l| ms[l].key);
                patients.clear();
                confidence *= 0.95;
            } else if ends_with_ignore_case(trig_text, "between") {
                let Some(r) = right else { continue };
                let second = ms[r + 1..]
                    .iter()
                    .find(|m| ok(m, self) && m.start - ms[r].end <= 40)
                    .map(|m| m.key);
                agents.push(ms[r].key);
                patient = second;
                patients.clear();
            } else if tr.form == Form::Inverse {
                // "X is seen as an extension of Y, as is A, B and C".
                let Some(r) = right else { continue };
                agents.push(ms[r].key);
                patient = left.map(|l| ms[l].key);
                patients.clear();
                patients.extend(patient);
                let after = self.span_text(ms[r].end, limit.max(se));
                let more = [", as is ", ", as are ", " as is ", " as are "]
                    .iter()
                    .find_map(|p| after.strip_prefix(p));
                if let (Some(rest), Some(_)) = (more, patient) {
                    let pos = ms[r].end + (after.len() - rest.len()) as u32;
                    if let Some(k) = ms.iter().position(|m| m.start == pos && ok(m, self)) {
                        self.coordinated_from(ms, k, quote, &mut patients);
                    }
                }
            } else if tr.form == Form::Topic {
                // "When asked about X and Y, Z said": Z speaks about them.
                let (a, b) = self.sent_speech[si];
                let speaker = self.speech[a as usize..b as usize]
                    .iter()
                    .find_map(|sp| sp.speaker);
                agents.extend(speaker.or(left.map(|l| ms[l].key)));
                patient = patients.first().copied();
            } else {
                let mut agent_idx = left;
                // A clause boundary between the agent and the trigger.
                if let Some(l) = left {
                    match self.barrier(ms[l].end, t.start) {
                        Some(Barrier::Relative) if !is_noun => {
                            // "Kazakhstan, …, who have maintained ties with Russia".
                            agent_idx = ms.iter().position(|m| m.end <= t.start && ok(m, self));
                            confidence *= 0.85;
                        }
                        Some(_) => agent_idx = None,
                        None => {}
                    }
                }
                if let Some(p) = pronoun_agent {
                    agents.push(p);
                }
                // "… and undermining": share the previous agent.
                if prev_is_and {
                    if let Some(a) = prev_agent {
                        agents.push(a);
                    }
                }
                if agents.is_empty() {
                    if let Some(a) = agent_idx {
                        agents.push(ms[a].key);
                        // Coordinated agents: "X and Y", "X, Y and Z".
                        let mut k = a;
                        let mut saw_and = false;
                        while k > 0 {
                            let gap = self.span_text(ms[k - 1].end, ms[k].start);
                            // ", and" joins actors only at the end of a list
                            // ("X, Y, and Z"), else it joins clauses.
                            let list_before =
                                k >= 2 && self.span_text(ms[k - 2].end, ms[k - 1].start) == ", ";
                            // "both sides": two actors at one span.
                            let is_and = (is_and_gap(gap)
                                && (!gap.starts_with(',') || list_before))
                                || ms[k - 1].start == ms[k].start;
                            if (is_and || (gap == ", " && saw_and)) && ok(&ms[k - 1], self) {
                                saw_and |= is_and;
                                agents.push(ms[k - 1].key);
                                k -= 1;
                            } else {
                                break;
                            }
                        }
                        if t.start - ms[a].end > 120 {
                            confidence *= 0.85;
                        }
                    }
                }
                // The sentence's subject: a fronted predicate noun or a
                // subject with an appositive before the trigger.
                let from_left = pronoun_agent.is_none() && !prev_is_and;
                if agents.is_empty() || from_left {
                    match self.sentence_subject(ss, (t.start, t.end), is_noun, ms) {
                        Some((sub, true)) => set_one(&mut agents, sub),
                        Some((sub, false)) if agents.is_empty() => agents.push(sub),
                        _ => {}
                    }
                }
                let mut p = right.map(|r| ms[r].key);
                // "stood by him … and offered to send troops": a shared
                // agent keeps its beneficiary.
                if p.is_none()
                    && prev_is_and
                    && matches!(
                        tr.kind,
                        RelationKind::OffersSupport
                            | RelationKind::Supports
                            | RelationKind::ProvidesAidTo
                    )
                {
                    p = prev_patient;
                    if let Some(x) = p {
                        set_one(&mut patients, x);
                    }
                }
                if p.is_none() && tr.kind == RelationKind::Rejects {
                    let from = self.skip_spaces(t.end);
                    let mut to = se.min(from + 24);
                    while !self.text.is_char_boundary(to as usize) {
                        to -= 1;
                    }
                    let after = self.span_text(from, to).to_ascii_lowercase();
                    if ANAPHORIC_REQUESTS.iter().any(|a| after.starts_with(a)) {
                        p = self.last_request;
                        confidence *= 0.85;
                    } else if ANAPHORIC_ACCUSATIONS.iter().any(|a| after.starts_with(a)) {
                        // "rejected the accusation": the last accuser.
                        p = self.coref.last_accuser;
                        confidence *= 0.85;
                    }
                }
                // "The ministry fired back with a statement": a rebuttal
                // with no object answers the last speaker before it.
                // (What follows is not its object: "fired back with a
                // statement referring to past US wars".)
                if !agents.is_empty()
                    && tr.kind == RelationKind::Criticizes
                    && trig_text.ends_with("back")
                {
                    p = self.previous_speaker(si).filter(|s| !agents.contains(s));
                    if let Some(x) = p {
                        set_one(&mut patients, x);
                    }
                    confidence *= 0.85;
                }
                // "countries that Putin has tried to keep under Moscow's
                // influence": the possessor is no patient; the patients
                // are the subject of the clause the relative clause ends.
                if tr.kind == RelationKind::SeeksInfluenceOver && trig_text.ends_with(" under") {
                    let possessor = right.is_some_and(|r| {
                        let after = self.span_text(ms[r].end, (ms[r].end + 4).min(se));
                        after.starts_with("'s") || after.starts_with("’s")
                    });
                    if p.is_none() || possessor {
                        p = None;
                        patients.clear();
                        if let Some(a) = agent_idx.filter(|&a| a > 0 && agents.contains(&ms[a].key))
                        {
                            if let Some(subj) = self.relative_antecedent_subject(ms, a, quote) {
                                patients = subj;
                                p = patients.first().copied();
                            }
                        }
                    }
                }
                // "Russian troops were helping restore order": help to
                // the government of the country in focus (not the
                // helper's).
                if p.is_none()
                    && tr.kind == RelationKind::ProvidesAidTo
                    && trig_text.ends_with("restore")
                    && self.word_after(t.end).is_some_and(|(a, b)| {
                        let w = self.span_text(a, b);
                        RESTORED.iter().any(|r| r.eq_ignore_ascii_case(w))
                    })
                {
                    let own: Vec<u32> =
                        agents.iter().filter_map(|&a| self.country_key(a)).collect();
                    p = self.focus_government(si, t.start, |c| !own.contains(&c));
                    patients = p.into_iter().collect();
                    confidence *= 0.85;
                }
                // "stationed troops near X with the aim of launching an
                // invasion": the purpose continues the previous relation.
                if let (None, true, Some(pa), Some(pp)) = (p, is_noun, prev_agent, prev_patient) {
                    let between = self.span_text(prev_end, t.start).to_ascii_lowercase();
                    if PURPOSE.iter().any(|w| between.contains(w)) {
                        set_one(&mut agents, pa);
                        p = Some(pp);
                        set_one(&mut patients, pp);
                        confidence *= 0.85;
                    }
                }
                patient = p;
            }
            // "a crackdown on protests against the government": those the
            // protests are against crack down on them.
            if let (true, RelationKind::Represses, Some(r)) = (agents.is_empty(), tr.kind, right) {
                if self.is_protesters(ms[r].key) {
                    let target = ms[r + 1..].iter().find(|m| {
                        m.start < limit.max(se)
                            && ok(m, self)
                            && self
                                .func_words(ms[r].end, m.start, Func::Against)
                                .next()
                                .is_some()
                    });
                    if let Some(m) = target.filter(|m| m.start - ms[r].end <= 40) {
                        agents.push(m.key);
                        confidence *= 0.8;
                    }
                }
            }
            // "When protests broke out against X, Russia stood by him in a
            // brutal crackdown": with no patient, a crackdown is by those
            // the sentence's protests are against, on the protesters.
            // A bare "crackdown" counts only so.
            let bare = trig_text.eq_ignore_ascii_case("crackdown");
            let mut adjunct = false;
            if tr.kind == RelationKind::Represses && is_noun && (patient.is_none() || bare) {
                let protest = (rel_start..self.relations.len())
                    .rev()
                    .find(|&k| self.relations[k].kind == RelationKind::ProtestsAgainst)
                    .map(|k| self.keys_of_relations[k]);
                match protest {
                    Some((g, x)) => {
                        set_one(&mut agents, x);
                        patient = Some(g);
                        set_one(&mut patients, g);
                        confidence *= 0.85;
                        // Not the agent of what follows ("and offered to").
                        adjunct = true;
                    }
                    None if bare => continue,
                    None => {}
                }
            }
            // "X denied backing Y": the speaker of a verb right before the
            // trigger is its agent.
            if agents.is_empty() && passive_by.is_none() {
                let (a, b) = self.sent_speech[si];
                let speaker = self.speech[a as usize..b as usize].iter().find_map(|sp| {
                    let gap = self.span_text(sp.verb_start, t.start);
                    // At most two words: no third (the gap may be long).
                    let near = sp.verb_start < t.start
                        && gap.split_whitespace().nth(2).is_none()
                        && !gap.contains([',', '“', '"']);
                    near.then_some(sp.speaker).flatten()
                });
                agents.extend(speaker);
            }
            // "Putin's conquest of Crimea": a leader's possessive before a
            // territorial or military act names the state that acts.
            if is_noun && STATE_ACTS.contains(&tr.kind) {
                for a in agents.iter_mut() {
                    if let Some(c) = self.possessive_leader_state(*a, t.start, ms) {
                        *a = c;
                    }
                }
            }
            // Only events affect ("the unrest in X changed …").
            if tr.kind == RelationKind::Affects {
                agents.retain(|&a| self.actor(a).kind() == ActorKind::Event);
            }
            // Protests are made by people and groups, not by states.
            if tr.kind == RelationKind::ProtestsAgainst && is_noun {
                agents.retain(|&a| {
                    self.is_group(a)
                        || matches!(self.actor(a).kind(), ActorKind::Person | ActorKind::Leader)
                });
            }
            if agents.is_empty() {
                continue;
            }
            if !adjunct {
                prev_agent = agents.first().copied();
                prev_patient = patient;
                prev_end = t.end;
            }
            if patients.is_empty() {
                patients.extend(patient);
            }
            // The destination decides between deploying to and massing near.
            let mut kind = tr.kind;
            if let (Needs::Forces, Some(r)) = (tr.needs, right) {
                let between = self.span_text(t.end, ms[r].start);
                if between
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| NEAR_WORDS.iter().any(|n| n.eq_ignore_ascii_case(w)))
                {
                    kind = RelationKind::MassesForcesNear;
                }
            }
            // "turned to X for help": a request for help.
            if let (RelationKind::CooperatesWith, Some(r)) = (kind, right) {
                let after = self.span_text(ms[r].end, (ms[r].end + 20).min(se));
                if after.strip_prefix(" for ").is_some_and(|w| {
                    HELP_NOUNS
                        .iter()
                        .any(|n| w.get(..n.len()).is_some_and(|x| x.eq_ignore_ascii_case(n)))
                }) {
                    kind = RelationKind::RequestsHelpFrom;
                }
            }

            // Attribution, modality, negation, date.
            let (speaker, reported, denial) = self.attribution(si, t.start);
            let floor = self
                .quote_at(t.start)
                .map_or(ss, |q| self.quotes[q].start.max(ss));
            let cues = self.cues(h0, i, floor);
            let modality = modality_of(reported, denial, cues);
            if cues.speculation {
                confidence *= 0.9;
            }
            let sentence_dates = dates.get_or_insert_with(|| self.date_expressions(si));
            let date = super::dates::nearest(sentence_dates, t.start);
            let sentence_span = Span { start: ss, end: se };

            pairs.clear();
            let reciprocal = agents.len() >= 2
                && (tr.kind.is_symmetric() || starts_with_ignore_case(trig_text, "exchanged"));
            match patient {
                Some(_) if !reciprocal => {
                    for &a in &agents {
                        pairs.extend(patients.iter().map(|&p| (a, p)));
                    }
                }
                _ if agents.len() >= 2 => {
                    // Reciprocal: "Washington and Moscow exchanged barbs".
                    let (a, b) = (agents[1], agents[0]);
                    pairs.push((a, b));
                    if !tr.kind.is_symmetric() {
                        pairs.push((b, a));
                    }
                    confidence *= 0.9;
                }
                _ => {}
            }
            for &(a, b) in &pairs {
                if a == b {
                    continue;
                }
                // Violence against protesters is repression.
                let kind = if kind == RelationKind::Attacks && self.is_protesters(b) {
                    RelationKind::Represses
                } else {
                    kind
                };
                if kind == RelationKind::Accuses {
                    self.coref.last_accuser = Some(a);
                }
                if matches!(
                    tr.kind,
                    RelationKind::Demands
                        | RelationKind::RequestsHelpFrom
                        | RelationKind::OffersSupport
                ) {
                    self.last_request = Some(a);
                }
                let conf = confidence.clamp(0.05, 0.99);
                // Most repeats merge: check before building the relation.
                let key = (a, kind as u8, b, speaker, modality as u8, cues.negated);
                if !self.merge_relation(key, conf, date, sentence_span) {
                    let mut r = Relation::new(self.id(a), kind, self.id(b))
                        .with_modality(modality)
                        .with_confidence(conf)
                        .with_evidence(self.sentence_evidence(si));
                    r.negated = cues.negated;
                    r.date = date;
                    if let Some(sp) = speaker {
                        if sp != a || reported {
                            r.asserted_by = Some(self.id(sp));
                        }
                    }
                    self.push_relation(a, b, speaker, r);
                }
                // "The US has been warning that Putin has stationed troops
                // near Ukraine": warning of a hostile act accuses its agent.
                if let Some(sp) = speaker.filter(|&sp| {
                    sp != a
                        && !cues.speculation
                        && !cues.negated
                        && HOSTILE.contains(&kind)
                        && self.quote_at(t.start).is_none()
                        && self.warning_speech(si, t.start)
                }) {
                    let r = Relation::new(self.id(sp), RelationKind::Accuses, self.id(a))
                        .with_confidence((confidence * 0.8).clamp(0.05, 0.99))
                        .with_evidence(self.sentence_evidence(si));
                    self.push_relation(sp, a, None, r);
                }
            }
        }
        self.scratch_roles = (agents, patients, pairs);
    }

    /// The state of a gazetteer leader `a` named in the possessive right
    /// before a trigger at `t_start` ("Putin's conquest of", "Erdogan's
    /// 2019 incursion into"), at most two words between.
    fn possessive_leader_state(&self, a: Key, t_start: u32, ms: &[Mention]) -> Option<Key> {
        let Key::Gaz(l) = a else { return None };
        if !matches!(self.g.entry_ref(l), Some(EntryRef::Leader(_))) {
            return None;
        }
        let m = ms.iter().rev().find(|m| m.key == a && m.end <= t_start)?;
        let gap = self.span_text(m.end, t_start);
        let rest = gap
            .strip_prefix("'s ")
            .or_else(|| gap.strip_prefix("’s "))?;
        let plain = rest.len() <= 24
            && !rest.contains([',', ';', '“', '”', '"', '(', '\''])
            && rest.split_whitespace().count() <= 2;
        plain.then(|| self.g.country_of(l)).flatten().map(Key::Gaz)
    }

    /// Whether `pos` lies in what a warning or allegation verb reports
    /// ("warned that …", "alleged that …").
    fn warning_speech(&self, si: usize, pos: u32) -> bool {
        let (a, b) = self.sent_speech[si];
        self.speech[a as usize..b as usize].iter().any(|sp| {
            sp.scope.0 <= pos && pos < sp.scope.1 && {
                let v = self.span_text(sp.verb_start, (sp.verb_start + 4).min(sp.scope.1));
                v.eq_ignore_ascii_case("warn") || v.eq_ignore_ascii_case("alle")
            }
        })
    }

    /// Where the forward scope of the speech verb reporting `pos` starts
    /// ("X warned that …"), else 0.
    fn reported_floor(&self, si: usize, pos: u32) -> u32 {
        let (a, b) = self.sent_speech[si];
        self.speech[a as usize..b as usize]
            .iter()
            .find(|sp| sp.verb_start < sp.scope.0 && sp.scope.0 <= pos && pos < sp.scope.1)
            .map_or(0, |sp| sp.scope.0)
    }

    /// The last named speaker of the two sentences before `si`.
    fn previous_speaker(&self, si: usize) -> Option<Key> {
        let (a, _) = self.sent_speech[si];
        let (first, _) = self.sent_speech[si.saturating_sub(2)];
        self.speech[first as usize..a as usize]
            .iter()
            .rev()
            .find_map(|sp| sp.speaker)
    }

    /// For a quote `q` that opens inside sentence `si` within the reported
    /// clause of its own speaker: where that clause starts, and the quote's
    /// start.
    fn partial_quote_floor(&self, si: usize, q: usize) -> Option<(u32, u32)> {
        let qt = self.quotes[q];
        let ss = self.sentences[si].start as u32;
        if qt.start <= ss || qt.speaker.is_none() {
            return None;
        }
        let (a, b) = self.sent_speech[si];
        self.speech[a as usize..b as usize]
            .iter()
            .find(|sp| sp.scope.0 <= qt.start && qt.start <= sp.scope.1 && sp.speaker == qt.speaker)
            .map(|sp| (sp.scope.0, qt.start))
    }
}

/// Territorial and military acts of a state: a leader's possessive agent
/// ("Putin's conquest of X") stands for the leader's state.
const STATE_ACTS: &[RelationKind] = &[
    RelationKind::Occupies,
    RelationKind::Invades,
    RelationKind::Attacks,
    RelationKind::DeploysForcesTo,
    RelationKind::MassesForcesNear,
];

/// Kinds whose report by a warning speaker accuses the agent.
const HOSTILE: &[RelationKind] = &[
    RelationKind::Attacks,
    RelationKind::Invades,
    RelationKind::Occupies,
    RelationKind::MassesForcesNear,
    RelationKind::DeploysForcesTo,
    RelationKind::Represses,
    RelationKind::Threatens,
];

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{VERB_PREFIX, first_clause_mark, has_word_byte, is_verb_prefix};

    /// What [`first_clause_mark`] looks for, as chars.
    const CLAUSE_MARKS: [char; 7] = [',', ';', ':', '“', '”', '"', '('];

    #[test]
    fn clause_marks_over_bytes() {
        for s in [
            "",
            "invaded Ukraine",
            "Ukraine, which",
            "said “it is”",
            "the ‘Quad’ – and “",
            "with Russia (and)",
            "…”",
            "a — b; c",
        ] {
            assert_eq!(first_clause_mark(s), s.find(CLAUSE_MARKS), "{s:?}");
        }
        assert_eq!(first_clause_mark("Moscow’s “aims”"), Some(11));
    }

    #[test]
    fn verb_prefix_first_byte_filter() {
        for w in ["not", "NOT", "Never", "didn’t", "has", "Has", "again"] {
            assert!(is_verb_prefix(w), "{w:?}");
        }
        for w in ["", "he", "The", "no", "hasn’t", "’not", "é", "Russia"] {
            assert!(!is_verb_prefix(w), "{w:?}");
        }
    }

    #[test]
    fn word_bytes_in_gaps() {
        for g in ["", " ", ", ", " (", "\t;"] {
            assert!(!has_word_byte(g), "{g:?}");
        }
        // Any non-ASCII character may be a word character: the search
        // is left to decide.
        for g in [" a ", ", 2", "'", "’", " é", " , who ", " — "] {
            assert!(has_word_byte(g), "{g:?}");
        }
    }

    proptest! {
        /// A gap without a word byte holds no word character (those the
        /// function word search splits words on), so no word.
        #[test]
        fn gaps_without_word_bytes_hold_no_word(g in "[a-z0-9 ,;:'’“”—()é字\t]{0,12}") {
            let word_char = g.chars().any(|c| c.is_alphanumeric() || c == '\'' || c == '’');
            prop_assert!(has_word_byte(&g) || !word_char);
        }

        /// The first-byte filter turns away no word of the list: the
        /// answer is the plain comparison with every entry's, on words
        /// near the entries (their letters, cases, apostrophes).
        #[test]
        fn verb_prefix_matches_plain_search(
            w in "[a-zA-Z’'é]{0,8}",
            k in 0..VERB_PREFIX.len(),
            upper in any::<bool>(),
        ) {
            let plain = |w: &str| VERB_PREFIX.iter().any(|x| x.eq_ignore_ascii_case(w));
            prop_assert_eq!(is_verb_prefix(&w), plain(&w));
            let entry = if upper {
                VERB_PREFIX[k].to_uppercase()
            } else {
                VERB_PREFIX[k].to_string()
            };
            prop_assert!(is_verb_prefix(&entry));
        }

        /// The byte search finds what the char search finds, on text
        /// mixing the marks with other punctuation sharing their lead
        /// byte (‘ ’ – — …) and other scripts.
        #[test]
        fn clause_marks_match_char_search(
            s in "[a-z ,;:\"(‘’“”–—…Жé字]{0,40}"
        ) {
            prop_assert_eq!(first_clause_mark(&s), s.find(CLAUSE_MARKS));
        }
    }
}

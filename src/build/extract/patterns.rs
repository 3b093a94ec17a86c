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
//! * "rejected this request": the patient is who made the last request.
//!
//! Speakers (the subject of a speech verb) are never agents or patients of
//! what they report; agent and patient must lie in the same quoted passage
//! (or both outside) as the trigger.

use super::lexicon::{AID_NOUNS, FORCE_NOUNS, Form, Func, HELP_NOUNS, Needs, VERB_PREFIX};
use super::matcher::What;
use super::modality::modality_of;
use super::{Doc, Key, Mention};
use crate::model::{Relation, RelationKind};

/// Bytes left of a trigger in which the agent is looked for.
const AGENT_WINDOW: u32 = 220;
/// Bytes right of a trigger in which the patient is looked for.
const PATIENT_WINDOW: u32 = 60;

fn needs_met(rest: &str, needs: Needs) -> bool {
    let list = match needs {
        Needs::None => return true,
        Needs::Forces => FORCE_NOUNS,
        Needs::Aid => AID_NOUNS,
        Needs::Help => HELP_NOUNS,
    };
    rest.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(5)
        .any(|w| list.iter().any(|n| w.eq_ignore_ascii_case(n)))
}

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
        self.func_words(from, to, Func::Clause)
            .map(|(s, e)| {
                let w = self.span_text(s, e).to_ascii_lowercase();
                if w == "who" || w == "which" {
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
        let by_word = self
            .func_words(from, look, Func::Clause)
            .next()
            .map_or(se, |(s, _)| s);
        let rest = self.span_text(from, by_word);
        rest.find([',', ';', ':', '“', '”', '"', '('])
            .map_or(by_word, |k| from + k as u32)
    }

    /// "he supported", "she did not support": a subject pronoun right
    /// before the trigger (maybe with an auxiliary or negation between).
    fn pronoun_before(&self, ss: u32, t_start: u32) -> bool {
        let mut pos = t_start;
        for _ in 0..3 {
            let Some((s, e)) = self.word_before(pos).filter(|w| w.0 >= ss) else {
                return false;
            };
            let w = self.span_text(s, e);
            if w.eq_ignore_ascii_case("he") || w.eq_ignore_ascii_case("she") {
                return true;
            }
            if !VERB_PREFIX.iter().any(|x| x.eq_ignore_ascii_case(w)) {
                return false;
            }
            pos = s;
        }
        false
    }

    /// Extracts the relations of sentence `si`.
    pub(crate) fn sentence_relations(&mut self, si: usize) {
        let s = self.sentences[si];
        let (ss, se) = (s.start as u32, s.end as u32);
        let (h0, h1) = self.sent_hits[si];
        let (h0, h1) = (h0 as usize, h1 as usize);
        let (m0, m1) = self.sent_mentions[si];
        let ms: Vec<Mention> = self.mentions[m0 as usize..m1 as usize].to_vec();
        if ms.is_empty() {
            return;
        }
        let mut prev_agent: Option<Key> = None;
        let mut dates: Option<Vec<(u32, crate::model::Date)>> = None;
        for i in h0..h1 {
            let t = self.hits[i];
            let What::Trigger(tr) = t.what else { continue };
            if ms.iter().any(|m| m.start < t.end && t.start < m.end) {
                continue; // inside a mention ("Secretary of State")
            }
            if !needs_met(self.span_text(t.end, se), tr.needs) {
                continue;
            }
            let quote = self.quote_at(t.start);
            let ok = |m: &Mention, d: &Doc<'_>| !m.speaker && d.quote_at(m.start) == quote;
            let trig_text = self.span_text(t.start, t.end);
            let mut confidence = tr.reliability;

            // Passive: "was invaded by".
            let prev = self.word_before(t.start);
            let aux_before = self.is_func_word(prev, Func::Aux)
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
            let left = ms
                .iter()
                .rposition(|m| m.end <= t.start && t.start - m.end <= agent_window && ok(m, self));
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
            let right = ms.iter().position(|m| {
                m.start >= t.end
                    && m.start < limit
                    && m.start - t.end <= patient_window
                    && ok(m, self)
            });
            let pronoun_agent = self
                .pronoun_before(ss, t.start)
                .then(|| {
                    let (sp, _, _) = self.attribution(si, t.start);
                    sp.or(self.last_person)
                })
                .flatten();

            let (mut agents, patient): (Vec<Key>, Option<Key>);
            if let Some(by_end) = passive_by {
                let agent = ms
                    .iter()
                    .find(|m| m.start >= by_end && ok(m, self))
                    .map(|m| m.key);
                agents = agent.into_iter().collect();
                patient = left.map(|l| ms[l].key);
                confidence *= 0.95;
            } else if trig_text.to_ascii_lowercase().ends_with("between") {
                let Some(r) = right else { continue };
                let second = ms[r + 1..]
                    .iter()
                    .find(|m| ok(m, self) && m.start - ms[r].end <= 40)
                    .map(|m| m.key);
                agents = vec![ms[r].key];
                patient = second;
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
                agents = Vec::new();
                if let Some(p) = pronoun_agent {
                    agents.push(p);
                }
                // "… and undermining": share the previous agent.
                if self.is_func_word(prev, Func::And) {
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
                            let is_and = gap == " and " || gap == ", and ";
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
                let mut p = right.map(|r| ms[r].key);
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
                    }
                }
                patient = p;
            }
            if agents.is_empty() {
                continue;
            }
            prev_agent = agents.first().copied();

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
            let evidence = self.sentence_evidence(si);

            let mut pairs: Vec<(Key, Key)> = Vec::new();
            let reciprocal = agents.len() >= 2
                && (tr.kind.is_symmetric()
                    || trig_text.to_ascii_lowercase().starts_with("exchanged"));
            match patient {
                Some(p) if !reciprocal => pairs.extend(agents.iter().map(|&a| (a, p))),
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
            for (a, b) in pairs {
                if a == b {
                    continue;
                }
                let mut r = Relation::new(self.id(a), tr.kind, self.id(b))
                    .with_modality(modality)
                    .with_confidence(confidence.clamp(0.05, 0.99))
                    .with_evidence(evidence.clone());
                r.negated = cues.negated;
                r.date = date;
                if let Some(sp) = speaker {
                    if sp != a || reported {
                        r.asserted_by = Some(self.id(sp));
                    }
                }
                if matches!(
                    tr.kind,
                    RelationKind::Demands
                        | RelationKind::RequestsHelpFrom
                        | RelationKind::OffersSupport
                ) {
                    self.last_request = Some(a);
                }
                self.push_relation(a, b, speaker, r);
            }
        }
    }
}

//! Speech attribution: who said what.
//!
//! * Speech verbs with their subject before ("Hill said", "Fiona Hill,
//!   former senior director…, said", "he added" → the last speaker) report
//!   the clause after them; with their subject after ("…, said Blinken",
//!   "said Fyodor Lukyanov, a leading Moscow foreign policy expert") they
//!   report the clause before; "according to X" reports its sentence.
//! * Quoted passages (“…” or "…") are found per paragraph; a passage left
//!   open at the end of a paragraph continues in the next paragraph when
//!   that one opens with a quote mark (news convention). A passage's
//!   speaker is given by a speech verb after it or before it in the same
//!   sentence, else by another passage of its chain, else by the previous
//!   passage of the paragraph.
//! * Subjects that are not actors ("the statement said", "people said")
//!   make the passage a claim by an unknown speaker, unless an unnamed
//!   source described by its access ("…, say two people familiar with the
//!   assessments") was introduced before: that one becomes a Person actor
//!   named by its description, and a later "people said" is it.

use std::collections::HashMap;

use super::lexicon::{Cue, Func};
use super::matcher::What;
use super::{Doc, Key, KeyHash, Mention, Quote, Speech};

/// Nouns between an actor and a speech verb that keep the actor as the
/// speaker ("US officials said", "the Russian foreign ministry said").
const SPEAKER_NOUNS: &[&str] = &[
    "officials",
    "official",
    "diplomats",
    "diplomat",
    "sources",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ministry",
    "government",
    "authorities",
    "leaders",
    "military",
    "army",
    "foreign",
    "defense",
    "defence",
    "senior",
    "top",
    "media",
    "leadership",
    "president",
    "has",
    "have",
    "had",
    "been",
    "also",
    "repeatedly",
    "publicly",
    "is",
    "was",
    "were",
    "are",
];

/// Words that make an unnamed speaker.
const ANONYMOUS: &[&str] = &[
    "people",
    "officials",
    "official",
    "sources",
    "source",
    "experts",
    "analysts",
    "observers",
    "others",
    "some",
    "critics",
    "statement",
    "ministry",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "diplomats",
    "report",
    "reports",
    "media",
    "witnesses",
    "residents",
    "they",
    "familiar",
    "publicly",
    "assessments",
    "agency",
];

/// Head nouns of unnamed sources ("two people familiar with …").
const ANONYMOUS_HEADS: &[&str] = &[
    "people",
    "officials",
    "official",
    "sources",
    "source",
    "diplomats",
    "diplomat",
    "persons",
];

/// What describes an unnamed source's access right after its head noun.
const ACCESS: &[&str] = &[
    "familiar with ",
    "close to ",
    "briefed on ",
    "with knowledge of ",
    "with direct knowledge of ",
    "involved in ",
    "aware of ",
];

/// Whether `between` (trimmed) is at most four whitespace-separated words,
/// all [`SPEAKER_NOUNS`] (ASCII case ignored): "officials", "government
/// spokesman". Stops at the fifth word or the first other one.
fn speaker_nouns_only(between: &str) -> bool {
    let mut n = 0;
    between.split_whitespace().all(|w| {
        n += 1;
        n <= 4 && SPEAKER_NOUNS.contains(&w.to_ascii_lowercase().as_str())
    })
}

impl Doc<'_> {
    /// The quote containing byte `pos`.
    pub(crate) fn quote_at(&self, pos: u32) -> Option<usize> {
        // i = the number of quotes starting at or before `pos`. Lookups
        // come in text order, mostly within one sentence: try the last
        // answer and the next one before a binary search.
        let qs = &self.quotes;
        let fits = |i: usize| {
            i <= qs.len()
                && (i == 0 || qs[i - 1].start <= pos)
                && (i == qs.len() || qs[i].start > pos)
        };
        let h = self.quote_hint.get();
        let i = if fits(h) {
            h
        } else if fits(h + 1) {
            h + 1
        } else {
            qs.partition_point(|q| q.start <= pos)
        };
        self.quote_hint.set(i);
        let q = self.quotes.get(i.checked_sub(1)?)?;
        (pos < q.end).then_some(i - 1)
    }

    /// Finds the quoted passages.
    pub(crate) fn find_quotes(&mut self) {
        let bytes = self.text.as_bytes();
        let mut si = 0usize;
        let mut prev_unclosed: Option<u32> = None; // chain of the passage left open
        while si < self.sentences.len() {
            let para = self.sentences[si].paragraph;
            let pstart = self.sentences[si].start;
            let mut sj = si;
            while sj < self.sentences.len() && self.sentences[sj].paragraph == para {
                sj += 1;
            }
            let pend = self.sentences[sj - 1].end;
            let mut open: Option<usize> = None;
            let mut first_in_para = true;
            let mut unclosed_here: Option<u32> = None;
            let mut k = pstart;
            while k < pend {
                let b = bytes[k];
                let mark = if b == b'"' {
                    Some((1usize, 0u8)) // straight: toggles
                } else if b == 0xE2 && k + 2 < bytes.len() && bytes[k + 1] == 0x80 {
                    match bytes[k + 2] {
                        0x9C => Some((3, 1)), // “
                        0x9D => Some((3, 2)), // ”
                        _ => None,
                    }
                } else {
                    None
                };
                let Some((len, kind)) = mark else {
                    // Jump to the next candidate quote byte.
                    k = memchr::memchr2(b'"', 0xE2, &bytes[k + 1..pend])
                        .map_or(pend, |d| k + 1 + d);
                    continue;
                };
                match (open, kind) {
                    (None, 0 | 1) => open = Some(k),
                    (Some(o), 0 | 2) => {
                        let chain = if first_in_para && o == pstart {
                            prev_unclosed.take()
                        } else {
                            None
                        };
                        self.push_quote(o as u32, (k + len) as u32, chain);
                        first_in_para = false;
                        open = None;
                    }
                    _ => {}
                }
                k += len;
            }
            if let Some(o) = open {
                let chain = if first_in_para && o == pstart {
                    prev_unclosed.take()
                } else {
                    None
                };
                let idx = self.push_quote(o as u32, pend as u32, chain);
                unclosed_here = Some(self.quotes[idx].chain);
            }
            prev_unclosed = unclosed_here;
            si = sj;
        }
    }

    fn push_quote(&mut self, start: u32, end: u32, chain: Option<u32>) -> usize {
        let idx = self.quotes.len();
        self.quotes.push(Quote {
            start,
            end,
            chain: chain.unwrap_or(idx as u32),
            speaker: None,
            attributed: false,
        });
        idx
    }

    /// The mention starting at `pos` (or after "the ").
    fn mention_starting(&self, m0: usize, m1: usize, pos: u32) -> Option<usize> {
        let end = pos.saturating_add(4).min(self.text.len() as u32);
        let rest = self.span_text(pos, end);
        let skip = ["the ", "a ", "an "]
            .iter()
            .find(|d| {
                rest.len() >= d.len()
                    && rest.is_char_boundary(d.len())
                    && rest[..d.len()].eq_ignore_ascii_case(d)
            })
            .map_or(0, |d| d.len());
        let pos2 = pos + skip as u32;
        (m0..m1).find(|&j| {
            let m = &self.mentions[j];
            m.pronoun.is_none() && (m.start == pos || m.start == pos2)
        })
    }

    fn mark_speaker(&mut self, j: usize) -> Key {
        self.mentions[j].speaker = true;
        self.mentions[j].key
    }

    /// Finds the speech acts of sentence `si` (after its mentions).
    pub(crate) fn sentence_speech(&mut self, si: usize) {
        let s = self.sentences[si];
        let (ss, se) = (s.start as u32, s.end as u32);
        let (h0, h1) = self.sent_hits[si];
        let first = self.speech.len();
        for i in h0 as usize..h1 as usize {
            let h = self.hits[i];
            let What::Cue(Cue::Speech { denial }) = h.what else {
                continue;
            };
            if self.quote_at(h.start).is_some() {
                continue;
            }
            let (m0, m1) = self.sent_mentions[si];
            let (m0, m1) = (m0 as usize, m1 as usize);
            let verb = self.span_text(h.start, h.end);
            if verb.eq_ignore_ascii_case("according to") {
                let after = self.skip_spaces(h.end);
                let speaker = self
                    .mention_starting(m0, m1, after)
                    .map(|j| self.mark_speaker(j));
                self.push_speech(h.start, speaker, (ss, se), denial);
                continue;
            }
            let before = self.span_text(ss, h.start).trim_end();
            let quote_before = before.is_empty() || before.ends_with(['”', '"', '’']);
            if quote_before || before.ends_with(',') {
                // Inverted: "…,” said Blinken", "…, said Fyodor Lukyanov, a …".
                let after = self.skip_spaces(h.end);
                let known = self.mention_starting(m0, m1, after);
                let mut speaker = known.map(|j| self.mark_speaker(j));
                // "said Hill, a senior fellow at the Brookings Institution".
                if let (Some(j), Some(k @ Key::Person(_))) = (known, speaker) {
                    let end = self.mentions[j].end;
                    if let Some((a, b)) = self.appositive(end, se) {
                        self.appositive_relations(k, after, a, b);
                    }
                }
                if speaker.is_none() {
                    let pronoun = self.is_func_word(self.word_after(h.end), Func::Pronoun);
                    if pronoun {
                        self.mark_pronoun_speaker(si, after);
                    }
                    if pronoun && quote_before {
                        speaker = self.last_speaker.or(self.last_person);
                    } else if !pronoun {
                        speaker = self.new_speaker_after(after, se);
                    }
                    if speaker.is_none() && !pronoun {
                        // "…, say two people familiar with the talks".
                        speaker = self.anonymous_source_after(after, se);
                    }
                }
                if speaker.is_some() || (quote_before && !before.is_empty()) {
                    self.push_speech(h.start, speaker, (ss, h.start), denial);
                    continue;
                }
            }
            // Subject before the verb.
            let mut speaker: Option<Key> = None;
            let mut subject_start = h.start;
            let prev = self.word_before(h.start);
            if let (true, Some((ps, pe))) = (self.is_func_word(prev, Func::Pronoun), prev) {
                speaker = if self.span_text(ps, pe).eq_ignore_ascii_case("they") {
                    None
                } else {
                    self.last_speaker.or(self.last_person)
                };
                subject_start = ps;
                self.mark_pronoun_speaker(si, ps);
            } else if let Some(j) = self.subject_mention(m0, m1, h.start) {
                subject_start = self.mentions[j].start;
                speaker = Some(self.mark_speaker(j));
            } else if before.ends_with(',') {
                // "Fiona Hill, former senior director …, said"
                match self.appositive_subject(m0, m1, ss, h.start, se) {
                    Some((k, start)) => {
                        speaker = Some(k);
                        subject_start = start;
                    }
                    None if self.anonymous_subject(before) => {}
                    None => continue,
                }
            } else if !self.anonymous_subject(before) {
                continue;
            } else if let Some(k) = self.known_anonymous(before) {
                // "people said": the unnamed source introduced before.
                speaker = Some(k);
            } else if before
                .rsplit(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty())
                .is_some_and(|w| w.eq_ignore_ascii_case("statement"))
            {
                // "the statement said": who issued the statement.
                speaker = self.statement_issuer(si);
            }
            let rest = self.span_text(h.end, se);
            // Nothing alphanumeric after the verb (as trimming the rest
            // of everything else would leave it empty).
            let scope = if !rest.chars().any(char::is_alphanumeric) {
                (ss, subject_start)
            } else {
                // What is said ends where a contrasting clause begins
                // ("X denied it, but Y accused Z").
                // (The first ',' or ';' that starts one: one pass, no
                // substring searches over the rest of the sentence; every
                // separator here must start with ',' or ';'.)
                let end = memchr::memchr2_iter(b',', b';', rest.as_bytes())
                    .find(|&k| {
                        [", but ", "; ", ", while ", ", whereas "]
                            .iter()
                            .any(|c| rest.as_bytes()[k..].starts_with(c.as_bytes()))
                    })
                    .map_or(se, |k| h.end + k as u32);
                (h.end, end)
            };
            self.push_speech(h.start, speaker, scope, denial);
        }
        self.sent_speech
            .push((first as u32, self.speech.len() as u32));
        self.resolve_pronouns(si);
    }

    /// The actor that issued "a statement" in one of the two sentences
    /// before `si` ("The ministry fired back with a statement …"): the
    /// first actor of that sentence before the word.
    fn statement_issuer(&self, si: usize) -> Option<Key> {
        for sj in (si.saturating_sub(2)..si).rev() {
            let s = self.sentences[sj];
            let text = self.span_text(s.start as u32, s.end as u32);
            let Some(k) = text.to_ascii_lowercase().find("statement") else {
                continue;
            };
            let at = s.start as u32 + k as u32;
            let (m0, m1) = self.sent_mentions[sj];
            return self.mentions[m0 as usize..m1 as usize]
                .iter()
                .find(|m| m.start < at && m.key != super::mentions::UNRESOLVED)
                .map(|m| m.key);
        }
        None
    }

    /// Marks the pronoun mention starting at `pos` (if any) as a speaker.
    fn mark_pronoun_speaker(&mut self, si: usize, pos: u32) {
        let (m0, m1) = self.sent_mentions[si];
        for m in &mut self.mentions[m0 as usize..m1 as usize] {
            if m.start == pos && m.pronoun.is_some() {
                m.speaker = true;
            }
        }
    }

    fn push_speech(
        &mut self,
        verb_start: u32,
        speaker: Option<Key>,
        scope: (u32, u32),
        denial: bool,
    ) {
        if speaker.is_some() {
            self.last_speaker = speaker;
        }
        self.speech.push(Speech {
            verb_start,
            speaker,
            scope,
            denial,
        });
    }

    /// Whether the words before a speech verb are an unnamed speaker
    /// ("people said", "the statement said", "some say").
    fn anonymous_subject(&self, before: &str) -> bool {
        let mut words = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty());
        let mut w = words.next().unwrap_or("").to_ascii_lowercase();
        while matches!(
            w.as_str(),
            "have"
                | "has"
                | "had"
                | "also"
                | "been"
                | "repeatedly"
                | "publicly"
                | "privately"
                | "long"
        ) {
            w = words.next().unwrap_or("").to_ascii_lowercase();
        }
        ANONYMOUS.contains(&w.as_str())
    }

    /// The actor right before a speech verb: adjacent, or followed by a
    /// speaker noun ("US officials said").
    fn subject_mention(&self, m0: usize, m1: usize, verb: u32) -> Option<usize> {
        let j = (m0..m1)
            .rev()
            .find(|&j| self.mentions[j].end <= verb && self.mentions[j].pronoun.is_none())?;
        let between = self.span_text(self.mentions[j].end, verb);
        let between = between.trim_start_matches(['’', '\'', 's']).trim();
        if between.is_empty() {
            return Some(j);
        }
        // At most four words, all speaker nouns: stops at the fifth word
        // or the first other one instead of splitting all of `between`
        // (which may run over most of the sentence).
        speaker_nouns_only(between).then_some(j)
    }

    /// "X, <appositive>, said": X is a mention or a name at the start of
    /// the sentence (or after a closing quote).
    fn appositive_subject(
        &mut self,
        m0: usize,
        m1: usize,
        ss: u32,
        verb: u32,
        se: u32,
    ) -> Option<(Key, u32)> {
        // The subject is the first comma-delimited element of the clause.
        let seg = self.span_text(ss, verb);
        let comma = seg.find(", ")? as u32;
        let subj_end = ss + comma;
        let subj_text = self.span_text(ss, subj_end);
        if subj_text.len() > 60 {
            return None;
        }
        if let Some(j) = (m0..m1).find(|&j| {
            let m = &self.mentions[j];
            m.end == subj_end && m.start >= ss && m.pronoun.is_none()
        }) {
            return Some((self.mark_speaker(j), self.mentions[j].start));
        }
        let toks = self.name_tokens(ss, subj_end, 3);
        if toks.len() >= 2 && toks[toks.len() - 1].1 == subj_end {
            let (a, b) = self
                .appositive(subj_end, se)
                .unwrap_or((subj_end, subj_end));
            let key = self.introduce(&toks, a, b)?;
            self.mentions.push(Mention {
                start: ss,
                end: subj_end,
                key,
                speaker: true,
                pronoun: None,
            });
            return Some((key, ss));
        }
        None
    }

    /// "say two people familiar with the latest assessments": an unnamed
    /// source described by its access becomes a person actor named by
    /// that description.
    fn anonymous_source_after(&mut self, after: u32, se: u32) -> Option<Key> {
        let rest = self.span_text(after, se.min(after + 160));
        let mut words = rest.split(' ');
        let mut head: Option<&'static str> = None;
        let mut used = 0usize;
        for w in words.by_ref().take(4) {
            used += w.len() + 1;
            if let Some(h) = ANONYMOUS_HEADS.iter().find(|h| w == **h) {
                head = Some(h);
                break;
            }
            if !w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.') {
                return None;
            }
        }
        let head = head?;
        let tail = &rest[used.min(rest.len())..];
        if !ACCESS.iter().any(|a| tail.starts_with(a)) {
            return None;
        }
        // The description ends at a relative clause or punctuation.
        let mut end = tail
            .find([',', ';', '.', '(', '“', '"'])
            .unwrap_or(tail.len());
        if let Some(w) = tail[..end]
            .find(" who ")
            .or_else(|| tail[..end].find(" that "))
        {
            end = w;
        }
        let name = rest[..used + end].trim_end().to_string();
        let id = crate::model::ActorId::slug(&name);
        let key = match self.person_ids.get(&id) {
            Some(&i) => Key::Person(i),
            None => {
                let actor = crate::model::Actor::new(
                    id.clone(),
                    crate::model::ActorKind::Person,
                    name.clone(),
                )
                .with_details(crate::model::ActorDetails::Person {
                    role: Some("unnamed source".to_string()),
                    affiliation: None,
                });
                let i = self.persons.len() as u32;
                self.persons.push(actor);
                self.person_ids.insert(id, i);
                Key::Person(i)
            }
        };
        self.mentions.push(Mention {
            start: after,
            end: after + name.len() as u32,
            key,
            speaker: true,
            pronoun: None,
        });
        self.coref.last_anonymous = Some((head, key));
        Some(key)
    }

    /// "people said" after "two people familiar with …" introduced an
    /// unnamed source with the same head noun.
    fn known_anonymous(&self, before: &str) -> Option<Key> {
        let (head, k) = self.coref.last_anonymous?;
        let last = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())?;
        last.eq_ignore_ascii_case(head).then_some(k)
    }

    /// "said Fyodor Lukyanov, a leading Moscow foreign policy expert".
    fn new_speaker_after(&mut self, after: u32, se: u32) -> Option<Key> {
        let toks = self.name_tokens(after, se, 3);
        let known = toks.len() == 1
            && self
                .surnames
                .contains_key(self.span_text(toks[0].0, toks[0].1));
        if toks.len() < 2 && !known {
            return None;
        }
        let end = toks[toks.len() - 1].1;
        let (a, b) = self.appositive(end, se).unwrap_or((end, end));
        let key = self.introduce(&toks, a, b)?;
        self.mentions.push(Mention {
            start: after,
            end,
            key,
            speaker: true,
            pronoun: None,
        });
        Some(key)
    }

    /// The institutions an appositive `a..b` names for a person already
    /// known (mentioned at `start`).
    fn appositive_relations(&mut self, key: Key, start: u32, a: u32, b: u32) {
        if !self.opts.structural_relations {
            return;
        }
        for (o, kind) in self.appositive_orgs(a, b) {
            let r = crate::model::Relation::new(self.id(key), kind, self.id(o))
                .with_confidence(0.7)
                .with_evidence(self.evidence(start, b));
            self.push_relation(key, o, None, r);
        }
    }

    /// A person introduced with an appositive span `a..b` (maybe empty):
    /// role is the appositive, affiliation the institution it names.
    fn introduce(&mut self, toks: &[(u32, u32)], a: u32, b: u32) -> Option<Key> {
        use crate::model::RelationKind as K;
        let (role, mut orgs) = if a < b {
            let t = self.span_text(a, b);
            let t = t
                .strip_prefix("a ")
                .or_else(|| t.strip_prefix("an "))
                .or_else(|| t.strip_prefix("the "))
                .unwrap_or(t)
                .to_string();
            (Some(t), self.appositive_orgs(a, b))
        } else {
            (None, Vec::new())
        };
        // No institution named: the country the appositive names, if any.
        if orgs.is_empty() && a < b {
            orgs.extend(self.affiliation_in(a, b).map(|c| (c, K::AffiliatedWith)));
        }
        let aff = orgs.iter().find(|o| o.1 == K::AffiliatedWith).map(|o| o.0);
        let key = self.person(toks, role, aff, None)?;
        if let (Key::Person(_), true) = (key, self.opts.structural_relations) {
            for (o, kind) in orgs {
                let r = crate::model::Relation::new(self.id(key), kind, self.id(o))
                    .with_confidence(0.7)
                    .with_evidence(self.evidence(toks[0].0, b.max(toks[toks.len() - 1].1)));
                self.push_relation(key, o, None, r);
            }
        }
        self.last_person = Some(key);
        Some(key)
    }

    /// Gives each quoted passage its speaker.
    pub(crate) fn attribute_quotes(&mut self) {
        for qi in 0..self.quotes.len() {
            let q = self.quotes[qi];
            let mut found: Option<Option<Key>> = None;
            // A speech verb after the passage, in the sentence where it ends.
            if let Some(si) = self.sentence_of(q.end.saturating_sub(1)) {
                let (a, b) = self.sent_speech[si];
                for sp in &self.speech[a as usize..b as usize] {
                    if sp.verb_start >= q.end && self.quote_at(sp.verb_start).is_none() {
                        found = Some(sp.speaker);
                        break;
                    }
                }
            }
            if found.is_none() {
                if let Some(si) = self.sentence_of(q.start) {
                    let (a, b) = self.sent_speech[si];
                    for sp in self.speech[a as usize..b as usize].iter().rev() {
                        if sp.verb_start < q.start {
                            found = Some(sp.speaker);
                            break;
                        }
                    }
                }
            }
            if let Some(sp) = found {
                self.quotes[qi].speaker = sp;
                self.quotes[qi].attributed = true;
            }
        }
        // Chains share their speaker; otherwise the paragraph's previous
        // passage (one pass each, so linear in the number of passages).
        let mut by_chain: HashMap<u32, Option<Key>, KeyHash> = HashMap::default();
        for q in &self.quotes {
            if q.attributed {
                by_chain.entry(q.chain).or_insert(q.speaker);
            }
        }
        let mut last_in_para: Option<(u32, Option<Key>)> = None;
        for qi in 0..self.quotes.len() {
            let q = self.quotes[qi];
            let para = self
                .sentence_of(q.start)
                .map(|s| self.sentences[s].paragraph);
            if !q.attributed {
                let donor = by_chain.get(&q.chain).copied().or_else(|| {
                    last_in_para
                        .filter(|(p, _)| Some(*p) == para)
                        .map(|(_, sp)| sp)
                });
                if let Some(sp) = donor {
                    self.quotes[qi].speaker = sp;
                    self.quotes[qi].attributed = true;
                }
            }
            if self.quotes[qi].attributed {
                if let Some(p) = para {
                    last_in_para = Some((p, self.quotes[qi].speaker));
                }
            }
        }
    }

    /// The sentence containing byte `pos`.
    pub(crate) fn sentence_of(&self, pos: u32) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.start as u32 <= pos);
        let si = i.checked_sub(1)?;
        (pos < self.sentences[si].end as u32).then_some(si)
    }

    /// Who asserts what is said at `pos` of sentence `si`: `(speaker,
    /// reported, denial)`. `reported` is false for the narrator.
    pub(crate) fn attribution(&self, si: usize, pos: u32) -> (Option<Key>, bool, bool) {
        if let Some(qi) = self.quote_at(pos) {
            let q = self.quotes[qi];
            return (q.speaker, true, false);
        }
        let (a, b) = self.sent_speech[si];
        for sp in &self.speech[a as usize..b as usize] {
            if sp.scope.0 <= pos && pos < sp.scope.1 {
                return (sp.speaker, true, sp.denial);
            }
        }
        (None, false, false)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{SPEAKER_NOUNS, speaker_nouns_only};

    /// The plain version: all the words, then their count.
    fn plain(between: &str) -> bool {
        let words: Vec<&str> = between.split_whitespace().collect();
        words.len() <= 4
            && words
                .iter()
                .all(|w| SPEAKER_NOUNS.contains(&w.to_ascii_lowercase().as_str()))
    }

    #[test]
    fn speaker_noun_runs() {
        assert!(speaker_nouns_only("officials"));
        assert!(speaker_nouns_only(" Government  spokesman "));
        assert!(speaker_nouns_only(""));
        assert!(!speaker_nouns_only(
            "officials officials officials officials officials"
        ));
        assert!(speaker_nouns_only(
            "officials officials officials officials"
        ));
        assert!(!speaker_nouns_only("invaded Ukraine, officials"));
    }

    proptest! {
        /// Stopping early gives the plain answer, on runs of speaker
        /// nouns (cased either way) and other words.
        #[test]
        fn speaker_nouns_only_is_plain(
            picks in proptest::collection::vec((0..SPEAKER_NOUNS.len() + 2, any::<bool>()), 0..7),
        ) {
            let words: Vec<String> = picks
                .iter()
                .map(|&(k, upper)| {
                    let w = SPEAKER_NOUNS.get(k).copied().unwrap_or(if k % 2 == 0 { "said" } else { "the" });
                    if upper { w.to_uppercase() } else { w.to_string() }
                })
                .collect();
            let between = words.join(" ");
            prop_assert_eq!(speaker_nouns_only(&between), plain(&between));
        }
    }
}

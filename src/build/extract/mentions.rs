//! Mention detection: gazetteer names, capitals and demonyms, "X-led
//! alliance", titles with and without names, people introduced in the
//! text, surname coreference.

use super::lexicon::{Cue, Func, TITLES, func_of};
use super::matcher::{NameRole, What};
use super::{Doc, Key, Mention};
use crate::build::gazetteer::EntryRef;
use crate::model::{Actor, ActorDetails, ActorId, ActorKind, Date, Relation, RelationKind};

/// Capitalized words that start sentences or clauses but are never names.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Or",
    "When",
    "While",
    "As",
    "If",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "His",
    "Her",
    "Their",
    "Our",
    "Some",
    "Both",
    "However",
    "Also",
    "After",
    "Before",
    "Since",
    "With",
    "From",
    "For",
    "Of",
    "To",
    "By",
    "Meanwhile",
    "Still",
    "Yet",
    "So",
    "Then",
    "There",
    "Here",
    "What",
    "Who",
    "Which",
    "Why",
    "How",
    "Where",
    "Many",
    "Most",
    "Other",
    "Others",
    "Such",
    "Each",
    "Every",
    "One",
    "Two",
    "Three",
    "Last",
    "Next",
    "Earlier",
    "Later",
    "Now",
    "Today",
    "Yesterday",
    "Tomorrow",
    "According",
    "Asked",
    "Speaking",
    "Despite",
    "During",
    "Under",
    "Over",
    "Among",
    "Without",
    "Within",
    "Although",
    "Because",
    "Once",
    "Even",
    "Not",
    "No",
    "Instead",
];

/// The date used to resolve leaders: the document's, else the far future
/// (today's holders: terms without an end).
fn resolve_date(d: Option<Date>) -> Option<Date> {
    d.or_else(|| Date::year(9999).ok())
}

pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'
}

impl Doc<'_> {
    fn hit_at(&self, start: u32) -> Option<&super::matcher::Hit> {
        let i = self.hits.partition_point(|h| h.start < start);
        self.hits.get(i).filter(|h| h.start == start)
    }

    /// Skips spaces (not newlines) from `pos`.
    pub(crate) fn skip_spaces(&self, pos: u32) -> u32 {
        let rest = self.span_text(pos, self.text.len() as u32);
        pos + (rest.len() - rest.trim_start_matches([' ', '\t']).len()) as u32
    }

    /// Up to `max` capitalized name tokens starting at `pos`, separated by
    /// single spaces; initials ("A.") allowed inside.
    pub(crate) fn name_tokens(&self, pos: u32, end: u32, max: usize) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        let mut p = pos;
        while out.len() < max + 1 && p < end {
            let rest = self.span_text(p, end);
            let Some(first) = rest.chars().next() else {
                break;
            };
            if !first.is_uppercase() {
                break;
            }
            let len = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
            let mut tok = &rest[..len];
            tok = tok.trim_end_matches(['-', '\'', '’']);
            // "Putin’s": drop the possessive.
            if let Some(t) = tok.strip_suffix("’s").or_else(|| tok.strip_suffix("'s")) {
                tok = t;
            }
            let mut tend = p + tok.len() as u32;
            let is_initial = tok.chars().count() == 1 && rest[len..].starts_with('.');
            if is_initial {
                tend += 1;
            } else {
                if tok.chars().count() < 2 || NOT_NAMES.contains(&tok) {
                    break;
                }
                if self
                    .hit_at(p)
                    .is_some_and(|h| !matches!(h.what, What::Cue(Cue::Speech { .. })))
                {
                    break;
                }
            }
            out.push((p, tend));
            if tend as usize != p as usize + len && !is_initial {
                break; // possessive or trailing punctuation ends the name
            }
            let after = self.span_text(tend, end);
            if after.starts_with(' ') && !after.starts_with("  ") {
                p = tend + 1;
            } else {
                break;
            }
        }
        // Drop trailing initials; cap at max.
        while out
            .last()
            .is_some_and(|&(s, e)| self.span_text(s, e).ends_with('.'))
        {
            out.pop();
        }
        out.truncate(max);
        out
    }

    /// The appositive after a name: ", a leading Moscow foreign policy
    /// expert," → its span.
    pub(crate) fn appositive(&self, pos: u32, send: u32) -> Option<(u32, u32)> {
        let rest = self.span_text(pos, send);
        let body = rest.strip_prefix(", ")?;
        let start = pos + 2;
        let stop = body
            .find([',', '“', '"', ';', '(', ')'])
            .unwrap_or(body.len())
            .min(200);
        let mut end = start + body.get(..stop).map_or(0, str::len) as u32;
        let t = self.span_text(start, end);
        let trimmed = t.trim_end_matches(['.', ' ']);
        end = start + trimmed.len() as u32;
        if trimmed.is_empty() || !self.text.is_char_boundary(end as usize) {
            return None;
        }
        let first = trimmed.split(' ').next().unwrap_or("");
        let starts_like_role = matches!(first, "a" | "an" | "the" | "former" | "who" | "one")
            || first.chars().next().is_some_and(char::is_lowercase);
        starts_like_role.then_some((start, end))
    }

    /// The institution named in a span: an organization or body, else the
    /// last country.
    pub(crate) fn affiliation_in(&self, s: u32, e: u32) -> Option<Key> {
        let i = self.hits.partition_point(|h| h.start < s);
        let mut country = None;
        for h in self.hits[i..].iter().take_while(|h| h.end <= e) {
            if let What::Entity { actor, .. } = h.what {
                match self.g.entry_ref(actor) {
                    Some(EntryRef::Organization(_) | EntryRef::Body(_)) => {
                        return Some(Key::Gaz(actor));
                    }
                    Some(EntryRef::Country(_)) => country = Some(Key::Gaz(actor)),
                    _ => {}
                }
            }
        }
        country
    }

    /// Finds or creates the person named by `tokens`.
    pub(crate) fn person(
        &mut self,
        tokens: &[(u32, u32)],
        role: Option<String>,
        affiliation: Option<Key>,
        description: Option<String>,
    ) -> Option<Key> {
        let (&(s, _), &(_, e)) = (tokens.first()?, tokens.last()?);
        let surname = self.span_text(tokens.last()?.0, e).to_string();
        if tokens.len() == 1 {
            return self.surnames.get(&surname).map(|&i| Key::Person(i));
        }
        let name = self.span_text(s, e).to_string();
        let id = ActorId::slug(&name);
        if let Some(i) = self.g.index_of(id.as_str()) {
            return Some(Key::Gaz(i));
        }
        if let Some(&i) = self.person_ids.get(&id) {
            return Some(Key::Person(i));
        }
        // A transliteration variant of a gazetteer leader ("Zelenskyi").
        let first = self.span_text(s, tokens[0].1);
        for li in self.g.leader_indices() {
            let l = self.g.actor_at(li);
            let (Some(lf), Some(ll)) = (l.name.split(' ').next(), l.name.rsplit(' ').next()) else {
                continue;
            };
            if lf == first && ll.len() >= 5 && surname.len() >= 5 && ll.get(..5) == surname.get(..5)
            {
                return Some(Key::Gaz(li));
            }
        }
        let aff_id = affiliation.map(|k| self.id(k));
        let mut actor = Actor::new(id.clone(), ActorKind::Person, name)
            .with_details(ActorDetails::Person {
                role,
                affiliation: aff_id,
            })
            .with_aliases([surname.clone()]);
        if let Some(d) = description {
            actor = actor.with_description(d);
        }
        let i = self.persons.len() as u32;
        self.persons.push(actor);
        self.person_ids.insert(id, i);
        self.surnames.entry(surname).or_insert(i);
        Some(Key::Person(i))
    }

    fn push_mention(&mut self, start: u32, end: u32, key: Key) {
        self.mentions.push(Mention {
            start,
            end,
            key,
            speaker: false,
        });
        // A leader in a head office on the document's date leads the country.
        if let (Key::Gaz(li), Some(date)) = (key, self.date) {
            if let Some(c) = self.g.headed_country(li, date) {
                self.structural(key, RelationKind::Leads, Key::Gaz(c), start, end);
            }
        }
        if matches!(
            self.actor(key).kind(),
            ActorKind::Person | ActorKind::Leader
        ) {
            self.last_person = Some(key);
        }
    }

    fn structural(&mut self, src: Key, kind: RelationKind, dst: Key, s: u32, e: u32) {
        if !self.opts.structural_relations {
            return;
        }
        let r = Relation::new(self.id(src), kind, self.id(dst))
            .with_confidence(0.9)
            .with_evidence(self.evidence(s, e));
        self.push_relation(src, dst, None, r);
    }

    /// "Russia-led military alliance" → the alliance Russia leads.
    fn led_alliance(&self, actor: u32, end: u32, send: u32) -> Option<(u32, u32)> {
        let rest = self.span_text(end, send);
        let after = rest
            .strip_prefix("-led ")
            .or_else(|| rest.strip_prefix("–led "))?;
        let c = self.g.country_of(actor)?;
        if self.g.entry_ref(actor) != self.g.entry_ref(c) {
            return None;
        }
        let mut pos = end + (rest.len() - after.len()) as u32;
        for w in after.split(' ').take(4) {
            let wl = w.trim_end_matches(|c: char| !c.is_alphanumeric());
            pos += w.len() as u32;
            let l = wl.to_ascii_lowercase();
            if [
                "alliance",
                "bloc",
                "coalition",
                "organization",
                "organisation",
                "pact",
            ]
            .contains(&l.as_str())
            {
                let org = self.g.led_by(c)?;
                return Some((pos - (w.len() - wl.len()) as u32, org));
            }
            pos += 1;
        }
        None
    }

    /// Handles a title hit (with an optional country qualifier before it);
    /// returns the index of the next hit to look at.
    fn title_mention(
        &mut self,
        qual: Option<(u32, u32)>,
        ti: usize,
        hend: usize,
        send: u32,
    ) -> usize {
        let t = self.hits[ti];
        let What::Cue(Cue::Title(tidx)) = t.what else {
            return ti + 1;
        };
        let (_, head, office) = TITLES[tidx as usize];
        let start = qual.map_or(t.start, |q| q.1);
        let after = self.skip_spaces(t.end);
        let Some(date) = resolve_date(self.date) else {
            return ti + 1;
        };
        // A gazetteer leader right after the title.
        if let Some(n) = self
            .hits
            .get(ti + 1)
            .filter(|n| ti + 1 < hend && n.start == after)
        {
            if let What::Entity { actor, .. } = n.what {
                if let Some(EntryRef::Leader(_)) = self.g.entry_ref(actor) {
                    let (nend, key) = (n.end, Key::Gaz(actor));
                    self.push_mention(start, nend, key);
                    if let Some((c, _)) = qual {
                        if head && self.g.country_of(actor) == Some(c) {
                            self.structural(key, RelationKind::Leads, Key::Gaz(c), start, nend);
                        }
                    }
                    return ti + 2;
                }
            }
        }
        // A name in the text right after the title.
        let toks = self.name_tokens(after, send, 3);
        let known_surname = toks.len() == 1
            && self
                .surnames
                .contains_key(self.span_text(toks[0].0, toks[0].1));
        if toks.len() >= 2 || known_surname {
            let name_end = toks[toks.len() - 1].1;
            let role = self.span_text(start, t.end).to_string();
            let aff = qual.map(|q| Key::Gaz(q.0));
            let desc = self
                .appositive(name_end, send)
                .map(|(a, b)| self.span_text(a, b).to_string());
            if let Some(key) = self.person(&toks, Some(role), aff, desc) {
                self.push_mention(start, name_end, key);
                if let Some(c) = aff {
                    let kind = if head && matches!(key, Key::Gaz(_)) {
                        RelationKind::Leads
                    } else {
                        RelationKind::AffiliatedWith
                    };
                    if kind == RelationKind::Leads || matches!(key, Key::Person(_)) {
                        self.structural(key, kind, c, start, name_end);
                    }
                }
                let mut j = ti + 1;
                while j < hend && self.hits[j].start < name_end {
                    j += 1;
                }
                return j;
            }
        }
        if !head && office.is_empty() {
            return ti + 1;
        }
        // "the president of Kazakhstan", "the leader of Ukraine".
        let rest = self.span_text(after, send);
        let prep = ["of the ", "in the ", "of ", "in "]
            .iter()
            .find(|p| rest.starts_with(**p));
        if let (None, Some(p)) = (qual, prep) {
            let cpos = after + p.len() as u32;
            if let Some(n) = self
                .hits
                .get(ti + 1)
                .filter(|n| ti + 1 < hend && n.start == cpos)
            {
                if let What::Entity {
                    actor,
                    role: NameRole::Name,
                } = n.what
                {
                    if matches!(self.g.entry_ref(actor), Some(EntryRef::Country(_))) {
                        if let Some(l) = self.g.leader_index_of(actor, office, date) {
                            self.push_mention(t.start, n.end, Key::Gaz(l));
                            return ti + 2;
                        }
                    }
                }
            }
        }
        // "Kazakh President" without a name.
        if let Some((c, qs)) = qual {
            match self.g.leader_index_of(c, office, date) {
                Some(l) if head || !office.is_empty() => {
                    self.push_mention(start, t.end, Key::Gaz(l))
                }
                _ => self.push_mention(qs, t.end, Key::Gaz(c)),
            }
        }
        ti + 1
    }

    /// Builds the mentions of sentence `si`.
    pub(crate) fn sentence_mentions(&mut self, si: usize) {
        let s = self.sentences[si];
        let send = s.end as u32;
        let (h0, h1) = self.sent_hits[si];
        let (h0, h1) = (h0 as usize, h1 as usize);
        let first_m = self.mentions.len();
        let mut i = h0;
        while i < h1 {
            let hit = self.hits[i];
            match hit.what {
                What::Entity { actor, role } => {
                    if let Some((end, org)) = self.led_alliance(actor, hit.end, send) {
                        self.push_mention(hit.start, end, Key::Gaz(org));
                        i += 1;
                        while i < h1 && self.hits[i].start < end {
                            i += 1;
                        }
                        continue;
                    }
                    let country = self.g.country_of(actor).filter(|&c| c == actor);
                    let next = self.hits.get(i + 1).filter(|n| {
                        i + 1 < h1 && self.skip_spaces(hit.end) == n.start && n.start > hit.end
                    });
                    if let (Some(c), Some(n)) = (country, next) {
                        match n.what {
                            What::Cue(Cue::Title(_)) if role != NameRole::DemonymPlural => {
                                i = self.title_mention(Some((c, hit.start)), i + 1, h1, send);
                                continue;
                            }
                            What::Entity { actor: b, .. }
                                if matches!(self.g.entry_ref(b), Some(EntryRef::Body(_)))
                                    && self.g.country_of(b) != Some(c) =>
                            {
                                // "the Russian State Department": the qualifier's state.
                                let nend = n.end;
                                self.push_mention(hit.start, nend, Key::Gaz(c));
                                i += 2;
                                continue;
                            }
                            _ => {}
                        }
                    }
                    if !self.attributive_only(hit.start, hit.end, role) {
                        self.push_mention(hit.start, hit.end, Key::Gaz(actor));
                        if let (Some(EntryRef::Capital(_)), Some(c)) =
                            (self.g.entry_ref(actor), self.g.country_of(actor))
                        {
                            self.structural(
                                Key::Gaz(actor),
                                RelationKind::LocatedIn,
                                Key::Gaz(c),
                                hit.start,
                                hit.end,
                            );
                        }
                    }
                }
                What::Cue(Cue::Title(_)) => {
                    i = self.title_mention(None, i, h1, send);
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        if !self.surnames.is_empty() {
            self.coref_surnames(s.start as u32, send, first_m);
        }
        self.mentions[first_m..].sort_by_key(|m| m.start);
        self.sent_mentions
            .push((first_m as u32, self.mentions.len() as u32));
    }

    /// "Hill" after "Fiona Hill": capitalized words equal to the surname of
    /// a person found earlier.
    fn coref_surnames(&mut self, s: u32, e: u32, first_m: usize) {
        let text = self.span_text(s, e);
        let mut found: Vec<(u32, u32, u32)> = Vec::new();
        let mut prev_end: Option<usize> = None;
        let mut prev_start = 0usize;
        let mut idx = 0usize;
        let bytes = text.as_bytes();
        while idx < bytes.len() {
            let b = bytes[idx];
            let is_start = (b.is_ascii_uppercase() || b >= 0xC0)
                && (idx == 0 || !text[..idx].chars().next_back().is_some_and(is_word_char));
            if !is_start {
                idx += 1;
                continue;
            }
            let len = text[idx..]
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(text.len() - idx);
            if len == 0 {
                idx += text[idx..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            let word = &text[idx..idx + len];
            if let Some(&p) = self.surnames.get(word) {
                let ws = s + idx as u32;
                let we = ws + len as u32;
                // Extend over the first name ("Fiona Hill").
                let mut start = ws;
                if let Some(pe) = prev_end {
                    if pe + 1 == idx {
                        let first = &text[prev_start..pe];
                        if self.persons[p as usize].name.starts_with(first) {
                            start = s + prev_start as u32;
                        }
                    }
                }
                let overlaps = self.mentions[first_m..]
                    .iter()
                    .any(|m| m.start < we && start < m.end);
                if !overlaps {
                    found.push((start, we, p));
                }
            }
            prev_start = idx;
            prev_end = Some(idx + len);
            idx += len;
        }
        for (a, b, p) in found {
            self.push_mention(a, b, Key::Person(p));
        }
    }

    /// A name used only as a modifier, not as an actor: "former Soviet
    /// republics", "the Soviet era", "Moscow-friendly governments",
    /// "Russian-backed elites".
    fn attributive_only(&self, start: u32, end: u32, role: NameRole) -> bool {
        let after = self.span_text(end, (end + 12).min(self.text.len() as u32));
        if after.starts_with('-') && after[1..].starts_with(|c: char| c.is_lowercase()) {
            return true;
        }
        if role != NameRole::Demonym {
            return false;
        }
        let before = self
            .span_text(start.saturating_sub(8), start)
            .to_ascii_lowercase();
        let before = before.trim_start_matches(|c: char| !c.is_ascii());
        before.ends_with("former ")
            || before.ends_with("post-")
            || before.ends_with("ex-")
            || before.ends_with("pre-")
            || [" era", " times", " period", " language"]
                .iter()
                .any(|w| after.starts_with(w))
    }

    /// Whether the hit at `i` is a function word of a class.
    pub(crate) fn is_func_word(&self, w: Option<(u32, u32)>, f: Func) -> bool {
        w.is_some_and(|(s, e)| func_of(self.span_text(s, e)) == Some(f))
    }

    /// The word ending right before `pos` (spaces skipped).
    pub(crate) fn word_before(&self, pos: u32) -> Option<(u32, u32)> {
        let head = self.span_text(pos.saturating_sub(64), pos);
        let head_start = pos - head.len() as u32;
        let trimmed = head.trim_end_matches([' ', '\t']);
        let end = head_start + trimmed.len() as u32;
        let word = trimmed
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .next()?;
        (!word.is_empty()).then(|| (end - word.len() as u32, end))
    }

    /// The word starting at `pos` (spaces skipped).
    pub(crate) fn word_after(&self, pos: u32) -> Option<(u32, u32)> {
        let start = self.skip_spaces(pos);
        let tail = self.span_text(start, (start + 64).min(self.text.len() as u32));
        let word = tail
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .next()?;
        (!word.is_empty()).then(|| (start, start + word.len() as u32))
    }

    /// The function words of class `f` in bytes `s..e`, as spans.
    pub(crate) fn func_words(
        &self,
        s: u32,
        e: u32,
        f: Func,
    ) -> impl Iterator<Item = (u32, u32)> + '_ {
        let text = self.span_text(s, e);
        let base = text.as_ptr() as usize;
        text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .filter(move |w| !w.is_empty() && func_of(w) == Some(f))
            .map(move |w| {
                let off = (w.as_ptr() as usize - base) as u32;
                (s + off, s + off + w.len() as u32)
            })
    }
}

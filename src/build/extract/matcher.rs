//! One Aho–Corasick automaton (leftmost-longest, ASCII case-insensitive)
//! over every gazetteer name and every lexicon word, with the case and
//! word-boundary checks that the automaton itself cannot do.
//!
//! A match must start at a word boundary, so the automaton is run
//! anchored, from word starts only (an unanchored scan walks the automaton
//! at every byte: most of them inside words, where no match is kept). The
//! result is the leftmost-longest scan's: from each word start, the
//! longest pattern there, and the scan resumes after it (a rejected match
//! is skipped whole, as the unanchored iterator does). The one difference:
//! a pattern matching from inside a word (always rejected) can no longer
//! hide a name that starts after the word's end.

use std::collections::HashMap;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{Anchored, MatchKind, nfa};

use super::lexicon::{
    Cue, DEFINITES, GROUPS, MONTHS, NEGATION, SPECULATION, SPEECH, TITLES, TRIGGERS, Trigger,
    WEEKDAYS,
};
use crate::build::gazetteer::{EntryRef, Gazetteer};
use crate::model::Modality;

/// How a gazetteer name refers to its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameRole {
    /// The actor's name or alias.
    Name,
    /// A country's capital, standing for its government.
    Capital,
    /// A demonym adjective ("Russian").
    Demonym,
    /// A demonym plural ("Russians").
    DemonymPlural,
}

/// What a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum What {
    Entity { actor: u32, role: NameRole },
    Trigger(Trigger),
    Cue(Cue),
}

#[derive(Debug, Clone)]
struct Payload {
    what: What,
    /// Must match with exactly this spelling (acronyms, "May").
    exact: Option<Box<str>>,
    /// Must start with an uppercase letter.
    capital: bool,
}

/// A checked match.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Hit {
    pub start: u32,
    pub end: u32,
    pub what: What,
}

/// Trie depth up to which the automaton's states keep a full transition
/// table (deeper states are sparse).
const DENSE_DEPTH: usize = 4;

/// The compiled automaton.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    /// The anchored transitions of the automaton, flattened for the scan.
    walk: Walk,
    /// Bytes a pattern can start with (either ASCII case): the scan tries
    /// the automaton at a word start only for these.
    first: [bool; 256],
    payloads: Vec<Vec<Payload>>,
}

/// Header of a state in [`Walk::repr`] with a full table of children.
const DENSE: u32 = u32::MAX;

/// Header of a state in [`Walk::repr`] without children (distinct from
/// every class, so that no byte class selects a child).
const LEAF: u32 = u32::MAX - 1;

/// Flag of a child in [`Walk::repr`] whose state has a pattern: the walk
/// reads the pattern slot only then.
const MATCH: u32 = 1 << 31;

/// The pattern slot of a state in [`Walk::repr`] where no pattern ends.
const NO_PID: u32 = u32::MAX;

/// The anchored search of the automaton as a plain trie walk. Run
/// anchored, the Aho–Corasick NFA never follows a failure transition: its
/// live transitions are those of the pattern trie. They are read from the
/// automaton itself (`next_state` along every pattern, so the walk takes
/// exactly the automaton's transitions and reports exactly its matches)
/// and laid out in one array, a state's id being the offset of its
/// header. The generic NFA step (state kind, byte class, sparse chunks,
/// failure and special-state checks, the match start test) is replaced by
/// a header test and one or two loads.
#[derive(Debug, Clone)]
struct Walk {
    /// Class of each byte, shared by the two ASCII cases of a letter (the
    /// automaton is ASCII case-insensitive); 0 for bytes in no pattern.
    class: [u8; 256],
    /// The states, each `[pid, header, children…]` with its id the offset
    /// of the header: `pid` is the pattern the anchored search reports on
    /// reaching the state (one that starts where the walk started) or
    /// [`NO_PID`]; the header is [`LEAF`] for a state without children,
    /// the class of its only child (which follows), or [`DENSE`] followed
    /// by a child per class (0 for none, and always 0 for class 0). A
    /// child is its state's id, with [`MATCH`] set when that state has a
    /// pattern. Offset 0 is no state: a child 0 is none.
    repr: Vec<u32>,
    /// Number of classes (class 0 included).
    width: usize,
    /// The first two steps of a walk in one load: the child (as in
    /// [`Walk::repr`]) reached from the start by classes `c0`, `c1` at
    /// `c0 * width + c1`, or 0 when there is none or when the first step
    /// reaches a pattern (then the walk takes the steps one by one).
    pairs: Vec<u32>,
}

/// The anchored start state of [`Walk`].
const WALK_START: usize = 1;

impl Walk {
    /// Flattens the anchored transitions of `aut`, compiled from
    /// `patterns`.
    fn new<A: Automaton>(aut: &A, patterns: &[String]) -> Self {
        let mut class = [0u8; 256];
        let mut width = 1usize;
        for p in patterns {
            for &b in p.as_bytes() {
                let f = b.to_ascii_lowercase();
                if class[f as usize] == 0 {
                    // At most 231 distinct bytes once ASCII case folds.
                    let c = u8::try_from(width).unwrap_or(u8::MAX);
                    class[f as usize] = c;
                    class[f.to_ascii_uppercase() as usize] = c;
                    width += 1;
                }
            }
        }
        // The trie's states (ours, numbered in order of discovery) with
        // their pattern, and the edge to each from its parent (a trie
        // state has one).
        let mut pids = vec![NO_PID];
        let mut edges: Vec<(u32, u8, u32)> = Vec::new();
        if let Ok(start) = aut.start_state(Anchored::Yes) {
            // Our index of each automaton state (state ids are small
            // offsets into the automaton's memory); u32::MAX: none yet.
            let mut ids: Vec<u32> = Vec::new();
            set_id(&mut ids, start, 0);
            let mut depth = vec![0usize];
            for p in patterns {
                let (mut sid, mut node) = (start, 0usize);
                for &b in p.as_bytes() {
                    let next = aut.next_state(Anchored::Yes, sid, b);
                    if aut.is_dead(next) {
                        break;
                    }
                    let id = match ids.get(next.as_usize()) {
                        Some(&id) if id != u32::MAX => id,
                        _ => {
                            let id = pids.len() as u32;
                            let d = depth[node] + 1;
                            let mut pid = NO_PID;
                            if aut.is_match(next) {
                                let m = aut.match_pattern(next, 0);
                                // Matches copied from failure states start
                                // later: not an anchored match.
                                if aut.pattern_len(m) == d {
                                    pid = m.as_u32();
                                }
                            }
                            set_id(&mut ids, next, id);
                            pids.push(pid);
                            depth.push(d);
                            edges.push((node as u32, class[b as usize], id));
                            id
                        }
                    };
                    sid = next;
                    node = id as usize;
                }
            }
        }
        let mut nchildren = vec![0u32; pids.len()];
        for &(parent, _, _) in &edges {
            nchildren[parent as usize] += 1;
        }
        // Offsets of the headers, then the array.
        let mut offsets = Vec::with_capacity(pids.len());
        let mut len = WALK_START;
        for &n in &nchildren {
            offsets.push(len);
            len += match n {
                0 => 2,
                1 => 3,
                _ => 2 + width,
            };
        }
        debug_assert!(len < MATCH as usize, "offsets must not reach the flag bit");
        let mut repr = vec![0u32; len];
        for ((&o, &n), &pid) in offsets.iter().zip(&nchildren).zip(&pids) {
            repr[o - 1] = pid;
            repr[o] = match n {
                0 => LEAF,
                1 => 0, // the child's class, below
                _ => DENSE,
            };
        }
        for (parent, c, child) in edges {
            let flag = if pids[child as usize] == NO_PID {
                0
            } else {
                MATCH
            };
            // Offsets stay far below the flag bit (a few states a pattern).
            let (o, child) = (
                offsets[parent as usize],
                offsets[child as usize] as u32 | flag,
            );
            if nchildren[parent as usize] == 1 {
                repr[o] = u32::from(c);
                repr[o + 1] = child;
            } else {
                repr[o + 1 + c as usize] = child;
            }
        }
        let mut walk = Walk {
            class,
            repr,
            width,
            pairs: Vec::new(),
        };
        walk.pairs = walk.pair_table();
        walk
    }

    /// The child of `state` for class `c` (flagged as in [`Walk::repr`]),
    /// or 0 for none.
    #[inline]
    fn child(&self, state: usize, c: u32) -> u32 {
        let next = match self.repr.get(state) {
            Some(&DENSE) => self.repr.get(state + 1 + c as usize),
            Some(&h) if h == c => self.repr.get(state + 1),
            _ => None,
        };
        next.copied().unwrap_or(0)
    }

    /// The table of [`Walk::pairs`].
    fn pair_table(&self) -> Vec<u32> {
        let w = self.width;
        let mut pairs = vec![0u32; w * w];
        for c0 in 1..w {
            let first = self.child(WALK_START, c0 as u32);
            if first == 0 || first & MATCH != 0 {
                continue;
            }
            for c1 in 1..w {
                pairs[c0 * w + c1] = self.child(first as usize, c1 as u32);
            }
        }
        pairs
    }

    /// The pattern of `state` (a state reached by a child flagged
    /// [`MATCH`]).
    #[inline]
    fn pid(&self, state: usize) -> usize {
        self.repr.get(state - 1).copied().unwrap_or(NO_PID) as usize
    }

    /// The longest pattern matching at `s` (the automaton's anchored
    /// leftmost-longest search): its id and end.
    ///
    /// The first two steps are one load from [`Walk::pairs`] (when the
    /// first reaches no pattern); then a step is a class load, a header
    /// load and a child load: a byte in
    /// no pattern (class 0) finds no child in any state (see
    /// [`Walk::repr`]), and the pattern slot is read only for children
    /// flagged [`MATCH`].
    #[inline]
    fn longest_at(&self, bytes: &[u8], s: usize) -> Option<(usize, usize)> {
        let rest = bytes.get(s..).unwrap_or_default();
        let mut state = WALK_START;
        let mut found = None;
        let mut done = 0;
        if let [b0, b1, ..] = rest {
            let (c0, c1) = (self.class[*b0 as usize], self.class[*b1 as usize]);
            let two = self
                .pairs
                .get(usize::from(c0) * self.width + usize::from(c1))
                .copied()
                .unwrap_or(0);
            if two != 0 {
                state = (two & !MATCH) as usize;
                done = 2;
                if two & MATCH != 0 {
                    found = Some((self.pid(state), s + 2));
                }
            }
        }
        for (n, &b) in rest.iter().enumerate().skip(done) {
            let next = self.child(state, u32::from(self.class[b as usize]));
            if next == 0 {
                break;
            }
            state = (next & !MATCH) as usize;
            if next & MATCH != 0 {
                found = Some((self.pid(state), s + n + 1));
            }
        }
        found
    }
}

fn is_acronym(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (1..=6).contains(&letters)
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '.' || c.is_ascii_digit())
}

/// Titles matched only with their exact spelling (they are also common words).
fn title_is_exact(t: &str) -> bool {
    matches!(
        t,
        "General"
            | "King"
            | "Queen"
            | "Premier"
            | "MP"
            | "PM"
            | "Mr."
            | "Mrs."
            | "Ms."
            | "Dr."
            | "Sen."
            | "Rep."
            | "Gen."
            | "Emir"
            | "Admiral"
            | "Representative"
    )
}

#[derive(Default)]
struct Table {
    keys: HashMap<String, usize>,
    patterns: Vec<String>,
    payloads: Vec<Vec<Payload>>,
}

impl Table {
    fn add(&mut self, pattern: &str, p: Payload) {
        let pattern = pattern.trim();
        if pattern.is_empty() {
            return;
        }
        let key = pattern.to_ascii_lowercase();
        let i = *self.keys.entry(key).or_insert_with(|| {
            self.patterns.push(pattern.to_string());
            self.payloads.push(Vec::new());
            self.patterns.len() - 1
        });
        // One payload per distinct meaning.
        if !self.payloads[i]
            .iter()
            .any(|q| q.what == p.what && q.exact == p.exact)
        {
            self.payloads[i].push(p);
        }
    }

    fn entity(&mut self, name: &str, actor: u32, role: NameRole) {
        // "the Kremlin" is matched as "Kremlin" (names must be capitalized).
        let name = name
            .strip_prefix("the ")
            .or_else(|| name.strip_prefix("The "))
            .unwrap_or(name);
        let exact = is_acronym(name).then(|| Box::from(name));
        self.add(
            name,
            Payload {
                what: What::Entity { actor, role },
                exact,
                capital: true,
            },
        );
    }

    fn word(&mut self, w: &str, what: What) {
        self.add(
            w,
            Payload {
                what,
                exact: None,
                capital: false,
            },
        );
        // Typographic apostrophes.
        if w.contains('\'') {
            self.add(
                &w.replace('\'', "’"),
                Payload {
                    what,
                    exact: None,
                    capital: false,
                },
            );
        }
    }
}

impl Table {
    /// Every pattern of the gazetteer `g` and the lexicon, with its
    /// payloads.
    fn of(g: &Gazetteer, capitals_as_country: bool) -> Table {
        let mut t = Table::default();
        // Payloads are tried in insertion order: entities first, then
        // calendar words (capitalized "May" is a month), then the rest.
        for (i, a) in g.actors().iter().enumerate() {
            let i = i as u32;
            if matches!(g.entry_ref(i), Some(EntryRef::Capital(_))) {
                continue; // registered with their country below
            }
            for n in a.names() {
                t.entity(n, i, NameRole::Name);
            }
            if let Some(EntryRef::Country(ci)) = g.entry_ref(i) {
                let c = &g.countries()[ci as usize];
                // Capitals stand for the country, or for their city actor.
                let target = if capitals_as_country {
                    Some(i)
                } else {
                    g.capital_of(ci)
                };
                if let Some(target) = target {
                    for cap in c.capital.iter().chain(&c.capital_aliases) {
                        t.entity(cap, target, NameRole::Capital);
                    }
                }
                for d in &c.demonyms {
                    t.entity(d, i, NameRole::Demonym);
                }
                for d in &c.demonym_plurals {
                    t.entity(d, i, NameRole::DemonymPlural);
                }
            }
        }
        for (i, &w) in WEEKDAYS.iter().enumerate() {
            t.add(
                w,
                Payload {
                    what: What::Cue(Cue::Weekday(i as u8)),
                    exact: None,
                    capital: true,
                },
            );
        }
        for &(w, m) in MONTHS {
            t.add(
                w,
                Payload {
                    what: What::Cue(Cue::Month(m)),
                    exact: None,
                    capital: true,
                },
            );
        }
        for &(w, kind, form, reliability, needs) in TRIGGERS {
            t.word(
                w,
                What::Trigger(Trigger {
                    kind,
                    form,
                    reliability,
                    needs,
                }),
            );
        }
        for &(w, denial) in SPEECH {
            t.word(w, What::Cue(Cue::Speech { denial }));
        }
        for &w in SPECULATION {
            t.word(w, What::Cue(Cue::Modal(Modality::Speculation)));
        }
        for &w in NEGATION {
            t.word(w, What::Cue(Cue::Negation));
        }
        for &(w, class) in GROUPS {
            t.word(w, What::Cue(Cue::Group(class)));
        }
        for &(w, d) in DEFINITES {
            t.word(w, What::Cue(Cue::Definite(d)));
        }
        for (i, &(w, _, _)) in TITLES.iter().enumerate() {
            let what = What::Cue(Cue::Title(i as u16));
            if title_is_exact(w) {
                t.add(
                    w,
                    Payload {
                        what,
                        exact: Some(Box::from(w)),
                        capital: true,
                    },
                );
            } else {
                t.word(w, what);
            }
        }
        t
    }
}

impl Matcher {
    /// Compiles the automaton.
    pub(crate) fn new(
        g: &Gazetteer,
        capitals_as_country: bool,
    ) -> Result<Self, aho_corasick::BuildError> {
        let t = Table::of(g, capitals_as_country);
        let automaton = nfa::contiguous::Builder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .prefilter(false)
            .dense_depth(DENSE_DEPTH)
            .build(&t.patterns)?;
        let first = first_bytes(&automaton);
        let walk = Walk::new(&automaton, &t.patterns);
        Ok(Matcher {
            walk,
            first,
            payloads: t.payloads,
        })
    }

    /// Every checked match in `text`, in order.
    pub(crate) fn scan(&self, text: &str, out: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        let mut i = 0usize;
        // Whether the character before `i` is alphanumeric.
        let mut in_word = false;
        while i < bytes.len() {
            let b = bytes[i];
            if !in_word && self.first[b as usize] {
                if let Some((pid, e)) = self.walk.longest_at(bytes, i) {
                    self.check(text, i, e, pid, out);
                    // Resume after the match, accepted or not.
                    i = e;
                    in_word = text[..e].chars().next_back().is_some_and(is_alphanumeric);
                    continue;
                }
            }
            if b < 0x80 {
                i += 1;
                in_word = ASCII_ALNUM[b as usize];
                if in_word {
                    // The rest of an ASCII word holds no word start.
                    while i < bytes.len() && ASCII_ALNUM[bytes[i] as usize] {
                        i += 1;
                    }
                }
            } else {
                // `i` is a char boundary: the scan moves by whole chars.
                let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
                in_word = is_alphanumeric(c);
                i += c.len_utf8();
            }
        }
    }

    /// Checks the match `s..e` of pattern `pid` (which starts at a word
    /// boundary) and keeps it when it fits.
    #[inline]
    fn check(&self, text: &str, s: usize, e: usize, pid: usize, out: &mut Vec<Hit>) {
        if !boundary_after(text, e) {
            return;
        }
        let matched = &text.as_bytes()[s..e];
        let first_upper = text[s..].chars().next().is_some_and(char::is_uppercase);
        let chosen = self.payloads[pid].iter().find(|p| {
            if let Some(x) = &p.exact {
                return x.as_bytes() == matched;
            }
            !p.capital || first_upper
        });
        if let Some(p) = chosen {
            // Offsets fit: the caller checks the text length.
            out.push(Hit {
                start: s as u32,
                end: e as u32,
                what: p.what,
            });
        }
    }
}

/// `u8::is_ascii_alphanumeric` as a table (one load per byte in the scan).
static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0usize;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// `char::is_alphanumeric`, answering the General Punctuation block
/// (curly quotes, dashes: most non-ASCII characters of news text) without
/// the Unicode table lookup.
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    !('\u{2000}'..='\u{206F}').contains(&c) && c.is_alphanumeric()
}

/// Records our index `id` of the automaton state `sid`.
fn set_id(ids: &mut Vec<u32>, sid: StateID, id: u32) {
    let i = sid.as_usize();
    if ids.len() <= i {
        ids.resize(i + 1, u32::MAX);
    }
    ids[i] = id;
}

/// The bytes that leave the anchored start state.
fn first_bytes<A: Automaton>(aut: &A) -> [bool; 256] {
    let mut first = [false; 256];
    // An anchored start state always exists for these automata.
    if let Ok(start) = aut.start_state(Anchored::Yes) {
        for (b, f) in first.iter_mut().enumerate() {
            let next = aut.next_state(Anchored::Yes, start, b as u8);
            *f = !aut.is_dead(next);
        }
    }
    first
}

fn boundary_after(text: &str, e: usize) -> bool {
    let last = text[..e].chars().next_back();
    if last.is_some_and(|c| !is_alphanumeric(c)) {
        // The pattern ends in punctuation ("U.S.", "Gen.").
        return true;
    }
    text[e..].chars().next().is_none_or(|c| !is_alphanumeric(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mini() -> Gazetteer {
        Gazetteer::from_json_str(
            include_str!("../../../tests/fixtures/mini_gazetteer.json"),
            "mini",
        )
        .unwrap()
    }

    fn entities(m: &Matcher, g: &Gazetteer, text: &str) -> Vec<(String, String)> {
        let mut hits = Vec::new();
        m.scan(text, &mut hits);
        hits.iter()
            .filter_map(|h| match h.what {
                What::Entity { actor, .. } => Some((
                    text[h.start as usize..h.end as usize].to_string(),
                    g.actor_at(actor).id.to_string(),
                )),
                _ => None,
            })
            .collect()
    }

    /// The flattened walk answers what the automaton's own anchored
    /// leftmost-longest search answers, from every char boundary of news
    /// texts, in both capital conventions (the walk replaced a
    /// `next_state` loop over the automaton).
    #[test]
    fn walk_matches_anchored_search() {
        use aho_corasick::{AhoCorasick, Input, StartKind};
        let g = Gazetteer::builtin();
        let texts = [
            crate::seed::ARTICLE,
            include_str!("../../../tests/texts/caucasus.txt"),
            include_str!("../../../tests/texts/taiwan.txt"),
            "the U.S.-led NATO’s Kassym-Jomart Tokayev, RUSSIA; the Kremlin's \
             São Tomé and Príncipe, Côte d’Ivoire — said, didn't, did not",
        ];
        for capitals in [false, true] {
            let m = Matcher::new(&g, capitals).unwrap();
            let t = Table::of(&g, capitals);
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .start_kind(StartKind::Anchored)
                .build(&t.patterns)
                .unwrap();
            let mut found = 0;
            for text in texts {
                for (i, _) in text.char_indices() {
                    let input = Input::new(text).range(i..).anchored(Anchored::Yes);
                    let want = ac.find(input).map(|x| (x.pattern().as_usize(), x.end()));
                    assert_eq!(m.walk.longest_at(text.as_bytes(), i), want, "at {i}");
                    found += usize::from(want.is_some());
                }
            }
            assert!(found > 500, "{found}");
        }
    }

    #[test]
    fn general_punctuation_is_not_alphanumeric() {
        for c in ('\u{2000}'..='\u{206F}').chain(['a', 'Ж', '7', '’', ' ', '字']) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn boundaries_and_case() {
        let g = mini();
        let m = Matcher::new(&g, true).unwrap();
        assert!(entities(&m, &g, "BUSINESS as usual for us").is_empty());
        assert_eq!(
            entities(&m, &g, "The US and the U.S. Navy"),
            [
                ("US".into(), "united_states".into()),
                ("U.S.".into(), "united_states".into())
            ]
        );
        // Iranian is a demonym entry, so it matches as itself, not as Iran.
        let e = entities(&m, &g, "Iranian drones hit Iran.");
        assert_eq!(
            e,
            [
                ("Iranian".into(), "iran".into()),
                ("Iran".into(), "iran".into())
            ]
        );
        assert_eq!(entities(&m, &g, "Iranians")[0].1, "iran");
        assert!(entities(&m, &g, "Iraniansk").is_empty());
        assert!(
            entities(&m, &g, "the nato summit").is_empty(),
            "acronyms are case-sensitive"
        );
        assert_eq!(entities(&m, &g, "RUSSIA and Moscow’s men")[1].1, "russia");
        assert_eq!(entities(&m, &g, "a Russia-led alliance")[0].0, "Russia");
        assert_eq!(
            entities(&m, &g, "Kassym-Jomart Tokayev")[0].1,
            "kassym_jomart_tokayev"
        );
    }
}

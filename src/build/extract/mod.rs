//! Relation extraction from English news text.
//!
//! The pipeline, one pass per stage, linear in the text:
//!
//! 1. [sentences](crate::build::split_sentences) and paragraphs;
//! 2. one Aho–Corasick scan (leftmost-longest) for every gazetteer name and
//!    every lexicon word, with word-boundary and case checks (acronyms are
//!    case-sensitive, names must be capitalized);
//! 3. mentions ([`mentions`]): gazetteer names, capitals as metonyms for
//!    their state, demonyms ("Russian troops" → Russia), "Russia-led
//!    alliance" → the alliance the gazetteer says Russia leads, title + name
//!    ("Kazakh President Kassym-Jomart Tokayev"), titles resolved by the
//!    document date ("the president of Kazakhstan"), people introduced by a
//!    title or a speech verb (new Person actors with role and affiliation),
//!    surname coreference ("Hill" after "Fiona Hill"), group actors
//!    ("Kazakh protesters", "separatists in eastern Ukraine", "the Belarusian
//!    opposition", "Putin's inner circle", "the Biden administration"),
//!    definite descriptions ("the country", "the government") and pronouns
//!    (he/him/his, she/her, they/them/their: the most recent compatible
//!    actor by kind, number and learned gender, with a preference for the
//!    previous sentence's subject and never the object's own clause);
//! 4. speech and quotations ([`attribution`]): "X said", "said X, a …",
//!    "according to X", pronouns ("he added") for the last speaker, quoted
//!    passages across sentences and paragraphs;
//! 5. relation patterns ([`patterns`]): trigger verbs and nouns in active,
//!    passive and nominal forms; nearest actor left of the trigger is the
//!    agent, nearest right the patient, passives flip, coordinated actors
//!    ("Washington and Kiev … cooperation", "asked about X and Y") pair
//!    up, subjects with appositives and fronted agent nouns ("A critic of X,
//!    Y said") are found, "X-backed Y" is support;
//! 6. modality and negation cues ([`modality`]) and dates ([`dates`]).
//!
//! Every relation carries its sentence as evidence (byte span and quote)
//! and a confidence from the pattern's reliability and its cues.
//!
//! ```
//! use geokg::build::{Extractor, Gazetteer};
//! use geokg::{Date, RelationKind};
//! let ex = Extractor::builder()
//!     .gazetteer(Gazetteer::builtin())
//!     .date(Date::day(2022, 1, 8).unwrap())
//!     .build()
//!     .unwrap();
//! let g = ex.extract("Russian troops invaded Ukraine on Thursday, officials said.").unwrap();
//! let r = g.relations().find(|r| r.kind() == RelationKind::Invades).unwrap();
//! assert_eq!(r.source().id.as_str(), "russia");
//! assert_eq!(r.target().id.as_str(), "ukraine");
//! assert_eq!(r.date().unwrap().to_string(), "2022-01-06");
//! ```

pub mod attribution;
pub mod background;
pub mod dates;
pub mod evaluate;
pub(crate) mod lexicon;
pub(crate) mod matcher;
pub mod mentions;
pub mod modality;
pub mod patterns;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use indexmap::IndexMap;

use self::matcher::{Hit, Matcher};
use crate::build::gazetteer::Gazetteer;
use crate::build::sentence::{Sentence, split_sentences};
use crate::error::GraphError;
use crate::graph::KnowledgeGraph;
use crate::model::{Actor, ActorId, Date, Document, DocumentId, Evidence, Relation, Span};

pub use evaluate::{Evaluation, Family, Score, evaluate};

/// Why extraction failed.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The text is longer than evidence spans can address (4 GiB).
    #[error("text of {len} bytes is too large: evidence spans address at most {max} bytes")]
    TooLarge {
        /// Text length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The document id is invalid.
    #[error("invalid document id: {0}")]
    DocumentId(#[from] crate::model::IdError),
    /// The gazetteer's names could not be compiled into an automaton.
    #[error("cannot compile the gazetteer: {0}")]
    Automaton(String),
    /// The graph refused an extracted item (a bug if it ever happens).
    #[error("graph refused an extracted item: {0}")]
    Graph(#[from] GraphError),
}

/// Options of the extractor.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractOptions {
    /// Map capitals to their country's actor ("Moscow" → `russia`). When
    /// false (the default, the curated seed graph's convention), a capital
    /// is its own city actor (`moscow`, kind city, located in `russia`)
    /// that stands for the government in relations.
    pub capitals_as_country: bool,
    /// Emit structural relations: `leads` for "Russian President Vladimir
    /// Putin", `affiliated_with` for people with a known affiliation.
    pub structural_relations: bool,
    /// Add memberships known from the gazetteer between mentioned actors
    /// (`kazakhstan —member_of→ csto` when both are mentioned), marked with
    /// the note `"gazetteer"`; see [`background`]. On by default.
    pub background_memberships: bool,
    /// Put every actor the text mentions into the graph, not only those
    /// that take part in a relation. On by default.
    pub all_mentioned_actors: bool,
    /// Minimum confidence of an emitted relation.
    pub min_confidence: f32,
    /// The document id used in evidence.
    pub document_id: String,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            capitals_as_country: false,
            structural_relations: true,
            background_memberships: true,
            all_mentioned_actors: true,
            min_confidence: 0.3,
            document_id: "document".to_string(),
        }
    }
}

/// Turns news text into a [`KnowledgeGraph`]; built once, used for many
/// documents.
#[derive(Debug, Clone)]
pub struct Extractor {
    gazetteer: Gazetteer,
    matcher: Matcher,
    date: Option<Date>,
    options: ExtractOptions,
}

/// Builder of an [`Extractor`].
#[derive(Debug, Clone, Default)]
pub struct ExtractorBuilder {
    gazetteer: Option<Gazetteer>,
    date: Option<Date>,
    options: ExtractOptions,
}

impl ExtractorBuilder {
    /// The gazetteer (default: [`Gazetteer::builtin`]).
    pub fn gazetteer(mut self, g: Gazetteer) -> Self {
        self.gazetteer = Some(g);
        self
    }

    /// The document date: anchor for "Thursday", "in January", and the
    /// date at which leaders are resolved.
    pub fn date(mut self, d: Date) -> Self {
        self.date = Some(d);
        self
    }

    /// All options at once.
    pub fn options(mut self, o: ExtractOptions) -> Self {
        self.options = o;
        self
    }

    /// The document id used in evidence.
    pub fn document_id(mut self, id: impl Into<String>) -> Self {
        self.options.document_id = id.into();
        self
    }

    /// Whether capitals map to their country's actor (see
    /// [`ExtractOptions::capitals_as_country`]).
    pub fn capitals_as_country(mut self, yes: bool) -> Self {
        self.options.capitals_as_country = yes;
        self
    }

    /// Whether to emit structural relations (`leads`, `affiliated_with`).
    pub fn structural_relations(mut self, yes: bool) -> Self {
        self.options.structural_relations = yes;
        self
    }

    /// Whether to add gazetteer memberships between mentioned actors (see
    /// [`ExtractOptions::background_memberships`]).
    pub fn background_memberships(mut self, yes: bool) -> Self {
        self.options.background_memberships = yes;
        self
    }

    /// Whether every mentioned actor goes into the graph (see
    /// [`ExtractOptions::all_mentioned_actors`]).
    pub fn all_mentioned_actors(mut self, yes: bool) -> Self {
        self.options.all_mentioned_actors = yes;
        self
    }

    /// Compiles the extractor.
    pub fn build(self) -> Result<Extractor, ExtractError> {
        DocumentId::new(&self.options.document_id)?;
        let gazetteer = self.gazetteer.unwrap_or_else(Gazetteer::builtin);
        let matcher = Matcher::new(&gazetteer, self.options.capitals_as_country)
            .map_err(|e| ExtractError::Automaton(e.to_string()))?;
        Ok(Extractor {
            gazetteer,
            matcher,
            date: self.date,
            options: self.options,
        })
    }
}

/// The id of an actor during extraction: a gazetteer actor or a person
/// found in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    Gaz(u32),
    Person(u32),
}

/// A mention of an actor in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mention {
    pub start: u32,
    pub end: u32,
    pub key: Key,
    /// The subject of a speech verb: not a participant of what it reports.
    pub speaker: bool,
    /// A pronoun standing for `key` (resolved after the sentence's speech).
    pub pronoun: Option<lexicon::Pronoun>,
}

/// A speech act: who speaks and over which bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Speech {
    pub verb_start: u32,
    pub speaker: Option<Key>,
    pub scope: (u32, u32),
    pub denial: bool,
}

/// A quoted passage and its speaker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Quote {
    pub start: u32,
    pub end: u32,
    /// Index of the first quote of its chain (continued across paragraphs).
    pub chain: u32,
    pub speaker: Option<Key>,
    pub attributed: bool,
}

/// A fast hasher (the Fx multiply-rotate scheme) for the extractor's
/// small integer keys ([`Key`], relation kinds, flags). These keys are
/// indices, never text, so the input cannot choose colliding keys;
/// SipHash on them cost 4% of extraction time.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl KeyHasher {
    #[inline]
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.add(u64::from(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // hashbrown takes the bucket from the low bits and the tag from
        // the high bits: spread the well-mixed high bits to both.
        self.0.rotate_left(26)
    }
}

/// Build-hasher of maps keyed by [`Key`] and other small integers.
pub(crate) type KeyHash = BuildHasherDefault<KeyHasher>;

/// What makes two extracted relations the same: source, kind, target,
/// speaker, modality, negation.
pub(crate) type DedupKey = (Key, u8, Key, Option<Key>, u8, bool);

/// Per-document state shared by the stages.
pub(crate) struct Doc<'a> {
    pub text: &'a str,
    pub g: &'a Gazetteer,
    pub opts: &'a ExtractOptions,
    pub date: Option<Date>,
    pub doc_id: DocumentId,
    pub hits: Vec<Hit>,
    pub sentences: Vec<Sentence>,
    /// Hit index range of each sentence.
    pub sent_hits: Vec<(u32, u32)>,
    /// Function words, capitalized words and pronoun candidates of the
    /// text, found in one pass.
    pub words: mentions::WordIndex,
    pub mentions: Vec<Mention>,
    /// Mention index range of each sentence.
    pub sent_mentions: Vec<(u32, u32)>,
    pub speech: Vec<Speech>,
    pub sent_speech: Vec<(u32, u32)>,
    pub quotes: Vec<Quote>,
    /// The last answer of [`Doc::quote_at`] (lookups come in text order).
    pub quote_hint: std::cell::Cell<usize>,
    pub persons: Vec<Actor>,
    pub person_ids: HashMap<ActorId, u32, KeyHash>,
    pub surnames: HashMap<String, u32, KeyHash>,
    pub last_speaker: Option<Key>,
    pub last_person: Option<Key>,
    /// Relations found, their evidence in [`Doc::relation_spans`].
    pub relations: Vec<Relation>,
    /// The evidence of each relation of [`Doc::relations`] as spans of
    /// this document (all the extractor's evidence has this form: see
    /// [`Doc::evidence`]), in text order; the graph reads the quotes from
    /// the text. A `Span` is 8 bytes against 56 for an [`Evidence`] with
    /// its document id, and needs no reference count.
    pub relation_spans: Vec<Vec<Span>>,
    /// Relation index by (source, kind, target, speaker, modality, negated).
    pub dedup: HashMap<DedupKey, usize, KeyHash>,
    pub keys_of_relations: Vec<(Key, Key)>,
    pub used: IndexMap<Key, (), KeyHash>,
    /// Who made the last request or demand ("rejected this request").
    pub last_request: Option<Key>,
    /// Coreference state: genders learned from pronouns, the last group
    /// of each class, the last accuser.
    pub coref: mentions::Coref,
    /// Scratch buffer of [`Doc::sentence_relations`] (reused per sentence).
    pub scratch_mentions: Vec<Mention>,
    /// Scratch agent, patient and pair lists of `relations_of` (reused
    /// per sentence).
    pub scratch_roles: (Vec<Key>, Vec<Key>, Vec<(Key, Key)>),
}

impl<'a> Doc<'a> {
    pub(crate) fn actor(&self, k: Key) -> &Actor {
        match k {
            Key::Gaz(i) => self.g.actor_at(i),
            Key::Person(i) => &self.persons[i as usize],
        }
    }

    pub(crate) fn id(&self, k: Key) -> ActorId {
        self.actor(k).id.clone()
    }

    /// The text of bytes `s..e`. Windows of a fixed byte length ("the 40
    /// bytes after the trigger") may end inside a character: they end
    /// before it instead of coming out empty. A range that starts inside a
    /// character or runs backwards is "".
    #[inline]
    pub(crate) fn span_text(&self, s: u32, e: u32) -> &'a str {
        let (s, e) = (s as usize, e as usize);
        if let Some(t) = self.text.get(s..e) {
            return t;
        }
        let mut e = e.min(self.text.len());
        while e > s && !self.text.is_char_boundary(e) {
            e -= 1;
        }
        self.text.get(s..e).unwrap_or("")
    }

    /// Evidence for the sentence `si`.
    pub(crate) fn sentence_evidence(&self, si: usize) -> Evidence {
        let s = self.sentences[si];
        self.evidence(s.start as u32, s.end as u32)
    }

    /// Evidence for bytes `s..e`. The quote is left empty: the graph fills
    /// it in from the document text (no copy per relation).
    pub(crate) fn evidence(&self, s: u32, e: u32) -> Evidence {
        let span = Span { start: s, end: e };
        Evidence::quote(self.doc_id.clone(), span, String::new())
    }

    /// Merges a relation into an equal one already found (same dedup key):
    /// raises its confidence, fills its date, adds the evidence span `ev`.
    /// Returns false, changing nothing, when there is none (or when
    /// [`push_relation`](Self::push_relation) would drop it). Callers try
    /// this before building a [`Relation`] (ids, evidence) that would only
    /// be merged.
    pub(crate) fn merge_relation(
        &mut self,
        key: DedupKey,
        confidence: f32,
        date: Option<Date>,
        ev: Span,
    ) -> bool {
        if key.0 == key.2 || confidence < self.opts.min_confidence {
            // push_relation drops it: nothing to build either.
            return true;
        }
        let Some(&i) = self.dedup.get(&key) else {
            return false;
        };
        let old = &mut self.relations[i];
        old.confidence = old.confidence.max(confidence);
        if old.date.is_none() {
            old.date = date;
        }
        push_span(&mut self.relation_spans[i], ev);
        true
    }

    /// Moves the evidence of `r` that is a bare span of this document
    /// (all of it, as [`Doc::evidence`] builds it) to `spans`, skipping
    /// repeats; other evidence stays in `r`.
    fn take_spans(&self, r: &mut Relation, spans: &mut Vec<Span>) {
        r.evidence.retain(|ev| match ev.span {
            Some(s) if ev.quote.is_empty() && ev.document == self.doc_id => {
                push_span(spans, s);
                false
            }
            _ => true,
        });
    }

    /// Adds a relation, merging it with an equal one (same ends, kind,
    /// speaker, modality, negation) by adding its evidence.
    pub(crate) fn push_relation(
        &mut self,
        src: Key,
        dst: Key,
        speaker: Option<Key>,
        mut r: Relation,
    ) {
        if src == dst || r.confidence < self.opts.min_confidence {
            return;
        }
        let key = (src, r.kind as u8, dst, speaker, r.modality as u8, r.negated);
        if let Some(&i) = self.dedup.get(&key) {
            let mut spans = std::mem::take(&mut self.relation_spans[i]);
            self.take_spans(&mut r, &mut spans);
            self.relation_spans[i] = spans;
            let old = &mut self.relations[i];
            old.confidence = old.confidence.max(r.confidence);
            if old.date.is_none() {
                old.date = r.date;
            }
            // Evidence arrives in text order: a repeat is the last one.
            for ev in r.evidence {
                if old.evidence.last() != Some(&ev) {
                    old.evidence.push(ev);
                }
            }
            return;
        }
        let mut spans = Vec::new();
        self.take_spans(&mut r, &mut spans);
        self.relation_spans.push(spans);
        self.used.insert(src, ());
        self.used.insert(dst, ());
        if let Some(s) = speaker {
            self.used.insert(s, ());
        }
        self.dedup.insert(key, self.relations.len());
        self.relations.push(r);
        self.keys_of_relations.push((src, dst));
    }
}

/// Appends the evidence span `s` unless it repeats the last one
/// (evidence arrives in text order: a repeat is the last one).
fn push_span(spans: &mut Vec<Span>, s: Span) {
    if spans.last() != Some(&s) {
        spans.push(s);
    }
}

impl Extractor {
    /// A builder (builtin gazetteer, no document date, default options).
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// An extractor with the builtin gazetteer and default options.
    pub fn new() -> Result<Self, ExtractError> {
        Self::builder().build()
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The options in use.
    pub fn options(&self) -> &ExtractOptions {
        &self.options
    }

    /// Extracts a graph from text. The graph holds one document (the text,
    /// with the extractor's date), the actors that take part in relations,
    /// every person found, every mentioned actor (unless
    /// [`ExtractOptions::all_mentioned_actors`] is off) and the relations.
    pub fn extract(&self, text: &str) -> Result<KnowledgeGraph, ExtractError> {
        self.extract_with_date(text, self.date)
    }

    /// Like [`extract`](Self::extract) with another document date.
    pub fn extract_with_date(
        &self,
        text: &str,
        date: Option<Date>,
    ) -> Result<KnowledgeGraph, ExtractError> {
        let max = u32::MAX as usize - 1;
        if text.len() > max {
            return Err(ExtractError::TooLarge {
                len: text.len(),
                max,
            });
        }
        let doc_id = DocumentId::new(&self.options.document_id)?;
        let sentences = split_sentences(text);
        // The per-sentence tables get one entry a sentence: allocated once
        // rather than grown (and copied) by doubling.
        let n = sentences.len();
        let mut doc = Doc {
            text,
            g: &self.gazetteer,
            opts: &self.options,
            date,
            doc_id: doc_id.clone(),
            hits: Vec::with_capacity(text.len() / 12),
            sentences,
            sent_hits: Vec::with_capacity(n),
            words: mentions::WordIndex::new(text),
            mentions: Vec::new(),
            sent_mentions: Vec::with_capacity(n),
            speech: Vec::new(),
            sent_speech: Vec::with_capacity(n),
            quotes: Vec::new(),
            quote_hint: std::cell::Cell::new(0),
            persons: Vec::new(),
            person_ids: HashMap::default(),
            surnames: HashMap::default(),
            last_speaker: None,
            last_person: None,
            relations: Vec::new(),
            relation_spans: Vec::new(),
            dedup: HashMap::default(),
            keys_of_relations: Vec::new(),
            used: IndexMap::default(),
            last_request: None,
            coref: mentions::Coref::default(),
            scratch_mentions: Vec::new(),
            scratch_roles: Default::default(),
        };
        self.matcher.scan(text, &mut doc.hits);
        // About one mention a hit (names, demonyms, titles; lexicon words
        // make none, pronouns and surnames add some).
        doc.mentions.reserve(doc.hits.len());
        // Hits by sentence.
        let mut h = 0usize;
        for s in &doc.sentences {
            while h < doc.hits.len() && (doc.hits[h].start as usize) < s.start {
                h += 1;
            }
            let first = h;
            while h < doc.hits.len() && (doc.hits[h].end as usize) <= s.end {
                h += 1;
            }
            doc.sent_hits.push((first as u32, h as u32));
        }
        doc.find_quotes();
        for si in 0..doc.sentences.len() {
            doc.sentence_mentions(si);
            doc.sentence_speech(si);
        }
        doc.attribute_quotes();
        for si in 0..doc.sentences.len() {
            doc.sentence_relations(si);
        }
        doc.administration_members();
        doc.background_memberships();
        self.graph_of(doc, text, date)
    }

    /// Extracts from bytes, decoding invalid UTF-8 lossily (each invalid
    /// sequence becomes U+FFFD); spans index the decoded text, which the
    /// graph's document holds.
    pub fn extract_bytes(&self, bytes: &[u8]) -> Result<KnowledgeGraph, ExtractError> {
        // `str::from_utf8` validates ASCII runs a word at a time; the lossy
        // decoder walks every byte (7 instructions a byte on news text).
        match std::str::from_utf8(bytes) {
            Ok(text) => self.extract(text),
            Err(_) => self.extract(&String::from_utf8_lossy(bytes)),
        }
    }

    fn graph_of(
        &self,
        doc: Doc<'_>,
        text: &str,
        date: Option<Date>,
    ) -> Result<KnowledgeGraph, ExtractError> {
        let mut g =
            KnowledgeGraph::with_capacity(doc.used.len() + doc.persons.len(), doc.relations.len());
        let mut d = Document::new(doc.doc_id.clone()).with_text(text);
        if let Some(date) = date {
            d = d.with_published(date);
        }
        g.add_document(d)?;
        // Actors: those in relations, every person, and the actors they reference.
        let mut keys: Vec<Key> = doc.used.keys().copied().collect();
        if self.options.all_mentioned_actors {
            // One flag per gazetteer actor and per person (a map lookup
            // per mention cost more than the rest of this function).
            let mut seen = KeySet::new(self.gazetteer.actors().len(), doc.persons.len());
            for &k in &keys {
                seen.insert(k);
            }
            for m in &doc.mentions {
                // Pronouns and other mentions coreference could not resolve.
                if m.key == mentions::UNRESOLVED {
                    continue;
                }
                if seen.insert(m.key) {
                    keys.push(m.key);
                }
            }
        }
        for i in 0..doc.persons.len() {
            let k = Key::Person(i as u32);
            // Groups ("Kazakh protesters") only when they take part.
            let person = doc.persons[i].kind() == crate::model::ActorKind::Person;
            if person && !doc.used.contains_key(&k) {
                keys.push(k);
            }
        }
        let mut added: HashMap<ActorId, (), KeyHash> = HashMap::default();
        let mut pending: Vec<Actor> = Vec::new();
        for k in keys {
            let a = doc.actor(k).clone();
            if added.insert(a.id.clone(), ()).is_none() {
                pending.push(a);
            }
        }
        // Referenced actors (a leader's country, a person's affiliation).
        let mut i = 0;
        while i < pending.len() {
            let refs: Vec<ActorId> = pending[i].details.referenced_actors().cloned().collect();
            for r in refs {
                if added.contains_key(&r) {
                    continue;
                }
                let found = self
                    .gazetteer
                    .actor(r.as_str())
                    .or_else(|| doc.persons.iter().find(|p| p.id == r));
                match found {
                    Some(a) => {
                        added.insert(r, ());
                        pending.push(a.clone());
                    }
                    None => {
                        // Drop the dangling reference rather than fail.
                        clear_reference(&mut pending[i], &r);
                    }
                }
            }
            i += 1;
        }
        for a in pending {
            g.add_actor(a)?;
        }
        for (r, spans) in doc.relations.into_iter().zip(&doc.relation_spans) {
            g.add_relation_spans(r, &doc.doc_id, spans)?;
        }
        Ok(g)
    }
}

/// A set of [`Key`]s as flags indexed by gazetteer actor and by person,
/// with a list for keys beyond the sizes given.
struct KeySet {
    gaz: Vec<bool>,
    person: Vec<bool>,
    other: Vec<Key>,
}

impl KeySet {
    fn new(gaz: usize, persons: usize) -> Self {
        KeySet {
            gaz: vec![false; gaz],
            person: vec![false; persons],
            other: Vec::new(),
        }
    }

    /// Adds `k`; whether it was new.
    fn insert(&mut self, k: Key) -> bool {
        let flag = match k {
            Key::Gaz(i) => self.gaz.get_mut(i as usize),
            Key::Person(i) => self.person.get_mut(i as usize),
        };
        match flag {
            Some(f) => !std::mem::replace(f, true),
            None if self.other.contains(&k) => false,
            None => {
                self.other.push(k);
                true
            }
        }
    }
}

fn clear_reference(a: &mut Actor, r: &ActorId) {
    use crate::model::ActorDetails as D;
    match &mut a.details {
        D::Leader { of, .. } if of.as_ref() == Some(r) => *of = None,
        D::Person { affiliation, .. } if affiliation.as_ref() == Some(r) => *affiliation = None,
        D::Organization { country } | D::City { country } if country.as_ref() == Some(r) => {
            *country = None
        }
        D::Region { part_of } if part_of.as_ref() == Some(r) => *part_of = None,
        D::Event { location, .. } if location.as_ref() == Some(r) => *location = None,
        _ => {}
    }
}

/// Extracts a graph from text with the builtin gazetteer and a document
/// date (a convenience for one-off use; build an [`Extractor`] to reuse).
pub fn extract(text: &str, date: Option<Date>) -> Result<KnowledgeGraph, ExtractError> {
    let mut b = Extractor::builder();
    if let Some(d) = date {
        b = b.date(d);
    }
    b.build()?.extract(text)
}

#[cfg(test)]
mod key_hash_tests {
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    use super::{Key, KeyHash};

    #[test]
    fn key_hashes_are_distinct_and_spread() {
        let b = KeyHash::default();
        assert_ne!(b.hash_one(Key::Gaz(1)), b.hash_one(Key::Person(1)));
        let hashes: HashSet<u64> = (0..10_000u32)
            .flat_map(|i| [Key::Gaz(i), Key::Person(i)])
            .map(|k| b.hash_one(k))
            .collect();
        assert_eq!(hashes.len(), 20_000);
        // Both the low bits (bucket) and the high 7 bits (tag) vary.
        let low: HashSet<u64> = hashes.iter().map(|h| h & 0xff).collect();
        let high: HashSet<u64> = hashes.iter().map(|h| h >> 57).collect();
        assert_eq!((low.len(), high.len()), (256, 128));
    }
}

//! The versioned JSON format of a whole graph.
//!
//! [`KnowledgeGraph::write_json`] writes version 2 ([`JSON_VERSION`]);
//! [`KnowledgeGraph::from_json`] reads versions 1 and 2, and
//! [`KnowledgeGraph::write_json_version`] still writes version 1 for
//! older readers.
//!
//! # Version 2
//!
//! ```json
//! {
//!   "format": "geokg",
//!   "version": 2,
//!   "next_relation_id": 4,
//!   "documents": [{"id": "doc1", "title": "Troops arrive", "published": "2022-01-08"}],
//!   "actors": [
//!     {"id": "russia", "name": "Russia", "kind": "country", "iso3": "RUS", "aliases": ["Moscow"]},
//!     {"id": "kazakhstan", "name": "Kazakhstan", "kind": "country"},
//!     {"id": "csto", "name": "CSTO", "kind": "alliance"}
//!   ],
//!   "kinds": ["deploys_forces_to", "supports"],
//!   "relations": [
//!     [0, 0, 1, "2022-01-06", 0.95, {"evidence": [{"document": "doc1", "start": 12, "end": 60, "quote": "…"}]}],
//!     [2, 1, 1],
//!     [0, 1, 2, "2022-01", 1, {"id": 3, "modality": "claim", "asserted_by": 1}]
//!   ]
//! }
//! ```
//!
//! * `format` is always `"geokg"`; `version` is 1 or 2. Other versions
//!   are refused with [`JsonError::UnsupportedVersion`].
//! * `next_relation_id` is the id the next added relation will get, so
//!   that ids of removed relations are not handed out again after a
//!   round-trip (optional when reading).
//! * `documents` and `actors` are as in version 1 (below). Actors are
//!   numbered by their position in `actors`, from 0.
//! * `kinds` is the table of relation kinds (snake_case names, as in
//!   [`RelationKind`]) that rows refer to by position; the writer lists
//!   the kinds in use in order of first use.
//! * `relations` holds one row per relation, in id order:
//!   `[source, kind, target, date, confidence, extras]`. `source` and
//!   `target` are actor positions, `kind` a position in `kinds`, `date` a
//!   [`Date`] string (`"2022"`, `"2022-01"`, `"2022-01-06"`) or `null`,
//!   `confidence` a number in 0..=1. Rows have 3 to 6 items: a missing
//!   date is `null` and a missing confidence is 1, and the writer leaves
//!   out trailing defaults (the second row above is a fact without date
//!   and with confidence 1).
//! * `extras` holds what few relations carry, every key optional:
//!   `id` (when the relation's id is not the previous row's id + 1, the
//!   first row's being 0; the third row above has id 3, id 2 having
//!   been removed), `modality` (default `fact`), `negated` (default
//!   `false`), `asserted_by` (an actor position; default the narrator),
//!   `evidence` (a list of `{"document","start","end","quote"}` as in
//!   version 1), `cameo` (a CAMEO code overriding the kind's), `goldstein`
//!   (overriding the kind's score) and `note`. Unknown keys are ignored.
//!
//! [`KnowledgeGraph::write_json_pretty`] writes the same layout with the
//! file object and its lists indented: one document, actor or relation
//! row per line, as above.
//!
//! # Version 1
//!
//! ```json
//! {
//!   "format": "geokg",
//!   "version": 1,
//!   "next_relation_id": 1,
//!   "documents": [{"id": "doc1", "title": "…", "published": "2022-01-08", "text": "…"}],
//!   "actors": [{"id": "russia", "kind": "country", "name": "Russia", "iso3": "RUS", "aliases": ["Moscow"]}],
//!   "relations": [{"id": 0, "source": "russia", "kind": "deploys_forces_to", "target": "kazakhstan",
//!                  "modality": "fact", "asserted_by": null, "date": "2022-01-06", "confidence": 0.95,
//!                  "evidence": [{"document": "doc1", "start": 12, "end": 60, "quote": "…"}]}]
//! }
//! ```
//!
//! * Documents come first (evidence spans are checked against their text),
//!   then actors (in insertion order), then relations (in id order, with
//!   their ids, so that ids survive a round-trip).
//! * Actors are flat objects tagged by `kind`, with the kind's fields
//!   ([`ActorDetails`]). Relations are
//!   [`Relation`] objects, actors named by id. Optional fields are omitted
//!   when empty; `modality` defaults to `fact`, `asserted_by` to the
//!   narrator and `confidence` to 1 (the writer leaves these defaults out).
//!
//! # Reading
//!
//! Reading checks everything adding to a graph checks: unknown actor ids,
//! duplicate ids, confidences outside 0..=1, spans outside their text; in
//! version 2 also actor and kind positions outside their tables
//! ([`JsonError::BadIndex`]). Every error says where: malformed JSON and
//! values of the wrong shape give [`JsonError::Syntax`] with the line and
//! column serde_json stopped at, and the item it is in when it is in one
//! of the lists (`in relations[12]`); items the graph refuses
//! ([`JsonError::Graph`], [`JsonError::BadIndex`]) give the line and
//! column of the item's first byte and name it with its id
//! (`relations[12] (r12)`, `actors[3] (russia)`). Columns count bytes from
//! 1, as serde_json's do. Finding the item costs one scan of the text
//! when an error occurs and nothing otherwise. Files in the
//! writer's layout take a byte scanner, anything else (keys in another
//! order, sections in another order) and every invalid file the general
//! serde path, which reads any valid file to the same graph.

mod fast;
mod locate;
mod v2;

use std::borrow::Cow;
use std::io::{Read, Write};

use serde::ser::SerializeSeq;
use serde::{Deserialize, Serialize, Serializer};

use crate::build::import::csv::NodeLookup;
use crate::error::{ActorRole, GraphError};
use crate::graph::{EdgeRecord, KnowledgeGraph, NEGATED, NONE, RelationRef, modality_bits};
use crate::model::{
    Actor, ActorDetails, ActorId, ActorKind, CameoCode, Date, Document, Evidence, Modality,
    Relation, RelationId, RelationKind,
};

/// The JSON format version this crate writes (it reads this one and
/// every earlier one).
pub const JSON_VERSION: u32 = 2;

/// The value of the `format` field.
pub const JSON_FORMAT: &str = "geokg";

/// A graph JSON file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    /// Not well-formed JSON, or not of the expected shape.
    #[error("JSON error at line {line}, column {column}{}: {message}", in_item(.item))]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column (in bytes, as serde_json counts).
        column: usize,
        /// The item the error is in, e.g. `relations[12]`, when it is in
        /// one of the top-level lists.
        item: Option<String>,
        /// What was wrong.
        message: String,
    },
    /// The `format` field is not `"geokg"`.
    #[error("not a geokg graph: format is {found:?}, expected \"geokg\"")]
    WrongFormat {
        /// The format found.
        found: String,
    },
    /// The `version` field names a version this crate does not read.
    #[error("unsupported geokg JSON version {found}: this build reads versions 1 to {supported}")]
    UnsupportedVersion {
        /// The version found.
        found: u64,
        /// The newest version supported.
        supported: u32,
    },
    /// A version-2 relation row refers to an actor or kind by an index
    /// outside its table.
    #[error(
        "{item} at line {line}, column {column}: {table} index {index} is out of range ({len} entries)"
    )]
    BadIndex {
        /// Which row, with the id the relation would have had, e.g.
        /// `relations[12] (r12)`.
        item: String,
        /// 1-based line of the row's first byte.
        line: usize,
        /// 1-based column (in bytes) of the row's first byte.
        column: usize,
        /// The table indexed: `actors` or `kinds`.
        table: &'static str,
        /// The index found.
        index: u32,
        /// The length of the table.
        len: usize,
    },
    /// The data is well-formed but the graph refused an item.
    #[error("{item} at line {line}, column {column}: {source}")]
    Graph {
        /// Which item, with its id: `relations[12] (r12)` (version 2),
        /// `relations[12] (r12: russia invades ukraine)` (version 1),
        /// `actors[3] (russia)`, `documents[0] (doc1)`.
        item: String,
        /// 1-based line of the item's first byte.
        line: usize,
        /// 1-based column (in bytes) of the item's first byte.
        column: usize,
        /// Why.
        source: GraphError,
    },
    /// Reading or writing failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

impl From<serde_json::Error> for JsonError {
    fn from(e: serde_json::Error) -> Self {
        if e.is_io() {
            return JsonError::Io(e.into());
        }
        let message = e.to_string();
        // serde_json appends " at line L column C"; keep the message clean.
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        JsonError::Syntax {
            line: e.line(),
            column: e.column(),
            item: None,
            message,
        }
    }
}

/// `", in relations[3]"`, or nothing.
fn in_item(item: &Option<String>) -> String {
    item.as_ref()
        .map_or_else(String::new, |i| format!(", in {i}"))
}

impl JsonError {
    /// An item refused by the graph, at the position of `section[index]`
    /// in `text`.
    fn graph(text: &str, section: &str, index: usize, item: String, source: GraphError) -> Self {
        let (line, column) = item_position(text, section, index);
        JsonError::Graph {
            item,
            line,
            column,
            source,
        }
    }

    /// The error with the position of `section[index]` in `text` if it is
    /// about an item ([`Graph`](Self::Graph), [`BadIndex`](Self::BadIndex)).
    fn at_item(mut self, text: &str, section: &str, index: usize) -> Self {
        if let JsonError::Graph { line, column, .. } | JsonError::BadIndex { line, column, .. } =
            &mut self
        {
            (*line, *column) = item_position(text, section, index);
        }
        self
    }

    /// A syntax error with the item it falls in named.
    fn in_item_of(mut self, text: &str) -> Self {
        if let JsonError::Syntax {
            line, column, item, ..
        } = &mut self
        {
            if item.is_none() {
                *item = locate::item_at(text, *line, *column).map(|(s, i)| format!("{s}[{i}]"));
            }
        }
        self
    }
}

/// Line and column of `section[index]`'s first byte (the reader has just
/// read that item, so it is there; 1, 1 otherwise).
fn item_position(text: &str, section: &str, index: usize) -> (usize, usize) {
    locate::item_position(text, section, index).unwrap_or((1, 1))
}

struct Seq<I>(std::cell::RefCell<Option<I>>);

impl<I, T> Serialize for Seq<I>
where
    I: Iterator<Item = T>,
    T: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let it = self.0.borrow_mut().take();
        let mut seq = s.serialize_seq(None)?;
        for item in it.into_iter().flatten() {
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

fn seq<I: Iterator>(it: I) -> Seq<I> {
    Seq(std::cell::RefCell::new(Some(it)))
}

/// The whole file in version 1.
#[derive(Serialize)]
struct FileOut<D, A, R> {
    format: &'static str,
    version: u32,
    next_relation_id: u32,
    documents: D,
    actors: A,
    relations: R,
}

/// A relation written straight from the graph's records: the fields of
/// [`Relation`] in the same order, default values (`modality` fact,
/// `asserted_by` narrator, `confidence` 1, no evidence) left out, and no
/// owned [`Relation`] built.
struct RelationOut<'g>(RelationRef<'g>);

impl Serialize for RelationOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let r = &self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &r.id())?;
        m.serialize_entry("source", r.source().id.as_str())?;
        m.serialize_entry("kind", &r.kind())?;
        m.serialize_entry("target", r.target().id.as_str())?;
        if r.modality() != Modality::Fact {
            m.serialize_entry("modality", &r.modality())?;
        }
        if r.negated() {
            m.serialize_entry("negated", &true)?;
        }
        if let Some(a) = r.asserted_by() {
            m.serialize_entry("asserted_by", a.id.as_str())?;
        }
        if let Some(d) = r.date() {
            m.serialize_entry("date", &d)?;
        }
        if r.confidence() != 1.0 {
            m.serialize_entry("confidence", &r.confidence())?;
        }
        rare_entries(&mut m, r)?;
        m.end()
    }
}

/// The entries both format versions write last, and only when set:
/// evidence, CAMEO and Goldstein overrides, note.
fn rare_entries<M: serde::ser::SerializeMap>(
    m: &mut M,
    r: &RelationRef<'_>,
) -> Result<(), M::Error> {
    let mut evidence = r.evidence().peekable();
    if evidence.peek().is_some() {
        m.serialize_entry("evidence", &seq(evidence.map(|e| e.to_evidence())))?;
    }
    if let Some(c) = r.cameo_override() {
        m.serialize_entry("cameo", &c)?;
    }
    if let Some(g) = r.goldstein_override() {
        m.serialize_entry("goldstein", &g)?;
    }
    if let Some(n) = r.note() {
        m.serialize_entry("note", n)?;
    }
    Ok(())
}

/// A graph serializes as its JSON format (so values holding a graph, such
/// as query results, serialize too).
impl Serialize for KnowledgeGraph {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        v2::FileOut(self).serialize(s)
    }
}

impl KnowledgeGraph {
    /// Writes the graph as compact JSON in the current version
    /// ([`JSON_VERSION`]; buffered by this function).
    pub fn write_json<W: Write>(&self, writer: W) -> Result<(), JsonError> {
        self.write_json_version(writer, JSON_VERSION)
    }

    /// Writes the graph as compact JSON in the given format version (1 for
    /// readers built before version 2; buffered by this function).
    /// Versions this crate does not know give
    /// [`JsonError::UnsupportedVersion`].
    pub fn write_json_version<W: Write>(&self, writer: W, version: u32) -> Result<(), JsonError> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, writer);
        match version {
            1 => serde_json::to_writer(&mut out, &self.json_value_v1())?,
            2 => serde_json::to_writer(&mut out, &v2::FileOut(self))?,
            found => {
                return Err(JsonError::UnsupportedVersion {
                    found: found.into(),
                    supported: JSON_VERSION,
                });
            }
        }
        out.flush()?;
        Ok(())
    }

    /// Writes the graph as indented JSON in the current version: the file
    /// object and its lists indented, one document, actor or relation per
    /// line (buffered by this function).
    pub fn write_json_pretty<W: Write>(&self, writer: W) -> Result<(), JsonError> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, writer);
        let mut ser = serde_json::Serializer::with_formatter(&mut out, v2::Layered::new());
        v2::FileOut(self).serialize(&mut ser)?;
        out.flush()?;
        Ok(())
    }

    /// The graph as compact JSON.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail and every value serializes.
        let _ = self.write_json(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// The graph as indented JSON.
    pub fn to_json_pretty(&self) -> String {
        let mut out = Vec::new();
        let _ = self.write_json_pretty(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// The whole graph in version 1.
    fn json_value_v1(&self) -> impl Serialize + '_ {
        FileOut {
            format: JSON_FORMAT,
            version: 1,
            next_relation_id: self.next_relation_id().index(),
            documents: seq(self.documents()),
            actors: seq(self.actors()),
            relations: seq(self.relations().map(RelationOut)),
        }
    }

    /// Reads a graph from JSON text.
    ///
    /// Files in the layout [`write_json`](Self::write_json) and
    /// [`write_json_pretty`](Self::write_json_pretty) produce are read by a
    /// byte scanner that borrows strings from the text; any other valid
    /// file (keys in another order, relations listed before the actors
    /// they name, …) and every invalid one by serde_json in one streaming
    /// pass, which reports errors with line and column. Both read a valid
    /// file to the same graph. Cost: O(text length).
    pub fn from_json(text: &str) -> Result<KnowledgeGraph, JsonError> {
        // Files in the layout this crate writes take a byte scanner; any
        // other valid file, and every invalid one, the general path below.
        match fast::load(text) {
            Some(g) => Ok(g),
            None => Self::from_json_serde(text),
        }
    }

    /// The general path of [`from_json`](Self::from_json): serde_json
    /// over the whole text, for any valid file and for every error.
    pub(crate) fn from_json_serde(text: &str) -> Result<KnowledgeGraph, JsonError> {
        if v2::sniff_version(text) == Some(2) {
            return v2::load_serde(text).map_err(|e| e.in_item_of(text));
        }
        let mut loader = Loader {
            text,
            ..Loader::default()
        };
        let mut de = serde_json::Deserializer::from_str(text);
        let res =
            serde::de::DeserializeSeed::deserialize(&mut loader, &mut de).and_then(|()| de.end());
        if let Some(e) = loader.error.take() {
            return Err(e);
        }
        res.map_err(|e| JsonError::from(e).in_item_of(text))?;
        loader.finish()
    }

    /// Reads a graph from a JSON reader (buffered by this function).
    pub fn from_json_reader<R: Read>(mut reader: R) -> Result<KnowledgeGraph, JsonError> {
        let mut text = String::new();
        reader.read_to_string(&mut text)?;
        Self::from_json(&text)
    }
}

/// Streams a graph file into a graph (see [`KnowledgeGraph::from_json`]).
#[derive(Default)]
struct Loader<'t> {
    /// The whole text (bounds reservations, locates refused items).
    text: &'t str,
    g: KnowledgeGraph,
    /// The precise error behind a `custom` serde error.
    error: Option<JsonError>,
    format: Option<bool>,
    version: bool,
    next_relation_id: Option<u32>,
    seen_actors: bool,
    /// Relations read before the actors (kept in file order).
    pending: Vec<(usize, Relation)>,
    /// Items read so far in each list (running on across repeated keys).
    document_count: usize,
    actor_count: usize,
    relation_count: usize,
}

impl Loader<'_> {
    fn fail<E: serde::de::Error>(&mut self, e: JsonError) -> E {
        let msg = e.to_string();
        self.error = Some(e);
        E::custom(msg)
    }

    fn finish(mut self) -> Result<KnowledgeGraph, JsonError> {
        if self.format.is_none() {
            return Err(JsonError::WrongFormat {
                found: "<missing>".into(),
            });
        }
        if !self.version {
            return Err(JsonError::Syntax {
                line: 1,
                column: 1,
                item: None,
                message: "missing field `version`".into(),
            });
        }
        for (i, r) in std::mem::take(&mut self.pending) {
            let item = relation_item(i, r.id, r.source.as_str(), r.kind, r.target.as_str());
            let res = match r.id {
                Some(id) => self.g.insert_relation(id, r),
                None => self.g.add_relation(r),
            };
            res.map_err(|source| JsonError::graph(self.text, "relations", i, item, source))?;
        }
        if let Some(next) = self.next_relation_id {
            self.g.reserve_relation_ids(next);
        }
        Ok(self.g)
    }
}

/// How a version-1 relation is named in errors: `relations[3] (a invades
/// b)`, with its id when the file gives one: `relations[3] (r7: a invades b)`.
fn relation_item(
    index: usize,
    id: Option<RelationId>,
    source: &str,
    kind: RelationKind,
    target: &str,
) -> String {
    match id {
        Some(id) => format!("relations[{index}] ({id}: {source} {kind} {target})"),
        None => format!("relations[{index}] ({source} {kind} {target})"),
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for &mut Loader<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for &mut Loader<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a geokg graph object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "format" => {
                    let f: std::borrow::Cow<'de, str> = map.next_value()?;
                    if f != JSON_FORMAT {
                        return Err(self.fail(JsonError::WrongFormat {
                            found: f.into_owned(),
                        }));
                    }
                    self.format = Some(true);
                }
                "version" => {
                    let v: u64 = map.next_value()?;
                    if v != 1 {
                        return Err(self.fail(JsonError::UnsupportedVersion {
                            found: v,
                            supported: JSON_VERSION,
                        }));
                    }
                    self.version = true;
                }
                "next_relation_id" => self.next_relation_id = map.next_value()?,
                "documents" => map.next_value_seed(Items(&mut *self, Section::Documents))?,
                "actors" => {
                    map.next_value_seed(Items(&mut *self, Section::Actors))?;
                    self.seen_actors = true;
                }
                "relations" => map.next_value_seed(Items(&mut *self, Section::Relations))?,
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Section {
    Documents,
    Actors,
    Relations,
}

/// One of the three item lists.
struct Items<'l, 't>(&'l mut Loader<'t>, Section);

impl<'de> serde::de::DeserializeSeed<'de> for Items<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

/// An actor as read: the common fields directly, the kind-specific ones
/// (rare in bulk data) through [`ActorDetails`]'s own `Deserialize`. Same
/// result as the derived `Deserialize` of [`Actor`], without buffering
/// every actor object to resolve its flattened, internally tagged details.
struct ActorIn(Actor);

impl<'de> Deserialize<'de> for ActorIn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ActorIn;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an actor object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<ActorIn, A::Error> {
                use serde::de::Error;
                let mut id: Option<ActorId> = None;
                let mut name: Option<String> = None;
                let mut kind: Option<ActorKind> = None;
                let mut aliases: Option<Vec<String>> = None;
                let mut description: Option<Option<String>> = None;
                let mut extra = serde_json::Map::new();
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    fn once<T, E: Error>(slot: &Option<T>, name: &'static str) -> Result<(), E> {
                        match slot {
                            Some(_) => Err(E::duplicate_field(name)),
                            None => Ok(()),
                        }
                    }
                    match key.0.as_ref() {
                        "id" => {
                            once(&id, "id")?;
                            id = Some(map.next_value()?);
                        }
                        "name" => {
                            once(&name, "name")?;
                            name = Some(map.next_value()?);
                        }
                        "kind" => {
                            once(&kind, "kind")?;
                            kind = Some(map.next_value()?);
                        }
                        "aliases" => {
                            once(&aliases, "aliases")?;
                            aliases = Some(map.next_value()?);
                        }
                        "description" => {
                            once(&description, "description")?;
                            description = Some(map.next_value()?);
                        }
                        _ => {
                            let v: serde_json::Value = map.next_value()?;
                            extra.insert(key.0.into_owned(), v);
                        }
                    }
                }
                let kind = kind.ok_or_else(|| A::Error::missing_field("kind"))?;
                let details = if extra.is_empty() {
                    ActorDetails::empty(kind)
                } else {
                    extra.insert(
                        "kind".into(),
                        serde_json::to_value(kind).map_err(A::Error::custom)?,
                    );
                    ActorDetails::deserialize(serde_json::Value::Object(extra))
                        .map_err(A::Error::custom)?
                };
                Ok(ActorIn(Actor {
                    id: id.ok_or_else(|| A::Error::missing_field("id"))?,
                    name: name.ok_or_else(|| A::Error::missing_field("name"))?,
                    details,
                    aliases: aliases.unwrap_or_default(),
                    description: description.flatten(),
                }))
            }
        }
        d.deserialize_map(V)
    }
}

/// A relation as read, borrowing its strings from the text.
struct RelationIn<'a> {
    id: Option<RelationId>,
    source: Cow<'a, str>,
    kind: RelationKind,
    target: Cow<'a, str>,
    modality: Modality,
    negated: bool,
    asserted_by: Option<Cow<'a, str>>,
    date: Option<Cow<'a, str>>,
    confidence: f32,
    evidence: Vec<Evidence>,
    cameo: Option<CameoCode>,
    goldstein: Option<f32>,
    note: Option<String>,
}

/// A string borrowed from the text when it holds no escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// The keys of a relation object.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Id,
    Source,
    Kind,
    Target,
    Modality,
    Negated,
    AssertedBy,
    Date,
    Confidence,
    Evidence,
    Cameo,
    Goldstein,
    Note,
    Other,
}

const FIELDS: [(&str, Field); 13] = [
    ("id", Field::Id),
    ("source", Field::Source),
    ("kind", Field::Kind),
    ("target", Field::Target),
    ("modality", Field::Modality),
    ("negated", Field::Negated),
    ("asserted_by", Field::AssertedBy),
    ("date", Field::Date),
    ("confidence", Field::Confidence),
    ("evidence", Field::Evidence),
    ("cameo", Field::Cameo),
    ("goldstein", Field::Goldstein),
    ("note", Field::Note),
];

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Field;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a relation field name")
            }
            fn visit_str<E>(self, v: &str) -> Result<Field, E> {
                Ok(FIELDS
                    .iter()
                    .find(|(k, _)| *k == v)
                    .map_or(Field::Other, |&(_, f)| f))
            }
        }
        d.deserialize_identifier(V)
    }
}

/// Hand-written rather than derived: borrowed strings for the actor ids and
/// the date, no intermediate buffering, the same error messages as a
/// derived `Deserialize` (missing and duplicate fields).
impl<'de> Deserialize<'de> for RelationIn<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RelationIn<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a relation object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RelationIn<'de>, A::Error> {
                use serde::de::Error;
                let mut seen = 0u16;
                let mut id = None;
                let mut source = None;
                let mut kind = None;
                let mut target = None;
                let mut modality = Modality::default();
                let mut negated = false;
                let mut asserted_by = None;
                let mut date = None;
                let mut confidence = 1.0;
                let mut evidence = Vec::new();
                let mut cameo = None;
                let mut goldstein = None;
                let mut note = None;
                while let Some(field) = map.next_key::<Field>()? {
                    if field != Field::Other {
                        let bit = 1u16 << field as u16;
                        if seen & bit != 0 {
                            return Err(A::Error::duplicate_field(FIELDS[field as usize].0));
                        }
                        seen |= bit;
                    }
                    match field {
                        Field::Id => id = map.next_value()?,
                        Field::Source => source = Some(map.next_value::<Text<'de>>()?.0),
                        Field::Kind => kind = Some(map.next_value()?),
                        Field::Target => target = Some(map.next_value::<Text<'de>>()?.0),
                        Field::Modality => modality = map.next_value()?,
                        Field::Negated => negated = map.next_value()?,
                        Field::AssertedBy => {
                            asserted_by = map.next_value::<Option<Text<'de>>>()?.map(|t| t.0)
                        }
                        Field::Date => date = map.next_value::<Option<Text<'de>>>()?.map(|t| t.0),
                        Field::Confidence => confidence = map.next_value()?,
                        Field::Evidence => evidence = map.next_value()?,
                        Field::Cameo => cameo = map.next_value()?,
                        Field::Goldstein => goldstein = map.next_value()?,
                        Field::Note => note = map.next_value()?,
                        Field::Other => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(RelationIn {
                    id,
                    source: source.ok_or_else(|| A::Error::missing_field("source"))?,
                    kind: kind.ok_or_else(|| A::Error::missing_field("kind"))?,
                    target: target.ok_or_else(|| A::Error::missing_field("target"))?,
                    modality,
                    negated,
                    asserted_by,
                    date,
                    confidence,
                    evidence,
                    cameo,
                    goldstein,
                    note,
                })
            }
        }
        d.deserialize_map(V)
    }
}

/// A relation date, through the importers' fast path for `YYYY-MM-DD`.
fn parse_date(s: &str) -> Result<Date, GraphError> {
    crate::build::import::parse_date_str(s).map_err(|e| GraphError::Model(e.into()))
}

impl RelationIn<'_> {
    fn into_relation(self) -> Result<Relation, GraphError> {
        let id = |s: &str| ActorId::new(s).map_err(|e| GraphError::Model(e.into()));
        Ok(Relation {
            id: self.id,
            source: id(&self.source)?,
            kind: self.kind,
            target: id(&self.target)?,
            modality: self.modality,
            negated: self.negated,
            asserted_by: self.asserted_by.as_deref().map(id).transpose()?,
            date: self.date.as_deref().map(parse_date).transpose()?,
            confidence: self.confidence,
            evidence: self.evidence,
            cameo: self.cameo,
            goldstein: self.goldstein,
            note: self.note,
        })
    }
}

fn insert_streamed(
    g: &mut KnowledgeGraph,
    lookup: &NodeLookup,
    r: &mut RelationIn<'_>,
) -> Result<(), GraphError> {
    let node = |g: &KnowledgeGraph, id: &str, role| {
        lookup
            .get(g, id.as_bytes())
            .ok_or_else(|| GraphError::UnknownActor {
                id: id.to_string(),
                role,
            })
    };
    let a = node(g, &r.source, ActorRole::Source)?;
    let b = node(g, &r.target, ActorRole::Target)?;
    let speaker = match &r.asserted_by {
        Some(s) => node(g, s, ActorRole::Speaker)?.index() as u32,
        None => NONE,
    };
    let date = r.date.as_deref().map(parse_date).transpose()?;
    let record = EdgeRecord {
        id: 0,
        date: date.map_or(0, Date::pack),
        confidence: r.confidence,
        goldstein: r.goldstein.unwrap_or(f32::NAN),
        speaker,
        evidence: NONE,
        cameo: r.cameo.map_or(0, CameoCode::pack),
        kind: r.kind,
        flags: modality_bits(r.modality) | if r.negated { NEGATED } else { 0 },
    };
    let id = match r.id {
        Some(id) => id,
        None => g.next_relation_id(),
    };
    g.insert_resolved(id, a, b, record, &r.evidence, r.note.take())?;
    Ok(())
}

impl<'de> serde::de::Visitor<'de> for Items<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Items(l, section) = self;
        match section {
            Section::Documents => {
                while let Some(d) = seq.next_element::<Document>()? {
                    let i = l.document_count;
                    l.document_count += 1;
                    let item = format!("documents[{i}] ({})", d.id);
                    if let Err(source) = l.g.add_document(d) {
                        let e = JsonError::graph(l.text, "documents", i, item, source);
                        return Err(l.fail(e));
                    }
                }
            }
            Section::Actors => {
                while let Some(ActorIn(a)) = seq.next_element::<ActorIn>()? {
                    let i = l.actor_count;
                    l.actor_count += 1;
                    let id = a.id.clone();
                    if let Err(source) = l.g.add_actor(a) {
                        let item = format!("actors[{i}] ({id})");
                        let e = JsonError::graph(l.text, "actors", i, item, source);
                        return Err(l.fail(e));
                    }
                }
            }
            Section::Relations => {
                // serde_json gives no size hint: reserve for the
                // `next_relation_id` read before, bounded by what the rest
                // of the text could hold (a relation object takes at least
                // 32 bytes), so that a lying header cannot allocate much.
                let hint = seq
                    .size_hint()
                    .or(l.next_relation_id.map(|n| n as usize))
                    .unwrap_or(0);
                l.g.reserve_relations(hint.min(l.text.len() / 32));
                let lookup = NodeLookup::new(&l.g);
                while let Some(mut r) = seq.next_element::<RelationIn<'de>>()? {
                    let n = l.relation_count;
                    l.relation_count += 1;
                    if !l.seen_actors {
                        let (id, kind) = (r.id, r.kind);
                        let (source_id, target_id) = (r.source.clone(), r.target.clone());
                        match r.into_relation() {
                            Ok(r) => l.pending.push((n, r)),
                            Err(source) => {
                                let item = relation_item(n, id, &source_id, kind, &target_id);
                                let e = JsonError::graph(l.text, "relations", n, item, source);
                                return Err(l.fail(e));
                            }
                        }
                        continue;
                    }
                    if let Err(source) = insert_streamed(&mut l.g, &lookup, &mut r) {
                        let item = relation_item(n, r.id, &r.source, r.kind, &r.target);
                        let e = JsonError::graph(l.text, "relations", n, item, source);
                        return Err(l.fail(e));
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_other_versions_and_formats() {
        let e = KnowledgeGraph::from_json(r#"{"format":"geokg","version":7,"actors":"whatever"}"#)
            .unwrap_err();
        assert!(
            matches!(
                e,
                JsonError::UnsupportedVersion {
                    found: 7,
                    supported: 2
                }
            ),
            "{e}"
        );
        let e = KnowledgeGraph::from_json(r#"{"format":"other","version":1}"#).unwrap_err();
        assert!(matches!(e, JsonError::WrongFormat { .. }), "{e}");
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let e =
            KnowledgeGraph::from_json("{\n  \"format\": \"geokg\",\n  \"version\": 1,\n  oops\n}")
                .unwrap_err();
        match e {
            JsonError::Syntax { line, column, .. } => assert_eq!((line, column), (4, 3)),
            e => panic!("{e}"),
        }
    }

    #[test]
    fn unknown_actor_is_named() {
        let text = r#"{"format":"geokg","version":1,
            "actors":[{"id":"a","kind":"country","name":"A"}],
            "relations":[{"source":"a","kind":"invades","target":"ghost"}]}"#;
        let e = KnowledgeGraph::from_json(text).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("\"ghost\"") && msg.contains("relations[0]"),
            "{msg}"
        );
    }

    #[test]
    fn any_field_order_loads() {
        let text = r#"{"relations":[{"id":3,"source":"a","kind":"invades","target":"b","date":"2022-02-24"}],
            "actors":[{"id":"a","kind":"country","name":"A"},{"id":"b","kind":"country","name":"B"}],
            "version":1,"format":"geokg","extra":[1,2]}"#;
        let g = KnowledgeGraph::from_json(text).unwrap();
        let r = g.relation(RelationId(3)).unwrap();
        assert_eq!(r.to_string(), "A —invades→ B");
        assert_eq!(r.date().unwrap().to_string(), "2022-02-24");
        assert_eq!(g.next_relation_id(), RelationId(4));
        let e = KnowledgeGraph::from_json(r#"{"actors":[]}"#).unwrap_err();
        assert!(matches!(e, JsonError::WrongFormat { .. }), "{e}");
        let e = KnowledgeGraph::from_json(
            r#"{"format":"geokg","version":1,"actors":[{"id":"a","kind":"country","name":"A"}],
            "relations":[{"source":"a","kind":"invades","target":"a","confidence":2}]}"#,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("relations[0] (a invades a) at line 2, column 26: confidence 2"),
            "{e}"
        );
    }

    #[test]
    fn actor_reader_agrees_with_derived_deserialize() {
        for text in [
            r#"{"id":"ru","name":"Russia","kind":"country","iso3":"RUS","aliases":["Moscow"]}"#,
            r#"{"kind":"leader","id":"putin","name":"Vladimir Putin","office":"President","of":"ru","term_start":"2012-05-07","description":"d"}"#,
            r#"{"id":"x","name":"X","kind":"region","unknown":[1,{"a":2}]}"#,
            r#"{"id":"nato","name":"NATO","kind":"alliance","founded":1949}"#,
            r#"{"id":"p","name":"P","kind":"person","description":null}"#,
        ] {
            let derived: Actor = serde_json::from_str(text).unwrap();
            let ours: ActorIn = serde_json::from_str(text).unwrap();
            assert_eq!(ours.0, derived, "{text}");
        }
        for bad in [
            r#"{"id":"ru","name":"Russia"}"#,
            r#"{"id":"ru","kind":"country"}"#,
            r#"{"id":"ru","name":"R","kind":"planet"}"#,
            r#"{"id":"ru","name":"R","kind":"alliance","founded":"long ago"}"#,
            r#"{"id":"bad id","name":"R","kind":"country"}"#,
            r#"{"id":"a","id":"b","name":"R","kind":"country"}"#,
        ] {
            assert!(serde_json::from_str::<Actor>(bad).is_err(), "{bad}");
            assert!(serde_json::from_str::<ActorIn>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn defaults_are_left_out_and_verbose_files_still_load() {
        let text = r#"{"format":"geokg","version":1,"next_relation_id":2,"documents":[],
            "actors":[{"id":"a","name":"A","kind":"country"},{"id":"b","name":"B","kind":"country"}],
            "relations":[
              {"id":0,"source":"a","kind":"invades","target":"b","modality":"fact","asserted_by":null,"date":"2022-02-24","confidence":1.0},
              {"id":1,"source":"b","kind":"threatens","target":"a","modality":"claim","negated":true,"asserted_by":"a","confidence":0.25,"goldstein":-3.5,"note":"n"}]}"#;
        let g = KnowledgeGraph::from_json(text).unwrap();
        let mut v1 = Vec::new();
        g.write_json_version(&mut v1, 1).unwrap();
        assert_eq!(
            String::from_utf8(v1).unwrap(),
            concat!(
                r#"{"format":"geokg","version":1,"next_relation_id":2,"documents":[],"#,
                r#""actors":[{"id":"a","name":"A","kind":"country"},{"id":"b","name":"B","kind":"country"}],"#,
                r#""relations":[{"id":0,"source":"a","kind":"invades","target":"b","date":"2022-02-24"},"#,
                r#"{"id":1,"source":"b","kind":"threatens","target":"a","modality":"claim","negated":true,"#,
                r#""asserted_by":"a","confidence":0.25,"goldstein":-3.5,"note":"n"}]}"#
            )
        );
        assert_eq!(
            g.to_json(),
            concat!(
                r#"{"format":"geokg","version":2,"next_relation_id":2,"documents":[],"#,
                r#""actors":[{"id":"a","name":"A","kind":"country"},{"id":"b","name":"B","kind":"country"}],"#,
                r#""kinds":["invades","threatens"],"#,
                r#""relations":[[0,0,1,"2022-02-24"],"#,
                r#"[1,1,0,null,0.25,{"modality":"claim","negated":true,"asserted_by":0,"goldstein":-3.5,"note":"n"}]]}"#
            )
        );
        assert!(matches!(
            g.write_json_version(Vec::new(), 3),
            Err(JsonError::UnsupportedVersion {
                found: 3,
                supported: 2
            })
        ));
        let e = KnowledgeGraph::from_json(
            r#"{"format":"geokg","version":1,"actors":[{"id":"a","name":"A","kind":"country"}],
            "relations":[{"source":"a","kind":"invades","target":"a","date":"2022","date":"2023"}]}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("duplicate field `date`"), "{e}");
        let e = KnowledgeGraph::from_json(
            r#"{"format":"geokg","version":1,"actors":[{"id":"a","name":"A","kind":"country"}],
            "relations":[{"source":"a","target":"a"}]}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("missing field `kind`"), "{e}");
    }

    /// The version-2 example of the module docs, verbatim.
    #[test]
    fn documented_v2_example_loads() {
        let text = r#"{
  "format": "geokg",
  "version": 2,
  "next_relation_id": 4,
  "documents": [{"id": "doc1", "title": "Troops arrive", "published": "2022-01-08"}],
  "actors": [
    {"id": "russia", "name": "Russia", "kind": "country", "iso3": "RUS", "aliases": ["Moscow"]},
    {"id": "kazakhstan", "name": "Kazakhstan", "kind": "country"},
    {"id": "csto", "name": "CSTO", "kind": "alliance"}
  ],
  "kinds": ["deploys_forces_to", "supports"],
  "relations": [
    [0, 0, 1, "2022-01-06", 0.95, {"evidence": [{"document": "doc1", "start": 12, "end": 60, "quote": "…"}]}],
    [2, 1, 1],
    [0, 1, 2, "2022-01", 1, {"id": 3, "modality": "claim", "asserted_by": 1}]
  ]
}"#;
        assert!(text.contains('\n'));
        let g = KnowledgeGraph::from_json(text).unwrap();
        let shown: Vec<String> = g.relations().map(|r| format!("{} {r}", r.id())).collect();
        assert_eq!(
            shown,
            [
                "r0 Russia —deploys forces to→ Kazakhstan",
                "r1 CSTO —supports→ Kazakhstan",
                "r3 Russia —supports→ CSTO (claim by Kazakhstan)"
            ]
        );
        let r0 = g.relation(RelationId(0)).unwrap();
        assert_eq!(r0.confidence(), 0.95);
        assert_eq!(r0.evidence().next().unwrap().span().unwrap().end, 60);
        assert_eq!(g.next_relation_id(), RelationId(4));
        // The general path reads it the same way.
        assert_eq!(
            KnowledgeGraph::from_json_serde(text).unwrap().to_json(),
            g.to_json()
        );
        // Indented output: one row per line, and it reads back.
        let pretty = g.to_json_pretty();
        assert!(pretty.contains("\n    [2,1,1],\n"), "{pretty}");
        assert!(
            pretty.contains("\n  \"kinds\": [\n    \"deploys_forces_to\",\n"),
            "{pretty}"
        );
        assert_eq!(
            KnowledgeGraph::from_json(&pretty).unwrap().to_json(),
            g.to_json()
        );
    }

    #[test]
    fn v2_errors_are_typed() {
        let head = r#"{"format":"geokg","version":2,"actors":[{"id":"a","name":"A","kind":"country"}],"kinds":["invades"],"relations":["#;
        let err = |rows: &str| KnowledgeGraph::from_json(&format!("{head}{rows}]}}")).unwrap_err();
        let e = err("[0,0,0],[0,0,1]");
        assert_eq!(
            e.to_string(),
            "relations[1] (r1) at line 1, column 122: actors index 1 is out of range (1 entries)"
        );
        assert!(matches!(
            err("[0,3,0]"),
            JsonError::BadIndex {
                table: "kinds",
                index: 3,
                ..
            }
        ));
        assert!(matches!(
            err(r#"[0,0,0,null,1,{"asserted_by":9}]"#),
            JsonError::BadIndex {
                table: "actors",
                index: 9,
                ..
            }
        ));
        let e = err("[0,0,0,null,1.5]");
        assert!(
            e.to_string()
                .starts_with("relations[0] (r0) at line 1, column 114: confidence 1.5"),
            "{e}"
        );
        let e = err(r#"[0,0,0],[0,0,0,null,1,{"id":0}]"#);
        assert!(matches!(e, JsonError::Graph { .. }), "{e}");
        for (rows, line, column) in [
            // Columns: the head is 113 characters long.
            ("[0,0]", 1, 113 + 5),
            ("[0,0,0,null,1,{},4]", 1, 113 + 19),
            ("[0,0,0,1]", 1, 113 + 8),
            ("[0,0,\"a\"]", 1, 113 + 8),
            ("[0,0,0,\"2022-13-40\"]", 0, 0),
        ] {
            match err(rows) {
                JsonError::Syntax {
                    line: l, column: c, ..
                } => assert_eq!((l, c), (line, column), "{rows}"),
                JsonError::Graph { item, .. } if line == 0 => assert_eq!(item, "relations[0] (r0)"),
                e => panic!("{rows}: {e}"),
            }
        }
        let e =
            KnowledgeGraph::from_json("{\"format\":\"geokg\",\"version\":2,\n\"relations\":[[0,0")
                .unwrap_err();
        assert!(matches!(e, JsonError::Syntax { line: 2, .. }), "{e}");
    }

    /// A version-1 file, one item per line from line 4 on, with an extra
    /// document (line 2), actor (line 5) and relation (line 8, column 3).
    fn v1_file(doc: &str, actor: &str, relation: &str) -> String {
        format!(
            "{{\"format\":\"geokg\",\"version\":1,\n\
             \"documents\":[{{\"id\":\"d1\",\"title\":\"T\"}}{doc}],\n\
             \"actors\":[\n  \
               {{\"id\":\"a\",\"kind\":\"country\",\"name\":\"A\"}},\n  \
               {{\"id\":\"b\",\"kind\":\"country\",\"name\":\"B\"}}{actor}],\n\
             \"relations\":[\n  \
               {{\"source\":\"a\",\"kind\":\"invades\",\"target\":\"b\"}},\n  \
               {relation}]}}"
        )
    }

    const V1_RELATION: &str = r#"{"source":"b","kind":"invades","target":"a"}"#;

    /// Reads `text` by [`KnowledgeGraph::from_json`] and by the general
    /// path: both must fail with the same message.
    fn refused(text: &str) -> (JsonError, String) {
        let e = KnowledgeGraph::from_json(text).unwrap_err();
        let general = KnowledgeGraph::from_json_serde(text).unwrap_err();
        let msg = e.to_string();
        assert_eq!(msg, general.to_string());
        (e, msg)
    }

    #[test]
    fn v1_file_template_loads() {
        let g = KnowledgeGraph::from_json(&v1_file("", "", V1_RELATION)).unwrap();
        assert_eq!((g.actor_count(), g.relation_count()), (2, 2));
        let g = KnowledgeGraph::from_json(&v2_file("", "", "[1,0,0]")).unwrap();
        assert_eq!((g.actor_count(), g.relation_count()), (2, 2));
    }

    #[test]
    fn v1_unknown_endpoint_actor_says_where() {
        let (e, msg) = refused(&v1_file(
            "",
            "",
            r#"{"source":"a","kind":"invades","target":"ghost"}"#,
        ));
        assert_eq!(
            msg,
            "relations[1] (a invades ghost) at line 8, column 3: unknown actor \"ghost\" (as target)"
        );
        assert!(matches!(
            e,
            JsonError::Graph {
                line: 8,
                column: 3,
                source: GraphError::UnknownActor { .. },
                ..
            }
        ));
    }

    #[test]
    fn v1_duplicate_ids_say_where() {
        let (_, msg) = refused(&v1_file(
            "",
            r#",{"id":"a","kind":"country","name":"A2"}"#,
            V1_RELATION,
        ));
        assert_eq!(
            msg,
            "actors[2] (a) at line 5, column 42: duplicate actor id \"a\""
        );
        let (_, msg) = refused(&v1_file(
            "",
            "",
            r#"{"id":0,"source":"b","kind":"invades","target":"a"}"#,
        ));
        assert_eq!(
            msg,
            "relations[1] (r0: b invades a) at line 8, column 3: duplicate relation id r0"
        );
        let (_, msg) = refused(&v1_file(r#",{"id":"d1","title":"again"}"#, "", V1_RELATION));
        assert_eq!(
            msg,
            "documents[1] (d1) at line 2, column 38: duplicate document id \"d1\""
        );
    }

    #[test]
    fn v1_invalid_date_says_where() {
        let (e, msg) = refused(&v1_file(
            "",
            "",
            r#"{"source":"a","kind":"invades","target":"b","date":"2022-13-40"}"#,
        ));
        assert!(
            msg.starts_with("relations[1] (a invades b) at line 8, column 3: "),
            "{msg}"
        );
        assert!(matches!(
            e,
            JsonError::Graph {
                source: GraphError::Model(_),
                ..
            }
        ));
    }

    #[test]
    fn v1_unknown_relation_kind_says_where() {
        let (e, msg) = refused(&v1_file(
            "",
            "",
            r#"{"source":"a","kind":"teleports","target":"b"}"#,
        ));
        assert!(
            msg.starts_with(
                "JSON error at line 8, column 34, in relations[1]: unknown variant `teleports`"
            ),
            "{msg}"
        );
        assert!(matches!(
            e,
            JsonError::Syntax {
                line: 8,
                column: 34,
                item: Some(ref i),
                ..
            } if i == "relations[1]"
        ));
    }

    #[test]
    fn v1_malformed_actor_says_where() {
        let (_, msg) = refused(&v1_file(
            "",
            r#",{"id":"bad id","kind":"country","name":"X"}"#,
            V1_RELATION,
        ));
        assert!(
            msg.starts_with("JSON error at line 5, column 55, in actors[2]: id \"bad id\""),
            "{msg}"
        );
        // Outside every item: no item named.
        let (_, msg) = refused("{\"format\":\"geokg\",\n\"version\":1,\n\"actors\":[] oops}");
        assert_eq!(msg, "JSON error at line 3, column 13: expected `,` or `}`");
    }

    #[test]
    fn v1_relations_before_actors_say_where() {
        let text = "{\"format\":\"geokg\",\"version\":1,\n\
            \"relations\":[{\"source\":\"a\",\"kind\":\"invades\",\"target\":\"b\"},\n  \
              {\"id\":5,\"source\":\"a\",\"kind\":\"invades\",\"target\":\"nobody\"}],\n\
            \"actors\":[{\"id\":\"a\",\"kind\":\"country\",\"name\":\"A\"},{\"id\":\"b\",\"kind\":\"country\",\"name\":\"B\"}]}";
        let (_, msg) = refused(text);
        assert_eq!(
            msg,
            "relations[1] (r5: a invades nobody) at line 3, column 3: unknown actor \"nobody\" (as target)"
        );
        let text = text.replace(r#""target":"b"}"#, r#""target":"b","date":"soon"}"#);
        let (_, msg) = refused(&text);
        assert!(
            msg.starts_with("relations[0] (a invades b) at line 2, column 14: "),
            "{msg}"
        );
    }

    /// A version-2 file: an extra actor (line 5), kind (line 6) and row
    /// (line 9, column 3).
    fn v2_file(actor: &str, kind: &str, row: &str) -> String {
        format!(
            "{{\"format\":\"geokg\",\"version\":2,\n\
             \"documents\":[{{\"id\":\"d1\",\"title\":\"T\"}}],\n\
             \"actors\":[\n  \
               {{\"id\":\"a\",\"kind\":\"country\",\"name\":\"A\"}},\n  \
               {{\"id\":\"b\",\"kind\":\"country\",\"name\":\"B\"}}{actor}],\n\
             \"kinds\":[\"invades\"{kind}],\n\
             \"relations\":[\n  \
               [0,0,1],\n  \
               {row}]}}"
        )
    }

    #[test]
    fn v2_bad_indices_say_where() {
        let (e, msg) = refused(&v2_file("", "", "[0,5,1]"));
        assert_eq!(
            msg,
            "relations[1] (r1) at line 9, column 3: kinds index 5 is out of range (1 entries)"
        );
        assert!(matches!(
            e,
            JsonError::BadIndex {
                line: 9,
                column: 3,
                ..
            }
        ));
        let (_, msg) = refused(&v2_file("", "", r#"[0,0,7,null,1,{"id":40}]"#));
        assert_eq!(
            msg,
            "relations[1] (r40) at line 9, column 3: actors index 7 is out of range (2 entries)"
        );
    }

    #[test]
    fn v2_duplicate_ids_say_where() {
        let (_, msg) = refused(&v2_file(
            r#",{"id":"a","kind":"country","name":"A2"}"#,
            "",
            "[1,0,0]",
        ));
        assert_eq!(
            msg,
            "actors[2] (a) at line 5, column 42: duplicate actor id \"a\""
        );
        let (e, msg) = refused(&v2_file("", "", r#"[1,0,0,null,1,{"id":0}]"#));
        assert_eq!(
            msg,
            "relations[1] (r0) at line 9, column 3: duplicate relation id r0"
        );
        assert!(matches!(
            e,
            JsonError::Graph {
                source: GraphError::DuplicateRelation(_),
                ..
            }
        ));
        let text = v2_file("", "", "[1,0,0]").replace(
            r#"{"id":"d1","title":"T"}"#,
            r#"{"id":"d1","title":"T"},  {"id":"d1"}"#,
        );
        let (_, msg) = refused(&text);
        assert_eq!(
            msg,
            "documents[1] (d1) at line 2, column 40: duplicate document id \"d1\""
        );
    }

    #[test]
    fn v2_invalid_date_and_confidence_say_where() {
        let (e, msg) = refused(&v2_file("", "", r#"[1,0,0,"2022-13-40"]"#));
        assert!(
            msg.starts_with("relations[1] (r1) at line 9, column 3: "),
            "{msg}"
        );
        assert!(matches!(
            e,
            JsonError::Graph {
                source: GraphError::Model(_),
                ..
            }
        ));
        let (_, msg) = refused(&v2_file("", "", "[1,0,0,null,7]"));
        assert!(
            msg.starts_with("relations[1] (r1) at line 9, column 3: confidence 7 "),
            "{msg}"
        );
    }

    #[test]
    fn v2_unknown_kind_and_malformed_rows_say_where() {
        let (e, msg) = refused(&v2_file("", ",\"teleports\"", "[1,0,0]"));
        assert!(
            msg.starts_with(
                "JSON error at line 6, column 30, in kinds[1]: unknown variant `teleports`"
            ),
            "{msg}"
        );
        assert!(matches!(e, JsonError::Syntax { line: 6, .. }));
        let (_, msg) = refused(&v2_file("", "", "[1,0]"));
        assert!(
            msg.starts_with("JSON error at line 9, column 7, in relations[1]: invalid length 2"),
            "{msg}"
        );
        let (_, msg) = refused(&v2_file("", "", "[1,0,0,{}]"));
        assert!(
            msg.starts_with("JSON error at line 9, column 9, in relations[1]: invalid type: map"),
            "{msg}"
        );
        // Cut off inside a row: the row is named.
        let text = v2_file("", "", "[1,0,0]");
        let (_, msg) = refused(&text[..text.len() - 5]);
        assert!(msg.contains(", in relations[1]: "), "{msg}");
    }

    #[test]
    fn empty_graph_roundtrips() {
        let g = KnowledgeGraph::new();
        let back = KnowledgeGraph::from_json(&g.to_json()).unwrap();
        assert_eq!(back.actor_count(), 0);
        assert_eq!(back.to_json(), g.to_json());
    }
}

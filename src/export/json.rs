//! The versioned JSON format of a whole graph.
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
//! * `format` is always `"geokg"`; `version` is [`JSON_VERSION`]. Other
//!   versions are refused with [`JsonError::UnsupportedVersion`].
//! * `next_relation_id` is the id the next added relation will get, so
//!   that ids of removed relations are not handed out again after a
//!   round-trip (optional when reading).
//! * Documents come first (evidence spans are checked against their text),
//!   then actors (in insertion order), then relations (in id order, with
//!   their ids, so that ids survive a round-trip).
//! * Actors are flat objects tagged by `kind`, with the kind's fields
//!   ([`ActorDetails`](crate::ActorDetails)). Relations are
//!   [`Relation`] objects. Optional fields are omitted when empty;
//!   `modality` defaults to `fact` and `confidence` to 1.
//!
//! Reading checks everything adding to a graph checks: unknown actor ids,
//! duplicate ids, confidences outside 0..=1, spans outside their text.

use std::io::{Read, Write};

use serde::ser::SerializeSeq;
use serde::{Deserialize, Serialize, Serializer};

use crate::error::GraphError;
use crate::graph::KnowledgeGraph;
use crate::model::{Actor, Document, Relation};

/// The JSON format version this crate writes and reads.
pub const JSON_VERSION: u32 = 1;

/// The value of the `format` field.
pub const JSON_FORMAT: &str = "geokg";

/// A graph JSON file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    /// Not well-formed JSON, or not of the expected shape.
    #[error("JSON error at line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
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
    #[error("unsupported geokg JSON version {found}: this build reads version {supported}")]
    UnsupportedVersion {
        /// The version found.
        found: u64,
        /// The version supported.
        supported: u32,
    },
    /// The data is well-formed but the graph refused an item.
    #[error("{item}: {source}")]
    Graph {
        /// Which item, e.g. `relations[12]` or `actors[3] (russia)`.
        item: String,
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
            message,
        }
    }
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

#[derive(Serialize)]
struct FileOut<D, A, R> {
    format: &'static str,
    version: u32,
    next_relation_id: u32,
    documents: D,
    actors: A,
    relations: R,
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u64>,
}

#[derive(Deserialize)]
struct FileIn {
    #[serde(rename = "format")]
    _format: String,
    #[serde(rename = "version")]
    _version: u64,
    #[serde(default)]
    next_relation_id: Option<u32>,
    #[serde(default)]
    documents: Vec<Document>,
    #[serde(default)]
    actors: Vec<Actor>,
    #[serde(default)]
    relations: Vec<Relation>,
}

/// A graph serializes as its JSON format (so values holding a graph, such
/// as query results, serialize too).
impl Serialize for KnowledgeGraph {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.json_value().serialize(s)
    }
}

impl KnowledgeGraph {
    /// Writes the graph as compact JSON.
    pub fn write_json<W: Write>(&self, writer: W) -> Result<(), JsonError> {
        serde_json::to_writer(writer, &self.json_value())?;
        Ok(())
    }

    /// Writes the graph as indented JSON.
    pub fn write_json_pretty<W: Write>(&self, writer: W) -> Result<(), JsonError> {
        serde_json::to_writer_pretty(writer, &self.json_value())?;
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

    fn json_value(&self) -> impl Serialize + '_ {
        FileOut {
            format: JSON_FORMAT,
            version: JSON_VERSION,
            next_relation_id: self.next_relation_id().index(),
            documents: seq(self.documents()),
            actors: seq(self.actors()),
            relations: seq(self.relations().map(|r| r.to_relation())),
        }
    }

    /// Reads a graph from JSON text.
    pub fn from_json(text: &str) -> Result<KnowledgeGraph, JsonError> {
        let header: Header = serde_json::from_str(text)?;
        check_header(&header)?;
        let file: FileIn = serde_json::from_str(text)?;
        build(file)
    }

    /// Reads a graph from a JSON reader (buffered by this function).
    pub fn from_json_reader<R: Read>(mut reader: R) -> Result<KnowledgeGraph, JsonError> {
        let mut text = String::new();
        reader.read_to_string(&mut text)?;
        Self::from_json(&text)
    }
}

fn check_header(h: &Header) -> Result<(), JsonError> {
    match h.format.as_deref() {
        Some(JSON_FORMAT) => {}
        other => {
            return Err(JsonError::WrongFormat {
                found: other.unwrap_or("<missing>").to_string(),
            });
        }
    }
    match h.version {
        Some(v) if v == u64::from(JSON_VERSION) => Ok(()),
        Some(v) => Err(JsonError::UnsupportedVersion {
            found: v,
            supported: JSON_VERSION,
        }),
        None => Err(JsonError::Syntax {
            line: 1,
            column: 1,
            message: "missing field `version`".into(),
        }),
    }
}

fn build(file: FileIn) -> Result<KnowledgeGraph, JsonError> {
    let mut g = KnowledgeGraph::with_capacity(file.actors.len(), file.relations.len());
    for (i, d) in file.documents.into_iter().enumerate() {
        let item = format!("documents[{i}] ({})", d.id);
        g.add_document(d)
            .map_err(|source| JsonError::Graph { item, source })?;
    }
    for (i, a) in file.actors.into_iter().enumerate() {
        let item = format!("actors[{i}] ({})", a.id);
        g.add_actor(a)
            .map_err(|source| JsonError::Graph { item, source })?;
    }
    for (i, r) in file.relations.into_iter().enumerate() {
        let item = format!("relations[{i}] ({} {} {})", r.source, r.kind, r.target);
        let res = match r.id {
            Some(id) => g.insert_relation(id, r),
            None => g.add_relation(r),
        };
        res.map_err(|source| JsonError::Graph { item, source })?;
    }
    if let Some(next) = file.next_relation_id {
        g.reserve_relation_ids(next);
    }
    Ok(g)
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
                    supported: 1
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
    fn empty_graph_roundtrips() {
        let g = KnowledgeGraph::new();
        let back = KnowledgeGraph::from_json(&g.to_json()).unwrap();
        assert_eq!(back.actor_count(), 0);
        assert_eq!(back.to_json(), g.to_json());
    }
}

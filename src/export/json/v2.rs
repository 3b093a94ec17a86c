//! Version 2 of the graph JSON format: relations as short arrays that
//! refer to actors and kinds by index (layout in the parent module's docs).
//!
//! The writer, the general (serde) reader and the pieces the byte scanner
//! in [`super::fast`] shares with it: [`RowIn`], [`ExtraIn`] and
//! [`Rows::insert`], so that both readers build the same graph and refuse
//! the same rows.

use std::borrow::Cow;

use petgraph::graph::NodeIndex;
use petgraph::visit::NodeIndexable;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};

use super::{ActorIn, JSON_FORMAT, JsonError, Text, parse_date, seq};
use crate::graph::{EdgeRecord, KnowledgeGraph, NEGATED, NONE, RelationRef, modality_bits};
use crate::model::{CameoCode, Date, Document, Evidence, Modality, RelationKind};

// ---------------------------------------------------------------- writer

/// The whole file in version 2.
pub(super) struct FileOut<'g>(pub(super) &'g KnowledgeGraph);

impl Serialize for FileOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let g = self.0;
        // File index of each node, and the kinds in order of first use.
        let mut index = vec![NONE; g.graph.node_bound()];
        for (i, &node) in g.actors.values().enumerate() {
            index[node.index()] = i as u32;
        }
        let mut kind_index = [NONE; 256];
        let mut kinds = Vec::new();
        for e in g.relation_edges() {
            let k = g.graph[e].kind;
            let slot = &mut kind_index[k as usize];
            if *slot == NONE {
                *slot = kinds.len() as u32;
                kinds.push(k);
            }
        }
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("format", JSON_FORMAT)?;
        m.serialize_entry("version", &2u32)?;
        m.serialize_entry("next_relation_id", &g.next_relation_id().index())?;
        m.serialize_entry("documents", &seq(g.documents()))?;
        m.serialize_entry("actors", &seq(g.actors()))?;
        m.serialize_entry("kinds", &kinds)?;
        let mut expected = 0u32;
        let rows = g.relation_edges().filter_map(|e| {
            let (a, b) = g.graph.edge_endpoints(e)?;
            let r = RelationRef::new(g, e)?;
            let id = r.id().index();
            let explicit_id = id != expected;
            expected = id.saturating_add(1);
            Some(RowOut {
                source: index[a.index()],
                kind: kind_index[r.kind() as usize],
                target: index[b.index()],
                explicit_id,
                r,
                g,
            })
        });
        m.serialize_entry("relations", &seq(rows))?;
        m.end()
    }
}

/// One relation row: `[source, kind, target, date, confidence, extras]`,
/// trailing defaults left out.
struct RowOut<'g> {
    source: u32,
    kind: u32,
    target: u32,
    explicit_id: bool,
    r: RelationRef<'g>,
    g: &'g KnowledgeGraph,
}

impl RowOut<'_> {
    fn has_extras(&self) -> bool {
        let r = &self.r;
        self.explicit_id
            || r.modality() != Modality::Fact
            || r.negated()
            || r.asserted_by().is_some()
            || r.evidence().next().is_some()
            || r.cameo_override().is_some()
            || r.goldstein_override().is_some()
            || r.note().is_some()
    }
}

impl Serialize for RowOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = &self.r;
        let extras = self.has_extras();
        let confidence = extras || r.confidence() != 1.0;
        let date = confidence || r.date().is_some();
        let mut row = s.serialize_seq(None)?;
        row.serialize_element(&self.source)?;
        row.serialize_element(&self.kind)?;
        row.serialize_element(&self.target)?;
        if date {
            row.serialize_element(&r.date())?;
        }
        if confidence {
            row.serialize_element(&r.confidence())?;
        }
        if extras {
            row.serialize_element(&ExtrasOut(self))?;
        }
        row.end()
    }
}

/// The sparse annotations of a row, in [`ExtraIn`]'s field order.
struct ExtrasOut<'a, 'g>(&'a RowOut<'g>);

impl Serialize for ExtrasOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let row = self.0;
        let r = &row.r;
        let mut m = s.serialize_map(None)?;
        if row.explicit_id {
            m.serialize_entry("id", &r.id())?;
        }
        if r.modality() != Modality::Fact {
            m.serialize_entry("modality", &r.modality())?;
        }
        if r.negated() {
            m.serialize_entry("negated", &true)?;
        }
        if let Some(a) = r.asserted_by() {
            let i = row.g.actors.get_index_of(&a.id).map_or(NONE, |i| i as u32);
            m.serialize_entry("asserted_by", &i)?;
        }
        super::rare_entries(&mut m, r)?;
        m.end()
    }
}

/// A `serde_json` formatter that indents the top two levels (the file
/// object and its lists) and writes everything deeper compactly: one
/// document, actor or relation row per line.
pub(super) struct Layered {
    depth: usize,
    has_value: bool,
}

impl Layered {
    /// Levels indented.
    const LEVELS: usize = 2;

    pub(super) fn new() -> Self {
        Layered {
            depth: 0,
            has_value: false,
        }
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, c: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(c)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, c: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.depth < Self::LEVELS && self.has_value {
            self.newline(w)?;
        }
        w.write_all(c)
    }

    fn newline<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn item<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.depth <= Self::LEVELS {
            self.newline(w)?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Layered {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(if self.depth <= Self::LEVELS {
            b": "
        } else {
            b":"
        })
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

// ---------------------------------------------------------------- reader

/// A relation row as read, its date borrowed from the text.
pub(super) struct RowIn<'a> {
    pub(super) source: u32,
    pub(super) kind: u32,
    pub(super) target: u32,
    pub(super) date: Option<Cow<'a, str>>,
    pub(super) confidence: f32,
    pub(super) extra: Option<ExtraIn>,
}

/// The sparse annotations of a row.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct ExtraIn {
    id: Option<u32>,
    modality: Modality,
    negated: bool,
    asserted_by: Option<u32>,
    evidence: Vec<Evidence>,
    cameo: Option<CameoCode>,
    goldstein: Option<f32>,
    note: Option<String>,
}

impl<'de: 'a, 'a> Deserialize<'de> for RowIn<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = RowIn<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a relation row [source, kind, target, date, confidence, extras] of 3 to 6 items")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RowIn<'a>, A::Error> {
                use serde::de::Error;
                let index = |n: usize, seq: &mut A| {
                    seq.next_element::<u32>()?
                        .ok_or_else(|| A::Error::invalid_length(n, &self))
                };
                let source = index(0, &mut seq)?;
                let kind = index(1, &mut seq)?;
                let target = index(2, &mut seq)?;
                let date = seq.next_element::<Option<Text<'de>>>()?.flatten();
                let confidence = seq.next_element::<f32>()?.unwrap_or(1.0);
                let extra = seq.next_element::<ExtraIn>()?;
                if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(A::Error::invalid_length(7, &self));
                }
                Ok(RowIn {
                    source,
                    kind,
                    target,
                    date: date.map(|t| t.0),
                    confidence,
                    extra,
                })
            }
        }
        d.deserialize_seq(V(std::marker::PhantomData))
    }
}

/// What rows are resolved against: the actors' nodes in file order, the
/// kind table, and the id the next row gets when it names none.
pub(super) struct Rows {
    pub(super) nodes: Vec<NodeIndex<u32>>,
    pub(super) kinds: Vec<RelationKind>,
    pub(super) next_id: u32,
    pub(super) count: usize,
}

impl Rows {
    pub(super) fn new(nodes: Vec<NodeIndex<u32>>, kinds: Vec<RelationKind>) -> Self {
        Rows {
            nodes,
            kinds,
            next_id: 0,
            count: 0,
        }
    }

    /// Adds one row to the graph.
    #[inline]
    pub(super) fn insert(
        &mut self,
        g: &mut KnowledgeGraph,
        row: RowIn<'_>,
    ) -> Result<(), JsonError> {
        let n = self.count;
        self.count += 1;
        // Errors name the row and the id the relation would have had; the
        // caller adds the row's position (`JsonError::at_item`).
        let id = row
            .extra
            .as_ref()
            .and_then(|x| x.id)
            .unwrap_or(self.next_id);
        let item = || format!("relations[{n}] (r{id})");
        let actor = |i: u32| {
            self.nodes
                .get(i as usize)
                .copied()
                .ok_or_else(|| JsonError::BadIndex {
                    item: item(),
                    line: 0,
                    column: 0,
                    table: "actors",
                    index: i,
                    len: self.nodes.len(),
                })
        };
        let a = actor(row.source)?;
        let b = actor(row.target)?;
        let kind = *self
            .kinds
            .get(row.kind as usize)
            .ok_or_else(|| JsonError::BadIndex {
                item: item(),
                line: 0,
                column: 0,
                table: "kinds",
                index: row.kind,
                len: self.kinds.len(),
            })?;
        let graph = |source| JsonError::Graph {
            item: item(),
            line: 0,
            column: 0,
            source,
        };
        let date = row
            .date
            .as_deref()
            .map(parse_date)
            .transpose()
            .map_err(graph)?;
        let mut record = EdgeRecord::plain(kind, date.map_or(0, Date::pack), row.confidence);
        let (evidence, note) = match row.extra {
            None => (Vec::new(), None),
            Some(x) => {
                if let Some(s) = x.asserted_by {
                    record.speaker = actor(s)?.index() as u32;
                }
                record.goldstein = x.goldstein.unwrap_or(f32::NAN);
                record.cameo = x.cameo.map_or(0, CameoCode::pack);
                record.flags = modality_bits(x.modality) | if x.negated { NEGATED } else { 0 };
                (x.evidence, x.note)
            }
        };
        g.insert_resolved(crate::RelationId(id), a, b, record, &evidence, note)
            .map_err(graph)?;
        self.next_id = id.saturating_add(1);
        Ok(())
    }
}

/// The whole file as the general path reads it: any key order, unknown
/// keys ignored.
#[derive(Deserialize)]
struct FileIn<'a> {
    format: Option<String>,
    next_relation_id: Option<u32>,
    #[serde(default)]
    documents: Vec<Document>,
    #[serde(default)]
    actors: Vec<ActorIn>,
    #[serde(default)]
    kinds: Vec<RelationKind>,
    #[serde(default, borrow)]
    relations: Vec<RowIn<'a>>,
}

/// The general path for a version-2 file (the version was read before).
pub(super) fn load_serde(text: &str) -> Result<KnowledgeGraph, JsonError> {
    let file: FileIn<'_> = serde_json::from_str(text)?;
    match file.format.as_deref() {
        Some(JSON_FORMAT) => {}
        found => {
            return Err(JsonError::WrongFormat {
                found: found.unwrap_or("<missing>").to_string(),
            });
        }
    }
    let mut g = KnowledgeGraph::new();
    for (i, d) in file.documents.into_iter().enumerate() {
        let item = format!("documents[{i}] ({})", d.id);
        g.add_document(d)
            .map_err(|source| JsonError::graph(text, "documents", i, item, source))?;
    }
    g.reserve_actors(file.actors.len());
    let mut nodes = Vec::with_capacity(file.actors.len());
    for (i, ActorIn(a)) in file.actors.into_iter().enumerate() {
        let item = format!("actors[{i}] ({})", a.id);
        nodes.push(
            g.push_actor(a)
                .map_err(|source| JsonError::graph(text, "actors", i, item, source))?,
        );
    }
    g.reserve_relations(file.relations.len());
    let mut rows = Rows::new(nodes, file.kinds);
    for (i, row) in file.relations.into_iter().enumerate() {
        rows.insert(&mut g, row)
            .map_err(|e| e.at_item(text, "relations", i))?;
    }
    if let Some(next) = file.next_relation_id {
        g.reserve_relation_ids(next);
    }
    Ok(g)
}

/// The `version` of a file, when its top level is an object whose
/// `version` is an integer that comes before any syntax error (anything
/// else: `None`, and the version-1 reader reports what is wrong).
pub(super) fn sniff_version(text: &str) -> Option<u64> {
    struct V<'v>(&'v mut Option<u64>);
    impl<'de> serde::de::Visitor<'de> for V<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<Text<'de>>()? {
                if key.0 == "version" {
                    *self.0 = map.next_value::<serde_json::Value>()?.as_u64();
                } else {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
            Ok(())
        }
    }
    let mut version = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let _ = serde::Deserializer::deserialize_map(&mut de, V(&mut version));
    version
}

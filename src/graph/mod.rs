//! [`KnowledgeGraph`]: actors, relations and their source documents.
//!
//! Storage is a petgraph `StableDiGraph` (parallel edges allowed, indices
//! stable under removal) behind our own ids: [`ActorId`] for actors and
//! [`RelationId`] for relations. petgraph indices never leave this module.
//! Each edge is a 16-byte record (`StoredEdge`); the usually-unset
//! speaker, evidence head and Goldstein override live in side columns keyed
//! by relation id, and relation ids equal edge indices until a removal or a
//! caller-chosen id makes a map necessary. Evidence lives in a side table
//! and quotes that can be read back from a held document text are not
//! stored twice.

mod index;
mod names;
mod relation_ref;
mod store;
mod subgraph;
mod topology;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use indexmap::IndexMap;
pub(crate) use names::NameSeed;
use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
pub(crate) use topology::NodeSlots;
use topology::Topology;

#[cfg(test)]
pub(crate) use index::RANK_GENERIC;
#[cfg(test)]
pub(crate) use index::RankSplit;
pub(crate) use index::{GraphIndex, NbrCsr, RANK_FIXED_MAX, RankIn, Side, Sides};
pub use relation_ref::{EvidenceRef, RelationRef};
pub(crate) use store::{
    EdgeRecord, EvidenceRecord, HAS_EVIDENCE, HAS_GOLDSTEIN, HAS_SPEAKER, NEGATED, NONE,
    StoredEdge, U32Column, modality_bits,
};

use crate::error::{ActorRole, GraphError};
use crate::model::{
    Actor, ActorId, Date, Document, DocumentId, Evidence, Relation, RelationId, Span,
};

/// The hasher of the actor id map: `foldhash` with a random seed per map.
pub(crate) type ActorHasher = foldhash::fast::RandomState;

/// The normalized form of a name for case-insensitive lookup: lowercase,
/// typographic apostrophes folded to `'`, runs of whitespace collapsed.
pub(crate) fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        match c {
            '’' | '‘' | '`' | '´' => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A knowledge graph of actors and the annotated relations between them.
///
/// ```
/// use geokg::{Actor, ActorKind, KnowledgeGraph, Relation, RelationKind};
/// let mut g = KnowledgeGraph::new();
/// g.add_actor(Actor::country("russia", "Russia", "RUS").unwrap().with_aliases(["Moscow"])).unwrap();
/// g.add_actor(Actor::country("ukraine", "Ukraine", "UKR").unwrap()).unwrap();
/// let r = Relation::new("russia".parse().unwrap(), RelationKind::Threatens, "ukraine".parse().unwrap());
/// let id = g.add_relation(r).unwrap();
/// assert_eq!(g.find_actor("MOSCOW").unwrap().id.as_str(), "russia");
/// assert_eq!(g.relation(id).unwrap().target().name, "Ukraine");
/// assert_eq!(g.relations_from("russia").unwrap().count(), 1);
/// ```
#[derive(Clone, Default)]
pub struct KnowledgeGraph {
    /// Edges (petgraph) and the actor of each node (a side table).
    pub(crate) graph: Topology,
    /// Node of each actor id, in insertion order. Hashed with `foldhash`
    /// seeded at random per map (ids come from user files: no fixed set of
    /// ids collides in every map, unlike an unseeded hash), about five
    /// times cheaper than SipHash on short ids.
    pub(crate) actors: IndexMap<ActorId, NodeIndex<u32>, ActorHasher>,
    names: names::NameIndex,
    /// Edge index of each relation id (`EdgeIndex::end()` once removed),
    /// kept only once ids and edge indices differ; `None` while every
    /// relation id equals its edge index (any graph built by adding
    /// relations without removing any), which saves 4 bytes per relation.
    /// A column, so that a far id (`u32::MAX - 1`) costs one map entry.
    edge_map: Option<U32Column>,
    /// The next id [`add_relation`](Self::add_relation) hands out: one
    /// past the largest id used or reserved.
    next_id: u32,
    live_relations: usize,
    pub(crate) documents: IndexMap<DocumentId, Document>,
    pub(crate) evidence: Vec<EvidenceRecord>,
    pub(crate) quotes: Vec<Box<str>>,
    pub(crate) notes: HashMap<u32, Box<str>>,
    /// Speaker node index by relation id (set when [`HAS_SPEAKER`]).
    speakers: U32Column,
    /// Evidence list head by relation id (set when [`HAS_EVIDENCE`]).
    evidence_heads: U32Column,
    /// Goldstein override bits by relation id (set when [`HAS_GOLDSTEIN`]).
    goldstein: U32Column,
    /// The cached read-optimized index ([`GraphIndex`]); emptied by every
    /// `&mut self` method.
    index: OnceLock<Arc<GraphIndex>>,
}

/// What [`KnowledgeGraph::remove_actor`] took out of the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct RemovedActor {
    /// The actor.
    pub actor: Actor,
    /// Its relations, and the relations it was the speaker of.
    pub relations: Vec<Relation>,
}

impl std::fmt::Debug for KnowledgeGraph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnowledgeGraph")
            .field("actors", &self.actor_count())
            .field("relations", &self.relation_count())
            .field("documents", &self.documents.len())
            .finish()
    }
}

impl KnowledgeGraph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty graph with room for `actors` actors and `relations` relations.
    pub fn with_capacity(actors: usize, relations: usize) -> Self {
        KnowledgeGraph {
            graph: Topology::with_capacity(actors, relations),
            actors: IndexMap::with_capacity_and_hasher(actors, ActorHasher::default()),
            names: names::NameIndex::with_capacity(actors),
            ..Self::default()
        }
    }

    /// The read-optimized index of the graph (CSR adjacency), built on
    /// first use in O(V + E) and cached until the next mutation.
    pub(crate) fn index(&self) -> &GraphIndex {
        self.index.get_or_init(|| Arc::new(GraphIndex::build(self)))
    }

    /// The cached index as a shared handle (to keep it past a borrow).
    #[allow(dead_code)] // for queries that outlive a borrow of the graph
    pub(crate) fn index_arc(&self) -> Arc<GraphIndex> {
        self.index();
        self.index.get().cloned().unwrap_or_default()
    }

    /// Drops the cached index. Every `&mut self` method calls it; code that
    /// changes `graph`, `actors` or the relation side tables directly must call it too.
    pub(crate) fn invalidate_index(&mut self) {
        self.index.take();
    }

    /// Builds the read-optimized query index now rather than on the first
    /// query (O(V + E) time, at most 30 bytes per relation and 33 bytes per
    /// actor). Queries build it on demand; any mutation drops it.
    pub fn build_query_index(&self) {
        self.index();
    }

    /// Heap bytes held by the query index if it is built, else 0.
    pub fn query_index_bytes(&self) -> usize {
        self.index.get().map_or(0, |ix| ix.heap_bytes())
    }

    // ----- actors -------------------------------------------------------

    /// Number of actors.
    pub fn actor_count(&self) -> usize {
        self.actors.len()
    }

    /// Adds an actor. Its id, name and aliases become lookup keys.
    ///
    /// Fails with [`GraphError::DuplicateActor`] when the id is taken.
    pub fn add_actor(&mut self, actor: Actor) -> Result<(), GraphError> {
        self.push_actor(actor).map(|_| ())
    }

    /// Reserves room for `additional` more actors in every actor table
    /// (bulk loaders call it once, then [`push_actor`](Self::push_actor)).
    pub(crate) fn reserve_actors(&mut self, additional: usize) {
        self.actors.reserve(additional);
        self.graph.reserve_nodes(additional);
        self.names.reserve(additional);
    }

    /// [`add_actor`](Self::add_actor) for bulk loaders: the same checks
    /// and result with one hash lookup of the id instead of two; returns
    /// the actor's node.
    pub(crate) fn push_actor(&mut self, actor: Actor) -> Result<NodeIndex<u32>, GraphError> {
        let h = self.names.hash(&actor.name);
        self.push_actor_hashed(actor, h)
    }

    /// The seed of the name index's hash: `name_seed().name_hash(name)`
    /// is the hash [`push_actor_hashed`](Self::push_actor_hashed) wants,
    /// computable on another thread.
    pub(crate) fn name_seed(&self) -> NameSeed {
        self.names.seed()
    }

    /// [`push_actor`](Self::push_actor) given the hash of the actor's
    /// name under [`name_seed`](Self::name_seed) (computed elsewhere,
    /// e.g. on a reading thread).
    pub(crate) fn push_actor_hashed(
        &mut self,
        actor: Actor,
        name_hash: Option<u64>,
    ) -> Result<NodeIndex<u32>, GraphError> {
        debug_assert_eq!(name_hash, self.names.hash(&actor.name));
        self.invalidate_index();
        if self.graph.node_count() >= names::MAX_NODE as usize {
            return Err(GraphError::Capacity(names::MAX_NODE));
        }
        let node = match self.actors.entry(actor.id.clone()) {
            indexmap::map::Entry::Occupied(_) => return Err(GraphError::DuplicateActor(actor.id)),
            indexmap::map::Entry::Vacant(slot) => *slot.insert(self.graph.add_node(actor)),
        };
        self.index_names_hashed(node, name_hash);
        Ok(node)
    }

    /// Reads the id map's and the name index's table slots for these
    /// actors' ids and names, one independent lookup after another: the
    /// memory accesses of a batch overlap instead of waiting for each
    /// other, and [`push_actor`](Self::push_actor) then finds the slots
    /// in the cache. Only a hint: it changes nothing.
    /// Each item is an actor id and the hash of its name (see
    /// [`name_seed`](Self::name_seed)).
    pub(crate) fn warm_actor_slots<'a>(
        &self,
        actors: impl Iterator<Item = (&'a ActorId, Option<u64>)>,
    ) {
        for (id, name_hash) in actors {
            std::hint::black_box(self.actors.contains_key(id));
            if let Some(h) = name_hash {
                std::hint::black_box(self.names.contains(h));
            }
        }
    }

    /// Files the actor's name, aliases and (unless it is in normalized
    /// form) id in the name index.
    fn index_names(&mut self, node: NodeIndex<u32>) {
        let h = self.names.hash(&self.graph[node].name);
        self.index_names_hashed(node, h);
    }

    /// [`index_names`](Self::index_names) given the hash of the actor's name.
    fn index_names_hashed(&mut self, node: NodeIndex<u32>, name_hash: Option<u64>) {
        let actor = &self.graph[node];
        let n = node.index() as u32;
        // The name, then each alias, then the id (no iterator chain: bulk
        // loaders call this once per actor).
        if let Some(h) = name_hash {
            self.names.insert(h, n);
        }
        for alias in &actor.aliases {
            if let Some(h) = self.names.hash(alias) {
                self.names.insert(h, n);
            }
        }
        let id = actor.id.as_str();
        if names::id_needs_entry(id) {
            if let Some(h) = self.names.hash(id) {
                self.names.insert(h, n);
            }
        }
    }

    fn unindex_names(&mut self, node: NodeIndex<u32>) {
        let actor = &self.graph[node];
        let n = node.index() as u32;
        let id = Some(actor.id.as_str()).filter(|id| names::id_needs_entry(id));
        let hashes: Vec<u64> = actor
            .names()
            .chain(id)
            .filter_map(|name| self.names.hash(name))
            .collect();
        for h in hashes {
            self.names.remove(h, n);
        }
    }

    /// Whether an actor's id, name or an alias has the normalized form `key`.
    fn answers_to(&self, node: NodeIndex<u32>, key: &str) -> bool {
        let a = &self.graph[node];
        a.names()
            .chain(std::iter::once(a.id.as_str()))
            .any(|n| name_key(n) == key)
    }

    /// The nodes whose id, name or alias normalizes to `name`'s key.
    fn named(&self, name: &str) -> Vec<NodeIndex<u32>> {
        let Some(h) = self.names.hash(name) else {
            return Vec::new();
        };
        let key = name_key(name);
        let mut out: Vec<NodeIndex<u32>> = self
            .names
            .get(h)
            .iter()
            .map(|&n| NodeIndex::new(n as usize))
            .filter(|&n| self.answers_to(n, &key))
            .collect();
        // Ids in normalized form are not in the name index.
        if let Some(&n) = self.actors.get(key.as_str()) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
        out
    }

    /// Replaces the actor with the same id (name, aliases, details), keeping
    /// its relations. Returns the previous value.
    pub fn replace_actor(&mut self, actor: Actor) -> Result<Actor, GraphError> {
        self.invalidate_index();
        let node = self.node(actor.id.as_str(), ActorRole::Lookup)?;
        self.unindex_names(node);
        let old = std::mem::replace(&mut self.graph[node], actor);
        self.index_names(node);
        Ok(old)
    }

    /// Adds an alias to an actor.
    pub fn add_alias(&mut self, id: &str, alias: impl Into<String>) -> Result<(), GraphError> {
        self.invalidate_index();
        let node = self.node(id, ActorRole::Lookup)?;
        let alias = alias.into();
        if self.graph[node].names().any(|n| n == alias) {
            return Ok(());
        }
        if let Some(h) = self.names.hash(&alias) {
            self.names.insert(h, node.index() as u32);
        }
        self.graph[node].aliases.push(alias);
        Ok(())
    }

    /// The actor with this id.
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.get(id).map(|&n| &self.graph[n])
    }

    /// Whether an actor has this id.
    pub fn contains_actor(&self, id: &str) -> bool {
        self.actors.contains_key(id)
    }

    /// Looks an actor up by id, canonical name or alias, ignoring case
    /// (and the difference between ’ and '). An exact id wins; among
    /// actors sharing a name, the one added first.
    pub fn find_actor(&self, name: &str) -> Option<&Actor> {
        if let Some(a) = self.actor(name) {
            return Some(a);
        }
        self.named(name)
            .iter()
            .min_by_key(|n| self.actors.get_index_of(&self.graph[**n].id))
            .map(|&n| &self.graph[n])
    }

    /// Every actor whose id, name or alias matches `name`, ignoring case,
    /// in insertion order.
    pub fn find_actors(&self, name: &str) -> Vec<&Actor> {
        let mut out: Vec<&Actor> = self.named(name).iter().map(|&n| &self.graph[n]).collect();
        out.sort_by_key(|a| self.actors.get_index_of(&a.id));
        out
    }

    /// Every actor, in insertion order.
    pub fn actors(&self) -> impl ExactSizeIterator<Item = &Actor> + '_ {
        self.actors.values().map(move |&n| &self.graph[n])
    }

    /// Removes an actor with its relations and the relations it asserted.
    pub fn remove_actor(&mut self, id: &str) -> Result<RemovedActor, GraphError> {
        self.invalidate_index();
        let node = self.node(id, ActorRole::Lookup)?;
        let mut ids: Vec<RelationId> = self
            .graph
            .edges_directed(node, Direction::Outgoing)
            .chain(self.graph.edges_directed(node, Direction::Incoming))
            .map(|e| RelationId(e.weight().id))
            .collect();
        ids.extend(
            self.asserted_by_node(node.index() as u32)
                .into_iter()
                .map(RelationId),
        );
        ids.sort_unstable();
        ids.dedup();
        let relations = ids
            .into_iter()
            .filter_map(|r| self.remove_relation(r))
            .collect();
        self.unindex_names(node);
        self.actors.shift_remove(id);
        let actor = self
            .graph
            .remove_node(node)
            .ok_or_else(|| GraphError::UnknownActor {
                id: id.to_string(),
                role: ActorRole::Lookup,
            })?;
        Ok(RemovedActor { actor, relations })
    }

    pub(crate) fn node(&self, id: &str, role: ActorRole) -> Result<NodeIndex<u32>, GraphError> {
        self.actors
            .get(id)
            .copied()
            .ok_or_else(|| GraphError::UnknownActor {
                id: id.to_string(),
                role,
            })
    }

    // ----- documents ----------------------------------------------------

    /// Adds a source document. Fails when the id is taken.
    pub fn add_document(&mut self, document: Document) -> Result<(), GraphError> {
        self.invalidate_index();
        if self.documents.contains_key(&document.id) {
            return Err(GraphError::DuplicateDocument(document.id));
        }
        self.documents.insert(document.id.clone(), document);
        Ok(())
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.get(id)
    }

    /// Every document, in insertion order.
    pub fn documents(&self) -> impl ExactSizeIterator<Item = &Document> + '_ {
        self.documents.values()
    }

    /// Number of documents.
    pub fn document_count(&self) -> usize {
        self.documents.len()
    }

    // ----- relations ----------------------------------------------------

    /// Number of relations.
    pub fn relation_count(&self) -> usize {
        self.live_relations
    }

    /// Adds a relation and returns its new id.
    ///
    /// Source, target and speaker must exist; the confidence must lie in
    /// 0..=1. Evidence naming a document the graph does not hold registers
    /// that document (id only); evidence spans must lie inside held document
    /// texts and quotes must match them (an empty quote is filled in from
    /// the text). The relation's own `id` field is ignored.
    pub fn add_relation(&mut self, relation: Relation) -> Result<RelationId, GraphError> {
        let id = self.next_id;
        if id == NONE {
            return Err(GraphError::Capacity(NONE));
        }
        self.insert_relation(RelationId(id), relation)
    }

    /// Adds a relation under a given id (used to restore graphs from JSON).
    /// Fails when the id is in use or was used by a live relation.
    pub fn insert_relation(
        &mut self,
        id: RelationId,
        relation: Relation,
    ) -> Result<RelationId, GraphError> {
        self.insert_relation_spans(id, relation, None)
    }

    /// [`add_relation`](Self::add_relation) with more evidence given as
    /// bare spans of one document (the extractor's compact form: no
    /// document id or quote per span; quotes are read from the text).
    /// The spans come first, in order, then `relation.evidence`. An
    /// unknown document is registered (id only), as for evidence; with a
    /// text, every span must lie inside it on character boundaries.
    pub(crate) fn add_relation_spans(
        &mut self,
        relation: Relation,
        document: &DocumentId,
        spans: &[Span],
    ) -> Result<RelationId, GraphError> {
        let id = self.next_id;
        if id == NONE {
            return Err(GraphError::Capacity(NONE));
        }
        self.insert_relation_spans(RelationId(id), relation, Some((document, spans)))
    }

    /// [`insert_relation`](Self::insert_relation) with the spans of
    /// [`add_relation_spans`](Self::add_relation_spans).
    fn insert_relation_spans(
        &mut self,
        id: RelationId,
        relation: Relation,
        spans: Option<(&DocumentId, &[Span])>,
    ) -> Result<RelationId, GraphError> {
        self.invalidate_index();
        if id.0 == NONE {
            return Err(GraphError::Capacity(NONE));
        }
        if self.edge(id).is_some() {
            return Err(GraphError::DuplicateRelation(id));
        }
        let a = self.node(relation.source.as_str(), ActorRole::Source)?;
        let b = self.node(relation.target.as_str(), ActorRole::Target)?;
        let speaker = match &relation.asserted_by {
            Some(s) => self.node(s.as_str(), ActorRole::Speaker)?.index() as u32,
            None => NONE,
        };
        let record = EdgeRecord::new(id.0, &relation, speaker, NONE);
        self.insert_resolved_spans(id, a, b, record, spans, &relation.evidence, relation.note)
    }

    /// Adds a relation whose endpoints are resolved and whose record is
    /// built (`record.evidence` is ignored: `evidence` is stored instead).
    /// Checks the id, confidence, Goldstein score and evidence first.
    pub(crate) fn insert_resolved(
        &mut self,
        id: RelationId,
        a: NodeIndex<u32>,
        b: NodeIndex<u32>,
        record: EdgeRecord,
        evidence: &[Evidence],
        note: Option<String>,
    ) -> Result<RelationId, GraphError> {
        self.insert_resolved_spans(id, a, b, record, None, evidence, note)
    }

    /// [`insert_resolved`](Self::insert_resolved) with bare spans of one
    /// document before `evidence` (see
    /// [`add_relation_spans`](Self::add_relation_spans)).
    #[allow(clippy::too_many_arguments)]
    fn insert_resolved_spans(
        &mut self,
        id: RelationId,
        a: NodeIndex<u32>,
        b: NodeIndex<u32>,
        mut record: EdgeRecord,
        spans: Option<(&DocumentId, &[Span])>,
        evidence: &[Evidence],
        note: Option<String>,
    ) -> Result<RelationId, GraphError> {
        self.invalidate_index();
        if id.0 == NONE {
            return Err(GraphError::Capacity(NONE));
        }
        if self.edge(id).is_some() {
            return Err(GraphError::DuplicateRelation(id));
        }
        if !(0.0..=1.0).contains(&record.confidence) {
            return Err(GraphError::InvalidConfidence {
                value: record.confidence,
                source_id: self.graph[a].id.clone(),
                kind: record.kind,
                target_id: self.graph[b].id.clone(),
            });
        }
        let g = record.goldstein;
        if !g.is_nan() && !(-10.0..=10.0).contains(&g) {
            return Err(GraphError::InvalidGoldstein { value: g });
        }
        // Check all evidence before changing anything.
        for ev in evidence {
            self.check_evidence(ev)?;
        }
        let spans = spans.filter(|(_, s)| !s.is_empty());
        if let Some((document, spans)) = spans {
            self.check_spans(document, spans)?;
        }
        let span_count = spans.map_or(0, |(_, s)| s.len());
        if self.evidence.len() + span_count + evidence.len() >= NONE as usize {
            return Err(GraphError::Capacity(NONE));
        }
        let mut head = NONE;
        for ev in evidence.iter().rev() {
            head = self.push_evidence(ev, head);
        }
        if let Some((document, spans)) = spans {
            let doc = self.document_index(document) as u32;
            self.evidence.reserve(spans.len());
            for s in spans.iter().rev() {
                self.evidence.push(EvidenceRecord {
                    doc,
                    start: s.start,
                    end: s.end,
                    quote: NONE,
                    next: head,
                });
                head = (self.evidence.len() - 1) as u32;
            }
        }
        record.id = id.0;
        record.evidence = head;
        self.store(a, b, record);
        if let Some(note) = note {
            self.notes.insert(id.0, note.into_boxed_str());
        }
        Ok(id)
    }

    fn check_evidence(&self, ev: &Evidence) -> Result<(), GraphError> {
        let (Some(span), Some(text)) = (
            ev.span,
            self.documents
                .get(&ev.document)
                .and_then(|d| d.text.as_deref()),
        ) else {
            return Ok(());
        };
        if span.end as usize > text.len() {
            return Err(GraphError::SpanOutOfBounds {
                document: ev.document.clone(),
                span,
                len: text.len(),
            });
        }
        let Some(found) = text.get(span.range()) else {
            return Err(GraphError::SpanNotOnCharBoundary {
                document: ev.document.clone(),
                span,
            });
        };
        if !ev.quote.is_empty() && ev.quote != found {
            return Err(GraphError::QuoteMismatch {
                document: ev.document.clone(),
                span,
                quote: ev.quote.clone(),
                found: found.to_string(),
            });
        }
        Ok(())
    }

    /// Checks bare evidence spans of `document` (see
    /// [`add_relation_spans`](Self::add_relation_spans)) as
    /// [`check_evidence`](Self::check_evidence) checks evidence without a
    /// quote.
    fn check_spans(&self, document: &DocumentId, spans: &[Span]) -> Result<(), GraphError> {
        let Some(text) = self.documents.get(document).and_then(|d| d.text.as_deref()) else {
            return Ok(());
        };
        for &span in spans {
            if span.end as usize > text.len() {
                return Err(GraphError::SpanOutOfBounds {
                    document: document.clone(),
                    span,
                    len: text.len(),
                });
            }
            if text.get(span.range()).is_none() {
                return Err(GraphError::SpanNotOnCharBoundary {
                    document: document.clone(),
                    span,
                });
            }
        }
        Ok(())
    }

    /// The index of `document` in the document map, registering it (id
    /// only) when unknown.
    fn document_index(&mut self, document: &DocumentId) -> usize {
        match self.documents.get_index_of(document) {
            Some(i) => i,
            None => {
                self.documents
                    .insert(document.clone(), Document::new(document.clone()));
                self.documents.len() - 1
            }
        }
    }

    /// Stores one evidence record in front of `next`; returns its index.
    fn push_evidence(&mut self, ev: &Evidence, next: u32) -> u32 {
        let doc = self.document_index(&ev.document);
        let derivable = ev.span.is_some()
            && self.documents[doc].text.is_some()
            && (ev.quote.is_empty()
                || ev.span.and_then(|s| self.documents[doc].slice(s)) == Some(ev.quote.as_str()));
        let quote = if derivable || ev.quote.is_empty() {
            NONE
        } else {
            self.quotes.push(ev.quote.clone().into_boxed_str());
            (self.quotes.len() - 1) as u32
        };
        let (start, end) = ev.span.map_or((NONE, NONE), |s| (s.start, s.end));
        self.evidence.push(EvidenceRecord {
            doc: doc as u32,
            start,
            end,
            quote,
            next,
        });
        (self.evidence.len() - 1) as u32
    }

    /// Adds a relation between two nodes by index, with a prepared record
    /// (importers: no string lookups, no owned [`Relation`]). The record's
    /// `id` is set here; `evidence_doc` (a document index) becomes its only
    /// evidence (document only, no span or quote).
    pub(crate) fn push_record(
        &mut self,
        a: NodeIndex<u32>,
        b: NodeIndex<u32>,
        mut record: EdgeRecord,
        evidence_doc: Option<u32>,
    ) -> Result<RelationId, GraphError> {
        self.invalidate_index();
        let id = self.next_id;
        if id == NONE {
            return Err(GraphError::Capacity(NONE));
        }
        record.id = id;
        record.evidence = match evidence_doc {
            Some(doc) => {
                if self.evidence.len() + 1 >= NONE as usize {
                    return Err(GraphError::Capacity(NONE));
                }
                self.evidence.push(EvidenceRecord {
                    doc,
                    start: NONE,
                    end: NONE,
                    quote: NONE,
                    next: NONE,
                });
                (self.evidence.len() - 1) as u32
            }
            None => NONE,
        };
        self.store(a, b, record);
        Ok(RelationId(id))
    }

    /// Whether `n` new edges all land at the end of the edge array under
    /// the next ids. Without a map, live ids equal edge indices; with as
    /// many live edges as ids handed out, ids (and indices) 0..next_id are
    /// all live, and no slot past them was ever used (it would have moved
    /// `next_id`): petgraph's free list is empty and every new edge lands
    /// at the end of the edge array, under the next id.
    fn appends_at_end(&self, n: usize) -> bool {
        self.edge_map.is_none()
            && self.graph.edge_count() == self.next_id as usize
            && (self.next_id as u64) + (n as u64) < u64::from(NONE)
    }

    /// [`push_record`](Self::push_record) without evidence for a run of
    /// records, in order: the same ids, edges and errors (on an error the
    /// records before the failing one are in the graph), with the per-call
    /// checks done once per run. For bulk loaders (the CSV reader; the
    /// JSON reader can use it too): records whose ids follow the edge
    /// indices go straight to petgraph's `add_edge`.
    pub(crate) fn push_records(
        &mut self,
        records: &[(NodeIndex<u32>, NodeIndex<u32>, EdgeRecord)],
    ) -> Result<(), GraphError> {
        self.invalidate_index();
        let n = records.len();
        let appends = self.appends_at_end(n);
        if !appends {
            for &(a, b, rec) in records {
                self.push_record(a, b, rec, None)?;
            }
            return Ok(());
        }
        let base = self.next_id;
        let mut plain = 0;
        for (i, &(a, b, mut rec)) in records.iter().enumerate() {
            rec.id = base + i as u32;
            rec.evidence = NONE;
            if rec.speaker != NONE || !rec.goldstein.is_nan() {
                // Side columns needed: the general path (it counts the
                // relation and moves `next_id` itself).
                self.store(a, b, rec);
                continue;
            }
            plain += 1;
            let stored = StoredEdge {
                id: rec.id,
                date: rec.date,
                confidence: rec.confidence,
                cameo: rec.cameo,
                kind: rec.kind,
                flags: rec.flags & 0b111,
            };
            self.graph.add_edge(a, b, stored);
        }
        self.next_id = base + n as u32;
        self.live_relations += plain;
        Ok(())
    }

    /// [`push_records`](Self::push_records) for plain records
    /// ([`EdgeRecord::plain`]: no speaker, Goldstein override, evidence,
    /// CAMEO code or flags), given as endpoints, kind, packed date and
    /// confidence: the same ids, edges and errors, without building the
    /// records first (the CSV reader's rows).
    pub(crate) fn push_plain(
        &mut self,
        rows: impl ExactSizeIterator<
            Item = (
                NodeIndex<u32>,
                NodeIndex<u32>,
                crate::model::RelationKind,
                u32,
                f32,
            ),
        >,
    ) -> Result<(), GraphError> {
        self.invalidate_index();
        let n = rows.len();
        let appends = self.appends_at_end(n);
        if !appends {
            for (a, b, kind, date, confidence) in rows {
                self.push_record(a, b, EdgeRecord::plain(kind, date, confidence), None)?;
            }
            return Ok(());
        }
        let base = self.next_id;
        let mut id = base;
        for (a, b, kind, date, confidence) in rows.take(n) {
            let stored = StoredEdge {
                id,
                date,
                confidence,
                cameo: 0,
                kind,
                flags: 0,
            };
            self.graph.add_edge(a, b, stored);
            id += 1;
        }
        self.next_id = id;
        self.live_relations += (id - base) as usize;
        Ok(())
    }

    /// Stores a checked record under `record.id`: the compact edge in
    /// petgraph, the usually-unset fields in the side columns.
    fn store(
        &mut self,
        a: NodeIndex<u32>,
        b: NodeIndex<u32>,
        record: EdgeRecord,
    ) -> EdgeIndex<u32> {
        let id = record.id;
        let mut flags = record.flags & 0b111;
        if record.speaker != NONE {
            flags |= HAS_SPEAKER;
            self.speakers.set(id, record.speaker);
        }
        if record.evidence != NONE {
            flags |= HAS_EVIDENCE;
            self.evidence_heads.set(id, record.evidence);
        }
        if !record.goldstein.is_nan() {
            flags |= HAS_GOLDSTEIN;
            self.goldstein.set(id, record.goldstein.to_bits());
        }
        let stored = StoredEdge {
            id,
            date: record.date,
            confidence: record.confidence,
            cameo: record.cameo,
            kind: record.kind,
            flags,
        };
        let edge = self.graph.add_edge(a, b, stored);
        self.next_id = self.next_id.max(id + 1);
        self.live_relations += 1;
        match &mut self.edge_map {
            None if edge.index() == id as usize => {}
            None => {
                // Ids and edge indices part ways (an edge slot reused after
                // a removal, or an id given by the caller): keep a map.
                let mut map = U32Column::for_ids(self.next_id as usize, self.graph.edge_count());
                for e in self.graph.edge_indices() {
                    map.set(self.graph[e].id, e.index() as u32);
                }
                self.edge_map = Some(map);
            }
            Some(map) => map.set(id, edge.index() as u32),
        }
        edge
    }

    /// The speaker node index of a stored relation; [`NONE`] = the narrator.
    #[inline]
    pub(crate) fn speaker_of(&self, rec: &StoredEdge) -> u32 {
        if rec.has_speaker() {
            self.speakers.get(rec.id)
        } else {
            NONE
        }
    }

    /// The head of a stored relation's evidence list; [`NONE`] = none.
    #[inline]
    pub(crate) fn evidence_head(&self, rec: &StoredEdge) -> u32 {
        if rec.flags & HAS_EVIDENCE != 0 {
            self.evidence_heads.get(rec.id)
        } else {
            NONE
        }
    }

    /// A stored relation's Goldstein override, if it has one.
    #[inline]
    pub(crate) fn goldstein_override(&self, rec: &StoredEdge) -> Option<f32> {
        (rec.flags & HAS_GOLDSTEIN != 0).then(|| f32::from_bits(self.goldstein.get(rec.id)))
    }

    /// The ids of the relations that the actor at `node` asserts, sorted.
    pub(crate) fn asserted_by_node(&self, node: u32) -> Vec<u32> {
        let mut ids: Vec<u32> = self
            .speakers
            .iter()
            .filter(|&(_, s)| s == node)
            .map(|(id, _)| id)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The live edges in relation-id order.
    pub(crate) fn relation_edges(&self) -> impl Iterator<Item = EdgeIndex<u32>> + '_ {
        // A dense map is read in place (already in id order); only a
        // sparse one is collected and sorted.
        let (dense, sparse, bound) = match &self.edge_map {
            Some(U32Column::Dense(v)) => (v.as_slice(), Vec::new(), 0),
            Some(m) => (&[][..], m.sorted(), 0),
            None => (
                &[][..],
                Vec::new(),
                petgraph::visit::EdgeIndexable::edge_bound(&*self.graph),
            ),
        };
        dense
            .iter()
            .copied()
            .filter(|&e| e != NONE)
            .chain(sparse.into_iter().map(|(_, e)| e))
            .map(|e| EdgeIndex::new(e as usize))
            .chain(
                (0..bound)
                    .map(EdgeIndex::new)
                    .filter(move |&e| self.graph.edge_weight(e).is_some()),
            )
    }

    /// Whether relation ids map to edges through a dense table (read in
    /// order by [`relation_edge_list`](Self::relation_edge_list) without
    /// sorting).
    pub(crate) fn has_dense_edge_map(&self) -> bool {
        matches!(self.edge_map, Some(U32Column::Dense(_)))
    }

    /// [`relation_edges`](Self::relation_edges) collected. A dense id map
    /// is compacted without a branch per entry: its holes fall anywhere
    /// (an ego subgraph keeps about half of the ids in its range), so a
    /// branch would be mispredicted about as often as not.
    pub(crate) fn relation_edge_list(&self) -> Vec<EdgeIndex<u32>> {
        let Some(U32Column::Dense(map)) = &self.edge_map else {
            return self.relation_edges().collect();
        };
        let mut out = Vec::with_capacity(self.relation_count());
        let mut block = [EdgeIndex::end(); 64];
        for chunk in map.chunks(64) {
            let mut n = 0;
            for &e in chunk {
                block[n] = EdgeIndex::from(e);
                n += usize::from(e != NONE);
            }
            out.extend_from_slice(&block[..n]);
        }
        out
    }

    /// One past the largest relation id in use or reserved (the length a
    /// table indexed by relation id needs).
    pub(crate) fn relation_id_bound(&self) -> usize {
        self.next_id as usize
    }

    /// The index of a document, registering it (id and URL only) when new;
    /// the `bool` says whether it was new.
    pub(crate) fn intern_document(
        &mut self,
        id: &str,
        url: Option<&str>,
    ) -> Result<(u32, bool), crate::model::IdError> {
        if let Some(i) = self.documents.get_index_of(id) {
            return Ok((i as u32, false));
        }
        let id = DocumentId::new(id)?;
        let mut doc = Document::new(id.clone());
        doc.url = url.map(str::to_string);
        self.documents.insert(id, doc);
        Ok(((self.documents.len() - 1) as u32, true))
    }

    /// Reserves room for `additional` more relations.
    pub(crate) fn reserve_relations(&mut self, additional: usize) {
        self.graph.reserve_edges(additional);
    }

    /// Releases spare capacity (after a bulk load).
    pub fn shrink_to_fit(&mut self) {
        self.graph.shrink_to_fit();
        if let Some(m) = &mut self.edge_map {
            m.shrink_to_fit();
        }
        self.speakers.shrink_to_fit();
        self.evidence_heads.shrink_to_fit();
        self.goldstein.shrink_to_fit();
        self.evidence.shrink_to_fit();
        self.quotes.shrink_to_fit();
        self.actors.shrink_to_fit();
        self.names.shrink_to_fit();
        self.documents.shrink_to_fit();
    }

    /// Adds a piece of evidence to a relation (after its existing evidence).
    pub fn add_evidence(&mut self, id: RelationId, evidence: Evidence) -> Result<(), GraphError> {
        self.invalidate_index();
        let edge = self.edge(id).ok_or(GraphError::UnknownRelation(id))?;
        self.check_evidence(&evidence)?;
        if self.evidence.len() + 1 >= NONE as usize {
            return Err(GraphError::Capacity(NONE));
        }
        let new = self.push_evidence(&evidence, NONE);
        let head = self.evidence_head(&self.graph[edge]);
        if head == NONE {
            self.evidence_heads.set(id.0, new);
            self.graph[edge].flags |= HAS_EVIDENCE;
        } else {
            let mut at = head as usize;
            while self.evidence[at].next != NONE {
                at = self.evidence[at].next as usize;
            }
            self.evidence[at].next = new;
        }
        Ok(())
    }

    /// Sets or clears a relation's note.
    pub fn set_note(&mut self, id: RelationId, note: Option<String>) -> Result<(), GraphError> {
        self.invalidate_index();
        self.edge(id).ok_or(GraphError::UnknownRelation(id))?;
        match note {
            Some(n) => self.notes.insert(id.0, n.into_boxed_str()),
            None => self.notes.remove(&id.0),
        };
        Ok(())
    }

    #[inline]
    pub(crate) fn edge(&self, id: RelationId) -> Option<EdgeIndex<u32>> {
        match &self.edge_map {
            Some(m) => Some(m.get(id.0))
                .filter(|&e| e != NONE)
                .map(|e| EdgeIndex::new(e as usize)),
            None => {
                let e = EdgeIndex::new(id.0 as usize);
                self.graph
                    .edge_weight(e)
                    .is_some_and(|w| w.id == id.0)
                    .then_some(e)
            }
        }
    }

    /// The relation with this id.
    pub fn relation(&self, id: RelationId) -> Option<RelationRef<'_>> {
        self.edge(id).and_then(|e| RelationRef::new(self, e))
    }

    /// Whether a relation has this id.
    pub fn contains_relation(&self, id: RelationId) -> bool {
        self.edge(id).is_some()
    }

    /// Every relation, in id order.
    pub fn relations(&self) -> impl Iterator<Item = RelationRef<'_>> + '_ {
        self.relation_edges()
            .filter_map(move |e| RelationRef::new(self, e))
    }

    /// The relations whose source is `id`, in id order.
    pub fn relations_from(
        &self,
        id: &str,
    ) -> Result<impl Iterator<Item = RelationRef<'_>> + '_, GraphError> {
        self.incident(id, Direction::Outgoing)
    }

    /// The relations whose target is `id`, in id order.
    pub fn relations_to(
        &self,
        id: &str,
    ) -> Result<impl Iterator<Item = RelationRef<'_>> + '_, GraphError> {
        self.incident(id, Direction::Incoming)
    }

    fn incident(
        &self,
        id: &str,
        dir: Direction,
    ) -> Result<impl Iterator<Item = RelationRef<'_>> + '_, GraphError> {
        let node = self.node(id, ActorRole::Lookup)?;
        let mut edges: Vec<EdgeIndex<u32>> = self
            .graph
            .edges_directed(node, dir)
            .map(|e| e.id())
            .collect();
        edges.sort_unstable_by_key(|e| self.graph[*e].id);
        Ok(edges
            .into_iter()
            .filter_map(move |e| RelationRef::new(self, e)))
    }

    /// The relations from `source` to `target` (that direction only), in id
    /// order. Parallel relations (a fact and a claim about it) are all listed.
    pub fn relations_between(
        &self,
        source: &str,
        target: &str,
    ) -> Result<impl Iterator<Item = RelationRef<'_>> + '_, GraphError> {
        let a = self.node(source, ActorRole::Source)?;
        let b = self.node(target, ActorRole::Target)?;
        let mut edges: Vec<EdgeIndex<u32>> =
            self.graph.edges_connecting(a, b).map(|e| e.id()).collect();
        edges.sort_unstable_by_key(|e| self.graph[*e].id);
        Ok(edges
            .into_iter()
            .filter_map(move |e| RelationRef::new(self, e)))
    }

    /// Removes a relation and returns it as a value.
    pub fn remove_relation(&mut self, id: RelationId) -> Option<Relation> {
        self.invalidate_index();
        let edge = self.edge(id)?;
        let relation = RelationRef::new(self, edge)?.to_relation();
        self.graph.remove_edge(edge);
        if let Some(m) = &mut self.edge_map {
            m.set(id.0, NONE);
        }
        self.speakers.set(id.0, NONE);
        self.evidence_heads.set(id.0, NONE);
        self.goldstein.set(id.0, NONE);
        self.notes.remove(&id.0);
        self.live_relations -= 1;
        Some(relation)
    }

    /// The next id [`add_relation`](Self::add_relation) will hand out.
    pub fn next_relation_id(&self) -> RelationId {
        RelationId(self.next_id)
    }

    /// Makes sure relation ids below `next` are never handed out by
    /// [`add_relation`](Self::add_relation) (they may be used by
    /// [`insert_relation`](Self::insert_relation)).
    pub fn reserve_relation_ids(&mut self, next: u32) {
        self.invalidate_index();
        self.next_id = self.next_id.max(next);
    }

    /// The evidence records of a list (for tests and export).
    pub(crate) fn evidence_list(&self, head: u32) -> impl Iterator<Item = &EvidenceRecord> + '_ {
        let mut at = head;
        std::iter::from_fn(move || {
            if at == NONE {
                return None;
            }
            let rec = self.evidence.get(at as usize)?;
            at = rec.next;
            Some(rec)
        })
    }

    /// The earliest and latest relation dates, when any relation is dated.
    pub fn date_range(&self) -> Option<(Date, Date)> {
        let mut it = self
            .graph
            .edge_weights()
            .filter_map(|w| Date::unpack(w.date));
        let first = it.next()?;
        Some(it.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
    }
}

#[cfg(test)]
mod tests;

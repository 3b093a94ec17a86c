//! Borrowed views of relations and their evidence.

use std::fmt;

use petgraph::stable_graph::EdgeIndex;

use super::{EvidenceRecord, KnowledgeGraph, NONE, StoredEdge};
use crate::model::{
    Actor, CameoCode, Date, Document, DocumentId, Evidence, Modality, Relation, RelationId,
    RelationKind, Span,
};

/// A relation inside a [`KnowledgeGraph`], borrowed.
///
/// Cheap to copy; [`to_relation`](Self::to_relation) gives the owned value.
#[derive(Clone, Copy)]
pub struct RelationRef<'g> {
    graph: &'g KnowledgeGraph,
    rec: &'g StoredEdge,
    source: &'g Actor,
    target: &'g Actor,
}

impl<'g> RelationRef<'g> {
    /// The view of a live edge; `None` for a removed one.
    pub(crate) fn new(graph: &'g KnowledgeGraph, edge: EdgeIndex<u32>) -> Option<Self> {
        let g = &graph.graph;
        let (a, b) = g.edge_endpoints(edge)?;
        Some(RelationRef {
            graph,
            rec: g.edge_weight(edge)?,
            source: g.node_weight(a)?,
            target: g.node_weight(b)?,
        })
    }

    /// The relation's id.
    pub fn id(&self) -> RelationId {
        RelationId(self.rec.id)
    }

    /// Its kind.
    pub fn kind(&self) -> RelationKind {
        self.rec.kind
    }

    /// The acting actor.
    pub fn source(&self) -> &'g Actor {
        self.source
    }

    /// The actor acted upon.
    pub fn target(&self) -> &'g Actor {
        self.target
    }

    /// Fact, claim, speculation or denial.
    pub fn modality(&self) -> Modality {
        self.rec.modality()
    }

    /// Whether the text says the relation does not hold.
    pub fn negated(&self) -> bool {
        self.rec.negated()
    }

    /// Who asserts it; `None` is the narrator.
    pub fn asserted_by(&self) -> Option<&'g Actor> {
        let speaker = self.graph.speaker_of(self.rec);
        (speaker != NONE)
            .then(|| {
                self.graph
                    .graph
                    .node_weight(petgraph::stable_graph::NodeIndex::new(speaker as usize))
            })
            .flatten()
    }

    /// When it happened or held.
    pub fn date(&self) -> Option<Date> {
        self.rec.date()
    }

    /// Confidence in 0..=1.
    pub fn confidence(&self) -> f32 {
        self.rec.confidence
    }

    /// The effective CAMEO code (override, else the kind's).
    pub fn cameo_code(&self) -> Option<CameoCode> {
        CameoCode::unpack(self.rec.cameo).or_else(|| {
            self.rec
                .kind
                .cameo_code()
                .and_then(|c| CameoCode::new(c).ok())
        })
    }

    /// The effective Goldstein score (override, else the kind's).
    pub fn goldstein(&self) -> Option<f32> {
        self.graph
            .goldstein_override(self.rec)
            .or_else(|| self.rec.kind.goldstein())
    }

    /// The note, if any.
    pub fn note(&self) -> Option<&'g str> {
        self.graph.notes.get(&self.rec.id).map(|s| &**s)
    }

    /// The evidence, in the order it was added.
    pub fn evidence(&self) -> impl Iterator<Item = EvidenceRef<'g>> + 'g {
        let graph = self.graph;
        graph
            .evidence_list(graph.evidence_head(self.rec))
            .map(move |rec| EvidenceRef { graph, rec })
    }

    /// The CAMEO code stored for this relation, if it overrides the kind's.
    pub(crate) fn cameo_override(&self) -> Option<CameoCode> {
        CameoCode::unpack(self.rec.cameo)
    }

    /// The Goldstein score stored for this relation, if it overrides the
    /// kind's.
    pub(crate) fn goldstein_override(&self) -> Option<f32> {
        self.graph.goldstein_override(self.rec)
    }

    /// The relation as an owned value (with its id).
    pub fn to_relation(&self) -> Relation {
        Relation {
            id: Some(self.id()),
            source: self.source().id.clone(),
            kind: self.kind(),
            target: self.target().id.clone(),
            modality: self.modality(),
            negated: self.negated(),
            asserted_by: self.asserted_by().map(|a| a.id.clone()),
            date: self.date(),
            confidence: self.confidence(),
            evidence: self.evidence().map(|e| e.to_evidence()).collect(),
            cameo: self.cameo_override(),
            goldstein: self.goldstein_override(),
            note: self.note().map(str::to_string),
        }
    }
}

impl fmt::Debug for RelationRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RelationRef")
            .field("id", &self.id())
            .field("source", &self.source().id)
            .field("kind", &self.kind())
            .field("target", &self.target().id)
            .field("modality", &self.modality())
            .finish_non_exhaustive()
    }
}

/// "Russia —invades→ Ukraine", with "not" for negated relations and the
/// modality when it is not a plain fact.
impl fmt::Display for RelationRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let not = if self.negated() { "not " } else { "" };
        write!(
            f,
            "{} —{}{}→ {}",
            self.source(),
            not,
            self.kind().label(),
            self.target()
        )?;
        if self.modality() != Modality::Fact {
            write!(f, " ({}", self.modality())?;
            if let Some(s) = self.asserted_by() {
                write!(f, " by {s}")?;
            }
            f.write_str(")")?;
        } else if let Some(s) = self.asserted_by() {
            write!(f, " (according to {s})")?;
        }
        Ok(())
    }
}

/// One piece of evidence of a relation, borrowed.
#[derive(Clone, Copy)]
pub struct EvidenceRef<'g> {
    graph: &'g KnowledgeGraph,
    rec: &'g EvidenceRecord,
}

impl<'g> EvidenceRef<'g> {
    /// The source document.
    pub fn document(&self) -> &'g Document {
        // Documents are never removed, so the index stays valid.
        &self.graph.documents[self.rec.doc as usize]
    }

    /// The id of the source document.
    pub fn document_id(&self) -> &'g DocumentId {
        &self.document().id
    }

    /// Byte span in the document text, when known.
    pub fn span(&self) -> Option<Span> {
        (self.rec.start != NONE).then_some(Span {
            start: self.rec.start,
            end: self.rec.end,
        })
    }

    /// The verbatim quote (empty when the evidence names only a document).
    pub fn quote(&self) -> &'g str {
        if self.rec.quote != NONE {
            return self
                .graph
                .quotes
                .get(self.rec.quote as usize)
                .map_or("", |q| &**q);
        }
        self.span()
            .and_then(|s| self.document().slice(s))
            .unwrap_or("")
    }

    /// The evidence as an owned value.
    pub fn to_evidence(&self) -> Evidence {
        Evidence {
            document: self.document_id().clone(),
            span: self.span(),
            quote: self.quote().to_string(),
        }
    }
}

impl fmt::Debug for EvidenceRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_evidence().fmt(f)
    }
}

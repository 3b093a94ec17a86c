//! Error types, one per concern.
//!
//! * [`ModelError`]: a value of the data model is malformed (an id, a code, a date).
//! * [`GraphError`]: an operation on a [`KnowledgeGraph`](crate::KnowledgeGraph) was refused
//!   (unknown or duplicate ids, bad confidence, spans outside their document).
//! * [`JsonError`](crate::JsonError): a graph JSON file could not be read.
//! * [`DatasetError`](crate::DatasetError): a curated annotation file could not be loaded.

use crate::model::{
    ActorId, CameoCodeError, CountryCodeError, DateError, DocumentId, IdError, RelationId, Span,
    UnknownActorKind, UnknownModality, UnknownRelationKind,
};

/// A malformed value of the data model.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    /// A bad actor or document id.
    #[error(transparent)]
    Id(#[from] IdError),
    /// A bad ISO 3166 code.
    #[error(transparent)]
    CountryCode(#[from] CountryCodeError),
    /// A bad date.
    #[error(transparent)]
    Date(#[from] DateError),
    /// A bad CAMEO code.
    #[error(transparent)]
    CameoCode(#[from] CameoCodeError),
    /// An unknown actor kind name.
    #[error(transparent)]
    ActorKind(#[from] UnknownActorKind),
    /// An unknown relation kind name.
    #[error(transparent)]
    RelationKind(#[from] UnknownRelationKind),
    /// An unknown modality name.
    #[error(transparent)]
    Modality(#[from] UnknownModality),
}

/// Where an actor id was referenced from, for [`GraphError::UnknownActor`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorRole {
    /// The source of a relation.
    Source,
    /// The target of a relation.
    Target,
    /// The speaker (`asserted_by`) of a relation.
    Speaker,
    /// A lookup by id.
    Lookup,
}

impl std::fmt::Display for ActorRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ActorRole::Source => "source",
            ActorRole::Target => "target",
            ActorRole::Speaker => "asserted_by",
            ActorRole::Lookup => "lookup",
        })
    }
}

/// An operation on a [`KnowledgeGraph`](crate::KnowledgeGraph) was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GraphError {
    /// An actor with this id already exists.
    #[error("duplicate actor id \"{0}\"")]
    DuplicateActor(ActorId),
    /// No actor has this id.
    #[error("unknown actor {id:?} (as {role})")]
    UnknownActor {
        /// The id that was not found.
        id: String,
        /// Where it was used.
        role: ActorRole,
    },
    /// No relation has this id.
    #[error("unknown relation {0}")]
    UnknownRelation(RelationId),
    /// A relation with this id already exists.
    #[error("duplicate relation id {0}")]
    DuplicateRelation(RelationId),
    /// A document with this id already exists.
    #[error("duplicate document id \"{0}\"")]
    DuplicateDocument(DocumentId),
    /// A confidence outside 0..=1 (or NaN).
    #[error("confidence {value} of relation {source_id} -{kind}-> {target_id} is outside 0..=1")]
    InvalidConfidence {
        /// The value given.
        value: f32,
        /// Source of the relation.
        source_id: ActorId,
        /// Kind of the relation.
        kind: crate::RelationKind,
        /// Target of the relation.
        target_id: ActorId,
    },
    /// A Goldstein score outside -10..=10 (or NaN).
    #[error("Goldstein score {value} is outside -10..=10")]
    InvalidGoldstein {
        /// The value given.
        value: f32,
    },
    /// A span reaches past the end of its document's text.
    #[error("span {span} is outside document \"{document}\" ({len} bytes)")]
    SpanOutOfBounds {
        /// The document.
        document: DocumentId,
        /// The span.
        span: Span,
        /// Length of the document text in bytes.
        len: usize,
    },
    /// A span cuts a UTF-8 character in two.
    #[error("span {span} of document \"{document}\" does not lie on character boundaries")]
    SpanNotOnCharBoundary {
        /// The document.
        document: DocumentId,
        /// The span.
        span: Span,
    },
    /// A quote differs from the document text at its span.
    #[error(
        "quote {quote:?} differs from the text {found:?} at span {span} of document \"{document}\""
    )]
    QuoteMismatch {
        /// The document.
        document: DocumentId,
        /// The span.
        span: Span,
        /// The quote given.
        quote: String,
        /// The text found at the span.
        found: String,
    },
    /// More relations or evidence than 32-bit ids can number.
    #[error("capacity exceeded: at most {0} relations or evidence records")]
    Capacity(u32),
    /// A malformed value.
    #[error(transparent)]
    Model(#[from] ModelError),
}

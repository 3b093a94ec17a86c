//! The vocabulary: actors, relation kinds and their standard codes,
//! relations, evidence and dates.

mod actor;
mod evidence;
mod id;
mod relation;
mod relation_kind;
mod time;

pub use actor::{Actor, ActorDetails, ActorKind, CountryCode, CountryCodeError, UnknownActorKind};
pub use evidence::{Document, Evidence, Modality, Span, UnknownModality};
pub use id::{ActorId, DocumentId, IdError, MAX_ID_LEN, RelationId};
pub use relation::Relation;
pub use relation_kind::{
    CameoCode, CameoCodeError, KindGroup, PloverType, Polarity, QuadClass, RelationKind,
    UnknownRelationKind, goldstein_of_cameo_root,
};
pub(crate) use time::days_in_month;
pub use time::{Date, DateError, DatePrecision};

//! Building graphs: from curated annotation files ([`dataset`]), from
//! news text ([`extract`], with the [`gazetteer`] and [`sentence`]
//! splitting) and from event data files ([`import`]: CSV edge lists,
//! GDELT 2.0 exports).

pub mod dataset;
pub mod extract;
pub mod gazetteer;
pub mod import;
pub mod sentence;

pub use dataset::DatasetError;
pub use extract::{
    Evaluation, ExtractError, ExtractOptions, Extractor, ExtractorBuilder, Family, Score, evaluate,
};
pub use gazetteer::{
    BodyEntry, CountryEntry, CountryStatus, Gazetteer, GazetteerBuilder, GazetteerError,
    LeaderEntry, OrganizationEntry, PlaceEntry,
};
pub use import::{ImportError, ImportOptions, ImportSummary};
pub use sentence::{Sentence, split_sentences};

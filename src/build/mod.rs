//! Building graphs: from curated annotation files ([`dataset`]) and from
//! news text ([`extract`], with the [`gazetteer`] and [`sentence`] splitting).

pub mod dataset;
pub mod extract;
pub mod gazetteer;
pub mod sentence;

pub use dataset::DatasetError;
pub use extract::{
    Evaluation, ExtractError, ExtractOptions, Extractor, ExtractorBuilder, Family, Score, evaluate,
};
pub use gazetteer::{
    BodyEntry, CountryEntry, CountryStatus, Gazetteer, GazetteerBuilder, GazetteerError,
    LeaderEntry, OrganizationEntry,
};
pub use sentence::{Sentence, split_sentences};

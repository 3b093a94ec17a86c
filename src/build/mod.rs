//! Building graphs: from curated annotation files ([`dataset`]).

pub mod dataset;

pub use dataset::DatasetError;

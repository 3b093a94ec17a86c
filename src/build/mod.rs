//! Building graphs: from curated annotation files ([`dataset`]) and event
//! data files ([`import`]: CSV edge lists, GDELT 2.0 exports).

pub mod dataset;
pub mod import;

pub use dataset::DatasetError;
pub use import::{ImportError, ImportOptions, ImportSummary};

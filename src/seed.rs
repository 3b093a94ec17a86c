//! The seed article, shipped with the crate: an AP report of January 2022
//! on Russian troops sent to Kazakhstan under the CSTO and what it means for
//! the US–Russia talks over Ukraine, with its curated annotations.
//!
//! ```
//! let g = geokg::seed::graph().unwrap();
//! let putin = g.find_actor("Putin").unwrap();
//! assert_eq!(putin.id.as_str(), "vladimir_putin");
//! assert!(g.relation_count() >= 90);
//! ```

use crate::build::dataset::{self, DatasetError};
use crate::graph::KnowledgeGraph;

/// The article text, verbatim (a machine translation; see the notes on the
/// relations for readings).
pub const ARTICLE: &str = include_str!("../data/seed/article.txt");

/// The curated annotations in the [`dataset`] format.
pub const ANNOTATIONS: &str = include_str!("../data/seed/annotations.json");

/// The id of the article's document in the seed graph.
pub const DOCUMENT_ID: &str = "ap-2022-01-08-kazakhstan-ukraine";

/// Builds the seed article's graph from the shipped data.
pub fn graph() -> Result<KnowledgeGraph, DatasetError> {
    dataset::load_str(ANNOTATIONS, ARTICLE)
}

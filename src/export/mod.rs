//! Writing graphs out: the versioned JSON format and Graphviz DOT.

pub mod dot;
pub mod json;

pub use dot::{Clusters, DotWriter, RankDir};
pub use json::{JSON_FORMAT, JSON_VERSION, JsonError};

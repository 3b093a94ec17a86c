//! Writing graphs out: the versioned JSON format.

pub mod json;

pub use json::{JSON_FORMAT, JSON_VERSION, JsonError};

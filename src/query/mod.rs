//! Queries over a [`KnowledgeGraph`](crate::KnowledgeGraph).
//!
//! * [`filter`]: which relations and actors a query may use.
//! * [`resolve`](resolve()): actor names to ids, with close matches for typos.

pub mod filter;
mod resolve;

pub use filter::{Filter, KindSet, SpeakerFilter};
pub use resolve::{QueryError, resolve};

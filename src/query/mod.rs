//! Queries over a [`KnowledgeGraph`](crate::KnowledgeGraph).
//!
//! * [`filter`]: which relations and actors a query may use.
//! * [`resolve`](resolve()): actor names to ids, with close matches for typos.
//! * [`neighborhood`](neighborhood()) and [`reach`]: k-hop ego graphs by
//!   [`Direction`] and filter.
//! * [`shortest_path`], [`most_trusted_path`], [`simple_paths`],
//!   [`count_simple_node_paths`], [`k_shortest_paths`]: edge-aware
//!   [`Path`]s that explain themselves.
//! * [`rank`]: degree, PageRank and betweenness centrality.
//! * [`dyad`](dyad()): the conflict–cooperation balance of two actors.
//! * [`timeline`](timeline()): an actor's relations in date order, and
//!   [`as_of`]: the graph as it stood on a date.
//!
//! Traversals run on a CSR index of the graph, built on first use and
//! cached until the graph changes
//! ([`KnowledgeGraph::build_query_index`](crate::KnowledgeGraph::build_query_index)).

mod dyad;
pub mod filter;
mod neighborhood;
mod path;
pub mod rank;
mod resolve;
pub(crate) mod scratch;
mod timeline;
pub(crate) mod view;

pub use dyad::{DyadBalance, DyadDirection, DyadRelation, QuadCounts, dyad};
pub use filter::{Filter, KindSet, SpeakerFilter};
pub use neighborhood::{Neighborhood, neighborhood, reach};
pub use path::{
    Path, PathDisplay, PathQuery, SimplePaths, Step, count_simple_node_paths, k_shortest_paths,
    most_trusted_path, shortest_path, simple_paths,
};
pub use rank::{
    BetweennessOptions, DegreeMode, DegreeOptions, PageRankOptions, PageRankRun, Ranking,
    betweenness, degree, pagerank, pagerank_run,
};
pub use resolve::{QueryError, resolve};
pub use timeline::{AsOfOptions, Timeline, TimelineEntry, TimelineRole, as_of, filtered, timeline};
pub use view::Direction;

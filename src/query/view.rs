//! The filtered adjacency a traversal walks: a [`GraphIndex`] seen
//! through a compiled [`Filter`].
//!
//! Kind filters read only the per-entry kind byte of the CSR; other edge
//! conditions (modality, speaker, date, confidence, negation) read the
//! edge record of entries whose kind passed; actor-kind conditions read the
//! per-node kind byte. With a trivial filter, undirected traversals use
//! the deduplicated neighbour lists.

use serde::{Deserialize, Serialize};

use super::filter::{CompiledFilter, Filter};
use super::resolve::{QueryError, resolve};
use crate::graph::{GraphIndex, KnowledgeGraph, NONE, Side};
use crate::model::Actor;

/// Which relations a traversal follows from an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Along the relation's direction (source → target).
    Out,
    /// Against it (target → source).
    In,
    /// Either way.
    #[default]
    Both,
}

impl Direction {
    /// The opposite direction (`Both` stays `Both`).
    pub fn reversed(self) -> Direction {
        match self {
            Direction::Out => Direction::In,
            Direction::In => Direction::Out,
            Direction::Both => Direction::Both,
        }
    }

    /// The lowercase name (`out`, `in`, `both`).
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Out => "out",
            Direction::In => "in",
            Direction::Both => "both",
        }
    }
}

impl std::fmt::Display for Direction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Direction {
    type Err = QueryError;
    fn from_str(s: &str) -> Result<Self, QueryError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "out" | "outgoing" => Ok(Direction::Out),
            "in" | "incoming" => Ok(Direction::In),
            "both" | "any" | "undirected" => Ok(Direction::Both),
            _ => Err(QueryError::InvalidParameter {
                name: "direction",
                reason: format!("{s:?} is not one of out, in, both"),
            }),
        }
    }
}

/// A graph index seen through a filter.
pub(crate) struct View<'g> {
    pub g: &'g KnowledgeGraph,
    pub ix: &'g GraphIndex,
    cf: CompiledFilter,
    kinds: u64,
    /// No edge or node condition at all.
    plain: bool,
    record: bool,
    nodes: bool,
}

impl<'g> View<'g> {
    /// Compiles `filter` against `g` and takes (or builds) its index.
    pub fn new(g: &'g KnowledgeGraph, filter: &Filter) -> Result<View<'g>, QueryError> {
        let cf = filter.compile(g)?;
        let kinds = cf.kind_mask();
        let full: u64 = crate::model::RelationKind::ALL
            .iter()
            .fold(0, |m, k| m | (1 << (*k as u8)));
        let all_kinds = kinds & full == full;
        let record = cf.needs_record();
        let nodes = cf.checks_nodes();
        Ok(View {
            g,
            ix: g.index(),
            cf,
            kinds,
            plain: all_kinds && !record && !nodes,
            record,
            nodes,
        })
    }

    /// Resolves a user-given actor name to its dense number.
    pub fn resolve(&self, name: &str) -> Result<(u32, &'g Actor), QueryError> {
        let actor = resolve(self.g, name)?;
        let d = self
            .g
            .actors
            .get_index_of(&actor.id)
            .ok_or_else(|| QueryError::UnknownActor {
                name: name.to_string(),
                suggestions: Vec::new(),
            })?;
        Ok((d as u32, actor))
    }

    /// Number of nodes.
    #[inline]
    pub fn n(&self) -> usize {
        self.ix.node_count()
    }

    /// Whether the filter accepts nothing but everything (fast paths).
    #[inline]
    pub fn is_plain(&self) -> bool {
        self.plain
    }

    /// Whether an actor passes the filter's actor-kind condition.
    #[inline]
    pub fn node_ok(&self, v: u32) -> bool {
        !self.nodes || self.cf.node_ok(self.ix.kind_of(v))
    }

    /// Whether the relation of an entry passes the edge conditions.
    #[inline]
    pub fn entry_ok(&self, side: &Side<'_>, p: usize) -> bool {
        self.kinds & (1u64 << side.kind[p]) != 0 && (!self.record || self.rel_ok(side.rel[p]))
    }

    /// Whether a relation passes the edge conditions (reads its record).
    pub fn rel_ok(&self, rel: u32) -> bool {
        self.record_of(rel).is_some_and(|e| self.cf.edge_ok(e))
    }

    /// The edge record of a relation id.
    #[inline]
    pub fn record_of(&self, rel: u32) -> Option<&'g crate::graph::EdgeRecord> {
        let e = self.g.edges.get(rel as usize)?;
        self.g.graph.edge_weight(*e)
    }

    /// The sides a direction walks: (first, second) where `second` may be
    /// unused (`None`).
    #[inline]
    fn sides(&self, dir: Direction) -> (Side<'g>, Option<Side<'g>>) {
        match dir {
            Direction::Out => (self.ix.out_side(), None),
            Direction::In => (self.ix.in_side(), None),
            Direction::Both => (self.ix.out_side(), Some(self.ix.in_side())),
        }
    }

    /// The traversal cost of expanding `u` (adjacency entries scanned).
    #[inline]
    pub fn degree(&self, u: u32, dir: Direction) -> usize {
        match dir {
            Direction::Both if self.plain => self.ix.und(u).len(),
            Direction::Both => self.ix.out_side().degree(u) + self.ix.in_side().degree(u),
            Direction::Out => self.ix.out_side().degree(u),
            Direction::In => self.ix.in_side().degree(u),
        }
    }

    /// Calls `f` for each neighbour of `u` in direction `dir` through a
    /// passing relation, the neighbour passing the actor filter; a
    /// neighbour may come more than once (once per relation, or per
    /// deduplicated pair without a filter) and may be `u` itself. For
    /// breadth-first searches, which skip visited nodes anyway. Stops when
    /// `f` returns `false` (and then returns `false`).
    #[inline]
    pub fn for_each_adj(&self, u: u32, dir: Direction, mut f: impl FnMut(u32) -> bool) -> bool {
        if self.plain && dir == Direction::Both {
            for &v in self.ix.und(u) {
                if !f(v) {
                    return false;
                }
            }
            return true;
        }
        let (a, b) = self.sides(dir);
        for side in std::iter::once(a).chain(b) {
            let r = side.range(u);
            if self.plain {
                for &v in &side.nbr[r] {
                    if !f(v) {
                        return false;
                    }
                }
            } else {
                for p in r {
                    if self.entry_ok(&side, p) {
                        let v = side.nbr[p];
                        if self.node_ok(v) && !f(v) {
                            return false;
                        }
                    }
                }
            }
        }
        true
    }

    /// Calls `f` once for each distinct neighbour `v != u` reachable from
    /// `u` in direction `dir` by at least one passing relation, with `v`
    /// passing the actor filter, in ascending dense order. Stops when `f`
    /// returns `false` (and then returns `false`).
    #[inline]
    pub fn for_each_nbr(&self, u: u32, dir: Direction, mut f: impl FnMut(u32) -> bool) -> bool {
        if self.plain && dir == Direction::Both {
            for &v in self.ix.und(u) {
                if !f(v) {
                    return false;
                }
            }
            return true;
        }
        let (a, b) = self.sides(dir);
        let ra = a.range(u);
        let rb = b.map_or(0..0, |b| b.range(u));
        let empty: &[u32] = &[];
        let bn = b.map_or(empty, |b| b.nbr);
        let (mut i, mut j) = (ra.start, rb.start);
        loop {
            let va = if i < ra.end { a.nbr[i] } else { NONE };
            let vb = if j < rb.end { bn[j] } else { NONE };
            let v = va.min(vb);
            if v == NONE {
                return true;
            }
            let mut ok = false;
            while i < ra.end && a.nbr[i] == v {
                ok = ok || self.plain || self.entry_ok(&a, i);
                i += 1;
            }
            if let Some(b) = &b {
                while j < rb.end && b.nbr[j] == v {
                    ok = ok || self.plain || self.entry_ok(b, j);
                    j += 1;
                }
            }
            if ok && v != u && self.node_ok(v) && !f(v) {
                return false;
            }
        }
    }

    /// The passing relations that make a step from `u` to `v` in direction
    /// `dir`, as (relation id, forward) in ascending id order; `forward` is
    /// whether the relation points from `u` to `v`.
    pub fn step_relations(&self, u: u32, v: u32, dir: Direction, out: &mut Vec<(u32, bool)>) {
        out.clear();
        let mut push = |side: Side<'_>, forward: bool| {
            for p in side.between(u, v) {
                if self.plain || self.entry_ok(&side, p) {
                    out.push((side.rel[p], forward));
                }
            }
        };
        match dir {
            Direction::Out => push(self.ix.out_side(), true),
            Direction::In => push(self.ix.in_side(), false),
            Direction::Both => {
                push(self.ix.out_side(), true);
                if u != v {
                    push(self.ix.in_side(), false);
                }
                out.sort_unstable();
            }
        }
    }

    /// The lowest-id passing relation for a step from `u` to `v`, skipping
    /// the ids in `banned`.
    pub fn first_relation(
        &self,
        u: u32,
        v: u32,
        dir: Direction,
        banned: &[u32],
    ) -> Option<(u32, bool)> {
        let pick = |side: Side<'g>, forward: bool| {
            side.between(u, v)
                .find(|&p| {
                    (self.plain || self.entry_ok(&side, p)) && !banned.contains(&side.rel[p])
                })
                .map(|p| (side.rel[p], forward))
        };
        match dir {
            Direction::Out => pick(self.ix.out_side(), true),
            Direction::In => pick(self.ix.in_side(), false),
            Direction::Both => {
                let a = pick(self.ix.out_side(), true);
                let b = pick(self.ix.in_side(), false);
                match (a, b) {
                    (Some(x), Some(y)) => Some(if y.0 < x.0 { y } else { x }),
                    (x, y) => x.or(y),
                }
            }
        }
    }
}

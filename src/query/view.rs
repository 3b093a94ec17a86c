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
use std::sync::Arc;

use crate::graph::{GraphIndex, KnowledgeGraph, NONE, NbrCsr, Side, Sides};
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
    /// Only a relation-kind condition (or none): traversals may walk
    /// deduplicated neighbour lists of the accepted kinds.
    kinds_only: bool,
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
        let kinds = kinds & full;
        let record = cf.needs_record();
        let nodes = cf.checks_nodes();
        Ok(View {
            g,
            ix: g.index(),
            cf,
            kinds,
            plain: all_kinds && !record && !nodes,
            kinds_only: !record && !nodes,
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

    /// Resolves a user-given actor name to its dense number only: an exact
    /// id costs one hash lookup (no actor record read); anything else goes
    /// through [`resolve`](Self::resolve).
    pub fn resolve_dense(&self, name: &str) -> Result<u32, QueryError> {
        match self.g.actors.get_index_of(name) {
            Some(d) => Ok(d as u32),
            None => self.resolve(name).map(|(d, _)| d),
        }
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
    pub fn record_of(&self, rel: u32) -> Option<&'g crate::graph::StoredEdge> {
        let e = self.g.edge(crate::model::RelationId(rel))?;
        self.g.graph.edge_weight(e)
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

    /// The entries of the relations from `a` to `b` (ascending ids): a
    /// binary search in the shorter of `a`'s out-list and `b`'s in-list
    /// (a hub's list holds a large part of the graph).
    #[inline]
    fn pair(&self, a: u32, b: u32) -> (Side<'g>, std::ops::Range<usize>) {
        let (out, inn) = (self.ix.out_side(), self.ix.in_side());
        if out.degree(a) <= inn.degree(b) {
            (out, out.between(a, b))
        } else {
            (inn, inn.between(b, a))
        }
    }

    /// The passing relations that make a step from `u` to `v` in direction
    /// `dir`, as (relation id, forward) in ascending id order; `forward` is
    /// whether the relation points from `u` to `v`.
    pub fn step_relations(&self, u: u32, v: u32, dir: Direction, out: &mut Vec<(u32, bool)>) {
        out.clear();
        let mut push = |(side, range): (Side<'_>, std::ops::Range<usize>), forward: bool| {
            for p in range {
                if self.plain || self.entry_ok(&side, p) {
                    out.push((side.rel[p], forward));
                }
            }
        };
        match dir {
            Direction::Out => push(self.pair(u, v), true),
            Direction::In => push(self.pair(v, u), false),
            Direction::Both => {
                push(self.pair(u, v), true);
                if u != v {
                    push(self.pair(v, u), false);
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
        let pick = |(side, range): (Side<'g>, std::ops::Range<usize>), forward: bool| {
            range
                .into_iter()
                .find(|&p| {
                    (self.plain || self.entry_ok(&side, p)) && !banned.contains(&side.rel[p])
                })
                .map(|p| (side.rel[p], forward))
        };
        match dir {
            Direction::Out => pick(self.pair(u, v), true),
            Direction::In => pick(self.pair(v, u), false),
            Direction::Both => {
                let a = pick(self.pair(u, v), true);
                let b = pick(self.pair(v, u), false);
                match (a, b) {
                    (Some(x), Some(y)) => Some(if y.0 < x.0 { y } else { x }),
                    (x, y) => x.or(y),
                }
            }
        }
    }
}

/// Deduplicated neighbour lists a traversal may walk instead of the
/// filtered entries: the index's undirected lists, or the cached lists of
/// a kind set ([`GraphIndex::kind_adjacency`]).
pub(crate) enum Fast<'g> {
    /// Borrowed from the index.
    Index(Lists<'g>),
    /// Shared from the index's kind-set cache.
    Cached(Arc<NbrCsr>),
}

impl Fast<'_> {
    /// The lists.
    #[inline]
    pub fn lists(&self) -> Lists<'_> {
        match self {
            Fast::Index(l) => *l,
            Fast::Cached(c) => Lists {
                off: &c.off,
                nbr: &c.nbr,
            },
        }
    }
}

/// A source of neighbours for a traversal: [`Lists`] (plain slices) or
/// [`Entries`] (the index's entries through the filter). Traversals are
/// written once, generic over it, and monomorphised for each.
pub(crate) trait Adjacency {
    /// Calls `f` for each neighbour of `u`; stops when `f` returns
    /// `false` (and then returns `false`).
    fn for_each(&self, u: u32, f: impl FnMut(u32) -> bool) -> bool;

    /// The cost of expanding `u` (the neighbours [`for_each`](Self::for_each)
    /// gives), for balancing bidirectional searches.
    fn cost(&self, u: u32) -> usize;
}

/// Deduplicated neighbour lists: for each node its distinct neighbours
/// other than itself, ascending.
#[derive(Clone, Copy)]
pub(crate) struct Lists<'a> {
    /// Offsets (n + 1).
    pub off: &'a [usize],
    /// Neighbours.
    pub nbr: &'a [u32],
}

impl<'a> Lists<'a> {
    /// The neighbours of `u`.
    #[inline]
    pub fn list(&self, u: u32) -> &'a [u32] {
        &self.nbr[self.off[u as usize]..self.off[u as usize + 1]]
    }
}

impl Adjacency for Lists<'_> {
    #[inline]
    fn cost(&self, u: u32) -> usize {
        self.off[u as usize + 1] - self.off[u as usize]
    }

    #[inline]
    fn for_each(&self, u: u32, mut f: impl FnMut(u32) -> bool) -> bool {
        for &v in self.list(u) {
            if !f(v) {
                return false;
            }
        }
        true
    }
}

/// The filtered entries of the index in one direction. With `distinct`,
/// neighbours come once each, ascending, without `u` (the order of
/// [`Lists`], so that a search gives the same answer before and after a
/// kind set's lists are cached).
pub(crate) struct Entries<'v, 'g> {
    /// The filtered index.
    pub view: &'v View<'g>,
    /// The direction walked.
    pub dir: Direction,
    /// Merge and deduplicate (ascending order).
    pub distinct: bool,
}

impl Adjacency for Entries<'_, '_> {
    /// With `distinct`, the number of distinct neighbours (a scan, so that
    /// the search expands as it does on [`Lists`]); else the index degree.
    #[inline]
    fn cost(&self, u: u32) -> usize {
        if self.distinct {
            let mut k = 0;
            self.view.for_each_nbr(u, self.dir, |_| {
                k += 1;
                true
            });
            k
        } else {
            self.view.degree(u, self.dir)
        }
    }

    #[inline]
    fn for_each(&self, u: u32, f: impl FnMut(u32) -> bool) -> bool {
        if self.distinct {
            self.view.for_each_nbr(u, self.dir, f)
        } else {
            self.view.for_each_adj(u, self.dir, f)
        }
    }
}

impl<'g> View<'g> {
    /// Deduplicated neighbour lists for a traversal in direction `dir`,
    /// when the filter has no condition beyond relation kinds and the
    /// lists exist: the index's undirected lists without a filter, else a
    /// kind set's cached lists (built once the same set and direction have
    /// been asked for twice on this index).
    pub fn fast(&self, dir: Direction) -> Option<Fast<'g>> {
        if !self.kinds_only {
            return None;
        }
        if self.plain && dir == Direction::Both {
            return Some(Fast::Index(Lists {
                off: &self.ix.und_off,
                nbr: &self.ix.und_nbr,
            }));
        }
        let sides = match dir {
            Direction::Out => Sides::Out,
            Direction::In => Sides::In,
            Direction::Both => Sides::Both,
        };
        self.ix.kind_adjacency(self.kinds, sides).map(Fast::Cached)
    }

    /// The filtered entries in direction `dir`, in the order of
    /// [`fast`](Self::fast)'s lists when the filter could use them.
    pub fn entries(&self, dir: Direction) -> Entries<'_, 'g> {
        Entries {
            view: self,
            dir,
            distinct: self.kinds_only,
        }
    }
}

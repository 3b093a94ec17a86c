//! [`GraphIndex`]: a read-optimized, immutable snapshot of a graph's
//! topology for traversals (CSR adjacency over dense node numbers).
//!
//! Built on demand by [`KnowledgeGraph::index`] in O(V + E) time (three
//! linear passes, no comparison sort) and cached in the graph until the
//! next `&mut self` call. Queries never walk petgraph's linked adjacency
//! lists: each step is a read of a few contiguous `u32` arrays.
//!
//! # Layout
//!
//! * Dense node numbers `0..n` follow actor insertion order (the index of
//!   the actor in [`KnowledgeGraph::actors`]): [`nodes`](GraphIndex::nodes)
//!   maps dense → `NodeIndex`, [`dense`](GraphIndex::dense) maps
//!   `NodeIndex::index()` → dense ([`NONE`] for free petgraph slots),
//!   [`node_kind`](GraphIndex::node_kind) holds each actor's kind as a byte.
//! * Out-adjacency (CSR): the entries of node `u` are positions
//!   `out_off[u]..out_off[u + 1]` of three parallel arrays: `out_nbr`
//!   (target, dense), `out_rel` (relation id) and `out_kind`
//!   (`RelationKind as u8`), so that kind filters never touch edge
//!   records. Every relation has exactly one out entry; parallel relations
//!   are kept. Entries are sorted by (neighbour, relation id): parallel
//!   relations are contiguous and found by binary search.
//! * In-adjacency: the same for incoming relations (`in_nbr` = source).
//! * `rel_weight`: −ln(confidence) of each relation id (for weighted paths).
//! * Undirected neighbours: `und_off` / `und_nbr`, the sorted,
//!   deduplicated union of in- and out-neighbours without self-loops, for
//!   unfiltered reach and shortest paths (at M, parallel relations double
//!   the adjacency; this list is about half of it).
//!
//! # Memory
//!
//! Per node: 4 B (`nodes`), 4 B (`dense`, per petgraph slot), 1 B (kind)
//! and three 8 B offsets, so 33 B. Per relation: 2 × (4 + 4 + 1) = 18 B for
//! the directed lists, 4 B of confidence, plus 4 B per distinct neighbour
//! pair and direction for the undirected list: at most 30 B per relation,
//! about 26.6 B on the `gen.py` workload (1M relations give 573k distinct
//! pairs; 29.5 B with the per-node part). The index is
//! a cache: any mutation drops it
//! ([`KnowledgeGraph::query_index_bytes`] reports its size).
//!
//! Code that changes `graph`, `actors` or `edges` of a [`KnowledgeGraph`]
//! directly (not through its methods) must call
//! [`KnowledgeGraph::invalidate_index`].

use petgraph::stable_graph::NodeIndex;

use super::{KnowledgeGraph, NONE};
use crate::model::ActorKind;

/// The CSR snapshot of a graph. See the [module docs](self).
#[derive(Debug, Clone, Default)]
pub(crate) struct GraphIndex {
    /// Dense number → petgraph node.
    pub nodes: Vec<NodeIndex<u32>>,
    /// petgraph node index → dense number ([`NONE`] for free slots).
    #[allow(dead_code)] // for rankings that map speakers and petgraph nodes
    pub dense: Vec<u32>,
    /// Actor kind of each dense node (`ActorKind as u8`).
    pub node_kind: Vec<u8>,
    /// Out-adjacency offsets (n + 1).
    pub out_off: Vec<usize>,
    /// Out-neighbour (target) of each out entry.
    pub out_nbr: Vec<u32>,
    /// Relation id of each out entry.
    pub out_rel: Vec<u32>,
    /// Relation kind of each out entry.
    pub out_kind: Vec<u8>,
    /// In-adjacency offsets (n + 1).
    pub in_off: Vec<usize>,
    /// In-neighbour (source) of each in entry.
    pub in_nbr: Vec<u32>,
    /// Relation id of each in entry.
    pub in_rel: Vec<u32>,
    /// Relation kind of each in entry.
    pub in_kind: Vec<u8>,
    /// Undirected neighbour offsets (n + 1).
    pub und_off: Vec<usize>,
    /// Deduplicated undirected neighbours, sorted, no self-loops.
    pub und_nbr: Vec<u32>,
    /// −ln(confidence) of each relation, by relation id (+∞ for
    /// confidence 0 and unused ids), so most-trusted searches neither
    /// chase edge records nor take logarithms.
    pub rel_weight: Vec<f32>,
}

/// One side of the directed adjacency: a CSR with payload columns.
#[derive(Clone, Copy)]
pub(crate) struct Side<'a> {
    pub off: &'a [usize],
    pub nbr: &'a [u32],
    pub rel: &'a [u32],
    pub kind: &'a [u8],
}

impl<'a> Side<'a> {
    /// The entry positions of node `u`.
    #[inline]
    pub fn range(&self, u: u32) -> std::ops::Range<usize> {
        self.off[u as usize]..self.off[u as usize + 1]
    }

    /// The entry positions of node `u` whose neighbour is `v` (relation
    /// ids ascending).
    pub fn between(&self, u: u32, v: u32) -> std::ops::Range<usize> {
        let r = self.range(u);
        let list = &self.nbr[r.clone()];
        let lo = list.partition_point(|&x| x < v);
        let hi = lo + list[lo..].partition_point(|&x| x <= v);
        r.start + lo..r.start + hi
    }

    /// The degree of `u` on this side (parallel relations counted).
    #[inline]
    pub fn degree(&self, u: u32) -> usize {
        self.off[u as usize + 1] - self.off[u as usize]
    }
}

impl GraphIndex {
    /// Builds the index of a graph: O(V + E).
    pub fn build(g: &KnowledgeGraph) -> GraphIndex {
        let n = g.actors.len();
        let mut dense = vec![NONE; petgraph::visit::NodeIndexable::node_bound(&*g.graph)];
        let mut nodes = Vec::with_capacity(n);
        let mut node_kind = Vec::with_capacity(n);
        for (i, &node) in g.actors.values().enumerate() {
            dense[node.index()] = i as u32;
            nodes.push(node);
            node_kind.push(g.graph[node].kind() as u8);
        }
        // Relations in id order: (source, target, id, kind).
        let mut edges: Vec<(u32, u32, u32, u8)> = Vec::with_capacity(g.relation_count());
        let mut rel_weight = vec![f32::INFINITY; g.edges.len()];
        for &e in &g.edges {
            if e == petgraph::stable_graph::EdgeIndex::end() {
                continue;
            }
            let (Some((a, b)), Some(w)) = (g.graph.edge_endpoints(e), g.graph.edge_weight(e))
            else {
                continue;
            };
            let (a, b) = (dense[a.index()], dense[b.index()]);
            if a == NONE || b == NONE {
                continue;
            }
            edges.push((a, b, w.id, w.kind as u8));
            if let Some(c) = rel_weight.get_mut(w.id as usize) {
                *c = if w.confidence > 0.0 {
                    -w.confidence.ln().min(0.0)
                } else {
                    f32::INFINITY
                };
            }
        }
        let m = edges.len();

        // Pass 1: bucket by target in id order (a temporary in-list).
        let tmp_off = offsets(n, edges.iter().map(|e| e.1));
        let mut tmp = vec![0u32; m]; // positions into `edges`
        let mut fill = tmp_off.clone();
        for (i, e) in edges.iter().enumerate() {
            let t = e.1 as usize;
            tmp[fill[t]] = i as u32;
            fill[t] += 1;
        }

        // Pass 2: out-lists, filled by ascending target, so each list ends
        // up sorted by (target, id).
        let out_off = offsets(n, edges.iter().map(|e| e.0));
        let (mut out_nbr, mut out_rel, mut out_kind) = (vec![0u32; m], vec![0u32; m], vec![0u8; m]);
        let mut fill = out_off.clone();
        for &i in &tmp {
            let (s, t, id, k) = edges[i as usize];
            let p = &mut fill[s as usize];
            out_nbr[*p] = t;
            out_rel[*p] = id;
            out_kind[*p] = k;
            *p += 1;
        }
        drop(tmp);

        // Pass 3: in-lists, filled by ascending source: sorted by (source, id).
        let in_off = tmp_off;
        let (mut in_nbr, mut in_rel, mut in_kind) = (vec![0u32; m], vec![0u32; m], vec![0u8; m]);
        let mut fill = in_off.clone();
        for s in 0..n {
            for p in out_off[s]..out_off[s + 1] {
                let t = out_nbr[p] as usize;
                let q = &mut fill[t];
                in_nbr[*q] = s as u32;
                in_rel[*q] = out_rel[p];
                in_kind[*q] = out_kind[p];
                *q += 1;
            }
        }
        drop(edges);

        // Undirected: merge the two sorted neighbour lists, deduplicated.
        let mut und_off = Vec::with_capacity(n + 1);
        let mut und_nbr = Vec::with_capacity(m);
        und_off.push(0);
        for u in 0..n {
            let a = &out_nbr[out_off[u]..out_off[u + 1]];
            let b = &in_nbr[in_off[u]..in_off[u + 1]];
            let (mut i, mut j) = (0, 0);
            let mut last = NONE;
            while i < a.len() || j < b.len() {
                let v = if j == b.len() || (i < a.len() && a[i] <= b[j]) {
                    i += 1;
                    a[i - 1]
                } else {
                    j += 1;
                    b[j - 1]
                };
                if v != last && v != u as u32 {
                    und_nbr.push(v);
                }
                last = v;
            }
            und_off.push(und_nbr.len());
        }
        und_nbr.shrink_to_fit();

        GraphIndex {
            nodes,
            dense,
            node_kind,
            out_off,
            out_nbr,
            out_rel,
            out_kind,
            in_off,
            in_nbr,
            in_rel,
            in_kind,
            und_off,
            und_nbr,
            rel_weight,
        }
    }

    /// Number of nodes.
    #[inline]
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Number of relations (out entries).
    #[allow(dead_code)] // used by tests and rankings
    #[inline]
    pub fn relation_count(&self) -> usize {
        self.out_nbr.len()
    }

    /// The outgoing side.
    #[inline]
    pub fn out_side(&self) -> Side<'_> {
        Side {
            off: &self.out_off,
            nbr: &self.out_nbr,
            rel: &self.out_rel,
            kind: &self.out_kind,
        }
    }

    /// The incoming side.
    #[inline]
    pub fn in_side(&self) -> Side<'_> {
        Side {
            off: &self.in_off,
            nbr: &self.in_nbr,
            rel: &self.in_rel,
            kind: &self.in_kind,
        }
    }

    /// The deduplicated undirected neighbours of `u`.
    #[inline]
    pub fn und(&self, u: u32) -> &[u32] {
        &self.und_nbr[self.und_off[u as usize]..self.und_off[u as usize + 1]]
    }

    /// The dense number of a petgraph node.
    #[allow(dead_code)] // for rankings that map speakers and petgraph nodes
    #[inline]
    pub fn dense_of(&self, node: NodeIndex<u32>) -> Option<u32> {
        self.dense.get(node.index()).copied().filter(|&d| d != NONE)
    }

    /// The actor kind of a dense node.
    #[inline]
    pub fn kind_of(&self, u: u32) -> ActorKind {
        ActorKind::ALL[self.node_kind[u as usize] as usize]
    }

    /// Heap bytes held by the index (its memory cost).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.nodes.capacity() * size_of::<NodeIndex<u32>>()
            + (self.dense.capacity()
                + self.out_nbr.capacity()
                + self.out_rel.capacity()
                + self.in_nbr.capacity()
                + self.in_rel.capacity()
                + self.und_nbr.capacity())
                * 4
            + self.rel_weight.capacity() * 4
            + self.node_kind.capacity()
            + self.out_kind.capacity()
            + self.in_kind.capacity()
            + (self.out_off.capacity() + self.in_off.capacity() + self.und_off.capacity())
                * size_of::<usize>()
    }
}

/// Prefix-sum offsets (n + 1) of the counts of `keys`.
fn offsets(n: usize, keys: impl Iterator<Item = u32>) -> Vec<usize> {
    let mut off = vec![0usize; n + 1];
    for k in keys {
        off[k as usize + 1] += 1;
    }
    for i in 0..n {
        off[i + 1] += off[i];
    }
    off
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorId, ActorKind, Relation, RelationKind};

    fn id(s: &str) -> ActorId {
        ActorId::new(s).unwrap()
    }

    #[test]
    fn csr_layout_is_sorted_and_complete() {
        let mut g = KnowledgeGraph::new();
        for a in ["a", "b", "c", "d"] {
            g.add_actor(Actor::of_kind(a, ActorKind::Country, a).unwrap())
                .unwrap();
        }
        g.add_actor(Actor::of_kind("p", ActorKind::Person, "P").unwrap())
            .unwrap();
        let rel = |s, k, t| Relation::new(id(s), k, id(t));
        let ids: Vec<u32> = [
            rel("a", RelationKind::Threatens, "c"),  // 0
            rel("a", RelationKind::Supports, "b"),   // 1
            rel("b", RelationKind::Supports, "a"),   // 2
            rel("a", RelationKind::Attacks, "b"),    // 3
            rel("c", RelationKind::Supports, "c"),   // 4: self-loop
            rel("d", RelationKind::Criticizes, "a"), // 5
        ]
        .into_iter()
        .map(|r| g.add_relation(r).unwrap().index())
        .collect();
        assert_eq!(ids, [0, 1, 2, 3, 4, 5]);
        g.remove_actor("p").unwrap();
        let ix = g.index();
        assert_eq!(ix.node_count(), 4);
        assert_eq!(ix.relation_count(), 6);
        let out = ix.out_side();
        // a's out entries: b (ids 1, 3) then c (id 0).
        let r = out.range(0);
        assert_eq!(&ix.out_nbr[r.clone()], &[1, 1, 2]);
        assert_eq!(&ix.out_rel[r.clone()], &[1, 3, 0]);
        assert_eq!(
            &ix.out_kind[r],
            &[
                RelationKind::Supports as u8,
                RelationKind::Attacks as u8,
                RelationKind::Threatens as u8
            ]
        );
        assert_eq!(out.between(0, 1), 0..2);
        assert!(out.between(0, 3).is_empty());
        // a's in entries: b (2), d (5).
        let inn = ix.in_side();
        assert_eq!(&ix.in_nbr[inn.range(0)], &[1, 3]);
        assert_eq!(&ix.in_rel[inn.range(0)], &[2, 5]);
        // Undirected: deduplicated, no self-loop.
        assert_eq!(ix.und(0), &[1, 2, 3]);
        assert_eq!(ix.und(2), &[0]);
        assert_eq!(ix.und(3), &[0]);
        assert!(ix.heap_bytes() > 0);
    }

    #[test]
    fn mutation_drops_the_cached_index() {
        let mut g = KnowledgeGraph::new();
        g.add_actor(Actor::of_kind("a", ActorKind::Country, "A").unwrap())
            .unwrap();
        assert_eq!(g.index().node_count(), 1);
        g.add_actor(Actor::of_kind("b", ActorKind::Country, "B").unwrap())
            .unwrap();
        assert_eq!(g.index().node_count(), 2);
        let r = g
            .add_relation(Relation::new(id("a"), RelationKind::Supports, id("b")))
            .unwrap();
        assert_eq!(g.index().und(0), &[1]);
        let clone = g.clone();
        g.remove_relation(r).unwrap();
        assert!(g.index().und(0).is_empty());
        // A clone keeps its own (still valid) snapshot.
        assert_eq!(clone.index().und(0), &[1]);
        g.remove_actor("a").unwrap();
        assert_eq!(g.index().node_count(), 1);
        assert_eq!(g.index().kind_of(0), ActorKind::Country);
    }
}

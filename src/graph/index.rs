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
//! # Derived caches
//!
//! Built from the arrays above on first use and dropped with the index
//! (`Derived`): PageRank's in-adjacency with parallel relations merged
//! into weighted pairs (`RankIn`: 4 B per distinct pair, 12 B per
//! multi-relation pair, 24 B per node; about 5 MB at M; above 131,072
//! nodes its rarely read sources are regrouped by share segment,
//! `ColdPart`: 4 B more per node and 8 B per cold task, about 8.5 MB more
//! at L, plus 8 B per task while PageRank runs; 8 B per run of rows of
//! equal length, `RankIn::runs`, a few hundred bytes), and deduplicated
//! neighbour lists per relation-kind set and direction (`NbrCsr`, built
//! on the second request, at most 8 kept; 8 B per node + 4 B per entry).
//! [`KnowledgeGraph::query_index_bytes`] counts them.
//!
//! Code that changes `graph`, `actors` or the relation side tables of a [`KnowledgeGraph`]
//! directly (not through its methods) must call
//! [`KnowledgeGraph::invalidate_index`].

use std::sync::{Arc, Mutex, OnceLock};

use petgraph::stable_graph::NodeIndex;

use super::{KnowledgeGraph, NONE, U32Column};
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
    /// −ln(confidence) of each relation as `f32` bits, by relation id
    /// (+∞ for confidence 0; [`NONE`] for unused ids), so most-trusted
    /// searches neither chase edge records nor take logarithms. A column,
    /// so that sparse ids (an id near `u32::MAX` read from a file) cost a
    /// map entry, not a vector up to the id.
    pub rel_weight: U32Column,
    /// Structures derived from the above on first use (PageRank's merged
    /// in-adjacency, per-kind-set neighbour lists); dropped with the index.
    pub derived: Derived,
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
        let mut rel_weight = U32Column::for_ids(g.relation_id_bound(), g.relation_count());
        for e in g.relation_edges() {
            let (Some((a, b)), Some(w)) = (g.graph.edge_endpoints(e), g.graph.edge_weight(e))
            else {
                continue;
            };
            let (a, b) = (dense[a.index()], dense[b.index()]);
            if a == NONE || b == NONE {
                continue;
            }
            edges.push((a, b, w.id, w.kind as u8));
            let weight = if w.confidence > 0.0 {
                -w.confidence.ln().min(0.0)
            } else {
                f32::INFINITY
            };
            rel_weight.set(w.id, weight.to_bits());
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
            derived: Derived::default(),
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
            + self.rel_weight.heap_bytes()
            + self.node_kind.capacity()
            + self.out_kind.capacity()
            + self.in_kind.capacity()
            + (self.out_off.capacity() + self.in_off.capacity() + self.und_off.capacity())
                * size_of::<usize>()
            + self.derived.heap_bytes()
    }
}

// ----- derived structures, built on first use and cached with the index ----

/// How many requests for the same kind set it takes before its neighbour
/// lists are built: a one-off filtered query walks the filtered entries of
/// the index (microseconds) rather than paying an O(V + E) build.
pub(crate) const KIND_ADJ_BUILD_AFTER: u32 = 2;

/// Most kind-set neighbour lists kept (least recently used dropped first).
const KIND_ADJ_MAX: usize = 8;

/// Caches of structures derived from a [`GraphIndex`]. They live and die
/// with the index (a mutation of the graph drops both); a clone of the
/// index starts with empty caches.
#[derive(Default)]
pub(crate) struct Derived {
    rank_in: OnceLock<RankIn>,
    kind_adj: Mutex<Vec<KindAdjEntry>>,
}

impl Clone for Derived {
    fn clone(&self) -> Self {
        Derived::default()
    }
}

impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Derived")
            .field("rank_in", &self.rank_in.get().is_some())
            .field("kind_adj", &self.kind_adj_len())
            .finish()
    }
}

impl Derived {
    fn kind_adj_len(&self) -> usize {
        self.kind_adj.lock().map_or(0, |c| c.len())
    }

    fn heap_bytes(&self) -> usize {
        let rank = self.rank_in.get().map_or(0, RankIn::heap_bytes);
        let kinds = self.kind_adj.lock().map_or(0, |c| {
            c.iter()
                .filter_map(|e| e.adj.as_ref())
                .map(|a| a.heap_bytes())
                .sum()
        });
        rank + kinds
    }
}

/// Which side(s) of the directed adjacency a neighbour list follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Sides {
    /// Out-entries (to targets).
    Out,
    /// In-entries (to sources).
    In,
    /// Both, merged.
    Both,
}

struct KindAdjEntry {
    kinds: u64,
    sides: Sides,
    requests: u32,
    /// Last use (a counter of lookups), for eviction.
    used: u64,
    adj: Option<Arc<NbrCsr>>,
}

/// Deduplicated neighbour lists: for each node, its distinct neighbours
/// (other than itself) in ascending order.
#[derive(Debug, Clone, Default)]
pub(crate) struct NbrCsr {
    /// Offsets (n + 1).
    pub off: Vec<usize>,
    /// Neighbours.
    pub nbr: Vec<u32>,
}

impl NbrCsr {
    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.off.capacity() * std::mem::size_of::<usize>() + self.nbr.capacity() * 4
    }
}

/// PageRank's in-adjacency without a filter, with parallel relations
/// merged: row `v` lists the sources with exactly one relation to `v` in
/// `one_src` (ascending), and the sources joined to `v` by several
/// relations in `multi_src` with the multiplicity as a weight in
/// `multi_w` (about 10% of the pairs on event data, kept apart so that
/// the main gather needs no multiplication). Self-loops are kept (a
/// multigraph's walker may stay put).
///
/// Nodes are relabelled by decreasing number of single-relation sources,
/// ties by decreasing number of multi-relation sources: consecutive rows
/// then have equal or similar lengths in both lists, so the row loops'
/// exits are predictable, and the busiest nodes (whose scores every pull
/// reads) share cache lines.
///
/// On graphs too big for the shares to stay cached (more than
/// [`RANK_SPLIT_FROM`] nodes), the single-relation sources whose share
/// is rarely read are moved out of the rows into a [`ColdPart`]
/// ([`RANK_SPLIT`]); `one_src` then holds the hot ones only.
#[derive(Debug, Clone, Default)]
pub(crate) struct RankIn {
    /// Row → dense node.
    pub node_of: Vec<u32>,
    /// Row → position of the node's share (sources are numbered apart, by
    /// decreasing number of distinct targets, so that the shares the pull
    /// reads most often share cache lines).
    pub share_pos: Vec<u32>,
    /// 1 / out-degree (parallel relations counted) per row, 0 when
    /// dangling.
    pub inv_out: Vec<f64>,
    /// Row offsets (n + 1): `[one, multi]`, the start of the row's
    /// single-relation sources in `one_src` and of its multi-relation
    /// pairs in `multi_src` / `multi_w` (one array, so that a row's
    /// bounds are one load).
    pub row_off: Vec<[u32; 2]>,
    /// Single-relation sources (share positions), the hot ones only when
    /// there is a cold part.
    pub one_src: Vec<u32>,
    /// Source (share position) of each multi-relation pair, ascending
    /// within a row.
    pub multi_src: Vec<u32>,
    /// Number of relations of each multi-relation pair.
    pub multi_w: Vec<f64>,
    /// Row boundaries of the blocks that PageRank sums its residual and
    /// dangling mass over and hands to threads ([`RankIn::blocks`] with
    /// [`RANK_BLOCK_COST`]): `0, …, n`.
    pub blocks: Vec<u32>,
    /// The cold part (see [`RankSplit`]); empty when nothing is cold.
    pub cold: ColdPart,
    /// Runs of consecutive rows, `[end, k]` (ends ascending, the last is
    /// `n`; a run starts where the previous one ends): `k` ≤
    /// [`RANK_FIXED_MAX`] when each of the run's rows has exactly `k` hot
    /// single-relation sources, no multi-relation pair and no cold slot
    /// (the kernel then gathers them `k` at a time with no per-row
    /// bounds), [`RANK_GENERIC`] otherwise. See [`RankIn::runs_in`].
    pub runs: Vec<[u32; 2]>,
    /// Whether PageRank stores the shares it gathers as `f32` rather than
    /// `f64` (more than [`RANK_F32_FROM`] nodes): half the bytes to read
    /// at random, a relative rounding of at most 2⁻²⁴ per share.
    pub f32_shares: bool,
}

/// Where PageRank's single-relation sources are split into a hot part,
/// gathered row by row, and cold segments, gathered segment by segment
/// (see [`ColdPart`]): share positions below `hot` are hot, the rest fall
/// into segments of `segment` positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RankSplit {
    /// First cold share position.
    pub hot: u32,
    /// Share positions per cold segment (at least 1).
    pub segment: u32,
}

/// Share arrays up to this many entries (1 MiB of `f64`) stay in the
/// L2 cache next to the row streams: no split below it.
pub(crate) const RANK_SPLIT_FROM: usize = 1 << 17;

/// Graphs of more than this many nodes store PageRank's shares as `f32`
/// ([`RankIn::f32_shares`]): the same threshold as the cold split, where
/// the `f64` shares no longer stay in the L2 cache and the gather waits
/// for memory (at M, 100k nodes, `f32` shares were measured no faster).
pub(crate) const RANK_F32_FROM: usize = RANK_SPLIT_FROM;

/// The split used above [`RANK_SPLIT_FROM`] nodes: 512 KiB of hot
/// shares (about 70% of the reads at L, shares being numbered by
/// decreasing reads) and 512 KiB segments, so that each segment's shares
/// stay cached while it is gathered.
pub(crate) const RANK_SPLIT: RankSplit = RankSplit {
    hot: 1 << 16,
    segment: 1 << 16,
};

/// Most hot single-relation sources per row of a fixed run
/// ([`RankIn::runs`]). At M 91% of the rows have at most 8 sources and no
/// multi-relation pair, and their per-row bookkeeping (row bounds, loop
/// set-up and exits) cost more than their gathers.
pub(crate) const RANK_FIXED_MAX: u32 = 8;

/// The `k` of a run of rows gathered row by row ([`RankIn::runs`]).
pub(crate) const RANK_GENERIC: u32 = u32::MAX;

/// Fixed runs shorter than this are left to the row-by-row loop: one
/// dispatch per run would cost more than it saves.
const RANK_FIXED_MIN_ROWS: u32 = 16;

/// The single-relation sources of PageRank's in-adjacency whose share
/// position is cold ([`RankSplit`]), regrouped by segment. Sources are
/// numbered by how often they are read, so the hot shares are few and
/// stay cached; the cold ones (megabytes at 1M actors) would be read at
/// random from the whole array. Gathered segment by segment instead,
/// each segment's shares are read from the cache after their first load.
///
/// A task is one row's sources within one segment; tasks are listed
/// segment by segment (rows ascending within a segment) and each writes
/// its sum to its own slot. A row's slots are consecutive
/// (`slot_off[row]..slot_off[row + 1]`, segments ascending) and are added
/// to the row's hot sum in that order, so the result does not depend on
/// which thread computed which task.
#[derive(Debug, Clone, Default)]
pub(crate) struct ColdPart {
    /// Row → first slot (n + 1 entries; empty when nothing is cold).
    pub slot_off: Vec<u32>,
    /// Task → start of its sources in `src` (tasks + 1 entries).
    pub task_off: Vec<u32>,
    /// Task → its slot.
    pub task_slot: Vec<u32>,
    /// Cold sources (share positions), ascending within a task.
    pub src: Vec<u32>,
    /// Task boundaries of the chunks handed to threads (about
    /// [`RANK_BLOCK_COST`] each): `0, …, tasks`; empty when nothing is
    /// cold.
    pub chunks: Vec<u32>,
}

impl ColdPart {
    /// Number of tasks.
    pub fn tasks(&self) -> usize {
        self.task_slot.len()
    }

    /// Whether nothing is cold.
    pub fn is_empty(&self) -> bool {
        self.task_slot.is_empty()
    }

    /// Chunk boundaries of about `cost` work each (a task costs its
    /// sources plus [`ROW_COST`]), `0, …, tasks`, or nothing when there
    /// are no tasks.
    pub fn chunks(&self, cost: usize) -> Vec<u32> {
        if self.is_empty() {
            return Vec::new();
        }
        cost_bounds(
            self.task_off
                .windows(2)
                .map(|w| (w[1] - w[0]) as usize + ROW_COST),
            cost,
        )
    }

    /// Splits the cold tails of sorted rows: `tails[r]` is the range of
    /// row `r`'s cold sources in `cold` (row-major, ascending).
    fn build(split: RankSplit, cold: &[u32], tails: &[(u32, u32)]) -> ColdPart {
        if cold.is_empty() {
            return ColdPart::default();
        }
        let seg_of = |u: u32| (u - split.hot) / split.segment.max(1);
        // Tasks in row order: (segment, start, end) in `cold`; a task's
        // slot is its index here.
        let mut row_tasks: Vec<(u32, u32, u32)> = Vec::new();
        let mut slot_off = Vec::with_capacity(tails.len() + 1);
        slot_off.push(0u32);
        for &(a, b) in tails {
            let mut i = a;
            while i < b {
                let k = seg_of(cold[i as usize]);
                let mut j = i + 1;
                while j < b && seg_of(cold[j as usize]) == k {
                    j += 1;
                }
                row_tasks.push((k, i, j));
                i = j;
            }
            slot_off.push(row_tasks.len() as u32);
        }
        // Segment by segment (stable counting sort: rows stay ascending).
        let nseg = row_tasks
            .iter()
            .map(|t| t.0)
            .max()
            .map_or(0, |k| k as usize + 1);
        let mut start = vec![0usize; nseg + 1];
        for t in &row_tasks {
            start[t.0 as usize + 1] += 1;
        }
        for k in 0..nseg {
            start[k + 1] += start[k];
        }
        let mut order = vec![0u32; row_tasks.len()];
        for (slot, t) in row_tasks.iter().enumerate() {
            let at = &mut start[t.0 as usize];
            order[*at] = slot as u32;
            *at += 1;
        }
        let mut task_off = Vec::with_capacity(order.len() + 1);
        let mut src = Vec::with_capacity(cold.len());
        task_off.push(0u32);
        for &slot in &order {
            let (_, a, b) = row_tasks[slot as usize];
            src.extend_from_slice(&cold[a as usize..b as usize]);
            task_off.push(src.len() as u32);
        }
        let mut part = ColdPart {
            slot_off,
            task_off,
            task_slot: order,
            src,
            chunks: Vec::new(),
        };
        part.chunks = part.chunks(RANK_BLOCK_COST);
        part
    }

    fn heap_bytes(&self) -> usize {
        (self.slot_off.capacity()
            + self.task_off.capacity()
            + self.task_slot.capacity()
            + self.src.capacity()
            + self.chunks.capacity())
            * 4
    }
}

/// Work per PageRank block (see [`RankIn::blocks`]): about 16k entries, so
/// that a block's partial sums cost nothing next to its rows and threads
/// can be balanced to within a block (about 60 blocks at M, 600 at L).
pub(crate) const RANK_BLOCK_COST: usize = 1 << 14;

/// The cost of a row in [`RankIn::blocks`]: its single sources, twice its
/// multi-relation pairs (a load and a multiplication each) and a fixed
/// part for the row's own reads and writes.
const ROW_COST: usize = 4;

/// Numbers `0..n` by decreasing `counts` (counting sort, stable): (label
/// of each index, index of each label).
fn order_desc(counts: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let n = counts.len();
    let max = counts.iter().copied().max().unwrap_or(0) as usize;
    let mut start = vec![0u32; max + 2];
    for &c in counts {
        start[max - c as usize + 1] += 1;
    }
    for i in 0..=max {
        start[i + 1] += start[i];
    }
    let mut label = vec![0u32; n];
    let mut index_of = vec![0u32; n];
    for (u, &c) in counts.iter().enumerate() {
        let b = &mut start[max - c as usize];
        label[u] = *b;
        index_of[*b as usize] = u as u32;
        *b += 1;
    }
    (label, index_of)
}

/// Calls `f(source, count)` for each run of equal sources in a sorted
/// neighbour list.
fn runs(list: &[u32], mut f: impl FnMut(u32, u32)) {
    let mut i = 0;
    while i < list.len() {
        let t = list[i];
        let mut j = i + 1;
        while j < list.len() && list[j] == t {
            j += 1;
        }
        f(t, (j - i) as u32);
        i = j;
    }
}

impl RankIn {
    /// Builds it from the index's in-lists (sorted by source, parallel
    /// relations contiguous): O(V + E) plus sorting each row; with the
    /// cold part of [`RANK_SPLIT`] when there are more than
    /// [`RANK_SPLIT_FROM`] nodes, and `f32` shares when there are more
    /// than [`RANK_F32_FROM`].
    fn build(ix: &GraphIndex) -> RankIn {
        let split = (ix.node_count() > RANK_SPLIT_FROM).then_some(RANK_SPLIT);
        let mut r = RankIn::build_with(ix, split);
        r.f32_shares = ix.node_count() > RANK_F32_FROM;
        r
    }

    /// [`RankIn::build`] with a given split (`None`: everything hot) and
    /// `f64` shares.
    pub(crate) fn build_with(ix: &GraphIndex, split: Option<RankSplit>) -> RankIn {
        let n = ix.node_count();
        let (out, inn) = (ix.out_side(), ix.in_side());
        // Shares by decreasing number of distinct targets (how often a
        // pull reads them).
        let targets: Vec<u32> = (0..n as u32)
            .map(|u| {
                let mut k = 0;
                runs(&out.nbr[out.range(u)], |_, _| k += 1);
                k
            })
            .collect();
        let (label, _) = order_desc(&targets);
        let hot = split.map_or(u32::MAX, |s| s.hot);
        // Hot and cold single-relation sources and multi-relation sources
        // per node.
        let mut ones = vec![0u32; n];
        let mut colds = vec![0u32; n];
        let mut multi = vec![0u32; n];
        for (u, ((c, d), m)) in ones.iter_mut().zip(&mut colds).zip(&mut multi).enumerate() {
            runs(&inn.nbr[inn.range(u as u32)], |s, k| {
                if k > 1 {
                    *m += 1;
                } else if label[s as usize] < hot {
                    *c += 1;
                } else {
                    *d += 1;
                }
            });
        }
        let multis = multi.iter().map(|&m| m as usize).sum();
        // Rows by decreasing count of hot single sources, then of
        // multi-relation sources, then of cold sources (stable counting
        // sorts, least significant key first), so that both of a row's
        // loops run as many times as the previous row's in long stretches
        // and their exits are predicted, and the rows with `k` hot
        // sources and nothing else are consecutive (a fixed run, see
        // `runs`). Without a split nothing is cold and the first sort
        // keeps the node order.
        let (_, by_cold) = order_desc(&colds);
        let multi_by: Vec<u32> = by_cold.iter().map(|&u| multi[u as usize]).collect();
        let (_, by_multi) = order_desc(&multi_by);
        let by_multi: Vec<u32> = by_multi.iter().map(|&i| by_cold[i as usize]).collect();
        let ones_by_multi: Vec<u32> = by_multi.iter().map(|&u| ones[u as usize]).collect();
        let (_, order) = order_desc(&ones_by_multi);
        let node_of: Vec<u32> = order.iter().map(|&i| by_multi[i as usize]).collect();
        let share_pos: Vec<u32> = node_of.iter().map(|&u| label[u as usize]).collect();
        let inv_out: Vec<f64> = node_of
            .iter()
            .map(|&u| match out.degree(u) {
                0 => 0.0,
                d => 1.0 / d as f64,
            })
            .collect();
        let mut row_off = Vec::with_capacity(n + 1);
        row_off.push([0u32; 2]);
        let mut one_src = Vec::with_capacity(
            ones.iter()
                .zip(&colds)
                .map(|(&c, &d)| (c + d) as usize)
                .sum(),
        );
        let mut multi_src = Vec::with_capacity(multis);
        let mut multi_w = Vec::with_capacity(multis);
        let mut cold = Vec::new();
        let mut tails = Vec::with_capacity(if split.is_some() { n } else { 0 });
        for &u in &node_of {
            let row = one_src.len();
            let first_multi = multi_src.len();
            runs(&inn.nbr[inn.range(u)], |s, k| {
                if k == 1 {
                    one_src.push(label[s as usize]);
                } else {
                    multi_src.push(label[s as usize]);
                    multi_w.push(f64::from(k));
                }
            });
            one_src[row..].sort_unstable();
            if split.is_some() {
                // The cold sources are the row's sorted tail.
                let h = row + one_src[row..].partition_point(|&s| s < hot);
                let a = cold.len() as u32;
                cold.extend_from_slice(&one_src[h..]);
                tails.push((a, cold.len() as u32));
                one_src.truncate(h);
            }
            if multi_src.len() - first_multi < 2 {
                row_off.push([one_src.len() as u32, multi_src.len() as u32]);
                continue;
            }
            // Keep (source, weight) pairs together while sorting.
            let mut pairs: Vec<(u32, f64)> = multi_src[first_multi..]
                .iter()
                .copied()
                .zip(multi_w[first_multi..].iter().copied())
                .collect();
            pairs.sort_unstable_by_key(|p| p.0);
            for (i, (s, w)) in pairs.into_iter().enumerate() {
                multi_src[first_multi + i] = s;
                multi_w[first_multi + i] = w;
            }
            row_off.push([one_src.len() as u32, multi_src.len() as u32]);
        }
        let mut r = RankIn {
            node_of,
            share_pos,
            inv_out,
            row_off,
            one_src,
            multi_src,
            multi_w,
            blocks: Vec::new(),
            cold: match split {
                Some(split) => ColdPart::build(split, &cold, &tails),
                None => ColdPart::default(),
            },
            runs: Vec::new(),
            f32_shares: false,
        };
        r.blocks = r.blocks(RANK_BLOCK_COST);
        r.runs = r.fixed_runs();
        r
    }

    /// The runs of [`RankIn::runs`]: maximal stretches of rows with the
    /// same number `k` ≤ [`RANK_FIXED_MAX`] of hot single sources and
    /// nothing else, at least [`RANK_FIXED_MIN_ROWS`] long; the rows
    /// between them are generic runs.
    fn fixed_runs(&self) -> Vec<[u32; 2]> {
        let n = self.n();
        let slots = |v: usize| match self.cold.slot_off.get(v..v + 2) {
            Some(w) => w[1] - w[0],
            None => 0,
        };
        let kind = |v: usize| {
            let (a, b) = (self.row_off[v], self.row_off[v + 1]);
            let k = b[0] - a[0];
            if b[1] == a[1] && slots(v) == 0 && k <= RANK_FIXED_MAX {
                k
            } else {
                RANK_GENERIC
            }
        };
        let mut out: Vec<[u32; 2]> = Vec::new();
        let mut v = 0;
        while v < n {
            let k = kind(v);
            let mut e = v + 1;
            while e < n && kind(e) == k {
                e += 1;
            }
            let k = if k != RANK_GENERIC && ((e - v) as u32) < RANK_FIXED_MIN_ROWS {
                RANK_GENERIC
            } else {
                k
            };
            match out.last_mut() {
                Some(last) if last[1] == k && k == RANK_GENERIC => last[0] = e as u32,
                _ => out.push([e as u32, k]),
            }
            v = e;
        }
        out
    }

    /// The runs of [`RankIn::runs`] cut to rows `lo..hi`: `(start, end,
    /// k)`, consecutive, covering `lo..hi`.
    pub fn runs_in(&self, lo: usize, hi: usize) -> impl Iterator<Item = (usize, usize, u32)> + '_ {
        let first = self.runs.partition_point(|r| r[0] as usize <= lo);
        self.runs[first..].iter().scan(lo, move |start, r| {
            if *start >= hi {
                return None;
            }
            let end = (r[0] as usize).min(hi);
            let run = (*start, end, r[1]);
            *start = end;
            Some(run)
        })
    }

    /// Row boundaries `0 = b₀ < b₁ < … = n` cutting the rows into
    /// consecutive blocks of about `cost` work each (a block ends at the
    /// first row that brings it to `cost`; see [`ROW_COST`]). They depend
    /// on the graph only, never on a thread count, so sums taken block by
    /// block come out the same however the blocks are shared out.
    pub fn blocks(&self, cost: usize) -> Vec<u32> {
        cost_bounds(
            self.row_off.windows(2).map(|w| {
                (w[1][0] - w[0][0]) as usize + 2 * (w[1][1] - w[0][1]) as usize + ROW_COST
            }),
            cost,
        )
    }

    /// The work of rows `a..b` in the units of [`RankIn::blocks`] (their
    /// cold sources not included).
    pub fn cost(&self, a: usize, b: usize) -> usize {
        let (x, y) = (self.row_off[a], self.row_off[b]);
        (y[0] - x[0]) as usize + 2 * (y[1] - x[1]) as usize + ROW_COST * (b - a)
    }

    /// The work of a whole iteration (hot rows and cold tasks).
    pub fn total_cost(&self) -> usize {
        self.cost(0, self.n()) + self.cold.src.len() + ROW_COST * self.cold.tasks()
    }

    /// Number of nodes.
    #[inline]
    pub fn n(&self) -> usize {
        self.node_of.len()
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        (self.node_of.capacity()
            + self.share_pos.capacity()
            + 2 * self.row_off.capacity()
            + self.one_src.capacity()
            + self.multi_src.capacity()
            + self.blocks.capacity()
            + 2 * self.runs.capacity())
            * 4
            + (self.inv_out.capacity() + self.multi_w.capacity()) * 8
            + self.cold.heap_bytes()
    }
}

impl GraphIndex {
    /// PageRank's merged in-adjacency (no filter), built on first use.
    pub fn rank_in(&self) -> &RankIn {
        self.derived.rank_in.get_or_init(|| RankIn::build(self))
    }

    /// The deduplicated neighbour lists over the relations whose kind is
    /// in `kinds` (a `1 << kind` mask), following `sides`; `None` until
    /// the same (kinds, sides) has been asked for
    /// [`KIND_ADJ_BUILD_AFTER`] times, then built (O(V + E)) and cached
    /// (at most [`KIND_ADJ_MAX`] sets, least recently used dropped).
    pub fn kind_adjacency(&self, kinds: u64, sides: Sides) -> Option<Arc<NbrCsr>> {
        {
            let mut cache = self.derived.kind_adj.lock().ok()?;
            let tick = cache.iter().map(|e| e.used).max().unwrap_or(0) + 1;
            match cache
                .iter_mut()
                .find(|e| e.kinds == kinds && e.sides == sides)
            {
                Some(e) => {
                    e.used = tick;
                    if let Some(adj) = &e.adj {
                        return Some(adj.clone());
                    }
                    e.requests += 1;
                    if e.requests < KIND_ADJ_BUILD_AFTER {
                        return None;
                    }
                }
                None => {
                    if cache.len() >= KIND_ADJ_MAX {
                        if let Some(old) = (0..cache.len()).min_by_key(|&i| cache[i].used) {
                            cache.swap_remove(old);
                        }
                    }
                    cache.push(KindAdjEntry {
                        kinds,
                        sides,
                        requests: 1,
                        used: tick,
                        adj: None,
                    });
                    if KIND_ADJ_BUILD_AFTER > 1 {
                        return None;
                    }
                }
            }
        }
        // Built outside the lock; a concurrent builder of the same set
        // wastes work but stores the same lists.
        let adj = Arc::new(self.build_kind_adjacency(kinds, sides));
        let mut cache = self.derived.kind_adj.lock().ok()?;
        if let Some(e) = cache
            .iter_mut()
            .find(|e| e.kinds == kinds && e.sides == sides)
        {
            e.adj = Some(adj.clone());
        }
        Some(adj)
    }

    /// Builds the neighbour lists of [`kind_adjacency`](Self::kind_adjacency)
    /// now: O(V + E) (one merge of each node's sorted out- and in-lists).
    pub fn build_kind_adjacency(&self, kinds: u64, sides: Sides) -> NbrCsr {
        let n = self.node_count();
        let (out, inn) = (self.out_side(), self.in_side());
        let (a, b) = match sides {
            Sides::Out => (Some(out), None),
            Sides::In => (Some(inn), None),
            Sides::Both => (Some(out), Some(inn)),
        };
        let mut off = Vec::with_capacity(n + 1);
        let mut nbr = Vec::new();
        off.push(0);
        let pass = |side: &Side<'_>, p: usize| kinds & (1u64 << side.kind[p]) != 0;
        for u in 0..n as u32 {
            let ra = a.map_or(0..0, |s| s.range(u));
            let rb = b.map_or(0..0, |s| s.range(u));
            let (mut i, mut j) = (ra.start, rb.start);
            let mut last = NONE;
            loop {
                // The next passing entry of either side, smaller first.
                while i < ra.end && a.is_some_and(|s| !pass(&s, i)) {
                    i += 1;
                }
                while j < rb.end && b.is_some_and(|s| !pass(&s, j)) {
                    j += 1;
                }
                let va = a.filter(|_| i < ra.end).map_or(NONE, |s| s.nbr[i]);
                let vb = b.filter(|_| j < rb.end).map_or(NONE, |s| s.nbr[j]);
                let v = va.min(vb);
                if v == NONE {
                    break;
                }
                if va == v {
                    i += 1;
                } else {
                    j += 1;
                }
                if v != last && v != u {
                    nbr.push(v);
                }
                last = v;
            }
            off.push(nbr.len());
        }
        nbr.shrink_to_fit();
        NbrCsr { off, nbr }
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

/// Boundaries `0 = b₀ < b₁ < … = n` cutting `n` items of the given costs
/// into consecutive pieces of about `cost` (at least 1) each: a piece ends
/// at the first item that brings it to `cost`.
fn cost_bounds(costs: impl Iterator<Item = usize>, cost: usize) -> Vec<u32> {
    let cost = cost.max(1);
    let mut bounds = vec![0u32];
    let (mut acc, mut n) = (0usize, 0u32);
    for c in costs {
        n += 1;
        acc += c;
        if acc >= cost {
            bounds.push(n);
            acc = 0;
        }
    }
    if *bounds.last().unwrap_or(&0) != n {
        bounds.push(n);
    }
    bounds
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

    #[test]
    fn kind_adjacency_is_built_on_the_second_request_and_dropped_on_mutation() {
        let mut g = KnowledgeGraph::new();
        for a in ["a", "b", "c", "d"] {
            g.add_actor(Actor::of_kind(a, ActorKind::Country, a).unwrap())
                .unwrap();
        }
        let rel = |s, k, t| Relation::new(id(s), k, id(t));
        for r in [
            rel("a", RelationKind::Threatens, "c"),
            rel("a", RelationKind::Threatens, "c"),
            rel("a", RelationKind::Supports, "b"),
            rel("d", RelationKind::Threatens, "a"),
            rel("c", RelationKind::Threatens, "c"),
        ] {
            g.add_relation(r).unwrap();
        }
        let threat = 1u64 << RelationKind::Threatens as u8;
        let ix = g.index();
        assert!(ix.kind_adjacency(threat, Sides::Both).is_none());
        let both = ix.kind_adjacency(threat, Sides::Both).unwrap();
        // Deduplicated, sorted, no self-loop, kinds filtered.
        assert_eq!(both.off, [0, 2, 2, 3, 4]);
        assert_eq!(both.nbr, [2, 3, 0, 0]);
        // Other sides and sets are separate entries.
        assert!(ix.kind_adjacency(threat, Sides::Out).is_none());
        let out = ix.kind_adjacency(threat, Sides::Out).unwrap();
        assert_eq!(
            (out.off.as_slice(), out.nbr.as_slice()),
            (&[0, 1, 1, 1, 2][..], &[2, 0][..])
        );
        let inn = ix.build_kind_adjacency(threat, Sides::In);
        assert_eq!(
            (inn.off.as_slice(), inn.nbr.as_slice()),
            (&[0, 1, 1, 2, 2][..], &[3, 0][..])
        );
        assert!(ix.heap_bytes() > both.heap_bytes() + out.heap_bytes());
        // Eviction keeps at most KIND_ADJ_MAX sets.
        for k in 0..2 * KIND_ADJ_MAX as u8 {
            for _ in 0..KIND_ADJ_BUILD_AFTER {
                let _ = ix.kind_adjacency(1u64 << k, Sides::Both);
            }
        }
        assert_eq!(ix.derived.kind_adj_len(), KIND_ADJ_MAX);
        // A mutation drops the index and its caches.
        g.add_relation(rel("b", RelationKind::Threatens, "d"))
            .unwrap();
        let ix = g.index();
        assert!(ix.kind_adjacency(threat, Sides::Both).is_none());
        assert_eq!(
            ix.kind_adjacency(threat, Sides::Both).unwrap().nbr,
            [2, 3, 3, 0, 0, 1]
        );
    }

    #[test]
    fn rank_in_rows_tie_break_on_multi_relation_sources() {
        let mut g = KnowledgeGraph::new();
        for a in ["a", "b", "c", "d", "e"] {
            g.add_actor(Actor::of_kind(a, ActorKind::Country, a).unwrap())
                .unwrap();
        }
        let rel = |s, t| Relation::new(id(s), RelationKind::Supports, id(t));
        // Each of b, c, d has one single-relation source; d has two
        // multi-relation pairs (a⇉d, e⇉d), c one (a⇉c), b none.
        for (s, t) in [
            ("a", "b"),
            ("e", "c"),
            ("a", "c"),
            ("a", "c"),
            ("b", "d"),
            ("a", "d"),
            ("a", "d"),
            ("e", "d"),
            ("e", "d"),
        ] {
            g.add_relation(rel(s, t)).unwrap();
        }
        let r = g.index().rank_in();
        // d (1 single, 2 multi), c (1, 1), b (1, 0), then a and e (none),
        // each tie in insertion order.
        assert_eq!(r.node_of, [3, 2, 1, 0, 4]);
        assert_eq!(r.row_off, [[0, 0], [1, 2], [2, 3], [3, 3], [3, 3], [3, 3]]);
        assert_eq!(r.multi_w, [2.0, 2.0, 2.0]);
    }

    #[test]
    fn rank_in_merges_parallel_relations() {
        let mut g = KnowledgeGraph::new();
        for a in ["a", "b", "c"] {
            g.add_actor(Actor::of_kind(a, ActorKind::Country, a).unwrap())
                .unwrap();
        }
        let rel = |s, t| Relation::new(id(s), RelationKind::Supports, id(t));
        for (s, t) in [
            ("a", "b"),
            ("a", "b"),
            ("a", "b"),
            ("c", "b"),
            ("b", "b"),
            ("a", "c"),
        ] {
            g.add_relation(rel(s, t)).unwrap();
        }
        let r = g.index().rank_in();
        // b has 2 single sources (c, b itself): label 0; c has 1 (a); a none.
        assert_eq!(r.node_of, [1, 2, 0]);
        // Row b: two single sources and the triple pair from a.
        assert_eq!(r.row_off, [[0, 0], [2, 1], [3, 1], [3, 1]]);
        // Shares by distinct targets: a (b, c) first, then b, c.
        assert_eq!(r.share_pos, [1, 2, 0]);
        // b's row holds b (share 1) and c (2); c's row a (0).
        assert_eq!(r.one_src, [1, 2, 0]);
        assert_eq!(r.multi_src, [0]);
        assert_eq!(r.multi_w, [3.0]);
        // 1 / out-degree by label: b 1, c 1, a 1/4.
        assert_eq!(r.inv_out, [1.0, 1.0, 0.25]);
        assert!(r.heap_bytes() > 0);
        assert!(r.cold.is_empty());

        // Shares from 1 on are cold, one per segment: b's row keeps no
        // hot source, its cold b (share 1) and c (2) become two tasks;
        // c's row keeps a (0) hot, so it comes first (rows by hot
        // sources, then multi-relation pairs).
        let split = RankSplit { hot: 1, segment: 1 };
        let s = RankIn::build_with(g.index(), Some(split));
        assert_eq!(s.node_of, [2, 1, 0]);
        assert_eq!(s.one_src, [0]);
        assert_eq!(s.row_off, [[0, 0], [1, 0], [1, 1], [1, 1]]);
        assert_eq!(s.cold.slot_off, [0, 0, 2, 2]);
        assert_eq!(s.cold.task_off, [0, 1, 2]);
        assert_eq!(s.cold.task_slot, [0, 1]);
        assert_eq!(s.cold.src, [1, 2]);
        assert_eq!(s.cold.chunks, [0, 2]);
        assert!(s.heap_bytes() > r.heap_bytes());
    }

    #[test]
    fn cold_tasks_are_listed_segment_by_segment() {
        // Node i gets relations from i + 1 .. n - 1 (so shares number
        // the nodes in reverse, node n - 1 having no target); rows with
        // cold sources in two segments have their slots side by side.
        let mut g = KnowledgeGraph::new();
        let n = 6;
        for i in 0..n {
            let a = format!("n{i}");
            g.add_actor(Actor::of_kind(&a, ActorKind::Country, &a).unwrap())
                .unwrap();
        }
        for t in 0..n {
            for s in t + 1..n {
                let r = Relation::new(
                    id(&format!("n{s}")),
                    RelationKind::Supports,
                    id(&format!("n{t}")),
                );
                g.add_relation(r).unwrap();
            }
        }
        let r = RankIn::build_with(g.index(), Some(RankSplit { hot: 1, segment: 2 }));
        let plain = RankIn::build_with(g.index(), None);
        assert_eq!(r.one_src.len() + r.cold.src.len(), plain.one_src.len());
        // Every task's sources fall in one segment, tasks ascend by
        // segment, and within a segment by slot (row order).
        let seg = |u: u32| (u - 1) / 2;
        let mut last = (0, 0);
        for (t, w) in r.cold.task_off.windows(2).enumerate() {
            let src = &r.cold.src[w[0] as usize..w[1] as usize];
            assert!(!src.is_empty() && src.iter().all(|&u| seg(u) == seg(src[0])));
            let key = (seg(src[0]), r.cold.task_slot[t]);
            assert!(t == 0 || key > last, "{key:?} after {last:?}");
            last = key;
        }
        // Slots are a permutation of the tasks, consecutive per row.
        let mut slots = r.cold.task_slot.clone();
        slots.sort_unstable();
        assert_eq!(slots, (0..r.cold.tasks() as u32).collect::<Vec<_>>());
        assert_eq!(r.cold.slot_off.len(), n + 1);
        assert_eq!(*r.cold.slot_off.last().unwrap() as usize, r.cold.tasks());
    }
}

//! Rankings: degree, PageRank and betweenness centrality.
//!
//! Every ranking honours a [`Filter`]: only relations the filter accepts are
//! counted, and actors whose kind the filter rejects are left out of the
//! ranking altogether (with their relations). Results are [`Ranking`]
//! values: `(actor id, score)` pairs sorted by score, highest first, ties in
//! actor insertion order, so the same graph always gives the same list.
//!
//! All three work over a dense numbering of the actors (insertion order) and
//! flat `u32` edge arrays built once per call; the inner loops touch only
//! those arrays, never strings or petgraph's linked adjacency lists.
//!
//! ```
//! use geokg::query::{self, Filter, PageRankOptions};
//! use geokg::{Actor, ActorId, KnowledgeGraph, Relation, RelationKind};
//! let mut g = KnowledgeGraph::new();
//! for id in ["a", "b", "c"] {
//!     g.add_actor(Actor::country(id, id, "XXX").unwrap()).unwrap();
//! }
//! let id = |s: &str| ActorId::new(s).unwrap();
//! g.add_relation(Relation::new(id("a"), RelationKind::Supports, id("c"))).unwrap();
//! g.add_relation(Relation::new(id("b"), RelationKind::Supports, id("c"))).unwrap();
//! let pr = query::pagerank(&g, &Filter::new(), &PageRankOptions::default()).unwrap();
//! assert_eq!(pr.top(1)[0].0.as_str(), "c");
//! assert!((pr.entries.iter().map(|e| e.1).sum::<f64>() - 1.0).abs() < 1e-9);
//! ```

use std::sync::atomic::Ordering::{AcqRel, Acquire, Relaxed, Release};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize};
use std::sync::{Condvar, Mutex};

use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use serde::{Deserialize, Serialize};

use super::filter::{CompiledFilter, Filter};
use super::resolve::QueryError;
use crate::graph::{KnowledgeGraph, RANK_FIXED_MAX};
use crate::model::{ActorId, RelationKind};

/// Actors with a score, highest first; ties in actor insertion order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Ranking {
    /// `(actor, score)`, sorted by score descending.
    pub entries: Vec<(ActorId, f64)>,
}

impl Ranking {
    /// The first `n` entries (all of them when there are fewer).
    pub fn top(&self, n: usize) -> &[(ActorId, f64)] {
        &self.entries[..n.min(self.entries.len())]
    }

    /// The score of an actor, when it is ranked.
    pub fn score(&self, id: &str) -> Option<f64> {
        self.entries
            .iter()
            .find(|(a, _)| a.as_str() == id)
            .map(|e| e.1)
    }

    /// The 0-based position of an actor, when it is ranked.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.entries.iter().position(|(a, _)| a.as_str() == id)
    }

    /// Number of ranked actors.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no actor is ranked.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

// ----- the dense view shared by the rankings ------------------------------

/// Actors numbered densely in insertion order (those the filter accepts),
/// and the accepted relations as parallel `src`/`dst` arrays (sorted by
/// source).
struct Dense {
    nodes: Vec<NodeIndex<u32>>,
    src: Vec<u32>,
    dst: Vec<u32>,
    /// Confidence per edge, filled only when asked for.
    conf: Vec<f32>,
}

impl Dense {
    /// One pass over the out-adjacency of the graph's cached index, or over
    /// the edge records when the filter reads them: O(N + M).
    fn build(g: &KnowledgeGraph, filter: &Filter, want_conf: bool) -> Result<Dense, QueryError> {
        let cf = filter.compile(g)?;
        let ix = g.index();
        let n = ix.node_count();
        let mut map = vec![u32::MAX; n];
        let mut nodes = Vec::with_capacity(n);
        for (u, slot) in map.iter_mut().enumerate() {
            if cf.node_ok(ix.kind_of(u as u32)) {
                *slot = nodes.len() as u32;
                nodes.push(ix.nodes[u]);
            }
        }
        let m = ix.relation_count();
        let mut src = Vec::with_capacity(m);
        let mut dst = Vec::with_capacity(m);
        let mut conf = Vec::with_capacity(if want_conf { m } else { 0 });
        if cf.needs_record() || want_conf {
            // Edge records are needed: one sequential pass over them beats
            // a random lookup per index entry.
            for e in g.graph.edge_references() {
                let (Some(a), Some(b)) = (ix.dense_of(e.source()), ix.dense_of(e.target())) else {
                    continue;
                };
                let (s, t) = (map[a as usize], map[b as usize]);
                if s == u32::MAX || t == u32::MAX || !cf.edge_ok(e.weight()) {
                    continue;
                }
                src.push(s);
                dst.push(t);
                if want_conf {
                    conf.push(e.weight().confidence);
                }
            }
        } else {
            let out = ix.out_side();
            let kinds = cf.kind_mask();
            for u in 0..n {
                let s = map[u];
                if s == u32::MAX {
                    continue;
                }
                for p in out.range(u as u32) {
                    let t = map[out.nbr[p] as usize];
                    if t != u32::MAX && kinds & (1u64 << out.kind[p]) != 0 {
                        src.push(s);
                        dst.push(t);
                    }
                }
            }
        }
        Ok(Dense {
            nodes,
            src,
            dst,
            conf,
        })
    }

    fn n(&self) -> usize {
        self.nodes.len()
    }

    fn ranking(&self, g: &KnowledgeGraph, scores: &[f64], limit: Option<usize>) -> Ranking {
        ranking(g, &self.nodes, scores, limit)
    }
}

/// Turns scores of `nodes` into a sorted [`Ranking`] of at most `limit`
/// entries; O(N + k log k) for k kept entries.
fn ranking(
    g: &KnowledgeGraph,
    nodes: &[NodeIndex<u32>],
    scores: &[f64],
    limit: Option<usize>,
) -> Ranking {
    // A total order (score desc, then insertion order): unstable
    // selection and sorting are deterministic.
    let cmp = |a: &u32, b: &u32| {
        scores[*b as usize]
            .total_cmp(&scores[*a as usize])
            .then(a.cmp(b))
    };
    let mut order: Vec<u32> = (0..nodes.len() as u32).collect();
    if let Some(k) = limit.filter(|&k| k < order.len()) {
        if k == 0 {
            return Ranking::default();
        }
        order.select_nth_unstable_by(k - 1, cmp);
        order.truncate(k);
    }
    order.sort_unstable_by(cmp);
    Ranking {
        entries: order
            .into_iter()
            .map(|i| (g.graph[nodes[i as usize]].id.clone(), scores[i as usize]))
            .collect(),
    }
}

/// Compressed rows: the items of row `r` are `items[offsets[r]..offsets[r+1]]`.
struct Csr {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Csr {
    /// Groups `vals` by `keys` (counting sort, stable); O(N + M).
    fn build(n: usize, keys: &[u32], vals: &[u32]) -> Csr {
        Csr::from_pairs(n, keys.len(), |i| (keys[i], vals[i]))
    }

    /// Groups the `m` pairs `(key, value)` that `pair(i)` gives by key
    /// (counting sort, stable); O(N + M).
    fn from_pairs(n: usize, m: usize, pair: impl Fn(usize) -> (u32, u32)) -> Csr {
        let mut offsets = vec![0u32; n + 1];
        for i in 0..m {
            offsets[pair(i).0 as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut items = vec![0u32; m];
        for i in 0..m {
            let (k, v) = pair(i);
            let at = &mut fill[k as usize];
            items[*at as usize] = v;
            *at += 1;
        }
        Csr { offsets, items }
    }

    #[inline]
    fn row(&self, r: usize) -> &[u32] {
        &self.items[self.offsets[r] as usize..self.offsets[r + 1] as usize]
    }

    /// Sorts every row, drops duplicates and the entries equal to `row`
    /// (self-loops); O(M log d).
    fn simplify(self) -> Csr {
        let n = self.offsets.len() - 1;
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0u32);
        let mut items = self.items;
        let mut out = 0usize;
        for r in 0..n {
            let (a, b) = (self.offsets[r] as usize, self.offsets[r + 1] as usize);
            items[a..b].sort_unstable();
            let mut last = u32::MAX;
            for i in a..b {
                let v = items[i];
                if v != last && v as usize != r {
                    items[out] = v;
                    out += 1;
                }
                last = v;
            }
            offsets.push(out as u32);
        }
        items.truncate(out);
        Csr { offsets, items }
    }
}

// ----- degree --------------------------------------------------------------

/// Which relations a degree counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DegreeMode {
    /// Relations the actor is the target of.
    In,
    /// Relations the actor is the source of.
    Out,
    /// Both (a self-loop counts twice).
    #[default]
    Total,
}

/// Options of [`degree`].
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct DegreeOptions {
    /// In, out or total degree.
    pub mode: DegreeMode,
    /// Sum relation confidences instead of counting relations.
    pub weighted: bool,
    /// Keep only the best `n` entries (cheaper than sorting them all).
    pub limit: Option<usize>,
}

/// Degree of every actor: the number of accepted relations it takes part
/// in (parallel relations each count), or with `weighted` the sum of their
/// confidences.
///
/// Cost: O(N) from the cached index when the filter accepts everything
/// (unweighted), else O(N + M) time and memory; plus O(N log N) to sort
/// (O(N + k log k) with a `limit` of k).
pub fn degree(
    g: &KnowledgeGraph,
    filter: &Filter,
    options: DegreeOptions,
) -> Result<Ranking, QueryError> {
    let cf = filter.compile(g)?;
    if is_plain(&cf) && !options.weighted {
        // Straight from the index offsets: O(N).
        let ix = g.index();
        let (out, inn) = (ix.out_side(), ix.in_side());
        let score: Vec<f64> = (0..ix.node_count() as u32)
            .map(|u| {
                let (o, i) = (out.degree(u), inn.degree(u));
                match options.mode {
                    DegreeMode::Out => o as f64,
                    DegreeMode::In => i as f64,
                    DegreeMode::Total => (o + i) as f64,
                }
            })
            .collect();
        return Ok(ranking(g, &ix.nodes, &score, options.limit));
    }
    let d = Dense::build(g, filter, options.weighted)?;
    let mut score = vec![0.0f64; d.n()];
    for i in 0..d.src.len() {
        let w = if options.weighted {
            f64::from(d.conf[i])
        } else {
            1.0
        };
        if options.mode != DegreeMode::In {
            score[d.src[i] as usize] += w;
        }
        if options.mode != DegreeMode::Out {
            score[d.dst[i] as usize] += w;
        }
    }
    Ok(d.ranking(g, &score, options.limit))
}

// ----- PageRank ------------------------------------------------------------

/// Options of [`pagerank`].
///
/// # Precision
///
/// Scores, their sums and the residual are `f64`. On graphs of more than
/// 131,072 actors, unfiltered runs store each actor's share (score ÷
/// out-degree, the value that every in-neighbour reads) as `f32`, which
/// halves the memory that the iteration reads at random; it then rounds
/// each share by at most 2⁻²⁴ (6·10⁻⁸) relative, so after k iterations a
/// score is within k · damping · 6·10⁻⁸ relative of the all-`f64`
/// iteration (10⁻⁶ for 20 iterations at 0.85; measured on a 10⁶-actor
/// event graph: 2–6·10⁻⁹ for the top ten), and the scores sum to 1 to
/// within the same bound (that graph: 1 + 2·10⁻⁹ after 20 iterations).
/// That is far below the truncation error of a power iteration stopped
/// after a few dozen steps (about 0.85ᵏ), but the last digits differ from
/// an `f64` computation, and a run with a tolerance may stop one
/// iteration later or earlier (the residual is computed from the rounded
/// shares). Smaller graphs and filtered runs are `f64` throughout. Either
/// way the result is bit for bit the same for every thread count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PageRankOptions {
    /// Probability of following a relation rather than jumping (0 ≤ d < 1);
    /// 0.85 by default.
    pub damping: f64,
    /// Iterations to run at most (exactly this many without a tolerance);
    /// 100 by default.
    pub max_iterations: usize,
    /// Stop once the L1 distance between two successive iterates falls
    /// below this; `None` runs exactly `max_iterations` iterations.
    /// Default `Some(1e-9)`.
    ///
    /// networkx stops when the distance is below `N × tol`; to reproduce
    /// its results pass `Some(n as f64 * tol)` (with N ≈ 10⁶ and its default
    /// `tol = 1e-6` that stops after one iteration, which is why benchmark
    /// comparisons use fixed iteration counts).
    pub tolerance: Option<f64>,
    /// Keep only the best `n` entries (cheaper than sorting them all).
    pub limit: Option<usize>,
    /// Threads to iterate with: the calling thread and `threads - 1`
    /// scoped ones, which take the blocks of rows (~16k relation pairs
    /// each) of an iteration one at a time and wait for each other between
    /// iterations (on graphs of more than 131,072 actors also between the
    /// cold and the row phase of each iteration; see [`pagerank_run`]). `0`, the default, picks automatically: the available
    /// parallelism, at most 4, and one thread per ~65k distinct relation
    /// pairs (so small graphs stay on the calling thread). At most one
    /// thread per block is used whatever is asked. The scores, iteration
    /// count and residual are bit for bit the same for every thread
    /// count. Runs with a filter use the calling thread only.
    ///
    /// On a host whose cores are all busy with other work, extra threads
    /// cost more than they give (each iteration waits for the slowest
    /// block): pass `1` there.
    #[serde(default)]
    pub threads: usize,
}

impl Default for PageRankOptions {
    fn default() -> Self {
        PageRankOptions {
            damping: 0.85,
            max_iterations: 100,
            tolerance: Some(1e-9),
            limit: None,
            threads: 0,
        }
    }
}

impl PageRankOptions {
    /// Exactly `n` iterations, no tolerance (as benchmark anchors use).
    pub fn fixed(n: usize) -> Self {
        PageRankOptions {
            max_iterations: n,
            tolerance: None,
            ..Self::default()
        }
    }

    /// The same options keeping only the best `n` entries.
    pub fn top(self, n: usize) -> Self {
        PageRankOptions {
            limit: Some(n),
            ..self
        }
    }

    /// The same options with `n` threads (see [`PageRankOptions::threads`]).
    pub fn threads(self, n: usize) -> Self {
        PageRankOptions { threads: n, ..self }
    }
}

/// A PageRank result with how the iteration ended.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PageRankRun {
    /// The scores (they sum to 1 over the ranked actors).
    pub ranking: Ranking,
    /// Iterations run.
    pub iterations: usize,
    /// L1 distance between the last two iterates.
    pub residual: f64,
    /// Whether the tolerance was reached.
    pub converged: bool,
}

/// PageRank over the accepted relations: [`pagerank_run`] without the
/// iteration report.
pub fn pagerank(
    g: &KnowledgeGraph,
    filter: &Filter,
    options: &PageRankOptions,
) -> Result<Ranking, QueryError> {
    pagerank_run(g, filter, options).map(|r| r.ranking)
}

/// PageRank by power iteration, with networkx's conventions: the graph is a
/// multigraph (two parallel relations carry twice the weight of one), each
/// actor spreads its score evenly over its outgoing relations, the score
/// of actors without outgoing relations (dangling) is spread uniformly over
/// all actors, the teleport distribution is uniform, and iteration starts
/// from the uniform vector. Scores sum to 1.
///
/// Cost: O(N + M) per iteration (a pull over in-neighbours, no allocation).
/// Without a filter it runs on an in-adjacency cached with the graph's CSR
/// index (built once in O(N + M), kept until the graph changes) in which
/// parallel relations are merged into weighted pairs, so an iteration
/// reads each distinct (source, target) pair once (at M: 610k pairs for
/// 1M relations). Above 131,072 actors the sources whose scores are
/// rarely read are gathered first, one cache-sized segment of scores at
/// a time, into per-row partial sums that the rows then add in a fixed
/// order (at L about 30% of the pairs; 20–25% less time per iteration);
/// rows with at most 8 sources and no other entries (91% of the rows at
/// M, 67% at L) are listed in runs of equal length and gathered without
/// per-row bookkeeping (the same additions, so the same bits);
/// a filter
/// first builds the filtered in-adjacency, renumbered by out-degree for
/// cache locality, in O(N + M) (a kind filter reads only the index's kind
/// bytes). Memory O(N) beyond the index, O(N + M) with a filter.
///
/// Above 131,072 actors the shares (score ÷ out-degree) that an
/// unfiltered iteration reads are stored as `f32` (half the bytes read
/// at random; 2⁻²⁴ relative rounding per share, see the precision note
/// on [`PageRankOptions`]); scores, sums and the residual stay `f64`.
///
/// Without a filter the rows are shared out to
/// [`PageRankOptions::threads`] threads (by default up to 4 on graphs
/// large enough to gain from it), which meet once per iteration; the
/// residual and dangling mass are summed in fixed blocks of rows, so the
/// result is bit for bit the same for every thread count.
pub fn pagerank_run(
    g: &KnowledgeGraph,
    filter: &Filter,
    options: &PageRankOptions,
) -> Result<PageRankRun, QueryError> {
    let alpha = options.damping;
    if !(0.0..1.0).contains(&alpha) {
        return Err(QueryError::InvalidParameter {
            name: "damping",
            reason: format!("{alpha} is not in 0 ≤ d < 1"),
        });
    }
    if let Some(t) = options.tolerance {
        if t.is_nan() || t < 0.0 {
            return Err(QueryError::InvalidParameter {
                name: "tolerance",
                reason: format!("{t} is not a non-negative number"),
            });
        }
    }
    let cf = filter.compile(g)?;
    if is_plain(&cf) {
        return Ok(pagerank_on_index(g, options));
    }
    let d = Dense::build(g, filter, false)?;
    let n = d.n();
    if n == 0 {
        return Ok(PageRankRun::default());
    }
    // Renumber actors by out-degree (log buckets, busiest first, O(N)):
    // the scores that the pull reads most often then share cache lines.
    let mut outdeg = vec![0u32; n];
    for &s in &d.src {
        outdeg[s as usize] += 1;
    }
    let bucket = |deg: u32| (32 - deg.leading_zeros()) as usize; // 0..=32
    let mut start = [0u32; 34];
    for &deg in &outdeg {
        start[33 - bucket(deg)] += 1;
    }
    let mut acc = 0;
    for c in &mut start {
        let here = *c;
        *c = acc;
        acc += here;
    }
    let mut label = vec![0u32; n];
    let mut old_of = vec![0u32; n];
    for (v, &deg) in outdeg.iter().enumerate() {
        let b = &mut start[33 - bucket(deg)];
        label[v] = *b;
        old_of[*b as usize] = v as u32;
        *b += 1;
    }
    let incoming = Csr::from_pairs(n, d.src.len(), |i| {
        (label[d.dst[i] as usize], label[d.src[i] as usize])
    });
    let inv_out: Vec<f64> = old_of
        .iter()
        .map(|&v| inverse(outdeg[v as usize]))
        .collect();
    let (x, iterations, residual, converged) = power_iterate(n, &inv_out, options, |v, share| {
        gather(incoming.row(v), share)
    });
    // Back to actor order.
    let mut scores = vec![0.0; n];
    for (new, &old) in old_of.iter().enumerate() {
        scores[old as usize] = x[new];
    }
    Ok(PageRankRun {
        ranking: d.ranking(g, &scores, options.limit),
        iterations,
        residual,
        converged,
    })
}

/// PageRank on the cached index for a filter that accepts everything:
/// the merged, degree-ordered in-adjacency of [`GraphIndex::rank_in`]
/// (built once per index in O(N + M), parallel relations folded into
/// weights), so an iteration reads each distinct (source, target) pair
/// once.
///
/// [`GraphIndex::rank_in`]: crate::graph::GraphIndex::rank_in
fn pagerank_on_index(g: &KnowledgeGraph, options: &PageRankOptions) -> PageRankRun {
    let ix = g.index();
    let r = ix.rank_in();
    let n = r.n();
    if n == 0 {
        return PageRankRun::default();
    }
    let (x, iterations, residual, converged) = power_iterate_merged(r, &r.blocks, options);
    // Back to the index's node order.
    let mut scores = vec![0.0; n];
    for (&u, &xv) in r.node_of.iter().zip(&x) {
        scores[u as usize] = xv;
    }
    PageRankRun {
        ranking: ranking(g, &ix.nodes, &scores, options.limit),
        iterations,
        residual,
        converged,
    }
}

/// Whether a compiled filter accepts every relation and actor.
fn is_plain(cf: &CompiledFilter) -> bool {
    !cf.needs_record()
        && !cf.checks_nodes()
        && RelationKind::ALL
            .iter()
            .all(|k| cf.kind_mask() & (1u64 << (*k as u8)) != 0)
}

/// `1 / degree`, 0 for a dangling actor.
fn inverse(deg: u32) -> f64 {
    if deg == 0 { 0.0 } else { 1.0 / f64::from(deg) }
}

/// The sum of `share` over a row, in four independent partial sums (so
/// that the adds hide the load latency).
#[inline]
fn gather(row: &[u32], share: &[f64]) -> f64 {
    sum4(row, |u| share[u as usize])
}

/// The sum of `at(u)` over a row's entries `u`, in four independent
/// partial sums (entry `i` goes to sum `i % 4`) added as `(s0 + s1) +
/// (s2 + s3)`: every gather below adds in this one order, which is what
/// keeps the one-thread and threaded PageRank paths bit for bit equal.
#[inline(always)]
fn sum4(row: &[u32], at: impl Fn(u32) -> f64) -> f64 {
    let mut sum = [0.0f64; 4];
    let mut quads = row.chunks_exact(4);
    for q in &mut quads {
        sum[0] += at(q[0]);
        sum[1] += at(q[1]);
        sum[2] += at(q[2]);
        sum[3] += at(q[3]);
    }
    for (k, &u) in quads.remainder().iter().enumerate() {
        sum[k] += at(u);
    }
    (sum[0] + sum[1]) + (sum[2] + sum[3])
}

/// A row's pull in the one order both PageRank paths add it: the sum of
/// its single-entry sources (`one`, from [`sum4`]), then each
/// multi-entry source's share times its weight, in order, then the row's
/// cold-segment sums (the slots of the index's `ColdPart`), in
/// segment order. Written once so that the threaded and one-thread
/// kernels cannot drift apart (their scores are bit for bit equal).
#[inline(always)]
fn row_pull(
    one: f64,
    multi_src: &[u32],
    multi_w: &[f64],
    at: impl Fn(u32) -> f64,
    cold: impl Iterator<Item = f64>,
) -> f64 {
    let mut acc = one;
    for (&u, &w) in multi_src.iter().zip(multi_w) {
        acc += w * at(u);
    }
    for s in cold {
        acc += s;
    }
    acc
}

/// Where a run of rows puts its results: given the run's row sums (the
/// pull before damping, in row order), each row finishes its score and
/// scatters its new share, and the run's residual and dangling mass are
/// added on to the sums it was handed. Both PageRank paths (plain arrays,
/// atomics) implement it with the same arithmetic.
trait RowSink {
    /// Finishes the run's rows from their `sums` (at least one per row)
    /// and returns the (residual, dangling mass) sums carried on.
    fn rows(self, sums: impl Iterator<Item = f64>) -> (f64, f64);
}

/// The row sums of a fixed run ([`RankIn::runs`]) whose rows each have
/// exactly `K` (≥ 1) hot single sources, consecutive in `src`: each is
/// [`sum4`] of a `K`-array, so the adds are those of [`row_pull`] for a
/// row with no multi-relation pair and no cold slot, with no per-row
/// bounds or loop exits.
///
/// [`RankIn::runs`]: crate::graph::RankIn::runs
#[inline(always)]
fn fixed_sums<const K: usize>(
    src: &[u32],
    at: impl Fn(u32) -> f64 + Copy,
) -> impl Iterator<Item = f64> {
    src.chunks_exact(K).map(move |q| sum4(q, at))
}

/// A fixed run of rows with `k` hot single sources each (`src`: theirs,
/// row after row) into `sink`: the sums of [`fixed_sums`], or 0 for rows
/// without sources (`sum4` of nothing).
#[inline(always)]
fn fixed_run(
    k: u32,
    src: &[u32],
    at: impl Fn(u32) -> f64 + Copy,
    sink: impl RowSink,
) -> (f64, f64) {
    match k {
        1 => sink.rows(fixed_sums::<1>(src, at)),
        2 => sink.rows(fixed_sums::<2>(src, at)),
        3 => sink.rows(fixed_sums::<3>(src, at)),
        4 => sink.rows(fixed_sums::<4>(src, at)),
        5 => sink.rows(fixed_sums::<5>(src, at)),
        6 => sink.rows(fixed_sums::<6>(src, at)),
        7 => sink.rows(fixed_sums::<7>(src, at)),
        8 => sink.rows(fixed_sums::<8>(src, at)),
        _ => {
            debug_assert_eq!(
                k, 0,
                "a fixed run has at most RANK_FIXED_MAX sources per row"
            );
            sink.rows(std::iter::repeat(0.0))
        }
    }
}

/// A [`RowSink`] over plain arrays (the one-thread path): scores `xs`,
/// share positions, 1 / out-degree and the new shares of the run's rows.
struct PlainRows<'a, S: ShareVal> {
    xs: &'a mut [f64],
    pos: &'a [u32],
    inv_out: &'a [f64],
    next: &'a mut [S],
    alpha: f64,
    base: f64,
    sums: (f64, f64),
}

impl<S: ShareVal> RowSink for PlainRows<'_, S> {
    #[inline(always)]
    fn rows(self, sums: impl Iterator<Item = f64>) -> (f64, f64) {
        let mask = self.next.len() - 1;
        let (mut err, mut dang) = self.sums;
        for (((xv, &inv), &p), acc) in self.xs.iter_mut().zip(self.inv_out).zip(self.pos).zip(sums)
        {
            let val = self.alpha * acc + self.base;
            err += (val - *xv).abs();
            *xv = val;
            self.next[p as usize & mask] = S::of(val * inv);
            dang += if inv == 0.0 { val } else { 0.0 };
        }
        (err, dang)
    }
}

/// A [`RowSink`] over the threads' shared arrays (see [`PlainRows`]).
struct AtomicRows<'a, A: ShareCell> {
    xs: &'a [AtomicU64],
    pos: &'a [u32],
    inv_out: &'a [f64],
    next: &'a [A],
    alpha: f64,
    base: f64,
    sums: (f64, f64),
}

impl<A: ShareCell> RowSink for AtomicRows<'_, A> {
    #[inline(always)]
    fn rows(self, sums: impl Iterator<Item = f64>) -> (f64, f64) {
        let mask = self.next.len() - 1;
        let (mut err, mut dang) = self.sums;
        for (((xv, &inv), &p), acc) in self.xs.iter().zip(self.inv_out).zip(self.pos).zip(sums) {
            let val = self.alpha * acc + self.base;
            err += (val - f64::from_bits(xv.load(Relaxed))).abs();
            xv.store(val.to_bits(), Relaxed);
            self.next[p as usize & mask].set(val * inv);
            dang += if inv == 0.0 { val } else { 0.0 };
        }
        (err, dang)
    }
}

/// A fixed run on the one-thread path (see [`fixed_run`]); its own
/// function with separate slices, like [`merged_rows`].
#[inline(never)]
#[allow(clippy::too_many_arguments)] // separate slices: each is `noalias`
fn fixed_rows_plain<S: ShareVal>(
    k: u32,
    src: &[u32],
    xs: &mut [f64],
    pos: &[u32],
    inv_out: &[f64],
    share: &[S],
    next: &mut [S],
    alpha: f64,
    base: f64,
    sums: (f64, f64),
) -> (f64, f64) {
    let mask = share.len() - 1;
    let sink = PlainRows {
        xs,
        pos,
        inv_out,
        next,
        alpha,
        base,
        sums,
    };
    fixed_run(k, src, |u| share[u as usize & mask].val(), sink)
}

/// A fixed run on the threaded path (see [`fixed_run`]).
#[inline(never)]
#[allow(clippy::too_many_arguments)] // separate slices: each is `noalias`
fn fixed_rows_shared<A: ShareCell>(
    k: u32,
    src: &[u32],
    xs: &[AtomicU64],
    pos: &[u32],
    inv_out: &[f64],
    share: &[A],
    next: &[A],
    alpha: f64,
    base: f64,
    sums: (f64, f64),
) -> (f64, f64) {
    let mask = share.len() - 1;
    let sink = AtomicRows {
        xs,
        pos,
        inv_out,
        next,
        alpha,
        base,
        sums,
    };
    fixed_run(k, src, |u| share[u as usize & mask].get(), sink)
}

/// [`gather`] over a share array whose length is a power of two, read
/// through a mask so that the loads need no bounds check (same sums, in
/// the same order, for indices below the length). Shares are `f64` or
/// `f32` bits in atomics (see [`ShareCell`]) so that threads can share the
/// arrays; relaxed loads compile to plain loads.
#[inline]
fn gather_masked<A: ShareCell>(row: &[u32], share: &[A]) -> f64 {
    debug_assert!(share.len().is_power_of_two());
    let mask = share.len().wrapping_sub(1);
    let at = |u: u32| share[u as usize & mask].get();
    sum4(row, at)
}

/// How a share (score / out-degree, the value that the gather reads at
/// random) is stored on the one-thread path: `f64`, or `f32` on graphs of
/// more than [`RANK_F32_FROM`] actors (half the bytes to fetch; the
/// gathers still add in `f64`). Stored by rounding to nearest, exactly as
/// [`ShareCell`] does on the threaded path, so both give the same bits.
///
/// [`RANK_F32_FROM`]: crate::graph::RANK_F32_FROM
trait ShareVal: Copy + Default {
    /// The stored form of `v`.
    fn of(v: f64) -> Self;
    /// The stored value, widened to `f64` (exactly).
    fn val(self) -> f64;
}

impl ShareVal for f64 {
    #[inline(always)]
    fn of(v: f64) -> Self {
        v
    }
    #[inline(always)]
    fn val(self) -> f64 {
        self
    }
}

impl ShareVal for f32 {
    #[inline(always)]
    fn of(v: f64) -> Self {
        v as f32
    }
    #[inline(always)]
    fn val(self) -> f64 {
        f64::from(self)
    }
}

/// [`ShareVal`] in an atomic, for the share arrays that threads share:
/// `f64` bits in an [`AtomicU64`] or `f32` bits in an [`AtomicU32`].
trait ShareCell: Sync + Send {
    /// A cell holding the stored form of `v`.
    fn new(v: f64) -> Self;
    /// The stored value, widened to `f64`.
    fn get(&self) -> f64;
    /// Stores `v` (rounded like [`ShareVal::of`]).
    fn set(&self, v: f64);
}

impl ShareCell for AtomicU64 {
    #[inline(always)]
    fn new(v: f64) -> Self {
        AtomicU64::new(v.to_bits())
    }
    #[inline(always)]
    fn get(&self) -> f64 {
        f64::from_bits(self.load(Relaxed))
    }
    #[inline(always)]
    fn set(&self, v: f64) {
        self.store(v.to_bits(), Relaxed);
    }
}

impl ShareCell for AtomicU32 {
    #[inline(always)]
    fn new(v: f64) -> Self {
        AtomicU32::new(f32::of(v).to_bits())
    }
    #[inline(always)]
    fn get(&self) -> f64 {
        f32::from_bits(self.load(Relaxed)).val()
    }
    #[inline(always)]
    fn set(&self, v: f64) {
        self.store(f32::of(v).to_bits(), Relaxed);
    }
}

/// The power iteration over `n` actors whose in-neighbour sum of shares is
/// `pull(v, share)`; `inv_out` is 1/out-degree (0 when dangling). No
/// allocation per iteration. Returns (scores, iterations, residual,
/// converged).
fn power_iterate(
    n: usize,
    inv_out: &[f64],
    options: &PageRankOptions,
    pull: impl Fn(usize, &[f64]) -> f64,
) -> (Vec<f64>, usize, f64, bool) {
    let alpha = options.damping;
    let nf = n as f64;
    let mut x = vec![1.0 / nf; n];
    let mut next = vec![0.0f64; n];
    let mut share = vec![0.0f64; n];
    let (mut iterations, mut residual, mut converged) = (0, f64::INFINITY, false);
    while iterations < options.max_iterations {
        let mut dangling = 0.0;
        for ((s, &xi), &inv) in share.iter_mut().zip(&x).zip(inv_out) {
            *s = xi * inv;
            if inv == 0.0 {
                dangling += xi;
            }
        }
        let base = (alpha * dangling + (1.0 - alpha)) / nf;
        let mut err = 0.0;
        for (v, (nv, &xv)) in next.iter_mut().zip(&x).enumerate() {
            let val = alpha * pull(v, &share) + base;
            err += (val - xv).abs();
            *nv = val;
        }
        std::mem::swap(&mut x, &mut next);
        iterations += 1;
        residual = err;
        if options.tolerance.is_some_and(|t| err < t) {
            converged = true;
            break;
        }
    }
    (x, iterations, residual, converged)
}

/// Most threads that [`PageRankOptions::threads`] = 0 picks.
const AUTO_THREADS_MAX: usize = 4;

/// Work (in [`RankIn::blocks`] units, about one entry each) below which
/// an automatic thread count adds no thread: the per-iteration handover
/// costs a few microseconds.
const WORK_PER_THREAD: usize = 1 << 16;

/// The number of threads to run: `requested` (0 = the available
/// parallelism, at most [`AUTO_THREADS_MAX`], and one per
/// [`WORK_PER_THREAD`] of work), never more than there are blocks.
fn thread_count(requested: usize, work: usize, blocks: usize) -> usize {
    let t = if requested == 0 {
        let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
        cores.min(AUTO_THREADS_MAX).min(work / WORK_PER_THREAD)
    } else {
        requested
    };
    t.clamp(1, blocks.max(1))
}

/// Where the iteration stands after `epoch` phases (one per iteration,
/// or two when the in-adjacency has a cold part: the cold tasks, then
/// the rows).
#[derive(Debug, Clone, Copy)]
struct Step {
    /// Phases completed.
    epoch: usize,
    /// Iterations completed.
    iterations: usize,
    /// The teleport-plus-dangling term of the next iteration.
    base: f64,
    /// L1 distance between the last two iterates.
    residual: f64,
    converged: bool,
    /// Whether the run is over (converged or out of iterations).
    stop: bool,
}

/// What the threads of [`power_iterate_merged`] share. Work is handed out
/// block by block: a thread claims the next block of the current
/// phase (a ticket counter), and the thread that completes a phase's
/// last block publishes the next [`Step`] (after an iteration's rows, it
/// first sums the block partials in block order). With a cold part each
/// iteration has two phases: the chunks of cold tasks (each writes its
/// own slots), then the blocks of rows (which read those slots). A thread that is off its core therefore
/// holds up at most the block it is working on, and which thread computes
/// a block never changes its bits.
struct MergedRun<'a, A: ShareCell> {
    r: &'a crate::graph::RankIn,
    /// Row boundaries of the blocks.
    blocks: &'a [u32],
    nblocks: usize,
    /// Chunks of cold tasks per iteration (0 without a cold part).
    nchunks: usize,
    /// The cold tasks' sums, `f64` bits, by slot.
    slots: Vec<AtomicU64>,
    alpha: f64,
    nf: f64,
    options: &'a PageRankOptions,
    /// Scores by row (`f64` bits).
    x: Vec<AtomicU64>,
    /// The two share arrays (iteration `e` reads `shares[e % 2]` and
    /// writes the other), each padded to a power of two.
    shares: [Vec<A>; 2],
    /// Per iteration parity and block: the residual and dangling partial
    /// sums (`f64` bits), `[parity][2 * block + {0, 1}]`.
    partial: [Vec<AtomicU64>; 2],
    /// Blocks and chunks claimed so far, over all iterations (iteration
    /// `e`'s chunk `c` is ticket `e * (nchunks + nblocks) + c`, its block
    /// `b` the ticket `nchunks` later).
    tickets: AtomicUsize,
    /// Blocks and chunks completed so far, over all iterations.
    done: AtomicUsize,
    /// Phases completed and published in `step`.
    epoch: AtomicUsize,
    step: Mutex<Step>,
    /// Signalled when a step is published.
    published: Condvar,
    /// Set when a thread unwinds (a bug), so that the others stop waiting.
    broken: AtomicBool,
}

impl<A: ShareCell> MergedRun<'_, A> {
    fn step(&self) -> Step {
        *self.step.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Phases per iteration.
    fn phases(&self) -> usize {
        if self.nchunks > 0 { 2 } else { 1 }
    }

    /// Iteration, whether it is the cold phase, and the range of tickets
    /// of phase `p`.
    fn phase(&self, p: usize) -> (usize, bool, std::ops::Range<usize>) {
        let e = p / self.phases();
        let cold = self.nchunks > 0 && p % 2 == 0;
        let span = self.nchunks + self.nblocks;
        let first = e.saturating_mul(span) + if cold { 0 } else { self.nchunks };
        let len = if cold { self.nchunks } else { self.nblocks };
        (e, cold, first..first.saturating_add(len))
    }

    /// Claims and computes blocks until the run is over.
    fn work(&self) {
        /// Breaks the run if the thread unwinds, so that the others
        /// return and the panic reaches the caller.
        struct Guard<'b, 'a, A: ShareCell>(&'b MergedRun<'a, A>);
        impl<A: ShareCell> Drop for Guard<'_, '_, A> {
            fn drop(&mut self) {
                if std::thread::panicking() {
                    // Under the lock, so that no waiter misses the wake-up.
                    let step = self.0.step.lock().unwrap_or_else(|p| p.into_inner());
                    self.0.broken.store(true, Relaxed);
                    drop(step);
                    self.0.published.notify_all();
                }
            }
        }
        let _guard = Guard(self);
        loop {
            let step = self.step();
            if step.stop || self.broken.load(Relaxed) {
                return;
            }
            let p = step.epoch;
            let (e, cold, tickets) = self.phase(p);
            let (first, end) = (tickets.start, tickets.end);
            loop {
                let t = self.tickets.load(Relaxed);
                // Past this iteration's tickets: this thread is late (or
                // the iteration is all claimed); otherwise try to claim.
                if t < first || t >= end {
                    break;
                }
                if self
                    .tickets
                    .compare_exchange_weak(t, t + 1, Relaxed, Relaxed)
                    .is_err()
                {
                    continue;
                }
                if cold {
                    self.chunk(e, t - first);
                } else {
                    self.block(e, t - first, step.base);
                }
                if self.done.fetch_add(1, AcqRel) + 1 == end {
                    self.finish(p);
                }
            }
            self.wait_past(p);
        }
    }

    /// Returns once phase `e` is over (or the run is broken): spins
    /// briefly, since the blocks still out are usually a few microseconds
    /// from done, then sleeps until the step is published, which leaves
    /// the core to the thread being waited for when the host is busy.
    fn wait_past(&self, e: usize) {
        let over = || self.epoch.load(Acquire) > e || self.broken.load(Relaxed);
        for _ in 0..1 << 9 {
            if over() {
                return;
            }
            std::hint::spin_loop();
        }
        let mut step = self.step.lock().unwrap_or_else(|p| p.into_inner());
        while step.epoch <= e && !self.broken.load(Relaxed) {
            step = self.published.wait(step).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Iteration `e` over block `b`: each row gathers the old shares of
    /// its single-relation sources (no multiplication), adds its weighted
    /// multi-relation pairs, finishes its score and scatters its new
    /// share; the block's residual and dangling sums go to `partial`.
    fn block(&self, e: usize, b: usize, base: f64) {
        let r = self.r;
        let (lo, hi) = (self.blocks[b] as usize, self.blocks[b + 1] as usize);
        let rows = if self.nchunks > 0 {
            merged_rows::<true, A>
        } else {
            merged_rows::<false, A>
        };
        let (share, next) = (&self.shares[e & 1], &self.shares[(e & 1) ^ 1]);
        let mut sums = (0.0, 0.0);
        for (v0, v1, k) in r.runs_in(lo, hi) {
            sums = if k <= RANK_FIXED_MAX {
                let src = &r.one_src[r.row_off[v0][0] as usize..r.row_off[v1][0] as usize];
                fixed_rows_shared(
                    k,
                    src,
                    &self.x[v0..v1],
                    &r.share_pos[v0..v1],
                    &r.inv_out[v0..v1],
                    share,
                    next,
                    self.alpha,
                    base,
                    sums,
                )
            } else {
                rows(
                    &r.row_off[v0..v1 + 1],
                    r.cold.slot_off.get(v0..v1 + 1).unwrap_or(&[]),
                    &self.slots,
                    &r.one_src,
                    &r.multi_src,
                    &r.multi_w[..r.multi_src.len()],
                    &r.share_pos[v0..v1],
                    &r.inv_out[v0..v1],
                    self.alpha,
                    base,
                    &self.x[v0..v1],
                    share,
                    next,
                    sums,
                )
            };
        }
        let partial = &self.partial[e & 1];
        partial[2 * b].store(sums.0.to_bits(), Relaxed);
        partial[2 * b + 1].store(sums.1.to_bits(), Relaxed);
    }

    /// Iteration `e`'s cold chunk `c`: each task's sum of old shares goes
    /// to its slot.
    fn chunk(&self, e: usize, c: usize) {
        let cold = &self.r.cold;
        let (a, b) = (cold.chunks[c] as usize, cold.chunks[c + 1] as usize);
        let share = &self.shares[e & 1];
        for (w, &slot) in cold.task_off[a..b + 1]
            .windows(2)
            .zip(&cold.task_slot[a..b])
        {
            let sum = gather_masked(&cold.src[w[0] as usize..w[1] as usize], share);
            self.slots[slot as usize].store(sum.to_bits(), Relaxed);
        }
    }

    /// Ends phase `p` (all its blocks are done) and publishes the next
    /// step; after an iteration's rows, first sums the partials in block
    /// order.
    fn finish(&self, p: usize) {
        let (e, cold, _) = self.phase(p);
        if cold {
            let next = Step {
                epoch: p + 1,
                ..self.step()
            };
            *self.step.lock().unwrap_or_else(|e| e.into_inner()) = next;
            self.epoch.store(p + 1, Release);
            self.published.notify_all();
            return;
        }
        let partial = &self.partial[e & 1];
        let (mut err, mut dang) = (0.0, 0.0);
        for b in 0..self.nblocks {
            err += f64::from_bits(partial[2 * b].load(Relaxed));
            dang += f64::from_bits(partial[2 * b + 1].load(Relaxed));
        }
        let converged = self.options.tolerance.is_some_and(|t| err < t);
        let next = Step {
            epoch: p + 1,
            iterations: e + 1,
            base: (self.alpha * dang + (1.0 - self.alpha)) / self.nf,
            residual: err,
            converged,
            stop: converged || e + 1 >= self.options.max_iterations,
        };
        *self.step.lock().unwrap_or_else(|e| e.into_inner()) = next;
        self.epoch.store(p + 1, Release);
        self.published.notify_all();
    }
}

/// One iteration over a run of rows: each row gathers the old shares of
/// its (hot) single-relation sources, adds its weighted multi-relation
/// pairs, then with `COLD` its cold slots (`slot_off`: one more entry
/// than the run has rows) in order, finishes its score (`xs`, old value read for the residual) and
/// scatters its new share into `next`. Returns the run's (residual,
/// dangling mass) sums added on to `sums`. `row_off` has one more entry than the run has
/// rows. A function of its own, not inlined, with the read-only arrays as
/// separate arguments, so that the compiler knows the share stores cannot
/// change them.
#[inline(never)]
#[allow(clippy::too_many_arguments)] // separate slices: each is `noalias`
fn merged_rows<const COLD: bool, A: ShareCell>(
    row_off: &[[u32; 2]],
    slot_off: &[u32],
    slots: &[AtomicU64],
    one_src: &[u32],
    multi_src: &[u32],
    multi_w: &[f64],
    pos: &[u32],
    inv_out: &[f64],
    alpha: f64,
    base: f64,
    xs: &[AtomicU64],
    share: &[A],
    next: &[A],
    sums: (f64, f64),
) -> (f64, f64) {
    let mask = share.len() - 1;
    let (mut err, mut dang) = sums;
    for (i, (((xv, w), &inv), &p)) in xs
        .iter()
        .zip(row_off.windows(2))
        .zip(inv_out)
        .zip(pos)
        .enumerate()
    {
        let (a, c) = (w[0], w[1]);
        let cold = if COLD {
            &slots[slot_off[i] as usize..slot_off[i + 1] as usize]
        } else {
            &[]
        };
        let acc = row_pull(
            gather_masked(&one_src[a[0] as usize..c[0] as usize], share),
            &multi_src[a[1] as usize..c[1] as usize],
            &multi_w[a[1] as usize..c[1] as usize],
            |u| share[u as usize & mask].get(),
            cold.iter().map(|s| f64::from_bits(s.load(Relaxed))),
        );
        let val = alpha * acc + base;
        err += (val - f64::from_bits(xv.load(Relaxed))).abs();
        xv.store(val.to_bits(), Relaxed);
        next[p as usize & mask].set(val * inv);
        dang += if inv == 0.0 { val } else { 0.0 };
    }
    (err, dang)
}

/// [`gather_masked`] over plain shares (the one-thread path).
#[inline]
fn gather_masked_plain<S: ShareVal>(row: &[u32], share: &[S]) -> f64 {
    debug_assert!(share.len().is_power_of_two());
    let mask = share.len().wrapping_sub(1);
    let at = |u: u32| share[u as usize & mask].val();
    sum4(row, at)
}

/// [`power_iterate_merged`] on the calling thread, over plain arrays (no
/// atomics: on one thread they cost about a tenth of the time), shares
/// stored as `S`. The same additions in the same order as the threaded
/// path (each row, each block's partial sums, the block sums in block
/// order), with the same share rounding, so the same bits.
fn power_iterate_merged_serial<const COLD: bool, S: ShareVal>(
    r: &crate::graph::RankIn,
    blocks: &[u32],
    options: &PageRankOptions,
) -> (Vec<f64>, usize, f64, bool) {
    let n = r.n();
    let alpha = options.damping;
    let nf = n as f64;
    let len = n.next_power_of_two();
    let mask = len - 1;
    // Old shares, new shares: adjacent halves of one block, each padded to
    // a power of two so that indices are masked rather than checked.
    let mut shares = vec![S::default(); 2 * len];
    let x0 = 1.0 / nf;
    let mut x = vec![x0; n];
    let (mut share, mut next) = shares.split_at_mut(len);
    let mut dangling = 0.0;
    for (&inv, &p) in r.inv_out.iter().zip(&r.share_pos) {
        share[p as usize] = S::of(x0 * inv);
        dangling += if inv == 0.0 { x0 } else { 0.0 };
    }
    let (one_src, msrc) = (&r.one_src[..], &r.multi_src[..]);
    let mw = &r.multi_w[..msrc.len()];
    let cold = &r.cold;
    let mut slots = vec![0.0f64; if COLD { cold.tasks() } else { 0 }];
    let (mut iterations, mut residual, mut converged) = (0, f64::INFINITY, false);
    while iterations < options.max_iterations {
        if COLD {
            // The cold tasks, segment by segment (see `ColdPart`).
            for (w, &slot) in cold.task_off.windows(2).zip(&cold.task_slot) {
                slots[slot as usize] =
                    gather_masked_plain(&cold.src[w[0] as usize..w[1] as usize], share);
            }
        }
        let base = (alpha * dangling + (1.0 - alpha)) / nf;
        let (mut err, mut dang) = (0.0, 0.0);
        for bw in blocks.windows(2) {
            let (lo, hi) = (bw[0] as usize, bw[1] as usize);
            let mut sums = (0.0, 0.0);
            for (v0, v1, k) in r.runs_in(lo, hi) {
                let (pos, inv_out) = (&r.share_pos[v0..v1], &r.inv_out[v0..v1]);
                if k <= RANK_FIXED_MAX {
                    let src = &one_src[r.row_off[v0][0] as usize..r.row_off[v1][0] as usize];
                    sums = fixed_rows_plain(
                        k,
                        src,
                        &mut x[v0..v1],
                        pos,
                        inv_out,
                        share,
                        next,
                        alpha,
                        base,
                        sums,
                    );
                    continue;
                }
                let row_off = &r.row_off[v0..v1 + 1];
                let slot_off = if COLD {
                    &cold.slot_off[v0..v1 + 1]
                } else {
                    &[]
                };
                let (mut run_err, mut run_dang) = sums;
                for (i, (((xv, w), &inv), &p)) in x[v0..v1]
                    .iter_mut()
                    .zip(row_off.windows(2))
                    .zip(inv_out)
                    .zip(pos)
                    .enumerate()
                {
                    let (a, c) = (w[0], w[1]);
                    let cold = if COLD {
                        &slots[slot_off[i] as usize..slot_off[i + 1] as usize]
                    } else {
                        &[]
                    };
                    let acc = row_pull(
                        gather_masked_plain(&one_src[a[0] as usize..c[0] as usize], share),
                        &msrc[a[1] as usize..c[1] as usize],
                        &mw[a[1] as usize..c[1] as usize],
                        |u| share[u as usize & mask].val(),
                        cold.iter().copied(),
                    );
                    let val = alpha * acc + base;
                    run_err += (val - *xv).abs();
                    *xv = val;
                    next[p as usize & mask] = S::of(val * inv);
                    run_dang += if inv == 0.0 { val } else { 0.0 };
                }
                sums = (run_err, run_dang);
            }
            err += sums.0;
            dang += sums.1;
        }
        std::mem::swap(&mut share, &mut next);
        dangling = dang;
        iterations += 1;
        residual = err;
        if options.tolerance.is_some_and(|t| err < t) {
            converged = true;
            break;
        }
    }
    (x, iterations, residual, converged)
}

/// [`power_iterate`] over a merged in-adjacency, one pass over the rows
/// per iteration (see [`merged_rows`]) in blocks of rows (`blocks`:
/// row boundaries), scattering the new shares into a second share array
/// (the two swap roles each iteration). The residual and the next
/// dangling mass are summed block by block and the block sums added in
/// block order.
///
/// With several threads, the blocks of each iteration are claimed one at
/// a time by whichever thread is free; since every row's sum and every
/// block's partial sums are computed the same way whoever computes them,
/// the scores are bit for bit the same for every thread count. The
/// working arrays are allocated before the first iteration. Shares are
/// stored as `f32` when [`RankIn::f32_shares`] says so, `f64` otherwise.
/// Returns (scores by row, iterations, residual, converged).
///
/// [`RankIn::f32_shares`]: crate::graph::RankIn::f32_shares
fn power_iterate_merged(
    r: &crate::graph::RankIn,
    blocks: &[u32],
    options: &PageRankOptions,
) -> (Vec<f64>, usize, f64, bool) {
    let n = r.n();
    let nf = n as f64;
    let nblocks = blocks.len().saturating_sub(1);
    if n == 0 || options.max_iterations == 0 || nblocks == 0 {
        return (vec![1.0 / nf; n], 0, f64::INFINITY, false);
    }
    let threads = thread_count(options.threads, r.total_cost(), nblocks);
    let cold = !r.cold.is_empty();
    match (threads, cold, r.f32_shares) {
        (1, true, true) => power_iterate_merged_serial::<true, f32>(r, blocks, options),
        (1, true, false) => power_iterate_merged_serial::<true, f64>(r, blocks, options),
        (1, false, true) => power_iterate_merged_serial::<false, f32>(r, blocks, options),
        (1, false, false) => power_iterate_merged_serial::<false, f64>(r, blocks, options),
        (_, _, true) => power_iterate_threads::<AtomicU32>(r, blocks, options, threads),
        (_, _, false) => power_iterate_threads::<AtomicU64>(r, blocks, options, threads),
    }
}

/// [`power_iterate_merged`] on `threads` threads (at least 2, at most one
/// per block), shares in `A` cells.
fn power_iterate_threads<A: ShareCell>(
    r: &crate::graph::RankIn,
    blocks: &[u32],
    options: &PageRankOptions,
    threads: usize,
) -> (Vec<f64>, usize, f64, bool) {
    let n = r.n();
    let nf = n as f64;
    let nblocks = blocks.len().saturating_sub(1);
    let len = n.next_power_of_two();
    let atomics = |k: usize, v: f64| {
        (0..k)
            .map(|_| AtomicU64::new(v.to_bits()))
            .collect::<Vec<_>>()
    };
    let cells = || (0..len).map(|_| A::new(0.0)).collect::<Vec<_>>();
    let shares = [cells(), cells()];
    let x0 = 1.0 / nf;
    let mut dangling = 0.0;
    for (&inv, &p) in r.inv_out.iter().zip(&r.share_pos) {
        shares[0][p as usize].set(x0 * inv);
        dangling += if inv == 0.0 { x0 } else { 0.0 };
    }
    let run = MergedRun {
        r,
        blocks,
        nblocks,
        nchunks: r.cold.chunks.len().saturating_sub(1),
        slots: atomics(r.cold.tasks(), 0.0),
        alpha: options.damping,
        nf,
        options,
        x: atomics(n, x0),
        shares,
        partial: [atomics(2 * nblocks, 0.0), atomics(2 * nblocks, 0.0)],
        tickets: AtomicUsize::new(0),
        done: AtomicUsize::new(0),
        epoch: AtomicUsize::new(0),
        step: Mutex::new(Step {
            epoch: 0,
            iterations: 0,
            base: (options.damping * dangling + (1.0 - options.damping)) / nf,
            residual: f64::INFINITY,
            converged: false,
            stop: false,
        }),
        published: Condvar::new(),
        broken: AtomicBool::new(false),
    };
    {
        std::thread::scope(|s| {
            let run = &run;
            // A thread that cannot be started leaves its share of the
            // blocks to the others.
            let helpers: Vec<_> = (1..threads)
                .filter_map(|_| {
                    std::thread::Builder::new()
                        .spawn_scoped(s, move || run.work())
                        .ok()
                })
                .collect();
            run.work();
            for h in helpers {
                // A helper panics only if this code has a bug: pass it on.
                if let Err(e) = h.join() {
                    std::panic::resume_unwind(e);
                }
            }
        });
    }
    let step = run.step();
    let x = run
        .x
        .into_iter()
        .map(|v| f64::from_bits(v.into_inner()))
        .collect();
    (x, step.iterations, step.residual, step.converged)
}

// ----- betweenness -----------------------------------------------------------

/// Options of [`betweenness`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BetweennessOptions {
    /// Follow relations from source to target only (default), or both ways.
    pub directed: bool,
    /// Divide by the number of ordered pairs of other actors,
    /// `(n-1)(n-2)`, as networkx does (default: yes).
    pub normalized: bool,
    /// Use only this many source actors, drawn deterministically from
    /// `seed`, and scale the result by `n / k` (an estimate for big graphs).
    /// `None` (default) or `k ≥ n` computes the exact value.
    pub sample: Option<usize>,
    /// Seed of the source sample.
    pub seed: u64,
    /// Keep only the best `n` entries (cheaper than sorting them all).
    pub limit: Option<usize>,
}

impl Default for BetweennessOptions {
    fn default() -> Self {
        BetweennessOptions {
            directed: true,
            normalized: true,
            sample: None,
            seed: 0x5eed,
            limit: None,
        }
    }
}

/// SplitMix64: a small, well-mixed deterministic generator for sampling.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Betweenness centrality (Brandes 2001), unweighted: for every actor, the
/// sum over pairs of other actors (s, t) of the fraction of shortest s→t
/// paths that pass through it.
///
/// Paths are counted as actor sequences, as networkx does: parallel
/// relations between two actors are one step, and self-loops are ignored.
/// Scaling follows networkx: undirected values are halved (each pair is
/// seen from both ends) unless normalized; normalized values are divided by
/// `(n-1)(n-2)`. With `sample = Some(k)`, only `k` sources are expanded and
/// values are multiplied by `n / k`.
///
/// Cost: O(M log d) to build the simple adjacency, then O(N + M') per source
/// (M' distinct neighbour pairs): O(N·M') exact, O(k·M') sampled; memory
/// O(N + M).
pub fn betweenness(
    g: &KnowledgeGraph,
    filter: &Filter,
    options: &BetweennessOptions,
) -> Result<Ranking, QueryError> {
    if options.sample == Some(0) {
        return Err(QueryError::InvalidParameter {
            name: "sample",
            reason: "at least one source is needed".to_string(),
        });
    }
    let d = Dense::build(g, filter, false)?;
    let n = d.n();
    let adj = if options.directed {
        Csr::build(n, &d.src, &d.dst)
    } else {
        let keys: Vec<u32> = d.src.iter().chain(&d.dst).copied().collect();
        let vals: Vec<u32> = d.dst.iter().chain(&d.src).copied().collect();
        Csr::build(n, &keys, &vals)
    }
    .simplify();

    let sources: Vec<u32> = match options.sample {
        Some(k) if k < n => {
            // Partial Fisher–Yates over 0..n.
            let mut all: Vec<u32> = (0..n as u32).collect();
            let mut state = options.seed;
            for i in 0..k {
                let j = i + (splitmix(&mut state) % (n - i) as u64) as usize;
                all.swap(i, j);
            }
            all.truncate(k);
            all
        }
        _ => (0..n as u32).collect(),
    };

    let mut bc = vec![0.0f64; n];
    let mut sigma = vec![0.0f64; n];
    let mut dist = vec![u32::MAX; n];
    let mut delta = vec![0.0f64; n];
    let mut order: Vec<u32> = Vec::with_capacity(n);
    for &s in &sources {
        let s = s as usize;
        order.clear();
        sigma[s] = 1.0;
        dist[s] = 0;
        order.push(s as u32);
        let mut head = 0;
        while head < order.len() {
            let v = order[head] as usize;
            head += 1;
            let dv = dist[v] + 1;
            for &w in adj.row(v) {
                let w = w as usize;
                if dist[w] == u32::MAX {
                    dist[w] = dv;
                    order.push(w as u32);
                }
                if dist[w] == dv {
                    sigma[w] += sigma[v];
                }
            }
        }
        // Reverse BFS order: every successor is final before its predecessors.
        for &v in order.iter().rev() {
            let v = v as usize;
            let dv = dist[v] + 1;
            let mut acc = 0.0;
            for &w in adj.row(v) {
                let w = w as usize;
                if dist[w] == dv {
                    acc += sigma[v] / sigma[w] * (1.0 + delta[w]);
                }
            }
            delta[v] = acc;
            if v != s {
                bc[v] += acc;
            }
        }
        for &v in &order {
            let v = v as usize;
            sigma[v] = 0.0;
            dist[v] = u32::MAX;
            delta[v] = 0.0;
        }
    }

    let mut scale = 1.0;
    if options.normalized {
        if n > 2 {
            scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
        }
    } else if !options.directed {
        scale = 0.5;
    }
    if sources.len() < n {
        scale *= n as f64 / sources.len() as f64;
    }
    if scale != 1.0 {
        for b in &mut bc {
            *b *= scale;
        }
    }
    Ok(d.ranking(g, &bc, options.limit))
}

#[cfg(test)]
mod tests;

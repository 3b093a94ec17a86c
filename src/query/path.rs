//! Paths between actors: shortest, most trusted, all simple paths up to a
//! depth, and the k shortest.
//!
//! A [`Path`] is a sequence of relations ([`Step`]s), not of actors: two
//! parallel relations (a fact and a claim about the same pair) make two
//! distinct paths, and each step leads to its relation's evidence, speaker
//! and modality. A path renders as a readable chain:
//!
//! ```text
//! Kazakhstan —requests help from→ CSTO ←leads— Russia —threatens→ Ukraine
//! ```
//!
//! where `—kind→` is a relation followed along its direction and `←kind—`
//! one followed against it (here: Russia leads the CSTO).
//!
//! Every query takes a [`PathQuery`]: whether relations may be followed
//! against their direction (the default) and a [`Filter`]. Endpoints are
//! named by id or any alias ([`resolve`](super::resolve())); an unknown name
//! is a [`QueryError::UnknownActor`] with close matches, while "no path" is
//! an ordinary answer (`None` or an empty list). An endpoint the filter's
//! actor-kind condition rejects has no path. Queries run on the graph's
//! cached CSR index (built on first use in O(V + E)); they allocate
//! nothing per visited edge.
//!
//! **Which relation a step uses.** Searches run over actors; when several
//! parallel relations between the two actors of a step pass the filter,
//! [`shortest_path`] uses the one with the lowest id (both directions
//! compared when direction is ignored) and [`most_trusted_path`] the one
//! with the highest confidence (lowest id on ties). [`simple_paths`] and
//! [`k_shortest_paths`] list the parallel alternatives as distinct paths.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::filter::Filter;
use super::resolve::QueryError;
use super::scratch::{Scratch, with_scratch};
use super::view::{Adjacency, Direction, View};
use crate::graph::{KnowledgeGraph, NONE, RelationRef};
use crate::model::{ActorId, RelationId};

/// One step of a [`Path`]: a relation and the way it was followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Step {
    /// The relation.
    pub relation: RelationId,
    /// `true` when followed along its direction (from its source to its
    /// target), `false` when followed from its target to its source.
    pub forward: bool,
}

impl Step {
    /// The relation of this step in `g`.
    pub fn relation_ref<'g>(&self, g: &'g KnowledgeGraph) -> Option<RelationRef<'g>> {
        g.relation(self.relation)
    }
}

/// A path: the actors it passes and the relations between them.
///
/// `actors` has one more element than `steps`; step `i` connects
/// `actors[i]` to `actors[i + 1]`. A path of no steps is a single actor.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Path {
    /// The actors, from the source to the target.
    pub actors: Vec<ActorId>,
    /// The relations, in order.
    pub steps: Vec<Step>,
}

impl Path {
    /// The first actor (`None` only for a hand-made path without actors).
    pub fn source(&self) -> Option<&ActorId> {
        self.actors.first()
    }

    /// The last actor (`None` only for a hand-made path without actors).
    pub fn target(&self) -> Option<&ActorId> {
        self.actors.last()
    }

    /// Number of steps (hops).
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether the path has no steps (source = target).
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The relations of the steps, in order (with their evidence, speaker
    /// and modality). Relations removed from `g` since are skipped.
    pub fn relations<'g>(&self, g: &'g KnowledgeGraph) -> impl Iterator<Item = RelationRef<'g>> {
        self.steps
            .iter()
            .filter_map(move |s| g.relation(s.relation))
    }

    /// The product of the confidences of its relations (1 for no steps).
    pub fn confidence(&self, g: &KnowledgeGraph) -> f64 {
        self.relations(g)
            .map(|r| f64::from(r.confidence()))
            .product()
    }

    /// Whether this is a path of `g`: consecutive steps, each relation
    /// passing `filter` (and its actors the actor-kind condition), followed
    /// along its direction when `directed`.
    pub fn is_valid(&self, g: &KnowledgeGraph, directed: bool, filter: &Filter) -> bool {
        if self.actors.len() != self.steps.len() + 1 {
            return false;
        }
        if !self
            .actors
            .iter()
            .all(|a| g.actor(a.as_str()).is_some_and(|a| filter.accepts_actor(a)))
        {
            return false;
        }
        self.steps.iter().enumerate().all(|(i, s)| {
            let Some(r) = g.relation(s.relation) else {
                return false;
            };
            let (from, to) = if s.forward {
                (r.source(), r.target())
            } else {
                (r.target(), r.source())
            };
            filter.matches(&r)
                && (s.forward || !directed)
                && from.id == self.actors[i]
                && to.id == self.actors[i + 1]
        })
    }

    /// The path as a readable chain, e.g. `Kazakhstan —requests help
    /// from→ CSTO ←leads— Russia`.
    pub fn display<'a>(&'a self, g: &'a KnowledgeGraph) -> PathDisplay<'a> {
        PathDisplay { path: self, g }
    }

    /// One line per step: the relation (with modality and speaker) and its
    /// quotes, under the chain.
    pub fn explain(&self, g: &KnowledgeGraph) -> String {
        let mut out = self.display(g).to_string();
        for (i, r) in self.relations(g).enumerate() {
            out.push_str(&format!("\n  {}. [{}] {}", i + 1, r.id(), r));
            if let Some(d) = r.date() {
                out.push_str(&format!(", {d}"));
            }
            out.push_str(&format!(", confidence {:.2}", r.confidence()));
            for e in r.evidence() {
                let q = e.quote();
                if !q.is_empty() {
                    out.push_str(&format!("\n     \"{q}\" ({})", e.document_id()));
                }
            }
        }
        out
    }
}

/// [`Path::display`]: the chain `A —kind→ B ←kind— C`.
pub struct PathDisplay<'a> {
    path: &'a Path,
    g: &'a KnowledgeGraph,
}

impl fmt::Display for PathDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = |id: &ActorId| {
            self.g
                .actor(id.as_str())
                .map_or_else(|| id.to_string(), |a| a.name.clone())
        };
        let Some(first) = self.path.source() else {
            return Ok(());
        };
        f.write_str(&name(first))?;
        for (i, s) in self.path.steps.iter().enumerate() {
            let (label, not) = match self.g.relation(s.relation) {
                Some(r) => (r.kind().label(), if r.negated() { "not " } else { "" }),
                None => ("?", ""),
            };
            let Some(to) = self.path.actors.get(i + 1).map(name) else {
                break;
            };
            if s.forward {
                write!(f, " —{not}{label}→ {to}")?;
            } else {
                write!(f, " ←{not}{label}— {to}")?;
            }
        }
        Ok(())
    }
}

/// How a path query may move: direction and filter.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PathQuery {
    /// Follow relations only along their direction (default: either way).
    pub directed: bool,
    /// Which relations and actors the path may use.
    pub filter: Filter,
}

impl PathQuery {
    /// Either direction, every relation.
    pub fn new() -> Self {
        Self::default()
    }

    /// Follow relations only along their direction.
    pub fn directed(mut self) -> Self {
        self.directed = true;
        self
    }

    /// Use only what `filter` accepts.
    pub fn filter(mut self, filter: Filter) -> Self {
        self.filter = filter;
        self
    }

    fn direction(&self) -> Direction {
        if self.directed {
            Direction::Out
        } else {
            Direction::Both
        }
    }
}

/// The result of [`simple_paths`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimplePaths {
    /// The paths found, shortest first (at most `limit`).
    pub paths: Vec<Path>,
    /// Whether the enumeration stopped at `limit` with more paths left.
    pub truncated: bool,
    /// The limit that applied.
    pub limit: usize,
    /// The depth bound that applied (after clamping to the actor count).
    pub max_depth: usize,
}

/// Internal form of a path: dense nodes and (relation, forward) steps.
type Raw = (Vec<u32>, Vec<(u32, bool)>);

/// A Yen candidate, ordered by (length, steps): (length, steps, nodes).
type Candidate = (usize, Vec<(u32, bool)>, Vec<u32>);

struct Ends<'g> {
    view: View<'g>,
    s: u32,
    t: u32,
    dir: Direction,
    /// Whether both endpoints pass the actor filter.
    ok: bool,
}

fn ends<'g>(
    g: &'g KnowledgeGraph,
    from: &str,
    to: &str,
    q: &PathQuery,
) -> Result<Ends<'g>, QueryError> {
    let view = View::new(g, &q.filter)?;
    let s = view.resolve_dense(from)?;
    let t = view.resolve_dense(to)?;
    let ok = view.node_ok(s) && view.node_ok(t);
    Ok(Ends {
        view,
        s,
        t,
        dir: q.direction(),
        ok,
    })
}

fn to_path(view: &View<'_>, raw: &Raw) -> Path {
    Path {
        actors: raw
            .0
            .iter()
            .map(|&d| {
                view.g
                    .actors
                    .get_index(d as usize)
                    .map(|(id, _)| id.clone())
            })
            .collect::<Option<Vec<_>>>()
            .unwrap_or_default(),
        steps: raw
            .1
            .iter()
            .map(|&(r, forward)| Step {
                relation: RelationId(r),
                forward,
            })
            .collect(),
    }
}

/// Restrictions of a spur search in Yen's algorithm.
struct Ban<'a> {
    /// Relations that may not be used out of the source of the search.
    spur_rels: &'a [u32],
    /// Whether the `c` marks of the scratch hold banned nodes.
    nodes: bool,
}

/// Bidirectional BFS with degree-balanced expansion: the node sequence of
/// a fewest-hop path from `s` to `t` (`s != t`), or `None`.
///
/// Walks deduplicated neighbour lists when the filter allows
/// ([`View::fast`]), else the filtered index entries; both give the same
/// answer (same neighbour order, same balancing cost).
fn bidir(
    view: &View<'_>,
    sc: &mut Scratch,
    s: u32,
    t: u32,
    dir: Direction,
    ban: &Ban<'_>,
) -> Option<Vec<u32>> {
    let fwd = view.fast(dir);
    let bwd = match dir {
        Direction::Both => None,
        _ => view.fast(dir.reversed()),
    };
    match (&fwd, &bwd, dir) {
        (Some(f), _, Direction::Both) => {
            let l = f.lists();
            bidir_on(&l, &l, view, sc, s, t, dir, ban)
        }
        (Some(f), Some(b), _) => bidir_on(&f.lists(), &b.lists(), view, sc, s, t, dir, ban),
        _ => bidir_on(
            &view.entries(dir),
            &view.entries(dir.reversed()),
            view,
            sc,
            s,
            t,
            dir,
            ban,
        ),
    }
}

/// [`bidir`] over given neighbour sources: `fwd` walks `dir` from `s`,
/// `bwd` walks it backwards from `t`; the side whose frontier costs less
/// ([`Adjacency::cost`]) expands. One stamp per node says which side
/// reached it, so each neighbour costs one load.
#[allow(clippy::too_many_arguments)]
fn bidir_on<F: Adjacency, B: Adjacency>(
    fwd_adj: &F,
    bwd_adj: &B,
    view: &View<'_>,
    sc: &mut Scratch,
    s: u32,
    t: u32,
    dir: Direction,
    ban: &Ban<'_>,
) -> Option<Vec<u32>> {
    let n = view.n();
    let Scratch {
        two,
        c: banned,
        q1: ff,
        q2: bf,
        q3: next,
        ..
    } = sc;
    two.reset(n);
    two.set(s, 0, NONE);
    two.set(t, 1, NONE);
    ff.clear();
    bf.clear();
    ff.push(s);
    bf.push(t);
    let mut fcost = fwd_adj.cost(s);
    let mut bcost = bwd_adj.cost(t);
    let spur_ok = |u: u32, v: u32| {
        ban.spur_rels.is_empty() || view.first_relation(u, v, dir, ban.spur_rels).is_some()
    };
    let check_ban = ban.nodes || !ban.spur_rels.is_empty();
    let is_banned = |v: u32| ban.nodes && banned.has(v);
    let mut meet: Option<(u32, u32)> = None;
    while !ff.is_empty() && !bf.is_empty() {
        next.clear();
        let mut cost = 0usize;
        if fcost <= bcost {
            for &u in ff.iter() {
                let go = fwd_adj.for_each(u, |v| {
                    let side = two.side(v);
                    if side == 0 || (check_ban && (is_banned(v) || (u == s && !spur_ok(s, v)))) {
                        return true;
                    }
                    if side == 1 {
                        meet = Some((u, v));
                        return false;
                    }
                    two.set(v, 0, u);
                    next.push(v);
                    cost += fwd_adj.cost(v);
                    true
                });
                if !go {
                    break;
                }
            }
            std::mem::swap(ff, next);
            fcost = cost;
        } else {
            for &u in bf.iter() {
                let go = bwd_adj.for_each(u, |v| {
                    let side = two.side(v);
                    if side == 1 || (check_ban && is_banned(v)) {
                        return true;
                    }
                    if side == 0 {
                        if check_ban && v == s && !spur_ok(s, u) {
                            return true;
                        }
                        meet = Some((v, u));
                        return false;
                    }
                    two.set(v, 1, u);
                    next.push(v);
                    cost += bwd_adj.cost(v);
                    true
                });
                if !go {
                    break;
                }
            }
            std::mem::swap(bf, next);
            bcost = cost;
        }
        if meet.is_some() {
            break;
        }
    }
    let (u, v) = meet?;
    let mut nodes = Vec::new();
    let mut at = u;
    while at != NONE {
        nodes.push(at);
        at = two.parent(at);
    }
    nodes.reverse();
    let mut at = v;
    while at != NONE {
        nodes.push(at);
        at = two.parent(at);
    }
    Some(nodes)
}

/// Chooses the lowest-id passing relation for each step of a node sequence
/// (`banned` applies to the first step only).
fn lowest_steps(
    view: &View<'_>,
    nodes: &[u32],
    dir: Direction,
    banned: &[u32],
) -> Option<Vec<(u32, bool)>> {
    nodes
        .windows(2)
        .enumerate()
        .map(|(i, w)| view.first_relation(w[0], w[1], dir, if i == 0 { banned } else { &[] }))
        .collect()
}

/// The shortest path (fewest relations) from `from` to `to`.
///
/// Bidirectional breadth-first search over the graph's CSR index,
/// expanding at each round the side whose frontier has fewer neighbours.
/// Without a filter and ignoring direction it walks the index's
/// deduplicated neighbour lists; a filter on relation kinds only walks the
/// kind set's deduplicated lists, built in O(V + E) on the second query
/// with the same kinds and direction and cached with the index (at most 8
/// sets); other filters check each relation. The answer does not depend
/// on whether the lists are cached. Among parallel relations of a step it
/// uses the lowest id that passes the filter. `from == to` gives the path
/// of no steps.
///
/// Cost: O(V + E) in the worst case; on heavy-tailed graphs the two
/// balanced frontiers meet after touching a small part of the graph
/// (microseconds at 1M relations). No allocation per visited edge.
///
/// ```
/// use geokg::query::{PathQuery, shortest_path};
/// use geokg::{Actor, ActorId, KnowledgeGraph, Relation, RelationKind};
/// let mut g = KnowledgeGraph::new();
/// for (id, name) in [("kz", "Kazakhstan"), ("csto", "CSTO"), ("ru", "Russia"), ("ua", "Ukraine")] {
///     g.add_actor(Actor::of_kind(id, geokg::ActorKind::Country, name).unwrap()).unwrap();
/// }
/// let id = |s: &str| ActorId::new(s).unwrap();
/// g.add_relation(Relation::new(id("kz"), RelationKind::RequestsHelpFrom, id("csto"))).unwrap();
/// g.add_relation(Relation::new(id("ru"), RelationKind::Leads, id("csto"))).unwrap();
/// g.add_relation(Relation::new(id("ru"), RelationKind::Threatens, id("ua"))).unwrap();
/// let p = shortest_path(&g, "Kazakhstan", "ukraine", &PathQuery::new()).unwrap().unwrap();
/// assert_eq!(p.len(), 3);
/// assert_eq!(
///     p.display(&g).to_string(),
///     "Kazakhstan —requests help from→ CSTO ←leads— Russia —threatens→ Ukraine"
/// );
/// // Along relation directions only, there is none.
/// assert!(shortest_path(&g, "kz", "ua", &PathQuery::new().directed()).unwrap().is_none());
/// ```
pub fn shortest_path(
    g: &KnowledgeGraph,
    from: &str,
    to: &str,
    q: &PathQuery,
) -> Result<Option<Path>, QueryError> {
    let e = ends(g, from, to, q)?;
    Ok(shortest_raw(&e).map(|raw| to_path(&e.view, &raw)))
}

fn shortest_raw(e: &Ends<'_>) -> Option<Raw> {
    if !e.ok {
        return None;
    }
    if e.s == e.t {
        return Some((vec![e.s], Vec::new()));
    }
    let nodes = with_scratch(|sc| {
        bidir(
            &e.view,
            sc,
            e.s,
            e.t,
            e.dir,
            &Ban {
                spur_rels: &[],
                nodes: false,
            },
        )
    })?;
    let steps = lowest_steps(&e.view, &nodes, e.dir, &[])?;
    Some((nodes, steps))
}

/// The most trusted path: the one whose relations' confidences have the
/// highest product (Dijkstra on −ln confidence). Relations of confidence
/// 0 are never used. Among parallel relations of a step it uses the most
/// confident (lowest id on ties). `from == to` gives the path of no steps.
///
/// Bidirectional Dijkstra (two binary heaps, the side with the lower top
/// expands; stops when the two tops add up to the best meeting cost).
/// Cost: O((V + E) log V) in the worst case, which heavy-tailed graphs
/// approach: confident hub relations put most actors close to both ends
/// (hundreds of milliseconds at 1M relations).
pub fn most_trusted_path(
    g: &KnowledgeGraph,
    from: &str,
    to: &str,
    q: &PathQuery,
) -> Result<Option<Path>, QueryError> {
    let e = ends(g, from, to, q)?;
    if !e.ok {
        return Ok(None);
    }
    if e.s == e.t {
        return Ok(Some(to_path(&e.view, &(vec![e.s], Vec::new()))));
    }
    let view = &e.view;
    let (dir, s, t) = (e.dir, e.s, e.t);
    let nodes = with_scratch(|sc| trusted_bidir(view, sc, s, t, dir));
    let Some(nodes) = nodes else {
        return Ok(None);
    };
    let mut buf = Vec::new();
    let mut steps = Vec::with_capacity(nodes.len() - 1);
    for w in nodes.windows(2) {
        view.step_relations(w[0], w[1], dir, &mut buf);
        let best = buf
            .iter()
            .filter_map(|&(r, f)| Some((view.record_of(r)?.confidence, r, f)))
            .filter(|x| x.0 > 0.0)
            .fold(None::<(f32, u32, bool)>, |best, x| match best {
                Some(b) if b.0 >= x.0 => Some(b),
                _ => Some(x),
            });
        let Some((_, r, f)) = best else {
            return Ok(None);
        };
        steps.push((r, f));
    }
    Ok(Some(to_path(view, &(nodes, steps))))
}

/// −ln of a relation's confidence, `None` for confidence 0.
#[inline]
fn weight(view: &View<'_>, rel: u32) -> Option<f64> {
    let bits = view.ix.rel_weight.get(rel);
    let w = f32::from_bits(bits);
    (bits != crate::graph::NONE && w.is_finite()).then_some(f64::from(w))
}

/// Bidirectional Dijkstra on −ln confidence: the node sequence of a most
/// trusted path from `s` to `t` (`s != t`), or `None`.
fn trusted_bidir(
    view: &View<'_>,
    sc: &mut Scratch,
    s: u32,
    t: u32,
    dir: Direction,
) -> Option<Vec<u32>> {
    let n = view.n();
    let Scratch {
        a: pf,
        b: pb,
        c: done_f,
        d: done_b,
        cost: cf,
        cost2: cb,
        ..
    } = sc;
    for m in [&mut *pf, &mut *pb, &mut *done_f, &mut *done_b] {
        m.reset(n);
    }
    for c in [&mut *cf, &mut *cb] {
        if c.len() < n {
            c.resize(n, 0.0);
        }
    }
    let sides = |d: Direction| match d {
        Direction::Out => [Some(view.ix.out_side()), None],
        Direction::In => [Some(view.ix.in_side()), None],
        Direction::Both => [Some(view.ix.out_side()), Some(view.ix.in_side())],
    };
    let (fsides, bsides) = (sides(dir), sides(dir.reversed()));
    let mut hf: BinaryHeap<Reverse<(u64, u32)>> = BinaryHeap::new();
    let mut hb: BinaryHeap<Reverse<(u64, u32)>> = BinaryHeap::new();
    pf.set(s, NONE);
    cf[s as usize] = 0.0;
    hf.push(Reverse((0f64.to_bits(), s)));
    pb.set(t, NONE);
    cb[t as usize] = 0.0;
    hb.push(Reverse((0f64.to_bits(), t)));
    let mut best = f64::INFINITY;
    // (node reached from s, node reached from t) joined by one relation.
    let mut meet: Option<(u32, u32)> = None;
    while let (Some(Reverse((tf, _))), Some(Reverse((tb, _)))) = (hf.peek(), hb.peek()) {
        let (tf, tb) = (f64::from_bits(*tf), f64::from_bits(*tb));
        if tf + tb >= best {
            break;
        }
        let forward = tf <= tb;
        let (heap, par, done, cost, opar, ocost, sds) = if forward {
            (
                &mut hf,
                &mut *pf,
                &mut *done_f,
                &mut *cf,
                &*pb,
                &*cb,
                &fsides,
            )
        } else {
            (
                &mut hb,
                &mut *pb,
                &mut *done_b,
                &mut *cb,
                &*pf,
                &*cf,
                &bsides,
            )
        };
        let Some(Reverse((bits, u))) = heap.pop() else {
            break;
        };
        if !done.insert(u) {
            continue;
        }
        let c = f64::from_bits(bits);
        for side in sds.iter().flatten() {
            for p in side.range(u) {
                let v = side.nbr[p];
                if v == u || done.has(v) || !view.node_ok(v) || !view.entry_ok(side, p) {
                    continue;
                }
                let Some(w) = weight(view, side.rel[p]) else {
                    continue;
                };
                let nc = c + w;
                if !par.has(v) || nc < cost[v as usize] {
                    par.set(v, u);
                    cost[v as usize] = nc;
                    heap.push(Reverse((nc.to_bits(), v)));
                }
                if opar.has(v) && nc + ocost[v as usize] < best {
                    best = nc + ocost[v as usize];
                    meet = Some(if forward { (u, v) } else { (v, u) });
                }
            }
        }
    }
    let (u, v) = meet?;
    let mut nodes = Vec::new();
    let mut at = u;
    while at != NONE {
        nodes.push(at);
        at = pf.get(at).unwrap_or(NONE);
    }
    nodes.reverse();
    let mut at = v;
    while at != NONE {
        nodes.push(at);
        at = pb.get(at).unwrap_or(NONE);
    }
    // With zero-cost relations the two trees may cross: cut any cycle.
    let mut i = 0;
    while i < nodes.len() {
        if let Some(j) = nodes[i + 1..].iter().rposition(|&x| x == nodes[i]) {
            nodes.drain(i + 1..=i + 1 + j);
        }
        i += 1;
    }
    Some(nodes)
}

/// Marks in `sc.b` the distance to `t` (walking `dir` backwards) of every
/// node at most `depth` steps away.
fn distances_to(view: &View<'_>, sc: &mut Scratch, t: u32, dir: Direction, depth: usize) {
    let n = view.n();
    let Scratch {
        b: dist,
        q1: cur,
        q2: next,
        ..
    } = sc;
    dist.reset(n);
    dist.set(t, 0);
    cur.clear();
    cur.push(t);
    let rdir = dir.reversed();
    for d in 1..=depth {
        next.clear();
        for &u in cur.iter() {
            view.for_each_adj(u, rdir, |v| {
                if !dist.has(v) {
                    dist.set(v, d as u32);
                    next.push(v);
                }
                true
            });
        }
        if next.is_empty() {
            break;
        }
        std::mem::swap(cur, next);
    }
}

/// Depth-first enumeration of the simple node sequences from `s` to `t`
/// of at most `max_depth` steps, pruned by the distance to `t`. Calls
/// `found` with each sequence; stops when it returns `false`.
fn simple_node_paths(
    view: &View<'_>,
    s: u32,
    t: u32,
    dir: Direction,
    max_depth: usize,
    mut found: impl FnMut(&[u32]) -> bool,
) {
    if s == t {
        found(&[s]);
        return;
    }
    if max_depth == 0 {
        return;
    }
    with_scratch(|sc| {
        // Actors after the source must reach `t` in the steps left, so at
        // most `max_depth - 1`.
        distances_to(view, sc, t, dir, (max_depth - 1).max(1));
        let n = view.n();
        let Scratch {
            b: dist,
            c: on_path,
            q3: arena,
            q4: path,
            ..
        } = sc;
        on_path.reset(n);
        arena.clear();
        path.clear();
        // Frames: (node, next arena position, arena end); children of a
        // frame are arena[start..end].
        let mut frames: Vec<(u32, usize, usize)> = Vec::with_capacity(max_depth + 1);
        let push =
            |u: u32, arena: &mut Vec<u32>, on_path: &mut super::scratch::Marks, depth: usize| {
                on_path.set(u, 1);
                let start = arena.len();
                let rem = max_depth - depth - 1; // steps left after the child
                if rem == 0 {
                    if dist.get(u) == Some(1) {
                        arena.push(t);
                    }
                } else {
                    view.for_each_nbr(u, dir, |v| {
                        if !on_path.has(v) && dist.get(v).is_some_and(|d| d as usize <= rem) {
                            arena.push(v);
                        }
                        true
                    });
                }
                (u, start, arena.len())
            };
        path.push(s);
        frames.push(push(s, arena, on_path, 0));
        while let Some(top) = frames.last_mut() {
            if top.1 == top.2 {
                let (u, start, _) = *top;
                frames.pop();
                on_path.unset(u);
                arena.truncate(start);
                path.pop();
                continue;
            }
            let v = arena[top.1];
            top.1 += 1;
            if v == t {
                path.push(t);
                let go = found(path);
                path.pop();
                if !go {
                    return;
                }
                continue;
            }
            let depth = frames.len();
            path.push(v);
            let f = push(v, arena, on_path, depth);
            frames.push(f);
        }
    });
}

/// All simple paths (no actor twice) from `from` to `to` with at most
/// `max_depth` relations, edge-aware: parallel relations give distinct
/// paths. At most `limit` paths are returned, shortest first;
/// [`SimplePaths::truncated`] says whether more exist.
///
/// The search is a depth-first enumeration over actors pruned by a
/// breadth-first distance-to-target bound (a branch is followed only when
/// the target is still reachable within the remaining depth), so its work
/// is close to the number of actor sequences found times their adjacency,
/// plus O(V + E) for the bound; it stops as soon as `limit` paths are
/// found, so a hub with millions of paths costs only `limit` of them.
/// `max_depth` is clamped to the actor count; `from == to` gives the one
/// path of no steps; `max_depth == 0` otherwise gives none.
pub fn simple_paths(
    g: &KnowledgeGraph,
    from: &str,
    to: &str,
    max_depth: usize,
    limit: usize,
    q: &PathQuery,
) -> Result<SimplePaths, QueryError> {
    let e = ends(g, from, to, q)?;
    let max_depth = max_depth.min(e.view.n());
    let mut out = SimplePaths {
        paths: Vec::new(),
        truncated: false,
        limit,
        max_depth,
    };
    if !e.ok {
        return Ok(out);
    }
    let view = &e.view;
    let mut lists: Vec<Vec<(u32, bool)>> = Vec::new();
    simple_node_paths(view, e.s, e.t, e.dir, max_depth, |nodes| {
        // Expand the parallel relations of each step, in id order.
        let k = nodes.len() - 1;
        lists.resize_with(k.max(lists.len()), Vec::new);
        for (i, w) in nodes.windows(2).enumerate() {
            view.step_relations(w[0], w[1], e.dir, &mut lists[i]);
        }
        let mut pick = vec![0usize; k];
        loop {
            if out.paths.len() == limit {
                out.truncated = true;
                return false;
            }
            let steps = (0..k).map(|i| lists[i][pick[i]]).collect();
            out.paths.push(to_path(view, &(nodes.to_vec(), steps)));
            // Next combination (odometer, last step fastest).
            let mut i = k;
            loop {
                if i == 0 {
                    return true;
                }
                i -= 1;
                pick[i] += 1;
                if pick[i] < lists[i].len() {
                    break;
                }
                pick[i] = 0;
            }
        }
    });
    out.paths.sort_by_key(Path::len);
    Ok(out)
}

/// The number of distinct simple actor sequences from `from` to `to` with
/// at most `max_depth` relations (parallel relations counted once: the
/// count graph libraries without parallel edges report). `from == to`
/// counts the path of no steps.
///
/// Same search as [`simple_paths`] without building paths; for the last
/// step it checks adjacency to the target through the distance bound
/// instead of scanning, so depth 3 costs about the adjacency of the
/// source's neighbours that lie within two steps of the target. The count
/// saturates at `u64::MAX`; its cost grows with the count.
pub fn count_simple_node_paths(
    g: &KnowledgeGraph,
    from: &str,
    to: &str,
    max_depth: usize,
    q: &PathQuery,
) -> Result<u64, QueryError> {
    let e = ends(g, from, to, q)?;
    if !e.ok {
        return Ok(0);
    }
    let mut count = 0u64;
    simple_node_paths(&e.view, e.s, e.t, e.dir, max_depth.min(e.view.n()), |_| {
        count = count.saturating_add(1);
        true
    });
    Ok(count)
}

/// The `k` shortest simple paths from `from` to `to` (Yen's algorithm,
/// edge-aware: parallel relations give distinct paths of equal length),
/// in order of length, ties broken by relation ids. Fewer are returned
/// when fewer exist. `from == to` gives the path of no steps.
///
/// Cost: O(k · L) bidirectional searches (L = path length), each at most
/// O(V + E).
pub fn k_shortest_paths(
    g: &KnowledgeGraph,
    from: &str,
    to: &str,
    k: usize,
    q: &PathQuery,
) -> Result<Vec<Path>, QueryError> {
    let e = ends(g, from, to, q)?;
    let view = &e.view;
    let dir = e.dir;
    let Some(first) = (k > 0).then(|| shortest_raw(&e)).flatten() else {
        return Ok(Vec::new());
    };
    if e.s == e.t {
        return Ok(vec![to_path(view, &first)]);
    }
    let mut found: Vec<Raw> = vec![first];
    let mut seen: HashSet<Vec<(u32, bool)>> = HashSet::new();
    seen.insert(found[0].1.clone());
    // Candidates ordered by (length, steps).
    let mut cands: std::collections::BTreeSet<Candidate> = std::collections::BTreeSet::new();
    while found.len() < k {
        let prev = found[found.len() - 1].clone();
        for i in 0..prev.1.len() {
            let spur = prev.0[i];
            let root_steps = &prev.1[..i];
            let banned_rels: Vec<u32> = found
                .iter()
                .filter(|p| p.1.len() > i && p.1[..i] == *root_steps && p.0[0] == prev.0[0])
                .map(|p| p.1[i].0)
                .collect();
            let spur_nodes = with_scratch(|sc| {
                sc.c.reset(view.n());
                for &r in &prev.0[..i] {
                    sc.c.set(r, 1);
                }
                bidir(
                    view,
                    sc,
                    spur,
                    e.t,
                    dir,
                    &Ban {
                        spur_rels: &banned_rels,
                        nodes: true,
                    },
                )
            });
            let Some(spur_nodes) = spur_nodes else {
                continue;
            };
            let Some(spur_steps) = lowest_steps(view, &spur_nodes, dir, &banned_rels) else {
                continue;
            };
            let mut nodes = prev.0[..i].to_vec();
            nodes.extend_from_slice(&spur_nodes);
            let mut steps = root_steps.to_vec();
            steps.extend_from_slice(&spur_steps);
            if seen.insert(steps.clone()) {
                cands.insert((steps.len(), steps, nodes));
            }
        }
        let Some((_, steps, nodes)) = cands.pop_first() else {
            break;
        };
        found.push((nodes, steps));
    }
    Ok(found.iter().map(|raw| to_path(view, raw)).collect())
}

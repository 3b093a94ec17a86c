//! k-hop neighborhoods (ego graphs) of an actor.
//!
//! [`neighborhood`] returns a [`Neighborhood`]: the actors within `depth`
//! steps of a center (by direction and filter) with their distances, and
//! the subgraph they induce as a real [`KnowledgeGraph`] that keeps the
//! original relation ids, evidence and documents, so it can be queried
//! again, written as JSON or exported. [`reach`] only counts the actors
//! (the cheap form for large graphs).

use indexmap::IndexMap;
use serde::Serialize;

use super::filter::Filter;
use super::resolve::QueryError;
use super::scratch::{Scratch, with_scratch};
use super::view::{Adjacency, Direction, Entries, Lists, View};
use crate::graph::KnowledgeGraph;
use crate::model::ActorId;

/// The k-hop ego graph of an actor. See [`neighborhood`].
#[derive(Debug, Clone, Serialize)]
pub struct Neighborhood {
    /// The center actor.
    pub center: ActorId,
    /// The depth asked for (after clamping to the actor count).
    pub depth: usize,
    /// Which way relations were followed.
    pub direction: Direction,
    /// Every actor within `depth` steps and its distance from the center,
    /// in breadth-first order (the center first, at 0).
    pub distances: IndexMap<ActorId, u32>,
    /// The subgraph: the actors of `distances` (plus the speakers of its
    /// relations, when they lie outside), every relation between two of
    /// those actors that passes the filter (either direction, original
    /// ids), and the documents their evidence cites.
    pub graph: KnowledgeGraph,
}

impl Neighborhood {
    /// Number of actors within the depth (the center included).
    pub fn len(&self) -> usize {
        self.distances.len()
    }

    /// Whether it holds no actor (never: the center is always there).
    pub fn is_empty(&self) -> bool {
        self.distances.is_empty()
    }

    /// The distance of an actor from the center, if within the depth.
    pub fn distance(&self, id: &str) -> Option<u32> {
        self.distances.get(id).copied()
    }

    /// The actors at exactly distance `d`, in breadth-first order.
    pub fn at_distance(&self, d: u32) -> impl Iterator<Item = &ActorId> + '_ {
        self.distances
            .iter()
            .filter(move |(_, x)| **x == d)
            .map(|(id, _)| id)
    }

    /// The neighborhood as JSON: `center`, `depth`, `direction`,
    /// `distances` (an object) and `graph` (the graph JSON format).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Breadth-first search from `s`: (node, distance) in BFS order.
fn ball(
    view: &View<'_>,
    sc: &mut Scratch,
    s: u32,
    depth: usize,
    dir: Direction,
    out: &mut Vec<(u32, u32)>,
) {
    let Scratch {
        a: seen,
        q1: cur,
        q2: next,
        ..
    } = sc;
    seen.reset(view.n());
    seen.set(s, 0);
    out.push((s, 0));
    cur.clear();
    cur.push(s);
    for d in 1..=depth as u32 {
        next.clear();
        for &u in cur.iter() {
            view.for_each_adj(u, dir, |v| {
                if !seen.has(v) {
                    seen.set(v, d);
                    next.push(v);
                    out.push((v, d));
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

/// The number of actors within `depth` steps of `center` (the center
/// included), following relations in `direction` that pass `filter`
/// through actors that pass it (1 when the filter rejects the center).
///
/// Breadth-first search over the CSR index with a visited bitset (n / 8
/// bytes, cleared per query): O(n / 64 + actors reached + their
/// adjacency), no allocation after the first query on a thread. Without
/// a filter, or with one on relation kinds only, it walks deduplicated
/// neighbour lists (the index's undirected lists, or a kind set's lists,
/// cached from the second query with the same set and direction) and
/// expands a level bottom-up (each unvisited actor looks for a neighbour
/// in the frontier and stops at the first) when the frontier's adjacency
/// is large; other filters walk the filtered index entries. `depth` 0
/// gives 1; depths beyond the actor count are clamped.
///
/// ```
/// use geokg::query::{Direction, Filter, reach};
/// let g = geokg::seed::graph().unwrap();
/// let putin = "vladimir_putin";
/// assert_eq!(reach(&g, putin, 0, Direction::Both, &Filter::new()).unwrap(), 1);
/// ```
pub fn reach(
    g: &KnowledgeGraph,
    center: &str,
    depth: usize,
    direction: Direction,
    filter: &Filter,
) -> Result<usize, QueryError> {
    let view = View::new(g, filter)?;
    let s = view.resolve_dense(center)?;
    // A center the actor filter rejects has no neighbours.
    let depth = if view.node_ok(s) {
        depth.min(view.n())
    } else {
        0
    };
    let n = view.n();
    let fwd = view.fast(direction);
    let rev = match direction {
        Direction::Both => None,
        _ => view.fast(direction.reversed()),
    };
    Ok(with_scratch(|sc| match (&fwd, &rev, direction) {
        (Some(f), _, Direction::Both) => {
            let l = f.lists();
            reach_lists(&l, &l, sc, n, s, depth)
        }
        (Some(f), Some(r), _) => reach_lists(&f.lists(), &r.lists(), sc, n, s, depth),
        _ => {
            // Any order will do for a count: the plain entry walk.
            let adj = Entries {
                view: &view,
                dir: direction,
                distinct: false,
            };
            reach_top_down(&adj, sc, n, s, depth)
        }
    }))
}

/// Whether node `v` is set in a bitset.
#[inline]
fn has(bits: &[u64], v: u32) -> bool {
    bits[v as usize >> 6] & (1u64 << (v & 63)) != 0
}

/// Sets `v`; returns whether it was unset.
#[inline]
fn insert(bits: &mut [u64], v: u32) -> bool {
    let (w, m) = (&mut bits[v as usize >> 6], 1u64 << (v & 63));
    let new = *w & m == 0;
    *w |= m;
    new
}

/// Breadth-first reach count from `s` over any neighbour source, top-down
/// only: O(n / 64 + actors reached + their adjacency).
fn reach_top_down<A: Adjacency>(
    adj: &A,
    sc: &mut Scratch,
    n: usize,
    s: u32,
    depth: usize,
) -> usize {
    let Scratch {
        bits: seen,
        q1: cur,
        q2: next,
        ..
    } = sc;
    seen.clear();
    seen.resize(n.div_ceil(64), 0);
    insert(seen, s);
    let mut count = 1usize;
    cur.clear();
    cur.push(s);
    for d in 1..=depth {
        next.clear();
        let last = d == depth;
        for &u in cur.iter() {
            adj.for_each(u, |v| {
                if insert(seen, v) {
                    count += 1;
                    if !last {
                        next.push(v);
                    }
                }
                true
            });
        }
        if next.is_empty() {
            break;
        }
        std::mem::swap(cur, next);
    }
    count
}

/// Beamer's switch: expand bottom-up once the frontier's adjacency
/// exceeds 1/`BOTTOM_UP_ALPHA` of the adjacency of the unvisited nodes.
/// Beamer et al. use 14; on the `gen.py` workload at M (3-hop reach,
/// median of 100 queries) 1 and 2 were fastest, 14 no better than
/// top-down only. Only speed depends on it, never the count.
const BOTTOM_UP_ALPHA: usize = 2;

/// Direction-optimizing breadth-first reach count over deduplicated lists
/// (Beamer, Asanović and Patterson 2012): a level expands top-down
/// (scan the frontier's lists) or, when the frontier's lists are long
/// compared to those of the unvisited nodes, bottom-up (each unvisited
/// node scans its reverse list for a frontier member and stops at the
/// first). On heavy-tailed graphs the third hop usually holds a hub, so
/// bottom-up touches a fraction of the adjacency. `rev` lists the
/// in-neighbours of `fwd` (the same lists when undirected).
fn reach_lists(
    fwd: &Lists<'_>,
    rev: &Lists<'_>,
    sc: &mut Scratch,
    n: usize,
    s: u32,
    depth: usize,
) -> usize {
    let Scratch {
        bits: seen,
        bits2: front,
        q1: cur,
        q2: next,
        ..
    } = sc;
    let words = n.div_ceil(64);
    seen.clear();
    seen.resize(words, 0);
    insert(seen, s);
    let total = fwd.nbr.len();
    let mut cur_edges = fwd.cost(s);
    let mut explored = cur_edges;
    let mut count = 1usize;
    cur.clear();
    cur.push(s);
    for d in 1..=depth {
        next.clear();
        let last = d == depth;
        if cur_edges * BOTTOM_UP_ALPHA > total.saturating_sub(explored) {
            front.clear();
            front.resize(words, 0);
            for &u in cur.iter() {
                insert(front, u);
            }
            for (w, word) in seen.iter_mut().enumerate() {
                let mut free = !*word;
                if w == words - 1 && n % 64 != 0 {
                    free &= (1u64 << (n % 64)) - 1;
                }
                while free != 0 {
                    let b = free.trailing_zeros();
                    free &= free - 1;
                    let v = (w << 6) as u32 | b;
                    if rev.list(v).iter().any(|&x| has(front, x)) {
                        *word |= 1u64 << b;
                        count += 1;
                        if !last {
                            next.push(v);
                        }
                    }
                }
            }
        } else {
            for &u in cur.iter() {
                for &v in fwd.list(u) {
                    if insert(seen, v) {
                        count += 1;
                        if !last {
                            next.push(v);
                        }
                    }
                }
            }
        }
        if next.is_empty() {
            break;
        }
        cur_edges = next.iter().map(|&v| fwd.cost(v)).sum();
        explored += cur_edges;
        std::mem::swap(cur, next);
    }
    count
}

/// Sorts distinct ids below `bound`: a comparison sort for few of them, a
/// bitmap pass (O(bound / 64 + k)) once they are a sizeable share of the
/// id range, as the relations of a hub's ego graph are.
fn sort_ids(ids: &mut [u32], bound: usize) {
    let words = bound.div_ceil(64);
    if ids.len() < words * 2 {
        ids.sort_unstable();
        return;
    }
    let mut bits = vec![0u64; words];
    for &r in ids.iter() {
        bits[r as usize >> 6] |= 1u64 << (r & 63);
    }
    let mut at = 0;
    for (w, &word) in bits.iter().enumerate() {
        let mut b = word;
        while b != 0 {
            ids[at] = (w << 6) as u32 | b.trailing_zeros();
            at += 1;
            b &= b - 1;
        }
    }
}

/// The `depth`-hop neighborhood of `center`: the actors reachable in at
/// most `depth` steps following relations in `direction` that pass
/// `filter` (through actors that pass it), with the subgraph they induce.
/// See [`Neighborhood`]. The center is always included; when the filter
/// rejects its kind, it is alone.
///
/// Cost: the breadth-first search is O(actors reached + their adjacency)
/// over the CSR index; building the subgraph scans the out-adjacency of
/// the actors reached and copies each relation kept with its evidence, so
/// it is O(adjacency of the ball + relations kept × evidence). On
/// heavy-tailed graphs a 2-hop ball often holds a hub and half the graph:
/// use [`reach`] when only the count matters. `depth` 0 gives the center
/// alone; depths beyond the actor count are clamped.
///
/// ```
/// use geokg::query::{Direction, Filter, neighborhood, shortest_path, PathQuery};
/// use geokg::{Actor, ActorId, ActorKind, KnowledgeGraph, Relation, RelationKind};
/// let mut g = KnowledgeGraph::new();
/// for id in ["a", "b", "c", "d"] {
///     g.add_actor(Actor::of_kind(id, ActorKind::Country, id).unwrap()).unwrap();
/// }
/// let id = |s: &str| ActorId::new(s).unwrap();
/// g.add_relation(Relation::new(id("a"), RelationKind::Supports, id("b"))).unwrap();
/// g.add_relation(Relation::new(id("c"), RelationKind::Threatens, id("b"))).unwrap();
/// g.add_relation(Relation::new(id("c"), RelationKind::Invades, id("d"))).unwrap();
/// let n = neighborhood(&g, "a", 2, Direction::Both, &Filter::new()).unwrap();
/// assert_eq!(n.distance("c"), Some(2));
/// assert_eq!(n.distance("d"), None);
/// assert_eq!(n.graph.relation_count(), 2);
/// // The subgraph is a graph like any other.
/// assert!(shortest_path(&n.graph, "a", "c", &PathQuery::new()).unwrap().is_some());
/// ```
pub fn neighborhood(
    g: &KnowledgeGraph,
    center: &str,
    depth: usize,
    direction: Direction,
    filter: &Filter,
) -> Result<Neighborhood, QueryError> {
    let view = View::new(g, filter)?;
    let (s, actor) = view.resolve(center)?;
    let depth = depth.min(view.n());
    // A center the actor filter rejects has no neighbours.
    let walk = if view.node_ok(s) { depth } else { 0 };
    let mut order: Vec<(u32, u32)> = Vec::new();
    let mut rels: Vec<u32> = Vec::new();
    with_scratch(|sc| {
        ball(&view, sc, s, walk, direction, &mut order);
        // `sc.a` now marks the ball. Relations inside it, by out entries.
        let out = view.ix.out_side();
        for &(u, _) in &order {
            for p in out.range(u) {
                let v = out.nbr[p];
                if sc.a.has(v) && view.node_ok(u) && (view.is_plain() || view.entry_ok(&out, p)) {
                    rels.push(out.rel[p]);
                }
            }
        }
    });
    sort_ids(&mut rels, g.relation_id_bound());

    let actor_id = |d: u32| g.actors.get_index(d as usize).map(|(id, _)| id.clone());
    let distances: IndexMap<ActorId, u32> = order
        .iter()
        .filter_map(|&(u, d)| Some((actor_id(u)?, d)))
        .collect();

    // Actors in the graph's insertion order (outside speakers follow),
    // relations copied record by record with every annotation.
    let mut members: Vec<u32> = order.iter().map(|&(u, _)| u).collect();
    members.sort_unstable();
    let sub = g.induced_subgraph(&members, &rels)?;
    Ok(Neighborhood {
        center: actor.id.clone(),
        depth,
        direction,
        distances,
        graph: sub,
    })
}

#[cfg(test)]
mod tests {
    use super::sort_ids;

    #[test]
    fn sort_ids_by_comparison_and_by_bitmap() {
        // Few ids in a wide range: comparison sort.
        let mut few = vec![900, 3, 64, 127, 0];
        sort_ids(&mut few, 1000);
        assert_eq!(few, [0, 3, 64, 127, 900]);
        // Many ids in a narrow range: the bitmap pass.
        let mut many: Vec<u32> = (0..300).rev().filter(|i| i % 3 != 1).collect();
        let want: Vec<u32> = (0..300).filter(|i| i % 3 != 1).collect();
        sort_ids(&mut many, 300);
        assert_eq!(many, want);
        let mut empty: Vec<u32> = Vec::new();
        sort_ids(&mut empty, 0);
        assert!(empty.is_empty());
    }
}

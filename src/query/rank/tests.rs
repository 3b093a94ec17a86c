#![allow(clippy::needless_range_loop, clippy::type_complexity)]

use proptest::prelude::*;

use super::*;
use crate::model::{Actor, ActorKind, KindGroup, Relation, RelationKind};

const EPS: f64 = 1e-9;

fn name(i: usize) -> String {
    format!("n{i}")
}

/// A graph of `n` countries `n0..` and `supports` relations (confidence 1).
fn graph(n: usize, edges: &[(usize, usize)]) -> KnowledgeGraph {
    graph_with(
        n,
        edges
            .iter()
            .map(|&(s, t)| (s, t, RelationKind::Supports, 1.0)),
    )
}

fn graph_with(
    n: usize,
    edges: impl IntoIterator<Item = (usize, usize, RelationKind, f32)>,
) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    for i in 0..n {
        g.add_actor(Actor::country(&name(i), &name(i), "XXX").unwrap())
            .unwrap();
    }
    for (s, t, k, c) in edges {
        let id = |i: usize| ActorId::new(name(i)).unwrap();
        g.add_relation(Relation::new(id(s), k, id(t)).with_confidence(c))
            .unwrap();
    }
    g
}

/// Scores in actor order n0, n1, ...
fn by_actor(g: &KnowledgeGraph, r: &Ranking) -> Vec<f64> {
    assert_eq!(r.len(), g.actor_count());
    (0..g.actor_count())
        .map(|i| r.score(&name(i)).unwrap())
        .collect()
}

fn assert_close(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 1e-9, "{got:?} vs {want:?}");
    }
}

#[test]
fn degree_counts_parallel_relations_and_self_loops() {
    // n0→n1 twice, n1→n2, n2→n2 (self-loop).
    let g = graph(3, &[(0, 1), (0, 1), (1, 2), (2, 2)]);
    let cases = [
        (DegreeMode::Out, [2.0, 1.0, 1.0]),
        (DegreeMode::In, [0.0, 2.0, 2.0]),
        (DegreeMode::Total, [2.0, 3.0, 3.0]),
    ];
    for (mode, want) in cases {
        let opts = DegreeOptions {
            mode,
            weighted: false,
            limit: None,
        };
        let r = degree(&g, &Filter::new(), opts).unwrap();
        assert_close(&by_actor(&g, &r), &want);
    }
}

#[test]
fn weighted_degree_sums_confidences() {
    let k = RelationKind::Supports;
    let g = graph_with(3, [(0, 1, k, 0.5), (0, 1, k, 0.25), (2, 1, k, 0.125)]);
    let opts = DegreeOptions {
        mode: DegreeMode::In,
        weighted: true,
        limit: None,
    };
    let r = degree(&g, &Filter::new(), opts).unwrap();
    assert_close(&by_actor(&g, &r), &[0.0, 0.875, 0.0]);
    assert_eq!(r.entries[0].0.as_str(), "n1");
}

#[test]
fn degree_honours_the_filter() {
    let g = graph_with(
        3,
        [
            (0, 1, RelationKind::Attacks, 1.0),
            (0, 2, RelationKind::Supports, 1.0),
            (1, 2, RelationKind::Threatens, 1.0),
        ],
    );
    let f = Filter::new().group(KindGroup::Military);
    let r = degree(&g, &f, DegreeOptions::default()).unwrap();
    assert_close(&by_actor(&g, &r), &[1.0, 2.0, 1.0]);
    // Excluded actor kinds leave the ranking, with their relations.
    let f = Filter::new().exclude_actor_kinds([ActorKind::Country]);
    assert!(degree(&g, &f, DegreeOptions::default()).unwrap().is_empty());
}

#[test]
fn ties_keep_insertion_order() {
    let g = graph(4, &[(0, 1), (2, 3)]);
    let r = degree(&g, &Filter::new(), DegreeOptions::default()).unwrap();
    let ids: Vec<&str> = r.entries.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(ids, ["n0", "n1", "n2", "n3"]);
    assert_eq!(r.top(2).len(), 2);
    assert_eq!(r.top(10).len(), 4);
    assert_eq!(r.position("n2"), Some(2));
}

#[test]
fn pagerank_known_answers() {
    // Values from the fixed point x = 0.85·(Pᵀx + dangling/n) + 0.15/n,
    // solved by hand (and checked against networkx 3.6 `_pagerank_python` on a
    // MultiDiGraph, which returns the same to 1e-9):
    // * a→b, a→c, b→c, c→a:  xa = .05 + .85xc, xb = .05 + .425xa,
    //   xc = .05 + .425xa + .85xb.
    // * a→b, a→c, b→c (c dangling).
    // * a→b twice, a→c (b, c dangling): xa = 20/77, xc = 1/3; parallel
    //   relations weigh double.
    let cases: [(&[(usize, usize)], [f64; 3]); 3] = [
        (
            &[(0, 1), (0, 2), (1, 2), (2, 0)],
            [0.3877897117015263, 0.21481062747314855, 0.3973996608253251],
        ),
        (
            &[(0, 1), (0, 2), (1, 2)],
            [0.19757964929612248, 0.28155100024697466, 0.5208693504569031],
        ),
        (
            &[(0, 1), (0, 1), (0, 2)],
            [20.0 / 77.0, 1.0 - 20.0 / 77.0 - 1.0 / 3.0, 1.0 / 3.0],
        ),
    ];
    let opts = PageRankOptions {
        tolerance: Some(1e-14),
        max_iterations: 1000,
        ..PageRankOptions::default()
    };
    for (edges, want) in cases {
        let g = graph(3, edges);
        let run = pagerank_run(&g, &Filter::new(), &opts).unwrap();
        assert!(run.converged, "{edges:?}");
        assert_close(&by_actor(&g, &run.ranking), &want);
    }
}

#[test]
fn pagerank_fixed_iterations() {
    // One step from the uniform vector on a→b, a→c, b→c (c dangling):
    // base = (.85·⅓ + .15)/3 = 0.1444…; b = base + .85·⅓/2; c = base + .85·(⅓/2 + ⅓).
    let g = graph(3, &[(0, 1), (0, 2), (1, 2)]);
    let run = pagerank_run(&g, &Filter::new(), &PageRankOptions::fixed(1)).unwrap();
    assert_eq!(run.iterations, 1);
    assert!(!run.converged);
    let base = (0.85 / 3.0 + 0.15) / 3.0;
    assert_close(
        &by_actor(&g, &run.ranking),
        &[base, base + 0.85 / 6.0, base + 0.85 * 0.5],
    );
    let run = pagerank_run(&g, &Filter::new(), &PageRankOptions::fixed(0)).unwrap();
    assert_close(&by_actor(&g, &run.ranking), &[1.0 / 3.0; 3]);
}

#[test]
fn pagerank_edge_cases() {
    let empty = KnowledgeGraph::new();
    let r = pagerank(&empty, &Filter::new(), &PageRankOptions::default()).unwrap();
    assert!(r.is_empty());
    // Only a self-loop: one actor keeps all the mass.
    let g = graph(1, &[(0, 0)]);
    let r = pagerank(&g, &Filter::new(), &PageRankOptions::default()).unwrap();
    assert_close(&by_actor(&g, &r), &[1.0]);
    // No relations: uniform.
    let g = graph(4, &[]);
    let r = pagerank(&g, &Filter::new(), &PageRankOptions::default()).unwrap();
    assert_close(&by_actor(&g, &r), &[0.25; 4]);
    for bad in [
        PageRankOptions {
            damping: 1.0,
            ..PageRankOptions::default()
        },
        PageRankOptions {
            damping: f64::NAN,
            ..PageRankOptions::default()
        },
        PageRankOptions {
            tolerance: Some(-1.0),
            ..PageRankOptions::default()
        },
    ] {
        assert!(matches!(
            pagerank(&g, &Filter::new(), &bad),
            Err(QueryError::InvalidParameter { .. })
        ));
    }
    // An unknown speaker in the filter is an error, not a panic.
    let f = Filter::new().asserted_by(ActorId::new("nobody").unwrap());
    assert!(matches!(
        pagerank(&g, &f, &PageRankOptions::default()),
        Err(QueryError::Graph(_))
    ));
}

#[test]
fn pagerank_honours_the_filter() {
    // The military filter keeps only n0→n1: n2 becomes isolated.
    let g = graph_with(
        3,
        [
            (0, 1, RelationKind::Attacks, 1.0),
            (0, 2, RelationKind::Supports, 1.0),
            (2, 0, RelationKind::Supports, 1.0),
        ],
    );
    let f = Filter::new().group(KindGroup::Military);
    let r = pagerank(&g, &f, &PageRankOptions::default()).unwrap();
    let alone = graph(3, &[(0, 1)]);
    let want = pagerank(&alone, &Filter::new(), &PageRankOptions::default()).unwrap();
    assert_close(&by_actor(&g, &r), &by_actor(&alone, &want));
}

fn bopts(directed: bool, normalized: bool) -> BetweennessOptions {
    BetweennessOptions {
        directed,
        normalized,
        ..BetweennessOptions::default()
    }
}

#[test]
fn betweenness_known_answers() {
    let path: &[(usize, usize)] = &[(0, 1), (1, 2), (2, 3)];
    let star_out: &[(usize, usize)] = &[(0, 1), (0, 2), (0, 3), (0, 4)];
    let star_both: &[(usize, usize)] = &[
        (0, 1),
        (1, 0),
        (0, 2),
        (2, 0),
        (0, 3),
        (3, 0),
        (0, 4),
        (4, 0),
    ];
    // Diamond with a doubled side: parallel relations are one step.
    let diamond: &[(usize, usize)] = &[(0, 1), (0, 1), (0, 2), (1, 3), (2, 3)];
    let cases: Vec<(&[(usize, usize)], usize, bool, bool, Vec<f64>)> = vec![
        // Directed path a→b→c→d: b lies on a→c, a→d; c on a→d, b→d.
        (path, 4, true, false, vec![0.0, 2.0, 2.0, 0.0]),
        (path, 4, true, true, vec![0.0, 2.0 / 6.0, 2.0 / 6.0, 0.0]),
        // Undirected: the same two pairs each, normalized by (n-1)(n-2)/2.
        (path, 4, false, false, vec![0.0, 2.0, 2.0, 0.0]),
        (path, 4, false, true, vec![0.0, 2.0 / 3.0, 2.0 / 3.0, 0.0]),
        // Star: all C(4,2) = 6 leaf pairs go through the hub.
        (star_out, 5, false, false, vec![6.0, 0.0, 0.0, 0.0, 0.0]),
        (star_out, 5, false, true, vec![1.0, 0.0, 0.0, 0.0, 0.0]),
        // Directed star pointing out: no path goes through the hub.
        (star_out, 5, true, false, vec![0.0; 5]),
        // Both ways: 4·3 ordered leaf pairs.
        (star_both, 5, true, false, vec![12.0, 0.0, 0.0, 0.0, 0.0]),
        (star_both, 5, true, true, vec![1.0, 0.0, 0.0, 0.0, 0.0]),
        (diamond, 4, true, false, vec![0.0, 0.5, 0.5, 0.0]),
    ];
    for (edges, n, directed, normalized, want) in cases {
        let g = graph(n, edges);
        let r = betweenness(&g, &Filter::new(), &bopts(directed, normalized)).unwrap();
        assert_close(&by_actor(&g, &r), &want);
    }
}

#[test]
fn betweenness_sampling() {
    let g = graph(6, &[(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 0), (1, 4)]);
    let exact = betweenness(&g, &Filter::new(), &BetweennessOptions::default()).unwrap();
    let all = BetweennessOptions {
        sample: Some(6),
        ..BetweennessOptions::default()
    };
    assert_eq!(betweenness(&g, &Filter::new(), &all).unwrap(), exact);
    let some = BetweennessOptions {
        sample: Some(3),
        seed: 7,
        ..BetweennessOptions::default()
    };
    let a = betweenness(&g, &Filter::new(), &some).unwrap();
    let b = betweenness(&g, &Filter::new(), &some).unwrap();
    assert_eq!(a, b, "sampling is deterministic");
    let zero = BetweennessOptions {
        sample: Some(0),
        ..BetweennessOptions::default()
    };
    assert!(betweenness(&g, &Filter::new(), &zero).is_err());
    assert!(
        betweenness(&KnowledgeGraph::new(), &Filter::new(), &all)
            .unwrap()
            .is_empty()
    );
}

/// Betweenness from all-pairs BFS distances and path counts:
/// bc(v) = Σ_{s≠v≠t} σ_sv·σ_vt/σ_st over d(s,v) + d(v,t) = d(s,t).
fn brute_betweenness(n: usize, edges: &[(usize, usize)], directed: bool) -> Vec<f64> {
    let mut adj = vec![vec![false; n]; n];
    for &(s, t) in edges {
        if s != t {
            adj[s][t] = true;
            if !directed {
                adj[t][s] = true;
            }
        }
    }
    let mut dist = vec![vec![usize::MAX; n]; n];
    let mut sigma = vec![vec![0.0f64; n]; n];
    for s in 0..n {
        dist[s][s] = 0;
        sigma[s][s] = 1.0;
        let mut frontier = vec![s];
        let mut d = 0;
        while !frontier.is_empty() {
            let mut next = Vec::new();
            for &v in &frontier {
                for w in 0..n {
                    if adj[v][w] && dist[s][w] > d {
                        if dist[s][w] == usize::MAX {
                            dist[s][w] = d + 1;
                            next.push(w);
                        }
                        sigma[s][w] += sigma[s][v];
                    }
                }
            }
            frontier = next;
            d += 1;
        }
    }
    let mut bc = vec![0.0; n];
    for s in 0..n {
        for t in 0..n {
            if s == t || dist[s][t] == usize::MAX {
                continue;
            }
            for v in 0..n {
                if v != s
                    && v != t
                    && dist[s][v] != usize::MAX
                    && dist[v][t] != usize::MAX
                    && dist[s][v] + dist[v][t] == dist[s][t]
                {
                    bc[v] += sigma[s][v] * sigma[v][t] / sigma[s][t];
                }
            }
        }
    }
    if !directed {
        for b in &mut bc {
            *b /= 2.0;
        }
    }
    bc
}

fn small_graph() -> impl Strategy<Value = (usize, Vec<(usize, usize)>)> {
    (1usize..9).prop_flat_map(|n| (Just(n), prop::collection::vec((0..n, 0..n), 0..30)))
}

proptest! {
    #[test]
    fn pagerank_is_a_distribution((n, edges) in small_graph(), iters in 0usize..30) {
        let g = graph(n, &edges);
        for opts in [PageRankOptions::default(), PageRankOptions::fixed(iters)] {
            let r = pagerank(&g, &Filter::new(), &opts).unwrap();
            prop_assert_eq!(r.len(), n);
            let sum: f64 = r.entries.iter().map(|e| e.1).sum();
            prop_assert!((sum - 1.0).abs() < 1e-9, "sum {}", sum);
            prop_assert!(r.entries.iter().all(|e| e.1 >= 0.0));
            prop_assert!(r.entries.windows(2).all(|w| w[0].1 >= w[1].1));
        }
    }

    #[test]
    fn betweenness_matches_brute_force((n, edges) in small_graph(), directed: bool) {
        let g = graph(n, &edges);
        let r = betweenness(&g, &Filter::new(), &bopts(directed, false)).unwrap();
        let got = by_actor(&g, &r);
        let want = brute_betweenness(n, &edges, directed);
        for (a, b) in got.iter().zip(&want) {
            prop_assert!((a - b).abs() < EPS * (1.0 + b.abs()), "{:?} vs {:?}", got, want);
        }
        // Leaves (at most one distinct neighbour, ignoring direction) lie on no path.
        for v in 0..n {
            let mut nbrs: Vec<usize> = edges
                .iter()
                .filter_map(|&(s, t)| if s == v && t != v { Some(t) } else if t == v && s != v { Some(s) } else { None })
                .collect();
            nbrs.sort_unstable();
            nbrs.dedup();
            if nbrs.len() <= 1 {
                prop_assert_eq!(got[v], 0.0);
            }
        }
    }

    #[test]
    fn limits_keep_the_best_prefix((n, edges) in small_graph(), k in 0usize..10) {
        let g = graph(n, &edges);
        let full = pagerank(&g, &Filter::new(), &PageRankOptions::default()).unwrap();
        let top = pagerank(&g, &Filter::new(), &PageRankOptions::default().top(k)).unwrap();
        prop_assert_eq!(top.entries.as_slice(), full.top(k));
        let o = DegreeOptions { limit: Some(k), ..DegreeOptions::default() };
        let full = degree(&g, &Filter::new(), DegreeOptions::default()).unwrap();
        let limited = degree(&g, &Filter::new(), o).unwrap();
        prop_assert_eq!(limited.entries.as_slice(), full.top(k));
    }

    #[test]
    fn degrees_add_up((n, edges) in small_graph()) {
        let g = graph(n, &edges);
        let get = |mode| by_actor(&g, &degree(&g, &Filter::new(), DegreeOptions { mode, weighted: false, limit: None }).unwrap());
        let (i, o, t) = (get(DegreeMode::In), get(DegreeMode::Out), get(DegreeMode::Total));
        for v in 0..n {
            prop_assert_eq!(i[v] + o[v], t[v]);
        }
        prop_assert_eq!(t.iter().sum::<f64>(), 2.0 * edges.len() as f64);
        // The index fast path (no filter) and the filtered path agree.
        let everything = Filter::new().between(None, Some("9999".parse().unwrap()));
        for mode in [DegreeMode::In, DegreeMode::Out, DegreeMode::Total] {
            let o = DegreeOptions { mode, ..DegreeOptions::default() };
            prop_assert_eq!(
                degree(&g, &Filter::new(), o).unwrap(),
                degree(&g, &everything, o).unwrap()
            );
        }
        let a = pagerank(&g, &Filter::new(), &PageRankOptions::fixed(7)).unwrap();
        let b = pagerank(&g, &everything, &PageRankOptions::fixed(7)).unwrap();
        for (x, y) in by_actor(&g, &a).iter().zip(by_actor(&g, &b)) {
            prop_assert!((x - y).abs() < 1e-12);
        }
    }
}

/// The optimized pull (renumbered, split sums) against a plain edge-list
/// push over `relations()` on a generated graph with hubs and parallel
/// relations, with and without a filter.
#[test]
fn pagerank_matches_a_plain_push_on_a_workload() {
    let g = crate::testing::workload(5000, 20_000, 3);
    for filter in [
        Filter::new(),
        Filter::new().kinds(crate::testing::military_kinds()),
    ] {
        let n = g.actor_count();
        let edges = workload_edges(&g, &filter);
        let mut out = vec![0.0f64; n];
        for &(s, _) in &edges {
            out[s] += 1.0;
        }
        let mut x = vec![1.0 / n as f64; n];
        for _ in 0..20 {
            let dangling: f64 = (0..n).filter(|&v| out[v] == 0.0).map(|v| x[v]).sum();
            let mut next = vec![(0.85 * dangling + 0.15) / n as f64; n];
            for &(s, t) in &edges {
                next[t] += 0.85 * x[s] / out[s];
            }
            x = next;
        }
        let r = pagerank(&g, &filter, &PageRankOptions::fixed(20)).unwrap();
        let got = by_actor_ids(&g, &r);
        for v in 0..n {
            assert!(
                (got[v] - x[v]).abs() < 1e-12,
                "actor {v}: {} vs {}",
                got[v],
                x[v]
            );
        }
    }
}

fn by_actor_ids(g: &KnowledgeGraph, r: &Ranking) -> Vec<f64> {
    let score: std::collections::HashMap<&str, f64> =
        r.entries.iter().map(|(a, s)| (a.as_str(), *s)).collect();
    g.actors().map(|a| score[a.id.as_str()]).collect()
}

/// A textbook push over the relation list (networkx conventions), scores
/// in actor order.
fn naive_pagerank(n: usize, edges: &[(usize, usize)], iterations: usize) -> Vec<f64> {
    let mut out = vec![0.0f64; n];
    for &(s, _) in edges {
        out[s] += 1.0;
    }
    let mut x = vec![1.0 / n as f64; n];
    for _ in 0..iterations {
        let dangling: f64 = (0..n).filter(|&v| out[v] == 0.0).map(|v| x[v]).sum();
        let mut next = vec![(0.85 * dangling + 0.15) / n as f64; n];
        for &(s, t) in edges {
            next[t] += 0.85 * x[s] / out[s];
        }
        x = next;
    }
    x
}

proptest! {
    /// The merged in-adjacency (parallel relations folded into weights,
    /// nodes relabelled) gives the textbook scores: parallel relations,
    /// self-loops and dangling actors included.
    #[test]
    fn merged_pagerank_matches_a_naive_push(
        (n, edges) in small_graph(),
        extra in prop::collection::vec((0usize..9, 0usize..9, 1usize..5), 0..6),
        iters in 0usize..25,
    ) {
        let mut edges = edges;
        // Bundles of parallel relations.
        for (s, t, k) in extra {
            for _ in 0..k {
                edges.push((s % n, t % n));
            }
        }
        let g = graph(n, &edges);
        let r = pagerank(&g, &Filter::new(), &PageRankOptions::fixed(iters)).unwrap();
        let got = by_actor(&g, &r);
        let want = naive_pagerank(n, &edges, iters);
        for (a, b) in got.iter().zip(&want) {
            prop_assert!((a - b).abs() < 1e-12, "{:?} vs {:?}", got, want);
        }
    }
}

#[test]
fn merged_pagerank_follows_mutations() {
    // n0⇉n1 (two relations), n1→n2, n2→n2, n3 dangling and isolated.
    let mut edges = vec![(0, 1), (0, 1), (1, 2), (2, 2)];
    let mut g = graph(4, &edges);
    let opts = PageRankOptions::fixed(20);
    let first = by_actor(&g, &pagerank(&g, &Filter::new(), &opts).unwrap());
    assert_close(&first, &naive_pagerank(4, &edges, 20));
    // A new relation drops the cached index and its merged adjacency.
    let id = |i: usize| ActorId::new(name(i)).unwrap();
    g.add_relation(Relation::new(id(3), RelationKind::Supports, id(0)))
        .unwrap();
    edges.push((3, 0));
    let second = by_actor(&g, &pagerank(&g, &Filter::new(), &opts).unwrap());
    assert_close(&second, &naive_pagerank(4, &edges, 20));
    assert!(second[0] > first[0]);
}

/// The merged power iteration over `blocks` with `threads` threads:
/// (score bits by row, iterations, residual bits, converged).
fn merged_bits(
    g: &KnowledgeGraph,
    block_cost: usize,
    options: &PageRankOptions,
) -> (Vec<u64>, usize, u64, bool) {
    let r = g.index().rank_in();
    run_bits(r, &r.blocks(block_cost), options)
}

/// The merged power iteration of `r` over `blocks`: (score bits by row,
/// iterations, residual bits, converged).
fn run_bits(
    r: &crate::graph::RankIn,
    blocks: &[u32],
    options: &PageRankOptions,
) -> (Vec<u64>, usize, u64, bool) {
    let (x, it, res, conv) = power_iterate_merged(r, blocks, options);
    (
        x.iter().map(|v| v.to_bits()).collect(),
        it,
        res.to_bits(),
        conv,
    )
}

/// Each actor's position in actor order, by id.
fn actor_positions(g: &KnowledgeGraph) -> std::collections::HashMap<&str, usize> {
    g.actors()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect()
}

/// The relations of `g` that `filter` keeps, as (source, target) positions
/// in actor order: the input of [`naive_pagerank`].
fn workload_edges(g: &KnowledgeGraph, filter: &Filter) -> Vec<(usize, usize)> {
    let index = actor_positions(g);
    g.relations()
        .filter(|r| filter.matches(r))
        .map(|r| (index[r.source().id.as_str()], index[r.target().id.as_str()]))
        .collect()
}

#[test]
fn merged_pagerank_is_bit_identical_for_every_thread_count() {
    // Hubs, parallel relations and dangling actors; small blocks so that
    // up to 7 threads get work.
    let g = crate::testing::workload(3000, 12_000, 5);
    for options in [
        PageRankOptions::fixed(20),
        PageRankOptions::default(),
        PageRankOptions {
            tolerance: Some(1e-6),
            ..PageRankOptions::default()
        },
    ] {
        let one = merged_bits(&g, 256, &options.threads(1));
        assert_eq!(one.0.len(), 3000);
        if options.tolerance.is_none() {
            assert_eq!(one.1, 20);
        } else {
            assert!(one.3, "converges within {} iterations", one.1);
        }
        for t in [2, 3, 4, 7] {
            let many = merged_bits(&g, 256, &options.threads(t));
            assert_eq!(many, one, "{t} threads, {options:?}");
        }
    }
    // The public entry point: every requested count gives the same bits.
    let scores = |t: usize| -> Vec<(String, u64)> {
        pagerank(&g, &Filter::new(), &PageRankOptions::fixed(20).threads(t))
            .unwrap()
            .entries
            .into_iter()
            .map(|(a, s)| (a.as_str().to_string(), s.to_bits()))
            .collect()
    };
    let one = scores(1);
    for t in [0, 2, 16] {
        assert_eq!(scores(t), one, "{t} threads");
    }
}

#[test]
fn block_sums_keep_the_scores_of_a_plain_push() {
    // Block size changes only the order in which the residual and the
    // dangling mass are summed: the scores stay within rounding of the
    // textbook push, with any block size.
    let g = crate::testing::workload(2000, 8000, 9);
    let index = actor_positions(&g);
    let edges = workload_edges(&g, &Filter::new());
    let want = naive_pagerank(2000, &edges, 20);
    let r = g.index().rank_in();
    for cost in [1, 64, 4096, usize::MAX] {
        let blocks = r.blocks(cost);
        assert_eq!(blocks.first(), Some(&0));
        assert_eq!(blocks.last(), Some(&2000));
        assert!(blocks.windows(2).all(|w| w[0] < w[1]));
        let (x, it, _, _) =
            power_iterate_merged(r, &blocks, &PageRankOptions::fixed(20).threads(3));
        assert_eq!(it, 20);
        for (row, &u) in r.node_of.iter().enumerate() {
            let v = index[g.graph[g.index().nodes[u as usize]].id.as_str()];
            assert!((x[row] - want[v]).abs() < 1e-12, "cost {cost}, actor {v}");
        }
    }
}

#[test]
fn thread_count_rules() {
    // Explicit counts are capped by the number of blocks, never below 1.
    assert_eq!(thread_count(3, 10, 8), 3);
    assert_eq!(thread_count(8, 10, 3), 3);
    assert_eq!(thread_count(2, 10, 0), 1);
    assert_eq!(thread_count(1, 1 << 30, 100), 1);
    // Automatic: one thread for small work, at most AUTO_THREADS_MAX.
    assert_eq!(thread_count(0, WORK_PER_THREAD - 1, 100), 1);
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    assert_eq!(
        thread_count(0, 1 << 30, 1000),
        cores.clamp(1, AUTO_THREADS_MAX)
    );
}

proptest! {
    /// Small graphs with dangling and isolated actors, self-loops and
    /// parallel relations, tiny blocks: 1 to 4 threads give the same bits,
    /// and the textbook scores.
    #[test]
    fn merged_threads_agree_on_small_graphs(
        (n, edges) in small_graph(),
        extra in prop::collection::vec((0usize..9, 0usize..9, 1usize..4), 0..5),
        iters in 0usize..15,
        cost in 1usize..12,
        threads in 2usize..5,
    ) {
        let mut edges = edges;
        for (s, t, k) in extra {
            for _ in 0..k {
                edges.push((s % n, t % n));
            }
        }
        let g = graph(n, &edges);
        let options = PageRankOptions::fixed(iters);
        let one = merged_bits(&g, cost, &options.threads(1));
        let many = merged_bits(&g, cost, &options.threads(threads));
        prop_assert_eq!(&many, &one);
        let r = g.index().rank_in();
        let want = naive_pagerank(n, &edges, iters);
        for (row, &u) in r.node_of.iter().enumerate() {
            let got = f64::from_bits(one.0[row]);
            prop_assert!((got - want[u as usize]).abs() < 1e-12);
        }
    }
}

/// [`merged_bits`] over an in-adjacency built with a cold split, cold
/// chunks of `chunk_cost` and blocks of `block_cost`.
fn split_bits(
    g: &KnowledgeGraph,
    split: crate::graph::RankSplit,
    chunk_cost: usize,
    block_cost: usize,
    options: &PageRankOptions,
) -> (crate::graph::RankIn, (Vec<u64>, usize, u64, bool)) {
    let mut r = crate::graph::RankIn::build_with(g.index(), Some(split));
    r.cold.chunks = r.cold.chunks(chunk_cost);
    let blocks = r.blocks(block_cost);
    let bits = run_bits(&r, &blocks, options);
    (r, bits)
}

#[test]
fn cold_split_keeps_the_scores_and_is_bit_identical_for_every_thread_count() {
    use crate::graph::RankSplit;
    let g = crate::testing::workload(3000, 12_000, 5);
    let index = actor_positions(&g);
    let edges = workload_edges(&g, &Filter::new());
    let want = naive_pagerank(3000, &edges, 20);
    let plain = g.index().rank_in();
    assert!(plain.cold.is_empty(), "no split below RANK_SPLIT_FROM");
    for (hot, segment) in [(0, 1), (16, 16), (64, 500), (1000, 7), (2000, 1 << 20)] {
        let split = RankSplit { hot, segment };
        for options in [PageRankOptions::fixed(20), PageRankOptions::default()] {
            let (r, one) = split_bits(&g, split, 64, 256, &options.threads(1));
            // The same nodes, rows by decreasing number of hot sources;
            // every single-relation source is either hot (in its row) or
            // in exactly one cold task.
            let sorted = |v: &[u32]| {
                let mut v = v.to_vec();
                v.sort_unstable();
                v
            };
            assert_eq!(sorted(&r.node_of), sorted(&plain.node_of));
            assert!(
                r.row_off
                    .windows(2)
                    .is_sorted_by(|a, b| { (a[1][0] - a[0][0]) >= (b[1][0] - b[0][0]) })
            );
            assert_eq!(r.one_src.len() + r.cold.src.len(), plain.one_src.len());
            assert!(r.one_src.iter().all(|&s| s < hot));
            assert!(r.cold.src.iter().all(|&s| s >= hot));
            assert!(!r.cold.is_empty(), "split {split:?} leaves a cold part");
            assert!(r.cold.chunks.len() > 2, "several cold chunks");
            for t in [2, 3, 4, 7] {
                let (_, many) = split_bits(&g, split, 64, 256, &options.threads(t));
                assert_eq!(many, one, "{t} threads, {split:?}, {options:?}");
            }
            if options.tolerance.is_none() {
                assert_eq!(one.1, 20);
                for (row, &u) in r.node_of.iter().enumerate() {
                    let v = index[g.graph[g.index().nodes[u as usize]].id.as_str()];
                    let got = f64::from_bits(one.0[row]);
                    assert!((got - want[v]).abs() < 1e-12, "{split:?}, actor {v}");
                }
            } else {
                assert!(one.3, "converges within {} iterations", one.1);
            }
        }
    }
}

proptest! {
    /// Any split of small graphs (every source cold, segments of one
    /// share, ...) with tiny blocks and chunks: 1 to 4 threads give the
    /// same bits, and the textbook scores.
    #[test]
    fn cold_split_agrees_on_small_graphs(
        (n, edges) in small_graph(),
        extra in prop::collection::vec((0usize..9, 0usize..9, 1usize..4), 0..5),
        iters in 0usize..15,
        hot in 0u32..10,
        segment in 1u32..5,
        cost in 1usize..12,
        threads in 2usize..5,
    ) {
        let mut edges = edges;
        for (s, t, k) in extra {
            for _ in 0..k {
                edges.push((s % n, t % n));
            }
        }
        let g = graph(n, &edges);
        let split = crate::graph::RankSplit { hot, segment };
        let options = PageRankOptions::fixed(iters);
        let (r, one) = split_bits(&g, split, cost, cost, &options.threads(1));
        let (_, many) = split_bits(&g, split, cost, cost, &options.threads(threads));
        prop_assert_eq!(&many, &one);
        let want = naive_pagerank(n, &edges, iters);
        for (row, &u) in r.node_of.iter().enumerate() {
            let got = f64::from_bits(one.0[row]);
            prop_assert!((got - want[u as usize]).abs() < 1e-12);
        }
    }
}

/// The relative distance allowed between a score computed with `f32`
/// shares and the textbook `f64` push after `iterations` iterations with
/// `damping` α. Each stored share is rounded to the nearest `f32`, a
/// relative error of at most u = 2⁻²⁴. A new score is α·(sum of the
/// shares) + α·(dangling mass)/N + (1 − α)/N, all terms non-negative; if
/// the previous scores are within relative ε, the shares are within
/// (1 + ε)(1 + u) − 1, the dangling mass within ε and the teleport term
/// is exact, so the new score is within ε + α·u·(1 + ε). From the exact
/// uniform start that gives ε ≤ k·α·u (to first order) after k
/// iterations: 1.0e-6 for 20 iterations at α = 0.85. The `f64` sums'
/// own rounding is the absolute 1e-12 that the `f64` tests allow.
fn f32_tolerance(iterations: usize, damping: f64) -> f64 {
    let u = f64::from(f32::EPSILON) / 2.0;
    1.01 * iterations as f64 * damping * u
}

/// Whether `got` is within [`f32_tolerance`] of the textbook `want`.
fn f32_close(got: f64, want: f64, iterations: usize) -> bool {
    (got - want).abs() <= want * f32_tolerance(iterations, 0.85) + 1e-12
}

/// [`split_bits`] with `f32` shares and an optional split.
fn f32_bits(
    g: &KnowledgeGraph,
    split: Option<crate::graph::RankSplit>,
    cost: usize,
    options: &PageRankOptions,
) -> (crate::graph::RankIn, (Vec<u64>, usize, u64, bool)) {
    let mut r = crate::graph::RankIn::build_with(g.index(), split);
    r.f32_shares = true;
    r.cold.chunks = r.cold.chunks(cost);
    let blocks = r.blocks(cost);
    let bits = run_bits(&r, &blocks, options);
    (r, bits)
}

#[test]
fn f32_shares_stay_within_their_rounding_and_are_bit_identical_for_every_thread_count() {
    use crate::graph::RankSplit;
    let g = crate::testing::workload(3000, 12_000, 5);
    let index = actor_positions(&g);
    let edges = workload_edges(&g, &Filter::new());
    let want = naive_pagerank(3000, &edges, 20);
    assert!(
        !g.index().rank_in().f32_shares,
        "f64 shares below RANK_F32_FROM"
    );
    let f64_run = merged_bits(&g, 256, &PageRankOptions::fixed(20).threads(1));
    for split in [
        None,
        Some(RankSplit {
            hot: 64,
            segment: 500,
        }),
    ] {
        for options in [PageRankOptions::fixed(20), PageRankOptions::default()] {
            let (r, one) = f32_bits(&g, split, 256, &options.threads(1));
            assert_eq!(r.cold.is_empty(), split.is_none());
            for t in [2, 3, 4, 7] {
                let (_, many) = f32_bits(&g, split, 256, &options.threads(t));
                assert_eq!(many, one, "{t} threads, {split:?}, {options:?}");
            }
            if options.tolerance.is_none() {
                assert_eq!(one.1, 20);
                // The rounding shows (this is not the f64 path) ...
                let differ = one.0.iter().zip(&f64_run.0).filter(|(a, b)| a != b);
                assert!(differ.count() > 1000, "{split:?}: f32 shares in use");
                // ... but stays within the bound, and the scores still
                // sum to 1 (to the same bound).
                let mut sum = 0.0;
                for (row, &u) in r.node_of.iter().enumerate() {
                    let v = index[g.graph[g.index().nodes[u as usize]].id.as_str()];
                    let got = f64::from_bits(one.0[row]);
                    assert!(f32_close(got, want[v], 20), "{split:?}, actor {v}");
                    sum += got;
                }
                assert!((sum - 1.0).abs() < f32_tolerance(20, 0.85), "sum {sum}");
            } else {
                assert!(one.3, "converges within {} iterations", one.1);
            }
        }
    }
}

proptest! {
    /// `f32` shares on small graphs, with or without a split, tiny blocks
    /// and chunks: 1 to 4 threads give the same bits, and the textbook
    /// scores to within the shares' rounding.
    #[test]
    fn f32_shares_agree_on_small_graphs(
        (n, edges) in small_graph(),
        extra in prop::collection::vec((0usize..9, 0usize..9, 1usize..4), 0..5),
        iters in 0usize..15,
        split in prop::option::of((0u32..10, 1u32..5)),
        cost in 1usize..12,
        threads in 2usize..5,
    ) {
        let mut edges = edges;
        for (s, t, k) in extra {
            for _ in 0..k {
                edges.push((s % n, t % n));
            }
        }
        let g = graph(n, &edges);
        let split = split.map(|(hot, segment)| crate::graph::RankSplit { hot, segment });
        let options = PageRankOptions::fixed(iters);
        let (r, one) = f32_bits(&g, split, cost, &options.threads(1));
        let (_, many) = f32_bits(&g, split, cost, &options.threads(threads));
        prop_assert_eq!(&many, &one);
        let want = naive_pagerank(n, &edges, iters);
        for (row, &u) in r.node_of.iter().enumerate() {
            let got = f64::from_bits(one.0[row]);
            prop_assert!(f32_close(got, want[u as usize], iters), "{} vs {}", got, want[u as usize]);
        }
    }
}

/// The fixed runs (rows gathered `k` sources at a time) give the bits of
/// the row-by-row loop, with and without a cold split, on one thread and
/// several.
#[test]
fn fixed_runs_keep_the_bits_of_the_row_loop() {
    use crate::graph::{RANK_FIXED_MAX, RankSplit};
    let g = crate::testing::workload(3000, 12_000, 5);
    for split in [
        None,
        Some(RankSplit {
            hot: 64,
            segment: 500,
        }),
        Some(RankSplit { hot: 0, segment: 1 }),
    ] {
        let r = crate::graph::RankIn::build_with(g.index(), split);
        let fixed_rows: usize = r
            .runs
            .iter()
            .scan(0, |start, run| {
                let rows = run[0] as usize - *start;
                *start = run[0] as usize;
                Some(if run[1] <= RANK_FIXED_MAX { rows } else { 0 })
            })
            .sum();
        assert!(
            fixed_rows > r.n() / 4,
            "{split:?}: {fixed_rows} of {} rows in fixed runs",
            r.n()
        );
        let mut generic = r.clone();
        generic.runs = vec![[r.n() as u32, crate::graph::RANK_GENERIC]];
        for options in [PageRankOptions::fixed(20), PageRankOptions::default()] {
            for t in [1, 2, 3] {
                let blocks = r.blocks(256);
                let a = run_bits(&r, &blocks, &options.threads(t));
                let b = run_bits(&generic, &blocks, &options.threads(t));
                assert_eq!(a.0, b.0, "{split:?}, {t} threads, {options:?}");
                assert_eq!((a.1, a.2, a.3), (b.1, b.2, b.3));
            }
        }
    }
}

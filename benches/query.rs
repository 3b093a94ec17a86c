//! Query benchmarks on a generated GDELT-like graph: every query family
//! (neighborhoods, paths, rankings, dyads, timelines, as-of views).
//!
//! ```text
//! cargo bench --bench query                               # 10k actors / 100k relations
//! GEOKG_BENCH_RELATIONS=1000000 cargo bench --bench query  # 100k / 1M (size M of gen.py)
//! GEOKG_BENCH_DATA=/path/to/M cargo bench --bench query    # a gen.py output directory,
//!                                                          # with its queries.txt
//! ```
//!
//! Per-query benches cycle through a fixed list of queries, so a median is a
//! median over queries as in the anchors (`bench/ANCHORS.md`).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{
    BenchmarkGroup, Criterion, criterion_group, criterion_main, measurement::WallTime,
};
use geokg::KnowledgeGraph;
use geokg::query::{
    self, BetweennessOptions, DegreeMode, DegreeOptions, Direction, Filter, PageRankOptions,
    PathQuery,
};
use geokg::testing::{Rng, WorkloadQueries};

fn workload() -> (KnowledgeGraph, WorkloadQueries) {
    if let Ok(dir) = std::env::var("GEOKG_BENCH_DATA") {
        let dir = Path::new(&dir);
        let g = geokg::testing::load_workload_dir(dir)
            .unwrap_or_else(|e| panic!("GEOKG_BENCH_DATA: {e}"));
        let q = geokg::testing::load_workload_queries(dir)
            .unwrap_or_else(|e| panic!("GEOKG_BENCH_DATA: {e}"));
        return (g, q);
    }
    let m: usize = std::env::var("GEOKG_BENCH_RELATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let g = geokg::testing::workload((m / 10).max(5000), m, 42);
    // Queries as gen.py draws them: uniform over actors with a relation
    // (military ones for the filtered paths).
    let with = |f: &Filter| -> Vec<String> {
        let d = query::degree(&g, f, DegreeOptions::default()).unwrap();
        d.entries
            .iter()
            .filter(|e| e.1 > 0.0)
            .map(|e| e.0.to_string())
            .collect()
    };
    let (any, mil) = (
        with(&Filter::new()),
        with(&Filter::new().kinds(geokg::testing::military_kinds())),
    );
    let mut rng = Rng::new(7);
    let mut pair = |list: &[String]| {
        let a = rng.below(list.len());
        let mut b = rng.below(list.len());
        while b == a {
            b = rng.below(list.len());
        }
        (list[a].clone(), list[b].clone())
    };
    let q = WorkloadQueries {
        ego: (0..100).map(|_| pair(&any).0).collect(),
        path: (0..100).map(|_| pair(&any)).collect(),
        fpath: (0..100).map(|_| pair(&mil)).collect(),
        simple: (0..20)
            .map(|_| {
                let (a, b) = pair(&any);
                (a, b, 3)
            })
            .collect(),
    };
    (g, q)
}

/// Benches `f` over the queries in turn.
fn cycle<T>(grp: &mut BenchmarkGroup<'_, WallTime>, name: &str, qs: &[T], f: impl Fn(&T)) {
    if qs.is_empty() {
        return;
    }
    let mut i = 0;
    grp.bench_function(name, |b| {
        b.iter(|| {
            f(&qs[i % qs.len()]);
            i += 1;
        })
    });
}

fn bench(c: &mut Criterion) {
    let (g, q) = workload();
    g.build_query_index();
    eprintln!(
        "bench graph: {} actors, {} relations",
        g.actor_count(),
        g.relation_count()
    );
    let all = Filter::new();
    let military = Filter::new().kinds(geokg::testing::military_kinds());
    let deg = query::degree(&g, &all, DegreeOptions::default()).unwrap();
    let hub = deg.entries[0].0.clone();
    let median = deg.entries[deg.len() / 2].0.clone();
    let partner = deg.entries[1].0.clone();
    let (lo, hi) = g.date_range().unwrap();
    let mid = lo
        .add_days((hi.days_since_epoch() - lo.days_since_epoch()) / 2)
        .unwrap();

    let mut grp = c.benchmark_group("neighborhood");
    grp.sample_size(20).measurement_time(Duration::from_secs(3));
    cycle(&mut grp, "reach_2", &q.ego, |s| {
        black_box(query::reach(&g, s, 2, Direction::Both, &all).unwrap());
    });
    cycle(&mut grp, "reach_3", &q.ego, |s| {
        black_box(query::reach(&g, s, 3, Direction::Both, &all).unwrap());
    });
    cycle(&mut grp, "ego_1_materialized", &q.ego, |s| {
        black_box(query::neighborhood(&g, s, 1, Direction::Both, &all).unwrap());
    });
    grp.finish();

    let mut grp = c.benchmark_group("path");
    grp.sample_size(20).measurement_time(Duration::from_secs(3));
    let undirected = PathQuery::new();
    let mil_q = PathQuery::new().filter(military.clone());
    cycle(&mut grp, "shortest", &q.path, |(a, b)| {
        black_box(query::shortest_path(&g, a, b, &undirected).unwrap());
    });
    cycle(&mut grp, "shortest_military", &q.fpath, |(a, b)| {
        black_box(query::shortest_path(&g, a, b, &mil_q).unwrap());
    });
    cycle(&mut grp, "count_simple_3", &q.simple, |(a, b, d)| {
        black_box(query::count_simple_node_paths(&g, a, b, *d, &undirected).unwrap());
    });
    cycle(
        &mut grp,
        "most_trusted",
        &q.path[..20.min(q.path.len())],
        |(a, b)| {
            black_box(query::most_trusted_path(&g, a, b, &undirected).unwrap());
        },
    );
    cycle(
        &mut grp,
        "k_shortest_3",
        &q.path[..20.min(q.path.len())],
        |(a, b)| {
            black_box(query::k_shortest_paths(&g, a, b, 3, &undirected).unwrap());
        },
    );
    grp.finish();

    let mut grp = c.benchmark_group("rank");
    grp.sample_size(10).measurement_time(Duration::from_secs(3));
    grp.bench_function("degree_total", |b| {
        b.iter(|| query::degree(&g, &all, DegreeOptions::default()).unwrap())
    });
    grp.bench_function("degree_weighted_military", |b| {
        let o = DegreeOptions {
            mode: DegreeMode::Total,
            weighted: true,
            limit: None,
        };
        b.iter(|| query::degree(&g, &military, o).unwrap())
    });
    grp.bench_function("pagerank_20_iterations_top10", |b| {
        let o = PageRankOptions::fixed(20).top(10);
        b.iter(|| query::pagerank(&g, &all, &o).unwrap())
    });
    // The same with a fixed thread count (the default picks one per ~65k
    // distinct relation pairs, so at S it runs on one thread).
    for threads in [1, 2] {
        grp.bench_function(
            format!("pagerank_20_iterations_top10_threads_{threads}"),
            |b| {
                let o = PageRankOptions::fixed(20).top(10).threads(threads);
                b.iter(|| query::pagerank(&g, &all, &o).unwrap())
            },
        );
    }
    // Reference in the same run: a plain edge-list push over two u32 arrays
    // (what a thin petgraph layer does), built outside the timing.
    let (src, dst) = edge_arrays(&g);
    grp.bench_function("pagerank_20_iterations_baseline_edge_list", |b| {
        b.iter(|| black_box(edge_list_pagerank(g.actor_count(), &src, &dst, 20)))
    });
    grp.bench_function("pagerank_military_20_iterations_top10", |b| {
        let o = PageRankOptions::fixed(20).top(10);
        b.iter(|| query::pagerank(&g, &military, &o).unwrap())
    });
    grp.bench_function("pagerank_narrator_20_iterations_top10", |b| {
        // A filter that reads edge records: the dense rebuild path.
        let f = Filter::new().narrator_only();
        let o = PageRankOptions::fixed(20).top(10);
        b.iter(|| query::pagerank(&g, &f, &o).unwrap())
    });
    grp.bench_function("betweenness_undirected_16_sources", |b| {
        let o = BetweennessOptions {
            directed: false,
            sample: Some(16),
            limit: Some(10),
            ..BetweennessOptions::default()
        };
        b.iter(|| query::betweenness(&g, &all, &o).unwrap())
    });
    grp.finish();

    let mut grp = c.benchmark_group("time");
    grp.sample_size(10).measurement_time(Duration::from_secs(3));
    grp.bench_function("timeline_median_actor", |b| {
        b.iter(|| query::timeline(&g, black_box(median.as_str()), &all).unwrap())
    });
    grp.bench_function("timeline_hub", |b| {
        b.iter(|| query::timeline(&g, black_box(hub.as_str()), &all).unwrap())
    });
    grp.bench_function("dyad_top_pair", |b| {
        b.iter(|| query::dyad(&g, hub.as_str(), partner.as_str(), &all).unwrap())
    });
    grp.bench_function("as_of_mid_date", |b| {
        b.iter(|| query::as_of(&g, mid, &query::AsOfOptions::default()).unwrap())
    });
    grp.finish();
}

/// The relations as dense (source, target) arrays in actor order.
fn edge_arrays(g: &KnowledgeGraph) -> (Vec<u32>, Vec<u32>) {
    let index: std::collections::HashMap<&str, u32> = g
        .actors()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i as u32))
        .collect();
    g.relations()
        .map(|r| (index[r.source().id.as_str()], index[r.target().id.as_str()]))
        .unzip()
}

/// Textbook PageRank by pushing along an edge list (networkx conventions).
fn edge_list_pagerank(n: usize, src: &[u32], dst: &[u32], iterations: usize) -> Vec<f64> {
    let mut out = vec![0u32; n];
    for &s in src {
        out[s as usize] += 1;
    }
    let mut x = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for _ in 0..iterations {
        let dangling: f64 = (0..n).filter(|&v| out[v] == 0).map(|v| x[v]).sum();
        next.fill((0.85 * dangling + 0.15) / n as f64);
        for (&s, &t) in src.iter().zip(dst) {
            next[t as usize] += 0.85 * x[s as usize] / f64::from(out[s as usize]);
        }
        std::mem::swap(&mut x, &mut next);
    }
    x
}

criterion_group!(benches, bench);
criterion_main!(benches);

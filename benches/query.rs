//! Query benchmarks on a generated GDELT-like graph.
//!
//! ```text
//! cargo bench --bench query                              # 10k actors / 100k relations
//! GEOKG_BENCH_RELATIONS=1000000 cargo bench --bench query # 100k / 1M (size M)
//! GEOKG_BENCH_DATA=/path/to/M cargo bench --bench query   # a gen.py output directory
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use geokg::KnowledgeGraph;
use geokg::query::{self, BetweennessOptions, DegreeMode, DegreeOptions, Filter, PageRankOptions};

fn graph() -> KnowledgeGraph {
    if let Ok(dir) = std::env::var("GEOKG_BENCH_DATA") {
        match geokg::testing::load_workload_dir(std::path::Path::new(&dir)) {
            Ok(g) => return g,
            Err(e) => panic!("GEOKG_BENCH_DATA={dir}: {e}"),
        }
    }
    let m: usize = std::env::var("GEOKG_BENCH_RELATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    geokg::testing::workload((m / 10).max(5000), m, 42)
}

fn bench(c: &mut Criterion) {
    let g = graph();
    eprintln!(
        "bench graph: {} actors, {} relations",
        g.actor_count(),
        g.relation_count()
    );
    let all = Filter::new();
    let military = Filter::new().kinds(geokg::testing::military_kinds());
    // The busiest actor and its busiest partner, and a median-degree actor.
    let deg = query::degree(&g, &all, DegreeOptions::default()).unwrap();
    let hub = deg.entries[0].0.clone();
    let median = deg.entries[deg.len() / 2].0.clone();
    let partner = {
        let out = query::degree(
            &g,
            &Filter::new(),
            DegreeOptions {
                mode: DegreeMode::In,
                weighted: false,
                limit: None,
            },
        )
        .unwrap();
        out.entries
            .iter()
            .find(|(a, _)| *a != hub)
            .map(|e| e.0.clone())
            .unwrap()
    };
    let (lo, hi) = g.date_range().unwrap();
    let mid = lo
        .add_days((hi.days_since_epoch() - lo.days_since_epoch()) / 2)
        .unwrap();

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
    grp.bench_function("pagerank_20_iterations", |b| {
        b.iter(|| query::pagerank(&g, &all, &PageRankOptions::fixed(20)).unwrap())
    });
    grp.bench_function("pagerank_military_20_iterations", |b| {
        b.iter(|| query::pagerank(&g, &military, &PageRankOptions::fixed(20)).unwrap())
    });
    grp.bench_function("betweenness_undirected_16_sources", |b| {
        let o = BetweennessOptions {
            directed: false,
            sample: Some(16),
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
    grp.bench_function("dyad_hub_pair", |b| {
        b.iter(|| query::dyad(&g, hub.as_str(), partner.as_str(), &all).unwrap())
    });
    grp.bench_function("as_of_mid_date", |b| {
        b.iter(|| query::as_of(&g, mid, &query::AsOfOptions::default()).unwrap())
    });
    grp.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Loading benchmarks: CSV node + edge lists, whole-graph JSON, GDELT.
//!
//! Data: `GEOKG_BENCH_DATA=DIR` (a directory made by
//! `python3 ../shared/bench/gen.py --size S|M|L --out DIR`), with
//! `GEOKG_BENCH_SIZE=S|M|L` naming it in the report. Without
//! `GEOKG_BENCH_DATA` the bench makes an S-sized workload in memory
//! (10k actors, 100k relations, Zipf-like endpoints) so that
//! `cargo bench --bench import` runs anywhere.
//!
//! ```text
//! cargo bench --bench import -- --measurement-time 5
//! GEOKG_BENCH_SIZE=M GEOKG_BENCH_DATA=/tmp/bench/M cargo bench --bench import
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use geokg::KnowledgeGraph;
use geokg::build::import::{ImportOptions, csv, gdelt};

struct Data {
    label: String,
    nodes: Vec<u8>,
    edges: Vec<u8>,
}

/// A deterministic S-like workload (xorshift; endpoints skewed by squaring).
fn synthetic(n: usize, m: usize) -> Data {
    let kinds = [
        "country",
        "alliance",
        "leader",
        "region",
        "organization",
        "person",
    ];
    let rels = [
        "member_of",
        "leader_of",
        "ally_of",
        "deployed_troops_to",
        "invaded",
        "attacked",
        "supports",
        "opposes",
        "negotiates_with",
        "threatens",
        "sanctions",
        "meets_with",
        "criticizes",
        "trades_with",
        "provides_aid_to",
    ];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut rnd = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut nodes = String::from("id,kind,name\n");
    for i in 0..n {
        let k = kinds[i % kinds.len()];
        nodes.push_str(&format!("{i},{k},{k}_{i}\n"));
    }
    let mut edges = String::from("source_id,target_id,relation,date,confidence\n");
    for _ in 0..m {
        let pick = |r: u64| {
            let f = (r % 1_000_000) as f64 / 1_000_000.0;
            ((f * f * f) * n as f64) as usize
        };
        let s = pick(rnd());
        let mut t = pick(rnd());
        if t == s {
            t = (s + 1) % n;
        }
        let r = rels[(rnd() % rels.len() as u64) as usize];
        let d = rnd();
        edges.push_str(&format!(
            "{s},{t},{r},{:04}-{:02}-{:02},{:.3}\n",
            1979 + d % 46,
            1 + (d >> 8) % 12,
            1 + (d >> 16) % 28,
            0.3 + ((d >> 24) % 701) as f64 / 1000.0
        ));
    }
    Data {
        label: "S-synthetic".into(),
        nodes: nodes.into_bytes(),
        edges: edges.into_bytes(),
    }
}

fn data() -> Data {
    match std::env::var_os("GEOKG_BENCH_DATA") {
        Some(dir) => {
            let dir = std::path::PathBuf::from(dir);
            let read = |f: &str| {
                std::fs::read(dir.join(f))
                    .unwrap_or_else(|e| panic!("{}: {e}", dir.join(f).display()))
            };
            Data {
                label: std::env::var("GEOKG_BENCH_SIZE").unwrap_or_else(|_| "data".into()),
                nodes: read("nodes.csv"),
                edges: read("edges.csv"),
            }
        }
        None => synthetic(10_000, 100_000),
    }
}

fn load(d: &Data) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    csv::read_nodes(
        &mut g,
        &d.nodes[..],
        &csv::NodeColumns::bench(),
        ImportOptions::strict(),
    )
    .expect("nodes");
    let opts = ImportOptions::strict().with_size_hint(d.edges.len() as u64);
    csv::read_edges(&mut g, &d.edges[..], &csv::EdgeColumns::bench(), opts).expect("edges");
    g
}

fn benches(c: &mut Criterion) {
    let d = data();
    let g = load(&d);
    let relations = g.relation_count() as u64;
    let json = g.to_json();

    let mut group = c.benchmark_group(format!("import/{}", d.label));
    group.sample_size(10);
    group.throughput(Throughput::Elements(relations));
    group.bench_function("csv_load", |b| b.iter(|| black_box(load(&d))));
    group.bench_function("json_load", |b| {
        b.iter(|| black_box(KnowledgeGraph::from_json(&json).expect("json")))
    });
    // The same graph in format version 1 (objects with named keys, actors
    // by id), through the same reader.
    let mut v1 = Vec::new();
    g.write_json_version(&mut v1, 1).expect("v1");
    let v1 = String::from_utf8(v1).expect("utf-8");
    group.bench_function("json_load_v1", |b| {
        b.iter(|| black_box(KnowledgeGraph::from_json(&v1).expect("json")))
    });
    // The same text through serde_json alone (the general path, which
    // every file took before the byte scanner), and indented.
    group.bench_function("json_load_serde", |b| {
        b.iter(|| black_box(geokg::testing::from_json_general(&json).expect("json")))
    });
    let pretty = g.to_json_pretty();
    group.bench_function("json_load_pretty", |b| {
        b.iter(|| black_box(KnowledgeGraph::from_json(&pretty).expect("json")))
    });
    group.bench_function("json_dump", |b| b.iter(|| black_box(g.to_json())));
    group.finish();

    let fixture = include_str!("../tests/data/gdelt_sample.tsv").repeat(1000);
    let mut group = c.benchmark_group("import/gdelt");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(fixture.len() as u64));
    group.bench_function("30k_rows", |b| {
        b.iter(|| {
            let mut g = KnowledgeGraph::new();
            black_box(
                gdelt::read_events(&mut g, fixture.as_bytes(), ImportOptions::strict())
                    .expect("gdelt"),
            )
        })
    });
    group.finish();
}

criterion_group! {
    name = import;
    config = Criterion::default().warm_up_time(Duration::from_secs(1));
    targets = benches
}
criterion_main!(import);

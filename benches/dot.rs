//! DOT writing throughput on a generated graph.
//!
//! ```text
//! cargo bench --bench dot                       # 100k relations (default)
//! GEOKG_DOT_BENCH_EDGES=1000000 cargo bench --bench dot
//! ```
//!
//! Writes to `std::io::sink()`; reports relations per second.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use geokg::export::dot::DotWriter;
use geokg::{Actor, ActorId, ActorKind, KnowledgeGraph, Modality, Relation, RelationKind};

/// A deterministic graph: `relations / 10` actors of mixed kinds, relations
/// of every kind and modality between pseudo-random pairs, one speaker in
/// twenty.
fn generate(relations: usize) -> KnowledgeGraph {
    let actors = (relations / 10).max(2);
    let mut g = KnowledgeGraph::with_capacity(actors, relations);
    let ids: Vec<ActorId> = (0..actors)
        .map(|i| ActorId::new(format!("a{i}")).unwrap())
        .collect();
    for (i, id) in ids.iter().enumerate() {
        let kind = ActorKind::ALL[i % ActorKind::ALL.len()];
        g.add_actor(Actor::new(id.clone(), kind, format!("Actor number {i}")))
            .unwrap();
    }
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..relations {
        let a = (next() % actors as u64) as usize;
        let b = (next() % actors as u64) as usize;
        let kind = RelationKind::ALL[i % RelationKind::ALL.len()];
        let mut r = Relation::new(ids[a].clone(), kind, ids[b].clone())
            .with_modality(Modality::ALL[(next() % 4) as usize]);
        if i % 20 == 0 {
            r = r.with_asserted_by(ids[(a + 1) % actors].clone());
        }
        g.add_relation(r).unwrap();
    }
    g
}

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("GEOKG_DOT_BENCH_EDGES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let g = generate(n);
    let mut group = c.benchmark_group("dot");
    group.throughput(Throughput::Elements(n as u64));
    group.sample_size(20);
    let plain = DotWriter::plain();
    group.bench_function(format!("plain/{n}"), |b| {
        b.iter(|| plain.write(black_box(&g), &mut std::io::sink()).unwrap())
    });
    let full = DotWriter::new();
    group.bench_function(format!("full/{n}"), |b| {
        b.iter(|| full.write(black_box(&g), &mut std::io::sink()).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Extraction throughput on news text: the seed article and the test
//! texts repeated to 1, 4 and 16 MB, each extracted as one document
//! (throughput should stay flat: linear in the input size), plus the
//! per-document cost of the seed article alone.
//!
//! ```text
//! cargo bench --bench extract -- --measurement-time 5
//! ```

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use geokg::Date;
use geokg::build::Extractor;

fn corpus(bytes: usize) -> String {
    let parts = [
        geokg::seed::ARTICLE,
        include_str!("../tests/texts/caucasus.txt"),
        include_str!("../tests/texts/taiwan.txt"),
        include_str!("../tests/texts/nordic.txt"),
    ];
    let mut s = String::with_capacity(bytes + 10_000);
    while s.len() < bytes {
        for p in parts {
            s.push_str(p);
            s.push_str("\n\n");
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let ex = Extractor::builder()
        .date(Date::day(2022, 1, 8).unwrap())
        .build()
        .unwrap();
    let mut g = c.benchmark_group("extract");
    g.sample_size(10);
    for mb in [1usize, 4, 16] {
        let text = corpus(mb << 20);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("corpus_mb", mb), &text, |b, t| {
            b.iter(|| ex.extract(black_box(t)).unwrap())
        });
    }
    let seed = geokg::seed::ARTICLE;
    g.throughput(Throughput::Bytes(seed.len() as u64));
    g.sample_size(30);
    g.bench_function("seed_article", |b| {
        b.iter(|| ex.extract(black_box(seed)).unwrap())
    });
    g.finish();
    c.bench_function("build_extractor", |b| {
        b.iter(|| Extractor::builder().build().unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

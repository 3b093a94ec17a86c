//! Path and neighborhood queries on a generated graph of at least 100k
//! relations.
//!
//! ```text
//! cargo bench --bench paths                      # built-in generator: 10k actors / 100k relations
//! python3 ../shared/bench/gen.py --size M --out /tmp/M
//! GEOKG_BENCH_DATA=/tmp/M cargo bench --bench paths   # the gen.py workload and its queries.txt
//! ```
//!
//! Before the criterion groups it prints, for each query family, the
//! median over the workload's queries of one timed run each (after a warm
//! pass), and a checksum of the answers — the figures to compare with
//! `../shared/bench/ANCHORS.md` (which reports medians the same way).
//! Criterion then measures each family cycling through its queries.

use std::hint::black_box;
use std::path::Path as FsPath;
use std::time::Instant;

use criterion::{Criterion, criterion_group};
use geokg::query::{
    Direction, Filter, PathQuery, count_simple_node_paths, k_shortest_paths, most_trusted_path,
    neighborhood, reach, shortest_path, simple_paths,
};
use geokg::{Actor, ActorId, ActorKind, Date, KnowledgeGraph, Relation, RelationKind};

struct Workload {
    g: KnowledgeGraph,
    ids: Vec<String>,
    military: Vec<RelationKind>,
    ego: Vec<usize>,
    path: Vec<(usize, usize)>,
    fpath: Vec<(usize, usize)>,
    simple: Vec<(usize, usize, usize)>,
    source: String,
}

/// Reads the `gen.py` CSV files and query list.
fn load_dir(dir: &FsPath) -> Workload {
    let nodes = std::fs::read_to_string(dir.join("nodes.csv")).expect("nodes.csv");
    let edges = std::fs::read_to_string(dir.join("edges.csv")).expect("edges.csv");
    let queries = std::fs::read_to_string(dir.join("queries.txt")).expect("queries.txt");
    let n = nodes.lines().count().saturating_sub(1);
    let m = edges.lines().count().saturating_sub(1);
    let mut g = KnowledgeGraph::with_capacity(n, m);
    let mut ids = Vec::with_capacity(n);
    let mut aids = Vec::with_capacity(n);
    for line in nodes.lines().skip(1) {
        let mut f = line.split(',');
        let (_, kind, name) = (f.next(), f.next().unwrap_or(""), f.next().unwrap_or(""));
        let kind = match kind {
            "country" => ActorKind::Country,
            "alliance" => ActorKind::Alliance,
            "leader" => ActorKind::Leader,
            "region" => ActorKind::Region,
            "organization" => ActorKind::Organization,
            _ => ActorKind::Person,
        };
        let id = ActorId::new(name).expect("id");
        g.add_actor(Actor::new(id.clone(), kind, name))
            .expect("actor");
        ids.push(name.to_string());
        aids.push(id);
    }
    for line in edges.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (s, t): (usize, usize) = (f[0].parse().unwrap(), f[1].parse().unwrap());
        let kind = RelationKind::parse_lenient(f[2]).expect("kind");
        let date: Date = f[3].parse().expect("date");
        let conf: f32 = f[4].parse().expect("confidence");
        g.add_relation(
            Relation::new(aids[s].clone(), kind, aids[t].clone())
                .with_date(date)
                .with_confidence(conf),
        )
        .expect("relation");
    }
    let mut w = Workload {
        g,
        ids,
        military: Vec::new(),
        ego: Vec::new(),
        path: Vec::new(),
        fpath: Vec::new(),
        simple: Vec::new(),
        source: dir.display().to_string(),
    };
    for line in queries.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let num = |i: usize| f[i].parse::<usize>().unwrap();
        match f.first().copied() {
            Some("military") => {
                w.military = f[1]
                    .split(',')
                    .map(|k| RelationKind::parse_lenient(k).unwrap())
                    .collect()
            }
            Some("ego") => w.ego.push(num(1)),
            Some("path") => w.path.push((num(1), num(2))),
            Some("fpath") => w.fpath.push((num(1), num(2))),
            Some("simple") => w.simple.push((num(1), num(2), num(3))),
            _ => {}
        }
    }
    w
}

/// xorshift64*: a small deterministic generator.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A Zipf-ish multigraph like gen.py's: `n` actors whose popularity
/// follows (rank + 1)^-1, `m` relations of the same 15 kinds.
fn generate(n: usize, m: usize) -> Workload {
    let kinds = [
        ("member_of", 6.0),
        ("leader_of", 3.0),
        ("ally_of", 4.0),
        ("deployed_troops_to", 3.0),
        ("invaded", 1.0),
        ("attacked", 4.0),
        ("supports", 10.0),
        ("opposes", 8.0),
        ("negotiates_with", 7.0),
        ("threatens", 5.0),
        ("sanctions", 3.0),
        ("meets_with", 12.0),
        ("criticizes", 12.0),
        ("trades_with", 4.0),
        ("provides_aid_to", 4.0),
    ];
    let kind_of: Vec<RelationKind> = kinds
        .iter()
        .map(|(k, _)| RelationKind::parse_lenient(k).unwrap())
        .collect();
    let kcum: Vec<f64> = kinds
        .iter()
        .scan(0.0, |a, (_, w)| {
            *a += w;
            Some(*a)
        })
        .collect();
    let ncum: Vec<f64> = (0..n)
        .scan(0.0, |a, r| {
            *a += 1.0 / (r as f64 + 1.0);
            Some(*a)
        })
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let pick = |cum: &[f64], rng: &mut Rng| {
        let x = rng.unit() * cum[cum.len() - 1];
        cum.partition_point(|&c| c <= x).min(cum.len() - 1)
    };
    // A random permutation so that ids say nothing about popularity.
    let mut perm: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        perm.swap(i, rng.next() as usize % (i + 1));
    }
    let mut g = KnowledgeGraph::with_capacity(n, m);
    let mut ids = Vec::with_capacity(n);
    let mut aids = Vec::with_capacity(n);
    for i in 0..n {
        let name = format!("actor_{i}");
        let kind = [
            ActorKind::Country,
            ActorKind::Leader,
            ActorKind::Organization,
            ActorKind::Person,
        ][i % 4];
        let id = ActorId::new(&name).unwrap();
        g.add_actor(Actor::new(id.clone(), kind, &name)).unwrap();
        ids.push(name);
        aids.push(id);
    }
    for _ in 0..m {
        let k = kind_of[pick(&kcum, &mut rng)];
        let s = perm[pick(&ncum, &mut rng)];
        let mut t = perm[pick(&ncum, &mut rng)];
        while t == s {
            t = perm[pick(&ncum, &mut rng)];
        }
        let conf = 0.3 + 0.7 * rng.unit() as f32;
        g.add_relation(Relation::new(aids[s].clone(), k, aids[t].clone()).with_confidence(conf))
            .unwrap();
    }
    let military: Vec<RelationKind> = [
        "ally_of",
        "deployed_troops_to",
        "invaded",
        "attacked",
        "threatens",
    ]
    .iter()
    .map(|k| RelationKind::parse_lenient(k).unwrap())
    .collect();
    // Queries over actors with relations (military ones for fpath).
    let live: Vec<usize> = (0..n)
        .filter(|&i| {
            g.relations_from(&ids[i]).unwrap().next().is_some()
                || g.relations_to(&ids[i]).unwrap().next().is_some()
        })
        .collect();
    let mil: Vec<usize> = (0..n)
        .filter(|&i| {
            g.relations_from(&ids[i])
                .unwrap()
                .chain(g.relations_to(&ids[i]).unwrap())
                .any(|r| military.contains(&r.kind()))
        })
        .collect();
    let mut rand_in = |v: &[usize]| v[rng.next() as usize % v.len()];
    let ego = (0..100).map(|_| rand_in(&live)).collect();
    let path = (0..100).map(|_| (rand_in(&live), rand_in(&live))).collect();
    let fpath = (0..100).map(|_| (rand_in(&mil), rand_in(&mil))).collect();
    let simple = (0..20)
        .map(|_| (rand_in(&live), rand_in(&live), 3))
        .collect();
    Workload {
        g,
        ids,
        military,
        ego,
        path,
        fpath,
        simple,
        source: format!("built-in generator ({n} actors / {m} relations)"),
    }
}

fn workload() -> Workload {
    match std::env::var_os("GEOKG_BENCH_DATA") {
        Some(dir) => load_dir(FsPath::new(&dir)),
        None => generate(10_000, 100_000),
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return f64::NAN;
    }
    v[v.len() / 2]
}

/// Times `f` once per query after a warm pass; returns (median ms, checksum).
fn per_query<Q: Copy>(qs: &[Q], mut f: impl FnMut(Q) -> u64) -> (f64, u64) {
    for &q in qs {
        black_box(f(q));
    }
    let mut times = Vec::with_capacity(qs.len());
    let mut sum = 0u64;
    for &q in qs {
        let t = Instant::now();
        sum = sum.wrapping_add(black_box(f(q)));
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    (median(times), sum)
}

/// The baseline: a bare deduplicated u32 CSR built here, with a
/// `Vec<bool>` visited array (the "CSR (Rust)" column of ANCHORS.md).
struct RawCsr {
    off: Vec<usize>,
    nbr: Vec<u32>,
    /// Distance arrays kept between queries (reset through `touched`).
    dist: std::cell::RefCell<(Vec<u32>, Vec<u32>, Vec<u32>)>,
}

impl RawCsr {
    fn new(g: &KnowledgeGraph) -> RawCsr {
        Self::with(g, |_| true)
    }

    /// The CSR of the relations whose kind passes `keep` (prebuilt, as a
    /// library without per-query filters would need).
    fn with(g: &KnowledgeGraph, keep: impl Fn(RelationKind) -> bool) -> RawCsr {
        let pos: std::collections::HashMap<&str, u32> = g
            .actors()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i as u32))
            .collect();
        let mut adj: Vec<Vec<u32>> = vec![Vec::new(); g.actor_count()];
        for r in g.relations().filter(|r| keep(r.kind())) {
            let (a, b) = (pos[r.source().id.as_str()], pos[r.target().id.as_str()]);
            adj[a as usize].push(b);
            adj[b as usize].push(a);
        }
        let mut off = vec![0];
        let mut nbr = Vec::new();
        for mut l in adj {
            l.sort_unstable();
            l.dedup();
            nbr.extend(l);
            off.push(nbr.len());
        }
        let n = off.len() - 1;
        RawCsr {
            off,
            nbr,
            dist: std::cell::RefCell::new((vec![u32::MAX; n], vec![u32::MAX; n], Vec::new())),
        }
    }

    fn nbrs(&self, u: u32) -> &[u32] {
        &self.nbr[self.off[u as usize]..self.off[u as usize + 1]]
    }

    /// Hops of a shortest path by bidirectional BFS expanding the side
    /// with fewer adjacency entries (fresh visited arrays per query).
    fn path_len(&self, s: usize, t: usize) -> Option<usize> {
        if s == t {
            return Some(0);
        }
        let mut guard = self.dist.borrow_mut();
        let (df, db, touched) = &mut *guard;
        let found = self.bidir(s, t, df, db, touched);
        for &v in touched.iter() {
            df[v as usize] = u32::MAX;
            db[v as usize] = u32::MAX;
        }
        touched.clear();
        found
    }

    fn bidir(
        &self,
        s: usize,
        t: usize,
        df: &mut [u32],
        db: &mut [u32],
        touched: &mut Vec<u32>,
    ) -> Option<usize> {
        df[s] = 0;
        db[t] = 0;
        touched.extend([s as u32, t as u32]);
        let (mut ff, mut bf) = (vec![s as u32], vec![t as u32]);
        let (mut lf, mut lb) = (0u32, 0u32);
        while !ff.is_empty() && !bf.is_empty() {
            let cost = |f: &[u32]| f.iter().map(|&u| self.nbrs(u).len()).sum::<usize>();
            let fwd = cost(&ff) <= cost(&bf);
            let (front, mine, other, level) = if fwd {
                (&mut ff, &mut *df, &*db, &mut lf)
            } else {
                (&mut bf, &mut *db, &*df, &mut lb)
            };
            *level += 1;
            let mut next = Vec::new();
            for &u in front.iter() {
                for &v in self.nbrs(u) {
                    if other[v as usize] != u32::MAX {
                        return Some((mine[u as usize] + 1 + other[v as usize]) as usize);
                    }
                    if mine[v as usize] == u32::MAX {
                        mine[v as usize] = *level;
                        touched.push(v);
                        next.push(v);
                    }
                }
            }
            *front = next;
        }
        None
    }

    fn reach(&self, s: usize, depth: usize) -> usize {
        let mut seen = vec![false; self.off.len() - 1];
        seen[s] = true;
        let (mut cur, mut next, mut count) = (vec![s as u32], Vec::new(), 1);
        for _ in 0..depth {
            next.clear();
            for &u in &cur {
                for &v in &self.nbr[self.off[u as usize]..self.off[u as usize + 1]] {
                    if !seen[v as usize] {
                        seen[v as usize] = true;
                        count += 1;
                        next.push(v);
                    }
                }
            }
            std::mem::swap(&mut cur, &mut next);
        }
        count
    }
}

fn summary(w: &Workload) {
    let g = &w.g;
    let id = |i: usize| w.ids[i].as_str();
    let all = Filter::new();
    let und = PathQuery::new();
    let mil = PathQuery::new().filter(Filter::new().kinds(w.military.iter().copied()));
    let t = Instant::now();
    g.build_query_index();
    let build = t.elapsed().as_secs_f64() * 1e3;
    eprintln!(
        "workload: {} — {} actors, {} relations; index built in {build:.1} ms, {:.1} B/relation",
        w.source,
        g.actor_count(),
        g.relation_count(),
        g.query_index_bytes() as f64 / g.relation_count().max(1) as f64
    );
    let rows: Vec<(&str, (f64, u64), usize)> = vec![
        (
            "ego 2-hop reach (sum of sizes)",
            per_query(&w.ego, |c| {
                reach(g, id(c), 2, Direction::Both, &all).unwrap() as u64
            }),
            w.ego.len(),
        ),
        (
            "ego 3-hop reach (sum of sizes)",
            per_query(&w.ego, |c| {
                reach(g, id(c), 3, Direction::Both, &all).unwrap() as u64
            }),
            w.ego.len(),
        ),
        (
            "shortest path (sum of lengths)",
            per_query(&w.path, |(s, t)| {
                shortest_path(g, id(s), id(t), &und)
                    .unwrap()
                    .map_or(0, |p| p.len() as u64)
            }),
            w.path.len(),
        ),
        (
            "military path (sum of lengths)",
            per_query(&w.fpath, |(s, t)| {
                shortest_path(g, id(s), id(t), &mil)
                    .unwrap()
                    .map_or(0, |p| p.len() as u64)
            }),
            w.fpath.len(),
        ),
        (
            "simple node paths <= 3 (sum of counts)",
            per_query(&w.simple, |(s, t, d)| {
                count_simple_node_paths(g, id(s), id(t), d, &und).unwrap()
            }),
            w.simple.len(),
        ),
        (
            "simple paths <= 3, edge-aware, limit 1000 (sum)",
            per_query(&w.simple, |(s, t, d)| {
                simple_paths(g, id(s), id(t), d, 1000, &und)
                    .unwrap()
                    .paths
                    .len() as u64
            }),
            w.simple.len(),
        ),
        (
            "most trusted path (sum of lengths)",
            per_query(&w.path[..20.min(w.path.len())], |(s, t)| {
                most_trusted_path(g, id(s), id(t), &und)
                    .unwrap()
                    .map_or(0, |p| p.len() as u64)
            }),
            20.min(w.path.len()),
        ),
        (
            "5 shortest paths (sum of lengths)",
            per_query(&w.path[..20.min(w.path.len())], |(s, t)| {
                k_shortest_paths(g, id(s), id(t), 5, &und)
                    .unwrap()
                    .iter()
                    .map(|p| p.len() as u64)
                    .sum()
            }),
            20.min(w.path.len()),
        ),
        (
            "1-hop neighborhood subgraph (sum of relations)",
            per_query(&w.ego[..20.min(w.ego.len())], |c| {
                neighborhood(g, id(c), 1, Direction::Both, &all)
                    .unwrap()
                    .graph
                    .relation_count() as u64
            }),
            20.min(w.ego.len()),
        ),
    ];
    let raw = RawCsr::new(g);
    let pos: std::collections::HashMap<&str, usize> = g
        .actors()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let ego: Vec<usize> = w.ego.iter().map(|&c| pos[id(c)]).collect();
    let mut rows = rows;
    rows.push((
        "baseline: bare CSR 2-hop reach",
        per_query(&ego, |c| raw.reach(c, 2) as u64),
        ego.len(),
    ));
    rows.push((
        "baseline: bare CSR 3-hop reach",
        per_query(&ego, |c| raw.reach(c, 3) as u64),
        ego.len(),
    ));
    let pairs = |v: &[(usize, usize)]| -> Vec<(usize, usize)> {
        v.iter().map(|&(s, t)| (pos[id(s)], pos[id(t)])).collect()
    };
    let (path, fpath) = (pairs(&w.path), pairs(&w.fpath));
    rows.push((
        "baseline: bare CSR path (sum of lengths)",
        per_query(&path, |(s, t)| raw.path_len(s, t).unwrap_or(0) as u64),
        path.len(),
    ));
    let raw_mil = RawCsr::with(g, |k| w.military.contains(&k));
    rows.push((
        "baseline: prebuilt military CSR path (sum)",
        per_query(&fpath, |(s, t)| raw_mil.path_len(s, t).unwrap_or(0) as u64),
        fpath.len(),
    ));
    // One-time costs on a fresh index: the first military query walks the
    // filtered entries, the second builds the kind set's lists, the third
    // uses them.
    let fresh = || {
        let mut h = g.clone();
        h.reserve_relation_ids(0); // any mutation drops the cached index
        h.build_query_index();
        h
    };
    let h = fresh();
    if let Some(&(s, t)) = w.fpath.first() {
        let times: Vec<f64> = (0..3)
            .map(|_| {
                let t0 = Instant::now();
                black_box(shortest_path(&h, id(s), id(t), &mil).unwrap());
                t0.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        eprintln!(
            "first military path on a fresh index: {:.4} ms (filtered entries), second {:.2} ms (builds the kind-set lists), third {:.4} ms",
            times[0], times[1], times[2]
        );
    }
    let pr = geokg::query::PageRankOptions::fixed(20).top(10);
    let times: Vec<f64> = (0..2)
        .map(|_| {
            let t0 = Instant::now();
            black_box(geokg::query::pagerank(&h, &all, &pr).unwrap());
            t0.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    eprintln!(
        "PageRank 20 iterations on a fresh index: first {:.1} ms (builds the merged in-adjacency), then {:.1} ms",
        times[0], times[1]
    );
    drop(h);
    eprintln!(
        "{:<50} {:>7} {:>12} {:>14}",
        "query", "n", "median ms", "checksum"
    );
    for (name, (ms, sum), n) in rows {
        eprintln!("{name:<50} {n:>7} {ms:>12.4} {sum:>14}");
    }
}

fn bench(c: &mut Criterion) {
    let w = workload();
    summary(&w);
    let g = &w.g;
    let id = |i: usize| w.ids[i].as_str();
    let all = Filter::new();
    let und = PathQuery::new();
    let mil = PathQuery::new().filter(Filter::new().kinds(w.military.iter().copied()));

    let mut grp = c.benchmark_group("paths");
    grp.sample_size(20);
    let mut i = 0usize;
    grp.bench_function("reach_2hop", |b| {
        b.iter(|| {
            i += 1;
            reach(g, id(w.ego[i % w.ego.len()]), 2, Direction::Both, &all).unwrap()
        })
    });
    grp.bench_function("reach_3hop", |b| {
        b.iter(|| {
            i += 1;
            reach(g, id(w.ego[i % w.ego.len()]), 3, Direction::Both, &all).unwrap()
        })
    });
    grp.bench_function("shortest_path", |b| {
        b.iter(|| {
            i += 1;
            let (s, t) = w.path[i % w.path.len()];
            shortest_path(g, id(s), id(t), &und).unwrap()
        })
    });
    grp.bench_function("military_path", |b| {
        b.iter(|| {
            i += 1;
            let (s, t) = w.fpath[i % w.fpath.len()];
            shortest_path(g, id(s), id(t), &mil).unwrap()
        })
    });
    grp.bench_function("count_simple_node_paths_3", |b| {
        b.iter(|| {
            i += 1;
            let (s, t, d) = w.simple[i % w.simple.len()];
            count_simple_node_paths(g, id(s), id(t), d, &und).unwrap()
        })
    });
    grp.bench_function("simple_paths_3_limit_1000", |b| {
        b.iter(|| {
            i += 1;
            let (s, t, d) = w.simple[i % w.simple.len()];
            simple_paths(g, id(s), id(t), d, 1000, &und).unwrap()
        })
    });
    grp.bench_function("most_trusted_path", |b| {
        b.iter(|| {
            i += 1;
            let (s, t) = w.path[i % w.path.len()];
            most_trusted_path(g, id(s), id(t), &und).unwrap()
        })
    });
    grp.bench_function("k_shortest_paths_5", |b| {
        b.iter(|| {
            i += 1;
            let (s, t) = w.path[i % w.path.len()];
            k_shortest_paths(g, id(s), id(t), 5, &und).unwrap()
        })
    });
    grp.bench_function("neighborhood_1hop_subgraph", |b| {
        b.iter(|| {
            i += 1;
            neighborhood(g, id(w.ego[i % w.ego.len()]), 1, Direction::Both, &all).unwrap()
        })
    });
    // Same-run baselines: a bare deduplicated u32 CSR (prebuilt, dense
    // numbers, no name resolution, lengths only).
    let raw = RawCsr::new(g);
    let raw_mil = RawCsr::with(g, |k| w.military.contains(&k));
    let pos: std::collections::HashMap<&str, usize> = g
        .actors()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let dense = |v: &[(usize, usize)]| -> Vec<(usize, usize)> {
        v.iter().map(|&(s, t)| (pos[id(s)], pos[id(t)])).collect()
    };
    let (path_d, fpath_d) = (dense(&w.path), dense(&w.fpath));
    let ego_d: Vec<usize> = w.ego.iter().map(|&c| pos[id(c)]).collect();
    grp.bench_function("baseline_bare_csr_reach_3hop", |b| {
        b.iter(|| {
            i += 1;
            raw.reach(ego_d[i % ego_d.len()], 3)
        })
    });
    grp.bench_function("baseline_bare_csr_shortest_path", |b| {
        b.iter(|| {
            i += 1;
            let (s, t) = path_d[i % path_d.len()];
            raw.path_len(s, t)
        })
    });
    grp.bench_function("baseline_military_csr_path", |b| {
        b.iter(|| {
            i += 1;
            let (s, t) = fpath_d[i % fpath_d.len()];
            raw_mil.path_len(s, t)
        })
    });
    grp.sample_size(10);
    grp.bench_function("build_query_index", |b| {
        b.iter_batched(
            || {
                let mut h = g.clone();
                // Any mutation drops the cached index.
                h.reserve_relation_ids(0);
                h
            },
            |h| {
                h.build_query_index();
                h
            },
            criterion::BatchSize::LargeInput,
        )
    });
    grp.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}

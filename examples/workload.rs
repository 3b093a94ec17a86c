//! The scale workload of `../shared/bench` (ANCHORS.md §1): load
//! `DIR/nodes.csv` and `DIR/edges.csv`, run the query families of
//! `DIR/queries.txt`, print one JSON object with timings and answers.
//!
//! ```text
//! python3 gen.py --size M --out /tmp/bench/M
//! cargo run --release --example workload -- --data /tmp/bench/M [--budget SECONDS]
//! ```
//!
//! `--budget` bounds the wall time of each query family (default 60 s):
//! when it runs out, the family's median is over the queries that ran.
//! Memory is measured with a counting global allocator: the bytes live
//! after the load, divided by the number of relations.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use geokg::KnowledgeGraph;
use geokg::build::import::csv;
use serde_json::{Value, json};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded to the system allocator with the same layout.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded to the system allocator.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed)
                    + (new_size - layout.size());
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// CPU seconds used by this process so far (user + system, from
/// /proc/self/stat; 10 ms resolution; `None` off Linux). Reported beside
/// wall times because shared machines inflate wall times.
fn cpu_s() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// CPU nanoseconds this thread has run so far (`clock_gettime` with
/// `CLOCK_THREAD_CPUTIME_ID`, nanosecond resolution; `None` off 64-bit
/// Linux): unlike wall time, it leaves out the time other processes held
/// the core, so same-run comparisons on a shared machine are steadier.
fn thread_cpu_ns() -> Option<u64> {
    cpu_clock_ns(3) // CLOCK_THREAD_CPUTIME_ID
}

/// CPU nanoseconds all threads of this process have run so far
/// (`CLOCK_PROCESS_CPUTIME_ID`): for queries that run on several threads
/// (PageRank), where the calling thread's CPU time leaves the others out.
fn process_cpu_ns() -> Option<u64> {
    cpu_clock_ns(2) // CLOCK_PROCESS_CPUTIME_ID
}

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn cpu_clock_ns(clock: i32) -> Option<u64> {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }
    let mut t = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: libc's clock_gettime writes one timespec (two 64-bit fields
    // on 64-bit Linux) through a valid pointer.
    let rc = unsafe { clock_gettime(clock, &mut t) };
    (rc == 0).then(|| t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64)
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn cpu_clock_ns(_clock: i32) -> Option<u64> {
    None
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The parsed `queries.txt`.
#[derive(Default)]
struct Queries {
    military: Vec<String>,
    ego: Vec<String>,
    path: Vec<(String, String)>,
    fpath: Vec<(String, String)>,
    simple: Vec<(String, String, usize)>,
    dot: Vec<(String, usize)>,
}

fn read_queries(path: &std::path::Path) -> Result<Queries, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut q = Queries::default();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let bad = || format!("{}:{}: cannot read {line:?}", path.display(), i + 1);
        match f.as_slice() {
            [] => {}
            [c, ..] if c.starts_with('#') => {}
            ["military", list] => q.military = list.split(',').map(str::to_string).collect(),
            ["ego", a] => q.ego.push(a.to_string()),
            ["path", a, b] => q.path.push((a.to_string(), b.to_string())),
            ["fpath", a, b] => q.fpath.push((a.to_string(), b.to_string())),
            ["simple", a, b, k] => {
                q.simple
                    .push((a.to_string(), b.to_string(), k.parse().map_err(|_| bad())?))
            }
            ["dot", a, k] => q.dot.push((a.to_string(), k.parse().map_err(|_| bad())?)),
            _ => return Err(bad()),
        }
    }
    Ok(q)
}

/// Runs `f` on each query until the budget runs out; returns the family's
/// JSON entry (count, median wall ms, median thread CPU ms, answers).
fn family<Q, A: Into<Value>>(queries: &[Q], budget: Duration, mut f: impl FnMut(&Q) -> A) -> Value {
    let start = Instant::now();
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut process_cpu = Vec::new();
    let mut answers = Vec::new();
    for q in queries {
        if start.elapsed() > budget {
            break;
        }
        let (c, p) = (thread_cpu_ns(), process_cpu_ns());
        let t = Instant::now();
        let a = f(q);
        times.push(ms(t.elapsed()));
        if let (Some(c0), Some(c1)) = (c, thread_cpu_ns()) {
            cpu.push((c1 - c0) as f64 / 1e6);
        }
        if let (Some(p0), Some(p1)) = (p, process_cpu_ns()) {
            process_cpu.push((p1 - p0) as f64 / 1e6);
        }
        answers.push(a.into());
    }
    json!({
        "queries": times.len(),
        "median_ms": median(&mut times),
        "median_cpu_ms": median(&mut cpu),
        "median_process_cpu_ms": median(&mut process_cpu),
        "answers": answers,
    })
}

fn main() {
    let mut data: Option<PathBuf> = None;
    let mut budget = 60.0f64;
    let mut only: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => data = args.next().map(PathBuf::from),
            "--budget" => {
                budget = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| usage("--budget needs a number of seconds"))
            }
            "--only" => only = args.next(),
            "-h" | "--help" => usage(""),
            other => usage(&format!("unknown argument {other:?}")),
        }
    }
    let dir = data.unwrap_or_else(|| usage("--data DIR is required"));
    let budget = Duration::from_secs_f64(budget);
    let queries = read_queries(&dir.join("queries.txt")).unwrap_or_else(|e| fail(&e));

    // Load.
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let t = Instant::now();
    let c0 = cpu_s();
    let mut g = KnowledgeGraph::new();
    let opts = geokg::build::ImportOptions::strict;
    let mut summary = csv::read_nodes_file(
        &mut g,
        dir.join("nodes.csv"),
        &csv::NodeColumns::bench(),
        opts(),
    )
    .unwrap_or_else(|e| fail(&e.to_string()));
    let nodes_s = t.elapsed().as_secs_f64();
    let nodes_bytes = LIVE.load(Ordering::Relaxed) - before;
    let edges = csv::read_edges_file(
        &mut g,
        dir.join("edges.csv"),
        &csv::EdgeColumns::bench(),
        opts(),
    )
    .unwrap_or_else(|e| fail(&e.to_string()));
    summary.merge(&edges);
    let load_s = t.elapsed().as_secs_f64();
    let load_cpu_s = cpu_s().zip(c0).map(|(a, b)| a - b);
    let live = LIVE.load(Ordering::Relaxed) - before;
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let m = g.relation_count().max(1) as f64;
    eprintln!("loaded: {summary}");

    let mut out = serde_json::Map::new();
    out.insert("actors".into(), json!(g.actor_count()));
    out.insert("relations".into(), json!(g.relation_count()));
    out.insert("load_s".into(), json!(load_s));
    out.insert("load_nodes_s".into(), json!(nodes_s));
    out.insert("load_cpu_s".into(), json!(load_cpu_s));
    out.insert("bytes_per_relation".into(), json!(live as f64 / m));
    out.insert(
        "peak_load_bytes_per_relation".into(),
        json!(peak as f64 / m),
    );
    out.insert("graph_bytes".into(), json!(live));
    out.insert(
        "actor_bytes_each".into(),
        json!(nodes_bytes as f64 / g.actor_count().max(1) as f64),
    );
    out.insert(
        "relation_bytes_each".into(),
        json!((live - nodes_bytes) as f64 / m),
    );

    let want = |f: &str| {
        only.as_deref()
            .is_none_or(|o| o.split(',').any(|x| f.starts_with(x)))
    };
    run_families(&g, &queries, budget, &want, &mut out);
    if !want("g_json") {
        println!("{}", Value::Object(out));
        return;
    }

    // g_json: dump, then load the dump.
    let t = Instant::now();
    let mut text = Vec::with_capacity(g.relation_count() * 120);
    g.write_json(&mut text)
        .unwrap_or_else(|e| fail(&e.to_string()));
    let dump_ms = ms(t.elapsed());
    let text = String::from_utf8(text).unwrap_or_else(|e| fail(&e.to_string()));
    // The same graph in format version 1, loaded alternately with the
    // current version (three times each, medians) for a same-run comparison.
    let mut v1 = Vec::with_capacity(g.relation_count() * 120);
    g.write_json_version(&mut v1, 1)
        .unwrap_or_else(|e| fail(&e.to_string()));
    let v1 = String::from_utf8(v1).unwrap_or_else(|e| fail(&e.to_string()));
    let load = |text: &str| {
        let t = Instant::now();
        let c0 = cpu_s();
        let back = KnowledgeGraph::from_json(text).unwrap_or_else(|e| fail(&e.to_string()));
        let wall = ms(t.elapsed());
        let cpu = cpu_s().zip(c0).map_or(f64::NAN, |(a, b)| (a - b) * 1e3);
        (wall, cpu, back.relation_count())
    };
    let (mut wall, mut cpu, mut wall1, mut cpu1) = (vec![], vec![], vec![], vec![]);
    let mut count = 0;
    for _ in 0..3 {
        let (w, c, n) = load(&text);
        wall.push(w);
        cpu.push(c);
        count = n;
        let (w, c, _) = load(&v1);
        wall1.push(w);
        cpu1.push(c);
    }
    let (load_ms, load_cpu_ms) = (median(&mut wall), median(&mut cpu));
    out.insert(
        "g_json".into(),
        json!({
            "queries": 1,
            "median_ms": load_ms,
            "cpu_ms": load_cpu_ms,
            "dump_ms": dump_ms,
            "bytes": text.len(),
            "v1_median_ms": median(&mut wall1),
            "v1_cpu_ms": median(&mut cpu1),
            "v1_bytes": v1.len(),
            "answers": [count],
        }),
    );
    println!("{}", Value::Object(out));
}

fn run_families(
    g: &KnowledgeGraph,
    q: &Queries,
    budget: Duration,
    want: &dyn Fn(&str) -> bool,
    out: &mut serde_json::Map<String, Value>,
) {
    use geokg::RelationKind;
    use geokg::export::DotWriter;
    use geokg::query::{
        self, Direction, Filter, PageRankOptions, PathQuery, count_simple_node_paths, neighborhood,
        reach, shortest_path,
    };
    let plain = Filter::new();
    // The first query builds the cached CSR index: time it apart.
    if let Some(c) = q.ego.first() {
        let t = Instant::now();
        let _ = reach(g, c, 0, Direction::Both, &plain);
        out.insert("index_build_ms".into(), json!(ms(t.elapsed())));
    }
    if want("a_ego2") {
        let f = family(&q.ego, budget, |c| {
            reach(g, c, 2, Direction::Both, &plain)
                .ok()
                .map(|n| n as u64)
        });
        out.insert("a_ego2".into(), f);
    }
    if want("a_ego3") {
        let f = family(&q.ego, budget, |c| {
            reach(g, c, 3, Direction::Both, &plain)
                .ok()
                .map(|n| n as u64)
        });
        out.insert("a_ego3".into(), f);
    }
    if want("b_path") {
        let pq = PathQuery::new();
        let f = family(&q.path, budget, |(a, b)| {
            shortest_path(g, a, b, &pq)
                .ok()
                .flatten()
                .map(|p| p.len() as u64)
        });
        out.insert("b_path".into(), f);
    }
    if want("c_fpath") {
        let kinds: Vec<RelationKind> = q
            .military
            .iter()
            .filter_map(|k| RelationKind::parse_lenient(k).ok())
            .collect();
        let pq = PathQuery::new().filter(Filter::new().kinds(kinds));
        let f = family(&q.fpath, budget, |(a, b)| {
            shortest_path(g, a, b, &pq)
                .ok()
                .flatten()
                .map(|p| p.len() as u64)
        });
        out.insert("c_fpath".into(), f);
    }
    if want("d_simple") {
        let pq = PathQuery::new();
        let f = family(&q.simple, budget, |(a, b, k)| {
            count_simple_node_paths(g, a, b, *k, &pq).ok()
        });
        out.insert("d_simple".into(), f);
    }
    if want("e_pagerank") {
        // GEOKG_PAGERANK_THREADS=N fixes the thread count (default 0:
        // automatic, see `PageRankOptions::threads`).
        let threads = std::env::var("GEOKG_PAGERANK_THREADS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let opts = PageRankOptions::fixed(20).top(10).threads(threads);
        // The first call also builds the cached in-adjacency; eleven calls
        // keep that one call out of the median.
        let mut f = family(&[(); 11], budget, |_| {
            let r = query::pagerank(g, &plain, &opts);
            let ids: Vec<Value> = r
                .map(|r| {
                    r.top(10)
                        .iter()
                        .map(|(id, _)| {
                            id.as_str()
                                .parse::<u64>()
                                .map_or_else(|_| json!(id.as_str()), |n| json!(n))
                        })
                        .collect()
                })
                .unwrap_or_default();
            Value::Array(ids)
        });
        // Eleven runs of the same query: keep one answer.
        if let Some(a) = f.get_mut("answers").and_then(Value::as_array_mut) {
            a.truncate(1);
        }
        f["threads"] = json!(threads);
        out.insert("e_pagerank".into(), f);
    }
    if want("f_dot") {
        let writer = DotWriter::plain();
        let mut edges = 0usize;
        let mut write_s = 0.0;
        let mut write_cpu_s = 0.0;
        let mut reused: Vec<u8> = Vec::new();
        let (mut reused_s, mut reused_cpu_s) = (0.0, 0.0);
        let mut subgraph_ms = Vec::new();
        let mut subgraph_cpu_ms = Vec::new();
        // Per query: materialisation + `to_vec` (a fresh vector: the
        // family's figures; the reused-buffer write below is left out).
        let (mut one_ms, mut one_cpu_ms) = (Vec::new(), Vec::new());
        let mut f = family(&q.dot, budget, |(c, k)| {
            let c_sub = thread_cpu_ns();
            let t = Instant::now();
            let Ok(n) = neighborhood(g, c, *k, Direction::Both, &plain) else {
                return json!(null);
            };
            let sub_ms = ms(t.elapsed());
            subgraph_ms.push(sub_ms);
            let c = thread_cpu_ns();
            if let (Some(c0), Some(c1)) = (c_sub, c) {
                subgraph_cpu_ms.push((c1 - c0) as f64 / 1e6);
            }
            let t = Instant::now();
            // The call a user makes for the text in memory: one vector,
            // reserved once from the graph's size.
            let buf = writer.to_vec(&n.graph);
            let w = t.elapsed().as_secs_f64();
            let ok = buf.ends_with(b"}\n");
            write_s += w;
            one_ms.push(sub_ms + w * 1e3);
            if let (Some(c0), Some(c1), Some(c2)) = (c_sub, c, thread_cpu_ns()) {
                write_cpu_s += (c2 - c1) as f64 / 1e9;
                one_cpu_ms.push((c2 - c0) as f64 / 1e6);
            }
            let bytes = buf.len();
            drop(buf);
            // The same text into one buffer kept across the queries: the
            // writer without the page faults of a fresh 10-100 MB buffer.
            let c = thread_cpu_ns();
            let t = Instant::now();
            reused.clear();
            writer.append_to(&n.graph, &mut reused);
            reused_s += t.elapsed().as_secs_f64();
            if let (Some(c0), Some(c1)) = (c, thread_cpu_ns()) {
                reused_cpu_s += (c1 - c0) as f64 / 1e9;
            }
            edges += n.graph.relation_count();
            json!({"actors": n.graph.actor_count(), "relations": n.graph.relation_count(), "bytes": bytes, "ok": ok})
        });
        f["median_ms"] = json!(median(&mut one_ms));
        f["median_cpu_ms"] = json!(median(&mut one_cpu_ms));
        f["write_edges_per_s"] = json!(edges as f64 / write_s.max(1e-9));
        f["write_cpu_edges_per_s"] = json!(edges as f64 / write_cpu_s.max(1e-9));
        f["write_reused_edges_per_s"] = json!(edges as f64 / reused_s.max(1e-9));
        f["write_reused_cpu_edges_per_s"] = json!(edges as f64 / reused_cpu_s.max(1e-9));
        f["subgraph_median_ms"] = json!(median(&mut subgraph_ms));
        f["subgraph_median_cpu_ms"] = json!(median(&mut subgraph_cpu_ms));
        out.insert("f_dot".into(), f);
    }
}

fn usage(msg: &str) -> ! {
    if !msg.is_empty() {
        eprintln!("error: {msg}");
    }
    eprintln!("usage: workload --data DIR [--budget SECONDS] [--only a_ego2,b_path,...]");
    std::process::exit(2)
}

fn fail(msg: &str) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(1)
}

//! Ask a geokg graph questions from the command line.
//!
//! ```text
//! cargo run --example query -- [--graph FILE.json] [--json] COMMAND ...
//!
//!   path A B [--directed] [--kinds K,...]     shortest path (fewest relations)
//!   paths A B --max-depth N [--limit N] [--kinds K,...]
//!                                             all simple paths up to N relations
//!   trusted A B [--kinds K,...]               most trusted path (highest confidence product)
//!   neighborhood A --depth K [--direction out|in|both] [--kinds K,...]
//!   rank pagerank|degree|betweenness [--top N] [--kinds K,...]
//!   timeline A [--kinds K,...]
//!   dyad A B [--kinds K,...]
//! ```
//!
//! Without `--graph` the seed article's graph is used. Actors are named by
//! id or any alias, in any case. `--kinds` takes relation kind names
//! (`invades`, `deploys_forces_to`, dataset synonyms such as
//! `deployed_troops_to`) and group names (`military`, `diplomatic`,
//! `cooperation`, `conflict`, `structural`, `statements`). `--json` prints
//! the result as JSON on stdout.
//!
//! Exit codes: 0 on an answer (including "no path"), 1 when the graph cannot
//! be loaded, 2 on bad usage or an unknown actor (with close matches).

use std::process::ExitCode;

use geokg::query::{
    self, BetweennessOptions, DegreeOptions, Direction, DyadBalance, Filter, Neighborhood,
    PageRankOptions, Path, PathQuery, QueryError, Ranking, Timeline,
};
use geokg::{KindGroup, KnowledgeGraph, Relation, RelationKind};

const USAGE: &str = "usage: query [--graph FILE.json] [--json] [--dot FILE] COMMAND ...
commands:
  path A B [--directed] [--kinds K,...]
  paths A B --max-depth N [--limit N] [--directed] [--kinds K,...]
  trusted A B [--kinds K,...]
  neighborhood A --depth K [--direction out|in|both] [--kinds K,...]
  rank pagerank|degree|betweenness [--top N] [--kinds K,...]
  timeline A [--kinds K,...]
  dyad A B [--kinds K,...]
--kinds takes relation kinds and groups (military, diplomatic, cooperation,
conflict, structural, statements), comma-separated.";

/// Why the program stops without an answer.
enum Failure {
    /// Bad command line or unknown actor: exit 2.
    Usage(String),
    /// The graph could not be read: exit 1.
    Load(String),
}

impl From<QueryError> for Failure {
    fn from(e: QueryError) -> Self {
        Failure::Usage(e.to_string())
    }
}

/// The parsed command line.
struct Args {
    graph: Option<String>,
    json: bool,
    dot: Option<String>,
    directed: bool,
    kinds: Option<String>,
    top: usize,
    max_depth: Option<usize>,
    limit: usize,
    depth: Option<usize>,
    direction: Option<String>,
    positional: Vec<String>,
}

fn parse_args(raw: Vec<String>) -> Result<Args, Failure> {
    let mut a = Args {
        graph: None,
        json: false,
        dot: None,
        directed: false,
        kinds: None,
        top: 10,
        max_depth: None,
        limit: 100,
        depth: None,
        direction: None,
        positional: Vec::new(),
    };
    let mut it = raw.into_iter();
    let value = |it: &mut std::vec::IntoIter<String>, flag: &str| {
        it.next()
            .ok_or_else(|| Failure::Usage(format!("{flag} needs a value")))
    };
    let number = |s: String, flag: &str| {
        s.parse::<usize>()
            .map_err(|_| Failure::Usage(format!("{flag} expects a non-negative number, got {s:?}")))
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--graph" => a.graph = Some(value(&mut it, "--graph")?),
            "--json" => a.json = true,
            "--directed" => a.directed = true,
            "--kinds" => a.kinds = Some(value(&mut it, "--kinds")?),
            "--top" => a.top = number(value(&mut it, "--top")?, "--top")?,
            "--max-depth" => {
                a.max_depth = Some(number(value(&mut it, "--max-depth")?, "--max-depth")?)
            }
            "--limit" => a.limit = number(value(&mut it, "--limit")?, "--limit")?,
            "--depth" => a.depth = Some(number(value(&mut it, "--depth")?, "--depth")?),
            "--direction" => a.direction = Some(value(&mut it, "--direction")?),
            "--dot" => a.dot = Some(value(&mut it, "--dot")?),
            "-h" | "--help" => return Err(Failure::Usage(String::new())),
            s if s.starts_with("--") => {
                return Err(Failure::Usage(format!("unknown option {s:?}")));
            }
            _ => a.positional.push(arg),
        }
    }
    Ok(a)
}

/// `--kinds` to a filter: relation kinds and kind groups.
fn kinds_filter(kinds: Option<&str>) -> Result<Filter, Failure> {
    let mut f = Filter::new();
    let Some(list) = kinds else {
        return Ok(f);
    };
    for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if let Ok(g) = name.parse::<KindGroup>() {
            f = f.group(g);
        } else if let Ok(k) = RelationKind::parse_lenient(name) {
            f = f.kinds([k]);
        } else {
            let groups: Vec<&str> = KindGroup::ALL.iter().map(|g| g.as_str()).collect();
            let kinds: Vec<&str> = RelationKind::ALL.iter().map(|k| k.as_str()).collect();
            return Err(Failure::Usage(format!(
                "unknown relation kind or group {name:?}\n  groups: {}\n  kinds: {}",
                groups.join(", "),
                kinds.join(", ")
            )));
        }
    }
    Ok(f)
}

fn load(path: Option<&str>) -> Result<KnowledgeGraph, Failure> {
    match path {
        None => geokg::seed::graph()
            .map_err(|e| Failure::Load(format!("cannot load the seed graph: {e}"))),
        Some(p) => {
            let text =
                std::fs::read_to_string(p).map_err(|e| Failure::Load(format!("{p}: {e}")))?;
            KnowledgeGraph::from_json(&text).map_err(|e| Failure::Load(format!("{p}: {e}")))
        }
    }
}

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) if msg.is_empty() => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("query: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Load(msg)) => {
            eprintln!("query: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn positional<const N: usize>(a: &Args, what: &str) -> Result<[String; N], Failure> {
    let got = &a.positional[1..];
    <[String; N]>::try_from(got.to_vec()).map_err(|_| {
        Failure::Usage(format!(
            "{what} expects {N} argument{}, got {}\n{USAGE}",
            if N == 1 { "" } else { "s" },
            got.len()
        ))
    })
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let s = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::Load(format!("cannot write JSON: {e}")))?;
    println!("{s}");
    Ok(())
}

fn run(raw: Vec<String>) -> Result<(), Failure> {
    let a = parse_args(raw)?;
    let Some(command) = a.positional.first().cloned() else {
        return Err(Failure::Usage(format!("no command given\n{USAGE}")));
    };
    let filter = kinds_filter(a.kinds.as_deref())?;
    let g = load(a.graph.as_deref())?;
    match command.as_str() {
        "rank" => {
            let [measure] = positional::<1>(&a, "rank")?;
            rank(&g, &filter, &measure, &a)
        }
        "timeline" => {
            let [who] = positional::<1>(&a, "timeline")?;
            let t = query::timeline(&g, &who, &filter)?;
            if a.json {
                print_json(&t)
            } else {
                print_timeline(&g, &t);
                Ok(())
            }
        }
        "dyad" => {
            let [x, y] = positional::<2>(&a, "dyad")?;
            let d = query::dyad(&g, &x, &y, &filter)?;
            if a.json {
                print_json(&d)
            } else {
                print_dyad(&g, &d);
                Ok(())
            }
        }
        "path" | "trusted" => {
            let [x, y] = positional::<2>(&a, &command)?;
            let q = PathQuery {
                directed: a.directed,
                filter,
            };
            let path = if command == "path" {
                query::shortest_path(&g, &x, &y, &q)?
            } else {
                query::most_trusted_path(&g, &x, &y, &q)?
            };
            if let Some(file) = &a.dot {
                let ids = path.iter().flat_map(|p| p.steps.iter().map(|s| s.relation));
                write_dot(&g, ids, file)?;
            }
            print_path(&g, &x, &y, path.as_ref(), a.json)
        }
        "paths" => {
            let [x, y] = positional::<2>(&a, "paths")?;
            let depth = a
                .max_depth
                .ok_or_else(|| Failure::Usage("paths needs --max-depth N".to_string()))?;
            let q = PathQuery {
                directed: a.directed,
                filter,
            };
            let found = query::simple_paths(&g, &x, &y, depth, a.limit, &q)?;
            if let Some(file) = &a.dot {
                let ids = found
                    .paths
                    .iter()
                    .flat_map(|p| p.steps.iter().map(|s| s.relation));
                write_dot(&g, ids, file)?;
            }
            if a.json {
                let views: Vec<PathView> =
                    found.paths.iter().map(|p| PathView::new(&g, p)).collect();
                return print_json(&serde_json::json!({
                    "from": actor_name(&g, &x),
                    "to": actor_name(&g, &y),
                    "max_depth": found.max_depth,
                    "limit": found.limit,
                    "truncated": found.truncated,
                    "paths": views,
                }));
            }
            println!(
                "{} simple path{} from {} to {} with at most {} relations{}",
                found.paths.len(),
                if found.paths.len() == 1 { "" } else { "s" },
                actor_name(&g, &x),
                actor_name(&g, &y),
                found.max_depth,
                if found.truncated {
                    format!(" (stopped at --limit {}; more exist)", found.limit)
                } else {
                    String::new()
                }
            );
            for (i, p) in found.paths.iter().enumerate() {
                println!("\n{}. {}", i + 1, p.explain(&g));
            }
            Ok(())
        }
        "neighborhood" => {
            let [x] = positional::<1>(&a, "neighborhood")?;
            let direction: Direction = match &a.direction {
                Some(d) => d.parse()?,
                None => Direction::Both,
            };
            let n = query::neighborhood(&g, &x, a.depth.unwrap_or(1), direction, &filter)?;
            if let Some(file) = &a.dot {
                write_dot(&n.graph, std::iter::empty(), file)?;
            }
            if a.json {
                println!("{}", n.to_json());
                Ok(())
            } else {
                print_neighborhood(&g, &n);
                Ok(())
            }
        }
        other => Err(Failure::Usage(format!(
            "unknown command {other:?}\n{USAGE}"
        ))),
    }
}

fn rank(g: &KnowledgeGraph, filter: &Filter, measure: &str, a: &Args) -> Result<(), Failure> {
    let (title, ranking): (&str, Ranking) = match measure {
        "pagerank" => (
            "PageRank",
            query::pagerank(g, filter, &PageRankOptions::default())?,
        ),
        "degree" => (
            "degree (relations in and out)",
            query::degree(g, filter, DegreeOptions::default())?,
        ),
        "betweenness" => (
            "betweenness (normalized, directed)",
            query::betweenness(g, filter, &BetweennessOptions::default())?,
        ),
        other => {
            return Err(Failure::Usage(format!(
                "unknown ranking {other:?}: expected pagerank, degree or betweenness"
            )));
        }
    };
    let top = Ranking {
        entries: ranking.top(a.top).to_vec(),
    };
    if a.json {
        return print_json(&top);
    }
    println!("{title}, top {} of {} actors", top.len(), ranking.len());
    for (i, (id, score)) in top.entries.iter().enumerate() {
        let name = g
            .actor(id.as_str())
            .map_or(id.as_str(), |x| x.name.as_str());
        let score = if measure == "degree" {
            format!("{score}")
        } else {
            format!("{score:.4}")
        };
        println!("{:>3}. {:<40} {score:>8}  ({id})", i + 1, name);
    }
    Ok(())
}

/// The speaker and the quotes of a relation, indented.
fn print_evidence(g: &KnowledgeGraph, r: &Relation) {
    if let Some(s) = &r.asserted_by {
        let name = g.actor(s.as_str()).map_or(s.as_str(), |x| x.name.as_str());
        println!("        according to {name} ({})", r.modality);
    }
    for ev in &r.evidence {
        if !ev.quote.is_empty() {
            println!("        “{}” [{}]", ev.quote, ev.document);
        }
    }
}

fn print_timeline(g: &KnowledgeGraph, t: &Timeline) {
    let name = g
        .actor(t.actor.as_str())
        .map_or(t.actor.as_str(), |x| x.name.as_str());
    println!(
        "timeline of {name} ({}): {} relations",
        t.actor,
        t.entries.len()
    );
    for e in &t.entries {
        let date = e
            .relation
            .date
            .map_or_else(|| "undated".to_string(), |d| d.to_string());
        let roles: Vec<String> = e
            .roles
            .iter()
            .map(|r| format!("{r:?}").to_lowercase())
            .collect();
        println!("  {date:<10}  {}  [{}]", e.text, roles.join(", "));
        print_evidence(g, &e.relation);
    }
}

fn print_dyad(g: &KnowledgeGraph, d: &DyadBalance) {
    let name = |id: &geokg::ActorId| {
        g.actor(id.as_str())
            .map_or(id.to_string(), |x| x.name.clone())
    };
    let (a, b) = (name(&d.a), name(&d.b));
    println!("{a} – {b}: {}", plural(d.relations.len(), "relation"));
    println!(
        "  Goldstein total {:+.1} ({a} → {b} {:+.1}, {b} → {a} {:+.1}), mean {}",
        d.goldstein_total,
        d.goldstein_a_to_b,
        d.goldstein_b_to_a,
        d.goldstein_mean
            .map_or_else(|| "n/a".to_string(), |m| format!("{m:+.2}"))
    );
    println!(
        "  cooperation {}, conflict {}, neutral {}, structural {}, negated {}",
        d.cooperation, d.conflict, d.neutral, d.structural, d.negated
    );
    let q = &d.quad_classes;
    println!(
        "  quad classes: verbal cooperation {}, material cooperation {}, verbal conflict {}, material conflict {}",
        q.verbal_cooperation, q.material_cooperation, q.verbal_conflict, q.material_conflict
    );
    for r in &d.relations {
        let score = r
            .goldstein
            .map_or_else(|| "   –".to_string(), |s| format!("{s:+.1}"));
        let date = r
            .relation
            .date
            .map_or_else(String::new, |d| format!("  ({d})"));
        println!("  {score:>5}  {}{date}", r.text);
        print_evidence(g, &r.relation);
    }
}

/// "1 relation", "2 relations".
fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The display name of what the user typed (resolved when possible).
fn actor_name(g: &KnowledgeGraph, name: &str) -> String {
    query::resolve(g, name).map_or_else(|_| name.to_string(), |a| a.name.clone())
}

/// A path for JSON: the chain, its confidence and each step's relation
/// with evidence and speaker.
#[derive(serde::Serialize)]
struct PathView {
    chain: String,
    length: usize,
    confidence: f64,
    actors: Vec<geokg::ActorId>,
    steps: Vec<StepView>,
}

#[derive(serde::Serialize)]
struct StepView {
    forward: bool,
    text: String,
    relation: Relation,
}

impl PathView {
    fn new(g: &KnowledgeGraph, p: &Path) -> PathView {
        PathView {
            chain: p.display(g).to_string(),
            length: p.len(),
            confidence: p.confidence(g),
            actors: p.actors.clone(),
            steps: p
                .steps
                .iter()
                .filter_map(|s| {
                    s.relation_ref(g).map(|r| StepView {
                        forward: s.forward,
                        text: r.to_string(),
                        relation: r.to_relation(),
                    })
                })
                .collect(),
        }
    }
}

/// Writes `g` as Graphviz DOT to `file`, the given relations drawn bold and
/// the rest dimmed (when any are given).
fn write_dot(
    g: &KnowledgeGraph,
    highlight: impl IntoIterator<Item = geokg::RelationId>,
    file: &str,
) -> Result<(), Failure> {
    let ids: Vec<geokg::RelationId> = highlight.into_iter().collect();
    let writer = geokg::export::DotWriter::new()
        .dim_others(!ids.is_empty())
        .highlight(ids);
    let out = std::fs::File::create(file).map_err(|e| Failure::Load(format!("{file}: {e}")))?;
    let mut out = std::io::BufWriter::new(out);
    writer
        .write(g, &mut out)
        .and_then(|()| std::io::Write::flush(&mut out))
        .map_err(|e| Failure::Load(format!("{file}: {e}")))
}

fn print_path(
    g: &KnowledgeGraph,
    from: &str,
    to: &str,
    path: Option<&Path>,
    json: bool,
) -> Result<(), Failure> {
    let (from, to) = (actor_name(g, from), actor_name(g, to));
    if json {
        return print_json(&serde_json::json!({
            "from": from,
            "to": to,
            "path": path.map(|p| PathView::new(g, p)),
        }));
    }
    match path {
        None => println!("no path from {from} to {to}"),
        Some(p) => {
            println!(
                "{} relation{}, confidence {:.3}",
                p.len(),
                if p.len() == 1 { "" } else { "s" },
                p.confidence(g)
            );
            println!("{}", p.explain(g));
        }
    }
    Ok(())
}

fn print_neighborhood(g: &KnowledgeGraph, n: &Neighborhood) {
    let name = |id: &geokg::ActorId| {
        g.actor(id.as_str())
            .map_or(id.to_string(), |x| x.name.clone())
    };
    println!(
        "{} within {} step{} ({}): {} actors, {} relations",
        name(&n.center),
        n.depth,
        if n.depth == 1 { "" } else { "s" },
        n.direction,
        n.len(),
        n.graph.relation_count()
    );
    for d in 1..=n.depth as u32 {
        let at: Vec<String> = n.at_distance(d).map(name).collect();
        if !at.is_empty() {
            println!("  {d}: {}", at.join(", "));
        }
    }
    for r in n.graph.relations() {
        println!("  [{}] {r}", r.id());
        print_evidence(&n.graph, &r.to_relation());
    }
}

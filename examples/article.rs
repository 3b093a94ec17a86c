//! The seed article's graph: a readable summary, or the whole graph as JSON.
//!
//! ```text
//! cargo run --example article            # summary
//! cargo run --example article -- --json  # the graph in geokg JSON on stdout
//! cargo run --example article -- --out DIR # DIR/article.dot (story core), DIR/article-full.dot,
//!                                          # and their .svg when Graphviz `dot` is on PATH
//! ```

use std::collections::BTreeMap;
use std::process::ExitCode;

use geokg::{ActorDetails, KnowledgeGraph, Modality};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut json = false;
    let mut out_dir: Option<std::path::PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--out" => match it.next() {
                Some(d) => out_dir = Some(d.into()),
                None => {
                    eprintln!("article: --out needs a directory");
                    return ExitCode::from(2);
                }
            },
            "-h" | "--help" => {
                println!("usage: article [--json] [--out DIR]");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("article: unknown argument {other:?} (try --help)");
                return ExitCode::from(2);
            }
        }
    }
    let graph = match geokg::seed::graph() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("article: cannot load the seed graph: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(dir) = out_dir {
        return match write_pictures(&graph, &dir) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("article: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if json {
        println!("{}", graph.to_json_pretty());
    } else {
        summary(&graph);
    }
    ExitCode::SUCCESS
}

fn summary(g: &KnowledgeGraph) {
    if let Some(doc) = g.documents().next() {
        println!(
            "{} ({}, {})",
            doc.title.as_deref().unwrap_or(doc.id.as_str()),
            doc.source.as_deref().unwrap_or("unknown source"),
            doc.published
                .map_or("undated".to_string(), |d| d.to_string())
        );
    }
    println!(
        "\n{} actors, {} relations\n",
        g.actor_count(),
        g.relation_count()
    );

    let mut by_kind: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for a in g.actors() {
        by_kind
            .entry(a.kind().to_string())
            .or_default()
            .push(&a.name);
    }
    println!("Actors by kind:");
    for (kind, names) in &by_kind {
        println!("  {kind:<13} {:>3}  {}", names.len(), names.join(", "));
    }

    let mut rel_kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut modalities: BTreeMap<Modality, usize> = BTreeMap::new();
    for r in g.relations() {
        *rel_kinds.entry(r.kind().as_str()).or_default() += 1;
        *modalities.entry(r.modality()).or_default() += 1;
    }
    println!("\nRelations by kind:");
    let mut kinds: Vec<_> = rel_kinds.into_iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (kind, n) in kinds {
        println!("  {kind:<22} {n:>3}");
    }
    println!("\nBy modality:");
    for (m, n) in modalities {
        println!("  {:<22} {n:>3}", m.as_str());
    }

    println!("\nMost connected actors (relations in + out):");
    let mut degree: Vec<(usize, &str)> = g
        .actors()
        .map(|a| {
            let d = g.relations_from(a.id.as_str()).map_or(0, |i| i.count())
                + g.relations_to(a.id.as_str()).map_or(0, |i| i.count());
            (d, a.name.as_str())
        })
        .collect();
    degree.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    for (d, name) in degree.iter().take(10) {
        println!("  {d:>3}  {name}");
    }

    println!("\nWho says what (relations asserted by a speaker):");
    let mut speakers: Vec<&str> = Vec::new();
    let mut claims: BTreeMap<&str, Vec<geokg::RelationRef<'_>>> = BTreeMap::new();
    for r in g.relations() {
        if let Some(s) = r.asserted_by() {
            if !claims.contains_key(s.id.as_str()) {
                speakers.push(s.id.as_str());
            }
            claims.entry(s.id.as_str()).or_default().push(r);
        }
    }
    for id in speakers {
        let Some(actor) = g.actor(id) else { continue };
        let role = match &actor.details {
            ActorDetails::Person { role, affiliation } => {
                let aff = affiliation
                    .as_ref()
                    .and_then(|a| g.actor(a.as_str()))
                    .map(|a| a.name.as_str());
                [role.as_deref(), aff]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ")
            }
            ActorDetails::Leader { office, .. } => office.clone().unwrap_or_default(),
            _ => actor.kind().to_string(),
        };
        let rels = &claims[id];
        println!("\n  {} ({role}): {} relation(s)", actor.name, rels.len());
        for r in rels {
            println!("    - {r}");
            for e in r.evidence() {
                println!("        “{}”", e.quote());
            }
        }
    }
}

/// Writes `DIR/article.dot` (the story's core) and `DIR/article-full.dot`
/// (every actor and relation), and renders both to SVG when `dot` is on PATH.
fn write_pictures(g: &KnowledgeGraph, dir: &std::path::Path) -> Result<(), String> {
    use geokg::export::dot::DotWriter;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let title = g
        .documents()
        .next()
        .and_then(|d| d.title.clone())
        .unwrap_or_else(|| "geokg".to_string());
    for (name, writer) in [
        (
            "article",
            DotWriter::story(STORY_ACTORS).title(title.clone()),
        ),
        ("article-full", DotWriter::new().title(title.clone())),
    ] {
        let dot_path = dir.join(format!("{name}.dot"));
        let file = std::fs::File::create(&dot_path)
            .map_err(|e| format!("cannot create {}: {e}", dot_path.display()))?;
        writer
            .write(g, &mut std::io::BufWriter::new(file))
            .map_err(|e| format!("cannot write {}: {e}", dot_path.display()))?;
        println!("wrote {}", dot_path.display());
        let svg_path = dir.join(format!("{name}.svg"));
        match std::process::Command::new("dot")
            .arg("-Tsvg")
            .arg(&dot_path)
            .arg("-o")
            .arg(&svg_path)
            .status()
        {
            Ok(s) if s.success() => println!("wrote {}", svg_path.display()),
            Ok(s) => return Err(format!("dot failed on {} ({s})", dot_path.display())),
            Err(_) => println!("(Graphviz `dot` not found: no SVG written)"),
        }
    }
    Ok(())
}

/// Actors kept in the story picture.
const STORY_ACTORS: usize = 28;

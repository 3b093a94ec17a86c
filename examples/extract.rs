//! Extracts an actor–relation graph from a news text file.
//!
//! ```text
//! cargo run --example extract -- FILE.txt [--date YYYY-MM-DD] [--gazetteer FILE.json] [--json | --dot FILE]
//! ```
//!
//! Without `--json` it prints the actors and the relations with their
//! speakers, modality, dates and quotes. `--json` writes the graph in the
//! crate's JSON format on stdout.

use std::io::Write;
use std::process::ExitCode;

use geokg::build::{Extractor, Gazetteer};
use geokg::{Date, Modality};

fn usage() -> &'static str {
    "usage: extract FILE.txt [--date YYYY-MM-DD] [--gazetteer FILE.json] [--json | --dot FILE]"
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut file, mut date, mut json, mut dot, mut gaz) = (None, None, false, None, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--date" => date = args.next(),
            "--json" => json = true,
            "--dot" => dot = args.next(),
            "--gazetteer" => gaz = args.next(),
            "-h" | "--help" => {
                println!("{}", usage());
                return ExitCode::SUCCESS;
            }
            _ if file.is_none() && !a.starts_with("--") => file = Some(a),
            other => {
                eprintln!("extract: unexpected argument {other:?}\n{}", usage());
                return ExitCode::from(2);
            }
        }
    }
    let Some(file) = file else {
        eprintln!("{}", usage());
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("extract: cannot read {file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut b = Extractor::builder();
    if let Some(d) = &date {
        match d.parse::<Date>() {
            Ok(d) => b = b.date(d),
            Err(e) => {
                eprintln!("extract: --date: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if let Some(path) = &gaz {
        match Gazetteer::from_file(path) {
            Ok(g) => b = b.gazetteer(g),
            Err(e) => {
                eprintln!("extract: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let name = std::path::Path::new(&file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into());
    let id: String = name
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    let extractor = match b.document_id(id).build() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("extract: {e}");
            return ExitCode::FAILURE;
        }
    };
    let graph = match extractor.extract_bytes(&bytes) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("extract: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(file) = dot {
        let written = std::fs::File::create(&file).and_then(|f| {
            let mut w = std::io::BufWriter::new(f);
            geokg::export::DotWriter::new().write(&graph, &mut w)?;
            w.flush()
        });
        if let Err(e) = written {
            eprintln!("extract: cannot write {file}: {e}");
            return ExitCode::FAILURE;
        }
    }
    // Writing to a closed pipe (`| head`) is not an error worth a panic.
    let mut out = std::io::stdout().lock();
    let _ = if json {
        writeln!(out, "{}", graph.to_json())
    } else {
        print_graph(&mut out, &graph)
    };
    ExitCode::SUCCESS
}

fn print_graph(out: &mut impl Write, graph: &geokg::KnowledgeGraph) -> std::io::Result<()> {
    writeln!(out, "{} actors:", graph.actor_count())?;
    for a in graph.actors() {
        let mut line = format!(
            "  {:<28} {:<12} {}",
            a.id.as_str(),
            a.kind().as_str(),
            a.name
        );
        if let geokg::ActorDetails::Person { role: Some(r), .. } = &a.details {
            line.push_str(&format!(" — {r}"));
        }
        writeln!(out, "{line}")?;
    }
    writeln!(out, "\n{} relations:", graph.relation_count())?;
    for r in graph.relations() {
        let mut head = format!(
            "  {} —{}→ {}",
            r.source().name,
            r.kind().label(),
            r.target().name
        );
        if r.negated() {
            head.push_str(" [negated]");
        }
        if r.modality() != Modality::Fact {
            head.push_str(&format!(" [{}]", r.modality()));
        }
        match r.asserted_by() {
            Some(s) => head.push_str(&format!(" (according to {})", s.name)),
            None if r.modality() == Modality::Claim => head.push_str(" (unnamed source)"),
            None => {}
        }
        if let Some(d) = r.date() {
            head.push_str(&format!(" {{{d}}}"));
        }
        head.push_str(&format!(" conf {:.2}", r.confidence()));
        writeln!(out, "{head}")?;
        for ev in r.evidence().take(2) {
            let q: String = ev.quote().chars().take(160).collect();
            writeln!(out, "      “{q}”")?;
        }
    }
    Ok(())
}

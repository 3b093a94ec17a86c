//! Compares the extractor's graph of the seed article with the curated
//! seed graph: precision, recall and F1 for actors, relations (source,
//! target and relation family) and speaker attribution, with the misses
//! and false hits.
//!
//! ```text
//! cargo run --example evaluate
//! ```

use std::io::Write;
use std::process::ExitCode;

use geokg::build::{Extractor, evaluate};

fn main() -> ExitCode {
    let gold = match geokg::seed::graph() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("evaluate: cannot load the seed graph: {e}");
            return ExitCode::FAILURE;
        }
    };
    let date = gold
        .document(geokg::seed::DOCUMENT_ID)
        .and_then(|d| d.published);
    let mut b = Extractor::builder().document_id(geokg::seed::DOCUMENT_ID);
    if let Some(d) = date {
        b = b.date(d);
    }
    let extracted = match b.build().and_then(|x| x.extract(geokg::seed::ARTICLE)) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("evaluate: extraction failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Writing to a closed pipe (`| head`) is not an error worth a panic.
    let mut out = std::io::stdout().lock();
    let _ = write!(
        out,
        "seed article: {} extracted relations, {} curated\n\n{}",
        extracted.relation_count(),
        gold.relation_count(),
        evaluate(&extracted, &gold)
    );
    ExitCode::SUCCESS
}

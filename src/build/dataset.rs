//! Curated annotation files: a document plus hand-made actors and relations
//! whose evidence is given as quotes.
//!
//! The loader finds every quote in the document text, computes its byte
//! span, and refuses a quote that is not there, naming the relation. This
//! keeps hand annotations honest: every relation points at the words that
//! support it.
//!
//! # Format (version 1)
//!
//! ```json
//! {
//!   "format": "geokg-annotations",
//!   "version": 1,
//!   "document": {"id": "ap-2022-01-08", "title": "…", "published": "2022-01-08",
//!                "source": "AP", "url": null, "file": "article.txt"},
//!   "actors": [{"id": "russia", "kind": "country", "name": "Russia", "iso3": "RUS"}],
//!   "relations": [
//!     {"source": "russia", "kind": "deploys_forces_to", "target": "kazakhstan",
//!      "modality": "fact", "negated": false, "asserted_by": null,
//!      "date": "2022-01-06", "confidence": 0.95,
//!      "quotes": ["Russia’s decision to send paratroopers to Kazakhstan",
//!                 {"text": "Russian troops", "occurrence": 2}],
//!      "note": "…"}
//!   ]
//! }
//! ```
//!
//! * `document.file` names the text file, relative to the annotation file
//!   (used by [`load_file`]; [`load_str`] takes the text directly).
//! * Actors are the same objects as in the graph JSON format.
//! * A quote is a string or `{"text", "occurrence"}` (1-based, for text
//!   that occurs more than once). Typographic quote marks (’ ‘ “ ”) in the
//!   document match ASCII `'` and `"` in the quote and vice versa; the
//!   stored evidence is always the verbatim document text.
//! * Actor references inside actors (`of`, `affiliation`, `part_of`,
//!   `country`, `location`) must name actors of the file.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::GraphError;
use crate::graph::KnowledgeGraph;
use crate::model::{
    Actor, ActorId, CameoCode, Date, Document, DocumentId, Evidence, Modality, Relation,
    RelationKind, Span,
};

/// The `format` value of annotation files.
pub const ANNOTATION_FORMAT: &str = "geokg-annotations";
/// The annotation format version this crate reads.
pub const ANNOTATION_VERSION: u32 = 1;

/// A curated annotation file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Malformed JSON or a field of the wrong shape.
    #[error("{file}: JSON error at line {line}, column {column}: {message}")]
    Json {
        /// The annotation file (or `<string>`).
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was wrong.
        message: String,
    },
    /// The `format` or `version` field is not one this crate reads.
    #[error(
        "{file}: unsupported annotation format {format:?} version {version} (expected {ANNOTATION_FORMAT:?} version {ANNOTATION_VERSION})"
    )]
    Unsupported {
        /// The annotation file.
        file: String,
        /// The format found.
        format: String,
        /// The version found.
        version: u64,
    },
    /// A quote does not occur in the document text.
    #[error(
        "relations[{index}] ({source_id} {kind} {target_id}): quote {quote:?} not found in document \"{document}\""
    )]
    QuoteNotFound {
        /// Index of the relation in the file.
        index: usize,
        /// Its source.
        source_id: ActorId,
        /// Its kind.
        kind: RelationKind,
        /// Its target.
        target_id: ActorId,
        /// The quote.
        quote: String,
        /// The document.
        document: DocumentId,
    },
    /// A quote occurs fewer times than its `occurrence` asks.
    #[error(
        "relations[{index}] ({source_id} {kind} {target_id}): quote {quote:?} occurs {found} time(s), occurrence {wanted} asked"
    )]
    OccurrenceOutOfRange {
        /// Index of the relation in the file.
        index: usize,
        /// Its source.
        source_id: ActorId,
        /// Its kind.
        kind: RelationKind,
        /// Its target.
        target_id: ActorId,
        /// The quote.
        quote: String,
        /// How often it occurs.
        found: usize,
        /// The occurrence asked for.
        wanted: usize,
    },
    /// An actor's details name an actor the file does not define.
    #[error("actor \"{actor}\" refers to unknown actor \"{missing}\"")]
    DanglingReference {
        /// The actor whose details refer.
        actor: ActorId,
        /// The id not found.
        missing: ActorId,
    },
    /// The graph refused an actor or relation.
    #[error("{item}: {source}")]
    Graph {
        /// Which item, e.g. `relations[4] (russia invades ukraine)`.
        item: String,
        /// Why.
        source: GraphError,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnotationFile {
    format: String,
    version: u64,
    document: DocumentHeader,
    #[serde(default)]
    actors: Vec<Actor>,
    #[serde(default)]
    relations: Vec<AnnotatedRelation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentHeader {
    id: DocumentId,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    published: Option<Date>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    file: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnotatedRelation {
    source: ActorId,
    kind: RelationKind,
    target: ActorId,
    #[serde(default)]
    modality: Modality,
    #[serde(default)]
    negated: bool,
    #[serde(default)]
    asserted_by: Option<ActorId>,
    #[serde(default)]
    date: Option<Date>,
    #[serde(default = "one")]
    confidence: f32,
    #[serde(default)]
    quotes: Vec<QuoteSpec>,
    #[serde(default)]
    cameo: Option<CameoCode>,
    #[serde(default)]
    goldstein: Option<f32>,
    #[serde(default)]
    note: Option<String>,
}

fn one() -> f32 {
    1.0
}

#[derive(Deserialize)]
#[serde(untagged)]
enum QuoteSpec {
    Text(String),
    Nth { text: String, occurrence: usize },
}

/// Folds typographic quote marks to ASCII, one char at a time.
fn fold(c: char) -> char {
    match c {
        '’' | '‘' | '‛' | '′' => '\'',
        '“' | '”' | '„' | '″' => '"',
        c => c,
    }
}

/// A text with its quote marks folded, and the byte offset in the original
/// text of every byte of the folded one.
struct FoldedText {
    folded: String,
    origin: Vec<u32>,
}

impl FoldedText {
    fn new(text: &str) -> Self {
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.char_indices() {
            let f = fold(c);
            folded.push(f);
            origin.extend(std::iter::repeat_n(i as u32, f.len_utf8()));
        }
        origin.push(text.len() as u32);
        FoldedText { folded, origin }
    }

    /// Byte spans (in the original text) of every occurrence of `quote`.
    fn find_all(&self, quote: &str) -> Vec<Span> {
        let q: String = quote.chars().map(fold).collect();
        if q.is_empty() {
            return Vec::new();
        }
        self.folded
            .match_indices(q.as_str())
            .filter_map(|(i, m)| Span::new(self.origin[i], self.origin[i + m.len()]))
            .collect()
    }
}

/// Loads an annotation file and the text file it names (relative to it).
pub fn load_file(path: impl AsRef<Path>) -> Result<KnowledgeGraph, DatasetError> {
    let path = path.as_ref();
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|source| DatasetError::Io {
            path: p.to_path_buf(),
            source,
        })
    };
    let annotations = read(path)?;
    let file = parse(&annotations, &path.display().to_string())?;
    let text = match &file.document.file {
        Some(f) => read(&path.parent().unwrap_or(Path::new(".")).join(f))?,
        None => String::new(),
    };
    build(file, text)
}

/// Loads annotations from a string, with the document text given directly
/// (`document.file` is ignored).
pub fn load_str(annotations: &str, text: &str) -> Result<KnowledgeGraph, DatasetError> {
    build(parse(annotations, "<string>")?, text.to_string())
}

fn parse(annotations: &str, name: &str) -> Result<AnnotationFile, DatasetError> {
    let file: AnnotationFile =
        serde_json::from_str(annotations).map_err(|e| DatasetError::Json {
            file: name.to_string(),
            line: e.line(),
            column: e.column(),
            message: {
                let m = e.to_string();
                m.rfind(" at line ")
                    .map_or(m.clone(), |i| m[..i].to_string())
            },
        })?;
    if file.format != ANNOTATION_FORMAT || file.version != u64::from(ANNOTATION_VERSION) {
        return Err(DatasetError::Unsupported {
            file: name.to_string(),
            format: file.format,
            version: file.version,
        });
    }
    Ok(file)
}

fn build(file: AnnotationFile, text: String) -> Result<KnowledgeGraph, DatasetError> {
    let folded = FoldedText::new(&text);
    let doc_id = file.document.id.clone();
    let mut g = KnowledgeGraph::with_capacity(file.actors.len(), file.relations.len());
    let h = file.document;
    g.add_document(Document {
        id: h.id,
        title: h.title,
        published: h.published,
        source: h.source,
        url: h.url,
        text: Some(text),
    })
    .map_err(|source| DatasetError::Graph {
        item: "document".into(),
        source,
    })?;
    for (i, a) in file.actors.into_iter().enumerate() {
        let item = format!("actors[{i}] ({})", a.id);
        g.add_actor(a)
            .map_err(|source| DatasetError::Graph { item, source })?;
    }
    for a in g.actors() {
        if let Some(missing) = a
            .details
            .referenced_actors()
            .find(|r| !g.contains_actor(r.as_str()))
        {
            return Err(DatasetError::DanglingReference {
                actor: a.id.clone(),
                missing: missing.clone(),
            });
        }
    }
    for (index, r) in file.relations.into_iter().enumerate() {
        let mut evidence = Vec::with_capacity(r.quotes.len());
        for q in &r.quotes {
            let (quote, wanted) = match q {
                QuoteSpec::Text(t) => (t, 1),
                QuoteSpec::Nth { text, occurrence } => (text, *occurrence),
            };
            let spans = folded.find_all(quote);
            if spans.is_empty() {
                return Err(DatasetError::QuoteNotFound {
                    index,
                    source_id: r.source,
                    kind: r.kind,
                    target_id: r.target,
                    quote: quote.clone(),
                    document: doc_id,
                });
            }
            let Some(span) = wanted.checked_sub(1).and_then(|n| spans.get(n)) else {
                return Err(DatasetError::OccurrenceOutOfRange {
                    index,
                    source_id: r.source,
                    kind: r.kind,
                    target_id: r.target,
                    quote: quote.clone(),
                    found: spans.len(),
                    wanted,
                });
            };
            // An empty quote is filled in from the document text.
            evidence.push(Evidence::quote(doc_id.clone(), *span, String::new()));
        }
        let item = format!("relations[{index}] ({} {} {})", r.source, r.kind, r.target);
        let rel = Relation {
            id: None,
            source: r.source,
            kind: r.kind,
            target: r.target,
            modality: r.modality,
            negated: r.negated,
            asserted_by: r.asserted_by,
            date: r.date,
            confidence: r.confidence,
            evidence,
            cameo: r.cameo,
            goldstein: r.goldstein,
            note: r.note,
        };
        g.add_relation(rel)
            .map_err(|source| DatasetError::Graph { item, source })?;
    }
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "Russia’s decision to send paratroopers to Kazakhstan. Russia said “no”. Russia again.";

    fn ann(relations: &str) -> String {
        format!(
            r#"{{"format":"geokg-annotations","version":1,
            "document":{{"id":"d","published":"2022-01-08"}},
            "actors":[{{"id":"russia","kind":"country","name":"Russia","iso3":"RUS"}},
                      {{"id":"kazakhstan","kind":"country","name":"Kazakhstan"}}],
            "relations":[{relations}]}}"#
        )
    }

    #[test]
    fn quotes_become_verbatim_spans() {
        let g = load_str(
            &ann(
                r#"{"source":"russia","kind":"deploys_forces_to","target":"kazakhstan",
                     "quotes":["Russia's decision to send paratroopers", "said \"no\"",
                               {"text":"Russia","occurrence":3}]}"#,
            ),
            TEXT,
        )
        .unwrap();
        let r = g.relations().next().unwrap();
        let ev: Vec<_> = r.evidence().collect();
        assert_eq!(ev[0].quote(), "Russia’s decision to send paratroopers");
        assert_eq!(ev[0].span(), Span::new(0, 40));
        assert_eq!(ev[1].quote(), "said “no”");
        assert_eq!(&TEXT[ev[2].span().unwrap().range()], "Russia");
        assert_eq!(
            ev[2].span().unwrap().start as usize,
            TEXT.rfind("Russia").unwrap()
        );
    }

    #[test]
    fn missing_quote_names_the_relation() {
        let e = load_str(
            &ann(r#"{"source":"russia","kind":"invades","target":"kazakhstan","quotes":["tanks rolled"]}"#),
            TEXT,
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("relations[0] (russia invades kazakhstan)")
                && msg.contains("tanks rolled"),
            "{msg}"
        );
        let e = load_str(
            &ann(r#"{"source":"russia","kind":"invades","target":"kazakhstan","quotes":[{"text":"Russia","occurrence":4}]}"#),
            TEXT,
        )
        .unwrap_err();
        assert!(
            matches!(
                e,
                DatasetError::OccurrenceOutOfRange {
                    found: 3,
                    wanted: 4,
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn bad_files_give_typed_errors() {
        assert!(matches!(
            load_str("{", TEXT),
            Err(DatasetError::Json { line: 1, .. })
        ));
        assert!(matches!(
            load_str(&ann("").replace("\"version\":1", "\"version\":2"), TEXT),
            Err(DatasetError::Unsupported { version: 2, .. })
        ));
        let dup = ann("").replace("\"id\":\"kazakhstan\"", "\"id\":\"russia\"");
        assert!(matches!(
            load_str(&dup, TEXT),
            Err(DatasetError::Graph { .. })
        ));
        let e = load_str(
            &ann(r#"{"source":"russia","kind":"invades","target":"ghost"}"#),
            TEXT,
        )
        .unwrap_err();
        assert!(e.to_string().contains("\"ghost\""), "{e}");
        let e = load_str(
            &ann(r#"{"source":"russia","kind":"invades","target":"kazakhstan","confidence":1.5}"#),
            TEXT,
        )
        .unwrap_err();
        assert!(e.to_string().contains("1.5"), "{e}");
        let dangling = ann("").replace(
            "\"kind\":\"country\",\"name\":\"Kazakhstan\"",
            "\"kind\":\"region\",\"name\":\"K\",\"part_of\":\"ussr\"",
        );
        assert!(matches!(
            load_str(&dangling, TEXT),
            Err(DatasetError::DanglingReference { .. })
        ));
    }
}

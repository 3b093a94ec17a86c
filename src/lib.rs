//! # geokg — geopolitical actor–relation knowledge graphs
//!
//! Turn news text and event data into a graph of *who does what to whom,
//! according to whom*, and ask it questions.
//!
//! * **Typed actors** ([`Actor`], [`ActorKind`]): countries with ISO 3166
//!   codes, leaders with their office, alliances, persons, organizations,
//!   regions, cities standing for their governments, named events. Each has
//!   a stable [`ActorId`], a canonical name and aliases.
//! * **Annotated relations** ([`Relation`], [`RelationKind`]): directed,
//!   typed edges carrying their evidence (verbatim quote and byte span in a
//!   [`Document`]), who asserted them (the narrator or a quoted speaker),
//!   [`Modality`] (fact, claim, speculation, denial) and negation, a
//!   [`Date`] with its precision, a confidence, and the standard event codes
//!   (CAMEO root, PLOVER type, Goldstein score, quad class).
//! * **A graph** ([`KnowledgeGraph`]) with our own ids (petgraph stays
//!   inside), alias lookup, and a versioned JSON format that round-trips.
//! * **The seed article** ([`seed`]): an AP report of January 2022 on the
//!   CSTO deployment to Kazakhstan and the US–Russia talks over Ukraine,
//!   shipped with curated annotations ([`build::dataset`]).
//!
//! ## Example
//!
//! ```
//! use geokg::{Actor, ActorId, Document, DocumentId, Evidence, KnowledgeGraph, Modality,
//!             Relation, RelationKind, Span};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let text = "Kazakh President Tokayev asked the CSTO for help. Russia sent paratroopers, \
//!             an expert said Moscow may want to reassert hegemony.";
//! let doc = DocumentId::new("example")?;
//! let mut g = KnowledgeGraph::new();
//! g.add_document(Document::new(doc.clone()).with_text(text))?;
//! g.add_actor(Actor::country("russia", "Russia", "RUS")?.with_aliases(["Moscow"]))?;
//! g.add_actor(Actor::country("kazakhstan", "Kazakhstan", "KAZ")?)?;
//! g.add_actor(Actor::of_kind("expert", geokg::ActorKind::Person, "An expert")?)?;
//!
//! // Evidence is a byte span into the document; the quote is checked against it.
//! let quote = "Russia sent paratroopers";
//! let start = text.find(quote).unwrap();
//! let span = Span::from_range(start..start + quote.len()).unwrap();
//! let sent = g.add_relation(
//!     Relation::new(ActorId::new("russia")?, RelationKind::DeploysForcesTo, ActorId::new("kazakhstan")?)
//!         .with_evidence(Evidence::quote(doc.clone(), span, quote))
//!         .with_confidence(0.95),
//! )?;
//! // A speaker's hedged claim is a different relation between the same pair.
//! g.add_relation(
//!     Relation::new(ActorId::new("russia")?, RelationKind::SeeksInfluenceOver, ActorId::new("kazakhstan")?)
//!         .with_modality(Modality::Speculation)
//!         .with_asserted_by(ActorId::new("expert")?),
//! )?;
//!
//! let moscow = g.find_actor("moscow").unwrap(); // any alias, any case
//! assert_eq!(moscow.id.as_str(), "russia");
//! assert_eq!(g.relations_between("russia", "kazakhstan")?.count(), 2);
//! let r = g.relation(sent).unwrap();
//! assert_eq!(r.kind().cameo_root(), Some(7));
//! assert_eq!(r.evidence().next().unwrap().quote(), "Russia sent paratroopers");
//!
//! // JSON round-trips.
//! let back = KnowledgeGraph::from_json(&g.to_json())?;
//! assert_eq!(back.to_json(), g.to_json());
//! # Ok(())
//! # }
//! ```
//!
//! ## Layout
//!
//! * [`model`]: the vocabulary (actors, relation kinds and codes, evidence, dates).
//! * [`graph`]: [`KnowledgeGraph`] and its borrowed views.
//! * [`build`]: building graphs (curated annotation files; extraction from
//!   news text with a gazetteer: [`build::Extractor`]; CSV and GDELT importers).
//! * [`export`]: writing graphs out (JSON).
//! * [`error`]: error types, one per concern.
#![warn(missing_docs)]

pub mod build;
pub mod error;
pub mod export;
pub mod graph;
pub mod model;
pub mod query;
pub mod seed;
#[doc(hidden)]
pub mod testing;

pub use build::DatasetError;
pub use build::{ExtractError, Extractor, Gazetteer, GazetteerError};
pub use error::{ActorRole, GraphError, ModelError};
pub use export::JsonError;
pub use graph::{EvidenceRef, KnowledgeGraph, RelationRef, RemovedActor};
pub use model::*;

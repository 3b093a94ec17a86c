//! Relations: a typed, directed edge with its annotations.

use serde::{Deserialize, Serialize};

use super::evidence::{Evidence, Modality};
use super::id::{ActorId, RelationId};
use super::relation_kind::{CameoCode, RelationKind};
use super::time::Date;

/// A relation as a value: who does what to whom, with its evidence,
/// attribution, modality, time and confidence.
///
/// This is the owned form used to add relations to a
/// [`KnowledgeGraph`](crate::KnowledgeGraph) and in JSON. The graph hands out
/// borrowed [`RelationRef`](crate::RelationRef)s.
///
/// ```
/// use geokg::{ActorId, Modality, Relation, RelationKind};
/// let id = |s| ActorId::new(s).unwrap();
/// let r = Relation::new(id("russia"), RelationKind::Threatens, id("ukraine"))
///     .with_modality(Modality::Claim)
///     .with_asserted_by(id("united_states"))
///     .with_confidence(0.8);
/// assert_eq!(r.kind.goldstein(), Some(-6.0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// The relation's id in the graph it came from (ignored when adding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<RelationId>,
    /// The actor that acts.
    pub source: ActorId,
    /// What it does.
    pub kind: RelationKind,
    /// The actor acted upon.
    pub target: ActorId,
    /// Fact, claim, speculation or denial.
    #[serde(default)]
    pub modality: Modality,
    /// The text says the relation does *not* hold.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negated: bool,
    /// Who asserts it: `None` is the narrator (the document's author).
    #[serde(default)]
    pub asserted_by: Option<ActorId>,
    /// When it happened or held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Confidence in 0..=1 that the relation is a correct reading.
    #[serde(default = "default_confidence")]
    pub confidence: f32,
    /// Evidence, possibly from several documents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// A specific CAMEO code overriding the kind's canonical one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<CameoCode>,
    /// A Goldstein score overriding the kind's (-10..=10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goldstein: Option<f32>,
    /// A free-text note (a reading of the source, a caveat).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn default_confidence() -> f32 {
    1.0
}

impl Relation {
    /// A narrator-stated fact with confidence 1 and no evidence.
    pub fn new(source: ActorId, kind: RelationKind, target: ActorId) -> Self {
        Relation {
            id: None,
            source,
            kind,
            target,
            modality: Modality::Fact,
            negated: false,
            asserted_by: None,
            date: None,
            confidence: 1.0,
            evidence: Vec::new(),
            cameo: None,
            goldstein: None,
            note: None,
        }
    }

    /// Sets the modality.
    pub fn with_modality(mut self, modality: Modality) -> Self {
        self.modality = modality;
        self
    }

    /// Marks the relation as negated.
    pub fn negated(mut self) -> Self {
        self.negated = true;
        self
    }

    /// Sets the speaker.
    pub fn with_asserted_by(mut self, speaker: ActorId) -> Self {
        self.asserted_by = Some(speaker);
        self
    }

    /// Sets the date.
    pub fn with_date(mut self, date: Date) -> Self {
        self.date = Some(date);
        self
    }

    /// Sets the confidence (checked when the relation is added to a graph).
    pub fn with_confidence(mut self, confidence: f32) -> Self {
        self.confidence = confidence;
        self
    }

    /// Adds a piece of evidence.
    pub fn with_evidence(mut self, evidence: Evidence) -> Self {
        self.evidence.push(evidence);
        self
    }

    /// Sets a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Sets a specific CAMEO code and, optionally, its Goldstein score.
    pub fn with_codes(mut self, cameo: CameoCode, goldstein: Option<f32>) -> Self {
        self.cameo = Some(cameo);
        self.goldstein = goldstein;
        self
    }

    /// The effective CAMEO code: the override, else the kind's.
    pub fn cameo_code(&self) -> Option<CameoCode> {
        self.cameo
            .or_else(|| self.kind.cameo_code().and_then(|c| CameoCode::new(c).ok()))
    }

    /// The effective Goldstein score: the override, else the kind's.
    pub fn goldstein_score(&self) -> Option<f32> {
        self.goldstein.or_else(|| self.kind.goldstein())
    }
}

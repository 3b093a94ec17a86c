//! The compact records stored on edges and in the evidence side table.

use crate::model::{CameoCode, Date, Modality, Relation, RelationKind};

/// "No value" for 32-bit indices (narrator speaker, no evidence, no quote).
pub(crate) const NONE: u32 = u32::MAX;

pub(crate) const NEGATED: u8 = 0b100;

/// What an edge holds: 28 bytes per relation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct EdgeRecord {
    /// Our relation id.
    pub id: u32,
    /// Packed date ([`Date::pack`]); 0 = none.
    pub date: u32,
    pub confidence: f32,
    /// Goldstein override; NaN = use the kind's.
    pub goldstein: f32,
    /// Node index of the speaker; [`NONE`] = the narrator.
    pub speaker: u32,
    /// Head of the evidence list; [`NONE`] = no evidence.
    pub evidence: u32,
    /// Packed CAMEO override; 0 = use the kind's.
    pub cameo: u16,
    pub kind: RelationKind,
    /// Modality in bits 0-1, negation in bit 2.
    pub flags: u8,
}

impl EdgeRecord {
    pub(crate) fn new(id: u32, r: &Relation, speaker: u32, evidence: u32) -> Self {
        EdgeRecord {
            id,
            date: r.date.map_or(0, Date::pack),
            confidence: r.confidence,
            goldstein: r.goldstein.unwrap_or(f32::NAN),
            speaker,
            evidence,
            cameo: r.cameo.map_or(0, CameoCode::pack),
            kind: r.kind,
            flags: modality_bits(r.modality) | if r.negated { NEGATED } else { 0 },
        }
    }

    pub(crate) fn modality(&self) -> Modality {
        match self.flags & 0b11 {
            0 => Modality::Fact,
            1 => Modality::Claim,
            2 => Modality::Speculation,
            _ => Modality::Denial,
        }
    }

    pub(crate) fn negated(&self) -> bool {
        self.flags & NEGATED != 0
    }

    pub(crate) fn date(&self) -> Option<Date> {
        Date::unpack(self.date)
    }
}

pub(crate) fn modality_bits(m: Modality) -> u8 {
    match m {
        Modality::Fact => 0,
        Modality::Claim => 1,
        Modality::Speculation => 2,
        Modality::Denial => 3,
    }
}

/// One piece of evidence: 20 bytes, linked into a per-relation list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EvidenceRecord {
    /// Index of the document in the graph's document map.
    pub doc: u32,
    /// Span start, [`NONE`] when there is no span.
    pub start: u32,
    pub end: u32,
    /// Index into the quote table; [`NONE`] = read it from the document
    /// text at the span (or no quote).
    pub quote: u32,
    pub next: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_stay_small() {
        assert_eq!(std::mem::size_of::<EdgeRecord>(), 28);
        assert_eq!(std::mem::size_of::<EvidenceRecord>(), 20);
    }
}

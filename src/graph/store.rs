//! The compact records stored on edges and in the evidence side table.

use std::collections::HashMap;

use crate::model::{CameoCode, Date, Modality, Relation, RelationKind};

/// "No value" for 32-bit indices (narrator speaker, no evidence, no quote).
pub(crate) const NONE: u32 = u32::MAX;

pub(crate) const NEGATED: u8 = 0b100;
/// [`StoredEdge::flags`]: the relation has a speaker (side table).
pub(crate) const HAS_SPEAKER: u8 = 0b1000;
/// [`StoredEdge::flags`]: the relation has evidence (side table).
pub(crate) const HAS_EVIDENCE: u8 = 0b1_0000;
/// [`StoredEdge::flags`]: the relation has a Goldstein override (side table).
pub(crate) const HAS_GOLDSTEIN: u8 = 0b10_0000;

/// A relation's fields as importers and loaders build them (28 bytes).
/// The graph stores it as a 16-byte [`StoredEdge`] plus side-table entries
/// for the fields that are usually unset (speaker, evidence, Goldstein).
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
    /// A narrator-stated fact of `kind` with no evidence and no overrides;
    /// the id is assigned when the record is inserted. `date` is packed
    /// ([`Date::pack`], 0 = none).
    pub(crate) fn plain(kind: RelationKind, date: u32, confidence: f32) -> Self {
        EdgeRecord {
            id: 0,
            date,
            confidence,
            goldstein: f32::NAN,
            speaker: NONE,
            evidence: NONE,
            cameo: 0,
            kind,
            flags: 0,
        }
    }

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
}

/// What an edge holds: 16 bytes per relation. The speaker, the evidence
/// head and the Goldstein override live in [`U32Column`] side tables keyed
/// by relation id; a flag bit says whether each one is set, so that
/// relations without them (the bulk of imported event data) cost nothing
/// there and readers skip the lookup.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct StoredEdge {
    /// Our relation id.
    pub id: u32,
    /// Packed date ([`Date::pack`]); 0 = none.
    pub date: u32,
    pub confidence: f32,
    /// Packed CAMEO override; 0 = use the kind's.
    pub cameo: u16,
    pub kind: RelationKind,
    /// Modality in bits 0-1, negation in bit 2, then [`HAS_SPEAKER`],
    /// [`HAS_EVIDENCE`], [`HAS_GOLDSTEIN`].
    pub flags: u8,
}

impl StoredEdge {
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

    /// Whether a quoted actor (not the narrator) asserts the relation.
    pub(crate) fn has_speaker(&self) -> bool {
        self.flags & HAS_SPEAKER != 0
    }
}

/// The hasher of [`U32Column`]'s map: `foldhash` (random seed per map).
/// Its keys are relation ids, which callers choose, so the map needs no
/// more than foldhash's seeded hashing; SipHash took 60 of the 140 million
/// instructions of materialising a 190k-relation ego subgraph at M.
pub(crate) type IdHasher = foldhash::fast::RandomState;

/// A column of optional `u32` values keyed by relation id ([`NONE`] =
/// absent): a hash map while few ids have a value, a plain vector indexed
/// by id once a third or more of the ids up to the largest have one (4
/// bytes per relation, as inline storage would cost).
///
/// Memory follows the number of values, never the size of the ids: an id
/// far past the vector's end (say `u32::MAX - 1`, which a JSON file may
/// give) turns a dense column back into a map instead of growing the
/// vector to it.
#[derive(Debug, Clone)]
pub(crate) enum U32Column {
    /// Values by id, and the largest id ever set (an upper bound).
    Sparse(HashMap<u32, u32, IdHasher>, u32),
    Dense(Vec<u32>),
}

impl Default for U32Column {
    fn default() -> Self {
        U32Column::Sparse(HashMap::default(), 0)
    }
}

impl U32Column {
    /// An empty column for ids below `bound` of which about `count` will
    /// be set: dense when they fill a third of the range or more.
    pub(crate) fn for_ids(bound: usize, count: usize) -> U32Column {
        if count.saturating_mul(3) > bound {
            U32Column::Dense(vec![NONE; bound])
        } else {
            U32Column::Sparse(
                HashMap::with_capacity_and_hasher(count, IdHasher::default()),
                0,
            )
        }
    }

    /// The value at `id`, [`NONE`] when absent.
    #[inline]
    pub(crate) fn get(&self, id: u32) -> u32 {
        match self {
            U32Column::Sparse(m, _) => m.get(&id).copied().unwrap_or(NONE),
            U32Column::Dense(v) => v.get(id as usize).copied().unwrap_or(NONE),
        }
    }

    /// Sets (or, with [`NONE`], clears) the value at `id`.
    pub(crate) fn set(&mut self, id: u32, value: u32) {
        match self {
            U32Column::Sparse(m, max) => {
                if value == NONE {
                    m.remove(&id);
                    return;
                }
                m.insert(id, value);
                *max = (*max).max(id);
                // A map entry costs about 12-16 bytes, a vector slot 4: go
                // dense when the vector would be no larger.
                let (n, len) = (m.len(), *max as usize + 1);
                if n >= 64 && n.saturating_mul(3) > len {
                    let mut v = vec![NONE; len];
                    for (&k, &x) in m.iter() {
                        v[k as usize] = x;
                    }
                    *self = U32Column::Dense(v);
                }
            }
            U32Column::Dense(v) => {
                let i = id as usize;
                if i >= v.len() {
                    if value == NONE {
                        return;
                    }
                    if i > 2 * v.len() + 64 {
                        // Far past the end: back to a map (which goes dense
                        // again once the values fill the range).
                        let mut m: HashMap<u32, u32, IdHasher> = v
                            .iter()
                            .enumerate()
                            .filter(|(_, x)| **x != NONE)
                            .map(|(k, &x)| (k as u32, x))
                            .collect();
                        let max = m.keys().copied().max().unwrap_or(0);
                        m.insert(id, value);
                        *self = U32Column::Sparse(m, max.max(id));
                        return;
                    }
                    v.resize(i + 1, NONE);
                }
                v[i] = value;
            }
        }
    }

    /// Every `(id, value)` that is set, in no particular order.
    pub(crate) fn iter(&self) -> Box<dyn Iterator<Item = (u32, u32)> + '_> {
        match self {
            U32Column::Sparse(m, _) => Box::new(m.iter().map(|(&k, &v)| (k, v))),
            U32Column::Dense(v) => Box::new(
                v.iter()
                    .enumerate()
                    .filter(|(_, x)| **x != NONE)
                    .map(|(k, &x)| (k as u32, x)),
            ),
        }
    }

    /// Every `(id, value)` that is set, by id.
    pub(crate) fn sorted(&self) -> Vec<(u32, u32)> {
        let mut all: Vec<(u32, u32)> = self.iter().collect();
        if matches!(self, U32Column::Sparse(..)) {
            all.sort_unstable();
        }
        all
    }

    /// Bytes held on the heap (map entries counted at 16 bytes).
    pub(crate) fn heap_bytes(&self) -> usize {
        match self {
            U32Column::Sparse(m, _) => m.capacity() * 16,
            U32Column::Dense(v) => v.capacity() * 4,
        }
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        match self {
            U32Column::Sparse(m, _) => m.shrink_to_fit(),
            U32Column::Dense(v) => v.shrink_to_fit(),
        }
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
        assert_eq!(std::mem::size_of::<StoredEdge>(), 16);
        assert_eq!(std::mem::size_of::<Option<StoredEdge>>(), 16);
        assert_eq!(std::mem::size_of::<EvidenceRecord>(), 20);
    }

    #[test]
    fn column_goes_dense_and_keeps_values() {
        let mut c = U32Column::default();
        c.set(5, 7);
        c.set(9, NONE);
        assert!(matches!(c, U32Column::Sparse(..)));
        assert_eq!((c.get(5), c.get(6)), (7, NONE));
        for i in 0..100 {
            c.set(i * 2, i + 1);
        }
        assert!(matches!(c, U32Column::Dense(_)));
        assert_eq!(c.get(5), 7);
        assert_eq!(c.get(198), 100);
        assert_eq!(c.get(199), NONE);
        assert_eq!(c.get(10_000), NONE);
        c.set(198, NONE);
        c.set(10_000, NONE);
        assert_eq!(c.get(198), NONE);
        let mut all: Vec<_> = c.iter().collect();
        all.sort_unstable();
        assert_eq!(all.len(), 100);
        assert_eq!(all[0], (0, 1));
        assert!(all.contains(&(5, 7)));
    }

    #[test]
    fn far_ids_never_grow_a_column_to_their_size() {
        let mut c = U32Column::default();
        for i in 0..100 {
            c.set(i, i + 1);
        }
        assert!(matches!(c, U32Column::Dense(_)));
        // Far past the end: a map again, not a 16 GiB vector.
        c.set(u32::MAX - 1, 5);
        assert!(matches!(c, U32Column::Sparse(..)));
        assert!(c.heap_bytes() < 1 << 16, "{}", c.heap_bytes());
        assert_eq!((c.get(99), c.get(u32::MAX - 1), c.get(100)), (100, 5, NONE));
        // Many more values near the start stay in the map: the far id keeps
        // the range wide.
        for i in 100..1000 {
            c.set(i, i + 1);
        }
        assert!(matches!(c, U32Column::Sparse(..)));
        assert!(c.heap_bytes() < 1 << 16, "{}", c.heap_bytes());
        let sorted = c.sorted();
        assert_eq!(sorted.len(), 1001);
        assert_eq!(sorted[0], (0, 1));
        assert_eq!(sorted[1000], (u32::MAX - 1, 5));
        // A far id first, then a map that must not densify to it.
        let mut c = U32Column::default();
        c.set(4_000_000_000, 1);
        for i in 0..200 {
            c.set(i, 2);
        }
        assert!(matches!(c, U32Column::Sparse(..)));
        assert_eq!(U32Column::for_ids(10, 4).get(3), NONE);
        assert!(matches!(U32Column::for_ids(10, 4), U32Column::Dense(_)));
        assert!(matches!(
            U32Column::for_ids(1 << 30, 4),
            U32Column::Sparse(..)
        ));
    }
}

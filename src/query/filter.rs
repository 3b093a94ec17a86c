//! [`Filter`]: which relations and actors a query may use.
//!
//! A filter is a plain value built with chained methods; every query takes
//! one. An empty filter ([`Filter::new`]) accepts everything. Queries
//! compile it once against the graph (resolving speaker ids), so checking an
//! edge in a traversal is a few integer comparisons, never a string lookup.
//!
//! ```
//! use geokg::query::Filter;
//! use geokg::{KindGroup, Modality, RelationKind};
//! let military_facts = Filter::new()
//!     .group(KindGroup::Military)
//!     .modalities([Modality::Fact])
//!     .min_confidence(0.8);
//! assert!(military_facts.accepts_kind(RelationKind::Invades));
//! assert!(!military_facts.accepts_kind(RelationKind::Supports));
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{ActorRole, GraphError};
use crate::graph::{KnowledgeGraph, RelationRef, StoredEdge};
use crate::model::{Actor, ActorId, ActorKind, Date, KindGroup, Modality, RelationKind};

/// A set of [`RelationKind`]s (a 64-bit mask).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(from = "Vec<RelationKind>", into = "Vec<RelationKind>")]
pub struct KindSet(u64);

impl KindSet {
    /// The empty set.
    pub const EMPTY: KindSet = KindSet(0);

    /// Every kind.
    pub fn all() -> KindSet {
        RelationKind::ALL.iter().copied().collect()
    }

    /// The kinds of a group.
    pub fn group(group: KindGroup) -> KindSet {
        group.kinds().collect()
    }

    /// Adds a kind.
    pub fn insert(&mut self, kind: RelationKind) {
        self.0 |= 1 << (kind as u8);
    }

    /// Whether the set holds a kind.
    pub fn contains(self, kind: RelationKind) -> bool {
        self.0 & (1 << (kind as u8)) != 0
    }

    /// Union.
    pub fn union(self, other: KindSet) -> KindSet {
        KindSet(self.0 | other.0)
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The kinds in the set, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = RelationKind> {
        RelationKind::ALL
            .iter()
            .copied()
            .filter(move |k| self.contains(*k))
    }
}

impl FromIterator<RelationKind> for KindSet {
    fn from_iter<I: IntoIterator<Item = RelationKind>>(iter: I) -> Self {
        let mut s = KindSet::EMPTY;
        for k in iter {
            s.insert(k);
        }
        s
    }
}

impl From<Vec<RelationKind>> for KindSet {
    fn from(v: Vec<RelationKind>) -> Self {
        v.into_iter().collect()
    }
}

impl From<KindSet> for Vec<RelationKind> {
    fn from(s: KindSet) -> Self {
        s.iter().collect()
    }
}

impl fmt::Debug for KindSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// Whose assertions a filter accepts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerFilter {
    /// Anyone's.
    #[default]
    Any,
    /// Only the narrator's (relations without `asserted_by`).
    Narrator,
    /// Only those asserted by this actor.
    Actor(ActorId),
}

/// Which relations and actors a query may use. See the [module docs](self).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Filter {
    /// Accepted relation kinds; `None` = all.
    pub kinds: Option<KindSet>,
    /// Accepted modalities (bit `m as u8`); all by default.
    modality_mask: u8,
    /// Whose assertions are accepted.
    pub speaker: SpeakerFilter,
    /// Earliest accepted date (inclusive), compared with the relation's period.
    pub from: Option<Date>,
    /// Latest accepted date (inclusive).
    pub until: Option<Date>,
    /// Whether undated relations pass a date window (default: yes).
    pub keep_undated: bool,
    /// Lowest accepted confidence.
    pub min_confidence: f32,
    /// Whether negated relations are accepted (default: yes).
    pub keep_negated: bool,
    /// Accepted actor kinds, as a mask over [`ActorKind`] (all by default).
    actor_mask: u8,
}

impl Default for Filter {
    fn default() -> Self {
        Filter::new()
    }
}

fn actor_bit(k: ActorKind) -> u8 {
    1 << (k as u8)
}

fn modality_bit(m: Modality) -> u8 {
    1 << (m as u8)
}

impl Filter {
    /// A filter that accepts every relation and actor.
    pub fn new() -> Self {
        Filter {
            kinds: None,
            modality_mask: 0xF,
            speaker: SpeakerFilter::Any,
            from: None,
            until: None,
            keep_undated: true,
            min_confidence: 0.0,
            keep_negated: true,
            actor_mask: 0xFF,
        }
    }

    /// Accepts only these kinds (added to kinds accepted by earlier calls).
    pub fn kinds<I: IntoIterator<Item = RelationKind>>(mut self, kinds: I) -> Self {
        let add: KindSet = kinds.into_iter().collect();
        self.kinds = Some(self.kinds.unwrap_or_default().union(add));
        self
    }

    /// Accepts the kinds of a group (added to kinds accepted by earlier calls).
    pub fn group(self, group: KindGroup) -> Self {
        self.kinds(group.kinds())
    }

    /// Accepts only these modalities.
    pub fn modalities<I: IntoIterator<Item = Modality>>(mut self, modalities: I) -> Self {
        self.modality_mask = modalities
            .into_iter()
            .map(modality_bit)
            .fold(0, |a, b| a | b);
        self
    }

    /// Accepts only relations the narrator asserts.
    pub fn narrator_only(mut self) -> Self {
        self.speaker = SpeakerFilter::Narrator;
        self
    }

    /// Accepts only relations asserted by this actor.
    pub fn asserted_by(mut self, speaker: ActorId) -> Self {
        self.speaker = SpeakerFilter::Actor(speaker);
        self
    }

    /// Accepts relations whose date period overlaps `from..=until` (either
    /// bound may be open). Undated relations pass unless
    /// [`dated_only`](Self::dated_only) is set.
    pub fn between(mut self, from: Option<Date>, until: Option<Date>) -> Self {
        self.from = from;
        self.until = until;
        self
    }

    /// Rejects undated relations when a date window is set.
    pub fn dated_only(mut self) -> Self {
        self.keep_undated = false;
        self
    }

    /// Accepts only relations with at least this confidence.
    pub fn min_confidence(mut self, c: f32) -> Self {
        self.min_confidence = c;
        self
    }

    /// Rejects negated relations ("did not move troops").
    pub fn without_negated(mut self) -> Self {
        self.keep_negated = false;
        self
    }

    /// Accepts only actors of these kinds (as endpoints and as path nodes).
    pub fn actor_kinds<I: IntoIterator<Item = ActorKind>>(mut self, kinds: I) -> Self {
        self.actor_mask = kinds.into_iter().map(actor_bit).fold(0, |a, b| a | b);
        self
    }

    /// Rejects actors of these kinds.
    pub fn exclude_actor_kinds<I: IntoIterator<Item = ActorKind>>(mut self, kinds: I) -> Self {
        for k in kinds {
            self.actor_mask &= !actor_bit(k);
        }
        self
    }

    /// Whether a relation kind passes.
    pub fn accepts_kind(&self, kind: RelationKind) -> bool {
        self.kinds.is_none_or(|s| s.contains(kind))
    }

    /// Whether a modality passes.
    pub fn accepts_modality(&self, m: Modality) -> bool {
        self.modality_mask & modality_bit(m) != 0
    }

    /// Whether an actor passes.
    pub fn accepts_actor(&self, actor: &Actor) -> bool {
        self.actor_mask & actor_bit(actor.kind()) != 0
    }

    /// Whether the filter accepts every relation and actor (queries may then
    /// take faster unfiltered routes).
    pub fn is_trivial(&self) -> bool {
        self.kinds.is_none_or(|k| k == KindSet::all())
            && self.modality_mask == 0xF
            && self.speaker == SpeakerFilter::Any
            && self.from.is_none()
            && self.until.is_none()
            && self.min_confidence <= 0.0
            && self.keep_negated
            && self.actor_mask == 0xFF
    }

    fn date_ok(&self, date: Option<Date>) -> bool {
        if self.from.is_none() && self.until.is_none() {
            return true;
        }
        let Some(d) = date else {
            return self.keep_undated;
        };
        self.from.is_none_or(|f| d.last_day() >= f.first_day())
            && self.until.is_none_or(|u| d.first_day() <= u.last_day())
    }

    /// Whether a relation passes (kind, modality, speaker, date, confidence,
    /// negation, and the kinds of both endpoints).
    pub fn matches(&self, r: &RelationRef<'_>) -> bool {
        self.accepts_kind(r.kind())
            && self.accepts_modality(r.modality())
            && match &self.speaker {
                SpeakerFilter::Any => true,
                SpeakerFilter::Narrator => r.asserted_by().is_none(),
                SpeakerFilter::Actor(id) => r.asserted_by().is_some_and(|a| &a.id == id),
            }
            && self.date_ok(r.date())
            && r.confidence() >= self.min_confidence
            && (self.keep_negated || !r.negated())
            && self.accepts_actor(r.source())
            && self.accepts_actor(r.target())
    }

    /// Resolves the filter against a graph for use in traversals.
    ///
    /// Fails when the speaker id names no actor of the graph.
    pub(crate) fn compile(&self, g: &KnowledgeGraph) -> Result<CompiledFilter, GraphError> {
        let speaker = match &self.speaker {
            SpeakerFilter::Any => SpeakerCheck::Any,
            SpeakerFilter::Narrator => SpeakerCheck::Narrator,
            SpeakerFilter::Actor(id) => {
                let node = g.node(id.as_str(), ActorRole::Speaker)?.index() as u32;
                SpeakerCheck::Among(g.asserted_by_node(node).into())
            }
        };
        let (from, until) = (
            self.from.map_or(0, |d| d.first_day().pack()),
            self.until.map_or(u32::MAX, |d| d.last_day().pack()),
        );
        Ok(CompiledFilter {
            kinds: self.kinds.unwrap_or_else(KindSet::all).0,
            modality_mask: self.modality_mask,
            speaker,
            windowed: self.from.is_some() || self.until.is_some(),
            from,
            until,
            keep_undated: self.keep_undated,
            min_confidence: self.min_confidence,
            keep_negated: self.keep_negated,
            actor_mask: self.actor_mask,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum SpeakerCheck {
    Any,
    Narrator,
    /// The sorted ids of the relations the speaker asserts (speakers live
    /// in a side table, not in the edge record).
    Among(std::sync::Arc<[u32]>),
}

/// A [`Filter`] resolved against one graph: edge checks without lookups.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CompiledFilter {
    kinds: u64,
    modality_mask: u8,
    speaker: SpeakerCheck,
    windowed: bool,
    from: u32,
    until: u32,
    keep_undated: bool,
    min_confidence: f32,
    keep_negated: bool,
    actor_mask: u8,
}

impl CompiledFilter {
    /// The accepted relation kinds as a mask (bit `kind as u8`).
    #[inline]
    pub(crate) fn kind_mask(&self) -> u64 {
        self.kinds
    }

    /// Whether an edge check needs more than the kind (so that traversals
    /// must read the edge record).
    pub(crate) fn needs_record(&self) -> bool {
        self.modality_mask & 0xF != 0xF
            || self.speaker != SpeakerCheck::Any
            || self.windowed
            || self.min_confidence > 0.0
            || self.min_confidence.is_nan()
            || !self.keep_negated
    }

    /// Whether some actor kind is rejected.
    pub(crate) fn checks_nodes(&self) -> bool {
        self.actor_mask != 0xFF
    }

    /// Whether an edge record passes (endpoint kinds are checked apart,
    /// with [`node_ok`](Self::node_ok)).
    #[inline]
    pub(crate) fn edge_ok(&self, e: &StoredEdge) -> bool {
        self.kinds & (1 << (e.kind as u8)) != 0
            && self.modality_mask & (1 << (e.flags & 0b11)) != 0
            && match self.speaker {
                SpeakerCheck::Any => true,
                SpeakerCheck::Narrator => !e.has_speaker(),
                SpeakerCheck::Among(ref ids) => e.has_speaker() && ids.binary_search(&e.id).is_ok(),
            }
            && e.confidence >= self.min_confidence
            && (self.keep_negated || !e.negated())
            && (!self.windowed || self.date_ok(e))
    }

    fn date_ok(&self, e: &StoredEdge) -> bool {
        match e.date() {
            None => self.keep_undated,
            Some(d) => d.last_day().pack() >= self.from && d.first_day().pack() <= self.until,
        }
    }

    /// Whether an actor of this kind passes.
    #[inline]
    pub(crate) fn node_ok(&self, kind: ActorKind) -> bool {
        self.actor_mask & actor_bit(kind) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Relation, RelationKind};

    fn graph() -> (KnowledgeGraph, Vec<crate::RelationId>) {
        let mut g = KnowledgeGraph::new();
        g.add_actor(Actor::country("ru", "Russia", "RUS").unwrap())
            .unwrap();
        g.add_actor(Actor::country("ua", "Ukraine", "UKR").unwrap())
            .unwrap();
        g.add_actor(Actor::of_kind("hill", ActorKind::Person, "Fiona Hill").unwrap())
            .unwrap();
        let id = |s: &str| ActorId::new(s).unwrap();
        let rels = vec![
            Relation::new(id("ru"), RelationKind::Invades, id("ua"))
                .with_date(Date::year(2014).unwrap())
                .with_confidence(0.9),
            Relation::new(id("ru"), RelationKind::Attacks, id("ua"))
                .with_modality(Modality::Speculation)
                .with_asserted_by(id("hill"))
                .with_confidence(0.6),
            Relation::new(id("ru"), RelationKind::Supports, id("ua")).negated(),
            Relation::new(id("hill"), RelationKind::Criticizes, id("ru"))
                .with_date(Date::day(2022, 1, 7).unwrap()),
        ];
        let ids = rels
            .into_iter()
            .map(|r| g.add_relation(r).unwrap())
            .collect();
        (g, ids)
    }

    fn passing(g: &KnowledgeGraph, f: &Filter) -> Vec<u32> {
        let c = f.compile(g).unwrap();
        let by_ref: Vec<u32> = g
            .relations()
            .filter(|r| f.matches(r))
            .map(|r| r.id().index())
            .collect();
        // The compiled form agrees with the reference check.
        let by_edge: Vec<u32> = g
            .relations()
            .filter(|r| {
                let e = &g.graph[g.edge(r.id()).unwrap()];
                c.edge_ok(e) && c.node_ok(r.source().kind()) && c.node_ok(r.target().kind())
            })
            .map(|r| r.id().index())
            .collect();
        assert_eq!(by_ref, by_edge, "{f:?}");
        by_ref
    }

    #[test]
    fn table() {
        let (g, _) = graph();
        let y = |s: &str| s.parse::<Date>().unwrap();
        let cases: Vec<(Filter, Vec<u32>)> = vec![
            (Filter::new(), vec![0, 1, 2, 3]),
            (Filter::new().group(KindGroup::Military), vec![0, 1]),
            (
                Filter::new().kinds([RelationKind::Supports, RelationKind::Criticizes]),
                vec![2, 3],
            ),
            (Filter::new().modalities([Modality::Fact]), vec![0, 2, 3]),
            (Filter::new().narrator_only(), vec![0, 2, 3]),
            (
                Filter::new().asserted_by(ActorId::new("hill").unwrap()),
                vec![1],
            ),
            (Filter::new().min_confidence(0.7), vec![0, 2, 3]),
            (Filter::new().without_negated(), vec![0, 1, 3]),
            (Filter::new().between(Some(y("2022")), None), vec![1, 2, 3]),
            (
                Filter::new().between(Some(y("2022")), None).dated_only(),
                vec![3],
            ),
            (
                Filter::new()
                    .between(Some(y("2014-06-01")), Some(y("2014-06")))
                    .dated_only(),
                vec![0],
            ),
            (
                Filter::new().exclude_actor_kinds([ActorKind::Person]),
                vec![0, 1, 2],
            ),
            (Filter::new().actor_kinds([ActorKind::Person]), vec![]),
        ];
        for (f, want) in cases {
            assert_eq!(passing(&g, &f), want, "{f:?}");
        }
    }

    #[test]
    fn unknown_speaker_is_an_error() {
        let (g, _) = graph();
        let f = Filter::new().asserted_by(ActorId::new("nobody").unwrap());
        assert!(matches!(
            f.compile(&g),
            Err(GraphError::UnknownActor { .. })
        ));
    }

    #[test]
    fn trivial_filters() {
        assert!(Filter::new().is_trivial());
        assert!(
            Filter::new()
                .kinds(RelationKind::ALL.iter().copied())
                .is_trivial()
        );
        assert!(!Filter::new().group(KindGroup::Military).is_trivial());
        assert!(!Filter::new().min_confidence(0.5).is_trivial());
    }
}

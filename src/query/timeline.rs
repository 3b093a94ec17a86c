//! Time: an actor's timeline, and the graph as it stood on a date.
//!
//! Dates keep their precision (`2022`, `2022-01`, `2022-01-06`). Ordering
//! is chronological by the first day a date covers, a coarser date before
//! the finer dates it contains (`2022` < `2022-01` < `2022-01-01`); that is
//! [`Date`]'s own order. Undated relations come last.
//!
//! ```
//! use geokg::query::{self, Filter};
//! use geokg::{Actor, ActorId, Date, KnowledgeGraph, Relation, RelationKind};
//! let mut g = KnowledgeGraph::new();
//! g.add_actor(Actor::country("ru", "Russia", "RUS").unwrap()).unwrap();
//! g.add_actor(Actor::country("ua", "Ukraine", "UKR").unwrap()).unwrap();
//! let id = |s: &str| ActorId::new(s).unwrap();
//! let d = |s: &str| s.parse::<Date>().unwrap();
//! g.add_relation(Relation::new(id("ru"), RelationKind::Invades, id("ua")).with_date(d("2022-02-24"))).unwrap();
//! g.add_relation(Relation::new(id("ru"), RelationKind::Occupies, id("ua")).with_date(d("2014"))).unwrap();
//! let t = query::timeline(&g, "Ukraine", &Filter::new()).unwrap();
//! assert_eq!(t.entries[0].relation.kind, RelationKind::Occupies);
//! let before = query::as_of(&g, d("2021"), &query::AsOfOptions::default()).unwrap();
//! assert_eq!(before.relation_count(), 1);
//! ```

use serde::{Deserialize, Serialize};

use super::filter::Filter;
use super::resolve::{QueryError, resolve};
use crate::error::ActorRole;
use crate::graph::{KnowledgeGraph, RelationRef};
use crate::model::{ActorId, Date, Relation, RelationId};

/// The part an actor plays in a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimelineRole {
    /// It acts.
    Source,
    /// It is acted upon.
    Target,
    /// It asserts the relation (a quoted speaker).
    Speaker,
}

/// One relation of a [`Timeline`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// The relation's id.
    pub id: RelationId,
    /// The actor's parts in the relation (source and speaker at once, say).
    pub roles: Vec<TimelineRole>,
    /// The relation rendered as a readable line ("Russia —invades→ Ukraine").
    pub text: String,
    /// The relation, with its id, date, attribution and evidence.
    pub relation: Relation,
}

impl TimelineEntry {
    fn new(r: &RelationRef<'_>, roles: Vec<TimelineRole>) -> Self {
        TimelineEntry {
            id: r.id(),
            roles,
            text: r.to_string(),
            relation: r.to_relation(),
        }
    }
}

/// The relations an actor takes part in, ordered by date (undated last,
/// ties by relation id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// The actor.
    pub actor: ActorId,
    /// Its relations, in order.
    pub entries: Vec<TimelineEntry>,
}

impl Timeline {
    /// The dated entries (a prefix of `entries`).
    pub fn dated(&self) -> &[TimelineEntry] {
        let k = self.entries.partition_point(|e| e.relation.date.is_some());
        &self.entries[..k]
    }

    /// The undated entries (a suffix of `entries`).
    pub fn undated(&self) -> &[TimelineEntry] {
        &self.entries[self.dated().len()..]
    }

    /// The earliest and latest dates, when any entry is dated.
    pub fn span(&self) -> Option<(Date, Date)> {
        let d = self.dated();
        Some((d.first()?.relation.date?, d.last()?.relation.date?))
    }
}

/// An actor's timeline: the relations it is the source, target or speaker
/// of, that the filter accepts, ordered by date. `actor` is an id, name or
/// alias; an unknown name is a [`QueryError::UnknownActor`] with close
/// matches.
///
/// Cost: O(M) to scan the relations (speakers are not indexed), plus
/// O(k log k) to sort and O(k) owned values for the k relations found.
pub fn timeline(g: &KnowledgeGraph, actor: &str, filter: &Filter) -> Result<Timeline, QueryError> {
    let actor = resolve(g, actor)?;
    let cf = filter.compile(g)?;
    let node = g.node(actor.id.as_str(), ActorRole::Lookup)?;
    let mut found: Vec<(Option<Date>, u32, Vec<TimelineRole>)> = Vec::new();
    for e in g.relation_edges() {
        let Some((s, t)) = g.graph.edge_endpoints(e) else {
            continue; // removed relation
        };
        let rec = &g.graph[e];
        let mut roles = Vec::new();
        if s == node {
            roles.push(TimelineRole::Source);
        }
        if t == node {
            roles.push(TimelineRole::Target);
        }
        if g.speaker_of(rec) == node.index() as u32 {
            roles.push(TimelineRole::Speaker);
        }
        if roles.is_empty()
            || !cf.edge_ok(rec)
            || !cf.node_ok(g.graph[s].kind())
            || !cf.node_ok(g.graph[t].kind())
        {
            continue;
        }
        found.push((rec.date(), rec.id, roles));
    }
    found.sort_by_key(|a| (a.0.is_none(), a.0, a.1));
    let entries = found
        .into_iter()
        .filter_map(|(_, id, roles)| {
            g.relation(RelationId(id))
                .map(|r| TimelineEntry::new(&r, roles))
        })
        .collect();
    Ok(Timeline {
        actor: actor.id.clone(),
        entries,
    })
}

/// Options of [`as_of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsOfOptions {
    /// Keep undated relations (default: yes; structural facts such as
    /// memberships are often undated).
    pub keep_undated: bool,
}

impl Default for AsOfOptions {
    fn default() -> Self {
        AsOfOptions { keep_undated: true }
    }
}

/// The graph as it stood on `date`: every actor and document, and the
/// relations dated on or before it.
///
/// A relation counts as on or before `date` when its period starts no later
/// than the end of `date`'s period, so that precision is respected both
/// ways: as of `2022-01-06`, a relation dated `2022-01` or `2022` is kept
/// (it may have happened by then) and one dated `2022-01-07` is not; as of
/// `2022-01`, a relation dated `2022-01-31` is kept. This is the same test
/// as `Filter::new().between(None, Some(date))`.
///
/// Relations keep their [`RelationId`]s, evidence, notes and attribution;
/// the result is an independent graph that every query accepts.
///
/// Cost: O(N + M) plus copying the kept relations' evidence.
pub fn as_of(
    g: &KnowledgeGraph,
    date: Date,
    options: &AsOfOptions,
) -> Result<KnowledgeGraph, QueryError> {
    let mut f = Filter::new().between(None, Some(date));
    if !options.keep_undated {
        f = f.dated_only();
    }
    filtered(g, &f)
}

/// A copy of the graph with every actor and document but only the relations
/// the filter accepts (their ids, evidence and notes kept). Actor kinds the
/// filter rejects lose their relations but stay in the graph.
///
/// Cost: O(N + M) plus copying the kept relations' evidence.
pub fn filtered(g: &KnowledgeGraph, filter: &Filter) -> Result<KnowledgeGraph, QueryError> {
    let cf = filter.compile(g)?;
    let mut out = KnowledgeGraph::with_capacity(g.actor_count(), g.relation_count());
    for a in g.actors() {
        out.add_actor(a.clone())?;
    }
    for d in g.documents() {
        out.add_document(d.clone())?;
    }
    out.reserve_relation_ids(g.next_relation_id().index());
    for e in g.relation_edges() {
        let Some((s, t)) = g.graph.edge_endpoints(e) else {
            continue;
        };
        let rec = &g.graph[e];
        if !cf.edge_ok(rec) || !cf.node_ok(g.graph[s].kind()) || !cf.node_ok(g.graph[t].kind()) {
            continue;
        }
        if let Some(r) = g.relation(RelationId(rec.id)) {
            out.insert_relation(r.id(), r.to_relation())?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;

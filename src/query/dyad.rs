//! The conflict–cooperation balance of a dyad (a pair of actors).
//!
//! ```
//! use geokg::query::{self, Filter};
//! use geokg::{Actor, ActorId, KnowledgeGraph, Relation, RelationKind};
//! let mut g = KnowledgeGraph::new();
//! g.add_actor(Actor::country("ru", "Russia", "RUS").unwrap()).unwrap();
//! g.add_actor(Actor::country("us", "United States", "USA").unwrap()).unwrap();
//! let id = |s: &str| ActorId::new(s).unwrap();
//! g.add_relation(Relation::new(id("ru"), RelationKind::NegotiatesWith, id("us"))).unwrap(); // +1 (CAMEO 04)
//! g.add_relation(Relation::new(id("us"), RelationKind::Sanctions, id("ru"))).unwrap(); // -4
//! g.add_relation(Relation::new(id("ru"), RelationKind::Threatens, id("us"))).unwrap(); // -6
//! let d = query::dyad(&g, "Russia", "United States", &Filter::new()).unwrap();
//! assert_eq!(d.goldstein_total, -9.0);
//! assert_eq!((d.cooperation, d.conflict), (1, 2));
//! ```

use serde::{Deserialize, Serialize};

use super::filter::Filter;
use super::resolve::{QueryError, resolve};
use crate::graph::KnowledgeGraph;
use crate::model::{ActorId, QuadClass, Relation, RelationId};

/// Which way a relation of a dyad points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DyadDirection {
    /// From the first actor to the second.
    AToB,
    /// From the second actor to the first.
    BToA,
}

/// Relation counts per CAMEO quad class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QuadCounts {
    /// Quad class 1.
    pub verbal_cooperation: usize,
    /// Quad class 2.
    pub material_cooperation: usize,
    /// Quad class 3.
    pub verbal_conflict: usize,
    /// Quad class 4.
    pub material_conflict: usize,
}

impl QuadCounts {
    fn add(&mut self, q: QuadClass) {
        match q {
            QuadClass::VerbalCooperation => self.verbal_cooperation += 1,
            QuadClass::MaterialCooperation => self.material_cooperation += 1,
            QuadClass::VerbalConflict => self.verbal_conflict += 1,
            QuadClass::MaterialConflict => self.material_conflict += 1,
        }
    }
}

/// One relation of a dyad.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DyadRelation {
    /// The relation's id.
    pub id: RelationId,
    /// Which way it points.
    pub direction: DyadDirection,
    /// Its effective Goldstein score (`None` for structural kinds).
    pub goldstein: Option<f32>,
    /// The relation rendered as a readable line.
    pub text: String,
    /// The relation, with its date, attribution and evidence.
    pub relation: Relation,
}

/// The conflict–cooperation balance of two actors: Goldstein sums over the
/// relations between them, both directions, with counts by polarity and
/// quad class and the relations themselves.
///
/// Negated relations ("did not send troops") are listed and counted in
/// `negated` but take no part in the sums and the other counts: the text
/// says the event did not happen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DyadBalance {
    /// The first actor.
    pub a: ActorId,
    /// The second actor.
    pub b: ActorId,
    /// Sum of the Goldstein scores of both directions.
    pub goldstein_total: f64,
    /// Sum over relations from `a` to `b`.
    pub goldstein_a_to_b: f64,
    /// Sum over relations from `b` to `a`.
    pub goldstein_b_to_a: f64,
    /// Mean Goldstein score of the scored relations, when there are any.
    pub goldstein_mean: Option<f64>,
    /// Relations with a positive score.
    pub cooperation: usize,
    /// Relations with a negative score.
    pub conflict: usize,
    /// Events with a zero score (plain statements) and contextual kinds.
    pub neutral: usize,
    /// Structural relations (membership, leadership…): no score.
    pub structural: usize,
    /// Negated relations (listed, not counted elsewhere).
    pub negated: usize,
    /// Counts per quad class of the events.
    pub quad_classes: QuadCounts,
    /// The relations in id order.
    pub relations: Vec<DyadRelation>,
}

/// The balance of the dyad `a`–`b` over the relations the filter accepts.
/// `a` and `b` are ids, names or aliases; unknown names are
/// [`QueryError::UnknownActor`] with close matches. The same actor twice
/// gives its self-loops.
///
/// Polarity and quad class follow each relation's effective codes (a
/// Goldstein or CAMEO override from event data wins over the kind's).
///
/// Cost: O(d log d) for the d relations between the two actors (plus
/// their evidence).
pub fn dyad(
    g: &KnowledgeGraph,
    a: &str,
    b: &str,
    filter: &Filter,
) -> Result<DyadBalance, QueryError> {
    let a = resolve(g, a)?;
    let b = resolve(g, b)?;
    // Compile once to reject unknown speakers up front, like every query.
    filter.compile(g)?;
    let mut rels: Vec<(DyadDirection, crate::RelationRef<'_>)> = g
        .relations_between(a.id.as_str(), b.id.as_str())?
        .map(|r| (DyadDirection::AToB, r))
        .collect();
    if a.id != b.id {
        rels.extend(
            g.relations_between(b.id.as_str(), a.id.as_str())?
                .map(|r| (DyadDirection::BToA, r)),
        );
    }
    rels.retain(|(_, r)| filter.matches(r));
    rels.sort_by_key(|(_, r)| r.id());

    let mut out = DyadBalance {
        a: a.id.clone(),
        b: b.id.clone(),
        goldstein_total: 0.0,
        goldstein_a_to_b: 0.0,
        goldstein_b_to_a: 0.0,
        goldstein_mean: None,
        cooperation: 0,
        conflict: 0,
        neutral: 0,
        structural: 0,
        negated: 0,
        quad_classes: QuadCounts::default(),
        relations: Vec::with_capacity(rels.len()),
    };
    let mut scored = 0usize;
    for (direction, r) in &rels {
        let goldstein = r.goldstein();
        out.relations.push(DyadRelation {
            id: r.id(),
            direction: *direction,
            goldstein,
            text: r.to_string(),
            relation: r.to_relation(),
        });
        if r.negated() {
            out.negated += 1;
            continue;
        }
        if r.kind().is_structural() {
            out.structural += 1;
            continue;
        }
        if let Some(q) = r
            .cameo_code()
            .and_then(|c| QuadClass::of_cameo_root(c.root()))
        {
            out.quad_classes.add(q);
        }
        match goldstein {
            Some(s) => {
                let s = f64::from(s);
                scored += 1;
                out.goldstein_total += s;
                match direction {
                    DyadDirection::AToB => out.goldstein_a_to_b += s,
                    DyadDirection::BToA => out.goldstein_b_to_a += s,
                }
                if s > 0.0 {
                    out.cooperation += 1;
                } else if s < 0.0 {
                    out.conflict += 1;
                } else {
                    out.neutral += 1;
                }
            }
            None => out.neutral += 1,
        }
    }
    out.goldstein_mean = (scored > 0).then(|| out.goldstein_total / scored as f64);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Modality, RelationKind};

    fn id(s: &str) -> ActorId {
        ActorId::new(s).unwrap()
    }

    fn graph() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        g.add_actor(
            Actor::country("ru", "Russia", "RUS")
                .unwrap()
                .with_aliases(["Moscow"]),
        )
        .unwrap();
        g.add_actor(Actor::country("us", "United States", "USA").unwrap())
            .unwrap();
        g.add_actor(Actor::of_kind("nato", ActorKind::Alliance, "NATO").unwrap())
            .unwrap();
        g.add_actor(Actor::of_kind("hill", ActorKind::Person, "Fiona Hill").unwrap())
            .unwrap();
        let rels = [
            Relation::new(id("ru"), RelationKind::NegotiatesWith, id("us")), // +1 (04)
            Relation::new(id("us"), RelationKind::Sanctions, id("ru")),      // -4 (16)
            Relation::new(id("ru"), RelationKind::Threatens, id("us")) // -6 (13)
                .with_modality(Modality::Claim)
                .with_asserted_by(id("hill")),
            Relation::new(id("us"), RelationKind::MakesStatementAbout, id("ru")), // 0 (01)
            Relation::new(id("ru"), RelationKind::Attacks, id("us")).negated(),
            Relation::new(id("us"), RelationKind::MemberOf, id("nato")),
            Relation {
                goldstein: Some(-1.5),
                ..Relation::new(id("ru"), RelationKind::ProvidesAidTo, id("us"))
            },
            Relation::new(id("ru"), RelationKind::Criticizes, id("ru")), // self-loop, -2
        ];
        for r in rels {
            g.add_relation(r).unwrap();
        }
        g
    }

    #[test]
    fn sums_and_counts() {
        let g = graph();
        let d = dyad(&g, "moscow", "United States", &Filter::new()).unwrap();
        assert_eq!((d.a.as_str(), d.b.as_str()), ("ru", "us"));
        let ids: Vec<u32> = d.relations.iter().map(|r| r.id.index()).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4, 6]);
        // a→b: +1 − 6 − 1.5 (override); b→a: −4 + 0. The negated attack is out.
        assert_eq!(d.goldstein_a_to_b, -6.5);
        assert_eq!(d.goldstein_b_to_a, -4.0);
        assert_eq!(d.goldstein_total, -10.5);
        assert_eq!(d.goldstein_mean, Some(-10.5 / 5.0));
        assert_eq!(
            (
                d.cooperation,
                d.conflict,
                d.neutral,
                d.structural,
                d.negated
            ),
            (1, 3, 1, 0, 1)
        );
        assert_eq!(
            d.quad_classes,
            QuadCounts {
                verbal_cooperation: 2,
                material_cooperation: 1,
                verbal_conflict: 1,
                material_conflict: 1,
            }
        );
        assert_eq!(d.relations[1].direction, DyadDirection::BToA);
        // Symmetric in the totals.
        let r = dyad(&g, "us", "ru", &Filter::new()).unwrap();
        assert_eq!(r.goldstein_total, d.goldstein_total);
        assert_eq!(r.goldstein_a_to_b, d.goldstein_b_to_a);
    }

    #[test]
    fn filters_structure_self_loops_and_errors() {
        let g = graph();
        // Without Hill's claim: +1 − 1.5 − 4 + 0.
        let d = dyad(&g, "ru", "us", &Filter::new().narrator_only()).unwrap();
        assert_eq!(d.goldstein_total, -4.5);
        let d = dyad(&g, "us", "nato", &Filter::new()).unwrap();
        assert_eq!(
            (d.structural, d.goldstein_total, d.goldstein_mean),
            (1, 0.0, None)
        );
        let d = dyad(&g, "ru", "ru", &Filter::new()).unwrap();
        assert_eq!((d.relations.len(), d.goldstein_total), (1, -2.0));
        let d = dyad(&g, "nato", "hill", &Filter::new()).unwrap();
        assert!(d.relations.is_empty());
        match dyad(&g, "Rusia", "us", &Filter::new()) {
            Err(QueryError::UnknownActor { suggestions, .. }) => assert_eq!(suggestions, ["ru"]),
            other => panic!("{other:?}"),
        }
        let f = Filter::new().asserted_by(id("nobody"));
        assert!(matches!(
            dyad(&g, "ru", "us", &f),
            Err(QueryError::Graph(_))
        ));
    }
}

//! Comparing an extracted graph with a gold graph.
//!
//! * **Actors** match by id, or when one of the extracted actor's names
//!   equals one of the gold actor's names (case-insensitive).
//! * **Relations** match when their source and target match (through the
//!   actor matching) and their kinds fall in the same [`Family`]. Direction
//!   matters, except for the cooperation family and symmetric kinds.
//!   Matching is one-to-one (a gold relation is matched at most once;
//!   among candidates, one with the same speaker is preferred).
//! * **Speaker attribution**: of the matched relations, the fraction whose
//!   `asserted_by` is the same (both the narrator, or matching actors).

use std::collections::HashMap;
use std::fmt;

use crate::graph::{KnowledgeGraph, RelationRef};
use crate::model::RelationKind;

/// A coarse grouping of relation kinds for evaluation: two readings of
/// the same event ("invades" vs "deploys forces to", "criticizes" vs
/// "opposes") count as a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// Use, show or threat of force, and coercion: attacks, invades,
    /// occupies, in conflict with, deploys forces to, masses forces near,
    /// threatens, represses, seeks influence over, sanctions.
    Force,
    /// Support and aid: supports, offers support, provides aid to, concedes to.
    Support,
    /// Opposition and criticism: opposes, criticizes, accuses, rejects,
    /// protests against.
    Opposition,
    /// Requests and demands: requests help from, demands.
    Request,
    /// Negotiation and cooperation (symmetric): negotiates with, meets
    /// with, cooperates with, allied with, trades with.
    Cooperation,
    /// Statements and influence links: makes statement about, affects.
    Statement,
    /// Structure: leads, member of, part of, located in, affiliated with.
    Structural,
}

impl Family {
    /// The family of a kind.
    pub fn of(kind: RelationKind) -> Family {
        use RelationKind as K;
        match kind {
            K::Attacks
            | K::Invades
            | K::Occupies
            | K::InConflictWith
            | K::DeploysForcesTo
            | K::MassesForcesNear
            | K::Threatens
            | K::Represses
            | K::SeeksInfluenceOver
            | K::Sanctions => Family::Force,
            K::Supports | K::OffersSupport | K::ProvidesAidTo | K::ConcedesTo => Family::Support,
            K::Opposes | K::Criticizes | K::Accuses | K::Rejects | K::ProtestsAgainst => {
                Family::Opposition
            }
            K::RequestsHelpFrom | K::Demands => Family::Request,
            K::NegotiatesWith
            | K::MeetsWith
            | K::CooperatesWith
            | K::AlliedWith
            | K::TradesWith => Family::Cooperation,
            K::MakesStatementAbout | K::Affects => Family::Statement,
            K::Leads | K::MemberOf | K::PartOf | K::LocatedIn | K::AffiliatedWith => {
                Family::Structural
            }
        }
    }

    /// Whether direction is ignored for the whole family.
    pub fn is_symmetric(self) -> bool {
        self == Family::Cooperation
    }

    /// A lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Force => "force",
            Family::Support => "support",
            Family::Opposition => "opposition",
            Family::Request => "request",
            Family::Cooperation => "cooperation",
            Family::Statement => "statement",
            Family::Structural => "structural",
        }
    }
}

/// Counts for precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    /// Items of the prediction matched with gold items.
    pub matched_predicted: usize,
    /// Gold items matched.
    pub matched_gold: usize,
    /// Items predicted.
    pub predicted: usize,
    /// Gold items.
    pub gold: usize,
}

impl Score {
    /// Matched predicted / predicted (1 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            1.0
        } else {
            self.matched_predicted as f64 / self.predicted as f64
        }
    }

    /// Matched gold / gold (1 when there is no gold).
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.matched_gold as f64 / self.gold as f64
        }
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "P {:.3} ({}/{})  R {:.3} ({}/{})  F1 {:.3}",
            self.precision(),
            self.matched_predicted,
            self.predicted,
            self.recall(),
            self.matched_gold,
            self.gold,
            self.f1()
        )
    }
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evaluation {
    /// Actor matching.
    pub actors: Score,
    /// Relation matching (source, target, family).
    pub relations: Score,
    /// Matched relations with the same speaker, of all matched relations.
    pub attribution_same: usize,
    /// Matched relations.
    pub attribution_total: usize,
    /// Gold actors not found.
    pub missed_actors: Vec<String>,
    /// Extracted actors not in the gold graph.
    pub extra_actors: Vec<String>,
    /// Gold relations not found.
    pub missed_relations: Vec<String>,
    /// Extracted relations not in the gold graph.
    pub false_relations: Vec<String>,
    /// Matched relations whose speaker differs.
    pub wrong_speakers: Vec<String>,
}

impl Evaluation {
    /// The fraction of matched relations with the same speaker (1 when
    /// none matched).
    pub fn attribution_accuracy(&self) -> f64 {
        if self.attribution_total == 0 {
            1.0
        } else {
            self.attribution_same as f64 / self.attribution_total as f64
        }
    }
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "actors     {}", self.actors)?;
        writeln!(f, "relations  {}", self.relations)?;
        writeln!(
            f,
            "speakers   {:.3} ({}/{} matched relations with the same speaker)",
            self.attribution_accuracy(),
            self.attribution_same,
            self.attribution_total
        )?;
        for (title, list) in [
            ("missed actors", &self.missed_actors),
            ("extra actors", &self.extra_actors),
            ("missed relations", &self.missed_relations),
            ("false relations", &self.false_relations),
            ("wrong speakers", &self.wrong_speakers),
        ] {
            writeln!(f, "{title} ({}):", list.len())?;
            for x in list {
                writeln!(f, "  {x}")?;
            }
        }
        Ok(())
    }
}

fn describe(r: &RelationRef<'_>) -> String {
    let mut s = format!(
        "{} —{}→ {}",
        r.source().id,
        r.kind().as_str(),
        r.target().id
    );
    if r.negated() {
        s.push_str(" (negated)");
    }
    if let Some(sp) = r.asserted_by() {
        s.push_str(&format!(" [by {}]", sp.id));
    }
    if let Some(ev) = r.evidence().next() {
        let q: String = ev.quote().chars().take(90).collect();
        s.push_str(&format!(" «{q}»"));
    }
    s
}

/// Compares an extracted graph with a gold graph.
pub fn evaluate(predicted: &KnowledgeGraph, gold: &KnowledgeGraph) -> Evaluation {
    // Actor matching.
    let mut gold_names: HashMap<String, &str> = HashMap::new();
    for a in gold.actors() {
        for n in a.names().chain(std::iter::once(a.id.as_str())) {
            gold_names.entry(n.to_lowercase()).or_insert(a.id.as_str());
        }
    }
    let mut map: HashMap<&str, &str> = HashMap::new();
    let mut ev = Evaluation::default();
    let mut gold_hit: HashMap<&str, bool> = gold.actors().map(|a| (a.id.as_str(), false)).collect();
    for a in predicted.actors() {
        let m = if gold.actor(a.id.as_str()).is_some() {
            gold.actor(a.id.as_str()).map(|g| g.id.as_str())
        } else {
            a.names()
                .find_map(|n| gold_names.get(&n.to_lowercase()).copied())
        };
        match m {
            Some(g) => {
                map.insert(a.id.as_str(), g);
                gold_hit.insert(g, true);
                ev.actors.matched_predicted += 1;
            }
            None => ev.extra_actors.push(format!("{} ({})", a.id, a.kind())),
        }
    }
    ev.actors.predicted = predicted.actor_count();
    ev.actors.gold = gold.actor_count();
    ev.actors.matched_gold = gold_hit.values().filter(|v| **v).count();
    for a in gold.actors() {
        if gold_hit.get(a.id.as_str()) == Some(&false) {
            ev.missed_actors.push(format!("{} ({})", a.id, a.kind()));
        }
    }

    // Relation matching.
    let gold_rels: Vec<RelationRef<'_>> = gold.relations().collect();
    let mut buckets: HashMap<(Family, &str, &str), Vec<usize>> = HashMap::new();
    for (i, r) in gold_rels.iter().enumerate() {
        buckets
            .entry((
                Family::of(r.kind()),
                r.source().id.as_str(),
                r.target().id.as_str(),
            ))
            .or_default()
            .push(i);
    }
    let mut used = vec![false; gold_rels.len()];
    let tr = |id: &str| map.get(id).copied();
    for r in predicted.relations() {
        ev.relations.predicted += 1;
        let fam = Family::of(r.kind());
        let (Some(s), Some(t)) = (tr(r.source().id.as_str()), tr(r.target().id.as_str())) else {
            ev.false_relations.push(describe(&r));
            continue;
        };
        let speaker = r.asserted_by().map(|a| tr(a.id.as_str()).unwrap_or("?"));
        let mut keys = vec![(fam, s, t)];
        if fam.is_symmetric() || r.kind().is_symmetric() {
            keys.push((fam, t, s));
        }
        let mut best: Option<usize> = None;
        for k in &keys {
            for &gi in buckets.get(k).map(Vec::as_slice).unwrap_or(&[]) {
                if used[gi] {
                    continue;
                }
                let same = gold_rels[gi].asserted_by().map(|a| a.id.as_str()) == speaker;
                if best.is_none() || same {
                    best = Some(gi);
                }
                if same {
                    break;
                }
            }
        }
        match best {
            Some(gi) => {
                used[gi] = true;
                ev.relations.matched_predicted += 1;
                ev.attribution_total += 1;
                if gold_rels[gi].asserted_by().map(|a| a.id.as_str()) == speaker {
                    ev.attribution_same += 1;
                } else {
                    ev.wrong_speakers.push(format!(
                        "{}  (gold: {})",
                        describe(&r),
                        gold_rels[gi]
                            .asserted_by()
                            .map_or("narrator".to_string(), |a| a.id.to_string())
                    ));
                }
            }
            None => ev.false_relations.push(describe(&r)),
        }
    }
    ev.relations.gold = gold_rels.len();
    ev.relations.matched_gold = used.iter().filter(|u| **u).count();
    for (gi, r) in gold_rels.iter().enumerate() {
        if !used[gi] {
            ev.missed_relations.push(describe(r));
        }
    }
    ev
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorId, Relation};

    fn graph(rels: &[(&str, RelationKind, &str)]) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        for (s, _, t) in rels {
            for id in [s, t] {
                if g.actor(id).is_none() {
                    g.add_actor(
                        Actor::of_kind(id, crate::ActorKind::Country, &id.to_uppercase()).unwrap(),
                    )
                    .unwrap();
                }
            }
        }
        for &(s, k, t) in rels {
            g.add_relation(Relation::new(
                ActorId::new(s).unwrap(),
                k,
                ActorId::new(t).unwrap(),
            ))
            .unwrap();
        }
        g
    }

    #[test]
    fn families_direction_and_counts() {
        use RelationKind as K;
        let gold = graph(&[
            ("ru", K::Invades, "ua"),
            ("us", K::CooperatesWith, "ua"),
            ("us", K::Rejects, "ru"),
            ("ru", K::Supports, "by"),
        ]);
        let pred = graph(&[
            ("ru", K::DeploysForcesTo, "ua"),
            ("ua", K::NegotiatesWith, "us"),
            ("ru", K::Rejects, "us"),
            ("ru", K::Supports, "by"),
            ("ru", K::Supports, "by"),
        ]);
        let e = evaluate(&pred, &gold);
        assert_eq!(e.relations.matched_predicted, 3);
        assert_eq!(e.relations.matched_gold, 3);
        assert_eq!(e.relations.predicted, 5);
        assert_eq!(e.relations.gold, 4);
        assert!((e.relations.precision() - 0.6).abs() < 1e-9);
        assert!((e.relations.recall() - 0.75).abs() < 1e-9);
        assert_eq!(e.missed_relations.len(), 1);
        assert!(e.missed_relations[0].starts_with("us —rejects→ ru"));
        assert_eq!(e.false_relations.len(), 2);
        assert_eq!(e.actors.recall(), 1.0);
        assert_eq!(e.attribution_accuracy(), 1.0);
    }

    #[test]
    fn actors_match_by_alias() {
        let mut gold = KnowledgeGraph::new();
        gold.add_actor(
            Actor::of_kind("putin", crate::ActorKind::Leader, "Vladimir Putin")
                .unwrap()
                .with_aliases(["Putin"]),
        )
        .unwrap();
        let mut pred = KnowledgeGraph::new();
        pred.add_actor(
            Actor::of_kind("vladimir_putin", crate::ActorKind::Leader, "Vladimir Putin").unwrap(),
        )
        .unwrap();
        pred.add_actor(Actor::of_kind("x", crate::ActorKind::Person, "X").unwrap())
            .unwrap();
        let e = evaluate(&pred, &gold);
        assert_eq!(e.actors.matched_gold, 1);
        assert_eq!(e.actors.precision(), 0.5);
        assert_eq!(e.extra_actors, ["x (person)"]);
    }
}

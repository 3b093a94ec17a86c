use super::*;
use crate::model::{ActorKind, CameoCode, Modality, RelationKind, Span};

fn id(s: &str) -> ActorId {
    ActorId::new(s).unwrap()
}

fn small() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    g.add_document(
        Document::new(DocumentId::new("d").unwrap())
            .with_text("Russia invaded Ukraine. Blinken said so."),
    )
    .unwrap();
    g.add_actor(
        Actor::country("russia", "Russia", "RUS")
            .unwrap()
            .with_aliases(["the Kremlin"]),
    )
    .unwrap();
    g.add_actor(Actor::country("ukraine", "Ukraine", "UKR").unwrap())
        .unwrap();
    g.add_actor(Actor::of_kind("antony_blinken", ActorKind::Leader, "Antony Blinken").unwrap())
        .unwrap();
    g
}

fn ev(g: &KnowledgeGraph, quote: &str) -> Evidence {
    let text = g.document("d").unwrap().text.as_deref().unwrap();
    let start = text.find(quote).unwrap();
    Evidence::quote(
        DocumentId::new("d").unwrap(),
        Span::from_range(start..start + quote.len()).unwrap(),
        quote,
    )
}

#[test]
fn parallel_relations_stay_distinct() {
    let mut g = small();
    let fact = Relation::new(id("russia"), RelationKind::Invades, id("ukraine"))
        .with_evidence(ev(&g, "Russia invaded Ukraine"));
    let claim = fact
        .clone()
        .with_modality(Modality::Claim)
        .with_asserted_by(id("antony_blinken"))
        .with_evidence(ev(&g, "Blinken said so"));
    let a = g.add_relation(fact).unwrap();
    let b = g.add_relation(claim).unwrap();
    assert_ne!(a, b);
    let between: Vec<_> = g
        .relations_between("russia", "ukraine")
        .unwrap()
        .map(|r| r.id())
        .collect();
    assert_eq!(between, vec![a, b]);
    assert_eq!(g.relations_between("ukraine", "russia").unwrap().count(), 0);
    let rb = g.relation(b).unwrap();
    assert_eq!(rb.asserted_by().unwrap().id.as_str(), "antony_blinken");
    assert_eq!(
        rb.evidence().map(|e| e.quote()).collect::<Vec<_>>(),
        ["Russia invaded Ukraine", "Blinken said so"]
    );
    assert_eq!(
        rb.to_string(),
        "Russia —invades→ Ukraine (claim by Antony Blinken)"
    );
    // Quotes readable from the text are not stored twice.
    assert!(g.quotes.is_empty());
}

#[test]
fn lookup_by_alias_ignores_case_and_apostrophes() {
    let mut g = small();
    assert_eq!(g.find_actor("THE KREMLIN").unwrap().id.as_str(), "russia");
    assert_eq!(
        g.find_actor("  the   kremlin ").unwrap().id.as_str(),
        "russia"
    );
    assert_eq!(g.find_actor("ukraine").unwrap().name, "Ukraine");
    assert!(g.find_actor("Kremlin").is_none());
    g.add_alias("ukraine", "Kyiv’s government").unwrap();
    assert_eq!(
        g.find_actor("kyiv's government").unwrap().id.as_str(),
        "ukraine"
    );
    assert!(g.add_alias("ghost", "x").is_err());
    // Shared names list every holder, first added first.
    g.add_actor(Actor::of_kind("kremlin_building", ActorKind::City, "The Kremlin").unwrap())
        .unwrap();
    let all: Vec<_> = g
        .find_actors("the kremlin")
        .iter()
        .map(|a| a.id.to_string())
        .collect();
    assert_eq!(all, ["russia", "kremlin_building"]);
    assert_eq!(g.find_actor("the kremlin").unwrap().id.as_str(), "russia");
}

#[test]
fn errors_name_what_and_where() {
    let mut g = small();
    assert_eq!(
        g.add_actor(Actor::country("russia", "Again", "RUS").unwrap()),
        Err(GraphError::DuplicateActor(id("russia")))
    );
    let e = g
        .add_relation(Relation::new(
            id("russia"),
            RelationKind::Invades,
            id("mars"),
        ))
        .unwrap_err();
    assert_eq!(e.to_string(), "unknown actor \"mars\" (as target)");
    let e = g
        .add_relation(
            Relation::new(id("russia"), RelationKind::Invades, id("ukraine"))
                .with_confidence(f32::NAN),
        )
        .unwrap_err();
    assert!(matches!(e, GraphError::InvalidConfidence { .. }));
    let bad_span = Evidence::quote(
        DocumentId::new("d").unwrap(),
        Span::new(5, 500).unwrap(),
        "x",
    );
    let e = g
        .add_relation(
            Relation::new(id("russia"), RelationKind::Invades, id("ukraine"))
                .with_evidence(bad_span),
        )
        .unwrap_err();
    assert!(
        matches!(e, GraphError::SpanOutOfBounds { len: 40, .. }),
        "{e}"
    );
    let wrong = Evidence::quote(
        DocumentId::new("d").unwrap(),
        Span::new(0, 6).unwrap(),
        "Ukraine",
    );
    let e = g
        .add_relation(
            Relation::new(id("russia"), RelationKind::Invades, id("ukraine")).with_evidence(wrong),
        )
        .unwrap_err();
    assert!(matches!(e, GraphError::QuoteMismatch { .. }), "{e}");
    // Nothing was half-added.
    assert_eq!(g.relation_count(), 0);
    assert!(g.relations_from("nobody").is_err());
}

#[test]
fn char_boundaries_are_checked() {
    let mut g = KnowledgeGraph::new();
    g.add_document(Document::new(DocumentId::new("u").unwrap()).with_text("Russia’s troops"))
        .unwrap();
    g.add_actor(Actor::country("russia", "Russia", "RUS").unwrap())
        .unwrap();
    let e = g
        .add_relation(
            Relation::new(id("russia"), RelationKind::Threatens, id("russia")).with_evidence(
                Evidence::quote(DocumentId::new("u").unwrap(), Span::new(0, 7).unwrap(), ""),
            ),
        )
        .unwrap_err();
    assert!(matches!(e, GraphError::SpanNotOnCharBoundary { .. }), "{e}");
}

#[test]
fn removal_keeps_ids_stable() {
    let mut g = small();
    let r1 = g
        .add_relation(Relation::new(
            id("russia"),
            RelationKind::Invades,
            id("ukraine"),
        ))
        .unwrap();
    let r2 = g
        .add_relation(
            Relation::new(id("ukraine"), RelationKind::Opposes, id("russia"))
                .with_asserted_by(id("antony_blinken")),
        )
        .unwrap();
    let r3 = g
        .add_relation(Relation::new(
            id("antony_blinken"),
            RelationKind::Criticizes,
            id("russia"),
        ))
        .unwrap();
    let removed = g.remove_relation(r1).unwrap();
    assert_eq!(removed.kind, RelationKind::Invades);
    assert!(g.relation(r1).is_none() && g.remove_relation(r1).is_none());
    assert_eq!(g.relation(r3).unwrap().kind(), RelationKind::Criticizes);
    // A new relation gets a fresh id, never a reused one.
    let r4 = g
        .add_relation(Relation::new(
            id("russia"),
            RelationKind::Threatens,
            id("ukraine"),
        ))
        .unwrap();
    assert!(r4 > r3);
    // Removing Blinken takes his relations and the ones he asserted.
    let gone = g.remove_actor("antony_blinken").unwrap();
    let mut gone_ids: Vec<_> = gone.relations.iter().map(|r| r.id.unwrap()).collect();
    gone_ids.sort();
    assert_eq!(gone_ids, vec![r2, r3]);
    assert_eq!(g.relation_count(), 1);
    assert!(g.find_actor("Antony Blinken").is_none());
    // Re-adding an actor reuses nothing visible.
    g.add_actor(Actor::of_kind("antony_blinken", ActorKind::Leader, "Antony Blinken").unwrap())
        .unwrap();
    assert_eq!(g.relations_from("antony_blinken").unwrap().count(), 0);
    assert_eq!(g.relation(r4).unwrap().source().id.as_str(), "russia");
}

#[test]
fn evidence_without_text_keeps_its_quote() {
    let mut g = small();
    let url = DocumentId::new("https://example.org/a").unwrap();
    let r = g
        .add_relation(
            Relation::new(id("russia"), RelationKind::Threatens, id("ukraine"))
                .with_evidence(Evidence::quote(
                    url.clone(),
                    Span::new(3, 9).unwrap(),
                    "threat",
                ))
                .with_evidence(Evidence::document(url.clone())),
        )
        .unwrap();
    assert!(g.document(url.as_str()).is_some());
    let back = g.relation(r).unwrap().to_relation();
    assert_eq!(back.evidence[0].quote, "threat");
    assert_eq!(back.evidence[1], Evidence::document(url.clone()));
    g.add_evidence(r, Evidence::document(url)).unwrap();
    assert_eq!(g.relation(r).unwrap().evidence().count(), 3);
}

#[test]
fn replace_actor_reindexes_names() {
    let mut g = small();
    let mut ru = g.actor("russia").unwrap().clone();
    ru.aliases = vec!["Moscow".into()];
    g.replace_actor(ru).unwrap();
    assert!(g.find_actor("the kremlin").is_none());
    assert_eq!(g.find_actor("moscow").unwrap().id.as_str(), "russia");
}

#[test]
fn ids_survive_the_switch_from_identity_to_a_map() {
    let mut g = small();
    let rel = |k| Relation::new(id("russia"), k, id("ukraine"));
    let a = g.add_relation(rel(RelationKind::Invades)).unwrap();
    let b = g
        .add_relation(
            rel(RelationKind::Threatens)
                .with_asserted_by(id("antony_blinken"))
                .with_codes(CameoCode::new("138").unwrap(), Some(-4.5))
                .with_evidence(ev(&g, "Blinken said so")),
        )
        .unwrap();
    assert!(g.edge_map.is_none(), "dense ids need no map");
    assert_eq!(g.relation(b).unwrap().goldstein(), Some(-4.5));
    assert_eq!(g.relation(a).unwrap().goldstein(), Some(-10.0));
    // The removed slot is reused by petgraph under a new id: a map appears.
    g.remove_relation(a).unwrap();
    assert!(g.relation(a).is_none());
    let c = g.add_relation(rel(RelationKind::Sanctions)).unwrap();
    assert_eq!(c, RelationId(2));
    assert!(g.edge_map.is_some());
    // An id far ahead, then the next id follows it.
    let d = g
        .insert_relation(RelationId(10), rel(RelationKind::Supports))
        .unwrap();
    assert_eq!(g.next_relation_id(), RelationId(11));
    let ids: Vec<_> = g.relations().map(|r| (r.id(), r.kind())).collect();
    assert_eq!(
        ids,
        vec![
            (b, RelationKind::Threatens),
            (c, RelationKind::Sanctions),
            (d, RelationKind::Supports)
        ]
    );
    let rb = g.relation(b).unwrap();
    assert_eq!(rb.asserted_by().unwrap().id.as_str(), "antony_blinken");
    assert_eq!(rb.evidence().next().unwrap().quote(), "Blinken said so");
    assert_eq!(rb.goldstein(), Some(-4.5));
    assert!(g.relation(c).unwrap().asserted_by().is_none());
    assert_eq!(g.relation(c).unwrap().evidence().count(), 0);
    // Side-table entries go with their relation.
    let back = g.remove_relation(b).unwrap();
    assert_eq!(back.goldstein, Some(-4.5));
    assert_eq!(back.asserted_by, Some(id("antony_blinken")));
    assert!(
        g.asserted_by_node(g.actors["antony_blinken"].index() as u32)
            .is_empty()
    );
    assert_eq!(g.relation_count(), 2);
}

#[test]
fn reserved_ids_without_removal_keep_identity_until_they_differ() {
    let mut g = small();
    g.reserve_relation_ids(3);
    let r = g
        .add_relation(Relation::new(
            id("russia"),
            RelationKind::Invades,
            id("ukraine"),
        ))
        .unwrap();
    assert_eq!(r, RelationId(3));
    assert_eq!(g.relation(r).unwrap().kind(), RelationKind::Invades);
    assert!(g.relation(RelationId(0)).is_none());
    g.add_evidence(r, ev(&g, "Russia invaded Ukraine")).unwrap();
    g.add_evidence(r, ev(&g, "Blinken")).unwrap();
    let quotes: Vec<_> = g
        .relation(r)
        .unwrap()
        .evidence()
        .map(|e| e.quote())
        .collect();
    assert_eq!(quotes, vec!["Russia invaded Ukraine", "Blinken"]);
}

#[test]
fn ids_are_found_ignoring_case_with_or_without_a_name_index_entry() {
    let mut g = small();
    g.add_actor(Actor::country("usa", "United States", "USA").unwrap())
        .unwrap();
    g.add_actor(Actor::of_kind("EU", ActorKind::Alliance, "European Union").unwrap())
        .unwrap();
    assert_eq!(g.find_actor("USA").unwrap().name, "United States");
    assert_eq!(g.find_actor("eu").unwrap().name, "European Union");
    assert_eq!(g.find_actors("Usa").len(), 1);
    // An actor named like another's id: both are found, in insertion order.
    g.add_actor(Actor::of_kind("x1", ActorKind::Person, "USA").unwrap())
        .unwrap();
    let found: Vec<_> = g.find_actors("usa").iter().map(|a| a.id.as_str()).collect();
    assert_eq!(found, vec!["usa", "x1"]);
    assert_eq!(g.find_actor("usa").unwrap().id.as_str(), "usa");
    g.remove_actor("usa").unwrap();
    let found: Vec<_> = g.find_actors("USA").iter().map(|a| a.id.as_str()).collect();
    assert_eq!(found, vec!["x1"]);
}

/// The collected list (branch-free over a dense id map) equals the
/// iterator for each shape of the relation-id map: none (ids are edge
/// indices), dense (an ego-like subgraph keeping about half of the ids,
/// holes in every 64-entry block) and sparse (a few far-apart ids).
#[test]
fn relation_edge_list_equals_relation_edges() {
    let mut g = KnowledgeGraph::new();
    for i in 0..50 {
        g.add_actor(Actor::new(id(&format!("a{i}")), ActorKind::Person, "p"))
            .unwrap();
    }
    for i in 0..1000u32 {
        let (s, t) = (i % 50, (i * 7 + 3) % 50);
        let r = Relation::new(
            id(&format!("a{s}")),
            RelationKind::Threatens,
            id(&format!("a{t}")),
        );
        g.add_relation(r).unwrap();
    }
    let members: Vec<u32> = (0..50).collect();
    let half: Vec<u32> = (0..1000).filter(|i| i % 3 != 0 && i % 7 != 2).collect();
    let few: Vec<u32> = vec![5, 400, 999];
    let dense = g.induced_subgraph(&members, &half).unwrap();
    let sparse = g.induced_subgraph(&members, &few).unwrap();
    assert!(matches!(dense.edge_map, Some(U32Column::Dense(_))));
    assert!(matches!(sparse.edge_map, Some(U32Column::Sparse(..))));
    for (graph, ids) in [(&g, (0..1000).collect()), (&dense, half), (&sparse, few)] {
        let list = graph.relation_edge_list();
        assert_eq!(list, graph.relation_edges().collect::<Vec<_>>());
        let got: Vec<u32> = list.iter().map(|&e| graph.graph[e].id).collect();
        assert_eq!(got, ids);
    }
}

/// `add_relation_spans` (the extractor's compact evidence) stores what
/// `add_relation` stores for the same evidence as `Evidence` values.
#[test]
fn relation_spans_equal_evidence_values() {
    let doc = DocumentId::new("d").unwrap();
    let spans = [Span::new(0, 22).unwrap(), Span::new(24, 39).unwrap()];
    let other = Evidence::document(DocumentId::new("other").unwrap());
    let base = Relation::new(id("russia"), RelationKind::Invades, id("ukraine"));
    let mut plain = small();
    let mut with_values = base.clone();
    for &s in &spans {
        with_values = with_values.with_evidence(Evidence::quote(doc.clone(), s, ""));
    }
    plain
        .add_relation(with_values.with_evidence(other.clone()))
        .unwrap();
    let mut compact = small();
    compact
        .add_relation_spans(base.with_evidence(other), &doc, &spans)
        .unwrap();
    assert_eq!(plain.to_json(), compact.to_json());
    let r = compact.relations().next().unwrap();
    let quotes: Vec<&str> = r.evidence().map(|e| e.quote()).collect();
    assert_eq!(quotes, ["Russia invaded Ukraine", "Blinken said so", ""]);
    assert_eq!(compact.document_count(), 2);
}

#[test]
fn relation_spans_are_checked_against_the_text() {
    let doc = DocumentId::new("d").unwrap();
    let base = Relation::new(id("russia"), RelationKind::Invades, id("ukraine"));
    let mut g = small();
    let out = [Span::new(0, 6).unwrap(), Span::new(30, 41).unwrap()];
    assert!(matches!(
        g.add_relation_spans(base.clone(), &doc, &out),
        Err(GraphError::SpanOutOfBounds { len: 40, .. })
    ));
    assert_eq!(g.relation_count(), 0);
    let mut g = KnowledgeGraph::new();
    g.add_document(Document::new(doc.clone()).with_text("Ça va"))
        .unwrap();
    g.add_actor(Actor::country("russia", "Russia", "RUS").unwrap())
        .unwrap();
    g.add_actor(Actor::country("ukraine", "Ukraine", "UKR").unwrap())
        .unwrap();
    let inside = [Span::new(1, 3).unwrap()];
    assert!(matches!(
        g.add_relation_spans(base.clone(), &doc, &inside),
        Err(GraphError::SpanNotOnCharBoundary { .. })
    ));
    let ok = [Span::new(0, 3).unwrap()];
    let rid = g.add_relation_spans(base, &doc, &ok).unwrap();
    assert_eq!(
        g.relation(rid).unwrap().evidence().next().unwrap().quote(),
        "Ça"
    );
}

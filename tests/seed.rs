//! The seed article's curated graph holds what the article says.

use geokg::{ActorKind, KnowledgeGraph, Modality, RelationKind};

fn graph() -> KnowledgeGraph {
    geokg::seed::graph().expect("the shipped seed annotations load")
}

fn has(g: &KnowledgeGraph, s: &str, k: RelationKind, t: &str) -> bool {
    g.relations_between(s, t).unwrap().any(|r| r.kind() == k)
}

#[test]
fn names_every_actor_the_article_names() {
    let g = graph();
    for name in [
        "Russia",
        "Kazakhstan",
        "Ukraine",
        "Belarus",
        "Georgia",
        "Armenia",
        "Azerbaijan",
        "Putin",
        "Tokayev",
        "Zelenskyi",
        "Lukashenko",
        "Blinken",
        "Fiona Hill",
        "Fyodor Lukyanov",
        "Mark Green",
        "NATO",
        "CSTO",
        "Crimea",
        "Nagorno-Karabakh",
        "Geneva",
        "Brookings Institution",
    ] {
        assert!(g.find_actor(name).is_some(), "{name} is missing");
    }
    assert_eq!(
        g.find_actor("Russia").unwrap().iso3().unwrap().as_str(),
        "RUS"
    );
    assert_eq!(
        g.find_actor("Kazakhstan").unwrap().iso3().unwrap().as_str(),
        "KAZ"
    );
    assert_eq!(g.find_actor("Tokayev").unwrap().kind(), ActorKind::Leader);
    assert_eq!(
        g.find_actor("Fiona Hill").unwrap().kind(),
        ActorKind::Person
    );
    assert!(g.actor_count() >= 40);
    assert!(g.relation_count() >= 90);
}

#[test]
fn holds_the_main_story() {
    let g = graph();
    let id = |n: &str| g.find_actor(n).unwrap().id.to_string();
    let (ru, kz, ua, csto) = (id("Russia"), id("Kazakhstan"), id("Ukraine"), id("CSTO"));
    assert!(has(&g, &ru, RelationKind::DeploysForcesTo, &kz));
    assert!(has(
        &g,
        &id("Tokayev"),
        RelationKind::RequestsHelpFrom,
        &csto
    ));
    assert!(has(&g, &id("Putin"), RelationKind::Leads, &ru));
    assert!(has(&g, &id("Tokayev"), RelationKind::Leads, &kz));
    assert!(has(&g, &ru, RelationKind::Occupies, &id("Crimea")));
    assert!(has(&g, &ru, RelationKind::Invades, &id("Georgia")));
    // NATO rejects Putin's demand.
    assert!(
        g.relations_to(&id("Putin"))
            .unwrap()
            .chain(g.relations_from(&id("NATO")).unwrap())
            .any(|r| r.kind() == RelationKind::Rejects)
    );
    // An attack on Ukraine is speculation, not fact.
    let attacks: Vec<_> = g
        .relations()
        .filter(|r| r.kind() == RelationKind::Attacks && r.target().id.as_str() == ua)
        .collect();
    assert!(!attacks.is_empty());
    assert!(attacks.iter().all(|r| r.modality() != Modality::Fact));
}

#[test]
fn quoted_people_are_the_speakers_of_their_claims() {
    let g = graph();
    for speaker in [
        "Fiona Hill",
        "Fyodor Lukyanov",
        "Mark Green",
        "Antony Blinken",
    ] {
        let who = g.find_actor(speaker).unwrap();
        let claims: Vec<_> = g
            .relations()
            .filter(|r| r.asserted_by().is_some_and(|a| a.id == who.id))
            .collect();
        assert!(!claims.is_empty(), "{speaker} asserts nothing");
        assert!(
            claims.iter().all(|r| r.modality() != Modality::Fact),
            "{speaker}: a claim marked fact"
        );
    }
    // Hill says Putin may want to reassert hegemony: speculation by Hill.
    let hill = g.find_actor("Fiona Hill").unwrap();
    assert!(
        g.relations()
            .any(|r| r.kind() == RelationKind::SeeksInfluenceOver
                && r.modality() == Modality::Speculation
                && r.asserted_by().is_some_and(|a| a.id == hill.id))
    );
}

#[test]
fn every_relation_has_verbatim_evidence() {
    let g = graph();
    let text = geokg::seed::ARTICLE;
    for r in g.relations() {
        let ev: Vec<_> = r.evidence().collect();
        assert!(!ev.is_empty(), "{r} has no evidence");
        for e in ev {
            let span = e.span().expect("curated evidence has spans");
            assert_eq!(&text[span.range()], e.quote());
            assert_eq!(e.document_id().as_str(), geokg::seed::DOCUMENT_ID);
        }
        assert!((0.0..=1.0).contains(&r.confidence()));
        if r.kind().is_structural() {
            assert!(r.kind().cameo_code().is_none());
        }
    }
}

#[test]
fn seed_graph_roundtrips_through_json() {
    let g = graph();
    let back = KnowledgeGraph::from_json(&g.to_json()).unwrap();
    assert_eq!(back.to_json(), g.to_json());
    assert_eq!(back.relation_count(), g.relation_count());
}

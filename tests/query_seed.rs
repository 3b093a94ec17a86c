//! Paths and neighborhoods on the seed article's graph, asserting what the
//! article states: Russian troops were sent to Kazakhstan (at Tokayev's
//! request to the Russia-led CSTO), and Russia is massing forces near
//! Ukraine, with which it has been in conflict since 2014.

use geokg::query::{
    Direction, Filter, PathQuery, k_shortest_paths, neighborhood, shortest_path, simple_paths,
};
use geokg::{KindGroup, RelationKind};

#[test]
fn kazakhstan_reaches_ukraine_through_russia() {
    let g = geokg::seed::graph().unwrap();
    let p = shortest_path(&g, "Kazakhstan", "Ukraine", &PathQuery::new())
        .unwrap()
        .unwrap();
    // No relation ties the two directly; two steps do.
    assert_eq!(p.len(), 2);
    assert!(p.is_valid(&g, false, &Filter::new()));
    let two = simple_paths(&g, "kazakhstan", "ukraine", 2, 1000, &PathQuery::new()).unwrap();
    assert!(!two.truncated);
    assert!(two.paths.iter().all(|p| p.len() == 2));
    // One of them: Russia deploys forces to Kazakhstan, and Russia masses
    // forces near Ukraine — rendered as a chain, with its quotes.
    let via_russia = two
        .paths
        .iter()
        .find(|p| {
            let kinds: Vec<RelationKind> = p.relations(&g).map(|r| r.kind()).collect();
            p.actors[1].as_str() == "russia"
                && kinds
                    == [
                        RelationKind::DeploysForcesTo,
                        RelationKind::MassesForcesNear,
                    ]
        })
        .expect("a path Kazakhstan ← Russia → Ukraine");
    assert_eq!(
        via_russia.display(&g).to_string(),
        "Kazakhstan ←deploys forces to— Russia —masses forces near→ Ukraine"
    );
    assert!(
        via_russia
            .relations(&g)
            .all(|r| r.evidence().any(|e| !e.quote().is_empty()))
    );
    // Military relations alone still connect them, through Russia.
    let mil = PathQuery::new().filter(Filter::new().group(KindGroup::Military));
    let p = shortest_path(&g, "Kazakhstan", "Ukraine", &mil)
        .unwrap()
        .unwrap();
    assert_eq!(p.len(), 2);
    assert_eq!(p.actors[1].as_str(), "russia");
    // The k shortest start with the shortest and are distinct.
    let ks = k_shortest_paths(&g, "Kazakhstan", "Ukraine", 5, &PathQuery::new()).unwrap();
    assert_eq!(ks.len(), 5);
    assert_eq!(ks[0].len(), 2);
}

#[test]
fn kazakhstan_neighborhoods() {
    let g = geokg::seed::graph().unwrap();
    let n1 = neighborhood(&g, "Kazakhstan", 1, Direction::Both, &Filter::new()).unwrap();
    // Russia sent troops, the CSTO was asked for help, Tokayev is president.
    for id in ["russia", "csto", "kassym_jomart_tokayev"] {
        assert_eq!(n1.distance(id), Some(1), "{id}");
    }
    assert_eq!(n1.distance("kazakhstan"), Some(0));
    assert_eq!(n1.distance("ukraine"), None);
    // Every relation of Kazakhstan is in its 1-hop subgraph.
    let own = g.relations_from("kazakhstan").unwrap().count()
        + g.relations_to("kazakhstan").unwrap().count();
    let in_sub = n1.graph.relations_from("kazakhstan").unwrap().count()
        + n1.graph.relations_to("kazakhstan").unwrap().count();
    assert_eq!(in_sub, own);
    let n2 = neighborhood(&g, "Kazakhstan", 2, Direction::Both, &Filter::new()).unwrap();
    assert_eq!(n2.distance("ukraine"), Some(2));
    assert!(n2.len() > n1.len());
    // The subgraph keeps ids and evidence, and round-trips through JSON.
    let r = n2
        .graph
        .relations_between("russia", "kazakhstan")
        .unwrap()
        .find(|r| r.kind() == RelationKind::DeploysForcesTo)
        .unwrap();
    assert_eq!(g.relation(r.id()).unwrap().to_relation(), r.to_relation());
    let back = geokg::KnowledgeGraph::from_json(&n2.graph.to_json()).unwrap();
    assert_eq!(back.relation_count(), n2.graph.relation_count());
    // Outgoing only: what Kazakhstan does (member of the CSTO, ties with Russia).
    let out = neighborhood(&g, "Kazakhstan", 1, Direction::Out, &Filter::new()).unwrap();
    assert_eq!(out.distance("csto"), Some(1));
    assert_eq!(out.distance("kassym_jomart_tokayev"), None);
}

//! Rankings, dyads, timelines and as-of views on the seed article's graph,
//! asserting what the article plainly says.

use geokg::query::{self, AsOfOptions, DegreeOptions, Filter, PageRankOptions, TimelineRole};
use geokg::{KindGroup, RelationKind};

#[test]
fn russia_is_central() {
    let g = geokg::seed::graph().unwrap();
    let deg = query::degree(&g, &Filter::new(), DegreeOptions::default()).unwrap();
    assert!(deg.position("russia").unwrap() < 3, "{:?}", deg.top(5));
    let pr = query::pagerank(&g, &Filter::new(), &PageRankOptions::default()).unwrap();
    assert_eq!(pr.len(), g.actor_count());
    assert!((pr.entries.iter().map(|e| e.1).sum::<f64>() - 1.0).abs() < 1e-9);
    let mil = Filter::new().group(KindGroup::Military);
    let deg = query::degree(&g, &mil, DegreeOptions::default()).unwrap();
    assert_eq!(deg.entries[0].0.as_str(), "russia");
}

#[test]
fn tokayev_asked_the_csto_for_help() {
    let g = geokg::seed::graph().unwrap();
    let t = query::timeline(&g, "Tokayev", &Filter::new()).unwrap();
    assert_eq!(t.actor.as_str(), "kassym_jomart_tokayev");
    assert!(t.entries.iter().any(|e| {
        e.relation.kind == RelationKind::RequestsHelpFrom
            && e.relation.target.as_str() == "csto"
            && e.roles == [TimelineRole::Source]
    }));
    // Dated entries come first, in order.
    let dates: Vec<_> = t.dated().iter().map(|e| e.relation.date.unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]));
    assert!(t.undated().iter().all(|e| e.relation.date.is_none()));
}

#[test]
fn russia_and_ukraine_are_in_conflict() {
    let g = geokg::seed::graph().unwrap();
    let d = query::dyad(&g, "Russia", "Ukraine", &Filter::new()).unwrap();
    assert!(d.conflict > 0);
    assert!(d.goldstein_total < 0.0, "{}", d.goldstein_total);
    // Every listed relation joins the two, either way.
    assert!(d.relations.iter().all(|r| {
        let (s, t) = (r.relation.source.as_str(), r.relation.target.as_str());
        (s, t) == ("russia", "ukraine") || (s, t) == ("ukraine", "russia")
    }));
}

#[test]
fn before_the_deployment() {
    let g = geokg::seed::graph().unwrap();
    let date = "2021-12-31".parse().unwrap();
    let before = query::as_of(
        &g,
        date,
        &AsOfOptions {
            keep_undated: false,
        },
    )
    .unwrap();
    assert!(before.relation_count() < g.relation_count());
    assert!(
        before
            .relations_between("russia", "kazakhstan")
            .unwrap()
            .all(|r| r.kind() != RelationKind::DeploysForcesTo)
    );
    assert!(
        g.relations_between("russia", "kazakhstan")
            .unwrap()
            .any(|r| r.kind() == RelationKind::DeploysForcesTo)
    );
    for r in before.relations() {
        assert!(r.date().unwrap().first_day() <= date);
        assert_eq!(g.relation(r.id()).unwrap().kind(), r.kind());
    }
}

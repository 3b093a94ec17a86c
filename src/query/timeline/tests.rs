use proptest::prelude::*;

use super::*;
use crate::model::{Actor, ActorKind, Document, DocumentId, Evidence, RelationKind, Span};

fn id(s: &str) -> ActorId {
    ActorId::new(s).unwrap()
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

const TEXT: &str = "Russia invaded Ukraine. Hill said Russia threatens NATO.";

fn graph() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    g.add_document(Document::new(DocumentId::new("doc").unwrap()).with_text(TEXT))
        .unwrap();
    g.add_actor(Actor::country("ru", "Russia", "RUS").unwrap())
        .unwrap();
    g.add_actor(Actor::country("ua", "Ukraine", "UKR").unwrap())
        .unwrap();
    g.add_actor(Actor::of_kind("nato", ActorKind::Alliance, "NATO").unwrap())
        .unwrap();
    g.add_actor(Actor::of_kind("hill", ActorKind::Person, "Fiona Hill").unwrap())
        .unwrap();
    let ev = Evidence::quote(
        DocumentId::new("doc").unwrap(),
        Span::from_range(0..22).unwrap(),
        "Russia invaded Ukraine",
    );
    let rels = [
        // 0: undated
        Relation::new(id("ua"), RelationKind::CooperatesWith, id("nato")),
        // 1
        Relation::new(id("ru"), RelationKind::Invades, id("ua"))
            .with_date(d("2022-02-24"))
            .with_evidence(ev),
        // 2: year precision sorts before the days of its year
        Relation::new(id("ru"), RelationKind::Threatens, id("ua")).with_date(d("2022")),
        // 3: speaker hill
        Relation::new(id("ru"), RelationKind::Threatens, id("nato"))
            .with_asserted_by(id("hill"))
            .with_date(d("2022-01")),
        // 4
        Relation::new(id("ru"), RelationKind::Occupies, id("ua"))
            .with_date(d("2014-03-18"))
            .with_note("Crimea"),
        // 5: undated
        Relation::new(id("ua"), RelationKind::Criticizes, id("ru")),
        // 6: removed below
        Relation::new(id("ua"), RelationKind::Rejects, id("ru")).with_date(d("2020")),
    ];
    for r in rels {
        g.add_relation(r).unwrap();
    }
    g.remove_relation(RelationId(6)).unwrap();
    g
}

fn ids(t: &Timeline) -> Vec<u32> {
    t.entries.iter().map(|e| e.id.index()).collect()
}

#[test]
fn timelines_are_chronological_with_undated_last() {
    let g = graph();
    let cases: [(&str, Filter, Vec<u32>); 5] = [
        ("Ukraine", Filter::new(), vec![4, 2, 1, 0, 5]),
        ("ru", Filter::new(), vec![4, 2, 3, 1, 5]),
        ("nato", Filter::new(), vec![3, 0]),
        // A speaker's timeline holds what it asserted.
        ("fiona hill", Filter::new(), vec![3]),
        (
            "ua",
            Filter::new().group(crate::KindGroup::Military),
            vec![4, 2, 1],
        ),
    ];
    for (who, f, want) in cases {
        let t = timeline(&g, who, &f).unwrap();
        assert_eq!(ids(&t), want, "{who}");
    }
    let t = timeline(&g, "ua", &Filter::new()).unwrap();
    assert_eq!(t.actor.as_str(), "ua");
    assert_eq!(t.dated().len(), 3);
    assert_eq!(t.undated().len(), 2);
    assert_eq!(t.span(), Some((d("2014-03-18"), d("2022-02-24"))));
    assert_eq!(t.entries[0].roles, [TimelineRole::Target]);
    assert_eq!(t.entries[0].relation.note.as_deref(), Some("Crimea"));
    assert_eq!(
        t.entries[2].relation.evidence[0].quote,
        "Russia invaded Ukraine"
    );
    assert_eq!(t.entries[2].text, "Russia —invades→ Ukraine");
    let hill = timeline(&g, "hill", &Filter::new()).unwrap();
    assert_eq!(hill.entries[0].roles, [TimelineRole::Speaker]);
}

#[test]
fn timeline_bad_input() {
    let g = graph();
    match timeline(&g, "Ukrain", &Filter::new()) {
        Err(QueryError::UnknownActor { suggestions, .. }) => assert_eq!(suggestions, ["ua"]),
        other => panic!("{other:?}"),
    }
    assert!(timeline(&KnowledgeGraph::new(), "x", &Filter::new()).is_err());
    let mut g = KnowledgeGraph::new();
    g.add_actor(Actor::country("a", "A", "AAA").unwrap())
        .unwrap();
    g.add_relation(Relation::new(id("a"), RelationKind::Criticizes, id("a")))
        .unwrap();
    let t = timeline(&g, "a", &Filter::new()).unwrap();
    assert_eq!(t.entries.len(), 1);
    assert_eq!(
        t.entries[0].roles,
        [TimelineRole::Source, TimelineRole::Target]
    );
}

#[test]
fn as_of_keeps_ids_and_respects_precision() {
    let g = graph();
    let kept = |date: &str, keep_undated: bool| -> Vec<u32> {
        let h = as_of(&g, d(date), &AsOfOptions { keep_undated }).unwrap();
        assert_eq!(h.actor_count(), g.actor_count());
        h.relations().map(|r| r.id().index()).collect()
    };
    assert_eq!(kept("2013", true), [0, 5]);
    assert_eq!(kept("2013", false), Vec::<u32>::new());
    assert_eq!(kept("2014-03-18", false), [4]);
    // As of 2022-01-06: the year-dated threat and the month-dated claim may
    // have happened; the invasion had not.
    assert_eq!(kept("2022-01-06", false), [2, 3, 4]);
    assert_eq!(kept("2022-02", false), [1, 2, 3, 4]);
    let h = as_of(&g, d("2022"), &AsOfOptions::default()).unwrap();
    let r = h.relation(RelationId(1)).unwrap();
    assert_eq!(
        r.evidence().next().unwrap().quote(),
        "Russia invaded Ukraine"
    );
    assert_eq!(h.relation(RelationId(4)).unwrap().note(), Some("Crimea"));
    assert_eq!(
        h.relation(RelationId(3))
            .unwrap()
            .asserted_by()
            .unwrap()
            .id
            .as_str(),
        "hill"
    );
    // New relations do not reuse ids of the original.
    assert_eq!(h.next_relation_id(), g.next_relation_id());
    // The view is a graph like any other.
    assert_eq!(
        h.to_json(),
        KnowledgeGraph::from_json(&h.to_json()).unwrap().to_json()
    );
    assert_eq!(
        as_of(&KnowledgeGraph::new(), d("2000"), &AsOfOptions::default())
            .unwrap()
            .relation_count(),
        0
    );
}

fn arb_date() -> impl Strategy<Value = Date> {
    (1990i32..2030, 0u32..13, 0u32..29).prop_map(|(y, m, dd)| match (m, dd) {
        (0, _) => Date::year(y).unwrap(),
        (m, 0) => Date::month(y, m).unwrap(),
        (m, dd) => Date::day(y, m, dd).unwrap(),
    })
}

proptest! {
    #[test]
    fn as_of_holds_exactly_the_relations_up_to_the_date(
        dates in prop::collection::vec(prop::option::of(arb_date()), 0..25),
        at in arb_date(),
        keep_undated: bool,
    ) {
        let mut g = KnowledgeGraph::new();
        g.add_actor(Actor::country("a", "A", "AAA").unwrap()).unwrap();
        g.add_actor(Actor::country("b", "B", "BBB").unwrap()).unwrap();
        for date in &dates {
            let mut r = Relation::new(id("a"), RelationKind::Supports, id("b"));
            r.date = *date;
            g.add_relation(r).unwrap();
        }
        let h = as_of(&g, at, &AsOfOptions { keep_undated }).unwrap();
        for r in h.relations() {
            match r.date() {
                Some(rd) => prop_assert!(rd.first_day() <= at.last_day()),
                None => prop_assert!(keep_undated),
            }
            prop_assert_eq!(g.relation(r.id()).unwrap().date(), r.date());
        }
        let want = dates
            .iter()
            .filter(|d| d.map_or(keep_undated, |d| d.first_day() <= at.last_day()))
            .count();
        prop_assert_eq!(h.relation_count(), want);
        // A timeline is sorted by date, undated last.
        let t = timeline(&g, "a", &Filter::new()).unwrap();
        prop_assert_eq!(t.entries.len(), dates.len());
        let keys: Vec<(bool, Option<Date>)> =
            t.entries.iter().map(|e| (e.relation.date.is_none(), e.relation.date)).collect();
        prop_assert!(keys.windows(2).all(|w| w[0] <= w[1]));
    }
}

//! Paths and neighborhoods on small hand-made graphs with known answers,
//! and property tests against naive searches over `relations()`.

use std::collections::{HashMap, HashSet, VecDeque};

use geokg::query::{
    Direction, Filter, PathQuery, QueryError, count_simple_node_paths, k_shortest_paths,
    most_trusted_path, neighborhood, reach, shortest_path, simple_paths,
};
use geokg::{
    Actor, ActorId, ActorKind, Document, DocumentId, Evidence, KindGroup, KnowledgeGraph, Modality,
    Relation, RelationId, RelationKind, Span,
};
use proptest::prelude::*;

fn id(s: &str) -> ActorId {
    ActorId::new(s).unwrap()
}

const TEXT: &str = "Kazakhstan asked the CSTO for help. Russia leads the CSTO. \
                    Russia threatens Ukraine, an expert said.";

/// ```text
/// r0 kz  requests_help_from csto   (0.9, quoted)
/// r1 ru  leads              csto   (1.0)
/// r2 ru  threatens          ua     (0.6)
/// r3 ru  threatens          ua     (0.9, claim by expert, parallel to r2)
/// r4 us  supports           ua     (1.0)
/// r5 kz  trades_with        us     (0.2)
/// r6 ru  invades            ua     (negated)
/// r7 csto deploys_forces_to kz     (0.95)
/// r8 ru  criticizes         ru     (self-loop)
/// ```
fn graph() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    let doc = DocumentId::new("d").unwrap();
    g.add_document(Document::new(doc.clone()).with_text(TEXT))
        .unwrap();
    for (a, n, iso) in [
        ("kz", "Kazakhstan", "KAZ"),
        ("ru", "Russia", "RUS"),
        ("ua", "Ukraine", "UKR"),
        ("us", "United States", "USA"),
    ] {
        g.add_actor(Actor::country(a, n, iso).unwrap()).unwrap();
    }
    g.add_actor(Actor::of_kind("csto", ActorKind::Alliance, "CSTO").unwrap())
        .unwrap();
    g.add_actor(Actor::of_kind("expert", ActorKind::Person, "An expert").unwrap())
        .unwrap();
    let quote = |q: &str| {
        let start = TEXT.find(q).unwrap();
        Evidence::quote(
            doc.clone(),
            Span::from_range(start..start + q.len()).unwrap(),
            q,
        )
    };
    let rels = vec![
        Relation::new(id("kz"), RelationKind::RequestsHelpFrom, id("csto"))
            .with_confidence(0.9)
            .with_evidence(quote("Kazakhstan asked the CSTO for help")),
        Relation::new(id("ru"), RelationKind::Leads, id("csto"))
            .with_evidence(quote("Russia leads the CSTO")),
        Relation::new(id("ru"), RelationKind::Threatens, id("ua")).with_confidence(0.6),
        Relation::new(id("ru"), RelationKind::Threatens, id("ua"))
            .with_confidence(0.9)
            .with_modality(Modality::Claim)
            .with_asserted_by(id("expert"))
            .with_evidence(quote("Russia threatens Ukraine")),
        Relation::new(id("us"), RelationKind::Supports, id("ua")),
        Relation::new(id("kz"), RelationKind::TradesWith, id("us")).with_confidence(0.2),
        Relation::new(id("ru"), RelationKind::Invades, id("ua")).negated(),
        Relation::new(id("csto"), RelationKind::DeploysForcesTo, id("kz")).with_confidence(0.95),
        Relation::new(id("ru"), RelationKind::Criticizes, id("ru")),
    ];
    for r in rels {
        g.add_relation(r).unwrap();
    }
    g
}

fn steps(p: &geokg::query::Path) -> Vec<(u32, bool)> {
    p.steps
        .iter()
        .map(|s| (s.relation.index(), s.forward))
        .collect()
}

#[test]
fn shortest_paths_table() {
    let g = graph();
    let mil = Filter::new().group(KindGroup::Military);
    type Case = (
        &'static str,
        &'static str,
        PathQuery,
        Option<Vec<(u32, bool)>>,
    );
    let cases: Vec<Case> = vec![
        // Lowest id among the parallel threats.
        (
            "kz",
            "ua",
            PathQuery::new(),
            Some(vec![(5, true), (4, true)]),
        ),
        // Without trade and support, through the CSTO and Russia.
        (
            "Kazakhstan",
            "Ukraine",
            PathQuery::new().filter(Filter::new().kinds([
                RelationKind::RequestsHelpFrom,
                RelationKind::Leads,
                RelationKind::Threatens,
            ])),
            Some(vec![(0, true), (1, false), (2, true)]),
        ),
        // A speaker filter picks the expert's claim.
        (
            "ru",
            "ua",
            PathQuery::new().filter(Filter::new().asserted_by(id("expert"))),
            Some(vec![(3, true)]),
        ),
        (
            "ru",
            "ua",
            PathQuery::new().filter(Filter::new().min_confidence(0.7).without_negated()),
            Some(vec![(3, true)]),
        ),
        // Directed: kz reaches ua only through the US.
        (
            "kz",
            "ua",
            PathQuery::new().directed(),
            Some(vec![(5, true), (4, true)]),
        ),
        ("ua", "kz", PathQuery::new().directed(), None),
        // Military only: csto -> kz and ru -> ua do not connect.
        ("kz", "ua", PathQuery::new().filter(mil.clone()), None),
        (
            "csto",
            "kz",
            PathQuery::new().filter(mil).directed(),
            Some(vec![(7, true)]),
        ),
        // Source = target: the empty path.
        ("ru", "ru", PathQuery::new(), Some(vec![])),
        // An endpoint the actor filter rejects: no path.
        (
            "kz",
            "ua",
            PathQuery::new().filter(Filter::new().exclude_actor_kinds([ActorKind::Country])),
            None,
        ),
        // Excluding alliances forces the trade route.
        (
            "kz",
            "ru",
            PathQuery::new().filter(Filter::new().exclude_actor_kinds([ActorKind::Alliance])),
            Some(vec![(5, true), (4, true), (2, false)]),
        ),
    ];
    for (from, to, q, want) in cases {
        let got = shortest_path(&g, from, to, &q).unwrap();
        assert_eq!(got.as_ref().map(steps), want, "{from} -> {to} {q:?}");
        if let Some(p) = got {
            assert!(p.is_valid(&g, q.directed, &q.filter));
        }
    }
}

#[test]
fn hand_made_paths_do_not_panic() {
    let g = graph();
    let empty = geokg::query::Path {
        actors: vec![],
        steps: vec![],
    };
    assert_eq!(empty.display(&g).to_string(), "");
    assert!(empty.source().is_none());
    assert!(!empty.is_valid(&g, false, &Filter::new()));
    // A step without its actor, and a relation id the graph does not hold.
    let bad = geokg::query::Path {
        actors: vec![id("kz")],
        steps: vec![geokg::query::Step {
            relation: RelationId::from_index(99),
            forward: true,
        }],
    };
    assert_eq!(bad.display(&g).to_string(), "Kazakhstan");
    assert!(!bad.is_valid(&g, false, &Filter::new()));
    assert_eq!(bad.confidence(&g), 1.0);
    // Graph types stay shareable across threads.
    fn shareable<T: Send + Sync + Clone>() {}
    shareable::<KnowledgeGraph>();
    shareable::<geokg::query::Neighborhood>();
}

#[test]
fn paths_render_as_chains_with_their_evidence() {
    let g = graph();
    let q = PathQuery::new().filter(Filter::new().kinds([
        RelationKind::RequestsHelpFrom,
        RelationKind::Leads,
        RelationKind::Threatens,
    ]));
    let p = shortest_path(&g, "kz", "ua", &q).unwrap().unwrap();
    assert_eq!(
        p.display(&g).to_string(),
        "Kazakhstan —requests help from→ CSTO ←leads— Russia —threatens→ Ukraine"
    );
    assert_eq!(p.source().unwrap().as_str(), "kz");
    assert_eq!(p.target().unwrap().as_str(), "ua");
    let quotes: Vec<String> = p
        .relations(&g)
        .flat_map(|r| {
            r.evidence()
                .map(|e| e.quote().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        quotes,
        [
            "Kazakhstan asked the CSTO for help",
            "Russia leads the CSTO"
        ]
    );
    let text = p.explain(&g);
    assert!(text.contains("\"Russia leads the CSTO\" (d)"), "{text}");
    // A negated relation reads as such.
    let neg = shortest_path(
        &g,
        "ru",
        "ua",
        &PathQuery::new().filter(Filter::new().kinds([RelationKind::Invades])),
    )
    .unwrap()
    .unwrap();
    assert_eq!(neg.display(&g).to_string(), "Russia —not invades→ Ukraine");
    // Paths serialize.
    let json = serde_json::to_string(&p).unwrap();
    assert!(json.contains("\"forward\":false"), "{json}");
}

#[test]
fn most_trusted_prefers_confident_relations() {
    let g = graph();
    // kz -> ua: via us = 0.2 * 1.0; via csto, ru = 0.95 (r7) * 1.0 * 1.0
    // (the negated invasion has the default confidence).
    let p = most_trusted_path(&g, "kz", "ua", &PathQuery::new())
        .unwrap()
        .unwrap();
    assert_eq!(steps(&p), [(7, false), (1, false), (6, true)]);
    assert!((p.confidence(&g) - 0.95).abs() < 1e-6);
    let p = most_trusted_path(
        &g,
        "kz",
        "ua",
        &PathQuery::new().filter(Filter::new().without_negated()),
    )
    .unwrap()
    .unwrap();
    assert_eq!(steps(&p), [(7, false), (1, false), (3, true)]);
    // Directed, only the trade route exists.
    let p = most_trusted_path(&g, "kz", "ua", &PathQuery::new().directed())
        .unwrap()
        .unwrap();
    assert_eq!(steps(&p), [(5, true), (4, true)]);
    assert!(
        most_trusted_path(&g, "ua", "kz", &PathQuery::new().directed())
            .unwrap()
            .is_none()
    );
    assert_eq!(
        most_trusted_path(&g, "kz", "kz", &PathQuery::new())
            .unwrap()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn simple_paths_are_edge_aware() {
    let g = graph();
    let q = PathQuery::new();
    let r = simple_paths(&g, "kz", "ua", 3, 100, &q).unwrap();
    let got: Vec<Vec<(u32, bool)>> = r.paths.iter().map(steps).collect();
    assert_eq!(
        got,
        vec![
            vec![(5, true), (4, true)],
            vec![(0, true), (1, false), (2, true)],
            vec![(0, true), (1, false), (3, true)],
            vec![(0, true), (1, false), (6, true)],
            vec![(7, false), (1, false), (2, true)],
            vec![(7, false), (1, false), (3, true)],
            vec![(7, false), (1, false), (6, true)],
        ]
    );
    assert!(!r.truncated);
    // Two actor sequences: kz-us-ua and kz-csto-ru-ua.
    assert_eq!(count_simple_node_paths(&g, "kz", "ua", 3, &q).unwrap(), 2);
    assert_eq!(count_simple_node_paths(&g, "kz", "ua", 2, &q).unwrap(), 1);
    assert_eq!(count_simple_node_paths(&g, "kz", "ua", 1, &q).unwrap(), 0);
    assert_eq!(count_simple_node_paths(&g, "kz", "kz", 0, &q).unwrap(), 1);
    // A limit truncates and says so.
    let r = simple_paths(&g, "kz", "ua", 3, 3, &q).unwrap();
    assert_eq!(r.paths.len(), 3);
    assert!(r.truncated);
    // Depth 0 and huge depths.
    assert!(
        simple_paths(&g, "kz", "ua", 0, 10, &q)
            .unwrap()
            .paths
            .is_empty()
    );
    let r = simple_paths(&g, "kz", "kz", 0, 10, &q).unwrap();
    assert_eq!(r.paths.len(), 1);
    assert!(r.paths[0].is_empty());
    let r = simple_paths(&g, "kz", "ua", usize::MAX, 100, &q).unwrap();
    assert_eq!(r.max_depth, g.actor_count());
    assert_eq!(r.paths.len(), 7);
    // Directed: only through the US.
    let r = simple_paths(&g, "kz", "ua", 5, 100, &PathQuery::new().directed()).unwrap();
    assert_eq!(
        r.paths.iter().map(steps).collect::<Vec<_>>(),
        [vec![(5, true), (4, true)]]
    );
}

#[test]
fn k_shortest_are_distinct_and_ordered() {
    let g = graph();
    let q = PathQuery::new();
    let ks = k_shortest_paths(&g, "kz", "ua", 10, &q).unwrap();
    let got: Vec<Vec<(u32, bool)>> = ks.iter().map(steps).collect();
    assert_eq!(
        got,
        vec![
            vec![(5, true), (4, true)],
            vec![(0, true), (1, false), (2, true)],
            vec![(0, true), (1, false), (3, true)],
            vec![(0, true), (1, false), (6, true)],
            vec![(7, false), (1, false), (2, true)],
            vec![(7, false), (1, false), (3, true)],
            vec![(7, false), (1, false), (6, true)],
        ]
    );
    assert_eq!(k_shortest_paths(&g, "kz", "ua", 2, &q).unwrap().len(), 2);
    assert!(k_shortest_paths(&g, "kz", "ua", 0, &q).unwrap().is_empty());
    assert!(
        k_shortest_paths(&g, "ua", "kz", 3, &PathQuery::new().directed())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn bad_input_is_typed_or_empty() {
    let g = graph();
    let q = PathQuery::new();
    match shortest_path(&g, "Kazakstan", "ua", &q).unwrap_err() {
        QueryError::UnknownActor { name, suggestions } => {
            assert_eq!(name, "Kazakstan");
            assert_eq!(suggestions, ["kz"]);
        }
        e => panic!("{e}"),
    }
    assert!(matches!(
        neighborhood(&g, "nobody", 1, Direction::Both, &Filter::new()),
        Err(QueryError::UnknownActor { .. })
    ));
    // An unknown speaker in the filter.
    assert!(matches!(
        shortest_path(
            &g,
            "kz",
            "ua",
            &q.clone().filter(Filter::new().asserted_by(id("x")))
        ),
        Err(QueryError::Graph(_))
    ));
    // Empty graph.
    let empty = KnowledgeGraph::new();
    assert!(shortest_path(&empty, "a", "b", &q).is_err());
    // Self-loop only.
    let mut one = KnowledgeGraph::new();
    one.add_actor(Actor::country("a", "A", "AAA").unwrap())
        .unwrap();
    one.add_relation(Relation::new(id("a"), RelationKind::Criticizes, id("a")))
        .unwrap();
    assert_eq!(
        reach(&one, "a", 5, Direction::Both, &Filter::new()).unwrap(),
        1
    );
    let n = neighborhood(&one, "a", 5, Direction::Out, &Filter::new()).unwrap();
    assert_eq!(n.len(), 1);
    assert_eq!(n.depth, 1);
    assert_eq!(n.graph.relation_count(), 1);
    assert_eq!(
        simple_paths(&one, "a", "a", 3, 10, &q).unwrap().paths.len(),
        1
    );
}

#[test]
fn neighborhoods_table() {
    let g = graph();
    let all = Filter::new();
    let names = |n: &geokg::query::Neighborhood| {
        n.distances
            .iter()
            .map(|(a, d)| (a.to_string(), *d))
            .collect::<Vec<_>>()
    };
    let own = |v: &[(&str, u32)]| {
        v.iter()
            .map(|(a, d)| (a.to_string(), *d))
            .collect::<Vec<_>>()
    };
    let n = neighborhood(&g, "kz", 1, Direction::Both, &all).unwrap();
    assert_eq!(names(&n), own(&[("kz", 0), ("us", 1), ("csto", 1)]));
    // r0, r5, r7 (the relations among kz, us, csto).
    assert_eq!(
        n.graph
            .relations()
            .map(|r| r.id().index())
            .collect::<Vec<_>>(),
        [0, 5, 7]
    );
    let n = neighborhood(&g, "kz", 2, Direction::Both, &all).unwrap();
    assert_eq!(
        names(&n),
        own(&[("kz", 0), ("us", 1), ("csto", 1), ("ua", 2), ("ru", 2)])
    );
    // Everything but the relations' speaker-only actor; the claim's speaker
    // is carried along so the relation keeps its attribution.
    assert_eq!(n.graph.relation_count(), 9);
    assert!(n.graph.contains_actor("expert"));
    assert!(!n.distances.contains_key("expert"));
    let r3 = n.graph.relation(RelationId::from_index(3)).unwrap();
    assert_eq!(r3.asserted_by().unwrap().id.as_str(), "expert");
    assert_eq!(
        r3.evidence().next().unwrap().quote(),
        "Russia threatens Ukraine"
    );
    // The subgraph round-trips through JSON and can be queried.
    let back = KnowledgeGraph::from_json(&n.graph.to_json()).unwrap();
    assert_eq!(back.to_json(), n.graph.to_json());
    assert!(n.to_json().contains("\"center\":\"kz\""));
    assert_eq!(
        shortest_path(&n.graph, "kz", "ru", &PathQuery::new())
            .unwrap()
            .unwrap()
            .len(),
        2
    );
    // Directions.
    let n = neighborhood(&g, "kz", 5, Direction::Out, &all).unwrap();
    assert_eq!(
        names(&n),
        own(&[("kz", 0), ("us", 1), ("csto", 1), ("ua", 2)])
    );
    let n = neighborhood(&g, "csto", 3, Direction::In, &all).unwrap();
    assert_eq!(names(&n), own(&[("csto", 0), ("kz", 1), ("ru", 1)]));
    // Filter: military relations only.
    let mil = Filter::new().group(KindGroup::Military);
    let n = neighborhood(&g, "ru", 3, Direction::Both, &mil).unwrap();
    assert_eq!(names(&n), own(&[("ru", 0), ("ua", 1)]));
    assert_eq!(
        n.graph
            .relations()
            .map(|r| r.id().index())
            .collect::<Vec<_>>(),
        [2, 3, 6]
    );
    // Depth 0: the center alone.
    let n = neighborhood(&g, "ru", 0, Direction::Both, &all).unwrap();
    assert_eq!(names(&n), own(&[("ru", 0)]));
    assert_eq!(n.graph.relation_count(), 1); // its self-loop
    assert_eq!(reach(&g, "ru", 0, Direction::Both, &all).unwrap(), 1);
    assert_eq!(reach(&g, "kz", 2, Direction::Both, &all).unwrap(), 5);
    assert_eq!(reach(&g, "kz", 2, Direction::Both, &mil).unwrap(), 2);
}

#[test]
fn index_follows_mutations() {
    let mut g = graph();
    let q = PathQuery::new();
    assert_eq!(shortest_path(&g, "kz", "ua", &q).unwrap().unwrap().len(), 2);
    g.remove_actor("us").unwrap();
    assert_eq!(shortest_path(&g, "kz", "ua", &q).unwrap().unwrap().len(), 3);
    g.add_actor(Actor::country("by", "Belarus", "BLR").unwrap())
        .unwrap();
    assert!(shortest_path(&g, "kz", "by", &q).unwrap().is_none());
    g.add_relation(Relation::new(id("by"), RelationKind::Supports, id("ru")))
        .unwrap();
    assert_eq!(shortest_path(&g, "kz", "by", &q).unwrap().unwrap().len(), 3);
}

// ----- property tests against naive searches over relations() -----------

/// A random multigraph: `n` actors (countries and persons), relations of a
/// few kinds with random confidences, parallel edges and self-loops.
fn arb_graph() -> impl Strategy<Value = KnowledgeGraph> {
    (1usize..12).prop_flat_map(|n| {
        let kinds = [
            RelationKind::Supports,
            RelationKind::Threatens,
            RelationKind::Invades,
            RelationKind::MeetsWith,
        ];
        (
            Just(n),
            proptest::collection::vec(any::<bool>(), n),
            proptest::collection::vec((0..n, 0..4usize, 0..n, 1u8..=10), 0..30),
        )
            .prop_map(move |(n, persons, edges)| {
                let mut g = KnowledgeGraph::new();
                for (i, p) in persons.iter().enumerate().take(n) {
                    let kind = if *p {
                        ActorKind::Person
                    } else {
                        ActorKind::Country
                    };
                    g.add_actor(Actor::of_kind(&format!("a{i}"), kind, &format!("A{i}")).unwrap())
                        .unwrap();
                }
                for (s, k, t, c) in edges {
                    g.add_relation(
                        Relation::new(id(&format!("a{s}")), kinds[k], id(&format!("a{t}")))
                            .with_confidence(f32::from(c) / 10.0),
                    )
                    .unwrap();
                }
                g
            })
    })
}

fn arb_filter() -> impl Strategy<Value = Filter> {
    prop_oneof![
        Just(Filter::new()),
        Just(Filter::new().group(KindGroup::Military)),
        Just(Filter::new().kinds([RelationKind::Supports, RelationKind::MeetsWith])),
        Just(Filter::new().min_confidence(0.5)),
        Just(Filter::new().exclude_actor_kinds([ActorKind::Person])),
    ]
}

/// Naive adjacency over `relations()`: actor → [(neighbour, relation)].
fn naive_adj(g: &KnowledgeGraph, f: &Filter, dir: Direction) -> HashMap<String, Vec<String>> {
    let mut adj: HashMap<String, Vec<String>> = HashMap::new();
    for r in g.relations().filter(|r| f.matches(r)) {
        let (s, t) = (r.source().id.to_string(), r.target().id.to_string());
        if matches!(dir, Direction::Out | Direction::Both) {
            adj.entry(s.clone()).or_default().push(t.clone());
        }
        if matches!(dir, Direction::In | Direction::Both) {
            adj.entry(t).or_default().push(s);
        }
    }
    adj
}

fn naive_bfs(
    adj: &HashMap<String, Vec<String>>,
    from: &str,
    depth: usize,
) -> HashMap<String, usize> {
    let mut dist = HashMap::from([(from.to_string(), 0)]);
    let mut q = VecDeque::from([from.to_string()]);
    while let Some(u) = q.pop_front() {
        let d = dist[&u];
        if d == depth {
            continue;
        }
        for v in adj.get(&u).into_iter().flatten() {
            if !dist.contains_key(v) {
                dist.insert(v.clone(), d + 1);
                q.push_back(v.clone());
            }
        }
    }
    dist
}

fn dir_of(i: u8) -> Direction {
    [Direction::Out, Direction::In, Direction::Both][i as usize % 3]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn shortest_paths_are_valid_and_shortest(g in arb_graph(), f in arb_filter(), s in 0usize..12, t in 0usize..12, directed in any::<bool>()) {
        let n = g.actor_count();
        let (s, t) = (format!("a{}", s % n), format!("a{}", t % n));
        let q = PathQuery { directed, filter: f.clone() };
        let got = shortest_path(&g, &s, &t, &q).unwrap();
        let ends_ok = [&s, &t].iter().all(|a| f.accepts_actor(g.actor(a).unwrap()));
        let adj = naive_adj(&g, &f, if directed { Direction::Out } else { Direction::Both });
        let adj: HashMap<String, Vec<String>> = adj.into_iter()
            .map(|(k, v)| (k, v.into_iter().filter(|x| f.accepts_actor(g.actor(x).unwrap())).collect()))
            .collect();
        let want = if ends_ok { naive_bfs(&adj, &s, n).get(&t).copied() } else { None };
        prop_assert_eq!(got.as_ref().map(|p| p.len()), want);
        if let Some(p) = &got {
            prop_assert!(p.is_valid(&g, directed, &f));
            prop_assert_eq!(p.source().unwrap().as_str(), s.as_str());
            prop_assert_eq!(p.target().unwrap().as_str(), t.as_str());
        }
        // The most trusted path exists exactly when a path does (all
        // confidences are positive) and is at least as confident.
        let trusted = most_trusted_path(&g, &s, &t, &q).unwrap();
        prop_assert_eq!(trusted.is_some(), got.is_some());
        if let (Some(tp), Some(p)) = (&trusted, &got) {
            prop_assert!(tp.is_valid(&g, directed, &f));
            prop_assert!(tp.confidence(&g) >= p.confidence(&g) - 1e-9);
        }
    }

    #[test]
    fn neighborhoods_hold_exactly_the_actors_within_k(g in arb_graph(), f in arb_filter(), c in 0usize..12, depth in 0usize..5, d in 0u8..3) {
        let n = g.actor_count();
        let c = format!("a{}", c % n);
        let dir = dir_of(d);
        let adj = naive_adj(&g, &f, dir);
        let adj: HashMap<String, Vec<String>> = adj.into_iter()
            .map(|(k, v)| (k, v.into_iter().filter(|x| f.accepts_actor(g.actor(x).unwrap())).collect()))
            .collect();
        let want = naive_bfs(&adj, &c, depth);
        let hood = neighborhood(&g, &c, depth, dir, &f).unwrap();
        let got: HashMap<String, usize> = hood.distances.iter().map(|(a, d)| (a.to_string(), *d as usize)).collect();
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(reach(&g, &c, depth, dir, &f).unwrap(), want.len());
        // The subgraph holds exactly the passing relations among them.
        let inside: HashSet<u32> = g.relations()
            .filter(|r| f.matches(r))
            .filter(|r| want.contains_key(r.source().id.as_str()) && want.contains_key(r.target().id.as_str()))
            .map(|r| r.id().index())
            .collect();
        let sub: HashSet<u32> = hood.graph.relations().map(|r| r.id().index()).collect();
        prop_assert_eq!(sub, inside);
    }

    #[test]
    fn simple_and_k_shortest_paths_are_sound(g in arb_graph(), f in arb_filter(), s in 0usize..12, t in 0usize..12, directed in any::<bool>(), depth in 0usize..5) {
        let n = g.actor_count();
        let (s, t) = (format!("a{}", s % n), format!("a{}", t % n));
        let q = PathQuery { directed, filter: f.clone() };
        let r = simple_paths(&g, &s, &t, depth, 500, &q).unwrap();
        let mut node_seqs = HashSet::new();
        let mut seen = HashSet::new();
        for p in &r.paths {
            prop_assert!(p.is_valid(&g, directed, &f));
            prop_assert!(p.len() <= depth);
            let distinct: HashSet<_> = p.actors.iter().collect();
            prop_assert_eq!(distinct.len(), p.actors.len(), "not simple");
            prop_assert!(seen.insert(p.steps.clone()), "repeated path");
            node_seqs.insert(p.actors.clone());
        }
        prop_assert!(r.paths.windows(2).all(|w| w[0].len() <= w[1].len()));
        if !r.truncated {
            let count = count_simple_node_paths(&g, &s, &t, depth, &q).unwrap();
            prop_assert_eq!(count as usize, node_seqs.len());
            // Edge-aware: the number of paths is the product of parallel
            // relation counts, summed over actor sequences.
            let mult = |a: &ActorId, b: &ActorId| g.relations()
                .filter(|r| f.matches(r))
                .filter(|r| (&r.source().id == a && &r.target().id == b)
                    || (!directed && a != b && &r.source().id == b && &r.target().id == a))
                .count();
            let total: usize = node_seqs.iter()
                .map(|seq| seq.windows(2).map(|w| mult(&w[0], &w[1])).product::<usize>())
                .sum();
            prop_assert_eq!(total, r.paths.len());
        }
        let ks = k_shortest_paths(&g, &s, &t, 6, &q).unwrap();
        let sp = shortest_path(&g, &s, &t, &q).unwrap();
        prop_assert_eq!(ks.first().map(|p| p.len()), sp.map(|p| p.len()));
        let mut seen = HashSet::new();
        for w in ks.windows(2) {
            prop_assert!(w[0].len() <= w[1].len());
        }
        for p in &ks {
            prop_assert!(p.is_valid(&g, directed, &f));
            let distinct: HashSet<_> = p.actors.iter().collect();
            prop_assert_eq!(distinct.len(), p.actors.len(), "not loopless");
            prop_assert!(seen.insert(p.steps.clone()), "repeated path");
        }
        // The k shortest are as short as the shortest simple paths.
        if !r.truncated && depth >= n {
            let mut lens: Vec<usize> = r.paths.iter().map(|p| p.len()).collect();
            lens.sort_unstable();
            lens.truncate(6);
            prop_assert_eq!(ks.iter().map(|p| p.len()).collect::<Vec<_>>(), lens);
            // The most trusted path is the most confident simple path.
            let best = r.paths.iter().map(|p| p.confidence(&g)).fold(None::<f64>, |a, c| Some(a.map_or(c, |a| a.max(c))));
            let trusted = most_trusted_path(&g, &s, &t, &q).unwrap();
            prop_assert_eq!(trusted.is_some(), best.is_some());
            if let (Some(tp), Some(best)) = (trusted, best) {
                prop_assert!((tp.confidence(&g) - best).abs() < 1e-6, "{} vs {}", tp.confidence(&g), best);
                let distinct: HashSet<_> = tp.actors.iter().collect();
                prop_assert_eq!(distinct.len(), tp.actors.len());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A kind-set filter walks the filtered index entries until the same
    /// set has been asked for twice, then cached deduplicated lists: the
    /// answers (paths, BFS order, counts) are the same either way.
    #[test]
    fn repeated_queries_agree_before_and_after_caching(g in arb_graph(), f in arb_filter(), s in 0usize..12, t in 0usize..12, d in 0u8..3, depth in 0usize..5) {
        let n = g.actor_count();
        let (s, t) = (format!("a{}", s % n), format!("a{}", t % n));
        let dir = dir_of(d);
        let q = PathQuery { directed: dir == Direction::Out, filter: f.clone() };
        let adj = naive_adj(&g, &f, dir);
        let adj: HashMap<String, Vec<String>> = adj.into_iter()
            .map(|(k, v)| (k, v.into_iter().filter(|x| f.accepts_actor(g.actor(x).unwrap())).collect()))
            .collect();
        let want = naive_bfs(&adj, &s, depth);
        let first_path = shortest_path(&g, &s, &t, &q).unwrap();
        let first_hood: Vec<(String, u32)> = neighborhood(&g, &s, depth, dir, &f).unwrap()
            .distances.iter().map(|(a, d)| (a.to_string(), *d)).collect();
        let first_count = count_simple_node_paths(&g, &s, &t, depth, &q).unwrap();
        for _ in 0..3 {
            prop_assert_eq!(&shortest_path(&g, &s, &t, &q).unwrap(), &first_path);
            let hood: Vec<(String, u32)> = neighborhood(&g, &s, depth, dir, &f).unwrap()
                .distances.iter().map(|(a, d)| (a.to_string(), *d)).collect();
            prop_assert_eq!(&hood, &first_hood);
            prop_assert_eq!(count_simple_node_paths(&g, &s, &t, depth, &q).unwrap(), first_count);
            if f.accepts_actor(g.actor(&s).unwrap()) {
                prop_assert_eq!(reach(&g, &s, depth, dir, &f).unwrap(), want.len());
            }
        }
    }
}

/// Reach (top-down, bottom-up and cached-list levels) and shortest paths
/// against a naive BFS on a generated graph with hubs and parallel
/// relations, each query asked three times (the kind-set lists are cached
/// from the second).
#[test]
fn reach_and_paths_match_naive_bfs_on_a_workload() {
    let g = geokg::testing::workload(3000, 30_000, 5);
    let ids: Vec<String> = g.actors().map(|a| a.id.to_string()).collect();
    for f in [
        Filter::new(),
        Filter::new().kinds(geokg::testing::military_kinds()),
    ] {
        for dir in [Direction::Both, Direction::Out, Direction::In] {
            let adj = naive_adj(&g, &f, dir);
            for k in 0..12 {
                let c = &ids[(k * 997) % ids.len()];
                let t = &ids[(k * 1409 + 7) % ids.len()];
                let all = naive_bfs(&adj, c, usize::MAX);
                let q = PathQuery {
                    directed: dir == Direction::Out,
                    filter: f.clone(),
                };
                for _ in 0..3 {
                    for depth in 1..=4 {
                        let want = all.values().filter(|&&d| d <= depth).count();
                        assert_eq!(
                            reach(&g, c, depth, dir, &f).unwrap(),
                            want,
                            "{c} {depth} {dir}"
                        );
                    }
                    if dir != Direction::In {
                        let got = shortest_path(&g, c, t, &q).unwrap().map(|p| p.len());
                        assert_eq!(got, all.get(t.as_str()).copied(), "{c} → {t}");
                    }
                }
            }
        }
    }
}

//! Property test: any graph survives `to_json` → `from_json` unchanged.

use geokg::{
    Actor, ActorDetails, ActorId, ActorKind, CameoCode, CountryCode, Date, Document, DocumentId,
    Evidence, KnowledgeGraph, Modality, Relation, RelationId, RelationKind, Span,
};
use proptest::prelude::*;

fn date() -> impl Strategy<Value = Date> {
    (1900i32..2030, 0u32..13, 0u32..29).prop_map(|(y, m, d)| match (m, d) {
        (0, _) => Date::year(y).unwrap(),
        (m, 0) => Date::month(y, m).unwrap(),
        (m, d) => Date::day(y, m, d).unwrap(),
    })
}

fn details(kind: ActorKind, n_actors: usize) -> BoxedStrategy<ActorDetails> {
    let other = (0..n_actors).prop_map(|i| ActorId::new(format!("a{i}")).unwrap());
    match kind {
        ActorKind::Country => proptest::option::of("[A-Z]{3}")
            .prop_map(|c| ActorDetails::Country {
                iso3: c.map(|c| CountryCode::new(&c).unwrap()),
            })
            .boxed(),
        ActorKind::Leader => (
            proptest::option::of(".{0,20}"),
            proptest::option::of(other),
            proptest::option::of(date()),
            proptest::option::of(date()),
        )
            .prop_map(|(office, of, term_start, term_end)| ActorDetails::Leader {
                office,
                of,
                term_start,
                term_end,
            })
            .boxed(),
        ActorKind::Alliance => proptest::option::of(1800i32..2030)
            .prop_map(|founded| ActorDetails::Alliance { founded })
            .boxed(),
        ActorKind::Person => (
            proptest::option::of("\\PC{0,12}"),
            proptest::option::of(other),
        )
            .prop_map(|(role, affiliation)| ActorDetails::Person { role, affiliation })
            .boxed(),
        ActorKind::Region => proptest::option::of(other)
            .prop_map(|part_of| ActorDetails::Region { part_of })
            .boxed(),
        ActorKind::Event => (proptest::option::of(date()), proptest::option::of(other))
            .prop_map(|(date, location)| ActorDetails::Event { date, location })
            .boxed(),
        k => Just(ActorDetails::empty(k)).boxed(),
    }
}

fn graph() -> impl Strategy<Value = KnowledgeGraph> {
    let texts = proptest::collection::vec("\\PC{0,60}", 0..3);
    (2usize..12, texts)
        .prop_flat_map(|(n, texts)| {
            let kinds =
                proptest::collection::vec(proptest::sample::select(ActorKind::ALL.to_vec()), n);
            let names = proptest::collection::vec(
                (
                    "\\PC{0,16}",
                    proptest::collection::vec("[a-zA-Z’ ]{1,10}", 0..3),
                ),
                n,
            );
            (Just(n), Just(texts), kinds, names).prop_flat_map(|(n, texts, kinds, names)| {
                let dets: Vec<_> = kinds.iter().map(|k| details(*k, n)).collect();
                let n_docs = texts.len() + 1;
                let rel = (
                    0..n,
                    proptest::sample::select(RelationKind::ALL.to_vec()),
                    0..n,
                    proptest::sample::select(Modality::ALL.to_vec()),
                    any::<bool>(),
                    proptest::option::of(0..n),
                    proptest::option::of(date()),
                    0.0f32..=1.0,
                    proptest::collection::vec(
                        (0..n_docs, any::<u16>(), any::<u16>(), "\\PC{0,8}"),
                        0..3,
                    ),
                    proptest::option::of(("[01][0-9]{1,3}", -10.0f32..=10.0)),
                    proptest::option::of("\\PC{0,20}"),
                );
                (
                    Just(n),
                    Just(texts),
                    dets,
                    Just(names),
                    proptest::collection::vec(rel, 0..25),
                    proptest::collection::vec(any::<bool>(), 25),
                )
            })
        })
        .prop_map(|(n, texts, dets, names, rels, removals)| {
            let mut g = KnowledgeGraph::new();
            let docs: Vec<DocumentId> = (0..=texts.len())
                .map(|i| DocumentId::new(format!("doc{i}")).unwrap())
                .collect();
            for (i, t) in texts.iter().enumerate() {
                g.add_document(
                    Document::new(docs[i].clone())
                        .with_text(t.clone())
                        .with_title(format!("T{i}")),
                )
                .unwrap();
            }
            for (i, (d, (name, aliases))) in dets.into_iter().zip(names).enumerate() {
                let a = Actor::new(ActorId::new(format!("a{i}")).unwrap(), d.kind(), name)
                    .with_details(d)
                    .with_aliases(aliases);
                g.add_actor(a).unwrap();
            }
            let id = |i: usize| ActorId::new(format!("a{i}")).unwrap();
            let mut ids = Vec::new();
            for (s, kind, t, m, neg, speaker, date, conf, evs, codes, note) in rels {
                let mut r = Relation::new(id(s % n), kind, id(t % n))
                    .with_modality(m)
                    .with_confidence(conf);
                r.negated = neg;
                r.asserted_by = speaker.map(id);
                r.date = date;
                r.note = note;
                if let Some((c, gs)) = codes {
                    if let Ok(c) = CameoCode::new(&c) {
                        r = r.with_codes(c, Some(gs));
                    }
                }
                for (d, a, b, q) in evs {
                    let doc = docs[d].clone();
                    match texts.get(d) {
                        Some(text) => {
                            // A span on char boundaries inside the text.
                            let bounds: Vec<usize> = text
                                .char_indices()
                                .map(|(i, _)| i)
                                .chain([text.len()])
                                .collect();
                            let x = bounds[a as usize % bounds.len()];
                            let y = bounds[b as usize % bounds.len()];
                            let span = Span::from_range(x.min(y)..x.max(y)).unwrap();
                            r.evidence.push(Evidence::quote(doc, span, ""));
                        }
                        None if a % 2 == 0 => r.evidence.push(Evidence::document(doc)),
                        None => r.evidence.push(Evidence {
                            document: doc,
                            span: Span::new(u32::from(a.min(b)), u32::from(a.max(b))),
                            quote: q,
                        }),
                    }
                }
                ids.push(g.add_relation(r).unwrap());
            }
            for (r, remove) in ids.into_iter().zip(removals) {
                if remove {
                    g.remove_relation(r);
                }
            }
            g
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn json_roundtrip_is_lossless(g in graph()) {
        let json = g.to_json();
        let back = KnowledgeGraph::from_json(&json).unwrap();
        prop_assert_eq!(back.actor_count(), g.actor_count());
        prop_assert_eq!(back.relation_count(), g.relation_count());
        prop_assert_eq!(back.document_count(), g.document_count());
        for (a, b) in g.relations().zip(back.relations()) {
            prop_assert_eq!(a.to_relation(), b.to_relation());
        }
        for (a, b) in g.actors().zip(back.actors()) {
            prop_assert_eq!(a, b);
        }
        prop_assert_eq!(back.to_json(), json);
        // Pretty output reads back to the same graph too.
        prop_assert_eq!(KnowledgeGraph::from_json(&g.to_json_pretty()).unwrap().to_json(), g.to_json());
    }

    /// Version 1 (still written on request) reads back to the same graph
    /// as version 2, annotation for annotation.
    #[test]
    fn json_v1_and_v2_read_to_the_same_graph(g in graph()) {
        let mut v1 = Vec::new();
        g.write_json_version(&mut v1, 1).unwrap();
        let v1 = String::from_utf8(v1).unwrap();
        prop_assert!(v1.contains("\"version\":1"));
        let json = g.to_json();
        prop_assert!(json.contains("\"version\":2"));
        let back1 = KnowledgeGraph::from_json(&v1).unwrap();
        let back2 = KnowledgeGraph::from_json(&json).unwrap();
        prop_assert_eq!(back1.next_relation_id(), g.next_relation_id());
        prop_assert_eq!(back2.next_relation_id(), g.next_relation_id());
        for ((a, b), c) in g.relations().zip(back1.relations()).zip(back2.relations()) {
            prop_assert_eq!(a.to_relation(), b.to_relation());
            prop_assert_eq!(a.to_relation(), c.to_relation());
            prop_assert_eq!(a.goldstein(), c.goldstein());
            prop_assert_eq!(a.cameo_code(), c.cameo_code());
        }
        prop_assert_eq!(back1.to_json(), json);
    }

    /// A row refused in a version-2 file (pretty: one row per line, four
    /// spaces in) is reported at its own line, column 5, by index.
    #[test]
    fn refused_v2_rows_are_located(g in graph(), pick in any::<proptest::sample::Index>()) {
        prop_assume!(g.relation_count() > 0);
        let k = pick.index(g.relation_count());
        let text = g.to_json_pretty();
        let lines: Vec<&str> = text.split('\n').collect();
        let first = lines.iter().position(|l| l.starts_with("  \"relations\": [")).unwrap() + 1;
        let row = first + k;
        let mut bad: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let comma = if bad[row].ends_with(',') { "," } else { "" };
        bad[row] = format!("    [0,0,{}]{comma}", g.actor_count());
        let e = KnowledgeGraph::from_json(&bad.join("\n")).unwrap_err();
        match e {
            geokg::JsonError::BadIndex { item, line, column, .. } => {
                prop_assert!(item.starts_with(&format!("relations[{k}] (r")), "{}", item);
                prop_assert_eq!((line, column), (row + 1, 5));
            }
            e => prop_assert!(false, "{}", e),
        }
    }

    /// A relation naming an unknown actor in a compact version-1 file is
    /// reported at its first byte (line 1), by index and id.
    #[test]
    fn refused_v1_relations_are_located(g in graph(), pick in any::<proptest::sample::Index>()) {
        prop_assume!(g.relation_count() > 0);
        let k = pick.index(g.relation_count());
        let mut v1 = Vec::new();
        g.write_json_version(&mut v1, 1).unwrap();
        let text = String::from_utf8(v1).unwrap();
        let list = text.find("\"relations\":[").unwrap();
        // Relation objects start with their id; strings escape quotes.
        let at = text[list..].match_indices("{\"id\":").nth(k).unwrap().0 + list;
        let source = at + text[at..].find("\"source\":\"").unwrap() + 10;
        let end = source + text[source..].find('"').unwrap();
        let bad = format!("{}ghost{}", &text[..source], &text[end..]);
        let e = KnowledgeGraph::from_json(&bad).unwrap_err();
        let id = g.relations().nth(k).unwrap().id();
        match e {
            geokg::JsonError::Graph { item, line, column, .. } => {
                prop_assert!(item.starts_with(&format!("relations[{k}] ({id}: ghost ")), "{}", item);
                prop_assert_eq!((line, column), (1, at + 1));
            }
            e => prop_assert!(false, "{}", e),
        }
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,200}") {
        let _ = KnowledgeGraph::from_json(&s);
        let wrapped = format!("{{\"format\":\"geokg\",\"version\":1,\"actors\":[{s}]}}");
        let _ = KnowledgeGraph::from_json(&wrapped);
        let rows = format!(
            "{{\"format\":\"geokg\",\"version\":2,\"actors\":[{{\"id\":\"a\",\"name\":\"A\",\"kind\":\"country\"}}],\"kinds\":[\"invades\"],\"relations\":[[0,0,0,{s}]]}}"
        );
        let _ = KnowledgeGraph::from_json(&rows);
    }
}

#[test]
fn removed_relation_ids_stay_removed_after_roundtrip() {
    let mut g = KnowledgeGraph::new();
    g.add_actor(Actor::country("a", "A", "AAA").unwrap())
        .unwrap();
    g.add_actor(Actor::country("b", "B", "BBB").unwrap())
        .unwrap();
    let r0 = g
        .add_relation(Relation::new(
            "a".parse().unwrap(),
            RelationKind::Supports,
            "b".parse().unwrap(),
        ))
        .unwrap();
    let r1 = g
        .add_relation(Relation::new(
            "b".parse().unwrap(),
            RelationKind::Opposes,
            "a".parse().unwrap(),
        ))
        .unwrap();
    g.remove_relation(r0);
    let back = KnowledgeGraph::from_json(&g.to_json()).unwrap();
    assert!(back.relation(r0).is_none());
    assert_eq!(back.relation(r1).unwrap().kind(), RelationKind::Opposes);
    assert_eq!(r1, RelationId::from_index(1));
    g.remove_relation(r1);
    let mut back = KnowledgeGraph::from_json(&g.to_json()).unwrap();
    let r2 = back
        .add_relation(Relation::new(
            "a".parse().unwrap(),
            RelationKind::Threatens,
            "b".parse().unwrap(),
        ))
        .unwrap();
    assert_eq!(r2, RelationId::from_index(2));
}

/// A version-1 file as geokg 0.x wrote it (committed, never regenerated)
/// keeps loading, with every annotation.
#[test]
fn committed_v1_file_loads() {
    let text = include_str!("fixtures/graph_v1.json");
    let g = KnowledgeGraph::from_json(text).unwrap();
    assert_eq!(
        (g.actor_count(), g.relation_count(), g.document_count()),
        (4, 5, 1)
    );
    assert_eq!(g.next_relation_id(), RelationId::from_index(6));
    assert!(g.relation(RelationId::from_index(3)).is_none());
    let r0 = g.relation(RelationId::from_index(0)).unwrap();
    assert_eq!(
        r0.to_string(),
        "Russia —deploys forces to→ Ukraine (claim by NATO)"
    );
    assert_eq!(r0.date().unwrap().to_string(), "2022-01-24");
    assert_eq!(r0.confidence(), 0.8);
    let ev: Vec<_> = r0.evidence().collect();
    assert_eq!(ev.len(), 1);
    assert_eq!(
        ev[0].quote(),
        "Russia has massed troops near Ukraine, NATO said."
    );
    let r1 = g.relation(RelationId::from_index(1)).unwrap();
    assert!(r1.negated());
    assert_eq!(r1.asserted_by().unwrap().id.as_str(), "russia");
    assert_eq!(r1.evidence().count(), 1);
    let r4 = g.relation(RelationId::from_index(4)).unwrap();
    assert_eq!(r4.goldstein(), Some(3.5));
    assert_eq!(r4.cameo_code().unwrap().to_string(), "051");
    assert_eq!(r4.note(), Some("military aid \"packages\""));
    assert_eq!(
        g.actor("nato").unwrap().description.as_deref(),
        Some("North Atlantic Treaty Organization")
    );
    // Written again (version 2) it reads back to the same graph, and the
    // kind-specific actor fields survive.
    let again = KnowledgeGraph::from_json(&g.to_json()).unwrap();
    assert_eq!(again.to_json(), g.to_json());
    for (a, b) in g.relations().zip(again.relations()) {
        assert_eq!(a.to_relation(), b.to_relation());
    }
    assert_eq!(again.actor("putin").unwrap(), g.actor("putin").unwrap());
    assert!(g.to_json().contains(
        r#""kinds":["deploys_forces_to","invades","leads","supports","cooperates_with"]"#
    ));
}

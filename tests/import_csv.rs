//! Property tests of the CSV and GDELT importers: arbitrary input never
//! panics, and edge lists written out read back to the same relations.

use geokg::build::import::{ImportOptions, csv, gdelt};
use geokg::{KnowledgeGraph, RelationKind};
use proptest::prelude::*;

fn nodes_graph(n: usize) -> KnowledgeGraph {
    let mut text = String::from("id,kind,name\n");
    for i in 0..n {
        text.push_str(&format!("{i},country,c{i}\n"));
    }
    let mut g = KnowledgeGraph::new();
    csv::read_nodes(
        &mut g,
        text.as_bytes(),
        &csv::NodeColumns::bench(),
        ImportOptions::strict(),
    )
    .unwrap();
    g
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), lenient in any::<bool>()) {
        let opts = || if lenient { ImportOptions::lenient() } else { ImportOptions::strict() };
        let mut g = nodes_graph(4);
        let _ = csv::read_edges(&mut g, &bytes[..], &csv::EdgeColumns::bench(), opts());
        let _ = csv::read_nodes(&mut g, &bytes[..], &csv::NodeColumns::bench(), opts());
        let _ = gdelt::read_events(&mut g, &bytes[..], opts());
        let mut with_head = b"source_id,target_id,relation,date,confidence\n".to_vec();
        with_head.extend_from_slice(&bytes);
        let r = csv::read_edges(&mut g, &with_head[..], &csv::EdgeColumns::bench(), ImportOptions::lenient()).unwrap();
        // Every row is accounted for.
        prop_assert_eq!(r.rows_read, r.relations_created + r.skipped_total());
    }

    #[test]
    fn written_edges_read_back(
        edges in proptest::collection::vec((0u32..6, 0u32..6, 0usize..5, 1979i32..2025, 1u32..13, 1u32..29, 0u32..=1000), 0..60)
    ) {
        let kinds = ["ally_of", "invaded", "meets_with", "sanctions", "leader_of"];
        let mut text = String::from("source_id,target_id,relation,date,confidence\n");
        for (s, t, k, y, m, d, c) in &edges {
            text.push_str(&format!("{s},{t},{},{y:04}-{m:02}-{d:02},{:.3}\n", kinds[*k], f64::from(*c) / 1000.0));
        }
        let mut g = nodes_graph(6);
        let r = csv::read_edges(&mut g, text.as_bytes(), &csv::EdgeColumns::bench(), ImportOptions::strict()).unwrap();
        prop_assert_eq!(r.relations_created as usize, edges.len());
        for (rel, (s, t, k, y, m, d, c)) in g.relations().zip(&edges) {
            prop_assert_eq!(rel.source().id.as_str(), s.to_string());
            prop_assert_eq!(rel.target().id.as_str(), t.to_string());
            prop_assert_eq!(rel.kind(), RelationKind::parse_lenient(kinds[*k]).unwrap());
            prop_assert_eq!(rel.date().unwrap().to_string(), format!("{y:04}-{m:02}-{d:02}"));
            prop_assert!((rel.confidence() - *c as f32 / 1000.0).abs() < 1e-6);
        }
    }
}

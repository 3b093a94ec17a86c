//! The GDELT 2.0 importer on a hand-made 30-row fixture.

use geokg::build::import::gdelt::{self, GdeltImport};
use geokg::build::import::{ImportError, ImportOptions, SkipReason};
use geokg::{ActorDetails, ActorKind, KnowledgeGraph, RelationKind};

const FIXTURE: &str = include_str!("data/gdelt_sample.tsv");

fn load(text: &str, lenient: bool) -> Result<(KnowledgeGraph, GdeltImport), ImportError> {
    let mut g = KnowledgeGraph::new();
    let opts = if lenient {
        ImportOptions::lenient()
    } else {
        ImportOptions::strict()
    };
    let r = gdelt::read_events(&mut g, text.as_bytes(), opts)?;
    Ok((g, r))
}

#[test]
fn fixture_maps_actors_relations_codes_and_sources() {
    let (g, r) = load(FIXTURE, false).unwrap();
    let s = &r.summary;
    assert_eq!(s.rows_read, 30);
    assert_eq!(s.relations_created, 27);
    // Three one-actor events are not relations: counted, even in strict mode.
    assert_eq!(s.skipped.get(&SkipReason::MissingActor), Some(&3));
    assert_eq!(s.skipped_total(), 3);
    assert_eq!(s.actors_created, 11);
    assert_eq!(g.actor_count(), 11);
    assert_eq!(s.documents_created, 4);
    assert_eq!(g.document_count(), 4);

    // Bare countries are country actors with their ISO code and a readable name.
    let rus = g.actor("RUS").unwrap();
    assert_eq!(
        (rus.name.as_str(), rus.kind()),
        ("Russia", ActorKind::Country)
    );
    assert_eq!(rus.iso3().unwrap().as_str(), "RUS");
    assert_eq!(g.actor("USA").unwrap().name, "United States");
    // Organs and people are named actors tied to their country.
    let kremlin = g.actor("RUSGOV/kremlin").unwrap();
    assert_eq!(kremlin.kind(), ActorKind::Organization);
    assert_eq!(
        kremlin.details,
        ActorDetails::Organization {
            country: Some("RUS".parse().unwrap())
        }
    );
    let putin = g.actor("RUSELI/vladimir_putin").unwrap();
    assert_eq!(
        (putin.name.as_str(), putin.kind()),
        ("Vladimir Putin", ActorKind::Person)
    );
    assert_eq!(g.actor("EUR").unwrap().kind(), ActorKind::Region);
    assert_eq!(
        g.find_actor("collective security treaty organization")
            .unwrap()
            .id
            .as_str(),
        "CST/collective_security_treaty_organization"
    );

    // The first event: Kazakhstan appeals to the CSTO for military aid.
    let first = g.relations().next().unwrap();
    assert_eq!(first.kind(), RelationKind::RequestsHelpFrom);
    assert_eq!(first.source().id.as_str(), "KAZ");
    assert_eq!(first.cameo_code().unwrap().as_str(), "0233");
    assert_eq!(first.goldstein(), Some(3.4));
    assert_eq!(first.date().unwrap().to_string(), "2022-01-06");
    let ev: Vec<_> = first.evidence().collect();
    assert_eq!(ev.len(), 1);
    let url = "https://www.reuters.com/world/europe/russia-troops-kazakhstan-2022-01-06/";
    assert_eq!(ev[0].document_id().as_str(), url);
    assert_eq!(ev[0].document().url.as_deref(), Some(url));
    assert_eq!(r.event_ids.get(first.id()), Some(1021536401));
    assert_eq!(r.event_ids.len(), 27);

    // CAMEO codes map to kinds by their most specific known prefix.
    let kinds: Vec<(String, RelationKind)> = g
        .relations()
        .map(|r| (r.cameo_code().unwrap().as_str().to_string(), r.kind()))
        .collect();
    let of = |c: &str| kinds.iter().find(|(k, _)| k == c).map(|(_, k)| *k);
    assert_eq!(of("074"), Some(RelationKind::DeploysForcesTo));
    assert_eq!(of("0741"), Some(RelationKind::DeploysForcesTo));
    assert_eq!(of("046"), Some(RelationKind::NegotiatesWith));
    assert_eq!(of("1121"), Some(RelationKind::Accuses));
    assert_eq!(of("150"), Some(RelationKind::MassesForcesNear));
    assert_eq!(of("192"), Some(RelationKind::Occupies));
    assert_eq!(of("1823"), Some(RelationKind::Attacks));
    assert_eq!(of("0612"), Some(RelationKind::TradesWith));

    // Russia -> Ukraine: threat, force posture, assault, occupation, force.
    let ru_ua: Vec<RelationKind> = g
        .relations_between("RUS", "UKR")
        .unwrap()
        .map(|r| r.kind())
        .collect();
    assert_eq!(
        ru_ua,
        [
            RelationKind::Threatens,
            RelationKind::MassesForcesNear,
            RelationKind::Attacks,
            RelationKind::Occupies,
            RelationKind::Attacks
        ]
    );
    // A domestic event is a self-loop; an event without a URL has no evidence.
    assert_eq!(g.relations_between("USA", "USA").unwrap().count(), 1);
    let trade = g
        .relations_between("RUS", "KAZ")
        .unwrap()
        .find(|r| r.kind() == RelationKind::TradesWith)
        .unwrap();
    assert_eq!(trade.evidence().count(), 0);
    // A URL that is not a valid document id gets a hashed id and keeps the URL.
    let odd = g
        .documents()
        .find(|d| d.id.as_str().starts_with("url:"))
        .unwrap();
    assert!(
        odd.url
            .as_deref()
            .unwrap()
            .starts_with("https://example.org/a path/")
    );

    // The graph round-trips through JSON.
    let back = KnowledgeGraph::from_json(&g.to_json()).unwrap();
    assert_eq!(back.to_json(), g.to_json());
}

fn with_field(line: usize, col: usize, value: &str) -> String {
    FIXTURE
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == line {
                let mut f: Vec<&str> = l.split('\t').collect();
                f[col] = value;
                f.join("\t")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn bad_rows_name_line_and_field_or_are_counted() {
    let cases = [
        (
            with_field(5, 1, "20221340"),
            SkipReason::BadDate,
            Some("SQLDATE"),
        ),
        (
            with_field(5, 26, "---"),
            SkipReason::BadEventCode,
            Some("EventCode"),
        ),
        (
            with_field(5, 30, "abc"),
            SkipReason::BadNumber,
            Some("GoldsteinScale"),
        ),
        (
            with_field(5, 30, "11.5"),
            SkipReason::BadNumber,
            Some("GoldsteinScale"),
        ),
        (
            with_field(5, 0, "12x"),
            SkipReason::BadNumber,
            Some("GLOBALEVENTID"),
        ),
        (
            with_field(5, 29, "7"),
            SkipReason::BadNumber,
            Some("QuadClass"),
        ),
        (
            with_field(5, 5, "RU S"),
            SkipReason::BadId,
            Some("Actor1Code"),
        ),
        (
            FIXTURE
                .lines()
                .enumerate()
                .map(|(i, l)| if i == 4 { &l[..l.len() / 2] } else { l })
                .collect::<Vec<_>>()
                .join("\n"),
            SkipReason::ColumnCount,
            None,
        ),
    ];
    for (text, reason, field) in cases {
        let e = load(&text, false).unwrap_err();
        let row = e.row().unwrap_or_else(|| panic!("{e}"));
        assert_eq!(
            (row.line, row.reason, row.field.as_deref()),
            (5, reason, field),
            "{e}"
        );
        assert!(e.to_string().starts_with("gdelt:5: "), "{e}");
        let (_, r) = load(&text, true).unwrap();
        assert_eq!(r.summary.relations_created, 26, "{reason}");
        assert_eq!(r.summary.skipped.get(&reason), Some(&1));
        assert_eq!(r.summary.skipped_total(), 4);
    }
}

#[test]
fn a_country_first_seen_through_an_organ_gets_its_name() {
    let lines: Vec<&str> = FIXTURE.lines().collect();
    // Kremlin -> White House first (creates RUS and USA named by code),
    // then USA -> RUS as bare countries (names them).
    let text = format!("{}\n{}\n", lines[4], lines[3]);
    let (g, r) = load(&text, false).unwrap();
    assert_eq!(r.summary.actors_created, 4);
    assert_eq!(g.actor("RUS").unwrap().name, "Russia");
    assert_eq!(g.find_actor("russia").unwrap().id.as_str(), "RUS");
    assert_eq!(g.find_actor("United States").unwrap().id.as_str(), "USA");
    assert_eq!(
        g.find_actor("kremlin").unwrap().id.as_str(),
        "RUSGOV/kremlin"
    );
}

#[test]
fn empty_input_and_file_errors() {
    let (g, r) = load("", false).unwrap();
    assert_eq!((g.relation_count(), r.summary.rows_read), (0, 0));
    let mut g = KnowledgeGraph::new();
    let e = gdelt::read_events_file(
        &mut g,
        "tests/data/no_such_file.tsv",
        ImportOptions::strict(),
    )
    .unwrap_err();
    assert!(matches!(e, ImportError::Io { .. }));
    assert!(e.to_string().contains("no_such_file.tsv"), "{e}");
    let r = gdelt::read_events_file(
        &mut g,
        "tests/data/gdelt_sample.tsv",
        ImportOptions::strict(),
    )
    .unwrap();
    assert_eq!(r.summary.relations_created, 27);
    // Reading the same export again reuses the actors and documents.
    let r = gdelt::read_events_file(
        &mut g,
        "tests/data/gdelt_sample.tsv",
        ImportOptions::strict(),
    )
    .unwrap();
    assert_eq!(
        (r.summary.actors_created, r.summary.documents_created),
        (0, 0)
    );
    assert_eq!(g.relation_count(), 54);
    assert_eq!(r.event_ids.iter().next().unwrap().1, 1021536401);
    assert_eq!(r.event_ids.iter().next().unwrap().0.index(), 27);
}

//! DOT export: escaping (property test against a DOT parser), snapshots of
//! small graphs, and rendering with the real Graphviz `dot`.

mod common;

use std::io::Write as _;
use std::process::{Command, Stdio};

use geokg::export::dot::{Clusters, DotWriter, RankDir};
use geokg::{
    Actor, ActorId, ActorKind, Document, DocumentId, Evidence, KnowledgeGraph, Modality, Relation,
    RelationKind,
};
use graphviz_rust::dot_structures::{Attribute, Graph, Id, Stmt};
use proptest::prelude::*;

// ----- helpers ---------------------------------------------------------------

fn stmts(g: &Graph) -> &[Stmt] {
    match g {
        Graph::Graph { stmts, .. } | Graph::DiGraph { stmts, .. } => stmts,
    }
}

/// Nodes and edges of a parsed graph, looking into subgraphs.
fn count(stmts: &[Stmt], nodes: &mut Vec<(String, Vec<Attribute>)>, edges: &mut usize) {
    for s in stmts {
        match s {
            Stmt::Node(n) => nodes.push((id_text(&n.id.0), n.attributes.clone())),
            Stmt::Edge(_) => *edges += 1,
            Stmt::Subgraph(sg) => count(&sg.stmts, nodes, edges),
            _ => {}
        }
    }
}

fn id_text(id: &Id) -> String {
    match id {
        Id::Html(s) | Id::Escaped(s) | Id::Plain(s) | Id::Anonymous(s) => s.clone(),
    }
}

/// Reverses the writer's escaping of a quoted string.
fn unescape(quoted: &str) -> String {
    let inner = &quoted[1..quoted.len() - 1];
    let mut out = String::new();
    let mut it = inner.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') => out.push('\n'),
                Some(c) => out.push(c),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn parse(dot: &str) -> Graph {
    graphviz_rust::parse(dot).unwrap_or_else(|e| panic!("invalid DOT: {e}\n{dot}"))
}

/// Runs `dot -Tsvg` and returns the SVG; `None` when `dot` is missing
/// (a failure when the environment variable `CI` is set).
fn render(dot: &str) -> Option<String> {
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            if std::env::var_os("CI").is_some() {
                panic!("Graphviz `dot` is required in CI but cannot be run: {e}");
            }
            eprintln!("skipping: Graphviz `dot` is not on PATH ({e})");
            return None;
        }
    };
    let mut stdin = child.stdin.take().unwrap();
    let input = dot.to_string();
    let feeder = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.trim().is_empty(),
        "dot failed ({}): {stderr}\n--- input ---\n{dot}",
        out.status
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

/// A small graph with every style: kinds, polarities, modalities,
/// negation, a symmetric kind, an alliance, a speaker, awkward text.
fn small() -> KnowledgeGraph {
    let id = |s: &str| ActorId::new(s).unwrap();
    let doc = DocumentId::new("doc").unwrap();
    let mut g = KnowledgeGraph::new();
    g.add_document(Document::new(doc.clone())).unwrap();
    g.add_actor(Actor::country("russia", "Russia", "RUS").unwrap())
        .unwrap();
    g.add_actor(Actor::country("kazakhstan", "Kazakhstan", "KAZ").unwrap())
        .unwrap();
    g.add_actor(
        Actor::of_kind(
            "csto",
            ActorKind::Alliance,
            "Collective Security Treaty Organization",
        )
        .unwrap(),
    )
    .unwrap();
    g.add_actor(
        Actor::of_kind("hill", ActorKind::Person, "Fiona \"F.\" Hill")
            .unwrap()
            .with_description("Senior fellow\\Brookings"),
    )
    .unwrap();
    g.add_actor(Actor::of_kind("ru_mfa", ActorKind::Organization, "").unwrap())
        .unwrap();
    let q = |s: &str| Evidence {
        document: doc.clone(),
        span: None,
        quote: s.to_string(),
    };
    g.add_relation(Relation::new(
        id("russia"),
        RelationKind::MemberOf,
        id("csto"),
    ))
    .unwrap();
    g.add_relation(Relation::new(
        id("kazakhstan"),
        RelationKind::MemberOf,
        id("csto"),
    ))
    .unwrap();
    g.add_relation(
        Relation::new(
            id("russia"),
            RelationKind::DeploysForcesTo,
            id("kazakhstan"),
        )
        .with_evidence(q("Russia’s decision to send paratroopers to Kazakhstan"))
        .with_date("2022-01-06".parse().unwrap()),
    )
    .unwrap();
    g.add_relation(
        Relation::new(
            id("russia"),
            RelationKind::SeeksInfluenceOver,
            id("kazakhstan"),
        )
        .with_modality(Modality::Speculation)
        .with_asserted_by(id("hill"))
        .with_evidence(q("Putin may want to reassert hegemony in the region"))
        .with_confidence(0.7),
    )
    .unwrap();
    g.add_relation(
        Relation::new(id("russia"), RelationKind::Invades, id("kazakhstan"))
            .with_modality(Modality::Denial)
            .with_asserted_by(id("ru_mfa")),
    )
    .unwrap();
    g.add_relation(
        Relation::new(id("kazakhstan"), RelationKind::InConflictWith, id("russia"))
            .negated()
            .with_note("a \"note\" with {braces} and <angles>\nand a second line"),
    )
    .unwrap();
    g
}

// ----- properties ------------------------------------------------------------

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\"\\\\\n\r\t<>{}|;,=\\[\\]’“” a-zA-Z\u{0}-\u{1f}\u{7f}-\u{9f}\u{2028}éЖ中😀-]{0,40}",
        Just(String::new()),
        Just("\\".to_string()),
        Just("\"".to_string()),
        Just("a\\\"];\n\"x\" -> \"y\" [label=\"injected".to_string()),
    ]
}

fn actor_id() -> impl Strategy<Value = ActorId> {
    prop_oneof![
        "[a-z_]{1,12}",
        "[a-z_]{13,40}",
        "[^\\s\\p{Cc}]{1,12}",
        Just("\\\"".to_string()),
        Just("graph".to_string()),
        Just("node".to_string()),
        Just("legend".to_string()),
    ]
    .prop_filter_map("valid id", |s| ActorId::new(s).ok())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the names, quotes and ids, the output parses, has one node
    /// per actor and one edge per relation (nothing injected), and labels
    /// read back as the names.
    #[test]
    fn arbitrary_text_gives_valid_dot(
        actors in proptest::collection::vec((actor_id(), text(), proptest::collection::vec(text(), 0..3), proptest::option::of(text())), 1..5),
        rels in proptest::collection::vec((0usize..5, 0usize..5, 0usize..RelationKind::ALL.len(), 0usize..4, any::<bool>(), text(), proptest::option::of(text()), proptest::option::of(0usize..5)), 0..8),
        title in text(),
        name in text(),
        clusters in 0usize..3,
        merge in any::<bool>(),
    ) {
        let mut g = KnowledgeGraph::new();
        let doc = DocumentId::new("d").unwrap();
        g.add_document(Document::new(doc.clone())).unwrap();
        let mut ids = Vec::new();
        for (i, (id, name, aliases, desc)) in actors.iter().enumerate() {
            let mut a = Actor::new(id.clone(), ActorKind::ALL[i % 8], name.clone())
                .with_aliases(aliases.clone());
            if let Some(d) = desc { a = a.with_description(d.clone()); }
            if g.add_actor(a).is_ok() { ids.push(id.clone()); }
        }
        let mut n_rel = 0;
        for (s, t, k, m, neg, quote, note, by) in &rels {
            let (s, t) = (&ids[s % ids.len()], &ids[t % ids.len()]);
            let mut r = Relation::new(s.clone(), RelationKind::ALL[*k], t.clone())
                .with_modality(Modality::ALL[*m])
                .with_evidence(Evidence { document: doc.clone(), span: None, quote: quote.clone() });
            if *neg { r = r.negated(); }
            if let Some(n) = note { r = r.with_note(n.clone()); }
            if let Some(b) = by { r = r.with_asserted_by(ids[b % ids.len()].clone()); }
            g.add_relation(r).unwrap();
            n_rel += 1;
        }
        let clusters = [Clusters::None, Clusters::ByKind, Clusters::Alliances][clusters];
        let w = DotWriter::new()
            .name(name)
            .title(title)
            .legend(false)
            .clusters(clusters)
            .wrap_chars(0)
            .max_label_chars(10_000);
        let dot = w.to_dot(&g);
        let parsed = parse(&dot);
        let (mut nodes, mut edges) = (Vec::new(), 0);
        count(stmts(&parsed), &mut nodes, &mut edges);
        prop_assert_eq!(nodes.len(), ids.len());
        prop_assert_eq!(edges, n_rel);
        let mut got: Vec<String> = nodes.iter().map(|n| unescape(&n.0)).collect();
        let mut want: Vec<&str> = ids.iter().map(|i| i.as_str()).collect();
        got.sort();
        want.sort();
        prop_assert_eq!(got, want);
        for ((node_id, attrs), id) in nodes.iter().zip(&ids) {
            let actor = g.actor(id.as_str()).unwrap();
            if clusters == Clusters::None {
                prop_assert_eq!(unescape(node_id), id.as_str());
                let label = attrs.iter().find(|a| id_text(&a.0) == "label").unwrap();
                let expected = if actor.name.trim().is_empty() { actor.id.as_str() } else { actor.name.trim() };
                if !expected.chars().any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}') {
                    prop_assert_eq!(unescape(&id_text(&label.1)), expected);
                }
            }
        }
        // Same graph, same bytes; streaming equals to_dot.
        prop_assert_eq!(&w.to_dot(&g), &dot);
        let mut buf = Vec::new();
        w.write(&g, &mut buf).unwrap();
        prop_assert_eq!(&buf, &w.to_vec(&g));
        prop_assert_eq!(buf, dot.into_bytes());
        // Merged and plain modes parse too.
        let dot = DotWriter::story(3).merge_parallel(merge).legend(true).to_dot(&g);
        parse(&dot);
        // The plain statements (ids padded to fixed widths) parse, one edge
        // per relation, and every way of writing them gives the same bytes.
        for plain in [DotWriter::plain(), DotWriter::plain().speaker_labels(true)] {
            let dot = plain.to_dot(&g);
            let (mut nodes, mut edges) = (Vec::new(), 0);
            count(stmts(&parse(&dot)), &mut nodes, &mut edges);
            prop_assert_eq!(edges, n_rel);
            let mut appended = b"x".to_vec();
            plain.append_to(&g, &mut appended);
            prop_assert_eq!(&appended[1..], dot.as_bytes());
            let mut streamed = Vec::new();
            plain.write(&g, &mut streamed).unwrap();
            prop_assert_eq!(streamed, dot.into_bytes());
        }
    }
}

// ----- known answers ---------------------------------------------------------

#[test]
fn empty_graph_is_valid() {
    let g = KnowledgeGraph::new();
    for w in [DotWriter::new(), DotWriter::story(10), DotWriter::plain()] {
        let dot = w.to_dot(&g);
        parse(&dot);
        render(&dot);
    }
    insta::assert_snapshot!("empty", g.to_dot());
}

#[test]
fn enormous_labels_are_cut_with_the_full_text_in_the_tooltip() {
    let mut g = KnowledgeGraph::new();
    let long = "word ".repeat(200);
    g.add_actor(Actor::of_kind("x", ActorKind::Event, &long).unwrap())
        .unwrap();
    let dot = DotWriter::new().legend(false).to_dot(&g);
    let label = dot
        .split("label=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(label.ends_with('…'), "{label}");
    assert!(label.chars().count() < 60, "{label}");
    assert!(dot.contains(&format!("tooltip=\"{} (event)", long.trim())));
    parse(&dot);
}

#[test]
fn highlighted_path_is_bold_and_the_rest_dimmed() {
    let (g, path) = common::story();
    let dot = DotWriter::new()
        .highlight(path.clone())
        .dim_others(true)
        .to_dot(&g);
    for r in &path {
        let line = dot
            .lines()
            .find(|l| l.contains(&format!("[id=\"r{}\"", r.index())))
            .unwrap();
        assert!(line.contains("penwidth=3"), "{line}");
    }
    let bold = dot
        .lines()
        .filter(|l| l.contains(" -> ") && l.contains("penwidth=3"))
        .count();
    // The path's three relations and the legend's sample.
    assert_eq!(bold, path.len() + 1);
    assert!(dot.contains("\"russia\" [label=\"Russia\", shape=box, style=\"rounded,filled\", fillcolor=\"#d6e6f5\", color=\"#2b5c8a\", penwidth=3"));
    assert!(dot.contains(
        "\"geneva\" [label=\"Geneva\", shape=octagon, style=\"filled\", fillcolor=\"#d9f2f240\""
    ));
}

#[test]
fn story_preset_keeps_the_most_connected_actors() {
    let (g, _) = common::story();
    let dot = DotWriter::story(12).legend(false).to_dot(&g);
    let (mut nodes, mut edges) = (Vec::new(), 0);
    count(stmts(&parse(&dot)), &mut nodes, &mut edges);
    assert!(nodes.len() <= 12 && nodes.len() >= 10, "{}", nodes.len());
    let ids: Vec<String> = nodes.iter().map(|n| unescape(&n.0)).collect();
    for must in [
        "russia",
        "kazakhstan",
        "ukraine",
        "vladimir_putin",
        "united_states",
    ] {
        assert!(ids.iter().any(|i| i == must), "{must} missing from {ids:?}");
    }
    // Russia → Kazakhstan: deploys, invades and three influence claims, one edge.
    let line = dot
        .lines()
        .find(|l| l.starts_with("  \"russia\" -> \"kazakhstan\""))
        .unwrap();
    assert!(
        line.contains(r"deploys forces to\ninvades\nseeks influence over [Antony Blinken]"),
        "{line}"
    );
    assert_eq!(dot.matches("  \"russia\" -> \"kazakhstan\"").count(), 1);
}

#[test]
fn deterministic_bytes() {
    let (g, path) = common::story();
    let w = DotWriter::new()
        .clusters(Clusters::Alliances)
        .highlight(path);
    let a = w.to_dot(&g);
    let b = w.clone().to_dot(&g.clone());
    assert_eq!(a, b);
    let back = KnowledgeGraph::from_json(&g.to_json()).unwrap();
    assert_eq!(w.to_dot(&back), a);
}

// ----- snapshots ------------------------------------------------------------

#[test]
fn snapshots_of_a_small_graph() {
    let g = small();
    insta::assert_snapshot!("small_default", g.to_dot());
    insta::assert_snapshot!(
        "small_by_kind_tb",
        DotWriter::new()
            .clusters(Clusters::ByKind)
            .rankdir(RankDir::TopBottom)
            .legend(false)
            .tooltips(false)
            .to_dot(&g)
    );
    insta::assert_snapshot!(
        "small_alliances_merged",
        DotWriter::story(10)
            .clusters(Clusters::Alliances)
            .title("CSTO \"deployment\"")
            .to_dot(&g)
    );
    insta::assert_snapshot!("small_plain", DotWriter::plain().to_dot(&g));
    for w in [
        DotWriter::new(),
        DotWriter::new().clusters(Clusters::ByKind),
        DotWriter::story(10).clusters(Clusters::Alliances),
        DotWriter::plain(),
    ] {
        let dot = w.to_dot(&g);
        parse(&dot);
        render(&dot);
    }
}

// ----- real Graphviz -----------------------------------------------------------

#[test]
fn real_dot_renders_the_seed_graph_and_a_path() {
    let seed = geokg::seed::graph().unwrap();
    let (story, path) = common::story();
    for g in [&seed, &story] {
        for w in [
            DotWriter::new(),
            DotWriter::story(24),
            DotWriter::new().clusters(Clusters::Alliances),
            DotWriter::new().clusters(Clusters::ByKind),
        ] {
            render(&w.to_dot(g));
        }
    }
    let Some(svg) = render(
        &DotWriter::new()
            .highlight(path.clone())
            .dim_others(true)
            .to_dot(&story),
    ) else {
        return;
    };
    assert!(svg.contains("<svg"));
    // SVG keeps relation ids and tooltips with the evidence quote and speaker.
    assert!(svg.contains(&format!("id=\"r{}\"", path[0].index())));
    assert!(svg.contains("Putin may want to reassert hegemony in the region"));
    assert!(svg.contains("asserted by: Fiona Hill"));
}

/// The drawn edges of an SVG, one string each with the coordinates (and
/// the element id, which numbers edges in statement order) left out:
/// endpoints, stroke, width, dashes, arrowheads, label text and colour.
fn svg_edge_styles(svg: &str) -> Vec<String> {
    let mut edges: Vec<String> = svg
        .split("class=\"edge\">")
        .skip(1)
        .map(|part| {
            let mut body = part[..part.find("</g>").unwrap()].to_string();
            for attr in [" d=\"", " points=\"", " x=\"", " y=\""] {
                while let Some(at) = body.find(attr) {
                    let end = body[at + attr.len()..].find('"').unwrap();
                    body.replace_range(at..at + attr.len() + end + 1, "");
                }
            }
            body
        })
        .collect();
    edges.sort();
    edges
}

/// Grouping the style-only statements under shared `edge [...]` lines
/// changes the text, not the picture: the real `dot` draws every edge of
/// the grouped text as it draws the one-statement-per-relation text (the
/// edge ids keep the writer on its general path).
#[test]
fn real_dot_draws_grouped_edges_like_single_statements() {
    let mut g = small();
    let id = |s: &str| ActorId::new(s).unwrap();
    // A second relation of an earlier style after another style: the groups
    // reorder the statements.
    let r = g
        .add_relation(Relation::new(
            id("kazakhstan"),
            RelationKind::DeploysForcesTo,
            id("russia"),
        ))
        .unwrap();
    for w in [
        DotWriter::plain(),
        DotWriter::plain().speaker_labels(true),
        DotWriter::plain().highlight([r]).dim_others(true),
    ] {
        let grouped = w.to_dot(&g);
        assert!(grouped.contains("  subgraph {\n    edge ["), "{grouped}");
        let single = w.edge_ids(true).to_dot(&g);
        assert!(!single.contains("  subgraph {\n"), "{single}");
        let (Some(a), Some(b)) = (render(&grouped), render(&single)) else {
            return;
        };
        let (a, b) = (svg_edge_styles(&a), svg_edge_styles(&b));
        assert_eq!(a.len(), 7);
        assert_eq!(a, b);
    }
}

#[test]
fn real_dot_accepts_awkward_text() {
    let mut g = KnowledgeGraph::new();
    let names = [
        "",
        "\"",
        "\\",
        "ends with \\",
        "a\\\"];\n\"x\" -> \"y\" [label=\"injected",
        "<b>html?</b> {record|field}",
        "Russia’s “guarantor” ‘quoted’",
        "nul\0 bell\u{7} esc\u{1b} del\u{7f} c1\u{85}\u{9b}",
        "line\r\nbreaks\u{2028}and\u{2029}separators",
        "Жовква 中文 😀 עברית",
        "\\N \\G \\E \\T \\H \\L \\l \\r",
    ];
    for (i, n) in names.iter().enumerate() {
        g.add_actor(Actor::of_kind(&format!("a{i}"), ActorKind::ALL[i % 8], n).unwrap())
            .unwrap();
    }
    for (i, note) in names.iter().enumerate().take(names.len() - 1) {
        let r = Relation::new(
            ActorId::new(format!("a{i}")).unwrap(),
            RelationKind::ALL[i],
            ActorId::new(format!("a{}", i + 1)).unwrap(),
        )
        .with_note(*note);
        g.add_relation(r).unwrap();
    }
    let dot = DotWriter::new().to_dot(&g);
    parse(&dot);
    render(&dot);
    let dot = DotWriter::new().legend(false).to_dot(&g);
    if let Some(svg) = render(&dot) {
        // The would-be injection is a label, not an edge.
        assert_eq!(svg.matches("class=\"edge\"").count(), names.len() - 1);
        assert_eq!(svg.matches("class=\"node\"").count(), names.len());
    }
}

#[test]
fn seed_story_picture_keeps_the_main_story() {
    let g = geokg::seed::graph().unwrap();
    let dot = DotWriter::story(28).to_dot(&g);
    let (mut nodes, mut edges) = (Vec::new(), 0);
    count(stmts(&parse(&dot)), &mut nodes, &mut edges);
    let ids: Vec<String> = nodes.iter().map(|n| unescape(&n.0)).collect();
    // The article's main actors: Russia–Kazakhstan–CSTO, Russia–Ukraine–NATO–US.
    for must in [
        "russia",
        "kazakhstan",
        "csto",
        "ukraine",
        "nato",
        "united_states",
        "vladimir_putin",
    ] {
        assert!(ids.iter().any(|i| i == must), "{must} missing from {ids:?}");
    }
    // The quoted experts' claims are labelled with the speaker.
    for speaker in ["Fiona Hill", "Fyodor Lukyanov", "Mark Green"] {
        assert!(dot.contains(&format!("[{speaker}]")), "{speaker}");
    }
    assert!(dot.contains("subgraph \"cluster legend\""));
    render(&dot);
}

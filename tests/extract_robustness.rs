//! Bad input: empty text, binary garbage, invalid UTF-8, one huge line,
//! unbalanced quote marks, text without actors. Never a panic; a (maybe
//! empty) graph or a typed error. Every evidence span indexes the text.

use geokg::build::{Extractor, split_sentences};
use geokg::{Date, KnowledgeGraph};
use proptest::prelude::*;
use std::sync::OnceLock;

/// One extractor for all tests (building the automaton is the costly part).
fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| {
        Extractor::builder()
            .date(Date::day(2022, 1, 8).unwrap())
            .build()
            .unwrap()
    })
}

fn check_spans(g: &KnowledgeGraph) {
    let text = g
        .documents()
        .next()
        .and_then(|d| d.text.clone())
        .unwrap_or_default();
    for r in g.relations() {
        for ev in r.evidence() {
            let span = ev.span().expect("span");
            assert_eq!(text.get(span.range()), Some(ev.quote()));
        }
    }
}

#[test]
fn empty_and_actorless_texts_give_empty_graphs() {
    let ex = extractor();
    for t in [
        "",
        " ",
        "\n\n\n",
        "The weather was fine and nobody said anything.",
        "....!!!???",
    ] {
        let g = ex.extract(t).unwrap();
        assert_eq!(g.relation_count(), 0, "{t:?}");
        assert_eq!(g.actor_count(), 0, "{t:?}");
        assert_eq!(g.document_count(), 1);
    }
}

#[test]
fn invalid_utf8_is_decoded_lossily() {
    let ex = extractor();
    let mut bytes = b"Russian troops invaded Ukraine \xff\xfe on Thursday.".to_vec();
    bytes.extend_from_slice(&[0xC3, 0x28, 0xA0, 0xA1]);
    let g = ex.extract_bytes(&bytes).unwrap();
    assert_eq!(g.relation_count(), 1);
    let text = g.documents().next().unwrap().text.clone().unwrap();
    assert!(text.contains('\u{FFFD}'));
    check_spans(&g);
}

#[test]
fn binary_garbage_does_not_panic() {
    let ex = extractor();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..200_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let g = ex.extract_bytes(&bytes).unwrap();
    check_spans(&g);
}

#[test]
fn unbalanced_quotes() {
    let ex = extractor();
    let t = "“Russia invaded Ukraine, said Hill.\n\n“And more ” ” “ Moscow backed Minsk,” he said. \" NATO rejected Russia.";
    let g = ex.extract(t).unwrap();
    check_spans(&g);
    assert!(g.relation_count() >= 1);
}

#[test]
fn one_long_line_is_linear_and_cut() {
    // 300 KB without a newline or sentence end (50 MB with
    // GEOKG_LARGE_TESTS=1, best with --release).
    let bytes: usize = if std::env::var_os("GEOKG_LARGE_TESTS").is_some() {
        50_000_000
    } else {
        300_000
    };
    let unit = "Russia invaded Ukraine and Moscow backed Minsk while NATO rejected the demand ";
    let text = unit.repeat(bytes / unit.len());
    let s = split_sentences(&text);
    assert!(s.len() > 1);
    let g = extractor().extract(&text).unwrap();
    assert!(g.relation_count() >= 1);
    let r = g
        .relations()
        .find(|r| r.kind() == geokg::RelationKind::Invades)
        .unwrap();
    assert!(
        r.evidence().count() > 100,
        "evidence is merged per relation"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_strings(s in "\\PC{0,400}") {
        let g = extractor().extract(&s).unwrap();
        check_spans(&g);
    }

    #[test]
    fn arbitrary_bytes(b in proptest::collection::vec(any::<u8>(), 0..400)) {
        let g = extractor().extract_bytes(&b).unwrap();
        check_spans(&g);
    }

    #[test]
    fn news_like_word_salad(words in proptest::collection::vec(prop_oneof![
        Just("Russia"), Just("Russian"), Just("Moscow"), Just("US"), Just("U.S."), Just("NATO"),
        Just("President"), Just("Putin"), Just("said"), Just("“"), Just("”"), Just("\""),
        Just("invaded"), Just("was"), Just("by"), Just("the"), Just("of"), Just("and"),
        Just("talks"), Just("between"), Just("not"), Just("may"), Just("Thursday"), Just("January"),
        Just("2014"), Just(","), Just("."), Just("\n\n"), Just("he"), Just("Fiona"), Just("Hill"),
        Just("according to"), Just("-led alliance"), Just("rejected this request"), Just("Kazakh"),
    ], 0..120)) {
        let text = words.join(" ");
        let g = extractor().extract(&text).unwrap();
        check_spans(&g);
        for r in g.relations() {
            prop_assert!(r.source().id != r.target().id);
            prop_assert!((0.0..=1.0).contains(&r.confidence()));
        }
    }
}

//! Table-driven tests of the extractor on short news texts about events
//! other than the seed article's (Armenia–Azerbaijan talks, Chinese drills
//! around Taiwan, Turkey and Sweden's NATO bid, Lithuania and the Belarusian
//! opposition, unrest in northern Kosovo, ECOWAS and the coup in Niger,
//! Iran, Britain and the Red Sea, Egypt and Ethiopia over Somalia, Turkey
//! in Syria and Russia's neighbours).
//! They guard against tuning the extractor to the seed. The Belarus and
//! Kosovo texts exercise pronouns ("stood by him", "she said"),
//! coordination ("Poland and Lithuania have rejected", "asked about Belarus
//! and Ukraine"), group actors ("the Belarusian opposition", "Serb
//! protesters") and the newer triggers; the Sahel text events named by a
//! noun and a place, regions and appositions; the Horn text events and
//! groups created from noun phrases (deployments, invasions with a year,
//! wars over a region, uprisings, protests).
//!
//! Each table is the gold reading of its text (what an annotator would
//! mark), including relations the extractor is known to miss; the floors
//! below are the measured scores rounded down.

use geokg::build::{Extractor, Gazetteer, evaluate};
use geokg::{Actor, ActorId, ActorKind, Date, KnowledgeGraph, Modality, Relation, RelationKind};

use std::sync::OnceLock;

use RelationKind as K;

/// A gold row: source, kind, target, modality, speaker (by name).
type Row = (
    &'static str,
    K,
    &'static str,
    Modality,
    Option<&'static str>,
);

const F: Modality = Modality::Fact;
const C: Modality = Modality::Claim;
const S: Modality = Modality::Speculation;

/// The id of an actor by name: a gazetteer actor with that name or alias
/// (whatever its id scheme), else the slug of a person's name.
fn id_of(g: &Gazetteer, name: &str) -> ActorId {
    g.actors()
        .iter()
        .find(|a| a.names().any(|n| n.eq_ignore_ascii_case(name)))
        .map(|a| a.id.clone())
        .unwrap_or_else(|| ActorId::slug(name))
}

fn gold(g: &Gazetteer, rows: &[Row]) -> KnowledgeGraph {
    let mut kg = KnowledgeGraph::new();
    let add = |kg: &mut KnowledgeGraph, name: &str| {
        let id = id_of(g, name);
        if kg.actor(id.as_str()).is_none() {
            let a = g
                .actor(id.as_str())
                .cloned()
                .unwrap_or_else(|| Actor::new(id.clone(), ActorKind::Person, name));
            let mut a = a;
            a.details = geokg::ActorDetails::empty(a.kind()); // no dangling references
            kg.add_actor(a).unwrap();
        }
        id
    };
    for &(s, k, t, m, sp) in rows {
        let s = add(&mut kg, s);
        let t = add(&mut kg, t);
        let mut r = Relation::new(s, k, t).with_modality(m);
        if let Some(sp) = sp {
            r = r.with_asserted_by(add(&mut kg, sp));
        }
        kg.add_relation(r).unwrap();
    }
    kg
}

struct Case {
    name: &'static str,
    text: &'static str,
    date: &'static str,
    gold: &'static [Row],
    /// Rows that must be extracted exactly (kind, direction, modality, speaker).
    exact: &'static [Row],
    min_precision: f64,
    min_recall: f64,
}

const CASES: &[Case] = &[
    Case {
        name: "caucasus",
        text: include_str!("texts/caucasus.txt"),
        date: "2022-10-01",
        gold: &[
            ("Nikol Pashinyan", K::Leads, "Armenia", F, None),
            ("Ilham Aliyev", K::Leads, "Azerbaijan", F, None),
            ("Vladimir Putin", K::Leads, "Russia", F, None),
            (
                "Armenia",
                K::NegotiatesWith,
                "Azerbaijan",
                C,
                Some("Kremlin"),
            ),
            ("Nikol Pashinyan", K::MeetsWith, "Ilham Aliyev", F, None),
            ("Vladimir Putin", K::Demands, "Armenia", F, None),
            ("Vladimir Putin", K::Demands, "Azerbaijan", F, None),
            ("Azerbaijan", K::Attacks, "Armenia", F, None),
            ("Yerevan", K::Accuses, "Baku", F, None),
            ("Moscow", K::LocatedIn, "Russia", F, None),
            ("Yerevan", K::LocatedIn, "Armenia", F, None),
            ("Baku", K::LocatedIn, "Azerbaijan", F, None),
            (
                "Armenia",
                K::RequestsHelpFrom,
                "CSTO",
                C,
                Some("Nikol Pashinyan"),
            ),
            ("Armenia", K::Attacks, "Azerbaijan", C, Some("Azerbaijan")),
            (
                "United States",
                K::Demands,
                "Azerbaijan",
                C,
                Some("State Department"),
            ),
            ("France", K::Criticizes, "Azerbaijan", F, None),
            // Background memberships (the seed's convention): both ends named.
            ("Russia", K::MemberOf, "CSTO", F, None),
            ("Armenia", K::MemberOf, "CSTO", F, None),
            // The region (background) and the 2020 deployment the text states.
            ("Nagorno-Karabakh", K::PartOf, "Azerbaijan", F, None),
            ("Russia", K::DeploysForcesTo, "Nagorno-Karabakh", F, None),
        ],
        exact: &[
            ("Azerbaijan", K::Attacks, "Armenia", F, None),
            (
                "Armenia",
                K::RequestsHelpFrom,
                "CSTO",
                C,
                Some("Nikol Pashinyan"),
            ),
            (
                "Armenia",
                K::NegotiatesWith,
                "Azerbaijan",
                C,
                Some("Kremlin"),
            ),
        ],
        min_precision: 0.9,
        min_recall: 0.9,
    },
    Case {
        name: "taiwan",
        text: include_str!("texts/taiwan.txt"),
        date: "2022-08-06",
        gold: &[
            ("Tsai Ing-wen", K::Leads, "Taiwan", F, None),
            ("Xi Jinping", K::Leads, "China", F, None),
            ("Antony Blinken", K::Leads, "State Department", F, None),
            (
                "Wang Yi",
                K::Leads,
                "Ministry of Foreign Affairs of the People's Republic of China",
                F,
                None,
            ),
            ("China", K::MassesForcesNear, "Taiwan", F, None),
            ("Beijing", K::Sanctions, "Taiwan", F, None),
            ("Beijing", K::LocatedIn, "China", F, None),
            ("Washington", K::LocatedIn, "United States", F, None),
            ("Tokyo", K::LocatedIn, "Japan", F, None),
            ("Tsai Ing-wen", K::Criticizes, "China", F, None),
            ("White House", K::Criticizes, "China", F, None),
            (
                "Washington",
                K::Supports,
                "Taiwan",
                S,
                Some("Antony Blinken"),
            ),
            ("Wang Yi", K::Accuses, "United States", F, None),
            ("Japan", K::ProtestsAgainst, "China", F, None),
            ("Tokyo", K::Demands, "Beijing", F, None),
            ("China", K::Attacks, "Taiwan", S, None),
        ],
        exact: &[
            ("China", K::MassesForcesNear, "Taiwan", F, None),
            ("Wang Yi", K::Accuses, "United States", F, None),
            ("Tokyo", K::Demands, "Beijing", F, None),
            ("China", K::Attacks, "Taiwan", S, None),
        ],
        min_precision: 0.9,
        min_recall: 0.8,
    },
    Case {
        name: "nordic",
        text: include_str!("texts/nordic.txt"),
        date: "2023-01-30",
        gold: &[
            ("Recep Tayyip Erdogan", K::Leads, "Turkey", F, None),
            ("Ulf Kristersson", K::Leads, "Sweden", F, None),
            ("Turkey", K::Opposes, "Sweden", F, None),
            ("Recep Tayyip Erdogan", K::Criticizes, "Sweden", F, None),
            (
                "Stockholm",
                K::NegotiatesWith,
                "Ankara",
                S,
                Some("Ulf Kristersson"),
            ),
            ("Russia", K::Invades, "Ukraine", F, None),
            ("Stockholm", K::LocatedIn, "Sweden", F, None),
            ("Ankara", K::LocatedIn, "Turkey", F, None),
            ("Washington", K::LocatedIn, "United States", F, None),
            ("Moscow", K::LocatedIn, "Russia", F, None),
            ("Hungary", K::Opposes, "Sweden", F, None),
            ("United States", K::Supports, "Sweden", C, Some("Pentagon")),
            ("Washington", K::Demands, "Turkey", F, None),
            (
                "Jens Stoltenberg",
                K::MeetsWith,
                "Recep Tayyip Erdogan",
                F,
                None,
            ),
            ("Russia", K::Threatens, "NATO", C, None),
            ("NATO", K::DeploysForcesTo, "Finland", S, Some("Russia")),
            // Background memberships at the document date (Sweden and
            // Finland were not yet members on 2023-01-30).
            ("Turkey", K::MemberOf, "NATO", F, None),
            ("Hungary", K::MemberOf, "NATO", F, None),
            ("United States", K::MemberOf, "NATO", F, None),
        ],
        exact: &[
            ("Turkey", K::Opposes, "Sweden", F, None),
            ("Russia", K::Invades, "Ukraine", F, None),
            ("NATO", K::DeploysForcesTo, "Finland", S, Some("Russia")),
            (
                "Stockholm",
                K::NegotiatesWith,
                "Ankara",
                S,
                Some("Ulf Kristersson"),
            ),
        ],
        min_precision: 0.9,
        min_recall: 0.8,
    },
    BELARUS,
    KOSOVO,
    SAHEL,
    HORN,
    RED_SEA,
    NEIGHBOURS,
];

const BELARUS: Case = Case {
    name: "belarus",
    text: include_str!("texts/belarus.txt"),
    date: "2020-08-20",
    gold: &[
        ("Alexander Lukashenko", K::Leads, "Belarus", F, None),
        ("Gitanas Nauseda", K::Leads, "Lithuania", F, None),
        ("Vladimir Putin", K::Leads, "Russia", F, None),
        ("Angela Merkel", K::Leads, "Germany", F, None),
        ("Minsk", K::LocatedIn, "Belarus", F, None),
        ("Vilnius", K::LocatedIn, "Lithuania", F, None),
        ("Moscow", K::LocatedIn, "Russia", F, None),
        ("Lithuania", K::Supports, "Belarusian opposition", F, None),
        (
            "Belarusian protesters",
            K::ProtestsAgainst,
            "Alexander Lukashenko",
            F,
            None,
        ),
        ("Lithuania", K::Demands, "European Union", F, None),
        ("Alexander Lukashenko", K::Accuses, "NATO", F, None),
        (
            "NATO",
            K::MassesForcesNear,
            "Belarus",
            C,
            Some("Alexander Lukashenko"),
        ),
        ("Poland", K::Rejects, "Alexander Lukashenko", F, None),
        ("Lithuania", K::Rejects, "Alexander Lukashenko", F, None),
        (
            "Vladimir Putin",
            K::OffersSupport,
            "Alexander Lukashenko",
            F,
            None,
        ),
        (
            "Alexander Lukashenko",
            K::RequestsHelpFrom,
            "Moscow",
            F,
            None,
        ),
        ("Kremlin", K::Supports, "Alexander Lukashenko", F, None),
        ("Angela Merkel", K::MakesStatementAbout, "Belarus", F, None),
        ("Angela Merkel", K::MakesStatementAbout, "Ukraine", F, None),
        // Background memberships (the seed's convention): both ends named.
        ("Lithuania", K::MemberOf, "European Union", F, None),
        ("Poland", K::MemberOf, "European Union", F, None),
        ("Lithuania", K::MemberOf, "NATO", F, None),
        ("Poland", K::MemberOf, "NATO", F, None),
    ],
    exact: &[
        ("Lithuania", K::Supports, "Belarusian opposition", F, None),
        ("Kremlin", K::Supports, "Alexander Lukashenko", F, None),
        (
            "Alexander Lukashenko",
            K::RequestsHelpFrom,
            "Moscow",
            F,
            None,
        ),
        ("Poland", K::Rejects, "Alexander Lukashenko", F, None),
        ("Angela Merkel", K::MakesStatementAbout, "Ukraine", F, None),
    ],
    min_precision: 0.9,
    min_recall: 0.8,
};

const KOSOVO: Case = Case {
    name: "kosovo",
    text: include_str!("texts/kosovo.txt"),
    date: "2023-06-02",
    gold: &[
        ("Belgrade", K::LocatedIn, "Serbia", F, None),
        ("Pristina", K::LocatedIn, "Kosovo", F, None),
        ("Washington", K::LocatedIn, "United States", F, None),
        ("Albin Kurti", K::Leads, "Kosovo", F, None),
        ("Aleksandar Vucic", K::Leads, "Serbia", F, None),
        ("Serbia", K::MassesForcesNear, "Kosovo", F, None),
        ("Serbian protesters", K::InConflictWith, "NATO", F, None),
        ("Albin Kurti", K::Accuses, "Belgrade", F, None),
        ("Aleksandar Vucic", K::Rejects, "Albin Kurti", F, None),
        ("United States", K::Criticizes, "Albin Kurti", F, None),
        ("European Union", K::Criticizes, "Albin Kurti", F, None),
        ("Washington", K::Supports, "Kosovo", F, None),
        ("Washington", K::Demands, "Pristina", F, None),
        ("Hungary", K::DeploysForcesTo, "Kosovo", F, None),
        ("Italy", K::DeploysForcesTo, "Kosovo", F, None),
        (
            "Serbian protesters",
            K::ProtestsAgainst,
            "Kosovo",
            S,
            Some("Serbian protesters"),
        ),
        // Background memberships (the seed's convention): both ends named.
        ("Hungary", K::MemberOf, "NATO", F, None),
        ("Italy", K::MemberOf, "NATO", F, None),
        ("United States", K::MemberOf, "NATO", F, None),
        ("Hungary", K::MemberOf, "European Union", F, None),
        ("Italy", K::MemberOf, "European Union", F, None),
    ],
    exact: &[
        ("Serbia", K::MassesForcesNear, "Kosovo", F, None),
        ("Aleksandar Vucic", K::Rejects, "Albin Kurti", F, None),
        ("United States", K::Criticizes, "Albin Kurti", F, None),
        ("Washington", K::Demands, "Pristina", F, None),
        (
            "Serbian protesters",
            K::ProtestsAgainst,
            "Kosovo",
            S,
            Some("Serbian protesters"),
        ),
    ],
    min_precision: 0.9,
    min_recall: 0.9,
};

/// Iran, Britain and the Red Sea: a warning and an accusation, a
/// rebuttal with no object ("hit back with a statement"), unnamed sources
/// ("say two officials familiar with …", "officials said"), a causative
/// with an event subject and one without, a crackdown on protesters, a
/// partial quote in reported speech, a warning of a mere possibility.
/// The gold marks what an annotator would, including readings the
/// extractor misses (the warning about an unnamed strait, "arming",
/// "an offer of talks", Raisi's office, an institution it does not know).
const RED_SEA: Case = Case {
    name: "red_sea",
    text: include_str!("texts/redsea.txt"),
    date: "2024-01-20",
    gold: &[
        ("Tehran", K::LocatedIn, "Iran", F, None),
        ("David Cameron", K::Leads, "Foreign Office", F, None),
        ("United States", K::Accuses, "Iran", F, None),
        ("United Kingdom", K::Accuses, "Tehran", F, None),
        (
            "Tehran",
            K::ProvidesAidTo,
            "Yemeni rebels",
            C,
            Some("United Kingdom"),
        ),
        ("Iran", K::Criticizes, "David Cameron", F, None),
        (
            "Iran",
            K::MassesForcesNear,
            "Saudi Arabia",
            C,
            Some("two officials familiar with the naval deployments"),
        ),
        (
            "Iran",
            K::Attacks,
            "Israel",
            C,
            Some("two officials familiar with the naval deployments"),
        ),
        ("unrest in Yemen", K::LocatedIn, "Yemen", F, None),
        ("unrest in Yemen", K::Affects, "Egypt", S, None),
        ("protests in Iran in 2022", K::LocatedIn, "Iran", F, None),
        ("Saudi Arabia", K::NegotiatesWith, "Oman", F, None),
        (
            "Iranian protesters",
            K::ProtestsAgainst,
            "Ebrahim Raisi",
            F,
            None,
        ),
        ("Ebrahim Raisi", K::Leads, "Iran", F, None),
        ("Russia", K::Supports, "Ebrahim Raisi", F, None),
        ("Ebrahim Raisi", K::Represses, "Iranian protesters", F, None),
        ("Sara Haddad", K::AffiliatedWith, "Chatham House", F, None),
        (
            "unrest in Yemen",
            K::Affects,
            "Israel",
            S,
            Some("Sara Haddad"),
        ),
        ("Israel", K::Attacks, "Yemen", S, Some("Oman")),
    ],
    exact: &[
        ("Iran", K::Criticizes, "David Cameron", F, None),
        (
            "Iran",
            K::Attacks,
            "Israel",
            C,
            Some("two officials familiar with the naval deployments"),
        ),
        ("Ebrahim Raisi", K::Represses, "Iranian protesters", F, None),
        (
            "unrest in Yemen",
            K::Affects,
            "Israel",
            S,
            Some("Sara Haddad"),
        ),
        ("unrest in Yemen", K::Affects, "Egypt", S, None),
    ],
    min_precision: 0.95,
    min_recall: 0.7,
};

/// Egypt, Ethiopia and Somalia: events and groups created from noun
/// phrases on other countries than the seed's: a decided deployment
/// ("Egypt's decision to send troops to Somalia"), an invasion with a year,
/// "a war with Ethiopia" over a region of Ethiopia, an uprising in a region
/// (its separatists), protests in a country in a year. The gold also marks
/// what the extractor misses (Somaliland, William Ruto of Kenya, the
/// accusation by "Ethiopian officials", the spokesman's warning).
const HORN: Case = Case {
    name: "horn",
    text: include_str!("texts/horn.txt"),
    date: "2024-08-30",
    gold: &[
        ("Cairo", K::LocatedIn, "Egypt", F, None),
        ("Addis Ababa", K::LocatedIn, "Ethiopia", F, None),
        ("Egypt", K::DeploysForcesTo, "Somalia", F, None),
        (
            "Egyptian troop deployment to Somalia",
            K::LocatedIn,
            "Somalia",
            F,
            None,
        ),
        ("Somalia", K::Accuses, "Ethiopia", F, None),
        ("Addis Ababa", K::CooperatesWith, "Somaliland", F, None),
        ("Ethiopia", K::Invades, "Somalia", F, None),
        (
            "Ethiopian invasion of Somalia (2006)",
            K::LocatedIn,
            "Somalia",
            F,
            None,
        ),
        ("Tigray", K::PartOf, "Ethiopia", F, None),
        ("Tigray", K::InConflictWith, "Ethiopia", F, None),
        ("2020 Tigray war", K::LocatedIn, "Tigray", F, None),
        ("Ethiopia", K::Accuses, "Eritrea", F, None),
        (
            "Eritrea",
            K::Supports,
            "Tigray separatists",
            C,
            Some("Ethiopia"),
        ),
        ("Tigray separatists", K::LocatedIn, "Tigray", F, None),
        ("Tigray separatists", K::InConflictWith, "Ethiopia", F, None),
        ("protests in Kenya in 2024", K::LocatedIn, "Kenya", F, None),
        ("William Ruto", K::Leads, "Kenya", F, None),
        ("Ahmed Hafez", K::AffiliatedWith, "Egypt", F, None),
        ("Egypt", K::Opposes, "Ethiopia", C, Some("Ahmed Hafez")),
    ],
    exact: &[
        (
            "Egyptian troop deployment to Somalia",
            K::LocatedIn,
            "Somalia",
            F,
            None,
        ),
        (
            "Ethiopian invasion of Somalia (2006)",
            K::LocatedIn,
            "Somalia",
            F,
            None,
        ),
        ("2020 Tigray war", K::LocatedIn, "Tigray", F, None),
        ("Tigray separatists", K::InConflictWith, "Ethiopia", F, None),
        ("protests in Kenya in 2024", K::LocatedIn, "Kenya", F, None),
    ],
    min_precision: 0.95,
    min_recall: 0.75,
};

/// ECOWAS and the 2023 coup in Niger: events named by a noun and a place
/// ("the coup in Niger", "the crisis in Niger") that affect others, a
/// region ("northern Niger"), an institution in an apposition, "chairs",
/// "suspended aid to". The gold marks what an annotator would, including
/// the many readings the extractor misses (anaphoric "the bloc", "the
/// junta", "whose President", the warning of Mali and Burkina Faso).
const SAHEL: Case = Case {
    name: "sahel",
    text: include_str!("texts/sahel.txt"),
    date: "2023-08-12",
    gold: &[
        ("ECOWAS", K::Threatens, "Niger", F, None),
        ("coup in Niger", K::LocatedIn, "Niger", F, None),
        ("coup in Niger", K::Affects, "Nigeria", F, None),
        ("Bola Tinubu", K::Leads, "Nigeria", F, None),
        ("Bola Tinubu", K::Leads, "ECOWAS", F, None),
        ("Mohamed Bazoum", K::Leads, "Niger", F, None),
        ("ECOWAS", K::Sanctions, "Niger", F, None),
        ("Nigeria", K::Sanctions, "Niger", F, None),
        ("Mali", K::Opposes, "ECOWAS", C, Some("Mali")),
        (
            "Burkina Faso",
            K::Opposes,
            "ECOWAS",
            C,
            Some("Burkina Faso"),
        ),
        ("Mali", K::MeetsWith, "Niamey", F, None),
        ("France", K::Supports, "ECOWAS", F, None),
        ("Niger", K::Accuses, "Paris", F, None),
        (
            "Amina Diallo",
            K::AffiliatedWith,
            "Institute for Security Studies",
            F,
            None,
        ),
        ("crisis in Niger", K::LocatedIn, "Niger", F, None),
        (
            "crisis in Niger",
            K::Affects,
            "Chad",
            S,
            Some("Amina Diallo"),
        ),
        ("United States", K::Sanctions, "Niger", F, None),
        (
            "United States",
            K::DeploysForcesTo,
            "Northern Niger",
            F,
            None,
        ),
        ("Northern Niger", K::PartOf, "Niger", F, None),
        ("Algeria", K::Rejects, "ECOWAS", F, None),
        ("Algeria", K::OffersSupport, "Niger", F, None),
        ("Abuja", K::LocatedIn, "Nigeria", F, None),
        ("Niamey", K::LocatedIn, "Niger", F, None),
        ("Paris", K::LocatedIn, "France", F, None),
        // Background memberships: both ends named.
        ("Nigeria", K::MemberOf, "ECOWAS", F, None),
        ("Niger", K::MemberOf, "ECOWAS", F, None),
        ("Mali", K::MemberOf, "ECOWAS", F, None),
        ("Burkina Faso", K::MemberOf, "ECOWAS", F, None),
    ],
    exact: &[
        ("coup in Niger", K::Affects, "Nigeria", F, None),
        ("Bola Tinubu", K::Leads, "ECOWAS", F, None),
        (
            "crisis in Niger",
            K::Affects,
            "Chad",
            S,
            Some("Amina Diallo"),
        ),
        ("United States", K::Sanctions, "Niger", F, None),
        ("Northern Niger", K::PartOf, "Niger", F, None),
    ],
    min_precision: 0.95,
    min_recall: 0.55,
};

/// Turkey in Syria, Russia's neighbours and Armenia's new partner: a
/// leader's possessive before an invasion (the state invades), an object
/// relative clause ("republics that the Kremlin has tried to keep under
/// Moscow's influence"), "Russian-backed elites" with no actor named (the
/// government in focus), "helped restore order" (help to the government in
/// focus, not the helper's) and former membership of the Soviet Union only
/// where a paragraph names it (not Armenia's). Known misses: the troops
/// that "remain in the north of the country", the protests in Tajikistan
/// and the opposition parties' call (read as Georgia's).
const NEIGHBOURS: Case = Case {
    name: "neighbours",
    text: include_str!("texts/neighbours.txt"),
    date: "2023-06-01",
    gold: &[
        ("Recep Tayyip Erdogan", K::Leads, "Turkey", F, None),
        ("Turkey", K::Invades, "Syria", F, None),
        ("Turkey", K::DeploysForcesTo, "Syria", F, None),
        ("the Kremlin", K::SeeksInfluenceOver, "Georgia", F, None),
        ("the Kremlin", K::SeeksInfluenceOver, "Moldova", F, None),
        ("Georgia", K::PartOf, "Soviet Union", F, None),
        ("Moldova", K::PartOf, "Soviet Union", F, None),
        (
            "collapse of the Soviet Union",
            K::LocatedIn,
            "Soviet Union",
            F,
            None,
        ),
        ("Russia", K::Supports, "Georgian government", F, None),
        ("Georgian opposition", K::Demands, "Brussels", F, None),
        (
            "Tajik protesters",
            K::ProtestsAgainst,
            "Tajik government",
            F,
            None,
        ),
        ("Russia", K::ProvidesAidTo, "Tajik government", F, None),
        ("Armenia", K::CooperatesWith, "France", F, None),
        ("Ankara", K::LocatedIn, "Turkey", F, None),
        ("Istanbul", K::LocatedIn, "Turkey", F, None),
        ("Moscow", K::LocatedIn, "Russia", F, None),
        ("Brussels", K::LocatedIn, "Belgium", F, None),
    ],
    exact: &[
        ("Turkey", K::Invades, "Syria", F, None),
        ("the Kremlin", K::SeeksInfluenceOver, "Moldova", F, None),
        ("Russia", K::Supports, "Georgian government", F, None),
        ("Russia", K::ProvidesAidTo, "Tajik government", F, None),
    ],
    min_precision: 0.9,
    min_recall: 0.75,
};

/// One extractor for all cases (building the automaton is the costly
/// part); each text gets its own document date.
fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| Extractor::builder().build().unwrap())
}

fn extract(text: &str, date: &str) -> KnowledgeGraph {
    extractor()
        .extract_with_date(text, Some(date.parse::<Date>().unwrap()))
        .unwrap()
}

#[test]
fn news_texts_meet_their_floors() {
    let gaz = Gazetteer::builtin();
    for case in CASES {
        let g = extract(case.text, case.date);
        let e = evaluate(&g, &gold(&gaz, case.gold));
        eprintln!("== {}\n{e}", case.name);
        assert!(
            e.relations.precision() >= case.min_precision,
            "{}: precision {:.3} < {}\n{e}",
            case.name,
            e.relations.precision(),
            case.min_precision
        );
        assert!(
            e.relations.recall() >= case.min_recall,
            "{}: recall {:.3} < {}\n{e}",
            case.name,
            e.relations.recall(),
            case.min_recall
        );
    }
}

#[test]
fn news_texts_exact_rows() {
    let gaz = Gazetteer::builtin();
    for case in CASES {
        let g = extract(case.text, case.date);
        for &(s, k, t, m, sp) in case.exact {
            let (s, t) = (id_of(&gaz, s), id_of(&gaz, t));
            let sp = sp.map(|n| id_of(&gaz, n));
            let found = g.relations().any(|r| {
                r.source().id == s
                    && r.kind() == k
                    && r.target().id == t
                    && r.modality() == m
                    && r.asserted_by().map(|a| a.id.clone()) == sp
            });
            assert!(
                found,
                "{}: missing {s} {k:?} {t} {m:?} by {sp:?}; got:\n{}",
                case.name,
                g.relations()
                    .map(|r| format!("  {r}\n"))
                    .collect::<String>()
            );
        }
    }
}

#[test]
fn every_relation_has_sentence_evidence_and_confidence() {
    for case in CASES {
        let g = extract(case.text, case.date);
        assert!(g.relation_count() > 0);
        for r in g.relations() {
            let ev = r.evidence().next().expect("evidence");
            let span = ev.span().expect("span");
            assert_eq!(&case.text[span.range()], ev.quote());
            assert!(r.confidence() > 0.0 && r.confidence() <= 1.0);
        }
    }
}

#[test]
fn weekday_dates_resolve_against_the_document_date() {
    let g = extract(include_str!("texts/taiwan.txt"), "2022-08-06");
    let r = g
        .relations()
        .find(|r| r.kind() == K::MassesForcesNear)
        .unwrap();
    // "on Thursday" before Saturday 2022-08-06.
    assert_eq!(r.date().unwrap().to_string(), "2022-08-04");
    let g = extract(include_str!("texts/nordic.txt"), "2023-01-30");
    let r = g.relations().find(|r| r.kind() == K::MeetsWith).unwrap();
    assert_eq!(r.date().unwrap().to_string(), "2022-11");
}

//! The GDELT 2.0 event export (`*.export.CSV`): tab-separated, no header,
//! 61 columns per the GDELT Event Codebook V2.0.
//!
//! Mapping:
//! * **Actors.** Each side (Actor1, Actor2) is read from its Code, Name,
//!   CountryCode, KnownGroupCode and Type1Code. A bare country (the code is
//!   the country code, as `RUS`) becomes a country actor with id `RUS` and
//!   the ISO alpha-3 code (CAMEO country codes are ISO alpha-3 for current
//!   states). A CAMEO region code without a country (`EUR`, `AFR`, `WST`…)
//!   becomes a region. Anything else (a government, a group, a named
//!   person) becomes an actor with id `CODE/name_slug` (for example
//!   `RUSGOV/kremlin`): a person for the `ELI` (elites) type, else an
//!   organization, linked to its country actor (created when missing).
//!   Names are title-cased (`UNITED STATES` → `United States`).
//! * **Relations.** Actor1 → Actor2, kind from the CAMEO EventCode
//!   ([`kind_for_cameo`]), the EventCode kept as the relation's CAMEO code,
//!   GoldsteinScale kept as its Goldstein score (the quad class follows from
//!   the code's root), SQLDATE as its date, SOURCEURL as its evidence
//!   document (one document per distinct URL, holding the URL), confidence 1.
//!   GLOBALEVENTID goes to a side column ([`EventIds`]) returned with the
//!   summary: 8 bytes per relation, dropped if the caller does not keep it.
//!   NumMentions, NumSources, NumArticles, AvgTone and the geography are not
//!   stored.
//! * **One-actor events** (empty Actor1 or Actor2, common in GDELT) are not
//!   relations: they are skipped in every mode and counted as
//!   [`SkipReason::MissingActor`].
//!
//! Cost: O(bytes); per row one id string built in a reused buffer, one hash
//! lookup per actor and one per source URL.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use petgraph::stable_graph::NodeIndex;

use super::{
    Bad, FieldRange, ImportError, ImportOptions, ImportSummary, LineReader, Run, SkipReason, Step,
    parse_f32, parse_u64, parse_yyyymmdd, show, split_fields,
};
use crate::graph::{EdgeRecord, KnowledgeGraph, NONE};
use crate::model::{
    Actor, ActorDetails, ActorId, ActorKind, CameoCode, CountryCode, MAX_ID_LEN, RelationId,
    RelationKind,
};

/// Number of columns of a GDELT 2.0 event row.
pub const COLUMNS: usize = 61;

/// The GDELT 2.0 event columns, in file order.
pub const COLUMN_NAMES: [&str; COLUMNS] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

const EVENT_ID: usize = 0;
const SQLDATE: usize = 1;
const ACTOR1: usize = 5;
const ACTOR2: usize = 15;
const EVENT_CODE: usize = 26;
const QUAD_CLASS: usize = 29;
const GOLDSTEIN: usize = 30;
const SOURCE_URL: usize = 60;

/// CAMEO region codes (actor codes standing for a part of the world).
const REGIONS: &[&str] = &[
    "AFR", "ASA", "BLK", "CAS", "CAU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM", "MDT",
    "MEA", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SEA", "WAF", "WST",
];

/// Our relation kind for a CAMEO event code: the most specific kind whose
/// code is a prefix of it, else the kind of its root.
///
/// ```
/// use geokg::{CameoCode, RelationKind};
/// use geokg::build::import::gdelt::kind_for_cameo;
/// let k = |c| kind_for_cameo(CameoCode::new(c).unwrap());
/// assert_eq!(k("0461"), RelationKind::NegotiatesWith);
/// assert_eq!(k("0431"), RelationKind::MeetsWith);
/// assert_eq!(k("1121"), RelationKind::Accuses);
/// assert_eq!(k("193"), RelationKind::Attacks);
/// ```
pub fn kind_for_cameo(code: CameoCode) -> RelationKind {
    let s = code.as_str().as_bytes();
    let three = if s.len() >= 3 {
        u16::from(code.root()) * 10 + u16::from(s[2] - b'0')
    } else {
        0
    };
    match three {
        46 => return RelationKind::NegotiatesWith,
        61 => return RelationKind::TradesWith,
        62 => return RelationKind::AlliedWith,
        74 => return RelationKind::DeploysForcesTo,
        111 => return RelationKind::Criticizes,
        112 => return RelationKind::Accuses,
        175 => return RelationKind::Represses,
        192 => return RelationKind::Occupies,
        _ => {}
    }
    match code.root() {
        1 | 9 => RelationKind::MakesStatementAbout,
        2 => RelationKind::RequestsHelpFrom,
        3 => RelationKind::OffersSupport,
        4 => RelationKind::MeetsWith,
        5 => RelationKind::Supports,
        6 => RelationKind::CooperatesWith,
        7 => RelationKind::ProvidesAidTo,
        8 => RelationKind::ConcedesTo,
        10 => RelationKind::Demands,
        11 => RelationKind::Opposes,
        12 => RelationKind::Rejects,
        13 => RelationKind::Threatens,
        14 => RelationKind::ProtestsAgainst,
        15 => RelationKind::MassesForcesNear,
        16 => RelationKind::Sanctions,
        17 => RelationKind::SeeksInfluenceOver,
        _ => RelationKind::Attacks,
    }
}

/// GDELT's GLOBALEVENTID of each relation an import created (a side column:
/// relations created by one import have consecutive ids).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventIds {
    first: u32,
    ids: Vec<u64>,
}

impl EventIds {
    /// The GLOBALEVENTID of a relation created by this import.
    pub fn get(&self, relation: RelationId) -> Option<u64> {
        let i = relation.index().checked_sub(self.first)?;
        self.ids.get(i as usize).copied()
    }

    /// Number of ids held.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether no id is held.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// `(relation id, GLOBALEVENTID)` pairs in relation order.
    pub fn iter(&self) -> impl Iterator<Item = (RelationId, u64)> + '_ {
        self.ids
            .iter()
            .enumerate()
            .map(move |(i, &e)| (RelationId(self.first + i as u32), e))
    }
}

/// The result of a GDELT import.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GdeltImport {
    /// What was read and created.
    pub summary: ImportSummary,
    /// GLOBALEVENTID by relation.
    pub event_ids: EventIds,
}

/// Reads a GDELT 2.0 event export into `g` (see the module docs for the
/// mapping). Existing actors with the same ids are reused, so several
/// exports can be read into one graph.
pub fn read_events<R: Read>(
    g: &mut KnowledgeGraph,
    reader: R,
    opts: ImportOptions<'_>,
) -> Result<GdeltImport, ImportError> {
    read_named(g, reader, opts, "gdelt")
}

/// [`read_events`] from a file (errors name the file).
pub fn read_events_file(
    g: &mut KnowledgeGraph,
    path: impl AsRef<Path>,
    opts: ImportOptions<'_>,
) -> Result<GdeltImport, ImportError> {
    let path = path.as_ref();
    let f = File::open(path).map_err(|error| ImportError::Io {
        source_name: path.display().to_string(),
        line: 0,
        error,
    })?;
    let opts = match f.metadata() {
        Ok(m) if opts.size_hint.is_none() => opts.with_size_hint(m.len()),
        _ => opts,
    };
    read_named(g, f, opts, &path.display().to_string())
}

struct State {
    id_buf: String,
    name_buf: String,
    actors_created: u64,
    documents_created: u64,
}

fn read_named<R: Read>(
    g: &mut KnowledgeGraph,
    reader: R,
    opts: ImportOptions<'_>,
    source: &str,
) -> Result<GdeltImport, ImportError> {
    let mut run = Run::new(source, opts);
    let mut lines = LineReader::new(reader, run.opts.max_line_bytes);
    let mut ranges: Vec<FieldRange> = Vec::with_capacity(COLUMNS + 1);
    let mut st = State {
        id_buf: String::new(),
        name_buf: String::new(),
        actors_created: 0,
        documents_created: 0,
    };
    let mut event_ids = EventIds {
        first: g.next_relation_id().index(),
        ids: Vec::new(),
    };
    run.for_each_row(&mut lines, |run, step| {
        match step {
            Step::Row { line, text } => match row(g, text, &mut ranges, &mut st) {
                Ok(Some((a, b, rec, doc, event))) => {
                    let id = g.push_record(a, b, rec, doc)?;
                    if event_ids.ids.is_empty() {
                        event_ids.first = id.index();
                    }
                    event_ids.ids.push(event);
                    run.summary.relations_created += 1;
                }
                Ok(None) => {}
                Err(bad) if bad.reason == SkipReason::MissingActor => run.skip(line, bad),
                Err(bad) => run.bad(line, bad)?,
            },
            // Rows with one actor are common: no estimate from the size.
            Step::Reserve(_) | Step::Flush => {}
        }
        Ok(())
    })?;
    run.summary.actors_created = st.actors_created;
    run.summary.documents_created = st.documents_created;
    event_ids.ids.shrink_to_fit();
    Ok(GdeltImport {
        summary: run.finish(&lines),
        event_ids,
    })
}

type Row = (NodeIndex<u32>, NodeIndex<u32>, EdgeRecord, Option<u32>, u64);

fn row(
    g: &mut KnowledgeGraph,
    text: &[u8],
    ranges: &mut Vec<FieldRange>,
    st: &mut State,
) -> Result<Option<Row>, Bad> {
    split_fields(text, b'\t', false, ranges);
    if ranges.len() != COLUMNS {
        return Err(Bad {
            reason: SkipReason::ColumnCount,
            field: None,
            detail: format!("{} columns, expected {COLUMNS}", ranges.len()),
        });
    }
    let f = |i: usize| {
        let r = ranges[i];
        text[r.start as usize..r.end as usize].trim_ascii()
    };
    let event = parse_u64(f(EVENT_ID)).ok_or_else(|| {
        Bad::new(
            SkipReason::BadNumber,
            COLUMN_NAMES[EVENT_ID],
            show(f(EVENT_ID)),
        )
    })?;
    let date = parse_yyyymmdd(f(SQLDATE))
        .map_err(|e| Bad::new(SkipReason::BadDate, COLUMN_NAMES[SQLDATE], e))?;
    let code_text = std::str::from_utf8(f(EVENT_CODE)).unwrap_or("");
    let cameo = CameoCode::new(code_text).map_err(|e| {
        Bad::new(
            SkipReason::BadEventCode,
            COLUMN_NAMES[EVENT_CODE],
            e.to_string(),
        )
    })?;
    let quad = f(QUAD_CLASS);
    if !quad.is_empty() && !matches!(quad, b"1" | b"2" | b"3" | b"4") {
        return Err(Bad::new(
            SkipReason::BadNumber,
            COLUMN_NAMES[QUAD_CLASS],
            format!("quad class {} is not 1-4", show(quad)),
        ));
    }
    let goldstein = match f(GOLDSTEIN) {
        b"" => f32::NAN,
        b => match parse_f32(b) {
            Some(v) if (-10.0..=10.0).contains(&v) => v,
            _ => {
                return Err(Bad::new(
                    SkipReason::BadNumber,
                    COLUMN_NAMES[GOLDSTEIN],
                    format!("Goldstein score {} is not a number in -10..=10", show(b)),
                ));
            }
        },
    };
    let sides = [ACTOR1, ACTOR2];
    for base in sides {
        if f(base).is_empty() && f(base + 1).is_empty() {
            return Err(Bad::new(
                SkipReason::MissingActor,
                COLUMN_NAMES[base],
                "one-actor event (no relation)",
            ));
        }
    }
    let mut ends = [NodeIndex::end(); 2];
    for (k, base) in sides.into_iter().enumerate() {
        let side = Side {
            code: f(base),
            name: f(base + 1),
            country: f(base + 2),
            group: f(base + 3),
            type1: f(base + 7),
        };
        ends[k] = actor(g, &side, st, COLUMN_NAMES[base])?;
    }
    let url = f(SOURCE_URL);
    let doc = if url.is_empty() {
        None
    } else {
        let url = std::str::from_utf8(url)
            .map_err(|_| Bad::new(SkipReason::NotUtf8, COLUMN_NAMES[SOURCE_URL], show(url)))?;
        let valid =
            url.len() <= MAX_ID_LEN && !url.chars().any(|c| c.is_whitespace() || c.is_control());
        let id = if valid {
            std::borrow::Cow::Borrowed(url)
        } else {
            std::borrow::Cow::Owned(format!("url:{:016x}", fnv1a(url.as_bytes())))
        };
        let (i, new) = g.intern_document(&id, Some(url)).map_err(|e| {
            Bad::new(
                SkipReason::Rejected,
                COLUMN_NAMES[SOURCE_URL],
                e.to_string(),
            )
        })?;
        st.documents_created += u64::from(new);
        Some(i)
    };
    let record = EdgeRecord {
        id: 0,
        date: date.pack(),
        confidence: 1.0,
        goldstein,
        speaker: NONE,
        evidence: NONE,
        cameo: cameo.pack(),
        kind: kind_for_cameo(cameo),
        flags: 0,
    };
    Ok(Some((ends[0], ends[1], record, doc, event)))
}

fn fnv1a(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &x in b {
        h ^= u64::from(x);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

struct Side<'a> {
    code: &'a [u8],
    name: &'a [u8],
    country: &'a [u8],
    group: &'a [u8],
    type1: &'a [u8],
}

fn is_code(b: &[u8]) -> bool {
    !b.is_empty() && b.len() <= 32 && b.iter().all(u8::is_ascii_alphanumeric)
}

/// `UNITED STATES` → `United States`.
fn title_case(name: &str, out: &mut String) {
    out.clear();
    let mut start = true;
    for c in name.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric() && c != '\'';
    }
}

/// The node of one side's actor, created when new.
fn actor(
    g: &mut KnowledgeGraph,
    s: &Side<'_>,
    st: &mut State,
    field: &str,
) -> Result<NodeIndex<u32>, Bad> {
    let bad_code = |b: &[u8]| Bad::new(SkipReason::BadId, field, format!("actor code {}", show(b)));
    if !s.code.is_empty() && !is_code(s.code) {
        return Err(bad_code(s.code));
    }
    if !s.country.is_empty() && !is_code(s.country) {
        return Err(bad_code(s.country));
    }
    let name = std::str::from_utf8(s.name)
        .map_err(|_| Bad::new(SkipReason::NotUtf8, field, show(s.name)))?;
    // Codes are ASCII alphanumeric: checked above.
    let code = std::str::from_utf8(s.code).unwrap_or("");
    let country = std::str::from_utf8(s.country).unwrap_or("");
    let country_node = if country.is_empty() {
        None
    } else {
        Some(country_actor(
            g,
            country,
            if code == country { name } else { "" },
            st,
        )?)
    };
    if !code.is_empty() && code == country && s.type1.is_empty() && s.group.is_empty() {
        // A bare country.
        return country_node.ok_or_else(|| bad_code(s.code));
    }
    let (kind, id) = if country.is_empty() && s.type1.is_empty() && REGIONS.contains(&code) {
        (ActorKind::Region, code.to_string())
    } else {
        let kind = if s.type1 == b"ELI" {
            ActorKind::Person
        } else {
            ActorKind::Organization
        };
        st.id_buf.clear();
        st.id_buf
            .push_str(if code.is_empty() { "GDELT" } else { code });
        if !name.is_empty() {
            st.id_buf.push('/');
            for c in name.chars().take(96) {
                if c.is_alphanumeric() {
                    st.id_buf.extend(c.to_lowercase());
                } else if !st.id_buf.ends_with('_') && !st.id_buf.ends_with('/') {
                    st.id_buf.push('_');
                }
            }
            while st.id_buf.ends_with('_') {
                st.id_buf.pop();
            }
        }
        (kind, std::mem::take(&mut st.id_buf))
    };
    if let Some(&n) = g.actors.get(id.as_str()) {
        st.id_buf = id;
        return Ok(n);
    }
    let actor_id =
        ActorId::new(&id).map_err(|e| Bad::new(SkipReason::BadId, field, e.to_string()))?;
    st.id_buf = id;
    title_case(if name.is_empty() { code } else { name }, &mut st.name_buf);
    let country_id = country_node.map(|n| g.graph[n].id.clone());
    let details = match kind {
        ActorKind::Person => ActorDetails::Person {
            role: None,
            affiliation: country_id,
        },
        ActorKind::Region => ActorDetails::Region { part_of: None },
        _ => ActorDetails::Organization {
            country: country_id,
        },
    };
    let actor = Actor::new(actor_id.clone(), kind, st.name_buf.as_str()).with_details(details);
    g.add_actor(actor)
        .map_err(|e| Bad::new(SkipReason::Rejected, field, e.to_string()))?;
    st.actors_created += 1;
    Ok(g.actors[actor_id.as_str()])
}

/// The country actor with this code, created when new (named by `name`
/// when given, else by the code).
fn country_actor(
    g: &mut KnowledgeGraph,
    code: &str,
    name: &str,
    st: &mut State,
) -> Result<NodeIndex<u32>, Bad> {
    if let Some(&n) = g.actors.get(code) {
        // Name a country first seen through one of its organs.
        if !name.is_empty() && g.graph[n].name == code {
            title_case(name, &mut st.name_buf);
            let mut renamed = g.graph[n].clone();
            renamed.name = st.name_buf.clone();
            // Through the graph, so that the name index follows.
            g.replace_actor(renamed)
                .map_err(|e| Bad::new(SkipReason::Rejected, "CountryCode", e.to_string()))?;
        }
        return Ok(n);
    }
    let id = ActorId::new(code)
        .map_err(|e| Bad::new(SkipReason::BadId, "CountryCode", e.to_string()))?;
    title_case(if name.is_empty() { code } else { name }, &mut st.name_buf);
    let name = if name.is_empty() {
        code.to_string()
    } else {
        st.name_buf.clone()
    };
    let iso3 = CountryCode::new(code).ok();
    let actor = Actor::new(id.clone(), ActorKind::Country, name)
        .with_details(ActorDetails::Country { iso3 });
    g.add_actor(actor)
        .map_err(|e| Bad::new(SkipReason::Rejected, "CountryCode", e.to_string()))?;
    st.actors_created += 1;
    Ok(g.actors[code])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_the_61_of_the_codebook() {
        assert_eq!(COLUMN_NAMES.len(), 61);
        assert_eq!(COLUMN_NAMES[EVENT_CODE], "EventCode");
        assert_eq!(COLUMN_NAMES[GOLDSTEIN], "GoldsteinScale");
        assert_eq!(COLUMN_NAMES[QUAD_CLASS], "QuadClass");
        assert_eq!(COLUMN_NAMES[ACTOR2 + 7], "Actor2Type1Code");
        assert_eq!(COLUMN_NAMES[SOURCE_URL], "SOURCEURL");
        assert_eq!(COLUMN_NAMES[59], "DATEADDED");
    }

    #[test]
    fn every_root_maps_to_a_kind_with_that_root_or_a_neighbour() {
        for root in 1..=20u8 {
            let code = CameoCode::new(&format!("{root:02}")).unwrap();
            let k = kind_for_cameo(code);
            assert!(k.cameo_root().is_some(), "{root} -> {k}");
            if ![9, 18, 20].contains(&root) {
                assert_eq!(k.cameo_root(), Some(root), "{root} -> {k}");
            }
        }
    }

    #[test]
    fn title_case_and_ids() {
        let mut s = String::new();
        title_case("UNITED STATES", &mut s);
        assert_eq!(s, "United States");
        title_case("CÔTE D'IVOIRE", &mut s);
        assert_eq!(s, "Côte D'ivoire");
    }
}

//! The gazetteer: the names under which states, alliances, government
//! bodies and leaders appear in news text, shipped as data
//! (`data/gazetteer.json`) and extensible by users.
//!
//! # Format (version 1)
//!
//! ```json
//! {"format": "geokg-gazetteer", "version": 1,
//!  "countries": [{"iso3": "RUS", "iso2": "RU", "name": "Russia", "aliases": ["Russian Federation"],
//!                 "capital": "Moscow", "capital_aliases": [], "demonyms": ["Russian"],
//!                 "demonym_plurals": ["Russians"], "status": "member"}],
//!  "organizations": [{"id": "csto", "name": "Collective Security Treaty Organization",
//!                     "acronyms": ["CSTO"], "aliases": [], "kind": "alliance", "founded": "1992",
//!                     "members": ["RUS"], "member_since": {}, "member_until": {}, "led_by": "RUS"}],
//!  "bodies": [{"id": "kremlin", "name": "Kremlin", "aliases": ["the Kremlin"], "country": "RUS",
//!              "kind": "organization", "role": "presidential administration"}],
//!  "leaders": [{"id": "vladimir_putin", "name": "Vladimir Putin", "aliases": ["Putin"],
//!               "country": "RUS", "office": "President", "start": "2012-05-07", "end": null}]}
//! ```
//!
//! Optional `note` fields may appear anywhere and are ignored.
//!
//! # Actor ids
//!
//! * countries: the slug of the common name ([`ActorId::slug`]): `russia`,
//!   `united_states`, `kazakhstan`;
//! * organizations, bodies and leaders: their `id` field (`csto`,
//!   `kremlin`, `vladimir_putin`).
//!
//! Leaders carry their terms, so that "the president of Kazakhstan" in a
//! 2022 article resolves to Tokayev, not Nazarbayev
//! ([`Gazetteer::leader_of`]).

use std::collections::HashMap;

/// Hasher of the gazetteer's lookup maps (never iterated): extraction asks
/// `place_of` for every mention, and SipHash there cost 1% of it.
type Fold = foldhash::fast::RandomState;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{Actor, ActorDetails, ActorId, ActorKind, CountryCode, Date};

/// The `format` value of gazetteer files.
pub const GAZETTEER_FORMAT: &str = "geokg-gazetteer";
/// The gazetteer format version this crate reads.
pub const GAZETTEER_VERSION: u32 = 1;

/// The gazetteer shipped with the crate.
const BUILTIN: &str = include_str!("../../data/gazetteer.json");

/// A gazetteer file or entry could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Malformed JSON or a field of the wrong shape.
    #[error("{file}: JSON error at line {line}, column {column}: {message}")]
    Json {
        /// The file (or `<string>`).
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was wrong.
        message: String,
    },
    /// The `format` or `version` field is not one this crate reads.
    #[error(
        "{file}: unsupported gazetteer format {format:?} version {version} (expected {GAZETTEER_FORMAT:?} version {GAZETTEER_VERSION})"
    )]
    Format {
        /// The file.
        file: String,
        /// The format found.
        format: String,
        /// The version found.
        version: u32,
    },
    /// An entry is invalid (bad code, id, date, unknown country reference).
    #[error("{file}: {section}[{index}] ({name}): {reason}")]
    Entry {
        /// The file.
        file: String,
        /// `countries`, `organizations`, `bodies` or `leaders`.
        section: &'static str,
        /// 0-based position in the section.
        index: usize,
        /// The entry's name or id.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// Two entries produce the same actor id.
    #[error("{file}: duplicate actor id {id:?} ({section})")]
    DuplicateId {
        /// The file.
        file: String,
        /// The section of the second entry.
        section: &'static str,
        /// The id.
        id: String,
    },
}

/// Whether a country is a UN member, an observer, a former state or other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountryStatus {
    /// UN member state.
    #[default]
    Member,
    /// UN observer state.
    Observer,
    /// A former state (the Soviet Union).
    Former,
    /// Anything else (a partially recognised state).
    Other,
}

/// A country entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountryEntry {
    /// ISO 3166-1 alpha-3 code.
    pub iso3: String,
    /// ISO 3166-1 alpha-2 code.
    #[serde(default)]
    pub iso2: String,
    /// Common short name ("Russia").
    pub name: String,
    /// Other names ("Russian Federation", "US").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The capital, a metonym for the government ("Moscow").
    #[serde(default)]
    pub capital: Option<String>,
    /// Other names of the capital ("Kiev").
    #[serde(default)]
    pub capital_aliases: Vec<String>,
    /// Demonym adjectives ("Russian").
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Demonym plural nouns ("Russians").
    #[serde(default)]
    pub demonym_plurals: Vec<String>,
    /// UN status.
    #[serde(default)]
    pub status: CountryStatus,
}

impl CountryEntry {
    /// The actor id: the slug of the name (`united_states`).
    pub fn actor_id(&self) -> ActorId {
        ActorId::slug(&self.name)
    }
}

/// An alliance or international organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationEntry {
    /// Actor id (`csto`).
    pub id: String,
    /// Full name.
    pub name: String,
    /// Acronyms, matched case-sensitively ("CSTO").
    #[serde(default)]
    pub acronyms: Vec<String>,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `alliance` or `organization`.
    #[serde(default = "default_org_kind")]
    pub kind: String,
    /// Founding year (or date).
    #[serde(default)]
    pub founded: Option<String>,
    /// ISO alpha-3 codes of the members.
    #[serde(default)]
    pub members: Vec<String>,
    /// Accession dates by alpha-3 code.
    #[serde(default)]
    pub member_since: HashMap<String, String>,
    /// Exit dates by alpha-3 code.
    #[serde(default)]
    pub member_until: HashMap<String, String>,
    /// The leading state, for "Russia-led alliance".
    #[serde(default)]
    pub led_by: Option<String>,
}

fn default_org_kind() -> String {
    "organization".to_string()
}

/// A government body standing for its state ("the Kremlin").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyEntry {
    /// Actor id (`kremlin`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// ISO alpha-3 code of its state.
    pub country: String,
    /// Actor kind (normally `organization`).
    #[serde(default = "default_org_kind")]
    pub kind: String,
    /// What it is ("foreign ministry").
    #[serde(default)]
    pub role: Option<String>,
}

/// A place that is not a state of today: a region of a country, a
/// notable city, a macro-region grouping countries, or a historical state.
///
/// Background relations the extractor draws from it (when both ends are
/// mentioned, see `ExtractOptions::background_memberships`):
/// a `region` is `part_of` its `within` country, a `city` is `located_in`
/// it; the countries in `members` are `located_in` a `macro_region` and
/// `part_of` a `historical` state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceEntry {
    /// Actor id (`crimea`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Other names and spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `region`, `city`, `macro_region` or `historical`.
    pub kind: String,
    /// ISO alpha-3 code of the country it belongs to (regions, cities).
    #[serde(default)]
    pub within: Option<String>,
    /// ISO alpha-3 codes of the countries it contains (macro-regions) or
    /// that were part of it (historical states).
    #[serde(default)]
    pub members: Vec<String>,
    /// Free-text provenance or caveat (disputed status).
    #[serde(default)]
    pub note: Option<String>,
}

/// A leader with an office and a term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaderEntry {
    /// Actor id (`vladimir_putin`).
    pub id: String,
    /// Full name.
    pub name: String,
    /// Other names (the surname).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// ISO alpha-3 code of the state.
    pub country: String,
    /// The office ("President", "Prime Minister").
    pub office: String,
    /// Start of the term (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    #[serde(default)]
    pub start: Option<String>,
    /// End of the term, none when ongoing.
    #[serde(default)]
    pub end: Option<String>,
}

#[derive(Deserialize)]
struct FileRepr {
    format: String,
    version: u32,
    #[serde(default)]
    countries: Vec<CountryEntry>,
    #[serde(default)]
    organizations: Vec<OrganizationEntry>,
    #[serde(default)]
    bodies: Vec<BodyEntry>,
    #[serde(default)]
    leaders: Vec<LeaderEntry>,
    #[serde(default)]
    places: Vec<PlaceEntry>,
}

/// What an actor of the gazetteer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryRef {
    Country(u32),
    Organization(u32),
    Body(u32),
    Leader(u32),
    /// The capital city of a country (country index).
    Capital(u32),
    /// A region, city, macro-region or historical state (place index).
    Place(u32),
}

/// A checked leader term.
#[derive(Debug, Clone, Copy)]
struct Term {
    /// Actor index of the leader.
    actor: u32,
    /// Actor index of the country.
    country: u32,
    start: Option<Date>,
    end: Option<Date>,
}

/// Whether a lowercased office is a head-of-state or head-of-government
/// office ("president", "prime minister", not "vice president" nor
/// "minister of foreign affairs").
fn is_head_office(o: &str) -> bool {
    let head = (o.contains("president") && !o.contains("vice"))
        || [
            "prime minister",
            "chancellor",
            "king",
            "queen",
            "emir",
            "supreme leader",
        ]
        .iter()
        .any(|h| o.contains(h));
    head && !o.contains(" of ")
}

/// Names of states, alliances, government bodies and leaders, with the
/// actors they stand for.
///
/// ```
/// use geokg::build::Gazetteer;
/// let g = Gazetteer::builtin();
/// let ru = g.country_by_code("RUS").unwrap();
/// assert_eq!(ru.actor_id().as_str(), "russia");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    countries: Vec<CountryEntry>,
    organizations: Vec<OrganizationEntry>,
    bodies: Vec<BodyEntry>,
    leaders: Vec<LeaderEntry>,
    places: Vec<PlaceEntry>,
    /// Historical places that extend an existing country actor (the
    /// Soviet Union is a country entry): actor index → place index.
    place_of_actor: HashMap<u32, u32, Fold>,
    /// Actor built for every entry, in the order countries, orgs, bodies, leaders.
    actors: Vec<Actor>,
    refs: Vec<EntryRef>,
    by_id: HashMap<ActorId, u32, Fold>,
    by_iso3: HashMap<String, u32, Fold>,
    terms: Vec<Term>,
    /// The office of each term, lowercased (parallel to `terms`).
    offices_lc: Vec<Box<str>>,
    /// Indices into `terms` of each leader's head-of-state or government
    /// terms, in insertion order (precomputed for per-mention lookups).
    head_terms: HashMap<u32, Vec<u32>, Fold>,
    /// Actor index of each country's capital city.
    capitals: Vec<Option<u32>>,
    /// [`country_of`](Self::country_of) of every actor index, computed by
    /// [`GazetteerBuilder::build`] (extraction asks it for most mentions).
    country_index: Vec<Option<u32>>,
}

fn json_error(file: &str, e: &serde_json::Error) -> GazetteerError {
    GazetteerError::Json {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    }
}

fn parse_date(s: &Option<String>) -> Result<Option<Date>, String> {
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => t
            .parse::<Date>()
            .map(Some)
            .map_err(|e| format!("bad date {t:?}: {e}")),
    }
}

impl Gazetteer {
    /// An empty gazetteer (add entries with [`GazetteerBuilder`]).
    pub fn new() -> Self {
        Gazetteer::default()
    }

    /// The gazetteer shipped with the crate (`data/gazetteer.json`).
    ///
    /// The shipped file is checked by the crate's tests; should it ever fail
    /// to load, this returns an empty gazetteer rather than panicking.
    pub fn builtin() -> Self {
        Self::from_json_str(BUILTIN, "data/gazetteer.json").unwrap_or_default()
    }

    /// Parses a gazetteer from JSON text; `file` names it in errors.
    pub fn from_json_str(json: &str, file: &str) -> Result<Self, GazetteerError> {
        let repr: FileRepr = serde_json::from_str(json).map_err(|e| json_error(file, &e))?;
        if repr.format != GAZETTEER_FORMAT || repr.version != GAZETTEER_VERSION {
            return Err(GazetteerError::Format {
                file: file.to_string(),
                format: repr.format,
                version: repr.version,
            });
        }
        let mut b = GazetteerBuilder::new();
        b.file = file.to_string();
        for c in repr.countries {
            b = b.country(c)?;
        }
        for o in repr.organizations {
            b = b.organization(o)?;
        }
        for x in repr.bodies {
            b = b.body(x)?;
        }
        for l in repr.leaders {
            b = b.leader(l)?;
        }
        for p in repr.places {
            b = b.place(p)?;
        }
        Ok(b.build())
    }

    /// Loads a user gazetteer file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, GazetteerError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| GazetteerError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_json_str(&text, &path.display().to_string())
    }

    /// A builder starting from this gazetteer's entries (to extend it).
    pub fn to_builder(&self) -> GazetteerBuilder {
        GazetteerBuilder {
            file: "<builder>".to_string(),
            g: self.clone(),
        }
    }

    /// The place entries (regions, cities, macro-regions, historical states).
    pub fn places(&self) -> &[PlaceEntry] {
        &self.places
    }

    /// The country entries.
    pub fn countries(&self) -> &[CountryEntry] {
        &self.countries
    }

    /// The organization and alliance entries.
    pub fn organizations(&self) -> &[OrganizationEntry] {
        &self.organizations
    }

    /// The government body entries.
    pub fn bodies(&self) -> &[BodyEntry] {
        &self.bodies
    }

    /// The leader entries.
    pub fn leaders(&self) -> &[LeaderEntry] {
        &self.leaders
    }

    /// Every actor the gazetteer defines (countries, organizations, bodies,
    /// leaders, in that order).
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// The actor with an id.
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.by_id.get(id).map(|&i| &self.actors[i as usize])
    }

    /// The country with an ISO alpha-3 code.
    pub fn country_by_code(&self, iso3: &str) -> Option<&CountryEntry> {
        let i = *self.by_iso3.get(iso3)?;
        match self.refs[i as usize] {
            EntryRef::Country(c) => self.countries.get(c as usize),
            _ => None,
        }
    }

    /// The actor id of the country with an ISO alpha-3 code.
    pub fn country_id(&self, iso3: &str) -> Option<ActorId> {
        self.by_iso3
            .get(iso3)
            .map(|&i| self.actors[i as usize].id.clone())
    }

    /// The leader of a country (alpha-3 code or actor id) in office on a
    /// date whose office matches `office` (case-insensitive substring).
    /// Among several, the one whose term started last wins. An empty
    /// `office` means "the leader": the chancellor where there is one, else
    /// the president, else the prime minister (else any office).
    ///
    /// ```
    /// use geokg::{Date, build::Gazetteer};
    /// let g = Gazetteer::builtin();
    /// let d = Date::day(2022, 1, 8).unwrap();
    /// assert_eq!(g.leader_of("KAZ", "president", d).unwrap().id.as_str(), "kassym_jomart_tokayev");
    /// ```
    pub fn leader_of(&self, country: &str, office: &str, date: Date) -> Option<&Actor> {
        let c = self.country_index(country)?;
        self.leader_index_of(c, office, date)
            .map(|i| &self.actors[i as usize])
    }

    pub(crate) fn country_index(&self, country: &str) -> Option<u32> {
        let i = self
            .by_iso3
            .get(country)
            .or_else(|| self.by_id.get(country))?;
        match self.refs[*i as usize] {
            EntryRef::Country(_) => Some(*i),
            _ => None,
        }
    }

    /// Actor index of the leader of country actor index `c`.
    pub(crate) fn leader_index_of(&self, c: u32, office: &str, date: Date) -> Option<u32> {
        if office.is_empty() {
            // "the leader of X": the head of government where it is a
            // chancellor, else the president, else the prime minister.
            return [
                "chancellor",
                "president",
                "prime minister",
                "king",
                "queen",
                "emir",
            ]
            .iter()
            .find_map(|o| self.leader_matching(c, Some(o), date))
            .or_else(|| self.leader_matching(c, None, date));
        }
        self.leader_matching(c, Some(office), date)
    }

    /// The holder of an office containing `office` (any office for None)
    /// whose term covers `date`; the latest started wins.
    fn leader_matching(&self, c: u32, office: Option<&str>, date: Date) -> Option<u32> {
        // Offices are lowercased once, when terms are added; lowercase the
        // query only when it is not lowercase already (no allocation then).
        let office: Option<std::borrow::Cow<'_, str>> = office.map(|o| {
            if o.bytes().any(|b| b.is_ascii_uppercase()) {
                std::borrow::Cow::Owned(o.to_ascii_lowercase())
            } else {
                std::borrow::Cow::Borrowed(o)
            }
        });
        let mut best: Option<(Option<Date>, u32)> = None;
        for (t, lc) in self.terms.iter().zip(&self.offices_lc) {
            if t.country != c {
                continue;
            }
            if office.as_ref().is_some_and(|o| !lc.contains(o.as_ref())) {
                continue;
            }
            let started = t.start.is_none_or(|s| s.first_day() <= date.last_day());
            let not_ended = t.end.is_none_or(|e| e.last_day() > date.first_day());
            if started && not_ended && best.is_none_or(|(bs, _)| t.start > bs) {
                best = Some((t.start, t.actor));
            }
        }
        best.map(|b| b.1)
    }

    /// The country (actor index) that leader actor `li` heads on `date`:
    /// a term covering the date in a head-of-state or head-of-government
    /// office (president, prime minister, chancellor, monarch, emir,
    /// supreme leader).
    pub(crate) fn headed_country(&self, li: u32, date: Date) -> Option<u32> {
        self.head_terms.get(&li)?.iter().find_map(|&ti| {
            let t = self.terms.get(ti as usize)?;
            let covers = t.start.is_none_or(|s| s.first_day() <= date.last_day())
                && t.end.is_none_or(|e| e.last_day() > date.first_day());
            covers.then_some(t.country)
        })
    }

    /// The ministry (actor index of a body) that leader actor `li` heads on
    /// `date`: a foreign minister (secretary of state, foreign secretary)
    /// heads the body of their country whose role is "foreign ministry", a
    /// defence minister (secretary of defense) the "defence ministry".
    pub(crate) fn headed_ministry(&self, li: u32, date: Date) -> Option<u32> {
        let (l, _) = self.leaders.iter().zip(&self.terms).find(|(l, t)| {
            let covers = t.start.is_none_or(|s| s.first_day() <= date.last_day())
                && t.end.is_none_or(|e| e.last_day() > date.first_day());
            let o = l.office.to_ascii_lowercase();
            t.actor == li && covers && ministry_role(&o).is_some()
        })?;
        let role = ministry_role(&l.office.to_ascii_lowercase())?;
        self.refs.iter().enumerate().find_map(|(i, r)| {
            let EntryRef::Body(b) = r else { return None };
            let b = &self.bodies[*b as usize];
            (b.country == l.country && b.role.as_deref() == Some(role)).then_some(i as u32)
        })
    }

    /// The body of country actor `c` with the role of body actor `b`
    /// ("the Russian State Department" → Russia's foreign ministry).
    pub(crate) fn counterpart_body(&self, b: u32, c: u32) -> Option<u32> {
        let Some(EntryRef::Body(bi)) = self.entry_ref(b) else {
            return None;
        };
        let role = self.bodies[bi as usize].role.as_deref()?;
        let Some(EntryRef::Country(ci)) = self.entry_ref(c) else {
            return None;
        };
        let iso = &self.countries[ci as usize].iso3;
        self.refs.iter().enumerate().find_map(|(i, r)| {
            let EntryRef::Body(x) = r else { return None };
            let x = &self.bodies[*x as usize];
            (&x.country == iso && x.role.as_deref() == Some(role)).then_some(i as u32)
        })
    }

    /// The country actor index that leads organization actor `o`
    /// (its `led_by`).
    pub(crate) fn leading_state(&self, o: u32) -> Option<u32> {
        let Some(EntryRef::Organization(oi)) = self.entry_ref(o) else {
            return None;
        };
        let iso = self.organizations[oi as usize].led_by.as_deref()?;
        self.country_actor(iso)
    }

    /// Actor index of an id.
    pub(crate) fn index_of(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// Actor indices of the leaders.
    pub(crate) fn leader_indices(&self) -> impl Iterator<Item = u32> + '_ {
        self.refs
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r, EntryRef::Leader(_)))
            .map(|(i, _)| i as u32)
    }

    /// The alliance (preferred) or organization led by a country actor index.
    pub(crate) fn led_by(&self, c: u32) -> Option<u32> {
        let iso = match self.refs.get(c as usize)? {
            EntryRef::Country(ci) => &self.countries[*ci as usize].iso3,
            _ => return None,
        };
        let mut found = None;
        for (idx, r) in self.refs.iter().enumerate() {
            let EntryRef::Organization(oi) = r else {
                continue;
            };
            let o = &self.organizations[*oi as usize];
            if o.led_by.as_deref() == Some(iso.as_str()) {
                let idx = idx as u32;
                if o.kind == "alliance" {
                    return Some(idx);
                }
                found.get_or_insert(idx);
            }
        }
        found
    }

    /// Actor indices of the member states of organization actor index `o`
    /// (empty for anything else). With a date, members that joined after it
    /// (`member_since`) or left on or before it (`member_until`) are left
    /// out; dates that do not parse count as unknown (kept).
    pub(crate) fn members_of(&self, o: u32, date: Option<Date>) -> Vec<u32> {
        let Some(EntryRef::Organization(oi)) = self.entry_ref(o) else {
            return Vec::new();
        };
        let org = &self.organizations[oi as usize];
        let on = |m: &HashMap<String, String>, iso: &str| -> Option<Date> {
            m.get(iso).and_then(|d| d.trim().parse::<Date>().ok())
        };
        org.members
            .iter()
            .filter(|iso| match date {
                None => true,
                Some(d) => {
                    on(&org.member_since, iso).is_none_or(|since| since <= d)
                        && on(&org.member_until, iso).is_none_or(|until| d < until)
                }
            })
            .filter_map(|iso| self.by_iso3.get(iso.as_str()).copied())
            .collect()
    }

    /// The place entry of an actor: its own, or the historical place entry
    /// that extends a country actor with the same id.
    pub(crate) fn place_of(&self, actor_index: u32) -> Option<u32> {
        match self.entry_ref(actor_index)? {
            EntryRef::Place(p) => Some(p),
            _ => self.place_of_actor.get(&actor_index).copied(),
        }
    }

    /// Places (regions, cities, macro-regions, historical states).
    pub(crate) fn place_at(&self, p: u32) -> &PlaceEntry {
        &self.places[p as usize]
    }

    /// Actor index of the country with ISO alpha-3 code `iso3`.
    pub(crate) fn country_actor(&self, iso3: &str) -> Option<u32> {
        self.by_iso3.get(iso3).copied()
    }

    /// Actor index of the capital city of country index `ci`.
    pub(crate) fn capital_of(&self, ci: u32) -> Option<u32> {
        self.capitals.get(ci as usize).copied().flatten()
    }

    pub(crate) fn entry_ref(&self, actor_index: u32) -> Option<EntryRef> {
        self.refs.get(actor_index as usize).copied()
    }

    /// The country actor index an actor belongs to (itself for a country).
    pub(crate) fn country_of(&self, actor_index: u32) -> Option<u32> {
        self.country_index
            .get(actor_index as usize)
            .copied()
            .flatten()
    }

    /// [`country_of`](Self::country_of) from the entries (a map lookup by
    /// ISO code), for the table that answers it.
    fn compute_country_of(&self, actor_index: u32) -> Option<u32> {
        let iso = match self.entry_ref(actor_index)? {
            EntryRef::Country(_) => return Some(actor_index),
            EntryRef::Organization(_) => return None,
            EntryRef::Place(p) => self.places[p as usize].within.as_ref()?,
            EntryRef::Body(b) => &self.bodies[b as usize].country,
            EntryRef::Leader(l) => &self.leaders[l as usize].country,
            EntryRef::Capital(ci) => &self.countries[ci as usize].iso3,
        };
        self.by_iso3.get(iso).copied()
    }

    pub(crate) fn actor_at(&self, i: u32) -> &Actor {
        &self.actors[i as usize]
    }
}

/// The body role a minister's office heads (lowercase office).
fn ministry_role(office: &str) -> Option<&'static str> {
    let has = |xs: &[&str]| xs.iter().any(|x| office.contains(x));
    if has(&[
        "foreign minister",
        "secretary of state",
        "foreign secretary",
    ]) {
        Some("foreign ministry")
    } else if has(&[
        "defence minister",
        "defense minister",
        "secretary of defense",
        "defense secretary",
        "defence secretary",
    ]) {
        Some("defence ministry")
    } else {
        None
    }
}

/// Builds a [`Gazetteer`] entry by entry, checking each.
///
/// ```
/// use geokg::build::{CountryEntry, GazetteerBuilder, CountryStatus};
/// let g = GazetteerBuilder::new()
///     .country(CountryEntry {
///         iso3: "ARM".into(), iso2: "AM".into(), name: "Armenia".into(), aliases: vec![],
///         capital: Some("Yerevan".into()), capital_aliases: vec![],
///         demonyms: vec!["Armenian".into()], demonym_plurals: vec!["Armenians".into()],
///         status: CountryStatus::Member,
///     })
///     .unwrap()
///     .build();
/// assert!(g.actor("armenia").is_some());
/// ```
#[derive(Debug, Clone)]
pub struct GazetteerBuilder {
    file: String,
    g: Gazetteer,
}

impl Default for GazetteerBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl GazetteerBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        GazetteerBuilder {
            file: "<builder>".to_string(),
            g: Gazetteer::default(),
        }
    }

    fn err(
        &self,
        section: &'static str,
        index: usize,
        name: &str,
        reason: String,
    ) -> GazetteerError {
        GazetteerError::Entry {
            file: self.file.clone(),
            section,
            index,
            name: name.to_string(),
            reason,
        }
    }

    /// Appends an actor (indices never change once given).
    fn push_actor(
        &mut self,
        actor: Actor,
        r: EntryRef,
        section: &'static str,
    ) -> Result<u32, GazetteerError> {
        if self.g.by_id.contains_key(&actor.id) {
            return Err(GazetteerError::DuplicateId {
                file: self.file.clone(),
                section,
                id: actor.id.to_string(),
            });
        }
        let i = self.g.actors.len() as u32;
        self.g.by_id.insert(actor.id.clone(), i);
        self.g.actors.push(actor);
        self.g.refs.push(r);
        Ok(i)
    }

    fn country_ref(
        &self,
        section: &'static str,
        index: usize,
        name: &str,
        iso: &str,
    ) -> Result<u32, GazetteerError> {
        self.g.by_iso3.get(iso).copied().ok_or_else(|| {
            self.err(
                section,
                index,
                name,
                format!("unknown country code {iso:?}"),
            )
        })
    }

    /// Adds a country.
    pub fn country(mut self, c: CountryEntry) -> Result<Self, GazetteerError> {
        let index = self.g.countries.len();
        let code = CountryCode::new(&c.iso3)
            .map_err(|e| self.err("countries", index, &c.name, e.to_string()))?;
        if c.name.trim().is_empty() {
            return Err(self.err("countries", index, &c.iso3, "empty name".into()));
        }
        if self.g.by_iso3.contains_key(&c.iso3) {
            return Err(self.err(
                "countries",
                index,
                &c.name,
                format!("duplicate code {}", c.iso3),
            ));
        }
        let id = c.actor_id();
        let aliases: Vec<String> = c.aliases.clone();
        let actor = Actor {
            details: ActorDetails::Country { iso3: Some(code) },
            ..Actor::new(id, ActorKind::Country, c.name.clone())
        }
        .with_aliases(aliases);
        let i = self.push_actor(actor, EntryRef::Country(index as u32), "countries")?;
        self.g.by_iso3.insert(c.iso3.clone(), i);
        // The capital as a city actor ("moscow"), standing for the government.
        let capital = match c.capital.as_deref().map(str::trim) {
            Some(cap) if !cap.is_empty() => {
                let mut cid = ActorId::slug(cap);
                if self.g.by_id.contains_key(&cid) {
                    cid = ActorId::slug(&format!("{cap} city"));
                }
                let city = Actor::new(cid, ActorKind::City, cap)
                    .with_details(ActorDetails::City {
                        country: Some(self.g.actors[i as usize].id.clone()),
                    })
                    .with_aliases(c.capital_aliases.iter().cloned())
                    .with_description(format!("capital of {}", c.name));
                self.push_actor(city, EntryRef::Capital(index as u32), "countries")
                    .ok()
            }
            _ => None,
        };
        self.g.capitals.push(capital);
        self.g.countries.push(c);
        Ok(self)
    }

    /// Adds an organization or alliance (its `members` and `led_by` must
    /// name countries already added).
    pub fn organization(mut self, o: OrganizationEntry) -> Result<Self, GazetteerError> {
        let index = self.g.organizations.len();
        let id = ActorId::new(&o.id)
            .map_err(|e| self.err("organizations", index, &o.name, e.to_string()))?;
        for iso in o.members.iter().chain(o.led_by.iter()) {
            self.country_ref("organizations", index, &o.name, iso)?;
        }
        let kind = match o.kind.as_str() {
            "alliance" => ActorKind::Alliance,
            "organization" | "" => ActorKind::Organization,
            other => {
                return Err(self.err(
                    "organizations",
                    index,
                    &o.name,
                    format!("unknown kind {other:?} (expected alliance or organization)"),
                ));
            }
        };
        let details = match kind {
            ActorKind::Alliance => ActorDetails::Alliance {
                founded: o.founded.as_deref().and_then(|f| f.get(..4)?.parse().ok()),
            },
            _ => ActorDetails::Organization { country: None },
        };
        let actor = Actor::new(id, kind, o.name.clone())
            .with_details(details)
            .with_aliases(o.acronyms.iter().chain(&o.aliases).cloned());
        self.push_actor(actor, EntryRef::Organization(index as u32), "organizations")?;
        self.g.organizations.push(o);
        Ok(self)
    }

    /// Adds a government body (its country must be added already).
    pub fn body(mut self, b: BodyEntry) -> Result<Self, GazetteerError> {
        let index = self.g.bodies.len();
        let id =
            ActorId::new(&b.id).map_err(|e| self.err("bodies", index, &b.name, e.to_string()))?;
        let c = self.country_ref("bodies", index, &b.name, &b.country)?;
        let kind: ActorKind = b
            .kind
            .parse()
            .map_err(|e: crate::model::UnknownActorKind| {
                self.err("bodies", index, &b.name, e.to_string())
            })?;
        let mut details = ActorDetails::empty(kind);
        if let ActorDetails::Organization { country } = &mut details {
            *country = Some(self.g.actors[c as usize].id.clone());
        }
        let mut actor = Actor::new(id, kind, b.name.clone())
            .with_details(details)
            .with_aliases(b.aliases.iter().cloned());
        if let Some(r) = &b.role {
            actor = actor.with_description(r.clone());
        }
        self.push_actor(actor, EntryRef::Body(index as u32), "bodies")?;
        self.g.bodies.push(b);
        Ok(self)
    }

    /// Adds a leader's term (the country must be added already). A leader
    /// with several offices or terms has one entry per term under the same
    /// id; the actor describes the latest term.
    pub fn leader(mut self, l: LeaderEntry) -> Result<Self, GazetteerError> {
        let index = self.g.leaders.len();
        let id =
            ActorId::new(&l.id).map_err(|e| self.err("leaders", index, &l.name, e.to_string()))?;
        let c = self.country_ref("leaders", index, &l.name, &l.country)?;
        let start = parse_date(&l.start).map_err(|e| self.err("leaders", index, &l.name, e))?;
        let end = parse_date(&l.end).map_err(|e| self.err("leaders", index, &l.name, e))?;
        let country = &self.g.actors[c as usize];
        let details = ActorDetails::Leader {
            office: Some(format!("{} of {}", l.office, country.name)),
            of: Some(country.id.clone()),
            term_start: start,
            term_end: end,
        };
        let actor_index = match self.g.by_id.get(&id).copied() {
            Some(i) => {
                if !matches!(self.g.refs[i as usize], EntryRef::Leader(_)) {
                    return Err(GazetteerError::DuplicateId {
                        file: self.file.clone(),
                        section: "leaders",
                        id: id.to_string(),
                    });
                }
                // Another term: keep the latest term in the actor, merge names.
                let a = &mut self.g.actors[i as usize];
                if let ActorDetails::Leader { term_start, .. } = &a.details {
                    if start >= *term_start {
                        a.details = details;
                    }
                }
                for n in std::iter::once(&l.name).chain(&l.aliases) {
                    if !a.names().any(|x| x == n) {
                        a.aliases.push(n.clone());
                    }
                }
                i
            }
            None => {
                let actor = Actor::new(id, ActorKind::Leader, l.name.clone())
                    .with_details(details)
                    .with_aliases(l.aliases.iter().cloned());
                self.push_actor(actor, EntryRef::Leader(index as u32), "leaders")?
            }
        };
        let office_lc = l.office.to_ascii_lowercase();
        if is_head_office(&office_lc) {
            self.g
                .head_terms
                .entry(actor_index)
                .or_default()
                .push(self.g.terms.len() as u32);
        }
        self.g.offices_lc.push(office_lc.into_boxed_str());
        self.g.leaders.push(l);
        self.g.terms.push(Term {
            actor: actor_index,
            country: c,
            start,
            end,
        });
        Ok(self)
    }

    /// The gazetteer.
    /// Adds a place (the countries it names must be added already).
    pub fn place(mut self, p: PlaceEntry) -> Result<Self, GazetteerError> {
        let index = self.g.places.len();
        let id =
            ActorId::new(&p.id).map_err(|e| self.err("places", index, &p.name, e.to_string()))?;
        if p.name.trim().is_empty() {
            return Err(self.err("places", index, &p.id, "empty name".into()));
        }
        let within = match &p.within {
            Some(iso) => {
                let c = self.country_ref("places", index, &p.name, iso)?;
                Some(self.g.actors[c as usize].id.clone())
            }
            None => None,
        };
        for iso in &p.members {
            self.country_ref("places", index, &p.name, iso)?;
        }
        let details = match p.kind.as_str() {
            "region" | "macro_region" => ActorDetails::Region { part_of: within },
            "city" => ActorDetails::City { country: within },
            "historical" => ActorDetails::empty(ActorKind::Country),
            other => {
                return Err(self.err(
                    "places",
                    index,
                    &p.name,
                    format!(
                        "unknown kind {other:?} (expected region, city, macro_region or historical)"
                    ),
                ));
            }
        };
        // A historical state already listed among the countries (with its
        // names and demonyms) gets its members from the place entry.
        if let (true, Some(&i)) = (p.kind == "historical", self.g.by_id.get(&id)) {
            if matches!(self.g.refs.get(i as usize), Some(EntryRef::Country(_))) {
                self.g.place_of_actor.insert(i, index as u32);
                self.g.places.push(p);
                return Ok(self);
            }
        }
        let actor = Actor::new(id, details.kind(), p.name.clone())
            .with_details(details)
            .with_aliases(p.aliases.iter().cloned());
        self.push_actor(actor, EntryRef::Place(index as u32), "places")?;
        self.g.places.push(p);
        Ok(self)
    }

    /// The finished gazetteer.
    pub fn build(mut self) -> Gazetteer {
        let n = self.g.actors.len() as u32;
        self.g.country_index = (0..n).map(|i| self.g.compute_country_of(i)).collect();
        self.g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = include_str!("../../tests/fixtures/mini_gazetteer.json");

    #[test]
    fn loads_mini_and_resolves_leaders_by_date() {
        let g = Gazetteer::from_json_str(MINI, "mini").unwrap();
        assert_eq!(g.actor("united_states").unwrap().kind(), ActorKind::Country);
        assert_eq!(g.actor("csto").unwrap().kind(), ActorKind::Alliance);
        assert_eq!(g.actor("kremlin").unwrap().kind(), ActorKind::Organization);
        let d22 = Date::day(2022, 1, 8).unwrap();
        let d15 = Date::day(2015, 6, 1).unwrap();
        assert_eq!(
            g.leader_of("KAZ", "President", d22).unwrap().id.as_str(),
            "kassym_jomart_tokayev"
        );
        assert_eq!(
            g.leader_of("kazakhstan", "", d15).unwrap().id.as_str(),
            "nursultan_nazarbayev"
        );
        assert!(g.leader_of("IRN", "", d22).is_none());
        let csto = g.led_by(g.country_index("RUS").unwrap()).unwrap();
        assert_eq!(g.actor_at(csto).id.as_str(), "csto");
        // Terms show up in the actor.
        match &g.actor("nursultan_nazarbayev").unwrap().details {
            ActorDetails::Leader { of, term_end, .. } => {
                assert_eq!(of.as_ref().unwrap().as_str(), "kazakhstan");
                assert_eq!(term_end.unwrap().to_string(), "2019-03-20");
            }
            d => panic!("unexpected {d:?}"),
        }
    }

    #[test]
    fn builtin_loads() {
        let g = Gazetteer::builtin();
        assert!(g.countries().len() >= 7);
        assert_eq!(g.country_id("RUS").unwrap().as_str(), "russia");
        assert_eq!(g.country_id("USA").unwrap().as_str(), "united_states");
        assert!(Gazetteer::from_json_str(BUILTIN, "builtin").is_ok());
        // Several terms under one id: one actor, each term resolvable.
        let d = |y, m, dd| Date::day(y, m, dd).unwrap();
        let who = |c: &str, office: &str, date: Date| {
            g.leader_of(c, office, date).map(|a| a.id.to_string())
        };
        assert_eq!(
            who("RUS", "prime minister", d(2010, 6, 1)).as_deref(),
            Some("vladimir_putin")
        );
        assert_eq!(
            who("RUS", "president", d(2010, 6, 1)).as_deref(),
            Some("dmitry_medvedev")
        );
        assert_eq!(
            who("RUS", "president", d(2022, 1, 8)).as_deref(),
            Some("vladimir_putin")
        );
        assert_eq!(
            who("KAZ", "president", d(2022, 1, 8)).as_deref(),
            Some("kassym_jomart_tokayev")
        );
        assert_eq!(
            who("KAZ", "president", d(2015, 1, 8)).as_deref(),
            Some("nursultan_nazarbayev")
        );
        assert_eq!(
            g.actors()
                .iter()
                .filter(|a| a.id.as_str() == "vladimir_putin")
                .count(),
            1
        );
        match &g.actor("vladimir_putin").unwrap().details {
            ActorDetails::Leader { office, of, .. } => {
                assert_eq!(office.as_deref(), Some("President of Russia"));
                assert_eq!(of.as_ref().unwrap().as_str(), "russia");
            }
            d => panic!("unexpected {d:?}"),
        }
    }

    #[test]
    fn errors_name_line_and_entry() {
        let bad = "{\"format\": \"geokg-gazetteer\",\n \"version\": 1,\n \"countries\": [}";
        match Gazetteer::from_json_str(bad, "f.json").unwrap_err() {
            GazetteerError::Json { line, file, .. } => {
                assert_eq!(line, 3);
                assert_eq!(file, "f.json");
            }
            e => panic!("unexpected {e}"),
        }
        let wrong = r#"{"format": "other", "version": 1}"#;
        assert!(matches!(
            Gazetteer::from_json_str(wrong, "f").unwrap_err(),
            GazetteerError::Format { .. }
        ));
        let bad_code = r#"{"format": "geokg-gazetteer", "version": 1,
            "countries": [{"iso3": "ru", "name": "Russia"}]}"#;
        let e = Gazetteer::from_json_str(bad_code, "f").unwrap_err();
        assert!(e.to_string().contains("countries[0] (Russia)"), "{e}");
        let bad_ref = r#"{"format": "geokg-gazetteer", "version": 1,
            "leaders": [{"id": "x_y", "name": "X Y", "country": "RUS", "office": "President"}]}"#;
        let e = Gazetteer::from_json_str(bad_ref, "f").unwrap_err();
        assert!(
            e.to_string().contains("unknown country code \"RUS\""),
            "{e}"
        );
        let dup = r#"{"format": "geokg-gazetteer", "version": 1,
            "countries": [{"iso3": "RUS", "name": "Russia"}, {"iso3": "RUX", "name": "Russia"}]}"#;
        assert!(matches!(
            Gazetteer::from_json_str(dup, "f").unwrap_err(),
            GazetteerError::DuplicateId { .. }
        ));
    }

    #[test]
    fn builder_extends_a_gazetteer() {
        let g = Gazetteer::from_json_str(MINI, "mini").unwrap();
        let g2 = g
            .to_builder()
            .leader(LeaderEntry {
                id: "robert_kocharyan".into(),
                name: "Robert Kocharyan".into(),
                aliases: vec!["Kocharyan".into()],
                country: "ARM".into(),
                office: "President".into(),
                start: Some("1998-04-09".into()),
                end: Some("2008-04-09".into()),
            })
            .unwrap()
            .build();
        let d = Date::day(2005, 1, 1).unwrap();
        let id = |g: &Gazetteer, c: &str| g.leader_of(c, "", d).map(|a| a.id.to_string());
        assert_eq!(id(&g2, "ARM").as_deref(), Some("robert_kocharyan"));
        assert_eq!(id(&g, "ARM"), None);
        assert_eq!(g2.actors().len(), g.actors().len() + 1);
        // Adding a country after leaders keeps indices consistent.
        let g3 = g2
            .to_builder()
            .country(CountryEntry {
                iso3: "MDA".into(),
                iso2: "MD".into(),
                name: "Moldova".into(),
                aliases: vec![],
                capital: Some("Chisinau".into()),
                capital_aliases: vec![],
                demonyms: vec!["Moldovan".into()],
                demonym_plurals: vec![],
                status: CountryStatus::Member,
            })
            .unwrap()
            .build();
        assert_eq!(id(&g3, "ARM").as_deref(), Some("robert_kocharyan"));
        assert_eq!(id(&g3, "KAZ").as_deref(), Some("nursultan_nazarbayev"));
        assert_eq!(g3.country_id("MDA").unwrap().as_str(), "moldova");
        assert!(
            g3.to_builder()
                .country(g3.country_by_code("MDA").unwrap().clone())
                .is_err()
        );
    }
}

//! Mention detection: gazetteer names, capitals and demonyms, "X-led
//! alliance", titles with and without names, people introduced in the
//! text, surname coreference, group actors, definite descriptions and
//! pronouns.
//!
//! * Groups: a group noun ("protesters", "separatists", "rebels",
//!   "militants", "opposition") with a demonym before it or a place after
//!   it ("in eastern Ukraine") is one organization actor per place
//!   ("Kazakh protesters", belonging to Kazakhstan); a bare "the
//!   demonstrators" is the last group of its class; protest nouns stand for
//!   their protesters when their place is given; "the circle around X" and
//!   "X's inner circle" are X's inner circle; "the Biden administration" is
//!   a government led by that leader.
//! * Definite descriptions: "the country" and "the government (of X)"
//!   refer to the country in focus (the most recent actor's country in this
//!   or the three previous sentences), never to the subject of their own
//!   clause (except a group: protesters face their own government).
//!   "both sides", "the two countries" ("both leaders") stand for the last
//!   two coordinated actors (people) in this or the three previous
//!   sentences: two mentions at one span, read as coordinated.
//! * Pronouns (only in sentences with a trigger, resolved after the
//!   sentence's speakers are known): he/him/his and she/her → the most
//!   recent person within two sentences whose gender (learned from
//!   earlier pronouns) does not clash; they/them/their → a group, a demonym
//!   plural or a name before a plural noun ("Russian soldiers") in this or
//!   the previous sentence. A sentence-initial subject pronoun continues
//!   the previous sentence's subject; an object pronoun never refers to an
//!   actor of its own clause. Unresolved pronouns are ignored.
//! * Events: an event noun and a place ("the unrest in Kazakhstan", "the
//!   collapse of the Soviet Union", "the Kazakh uprising", "talks between
//!   … in Geneva") is an Event actor located in the place; one per class
//!   and place in a document. Events are also named by general schemes
//!   from noun phrases and clauses: "protests broke out in X in YEAR" →
//!   "protests in X in YEAR"; an invasion with a stated year ("In 2008
//!   Russia invaded Georgia") → "Russian invasion of Georgia (2008)", also
//!   "2008 Russo-Georgian war"; "a war with X" in a sentence naming a
//!   region of X → "YEAR Region war" in the region; a decided deployment
//!   ("Russia's decision to send paratroopers to X") → "Russian
//!   paratrooper deployment to X", also "Russian intervention in X".
//!   Regions: "northern Kazakhstan" is a region part of the country; "an
//!   uprising in the (eastern) Donbass region" stands for a separatist
//!   organization of the region ("Donbas separatists"), located in it and
//!   in conflict with the region's state. Rulers named by a common noun
//!   ("autocrats", "the junta") are their country's government: "X has
//!   been ruled by autocrats" → X's government leads X.
//! * Appositions: the institutions an appositive names ("a senior fellow
//!   at the Brookings Institution", "a Tennessee Republican", "who serves
//!   on the House of Representatives") give `affiliated_with` (`member_of`
//!   for a party); a gazetteer region before a party ("a Tennessee
//!   Republican") is `affiliated_with` too; committees after a chamber
//!   ("the House of Representatives' armed services and foreign affairs
//!   committees") are organizations ("House Armed Services Committee") the
//!   person is `member_of`; gazetteer ministers in office lead their
//!   ministry; "X-led" names lead.

use std::collections::HashMap;

use super::lexicon::{
    COMBINING_FORMS, Cue, Definite, EventClass, FORCE_NOUNS, Func, GroupClass, PLURAL_HEADS,
    Pronoun, TITLES, event_class, func_of, func_of_at,
};
use super::matcher::{NameRole, What};
use super::{Doc, Key, Mention};
use crate::build::gazetteer::EntryRef;
use crate::model::{
    Actor, ActorDetails, ActorId, ActorKind, Date, Modality, Relation, RelationKind, Span,
};

/// The key of a pronoun mention with no antecedent (never used as an
/// actor: relation patterns skip it).
pub(crate) const UNRESOLVED: Key = Key::Gaz(u32::MAX);

/// Direction adjectives that make a region of a country ("northern
/// Kazakhstan"); see [`may_follow_direction`] when adding one.
const DIRECTIONS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
];

/// Sentences back (besides the current one) in which a person pronoun
/// looks for its antecedent.
const PERSON_WINDOW: usize = 2;
/// Sentences back in which "they" looks for its antecedent.
const PLURAL_WINDOW: usize = 1;
/// Sentences back in which "the country", "the government" look for the
/// country they refer to.
const DEFINITE_WINDOW: usize = 3;

/// Nouns of a rising against the state: in a region, its actors are a
/// separatist organization.
const UPRISINGS: &[&str] = &[
    "uprising",
    "insurgency",
    "rebellion",
    "revolt",
    "insurrection",
];
/// Confidence of "separatists in conflict with the region's state",
/// inferred from an uprising in the region.
const UPRISING_CONFLICT: f32 = 0.6;

/// Confidence of "ruled by autocrats" → the government leads the country.
const RULED_BY: f32 = 0.75;

/// Coreference state of a document.
#[derive(Debug, Default)]
pub(crate) struct Coref {
    /// Genders learned from pronouns that were resolved to a person
    /// (`true` = female).
    female: HashMap<Key, bool, super::KeyHash>,
    /// The last group actor of each class ("the demonstrators" after
    /// "Kazakh protesters").
    last_group: HashMap<GroupClass, Key, super::KeyHash>,
    /// The ministry a gazetteer minister heads on the document date.
    ministry: HashMap<u32, Option<u32>, super::KeyHash>,
    /// The event of each class at each place ("the unrest in X", "the
    /// violence in X": one event).
    events: HashMap<(EventClass, Key), Key, super::KeyHash>,
    /// Who made the last accusation ("rejected the claim").
    pub(crate) last_accuser: Option<Key>,
    /// The last unnamed source introduced ("two people familiar with the
    /// assessments") and its head noun: "people said" later is it.
    pub(crate) last_anonymous: Option<(&'static str, Key)>,
    /// Ministers in office on the document date, with their first mention.
    ministers: Vec<(u32, u32, u32)>,
    /// "the Biden administration" of a leader in office: (leader, the
    /// administration, the country it governs).
    administrations: Vec<(u32, Key, u32)>,
    /// Cheap pre-check before hashing a capitalized word in
    /// [`Doc::coref_surnames`].
    surname_filter: SurnameFilter,
    /// What [`Doc::group`] gave for a class and anchor with the default
    /// name (a group is found again by its id, so the answer never
    /// changes: no name or id is built again).
    groups: HashMap<(GroupClass, Key), Key, super::KeyHash>,
    /// What [`Doc::person`] gave for a name of two or more tokens, by the
    /// name's text (stable likewise: a gazetteer actor, or a person found
    /// again by its id).
    persons_by_name: HashMap<Box<str>, Key, super::KeyHash>,
    /// The holder of title `t`'s office in country `c` on the document
    /// date, by `(c, t)` (see [`Doc::title_leader`]).
    title_leaders: HashMap<(u32, u16), Option<u32>, super::KeyHash>,
}

/// First bytes and lengths of the known surnames: a word whose first byte
/// or length no surname has is not looked up (most words of a sentence).
#[derive(Debug, Default)]
struct SurnameFilter {
    /// Number of surnames the filter was built from (rebuilt when it grows).
    count: usize,
    first: [u64; 4],
    lens: u64,
}

impl SurnameFilter {
    fn len_bit(len: usize) -> u64 {
        1 << len.min(63)
    }

    fn rebuild<'a>(&mut self, count: usize, names: impl Iterator<Item = &'a String>) {
        *self = SurnameFilter {
            count,
            ..SurnameFilter::default()
        };
        for n in names {
            if let Some(&b) = n.as_bytes().first() {
                self.first[(b >> 6) as usize] |= 1 << (b & 63);
            }
            self.lens |= Self::len_bit(n.len());
        }
    }

    fn may_contain(&self, w: &str) -> bool {
        let Some(&b) = w.as_bytes().first() else {
            return false;
        };
        self.may_start(b) && self.lens & Self::len_bit(w.len()) != 0
    }

    /// Whether some surname starts with byte `b`.
    fn may_start(&self, b: u8) -> bool {
        self.first[(b >> 6) as usize] & (1 << (b & 63)) != 0
    }
}

/// Capitalized words that start sentences or clauses but are never names.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Or",
    "When",
    "While",
    "As",
    "If",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "His",
    "Her",
    "Their",
    "Our",
    "Some",
    "Both",
    "However",
    "Also",
    "After",
    "Before",
    "Since",
    "With",
    "From",
    "For",
    "Of",
    "To",
    "By",
    "Meanwhile",
    "Still",
    "Yet",
    "So",
    "Then",
    "There",
    "Here",
    "What",
    "Who",
    "Which",
    "Why",
    "How",
    "Where",
    "Many",
    "Most",
    "Other",
    "Others",
    "Such",
    "Each",
    "Every",
    "One",
    "Two",
    "Three",
    "Last",
    "Next",
    "Earlier",
    "Later",
    "Now",
    "Today",
    "Yesterday",
    "Tomorrow",
    "According",
    "Asked",
    "Speaking",
    "Despite",
    "During",
    "Under",
    "Over",
    "Among",
    "Without",
    "Within",
    "Although",
    "Because",
    "Once",
    "Even",
    "Not",
    "No",
    "Instead",
];

/// Head nouns of institution names ("Brookings Institution", "Council on
/// Foreign Relations", "London School of Economics").
const INSTITUTION_HEADS: &[&str] = &[
    "Institution",
    "Institute",
    "University",
    "Council",
    "Center",
    "Centre",
    "Foundation",
    "Endowment",
    "School",
    "College",
    "Committee",
    "Agency",
    "Fund",
    "Academy",
    "Society",
    "Association",
    "Forum",
    "Commission",
    "Party",
];

/// Connectors inside institution names.
const INSTITUTION_LINKS: &[&str] = &["of", "for", "on", "and"];

/// A capitalized institution name at the start of `text` ("Brookings
/// Institution", "Council on Foreign Relations"): its end and text, when
/// one of its words is an institution head noun.
fn institution_name(text: &str) -> Option<(usize, &str)> {
    let mut end = 0usize;
    let mut pos = 0usize;
    let mut has_head = false;
    let mut words = 0;
    while pos < text.len() && words < 8 {
        let rest = &text[pos..];
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '-'))
            .unwrap_or(rest.len());
        if len == 0 {
            break;
        }
        let w = &rest[..len];
        let capital = w.starts_with(char::is_uppercase);
        let link = INSTITUTION_LINKS.contains(&w) && end > 0;
        if !(capital || link) {
            break;
        }
        if capital {
            end = pos + len;
            has_head |= INSTITUTION_HEADS.contains(&w);
        }
        words += 1;
        // Only a single space continues the name.
        if rest[len..].starts_with(' ') {
            pos += len + 1;
        } else {
            break;
        }
    }
    (has_head && end > 0).then(|| (end, &text[..end]))
}

/// Whether a gazetteer body role is a legislature or one of its chambers.
fn is_legislature(role: &str) -> bool {
    [
        "parliament",
        "legislature",
        "house of",
        "Congress",
        "congress",
    ]
    .iter()
    .any(|w| role.contains(w))
}

/// The short name of a chamber as committees are named after it: "House of
/// Representatives" → "House", "U.S. Senate" → "Senate".
fn chamber_short_name(surface: &str) -> &str {
    let s = ["the ", "The ", "U.S. ", "US ", "United States "]
        .iter()
        .fold(surface, |s, p| s.strip_prefix(p).unwrap_or(s));
    s.strip_suffix(" of Representatives").unwrap_or(s)
}

/// Committee names right after a chamber ("’s armed services and foreign
/// affairs committees", " Intelligence Committee"): the subject of each
/// committee ("armed services", "foreign affairs") and the bytes used.
/// Coordinated subjects ("X and Y committees", "X, Y and Z committees")
/// are separate committees; a single one may contain "and" ("homeland
/// security and governmental affairs committee").
pub(crate) fn committee_names(rest: &str) -> Option<(Vec<&str>, usize)> {
    let body = ["’s ", "'s ", "’ ", "' ", " "]
        .iter()
        .find_map(|p| rest.strip_prefix(p))?;
    let off = rest.len() - body.len();
    let mut end = 0usize;
    let mut plural = None;
    for (n, w) in body.split(' ').enumerate() {
        if n > 8 {
            return None;
        }
        let word = w.trim_end_matches([',', '.', ';', ':']);
        if word.eq_ignore_ascii_case("committee") || word.eq_ignore_ascii_case("committees") {
            plural = Some(word.len() == "committees".len());
            break;
        }
        if word.is_empty() || !word.chars().all(|c| c.is_alphabetic() || c == '-') {
            return None;
        }
        if word.len() < w.len() && !w.ends_with(',') {
            return None; // a sentence or clause ends first
        }
        end += w.len() + 1;
    }
    let plural = plural?;
    let subject = body.get(..end.checked_sub(1)?)?.trim_end_matches(',');
    if subject.is_empty() {
        return None;
    }
    let names: Vec<&str> = if plural {
        subject
            .split(", ")
            .flat_map(|p| p.split(" and "))
            .map(|p| p.trim_start_matches("and ").trim())
            .filter(|p| !p.is_empty())
            .collect()
    } else {
        vec![subject]
    };
    let used = off
        + end
        + if plural {
            "committees".len()
        } else {
            "committee".len()
        };
    Some((names, used))
}

/// "armed services" → "Armed Services" (small words stay lowercase).
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, w) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if i > 0 && matches!(w, "and" | "of" | "on" | "for" | "the") {
            out.push_str(w);
            continue;
        }
        let mut c = w.chars();
        if let Some(f) = c.next() {
            out.extend(f.to_uppercase());
            out.push_str(c.as_str());
        }
    }
    out
}

/// The date used to resolve leaders/// The date used to resolve leaders: the document's, else the far future
/// (today's holders: terms without an end).
fn resolve_date(d: Option<Date>) -> Option<Date> {
    d.or_else(|| Date::year(9999).ok())
}

/// Whether a name contains "-led " or "–led " ("Russia-led military
/// alliance"), as `str::contains` would say; most names have no "l"
/// followed by "ed ", so this looks for the "l" first.
fn has_led_suffix(name: &str) -> bool {
    let b = name.as_bytes();
    memchr::memchr_iter(b'l', b).any(|i| {
        b[i..].starts_with(b"led ") && (b[..i].ends_with(b"-") || b[..i].ends_with("–".as_bytes()))
    })
}

pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'
}

impl Doc<'_> {
    fn hit_at(&self, start: u32) -> Option<&super::matcher::Hit> {
        let i = self.hits.partition_point(|h| h.start < start);
        self.hits.get(i).filter(|h| h.start == start)
    }

    /// Skips spaces (not newlines) from `pos`.
    pub(crate) fn skip_spaces(&self, pos: u32) -> u32 {
        // Not a char boundary or past the end: no text, nothing skipped.
        let Some(rest) = self.text.get(pos as usize..) else {
            return pos;
        };
        let n = rest
            .bytes()
            .take_while(|&b| b == b' ' || b == b'\t')
            .count();
        pos + n as u32
    }

    /// Up to `max` capitalized name tokens starting at `pos`, separated by
    /// single spaces; initials ("A.") allowed inside.
    pub(crate) fn name_tokens(&self, pos: u32, end: u32, max: usize) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        let mut p = pos;
        while out.len() < max + 1 && p < end {
            let rest = self.span_text(p, end);
            let Some(first) = rest.chars().next() else {
                break;
            };
            if !first.is_uppercase() {
                break;
            }
            let len = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
            let mut tok = &rest[..len];
            tok = tok.trim_end_matches(['-', '\'', '’']);
            // "Putin’s": drop the possessive.
            if let Some(t) = tok.strip_suffix("’s").or_else(|| tok.strip_suffix("'s")) {
                tok = t;
            }
            let mut tend = p + tok.len() as u32;
            let is_initial = tok.chars().count() == 1 && rest[len..].starts_with('.');
            if is_initial {
                tend += 1;
            } else {
                if tok.chars().count() < 2 || NOT_NAMES.contains(&tok) {
                    break;
                }
                if self
                    .hit_at(p)
                    .is_some_and(|h| !matches!(h.what, What::Cue(Cue::Speech { .. })))
                {
                    break;
                }
            }
            out.push((p, tend));
            if tend as usize != p as usize + len && !is_initial {
                break; // possessive or trailing punctuation ends the name
            }
            let after = self.span_text(tend, end);
            if after.starts_with(' ') && !after.starts_with("  ") {
                p = tend + 1;
            } else {
                break;
            }
        }
        // Drop trailing initials; cap at max.
        while out
            .last()
            .is_some_and(|&(s, e)| self.span_text(s, e).ends_with('.'))
        {
            out.pop();
        }
        out.truncate(max);
        out
    }

    /// The appositive after a name: ", a leading Moscow foreign policy
    /// expert," → its span.
    pub(crate) fn appositive(&self, pos: u32, send: u32) -> Option<(u32, u32)> {
        let rest = self.span_text(pos, send);
        let body = rest.strip_prefix(", ")?;
        let start = pos + 2;
        let stop = body
            .find([',', '“', '"', ';', '(', ')'])
            .unwrap_or(body.len())
            .min(200);
        let mut end = start + body.get(..stop).map_or(0, str::len) as u32;
        let t = self.span_text(start, end);
        let trimmed = t.trim_end_matches(['.', ' ']);
        end = start + trimmed.len() as u32;
        if trimmed.is_empty() || !self.text.is_char_boundary(end as usize) {
            return None;
        }
        let first = trimmed.split(' ').next().unwrap_or("");
        let starts_like_role = matches!(first, "a" | "an" | "the" | "former" | "who" | "one")
            || first.chars().next().is_some_and(char::is_lowercase);
        starts_like_role.then_some((start, end))
    }

    /// The institution named in a span: an organization or body, else the
    /// last country.
    pub(crate) fn affiliation_in(&self, s: u32, e: u32) -> Option<Key> {
        let i = self.hits.partition_point(|h| h.start < s);
        let mut country = None;
        for h in self.hits[i..].iter().take_while(|h| h.end <= e) {
            if let What::Entity { actor, .. } = h.what {
                match self.g.entry_ref(actor) {
                    Some(EntryRef::Organization(_) | EntryRef::Body(_)) => {
                        return Some(Key::Gaz(actor));
                    }
                    Some(EntryRef::Country(_)) => country = Some(Key::Gaz(actor)),
                    _ => {}
                }
            }
        }
        country
    }

    /// The organizations an appositive about a person names (bytes
    /// `s..e`), with the person's relation to each: `member_of` a political
    /// party ("a Tennessee Republican"), `affiliated_with` any other
    /// gazetteer organization or body ("who serves on the House of
    /// Representatives") or institution named in the text ("a senior fellow
    /// at the Brookings Institution", "a researcher at the Council on
    /// Foreign Relations"). Empty when none is named.
    pub(crate) fn appositive_orgs(&mut self, s: u32, e: u32) -> Vec<(Key, RelationKind)> {
        let mut out: Vec<(Key, RelationKind)> = Vec::new();
        let i = self.hits.partition_point(|h| h.start < s);
        let mut covered: Vec<(u32, u32)> = Vec::new();
        // Legislatures followed by committee names ("the House's armed
        // services and foreign affairs committees"): (chamber, its end).
        let mut chambers: Vec<(u32, u32, u32)> = Vec::new();
        let hits = &self.hits[i..];
        for (j, h) in hits.iter().take_while(|h| h.end <= e).enumerate() {
            let What::Entity { actor, .. } = h.what else {
                continue;
            };
            let kind = match self.g.entry_ref(actor) {
                Some(EntryRef::Body(b)) => {
                    let role = self.g.bodies()[b as usize].role.as_deref();
                    if role == Some("political party") {
                        RelationKind::MemberOf
                    } else {
                        if role.is_some_and(is_legislature) {
                            chambers.push((actor, h.start, h.end));
                        }
                        RelationKind::AffiliatedWith
                    }
                }
                Some(EntryRef::Organization(_)) => RelationKind::AffiliatedWith,
                Some(EntryRef::Place(p)) if self.g.place_at(p).kind == "region" => {
                    // "a Tennessee Republican": the region a party member
                    // represents.
                    let party_next = hits.get(j + 1).is_some_and(|n| {
                        n.start == h.end + 1
                            && n.end <= e
                            && self.span_text(h.end, n.start) == " "
                            && matches!(n.what, What::Entity { actor: b, .. }
                                if matches!(self.g.entry_ref(b), Some(EntryRef::Body(bi))
                                    if self.g.bodies()[bi as usize].role.as_deref()
                                        == Some("political party")))
                    });
                    if !party_next {
                        continue;
                    }
                    RelationKind::AffiliatedWith
                }
                _ => continue,
            };
            covered.push((h.start, h.end));
            if !out.iter().any(|o| o.0 == Key::Gaz(actor)) {
                out.push((Key::Gaz(actor), kind));
            }
        }
        // Institutions named in the text: "at the Brookings Institution".
        let text = self.span_text(s, e);
        let mut k = 0usize;
        while let Some(off) = text[k..].find(['a', 'o', 'w', 'f']) {
            let at = k + off;
            k = at + 1;
            let rest = &text[at..];
            let Some(name_start) = ["at the ", "of the ", "with the ", "for the ", "at "]
                .iter()
                .find_map(|p| rest.strip_prefix(p).map(|_| at + p.len()))
            else {
                continue;
            };
            if at > 0 && text[..at].ends_with(|c: char| c.is_alphanumeric()) {
                continue;
            }
            let pos = s + name_start as u32;
            if let Some((name_end, name)) = institution_name(&text[name_start..]) {
                // A gazetteer organization inside it wins ("the US
                // National Security Council"); a place that only opens it
                // does not ("the Stockholm School of Economics").
                let stop = pos + name_end as u32;
                if covered.iter().any(|&(a, b)| a < stop && pos < b) {
                    continue;
                }
                let id = ActorId::slug(name);
                let key = match self.g.index_of(id.as_str()) {
                    Some(g) => Key::Gaz(g),
                    None => match self.person_ids.get(&id) {
                        Some(&p) => Key::Person(p),
                        None => {
                            let actor = Actor::new(id.clone(), ActorKind::Organization, name)
                                .with_details(ActorDetails::Organization { country: None });
                            let p = self.persons.len() as u32;
                            self.persons.push(actor);
                            self.person_ids.insert(id, p);
                            Key::Person(p)
                        }
                    },
                };
                if !out.iter().any(|o| o.0 == key) {
                    out.push((key, RelationKind::AffiliatedWith));
                }
                k = name_start + name_end;
            }
        }
        for (chamber, cs, ce) in chambers {
            let rest = self.span_text(ce, e);
            let Some((names, _)) = committee_names(rest) else {
                continue;
            };
            let short = chamber_short_name(self.span_text(cs, ce));
            let country = self
                .g
                .country_of(chamber)
                .map(|c| self.g.actor_at(c).id.clone());
            for n in names {
                let name = format!("{short} {} Committee", title_case(n));
                let id = ActorId::slug(&name);
                let key = match (self.g.index_of(id.as_str()), self.person_ids.get(&id)) {
                    (Some(g), _) => Key::Gaz(g),
                    (None, Some(&p)) => Key::Person(p),
                    (None, None) => {
                        let actor = Actor::new(id.clone(), ActorKind::Organization, name)
                            .with_details(ActorDetails::Organization {
                                country: country.clone(),
                            });
                        let p = self.persons.len() as u32;
                        self.persons.push(actor);
                        self.person_ids.insert(id, p);
                        Key::Person(p)
                    }
                };
                if !out.iter().any(|o| o.0 == key) {
                    out.push((key, RelationKind::MemberOf));
                }
            }
        }
        out
    }

    /// "northern Kazakhstan", "eastern Ukraine": a region actor ("Northern
    /// Kazakhstan", part of the country) stands for the country named at
    /// `start..end` after a direction adjective. Returns the mention's end.
    fn region_mention(
        &mut self,
        country: u32,
        start: u32,
        end: u32,
        role: NameRole,
    ) -> Option<u32> {
        if role != NameRole::Name
            || !matches!(self.g.entry_ref(country), Some(EntryRef::Country(_)))
        {
            return None;
        }
        if !may_follow_direction(self.text, start as usize) {
            return None;
        }
        let (ws, we) = self.word_before(start).filter(|w| w.1 + 1 == start)?;
        let adj = self.span_text(ws, we);
        if !DIRECTIONS.iter().any(|d| d.eq_ignore_ascii_case(adj)) {
            return None;
        }
        let mut name = String::with_capacity((end - ws) as usize);
        let mut chars = adj.chars();
        name.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        name.push_str(chars.as_str());
        name.push_str(self.span_text(we, end));
        let id = ActorId::slug(&name);
        let country_id = self.g.actor_at(country).id.clone();
        let key = match (self.g.index_of(id.as_str()), self.person_ids.get(&id)) {
            (Some(g), _) => Key::Gaz(g),
            (None, Some(&p)) => Key::Person(p),
            (None, None) => {
                let actor = Actor::new(id.clone(), ActorKind::Region, name).with_details(
                    ActorDetails::Region {
                        part_of: Some(country_id),
                    },
                );
                let p = self.persons.len() as u32;
                self.persons.push(actor);
                self.person_ids.insert(id, p);
                // Part of its country by its first mention.
                self.structural(
                    Key::Person(p),
                    RelationKind::PartOf,
                    Key::Gaz(country),
                    ws,
                    end,
                );
                Key::Person(p)
            }
        };
        self.push_mention(ws, end, key);
        Some(end)
    }

    /// An event named by a noun and the place at `start..end` (gazetteer
    /// actor `place`): "the unrest in X", "the collapse of the Soviet
    /// Union", "the X uprising", "talks between … in Geneva". The event
    /// actor (one per class and place in a document, its surface names as
    /// aliases) is `located_in` the place. When the event stands in the
    /// place's stead (not talks, which the place only locates), its mention
    /// is pushed and the end of its span returned.
    fn event_mention(
        &mut self,
        place: u32,
        start: u32,
        end: u32,
        role: NameRole,
        ss: u32,
        send: u32,
    ) -> Option<u32> {
        if !matches!(
            self.g.entry_ref(place),
            Some(EntryRef::Country(_) | EntryRef::Place(_) | EntryRef::Capital(_))
        ) {
            return None;
        }
        let (class, span, replace) = if role == NameRole::Demonym {
            // "the Kazakh uprising".
            let (ws, we) = self.word_after(end).filter(|w| w.0 == end + 1)?;
            let class = event_class(self.span_text(ws, we))?;
            if matches!(class, EventClass::Meeting | EventClass::Collapse) {
                return None;
            }
            if self
                .span_text(we, send)
                .starts_with(|c: char| c.is_alphanumeric() || c == '-')
            {
                return None;
            }
            (class, (start, we), true)
        } else {
            let mut before = self.span_text(ss, start);
            let region = matches!(self.g.entry_ref(place), Some(EntryRef::Place(p))
                if self.g.place_at(p).kind == "region");
            if region {
                // "an uprising in the eastern Donbass region".
                for d in ["eastern ", "western ", "northern ", "southern ", "central "] {
                    before = before.strip_suffix(d).unwrap_or(before);
                }
            }
            let (head, prep) = ["in the ", "of the ", "in ", "of "]
                .iter()
                .find_map(|p| before.strip_suffix(p).map(|h| (h, *p)))?;
            let head = head.strip_suffix(' ')?;
            let noun = head.rsplit(' ').next().unwrap_or(head);
            let noun_start = ss + (head.len() - noun.len()) as u32;
            if region
                && prep.starts_with("in")
                && UPRISINGS.iter().any(|u| u.eq_ignore_ascii_case(noun))
            {
                return Some(self.uprising_group(place, noun_start, end, send));
            }
            match event_class(noun) {
                Some(EventClass::Collapse) if prep.starts_with("of") => {
                    (EventClass::Collapse, (noun_start, end), true)
                }
                Some(c) if prep.starts_with("in") && c != EventClass::Collapse => {
                    (c, (noun_start, end), c != EventClass::Meeting)
                }
                _ if prep.starts_with("in") => {
                    // "talks between senior US and Russian officials in Geneva".
                    let mut from = head.len().saturating_sub(80);
                    while !head.is_char_boundary(from) {
                        from += 1;
                    }
                    let window = &head[from..];
                    // No phrase in the window, none in its last clause (a
                    // suffix of it): skip cutting the clause off.
                    first_talks(window)?;
                    let window = window.rsplit([',', ';', '“', '”', '"', '(']).next()?;
                    let k = first_talks(window)?;
                    let s0 = ss + (head.len() - window.len() + k) as u32;
                    (EventClass::Meeting, (s0, end), false)
                }
                _ => return None,
            }
        };
        let name = self.span_text(span.0, span.1).to_string();
        let key = self.event_actor(class, Key::Gaz(place), name, None, span);
        if !replace {
            return None;
        }
        self.push_mention(span.0, span.1, key);
        Some(span.1)
    }

    /// Finds or creates the event of `class` at `place` (one per class and
    /// place in a document; other names become aliases), `located_in` the
    /// place by the evidence of its first mention `span`.
    fn event_actor(
        &mut self,
        class: EventClass,
        place_key: Key,
        name: String,
        date: Option<Date>,
        span: (u32, u32),
    ) -> Key {
        if let Some(&k) = self.coref.events.get(&(class, place_key)) {
            if let Key::Person(i) = k {
                let a = &mut self.persons[i as usize];
                if !a.names().any(|n| n.eq_ignore_ascii_case(&name)) {
                    a.aliases.push(name);
                }
            }
            return k;
        }
        let id = ActorId::slug(&name);
        let k = match self.person_ids.get(&id) {
            Some(&i) => Key::Person(i),
            None => {
                let actor = Actor::new(id.clone(), ActorKind::Event, name).with_details(
                    ActorDetails::Event {
                        date,
                        location: Some(self.id(place_key)),
                    },
                );
                let i = self.persons.len() as u32;
                self.persons.push(actor);
                self.person_ids.insert(id, i);
                Key::Person(i)
            }
        };
        self.coref.events.insert((class, place_key), k);
        // Located by its first mention.
        self.structural(k, RelationKind::LocatedIn, place_key, span.0, span.1);
        k
    }

    /// "an uprising in the eastern Donbass region": the people who rose up
    /// are a separatist organization of the region (its name from the
    /// region: "Donbas separatists"), `located_in` it and in conflict with
    /// the state the region belongs to. The group's mention covers the
    /// phrase; returns its end.
    fn uprising_group(&mut self, region: u32, start: u32, end: u32, send: u32) -> u32 {
        let end = if self.span_text(end, send).starts_with(" region") {
            end + " region".len() as u32
        } else {
            end
        };
        let k = self.group(GroupClass::Separatists, Key::Gaz(region), None);
        self.structural(k, RelationKind::LocatedIn, Key::Gaz(region), start, end);
        if let Some(c) = self.g.country_of(region).filter(|&c| c != region) {
            let key = (
                k,
                RelationKind::InConflictWith as u8,
                Key::Gaz(c),
                None,
                Modality::Fact as u8,
                false,
            );
            let span = Span { start, end };
            if !self.merge_relation(key, UPRISING_CONFLICT, None, span) {
                let r = Relation::new(
                    self.id(k),
                    RelationKind::InConflictWith,
                    self.id(Key::Gaz(c)),
                )
                .with_confidence(UPRISING_CONFLICT)
                .with_evidence(self.evidence(start, end));
                self.push_relation(k, Key::Gaz(c), None, r);
            }
        }
        self.push_mention(start, end, k);
        end
    }

    /// The first demonym of a gazetteer country.
    fn demonym(&self, c: u32) -> Option<&str> {
        match self.g.entry_ref(c)? {
            EntryRef::Country(ci) => self.g.countries()[ci as usize]
                .demonyms
                .first()
                .map(String::as_str),
            _ => None,
        }
    }

    /// The form of a country in compounds: "Russo", else its demonym.
    fn combining_form(&self, c: u32) -> Option<&str> {
        if let Some(EntryRef::Country(ci)) = self.g.entry_ref(c) {
            let iso = self.g.countries()[ci as usize].iso3.as_str();
            if let Some(&(_, f)) = COMBINING_FORMS.iter().find(|(i, _)| *i == iso) {
                return Some(f);
            }
        }
        self.demonym(c)
    }

    /// A year stated in sentence `si` ("In 2008 …", "… in 2020, when"):
    /// the first "in YYYY" (1900–2100).
    fn sentence_year(&self, si: usize) -> Option<i32> {
        let s = self.sentences[si];
        let b = self.text.as_bytes().get(s.start..s.end)?;
        // "in " (any case, a word of its own) and four digits, not more.
        let mut k = 0;
        while k + 7 <= b.len() {
            if b[k + 2] == b' '
                && b[k + 1] == b'n'
                && (b[k] == b'i' || b[k] == b'I')
                && (k == 0 || !b[k - 1].is_ascii_alphanumeric())
                && b[k + 3..k + 7].iter().all(u8::is_ascii_digit)
                && !b.get(k + 7).is_some_and(u8::is_ascii_alphanumeric)
            {
                let y = b[k + 3..k + 7]
                    .iter()
                    .fold(0i32, |y, d| y * 10 + i32::from(d - b'0'));
                if (1900..=2100).contains(&y) {
                    return Some(y);
                }
            }
            k += 1;
        }
        None
    }

    /// The mention right before `pos` in this sentence (from `first_m`)
    /// separated from it by `gap` only.
    fn mention_before(&self, first_m: usize, pos: u32, gaps: &[&str]) -> Option<Mention> {
        self.mentions[first_m..]
            .iter()
            .rev()
            .find(|m| m.end <= pos && m.pronoun.is_none() && m.key != UNRESOLVED)
            .filter(|m| gaps.contains(&self.span_text(m.end, pos)))
            .copied()
    }

    /// The country a mention stands for (a leader's, a capital's).
    fn mention_country(&self, m: &Mention) -> Option<u32> {
        match m.key {
            Key::Gaz(a) => self.g.country_of(a),
            Key::Person(_) => None,
        }
    }

    /// An invasion with a stated year ("In 2008 Russia invaded Georgia",
    /// "the Soviet invasion of Afghanistan in 1979") is an event located in
    /// the invaded country: "Russian invasion of Georgia (2008)", also
    /// named "2008 Russo-Georgian war" when the invader is known. Without
    /// a year the invasion is only a relation.
    fn invasion_event(&mut self, si: usize, ti: usize, h1: usize, first_m: usize) {
        let t = self.hits[ti];
        let trig = self.span_text(t.start, t.end);
        let noun = trig.starts_with("invasion");
        if !noun {
            // Active verbs only: "was invaded by" names the invader after.
            let before = self.span_text(self.sentences[si].start as u32, t.start);
            if ["was ", "were ", "been ", "be ", "being "]
                .iter()
                .any(|w| before.ends_with(w))
            {
                return;
            }
        }
        // The invaded country right after ("invaded Georgia", "invasion of Iraq").
        let mut at = self.skip_spaces(t.end);
        if noun && !trig.ends_with(" of") {
            if !self.span_text(at, at + 3).eq("of ") {
                return;
            }
            at += 3;
        }
        let Some(n) = self
            .hits
            .get(ti + 1)
            .filter(|n| ti + 1 < h1 && n.start == at)
        else {
            return;
        };
        let What::Entity { actor: p, role } = n.what else {
            return;
        };
        if role != NameRole::Name
            || self.g.country_of(p) != Some(p)
            || self
                .coref
                .events
                .contains_key(&(EventClass::War, Key::Gaz(p)))
        {
            return;
        }
        let Some(year) = self.sentence_year(si) else {
            return;
        };
        // The invader: right before the verb, or a possessive or demonym
        // before the noun ("Russia's invasion", "the Soviet invasion").
        let gaps: &[&str] = if noun { &[" ", "’s ", "'s "] } else { &[" "] };
        let invader = self
            .mention_before(first_m, t.start, gaps)
            .and_then(|m| self.mention_country(&m))
            .filter(|&c| c != p);
        let place = self.g.actor_at(p).name.clone();
        let mut names = Vec::with_capacity(2);
        match invader.and_then(|c| self.demonym(c)) {
            Some(d) => names.push(format!("{d} invasion of {place} ({year})")),
            None => names.push(format!("invasion of {place} ({year})")),
        }
        if let (Some(a), Some(b)) = (
            invader.and_then(|c| self.combining_form(c)),
            self.demonym(p),
        ) {
            names.push(format!("{year} {a}-{b} war"));
        }
        let date = Date::year(year).ok();
        let span = (t.start, n.end);
        for name in names {
            self.event_actor(EventClass::War, Key::Gaz(p), name, date, span);
        }
    }

    /// "a war with Azerbaijan" in a sentence naming a region of Azerbaijan
    /// ("the disputed Nagorno-Karabakh area"): a war over that region, an
    /// event located in it ("2020 Nagorno-Karabakh war" with the year of
    /// the sentence).
    fn war_with_event(&mut self, si: usize, country: u32, first_m: usize, s: u32, e: u32) {
        if self.g.country_of(country) != Some(country) {
            return;
        }
        let region = self.mentions[first_m..].iter().find_map(|m| match m.key {
            Key::Gaz(a) => matches!(self.g.entry_ref(a), Some(EntryRef::Place(p))
                if self.g.place_at(p).kind == "region" && self.g.country_of(a) == Some(country))
            .then_some(a),
            Key::Person(_) => None,
        });
        let Some(r) = region else {
            return;
        };
        if self
            .coref
            .events
            .contains_key(&(EventClass::War, Key::Gaz(r)))
        {
            return;
        }
        let year = self.sentence_year(si);
        let region_name = &self.g.actor_at(r).name;
        let name = match year {
            Some(y) => format!("{y} {region_name} war"),
            None => format!("{region_name} war"),
        };
        let date = year.and_then(|y| Date::year(y).ok());
        self.event_actor(EventClass::War, Key::Gaz(r), name, date, (s - 9, e));
    }

    /// A decided or planned deployment named as a noun phrase ("Russia's
    /// decision to send paratroopers to Kazakhstan", "Turkey's plan to
    /// deploy troops to Libya") is an event located in the destination:
    /// "Russian paratrooper deployment to Kazakhstan", also "Russian
    /// intervention in Kazakhstan".
    fn deployment_event(&mut self, ti: usize, h1: usize, first_m: usize, send: u32) {
        let t = self.hits[ti];
        let mut from = t.start.saturating_sub(40);
        while !self.text.is_char_boundary(from as usize) {
            from += 1;
        }
        let before = self.span_text(from, t.start);
        let Some(head) = [
            "decision to ",
            "plan to ",
            "plans to ",
            "order to ",
            "move to ",
        ]
        .iter()
        .find_map(|p| before.strip_suffix(p)) else {
            return;
        };
        let word = head.rsplit(' ').next().unwrap_or(head);
        let noun_start = t.start - (before.len() - head.len() + word.len()) as u32;
        let Some(agent) = self
            .mention_before(first_m, noun_start, &["’s ", "'s "])
            .and_then(|m| self.mention_country(&m))
        else {
            return;
        };
        // "send paratroopers to Kazakhstan".
        let rest = self.span_text(t.end, send);
        let Some(r) = rest.strip_prefix(' ') else {
            return;
        };
        let unit = r.split(' ').next().unwrap_or("");
        if !FORCE_NOUNS.contains(&unit) || !unit.ends_with('s') {
            return;
        }
        let Some(r2) = r[unit.len()..].strip_prefix(" to ") else {
            return;
        };
        let at = t.end + (rest.len() - r2.len()) as u32;
        let Some(n) = self.hits[ti + 1..h1]
            .iter()
            .find(|n| n.start == at)
            .copied()
        else {
            return;
        };
        let What::Entity {
            actor: p,
            role: NameRole::Name,
        } = n.what
        else {
            return;
        };
        if self.g.country_of(p) != Some(p)
            || p == agent
            || self
                .coref
                .events
                .contains_key(&(EventClass::Intervention, Key::Gaz(p)))
        {
            return;
        }
        let Some(dem) = self.demonym(agent).map(str::to_string) else {
            return;
        };
        let place = self.g.actor_at(p).name.clone();
        let unit = unit.strip_suffix('s').unwrap_or(unit);
        let span = (noun_start, n.end);
        for name in [
            format!("{dem} {unit} deployment to {place}"),
            format!("{dem} intervention in {place}"),
        ] {
            self.event_actor(EventClass::Intervention, Key::Gaz(p), name, None, span);
        }
    }

    /// Rulers named by a common noun ("autocrats", "the junta") are the
    /// government of a country: of the demonym or place that anchors them
    /// ("Kazakh autocrats", "the junta in Niger"), or after "ruled by" /
    /// "governed by" of the country the clause is about (the last country
    /// mentioned before the verb in the sentence), which the government
    /// then `leads` ("Kazakhstan has been ruled by autocrats"). Returns the
    /// government group.
    fn rulers(&mut self, anchor: Option<Key>, start: u32, end: u32, first_m: usize) -> Option<Key> {
        if let Some(a) = anchor {
            let c = self.country_key(a)?;
            return Some(self.group(GroupClass::Government, Key::Gaz(c), None));
        }
        let before = self.span_text(start.saturating_sub(14), start);
        let before = ["a ", "an ", "the "]
            .iter()
            .find_map(|a| before.strip_suffix(a))
            .unwrap_or(before);
        let v = ["ruled by ", "governed by "]
            .iter()
            .find(|v| before.ends_with(**v))?;
        let vs = start
            - (self.span_text(start.saturating_sub(14), start).len() - before.len() + v.len())
                as u32;
        let c = self.mentions[first_m..]
            .iter()
            .rev()
            .filter(|m| m.end <= vs && m.pronoun.is_none())
            .find_map(|m| match m.key {
                Key::Gaz(a) if self.g.country_of(a) == Some(a) => Some(a),
                _ => None,
            })?;
        let k = self.group(GroupClass::Government, Key::Gaz(c), None);
        let key = (
            k,
            RelationKind::Leads as u8,
            Key::Gaz(c),
            None,
            Modality::Fact as u8,
            false,
        );
        let span = Span { start: vs, end };
        if !self.merge_relation(key, RULED_BY, None, span) {
            let r = Relation::new(self.id(k), RelationKind::Leads, self.id(Key::Gaz(c)))
                .with_confidence(RULED_BY)
                .with_evidence(self.evidence(vs, end));
            self.push_relation(k, Key::Gaz(c), None, r);
        }
        Some(k)
    }

    /// A year stated right after `pos` (" in 2020"): the year and the end
    /// of the phrase.
    fn year_after(&self, pos: u32, send: u32) -> Option<(i32, u32)> {
        let rest = self.span_text(pos, send);
        let r = rest.strip_prefix(" in ")?;
        let digits = r.get(..4)?;
        if !digits.bytes().all(|b| b.is_ascii_digit())
            || r[4..].starts_with(|c: char| c.is_alphanumeric())
        {
            return None;
        }
        let y: i32 = digits.parse().ok()?;
        (1900..=2100)
            .contains(&y)
            .then_some((y, pos + (rest.len() - r.len()) as u32 + 4))
    }

    /// Finds or creates the person named by `tokens`.
    pub(crate) fn person(
        &mut self,
        tokens: &[(u32, u32)],
        role: Option<String>,
        affiliation: Option<Key>,
        description: Option<String>,
    ) -> Option<Key> {
        let (&(s, _), &(_, e)) = (tokens.first()?, tokens.last()?);
        let surname = self.span_text(tokens.last()?.0, e);
        if tokens.len() == 1 {
            return self.surnames.get(surname).map(|&i| Key::Person(i));
        }
        let name = self.span_text(s, e);
        if let Some(&k) = self.coref.persons_by_name.get(name) {
            return Some(k);
        }
        let key = self.person_by_name(tokens, name, surname, role, affiliation, description);
        self.coref.persons_by_name.insert(name.into(), key);
        Some(key)
    }

    /// [`Doc::person`] for a name of two or more tokens, `name`, not
    /// looked up before.
    fn person_by_name(
        &mut self,
        tokens: &[(u32, u32)],
        name: &str,
        surname: &str,
        role: Option<String>,
        affiliation: Option<Key>,
        description: Option<String>,
    ) -> Key {
        let id = ActorId::slug(name);
        if let Some(i) = self.g.index_of(id.as_str()) {
            return Key::Gaz(i);
        }
        if let Some(&i) = self.person_ids.get(&id) {
            return Key::Person(i);
        }
        // A transliteration variant of a gazetteer leader ("Zelenskyi").
        let first = self.span_text(tokens[0].0, tokens[0].1);
        for li in self.g.leader_indices() {
            let l = self.g.actor_at(li);
            let (Some(lf), Some(ll)) = (l.name.split(' ').next(), l.name.rsplit(' ').next()) else {
                continue;
            };
            if lf == first && ll.len() >= 5 && surname.len() >= 5 && ll.get(..5) == surname.get(..5)
            {
                return Key::Gaz(li);
            }
        }
        let aff_id = affiliation.map(|k| self.id(k));
        let mut actor = Actor::new(id.clone(), ActorKind::Person, name)
            .with_details(ActorDetails::Person {
                role,
                affiliation: aff_id,
            })
            .with_aliases([surname.to_string()]);
        if let Some(d) = description {
            actor = actor.with_description(d);
        }
        let i = self.persons.len() as u32;
        self.persons.push(actor);
        self.person_ids.insert(id, i);
        self.surnames.entry(surname.to_string()).or_insert(i);
        Key::Person(i)
    }

    fn push_mention(&mut self, start: u32, end: u32, key: Key) {
        self.mentions.push(Mention {
            start,
            end,
            key,
            speaker: false,
            pronoun: None,
        });
        self.leader_leads(key, start, end);
        if matches!(
            self.actor(key).kind(),
            ActorKind::Person | ActorKind::Leader
        ) {
            self.last_person = Some(key);
        }
    }

    /// A leader in a head office on the document's date leads the country.
    fn leader_leads(&mut self, key: Key, start: u32, end: u32) {
        if let (Key::Gaz(li), Some(date)) = (key, self.date) {
            if !matches!(self.g.entry_ref(li), Some(EntryRef::Leader(_))) {
                return;
            }
            // Precomputed in the gazetteer: no allocation, no cache needed.
            if let Some(c) = self.g.headed_country(li, date) {
                self.structural(key, RelationKind::Leads, Key::Gaz(c), start, end);
            }
            // "Secretary of State Antony Blinken" heads the State Department
            // (evidence: the first mention).
            if let std::collections::hash_map::Entry::Vacant(v) = self.coref.ministry.entry(li) {
                let ministry = *v.insert(self.g.headed_ministry(li, date));
                if let Some(b) = ministry {
                    self.coref.ministers.push((li, start, end));
                    self.structural(key, RelationKind::Leads, Key::Gaz(b), start, end);
                }
            }
        }
    }

    fn structural(&mut self, src: Key, kind: RelationKind, dst: Key, s: u32, e: u32) {
        if !self.opts.structural_relations {
            return;
        }
        // Leaders are mentioned again and again: merge before building.
        let key = (src, kind as u8, dst, None, Modality::Fact as u8, false);
        if self.merge_relation(key, 0.9, None, Span { start: s, end: e }) {
            return;
        }
        let r = Relation::new(self.id(src), kind, self.id(dst))
            .with_confidence(0.9)
            .with_evidence(self.evidence(s, e));
        self.push_relation(src, dst, None, r);
    }

    /// "Russia-led military alliance" → the alliance Russia leads.
    fn led_alliance(&self, actor: u32, end: u32, send: u32) -> Option<(u32, u32)> {
        let rest = self.span_text(end, send);
        let after = rest
            .strip_prefix("-led ")
            .or_else(|| rest.strip_prefix("–led "))?;
        let c = self.g.country_of(actor)?;
        if self.g.entry_ref(actor) != self.g.entry_ref(c) {
            return None;
        }
        let mut pos = end + (rest.len() - after.len()) as u32;
        for w in after.split(' ').take(4) {
            let wl = w.trim_end_matches(|c: char| !c.is_alphanumeric());
            pos += w.len() as u32;
            let l = wl.to_ascii_lowercase();
            if [
                "alliance",
                "bloc",
                "coalition",
                "organization",
                "organisation",
                "pact",
            ]
            .contains(&l.as_str())
            {
                let org = self.g.led_by(c)?;
                return Some((pos - (w.len() - wl.len()) as u32, org));
            }
            pos += 1;
        }
        None
    }

    /// [`Gazetteer::leader_index_of`] for the office of title `tidx` in
    /// country `c` on `date` (the document's, fixed for a document),
    /// remembered: a title names the same office again and again.
    fn title_leader(&mut self, c: u32, tidx: u16, date: Date) -> Option<u32> {
        let office = TITLES[tidx as usize].2;
        *self
            .coref
            .title_leaders
            .entry((c, tidx))
            .or_insert_with(|| self.g.leader_index_of(c, office, date))
    }

    /// Handles a title hit (with an optional country qualifier before it);
    /// returns the index of the next hit to look at.
    fn title_mention(
        &mut self,
        qual: Option<(u32, u32)>,
        ti: usize,
        hend: usize,
        send: u32,
    ) -> usize {
        let t = self.hits[ti];
        let What::Cue(Cue::Title(tidx)) = t.what else {
            return ti + 1;
        };
        let (_, head, office) = TITLES[tidx as usize];
        let start = qual.map_or(t.start, |q| q.1);
        let after = self.skip_spaces(t.end);
        let Some(date) = resolve_date(self.date) else {
            return ti + 1;
        };
        // A gazetteer leader right after the title.
        if let Some(n) = self
            .hits
            .get(ti + 1)
            .filter(|n| ti + 1 < hend && n.start == after)
        {
            if let What::Entity { actor, .. } = n.what {
                if let Some(EntryRef::Leader(_)) = self.g.entry_ref(actor) {
                    let (nend, key) = (n.end, Key::Gaz(actor));
                    self.push_mention(start, nend, key);
                    if let Some((c, _)) = qual {
                        if head && self.g.country_of(actor) == Some(c) {
                            self.structural(key, RelationKind::Leads, Key::Gaz(c), start, nend);
                        }
                    }
                    return ti + 2;
                }
            }
        }
        // A name in the text right after the title.
        let toks = self.name_tokens(after, send, 3);
        let known_surname = toks.len() == 1
            && self
                .surnames
                .contains_key(self.span_text(toks[0].0, toks[0].1));
        if toks.len() >= 2 || known_surname {
            let name_end = toks[toks.len() - 1].1;
            let role = self.span_text(start, t.end).to_string();
            let apposition = self.appositive(name_end, send);
            let desc = apposition.map(|(a, b)| self.span_text(a, b).to_string());
            // An institution in the appositive is more specific than the
            // title's country ("US MP X, who serves on the House …").
            let orgs = apposition.map_or(Vec::new(), |(a, b)| self.appositive_orgs(a, b));
            let org_aff = orgs
                .iter()
                .find(|o| o.1 == RelationKind::AffiliatedWith)
                .map(|o| o.0);
            let aff = org_aff.or(qual.map(|q| Key::Gaz(q.0)));
            if let Some(key) = self.person(&toks, Some(role), aff, desc) {
                self.push_mention(start, name_end, key);
                if let (Key::Person(_), Some((_, b))) = (key, apposition) {
                    for &(o, kind) in &orgs {
                        self.structural(key, kind, o, start, b);
                    }
                }
                if let Some(c) = aff.filter(|_| org_aff.is_none()) {
                    let kind = if head && matches!(key, Key::Gaz(_)) {
                        RelationKind::Leads
                    } else {
                        RelationKind::AffiliatedWith
                    };
                    if kind == RelationKind::Leads || matches!(key, Key::Person(_)) {
                        self.structural(key, kind, c, start, name_end);
                    }
                }
                let mut j = ti + 1;
                while j < hend && self.hits[j].start < name_end {
                    j += 1;
                }
                return j;
            }
        }
        if !head && office.is_empty() {
            return ti + 1;
        }
        // "the president of Kazakhstan", "the leader of Ukraine".
        let rest = self.span_text(after, send);
        let prep = ["of the ", "in the ", "of ", "in "]
            .iter()
            .find(|p| rest.starts_with(**p));
        if let (None, Some(p)) = (qual, prep) {
            let cpos = after + p.len() as u32;
            if let Some(n) = self
                .hits
                .get(ti + 1)
                .filter(|n| ti + 1 < hend && n.start == cpos)
                .copied()
            {
                if let What::Entity {
                    actor,
                    role: NameRole::Name,
                } = n.what
                {
                    if matches!(self.g.entry_ref(actor), Some(EntryRef::Country(_))) {
                        if let Some(l) = self.title_leader(actor, tidx, date) {
                            self.push_mention(t.start, n.end, Key::Gaz(l));
                            return ti + 2;
                        }
                    }
                }
            }
        }
        // "Kazakh President" without a name.
        if let Some((c, qs)) = qual {
            match self.title_leader(c, tidx, date) {
                Some(l) if head || !office.is_empty() => {
                    self.push_mention(start, t.end, Key::Gaz(l))
                }
                _ => self.push_mention(qs, t.end, Key::Gaz(c)),
            }
        }
        ti + 1
    }

    /// Builds the mentions of sentence `si`.
    pub(crate) fn sentence_mentions(&mut self, si: usize) {
        let s = self.sentences[si];
        let send = s.end as u32;
        let (h0, h1) = self.sent_hits[si];
        let (h0, h1) = (h0 as usize, h1 as usize);
        let first_m = self.mentions.len();
        let mut i = h0;
        while i < h1 {
            let hit = self.hits[i];
            match hit.what {
                What::Entity { actor, role } => {
                    if let Some((end, org)) = self.led_alliance(actor, hit.end, send) {
                        self.push_mention(hit.start, end, Key::Gaz(org));
                        // "a Russia-led alliance": Russia leads it.
                        if let Some(c) = self.g.country_of(actor) {
                            self.structural(
                                Key::Gaz(c),
                                RelationKind::Leads,
                                Key::Gaz(org),
                                hit.start,
                                end,
                            );
                        }
                        i += 1;
                        while i < h1 && self.hits[i].start < end {
                            i += 1;
                        }
                        continue;
                    }
                    let country = self.g.country_of(actor).filter(|&c| c == actor);
                    let next = self.hits.get(i + 1).filter(|n| {
                        i + 1 < h1 && self.skip_spaces(hit.end) == n.start && n.start > hit.end
                    });
                    if let (Some(c), Some(n)) = (country, next) {
                        match n.what {
                            What::Cue(Cue::Title(_)) if role != NameRole::DemonymPlural => {
                                i = self.title_mention(Some((c, hit.start)), i + 1, h1, send);
                                continue;
                            }
                            What::Entity { actor: b, .. }
                                if matches!(self.g.entry_ref(b), Some(EntryRef::Body(_)))
                                    && self.g.country_of(b) != Some(c) =>
                            {
                                // "the Russian State Department": the qualifier's
                                // body of that role, else its state.
                                let nend = n.end;
                                let k = self.g.counterpart_body(b, c).unwrap_or(c);
                                self.push_mention(hit.start, nend, Key::Gaz(k));
                                i += 2;
                                continue;
                            }
                            _ => {}
                        }
                    }
                    if let Some(end) = self.leader_government(actor, hit.start, hit.end, send) {
                        i += 1;
                        while i < h1 && self.hits[i].start < end {
                            i += 1;
                        }
                        continue;
                    }
                    if !self.attributive_only(hit.start, hit.end, role) {
                        // "northern Kazakhstan": a region of the country.
                        if let Some(end) = self.region_mention(actor, hit.start, hit.end, role) {
                            i += 1;
                            while i < h1 && self.hits[i].start < end {
                                i += 1;
                            }
                            continue;
                        }
                        // "the unrest in Kazakhstan", "the Kazakh uprising":
                        // an event at the place stands for it.
                        if let Some(end) = self.event_mention(
                            actor,
                            hit.start,
                            hit.end,
                            role,
                            s.start as u32,
                            send,
                        ) {
                            i += 1;
                            while i < h1 && self.hits[i].start < end {
                                i += 1;
                            }
                            continue;
                        }
                        self.push_mention(hit.start, hit.end, Key::Gaz(actor));
                        let s0 = hit.start as usize;
                        if s0 >= 9 && self.text.as_bytes()[s0 - 9..s0] == *b"war with " {
                            self.war_with_event(si, actor, first_m, hit.start, hit.end);
                        }
                        // A gazetteer name like "Russia-led military alliance".
                        let text = self.span_text(hit.start, hit.end);
                        if has_led_suffix(text) {
                            if let Some(c) = self.g.leading_state(actor) {
                                self.structural(
                                    Key::Gaz(c),
                                    RelationKind::Leads,
                                    Key::Gaz(actor),
                                    hit.start,
                                    hit.end,
                                );
                            }
                        }
                        if let (Some(EntryRef::Capital(_)), Some(c)) =
                            (self.g.entry_ref(actor), self.g.country_of(actor))
                        {
                            self.structural(
                                Key::Gaz(actor),
                                RelationKind::LocatedIn,
                                Key::Gaz(c),
                                hit.start,
                                hit.end,
                            );
                        }
                    }
                }
                What::Cue(Cue::Title(_)) => {
                    i = self.title_mention(None, i, h1, send);
                    continue;
                }
                What::Cue(Cue::Group(class)) => {
                    i = self.group_mention(class, si, i, h1, first_m, send);
                    continue;
                }
                What::Cue(Cue::Definite(d)) => {
                    i = self.definite_mention(d, si, i, h1, send);
                    continue;
                }
                What::Trigger(t)
                    if t.form == super::lexicon::Form::Noun
                        && t.kind == RelationKind::ProtestsAgainst =>
                {
                    self.protest_mention(i, first_m, send);
                }
                What::Trigger(t) if t.kind == RelationKind::Invades => {
                    self.invasion_event(si, i, h1, first_m);
                }
                What::Trigger(t)
                    if t.kind == RelationKind::DeploysForcesTo
                        && t.needs == super::lexicon::Needs::Forces =>
                {
                    self.deployment_event(i, h1, first_m, send);
                }
                _ => {}
            }
            i += 1;
        }
        if !self.surnames.is_empty() {
            self.coref_surnames(s.start as u32, send, first_m);
        }
        let has_trigger = self.hits[h0..h1]
            .iter()
            .any(|h| matches!(h.what, What::Trigger(_)));
        if has_trigger {
            self.pronoun_mentions(s.start as u32, send, first_m);
        }
        self.mentions[first_m..].sort_by_key(|m| m.start);
        self.sent_mentions
            .push((first_m as u32, self.mentions.len() as u32));
    }

    /// "the Biden administration", "the Johnson government": a government
    /// group named after a gazetteer leader. Returns the end of the phrase.
    fn leader_government(&mut self, actor: u32, start: u32, end: u32, send: u32) -> Option<u32> {
        if !matches!(self.g.entry_ref(actor), Some(EntryRef::Leader(_))) {
            return None;
        }
        let rest = self.span_text(end, send);
        let noun = ["administration", "government"]
            .into_iter()
            .find(|n| rest.strip_prefix(' ').is_some_and(|r| r.starts_with(n)))?;
        let gend = end + 1 + noun.len() as u32;
        if self
            .span_text(gend, send)
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        {
            return None;
        }
        let surname = self.span_text(start, end).rsplit(' ').next().unwrap_or("");
        let name = format!("{surname} {noun}");
        let key = self.group(GroupClass::Government, Key::Gaz(actor), Some(name));
        self.push_mention(start, gend, key);
        if let Some(c) = self.date.and_then(|d| self.g.headed_country(actor, d)) {
            if !self.coref.administrations.iter().any(|a| a.1 == key) {
                self.coref.administrations.push((actor, key, c));
            }
        }
        // The leader heads the administration (and the state, if in office).
        self.leader_leads(Key::Gaz(actor), start, end);
        self.structural(Key::Gaz(actor), RelationKind::Leads, key, start, gend);
        Some(gend)
    }

    /// Ministers in office belong to the administration of their
    /// country's leader in office that the text names ("Secretary of
    /// State Antony Blinken" and "the Biden administration"); evidence is
    /// the minister's first mention. Run once, after all sentences.
    pub(crate) fn administration_members(&mut self) {
        let admins = std::mem::take(&mut self.coref.administrations);
        let ministers = std::mem::take(&mut self.coref.ministers);
        for &(leader, admin, c) in &admins {
            for &(li, s, e) in &ministers {
                if li != leader && self.g.country_of(li) == Some(c) {
                    self.structural(Key::Gaz(li), RelationKind::MemberOf, admin, s, e);
                }
            }
        }
    }

    /// The role of the gazetteer name at the start of a mention.
    fn name_role(&self, m: &Mention) -> Option<NameRole> {
        match self.hit_at(m.start)?.what {
            What::Entity { role, .. } => Some(role),
            _ => None,
        }
    }

    /// The country a gazetteer actor belongs to (a city's, a leader's).
    pub(crate) fn country_key(&self, k: Key) -> Option<u32> {
        match k {
            Key::Gaz(i) if k != UNRESOLVED => self.g.country_of(i),
            Key::Gaz(_) => None,
            // A group belongs to its country.
            Key::Person(i) => match &self.persons[i as usize].details {
                ActorDetails::Organization { country: Some(c) } => self.g.index_of(c.as_str()),
                _ => None,
            },
        }
    }

    /// Index of the first mention of sentence `si - back` (or of the
    /// current sentence's first mention `first_m` when it is the first).
    fn window_start(&self, si: usize, back: usize) -> usize {
        if si == 0 {
            0
        } else {
            self.sent_mentions[si.saturating_sub(back)].0 as usize
        }
    }

    /// The country in focus at `pos`: the country of the most recent actor
    /// mention before it in this sentence or the previous few.
    ///
    /// A definite description is not its own clause's subject ("Poland
    /// backed the country" is not Poland): an actor of the same sentence
    /// with no comma or clause word before `pos` is passed over, unless it
    /// is a group (protesters belong to the country whose government they
    /// face).
    fn focus_country(&self, si: usize, pos: u32) -> Option<u32> {
        let from = self.window_start(si, DEFINITE_WINDOW);
        let ss = self.sentences[si].start as u32;
        let mut cands: Vec<(u32, u32, bool, u32)> = self.mentions[from..]
            .iter()
            .filter(|m| m.start < pos && m.pronoun.is_none())
            .filter_map(|m| {
                Some((
                    m.start,
                    m.end,
                    self.is_group(m.key),
                    self.country_key(m.key)?,
                ))
            })
            .collect();
        cands.sort_unstable_by_key(|c| std::cmp::Reverse(c.0));
        cands
            .into_iter()
            .find(|&(s, e, group, _)| {
                if group || s < ss || e > pos {
                    return true;
                }
                let gap = self.span_text(e, pos);
                gap.contains([',', ';', '('])
                    || self.func_words(e, pos, Func::Clause).next().is_some()
            })
            .map(|c| c.3)
    }

    /// "in Belarus", "in eastern Ukraine", "in the capital Minsk" right
    /// after `pos`: the place (a country for a capital).
    fn place_after(&self, pos: u32, send: u32) -> Option<(Key, u32)> {
        let rest = self.span_text(pos, send);
        let mut r = rest.strip_prefix(" in ")?;
        r = r.strip_prefix("the ").unwrap_or(r);
        for d in ["eastern ", "western ", "northern ", "southern ", "central "] {
            r = r.strip_prefix(d).unwrap_or(r);
        }
        let at = pos + (rest.len() - r.len()) as u32;
        let h = self.hit_at(at)?;
        let key = match h.what {
            What::Entity { actor, role } if role != NameRole::Demonym => {
                match self.g.entry_ref(actor) {
                    Some(EntryRef::Capital(_)) => self.g.country_of(actor).map(Key::Gaz),
                    Some(EntryRef::Leader(_) | EntryRef::Body(_) | EntryRef::Organization(_)) => {
                        None
                    }
                    _ => Some(Key::Gaz(actor)),
                }
            }
            _ => None,
        }?;
        Some((key, h.end))
    }

    /// The name of a group of `class` anchored on `anchor`: "Kazakh
    /// protesters", "Putin's inner circle", "Donbass separatists".
    fn group_name(&self, class: GroupClass, anchor: Key) -> String {
        let a = self.actor(anchor);
        if class == GroupClass::Circle {
            let surname = a.name.rsplit(' ').next().unwrap_or(&a.name);
            return format!("{surname}'s inner circle");
        }
        let demonym = match anchor {
            Key::Gaz(i) => match self.g.entry_ref(i) {
                Some(EntryRef::Country(ci)) => self.g.countries()[ci as usize].demonyms.first(),
                _ => None,
            },
            Key::Person(_) => None,
        };
        match demonym {
            Some(d) => format!("{d} {}", class.noun()),
            None => format!("{} {}", a.name, class.noun()),
        }
    }

    /// Finds or creates the group actor of `class` anchored on `anchor`
    /// (an organization belonging to the anchor's country).
    pub(crate) fn group(&mut self, class: GroupClass, anchor: Key, name: Option<String>) -> Key {
        let default_name = name.is_none();
        if default_name {
            if let Some(&key) = self.coref.groups.get(&(class, anchor)) {
                self.coref.last_group.insert(class, key);
                return key;
            }
        }
        let name = name.unwrap_or_else(|| self.group_name(class, anchor));
        let id = ActorId::slug(&name);
        let key = match self.person_ids.get(&id) {
            Some(&i) => Key::Person(i),
            None => {
                let country = self
                    .country_key(anchor)
                    .map(|c| self.g.actor_at(c).id.clone());
                let actor = Actor::new(id.clone(), ActorKind::Organization, name)
                    .with_details(ActorDetails::Organization { country });
                let i = self.persons.len() as u32;
                self.persons.push(actor);
                self.person_ids.insert(id, i);
                Key::Person(i)
            }
        };
        if default_name {
            self.coref.groups.insert((class, anchor), key);
        }
        self.coref.last_group.insert(class, key);
        key
    }

    /// Whether `k` is a group of protesters.
    pub(crate) fn is_protesters(&self, k: Key) -> bool {
        self.is_group(k) && self.actor(k).name.ends_with(GroupClass::Protesters.noun())
    }

    /// Whether `k` is a group actor.
    pub(crate) fn is_group(&self, k: Key) -> bool {
        matches!(k, Key::Person(i) if self.persons[i as usize].kind() == ActorKind::Organization)
    }

    /// Handles a group noun hit; returns the next hit to look at.
    fn group_mention(
        &mut self,
        class: GroupClass,
        si: usize,
        i: usize,
        h1: usize,
        first_m: usize,
        send: u32,
    ) -> usize {
        let hit = self.hits[i];
        let (mut start, mut end, mut next) = (hit.start, hit.end, i + 1);
        let mut anchor: Option<Key> = None;
        let word = self.span_text(hit.start, hit.end).to_ascii_lowercase();
        // A qualifier right before: "Kazakh protesters", "Putin's inner circle".
        if let Some(m) = self.mentions[first_m..].last().copied() {
            let gap = self.span_text(m.end, hit.start);
            let demonym = self.name_role(&m) == Some(NameRole::Demonym);
            let possessive = (gap == "’s " || gap == "'s ")
                && matches!(
                    self.actor(m.key).kind(),
                    ActorKind::Person | ActorKind::Leader
                );
            if m.pronoun.is_none() && gap == " " && demonym {
                self.mentions.pop();
                start = m.start;
                if class != GroupClass::Circle {
                    anchor = Some(m.key);
                }
            } else if class == GroupClass::Circle && possessive && word == "inner circle" {
                self.mentions.pop();
                start = m.start;
                anchor = Some(m.key);
            }
        }
        if class == GroupClass::Circle {
            // "the circle around Putin".
            if word == "circle around" {
                let at = self.skip_spaces(hit.end);
                if let Some(n) = self.hits.get(i + 1).filter(|n| i + 1 < h1 && n.start == at) {
                    if let What::Entity { actor, .. } = n.what {
                        if matches!(self.g.entry_ref(actor), Some(EntryRef::Leader(_))) {
                            anchor = Some(Key::Gaz(actor));
                            end = n.end;
                            next = i + 2;
                        }
                    }
                }
            }
        } else if anchor.is_none() {
            // "protesters in Belarus": the place belongs to the group.
            if let Some((k, pend)) = self.place_after(hit.end, send) {
                anchor = Some(k);
                end = pend;
                while next < h1 && self.hits[next].start < pend {
                    next += 1;
                }
            }
        }
        let before = self
            .span_text(start.saturating_sub(4), start)
            .to_ascii_lowercase();
        let key = match anchor {
            _ if class == GroupClass::Rulers => self.rulers(anchor, start, end, first_m),
            Some(a) => Some(self.group(class, a, None)),
            None if class == GroupClass::Opposition => {
                // Only "the opposition" (of the country in focus).
                if before.ends_with("the ") {
                    self.focus_country(si, start)
                        .map(|c| self.group(class, Key::Gaz(c), None))
                } else {
                    None
                }
            }
            // A bare "demonstrators": the last group of the class.
            None => self.coref.last_group.get(&class).copied(),
        };
        if let Some(k) = key {
            self.push_mention(start, end, k);
        }
        next
    }

    /// "the country", "the government (of X)": the country in focus or
    /// its government group. Returns the next hit to look at.
    fn definite_mention(
        &mut self,
        d: Definite,
        si: usize,
        i: usize,
        h1: usize,
        send: u32,
    ) -> usize {
        let hit = self.hits[i];
        if matches!(d, Definite::Pair | Definite::PairOfPeople) {
            // "both sides": one mention of each actor at the phrase.
            if let Some((a, b)) = self.last_pair(si, hit.start, d == Definite::PairOfPeople) {
                self.push_mention(hit.start, hit.end, a);
                self.push_mention(hit.start, hit.end, b);
            }
            return i + 1;
        }
        let (mut end, mut next) = (hit.end, i + 1);
        let mut country = None;
        let rest = self.span_text(hit.end, send);
        if let Some(r) = rest
            .strip_prefix(" of ")
            .or_else(|| rest.strip_prefix(" in "))
        {
            let at = hit.end + (rest.len() - r.len()) as u32;
            if let Some(n) = self.hits.get(i + 1).filter(|n| i + 1 < h1 && n.start == at) {
                if let What::Entity { actor, .. } = n.what {
                    if let Some(c) = self.g.country_of(actor) {
                        country = Some(c);
                        end = n.end;
                        next = i + 2;
                    }
                }
            }
        }
        if country.is_none() {
            country = self.focus_country(si, hit.start);
        }
        let Some(c) = country else {
            return next;
        };
        let key = match d {
            Definite::Country => Key::Gaz(c),
            _ => self.group(GroupClass::Government, Key::Gaz(c), None),
        };
        // "the government" as written (skip the article).
        self.push_mention(hit.start + 4, end, key);
        next
    }

    /// The last two coordinated actors ("Armenia and Azerbaijan") before
    /// `pos` in this sentence or the three before: people or not.
    fn last_pair(&self, si: usize, pos: u32, people: bool) -> Option<(Key, Key)> {
        let from = self.window_start(si, DEFINITE_WINDOW);
        let mut ms: Vec<Mention> = self.mentions[from..]
            .iter()
            .filter(|m| m.start < pos && m.pronoun.is_none() && m.key != UNRESOLVED)
            .copied()
            .collect();
        ms.sort_by_key(|m| m.start);
        let person = |k: Key| matches!(self.actor(k).kind(), ActorKind::Person | ActorKind::Leader);
        ms.windows(2)
            .rev()
            .find(|w| {
                w[0].key != w[1].key
                    && super::patterns::is_and_gap(self.span_text(w[0].end, w[1].start))
                    && person(w[0].key) == people
                    && person(w[1].key) == people
            })
            .map(|w| (w[0].key, w[1].key))
    }

    /// A protest noun ("protests", "demonstrations") stands for its
    /// protesters: with a place ("Kazakh protests", "protests broke out in
    /// Belarus", "Kazakhstan, where … protests") they become a zero-width
    /// group mention at the noun, the agent of "protests against".
    fn protest_mention(&mut self, i: usize, first_m: usize, send: u32) {
        let hit = self.hits[i];
        let mut anchor = None;
        if let Some(m) = self.mentions[first_m..].last().copied() {
            let gap = self.span_text(m.end, hit.start);
            if gap == " " && self.name_role(&m) == Some(NameRole::Demonym) {
                self.mentions.pop();
                anchor = Some(m.key);
            }
        }
        let word_end = hit.start
            + self
                .span_text(hit.start, hit.end)
                .find(' ')
                .map_or(hit.end - hit.start, |k| k as u32);
        if anchor.is_none() {
            let rest = self.span_text(word_end, send);
            let skip = [
                " broke out",
                " erupted",
                " spread",
                " took place",
                " continued",
            ]
            .iter()
            .find(|v| rest.starts_with(**v))
            .map_or(0, |v| v.len() as u32);
            if let Some((place, pend)) = self.place_after(word_end + skip, send) {
                anchor = Some(place);
                // "protests broke out in Belarus in 2020": an event at the
                // place, named by the noun, the place and the year.
                if !self.coref.events.contains_key(&(EventClass::Unrest, place)) {
                    self.protest_event(place, hit.start, word_end, pend, send);
                }
            }
        }
        if anchor.is_none() {
            // "Kazakhstan, where dozens … protests": the place of the clause.
            let (head, m) = match self.mentions[first_m..]
                .iter()
                .rev()
                .find(|m| m.end <= hit.start && m.pronoun.is_none())
            {
                Some(m) => (self.span_text(m.end, hit.start), *m),
                None => return,
            };
            if head.starts_with(", where ")
                && !head[1..].contains([',', ';'])
                && matches!(
                    self.g.entry_ref(match m.key {
                        Key::Gaz(a) => a,
                        Key::Person(_) => u32::MAX,
                    }),
                    Some(EntryRef::Country(_))
                )
            {
                anchor = Some(m.key);
            }
        }
        if let Some(a) = anchor {
            let k = self.group(GroupClass::Protesters, a, None);
            self.push_mention(hit.start, hit.start, k);
        }
    }

    /// The event of "protests broke out in X [in YEAR]" (`start..word_end`
    /// the noun, `pend` the end of the place).
    fn protest_event(&mut self, place: Key, start: u32, word_end: u32, pend: u32, send: u32) {
        let noun = self.span_text(start, word_end).to_ascii_lowercase();
        let year = self.year_after(pend, send);
        let mut name = format!("{noun} in {}", self.actor(place).name);
        if let Some((y, _)) = year {
            name.push_str(&format!(" in {y}"));
        }
        let date = year.and_then(|(y, _)| Date::year(y).ok());
        let end = year.map_or(pend, |y| y.1);
        self.event_actor(EventClass::Unrest, place, name, date, (start, end));
    }

    /// Pronoun mentions of a sentence (resolved later, after the
    /// sentence's speakers are known).
    fn pronoun_mentions(&mut self, s: u32, e: u32, first_m: usize) {
        let text = self.span_text(s, e);
        let bytes = text.as_bytes();
        if bytes.len() != (e - s) as usize {
            return; // not a valid span: no text
        }
        // Pronouns start a word after a space, newline or straight quote
        // (or the sentence): look only there (the word index lists those
        // positions).
        let i = self.words.pron.partition_point(|&p| p <= s);
        let later = self.words.pron[i..]
            .iter()
            .take_while(|&&p| p < e)
            .map(|&p| (p - s) as usize);
        for k in std::iter::once(0).chain(later) {
            let Some(&b0) = bytes.get(k) else { continue };
            if !matches!(b0 | 0x20, b'h' | b's' | b't') {
                continue;
            }
            let mut j = k;
            while j < bytes.len() && j - k <= 5 && bytes[j].is_ascii_alphabetic() {
                j += 1;
            }
            let next_ok = j == bytes.len()
                || !(bytes[j].is_ascii_alphanumeric() || bytes[j] >= 0x80 || bytes[j] == b'-');
            if next_ok && (2..=5).contains(&(j - k)) {
                // Pushed as found (no list per sentence): pronouns are
                // whole words at distinct starts, so none overlaps another
                // and the overlap test sees the same mentions as before.
                let Some(p) = Pronoun::of(&text[k..j]) else {
                    continue;
                };
                let (a, b) = (s + k as u32, s + j as u32);
                if self.mentions[first_m..]
                    .iter()
                    .any(|m| m.start < b && a < m.end)
                {
                    continue;
                }
                self.mentions.push(Mention {
                    start: a,
                    end: b,
                    key: UNRESOLVED,
                    speaker: false,
                    pronoun: Some(p),
                });
            }
        }
    }

    /// Whether mention `m` can be what pronoun `p` refers to.
    fn antecedent_fits(&self, m: &Mention, p: Pronoun) -> bool {
        if m.key == UNRESOLVED {
            return false;
        }
        if p.plural() {
            if m.pronoun.is_some_and(Pronoun::plural) || self.is_group(m.key) {
                return true;
            }
            if m.pronoun.is_some() || !matches!(m.key, Key::Gaz(_)) {
                return false;
            }
            if self.name_role(m) == Some(NameRole::DemonymPlural) {
                return true;
            }
            return self.word_after(m.end).is_some_and(|(a, b)| {
                let w = self.span_text(a, b);
                PLURAL_HEADS.iter().any(|h| h.eq_ignore_ascii_case(w))
            });
        }
        if m.pronoun.is_some_and(Pronoun::plural) {
            return false;
        }
        if !matches!(
            self.actor(m.key).kind(),
            ActorKind::Person | ActorKind::Leader
        ) {
            return false;
        }
        match (p.female(), self.coref.female.get(&m.key)) {
            (Some(a), Some(&b)) => a == b,
            _ => true,
        }
    }

    /// Resolves the pronoun mentions of sentence `si` to the most recent
    /// compatible mention (a person of a compatible gender for he/she, a
    /// group or plural reference for they) within a few sentences.
    pub(crate) fn resolve_pronouns(&mut self, si: usize) {
        let (m0, m1) = self.sent_mentions[si];
        for j in m0 as usize..m1 as usize {
            let Some(p) = self.mentions[j].pronoun else {
                continue;
            };
            let pos = self.mentions[j].start;
            let back = if p.plural() {
                PLURAL_WINDOW
            } else {
                PERSON_WINDOW
            };
            // "X and Y … their cooperation": the coordinated actors
            // themselves take part (left to the relation patterns).
            if p.plural() {
                let own: Vec<Mention> = self.mentions[m0 as usize..j]
                    .iter()
                    .filter(|m| m.pronoun.is_none())
                    .copied()
                    .collect();
                if own.windows(2).any(|w| {
                    let gap = self.span_text(w[0].end, w[1].start);
                    gap == " and " || gap == ", and "
                }) {
                    continue;
                }
            }
            let from = self.window_start(si, back);
            let ss = self.sentences[si].start as u32;
            // An object pronoun is not its own clause's subject ("Blinken
            // urged him": not Blinken).
            let same_clause = |m: &Mention| {
                m.start >= ss
                    && !self
                        .span_text(m.end, pos)
                        .contains([',', ';', '“', '”', '"'])
                    && self.func_words(m.end, pos, Func::Clause).next().is_none()
            };
            let coargs: Vec<Key> = if p.object() {
                self.mentions[from..]
                    .iter()
                    .filter(|m| m.start < pos && same_clause(m))
                    .map(|m| m.key)
                    .collect()
            } else {
                Vec::new()
            };
            let fits: Vec<Mention> = self.mentions[from..]
                .iter()
                .filter(|m| m.start < pos && self.antecedent_fits(m, p))
                .filter(|m| !coargs.contains(&m.key))
                .copied()
                .collect();
            // A subject pronoun opening its sentence continues the previous
            // sentence's subject (its first fitting actor), not merely the
            // most recent one ("Netanyahu met Blinken. He told him …").
            let opens = matches!(p, Pronoun::He | Pronoun::She | Pronoun::They)
                && !self.mentions[m0 as usize..j]
                    .iter()
                    .any(|m| m.start < pos && m.pronoun.is_none());
            let recent = fits.iter().max_by_key(|m| m.start).copied();
            let found = match recent {
                Some(r) if opens && r.start < ss => {
                    let prev = self.sentence_of(r.start);
                    fits.iter()
                        .filter(|m| self.sentence_of(m.start) == prev)
                        .min_by_key(|m| m.start)
                        .map(|m| m.key)
                }
                r => r.map(|m| m.key),
            };
            if let Some(k) = found {
                self.mentions[j].key = k;
                if let Some(f) = p.female() {
                    self.coref.female.entry(k).or_insert(f);
                }
            }
        }
    }

    /// "Hill" after "Fiona Hill": capitalized words equal to the surname of
    /// a person found earlier.
    fn coref_surnames(&mut self, s: u32, e: u32, first_m: usize) {
        if self.coref.surname_filter.count != self.surnames.len() {
            let n = self.surnames.len();
            self.coref.surname_filter.rebuild(n, self.surnames.keys());
        }
        let text = self.span_text(s, e);
        if text.len() != (e - s) as usize {
            return; // not a valid span: no text
        }
        let mut found: Vec<(u32, u32, u32)> = Vec::new();
        // The start of the previous capitalized word (its end is measured
        // only when a surname follows it).
        let mut prev_start: Option<usize> = None;
        let bytes = text.as_bytes();
        // Capitalized words: the sentence's start and the word starts the
        // word index lists (no rescanning of the sentence's bytes).
        let opening = bytes
            .first()
            .is_some_and(|&b| b.is_ascii_uppercase() || b >= 0xC0)
            .then_some(0);
        let i = self.words.caps.partition_point(|&p| p <= s);
        let later = self.words.caps[i..]
            .iter()
            .take_while(|&&p| p < e)
            .map(|&p| (p - s) as usize);
        for idx in opening.into_iter().chain(later) {
            // Words start with an alphanumeric character ("’" and other
            // word starts are not capitalized words).
            let b0 = bytes[idx];
            let nonempty = if b0.is_ascii() {
                b0.is_ascii_alphanumeric()
            } else {
                text[idx..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            };
            if !nonempty {
                continue;
            }
            if !self.coref.surname_filter.may_start(b0) {
                prev_start = Some(idx);
                continue;
            }
            let len = alphanumeric_prefix_len(&text[idx..]);
            let word = &text[idx..idx + len];
            let known = if self.coref.surname_filter.may_contain(word) {
                self.surnames.get(word)
            } else {
                None
            };
            if let Some(&p) = known {
                let ws = s + idx as u32;
                let we = ws + len as u32;
                // Extend over the first name ("Fiona Hill").
                let mut start = ws;
                if let Some(ps) = prev_start {
                    let pe = ps + alphanumeric_prefix_len(&text[ps..]);
                    if pe + 1 == idx {
                        let first = &text[ps..pe];
                        if self.persons[p as usize].name.starts_with(first) {
                            start = s + ps as u32;
                        }
                    }
                }
                let overlaps = self.mentions[first_m..]
                    .iter()
                    .any(|m| m.start < we && start < m.end);
                if !overlaps {
                    found.push((start, we, p));
                }
            }
            prev_start = Some(idx);
        }
        for (a, b, p) in found {
            self.push_mention(a, b, Key::Person(p));
        }
    }

    /// A name used only as a modifier, not as an actor: "former Soviet
    /// republics", "the Soviet era", "Moscow-friendly governments",
    /// "Russian-backed elites".
    fn attributive_only(&self, start: u32, end: u32, role: NameRole) -> bool {
        let after = self.span_text(end, (end + 12).min(self.text.len() as u32));
        // "the West" names a grouping, "West Africa" or "West Virginia" not.
        if matches!(
            self.span_text(start, end),
            "West" | "East" | "North" | "South"
        ) {
            let before = self.span_text(start.saturating_sub(4), start);
            let capital_next = after
                .strip_prefix(' ')
                .is_some_and(|a| a.starts_with(char::is_uppercase));
            return !before.eq_ignore_ascii_case("the ") || capital_next;
        }
        if after.starts_with('-') && after[1..].starts_with(|c: char| c.is_lowercase()) {
            return true;
        }
        if role != NameRole::Demonym {
            return false;
        }
        let before = self.span_text(start.saturating_sub(8), start);
        ["former ", "post-", "ex-", "pre-", "pro-", "anti-"]
            .iter()
            .any(|p| ends_with_ignore_ascii_case(before, p))
            || [" era", " times", " period", " language"]
                .iter()
                .any(|w| after.starts_with(w))
    }

    /// Whether the hit at `i` is a function word of a class.
    pub(crate) fn is_func_word(&self, w: Option<(u32, u32)>, f: Func) -> bool {
        w.is_some_and(|(s, e)| {
            let (a, b) = (s as usize, e as usize);
            // A valid span (as words are) is classified in place.
            if self.text.get(a..b).is_some() {
                func_of_at(self.text, a, b) == Some(f)
            } else {
                func_of(self.span_text(s, e)) == Some(f)
            }
        })
    }

    /// The word ending right before `pos` (spaces skipped).
    pub(crate) fn word_before(&self, pos: u32) -> Option<(u32, u32)> {
        let head = self.span_text(pos.saturating_sub(64), pos);
        let head_start = pos - head.len() as u32;
        // Spaces and tabs are single bytes: trim them without decoding.
        let kept = head.len()
            - head
                .bytes()
                .rev()
                .take_while(|&b| b == b' ' || b == b'\t')
                .count();
        let trimmed = &head[..kept];
        let end = head_start + kept as u32;
        // The last run of word characters (as `rsplit` on the others
        // would give it), ASCII bytes classified without decoding.
        let len = word_suffix_len(trimmed);
        (len != 0).then(|| (end - len as u32, end))
    }

    /// The word starting at `pos` (spaces skipped).
    pub(crate) fn word_after(&self, pos: u32) -> Option<(u32, u32)> {
        let start = self.skip_spaces(pos);
        let tail = self.span_text(start, (start + 64).min(self.text.len() as u32));
        let len = word_prefix_len(tail);
        (len != 0).then(|| (start, start + len as u32))
    }

    /// The function words of class `f` in bytes `s..e`, as spans, as the
    /// words of the text `s..e` would give them (a word cut by an end of
    /// the window counts as its part inside).
    ///
    /// Whole words come from the document's [`WordIndex`]; only
    /// the (at most two) words cut by the window's ends are classified
    /// here, so no window is rescanned.
    pub(crate) fn func_words(
        &self,
        s: u32,
        e: u32,
        f: Func,
    ) -> impl Iterator<Item = (u32, u32)> + '_ {
        func_words_in(self.text, &self.words, s, e, f)
    }
}

/// Byte offset of the first "talks between ", "talks with " or
/// "negotiations between " in `window` (one pass over the bytes instead of
/// a substring search per phrase).
fn first_talks(window: &str) -> Option<usize> {
    let b = window.as_bytes();
    (0..b.len()).find(|&i| {
        let rest = &b[i..];
        match b[i] {
            b't' => {
                rest.starts_with(b"talks ")
                    && (rest[6..].starts_with(b"between ") || rest[6..].starts_with(b"with "))
            }
            b'n' => rest.starts_with(b"negotiations between "),
            _ => false,
        }
    })
}

/// Whether `c` is a word character of [`Doc::word_before`] and
/// [`Doc::word_after`]: alphanumeric or an apostrophe.
#[inline]
fn is_word_char_no_hyphen(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’'
}

/// The byte length of the run of word characters ending `s` (what
/// `s.rsplit(|c| !is_word_char_no_hyphen(c)).next()` gives), decoding only
/// non-ASCII characters.
fn word_suffix_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut k = b.len();
    while k > 0 {
        let x = b[k - 1];
        let class = WORD_CLASS[x as usize];
        if class == WORD_ASCII {
            k -= 1;
        } else if class == OTHER_ASCII {
            break;
        } else {
            match s[..k].chars().next_back() {
                Some(c) if is_word_char_no_hyphen(c) => k -= c.len_utf8(),
                _ => break,
            }
        }
    }
    b.len() - k
}

/// Whether `s` ends with the ASCII text `p`, ignoring ASCII case (as
/// `s.to_ascii_lowercase().ends_with(p)` for a lowercase `p`, without
/// allocating).
fn ends_with_ignore_ascii_case(s: &str, p: &str) -> bool {
    s.len() >= p.len() && s.as_bytes()[s.len() - p.len()..].eq_ignore_ascii_case(p.as_bytes())
}

/// Whether the text before byte `start` may end with a direction
/// adjective and one space or tab ("eastern ", "Central\t"): the last
/// three letters of every word [`Doc::region_mention`] accepts, checked
/// before looking the word up.
fn may_follow_direction(text: &str, start: usize) -> bool {
    let b = text.as_bytes();
    if start < 4 || start > b.len() || !matches!(b[start - 1], b' ' | b'\t') {
        return false;
    }
    let tail = &b[start - 4..start - 1];
    tail.eq_ignore_ascii_case(b"ern") || tail.eq_ignore_ascii_case(b"ral")
}

/// The byte length of the run of alphanumeric characters starting `s`
/// (what `s.find(|c: char| !c.is_alphanumeric()).unwrap_or(s.len())`
/// gives), decoding only non-ASCII characters.
fn alphanumeric_prefix_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut k = 0;
    while let Some(&x) = b.get(k) {
        if x.is_ascii() {
            if !x.is_ascii_alphanumeric() {
                break;
            }
            k += 1;
        } else {
            match s[k..].chars().next() {
                Some(c) if c.is_alphanumeric() => k += c.len_utf8(),
                _ => break,
            }
        }
    }
    k
}

/// The byte length of the run of word characters starting `s` (what
/// `s.split(|c| !is_word_char_no_hyphen(c)).next()` gives).
fn word_prefix_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut k = 0;
    while k < b.len() {
        let x = b[k];
        if x.is_ascii() {
            if !(x.is_ascii_alphanumeric() || x == b'\'') {
                break;
            }
            k += 1;
        } else {
            match s[k..].chars().next() {
                Some(c) if is_word_char_no_hyphen(c) => k += c.len_utf8(),
                _ => break,
            }
        }
    }
    k
}

/// [`Doc::func_words`] over `text` with its word index `ix`.
fn func_words_in<'t>(
    text: &'t str,
    ix: &'t WordIndex,
    s: u32,
    e: u32,
    f: Func,
) -> impl Iterator<Item = (u32, u32)> + 't {
    let (su, eu) = (s as usize, e as usize);
    // An invalid window has no words (as `span_text` gives "").
    let valid = su <= eu && text.is_char_boundary(su) && text.is_char_boundary(eu);
    let (su, eu) = if valid { (su, eu) } else { (0, 0) };
    let is_f = move |a: usize, b: usize| func_of_at(text, a, b) == Some(f);
    // A word cut by the window's start: its part from `s`.
    let mut head: Option<(usize, usize)> = None;
    if su < eu && word_char_before(text, su) && word_char_at(text, su) {
        head = Some((su, word_end(text, su, eu)));
    }
    // A word cut by the window's end: its part before `e`.
    let mut tail: Option<(usize, usize)> = None;
    if su < eu && word_char_before(text, eu) && word_char_at(text, eu) {
        let start = word_start(text, su, eu);
        if head.is_none_or(|h| h.0 != start) {
            tail = Some((start, eu));
        }
    }
    // Whole words inside the window: those after the head and before the
    // tail.
    let lo = head.map_or(su, |h| h.1);
    let hi = tail.map_or(eu, |t| t.0);
    let table = &ix.func[..];
    let i = lower_bound_from(table, lo, ix.func_hint.get());
    ix.func_hint.set(i);
    let whole = table[i..]
        .iter()
        .take_while(move |w| (w.1 as usize) <= hi)
        .filter(move |w| w.2 == f)
        .map(|w| (w.0, w.1));
    let head = head.filter(|&(a, b)| is_f(a, b));
    let tail = tail.filter(|&(a, b)| is_f(a, b));
    head.into_iter()
        .map(|(a, b)| (a as u32, b as u32))
        .chain(whole)
        .chain(tail.into_iter().map(|(a, b)| (a as u32, b as u32)))
}

/// `table.partition_point(|w| w.0 < lo)`, searched from `hint` (the
/// answer of the previous window: windows mostly move forward through the
/// text, a few words at a time) by galloping, instead of bisecting the
/// whole document's table.
fn lower_bound_from(table: &[(u32, u32, Func)], lo: usize, hint: usize) -> usize {
    let before = |w: &(u32, u32, Func)| (w.0 as usize) < lo;
    let mut a = hint.min(table.len());
    if a > 0 && !before(&table[a - 1]) {
        // Backwards: the answer is at most `a - 1`.
        return table[..a].partition_point(before);
    }
    // Every entry before `a` is before `lo`.
    let mut step = 1;
    loop {
        let b = a + step;
        if b >= table.len() {
            return a + table[a..].partition_point(before);
        }
        if !before(&table[b]) {
            return a + table[a..b].partition_point(before);
        }
        a = b + 1;
        step *= 2;
    }
}

/// Whether the character at byte `i` (a char boundary) is a word
/// character in the sense of [`Words`].
fn word_char_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        None => false,
        Some(&b) if b.is_ascii() => b.is_ascii_alphanumeric() || b == b'\'',
        Some(_) => text[i..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '’'),
    }
}

/// Whether the character before byte `i` (a char boundary) is a word
/// character in the sense of [`Words`].
fn word_char_before(text: &str, i: usize) -> bool {
    match i.checked_sub(1).map(|j| text.as_bytes()[j]) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric() || b == b'\'',
        Some(_) => text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '’'),
    }
}

/// The end of the word run starting at `i`, at most `limit`.
fn word_end(text: &str, mut i: usize, limit: usize) -> usize {
    while i < limit && word_char_at(text, i) {
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    i.min(limit)
}

/// The start of the word run ending at `i`, at least `limit`.
fn word_start(text: &str, limit: usize, mut i: usize) -> usize {
    while i > limit && word_char_before(text, i) {
        i -= text[..i].chars().next_back().map_or(1, char::len_utf8);
    }
    i.max(limit)
}

/// Positions found in one pass over a document's words, so that the
/// stages look them up instead of rescanning windows of the text.
#[derive(Debug, Default)]
pub(crate) struct WordIndex {
    /// The function words in order: (start, end, class); see
    /// [`Doc::func_words`].
    pub func: Vec<(u32, u32, Func)>,
    /// Starts of words that may be capitalized names: a first byte that is
    /// an ASCII capital or starts a non-ASCII character, after a character
    /// that is not a word character nor a hyphen (see
    /// [`Doc::coref_surnames`]).
    pub caps: Vec<u32>,
    /// Starts of words that may be pronouns: a first letter h, s or t
    /// right after a space, newline or straight quote.
    pub pron: Vec<u32>,
    /// Where [`Doc::func_words`] last found its first word in `func`.
    pub func_hint: std::cell::Cell<usize>,
}

impl WordIndex {
    /// Indexes the words of `text` (at most `u32::MAX` bytes: the caller
    /// checks).
    pub(crate) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut ix = WordIndex {
            func: Vec::with_capacity(text.len() / 16),
            caps: Vec::with_capacity(text.len() / 32),
            pron: Vec::with_capacity(text.len() / 64),
            func_hint: std::cell::Cell::new(0),
        };
        for (a, b) in (Words { text, pos: 0 }) {
            let first = bytes[a];
            let prev = a.checked_sub(1).map(|k| bytes[k]);
            // A word start: the character before is not a word character.
            if (first.is_ascii_uppercase() || first >= 0xC0) && prev != Some(b'-') {
                ix.caps.push(a as u32);
            }
            if matches!(first | 0x20, b'h' | b's' | b't')
                && matches!(prev, Some(b' ' | b'\n' | b'"'))
            {
                ix.pron.push(a as u32);
            }
            if let Some(f) = func_of_at(text, a, b) {
                ix.func.push((a as u32, b as u32, f));
            }
        }
        ix
    }
}

/// The words of a text (runs of alphanumeric characters and apostrophes,
/// as `str::split` on the other characters would give them), as byte
/// ranges; ASCII bytes are classified without decoding.
struct Words<'t> {
    text: &'t str,
    pos: usize,
}

impl Words<'_> {
    /// The non-ASCII character at byte `i` (a char boundary): its length
    /// and whether it is a word character.
    #[inline(never)]
    fn non_ascii(&self, i: usize) -> (usize, bool) {
        match self.text.get(i..).and_then(|t| t.chars().next()) {
            Some(c) => (c.len_utf8(), c == '’' || super::matcher::is_alphanumeric(c)),
            None => (1, false),
        }
    }
}

/// Byte classes of [`Words`]: an ASCII word byte (letter, digit,
/// apostrophe), any other ASCII byte, or the first byte of a non-ASCII
/// character (classified after decoding). One table load per byte instead
/// of a chain of range tests.
const WORD_ASCII: u8 = 1;
const OTHER_ASCII: u8 = 0;
const NON_ASCII: u8 = 2;
static WORD_CLASS: [u8; 256] = {
    let mut t = [OTHER_ASCII; 256];
    let mut b = 0usize;
    while b < 256 {
        let c = b as u8;
        t[b] = if !c.is_ascii() {
            NON_ASCII
        } else if c.is_ascii_alphanumeric() || c == b'\'' {
            WORD_ASCII
        } else {
            OTHER_ASCII
        };
        b += 1;
    }
    t
};

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    #[inline]
    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let mut i = self.pos;
        // Skip to the first word character.
        let start = loop {
            let &b = bytes.get(i)?;
            match WORD_CLASS[b as usize] {
                WORD_ASCII => break i,
                OTHER_ASCII => i += 1,
                _ => {
                    let (len, word) = self.non_ascii(i);
                    if word {
                        break i;
                    }
                    i += len;
                }
            }
        };
        // Then to the first non-word character.
        while let Some(&b) = bytes.get(i) {
            match WORD_CLASS[b as usize] {
                WORD_ASCII => i += 1,
                OTHER_ASCII => break,
                _ => {
                    let (len, word) = self.non_ascii(i);
                    if !word {
                        break;
                    }
                    i += len;
                }
            }
        }
        self.pos = i;
        Some((start, i))
    }
}

#[cfg(test)]
mod words_tests {
    use super::{
        Func, WordIndex, Words, alphanumeric_prefix_len, first_talks, func_of, func_words_in,
        is_word_char_no_hyphen, lower_bound_from, word_prefix_len, word_suffix_len,
    };
    use proptest::prelude::*;

    /// The three byte scanners against the `str` searches they replace.
    fn check_scanners(t: &str) {
        let suffix = t
            .rsplit(|c| !is_word_char_no_hyphen(c))
            .next()
            .unwrap_or("");
        assert_eq!(word_suffix_len(t), suffix.len(), "{t:?}");
        let prefix = t.split(|c| !is_word_char_no_hyphen(c)).next().unwrap_or("");
        assert_eq!(word_prefix_len(t), prefix.len(), "{t:?}");
        let alnum = t.find(|c: char| !c.is_alphanumeric()).unwrap_or(t.len());
        assert_eq!(alphanumeric_prefix_len(t), alnum, "{t:?}");
    }

    #[test]
    fn every_direction_passes_the_region_prefilter() {
        use super::{DIRECTIONS, may_follow_direction};
        for d in DIRECTIONS {
            for t in [format!("{d} X"), format!("in {} X", d.to_ascii_uppercase())] {
                assert!(may_follow_direction(&t, t.len() - 1), "{t:?}");
            }
            assert!(!may_follow_direction(&format!("{d}  X"), d.len() + 2));
        }
        assert!(!may_follow_direction("modern X", 0));
        assert!(!may_follow_direction("ern", 3));
        assert!(!may_follow_direction("Kazakh X", 7));
        assert!(!may_follow_direction("é", 9));
    }

    #[test]
    fn ends_with_ignore_case_agrees_with_lowercasing() {
        use super::ends_with_ignore_ascii_case as ends;
        for (s, p) in [
            ("the former ", "former "),
            ("The FORMER ", "former "),
            ("xformer", "former "),
            ("", "ex-"),
            ("ANTI-", "anti-"),
            ("éx-", "ex-"),
            ("Éx-", "ex-"),
            ("ex-", ""),
        ] {
            assert_eq!(
                ends(s, p),
                s.to_ascii_lowercase().ends_with(p),
                "{s:?} {p:?}"
            );
        }
    }

    #[test]
    fn scanners_known_answers() {
        assert_eq!(word_suffix_len("the Kremlin’s"), "Kremlin’s".len());
        assert_eq!(word_suffix_len("said: "), 0);
        assert_eq!(word_prefix_len("don't stop"), 5);
        assert_eq!(alphanumeric_prefix_len("don't"), 3);
        assert_eq!(alphanumeric_prefix_len("Zelenskyy’s"), 9);
        assert_eq!(alphanumeric_prefix_len("Łukasz2 x"), "Łukasz2".len());
        let long = "a".repeat(10_000);
        for t in [
            "",
            " ",
            "“quoted”",
            "\"unbalanced",
            "’",
            "e\u{301}",
            "字字 字",
            "Ä-é",
            "x\u{2019}y",
            long.as_str(),
        ] {
            check_scanners(t);
        }
    }

    /// The substring searches `first_talks` replaced.
    fn first_talks_by_find(w: &str) -> Option<usize> {
        ["talks between ", "talks with ", "negotiations between "]
            .iter()
            .filter_map(|m| w.find(m))
            .min()
    }

    #[test]
    fn first_talks_known_answers() {
        assert_eq!(first_talks("senior talks between US"), Some(7));
        assert_eq!(first_talks("negotiations between talks with"), Some(0));
        assert_eq!(first_talks("the talks with"), None);
        assert_eq!(first_talks("talks  between x"), None);
        assert_eq!(first_talks("é talks with x"), Some(3));
    }

    proptest! {
        #[test]
        fn first_talks_is_the_earliest_phrase(
            w in "(talks |with |between |negotiations |é|x| )*"
        ) {
            prop_assert_eq!(first_talks(&w), first_talks_by_find(&w));
        }
    }

    #[test]
    fn lower_bound_from_any_hint_is_the_partition_point() {
        let table: Vec<(u32, u32, Func)> = [2u32, 3, 3, 7, 8, 8, 8, 12, 20, 21, 40]
            .iter()
            .map(|&a| (a, a + 1, Func::By))
            .collect();
        for len in 0..=table.len() {
            let t = &table[..len];
            for lo in 0..45 {
                let want = t.partition_point(|w| (w.0 as usize) < lo);
                for hint in 0..len + 3 {
                    assert_eq!(lower_bound_from(t, lo, hint), want, "{len} {lo} {hint}");
                }
            }
        }
    }

    fn split(text: &str) -> Vec<(usize, usize)> {
        let base = text.as_ptr() as usize;
        text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .filter(|w| !w.is_empty())
            .map(|w| {
                let off = w.as_ptr() as usize - base;
                (off, off + w.len())
            })
            .collect()
    }

    #[test]
    fn words_known_answers() {
        let t = "He didn’t, said Zelenskyy's aide — “by 2022” (Ünal).";
        let w: Vec<&str> = Words { text: t, pos: 0 }.map(|(a, b)| &t[a..b]).collect();
        assert_eq!(
            w,
            [
                "He",
                "didn’t",
                "said",
                "Zelenskyy's",
                "aide",
                "by",
                "2022",
                "Ünal"
            ]
        );
        assert_eq!(Words { text: "", pos: 0 }.count(), 0);
        assert_eq!(
            Words {
                text: " ,;— ",
                pos: 0
            }
            .count(),
            0
        );
    }

    /// The windowed scan `func_words` replaced.
    fn func_words_naive(text: &str, s: usize, e: usize, f: Func) -> Vec<(u32, u32)> {
        let w = text.get(s..e).unwrap_or("");
        Words { text: w, pos: 0 }
            .filter(|&(a, b)| func_of(&w[a..b]) == Some(f))
            .map(|(a, b)| ((s + a) as u32, (s + b) as u32))
            .collect()
    }

    #[test]
    fn func_words_known_answers() {
        let t = "Russia, which invaded, was hit by whoever, and when-ever by";
        let ix = WordIndex::new(t);
        let got = |s: usize, e: usize, f| -> Vec<&str> {
            func_words_in(t, &ix, s as u32, e as u32, f)
                .map(|(a, b)| &t[a as usize..b as usize])
                .collect()
        };
        assert_eq!(got(0, t.len(), Func::Clause), ["which", "when"]);
        assert_eq!(got(0, t.len(), Func::By), ["by", "by"]);
        // "whoever" cut to "who" by the window's end; "by" cut to "y".
        let who = t.find("whoever").unwrap();
        assert_eq!(got(who - 3, who + 3, Func::Clause), ["who"]);
        assert!(got(t.len() - 1, t.len(), Func::By).is_empty());
        // A window inside "was" sees "as".
        let was = t.find("was").unwrap();
        assert_eq!(got(was + 1, was + 3, Func::Clause), ["as"]);
        assert!(got(5, 2, Func::Clause).is_empty());
    }

    proptest! {
        #[test]
        fn func_words_match_the_windowed_scan(
            t in "[a-zA-Z ,.'’“-]{0,12}( (by|who|as|and|which|when|whereas|he|was|although)[ ,.’-]?){0,6}[a-zA-Zé ,’]{0,8}",
            s in 0usize..80,
            len in 0usize..80,
        ) {
            let ix = WordIndex::new(&t);
            let e = s + len;
            for f in [Func::By, Func::Clause, Func::Aux, Func::And, Func::Pronoun] {
                let got: Vec<(u32, u32)> =
                    func_words_in(&t, &ix, s as u32, e as u32, f).collect();
                prop_assert_eq!(got, func_words_naive(&t, s, e, f));
            }
        }

        #[test]
        fn scanners_match_str_searches(t in "[a-zA-Z0-9 ,.'’“”\"\\-ÄéЖ字\u{301}\u{2160}]{0,40}") {
            check_scanners(&t);
        }

        #[test]
        fn words_match_str_split(t in "[a-zA-Z0-9 ,.'’“”\"\\-ÄéЖ字\u{301}]{0,40}") {
            let w: Vec<(usize, usize)> = Words { text: &t, pos: 0 }.collect();
            prop_assert_eq!(w, split(&t));
        }
    }
}

#[cfg(test)]
mod committee_tests {
    use super::{chamber_short_name, committee_names, title_case};
    use proptest::prelude::*;

    #[test]
    fn committee_names_known_answers() {
        let (n, used) =
            committee_names("’s armed services and foreign affairs committees, is").unwrap();
        assert_eq!(n, ["armed services", "foreign affairs"]);
        assert_eq!(
            used,
            "’s armed services and foreign affairs committees".len()
        );
        let (n, _) = committee_names(" intelligence, judiciary and budget committees").unwrap();
        assert_eq!(n, ["intelligence", "judiciary", "budget"]);
        // One committee keeps its "and".
        let (n, _) =
            committee_names(" Homeland Security and Governmental Affairs Committee").unwrap();
        assert_eq!(n, ["Homeland Security and Governmental Affairs"]);
        // Not a committee phrase.
        assert!(committee_names(" voted on the bill").is_none());
        assert!(committee_names("’s committees").is_none());
        assert!(committee_names(" in 2020. Its committee").is_none());
        assert_eq!(chamber_short_name("House of Representatives"), "House");
        assert_eq!(chamber_short_name("U.S. Senate"), "Senate");
        assert_eq!(title_case("armed services"), "Armed Services");
        assert_eq!(title_case("oversight and reform"), "Oversight and Reform");
    }

    proptest! {
        #[test]
        fn committee_names_are_slices_of_the_input(t in "[a-zA-Z ,.’'-]{0,60}( committees?)?[a-z ,.]{0,10}") {
            if let Some((names, used)) = committee_names(&t) {
                prop_assert!(used <= t.len());
                for n in names {
                    prop_assert!(!n.is_empty());
                    prop_assert!(t[..used].contains(n));
                }
            }
        }
    }
}

#[cfg(test)]
mod led_tests {
    use super::has_led_suffix;

    #[test]
    fn led_suffix_agrees_with_contains() {
        for name in [
            "Russia-led military alliance",
            "Russia–led bloc",
            "Russia-led",
            "led by",
            "Sled dogs",
            "UN-led mission",
            "US-ledger ",
            "Rled led ",
            "",
        ] {
            let want = name.contains("-led ") || name.contains("–led ");
            assert_eq!(has_led_suffix(name), want, "{name:?}");
        }
        assert!(has_led_suffix("UN-led mission"));
        assert!(!has_led_suffix("Russia-led"));
    }
}

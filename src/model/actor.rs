//! Actors: the countries, leaders, alliances, people, organizations, places
//! and events that relations connect.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::id::ActorId;
use super::time::Date;

/// The kind of an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A sovereign state (or a former one, such as the Soviet Union).
    Country,
    /// A person holding a state office: head of state or government, minister.
    Leader,
    /// A military or political alliance of states (NATO, the CSTO).
    Alliance,
    /// Any other named person: experts, officials, legislators, speakers.
    Person,
    /// An organization: a ministry, parliament, think tank, company, armed group.
    Organization,
    /// A region: a province, a disputed territory, a part of the world.
    Region,
    /// A city, as a place or standing for its government ("Moscow", "Washington").
    City,
    /// A named event: talks, protests, a war, a campaign.
    Event,
}

impl ActorKind {
    /// Every kind, in declaration order.
    pub const ALL: [ActorKind; 8] = [
        ActorKind::Country,
        ActorKind::Leader,
        ActorKind::Alliance,
        ActorKind::Person,
        ActorKind::Organization,
        ActorKind::Region,
        ActorKind::City,
        ActorKind::Event,
    ];

    /// The snake_case name used in JSON and on command lines.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Country => "country",
            ActorKind::Leader => "leader",
            ActorKind::Alliance => "alliance",
            ActorKind::Person => "person",
            ActorKind::Organization => "organization",
            ActorKind::Region => "region",
            ActorKind::City => "city",
            ActorKind::Event => "event",
        }
    }
}

impl fmt::Display for ActorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not an [`ActorKind`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown actor kind {0:?} (expected one of country, leader, alliance, person, organization, region, city, event)"
)]
pub struct UnknownActorKind(pub String);

impl FromStr for ActorKind {
    type Err = UnknownActorKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ActorKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownActorKind(s.to_string()))
    }
}

/// An ISO 3166-1 alpha-3 country code such as `RUS` (three uppercase ASCII
/// letters; codes of former states such as `SUN` are accepted).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode([u8; 3]);

/// A string that is not three uppercase ASCII letters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid ISO 3166-1 alpha-3 code {0:?}: expected three uppercase letters A-Z")]
pub struct CountryCodeError(pub String);

impl CountryCode {
    /// Checks and wraps a code.
    pub fn new(code: &str) -> Result<Self, CountryCodeError> {
        match code.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_uppercase()) => {
                Ok(CountryCode([*a, *b, *c]))
            }
            _ => Err(CountryCodeError(code.chars().take(16).collect())),
        }
    }

    /// The code as a string slice.
    pub fn as_str(&self) -> &str {
        // Only ASCII uppercase letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.as_str())
    }
}

impl TryFrom<String> for CountryCode {
    type Error = CountryCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CountryCode::new(&s)
    }
}

impl From<CountryCode> for String {
    fn from(c: CountryCode) -> String {
        c.as_str().to_string()
    }
}

/// The kind of an actor together with the fields that only that kind has.
///
/// Serialized "internally tagged": `{"kind": "country", "iso3": "RUS"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ActorDetails {
    /// A state.
    Country {
        /// ISO 3166-1 alpha-3 code.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        iso3: Option<CountryCode>,
    },
    /// A person in a state office.
    Leader {
        /// The office, e.g. "President of Russia".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        office: Option<String>,
        /// The actor whose office it is (a country, organization or alliance).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        of: Option<ActorId>,
        /// Start of the current term, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        term_start: Option<Date>,
        /// End of the term, when known (none = ongoing or unknown).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        term_end: Option<Date>,
    },
    /// An alliance of states.
    Alliance {
        /// Year it was founded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        founded: Option<i32>,
    },
    /// Any other person.
    Person {
        /// What the person does, e.g. "senior fellow".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<String>,
        /// The institution the person belongs to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        affiliation: Option<ActorId>,
    },
    /// An organization.
    Organization {
        /// The country it belongs to, when it has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        country: Option<ActorId>,
    },
    /// A region.
    Region {
        /// The actor (country, region) it is part of, when it has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part_of: Option<ActorId>,
    },
    /// A city.
    City {
        /// The country it lies in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        country: Option<ActorId>,
    },
    /// A named event.
    Event {
        /// When it happened or began.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<Date>,
        /// Where it happened.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        location: Option<ActorId>,
    },
}

impl ActorDetails {
    /// The kind these details belong to.
    pub fn kind(&self) -> ActorKind {
        match self {
            ActorDetails::Country { .. } => ActorKind::Country,
            ActorDetails::Leader { .. } => ActorKind::Leader,
            ActorDetails::Alliance { .. } => ActorKind::Alliance,
            ActorDetails::Person { .. } => ActorKind::Person,
            ActorDetails::Organization { .. } => ActorKind::Organization,
            ActorDetails::Region { .. } => ActorKind::Region,
            ActorDetails::City { .. } => ActorKind::City,
            ActorDetails::Event { .. } => ActorKind::Event,
        }
    }

    /// Empty details of a kind (every optional field unset).
    pub fn empty(kind: ActorKind) -> Self {
        match kind {
            ActorKind::Country => ActorDetails::Country { iso3: None },
            ActorKind::Leader => ActorDetails::Leader {
                office: None,
                of: None,
                term_start: None,
                term_end: None,
            },
            ActorKind::Alliance => ActorDetails::Alliance { founded: None },
            ActorKind::Person => ActorDetails::Person {
                role: None,
                affiliation: None,
            },
            ActorKind::Organization => ActorDetails::Organization { country: None },
            ActorKind::Region => ActorDetails::Region { part_of: None },
            ActorKind::City => ActorDetails::City { country: None },
            ActorKind::Event => ActorDetails::Event {
                date: None,
                location: None,
            },
        }
    }

    /// The other actors these details name (office holder's state,
    /// affiliation, containing region…), for reference checks.
    pub fn referenced_actors(&self) -> impl Iterator<Item = &ActorId> {
        let r = match self {
            ActorDetails::Leader { of, .. } => of.as_ref(),
            ActorDetails::Person { affiliation, .. } => affiliation.as_ref(),
            ActorDetails::Organization { country } | ActorDetails::City { country } => {
                country.as_ref()
            }
            ActorDetails::Region { part_of } => part_of.as_ref(),
            ActorDetails::Event { location, .. } => location.as_ref(),
            ActorDetails::Country { .. } | ActorDetails::Alliance { .. } => None,
        };
        r.into_iter()
    }
}

/// An actor: a stable id, a canonical name, aliases and kind-specific details.
///
/// ```
/// use geokg::{Actor, ActorKind};
/// let ru = Actor::country("russia", "Russia", "RUS").unwrap().with_aliases(["Russian Federation"]);
/// assert_eq!(ru.kind(), ActorKind::Country);
/// assert!(ru.names().any(|n| n == "Russian Federation"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Stable id.
    pub id: ActorId,
    /// Canonical name.
    pub name: String,
    /// Kind and kind-specific fields (serialized flat, with a `kind` tag).
    #[serde(flatten)]
    pub details: ActorDetails,
    /// Other names the actor goes by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// A one-sentence description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Actor {
    /// An actor of a kind with empty details.
    pub fn new(id: ActorId, kind: ActorKind, name: impl Into<String>) -> Self {
        Actor {
            id,
            name: name.into(),
            details: ActorDetails::empty(kind),
            aliases: Vec::new(),
            description: None,
        }
    }

    /// A country with its ISO 3166-1 alpha-3 code.
    pub fn country(id: &str, name: &str, iso3: &str) -> Result<Self, crate::ModelError> {
        Ok(Actor {
            details: ActorDetails::Country {
                iso3: Some(CountryCode::new(iso3)?),
            },
            ..Actor::new(ActorId::new(id)?, ActorKind::Country, name)
        })
    }

    /// A leader holding `office` of the actor `of`.
    pub fn leader(id: &str, name: &str, office: &str, of: &str) -> Result<Self, crate::ModelError> {
        Ok(Actor {
            details: ActorDetails::Leader {
                office: Some(office.to_string()),
                of: Some(ActorId::new(of)?),
                term_start: None,
                term_end: None,
            },
            ..Actor::new(ActorId::new(id)?, ActorKind::Leader, name)
        })
    }

    /// An actor of any kind with empty details, from string parts.
    pub fn of_kind(id: &str, kind: ActorKind, name: &str) -> Result<Self, crate::ModelError> {
        Ok(Actor::new(ActorId::new(id)?, kind, name))
    }

    /// Adds aliases.
    pub fn with_aliases<I, S>(mut self, aliases: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.aliases.extend(aliases.into_iter().map(Into::into));
        self
    }

    /// Sets the details (and so the kind).
    pub fn with_details(mut self, details: ActorDetails) -> Self {
        self.details = details;
        self
    }

    /// Sets the description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The actor's kind.
    pub fn kind(&self) -> ActorKind {
        self.details.kind()
    }

    /// The canonical name followed by the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// The ISO 3166-1 alpha-3 code of a country.
    pub fn iso3(&self) -> Option<CountryCode> {
        match &self.details {
            ActorDetails::Country { iso3 } => *iso3,
            _ => None,
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name.is_empty() {
            f.write_str(self.id.as_str())
        } else {
            f.write_str(&self.name)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shape_is_flat_and_tagged() {
        let a = Actor::leader(
            "vladimir_putin",
            "Vladimir Putin",
            "President of Russia",
            "russia",
        )
        .unwrap()
        .with_aliases(["Putin"]);
        let v = serde_json::to_value(&a).unwrap();
        assert_eq!(v["kind"], "leader");
        assert_eq!(v["of"], "russia");
        assert_eq!(v["aliases"][0], "Putin");
        let back: Actor = serde_json::from_value(v).unwrap();
        assert_eq!(back, a);
    }

    #[test]
    fn country_codes() {
        assert!(CountryCode::new("RUS").is_ok());
        assert!(CountryCode::new("rus").is_err());
        assert!(CountryCode::new("RUSS").is_err());
        assert!(CountryCode::new("ЖЖЖ").is_err());
        assert!(Actor::country("x", "X", "12").is_err());
    }

    #[test]
    fn kind_names_roundtrip() {
        for k in ActorKind::ALL {
            assert_eq!(k.as_str().parse::<ActorKind>().unwrap(), k);
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        assert!("nation".parse::<ActorKind>().is_err());
    }
}

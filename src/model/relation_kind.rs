//! The relation vocabulary and its mapping to event-data standards.
//!
//! Every [`RelationKind`] knows its CAMEO root code and canonical CAMEO code,
//! its PLOVER event type, its Goldstein score, its quad class and whether it
//! is symmetric. Structural kinds (leads, member of, part of, located in,
//! affiliated with) and the contextual kind `affects` are not events and
//! have none of the event codes.
//!
//! Goldstein scores are the CAMEO root-level values of the Goldstein (1992)
//! conflict–cooperation scale as used by GDELT (-10 … +10).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// PLOVER event types (the successor ontology to CAMEO used by POLECAT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[allow(missing_docs)]
pub enum PloverType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
    /// Events outside the 16 core types, such as public statements.
    Other,
}

impl PloverType {
    /// The upper-case PLOVER name, e.g. `ASSAULT`.
    pub fn as_str(self) -> &'static str {
        match self {
            PloverType::Agree => "AGREE",
            PloverType::Consult => "CONSULT",
            PloverType::Support => "SUPPORT",
            PloverType::Concede => "CONCEDE",
            PloverType::Cooperate => "COOPERATE",
            PloverType::Aid => "AID",
            PloverType::Retreat => "RETREAT",
            PloverType::Request => "REQUEST",
            PloverType::Accuse => "ACCUSE",
            PloverType::Reject => "REJECT",
            PloverType::Threaten => "THREATEN",
            PloverType::Protest => "PROTEST",
            PloverType::Sanction => "SANCTION",
            PloverType::Mobilize => "MOBILIZE",
            PloverType::Coerce => "COERCE",
            PloverType::Assault => "ASSAULT",
            PloverType::Other => "OTHER",
        }
    }
}

impl fmt::Display for PloverType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// CAMEO / GDELT quad class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuadClass {
    /// 1: verbal cooperation (CAMEO 01–05).
    VerbalCooperation = 1,
    /// 2: material cooperation (CAMEO 06–08).
    MaterialCooperation = 2,
    /// 3: verbal conflict (CAMEO 09–13).
    VerbalConflict = 3,
    /// 4: material conflict (CAMEO 14–20).
    MaterialConflict = 4,
}

impl QuadClass {
    /// The GDELT number (1–4).
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The quad class of a CAMEO root code (1–20).
    pub fn of_cameo_root(root: u8) -> Option<QuadClass> {
        match root {
            1..=5 => Some(QuadClass::VerbalCooperation),
            6..=8 => Some(QuadClass::MaterialCooperation),
            9..=13 => Some(QuadClass::VerbalConflict),
            14..=20 => Some(QuadClass::MaterialConflict),
            _ => None,
        }
    }

    /// Whether this is one of the cooperation classes.
    pub fn is_cooperation(self) -> bool {
        matches!(
            self,
            QuadClass::VerbalCooperation | QuadClass::MaterialCooperation
        )
    }

    /// Whether this is one of the verbal classes.
    pub fn is_verbal(self) -> bool {
        matches!(
            self,
            QuadClass::VerbalCooperation | QuadClass::VerbalConflict
        )
    }
}

/// The Goldstein score of a CAMEO root code (1–20), as GDELT assigns at root
/// level.
pub fn goldstein_of_cameo_root(root: u8) -> Option<f32> {
    const T: [f32; 20] = [
        0.0, 3.0, 4.0, 1.0, 3.5, 6.0, 7.0, 5.0, -2.0, -5.0, -2.0, -4.0, -6.0, -6.5, -7.2, -4.0,
        -7.0, -9.0, -10.0, -10.0,
    ];
    (1..=20).contains(&root).then(|| T[usize::from(root) - 1])
}

/// A group of relation kinds, for filtering and colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindGroup {
    /// Use or show of armed force, alliances, deployments, threats.
    Military,
    /// Diplomacy: talks, meetings, requests, demands, offers, rejections, statements.
    Diplomatic,
    /// Kinds in a cooperation quad class.
    Cooperation,
    /// Kinds in a conflict quad class.
    Conflict,
    /// Structural kinds: leads, member of, part of, located in, affiliated with.
    Structural,
    /// Verbal kinds: things said rather than done (quad classes 1 and 3).
    Statements,
}

impl KindGroup {
    /// Every group.
    pub const ALL: [KindGroup; 6] = [
        KindGroup::Military,
        KindGroup::Diplomatic,
        KindGroup::Cooperation,
        KindGroup::Conflict,
        KindGroup::Structural,
        KindGroup::Statements,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            KindGroup::Military => "military",
            KindGroup::Diplomatic => "diplomatic",
            KindGroup::Cooperation => "cooperation",
            KindGroup::Conflict => "conflict",
            KindGroup::Structural => "structural",
            KindGroup::Statements => "statements",
        }
    }

    /// The kinds in this group.
    pub fn kinds(self) -> impl Iterator<Item = RelationKind> {
        RelationKind::ALL
            .iter()
            .copied()
            .filter(move |k| k.in_group(self))
    }
}

impl fmt::Display for KindGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for KindGroup {
    type Err = UnknownRelationKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        KindGroup::ALL
            .into_iter()
            .find(|g| g.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownRelationKind(s.to_string()))
    }
}

/// Polarity of a relation kind, for colouring and summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Cooperation (Goldstein > 0).
    Cooperation,
    /// Conflict (Goldstein < 0).
    Conflict,
    /// Neither (statements with Goldstein 0, context links).
    Neutral,
    /// Structure rather than events.
    Structural,
}

/// A name that is not a [`RelationKind`] (or [`KindGroup`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown relation kind {0:?}")]
pub struct UnknownRelationKind(pub String);

macro_rules! relation_kinds {
    ($( $(#[$doc:meta])* $v:ident = $name:literal, $label:literal, $cameo:expr, $plover:expr, $sym:literal, $mil:literal, $dip:literal; )*) => {
        /// A typed, directed relation between two actors.
        ///
        /// The snake_case name (`deploys_forces_to`) is used in JSON and on
        /// command lines; [`label`](Self::label) gives the reading used in
        /// rendered chains ("deploys forces to").
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[repr(u8)]
        pub enum RelationKind {
            $( $(#[$doc])* $v, )*
        }

        impl RelationKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [RelationKind] = &[$(RelationKind::$v),*];

            /// The snake_case name.
            pub fn as_str(self) -> &'static str {
                match self { $(RelationKind::$v => $name,)* }
            }

            /// A readable verb phrase ("requests help from").
            pub fn label(self) -> &'static str {
                match self { $(RelationKind::$v => $label,)* }
            }

            /// The canonical CAMEO code (`"074"`, `"19"`), none for
            /// structural and contextual kinds.
            pub fn cameo_code(self) -> Option<&'static str> {
                match self { $(RelationKind::$v => $cameo,)* }
            }

            /// The PLOVER event type, none for structural and contextual kinds.
            pub fn plover(self) -> Option<PloverType> {
                match self { $(RelationKind::$v => $plover,)* }
            }

            /// Whether `a kind b` implies `b kind a`.
            pub fn is_symmetric(self) -> bool {
                match self { $(RelationKind::$v => $sym,)* }
            }

            fn is_military(self) -> bool {
                match self { $(RelationKind::$v => $mil,)* }
            }

            fn is_diplomatic(self) -> bool {
                match self { $(RelationKind::$v => $dip,)* }
            }
        }
    };
}

use PloverType as P;

relation_kinds! {
    /// A leader leads (heads, rules, holds the top office of) a country, organization or alliance.
    Leads = "leads", "leads", None, None, false, false, false;
    /// Membership in an alliance or organization.
    MemberOf = "member_of", "member of", None, None, false, false, false;
    /// A region is part of a country or larger region.
    PartOf = "part_of", "part of", None, None, false, false, false;
    /// A city, event or organization is located in a place.
    LocatedIn = "located_in", "located in", None, None, false, false, false;
    /// A person works for or belongs to an institution.
    AffiliatedWith = "affiliated_with", "affiliated with", None, None, false, false, false;
    /// An event or situation influences an actor, event or decision.
    Affects = "affects", "affects", None, None, false, false, false;
    /// A public statement about an actor (CAMEO 01).
    MakesStatementAbout = "makes_statement_about", "makes statement about", Some("01"), Some(P::Other), false, false, true;
    /// An appeal or request for help (CAMEO 02, 0233 military aid).
    RequestsHelpFrom = "requests_help_from", "requests help from", Some("02"), Some(P::Request), false, false, true;
    /// An expressed intent or offer to support or cooperate (CAMEO 03).
    OffersSupport = "offers_support", "offers support to", Some("03"), Some(P::Agree), false, false, true;
    /// Negotiation (CAMEO 046).
    NegotiatesWith = "negotiates_with", "negotiates with", Some("046"), Some(P::Consult), true, false, true;
    /// A meeting or consultation (CAMEO 04).
    MeetsWith = "meets_with", "meets with", Some("04"), Some(P::Consult), true, false, true;
    /// Political or diplomatic backing, endorsement, propping up (CAMEO 05).
    Supports = "supports", "supports", Some("05"), Some(P::Support), false, false, false;
    /// Material cooperation, including intelligence and security (CAMEO 06).
    CooperatesWith = "cooperates_with", "cooperates with", Some("06"), Some(P::Cooperate), true, false, false;
    /// A military alliance or military cooperation (CAMEO 062).
    AlliedWith = "allied_with", "allied with", Some("062"), Some(P::Cooperate), true, true, false;
    /// Trade and economic cooperation (CAMEO 061).
    TradesWith = "trades_with", "trades with", Some("061"), Some(P::Cooperate), true, false, false;
    /// Material, economic, humanitarian or military aid (CAMEO 07).
    ProvidesAidTo = "provides_aid_to", "provides aid to", Some("07"), Some(P::Aid), false, false, false;
    /// Sending troops or peacekeepers into a place, hostile or not (CAMEO 074).
    /// Hostile entries are also coded as [`Invades`](Self::Invades).
    DeploysForcesTo = "deploys_forces_to", "deploys forces to", Some("074"), Some(P::Aid), false, true, false;
    /// Yielding, easing, ceding (CAMEO 08).
    ConcedesTo = "concedes_to", "concedes to", Some("08"), Some(P::Concede), false, false, true;
    /// A demand, "calling for" (CAMEO 10).
    Demands = "demands", "demands", Some("10"), Some(P::Request), false, false, true;
    /// Criticism or denunciation (CAMEO 111).
    Criticizes = "criticizes", "criticizes", Some("111"), Some(P::Accuse), false, false, false;
    /// An accusation (CAMEO 112).
    Accuses = "accuses", "accuses", Some("112"), Some(P::Accuse), false, false, false;
    /// Opposition, undermining (CAMEO 11).
    Opposes = "opposes", "opposes", Some("11"), Some(P::Accuse), false, false, false;
    /// Rejection of a request, proposal or position (CAMEO 12).
    Rejects = "rejects", "rejects", Some("12"), Some(P::Reject), false, false, true;
    /// A threat (CAMEO 13).
    Threatens = "threatens", "threatens", Some("13"), Some(P::Threaten), false, true, false;
    /// Protest or demonstration against an actor (CAMEO 14).
    ProtestsAgainst = "protests_against", "protests against", Some("14"), Some(P::Protest), false, false, false;
    /// Massing or stationing forces near an actor (CAMEO 15).
    MassesForcesNear = "masses_forces_near", "masses forces near", Some("15"), Some(P::Mobilize), false, true, false;
    /// Sanctions, embargoes, reduced relations (CAMEO 16).
    Sanctions = "sanctions", "sanctions", Some("16"), Some(P::Sanction), false, false, false;
    /// Seeking influence, hegemony or power over an actor or region (CAMEO 17, the closest root).
    SeeksInfluenceOver = "seeks_influence_over", "seeks influence over", Some("17"), Some(P::Coerce), false, false, false;
    /// Repression: crackdowns, violent suppression of protest (CAMEO 175).
    Represses = "represses", "represses", Some("175"), Some(P::Coerce), false, false, false;
    /// Use of armed force (CAMEO 19, 190).
    Attacks = "attacks", "attacks", Some("190"), Some(P::Assault), false, true, false;
    /// Invasion (CAMEO 19).
    Invades = "invades", "invades", Some("19"), Some(P::Assault), false, true, false;
    /// Conquest, annexation, occupation of territory (CAMEO 192).
    Occupies = "occupies", "occupies", Some("192"), Some(P::Assault), false, true, false;
    /// An ongoing armed conflict between two actors (CAMEO 19).
    InConflictWith = "in_conflict_with", "in conflict with", Some("19"), Some(P::Assault), true, true, false;
}

impl RelationKind {
    /// The CAMEO root code (1–20), none for structural and contextual kinds.
    pub fn cameo_root(self) -> Option<u8> {
        let code = self.cameo_code()?;
        code.get(..2)?.parse().ok()
    }

    /// The Goldstein score of the kind's CAMEO root.
    pub fn goldstein(self) -> Option<f32> {
        goldstein_of_cameo_root(self.cameo_root()?)
    }

    /// The quad class of the kind's CAMEO root.
    pub fn quad_class(self) -> Option<QuadClass> {
        QuadClass::of_cameo_root(self.cameo_root()?)
    }

    /// Whether the kind is structural (no event codes, describes how actors
    /// are organized rather than what they do).
    pub fn is_structural(self) -> bool {
        matches!(
            self,
            RelationKind::Leads
                | RelationKind::MemberOf
                | RelationKind::PartOf
                | RelationKind::LocatedIn
                | RelationKind::AffiliatedWith
        )
    }

    /// Whether the kind is an event (has CAMEO and PLOVER codes).
    pub fn is_event(self) -> bool {
        self.cameo_code().is_some()
    }

    /// Whether the kind belongs to a group.
    pub fn in_group(self, group: KindGroup) -> bool {
        match group {
            KindGroup::Military => self.is_military(),
            KindGroup::Diplomatic => self.is_diplomatic(),
            KindGroup::Cooperation => self.quad_class().is_some_and(QuadClass::is_cooperation),
            KindGroup::Conflict => self.quad_class().is_some_and(|q| !q.is_cooperation()),
            KindGroup::Structural => self.is_structural(),
            KindGroup::Statements => self.quad_class().is_some_and(QuadClass::is_verbal),
        }
    }

    /// The groups this kind belongs to.
    pub fn groups(self) -> impl Iterator<Item = KindGroup> {
        KindGroup::ALL
            .into_iter()
            .filter(move |g| self.in_group(*g))
    }

    /// Cooperation, conflict, neutral or structural.
    pub fn polarity(self) -> Polarity {
        if self.is_structural() {
            return Polarity::Structural;
        }
        match self.goldstein() {
            Some(g) if g > 0.0 => Polarity::Cooperation,
            Some(g) if g < 0.0 => Polarity::Conflict,
            _ => Polarity::Neutral,
        }
    }

    /// Parses a kind from its snake_case name, its label, or a common
    /// synonym used by event datasets (`leader_of`, `ally_of`,
    /// `deployed_troops_to`, `invaded`, `attacked`, `provides_aid_to`…).
    pub fn parse_lenient(s: &str) -> Result<Self, UnknownRelationKind> {
        if let Ok(k) = s.parse() {
            return Ok(k);
        }
        let norm: String = s
            .trim()
            .chars()
            .map(|c| {
                if c == ' ' || c == '-' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        let k = match norm.as_str() {
            "leader_of" | "heads" | "rules" => RelationKind::Leads,
            "ally_of" | "allies_with" => RelationKind::AlliedWith,
            "deployed_troops_to" | "deploys_troops_to" | "deployed_forces_to" => {
                RelationKind::DeploysForcesTo
            }
            "invaded" => RelationKind::Invades,
            "attacked" => RelationKind::Attacks,
            "supported" => RelationKind::Supports,
            "opposed" => RelationKind::Opposes,
            "threatened" => RelationKind::Threatens,
            "sanctioned" => RelationKind::Sanctions,
            "criticized" | "criticises" => RelationKind::Criticizes,
            "meets" | "met_with" => RelationKind::MeetsWith,
            "negotiated_with" => RelationKind::NegotiatesWith,
            "trades" | "traded_with" => RelationKind::TradesWith,
            "aids" | "provided_aid_to" => RelationKind::ProvidesAidTo,
            "occupied" | "annexes" | "annexed" | "conquers" => RelationKind::Occupies,
            _ => {
                return RelationKind::ALL
                    .iter()
                    .copied()
                    .find(|k| k.label().replace(' ', "_") == norm)
                    .ok_or_else(|| UnknownRelationKind(s.to_string()));
            }
        };
        Ok(k)
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RelationKind {
    type Err = UnknownRelationKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RelationKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| UnknownRelationKind(s.to_string()))
    }
}

/// A CAMEO event code: two to four digits, root `01`–`20` (e.g. `0431`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CameoCode {
    digits: [u8; 4],
    len: u8,
}

/// A string that is not a CAMEO code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid CAMEO code {0:?}: expected 2 to 4 digits with a root 01-20")]
pub struct CameoCodeError(pub String);

impl CameoCode {
    /// Checks and wraps a code.
    pub fn new(code: &str) -> Result<Self, CameoCodeError> {
        let b = code.as_bytes();
        let err = || CameoCodeError(code.chars().take(16).collect());
        if !(2..=4).contains(&b.len()) || !b.iter().all(u8::is_ascii_digit) {
            return Err(err());
        }
        let root = (b[0] - b'0') * 10 + (b[1] - b'0');
        if !(1..=20).contains(&root) {
            return Err(err());
        }
        let mut digits = [0u8; 4];
        digits[..b.len()].copy_from_slice(b);
        Ok(CameoCode {
            digits,
            len: b.len() as u8,
        })
    }

    /// The code as a string slice.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.digits[..usize::from(self.len)]).unwrap_or("")
    }

    /// The root code (1–20).
    pub fn root(&self) -> u8 {
        (self.digits[0] - b'0') * 10 + (self.digits[1] - b'0')
    }

    /// A compact 16-bit encoding (never 0).
    pub(crate) fn pack(self) -> u16 {
        let v: u16 = self.as_str().parse().unwrap_or(0);
        // Length 2..=4 in the top two bits (as 0..=2); the value is at
        // most 9999 < 2^14 and at least 1 (the root is 01..20).
        (u16::from(self.len - 2) << 14) | v
    }

    /// Inverse of [`pack`](Self::pack).
    pub(crate) fn unpack(code: u16) -> Option<CameoCode> {
        let len = usize::from(code >> 14) + 2;
        if code == 0 || len > 4 {
            return None;
        }
        let s = format!("{:0width$}", code & 0x3FFF, width = len);
        CameoCode::new(&s).ok()
    }
}

impl fmt::Display for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CameoCode({})", self.as_str())
    }
}

impl TryFrom<String> for CameoCode {
    type Error = CameoCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CameoCode::new(&s)
    }
}

impl From<CameoCode> for String {
    fn from(c: CameoCode) -> String {
        c.as_str().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structural_kinds_have_no_event_codes() {
        for &k in RelationKind::ALL {
            if k.is_structural() || k == RelationKind::Affects {
                assert!(k.cameo_code().is_none() && k.plover().is_none(), "{k}");
                assert!(k.goldstein().is_none() && k.quad_class().is_none(), "{k}");
            } else {
                let root = k.cameo_root().unwrap();
                assert!((1..=20).contains(&root), "{k}");
                assert!(k.plover().is_some() && k.goldstein().is_some(), "{k}");
                assert!(CameoCode::new(k.cameo_code().unwrap()).is_ok());
            }
        }
    }

    #[test]
    fn codes_of_known_kinds() {
        use RelationKind::*;
        assert_eq!(Invades.cameo_root(), Some(19));
        assert_eq!(Invades.goldstein(), Some(-10.0));
        assert_eq!(Invades.quad_class(), Some(QuadClass::MaterialConflict));
        assert_eq!(RequestsHelpFrom.plover(), Some(PloverType::Request));
        assert_eq!(RequestsHelpFrom.goldstein(), Some(3.0));
        assert_eq!(Threatens.quad_class(), Some(QuadClass::VerbalConflict));
        assert_eq!(DeploysForcesTo.polarity(), Polarity::Cooperation);
        assert_eq!(MakesStatementAbout.polarity(), Polarity::Neutral);
        assert_eq!(MemberOf.polarity(), Polarity::Structural);
        assert!(NegotiatesWith.is_symmetric() && !Invades.is_symmetric());
    }

    #[test]
    fn names_parse_back_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for &k in RelationKind::ALL {
            assert!(seen.insert(k.as_str()));
            assert_eq!(k.as_str().parse::<RelationKind>().unwrap(), k);
            assert_eq!(RelationKind::parse_lenient(k.label()).unwrap(), k);
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        assert_eq!(
            RelationKind::parse_lenient("deployed_troops_to").unwrap(),
            RelationKind::DeploysForcesTo
        );
        assert_eq!(
            RelationKind::parse_lenient("leader_of").unwrap(),
            RelationKind::Leads
        );
        assert!(RelationKind::parse_lenient("hugs").is_err());
    }

    #[test]
    fn groups() {
        let mil: Vec<_> = KindGroup::Military.kinds().collect();
        assert!(mil.contains(&RelationKind::Invades) && mil.contains(&RelationKind::AlliedWith));
        assert!(!mil.contains(&RelationKind::Supports));
        assert!(RelationKind::Threatens.in_group(KindGroup::Statements));
        assert!(RelationKind::Threatens.in_group(KindGroup::Conflict));
        assert!(RelationKind::Leads.in_group(KindGroup::Structural));
        assert!(!RelationKind::Affects.in_group(KindGroup::Structural));
    }

    #[test]
    fn cameo_codes() {
        for s in ["01", "19", "192", "0431", "20"] {
            let c = CameoCode::new(s).unwrap();
            assert_eq!(c.as_str(), s);
            assert_eq!(CameoCode::unpack(c.pack()), Some(c));
        }
        assert_eq!(CameoCode::new("0431").unwrap().root(), 4);
        for s in ["", "1", "00", "21", "12345", "1a"] {
            assert!(CameoCode::new(s).is_err(), "{s}");
        }
    }
}

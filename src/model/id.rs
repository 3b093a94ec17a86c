//! Identifiers: [`ActorId`], [`DocumentId`] and [`RelationId`].
//!
//! Ids are ours, never petgraph's: they survive removals, serialization and
//! merging. Actor and document ids are short strings (slugs such as
//! `vladimir_putin`); relation ids are numbers handed out by the graph.

use std::borrow::Borrow;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest accepted id, in bytes.
pub const MAX_ID_LEN: usize = 256;

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// The id is empty.
    #[error("an id must not be empty")]
    Empty,
    /// The id is longer than [`MAX_ID_LEN`] bytes.
    #[error("id of {len} bytes is longer than the limit of {MAX_ID_LEN}: {prefix:?}…")]
    TooLong {
        /// Length in bytes.
        len: usize,
        /// The first characters of the id.
        prefix: String,
    },
    /// The id contains whitespace or a control character.
    #[error("id {id:?} contains whitespace or a control character at byte {offset}")]
    BadChar {
        /// The id.
        id: String,
        /// Byte offset of the character.
        offset: usize,
    },
}

fn validate(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    if s.len() > MAX_ID_LEN {
        return Err(IdError::TooLong {
            len: s.len(),
            prefix: s.chars().take(32).collect(),
        });
    }
    // Printable ASCII (the usual slug or number) needs no char decoding.
    if s.bytes().all(|b| b.is_ascii_graphic()) {
        return Ok(());
    }
    if let Some((offset, _)) = s
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || c.is_control())
    {
        return Err(IdError::BadChar {
            id: s.to_string(),
            offset,
        });
    }
    Ok(())
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Checks and wraps an id: non-empty, at most [`MAX_ID_LEN`]
            /// bytes, no whitespace or control characters.
            pub fn new(id: impl AsRef<str>) -> Result<Self, IdError> {
                let id = id.as_ref();
                validate(id)?;
                Ok(Self(Arc::from(id)))
            }

            /// Wraps an id the caller has checked to be what [`new`](Self::new)
            /// accepts without decoding: 1 to [`MAX_ID_LEN`] bytes, all
            /// printable ASCII other than space (bulk loaders check that a
            /// word at a time while splitting the row).
            #[allow(dead_code)] // used for actor ids only
            #[inline]
            pub(crate) fn from_graphic(id: &str) -> Self {
                debug_assert!(
                    !id.is_empty()
                        && id.len() <= MAX_ID_LEN
                        && id.bytes().all(|b| b.is_ascii_graphic())
                );
                Self(Arc::from(id))
            }

            /// The id as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), &*self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<&str> for $name {
            type Error = IdError;
            fn try_from(s: &str) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = std::borrow::Cow::<str>::deserialize(d)?;
                Self::new(&*s).map_err(serde::de::Error::custom)
            }
        }
    };
}

string_id! {
    /// The stable id of an actor, e.g. `russia`, `vladimir_putin`, `csto`.
    ///
    /// ```
    /// use geokg::ActorId;
    /// let id = ActorId::new("vladimir_putin").unwrap();
    /// assert_eq!(id.as_str(), "vladimir_putin");
    /// assert!(ActorId::new("two words").is_err());
    /// assert_eq!(ActorId::slug("Kassym-Jomart Tokayev").as_str(), "kassym_jomart_tokayev");
    /// ```
    ActorId
}

string_id! {
    /// The id of a source document, e.g. `ap-2022-01-08-kazakhstan-ukraine`
    /// or a URL.
    DocumentId
}

impl ActorId {
    /// Makes a slug id from any name: lowercase ASCII letters and digits
    /// joined by `_` (other letters are kept, lowercased). An empty slug
    /// becomes `actor`.
    pub fn slug(name: &str) -> ActorId {
        let mut out = String::with_capacity(name.len());
        let mut gap = false;
        for c in name.chars() {
            if c.is_alphanumeric() {
                if gap && !out.is_empty() {
                    out.push('_');
                }
                gap = false;
                out.extend(c.to_lowercase());
            } else if c != '\'' && c != '’' {
                gap = true;
            }
            if out.len() >= MAX_ID_LEN - 8 {
                break;
            }
        }
        if out.is_empty() {
            out.push_str("actor");
        }
        ActorId(Arc::from(out))
    }
}

/// The id of a relation inside one [`KnowledgeGraph`](crate::KnowledgeGraph).
///
/// Handed out in increasing order by the graph; never reused after removal,
/// kept by JSON round-trips.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RelationId(pub(crate) u32);

impl RelationId {
    /// The id as a number.
    pub fn index(self) -> u32 {
        self.0
    }

    /// The id with this number (it names a relation only in the graph that
    /// handed it out).
    pub fn from_index(index: u32) -> Self {
        RelationId(index)
    }
}

impl fmt::Display for RelationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "r{}", self.0)
    }
}

impl fmt::Debug for RelationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RelationId({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation() {
        assert_eq!(ActorId::new(""), Err(IdError::Empty));
        assert!(matches!(
            ActorId::new("a\tb"),
            Err(IdError::BadChar { offset: 1, .. })
        ));
        assert!(matches!(
            ActorId::new("x".repeat(300)),
            Err(IdError::TooLong { len: 300, .. })
        ));
        assert_eq!(ActorId::new("csto").unwrap().to_string(), "csto");
        let id: ActorId = serde_json::from_str("\"russia\"").unwrap();
        assert_eq!(id.as_str(), "russia");
        assert!(serde_json::from_str::<ActorId>("\"\"").is_err());
    }

    #[test]
    fn slugs() {
        assert_eq!(
            ActorId::slug("U.S. State Department").as_str(),
            "u_s_state_department"
        );
        assert_eq!(ActorId::slug("Russia’s army").as_str(), "russias_army");
        assert_eq!(ActorId::slug("  !!! ").as_str(), "actor");
        assert_eq!(ActorId::slug("Zürich").as_str(), "zürich");
    }
}

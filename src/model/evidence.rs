//! Evidence and attribution: documents, byte spans, quotes, modality.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::id::DocumentId;
use super::time::Date;

/// How a relation is asserted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// Stated as fact by whoever asserts it (the narrator by default).
    #[default]
    Fact,
    /// Asserted by a speaker and reported as their claim.
    Claim,
    /// Hedged: may, could, likely, would, possibly.
    Speculation,
    /// Denied by the speaker.
    Denial,
}

impl Modality {
    /// Every modality.
    pub const ALL: [Modality; 4] = [
        Modality::Fact,
        Modality::Claim,
        Modality::Speculation,
        Modality::Denial,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Fact => "fact",
            Modality::Claim => "claim",
            Modality::Speculation => "speculation",
            Modality::Denial => "denial",
        }
    }
}

impl fmt::Display for Modality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a [`Modality`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown modality {0:?} (expected fact, claim, speculation or denial)")]
pub struct UnknownModality(pub String);

impl FromStr for Modality {
    type Err = UnknownModality;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Modality::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownModality(s.to_string()))
    }
}

/// A half-open byte range `start..end` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span; `None` when `end < start`.
    pub fn new(start: u32, end: u32) -> Option<Span> {
        (start <= end).then_some(Span { start, end })
    }

    /// A span from `usize` offsets; `None` when they do not fit or `end < start`.
    pub fn from_range(range: std::ops::Range<usize>) -> Option<Span> {
        Span::new(
            u32::try_from(range.start).ok()?,
            u32::try_from(range.end).ok()?,
        )
    }

    /// The span as a `usize` range.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span is empty.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// One piece of evidence for a relation: where in which document, and the
/// verbatim words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// The source document.
    pub document: DocumentId,
    /// Byte span of the quote in the document's text, when known.
    #[serde(default, flatten, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The verbatim quote. When the document's text is held and a span is
    /// given, it equals the text of the span.
    #[serde(default)]
    pub quote: String,
}

impl Evidence {
    /// Evidence that only names its document (as event datasets do).
    pub fn document(document: DocumentId) -> Self {
        Evidence {
            document,
            span: None,
            quote: String::new(),
        }
    }

    /// Evidence with a span and its quote.
    pub fn quote(document: DocumentId, span: Span, quote: impl Into<String>) -> Self {
        Evidence {
            document,
            span: Some(span),
            quote: quote.into(),
        }
    }
}

/// A source document: an article, a report, an event file's source URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id.
    pub id: DocumentId,
    /// Title or headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date, the anchor for relative dates ("Thursday").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    /// Publisher or agency ("AP").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Where it can be found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The full text, when held. Evidence spans index into it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Document {
    /// A document with only an id.
    pub fn new(id: DocumentId) -> Self {
        Document {
            id,
            title: None,
            published: None,
            source: None,
            url: None,
            text: None,
        }
    }

    /// Sets the text.
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// Sets the title.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets the publication date.
    pub fn with_published(mut self, date: Date) -> Self {
        self.published = Some(date);
        self
    }

    /// Sets the URL.
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// The text of a span, when the text is held and the span lies on
    /// character boundaries inside it.
    pub fn slice(&self, span: Span) -> Option<&str> {
        self.text.as_deref()?.get(span.range())
    }
}

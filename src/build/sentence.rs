//! Sentence and paragraph splitting for news text.
//!
//! Hand-written rather than `unicode-segmentation`: UAX #29 sentence
//! boundaries break after "Mr.", "Gen.", "U.S." and "Jan." when the next
//! word is capitalized, which is exactly the case in news text ("U.S.
//! Secretary of State", "Gen. Mark Milley"), so an abbreviation pass would
//! be needed on top anyway; a single byte scan with the abbreviation list
//! is simpler, gives byte offsets directly and runs at several hundred MB/s.
//!
//! Rules:
//! * a blank line (two newlines with only spaces between) ends a paragraph
//!   and its sentence;
//! * `.`, `!`, `?` (optionally followed by closing quotes or brackets) end a
//!   sentence when followed by whitespace and then an uppercase letter, a
//!   digit or an opening quote;
//! * not after a known abbreviation (titles, months, "St", "No", "vs"), a
//!   single capital initial ("J."), or a word with an inner period
//!   ("U.S.", "D.C."), and not after an ellipsis.

/// A sentence: a byte range of the text and the paragraph it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// First byte (not whitespace).
    pub start: usize,
    /// One past the last byte (trailing whitespace excluded).
    pub end: usize,
    /// 0-based paragraph number.
    pub paragraph: u32,
}

impl Sentence {
    /// The sentence's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// The next byte that can end a sentence (`.`, `!`, `?`) or a paragraph
/// (a newline), found with `memchr` (vectorized) rather than a byte loop.
/// The two searches remember their last answer: positions only grow, so
/// a newline far ahead is found once, not again after every period.
struct Stops {
    /// First `.`, `!` or `?` at or after the last search start
    /// (`bytes.len()` if none; `None` before the first search).
    punct: Option<usize>,
    /// First newline at or after the last search start, likewise.
    newline: Option<usize>,
}

impl Stops {
    /// The first stop byte at or after `from` (`bytes.len()` if none);
    /// `from` never decreases between calls.
    fn next(&mut self, bytes: &[u8], from: usize) -> usize {
        let rest = bytes.get(from..).unwrap_or_default();
        let punct = match self.punct {
            Some(p) if p >= from => p,
            _ => memchr::memchr3(b'.', b'!', b'?', rest).map_or(bytes.len(), |k| from + k),
        };
        let newline = match self.newline {
            Some(p) if p >= from => p,
            _ => memchr::memchr(b'\n', rest).map_or(bytes.len(), |k| from + k),
        };
        self.punct = Some(punct);
        self.newline = Some(newline);
        punct.min(newline)
    }
}

/// The longest sentence in bytes; longer runs are cut at a space.
pub const MAX_SENTENCE: usize = 2_000;

fn push_trimmed(out: &mut Vec<Sentence>, text: &str, s: usize, e: usize, p: u32) {
    let seg = &text[s..e];
    let lead = seg.len() - seg.trim_start().len();
    let trimmed = seg.trim();
    if !trimmed.is_empty() {
        out.push(Sentence {
            start: s + lead,
            end: s + lead + trimmed.len(),
            paragraph: p,
        });
    }
}

/// Abbreviations after which a period does not end a sentence, sorted
/// (byte order) for a binary search.
const ABBREVIATIONS: &[&str] = &[
    "Adm", "Amb", "Apr", "Aug", "Brig", "Capt", "Cmdr", "Co", "Col", "Corp", "Cpt", "Dec", "Dept",
    "Dr", "Feb", "Fig", "Ft", "Gen", "Gens", "Gov", "Gov't", "Hon", "Inc", "Jan", "Jr", "Jul",
    "Jun", "Lt", "Ltd", "Maj", "Mar", "Mr", "Mrs", "Ms", "Mt", "No", "Nos", "Nov", "Oct", "Pres",
    "Prof", "Rep", "Reps", "Rev", "Sen", "Sens", "Sep", "Sept", "Sgt", "Sr", "St", "al", "approx",
    "cf", "est", "vs",
];

fn is_abbreviation(word: &str) -> bool {
    if word.contains('.') {
        // "U.S", "D.C", "e.g", "a.m"
        return true;
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    ABBREVIATIONS.binary_search(&word).is_ok()
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

fn is_opening_or_start(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«')
}

/// Splits text into sentences (byte ranges, whitespace-trimmed, never
/// empty) with their paragraph numbers.
///
/// ```
/// use geokg::build::split_sentences;
/// let t = "U.S. Secretary of State Antony Blinken met Gen. Smith on Jan. 5. He left.\n\nNew paragraph.";
/// let s: Vec<&str> = split_sentences(t).iter().map(|s| s.text(t)).collect();
/// assert_eq!(s, ["U.S. Secretary of State Antony Blinken met Gen. Smith on Jan. 5.", "He left.", "New paragraph."]);
/// ```
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::with_capacity(text.len() / 120 + 1);
    let bytes = text.as_bytes();
    let mut start = 0usize;
    let mut paragraph = 0u32;
    let mut i = 0usize;
    let mut stops = Stops {
        punct: None,
        newline: None,
    };
    let push = |out: &mut Vec<Sentence>, s: usize, e: usize, p: u32| {
        let mut s = s;
        // Over-long "sentences" (tables, run-on text, a single huge line)
        // are cut at a space so that per-sentence work stays bounded.
        while e - s > MAX_SENTENCE {
            let mut cut = s + MAX_SENTENCE;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            if let Some(k) = text[s..cut].rfind([' ', '\n', '\t']) {
                if k > MAX_SENTENCE / 2 {
                    cut = s + k;
                }
            }
            push_trimmed(out, text, s, cut, p);
            s = cut;
        }
        push_trimmed(out, text, s, e, p);
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                // Blank line?
                let mut j = i + 1;
                while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
                    j += 1;
                }
                if j < bytes.len() && bytes[j] == b'\n' {
                    push(&mut out, start, i, paragraph);
                    while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if out.last().is_some_and(|s| s.paragraph == paragraph) {
                        paragraph += 1;
                    }
                    start = j;
                    i = j;
                    continue;
                }
                i += 1;
            }
            b'.' | b'!' | b'?' => {
                let p = i;
                i += 1;
                // Ellipsis "..." is not a boundary.
                if bytes[p] == b'.'
                    && (bytes.get(i) == Some(&b'.') || (p > 0 && bytes[p - 1] == b'.'))
                {
                    while i < bytes.len() && bytes[i] == b'.' {
                        i += 1;
                    }
                    continue;
                }
                // Closing quotes and brackets belong to this sentence.
                let mut end = i;
                while let Some(c) = text[end..].chars().next() {
                    if is_closing(c) {
                        end += c.len_utf8();
                    } else {
                        break;
                    }
                }
                // Whitespace, then a sentence start.
                let rest = &text[end..];
                let ws = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
                if ws == 0 {
                    continue;
                }
                let Some(next) = rest[ws..].chars().next() else {
                    continue;
                };
                if rest[..ws].contains('\n') && rest[..ws].matches('\n').count() >= 2 {
                    // Paragraph break: handled by the newline branch.
                    i = end;
                    continue;
                }
                if !is_opening_or_start(next) {
                    continue;
                }
                if bytes[p] == b'.' {
                    let word_start = text[..p]
                        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘'))
                        .map_or(0, |k| {
                            k + text[k..].chars().next().map_or(1, char::len_utf8)
                        });
                    let word = &text[word_start.min(p)..p];
                    if is_abbreviation(word) {
                        continue;
                    }
                }
                push(&mut out, start, end, paragraph);
                start = end;
                i = end;
            }
            _ => {
                // Skip to the next byte that can end a sentence.
                i = stops.next(bytes, i + 1);
            }
        }
    }
    push(&mut out, start, text.len(), paragraph);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_are_sorted_for_the_binary_search() {
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
        for w in ABBREVIATIONS {
            assert!(is_abbreviation(w), "{w}");
        }
        assert!(!is_abbreviation("Russia"));
        assert!(!is_abbreviation("mr"));
    }

    fn texts(t: &str) -> Vec<&str> {
        split_sentences(t).iter().map(|s| s.text(t)).collect()
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            texts("Mr. Smith met Sen. Jones. Gen. Mark A. Milley said so. The U.S. Navy sailed."),
            [
                "Mr. Smith met Sen. Jones.",
                "Gen. Mark A. Milley said so.",
                "The U.S. Navy sailed."
            ]
        );
        assert_eq!(
            texts("It rose on Jan. 5 in Kyiv! Why? Nobody knows."),
            ["It rose on Jan. 5 in Kyiv!", "Why?", "Nobody knows."]
        );
    }

    #[test]
    fn quotes_and_paragraphs() {
        let t = "“It is over,” he said. “Yes.”\n\nHeadline without period\n\nNext one.";
        assert_eq!(
            texts(t),
            [
                "“It is over,” he said.",
                "“Yes.”",
                "Headline without period",
                "Next one."
            ]
        );
        let s = split_sentences(t);
        assert_eq!(
            s.iter().map(|s| s.paragraph).collect::<Vec<_>>(),
            [0, 0, 1, 2]
        );
    }

    #[test]
    fn ellipsis_and_lowercase_continuation() {
        assert_eq!(
            texts("And so northern Kazakhstan … is seen. Wait... what. e.g. this."),
            [
                "And so northern Kazakhstan … is seen.",
                "Wait... what. e.g. this."
            ]
        );
    }

    #[test]
    fn long_runs_are_cut_at_spaces() {
        let t = "word ".repeat(1000) + "end";
        let s = split_sentences(&t);
        assert!(s.len() >= 3);
        assert!(s.iter().all(|x| x.end - x.start <= MAX_SENTENCE));
        assert!(
            s.iter()
                .all(|x| !x.text(&t).starts_with(' ') && !x.text(&t).ends_with(' '))
        );
        let joined: String = s.iter().map(|x| x.text(&t)).collect::<Vec<_>>().join(" ");
        assert_eq!(joined, t);
        let no_spaces = "ж".repeat(3000);
        let s = split_sentences(&no_spaces);
        assert_eq!(
            s.iter().map(|x| x.end - x.start).sum::<usize>(),
            no_spaces.len()
        );
    }

    #[test]
    fn degenerate_inputs() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences(" \n\n \n").is_empty());
        assert_eq!(texts("...."), ["...."]);
        assert_eq!(texts("a.\n\n\n"), ["a."]);
    }
}

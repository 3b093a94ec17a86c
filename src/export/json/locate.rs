//! Where items of a graph JSON file are: the error path's scanner.
//!
//! The readers name a refused item by its section and position
//! (`relations[12]`); these functions find that item's first byte in the
//! text, or the item around a byte a syntax error points at, by walking
//! the top-level object once. Only errors pay for it: the readers keep no
//! positions while they read.
//!
//! Positions follow serde_json's: 1-based lines, and 1-based columns
//! counted in bytes from the start of the line.

/// The top-level lists whose items errors name.
pub(super) const SECTIONS: [&str; 4] = ["documents", "actors", "kinds", "relations"];

/// 1-based line and column (bytes) of byte `offset` of `text`.
pub(super) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = 1 + memchr::memchr_iter(b'\n', before).count();
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    (line, before.len() - line_start + 1)
}

/// The byte offset of a 1-based line and column (clamped to the text).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let b = text.as_bytes();
    let line_start = if line <= 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', b)
            .nth(line - 2)
            .map_or(b.len(), |i| i + 1)
    };
    (line_start + column.saturating_sub(1)).min(b.len())
}

/// Line and column of the first byte of item `index` of the top-level list
/// `section` (indices run on across repeated `section` keys, as the
/// readers count them); `None` when the text has no such item.
pub(super) fn item_position(text: &str, section: &str, index: usize) -> Option<(usize, usize)> {
    let mut found = None;
    walk(text, |s, i, start, _| {
        if s == section && i == index {
            found = Some(start);
            return false;
        }
        true
    });
    found.map(|at| line_column(text, at))
}

/// The section and index of the item a position (1-based line and
/// column, as serde_json reports errors) falls in: the item that starts
/// at or before it and does not end before it (a malformed item never
/// ends). `None` outside every item.
pub(super) fn item_at(text: &str, line: usize, column: usize) -> Option<(&'static str, usize)> {
    let offset = offset_of(text, line, column);
    let mut found = None;
    walk(text, |s, i, start, end| {
        if start > offset {
            return false;
        }
        if end.is_none_or(|end| offset < end) {
            found = Some((s, i));
            return false;
        }
        true
    });
    found
}

/// Walks the top-level object of `text`, calling `f(section, index,
/// start, end)` for each item of the [`SECTIONS`] lists in text order
/// (`end` is `None` for an item that is not well-formed, and the walk
/// stops after it) until `f` returns `false`.
fn walk(text: &str, mut f: impl FnMut(&'static str, usize, usize, Option<usize>) -> bool) {
    let mut s = Scan {
        b: text.as_bytes(),
        i: 0,
    };
    let mut counts = [0usize; SECTIONS.len()];
    let _ = (|| -> Option<()> {
        s.eat(b'{')?;
        if s.eat(b'}').is_some() {
            return Some(());
        }
        loop {
            let key = s.string()?;
            s.eat(b':')?;
            let section = SECTIONS.iter().position(|k| k.as_bytes() == key);
            match section {
                Some(k) if s.peek() == Some(b'[') => {
                    s.eat(b'[')?;
                    if s.eat(b']').is_none() {
                        loop {
                            s.ws();
                            let start = s.i;
                            let end = s.skip_value().map(|()| s.i);
                            if !f(SECTIONS[k], counts[k], start, end) {
                                return None;
                            }
                            end?;
                            counts[k] += 1;
                            if s.eat(b']').is_some() {
                                break;
                            }
                            s.eat(b',')?;
                        }
                    }
                }
                _ => s.skip_value()?,
            }
            if s.eat(b'}').is_some() {
                return Some(());
            }
            s.eat(b',')?;
        }
    })();
}

/// A cursor over JSON bytes that checks structure, not values.
struct Scan<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Scan<'a> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.i).copied()
    }

    /// Skips whitespace and `c`.
    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    /// A string's raw bytes between its quotes (escapes left as they are).
    fn string(&mut self) -> Option<&'a [u8]> {
        self.eat(b'"')?;
        let start = self.i;
        loop {
            match *self.b.get(self.i)? {
                b'"' => break,
                b'\\' => self.i += 2,
                _ => self.i += 1,
            }
        }
        let s = self.b.get(start..self.i)?;
        self.i += 1;
        Some(s)
    }

    /// Skips one value (depth-first, strings with their escapes).
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => {
                    self.i += 1;
                    depth += 1;
                    continue;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.i += 1;
                }
                b',' | b':' if depth > 0 => {
                    self.i += 1;
                    continue;
                }
                _ => {
                    // A number or a literal: up to the next delimiter.
                    let start = self.i;
                    while let Some(c) = self.b.get(self.i) {
                        if matches!(c, b',' | b':' | b'}' | b']' | b'"' | b'{' | b'[')
                            || c.is_ascii_whitespace()
                        {
                            break;
                        }
                        self.i += 1;
                    }
                    if self.i == start {
                        return None;
                    }
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "{\"format\":\"geokg\",\"actors\":[\n  {\"id\":\"a\",\"x\":[1,{\"y\":\"]\\\"\"}]},\n  {\"id\":\"b\"}\n],\n\"relations\": [ [0,0,1] , [1,0,0]]}";

    #[test]
    fn finds_items_and_their_positions() {
        assert_eq!(item_position(TEXT, "actors", 0), Some((2, 3)));
        assert_eq!(item_position(TEXT, "actors", 1), Some((3, 3)));
        assert_eq!(item_position(TEXT, "actors", 2), None);
        assert_eq!(item_position(TEXT, "relations", 0), Some((5, 16)));
        assert_eq!(item_position(TEXT, "relations", 1), Some((5, 26)));
        assert_eq!(item_position(TEXT, "documents", 0), None);
        // Inside the first actor's nested string, on the second line.
        assert_eq!(item_at(TEXT, 2, 20), Some(("actors", 0)));
        assert_eq!(item_at(TEXT, 5, 27), Some(("relations", 1)));
        assert_eq!(item_at(TEXT, 1, 5), None);
        assert_eq!(item_at(TEXT, 4, 1), None);
    }

    #[test]
    fn a_malformed_item_contains_everything_after_it() {
        let text = "{\"relations\":[[0,0,1],[0,\n\n  oops";
        assert_eq!(item_at(text, 3, 3), Some(("relations", 1)));
        assert_eq!(item_position(text, "relations", 1), Some((1, 23)));
        assert_eq!(item_at("", 1, 1), None);
        assert_eq!(item_at("[1,2]", 1, 2), None);
    }

    #[test]
    fn line_and_column_count_bytes_from_one() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 2), (1, 3));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 8), (3, 1));
        assert_eq!(offset_of(text, 3, 1), 8);
        assert_eq!(offset_of(text, 2, 2), 4);
        assert_eq!(offset_of(text, 9, 9), text.len());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "[\\[\\]{}\",:\\\\a-z0-9 \n]{0,60}", line in 0usize..5, column in 0usize..30) {
            let _ = item_at(&text, line, column);
            let _ = item_position(&text, "relations", 1);
        }
    }
}

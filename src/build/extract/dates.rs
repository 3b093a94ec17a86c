//! Dates of relations, relative to the document date.
//!
//! * Weekdays ("on Thursday", "Thursday") → the last such day on or before
//!   the document date.
//! * Months ("in January", "January 6", "Jan. 6, 2022", "January 2022") →
//!   a month or day date; without a year, the document's year (the year
//!   before when the month lies after the document's month).
//! * Years ("in 2014", "since 2008") → a year date (1900–2100).
//!
//! A relation takes the date expression of its sentence nearest to its
//! trigger.

use super::Doc;
use super::lexicon::Cue;
use super::matcher::What;
use crate::model::{Date, DatePrecision};

/// The last day with weekday `wd` (0 = Monday) on or before `anchor`.
pub fn last_weekday(anchor: Date, wd: u32) -> Option<Date> {
    if anchor.precision() != DatePrecision::Day {
        return None;
    }
    let back = (anchor.weekday() + 7 - wd % 7) % 7;
    anchor.add_days(-i64::from(back))
}

/// A month (1–12), with an optional day and year, resolved against the
/// document date.
pub fn month_date(
    anchor: Option<Date>,
    month: u32,
    day: Option<u32>,
    year: Option<i32>,
) -> Option<Date> {
    let year = match (year, anchor) {
        (Some(y), _) => y,
        (None, Some(a)) => {
            let ay = a.get_year();
            match a.get_month() {
                Some(am) if month > am => ay - 1,
                _ => ay,
            }
        }
        (None, None) => return None,
    };
    match day {
        Some(d) => Date::day(year, month, d).ok(),
        None => Date::month(year, month).ok(),
    }
}

fn parse_num(s: &str) -> Option<(u32, usize)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > 4 {
        return None;
    }
    Some((s[..len].parse().ok()?, len))
}

impl Doc<'_> {
    /// Date expressions of sentence `si` with their positions.
    pub(crate) fn date_expressions(&self, si: usize) -> Vec<(u32, Date)> {
        let s = self.sentences[si];
        let (h0, h1) = self.sent_hits[si];
        let mut out = Vec::new();
        let mut month_spans: Vec<(u32, u32)> = Vec::new();
        for h in &self.hits[h0 as usize..h1 as usize] {
            match h.what {
                What::Cue(Cue::Weekday(w)) => {
                    if let Some(d) = self.date.and_then(|a| last_weekday(a, u32::from(w))) {
                        out.push((h.start, d));
                    }
                }
                What::Cue(Cue::Month(m)) => {
                    // "January 6", "January 6, 2022", "January 2022".
                    let rest = self.span_text(h.end, s.end as u32);
                    let r = rest.trim_start_matches(' ');
                    let mut day = None;
                    let mut year = None;
                    let mut end = h.end;
                    if let Some((n, len)) = parse_num(r) {
                        let used = rest.len() - r.len() + len;
                        if len == 4 {
                            year = Some(n as i32);
                        } else if (1..=31).contains(&n) {
                            day = Some(n);
                            let r2 = &r[len..];
                            let r3 = r2.strip_prefix(", ").unwrap_or(r2).trim_start_matches(' ');
                            if let Some((y, 4)) = parse_num(r3) {
                                year = Some(y as i32);
                                end += (rest.len() - r3.len() + 4) as u32;
                            }
                        }
                        end = end.max(h.end + used as u32);
                    }
                    if let Some(d) = month_date(self.date, u32::from(m), day, year) {
                        out.push((h.start, d));
                        month_spans.push((h.start, end));
                    }
                }
                _ => {}
            }
        }
        // Years.
        let text = s.text(self.text);
        let bytes = text.as_bytes();
        let mut k = 0;
        while k + 4 <= bytes.len() {
            if bytes[k].is_ascii_digit()
                && (k == 0
                    || !bytes[k - 1].is_ascii_alphanumeric()
                        && bytes[k - 1] != b','
                        && bytes[k - 1] != b'.')
            {
                let len = bytes[k..].iter().take_while(|b| b.is_ascii_digit()).count();
                let after = bytes.get(k + len);
                let followed_by_digits =
                    after == Some(&b',') && bytes.get(k + len + 1).is_some_and(u8::is_ascii_digit);
                if len == 4 && !followed_by_digits && !after.is_some_and(u8::is_ascii_alphabetic) {
                    let pos = s.start as u32 + k as u32;
                    let in_month = month_spans.iter().any(|&(a, b)| a <= pos && pos < b);
                    if let (false, Ok(y)) = (in_month, text[k..k + 4].parse::<i32>()) {
                        if (1900..=2100).contains(&y) {
                            if let Ok(d) = Date::year(y) {
                                out.push((pos, d));
                            }
                        }
                    }
                }
                k += len.max(1);
            } else {
                k = next_digit(bytes, k + 1);
            }
        }
        out
    }
}

/// The first ASCII digit at or after `i` (`bytes.len()` if none), eight
/// bytes at a time: most sentences hold few digits or none.
fn next_digit(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(&[a, b, c, d, e, f, g, h]) = bytes.get(i..i + 8) {
        // Digits become bytes 0..=9 (xor is one-to-one); the test below
        // says whether any byte of the word is below 10 (exactly, for
        // "any"; see "hasless" in Bit Twiddling Hacks).
        let y = u64::from_le_bytes([a, b, c, d, e, f, g, h]) ^ (ONES * 0x30);
        if y.wrapping_sub(ONES * 10) & !y & HIGH != 0 {
            break;
        }
        i += 8;
    }
    bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(u8::is_ascii_digit))
        .map_or(bytes.len(), |k| i + k)
}

/// The date expression nearest to byte `pos` among a sentence's
/// expressions (computed once per sentence).
pub(crate) fn nearest(dates: &[(u32, Date)], pos: u32) -> Option<Date> {
    dates
        .iter()
        .min_by_key(|&&(p, _)| p.abs_diff(pos))
        .map(|&(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_digit_finds_the_first_digit() {
        let naive = |b: &[u8], i: usize| {
            (i..b.len())
                .find(|&k| b[k].is_ascii_digit())
                .unwrap_or(b.len())
        };
        let texts: [&[u8]; 6] = [
            b"On January 6, 2022 troops arrived",
            b"no digits in this rather long sentence at all",
            b"/:;<=>?@09",
            b"\xff\x39\x2f\x3a0",
            b"12345678901234567",
            b"",
        ];
        for t in texts {
            for i in 0..=t.len() {
                assert_eq!(next_digit(t, i), naive(t, i), "{t:?} from {i}");
            }
        }
        // Every byte value next to a digit, at every offset in a word.
        for v in 0..=255u8 {
            for at in 0..9 {
                let mut t = vec![v; 16];
                t[at + 4] = b'7';
                assert_eq!(next_digit(&t, 0), naive(&t, 0), "{v} at {at}");
            }
        }
    }

    #[test]
    fn weekdays_and_months() {
        let sat = Date::day(2022, 1, 8).unwrap(); // a Saturday
        assert_eq!(sat.weekday(), 5);
        assert_eq!(last_weekday(sat, 3).unwrap().to_string(), "2022-01-06"); // Thursday
        assert_eq!(last_weekday(sat, 5).unwrap().to_string(), "2022-01-08");
        assert_eq!(last_weekday(sat, 0).unwrap().to_string(), "2022-01-03"); // Monday
        assert!(last_weekday(Date::year(2022).unwrap(), 0).is_none());
        assert_eq!(
            month_date(Some(sat), 12, None, None).unwrap().to_string(),
            "2021-12"
        );
        assert_eq!(
            month_date(Some(sat), 1, Some(6), None).unwrap().to_string(),
            "2022-01-06"
        );
        assert_eq!(
            month_date(None, 3, None, Some(2014)).unwrap().to_string(),
            "2014-03"
        );
        assert!(month_date(None, 3, None, None).is_none());
        assert!(month_date(Some(sat), 2, Some(30), None).is_none());
    }
}

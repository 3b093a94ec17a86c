//! Calendar dates with a precision: `2022`, `2022-01` or `2022-01-06`.
//!
//! News text rarely gives a full date for everything it reports: "in 2014",
//! "last January", "Thursday". A [`Date`] keeps exactly what is known and no
//! more, and orders chronologically (a year sorts before the months and days
//! inside it).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How much of a [`Date`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// Only the year is known (`2014`).
    Year,
    /// Year and month are known (`2022-01`).
    Month,
    /// The exact day is known (`2022-01-06`).
    Day,
}

/// A calendar date (proleptic Gregorian) known to a [`DatePrecision`].
///
/// Years run from -9999 to 9999. Ordering is chronological; a less precise
/// date sorts before the more precise dates it contains (`2022` < `2022-01` <
/// `2022-01-01`).
///
/// ```
/// use geokg::{Date, DatePrecision};
/// let d: Date = "2022-01-06".parse().unwrap();
/// assert_eq!(d.precision(), DatePrecision::Day);
/// assert_eq!(d.to_string(), "2022-01-06");
/// assert!(Date::year(2014).unwrap() < d);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    // Field order gives the chronological ordering; 0 = unknown month/day.
    year: i16,
    month: u8,
    day: u8,
}

/// Why a string or a set of numbers is not a valid [`Date`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("invalid date {text:?}: expected YYYY, YYYY-MM or YYYY-MM-DD")]
    Syntax {
        /// The text that was given.
        text: String,
    },
    /// The year is outside -9999..=9999.
    #[error("year {0} is out of range -9999..=9999")]
    Year(i32),
    /// The month is not 1..=12.
    #[error("month {0} is out of range 1..=12")]
    Month(u32),
    /// The day does not exist in that month.
    #[error("day {day} does not exist in {year:04}-{month:02}")]
    Day {
        /// Year of the date.
        year: i32,
        /// Month of the date.
        month: u32,
        /// The offending day.
        day: u32,
    },
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month of a year (month in 1..=12).
pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        _ => 28,
    }
}

impl Date {
    /// A date known to the year.
    pub fn year(year: i32) -> Result<Self, DateError> {
        if !(-9999..=9999).contains(&year) {
            return Err(DateError::Year(year));
        }
        Ok(Date {
            year: year as i16,
            month: 0,
            day: 0,
        })
    }

    /// A date known to the month.
    pub fn month(year: i32, month: u32) -> Result<Self, DateError> {
        let mut d = Self::year(year)?;
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        d.month = month as u8;
        Ok(d)
    }

    /// A date known to the day.
    pub fn day(year: i32, month: u32, day: u32) -> Result<Self, DateError> {
        let mut d = Self::month(year, month)?;
        if day == 0 || day > days_in_month(year, month) {
            return Err(DateError::Day { year, month, day });
        }
        d.day = day as u8;
        Ok(d)
    }

    /// The year.
    pub fn get_year(self) -> i32 {
        i32::from(self.year)
    }

    /// The month (1..=12), when known.
    pub fn get_month(self) -> Option<u32> {
        (self.month != 0).then_some(u32::from(self.month))
    }

    /// The day of the month, when known.
    pub fn get_day(self) -> Option<u32> {
        (self.day != 0).then_some(u32::from(self.day))
    }

    /// How much of the date is known.
    pub fn precision(self) -> DatePrecision {
        if self.day != 0 {
            DatePrecision::Day
        } else if self.month != 0 {
            DatePrecision::Month
        } else {
            DatePrecision::Year
        }
    }

    /// The first day this date covers (`2022` → `2022-01-01`).
    pub fn first_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month.max(1),
            day: self.day.max(1),
        }
    }

    /// The last day this date covers (`2022-02` → `2022-02-28`).
    pub fn last_day(self) -> Date {
        let month = if self.month == 0 { 12 } else { self.month };
        let day = if self.day == 0 {
            days_in_month(self.get_year(), u32::from(month)) as u8
        } else {
            self.day
        };
        Date {
            year: self.year,
            month,
            day,
        }
    }

    /// Days since 1970-01-01 of [`first_day`](Self::first_day) (negative before).
    pub fn days_since_epoch(self) -> i64 {
        let d = self.first_day();
        // Howard Hinnant's days_from_civil.
        let (mut y, m, day) = (i64::from(d.year), i64::from(d.month), i64::from(d.day));
        if m <= 2 {
            y -= 1;
        }
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `days` after [`first_day`](Self::first_day), at day precision.
    /// Returns `None` when the result leaves the supported year range.
    pub fn add_days(self, days: i64) -> Option<Date> {
        let z = self.days_since_epoch().checked_add(days)? + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::day(i32::try_from(y).ok()?, m as u32, d as u32).ok()
    }

    /// Day of the week of [`first_day`](Self::first_day): 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.days_since_epoch() + 3).rem_euclid(7) as u32
    }

    /// Whether `other` lies inside the period this date covers
    /// (`2022` contains `2022-01-06`; a day contains only itself).
    pub fn contains(self, other: Date) -> bool {
        self.first_day() <= other.first_day() && other.last_day() <= self.last_day()
    }

    /// A compact, order-preserving 32-bit code; `0` is never produced.
    pub(crate) fn pack(self) -> u32 {
        ((i32::from(self.year) + 10_000) as u32) << 9
            | u32::from(self.month) << 5
            | u32::from(self.day)
    }

    /// Inverse of [`pack`](Self::pack); `None` for `0`.
    pub(crate) fn unpack(code: u32) -> Option<Date> {
        if code == 0 {
            return None;
        }
        Some(Date {
            year: ((code >> 9) as i32 - 10_000) as i16,
            month: ((code >> 5) & 0xF) as u8,
            day: (code & 0x1F) as u8,
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.year < 0 {
            write!(f, "-{:04}", -i32::from(self.year))?;
        } else {
            write!(f, "{:04}", self.year)?;
        }
        if self.month != 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day != 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, DateError> {
        let syntax = || DateError::Syntax {
            text: text.chars().take(64).collect(),
        };
        let (neg, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut parts = body.split('-');
        let num = |s: Option<&str>, len: usize| -> Result<Option<u32>, DateError> {
            match s {
                None => Ok(None),
                Some(s) if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) => {
                    s.parse().map(Some).map_err(|_| syntax())
                }
                Some(_) => Err(syntax()),
            }
        };
        let year = num(parts.next(), 4)?.ok_or_else(syntax)? as i32;
        let year = if neg { -year } else { year };
        let month = num(parts.next(), 2)?;
        let day = num(parts.next(), 2)?;
        if parts.next().is_some() {
            return Err(syntax());
        }
        match (month, day) {
            (None, _) => Date::year(year),
            (Some(m), None) => Date::month(year, m),
            (Some(m), Some(d)) => Date::day(year, m, d),
        }
    }
}

impl Date {
    /// Writes the [`Display`](fmt::Display) form into `buf` without the
    /// formatting machinery (bulk JSON export writes millions of dates).
    fn write_iso(self, buf: &mut [u8; 12]) -> &str {
        let mut n = 0;
        let mut push = |b: u8| {
            buf[n] = b;
            n += 1;
        };
        if self.year < 0 {
            push(b'-');
        }
        let y = i32::from(self.year).unsigned_abs();
        if y >= 10_000 {
            push(b'0' + (y / 10_000) as u8);
        }
        for div in [1000, 100, 10, 1] {
            push(b'0' + ((y / div) % 10) as u8);
        }
        for part in [self.month, self.day] {
            if part != 0 {
                push(b'-');
                push(b'0' + part / 10);
                push(b'0' + part % 10);
            }
        }
        // Only ASCII digits and '-' were written.
        std::str::from_utf8(&buf[..n]).unwrap_or_default()
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; 12];
        s.serialize_str(self.write_iso(&mut buf))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print() {
        for s in ["2022", "2022-01", "2022-01-06", "0001-12-31", "-0044-03-15"] {
            assert_eq!(s.parse::<Date>().unwrap().to_string(), s);
        }
        for s in [
            "",
            "22",
            "2022-1",
            "2022-13",
            "2022-02-30",
            "2022-01-06-",
            "２０２２",
            "2022-00",
        ] {
            assert!(s.parse::<Date>().is_err(), "{s}");
        }
        assert_eq!("2024-02-29".parse::<Date>().unwrap().get_day(), Some(29));
        assert!("2023-02-29".parse::<Date>().is_err());
    }

    #[test]
    fn ordering_and_containment() {
        let y = Date::year(2022).unwrap();
        let m = Date::month(2022, 1).unwrap();
        let d = Date::day(2022, 1, 6).unwrap();
        assert!(y < m && m < d && d < Date::year(2023).unwrap());
        assert!(y.contains(d) && m.contains(d) && !d.contains(m));
        assert_eq!(
            Date::month(2024, 2).unwrap().last_day().to_string(),
            "2024-02-29"
        );
    }

    #[test]
    fn day_arithmetic() {
        let d = Date::day(2022, 1, 8).unwrap();
        assert_eq!(d.weekday(), 5); // Saturday
        assert_eq!(d.add_days(-2).unwrap().to_string(), "2022-01-06");
        assert_eq!(d.add_days(24).unwrap().to_string(), "2022-02-01");
        assert_eq!(Date::day(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::day(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
    }

    #[test]
    fn write_iso_matches_display() {
        for text in [
            "-9999",
            "-0044-03-15",
            "0001",
            "1979-01-01",
            "2022-01",
            "9999-12-31",
        ] {
            let d: Date = text.parse().unwrap();
            let mut buf = [0u8; 12];
            assert_eq!(d.write_iso(&mut buf), d.to_string());
            assert_eq!(d.write_iso(&mut buf), text);
        }
    }

    #[test]
    fn pack_roundtrip_preserves_order() {
        let ds: Vec<Date> = [
            "-9999",
            "1979-01-01",
            "2022",
            "2022-01",
            "2022-01-06",
            "9999-12-31",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
        for w in ds.windows(2) {
            assert!(w[0].pack() < w[1].pack());
        }
        for d in ds {
            assert_ne!(d.pack(), 0);
            assert_eq!(Date::unpack(d.pack()), Some(d));
        }
    }
}

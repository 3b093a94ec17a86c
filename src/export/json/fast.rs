//! The fast path of [`KnowledgeGraph::from_json`]: a byte scanner for the
//! layout this crate writes.
//!
//! It reads the top-level keys in the writer's order (`format`, `version`,
//! `next_relation_id`, `documents`, `actors`, `relations`, each but the
//! first two optional), actors as `{"id","name","kind"[,"aliases"]
//! [,"description"]}` and relations with their keys in the writer's order,
//! borrowing every string without escapes from the text. Whitespace
//! between tokens is allowed, so indented files take this path too.
//!
//! Version-2 rows of plain facts in the compact layout (`[s,k,t]` with an
//! optional `"YYYY-MM-DD"` or `null` date and `0.…` confidence, the bulk of
//! event data) are decoded at fixed positions, numbers and dates a word at
//! a time, and added to the graph in batches whose endpoint nodes are
//! prefetched ([`KnowledgeGraph::push_records`]); every other row takes the
//! row reader below and [`Rows::insert`], as the general path does.
//!
//! An item of another shape (documents always; actors with kind-specific
//! fields; keys in another order, escaped keys, unusual numbers) is parsed
//! on its own by the same `Deserialize` code as the general path, from the
//! text slice that holds it. Anything else unexpected, including every
//! error (malformed JSON, refused items), makes [`load`] return `None`:
//! the caller then runs the general serde path over the whole text, which
//! accepts every valid file and reports errors with line and column. So
//! the fast path decides nothing on its own: every value it accepts is
//! one the general path reads the same way.

use std::borrow::Cow;

use super::v2::{ExtraIn, RowIn, Rows};
use super::{ActorIn, JSON_FORMAT, RelationIn, insert_streamed};
use crate::build::import::csv::NodeLookup;
use crate::build::import::word_at;
use crate::graph::{EdgeRecord, KnowledgeGraph};
use crate::model::{
    Actor, ActorDetails, ActorId, ActorKind, CameoCode, Document, Evidence, Modality, RelationId,
    RelationKind,
};
use petgraph::graph::NodeIndex;

/// Reads a graph written in this crate's layout; `None` when the text is
/// not (or not valid): the caller falls back to the general path.
pub(super) fn load(text: &str) -> Option<KnowledgeGraph> {
    let mut s = Scan {
        text,
        b: text.as_bytes(),
        pos: 0,
    };
    let mut g = KnowledgeGraph::new();
    s.eat(b'{')?;
    if !s.key(b"format") || s.string()? != JSON_FORMAT {
        return None;
    }
    s.eat(b',')?;
    if !s.key(b"version") {
        return None;
    }
    let version = s.u32()?;
    if !(1..=2).contains(&version) {
        return None;
    }
    let mut next_relation_id = None;
    let mut nodes = Vec::new();
    let mut kinds = Vec::new();
    // Sections in the writer's order; each may be missing.
    let mut stage = 0;
    while s.try_eat(b',') {
        if stage < 1 && s.key(b"next_relation_id") {
            next_relation_id = Some(s.u32()?);
            stage = 1;
        } else if stage < 2 && s.key(b"documents") {
            s.documents(&mut g)?;
            stage = 2;
        } else if stage < 3 && s.key(b"actors") {
            nodes = s.actors(&mut g)?;
            stage = 3;
        } else if version == 2 && stage < 4 && s.key(b"kinds") {
            let table = KindTable::new();
            s.list(|s| {
                kinds.push(table.get(&s.string()?)?);
                Some(())
            })?;
            stage = 4;
        } else if stage < 5 && s.key(b"relations") {
            if stage < 3 {
                // No actors section first: the general path holds such
                // relations back (or names the unknown actors).
                return None;
            }
            if version == 1 {
                s.relations(&mut g, next_relation_id)?;
            } else {
                let rows = Rows::new(std::mem::take(&mut nodes), std::mem::take(&mut kinds));
                s.rows(&mut g, rows, next_relation_id)?;
            }
            stage = 5;
        } else {
            return None;
        }
    }
    s.eat(b'}')?;
    s.ws();
    if s.pos != s.b.len() {
        return None;
    }
    if let Some(next) = next_relation_id {
        g.reserve_relation_ids(next);
    }
    Some(g)
}

/// A cursor over the text.
struct Scan<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
}

/// The snake_case names of the relation kinds, hashed for lookup.
struct KindTable {
    slots: [Option<RelationKind>; 256],
}

impl KindTable {
    fn new() -> Self {
        let mut slots = [None; 256];
        for &k in RelationKind::ALL.iter() {
            let mut h = Self::hash(k.as_str().as_bytes());
            while slots[h].is_some() {
                h = (h + 1) & 255;
            }
            slots[h] = Some(k);
        }
        KindTable { slots }
    }

    #[inline]
    fn hash(b: &[u8]) -> usize {
        let (first, last) = match (b.first(), b.last()) {
            (Some(&f), Some(&l)) => (f as usize, l as usize),
            _ => (0, 0),
        };
        let mid = b.get(b.len() / 2).map_or(0, |&m| m as usize);
        (b.len() * 7 + first * 31 + last * 17 + mid * 5) & 255
    }

    #[inline]
    fn get(&self, name: &str) -> Option<RelationKind> {
        let mut h = Self::hash(name.as_bytes());
        loop {
            let k = self.slots[h]?;
            if k.as_str() == name {
                return Some(k);
            }
            h = (h + 1) & 255;
        }
    }
}

/// Position of the first `"`, `\\` or control character in `b`, eight
/// bytes at a time.
#[inline]
fn special_byte(b: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut at = 0;
    while let Some(chunk) = b.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // A byte of `x` is zero (of `w`, below 0x20) where the borrow
        // trick sets its high bit; only bytes after the first true hit can
        // be false hits, so the lowest set bit is exact.
        let quote = w ^ (LO * u64::from(b'"'));
        let backslash = w ^ (LO * u64::from(b'\\'));
        let hits = ((quote.wrapping_sub(LO) & !quote)
            | (backslash.wrapping_sub(LO) & !backslash)
            | (w.wrapping_sub(LO * 0x20) & !w))
            & HI;
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    b[at..]
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
        .map(|n| at + n)
}

/// Rows decoded (and their endpoints' node slots prefetched) before they
/// are added to the graph.
const ROW_BATCH: usize = 64;

/// A decoded plain row: source and target nodes and the record.
type PlainRow = (NodeIndex<u32>, NodeIndex<u32>, EdgeRecord);

/// Bytes a plain row is read from: the longest one (three 8-digit
/// indices, a date and an 8-digit confidence) is 52 bytes. Rows closer to
/// the end of the text take the general reader.
const ROW_WINDOW: usize = 64;

/// The run of 1 to 8 ASCII digits at `at` and its length, read as one
/// word; `None` when there is none, when a ninth digit follows, or when
/// fewer than 8 bytes are left (the caller then reads byte by byte).
#[inline(always)]
fn digits_at(b: &[u8], at: usize) -> Option<(u32, usize)> {
    const HI_NIBBLES: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    let w = word_at(b, at)?;
    // Digits become 0..=9 with a clear high nibble that adding 6 keeps
    // clear; the lowest byte failing that is the first non-digit (carries
    // only move up, so the bytes below it are tested exactly).
    let d = w ^ 0x3030_3030_3030_3030;
    let stops = (d | d.wrapping_add(0x0606_0606_0606_0606)) & HI_NIBBLES;
    let n = (stops.trailing_zeros() / 8) as usize;
    if n == 0 || (n == 8 && b.get(at + 8).is_some_and(u8::is_ascii_digit)) {
        return None;
    }
    // The digits moved to the top (the zero bytes below are leading
    // zeros), then combined in pairs, quads and eights, as
    // `swar_digits` does (the digit check is done above).
    let d = (d & (u64::MAX >> (8 * (8 - n)))) << (8 * (8 - n));
    let d = (d.wrapping_mul(10 * 256 + 1) >> 8) & 0x00FF_00FF_00FF_00FF;
    let d = (d.wrapping_mul(100 * 65536 + 1) >> 16) & 0x0000_FFFF_0000_FFFF;
    Some(((d.wrapping_mul(10_000 * (1 << 32) + 1) >> 32) as u32, n))
}

/// A JSON integer at `at` (no leading zero) that [`digits_at`] reads.
#[inline(always)]
fn index_at(b: &[u8], at: usize) -> Option<(u32, usize)> {
    let (v, n) = digits_at(b, at)?;
    if n > 1 && b[at] == b'0' {
        return None;
    }
    Some((v, n))
}

/// The packed code ([`Date::pack`](crate::model::Date)) of
/// `YYYY-MM-DD"` at `at` (a date string's text and its closing quote),
/// checked as [`Date::day`](crate::model::Date::day) checks it; `None`
/// for any other text or an impossible date (the general reader then
/// explains the error).
#[inline(always)]
fn packed_date_at(b: &[u8], at: usize) -> Option<u32> {
    // `0000-00-` as a little-endian word: digits become 0..=9 and the
    // dashes 0 once it is xored in.
    const FORM: u64 = u64::from_le_bytes(*b"0000-00-");
    const DASHES: u64 = 0xFF00_00FF_0000_0000;
    let v = word_at(b, at)? ^ FORM;
    let tail = b.get(at + 8..at + 11)?;
    let digits = v & !DASHES;
    if v & DASHES != 0
        || (digits | digits.wrapping_add(0x0606_0606_0606_0606)) & 0xF0F0_F0F0_F0F0_F0F0 != 0
        || tail[2] != b'"'
    {
        return None;
    }
    let (d1, d2) = (tail[0].wrapping_sub(b'0'), tail[1].wrapping_sub(b'0'));
    if d1 > 9 || d2 > 9 {
        return None;
    }
    // Year: digit pairs, then the pair of pairs (first digit lowest).
    let y = v & 0xFFFF_FFFF;
    let y = (y * 10 + (y >> 8)) & 0x00FF_00FF;
    let y = ((y * 100 + (y >> 16)) & 0xFFFF) as u32;
    let m = ((v >> 40) & 0xFF) as u32 * 10 + ((v >> 48) & 0xFF) as u32;
    let d = u32::from(d1) * 10 + u32::from(d2);
    if !(1..=12).contains(&m) || d == 0 || d > month_days(y, m) {
        return None;
    }
    Some((y + 10_000) << 9 | m << 5 | d)
}

/// Days in month `m` (1..=12) of year `y` (0..=9999), Gregorian, as
/// [`Date::day`](crate::model::Date::day) counts them (checked against it
/// in the tests).
#[inline(always)]
fn month_days(y: u32, m: u32) -> u32 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Exact powers of ten (up to 10^15, the longest mantissa read here).
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

fn actor_kind(name: &str) -> Option<ActorKind> {
    ActorKind::ALL.into_iter().find(|k| k.as_str() == name)
}

fn modality(name: &str) -> Option<Modality> {
    Modality::ALL.into_iter().find(|m| m.as_str() == name)
}

impl<'a> Scan<'a> {
    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    #[inline]
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.pos).copied()
    }

    #[inline]
    fn eat(&mut self, c: u8) -> Option<()> {
        self.try_eat(c).then_some(())
    }

    #[inline]
    fn try_eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Reads `"name":` when the next key is exactly `name` (unescaped);
    /// otherwise consumes nothing but whitespace.
    #[inline]
    fn key<const N: usize>(&mut self, name: &[u8; N]) -> bool {
        self.ws();
        let at = self.pos;
        let quoted = |i: usize| self.b.get(i) == Some(&b'"');
        let same = self
            .b
            .get(at + 1..at + 1 + N)
            .and_then(|s| <&[u8; N]>::try_from(s).ok())
            .is_some_and(|s| s == name);
        if quoted(at) && same && quoted(at + 1 + N) {
            self.pos = at + N + 2;
            if self.try_eat(b':') {
                return true;
            }
        }
        self.pos = at;
        false
    }

    /// A string; borrowed when it holds no escape.
    #[inline]
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.pos;
        let rest = self.b.get(start..)?;
        let n = special_byte(rest)?;
        match rest[n] {
            b'"' => {
                self.pos = start + n + 1;
                // Both ends are next to ASCII quotes, so char boundaries.
                self.text.get(start..start + n).map(Cow::Borrowed)
            }
            b'\\' => self.escaped_string(start - 1),
            _ => None,
        }
    }

    /// A string with escapes starting at the quote at `open`, decoded by
    /// serde_json.
    fn escaped_string(&mut self, open: usize) -> Option<Cow<'a, str>> {
        let mut i = open + 1;
        loop {
            match *self.b.get(i)? {
                b'"' => break,
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
        let s: String = serde_json::from_str(self.text.get(open..=i)?).ok()?;
        self.pos = i + 1;
        Some(Cow::Owned(s))
    }

    /// `null` (then `None`) or a string.
    #[inline]
    fn opt_string(&mut self) -> Option<Option<Cow<'a, str>>> {
        if self.literal(b"null") {
            Some(None)
        } else {
            self.string().map(Some)
        }
    }

    #[inline]
    fn literal(&mut self, word: &[u8]) -> bool {
        self.ws();
        let end = self.pos + word.len();
        if self.b.get(self.pos..end) == Some(word) {
            self.pos = end;
            true
        } else {
            false
        }
    }

    /// A non-negative integer that fits `u32`, written without fraction or
    /// exponent (anything else: `None`).
    #[inline]
    fn u32(&mut self) -> Option<u32> {
        self.ws();
        let b = self.b;
        let mut i = self.pos;
        let v: u32 = match *b.get(i)? {
            b'0' => {
                i += 1;
                0
            }
            c @ b'1'..=b'9' => {
                i += 1;
                let mut v = u32::from(c - b'0');
                while let Some(&c @ b'0'..=b'9') = b.get(i) {
                    v = v.checked_mul(10)?.checked_add(u32::from(c - b'0'))?;
                    i += 1;
                }
                v
            }
            _ => return None,
        };
        if let Some(b'0'..=b'9' | b'.' | b'e' | b'E') = b.get(i) {
            return None;
        }
        self.pos = i;
        Some(v)
    }

    /// The text of a JSON number.
    fn number(&mut self) -> Option<&'a str> {
        self.ws();
        let b = self.b;
        let start = self.pos;
        let mut i = start;
        let digits = |i: &mut usize| {
            let from = *i;
            while let Some(b'0'..=b'9') = b.get(*i) {
                *i += 1;
            }
            *i > from
        };
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i)? {
            b'0' => i += 1,
            b'1'..=b'9' => {
                digits(&mut i);
            }
            _ => return None,
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if !digits(&mut i) {
                return None;
            }
        }
        if let Some(b'e' | b'E') = b.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = b.get(i) {
                i += 1;
            }
            if !digits(&mut i) {
                return None;
            }
        }
        self.pos = i;
        self.text.get(start..i)
    }

    /// A number read as `f32` exactly as serde_json reads it. Plain
    /// decimals of at most 15 digits are computed here the way serde_json
    /// does (an integer becomes `u64`/`i64` then `as f32`, `-0` is -0.0; a decimal is
    /// its digits as `f64` divided by an exact power of ten, which is the
    /// correctly rounded value, then `as f32`); anything else (exponents,
    /// long mantissas) goes to serde_json itself.
    #[inline]
    fn f32(&mut self) -> Option<f32> {
        self.ws();
        let b = self.b;
        let start = self.pos;
        let mut i = start;
        let negative = b.get(i) == Some(&b'-');
        if negative {
            i += 1;
        }
        let mut sig: u64 = 0;
        let mut digits = 0usize;
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while let Some(&c @ b'0'..=b'9') = b.get(i) {
                    sig = sig.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
                    digits += 1;
                    i += 1;
                }
            }
            _ => return None,
        }
        let mut fraction = None;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let from = i;
            while let Some(&c @ b'0'..=b'9') = b.get(i) {
                sig = sig.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
                digits += 1;
                i += 1;
            }
            fraction = Some(i - from);
        }
        if digits > 15 || fraction == Some(0) || matches!(b.get(i), Some(b'e' | b'E')) {
            let s = self.number()?;
            return serde_json::from_str(s).ok();
        }
        self.pos = i;
        Some(match fraction {
            // serde_json reads `-0` as -0.0; rounding is symmetric.
            None if negative => -(sig as f32),
            None => sig as f32,
            Some(k) => {
                let v = sig as f64 / POW10[k];
                (if negative { -v } else { v }) as f32
            }
        })
    }

    /// Skips one JSON value (structurally: the slice is checked by
    /// whoever parses it) and returns its text.
    fn skip_value(&mut self) -> Option<&'a str> {
        self.ws();
        let start = self.pos;
        let b = self.b;
        let mut depth = 0usize;
        let mut i = start;
        loop {
            match *b.get(i)? {
                b'"' => {
                    i += 1;
                    loop {
                        match *b.get(i)? {
                            b'"' => break,
                            b'\\' => i += 2,
                            _ => i += 1,
                        }
                    }
                    i += 1;
                }
                b'{' | b'[' => {
                    depth += 1;
                    i += 1;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    i += 1;
                }
                b',' | b':' if depth > 0 => i += 1,
                b',' | b':' => return None,
                _ => {
                    // A scalar (number, literal) or whitespace.
                    i += 1;
                    if depth == 0 {
                        while let Some(c) = b.get(i) {
                            if matches!(c, b',' | b'}' | b']' | b':') {
                                break;
                            }
                            i += 1;
                        }
                    }
                }
            }
            if depth == 0 {
                break;
            }
        }
        self.pos = i;
        self.text.get(start..i)
    }

    /// The item at the cursor parsed by its `Deserialize` impl on its own.
    fn item<T: serde::Deserialize<'a>>(&mut self) -> Option<T> {
        let slice = self.skip_value()?;
        serde_json::from_str(slice).ok()
    }

    /// `[ item, … ]`, calling `f` for each item.
    #[inline]
    fn list(&mut self, mut f: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        if self.try_eat(b']') {
            return Some(());
        }
        loop {
            f(self)?;
            if !self.try_eat(b',') {
                return self.eat(b']');
            }
        }
    }

    fn documents(&mut self, g: &mut KnowledgeGraph) -> Option<()> {
        self.list(|s| {
            let d: Document = s.item()?;
            g.add_document(d).ok()
        })
    }

    /// The actors, added in file order; their nodes in that order.
    fn actors(&mut self, g: &mut KnowledgeGraph) -> Option<Vec<NodeIndex<u32>>> {
        let n = self.count_actors();
        g.reserve_actors(n);
        let mut nodes = Vec::with_capacity(n);
        self.list(|s| {
            let at = s.pos;
            let actor = match s.actor() {
                Some(a) => a,
                None => {
                    s.pos = at;
                    s.item::<ActorIn>()?.0
                }
            };
            nodes.push(g.push_actor(actor).ok()?);
            Some(())
        })?;
        Some(nodes)
    }

    /// About how many actors the list at the cursor holds (to reserve
    /// room once): the number of `{"id":` up to the `relations` key.
    fn count_actors(&self) -> usize {
        use memchr::memmem;
        let rest = self.b.get(self.pos..).unwrap_or_default();
        let end = memmem::find(rest, b"\"relations\"").unwrap_or(rest.len());
        memmem::find_iter(&rest[..end], b"{\"id\":").count()
    }

    /// An actor in the writer's shape without kind-specific fields.
    #[inline]
    fn actor(&mut self) -> Option<Actor> {
        self.eat(b'{')?;
        if !self.key(b"id") {
            return None;
        }
        let id = ActorId::new(&*self.string()?).ok()?;
        if !(self.try_eat(b',') && self.key(b"name")) {
            return None;
        }
        let name = self.string()?.into_owned();
        if !(self.try_eat(b',') && self.key(b"kind")) {
            return None;
        }
        let kind = actor_kind(&self.string()?)?;
        let mut aliases = Vec::new();
        let mut description = None;
        let mut stage = 0;
        while self.try_eat(b',') {
            if stage < 1 && self.key(b"aliases") {
                self.list(|s| {
                    aliases.push(s.string()?.into_owned());
                    Some(())
                })?;
                stage = 1;
            } else if stage < 2 && self.key(b"description") {
                description = self.opt_string()?.map(Cow::into_owned);
                stage = 2;
            } else {
                return None;
            }
        }
        self.eat(b'}')?;
        Some(Actor {
            id,
            name,
            details: ActorDetails::empty(kind),
            aliases,
            description,
        })
    }

    fn relations(&mut self, g: &mut KnowledgeGraph, next: Option<u32>) -> Option<()> {
        // As the general path: reserve for the announced count, bounded by
        // what the rest of the text could hold.
        let hint = next.map_or(0, |n| n as usize);
        g.reserve_relations(hint.min((self.b.len() - self.pos) / 32));
        let lookup = NodeLookup::new(g);
        let kinds = KindTable::new();
        self.list(|s| {
            let at = s.pos;
            let mut r = match s.relation(&kinds) {
                Some(r) => r,
                None => {
                    s.pos = at;
                    s.item::<RelationIn<'a>>()?
                }
            };
            insert_streamed(g, &lookup, &mut r).ok()
        })
    }

    /// Version-2 relation rows.
    ///
    /// Plain rows in the compact layout ([`plain_row`](Self::plain_row))
    /// are gathered in batches, their endpoints' node slots prefetched,
    /// and added with [`KnowledgeGraph::push_records`]; any other row first
    /// adds the batch, then goes through [`Rows::insert`] like the general
    /// path, so that relations are added in file order either way.
    fn rows(&mut self, g: &mut KnowledgeGraph, mut rows: Rows, next: Option<u32>) -> Option<()> {
        // A row takes at least 8 bytes (`[0,0,0],`).
        let hint = next.map_or(0, |n| n as usize);
        g.reserve_relations(hint.min((self.b.len() - self.pos) / 8));
        let slots = g.graph.node_slots();
        let identity = rows.nodes.iter().enumerate().all(|(i, n)| n.index() == i);
        let mut batch: Vec<PlainRow> = Vec::with_capacity(ROW_BATCH);
        self.list(|s| {
            // A plain row takes the next id; `push_records` gives it the
            // graph's next free one: the same while they agree.
            let next_free = g.next_relation_id().0 as usize + batch.len();
            if rows.next_id as usize == next_free {
                if let Some(e) = s.plain_row(&rows, identity) {
                    slots.prefetch(e.0);
                    slots.prefetch(e.1);
                    batch.push(e);
                    rows.next_id = rows.next_id.saturating_add(1);
                    rows.count += 1;
                    if batch.len() == ROW_BATCH {
                        g.push_records(&batch).ok()?;
                        batch.clear();
                    }
                    return Some(());
                }
            }
            g.push_records(&batch).ok()?;
            batch.clear();
            let row = s.row()?;
            rows.insert(g, row).ok()
        })?;
        g.push_records(&batch).ok()
    }

    /// A row of the compact layout holding a plain fact:
    /// `[s,k,t]`, `[s,k,t,date]` or `[s,k,t,date,confidence]` without
    /// whitespace, `date` being `null` or `"YYYY-MM-DD"` and `confidence`
    /// `0.` followed by 1 to 8 digits, the indices within their tables.
    /// Read with fixed positions and word-wise digits; same values as
    /// [`row`](Self::row) then [`Rows::insert`]. Any other row (extras,
    /// whitespace, other date or number forms, bad indices, rows within
    /// the last [`ROW_WINDOW`] bytes of the text): `None`, the cursor
    /// unmoved. `identity`: actor `i` of the file is node `i` (a fresh
    /// graph), so that no table lookup is needed.
    #[inline]
    fn plain_row(&mut self, rows: &Rows, identity: bool) -> Option<PlainRow> {
        // The longest plain row and the words read past its digits fit in
        // a fixed window: indices into it are checked against a constant.
        let w: &[u8; ROW_WINDOW] = self.b.get(self.pos..)?.first_chunk()?;
        let w = &w[..];
        if w[0] != b'[' {
            return None;
        }
        let (s, n) = index_at(w, 1)?;
        let mut p = 1 + n;
        if w.get(p) != Some(&b',') {
            return None;
        }
        let (k, n) = index_at(w, p + 1)?;
        p += 1 + n;
        if w.get(p) != Some(&b',') {
            return None;
        }
        let (t, n) = index_at(w, p + 1)?;
        p += 1 + n;
        let mut date = 0;
        let mut confidence = 1.0;
        if w.get(p) == Some(&b',') {
            p += 1;
            match w.get(p) {
                Some(b'"') => {
                    date = packed_date_at(w, p + 1)?;
                    p += 12;
                }
                Some(b'n') if w.get(p..p + 4) == Some(b"null") => p += 4,
                _ => return None,
            }
            if w.get(p) == Some(&b',') {
                if w.get(p + 1..p + 3) != Some(b"0.") {
                    return None;
                }
                let (digits, n) = digits_at(w, p + 3)?;
                // As `f32`: the digits over an exact power of ten in
                // `f64`, then narrowed, as serde_json reads them.
                confidence = (f64::from(digits) / POW10[n]) as f32;
                p += 3 + n;
            }
        }
        if w.get(p) != Some(&b']') {
            return None;
        }
        let node = |i: u32| {
            if identity {
                ((i as usize) < rows.nodes.len()).then(|| NodeIndex::new(i as usize))
            } else {
                rows.nodes.get(i as usize).copied()
            }
        };
        // `0.…` lies in 0..=1: no confidence check is left to do.
        let e = (
            node(s)?,
            node(t)?,
            EdgeRecord::plain(*rows.kinds.get(k as usize)?, date, confidence),
        );
        self.pos += p + 1;
        Some(e)
    }

    /// `[source, kind, target[, date[, confidence[, extras]]]]`.
    #[inline]
    fn row(&mut self) -> Option<RowIn<'a>> {
        self.eat(b'[')?;
        let source = self.u32()?;
        self.eat(b',')?;
        let kind = self.u32()?;
        self.eat(b',')?;
        let target = self.u32()?;
        let mut row = RowIn {
            source,
            kind,
            target,
            date: None,
            confidence: 1.0,
            extra: None,
        };
        if self.try_eat(b',') {
            row.date = self.opt_string()?;
            if self.try_eat(b',') {
                row.confidence = self.f32()?;
                if self.try_eat(b',') {
                    row.extra = Some(self.item::<ExtraIn>()?);
                }
            }
        }
        self.eat(b']')?;
        Some(row)
    }

    /// A relation with its keys in the writer's order.
    #[inline]
    fn relation(&mut self, kinds: &KindTable) -> Option<RelationIn<'a>> {
        self.eat(b'{')?;
        let id = if self.key(b"id") {
            let id = RelationId(self.u32()?);
            if !self.try_eat(b',') {
                return None;
            }
            Some(id)
        } else {
            None
        };
        if !self.key(b"source") {
            return None;
        }
        let source = self.string()?;
        if !(self.try_eat(b',') && self.key(b"kind")) {
            return None;
        }
        let kind = kinds.get(&self.string()?)?;
        if !(self.try_eat(b',') && self.key(b"target")) {
            return None;
        }
        let target = self.string()?;
        let mut r = RelationIn {
            id,
            source,
            kind,
            target,
            modality: Modality::Fact,
            negated: false,
            asserted_by: None,
            date: None,
            confidence: 1.0,
            evidence: Vec::new(),
            cameo: None,
            goldstein: None,
            note: None,
        };
        let mut stage = 0;
        while self.try_eat(b',') {
            if stage < 1 && self.key(b"modality") {
                r.modality = modality(&self.string()?)?;
                stage = 1;
            } else if stage < 2 && self.key(b"negated") {
                r.negated = if self.literal(b"true") {
                    true
                } else if self.literal(b"false") {
                    false
                } else {
                    return None;
                };
                stage = 2;
            } else if stage < 3 && self.key(b"asserted_by") {
                r.asserted_by = self.opt_string()?;
                stage = 3;
            } else if stage < 4 && self.key(b"date") {
                r.date = self.opt_string()?;
                stage = 4;
            } else if stage < 5 && self.key(b"confidence") {
                r.confidence = self.f32()?;
                stage = 5;
            } else if stage < 6 && self.key(b"evidence") {
                r.evidence = self.item::<Vec<Evidence>>()?;
                stage = 6;
            } else if stage < 7 && self.key(b"cameo") {
                r.cameo = self.item::<Option<CameoCode>>()?;
                stage = 7;
            } else if stage < 8 && self.key(b"goldstein") {
                r.goldstein = if self.literal(b"null") {
                    None
                } else {
                    Some(self.f32()?)
                };
                stage = 8;
            } else if stage < 9 && self.key(b"note") {
                r.note = self.opt_string()?.map(Cow::into_owned);
                stage = 9;
            } else {
                return None;
            }
        }
        self.eat(b'}')?;
        Some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Evidence, Relation, Span};
    use proptest::prelude::*;

    /// Whitespace after a file, so that its last rows are more than a
    /// plain-row window away from the end.
    const PAD: &str = "                                                                 ";

    /// `from_json` and the general path agree: the same graph, or the
    /// same error.
    fn agrees(text: &str) {
        let general = KnowledgeGraph::from_json_serde(text);
        let ours = KnowledgeGraph::from_json(text);
        match (ours, general) {
            (Ok(a), Ok(b)) => assert_eq!(a.to_json(), b.to_json(), "{text}"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text}"),
            (Ok(_), Err(e)) => panic!("fast path accepted what serde refuses ({e}): {text}"),
            (Err(e), Ok(_)) => panic!("refused a file serde reads ({e}): {text}"),
        }
    }

    /// The graph in version 1, compact and indented.
    fn v1_texts(g: &KnowledgeGraph) -> [String; 2] {
        let mut compact = Vec::new();
        g.write_json_version(&mut compact, 1).unwrap();
        [
            String::from_utf8(compact).unwrap(),
            serde_json::to_string_pretty(&g.json_value_v1()).unwrap(),
        ]
    }

    fn id(s: &str) -> ActorId {
        ActorId::new(s).unwrap()
    }

    /// The seed graph plus every annotation the format carries, strings
    /// that need escapes, an actor with kind-specific fields, and an id gap.
    fn rich_graph() -> KnowledgeGraph {
        let mut g = crate::seed::graph().unwrap();
        g.add_document(
            Document::new("doc\"x".parse().unwrap())
                .with_text("Line one.\nA \"quoted\" — ünïcode \\ text.")
                .with_title("T\t1"),
        )
        .unwrap();
        g.add_actor(
            Actor::new(
                id("q\"uote"),
                ActorKind::Person,
                "Jean \"Le Gros\" d’Arc\u{1}",
            )
            .with_aliases(["J\\A", "Жанна"])
            .with_description("line\nbreak"),
        )
        .unwrap();
        g.add_actor(Actor::country("fr", "France", "FRA").unwrap())
            .unwrap();
        let gone = g
            .add_relation(Relation::new(id("fr"), RelationKind::Supports, id("fr")))
            .unwrap();
        let r = Relation::new(id("q\"uote"), RelationKind::Threatens, id("fr"))
            .with_modality(Modality::Speculation)
            .with_asserted_by(id("fr"))
            .with_date(Date::month(1429, 5).unwrap())
            .with_confidence(0.123_456_79)
            .with_evidence(Evidence::quote(
                "doc\"x".parse().unwrap(),
                Span::new(12, 20).unwrap(),
                "",
            ))
            .with_evidence(Evidence::document("other".parse().unwrap()))
            .with_codes(CameoCode::new("1383").unwrap(), Some(-7.25))
            .with_note("a \"note\"\n");
        let mut r = r;
        r.negated = true;
        g.add_relation(r).unwrap();
        g.add_relation(
            Relation::new(id("fr"), RelationKind::Opposes, id("q\"uote")).with_confidence(0.0),
        )
        .unwrap();
        g.remove_relation(gone);
        g
    }

    #[test]
    fn writer_output_takes_the_fast_path() {
        for g in [
            rich_graph(),
            crate::testing::workload(300, 3000, 7),
            KnowledgeGraph::new(),
        ] {
            let [v1, v1_pretty] = v1_texts(&g);
            for text in [g.to_json(), g.to_json_pretty(), v1, v1_pretty] {
                let fast = load(&text).expect("the writer's layout takes the fast path");
                assert_eq!(fast.to_json(), g.to_json());
                assert_eq!(fast.next_relation_id(), g.next_relation_id());
                agrees(&text);
            }
        }
    }

    #[test]
    fn other_shapes_read_the_same() {
        let head = r#"{"format":"geokg","version":1,"actors":[{"id":"a","name":"A","kind":"country"},{"id":"b","name":"B","kind":"country","iso3":"BBB"}],"relations":["#;
        let items = [
            // Per-item fallbacks inside the fast path.
            r#"{"source":"a","kind":"invades","target":"b"}"#,
            r#"{"id":4,"kind":"invades","source":"a","target":"b"}"#,
            r#"{"id":4,"source":"a","kind":"invades","target":"b","confidence":5e-1}"#,
            r#"{"id":4,"source":"a","kind":"invades","target":"b","confidence":0.12345678901234567}"#,
            r#"{"id":4,"source":"a","kind":"invades","target":"b","confidence":1,"goldstein":-0}"#,
            r#"{"id":4,"source":"a","kind":"invades","target":"b","goldstein":-2.5E0}"#,
            r#"{"id":null,"source":"a","kind":"invades","target":"b","extra":{"x":[1,"]"]}}"#,
            r#"{"id":4,"source":"\u0061","kind":"invades","target":"b","date":null,"note":null}"#,
            r#"{"id":4,"s\u006furce":"a","kind":"invades","target":"b"}"#,
            r#"{"id":4,"source":"a","kind":"invades","target":"b","modality":{"claim":null}}"#,
            r#"{ "id" : 4 , "source" : "a" , "kind" : "invades" , "target" : "b" , "negated" : false }"#,
            // Refused by both.
            r#"{"id":4,"source":"a","kind":"invades","target":"b","confidence":1.5}"#,
            r#"{"id":4,"source":"a","kind":"invades","target":"b","date":"2022-13-40"}"#,
            r#"{"id":4,"source":"a","kind":"invades","target":"c"}"#,
            r#"{"id":4,"source":"a","kind":"invade","target":"b"}"#,
            r#"{"id":4,"id":5,"source":"a","kind":"invades","target":"b"}"#,
            r#"{"id":4.0,"source":"a","kind":"invades","target":"b"}"#,
            r#"{"id":4,"source":"a","kind":"invades","target":"b","confidence":01}"#,
            r#"{"id":4,"source":"a	b","kind":"invades","target":"b"}"#,
            r#"{"id":4,"source":"a","kind":"invades","target":"b"},"#,
            r#"{"id":4,"source":"a","kind":"invades","target":"b""#,
        ];
        for item in items {
            agrees(&format!("{head}{item}]}}"));
            agrees(&format!("{head}{item},{item}]}}"));
        }
        for text in [
            r#"{"version":1,"format":"geokg"}"#,
            r#"{"format":"geokg","version":1,"relations":[],"actors":[]}"#,
            r#"{"format":"geokg","version":1,"relations":[{"source":"a","kind":"invades","target":"a"}],"actors":[{"id":"a","name":"A","kind":"country"}]}"#,
            r#"{"format":"geokg","version":1,"actors":[{"name":"A","id":"a","kind":"country"}]}"#,
            r#"{"format":"geokg","version":1,"actors":[{"id":"a","name":"A","kind":"leader","office":"x"}]}"#,
            r#"{"format":"geokg","version":1,"actors":[{"id":"a","name":"A","kind":"country","aliases":["x","y"],"description":null}]}"#,
            r#"{"format":"geokg","version":1,"actors":[{"id":"a","name":"A","kind":"country"},{"id":"a","name":"A","kind":"country"}]}"#,
            r#"{"format":"geokg","version":1,"actors":[{"id":"a b","name":"A","kind":"country"}]}"#,
            r#"{"format":"geokg","version":1,"documents":[{"id":"d","text":"abc"}],"actors":[{"id":"a","name":"A","kind":"country"}],"relations":[{"source":"a","kind":"invades","target":"a","evidence":[{"document":"d","start":0,"end":9}]}]}"#,
            r#"{"format":"geokg","version":1,"next_relation_id":9,"documents":[],"actors":[],"relations":[]} "#,
            r#"{"format":"geokg","version":1,"next_relation_id":9} x"#,
            r#"{"format":"geokg","version":2}"#,
            r#"{"format":"geokg","version":1,"format":"geokg"}"#,
            "",
            "[]",
        ] {
            agrees(text);
        }
    }

    #[test]
    fn other_v2_shapes_read_the_same() {
        let head = r#"{"format":"geokg","version":2,"next_relation_id":7,"actors":[{"id":"a","name":"A","kind":"country"},{"id":"b","name":"B","kind":"leader","office":"x"}],"kinds":["invades","supports"],"relations":["#;
        let rows = [
            "[0,1,1]",
            "[ 0 , 1 , 1 , null , 0.5 ]",
            r#"[0,0,1,"2022-02-24",1,{}]"#,
            r#"[0,0,1,"2022-02",5e-1,{"note":"n\u00e9","evidence":[{"document":"d"}],"x":[1]}]"#,
            r#"[1,0,0,null,1,{"id":5,"modality":"denial","negated":true,"asserted_by":1,"cameo":"190","goldstein":-10}]"#,
            r#"[0,0,1,"\u0032022"]"#,
            r#"[0,0,1,"2022-02-24",0.5]"#,
            r#"[0,0,1,null,0.25]"#,
            r#"[0,0,1,"2024-02-29",0.12345678]"#,
            r#"[0,0,1,"2024-02-29",0.123456789]"#,
            r#"[0,0,1,"2022-02-24",0.0]"#,
            r#"[0,0,1,"2022-02-24",1.0]"#,
            r#"[0,0,1,"2022-02",0.5]"#,
            r#"[0,0,1,"2022-02-24" ,0.5]"#,
            r#"[1 ,0,1]"#,
            "[12345678,0,1]",
            // Refused by both.
            r#"[0,0,1,null,1,{"id":5,"id":6}]"#,
            r#"[0,0,1,null,1,{"goldstein":11}]"#,
            r#"[0,0,1,null,null]"#,
            r#"[0,0,1,"2022-02-30"]"#,
            r#"[0,0,1,"2023-02-29",0.5]"#,
            r#"[0,0,1,"2022-02-24",0.]"#,
            r#"[0,0,1,"2022-02-24",0.5e]"#,
            "[00,0,1]",
            "[0,0,1,nul]",
            "[0,0,-1]",
            "[0,0,01]",
            "[0,0,1.0]",
            "[0,2,1]",
            "[4294967296,0,1]",
            "[0,0,1],",
            "[0,0,1",
        ];
        for row in rows {
            agrees(&format!("{head}{row}]}}"));
            agrees(&format!("{head}{row},{row}]}}"));
            // Trailing space leaves room for the plain-row window.
            agrees(&format!("{head}{row},{row}]}}{PAD}"));
        }
        for text in [
            r#"{"format":"geokg","version":2,"relations":[[0,0,0]],"kinds":["invades"],"actors":[{"id":"a","name":"A","kind":"country"}]}"#,
            r#"{"format":"geokg","version":2,"actors":[{"id":"a","name":"A","kind":"country"}],"relations":[[0,0,0]],"kinds":["invades"]}"#,
            r#"{"format":"geokg","version":2,"actors":[{"id":"a","name":"A","kind":"country"}],"kinds":["invade"],"relations":[]}"#,
            r#"{"format":"geokg","version":2,"actors":[],"kinds":[],"relations":[{"source":"a"}]}"#,
            r#"{"version":2,"actors":[]}"#,
            r#"{"format":"other","version":2}"#,
            r#"{"format":"geokg","version":2,"next_relation_id":3}"#,
        ] {
            agrees(text);
        }
    }

    #[test]
    fn word_digits_read_like_the_byte_loop() {
        for text in [
            "0,",
            "7]",
            "10794,",
            "00042,",
            "99999999]",
            "12345678,",
            "123456789,",
            "1234567,x",
            "x1234567",
            ",1234567",
            "12:45678",
            "1/345678",
            "4294967295,",
            "12345678",
            "1234567",
        ] {
            let b = text.as_bytes();
            let run = b.iter().take_while(|c| c.is_ascii_digit()).count();
            let expected = (b.len() >= 8 && (1..=8).contains(&run))
                .then(|| (text[..run].parse::<u32>().unwrap(), run));
            assert_eq!(digits_at(b, 0), expected, "{text}");
            let index = expected.filter(|&(_, n)| n == 1 || b[0] != b'0');
            assert_eq!(index_at(b, 0), index, "{text}");
        }
    }

    #[test]
    fn packed_dates_agree_with_the_date_parser() {
        let mut checked = 0;
        for y in [0, 1, 4, 100, 400, 1900, 1979, 2000, 2023, 2024, 2100, 9999] {
            for m in 0..=13 {
                for d in 0..=32 {
                    let s = format!("{y:04}-{m:02}-{d:02}");
                    let text = format!("{s}\"]");
                    let ours = packed_date_at(text.as_bytes(), 0);
                    let theirs = crate::build::import::parse_date_str(&s)
                        .ok()
                        .map(Date::pack);
                    assert_eq!(ours, theirs, "{s}");
                    checked += usize::from(ours.is_some());
                }
            }
        }
        assert_eq!(checked, 12 * 365 + 5); // leap years: 0, 4, 400, 2000, 2024
        for bad in [
            "2022-02-24]",
            "2022/02-24\"",
            "2022-02/24\"",
            "2022-0a-24\"",
            "2022-02-2a\"",
            "a022-02-24\"",
            "2022-02-24 ",
            "-022-02-24\"",
            "2022-02-2\"]",
        ] {
            assert_eq!(packed_date_at(bad.as_bytes(), 0), None, "{bad}");
        }
    }

    #[test]
    fn plain_rows_resolve_through_the_node_table() {
        let mut g = KnowledgeGraph::new();
        let nodes: Vec<_> = ["a", "b", "c"]
            .iter()
            .map(|i| {
                g.push_actor(Actor::new(id(i), ActorKind::Country, *i))
                    .unwrap()
            })
            .collect();
        let text = format!(
            "{}{}",
            r#"[2,1,0,"2022-02-24",0.25],[0,0,1],[0,0,3],[0,2,1]"#,
            " ".repeat(64)
        );
        let text = text.as_str();
        let mut s = Scan {
            text,
            b: text.as_bytes(),
            pos: 0,
        };
        let kinds = vec![RelationKind::Invades, RelationKind::Supports];
        let reversed = Rows::new(nodes.iter().rev().copied().collect(), kinds.clone());
        let (a, b, e) = s.plain_row(&reversed, false).unwrap();
        assert_eq!((a, b, e.kind), (nodes[0], nodes[2], RelationKind::Supports));
        assert_eq!(Date::unpack(e.date), Some(Date::day(2022, 2, 24).unwrap()));
        assert_eq!(e.confidence, 0.25);
        s.pos += 1;
        let same = Rows::new(nodes.clone(), kinds);
        let (a, b, e) = s.plain_row(&same, true).unwrap();
        assert_eq!((a, b, e.date, e.confidence), (nodes[0], nodes[1], 0, 1.0));
        // Actor 3 and kind 2 are outside their tables: not plain rows, the
        // cursor stays for the general reader.
        s.pos += 1;
        let at = s.pos;
        assert!(s.plain_row(&same, true).is_none());
        assert_eq!(s.pos, at);
        s.pos = text.rfind('[').unwrap();
        assert!(s.plain_row(&same, true).is_none());
    }

    #[test]
    fn plain_rows_follow_explicit_ids() {
        let head = r#"{"format":"geokg","version":2,"actors":[{"id":"a","name":"A","kind":"country"},{"id":"b","name":"B","kind":"country"}],"kinds":["invades"],"relations":["#;
        let text = format!(
            "{head}{}]}}{PAD}",
            r#"[0,0,1],[0,0,1,null,1,{"id":5}],[0,0,1,null,1,{"id":2}],[1,0,0,"2022-02-24",0.5],[0,0,1,null,0.75]"#
        );
        let g = load(&text).expect("fast path");
        let ids: Vec<u32> = g.relations().map(|r| r.id().0).collect();
        assert_eq!(ids, [0, 2, 3, 4, 5]);
        let r3 = g.relation(RelationId(3)).unwrap();
        assert_eq!(r3.source().id.as_str(), "b");
        assert_eq!(r3.confidence(), 0.5);
        assert_eq!(g.relation(RelationId(4)).unwrap().confidence(), 0.75);
        agrees(&text);
        // The plain row after id 2 would take id 3 again.
        let text = format!(
            "{head}{}]}}{PAD}",
            r#"[0,0,1],[0,0,1,null,1,{"id":3}],[0,0,1,null,1,{"id":2}],[1,0,0]"#
        );
        assert!(load(&text).is_none());
        agrees(&text);
        // Ids run out: the same capacity error either way.
        let text = format!(
            "{head}{}]}}{PAD}",
            r#"[0,0,1,null,1,{"id":4294967294}],[0,0,1],[1,0,0]"#
        );
        assert!(load(&text).is_none());
        agrees(&text);
    }

    #[test]
    fn special_bytes_are_found_at_every_position() {
        let plain = "abcdefghijklmnopqrstuvwxyzé€ABCDEFG";
        for special in ['"', '\\', '\u{0}', '\u{1f}', '\n'] {
            for at in 0..plain.len() {
                if !plain.is_char_boundary(at) {
                    continue;
                }
                let text = format!("{}{special}{}\"", &plain[..at], &plain[at..]);
                assert_eq!(special_byte(text.as_bytes()), Some(at), "{text:?}");
            }
        }
        assert_eq!(special_byte(plain.as_bytes()), None);
        assert_eq!(special_byte(b"\x7f\xff !#"), None);
    }

    #[test]
    fn numbers_read_as_serde_json_reads_them() {
        let mut cases: Vec<String> = [
            "0",
            "1",
            "-0",
            "-0.0",
            "0.5",
            "0.452",
            "1.0",
            "10",
            "123456789012345",
            "1234567890123456",
            "0.000000000000001",
            "0.1000000000000001",
            "16777217",
            "-16777217",
            "9.999999",
            "0.3",
            "3.4028235e38",
            "1e-50",
            "-7.25",
            "18446744073709551616",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut rng = crate::testing::Rng::new(1);
        for _ in 0..20_000 {
            let v = f32::from_bits(rng.next_u64() as u32);
            if v.is_finite() {
                cases.push(serde_json::to_string(&v).unwrap());
            }
            cases.push(format!(
                "{:.*}",
                rng.below(12),
                rng.f64() * 10f64.powi(rng.below(8) as i32)
            ));
        }
        for c in cases {
            let mut s = Scan {
                text: &c,
                b: c.as_bytes(),
                pos: 0,
            };
            let ours = s.f32();
            let theirs: Option<f32> = serde_json::from_str(&c).ok();
            assert_eq!(ours.map(f32::to_bits), theirs.map(f32::to_bits), "{c}");
            assert_eq!(s.pos, c.len(), "{c}");
        }
    }

    /// Text edits that keep it UTF-8: truncate, delete a range, insert or
    /// replace with a JSON-significant character.
    fn mutate(text: &str, op: u8, at: usize, len: usize, c: char) -> String {
        let chars: Vec<char> = text.chars().collect();
        let at = at % (chars.len() + 1);
        let end = (at + len % 8).min(chars.len());
        let mut out: Vec<char> = chars.clone();
        match op % 4 {
            0 => out.truncate(at),
            1 => {
                out.drain(at..end);
            }
            2 => out.insert(at, c),
            _ => {
                if at < out.len() {
                    out[at] = c;
                }
            }
        }
        out.into_iter().collect()
    }

    fn base_texts() -> &'static [String] {
        static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        TEXTS.get_or_init(|| {
            let g = rich_graph();
            let small = crate::testing::workload(20, 60, 3);
            let [v1, v1_pretty] = v1_texts(&small);
            vec![
                g.to_json(),
                small.to_json(),
                small.to_json_pretty(),
                v1_texts(&g)[0].clone(),
                v1,
                v1_pretty,
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        #[test]
        fn mutated_json_agrees_with_the_general_path(
            which in 0usize..6,
            edits in proptest::collection::vec(
                (any::<u8>(), any::<usize>(), any::<usize>(),
                 proptest::sample::select(
                     "{}[],:\"\\ 0129.-eEtrufalsn\u{1}\u{e9}x".chars().collect::<Vec<_>>())),
                1..4),
        ) {
            let mut text = base_texts()[which].clone();
            for (op, at, len, c) in edits {
                text = mutate(&text, op, at, len, c);
            }
            agrees(&text);
        }
    }
}

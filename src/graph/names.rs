//! The case-insensitive name index: a hash of each normalized name (id,
//! canonical name, aliases) to the nodes that carry it.
//!
//! Only a 32-bit fold of the 64-bit hash is stored, with one `u32` node
//! index per entry (a list only for names several actors share or whose
//! hashes collide): 8 bytes per slot instead of a boxed key and a vector.
//! Lookups compare the normalized query with the candidates' names, so a
//! hash collision never returns a wrong actor.
//!
//! Actor ids that already are in normalized form (no upper case, no
//! folded quote) are not filed here: a case-insensitive query matches
//! such an id only when its normalized form equals it, which the graph's
//! id map answers (see [`id_needs_entry`]).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};

/// Hasher for keys that already are well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn write_u32(&mut self, n: u32) {
        // Spread the bits over the whole word: the table takes the bucket
        // from the low bits and a tag from the top ones.
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// Whether an actor id must be filed in the name index: ids whose
/// normalized form is themselves are found through the id map instead.
/// Ids never contain whitespace, so only case and quote folding matter.
pub(crate) fn id_needs_entry(id: &str) -> bool {
    !id.bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && b != b'`')
}

/// The table key of a 64-bit name hash.
#[inline]
fn key(hash: u64) -> u32 {
    (hash ^ (hash >> 32)) as u32
}

/// Feeds the normalized form of a name (see [`super::name_key`]) to `f`,
/// one character at a time, without allocating.
pub(crate) fn for_each_key_char(name: &str, mut f: impl FnMut(char)) {
    let mut space = false;
    let mut any = false;
    for c in name.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && any {
            f(' ');
        }
        space = false;
        any = true;
        match c {
            '’' | '‘' | '`' | '´' => f('\''),
            c => c.to_lowercase().for_each(&mut f),
        }
    }
}

/// Hash of the normalized name; `None` when it is empty.
///
/// The hash is [`key_hash`] of the normalized form's bytes. Names of
/// printable ASCII without spaces or folded quotes (ids, slugs, most
/// names in bulk data) are their own normalized form once lowercased: they
/// are lowercased into a stack buffer, without building the key string.
pub(crate) fn name_hash(name: &str) -> Option<u64> {
    if let Some(h) = simple_hash(name.as_bytes()) {
        return (!name.is_empty()).then_some(h);
    }
    let mut key = String::with_capacity(name.len());
    for_each_key_char(name, |c| key.push(c));
    (!key.is_empty()).then(|| key_hash(key.as_bytes()))
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The word `w` lowercased (ASCII), when its `live` bytes are printable
/// ASCII other than the backquote (the bytes of a name that is its own
/// key once lowercased); the other bytes come out zero. Word arithmetic:
/// with every byte below 0x80, adding a constant below 0x80 to each byte
/// carries into no other byte.
#[inline]
fn lower_simple_word(w: u64, live: u64) -> Option<u64> {
    let w = w & live;
    let (hi_live, lo_live) = (live & HI, live & LO);
    // High bits clear (ASCII); each byte >= 0x21 ('!') and <= 0x7E ('~').
    let ascii = w & HI == 0;
    let at_least_bang = w.wrapping_add(0x5F * lo_live) & hi_live == hi_live;
    let below_del = w.wrapping_add(lo_live) & hi_live == 0;
    let x = w ^ (0x60 * lo_live);
    let backquote = (x.wrapping_sub(lo_live) & !x & hi_live) != 0;
    if !(ascii && at_least_bang && below_del) || backquote {
        return None;
    }
    // Bytes in 'A'..='Z' get 0x20 added.
    let ge_a = w.wrapping_add(0x3F * lo_live);
    let gt_z = w.wrapping_add(0x25 * lo_live);
    let upper = ge_a & !gt_z & hi_live;
    Some(w | (upper >> 2))
}

/// [`key_hash`] of a name that is its own key once lowercased (printable
/// ASCII, no backquote), computed on the words of the name; `None` for
/// any other name.
#[inline]
fn simple_hash(b: &[u8]) -> Option<u64> {
    let mut h = key_seed(b.len());
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let w = lower_simple_word(u64::from_le_bytes(w), u64::MAX)?;
        h = key_step(h, w);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        let live = u64::MAX >> (8 * (8 - rest.len()));
        h = key_step(h, lower_simple_word(u64::from_le_bytes(w), live)?);
    }
    Some(mix(h))
}

#[inline]
fn key_seed(len: usize) -> u64 {
    0x243f_6a88_85a3_08d3 ^ (len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

#[inline]
fn key_step(h: u64, w: u64) -> u64 {
    (h ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29)
}

/// Hash of normalized key bytes, eight bytes at a time (a multiply-rotate
/// chain seeded with the length, then a finalizer). Only a hash: lookups
/// compare names, so a collision costs a comparison, never a wrong answer.
pub(crate) fn key_hash(key: &[u8]) -> u64 {
    let mut h = key_seed(key.len());
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = key_step(h, u64::from_le_bytes(w));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = key_step(h, u64::from_le_bytes(w));
    }
    mix(h)
}

/// splitmix64 finalizer: spreads the bits for the table's bucket and tag.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// A node index, or (high bit set) the index of a list in `multi`.
const MULTI: u32 = 1 << 31;

/// Largest node index the index can hold.
pub(crate) const MAX_NODE: u32 = MULTI - 1;

#[derive(Clone, Default)]
pub(crate) struct NameIndex {
    map: HashMap<u32, u32, BuildHasherDefault<PreHashed>>,
    multi: Vec<Vec<u32>>,
    free: Vec<u32>,
}

impl NameIndex {
    pub(crate) fn with_capacity(n: usize) -> Self {
        NameIndex {
            map: HashMap::with_capacity_and_hasher(n, Default::default()),
            ..Self::default()
        }
    }

    /// Reserves room for `additional` more names.
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.map.reserve(additional);
    }

    /// Adds `node` under `hash` (idempotent).
    pub(crate) fn insert(&mut self, hash: u64, node: u32) {
        debug_assert!(node <= MAX_NODE);
        let hash = key(hash);
        match self.map.entry(hash) {
            Entry::Vacant(slot) => {
                slot.insert(node);
            }
            Entry::Occupied(mut slot) if *slot.get() & MULTI == 0 => {
                let v = slot.get_mut();
                if *v != node {
                    let list = vec![*v, node];
                    let at = match self.free.pop() {
                        Some(i) => {
                            self.multi[i as usize] = list;
                            i
                        }
                        None => {
                            self.multi.push(list);
                            (self.multi.len() - 1) as u32
                        }
                    };
                    *v = at | MULTI;
                }
            }
            Entry::Occupied(slot) => {
                let list = &mut self.multi[(*slot.get() & !MULTI) as usize];
                if !list.contains(&node) {
                    list.push(node);
                }
            }
        }
    }

    /// Removes `node` from `hash` (idempotent).
    pub(crate) fn remove(&mut self, hash: u64, node: u32) {
        let hash = key(hash);
        let Some(v) = self.map.get_mut(&hash) else {
            return;
        };
        if *v & MULTI == 0 {
            if *v == node {
                self.map.remove(&hash);
            }
            return;
        }
        let at = *v & !MULTI;
        let list = &mut self.multi[at as usize];
        list.retain(|&n| n != node);
        match list.as_slice() {
            [] => {
                self.map.remove(&hash);
                self.free.push(at);
            }
            [one] => {
                *v = *one;
                list.clear();
                list.shrink_to_fit();
                self.free.push(at);
            }
            _ => {}
        }
    }

    /// The nodes filed under `hash` (candidates: compare names to confirm).
    pub(crate) fn get(&self, hash: u64) -> &[u32] {
        match self.map.get(&key(hash)) {
            None => &[],
            Some(v) if *v & MULTI == 0 => std::slice::from_ref(v),
            Some(v) => &self.multi[(*v & !MULTI) as usize],
        }
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.map.shrink_to_fit();
        self.multi.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_follows_normalization() {
        assert_eq!(name_hash("  Côte   d’Ivoire "), name_hash("CÔTE D'IVOIRE"));
        assert_ne!(name_hash("Niger"), name_hash("Nigeria"));
        assert_eq!(name_hash("   "), None);
        assert_eq!(name_hash("Côte_d'Ivoire"), name_hash("côte_D’ivoire"));
        assert_eq!(name_hash("NATO"), name_hash(" nato"));
        let mut s = String::new();
        for_each_key_char(" A \t B’s ", |c| s.push(c));
        assert_eq!(s, "a b's");
        assert_eq!(s, super::super::name_key(" A \t B’s "));
    }

    proptest::proptest! {
        #[test]
        fn hash_is_the_hash_of_the_normalized_key(
            name in proptest::string::string_regex("[ A-Za-z0-9_’`'.\\-éÉß\t]{0,80}").unwrap(),
        ) {
            let key = super::super::name_key(&name);
            let want = (!key.is_empty()).then(|| key_hash(key.as_bytes()));
            proptest::prop_assert_eq!(name_hash(&name), want);
        }
    }

    proptest::proptest! {
        #[test]
        fn word_lowercasing_is_exact(b in proptest::collection::vec(proptest::num::u8::ANY, 1..=8)) {
            let mut w = [0u8; 8];
            w[..b.len()].copy_from_slice(&b);
            let live = u64::MAX >> (8 * (8 - b.len()));
            let simple = b.iter().all(|&x| x.is_ascii_graphic() && x != b'`');
            let want = simple.then(|| {
                let mut l = [0u8; 8];
                for (o, x) in l.iter_mut().zip(&b) {
                    *o = x.to_ascii_lowercase();
                }
                u64::from_le_bytes(l)
            });
            // Garbage in the dead bytes must not matter.
            let dirty = u64::from_le_bytes(w) | (!live & 0xA5A5_A5A5_A5A5_A5A5);
            proptest::prop_assert_eq!(lower_simple_word(dirty, live), want);
        }
    }

    #[test]
    fn short_and_long_names_hash_alike() {
        let long = "Organisation_for_Security_and_Co-operation_in_Europe_and_Friends_X";
        assert_eq!(name_hash(long), name_hash(&long.to_lowercase()));
        assert_eq!(
            name_hash(long),
            Some(key_hash(long.to_lowercase().as_bytes()))
        );
        assert_ne!(key_hash(b"abcdefgh"), key_hash(b"abcdefgh\0"));
        assert_ne!(key_hash(b""), key_hash(b"\0"));
    }

    #[test]
    fn shared_names_and_removal() {
        let mut ix = NameIndex::default();
        ix.insert(7, 1);
        ix.insert(7, 1);
        assert_eq!(ix.get(7), &[1]);
        ix.insert(7, 2);
        ix.insert(7, 3);
        assert_eq!(ix.get(7), &[1, 2, 3]);
        ix.remove(7, 2);
        assert_eq!(ix.get(7), &[1, 3]);
        ix.remove(7, 1);
        assert_eq!(ix.get(7), &[3]);
        ix.insert(8, 4);
        ix.insert(8, 5);
        assert_eq!(ix.get(8), &[4, 5]);
        ix.remove(7, 3);
        assert!(ix.get(7).is_empty());
        ix.remove(9, 1);
        // Hashes that fold to the same key share a list.
        ix.insert(1 << 32, 6);
        assert_eq!(ix.get(1), &[6]);
        ix.insert(1, 7);
        assert_eq!(ix.get(1 << 32), &[6, 7]);
    }

    #[test]
    fn only_ids_that_normalization_changes_are_filed() {
        assert!(!id_needs_entry("12345"));
        assert!(!id_needs_entry("russia"));
        assert!(!id_needs_entry("cote_d'ivoire"));
        // Non-ASCII ids are filed (the check stays conservative).
        assert!(id_needs_entry("côte_d'ivoire"));
        assert!(id_needs_entry("Russia"));
        assert!(id_needs_entry("côte_d’ivoire"));
        assert!(id_needs_entry("a`b"));
        assert!(id_needs_entry("ÉTAT"));
    }
}

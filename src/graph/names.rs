//! The case-insensitive name index: a hash of each normalized name (id,
//! canonical name, aliases) to the nodes that carry it.
//!
//! The hash is keyed with a random seed drawn per index (as the graph's
//! id map seeds its `foldhash` hasher), and the whole 64-bit hash is the
//! table key, with one `u32` node index per entry (a list only for names
//! several actors share): 12 bytes per slot instead of a boxed key and a
//! vector. Names come from user files, so they may be crafted to collide:
//! under an unseeded hash, or a hash folded to 32 bits, such names pile
//! into one slot and make each insert and lookup of them linear (a load of
//! them quadratic). Under a secret seed no fixed set of names collides,
//! and a 64-bit collision by chance is negligible. Node lists are sorted,
//! so even a name shared by many actors (or colliding hashes, were the
//! seed ever known) costs a binary search per insert and removal, not a
//! scan. Lookups compare the normalized query with the candidates' names,
//! so a collision never returns a wrong actor.
//!
//! Actor ids that already are in normalized form (no upper case, no
//! folded quote) are not filed here: a case-insensitive query matches
//! such an id only when its normalized form equals it, which the graph's
//! id map answers (see [`id_needs_entry`]).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

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

/// The random key of one index's name hash (see the module docs).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameSeed {
    k0: u64,
    k1: u64,
}

impl NameSeed {
    /// A fresh random seed: two words of a `foldhash` hasher seeded at
    /// random (per process, then per hasher).
    pub(crate) fn random() -> Self {
        let s = foldhash::fast::RandomState::default();
        NameSeed {
            k0: s.hash_one(0x243f_6a88_85a3_08d3_u64),
            k1: s.hash_one(0x1319_8a2e_0370_7344_u64),
        }
    }

    /// A fixed seed (tests).
    #[cfg(test)]
    pub(crate) fn fixed(k0: u64, k1: u64) -> Self {
        NameSeed { k0, k1 }
    }

    /// Hash of the normalized name; `None` when it is empty.
    ///
    /// The hash is [`key_hash`](Self::key_hash) of the normalized form's
    /// bytes. Names of printable ASCII without spaces or folded quotes
    /// (ids, slugs, most names in bulk data) are their own normalized form
    /// once lowercased: they are lowercased word by word, without building
    /// the key string.
    pub(crate) fn name_hash(self, name: &str) -> Option<u64> {
        if let Some(h) = self.chain(name.as_bytes(), lower_simple_word) {
            return (!name.is_empty()).then_some(h);
        }
        let mut key = String::with_capacity(name.len());
        for_each_key_char(name, |c| key.push(c));
        (!key.is_empty()).then(|| self.key_hash(key.as_bytes()))
    }

    /// Hash of normalized key bytes. Only a hash: lookups compare names,
    /// so a collision costs a comparison, never a wrong answer.
    pub(crate) fn key_hash(self, key: &[u8]) -> u64 {
        self.chain(key, |w, _| Some(w)).unwrap_or_default()
    }

    /// The keyed chain over the words of `b`, each passed through `word`
    /// with the mask of its live bytes (`None` from `word` makes the result
    /// `None`): one folded 64×64→128-bit multiply per 16 bytes, the second
    /// word of each pair xored with the secret multiplier (the construction
    /// of `foldhash`), then the length folded in with a second secret.
    #[inline(always)]
    fn chain(self, b: &[u8], word: impl Fn(u64, u64) -> Option<u64>) -> Option<u64> {
        let mut h = self.k0;
        let mut chunks = b.chunks_exact(16);
        for c in &mut chunks {
            let (lo, hi) = c.split_at(8);
            let lo = word(le_word(lo), u64::MAX)?;
            let hi = word(le_word(hi), u64::MAX)?;
            h = folded_multiply(lo ^ h, hi ^ self.k1);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let (lo, hi) = rest.split_at(rest.len().min(8));
            let lo = word(le_word(lo), live_mask(lo.len()))?;
            let hi = if hi.is_empty() {
                0
            } else {
                word(le_word(hi), live_mask(hi.len()))?
            };
            h = folded_multiply(lo ^ h, hi ^ self.k1);
        }
        Some(folded_multiply(
            h ^ b.len() as u64,
            self.k0 ^ 0xa409_3822_299f_31d0,
        ))
    }
}

/// The mask of the low `n` bytes of a word (`1 <= n <= 8`).
#[inline(always)]
fn live_mask(n: usize) -> u64 {
    u64::MAX >> (8 * (8 - n))
}

/// Up to eight bytes as a little-endian word, zero-padded.
#[inline(always)]
fn le_word(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w[..b.len()].copy_from_slice(b);
    u64::from_le_bytes(w)
}

/// The 128-bit product of `x` and `y`, its halves xored.
#[inline(always)]
fn folded_multiply(x: u64, y: u64) -> u64 {
    let full = u128::from(x) * u128::from(y);
    (full as u64) ^ ((full >> 64) as u64)
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

/// A 64-bit name hash as a table key: two `u32` halves, so that a slot
/// (key and value) takes 12 bytes rather than 16.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key([u32; 2]);

impl Key {
    #[inline]
    fn new(hash: u64) -> Self {
        Key([hash as u32, (hash >> 32) as u32])
    }
}

impl Hash for Key {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(u64::from(self.0[0]) | (u64::from(self.0[1]) << 32));
    }
}

/// A node index, or (high bit set) the index of a list in `multi`.
const MULTI: u32 = 1 << 31;

/// Largest node index the index can hold.
pub(crate) const MAX_NODE: u32 = MULTI - 1;

/// Nodes by name hash (see the module docs).
#[derive(Clone)]
pub(crate) struct NameIndex {
    seed: NameSeed,
    map: HashMap<Key, u32, BuildHasherDefault<PreHashed>>,
    /// Node lists of hashes filed by several nodes, each sorted.
    multi: Vec<Vec<u32>>,
    /// Emptied entries of `multi`, for reuse.
    free: Vec<u32>,
}

impl Default for NameIndex {
    fn default() -> Self {
        Self::with_seed(NameSeed::random())
    }
}

impl NameIndex {
    /// An empty index hashing with `seed`.
    pub(crate) fn with_seed(seed: NameSeed) -> Self {
        NameIndex {
            seed,
            map: HashMap::default(),
            multi: Vec::new(),
            free: Vec::new(),
        }
    }

    /// An empty index with a random seed and room for `n` names.
    pub(crate) fn with_capacity(n: usize) -> Self {
        let mut ix = Self::default();
        ix.reserve(n);
        ix
    }

    /// The seed of this index's hash (a reading thread hashes names with
    /// it for [`KnowledgeGraph::push_actor_hashed`](super::KnowledgeGraph::push_actor_hashed)).
    pub(crate) fn seed(&self) -> NameSeed {
        self.seed
    }

    /// This index's hash of `name`'s normalized form; `None` when empty.
    #[inline]
    pub(crate) fn hash(&self, name: &str) -> Option<u64> {
        self.seed.name_hash(name)
    }

    /// Reserves room for `additional` more names.
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.map.reserve(additional);
    }

    /// Adds `node` under `hash` (idempotent).
    pub(crate) fn insert(&mut self, hash: u64, node: u32) {
        debug_assert!(node <= MAX_NODE);
        match self.map.entry(Key::new(hash)) {
            Entry::Vacant(slot) => {
                slot.insert(node);
            }
            Entry::Occupied(mut slot) if *slot.get() & MULTI == 0 => {
                let v = slot.get_mut();
                if *v != node {
                    let list = vec![node.min(*v), node.max(*v)];
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
                // Nodes mostly arrive in increasing order: append those.
                match list.last() {
                    Some(&last) if last < node => list.push(node),
                    _ => {
                        if let Err(at) = list.binary_search(&node) {
                            list.insert(at, node);
                        }
                    }
                }
            }
        }
    }

    /// Whether anything is filed under `hash` (reading its table slot:
    /// bulk loaders call it on a batch of names before inserting them, so
    /// that the independent slot reads overlap).
    #[inline]
    pub(crate) fn contains(&self, hash: u64) -> bool {
        self.map.contains_key(&Key::new(hash))
    }

    /// Removes `node` from `hash` (idempotent).
    pub(crate) fn remove(&mut self, hash: u64, node: u32) {
        let key = Key::new(hash);
        let Some(v) = self.map.get_mut(&key) else {
            return;
        };
        if *v & MULTI == 0 {
            if *v == node {
                self.map.remove(&key);
            }
            return;
        }
        let at = *v & !MULTI;
        let list = &mut self.multi[at as usize];
        if let Ok(i) = list.binary_search(&node) {
            list.remove(i);
        }
        if let [one] = list.as_slice() {
            *v = *one;
            *list = Vec::new();
            self.free.push(at);
        }
    }

    /// The nodes filed under `hash`, in increasing order (candidates:
    /// compare names to confirm).
    pub(crate) fn get(&self, hash: u64) -> &[u32] {
        match self.map.get(&Key::new(hash)) {
            None => &[],
            Some(v) if *v & MULTI == 0 => std::slice::from_ref(v),
            Some(v) => &self.multi[(*v & !MULTI) as usize],
        }
    }

    /// Releases spare capacity.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.map.shrink_to_fit();
        self.multi.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: NameSeed = NameSeed {
        k0: 0x0123_4567_89ab_cdef,
        k1: 0xfedc_ba98_7654_3210,
    };

    fn name_hash(name: &str) -> Option<u64> {
        S.name_hash(name)
    }

    fn key_hash(key: &[u8]) -> u64 {
        S.key_hash(key)
    }

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
            k0 in proptest::num::u64::ANY,
            k1 in proptest::num::u64::ANY,
        ) {
            let seed = NameSeed::fixed(k0, k1);
            let key = super::super::name_key(&name);
            let want = (!key.is_empty()).then(|| seed.key_hash(key.as_bytes()));
            proptest::prop_assert_eq!(seed.name_hash(&name), want);
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
        // The length is hashed: zero padding does not collide.
        assert_ne!(key_hash(b"abcdefgh"), key_hash(b"abcdefgh\0"));
        assert_ne!(
            key_hash(b"abcdefghabcdefgh"),
            key_hash(b"abcdefghabcdefgh\0")
        );
        assert_ne!(key_hash(b""), key_hash(b"\0"));
        // Every length class (pairs of words, one word and a tail, ...).
        let all: std::collections::HashSet<u64> =
            (0..40).map(|n| key_hash(&b"x".repeat(n))).collect();
        assert_eq!(all.len(), 40);
    }

    #[test]
    fn the_hash_depends_on_the_seed() {
        let other = NameSeed::fixed(S.k0, S.k1 ^ 1);
        assert_ne!(S.name_hash("russia"), other.name_hash("russia"));
        let other = NameSeed::fixed(S.k0 ^ 1, S.k1);
        assert_ne!(S.name_hash("russia"), other.name_hash("russia"));
        // Each index draws its own seed.
        let (a, b) = (NameIndex::default(), NameIndex::default());
        assert!(a.seed() != b.seed());
        assert_ne!(a.hash("Russia"), b.hash("Russia"));
        assert_eq!(a.clone().hash("Russia"), a.hash("russia"));
    }

    #[test]
    fn shared_names_and_removal() {
        let mut ix = NameIndex::with_seed(S);
        ix.insert(7, 1);
        ix.insert(7, 1);
        assert_eq!(ix.get(7), &[1]);
        ix.insert(7, 3);
        ix.insert(7, 2);
        ix.insert(7, 3);
        assert_eq!(ix.get(7), &[1, 2, 3]);
        ix.remove(7, 2);
        assert_eq!(ix.get(7), &[1, 3]);
        ix.remove(7, 1);
        assert_eq!(ix.get(7), &[3]);
        ix.insert(8, 5);
        ix.insert(8, 4);
        assert_eq!(ix.get(8), &[4, 5]);
        ix.remove(7, 3);
        assert!(ix.get(7).is_empty());
        ix.remove(9, 1);
        ix.remove(8, 9);
        assert_eq!(ix.get(8), &[4, 5]);
        // A freed list is reused.
        ix.remove(8, 4);
        ix.insert(10, 1);
        ix.insert(10, 0);
        assert_eq!(ix.get(10), &[0, 1]);
        assert_eq!(ix.multi.len(), 1);
    }

    #[test]
    fn hashes_that_share_half_their_bits_are_kept_apart() {
        // The former index kept `lo ^ hi` of each hash: these 10,000 hashes
        // all folded to the same key and shared one list.
        let mut ix = NameIndex::with_seed(S);
        let hashes: Vec<u64> = (0..10_000u64)
            .map(|i| {
                let hi = i.wrapping_mul(0x9e37_79b9) & 0xffff_ffff;
                (hi << 32) | (hi ^ 0x1234_5678)
            })
            .collect();
        for (n, &h) in hashes.iter().enumerate() {
            ix.insert(h, n as u32);
        }
        for (n, &h) in hashes.iter().enumerate() {
            assert_eq!(ix.get(h), &[n as u32]);
        }
        assert!(ix.multi.is_empty());
    }

    #[test]
    fn a_name_shared_by_many_nodes_stays_sorted_and_exact() {
        let mut ix = NameIndex::with_seed(S);
        // Nodes in a scrambled order, each twice.
        let n = 5_000u32;
        for round in 0..2 {
            for i in 0..n {
                ix.insert(42, (i * 7_919 + round) % n);
            }
        }
        let want: Vec<u32> = (0..n).collect();
        assert_eq!(ix.get(42), want.as_slice());
        for i in (0..n).filter(|i| i % 3 != 0) {
            ix.remove(42, i);
        }
        let want: Vec<u32> = (0..n).filter(|i| i % 3 == 0).collect();
        assert_eq!(ix.get(42), want.as_slice());
    }

    /// The former, unseeded name hash folded to its 32-bit table key (a
    /// multiply-rotate chain over the words, splitmix64's finalizer, then
    /// `lo ^ hi`), for the collision test below.
    mod former {
        pub(super) const C: u64 = 0x9e37_79b9_7f4a_7c15;
        const M1: u64 = 0xbf58_476d_1ce4_e5b9;
        const M2: u64 = 0x94d0_49bb_1331_11eb;

        pub(super) fn seed(len: usize) -> u64 {
            0x243f_6a88_85a3_08d3 ^ (len as u64).wrapping_mul(C)
        }

        pub(super) fn step(h: u64, w: u64) -> u64 {
            (h ^ w).wrapping_mul(C).rotate_left(29)
        }

        fn mix(mut h: u64) -> u64 {
            h ^= h >> 30;
            h = h.wrapping_mul(M1);
            h ^= h >> 27;
            h = h.wrapping_mul(M2);
            h ^ (h >> 31)
        }

        pub(super) fn inverse(c: u64) -> u64 {
            let mut x = c;
            for _ in 0..6 {
                x = x.wrapping_mul(2u64.wrapping_sub(c.wrapping_mul(x)));
            }
            x
        }

        fn unshift(y: u64, s: u32) -> u64 {
            let mut x = y;
            for _ in 0..64 / s + 1 {
                x = y ^ (x >> s);
            }
            x
        }

        /// The inverse of the finalizer, given the inverses of its
        /// multipliers.
        pub(super) fn unmix(h: u64, [i1, i2]: [u64; 2]) -> u64 {
            let h = unshift(h, 31).wrapping_mul(i2);
            let h = unshift(h, 27).wrapping_mul(i1);
            unshift(h, 30)
        }

        pub(super) fn inverses() -> [u64; 2] {
            [inverse(M1), inverse(M2)]
        }

        /// The former table key of a lowercase ASCII key.
        pub(super) fn key(b: &[u8]) -> u32 {
            let mut h = seed(b.len());
            for c in b.chunks(8) {
                let mut w = [0u8; 8];
                w[..c.len()].copy_from_slice(c);
                h = step(h, u64::from_le_bytes(w));
            }
            let h = mix(h);
            (h ^ (h >> 32)) as u32
        }
    }

    /// `n` distinct 16-byte lowercase names that all had the same table key
    /// under the former hash: the first word is fixed, the second solved
    /// from a chosen final hash by inverting the finalizer and the last
    /// step, kept when its bytes are all allowed in a lowercase name.
    fn formerly_colliding(n: usize) -> Vec<String> {
        const TARGET: u32 = 0x5eed_f00d;
        let first = *b"collide:";
        let h1 = former::step(former::seed(16), u64::from_le_bytes(first));
        let c_inv = former::inverse(former::C);
        let inverses = former::inverses();
        let mut out = Vec::new();
        let mut hi = 0u64;
        while out.len() < n {
            hi += 1;
            let h = (hi << 32) | u64::from(TARGET ^ hi as u32);
            let w2 = h1
                ^ former::unmix(h, inverses)
                    .rotate_right(29)
                    .wrapping_mul(c_inv);
            let w2 = w2.to_le_bytes();
            if w2
                .iter()
                .all(|b| b.is_ascii_graphic() && !b.is_ascii_uppercase() && *b != b'`')
            {
                let mut name = first.to_vec();
                name.extend_from_slice(&w2);
                out.extend(String::from_utf8(name).ok());
            }
        }
        out
    }

    #[test]
    fn names_crafted_to_collide_under_the_former_hash_do_not_share_a_slot() {
        use crate::{ActorKind, KnowledgeGraph};
        let names = formerly_colliding(100);
        assert!(
            names
                .iter()
                .all(|n| former::key(n.as_bytes()) == 0x5eed_f00d)
        );
        let distinct: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(distinct.len(), 100);

        let mut g = KnowledgeGraph::new();
        for (i, name) in names.iter().enumerate() {
            let a = crate::Actor::of_kind(&format!("a{i}"), ActorKind::Organization, name).unwrap();
            g.add_actor(a).unwrap();
        }
        for (i, name) in names.iter().enumerate() {
            let want = format!("a{i}");
            assert_eq!(
                g.find_actor(&name.to_uppercase()).unwrap().id.as_str(),
                want
            );
            let found = g.find_actors(name);
            assert_eq!(found.len(), 1);
            assert_eq!(found[0].id.as_str(), want);
            // One candidate examined per lookup (the former index handed
            // every lookup all 100 and compared their names).
            let h = g.names.hash(name).unwrap();
            assert_eq!(g.names.get(h).len(), 1);
        }
        assert!(g.names.multi.is_empty());
    }
}

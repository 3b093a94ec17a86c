//! Reusable per-query scratch space: visited marks with generation stamps
//! and frontier vectors, pooled per thread.
//!
//! A traversal takes a [`Scratch`] from the thread's pool with
//! [`with_scratch`], resets the marks it uses in O(1) (a new generation;
//! the arrays are cleared only when the 32-bit generation wraps) and gives
//! it back. So a query allocates nothing per visited node or edge, and
//! after the first query on a graph of n actors, nothing at all for its
//! marks. The pool is a stack, so nested queries each get their own.

use std::cell::RefCell;

/// Node marks over dense numbers `0..n` with one `u32` value per node,
/// valid only for nodes marked in the current generation.
///
/// Stamp and value sit side by side, so checking a node and writing its
/// value touch one cache line.
#[derive(Debug, Default)]
pub(crate) struct Marks {
    /// (generation stamp, value) per node.
    slots: Vec<[u32; 2]>,
    generation: u32,
}

impl Marks {
    /// Clears all marks (O(1) amortized) and makes room for `n` nodes.
    pub fn reset(&mut self, n: usize) {
        if self.slots.len() < n {
            self.slots.resize(n, [0, 0]);
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.slots.fill([0, 0]);
            self.generation = 1;
        }
    }

    /// Whether `v` is marked.
    #[inline]
    pub fn has(&self, v: u32) -> bool {
        self.slots[v as usize][0] == self.generation
    }

    /// The value of `v`, if marked.
    #[inline]
    pub fn get(&self, v: u32) -> Option<u32> {
        let [stamp, val] = self.slots[v as usize];
        (stamp == self.generation).then_some(val)
    }

    /// Marks `v` with a value.
    #[inline]
    pub fn set(&mut self, v: u32, x: u32) {
        self.slots[v as usize] = [self.generation, x];
    }

    /// Marks `v` without a value; returns whether it was unmarked.
    #[inline]
    pub fn insert(&mut self, v: u32) -> bool {
        let s = &mut self.slots[v as usize][0];
        let new = *s != self.generation;
        *s = self.generation;
        new
    }

    /// Removes the mark of `v`.
    #[inline]
    pub fn unset(&mut self, v: u32) {
        self.slots[v as usize][0] = self.generation.wrapping_sub(1);
    }
}

/// Marks of a bidirectional search: for each node, whether the forward or
/// the backward search reached it (one `u32` stamp: generation and side,
/// so a single load answers both questions) and its parent there.
#[derive(Debug, Default)]
pub(crate) struct TwoSided {
    /// `generation << 1 | side` per node (side 0 forward, 1 backward).
    stamp: Vec<u32>,
    /// Parent per node, valid where stamped.
    parent: Vec<u32>,
    generation: u32,
}

/// Which search reached a node ([`TwoSided::side`]).
pub(crate) const UNSEEN: u32 = 2;

impl TwoSided {
    /// Clears all marks (O(1) amortized) and makes room for `n` nodes.
    pub fn reset(&mut self, n: usize) {
        if self.stamp.len() < n {
            self.stamp.resize(n, 0);
            self.parent.resize(n, 0);
        }
        self.generation += 1;
        if self.generation >= 1 << 31 {
            self.stamp.fill(0);
            self.generation = 1;
        }
    }

    /// 0 when the forward search reached `v`, 1 the backward one,
    /// [`UNSEEN`] neither.
    #[inline]
    pub fn side(&self, v: u32) -> u32 {
        let s = self.stamp[v as usize];
        if s >> 1 == self.generation {
            s & 1
        } else {
            UNSEEN
        }
    }

    /// Marks `v` as reached by `side` (0 or 1) from `parent`.
    #[inline]
    pub fn set(&mut self, v: u32, side: u32, parent: u32) {
        self.stamp[v as usize] = self.generation << 1 | side;
        self.parent[v as usize] = parent;
    }

    /// The parent of a reached node.
    #[inline]
    pub fn parent(&self, v: u32) -> u32 {
        self.parent[v as usize]
    }
}

/// The scratch space of one query.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Forward-search marks (parent or distance).
    pub a: Marks,
    /// Backward-search marks.
    pub b: Marks,
    /// Extra marks (banned nodes, on-path flags).
    pub c: Marks,
    /// More marks (second settled set of bidirectional Dijkstra).
    pub d: Marks,
    /// Both sides of a bidirectional BFS.
    pub two: TwoSided,
    /// Frontier and stack vectors.
    pub q1: Vec<u32>,
    /// Second frontier.
    pub q2: Vec<u32>,
    /// Third frontier.
    pub q3: Vec<u32>,
    /// Fourth frontier.
    pub q4: Vec<u32>,
    /// A visited bitset (cleared by its user), for plain reach counts:
    /// n / 8 bytes stay in the first-level cache far longer than stamps.
    pub bits: Vec<u64>,
    /// A second bitset (the frontier of a bottom-up search level).
    pub bits2: Vec<u64>,
    /// Per-node costs (Dijkstra), valid where `a` is marked.
    pub cost: Vec<f64>,
    /// Per-node costs of the backward search, valid where `b` is marked.
    pub cost2: Vec<f64>,
}

thread_local! {
    static POOL: RefCell<Vec<Scratch>> = const { RefCell::new(Vec::new()) };
}

/// Most scratch spaces kept per thread.
const POOL_MAX: usize = 4;

/// Runs `f` with a scratch space from this thread's pool.
pub(crate) fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    let mut s = POOL
        .try_with(|p| p.borrow_mut().pop())
        .ok()
        .flatten()
        .unwrap_or_default();
    let r = f(&mut s);
    let _ = POOL.try_with(|p| {
        let mut p = p.borrow_mut();
        if p.len() < POOL_MAX {
            p.push(s);
        }
    });
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_reset_in_constant_time() {
        let mut m = Marks::default();
        m.reset(4);
        assert!(!m.has(2));
        m.set(2, 7);
        assert_eq!(m.get(2), Some(7));
        m.unset(2);
        assert_eq!(m.get(2), None);
        m.set(3, 1);
        m.reset(8);
        assert!(!m.has(3));
        // Generation wrap clears the stamps.
        m.generation = u32::MAX;
        m.slots[1] = [0, 0];
        m.reset(8);
        assert_eq!(m.generation, 1);
        assert!(!m.has(1));
    }

    #[test]
    fn two_sided_marks() {
        let mut m = TwoSided::default();
        m.reset(4);
        assert_eq!(m.side(1), UNSEEN);
        m.set(1, 0, 9);
        m.set(2, 1, 8);
        assert_eq!((m.side(1), m.parent(1)), (0, 9));
        assert_eq!((m.side(2), m.parent(2)), (1, 8));
        m.reset(4);
        assert_eq!(m.side(1), UNSEEN);
        assert_eq!(m.side(2), UNSEEN);
        m.generation = (1 << 31) - 1;
        m.set(3, 1, 0);
        m.reset(4);
        assert_eq!(m.generation, 1);
        assert_eq!(m.side(3), UNSEEN);
    }

    #[test]
    fn nested_queries_get_their_own_scratch() {
        let got = with_scratch(|outer| {
            outer.q1.clear();
            outer.q1.push(42);
            with_scratch(|inner| {
                inner.q1.clear();
                inner.q1.push(7);
            });
            outer.q1.clone()
        });
        assert_eq!(got, [42]);
    }
}

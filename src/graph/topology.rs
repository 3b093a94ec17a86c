//! The edge store: a petgraph `StableDiGraph` whose node weights are empty,
//! with the actors in a side table indexed by node index.
//!
//! Keeping the ~150-byte [`Actor`] values out of petgraph's node array
//! makes that array 12 bytes per node, so the random node accesses of
//! `add_edge` (linking the new edge into both endpoints' lists) and of
//! traversals stay in cache. Petgraph methods are reached through `Deref`;
//! the node-weight methods here (`add_node`, `remove_node`, `node_weight`,
//! indexing by `NodeIndex`) shadow petgraph's and speak in actors.

use std::ops::{Deref, DerefMut, Index, IndexMut};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};

use super::StoredEdge;
use crate::model::Actor;

/// Topology (petgraph, unit node weights) plus the actor of each node.
#[derive(Clone, Default)]
pub(crate) struct Topology {
    graph: StableDiGraph<(), StoredEdge, u32>,
    /// The actor at each node index; `None` for a vacant (removed) node.
    actors: Vec<Option<Actor>>,
}

impl Topology {
    pub(crate) fn with_capacity(nodes: usize, edges: usize) -> Self {
        Topology {
            graph: StableDiGraph::with_capacity(nodes, edges),
            actors: Vec::with_capacity(nodes),
        }
    }

    /// Reserves room for `additional` more nodes and their actors.
    pub(crate) fn reserve_nodes(&mut self, additional: usize) {
        self.graph.reserve_nodes(additional);
        self.actors.reserve(additional);
    }

    /// Adds a node holding `actor`; petgraph may reuse a vacant index.
    pub(crate) fn add_node(&mut self, actor: Actor) -> NodeIndex<u32> {
        let node = self.graph.add_node(());
        let i = node.index();
        if i == self.actors.len() {
            // The usual case: a new index at the end (no old value to drop).
            self.actors.push(Some(actor));
            return node;
        }
        if i > self.actors.len() {
            self.actors.resize_with(i + 1, || None);
        }
        self.actors[i] = Some(actor);
        node
    }

    /// Removes a node and its edges, returning its actor.
    pub(crate) fn remove_node(&mut self, node: NodeIndex<u32>) -> Option<Actor> {
        self.graph.remove_node(node)?;
        self.actors.get_mut(node.index())?.take()
    }

    /// The actor at `node`, if the node is live.
    pub(crate) fn node_weight(&self, node: NodeIndex<u32>) -> Option<&Actor> {
        self.actors.get(node.index())?.as_ref()
    }

    /// The actor at `node`, mutably.
    pub(crate) fn node_weight_mut(&mut self, node: NodeIndex<u32>) -> Option<&mut Actor> {
        self.actors.get_mut(node.index())?.as_mut()
    }

    /// Shrinks the edge and node arrays and the actor table to their
    /// lengths (shadows petgraph's, which knows nothing of the actors).
    pub(crate) fn shrink_to_fit(&mut self) {
        self.graph.shrink_to_fit();
        self.actors.shrink_to_fit();
    }

    /// Heap bytes held by the actor side table itself (not the actors'
    /// own strings).
    #[allow(dead_code)] // memory accounting for benches and tests
    pub(crate) fn actor_table_bytes(&self) -> usize {
        self.actors.capacity() * std::mem::size_of::<Option<Actor>>()
    }
}

/// Size of one petgraph node slot (the `next` links and the unit weight).
const NODE_SLOT: usize = std::mem::size_of::<petgraph::graph::Node<Option<()>, u32>>();

/// Where petgraph's node slots are, to prefetch them: bulk loaders parse a
/// batch of rows, prefetching the two endpoint slots of each, then link the
/// batch's edges, so that the random endpoint accesses of `add_edge` hit
/// the cache instead of waiting for memory one after the other.
///
/// Only an address hint: a prefetch never faults and reads nothing, so a
/// wrong or stale address costs a wasted prefetch, never a wrong result.
/// The snapshot is invalid once nodes are added (the array may move); take
/// a new one then.
pub(crate) struct NodeSlots {
    /// Address of node 0's weight, as derived from a live node.
    base: *const u8,
    /// Number of slots covered (0: prefetching disabled).
    len: usize,
}

impl NodeSlots {
    /// Hints the CPU to bring `node`'s slot into the cache.
    #[inline]
    pub(crate) fn prefetch(&self, node: NodeIndex<u32>) {
        let i = node.index();
        if i < self.len {
            prefetch(self.base.wrapping_add(i * NODE_SLOT));
            // The links sit before the weight; the slot may straddle a line.
            prefetch(self.base.wrapping_add(i * NODE_SLOT).wrapping_sub(8));
        }
    }
}

#[inline]
fn prefetch(p: *const u8) {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse"))]
    // SAFETY: `_mm_prefetch` only needs SSE, which this cfg guarantees (it is
    // part of the x86_64 baseline). It is a hint: it dereferences nothing
    // and never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse")))]
    let _ = p;
}

impl Topology {
    /// A snapshot of where the node slots are (see [`NodeSlots`]). The
    /// layout is checked on two live nodes; prefetching is off when it is
    /// not the expected one.
    pub(crate) fn node_slots(&self) -> NodeSlots {
        let off = NodeSlots {
            base: std::ptr::null(),
            len: 0,
        };
        let addr = |n: NodeIndex<u32>| {
            self.graph
                .node_weight(n)
                .map(|w| (w as *const ()).cast::<u8>())
        };
        let (Some(first), Some(last)) = (
            self.graph.node_indices().next(),
            self.graph.node_indices().next_back(),
        ) else {
            return off;
        };
        let (Some(pf), Some(pl)) = (addr(first), addr(last)) else {
            return off;
        };
        let base = pf.wrapping_sub(first.index() * NODE_SLOT);
        if base.wrapping_add(last.index() * NODE_SLOT) != pl {
            return off;
        }
        NodeSlots {
            base,
            len: last.index() + 1,
        }
    }
}

impl Deref for Topology {
    type Target = StableDiGraph<(), StoredEdge, u32>;
    fn deref(&self) -> &Self::Target {
        &self.graph
    }
}

impl DerefMut for Topology {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.graph
    }
}

impl Index<NodeIndex<u32>> for Topology {
    type Output = Actor;
    /// Panics on a vacant node, like petgraph's indexing.
    fn index(&self, node: NodeIndex<u32>) -> &Actor {
        match self.node_weight(node) {
            Some(a) => a,
            None => panic!("no actor at node index {}", node.index()),
        }
    }
}

impl IndexMut<NodeIndex<u32>> for Topology {
    fn index_mut(&mut self, node: NodeIndex<u32>) -> &mut Actor {
        match self.node_weight_mut(node) {
            Some(a) => a,
            None => panic!("no actor at node index {}", node.index()),
        }
    }
}

impl Index<EdgeIndex<u32>> for Topology {
    type Output = StoredEdge;
    fn index(&self, edge: EdgeIndex<u32>) -> &StoredEdge {
        &self.graph[edge]
    }
}

impl IndexMut<EdgeIndex<u32>> for Topology {
    fn index_mut(&mut self, edge: EdgeIndex<u32>) -> &mut StoredEdge {
        &mut self.graph[edge]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorId, ActorKind};

    fn actor(id: &str) -> Actor {
        Actor::new(ActorId::new(id).unwrap(), ActorKind::Country, id)
    }

    #[test]
    fn actors_follow_node_indices_through_removal_and_reuse() {
        let mut t = Topology::default();
        let a = t.add_node(actor("a"));
        let b = t.add_node(actor("b"));
        assert_eq!(t.remove_node(a).map(|x| x.name), Some("a".to_string()));
        assert!(t.node_weight(a).is_none());
        assert!(t.remove_node(a).is_none());
        let c = t.add_node(actor("c"));
        // petgraph reuses the vacant index; the side table must follow.
        assert_eq!(c, a);
        assert_eq!(t[c].name, "c");
        assert_eq!(t[b].name, "b");
        assert_eq!(t.node_count(), 2);
        t.shrink_to_fit();
        assert_eq!(t.actors.capacity(), 2);
    }
}

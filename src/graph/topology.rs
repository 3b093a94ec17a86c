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
        if i >= self.actors.len() {
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

//! Relation ids are user-controlled (`insert_relation`, JSON files): an id
//! near `u32::MAX` must cost memory for one relation, not a table up to the
//! id (a 16 GiB vector, which used to end the process).
//!
//! A counting allocator records the peak heap size of the whole test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use geokg::query::{Direction, Filter, PathQuery, most_trusted_path, neighborhood, shortest_path};
use geokg::{Actor, ActorId, GraphError, KnowledgeGraph, Relation, RelationId, RelationKind};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded to the system allocator with the same layout.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const FAR: u32 = u32::MAX - 1;

fn id(s: &str) -> ActorId {
    ActorId::new(s).unwrap()
}

fn graph() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    for (i, name) in ["Russia", "Ukraine", "Belarus"].iter().enumerate() {
        let iso = ["RUS", "UKR", "BLR"][i];
        g.add_actor(Actor::country(&name.to_lowercase(), name, iso).unwrap())
            .unwrap();
    }
    g
}

fn rel(a: &str, k: RelationKind, b: &str) -> Relation {
    Relation::new(id(a), k, id(b))
}

#[test]
fn far_relation_ids_cost_no_more_than_near_ones() {
    let mut g = graph();
    g.add_relation(rel("russia", RelationKind::Invades, "ukraine").with_confidence(0.9))
        .unwrap();
    let far = g
        .insert_relation(
            RelationId::from_index(FAR),
            rel("belarus", RelationKind::Supports, "russia").with_confidence(0.8),
        )
        .unwrap();
    assert_eq!(far, RelationId::from_index(FAR));
    // No id is left after it.
    assert!(matches!(
        g.add_relation(rel("russia", RelationKind::Threatens, "belarus")),
        Err(GraphError::Capacity(_))
    ));
    // Ids and edge indices part ways after a removal: the id map appears.
    g.remove_relation(RelationId::from_index(0)).unwrap();
    g.insert_relation(
        RelationId::from_index(7),
        rel("russia", RelationKind::Invades, "ukraine").with_confidence(0.9),
    )
    .unwrap();
    g.reserve_relation_ids(FAR);
    let ids: Vec<u32> = g.relations().map(|r| r.id().index()).collect();
    assert_eq!(ids, [7, FAR]);

    // Queries build the read-optimized index (weights by relation id).
    let q = PathQuery::new();
    let p = most_trusted_path(&g, "belarus", "ukraine", &q)
        .unwrap()
        .unwrap();
    assert_eq!(p.len(), 2);
    let p = shortest_path(&g, "ukraine", "belarus", &q)
        .unwrap()
        .unwrap();
    assert_eq!(p.len(), 2);
    let n = neighborhood(&g, "russia", 1, Direction::Both, &Filter::new()).unwrap();
    assert_eq!(n.graph.relation_count(), 2);

    // JSON keeps the ids, both versions.
    for version in [1, 2] {
        let mut out = Vec::new();
        g.write_json_version(&mut out, version).unwrap();
        let back = KnowledgeGraph::from_json(std::str::from_utf8(&out).unwrap()).unwrap();
        let ids: Vec<u32> = back.relations().map(|r| r.id().index()).collect();
        assert_eq!(ids, [7, FAR], "version {version}");
        assert_eq!(
            back.relation(RelationId::from_index(FAR)).unwrap().kind(),
            RelationKind::Supports
        );
    }
    let peak = PEAK.load(Ordering::Relaxed);
    assert!(peak < 64 << 20, "peak heap {peak} bytes");
}

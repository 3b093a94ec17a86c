//! Induced subgraphs copied record by record (crate-internal fast path for
//! ego graphs and filtered copies).
//!
//! Copying a relation through [`RelationRef::to_relation`] and
//! [`KnowledgeGraph::insert_relation`] clones both actor ids, looks them up
//! again by string, rebuilds the evidence values and re-validates them. A
//! subgraph of a valid graph needs none of that: the stored edge, its side
//! columns (speaker, evidence, Goldstein override), its evidence records and
//! its note are copied across with node and document indices remapped.
//!
//! [`RelationRef::to_relation`]: super::RelationRef::to_relation

use petgraph::stable_graph::NodeIndex;

use super::{EdgeRecord, EvidenceRecord, KnowledgeGraph, NONE, U32Column};
use crate::error::GraphError;
use crate::model::RelationId;

impl KnowledgeGraph {
    /// The subgraph of the actors `members` (positions in insertion
    /// order, ascending) and the relations `rels` (ids, ascending; both
    /// endpoints must be members, others are skipped), keeping relation
    /// ids and every annotation.
    ///
    /// Same result as adding the members' actors in order, then for each
    /// relation its speaker (when not yet present) and the relation by
    /// [`insert_relation`](Self::insert_relation) with its original id, after
    /// the documents its evidence cites (in the graph's order): the
    /// subgraph reserves the ids below the graph's next id. Cost:
    /// O(members + relations kept + their evidence), plus a table of one
    /// `u32` per node slot of `self`.
    pub(crate) fn induced_subgraph(
        &self,
        members: &[u32],
        rels: &[u32],
    ) -> Result<KnowledgeGraph, GraphError> {
        let mut sub = KnowledgeGraph::with_capacity(members.len(), rels.len());
        sub.reserve_relation_ids(self.next_id);
        // Kept ids that are not 0, 1, 2, … need the id-to-edge map: made
        // here at its final size instead of grown one relation at a time.
        if rels.iter().enumerate().any(|(i, &r)| r as usize != i) {
            sub.edge_map = Some(U32Column::for_ids(self.next_id as usize, rels.len()));
        }
        // Node slot of `self` → node of `sub`.
        let bound = petgraph::visit::NodeIndexable::node_bound(&*self.graph);
        let mut node_map = vec![NONE; bound];
        for &u in members {
            let Some((_, &node)) = self.actors.get_index(u as usize) else {
                continue;
            };
            node_map[node.index()] = sub.push_actor(self.graph[node].clone())?.index() as u32;
        }

        // Documents cited by the kept relations, in the graph's order.
        let mut doc_map: Vec<u32> = Vec::new();
        let mut any_evidence = false;
        for &r in rels {
            let Some(e) = self.edge(RelationId(r)) else {
                continue;
            };
            let rec = &self.graph[e];
            let head = self.evidence_head(rec);
            if head == NONE {
                continue;
            }
            if !any_evidence {
                doc_map = vec![NONE; self.documents.len()];
                any_evidence = true;
            }
            for ev in self.evidence_list(head) {
                if let Some(slot) = doc_map.get_mut(ev.doc as usize) {
                    *slot = 0;
                }
            }
        }
        if any_evidence {
            for (i, slot) in doc_map.iter_mut().enumerate() {
                if *slot == NONE {
                    continue;
                }
                if let Some((_, doc)) = self.documents.get_index(i) {
                    sub.add_document(doc.clone())?;
                    *slot = (sub.documents.len() - 1) as u32;
                }
            }
        }

        for &r in rels {
            let Some(e) = self.edge(RelationId(r)) else {
                continue;
            };
            let Some((a, b)) = self.graph.edge_endpoints(e) else {
                continue;
            };
            let (na, nb) = (node_map[a.index()], node_map[b.index()]);
            if na == NONE || nb == NONE {
                continue;
            }
            let rec = self.graph[e];
            // The speaker, added after the members when outside them (a
            // speaker whose actor is gone reads as the narrator, as in
            // `RelationRef::asserted_by`).
            let s = self.speaker_of(&rec) as usize;
            let speaker = match (node_map.get(s), self.graph.node_weight(NodeIndex::new(s))) {
                (Some(&m), Some(_)) if m != NONE => m,
                (Some(_), Some(actor)) => {
                    let m = sub.push_actor(actor.clone())?.index() as u32;
                    node_map[s] = m;
                    m
                }
                _ => NONE,
            };
            // Evidence, stored back to front as `insert_relation` does.
            let mut head = NONE;
            let src_head = self.evidence_head(&rec);
            if src_head != NONE {
                let list: Vec<&EvidenceRecord> = self.evidence_list(src_head).collect();
                if sub.evidence.len() + list.len() >= NONE as usize {
                    return Err(GraphError::Capacity(NONE));
                }
                for ev in list.into_iter().rev() {
                    let quote = if ev.quote == NONE {
                        NONE
                    } else {
                        let q = self
                            .quotes
                            .get(ev.quote as usize)
                            .cloned()
                            .unwrap_or_default();
                        sub.quotes.push(q);
                        (sub.quotes.len() - 1) as u32
                    };
                    sub.evidence.push(EvidenceRecord {
                        doc: doc_map.get(ev.doc as usize).copied().unwrap_or(NONE),
                        start: ev.start,
                        end: ev.end,
                        quote,
                        next: head,
                    });
                    head = (sub.evidence.len() - 1) as u32;
                }
            }
            let record = EdgeRecord {
                id: rec.id,
                date: rec.date,
                confidence: rec.confidence,
                goldstein: self.goldstein_override(&rec).unwrap_or(f32::NAN),
                speaker,
                evidence: head,
                cameo: rec.cameo,
                kind: rec.kind,
                flags: rec.flags,
            };
            sub.store(
                NodeIndex::new(na as usize),
                NodeIndex::new(nb as usize),
                record,
            );
            if let Some(note) = self.notes.get(&rec.id) {
                sub.notes.insert(rec.id, note.clone());
            }
        }
        Ok(sub)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Actor, ActorId, ActorKind, CameoCode, Date, Document, DocumentId, Evidence, Modality,
        Relation, RelationKind, Span,
    };

    /// The reference construction: owned relations through the public API.
    fn slow(g: &KnowledgeGraph, members: &[u32], rels: &[u32]) -> KnowledgeGraph {
        let mut sub = KnowledgeGraph::new();
        sub.reserve_relation_ids(g.next_relation_id().index());
        let mut docs: Vec<u32> = rels
            .iter()
            .filter_map(|&r| g.relation(RelationId(r)))
            .flat_map(|r| {
                r.evidence()
                    .map(|e| g.documents.get_index_of(e.document_id()).unwrap() as u32)
                    .collect::<Vec<_>>()
            })
            .collect();
        docs.sort_unstable();
        docs.dedup();
        for d in docs {
            sub.add_document(g.documents[d as usize].clone()).unwrap();
        }
        for &u in members {
            let id = g.actors.get_index(u as usize).unwrap().0;
            sub.add_actor(g.actor(id.as_str()).unwrap().clone())
                .unwrap();
        }
        for &r in rels {
            let rel = g.relation(RelationId(r)).unwrap();
            if !sub.contains_actor(rel.source().id.as_str())
                || !sub.contains_actor(rel.target().id.as_str())
            {
                continue;
            }
            if let Some(sp) = rel.asserted_by() {
                if !sub.contains_actor(sp.id.as_str()) {
                    sub.add_actor(sp.clone()).unwrap();
                }
            }
            sub.insert_relation(RelationId(r), rel.to_relation())
                .unwrap();
        }
        sub
    }

    fn assert_same(a: &KnowledgeGraph, b: &KnowledgeGraph) {
        let actors = |g: &KnowledgeGraph| g.actors().cloned().collect::<Vec<_>>();
        assert_eq!(actors(a), actors(b));
        let rels = |g: &KnowledgeGraph| g.relations().map(|r| r.to_relation()).collect::<Vec<_>>();
        assert_eq!(rels(a), rels(b));
        let docs = |g: &KnowledgeGraph| g.documents().cloned().collect::<Vec<_>>();
        assert_eq!(docs(a), docs(b));
        assert_eq!(a.next_relation_id(), b.next_relation_id());
        assert_eq!(a.relation_count(), b.relation_count());
        for r in a.relations() {
            assert_eq!(
                a.find_actor(&r.source().name).map(|x| &x.id),
                b.find_actor(&r.source().name).map(|x| &x.id)
            );
        }
    }

    fn id(s: &str) -> ActorId {
        ActorId::new(s).unwrap()
    }

    /// Speakers outside the member set, quotes that the text cannot give
    /// back, notes, CAMEO and Goldstein overrides, several evidence items.
    fn annotated() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        for (a, k) in [
            ("a", ActorKind::Country),
            ("b", ActorKind::Country),
            ("c", ActorKind::Organization),
            ("spk", ActorKind::Person),
            ("d", ActorKind::Country),
        ] {
            g.add_actor(
                Actor::of_kind(a, k, &a.to_uppercase())
                    .unwrap()
                    .with_aliases([format!("{a} alias")]),
            )
            .unwrap();
        }
        let text = "A threatens B. C supports A.";
        g.add_document(Document::new(DocumentId::new("unused").unwrap()))
            .unwrap();
        g.add_document(Document::new(DocumentId::new("doc1").unwrap()).with_text(text))
            .unwrap();
        let doc1 = DocumentId::new("doc1").unwrap();
        let doc2 = DocumentId::new("doc2").unwrap();
        let r0 = Relation::new(id("a"), RelationKind::Threatens, id("b"))
            .with_modality(Modality::Claim)
            .with_asserted_by(id("spk"))
            .with_date(Date::day(2022, 2, 24).unwrap())
            .with_confidence(0.75)
            .with_evidence(Evidence::quote(doc1.clone(), Span::new(0, 13).unwrap(), ""))
            .with_evidence(Evidence::document(doc2.clone()))
            .with_note("a note");
        let r1 = Relation::new(id("c"), RelationKind::Supports, id("a"))
            .with_codes(CameoCode::new("042").unwrap(), Some(3.5))
            .with_evidence(Evidence::quote(
                doc1,
                Span::new(15, 27).unwrap(),
                "C supports A",
            ));
        let r2 = Relation::new(id("d"), RelationKind::Supports, id("a"));
        let r3 = Relation::new(id("b"), RelationKind::Criticizes, id("c")).with_evidence(
            Evidence::quote(doc2, Span::new(0, 3).unwrap(), "not in any text"),
        );
        for r in [r0, r1, r2, r3] {
            g.add_relation(r).unwrap();
        }
        // A gap in the ids and a removal: an edge map in the source.
        g.reserve_relation_ids(10);
        let r4 = g
            .add_relation(Relation::new(id("a"), RelationKind::Attacks, id("c")).negated())
            .unwrap();
        g.remove_relation(RelationId(2)).unwrap();
        assert_eq!(r4, RelationId(10));
        g
    }

    #[test]
    fn fast_copy_equals_owned_relations() {
        let g = annotated();
        let all: Vec<u32> = g.relations().map(|r| r.id().0).collect();
        for members in [
            vec![0, 1, 2],
            vec![0, 1],
            vec![0, 2, 4],
            vec![0, 1, 2, 3, 4],
            vec![],
        ] {
            let fast = g.induced_subgraph(&members, &all).unwrap();
            let slow = slow(&g, &members, &all);
            assert_same(&fast, &slow);
        }
        // Members 0, 1, 2: relations 0 (with the outside speaker), 1, 3, 10.
        let fast = g.induced_subgraph(&[0, 1, 2], &all).unwrap();
        assert_eq!(fast.relation_count(), 4);
        assert_eq!(fast.actor_count(), 4);
        let r0 = fast.relation(RelationId(0)).unwrap();
        assert_eq!(r0.asserted_by().unwrap().id.as_str(), "spk");
        assert_eq!(r0.note(), Some("a note"));
        let ev: Vec<_> = r0.evidence().map(|e| e.to_evidence()).collect();
        assert_eq!(ev[0].quote, "A threatens B");
        assert_eq!(ev[1].document.as_str(), "doc2");
        assert_eq!(
            fast.relation(RelationId(3))
                .unwrap()
                .evidence()
                .next()
                .unwrap()
                .quote(),
            "not in any text"
        );
        let r1 = fast.relation(RelationId(1)).unwrap();
        assert_eq!(r1.goldstein(), Some(3.5));
        assert_eq!(r1.cameo_code().unwrap().as_str(), "042");
        assert!(fast.relation(RelationId(10)).unwrap().negated());
        // Only cited documents, in the graph's order.
        let docs: Vec<_> = fast
            .documents()
            .map(|d| d.id.as_str().to_string())
            .collect();
        assert_eq!(docs, ["doc1", "doc2"]);
        assert_eq!(fast.next_relation_id(), RelationId(11));
        assert_eq!(fast.find_actor("B ALIAS").unwrap().id.as_str(), "b");
    }

    #[test]
    fn fast_copy_of_seed_neighbourhoods() {
        let g = crate::seed::graph().unwrap();
        let all: Vec<u32> = g.relations().map(|r| r.id().0).collect();
        let n = g.actor_count() as u32;
        for (step, skip) in [(1u32, 0u32), (2, 1), (3, 0), (7, 3)] {
            let members: Vec<u32> = (skip..n).step_by(step as usize).collect();
            let fast = g.induced_subgraph(&members, &all).unwrap();
            assert_same(&fast, &slow(&g, &members, &all));
        }
        let whole = g
            .induced_subgraph(&(0..n).collect::<Vec<_>>(), &all)
            .unwrap();
        assert_eq!(whole.relation_count(), g.relation_count());
        assert_eq!(whole.actor_count(), g.actor_count());
    }
}

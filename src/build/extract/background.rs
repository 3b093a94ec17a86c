//! Background knowledge from the gazetteer: relations the text presupposes
//! but does not state.
//!
//! When an organization with known members (an alliance such as NATO or the
//! CSTO, a bloc such as the EU) and one of its member states are both
//! mentioned in a document, the graph gets `state —member_of→ organization`
//! with the note `"gazetteer"` (its provenance), a confidence of 0.8 and the
//! evidence of the first sentence that mentions the organization. Membership
//! is checked against the document date when there is one (`member_since`,
//! `member_until`).
//!
//! Places of the gazetteer ([`PlaceEntry`](crate::build::PlaceEntry)) add,
//! with the same note, confidence and evidence (first sentence naming the
//! place): a mentioned region `part_of` its country and a mentioned city
//! `located_in` its country (the country joins the graph); a mentioned
//! country `located_in` a mentioned macro-region that contains it
//! ("Central Asia") and `part_of` a mentioned historical state it belonged
//! to ("the Soviet Union", "former Soviet republics") when the two are
//! mentioned in one paragraph (a country named only far from the state,
//! "a war with Azerbaijan" three paragraphs on, is not presented as a
//! former member). Turn it off with
//! [`ExtractOptions::background_memberships`](super::ExtractOptions).

use super::matcher::What;
use super::{Doc, Key};
use crate::build::gazetteer::EntryRef;
use crate::model::{Relation, RelationKind};

/// Confidence of a membership taken from the gazetteer.
const CONFIDENCE: f32 = 0.8;

impl Doc<'_> {
    /// Adds the gazetteer memberships between mentioned actors.
    pub(crate) fn background_memberships(&mut self) {
        if !self.opts.background_memberships {
            return;
        }
        // First sentence mentioning each organization, in text order.
        let mut orgs: Vec<(u32, usize)> = Vec::new();
        let mut countries: Vec<u32> = Vec::new();
        // (country, paragraph) of every country mention, in text order
        // (consecutive repeats dropped): former membership of a historical
        // state needs both in one paragraph.
        let mut country_paras: Vec<(u32, u32)> = Vec::new();
        let mut places: Vec<(u32, u32, usize)> = Vec::new();
        for (si, &(a, b)) in self.sent_mentions.iter().enumerate() {
            let para = self.sentences[si].paragraph;
            for m in &self.mentions[a as usize..b as usize] {
                // An event mention ("the collapse of the Soviet Union")
                // mentions its place.
                let i = match m.key {
                    Key::Gaz(i) => i,
                    Key::Person(p) => match &self.persons[p as usize].details {
                        crate::model::ActorDetails::Event {
                            location: Some(l), ..
                        } => match self.g.index_of(l.as_str()) {
                            Some(i) => i,
                            None => continue,
                        },
                        _ => continue,
                    },
                };
                match self.g.entry_ref(i) {
                    Some(EntryRef::Organization(_)) if !orgs.iter().any(|&(o, _)| o == i) => {
                        orgs.push((i, si));
                    }
                    Some(EntryRef::Country(_)) => {
                        if !countries.contains(&i) {
                            countries.push(i);
                        }
                        if country_paras.last() != Some(&(i, para)) {
                            country_paras.push((i, para));
                        }
                    }
                    _ => {}
                }
                // Places, and historical countries extended by a place entry.
                if let Some(p) = self.g.place_of(i) {
                    if !places.iter().any(|&(x, _, _)| x == i) {
                        places.push((i, p, si));
                    }
                }
            }
        }
        // Paragraphs naming a mentioned historical state, attributive uses
        // included ("former Soviet republics" is no actor mention): only
        // scanned when the document mentions one.
        let mut historical_paras: Vec<(u32, u32)> = Vec::new();
        let historical: Vec<u32> = places
            .iter()
            .filter(|&&(_, p, _)| self.g.place_at(p).kind == "historical")
            .map(|&(i, _, _)| i)
            .collect();
        if !historical.is_empty() {
            for (si, &(a, b)) in self.sent_hits.iter().enumerate() {
                let para = self.sentences[si].paragraph;
                for h in &self.hits[a as usize..b as usize] {
                    if let What::Entity { actor, .. } = h.what {
                        if historical.contains(&actor)
                            && historical_paras.last() != Some(&(actor, para))
                        {
                            historical_paras.push((actor, para));
                        }
                    }
                }
            }
        }
        for (i, p, si) in places {
            let place = self.g.place_at(p);
            // A region is part of its country, a city located in it.
            let up = match place.kind.as_str() {
                "region" => Some(RelationKind::PartOf),
                "city" => Some(RelationKind::LocatedIn),
                _ => None,
            };
            if let (Some(kind), Some(c)) = (
                up,
                place
                    .within
                    .as_deref()
                    .and_then(|c| self.g.country_actor(c)),
            ) {
                self.background(Key::Gaz(i), kind, Key::Gaz(c), si);
            }
            // Mentioned member countries of a macro-region or historical state.
            let down = match place.kind.as_str() {
                "macro_region" => RelationKind::LocatedIn,
                "historical" => RelationKind::PartOf,
                _ => continue,
            };
            // Paragraphs naming this historical state (in text order).
            let paras: Vec<u32> = historical_paras
                .iter()
                .filter(|&&(x, _)| x == i)
                .map(|&(_, p)| p)
                .collect();
            let historical = down == RelationKind::PartOf;
            let members: Vec<u32> = place
                .members
                .iter()
                .filter_map(|c| self.g.country_actor(c))
                .filter(|c| countries.contains(c))
                .filter(|&c| {
                    !historical
                        || country_paras
                            .iter()
                            .any(|&(x, p)| x == c && paras.binary_search(&p).is_ok())
                })
                .collect();
            for c in members {
                self.background(Key::Gaz(c), down, Key::Gaz(i), si);
            }
        }
        for (o, si) in orgs {
            for c in self.g.members_of(o, self.date) {
                if !countries.contains(&c) {
                    continue;
                }
                self.background(Key::Gaz(c), RelationKind::MemberOf, Key::Gaz(o), si);
            }
        }
    }

    fn background(&mut self, src: Key, kind: RelationKind, dst: Key, si: usize) {
        let r = Relation::new(self.id(src), kind, self.id(dst))
            .with_confidence(CONFIDENCE)
            .with_note("gazetteer")
            .with_evidence(self.sentence_evidence(si));
        self.push_relation(src, dst, None, r);
    }
}

#[cfg(test)]
mod tests {
    use crate::Date;
    use crate::build::extract::Extractor;
    use crate::model::RelationKind;

    fn memberships(text: &str, date: Option<&str>, on: bool) -> Vec<String> {
        let ex = Extractor::builder()
            .background_memberships(on)
            .build()
            .unwrap();
        let date = date.map(|d| d.parse::<Date>().unwrap());
        let g = ex.extract_with_date(text, date).unwrap();
        let mut v: Vec<String> = g
            .relations()
            .filter(|r| r.kind() == RelationKind::MemberOf && r.note() == Some("gazetteer"))
            .map(|r| format!("{}>{}", r.source().id, r.target().id))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn memberships_between_mentioned_actors() {
        let cases: &[(&str, Option<&str>, &[&str])] = &[
            (
                "NATO leaders gathered in Vilnius. Poland and Germany pledged more troops.",
                Some("2023-07-11"),
                &["germany>nato", "poland>nato"],
            ),
            // Finland joined NATO on 2023-04-04: not before.
            (
                "Finland said it would keep talking to NATO.",
                Some("2022-06-01"),
                &[],
            ),
            (
                "Finland said it would keep talking to NATO.",
                Some("2023-05-01"),
                &["finland>nato"],
            ),
            // Non-members get nothing.
            ("Ukraine asked NATO for more air defence.", None, &[]),
            // Several organizations in one text.
            (
                "Kyrgyzstan hosted a CSTO drill. Later, Brazil and India met at the BRICS summit.",
                Some("2021-09-01"),
                &["brazil>brics", "india>brics", "kyrgyzstan>csto"],
            ),
            // No organization mentioned.
            ("France and Germany signed a treaty.", None, &[]),
        ];
        for (text, date, want) in cases {
            assert_eq!(&memberships(text, *date, true), want, "{text}");
        }
    }

    fn background(text: &str, kind: RelationKind) -> Vec<String> {
        let g = Extractor::new().unwrap().extract(text).unwrap();
        let mut v: Vec<String> = g
            .relations()
            .filter(|r| r.kind() == kind && r.note() == Some("gazetteer"))
            .map(|r| format!("{}>{}", r.source().id, r.target().id))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn places_part_of_and_located_in() {
        use RelationKind::{LocatedIn, PartOf};
        let cases: &[(&str, RelationKind, &[&str])] = &[
            // Regions are part of their country, named or not.
            (
                "Moldova warned about troops in Transnistria.",
                PartOf,
                &["transnistria>moldova"],
            ),
            ("Fighting resumed in Tigray.", PartOf, &["tigray>ethiopia"]),
            // Disputed between several states: no part_of.
            ("Tensions rose in Kashmir.", PartOf, &[]),
            // Cities lie in their country.
            (
                "Envoys met in Davos and later in Istanbul.",
                LocatedIn,
                &["davos>switzerland", "istanbul>turkey"],
            ),
            // Member countries of a macro-region, only when mentioned.
            (
                "Estonia and Latvia urged the Baltic states to unite.",
                LocatedIn,
                &["estonia>baltic_states", "latvia>baltic_states"],
            ),
            // Former members of a historical state, only when mentioned.
            (
                "Lithuania and Moldova were part of the Soviet Union.",
                PartOf,
                &["lithuania>soviet_union", "moldova>soviet_union"],
            ),
            // Only countries named in a paragraph that names the state
            // (attributively too: "a former Soviet republic").
            (
                "Moldova is a former Soviet republic. Estonia joined NATO.\n\n\
                 The dissolution of the Soviet Union came in 1991.\n\n\
                 Armenia held elections.",
                PartOf,
                &["estonia>soviet_union", "moldova>soviet_union"],
            ),
            (
                "Czechoslovakia split peacefully; Slovakia celebrated.",
                PartOf,
                &["slovakia>czechoslovakia"],
            ),
        ];
        for (text, kind, want) in cases {
            assert_eq!(&background(text, *kind), want, "{text}");
        }
    }

    #[test]
    fn memberships_can_be_turned_off() {
        let text = "NATO leaders gathered in Vilnius. Poland and Germany pledged more troops.";
        assert!(memberships(text, None, false).is_empty());
    }

    #[test]
    fn membership_evidence_is_the_first_sentence_naming_the_organization() {
        let text = "Poland pledged troops. NATO welcomed the pledge. NATO met again.";
        let g = Extractor::new().unwrap().extract(text).unwrap();
        let r = g
            .relations()
            .find(|r| r.kind() == RelationKind::MemberOf)
            .unwrap();
        assert_eq!(
            r.evidence().next().unwrap().quote(),
            "NATO welcomed the pledge."
        );
        assert!((r.confidence() - 0.8).abs() < 1e-6);
    }

    #[test]
    fn every_mentioned_actor_is_in_the_graph() {
        let text = "Mongolia and Bhutan were mentioned, nothing else.";
        let on = Extractor::new().unwrap().extract(text).unwrap();
        assert!(on.actor("mongolia").is_some() && on.actor("bhutan").is_some());
        let off = Extractor::builder()
            .all_mentioned_actors(false)
            .build()
            .unwrap()
            .extract(text)
            .unwrap();
        assert!(off.actor("mongolia").is_none());
    }
}

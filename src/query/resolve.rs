//! Resolving what a user typed to an actor.

use crate::error::GraphError;
use crate::graph::{KnowledgeGraph, name_key};
use crate::model::Actor;

/// A query could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QueryError {
    /// No actor has this id, name or alias.
    #[error("unknown actor {name:?}{}", suggest(.suggestions))]
    UnknownActor {
        /// What was asked for.
        name: String,
        /// Ids of actors with close names, best first.
        suggestions: Vec<String>,
    },
    /// A parameter is out of its range.
    #[error("invalid parameter {name}: {reason}")]
    InvalidParameter {
        /// The parameter.
        name: &'static str,
        /// Why.
        reason: String,
    },
    /// The graph refused the query (e.g. an unknown speaker in a filter).
    #[error(transparent)]
    Graph(#[from] GraphError),
}

fn suggest(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", s.join(", "))
    }
}

/// Levenshtein distance over chars, with an early exit above `limit`.
fn distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Finds the actor a user means by `name` (id, name or alias, any case).
///
/// When nothing matches, the error lists up to five actors whose names are
/// close (edit distance, or containing the text).
///
/// ```
/// let g = geokg::seed::graph().unwrap();
/// assert_eq!(geokg::query::resolve(&g, "putin").unwrap().id.as_str(), "vladimir_putin");
/// let err = geokg::query::resolve(&g, "Putn").unwrap_err();
/// assert!(err.to_string().contains("vladimir_putin"));
/// ```
pub fn resolve<'g>(g: &'g KnowledgeGraph, name: &str) -> Result<&'g Actor, QueryError> {
    if let Some(a) = g.find_actor(name) {
        return Ok(a);
    }
    let key = name_key(name);
    let limit = (key.chars().count() / 3).max(1);
    let mut scored: Vec<(usize, usize, &Actor)> = Vec::new();
    for (order, a) in g.actors().enumerate() {
        let best = a
            .names()
            .chain(std::iter::once(a.id.as_str()))
            .map(|n| {
                let n = name_key(n);
                let last = n.rsplit(' ').next().unwrap_or("");
                if !key.is_empty() && (n.contains(&key) || key.contains(&n) && n.len() > 2) {
                    0
                } else {
                    distance(&key, &n, limit).min(distance(&key, last, limit))
                }
            })
            .min()
            .unwrap_or(usize::MAX);
        if best <= limit {
            scored.push((best, order, a));
        }
    }
    scored.sort_by_key(|(d, o, _)| (*d, *o));
    Err(QueryError::UnknownActor {
        name: name.to_string(),
        suggestions: scored
            .iter()
            .take(5)
            .map(|(_, _, a)| a.id.to_string())
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind};

    #[test]
    fn distances() {
        assert_eq!(distance("putin", "putin", 2), 0);
        assert_eq!(distance("putn", "putin", 2), 1);
        assert_eq!(distance("kazakstan", "kazakhstan", 2), 1);
        assert!(distance("abc", "xyzxyz", 2) > 2);
    }

    #[test]
    fn suggestions() {
        let mut g = KnowledgeGraph::new();
        g.add_actor(Actor::country("kazakhstan", "Kazakhstan", "KAZ").unwrap())
            .unwrap();
        g.add_actor(Actor::of_kind("vladimir_putin", ActorKind::Leader, "Vladimir Putin").unwrap())
            .unwrap();
        assert_eq!(resolve(&g, "KAZAKHSTAN").unwrap().id.as_str(), "kazakhstan");
        match resolve(&g, "Kazakstan").unwrap_err() {
            QueryError::UnknownActor { suggestions, .. } => assert_eq!(suggestions, ["kazakhstan"]),
            e => panic!("{e}"),
        }
        match resolve(&g, "Putn").unwrap_err() {
            QueryError::UnknownActor { suggestions, .. } => {
                assert_eq!(suggestions, ["vladimir_putin"])
            }
            e => panic!("{e}"),
        }
        match resolve(&g, "zzzzzz").unwrap_err() {
            QueryError::UnknownActor { suggestions, .. } => assert!(suggestions.is_empty()),
            e => panic!("{e}"),
        }
        assert!(resolve(&KnowledgeGraph::new(), "").is_err());
    }
}

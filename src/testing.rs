//! Test and benchmark support: a deterministic generator of GDELT-like
//! graphs shaped like `bench/gen.py` of the workload anchors, and a reader
//! for that script's CSV output. Not part of the stable API.

use std::path::Path;

use crate::graph::KnowledgeGraph;
use crate::model::{Actor, ActorId, ActorKind, Date, Relation, RelationKind};

/// SplitMix64: small, fast, deterministic.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in `0..1`.
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An index in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.f64() * n as f64) as usize).min(n.saturating_sub(1))
    }
}

/// Actor kinds of the workload, in gen.py's order, with their Zipf exponent
/// and their mass when a pattern says "any".
const KINDS: [(ActorKind, f64, f64); 6] = [
    (ActorKind::Country, 1.1, 0.25),
    (ActorKind::Alliance, 1.0, 0.03),
    (ActorKind::Leader, 0.9, 0.15),
    (ActorKind::Region, 0.9, 0.07),
    (ActorKind::Organization, 0.9, 0.20),
    (ActorKind::Person, 0.8, 0.30),
];
const COUNTRY: usize = 0;
const ALLIANCE: usize = 1;
const LEADER: usize = 2;
const REGION: usize = 3;
const ORG: usize = 4;
const PERSON: usize = 5;
const ANY: usize = 6;

/// A (source kind, target kind, weight) pattern.
type Pattern = (usize, usize, f64);

/// gen.py's relations: name, weight, patterns.
const RELATIONS: [(&str, f64, &[Pattern]); 15] = [
    (
        "member_of",
        6.0,
        &[
            (COUNTRY, ALLIANCE, 5.0),
            (ORG, ALLIANCE, 1.0),
            (PERSON, ORG, 4.0),
            (LEADER, ORG, 1.0),
        ],
    ),
    (
        "leader_of",
        3.0,
        &[
            (LEADER, COUNTRY, 6.0),
            (LEADER, ORG, 2.0),
            (PERSON, ORG, 2.0),
        ],
    ),
    (
        "ally_of",
        4.0,
        &[
            (COUNTRY, COUNTRY, 6.0),
            (ALLIANCE, ALLIANCE, 1.0),
            (COUNTRY, ALLIANCE, 1.0),
        ],
    ),
    (
        "deployed_troops_to",
        3.0,
        &[
            (COUNTRY, COUNTRY, 4.0),
            (COUNTRY, REGION, 4.0),
            (ALLIANCE, REGION, 1.0),
            (ORG, REGION, 1.0),
        ],
    ),
    (
        "invaded",
        1.0,
        &[(COUNTRY, COUNTRY, 3.0), (COUNTRY, REGION, 2.0)],
    ),
    (
        "attacked",
        4.0,
        &[
            (COUNTRY, COUNTRY, 2.0),
            (ORG, REGION, 2.0),
            (ORG, COUNTRY, 2.0),
            (PERSON, PERSON, 1.0),
            (ORG, ORG, 1.0),
        ],
    ),
    ("supports", 10.0, &[(ANY, ANY, 1.0)]),
    ("opposes", 8.0, &[(ANY, ANY, 1.0)]),
    (
        "negotiates_with",
        7.0,
        &[
            (LEADER, LEADER, 4.0),
            (COUNTRY, COUNTRY, 4.0),
            (ORG, ORG, 2.0),
            (LEADER, COUNTRY, 1.0),
        ],
    ),
    (
        "threatens",
        5.0,
        &[
            (COUNTRY, COUNTRY, 3.0),
            (LEADER, COUNTRY, 2.0),
            (ORG, COUNTRY, 2.0),
            (PERSON, PERSON, 1.0),
        ],
    ),
    (
        "sanctions",
        3.0,
        &[
            (COUNTRY, COUNTRY, 4.0),
            (ALLIANCE, COUNTRY, 2.0),
            (COUNTRY, ORG, 2.0),
            (COUNTRY, PERSON, 2.0),
        ],
    ),
    (
        "meets_with",
        12.0,
        &[
            (LEADER, LEADER, 4.0),
            (PERSON, LEADER, 3.0),
            (PERSON, PERSON, 3.0),
            (LEADER, PERSON, 2.0),
        ],
    ),
    ("criticizes", 12.0, &[(ANY, ANY, 1.0)]),
    ("trades_with", 4.0, &[(COUNTRY, COUNTRY, 1.0)]),
    (
        "provides_aid_to",
        4.0,
        &[
            (COUNTRY, COUNTRY, 3.0),
            (ORG, REGION, 2.0),
            (ORG, COUNTRY, 2.0),
            (ALLIANCE, COUNTRY, 1.0),
        ],
    ),
];

/// The relation kinds the workload's military queries use
/// (`ally_of, deployed_troops_to, invaded, attacked, threatens`).
pub fn military_kinds() -> [RelationKind; 5] {
    [
        RelationKind::AlliedWith,
        RelationKind::DeploysForcesTo,
        RelationKind::Invades,
        RelationKind::Attacks,
        RelationKind::Threatens,
    ]
}

fn cumsum(w: impl IntoIterator<Item = f64>) -> Vec<f64> {
    let mut s = 0.0;
    w.into_iter()
        .map(|x| {
            s += x;
            s
        })
        .collect()
}

fn pick(cw: &[f64], rng: &mut Rng) -> usize {
    let last = cw.last().copied().unwrap_or(0.0);
    let x = rng.f64() * last;
    cw.partition_point(|&c| c <= x)
        .min(cw.len().saturating_sub(1))
}

/// How many actors of each kind (gen.py's split for `nodes ≥ 5000`, a
/// proportional one below).
fn kind_counts(n: usize) -> [usize; 6] {
    let (country, alliance, leader, region) = if n >= 5000 {
        (200, 50, 2000, (n / 50).max(100))
    } else {
        let c = (n / 25).max(1);
        (c, (n / 100).max(1), (n / 5).max(1), (n / 50).max(1))
    };
    let rest = n.saturating_sub(country + alliance + leader + region);
    let org = rest * 3 / 10;
    [country, alliance, leader, region, org, rest - org]
}

/// A GDELT-like graph of `nodes` actors and `relations` relations, shaped
/// like the anchors' `gen.py` (Zipf popularity per kind, the same relation
/// mix and kind patterns, dates uniform over 1979–2024, confidence
/// 0.300–1.000, parallel relations, no self-loops). Deterministic in
/// `seed`; not byte-identical to gen.py (a different random stream).
///
/// Actor ids are `<kind>_<rank>` (rank 0 the most active of its kind),
/// added in a seeded random order as gen.py numbers them.
pub fn workload(nodes: usize, relations: usize, seed: u64) -> KnowledgeGraph {
    let nodes = nodes.max(12);
    let mut rng = Rng::new(seed);
    let counts = kind_counts(nodes);
    let n: usize = counts.iter().sum();
    // Random permutation of positions: node `perm[i]` is the i-th actor.
    let mut perm: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.below(i + 1);
        perm.swap(i, j);
    }
    let mut ids: Vec<Vec<ActorId>> = Vec::new();
    let mut slots: Vec<Option<Actor>> = vec![None; n];
    let mut pos = 0;
    for (k, &(kind, _, _)) in KINDS.iter().enumerate() {
        let mut list = Vec::with_capacity(counts[k]);
        for rank in 0..counts[k] {
            let name = format!("{}_{rank}", kind.as_str());
            let id = ActorId::slug(&name);
            list.push(id.clone());
            slots[perm[pos]] = Some(Actor::new(id, kind, name));
            pos += 1;
        }
        ids.push(list);
    }
    let mut g = KnowledgeGraph::with_capacity(n, relations);
    for a in slots.into_iter().flatten() {
        // Ids are unique by construction.
        let _ = g.add_actor(a);
    }
    let zipf: Vec<Vec<f64>> = KINDS
        .iter()
        .zip(counts)
        .map(|(&(_, alpha, _), c)| cumsum((0..c).map(|r| ((r + 1) as f64).powf(-alpha))))
        .collect();
    let any = cumsum(KINDS.iter().map(|k| k.2));
    let rel_cw = cumsum(RELATIONS.iter().map(|r| r.1));
    let kinds: Vec<RelationKind> = RELATIONS
        .iter()
        .map(|r| RelationKind::parse_lenient(r.0).unwrap_or(RelationKind::Supports))
        .collect();
    let pat_cw: Vec<Vec<f64>> = RELATIONS
        .iter()
        .map(|r| cumsum(r.2.iter().map(|p| p.2)))
        .collect();
    let start = Date::day(1979, 1, 1).ok();
    let ndays = 16_802; // 1979-01-01 ..= 2024-12-31
    let draw = |kind: usize, rng: &mut Rng| -> (usize, usize) {
        let k = if kind == ANY { pick(&any, rng) } else { kind };
        (k, pick(&zipf[k], rng))
    };
    for _ in 0..relations {
        let ri = pick(&rel_cw, &mut rng);
        let pats = RELATIONS[ri].2;
        let (sk, tk, _) = pats[pick(&pat_cw[ri], &mut rng)];
        let s = draw(sk, &mut rng);
        let mut t = draw(tk, &mut rng);
        let mut tries = 0;
        while t == s && tries < 64 {
            t = draw(tk, &mut rng);
            tries += 1;
        }
        if t == s {
            continue;
        }
        let date = start.and_then(|d| d.add_days(rng.below(ndays) as i64));
        let conf = (300 + rng.below(701)) as f32 / 1000.0;
        let mut r = Relation::new(ids[s.0][s.1].clone(), kinds[ri], ids[t.0][t.1].clone())
            .with_confidence(conf);
        r.date = date;
        let _ = g.add_relation(r);
    }
    g
}

/// Reads a directory written by the anchors' `gen.py` (`nodes.csv`:
/// `id,kind,name`; `edges.csv`: `source_id,target_id,relation,date,confidence`).
/// Actor ids are the `name` column. Errors name the file and line.
pub fn load_workload_dir(dir: &Path) -> Result<KnowledgeGraph, String> {
    let read = |f: &str| {
        std::fs::read_to_string(dir.join(f)).map_err(|e| format!("{}: {e}", dir.join(f).display()))
    };
    let nodes = read("nodes.csv")?;
    let edges = read("edges.csv")?;
    let mut ids: Vec<ActorId> = Vec::new();
    let n_edges = edges.lines().count().saturating_sub(1);
    let mut g = KnowledgeGraph::with_capacity(nodes.lines().count(), n_edges);
    for (i, line) in nodes.lines().enumerate().skip(1) {
        let err = |what: &str| format!("nodes.csv line {}: {what}: {line:?}", i + 1);
        let mut f = line.split(',');
        let (Some(num), Some(kind), Some(name)) = (f.next(), f.next(), f.next()) else {
            return Err(err("expected id,kind,name"));
        };
        if num.parse::<usize>().ok() != Some(ids.len()) {
            return Err(err("ids must run 0..n in order"));
        }
        let kind: ActorKind = kind.parse().map_err(|_| err("unknown kind"))?;
        let id = ActorId::new(name).map_err(|e| err(&e.to_string()))?;
        g.add_actor(Actor::new(id.clone(), kind, name))
            .map_err(|e| err(&e.to_string()))?;
        ids.push(id);
    }
    let mut kinds: Vec<(String, RelationKind)> = Vec::new();
    for (i, line) in edges.lines().enumerate().skip(1) {
        let err = |what: &str| format!("edges.csv line {}: {what}: {line:?}", i + 1);
        let mut f = line.split(',');
        let (Some(s), Some(t), Some(rel), Some(date), Some(conf)) =
            (f.next(), f.next(), f.next(), f.next(), f.next())
        else {
            return Err(err("expected source_id,target_id,relation,date,confidence"));
        };
        let node = |x: &str| {
            x.parse::<usize>()
                .ok()
                .and_then(|k| ids.get(k))
                .cloned()
                .ok_or_else(|| err("bad actor id"))
        };
        let kind = match kinds.iter().find(|(n, _)| n == rel) {
            Some((_, k)) => *k,
            None => {
                let k = RelationKind::parse_lenient(rel).map_err(|e| err(&e.to_string()))?;
                kinds.push((rel.to_string(), k));
                k
            }
        };
        let mut r = Relation::new(node(s)?, kind, node(t)?)
            .with_confidence(conf.parse().map_err(|_| err("bad confidence"))?);
        r.date = Some(date.parse().map_err(|_| err("bad date"))?);
        g.add_relation(r).map_err(|e| err(&e.to_string()))?;
    }
    Ok(g)
}

/// The queries of a `gen.py` directory (`queries.txt`), with actor numbers
/// turned into actor ids (the `name` column of `nodes.csv`).
#[derive(Debug, Clone, Default)]
pub struct WorkloadQueries {
    /// Ego-graph centers.
    pub ego: Vec<String>,
    /// Shortest-path pairs.
    pub path: Vec<(String, String)>,
    /// Military-filtered path pairs.
    pub fpath: Vec<(String, String)>,
    /// Simple-path pairs with their depth bound.
    pub simple: Vec<(String, String, usize)>,
}

/// Reads `DIR/queries.txt` (and `DIR/nodes.csv` for the names).
pub fn load_workload_queries(dir: &Path) -> Result<WorkloadQueries, String> {
    let read = |f: &str| {
        std::fs::read_to_string(dir.join(f)).map_err(|e| format!("{}: {e}", dir.join(f).display()))
    };
    let names: Vec<String> = read("nodes.csv")?
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap_or("").to_string())
        .collect();
    let name = |x: &str| {
        x.parse::<usize>()
            .ok()
            .and_then(|i| names.get(i))
            .cloned()
            .ok_or_else(|| format!("queries.txt: bad actor number {x:?}"))
    };
    let mut q = WorkloadQueries::default();
    for line in read("queries.txt")?.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.as_slice() {
            ["ego", a] => q.ego.push(name(a)?),
            ["path", a, b] => q.path.push((name(a)?, name(b)?)),
            ["fpath", a, b] => q.fpath.push((name(a)?, name(b)?)),
            ["simple", a, b, d] => q.simple.push((
                name(a)?,
                name(b)?,
                d.parse()
                    .map_err(|_| format!("queries.txt: bad depth {d:?}"))?,
            )),
            _ => {}
        }
    }
    Ok(q)
}

/// [`KnowledgeGraph::from_json`] without its fast path: serde_json over the
/// whole text (for benchmarks comparing the two paths).
pub fn from_json_general(text: &str) -> Result<KnowledgeGraph, crate::export::JsonError> {
    KnowledgeGraph::from_json_serde(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workload_is_deterministic_and_shaped() {
        let a = workload(5000, 20_000, 42);
        let b = workload(5000, 20_000, 42);
        assert_eq!(a.actor_count(), 5000);
        assert_eq!(a.relation_count(), 20_000);
        assert_eq!(a.to_json(), b.to_json());
        // The top country is the hub: far above the median degree.
        let hub = a.relations_to("country_0").unwrap().count()
            + a.relations_from("country_0").unwrap().count();
        assert!(hub > 1000, "hub degree {hub}");
        assert!(a.relations().all(|r| r.source().id != r.target().id));
        assert_ne!(workload(5000, 1000, 1).to_json(), b.to_json());
        let tiny = workload(0, 50, 1);
        assert_eq!(tiny.actor_count(), 12);
    }

    #[test]
    fn reads_gen_py_csv() {
        let dir = std::env::temp_dir().join(format!("geokg-testing-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("nodes.csv"),
            "id,kind,name\n0,country,country_0\n1,alliance,alliance_0\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("edges.csv"),
            "source_id,target_id,relation,date,confidence\n0,1,member_of,2001-02-03,0.500\n1,0,deployed_troops_to,1999-12-31,1.000\n",
        )
        .unwrap();
        let g = load_workload_dir(&dir).unwrap();
        assert_eq!((g.actor_count(), g.relation_count()), (2, 2));
        let r: Vec<_> = g.relations().collect();
        assert_eq!(r[1].kind(), RelationKind::DeploysForcesTo);
        assert_eq!(r[0].date().unwrap().to_string(), "2001-02-03");
        std::fs::write(
            dir.join("edges.csv"),
            "source_id,target_id,relation,date,confidence\n0,7,member_of,2001-02-03,0.5\n",
        )
        .unwrap();
        let e = load_workload_dir(&dir).unwrap_err();
        assert!(e.contains("line 2"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

//! CSV node and edge lists.
//!
//! The default layout is the one of the benchmark workload
//! (`../shared/bench/gen.py`): `nodes.csv` with `id,kind,name` and
//! `edges.csv` with `source_id,target_id,relation,date,confidence`
//! ([`NodeColumns::bench`], [`EdgeColumns::bench`]). Any other layout is
//! described by a column mapping: columns by header name or by index, the
//! delimiter, whether there is a header line, and default values for
//! columns that are absent.
//!
//! Relation names go through [`RelationKind::parse_lenient`] (so
//! `ally_of`, `deployed_troops_to`, `invaded`… are understood), actor kinds
//! through [`ActorKind`]'s parser. Fields are split in place (RFC 4180
//! quoting is understood); a data row costs no allocation besides what the
//! graph stores.
//!
//! Cost: O(bytes) reading; one hash lookup per endpoint, or an array lookup
//! when actor ids are small integers as in the benchmark files.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use petgraph::stable_graph::NodeIndex;

use super::{
    Bad, FieldRange, ImportError, ImportOptions, ImportSummary, Line, LineReader, Parsed, Run,
    SkipReason, Step, canonical_u32, field_bytes, parse_confidence, parse_date, show, split_fields,
};
use crate::graph::{EdgeRecord, KnowledgeGraph, NONE};
use crate::model::{Actor, ActorId, ActorKind, RelationKind};

/// A column, by header name or by 0-based index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    /// The column with this header name (exact, else ignoring ASCII case).
    Name(String),
    /// The column at this 0-based position.
    Index(usize),
}

impl From<&str> for Column {
    fn from(s: &str) -> Self {
        Column::Name(s.to_string())
    }
}

impl From<usize> for Column {
    fn from(i: usize) -> Self {
        Column::Index(i)
    }
}

/// The layout of a node (actor) list.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeColumns {
    /// The actor id column (becomes the [`ActorId`]).
    pub id: Column,
    /// The actor kind column; absent = [`default_kind`](Self::default_kind).
    pub kind: Option<Column>,
    /// The name column; absent or empty = the id.
    pub name: Option<Column>,
    /// Kind of actors whose kind column is absent or empty.
    pub default_kind: ActorKind,
    /// Field delimiter (`b','`, `b'\t'`, `b';'`…).
    pub delimiter: u8,
    /// Whether the first line is a header.
    pub has_header: bool,
    /// Whether fields may be quoted with `"`.
    pub quoting: bool,
}

impl NodeColumns {
    /// `id,kind,name` with a header, as in the benchmark's `nodes.csv`.
    pub fn bench() -> Self {
        NodeColumns {
            id: "id".into(),
            kind: Some("kind".into()),
            name: Some("name".into()),
            default_kind: ActorKind::Organization,
            delimiter: b',',
            has_header: true,
            quoting: true,
        }
    }
}

/// The layout of an edge (relation) list.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeColumns {
    /// The source actor id column.
    pub source: Column,
    /// The target actor id column.
    pub target: Column,
    /// The relation name column; absent or empty = [`default_relation`](Self::default_relation).
    pub relation: Option<Column>,
    /// The date column (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`); absent or empty = undated.
    pub date: Option<Column>,
    /// The confidence column (0..=1); absent or empty = [`default_confidence`](Self::default_confidence).
    pub confidence: Option<Column>,
    /// Relation kind when there is no relation column or it is empty.
    pub default_relation: RelationKind,
    /// Confidence when there is no confidence column or it is empty.
    pub default_confidence: f32,
    /// Field delimiter.
    pub delimiter: u8,
    /// Whether the first line is a header.
    pub has_header: bool,
    /// Whether fields may be quoted with `"`.
    pub quoting: bool,
    /// Create actors (of this kind, named by their id) for unknown ids
    /// instead of rejecting the row: for edge lists without a node list.
    pub create_missing_actors: Option<ActorKind>,
}

impl EdgeColumns {
    /// `source_id,target_id,relation,date,confidence` with a header, as in
    /// the benchmark's `edges.csv`.
    pub fn bench() -> Self {
        EdgeColumns {
            source: "source_id".into(),
            target: "target_id".into(),
            relation: Some("relation".into()),
            date: Some("date".into()),
            confidence: Some("confidence".into()),
            default_relation: RelationKind::Affects,
            default_confidence: 1.0,
            delimiter: b',',
            has_header: true,
            quoting: true,
            create_missing_actors: None,
        }
    }

    /// Just `source,target` columns (by index, no header), every relation of
    /// one kind: the plainest edge list.
    pub fn pairs(kind: RelationKind) -> Self {
        EdgeColumns {
            source: Column::Index(0),
            target: Column::Index(1),
            relation: None,
            date: None,
            confidence: None,
            default_relation: kind,
            has_header: false,
            ..Self::bench()
        }
    }
}

/// Column positions after matching the mapping with the header.
struct Layout {
    /// Exact column count required (from the header), else the minimum.
    exact: Option<usize>,
    min: usize,
    names: Vec<String>,
}

impl Layout {
    fn resolve(
        run: &Run<'_>,
        header: Option<&[u8]>,
        delim: u8,
        quoting: bool,
        cols: &[(&str, Option<&Column>)],
    ) -> Result<(Layout, Vec<Option<usize>>), ImportError> {
        let header_fields: Option<Vec<String>> = match header {
            Some(h) => {
                let mut ranges = Vec::new();
                if !split_fields(h, delim, quoting, &mut ranges) {
                    return Err(ImportError::Header {
                        source_name: run.source.clone(),
                        line: 1,
                        message: "unterminated quote in the header".into(),
                    });
                }
                let mut scratch = Vec::new();
                let names = ranges
                    .iter()
                    .map(|r| {
                        let b = field_bytes(h, *r, &mut scratch);
                        String::from_utf8_lossy(b)
                            .trim()
                            .trim_start_matches('\u{feff}')
                            .to_string()
                    })
                    .collect();
                Some(names)
            }
            None => None,
        };
        let mut pos = Vec::new();
        let mut names = Vec::new();
        for (role, col) in cols {
            let p = match col {
                None => None,
                Some(Column::Index(i)) => Some(*i),
                Some(Column::Name(n)) => {
                    let Some(h) = &header_fields else {
                        return Err(ImportError::Header {
                            source_name: run.source.clone(),
                            line: 1,
                            message: format!(
                                "column {n:?} ({role}) is named but the mapping says there is no header"
                            ),
                        });
                    };
                    let found = h
                        .iter()
                        .position(|x| x == n)
                        .or_else(|| h.iter().position(|x| x.eq_ignore_ascii_case(n)));
                    match found {
                        Some(i) => Some(i),
                        None => {
                            return Err(ImportError::Header {
                                source_name: run.source.clone(),
                                line: 1,
                                message: format!(
                                    "no column {n:?} ({role}) in the header (found {})",
                                    h.join(", ")
                                ),
                            });
                        }
                    }
                }
            };
            pos.push(p);
        }
        let min = pos.iter().flatten().map(|p| p + 1).max().unwrap_or(0);
        if let Some(h) = &header_fields {
            if min > h.len() {
                return Err(ImportError::Header {
                    source_name: run.source.clone(),
                    line: 1,
                    message: format!(
                        "column index {} is past the {} header columns",
                        min - 1,
                        h.len()
                    ),
                });
            }
        }
        for (i, p) in pos.iter().enumerate() {
            names.push(match (p, &header_fields) {
                (Some(p), Some(h)) => h[*p].clone(),
                (Some(p), None) => format!("column {p}"),
                (None, _) => cols[i].0.to_string(),
            });
        }
        Ok((
            Layout {
                exact: header_fields.as_ref().map(Vec::len),
                min,
                names,
            },
            pos,
        ))
    }

    fn check_count(&self, n: usize) -> Result<(), Bad> {
        let ok = match self.exact {
            Some(e) => n == e,
            None => n >= self.min,
        };
        if ok {
            Ok(())
        } else {
            Err(Bad {
                reason: SkipReason::ColumnCount,
                field: None,
                detail: match self.exact {
                    Some(e) => format!("{n} columns, expected {e}"),
                    None => format!("{n} columns, expected at least {}", self.min),
                },
            })
        }
    }
}

/// Reads the header line when the layout has one; `Ok(None)` when the input
/// is empty and no header is expected.
fn read_header<R: Read>(
    run: &Run<'_>,
    lines: &mut LineReader<R>,
    has_header: bool,
) -> Result<Option<Vec<u8>>, ImportError> {
    if !has_header {
        return Ok(None);
    }
    match lines.next_line() {
        Err(error) => Err(ImportError::Io {
            source_name: run.source.clone(),
            line: lines.line,
            error,
        }),
        Ok(None) => Err(ImportError::Empty {
            source_name: run.source.clone(),
        }),
        Ok(Some((_, Line::TooLong(n)))) => Err(ImportError::Header {
            source_name: run.source.clone(),
            line: 1,
            message: format!("header line of {n} bytes is too long"),
        }),
        Ok(Some((_, Line::Text(t)))) => Ok(Some(t.to_vec())),
    }
}

/// Reads a node list into `g`: one actor per row.
///
/// Actor ids must be valid [`ActorId`]s and new to the graph; kinds are
/// [`ActorKind`] names. Returns what was read; in strict mode the first bad
/// row is an [`ImportError::Row`] with its line and field.
pub fn read_nodes<R: Read>(
    g: &mut KnowledgeGraph,
    reader: R,
    cols: &NodeColumns,
    opts: ImportOptions<'_>,
) -> Result<ImportSummary, ImportError> {
    read_nodes_named(g, reader, cols, opts, "nodes")
}

fn read_nodes_named<R: Read>(
    g: &mut KnowledgeGraph,
    reader: R,
    cols: &NodeColumns,
    opts: ImportOptions<'_>,
    source: &str,
) -> Result<ImportSummary, ImportError> {
    read_nodes_with(g, reader, cols, opts, source, true)
}

/// [`read_nodes_named`], with or without the [`FastNode`] path (tests
/// compare the two).
fn read_nodes_with<R: Read>(
    g: &mut KnowledgeGraph,
    reader: R,
    cols: &NodeColumns,
    opts: ImportOptions<'_>,
    source: &str,
    fast_rows: bool,
) -> Result<ImportSummary, ImportError> {
    let (mut run, mut lines, mut st) = NodeReader::start(reader, cols, opts, source)?;
    if !fast_rows {
        st.fast = None;
    }
    run.for_each_row(&mut lines, |run, step| st.step(g, cols, run, step.widen()))?;
    Ok(st.end(g, run, &lines))
}

/// [`read_nodes_named`] with the reading, the parsing of rows and the
/// building of their actors on a second thread
/// ([`Run::for_each_row_split`]) while this one files the actors in the
/// graph: the same graph, summary and errors. Rows the reading thread
/// cannot take by [`FastNode`] come to this thread as text and go through
/// [`node_row`] here, in their place. Without the fast layout it is
/// [`read_nodes_named`].
fn read_nodes_split<R: Read + Send>(
    g: &mut KnowledgeGraph,
    reader: R,
    cols: &NodeColumns,
    opts: ImportOptions<'_>,
    source: &str,
    batch_rows: usize,
) -> Result<ImportSummary, ImportError> {
    let (mut run, mut lines, mut st) = NodeReader::start(reader, cols, opts, source)?;
    let Some(fast) = st.fast.clone() else {
        run.for_each_row(&mut lines, |run, step| st.step(g, cols, run, step.widen()))?;
        return Ok(st.end(g, run, &lines));
    };
    // The reading thread's own kind cache, and the name index's seed.
    let mut kinds = NameCache::new();
    let seed = g.name_seed();
    let lines = run.for_each_row_split(
        lines,
        batch_rows,
        |_, _| None,
        move |line, text| {
            let (id, kind, name) = fast.parse(text, cols, &mut kinds)?;
            let actor = Actor::new(ActorId::from_graphic(id), kind, name);
            let name_hash = seed.name_hash(&actor.name);
            Some(NodeRow {
                line,
                actor,
                name_hash,
            })
        },
        |run, step| st.step(g, cols, run, step),
    )?;
    Ok(st.end(g, run, &lines))
}

/// A node row the reading thread parsed.
struct NodeRow {
    line: u64,
    actor: Actor,
    /// Hash of the actor's name ([`KnowledgeGraph::name_seed`]).
    name_hash: Option<u64>,
}

/// The state of a node list import between rows.
struct NodeReader {
    layout: Layout,
    /// Positions of the id, kind and name columns.
    at: (usize, Option<usize>, Option<usize>),
    ranges: Vec<FieldRange>,
    scratch: (Vec<u8>, Vec<u8>, Vec<u8>),
    kinds: NameCache<ActorKind>,
    fast: Option<FastNode>,
    /// Rows parsed on the reading thread, filed by [`flush`](Self::flush).
    batch: Vec<NodeRow>,
}

/// Actors filed together by [`NodeReader::flush`].
const NODE_BATCH: usize = 64;

impl NodeReader {
    fn start<'o, R: Read>(
        reader: R,
        cols: &NodeColumns,
        opts: ImportOptions<'o>,
        source: &str,
    ) -> Result<(Run<'o>, LineReader<R>, NodeReader), ImportError> {
        let run = Run::new(source, opts);
        let mut lines = LineReader::new(reader, run.opts.max_line_bytes);
        let header = read_header(&run, &mut lines, cols.has_header)?;
        let (layout, pos) = Layout::resolve(
            &run,
            header.as_deref(),
            cols.delimiter,
            cols.quoting,
            &[
                ("id", Some(&cols.id)),
                ("kind", cols.kind.as_ref()),
                ("name", cols.name.as_ref()),
            ],
        )?;
        let fast = FastNode::new(&pos, &layout, cols);
        let st = NodeReader {
            at: (pos[0].unwrap_or(0), pos[1], pos[2]),
            layout,
            ranges: Vec::with_capacity(8),
            scratch: (Vec::new(), Vec::new(), Vec::new()),
            kinds: NameCache::new(),
            fast,
            batch: Vec::with_capacity(NODE_BATCH),
        };
        Ok((run, lines, st))
    }

    /// One step of the row loop.
    fn step(
        &mut self,
        g: &mut KnowledgeGraph,
        cols: &NodeColumns,
        run: &mut Run<'_>,
        step: Step<'_, Parsed<'_, NodeRow>>,
    ) -> Result<(), ImportError> {
        let (line, row) = match step {
            Step::Parsed(rows) => {
                for row in rows {
                    self.batch.push(row);
                    if self.batch.len() == NODE_BATCH {
                        self.flush(g, run)?;
                    }
                }
                return Ok(());
            }
            Step::Row { line, text } => {
                self.flush(g, run)?;
                let row = match self
                    .fast
                    .as_ref()
                    .and_then(|f| f.parse(text, cols, &mut self.kinds))
                {
                    Some((id, kind, name)) => push_node(
                        g,
                        Actor::new(ActorId::from_graphic(id), kind, name),
                        &self.layout,
                    ),
                    None => {
                        let (s1, s2, s3) = &mut self.scratch;
                        node_row(
                            g,
                            text,
                            cols,
                            &self.layout,
                            self.at,
                            &mut self.ranges,
                            (s1, s2, s3),
                            &mut self.kinds,
                        )
                    }
                };
                (line, row)
            }
            Step::Reserve(n) => {
                g.reserve_actors(n);
                return Ok(());
            }
            Step::Flush => return self.flush(g, run),
        };
        match row {
            Ok(()) => run.summary.actors_created += 1,
            Err(bad) => run.bad(line, bad)?,
        }
        Ok(())
    }

    /// Files the batched actors in order.
    fn flush(&mut self, g: &mut KnowledgeGraph, run: &mut Run<'_>) -> Result<(), ImportError> {
        g.warm_actor_slots(self.batch.iter().map(|r| (&r.actor.id, r.name_hash)));
        for row in self.batch.drain(..) {
            match push_node_hashed(g, row.actor, row.name_hash, &self.layout) {
                Ok(()) => run.summary.actors_created += 1,
                Err(bad) => run.bad(row.line, bad)?,
            }
        }
        Ok(())
    }

    fn end<R: Read>(
        self,
        g: &mut KnowledgeGraph,
        run: Run<'_>,
        lines: &LineReader<R>,
    ) -> ImportSummary {
        if run.summary.actors_created > 0 {
            g.shrink_to_fit();
        }
        run.finish(lines)
    }
}

#[allow(clippy::too_many_arguments)]
fn node_row(
    g: &mut KnowledgeGraph,
    text: &[u8],
    cols: &NodeColumns,
    layout: &Layout,
    (id_at, kind_at, name_at): (usize, Option<usize>, Option<usize>),
    ranges: &mut Vec<FieldRange>,
    (s1, s2, s3): (&mut Vec<u8>, &mut Vec<u8>, &mut Vec<u8>),
    kinds: &mut NameCache<ActorKind>,
) -> Result<(), Bad> {
    if !split_fields(text, cols.delimiter, cols.quoting, ranges) {
        return Err(Bad {
            reason: SkipReason::ColumnCount,
            field: None,
            detail: "unterminated quote".into(),
        });
    }
    layout.check_count(ranges.len())?;
    let id = utf8(field_bytes(text, ranges[id_at], s1), &layout.names[0])?;
    let kind = match kind_at {
        Some(k) => {
            let b = field_bytes(text, ranges[k], s2);
            if b.is_empty() {
                cols.default_kind
            } else if let Some(k) = kinds.get(b) {
                k
            } else {
                let k = utf8(b, &layout.names[1])?
                    .parse::<ActorKind>()
                    .map_err(|e| {
                        Bad::new(SkipReason::BadActorKind, &layout.names[1], e.to_string())
                    })?;
                kinds.put(b, k);
                k
            }
        }
        None => cols.default_kind,
    };
    let name = match name_at {
        Some(n) => utf8(field_bytes(text, ranges[n], s3), &layout.names[2])?.trim(),
        None => "",
    };
    let trimmed = id.trim();
    let actor_id = ActorId::new(trimmed).map_err(|e| {
        Bad::new(
            SkipReason::BadId,
            &layout.names[0],
            format!("{} ({e})", show(id.as_bytes())),
        )
    })?;
    let name = if name.is_empty() { trimmed } else { name };
    push_node(g, Actor::new(actor_id, kind, name), layout)
}

/// Adds a node row's actor; a taken id is a bad row.
#[inline]
fn push_node(g: &mut KnowledgeGraph, actor: Actor, layout: &Layout) -> Result<(), Bad> {
    let h = g.name_seed().name_hash(&actor.name);
    push_node_hashed(g, actor, h, layout)
}

/// [`push_node`] given the hash of the actor's name
/// ([`KnowledgeGraph::name_seed`]).
#[inline]
fn push_node_hashed(
    g: &mut KnowledgeGraph,
    actor: Actor,
    name_hash: Option<u64>,
    layout: &Layout,
) -> Result<(), Bad> {
    g.push_actor_hashed(actor, name_hash)
        .map(|_| ())
        .map_err(|e| match e {
            crate::error::GraphError::DuplicateActor(id) => Bad::new(
                SkipReason::DuplicateActor,
                &layout.names[0],
                format!("actor id {id} is already taken"),
            ),
            e => Bad::new(SkipReason::Rejected, &layout.names[0], e.to_string()),
        })
}

/// A one-pass parser for node rows of the benchmark layout (`id,kind,name`
/// in that order, three columns): rows of printable ASCII without quotes
/// and with exactly two delimiters, whose id has no space and at most
/// [`MAX_ID_LEN`](crate::model::MAX_ID_LEN) bytes and whose kind is empty
/// or a known kind. It walks the line a word at a time, checking the bytes
/// and finding the delimiters together, instead of splitting the line into
/// field ranges, validating UTF-8 per field and trimming. It builds exactly
/// the actor [`node_row`] builds for the rows it accepts (for printable
/// ASCII, the only whitespace `str::trim` removes is the space); any other
/// row gets `None` and goes to [`node_row`], which explains errors.
#[derive(Debug, Clone)]
struct FastNode {
    /// The delimiter in every byte of a word.
    dpat: u64,
    /// The quote in every byte, when quoting is on.
    qpat: Option<u64>,
    /// Each kind's name ([`ActorKind::as_str`]) as two zero-padded words
    /// and its length.
    kind_words: [(u64, u64, usize, ActorKind); 8],
}

impl FastNode {
    /// The parser for this mapping, when it is the benchmark's column
    /// order with three columns and a delimiter that is not a letter,
    /// digit or space.
    fn new(pos: &[Option<usize>], layout: &Layout, cols: &NodeColumns) -> Option<Self> {
        const LO: u64 = 0x0101_0101_0101_0101;
        let in_order = pos == [Some(0), Some(1), Some(2)];
        let delim_ok = matches!(cols.delimiter, b',' | b'\t' | b';' | b'|');
        let kind_words = ActorKind::ALL.map(|k| {
            let b = k.as_str().as_bytes();
            let word = |from: usize| {
                let mut w = [0u8; 8];
                let part = b.get(from..).unwrap_or_default();
                let n = part.len().min(8);
                w[..n].copy_from_slice(&part[..n]);
                u64::from_le_bytes(w)
            };
            (word(0), word(8), b.len(), k)
        });
        (in_order && delim_ok && layout.check_count(3).is_ok()).then(|| FastNode {
            dpat: LO * u64::from(cols.delimiter),
            qpat: cols.quoting.then_some(LO * u64::from(b'"')),
            kind_words,
        })
    }

    /// The kind spelled exactly as [`ActorKind::as_str`] in the `len`
    /// (1..=16) bytes of `text` at `at`, compared as words; `None` for
    /// any other spelling or when the line has too few bytes after the
    /// field to load words (callers then ask the name cache and the
    /// parser, which give the same answer for these spellings).
    #[inline]
    fn kind_at(&self, text: &[u8], at: usize, len: usize) -> Option<ActorKind> {
        let mask = |n: usize| {
            if n >= 8 {
                u64::MAX
            } else {
                (1u64 << (8 * n)) - 1
            }
        };
        let w0 = super::word_at(text, at)? & mask(len);
        let w1 = if len > 8 {
            super::word_at(text, at + 8)? & mask(len - 8)
        } else {
            0
        };
        self.kind_words
            .iter()
            .find(|&&(a, b, n, _)| n == len && a == w0 && b == w1)
            .map(|&(.., k)| k)
    }

    /// The positions of the row's two delimiters, when every other byte is
    /// printable ASCII (space included), no byte is a quote, and the id
    /// (before the first delimiter) holds no space.
    #[inline]
    fn delimiters(&self, text: &[u8]) -> Option<(usize, usize)> {
        const LO: u64 = 0x0101_0101_0101_0101;
        const HI: u64 = 0x8080_8080_8080_8080;
        const SPACES: u64 = LO * 0x20;
        let n = text.len();
        let (mut first, mut second) = (usize::MAX, usize::MAX);
        let mut space = usize::MAX;
        let mut at = 0;
        while at < n {
            let (w, live) = match super::word_at(text, at) {
                Some(w) => (w, HI),
                None => {
                    let k = n - at;
                    (super::low_bytes(text, k), HI >> (8 * (8 - k)))
                }
            };
            // Bytes with the high bit set: not ASCII, not for this path
            // (the bytes past the end of a last short word are zero).
            // With the high bits clear, adding 0x7F to a byte sets its high
            // bit unless it is zero, and no addition below carries into
            // another byte: each test below is exact per byte.
            if w & HI != 0 {
                return None;
            }
            let zeros = |x: u64| !x.wrapping_add(0x7F * LO) & HI;
            let delims = zeros(w ^ self.dpat) & live;
            // Printable: >= 0x20 (adding 0x60 sets the high bit) and
            // < 0x7F (adding 1 does not). Delimiters may be tabs.
            let unprintable = (!w.wrapping_add(0x60 * LO) | w.wrapping_add(LO)) & live & !delims;
            let quotes = self.qpat.map_or(0, |q| zeros(w ^ q) & live);
            if unprintable | quotes != 0 {
                return None;
            }
            // Spaces matter in the id only: look while it runs (a space
            // after its delimiter in the same word is past it, harmless).
            if first == usize::MAX && space == usize::MAX {
                let spaces = zeros(w ^ SPACES) & live;
                if spaces != 0 {
                    space = at + (spaces.trailing_zeros() / 8) as usize;
                }
            }
            let mut m = delims;
            while m != 0 {
                let p = at + (m.trailing_zeros() / 8) as usize;
                if first == usize::MAX {
                    first = p;
                } else if second == usize::MAX {
                    second = p;
                } else {
                    return None;
                }
                m &= m - 1;
            }
            at += 8;
        }
        (second != usize::MAX && space > first).then_some((first, second))
    }

    /// The row's actor id (checked as [`ActorId::from_graphic`] wants
    /// it), kind and name, or `None` to take [`node_row`].
    #[inline]
    fn parse<'t>(
        &self,
        text: &'t [u8],
        cols: &NodeColumns,
        kinds: &mut NameCache<ActorKind>,
    ) -> Option<(&'t str, ActorKind, &'t str)> {
        let (d1, d2) = self.delimiters(text)?;
        if d1 == 0 || d1 > crate::model::MAX_ID_LEN {
            return None;
        }
        // `delimiters` checked that every byte is ASCII, so this cannot
        // fail and every index is a char boundary; the check is kept safe
        // (about 4 ms over 100k rows) rather than skipped with `unsafe`.
        let line = std::str::from_utf8(text).ok()?;
        let kind = &text[d1 + 1..d2];
        let kind = if kind.is_empty() {
            cols.default_kind
        } else if let Some(k) = (kind.len() <= 16)
            .then(|| self.kind_at(text, d1 + 1, kind.len()))
            .flatten()
        {
            k
        } else if let Some(k) = kinds.get(kind) {
            k
        } else {
            let k = line.get(d1 + 1..d2)?.parse::<ActorKind>().ok()?;
            kinds.put(kind, k);
            k
        };
        let id = line.get(..d1)?;
        let name = line.get(d2 + 1..)?.trim_ascii();
        let name = if name.is_empty() { id } else { name };
        Some((id, kind, name))
    }
}

fn utf8<'b>(b: &'b [u8], field: &str) -> Result<&'b str, Bad> {
    std::str::from_utf8(b).map_err(|_| Bad::new(SkipReason::NotUtf8, field, show(b)))
}

/// A small cache of parsed names (relation kinds): 256 direct-mapped slots
/// keyed by a hash of the name's bytes, which each slot holds inline as
/// four zero-padded words (a hit is one load and four word compares; longer
/// names also keep their bytes to compare).
pub(crate) struct NameCache<T> {
    slots: Vec<Option<CacheSlot<T>>>,
}

struct CacheSlot<T> {
    len: usize,
    key: [u64; 4],
    /// The whole name, when longer than the four words.
    long: Option<Box<[u8]>>,
    value: T,
}

/// Bytes of a name that [`NameCache`] keys hold inline.
const KEY_BYTES: usize = 32;

impl<T: Copy> NameCache<T> {
    fn new() -> Self {
        NameCache {
            slots: (0..256).map(|_| None).collect(),
        }
    }

    /// The slot of a key (a collision only costs a re-parse).
    #[inline]
    fn slot(len: usize, key: &[u64; 4]) -> usize {
        let h = (key[0] ^ key[1].rotate_left(19) ^ key[2].rotate_left(37) ^ key[3].rotate_left(53))
            ^ len as u64;
        (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as usize
    }

    #[inline]
    fn get(&self, b: &[u8]) -> Option<T> {
        let key = key_words(b);
        match &self.slots[Self::slot(b.len(), &key)] {
            Some(s)
                if s.len == b.len()
                    && s.key == key
                    && (b.len() <= KEY_BYTES || s.long.as_deref() == Some(b)) =>
            {
                Some(s.value)
            }
            _ => None,
        }
    }

    /// [`get`](Self::get) for a name of `len` (at most [`KEY_BYTES`])
    /// bytes given as its [`key_words`].
    #[inline(always)]
    fn get_words(&self, len: usize, key: &[u64; 4]) -> Option<T> {
        match &self.slots[Self::slot(len, key)] {
            Some(s) if s.len == len && s.key == *key && len <= KEY_BYTES => Some(s.value),
            _ => None,
        }
    }

    fn put(&mut self, b: &[u8], v: T) {
        let key = key_words(b);
        self.slots[Self::slot(b.len(), &key)] = Some(CacheSlot {
            len: b.len(),
            key,
            long: (b.len() > KEY_BYTES).then(|| b.into()),
            value: v,
        });
    }
}

/// The first 32 bytes of `b` as four little-endian words, zero-padded.
#[inline]
fn key_words(b: &[u8]) -> [u64; 4] {
    let mut key = [0u64; 4];
    for (i, w) in key.iter_mut().enumerate() {
        let rest = b.get(8 * i..).unwrap_or_default();
        *w = match rest.first_chunk::<8>() {
            Some(c) => u64::from_le_bytes(*c),
            None => super::low_bytes(rest, rest.len()),
        };
    }
    key
}

/// Maps actor id text to node indices: an array for small integer ids,
/// else the graph's id map. When every id `0..n` sits at node index equal
/// to itself (an edge list whose node file listed ids in order), the array
/// is not consulted at all: that saves a cache miss per endpoint.
#[derive(Clone)]
pub(crate) struct NodeLookup {
    dense: Vec<u32>,
    /// `dense[v] == v` for every `v < dense.len()`.
    identity: bool,
}

impl NodeLookup {
    pub(crate) fn new(g: &KnowledgeGraph) -> Self {
        let limit = (g.actor_count() as u64).saturating_mul(4).max(1024);
        let mut dense = Vec::new();
        for (id, node) in &g.actors {
            let b = id.as_str().as_bytes();
            if let Some(v) = short_canonical(b).or_else(|| canonical_u32(b)) {
                if u64::from(v) < limit {
                    let v = v as usize;
                    if dense.len() <= v {
                        if dense.capacity() == 0 {
                            // Integer ids: room for 0..n (the usual dense
                            // ids) at once.
                            dense.reserve(g.actor_count().max(v + 1));
                        }
                        dense.resize(v + 1, NONE);
                    }
                    dense[v] = node.index() as u32;
                }
            }
        }
        let identity = dense.iter().enumerate().all(|(i, &n)| n as usize == i);
        NodeLookup { dense, identity }
    }

    #[inline]
    pub(crate) fn get(&self, g: &KnowledgeGraph, id: &[u8]) -> Option<NodeIndex<u32>> {
        if let Some(v) = short_canonical(id).or_else(|| canonical_u32(id)) {
            if self.identity && (v as usize) < self.dense.len() {
                return Some(NodeIndex::new(v as usize));
            }
            if let Some(&n) = self.dense.get(v as usize) {
                if n != NONE {
                    return Some(NodeIndex::new(n as usize));
                }
            }
        }
        let s = std::str::from_utf8(id).ok()?;
        g.actors.get(s).copied()
    }

    /// [`get`](Self::get)'s array path for an id field of `n` (1..=8)
    /// bytes whose bytes are the low bytes of `w`: the same answer when it
    /// answers; `None` sends the caller to [`get`](Self::get).
    #[inline]
    pub(crate) fn get_word(&self, w: u64, n: usize) -> Option<NodeIndex<u32>> {
        if n > 1 && w & 0xFF == u64::from(b'0') {
            return None;
        }
        let v = super::swar_digits(w, n)? as usize;
        if self.identity {
            return (v < self.dense.len()).then(|| NodeIndex::new(v));
        }
        match self.dense.get(v) {
            Some(&n) if n != NONE => Some(NodeIndex::new(n as usize)),
            _ => None,
        }
    }

    pub(crate) fn added(&mut self, id: &str, node: NodeIndex<u32>) {
        if let Some(v) = canonical_u32(id.as_bytes()) {
            let v = v as usize;
            if v < self.dense.len() {
                self.dense[v] = node.index() as u32;
                self.identity &= node.index() == v;
            }
        }
    }
}

/// [`canonical_u32`] for ids of 1 to 9 digits (no overflow possible, so
/// no checked arithmetic); `None` for anything else.
#[inline]
fn short_canonical(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 || (b.len() > 1 && b[0] == b'0') {
        return None;
    }
    super::digits(b)
}

/// Reads an edge list into `g`: one relation per row, between actors
/// already in the graph (or created, with
/// [`EdgeColumns::create_missing_actors`]).
pub fn read_edges<R: Read>(
    g: &mut KnowledgeGraph,
    reader: R,
    cols: &EdgeColumns,
    opts: ImportOptions<'_>,
) -> Result<ImportSummary, ImportError> {
    read_edges_named(g, reader, cols, opts, "edges")
}

fn read_edges_named<R: Read>(
    g: &mut KnowledgeGraph,
    reader: R,
    cols: &EdgeColumns,
    opts: ImportOptions<'_>,
    source: &str,
) -> Result<ImportSummary, ImportError> {
    let (mut run, mut lines, mut st) = EdgeReader::start(g, reader, cols, opts, source)?;
    run.for_each_row(&mut lines, |run, step| st.step(g, cols, run, step.widen()))?;
    Ok(st.end(g, run, &lines))
}

/// [`read_edges_named`] with the reading and the parsing of rows on a
/// second thread ([`Run::for_each_row_split`]) while this one links the
/// edges: the same graph, summary and errors. Rows the reading thread
/// cannot take by [`FastRow`] come to this thread as text and go through
/// [`edge_row`] here, in their place. Without the fast layout it is
/// [`read_edges_named`].
fn read_edges_split<R: Read + Send>(
    g: &mut KnowledgeGraph,
    reader: R,
    cols: &EdgeColumns,
    opts: ImportOptions<'_>,
    source: &str,
    batch_rows: usize,
) -> Result<ImportSummary, ImportError> {
    let (mut run, mut lines, mut st) = EdgeReader::start(g, reader, cols, opts, source)?;
    let Some(fast) = st.fast else {
        run.for_each_row(&mut lines, |run, step| st.step(g, cols, run, step.widen()))?;
        return Ok(st.end(g, run, &lines));
    };
    // The reading thread's own id table and name caches (the graph stays
    // with this thread); ids it does not know come here as text.
    let lookup = st.lookup.clone();
    let (mut ahead_kinds, mut kinds) = (NameCache::new(), NameCache::new());
    let lines = run.for_each_row_split(
        lines,
        batch_rows,
        |_, buf| fast.parse_ahead(buf, &lookup, &mut ahead_kinds),
        |_, text| fast.parse_compact(text, &lookup, &mut kinds),
        |run, step| st.step(g, cols, run, step),
    )?;
    Ok(st.end(g, run, &lines))
}

/// A parsed edge row: endpoints and record.
type EdgeRow = (NodeIndex<u32>, NodeIndex<u32>, EdgeRecord);

/// The state of an edge list import between rows.
struct EdgeReader {
    layout: Layout,
    pos: Vec<Option<usize>>,
    lookup: NodeLookup,
    ranges: Vec<FieldRange>,
    scratch: Vec<u8>,
    kinds: NameCache<RelationKind>,
    batch: Vec<EdgeRow>,
    slots: crate::graph::NodeSlots,
    created: u64,
    fast: Option<FastRow>,
}

impl EdgeReader {
    fn start<'o, R: Read>(
        g: &mut KnowledgeGraph,
        reader: R,
        cols: &EdgeColumns,
        opts: ImportOptions<'o>,
        source: &str,
    ) -> Result<(Run<'o>, LineReader<R>, EdgeReader), ImportError> {
        if !(0.0..=1.0).contains(&cols.default_confidence) {
            return Err(ImportError::Header {
                source_name: source.to_string(),
                line: 0,
                message: format!(
                    "default confidence {} is outside 0..=1",
                    cols.default_confidence
                ),
            });
        }
        let run = Run::new(source, opts);
        let mut lines = LineReader::new(reader, run.opts.max_line_bytes);
        let header = read_header(&run, &mut lines, cols.has_header)?;
        let (layout, pos) = Layout::resolve(
            &run,
            header.as_deref(),
            cols.delimiter,
            cols.quoting,
            &[
                ("source", Some(&cols.source)),
                ("target", Some(&cols.target)),
                ("relation", cols.relation.as_ref()),
                ("date", cols.date.as_ref()),
                ("confidence", cols.confidence.as_ref()),
            ],
        )?;
        let fast = FastRow::new(&layout, &pos, cols);
        let st = EdgeReader {
            layout,
            pos,
            lookup: NodeLookup::new(g),
            ranges: Vec::with_capacity(8),
            scratch: Vec::new(),
            kinds: NameCache::new(),
            batch: Vec::with_capacity(EDGE_BATCH),
            slots: g.graph.node_slots(),
            created: run.summary.actors_created,
            fast,
        };
        Ok((run, lines, st))
    }

    /// One step of the row loop.
    fn step(
        &mut self,
        g: &mut KnowledgeGraph,
        cols: &EdgeColumns,
        run: &mut Run<'_>,
        step: Step<'_, Parsed<'_, FastEdge>>,
    ) -> Result<(), ImportError> {
        let row = match step {
            Step::Parsed(rows) => return self.link(g, rows.as_slice(), &mut run.summary),
            Step::Row { line, text } => {
                let row = match self
                    .fast
                    .and_then(|f| f.parse(text, &self.lookup, &mut self.kinds))
                {
                    Some(row) => Ok(row),
                    None => edge_row(
                        g,
                        text,
                        cols,
                        &self.layout,
                        &self.pos,
                        &mut self.ranges,
                        &mut self.scratch,
                        &mut self.kinds,
                        &mut self.lookup,
                        &mut run.summary.actors_created,
                    ),
                };
                row.map_err(|bad| (line, bad))
            }
            Step::Reserve(n) => {
                g.reserve_relations(n);
                return Ok(());
            }
            Step::Flush => return flush_edges(g, &mut self.batch, &mut run.summary),
        };
        match row {
            Ok((a, b, rec)) => {
                if self.created != run.summary.actors_created {
                    // New nodes may have moved the node array.
                    self.created = run.summary.actors_created;
                    self.slots = g.graph.node_slots();
                }
                self.slots.prefetch(a);
                self.slots.prefetch(b);
                self.batch.push((a, b, rec));
                if self.batch.len() == EDGE_BATCH {
                    flush_edges(g, &mut self.batch, &mut run.summary)?;
                }
                Ok(())
            }
            Err((line, bad)) => {
                // Rows before a bad one are in the graph when it is
                // reported.
                flush_edges(g, &mut self.batch, &mut run.summary)?;
                run.bad(line, bad)
            }
        }
    }

    /// Links a run of rows the reading thread parsed, after the rows
    /// batched before them: a chunk at a time, prefetching the endpoint
    /// slots of the next chunk before linking this one.
    fn link(
        &mut self,
        g: &mut KnowledgeGraph,
        rows: &[FastEdge],
        summary: &mut ImportSummary,
    ) -> Result<(), ImportError> {
        flush_edges(g, &mut self.batch, summary)?;
        if self.created != summary.actors_created {
            self.created = summary.actors_created;
            self.slots = g.graph.node_slots();
        }
        let mut chunks = rows.chunks(LINK_CHUNK);
        let mut next = chunks.next();
        if let Some(c) = next {
            self.prefetch(c);
        }
        while let Some(chunk) = next {
            next = chunks.next();
            if let Some(c) = next {
                self.prefetch(c);
            }
            let before = g.relation_count();
            let res = g.push_plain(chunk.iter().map(|e| {
                let (a, b) = (NodeIndex::new(e.a as usize), NodeIndex::new(e.b as usize));
                (a, b, e.kind, e.date, e.confidence)
            }));
            summary.relations_created += (g.relation_count() - before) as u64;
            res?;
        }
        Ok(())
    }

    #[inline]
    fn prefetch(&self, rows: &[FastEdge]) {
        for e in rows {
            self.slots.prefetch(NodeIndex::new(e.a as usize));
            self.slots.prefetch(NodeIndex::new(e.b as usize));
        }
    }

    fn end<R: Read>(
        self,
        g: &mut KnowledgeGraph,
        run: Run<'_>,
        lines: &LineReader<R>,
    ) -> ImportSummary {
        let (_, cap) = g.graph.capacity();
        // The size hint over-reserves by ~2%: give it back (a shrinking
        // realloc of a large block is cheap).
        if cap > g.graph.edge_count() {
            g.graph.shrink_to_fit_edges();
        }
        run.finish(lines)
    }
}

/// A row [`FastRow`] took, as the reading thread of [`read_edges_split`]
/// hands it over: the endpoints and the fields of a plain record, 20
/// bytes where a row with its [`EdgeRecord`] takes 36.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FastEdge {
    a: u32,
    b: u32,
    date: u32,
    confidence: f32,
    kind: RelationKind,
}

impl FastEdge {
    #[inline]
    fn into_row(self) -> EdgeRow {
        (
            NodeIndex::new(self.a as usize),
            NodeIndex::new(self.b as usize),
            EdgeRecord::plain(self.kind, self.date, self.confidence),
        )
    }
}

/// Rows parsed (and their endpoint slots prefetched) before their edges are
/// linked into the graph.
const EDGE_BATCH: usize = 64;

/// Rows of a parsed run ([`EdgeReader::link`]) linked together while the
/// endpoint slots of the next as many are prefetched.
const LINK_CHUNK: usize = 16;

/// A one-pass parser for rows of the benchmark layout
/// (`source,target,relation,YYYY-MM-DD,D.DDD`: integer ids of 1–7 digits
/// found in the dense id array, a known relation name, no quotes). It
/// walks the line once, a word at a time, instead of splitting it into
/// field ranges first. It answers exactly what [`edge_row`] answers for
/// the rows it accepts; any other row (another shape, an empty or bad
/// field, an unknown id) gets `None` and goes to [`edge_row`], which
/// explains errors. Used only when the column mapping is that layout.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FastRow {
    /// The delimiter in every byte of a word.
    dpat: u64,
    /// The quote in every byte, when quoting is on.
    qpat: Option<u64>,
    delim: u8,
}

impl FastRow {
    /// The parser for this mapping, when the mapping is the benchmark's
    /// column order with five columns and a delimiter that cannot occur
    /// inside a number, a date or a relation name.
    fn new(layout: &Layout, pos: &[Option<usize>], cols: &EdgeColumns) -> Option<Self> {
        const LO: u64 = 0x0101_0101_0101_0101;
        let in_order = pos.iter().enumerate().all(|(i, p)| *p == Some(i));
        let delim_ok = matches!(cols.delimiter, b',' | b'\t' | b';' | b'|');
        (pos.len() == 5 && in_order && delim_ok && layout.check_count(5).is_ok()).then(|| FastRow {
            dpat: LO * u64::from(cols.delimiter),
            qpat: cols.quoting.then_some(LO * u64::from(b'"')),
            delim: cols.delimiter,
        })
    }

    /// The length (1..=7) of the field that starts the word `w`: the
    /// position of its first delimiter.
    #[inline]
    fn field_len(&self, w: u64) -> Option<usize> {
        let m = super::zero_bytes(w ^ self.dpat);
        let n = (m.trailing_zeros() / 8) as usize;
        (1..8).contains(&n).then_some(n)
    }

    /// The row's endpoints and record, or `None` to take [`edge_row`].
    #[inline]
    pub(crate) fn parse(
        &self,
        text: &[u8],
        lookup: &NodeLookup,
        kinds: &mut NameCache<RelationKind>,
    ) -> Option<EdgeRow> {
        self.parse_compact(text, lookup, kinds)
            .map(FastEdge::into_row)
    }

    /// The two endpoint fields at the start of a row (short unquoted
    /// integer ids, each followed by the delimiter): their nodes and the
    /// offset of the field after them, or `None` for any other shape.
    #[inline(always)]
    fn endpoints(
        &self,
        text: &[u8],
        lookup: &NodeLookup,
    ) -> Option<(NodeIndex<u32>, NodeIndex<u32>, usize)> {
        let w = super::word_at(text, 0)?;
        let n = self.field_len(w)?;
        let a = lookup.get_word(w, n)?;
        let at = n + 1;
        let w = super::word_at(text, at)?;
        let n = self.field_len(w)?;
        let b = lookup.get_word(w, n)?;
        Some((a, b, at + n + 1))
    }

    /// [`parse`](Self::parse)'s answer in its compact form.
    #[inline]
    pub(crate) fn parse_compact(
        &self,
        text: &[u8],
        lookup: &NodeLookup,
        kinds: &mut NameCache<RelationKind>,
    ) -> Option<FastEdge> {
        let (a, b, r0) = self.endpoints(text, lookup)?;
        // The relation name: up to 32 bytes, no quote.
        let mut at = r0;
        let r1 = loop {
            let w = super::word_at(text, at)?;
            if let Some(q) = self.qpat {
                if super::zero_bytes(w ^ q) != 0 {
                    return None;
                }
            }
            let m = super::zero_bytes(w ^ self.dpat);
            if m != 0 {
                break at + (m.trailing_zeros() / 8) as usize;
            }
            at += 8;
            if at - r0 >= 32 {
                return None;
            }
        };
        let name = &text[r0..r1];
        if name.is_empty() {
            return None;
        }
        let kind = match kinds.get(name) {
            Some(k) => k,
            None => {
                let k = RelationKind::parse_lenient(std::str::from_utf8(name).ok()?).ok()?;
                kinds.put(name, k);
                k
            }
        };
        let d0 = r1 + 1;
        let date = super::packed_ymd(text, d0, 10)?;
        if *text.get(d0 + 10)? != self.delim {
            return None;
        }
        let conf = text.get(d0 + 11..)?;
        if conf.len() != 5 {
            return None;
        }
        let confidence = super::short_decimal(conf).filter(|&v| v <= 1.0)?;
        Some(FastEdge {
            a: a.index() as u32,
            b: b.index() as u32,
            date,
            confidence,
            kind,
        })
    }

    /// [`parse_compact`](Self::parse_compact) of the line at the start of
    /// `buf` (the line reader's bytes read ahead), taken without splitting
    /// the line off first: the row and the line's length with its `\n`,
    /// when the line has the benchmark shape, ends in `\n` right after the
    /// confidence and `buf` holds eight bytes past each field read as a
    /// word. It answers only where [`parse_compact`](Self::parse_compact)
    /// answers the same for the line's text (proptest); `None` sends the
    /// caller to the line reader and that parser.
    #[inline]
    pub(crate) fn parse_ahead(
        &self,
        buf: &[u8],
        lookup: &NodeLookup,
        kinds: &mut NameCache<RelationKind>,
    ) -> Option<(FastEdge, usize)> {
        const LO: u64 = 0x0101_0101_0101_0101;
        const NL: u64 = LO * b'\n' as u64;
        let (a, b, r0) = self.endpoints(buf, lookup)?;
        // The relation name: up to 31 bytes before the delimiter, none of
        // them a quote or a line end, kept as the cache's key words.
        let mut key = [0u64; 4];
        let mut k = 0;
        let r1 = loop {
            let w = super::word_at(buf, r0 + 8 * k)?;
            let d = super::zero_bytes(w ^ self.dpat);
            // The bytes before the first delimiter (all when none).
            let live = if d == 0 {
                u64::MAX
            } else {
                ((d & d.wrapping_neg()) >> 7) - 1
            };
            let mut stop = super::zero_bytes(w ^ NL);
            if let Some(q) = self.qpat {
                stop |= super::zero_bytes(w ^ q);
            }
            if stop & live != 0 {
                return None;
            }
            key[k] = w & live;
            if d != 0 {
                break r0 + 8 * k + (d.trailing_zeros() / 8) as usize;
            }
            k += 1;
            if k == key.len() {
                return None;
            }
        };
        let len = r1 - r0;
        if len == 0 {
            return None;
        }
        let kind = match kinds.get_words(len, &key) {
            Some(k) => k,
            None => {
                let name = buf.get(r0..r1)?;
                let k = RelationKind::parse_lenient(std::str::from_utf8(name).ok()?).ok()?;
                kinds.put(name, k);
                k
            }
        };
        // The date as two overlapping words, then one word for the
        // delimiter, a `D.DDD` confidence and the line end.
        let d0 = r1 + 1;
        let date = super::ymd_words(super::word_at(buf, d0)?, super::word_at(buf, d0 + 2)?)?;
        let w = super::word_at(buf, d0 + 10)?;
        // Bytes 0, 2 and 6: delimiter, '.', '\n'; bytes 1, 3-5: digits.
        const SHAPE: u64 = 0x00FF_0000_00FF_00FF;
        const DIGITS: u64 = 0x0000_FFFF_FF00_FF00;
        let shape = u64::from(self.delim) | u64::from(b'.') << 16 | u64::from(b'\n') << 48;
        if w & SHAPE != shape {
            return None;
        }
        let d = (w ^ 0x3030_3030_3030_3030) & DIGITS;
        if (d & 0xF0F0_F0F0_F0F0_F0F0)
            | (d.wrapping_add(0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0)
            != 0
        {
            return None;
        }
        let c = d.to_le_bytes().map(u32::from);
        let m = c[1] * 1000 + c[3] * 100 + c[4] * 10 + c[5];
        // As `short_decimal` computes it.
        let confidence = m as f32 / 1000.0;
        if confidence > 1.0 {
            return None;
        }
        Some((
            FastEdge {
                a: a.index() as u32,
                b: b.index() as u32,
                date,
                confidence,
                kind,
            },
            d0 + 17,
        ))
    }
}

/// Links a batch of parsed rows into the graph, in order.
fn flush_edges(
    g: &mut KnowledgeGraph,
    batch: &mut Vec<(NodeIndex<u32>, NodeIndex<u32>, EdgeRecord)>,
    summary: &mut ImportSummary,
) -> Result<(), ImportError> {
    let before = g.relation_count();
    let res = g.push_records(batch);
    summary.relations_created += (g.relation_count() - before) as u64;
    batch.clear();
    Ok(res?)
}

#[allow(clippy::too_many_arguments)]
fn edge_row(
    g: &mut KnowledgeGraph,
    text: &[u8],
    cols: &EdgeColumns,
    layout: &Layout,
    pos: &[Option<usize>],
    ranges: &mut Vec<FieldRange>,
    scratch: &mut Vec<u8>,
    kinds: &mut NameCache<RelationKind>,
    lookup: &mut NodeLookup,
    created: &mut u64,
) -> Result<(NodeIndex<u32>, NodeIndex<u32>, EdgeRecord), Bad> {
    if !split_fields(text, cols.delimiter, cols.quoting, ranges) {
        return Err(Bad {
            reason: SkipReason::ColumnCount,
            field: None,
            detail: "unterminated quote".into(),
        });
    }
    layout.check_count(ranges.len())?;
    let mut ends = [NodeIndex::end(); 2];
    for (k, end) in ends.iter_mut().enumerate() {
        let at = pos[k].unwrap_or(k);
        let r = ranges[at];
        let n = (r.end - r.start) as usize;
        // Integer ids in the array: one word load, no byte loop.
        if !r.escaped && (1..=8).contains(&n) {
            if let Some(node) =
                super::word_at(text, r.start as usize).and_then(|w| lookup.get_word(w, n))
            {
                *end = node;
                continue;
            }
        }
        let b = field_bytes(text, r, scratch);
        let b = b.trim_ascii();
        *end = match lookup.get(g, b) {
            Some(n) => n,
            None => match cols.create_missing_actors {
                Some(kind) => {
                    let s = utf8(b, &layout.names[k])?;
                    let id = ActorId::new(s).map_err(|e| {
                        Bad::new(
                            SkipReason::BadId,
                            &layout.names[k],
                            format!("{} ({e})", show(b)),
                        )
                    })?;
                    g.add_actor(Actor::new(id.clone(), kind, s)).map_err(|e| {
                        Bad::new(SkipReason::Rejected, &layout.names[k], e.to_string())
                    })?;
                    let node = g.actors[s];
                    lookup.added(s, node);
                    *created += 1;
                    node
                }
                None => {
                    let reason = if b.is_empty() || std::str::from_utf8(b).is_err() {
                        SkipReason::BadId
                    } else {
                        SkipReason::UnknownActor
                    };
                    return Err(Bad::new(
                        reason,
                        &layout.names[k],
                        format!("no actor with id {}", show(b)),
                    ));
                }
            },
        };
    }
    let kind = match pos[2] {
        Some(at) => {
            let b = field_bytes(text, ranges[at], scratch);
            if b.is_empty() {
                cols.default_relation
            } else if let Some(k) = kinds.get(b) {
                k
            } else {
                let k = RelationKind::parse_lenient(utf8(b, &layout.names[2])?).map_err(|e| {
                    Bad::new(SkipReason::BadRelation, &layout.names[2], e.to_string())
                })?;
                kinds.put(b, k);
                k
            }
        }
        None => cols.default_relation,
    };
    let date = match pos[3] {
        Some(at) => {
            let r = ranges[at];
            if let Some(p) = super::packed_ymd(text, r.start as usize, (r.end - r.start) as usize)
                .filter(|_| !r.escaped)
            {
                p
            } else {
                let b = field_bytes(text, r, scratch).trim_ascii();
                if b.is_empty() {
                    0
                } else {
                    parse_date(b)
                        .map_err(|e| Bad::new(SkipReason::BadDate, &layout.names[3], e))?
                        .pack()
                }
            }
        }
        None => 0,
    };
    let confidence = match pos[4] {
        Some(at) => {
            let b = field_bytes(text, ranges[at], scratch);
            if b.is_empty() {
                cols.default_confidence
            } else {
                parse_confidence(b)
                    .map_err(|e| Bad::new(SkipReason::BadConfidence, &layout.names[4], e))?
            }
        }
        None => cols.default_confidence,
    };
    let record = EdgeRecord::plain(kind, date, confidence);
    Ok((ends[0], ends[1], record))
}

fn file_opts<'a>(
    path: &Path,
    opts: ImportOptions<'a>,
) -> Result<(File, ImportOptions<'a>), ImportError> {
    let f = File::open(path).map_err(|error| ImportError::Io {
        source_name: path.display().to_string(),
        line: 0,
        error,
    })?;
    let opts = match f.metadata() {
        Ok(m) if opts.size_hint.is_none() => opts.with_size_hint(m.len()),
        _ => opts,
    };
    Ok((f, opts))
}

/// [`read_nodes`] from a file (errors name the file).
pub fn read_nodes_file(
    g: &mut KnowledgeGraph,
    path: impl AsRef<Path>,
    cols: &NodeColumns,
    opts: ImportOptions<'_>,
) -> Result<ImportSummary, ImportError> {
    let path = path.as_ref();
    let (f, opts) = file_opts(path, opts)?;
    let source = path.display().to_string();
    if split_worth_it(&opts, NODE_SPLIT_MIN_BYTES) {
        read_nodes_split(g, f, cols, opts, &source, SPLIT_BATCH_ROWS)
    } else {
        read_nodes_named(g, f, cols, opts, &source)
    }
}

/// [`read_edges`] from a file (errors name the file).
pub fn read_edges_file(
    g: &mut KnowledgeGraph,
    path: impl AsRef<Path>,
    cols: &EdgeColumns,
    opts: ImportOptions<'_>,
) -> Result<ImportSummary, ImportError> {
    let path = path.as_ref();
    let (f, opts) = file_opts(path, opts)?;
    let source = path.display().to_string();
    if split_worth_it(&opts, SPLIT_MIN_BYTES) {
        read_edges_split(g, f, cols, opts, &source, SPLIT_BATCH_ROWS)
    } else {
        read_edges_named(g, f, cols, opts, &source)
    }
}

/// Whether a file of the options' size is read on two threads: at least
/// `min_bytes` and two cores available.
fn split_worth_it(opts: &ImportOptions<'_>, min_bytes: u64) -> bool {
    let big = opts.size_hint.is_some_and(|n| n >= min_bytes);
    big && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// Edge files at least this large are read on two threads when two
/// cores are available ([`read_edges_split`]); smaller ones are not worth
/// a thread.
const SPLIT_MIN_BYTES: u64 = 4 << 20;

/// Node files at least this large (about 35k rows of the benchmark
/// layout) are read on two threads ([`read_nodes_split`]): a node row
/// costs the filing thread several times what an edge row does, so a
/// smaller file is worth the thread.
const NODE_SPLIT_MIN_BYTES: u64 = 1 << 20;

/// Rows per batch handed from the reading thread to the linking one
/// (about 40 bytes each, [`SPLIT_IN_FLIGHT`](super::SPLIT_IN_FLIGHT) + 2
/// batches alive at most: well under 1 MiB).
const SPLIT_BATCH_ROWS: usize = 4096;

/// Loads a benchmark directory (`DIR/nodes.csv`, `DIR/edges.csv`, the
/// layout of `gen.py`) into a new graph.
pub fn load_bench_dir(
    dir: impl AsRef<Path>,
    lenient: bool,
) -> Result<(KnowledgeGraph, ImportSummary), ImportError> {
    let dir = dir.as_ref();
    let mk = || {
        if lenient {
            ImportOptions::lenient()
        } else {
            ImportOptions::strict()
        }
    };
    let mut g = KnowledgeGraph::new();
    let mut summary = read_nodes_file(&mut g, dir.join("nodes.csv"), &NodeColumns::bench(), mk())?;
    let edges = read_edges_file(&mut g, dir.join("edges.csv"), &EdgeColumns::bench(), mk())?;
    summary.merge(&edges);
    Ok((g, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NODES: &str =
        "id,kind,name\n0,country,Russia\n1,country,Ukraine\n2,alliance,NATO\n3,leader,Putin\n";

    fn graph() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        let s = read_nodes(
            &mut g,
            NODES.as_bytes(),
            &NodeColumns::bench(),
            ImportOptions::strict(),
        )
        .unwrap();
        assert_eq!((s.actors_created, s.rows_read, s.lines_read), (4, 4, 5));
        g
    }

    fn edges(
        g: &mut KnowledgeGraph,
        text: &str,
        lenient: bool,
    ) -> Result<ImportSummary, ImportError> {
        let opts = if lenient {
            ImportOptions::lenient()
        } else {
            ImportOptions::strict()
        };
        read_edges(g, text.as_bytes(), &EdgeColumns::bench(), opts)
    }

    const HEAD: &str = "source_id,target_id,relation,date,confidence\n";

    #[test]
    fn short_ids_parse_like_canonical_u32() {
        for s in [
            "0",
            "7",
            "00",
            "01",
            "123456789",
            "999999999",
            "1234567890",
            "4294967295",
            "4294967296",
            "",
            "12a",
            "-1",
            " 1",
        ] {
            let b = s.as_bytes();
            assert_eq!(
                short_canonical(b).or_else(|| canonical_u32(b)),
                canonical_u32(b),
                "{s:?}"
            );
        }
        assert_eq!(short_canonical(b"1234567890"), None);
        assert_eq!(short_canonical(b"98765"), Some(98765));
    }

    #[test]
    fn name_cache_compares_whole_names() {
        let long = "provides_aid_to_".repeat(3);
        let long_x = format!("{}x", &long[..long.len() - 1]);
        let names: [&[u8]; 12] = [
            b"",
            b"a",
            b"ally_of",
            b"ally_ofx",
            b"ally_of\0",
            b"negotiates_with",
            b"negotiates_wiht",
            b"provides_aid_to",
            b"provides_aid_to_x",
            b"provides_aid_tx_x",
            long.as_bytes(),
            long_x.as_bytes(),
        ];
        for a in names {
            let mut c = NameCache::new();
            c.put(a, 1);
            for b in names {
                // One name in the cache: only that name hits.
                assert_eq!(c.get(b), (a == b).then_some(1), "{a:?} {b:?}");
                if b.len() <= KEY_BYTES {
                    assert_eq!(c.get_words(b.len(), &key_words(b)), c.get(b), "{b:?}");
                }
            }
        }
        let mut c = NameCache::new();
        for (i, n) in names.iter().enumerate() {
            c.put(n, i);
        }
        for (i, n) in names.iter().enumerate() {
            // A slot holds the last name put there: a hit is always exact.
            if let Some(v) = c.get(n) {
                assert_eq!(v, i);
            }
        }
        assert_eq!(c.get(b"provides_aid_to"), Some(7));
        assert_eq!(key_words(b"ab"), [0x6261, 0, 0, 0]);
        assert_eq!(key_words(b"abcdefghi")[1], 0x69);
    }

    /// (source name, target name) of each relation, in id order.
    fn ends(g: &KnowledgeGraph) -> Vec<(String, String)> {
        g.relations()
            .map(|r| (r.source().name.clone(), r.target().name.clone()))
            .collect()
    }

    #[test]
    fn integer_ids_resolve_in_and_out_of_node_order() {
        // Ids listed out of order: id "1" is the first node, so the dense
        // table is not the identity and must be consulted.
        let mut g = KnowledgeGraph::new();
        let nodes = "id,kind,name\n1,country,Ukraine\n0,country,Russia\n2,alliance,NATO\n";
        read_nodes(
            &mut g,
            nodes.as_bytes(),
            &NodeColumns::bench(),
            ImportOptions::strict(),
        )
        .unwrap();
        edges(
            &mut g,
            &format!("{HEAD}0,1,invaded,,\n2,0,opposes,,\n"),
            false,
        )
        .unwrap();
        assert_eq!(
            ends(&g),
            [("Russia", "Ukraine"), ("NATO", "Russia")]
                .map(|(a, b)| (a.to_string(), b.to_string()))
        );
        // Ids in node order (the identity fast path) resolve the same way.
        let mut g = graph();
        edges(
            &mut g,
            &format!("{HEAD}0,1,invaded,,\n3,0,leader_of,,\n"),
            false,
        )
        .unwrap();
        assert_eq!(
            ends(&g),
            [("Russia", "Ukraine"), ("Putin", "Russia")]
                .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn bench_relation_names_all_map() {
        let names = [
            ("member_of", RelationKind::MemberOf),
            ("leader_of", RelationKind::Leads),
            ("ally_of", RelationKind::AlliedWith),
            ("deployed_troops_to", RelationKind::DeploysForcesTo),
            ("invaded", RelationKind::Invades),
            ("attacked", RelationKind::Attacks),
            ("supports", RelationKind::Supports),
            ("opposes", RelationKind::Opposes),
            ("negotiates_with", RelationKind::NegotiatesWith),
            ("threatens", RelationKind::Threatens),
            ("sanctions", RelationKind::Sanctions),
            ("meets_with", RelationKind::MeetsWith),
            ("criticizes", RelationKind::Criticizes),
            ("trades_with", RelationKind::TradesWith),
            ("provides_aid_to", RelationKind::ProvidesAidTo),
        ];
        let mut g = graph();
        let mut text = HEAD.to_string();
        for (n, _) in names {
            text.push_str(&format!("0,1,{n},2022-02-24,0.5\n"));
        }
        let s = edges(&mut g, &text, false).unwrap();
        assert_eq!(s.relations_created, 15);
        let got: Vec<RelationKind> = g.relations().map(|r| r.kind()).collect();
        let want: Vec<RelationKind> = names.iter().map(|(_, k)| *k).collect();
        assert_eq!(got, want);
        let r = g.relations().next().unwrap();
        assert_eq!(r.date().unwrap().to_string(), "2022-02-24");
        assert_eq!(r.confidence(), 0.5);
        assert_eq!(r.source().name, "Russia");
        assert_eq!(g.relations_from("0").unwrap().count(), 15);
    }

    #[test]
    fn bad_rows_are_typed_errors_with_line_and_field() {
        let cases = [
            ("0,1,invaded,2022-02-24\n", SkipReason::ColumnCount, None),
            (
                "x,1,invaded,2022-02-24,0.5\n",
                SkipReason::UnknownActor,
                Some("source_id"),
            ),
            (
                "0,99,invaded,2022-02-24,0.5\n",
                SkipReason::UnknownActor,
                Some("target_id"),
            ),
            (
                "0,1,hugs,2022-02-24,0.5\n",
                SkipReason::BadRelation,
                Some("relation"),
            ),
            (
                "0,1,invaded,2022-13-40,0.5\n",
                SkipReason::BadDate,
                Some("date"),
            ),
            (
                "0,1,invaded,2022-02-24,1.5\n",
                SkipReason::BadConfidence,
                Some("confidence"),
            ),
            (
                "0,1,invaded,2022-02-24,abc\n",
                SkipReason::BadConfidence,
                Some("confidence"),
            ),
            (
                "0,,invaded,2022-02-24,0.5\n",
                SkipReason::BadId,
                Some("target_id"),
            ),
            (
                "0,1,\"invaded,2022-02-24,0.5\n",
                SkipReason::ColumnCount,
                None,
            ),
        ];
        for (row, reason, field) in cases {
            let mut g = graph();
            let text = format!("{HEAD}0,1,invaded,2022-02-24,0.5\n{row}");
            let e = edges(&mut g, &text, false).unwrap_err();
            let r = e.row().unwrap_or_else(|| panic!("{row}: {e}"));
            assert_eq!(
                (r.line, r.reason, r.field.as_deref()),
                (3, reason, field),
                "{row}: {e}"
            );
            assert!(e.to_string().starts_with("edges:3: "), "{e}");
            let mut g = graph();
            let s = edges(&mut g, &text, true).unwrap();
            assert_eq!(s.relations_created, 1, "{row}");
            assert_eq!(s.skipped.get(&reason), Some(&1), "{row}");
            assert_eq!(s.first_skips[0].line, 3);
        }
    }

    #[test]
    fn batched_rows_keep_order_and_stop_at_a_bad_row() {
        // More rows than one batch, a bad row in the middle: strict mode
        // leaves exactly the rows before it in the graph, lenient mode keeps
        // every good row in file order.
        let mut text = HEAD.to_string();
        for i in 0..150u32 {
            if i == 100 {
                text.push_str("0,1,invaded,2022-13-40,0.5\n");
            }
            let (a, b) = [(0, 1), (1, 2), (2, 3), (3, 0)][(i % 4) as usize];
            text.push_str(&format!("{a},{b},supports,{}-01-01,0.5\n", 1900 + i));
        }
        let mut g = graph();
        let e = edges(&mut g, &text, false).unwrap_err();
        assert_eq!(e.row().map(|r| r.line), Some(102));
        assert_eq!(g.relation_count(), 100);
        let mut g = graph();
        let s = edges(&mut g, &text, true).unwrap();
        assert_eq!((s.relations_created, s.skipped_total()), (150, 1));
        let years: Vec<i32> = g
            .relations()
            .map(|r| r.date().unwrap().get_year())
            .collect();
        assert_eq!(years, (1900..2050).collect::<Vec<_>>());
        let r = g.relations().nth(101).unwrap();
        assert_eq!(
            (r.source().name.as_str(), r.target().name.as_str()),
            ("Ukraine", "NATO")
        );
    }

    #[test]
    fn size_hint_reserves_and_the_slack_is_given_back() {
        let mut nodes = String::from("id,kind,name\n");
        for i in 0..5000 {
            nodes.push_str(&format!("{i},country,Country {i}\n"));
        }
        let mut text = HEAD.to_string();
        for i in 0..6000 {
            text.push_str(&format!(
                "{},{},trades_with,,\n",
                i % 5000,
                (i * 7 + 1) % 5000
            ));
        }
        let mut g = KnowledgeGraph::new();
        let opts = ImportOptions::strict().with_size_hint(nodes.len() as u64);
        let s = read_nodes(&mut g, nodes.as_bytes(), &NodeColumns::bench(), opts).unwrap();
        assert_eq!(s.actors_created, 5000);
        assert_eq!(g.find_actor("country 4999").unwrap().id.as_str(), "4999");
        let opts = ImportOptions::strict().with_size_hint(text.len() as u64);
        let s = read_edges(&mut g, text.as_bytes(), &EdgeColumns::bench(), opts).unwrap();
        assert_eq!(s.relations_created, 6000);
        assert_eq!(g.graph.capacity().1, 6000);
        let last = g.relations().last().unwrap();
        assert_eq!(
            (last.source().id.as_str(), last.target().id.as_str()),
            ("999", "1994")
        );
    }

    #[test]
    fn empty_and_truncated_inputs() {
        let mut g = graph();
        assert!(matches!(
            edges(&mut g, "", false),
            Err(ImportError::Empty { .. })
        ));
        // Header only: nothing to do.
        assert_eq!(edges(&mut g, HEAD, false).unwrap().relations_created, 0);
        // A file cut in the middle of its last row.
        let e = edges(
            &mut g,
            &format!("{HEAD}0,1,invaded,2022-02-24,0.5\n0,1,inv"),
            false,
        )
        .unwrap_err();
        assert_eq!(e.row().unwrap().line, 3);
        let e = edges(&mut g, "a,b\n", false).unwrap_err();
        assert!(matches!(e, ImportError::Header { .. }), "{e}");
        assert!(e.to_string().contains("source_id"), "{e}");
        // A missing final newline is fine.
        let mut g = graph();
        assert_eq!(
            edges(&mut g, &format!("{HEAD}0,1,invaded,2022-02-24,0.5"), false)
                .unwrap()
                .relations_created,
            1
        );
    }

    #[test]
    fn node_errors() {
        let mut g = KnowledgeGraph::new();
        let text = "id,kind,name\n0,country,A\n0,country,B\n1,planet,C\n2,person\n3,person,\n";
        let e = read_nodes(
            &mut g,
            text.as_bytes(),
            &NodeColumns::bench(),
            ImportOptions::strict(),
        )
        .unwrap_err();
        assert_eq!(e.row().unwrap().reason, SkipReason::DuplicateActor);
        let mut g = KnowledgeGraph::new();
        let s = read_nodes(
            &mut g,
            text.as_bytes(),
            &NodeColumns::bench(),
            ImportOptions::lenient(),
        )
        .unwrap();
        assert_eq!(s.actors_created, 2);
        assert_eq!(s.skipped_total(), 3);
        assert_eq!(s.skipped[&SkipReason::BadActorKind], 1);
        assert_eq!(s.skipped[&SkipReason::ColumnCount], 1);
        // An empty name falls back to the id.
        assert_eq!(g.actor("3").unwrap().name, "3");
        assert_eq!(g.actor("0").unwrap().kind(), ActorKind::Country);
    }

    #[test]
    fn custom_mapping_tabs_no_header_defaults_and_auto_actors() {
        let mut g = KnowledgeGraph::new();
        let cols = EdgeColumns {
            date: Some(Column::Index(3)),
            create_missing_actors: Some(ActorKind::Country),
            delimiter: b'\t',
            ..EdgeColumns::pairs(RelationKind::TradesWith)
        };
        let text = "FRA\tDEU\tignored\t2020-05\nDEU\tPOL\tx\t\n";
        let s = read_edges(&mut g, text.as_bytes(), &cols, ImportOptions::strict()).unwrap();
        assert_eq!((s.actors_created, s.relations_created), (3, 2));
        let r: Vec<String> = g.relations().map(|r| r.to_string()).collect();
        assert_eq!(r, ["FRA —trades with→ DEU", "DEU —trades with→ POL"]);
        assert_eq!(
            g.relations().next().unwrap().date().unwrap().to_string(),
            "2020-05"
        );
        assert_eq!(g.relations().nth(1).unwrap().date(), None);

        // By header name, other order, semicolons, quoted names.
        let mut g = KnowledgeGraph::new();
        let ncols = NodeColumns {
            id: "Code".into(),
            kind: None,
            name: Some("Label".into()),
            default_kind: ActorKind::Country,
            delimiter: b';',
            ..NodeColumns::bench()
        };
        let nodes = "Label;Code\n\"Korea, Republic of\";KOR\n\"Korea, \"\"North\"\"\";PRK\n";
        read_nodes(&mut g, nodes.as_bytes(), &ncols, ImportOptions::strict()).unwrap();
        assert_eq!(g.actor("PRK").unwrap().name, "Korea, \"North\"");
        let ecols = EdgeColumns {
            source: "from".into(),
            target: "to".into(),
            relation: Some("what".into()),
            date: None,
            confidence: Some("p".into()),
            delimiter: b';',
            ..EdgeColumns::bench()
        };
        let e = "p;to;from;what\n0.25;KOR;PRK;threatened\n;PRK;KOR;\n";
        read_edges(&mut g, e.as_bytes(), &ecols, ImportOptions::strict()).unwrap();
        let r: Vec<(String, f32)> = g
            .relations()
            .map(|r| (r.to_string(), r.confidence()))
            .collect();
        assert_eq!(
            r,
            [
                (
                    "Korea, \"North\" —threatens→ Korea, Republic of".to_string(),
                    0.25
                ),
                (
                    "Korea, Republic of —affects→ Korea, \"North\"".to_string(),
                    1.0
                )
            ]
        );
    }

    #[test]
    fn named_columns_need_a_header() {
        let mut g = KnowledgeGraph::new();
        let cols = EdgeColumns {
            has_header: false,
            ..EdgeColumns::bench()
        };
        let e = read_edges(&mut g, "0,1\n".as_bytes(), &cols, ImportOptions::strict()).unwrap_err();
        assert!(matches!(e, ImportError::Header { .. }));
    }

    /// Rows built from good and bad pieces of every field.
    fn row_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let id = prop_oneof![
            Just("0"),
            Just("1"),
            Just("3"),
            Just("2"),
            Just("9"),
            Just("01"),
            Just("x"),
            Just(" 1"),
            Just(""),
            Just("\"1\""),
            Just("12345678"),
        ];
        let rel = prop_oneof![
            Just("invaded"),
            Just("ally_of"),
            Just("provides_aid_to"),
            Just("deployed_troops_to"),
            Just("hugs"),
            Just(""),
            Just("\"invaded\""),
            Just("Invaded"),
            Just(" attacked"),
            Just("a_very_long_relation_name_that_is_unknown"),
        ];
        let date = prop_oneof![
            Just("2022-02-24"),
            Just("1979-01-01"),
            Just("2022-13-40"),
            Just("2023-02-29"),
            Just("2022-02"),
            Just(""),
            Just("2022-02-2x"),
        ];
        let conf = prop_oneof![
            Just("0.500"),
            Just("1.000"),
            Just("0.300"),
            Just("1.001"),
            Just("0.5"),
            Just(""),
            Just("abc"),
            Just(" 0.5"),
            Just("0.500,extra"),
        ];
        (id.clone(), id, rel, date, conf, 0u8..8).prop_map(|(a, b, r, d, c, cut)| {
            let mut row = format!("{a},{b},{r},{d},{c}");
            if cut == 0 {
                // A truncated row.
                row.truncate(row.len() / 2);
            }
            row
        })
    }

    /// The graph of [`graph`], with ids in or out of node order.
    fn graph_in_order(in_order: bool) -> KnowledgeGraph {
        if in_order {
            return graph();
        }
        let mut g = KnowledgeGraph::new();
        let nodes =
            "id,kind,name\n3,leader,Putin\n1,country,Ukraine\n0,country,Russia\n2,alliance,NATO\n";
        read_nodes(
            &mut g,
            nodes.as_bytes(),
            &NodeColumns::bench(),
            ImportOptions::strict(),
        )
        .unwrap();
        g
    }

    proptest::proptest! {
        #[test]
        fn fast_rows_parse_like_edge_row(
            row in row_strategy(),
            in_order in proptest::bool::ANY,
        ) {
            let mut g = graph_in_order(in_order);
            let cols = EdgeColumns::bench();
            let (mut run, _, mut st) =
                EdgeReader::start(&mut g, HEAD.as_bytes(), &cols, ImportOptions::strict(), "edges")
                    .unwrap();
            let fast = st.fast.unwrap();
            let text = row.as_bytes();
            let mut kinds = NameCache::new();
            if let Some(got) = fast.parse(text, &st.lookup, &mut kinds) {
                let want = edge_row(
                    &mut g,
                    text,
                    &cols,
                    &st.layout,
                    &st.pos,
                    &mut st.ranges,
                    &mut st.scratch,
                    &mut st.kinds,
                    &mut st.lookup,
                    &mut run.summary.actors_created,
                );
                // Debug text: NaN Goldstein fields compare equal.
                proptest::prop_assert_eq!(
                    format!("{:?}", Some(got)),
                    format!("{:?}", want.ok()),
                    "{}",
                    row
                );
            }
        }

        #[test]
        fn ahead_rows_parse_like_parse_compact(
            row in row_strategy(),
            edits in proptest::collection::vec(
                (proptest::num::usize::ANY, proptest::prop_oneof![
                    proptest::strategy::Just(b','), proptest::strategy::Just(b'\n'),
                    proptest::strategy::Just(b'\r'), proptest::strategy::Just(b'"'),
                    proptest::strategy::Just(b'.'), proptest::strategy::Just(b'-'),
                    b'0'..=b'9', b'a'..=b'z', proptest::num::u8::ANY,
                ]),
                0..3,
            ),
            name_len in proptest::prop_oneof![
                3 => proptest::strategy::Just(0usize), 1 => 1usize..40
            ],
            good in proptest::option::of((
                0u32..5, 0u32..5, 0usize..4, 1975u32..2030, 0u32..14, 0u32..33, 0u32..2000
            )),
            rest in proptest::prop_oneof![
                proptest::strategy::Just(&b"\n1,2,invaded,2022-02-24,0.500\n"[..]),
                proptest::strategy::Just(&b"\r\n1,2,invaded,2022-02-24,0.500\n"[..]),
                proptest::strategy::Just(&b"\n"[..]),
                proptest::strategy::Just(&b""[..]),
                proptest::strategy::Just(&b"\n\n\n\n\n\n\n\n\n"[..]),
                proptest::strategy::Just(&b",1\n0,1,\"x\"\n"[..]),
            ],
            in_order in proptest::bool::ANY,
        ) {
            let mut g = graph_in_order(in_order);
            let cols = EdgeColumns::bench();
            let (_, _, st) =
                EdgeReader::start(&mut g, HEAD.as_bytes(), &cols, ImportOptions::strict(), "edges")
                    .unwrap();
            let fast = st.fast.unwrap();
            // Rows of the strategy, names of every length around the
            // cache's word boundaries, bytes changed anywhere.
            let names = ["invaded", "ally_of", "provides_aid_to", "deployed_troops_to"];
            let mut line = if let Some((a, b, r, y, m, d, c)) = good {
                // A bench-shaped row with any digits in the date and the
                // confidence.
                let (r, c) = (names[r], format!("{}.{:03}", c / 1000, c % 1000));
                format!("{a},{b},{r},{y}-{m:02}-{d:02},{c}").into_bytes()
            } else if name_len > 0 {
                format!("1,2,{},2022-02-24,0.500", "x".repeat(name_len)).into_bytes()
            } else {
                row.into_bytes()
            };
            for (at, b) in edits {
                if !line.is_empty() {
                    let n = line.len();
                    line[at % n] = b;
                }
            }
            let mut buf = line.clone();
            buf.extend_from_slice(rest);
            let ahead = fast.parse_ahead(&buf, &st.lookup, &mut NameCache::new());
            if let Some((edge, used)) = ahead {
                proptest::prop_assert!(used > 1 && buf[used - 1] == b'\n');
                proptest::prop_assert!(!buf[..used - 1].contains(&b'\n'));
                let text = &buf[..used - 1];
                let want = fast.parse_compact(text, &st.lookup, &mut NameCache::new());
                proptest::prop_assert_eq!(Some(edge), want);
            }
            // A line the text parser takes, followed by a line end and
            // eight more bytes, is taken ahead too.
            let whole = !line.contains(&b'\n') && !line.contains(&b'\r');
            if whole && rest.first() == Some(&b'\n') && rest.len() > 8 {
                let want = fast.parse_compact(&line, &st.lookup, &mut NameCache::new());
                proptest::prop_assert_eq!(ahead, want.map(|e| (e, line.len() + 1)));
            }
        }
    }

    /// Node rows built from good and bad pieces of every field: spaces,
    /// tabs, quotes, non-ASCII and invalid UTF-8, long and taken ids.
    fn node_row_strategy() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let long_id = "7".repeat(300);
        let id = prop_oneof![
            Just(b"0".to_vec()),
            Just(b"1".to_vec()),
            Just(b"2".to_vec()),
            Just(b"ab_C".to_vec()),
            Just(b"RUS".to_vec()),
            Just(b" 1".to_vec()),
            Just(b"1 ".to_vec()),
            Just(b"a b".to_vec()),
            Just(b"".to_vec()),
            Just(b"\"3\"".to_vec()),
            Just("é".as_bytes().to_vec()),
            Just(b"x\xff".to_vec()),
            Just(b"t\tab".to_vec()),
            Just("7".repeat(256).into_bytes()),
            Just(long_id.into_bytes()),
        ];
        let kind = prop_oneof![
            Just(b"person".to_vec()),
            Just(b"country".to_vec()),
            Just(b"organization".to_vec()),
            Just(b"alliance".to_vec()),
            Just(b"Person".to_vec()),
            Just(b" city".to_vec()),
            Just(b"planet".to_vec()),
            Just(b"".to_vec()),
            Just(b" ".to_vec()),
            Just(b"\"event\"".to_vec()),
            Just(b"lea\xffder".to_vec()),
            Just(b"organizations_and_more".to_vec()),
        ];
        let name = prop_oneof![
            Just(b"Putin".to_vec()),
            Just(b"person_53950".to_vec()),
            Just(b"  Spaced Out  ".to_vec()),
            Just(b"".to_vec()),
            Just(b"   ".to_vec()),
            Just("Côte d’Ivoire".as_bytes().to_vec()),
            Just("\u{a0}nbsp\u{a0}".as_bytes().to_vec()),
            Just(b"bad\xfe".to_vec()),
            Just(b"\ttabbed\x0b".to_vec()),
            Just(b"\"Korea, \"\"North\"\"\"".to_vec()),
            Just(b"a\"b".to_vec()),
            Just(b"x,extra".to_vec()),
            Just(b"NATO".to_vec()),
        ];
        (id, kind, name, 0u8..10).prop_map(|(i, k, n, shape)| {
            let mut row = Vec::new();
            row.extend_from_slice(&i);
            row.push(b',');
            row.extend_from_slice(&k);
            if shape != 0 {
                row.push(b',');
                row.extend_from_slice(&n);
            }
            if shape == 1 {
                row.extend_from_slice(b",more");
            }
            row
        })
    }

    proptest::proptest! {
        #[test]
        fn fast_node_rows_import_like_node_row(
            rows in proptest::collection::vec(node_row_strategy(), 0..24),
            lenient in proptest::bool::ANY,
            tabs in proptest::bool::ANY,
        ) {
            let mut text = b"id,kind,name\n".to_vec();
            for r in &rows {
                text.extend_from_slice(r);
                text.push(b'\n');
            }
            let cols = if tabs {
                // The same rows with tabs as delimiters (tabs inside
                // fields then split them).
                for b in text.iter_mut() {
                    if *b == b',' {
                        *b = b'\t';
                    } else if *b == b'\t' {
                        *b = b',';
                    }
                }
                NodeColumns { delimiter: b'\t', ..NodeColumns::bench() }
            } else {
                NodeColumns::bench()
            };
            let run = |fast: bool| {
                let mut g = KnowledgeGraph::new();
                // An actor already there: its id is a duplicate.
                g.add_actor(Actor::new(ActorId::new("2").unwrap(), ActorKind::City, "Two"))
                    .unwrap();
                let opts = if lenient { ImportOptions::lenient() } else { ImportOptions::strict() };
                let res = read_nodes_with(&mut g, text.as_slice(), &cols, opts, "nodes", fast)
                    .map(|mut s| {
                        s.elapsed = Default::default();
                        s
                    })
                    .map_err(|e| e.to_string());
                let actors: Vec<String> = g
                    .actors()
                    .map(|a| format!("{:?}", a))
                    .collect();
                let found: Vec<Option<String>> = ["putin", "spaced out", "2", "RUS", "côte d'ivoire", "nato"]
                    .iter()
                    .map(|n| g.find_actor(n).map(|a| a.id.to_string()))
                    .collect();
                (res, actors, found)
            };
            let fast = run(true);
            let slow = run(false);
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    proptest::proptest! {
        // Each case runs two imports and a thread: fewer cases.
        #![proptest_config(proptest::test_runner::Config::with_cases(48))]
        #[test]
        fn threaded_node_reads_equal_one_thread(
            rows in proptest::collection::vec(
                proptest::prop_oneof![
                    2 => node_row_strategy(),
                    6 => proptest::strategy::Strategy::prop_map(0u32..3000, |i| {
                        format!("{i},person,P {i}").into_bytes()
                    }),
                    1 => proptest::strategy::Just(Vec::new()),
                ],
                0..300,
            ),
            lenient in proptest::bool::ANY,
            batch_rows in proptest::prop_oneof![
                proptest::strategy::Just(1usize), 2usize..9, proptest::strategy::Just(64usize)
            ],
        ) {
            let mut text = b"id,kind,name\n".to_vec();
            for r in &rows {
                text.extend_from_slice(r);
                text.push(b'\n');
            }
            let run = |threaded: bool| {
                let mut g = KnowledgeGraph::new();
                // An actor already there: its id is a duplicate.
                g.add_actor(Actor::new(ActorId::new("2").unwrap(), ActorKind::City, "Two"))
                    .unwrap();
                let mut seen = Vec::new();
                let mut opts = if lenient {
                    ImportOptions::lenient()
                } else {
                    ImportOptions::strict()
                }
                .with_size_hint(text.len() as u64)
                .with_progress(|p| seen.push(p));
                opts.max_line_bytes = 120;
                opts.progress_every = 7;
                let cols = NodeColumns::bench();
                let res = if threaded {
                    read_nodes_split(&mut g, text.as_slice(), &cols, opts, "nodes", batch_rows)
                } else {
                    read_nodes_with(&mut g, text.as_slice(), &cols, opts, "nodes", true)
                };
                let res = res
                    .map(|mut s| {
                        s.elapsed = Default::default();
                        s
                    })
                    .map_err(|e| e.to_string());
                let actors: Vec<String> = g.actors().map(|a| format!("{a:?}")).collect();
                let found: Vec<Option<String>> = ["p 17", "P 2999", "two", "putin", "spaced out", "2", "rus"]
                    .iter()
                    .map(|n| g.find_actor(n).map(|a| a.id.to_string()))
                    .collect();
                (res, actors, found, seen)
            };
            let one = run(false);
            let two = run(true);
            proptest::prop_assert_eq!(&one, &two);
        }
    }

    #[test]
    fn threaded_node_read_stops_at_a_duplicate_in_its_place() {
        // More rows than several batches of the filing thread; a row the
        // reading thread leaves to the filing one (quoted) and a duplicate
        // id in the middle.
        let mut text = String::from("id,kind,name\n");
        for i in 0..300u32 {
            if i == 200 {
                text.push_str("17,person,Again\n");
            }
            if i == 100 {
                text.push_str(&format!("\"{i}\",country,\"Land, {i}\"\n"));
            } else {
                text.push_str(&format!("{i},person,Person {i}\n"));
            }
        }
        let cols = NodeColumns::bench();
        for batch_rows in [1, 7, 64, 4096] {
            let mut g = KnowledgeGraph::new();
            let e = read_nodes_split(
                &mut g,
                text.as_bytes(),
                &cols,
                ImportOptions::strict(),
                "nodes",
                batch_rows,
            )
            .unwrap_err();
            assert_eq!(e.row().map(|r| r.line), Some(202));
            assert_eq!(g.actor_count(), 200);
            // Progress on every line: none past the bad row, as on one
            // thread (buffered rows are filed before progress is told).
            let mut seen = Vec::new();
            let mut opts = ImportOptions::strict().with_progress(|p| seen.push(p.lines));
            opts.progress_every = 1;
            let mut g = KnowledgeGraph::new();
            read_nodes_split(&mut g, text.as_bytes(), &cols, opts, "nodes", batch_rows)
                .unwrap_err();
            assert_eq!(seen, (2..=201).collect::<Vec<u64>>());
            let mut g = KnowledgeGraph::new();
            let s = read_nodes_split(
                &mut g,
                text.as_bytes(),
                &cols,
                ImportOptions::lenient(),
                "nodes",
                batch_rows,
            )
            .unwrap();
            assert_eq!((s.actors_created, s.skipped_total()), (300, 1));
            assert_eq!((s.rows_read, s.lines_read), (301, 302));
            assert_eq!(
                g.find_actor("land, 100").map(|a| a.kind()),
                Some(ActorKind::Country)
            );
            assert_eq!(
                g.find_actor("person 299").map(|a| a.id.as_str()),
                Some("299")
            );
            assert_eq!(g.actor("17").map(|a| a.name.as_str()), Some("Person 17"));
            let order: Vec<&str> = g.actors().map(|a| a.id.as_str()).collect();
            let want: Vec<String> = (0..300).map(|i| i.to_string()).collect();
            assert_eq!(order, want);
        }
    }

    #[test]
    fn fast_node_rows_take_simple_rows_only() {
        let cols = NodeColumns::bench();
        let (pos, layout) = (
            [Some(0), Some(1), Some(2)],
            Layout {
                exact: Some(3),
                min: 3,
                names: vec![],
            },
        );
        let fast = FastNode::new(&pos, &layout, &cols).unwrap();
        let mut kinds = NameCache::new();
        let a = fast.parse(b"17,leader,  Vladimir Putin ", &cols, &mut kinds);
        assert_eq!(a, Some(("17", ActorKind::Leader, "Vladimir Putin")));
        let a = fast.parse(b"x_1,,", &cols, &mut kinds);
        assert_eq!(a, Some(("x_1", cols.default_kind, "x_1")));
        // Kinds in other spellings go through the parser (and the cache).
        let a = fast.parse(b"x,Organization,n", &cols, &mut kinds);
        assert_eq!(a, Some(("x", ActorKind::Organization, "n")));
        for bad in [
            &b"1,person"[..],
            b"1,person,a,b",
            b"1 ,person,a",
            b",person,a",
            b"1,planet,a",
            b"1,person,\"a\"",
            b"1,person,caf\xc3\xa9",
            b"1,person,a\tb",
        ] {
            assert!(fast.parse(bad, &cols, &mut kinds).is_none(), "{bad:?}");
        }
        // Another column order: no fast path.
        assert!(FastNode::new(&[Some(1), Some(0), Some(2)], &layout, &cols).is_none());
    }

    proptest::proptest! {
        // Each case runs two imports and a thread: fewer cases, so that the
        // suite stays fast on a shared machine.
        #![proptest_config(proptest::test_runner::Config::with_cases(48))]
        #[test]
        fn threaded_reads_equal_one_thread(
            rows in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => row_strategy(),
                    1 => proptest::strategy::Strategy::prop_map(row_strategy(), |r| r + "\r"),
                    1 => proptest::strategy::Just(String::new()),
                    1 => proptest::strategy::Just("9".repeat(90)),
                ],
                0..300,
            ),
            lenient in proptest::bool::ANY,
            batch_rows in proptest::prop_oneof![
                proptest::strategy::Just(1usize), 2usize..9, proptest::strategy::Just(64usize)
            ],
            max_line in proptest::prop_oneof![
                proptest::strategy::Just(80usize), proptest::strategy::Just(30usize)
            ],
            every in proptest::prop_oneof![
                proptest::strategy::Just(0u64), proptest::strategy::Just(1u64), 2u64..9
            ],
        ) {
            let mut text = HEAD.to_string();
            for r in &rows {
                text.push_str(r);
                text.push('\n');
            }
            let run = |threaded: bool| {
                let mut g = graph();
                let mut seen = Vec::new();
                let mut opts = if lenient {
                    ImportOptions::lenient()
                } else {
                    ImportOptions::strict()
                }
                .with_size_hint(text.len() as u64)
                .with_progress(|p| seen.push(p));
                opts.max_line_bytes = max_line;
                opts.progress_every = every;
                let cols = EdgeColumns::bench();
                let res = if threaded {
                    read_edges_split(&mut g, text.as_bytes(), &cols, opts, "edges", batch_rows)
                } else {
                    read_edges_named(&mut g, text.as_bytes(), &cols, opts, "edges")
                };
                let res = res
                    .map(|mut s| {
                        s.elapsed = Default::default();
                        s
                    })
                    .map_err(|e| e.to_string());
                let rels: Vec<String> = g
                    .relations()
                    .map(|r| format!("{} {:?} {} {:?}", r.id().0, r.date(), r, r.confidence()))
                    .collect();
                (res, rels, seen)
            };
            let one = run(false);
            let two = run(true);
            proptest::prop_assert_eq!(&one, &two);
        }
    }

    #[test]
    fn threaded_read_keeps_order_across_batches_and_stops_at_a_bad_row() {
        // Known answers for the two-thread path: more rows than several
        // batches, a row the reading thread leaves to the linking thread
        // (quoted), and a bad row in the middle.
        let mut text = HEAD.to_string();
        for i in 0..150u32 {
            if i == 100 {
                text.push_str("0,1,invaded,2022-13-40,0.5\n");
            }
            let (a, b) = [(0, 1), (1, 2), (2, 3), (3, 0)][(i % 4) as usize];
            if i == 50 {
                text.push_str(&format!("\"{a}\",{b},supports,{}-01-01,0.5\n", 1900 + i));
            } else {
                text.push_str(&format!("{a},{b},supports,{}-01-01,0.500\n", 1900 + i));
            }
        }
        let cols = EdgeColumns::bench();
        for batch_rows in [1, 7, 64, 4096] {
            let mut g = graph();
            let e = read_edges_split(
                &mut g,
                text.as_bytes(),
                &cols,
                ImportOptions::strict(),
                "edges",
                batch_rows,
            )
            .unwrap_err();
            assert_eq!(e.row().map(|r| r.line), Some(102));
            assert_eq!(g.relation_count(), 100);
            let mut g = graph();
            let s = read_edges_split(
                &mut g,
                text.as_bytes(),
                &cols,
                ImportOptions::lenient(),
                "edges",
                batch_rows,
            )
            .unwrap();
            assert_eq!((s.relations_created, s.skipped_total()), (150, 1));
            assert_eq!((s.rows_read, s.lines_read), (151, 152));
            let years: Vec<i32> = g
                .relations()
                .map(|r| r.date().unwrap().get_year())
                .collect();
            assert_eq!(years, (1900..2050).collect::<Vec<_>>());
            // The quoted row (linking thread) sits in its place.
            let r = g.relations().nth(50).unwrap();
            assert_eq!(
                (r.source().name.as_str(), r.target().name.as_str()),
                ("NATO", "Putin")
            );
            assert_eq!(r.date().unwrap().get_year(), 1950);
        }
    }

    #[test]
    fn fast_rows_take_the_bench_layout_only() {
        let mut g = graph();
        let cols = EdgeColumns::bench();
        let (_, _, st) = EdgeReader::start(
            &mut g,
            HEAD.as_bytes(),
            &cols,
            ImportOptions::strict(),
            "edges",
        )
        .unwrap();
        let fast = st.fast.unwrap();
        let mut kinds = NameCache::new();
        let (a, b, rec) = fast
            .parse(b"3,0,leader_of,2022-02-24,0.750", &st.lookup, &mut kinds)
            .unwrap();
        assert_eq!((a.index(), b.index()), (3, 0));
        assert_eq!(rec.kind, RelationKind::Leads);
        assert_eq!(rec.confidence, 0.75);
        assert_eq!(
            Some(rec.date),
            parse_date(b"2022-02-24").ok().map(|d| d.pack())
        );
        for bad in [
            &b"3,0,leader_of,2022-02-24,0.750,"[..],
            b"3,0,leader_of,2022-02-24,0.75",
            b"3,0,,2022-02-24,0.750",
            b"3,4,leader_of,2022-02-24,0.750",
            b"3,0,leader_of,2022-02-30,0.750",
        ] {
            assert!(fast.parse(bad, &st.lookup, &mut kinds).is_none(), "{bad:?}");
        }
        // Columns in another order: no fast path.
        let other = "target_id,source_id,relation,date,confidence\n";
        let (_, _, st) = EdgeReader::start(
            &mut g,
            other.as_bytes(),
            &cols,
            ImportOptions::strict(),
            "edges",
        )
        .unwrap();
        assert!(st.fast.is_none());
    }

    #[test]
    fn threaded_read_after_removals_equals_one_thread() {
        // A graph whose relation ids and edge indices part ways (a removed
        // relation): parsed runs take the general path, with the same ids.
        let mut text = HEAD.to_string();
        for i in 0..40u32 {
            let (a, b) = [(0, 1), (1, 2), (2, 3), (3, 0)][(i % 4) as usize];
            text.push_str(&format!("{a},{b},supports,{}-01-01,0.500\n", 1900 + i));
        }
        let run = |threaded: bool| {
            let mut g = graph();
            let cols = EdgeColumns::bench();
            read_edges(&mut g, text.as_bytes(), &cols, ImportOptions::strict()).unwrap();
            g.remove_relation(crate::model::RelationId(3)).unwrap();
            let opts = ImportOptions::strict();
            let s = if threaded {
                read_edges_split(&mut g, text.as_bytes(), &cols, opts, "edges", 7)
            } else {
                read_edges_named(&mut g, text.as_bytes(), &cols, opts, "edges")
            }
            .unwrap();
            assert_eq!(s.relations_created, 40);
            g.relations()
                .map(|r| format!("{} {:?} {}", r.id().0, r.date(), r))
                .collect::<Vec<_>>()
        };
        let one = run(false);
        assert_eq!(one.len(), 79);
        assert!(one[3].starts_with("4 "), "{}", one[3]);
        assert_eq!(one, run(true));
    }

    #[test]
    fn progress_skips_blank_and_long_lines_at_multiples() {
        // Lines: 1 header, 2-3 rows, 4 blank, 5 row, 6 over-long, 7-8 rows,
        // 9 blank, 10 row. Every 2 lines: reported at 2, 8 and 10 (4 and 6
        // are not data rows), then once more at the end (10).
        let mut text = HEAD.to_string();
        for r in ["r", "r", "", "r", "long", "r", "r", "", "r"] {
            text.push_str(match r {
                "r" => "0,1,invaded,2022-02-24,0.500",
                "long" => {
                    "0,1,invaded,2022-02-24,0.500,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                }
                _ => "",
            });
            text.push('\n');
        }
        for threaded in [false, true] {
            let mut g = graph();
            let mut seen = Vec::new();
            let mut opts = ImportOptions::lenient().with_progress(|p| seen.push(p.lines));
            opts.progress_every = 2;
            opts.max_line_bytes = 60;
            let cols = EdgeColumns::bench();
            let s = if threaded {
                read_edges_split(&mut g, text.as_bytes(), &cols, opts, "edges", 3)
            } else {
                read_edges_named(&mut g, text.as_bytes(), &cols, opts, "edges")
            }
            .unwrap();
            assert_eq!(seen, [2, 8, 10, 10], "threaded: {threaded}");
            assert_eq!((s.rows_read, s.relations_created), (7, 6));
            assert_eq!(s.skipped.get(&SkipReason::LineTooLong), Some(&1));
        }
    }

    #[test]
    fn progress_is_reported() {
        let mut g = graph();
        let mut text = HEAD.to_string();
        for _ in 0..10 {
            text.push_str("0,1,invaded,2022-02-24,0.5\n");
        }
        let mut seen = Vec::new();
        let mut opts = ImportOptions::strict().with_progress(|p| seen.push(p.lines));
        opts.progress_every = 4;
        read_edges(&mut g, text.as_bytes(), &EdgeColumns::bench(), opts).unwrap();
        assert_eq!(seen, [4, 8, 11]);
    }
}

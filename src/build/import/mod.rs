//! Streaming importers for event data: CSV edge lists ([`csv`]) and the
//! GDELT 2.0 event export ([`gdelt`]).
//!
//! Files are read line by line through a fixed buffer: memory grows with the
//! graph, not with the file. Every row either becomes part of the graph or
//! is accounted for: in strict mode (the default) the first bad row stops
//! the import with an [`ImportError::Row`] naming the file, line and field;
//! with [`ImportOptions::lenient`] bad rows are skipped and counted by
//! [`SkipReason`] in the [`ImportSummary`].
//!
//! ```
//! use geokg::KnowledgeGraph;
//! use geokg::build::import::{ImportOptions, csv};
//!
//! let nodes = "id,kind,name\n0,country,Russia\n1,country,Ukraine\n";
//! let edges = "source_id,target_id,relation,date,confidence\n0,1,invaded,2022-02-24,0.9\n";
//! let mut g = KnowledgeGraph::new();
//! let opts = ImportOptions::strict();
//! csv::read_nodes(&mut g, nodes.as_bytes(), &csv::NodeColumns::bench(), opts).unwrap();
//! let s = csv::read_edges(&mut g, edges.as_bytes(), &csv::EdgeColumns::bench(), ImportOptions::strict()).unwrap();
//! assert_eq!(s.relations_created, 1);
//! assert_eq!(g.relations().next().unwrap().to_string(), "Russia —invades→ Ukraine");
//! ```

pub mod csv;
pub mod gdelt;

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Read};
use std::time::{Duration, Instant};

use crate::error::GraphError;
use crate::model::Date;

/// Longest line accepted by default (1 MiB).
pub const DEFAULT_MAX_LINE_BYTES: usize = 1 << 20;

/// How far an import has got, passed to the progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes read so far.
    pub bytes: u64,
    /// Lines read so far.
    pub lines: u64,
    /// Total size of the input, when known (files).
    pub total_bytes: Option<u64>,
}

/// Options shared by the importers.
pub struct ImportOptions<'a> {
    /// Skip and count bad rows instead of failing on the first one.
    pub lenient: bool,
    /// Longest line accepted (longer lines are bad rows).
    pub max_line_bytes: usize,
    /// Call the progress callback every this many lines (and at the end).
    pub progress_every: u64,
    /// Total input size, when known; passed on in [`Progress`] and used to
    /// reserve room for the relations.
    pub size_hint: Option<u64>,
    progress: Option<Box<dyn FnMut(Progress) + 'a>>,
}

impl fmt::Debug for ImportOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImportOptions")
            .field("lenient", &self.lenient)
            .field("max_line_bytes", &self.max_line_bytes)
            .field("progress_every", &self.progress_every)
            .field("size_hint", &self.size_hint)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl Default for ImportOptions<'_> {
    fn default() -> Self {
        Self::strict()
    }
}

impl<'a> ImportOptions<'a> {
    /// Fail on the first bad row.
    pub fn strict() -> Self {
        ImportOptions {
            lenient: false,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            progress_every: 1 << 20,
            size_hint: None,
            progress: None,
        }
    }

    /// Skip bad rows and count them by reason.
    pub fn lenient() -> Self {
        ImportOptions {
            lenient: true,
            ..Self::strict()
        }
    }

    /// Calls `f` every [`progress_every`](Self::progress_every) lines and
    /// once at the end.
    pub fn with_progress(mut self, f: impl FnMut(Progress) + 'a) -> Self {
        self.progress = Some(Box::new(f));
        self
    }

    /// Sets the total input size (for progress and pre-allocation).
    pub fn with_size_hint(mut self, bytes: u64) -> Self {
        self.size_hint = Some(bytes);
        self
    }
}

/// Why a row was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// Not the expected number of columns (a truncated or malformed line).
    ColumnCount,
    /// Longer than [`ImportOptions::max_line_bytes`].
    LineTooLong,
    /// Not valid UTF-8.
    NotUtf8,
    /// An id that is empty, malformed or not a number where one is required.
    BadId,
    /// An id that names no actor (out of range).
    UnknownActor,
    /// An actor id given twice.
    DuplicateActor,
    /// An unknown actor kind.
    BadActorKind,
    /// An unknown relation name.
    BadRelation,
    /// A malformed or impossible date (`2022-13-40`).
    BadDate,
    /// A confidence that is not a number in 0..=1.
    BadConfidence,
    /// A malformed number (Goldstein score, event id).
    BadNumber,
    /// A malformed CAMEO event code.
    BadEventCode,
    /// An event with only one actor (GDELT rows with an empty Actor2 or Actor1).
    MissingActor,
    /// The graph refused the relation for another reason.
    Rejected,
}

impl SkipReason {
    /// A short snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::ColumnCount => "column_count",
            SkipReason::LineTooLong => "line_too_long",
            SkipReason::NotUtf8 => "not_utf8",
            SkipReason::BadId => "bad_id",
            SkipReason::UnknownActor => "unknown_actor",
            SkipReason::DuplicateActor => "duplicate_actor",
            SkipReason::BadActorKind => "bad_actor_kind",
            SkipReason::BadRelation => "bad_relation",
            SkipReason::BadDate => "bad_date",
            SkipReason::BadConfidence => "bad_confidence",
            SkipReason::BadNumber => "bad_number",
            SkipReason::BadEventCode => "bad_event_code",
            SkipReason::MissingActor => "missing_actor",
            SkipReason::Rejected => "rejected",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A bad row: where it is and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The input's label (a file name, or `nodes`, `edges`, `gdelt`).
    pub source: String,
    /// 1-based line number.
    pub line: u64,
    /// The column (field name) at fault, when one is.
    pub field: Option<String>,
    /// The kind of problem.
    pub reason: SkipReason,
    /// What was found.
    pub detail: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.source, self.line)?;
        if let Some(field) = &self.field {
            write!(f, "field {field}: ")?;
        }
        write!(f, "{} ({})", self.detail, self.reason)
    }
}

/// An import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Reading the input failed.
    #[error("{source_name}: read error after line {line}: {error}")]
    Io {
        /// The input's label.
        source_name: String,
        /// Lines read before the error.
        line: u64,
        /// The I/O error.
        #[source]
        error: io::Error,
    },
    /// A bad row (strict mode).
    #[error("{0}")]
    Row(Box<RowError>),
    /// The input has no header line (or no lines at all) where one is required.
    #[error("{source_name}: empty input (expected a header line)")]
    Empty {
        /// The input's label.
        source_name: String,
    },
    /// A mapped column is not in the header, or the header is malformed.
    #[error("{source_name}:{line}: {message}")]
    Header {
        /// The input's label.
        source_name: String,
        /// 1-based line of the header.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The graph refused an operation for a reason that does not depend on a
    /// single row (capacity).
    #[error(transparent)]
    Graph(#[from] GraphError),
}

impl ImportError {
    /// The row error, when this is one.
    pub fn row(&self) -> Option<&RowError> {
        match self {
            ImportError::Row(r) => Some(r),
            _ => None,
        }
    }
}

/// What an import read and did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportSummary {
    /// Lines read (header included).
    pub lines_read: u64,
    /// Bytes read.
    pub bytes_read: u64,
    /// Data rows read (lines minus header and blank lines).
    pub rows_read: u64,
    /// Actors added to the graph.
    pub actors_created: u64,
    /// Relations added to the graph.
    pub relations_created: u64,
    /// Documents added to the graph (GDELT source URLs).
    pub documents_created: u64,
    /// Rows skipped, by reason (lenient mode, and GDELT one-actor events).
    pub skipped: BTreeMap<SkipReason, u64>,
    /// The first few skipped rows, for diagnostics.
    pub first_skips: Vec<RowError>,
    /// Wall time of the import.
    pub elapsed: Duration,
}

/// How many skipped rows [`ImportSummary::first_skips`] keeps.
pub const KEPT_SKIPS: usize = 10;

impl ImportSummary {
    /// Total rows skipped.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }

    /// Adds another summary's counts (e.g. nodes then edges).
    pub fn merge(&mut self, other: &ImportSummary) {
        self.lines_read += other.lines_read;
        self.bytes_read += other.bytes_read;
        self.rows_read += other.rows_read;
        self.actors_created += other.actors_created;
        self.relations_created += other.relations_created;
        self.documents_created += other.documents_created;
        for (r, n) in &other.skipped {
            *self.skipped.entry(*r).or_default() += n;
        }
        for s in &other.first_skips {
            if self.first_skips.len() < KEPT_SKIPS {
                self.first_skips.push(s.clone());
            }
        }
        self.elapsed += other.elapsed;
    }
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} lines ({} bytes), {} rows: {} actors, {} relations, {} documents created, {} skipped",
            self.lines_read,
            self.bytes_read,
            self.rows_read,
            self.actors_created,
            self.relations_created,
            self.documents_created,
            self.skipped_total()
        )?;
        if !self.skipped.is_empty() {
            let parts: Vec<String> = self
                .skipped
                .iter()
                .map(|(r, n)| format!("{r}: {n}"))
                .collect();
            write!(f, " ({})", parts.join(", "))?;
        }
        write!(f, " in {:.3} s", self.elapsed.as_secs_f64())
    }
}

/// A row-level problem before it is placed (line and source are added by
/// the driver).
#[derive(Debug)]
pub(crate) struct Bad {
    pub reason: SkipReason,
    pub field: Option<String>,
    pub detail: String,
}

impl Bad {
    pub(crate) fn new(reason: SkipReason, field: &str, detail: impl Into<String>) -> Self {
        Bad {
            reason,
            field: Some(field.to_string()),
            detail: detail.into(),
        }
    }
}

/// Shows a field in an error message (at most 64 characters).
pub(crate) fn show(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    let mut out: String = s.chars().take(64).collect();
    if s.chars().count() > 64 {
        out.push('…');
    }
    format!("{out:?}")
}

/// The bookkeeping every importer shares: counts, skip handling, progress.
pub(crate) struct Run<'a> {
    pub opts: ImportOptions<'a>,
    pub summary: ImportSummary,
    pub source: String,
    started: Instant,
    /// No line below this one is a multiple of `progress_every`: a compare
    /// per row in [`tick`](Self::tick), the division only when it is
    /// reached.
    next_tick: u64,
}

impl<'a> Run<'a> {
    pub(crate) fn new(source: &str, opts: ImportOptions<'a>) -> Self {
        Run {
            opts,
            summary: ImportSummary::default(),
            source: source.to_string(),
            started: Instant::now(),
            next_tick: 0,
        }
    }

    /// A bad row: an error in strict mode, a counted skip in lenient mode.
    pub(crate) fn bad(&mut self, line: u64, bad: Bad) -> Result<(), ImportError> {
        self.bad_with(line, bad, self.opts.lenient)
    }

    /// A row skipped whatever the mode (still counted).
    pub(crate) fn skip(&mut self, line: u64, bad: Bad) {
        let _ = self.bad_with(line, bad, true);
    }

    fn bad_with(&mut self, line: u64, bad: Bad, lenient: bool) -> Result<(), ImportError> {
        let err = RowError {
            source: self.source.clone(),
            line,
            field: bad.field,
            reason: bad.reason,
            detail: bad.detail,
        };
        if !lenient {
            return Err(ImportError::Row(Box::new(err)));
        }
        *self.summary.skipped.entry(err.reason).or_default() += 1;
        if self.summary.first_skips.len() < KEPT_SKIPS {
            self.summary.first_skips.push(err);
        }
        Ok(())
    }

    /// The row loop every reader shares: reads lines to the end, counts
    /// data rows, skips blank lines, turns over-long lines into bad rows,
    /// reports progress, and hands `f` each data row ([`Step::Row`]), once
    /// an estimate of the rows still to come ([`Step::Reserve`], from the
    /// size hint after the first [`RESERVE_AFTER_ROWS`] rows), and a
    /// [`Step::Flush`] before any bad line or read error is reported and at
    /// the end, so that a reader may buffer rows.
    pub(crate) fn for_each_row<R: Read>(
        &mut self,
        lines: &mut LineReader<R>,
        mut f: impl FnMut(&mut Self, Step<'_>) -> Result<(), ImportError>,
    ) -> Result<(), ImportError> {
        let first_bytes = lines.bytes;
        loop {
            let (no, line) = match lines.next_line() {
                Ok(Some(l)) => l,
                Ok(None) => break,
                Err(error) => {
                    f(self, Step::Flush)?;
                    return Err(ImportError::Io {
                        source_name: self.source.clone(),
                        line: lines.line,
                        error,
                    });
                }
            };
            match line {
                Line::TooLong(n) => {
                    f(self, Step::Flush)?;
                    self.summary.rows_read += 1;
                    self.bad(
                        no,
                        Bad {
                            reason: SkipReason::LineTooLong,
                            field: None,
                            detail: format!("line of {n} bytes"),
                        },
                    )?;
                    continue;
                }
                Line::Text([]) => continue,
                Line::Text(text) => {
                    self.summary.rows_read += 1;
                    f(self, Step::Row { line: no, text })?;
                }
            }
            if self.summary.rows_read == RESERVE_AFTER_ROWS {
                if let Some(total) = self.opts.size_hint {
                    let per_row = (lines.bytes - first_bytes) as f64 / RESERVE_AFTER_ROWS as f64;
                    let rows = (total as f64 / per_row.max(1.0) * 1.02) as usize;
                    f(
                        self,
                        Step::Reserve(rows.saturating_sub(RESERVE_AFTER_ROWS as usize)),
                    )?;
                }
            }
            self.tick(lines);
        }
        f(self, Step::Flush)
    }

    /// [`for_each_row`](Self::for_each_row) on two threads: a scoped
    /// reading thread reads the lines and tries `parse` on each data row
    /// (given its 1-based line number and its bytes);
    /// this thread gets, in file order and with the same counts, progress
    /// calls, reserve estimate, flushes and errors, [`Step::Parsed`] for
    /// the runs of rows `parse` took and [`Step::Row`] for the others.
    /// Rows travel in batches of `batch_rows` through a channel of
    /// [`SPLIT_IN_FLIGHT`] batches, so memory stays bounded whatever the
    /// input size. When `f` fails, the reading thread stops at its next
    /// batch. Returns the line reader (for [`finish`](Self::finish)).
    ///
    /// Before asking for a line, the reading thread offers `ahead` the
    /// bytes the line reader holds (from the start of the next line, whose
    /// 1-based number it is given): `ahead` may take that whole line
    /// without its line having been split off first, answering the parsed
    /// row and the line's length with its `\n`. It must answer only for a
    /// line that `parse` takes, and then with what `parse` answers for the
    /// line's text; the line reader then skips the line as if it had
    /// returned it (an over-long line is left to the line reader).
    pub(crate) fn for_each_row_split<R, P>(
        &mut self,
        mut lines: LineReader<R>,
        batch_rows: usize,
        mut ahead: impl FnMut(u64, &[u8]) -> Option<(P, usize)> + Send,
        mut parse: impl FnMut(u64, &[u8]) -> Option<P> + Send,
        mut f: impl FnMut(&mut Self, Step<'_, Parsed<'_, P>>) -> Result<(), ImportError>,
    ) -> Result<LineReader<R>, ImportError>
    where
        R: Read + Send,
        P: Send,
    {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Piece<P>>(SPLIT_IN_FLIGHT);
        let batch_rows = batch_rows.max(1);
        let mut rows = self.summary.rows_read;
        let (size_hint, every) = (self.opts.size_hint, self.opts.progress_every);
        std::thread::scope(|scope| {
            let reader = scope.spawn(move || {
                let first_bytes = lines.bytes;
                // Longest line (with its `\n`) that `ahead` may take.
                let longest = lines.max.saturating_add(1);
                // No line below this one is a multiple of `every` (a
                // compare per row; the division when it is reached).
                let mut next_progress = 0;
                let mut batch = Batch::new(batch_rows);
                loop {
                    let took = match ahead(lines.line + 1, lines.unread()) {
                        Some((p, used)) if used > 1 && used <= longest => {
                            lines.consume_line(used);
                            batch.rows.push(p);
                            true
                        }
                        _ => false,
                    };
                    if took {
                        rows += 1;
                    } else {
                        let (no, line) = match lines.next_line() {
                            Ok(Some(l)) => l,
                            Ok(None) => break,
                            Err(error) => {
                                let line = lines.line;
                                batch.push(Item::Io { line, error });
                                let _ = tx.send(Piece::Batch(batch));
                                return lines;
                            }
                        };
                        match line {
                            Line::TooLong(n) => {
                                rows += 1;
                                batch.push(Item::TooLong { line: no, n });
                                continue;
                            }
                            Line::Text([]) => continue,
                            Line::Text(text) => {
                                rows += 1;
                                match parse(no, text) {
                                    Some(p) => batch.rows.push(p),
                                    None => {
                                        let start = batch.text.len();
                                        batch.text.extend_from_slice(text);
                                        let end = batch.text.len();
                                        batch.push(Item::Raw {
                                            line: no,
                                            start,
                                            end,
                                        });
                                    }
                                }
                            }
                        }
                    }
                    if rows == RESERVE_AFTER_ROWS {
                        if let Some(total) = size_hint {
                            let per_row =
                                (lines.bytes - first_bytes) as f64 / RESERVE_AFTER_ROWS as f64;
                            let n = (total as f64 / per_row.max(1.0) * 1.02) as usize;
                            batch
                                .push(Item::Reserve(n.saturating_sub(RESERVE_AFTER_ROWS as usize)));
                        }
                    }
                    if lines.line >= next_progress {
                        if every > 0 && lines.line % every == 0 {
                            batch.push(Item::Progress(Progress {
                                bytes: lines.bytes,
                                lines: lines.line,
                                total_bytes: size_hint,
                            }));
                        }
                        next_progress = next_multiple(lines.line, every);
                    }
                    if batch.len() >= batch_rows {
                        let full = std::mem::replace(&mut batch, Batch::new(batch_rows));
                        if tx.send(Piece::Batch(full)).is_err() {
                            // The consumer stopped (a bad row in strict mode).
                            return lines;
                        }
                    }
                }
                let _ = tx.send(Piece::Batch(batch));
                let _ = tx.send(Piece::Done);
                lines
            });
            let replayed = self.replay(&rx, &mut f);
            // Stop the reading thread before waiting for it.
            drop(rx);
            let lines = reader.join().map_err(|_| ImportError::Io {
                source_name: self.source.clone(),
                line: 0,
                error: io::Error::other("the reading thread panicked"),
            })?;
            replayed.map(|()| lines)
        })
    }

    /// The consuming side of [`for_each_row_split`](Self::for_each_row_split).
    fn replay<P>(
        &mut self,
        rx: &std::sync::mpsc::Receiver<Piece<P>>,
        f: &mut impl FnMut(&mut Self, Step<'_, Parsed<'_, P>>) -> Result<(), ImportError>,
    ) -> Result<(), ImportError> {
        while let Ok(Piece::Batch(batch)) = rx.recv() {
            let mut rows = batch.rows.into_iter();
            let mut taken = 0;
            for (before, item) in batch.others {
                // The parsed rows that came before this item, in one run.
                if before > taken {
                    self.summary.rows_read += (before - taken) as u64;
                    f(self, Step::Parsed(Parsed::new(&mut rows, before - taken)))?;
                    taken = before;
                }
                match item {
                    Item::Raw { line, start, end } => {
                        self.summary.rows_read += 1;
                        let text = &batch.text[start..end];
                        f(self, Step::Row { line, text })?;
                    }
                    Item::TooLong { line, n } => {
                        f(self, Step::Flush)?;
                        self.summary.rows_read += 1;
                        self.bad(
                            line,
                            Bad {
                                reason: SkipReason::LineTooLong,
                                field: None,
                                detail: format!("line of {n} bytes"),
                            },
                        )?;
                    }
                    Item::Reserve(n) => f(self, Step::Reserve(n))?,
                    Item::Progress(p) => {
                        if self.opts.progress.is_some() {
                            // A reader that buffers rows stores them first:
                            // a bad one among them is reported before any
                            // later progress, as on one thread.
                            f(self, Step::Flush)?;
                            if let Some(cb) = self.opts.progress.as_mut() {
                                cb(p);
                            }
                        }
                    }
                    Item::Io { line, error } => {
                        f(self, Step::Flush)?;
                        return Err(ImportError::Io {
                            source_name: self.source.clone(),
                            line,
                            error,
                        });
                    }
                }
            }
            let left = rows.len();
            if left > 0 {
                self.summary.rows_read += left as u64;
                f(self, Step::Parsed(Parsed::new(&mut rows, left)))?;
            }
        }
        f(self, Step::Flush)
    }

    pub(crate) fn finish(mut self, lines: &LineReader<impl Read>) -> ImportSummary {
        self.summary.lines_read = lines.line;
        self.summary.bytes_read = lines.bytes;
        self.summary.elapsed = self.started.elapsed();
        if let Some(p) = self.opts.progress.as_mut() {
            p(Progress {
                bytes: lines.bytes,
                lines: lines.line,
                total_bytes: self.opts.size_hint,
            });
        }
        self.summary
    }

    /// Calls the progress callback when the line just read is a multiple
    /// of `progress_every` (line numbers only grow).
    #[inline]
    pub(crate) fn tick(&mut self, lines: &LineReader<impl Read>) {
        if lines.line < self.next_tick {
            return;
        }
        let every = self.opts.progress_every;
        if every > 0 && lines.line % every == 0 {
            if let Some(p) = self.opts.progress.as_mut() {
                p(Progress {
                    bytes: lines.bytes,
                    lines: lines.line,
                    total_bytes: self.opts.size_hint,
                });
            }
        }
        self.next_tick = next_multiple(lines.line, every);
    }
}

/// Batches a reading thread of [`Run::for_each_row_split`] may have sent
/// ahead of the consumer.
pub(crate) const SPLIT_IN_FLIGHT: usize = 4;

/// The first multiple of `every` after `line` (`u64::MAX` when `every` is
/// 0: no progress calls).
#[inline]
fn next_multiple(line: u64, every: u64) -> u64 {
    match line.checked_div(every) {
        Some(q) => q.saturating_add(1).saturating_mul(every),
        None => u64::MAX,
    }
}

/// What the reading thread of [`Run::for_each_row_split`] sends.
enum Piece<P> {
    Batch(Batch<P>),
    /// The input ended (after its last batch).
    Done,
}

/// Lines of the input, in order, as the reading thread saw them: the
/// parsed rows in a vector of their own (nothing but rows, so that a
/// compact row type travels compactly), everything else beside them with
/// its place.
struct Batch<P> {
    rows: Vec<P>,
    /// Each other item, after the number of `rows` that come before it.
    others: Vec<(usize, Item)>,
    /// The bytes of the `Raw` rows.
    text: Vec<u8>,
}

impl<P> Batch<P> {
    fn new(rows: usize) -> Self {
        Batch {
            rows: Vec::with_capacity(rows),
            others: Vec::new(),
            text: Vec::new(),
        }
    }

    /// Adds an item after the rows so far.
    fn push(&mut self, item: Item) {
        self.others.push((self.rows.len(), item));
    }

    /// Rows and items held.
    fn len(&self) -> usize {
        self.rows.len() + self.others.len()
    }
}

/// What a [`Batch`] holds besides parsed rows.
enum Item {
    Raw { line: u64, start: usize, end: usize },
    TooLong { line: u64, n: usize },
    Reserve(usize),
    Progress(Progress),
    Io { line: u64, error: io::Error },
}

/// A run of consecutive rows that the reading thread of
/// [`Run::for_each_row_split`] parsed, in file order: an iterator, with a
/// slice view for consumers that take the run in bulk. Dropping it drops
/// the rows not taken.
pub(crate) struct Parsed<'r, P> {
    rows: &'r mut std::vec::IntoIter<P>,
    /// Rows of the run not yet taken (the first of `rows`).
    left: usize,
}

impl<'r, P> Parsed<'r, P> {
    fn new(rows: &'r mut std::vec::IntoIter<P>, n: usize) -> Self {
        let left = n.min(rows.len());
        Parsed { rows, left }
    }

    /// The rows not yet taken.
    #[inline]
    pub(crate) fn as_slice(&self) -> &[P] {
        &self.rows.as_slice()[..self.left]
    }
}

impl<P> Iterator for Parsed<'_, P> {
    type Item = P;

    #[inline]
    fn next(&mut self) -> Option<P> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        self.rows.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<P> Drop for Parsed<'_, P> {
    fn drop(&mut self) {
        if self.left > 0 {
            // Drops the rest of the run (a pointer move for `Copy` rows).
            self.rows.nth(self.left - 1);
        }
    }
}

/// Rows read before the row loop estimates the row count from the size
/// hint ([`Step::Reserve`]).
pub(crate) const RESERVE_AFTER_ROWS: u64 = 4096;

/// What [`Run::for_each_row`] hands a reader (and
/// [`Run::for_each_row_split`], which also hands rows its reading thread
/// parsed: `P`).
pub(crate) enum Step<'l, P = std::convert::Infallible> {
    /// Data rows the reading thread parsed (a [`Parsed`] run).
    Parsed(P),
    /// A data row: its 1-based line number and its bytes (not empty).
    Row {
        /// 1-based line number.
        line: u64,
        /// The line without its line end.
        text: &'l [u8],
    },
    /// About this many more rows follow (2% over): reserve room for them.
    Reserve(usize),
    /// Store any buffered rows now (a bad line is about to be reported, or
    /// the input has ended).
    Flush,
}

impl<'l> Step<'l> {
    /// The same step as one of a reader whose reading thread parses rows
    /// into `P` ([`Run::for_each_row_split`]): a one-thread run has no
    /// parsed rows, so every step carries over unchanged.
    pub(crate) fn widen<P>(self) -> Step<'l, P> {
        match self {
            Step::Row { line, text } => Step::Row { line, text },
            Step::Reserve(n) => Step::Reserve(n),
            Step::Flush => Step::Flush,
        }
    }
}

/// One line from a [`LineReader`].
pub(crate) enum Line<'b> {
    /// The line's bytes, without `\n` or `\r\n`.
    Text(&'b [u8]),
    /// The line was longer than the limit; its bytes were discarded.
    TooLong(usize),
}

/// Reads lines through a fixed buffer that grows only up to the line limit.
pub(crate) struct LineReader<R> {
    reader: R,
    buf: Vec<u8>,
    /// Start of unread data in `buf`.
    start: usize,
    /// End of valid data in `buf`.
    end: usize,
    eof: bool,
    max: usize,
    /// Lines returned so far (the number of the last line).
    pub line: u64,
    /// Bytes consumed so far (line ends included).
    pub bytes: u64,
}

const CHUNK: usize = 1 << 18;

impl<R: Read> LineReader<R> {
    pub(crate) fn new(reader: R, max: usize) -> Self {
        LineReader {
            reader,
            buf: vec![0; CHUNK.min(max.saturating_add(2)).max(4096)],
            start: 0,
            end: 0,
            eof: false,
            max: max.max(1),
            line: 0,
            bytes: 0,
        }
    }

    /// Fills the buffer after `end`; returns the number of bytes read.
    fn fill(&mut self) -> io::Result<usize> {
        if self.start > 0 && (self.end == self.buf.len() || self.start == self.end) {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            let grow = (self.buf.len() * 2)
                .min(self.max.saturating_add(2))
                .max(self.buf.len() + 1);
            self.buf.resize(grow, 0);
        }
        loop {
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(n) => {
                    self.end += n;
                    if n == 0 {
                        self.eof = true;
                    }
                    return Ok(n);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// The bytes read ahead and not yet returned; they start at the start
    /// of the next line.
    #[inline]
    pub(crate) fn unread(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    /// Passes over the first `len` bytes of [`unread`](Self::unread), a
    /// whole line with its `\n`, counting it as [`next_line`](Self::next_line)
    /// would have.
    #[inline]
    pub(crate) fn consume_line(&mut self, len: usize) {
        debug_assert!(len <= self.end - self.start);
        let len = len.min(self.end - self.start);
        self.start += len;
        self.line += 1;
        self.bytes += len as u64;
    }

    /// The next line with its 1-based number, or `None` at the end of the
    /// input. A last line without a line end is returned too.
    pub(crate) fn next_line(&mut self) -> io::Result<Option<(u64, Line<'_>)>> {
        let line = self.line + 1;
        Ok(self.next_inner()?.map(|l| (line, l)))
    }

    fn next_inner(&mut self) -> io::Result<Option<Line<'_>>> {
        let mut scanned = 0;
        loop {
            let window = &self.buf[self.start + scanned..self.end];
            if let Some(i) = find_newline(window) {
                let line_end = self.start + scanned + i;
                let begin = self.start;
                self.start = line_end + 1;
                self.line += 1;
                self.bytes += (line_end + 1 - begin) as u64;
                if line_end - begin > self.max {
                    return Ok(Some(Line::TooLong(line_end - begin)));
                }
                let mut text = &self.buf[begin..line_end];
                if let [rest @ .., b'\r'] = text {
                    text = rest;
                }
                return Ok(Some(Line::Text(text)));
            }
            scanned = self.end - self.start;
            if self.eof {
                if scanned == 0 {
                    return Ok(None);
                }
                let begin = self.start;
                self.start = self.end;
                self.line += 1;
                self.bytes += scanned as u64;
                if scanned > self.max {
                    return Ok(Some(Line::TooLong(scanned)));
                }
                let mut text = &self.buf[begin..self.end];
                if let [rest @ .., b'\r'] = text {
                    text = rest;
                }
                return Ok(Some(Line::Text(text)));
            }
            if scanned > self.max {
                return self.skip_long_line(scanned).map(Some);
            }
            // `fill` may move the unread data to the front: `scanned` is
            // relative to `start` and stays valid.
            self.fill()?;
        }
    }

    /// Discards the rest of an over-long line.
    fn skip_long_line(&mut self, mut len: usize) -> io::Result<Line<'static>> {
        self.start = self.end;
        loop {
            self.fill()?;
            let window = &self.buf[self.start..self.end];
            if let Some(i) = memchr::memchr(b'\n', window) {
                len += i;
                self.start += i + 1;
                self.line += 1;
                self.bytes += (len + 1) as u64;
                return Ok(Line::TooLong(len));
            }
            len += window.len();
            self.start = self.end;
            if self.eof {
                self.line += 1;
                self.bytes += len as u64;
                return Ok(Line::TooLong(len));
            }
        }
    }
}

/// The position of the first `\n` in `b`: the first 64 bytes a word at a
/// time (a short line ends there, and a vectorized search's set-up costs
/// more than the scan), the rest with `memchr`.
#[inline]
pub(crate) fn find_newline(b: &[u8]) -> Option<usize> {
    const NL: u64 = 0x0A0A_0A0A_0A0A_0A0A;
    let mut at = 0;
    while at < 64 {
        let Some(w) = word_at(b, at) else { break };
        let m = zero_bytes(w ^ NL);
        if m != 0 {
            return Some(at + (m.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    memchr::memchr(b'\n', &b[at..]).map(|i| at + i)
}

/// Splits a delimited line into field ranges. Fields may be quoted with `"`
/// (RFC 4180: `""` inside a quoted field is one quote); a quoted field's
/// range excludes the quotes and `escaped` says whether it holds `""`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FieldRange {
    pub start: u32,
    pub end: u32,
    pub escaped: bool,
}

/// Splits `line` at `delim` into `out`. With `quoting`, fields starting with
/// `"` run to the closing quote. Returns `false` for an unterminated quote.
pub(crate) fn split_fields(
    line: &[u8],
    delim: u8,
    quoting: bool,
    out: &mut Vec<FieldRange>,
) -> bool {
    out.clear();
    let quote = if quoting { b'"' } else { delim };
    if !(quoting && delim == b'"') && split_plain(line, delim, quote, out) {
        return true;
    }
    out.clear();
    let mut i = 0usize;
    loop {
        if line.get(i) == Some(&b'"') {
            let start = i + 1;
            let mut j = start;
            let mut escaped = false;
            loop {
                match line.get(j) {
                    None => return false,
                    Some(b'"') if line.get(j + 1) == Some(&b'"') => {
                        escaped = true;
                        j += 2;
                    }
                    Some(b'"') => break,
                    Some(_) => j += 1,
                }
            }
            out.push(FieldRange {
                start: start as u32,
                end: j as u32,
                escaped,
            });
            // Skip to the delimiter after the closing quote.
            match line[j + 1..].iter().position(|&b| b == delim) {
                Some(p) => i = j + 1 + p + 1,
                None => return true,
            }
        } else {
            let end = line[i..]
                .iter()
                .position(|&b| b == delim)
                .map_or(line.len(), |p| i + p);
            out.push(FieldRange {
                start: i as u32,
                end: end as u32,
                escaped: false,
            });
            if end == line.len() {
                return true;
            }
            i = end + 1;
        }
    }
}

/// Bytes of `w` equal to zero get their high bit set, the others 0 (exact:
/// no carry crosses a byte).
#[inline]
pub(crate) fn zero_bytes(w: u64) -> u64 {
    const HI: u64 = 0x8080_8080_8080_8080;
    !((w & !HI).wrapping_add(!HI) | w) & HI
}

/// The last `n` (< 8) bytes of `b` in the low bytes of a word, the other
/// bytes zero; without a variable-length copy (a call) when `b` has eight
/// bytes to read as one word.
#[inline]
pub(crate) fn low_bytes(b: &[u8], n: usize) -> u64 {
    debug_assert!(n < 8 && n <= b.len());
    if n == 0 {
        return 0;
    }
    match b.last_chunk::<8>() {
        Some(c) => u64::from_le_bytes(*c) >> (8 * (8 - n)),
        None => b[b.len() - n..]
            .iter()
            .rev()
            .fold(0u64, |w, &x| (w << 8) | u64::from(x)),
    }
}

/// Splits a line without quotes at `delim`, eight bytes at a time (short
/// lines make a vectorized search's set-up cost more than the scan).
/// Returns `false`, with `out` partly filled, at the first `quote` byte
/// (pass `quote == delim` when quotes are not special).
#[inline]
fn split_plain(line: &[u8], delim: u8, quote: u8, out: &mut Vec<FieldRange>) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    let (dpat, qpat) = (LO * u64::from(delim), LO * u64::from(quote));
    let mut start = 0usize;
    let mut push = |end: usize, start: &mut usize| {
        out.push(FieldRange {
            start: *start as u32,
            end: end as u32,
            escaped: false,
        });
        *start = end + 1;
    };
    let mut chunks = line.chunks_exact(8);
    let mut at = 0usize;
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        if quote != delim && zero_bytes(w ^ qpat) != 0 {
            return false;
        }
        let mut m = zero_bytes(w ^ dpat);
        while m != 0 {
            push(at + (m.trailing_zeros() / 8) as usize, &mut start);
            m &= m - 1;
        }
        at += 8;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // The last 1..=7 bytes as one word; bytes past the end are masked.
        let w = low_bytes(line, rest.len());
        let live = (1u64 << (8 * rest.len())) - 1;
        if quote != delim && zero_bytes(w ^ qpat) & live != 0 {
            return false;
        }
        let mut m = zero_bytes(w ^ dpat) & live;
        while m != 0 {
            push(at + (m.trailing_zeros() / 8) as usize, &mut start);
            m &= m - 1;
        }
    }
    out.push(FieldRange {
        start: start as u32,
        end: line.len() as u32,
        escaped: false,
    });
    true
}

/// The text of a field, unescaping `""` into `scratch` when needed.
pub(crate) fn field_bytes<'l>(line: &'l [u8], f: FieldRange, scratch: &'l mut Vec<u8>) -> &'l [u8] {
    let raw = &line[f.start as usize..f.end as usize];
    if !f.escaped {
        return raw;
    }
    scratch.clear();
    let mut k = 0;
    while k < raw.len() {
        scratch.push(raw[k]);
        k += if raw[k] == b'"' { 2 } else { 1 };
    }
    scratch
}

/// Parses an unsigned decimal (ASCII digits only, no sign, no spaces).
pub(crate) fn parse_u64(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 20 {
        return None;
    }
    let mut v: u64 = 0;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u64::from(d))?;
    }
    Some(v)
}

/// Whether `b` is a canonical decimal (no leading zeros unless "0").
pub(crate) fn canonical_u32(b: &[u8]) -> Option<u32> {
    if b.len() > 1 && b[0] == b'0' {
        return None;
    }
    parse_u64(b).and_then(|v| u32::try_from(v).ok())
}

/// The value of a run of ASCII digits (no sign, no overflow check: callers
/// bound the length); `None` on any other byte.
pub(crate) fn digits(b: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + u32::from(d);
    }
    Some(v)
}

/// The eight bytes of `line` from `at` as a little-endian word, when the
/// line has them (one load instead of a byte loop).
#[inline]
pub(crate) fn word_at(line: &[u8], at: usize) -> Option<u64> {
    line.get(at..)?
        .first_chunk::<8>()
        .map(|c| u64::from_le_bytes(*c))
}

/// The value of the 1..=8 ASCII digits in the low `n` bytes of `w` (the
/// first digit in the lowest byte; higher bytes are ignored), or `None` if
/// one of them is not a digit. Same result as [`digits`], without the
/// byte-serial multiply chain: the digits are checked and combined eight at
/// a time.
#[inline]
pub(crate) fn swar_digits(w: u64, n: usize) -> Option<u32> {
    const HI_NIBBLES: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    if !(1..=8).contains(&n) {
        return None;
    }
    let live = u64::MAX >> (8 * (8 - n));
    // '0'..='9' become 0..=9; any other byte keeps a high nibble or is
    // 10..=15, which overflows into the high nibble when 6 is added.
    let d = (w ^ 0x3030_3030_3030_3030) & live;
    if (d & HI_NIBBLES) | (d.wrapping_add(0x0606_0606_0606_0606) & HI_NIBBLES) != 0 {
        return None;
    }
    // Move the digits to the top: the zero bytes below are leading zeros.
    let d = d << (8 * (8 - n));
    // Pairs, then quads, then the eight digits (Lemire's unrolled parse).
    let d = (d.wrapping_mul(10 * 256 + 1) >> 8) & 0x00FF_00FF_00FF_00FF;
    let d = (d.wrapping_mul(100 * 65536 + 1) >> 16) & 0x0000_FFFF_0000_FFFF;
    Some((d.wrapping_mul(10_000 * (1 << 32) + 1) >> 32) as u32)
}

/// The packed code ([`Date::pack`]) of a `YYYY-MM-DD` field, read as two
/// overlapping words (bytes 0–7 and 2–9), checked with word arithmetic and
/// packed here (the same code as `Date::day(..)?.pack()`, proptest below);
/// `None` for any other shape or an impossible day (callers then take
/// [`parse_date`], which explains the error).
#[inline]
pub(crate) fn packed_ymd(line: &[u8], at: usize, len: usize) -> Option<u32> {
    if len != 10 {
        return None;
    }
    ymd_words(word_at(line, at)?, word_at(line, at.checked_add(2)?)?)
}

/// [`packed_ymd`] of the ten bytes whose first eight are the word `head`
/// and whose last eight are the word `tail` (bytes 2–9).
#[inline(always)]
pub(crate) fn ymd_words(head: u64, tail: u64) -> Option<u32> {
    // Bytes 0-3 and 5-6 of `head` are digits, bytes 4 and 7 dashes; bytes
    // 6-7 of `tail` (the day) are digits.
    const DIGITS: u64 = 0x00FF_FF00_FFFF_FFFF;
    const DASHES: u64 = 0x2D00_002D_0000_0000;
    const HI_NIBBLES: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    if head & !DIGITS != DASHES {
        return None;
    }
    // The day's digits (bytes 6 and 7 of `tail`) move into the dash bytes
    // 4 and 7, so that one check covers the eight digits: '0'..='9' become
    // 0..=9; any other byte keeps a high nibble or is 10..=15, which
    // overflows into the high nibble when 6 is added.
    let t = tail ^ ZEROS;
    let d =
        ((head ^ ZEROS) & DIGITS) | (t & 0x00FF_0000_0000_0000) >> 16 | (t & 0xFF00_0000_0000_0000);
    if (d & HI_NIBBLES) | (d.wrapping_add(0x0606_0606_0606_0606) & HI_NIBBLES) != 0 {
        return None;
    }
    let b = d.to_le_bytes().map(u32::from);
    let year = b[0] * 1000 + b[1] * 100 + b[2] * 10 + b[3];
    let month = b[5] * 10 + b[6];
    let day = b[4] * 10 + b[7];
    if !(1..=12).contains(&month)
        || day == 0
        || (day > 28 && day > crate::model::days_in_month(year as i32, month))
    {
        return None;
    }
    // `Date::pack` of a day-precision date.
    Some((year + 10_000) << 9 | month << 5 | day)
}

/// Parses `YYYY-MM-DD`, `YYYY-MM`, `YYYY` (fast path for the common forms;
/// anything else goes through [`Date`]'s parser). Impossible dates fail.
pub(crate) fn parse_date(b: &[u8]) -> Result<Date, String> {
    let fast = match b.len() {
        10 if b[4] == b'-' && b[7] == b'-' => {
            match (digits(&b[..4]), digits(&b[5..7]), digits(&b[8..])) {
                (Some(y), Some(m), Some(d)) => Some(Date::day(y as i32, m, d)),
                _ => None,
            }
        }
        _ => None,
    };
    let res = match fast {
        Some(r) => r,
        None => std::str::from_utf8(b)
            .map_err(|_| format!("date {} is not UTF-8", show(b)))?
            .parse::<Date>(),
    };
    res.map_err(|e| format!("{} ({e})", show(b)))
}

/// [`Date`]'s parser with a fast path for `YYYY-MM-DD` (same results).
pub(crate) fn parse_date_str(s: &str) -> Result<Date, crate::model::DateError> {
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (digits(&b[..4]), digits(&b[5..7]), digits(&b[8..])) {
            return Date::day(y as i32, m, d);
        }
    }
    s.parse()
}

/// Parses `YYYYMMDD` (GDELT's SQLDATE).
pub(crate) fn parse_yyyymmdd(b: &[u8]) -> Result<Date, String> {
    if b.len() != 8 {
        return Err(format!("{} is not YYYYMMDD", show(b)));
    }
    match (digits(&b[..4]), digits(&b[4..6]), digits(&b[6..])) {
        (Some(y), Some(m), Some(d)) => {
            Date::day(y as i32, m, d).map_err(|e| format!("{} ({e})", show(b)))
        }
        _ => Err(format!("{} is not YYYYMMDD", show(b))),
    }
}

/// Parses a confidence in 0..=1.
#[inline]
pub(crate) fn parse_confidence(b: &[u8]) -> Result<f32, String> {
    if let Some(v) = short_decimal(b) {
        if v <= 1.0 {
            return Ok(v);
        }
    }
    parse_confidence_slow(b)
}

/// [`parse_confidence`] for the forms its fast path leaves (kept out of
/// line so that the fast path inlines).
#[inline(never)]
fn parse_confidence_slow(b: &[u8]) -> Result<f32, String> {
    let v: f32 = std::str::from_utf8(b)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .ok_or_else(|| format!("{} is not a number", show(b)))?;
    if !(0.0..=1.0).contains(&v) {
        return Err(format!("{v} is outside 0..=1"));
    }
    Ok(v)
}

/// `D.DDD`-style decimals of at most 7 digits, exactly as `str::parse`
/// would round them: the digits form an integer below 2^24 and the power
/// of ten is exact in `f32`, so one IEEE division rounds correctly.
#[inline]
pub(crate) fn short_decimal(b: &[u8]) -> Option<f32> {
    if let [i, b'.', f1, f2, f3] = *b {
        // `D.DDD`, the common form.
        let d = [i, f1, f2, f3].map(|c| u32::from(c.wrapping_sub(b'0')));
        if d.iter().all(|&x| x <= 9) {
            let m = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3];
            return Some(m as f32 / 1000.0);
        }
        return None;
    }
    let dot = b.iter().position(|&c| c == b'.')?;
    let (int, frac) = (&b[..dot], &b[dot + 1..]);
    if int.is_empty() || frac.is_empty() || int.len() + frac.len() > 7 {
        return None;
    }
    let m = digits(int)? * 10u32.pow(frac.len() as u32) + digits(frac)?;
    Some(m as f32 / 10u32.pow(frac.len() as u32) as f32)
}

/// Parses a float (Goldstein score, tone).
pub(crate) fn parse_f32(b: &[u8]) -> Option<f32> {
    std::str::from_utf8(b)
        .ok()
        .and_then(|s| s.trim().parse::<f32>().ok())
        .filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Just;

    fn lines(input: &[u8], max: usize) -> Vec<Result<String, usize>> {
        let mut r = LineReader::new(input, max);
        let mut out = Vec::new();
        while let Some((_, l)) = r.next_line().unwrap() {
            out.push(match l {
                Line::Text(t) => Ok(String::from_utf8(t.to_vec()).unwrap()),
                Line::TooLong(n) => Err(n),
            });
        }
        out
    }

    #[test]
    fn line_reader_splits_and_counts() {
        assert_eq!(
            lines(b"a,b\r\nc\n\nlast", 100),
            vec![
                Ok("a,b".to_string()),
                Ok("c".into()),
                Ok("".into()),
                Ok("last".into())
            ]
        );
        assert!(lines(b"", 100).is_empty());
        let mut r = LineReader::new(&b"ab\ncd\n"[..], 100);
        while r.next_line().unwrap().is_some() {}
        assert_eq!((r.line, r.bytes), (2, 6));
    }

    #[test]
    fn line_reader_handles_lines_across_chunks_and_too_long_lines() {
        let mut input = Vec::new();
        for i in 0..100_000 {
            input.extend_from_slice(format!("{i},{}\n", "x".repeat(i % 37)).as_bytes());
        }
        let got = lines(&input, 1000);
        assert_eq!(got.len(), 100_000);
        assert_eq!(
            got[99_999],
            Ok(format!("99999,{}", "x".repeat(99_999 % 37)))
        );
        let long = format!("short\n{}\nafter\n{}", "y".repeat(5000), "z".repeat(3000));
        assert_eq!(
            lines(long.as_bytes(), 1000),
            vec![Ok("short".into()), Err(5000), Ok("after".into()), Err(3000)]
        );
        // Lines longer than the limit but shorter than the buffer, too.
        let mid = format!("a\n{}\nb\n{}", "y".repeat(50), "z".repeat(40));
        assert_eq!(
            lines(mid.as_bytes(), 30),
            vec![Ok("a".into()), Err(50), Ok("b".into()), Err(40)]
        );
    }

    #[test]
    fn fields_split_with_quotes() {
        let mut out = Vec::new();
        let line = br#"1,"a, ""b""",,x"#;
        assert!(split_fields(line, b',', true, &mut out));
        let mut scratch = Vec::new();
        let texts: Vec<String> = out
            .iter()
            .map(|f| String::from_utf8(field_bytes(line, *f, &mut scratch).to_vec()).unwrap())
            .collect();
        assert_eq!(texts, ["1", "a, \"b\"", "", "x"]);
        assert!(!split_fields(br#"1,"open"#, b',', true, &mut out));
        assert!(split_fields(b"a\tb", b'\t', false, &mut out));
        assert_eq!(out.len(), 2);
    }

    /// The split as a naive byte loop would do it (`None` at a quote).
    fn naive_split(line: &[u8], delim: u8, quote: Option<u8>) -> Option<Vec<(u32, u32)>> {
        if quote.is_some_and(|q| line.contains(&q)) {
            return None;
        }
        let mut out = Vec::new();
        let mut start = 0;
        for (i, &b) in line.iter().enumerate() {
            if b == delim {
                out.push((start as u32, i as u32));
                start = i + 1;
            }
        }
        out.push((start as u32, line.len() as u32));
        Some(out)
    }

    #[test]
    fn swar_digits_known_values() {
        let w = |s: &[u8]| {
            let mut b = [b'x'; 8];
            b[..s.len()].copy_from_slice(s);
            u64::from_le_bytes(b)
        };
        assert_eq!(swar_digits(w(b"0"), 1), Some(0));
        assert_eq!(swar_digits(w(b"7"), 1), Some(7));
        assert_eq!(swar_digits(w(b"10794"), 5), Some(10_794));
        assert_eq!(swar_digits(w(b"00042"), 5), Some(42));
        assert_eq!(swar_digits(w(b"99999999"), 8), Some(99_999_999));
        assert_eq!(swar_digits(w(b"12345678"), 8), Some(12_345_678));
        assert_eq!(swar_digits(w(b"12:4"), 4), None);
        assert_eq!(swar_digits(w(b"12/4"), 4), None);
        assert_eq!(swar_digits(w(b" 1"), 2), None);
        assert_eq!(swar_digits(w(b"1"), 0), None);
        assert_eq!(swar_digits(w(b"12345678"), 9), None);
    }

    #[test]
    fn packed_ymd_agrees_with_parse_date() {
        for s in [
            "2021-04-06,0.5",
            "1983-09-01,",
            "2024-02-29,1",
            "2023-02-29,1",
            "2022-13-40,1",
            "2022-00-10,1",
            "2022-01-00,1",
            "0000-01-01,1",
            "2022/01/01,1",
            "20x2-01-01,1",
        ] {
            let line = s.as_bytes();
            let fast = packed_ymd(line, 0, 10);
            assert_eq!(fast, parse_date(&line[..10]).ok().map(Date::pack), "{s}");
        }
        assert_eq!(
            packed_ymd(b"2021-04-06", 0, 10),
            parse_date(b"2021-04-06").ok().map(Date::pack)
        );
        assert_eq!(packed_ymd(b"x2021-04-06", 3, 10), None, "past the end");
        assert_eq!(
            packed_ymd(b"x2021-04-06,1", 1, 10),
            parse_date(b"2021-04-06").ok().map(Date::pack)
        );
        assert_eq!(packed_ymd(b"2021-04-06,1", 0, 9), None);
    }

    proptest::proptest! {
        #[test]
        fn swar_digits_match_the_byte_loop(
            d in proptest::collection::vec(proptest::prop_oneof![
                proptest::num::u8::ANY, (b'0'..=b'9')
            ], 1..=8),
            pad in proptest::num::u8::ANY,
        ) {
            let mut b = [pad; 8];
            b[..d.len()].copy_from_slice(&d);
            proptest::prop_assert_eq!(swar_digits(u64::from_le_bytes(b), d.len()), digits(&d));
        }

        #[test]
        fn find_newline_matches_memchr(
            b in proptest::collection::vec(
                proptest::prop_oneof![Just(b'\n'), Just(0x8Au8), Just(0x0Bu8), 0u8..=255],
                0..200,
            ),
            sparse in proptest::bool::ANY,
        ) {
            // Mostly newline-free inputs too, so that the memchr tail runs.
            let b: Vec<u8> = if sparse {
                b.iter().enumerate().map(|(i, &x)| if x == b'\n' && i % 7 != 0 { b'x' } else { x }).collect()
            } else {
                b
            };
            proptest::prop_assert_eq!(find_newline(&b), memchr::memchr(b'\n', &b));
        }

        #[test]
        fn packed_ymd_matches_parse_date(
            y in 0u32..10_000, m in 0u32..16, d in 0u32..40, tail in proptest::num::u8::ANY,
        ) {
            let line = format!("{y:04}-{m:02}-{d:02}{}", char::from(tail.min(127)));
            let line = line.as_bytes();
            let fast = packed_ymd(line, 0, 10);
            let slow = parse_date(&line[..10]).ok().map(Date::pack);
            proptest::prop_assert_eq!(fast, slow);
        }

        #[test]
        fn packed_ymd_answers_only_like_parse_date(
            b in proptest::collection::vec(
                proptest::prop_oneof![
                    4 => b'0'..=b'9', 2 => Just(b'-'), 1 => Just(b':'), 1 => Just(b'/'),
                    1 => Just(0xB0u8), 1 => Just(b'+'), 1 => proptest::num::u8::ANY
                ],
                10..=12,
            ),
        ) {
            if let Some(p) = packed_ymd(&b, 0, 10) {
                proptest::prop_assert_eq!(Some(p), parse_date(&b[..10]).ok().map(Date::pack));
            }
        }

        #[test]
        fn word_split_equals_byte_split(
            line in proptest::collection::vec(
                proptest::prop_oneof![
                    Just(b','), Just(b'\t'), Just(b'"'), Just(0x80u8), Just(0xACu8), 0u8..=255
                ],
                0..60,
            ),
            tab in proptest::bool::ANY,
            quoting in proptest::bool::ANY,
        ) {
            let delim = if tab { b'\t' } else { b',' };
            let quote = quoting.then_some(b'"');
            let mut out = Vec::new();
            let ok = split_plain(&line, delim, quote.unwrap_or(delim), &mut out);
            let want = naive_split(&line, delim, quote);
            proptest::prop_assert_eq!(ok, want.is_some());
            if let Some(want) = want {
                let got: Vec<(u32, u32)> = out.iter().map(|f| (f.start, f.end)).collect();
                proptest::prop_assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn low_bytes_takes_the_last_bytes() {
        let b = b"0123456789";
        for len in 0..=b.len() {
            for n in 0..8.min(len + 1) {
                let s = &b[..len];
                let mut want = [0u8; 8];
                want[..n].copy_from_slice(&s[len - n..]);
                assert_eq!(low_bytes(s, n), u64::from_le_bytes(want), "{len} {n}");
            }
        }
    }

    #[test]
    fn zero_bytes_is_exact() {
        for w in [
            0u64,
            u64::MAX,
            0x0100_8000_0001_FF00,
            0x8080_8080_8080_8080,
            0x0101_0101_0101_0101,
        ] {
            for k in 0..8 {
                let byte = (w >> (8 * k)) as u8;
                assert_eq!(
                    zero_bytes(w) >> (8 * k) & 0x80 != 0,
                    byte == 0,
                    "{w:#x} byte {k}"
                );
            }
        }
        // A quoted line still goes through the quote-aware path.
        let mut out = Vec::new();
        assert!(split_fields(br#"a,"b,c",d"#, b',', true, &mut out));
        assert_eq!(out.len(), 3);
        assert!(split_fields(br#"a"b"c"#, b'"', true, &mut out));
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn numbers_and_dates() {
        assert_eq!(canonical_u32(b"0"), Some(0));
        assert_eq!(canonical_u32(b"007"), None);
        assert_eq!(canonical_u32(b"4294967296"), None);
        assert_eq!(canonical_u32(b"-1"), None);
        assert_eq!(parse_u64(b"12a"), None);
        assert!(parse_date(b"2022-13-40").is_err());
        assert!(parse_date(b"2023-02-29").is_err());
        assert_eq!(parse_date(b"2024-02-29").unwrap().to_string(), "2024-02-29");
        assert_eq!(parse_date(b"2022-01").unwrap().to_string(), "2022-01");
        for t in [
            "2022-01-06",
            "2022-13-40",
            "2023-02-29",
            "0001-12-31",
            "-0044-03-15",
            "2022",
            "20-01-0006",
        ] {
            assert_eq!(parse_date_str(t), t.parse::<Date>(), "{t}");
        }
        assert_eq!(
            parse_yyyymmdd(b"20220106").unwrap().to_string(),
            "2022-01-06"
        );
        assert!(parse_yyyymmdd(b"20221340").is_err());
        assert!(parse_confidence(b"1.5").is_err());
        assert!(parse_confidence(b"NaN").is_err());
        assert!(parse_confidence(b"-0.1").is_err());
        assert_eq!(parse_confidence(b"0.300").unwrap(), 0.3);
        // Every value with 5 decimals (the general path) and with 3 (the
        // D.DDD fast path) parses exactly as `str::parse` does.
        for (places, scale) in [(5, 100_000u32), (3, 1000)] {
            for i in 0..=scale {
                let s = format!("{}.{:0places$}", i / scale, i % scale);
                assert_eq!(
                    parse_confidence(s.as_bytes()).unwrap(),
                    s.parse::<f32>().unwrap(),
                    "{s}"
                );
            }
        }
        assert!(parse_confidence(b"1.001").is_err());
        assert!(parse_confidence(b"0.-01").is_err());
        assert_eq!(parse_confidence(b"1").unwrap(), 1.0);
        assert_eq!(parse_confidence(b".5").unwrap(), 0.5);
        assert!(parse_confidence(b"1.0000001").is_err());
    }
}

//! Graphviz DOT export: a picture of a graph or of a query result.
//!
//! [`DotWriter`] is a small builder of options; [`DotWriter::write`] streams
//! DOT into any [`std::io::Write`], [`DotWriter::to_dot`] returns a `String`,
//! [`DotWriter::to_vec`] the bytes (written in place into one vector reserved
//! from the graph's size: the quickest for large graphs) and
//! [`DotWriter::append_to`] adds them to a vector the caller reuses.
//! [`KnowledgeGraph::to_dot`] and [`KnowledgeGraph::write_dot`] use the
//! default options.
//!
//! What the picture encodes:
//!
//! * **Actors**: shape and colour by [`ActorKind`] (countries are rounded
//!   blue boxes, leaders orange ellipses, alliances green hexagons, …).
//! * **Relations**: colour by [`Polarity`] (cooperation green, conflict
//!   red, neutral statements grey-blue, structural links light grey), line
//!   style by [`Modality`] (facts solid, claims dashed, speculation dotted,
//!   denials dashed with a `denied:` prefix and a tee arrowhead), negated
//!   relations labelled `not …` with a tee arrowhead, symmetric kinds
//!   (negotiates with, in conflict with…) drawn with arrows at both ends.
//!   The label is the kind's reading, followed by the speaker in brackets
//!   when a quoted speaker asserts it. SVG tooltips carry the full relation,
//!   its date, confidence and evidence quotes.
//! * **Highlights** ([`DotWriter::highlight`], [`DotWriter::highlight_actors`]):
//!   a path or a set of relations drawn bold, the rest optionally dimmed.
//! * **Clusters** ([`Clusters`]) by actor kind or by alliance membership, and
//!   a **legend** explaining only the colours and styles the picture uses.
//!
//! Output is deterministic (actors in insertion order, relations in id
//! order) and always valid DOT. When every edge statement depends on the
//! relation's style only (no edge ids, no tooltips, not merged: the
//! [`DotWriter::plain`] preset), the relations are grouped by style: one
//! anonymous `subgraph { edge [label=…, color=…]; "a" -> "b"; … }` per
//! style, in the order of each style's first relation and in id order
//! inside, so the attributes are written once per style instead of once
//! per relation (about 26 instead of 100 bytes a relation on the
//! benchmark graphs) and the picture is the same. Escaping: every name,
//! alias, quote and id is written inside a quoted string with `"` and `\`
//! escaped, line breaks written as `\n`, other control characters replaced
//! by U+FFFD, so nothing in the data can inject DOT syntax. Node ids are
//! the quoted [`ActorId`](crate::ActorId)s, never petgraph indices; the
//! legend's ids contain a space, which an `ActorId` cannot, so they never
//! collide. Long labels are cut with an ellipsis (the
//! full text stays in the tooltip).
//!
//! ```
//! use geokg::export::dot::{Clusters, DotWriter};
//! use geokg::{Actor, KnowledgeGraph, Relation, RelationKind};
//!
//! let mut g = KnowledgeGraph::new();
//! g.add_actor(Actor::country("russia", "Russia", "RUS").unwrap()).unwrap();
//! g.add_actor(Actor::country("ukraine", "Ukraine \"UA\"", "UKR").unwrap()).unwrap();
//! let r = g.add_relation(Relation::new(
//!     "russia".parse().unwrap(), RelationKind::Threatens, "ukraine".parse().unwrap(),
//! )).unwrap();
//!
//! let dot = DotWriter::new().legend(false).highlight([r]).to_dot(&g);
//! assert!(dot.starts_with("digraph \"geokg\" {"));
//! assert!(dot.contains(r#""russia" -> "ukraine""#));
//! assert!(dot.contains(r#"label="Ukraine \"UA\"""#));
//! assert!(dot.contains("penwidth=3"));
//!
//! // Streaming into any writer gives the same bytes.
//! let mut out = Vec::new();
//! DotWriter::new().legend(false).highlight([r]).write(&g, &mut out).unwrap();
//! assert_eq!(out, dot.as_bytes());
//! # let _ = Clusters::ByKind;
//! ```

use std::collections::HashSet;
use std::io::{self, Write};

use indexmap::IndexMap;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::{EdgeIndexable, NodeIndexable};

use crate::graph::{KnowledgeGraph, NONE, RelationRef, StoredEdge};
use crate::model::{Actor, ActorDetails, ActorKind, Modality, Polarity, RelationId, RelationKind};
use crate::query::Filter;

/// Default longest node or edge label, in characters, before the ellipsis.
pub const DEFAULT_MAX_LABEL_CHARS: usize = 48;

/// Longest tooltip, in characters (SVG viewers cope badly with more).
const MAX_TOOLTIP_CHARS: usize = 4000;

/// How actors are grouped into boxes (Graphviz clusters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clusters {
    /// No grouping.
    #[default]
    None,
    /// One box per actor kind (countries, leaders, …).
    ByKind,
    /// One box per alliance holding the alliance and the actors that are
    /// `member_of` it in the drawn relations. An actor in several alliances
    /// goes into the first one (by relation id).
    Alliances,
}

/// Direction of the main axis of a `dot` layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankDir {
    /// Left to right (the default: edge labels read well).
    #[default]
    LeftRight,
    /// Top to bottom.
    TopBottom,
    /// Right to left.
    RightLeft,
    /// Bottom to top.
    BottomTop,
}

impl RankDir {
    fn as_str(self) -> &'static str {
        match self {
            RankDir::LeftRight => "LR",
            RankDir::TopBottom => "TB",
            RankDir::RightLeft => "RL",
            RankDir::BottomTop => "BT",
        }
    }
}

/// Options for writing DOT, as a builder.
///
/// Presets: [`new`](Self::new) draws everything with every annotation;
/// [`story`](Self::story) draws the core of a dense graph (the most
/// connected actors, parallel relations merged); [`plain`](Self::plain)
/// keeps colours and labels but drops tooltips, ids and the legend, for
/// very large graphs.
#[derive(Debug, Clone)]
pub struct DotWriter {
    name: String,
    title: Option<String>,
    rankdir: RankDir,
    layout: Option<&'static str>,
    font: String,
    legend: bool,
    clusters: Clusters,
    highlight: HashSet<u32>,
    highlight_actors: HashSet<String>,
    dim_others: bool,
    edge_labels: bool,
    speaker_labels: bool,
    tooltips: bool,
    edge_ids: bool,
    merge_parallel: bool,
    concentrate: bool,
    max_label_chars: usize,
    wrap_chars: usize,
    top_actors: Option<usize>,
    keep_isolated: bool,
    filter: Option<Filter>,
}

impl Default for DotWriter {
    fn default() -> Self {
        DotWriter::new()
    }
}

impl DotWriter {
    /// Every actor and relation, with labels, tooltips and a legend.
    pub fn new() -> Self {
        DotWriter {
            name: "geokg".to_string(),
            title: None,
            rankdir: RankDir::LeftRight,
            layout: None,
            font: "Helvetica".to_string(),
            legend: true,
            clusters: Clusters::None,
            highlight: HashSet::new(),
            highlight_actors: HashSet::new(),
            dim_others: false,
            edge_labels: true,
            speaker_labels: true,
            tooltips: true,
            edge_ids: true,
            merge_parallel: false,
            concentrate: false,
            max_label_chars: DEFAULT_MAX_LABEL_CHARS,
            wrap_chars: 20,
            top_actors: None,
            keep_isolated: true,
            filter: None,
        }
    }

    /// The core of a dense graph: the `top` most connected actors (plus the
    /// ends of highlighted relations and highlighted actors), parallel
    /// relations between two actors merged into one edge with one label
    /// line each, actors left without relations dropped, legend on.
    pub fn story(top: usize) -> Self {
        DotWriter::new()
            .top_actors(Some(top))
            .merge_parallel(true)
            .keep_isolated(false)
    }

    /// Colours, shapes and kind labels only: no tooltips, no element ids,
    /// no speaker names, no legend, no wrapping. Meant for large graphs,
    /// where it writes several million relations per second: the relations
    /// are grouped by style, each style's attributes declared once (see
    /// the [module docs](self); while writing, the grouping holds 8 bytes
    /// a relation).
    pub fn plain() -> Self {
        DotWriter::new()
            .legend(false)
            .tooltips(false)
            .edge_ids(false)
            .speaker_labels(false)
            .wrap_chars(0)
    }

    /// The graph's name in `digraph "NAME"` (default `geokg`).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// A title drawn at the top of the picture.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Direction of the layout (default left to right).
    pub fn rankdir(mut self, dir: RankDir) -> Self {
        self.rankdir = dir;
        self
    }

    /// Asks for another Graphviz layout engine in the file (`layout=neato`).
    /// Accepted: `dot`, `neato`, `fdp`, `sfdp`, `circo`, `twopi`; anything
    /// else leaves the choice to the command line.
    pub fn layout(mut self, engine: &str) -> Self {
        self.layout = ["dot", "neato", "fdp", "sfdp", "circo", "twopi"]
            .into_iter()
            .find(|e| *e == engine);
        self
    }

    /// The font of every label (default Helvetica).
    pub fn font(mut self, font: impl Into<String>) -> Self {
        self.font = font.into();
        self
    }

    /// Whether to draw a legend of the colours and styles used (default on).
    pub fn legend(mut self, on: bool) -> Self {
        self.legend = on;
        self
    }

    /// How to group actors into boxes (default none).
    pub fn clusters(mut self, clusters: Clusters) -> Self {
        self.clusters = clusters;
        self
    }

    /// Draws these relations bold (a path, a query's answer), and their
    /// endpoints with a thick border. Ids not in the graph are ignored.
    pub fn highlight(mut self, relations: impl IntoIterator<Item = RelationId>) -> Self {
        self.highlight.extend(relations.into_iter().map(|r| r.0));
        self
    }

    /// Draws these actors (by id) with a thick border. Unknown ids are ignored.
    pub fn highlight_actors<I, S>(mut self, actors: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.highlight_actors
            .extend(actors.into_iter().map(|a| a.as_ref().to_string()));
        self
    }

    /// Whether to fade everything that is not highlighted (default off; has
    /// no effect when nothing is highlighted).
    pub fn dim_others(mut self, on: bool) -> Self {
        self.dim_others = on;
        self
    }

    /// Whether edges carry their kind as a label (default on).
    pub fn edge_labels(mut self, on: bool) -> Self {
        self.edge_labels = on;
        self
    }

    /// Whether edge labels name the quoted speaker, `[Fiona Hill]` (default on).
    pub fn speaker_labels(mut self, on: bool) -> Self {
        self.speaker_labels = on;
        self
    }

    /// Whether to write SVG tooltips: evidence quotes, speaker, date,
    /// confidence; actor kind, aliases, description (default on).
    pub fn tooltips(mut self, on: bool) -> Self {
        self.tooltips = on;
        self
    }

    /// Whether edges get an `id="rN"` (N the [`RelationId`]) that SVG keeps
    /// (default on).
    pub fn edge_ids(mut self, on: bool) -> Self {
        self.edge_ids = on;
        self
    }

    /// Whether parallel relations (same source and target) become one edge
    /// whose label lists them (default off).
    pub fn merge_parallel(mut self, on: bool) -> Self {
        self.merge_parallel = on;
        self
    }

    /// Sets Graphviz's `concentrate=true`, which merges edge segments that
    /// run in parallel (default off).
    pub fn concentrate(mut self, on: bool) -> Self {
        self.concentrate = on;
        self
    }

    /// Longest label, in characters, before it is cut with `…` (at least
    /// 4; default [`DEFAULT_MAX_LABEL_CHARS`]).
    pub fn max_label_chars(mut self, n: usize) -> Self {
        self.max_label_chars = n.max(4);
        self
    }

    /// Wraps node labels at spaces to lines of about this many characters
    /// (0 = never; default 20).
    pub fn wrap_chars(mut self, n: usize) -> Self {
        self.wrap_chars = n;
        self
    }

    /// Keeps only the `n` most connected actors (by drawn relations; ties by
    /// insertion order), plus highlighted actors and the ends of
    /// highlighted relations. `None` keeps all (the default).
    pub fn top_actors(mut self, n: Option<usize>) -> Self {
        self.top_actors = n;
        self
    }

    /// Whether actors without a drawn relation are drawn (default on).
    pub fn keep_isolated(mut self, on: bool) -> Self {
        self.keep_isolated = on;
        self
    }

    /// Draws only the relations that pass a [`Filter`].
    pub fn filter(mut self, filter: Filter) -> Self {
        self.filter = Some(filter);
        self
    }

    /// The DOT text of a graph.
    pub fn to_dot(&self, graph: &KnowledgeGraph) -> String {
        String::from_utf8(self.to_vec(graph))
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// The DOT text of a graph as UTF-8 bytes, written straight into one
    /// vector reserved from the graph's size: the quickest way to get the
    /// text in memory (to save it, send it, or hand it to Graphviz) when a
    /// `String` is not needed. Same bytes as [`write`](Self::write).
    pub fn to_vec(&self, graph: &KnowledgeGraph) -> Vec<u8> {
        let mut out = Vec::new();
        self.append_to(graph, &mut out);
        out
    }

    /// Appends the DOT text of a graph to `out`, keeping what `out`
    /// already holds: for callers that write many graphs into one reused
    /// buffer. Same bytes as [`write`](Self::write).
    pub fn append_to(&self, graph: &KnowledgeGraph, out: &mut Vec<u8>) {
        let emitter = Emitter::new(self, graph);
        out.reserve(emitter.estimated_len());
        let mut out = Out {
            buf: out,
            sink: None,
        };
        // Without a sink nothing is written out, so nothing can fail.
        let _ = emitter.emit(&mut out);
    }

    /// Streams the DOT text of a graph into `w` (buffered internally; no
    /// need to wrap `w` in a `BufWriter`).
    pub fn write<W: Write>(&self, graph: &KnowledgeGraph, w: &mut W) -> io::Result<()> {
        let mut buf = Vec::with_capacity(BUF + 4096);
        let mut out = Out {
            buf: &mut buf,
            sink: Some(w),
        };
        Emitter::new(self, graph).emit(&mut out)?;
        out.flush()
    }
}

impl KnowledgeGraph {
    /// The graph in Graphviz DOT with the default [`DotWriter`] options.
    pub fn to_dot(&self) -> String {
        DotWriter::new().to_dot(self)
    }

    /// Streams the graph in Graphviz DOT with the default [`DotWriter`] options.
    pub fn write_dot<W: Write>(&self, w: &mut W) -> io::Result<()> {
        DotWriter::new().write(self, w)
    }
}

// ----- output buffer ---------------------------------------------------------

const BUF: usize = 64 * 1024;

/// Where the emitter writes: `buf`, which is either the caller's vector
/// (no sink: the text is written there directly) or a buffer written out
/// to `sink` whenever it is full.
struct Out<'a> {
    buf: &'a mut Vec<u8>,
    sink: Option<&'a mut dyn Write>,
}

impl Out<'_> {
    #[inline]
    fn s(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }

    #[inline]
    fn b(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    #[inline]
    fn u32(&mut self, mut n: u32) {
        let mut tmp = [0u8; 10];
        let mut i = tmp.len();
        loop {
            i -= 1;
            tmp[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&tmp[i..]);
    }

    /// Appends the `len` bytes of a [`Padded`] piece: a copy of constant
    /// size (a few vector moves, no call) and a shorter length.
    #[inline]
    fn padded<const N: usize>(&mut self, p: &Padded<N>) {
        let at = self.buf.len();
        self.buf.extend_from_slice(&p.bytes);
        self.buf.truncate(at + usize::from(p.len));
    }

    /// Writes out the buffer when it is full; call between statements.
    #[inline]
    fn maybe_flush(&mut self) -> io::Result<()> {
        if let Some(w) = &mut self.sink {
            if self.buf.len() >= BUF {
                w.write_all(self.buf)?;
                self.buf.clear();
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(w) = &mut self.sink {
            w.write_all(self.buf)?;
            self.buf.clear();
            w.flush()?;
        }
        Ok(())
    }
}

/// A short byte string (a quoted id, an edge statement's tail) stored in a
/// fixed `N`-byte array, so that [`Out::padded`] copies it with moves of
/// constant size. `len == 0` marks a string that did not fit (the caller
/// then copies the unpadded bytes).
#[derive(Clone, Copy)]
struct Padded<const N: usize> {
    bytes: [u8; N],
    len: u8,
}

impl<const N: usize> Padded<N> {
    /// Nothing stored: the marker of a string too long for `N` bytes.
    const NONE: Self = Padded {
        bytes: [0; N],
        len: 0,
    };

    /// The concatenation of `parts`, or [`Padded::NONE`] when it is empty,
    /// longer than `N` bytes or longer than 255.
    fn new(parts: &[&[u8]]) -> Self {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let Ok(len8) = u8::try_from(len) else {
            return Self::NONE;
        };
        if len > N {
            return Self::NONE;
        }
        let mut bytes = [0; N];
        let mut at = 0;
        for p in parts {
            bytes[at..at + p.len()].copy_from_slice(p);
            at += p.len();
        }
        Padded { bytes, len: len8 }
    }
}

// ----- escaping ----------------------------------------------------------------

/// Appends `s` escaped for the inside of a DOT quoted string (an escString):
/// `"` and `\` are escaped, line breaks become `\n`, tabs spaces, other
/// control characters U+FFFD.
#[inline]
pub(crate) fn escape_into(buf: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if bytes
        .iter()
        .all(|&b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        buf.extend_from_slice(bytes);
        return;
    }
    let mut prev_cr = false;
    for c in s.chars() {
        match c {
            '"' => buf.extend_from_slice(b"\\\""),
            '\\' => buf.extend_from_slice(b"\\\\"),
            '\n' if prev_cr => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => buf.extend_from_slice(b"\\n"),
            '\t' => buf.push(b' '),
            c if c.is_control() => buf.extend_from_slice("\u{FFFD}".as_bytes()),
            c => {
                let mut tmp = [0u8; 4];
                buf.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
            }
        }
        prev_cr = c == '\r';
    }
}

/// Escapes a whole string and puts it between double quotes.
pub fn quote(s: &str) -> String {
    let mut buf = Vec::with_capacity(s.len() + 2);
    buf.push(b'"');
    escape_into(&mut buf, s);
    buf.push(b'"');
    String::from_utf8(buf).unwrap_or_default()
}

/// Appends a label: at most `max` characters (cut with `…`), line breaks
/// kept, and, when `wrap > 0`, broken at spaces into lines of about `wrap`
/// characters.
fn label_into(buf: &mut Vec<u8>, s: &str, max: usize, wrap: usize) {
    let s = s.trim();
    let count = s.chars().count();
    let cut: &str = if count > max {
        let end = s.char_indices().nth(max - 1).map_or(s.len(), |(i, _)| i);
        s[..end].trim_end()
    } else {
        s
    };
    if wrap == 0 {
        escape_into(buf, cut);
    } else {
        let mut line = 0usize;
        for (i, word) in cut.split(' ').enumerate() {
            let n = word.chars().count();
            if i > 0 {
                if line > 0 && line + 1 + n > wrap {
                    buf.extend_from_slice(b"\\n");
                    line = 0;
                } else {
                    buf.push(b' ');
                    line += 1;
                }
            }
            escape_into(buf, word);
            line += n;
        }
    }
    if count > max {
        buf.extend_from_slice("…".as_bytes());
    }
}

/// Appends a tooltip text (cut at [`MAX_TOOLTIP_CHARS`]).
fn tooltip_into(buf: &mut Vec<u8>, s: &str) {
    if s.chars().count() > MAX_TOOLTIP_CHARS {
        let end = s
            .char_indices()
            .nth(MAX_TOOLTIP_CHARS - 1)
            .map_or(s.len(), |(i, _)| i);
        escape_into(buf, &s[..end]);
        buf.extend_from_slice("…".as_bytes());
    } else {
        escape_into(buf, s);
    }
}

// ----- styles --------------------------------------------------------------

struct NodeStyle {
    shape: &'static str,
    style: &'static str,
    fill: &'static str,
    border: &'static str,
}

fn node_style(kind: ActorKind) -> NodeStyle {
    let (shape, style, fill, border) = match kind {
        ActorKind::Country => ("box", "rounded,filled", "#d6e6f5", "#2b5c8a"),
        ActorKind::Leader => ("ellipse", "filled", "#fde4c8", "#a0522d"),
        ActorKind::Alliance => ("hexagon", "filled", "#d4efd4", "#2e7d32"),
        ActorKind::Person => ("ellipse", "filled", "#efe3f6", "#6c3483"),
        ActorKind::Organization => ("tab", "filled", "#ececec", "#555555"),
        ActorKind::Region => ("box", "filled,dashed", "#fff4c2", "#9a7d0a"),
        ActorKind::City => ("octagon", "filled", "#d9f2f2", "#117a65"),
        ActorKind::Event => ("note", "filled", "#fbeaea", "#922b21"),
    };
    NodeStyle {
        shape,
        style,
        fill,
        border,
    }
}

fn kind_plural(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Country => "countries",
        ActorKind::Leader => "leaders",
        ActorKind::Alliance => "alliances",
        ActorKind::Person => "persons",
        ActorKind::Organization => "organizations",
        ActorKind::Region => "regions",
        ActorKind::City => "cities",
        ActorKind::Event => "events",
    }
}

fn polarity_color(p: Polarity) -> &'static str {
    match p {
        Polarity::Cooperation => "#1e8449",
        Polarity::Conflict => "#c0392b",
        Polarity::Neutral => "#34628f",
        Polarity::Structural => "#9aa0a6",
    }
}

fn polarity_name(p: Polarity) -> &'static str {
    match p {
        Polarity::Cooperation => "cooperation",
        Polarity::Conflict => "conflict",
        Polarity::Neutral => "statement / neutral",
        Polarity::Structural => "structural",
    }
}

fn polarity_index(p: Polarity) -> usize {
    match p {
        Polarity::Cooperation => 0,
        Polarity::Conflict => 1,
        Polarity::Neutral => 2,
        Polarity::Structural => 3,
    }
}

const POLARITIES: [Polarity; 4] = [
    Polarity::Cooperation,
    Polarity::Conflict,
    Polarity::Neutral,
    Polarity::Structural,
];

fn modality_style(m: Modality) -> &'static str {
    match m {
        Modality::Fact => "solid",
        Modality::Claim => "dashed",
        Modality::Speculation => "dotted",
        Modality::Denial => "dashed",
    }
}

/// Colour of a merged edge whose relations differ in polarity.
const MIXED: &str = "#6b4f8a";

/// Alpha suffix of dimmed colours.
const DIM: &str = "40";

/// The label text of a relation without the speaker: `not invades`,
/// `denied: invades`.
fn relation_label(kind: RelationKind, modality: Modality, negated: bool) -> String {
    let mut s = String::new();
    if modality == Modality::Denial {
        s.push_str("denied: ");
    }
    if modality == Modality::Speculation {
        s.push_str(if negated { "may not " } else { "may " });
        s.push_str(&speculative_verb(kind));
        return s;
    }
    if negated {
        s.push_str("not ");
    }
    s.push_str(kind.label());
    s
}

/// "may seek influence over" reads better than "may seeks influence over".
fn speculative_verb(kind: RelationKind) -> String {
    let label = kind.label();
    let (verb, rest) = label.split_once(' ').unwrap_or((label, ""));
    let base = match verb {
        "is" => "be".to_string(),
        "has" => "have".to_string(),
        v if v.ends_with("sses") || v.ends_with("shes") || v.ends_with("ches") => {
            v[..v.len() - 2].to_string()
        }
        v if v.ends_with("ies") => format!("{}y", &v[..v.len() - 3]),
        v if v.ends_with('s') && !v.ends_with("ss") => v[..v.len() - 1].to_string(),
        v => v.to_string(),
    };
    if rest.is_empty() {
        base
    } else {
        format!("{base} {rest}")
    }
}

/// Per (kind, modality, negation, highlight, dim) cached edge attributes.
struct EdgeStyleCache {
    label: Vec<Option<Box<[u8]>>>,
    attrs: Vec<Option<Box<[u8]>>>,
    /// Everything after the target id of an edge statement whose
    /// attributes depend on its style only (no id, speaker or tooltip):
    /// ` [label="…", color=…];\n`.
    tail: Vec<Option<Box<[u8]>>>,
}

fn style_key(kind: RelationKind, flags: u8, hl: bool, dim: bool) -> usize {
    ((kind as usize) << 5)
        | (usize::from(flags & 0b111) << 2)
        | (usize::from(hl) << 1)
        | usize::from(dim)
}

impl EdgeStyleCache {
    fn new() -> Self {
        let n = RelationKind::ALL.len() << 5;
        EdgeStyleCache {
            label: vec![None; n],
            attrs: vec![None; n],
            tail: vec![None; n],
        }
    }

    /// The statement tail of a style-only edge (see [`EdgeStyleCache::tail`]),
    /// with or without the label.
    fn tail(&mut self, rec: &StoredEdge, hl: bool, dim: bool, labels: bool) -> &[u8] {
        let key = style_key(rec.kind, rec.flags, hl, dim);
        if self.tail[key].is_none() {
            let mut b = b" [".to_vec();
            if labels {
                b.extend_from_slice(b"label=\"");
                b.extend_from_slice(self.label(rec));
                b.extend_from_slice(b"\"");
            }
            let attrs = self.attrs(rec, hl, dim);
            b.extend_from_slice(if labels { attrs } else { &attrs[2..] });
            b.extend_from_slice(b"];\n");
            self.tail[key] = Some(b.into_boxed_slice());
        }
        self.tail[key].as_deref().unwrap_or_default()
    }

    fn label(&mut self, rec: &StoredEdge) -> &[u8] {
        let key = style_key(rec.kind, rec.flags, false, false);
        self.label[key].get_or_insert_with(|| {
            let mut b = Vec::new();
            escape_into(
                &mut b,
                &relation_label(rec.kind, rec.modality(), rec.negated()),
            );
            b.into_boxed_slice()
        })
    }

    fn attrs(&mut self, rec: &StoredEdge, hl: bool, dim: bool) -> &[u8] {
        let key = style_key(rec.kind, rec.flags, hl, dim);
        self.attrs[key].get_or_insert_with(|| {
            edge_attrs(rec.kind, rec.modality(), rec.negated(), hl, dim)
                .into_bytes()
                .into_boxed_slice()
        })
    }
}

/// `, color=…, fontcolor=…, style=…` (leading comma, no closing bracket).
fn edge_attrs(
    kind: RelationKind,
    modality: Modality,
    negated: bool,
    hl: bool,
    dim: bool,
) -> String {
    let p = kind.polarity();
    let color = polarity_color(p);
    let alpha = if dim { DIM } else { "" };
    let mut s = format!(", color=\"{color}{alpha}\", fontcolor=\"{color}{alpha}\"");
    let style = modality_style(modality);
    if style != "solid" {
        s.push_str(", style=");
        s.push_str(style);
    }
    let tee = negated || modality == Modality::Denial;
    if kind.is_symmetric() {
        s.push_str(", dir=both");
        if tee {
            s.push_str(", arrowtail=tee");
        }
    }
    if tee {
        s.push_str(", arrowhead=tee");
    }
    if hl {
        s.push_str(", penwidth=3, weight=4");
    } else if p == Polarity::Structural {
        s.push_str(", penwidth=0.8");
    } else if modality == Modality::Fact && !negated {
        s.push_str(", penwidth=1.4");
    }
    s
}

// ----- the emitter -----------------------------------------------------------

/// The relations in id order. A graph whose relations were added in
/// ascending id order and none removed (an ego subgraph, a loaded file)
/// stores its edges in that order: one pass over the edge records checks
/// it and takes them as they are, where [`KnowledgeGraph::relation_edge_list`]
/// would sort a sparse id map (about half of the writer's instructions for
/// the ego subgraphs of the benchmark at M, which keep a fifth of the ids).
/// Other graphs go through `relation_edge_list`.
fn edges_in_id_order(g: &KnowledgeGraph) -> Vec<EdgeIndex<u32>> {
    let bound = g.graph.edge_bound();
    if !g.has_dense_edge_map() && g.graph.edge_count() == bound {
        let mut prev: Option<u32> = None;
        let in_order = (0..bound).all(|i| {
            let id = g.graph.edge_weight(EdgeIndex::new(i)).map(|r| r.id);
            let ok = id.is_some() && id > prev;
            prev = id;
            ok
        });
        if in_order {
            return (0..bound).map(EdgeIndex::new).collect();
        }
    }
    g.relation_edge_list()
}

/// The relations of a style-only picture (no edge ids, no tooltips, not
/// merged) grouped by style: every relation of a group has the same
/// statement attributes, which the group's subgraph declares once. Groups
/// come in the order of their first relation, relations in id order
/// inside a group.
struct StylePlan {
    groups: Vec<StyleGroup>,
    /// Exact bytes of the edge section: every group's lines and statements.
    bytes: usize,
}

/// One style group of a [`StylePlan`].
struct StyleGroup {
    /// `  subgraph {\n    edge [...];\n`.
    head: Box<[u8]>,
    /// The endpoints' node indices of its relations' statements, in id
    /// order, so that writing reads them in order (reading the edge
    /// records in the groups' order would cost a cache miss each). A
    /// relation whose label names its speaker is `[SPEAKER, its position
    /// in Emitter::edges]`.
    ends: Vec<[u32; 2]>,
    /// Exact bytes of its relations' statements.
    bytes: usize,
}

/// The line that closes a style group.
const GROUP_END: &[u8] = b"  }\n";

/// `    ` + ` -> ` + `;\n` around the two ids of a grouped statement.
const STATEMENT: usize = 10;

impl StylePlan {
    /// Marks a [`StyleGroup::ends`] entry of a relation whose label names
    /// its speaker (`u32::MAX` is never a node index: petgraph reserves it).
    const SPEAKER: u32 = u32::MAX;

    /// One pass over the relations in id order: each relation's group, its
    /// statement's endpoints and the exact length of its statement (the
    /// two quoted ids; a label naming a speaker is written out to measure
    /// it).
    fn new(em: &Emitter<'_>) -> Self {
        let g = em.g;
        let labels = em.o.edge_labels;
        let speakers = em.o.speaker_labels && labels;
        let mut cache = EdgeStyleCache::new();
        let mut group_of = vec![u16::MAX; RelationKind::ALL.len() << 5];
        let mut plan = StylePlan {
            groups: Vec::new(),
            bytes: 0,
        };
        let mut scratch = Vec::new();
        for (i, &e) in em.edges.iter().enumerate() {
            let (Some((a, b)), Some(rec)) = (g.graph.edge_endpoints(e), g.graph.edge_weight(e))
            else {
                continue;
            };
            let (hl, dim) = em.hl_dim(rec);
            let key = style_key(rec.kind, rec.flags, hl, dim);
            if group_of[key] == u16::MAX {
                group_of[key] = plan.groups.len() as u16;
                let mut head = b"  subgraph {\n    edge".to_vec();
                head.extend_from_slice(cache.tail(rec, hl, dim, labels));
                plan.groups.push(StyleGroup {
                    head: head.into_boxed_slice(),
                    ends: Vec::new(),
                    bytes: 0,
                });
            }
            let group = &mut plan.groups[usize::from(group_of[key])];
            if speakers && rec.has_speaker() {
                scratch.clear();
                em.speaker_statement(&mut scratch, &mut cache, e);
                group.bytes += scratch.len();
                group.ends.push([Self::SPEAKER, i as u32]);
            } else {
                let (a, b) = (a.index(), b.index());
                group.bytes += STATEMENT + em.ids[a].len() + em.ids[b].len();
                group.ends.push([a as u32, b as u32]);
            }
        }
        plan.bytes = plan
            .groups
            .iter()
            .map(|gr| gr.head.len() + gr.bytes + GROUP_END.len())
            .sum();
        plan
    }
}

struct Emitter<'a> {
    o: &'a DotWriter,
    g: &'a KnowledgeGraph,
    /// Relations to draw, in id order.
    edges: Vec<EdgeIndex<u32>>,
    /// Whether each node (by index) is drawn.
    keep: Vec<bool>,
    /// Quoted, escaped node id of each drawn node.
    ids: Vec<Box<[u8]>>,
    hl_nodes: Vec<bool>,
    dimming: bool,
    /// The style groups, when every statement depends on its style only.
    plan: Option<StylePlan>,
    /// Whether a merged edge mixed polarities (for the legend).
    mixed: std::cell::Cell<bool>,
}

impl<'a> Emitter<'a> {
    fn new(o: &'a DotWriter, g: &'a KnowledgeGraph) -> Self {
        let bound = g.graph.node_bound();
        let mut edges = edges_in_id_order(g);
        if let Some(f) = &o.filter {
            edges.retain(|&e| RelationRef::new(g, e).is_some_and(|r| f.matches(&r)));
        }
        let mut hl_nodes = vec![false; bound];
        for a in &o.highlight_actors {
            if let Some(&n) = g.actors.get(a.as_str()) {
                hl_nodes[n.index()] = true;
            }
        }
        if !o.highlight.is_empty() {
            for &e in &edges {
                if o.highlight.contains(&g.graph[e].id) {
                    if let Some((a, b)) = g.graph.edge_endpoints(e) {
                        hl_nodes[a.index()] = true;
                        hl_nodes[b.index()] = true;
                    }
                }
            }
        }
        let mut keep = vec![false; bound];
        for &n in g.actors.values() {
            keep[n.index()] = true;
        }
        if let Some(top) = o.top_actors {
            let mut degree = vec![0usize; bound];
            for &e in &edges {
                if let Some((a, b)) = g.graph.edge_endpoints(e) {
                    degree[a.index()] += 1;
                    degree[b.index()] += 1;
                }
            }
            let mut order: Vec<(usize, NodeIndex<u32>)> = g
                .actors
                .values()
                .enumerate()
                .map(|(i, &n)| (i, n))
                .collect();
            order.sort_by_key(|&(i, n)| (std::cmp::Reverse(degree[n.index()]), i));
            keep.fill(false);
            for &(_, n) in order.iter().take(top) {
                keep[n.index()] = true;
            }
            for (k, h) in keep.iter_mut().zip(&hl_nodes) {
                *k |= *h;
            }
        }
        // Every actor is kept unless only the top ones are: no relation to
        // drop then (and no pass over every edge record to find that out).
        if o.top_actors.is_some() {
            edges.retain(|&e| {
                g.graph
                    .edge_endpoints(e)
                    .is_some_and(|(a, b)| keep[a.index()] && keep[b.index()])
            });
        }
        if !o.keep_isolated {
            let mut touched = vec![false; bound];
            for &e in &edges {
                if let Some((a, b)) = g.graph.edge_endpoints(e) {
                    touched[a.index()] = true;
                    touched[b.index()] = true;
                }
            }
            for (i, k) in keep.iter_mut().enumerate() {
                *k &= touched[i] || hl_nodes[i];
            }
        }
        let mut ids: Vec<Box<[u8]>> = vec![Box::default(); bound];
        for (id, &n) in &g.actors {
            if keep[n.index()] {
                let mut b = Vec::with_capacity(id.as_str().len() + 2);
                b.push(b'"');
                escape_into(&mut b, id.as_str());
                b.push(b'"');
                ids[n.index()] = b.into_boxed_slice();
            }
        }
        let dimming = o.dim_others && (!o.highlight.is_empty() || !o.highlight_actors.is_empty());
        let mut em = Emitter {
            o,
            g,
            edges,
            keep,
            ids,
            hl_nodes,
            dimming,
            plan: None,
            mixed: std::cell::Cell::new(false),
        };
        if !o.edge_ids && !o.tooltips && !o.merge_parallel {
            em.plan = Some(StylePlan::new(&em));
        }
        em
    }

    /// Whether a relation is highlighted, and whether it is dimmed.
    #[inline]
    fn hl_dim(&self, rec: &StoredEdge) -> (bool, bool) {
        let hl = !self.o.highlight.is_empty() && self.o.highlight.contains(&rec.id);
        (hl, self.dimming && !hl)
    }

    /// About the length of the text [`emit`](Self::emit) writes, so that a
    /// vector written in place is reserved once: a drawn actor takes about
    /// 110 bytes and its id; relations grouped by style (a [`StylePlan`])
    /// their exact length, others about 200 bytes (with tooltips or ids)
    /// and their ids.
    fn estimated_len(&self) -> usize {
        let mut nodes = 0usize;
        let mut id_bytes = 0usize;
        for id in &self.ids {
            if !id.is_empty() {
                nodes += 1;
                id_bytes += id.len();
            }
        }
        let edge_bytes = match &self.plan {
            Some(plan) => plan.bytes,
            None => self.edges.len() * (2 * (id_bytes / nodes.max(1)) + 200),
        };
        1024 + id_bytes + nodes * 110 + edge_bytes
    }

    fn emit(&self, out: &mut Out<'_>) -> io::Result<()> {
        self.head(out)?;
        if self.o.merge_parallel {
            self.merged_edges(out)?;
        } else {
            self.edges(out)?;
        }
        self.tail(out);
        Ok(())
    }

    /// The graph's attribute lines and the nodes.
    fn head(&self, out: &mut Out<'_>) -> io::Result<()> {
        let o = self.o;
        out.s("digraph ");
        out.b(quote(&o.name).as_bytes());
        out.s(" {\n  graph [rankdir=");
        out.s(o.rankdir.as_str());
        if let Some(l) = o.layout {
            out.s(", layout=");
            out.s(l);
        }
        out.s(", charset=\"UTF-8\", fontname=");
        out.b(quote(&o.font).as_bytes());
        out.s(if o.title.is_some() {
            ", fontsize=16"
        } else {
            ", fontsize=12"
        });
        out.s(", nodesep=0.3, ranksep=0.6, splines=true, overlap=false, \
             outputorder=edgesfirst, newrank=true, pad=0.3");
        if o.concentrate {
            out.s(", concentrate=true");
        }
        if let Some(t) = &o.title {
            out.s(", labelloc=t, label=\"");
            label_into(out.buf, t, o.max_label_chars * 4, 0);
            out.s("\"");
        }
        out.s("];\n  node [fontname=");
        out.b(quote(&o.font).as_bytes());
        out.s(", fontsize=11, margin=\"0.08,0.04\"];\n  edge [fontname=");
        out.b(quote(&o.font).as_bytes());
        out.s(", fontsize=9, arrowsize=0.7];\n");

        self.nodes(out)
    }

    /// The legend, if any, and the closing brace.
    fn tail(&self, out: &mut Out<'_>) {
        if self.o.legend {
            self.legend(out);
        }
        out.s("}\n");
    }

    // ----- nodes -----

    fn nodes(&self, out: &mut Out<'_>) -> io::Result<()> {
        let g = self.g;
        let drawn = || g.actors.values().copied().filter(|n| self.keep[n.index()]);
        match self.o.clusters {
            Clusters::None => {
                for n in drawn() {
                    self.node(out, n, "  ");
                    out.maybe_flush()?;
                }
            }
            Clusters::ByKind => {
                for kind in ActorKind::ALL {
                    let members: Vec<_> = drawn().filter(|n| g.graph[*n].kind() == kind).collect();
                    if members.is_empty() {
                        continue;
                    }
                    let st = node_style(kind);
                    out.s("  subgraph \"cluster kind ");
                    out.s(kind.as_str());
                    out.s("\" {\n    graph [label=\"");
                    out.s(kind_plural(kind));
                    out.s("\", style=\"rounded,dashed\", color=\"");
                    out.s(st.border);
                    out.s("\", fontcolor=\"");
                    out.s(st.border);
                    out.s("\"];\n");
                    for n in members {
                        self.node(out, n, "    ");
                        out.maybe_flush()?;
                    }
                    out.s("  }\n");
                }
            }
            Clusters::Alliances => {
                // Alliance node index -> members, in relation id order.
                let mut groups: IndexMap<usize, Vec<NodeIndex<u32>>> = IndexMap::new();
                let mut placed = vec![false; self.keep.len()];
                for &e in &self.edges {
                    let rec = &g.graph[e];
                    if rec.kind != RelationKind::MemberOf {
                        continue;
                    }
                    let Some((a, b)) = g.graph.edge_endpoints(e) else {
                        continue;
                    };
                    if g.graph[b].kind() != ActorKind::Alliance
                        || g.graph[a].kind() == ActorKind::Alliance
                        || placed[a.index()]
                    {
                        continue;
                    }
                    placed[a.index()] = true;
                    placed[b.index()] = true;
                    groups.entry(b.index()).or_default().push(a);
                }
                for (i, (alliance, members)) in groups.iter().enumerate() {
                    let a = NodeIndex::<u32>::new(*alliance);
                    out.s("  subgraph \"cluster alliance ");
                    out.u32(i as u32);
                    out.s("\" {\n    graph [label=\"");
                    label_into(out.buf, &g.graph[a].to_string(), self.o.max_label_chars, 0);
                    out.s(
                        "\", style=\"rounded,filled\", fillcolor=\"#f1f8f1\", color=\"#2e7d32\", fontcolor=\"#2e7d32\"];\n",
                    );
                    self.node(out, a, "    ");
                    for &m in members {
                        self.node(out, m, "    ");
                    }
                    out.s("  }\n");
                    out.maybe_flush()?;
                }
                for n in drawn() {
                    if !placed[n.index()] {
                        self.node(out, n, "  ");
                        out.maybe_flush()?;
                    }
                }
            }
        }
        Ok(())
    }

    fn node(&self, out: &mut Out<'_>, n: NodeIndex<u32>, indent: &str) {
        let a = &self.g.graph[n];
        let st = node_style(a.kind());
        let hl = self.hl_nodes[n.index()];
        let dim = self.dimming && !hl;
        out.s(indent);
        out.b(&self.ids[n.index()]);
        out.s(" [label=\"");
        let name = if a.name.trim().is_empty() {
            a.id.as_str()
        } else {
            a.name.as_str()
        };
        label_into(out.buf, name, self.o.max_label_chars, self.o.wrap_chars);
        out.s("\", shape=");
        out.s(st.shape);
        out.s(", style=\"");
        out.s(st.style);
        out.s("\", fillcolor=\"");
        out.s(st.fill);
        if dim {
            out.s(DIM);
        }
        out.s("\", color=\"");
        out.s(st.border);
        if dim {
            out.s(DIM);
            out.s("\", fontcolor=\"#00000060");
        }
        out.s("\"");
        if hl {
            out.s(", penwidth=3");
        }
        if self.o.tooltips {
            out.s(", tooltip=\"");
            let mut t = format!("{} ({}", name.trim(), a.kind());
            match &a.details {
                ActorDetails::Leader {
                    office: Some(office),
                    ..
                } => {
                    t.push_str(", ");
                    t.push_str(office);
                }
                ActorDetails::Person { role: Some(r), .. } => {
                    t.push_str(", ");
                    t.push_str(r);
                }
                _ => {}
            }
            t.push(')');
            if !a.aliases.is_empty() {
                t.push_str("\nalso: ");
                t.push_str(&a.aliases.join(", "));
            }
            if let Some(d) = &a.description {
                t.push('\n');
                t.push_str(d);
            }
            tooltip_into(out.buf, &t);
            out.s("\"");
        }
        out.s("];\n");
    }

    // ----- edges -----

    fn speaker_name(&self, rec: &StoredEdge) -> Option<&'a str> {
        let speaker = self.g.speaker_of(rec);
        if speaker == NONE {
            return None;
        }
        let a: &Actor = self.g.graph.node_weight(NodeIndex::new(speaker as usize))?;
        Some(if a.name.trim().is_empty() {
            a.id.as_str()
        } else {
            a.name.as_str()
        })
    }

    fn edges(&self, out: &mut Out<'_>) -> io::Result<()> {
        let mut cache = EdgeStyleCache::new();
        // Statements that depend on the style only: grouped by style.
        if let Some(plan) = &self.plan {
            if let Some(short) = self.short_ids() {
                return self.grouped_edges_short(out, &mut cache, plan, &short);
            }
            return if self.ids.iter().all(|id| id.len() <= 15) {
                self.grouped_edges::<23, 17>(out, &mut cache, plan)
            } else {
                self.grouped_edges::<39, 33>(out, &mut cache, plan)
            };
        }
        let any_hl = !self.o.highlight.is_empty();
        for &e in &self.edges {
            let Some((a, b)) = self.g.graph.edge_endpoints(e) else {
                continue;
            };
            let rec = &self.g.graph[e];
            let hl = any_hl && self.o.highlight.contains(&rec.id);
            self.edge(out, &mut cache, e, (a, b), hl);
            out.maybe_flush()?;
        }
        Ok(())
    }

    /// Every node's quoted id in one `u64` (its bytes in order, zero
    /// padded), when every quoted id fits in 8 bytes and none contains a
    /// zero byte, so that an id's length is the position after its last
    /// non-zero byte. One word per node: the table of an ego graph with
    /// 200k actors (1.6 MB) stays in the L2 cache, where the padded
    /// statement pieces (42 bytes a node) do not, and every statement
    /// reads two entries of it at random.
    fn short_ids(&self) -> Option<Vec<u64>> {
        self.ids
            .iter()
            .map(|id| {
                if id.len() > 8 || id.contains(&0) {
                    return None;
                }
                let mut word = [0u8; 8];
                word[..id.len()].copy_from_slice(id);
                Some(u64::from_le_bytes(word))
            })
            .collect()
    }

    /// [`grouped_edges`](Self::grouped_edges) with the ids of
    /// [`short_ids`](Self::short_ids): a statement is five copies of
    /// constant size, two of them trimmed to the ids' lengths.
    fn grouped_edges_short(
        &self,
        out: &mut Out<'_>,
        cache: &mut EdgeStyleCache,
        plan: &StylePlan,
        short: &[u64],
    ) -> io::Result<()> {
        /// Bytes of a short id word: its last non-zero byte and those before.
        #[inline]
        fn len(word: u64) -> usize {
            8 - (word.leading_zeros() / 8) as usize
        }
        if out.sink.is_none() {
            // The second id's copy writes up to 8 bytes past its end.
            out.buf.reserve(plan.bytes + 8);
        }
        self.each_grouped(out, cache, plan, |out, a, b| {
            let (a, b) = (short[a], short[b]);
            let buf = &mut *out.buf;
            buf.extend_from_slice(b"    ");
            let at = buf.len() + len(a);
            buf.extend_from_slice(&a.to_le_bytes());
            buf.truncate(at);
            buf.extend_from_slice(b" -> ");
            let at = buf.len() + len(b);
            buf.extend_from_slice(&b.to_le_bytes());
            buf.truncate(at);
            buf.extend_from_slice(b";\n");
        })
    }

    /// Writes a [`StylePlan`]'s groups: each group's line, its statements
    /// (speaker statements by [`speaker_statement`](Self::speaker_statement),
    /// the others by `plain` with the two endpoints' node positions), and
    /// the group's end; a streaming sink is flushed every 256 statements.
    #[inline(always)]
    fn each_grouped(
        &self,
        out: &mut Out<'_>,
        cache: &mut EdgeStyleCache,
        plan: &StylePlan,
        mut plain: impl FnMut(&mut Out<'_>, usize, usize),
    ) -> io::Result<()> {
        /// Statements between two checks of a streaming sink's buffer.
        const CHUNK: usize = 256;
        for group in &plan.groups {
            out.b(&group.head);
            for chunk in group.ends.chunks(CHUNK) {
                for &[a, b] in chunk {
                    if a == StylePlan::SPEAKER {
                        self.speaker_statement(out.buf, cache, self.edges[b as usize]);
                    } else {
                        plain(out, a as usize, b as usize);
                    }
                }
                out.maybe_flush()?;
            }
            out.b(GROUP_END);
        }
        Ok(())
    }

    /// Each node's statement prefix (`    "a" -> `) and suffix (`"b";\n`)
    /// padded to `P` and `S` bytes ([`Padded::NONE`] when longer), so that
    /// a grouped statement is two copies of constant size.
    fn statement_pieces<const P: usize, const S: usize>(&self) -> (Vec<Padded<P>>, Vec<Padded<S>>) {
        let prefix = self
            .ids
            .iter()
            .map(|id| Padded::new(&[b"    ", id, b" -> "]))
            .collect();
        let suffix = self
            .ids
            .iter()
            .map(|id| Padded::new(&[id, b";\n"]))
            .collect();
        (prefix, suffix)
    }

    /// The edge section of a [`StylePlan`], group after group: a group's
    /// line, then its statements, each two padded copies (see
    /// [`statement_pieces`](Self::statement_pieces)); the whole section is
    /// reserved at once when written in place.
    fn grouped_edges<const P: usize, const S: usize>(
        &self,
        out: &mut Out<'_>,
        cache: &mut EdgeStyleCache,
        plan: &StylePlan,
    ) -> io::Result<()> {
        if out.sink.is_none() {
            // The padded copies write up to `P` bytes past a statement.
            out.buf.reserve(plan.bytes + P);
        }
        let (prefix, suffix) = self.statement_pieces::<P, S>();
        self.each_grouped(out, cache, plan, |out, a, b| {
            let (from, to) = (&prefix[a], &suffix[b]);
            if from.len == 0 {
                out.s("    ");
                out.b(&self.ids[a]);
                out.s(" -> ");
            } else {
                out.padded(from);
            }
            if to.len == 0 {
                out.b(&self.ids[b]);
                out.s(";\n");
            } else {
                out.padded(to);
            }
        })
    }

    /// A grouped statement whose label names the speaker: the group's
    /// label with the speaker added, the rest from the group's line.
    fn speaker_statement(&self, buf: &mut Vec<u8>, cache: &mut EdgeStyleCache, e: EdgeIndex<u32>) {
        let g = self.g;
        let Some((a, b)) = g.graph.edge_endpoints(e) else {
            return;
        };
        let rec = &g.graph[e];
        buf.extend_from_slice(b"    ");
        buf.extend_from_slice(&self.ids[a.index()]);
        buf.extend_from_slice(b" -> ");
        buf.extend_from_slice(&self.ids[b.index()]);
        if let Some(s) = self.speaker_name(rec) {
            buf.extend_from_slice(b" [label=\"");
            buf.extend_from_slice(cache.label(rec));
            buf.extend_from_slice(b"\\n[");
            label_into(buf, s, self.o.max_label_chars, 0);
            buf.extend_from_slice(b"]\"]");
        }
        buf.extend_from_slice(b";\n");
    }

    /// One edge statement with every option (ids, labels with speakers,
    /// tooltips).
    fn edge(
        &self,
        out: &mut Out<'_>,
        cache: &mut EdgeStyleCache,
        e: EdgeIndex<u32>,
        (a, b): (NodeIndex<u32>, NodeIndex<u32>),
        hl: bool,
    ) {
        let g = self.g;
        let rec = &g.graph[e];
        let dim = self.dimming && !hl;
        out.s("  ");
        out.b(&self.ids[a.index()]);
        out.s(" -> ");
        out.b(&self.ids[b.index()]);
        out.s(" [");
        let mut first = true;
        if self.o.edge_ids {
            out.s("id=\"r");
            out.u32(rec.id);
            out.s("\"");
            first = false;
        }
        if self.o.edge_labels {
            if !first {
                out.s(", ");
            }
            out.s("label=\"");
            out.b(cache.label(rec));
            if self.o.speaker_labels {
                if let Some(s) = self.speaker_name(rec) {
                    out.s("\\n[");
                    label_into(out.buf, s, self.o.max_label_chars, 0);
                    out.s("]");
                }
            }
            out.s("\"");
            first = false;
        }
        let attrs = cache.attrs(rec, hl, dim);
        out.b(if first { &attrs[2..] } else { attrs });
        if self.o.tooltips {
            if let Some(r) = RelationRef::new(g, e) {
                out.s(", tooltip=\"");
                tooltip_into(out.buf, &relation_tooltip(&r));
                out.s("\"");
            }
        }
        out.s("];\n");
    }

    fn merged_edges(&self, out: &mut Out<'_>) -> io::Result<()> {
        let g = self.g;
        let mut groups: IndexMap<(u32, u32), Vec<EdgeIndex<u32>>> = IndexMap::new();
        for &e in &self.edges {
            if let Some((a, b)) = g.graph.edge_endpoints(e) {
                groups
                    .entry((a.index() as u32, b.index() as u32))
                    .or_default()
                    .push(e);
            }
        }
        for ((a, b), list) in &groups {
            let recs: Vec<&StoredEdge> = list.iter().map(|&e| &g.graph[e]).collect();
            let hl = recs.iter().any(|r| self.o.highlight.contains(&r.id));
            let dim = self.dimming && !hl;
            out.s("  ");
            out.b(&self.ids[*a as usize]);
            out.s(" -> ");
            out.b(&self.ids[*b as usize]);
            out.s(" [");
            if self.o.edge_ids {
                out.s("id=\"r");
                for (i, r) in recs.iter().enumerate() {
                    if i > 0 {
                        out.s("_");
                    }
                    out.u32(r.id);
                }
                out.s("\", ");
            }
            // One label line per relation; identical lines once.
            let mut lines: Vec<String> = Vec::new();
            for r in &recs {
                let mut l = relation_label(r.kind, r.modality(), r.negated());
                if self.o.speaker_labels {
                    if let Some(s) = self.speaker_name(r) {
                        l.push_str(" [");
                        l.push_str(s);
                        l.push(']');
                    }
                }
                if !lines.contains(&l) {
                    lines.push(l);
                }
            }
            if self.o.edge_labels {
                out.s("label=\"");
                for (i, l) in lines.iter().enumerate() {
                    if i > 0 {
                        out.s("\\n");
                    }
                    label_into(out.buf, l, self.o.max_label_chars, 0);
                }
                out.s("\", ");
            }
            // Style: the most factual relation's line, the shared polarity's
            // colour (neutral when they disagree).
            let lead = recs
                .iter()
                .min_by_key(|r| (r.modality() as u8, r.negated(), r.id))
                .copied();
            let Some(lead) = lead else { continue };
            let mut attrs = edge_attrs(lead.kind, lead.modality(), lead.negated(), hl, dim);
            let p0 = lead.kind.polarity();
            if recs.iter().any(|r| r.kind.polarity() != p0) {
                attrs = attrs.replace(polarity_color(p0), MIXED);
                self.mixed.set(true);
            }
            if recs.len() > 1 && !hl {
                for w in [", penwidth=1.4", ", penwidth=0.8"] {
                    attrs = attrs.replace(w, "");
                }
                attrs.push_str(", penwidth=");
                attrs.push_str(if recs.len() > 3 { "2.4" } else { "1.8" });
            }
            out.s(&attrs[2..]);
            if self.o.tooltips {
                out.s(", tooltip=\"");
                let mut t = String::new();
                for (i, &e) in list.iter().enumerate() {
                    if let Some(r) = RelationRef::new(g, e) {
                        if i > 0 {
                            t.push_str("\n\n");
                        }
                        t.push_str(&relation_tooltip(&r));
                    }
                }
                tooltip_into(out.buf, &t);
                out.s("\"");
            }
            out.s("];\n");
            out.maybe_flush()?;
        }
        Ok(())
    }

    // ----- legend -----

    fn legend(&self, out: &mut Out<'_>) {
        let g = self.g;
        let mut kinds = [false; 8];
        for n in g.actors.values() {
            if self.keep[n.index()] {
                kinds[g.graph[*n].kind() as usize] = true;
            }
        }
        let mut pol = [false; 4];
        let mut modal = [false; 4];
        let mut negated = false;
        for &e in &self.edges {
            let r = &g.graph[e];
            pol[polarity_index(r.kind.polarity())] = true;
            modal[r.modality() as usize] = true;
            negated |= r.negated();
        }
        if !kinds.iter().any(|k| *k) {
            return;
        }
        out.s(
            "  subgraph \"cluster legend\" {\n    graph [label=\"Legend\", fontsize=12, style=\"rounded\", color=\"#888888\", fontcolor=\"#444444\", margin=10];\n    node [fontsize=9, margin=\"0.05,0.02\"];\n    edge [fontsize=9, arrowsize=0.6];\n",
        );
        // Actor kinds: one sample node each; with no edges between them
        // they share the first rank and stack into a column.
        for kind in ActorKind::ALL {
            if !kinds[kind as usize] {
                continue;
            }
            let st = node_style(kind);
            out.s("    \"legend ");
            out.s(kind.as_str());
            out.s("\" [label=\"");
            out.s(kind.as_str());
            out.s("\", shape=");
            out.s(st.shape);
            out.s(", style=\"");
            out.s(st.style);
            out.s("\", fillcolor=\"");
            out.s(st.fill);
            out.s("\", color=\"");
            out.s(st.border);
            out.s("\", tooltip=\"actor kind: ");
            out.s(kind.as_str());
            out.s("\"];\n");
        }
        Self::legend_column(
            out,
            ActorKind::ALL
                .iter()
                .filter(|k| kinds[**k as usize])
                .map(|k| format!("\"legend {}\"", k.as_str())),
        );
        // Edge samples: a label node, then an edge between two points.
        let mut samples: Vec<(String, String)> = Vec::new();
        for p in POLARITIES {
            if pol[polarity_index(p)] {
                let c = polarity_color(p);
                samples.push((
                    polarity_name(p).to_string(),
                    format!("color=\"{c}\", fontcolor=\"{c}\", penwidth=1.4"),
                ));
            }
        }
        if self.mixed.get() {
            samples.push((
                "merged, mixed polarity".to_string(),
                format!("color=\"{MIXED}\", fontcolor=\"{MIXED}\", penwidth=1.8"),
            ));
        }
        for m in Modality::ALL {
            if !modal[m as usize] || m == Modality::Fact && !modal.iter().skip(1).any(|x| *x) {
                continue;
            }
            let (text, extra) = match m {
                Modality::Fact => ("fact (narrator or speaker)", ""),
                Modality::Claim => ("claim by a speaker [name]", ""),
                Modality::Speculation => ("speculation: may …", ""),
                Modality::Denial => ("denied: …", ", arrowhead=tee"),
            };
            samples.push((
                text.to_string(),
                format!("style={}, color=\"#444444\"{extra}", modality_style(m)),
            ));
        }
        if negated {
            samples.push((
                "not … (negated)".to_string(),
                "color=\"#444444\", arrowhead=tee".to_string(),
            ));
        }
        if !self.o.highlight.is_empty() {
            samples.push((
                "highlighted".to_string(),
                "color=\"#444444\", penwidth=3".to_string(),
            ));
        }
        for (i, (text, attrs)) in samples.iter().enumerate() {
            let a = format!("\"legend e{i}a\"");
            let b = format!("\"legend e{i}b\"");
            out.s(&format!(
                "    {a} [shape=point, width=0.04, color=\"#888888\"];\n    {b} [shape=point, width=0.04, color=\"#888888\"];\n    {a} -> {b} [label=\"{text}\", {attrs}];\n"
            ));
        }
        Self::legend_column(out, (0..samples.len()).map(|i| format!("\"legend e{i}a\"")));
        Self::legend_column(out, (0..samples.len()).map(|i| format!("\"legend e{i}b\"")));
        // Edge samples in a column right of the actor kinds.
        if let (Some(kind), false) = (
            ActorKind::ALL.iter().find(|k| kinds[**k as usize]),
            samples.is_empty(),
        ) {
            out.s("    \"legend ");
            out.s(kind.as_str());
            out.s("\" -> \"legend e0a\" [style=invis];\n");
        }
        out.s("  }\n");
    }
}

impl Emitter<'_> {
    /// Keeps legend nodes in one rank, in order (a column when left to right).
    fn legend_column(out: &mut Out<'_>, ids: impl Iterator<Item = String>) {
        let ids: Vec<String> = ids.collect();
        if ids.len() < 2 {
            return;
        }
        // Flat edges run bottom to top in a left-to-right layout.
        let mut ids = ids;
        ids.reverse();
        out.s("    subgraph { rank=same; ");
        out.s(&ids.join(" -> "));
        out.s(" [style=invis]; }\n");
    }
}

/// The tooltip of a relation: the relation in words, speaker and modality,
/// date, confidence, evidence quotes with their document, the note.
fn relation_tooltip(r: &RelationRef<'_>) -> String {
    use std::fmt::Write as _;
    let mut t = r.to_string();
    if let Some(d) = r.date() {
        let _ = write!(t, "\ndate: {d}");
    }
    if let Some(s) = r.asserted_by() {
        let _ = write!(t, "\nasserted by: {s}");
    }
    let _ = write!(t, "\nconfidence: {:.2}", r.confidence());
    for e in r.evidence() {
        let q = e.quote();
        if q.is_empty() {
            let _ = write!(t, "\nsource: {}", e.document_id());
        } else {
            let _ = write!(t, "\n“{q}” ({})", e.document_id());
        }
    }
    if let Some(n) = r.note() {
        let _ = write!(t, "\nnote: {n}");
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorId, Relation};

    fn esc(s: &str) -> String {
        let mut b = Vec::new();
        escape_into(&mut b, s);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn escaping() {
        assert_eq!(esc("plain text"), "plain text");
        assert_eq!(esc(r#"a "quoted" \ name"#), r#"a \"quoted\" \\ name"#);
        assert_eq!(esc("line\nbreak\r\nend\rx"), r"line\nbreak\nend\nx");
        assert_eq!(esc("tab\there"), "tab here");
        assert_eq!(esc("nul\0bell\u{7}"), "nul\u{FFFD}bell\u{FFFD}");
        assert_eq!(esc("Russia’s “guarantor”"), "Russia’s “guarantor”");
        assert_eq!(esc("ends with \\"), "ends with \\\\");
        assert_eq!(esc("<b>{x}|y</b>"), "<b>{x}|y</b>");
        assert_eq!(quote(""), "\"\"");
    }

    fn lab(s: &str, max: usize, wrap: usize) -> String {
        let mut b = Vec::new();
        label_into(&mut b, s, max, wrap);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn labels_are_cut_and_wrapped() {
        assert_eq!(lab("Russia", 10, 0), "Russia");
        assert_eq!(lab("abcdefghijkl", 6, 0), "abcde…");
        assert_eq!(lab("ééééééé", 4, 0), "ééé…");
        assert_eq!(
            lab("Collective Security Treaty Organization", 48, 20),
            r"Collective Security\nTreaty Organization"
        );
        assert_eq!(
            lab("Brookings Institution", 48, 20),
            r"Brookings\nInstitution"
        );
        assert_eq!(lab("short name", 48, 18), "short name");
    }

    #[test]
    fn speculative_labels_read_as_english() {
        use RelationKind::*;
        assert_eq!(
            relation_label(SeeksInfluenceOver, Modality::Speculation, false),
            "may seek influence over"
        );
        assert_eq!(
            relation_label(Invades, Modality::Speculation, false),
            "may invade"
        );
        assert_eq!(
            relation_label(Attacks, Modality::Speculation, true),
            "may not attack"
        );
        assert_eq!(
            relation_label(Invades, Modality::Denial, false),
            "denied: invades"
        );
        assert_eq!(
            relation_label(Supports, Modality::Fact, true),
            "not supports"
        );
        assert_eq!(
            relation_label(Criticizes, Modality::Speculation, false),
            "may criticize"
        );
        assert_eq!(
            relation_label(Accuses, Modality::Speculation, false),
            "may accuse"
        );
        assert_eq!(
            relation_label(ProtestsAgainst, Modality::Speculation, false),
            "may protest against"
        );
        assert_eq!(
            relation_label(Represses, Modality::Speculation, false),
            "may repress"
        );
        assert_eq!(relation_label(Leads, Modality::Claim, false), "leads");
    }

    fn tiny() -> (KnowledgeGraph, RelationId) {
        let id = |s: &str| ActorId::new(s).unwrap();
        let mut g = KnowledgeGraph::new();
        g.add_actor(Actor::country("ru", "Russia", "RUS").unwrap())
            .unwrap();
        g.add_actor(Actor::country("ua", "Ukraine", "UKR").unwrap())
            .unwrap();
        g.add_actor(Actor::of_kind("x", ActorKind::Person, "").unwrap())
            .unwrap();
        let r = g
            .add_relation(Relation::new(id("ru"), RelationKind::Threatens, id("ua")))
            .unwrap();
        g.add_relation(
            Relation::new(id("ru"), RelationKind::Invades, id("ua"))
                .with_modality(Modality::Speculation)
                .with_asserted_by(id("x")),
        )
        .unwrap();
        (g, r)
    }

    /// The style-grouped statements written out one by one as the general
    /// path writes them: in a `subgraph {` block, `"a" -> "b";` under
    /// `edge [A];` becomes `"a" -> "b" [A];`, with a statement's own
    /// `label="…"` in place of the one in `A`.
    fn ungrouped(dot: &str) -> String {
        let mut out = String::new();
        let (mut in_group, mut attrs) = (false, String::new());
        for line in dot.lines() {
            if line == "  subgraph {" {
                in_group = true;
            } else if in_group && line == "  }" {
                in_group = false;
            } else if let (true, Some(a)) = (
                in_group,
                line.strip_prefix("    edge [")
                    .and_then(|l| l.strip_suffix("];")),
            ) {
                attrs = a.to_string();
            } else if let (true, Some(stmt)) = (in_group, line.strip_prefix("    ")) {
                let stmt = stmt.strip_suffix(';').unwrap();
                let (ends, a) = match stmt.split_once(" [label=") {
                    Some((ends, own)) => {
                        let own = own.strip_suffix(']').unwrap();
                        let rest = &attrs[attrs.find("\", ").unwrap() + 1..];
                        (ends, format!("label={own}{rest}"))
                    }
                    None => (stmt, attrs.clone()),
                };
                out.push_str(&format!("  {ends} [{a}];\n"));
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }

    /// Edges stored in id order are taken as they are; any other order
    /// (ids inserted out of order, a removed relation, a sparse id map
    /// out of order) gives the same list as `relation_edge_list`.
    #[test]
    fn edges_in_id_order_equal_the_relation_edge_list() {
        let id = |s: &str| ActorId::new(s).unwrap();
        let rel = || Relation::new(id("ru"), RelationKind::Threatens, id("ua"));
        let (mut g, _) = tiny();
        for _ in 0..5 {
            g.add_relation(rel()).unwrap();
        }
        let in_order = edges_in_id_order(&g);
        assert_eq!(in_order.len(), 7);
        assert_eq!(in_order, g.relation_edge_list());
        g.remove_relation(RelationId(3)).unwrap();
        assert_eq!(edges_in_id_order(&g), g.relation_edge_list());
        assert_eq!(edges_in_id_order(&g).len(), 6);
        for ids in [[900u32, 40, 7], [7, 40, 900]] {
            let (mut g, _) = tiny();
            for i in ids {
                g.insert_relation(RelationId(i), rel()).unwrap();
            }
            let list = edges_in_id_order(&g);
            assert_eq!(list, g.relation_edge_list());
            let got: Vec<u32> = list.iter().map(|&e| g.graph[e].id).collect();
            assert_eq!(got, [0, 1, 7, 40, 900]);
        }
    }

    #[test]
    fn style_only_edges_are_grouped_by_style() {
        let (mut g, _) = tiny();
        let id = |s: &str| ActorId::new(s).unwrap();
        g.add_relation(Relation::new(id("ua"), RelationKind::Threatens, id("ru")))
            .unwrap();
        let dot = DotWriter::plain().speaker_labels(true).to_dot(&g);
        let edges = &dot[dot.find("  subgraph").unwrap()..];
        assert_eq!(
            edges,
            "  subgraph {\n    edge [label=\"threatens\", color=\"#c0392b\", fontcolor=\"#c0392b\", penwidth=1.4];\n    \"ru\" -> \"ua\";\n    \"ua\" -> \"ru\";\n  }\n  \
             subgraph {\n    edge [label=\"may invade\", color=\"#c0392b\", fontcolor=\"#c0392b\", style=dotted];\n    \"ru\" -> \"ua\" [label=\"may invade\\n[x]\"];\n  }\n}\n"
        );
        // Without speakers the statement carries nothing.
        let dot = DotWriter::plain().to_dot(&g);
        assert!(
            dot.contains("style=dotted];\n    \"ru\" -> \"ua\";\n  }\n}\n"),
            "{dot}"
        );
    }

    /// Drops every ` id="rN",` / `id="rN"` edge attribute.
    fn without_edge_ids(dot: &str) -> String {
        let mut out = String::new();
        let mut rest = dot;
        while let Some(i) = rest.find("id=\"r") {
            out.push_str(&rest[..i]);
            let tail = &rest[i + 5..];
            let end = tail.find('"').unwrap();
            rest = &tail[end + 1..];
            rest = rest.strip_prefix(", ").unwrap_or(rest);
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn style_only_edges_equal_the_general_statement() {
        let (mut g, r) = tiny();
        let id = |s: &str| ActorId::new(s).unwrap();
        g.add_relation(
            Relation::new(id("ua"), RelationKind::Supports, id("ru"))
                .with_modality(Modality::Denial)
                .negated(),
        )
        .unwrap();
        for labels in [true, false] {
            for speakers in [true, false] {
                for hl in [false, true] {
                    let mut w = DotWriter::new()
                        .legend(false)
                        .tooltips(false)
                        .edge_labels(labels)
                        .speaker_labels(speakers);
                    if hl {
                        w = w.highlight([r]).dim_others(true);
                    }
                    let general = w.clone().to_dot(&g);
                    let fast = w.edge_ids(false).to_dot(&g);
                    // Three relations of three styles: the groups keep id order.
                    assert_eq!(ungrouped(&fast), without_edge_ids(&general));
                    assert_eq!(fast.matches(" -> ").count(), 3, "{fast}");
                }
            }
        }
    }

    #[test]
    fn edges_carry_styles_and_speakers() {
        let (g, _) = tiny();
        let dot = DotWriter::new().legend(false).tooltips(false).to_dot(&g);
        assert!(dot.contains(
            "  \"ru\" -> \"ua\" [id=\"r0\", label=\"threatens\", color=\"#c0392b\", fontcolor=\"#c0392b\", penwidth=1.4];\n"
        ), "{dot}");
        // Empty name: the id is the label and the speaker's name.
        assert!(dot.contains("\"x\" [label=\"x\""), "{dot}");
        assert!(
            dot.contains(
                "label=\"may invade\\n[x]\", color=\"#c0392b\", fontcolor=\"#c0392b\", style=dotted"
            ),
            "{dot}"
        );
    }

    #[test]
    fn top_actors_and_merging() {
        let (g, r) = tiny();
        let dot = DotWriter::story(2).legend(false).tooltips(false).to_dot(&g);
        assert!(!dot.contains("\"x\" ["), "{dot}");
        assert!(
            dot.contains("id=\"r0_1\", label=\"threatens\\nmay invade [x]\""),
            "{dot}"
        );
        assert_eq!(dot.matches(" -> ").count(), 1);
        // A highlighted actor is kept even outside the top.
        let dot = DotWriter::story(1).highlight_actors(["x"]).to_dot(&g);
        assert!(dot.contains("\"x\" ["), "{dot}");
        let dot = DotWriter::new().highlight([r]).dim_others(true).to_dot(&g);
        assert!(dot.contains("penwidth=3, weight=4"), "{dot}");
        assert!(
            dot.contains(
                "\"x\" [label=\"x\", shape=ellipse, style=\"filled\", fillcolor=\"#efe3f640\""
            ),
            "{dot}"
        );
    }

    /// The padded statements of the style-only path (ids short enough
    /// for the 23/17- or 39/33-byte entries, ids too long for either,
    /// groups of every kind, modality and negation), with their groups
    /// written out, equal the general path's statements, through `write`,
    /// `to_vec` and `append_to`; the plan sizes the edge section exactly.
    #[test]
    fn padded_statements_equal_the_general_path() {
        for longest in [3usize, 14, 30, 60] {
            let mut g = KnowledgeGraph::new();
            let ids: Vec<String> = (1..=longest)
                .step_by(3)
                .map(|n| format!("{}{}", "k".repeat(n - 1), n % 10))
                .chain(["q\"x".to_string(), "ünï".to_string()])
                .collect();
            for id in &ids {
                let id = ActorId::new(id.as_str()).unwrap();
                g.add_actor(Actor::new(id, ActorKind::Person, "p")).unwrap();
            }
            let mut i = 0usize;
            for kind in RelationKind::ALL {
                for m in Modality::ALL {
                    for negated in [false, true] {
                        let (s, t) = (&ids[i % ids.len()], &ids[(i * 7 + 1) % ids.len()]);
                        i += 1;
                        let mut r = Relation::new(s.parse().unwrap(), *kind, t.parse().unwrap())
                            .with_modality(m);
                        if negated {
                            r = r.negated();
                        }
                        g.add_relation(r).unwrap();
                    }
                }
            }
            for w in [
                DotWriter::plain(),
                DotWriter::plain().edge_labels(false),
                DotWriter::plain()
                    .highlight([RelationId(3)])
                    .dim_others(true),
            ] {
                let em = Emitter::new(&w, &g);
                let mut cache = EdgeStyleCache::new();
                let mut want = Vec::new();
                let mut out = Out {
                    buf: &mut want,
                    sink: None,
                };
                for &e in &em.edges {
                    let ends = g.graph.edge_endpoints(e).unwrap();
                    let hl = w.highlight.contains(&g.graph[e].id);
                    em.edge(&mut out, &mut cache, e, ends, hl);
                }
                let want = String::from_utf8(want).unwrap();
                assert_eq!(want.lines().count(), 33 * 4 * 2);
                let dot = w.to_dot(&g);
                let plan = em.plan.as_ref().unwrap();
                assert_eq!(plan.groups.len(), em.edges.len(), "one relation per style");
                let statements = dot.len() - dot.find("  subgraph {").unwrap() - 2;
                assert_eq!(plan.bytes, statements);
                let got: String = ungrouped(&dot)
                    .lines()
                    .filter(|l| l.contains(" -> "))
                    .flat_map(|l| [l, "\n"])
                    .collect();
                assert_eq!(got, want, "longest id {longest}");
                let mut buf = b"prefix".to_vec();
                w.append_to(&g, &mut buf);
                assert_eq!(&buf[6..], dot.as_bytes());
                let mut streamed = Vec::new();
                w.write(&g, &mut streamed).unwrap();
                assert_eq!(streamed, w.to_vec(&g));
            }
        }
    }

    proptest::proptest! {
        /// The one-word id table's statements equal the padded pieces'
        /// (and the table is used exactly when every quoted id fits in 8
        /// bytes): ids of 1 to 7 characters with quotes, backslashes and
        /// multi-byte characters, every kind, modality, negation, and
        /// speakers named in labels.
        #[test]
        fn short_id_statements_equal_the_padded_ones(
            names in proptest::collection::vec(
                proptest::string::string_regex("[0-9a-z\"\\\\é]{1,7}").unwrap(), 2..12),
            rels in proptest::collection::vec(
                (0usize..64, 0usize..64, 0usize..33, 0usize..4, proptest::bool::ANY, 0usize..80),
                1..60),
            long in proptest::bool::weighted(0.2),
        ) {
            let mut g = KnowledgeGraph::new();
            let mut ids: Vec<ActorId> = Vec::new();
            for n in &names {
                // Mostly ids that fit the table; some cases with a longer one.
                if !long && quote(n).len() > 8 {
                    continue;
                }
                if let Ok(id) = ActorId::new(n.as_str()) {
                    if g.add_actor(Actor::new(id.clone(), ActorKind::Person, "p")).is_ok() {
                        ids.push(id);
                    }
                }
            }
            proptest::prop_assume!(ids.len() >= 2);
            for &(s, t, k, m, negated, speaker) in &rels {
                let (s, t) = (&ids[s % ids.len()], &ids[t % ids.len()]);
                if s == t {
                    continue;
                }
                let mut r = Relation::new(s.clone(), RelationKind::ALL[k], t.clone())
                    .with_modality(Modality::ALL[m]);
                if negated {
                    r = r.negated();
                }
                if let Some(sp) = ids.get(speaker) {
                    r = r.with_asserted_by(sp.clone());
                }
                g.add_relation(r).unwrap();
            }
            for w in [DotWriter::plain(), DotWriter::plain().edge_labels(false)] {
                let em = Emitter::new(&w, &g);
                let plan = em.plan.as_ref().unwrap();
                let fits = em.ids.iter().all(|id| id.len() <= 8);
                let short = em.short_ids();
                proptest::prop_assert_eq!(short.is_some(), fits);
                let Some(short) = short else { continue };
                let (mut fast, mut padded) = (Vec::new(), Vec::new());
                let mut out = Out { buf: &mut fast, sink: None };
                em.grouped_edges_short(&mut out, &mut EdgeStyleCache::new(), plan, &short).unwrap();
                let mut out = Out { buf: &mut padded, sink: None };
                em.grouped_edges::<39, 33>(&mut out, &mut EdgeStyleCache::new(), plan).unwrap();
                proptest::prop_assert_eq!(fast.len(), plan.bytes);
                proptest::prop_assert_eq!(String::from_utf8(fast).unwrap(), String::from_utf8(padded).unwrap());
            }
        }
    }

    #[test]
    fn empty_graph() {
        let dot = KnowledgeGraph::new().to_dot();
        assert!(dot.starts_with("digraph \"geokg\" {\n"));
        assert!(dot.ends_with("}\n"));
        assert!(!dot.contains("cluster"));
    }
}

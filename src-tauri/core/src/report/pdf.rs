//! The audit report as a PDF: A4 pages with margins, a header line and
//! "Page N of M" on every page, wrapped text, and tables that continue on
//! the next page under their header row repeated.
//!
//! Two passes. Layout fills pages with marks (runs of text, rules, shaded
//! boxes, links) placed from the page's top-left corner, measuring text
//! with the fonts' own advance widths; then, the page count known, each page
//! is written with pdf-writer, its running header and footer added. One
//! glyph stands for one character (no kerning, no ligatures), so copying
//! the text or running `pdftotext` gives back exactly what was written.
//! DejaVu Sans and DejaVu Sans Bold are embedded as CID fonts holding only
//! the glyphs used (subsetter), with a ToUnicode map; a character neither
//! font has prints as the replacement character �.

use std::collections::BTreeMap;

use pdf_writer::types::{
    ActionType, AnnotationType, CidFontType, FontFlags, SystemInfo, UnicodeCmap,
};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};
use subsetter::GlyphRemapper;

use super::model::{AuditReport, ReportClock, ReportDeadline};
use super::ReportError;

const REGULAR_TTF: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../data/fonts/DejaVuSans-Bold.ttf");

// The page, in points: A4, with the body between the running header and
// footer.
pub(super) const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
pub(super) const MARGIN: f32 = 50.0;
const BODY_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const BODY_TOP: f32 = 64.0;
const BODY_BOTTOM: f32 = PAGE_HEIGHT - 58.0;
const HEADER_BASELINE: f32 = 34.0;
pub(super) const HEADER_RULE: f32 = 41.0;
pub(super) const FOOTER_RULE: f32 = PAGE_HEIGHT - 44.0;
const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 32.0;

/// The columns of name and value pairs, the names narrow.
const FIELD_COLUMNS: [Place; 2] = [
    Place {
        x: MARGIN,
        width: 82.0,
        right: false,
    },
    Place {
        x: MARGIN + 82.0,
        width: BODY_WIDTH - 82.0,
        right: false,
    },
];

// Inside a table cell.
const PAD_X: f32 = 3.5;
const PAD_Y: f32 = 2.5;

const BLACK: Rgb = Rgb(0.07, 0.07, 0.07);
const GREY: Rgb = Rgb(0.3, 0.3, 0.3);
const LINK: Rgb = Rgb(0.02, 0.25, 0.6);

/// A colour, red, green and blue from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rgb(f32, f32, f32);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Face {
    Regular,
    Bold,
}

/// How a piece of text is set: face, size and line height in points.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Style {
    face: Face,
    size: f32,
    leading: f32,
    colour: Rgb,
}

const BODY: Style = Style {
    face: Face::Regular,
    size: 9.0,
    leading: 12.0,
    colour: BLACK,
};
const STRONG: Style = Style {
    face: Face::Bold,
    ..BODY
};
/// Hashes and the running lines: small enough that 64 hex digits fit the
/// narrowest place they are printed.
const SMALL: Style = Style {
    size: 7.5,
    leading: 10.0,
    ..BODY
};
const RUNNING: Style = Style {
    colour: GREY,
    ..SMALL
};
const HEADER_CELL: Style = Style {
    face: Face::Bold,
    size: 8.5,
    leading: 11.5,
    colour: BLACK,
};
const TITLE: Style = Style {
    face: Face::Bold,
    size: 17.0,
    leading: 22.0,
    colour: BLACK,
};
const SECTION: Style = Style {
    face: Face::Bold,
    size: 13.0,
    leading: 17.0,
    colour: BLACK,
};
const SUBSECTION: Style = Style {
    face: Face::Bold,
    size: 10.5,
    leading: 14.0,
    colour: BLACK,
};
const CAPTION: Style = Style {
    face: Face::Bold,
    size: 9.0,
    leading: 12.0,
    colour: GREY,
};
const NONE: Style = Style {
    colour: GREY,
    ..BODY
};
const LINKED: Style = Style {
    colour: LINK,
    ..BODY
};

pub fn render(report: &AuditReport) -> Result<Vec<u8>, ReportError> {
    let mut fonts = Fonts::load()?;
    let pages = lay_out(report, &fonts);
    write(report, pages, &mut fonts)
}

fn lay_out(report: &AuditReport, fonts: &Fonts) -> Vec<Vec<Mark>> {
    let mut flow = Flow::new(fonts);
    flow.paragraph(&report.title, TITLE);
    flow.gap(6.0);
    about(&mut flow, report);
    organisation(&mut flow, report);
    summary(&mut flow, report);
    let first = report.deadlines.first();
    flow.section(
        "Deadlines",
        first.map_or(0.0, |d| flow.opening(&d.title, &deadline_fields(d))),
    );
    if report.deadlines.is_empty() {
        flow.paragraph("No deadline falls in the period.", NONE);
    }
    for d in &report.deadlines {
        deadline(&mut flow, d);
    }
    let first = report.clocks.first();
    flow.section(
        "Incident clocks",
        first.map_or(0.0, |c| flow.opening(&c.title, &clock_fields(c))),
    );
    if report.clocks.is_empty() {
        flow.paragraph("No incident clock was started in the period.", NONE);
    }
    for c in &report.clocks {
        clock(&mut flow, c);
    }
    flow.pages
}

fn about(flow: &mut Flow, report: &AuditReport) {
    let mut rows = vec![field("Period", &report.period)];
    if let Some(regulation) = &report.regulation {
        rows.push(field("Regulation", regulation));
    }
    rows.extend([
        field("Made at", &report.made_at),
        field("Made by", &report.made_by),
        field("Made with", &report.made_with),
        Row::new(vec![
            Cell::new("Trail head", STRONG),
            Cell::new(&report.trail_head, SMALL),
        ]),
        field("Trail covers", &super::entries(report.trail_entries)),
    ]);
    flow.fields(rows);
}

fn organisation(flow: &mut Flow, report: &AuditReport) {
    const ANSWERS: [Column; 2] = [Column::new("Question", 0.5), Column::new("Answer", 0.5)];
    let answers = |answers: &[super::model::Answered]| -> Vec<Row> {
        answers
            .iter()
            .map(|a| Row::plain(&[&a.question, &a.answer]))
            .collect()
    };
    flow.section("Organisation", 0.0);
    if report.organisation.is_empty() {
        flow.paragraph("No answers are recorded.", NONE);
    } else {
        let rows = answers(&report.organisation);
        flow.table("The organisation's answers", "", &ANSWERS, rows);
    }
    flow.section("AI systems", 0.0);
    if report.systems.is_empty() {
        flow.paragraph("No AI systems are listed.", NONE);
    }
    for system in &report.systems {
        flow.subsection(&system.name, 4.0 * BODY.leading);
        if system.answers.is_empty() {
            flow.paragraph("No answers are recorded.", NONE);
        } else {
            let rows = answers(&system.answers);
            flow.table("Answers", &system.name, &ANSWERS, rows);
        }
    }
}

fn summary(flow: &mut Flow, report: &AuditReport) {
    const COUNTS: [Column; 2] = [
        Column::new("Deadlines", 0.75),
        Column::new("Count", 0.25).right(),
    ];
    const WAIVED: [Column; 2] = [Column::new("Deadline", 0.45), Column::new("Reason", 0.55)];
    flow.section("Summary", 0.0);
    let rows = super::summary_counts(&report.summary)
        .iter()
        .map(|(name, count)| Row::plain(&[*name, &count.to_string()]))
        .collect();
    flow.table("How the period's deadlines stand", "", &COUNTS, rows);
    if !report.summary.waived.is_empty() {
        let rows = report
            .summary
            .waived
            .iter()
            .map(|(title, reason)| Row::plain(&[title, reason]))
            .collect();
        flow.table("Waived deadlines and why", "", &WAIVED, rows);
    }
}

fn deadline(flow: &mut Flow, d: &ReportDeadline) {
    const MOVES: [Column; 3] = [
        Column::new("Recorded", 0.24),
        Column::new("Move", 0.56),
        Column::new("By", 0.2),
    ];
    const EVIDENCE: [Column; 4] = [
        Column::new("Name, with its SHA-256 below", 0.31),
        Column::new("Effective", 0.17),
        Column::new("Added", 0.23),
        Column::new("Note", 0.29),
    ];
    const REMINDERS: [Column; 4] = [
        Column::new("Delivered", 0.26),
        Column::new("Stage", 0.2),
        Column::new("Channel", 0.17),
        Column::new("What the officer did", 0.37),
    ];
    let fields = deadline_fields(d);
    flow.subsection(&d.title, flow.fields_height(&fields));
    flow.fields(fields);
    if !d.moves.is_empty() {
        let rows = d
            .moves
            .iter()
            .map(|m| Row::plain(&[&m.at, &m.summary, &m.by]))
            .collect();
        flow.table("Moves of the due date", &d.title, &MOVES, rows);
    }
    if d.evidence.is_empty() {
        flow.paragraph("No evidence is attached.", NONE);
    } else {
        let rows = d
            .evidence
            .iter()
            .map(|e| {
                let label = if is_sha256(&e.sha256) {
                    "SHA-256"
                } else {
                    "Link"
                };
                Row::plain(&[&e.name, &e.effective, &e.added, &e.note])
                    .below(Cell::new(&format!("{label} {}", e.sha256), SMALL))
            })
            .collect();
        flow.table("Evidence", &d.title, &EVIDENCE, rows);
    }
    if d.reminders.is_empty() {
        flow.paragraph("No reminder was delivered.", NONE);
    } else {
        let rows = d
            .reminders
            .iter()
            .map(|r| Row::plain(&[&r.at, &r.stage, &r.channel, &r.action]))
            .collect();
        flow.table("Reminders", &d.title, &REMINDERS, rows);
    }
}

fn clock(flow: &mut Flow, clock: &ReportClock) {
    const STEPS: [Column; 3] = [
        Column::new("Step", 0.36),
        Column::new("Due", 0.28),
        Column::new("Submitted", 0.36),
    ];
    let fields = clock_fields(clock);
    flow.subsection(&clock.title, flow.fields_height(&fields));
    flow.fields(fields);
    if clock.steps.is_empty() {
        flow.paragraph("The clock has no steps.", NONE);
        return;
    }
    let rows = clock
        .steps
        .iter()
        .map(|s| Row::plain(&[&s.title, &s.due, &s.submitted]))
        .collect();
    flow.table("Steps", &clock.title, &STEPS, rows);
}

fn deadline_fields(d: &ReportDeadline) -> Vec<Row> {
    let source = if d.source_url.is_empty() {
        Cell::new("none", NONE)
    } else {
        Cell::link(&d.source_url)
    };
    vec![
        field("Due", &d.due),
        field("Status", &d.status),
        field("Applies", &d.applies),
        field("Regulation", &d.regulation),
        field("Kind", &d.kind),
        Row::new(vec![Cell::new("Source", STRONG), source]),
        field("Done", d.done.as_deref().unwrap_or("not done")),
        field("Deadline id", &d.id),
    ]
}

fn clock_fields(clock: &ReportClock) -> Vec<Row> {
    vec![
        field("Template", &clock.template),
        field("Started", &clock.started),
    ]
}

fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

fn field(name: &str, value: &str) -> Row {
    Row::new(vec![Cell::new(name, STRONG), Cell::new(value, BODY)])
}

// Layout.

/// What a page shows, placed from its top-left corner in points; `y` of a
/// text is its baseline.
#[derive(Debug, Clone, PartialEq)]
enum Mark {
    Text {
        x: f32,
        y: f32,
        style: Style,
        text: String,
    },
    Rule {
        x: f32,
        y: f32,
        width: f32,
        thickness: f32,
        grey: f32,
    },
    Shade {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        grey: f32,
    },
    Link {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        uri: String,
    },
}

#[derive(Debug, Clone, Copy)]
struct Column {
    title: &'static str,
    /// Its part of the body's width.
    share: f32,
    right: bool,
}

impl Column {
    const fn new(title: &'static str, share: f32) -> Column {
        Column {
            title,
            share,
            right: false,
        }
    }

    /// Aligned right, as numbers are.
    const fn right(self) -> Column {
        Column {
            right: true,
            ..self
        }
    }
}

/// Where a column of a table lies on the page.
#[derive(Debug, Clone, Copy)]
struct Place {
    x: f32,
    width: f32,
    right: bool,
}

struct Cell {
    text: String,
    style: Style,
    link: Option<String>,
}

impl Cell {
    fn new(text: &str, style: Style) -> Cell {
        Cell {
            text: text.to_owned(),
            style,
            link: None,
        }
    }

    /// A web address as a link; any other address as plain text.
    fn link(url: &str) -> Cell {
        let web = url.starts_with("https://") || url.starts_with("http://");
        Cell {
            link: web.then(|| url.to_owned()),
            ..Cell::new(url, if web { LINKED } else { BODY })
        }
    }
}

struct Row {
    cells: Vec<Cell>,
    /// A line under the cells across the whole row, as a hash is.
    below: Option<Cell>,
}

impl Row {
    fn new(cells: Vec<Cell>) -> Row {
        Row { cells, below: None }
    }

    fn plain(texts: &[&str]) -> Row {
        Row::new(texts.iter().map(|t| Cell::new(t, BODY)).collect())
    }

    fn below(self, cell: Cell) -> Row {
        Row {
            below: Some(cell),
            ..self
        }
    }
}

/// A row laid out: its lines, each `dy` below the row's top.
#[derive(Clone)]
struct Block {
    lines: Vec<Line>,
    height: f32,
}

#[derive(Clone)]
struct Line {
    x: f32,
    dy: f32,
    style: Style,
    text: String,
    link: Option<String>,
}

/// The pages filled so far, and where the next line goes on the last.
struct Flow<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Mark>>,
    y: f32,
}

impl<'f> Flow<'f> {
    fn new(fonts: &'f Fonts) -> Flow<'f> {
        Flow {
            fonts,
            pages: vec![Vec::new()],
            y: BODY_TOP,
        }
    }

    fn mark(&mut self, mark: Mark) {
        if let Some(page) = self.pages.last_mut() {
            page.push(mark);
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = BODY_TOP;
    }

    fn room(&self) -> f32 {
        BODY_BOTTOM - self.y
    }

    fn at_top(&self) -> bool {
        self.y <= BODY_TOP
    }

    /// Starts a new page unless `height` fits on this one.
    fn need(&mut self, height: f32) {
        if height > self.room() && !self.at_top() {
            self.new_page();
        }
    }

    /// Space between blocks; none at the top of a page.
    fn gap(&mut self, height: f32) {
        if !self.at_top() {
            self.y += height;
        }
    }

    fn text(&mut self, x: f32, top: f32, style: Style, text: String) {
        let y = baseline(top, style);
        self.mark(Mark::Text { x, y, style, text });
    }

    /// Wrapped lines across the body's width, breaking pages between lines.
    fn paragraph(&mut self, text: &str, style: Style) {
        for line in self.fonts.wrap(text, style, BODY_WIDTH) {
            self.need(style.leading);
            self.text(MARGIN, self.y, style, line);
            self.y += style.leading;
        }
        self.y += 3.0;
    }

    /// A heading, kept on the page of what follows it.
    fn heading(&mut self, text: &str, style: Style, before: f32, keep: f32) {
        self.gap(before);
        let lines = self.fonts.wrap(text, style, BODY_WIDTH);
        self.need(lines.len() as f32 * style.leading + keep);
        self.paragraph(text, style);
    }

    /// A section's heading, kept with what opens it (`keep` points) or at
    /// least a few lines.
    fn section(&mut self, title: &str, keep: f32) {
        let keep = keep.clamp(60.0, (BODY_BOTTOM - BODY_TOP) / 3.0);
        self.heading(title, SECTION, 16.0, keep);
        self.mark(Mark::Rule {
            x: MARGIN,
            y: self.y - 3.0,
            width: BODY_WIDTH,
            thickness: 0.6,
            grey: 0.45,
        });
        self.y += 4.0;
    }

    /// A heading kept with `keep` points of what follows, up to a third of
    /// a page.
    fn subsection(&mut self, title: &str, keep: f32) {
        let keep = keep.min((BODY_BOTTOM - BODY_TOP) / 3.0);
        self.heading(title, SUBSECTION, 14.0, keep);
    }

    /// Name and value pairs, the names in a narrow first column, no rules.
    fn fields(&mut self, rows: Vec<Row>) {
        for row in rows {
            let block = self.block(&row, &FIELD_COLUMNS);
            self.place(block, None);
        }
        self.y += 4.0;
    }

    /// The height of a subsection's heading and its fields.
    fn opening(&self, title: &str, fields: &[Row]) -> f32 {
        let heading = self.fonts.wrap(title, SUBSECTION, BODY_WIDTH).len();
        14.0 + heading as f32 * SUBSECTION.leading + 3.0 + self.fields_height(fields)
    }

    fn fields_height(&self, rows: &[Row]) -> f32 {
        rows.iter()
            .map(|row| self.block(row, &FIELD_COLUMNS).height)
            .sum()
    }

    /// A table under its caption; on each page it continues to, the caption
    /// says so (naming `context`, the deadline it belongs to) and the header
    /// row repeats.
    fn table(&mut self, caption: &str, context: &str, columns: &[Column], rows: Vec<Row>) {
        let mut x = MARGIN;
        let places: Vec<Place> = columns
            .iter()
            .map(|c| {
                let place = Place {
                    x,
                    width: c.share * BODY_WIDTH,
                    right: c.right,
                };
                x += place.width;
                place
            })
            .collect();
        let header = Row::new(
            columns
                .iter()
                .map(|c| Cell::new(c.title, HEADER_CELL))
                .collect(),
        );
        let header = self.block(&header, &places);
        let continued = if context.is_empty() {
            format!("{caption} (continued)")
        } else {
            format!("{caption} (continued): {context}")
        };
        let caption_height = CAPTION.leading + 2.0;
        let first = rows
            .first()
            .map(|row| self.block(row, &places).height)
            .unwrap_or(0.0);
        self.gap(4.0);
        self.need(caption_height + header.height + first.min(4.0 * BODY.leading));
        self.caption(caption);
        self.head(&header);
        let repeat = Repeat {
            header: &header,
            caption: &continued,
        };
        for row in rows {
            let block = self.block(&row, &places);
            self.place(block, Some(&repeat));
        }
        self.y += 6.0;
    }

    fn caption(&mut self, caption: &str) {
        for line in self.fonts.wrap(caption, CAPTION, BODY_WIDTH) {
            self.text(MARGIN, self.y, CAPTION, line);
            self.y += CAPTION.leading;
        }
        self.y += 2.0;
    }

    /// The header row: shaded, a darker rule under it.
    fn head(&mut self, header: &Block) {
        self.mark(Mark::Shade {
            x: MARGIN,
            y: self.y,
            width: BODY_WIDTH,
            height: header.height,
            grey: 0.9,
        });
        self.draw(header, header.height);
        self.rule(0.7, 0.35);
    }

    fn rule(&mut self, thickness: f32, grey: f32) {
        self.mark(Mark::Rule {
            x: MARGIN,
            y: self.y,
            width: BODY_WIDTH,
            thickness,
            grey,
        });
    }

    /// Lays out a row's cells in their columns, each wrapped.
    fn block(&self, row: &Row, columns: &[Place]) -> Block {
        let mut lines = Vec::new();
        let mut height: f32 = 0.0;
        for (cell, column) in row.cells.iter().zip(columns) {
            let inner = column.width - 2.0 * PAD_X;
            let mut dy = PAD_Y;
            for text in self.fonts.wrap(&cell.text, cell.style, inner) {
                let x = if column.right {
                    column.x + column.width - PAD_X - self.fonts.width(&text, cell.style)
                } else {
                    column.x + PAD_X
                };
                lines.push(Line {
                    x,
                    dy,
                    style: cell.style,
                    text,
                    link: cell.link.clone(),
                });
                dy += cell.style.leading;
            }
            height = height.max(dy + PAD_Y);
        }
        if let Some(cell) = &row.below {
            let x = columns.first().map_or(MARGIN, |c| c.x);
            let inner = MARGIN + BODY_WIDTH - x - 2.0 * PAD_X;
            let mut dy = height - PAD_Y;
            for text in self.fonts.wrap(&cell.text, cell.style, inner) {
                lines.push(Line {
                    x: x + PAD_X,
                    dy,
                    style: cell.style,
                    text,
                    link: None,
                });
                dy += cell.style.leading;
            }
            height = dy + PAD_Y;
        }
        Block { lines, height }
    }

    /// Places a row: on this page when it fits, else on the next under the
    /// repeated header; a row taller than a page is cut between lines.
    fn place(&mut self, mut block: Block, repeat: Option<&Repeat>) {
        let mut on_new_page = false;
        loop {
            if block.height <= self.room() {
                self.draw(&block, block.height);
                if repeat.is_some() {
                    self.rule(0.4, 0.75);
                }
                return;
            }
            let page = BODY_BOTTOM - BODY_TOP - repeat.map_or(0.0, |r| r.height(self));
            let room = self.room();
            let fits_now = block.lines.iter().any(|l| l.dy + l.style.leading <= room);
            if !on_new_page && (block.height <= page || !fits_now) {
                self.continue_on_new_page(repeat);
                on_new_page = true;
                continue;
            }
            let (now, later): (Vec<Line>, Vec<Line>) = block
                .lines
                .into_iter()
                .partition(|l| l.dy + l.style.leading <= room);
            if now.is_empty() || later.is_empty() {
                // Not a line fits even a new page: drawn as it is rather
                // than lost.
                let lines = if now.is_empty() { later } else { now };
                let height = block.height;
                self.draw(&Block { lines, height }, height);
                return;
            }
            let cut = later.iter().map(|l| l.dy).fold(f32::MAX, f32::min) - PAD_Y;
            self.draw(
                &Block {
                    lines: now,
                    height: cut,
                },
                cut,
            );
            block = Block {
                lines: later
                    .into_iter()
                    .map(|l| Line {
                        dy: l.dy - cut,
                        ..l
                    })
                    .collect(),
                height: block.height - cut,
            };
            self.continue_on_new_page(repeat);
            on_new_page = true;
        }
    }

    fn continue_on_new_page(&mut self, repeat: Option<&Repeat>) {
        self.new_page();
        if let Some(repeat) = repeat {
            self.caption(repeat.caption);
            self.head(repeat.header);
        }
    }

    /// Draws a block at the current line and moves below it.
    fn draw(&mut self, block: &Block, height: f32) {
        for line in &block.lines {
            let top = self.y + line.dy;
            if let Some(uri) = &line.link {
                let width = self.fonts.width(&line.text, line.style);
                self.mark(Mark::Link {
                    x: line.x,
                    y: top,
                    width,
                    height: line.style.leading,
                    uri: uri.clone(),
                });
            }
            self.text(line.x, top, line.style, line.text.clone());
        }
        self.y += height;
    }
}

/// What a table repeats on each page it continues to.
struct Repeat<'a> {
    header: &'a Block,
    caption: &'a str,
}

impl Repeat<'_> {
    fn height(&self, flow: &Flow) -> f32 {
        let lines = flow.fonts.wrap(self.caption, CAPTION, BODY_WIDTH).len();
        lines as f32 * CAPTION.leading + 2.0 + self.header.height
    }
}

/// The baseline of a line of `style` whose box starts at `top`: the text
/// centred in its leading, DejaVu's ascent and descent being 0.93 and 0.24
/// of its size.
fn baseline(top: f32, style: Style) -> f32 {
    top + (style.leading + style.size * (0.928 - 0.236)) / 2.0
}

// Fonts.

/// The two embedded faces.
struct Fonts {
    regular: Font,
    bold: Font,
}

impl Fonts {
    fn load() -> Result<Fonts, ReportError> {
        Ok(Fonts {
            regular: Font::load("DejaVuSans", REGULAR_TTF)?,
            bold: Font::load("DejaVuSans-Bold", BOLD_TTF)?,
        })
    }

    fn get(&self, face: Face) -> &Font {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    fn get_mut(&mut self, face: Face) -> &mut Font {
        match face {
            Face::Regular => &mut self.regular,
            Face::Bold => &mut self.bold,
        }
    }

    fn width(&self, text: &str, style: Style) -> f32 {
        let font = self.get(style.face);
        text.chars().map(|c| font.glyph(c).advance).sum::<f32>() * style.size
    }

    /// `text` in lines no wider than `width`, broken at spaces and at line
    /// breaks; a word wider than a line, as a hash or an address can be, is
    /// broken between characters. Tabs count as spaces; other control
    /// characters are left out. Always at least one line, maybe empty.
    fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        let font = self.get(style.face);
        let em = width / style.size;
        let space = font.glyph(' ').advance;
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut used = 0.0;
            for word in paragraph.split([' ', '\t']).filter(|w| !w.is_empty()) {
                let word: String = word.chars().filter(|c| !c.is_control()).collect();
                let advance: f32 = word.chars().map(|c| font.glyph(c).advance).sum();
                let gap = if line.is_empty() { 0.0 } else { space };
                if used + gap + advance <= em {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(&word);
                    used += gap + advance;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                }
                for c in word.chars() {
                    let advance = font.glyph(c).advance;
                    if used + advance > em && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        used = 0.0;
                    }
                    line.push(c);
                    used += advance;
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// A glyph of a font: its id there, its advance in ems, and the character
/// it stands for in the text layer.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    id: u16,
    advance: f32,
    char: char,
}

/// Characters below this are looked up once, when the font is loaded.
const CACHED: usize = 0x250;

struct Font {
    name: &'static str,
    data: &'static [u8],
    face: FontRef<'static>,
    charmap: Charmap<'static>,
    advances: GlyphMetrics<'static>,
    units_per_em: f32,
    cached: Vec<Glyph>,
    replacement: Glyph,
    /// The glyphs used, renumbered for the subset.
    subset: GlyphRemapper,
    /// What each glyph of the subset stands for, by its id there.
    text: BTreeMap<u16, char>,
}

impl Font {
    fn load(name: &'static str, data: &'static [u8]) -> Result<Font, ReportError> {
        let face = FontRef::new(data).map_err(|e| ReportError::Font {
            font: name,
            reason: e.to_string(),
        })?;
        let units_per_em = f32::from(
            face.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        let mut font = Font {
            name,
            data,
            charmap: face.charmap(),
            advances: face.glyph_metrics(Size::unscaled(), LocationRef::default()),
            face,
            units_per_em,
            cached: Vec::new(),
            replacement: Glyph {
                id: 0,
                advance: 0.6,
                char: '\u{FFFD}',
            },
            subset: GlyphRemapper::new(),
            text: BTreeMap::new(),
        };
        if let Some(replacement) = font.lookup('\u{FFFD}') {
            font.replacement = replacement;
        }
        font.cached = (0..CACHED)
            .map(|i| {
                char::from_u32(i as u32)
                    .and_then(|c| font.lookup(c))
                    .unwrap_or(font.replacement)
            })
            .collect();
        Ok(font)
    }

    fn lookup(&self, c: char) -> Option<Glyph> {
        let id = self.charmap.map(c)?;
        Some(Glyph {
            id: u16::try_from(id.to_u32()).ok()?,
            advance: self.advances.advance_width(id).unwrap_or(0.0) / self.units_per_em,
            char: c,
        })
    }

    fn glyph(&self, c: char) -> Glyph {
        match self.cached.get(c as usize) {
            Some(glyph) => *glyph,
            None => self.lookup(c).unwrap_or(self.replacement),
        }
    }

    /// `text` as the subset's glyph ids, two bytes each (Identity-H).
    fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut codes = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let glyph = self.glyph(c);
            let id = self.subset.remap(glyph.id);
            self.text.entry(id).or_insert(glyph.char);
            codes.extend_from_slice(&id.to_be_bytes());
        }
        codes
    }

    fn em(&self, units: f32) -> f32 {
        units * 1000.0 / self.units_per_em
    }

    fn error(&self, reason: impl ToString) -> ReportError {
        ReportError::Font {
            font: self.name,
            reason: reason.to_string(),
        }
    }

    /// Writes the font as a Type 0 font at `id`, with its descendant CID
    /// font, descriptor, subset program and ToUnicode map.
    fn embed(&self, pdf: &mut Pdf, id: Ref, next: &mut Ref) -> Result<(), ReportError> {
        let (cid, descriptor, file, to_unicode) =
            (next.bump(), next.bump(), next.bump(), next.bump());
        let program = subsetter::subset(self.data, 0, &self.subset).map_err(|e| self.error(e))?;
        let base_font = format!("{}+{}", self.subset_tag(), self.name);
        let base_font = Name(base_font.as_bytes());
        let system = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };

        pdf.type0_font(id)
            .base_font(base_font)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(to_unicode);

        let widths: Vec<f32> = self
            .subset
            .remapped_gids()
            .map(|old| {
                let advance = self
                    .advances
                    .advance_width(skrifa::GlyphId::new(u32::from(old)));
                self.em(advance.unwrap_or(0.0))
            })
            .collect();
        let mut font = pdf.cid_font(cid);
        font.subtype(CidFontType::Type2)
            .base_font(base_font)
            .system_info(system)
            .font_descriptor(descriptor)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        font.widths().consecutive(0, widths);
        font.finish();

        let metrics = self.face.metrics(Size::unscaled(), LocationRef::default());
        let bounds = metrics.bounds.unwrap_or_default();
        pdf.font_descriptor(descriptor)
            .name(base_font)
            .flags(FontFlags::NON_SYMBOLIC)
            .bbox(Rect::new(
                self.em(bounds.x_min),
                self.em(bounds.y_min),
                self.em(bounds.x_max),
                self.em(bounds.y_max),
            ))
            .italic_angle(metrics.italic_angle)
            .ascent(self.em(metrics.ascent))
            .descent(self.em(metrics.descent))
            .cap_height(self.em(metrics.cap_height.unwrap_or(metrics.ascent)))
            .stem_v(if self.name.ends_with("Bold") {
                140.0
            } else {
                80.0
            })
            .font_file2(file);

        pdf.stream(file, &compress(&program))
            .filter(Filter::FlateDecode)
            .pair(
                Name(b"Length1"),
                i32::try_from(program.len()).unwrap_or(i32::MAX),
            );

        let mut map = UnicodeCmap::new(Name(b"Custom"), system);
        for (&id, &c) in &self.text {
            map.pair(id, c);
        }
        pdf.cmap(to_unicode, &map.finish());
        Ok(())
    }

    /// Six capitals naming the subset, as PDF asks of a subset's font name;
    /// the same glyphs give the same tag.
    fn subset_tag(&self) -> String {
        let mut hash: u32 = 0x811c_9dc5;
        for id in self.subset.remapped_gids() {
            for byte in id.to_be_bytes() {
                hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
            }
        }
        (0..6)
            .map(|_| {
                let letter = char::from(b'A' + (hash % 26) as u8);
                hash /= 26;
                letter
            })
            .collect()
    }
}

// Writing.

fn write(
    report: &AuditReport,
    pages: Vec<Vec<Mark>>,
    fonts: &mut Fonts,
) -> Result<Vec<u8>, ReportError> {
    let mut pdf = Pdf::new();
    let mut next = Ref::new(1);
    let catalog = next.bump();
    let tree = next.bump();
    let info = next.bump();
    let regular = next.bump();
    let bold = next.bump();

    let count = pages.len();
    let mut page_ids = Vec::with_capacity(count);
    for (index, mut marks) in pages.into_iter().enumerate() {
        marks.extend(running(report, fonts, index + 1, count));
        let page_id = next.bump();
        let content_id = next.bump();
        let content = draw(&marks, fonts);
        pdf.stream(content_id, &compress(&content))
            .filter(Filter::FlateDecode);

        let mut links = Vec::new();
        for mark in &marks {
            if let Mark::Link {
                x,
                y,
                width,
                height,
                uri,
            } = mark
            {
                let link = next.bump();
                let mut annotation = pdf.annotation(link);
                annotation
                    .subtype(AnnotationType::Link)
                    .rect(Rect::new(
                        *x,
                        PAGE_HEIGHT - y - height,
                        x + width,
                        PAGE_HEIGHT - y,
                    ))
                    .border(0.0, 0.0, 0.0, None);
                annotation
                    .action()
                    .action_type(ActionType::Uri)
                    .uri(Str(uri.as_bytes()));
                annotation.finish();
                links.push(link);
            }
        }

        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .parent(tree)
            .contents(content_id);
        if !links.is_empty() {
            page.annotations(links);
        }
        page.resources()
            .fonts()
            .pair(Name(b"F1"), regular)
            .pair(Name(b"F2"), bold);
        page.finish();
        page_ids.push(page_id);
    }

    pdf.pages(tree)
        .kids(page_ids)
        .count(i32::try_from(count).unwrap_or(i32::MAX));
    pdf.catalog(catalog).pages(tree).lang(TextStr("en"));
    pdf.document_info(info)
        .title(TextStr(&report.title))
        .author(TextStr(&report.made_by))
        .creator(TextStr(&report.made_with))
        .producer(TextStr(&report.made_with));
    fonts.regular.embed(&mut pdf, regular, &mut next)?;
    fonts.bold.embed(&mut pdf, bold, &mut next)?;
    Ok(pdf.finish())
}

/// The header and footer of page `number` of `count`: the report's title
/// and when it was made above, the trail head and the page number below.
fn running(report: &AuditReport, fonts: &Fonts, number: usize, count: usize) -> Vec<Mark> {
    let page = format!("Page {number} of {count}");
    let page_width = fonts.width(&page, RUNNING);
    let made = format!("Made {}", report.made_at);
    let made_width = fonts.width(&made, RUNNING);
    let trail = format!("Trail head {}", report.trail_head);
    let right_edge = PAGE_WIDTH - MARGIN;
    let title_room = BODY_WIDTH - made_width - 12.0;
    let trail_room = BODY_WIDTH - page_width - 12.0;
    let rule = |y| Mark::Rule {
        x: MARGIN,
        y,
        width: BODY_WIDTH,
        thickness: 0.4,
        grey: 0.6,
    };
    vec![
        Mark::Text {
            x: MARGIN,
            y: HEADER_BASELINE,
            style: RUNNING,
            text: fonts.shorten(&report.title, RUNNING, title_room),
        },
        Mark::Text {
            x: right_edge - made_width,
            y: HEADER_BASELINE,
            style: RUNNING,
            text: made,
        },
        rule(HEADER_RULE),
        rule(FOOTER_RULE),
        Mark::Text {
            x: MARGIN,
            y: FOOTER_BASELINE,
            style: RUNNING,
            text: fonts.shorten(&trail, RUNNING, trail_room),
        },
        Mark::Text {
            x: right_edge - page_width,
            y: FOOTER_BASELINE,
            style: RUNNING,
            text: page,
        },
    ]
}

impl Fonts {
    /// `text` on one line of at most `width`, cut with an ellipsis if longer.
    fn shorten(&self, text: &str, style: Style, width: f32) -> String {
        let line = text.replace(['\n', '\t'], " ");
        if self.width(&line, style) <= width {
            return line;
        }
        let room = width - self.width("…", style);
        let mut short = String::new();
        let mut used = 0.0;
        for c in line.chars() {
            used += self.width(c.encode_utf8(&mut [0; 4]), style);
            if used > room {
                break;
            }
            short.push(c);
        }
        short.push('…');
        short
    }
}

/// A page's content stream, the page's marks in order.
fn draw(marks: &[Mark], fonts: &mut Fonts) -> Vec<u8> {
    let mut content = Content::new();
    let mut in_text = false;
    let mut font: Option<(Face, f32)> = None;
    let mut fill: Option<Rgb> = None;
    for mark in marks {
        match mark {
            Mark::Text { x, y, style, text } => {
                if !in_text {
                    content.begin_text();
                    in_text = true;
                    font = None;
                }
                if font != Some((style.face, style.size)) {
                    let name = match style.face {
                        Face::Regular => Name(b"F1"),
                        Face::Bold => Name(b"F2"),
                    };
                    content.set_font(name, style.size);
                    font = Some((style.face, style.size));
                }
                if fill != Some(style.colour) {
                    let Rgb(r, g, b) = style.colour;
                    content.set_fill_rgb(r, g, b);
                    fill = Some(style.colour);
                }
                content.set_text_matrix([1.0, 0.0, 0.0, 1.0, *x, PAGE_HEIGHT - y]);
                content.show(Str(&fonts.get_mut(style.face).encode(text)));
            }
            Mark::Rule {
                x,
                y,
                width,
                thickness,
                grey,
            } => {
                if in_text {
                    content.end_text();
                    in_text = false;
                }
                content
                    .set_stroke_gray(*grey)
                    .set_line_width(*thickness)
                    .move_to(*x, PAGE_HEIGHT - y)
                    .line_to(x + width, PAGE_HEIGHT - y)
                    .stroke();
            }
            Mark::Shade {
                x,
                y,
                width,
                height,
                grey,
            } => {
                if in_text {
                    content.end_text();
                    in_text = false;
                }
                content
                    .set_fill_rgb(*grey, *grey, *grey)
                    .rect(*x, PAGE_HEIGHT - y - height, *width, *height)
                    .fill_nonzero();
                fill = Some(Rgb(*grey, *grey, *grey));
            }
            Mark::Link { .. } => {}
        }
    }
    if in_text {
        content.end_text();
    }
    content.finish().into_vec()
}

fn compress(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

//! The audit report as one standalone HTML document: the style inline, no
//! script, nothing loaded from elsewhere, so the file reads the same offline
//! in ten years. Tables have captions and scoped header cells for screen
//! readers; printed, each table's header row repeats on every page.
//!
//! Every text goes through [`escape`]; a source address becomes a link only
//! when it is http or https.

use std::fmt::Write;

use super::model::{Answered, AuditReport, ReportClock, ReportDeadline, Summary};

pub(super) const STYLE: &str = r#"
@page { size: A4; margin: 18mm 16mm 20mm; }
:root { color: #111; background: #fff; }
body { font: 10pt/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif;
  max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .2rem;
  border-bottom: 1px solid #888; break-after: avoid; }
h3 { font-size: 1.05rem; margin: 1.6rem 0 .4rem; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
caption { text-align: left; font-weight: bold; padding: .2rem 0; }
th, td { border: 1px solid #bbb; padding: .2rem .4rem; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }
thead { display: table-header-group; }
thead th { background: #eee; }
tbody th { background: #f6f6f6; width: 10rem; }
tr { break-inside: avoid; }
table.summary { width: auto; min-width: 50%; }
td.count { text-align: right; font-variant-numeric: tabular-nums; }
.hash { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .8em;
  word-break: break-all; }
.none { color: #444; font-style: italic; }
a { color: #0645ad; }
footer { margin-top: 2rem; border-top: 1px solid #888; padding-top: .4rem; color: #444; }
@media print { body { max-width: none; padding: 0; } a { color: inherit; } }
"#;

pub fn render(report: &AuditReport) -> String {
    let mut page = Page(String::with_capacity(4096 + report.deadlines.len() * 2048));
    page.head(report);
    page.meta(report);
    page.organisation(report);
    page.summary(&report.summary);
    page.deadlines(&report.deadlines);
    page.clocks(&report.clocks);
    page.foot(report);
    page.0
}

/// The document being written.
struct Page(String);

impl Page {
    fn raw(&mut self, html: &str) {
        self.0.push_str(html);
    }

    fn text(&mut self, text: &str) {
        escape(text, &mut self.0);
    }

    /// `<tag>text</tag>`, the text escaped.
    fn element(&mut self, tag: &str, text: &str) {
        let _ = write!(self.0, "<{tag}>");
        self.text(text);
        let _ = write!(self.0, "</{tag}>");
    }

    fn head(&mut self, report: &AuditReport) {
        self.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        self.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        self.raw("<meta name=\"generator\" content=\"");
        self.text(&report.made_with);
        self.raw("\">\n");
        self.element("title", &report.title);
        self.raw("\n<style>");
        self.raw(STYLE);
        self.raw("</style>\n</head>\n<body>\n<main>\n");
        self.element("h1", &report.title);
        self.raw("\n");
    }

    fn meta(&mut self, report: &AuditReport) {
        self.raw("<table class=\"meta\">\n<caption>About this report</caption>\n<tbody>\n");
        self.field("Period", &report.period);
        if let Some(regulation) = &report.regulation {
            self.field("Regulation", regulation);
        }
        self.field("Made at", &report.made_at);
        self.field("Made by", &report.made_by);
        self.field("Made with", &report.made_with);
        self.raw("<tr><th scope=\"row\">Trail head</th><td><span class=\"hash\">");
        self.text(&report.trail_head);
        self.raw("</span><br>");
        self.text(&format!(
            "the head of the audit trail, covering {}",
            super::entries(report.trail_entries)
        ));
        self.raw("</td></tr>\n</tbody>\n</table>\n");
    }

    /// A row of a table of fields: the name as its header cell.
    fn field(&mut self, name: &str, value: &str) {
        self.raw("<tr><th scope=\"row\">");
        self.text(name);
        self.raw("</th><td>");
        self.text(value);
        self.raw("</td></tr>\n");
    }

    fn organisation(&mut self, report: &AuditReport) {
        self.raw("<section aria-labelledby=\"organisation\">\n");
        self.raw("<h2 id=\"organisation\">Organisation</h2>\n");
        self.answers("The organisation's answers", &report.organisation);
        self.raw("</section>\n<section aria-labelledby=\"systems\">\n");
        self.raw("<h2 id=\"systems\">AI systems</h2>\n");
        if report.systems.is_empty() {
            self.none("No AI systems are listed.");
        }
        for system in &report.systems {
            self.element("h3", &system.name);
            self.raw("\n");
            self.answers(&format!("Answers for {}", system.name), &system.answers);
        }
        self.raw("</section>\n");
    }

    fn answers(&mut self, caption: &str, answers: &[Answered]) {
        if answers.is_empty() {
            self.none("No answers are recorded.");
            return;
        }
        self.table_head(caption, &["Question", "Answer"]);
        for answer in answers {
            self.row(&[&answer.question, &answer.answer]);
        }
        self.table_end();
    }

    fn summary(&mut self, summary: &Summary) {
        self.raw("<section aria-labelledby=\"summary\">\n<h2 id=\"summary\">Summary</h2>\n");
        self.raw(
            "<table class=\"summary\">\n<caption>How the period's deadlines stand</caption>\n",
        );
        self.raw("<thead><tr><th scope=\"col\">Deadlines</th><th scope=\"col\">Count</th></tr></thead>\n<tbody>\n");
        for (name, count) in super::summary_counts(summary) {
            self.raw("<tr><th scope=\"row\">");
            self.text(name);
            let _ = writeln!(self.0, "</th><td class=\"count\">{count}</td></tr>");
        }
        self.raw("</tbody>\n</table>\n");
        if !summary.waived.is_empty() {
            self.table_head("Waived deadlines and why", &["Deadline", "Reason"]);
            for (title, reason) in &summary.waived {
                self.row(&[title, reason]);
            }
            self.table_end();
        }
        self.raw("</section>\n");
    }

    fn deadlines(&mut self, deadlines: &[ReportDeadline]) {
        self.raw("<section aria-labelledby=\"deadlines\">\n<h2 id=\"deadlines\">Deadlines</h2>\n");
        if deadlines.is_empty() {
            self.none("No deadline falls in the period.");
        }
        for deadline in deadlines {
            self.deadline(deadline);
        }
        self.raw("</section>\n");
    }

    fn deadline(&mut self, d: &ReportDeadline) {
        self.raw("<article class=\"deadline\">\n");
        self.element("h3", &d.title);
        self.raw("\n<table class=\"fields\">\n<tbody>\n");
        self.field("Due", &d.due);
        self.field("Status", &d.status);
        self.field("Applies", &d.applies);
        self.field("Regulation", &d.regulation);
        self.field("Kind", &d.kind);
        self.raw("<tr><th scope=\"row\">Source</th><td>");
        self.link(&d.source_url);
        self.raw("</td></tr>\n");
        self.field("Done", d.done.as_deref().unwrap_or("not done"));
        self.field("Deadline id", &d.id);
        self.raw("</tbody>\n</table>\n");

        if !d.moves.is_empty() {
            self.table_head("Moves of the due date", &["Recorded", "Move", "By"]);
            for m in &d.moves {
                self.row(&[&m.at, &m.summary, &m.by]);
            }
            self.table_end();
        }
        if d.evidence.is_empty() {
            self.none("No evidence is attached.");
        } else {
            let header = ["Name", "SHA-256", "Effective", "Added", "Note"];
            self.table_head("Evidence", &header);
            for e in &d.evidence {
                self.raw("<tr><td>");
                self.text(&e.name);
                self.raw("</td><td class=\"hash\">");
                self.text(&e.sha256);
                self.raw("</td>");
                for cell in [&e.effective, &e.added, &e.note] {
                    self.element("td", cell);
                }
                self.raw("</tr>\n");
            }
            self.table_end();
        }
        if d.reminders.is_empty() {
            self.none("No reminder was delivered.");
        } else {
            let header = ["Delivered", "Stage", "Channel", "What the officer did"];
            self.table_head("Reminders", &header);
            for r in &d.reminders {
                self.row(&[&r.at, &r.stage, &r.channel, &r.action]);
            }
            self.table_end();
        }
        self.raw("</article>\n");
    }

    fn clocks(&mut self, clocks: &[ReportClock]) {
        self.raw("<section aria-labelledby=\"clocks\">\n<h2 id=\"clocks\">Incident clocks</h2>\n");
        if clocks.is_empty() {
            self.none("No incident clock was started in the period.");
        }
        for clock in clocks {
            self.raw("<article class=\"clock\">\n");
            self.element("h3", &clock.title);
            self.raw("\n<table class=\"fields\">\n<tbody>\n");
            self.field("Template", &clock.template);
            self.field("Started", &clock.started);
            self.raw("</tbody>\n</table>\n");
            if clock.steps.is_empty() {
                self.none("The clock has no steps.");
            } else {
                self.table_head("Steps", &["Step", "Due", "Submitted"]);
                for step in &clock.steps {
                    self.row(&[&step.title, &step.due, &step.submitted]);
                }
                self.table_end();
            }
            self.raw("</article>\n");
        }
        self.raw("</section>\n");
    }

    fn foot(&mut self, report: &AuditReport) {
        self.raw("</main>\n<footer>\n<p>");
        self.text(&format!(
            "{}. Made {} by {} with {}.",
            report.title, report.made_at, report.made_by, report.made_with
        ));
        self.raw("</p>\n</footer>\n</body>\n</html>\n");
    }

    fn table_head(&mut self, caption: &str, header: &[&str]) {
        self.raw("<table>\n");
        self.element("caption", caption);
        self.raw("\n<thead><tr>");
        for name in header {
            self.raw("<th scope=\"col\">");
            self.text(name);
            self.raw("</th>");
        }
        self.raw("</tr></thead>\n<tbody>\n");
    }

    fn row(&mut self, cells: &[&str]) {
        self.raw("<tr>");
        for cell in cells {
            self.element("td", cell);
        }
        self.raw("</tr>\n");
    }

    fn table_end(&mut self) {
        self.raw("</tbody>\n</table>\n");
    }

    fn none(&mut self, sentence: &str) {
        self.raw("<p class=\"none\">");
        self.text(sentence);
        self.raw("</p>\n");
    }

    /// The address as a link when it is a web address, as text otherwise,
    /// so a `javascript:` address in a pack never becomes clickable.
    fn link(&mut self, url: &str) {
        if url.is_empty() {
            self.raw("<span class=\"none\">none</span>");
        } else if url.starts_with("https://") || url.starts_with("http://") {
            self.raw("<a href=\"");
            self.text(url);
            self.raw("\">");
            self.text(url);
            self.raw("</a>");
        } else {
            self.text(url);
        }
    }
}

/// Appends `text` with the five characters that HTML gives meaning to, in
/// text and in quoted attributes, replaced by references.
fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

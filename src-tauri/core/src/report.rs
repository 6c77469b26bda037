//! The audit report, rendered three ways from one [`AuditReport`]: a PDF to
//! hand to an auditor, a standalone HTML page to read and print, and CSV
//! rows to check in a spreadsheet. The three hold the same facts; every text
//! arrives ready to print, so rendering decides layout only.
//!
//! Each renderer is a pure function of the report: the store gathers it,
//! the caller writes the bytes where the officer chose.

mod csv;
mod html;
pub mod model;
mod pdf;

#[cfg(test)]
mod tests;

pub use model::AuditReport;

use model::Summary;

use crate::error::{Code, Coded};

/// Why a report could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error(
        "The PDF could not be made: its font {font} could not be embedded ({reason}). \
         The HTML and CSV forms of the report hold the same content."
    )]
    Font { font: &'static str, reason: String },
}

impl Coded for ReportError {
    fn code(&self) -> Code {
        Code::FileWriteFailed
    }
}

/// The report as a standalone HTML document: inline style, no scripts, no
/// external resources, printable on A4.
pub fn html(report: &AuditReport) -> String {
    html::render(report)
}

/// The report as CSV, one row per fact: the report's own rows first, then
/// each deadline with its moves, completion, evidence and reminders, then
/// the steps of the incident clocks. The columns are [`CSV_COLUMNS`].
pub fn csv(report: &AuditReport) -> String {
    csv::render(report)
}

/// The HTML document's one `<style>` block, whose hash the window's content
/// security policy names so that the report's preview is styled.
pub const HTML_STYLE: &str = html::STYLE;

/// The columns of [`csv`], in order.
pub const CSV_COLUMNS: [&str; 10] = csv::COLUMNS;

/// The report as an A4 PDF with DejaVu Sans embedded, a header line and
/// "Page N of M" on every page, and tables whose header row repeats on each
/// page they reach.
pub fn pdf(report: &AuditReport) -> Result<Vec<u8>, ReportError> {
    pdf::render(report)
}

/// "1 entry", "2,417 entries".
fn entries(count: u64) -> String {
    let digits = count.to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let noun = if count == 1 { "entry" } else { "entries" };
    format!("{grouped} {noun}")
}

/// The summary's counts, in the order the table shows them.
fn summary_counts(summary: &Summary) -> [(&'static str, usize); 6] {
    [
        ("Done on time", summary.done_on_time),
        ("Done late", summary.done_late),
        ("Open", summary.open),
        ("Overdue", summary.overdue),
        ("Waived", summary.waived.len()),
        ("Not applicable", summary.not_applicable),
    ]
}

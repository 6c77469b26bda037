//! The audit report over a period, as PDF, HTML or CSV.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use docket_core::report;
use docket_core::store::audit::Period;

use crate::context::Context;
use crate::failure::Failure;
use crate::output::Printed;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Pdf,
    Html,
    Csv,
}

#[derive(Args)]
pub struct Report {
    /// The first day of the period, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    from: String,
    /// The last day of the period, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    to: String,
    /// Only one regulation: a pack's id (dora) or words of its name (2024/1689).
    #[arg(long, value_name = "R")]
    regulation: Option<String>,
    /// pdf, html or csv (default: from the file's ending, else pdf).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// The file to write.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: PathBuf,
}

fn date(option: &str, text: &str) -> Result<NaiveDate, Failure> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        Failure::invalid(format!(
            "{option} {text:?} is not a calendar date; use YYYY-MM-DD, for example 2026-12-31."
        ))
    })
}

fn format_of(path: &Path) -> Format {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => Format::Html,
        Some("csv") => Format::Csv,
        _ => Format::Pdf,
    }
}

impl Report {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let period = Period {
            from: date("--from", &self.from)?,
            to: date("--to", &self.to)?,
            regulation: self.regulation.as_deref(),
        };
        let store = cx.open()?;
        let made = store.audit_report(&period, &cx.actor(), cx.now, cx.local)?;
        let bytes = match self.format.unwrap_or_else(|| format_of(&self.output)) {
            Format::Pdf => report::pdf(&made).map_err(|e| Failure::other(e.to_string()))?,
            Format::Html => report::html(&made).into_bytes(),
            Format::Csv => report::csv(&made).into_bytes(),
        };
        docket_core::interop::write_private(&self.output, &bytes).map_err(|e| {
            Failure::other(format!("{} cannot be written: {e}.", self.output.display()))
        })?;
        #[derive(serde::Serialize)]
        struct Written<'a> {
            file: String,
            deadlines: usize,
            clocks: usize,
            trail_head: &'a str,
            trail_entries: u64,
        }
        Printed::value(
            &Written {
                file: self.output.display().to_string(),
                deadlines: made.deadlines.len(),
                clocks: made.clocks.len(),
                trail_head: &made.trail_head,
                trail_entries: made.trail_entries,
            },
            format!(
                "Wrote {}: {} deadlines and {} incident clocks, {}; trail head {} ({} entries).\n",
                self.output.display(),
                made.deadlines.len(),
                made.clocks.len(),
                made.period,
                made.trail_head,
                made.trail_entries
            ),
        )
    }
}

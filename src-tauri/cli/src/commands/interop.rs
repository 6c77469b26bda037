//! Files in and out: export (iCalendar, CSV) and import (the same, or a
//! JSON backup of the whole database).

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use docket_core::interop::{self, ics::Shape, Format};
use docket_core::store::import::ImportOptions;
use docket_core::store::json_backup;
use docket_core::Actor;

use crate::context::Context;
use crate::failure::Failure;
use crate::output::{write_file, Printed};

#[derive(Clone, Copy, ValueEnum)]
enum FileFormat {
    Ics,
    Csv,
    /// The whole database, history and reminder log included; importing it restores it.
    Json,
}

impl From<FileFormat> for Format {
    fn from(f: FileFormat) -> Self {
        match f {
            FileFormat::Ics => Format::Ics,
            FileFormat::Csv => Format::Csv,
            FileFormat::Json => Format::Json,
        }
    }
}

#[derive(Args)]
pub struct Export {
    /// What to write.
    #[arg(long, value_enum, default_value_t = FileFormat::Ics)]
    format: FileFormat,
    /// iCalendar to-dos (VTODO with DUE) instead of events.
    #[arg(long)]
    todo: bool,
    /// The file to write (default: standard output). It is written whole,
    /// readable by its owner only.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

impl Export {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let store = cx.open()?;
        let shape = if self.todo { Shape::Todo } else { Shape::Event };
        let text = interop::export(&store, self.format.into(), shape, cx.now)?;
        match self.output {
            None => Ok(Printed::raw(text)),
            Some(path) => {
                write_file(&path, &text)?;
                Ok(Printed::raw(String::new()))
            }
        }
    }
}

#[derive(Args)]
pub struct Import {
    /// An iCalendar (.ics) or CSV file, or a Docket JSON backup.
    file: PathBuf,
    /// The file's format; by default from its name or its content.
    #[arg(long, value_enum)]
    format: Option<FileFormat>,
    /// Show what would be added, changed and skipped, and store nothing.
    #[arg(long)]
    dry_run: bool,
    /// Import the usable items of a file that also holds unusable ones.
    #[arg(long)]
    skip_invalid: bool,
    /// How CSV dates are written, e.g. %d/%m/%Y (default YYYY-MM-DD).
    #[arg(long, value_name = "FORMAT")]
    date_format: Option<String>,
}

impl Import {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let format = self
            .format
            .map(Format::from)
            .or_else(|| Format::of_file(&self.file));
        if format == Some(Format::Json) {
            return restore_backup(&self.file, self.dry_run, cx);
        }
        let mut store = cx.open()?;
        let options = ImportOptions {
            skip_invalid: self.skip_invalid,
            dry_run: self.dry_run,
            date_format: self.date_format,
        };
        let report = interop::import_file(
            &mut store,
            &self.file,
            format,
            &options,
            cx.local.name(),
            &Actor::current("import"),
            cx.now,
        )?;
        Printed::value(&report, report.describe())
    }
}

/// Restores a JSON backup over the data dir's database (the current one is
/// kept beside it); with `dry_run`, only says what it holds.
fn restore_backup(file: &Path, dry_run: bool, cx: &Context) -> Result<Printed, Failure> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::invalid(format!("{} cannot be read: {e}.", file.display())))?;
    let name = file.display().to_string();
    if dry_run {
        let backup: json_backup::JsonBackup = serde_json::from_str(&text)
            .map_err(|e| Failure::invalid(format!("{name} is not a Docket JSON backup: {e}.")))?;
        let counts: std::collections::BTreeMap<&str, usize> = backup
            .tables
            .iter()
            .map(|(t, rows)| (t.as_str(), rows.len()))
            .collect();
        let lines: String = counts.iter().map(|(t, n)| format!("{t}: {n}\n")).collect();
        return Printed::value(
            &counts,
            format!("Dry run, nothing restored. {name} holds:\n{lines}"),
        );
    }
    let report = json_backup::restore(&cx.data_dir(), &name, &text, cx.now)?;
    let counts: Vec<String> = report
        .rows
        .iter()
        .map(|(t, n)| format!("{n} {t}"))
        .collect();
    let kept = report
        .previous
        .as_ref()
        .map(|p| format!(" The database it replaced is kept as {}.", p.display()))
        .unwrap_or_default();
    Printed::value(&report, format!("Restored {}.{kept}\n", counts.join(", ")))
}

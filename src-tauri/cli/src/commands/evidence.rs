//! Evidence: files and links attached to a deadline, kept by their SHA-256.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use docket_core::store::evidence::{Evidence, Source, Target};

use crate::context::Context;
use crate::failure::Failure;
use crate::output::Printed;

#[derive(Subcommand)]
pub enum EvidenceCommand {
    /// Attach a file (copied into the data folder under its SHA-256, which
    /// is printed) or a link to a deadline.
    Add(Add),
    /// The evidence attached to a deadline.
    List {
        /// The deadline's id, or a unique start of it.
        id: String,
    },
    /// Copy a deadline's evidence files into DIR (links go into links.txt).
    Export {
        /// The deadline's id, or a unique start of it.
        id: String,
        /// The folder to copy into (made if missing).
        dir: PathBuf,
    },
}

#[derive(Args)]
pub struct Add {
    /// The deadline's id, or a unique start of it.
    id: String,
    /// The file to attach.
    #[arg(required_unless_present = "link", conflicts_with = "link")]
    file: Option<PathBuf>,
    /// A link to attach instead of a file.
    #[arg(long, value_name = "URL")]
    link: Option<String>,
    /// The link's title (default: the link itself).
    #[arg(long, requires = "link")]
    name: Option<String>,
    /// What it shows.
    #[arg(long, default_value = "")]
    note: String,
    /// The date it is effective from, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    effective: Option<String>,
}

/// "minutes.pdf  7c4f…  21 bytes  effective 2027-03-30  (added … by …)".
fn line(e: &Evidence, local: chrono_tz::Tz) -> String {
    let what = match (&e.sha256, &e.url) {
        (Some(sha), _) => format!(
            "{sha}  {} bytes",
            e.size.map_or_else(|| "?".to_owned(), |s| s.to_string())
        ),
        (None, Some(url)) => url.clone(),
        (None, None) => String::new(),
    };
    let effective = e
        .effective
        .as_deref()
        .map(|d| format!("  effective {d}"))
        .unwrap_or_default();
    let note = if e.note.is_empty() {
        String::new()
    } else {
        format!("  — {}", e.note)
    };
    let added = docket_core::time::from_stored(&e.added_at).map_or_else(
        || e.added_at.clone(),
        |t| {
            t.with_timezone(&local)
                .format("%Y-%m-%d %H:%M %Z")
                .to_string()
        },
    );
    format!(
        "{}  {what}{effective}  (added {added} by {}){note}\n",
        e.name, e.added_by
    )
}

impl EvidenceCommand {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        match self {
            EvidenceCommand::Add(Add {
                id,
                file,
                link,
                name,
                note,
                effective,
            }) => {
                let effective = effective
                    .map(|d| {
                        NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| {
                            Failure::invalid(format!(
                                "--effective {d:?} is not a calendar date; use YYYY-MM-DD. Nothing was added."
                            ))
                        })
                    })
                    .transpose()?;
                let source = match (&file, &link) {
                    (Some(file), _) => Source::File(file),
                    (None, Some(url)) => Source::Link {
                        url,
                        name: name.as_deref().unwrap_or(""),
                    },
                    (None, None) => {
                        return Err(Failure::invalid("Give a FILE or --link URL."));
                    }
                };
                let mut store = cx.open()?;
                let e = store.add_evidence(
                    &Target::Deadline(&id),
                    &source,
                    &note,
                    effective,
                    &cx.actor(),
                    cx.now,
                )?;
                let text = match &e.sha256 {
                    Some(sha) => format!("{sha}  {}\n", e.name),
                    None => format!("{}  {}\n", e.url.as_deref().unwrap_or_default(), e.name),
                };
                Printed::value(&e, text)
            }
            EvidenceCommand::List { id } => {
                let store = cx.open()?;
                let id = store.resolve_id(&id)?;
                let items = store.evidence(&id)?;
                let text = if items.is_empty() {
                    format!("No evidence is attached to {id}.\n")
                } else {
                    items.iter().map(|e| line(e, cx.local)).collect()
                };
                Printed::value(&items, text)
            }
            EvidenceCommand::Export { id, dir } => {
                let store = cx.open()?;
                let id = store.resolve_id(&id)?;
                let written = store.export_evidence(&id, &dir)?;
                let text = if written.is_empty() {
                    format!("No evidence is attached to {id}; nothing was written.\n")
                } else {
                    written
                        .iter()
                        .map(|p| format!("{}\n", p.display()))
                        .collect()
                };
                Printed::value(&written, text)
            }
        }
    }
}

//! Regulation packs: list, import, and the pack changes to review.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use docket_core::packs::Pack;
use docket_core::Actor;

use crate::context::Context;
use crate::failure::Failure;
use crate::output::Printed;

#[derive(Subcommand)]
pub enum PackCommand {
    /// List the installed regulation packs.
    List,
    /// Install a regulation pack (JSON, see docs/packs.md), or upgrade to a newer version of it.
    Import {
        /// The pack's JSON file.
        file: PathBuf,
    },
    /// List pack changes to deadlines you edited, waiting for a decision.
    Conflicts,
    /// Decide a pack change: --take applies the pack's version, --keep keeps yours.
    Resolve(Resolve),
}

#[derive(Args)]
pub struct Resolve {
    /// The deadline's id (`docketctl pack conflicts` lists them).
    id: String,
    /// Apply the pack's version.
    #[arg(long, conflicts_with = "keep", required_unless_present = "keep")]
    take: bool,
    /// Keep your version.
    #[arg(long)]
    keep: bool,
}

impl PackCommand {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        match self {
            PackCommand::List => {
                let packs = cx.open()?.packs()?;
                let lines: String = packs
                    .iter()
                    .map(|p| {
                        format!(
                            "{}  version {}  {} deadlines  {}\n",
                            p.id, p.version, p.deadlines, p.title
                        )
                    })
                    .collect();
                Printed::value(&packs, lines)
            }
            PackCommand::Import { file } => {
                let text = std::fs::read_to_string(&file).map_err(|e| {
                    Failure::invalid(format!("{} cannot be read: {e}.", file.display()))
                })?;
                let pack = Pack::from_json(&text).map_err(|e| {
                    Failure::invalid(format!("{}: {e} Nothing was installed.", file.display()))
                })?;
                let report = cx
                    .open()?
                    .install_pack(&pack, &Actor::current("pack"), cx.now)?;
                Printed::value(&report, format!("{}\n", report.describe()))
            }
            PackCommand::Conflicts => {
                let conflicts = cx.open()?.pack_conflicts()?;
                let lines: String = conflicts
                    .iter()
                    .map(|c| format!("{}  {}\n  {}\n", c.deadline_id, c.title, c.summary))
                    .collect();
                Printed::value(&conflicts, lines)
            }
            PackCommand::Resolve(Resolve { id, take, keep: _ }) => {
                let d = cx
                    .open()?
                    .resolve_pack_conflict(&id, take, &cx.actor(), cx.now)?;
                Printed::value(
                    &d,
                    format!(
                        "{} {} (due {})\n",
                        d.id,
                        if take {
                            "takes the pack's version"
                        } else {
                            "keeps your version"
                        },
                        d.due_date
                    ),
                )
            }
        }
    }
}

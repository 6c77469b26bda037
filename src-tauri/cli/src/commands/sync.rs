//! Syncing with the accounts' calendars, and the decisions a sync leaves:
//! conflicts to resolve, and how often the running app syncs.

use std::io::Write;

use clap::{Args, Subcommand, ValueEnum};
use docket_core::store::sync::Keep;
use docket_core::Actor;
use docket_sync as sync;

use crate::context::Context;
use crate::failure::Failure;
use crate::output::Printed;

#[derive(Args)]
#[command(args_conflicts_with_subcommands = false)]
pub struct Sync {
    #[command(subcommand)]
    what: Option<SyncCommand>,
    /// Only this account.
    #[arg(long, value_name = "NAME")]
    account: Option<String>,
}

#[derive(Subcommand)]
enum SyncCommand {
    /// List deadlines changed on both sides, waiting for a decision.
    Conflicts,
    /// Decide a conflict: keep Docket's version (sent at the next sync) or
    /// take the server's.
    Resolve {
        /// The conflict's number (`docketctl sync conflicts` lists them).
        id: i64,
        /// Which version to keep.
        #[arg(long, value_enum)]
        keep: KeepSide,
    },
    /// Show how often the running Docket syncs, or set it: MINUTES from 0
    /// (only when asked: Sync now, docketctl sync) to 1440.
    Interval {
        /// Minutes between syncs, 0 to 1440; without it, the interval is shown.
        minutes: Option<u32>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum KeepSide {
    /// Docket's version, sent at the next sync.
    Docket,
    /// The server's version, taken now.
    Server,
}

impl Sync {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        match self.what {
            None => sync_now(self.account.as_deref(), cx),
            Some(command) => command.run(cx),
        }
    }
}

fn sync_now(only: Option<&str>, cx: &Context) -> Result<Printed, Failure> {
    use std::io::IsTerminal;
    let mut store = cx.open()?;
    if only.is_none() && store.account_states()?.is_empty() {
        return Err(Failure::invalid(
            "No sync account is set up; add one with `docketctl account add`.",
        ));
    }
    let user = Actor::current("docketctl").user;
    let tty = std::io::stderr().is_terminal();
    let mut progress = |account: &str, p: sync::Progress| {
        if tty && p.total > 0 {
            let _ = write!(
                std::io::stderr(),
                "\r{account}: {} {}/{}\x1b[K",
                p.phase,
                p.done,
                p.total
            );
        }
    };
    let outcomes = sync::sync_all(
        &mut store,
        &cx.data_dir(),
        only,
        cx.local.name(),
        &user,
        &mut progress,
    )?;
    if tty {
        let _ = write!(std::io::stderr(), "\r\x1b[K");
    }
    let mut reports = Vec::new();
    let mut lines = String::new();
    let mut failed = Vec::new();
    for (name, outcome) in outcomes {
        match outcome {
            Ok(report) => {
                lines.push_str(&format!("{name}: {}\n", report.describe()));
                for line in &report.unreadable {
                    lines.push_str(&format!("  skipped: {line}\n"));
                }
                reports.push(report);
            }
            Err(e) => failed.push(format!(
                "{name}: {e} Nothing was lost; the next sync goes on from here."
            )),
        }
    }
    let printed = Printed::value(&reports, lines)?;
    if failed.is_empty() {
        Ok(printed)
    } else {
        Err(Failure::other(failed.join("\n")).after(printed))
    }
}

impl SyncCommand {
    fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let mut store = cx.open()?;
        match self {
            SyncCommand::Conflicts => {
                let conflicts = store.sync_conflicts(cx.local.name())?;
                let lines: String = conflicts
                    .iter()
                    .map(|c| {
                        let server = match (&c.server_title, &c.server_due) {
                            (Some(t), Some(d)) => format!("“{t}”, due {d}"),
                            _ => "deleted".to_owned(),
                        };
                        format!(
                            "{}  {}\n  Docket: “{}”, due {} ({})\n  server: {server}\n",
                            c.id,
                            c.account,
                            c.local.title,
                            c.local.due_date,
                            c.local.status.as_str()
                        )
                    })
                    .collect();
                Printed::value(&conflicts, lines)
            }
            SyncCommand::Resolve { id, keep } => {
                let keep = match keep {
                    KeepSide::Docket => Keep::Local,
                    KeepSide::Server => Keep::Server,
                };
                store.resolve_conflict(id, keep, cx.local.name(), &cx.actor(), cx.now)?;
                Ok(Printed::message(format!(
                    "Conflict {id} resolved: {}.\n",
                    match keep {
                        Keep::Local => "Docket's version is sent at the next sync",
                        Keep::Server => "the server's version is taken",
                    }
                )))
            }
            SyncCommand::Interval { minutes } => {
                let minutes = match minutes {
                    Some(m) => store.set_sync_interval(m)?,
                    None => store.sync_interval()?,
                };
                Printed::value(
                    &serde_json::json!({ "minutes": minutes }),
                    match minutes {
                        0 => "Docket syncs only when asked.\n".to_owned(),
                        1 => "Docket syncs every minute.\n".to_owned(),
                        m => format!("Docket syncs every {m} minutes.\n"),
                    },
                )
            }
        }
    }
}

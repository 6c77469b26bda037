//! The database file itself: backup, restore and check.

use std::path::{Path, PathBuf};

use clap::Args;
use docket_core::store::backup;

use crate::commands::deadlines::Undelete;
use crate::context::Context;
use crate::failure::Failure;
use crate::output::Printed;

#[derive(Args)]
pub struct Backup {
    /// Where to write the backup (default: a new file in the data folder's backups/).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

impl Backup {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let store = cx.open()?;
        let target = self.output.unwrap_or_else(|| {
            cx.data_dir().join(backup::BACKUP_DIR).join(format!(
                "manual-{}.sqlite3",
                cx.now.format("%Y%m%dT%H%M%SZ")
            ))
        });
        store.backup_to(&target)?;
        Ok(Printed::message(format!(
            "Backed up to {}\n",
            target.display()
        )))
    }
}

#[derive(Args)]
pub struct Restore {
    /// A backup file made by Docket (or, as `undelete` takes it, a deleted
    /// deadline's id).
    #[arg(value_name = "FILE")]
    file: String,
}

impl Restore {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        if !looks_like_a_file(&self.file) {
            return Undelete::from_id(self.file).run(cx);
        }
        let safety = backup::restore(&cx.data_dir(), Path::new(&self.file), cx.now)?;
        Ok(Printed::message(format!(
            "Restored {}. The database it replaced is kept as {}.\n",
            self.file,
            safety.display()
        )))
    }
}

/// Deadline ids never hold a `/` nor end in `.sqlite3`; anything that does,
/// or names an existing file, is a backup to restore (and a missing one is
/// refused as such, not looked up as a deadline).
fn looks_like_a_file(id: &str) -> bool {
    id.contains('/') || id.ends_with(".sqlite3") || Path::new(id).is_file()
}

#[derive(Args)]
pub struct Check {}

impl Check {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let health = cx.open()?.health(&cx.data_dir())?;
        let printed = Printed::value(
            &health,
            format!(
                "{}\nintegrity: {}\nschema version: {}\ndeadlines: {} ({} deleted)\nhistory entries: {}\nreminder log entries: {}\nbackups: {}\n",
                health.path,
                health.integrity,
                health.schema,
                health.deadlines,
                health.deleted,
                health.history,
                health.reminder_log,
                if health.backups.is_empty() { "none yet".to_owned() } else { health.backups.join(", ") }
            ),
        )?;
        if health.integrity != "ok" {
            return Err(Failure::unavailable(format!(
                "The database {} fails SQLite's integrity check: {}.",
                health.path, health.integrity
            ))
            .after(printed));
        }
        Ok(printed)
    }
}

#[derive(Args)]
pub struct Verify {
    /// A head hash kept elsewhere (an audit report's): check that the trail
    /// still runs through it, so that nothing before it was rewritten.
    #[arg(long, value_name = "HASH")]
    head: Option<String>,
}

impl Verify {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let check = cx.open()?.verify_trail_through(self.head.as_deref())?;
        let mut text = match &check.broken {
            None => format!(
                "The trail is intact: {} entries, head {}.\n",
                check.entries, check.head
            ),
            Some(_) => format!("{} entries read.\n", check.entries),
        };
        if let (Some(head), Some(seq)) = (&self.head, check.head_found_at) {
            text.push_str(&format!(
                "{head} is entry {seq}: nothing up to it was rewritten.\n"
            ));
        }
        let printed = Printed::value(&check, text)?;
        match &check.broken {
            None => Ok(printed),
            Some(sentence) => Err(Failure::broken(format!(
                "The trail is broken: {sentence}. Keep this database as it is for the investigation; \
                 a backup from before the change verifies on its own."
            ))
            .after(printed)),
        }
    }
}

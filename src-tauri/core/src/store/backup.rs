//! Online backups with SQLite's backup API, kept in the data dir's
//! `backups/`: one a day (the last 7 kept) and one a month (the last 3), plus
//! the ones taken by hand or before a restore. A restore never writes into
//! the live database: the backup is copied beside it, brought up to the
//! current schema, checked, and swapped in; the replaced file is kept.

use std::fs::{DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::json_backup::docket_is_running;
use super::{read_err, schema_version, write_err, Store, StoreError, DATABASE_FILE};
use crate::store::Error;

/// Where backups are kept, inside the data dir.
pub const BACKUP_DIR: &str = "backups";
const DAILY_KEPT: usize = 7;
const MONTHLY_KEPT: usize = 3;

/// Why a backup or a restore could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("The backup {} cannot be written: {reason}. The database is unchanged.", path.display())]
    Write { path: PathBuf, reason: String },
    #[error("{} cannot be restored: {reason}. The database is unchanged.", path.display())]
    Refused { path: PathBuf, reason: String },
}

/// What `docketctl check` reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Health {
    pub path: String,
    /// "ok", or what SQLite's integrity check found.
    pub integrity: String,
    pub schema: u32,
    pub deadlines: u64,
    pub deleted: u64,
    pub history: u64,
    pub reminder_log: u64,
    pub backups: Vec<String>,
}

fn private_dir(dir: &Path) -> std::io::Result<()> {
    if !dir.exists() {
        DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    }
    Ok(())
}

/// The data dir's backups, newest first by name within each kind.
pub fn list_backups(data_dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(data_dir.join(BACKUP_DIR))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "sqlite3"))
                .collect()
        })
        .unwrap_or_default();
    found.sort_by_key(|p| std::cmp::Reverse(std::fs::metadata(p).and_then(|m| m.modified()).ok()));
    found
}

impl Store {
    /// Copies the live database to `target` with SQLite's online backup
    /// (other connections may keep writing); the file is 0600 and appears
    /// whole or not at all.
    pub fn backup_to(&self, target: &Path) -> Result<(), Error> {
        let fail = |reason: String| BackupError::Write {
            path: target.to_owned(),
            reason,
        };
        if let Some(parent) = target.parent() {
            private_dir(parent).map_err(|e| fail(e.to_string()))?;
        }
        let partial = target.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&partial)
            .map_err(|e| fail(e.to_string()))?;
        {
            let mut copy = Connection::open(&partial).map_err(|e| fail(e.to_string()))?;
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)
                .map_err(|e| fail(e.to_string()))?;
            backup
                .run_to_completion(256, Duration::from_millis(5), None)
                .map_err(|e| fail(e.to_string()))?;
        }
        std::fs::set_permissions(&partial, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| fail(e.to_string()))?;
        std::fs::rename(&partial, target).map_err(|e| fail(e.to_string()))?;
        Ok(())
    }

    /// Takes today's backup if it is not there yet (and this month's), then
    /// keeps the last 7 daily and 3 monthly ones. Returns the new backups.
    pub fn daily_backup(&self, data_dir: &Path, today: NaiveDate) -> Result<Vec<PathBuf>, Error> {
        let dir = data_dir.join(BACKUP_DIR);
        let mut made = Vec::new();
        let daily = dir.join(format!("daily-{}.sqlite3", today.format("%Y-%m-%d")));
        if !daily.exists() {
            self.backup_to(&daily)?;
            made.push(daily);
        }
        let monthly = dir.join(format!("monthly-{}.sqlite3", today.format("%Y-%m")));
        if !monthly.exists() {
            self.backup_to(&monthly)?;
            made.push(monthly);
        }
        for (prefix, kept) in [("daily-", DAILY_KEPT), ("monthly-", MONTHLY_KEPT)] {
            let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| {
                            p.file_name()
                                .and_then(|n| n.to_str())
                                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".sqlite3"))
                        })
                        .collect()
                })
                .unwrap_or_default();
            // The names hold ISO dates: they sort by age.
            names.sort();
            let excess = names.len().saturating_sub(kept);
            for old in names.into_iter().take(excess) {
                let _ = std::fs::remove_file(old);
            }
        }
        Ok(made)
    }

    /// Integrity, schema version, counts and backups, for `docketctl check`.
    pub fn health(&self, data_dir: &Path) -> Result<Health, Error> {
        let integrity: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(read_err)?;
        let count = |sql: &str| -> Result<u64, Error> {
            Ok(self
                .conn
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map_err(read_err)? as u64)
        };
        Ok(Health {
            path: self.path.display().to_string(),
            integrity,
            schema: schema_version(),
            deadlines: count("SELECT count(*) FROM deadline WHERE deleted_at IS NULL")?,
            deleted: count("SELECT count(*) FROM deadline WHERE deleted_at IS NOT NULL")?,
            history: count("SELECT count(*) FROM history")?,
            reminder_log: count("SELECT count(*) FROM reminder_log")?,
            backups: list_backups(data_dir)
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
        })
    }
}

/// Restores the SQLite backup `file` as the data dir's database. The current
/// database is first backed up into `backups/`; the replaced file is kept as
/// `docket.sqlite3.before-restore-<time>`. Returns where the current database
/// was backed up.
pub fn restore(data_dir: &Path, file: &Path, now: DateTime<Utc>) -> Result<PathBuf, Error> {
    let refuse = |reason: String| -> Error {
        BackupError::Refused {
            path: file.to_owned(),
            reason,
        }
        .into()
    };
    if docket_is_running(data_dir) {
        return Err(refuse(
            "Docket is running on this data folder; quit it (tray menu, Quit) and restore again"
                .to_owned(),
        ));
    }
    if !file.is_file() {
        return Err(refuse("there is no such file".to_owned()));
    }
    // The backup must be a whole Docket database of a schema this build reads.
    {
        let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| refuse(format!("it cannot be opened ({e})")))?;
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|_| refuse("it is not an SQLite database".to_owned()))?;
        if check != "ok" {
            return Err(refuse(format!(
                "it fails SQLite's integrity check ({check})"
            )));
        }
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| refuse(e.to_string()))?;
        if version == 0 || version > schema_version() {
            return Err(refuse(format!(
                "its schema version is {version}; this Docket reads 1 to {}",
                schema_version()
            )));
        }
        let has_deadlines: bool = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'deadline'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n == 1)
            .map_err(|e| refuse(e.to_string()))?;
        if !has_deadlines {
            return Err(refuse("it is not a Docket database".to_owned()));
        }
    }
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let safety = data_dir
        .join(BACKUP_DIR)
        .join(format!("before-restore-{stamp}.sqlite3"));
    let mut safety = safety;
    if data_dir.join(DATABASE_FILE).exists() {
        match Store::open(data_dir) {
            Ok(live) => live.backup_to(&safety)?,
            // A damaged database cannot be backed up: it is set aside as it is.
            Err(StoreError::Damaged { .. }) => safety = Store::set_aside(data_dir, now)?,
            Err(e) => return Err(e.into()),
        }
    }
    let building = format!("{DATABASE_FILE}.restoring");
    for leftover in [
        building.clone(),
        format!("{building}-wal"),
        format!("{building}-shm"),
    ] {
        let _ = std::fs::remove_file(data_dir.join(leftover));
    }
    {
        // A copy through the backup API, then migrated to the current schema.
        let source = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| refuse(e.to_string()))?;
        let target = data_dir.join(&building);
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&target)
            .map_err(|e| refuse(e.to_string()))?;
        let mut copy = Connection::open(&target).map_err(|e| refuse(e.to_string()))?;
        rusqlite::backup::Backup::new(&source, &mut copy)
            .and_then(|b| b.run_to_completion(256, Duration::from_millis(5), None))
            .map_err(|e| refuse(e.to_string()))?;
        drop(copy);
        let fresh = Store::open_named(data_dir, &building)?;
        fresh
            .conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .map_err(write_err)?;
    }
    replace_live(data_dir, &building, &stamp).map_err(refuse)?;
    Ok(safety)
}

/// Puts the database file `built` (in `dir`) in place of the live one,
/// keeping the live one as `docket.sqlite3.before-restore-<stamp>`; returns
/// where it was kept.
pub(super) fn replace_live(
    dir: &Path,
    built: &str,
    stamp: &str,
) -> Result<Option<PathBuf>, String> {
    let live = dir.join(DATABASE_FILE);
    let mut previous = None;
    if live.exists() {
        // Fold the live database's WAL into it, so that the kept file is whole.
        Store::open(dir)
            .map_err(|e: StoreError| e.to_string())?
            .conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .map_err(|e| e.to_string())?;
        let kept = dir.join(format!("{DATABASE_FILE}.before-restore-{stamp}"));
        std::fs::rename(&live, &kept)
            .map_err(|e| format!("the current database cannot be moved aside ({e})"))?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.join(format!("{DATABASE_FILE}{suffix}")));
        }
        previous = Some(kept);
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.join(format!("{built}{suffix}")));
    }
    std::fs::rename(dir.join(built), &live)
        .map_err(|e| format!("the restored database cannot be put in place ({e})"))?;
    Ok(previous)
}

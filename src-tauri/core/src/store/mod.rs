//! The SQLite store: the one owner of Docket's database connection.
//!
//! The database lives in the data directory (mode 0700) as `docket.sqlite3`
//! (mode 0600), in WAL mode with foreign keys on. Its schema comes from the
//! numbered SQL files in `migrations/`, applied in order and counted in
//! SQLite's `user_version`. Every write is one transaction.

pub mod backup;
mod deadlines;
mod history;
pub mod import;
pub mod json_backup;
pub mod packs;
pub mod reminder_log;
pub mod search;
mod settings;

use std::fs::{DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use deadlines::ListFilter;
pub use history::{Change, HistoryEntry};

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "docket.sqlite3";

/// The schema, one SQL file per version, in order. Append only.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_initial.sql",
        include_str!("migrations/0001_initial.sql"),
    ),
    (
        "0002_reminder_opened.sql",
        include_str!("migrations/0002_reminder_opened.sql"),
    ),
    (
        "0003_search.sql",
        include_str!("migrations/0003_search.sql"),
    ),
    (
        "0004_deleted.sql",
        include_str!("migrations/0004_deleted.sql"),
    ),
    ("0005_uid.sql", include_str!("migrations/0005_uid.sql")),
    (
        "0006_recurrence.sql",
        include_str!("migrations/0006_recurrence.sql"),
    ),
    (
        "0007_pack_upgrades.sql",
        include_str!("migrations/0007_pack_upgrades.sql"),
    ),
];

/// The schema version this build writes.
pub fn schema_version() -> u32 {
    MIGRATIONS.len() as u32
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("Docket cannot create its data folder {}: {source}.", path.display())]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("The database {} cannot be opened: {reason}. It was left as it is.", path.display())]
    Open { path: PathBuf, reason: String },
    #[error(
        "The database {} was written by a newer version of Docket (schema {found}; this version knows up to {supported}). It was left untouched; install the newer Docket to open it.",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("The database could not be read: {0}.")]
    Read(rusqlite::Error),
    #[error("The change could not be saved: {0}. Nothing was changed.")]
    Write(rusqlite::Error),
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::DataDir { .. } => "data_dir",
            StoreError::Open { .. } => "database_unavailable",
            StoreError::NewerSchema { .. } => "newer_schema",
            StoreError::Read(_) => "read_failed",
            StoreError::Write(_) => "write_failed",
        }
    }

    /// True when the database itself cannot be used (docketctl exits 3).
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::DataDir { .. } | StoreError::Open { .. } | StoreError::NewerSchema { .. }
        )
    }
}

pub(crate) fn read_err(e: rusqlite::Error) -> StoreError {
    StoreError::Read(e)
}

pub(crate) fn write_err(e: rusqlite::Error) -> StoreError {
    StoreError::Write(e)
}

/// The data directory: `DOCKET_DATA_DIR` when set, else the platform's data
/// directory for Docket (e.g. `~/.local/share/eu.docket.Docket`).
pub fn data_dir() -> PathBuf {
    match std::env::var_os("DOCKET_DATA_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join(crate::APP_IDENTIFIER),
    }
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database in `dir` and brings its schema
    /// up to date. A database with a newer schema is refused untouched.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Store::open_named(dir, DATABASE_FILE)
    }

    /// Opens (creating if needed) the database file `name` in `dir`.
    pub(crate) fn open_named(dir: &Path, name: &str) -> Result<Store, StoreError> {
        if !dir.exists() {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|source| StoreError::DataDir {
                    path: dir.to_owned(),
                    source,
                })?;
        }
        let path = dir.join(name);
        if !path.exists() {
            OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
                .map_err(|e| StoreError::Open {
                    path: path.clone(),
                    reason: e.to_string(),
                })?;
        }
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::Open {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        Store::init(conn, path)
    }

    /// A private in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| StoreError::Open {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        Store::init(conn, path)
    }

    fn init(mut conn: Connection, path: PathBuf) -> Result<Store, StoreError> {
        let unavailable = |e: rusqlite::Error| StoreError::Open {
            path: path.clone(),
            reason: e.to_string(),
        };
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(unavailable)?;
        // Read the version before anything writes to the file, so that a newer
        // or foreign database is left exactly as it was.
        let found: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(unavailable)?;
        if found > schema_version() {
            return Err(StoreError::NewerSchema {
                path,
                found,
                supported: schema_version(),
            });
        }
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
        )
        .map_err(unavailable)?;
        for (version, (_, sql)) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = conn.transaction().map_err(unavailable)?;
            tx.execute_batch(sql).map_err(unavailable)?;
            tx.pragma_update(None, "user_version", version as u32 + 1)
                .map_err(unavailable)?;
            tx.commit().map_err(unavailable)?;
        }
        Ok(Store { conn, path })
    }

    /// Where the database file is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests;

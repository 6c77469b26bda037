//! The SQLite store: the one owner of Docket's database connection.
//!
//! The database lives in the data directory (mode 0700) as `docket.sqlite3`
//! (mode 0600), in WAL mode with foreign keys on. Its schema comes from the
//! numbered SQL files in `migrations/`, applied in order and counted in
//! SQLite's `user_version`. Every write is one transaction.

pub mod audit;
pub mod backup;
pub mod clocks;
mod deadlines;
mod error;
pub mod evidence;
mod history;
pub mod import;
pub mod json_backup;
pub mod packs;
pub mod profile;
pub mod reminder_log;
pub mod search;
mod settings;
pub mod sync;
pub mod trail;

use std::fs::{DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use deadlines::{Applies, ListFilter};
pub use error::Error;
pub use history::{Change, HistoryEntry};
pub use settings::DEFAULT_SYNC_INTERVAL;

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "docket.sqlite3";

/// Left beside the database when a full check found it damaged while Docket
/// ran; the next start checks it in full and sets it aside.
pub const DAMAGED_MARK: &str = "docket.sqlite3.damaged";

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
    ("0008_sync.sql", include_str!("migrations/0008_sync.sql")),
    (
        "0009_clocks.sql",
        include_str!("migrations/0009_clocks.sql"),
    ),
    (
        "0010_applicability.sql",
        include_str!("migrations/0010_applicability.sql"),
    ),
    ("0011_proof.sql", include_str!("migrations/0011_proof.sql")),
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
    #[error("The database {} is damaged ({reason}).", path.display())]
    Damaged { path: PathBuf, reason: String },
    #[error(
        "The database {} is locked by another program and stayed locked for 5 seconds. It was left as it is; close the other program and try again.",
        path.display()
    )]
    Busy { path: PathBuf },
    #[error(
        "The database is locked by another program and stayed locked for 5 seconds; nothing was changed. Close the other program and try again."
    )]
    Locked,
    #[error(
        "The database {} cannot be written: its file or its folder is read-only for this user. It was left as it is; make the data folder writable and try again.",
        path.display()
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "Docket may not read its database {} (permission denied). It was left as it is; give this user access to the data folder and try again.",
        path.display()
    )]
    NoAccess { path: PathBuf },
    #[error("The database could not be read: {0}.")]
    Read(rusqlite::Error),
    #[error("The change could not be saved: {0}. Nothing was changed.")]
    Write(rusqlite::Error),
}

impl crate::error::Coded for StoreError {
    fn code(&self) -> crate::error::Code {
        use crate::error::Code;
        match self {
            StoreError::DataDir { .. } => Code::DataDir,
            StoreError::Open { .. } => Code::DatabaseUnavailable,
            StoreError::NewerSchema { .. } => Code::NewerSchema,
            StoreError::Damaged { .. } => Code::DatabaseDamaged,
            StoreError::Busy { .. } | StoreError::Locked => Code::DatabaseLocked,
            StoreError::ReadOnly { .. } => Code::DatabaseReadOnly,
            StoreError::NoAccess { .. } => Code::DatabaseNoAccess,
            StoreError::Read(_) => Code::DatabaseReadFailed,
            StoreError::Write(_) => Code::DatabaseWriteFailed,
        }
    }
}

impl StoreError {
    /// True when the database itself cannot be used (docketctl exits 3).
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::DataDir { .. }
                | StoreError::Open { .. }
                | StoreError::NewerSchema { .. }
                | StoreError::Damaged { .. }
                | StoreError::Busy { .. }
                | StoreError::Locked
                | StoreError::ReadOnly { .. }
                | StoreError::NoAccess { .. }
        )
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

pub(crate) fn read_err(e: rusqlite::Error) -> StoreError {
    if is_busy(&e) {
        return StoreError::Locked;
    }
    StoreError::Read(e)
}

pub(crate) fn write_err(e: rusqlite::Error) -> StoreError {
    if is_busy(&e) {
        return StoreError::Locked;
    }
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
    _held: Held,
}

/// The database files this process has open, with how many stores hold
/// each. Opening and closing a file that SQLite holds drops every POSIX lock
/// the process has on it ("How To Corrupt An SQLite Database File", 2.2):
/// another program closing its connection would then take the file as
/// unused and reset its write-ahead log under the connections still open
/// here. So the checks that open the file themselves run only when no store
/// in the process has it open.
static HELD: std::sync::Mutex<Vec<(PathBuf, usize)>> = std::sync::Mutex::new(Vec::new());

/// One store's hold on its file, released when the store is dropped.
struct Held(PathBuf);

impl Held {
    /// Holds `path`; true when no other store in the process held it.
    fn take(path: &Path) -> (Held, bool) {
        let mut held = HELD.lock().unwrap_or_else(|p| p.into_inner());
        let first = match held.iter_mut().find(|(p, _)| p == path) {
            Some((_, count)) => {
                *count += 1;
                false
            }
            None => {
                held.push((path.to_owned(), 1));
                true
            }
        };
        (Held(path.to_owned()), first)
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut held = HELD.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(at) = held.iter().position(|(p, _)| *p == self.0) {
            held[at].1 -= 1;
            if held[at].1 == 0 {
                held.swap_remove(at);
            }
        }
    }
}

/// Why a database file is shorter than its header says it is, if it is. A
/// WAL with frames in it may hold pages a checkpoint had yet to write, so a
/// file with one is left to SQLite.
fn cut_short(path: &Path) -> Option<String> {
    let mut header = [0u8; 100];
    let mut file = std::fs::File::open(path).ok()?;
    std::io::Read::read_exact(&mut file, &mut header).ok()?;
    if &header[..16] != b"SQLite format 3\0" {
        return None;
    }
    let word = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    // The page count is valid only when written with the current change counter.
    if word(92) != word(24) {
        return None;
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let wanted = u64::from(word(28)) * page_size;
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return None;
    }
    let len = file.metadata().ok()?.len();
    (len < wanted).then(|| {
        format!("the file is {len} bytes long, shorter than the {wanted} its header gives; it was cut short")
    })
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
        let (held, first) = Held::take(&path);
        if !path.exists() {
            OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
                .map_err(|e| match e.kind() {
                    std::io::ErrorKind::PermissionDenied => {
                        StoreError::NoAccess { path: path.clone() }
                    }
                    _ => StoreError::Open {
                        path: path.clone(),
                        reason: e.to_string(),
                    },
                })?;
        }
        // Say plainly when this user may not read or write the file.
        let opened = if first {
            OpenOptions::new()
                .read(true)
                .write(true)
                .open(&path)
                .map(drop)
        } else {
            Ok(())
        };
        if let Err(e) = opened {
            if e.kind() == std::io::ErrorKind::PermissionDenied {
                return Err(match OpenOptions::new().read(true).open(&path) {
                    Ok(_) => StoreError::ReadOnly { path },
                    Err(_) => StoreError::NoAccess { path },
                });
            }
        }
        // Opening stays quick however large the file: its length against its
        // header here, its schema read in `init`. The full check
        // (`check_integrity`) runs in the background of the running app,
        // daily, and on request. The header is read before SQLite opens the
        // file: once SQLite holds its shared lock, closing another handle to
        // the file would drop it.
        if let Some(reason) = first.then(|| cut_short(&path)).flatten() {
            return Err(StoreError::Damaged { path, reason });
        }
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::Open {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        Store::init(conn, path, held)
    }

    /// Moves a damaged database (and its WAL) aside as
    /// `docket.sqlite3.corrupt-<time>`, never deleting or overwriting it;
    /// returns where it now is.
    pub fn set_aside(
        dir: &Path,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<PathBuf, StoreError> {
        let live = dir.join(DATABASE_FILE);
        let mut aside = dir.join(format!(
            "{DATABASE_FILE}.corrupt-{}",
            now.format("%Y%m%dT%H%M%SZ")
        ));
        let mut n = 1;
        while aside.exists() {
            n += 1;
            aside = dir.join(format!(
                "{DATABASE_FILE}.corrupt-{}-{n}",
                now.format("%Y%m%dT%H%M%SZ")
            ));
        }
        std::fs::rename(&live, &aside).map_err(|e| StoreError::Open {
            path: live.clone(),
            reason: format!("it could not be moved aside ({e})"),
        })?;
        for suffix in ["-wal", "-shm"] {
            let from = dir.join(format!("{DATABASE_FILE}{suffix}"));
            if from.exists() {
                let _ =
                    std::fs::rename(&from, PathBuf::from(format!("{}{suffix}", aside.display())));
            }
        }
        Ok(aside)
    }

    /// Opens the database in `dir`; a damaged one is set aside (kept as it
    /// is) and a new database is started in its place. The sentence returned
    /// says what happened and which backup can bring the data back; it is
    /// also kept in the new database, for the window, and as a notice.
    pub fn open_or_set_aside(
        dir: &Path,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(Store, Option<String>), StoreError> {
        let mark = dir.join(DAMAGED_MARK);
        let opened = match Store::open(dir) {
            // Found damaged while Docket last ran: checked in full now.
            Ok(store) if mark.exists() => match store.check_integrity() {
                Ok(None) => Ok(store),
                Ok(Some(reason)) => Err(StoreError::Damaged {
                    path: store.path.clone(),
                    reason,
                }),
                Err(e) => Err(StoreError::Damaged {
                    path: store.path.clone(),
                    reason: e.to_string(),
                }),
            },
            other => other,
        };
        let _ = std::fs::remove_file(&mark);
        match opened {
            Err(StoreError::Damaged { path, reason }) => {
                let aside = Store::set_aside(dir, now)?;
                let mut store = Store::open(dir)?;
                let newest = backup::list_backups(dir).into_iter().next();
                let offer = match newest {
                    Some(b) => format!(
                        " The newest backup is {}: quit Docket and run `docketctl restore {}` to bring it back.",
                        b.display(),
                        b.display()
                    ),
                    None => " There is no backup to restore.".to_owned(),
                };
                let sentence = format!(
                    "The database {} was damaged ({reason}). It was moved aside, unchanged, as {}, and Docket started with a new database.{offer}",
                    path.display(),
                    aside.display()
                );
                let _ = store.set_startup_problem(Some(&sentence));
                let _ = store.add_notice("Docket's database was damaged and was set aside", now);
                Ok((store, Some(sentence)))
            }
            other => other.map(|s| (s, None)),
        }
    }

    /// A private in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| StoreError::Open {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        Store::init(conn, path, Held(PathBuf::new()))
    }

    /// Checks and migrates a freshly opened connection.
    fn init(mut conn: Connection, path: PathBuf, held: Held) -> Result<Store, StoreError> {
        // Says what is wrong with the file: damaged, locked, or otherwise unusable.
        let unavailable = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
                StoreError::Damaged {
                    path: path.clone(),
                    reason: e.to_string(),
                }
            }
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy { path: path.clone() }
            }
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly { path: path.clone() },
            _ => StoreError::Open {
                path: path.clone(),
                reason: e.to_string(),
            },
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
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(unavailable)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
        )
        .map_err(unavailable)?;
        for (version, (name, sql)) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = conn.transaction().map_err(unavailable)?;
            tx.execute_batch(sql).map_err(unavailable)?;
            if *name == "0011_proof.sql" {
                // The rows written before the trail existed are its first entries.
                trail::chain_unentered(&tx).map_err(unavailable)?;
            }
            tx.pragma_update(None, "user_version", version as u32 + 1)
                .map_err(unavailable)?;
            tx.commit().map_err(unavailable)?;
        }
        Ok(Store {
            conn,
            path,
            _held: held,
        })
    }

    /// SQLite's full `quick_check` of every page: `None` when the database
    /// is sound, else what is wrong. It reads the whole file, so it runs off
    /// the paths that must be quick.
    pub fn check_integrity(&self) -> Result<Option<String>, crate::store::Error> {
        let check: String = self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(read_err)?;
        Ok((check != "ok").then_some(check))
    }

    /// The running app's full check: when the database is damaged it is
    /// marked, so that the next start sets it aside, and the officer is told
    /// in the window and by a notification. Returns the sentence said.
    pub fn check_and_mark(
        &mut self,
        dir: &Path,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<String>, crate::store::Error> {
        let Some(reason) = self.check_integrity()? else {
            return Ok(None);
        };
        let sentence = format!(
            "The database {} is damaged ({reason}). Quit Docket from the tray and start it again: the damaged file will be moved aside, unchanged, and Docket will start with a new database, from which `docketctl restore` brings back the newest backup.",
            self.path.display()
        );
        std::fs::write(dir.join(DAMAGED_MARK), &reason).map_err(|e| {
            crate::store::Error::Store(StoreError::Open {
                path: dir.join(DAMAGED_MARK),
                reason: e.to_string(),
            })
        })?;
        // Writing to a damaged file may fail; the mark and the log stand.
        let _ = self.set_startup_problem(Some(&sentence));
        let _ = self.add_notice("Docket's database is damaged", now);
        Ok(Some(sentence))
    }

    /// Where the database file is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests;

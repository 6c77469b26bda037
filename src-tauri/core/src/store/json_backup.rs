//! A JSON backup of the whole database (deadlines, their history and
//! reminder log, settings, packs, pack changes and notices, the
//! organisation's answers and AI systems, and the incident clocks), and its
//! restore.
//!
//! A restore never writes into the live database, whose history is
//! append-only: it builds a new database file beside it from the backup,
//! checks it, moves the current file aside as
//! `docket.sqlite3.before-restore-<timestamp>` and puts the new one in its
//! place. Docket must not be running meanwhile.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use chrono::{DateTime, Utc};
use rusqlite::types::{Value as SqlValue, ValueRef};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::{read_err, schema_version, write_err, Store, DATABASE_FILE};
use crate::interop::{ImportError, Unusable};
use crate::store::Error;

/// The tables a backup holds, in the order a restore fills them.
const TABLES: [&str; 15] = [
    "deadline",
    "history",
    "reminder_log",
    "trail",
    "settings",
    "pack",
    "pack_conflict",
    "notice",
    "ai_system",
    "answer",
    "profile_history",
    "clock",
    "clock_event",
    "clock_step",
    "evidence",
];

const FORMAT: &str = "docket-backup";

#[derive(Debug, Serialize, Deserialize)]
pub struct JsonBackup {
    pub format: String,
    /// The schema version of the database it was taken from.
    pub schema: u32,
    pub exported_at: String,
    pub tables: BTreeMap<String, Vec<Map<String, Value>>>,
    /// The evidence files, by SHA-256, in base64.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub files: BTreeMap<String, String>,
}

/// What a restore put back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreReport {
    /// Rows restored per table.
    pub rows: BTreeMap<String, usize>,
    /// Where the database that was replaced now is.
    pub previous: Option<PathBuf>,
}

fn to_json(v: ValueRef) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::from(b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
    }
}

fn to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(SqlValue::Integer)
            .unwrap_or_else(|| SqlValue::Real(n.as_f64().unwrap_or_default())),
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

impl Store {
    /// Every row of every table Docket keeps, as JSON.
    pub fn json_backup(&self, now: DateTime<Utc>) -> Result<JsonBackup, Error> {
        let mut tables = BTreeMap::new();
        for table in TABLES {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
                .map_err(read_err)?;
            let names: Vec<String> = stmt
                .column_names()
                .iter()
                .map(|c| (*c).to_owned())
                .collect();
            let rows = stmt
                .query_map([], |r| {
                    let mut row = Map::new();
                    for (i, name) in names.iter().enumerate() {
                        row.insert(name.clone(), to_json(r.get_ref(i)?));
                    }
                    Ok(row)
                })
                .map_err(read_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(read_err)?;
            tables.insert(table.to_owned(), rows);
        }
        let mut files = BTreeMap::new();
        if let Ok(dir) = self.evidence_dir() {
            for row in tables
                .get("evidence")
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                let Some(sha) = row.get("sha256").and_then(Value::as_str) else {
                    continue;
                };
                let bytes = std::fs::read(dir.join(sha)).map_err(|e| {
                    Error::Refused(format!(
                        "The evidence file {} cannot be read for the backup: {e}.",
                        dir.join(sha).display()
                    ))
                })?;
                files.insert(sha.to_owned(), BASE64.encode(bytes));
            }
        }
        Ok(JsonBackup {
            format: FORMAT.to_owned(),
            schema: schema_version(),
            exported_at: crate::time::to_stored(now),
            tables,
            files,
        })
    }
}

/// True while a Docket process (tray or window) holds its lock in `dir`.
pub fn docket_is_running(dir: &Path) -> bool {
    ["docket.lock", "docket-window.lock"].iter().any(|name| {
        File::open(dir.join(name))
            .map(|f| matches!(f.try_lock(), Err(std::fs::TryLockError::WouldBlock)))
            .unwrap_or(false)
    })
}

/// Puts the backup's evidence files back, each checked against its hash.
fn restore_files(store: &Store, files: &BTreeMap<String, String>) -> Result<(), String> {
    if files.is_empty() {
        return Ok(());
    }
    let dir = store.evidence_dir().map_err(|e| e.to_string())?;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)
        .map_err(|e| format!("{} cannot be created ({e})", dir.display()))?;
    for (sha, text) in files {
        let bytes = BASE64
            .decode(text)
            .map_err(|e| format!("the evidence file {sha} is not base64 ({e})"))?;
        let found = super::trail::hex(&Sha256::digest(&bytes));
        if &found != sha {
            return Err(format!(
                "the evidence file {sha} does not match its hash (it hashes to {found})"
            ));
        }
        let path = dir.join(sha);
        if path.exists() {
            continue;
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o400)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, &bytes))
            .map_err(|e| format!("{} cannot be written ({e})", path.display()))?;
    }
    Ok(())
}

/// Restores the JSON backup `text` into the data dir `dir`, replacing its
/// database; the replaced file is kept beside it.
pub fn restore(
    dir: &Path,
    file: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<RestoreReport, Error> {
    let refuse = |reason: String| -> Error {
        ImportError::Malformed {
            file: file.to_owned(),
            problem: Unusable {
                line: 1,
                what: String::new(),
                reason,
            },
        }
        .into()
    };
    let backup: JsonBackup = serde_json::from_str(text).map_err(|e| {
        Error::from(ImportError::Malformed {
            file: file.to_owned(),
            problem: Unusable {
                line: e.line(),
                what: String::new(),
                reason: format!("it is not a Docket JSON backup ({e})"),
            },
        })
    })?;
    if backup.format != FORMAT {
        return Err(refuse(format!(
            "its format is \"{}\", not {FORMAT}",
            backup.format
        )));
    }
    if backup.schema > schema_version() {
        return Err(refuse(format!(
            "it comes from a newer Docket (schema {}; this one reads up to {})",
            backup.schema,
            schema_version()
        )));
    }
    if docket_is_running(dir) {
        return Err(refuse(
            "Docket is running on this data folder; quit it (tray menu, Quit) and restore again"
                .to_owned(),
        ));
    }
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let building = format!("{DATABASE_FILE}.restoring");
    for leftover in [
        building.clone(),
        format!("{building}-wal"),
        format!("{building}-shm"),
    ] {
        let _ = std::fs::remove_file(dir.join(leftover));
    }
    let mut rows = BTreeMap::new();
    {
        let mut fresh = Store::open_named(dir, &building)?;
        let tx = fresh.conn.transaction().map_err(write_err)?;
        for table in TABLES {
            let columns: Vec<String> = {
                let stmt = tx
                    .prepare(&format!("SELECT * FROM {table} LIMIT 0"))
                    .map_err(write_err)?;
                stmt.column_names()
                    .iter()
                    .map(|c| (*c).to_owned())
                    .collect()
            };
            let given = backup
                .tables
                .get(table)
                .map(Vec::as_slice)
                .unwrap_or_default();
            for row in given {
                let names: Vec<&String> = columns.iter().filter(|c| row.contains_key(*c)).collect();
                // The migrations seed some settings; the backup's values win.
                let verb = if table == "settings" {
                    "INSERT OR REPLACE"
                } else {
                    "INSERT"
                };
                let sql = format!(
                    "{verb} INTO {table} ({}) VALUES ({})",
                    names
                        .iter()
                        .map(|n| n.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    (1..=names.len())
                        .map(|i| format!("?{i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                let values: Vec<SqlValue> =
                    names.iter().map(|n| to_sql(&row[n.as_str()])).collect();
                tx.execute(&sql, rusqlite::params_from_iter(values))
                    .map_err(|e| refuse(format!("a row of {table} cannot be restored ({e})")))?;
            }
            rows.insert(table.to_owned(), given.len());
        }
        // A backup from before the trail brings rows it does not hold.
        super::trail::chain_unentered(&tx).map_err(write_err)?;
        tx.commit().map_err(write_err)?;
        restore_files(&fresh, &backup.files).map_err(refuse)?;
        let check: String = fresh
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(read_err)?;
        if check != "ok" {
            return Err(refuse(format!(
                "the restored database fails its integrity check ({check})"
            )));
        }
        fresh
            .conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .map_err(write_err)?;
    }
    let previous = super::backup::replace_live(dir, &building, &stamp).map_err(refuse)?;
    Ok(RestoreReport { rows, previous })
}

//! Evidence: files and links attached to a deadline or to a step of an
//! incident clock.
//!
//! A file is copied into the data folder's `evidence/` under its SHA-256,
//! read-only and private like the database; the same file twice is stored
//! once. Its row names it, gives its size, type, the date it is effective
//! from, who added it and when, and a note. Rows are never changed or
//! removed, and each is entered in the trail.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use ulid::Ulid;

use super::{history, read_err, trail, write_err, Store};
use crate::model::Actor;
use crate::store::Error;
use crate::time::to_stored;

/// The data folder's directory of evidence files.
pub const EVIDENCE_DIR: &str = "evidence";

/// What the evidence is attached to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'a> {
    Deadline(&'a str),
    ClockStep { clock: &'a str, step: &'a str },
}

/// What is attached: a file from disk, or a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source<'a> {
    File(&'a Path),
    Link { url: &'a str, name: &'a str },
}

/// A piece of evidence as the window, docketctl and the report show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Evidence {
    pub id: String,
    pub deadline_id: Option<String>,
    pub clock_id: Option<String>,
    pub clock_step: Option<String>,
    /// "file" or "link".
    pub kind: String,
    /// The file's name when it was added, or the link's title.
    pub name: String,
    /// 64 lower-case hex digits, for a file.
    pub sha256: Option<String>,
    #[ts(type = "number | null")]
    pub size: Option<i64>,
    pub media_type: Option<String>,
    pub url: Option<String>,
    /// The date it is effective from, YYYY-MM-DD.
    pub effective: Option<String>,
    pub note: String,
    pub added_at: String,
    pub added_by: String,
}

const COLUMNS: &str = "id, deadline_id, clock_id, clock_step, kind, name, sha256, size, \
    media_type, url, effective, note, added_at, added_by";

fn from_row(r: &Row) -> rusqlite::Result<Evidence> {
    Ok(Evidence {
        id: r.get(0)?,
        deadline_id: r.get(1)?,
        clock_id: r.get(2)?,
        clock_step: r.get(3)?,
        kind: r.get(4)?,
        name: r.get(5)?,
        sha256: r.get(6)?,
        size: r.get(7)?,
        media_type: r.get(8)?,
        url: r.get(9)?,
        effective: r.get(10)?,
        note: r.get(11)?,
        added_at: r.get(12)?,
        added_by: r.get(13)?,
    })
}

/// The type of a file by its name's ending, for the officer's eyes.
fn media_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "eml" => "message/rfc822",
        "zip" => "application/zip",
        "json" => "application/json",
        "xml" => "application/xml",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/octet-stream",
    }
}

/// Copies `file` into `dir` under its SHA-256, read-only and private, unless
/// a file with that hash is there already. Returns the hash and the size.
fn store_file(file: &Path, dir: &Path) -> Result<(String, u64), String> {
    let unreadable = |e: std::io::Error| format!("{} cannot be read: {e}", file.display());
    if file.is_dir() {
        return Err(format!("{} is a folder, not a file", file.display()));
    }
    let mut input = File::open(file).map_err(unreadable)?;
    if !dir.exists() {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| format!("{} cannot be created: {e}", dir.display()))?;
    }
    // Hashed while it is copied, into a private file that takes its name
    // once the copy is whole.
    let partial = dir.join(format!(".adding-{}", Ulid::new()));
    let written = (|| -> std::io::Result<(String, u64)> {
        let mut out = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&partial)?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        let mut size = 0u64;
        loop {
            let n = input.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n])?;
            size += n as u64;
        }
        out.sync_all()?;
        Ok((trail::hex(&hasher.finalize()), size))
    })();
    let (sha, size) = match written {
        Ok(done) => done,
        Err(e) => {
            let _ = fs::remove_file(&partial);
            return Err(unreadable(e));
        }
    };
    let kept = dir.join(&sha);
    if kept.exists() {
        let _ = fs::remove_file(&partial);
    } else {
        fs::set_permissions(&partial, fs::Permissions::from_mode(0o400))
            .and_then(|()| fs::rename(&partial, &kept))
            .map_err(|e| format!("{} cannot be kept: {e}", kept.display()))?;
    }
    Ok((sha, size))
}

impl Store {
    /// The folder evidence files are kept in, beside the database.
    pub fn evidence_dir(&self) -> Result<PathBuf, Error> {
        self.path
            .parent()
            .filter(|p| self.path != Path::new(":memory:") && !p.as_os_str().is_empty())
            .map(|p| p.join(EVIDENCE_DIR))
            .ok_or_else(|| {
                Error::Refused("This database has no data folder to keep evidence in.".to_owned())
            })
    }

    /// Attaches a file or a link. A file that cannot be read is refused
    /// with a sentence, and nothing is added.
    #[allow(clippy::too_many_arguments)]
    pub fn add_evidence(
        &mut self,
        target: &Target,
        source: &Source,
        note: &str,
        effective: Option<NaiveDate>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Evidence, Error> {
        let (deadline_id, clock_id, clock_step) = match target {
            Target::Deadline(id) => {
                let id = self.resolve_id(id)?;
                (Some(id), None, None)
            }
            Target::ClockStep { clock, step } => {
                let found: Option<String> = self
                    .conn
                    .query_row(
                        "SELECT deadline_id FROM clock_step WHERE clock_id = ?1 AND key = ?2",
                        params![clock, step],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(read_err)?;
                if found.is_none() {
                    return Err(Error::Refused(format!(
                        "The clock {clock} has no step “{step}”; `docketctl clock show {clock}` lists them."
                    )));
                }
                (None, Some((*clock).to_owned()), Some((*step).to_owned()))
            }
        };
        let (kind, name, sha, size, media, url) = match source {
            Source::File(path) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| path.display().to_string());
                let (sha, size) = store_file(path, &self.evidence_dir()?)
                    .map_err(|e| Error::Refused(format!("{e}. Nothing was added.")))?;
                let media = media_type(&name);
                (
                    "file",
                    name,
                    Some(sha),
                    Some(size as i64),
                    Some(media),
                    None,
                )
            }
            Source::Link { url, name } => {
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    return Err(Error::Refused(format!(
                        "{url:?} is not a web link (http:// or https://). Nothing was added."
                    )));
                }
                let name = if name.trim().is_empty() {
                    *url
                } else {
                    name.trim()
                };
                (
                    "link",
                    name.to_owned(),
                    None,
                    None,
                    None,
                    Some((*url).to_owned()),
                )
            }
        };
        let id = Ulid::from_datetime(now.into()).to_string();
        let tx = self.conn.transaction().map_err(write_err)?;
        tx.execute(
            "INSERT INTO evidence (id, deadline_id, clock_id, clock_step, kind, name, sha256, size, \
             media_type, url, effective, note, added_at, added_by) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                id,
                deadline_id,
                clock_id,
                clock_step,
                kind,
                name,
                sha,
                size,
                media,
                url,
                effective.map(|d| d.to_string()),
                note.trim(),
                to_stored(now),
                actor.user
            ],
        )
        .map_err(write_err)?;
        trail::record(&tx, trail::Kind::Evidence, &id, now).map_err(write_err)?;
        // The deadline's own history says it, with the hash.
        let on = deadline_id.clone().or_else(|| {
            tx.query_row(
                "SELECT deadline_id FROM clock_step WHERE clock_id = ?1 AND key = ?2",
                params![clock_id, clock_step],
                |r| r.get(0),
            )
            .ok()
        });
        if let Some(on) = on {
            let what = match &sha {
                Some(sha) => format!("Evidence added: {name} (SHA-256 {sha})"),
                None => format!("Evidence added: {name} ({})", url.as_deref().unwrap_or("")),
            };
            history::append(&tx, &on, actor, now, "evidence", &what, &[]).map_err(write_err)?;
        }
        tx.commit().map_err(write_err)?;
        self.evidence_by_id(&id)?
            .ok_or_else(|| Error::NotFound(id.clone()))
    }

    fn evidence_by_id(&self, id: &str) -> Result<Option<Evidence>, Error> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM evidence WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()
            .map_err(read_err)?)
    }

    /// A deadline's evidence, and that of the clock step it is, oldest first.
    pub fn evidence(&self, deadline_id: &str) -> Result<Vec<Evidence>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM evidence WHERE deadline_id = ?1 \
                 OR EXISTS (SELECT 1 FROM clock_step s WHERE s.deadline_id = ?1 \
                   AND s.clock_id = evidence.clock_id AND s.key = evidence.clock_step) \
                 ORDER BY added_at, id"
            ))
            .map_err(read_err)?;
        let rows = stmt.query_map([deadline_id], from_row).map_err(read_err)?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(read_err)?)
    }

    /// Where a piece of evidence's file is kept, if it is a file.
    pub fn evidence_file(&self, evidence: &Evidence) -> Result<Option<PathBuf>, Error> {
        Ok(match &evidence.sha256 {
            Some(sha) => Some(self.evidence_dir()?.join(sha)),
            None => None,
        })
    }

    /// Copies a deadline's evidence files into `dir` under their own names
    /// (a second file of the same name gets its hash's start), and writes
    /// its links into `links.txt`. Returns the paths written.
    pub fn export_evidence(&self, deadline_id: &str, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        let items = self.evidence(deadline_id)?;
        let failed = |path: &Path, e: std::io::Error| {
            Error::Refused(format!("{} cannot be written: {e}.", path.display()))
        };
        fs::create_dir_all(dir).map_err(|e| failed(dir, e))?;
        let mut written = Vec::new();
        let mut links = String::new();
        for e in &items {
            match (self.evidence_file(e)?, &e.url) {
                (Some(kept), _) => {
                    let mut target = dir.join(&e.name);
                    if written.contains(&target) || target.exists() {
                        let short = e
                            .sha256
                            .as_deref()
                            .unwrap_or_default()
                            .get(..12)
                            .unwrap_or("");
                        target = dir.join(format!("{short}-{}", e.name));
                    }
                    fs::copy(&kept, &target).map_err(|err| {
                        Error::Refused(format!(
                            "The evidence {} ({}) cannot be copied from {}: {err}.",
                            e.name,
                            e.id,
                            kept.display()
                        ))
                    })?;
                    fs::set_permissions(&target, fs::Permissions::from_mode(0o600))
                        .map_err(|err| failed(&target, err))?;
                    written.push(target);
                }
                (None, Some(url)) => links.push_str(&format!("{}\t{url}\n", e.name)),
                (None, None) => {}
            }
        }
        if !links.is_empty() {
            let path = dir.join("links.txt");
            fs::write(&path, links).map_err(|e| failed(&path, e))?;
            written.push(path);
        }
        Ok(written)
    }
}

/// Why a deadline cannot be marked done yet: its pack requires evidence
/// and it has none.
pub(super) fn missing_evidence(
    conn: &rusqlite::Connection,
    deadline_id: &str,
) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT title FROM deadline d WHERE id = ?1 AND requires_evidence = 1 \
         AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.deadline_id = d.id)",
        [deadline_id],
        |r| r.get::<_, String>(0),
    )
    .optional()
    .map(|title| {
        title.map(|t| {
            format!(
                "“{t}” needs evidence before it is done: attach a file or a link first \
                 (in its details, or `docketctl evidence add {deadline_id} FILE`)."
            )
        })
    })
}

#[cfg(test)]
mod tests;

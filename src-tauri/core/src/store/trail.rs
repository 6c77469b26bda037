//! The tamper-evident trail: every row written to the history, the reminder
//! log and the evidence is entered in `trail` with a SHA-256 hash that
//! covers the entry and the hash before it.
//!
//! [`Store::verify_trail`] walks the chain from the first entry, then
//! compares each row of the three tables with its latest entry. It finds an
//! entry or a row that was changed, removed or inserted by a program that
//! went around Docket (the append-only triggers can be dropped by anyone
//! who holds the file). It cannot stop someone who rewrites a row and every
//! later hash: a head hash kept elsewhere (an audit report carries one)
//! shows that.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::{read_err, Store};
use crate::store::Error;
use crate::time::to_stored;

/// The hash before the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A table whose rows the trail covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    History,
    Reminder,
    Evidence,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::History, Kind::Reminder, Kind::Evidence];

    fn as_str(self) -> &'static str {
        match self {
            Kind::History => "history",
            Kind::Reminder => "reminder",
            Kind::Evidence => "evidence",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The row's key and its content as JSON, as SQLite writes them, with
    /// `?1` the row's key.
    fn row_sql(self) -> &'static str {
        match self {
            Kind::History => {
                "SELECT CAST(id AS TEXT), json_object('id', id, 'deadline_id', deadline_id, 'at', at, \
                 'actor', actor, 'via', via, 'action', action, 'summary', summary, 'changes', changes) \
                 FROM history"
            }
            Kind::Reminder => {
                "SELECT deadline_id || '|' || lead || '|' || due_revision, json_object('deadline_id', \
                 deadline_id, 'lead', lead, 'due_revision', due_revision, 'fire_at', fire_at, \
                 'recorded_at', recorded_at, 'outcome', outcome, 'channel', channel, 'action', action, \
                 'snooze_until', snooze_until) FROM reminder_log"
            }
            Kind::Evidence => {
                "SELECT id, json_object('id', id, 'deadline_id', deadline_id, 'clock_id', clock_id, \
                 'clock_step', clock_step, 'kind', kind, 'name', name, 'sha256', sha256, 'size', size, \
                 'media_type', media_type, 'url', url, 'effective', effective, 'note', note, \
                 'added_at', added_at, 'added_by', added_by) FROM evidence"
            }
        }
    }

    fn key_condition(self) -> &'static str {
        match self {
            Kind::History => "id = ?1",
            Kind::Reminder => "deadline_id || '|' || lead || '|' || due_revision = ?1",
            Kind::Evidence => "id = ?1",
        }
    }

    /// "history entry 12", "reminder eu-ai-act:x|7d|1", "evidence 01K…".
    fn describe(self, key: &str) -> String {
        match self {
            Kind::History => format!("history row {key}"),
            Kind::Reminder => format!("reminder-log row {key}"),
            Kind::Evidence => format!("evidence {key}"),
        }
    }
}

fn hash(prev: &str, seq: i64, kind: &str, key: &str, at: &str, content: &str) -> String {
    let mut h = Sha256::new();
    for part in [prev, &seq.to_string(), kind, key, at, content] {
        h.update(part.as_bytes());
        h.update(b"\n");
    }
    hex(&h.finalize())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Enters the row `key` of `kind`, as it is now, at the end of the trail.
pub(super) fn record(
    conn: &Connection,
    kind: Kind,
    key: &str,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    let content: String = conn.query_row(
        &format!("{} WHERE {}", kind.row_sql(), kind.key_condition()),
        [key],
        |r| r.get(1),
    )?;
    append(conn, kind, key, &content, &to_stored(now))
}

fn append(
    conn: &Connection,
    kind: Kind,
    key: &str,
    content: &str,
    at: &str,
) -> rusqlite::Result<()> {
    let (last, prev): (i64, String) = conn
        .query_row(
            "SELECT seq, hash FROM trail ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, GENESIS.to_owned()));
    let seq = last + 1;
    let h = hash(&prev, seq, kind.as_str(), key, at, content);
    conn.execute(
        "INSERT INTO trail (seq, at, kind, row_key, content, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![seq, at, kind.as_str(), key, content, h],
    )?;
    Ok(())
}

/// Enters every row of the three tables that the trail does not hold yet,
/// oldest first: the rows written before the trail existed (at the
/// migration), and those of a restored backup from before it.
pub(super) fn chain_unentered(conn: &Connection) -> rusqlite::Result<()> {
    let entered: std::collections::HashSet<(String, String)> = {
        let mut stmt = conn.prepare("SELECT kind, row_key FROM trail")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for kind in Kind::ALL {
        let order = match kind {
            Kind::History => "ORDER BY id",
            Kind::Reminder | Kind::Evidence => "ORDER BY rowid",
        };
        let rows: Vec<(String, String)> = {
            let mut stmt = conn.prepare(&format!("{} {order}", kind.row_sql()))?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (key, content) in rows {
            if entered.contains(&(kind.as_str().to_owned(), key.clone())) {
                continue;
            }
            // The time the row itself says it was written, where it says one.
            let at = serde_json::from_str::<serde_json::Value>(&content)
                .ok()
                .and_then(|v| {
                    ["at", "recorded_at", "added_at"]
                        .iter()
                        .find_map(|f| v.get(f).and_then(|t| t.as_str()).map(str::to_owned))
                })
                .unwrap_or_default();
            append(conn, kind, &key, &content, &at)?;
        }
    }
    Ok(())
}

/// What [`Store::verify_trail`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TrailCheck {
    /// How many entries the trail holds.
    #[ts(type = "number")]
    pub entries: i64,
    /// The last entry's hash: what a later check compares with.
    pub head: String,
    /// The first entry or row that does not match, in a sentence; none
    /// when the trail is intact.
    pub broken: Option<String>,
    /// The entry whose hash is the one looked for (a report's head), when
    /// one was looked for and found.
    #[ts(type = "number | null")]
    pub head_found_at: Option<i64>,
}

impl Store {
    /// Recomputes the trail's chain and compares every history, reminder-log
    /// and evidence row with its latest entry.
    pub fn verify_trail(&self) -> Result<TrailCheck, Error> {
        self.verify_trail_through(None)
    }

    /// [`Store::verify_trail`], and whether an entry has the hash `head`
    /// (an audit report's): if it has, nothing up to it was rewritten.
    pub fn verify_trail_through(&self, head: Option<&str>) -> Result<TrailCheck, Error> {
        let mut check = verify(&self.conn).map_err(read_err)?;
        if let Some(head) = head {
            check.head_found_at = self
                .conn
                .query_row(
                    "SELECT seq FROM trail WHERE hash = ?1",
                    [head.trim().to_ascii_lowercase()],
                    |r| r.get(0),
                )
                .optional()
                .map_err(read_err)?;
            if check.broken.is_none() && check.head_found_at.is_none() {
                check.broken = Some(format!(
                    "no entry of the trail has the hash {head}: the trail was rewritten since \
                     that hash was taken, or it comes from another database"
                ));
            }
        }
        Ok(check)
    }

    /// The running app's daily check of the trail: a break is told once,
    /// in the window (until dismissed) and by a notification, and the
    /// sentence is returned each time it is found.
    pub fn check_trail_and_report(&mut self, now: DateTime<Utc>) -> Result<Option<String>, Error> {
        let check = self.verify_trail()?;
        let Some(broken) = check.broken else {
            self.set_setting("trail_problem", None)?;
            return Ok(None);
        };
        let sentence = format!(
            "Docket's audit trail does not match the database: {broken}. Another program changed it \
             after Docket wrote it. Keep this database as it is; `docketctl verify` says the same, \
             and a backup from before the change verifies on its own."
        );
        if self.setting("trail_problem")?.as_deref() != Some(broken.as_str()) {
            self.set_setting("trail_problem", Some(&broken))?;
            self.set_startup_problem(Some(&sentence))?;
            self.add_notice("Docket's audit trail was changed outside Docket", now)?;
        }
        Ok(Some(sentence))
    }

    /// The trail's head hash and length, without checking it.
    pub fn trail_head(&self) -> Result<(String, i64), Error> {
        Ok(self
            .conn
            .query_row(
                "SELECT hash, seq FROM trail ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(read_err)?
            .unwrap_or((GENESIS.to_owned(), 0)))
    }
}

fn verify(conn: &Connection) -> rusqlite::Result<TrailCheck> {
    let mut prev = GENESIS.to_owned();
    let mut expected_seq = 1;
    // The latest content of each row, by kind and key.
    let mut latest: HashMap<(Kind, String), (i64, String)> = HashMap::new();
    let mut broken = None;
    {
        let mut stmt =
            conn.prepare("SELECT seq, at, kind, row_key, content, hash FROM trail ORDER BY seq")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let at: String = r.get(1)?;
            let kind_text: String = r.get(2)?;
            let key: String = r.get(3)?;
            let content: String = r.get(4)?;
            let stored: String = r.get(5)?;
            if seq != expected_seq {
                broken = Some(format!(
                    "trail entry {expected_seq} is missing: it was removed (the next is {seq})"
                ));
                break;
            }
            if hash(&prev, seq, &kind_text, &key, &at, &content) != stored {
                broken = Some(format!(
                    "trail entry {seq} ({}) does not match its hash: it was changed after it was written",
                    Kind::parse(&kind_text).map_or(kind_text.clone(), |k| k.describe(&key))
                ));
                break;
            }
            let Some(kind) = Kind::parse(&kind_text) else {
                broken = Some(format!(
                    "trail entry {seq} names an unknown table {kind_text:?}"
                ));
                break;
            };
            latest.insert((kind, key), (seq, content));
            prev = stored;
            expected_seq += 1;
        }
    }
    let entries = expected_seq - 1;
    if broken.is_none() {
        broken = compare_rows(conn, &mut latest)?;
    }
    Ok(TrailCheck {
        entries,
        head: prev,
        broken,
        head_found_at: None,
    })
}

/// The first row that differs from its latest entry, was never entered,
/// or is gone.
fn compare_rows(
    conn: &Connection,
    latest: &mut HashMap<(Kind, String), (i64, String)>,
) -> rusqlite::Result<Option<String>> {
    for kind in Kind::ALL {
        let mut stmt = conn.prepare(kind.row_sql())?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let key: String = r.get(0)?;
            let content: String = r.get(1)?;
            match latest.remove(&(kind, key.clone())) {
                None => {
                    return Ok(Some(format!(
                        "{} is not in the trail: it was inserted around Docket",
                        kind.describe(&key)
                    )))
                }
                Some((seq, entered)) if entered != content => {
                    return Ok(Some(format!(
                        "{} differs from trail entry {seq}: it was changed after it was written",
                        kind.describe(&key)
                    )))
                }
                Some(_) => {}
            }
        }
    }
    // What is left was entered but is no longer there.
    if let Some(((kind, key), (seq, _))) = latest.iter().min_by_key(|(_, (seq, _))| *seq) {
        return Ok(Some(format!(
            "{} (trail entry {seq}) is gone: it was removed",
            kind.describe(key)
        )));
    }
    Ok(None)
}

#[cfg(test)]
mod tests;

//! The append-only audit trail. Rows are only ever inserted; the schema's
//! triggers refuse updates and deletes.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{read_err, Store};
use crate::model::Actor;
use crate::store::Error;
use crate::time::{from_stored, to_stored};

/// One field's value before and after a change (`None` when empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Change {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One entry of a deadline's audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HistoryEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub deadline_id: String,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// The OS user who made the change.
    pub actor: String,
    /// How: "window", "docketctl", "pack".
    pub via: String,
    /// "created", "edited", "moved", "amended", "status".
    pub action: String,
    /// A sentence for people: "Moved from 2 August 2026 to 2 December 2027 by …".
    pub summary: String,
    pub changes: Vec<Change>,
}

pub(super) fn append(
    conn: &Connection,
    deadline_id: &str,
    actor: &Actor,
    now: DateTime<Utc>,
    action: &str,
    summary: &str,
    changes: &[Change],
) -> rusqlite::Result<()> {
    let changes = serde_json::to_string(changes)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.execute(
        "INSERT INTO history (deadline_id, at, actor, via, action, summary, changes) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            deadline_id,
            to_stored(now),
            actor.user,
            actor.via,
            action,
            summary,
            changes
        ],
    )?;
    let id = conn.last_insert_rowid().to_string();
    super::trail::record(conn, super::trail::Kind::History, &id, now)
}

impl Store {
    /// A deadline's audit trail, oldest first.
    pub fn history(&self, deadline_id: &str) -> Result<Vec<HistoryEntry>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, deadline_id, at, actor, via, action, summary, changes \
                 FROM history WHERE deadline_id = ?1 ORDER BY id",
            )
            .map_err(read_err)?;
        let rows = stmt
            .query_map([deadline_id], |row| {
                let at: String = row.get(2)?;
                let changes: String = row.get(7)?;
                let bad = |what: &str| {
                    rusqlite::Error::FromSqlConversionFailure(
                        2,
                        rusqlite::types::Type::Text,
                        format!("history {what} is damaged").into(),
                    )
                };
                Ok(HistoryEntry {
                    id: row.get(0)?,
                    deadline_id: row.get(1)?,
                    at: from_stored(&at).ok_or_else(|| bad("time"))?,
                    actor: row.get(3)?,
                    via: row.get(4)?,
                    action: row.get(5)?,
                    summary: row.get(6)?,
                    changes: serde_json::from_str(&changes).map_err(|_| bad("changes"))?,
                })
            })
            .map_err(read_err)?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(read_err)?)
    }
}

//! The reminder log: one row per occurrence that was delivered, superseded or
//! failed, keyed by (deadline, lead, due revision).

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{read_err, write_err, Store};
use crate::error::Error;
use crate::reminders::{Occurrence, OccurrenceKey};
use crate::time::to_stored;

/// How a delivered occurrence reached the officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Notification,
    Digest,
}

impl Channel {
    fn as_str(self) -> &'static str {
        match self {
            Channel::Notification => "notification",
            Channel::Digest => "digest",
        }
    }
}

impl Store {
    /// The keys of every occurrence already recorded.
    pub fn logged_occurrences(&self) -> Result<HashSet<OccurrenceKey>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT deadline_id, lead, due_revision FROM reminder_log")
            .map_err(read_err)?;
        let rows = stmt
            .query_map([], |row| {
                let lead: String = row.get(1)?;
                let lead = lead.parse().map_err(|()| {
                    rusqlite::Error::FromSqlConversionFailure(
                        1,
                        rusqlite::types::Type::Text,
                        format!("lead {lead:?} is not valid").into(),
                    )
                })?;
                Ok(OccurrenceKey {
                    deadline_id: row.get(0)?,
                    lead,
                    due_revision: row.get(2)?,
                })
            })
            .map_err(read_err)?;
        Ok(rows
            .collect::<rusqlite::Result<HashSet<_>>>()
            .map_err(read_err)?)
    }

    /// Claims occurrences in one transaction: `delivered` as shown through
    /// `channel`, `superseded` as never to be shown. Returns the delivered
    /// occurrences that were not claimed before, which are the only ones to
    /// show, so that an occurrence is never shown twice.
    pub fn claim_occurrences(
        &mut self,
        delivered: &[Occurrence],
        superseded: &[Occurrence],
        channel: Channel,
        now: DateTime<Utc>,
    ) -> Result<Vec<Occurrence>, Error> {
        let tx = self.conn.transaction().map_err(write_err)?;
        let mut claimed = Vec::new();
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO reminder_log \
                     (deadline_id, lead, due_revision, fire_at, recorded_at, outcome, channel) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(write_err)?;
            let stamp = to_stored(now);
            for o in delivered {
                let rows = insert
                    .execute(params![
                        o.deadline_id,
                        o.lead.to_string(),
                        o.due_revision,
                        to_stored(o.fire_at),
                        stamp,
                        "delivered",
                        channel.as_str()
                    ])
                    .map_err(write_err)?;
                if rows == 1 {
                    claimed.push(o.clone());
                }
            }
            for o in superseded {
                insert
                    .execute(params![
                        o.deadline_id,
                        o.lead.to_string(),
                        o.due_revision,
                        to_stored(o.fire_at),
                        stamp,
                        "superseded",
                        None::<&str>
                    ])
                    .map_err(write_err)?;
            }
        }
        tx.commit().map_err(write_err)?;
        Ok(claimed)
    }
}

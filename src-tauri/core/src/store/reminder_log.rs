//! The reminder log: one row per occurrence that was delivered, superseded or
//! failed to show, keyed by (deadline, lead, due revision), with what the
//! officer did with it (snoozed, dismissed, marked done).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Transaction};

use super::{history, read_err, trail, write_err, Store};
use crate::model::{Actor, LeadTime};
use crate::reminders::{Occurrence, OccurrenceKey, ReminderLog};
use crate::store::Error;
use crate::time::{from_stored, long_date, to_stored};

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

/// What the officer did with a delivered reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderAction {
    /// The officer opened the deadline from the notification.
    Opened,
    Dismissed,
    Done,
}

fn bad_lead(lead: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        1,
        rusqlite::types::Type::Text,
        format!("lead {lead:?} is not valid").into(),
    )
}

/// The reminder log row's key in the trail.
fn trail_key(deadline_id: &str, lead: &str, due_revision: u32) -> String {
    format!("{deadline_id}|{lead}|{due_revision}")
}

fn set_action(
    tx: &Transaction,
    key: &OccurrenceKey,
    action: &str,
    snooze_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> rusqlite::Result<usize> {
    let changed = tx.execute(
        "UPDATE reminder_log SET action = ?4, snooze_until = ?5 \
         WHERE deadline_id = ?1 AND lead = ?2 AND due_revision = ?3",
        params![
            key.deadline_id,
            key.lead.to_string(),
            key.due_revision,
            action,
            snooze_until.map(to_stored)
        ],
    )?;
    if changed > 0 {
        let lead = key.lead.to_string();
        let row = trail_key(&key.deadline_id, &lead, key.due_revision);
        trail::record(tx, trail::Kind::Reminder, &row, now)?;
    }
    Ok(changed)
}

/// One row of a deadline's reminder log, as the details panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ReminderEntry {
    /// "7d", "0d", "2h".
    pub lead: String,
    /// "7 days before", "on the day".
    pub stage: String,
    pub due_revision: u32,
    pub fire_at: String,
    pub recorded_at: String,
    /// "delivered", "superseded" or "failed".
    pub outcome: String,
    /// "notification" or "digest", when delivered.
    pub channel: Option<String>,
    /// "none", "opened", "snoozed", "dismissed" or "done".
    pub action: String,
    pub snooze_until: Option<String>,
}

impl Store {
    /// A deadline's reminder log, newest first.
    pub fn reminder_entries(&self, deadline_id: &str) -> Result<Vec<ReminderEntry>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT lead, due_revision, fire_at, recorded_at, outcome, channel, action, snooze_until \
                 FROM reminder_log WHERE deadline_id = ?1 ORDER BY recorded_at DESC, fire_at DESC",
            )
            .map_err(read_err)?;
        let rows = stmt
            .query_map([deadline_id], |row| {
                let lead: String = row.get(0)?;
                let stage = lead
                    .parse::<LeadTime>()
                    .map_err(|()| bad_lead(&lead))?
                    .describe();
                Ok(ReminderEntry {
                    lead,
                    stage,
                    due_revision: row.get(1)?,
                    fire_at: row.get(2)?,
                    recorded_at: row.get(3)?,
                    outcome: row.get(4)?,
                    channel: row.get(5)?,
                    action: row.get(6)?,
                    snooze_until: row.get(7)?,
                })
            })
            .map_err(read_err)?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(read_err)?)
    }

    /// What the log says: every recorded occurrence, and the snoozed ones with
    /// the time they fire again. Occurrences that failed to show are left out,
    /// so that planning owes them again.
    pub fn reminder_log(&self) -> Result<ReminderLog, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT deadline_id, lead, due_revision, snooze_until FROM reminder_log \
                 WHERE outcome <> 'failed'",
            )
            .map_err(read_err)?;
        let mut rows = stmt.query([]).map_err(read_err)?;
        let mut log = ReminderLog::default();
        while let Some(row) = rows.next().map_err(read_err)? {
            let lead: String = row.get(1).map_err(read_err)?;
            let key = OccurrenceKey {
                deadline_id: row.get(0).map_err(read_err)?,
                lead: lead
                    .parse::<LeadTime>()
                    .map_err(|()| read_err(bad_lead(&lead)))?,
                due_revision: row.get(2).map_err(read_err)?,
            };
            let snooze: Option<String> = row.get(3).map_err(read_err)?;
            match snooze.as_deref().and_then(from_stored) {
                Some(until) => log.snooze(key, until),
                None => {
                    log.record(key);
                }
            }
        }
        Ok(log)
    }

    /// Claims occurrences in one transaction: `delivered` as shown through
    /// `channel`, `superseded` as never to be shown. Returns the delivered
    /// occurrences that this call claimed, which are the only ones to show:
    /// an occurrence claimed before (by another wake-up, another process) is
    /// not returned, so it is never shown twice. One that failed to show
    /// before, or a snoozed one that is due again, can be claimed once more.
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
                    "INSERT INTO reminder_log \
                     (deadline_id, lead, due_revision, fire_at, recorded_at, outcome, channel) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
                     ON CONFLICT (deadline_id, lead, due_revision) DO UPDATE SET \
                       outcome = excluded.outcome, channel = excluded.channel, \
                       recorded_at = excluded.recorded_at, action = 'none', snooze_until = NULL \
                     WHERE reminder_log.outcome = 'failed' \
                        OR (?8 AND reminder_log.snooze_until IS NOT NULL)",
                )
                .map_err(write_err)?;
            let stamp = to_stored(now);
            let outcomes = delivered
                .iter()
                .map(|o| (o, "delivered", Some(channel.as_str())))
                .chain(superseded.iter().map(|o| (o, "superseded", None)));
            for (o, outcome, channel) in outcomes {
                let rows = insert
                    .execute(params![
                        o.deadline_id,
                        o.lead.to_string(),
                        o.due_revision,
                        to_stored(o.fire_at),
                        stamp,
                        outcome,
                        channel,
                        o.snoozed,
                    ])
                    .map_err(write_err)?;
                if rows == 1 {
                    let lead = o.lead.to_string();
                    let row = trail_key(&o.deadline_id, &lead, o.due_revision);
                    trail::record(&tx, trail::Kind::Reminder, &row, now).map_err(write_err)?;
                }
                if rows == 1 && outcome == "delivered" {
                    claimed.push(o.clone());
                }
            }
        }
        tx.commit().map_err(write_err)?;
        Ok(claimed)
    }

    /// Records that claimed occurrences could not be shown, so that the next
    /// wake-up owes them again. A snoozed one keeps its snooze time.
    pub fn record_failed(
        &mut self,
        occurrences: &[Occurrence],
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        let tx = self.conn.transaction().map_err(write_err)?;
        for o in occurrences {
            if o.snoozed {
                set_action(&tx, &o.key(), "snoozed", Some(o.fire_at), now).map_err(write_err)?;
            } else {
                let changed = tx
                    .execute(
                        "UPDATE reminder_log SET outcome = 'failed' \
                         WHERE deadline_id = ?1 AND lead = ?2 AND due_revision = ?3",
                        params![o.deadline_id, o.lead.to_string(), o.due_revision],
                    )
                    .map_err(write_err)?;
                if changed > 0 {
                    let lead = o.lead.to_string();
                    let row = trail_key(&o.deadline_id, &lead, o.due_revision);
                    trail::record(&tx, trail::Kind::Reminder, &row, now).map_err(write_err)?;
                }
            }
        }
        tx.commit().map_err(write_err)?;
        Ok(())
    }

    /// Snoozes a delivered reminder until `until`, when it fires once more.
    pub fn snooze(
        &mut self,
        key: &OccurrenceKey,
        until: DateTime<Utc>,
        local: Tz,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        let tx = self.conn.transaction().map_err(write_err)?;
        if set_action(&tx, key, "snoozed", Some(until), now).map_err(write_err)? == 0 {
            return Err(Error::NotFound(format!("{}/{}", key.deadline_id, key.lead)));
        }
        // On the officer's clock, as the window and docketctl show the rest.
        let shown = until.with_timezone(&local);
        let summary = format!(
            "Snoozed the reminder {} until {} {}",
            key.lead.describe(),
            long_date(shown.date_naive()),
            shown.format("%H:%M %Z")
        );
        history::append(&tx, &key.deadline_id, actor, now, "reminder", &summary, &[])
            .map_err(write_err)?;
        tx.commit().map_err(write_err)?;
        Ok(())
    }

    /// Records what was done with a delivered reminder; marking it done marks
    /// the deadline done too, in the same transaction.
    pub fn record_reminder_action(
        &mut self,
        key: &OccurrenceKey,
        action: ReminderAction,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        let tx = self.conn.transaction().map_err(write_err)?;
        let name = match action {
            ReminderAction::Opened => "opened",
            ReminderAction::Dismissed => "dismissed",
            ReminderAction::Done => "done",
        };
        set_action(&tx, key, name, None, now).map_err(write_err)?;
        match action {
            ReminderAction::Done => {
                super::deadlines::mark_done_in(&tx, &key.deadline_id, "", actor, now)?
            }
            ReminderAction::Opened => {
                let summary = format!("Opened from the reminder {}", key.lead.describe());
                history::append(&tx, &key.deadline_id, actor, now, "reminder", &summary, &[])
                    .map_err(write_err)?;
            }
            ReminderAction::Dismissed => {}
        }
        tx.commit().map_err(write_err)?;
        Ok(())
    }
}

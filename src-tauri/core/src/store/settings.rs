//! Settings stored in the database.

use chrono::{DateTime, NaiveTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::{read_err, write_err, Store};
use crate::model::{LeadTime, ValidationError};
use crate::reminders::ReminderSettings;
use crate::store::Error;
use crate::time::{from_stored, to_stored};

/// Minutes between background syncs when the officer set none.
pub const DEFAULT_SYNC_INTERVAL: u32 = 15;

impl Store {
    pub(super) fn setting(&self, key: &str) -> Result<Option<String>, Error> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(read_err)?)
    }

    /// The settings reminder planning uses; a missing or unreadable value
    /// falls back to its default.
    pub fn reminder_settings(&self) -> Result<ReminderSettings, Error> {
        let defaults = ReminderSettings::default();
        let default_leads = self
            .setting("default_lead_times")?
            .and_then(|s| LeadTime::parse_list(&s).ok())
            .filter(|leads| !leads.is_empty())
            .unwrap_or(defaults.default_leads);
        let reminder_time = self
            .setting("reminder_time")?
            .and_then(|s| NaiveTime::parse_from_str(&s, "%H:%M").ok())
            .unwrap_or(defaults.reminder_time);
        Ok(ReminderSettings {
            default_leads,
            reminder_time,
        })
    }

    /// Until when reminders are paused, if they are paused now.
    pub fn paused_until(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, Error> {
        Ok(self
            .setting("paused_until")?
            .and_then(|s| from_stored(&s))
            .filter(|until| *until > now))
    }

    /// Sets a setting, or removes it with `None`.
    pub(super) fn set_setting(&mut self, key: &str, value: Option<&str>) -> Result<(), Error> {
        match value {
            Some(v) => self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, v],
            ),
            None => self
                .conn
                .execute("DELETE FROM settings WHERE key = ?1", [key]),
        }
        .map_err(write_err)?;
        Ok(())
    }

    /// Pauses reminders until `until`, or resumes them with `None`.
    pub fn set_paused_until(&mut self, until: Option<DateTime<Utc>>) -> Result<(), Error> {
        self.set_setting("paused_until", until.map(to_stored).as_deref())
    }

    /// Sets the default lead times and the local time at which day-based
    /// reminders fire, validated as a deadline's fields are.
    pub fn set_reminder_settings(
        &mut self,
        default_leads: &str,
        reminder_time: &str,
    ) -> Result<ReminderSettings, Error> {
        let leads = LeadTime::parse_list(default_leads).map_err(|bad| ValidationError {
            field: "default_lead_times",
            message: format!(
                "Reminder \"{}\" is not a lead time; use for example 90d, 7d, 1d, 0d (on the day), 2h or 15m.",
                bad.0
            ),
            others: Vec::new(),
        })?;
        if leads.is_empty() {
            return Err(ValidationError {
                field: "default_lead_times",
                message: "Choose at least one default reminder.".to_owned(),
                others: Vec::new(),
            }
            .into());
        }
        let time = NaiveTime::parse_from_str(reminder_time.trim(), "%H:%M").map_err(|_| ValidationError {
            field: "reminder_time",
            message: format!(
                "Reminder time \"{}\" is not a time of day; use HH:MM on a 24-hour clock, for example 09:00.",
                reminder_time.trim()
            ),
            others: Vec::new(),
        })?;
        let tx = self.conn.transaction().map_err(write_err)?;
        for (key, value) in [
            ("default_lead_times", LeadTime::format_list(&leads)),
            ("reminder_time", time.format("%H:%M").to_string()),
        ] {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map_err(write_err)?;
        }
        tx.commit().map_err(write_err)?;
        self.reminder_settings()
    }

    /// Why notifications cannot be shown, as the tray process last found;
    /// the window reads it from here.
    pub fn notification_problem(&self) -> Result<Option<String>, Error> {
        self.setting("notification_problem")
    }

    pub fn set_notification_problem(&mut self, problem: Option<&str>) -> Result<(), Error> {
        self.set_setting("notification_problem", problem)
    }

    /// What the window last showed (its filters), as the window wrote it.
    /// What went wrong when Docket last started (a damaged database set
    /// aside), until the officer dismisses it.
    pub fn startup_problem(&self) -> Result<Option<String>, Error> {
        self.setting("startup_problem")
    }

    pub fn set_startup_problem(&mut self, problem: Option<&str>) -> Result<(), Error> {
        self.set_setting("startup_problem", problem)
    }

    pub fn view_state(&self) -> Result<Option<String>, Error> {
        self.setting("view_state")
    }

    /// Keeps what the window shows, so that it survives a restart.
    pub fn set_view_state(&mut self, state: &str) -> Result<(), Error> {
        self.set_setting("view_state", Some(state))
    }

    /// How often the app syncs with the accounts' servers, in minutes; 0 is
    /// never (only "Sync now").
    pub fn sync_interval(&self) -> Result<u32, Error> {
        Ok(self
            .setting("sync_interval_minutes")?
            .and_then(|s| s.parse().ok())
            .unwrap_or(DEFAULT_SYNC_INTERVAL))
    }

    /// Sets the sync interval; from 0 (never) to a day.
    pub fn set_sync_interval(&mut self, minutes: u32) -> Result<u32, Error> {
        if minutes > 1440 {
            return Err(crate::model::ValidationError {
                field: "sync_interval",
                message:
                    "The sync interval is at most 1440 minutes (a day); 0 syncs only when asked."
                        .to_owned(),
                others: Vec::new(),
            }
            .into());
        }
        self.set_setting("sync_interval_minutes", Some(&minutes.to_string()))?;
        Ok(minutes)
    }

    /// SQLite's `data_version`: it changes when another connection (docketctl,
    /// another process) commits, so a long-running reader knows to reload.
    pub fn data_version(&self) -> Result<i64, Error> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(read_err)?)
    }
}

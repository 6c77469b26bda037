//! Settings stored in the database.

use chrono::NaiveTime;
use rusqlite::OptionalExtension;

use super::{read_err, Store};
use crate::error::Error;
use crate::model::LeadTime;
use crate::reminders::ReminderSettings;

impl Store {
    fn setting(&self, key: &str) -> Result<Option<String>, Error> {
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
}

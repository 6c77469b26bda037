//! Docket's domain: deadlines and their validation, the SQLite store with its
//! audit trail, regulation packs, and the pure planning of reminders.
//!
//! Nothing here knows about windows, trays or notification daemons; functions
//! that need the time take `now`, functions that need the database take the
//! [`Store`].

pub mod applicability;
pub mod clocks;
pub mod error;
pub mod holidays;
pub mod interop;
pub mod model;
pub mod packs;
pub mod recurrence;
pub mod reminders;
pub mod report;
pub mod schedule;
pub mod store;
pub mod time;

pub use error::{Code, Coded, ErrorReport};
pub use model::{Actor, Deadline, DeadlineFields, Kind, LeadTime, Status, ValidationError};
pub use store::{Error, Store, StoreError};

/// The application identifier; the default data directory is named after it.
pub const APP_IDENTIFIER: &str = "eu.docket.Docket";

/// Where Docket keeps its data and which zone it plans reminders in, as the
/// window shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct AppInfo {
    pub data_dir: String,
    pub local_zone: String,
    pub version: String,
}

/// Whether notifications reach the officer, whether reminders are paused,
/// and whether Docket starts at login, as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ReminderStatus {
    /// Why notifications cannot be shown, when they cannot.
    pub notification_problem: Option<String>,
    /// RFC 3339 instant until which reminders are paused.
    pub paused_until: Option<String>,
    pub autostart: bool,
    /// What went wrong when Docket started (a damaged database set aside),
    /// until dismissed.
    pub startup_problem: Option<String>,
}

/// The reminder settings as the settings panel edits them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct SettingsView {
    /// Comma-separated default lead times, e.g. "90d,30d,7d,1d,0d".
    pub default_lead_times: String,
    /// Local time of day at which day-based reminders fire, HH:MM.
    pub reminder_time: String,
}

impl From<&reminders::ReminderSettings> for SettingsView {
    fn from(s: &reminders::ReminderSettings) -> Self {
        SettingsView {
            default_lead_times: LeadTime::format_list(&s.default_leads),
            reminder_time: s.reminder_time.format("%H:%M").to_string(),
        }
    }
}

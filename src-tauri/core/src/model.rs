//! Deadlines, lead times, statuses and kinds, and the validation rules that the
//! window and docketctl share word for word.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Problem;
use crate::time::named_zone;

/// What sort of date a deadline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A legal obligation starts to apply.
    Obligation,
    /// Something happened or happens (a publication, an adoption).
    Milestone,
    /// A party committed to, or refused, something.
    Commitment,
    /// A proposal that is not law.
    Proposal,
    /// The officer's own commitment.
    Internal,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Obligation,
        Kind::Milestone,
        Kind::Commitment,
        Kind::Proposal,
        Kind::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Obligation => "obligation",
            Kind::Milestone => "milestone",
            Kind::Commitment => "commitment",
            Kind::Proposal => "proposal",
            Kind::Internal => "internal",
        }
    }
}

impl FromStr for Kind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim().to_lowercase())
            .ok_or(())
    }
}

/// Where a deadline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Open,
    Done,
    Waived,
    /// Replaced by another deadline (for example by a newer pack item).
    Superseded,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Open,
        Status::Done,
        Status::Waived,
        Status::Superseded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Done => "done",
            Status::Waived => "waived",
            Status::Superseded => "superseded",
        }
    }
}

impl FromStr for Status {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Status::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim().to_lowercase())
            .ok_or(())
    }
}

/// How long before a deadline a reminder fires: `90d`, `7d`, `0d` (on the
/// day), `2h`, `15m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LeadTime {
    Days(u32),
    Hours(u32),
    Minutes(u32),
}

impl LeadTime {
    /// The defaults: 90, 30, 7 and 1 day before, and on the day.
    pub const DEFAULTS: [LeadTime; 5] = [
        LeadTime::Days(90),
        LeadTime::Days(30),
        LeadTime::Days(7),
        LeadTime::Days(1),
        LeadTime::Days(0),
    ];

    /// The lead in minutes, to order stages: a smaller lead is more urgent.
    pub fn minutes(self) -> i64 {
        match self {
            LeadTime::Days(d) => i64::from(d) * 24 * 60,
            LeadTime::Hours(h) => i64::from(h) * 60,
            LeadTime::Minutes(m) => i64::from(m),
        }
    }

    pub fn is_day_based(self) -> bool {
        matches!(self, LeadTime::Days(_))
    }

    /// "90 days before", "1 day before", "on the day", "2 hours before".
    pub fn describe(self) -> String {
        let (n, unit) = match self {
            LeadTime::Days(0) => return "on the day".to_owned(),
            LeadTime::Minutes(0) | LeadTime::Hours(0) => return "as it falls due".to_owned(),
            LeadTime::Days(n) => (n, "day"),
            LeadTime::Hours(n) => (n, "hour"),
            LeadTime::Minutes(n) => (n, "minute"),
        };
        let plural = if n == 1 { "" } else { "s" };
        format!("{n} {unit}{plural} before")
    }

    /// Parses a comma-separated list such as `30d,7d,1d,2h`, most distant first.
    pub fn parse_list(s: &str) -> Result<Vec<LeadTime>, NotALeadTime> {
        let mut leads = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let lead = part
                .parse::<LeadTime>()
                .map_err(|()| NotALeadTime(part.to_owned()))?;
            if !leads.contains(&lead) {
                leads.push(lead);
            }
        }
        leads.sort_by_key(|l| std::cmp::Reverse(l.minutes()));
        Ok(leads)
    }

    pub fn format_list(leads: &[LeadTime]) -> String {
        leads
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// A part of a lead-time list that is not a lead time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotALeadTime(pub String);

impl fmt::Display for LeadTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LeadTime::Days(n) => write!(f, "{n}d"),
            LeadTime::Hours(n) => write!(f, "{n}h"),
            LeadTime::Minutes(n) => write!(f, "{n}m"),
        }
    }
}

impl FromStr for LeadTime {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let s = s.trim().to_lowercase();
        if s == "on the day" || s == "0" {
            return Ok(LeadTime::Days(0));
        }
        // The unit is the last character, whatever its width in bytes.
        let (split, _) = s.char_indices().last().ok_or(())?;
        let (number, unit) = s.split_at(split);
        let n: u32 = number.parse().map_err(|_| ())?;
        // Ten years is the longest lead that makes sense for a reminder.
        match unit {
            "d" if n <= 3660 => Ok(LeadTime::Days(n)),
            "w" if n <= 520 => Ok(LeadTime::Days(n * 7)),
            "h" if n <= 24 * 366 => Ok(LeadTime::Hours(n)),
            "m" if n <= 60 * 24 * 366 => Ok(LeadTime::Minutes(n)),
            _ => Err(()),
        }
    }
}

impl Serialize for LeadTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LeadTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|()| serde::de::Error::custom(format!("{s:?} is not a lead time")))
    }
}

/// Who made a change, for the audit trail: the OS user and the way in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
    pub via: String,
}

impl Actor {
    /// The current OS user, acting through `via` ("window", "docketctl", "pack").
    pub fn current(via: &str) -> Actor {
        let home_name = || {
            std::env::var_os("HOME")
                .map(std::path::PathBuf::from)
                .and_then(|home| home.file_name().map(|n| n.to_string_lossy().into_owned()))
        };
        let user = ["USER", "LOGNAME", "USERNAME"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
            .or_else(home_name)
            .unwrap_or_else(|| "unknown".to_owned());
        Actor {
            user,
            via: via.to_owned(),
        }
    }
}

/// A stored deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Deadline {
    /// Stable text id (ULID for the officer's own, `pack:item` for pack items).
    pub id: String,
    pub title: String,
    pub description: String,
    pub kind: Kind,
    pub regulation: String,
    /// The legal reference, e.g. "Art. 113(b)".
    pub reference: String,
    pub jurisdiction: String,
    pub source_url: String,
    pub owner: String,
    pub tags: Vec<String>,
    #[ts(type = "string")]
    pub due_date: NaiveDate,
    /// Local time of day in `tz`, `HH:MM`; none for a date-only deadline.
    #[serde(with = "hhmm")]
    #[ts(type = "string | null")]
    pub due_time: Option<NaiveTime>,
    /// IANA zone the due date and time are in.
    pub tz: String,
    /// Overrides the default lead times when set.
    #[ts(type = "string[] | null")]
    pub lead_times: Option<Vec<LeadTime>>,
    pub status: Status,
    #[ts(type = "string | null")]
    pub done_at: Option<DateTime<Utc>>,
    pub done_note: String,
    pub pack_id: Option<String>,
    pub pack_item_id: Option<String>,
    /// The due date before an amendment moved it.
    #[ts(type = "string | null")]
    pub original_due_date: Option<NaiveDate>,
    /// What moved the due date, e.g. the amending regulation.
    pub amended_by: Option<String>,
    /// Why a fact is not fully verified, when it is not.
    pub unverified: Option<String>,
    /// Bumped each time the due moves; reminders belong to one revision.
    pub due_revision: u32,
    /// Bumped on every change to the row.
    pub revision: u32,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
    /// When the current due was set (created or last moved): no reminder of
    /// the current revision is owed from before this instant.
    #[ts(type = "string")]
    pub due_changed_at: DateTime<Utc>,
    /// How it repeats, as RRULE text read from the current due date
    /// ("FREQ=MONTHLY;INTERVAL=3"); none for a one-off deadline.
    pub recurrence: Option<String>,
    /// Whether it applies to the organisation: always for the officer's own;
    /// for a pack's item, as its condition and the answers decide, none
    /// while a question it needs is unanswered ([`crate::applicability`]).
    #[serde(default)]
    pub applies: Option<bool>,
    /// The sentence that says why: "does not apply: you answered that …".
    #[serde(default)]
    pub applies_because: String,
    /// The questions to answer before it is known, by key.
    #[serde(default)]
    pub asks: Vec<String>,
    /// Whether someone must act on it ([`Deadline::is_task`]); worked out
    /// when read from the store, for the window.
    #[serde(default)]
    pub task: bool,
    /// The instant it falls due: its time in `tz`, or the start of its day
    /// there when it has no time. Worked out when read from the store.
    #[serde(default)]
    #[ts(type = "string")]
    pub due_at: DateTime<Utc>,
}

/// What sort of thing a deadline is to the officer.
///
/// A **task** is something someone must do: the officer's own deadlines and
/// commitments. Once its date (or time) passes while it is open, it is
/// overdue. A **fact** is a date that simply arrives, such as the day an
/// obligation starts to apply: once passed, it is in effect. **News** is what
/// others said or proposed: nothing to mark done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nature {
    Task,
    Fact,
    News,
}

impl Deadline {
    pub fn nature(&self) -> Nature {
        let own = self.pack_id.is_none();
        match self.kind {
            Kind::Internal => Nature::Task,
            Kind::Obligation | Kind::Commitment if own => Nature::Task,
            Kind::Obligation | Kind::Milestone => Nature::Fact,
            Kind::Commitment | Kind::Proposal => Nature::News,
        }
    }

    /// True for something someone must do, which can fall overdue.
    pub fn is_task(&self) -> bool {
        self.nature() == Nature::Task
    }

    /// True when it can be marked done: a task, or an obligation the officer
    /// confirms is met. A milestone or news is only known, never done.
    pub fn takes_done(&self) -> bool {
        self.is_task() || self.kind == Kind::Obligation
    }
}

/// The fields of a deadline as a person types them, in the window or on the
/// command line. `None` leaves a field as it is (or at its default on create);
/// an empty string clears an optional field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct DeadlineFields {
    pub title: Option<String>,
    pub due_date: Option<String>,
    pub due_time: Option<String>,
    pub tz: Option<String>,
    pub kind: Option<String>,
    pub regulation: Option<String>,
    pub reference: Option<String>,
    pub owner: Option<String>,
    pub description: Option<String>,
    pub source_url: Option<String>,
    /// Comma-separated lead times (`30d,7d,1d,2h`); empty for the defaults.
    pub lead_times: Option<String>,
    /// An RRULE ("FREQ=YEARLY"); empty for a one-off deadline.
    pub recurrence: Option<String>,
    /// Comma-separated tags (`audit, board`); empty for none.
    pub tags: Option<String>,
    /// Why the due date, time or zone moves, for the history; not stored on
    /// the deadline. Given without a move, it is refused.
    pub move_reason: Option<String>,
}

impl DeadlineFields {
    /// The tags given, trimmed, without empty ones or repeats, in the order
    /// typed; `None` when the tags are left as they are.
    ///
    /// Tags are not part of a [`Draft`]: calendars and packs carry none, so
    /// that a sync or an import, which replaces a deadline's draft, keeps them.
    pub fn tag_list(&self) -> Option<Vec<String>> {
        let tags = self.tags.as_deref()?;
        let mut list: Vec<String> = Vec::new();
        for tag in tags.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            if !list.iter().any(|t| t == tag) {
                list.push(tag.to_owned());
            }
        }
        Some(list)
    }
}

/// A field of a deadline was given a value it cannot take. The message names
/// the field and the value; the window shows it under that field.
///
/// Validation looks at every field: when others were wrong too, `others`
/// holds their problems, in the order of the form, so that the window shows
/// them all at once and docketctl prints them one a line after this one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ValidationError {
    pub field: &'static str,
    pub message: String,
    pub others: Vec<ValidationError>,
}

impl ValidationError {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        ValidationError {
            field,
            message: message.into(),
            others: Vec::new(),
        }
    }

    /// The first of `problems`, carrying the others; none when there are none.
    fn first_of(mut problems: Vec<ValidationError>) -> Option<ValidationError> {
        if problems.is_empty() {
            return None;
        }
        let mut first = problems.remove(0);
        first.others = problems;
        Some(first)
    }

    /// This problem and the others found with it, in order.
    pub fn problems(&self) -> Vec<Problem> {
        std::iter::once(self)
            .chain(&self.others)
            .map(|e| Problem {
                field: e.field.to_owned(),
                message: e.message.clone(),
            })
            .collect()
    }
}

/// The validated content of a deadline, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub title: String,
    pub description: String,
    pub kind: Kind,
    pub regulation: String,
    pub reference: String,
    pub source_url: String,
    pub owner: String,
    pub due_date: NaiveDate,
    pub due_time: Option<NaiveTime>,
    pub tz: String,
    pub lead_times: Option<Vec<LeadTime>>,
    pub recurrence: Option<crate::recurrence::Recurrence>,
}

impl Draft {
    /// Validates the fields of a new deadline; `local_tz` is the zone used when
    /// none is given.
    pub fn new(fields: &DeadlineFields, local_tz: &str) -> Result<Draft, ValidationError> {
        let mut draft = Draft {
            title: String::new(),
            description: String::new(),
            kind: Kind::Internal,
            regulation: String::new(),
            reference: String::new(),
            source_url: String::new(),
            owner: String::new(),
            // Replaced by the due date given, or refused without one.
            due_date: NaiveDate::default(),
            due_time: None,
            tz: local_tz.to_owned(),
            lead_times: None,
            recurrence: None,
        };
        let problems = draft.take(fields, true);
        ValidationError::first_of(problems).map_or(Ok(draft), Err)
    }

    /// The draft of an existing deadline, to apply changes to.
    pub fn of(d: &Deadline) -> Draft {
        Draft {
            title: d.title.clone(),
            description: d.description.clone(),
            kind: d.kind,
            regulation: d.regulation.clone(),
            reference: d.reference.clone(),
            source_url: d.source_url.clone(),
            owner: d.owner.clone(),
            due_date: d.due_date,
            due_time: d.due_time,
            tz: d.tz.clone(),
            lead_times: d.lead_times.clone(),
            recurrence: d
                .recurrence
                .as_deref()
                .and_then(|r| crate::recurrence::Recurrence::parse(r).ok()),
        }
    }

    /// Applies the given fields and validates the result as a whole.
    pub fn apply(mut self, f: &DeadlineFields) -> Result<Draft, ValidationError> {
        let problems = self.take(f, false);
        ValidationError::first_of(problems).map_or(Ok(self), Err)
    }

    /// Takes every field given that is valid, and says what is wrong with
    /// each of the others, in the order of the form.
    fn take(&mut self, f: &DeadlineFields, due_required: bool) -> Vec<ValidationError> {
        let mut problems = Vec::new();
        if let Some(title) = &f.title {
            self.title = title.trim().to_owned();
        }
        if self.title.trim().is_empty() {
            problems.push(ValidationError::new("title", "Title must not be empty."));
        } else if self.title.chars().count() > 300 {
            problems.push(ValidationError::new(
                "title",
                "Title is longer than 300 characters.",
            ));
        }
        match &f.due_date {
            Some(date) => match parse_date(date) {
                Ok(date) => self.due_date = date,
                Err(e) => problems.push(e),
            },
            None if due_required => problems.push(ValidationError::new(
                "due_date",
                "Due date is required (YYYY-MM-DD).",
            )),
            None => {}
        }
        let mut time_refused = false;
        if let Some(time) = &f.due_time {
            match parse_time(time) {
                Ok(time) => self.due_time = time,
                Err(e) => {
                    time_refused = true;
                    problems.push(e);
                }
            }
        }
        if let Some(tz) = &f.tz {
            match named_zone(tz, None) {
                Ok(_) => tz.trim().clone_into(&mut self.tz),
                Err(refusal) => problems.push(ValidationError::new("tz", refusal)),
            }
        }
        if let Some(kind) = &f.kind {
            match kind.parse() {
                Ok(kind) => self.kind = kind,
                Err(()) => problems.push(ValidationError::new(
                    "kind",
                    format!(
                        "Kind \"{}\" is not one of obligation, milestone, commitment, proposal, internal.",
                        kind.trim()
                    ),
                )),
            }
        }
        if let Some(url) = &f.source_url {
            let url = url.trim();
            if url.is_empty() || url.starts_with("https://") || url.starts_with("http://") {
                url.clone_into(&mut self.source_url);
            } else {
                problems.push(ValidationError::new(
                    "source_url",
                    format!("Source link \"{url}\" must be a web address starting with https:// or http://."),
                ));
            }
        }
        for (value, target) in [
            (&f.regulation, &mut self.regulation),
            (&f.reference, &mut self.reference),
            (&f.owner, &mut self.owner),
            (&f.description, &mut self.description),
        ] {
            if let Some(v) = value {
                v.trim().clone_into(target);
            }
        }
        let mut leads_refused = false;
        if let Some(leads) = &f.lead_times {
            match parse_leads(leads) {
                Ok(leads) => self.lead_times = leads,
                Err(e) => {
                    leads_refused = true;
                    problems.push(e);
                }
            }
        }
        // Whether the leads fit the time is only worth saying once both are
        // what the officer meant.
        if self.due_time.is_none() && !time_refused && !leads_refused {
            if let Some(lead) = self.lead_times.iter().flatten().find(|l| !l.is_day_based()) {
                problems.push(ValidationError::new(
                    "lead_times",
                    format!("Reminder \"{lead}\" needs a due time; a date-only deadline takes day leads such as 7d or 1d."),
                ));
            }
        }
        if let Some(rule) = &f.recurrence {
            if rule.trim().is_empty() {
                self.recurrence = None;
            } else {
                match crate::recurrence::Recurrence::parse(rule) {
                    Ok(rule) => self.recurrence = Some(rule),
                    Err(why) => problems.push(ValidationError::new(
                        "recurrence",
                        format!("Repetition \"{}\" is not a rule Docket can follow: {why}. For example FREQ=MONTHLY;INTERVAL=3 or FREQ=YEARLY.", rule.trim()),
                    )),
                }
            }
        }
        problems
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, ValidationError> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| {
            ValidationError::new(
                "due_date",
                format!("Due date \"{s}\" is not a calendar date; use YYYY-MM-DD, for example 2027-12-02."),
            )
        })
}

fn parse_time(s: &str) -> Result<Option<NaiveTime>, ValidationError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveTime::parse_from_str(s, "%H:%M").map(Some).map_err(|_| {
        ValidationError::new(
            "due_time",
            format!("Due time \"{s}\" is not a time of day; use HH:MM on a 24-hour clock, for example 17:00."),
        )
    })
}

fn parse_leads(s: &str) -> Result<Option<Vec<LeadTime>>, ValidationError> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    LeadTime::parse_list(s).map(Some).map_err(|NotALeadTime(bad)| {
        ValidationError::new(
            "lead_times",
            format!("Reminder \"{bad}\" is not a lead time; use for example 90d, 7d, 1d, 0d (on the day), 2h or 15m."),
        )
    })
}

/// Serialises an optional time of day as `HH:MM`.
mod hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.collect_str(&t.format("%H:%M")),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|s| NaiveTime::parse_from_str(&s, "%H:%M").map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(title: &str, due: &str) -> DeadlineFields {
        DeadlineFields {
            title: Some(title.to_owned()),
            due_date: Some(due.to_owned()),
            ..DeadlineFields::default()
        }
    }

    #[test]
    fn an_impossible_date_is_refused_naming_the_field_and_the_value() {
        let err = Draft::new(&fields("Report", "2025-02-30"), "UTC").unwrap_err();
        assert_eq!(err.field, "due_date");
        assert!(err.message.contains("2025-02-30"), "{}", err.message);
    }

    #[test]
    fn a_leap_day_is_a_date() {
        let draft = Draft::new(&fields("Report", "2028-02-29"), "UTC").unwrap();
        assert_eq!(
            draft.due_date,
            NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()
        );
        assert!(Draft::new(&fields("Report", "2027-02-29"), "UTC").is_err());
    }

    #[test]
    fn an_empty_title_is_refused() {
        let err = Draft::new(&fields("   ", "2027-01-01"), "UTC").unwrap_err();
        assert_eq!(err.field, "title");
    }

    #[test]
    fn an_unknown_zone_is_refused_by_name() {
        let mut f = fields("Report", "2027-01-01");
        f.tz = Some("Mars/Olympus".to_owned());
        let err = Draft::new(&f, "UTC").unwrap_err();
        assert_eq!(err.field, "tz");
        assert!(err.message.contains("Mars/Olympus"));
    }

    #[test]
    fn hour_leads_need_a_due_time() {
        let mut f = fields("Filing", "2027-01-01");
        f.lead_times = Some("1d,2h".to_owned());
        assert_eq!(Draft::new(&f, "UTC").unwrap_err().field, "lead_times");
        f.due_time = Some("17:00".to_owned());
        let draft = Draft::new(&f, "UTC").unwrap();
        assert_eq!(
            draft.lead_times,
            Some(vec![LeadTime::Days(1), LeadTime::Hours(2)])
        );
    }

    #[test]
    fn lead_times_parse_and_print_back() {
        let leads = LeadTime::parse_list("7d, 90d,15m,2h,0d,7d").unwrap();
        assert_eq!(LeadTime::format_list(&leads), "90d,7d,2h,15m,0d");
        assert_eq!(
            LeadTime::parse_list("3x"),
            Err(NotALeadTime("3x".to_owned()))
        );
        assert_eq!(LeadTime::Days(0).describe(), "on the day");
        assert_eq!(LeadTime::Days(1).describe(), "1 day before");
    }

    #[test]
    fn a_lead_time_ending_in_a_wide_character_is_refused_not_a_panic() {
        // Found by the `fields` fuzz target (tests/fuzz): the unit was cut
        // off by bytes, inside a two-byte character.
        assert!("2~20urrʚ".parse::<LeadTime>().is_err());
        assert!("7ʚ".parse::<LeadTime>().is_err());
        let mut f = fields("Filing", "2027-01-01");
        f.lead_times = Some("2~20urrʚ".to_owned());
        assert_eq!(Draft::new(&f, "UTC").unwrap_err().field, "lead_times");
    }

    fn fields_of(problems: &ValidationError) -> Vec<String> {
        problems.problems().into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn an_empty_title_and_an_impossible_date_are_refused_together() {
        let err = Draft::new(&fields("", "2027-02-30"), "UTC").unwrap_err();
        assert_eq!(err.field, "title");
        assert_eq!(err.to_string(), "Title must not be empty.");
        let problems = err.problems();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[1].field, "due_date");
        assert_eq!(
            problems[1].message,
            "Due date \"2027-02-30\" is not a calendar date; use YYYY-MM-DD, for example 2027-12-02."
        );
    }

    /// Makes one field of a deadline's fields wrong.
    type Spoil = fn(&mut DeadlineFields);

    #[test]
    fn every_wrong_field_is_named_once_in_the_order_of_the_form() {
        let wrong: [(&str, Spoil); 8] = [
            ("title", |f| f.title = Some(" ".to_owned())),
            ("due_date", |f| f.due_date = Some("2027-13-01".to_owned())),
            ("due_time", |f| f.due_time = Some("25:00".to_owned())),
            ("tz", |f| f.tz = Some("Mars/Olympus".to_owned())),
            ("kind", |f| f.kind = Some("deadline".to_owned())),
            ("source_url", |f| {
                f.source_url = Some("ftp://example.org".to_owned());
            }),
            ("lead_times", |f| f.lead_times = Some("3x".to_owned())),
            ("recurrence", |f| {
                f.recurrence = Some("FREQ=SOMETIMES".to_owned());
            }),
        ];
        let mut all = fields("Report", "2027-01-01");
        for (_, spoil) in &wrong {
            spoil(&mut all);
        }
        let err = Draft::new(&all, "UTC").unwrap_err();
        assert_eq!(fields_of(&err), wrong.map(|(field, _)| field));
        // Each sentence is the one that field alone is refused with.
        for ((field, spoil), problem) in wrong.iter().zip(err.problems()) {
            let mut one = fields("Report", "2027-01-01");
            spoil(&mut one);
            let alone = Draft::new(&one, "UTC").unwrap_err();
            assert_eq!(alone.problems(), vec![problem], "{field}");
        }
    }

    #[test]
    fn an_edit_names_every_wrong_field_it_was_given() {
        let draft = Draft::new(&fields("Report", "2027-01-01"), "UTC").unwrap();
        let edit = DeadlineFields {
            title: Some(String::new()),
            tz: Some("Europe/Nowhere".to_owned()),
            owner: Some("Ana".to_owned()),
            ..DeadlineFields::default()
        };
        let err = draft.apply(&edit).unwrap_err();
        assert_eq!(fields_of(&err), ["title", "tz"]);
        assert_eq!(err.message, "Title must not be empty.");
    }

    #[test]
    fn a_new_deadline_without_a_title_or_a_date_is_told_both() {
        let f = DeadlineFields::default();
        let err = Draft::new(&f, "UTC").unwrap_err();
        assert_eq!(fields_of(&err), ["title", "due_date"]);
        assert_eq!(err.others[0].message, "Due date is required (YYYY-MM-DD).");
    }

    #[test]
    fn a_refused_time_is_not_also_blamed_on_the_hour_reminders() {
        let mut f = fields("Filing", "2027-01-01");
        f.due_time = Some("7pm".to_owned());
        f.lead_times = Some("1d,2h".to_owned());
        let err = Draft::new(&f, "UTC").unwrap_err();
        assert_eq!(fields_of(&err), ["due_time"]);
    }

    #[test]
    fn tags_are_split_at_commas_trimmed_and_not_repeated() {
        let mut f = fields("Filing", "2027-01-01");
        assert_eq!(f.tag_list(), None, "no tags given leaves them as they are");
        f.tags = Some(" audit, board,,audit , ".to_owned());
        assert_eq!(
            f.tag_list(),
            Some(vec!["audit".to_owned(), "board".to_owned()])
        );
        f.tags = Some(String::new());
        assert_eq!(f.tag_list(), Some(Vec::new()), "empty clears them");
    }

    #[test]
    fn a_bad_time_and_a_bad_kind_are_refused() {
        let mut f = fields("Filing", "2027-01-01");
        f.due_time = Some("25:00".to_owned());
        assert_eq!(Draft::new(&f, "UTC").unwrap_err().field, "due_time");
        f.due_time = None;
        f.kind = Some("deadline".to_owned());
        assert_eq!(Draft::new(&f, "UTC").unwrap_err().field, "kind");
    }
}

//! Reading the docket: list, due, search and history.

use chrono::{DateTime, Days, NaiveDate, Utc};
use clap::{Args, ValueEnum};
use docket_core::reminders::{is_overdue, plan};
use docket_core::store::search::{MATCH_END, MATCH_START};
use docket_core::store::{Applies, ListFilter};
use docket_core::{Deadline, Status};

use crate::context::Context;
use crate::failure::Failure;
use crate::output::Printed;

#[derive(Args)]
pub struct List {
    /// Only deadlines due from today up to this many days ahead (with
    /// --overdue, those after the overdue ones).
    #[arg(long, value_name = "DAYS")]
    within: Option<u32>,
    /// Only open tasks whose date or time has passed, oldest first: the
    /// officer's own deadlines and commitments, never a regulation's dates.
    #[arg(long, conflicts_with = "status")]
    overdue: bool,
    /// Which deadlines: open ones, done, waived, all of those, or the
    /// deleted ones (kept, and brought back with `undelete`).
    #[arg(long, value_enum, default_value_t = StatusFilter::Open)]
    status: StatusFilter,
    /// Only those that apply to the organisation, those that do not, or
    /// those waiting for an answer (`docketctl profile questions`).
    #[arg(long, value_enum, default_value_t = AppliesFilter::Any)]
    applies: AppliesFilter,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum AppliesFilter {
    Any,
    Yes,
    No,
    Unknown,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum StatusFilter {
    Open,
    Done,
    Waived,
    All,
    Deleted,
}

impl List {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let store = cx.open()?;
        let today = cx.now.with_timezone(&cx.local).date_naive();
        let line = |d: &Deadline| describe(d, cx.now, cx.local);
        if self.status == StatusFilter::Deleted {
            let deleted = store.list_deleted()?;
            let lines: String = deleted
                .iter()
                .map(|d| format!("{}  (docketctl undelete {})\n", line(d).trim_end(), d.id))
                .collect();
            return Printed::value(&deleted, lines);
        }
        let filter = ListFilter {
            status: match self.status {
                StatusFilter::Open => Some(Status::Open),
                StatusFilter::Done => Some(Status::Done),
                StatusFilter::Waived => Some(Status::Waived),
                StatusFilter::All | StatusFilter::Deleted => None,
            },
            due_from: self.within.map(|_| today),
            due_to: self.within.map(|days| {
                // Dates are stored as four-digit years; cap far horizons there.
                let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
                today
                    .checked_add_days(Days::new(u64::from(days)))
                    .map_or(last, |d| d.min(last))
            }),
            limit: None,
            applies: match self.applies {
                AppliesFilter::Any => Applies::Any,
                AppliesFilter::Yes => Applies::Yes,
                AppliesFilter::No => Applies::No,
                AppliesFilter::Unknown => Applies::Unknown,
            },
        };
        let mut deadlines = if self.overdue {
            overdue(&store, cx)?
        } else {
            Vec::new()
        };
        if !self.overdue || self.within.is_some() {
            let late: std::collections::HashSet<String> =
                deadlines.iter().map(|d| d.id.clone()).collect();
            let rest = store.list(&filter)?;
            deadlines.extend(rest.into_iter().filter(|d| !late.contains(&d.id)));
        }
        let lines: String = deadlines.iter().map(line).collect();
        let lines = if lines.is_empty() && self.overdue {
            "Nothing is overdue.\n".to_owned()
        } else {
            lines
        };
        Printed::value(&deadlines, lines)
    }
}

/// The open tasks whose date or time has passed, oldest first.
fn overdue(store: &docket_core::Store, cx: &Context) -> Result<Vec<Deadline>, Failure> {
    let today = cx.now.with_timezone(&cx.local).date_naive();
    // A day past today covers a timed task due earlier today in any zone.
    let open = store.list(&ListFilter {
        status: Some(Status::Open),
        due_to: Some(today + Days::new(1)),
        applies: Applies::Agenda,
        ..ListFilter::default()
    })?;
    Ok(open
        .into_iter()
        .filter(|d| is_overdue(d, cx.now, cx.local))
        .collect())
}

#[derive(Args)]
pub struct Due {
    /// An RFC 3339 instant, e.g. 2027-11-25T09:00:00+01:00, or a date,
    /// YYYY-MM-DD, for the end of that day on the local clock.
    #[arg(long, value_name = "RFC3339|DATE")]
    at: Option<String>,
}

impl Due {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let at = match self.at {
            None => cx.now,
            Some(s) => instant(&s, cx)?,
        };
        let store = cx.open()?;
        let deadlines = store.list(&ListFilter {
            status: Some(Status::Open),
            applies: Applies::Agenda,
            ..ListFilter::default()
        })?;
        let p = plan(
            &deadlines,
            &store.reminder_log()?,
            &store.reminder_settings()?,
            cx.local,
            at,
        );
        let lines: String = p
            .owed
            .iter()
            .map(|o| {
                format!(
                    "{}  {:<16} {}  [{}]\n",
                    o.due_date, o.stage, o.title, o.deadline_id
                )
            })
            .collect();
        let mut lines = if lines.is_empty() {
            format!(
                "No reminder is owed at {}.\n",
                at.with_timezone(&cx.local).format("%Y-%m-%d %H:%M %Z")
            )
        } else {
            lines
        };
        // What no reminder announces any more: the tasks already late.
        let late: Vec<&Deadline> = deadlines
            .iter()
            .filter(|d| is_overdue(d, at, cx.local))
            .collect();
        if !late.is_empty() {
            lines.push_str(&format!("Overdue ({}):\n", late.len()));
            for d in late {
                lines.push_str(&describe(d, at, cx.local));
            }
        }
        Printed::value(&p.owed, lines)
    }
}

#[derive(Args)]
pub struct Search {
    /// Words to find in titles, descriptions, legal references and notes.
    text: String,
}

impl Search {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let hits = cx.open()?.search(&self.text, 200)?;
        let plain = |s: &str| s.replace([MATCH_START, MATCH_END], "");
        let lines: String = hits
            .iter()
            .map(|h| format!("{}  {}\n", plain(&h.title), h.id))
            .collect();
        let lines = if lines.is_empty() {
            format!("No deadline matches “{}”.\n", self.text)
        } else {
            lines
        };
        Printed::value(&hits, lines)
    }
}

#[derive(Args)]
pub struct History {
    /// The deadline's id, or a unique start of it.
    id: String,
}

impl History {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let store = cx.open()?;
        let id = store.resolve_id(&self.id)?;
        let entries = store.history(&id)?;
        // On the local clock, as the window shows it; an edit lists each
        // field with the value it had and the one it took.
        let lines: String = entries
            .iter()
            .map(|h| {
                let mut text = format!(
                    "{}  {} via {}  {}\n",
                    h.at.with_timezone(&cx.local).format("%Y-%m-%d %H:%M %Z"),
                    h.actor,
                    h.via,
                    h.summary
                );
                if h.action == "edited" {
                    for c in &h.changes {
                        text.push_str(&format!("    {}\n", describe_change(c)));
                    }
                }
                text
            })
            .collect();
        Printed::value(&entries, lines)
    }
}

/// `--at`: an RFC 3339 instant, or a date for the end of that local day.
fn instant(s: &str, cx: &Context) -> Result<DateTime<Utc>, Failure> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let end_of_day = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|t| docket_core::time::resolve_local(cx.local, t));
    end_of_day.ok_or_else(|| {
        Failure::invalid(format!(
            "Instant \"{s}\" (--at) is neither an RFC 3339 date and time, for example 2027-11-25T09:00:00+01:00, nor a date, for example 2027-11-25."
        ))
    })
}

/// "owner: “Ana” → “Bo”", a long value cut to one line of 80 characters.
fn describe_change(c: &docket_core::store::Change) -> String {
    let shown = |v: &Option<String>| match v.as_deref().map(str::trim) {
        None | Some("") => "(none)".to_owned(),
        Some(v) => {
            let one = v.split_whitespace().collect::<Vec<_>>().join(" ");
            if one.chars().count() > 80 {
                format!("“{}…”", one.chars().take(79).collect::<String>())
            } else {
                format!("“{one}”")
            }
        }
    };
    format!(
        "{}: {} → {}",
        c.field.replace('_', " "),
        shown(&c.before),
        shown(&c.after)
    )
}

/// One line of `docketctl list`.
fn describe(d: &Deadline, now: DateTime<Utc>, local: chrono_tz::Tz) -> String {
    let today = now.with_timezone(&local).date_naive();
    let days = (d.due_date - today).num_days();
    let when = match days {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        -1 => "yesterday".to_owned(),
        n if n > 1 => format!("in {n} days"),
        n => format!("{} days ago", -n),
    };
    let when = if is_overdue(d, now, local) {
        match days {
            0.. => "overdue today".to_owned(),
            -1 => "overdue 1 day".to_owned(),
            n => format!("overdue {} days", -n),
        }
    } else {
        when
    };
    let reference = if d.reference.is_empty() {
        String::new()
    } else {
        format!("  ({})", d.reference)
    };
    let status = if d.status == Status::Open {
        String::new()
    } else {
        format!("  [{}]", d.status.as_str())
    };
    let status = match d.applies {
        Some(true) => status,
        Some(false) => format!("{status}  [does not apply]"),
        None => format!("{status}  [applies? not yet known]"),
    };
    format!(
        "{}  {:<14} {:<11} {}{}{}  {}\n",
        d.due_date,
        when,
        d.kind.as_str(),
        d.title,
        reference,
        status,
        d.id
    )
}

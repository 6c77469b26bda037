//! Reminder planning: pure functions from (deadlines, reminder log, now) to the
//! occurrences owed now and the next instant to wake up at.
//!
//! An occurrence is one stage (a lead time) of one revision of one deadline's
//! due. It is owed when its fire time has come, it was not recorded in the
//! reminder log, and it fires after the due was set (created or last moved):
//! a deadline added two days before its date owes no 90-day reminder.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

use crate::model::{Deadline, LeadTime, Status};
use crate::time::{parse_zone, resolve_local};

/// Identifies an occurrence in the reminder log.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OccurrenceKey {
    pub deadline_id: String,
    pub lead: LeadTime,
    pub due_revision: u32,
}

/// What the reminder log says about occurrences: which were recorded
/// (delivered or superseded), and which of the delivered ones were snoozed to
/// fire once more.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReminderLog {
    recorded: HashSet<OccurrenceKey>,
    snoozed: HashMap<OccurrenceKey, DateTime<Utc>>,
}

impl ReminderLog {
    /// Records an occurrence; false when it was recorded already.
    pub fn record(&mut self, key: OccurrenceKey) -> bool {
        self.snoozed.remove(&key);
        self.recorded.insert(key)
    }

    /// Marks a recorded occurrence to fire once more at `until`.
    pub fn snooze(&mut self, key: OccurrenceKey, until: DateTime<Utc>) {
        self.recorded.insert(key.clone());
        self.snoozed.insert(key, until);
    }

    pub fn contains(&self, key: &OccurrenceKey) -> bool {
        self.recorded.contains(key)
    }

    pub fn snoozed_until(&self, key: &OccurrenceKey) -> Option<DateTime<Utc>> {
        self.snoozed.get(key).copied()
    }
}

/// The settings planning depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct ReminderSettings {
    /// Lead times for deadlines that do not override them.
    pub default_leads: Vec<LeadTime>,
    /// Local time of day at which day-based reminders of date-only deadlines fire.
    pub reminder_time: NaiveTime,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            default_leads: LeadTime::DEFAULTS.to_vec(),
            reminder_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

/// One reminder of one deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Occurrence {
    pub deadline_id: String,
    pub title: String,
    #[ts(type = "string")]
    pub lead: LeadTime,
    /// "7 days before", "on the day".
    pub stage: String,
    pub due_revision: u32,
    #[ts(type = "string")]
    pub fire_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub due_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub due_date: NaiveDate,
    /// True when this is the once-more delivery of a snoozed reminder.
    pub snoozed: bool,
}

impl Occurrence {
    pub fn key(&self) -> OccurrenceKey {
        OccurrenceKey {
            deadline_id: self.deadline_id.clone(),
            lead: self.lead,
            due_revision: self.due_revision,
        }
    }
}

/// What is owed at one instant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// The most urgent owed stage of each deadline, earliest due first.
    pub owed: Vec<Occurrence>,
    /// Owed stages made pointless by a more urgent owed stage of the same
    /// deadline; they are recorded, never shown.
    pub superseded: Vec<Occurrence>,
    /// The earliest fire time after `now` of an occurrence not yet logged, or
    /// of a snoozed one.
    pub next_wake: Option<DateTime<Utc>>,
}

/// The longest the scheduler sleeps between looks at the clock.
pub const MAX_SLEEP: std::time::Duration = std::time::Duration::from_secs(60);

/// Wall time that moves this much more (or less) than monotonic time between
/// two looks means a suspend or a clock change.
pub const CLOCK_JUMP: Duration = Duration::seconds(90);

/// The scheduler's sense of time: from each look at the wall clock and at a
/// monotonic clock it tells whether it is catching up, that is, on the first
/// look after a start, a suspend or a wall-clock jump.
#[derive(Debug, Clone, Default)]
pub struct Pacer {
    last: Option<(DateTime<Utc>, std::time::Duration)>,
}

impl Pacer {
    /// One look at the clocks; true when catching up.
    pub fn look(&mut self, wall: DateTime<Utc>, monotonic: std::time::Duration) -> bool {
        let catching_up = match self.last {
            None => true,
            Some((last_wall, last_mono)) => {
                let on_the_wall = wall - last_wall;
                let elapsed = Duration::from_std(monotonic.saturating_sub(last_mono))
                    .unwrap_or(Duration::MAX);
                (on_the_wall - elapsed).abs() > CLOCK_JUMP
            }
        };
        self.last = Some((wall, monotonic));
        catching_up
    }

    /// How long to sleep after a look at `now`: until the next fire time, and
    /// never longer than a minute.
    pub fn sleep_for(next: Option<DateTime<Utc>>, now: DateTime<Utc>) -> std::time::Duration {
        next.and_then(|t| (t - now).to_std().ok())
            .map_or(MAX_SLEEP, |d| d.min(MAX_SLEEP))
    }
}

/// How the owed reminders of one look at the clock reach the officer.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// Nothing is owed.
    Nothing,
    /// One notification each.
    Each(Vec<Occurrence>),
    /// Catching up with more than one owed: one digest naming them all.
    Digest(Vec<Occurrence>),
}

/// Catching up after a start, a suspend or a jump, several owed reminders
/// come as one digest; otherwise each comes on its own.
pub fn delivery(plan: &Plan, catching_up: bool) -> Delivery {
    match plan.owed.len() {
        0 => Delivery::Nothing,
        n if catching_up && n > 1 => Delivery::Digest(plan.owed.clone()),
        _ => Delivery::Each(plan.owed.clone()),
    }
}

/// The instant a deadline is due: the start of its day, or its time, in its zone.
pub fn due_at(deadline: &Deadline) -> DateTime<Utc> {
    let tz = parse_zone(&deadline.tz).unwrap_or(Tz::UTC);
    let time = deadline.due_time.unwrap_or(NaiveTime::MIN);
    resolve_local(tz, deadline.due_date.and_time(time))
}

/// When the `lead` stage of `deadline` fires.
///
/// Day-based stages of a date-only deadline fire at the reminder time on the
/// user's own clock, that many days before the due date. Day-based stages of a
/// timed deadline fire at the same wall-clock time that many days earlier in
/// the deadline's zone; hour and minute stages fire exactly that long before.
pub fn fire_at(
    deadline: &Deadline,
    lead: LeadTime,
    settings: &ReminderSettings,
    local: Tz,
) -> DateTime<Utc> {
    match (deadline.due_time, lead) {
        (None, LeadTime::Days(days)) => {
            let day = deadline.due_date - Duration::days(i64::from(days));
            resolve_local(local, day.and_time(settings.reminder_time))
        }
        (Some(time), LeadTime::Days(days)) => {
            let tz = parse_zone(&deadline.tz).unwrap_or(Tz::UTC);
            let day = deadline.due_date - Duration::days(i64::from(days));
            resolve_local(tz, day.and_time(time))
        }
        (_, lead) => due_at(deadline) - Duration::minutes(lead.minutes()),
    }
}

/// The occurrences of the current due revision of an open deadline that can
/// ever be owed, i.e. that fire after the due was set.
pub fn occurrences<'a>(
    deadline: &'a Deadline,
    settings: &'a ReminderSettings,
    local: Tz,
) -> impl Iterator<Item = Occurrence> + 'a {
    let leads: &[LeadTime] = match (&deadline.lead_times, deadline.status) {
        (_, Status::Done | Status::Waived | Status::Superseded) => &[],
        (Some(leads), Status::Open) => leads,
        (None, Status::Open) => &settings.default_leads,
    };
    let due = due_at(deadline);
    leads.iter().filter_map(move |&lead| {
        let at = fire_at(deadline, lead, settings, local);
        (at > deadline.due_changed_at).then(|| Occurrence {
            deadline_id: deadline.id.clone(),
            title: deadline.title.clone(),
            lead,
            stage: lead.describe(),
            due_revision: deadline.due_revision,
            fire_at: at,
            due_at: due,
            due_date: deadline.due_date,
            snoozed: false,
        })
    })
}

/// The occurrences of a deadline not yet delivered, snoozed ones at the end
/// of their snooze.
fn pending<'a>(
    deadline: &'a Deadline,
    log: &'a ReminderLog,
    settings: &'a ReminderSettings,
    local: Tz,
) -> impl Iterator<Item = Occurrence> + 'a {
    occurrences(deadline, settings, local).filter_map(|mut occurrence| {
        let key = occurrence.key();
        if let Some(until) = log.snoozed_until(&key) {
            occurrence.fire_at = until;
            occurrence.snoozed = true;
        } else if log.contains(&key) {
            return None;
        }
        Some(occurrence)
    })
}

/// The next reminder a deadline will get after `now`, if any: what the
/// details panel announces.
pub fn next_reminder(
    deadline: &Deadline,
    log: &ReminderLog,
    settings: &ReminderSettings,
    local: Tz,
    now: DateTime<Utc>,
) -> Option<Occurrence> {
    pending(deadline, log, settings, local)
        .filter(|o| o.fire_at > now)
        .min_by_key(|o| o.fire_at)
}

/// Plans the reminders at `now`: the owed occurrences and the next wake-up.
pub fn plan(
    deadlines: &[Deadline],
    log: &ReminderLog,
    settings: &ReminderSettings,
    local: Tz,
    now: DateTime<Utc>,
) -> Plan {
    let mut plan = Plan::default();
    for deadline in deadlines {
        // By urgency; two stages the same time before (60m and 1h) both count.
        let mut owed: BTreeMap<(i64, LeadTime), Occurrence> = BTreeMap::new();
        for occurrence in pending(deadline, log, settings, local) {
            if occurrence.fire_at <= now {
                owed.insert((occurrence.lead.minutes(), occurrence.lead), occurrence);
            } else if plan.next_wake.is_none_or(|w| occurrence.fire_at < w) {
                plan.next_wake = Some(occurrence.fire_at);
            }
        }
        let mut by_urgency = owed.into_values();
        if let Some(most_urgent) = by_urgency.next() {
            plan.owed.push(most_urgent);
        }
        plan.superseded.extend(by_urgency);
    }
    plan.owed
        .sort_by(|a, b| (a.due_at, &a.title).cmp(&(b.due_at, &b.title)));
    plan
}

/// A pause of reminders the officer chooses, in the tray or the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Pause {
    /// For an hour.
    Hour,
    /// Until the reminder time tomorrow.
    Tomorrow,
    /// No pause: reminders resume.
    #[serde(rename = "none")]
    Resume,
}

impl Pause {
    /// When a pause chosen at `now` ends; `None` when reminders resume.
    pub fn until(
        self,
        settings: &ReminderSettings,
        local: Tz,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        match self {
            Pause::Hour => Some(now + Duration::hours(1)),
            Pause::Tomorrow => Some(tomorrow_morning(settings, local, now)),
            Pause::Resume => None,
        }
    }
}

/// The next day's reminder time on the user's clock: when "pause until
/// tomorrow" ends.
pub fn tomorrow_morning(
    settings: &ReminderSettings,
    local: Tz,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    let tomorrow = now.with_timezone(&local).date_naive() + Duration::days(1);
    resolve_local(local, tomorrow.and_time(settings.reminder_time))
}

/// Stages this close to the deadline are its last call: the on-the-day
/// reminder of a date-only deadline, and timed stages an hour or less before.
/// They are sent as critical, which the daemon keeps on screen until
/// answered; earlier stages are normal and go away by themselves.
pub const URGENT_WITHIN: LeadTime = LeadTime::Hours(1);

impl LeadTime {
    /// True for a stage sent as critical ([`URGENT_WITHIN`]).
    pub fn is_last_call(self) -> bool {
        self.minutes() <= URGENT_WITHIN.minutes()
    }
}

/// The instant a deadline has passed: a timed one at its time, a date-only
/// one when its day is over on the user's clock.
pub fn passes_at(deadline: &Deadline, local: Tz) -> DateTime<Utc> {
    match deadline.due_time {
        Some(_) => due_at(deadline),
        None => resolve_local(
            local,
            (deadline.due_date + Duration::days(1)).and_time(NaiveTime::MIN),
        ),
    }
}

/// How long a notification's "Snooze" puts a reminder off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnoozeFor {
    Day,
    Hour,
}

impl SnoozeFor {
    pub fn duration(self) -> Duration {
        match self {
            SnoozeFor::Day => Duration::days(1),
            SnoozeFor::Hour => Duration::hours(1),
        }
    }

    /// The button's label.
    pub fn label(self) -> &'static str {
        match self {
            SnoozeFor::Day => "Snooze 1 day",
            SnoozeFor::Hour => "Snooze 1 hour",
        }
    }

    /// The longest snooze that brings the reminder back before the deadline
    /// passes, or none when even an hour would be too late.
    pub fn offered(deadline: &Deadline, now: DateTime<Utc>, local: Tz) -> Option<SnoozeFor> {
        let left = passes_at(deadline, local) - now;
        [SnoozeFor::Day, SnoozeFor::Hour]
            .into_iter()
            .find(|s| s.duration() < left)
    }
}

/// True when a task is still open after its time: a timed one from its due
/// instant on, a date-only one from the day after its date on the user's
/// clock. Facts and news are never overdue: a passed application date is in
/// effect, not late.
pub fn is_overdue(deadline: &Deadline, now: DateTime<Utc>, local: Tz) -> bool {
    deadline.status == Status::Open && deadline.is_task() && passes_at(deadline, local) <= now
}

/// The text of a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub summary: String,
    pub body: String,
    /// Only the last call asks the daemon for critical urgency, which stays on
    /// screen until answered: see [`URGENT_WITHIN`].
    pub critical: bool,
}

/// How far off a deadline is, said the way people say it: "in 7 days",
/// "tomorrow", "today", "in 2 hours", "3 days ago".
pub fn distance(deadline: &Deadline, now: DateTime<Utc>, local: Tz) -> String {
    let due = due_at(deadline);
    if deadline.due_time.is_some() {
        // Round away from now, so that 59 seconds to go is "in 1 minute".
        let seconds = (due - now).num_seconds();
        let minutes = seconds.signum() * ((seconds.abs() + 59) / 60);
        let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
        match minutes {
            0 => return "now".to_owned(),
            1..=59 => return format!("in {}", plural(minutes, "minute")),
            60..=1439 => return format!("in {}", plural(minutes / 60, "hour")),
            -59..=-1 => return format!("{} ago", plural(-minutes, "minute")),
            -1439..=-60 => return format!("{} ago", plural(-minutes / 60, "hour")),
            _ => {}
        }
    }
    let today = now.with_timezone(&local).date_naive();
    match (deadline.due_date - today).num_days() {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        -1 => "yesterday".to_owned(),
        n if n > 1 => format!("in {n} days"),
        n => format!("{} days ago", -n),
    }
}

fn due_line(deadline: &Deadline) -> String {
    let date = crate::time::long_date(deadline.due_date);
    match deadline.due_time {
        Some(t) => format!("{date} at {} ({})", t.format("%H:%M"), deadline.tz),
        None => date,
    }
}

/// The notification for one reminder: the deadline and how far off it is,
/// then its date, regulation and legal reference.
pub fn reminder_message(
    deadline: &Deadline,
    occurrence: &Occurrence,
    now: DateTime<Utc>,
    local: Tz,
) -> Message {
    let mut body = due_line(deadline);
    let source: Vec<&str> = [deadline.regulation.as_str(), deadline.reference.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !source.is_empty() {
        body.push('\n');
        body.push_str(&source.join(" — "));
    }
    if occurrence.snoozed {
        body.push_str("\n(snoozed reminder)");
    }
    Message {
        summary: format!("{} — {}", deadline.title, distance(deadline, now, local)),
        body,
        critical: occurrence.lead.is_last_call(),
    }
}

/// One notification for several reminders that came due while Docket was not
/// running: most urgent first, each deadline with how far off it is.
pub fn digest_message(
    items: &[(&Deadline, &Occurrence)],
    now: DateTime<Utc>,
    local: Tz,
) -> Message {
    let mut items: Vec<_> = items.to_vec();
    items.sort_by_key(|(_, o)| (o.due_at, o.lead.minutes()));
    let lines: Vec<String> = items
        .iter()
        .map(|(d, _)| {
            format!(
                "• {} — {} ({})",
                d.title,
                distance(d, now, local),
                due_line(d)
            )
        })
        .collect();
    let count = items.len();
    Message {
        summary: format!(
            "While Docket was closed: {count} reminder{}",
            if count == 1 { "" } else { "s" }
        ),
        body: lines.join("\n"),
        critical: items.iter().any(|(_, o)| o.lead.is_last_call()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::from_stored;
    use crate::time::resolve_local;
    use chrono::Timelike;
    use chrono_tz::{America, Asia, Europe};
    use proptest::prelude::*;

    #[test]
    fn a_pause_ends_in_an_hour_at_tomorrows_reminder_time_or_not_at_all() {
        let settings = ReminderSettings::default();
        // 23:30 in Brussels on the night the clocks go back.
        let now = from_stored("2029-10-27T21:30:00Z").unwrap();
        assert_eq!(
            Pause::Hour.until(&settings, Europe::Brussels, now),
            Some(now + Duration::hours(1))
        );
        assert_eq!(
            Pause::Tomorrow.until(&settings, Europe::Brussels, now),
            // 09:00 on 28 October, winter time (UTC+1).
            Some(from_stored("2029-10-28T08:00:00Z").unwrap())
        );
        assert_eq!(Pause::Resume.until(&settings, Europe::Brussels, now), None);
    }

    #[test]
    fn a_pause_is_read_from_its_three_words_and_nothing_else() {
        let read = |w: &str| serde_json::from_str::<Pause>(&format!("\"{w}\""));
        assert_eq!(read("hour").unwrap(), Pause::Hour);
        assert_eq!(read("tomorrow").unwrap(), Pause::Tomorrow);
        assert_eq!(read("none").unwrap(), Pause::Resume);
        // An unknown word is refused, not taken to mean "resume".
        assert!(read("week").is_err());
    }

    fn instant(s: &str) -> DateTime<Utc> {
        from_stored(s).expect("valid instant in test")
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date in test")
    }

    fn deadline(id: &str, due: &str, tz: &str, set_at: &str) -> Deadline {
        Deadline {
            id: id.to_owned(),
            title: format!("Deadline {id}"),
            description: String::new(),
            kind: crate::model::Kind::Obligation,
            regulation: String::new(),
            reference: String::new(),
            jurisdiction: String::new(),
            source_url: String::new(),
            owner: String::new(),
            tags: Vec::new(),
            due_date: date(due),
            due_time: None,
            tz: tz.to_owned(),
            lead_times: None,
            status: Status::Open,
            done_at: None,
            done_note: String::new(),
            pack_id: None,
            pack_item_id: None,
            original_due_date: None,
            amended_by: None,
            unverified: None,
            due_revision: 0,
            revision: 1,
            created_at: instant(set_at),
            updated_at: instant(set_at),
            due_changed_at: instant(set_at),
            recurrence: None,
            applies: Some(true),
            applies_because: String::new(),
            asks: Vec::new(),
            task: true,
            due_at: DateTime::<Utc>::MIN_UTC,
        }
    }

    fn settings() -> ReminderSettings {
        ReminderSettings::default()
    }

    #[test]
    fn a_reminder_names_the_deadline_its_distance_date_regulation_and_reference() {
        let mut d = deadline(
            "annex-iii",
            "2027-12-02",
            "Europe/Brussels",
            "2026-12-01T07:00:00Z",
        );
        d.title = "High-risk obligations for Annex III systems apply".to_owned();
        d.regulation = "Regulation (EU) 2024/1689".to_owned();
        d.reference = "Art. 6(2), Annex III".to_owned();
        let now = instant("2027-11-25T08:00:00Z");
        let o = plan(
            std::slice::from_ref(&d),
            &ReminderLog::default(),
            &settings(),
            Europe::Brussels,
            now,
        )
        .owed
        .remove(0);
        let m = reminder_message(&d, &o, now, Europe::Brussels);
        assert_eq!(
            m.summary,
            "High-risk obligations for Annex III systems apply — in 7 days"
        );
        assert_eq!(
            m.body,
            "2 December 2027\nRegulation (EU) 2024/1689 — Art. 6(2), Annex III"
        );
        assert!(!m.critical);
    }

    #[test]
    fn timed_stages_say_hours_or_minutes_and_only_the_last_hour_is_critical() {
        let mut d = deadline(
            "filing",
            "2027-03-31",
            "Europe/Brussels",
            "2027-01-01T00:00:00Z",
        );
        d.due_time = NaiveTime::from_hms_opt(17, 0, 0);
        d.lead_times = Some(vec![LeadTime::Hours(2), LeadTime::Minutes(1)]);
        let now = instant("2027-03-31T13:00:00Z");
        let o = plan(
            std::slice::from_ref(&d),
            &ReminderLog::default(),
            &settings(),
            Europe::Brussels,
            now,
        )
        .owed
        .remove(0);
        let m = reminder_message(&d, &o, now, Europe::Brussels);
        assert_eq!(m.summary, "Deadline filing — in 2 hours");
        assert!(m
            .body
            .starts_with("31 March 2027 at 17:00 (Europe/Brussels)"));
        assert!(!m.critical, "two hours before is not yet the last call");
        let last = instant("2027-03-31T14:59:00Z");
        let o = plan(
            std::slice::from_ref(&d),
            &ReminderLog::default(),
            &settings(),
            Europe::Brussels,
            last,
        )
        .owed
        .remove(0);
        assert!(reminder_message(&d, &o, last, Europe::Brussels).critical);
        assert_eq!(
            distance(&d, instant("2027-03-31T14:59:00Z"), Europe::Brussels),
            "in 1 minute"
        );
    }

    #[test]
    fn a_digest_counts_the_reminders_most_urgent_first() {
        let a = deadline("a", "2027-12-02", "Europe/Brussels", "2026-12-01T07:00:00Z");
        let b = deadline("b", "2027-11-26", "Europe/Brussels", "2026-12-01T07:00:00Z");
        let now = instant("2027-11-25T08:00:00Z");
        let p = plan(
            &[a.clone(), b.clone()],
            &ReminderLog::default(),
            &settings(),
            Europe::Brussels,
            now,
        );
        let items: Vec<_> = p
            .owed
            .iter()
            .map(|o| (if o.deadline_id == "a" { &a } else { &b }, o))
            .collect();
        let m = digest_message(&items, now, Europe::Brussels);
        assert_eq!(m.summary, "While Docket was closed: 2 reminders");
        assert_eq!(
            m.body,
            "• Deadline b — tomorrow (26 November 2027)\n• Deadline a — in 7 days (2 December 2027)"
        );
        // A day and a week ahead: nothing is at its last call yet.
        assert!(!m.critical);
    }

    #[test]
    fn only_the_most_urgent_owed_stage_is_delivered_and_the_rest_superseded() {
        let d = deadline(
            "annex-iii",
            "2027-12-02",
            "Europe/Brussels",
            "2026-12-01T07:00:00Z",
        );
        let now = instant("2027-11-25T08:00:00Z"); // 09:00 in Brussels
        let plan = plan(
            &[d],
            &ReminderLog::default(),
            &settings(),
            Europe::Brussels,
            now,
        );
        assert_eq!(plan.owed.len(), 1);
        assert_eq!(plan.owed[0].lead, LeadTime::Days(7));
        let superseded: Vec<_> = plan.superseded.iter().map(|o| o.lead).collect();
        assert_eq!(superseded, vec![LeadTime::Days(30), LeadTime::Days(90)]);
        assert_eq!(plan.next_wake, Some(instant("2027-12-01T08:00:00Z")));
    }

    #[test]
    fn a_deadline_added_two_days_before_owes_no_earlier_stage() {
        let d = deadline(
            "late",
            "2027-03-10",
            "Europe/Brussels",
            "2027-03-08T10:00:00Z",
        );
        let stages: Vec<_> = occurrences(&d, &settings(), Europe::Brussels)
            .map(|o| o.lead)
            .collect();
        assert_eq!(stages, vec![LeadTime::Days(1), LeadTime::Days(0)]);
    }

    #[test]
    fn past_items_owe_nothing() {
        let d = deadline(
            "old",
            "2025-02-02",
            "Europe/Brussels",
            "2026-12-01T07:00:00Z",
        );
        let now = instant("2026-12-01T08:00:00Z");
        let plan = plan(
            &[d],
            &ReminderLog::default(),
            &settings(),
            Europe::Brussels,
            now,
        );
        assert!(plan.owed.is_empty() && plan.superseded.is_empty());
        assert_eq!(plan.next_wake, None);
    }

    #[test]
    fn reminders_keep_the_local_hour_across_the_spring_change_in_brussels() {
        // 30 March 2025: clocks go from 02:00 CET to 03:00 CEST.
        let d = deadline(
            "dst",
            "2025-03-31",
            "Europe/Brussels",
            "2025-01-01T00:00:00Z",
        );
        let s = settings();
        assert_eq!(
            fire_at(&d, LeadTime::Days(7), &s, Europe::Brussels),
            instant("2025-03-24T08:00:00Z") // 09:00 CET
        );
        assert_eq!(
            fire_at(&d, LeadTime::Days(1), &s, Europe::Brussels),
            instant("2025-03-30T07:00:00Z") // 09:00 CEST
        );
    }

    #[test]
    fn a_timed_deadline_keeps_its_wall_time_across_the_autumn_change() {
        // 26 October 2025: clocks go back from 03:00 CEST to 02:00 CET.
        let mut d = deadline(
            "timed",
            "2025-10-27",
            "Europe/Brussels",
            "2025-01-01T00:00:00Z",
        );
        d.due_time = NaiveTime::from_hms_opt(17, 0, 0);
        d.lead_times = Some(vec![
            LeadTime::Days(1),
            LeadTime::Hours(2),
            LeadTime::Minutes(15),
        ]);
        let s = settings();
        assert_eq!(due_at(&d), instant("2025-10-27T16:00:00Z"));
        assert_eq!(
            fire_at(&d, LeadTime::Days(1), &s, Europe::Brussels),
            instant("2025-10-26T16:00:00Z")
        );
        assert_eq!(
            fire_at(&d, LeadTime::Days(3), &s, Europe::Brussels),
            instant("2025-10-24T15:00:00Z")
        );
        assert_eq!(
            fire_at(&d, LeadTime::Hours(2), &s, Europe::Brussels),
            instant("2025-10-27T14:00:00Z")
        );
        assert_eq!(
            fire_at(&d, LeadTime::Minutes(15), &s, Europe::Brussels),
            instant("2025-10-27T15:45:00Z")
        );
    }

    #[test]
    fn day_reminders_fire_at_the_users_hour_in_the_users_zone() {
        // A Brussels date seen from New York and from Kolkata.
        let d = deadline(
            "annex-iii",
            "2027-12-02",
            "Europe/Brussels",
            "2026-12-01T07:00:00Z",
        );
        let s = settings();
        assert_eq!(
            fire_at(&d, LeadTime::Days(7), &s, America::New_York),
            instant("2027-11-25T14:00:00Z")
        );
        assert_eq!(
            fire_at(&d, LeadTime::Days(7), &s, Asia::Kolkata),
            instant("2027-11-25T03:30:00Z")
        );
        assert_eq!(due_at(&d), instant("2027-12-01T23:00:00Z"));
    }

    #[test]
    fn a_leap_day_deadline_counts_back_through_february() {
        let d = deadline("leap", "2028-02-29", "UTC", "2027-01-01T00:00:00Z");
        let s = settings();
        assert_eq!(
            fire_at(&d, LeadTime::Days(1), &s, Tz::UTC),
            instant("2028-02-28T09:00:00Z")
        );
        assert_eq!(
            fire_at(&d, LeadTime::Days(30), &s, Tz::UTC),
            instant("2028-01-30T09:00:00Z")
        );
        let d = deadline("after-leap", "2028-03-01", "UTC", "2027-01-01T00:00:00Z");
        assert_eq!(
            fire_at(&d, LeadTime::Days(1), &s, Tz::UTC),
            instant("2028-02-29T09:00:00Z")
        );
    }

    #[test]
    fn moving_a_due_voids_the_old_revision_and_starts_a_new_plan() {
        let mut d = deadline(
            "moved",
            "2026-08-02",
            "Europe/Brussels",
            "2025-01-01T00:00:00Z",
        );
        let mut log = ReminderLog::default();
        let now = instant("2026-07-26T08:00:00Z");
        let first = plan(
            std::slice::from_ref(&d),
            &log,
            &settings(),
            Europe::Brussels,
            now,
        );
        assert_eq!(first.owed[0].lead, LeadTime::Days(7));
        for o in first.owed.iter().chain(&first.superseded) {
            log.record(o.key());
        }
        // The Omnibus moves the date on 27 July 2026.
        d.due_date = date("2027-12-02");
        d.due_revision += 1;
        d.due_changed_at = instant("2026-07-27T10:00:00Z");
        let later = instant("2026-08-02T08:00:00Z");
        let after_move = plan(
            std::slice::from_ref(&d),
            &log,
            &settings(),
            Europe::Brussels,
            later,
        );
        assert!(
            after_move.owed.is_empty(),
            "the old 1-day and on-the-day stages are void"
        );
        assert_eq!(after_move.next_wake, Some(instant("2027-09-03T07:00:00Z")));
    }

    #[test]
    fn logged_occurrences_are_not_owed_again() {
        let d = deadline("once", "2027-01-10", "UTC", "2026-01-01T00:00:00Z");
        let now = instant("2027-01-03T09:00:00Z");
        let first = plan(
            std::slice::from_ref(&d),
            &ReminderLog::default(),
            &settings(),
            Tz::UTC,
            now,
        );
        let mut log = ReminderLog::default();
        for o in first.owed.iter().chain(&first.superseded) {
            log.record(o.key());
        }
        let again = plan(&[d], &log, &settings(), Tz::UTC, now);
        assert!(again.owed.is_empty());
        assert_eq!(again.next_wake, Some(instant("2027-01-09T09:00:00Z")));
    }

    #[test]
    fn a_snoozed_reminder_fires_once_more_at_its_snooze_time() {
        let d = deadline("snooze", "2027-01-10", "UTC", "2026-01-01T00:00:00Z");
        let now = instant("2027-01-09T09:00:00Z");
        let first = plan(
            std::slice::from_ref(&d),
            &ReminderLog::default(),
            &settings(),
            Tz::UTC,
            now,
        );
        let one_day = first.owed[0].clone();
        assert_eq!(one_day.lead, LeadTime::Days(1));
        let mut log = ReminderLog::default();
        for o in first.owed.iter().chain(&first.superseded) {
            log.record(o.key());
        }
        let until = instant("2027-01-09T15:00:00Z");
        log.snooze(one_day.key(), until);

        let before = plan(
            std::slice::from_ref(&d),
            &log,
            &settings(),
            Tz::UTC,
            instant("2027-01-09T14:00:00Z"),
        );
        assert!(before.owed.is_empty());
        assert_eq!(before.next_wake, Some(until));

        let at = plan(std::slice::from_ref(&d), &log, &settings(), Tz::UTC, until);
        assert_eq!(at.owed.len(), 1);
        assert!(at.owed[0].snoozed);
        assert_eq!(at.owed[0].fire_at, until);

        log.record(at.owed[0].key());
        let after = plan(
            &[d],
            &log,
            &settings(),
            Tz::UTC,
            instant("2027-01-09T16:00:00Z"),
        );
        assert!(
            after.owed.is_empty(),
            "a snoozed reminder fires once more, not again"
        );
    }

    #[test]
    fn a_pause_until_tomorrow_ends_at_tomorrows_reminder_time_on_the_users_clock() {
        let end = tomorrow_morning(
            &settings(),
            Europe::Brussels,
            instant("2027-03-27T22:30:00Z"),
        );
        // 23:30 on 27 March in Brussels; the clocks go forward that night.
        assert_eq!(end, instant("2027-03-28T07:00:00Z"));
    }

    #[test]
    fn an_open_task_is_overdue_once_its_day_is_over_on_the_users_clock() {
        let task = deadline("task", "2027-01-10", "UTC", "2026-01-01T00:00:00Z");
        let brussels = Europe::Brussels;
        // 23:30 on the 10th in Brussels: still its day.
        assert!(!is_overdue(
            &task,
            instant("2027-01-10T22:30:00Z"),
            brussels
        ));
        // 00:30 on the 11th in Brussels.
        assert!(is_overdue(&task, instant("2027-01-10T23:30:00Z"), brussels));
        // Entered after its date passed: still overdue, it is still to do.
        let entered_late = deadline("late", "2026-11-30", "UTC", "2026-12-02T00:00:00Z");
        assert!(is_overdue(
            &entered_late,
            instant("2026-12-02T12:00:00Z"),
            brussels
        ));
        let mut done = task.clone();
        done.status = Status::Done;
        assert!(!is_overdue(
            &done,
            instant("2027-01-12T12:00:00Z"),
            brussels
        ));
    }

    #[test]
    fn a_timed_task_is_overdue_from_its_minute_on() {
        let mut task = deadline(
            "timed",
            "2027-01-10",
            "Europe/Brussels",
            "2026-01-01T00:00:00Z",
        );
        task.due_time = NaiveTime::from_hms_opt(17, 0, 0);
        assert!(!is_overdue(&task, instant("2027-01-10T15:59:00Z"), Tz::UTC));
        assert!(is_overdue(&task, instant("2027-01-10T16:00:00Z"), Tz::UTC));
    }

    #[test]
    fn the_next_reminder_is_the_earliest_stage_still_to_come_or_a_snoozed_one() {
        let d = deadline("next", "2027-03-31", "UTC", "2027-01-01T00:00:00Z");
        let brussels = Europe::Brussels;
        let now = instant("2027-03-10T12:00:00Z");
        let next = next_reminder(&d, &ReminderLog::default(), &settings(), brussels, now).unwrap();
        // 90d and 30d lie behind; the 7-day stage at 09:00 in Brussels is next.
        assert_eq!(next.lead, LeadTime::Days(7));
        assert_eq!(next.fire_at, instant("2027-03-24T08:00:00Z"));
        let mut log = ReminderLog::default();
        log.snooze(next.key(), instant("2027-03-25T08:00:00Z"));
        let after = next_reminder(
            &d,
            &log,
            &settings(),
            brussels,
            instant("2027-03-24T09:00:00Z"),
        )
        .unwrap();
        assert!(after.snoozed);
        assert_eq!(after.fire_at, instant("2027-03-25T08:00:00Z"));
        let mut done = d.clone();
        done.status = Status::Done;
        assert_eq!(
            next_reminder(&done, &ReminderLog::default(), &settings(), brussels, now),
            None
        );
    }

    #[test]
    fn snooze_never_brings_a_reminder_back_after_its_deadline() {
        let date_only = deadline("d", "2027-03-31", "Europe/Brussels", "2027-01-01T00:00:00Z");
        let brussels = Europe::Brussels;
        // The 1-day stage, 09:00 the day before: a day later is still its day.
        let day_before = instant("2027-03-30T07:00:00Z");
        assert_eq!(
            SnoozeFor::offered(&date_only, day_before, brussels),
            Some(SnoozeFor::Day)
        );
        // On the day at 09:00: an hour, not a day.
        let on_the_day = instant("2027-03-31T07:00:00Z");
        assert_eq!(
            SnoozeFor::offered(&date_only, on_the_day, brussels),
            Some(SnoozeFor::Hour)
        );
        // At 23:30 on its day, nothing.
        let late = instant("2027-03-31T21:30:00Z");
        assert_eq!(SnoozeFor::offered(&date_only, late, brussels), None);
        let mut timed = date_only.clone();
        timed.due_time = NaiveTime::from_hms_opt(17, 0, 0);
        // One minute before 17:00: no snooze at all.
        assert_eq!(
            SnoozeFor::offered(&timed, instant("2027-03-31T14:59:00Z"), brussels),
            None
        );
        assert_eq!(
            SnoozeFor::offered(&timed, instant("2027-03-31T12:00:00Z"), brussels),
            Some(SnoozeFor::Hour)
        );
    }

    #[test]
    fn only_the_on_the_day_stage_and_the_last_hour_are_critical() {
        assert!(LeadTime::Days(0).is_last_call());
        assert!(LeadTime::Hours(1).is_last_call());
        assert!(LeadTime::Minutes(15).is_last_call());
        assert!(!LeadTime::Hours(2).is_last_call());
        assert!(!LeadTime::Days(1).is_last_call());
        assert!(!LeadTime::Days(7).is_last_call());
    }

    #[test]
    fn a_passed_fact_is_in_effect_and_news_is_never_overdue() {
        let mut fact = deadline("fact", "2026-08-02", "UTC", "2026-01-01T00:00:00Z");
        fact.pack_id = Some("ai-act".to_owned());
        assert_eq!(fact.nature(), crate::model::Nature::Fact);
        assert!(!is_overdue(&fact, instant("2026-12-02T12:00:00Z"), Tz::UTC));
        let mut news = fact.clone();
        news.kind = crate::model::Kind::Commitment;
        assert_eq!(news.nature(), crate::model::Nature::News);
        assert!(!news.takes_done());
        // The officer's own commitment is a task.
        news.pack_id = None;
        assert!(news.is_task());
        assert!(is_overdue(&news, instant("2026-12-02T12:00:00Z"), Tz::UTC));
    }

    #[test]
    fn done_deadlines_owe_nothing() {
        let mut d = deadline("done", "2027-01-10", "UTC", "2026-01-01T00:00:00Z");
        d.status = Status::Done;
        let plan = plan(
            &[d],
            &ReminderLog::default(),
            &settings(),
            Tz::UTC,
            instant("2027-01-10T12:00:00Z"),
        );
        assert_eq!(plan, Plan::default());
    }

    /// The zones of the time matrix, with a day of each one's clock changes
    /// in 2027 (for the zones without changes, an ordinary day).
    fn matrix_zones() -> Vec<(Tz, &'static str, Vec<&'static str>)> {
        vec![
            (
                Europe::Brussels,
                "Europe/Brussels",
                vec!["2027-03-28", "2027-10-31"],
            ),
            (
                America::New_York,
                "America/New_York",
                vec!["2027-03-14", "2027-11-07"],
            ),
            (Asia::Kolkata, "Asia/Kolkata", vec!["2027-03-28"]),
            (
                chrono_tz::Pacific::Auckland,
                "Pacific/Auckland",
                vec!["2027-04-04", "2027-09-26"],
            ),
            (Tz::UTC, "UTC", vec!["2027-03-28"]),
        ]
    }

    /// Deadlines on a clock-change day: date-only (reminded at 09:00 local
    /// the day before and on the day), timed at noon (a day and two hours
    /// before), and timed at 02:30, inside the spring gap where there is one.
    fn edge_deadlines(zone: &str, day: &str) -> Vec<Deadline> {
        let mut date_only = deadline(
            &format!("{zone} {day} date"),
            day,
            zone,
            "2027-01-01T00:00:00Z",
        );
        date_only.lead_times = Some(vec![LeadTime::Days(1), LeadTime::Days(0)]);
        let mut noon = deadline(
            &format!("{zone} {day} noon"),
            day,
            zone,
            "2027-01-01T00:00:00Z",
        );
        noon.due_time = NaiveTime::from_hms_opt(12, 0, 0);
        noon.lead_times = Some(vec![LeadTime::Days(1), LeadTime::Hours(2)]);
        let mut night = deadline(
            &format!("{zone} {day} night"),
            day,
            zone,
            "2027-01-01T00:00:00Z",
        );
        night.due_time = NaiveTime::from_hms_opt(2, 30, 0);
        night.lead_times = Some(vec![LeadTime::Minutes(15)]);
        vec![date_only, noon, night]
    }

    /// Wakes the planner at each instant of `clock`, logging what it hands
    /// out; fails on anything handed out twice. Returns when each key was
    /// handed out, and whether as owed (true) or superseded.
    fn run_clock(
        deadlines: &[Deadline],
        zone: Tz,
        clock: &[DateTime<Utc>],
    ) -> std::collections::HashMap<OccurrenceKey, (DateTime<Utc>, bool)> {
        let s = settings();
        let mut log = ReminderLog::default();
        let mut handed = std::collections::HashMap::new();
        for now in clock {
            let p = plan(deadlines, &log, &s, zone, *now);
            for (o, owed) in p
                .owed
                .iter()
                .map(|o| (o, true))
                .chain(p.superseded.iter().map(|o| (o, false)))
            {
                assert!(
                    o.fire_at <= *now,
                    "{:?} handed out before it fires",
                    o.key()
                );
                assert!(
                    log.record(o.key()),
                    "{:?} handed out twice, at {now}",
                    o.key()
                );
                handed.insert(o.key(), (*now, owed));
            }
        }
        handed
    }

    #[test]
    fn the_time_matrix_fires_each_stage_once_at_its_local_time_through_jumps_and_suspend() {
        let s = settings();
        let step = Duration::minutes(30);
        for (zone, name, days) in matrix_zones() {
            for day in days {
                let deadlines = edge_deadlines(name, day);
                let start = resolve_local(zone, date(day).and_hms_opt(0, 0, 0).unwrap())
                    - Duration::days(3);
                let end = start + Duration::days(5);
                let every: Vec<DateTime<Utc>> = (0..)
                    .map(|i| start + step * i)
                    .take_while(|t| *t <= end)
                    .collect();

                // Steady wakes every half hour: each stage once, at most one
                // step late, at the local time it names.
                let handed = run_clock(&deadlines, zone, &every);
                for d in &deadlines {
                    for o in occurrences(d, &s, zone) {
                        let (at, owed) = handed[&o.key()];
                        assert!(owed, "{name} {day}: {} {} delivered", d.id, o.stage);
                        assert!(
                            at - o.fire_at < step,
                            "{name} {day}: {} {} on time",
                            d.id,
                            o.stage
                        );
                        let local = o.fire_at.with_timezone(&zone);
                        match (d.due_time, o.lead) {
                            (None, _) => assert_eq!(
                                (local.hour(), local.minute()),
                                (9, 0),
                                "{name} {day}: {} at 09:00",
                                d.id
                            ),
                            (Some(_), LeadTime::Days(1)) => {
                                assert_eq!(local.hour(), 12, "{name} {day}: noon, a day before")
                            }
                            (Some(_), lead) => assert_eq!(
                                o.fire_at,
                                due_at(d) - Duration::minutes(lead.minutes()),
                                "{name} {day}"
                            ),
                        }
                    }
                }

                // The clock jumps two days forward over the change, then back
                // three hours, then sleeps ten hours (a suspend): nothing twice,
                // and every stage is dealt with once.
                let mut jumpy: Vec<DateTime<Utc>> = every
                    .iter()
                    .copied()
                    .take_while(|t| *t < start + Duration::days(2))
                    .collect();
                let forward = start + Duration::days(3) + Duration::hours(13);
                jumpy.push(forward);
                jumpy.push(forward - Duration::hours(3));
                jumpy.push(forward - Duration::hours(2));
                jumpy.push(forward + Duration::hours(10));
                jumpy.extend(
                    every
                        .iter()
                        .copied()
                        .filter(|t| *t > forward + Duration::hours(10)),
                );
                let handed = run_clock(&deadlines, zone, &jumpy);
                for d in &deadlines {
                    for o in occurrences(d, &s, zone) {
                        assert!(
                            handed.contains_key(&o.key()),
                            "{name} {day}: {} {} dealt with after the jumps",
                            d.id,
                            o.stage
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_pacer_catches_up_with_one_digest_after_a_jump_or_a_suspend_and_only_then() {
        // The clocks as the scheduler reads them: wall time and time since start.
        struct Clock {
            wall: DateTime<Utc>,
            mono: std::time::Duration,
        }
        let s = settings();
        for (zone, name, days) in matrix_zones() {
            let day = days[0];
            let deadlines = edge_deadlines(name, day);
            let mut clock = Clock {
                wall: resolve_local(zone, date(day).and_hms_opt(0, 0, 0).unwrap())
                    - Duration::days(3),
                mono: std::time::Duration::ZERO,
            };
            let mut pacer = Pacer::default();
            let mut log = ReminderLog::default();
            let mut look = |clock: &Clock, log: &mut ReminderLog| {
                let catching_up = pacer.look(clock.wall, clock.mono);
                let p = plan(&deadlines, log, &s, zone, clock.wall);
                for o in p.owed.iter().chain(&p.superseded) {
                    assert!(log.record(o.key()), "{name}: {:?} twice", o.key());
                }
                (
                    catching_up,
                    delivery(&p, catching_up),
                    Pacer::sleep_for(p.next_wake, clock.wall),
                )
            };
            // The first look after start is catching up.
            assert!(look(&clock, &mut log).0, "{name}: start");
            // Steady half-hour sleeps: no catching up; one notification each.
            for _ in 0..(2 * 24 * 2) {
                clock.wall += Duration::minutes(30);
                clock.mono += std::time::Duration::from_secs(30 * 60);
                let (catching_up, delivered, sleep) = look(&clock, &mut log);
                assert!(!catching_up, "{name}: steady");
                assert!(
                    !matches!(delivered, Delivery::Digest(_)),
                    "{name}: no digest while steady"
                );
                assert!(sleep <= MAX_SLEEP);
            }
            // Suspended for ten hours over the change day's reminders: the
            // wall clock moves, the monotonic one does not.
            clock.wall += Duration::hours(30);
            let (catching_up, delivered, _) = look(&clock, &mut log);
            assert!(catching_up, "{name}: after a suspend");
            match delivered {
                Delivery::Digest(owed) => assert!(owed.len() > 1, "{name}"),
                other => {
                    panic!("{name}: several owed after a suspend come as one digest, not {other:?}")
                }
            }
            // The clock is set back three hours: catching up, and nothing again.
            clock.wall -= Duration::hours(3);
            clock.mono += std::time::Duration::from_secs(60);
            let (catching_up, delivered, _) = look(&clock, &mut log);
            assert!(catching_up, "{name}: after the clock went back");
            assert_eq!(delivered, Delivery::Nothing, "{name}: nothing twice");
        }
    }

    fn arb_deadline() -> impl Strategy<Value = Deadline> {
        let zones = prop::sample::select(vec![
            "Europe/Brussels",
            "America/New_York",
            "Asia/Kolkata",
            "Pacific/Auckland",
            "UTC",
        ]);
        (
            0u32..2000,
            zones,
            0i64..2000 * 24,
            prop::option::of(0u32..24 * 60),
            0u32..3,
        )
            .prop_map(|(day, tz, set_hours, time, revision)| {
                let due = date("2025-01-01") + Duration::days(i64::from(day));
                let set_at = instant("2025-01-01T00:00:00Z") + Duration::hours(set_hours)
                    - Duration::days(200);
                let mut d = deadline(
                    &format!("d{day}-{set_hours}"),
                    &due.to_string(),
                    tz,
                    &crate::time::to_stored(set_at),
                );
                d.due_time = time.and_then(|m| NaiveTime::from_hms_opt(m / 60, m % 60, 0));
                if d.due_time.is_some() {
                    d.lead_times = Some(vec![
                        LeadTime::Days(7),
                        LeadTime::Hours(2),
                        LeadTime::Minutes(15),
                        LeadTime::Days(0),
                    ]);
                }
                d.due_revision = revision;
                d
            })
    }

    proptest! {
        /// Walking time forward and logging what is owed at each step delivers
        /// every stage at most once, never before it fires or before the due was
        /// set, and the planned wake-up is never later than the next fire time.
        #[test]
        fn stepping_through_time_never_delivers_twice_or_early(
            deadlines in prop::collection::vec(arb_deadline(), 1..8),
            steps in prop::collection::vec(1i64..(24 * 40), 1..60),
            zone in prop::sample::select(vec![Europe::Brussels, America::New_York, Asia::Kolkata, Tz::UTC]),
        ) {
            let s = settings();
            let mut log = ReminderLog::default();
            let mut now = instant("2024-06-01T00:00:00Z");
            let mut previous_wake: Option<DateTime<Utc>> = None;
            for hours in steps {
                now += Duration::hours(hours);
                let p = plan(&deadlines, &log, &s, zone, now);
                if let Some(wake) = previous_wake {
                    // Nothing owed now fired before the wake-up we were told about,
                    // unless it was already owed at that time.
                    for o in &p.owed {
                        prop_assert!(o.fire_at >= wake || o.fire_at <= now);
                    }
                }
                for o in p.owed.iter().chain(&p.superseded) {
                    prop_assert!(o.fire_at <= now);
                    let d = deadlines.iter().find(|d| d.id == o.deadline_id).expect("known deadline");
                    prop_assert!(o.fire_at > d.due_changed_at);
                    prop_assert!(log.record(o.key()), "delivered twice: {:?}", o.key());
                }
                let earliest_unlogged = deadlines
                    .iter()
                    .flat_map(|d| occurrences(d, &s, zone))
                    .filter(|o| !log.contains(&o.key()))
                    .map(|o| o.fire_at)
                    .min();
                prop_assert_eq!(p.next_wake, earliest_unlogged);
                previous_wake = p.next_wake;
            }
            // Long after every date, each stage owed since its due was set has
            // been dealt with once: delivered, or skipped for a more urgent one.
            let end = instant("2040-01-01T00:00:00Z");
            let last = plan(&deadlines, &log, &s, zone, end);
            for o in last.owed.iter().chain(&last.superseded) {
                prop_assert!(log.record(o.key()), "delivered twice: {:?}", o.key());
            }
            for d in &deadlines {
                for o in occurrences(d, &s, zone).filter(|o| o.fire_at > d.due_changed_at) {
                    prop_assert!(log.contains(&o.key()), "never delivered: {:?}", o.key());
                }
            }
            prop_assert_eq!(plan(&deadlines, &log, &s, zone, end).next_wake, None);
        }
    }
}

//! The scheduler's index of what comes next: each open deadline with a
//! reminder still to deliver, filed by its row in the store under the fire
//! time of its earliest one.
//!
//! [`reminders::plan`] looks at every deadline; with years of deadlines that
//! is too much work for a look at the clock each minute. A [`Schedule`] is
//! built once from the store and kept until the data changes; between
//! changes only time passes, so the owed deadlines are those filed at or
//! before now, found without a scan. The caller plans just those with
//! [`reminders::plan`], delivers, and files them again.

use std::collections::BTreeSet;
use std::ops::Bound;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::model::Deadline;
use crate::reminders::{self, ReminderLog, ReminderSettings};

/// Open deadlines (their rows in the store, [`crate::Store::each_open`]) by
/// the fire time of their earliest undelivered reminder: 24 bytes and no
/// allocation of their own each, so that years of deadlines stay small.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    queue: BTreeSet<(DateTime<Utc>, i64)>,
}

/// Builds a schedule at once from (next look, row) pairs.
impl FromIterator<(DateTime<Utc>, i64)> for Schedule {
    fn from_iter<I: IntoIterator<Item = (DateTime<Utc>, i64)>>(entries: I) -> Self {
        Schedule {
            queue: entries.into_iter().collect(),
        }
    }
}

/// The fire time of a deadline's earliest reminder that the log does not
/// record as delivered (a snoozed one at the time it fires again); `None`
/// when it owes none, ever.
pub fn next_look(
    deadline: &Deadline,
    log: &ReminderLog,
    settings: &ReminderSettings,
    local: Tz,
) -> Option<DateTime<Utc>> {
    reminders::occurrences(deadline, settings, local)
        .filter_map(|occurrence| {
            let key = occurrence.key();
            match log.snoozed_until(&key) {
                Some(until) => Some(until),
                None if log.contains(&key) => None,
                None => Some(occurrence.fire_at),
            }
        })
        .min()
}

/// Everything filed at or before `now` sorts before this.
fn after(now: DateTime<Utc>) -> (DateTime<Utc>, i64) {
    (now + Duration::nanoseconds(1), i64::MIN)
}

impl Schedule {
    /// Files `deadline`, kept in `row`, under its next look, if it has one.
    pub fn insert(
        &mut self,
        row: i64,
        deadline: &Deadline,
        log: &ReminderLog,
        settings: &ReminderSettings,
        local: Tz,
    ) {
        if let Some(at) = next_look(deadline, log, settings, local) {
            self.queue.insert((at, row));
        }
    }

    /// Takes the deadline in `row` out from under `at`.
    pub fn remove(&mut self, at: DateTime<Utc>, row: i64) {
        self.queue.remove(&(at, row));
    }

    /// The deadlines (rows) owing a reminder at `now`, each with the time it
    /// is filed under.
    pub fn owing(&self, now: DateTime<Utc>) -> Vec<(DateTime<Utc>, i64)> {
        self.queue.range(..after(now)).copied().collect()
    }

    /// The first fire time after `now`.
    pub fn next_wake(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.queue
            .range((Bound::Included(after(now)), Bound::Unbounded))
            .next()
            .map(|(at, _)| *at)
    }

    /// How many deadlines are filed.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, LeadTime, Status};
    use crate::reminders::{plan, OccurrenceKey};
    use crate::time::from_stored;
    use chrono::{NaiveDate, NaiveTime};
    use proptest::prelude::*;

    fn instant(s: &str) -> DateTime<Utc> {
        from_stored(s).expect("valid instant in test")
    }

    fn deadline(n: u32, day: i64, minutes: Option<u32>, leads: Option<Vec<LeadTime>>) -> Deadline {
        let due_date =
            NaiveDate::from_ymd_opt(2027, 1, 1).expect("valid date") + Duration::days(day);
        Deadline {
            id: format!("d{n:04}"),
            title: format!("Deadline {n}"),
            description: String::new(),
            kind: Kind::Internal,
            regulation: String::new(),
            reference: String::new(),
            jurisdiction: String::new(),
            source_url: String::new(),
            owner: String::new(),
            tags: Vec::new(),
            due_date,
            due_time: minutes.and_then(|m| NaiveTime::from_hms_opt(m / 60 % 24, m % 60, 0)),
            tz: ["Europe/Brussels", "America/New_York", "Asia/Kolkata", "UTC"][n as usize % 4]
                .to_owned(),
            lead_times: leads,
            status: Status::Open,
            done_at: None,
            done_note: String::new(),
            pack_id: None,
            pack_item_id: None,
            original_due_date: None,
            amended_by: None,
            unverified: None,
            due_revision: n % 3,
            revision: 1,
            created_at: instant("2026-06-01T00:00:00Z"),
            updated_at: instant("2026-06-01T00:00:00Z"),
            due_changed_at: instant("2026-06-01T00:00:00Z"),
            recurrence: None,
            applies: Some(true),
            applies_because: String::new(),
            asks: Vec::new(),
            task: true,
            due_at: DateTime::<Utc>::MIN_UTC,
        }
    }

    fn lead_choices() -> impl Strategy<Value = Option<Vec<LeadTime>>> {
        prop_oneof![
            Just(None),
            prop::collection::vec(
                prop_oneof![
                    (0u32..100).prop_map(LeadTime::Days),
                    (1u32..48).prop_map(LeadTime::Hours),
                    (1u32..120).prop_map(LeadTime::Minutes),
                ],
                0..4
            )
            .prop_map(Some),
        ]
    }

    proptest! {
        /// Whatever the deadlines, the log and the time: the schedule owes
        /// exactly the deadlines a full plan owes, and wakes when it wakes.
        #[test]
        fn the_schedule_agrees_with_a_full_plan(
            specs in prop::collection::vec((0i64..200, prop::option::of(0u32..1440), lead_choices()), 1..25),
            logged in prop::collection::vec((0usize..25, 0usize..6, any::<bool>(), 0i64..4000), 0..20),
            now_hours in 0i64..5000,
        ) {
            let deadlines: Vec<Deadline> = specs
                .into_iter()
                .enumerate()
                .map(|(n, (day, minutes, leads))| deadline(n as u32, day, minutes, leads))
                .collect();
            let settings = ReminderSettings::default();
            let local = chrono_tz::Europe::Brussels;
            let mut log = ReminderLog::default();
            for (which, stage, snoozed, hours) in logged {
                let d = &deadlines[which % deadlines.len()];
                let leads = d.lead_times.clone().unwrap_or_else(|| settings.default_leads.clone());
                let Some(&lead) = leads.get(stage % leads.len().max(1)) else { continue };
                let key = OccurrenceKey { deadline_id: d.id.clone(), lead, due_revision: d.due_revision };
                if snoozed {
                    log.snooze(key, instant("2026-09-01T00:00:00Z") + Duration::hours(hours));
                } else {
                    log.record(key);
                }
            }
            let now = instant("2026-09-01T00:00:00Z") + Duration::hours(now_hours);

            let schedule_of = |log: &ReminderLog| -> Schedule {
                deadlines
                    .iter()
                    .enumerate()
                    .filter_map(|(row, d)| next_look(d, log, &settings, local).map(|at| (at, row as i64)))
                    .collect()
            };
            let mut schedule = schedule_of(&log);
            let full = plan(&deadlines, &log, &settings, local, now);

            let owing: BTreeSet<String> = schedule
                .owing(now)
                .into_iter()
                .map(|(_, row)| deadlines[row as usize].id.clone())
                .collect();
            let owed: BTreeSet<String> = full.owed.iter().map(|o| o.deadline_id.clone()).collect();
            prop_assert_eq!(&owing, &owed);

            // Planning only the owing deadlines gives the same plan.
            let owing_deadlines: Vec<Deadline> = deadlines
                .iter()
                .filter(|d| owing.contains(&d.id))
                .cloned()
                .collect();
            let part = plan(&owing_deadlines, &log, &settings, local, now);
            prop_assert_eq!(&part.owed, &full.owed);
            prop_assert_eq!(&part.superseded, &full.superseded);

            // Once they are delivered and filed again, nothing is owing and
            // the schedule wakes when a full plan would.
            for occurrence in part.owed.iter().chain(&part.superseded) {
                log.record(occurrence.key());
            }
            for (at, row) in schedule.owing(now) {
                schedule.remove(at, row);
                schedule.insert(row, &deadlines[row as usize], &log, &settings, local);
            }
            prop_assert!(schedule.owing(now).is_empty());
            let after = plan(&deadlines, &log, &settings, local, now);
            prop_assert!(after.owed.is_empty());
            prop_assert_eq!(schedule.next_wake(now), after.next_wake);
            // Filed one by one, the schedule is the one built at once.
            prop_assert_eq!(schedule, schedule_of(&log));
        }
    }

    #[test]
    fn a_delivered_stage_files_the_deadline_under_its_next_one() {
        let settings = ReminderSettings::default();
        let local = chrono_tz::Europe::Brussels;
        let d = deadline(
            1,
            100,
            Some(17 * 60),
            Some(vec![LeadTime::Days(7), LeadTime::Hours(2)]),
        );
        let mut log = ReminderLog::default();
        let mut schedule = Schedule::default();
        schedule.insert(7, &d, &log, &settings, local);
        let week_before = schedule
            .next_wake(instant("2026-06-02T00:00:00Z"))
            .expect("a wake");
        assert!(schedule
            .owing(week_before - Duration::seconds(1))
            .is_empty());
        let owing = schedule.owing(week_before);
        assert_eq!(owing, vec![(week_before, 7)]);

        log.record(OccurrenceKey {
            deadline_id: d.id.clone(),
            lead: LeadTime::Days(7),
            due_revision: d.due_revision,
        });
        schedule.remove(week_before, 7);
        schedule.insert(7, &d, &log, &settings, local);
        assert!(schedule.owing(week_before).is_empty());
        let two_hours_before = schedule.next_wake(week_before).expect("the 2-hour stage");
        assert_eq!(two_hours_before, reminders::due_at(&d) - Duration::hours(2));
        assert_eq!(schedule.len(), 1);
    }

    #[test]
    fn a_deadline_with_nothing_left_to_deliver_is_not_filed() {
        let settings = ReminderSettings::default();
        let mut done = deadline(2, 10, None, None);
        done.status = Status::Done;
        let mut schedule = Schedule::default();
        schedule.insert(1, &done, &ReminderLog::default(), &settings, chrono_tz::UTC);
        assert!(schedule.is_empty());
    }
}

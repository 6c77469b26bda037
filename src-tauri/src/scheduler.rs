//! The reminder scheduler: a background thread that asks core what is owed,
//! claims it in the reminder log, shows it, and sleeps until the next fire
//! time — never longer than a minute, so that a suspend, a wall-clock jump or
//! a change made by docketctl is noticed within a minute. Between changes a
//! look reads only the deadlines its schedule says owe a reminder.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Instant;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use docket_core::error::ErrorReport;
use docket_core::reminders::{
    self, digest_message, reminder_message, Delivery, Occurrence, Pacer, Plan, ReminderSettings,
    SnoozeFor,
};
use docket_core::schedule::{self, Schedule};
use docket_core::store::reminder_log::{Channel, ReminderAction};
use docket_core::{Actor, Deadline, Store};
use tauri::{AppHandle, Manager};

use crate::notifier::{Actions, Choice, Notifier};
use crate::state::AppState;
use crate::syncer::Ask;
use crate::{tray, window};

pub enum Wake {
    /// Data changed in the window or through a notification.
    Changed,
}

/// Starts the scheduler thread and registers its wake-up channel.
pub fn start(app: AppHandle) {
    let (tx, rx) = mpsc::channel();
    app.state::<AppState>().set_scheduler(tx);
    let spawned = std::thread::Builder::new()
        .name("reminders".into())
        .spawn(move || run(&app, &rx));
    if let Err(e) = spawned {
        eprintln!("docket: the reminder scheduler could not start: {e}");
    }
}

/// A while after start, and then each day: the full check of the database
/// and, when it is sound, the day's backup. Off the start's path and on a
/// thread of its own, since both read the whole file.
pub fn start_checks(app: AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("checks".into())
        .spawn(move || {
            std::thread::sleep(CHECKS_AFTER_START);
            let mut checked_on = None;
            loop {
                let now = Utc::now();
                let state = app.state::<AppState>();
                let today = now.with_timezone(&state.local_zone).date_naive();
                if checked_on != Some(today) {
                    checked_on = Some(today);
                    if !check_and_back_up(&state, now) {
                        return;
                    }
                }
                std::thread::sleep(std::time::Duration::from_secs(3600));
            }
        });
    if let Err(e) = spawned {
        eprintln!("docket: the database checks could not start: {e}");
    }
}

/// How long after start the first check and backup wait.
const CHECKS_AFTER_START: std::time::Duration = std::time::Duration::from_secs(5);

/// The day's check and backup; false when the database was found damaged,
/// after which there is nothing more to check or back up until a restart.
fn check_and_back_up(state: &AppState, now: DateTime<Utc>) -> bool {
    let Ok(mut store) = state.store() else {
        return false;
    };
    match store.check_and_mark(&state.data_dir, now) {
        Ok(None) => {}
        Ok(Some(sentence)) => {
            eprintln!("docket: {sentence}");
            drop(store);
            state.changed();
            return false;
        }
        Err(e) => eprintln!("docket: the database could not be checked: {e}"),
    }
    match store.check_trail_and_report(now) {
        Ok(None) => {}
        Ok(Some(sentence)) => {
            eprintln!("docket: {sentence}");
            state.changed();
        }
        Err(e) => eprintln!("docket: the audit trail could not be checked: {e}"),
    }
    let today = now.with_timezone(&state.local_zone).date_naive();
    match store.daily_backup(&state.data_dir, today) {
        Ok(made) => {
            for path in made {
                eprintln!("docket: backed up to {}", path.display());
            }
        }
        Err(e) => eprintln!("docket: the daily backup failed: {e}"),
    }
    true
}

fn run(app: &AppHandle, rx: &Receiver<Wake>) {
    // Listening for the officer's choices starts before anything is shown.
    let notifier = Notifier::start(&app.state::<AppState>().data_dir);
    // The first look after start delivers what came due while Docket was
    // closed; so does the first look after a suspend or a clock jump.
    let started = Instant::now();
    // Building the schedule of years of deadlines takes a few hundred
    // milliseconds of processor; the window starting beside it goes first.
    std::thread::sleep(FIRST_LOOK_AFTER);
    let mut pacer = Pacer::default();
    let mut planner = Planner::default();
    let mut was_paused = false;
    let mut tray_signature = None;
    loop {
        let now = Utc::now();
        let catching_up = pacer.look(now, started.elapsed());
        // Reminders held back by a pause arrive together when it ends.
        let next = match tick(app, &mut planner, now, catching_up || was_paused, &notifier) {
            Ok(Tick { next, paused }) => {
                was_paused = paused;
                next
            }
            Err(e) => {
                eprintln!("docket: reminders could not be planned: {e}");
                planner.built_at = None;
                None
            }
        };
        let signature = tray::signature(app, now);
        let changed = signature != tray_signature;
        let data_changed = signature.map(|s| s.data) != tray_signature.map(|s| s.data);
        if data_changed || catching_up {
            // The data may have changed through docketctl, which tells no
            // one, or a sync fell due during a suspend: the syncer checks.
            app.state::<AppState>().ask_sync(Ask::Look);
        }
        if changed {
            tray::refresh(app, now);
            tray_signature = signature;
        }
        match rx.recv_timeout(Pacer::sleep_for(next, now)) {
            Ok(Wake::Changed) => {
                tray_signature = None;
                planner.built_at = None;
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// How long after start the scheduler takes its first look.
const FIRST_LOOK_AFTER: std::time::Duration = std::time::Duration::from_secs(1);

/// What the scheduler keeps between looks: the schedule of open deadlines,
/// the settings it was planned with, and the data version it was built at.
/// Until the data changes (here, in the window, or through docketctl, which
/// moves the version), a look reads only the deadlines that owe a reminder.
#[derive(Default)]
struct Planner {
    schedule: Schedule,
    settings: ReminderSettings,
    built_at: Option<i64>,
}

impl Planner {
    /// Builds the schedule again if the data changed since it was built.
    fn refresh(&mut self, store: &Store, local: Tz) -> Result<(), ErrorReport> {
        let version = store.data_version()?;
        if self.built_at == Some(version) {
            return Ok(());
        }
        let log = store.reminder_log()?;
        let settings = store.reminder_settings()?;
        // Gathered first and built at once, so that the schedule's memory is
        // not scattered among the rows read on the way.
        let mut entries = Vec::new();
        store.each_open(|row, deadline| {
            entries
                .extend(schedule::next_look(&deadline, &log, &settings, local).map(|at| (at, row)));
        })?;
        self.schedule = entries.into_iter().collect();
        self.settings = settings;
        self.built_at = Some(version);
        Ok(())
    }

    /// Files the deadlines that owed a reminder again, under their next one.
    fn file_again(
        &mut self,
        store: &Store,
        owing: &[(DateTime<Utc>, i64)],
        rows: &[i64],
        deadlines: &[Deadline],
        local: Tz,
    ) -> Result<(), ErrorReport> {
        let log = store.reminder_log()?;
        for (at, row) in owing {
            self.schedule.remove(*at, *row);
        }
        for (row, deadline) in rows.iter().zip(deadlines) {
            self.schedule
                .insert(*row, deadline, &log, &self.settings, local);
        }
        Ok(())
    }
}

/// What one look at the clock found.
struct Tick {
    /// When to look again.
    next: Option<DateTime<Utc>>,
    /// Whether reminders are paused (and so were held back).
    paused: bool,
}

/// One look at the clock: delivers what is owed, returns the next fire time.
fn tick(
    app: &AppHandle,
    planner: &mut Planner,
    now: DateTime<Utc>,
    catching_up: bool,
    notifier: &Notifier,
) -> Result<Tick, ErrorReport> {
    let state = app.state::<AppState>();
    let zone = state.local_zone;
    let (owing, plan, rows, deadlines) = {
        let store = state.store()?;
        planner.refresh(&store, zone)?;
        if let Some(until) = store.paused_until(now)? {
            // Owed reminders wait for the pause to end.
            let next = planner.schedule.next_wake(now);
            return Ok(Tick {
                next: Some(next.map_or(until, |t| t.min(until))),
                paused: true,
            });
        }
        let owing = planner.schedule.owing(now);
        let (mut rows, mut deadlines) = (Vec::new(), Vec::new());
        for (_, row) in &owing {
            if let Some(deadline) = store.get_by_row(*row)? {
                rows.push(*row);
                deadlines.push(deadline);
            }
        }
        let plan = if deadlines.is_empty() {
            Plan::default()
        } else {
            reminders::plan(
                &deadlines,
                &store.reminder_log()?,
                &planner.settings,
                zone,
                now,
            )
        };
        (owing, plan, rows, deadlines)
    };
    deliver(app, &plan, &deadlines, now, catching_up, notifier)?;
    if !owing.is_empty() {
        planner.file_again(&*state.store()?, &owing, &rows, &deadlines, zone)?;
    }
    deliver_notices(app, now, notifier)?;
    Ok(Tick {
        next: planner.schedule.next_wake(now),
        paused: false,
    })
}

fn deliver(
    app: &AppHandle,
    plan: &Plan,
    deadlines: &[Deadline],
    now: DateTime<Utc>,
    catching_up: bool,
    notifier: &Notifier,
) -> Result<(), ErrorReport> {
    let state = app.state::<AppState>();
    let by_id: HashMap<&str, &Deadline> = deadlines.iter().map(|d| (d.id.as_str(), d)).collect();
    let zone = state.local_zone;
    let owed = match reminders::delivery(plan, catching_up) {
        Delivery::Nothing => return Ok(()),
        Delivery::Digest(owed) => {
            let claimed =
                state
                    .store()?
                    .claim_occurrences(&owed, &plan.superseded, Channel::Digest, now)?;
            let items: Vec<(&Deadline, &Occurrence)> = claimed
                .iter()
                .filter_map(|o| by_id.get(o.deadline_id.as_str()).map(|d| (*d, o)))
                .collect();
            if items.is_empty() {
                return Ok(());
            }
            let message = digest_message(&items, now, zone);
            show(app, &message, Actions::Digest, &claimed, notifier);
            return Ok(());
        }
        Delivery::Each(owed) => owed,
    };
    for occurrence in &owed {
        let superseded: Vec<Occurrence> = plan
            .superseded
            .iter()
            .filter(|s| s.deadline_id == occurrence.deadline_id)
            .cloned()
            .collect();
        let claimed = state.store()?.claim_occurrences(
            std::slice::from_ref(occurrence),
            &superseded,
            Channel::Notification,
            now,
        )?;
        let Some(deadline) = by_id.get(occurrence.deadline_id.as_str()) else {
            continue;
        };
        if claimed.is_empty() {
            continue;
        }
        let message = reminder_message(deadline, occurrence, now, zone);
        let actions = Actions::Reminder {
            snooze: SnoozeFor::offered(deadline, now, zone),
            done: deadline.takes_done(),
        };
        show(app, &message, actions, &claimed, notifier);
    }
    Ok(())
}

/// Shows the one-off notices ("EU AI Act pack: 3 deadlines moved"), each
/// once; one that cannot be shown is given back to be shown later.
fn deliver_notices(
    app: &AppHandle,
    now: DateTime<Utc>,
    notifier: &Notifier,
) -> Result<(), ErrorReport> {
    let state = app.state::<AppState>();
    let notices = state.store()?.claim_notices(now)?;
    for notice in notices {
        let message = reminders::Message {
            summary: notice.text.clone(),
            body: "Open Docket to see what moved and why, in each deadline's history.".to_owned(),
            critical: false,
        };
        let data_dir = state.data_dir.clone();
        let shown = notifier.show(&message, Actions::Digest, move |choice| {
            if choice == Choice::Open {
                window::open(&data_dir, None);
            }
        });
        match shown {
            Ok(id) => eprintln!("docket: notification {id} shown: {}", notice.text),
            Err(problem) => {
                state.set_notification_problem(Some(problem));
                state.store()?.release_notice(notice.id)?;
            }
        }
    }
    Ok(())
}

/// Shows a claimed notification and waits for the officer's choice on a
/// thread of its own; a notification that cannot be shown is recorded as
/// failed, so that it is owed again.
fn show(
    app: &AppHandle,
    message: &reminders::Message,
    actions: Actions,
    claimed: &[Occurrence],
    notifier: &Notifier,
) {
    let state = app.state::<AppState>();
    let on_choice = {
        let app = app.clone();
        let first = claimed.first().cloned();
        move |choice| {
            if let Some(occurrence) = first {
                act(&app, actions, &occurrence, choice);
            }
        }
    };
    match notifier.show(message, actions, on_choice) {
        Ok(id) => {
            state.set_notification_problem(None);
            let late = claimed
                .iter()
                .map(|o| (Utc::now() - o.fire_at).num_milliseconds())
                .min()
                .unwrap_or_default();
            eprintln!(
                "docket: notification {id} shown, {late} ms after its fire time: {}",
                message.summary
            );
        }
        Err(problem) => {
            state.set_notification_problem(Some(problem));
            if let Ok(mut store) = state.store() {
                if let Err(e) = store.record_failed(claimed, Utc::now()) {
                    eprintln!("docket: a reminder that could not be shown could not be recorded as owed: {e}");
                }
            }
        }
    }
}

/// Carries out a notification action; it works with the window closed.
fn act(app: &AppHandle, actions: Actions, occurrence: &Occurrence, choice: Choice) {
    let state = app.state::<AppState>();
    let actor = Actor::current("notification");
    let now = Utc::now();
    let result = match (choice, actions) {
        (Choice::Open, Actions::Digest) => {
            window::open(&state.data_dir, None);
            Ok(())
        }
        (Choice::Open, Actions::Reminder { .. }) => {
            window::open(&state.data_dir, Some(&occurrence.deadline_id));
            state.store().and_then(|mut s| {
                Ok(s.record_reminder_action(
                    &occurrence.key(),
                    ReminderAction::Opened,
                    &actor,
                    now,
                )?)
            })
        }
        (
            Choice::Snooze,
            Actions::Reminder {
                snooze: Some(snooze),
                ..
            },
        ) => state.store().and_then(|mut s| {
            let until = now + snooze.duration();
            Ok(s.snooze(&occurrence.key(), until, state.local_zone, &actor, now)?)
        }),
        (Choice::Done, Actions::Reminder { done: true, .. }) => state.store().and_then(|mut s| {
            Ok(s.record_reminder_action(&occurrence.key(), ReminderAction::Done, &actor, now)?)
        }),
        // Closed, or a button this notification did not offer.
        _ => return,
    };
    match result {
        Ok(()) => state.changed(),
        Err(e) => eprintln!("docket: the notification's action could not be carried out: {e}"),
    }
}

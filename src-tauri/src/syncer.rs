//! Background sync in the tray process: a while after start, then every
//! interval (a setting), soon after a change (made in Docket, or by
//! docketctl while Docket runs), and at once on "Sync now"; at an interval
//! of 0, only on "Sync now". It runs on a thread of its own with a
//! connection of its own, so that a slow server never holds up the
//! reminders or the tray.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use docket_core::{Actor, Store};
use docket_sync::{self as sync, SyncReport};
use tauri::{AppHandle, Manager};

use crate::state::AppState;
use crate::tray;

/// Why the syncer is woken.
pub enum Ask {
    /// "Sync now": at once.
    Now,
    /// Something changed in Docket: soon, once changes settle.
    Soon,
    /// The data changed, perhaps elsewhere (docketctl, which sends no word),
    /// or the machine woke from a suspend: soon if a deadline changed here
    /// since the last sync began, and now if the sync fell due meanwhile.
    Look,
}

/// True while a sync runs in this process.
static RUNNING: AtomicBool = AtomicBool::new(false);

/// How long after start the first sync waits, so that the window and the
/// first reminders go first.
const FIRST_SYNC_AFTER: TimeDelta = TimeDelta::seconds(5);

/// How long after a change the sync that sends it waits, so that a run of
/// edits goes in one sync.
const AFTER_A_CHANGE: Duration = Duration::from_secs(10);

pub fn is_running() -> bool {
    RUNNING.load(Ordering::SeqCst)
}

/// Starts the sync thread and registers its channel.
pub fn start(app: AppHandle) {
    let (tx, rx) = mpsc::channel();
    app.state::<AppState>().set_syncer(tx);
    let spawned = std::thread::Builder::new()
        .name("sync".into())
        .spawn(move || run(&app, &rx));
    if let Err(e) = spawned {
        eprintln!("docket: the background sync could not start: {e}");
    }
}

fn run(app: &AppHandle, rx: &Receiver<Ask>) {
    let mut store = None;
    // By the wall clock: the wait for it does not count a suspend, after
    // which the scheduler's look says to check.
    let mut next = Utc::now() + FIRST_SYNC_AFTER;
    // The newest local change when the last sync began; anything newer may
    // be still to send.
    let mut looked_up_to = None;
    loop {
        let left = (next - Utc::now()).to_std().unwrap_or_default();
        let asked = match rx.recv_timeout(left) {
            Ok(Ask::Now) => true,
            Ok(Ask::Soon) => false,
            Ok(Ask::Look) if Utc::now() >= next => false,
            Ok(Ask::Look) => {
                let newer = match (last_local_change(app, &mut store), looked_up_to) {
                    (Some(now), Some(before)) => now > before,
                    _ => false,
                };
                if !newer {
                    continue;
                }
                false
            }
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if !asked {
            // An interval of 0 is a sync only when asked: "Sync now".
            if interval(app, &mut store) == 0 {
                next = Utc::now() + NEVER;
                continue;
            }
            settle(rx);
        }
        looked_up_to = last_local_change(app, &mut store);
        next = Utc::now()
            + match sync_once(app, &mut store) {
                0 => NEVER,
                m => TimeDelta::minutes(i64::from(m)),
            };
    }
}

/// The wait of a syncer that syncs only when asked.
const NEVER: TimeDelta = TimeDelta::days(365);

fn interval(app: &AppHandle, store: &mut Option<Store>) -> u32 {
    connection(app, store)
        .and_then(|s| s.sync_interval().ok())
        .unwrap_or(docket_core::store::DEFAULT_SYNC_INTERVAL)
}

/// Lets a run of changes settle; "Sync now" cuts it short.
fn settle(rx: &Receiver<Ask>) {
    while let Ok(ask) = rx.recv_timeout(AFTER_A_CHANGE) {
        if matches!(ask, Ask::Now) {
            break;
        }
    }
}

/// The sync thread's connection, opened at its first use and again after a
/// failure.
fn connection<'a>(app: &AppHandle, store: &'a mut Option<Store>) -> Option<&'a mut Store> {
    if store.is_none() {
        match Store::open(&app.state::<AppState>().data_dir) {
            Ok(opened) => *store = Some(opened),
            Err(e) => eprintln!("docket: sync skipped: {e}"),
        }
    }
    store.as_mut()
}

fn last_local_change(app: &AppHandle, store: &mut Option<Store>) -> Option<i64> {
    let change = connection(app, store)?.last_local_change();
    if change.is_err() {
        *store = None;
    }
    change.ok()
}

fn received(report: &SyncReport) -> bool {
    report.added + report.changed + report.deleted + report.conflicts > 0
}

/// One sync of every account; the interval until the next.
fn sync_once(app: &AppHandle, store: &mut Option<Store>) -> u32 {
    let state = app.state::<AppState>();
    let interval = interval(app, store);
    let Some(store) = connection(app, store) else {
        return interval;
    };
    if store.account_states().map_or(true, |a| a.is_empty()) {
        return interval;
    }
    RUNNING.store(true, Ordering::SeqCst);
    tray::refresh(app, Utc::now());
    let user = Actor::current("sync").user;
    let outcomes = sync::sync_all(
        store,
        &state.data_dir,
        None,
        state.local_zone.name(),
        &user,
        &mut |_, _| {},
    );
    RUNNING.store(false, Ordering::SeqCst);
    let mut changed = false;
    match outcomes {
        Ok(outcomes) => {
            for (name, outcome) in outcomes {
                match outcome {
                    Ok(report) => {
                        eprintln!("docket: synced {name}: {}", report.describe());
                        changed |= received(&report);
                    }
                    Err(e) => eprintln!("docket: sync with {name} failed: {e}"),
                }
            }
        }
        Err(e) => eprintln!("docket: sync failed: {e}"),
    }
    if changed {
        // The scheduler re-plans (a moved date is reminded at its new date)
        // and the window reloads.
        state.changed_by_sync();
    }
    tray::refresh(app, Utc::now());
    interval
}

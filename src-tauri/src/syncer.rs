//! Background sync in the tray process: a while after start, then every
//! interval (a setting), soon after a change made in Docket, and at once on
//! "Sync now". It runs on a thread of its own with a connection of its own,
//! so that a slow server never holds up the reminders or the tray.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use chrono::Utc;
use docket_core::sync::{self, SyncReport};
use docket_core::{Actor, Store};
use tauri::{AppHandle, Manager};

use crate::state::AppState;
use crate::tray;

/// Why the syncer is woken.
pub enum Ask {
    /// "Sync now": at once.
    Now,
    /// Something changed in Docket: soon, once changes settle.
    Soon,
}

/// True while a sync runs in this process.
static RUNNING: AtomicBool = AtomicBool::new(false);

/// How long after start the first sync waits, so that the window and the
/// first reminders go first.
const FIRST_SYNC_AFTER: Duration = Duration::from_secs(5);

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
    let mut wait = FIRST_SYNC_AFTER;
    loop {
        match rx.recv_timeout(wait) {
            Ok(Ask::Soon) => {
                // Let a run of changes settle; "Sync now" cuts it short.
                while let Ok(ask) = rx.recv_timeout(AFTER_A_CHANGE) {
                    if matches!(ask, Ask::Now) {
                        break;
                    }
                }
            }
            Ok(Ask::Now) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        let minutes = sync_once(app);
        wait = match minutes {
            0 => Duration::from_secs(365 * 24 * 3600),
            m => Duration::from_secs(u64::from(m) * 60),
        };
    }
}

fn received(report: &SyncReport) -> bool {
    report.added + report.changed + report.deleted + report.conflicts > 0
}

/// One sync of every account; the interval until the next.
fn sync_once(app: &AppHandle) -> u32 {
    let state = app.state::<AppState>();
    let mut store = match Store::open(&state.data_dir) {
        Ok(store) => store,
        Err(e) => {
            eprintln!("docket: sync skipped: {e}");
            return docket_core::store::DEFAULT_SYNC_INTERVAL;
        }
    };
    let interval = store
        .sync_interval()
        .unwrap_or(docket_core::store::DEFAULT_SYNC_INTERVAL);
    if store.account_states().map_or(true, |a| a.is_empty()) {
        return interval;
    }
    RUNNING.store(true, Ordering::SeqCst);
    tray::refresh(app, Utc::now());
    let user = Actor::current("sync").user;
    let outcomes = sync::sync_all(
        &mut store,
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
    drop(store);
    if changed {
        // The scheduler re-plans (a moved date is reminded at its new date)
        // and the window reloads.
        state.changed_by_sync();
    }
    tray::refresh(app, Utc::now());
    interval
}

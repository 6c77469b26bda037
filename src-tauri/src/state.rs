//! What a Docket process holds while it runs: its role, the store (or why it
//! could not be opened), the data directory and the user's zone.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Mutex, MutexGuard};

use chrono::Utc;
use chrono_tz::Tz;
use docket_core::error::ErrorReport;
use docket_core::{Error, Store, StoreError};

use crate::scheduler::Wake;
use crate::single_instance::{self, Message, Role};
use crate::syncer::Ask;

pub struct AppState {
    pub role: Role,
    store: Result<Mutex<Store>, ErrorReport>,
    pub data_dir: PathBuf,
    pub local_zone: Tz,
    /// Why notifications could not be shown last time, in the tray process.
    notification_problem: Mutex<Option<String>>,
    scheduler: Mutex<Option<Sender<Wake>>>,
    syncer: Mutex<Option<Sender<Ask>>>,
    /// How far the window's "Sync now" is.
    pub sync_progress: Mutex<Option<docket_sync::SyncProgress>>,
    /// The file the officer chose to import, previewed and not yet imported.
    chosen_import: Mutex<Option<std::path::PathBuf>>,
}

impl AppState {
    /// Opens the store in `data_dir` and installs the embedded packs. A store
    /// that cannot be opened is kept as its error, so that the window can say
    /// what is wrong instead of the app failing to start.
    pub fn open(role: Role, data_dir: PathBuf, local_zone: Tz) -> AppState {
        let open = || {
            Store::open_or_set_aside(&data_dir, Utc::now())
                .map_err(Error::from)
                .and_then(|(mut store, recovered)| {
                    if let Some(sentence) = recovered {
                        eprintln!("docket: {sentence}");
                    }
                    store.install_embedded_packs(Utc::now())?;
                    Ok(store)
                })
        };
        // Another program (docketctl importing a pack) may hold the write
        // lock past the wait: the store kept as an error would stay one
        // until a restart, so it is tried again a few times first.
        let mut store = open();
        for _ in 0..5 {
            if !matches!(
                &store,
                Err(Error::Store(StoreError::Locked | StoreError::Busy { .. }))
            ) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_secs(1));
            store = open();
        }
        let store = store.map(Mutex::new).map_err(|e| ErrorReport::of(&e));
        if let Err(report) = &store {
            eprintln!("docket: {}", report.message);
        }
        AppState {
            role,
            store,
            data_dir,
            local_zone,
            notification_problem: Mutex::new(None),
            scheduler: Mutex::new(None),
            syncer: Mutex::new(None),
            sync_progress: Mutex::new(None),
            chosen_import: Mutex::new(None),
        }
    }

    pub fn store(&self) -> Result<MutexGuard<'_, Store>, ErrorReport> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        // A panic while holding the lock cannot leave the database half
        // written (every write is a transaction), so the store stays usable.
        Ok(store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    pub fn choose_import(&self, path: std::path::PathBuf) {
        *self.chosen_import.lock().unwrap_or_else(|p| p.into_inner()) = Some(path);
    }

    /// The file chosen to import; it stays chosen, so that a failed import
    /// can be tried again.
    pub fn chosen_import(&self) -> Option<std::path::PathBuf> {
        self.chosen_import
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn set_scheduler(&self, tx: Sender<Wake>) {
        *self.scheduler.lock().unwrap_or_else(|p| p.into_inner()) = Some(tx);
    }

    /// Data changed here: the scheduler and the tray re-plan at once, and the
    /// other process (window or tray) reloads.
    pub fn changed(&self) {
        self.changed_elsewhere();
        let other = match self.role {
            Role::Tray => Role::Window,
            Role::Window => Role::Tray,
        };
        single_instance::send(&self.data_dir, other, &Message::Changed);
    }

    pub fn set_syncer(&self, tx: Sender<Ask>) {
        *self.syncer.lock().unwrap_or_else(|p| p.into_inner()) = Some(tx);
    }

    /// Data changed in the other process: only this process re-plans, and
    /// the change is sent to the sync accounts soon.
    pub fn changed_elsewhere(&self) {
        self.wake_scheduler();
        self.ask_sync(Ask::Soon);
    }

    /// A sync brought changes from a server: the scheduler re-plans and the
    /// window reloads.
    pub fn changed_by_sync(&self) {
        self.wake_scheduler();
        single_instance::send(&self.data_dir, Role::Window, &Message::Changed);
    }

    /// Wakes the background sync, in the tray process.
    pub fn ask_sync(&self, ask: Ask) {
        if let Some(tx) = self
            .syncer
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            let _ = tx.send(ask);
        }
    }

    fn wake_scheduler(&self) {
        if let Some(tx) = self
            .scheduler
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            let _ = tx.send(Wake::Changed);
        }
    }

    /// Records whether notifications can be shown, in the log and in the
    /// database, where the window reads it.
    pub fn set_notification_problem(&self, problem: Option<String>) {
        let mut slot = self
            .notification_problem
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if *slot == problem {
            return;
        }
        match &problem {
            Some(p) => eprintln!("docket: {p}"),
            None => eprintln!("docket: notifications can be shown again"),
        }
        if let Ok(mut store) = self.store() {
            if let Err(e) = store.set_notification_problem(problem.as_deref()) {
                eprintln!("docket: {e}");
            }
        }
        *slot = problem;
        drop(slot);
        single_instance::send(&self.data_dir, Role::Window, &Message::Changed);
    }
}

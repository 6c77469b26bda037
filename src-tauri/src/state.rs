//! What the app holds while it runs: the store (or why it could not be
//! opened), the data directory, the user's zone, and what the window should
//! know about reminders.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Mutex, MutexGuard};

use chrono::Utc;
use chrono_tz::Tz;
use docket_core::error::ErrorReport;
use docket_core::{Error, Store};

use crate::scheduler::Wake;

pub struct AppState {
    store: Result<Mutex<Store>, ErrorReport>,
    pub data_dir: PathBuf,
    pub local_zone: Tz,
    /// Why notifications cannot be shown right now, if they cannot.
    pub notification_problem: Mutex<Option<String>>,
    scheduler: Mutex<Option<Sender<Wake>>>,
}

impl AppState {
    /// Opens the store in `data_dir` and installs the embedded packs. A store
    /// that cannot be opened is kept as its error, so that the window can say
    /// what is wrong instead of the app failing to start.
    pub fn open(data_dir: PathBuf, local_zone: Tz) -> AppState {
        let store = Store::open(&data_dir)
            .map_err(Error::from)
            .and_then(|mut store| {
                store.install_embedded_packs(Utc::now())?;
                Ok(store)
            })
            .map(Mutex::new)
            .map_err(|e| ErrorReport::from(&e));
        if let Err(report) = &store {
            eprintln!("docket: {}", report.message);
        }
        AppState {
            store,
            data_dir,
            local_zone,
            notification_problem: Mutex::new(None),
            scheduler: Mutex::new(None),
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

    pub fn set_scheduler(&self, tx: Sender<Wake>) {
        *self.scheduler.lock().unwrap_or_else(|p| p.into_inner()) = Some(tx);
    }

    /// Tells the scheduler (and through it the tray) that data changed.
    pub fn changed(&self) {
        if let Some(tx) = self
            .scheduler
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            let _ = tx.send(Wake::Changed);
        }
    }

    pub fn set_notification_problem(&self, problem: Option<String>) {
        let mut slot = self
            .notification_problem
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if *slot != problem {
            match &problem {
                Some(p) => eprintln!("docket: {p}"),
                None if slot.is_some() => eprintln!("docket: notifications work again"),
                None => {}
            }
            *slot = problem;
        }
    }

    pub fn notification_problem(&self) -> Option<String> {
        self.notification_problem
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

//! What the app holds while it runs: the store (or why it could not be
//! opened), the data directory and the user's zone.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use chrono::Utc;
use chrono_tz::Tz;
use docket_core::error::ErrorReport;
use docket_core::{Error, Store};

pub struct AppState {
    store: Result<Mutex<Store>, ErrorReport>,
    pub data_dir: PathBuf,
    pub local_zone: Tz,
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
}

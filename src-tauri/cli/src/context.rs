//! What every command runs with: the instant it started, the local zone,
//! who is acting, and the store, opened when a command needs it.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use docket_core::store::data_dir;
use docket_core::time::local_zone;
use docket_core::{Actor, Store};

use crate::failure::Failure;

pub struct Context {
    pub now: DateTime<Utc>,
    pub local: Tz,
}

impl Context {
    pub fn now() -> Context {
        Context {
            now: Utc::now(),
            local: local_zone(),
        }
    }

    /// The data directory's store, with the embedded packs installed.
    pub fn open(&self) -> Result<Store, Failure> {
        let mut store = Store::open(&data_dir())?;
        store.install_embedded_packs(self.now)?;
        Ok(store)
    }

    pub fn actor(&self) -> Actor {
        Actor::current("docketctl")
    }

    pub fn data_dir(&self) -> std::path::PathBuf {
        data_dir()
    }
}

//! Helpers for Docket's desktop and end-to-end tests, by subject: the built
//! binaries, waiting, the app in the tray, its notifications, the real
//! window, Python's clients and CalDAV servers.

mod app;
mod binaries;
mod notifications;
mod python;
mod servers;
mod waiting;
mod window;

pub use app::*;
pub use binaries::*;
pub use notifications::*;
pub use python::*;
pub use servers::*;
pub use waiting::*;
pub use window::*;

/// How many dated items the embedded packs hold together: what a fresh
/// data folder holds.
pub fn pack_items() -> usize {
    docket_core::packs::embedded()
        .expect("the embedded packs read")
        .iter()
        .map(|p| p.items.len())
        .sum()
}

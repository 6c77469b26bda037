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

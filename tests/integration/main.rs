//! Docket's desktop tests (docketctl's own are in src-tauri/cli/tests): the app
//! in the tray with a real D-Bus session, notification daemon and tray item;
//! and the real window driven through tauri-driver and WebKitWebDriver under
//! Xvfb. `make test` runs them inside scripts/headless.
#![allow(clippy::unwrap_used)]

mod clocks;
mod holidays;
mod interop;
mod packs;
mod reliability;
mod reminders;
mod sync;
mod tray;
mod window;

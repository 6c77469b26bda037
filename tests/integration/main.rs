//! Docket's integration tests: docketctl on real data directories; the app
//! in the tray with a real D-Bus session, notification daemon and tray item;
//! and the real window driven through tauri-driver and WebKitWebDriver under
//! Xvfb. `make test` runs them inside scripts/headless.
#![allow(clippy::unwrap_used)]

mod docketctl;
mod interop;
mod migrations;
mod packs;
mod reliability;
mod reminders;
mod security;
mod sync;
mod tray;
mod window;

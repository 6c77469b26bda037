//! Docket's integration tests: docketctl on real data directories, and the
//! real window driven through tauri-driver and WebKitWebDriver under Xvfb.
#![allow(clippy::unwrap_used)]

mod docketctl;
mod window;

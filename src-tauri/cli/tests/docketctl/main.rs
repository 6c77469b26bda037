//! docketctl's tests: the built binary on temporary data directories, with
//! no display and no session bus. Modules by subject; helpers in `support`.
#![allow(clippy::unwrap_used)]

mod clocks;
mod deadlines;
mod icalendar;
mod interop;
mod migrations;
mod profile;
mod proof;
mod security;
mod support;

//! One module per group of commands; each command is a `clap::Args` struct
//! with a `run` that returns what to print.

pub mod account;
pub mod agenda;
pub mod clock;
pub mod database;
pub mod deadlines;
pub mod evidence;
pub mod interop;
pub mod pack;
pub mod profile;
pub mod report;
pub mod sync;

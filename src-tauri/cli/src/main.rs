//! docketctl: Docket's deadlines from a terminal, on the same database as the
//! window (`DOCKET_DATA_DIR` chooses the data directory).
//!
//! Each group of commands is a module of `commands/`, whose `run` returns
//! what to print; whether that is text or JSON (`--json`) is decided here,
//! once.
//!
//! Exit codes: 0 success, 2 invalid input, 3 the database cannot be opened,
//! 1 anything else.

mod cli;
mod commands;
mod context;
mod failure;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::Cli;
use crate::context::Context;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let context = Context::now();
    let (printed, failure) = match cli.command.run(&context) {
        Ok(printed) => (Some(printed), None),
        Err(mut failure) => (failure.printed.take(), Some(failure)),
    };
    if let Some(printed) = printed {
        output::emit(&printed.render(cli.json));
    }
    match failure {
        None => ExitCode::SUCCESS,
        Some(failure) => {
            output::emit_error(&format!("docketctl: {}\n", failure.message));
            ExitCode::from(failure.exit_code())
        }
    }
}

//! docketctl's command line: one variant per command, each the arguments of
//! a module in `commands/`, whose `run` says what to print.

use clap::{Parser, Subcommand};

use crate::commands::{
    account, agenda, clock, database, deadlines, evidence, interop, pack, profile, report, sync,
};
use crate::context::Context;
use crate::failure::Failure;
use crate::output::Printed;

#[derive(Parser)]
#[command(
    name = "docketctl",
    version,
    about = "Docket's regulatory deadlines and reminders, from the terminal"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print JSON for scripts instead of lines for people.
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum Command {
    /// List deadlines, earliest due first.
    List(agenda::List),
    /// Add a deadline and print its id.
    Add(deadlines::Add),
    /// Change fields of a deadline; fields not given stay as they are.
    Edit(deadlines::Edit),
    /// Mark a deadline done.
    Done(deadlines::Done),
    /// Waive a deadline: it does not apply, for a reason.
    Waive(deadlines::Waive),
    /// Reopen a done or waived deadline.
    Reopen(deadlines::Reopen),
    /// Delete a deadline (its history is kept; `undelete` brings it back).
    Delete(deadlines::Delete),
    /// Bring back a deleted deadline.
    Undelete(deadlines::Undelete),
    /// Put the whole database back from a backup file made by Docket: the
    /// current database is backed up first and kept, and Docket must not be
    /// running. (Given a deleted deadline's id instead, brings it back, as
    /// `undelete` does.)
    Restore(database::Restore),
    /// Show the reminders owed at an instant (default now). Read-only.
    Due(agenda::Due),
    /// Search titles, descriptions, legal references and notes.
    Search(agenda::Search),
    /// Show a deadline's audit trail.
    History(agenda::History),
    /// Manage CalDAV sync accounts.
    #[command(subcommand)]
    Account(account::AccountCommand),
    /// Sync with every account's calendar (or one), both ways.
    Sync(sync::Sync),
    /// Back up the database (SQLite's online backup) to FILE, or into the data dir's backups/.
    Backup(database::Backup),
    /// Check the database: integrity, schema version, counts and backups.
    Check(database::Check),
    /// Check the tamper-evident trail of the history, the reminder log and
    /// the evidence: exit 0 when intact, 4 naming the first entry that does
    /// not match.
    Verify(database::Verify),
    /// Evidence: files and links attached to deadlines, kept by their SHA-256.
    #[command(subcommand)]
    Evidence(evidence::EvidenceCommand),
    /// Incident clocks: deadlines that start from an event, counted as the law counts them.
    #[command(subcommand)]
    Clock(clock::ClockCommand),
    /// Regulation packs: list, import, and pack changes to review.
    #[command(subcommand)]
    Pack(pack::PackCommand),
    /// What applies to us: the packs' questions and the organisation's answers.
    #[command(subcommand)]
    Profile(profile::ProfileCommand),
    /// The AI systems the organisation lists: add, list, remove.
    #[command(subcommand)]
    System(profile::SystemCommand),
    /// The audit report over a period (PDF, HTML or CSV): the organisation,
    /// every deadline with its moves, completion, evidence and reminders, the
    /// incident clocks, and the trail's head hash.
    Report(report::Report),
    /// Write every deadline as iCalendar or CSV, to a file or to stdout.
    Export(interop::Export),
    /// Import deadlines from an iCalendar or CSV file (the same file again
    /// updates what it imported before), or restore a JSON backup.
    Import(interop::Import),
}

impl Command {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        match self {
            Command::List(c) => c.run(cx),
            Command::Add(c) => c.run(cx),
            Command::Edit(c) => c.run(cx),
            Command::Done(c) => c.run(cx),
            Command::Waive(c) => c.run(cx),
            Command::Reopen(c) => c.run(cx),
            Command::Delete(c) => c.run(cx),
            Command::Undelete(c) => c.run(cx),
            Command::Restore(c) => c.run(cx),
            Command::Due(c) => c.run(cx),
            Command::Search(c) => c.run(cx),
            Command::History(c) => c.run(cx),
            Command::Account(c) => c.run(cx),
            Command::Sync(c) => c.run(cx),
            Command::Backup(c) => c.run(cx),
            Command::Check(c) => c.run(cx),
            Command::Verify(c) => c.run(cx),
            Command::Evidence(c) => c.run(cx),
            Command::Clock(c) => c.run(cx),
            Command::Pack(c) => c.run(cx),
            Command::Profile(c) => c.run(cx),
            Command::System(c) => c.run(cx),
            Command::Report(c) => c.run(cx),
            Command::Export(c) => c.run(cx),
            Command::Import(c) => c.run(cx),
        }
    }
}

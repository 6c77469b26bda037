//! CalDAV sync accounts: add (the password goes to the system keyring),
//! list and remove.

use clap::Subcommand;
use docket_core::interop::ics::Shape;
use docket_core::store::sync::Account;
use docket_sync as sync;

use crate::context::Context;
use crate::failure::Failure;
use crate::output::Printed;

#[derive(Subcommand)]
pub enum AccountCommand {
    /// Add a CalDAV account: signs in, finds the calendars and chooses one.
    /// The password is read from the terminal (or one line of standard input)
    /// and kept in the system keyring.
    Add {
        /// A name for the account, e.g. "team".
        name: String,
        /// The server's address, e.g. https://cloud.example.com/remote.php/dav
        #[arg(long, value_name = "URL")]
        url: String,
        /// The user name to sign in with.
        #[arg(long)]
        user: String,
        /// The calendar's name or URL; made when the server has none of that
        /// name. Without it: the only calendar, or a new one named "Docket".
        #[arg(long)]
        calendar: Option<String>,
        /// Send deadlines as to-dos (VTODO) instead of events.
        #[arg(long)]
        todo: bool,
        /// Which deadlines it sends: all, own (not from a regulation pack) or
        /// pack:ID (one pack's, e.g. pack:ai-act).
        #[arg(long, default_value = "all")]
        scope: String,
    },
    /// List the sync accounts, with their last sync.
    List,
    /// Remove an account and its password; the deadlines stay on both sides.
    Remove {
        /// The account's name (`docketctl account list` shows them).
        name: String,
    },
}

impl AccountCommand {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        match self {
            AccountCommand::Add {
                name,
                url,
                user,
                calendar,
                todo,
                scope,
            } => {
                let mut store = cx.open()?;
                let password = read_password(&format!("Password for {user} at {url}: "))?;
                let request = sync::AccountRequest {
                    name: &name,
                    server_url: &url,
                    username: &user,
                    password: &password,
                    calendar: calendar.as_deref(),
                    shape: if todo { Shape::Todo } else { Shape::Event },
                    scope: &scope,
                };
                let added = sync::add_account(&mut store, &request, cx.now)?;
                Printed::value(
                    &added,
                    format!(
                        "Added {}: syncs with the calendar “{}” ({}). The password is in the system keyring.\n",
                        added.name, added.calendar_name, added.calendar_url
                    ),
                )
            }
            AccountCommand::List => {
                let accounts = cx.open()?.accounts()?;
                let lines: String = accounts.iter().map(describe).collect();
                Printed::value(&accounts, lines)
            }
            AccountCommand::Remove { name } => {
                sync::remove_account(&mut cx.open()?, &name)?;
                Ok(Printed::message(format!(
                    "Removed {name}; its deadlines stay in Docket and on the server.\n"
                )))
            }
        }
    }
}

/// A password from the terminal without echo, or one line of standard input.
fn read_password(prompt: &str) -> Result<String, Failure> {
    use std::io::IsTerminal;
    let read = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt)
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map(|_| line)
    };
    let password =
        read.map_err(|e| Failure::other(format!("The password could not be read: {e}.")))?;
    let password = password.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err(Failure::invalid(
            "No password was given; nothing was added.",
        ));
    }
    Ok(password)
}

fn describe(a: &Account) -> String {
    let last = match (&a.last_sync_at, &a.last_error) {
        (_, Some(e)) => format!("last sync failed: {e}"),
        (Some(at), None) => format!("last synced {}", at.format("%Y-%m-%d %H:%M UTC")),
        (None, None) => "never synced".to_owned(),
    };
    format!(
        "{}  {} as {}  calendar “{}” ({})\n  {}; {} to send, {} conflicts\n",
        a.name,
        a.server_url,
        a.username,
        a.calendar_name,
        a.calendar_url,
        last,
        a.pending,
        a.conflicts
    )
}

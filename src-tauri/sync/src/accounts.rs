//! Sync accounts: adding one (sign in, discover the calendars, choose or
//! make one), removing one, and their passwords in the system keyring. The
//! store keeps the rest of an account; the password never enters the
//! database.

use chrono::{DateTime, Utc};
use docket_core::error::{Code, Coded};
use docket_core::interop::ics::Shape;
use docket_core::store::sync::Account;
use docket_core::store::Store;
use docket_core::Error;

use crate::caldav::{CalDavError, Client};
use crate::session::SyncError;

/// The keyring service Docket's passwords are stored under.
const KEYRING_SERVICE: &str = "eu.docket.Docket";

/// The keyring entry of a password: one per user on a server, whichever
/// data folder or account name uses it.
fn keyring_entry(username: &str, server_url: &str) -> Result<keyring::Entry, SyncError> {
    keyring::Entry::new(
        KEYRING_SERVICE,
        &format!("{username} at {}", server_url.trim()),
    )
    .map_err(|e| SyncError::Keyring(e.to_string()))
}

/// Stores the password of `username` on `server_url` in the system keyring.
pub fn store_password(username: &str, server_url: &str, password: &str) -> Result<(), SyncError> {
    keyring_entry(username, server_url)?
        .set_password(password)
        .map_err(|e| SyncError::Keyring(e.to_string()))
}

/// An account's password, from the system keyring.
pub fn password(account: &Account) -> Result<String, SyncError> {
    match keyring_entry(&account.username, &account.server_url)?.get_password() {
        Ok(p) => Ok(p),
        Err(keyring::Error::NoEntry) => Err(SyncError::NoPassword(account.name.clone())),
        Err(e) => Err(SyncError::Keyring(e.to_string())),
    }
}

/// Removes a password from the keyring; none there is fine.
fn forget_password(username: &str, server_url: &str) -> Result<(), SyncError> {
    match keyring_entry(username, server_url)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(SyncError::Keyring(e.to_string())),
    }
}

/// A client for the account, with its password from the keyring.
pub fn client_for(account: &Account) -> Result<Client, SyncError> {
    let password = password(account)?;
    Ok(Client::new(
        &account.server_url,
        &account.username,
        &password,
    )?)
}

/// Why an account could not be added, beyond the server and the keyring.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("The account needs a name.")]
    NoName,
    #[error(
        "The server holds several calendars for this user: {0}. Choose one with its name or URL."
    )]
    Choose(String),
    #[error("“{0}” is not a choice of deadlines to sync: give all, own (those not from a regulation pack) or pack:ID of an installed pack ({1}).")]
    Scope(String, String),
    #[error(transparent)]
    Sync(#[from] SyncError),
}

impl Coded for AccountError {
    fn code(&self) -> Code {
        match self {
            AccountError::Sync(e) => e.code(),
            AccountError::NoName | AccountError::Choose(_) | AccountError::Scope(..) => {
                Code::Invalid
            }
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            AccountError::NoName => Some("name"),
            AccountError::Choose(_) => Some("calendar"),
            AccountError::Scope(..) => Some("scope"),
            AccountError::Sync(_) => None,
        }
    }
}

impl From<Error> for AccountError {
    fn from(e: Error) -> Self {
        AccountError::Sync(SyncError::Store(e))
    }
}

impl From<CalDavError> for AccountError {
    fn from(e: CalDavError) -> Self {
        AccountError::Sync(SyncError::Server(e))
    }
}

/// What the officer gives to add an account.
pub struct AccountRequest<'a> {
    pub name: &'a str,
    pub server_url: &'a str,
    pub username: &'a str,
    pub password: &'a str,
    /// The calendar's name or URL; created when the server has none of
    /// that name. `None` takes the only calendar, or makes one named "Docket".
    pub calendar: Option<&'a str>,
    pub shape: Shape,
    /// Which deadlines it sends: "all", "own" or "pack:ID".
    pub scope: &'a str,
}

/// Adds an account: signs in, finds the user's calendars (RFC 6764 and
/// RFC 4791 discovery), chooses or creates the calendar, puts the password
/// in the keyring and the rest in the store. The account is stored only once
/// every step before it succeeded; a calendar it made stays on the server.
pub fn add_account(
    store: &mut Store,
    request: &AccountRequest,
    now: DateTime<Utc>,
) -> Result<Account, AccountError> {
    let name = request.name.trim();
    if name.is_empty() {
        return Err(AccountError::NoName);
    }
    if store.account_states()?.iter().any(|a| a.name == name) {
        return Err(Error::AccountExists(name.to_owned()).into());
    }
    let packs = store.packs()?;
    let scope = request.scope.trim();
    let known = match scope.strip_prefix("pack:") {
        Some(pack) => packs.iter().any(|p| p.id == pack),
        None => matches!(scope, "all" | "own"),
    };
    if !known {
        let ids: Vec<String> = packs.iter().map(|p| format!("pack:{}", p.id)).collect();
        return Err(AccountError::Scope(scope.to_owned(), ids.join(", ")));
    }
    let client = Client::new(request.server_url, request.username, request.password)?;
    let calendars = client.calendars()?;
    let wanted = request.calendar.map(str::trim).filter(|c| !c.is_empty());
    let calendar = match wanted {
        Some(wanted) => match calendars
            .iter()
            .find(|c| c.name == wanted || c.url == wanted || c.url == client.absolute(wanted))
        {
            Some(found) => found.clone(),
            None => client.make_calendar(wanted)?,
        },
        None => match calendars.as_slice() {
            [] => client.make_calendar("Docket")?,
            [only] => only.clone(),
            several => {
                let names: Vec<String> = several
                    .iter()
                    .map(|c| format!("“{}” ({})", c.name, c.url))
                    .collect();
                return Err(AccountError::Choose(names.join(", ")));
            }
        },
    };
    store_password(request.username, request.server_url, request.password)?;
    let added = store.insert_account(
        &docket_core::store::sync::NewAccount {
            name,
            server_url: request.server_url.trim(),
            username: request.username,
            calendar_url: &calendar.url,
            calendar_name: &calendar.name,
            shape: match request.shape {
                Shape::Event => "event",
                Shape::Todo => "todo",
            },
            scope,
        },
        now,
    );
    if let Err(e) = added {
        return Err(e.into());
    }
    Ok(store.account(name)?)
}

/// Removes an account, and its password unless another account here signs
/// in with it. The deadlines stay on both sides.
pub fn remove_account(store: &mut Store, name: &str) -> Result<(), SyncError> {
    let account = store.account(name)?;
    store.delete_account(name)?;
    let shared = store
        .accounts()?
        .iter()
        .any(|a| a.username == account.username && a.server_url == account.server_url);
    if shared {
        return Ok(());
    }
    forget_password(&account.username, &account.server_url)
}

//! What the store keeps of sync: the accounts, one item per synced deadline
//! and account (where it is on the server, its ETag, the revision both sides
//! last agreed on), and the conflicts waiting for the officer. The sync
//! itself (`crate::sync`) talks to the server and calls these.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;
use ulid::Ulid;

use super::deadlines::{from_row, get_in, rewrite, set_status_in, COLUMNS};
use super::import::insert_under_uid;
use super::{history, read_err, write_err, Store};
use crate::interop::ics::UID_SUFFIX;
use crate::interop::Incoming;
use crate::model::{Actor, Deadline, Draft, Status};
use crate::store::Error;
use crate::time::{from_stored, to_stored};

/// A CalDAV account, as shown to the officer.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Account {
    pub name: String,
    pub server_url: String,
    pub username: String,
    pub calendar_url: String,
    pub calendar_name: String,
    /// "event" or "todo".
    pub shape: String,
    /// Which deadlines it sends: "all", "own" or "pack:ID".
    pub scope: String,
    pub last_sync_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// Local changes not yet on the server.
    pub pending: u32,
    /// Conflicts waiting for the officer.
    pub conflicts: u32,
}

/// How an account's last sync went, without what is left to send (which
/// reads every deadline): what the tray shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountState {
    pub name: String,
    pub last_sync_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub conflicts: u32,
}

/// Where a deadline is on an account's server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub deadline_id: String,
    pub href: String,
    pub etag: Option<String>,
    pub synced_revision: i64,
}

/// A local change to send: the deadline as it is now and, when it was on the
/// server before, where.
#[derive(Debug, Clone)]
pub struct Pending {
    pub deadline: Deadline,
    pub deleted: bool,
    pub uid: String,
    pub item: Option<Item>,
    /// Who made its last change here.
    pub changed_by: Option<String>,
}

/// A resource read from the server, with the deadline it holds.
#[derive(Debug, Clone)]
pub struct Pulled {
    pub href: String,
    pub etag: Option<String>,
    pub ics: String,
    pub incoming: Incoming,
    /// Who changed it last, when a Docket wrote it.
    pub changed_by: Option<String>,
}

/// What a push left on the server for one deadline, to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    pub deadline_id: String,
    /// Its URL and new ETag; `None` when it was removed from the server.
    pub at: Option<(String, Option<String>)>,
    /// The revision that was sent.
    pub revision: i64,
}

/// What applying a server change did locally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    Added(String),
    Changed(String),
    Unchanged,
    Deleted(String),
    Conflict(String),
}

/// What Docket has of the deadline a server change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Here {
    /// Changed in Docket since both sides last agreed.
    pub changed: bool,
    /// Docket's version already says what the server's says.
    pub agrees: bool,
    /// Deleted in Docket (kept, so that it can be brought back).
    pub deleted: bool,
}

/// What the server says of a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum There {
    Changed,
    Removed,
}

/// What a pull does with one server change, as the sync's merge rule
/// decides it (`docket_sync::merge::decide`); the store carries it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// A deadline new to Docket: added.
    Add,
    /// Both sides already say the same: only the server's version is noted.
    Same,
    /// Changed on both sides: both kept until the officer decides.
    Conflict,
    /// The server's version replaces Docket's.
    TakeServer,
    /// Removed on the server: deleted here too.
    DeleteHere,
    /// Nothing to keep: the server's resource is forgotten.
    Forget,
}

/// The merge rule a pull applies.
pub type MergeRule = dyn Fn(Option<Here>, There) -> Merge;

/// A deadline changed on both sides, as the window shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncConflict {
    #[ts(type = "number")]
    pub id: i64,
    pub account: String,
    pub local: Deadline,
    /// The server's version; `None` when the server deleted it.
    pub server_title: Option<String>,
    pub server_due: Option<String>,
    pub server_status: Option<Status>,
    pub found_at: DateTime<Utc>,
}

/// Which version the officer keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Keep {
    /// Docket's: it is sent over the server's.
    Local,
    /// The server's: it replaces Docket's.
    Server,
}

/// The account fields the officer gives.
pub struct NewAccount<'a> {
    pub name: &'a str,
    pub server_url: &'a str,
    pub username: &'a str,
    pub calendar_url: &'a str,
    pub calendar_name: &'a str,
    pub shape: &'a str,
    pub scope: &'a str,
}

fn account_from_row(row: &rusqlite::Row) -> rusqlite::Result<Account> {
    let last: Option<String> = row.get(6)?;
    Ok(Account {
        name: row.get(0)?,
        server_url: row.get(1)?,
        username: row.get(2)?,
        calendar_url: row.get(3)?,
        calendar_name: row.get(4)?,
        shape: row.get(5)?,
        last_sync_at: last.as_deref().and_then(from_stored),
        last_error: row.get(7)?,
        pending: row.get(8)?,
        conflicts: row.get(9)?,
        scope: row.get(10)?,
    })
}

/// How the `via` of every history entry a sync writes begins.
pub const SYNC_VIA: &str = "sync from ";

/// The deadlines an account sends: those in its scope, and those that came
/// from its calendar or were sent to it before (`d`, its item `i`, the
/// account `a`).
const IN_SCOPE: &str = "(i.deadline_id IS NOT NULL OR a.scope = 'all' \
    OR (a.scope = 'own' AND d.pack_id IS NULL AND NOT EXISTS (SELECT 1 FROM sync_item o \
        WHERE o.deadline_id = d.id AND o.came_from_server = 1 AND o.account <> a.name)) \
    OR a.scope = 'pack:' || d.pack_id)";

/// The deadlines to send to account `a`: new ones and those changed since
/// both sides last agreed.
const TO_SEND: &str =
    "((i.deadline_id IS NULL AND d.deleted_at IS NULL) OR d.revision > i.synced_revision)";

fn account_columns() -> String {
    format!(
        "a.name, a.server_url, a.username, a.calendar_url, a.calendar_name, a.shape, \
         a.last_sync_at, a.last_error, \
         (SELECT count(*) FROM deadline d LEFT JOIN sync_item i ON i.deadline_id = d.id AND i.account = a.name \
          WHERE {TO_SEND} AND {IN_SCOPE}), \
         (SELECT count(*) FROM sync_conflict c WHERE c.account = a.name AND c.resolved_at IS NULL), \
         a.scope"
    )
}

/// The UID a deadline is sent under.
fn uid_in(tx: &rusqlite::Connection, id: &str) -> rusqlite::Result<String> {
    let uid: Option<String> =
        tx.query_row("SELECT uid FROM deadline WHERE id = ?1", [id], |r| r.get(0))?;
    Ok(uid.unwrap_or_else(|| format!("{id}{UID_SUFFIX}")))
}

fn item_from_row(r: &rusqlite::Row) -> rusqlite::Result<Item> {
    Ok(Item {
        deadline_id: r.get(0)?,
        href: r.get(1)?,
        etag: r.get(2)?,
        synced_revision: r.get(3)?,
    })
}

fn item_by_href(tx: &Transaction, account: &str, href: &str) -> rusqlite::Result<Option<Item>> {
    tx.query_row(
        "SELECT deadline_id, href, etag, synced_revision FROM sync_item WHERE account = ?1 AND href = ?2",
        params![account, href],
        item_from_row,
    )
    .optional()
}

fn item_of(tx: &rusqlite::Connection, account: &str, id: &str) -> rusqlite::Result<Option<Item>> {
    tx.query_row(
        "SELECT deadline_id, href, etag, synced_revision FROM sync_item WHERE account = ?1 AND deadline_id = ?2",
        params![account, id],
        item_from_row,
    )
    .optional()
}

fn set_item(
    tx: &rusqlite::Connection,
    account: &str,
    id: &str,
    href: &str,
    etag: Option<&str>,
    revision: i64,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO sync_item (account, deadline_id, href, etag, synced_revision) \
         VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (account, deadline_id) DO UPDATE SET href = ?3, etag = ?4, synced_revision = ?5",
        params![account, id, href, etag, revision],
    )?;
    Ok(())
}

fn is_deleted(tx: &rusqlite::Connection, id: &str) -> rusqlite::Result<bool> {
    tx.query_row(
        "SELECT deleted_at IS NOT NULL FROM deadline WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
}

/// The deadline a UID names: one that came in under it, or one Docket made.
fn by_uid(tx: &Transaction, uid: &str) -> rusqlite::Result<Option<String>> {
    let own = uid.strip_suffix(UID_SUFFIX).unwrap_or("");
    tx.query_row(
        "SELECT id FROM deadline WHERE uid = ?1 OR (uid IS NULL AND id = ?2)",
        params![uid, own],
        |r| r.get(0),
    )
    .optional()
}

/// True when `d` already says what the server's version says.
fn agrees(d: &Deadline, draft: &Draft, incoming: &Incoming) -> bool {
    Draft::of(d) == *draft && d.status == incoming.status
}

fn record_conflict(
    tx: &Transaction,
    account: &str,
    id: &str,
    server: Option<(&str, Option<&str>)>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    let updated = tx.execute(
        "UPDATE sync_conflict SET server_ics = ?3, server_etag = ?4 \
         WHERE account = ?1 AND deadline_id = ?2 AND resolved_at IS NULL",
        params![account, id, server.map(|s| s.0), server.and_then(|s| s.1)],
    )?;
    if updated == 0 {
        tx.execute(
            "INSERT INTO sync_conflict (account, deadline_id, server_ics, server_etag, found_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                account,
                id,
                server.map(|s| s.0),
                server.and_then(|s| s.1),
                to_stored(now)
            ],
        )?;
        let summary = match server {
            Some(_) => format!(
                "Changed on the server ({account}) and in Docket since the last sync: both versions are kept until you choose"
            ),
            None => format!(
                "Deleted on the server ({account}) but changed in Docket since the last sync: Docket's version is kept until you choose"
            ),
        };
        history::append(tx, id, actor, now, "conflict", &summary, &[])?;
    }
    Ok(())
}

/// Makes the local deadline `id` say what the server's version says.
fn take_server(
    tx: &Transaction,
    id: &str,
    draft: &Draft,
    incoming: &Incoming,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let before = get_in(tx, id)
        .map_err(write_err)?
        .ok_or_else(|| Error::NotFound(id.to_owned()))?;
    if is_deleted(tx, id).map_err(write_err)? {
        tx.execute(
            "UPDATE deadline SET deleted_at = NULL, revision = revision + 1 WHERE id = ?1",
            [id],
        )
        .map_err(write_err)?;
        history::append(
            tx,
            id,
            actor,
            now,
            "restored",
            "Restored from the server",
            &[],
        )
        .map_err(write_err)?;
    }
    rewrite(tx, &before, draft, None, actor, now).map_err(write_err)?;
    if incoming.status != before.status {
        let after = get_in(tx, id)
            .map_err(write_err)?
            .ok_or_else(|| Error::NotFound(id.to_owned()))?;
        let note = incoming.note.trim();
        let summary = match (incoming.status, note.is_empty()) {
            (Status::Open, _) => "Reopened".to_owned(),
            (Status::Done, true) => "Marked done".to_owned(),
            (Status::Done, false) => format!("Marked done: {note}"),
            (status, true) => format!("Set {}", status.as_str()),
            (status, false) => format!("Set {}: {note}", status.as_str()),
        };
        set_status_in(tx, &after, incoming.status, note, summary, actor, now)?;
    }
    Ok(())
}

fn revision_of(tx: &rusqlite::Connection, id: &str) -> rusqlite::Result<i64> {
    tx.query_row("SELECT revision FROM deadline WHERE id = ?1", [id], |r| {
        r.get(0)
    })
}

/// Applies one server change inside `tx`, as `rule` decides.
fn apply_pulled(
    tx: &Transaction,
    account: &str,
    pulled: &Pulled,
    local_tz: &str,
    actor: &Actor,
    now: DateTime<Utc>,
    rule: &MergeRule,
) -> Result<Applied, Error> {
    let draft = Draft::new(&pulled.incoming.fields, local_tz)?;
    let item = item_by_href(tx, account, &pulled.href).map_err(write_err)?;
    let target = match &item {
        Some(item) => Some(item.deadline_id.clone()),
        None => by_uid(tx, &pulled.incoming.uid).map_err(write_err)?,
    };
    let etag = pulled.etag.as_deref();
    let here = match &target {
        None => None,
        Some(id) => {
            let local = get_in(tx, id)
                .map_err(write_err)?
                .ok_or_else(|| Error::NotFound(id.clone()))?;
            let agreed = item.as_ref().map_or(-1, |i| i.synced_revision);
            Some((
                local.revision,
                Here {
                    changed: i64::from(local.revision) > agreed,
                    agrees: agrees(&local, &draft, &pulled.incoming),
                    deleted: is_deleted(tx, id).map_err(write_err)?,
                },
            ))
        }
    };
    match (rule(here.map(|(_, h)| h), There::Changed), target, here) {
        (Merge::Add, _, _) => add_from_server(tx, account, pulled, &draft, actor, now),
        (Merge::Same, Some(id), Some((revision, _))) => {
            set_item(tx, account, &id, &pulled.href, etag, i64::from(revision))
                .map_err(write_err)?;
            Ok(Applied::Unchanged)
        }
        (Merge::Conflict, Some(id), _) => {
            record_conflict(tx, account, &id, Some((&pulled.ics, etag)), actor, now)
                .map_err(write_err)?;
            Ok(Applied::Conflict(id))
        }
        (Merge::TakeServer, Some(id), _) => {
            take_server(tx, &id, &draft, &pulled.incoming, actor, now)?;
            let revision = revision_of(tx, &id).map_err(write_err)?;
            set_item(tx, account, &id, &pulled.href, etag, revision).map_err(write_err)?;
            Ok(Applied::Changed(id))
        }
        // A rule that answers for a deadline Docket does not have (or a
        // removal to a change) leaves it as it is.
        _ => Ok(Applied::Unchanged),
    }
}

/// A deadline the server has and Docket does not, added under its UID.
fn add_from_server(
    tx: &Transaction,
    account: &str,
    pulled: &Pulled,
    draft: &Draft,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Applied, Error> {
    let id = Ulid::from_datetime(now.into()).to_string();
    insert_under_uid(tx, &id, &pulled.incoming.uid, draft, &[], actor, now).map_err(write_err)?;
    if pulled.incoming.status != Status::Open {
        take_server(tx, &id, draft, &pulled.incoming, actor, now)?;
    }
    let revision = revision_of(tx, &id).map_err(write_err)?;
    set_item(
        tx,
        account,
        &id,
        &pulled.href,
        pulled.etag.as_deref(),
        revision,
    )
    .map_err(write_err)?;
    tx.execute(
        "UPDATE sync_item SET came_from_server = 1 WHERE account = ?1 AND deadline_id = ?2",
        params![account, id],
    )
    .map_err(write_err)?;
    Ok(Applied::Added(id))
}

/// Applies one removal on the server inside `tx`, as `rule` decides.
fn apply_removed(
    tx: &Transaction,
    account: &str,
    href: &str,
    actor: &Actor,
    now: DateTime<Utc>,
    rule: &MergeRule,
) -> Result<Applied, Error> {
    let item = item_by_href(tx, account, href).map_err(write_err)?;
    let here = match &item {
        None => None,
        Some(item) => Some(Here {
            changed: revision_of(tx, &item.deadline_id).map_err(write_err)? > item.synced_revision,
            agrees: false,
            deleted: is_deleted(tx, &item.deadline_id).map_err(write_err)?,
        }),
    };
    let Some(item) = item else {
        return Ok(Applied::Unchanged);
    };
    let id = item.deadline_id;
    let forget = |tx: &Transaction| {
        tx.execute(
            "DELETE FROM sync_item WHERE account = ?1 AND deadline_id = ?2",
            params![account, id],
        )
        .map_err(write_err)
    };
    match rule(here, There::Removed) {
        Merge::Conflict => {
            record_conflict(tx, account, &id, None, actor, now).map_err(write_err)?;
            return Ok(Applied::Conflict(id));
        }
        Merge::DeleteHere => {
            forget(tx)?;
        }
        Merge::Forget => {
            forget(tx)?;
            return Ok(Applied::Unchanged);
        }
        Merge::Add | Merge::Same | Merge::TakeServer => return Ok(Applied::Unchanged),
    }
    tx.execute(
        "UPDATE deadline SET deleted_at = ?2, revision = revision + 1, updated_at = ?2 WHERE id = ?1",
        params![id, to_stored(now)],
    )
    .map_err(write_err)?;
    history::append(
        tx,
        &id,
        actor,
        now,
        "deleted",
        &format!("Deleted on the server ({account})"),
        &[],
    )
    .map_err(write_err)?;
    // Every other account holds it still: it is sent to them as deleted.
    Ok(Applied::Deleted(id))
}

impl Store {
    /// Adds a sync account; its name must be new.
    pub fn insert_account(
        &mut self,
        account: &NewAccount,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        let tx = self.conn.transaction().map_err(write_err)?;
        let exists: bool = tx
            .query_row(
                "SELECT count(*) > 0 FROM sync_account WHERE name = ?1",
                [account.name],
                |r| r.get(0),
            )
            .map_err(write_err)?;
        if exists {
            return Err(Error::AccountExists(account.name.to_owned()));
        }
        tx.execute(
            "INSERT INTO sync_account (name, server_url, username, calendar_url, calendar_name, shape, scope, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                account.name,
                account.server_url,
                account.username,
                account.calendar_url,
                account.calendar_name,
                account.shape,
                account.scope,
                to_stored(now)
            ],
        )
        .map_err(write_err)?;
        tx.commit().map_err(write_err)?;
        Ok(())
    }

    /// Every sync account, by name.
    pub fn accounts(&self) -> Result<Vec<Account>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {} FROM sync_account a ORDER BY a.name",
                account_columns()
            ))
            .map_err(read_err)?;
        let rows = stmt.query_map([], account_from_row).map_err(read_err)?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(read_err)?)
    }

    /// The newest history entry that no sync wrote: it moves whenever a
    /// deadline is changed here (in Docket, through docketctl or by a pack),
    /// and so whenever there may be something new to send. One look from
    /// the end of the history.
    pub fn last_local_change(&self) -> Result<i64, Error> {
        self.conn
            .query_row(
                "SELECT coalesce((SELECT id FROM history WHERE via NOT LIKE ?1 || '%' \
                 ORDER BY id DESC LIMIT 1), 0)",
                [SYNC_VIA],
                |r| r.get(0),
            )
            .map_err(|e| read_err(e).into())
    }

    /// How each account's last sync went, by name.
    pub fn account_states(&self) -> Result<Vec<AccountState>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.name, a.last_sync_at, a.last_error, \
                 (SELECT count(*) FROM sync_conflict c WHERE c.account = a.name AND c.resolved_at IS NULL) \
                 FROM sync_account a ORDER BY a.name",
            )
            .map_err(read_err)?;
        let rows = stmt
            .query_map([], |r| {
                let last: Option<String> = r.get(1)?;
                Ok(AccountState {
                    name: r.get(0)?,
                    last_sync_at: last.as_deref().and_then(from_stored),
                    last_error: r.get(2)?,
                    conflicts: r.get(3)?,
                })
            })
            .map_err(read_err)?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(read_err)?)
    }

    /// One sync account.
    pub fn account(&self, name: &str) -> Result<Account, Error> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {} FROM sync_account a WHERE a.name = ?1",
                    account_columns()
                ),
                [name],
                account_from_row,
            )
            .optional()
            .map_err(read_err)?
            .ok_or_else(|| Error::NoAccount(name.to_owned()))
    }

    /// Removes a sync account and what Docket knew of its server. The
    /// deadlines stay, in Docket and on the server.
    pub fn delete_account(&mut self, name: &str) -> Result<(), Error> {
        let tx = self.conn.transaction().map_err(write_err)?;
        tx.execute("DELETE FROM sync_item WHERE account = ?1", [name])
            .map_err(write_err)?;
        tx.execute("DELETE FROM sync_conflict WHERE account = ?1", [name])
            .map_err(write_err)?;
        let removed = tx
            .execute("DELETE FROM sync_account WHERE name = ?1", [name])
            .map_err(write_err)?;
        if removed == 0 {
            return Err(Error::NoAccount(name.to_owned()));
        }
        tx.commit().map_err(write_err)?;
        Ok(())
    }

    /// The RFC 6578 token of the account's last complete pull.
    pub fn sync_token(&self, account: &str) -> Result<Option<String>, Error> {
        Ok(self
            .conn
            .query_row(
                "SELECT sync_token FROM sync_account WHERE name = ?1",
                [account],
                |r| r.get(0),
            )
            .optional()
            .map_err(read_err)?
            .flatten())
    }

    pub fn set_sync_token(&mut self, account: &str, token: Option<&str>) -> Result<(), Error> {
        self.conn
            .execute(
                "UPDATE sync_account SET sync_token = ?2 WHERE name = ?1",
                params![account, token],
            )
            .map_err(write_err)?;
        Ok(())
    }

    /// Records how the account's last sync ended: at `now`, with the error's
    /// sentence when it failed.
    pub fn set_sync_result(
        &mut self,
        account: &str,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        let at = error.is_none().then(|| to_stored(now));
        self.conn
            .execute(
                "UPDATE sync_account SET last_sync_at = coalesce(?2, last_sync_at), last_error = ?3 \
                 WHERE name = ?1",
                params![account, at, error],
            )
            .map_err(write_err)?;
        Ok(())
    }

    /// Where each of the account's deadlines is on the server, by URL.
    pub fn sync_items(&self, account: &str) -> Result<Vec<Item>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT deadline_id, href, etag, synced_revision FROM sync_item WHERE account = ?1",
            )
            .map_err(read_err)?;
        let rows = stmt.query_map([account], item_from_row).map_err(read_err)?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(read_err)?)
    }

    /// The local changes to send to the account: deadlines never sent, and
    /// those changed since both sides last agreed. A deadline in conflict
    /// waits for the officer.
    pub fn pending(&self, account: &str) -> Result<Vec<Pending>, Error> {
        let columns: String = COLUMNS
            .split(',')
            .map(|c| format!("d.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {columns}, d.deleted_at IS NOT NULL, coalesce(d.uid, d.id || ?2), \
                 i.href, i.etag, i.synced_revision, \
                 (SELECT h.actor FROM history h WHERE h.deadline_id = d.id ORDER BY h.id DESC LIMIT 1) \
                 FROM sync_account a JOIN deadline d \
                 LEFT JOIN sync_item i ON i.deadline_id = d.id AND i.account = a.name \
                 WHERE a.name = ?1 AND {TO_SEND} AND {IN_SCOPE} \
                 AND NOT EXISTS (SELECT 1 FROM sync_conflict c WHERE c.account = ?1 \
                   AND c.deadline_id = d.id AND c.resolved_at IS NULL) \
                 ORDER BY d.rowid"
            ))
            .map_err(read_err)?;
        let n = super::deadlines::COLUMN_COUNT;
        let rows = stmt
            .query_map(params![account, UID_SUFFIX], |r| {
                let deadline = from_row(r)?;
                let href: Option<String> = r.get(n + 2)?;
                Ok(Pending {
                    item: href
                        .map(|href| -> rusqlite::Result<Item> {
                            Ok(Item {
                                deadline_id: deadline.id.clone(),
                                href,
                                etag: r.get(n + 3)?,
                                synced_revision: r.get(n + 4)?,
                            })
                        })
                        .transpose()?,
                    deleted: r.get(n)?,
                    changed_by: r.get(n + 5)?,
                    uid: r.get(n + 1)?,
                    deadline,
                })
            })
            .map_err(read_err)?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(read_err)?)
    }

    /// Applies a batch of server changes and deletions in one transaction,
    /// each as `rule` decides from what Docket has.
    #[allow(clippy::too_many_arguments)]
    pub fn apply_server_changes(
        &mut self,
        account: &str,
        changed: &[Pulled],
        removed: &[String],
        local_tz: &str,
        via: &str,
        now: DateTime<Utc>,
        rule: &MergeRule,
    ) -> Result<Vec<Applied>, Error> {
        let username: String = self
            .conn
            .query_row(
                "SELECT username FROM sync_account WHERE name = ?1",
                [account],
                |r| r.get(0),
            )
            .optional()
            .map_err(read_err)?
            .ok_or_else(|| Error::NoAccount(account.to_owned()))?;
        let tx = self.conn.transaction().map_err(write_err)?;
        let mut applied = Vec::with_capacity(changed.len() + removed.len());
        for pulled in changed {
            let actor = Actor {
                user: pulled
                    .changed_by
                    .clone()
                    .unwrap_or_else(|| username.clone()),
                via: via.to_owned(),
            };
            applied.push(apply_pulled(
                &tx, account, pulled, local_tz, &actor, now, rule,
            )?);
        }
        let actor = Actor {
            user: username,
            via: via.to_owned(),
        };
        for href in removed {
            applied.push(apply_removed(&tx, account, href, &actor, now, rule)?);
        }
        tx.commit().map_err(write_err)?;
        Ok(applied)
    }

    /// Records what a push left on the server: each deadline's URL and ETag,
    /// at the revision that was sent, or its removal.
    pub fn record_pushed(&mut self, account: &str, pushed: &[Pushed]) -> Result<(), Error> {
        let tx = self.conn.transaction().map_err(write_err)?;
        for p in pushed {
            let id = &p.deadline_id;
            match &p.at {
                Some((href, etag)) => {
                    set_item(&tx, account, id, href, etag.as_deref(), p.revision)
                        .map_err(write_err)?;
                }
                None => {
                    tx.execute(
                        "DELETE FROM sync_item WHERE account = ?1 AND deadline_id = ?2",
                        params![account, id],
                    )
                    .map_err(write_err)?;
                }
            }
        }
        tx.commit().map_err(write_err)?;
        Ok(())
    }

    /// Records that a push found the server's copy changed: the server's
    /// version is kept as a conflict beside Docket's.
    pub fn record_push_conflict(
        &mut self,
        account: &str,
        id: &str,
        server: Option<(&str, Option<&str>)>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        let tx = self.conn.transaction().map_err(write_err)?;
        record_conflict(&tx, account, id, server, actor, now).map_err(write_err)?;
        tx.commit().map_err(write_err)?;
        Ok(())
    }

    /// The conflicts waiting for the officer, oldest first.
    pub fn sync_conflicts(&self, local_tz: &str) -> Result<Vec<SyncConflict>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, account, deadline_id, server_ics, found_at FROM sync_conflict \
                 WHERE resolved_at IS NULL ORDER BY id",
            )
            .map_err(read_err)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .map_err(read_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(read_err)?;
        let mut conflicts = Vec::new();
        for (id, account, deadline_id, ics, found_at) in rows {
            let Some(local) = get_in(&self.conn, &deadline_id).map_err(read_err)? else {
                continue;
            };
            let server = ics.as_deref().and_then(|t| first_incoming(t, local_tz));
            let server_due = server.as_ref().map(|s| {
                let date = s.fields.due_date.clone().unwrap_or_default();
                match s.fields.due_time.as_deref().filter(|t| !t.is_empty()) {
                    Some(t) => format!("{date} {t}"),
                    None => date,
                }
            });
            conflicts.push(SyncConflict {
                id,
                account,
                server_title: server.as_ref().and_then(|s| s.fields.title.clone()),
                server_due,
                server_status: server.as_ref().map(|s| s.status),
                local,
                found_at: from_stored(&found_at).unwrap_or(DateTime::UNIX_EPOCH),
            });
        }
        Ok(conflicts)
    }

    /// Ends a conflict with the version the officer keeps. Docket's is sent
    /// at the next sync, over the server's; the server's replaces Docket's now.
    pub fn resolve_conflict(
        &mut self,
        conflict: i64,
        keep: Keep,
        local_tz: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        let tx = self.conn.transaction().map_err(write_err)?;
        let (account, id, ics, etag): (String, String, Option<String>, Option<String>) = tx
            .query_row(
                "SELECT account, deadline_id, server_ics, server_etag FROM sync_conflict \
                 WHERE id = ?1 AND resolved_at IS NULL",
                [conflict],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(write_err)?
            .ok_or_else(|| Error::NotFound(format!("conflict {conflict}")))?;
        let item = item_of(&tx, &account, &id).map_err(write_err)?;
        match (keep, ics) {
            (Keep::Local, Some(_)) => {
                // Sent over the server's version at the next sync.
                if let Some(item) = item {
                    set_item(&tx, &account, &id, &item.href, etag.as_deref(), -1)
                        .map_err(write_err)?;
                }
            }
            (Keep::Local, None) => {
                // Sent again as new.
                tx.execute(
                    "DELETE FROM sync_item WHERE account = ?1 AND deadline_id = ?2",
                    params![account, id],
                )
                .map_err(write_err)?;
            }
            (Keep::Server, Some(ics)) => {
                let incoming = first_incoming(&ics, local_tz)
                    .ok_or_else(|| Error::NotFound(format!("conflict {conflict}")))?;
                let draft = Draft::new(&incoming.fields, local_tz)?;
                take_server(&tx, &id, &draft, &incoming, actor, now)?;
                let revision = revision_of(&tx, &id).map_err(write_err)?;
                let href = item.map(|i| i.href).unwrap_or_default();
                set_item(&tx, &account, &id, &href, etag.as_deref(), revision)
                    .map_err(write_err)?;
            }
            (Keep::Server, None) => {
                tx.execute(
                    "DELETE FROM sync_item WHERE account = ?1 AND deadline_id = ?2",
                    params![account, id],
                )
                .map_err(write_err)?;
                tx.execute(
                    "UPDATE deadline SET deleted_at = ?2, revision = revision + 1, updated_at = ?2 WHERE id = ?1",
                    params![id, to_stored(now)],
                )
                .map_err(write_err)?;
            }
        }
        let summary = match keep {
            Keep::Local => format!("Conflict with {account} resolved: Docket's version kept"),
            Keep::Server => format!("Conflict with {account} resolved: the server's version taken"),
        };
        history::append(&tx, &id, actor, now, "conflict resolved", &summary, &[])
            .map_err(write_err)?;
        tx.execute(
            "UPDATE sync_conflict SET resolved_at = ?2, resolution = ?3 WHERE id = ?1",
            params![
                conflict,
                to_stored(now),
                match keep {
                    Keep::Local => "local",
                    Keep::Server => "server",
                }
            ],
        )
        .map_err(write_err)?;
        tx.commit().map_err(write_err)?;
        Ok(())
    }

    /// The UID a deadline is sent under.
    pub fn uid_of(&self, id: &str) -> Result<String, Error> {
        Ok(uid_in(&self.conn, id).map_err(read_err)?)
    }
}

/// The first deadline an iCalendar text holds.
pub fn first_incoming(ics: &str, local_tz: &str) -> Option<Incoming> {
    crate::interop::ics::parse(ics, local_tz)
        .ok()?
        .into_iter()
        .find_map(Result::ok)
}

//! Two-way sync of the docket with a CalDAV calendar.
//!
//! One sync is a pull, then a push. The pull asks the server what changed
//! since the last complete pull (RFC 6578's sync-collection; everything when
//! there was none or its token expired), reads the changed resources in
//! batches, and applies each batch in one transaction. The new token is kept
//! only once the whole pull is applied, so a pull cut short is taken again
//! from the same point. The push sends every deadline changed locally since
//! both sides last agreed, each with `If-Match` (or `If-None-Match: *` for a
//! new one), so that a change made on the server meanwhile is never
//! overwritten: it becomes a conflict that keeps both versions. What each
//! push left on the server is recorded as it goes.
//!
//! The reminder log is not synced: each Docket keeps its own, keyed by its
//! deadline and due revision, so a date moved on the server is a move here
//! (new reminders, once), and a change that leaves the date is no new reminder.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use docket_core::error::{Code, Coded};
use docket_core::interop::ics::{self, Shape};
use docket_core::model::{Actor, Draft};
use docket_core::store::sync::{
    first_incoming, Account, Applied, Pending, Pulled, Pushed, SYNC_VIA,
};
use docket_core::store::Store;
use docket_core::Error;

use crate::accounts::client_for;
use crate::caldav::{CalDavError, Client, Condition, Resource, Written, MULTIGET_BATCH};

/// How many pushes are recorded in one transaction.
const RECORD_BATCH: usize = 100;

/// The property naming who last changed a deadline, in what Docket sends.
const CHANGED_BY: &str = "X-DOCKET-CHANGED-BY";

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Server(#[from] CalDavError),
    #[error(transparent)]
    Store(#[from] Error),
    #[error("The password of the account “{0}” is not in the system keyring; add the account again to give it.")]
    NoPassword(String),
    #[error("The system keyring cannot be used ({0}); the password was not read or stored.")]
    Keyring(String),
}

impl Coded for SyncError {
    fn code(&self) -> Code {
        match self {
            SyncError::Server(CalDavError::Unauthorized { .. }) => Code::Unauthorized,
            SyncError::Server(CalDavError::Unreachable { .. }) => Code::ServerUnreachable,
            SyncError::Server(_) => Code::ServerError,
            SyncError::Store(e) => e.code(),
            SyncError::NoPassword(_) | SyncError::Keyring(_) => Code::Keyring,
        }
    }
}

/// Which part of a sync is under way, and how far it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Progress {
    /// "pulling" or "sending".
    pub phase: &'static str,
    pub done: usize,
    pub total: usize,
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct SyncReport {
    pub account: String,
    /// The pull read the whole calendar, not only what changed.
    pub full: bool,
    pub added: usize,
    pub changed: usize,
    pub deleted: usize,
    pub sent: usize,
    pub removed_from_server: usize,
    pub conflicts: usize,
    /// Resources on the server that hold no usable deadline, with why.
    pub unreadable: Vec<String>,
}

impl SyncReport {
    /// "3 from the server, 2 sent, 1 conflict".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let received = self.added + self.changed + self.deleted;
        if received > 0 {
            parts.push(format!("{received} from the server"));
        }
        if self.sent + self.removed_from_server > 0 {
            parts.push(format!("{} sent", self.sent + self.removed_from_server));
        }
        if self.conflicts > 0 {
            parts.push(format!(
                "{} conflict{} to resolve",
                self.conflicts,
                if self.conflicts == 1 { "" } else { "s" }
            ));
        }
        if !self.unreadable.is_empty() {
            parts.push(format!(
                "{} unreadable on the server",
                self.unreadable.len()
            ));
        }
        if parts.is_empty() {
            "up to date".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// The file locked while a sync runs on a data folder, so that the tray,
/// the window and docketctl never sync one folder at once.
pub const LOCK_FILE: &str = "sync.lock";

/// How one account's sync ended, by the account's name.
pub type Outcome = (String, Result<SyncReport, SyncError>);

/// How one account's sync ended, as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncOutcome {
    pub account: String,
    pub report: Option<SyncReport>,
    /// The sentence of the failure, when it failed.
    pub error: Option<String>,
    /// "3 from the server, 2 sent", or the failure.
    pub summary: String,
}

impl From<Outcome> for SyncOutcome {
    fn from((account, result): Outcome) -> Self {
        match result {
            Ok(report) => SyncOutcome {
                summary: report.describe(),
                account,
                report: Some(report),
                error: None,
            },
            Err(e) => SyncOutcome {
                account,
                report: None,
                summary: format!("failed: {e}"),
                error: Some(e.to_string()),
            },
        }
    }
}

/// How far a sync is, with the account it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncProgress {
    pub account: String,
    pub progress: Progress,
}

/// Syncs with every account in turn, one sync at a time per data folder
/// (a second waits for the first). Each account's outcome is its own: one
/// server that fails does not stop the others.
pub fn sync_all(
    store: &mut Store,
    data_dir: &Path,
    only: Option<&str>,
    local_tz: &str,
    user: &str,
    progress: &mut dyn FnMut(&str, Progress),
) -> Result<Vec<Outcome>, SyncError> {
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(data_dir.join(LOCK_FILE))
        .map_err(|e| {
            SyncError::Store(Error::Store(docket_core::store::StoreError::DataDir {
                path: data_dir.to_owned(),
                source: e,
            }))
        })?;
    lock.lock().map_err(|e| {
        SyncError::Store(Error::Store(docket_core::store::StoreError::DataDir {
            path: data_dir.to_owned(),
            source: e,
        }))
    })?;
    let accounts = match only {
        Some(name) => vec![store.account(name)?],
        None => store.accounts()?,
    };
    let mut outcomes = Vec::new();
    for account in accounts {
        let now = Utc::now();
        let result = client_for(&account).and_then(|client| {
            sync(store, &account, &client, local_tz, user, now, &mut |p| {
                progress(&account.name, p)
            })
        });
        if let Err(e) = &result {
            store.set_sync_result(&account.name, Some(&e.to_string()), now)?;
        }
        outcomes.push((account.name, result));
    }
    Ok(outcomes)
}

/// The `via` of history entries a sync writes: the server's side.
pub fn via_server(account: &str) -> String {
    format!("{SYNC_VIA}{account} (server)")
}

fn changed_by(ics: &str) -> Option<String> {
    ics.lines()
        .find_map(|l| l.strip_prefix(CHANGED_BY)?.strip_prefix(':'))
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// A resource name for a UID: the UID when it is safe in a URL path.
fn resource_name(uid: &str) -> String {
    let safe = uid
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'));
    if safe && !uid.is_empty() && uid.len() <= 200 {
        format!("{uid}.ics")
    } else {
        let hex: String = uid.bytes().take(100).map(|b| format!("{b:02x}")).collect();
        format!("{hex}.ics")
    }
}

/// The iCalendar text a deadline is sent as.
fn body(
    p: &Pending,
    shape: Shape,
    store: &Store,
    user: &str,
    now: DateTime<Utc>,
) -> Result<String, Error> {
    let leads = store.reminder_settings()?.default_leads;
    let text = ics::export(
        std::slice::from_ref(&p.deadline),
        |_| p.uid.clone(),
        shape,
        &leads,
        now,
    );
    let end = match shape {
        Shape::Event => "END:VEVENT\r\n",
        Shape::Todo => "END:VTODO\r\n",
    };
    let user: String = p
        .changed_by
        .as_deref()
        .unwrap_or(user)
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    Ok(text.replacen(end, &format!("{CHANGED_BY}:{user}\r\n{end}"), 1))
}

/// Syncs the docket with the account's calendar. `progress` hears how far
/// it is. Whatever happens, what was done is kept and the account records how
/// the sync ended.
pub fn sync(
    store: &mut Store,
    account: &Account,
    client: &Client,
    local_tz: &str,
    user: &str,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(Progress),
) -> Result<SyncReport, SyncError> {
    let mut session = Session {
        store,
        account,
        client,
        local_tz,
        user,
        now,
        report: SyncReport {
            account: account.name.clone(),
            ..SyncReport::default()
        },
    };
    let result = session.pull(progress).and_then(|()| session.push(progress));
    let report = std::mem::take(&mut session.report);
    let error = result.as_ref().err().map(ToString::to_string);
    store.set_sync_result(&account.name, error.as_deref(), now)?;
    result.map(|()| report)
}

/// One account's sync under way.
struct Session<'a> {
    store: &'a mut Store,
    account: &'a Account,
    client: &'a Client,
    local_tz: &'a str,
    user: &'a str,
    now: DateTime<Utc>,
    report: SyncReport,
}

impl Session<'_> {
    fn count(&mut self, applied: &[Applied]) {
        for a in applied {
            match a {
                Applied::Added(_) => self.report.added += 1,
                Applied::Changed(_) => self.report.changed += 1,
                Applied::Deleted(_) => self.report.deleted += 1,
                Applied::Conflict(_) => self.report.conflicts += 1,
                Applied::Unchanged => {}
            }
        }
    }

    fn pull(&mut self, progress: &mut dyn FnMut(Progress)) -> Result<(), SyncError> {
        let (account, client, local_tz) = (self.account, self.client, self.local_tz);
        let calendar = &account.calendar_url;
        let token = self.store.sync_token(&account.name)?;
        let (delta, full) = match client.sync_collection(calendar, token.as_deref()) {
            Err(CalDavError::TokenExpired) => (client.sync_collection(calendar, None)?, true),
            other => (other?, token.is_none()),
        };
        self.report.full = full;
        let known: HashMap<String, Option<String>> = self
            .store
            .sync_items(&account.name)?
            .into_iter()
            .map(|i| (i.href, i.etag))
            .collect();
        let mut removed = delta.removed.clone();
        if full {
            // A whole listing: what Docket had there and the server no longer lists is gone.
            let listed: HashSet<&str> = delta.changed.iter().map(|(u, _)| u.as_str()).collect();
            removed.extend(
                known
                    .keys()
                    .filter(|href| !listed.contains(href.as_str()))
                    .cloned(),
            );
        }
        let fetch: Vec<String> = delta
            .changed
            .iter()
            .filter(|(url, etag)| match known.get(url) {
                Some(Some(mine)) => etag.as_deref() != Some(mine.as_str()),
                _ => true,
            })
            .map(|(url, _)| url.clone())
            .collect();
        let total = fetch.len() + removed.len();
        let via = via_server(&account.name);
        let mut done = 0;
        progress(Progress {
            phase: "pulling",
            done,
            total,
        });
        for batch in fetch.chunks(MULTIGET_BATCH) {
            let mut pulled = Vec::with_capacity(batch.len());
            for r in client.multiget(calendar, batch)? {
                match first_incoming(&r.data, local_tz) {
                    Some(incoming) if Draft::new(&incoming.fields, local_tz).is_ok() => {
                        pulled.push(Pulled {
                            changed_by: changed_by(&r.data),
                            href: r.url,
                            etag: r.etag,
                            ics: r.data,
                            incoming,
                        });
                    }
                    _ => self
                        .report
                        .unreadable
                        .push(format!("{} holds no event or to-do Docket can read", r.url)),
                }
            }
            let applied = self.store.apply_server_changes(
                &account.name,
                &pulled,
                &[],
                local_tz,
                &via,
                self.now,
                &crate::merge::decide,
            )?;
            self.count(&applied);
            done += batch.len();
            progress(Progress {
                phase: "pulling",
                done,
                total,
            });
        }
        let applied = self.store.apply_server_changes(
            &account.name,
            &[],
            &removed,
            local_tz,
            &via,
            self.now,
            &crate::merge::decide,
        )?;
        self.count(&applied);
        progress(Progress {
            phase: "pulling",
            done: total,
            total,
        });
        self.store
            .set_sync_token(&account.name, delta.token.as_deref())?;
        Ok(())
    }

    fn push(&mut self, progress: &mut dyn FnMut(Progress)) -> Result<(), SyncError> {
        let pending = self.store.pending(&self.account.name)?;
        let shape = if self.account.shape == "todo" {
            Shape::Todo
        } else {
            Shape::Event
        };
        let total = pending.len();
        let mut records: Vec<Pushed> = Vec::new();
        let mut outcome = Ok(());
        for (done, p) in pending.iter().enumerate() {
            if done % 25 == 0 {
                progress(Progress {
                    phase: "sending",
                    done,
                    total,
                });
            }
            match self.push_one(p, shape) {
                Ok(Some(record)) => {
                    if record.at.is_some() {
                        self.report.sent += 1;
                    } else {
                        self.report.removed_from_server += 1;
                    }
                    records.push(record);
                }
                Ok(None) => self.report.conflicts += 1,
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            }
            if records.len() >= RECORD_BATCH {
                self.store.record_pushed(&self.account.name, &records)?;
                records.clear();
            }
        }
        self.store.record_pushed(&self.account.name, &records)?;
        progress(Progress {
            phase: "sending",
            done: total,
            total,
        });
        outcome
    }

    /// Keeps the server's copy (`None`: it is gone) beside Docket's.
    fn conflict(
        &mut self,
        id: &str,
        server: Option<&Resource>,
    ) -> Result<Option<Pushed>, SyncError> {
        let actor = Actor {
            user: self.account.username.clone(),
            via: via_server(&self.account.name),
        };
        self.store.record_push_conflict(
            &self.account.name,
            id,
            server.map(|r| (r.data.as_str(), r.etag.as_deref())),
            &actor,
            self.now,
        )?;
        Ok(None)
    }

    /// Sends one local change. `None` when the server's copy had changed and
    /// the two are now a conflict.
    fn push_one(&mut self, p: &Pending, shape: Shape) -> Result<Option<Pushed>, SyncError> {
        let client = self.client;
        let id = p.deadline.id.clone();
        let revision = i64::from(p.deadline.revision);
        let pushed = |at| {
            Ok(Some(Pushed {
                deadline_id: p.deadline.id.clone(),
                at,
                revision,
            }))
        };
        if p.deleted {
            let Some(item) = &p.item else {
                return pushed(None);
            };
            return match client.delete(&item.href, item.etag.as_deref())? {
                Written::Stored(_) => pushed(None),
                Written::Changed => {
                    let server = client.get(&item.href)?;
                    self.conflict(&id, server.as_ref())
                }
            };
        }
        let href = match &p.item {
            Some(item) => item.href.clone(),
            None => format!(
                "{}/{}",
                self.account.calendar_url.trim_end_matches('/'),
                resource_name(&p.uid)
            ),
        };
        let text = body(p, shape, self.store, self.user, self.now)?;
        let etag = match &p.item {
            Some(item) => match &item.etag {
                Some(etag) => Some(etag.clone()),
                None => client.get(&href)?.and_then(|r| r.etag),
            },
            None => None,
        };
        let condition = match &etag {
            Some(etag) => Condition::IfMatch(etag),
            None => Condition::IfNoneMatch,
        };
        match client.put(&href, &text, condition)? {
            Written::Stored(etag) => pushed(Some((href, etag))),
            Written::Changed => {
                // The server's copy is not the one Docket last saw. When it says
                // what Docket says (a push whose record was lost), both agree.
                let server = client.get(&href)?;
                if let Some(r) = &server {
                    let local_tz = self.local_tz;
                    let same = first_incoming(&r.data, local_tz).is_some_and(|incoming| {
                        Draft::new(&incoming.fields, local_tz)
                            .is_ok_and(|d| d == Draft::of(&p.deadline))
                            && incoming.status == p.deadline.status
                    });
                    if same {
                        return pushed(Some((href, r.etag.clone())));
                    }
                }
                if p.item.is_none() && server.is_none() {
                    return Err(CalDavError::BadResponse {
                        method: "PUT",
                        url: href,
                        reason: "it refused a new resource yet holds none there".to_owned(),
                    }
                    .into());
                }
                self.conflict(&id, server.as_ref())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uid_unsafe_in_a_path_is_named_by_its_bytes() {
        assert_eq!(
            resource_name("01J@eu.docket.Docket"),
            "01J@eu.docket.Docket.ics"
        );
        assert_eq!(resource_name("a/b c"), "612f622063.ics");
    }

    #[test]
    fn who_changed_it_is_read_from_what_docket_sent() {
        let text = "BEGIN:VEVENT\r\nUID:x\r\nX-DOCKET-CHANGED-BY:alice\r\nEND:VEVENT\r\n";
        assert_eq!(changed_by(text).as_deref(), Some("alice"));
        assert_eq!(changed_by("BEGIN:VEVENT\r\nEND:VEVENT\r\n"), None);
    }
}

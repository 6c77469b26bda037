//! Applying an import: every deadline of a file in one transaction, matched
//! by UID so that importing the same file again updates instead of adding.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use ulid::Ulid;

use super::deadlines::{
    get_in, insert_tagged, mark_done_in, rewrite_with_tags, set_status_in, NewRow,
};
use super::{read_err, write_err, Store};
use crate::interop::ics::UID_SUFFIX;
use crate::interop::{ImportError, ImportReport, ImportedItem, Incoming, Unusable};
use crate::model::{Actor, Draft, Status};
use crate::store::Error;

/// How to treat a file's items.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Import the usable items of a file that also holds unusable ones.
    pub skip_invalid: bool,
    /// Work out what would change, and store nothing.
    pub dry_run: bool,
    /// How a CSV file writes its dates (a chrono format); ISO when `None`.
    pub date_format: Option<String>,
}

impl Store {
    /// Imports the deadlines read from `file`. Unless `skip_invalid`, one
    /// unusable item refuses the whole file; either way nothing is stored
    /// unless everything that is imported could be.
    pub fn import(
        &mut self,
        file: &str,
        items: Vec<Result<Incoming, Unusable>>,
        options: &ImportOptions,
        local_tz: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<ImportReport, Error> {
        let total = items.len();
        let mut usable = Vec::new();
        let mut unusable = Vec::new();
        for item in items {
            match item.and_then(|i| match Draft::new(&i.fields, local_tz) {
                Ok(draft) => Ok((i, draft)),
                Err(e) => Err(Unusable {
                    line: i.line,
                    what: format!("“{}”", i.fields.title.clone().unwrap_or_default()),
                    reason: e.message,
                }),
            }) {
                Ok(ok) => usable.push(ok),
                Err(bad) => unusable.push(bad),
            }
        }
        if !unusable.is_empty() && !options.skip_invalid {
            return Err(ImportError::Unusable {
                file: file.to_owned(),
                total,
                unusable,
            }
            .into());
        }
        let mut report = ImportReport {
            dry_run: options.dry_run,
            skipped: unusable,
            ..ImportReport::default()
        };
        let tx = self.conn.transaction().map_err(write_err)?;
        for (incoming, draft) in usable {
            apply(&tx, &incoming, &draft, actor, now, &mut report)?;
        }
        if options.dry_run {
            tx.rollback().map_err(write_err)?;
        } else {
            tx.commit().map_err(write_err)?;
        }
        Ok(report)
    }

    /// The UIDs that imported deadlines came with, by deadline id.
    pub fn imported_uids(&self) -> Result<HashMap<String, String>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, uid FROM deadline WHERE uid IS NOT NULL")
            .map_err(read_err)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(read_err)?;
        Ok(rows
            .collect::<rusqlite::Result<HashMap<_, _>>>()
            .map_err(read_err)?)
    }
}

/// Adds a deadline from another calendar as `id`, keeping the UID it came
/// with unless it is the one Docket would give that id.
pub(super) fn insert_under_uid(
    tx: &Transaction,
    id: &str,
    uid: &str,
    draft: &Draft,
    tags: &[String],
    actor: &Actor,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    let row = NewRow {
        id: id.to_owned(),
        draft,
        jurisdiction: "",
        pack: None,
        unverified: None,
    };
    insert_tagged(tx, &row, tags, actor, now)?;
    if uid != format!("{id}{UID_SUFFIX}") {
        tx.execute(
            "UPDATE deadline SET uid = ?2 WHERE id = ?1",
            params![id, uid],
        )?;
    }
    Ok(())
}

/// The id in a UID Docket wrote (`ID@eu.docket.Docket`), when it is one
/// Docket could have made.
fn own_id(uid: &str) -> Option<&str> {
    let id = uid.strip_suffix(UID_SUFFIX)?;
    let fits = !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'));
    fits.then_some(id)
}

/// The deadline an incoming UID names: one imported under it, or, for a UID
/// Docket wrote, the deadline of that id. Deleted ones count.
fn find(tx: &Transaction, uid: &str) -> rusqlite::Result<Option<(String, bool)>> {
    let own = uid.strip_suffix(UID_SUFFIX).unwrap_or("");
    tx.query_row(
        "SELECT id, deleted_at IS NOT NULL FROM deadline WHERE uid = ?1 OR (uid IS NULL AND id = ?2)",
        params![uid, own],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

fn apply(
    tx: &Transaction,
    incoming: &Incoming,
    draft: &Draft,
    actor: &Actor,
    now: DateTime<Utc>,
    report: &mut ImportReport,
) -> Result<(), Error> {
    let mut item = ImportedItem {
        id: String::new(),
        title: draft.title.clone(),
        line: incoming.line,
        notes: incoming.notes.clone(),
    };
    match find(tx, &incoming.uid).map_err(write_err)? {
        Some((id, true)) => {
            report.skipped.push(Unusable {
                line: incoming.line,
                what: format!("“{}”", draft.title),
                reason: format!(
                    "it was deleted in Docket (docketctl undelete {id} brings it back)"
                ),
            });
            return Ok(());
        }
        Some((id, false)) => {
            let before = get_in(tx, &id)
                .map_err(write_err)?
                .ok_or_else(|| Error::NotFound(id.clone()))?;
            item.id = id.clone();
            let tags = incoming
                .fields
                .tag_list()
                .unwrap_or_else(|| before.tags.clone());
            let moved = Draft::of(&before) != *draft || tags != before.tags;
            if moved {
                rewrite_with_tags(tx, &before, draft, &tags, actor, now).map_err(write_err)?;
                let after = get_in(tx, &id).map_err(write_err)?;
                if let Some(summary) = after.and_then(|_| last_summary(tx, &id).ok().flatten()) {
                    item.notes.insert(0, summary);
                }
            }
            let closed = close(tx, &id, before.status, incoming, actor, now)?;
            if incoming.status == Status::Open && before.status != Status::Open {
                item.notes
                    .push(format!("stays {} in Docket", before.status.as_str()));
            }
            if moved || closed {
                report.changed.push(item);
            } else {
                report.unchanged.push(item);
            }
        }
        None => {
            // A deadline Docket exported keeps its id in another folder.
            let id = own_id(&incoming.uid).map_or_else(
                || Ulid::from_datetime(now.into()).to_string(),
                str::to_owned,
            );
            let tags = incoming.fields.tag_list().unwrap_or_default();
            insert_under_uid(tx, &id, &incoming.uid, draft, &tags, actor, now)
                .map_err(write_err)?;
            close(tx, &id, Status::Open, incoming, actor, now)?;
            item.id = id;
            report.added.push(item);
        }
    }
    Ok(())
}

/// Marks done or waives what the file says is done or cancelled; a file
/// never reopens what was closed in Docket. True when the status changed.
fn close(
    tx: &Transaction,
    id: &str,
    current: Status,
    incoming: &Incoming,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    if incoming.status == current || incoming.status == Status::Open {
        return Ok(false);
    }
    match incoming.status {
        Status::Done => mark_done_in(tx, id, &incoming.note, actor, now)?,
        _ => {
            let before = get_in(tx, id)
                .map_err(write_err)?
                .ok_or_else(|| Error::NotFound(id.to_owned()))?;
            let reason = if incoming.note.trim().is_empty() {
                "cancelled in the imported calendar".to_owned()
            } else {
                incoming.note.trim().to_owned()
            };
            let summary = format!("Waived: {reason}");
            set_status_in(tx, &before, Status::Waived, &reason, summary, actor, now)?;
        }
    }
    Ok(true)
}

fn last_summary(tx: &Transaction, id: &str) -> rusqlite::Result<Option<String>> {
    tx.query_row(
        "SELECT summary FROM history WHERE deadline_id = ?1 ORDER BY id DESC LIMIT 1",
        [id],
        |r| r.get(0),
    )
    .optional()
}

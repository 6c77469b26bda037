//! Installing and upgrading regulation packs.
//!
//! A first install creates each item at its original date and then applies
//! its amendments, so that its history tells what moved it. Installing a
//! newer version applies what changed: an item the officer has not edited
//! takes the new date and texts, with a history row naming the amending act;
//! an item the officer edited is left as it is and the change is kept as a
//! conflict to review. One notice tells the officer how many dates moved.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

use super::deadlines::{get_in, insert, rewrite, NewRow};
use super::{read_err, write_err, Store};
use crate::model::{Actor, Deadline, DeadlineFields, Draft};
use crate::packs::{Pack, PackItem};
use crate::store::Error;
use crate::time::{long_date, to_stored};

/// What installing a pack did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PackReport {
    pub pack: String,
    /// The version installed before, if any.
    pub from_version: Option<u32>,
    pub version: u32,
    pub added: usize,
    /// Items whose date moved.
    pub moved: Vec<String>,
    /// Items whose texts changed without a move.
    pub updated: Vec<String>,
    /// Items the officer edited, left as they are for review.
    pub conflicts: Vec<String>,
}

impl PackReport {
    /// "EU AI Act version 3: 0 added, 1 moved, 0 updated, 0 to review".
    pub fn describe(&self) -> String {
        let mut text = format!(
            "{} version {}: {} added, {} moved, {} updated, {} to review",
            self.pack,
            self.version,
            self.added,
            self.moved.len(),
            self.updated.len(),
            self.conflicts.len()
        );
        if let Some(v) = self.from_version.filter(|v| *v >= self.version) {
            text.push_str(&format!(" (version {v} is already installed)"));
        }
        text
    }
}

/// A pack change to an item the officer edited, waiting for a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PackConflict {
    pub deadline_id: String,
    pub title: String,
    pub pack_id: String,
    pub pack_version: u32,
    /// "The EU AI Act pack (version 2) moves this from … to … by …; it was edited in Docket."
    pub summary: String,
}

/// An installed pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstalledPack {
    pub id: String,
    pub title: String,
    pub version: String,
    pub installed_at: String,
    pub deadlines: usize,
}

/// The fields a pack owns; owner, reminders and repetition are the officer's.
const PACK_FIELDS: [&str; 8] = [
    "title",
    "description",
    "kind",
    "regulation",
    "reference",
    "source_url",
    "due_date",
    "tz",
];

fn pack_draft(pack: &Pack, item: &PackItem, keep: Option<&Deadline>) -> Draft {
    Draft {
        title: item.title.clone(),
        description: item.description.clone(),
        kind: item.kind,
        regulation: item.regulation.clone(),
        reference: item.reference.clone(),
        source_url: item.source_url.clone(),
        due_date: item.date,
        due_time: None,
        tz: pack.tz.clone(),
        // What the officer set stays.
        owner: keep.map(|d| d.owner.clone()).unwrap_or_default(),
        lead_times: keep.and_then(|d| d.lead_times.clone()),
        recurrence: keep.and_then(|d| Draft::of(d).recurrence),
    }
}

fn fields_of(d: &Draft) -> DeadlineFields {
    DeadlineFields {
        title: Some(d.title.clone()),
        due_date: Some(d.due_date.to_string()),
        due_time: Some(String::new()),
        tz: Some(d.tz.clone()),
        kind: Some(d.kind.as_str().to_owned()),
        regulation: Some(d.regulation.clone()),
        reference: Some(d.reference.clone()),
        owner: None,
        description: Some(d.description.clone()),
        source_url: Some(d.source_url.clone()),
        lead_times: None,
        tags: None,
        move_reason: None,
        recurrence: None,
    }
}

impl Store {
    /// The installed version of a pack, if it is installed.
    pub fn pack_version(&self, pack_id: &str) -> Result<Option<String>, Error> {
        Ok(self
            .conn
            .query_row("SELECT version FROM pack WHERE id = ?1", [pack_id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(read_err)?)
    }

    /// The installed packs with how many deadlines each holds.
    pub fn packs(&self) -> Result<Vec<InstalledPack>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT p.id, p.title, p.version, p.installed_at, \
                 (SELECT count(*) FROM deadline d WHERE d.pack_id = p.id AND d.deleted_at IS NULL) \
                 FROM pack p ORDER BY p.id",
            )
            .map_err(read_err)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(InstalledPack {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    version: r.get(2)?,
                    installed_at: r.get(3)?,
                    deadlines: r.get::<_, i64>(4)? as usize,
                })
            })
            .map_err(read_err)?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(read_err)?)
    }

    /// Installs or upgrades a pack in one transaction. The same or an older
    /// version than the installed one changes nothing.
    pub fn install_pack(
        &mut self,
        pack: &Pack,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<PackReport, Error> {
        // Versions before numbered releases count as 0: their items are
        // compared field by field like any other.
        let parse = |v: Option<String>| v.map(|v| v.parse::<u32>().unwrap_or(0));
        let mut report = PackReport {
            pack: pack.title.clone(),
            from_version: parse(self.pack_version(&pack.id)?),
            version: pack.version,
            ..PackReport::default()
        };
        if report.from_version.is_some_and(|v| v >= pack.version) {
            return Ok(report);
        }
        // Immediate: the write lock is taken (or waited for) before the
        // first read, so that a pack installed by two programs at once (the
        // app starting while docketctl imports) waits instead of failing
        // when the other writes between this one's reads and writes. The
        // installed version is read again under the lock: the other may
        // have installed this version, or a newer one, meanwhile.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(write_err)?;
        report.from_version = parse(
            tx.query_row("SELECT version FROM pack WHERE id = ?1", [&pack.id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(write_err)?,
        );
        if report.from_version.is_some_and(|v| v >= pack.version) {
            return Ok(report);
        }
        let from_version = report.from_version;
        for item in &pack.items {
            let id = item.deadline_id(pack);
            match get_in(&tx, &id).map_err(write_err)? {
                None => {
                    add_item(&tx, pack, item, &id, actor, now)?;
                    report.added += 1;
                }
                Some(existing) => {
                    upgrade_item(&tx, pack, item, &existing, actor, now, &mut report)?;
                }
            }
            let condition = item
                .condition(pack)
                .map(|c| serde_json::to_string(&c))
                .transpose()
                .map_err(|e| write_err(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))?;
            tx.execute(
                "UPDATE deadline SET applies_if = ?2, requires_evidence = ?3 WHERE id = ?1 \
                 AND (applies_if IS NOT ?2 OR requires_evidence IS NOT ?3)",
                params![id, condition, item.requires_evidence],
            )
            .map_err(write_err)?;
        }
        let questions = serde_json::to_string(&pack.questions)
            .map_err(|e| write_err(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))?;
        tx.execute(
            "INSERT INTO pack (id, version, title, installed_at, questions) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (id) DO UPDATE SET version = excluded.version, title = excluded.title, \
             installed_at = excluded.installed_at, questions = excluded.questions",
            params![
                pack.id,
                pack.version.to_string(),
                pack.title,
                to_stored(now),
                questions
            ],
        )
        .map_err(write_err)?;
        super::profile::judge_all(&tx, None)?;
        if from_version.is_some() && (!report.moved.is_empty() || !report.conflicts.is_empty()) {
            let moved = report.moved.len();
            let mut text = format!(
                "{} pack: {moved} deadline{} moved",
                pack.title,
                if moved == 1 { "" } else { "s" }
            );
            if !report.conflicts.is_empty() {
                text.push_str(&format!(
                    "; {} you edited kept as they are, to review",
                    report.conflicts.len()
                ));
            }
            tx.execute(
                "INSERT INTO notice (text, created_at) VALUES (?1, ?2)",
                params![text, to_stored(now)],
            )
            .map_err(write_err)?;
        }
        tx.commit().map_err(write_err)?;
        Ok(report)
    }

    /// Installs the embedded packs, or upgrades older versions; the report
    /// is the EU AI Act pack's, the only one with dated items so far.
    pub fn install_embedded_packs(&mut self, now: DateTime<Utc>) -> Result<PackReport, Error> {
        let actor = Actor::current("pack");
        let mut packs = crate::packs::embedded()?.into_iter();
        let first = packs
            .next()
            .map(|p| self.install_pack(&p, &actor, now))
            .transpose()?;
        for pack in packs {
            self.install_pack(&pack, &actor, now)?;
        }
        // Packs installed from files before verdicts existed get theirs.
        super::profile::judge_all(&self.conn, None)?;
        Ok(first.unwrap_or_default())
    }

    /// Pack changes to edited items that wait for the officer's decision.
    pub fn pack_conflicts(&self) -> Result<Vec<PackConflict>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.deadline_id, d.title, c.pack_id, c.pack_version, c.summary \
                 FROM pack_conflict c JOIN deadline d ON d.id = c.deadline_id \
                 WHERE c.resolved_at IS NULL AND d.deleted_at IS NULL ORDER BY d.due_date",
            )
            .map_err(read_err)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(PackConflict {
                    deadline_id: r.get(0)?,
                    title: r.get(1)?,
                    pack_id: r.get(2)?,
                    pack_version: r.get(3)?,
                    summary: r.get(4)?,
                })
            })
            .map_err(read_err)?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(read_err)?)
    }

    /// Decides a conflict: `take` applies the pack's version of the item
    /// (with its history row), otherwise the officer's stays.
    pub fn resolve_pack_conflict(
        &mut self,
        deadline_id: &str,
        take: bool,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Deadline, Error> {
        let tx = self.conn.transaction().map_err(write_err)?;
        let open: Option<(u32, String, String)> = tx
            .query_row(
                "SELECT c.pack_version, c.proposed, p.title FROM pack_conflict c \
                 LEFT JOIN pack p ON p.id = c.pack_id \
                 WHERE c.deadline_id = ?1 AND c.resolved_at IS NULL \
                 ORDER BY c.pack_version DESC LIMIT 1",
                [deadline_id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    ))
                },
            )
            .optional()
            .map_err(write_err)?;
        let Some((version, proposed, pack_title)) = open else {
            return Err(Error::NotFound(format!(
                "{deadline_id} (no pack change waits for it)"
            )));
        };
        let before = get_in(&tx, deadline_id)
            .map_err(write_err)?
            .ok_or_else(|| Error::NotFound(deadline_id.to_owned()))?;
        if take {
            let fields: DeadlineFields = serde_json::from_str(&proposed)
                .map_err(|e| write_err(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))?;
            let new = Draft::of(&before).apply(&fields)?;
            let by = format!("the {pack_title} pack, version {version}");
            let amended_by = (new.due_date != before.due_date).then_some(by.as_str());
            rewrite(&tx, &before, &new, amended_by, actor, now).map_err(write_err)?;
        }
        tx.execute(
            "UPDATE pack_conflict SET resolved_at = ?2, resolution = ?3 \
             WHERE deadline_id = ?1 AND resolved_at IS NULL",
            params![
                deadline_id,
                to_stored(now),
                if take { "taken" } else { "kept" }
            ],
        )
        .map_err(write_err)?;
        tx.commit().map_err(write_err)?;
        get_in(&self.conn, deadline_id)
            .map_err(read_err)?
            .ok_or_else(|| Error::NotFound(deadline_id.to_owned()))
    }

    /// Claims the notices not shown yet, oldest first: each is claimed once.
    pub fn claim_notices(&mut self, now: DateTime<Utc>) -> Result<Vec<Notice>, Error> {
        let tx = self.conn.transaction().map_err(write_err)?;
        let notices = {
            let mut stmt = tx
                .prepare("SELECT id, text FROM notice WHERE shown_at IS NULL ORDER BY id")
                .map_err(write_err)?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(Notice {
                        id: r.get(0)?,
                        text: r.get(1)?,
                    })
                })
                .map_err(write_err)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
                .map_err(write_err)?
        };
        // Most looks at the clock find none: then nothing is written.
        if notices.is_empty() {
            return Ok(notices);
        }
        tx.execute(
            "UPDATE notice SET shown_at = ?1 WHERE shown_at IS NULL",
            [to_stored(now)],
        )
        .map_err(write_err)?;
        tx.commit().map_err(write_err)?;
        Ok(notices)
    }

    /// Records a one-off message for the officer, shown once by the running app.
    pub fn add_notice(&mut self, text: &str, now: DateTime<Utc>) -> Result<(), Error> {
        self.conn
            .execute(
                "INSERT INTO notice (text, created_at) VALUES (?1, ?2)",
                params![text, to_stored(now)],
            )
            .map_err(write_err)?;
        Ok(())
    }

    /// Gives back a claimed notice that could not be shown, to be shown later.
    pub fn release_notice(&mut self, id: i64) -> Result<(), Error> {
        self.conn
            .execute("UPDATE notice SET shown_at = NULL WHERE id = ?1", [id])
            .map_err(write_err)?;
        Ok(())
    }
}

/// A one-off message for the officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub id: i64,
    pub text: String,
}

fn add_item(
    tx: &Transaction,
    pack: &Pack,
    item: &PackItem,
    id: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let mut first = pack_draft(pack, item, None);
    first.due_date = item.original_date();
    let row = NewRow {
        id: id.to_owned(),
        draft: &first,
        jurisdiction: &pack.jurisdiction,
        pack: Some((&pack.id, &item.id)),
        unverified: item.unverified.as_deref(),
    };
    insert(tx, &row, actor, now).map_err(write_err)?;
    for (_, to, amendment) in item.moves() {
        let before = get_in(tx, id)
            .map_err(write_err)?
            .ok_or_else(|| Error::NotFound(id.to_owned()))?;
        let moved = Draft {
            due_date: to,
            ..Draft::of(&before)
        };
        rewrite(tx, &before, &moved, Some(&amendment.by), actor, now).map_err(write_err)?;
    }
    Ok(())
}

/// True when someone other than a pack changed a field the pack owns.
fn edited_by_officer(tx: &Transaction, id: &str) -> Result<bool, Error> {
    let mut stmt = tx
        .prepare_cached(
            "SELECT changes FROM history WHERE deadline_id = ?1 AND via <> 'pack' \
             AND action IN ('edited', 'moved', 'amended')",
        )
        .map_err(write_err)?;
    let rows = stmt
        .query_map([id], |r| r.get::<_, String>(0))
        .map_err(write_err)?;
    for changes in rows {
        let changes = changes.map_err(write_err)?;
        let changes: Vec<super::history::Change> =
            serde_json::from_str(&changes).unwrap_or_default();
        if changes
            .iter()
            .any(|c| PACK_FIELDS.contains(&c.field.as_str()))
        {
            return Ok(true);
        }
    }
    Ok(false)
}

fn upgrade_item(
    tx: &Transaction,
    pack: &Pack,
    item: &PackItem,
    existing: &Deadline,
    actor: &Actor,
    now: DateTime<Utc>,
    report: &mut PackReport,
) -> Result<(), Error> {
    if existing.unverified != item.unverified {
        tx.execute(
            "UPDATE deadline SET unverified = ?2 WHERE id = ?1",
            params![existing.id, item.unverified],
        )
        .map_err(write_err)?;
    }
    let want = pack_draft(pack, item, Some(existing));
    if Draft::of(existing) == want {
        return Ok(());
    }
    if edited_by_officer(tx, &existing.id)? {
        let summary = if want.due_date == existing.due_date {
            format!(
                "The {} pack (version {}) changes this deadline's texts; it was edited in Docket, so it was left as it is.",
                pack.title, pack.version
            )
        } else {
            format!(
                "The {} pack (version {}) moves this deadline from {} to {}{}; it was edited in Docket, so it was left as it is.",
                pack.title,
                pack.version,
                long_date(existing.due_date),
                long_date(want.due_date),
                item.moves().last().map(|(_, _, a)| format!(" by {}", a.by)).unwrap_or_default()
            )
        };
        let proposed = serde_json::to_string(&fields_of(&want))
            .map_err(|e| write_err(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))?;
        tx.execute(
            "INSERT INTO pack_conflict (deadline_id, pack_id, pack_version, proposed, summary, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            params![existing.id, pack.id, pack.version, proposed, summary, to_stored(now)],
        )
        .map_err(write_err)?;
        report.conflicts.push(existing.id.clone());
        return Ok(());
    }
    // The move first, named after the act that made it; then any other text.
    if want.due_date != existing.due_date {
        let by = item
            .moves()
            .filter(|(_, to, _)| *to == want.due_date)
            .last()
            .map(|(_, _, a)| a.by.clone());
        let moved = Draft {
            due_date: want.due_date,
            ..Draft::of(existing)
        };
        rewrite(tx, existing, &moved, by.as_deref(), actor, now).map_err(write_err)?;
        report.moved.push(existing.id.clone());
    }
    let current = get_in(tx, &existing.id)
        .map_err(write_err)?
        .ok_or_else(|| Error::NotFound(existing.id.clone()))?;
    if Draft::of(&current) != want {
        // Texts an act changed since the installed version name the act.
        let since = report.from_version.unwrap_or(0);
        let by = item
            .amendments
            .iter()
            .rev()
            .find(|a| a.moves().is_none() && a.version > since)
            .map(|a| a.by.as_str());
        rewrite(tx, &current, &want, by, actor, now).map_err(write_err)?;
        if want.due_date == existing.due_date {
            report.updated.push(existing.id.clone());
        }
    }
    Ok(())
}

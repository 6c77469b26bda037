//! Deadline rows: reading, creating, editing, completing and moving.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::{params, OptionalExtension, Row, Transaction};
use ulid::Ulid;

use super::history::{self, Change};
use super::{read_err, write_err, Store};
use crate::model::{Actor, Deadline, DeadlineFields, Draft, LeadTime, Status, ValidationError};
use crate::store::Error;
use crate::time::{from_stored, long_date, to_stored};

pub(super) const COLUMNS: &str =
    "id, title, description, kind, regulation, reference, jurisdiction, \
    source_url, owner, tags, due_date, due_time, tz, lead_times, status, done_at, done_note, \
    pack_id, pack_item_id, original_due_date, amended_by, unverified, due_revision, revision, \
    created_at, updated_at, due_changed_at, recurrence, applies, applies_because, applies_asks";

/// How many columns `COLUMNS` names.
pub(super) const COLUMN_COUNT: usize = 31;

/// Which deadlines to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListFilter {
    /// Only this status; all statuses when `None`.
    pub status: Option<Status>,
    /// Due on or after this date.
    pub due_from: Option<NaiveDate>,
    /// Due on or before this date.
    pub due_to: Option<NaiveDate>,
    /// At most this many, the earliest first.
    pub limit: Option<u32>,
    /// Which by whether they apply to the organisation.
    pub applies: Applies,
}

/// Deadlines by whether they apply ([`crate::applicability`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Applies {
    /// Every deadline.
    #[default]
    Any,
    /// The agenda's: those that apply and those not yet known.
    Agenda,
    Yes,
    No,
    Unknown,
}

impl Applies {
    fn condition(self) -> Option<&'static str> {
        match self {
            Applies::Any => None,
            Applies::Agenda => Some("applies IS NOT 0"),
            Applies::Yes => Some("applies = 1"),
            Applies::No => Some("applies = 0"),
            Applies::Unknown => Some("applies IS NULL"),
        }
    }
}

fn conversion(column: usize, what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        rusqlite::types::Type::Text,
        format!("{what} {value:?} is not valid").into(),
    )
}

fn parse_col<T>(
    row: &Row,
    i: usize,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let s: String = row.get(i)?;
    parse(&s).ok_or_else(|| conversion(i, what, &s))
}

fn parse_opt_col<T>(
    row: &Row,
    i: usize,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    match row.get::<_, Option<String>>(i)? {
        None => Ok(None),
        Some(s) => parse(&s).map(Some).ok_or_else(|| conversion(i, what, &s)),
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn time_of_day(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M").ok()
}

fn instant(s: &str) -> Option<DateTime<Utc>> {
    from_stored(s)
}

pub(super) fn from_row(row: &Row) -> rusqlite::Result<Deadline> {
    let mut d = Deadline {
        id: row.get(0)?,
        title: row.get(1)?,
        description: row.get(2)?,
        kind: parse_col(row, 3, "kind", |s| s.parse().ok())?,
        regulation: row.get(4)?,
        reference: row.get(5)?,
        jurisdiction: row.get(6)?,
        source_url: row.get(7)?,
        owner: row.get(8)?,
        tags: parse_col(row, 9, "tags", |s| serde_json::from_str(s).ok())?,
        due_date: parse_col(row, 10, "due date", date)?,
        due_time: parse_opt_col(row, 11, "due time", time_of_day)?,
        tz: row.get(12)?,
        lead_times: parse_opt_col(row, 13, "lead times", |s| LeadTime::parse_list(s).ok())?,
        status: parse_col(row, 14, "status", |s| s.parse().ok())?,
        done_at: parse_opt_col(row, 15, "done at", instant)?,
        done_note: row.get(16)?,
        pack_id: row.get(17)?,
        pack_item_id: row.get(18)?,
        original_due_date: parse_opt_col(row, 19, "original due date", date)?,
        amended_by: row.get(20)?,
        unverified: row.get(21)?,
        due_revision: row.get(22)?,
        revision: row.get(23)?,
        created_at: parse_col(row, 24, "created at", instant)?,
        updated_at: parse_col(row, 25, "updated at", instant)?,
        due_changed_at: parse_col(row, 26, "due changed at", instant)?,
        recurrence: row.get(27)?,
        applies: row.get(28)?,
        applies_because: row.get(29)?,
        asks: parse_col(row, 30, "questions to answer", |s| {
            serde_json::from_str(s).ok()
        })?,
        task: false,
        due_at: DateTime::<Utc>::MIN_UTC,
    };
    d.task = d.is_task();
    d.due_at = crate::reminders::due_at(&d);
    Ok(d)
}

/// A new deadline's row before it is written.
pub(super) struct NewRow<'a> {
    pub id: String,
    pub draft: &'a Draft,
    pub jurisdiction: &'a str,
    pub pack: Option<(&'a str, &'a str)>,
    pub unverified: Option<&'a str>,
}

pub(super) fn insert(
    tx: &Transaction,
    row: &NewRow,
    actor: &Actor,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    insert_tagged(tx, row, &[], actor, now)
}

/// [`insert`], with tags: the officer's (in the window or docketctl), or a
/// CSV file's. Packs and calendars bring none.
pub(super) fn insert_tagged(
    tx: &Transaction,
    row: &NewRow,
    tags: &[String],
    actor: &Actor,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    let d = row.draft;
    let stamp = to_stored(now);
    tx.execute(
        "INSERT INTO deadline (id, title, description, kind, regulation, reference, jurisdiction, \
         source_url, owner, due_date, due_time, tz, lead_times, pack_id, pack_item_id, unverified, \
         created_at, updated_at, due_changed_at, recurrence, tags, applies, applies_because) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?17, ?18, ?19, \
         CASE WHEN ?14 IS NULL THEN 1 END, CASE WHEN ?14 IS NULL THEN ?20 ELSE '' END)",
        params![
            row.id,
            d.title,
            d.description,
            d.kind.as_str(),
            d.regulation,
            d.reference,
            row.jurisdiction,
            d.source_url,
            d.owner,
            d.due_date.to_string(),
            d.due_time.map(|t| t.format("%H:%M").to_string()),
            d.tz,
            d.lead_times.as_deref().map(LeadTime::format_list),
            row.pack.map(|p| p.0),
            row.pack.map(|p| p.1),
            row.unverified,
            stamp,
            d.recurrence.as_ref().map(|r| r.as_str()),
            stored_tags(tags),
            crate::applicability::Verdict::own().because,
        ],
    )?;
    let changes = draft_values(d)
        .into_iter()
        .chain([("tags", tags.join(", "))])
        .filter(|(_, v)| !v.is_empty())
        .map(|(field, v)| Change {
            field: field.to_owned(),
            before: None,
            after: Some(v),
        })
        .collect::<Vec<_>>();
    let summary = format!("Created, due {}", describe_due(d));
    history::append(tx, &row.id, actor, now, "created", &summary, &changes)
}

pub(super) fn get_in(tx: &rusqlite::Connection, id: &str) -> rusqlite::Result<Option<Deadline>> {
    tx.query_row(
        &format!("SELECT {COLUMNS} FROM deadline WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()
}

/// "2 December 2027" or "2 December 2027 at 17:00 (Europe/Brussels)".
fn describe_due(d: &Draft) -> String {
    match d.due_time {
        None => long_date(d.due_date),
        Some(t) => format!(
            "{} at {} ({})",
            long_date(d.due_date),
            t.format("%H:%M"),
            d.tz
        ),
    }
}

/// The user-visible values of a draft, by field name, for the audit trail.
fn draft_values(d: &Draft) -> Vec<(&'static str, String)> {
    vec![
        ("title", d.title.clone()),
        ("due_date", d.due_date.to_string()),
        (
            "due_time",
            d.due_time
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default(),
        ),
        ("tz", d.tz.clone()),
        ("kind", d.kind.as_str().to_owned()),
        ("regulation", d.regulation.clone()),
        ("reference", d.reference.clone()),
        ("owner", d.owner.clone()),
        ("description", d.description.clone()),
        ("source_url", d.source_url.clone()),
        (
            "lead_times",
            d.lead_times
                .as_deref()
                .map(LeadTime::format_list)
                .unwrap_or_default(),
        ),
        (
            "recurrence",
            d.recurrence
                .as_ref()
                .map(|r| r.as_str().to_owned())
                .unwrap_or_default(),
        ),
    ]
}

/// Rewrites a deadline's content as one revision. When the due (date, time
/// or zone) changes, the due revision is bumped so that the old reminder plan
/// is void, and the audit trail records the move, naming the amendment that
/// made it when there is one.
pub(super) fn rewrite(
    tx: &Transaction,
    before: &Deadline,
    new: &Draft,
    amended_by: Option<&str>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    let cause = amended_by.map_or(Cause::Unsaid, Cause::Amendment);
    rewrite_tagged(tx, before, new, &before.tags, cause, actor, now)
}

/// [`rewrite`] with the tags set to `tags`, for an import that carries tags.
pub(super) fn rewrite_with_tags(
    tx: &Transaction,
    before: &Deadline,
    new: &Draft,
    tags: &[String],
    actor: &Actor,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    rewrite_tagged(tx, before, new, tags, Cause::Unsaid, actor, now)
}

/// [`rewrite`] of a move, with the reason the history gives for it.
pub(super) fn move_with_reason(
    tx: &Transaction,
    before: &Deadline,
    new: &Draft,
    reason: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    rewrite_tagged(
        tx,
        before,
        new,
        &before.tags,
        Cause::Reason(reason),
        actor,
        now,
    )
}

/// What moved a due date, as its history says.
#[derive(Clone, Copy)]
enum Cause<'a> {
    Unsaid,
    /// An amending act, kept on the deadline as `amended_by`.
    Amendment(&'a str),
    /// The officer's reason for moving it.
    Reason(&'a str),
}

/// [`rewrite`], with the tags set to `tags`; a change of tags is an edit.
fn rewrite_tagged(
    tx: &Transaction,
    before: &Deadline,
    new: &Draft,
    tags: &[String],
    cause: Cause,
    actor: &Actor,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    let old = Draft::of(before);
    let (moves, mut edits): (Vec<Change>, Vec<Change>) = diff(&old, new)
        .into_iter()
        .partition(|c| matches!(c.field.as_str(), "due_date" | "due_time" | "tz"));
    // The deadline keeps the act that last moved it; one that changed only
    // its texts is named in the history alone.
    let amended_by = match cause {
        Cause::Amendment(by) if !moves.is_empty() => Some(by),
        _ => None,
    };
    if tags != before.tags.as_slice() {
        let shown = |tags: &[String]| Some(tags.join(", ")).filter(|t| !t.is_empty());
        edits.push(Change {
            field: "tags".to_owned(),
            before: shown(&before.tags),
            after: shown(tags),
        });
    }
    if moves.is_empty() && edits.is_empty() {
        return Ok(());
    }
    let original = amended_by.map(|_| {
        before
            .original_due_date
            .unwrap_or(before.due_date)
            .to_string()
    });
    tx.execute(
        "UPDATE deadline SET title = ?2, description = ?3, kind = ?4, regulation = ?5,          reference = ?6, source_url = ?7, owner = ?8, lead_times = ?9,          due_date = ?10, due_time = ?11, tz = ?12,          due_revision = due_revision + ?13,          due_changed_at = CASE WHEN ?13 THEN ?14 ELSE due_changed_at END,          original_due_date = coalesce(?15, original_due_date), amended_by = coalesce(?16, amended_by),          recurrence = ?17, tags = ?18, revision = revision + 1, updated_at = ?14 WHERE id = ?1",
        params![
            before.id,
            new.title,
            new.description,
            new.kind.as_str(),
            new.regulation,
            new.reference,
            new.source_url,
            new.owner,
            new.lead_times.as_deref().map(LeadTime::format_list),
            new.due_date.to_string(),
            new.due_time.map(|t| t.format("%H:%M").to_string()),
            new.tz,
            i64::from(!moves.is_empty()),
            to_stored(now),
            original,
            amended_by,
            new.recurrence.as_ref().map(|r| r.as_str()),
            stored_tags(tags),
        ],
    )?;
    if !moves.is_empty() {
        let from = describe_due(&old);
        let to = describe_due(new);
        let (action, summary) = match cause {
            Cause::Amendment(by) => ("amended", format!("Moved from {from} to {to} by {by}")),
            Cause::Reason(why) => ("moved", format!("Moved from {from} to {to}: {why}")),
            Cause::Unsaid => ("moved", format!("Moved from {from} to {to}")),
        };
        history::append(tx, &before.id, actor, now, action, &summary, &moves)?;
    }
    if !edits.is_empty() {
        let names: Vec<String> = edits.iter().map(|c| c.field.replace('_', " ")).collect();
        let (action, summary) = match cause {
            Cause::Amendment(by) if moves.is_empty() => {
                ("amended", format!("Amended by {by}: {}", names.join(", ")))
            }
            _ => ("edited", format!("Edited {}", names.join(", "))),
        };
        history::append(tx, &before.id, actor, now, action, &summary, &edits)?;
    }
    Ok(())
}

/// Tags as the `tags` column keeps them: a JSON array of strings.
fn stored_tags(tags: &[String]) -> String {
    serde_json::Value::from(tags).to_string()
}

fn diff(before: &Draft, after: &Draft) -> Vec<Change> {
    draft_values(before)
        .into_iter()
        .zip(draft_values(after))
        .filter(|((_, b), (_, a))| a != b)
        .map(|((field, b), (_, a))| Change {
            field: field.to_owned(),
            before: Some(b).filter(|v| !v.is_empty()),
            after: Some(a).filter(|v| !v.is_empty()),
        })
        .collect()
}

impl Store {
    /// One deadline by id.
    pub fn get(&self, id: &str) -> Result<Option<Deadline>, Error> {
        Ok(get_in(&self.conn, id).map_err(read_err)?)
    }

    fn require(&self, id: &str) -> Result<Deadline, Error> {
        self.get(id)?.ok_or_else(|| Error::NotFound(id.to_owned()))
    }

    /// The deleted deadlines, kept so that they can be brought back, the
    /// most recently deleted first.
    pub fn list_deleted(&self) -> Result<Vec<Deadline>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM deadline WHERE deleted_at IS NOT NULL \
                 ORDER BY deleted_at DESC, id"
            ))
            .map_err(read_err)?;
        let rows = stmt.query_map([], from_row).map_err(read_err)?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(read_err)?)
    }

    /// Deadlines matching `filter`, earliest due first.
    pub fn list(&self, filter: &ListFilter) -> Result<Vec<Deadline>, Error> {
        // Only the conditions asked for are written, so that SQLite can use
        // the (status, due_date) index; `?n IS NULL OR …` would defeat it.
        let mut conditions = vec!["deleted_at IS NULL"];
        if filter.status.is_some() {
            conditions.push("status = ?1");
        }
        if filter.due_from.is_some() {
            conditions.push("due_date >= ?2");
        }
        if filter.due_to.is_some() {
            conditions.push("due_date <= ?3");
        }
        conditions.extend(filter.applies.condition());
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM deadline WHERE {} \
                 ORDER BY due_date, coalesce(due_time, ''), title, id \
                 LIMIT coalesce(?4, -1)",
                conditions.join(" AND ")
            ))
            .map_err(read_err)?;
        let rows = stmt
            .query_map(
                params![
                    filter.status.map(Status::as_str),
                    filter.due_from.map(|d| d.to_string()),
                    filter.due_to.map(|d| d.to_string()),
                    filter.limit,
                ],
                from_row,
            )
            .map_err(read_err)?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(read_err)?)
    }

    /// Calls `each` with every open deadline that applies (or is not yet
    /// known to) and the row it is kept in, in turn, holding one at a time,
    /// so that a look over years of deadlines does not hold them all.
    pub fn each_open(&self, mut each: impl FnMut(i64, Deadline)) -> Result<(), Error> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS}, rowid FROM deadline WHERE deleted_at IS NULL AND status = 'open' \
                 AND applies IS NOT 0"
            ))
            .map_err(read_err)?;
        let rows = stmt
            .query_map([], |row| Ok((row.get(COLUMN_COUNT)?, from_row(row)?)))
            .map_err(read_err)?;
        for row in rows {
            let (rowid, deadline) = row.map_err(read_err)?;
            each(rowid, deadline);
        }
        Ok(())
    }

    /// The deadline kept in `row` ([`Store::each_open`]), unless deleted or
    /// no longer applying.
    pub fn get_by_row(&self, row: i64) -> Result<Option<Deadline>, Error> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM deadline WHERE rowid = ?1 AND deleted_at IS NULL \
                 AND applies IS NOT 0"
            ))
            .and_then(|mut stmt| stmt.query_row([row], from_row).optional())
            .map_err(read_err)?)
    }

    /// Validates `fields` and stores a new deadline; `local_tz` is the zone of
    /// a deadline that names none.
    pub fn add(
        &mut self,
        fields: &DeadlineFields,
        local_tz: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Deadline, Error> {
        let draft = Draft::new(fields, local_tz)?;
        let tags = fields.tag_list().unwrap_or_default();
        let id = Ulid::from_datetime(now.into()).to_string();
        let tx = self.conn.transaction().map_err(write_err)?;
        let row = NewRow {
            id: id.clone(),
            draft: &draft,
            jurisdiction: "",
            pack: None,
            unverified: None,
        };
        insert_tagged(&tx, &row, &tags, actor, now).map_err(write_err)?;
        tx.commit().map_err(write_err)?;
        self.require(&id)
    }

    /// Applies `fields` to a deadline. A change of due date, time or zone is a
    /// move: it bumps the due revision and starts a new reminder plan.
    pub fn edit(
        &mut self,
        id: &str,
        fields: &DeadlineFields,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Deadline, Error> {
        let before = self.require(id)?;
        let new = Draft::of(&before).apply(fields)?;
        let tags = fields.tag_list().unwrap_or_else(|| before.tags.clone());
        let cause = match fields.move_reason.as_deref().map(str::trim) {
            Some(reason) if !reason.is_empty() => {
                let old = Draft::of(&before);
                if (old.due_date, old.due_time, &old.tz) == (new.due_date, new.due_time, &new.tz) {
                    return Err(ValidationError {
                        field: "move_reason",
                        message: "A reason for moving is given, but the due date, time and zone stay as they are.".to_owned(),
                        others: Vec::new(),
                    }
                    .into());
                }
                Cause::Reason(reason)
            }
            _ => Cause::Unsaid,
        };
        let tx = self.conn.transaction().map_err(write_err)?;
        rewrite_tagged(&tx, &before, &new, &tags, cause, actor, now).map_err(write_err)?;
        tx.commit().map_err(write_err)?;
        self.require(id)
    }

    /// Marks a deadline done, with an optional note. Marking a done deadline
    /// done again changes nothing.
    pub fn mark_done(
        &mut self,
        id: &str,
        note: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Deadline, Error> {
        let tx = self.conn.transaction().map_err(write_err)?;
        if let Some(news) = get_in(&tx, id)
            .map_err(write_err)?
            .filter(|d| !d.takes_done())
        {
            return Err(Error::NothingToDo(news.title));
        }
        mark_done_in(&tx, id, note, actor, now)?;
        tx.commit().map_err(write_err)?;
        self.require(id)
    }
}

/// Marks a deadline done inside a transaction, with its history entry.
pub(super) fn mark_done_in(
    tx: &Transaction,
    id: &str,
    note: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let before = get_in(tx, id)
        .map_err(write_err)?
        .ok_or_else(|| Error::NotFound(id.to_owned()))?;
    if before.status == Status::Done {
        return Ok(());
    }
    if let Some(why) = super::evidence::missing_evidence(tx, id).map_err(write_err)? {
        return Err(Error::Refused(why));
    }
    let note = note.trim();
    let rule = before
        .recurrence
        .as_deref()
        .and_then(|r| crate::recurrence::Recurrence::parse(r).ok());
    if let Some((next, rest)) = rule.and_then(|r| r.next_after(before.due_date)) {
        return roll_in(tx, &before, next, &rest, note, actor, now);
    }
    let summary = if note.is_empty() {
        "Marked done".to_owned()
    } else {
        format!("Marked done: {note}")
    };
    set_status_in(tx, &before, Status::Done, note, summary, actor, now)
}

/// Marks one occurrence of a repeating deadline done: it stays open and
/// moves to its next occurrence, whose reminders are owed afresh.
fn roll_in(
    tx: &Transaction,
    before: &Deadline,
    next: NaiveDate,
    rest: &crate::recurrence::Recurrence,
    note: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let stamp = to_stored(now);
    tx.execute(
        "UPDATE deadline SET due_date = ?2, recurrence = ?3, \
         due_revision = due_revision + 1, due_changed_at = ?4, revision = revision + 1, \
         updated_at = ?4 WHERE id = ?1",
        params![before.id, next.to_string(), rest.as_str(), stamp],
    )
    .map_err(write_err)?;
    let done = if note.is_empty() {
        format!("Done for {}", long_date(before.due_date))
    } else {
        format!("Done for {}: {note}", long_date(before.due_date))
    };
    let summary = format!("{done}; next due {}", long_date(next));
    let changes = [Change {
        field: "due_date".to_owned(),
        before: Some(before.due_date.to_string()),
        after: Some(next.to_string()),
    }];
    history::append(tx, &before.id, actor, now, "done", &summary, &changes).map_err(write_err)?;
    Ok(())
}

/// Sets a deadline's status with its history entry, inside a transaction.
pub(super) fn set_status_in(
    tx: &Transaction,
    before: &Deadline,
    status: Status,
    note: &str,
    summary: String,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let done_at = (status == Status::Done).then(|| to_stored(now));
    tx.execute(
        "UPDATE deadline SET status = ?2, done_at = ?3, done_note = ?4, \
         revision = revision + 1, updated_at = ?5 WHERE id = ?1",
        params![before.id, status.as_str(), done_at, note, to_stored(now)],
    )
    .map_err(write_err)?;
    let change = Change {
        field: "status".to_owned(),
        before: Some(before.status.as_str().to_owned()),
        after: Some(status.as_str().to_owned()),
    };
    history::append(tx, &before.id, actor, now, "status", &summary, &[change])
        .map_err(write_err)?;
    Ok(())
}

impl Store {
    /// Waives a deadline: it does not apply, for the reason given (required).
    pub fn waive(
        &mut self,
        id: &str,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Deadline, Error> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(crate::model::ValidationError {
                field: "reason",
                message: "A reason is required to waive a deadline.".to_owned(),
                others: Vec::new(),
            }
            .into());
        }
        let before = self.require(id)?;
        let tx = self.conn.transaction().map_err(write_err)?;
        set_status_in(
            &tx,
            &before,
            Status::Waived,
            reason,
            format!("Waived: {reason}"),
            actor,
            now,
        )?;
        tx.commit().map_err(write_err)?;
        self.require(id)
    }

    /// Reopens a done or waived deadline; its reminders of the current due
    /// revision that are still ahead are owed again.
    pub fn reopen(
        &mut self,
        id: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Deadline, Error> {
        let before = self.require(id)?;
        if before.status == Status::Open {
            return Ok(before);
        }
        let tx = self.conn.transaction().map_err(write_err)?;
        set_status_in(
            &tx,
            &before,
            Status::Open,
            "",
            "Reopened".to_owned(),
            actor,
            now,
        )?;
        tx.commit().map_err(write_err)?;
        self.require(id)
    }

    /// Deletes a deadline: it leaves lists and planning, while its row,
    /// history and reminder log are kept, so that it can be restored.
    pub fn delete(&mut self, id: &str, actor: &Actor, now: DateTime<Utc>) -> Result<(), Error> {
        self.require(id)?;
        let tx = self.conn.transaction().map_err(write_err)?;
        let deleted = tx
            .execute(
                "UPDATE deadline SET deleted_at = ?2, revision = revision + 1, updated_at = ?2 \
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, to_stored(now)],
            )
            .map_err(write_err)?;
        if deleted == 0 {
            return Err(Error::AlreadyDeleted(id.to_owned()));
        }
        history::append(&tx, id, actor, now, "deleted", "Deleted", &[]).map_err(write_err)?;
        tx.commit().map_err(write_err)?;
        Ok(())
    }

    /// Restores a deleted deadline.
    pub fn restore(
        &mut self,
        id: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Deadline, Error> {
        let tx = self.conn.transaction().map_err(write_err)?;
        let restored = tx
            .execute(
                "UPDATE deadline SET deleted_at = NULL, revision = revision + 1, updated_at = ?2 \
                 WHERE id = ?1 AND deleted_at IS NOT NULL",
                params![id, to_stored(now)],
            )
            .map_err(write_err)?;
        if restored == 0 {
            return Err(Error::NotFound(id.to_owned()));
        }
        history::append(
            &tx,
            id,
            actor,
            now,
            "restored",
            "Restored after being deleted",
            &[],
        )
        .map_err(write_err)?;
        tx.commit().map_err(write_err)?;
        self.require(id)
    }

    /// A new open deadline with the same fields as `id`, titled "… (copy)".
    pub fn duplicate(
        &mut self,
        id: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Deadline, Error> {
        let source = self.require(id)?;
        let draft = Draft {
            title: format!("{} (copy)", source.title),
            ..Draft::of(&source)
        };
        let copy = Ulid::from_datetime(now.into()).to_string();
        let tx = self.conn.transaction().map_err(write_err)?;
        let row = NewRow {
            id: copy.clone(),
            draft: &draft,
            jurisdiction: &source.jurisdiction,
            pack: None,
            unverified: None,
        };
        insert_tagged(&tx, &row, &source.tags, actor, now).map_err(write_err)?;
        tx.commit().map_err(write_err)?;
        self.require(&copy)
    }
}

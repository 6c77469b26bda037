//! Incident clocks in the store: starting one from a template, recording what
//! happened on it, and closing it. Each step whose due date is known is a
//! deadline like any other (listed, searched, exported, synced, reminded), so
//! every action is also in those deadlines' history.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;
use ulid::Ulid;

use super::deadlines::{
    get_in, insert_tagged, mark_done_in, move_with_reason, set_status_in, NewRow,
};
use super::{history, read_err, write_err, Error, Store};
use crate::clocks::{default_leads, plan_step, ClockTemplate, Due, Known, Place};
use crate::model::{Actor, Draft, Kind, LeadTime, Status, ValidationError};
use crate::time::{from_stored, parse_zone, to_stored};

/// A clock as the window and docketctl show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ClockView {
    pub id: String,
    pub template: String,
    pub title: String,
    pub regulation: String,
    pub article: String,
    pub source_url: String,
    /// Why the template is not fully verified, when it is not.
    pub unverified: Option<String>,
    pub member_state: String,
    pub tz: String,
    #[ts(type = "string")]
    pub started_at: DateTime<Utc>,
    #[ts(type = "string | null")]
    pub closed_at: Option<DateTime<Utc>>,
    pub close_reason: String,
    pub events: Vec<ClockEventView>,
    pub steps: Vec<StepView>,
}

/// An event of a clock: recorded, or still to come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ClockEventView {
    pub key: String,
    pub title: String,
    #[ts(type = "string | null")]
    pub at: Option<DateTime<Utc>>,
}

/// A step of a clock and when it is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StepView {
    pub key: String,
    pub title: String,
    /// The instant it falls due (for a period in days, the end of its last
    /// day), or none while what it runs from has not happened.
    #[ts(type = "string | null")]
    pub due: Option<DateTime<Utc>>,
    /// For a period counted in days, the day it is due by the end of (in
    /// the clock's zone); none for one due at an instant.
    #[ts(type = "string | null")]
    pub last_day: Option<NaiveDate>,
    pub rule: String,
    /// `waiting` (no due date yet), `open`, `overdue`, `submitted` or
    /// `closed` (the clock was closed before it was submitted).
    pub status: String,
    #[ts(type = "string | null")]
    pub submitted_at: Option<DateTime<Utc>>,
    /// The deadline that carries it, once it has a due date.
    pub deadline_id: Option<String>,
}

/// What a clock is started with.
#[derive(Debug, Clone)]
pub struct NewClock<'a> {
    pub template: &'a str,
    /// When its first event (becoming aware) happened.
    pub at: DateTime<Utc>,
    pub zone: Tz,
    pub member_state: &'a str,
    /// Empty for the template's title.
    pub title: &'a str,
}

fn invalid(field: &'static str, message: String) -> Error {
    ValidationError {
        field,
        message,
        others: Vec::new(),
    }
    .into()
}

/// The template of `key`, with its pack's id, or a refusal naming the known ones.
fn find_template(key: &str) -> Result<(String, ClockTemplate), Error> {
    let templates = crate::packs::clock_templates()?;
    let known: Vec<&str> = templates.iter().map(|(_, t)| t.key.as_str()).collect();
    let message = format!(
        "Clock template \"{key}\" is not one Docket has; it has {}.",
        known.join(", ")
    );
    templates
        .iter()
        .find(|(_, t)| t.key == key.trim())
        .cloned()
        .ok_or_else(|| invalid("template", message))
}

/// An event time may be a minute ahead of the clock that records it, no more.
fn not_in_the_future(at: DateTime<Utc>, now: DateTime<Utc>, what: &str) -> Result<(), Error> {
    if at > now + Duration::minutes(1) {
        return Err(invalid(
            "at",
            format!(
                "The time of {what} ({}) is in the future; give the time it happened.",
                at.format("%Y-%m-%d %H:%M UTC")
            ),
        ));
    }
    Ok(())
}

/// To the minute, never later: a due instant is never put off by seconds.
fn floor_minute(t: DateTime<Utc>) -> DateTime<Utc> {
    t.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(t)
}

impl Store {
    /// Starts a clock: records its first event and gives each step whose
    /// period runs from it a deadline, in one transaction.
    pub fn start_clock(
        &mut self,
        new: &NewClock,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<ClockView, Error> {
        let (pack_id, template) = find_template(new.template)?;
        let member_state = new.member_state.trim().to_uppercase();
        crate::holidays::is_working_day(&member_state, new.at.date_naive())
            .map_err(|e| invalid("member_state", e.to_string()))?;
        let first = &template.events[0];
        not_in_the_future(new.at, now, &first.title)?;
        let title = match new.title.trim() {
            "" => template.title.clone(),
            t => t.to_owned(),
        };
        let id = Ulid::from_datetime(now.into()).to_string();
        let tx = self.conn.transaction().map_err(write_err)?;
        tx.execute(
            "INSERT INTO clock (id, template, pack_id, title, member_state, tz, started_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                template.key,
                pack_id,
                title,
                member_state,
                new.zone.name(),
                to_stored(now)
            ],
        )
        .map_err(write_err)?;
        record_in(&tx, &id, &first.key, floor_minute(new.at), "", now)?;
        replan(
            &tx,
            &id,
            actor,
            now,
            &format!("started: {} at {}", first.title, shown(new.at, new.zone)),
        )?;
        tx.commit().map_err(write_err)?;
        self.clock(&id, now)
    }

    /// Records an event of a clock (`classified`) or the submission of one of
    /// its steps (`notification`), and re-plans the steps that run from it.
    pub fn record_on_clock(
        &mut self,
        clock_id: &str,
        what: &str,
        at: DateTime<Utc>,
        note: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<ClockView, Error> {
        let row = clock_row(&self.conn, clock_id)?;
        let (_, template) = find_template(&row.template)?;
        if row.closed_at.is_some() {
            return Err(invalid(
                "clock",
                format!("The clock {clock_id} is closed; nothing more can be recorded on it."),
            ));
        }
        let what = what.trim();
        let (key, said) = if let Some(event) = template.event(what) {
            (event.key.clone(), event.title.clone())
        } else if let Some(step) = template.step(what) {
            (
                format!("submitted:{}", step.key),
                format!("submitted the {}", step.title.to_lowercase()),
            )
        } else {
            let names: Vec<&str> = template
                .events
                .iter()
                .map(|e| e.key.as_str())
                .chain(template.steps.iter().map(|s| s.key.as_str()))
                .collect();
            return Err(invalid(
                "event",
                format!(
                    "\"{what}\" is neither an event nor a step of the {} clock; it has {}.",
                    template.key,
                    names.join(", ")
                ),
            ));
        };
        not_in_the_future(at, now, &said)?;
        let zone = parse_zone(&row.tz).unwrap_or(Tz::UTC);
        let tx = self.conn.transaction().map_err(write_err)?;
        record_in(&tx, clock_id, &key, floor_minute(at), note, now)?;
        let why = format!("{said} at {}", shown(at, zone));
        if let Some(step) = key.strip_prefix("submitted:") {
            let deadline: Option<String> = tx
                .query_row(
                    "SELECT deadline_id FROM clock_step WHERE clock_id = ?1 AND key = ?2",
                    params![clock_id, step],
                    |r| r.get(0),
                )
                .optional()
                .map_err(write_err)?
                .flatten();
            if let Some(deadline) = deadline {
                let done_note = match note.trim() {
                    "" => format!("Submitted at {}", shown(at, zone)),
                    n => format!("Submitted at {}: {n}", shown(at, zone)),
                };
                mark_done_in(&tx, &deadline, &done_note, actor, now)?;
            }
        }
        replan(&tx, clock_id, actor, now, &why)?;
        tx.commit().map_err(write_err)?;
        self.clock(clock_id, now)
    }

    /// Closes a clock for a reason: its open steps are waived with it.
    pub fn close_clock(
        &mut self,
        clock_id: &str,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<ClockView, Error> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(invalid(
                "reason",
                "A reason is required to close a clock.".to_owned(),
            ));
        }
        let row = clock_row(&self.conn, clock_id)?;
        if row.closed_at.is_some() {
            return Err(invalid(
                "clock",
                format!("The clock {clock_id} is already closed."),
            ));
        }
        let tx = self.conn.transaction().map_err(write_err)?;
        tx.execute(
            "UPDATE clock SET closed_at = ?2, close_reason = ?3 WHERE id = ?1",
            params![clock_id, to_stored(now), reason],
        )
        .map_err(write_err)?;
        for deadline in step_deadlines(&tx, clock_id)
            .map_err(write_err)?
            .into_values()
        {
            if let Some(d) = get_in(&tx, &deadline)
                .map_err(write_err)?
                .filter(|d| d.status == Status::Open)
            {
                let note = format!("Clock closed: {reason}");
                let summary = format!("Waived: {note}");
                set_status_in(&tx, &d, Status::Waived, &note, summary, actor, now)?;
            }
        }
        tx.commit().map_err(write_err)?;
        self.clock(clock_id, now)
    }

    /// One clock with its events and steps, their status at `now`.
    pub fn clock(&self, clock_id: &str, now: DateTime<Utc>) -> Result<ClockView, Error> {
        let row = clock_row(&self.conn, clock_id)?;
        let (_, template) = find_template(&row.template)?;
        let known = known(&self.conn, clock_id).map_err(read_err)?;
        let zone = parse_zone(&row.tz).unwrap_or(Tz::UTC);
        let place = Place {
            zone,
            member_state: &row.member_state,
        };
        let deadlines = step_deadlines(&self.conn, clock_id).map_err(read_err)?;
        let mut steps = Vec::new();
        for step in &template.steps {
            let planned = plan_step(&template, step, &known, place)
                .map_err(|e| invalid("member_state", e.to_string()))?;
            let due = planned.due.map(|d| d.instant(zone));
            let submitted_at = known.submitted.get(&step.key).copied();
            let status = match (submitted_at, row.closed_at, due) {
                (Some(_), _, _) => "submitted",
                (None, Some(_), _) => "closed",
                (None, None, None) => "waiting",
                (None, None, Some(due)) if due <= now => "overdue",
                (None, None, Some(_)) => "open",
            };
            steps.push(StepView {
                key: step.key.clone(),
                title: step.title.clone(),
                due,
                last_day: match planned.due {
                    Some(Due::EndOf(day)) => Some(day),
                    _ => None,
                },
                rule: planned.rule,
                status: status.to_owned(),
                submitted_at,
                deadline_id: deadlines.get(&step.key).cloned(),
            });
        }
        Ok(ClockView {
            id: row.id,
            template: template.key.clone(),
            title: row.title,
            regulation: template.regulation.clone(),
            article: template.article.clone(),
            source_url: template.source_url.clone(),
            unverified: template.unverified.clone(),
            member_state: row.member_state,
            tz: row.tz,
            started_at: row.started_at,
            closed_at: row.closed_at,
            close_reason: row.close_reason,
            events: template
                .events
                .iter()
                .map(|e| ClockEventView {
                    key: e.key.clone(),
                    title: e.title.clone(),
                    at: known.events.get(&e.key).copied(),
                })
                .collect(),
            steps,
        })
    }

    /// Every clock, running ones first, newest first within each.
    pub fn clocks(&self, now: DateTime<Utc>) -> Result<Vec<ClockView>, Error> {
        let ids: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT id FROM clock ORDER BY closed_at IS NOT NULL, started_at DESC, id DESC",
            )
            .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect())
            .map_err(read_err)?;
        ids.iter().map(|id| self.clock(id, now)).collect()
    }

    /// Whether a clock is running (started and not closed).
    pub fn has_running_clock(&self) -> Result<bool, Error> {
        self.conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM clock WHERE closed_at IS NULL)",
                [],
                |r| r.get(0),
            )
            .map_err(|e| read_err(e).into())
    }

    /// The clock a deadline is a step of, with the step's key, if any.
    pub fn clock_of(&self, deadline_id: &str) -> Result<Option<(String, String)>, Error> {
        self.conn
            .query_row(
                "SELECT clock_id, key FROM clock_step WHERE deadline_id = ?1",
                [deadline_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| read_err(e).into())
    }
}

struct ClockRow {
    id: String,
    template: String,
    title: String,
    member_state: String,
    tz: String,
    started_at: DateTime<Utc>,
    closed_at: Option<DateTime<Utc>>,
    close_reason: String,
}

fn clock_row(conn: &rusqlite::Connection, clock_id: &str) -> Result<ClockRow, Error> {
    let instant = |s: String| from_stored(&s).unwrap_or(DateTime::<Utc>::MIN_UTC);
    conn.query_row(
        "SELECT id, template, title, member_state, tz, started_at, closed_at, close_reason FROM clock WHERE id = ?1",
        [clock_id.trim()],
        |r| {
            Ok(ClockRow {
                id: r.get(0)?,
                template: r.get(1)?,
                title: r.get(2)?,
                member_state: r.get(3)?,
                tz: r.get(4)?,
                started_at: instant(r.get(5)?),
                closed_at: r.get::<_, Option<String>>(6)?.map(instant),
                close_reason: r.get(7)?,
            })
        },
    )
    .optional()
    .map_err(read_err)?
    .ok_or_else(|| Error::NoClock(clock_id.trim().to_owned()))
}

fn known(conn: &rusqlite::Connection, clock_id: &str) -> rusqlite::Result<Known> {
    let mut stmt = conn.prepare_cached("SELECT key, at FROM clock_event WHERE clock_id = ?1")?;
    let rows = stmt.query_map([clock_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut known = Known::default();
    for row in rows {
        let (key, at) = row?;
        let Some(at) = from_stored(&at) else { continue };
        match key.strip_prefix("submitted:") {
            Some(step) => known.submitted.insert(step.to_owned(), at),
            None => known.events.insert(key, at),
        };
    }
    Ok(known)
}

fn step_deadlines(
    conn: &rusqlite::Connection,
    clock_id: &str,
) -> rusqlite::Result<HashMap<String, String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, deadline_id FROM clock_step WHERE clock_id = ?1 AND deadline_id IS NOT NULL",
    )?;
    let rows = stmt.query_map([clock_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

fn record_in(
    tx: &Transaction,
    clock_id: &str,
    key: &str,
    at: DateTime<Utc>,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    tx.execute(
        "INSERT INTO clock_event (clock_id, key, at, note, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (clock_id, key) DO UPDATE SET at = excluded.at, note = excluded.note, recorded_at = excluded.recorded_at",
        params![clock_id, key, to_stored(at), note.trim(), to_stored(now)],
    )
    .map_err(write_err)?;
    Ok(())
}

/// "1 October 2027 10:00 CEST", on the clock's zone.
fn shown(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone)
        .format("%-d %B %Y %H:%M %Z")
        .to_string()
}

/// Gives each step of the clock its due date as now known: a deadline for a
/// step that has just got one, a move (saying why) for one whose date
/// changed, and the rule's sentence kept beside it.
fn replan(
    tx: &Transaction,
    clock_id: &str,
    actor: &Actor,
    now: DateTime<Utc>,
    why: &str,
) -> Result<(), Error> {
    let row = clock_row(tx, clock_id)?;
    let (_, template) = find_template(&row.template)?;
    let known = known(tx, clock_id).map_err(write_err)?;
    let zone = parse_zone(&row.tz).unwrap_or(Tz::UTC);
    let place = Place {
        zone,
        member_state: &row.member_state,
    };
    let existing = step_deadlines(tx, clock_id).map_err(write_err)?;
    for step in &template.steps {
        let planned = plan_step(&template, step, &known, place)
            .map_err(|e| invalid("member_state", e.to_string()))?;
        let linked = existing.get(&step.key);
        if let (Some(due), false) = (planned.due, known.submitted.contains_key(&step.key)) {
            let draft = step_draft(
                &template,
                &row.title,
                &step.title,
                due,
                zone,
                &planned.rule,
                step,
            );
            match linked {
                None => {
                    // Random beyond the millisecond: steps made together differ.
                    let id = Ulid::from_datetime(now.into()).to_string();
                    let new = NewRow {
                        id: id.clone(),
                        draft: &draft,
                        jurisdiction: "EU",
                        pack: None,
                        unverified: template.unverified.as_deref(),
                    };
                    insert_tagged(tx, &new, &["incident clock".to_owned()], actor, now)
                        .map_err(write_err)?;
                    history::append(
                        tx,
                        &id,
                        actor,
                        now,
                        "clock",
                        &format!("Clock {clock_id} {why}"),
                        &[],
                    )
                    .map_err(write_err)?;
                    tx.execute(
                        "INSERT INTO clock_step (clock_id, key, deadline_id, rule) VALUES (?1, ?2, ?3, ?4) \
                         ON CONFLICT (clock_id, key) DO UPDATE SET deadline_id = excluded.deadline_id, rule = excluded.rule",
                        params![clock_id, step.key, id, planned.rule],
                    )
                    .map_err(write_err)?;
                }
                Some(id) => {
                    if let Some(before) = get_in(tx, id)
                        .map_err(write_err)?
                        .filter(|d| d.status == Status::Open)
                    {
                        let old = Draft::of(&before);
                        if (old.due_date, old.due_time) != (draft.due_date, draft.due_time) {
                            let mut moved = old.clone();
                            moved.due_date = draft.due_date;
                            moved.due_time = draft.due_time;
                            moved.description = draft.description.clone();
                            moved.lead_times = draft.lead_times.clone();
                            move_with_reason(
                                tx,
                                &before,
                                &moved,
                                &format!("re-planned, {why}"),
                                actor,
                                now,
                            )
                            .map_err(write_err)?;
                        }
                    }
                    tx.execute(
                        "UPDATE clock_step SET rule = ?3 WHERE clock_id = ?1 AND key = ?2",
                        params![clock_id, step.key, planned.rule],
                    )
                    .map_err(write_err)?;
                }
            }
        } else if linked.is_none() {
            tx.execute(
                "INSERT INTO clock_step (clock_id, key, deadline_id, rule) VALUES (?1, ?2, NULL, ?3) \
                 ON CONFLICT (clock_id, key) DO UPDATE SET rule = excluded.rule",
                params![clock_id, step.key, planned.rule],
            )
            .map_err(write_err)?;
        }
    }
    Ok(())
}

/// The deadline of a step: timed for a period in hours, to the end of its
/// last day for one in days, in the clock's zone.
fn step_draft(
    template: &ClockTemplate,
    clock_title: &str,
    step_title: &str,
    due: Due,
    zone: Tz,
    rule: &str,
    step: &crate::clocks::StepDef,
) -> Draft {
    let (due_date, due_time): (NaiveDate, _) = match due {
        Due::At(t) => {
            let local = t.with_timezone(&zone);
            (
                local.date_naive(),
                Some(local.time().with_second(0).unwrap_or(local.time())),
            )
        }
        Due::EndOf(day) => (day, None),
    };
    let leads: Vec<LeadTime> = default_leads(step, due);
    Draft {
        title: format!("{clock_title}: {step_title}"),
        description: rule.to_owned(),
        kind: Kind::Internal,
        regulation: template.regulation.clone(),
        reference: template.article.clone(),
        source_url: template.source_url.clone(),
        owner: String::new(),
        due_date,
        due_time,
        tz: zone.name().to_owned(),
        lead_times: (!leads.is_empty()).then_some(leads),
        recurrence: None,
    }
}

#[cfg(test)]
mod tests;

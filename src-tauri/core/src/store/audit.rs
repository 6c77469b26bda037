//! Gathers an audit report over a period: every deadline due in it (or
//! moved, done or reminded of in it), with its moves, status, evidence and
//! the reminders delivered; the incident clocks started in it; the
//! organisation's answers; and the trail's head hash.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::{ListFilter, Store};
use crate::model::{Actor, Deadline, Nature, Status};
use crate::packs::Asked;
use crate::reminders::is_overdue;
use crate::report::model::{
    Answered, AuditReport, ClockStepLine, EvidenceLine, Move, ReminderLine, ReportClock,
    ReportDeadline, Summary, System,
};
use crate::store::Error;
use crate::time::{from_stored, long_date};

/// What a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period<'a> {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// A pack id ("dora") or words of the regulation ("2024/1689").
    pub regulation: Option<&'a str>,
}

/// "25 Nov 2027 09:00 CET" on the officer's clock.
fn moment(t: DateTime<Utc>, local: Tz) -> String {
    t.with_timezone(&local)
        .format("%-d %b %Y %H:%M %Z")
        .to_string()
}

fn stored_moment(s: &str, local: Tz) -> String {
    from_stored(s).map_or_else(|| s.to_owned(), |t| moment(t, local))
}

impl Period<'_> {
    fn covers_regulation(&self, d: &Deadline) -> bool {
        let Some(r) = self.regulation else {
            return true;
        };
        let r = r.trim().to_lowercase();
        d.pack_id.as_deref().is_some_and(|p| p == r) || d.regulation.to_lowercase().contains(&r)
    }

    fn contains(&self, t: DateTime<Utc>, local: Tz) -> bool {
        let day = t.with_timezone(&local).date_naive();
        self.from <= day && day <= self.to
    }
}

impl Store {
    /// The audit report over `period`, made by `actor` at `now`.
    pub fn audit_report(
        &self,
        period: &Period,
        actor: &Actor,
        now: DateTime<Utc>,
        local: Tz,
    ) -> Result<AuditReport, Error> {
        if period.to < period.from {
            return Err(Error::Refused(format!(
                "The period ends ({}) before it starts ({}).",
                period.to, period.from
            )));
        }
        let (head, entries) = self.trail_head()?;
        let span = format!("{} to {}", long_date(period.from), long_date(period.to));
        let mut report = AuditReport {
            title: format!("Audit report, {span}"),
            period: span,
            regulation: period.regulation.map(str::to_owned),
            made_at: moment(now, local),
            made_by: actor.user.clone(),
            made_with: format!("Docket {}", env!("CARGO_PKG_VERSION")),
            trail_head: head,
            trail_entries: entries.max(0) as u64,
            organisation: Vec::new(),
            systems: Vec::new(),
            summary: Summary::default(),
            deadlines: Vec::new(),
            clocks: Vec::new(),
        };
        self.add_profile(&mut report)?;
        for d in self.list(&ListFilter::default())? {
            if !period.covers_regulation(&d) {
                continue;
            }
            let history = self.history(&d.id)?;
            let due_in = period.from <= d.due_date && d.due_date <= period.to;
            // Being created (a pack's install) is not yet something that
            // happened to it; a move, a status, evidence or a verdict is.
            let acted_in = history
                .iter()
                .any(|h| h.action != "created" && period.contains(h.at, local));
            if !due_in && !acted_in {
                continue;
            }
            let line = self.report_line(&d, &history, period, now, local)?;
            count(&mut report.summary, &d, &line);
            report.deadlines.push(line);
        }
        for clock in self.clocks(now)? {
            if !period.contains(clock.started_at, local) {
                continue;
            }
            let zone: Tz = clock.tz.parse().unwrap_or(local);
            report.clocks.push(ReportClock {
                title: clock.title.clone(),
                template: format!(
                    "{} ({} {})",
                    clock.template, clock.regulation, clock.article
                ),
                started: moment(clock.started_at, zone),
                steps: clock
                    .steps
                    .iter()
                    .map(|s| ClockStepLine {
                        title: s.title.clone(),
                        due: s
                            .due
                            .map_or_else(|| "not yet running".to_owned(), |t| moment(t, zone)),
                        submitted: s.submitted_at.map_or_else(
                            || "not submitted".to_owned(),
                            |t| format!("submitted {}", moment(t, zone)),
                        ),
                    })
                    .collect(),
            });
        }
        Ok(report)
    }

    fn add_profile(&self, report: &mut AuditReport) -> Result<(), Error> {
        let questions = self.questions()?;
        let profile = self.profile()?;
        let label = |key: &str, values: &[String]| -> Option<Answered> {
            let q = questions.iter().find(|q| q.question.key == key)?;
            let answer = values
                .iter()
                .map(|v| {
                    q.question
                        .choice(v)
                        .map_or(v.as_str(), |c| c.label.as_str())
                })
                .collect::<Vec<_>>()
                .join(", ");
            Some(Answered {
                question: q.question.question.clone(),
                answer,
            })
        };
        for q in questions
            .iter()
            .filter(|q| q.question.of == Asked::Organisation)
        {
            if let Some(values) = profile.answers.get(&q.question.key) {
                report.organisation.extend(label(&q.question.key, values));
            }
        }
        for s in &profile.systems {
            report.systems.push(System {
                name: s.name.clone(),
                answers: s.answers.iter().filter_map(|(k, v)| label(k, v)).collect(),
            });
        }
        Ok(())
    }

    fn report_line(
        &self,
        d: &Deadline,
        history: &[super::HistoryEntry],
        period: &Period,
        now: DateTime<Utc>,
        local: Tz,
    ) -> Result<ReportDeadline, Error> {
        let due = match d.due_time {
            Some(t) => format!("{} {} ({})", long_date(d.due_date), t.format("%H:%M"), d.tz),
            None => long_date(d.due_date),
        };
        let moves = history
            .iter()
            .filter(|h| {
                matches!(h.action.as_str(), "moved" | "amended") && h.summary.starts_with("Moved")
            })
            .map(|h| Move {
                at: moment(h.at, local),
                summary: h.summary.clone(),
                by: format!("{} via {}", h.actor, h.via),
            })
            .collect();
        let done = (d.status == Status::Done).then(|| {
            let by = history
                .iter()
                .rev()
                .find(|h| h.action == "status" && h.summary.starts_with("Marked done"))
                .map(|h| h.actor.clone())
                .unwrap_or_default();
            let at = d.done_at.map_or_else(String::new, |t| moment(t, local));
            let note = if d.done_note.is_empty() {
                String::new()
            } else {
                format!(": {}", d.done_note)
            };
            format!("{at} by {by}{note}")
        });
        let evidence = self
            .evidence(&d.id)?
            .into_iter()
            .map(|e| EvidenceLine {
                name: e.name,
                sha256: e.sha256.or(e.url).unwrap_or_default(),
                effective: e.effective.unwrap_or_default(),
                added: format!("{} by {}", stored_moment(&e.added_at, local), e.added_by),
                note: e.note,
            })
            .collect();
        let reminders = self
            .reminder_entries(&d.id)?
            .into_iter()
            .filter(|r| r.outcome == "delivered")
            .filter(|r| from_stored(&r.recorded_at).is_none_or(|t| period.contains(t, local)))
            .map(|r| ReminderLine {
                at: stored_moment(&r.recorded_at, local),
                stage: r.stage,
                channel: r.channel.unwrap_or_default(),
                action: match (r.action.as_str(), &r.snooze_until) {
                    ("snoozed", Some(until)) => {
                        format!("snoozed until {}", stored_moment(until, local))
                    }
                    ("done", _) => "marked done".to_owned(),
                    (other, _) => other.to_owned(),
                },
            })
            .collect();
        Ok(ReportDeadline {
            id: d.id.clone(),
            title: d.title.clone(),
            regulation: [d.regulation.as_str(), d.reference.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            kind: d.kind.as_str().to_owned(),
            due,
            status: status(d, now, local),
            applies: d.applies_because.clone(),
            source_url: d.source_url.clone(),
            moves,
            done,
            evidence,
            reminders,
        })
    }
}

/// "done on time", "done late", "overdue", "open" (a task), "in effect" or
/// "ahead" (a regulation's date), "news", "waived: …", "superseded".
fn status(d: &Deadline, now: DateTime<Utc>, local: Tz) -> String {
    match d.status {
        Status::Done => {
            // A date-only deadline is on time all through its day.
            let late = d.done_at.is_some_and(|t| match d.due_time {
                Some(_) => t > d.due_at,
                None => t.with_timezone(&local).date_naive() > d.due_date,
            });
            if late { "done late" } else { "done on time" }.to_owned()
        }
        Status::Waived => format!("waived: {}", d.done_note),
        Status::Superseded => "superseded".to_owned(),
        Status::Open if is_overdue(d, now, local) => "overdue".to_owned(),
        Status::Open => match d.nature() {
            Nature::Task => "open",
            Nature::Fact if d.due_at <= now => "in effect",
            Nature::Fact => "ahead",
            Nature::News => "news",
        }
        .to_owned(),
    }
}

fn count(summary: &mut Summary, d: &Deadline, line: &ReportDeadline) {
    if d.applies == Some(false) {
        summary.not_applicable += 1;
        return;
    }
    match line.status.as_str() {
        "done on time" => summary.done_on_time += 1,
        "done late" => summary.done_late += 1,
        "overdue" => summary.overdue += 1,
        "open" => summary.open += 1,
        _ if d.status == Status::Waived => {
            summary.waived.push((d.title.clone(), d.done_note.clone()))
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;

//! The audit report as CSV: one row per fact, so that each row of the HTML
//! report is a row here too and can be filtered in a spreadsheet.
//!
//! The `record` column says what a row is:
//! - `report`: one row per property of the report, its name in `title` and
//!   its value in `detail`; `made_at` also fills `at`, and `trail_head`
//!   carries the hash in `sha256` and the number of entries in `detail`;
//! - `deadline`: the deadline itself, its source address in `detail`;
//! - `move`, `done`, `evidence`, `reminder`: what happened to it, each
//!   repeating the deadline's columns so that a row stands alone, with when
//!   in `at` and the rest in words in `detail` ("7 days before,
//!   notification: opened");
//! - `clock-step`: a step of an incident clock, the clock's title in
//!   `title`, its template in `regulation`, the step's due time in `due`,
//!   its submission in `status` and the clock's start in `at`.

use super::model::{AuditReport, EvidenceLine, ReportClock, ReportDeadline};

pub const COLUMNS: [&str; 10] = [
    "deadline_id",
    "title",
    "regulation",
    "due",
    "status",
    "applies",
    "record",
    "at",
    "detail",
    "sha256",
];

/// One row, by column.
#[derive(Default)]
struct Row<'a> {
    deadline_id: &'a str,
    title: &'a str,
    regulation: &'a str,
    due: &'a str,
    status: &'a str,
    applies: &'a str,
    record: &'a str,
    at: &'a str,
    detail: String,
    sha256: &'a str,
}

impl<'a> Row<'a> {
    fn fields(&self) -> [&str; 10] {
        [
            self.deadline_id,
            self.title,
            self.regulation,
            self.due,
            self.status,
            self.applies,
            self.record,
            self.at,
            &self.detail,
            self.sha256,
        ]
    }

    /// A row about `deadline`, its own columns filled.
    fn of(deadline: &'a ReportDeadline, record: &'a str) -> Row<'a> {
        Row {
            deadline_id: &deadline.id,
            title: &deadline.title,
            regulation: &deadline.regulation,
            due: &deadline.due,
            status: &deadline.status,
            applies: &deadline.applies,
            record,
            ..Row::default()
        }
    }
}

pub fn render(report: &AuditReport) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    // Writing into memory cannot fail, and every record has the same length.
    let _ = out.write_record(COLUMNS);
    for row in rows(report) {
        let _ = out.write_record(row.fields());
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn rows(report: &AuditReport) -> Vec<Row<'_>> {
    let mut rows = report_rows(report);
    for deadline in &report.deadlines {
        deadline_rows(deadline, &mut rows);
    }
    for clock in &report.clocks {
        clock_rows(clock, &mut rows);
    }
    rows
}

fn report_rows(report: &AuditReport) -> Vec<Row<'_>> {
    let property = |title, detail: &str| Row {
        title,
        record: "report",
        detail: detail.to_owned(),
        ..Row::default()
    };
    let mut rows = vec![
        property("title", &report.title),
        property("period", &report.period),
    ];
    if let Some(regulation) = &report.regulation {
        rows.push(property("regulation", regulation));
    }
    rows.push(Row {
        at: &report.made_at,
        ..property("made_at", &report.made_at)
    });
    rows.push(property("made_by", &report.made_by));
    rows.push(property("made_with", &report.made_with));
    rows.push(Row {
        sha256: &report.trail_head,
        ..property("trail_head", &super::entries(report.trail_entries))
    });
    rows
}

fn deadline_rows<'a>(deadline: &'a ReportDeadline, rows: &mut Vec<Row<'a>>) {
    rows.push(Row {
        detail: deadline.source_url.clone(),
        ..Row::of(deadline, "deadline")
    });
    for moved in &deadline.moves {
        rows.push(Row {
            at: &moved.at,
            detail: format!("{}; recorded by {}", moved.summary, moved.by),
            ..Row::of(deadline, "move")
        });
    }
    if let Some(done) = &deadline.done {
        rows.push(Row {
            detail: done.clone(),
            ..Row::of(deadline, "done")
        });
    }
    for evidence in &deadline.evidence {
        rows.push(Row {
            at: &evidence.added,
            detail: evidence_detail(evidence),
            sha256: &evidence.sha256,
            ..Row::of(deadline, "evidence")
        });
    }
    for reminder in &deadline.reminders {
        rows.push(Row {
            at: &reminder.at,
            detail: format!(
                "{}, {}: {}",
                reminder.stage, reminder.channel, reminder.action
            ),
            ..Row::of(deadline, "reminder")
        });
    }
}

fn clock_rows<'a>(clock: &'a ReportClock, rows: &mut Vec<Row<'a>>) {
    for step in &clock.steps {
        rows.push(Row {
            title: &clock.title,
            regulation: &clock.template,
            due: &step.due,
            status: &step.submitted,
            record: "clock-step",
            at: &clock.started,
            detail: step.title.clone(),
            ..Row::default()
        });
    }
}

/// "Risk assessment.pdf, effective 1 May 2027; signed by the board".
fn evidence_detail(evidence: &EvidenceLine) -> String {
    let mut detail = evidence.name.clone();
    if !evidence.effective.is_empty() {
        detail.push_str(", effective ");
        detail.push_str(&evidence.effective);
    }
    if !evidence.note.is_empty() {
        detail.push_str("; ");
        detail.push_str(&evidence.note);
    }
    detail
}

//! The audit report of a real store, over the embedded packs and a few of
//! the officer's deadlines: what pdftotext reads back from the PDF, and the
//! same rows in the HTML and the CSV.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use super::Period;
use crate::model::{Actor, DeadlineFields};
use crate::reminders::plan;
use crate::report;
use crate::store::clocks::NewClock;
use crate::store::evidence::{Source, Target};
use crate::store::profile::Whose;
use crate::store::reminder_log::Channel;
use crate::store::{ListFilter, Store};
use crate::time::from_stored;

fn at(s: &str) -> DateTime<Utc> {
    from_stored(s).unwrap()
}

fn officer() -> Actor {
    Actor {
        user: "ana".to_owned(),
        via: "test".to_owned(),
    }
}

fn add(store: &mut Store, title: &str, due: &str) -> String {
    let fields = DeadlineFields {
        title: Some(title.to_owned()),
        due_date: Some(due.to_owned()),
        ..DeadlineFields::default()
    };
    store
        .add(&fields, "UTC", &officer(), at("2026-12-15T09:00:00Z"))
        .unwrap()
        .id
}

/// A year of a compliance officer's work, written through the store.
fn a_year(dir: &Path) -> (Store, String) {
    let mut store = Store::open(dir).unwrap();
    store
        .install_embedded_packs(at("2026-12-01T07:00:00Z"))
        .unwrap();
    store
        .answer(
            "dora.financial-entity",
            &["no".to_owned()],
            Whose::Organisation,
            &officer(),
            at("2026-12-02T09:00:00Z"),
        )
        .unwrap();
    let board = add(
        &mut store,
        "Board report on AI risks — “Q1” §4",
        "2027-03-31",
    );
    let vendor = add(&mut store, "Vendor questionnaire", "2027-02-01");
    let retired = add(&mut store, "Review the retired chatbot", "2027-05-15");
    // The 7-day reminder of the board report is delivered, and snoozed.
    let now = at("2027-03-24T09:00:00Z");
    let deadlines = store.list(&ListFilter::default()).unwrap();
    let p = plan(
        &deadlines,
        &store.reminder_log().unwrap(),
        &store.reminder_settings().unwrap(),
        chrono_tz::UTC,
        now,
    );
    let board_stage: Vec<_> = p
        .owed
        .into_iter()
        .filter(|o| o.deadline_id == board)
        .collect();
    let claimed = store
        .claim_occurrences(&board_stage, &[], Channel::Notification, now)
        .unwrap();
    assert_eq!(claimed.len(), 1);
    store
        .snooze(
            &claimed[0].key(),
            at("2027-03-25T09:00:00Z"),
            chrono_tz::UTC,
            &officer(),
            now,
        )
        .unwrap();
    let minutes = dir.join("minutes.txt");
    std::fs::write(&minutes, "Approved by the board on 29 March 2027.\n").unwrap();
    store
        .add_evidence(
            &Target::Deadline(&board),
            &Source::File(&minutes),
            "Signed minutes",
            NaiveDate::from_ymd_opt(2027, 3, 29),
            &officer(),
            at("2027-03-29T15:00:00Z"),
        )
        .unwrap();
    store
        .mark_done(&board, "Presented", &officer(), at("2027-03-30T10:00:00Z"))
        .unwrap();
    store
        .waive(
            &retired,
            "The chatbot was retired in April",
            &officer(),
            at("2027-04-20T10:00:00Z"),
        )
        .unwrap();
    assert!(store.get(&vendor).unwrap().is_some());
    store
        .start_clock(
            &NewClock {
                template: "gdpr-breach",
                at: at("2027-02-10T08:30:00Z"),
                zone: chrono_tz::Europe::Dublin,
                member_state: "IE",
                title: "Payroll export",
            },
            &officer(),
            at("2027-02-10T09:00:00Z"),
        )
        .unwrap();
    (store, board)
}

fn report_of(store: &Store) -> report::AuditReport {
    let period = Period {
        from: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2027, 6, 30).unwrap(),
        regulation: None,
    };
    store
        .audit_report(
            &period,
            &officer(),
            at("2027-07-01T08:00:00Z"),
            chrono_tz::UTC,
        )
        .unwrap()
}

#[test]
fn the_pdf_reads_back_the_obligations_a_delivered_reminder_the_evidence_hash_and_the_head_hash() {
    let dir = tempfile::tempdir().unwrap();
    let (store, board) = a_year(dir.path());
    let made = report_of(&store);
    let (head, _) = store.trail_head().unwrap();
    assert_eq!(made.trail_head, head);
    let sha = store.evidence(&board).unwrap()[0].sha256.clone().unwrap();

    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, report::pdf(&made).unwrap()).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (poppler-utils, scripts/setup-debian)");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "Audit report, 1 January 2027 to 30 June 2027",
        "Board report on AI risks — “Q1” §4",
        "done on time",
        "7 days before",
        "snoozed until",
        &sha,
        &head,
        // Regulations' obligations of the period, beside the officer's own.
        "First review of the entity lists",
        "Switching charges",
        // A task left undone, and one waived with its reason.
        "Vendor questionnaire",
        "overdue",
        "The chatbot was retired in April",
        // The incident clock started in the period, with its step.
        "Payroll export",
        "Notify the supervisory authority",
    ] {
        assert!(text.contains(expected), "{expected:?} is not in:\n{text}");
    }
    assert_eq!(made.summary.done_on_time, 1);
    // The vendor questionnaire, and the breach clock's notification step.
    assert_eq!(made.summary.overdue, 2);
    assert_eq!(made.summary.waived.len(), 1);
}

#[test]
fn the_html_and_the_csv_carry_the_same_rows_as_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let (store, board) = a_year(dir.path());
    let made = report_of(&store);
    let html = report::html(&made);
    let csv = report::csv(&made);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let in_csv: std::collections::BTreeSet<&str> = rows
        .iter()
        .filter(|r| &r[6] == "deadline")
        .map(|r| &r[0])
        .collect();
    let in_report: std::collections::BTreeSet<&str> =
        made.deadlines.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(in_csv, in_report);
    for d in &made.deadlines {
        let shown = d
            .title
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(html.contains(&shown), "{} is not in the HTML", d.title);
    }
    let sha = store.evidence(&board).unwrap()[0].sha256.clone().unwrap();
    assert!(html.contains(&sha));
    assert!(rows
        .iter()
        .any(|r| &r[6] == "evidence" && &r[9] == sha.as_str()));
    assert!(rows
        .iter()
        .any(|r| &r[6] == "reminder" && r[8].contains("7 days before")));
}

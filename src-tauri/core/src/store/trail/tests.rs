//! The trail stays intact through every kind of write Docket makes, and
//! shows a row or an entry that another program changed, removed or
//! inserted after dropping the append-only triggers.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::model::{Actor, DeadlineFields};
use crate::reminders::plan;
use crate::store::profile::Whose;
use crate::store::reminder_log::Channel;
use crate::store::{ListFilter, Store, DATABASE_FILE};
use crate::time::from_stored;

fn at(s: &str) -> DateTime<Utc> {
    from_stored(s).unwrap()
}

fn officer() -> Actor {
    Actor {
        user: "officer".to_owned(),
        via: "test".to_owned(),
    }
}

fn intact(store: &Store, after: &str) {
    let check = store.verify_trail().unwrap();
    assert_eq!(check.broken, None, "after {after}");
    assert_eq!(check.head, store.trail_head().unwrap().0);
}

/// A data folder with the packs, an own deadline with a delivered and a
/// snoozed reminder, done and waived deadlines and an answer.
fn busy_store(dir: &Path) -> (Store, String) {
    let mut store = Store::open(dir).unwrap();
    store
        .install_embedded_packs(at("2026-12-01T07:00:00Z"))
        .unwrap();
    intact(&store, "installing the packs");
    let fields = DeadlineFields {
        title: Some("Board report".to_owned()),
        due_date: Some("2027-03-31".to_owned()),
        ..DeadlineFields::default()
    };
    let own = store
        .add(&fields, "UTC", &officer(), at("2027-01-01T00:00:00Z"))
        .unwrap();
    intact(&store, "adding");
    let moved = DeadlineFields {
        due_date: Some("2027-04-30".to_owned()),
        ..DeadlineFields::default()
    };
    store
        .edit(&own.id, &moved, &officer(), at("2027-01-02T00:00:00Z"))
        .unwrap();
    intact(&store, "moving");
    let now = at("2027-04-23T09:00:00Z");
    let deadlines = store.list(&ListFilter::default()).unwrap();
    let p = plan(
        &deadlines,
        &store.reminder_log().unwrap(),
        &store.reminder_settings().unwrap(),
        chrono_tz::UTC,
        now,
    );
    let claimed = store
        .claim_occurrences(&p.owed, &p.superseded, Channel::Notification, now)
        .unwrap();
    assert!(!claimed.is_empty());
    intact(&store, "claiming reminders");
    store
        .snooze(
            &claimed[0].key(),
            at("2027-04-24T09:00:00Z"),
            chrono_tz::UTC,
            &officer(),
            now,
        )
        .unwrap();
    intact(&store, "snoozing");
    store.record_failed(&claimed[1..], now).unwrap();
    intact(&store, "recording a failed notification");
    store
        .mark_done(&own.id, "Sent to the board", &officer(), now)
        .unwrap();
    intact(&store, "marking done");
    store
        .answer(
            "dora.financial-entity",
            &["no".to_owned()],
            Whose::Organisation,
            &officer(),
            now,
        )
        .unwrap();
    intact(&store, "answering a question");
    (store, own.id)
}

/// Runs `sql` in Python's sqlite3 on the database in `dir`.
fn another_program(dir: &Path, sql: &[&str]) {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sqlite3, sys\n\
             db = sqlite3.connect(sys.argv[1])\n\
             for sql in sys.argv[2:]:\n    db.execute(sql)\n\
             db.commit()\n\
             db.close()",
        )
        .arg(dir.join(DATABASE_FILE))
        .args(sql)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What `verify` says after another program ran `sql` on a busy database.
fn broken_after(sql: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = busy_store(dir.path());
    drop(store);
    another_program(dir.path(), sql);
    let store = Store::open(dir.path()).unwrap();
    store
        .verify_trail()
        .unwrap()
        .broken
        .expect("the change is found")
}

#[test]
fn every_kind_of_write_keeps_the_trail_intact_and_its_head_moves() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = busy_store(dir.path());
    let (head, entries) = store.trail_head().unwrap();
    assert_eq!(head.len(), 64);
    assert!(entries > 80, "{entries}");
}

#[test]
fn a_history_row_changed_by_another_program_is_named() {
    let said = broken_after(&[
        "DROP TRIGGER history_is_append_only_update",
        "UPDATE history SET summary = 'Created, due 1 January 2030' WHERE id = 3",
    ]);
    assert_eq!(
        said,
        "history row 3 differs from trail entry 3: it was changed after it was written"
    );
}

#[test]
fn a_removed_reminder_row_and_an_inserted_history_row_are_named() {
    let removed = broken_after(&["DELETE FROM reminder_log WHERE action = 'snoozed'"]);
    assert!(
        removed.starts_with("reminder-log row ") && removed.ends_with("is gone: it was removed"),
        "{removed}"
    );
    let inserted = broken_after(&[
        "INSERT INTO history (deadline_id, at, actor, via, action, summary) \
         SELECT id, '2027-01-01T00:00:00.000Z', 'officer', 'window', 'status', 'Marked done' \
         FROM deadline LIMIT 1",
    ]);
    assert!(
        inserted.ends_with("is not in the trail: it was inserted around Docket"),
        "{inserted}"
    );
}

#[test]
fn an_entry_changed_or_removed_in_the_trail_itself_is_named() {
    let changed = broken_after(&[
        "DROP TRIGGER trail_is_append_only_update",
        "UPDATE trail SET content = replace(content, 'Board report', 'Board memo') \
         WHERE seq = (SELECT max(seq) FROM trail WHERE content LIKE '%Board report%')",
    ]);
    assert!(
        changed.starts_with("trail entry ") && changed.contains("does not match its hash"),
        "{changed}"
    );
    let removed = broken_after(&[
        "DROP TRIGGER trail_is_append_only_delete",
        "DELETE FROM trail WHERE seq = 10",
    ]);
    assert_eq!(
        removed,
        "trail entry 10 is missing: it was removed (the next is 11)"
    );
}

#[test]
fn the_daily_check_tells_a_break_once_in_the_window_and_by_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = busy_store(dir.path());
    let now = at("2027-05-01T09:00:00Z");
    store.claim_notices(now).unwrap();
    assert_eq!(store.check_trail_and_report(now).unwrap(), None);
    drop(store);
    another_program(
        dir.path(),
        &[
            "DROP TRIGGER history_is_append_only_delete",
            "DELETE FROM history WHERE id = 2",
        ],
    );
    let mut store = Store::open(dir.path()).unwrap();
    let said = store.check_trail_and_report(now).unwrap().unwrap();
    assert!(
        said.contains("history row 2 (trail entry 2) is gone: it was removed"),
        "{said}"
    );
    assert_eq!(
        store.startup_problem().unwrap().as_deref(),
        Some(said.as_str())
    );
    let notices: Vec<String> = store
        .claim_notices(now)
        .unwrap()
        .into_iter()
        .map(|n| n.text)
        .collect();
    assert_eq!(notices, ["Docket's audit trail was changed outside Docket"]);
    // The next day's check finds the same break and does not tell it again.
    store.check_trail_and_report(now).unwrap().unwrap();
    assert!(store.claim_notices(now).unwrap().is_empty());
}

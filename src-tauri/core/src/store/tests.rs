use crate::error::Coded;
use std::collections::HashSet;
use std::os::unix::fs::PermissionsExt;

use chrono::{DateTime, Utc};

use super::*;
use crate::model::{Actor, DeadlineFields, Status};
use crate::reminders::{plan, ReminderSettings};
use crate::time::from_stored;

fn at(s: &str) -> DateTime<Utc> {
    from_stored(s).expect("valid instant in test")
}

fn officer() -> Actor {
    Actor {
        user: "officer".to_owned(),
        via: "test".to_owned(),
    }
}

fn fields(title: &str, due: &str) -> DeadlineFields {
    DeadlineFields {
        title: Some(title.to_owned()),
        due_date: Some(due.to_owned()),
        ..DeadlineFields::default()
    }
}

#[test]
fn migration_files_are_numbered_in_order_and_all_applied() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/store/migrations");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = MIGRATIONS.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        on_disk, listed,
        "every migration file is listed in MIGRATIONS, in order"
    );
    for (i, name) in listed.iter().enumerate() {
        assert!(
            name.starts_with(&format!("{:04}_", i + 1)),
            "{name} is number {}",
            i + 1
        );
        assert!(name.ends_with(".sql"));
    }
    let store = Store::open_in_memory().unwrap();
    let version: u32 = store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, schema_version());
    let tables: HashSet<String> = store
        .conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in ["deadline", "history", "reminder_log", "settings", "pack"] {
        assert!(tables.contains(table), "table {table} exists");
    }
}

#[test]
fn a_new_data_dir_is_private_and_the_database_is_in_wal_mode() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    let store = Store::open(&dir).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join(DATABASE_FILE)), 0o600);
    let journal: String = store
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let fk: i64 = store
        .conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn a_database_with_a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        store
            .conn
            .pragma_update(None, "user_version", schema_version() + 1)
            .unwrap();
        store
            .conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let file = dir.path().join(DATABASE_FILE);
    let before = std::fs::read(&file).unwrap();
    let err = Store::open(dir.path()).err().expect("refused");
    assert!(matches!(err, StoreError::NewerSchema { .. }));
    assert!(err.to_string().contains("newer version of Docket"), "{err}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the file is byte-for-byte unchanged"
    );
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(DATABASE_FILE);
    std::fs::write(
        &file,
        b"these are not the bytes of an SQLite database, not at all",
    )
    .unwrap();
    let err = Store::open(dir.path()).err().expect("refused");
    assert!(err.is_unavailable());
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
    assert!(err.to_string().contains("is damaged"), "{err}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        b"these are not the bytes of an SQLite database, not at all"
    );
    // Set aside, it is kept byte for byte under a name of its own.
    let aside = Store::set_aside(dir.path(), at("2026-12-01T09:00:00Z")).unwrap();
    assert_eq!(
        aside.file_name().unwrap(),
        "docket.sqlite3.corrupt-20261201T090000Z"
    );
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        b"these are not the bytes of an SQLite database, not at all"
    );
    assert!(!file.exists());
}

#[test]
fn a_database_cut_short_is_found_damaged() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path()).unwrap();
        store
            .install_embedded_packs(at("2026-12-01T07:00:00Z"))
            .unwrap();
        store
            .conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    let file = dir.path().join(DATABASE_FILE);
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    let err = Store::open(dir.path()).err().expect("refused");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
}

#[test]
fn damage_deep_in_the_file_is_found_by_the_full_check_marked_and_set_aside_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-12-01T09:00:00Z");
    {
        let mut store = Store::open(dir.path()).unwrap();
        for i in 0..400 {
            let mut f = fields(&format!("Deadline {i}"), "2027-03-01");
            f.description = Some("x".repeat(400));
            store.add(&f, "UTC", &officer(), now).unwrap();
        }
        store
            .conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    // Spoil pages in the middle of the file, far from the schema.
    let file = dir.path().join(DATABASE_FILE);
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2 / 4096 * 4096;
    for b in &mut bytes[middle..middle + 8192] {
        *b ^= 0x5a;
    }
    std::fs::write(&file, &bytes).unwrap();

    // Opening stays quick and does not see it; the full check does.
    let mut store = Store::open(dir.path()).expect("opens");
    let sentence = store
        .check_and_mark(dir.path(), now)
        .unwrap()
        .expect("found damaged");
    assert!(sentence.contains("is damaged"), "{sentence}");
    assert!(sentence.contains("Quit Docket"), "{sentence}");
    assert!(dir.path().join(DAMAGED_MARK).exists());
    drop(store);
    let spoiled = std::fs::read(&file).unwrap();

    // The next start checks in full, sets the file aside unchanged and starts afresh.
    let (store, said) = Store::open_or_set_aside(dir.path(), now).unwrap();
    assert!(said.expect("a sentence").contains("was damaged"));
    assert!(store.list(&ListFilter::default()).unwrap().is_empty());
    assert!(!dir.path().join(DAMAGED_MARK).exists());
    let aside = dir.path().join("docket.sqlite3.corrupt-20261201T090000Z");
    assert_eq!(std::fs::read(&aside).unwrap(), spoiled);
}

#[test]
fn a_sound_database_passes_the_full_check_and_a_stale_mark_is_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-12-01T09:00:00Z");
    let mut store = Store::open(dir.path()).unwrap();
    store
        .add(&fields("Sound", "2027-03-01"), "UTC", &officer(), now)
        .unwrap();
    assert_eq!(store.check_and_mark(dir.path(), now).unwrap(), None);
    assert!(!dir.path().join(DAMAGED_MARK).exists());
    drop(store);
    std::fs::write(dir.path().join(DAMAGED_MARK), "stale").unwrap();
    let (store, said) = Store::open_or_set_aside(dir.path(), now).unwrap();
    assert_eq!(said, None);
    assert_eq!(store.list(&ListFilter::default()).unwrap().len(), 1);
    assert!(!dir.path().join(DAMAGED_MARK).exists());
}

#[test]
fn adding_editing_moving_and_completing_are_all_in_the_history() {
    let mut store = Store::open_in_memory().unwrap();
    let created = store
        .add(
            &fields("Quarterly AI inventory", "2027-03-31"),
            "Europe/Brussels",
            &officer(),
            at("2027-01-01T09:00:00Z"),
        )
        .unwrap();
    assert_eq!(created.tz, "Europe/Brussels");
    assert_eq!((created.revision, created.due_revision), (1, 0));

    let edit = DeadlineFields {
        owner: Some("Ana".to_owned()),
        ..DeadlineFields::default()
    };
    let edited = store
        .edit(&created.id, &edit, &officer(), at("2027-01-02T09:00:00Z"))
        .unwrap();
    assert_eq!((edited.revision, edited.due_revision), (2, 0));
    assert_eq!(edited.due_changed_at, created.due_changed_at);

    let mv = DeadlineFields {
        due_date: Some("2027-04-30".to_owned()),
        ..DeadlineFields::default()
    };
    let moved = store
        .edit(&created.id, &mv, &officer(), at("2027-01-03T09:00:00Z"))
        .unwrap();
    assert_eq!((moved.revision, moved.due_revision), (3, 1));
    assert_eq!(moved.due_changed_at, at("2027-01-03T09:00:00Z"));

    let done = store
        .mark_done(
            &created.id,
            "filed with the board",
            &officer(),
            at("2027-04-01T09:00:00Z"),
        )
        .unwrap();
    assert_eq!(done.status, Status::Done);
    assert_eq!(done.done_note, "filed with the board");

    let summaries: Vec<String> = store
        .history(&created.id)
        .unwrap()
        .into_iter()
        .map(|h| h.summary)
        .collect();
    assert_eq!(
        summaries,
        vec![
            "Created, due 31 March 2027",
            "Edited owner",
            "Moved from 31 March 2027 to 30 April 2027",
            "Marked done: filed with the board",
        ]
    );
}

#[test]
fn an_edit_that_changes_nothing_writes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let d = store
        .add(
            &fields("Review", "2027-03-31"),
            "UTC",
            &officer(),
            at("2027-01-01T09:00:00Z"),
        )
        .unwrap();
    let same = store
        .edit(
            &d.id,
            &fields("Review", "2027-03-31"),
            &officer(),
            at("2027-01-02T09:00:00Z"),
        )
        .unwrap();
    assert_eq!(same, d);
    assert_eq!(store.history(&d.id).unwrap().len(), 1);
}

#[test]
fn an_invalid_edit_is_refused_and_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let d = store
        .add(
            &fields("Review", "2027-03-31"),
            "UTC",
            &officer(),
            at("2027-01-01T09:00:00Z"),
        )
        .unwrap();
    let bad = DeadlineFields {
        due_date: Some("2027-02-30".to_owned()),
        ..DeadlineFields::default()
    };
    let err = store
        .edit(&d.id, &bad, &officer(), at("2027-01-02T09:00:00Z"))
        .unwrap_err();
    assert_eq!(err.field(), Some("due_date"));
    assert_eq!(store.get(&d.id).unwrap(), Some(d));
}

#[test]
fn the_history_cannot_be_changed_or_deleted() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .add(
            &fields("Review", "2027-03-31"),
            "UTC",
            &officer(),
            at("2027-01-01T09:00:00Z"),
        )
        .unwrap();
    assert!(store
        .conn
        .execute("UPDATE history SET summary = 'forged'", [])
        .is_err());
    assert!(store.conn.execute("DELETE FROM history", []).is_err());
}

#[test]
fn installing_the_embedded_pack_twice_adds_it_once_and_records_its_version() {
    let mut store = Store::open_in_memory().unwrap();
    let first = store
        .install_embedded_packs(at("2026-12-01T07:00:00Z"))
        .unwrap();
    assert_eq!((first.added, first.from_version), (46, None));
    let again = store
        .install_embedded_packs(at("2026-12-02T07:00:00Z"))
        .unwrap();
    assert_eq!(again.added, 0);
    assert_eq!(
        store.list(&ListFilter::default()).unwrap().len(),
        embedded_items()
    );
    assert_eq!(store.pack_version("ai-act").unwrap().as_deref(), Some("3"));
    // A first install is no news: nothing to tell the officer.
    assert!(store
        .claim_notices(at("2026-12-02T07:00:00Z"))
        .unwrap()
        .is_empty());
}

/// How many dated items the embedded packs hold together.
fn embedded_items() -> usize {
    crate::packs::embedded()
        .unwrap()
        .iter()
        .map(|p| p.items.len())
        .sum()
}

#[test]
fn upgrading_the_ai_act_pack_to_version_3_takes_its_corrections_and_keeps_an_edited_item() {
    let mut store = Store::open_in_memory().unwrap();
    let v3 = crate::packs::eu_ai_act().unwrap();
    let pack = Actor::current("pack");
    store
        .install_pack(&v3.as_of(2), &pack, at("2026-08-01T07:00:00Z"))
        .unwrap();
    // The officer rewrote the Annex III description in their own words.
    let edit = DeadlineFields {
        description: Some("Our CV screening must comply by then.".to_owned()),
        ..DeadlineFields::default()
    };
    store
        .edit(
            "eu-ai-act:high-risk-annex-iii",
            &edit,
            &officer(),
            at("2026-09-01T09:00:00Z"),
        )
        .unwrap();

    let report = store
        .install_pack(&v3, &pack, at("2026-12-02T07:00:00Z"))
        .unwrap();
    assert_eq!((report.from_version, report.version), (Some(2), 3));
    assert_eq!(report.added, 15);
    assert!(report.moved.is_empty(), "{:?}", report.moved);
    assert_eq!(report.conflicts, ["eu-ai-act:high-risk-annex-iii"]);
    let annex_iii = store.get("eu-ai-act:high-risk-annex-iii").unwrap().unwrap();
    assert_eq!(
        annex_iii.description,
        "Our CV screening must comply by then."
    );
    assert_eq!(annex_iii.pack_id.as_deref(), Some("ai-act"));

    // AI literacy keeps its date and names the act that changed its text.
    let literacy = store.get("eu-ai-act:ai-literacy-applies").unwrap().unwrap();
    assert_eq!(literacy.due_date.to_string(), "2025-02-02");
    assert!(
        report.updated.contains(&literacy.id),
        "{:?}",
        report.updated
    );
    let last = store.history(&literacy.id).unwrap().pop().unwrap();
    assert_eq!(last.action, "amended");
    assert!(
        last.summary
            .starts_with("Amended by the AI Omnibus (Regulation (EU) 2026/1744): "),
        "{}",
        last.summary
    );
    assert!(last.summary.contains("description"), "{}", last.summary);
    // A correction of the pack's source is taken as an edit by the pack.
    let sandboxes = store
        .get("eu-ai-act:regulatory-sandboxes")
        .unwrap()
        .unwrap();
    assert!(
        sandboxes.source_url.contains("eur-lex.europa.eu"),
        "{}",
        sandboxes.source_url
    );
    assert_eq!(store.pack_version("ai-act").unwrap().as_deref(), Some("3"));
}

#[test]
fn upgrading_the_pack_from_version_1_moves_unedited_items_and_flags_an_edited_one() {
    let mut store = Store::open_in_memory().unwrap();
    let v2 = crate::packs::eu_ai_act().unwrap().as_of(2);
    let pack = Actor::current("pack");
    let v1 = store
        .install_pack(&v2.as_of(1), &pack, at("2025-01-10T07:00:00Z"))
        .unwrap();
    assert_eq!(v1.added, 15);
    let sandboxes = store
        .get("eu-ai-act:regulatory-sandboxes")
        .unwrap()
        .unwrap();
    assert_eq!(sandboxes.due_date.to_string(), "2026-08-02");
    // The officer moves the Annex I date by hand, and gives Annex III an owner.
    let edit = DeadlineFields {
        due_date: Some("2027-06-30".to_owned()),
        ..DeadlineFields::default()
    };
    store
        .edit(
            "eu-ai-act:high-risk-annex-i",
            &edit,
            &officer(),
            at("2025-03-01T09:00:00Z"),
        )
        .unwrap();
    let owner = DeadlineFields {
        owner: Some("Ana".to_owned()),
        ..DeadlineFields::default()
    };
    store
        .edit(
            "eu-ai-act:high-risk-annex-iii",
            &owner,
            &officer(),
            at("2025-03-01T09:00:00Z"),
        )
        .unwrap();
    let before = store.get("eu-ai-act:high-risk-annex-iii").unwrap().unwrap();

    let report = store
        .install_pack(&v2, &pack, at("2026-07-28T07:00:00Z"))
        .unwrap();
    assert_eq!(report.from_version, Some(1));
    assert_eq!(report.added, 16);
    assert_eq!(
        report.moved,
        [
            "eu-ai-act:regulatory-sandboxes",
            "eu-ai-act:high-risk-annex-iii"
        ]
    );
    assert_eq!(report.conflicts, ["eu-ai-act:high-risk-annex-i"]);

    let annex_iii = store.get("eu-ai-act:high-risk-annex-iii").unwrap().unwrap();
    assert_eq!(annex_iii.due_date.to_string(), "2027-12-02");
    assert_eq!(annex_iii.owner, "Ana", "the officer's owner stays");
    assert_eq!(annex_iii.due_revision, before.due_revision + 1);
    assert!(annex_iii
        .regulation
        .contains("as amended by Regulation (EU) 2026/1744"));
    let summaries: Vec<String> = store
        .history("eu-ai-act:high-risk-annex-iii")
        .unwrap()
        .into_iter()
        .map(|h| h.summary)
        .collect();
    assert_eq!(
        summaries[2..],
        [
            "Moved from 2 August 2026 to 2 December 2027 by the AI Omnibus (Regulation (EU) 2026/1744)",
            "Edited regulation, description",
        ]
    );
    // The edited one is unchanged and waits for review.
    let annex_i = store.get("eu-ai-act:high-risk-annex-i").unwrap().unwrap();
    assert_eq!(annex_i.due_date.to_string(), "2027-06-30");
    let conflicts = store.pack_conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert!(
        conflicts[0]
            .summary
            .contains("moves this deadline from 30 June 2027 to 2 August 2028"),
        "{}",
        conflicts[0].summary
    );
    // One notice, once.
    let notices = store.claim_notices(at("2026-07-28T07:01:00Z")).unwrap();
    let texts: Vec<&str> = notices.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(
        texts,
        ["EU AI Act pack: 2 deadlines moved; 1 you edited kept as they are, to review"]
    );
    assert!(store
        .claim_notices(at("2026-07-28T07:02:00Z"))
        .unwrap()
        .is_empty());
    // One that could not be shown is claimed again later.
    store.release_notice(notices[0].id).unwrap();
    assert_eq!(
        store
            .claim_notices(at("2026-07-28T07:03:00Z"))
            .unwrap()
            .len(),
        1
    );
    // Taking the pack's version moves it, and says by what.
    let taken = store
        .resolve_pack_conflict(
            "eu-ai-act:high-risk-annex-i",
            true,
            &officer(),
            at("2026-07-29T09:00:00Z"),
        )
        .unwrap();
    assert_eq!(taken.due_date.to_string(), "2028-08-02");
    let summaries: Vec<String> = store
        .history("eu-ai-act:high-risk-annex-i")
        .unwrap()
        .into_iter()
        .map(|h| h.summary)
        .collect();
    assert_eq!(
        summaries[summaries.len() - 2..],
        [
            "Moved from 30 June 2027 to 2 August 2028 by the EU AI Act pack, version 2",
            "Edited regulation, description",
        ]
    );
    assert!(store.pack_conflicts().unwrap().is_empty());
    // Installing version 2 again changes nothing.
    let again = store
        .install_pack(&v2, &pack, at("2026-07-30T07:00:00Z"))
        .unwrap();
    assert_eq!((again.added, again.moved.len()), (0, 0));
}

#[test]
fn a_moved_pack_item_keeps_its_original_date_and_says_what_moved_it() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .install_embedded_packs(at("2026-12-01T07:00:00Z"))
        .unwrap();
    let d = store.get("eu-ai-act:high-risk-annex-iii").unwrap().unwrap();
    assert_eq!(d.due_date.to_string(), "2027-12-02");
    assert_eq!(
        d.original_due_date.map(|d| d.to_string()).as_deref(),
        Some("2026-08-02")
    );
    assert_eq!(d.due_revision, 1);
    assert_eq!(d.tz, "Europe/Brussels");
    let history = store.history(&d.id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].action, "amended");
    assert_eq!(
        history[1].summary,
        "Moved from 2 August 2026 to 2 December 2027 by the AI Omnibus (Regulation (EU) 2026/1744)"
    );
}

#[test]
fn a_claimed_occurrence_is_never_claimed_again_even_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2027-11-25T08:00:00Z");
    let settings = ReminderSettings::default();
    {
        let mut store = Store::open(dir.path()).unwrap();
        store
            .install_embedded_packs(at("2026-12-01T07:00:00Z"))
            .unwrap();
        let deadlines = store.list(&ListFilter::default()).unwrap();
        let p = plan(
            &deadlines,
            &store.reminder_log().unwrap(),
            &settings,
            chrono_tz::Europe::Brussels,
            now,
        );
        assert!(p
            .owed
            .iter()
            .any(|o| o.deadline_id == "eu-ai-act:high-risk-annex-iii"));
        let claimed = store
            .claim_occurrences(&p.owed, &p.superseded, reminder_log::Channel::Digest, now)
            .unwrap();
        assert_eq!(claimed.len(), p.owed.len());
        // A second claim of the same occurrences (a racing scheduler) gets none.
        let again = store
            .claim_occurrences(&p.owed, &[], reminder_log::Channel::Notification, now)
            .unwrap();
        assert!(again.is_empty());
    }
    let store = Store::open(dir.path()).unwrap();
    let deadlines = store.list(&ListFilter::default()).unwrap();
    let p = plan(
        &deadlines,
        &store.reminder_log().unwrap(),
        &settings,
        chrono_tz::Europe::Brussels,
        now,
    );
    assert!(p.owed.is_empty() && p.superseded.is_empty());
}

fn owed_at(store: &Store, now: DateTime<Utc>) -> crate::reminders::Plan {
    let deadlines = store.list(&ListFilter::default()).unwrap();
    plan(
        &deadlines,
        &store.reminder_log().unwrap(),
        &store.reminder_settings().unwrap(),
        chrono_tz::UTC,
        now,
    )
}

#[test]
fn a_reminder_that_failed_to_show_is_owed_again_and_then_claimed_once() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .add(
            &fields("Filing", "2027-03-31"),
            "UTC",
            &officer(),
            at("2027-01-01T00:00:00Z"),
        )
        .unwrap();
    let now = at("2027-03-24T09:00:00Z");
    let p = owed_at(&store, now);
    let claimed = store
        .claim_occurrences(
            &p.owed,
            &p.superseded,
            reminder_log::Channel::Notification,
            now,
        )
        .unwrap();
    assert_eq!(claimed.len(), 1);
    store.record_failed(&claimed, now).unwrap();
    let again = owed_at(&store, now);
    assert_eq!(again.owed, p.owed, "the failed reminder is owed again");
    let retried = store
        .claim_occurrences(&again.owed, &[], reminder_log::Channel::Notification, now)
        .unwrap();
    assert_eq!(retried.len(), 1);
    assert!(store
        .claim_occurrences(&again.owed, &[], reminder_log::Channel::Notification, now)
        .unwrap()
        .is_empty());
    assert!(owed_at(&store, now).owed.is_empty());
}

#[test]
fn a_snoozed_reminder_is_owed_once_more_at_its_time_and_the_snooze_is_in_the_history() {
    let mut store = Store::open_in_memory().unwrap();
    let d = store
        .add(
            &fields("Filing", "2027-03-31"),
            "UTC",
            &officer(),
            at("2027-01-01T00:00:00Z"),
        )
        .unwrap();
    let now = at("2027-03-24T09:00:00Z");
    let p = owed_at(&store, now);
    store
        .claim_occurrences(
            &p.owed,
            &p.superseded,
            reminder_log::Channel::Notification,
            now,
        )
        .unwrap();
    let until = at("2027-03-25T09:00:00Z");
    store
        .snooze(
            &p.owed[0].key(),
            until,
            chrono_tz::Europe::Brussels,
            &officer(),
            now,
        )
        .unwrap();
    assert!(owed_at(&store, at("2027-03-25T08:59:00Z")).owed.is_empty());
    let due = owed_at(&store, until);
    assert_eq!(due.owed.len(), 1);
    assert!(due.owed[0].snoozed);
    let claimed = store
        .claim_occurrences(&due.owed, &[], reminder_log::Channel::Notification, until)
        .unwrap();
    assert_eq!(claimed.len(), 1);
    assert!(owed_at(&store, at("2027-03-25T10:00:00Z")).owed.is_empty());
    let last = store.history(&d.id).unwrap().pop().unwrap();
    assert_eq!(
        last.summary, "Snoozed the reminder 7 days before until 25 March 2027 10:00 CET",
        "said on the officer's clock, as the rest of the history"
    );
}

#[test]
fn marking_done_from_a_reminder_completes_the_deadline_and_logs_the_action() {
    let mut store = Store::open_in_memory().unwrap();
    let d = store
        .add(
            &fields("Filing", "2027-03-31"),
            "UTC",
            &officer(),
            at("2027-01-01T00:00:00Z"),
        )
        .unwrap();
    let now = at("2027-03-24T09:00:00Z");
    let p = owed_at(&store, now);
    store
        .claim_occurrences(
            &p.owed,
            &p.superseded,
            reminder_log::Channel::Notification,
            now,
        )
        .unwrap();
    store
        .record_reminder_action(
            &p.owed[0].key(),
            reminder_log::ReminderAction::Done,
            &officer(),
            now,
        )
        .unwrap();
    assert_eq!(store.get(&d.id).unwrap().unwrap().status, Status::Done);
    let action: String = store
        .conn
        .query_row(
            "SELECT action FROM reminder_log WHERE lead = '7d'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(action, "done");
    assert!(
        owed_at(&store, at("2027-03-31T09:00:00Z")).owed.is_empty(),
        "a done deadline owes nothing more"
    );
}

#[test]
fn pausing_is_remembered_until_it_ends() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .set_paused_until(Some(at("2027-01-01T10:00:00Z")))
        .unwrap();
    assert_eq!(
        store.paused_until(at("2027-01-01T09:00:00Z")).unwrap(),
        Some(at("2027-01-01T10:00:00Z"))
    );
    assert_eq!(
        store.paused_until(at("2027-01-01T10:00:00Z")).unwrap(),
        None
    );
    store.set_paused_until(None).unwrap();
    assert_eq!(
        store.paused_until(at("2027-01-01T09:00:00Z")).unwrap(),
        None
    );
}

#[test]
fn a_version_1_database_upgrades_with_its_reminder_log_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0].1).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            "INSERT INTO deadline (id, title, kind, due_date, tz, created_at, updated_at, due_changed_at) \
             VALUES ('d1', 'Filing', 'internal', '2027-03-31', 'UTC', '2027-01-01T00:00:00.000Z', \
                     '2027-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'); \
             INSERT INTO reminder_log (deadline_id, lead, due_revision, fire_at, recorded_at, outcome, channel, action, snooze_until) \
             VALUES ('d1', '7d', 0, '2027-03-24T09:00:00.000Z', '2027-03-24T09:00:01.000Z', 'delivered', 'notification', 'snoozed', '2027-03-25T09:00:00.000Z');",
        )
        .unwrap();
    }
    let mut store = Store::open(dir.path()).unwrap();
    let version: u32 = store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, schema_version());
    let log = store.reminder_log().unwrap();
    let key = crate::reminders::OccurrenceKey {
        deadline_id: "d1".to_owned(),
        lead: crate::model::LeadTime::Days(7),
        due_revision: 0,
    };
    assert_eq!(log.snoozed_until(&key), Some(at("2027-03-25T09:00:00Z")));
    store
        .record_reminder_action(
            &key,
            reminder_log::ReminderAction::Opened,
            &officer(),
            at("2027-03-25T10:00:00Z"),
        )
        .unwrap();
    assert_eq!(
        store.history("d1").unwrap().last().unwrap().summary,
        "Opened from the reminder 7 days before"
    );
}

#[test]
fn waiving_needs_a_reason_and_reopening_and_deleting_are_recorded_and_undone() {
    let mut store = Store::open_in_memory().unwrap();
    let now = at("2027-01-01T09:00:00Z");
    let d = store
        .add(
            &fields("Vendor audit", "2027-03-31"),
            "UTC",
            &officer(),
            now,
        )
        .unwrap();
    assert_eq!(
        store
            .waive(&d.id, "  ", &officer(), now)
            .unwrap_err()
            .field(),
        Some("reason")
    );
    let waived = store
        .waive(&d.id, "Vendor left the programme", &officer(), now)
        .unwrap();
    assert_eq!(
        (waived.status, waived.done_note.as_str()),
        (Status::Waived, "Vendor left the programme")
    );
    assert!(
        owed_at(&store, at("2027-03-24T09:00:00Z")).owed.is_empty(),
        "a waived deadline owes nothing"
    );
    let reopened = store.reopen(&d.id, &officer(), now).unwrap();
    assert_eq!(reopened.status, Status::Open);
    assert_eq!(
        owed_at(&store, at("2027-03-24T09:00:00Z")).owed.len(),
        1,
        "reopened, its reminders are owed again"
    );

    store.delete(&d.id, &officer(), now).unwrap();
    assert!(store
        .list(&ListFilter::default())
        .unwrap()
        .iter()
        .all(|x| x.id != d.id));
    assert!(
        owed_at(&store, at("2027-03-24T09:00:00Z")).owed.is_empty(),
        "a deleted deadline owes nothing"
    );
    store.restore(&d.id, &officer(), now).unwrap();
    assert!(store
        .list(&ListFilter::default())
        .unwrap()
        .iter()
        .any(|x| x.id == d.id));

    let summaries: Vec<String> = store
        .history(&d.id)
        .unwrap()
        .into_iter()
        .map(|h| h.summary)
        .collect();
    assert_eq!(
        summaries,
        vec![
            "Created, due 31 March 2027",
            "Waived: Vendor left the programme",
            "Reopened",
            "Deleted",
            "Restored after being deleted",
        ]
    );
    let copy = store
        .duplicate(&d.id, &officer(), at("2027-01-02T09:00:00Z"))
        .unwrap();
    assert_ne!(copy.id, d.id);
    assert_eq!(
        (copy.title.as_str(), copy.due_date),
        ("Vendor audit (copy)", d.due_date)
    );
    assert_eq!(copy.status, Status::Open);
}

#[test]
fn reminder_settings_are_validated_and_change_the_plan() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(
        store
            .set_reminder_settings("3x", "09:00")
            .unwrap_err()
            .field(),
        Some("default_lead_times")
    );
    assert_eq!(
        store
            .set_reminder_settings("", "09:00")
            .unwrap_err()
            .field(),
        Some("default_lead_times")
    );
    assert_eq!(
        store
            .set_reminder_settings("7d", "25:00")
            .unwrap_err()
            .field(),
        Some("reminder_time")
    );
    assert_eq!(
        store.reminder_settings().unwrap(),
        ReminderSettings::default(),
        "a refused change changes nothing"
    );

    let saved = store.set_reminder_settings("14d, 1d", "07:30").unwrap();
    assert_eq!(
        crate::model::LeadTime::format_list(&saved.default_leads),
        "14d,1d"
    );
    store
        .add(
            &fields("Filing", "2027-03-31"),
            "UTC",
            &officer(),
            at("2027-01-01T00:00:00Z"),
        )
        .unwrap();
    let p = owed_at(&store, at("2027-03-17T07:30:00Z"));
    assert_eq!(p.owed.len(), 1);
    assert_eq!(p.owed[0].lead, crate::model::LeadTime::Days(14));
    assert_eq!(p.next_wake, Some(at("2027-03-30T07:30:00Z")));
}

#[test]
fn the_first_screen_is_the_earliest_open_deadlines_from_a_date() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .install_embedded_packs(at("2026-12-01T07:00:00Z"))
        .unwrap();
    let from = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let all_open: Vec<String> = store
        .list(&ListFilter {
            status: Some(Status::Open),
            due_from: Some(from),
            ..ListFilter::default()
        })
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    let first: Vec<String> = store
        .list(&ListFilter {
            status: Some(Status::Open),
            due_from: Some(from),
            limit: Some(3),
            ..ListFilter::default()
        })
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert!(all_open.len() > 3);
    assert_eq!(first, all_open[..3]);
}

#[test]
fn marking_a_repeating_deadline_done_moves_it_to_its_next_occurrence_with_history() {
    let mut store = Store::open_in_memory().unwrap();
    let mut f = fields("Quarterly AI risk report", "2027-03-31");
    f.recurrence = Some("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1;COUNT=2".to_owned());
    let d = store
        .add(
            &f,
            "Europe/Brussels",
            &officer(),
            at("2027-01-10T09:00:00Z"),
        )
        .unwrap();
    let done = store
        .mark_done(
            &d.id,
            "sent to the board",
            &officer(),
            at("2027-03-30T09:00:00Z"),
        )
        .unwrap();
    assert_eq!(done.status, Status::Open);
    assert_eq!(done.due_date.to_string(), "2027-06-30");
    assert_eq!(
        done.recurrence.as_deref(),
        Some("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1;COUNT=1")
    );
    assert_eq!(done.due_revision, d.due_revision + 1);
    assert_eq!(done.due_changed_at, at("2027-03-30T09:00:00Z"));
    // The last of the series is done for good.
    let last = store
        .mark_done(&d.id, "", &officer(), at("2027-06-29T09:00:00Z"))
        .unwrap();
    assert_eq!(last.status, Status::Done);
    assert_eq!(last.due_date.to_string(), "2027-06-30");
    let summaries: Vec<String> = store
        .history(&d.id)
        .unwrap()
        .into_iter()
        .map(|h| h.summary)
        .collect();
    assert_eq!(
        summaries,
        [
            "Created, due 31 March 2027",
            "Done for 31 March 2027: sent to the board; next due 30 June 2027",
            "Marked done",
        ]
    );
    // Reminders follow the new occurrence: its 7-day stage is owed before it.
    let settings = ReminderSettings::default();
    let open = store.list(&ListFilter::default()).unwrap();
    let _ = open;
    let p = plan(
        &[done],
        &store.reminder_log().unwrap(),
        &settings,
        chrono_tz::Europe::Brussels,
        at("2027-06-23T08:00:00Z"),
    );
    assert!(
        p.owed
            .iter()
            .any(|o| o.stage == "7 days before" && o.due_date.to_string() == "2027-06-30"),
        "{:?}",
        p.owed
    );
}

#[test]
fn a_rule_docket_cannot_follow_is_refused_with_the_field_named() {
    let mut store = Store::open_in_memory().unwrap();
    let mut f = fields("Monthly", "2027-03-31");
    f.recurrence = Some("FREQ=MONTHLY;BYSETPOS=-1".to_owned());
    let err = store
        .add(&f, "UTC", &officer(), at("2027-01-10T09:00:00Z"))
        .unwrap_err();
    assert_eq!(err.field(), Some("recurrence"));
    assert!(
        err.to_string().contains("BYSETPOS is not supported"),
        "{err}"
    );
}

#[test]
fn daily_backups_keep_the_last_7_days_and_3_months_each_a_whole_private_copy() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store
        .install_embedded_packs(at("2026-10-01T07:00:00Z"))
        .unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    for day in 0..75 {
        let today = start + chrono::Days::new(day);
        store.daily_backup(dir.path(), today).unwrap();
        // A second wake the same day takes nothing new.
        assert!(store.daily_backup(dir.path(), today).unwrap().is_empty());
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "daily-2026-12-08.sqlite3",
            "daily-2026-12-09.sqlite3",
            "daily-2026-12-10.sqlite3",
            "daily-2026-12-11.sqlite3",
            "daily-2026-12-12.sqlite3",
            "daily-2026-12-13.sqlite3",
            "daily-2026-12-14.sqlite3",
            "monthly-2026-10.sqlite3",
            "monthly-2026-11.sqlite3",
            "monthly-2026-12.sqlite3",
        ]
    );
    let backups = dir.path().join("backups");
    assert_eq!(
        std::fs::metadata(&backups).unwrap().permissions().mode() & 0o777,
        0o700
    );
    let newest = backups.join("daily-2026-12-14.sqlite3");
    assert_eq!(
        std::fs::metadata(&newest).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // A backup is a whole database with the same content.
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(&newest, copy.path().join(DATABASE_FILE)).unwrap();
    let restored = Store::open(copy.path()).unwrap();
    assert_eq!(
        restored.list(&ListFilter::default()).unwrap().len(),
        embedded_items()
    );
    assert_eq!(restored.health(copy.path()).unwrap().integrity, "ok");
}

/// Runs `sql` in another program (Python's sqlite3) on the database in
/// `dir`, which then closes it; what the last statement read.
fn another_program(dir: &Path, sql: &[&str]) -> String {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sqlite3, sys\n\
             db = sqlite3.connect(sys.argv[1])\n\
             for sql in sys.argv[2:]:\n    rows = db.execute(sql).fetchall()\n\
             db.commit()\n\
             db.close()\n\
             print(rows)",
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
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn another_program_writes(dir: &Path) {
    another_program(
        dir,
        &["UPDATE settings SET value = value WHERE key = 'reminder_time'"],
    );
}

#[test]
fn a_database_reopened_keeps_its_lock_so_that_other_programs_see_what_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-12-01T09:00:00Z");
    Store::open(dir.path())
        .unwrap()
        .add(&fields("Before", "2027-01-01"), "UTC", &officer(), now)
        .unwrap();
    // The first open in the process of a database in WAL mode, header check
    // and all. Had it dropped SQLite's shared lock, the other program's
    // close would take itself for the last connection and delete the
    // write-ahead log that this store goes on writing to, unseen.
    let mut store = Store::open(dir.path()).unwrap();
    another_program_writes(dir.path());
    store
        .add(&fields("After", "2027-01-02"), "UTC", &officer(), now)
        .unwrap();
    assert_eq!(
        another_program(
            dir.path(),
            &["SELECT title FROM deadline WHERE title IN ('Before', 'After') ORDER BY title"]
        ),
        "[('After',), ('Before',)]"
    );
    assert!(
        std::fs::metadata(dir.path().join(format!("{DATABASE_FILE}-wal"))).is_ok(),
        "the log stays while a connection is open"
    );
}

#[test]
fn a_second_store_in_the_process_keeps_the_first_ones_locks_from_other_programs() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-12-01T09:00:00Z");
    let mut first = Store::open(dir.path()).unwrap();
    first
        .add(&fields("Held open", "2027-01-01"), "UTC", &officer(), now)
        .unwrap();
    let mut second = Store::open(dir.path()).unwrap();
    second
        .add(&fields("Second", "2027-01-02"), "UTC", &officer(), now)
        .unwrap();
    drop(second);
    // Another program opens the database, writes and closes. Had this
    // process lost its locks, it would take itself for the last connection
    // and reset the write-ahead log that `first` still reads.
    another_program_writes(dir.path());
    first
        .add(&fields("After", "2027-01-03"), "UTC", &officer(), now)
        .unwrap();
    let titles: Vec<String> = first
        .list(&ListFilter::default())
        .unwrap()
        .into_iter()
        .map(|d| d.title)
        .collect();
    for t in ["Held open", "Second", "After"] {
        assert!(titles.contains(&t.to_owned()), "{t} in {titles:?}");
    }
    assert_eq!(first.check_integrity().unwrap(), None);
    assert!(
        std::fs::metadata(dir.path().join(format!("{DATABASE_FILE}-wal"))).is_ok(),
        "the log stays while a connection is open"
    );
}

#[test]
fn news_cannot_be_marked_done_and_the_refusal_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .install_embedded_packs(at("2026-12-01T07:00:00Z"))
        .unwrap();
    let id = "eu-ai-act:meta-refuses";
    let before = store.get(id).unwrap().unwrap();
    assert!(!before.task);
    let err = store
        .mark_done(id, "noted", &officer(), at("2026-12-02T09:00:00Z"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "“Meta refuses to sign the GPAI Code” is to know, not to do: there is nothing to mark done."
    );
    assert_eq!(store.get(id).unwrap().unwrap(), before);
    // An obligation the pack dates can still be confirmed as met.
    let fact = store.get("eu-ai-act:prohibitions-apply").unwrap().unwrap();
    assert!(!fact.task && fact.takes_done());
}

//! A database of every schema version Docket has shipped upgrades to the
//! current one with its data intact (fixtures in tests/fixtures, built by
//! tests/fixtures/make-schema-fixtures.py).

use std::path::Path;

use crate::support::{docketctl, docketctl_json};
use serde_json::Value;

fn upgraded(version: u32) -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/fixtures/schema-{version}.sqlite3"));
    std::fs::copy(&fixture, data.path().join("docket.sqlite3")).unwrap();
    let check = docketctl_json(data.path(), &["check", "--json"]);
    assert_eq!(check["integrity"], "ok");
    let db = rusqlite::Connection::open(data.path().join("docket.sqlite3")).unwrap();
    let schema: u32 = db
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        schema,
        check["schema"].as_u64().unwrap() as u32,
        "upgraded to the current schema"
    );
    // The rows written before the trail existed are its first entries.
    let verified = docketctl_json(data.path(), &["verify", "--json"]);
    assert_eq!(verified["broken"], Value::Null, "{verified}");
    assert!(verified["entries"].as_i64().unwrap() > 0);
    data
}

fn find<'a>(list: &'a [Value], id: &str) -> &'a Value {
    list.iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("{id} is kept"))
}

/// What every version's database holds after the upgrade.
fn assert_first_version_data(data: &Path) {
    let all = docketctl_json(data, &["list", "--status", "all", "--json"]);
    let all = all.as_array().unwrap();
    let own = find(all, "OWN1");
    assert_eq!(
        (
            own["title"].as_str(),
            own["owner"].as_str(),
            own["due_time"].as_str(),
            own["tz"].as_str()
        ),
        (
            Some("Board report, Q1"),
            Some("Ana"),
            Some("17:00"),
            Some("Europe/Brussels")
        )
    );
    assert_eq!(own["lead_times"], serde_json::json!(["7d", "2h"]));
    let done = find(all, "DONE1");
    assert_eq!(
        (done["status"].as_str(), done["done_note"].as_str()),
        (Some("done"), Some("Filed in the DMS"))
    );
    let annex = find(all, "eu-ai-act:high-risk-annex-iii");
    assert_eq!(
        (
            annex["due_date"].as_str(),
            annex["original_due_date"].as_str()
        ),
        (Some("2027-12-02"), Some("2026-08-02"))
    );
    let history = docketctl_json(data, &["history", "OWN1", "--json"]);
    assert_eq!(
        crate::support::summaries(&history).first().copied(),
        Some("Created, due 31 March 2027 at 17:00 (Europe/Brussels)")
    );
    let history = docketctl_json(data, &["history", "DONE1", "--json"]);
    assert_eq!(
        crate::support::summaries(&history)[..2],
        ["Created, due 20 May 2026", "Marked done: Filed in the DMS"]
    );
    let db = rusqlite::Connection::open(data.join("docket.sqlite3")).unwrap();
    let snoozed: String = db
        .query_row(
            "SELECT snooze_until FROM reminder_log WHERE deadline_id = 'eu-ai-act:high-risk-annex-iii' AND lead = '90d'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(snoozed, "2027-09-04T07:00:00Z");
    let time: String = db
        .query_row(
            "SELECT value FROM settings WHERE key = 'reminder_time'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(time, "08:30");
    let found = docketctl_json(data, &["search", "board report", "--json"]);
    assert!(
        found.as_array().unwrap().iter().any(|h| h["id"] == "OWN1"),
        "{found}"
    );
}

fn assert_opened_reminder(data: &Path) {
    let db = rusqlite::Connection::open(data.join("docket.sqlite3")).unwrap();
    let action: String = db
        .query_row(
            "SELECT action FROM reminder_log WHERE deadline_id = 'OWN1' AND lead = '7d'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(action, "opened");
}

fn assert_deleted_is_restorable(data: &Path) {
    let open = docketctl_json(data, &["list", "--status", "all", "--json"]);
    assert!(!open.as_array().unwrap().iter().any(|d| d["id"] == "DEL1"));
    let out = docketctl(data, "UTC", &["undelete", "DEL1"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn assert_uid_kept(data: &Path) {
    let out = docketctl(data, "UTC", &["export"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("UID:audit-1@example.org"));
}

fn assert_recurrence_kept(data: &Path) {
    let all = docketctl_json(data, &["list", "--json"]);
    assert_eq!(
        find(all.as_array().unwrap(), "REP1")["recurrence"],
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"
    );
}

fn assert_conflict_kept(data: &Path) {
    let conflicts = docketctl_json(data, &["pack", "conflicts", "--json"]);
    assert!(
        conflicts
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["deadline_id"] == "OWN1"),
        "{conflicts}"
    );
}

#[test]
fn a_schema_1_database_upgrades_with_its_data() {
    assert_first_version_data(upgraded(1).path());
}

#[test]
fn a_schema_2_database_upgrades_with_its_data() {
    let data = upgraded(2);
    assert_first_version_data(data.path());
    assert_opened_reminder(data.path());
}

#[test]
fn a_schema_3_database_upgrades_with_its_data() {
    let data = upgraded(3);
    assert_first_version_data(data.path());
    assert_opened_reminder(data.path());
}

#[test]
fn a_schema_4_database_upgrades_with_its_data() {
    let data = upgraded(4);
    assert_first_version_data(data.path());
    assert_deleted_is_restorable(data.path());
}

#[test]
fn a_schema_5_database_upgrades_with_its_data() {
    let data = upgraded(5);
    assert_first_version_data(data.path());
    assert_uid_kept(data.path());
}

#[test]
fn a_schema_6_database_upgrades_with_its_data() {
    let data = upgraded(6);
    assert_first_version_data(data.path());
    assert_recurrence_kept(data.path());
    assert_uid_kept(data.path());
}

#[test]
fn a_schema_7_database_upgrades_with_its_data() {
    let data = upgraded(7);
    assert_first_version_data(data.path());
    assert_opened_reminder(data.path());
    assert_deleted_is_restorable(data.path());
    assert_recurrence_kept(data.path());
    assert_conflict_kept(data.path());
}

fn assert_sync_account_kept(data: &Path) {
    let accounts = docketctl_json(data, &["account", "list", "--json"]);
    let team = &accounts.as_array().unwrap()[0];
    assert_eq!(
        (team["name"].as_str(), team["calendar_url"].as_str()),
        (Some("team"), Some("https://cal.example.org/ana/docket/"))
    );
    assert_eq!(team["conflicts"], 1, "{team}");
    let conflicts = docketctl_json(data, &["sync", "conflicts", "--json"]);
    assert_eq!(conflicts[0]["local"]["id"], "IMP1", "{conflicts}");
}

#[test]
fn a_schema_8_database_upgrades_with_its_data() {
    let data = upgraded(8);
    assert_first_version_data(data.path());
    assert_deleted_is_restorable(data.path());
    assert_conflict_kept(data.path());
    assert_sync_account_kept(data.path());
}

#[test]
fn a_schema_9_database_opens_with_its_clock() {
    let data = upgraded(9);
    assert_first_version_data(data.path());
    assert_sync_account_kept(data.path());
    let clocks = docketctl_json(data.path(), &["clock", "list", "--json"]);
    let clock = &clocks.as_array().unwrap()[0];
    assert_eq!(
        (clock["id"].as_str(), clock["template"].as_str()),
        (Some("CLK1"), Some("gdpr-breach"))
    );
    assert_eq!(clock["steps"][0]["deadline_id"], "STEP1");
    // Seventy-two hours from 08:30 in Dublin (07:30 UTC) on 1 June 2026.
    assert_eq!(clock["steps"][0]["due"], "2026-06-04T07:30:00Z");
    assert_ai_act_renamed(data.path());
}

/// The AI Act pack takes its short id; its deadlines keep theirs.
fn assert_ai_act_renamed(data: &Path) {
    let packs = docketctl_json(data, &["pack", "list", "--json"]);
    let ids: Vec<&str> = packs
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"ai-act") && !ids.contains(&"eu-ai-act"),
        "{ids:?}"
    );
    let all = docketctl_json(data, &["list", "--status", "all", "--json"]);
    let annex = find(all.as_array().unwrap(), "eu-ai-act:high-risk-annex-iii");
    assert_eq!(annex["pack_id"], "ai-act");
    assert_eq!(find(all.as_array().unwrap(), "OWN1")["applies"], true);
}

#[test]
fn a_schema_10_database_keeps_its_answers_and_systems() {
    let data = upgraded(10);
    assert_first_version_data(data.path());
    assert_ai_act_renamed(data.path());
    let profile = docketctl_json(data.path(), &["profile", "show", "--json"]);
    assert_eq!(
        profile["answers"]["dora.financial-entity"],
        serde_json::json!(["no"])
    );
    assert_eq!(profile["systems"][0]["name"], "CV screening");
    assert_eq!(
        profile["systems"][0]["answers"]["ai-act.annex-iii-area"],
        serde_json::json!(["employment"])
    );
    let dora = docketctl_json(data.path(), &["list", "--applies", "no", "--json"]);
    assert!(dora
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["id"] == "dora:register-of-information-first"));
}

#[test]
fn a_schema_11_database_keeps_its_evidence_and_its_trail() {
    let data = upgraded(11);
    assert_first_version_data(data.path());
    let evidence = docketctl_json(data.path(), &["evidence", "list", "OWN1", "--json"]);
    assert_eq!(evidence[0]["name"], "Board minutes");
    assert_eq!(
        evidence[0]["url"],
        "https://dms.example.org/minutes/2027-03"
    );
}

#[test]
fn every_shipped_schema_version_has_a_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let migrations = std::fs::read_dir(root.join("../core/src/store/migrations"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "sql")
        })
        .count();
    for version in 1..=migrations {
        assert!(
            root.join(format!("tests/fixtures/schema-{version}.sqlite3")).exists(),
            "schema {version} has no fixture: run src-tauri/cli/tests/fixtures/make-schema-fixtures.py and add its test"
        );
    }
}

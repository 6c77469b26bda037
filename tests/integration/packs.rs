//! Regulation packs from the terminal, and a newer pack announced by the
//! running app once, through the real notification daemon.

use std::path::Path;
use std::time::Duration;

use docket_tests::{docketctl, docketctl_json, notification_daemon, notifications, wait_for, App};
use serde_json::Value;

/// The embedded EU AI Act pack as its next version, in which an amendment
/// moves the legacy GPAI date by six months.
fn next_version(dir: &Path) -> std::path::PathBuf {
    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/core/data/eu-ai-act.json"),
    )
    .unwrap();
    let mut pack: Value = serde_json::from_str(&shipped).unwrap();
    let next = pack["version"].as_u64().unwrap() + 1;
    pack["version"] = next.into();
    let item = pack["items"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|i| i["id"] == "gpai-legacy-models")
        .unwrap();
    item["date"] = "2028-02-02".into();
    item["amendments"] = serde_json::json!([{
        "from": "2027-08-02", "to": "2028-02-02", "by": "a test amendment",
        "adopted": "2026-11-30", "version": next
    }]);
    let path = dir.join("ai-act-next.json");
    std::fs::write(&path, serde_json::to_string_pretty(&pack).unwrap()).unwrap();
    path
}

#[test]
fn packs_are_listed_and_a_broken_pack_is_refused_with_nothing_installed() {
    let data = tempfile::tempdir().unwrap();
    let packs = docketctl_json(data.path(), &["pack", "list", "--json"]);
    let ids: Vec<&str> = packs
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    // The EU digital rulebook's packs come with the AI Act's, sorted by id.
    assert_eq!(
        ids,
        ["ai-act", "cra", "data-act", "dora", "eaa", "gdpr", "nis2", "pld"]
    );
    let ai_act = ai_act_pack(&packs);
    assert_eq!(ai_act["version"], "3");
    assert_eq!(ai_act["deadlines"], 46);
    let broken = data.path().join("broken.json");
    let shipped = std::fs::read_to_string(next_version(data.path())).unwrap();
    std::fs::write(
        &broken,
        shipped.replacen("\"2028-02-02\"", "\"2028-02-03\"", 1),
    )
    .unwrap();
    let out = docketctl(
        data.path(),
        "UTC",
        &["pack", "import", broken.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("amendments end at 2028-02-03 but its date is 2028-02-02"),
        "{stderr}"
    );
    assert!(stderr.contains("Nothing was installed"), "{stderr}");
    let after = docketctl_json(data.path(), &["pack", "list", "--json"]);
    assert_eq!(ai_act_pack(&after)["version"], "3");
}

/// The EU AI Act pack in a `pack list --json` answer.
fn ai_act_pack(packs: &serde_json::Value) -> &serde_json::Value {
    packs
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "ai-act")
        .unwrap()
}

#[test]
fn a_newer_pack_imported_while_docket_runs_moves_its_dates_and_is_announced_once() {
    let _daemon = notification_daemon();
    let data = tempfile::tempdir().unwrap();
    let mut app = App::start(data.path(), &[]);
    // Whether the app or docketctl opens the database first, the notice waits in it.
    let pack = next_version(data.path());
    let out = docketctl(
        data.path(),
        "UTC",
        &["pack", "import", pack.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        report.contains("0 added, 1 moved, 0 updated, 0 to review"),
        "{report}"
    );

    let summary = "EU AI Act pack: 1 deadline moved";
    let shown = wait_for("the pack notice", Duration::from_secs(90), || {
        let got: Vec<_> = notifications(None)
            .into_iter()
            .filter(|n| n.summary == summary)
            .collect();
        (!got.is_empty()).then_some(got)
    });
    assert_eq!(shown.len(), 1);
    assert!(shown[0].body.contains("history"), "{}", shown[0].body);
    let history = docketctl_json(
        data.path(),
        &["history", "eu-ai-act:gpai-legacy-models", "--json"],
    );
    assert_eq!(
        docket_tests::summaries(&history).last().copied(),
        Some("Moved from 2 August 2027 to 2 February 2028 by a test amendment")
    );

    // Killed and started again, the app does not announce it again.
    app.kill();
    let mut restarted = App::start(data.path(), &[]);
    std::thread::sleep(Duration::from_secs(8));
    assert!(restarted.is_running());
    let again = notifications(None)
        .into_iter()
        .filter(|n| n.summary == summary)
        .count();
    assert_eq!(again, 1, "the notice is shown once");
}

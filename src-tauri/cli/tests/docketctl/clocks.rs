//! `docketctl clock`: the JSON contract that scripts rely on, and refusals
//! that name what is wrong and store nothing. The hand-checked cases run at
//! a fixed instant, under libfaketime (Debian's `faketime`).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::docketctl;

/// docketctl at `now` (on Brussels' clock) through libfaketime. A clock
/// already moved (`make test-dates`) is not passed on: faketime inside
/// faketime would count from the moved time.
fn at_time(dir: &Path, now: &str, args: &[&str]) -> Output {
    let mut command = Command::new("faketime");
    for (key, _) in std::env::vars_os() {
        if key == "LD_PRELOAD" || key.to_string_lossy().starts_with("FAKETIME") {
            command.env_remove(key);
        }
    }
    command
        .arg(now)
        .arg(env!("CARGO_BIN_EXE_docketctl"))
        .args(args)
        .env("DOCKET_DATA_DIR", dir)
        .env("TZ", "Europe/Brussels")
        .output()
        .expect("faketime runs (scripts/setup-debian installs it)")
}

fn json_at(dir: &Path, now: &str, args: &[&str]) -> Value {
    let out = at_time(dir, now, args);
    assert!(
        out.status.success(),
        "docketctl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn step<'a>(clock: &'a Value, key: &str) -> &'a Value {
    clock["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .unwrap_or_else(|| panic!("no step {key} in {clock}"))
}

#[test]
fn an_ai_act_serious_incident_known_on_a_friday_is_due_at_the_end_of_the_monday_after_next() {
    let dir = tempfile::tempdir().unwrap();
    let clock = json_at(
        dir.path(),
        "2027-10-01 10:05:00",
        &[
            "clock",
            "start",
            "ai-act-serious-incident",
            "--at",
            "2027-10-01T10:00",
            "--tz",
            "Europe/Brussels",
            "--member-state",
            "BE",
            "--title",
            "Chatbot advice",
            "--json",
        ],
    );
    assert_eq!(clock["template"], "ai-act-serious-incident");
    assert!(clock["id"].as_str().is_some_and(|id| id.len() == 26));
    let report = step(&clock, "report");
    assert_eq!(
        report["title"],
        "Report to the market surveillance authority"
    );
    assert_eq!(
        report["due"], "2027-10-18T22:00:00Z",
        "the end of Monday 18 October, Brussels time"
    );
    assert_eq!(report["status"], "open");
    assert!(
        report["rule"]
            .as_str()
            .unwrap()
            .contains("the last day, Saturday 16 October 2027 (a weekend day), moves to Monday 18 October 2027"),
        "{report}"
    );
    // `show` gives the same, and the step is a deadline like any other.
    let id = clock["id"].as_str().unwrap();
    let shown = json_at(
        dir.path(),
        "2027-10-02 09:00:00",
        &["clock", "show", id, "--json"],
    );
    assert_eq!(step(&shown, "report")["due"], report["due"]);
    let found = json_at(
        dir.path(),
        "2027-10-02 09:00:00",
        &["search", "Chatbot advice", "--json"],
    );
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
}

#[test]
fn a_nis2_clock_plans_the_final_report_once_the_notification_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let now = "2027-06-03 12:40:00";
    let clock = json_at(
        dir.path(),
        now,
        &[
            "clock",
            "start",
            "nis2-incident",
            "--at",
            "2027-06-01T10:00",
            "--json",
        ],
    );
    assert_eq!(step(&clock, "early-warning")["due"], "2027-06-02T08:00:00Z");
    assert_eq!(step(&clock, "early-warning")["status"], "overdue");
    assert_eq!(step(&clock, "final-report")["due"], Value::Null);
    assert_eq!(step(&clock, "final-report")["status"], "waiting");
    let id = clock["id"].as_str().unwrap();
    let out = at_time(
        dir.path(),
        now,
        &[
            "clock",
            "record",
            id,
            "notification",
            "--at",
            "2027-06-03T12:30",
            "--note",
            "Sent via the portal",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = json_at(dir.path(), now, &["clock", "show", id, "--json"]);
    assert_eq!(step(&after, "notification")["status"], "submitted");
    // One month from Thursday 3 June 2027: Saturday 3 July, so Monday 5 July.
    assert_eq!(step(&after, "final-report")["due"], "2027-07-05T22:00:00Z");
    let listed = json_at(dir.path(), now, &["clock", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);

    let refused = at_time(dir.path(), now, &["clock", "close", id, "--reason", ""]);
    assert_eq!(refused.status.code(), Some(2));
    let closed = json_at(
        dir.path(),
        now,
        &[
            "clock",
            "close",
            id,
            "--reason",
            "Not significant after all",
            "--json",
        ],
    );
    assert_eq!(step(&closed, "final-report")["status"], "closed");
}

#[test]
fn templates_are_listed_with_their_events_and_steps() {
    let dir = tempfile::tempdir().unwrap();
    let out = docketctl(dir.path(), "UTC", &["clock", "templates", "--json"]);
    assert!(out.status.success());
    let templates: Value = serde_json::from_slice(&out.stdout).unwrap();
    let dora = templates
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == "dora-major-incident")
        .unwrap();
    assert_eq!(dora["events"], serde_json::json!(["aware", "classified"]));
    assert_eq!(
        dora["steps"],
        serde_json::json!(["initial", "intermediate", "final"])
    );
    assert_eq!(dora["pack"], "dora");
}

#[test]
fn bad_input_exits_2_with_a_sentence_naming_it_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let now = "2027-06-03 12:40:00";
    let cases: [(&[&str], &str); 5] = [
        (
            &["clock", "start", "gdpr-breach", "--at", "2027-02-30T10:00"],
            "Time \"2027-02-30T10:00\" (--at) is not a date and time",
        ),
        (
            &["clock", "start", "gdpr-breach", "--at", "2027-03-28T02:30"],
            "does not exist in Europe/Brussels",
        ),
        (
            &["clock", "start", "gdpr-leak", "--at", "2027-06-01T10:00"],
            "Clock template \"gdpr-leak\" is not one Docket has",
        ),
        (
            &[
                "clock",
                "start",
                "gdpr-breach",
                "--at",
                "2027-06-01T10:00",
                "--member-state",
                "XX",
            ],
            "\"XX\"",
        ),
        (
            &["clock", "start", "gdpr-breach", "--at", "2027-06-04T10:00"],
            "is in the future",
        ),
    ];
    for (args, said) in cases {
        let out = at_time(dir.path(), now, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let message = String::from_utf8_lossy(&out.stderr);
        assert!(message.contains(said), "{args:?}: {message}");
    }
    let clocks = json_at(dir.path(), now, &["clock", "list", "--json"]);
    assert_eq!(clocks, serde_json::json!([]));
    let clock = json_at(
        dir.path(),
        now,
        &[
            "clock",
            "start",
            "gdpr-breach",
            "--at",
            "2027-06-01T10:00",
            "--json",
        ],
    );
    let id = clock["id"].as_str().unwrap();
    let wrong = at_time(
        dir.path(),
        now,
        &[
            "clock",
            "record",
            id,
            "classified",
            "--at",
            "2027-06-01T11:00",
        ],
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("neither an event nor a step"));
    let unknown = at_time(dir.path(), now, &["clock", "show", "01NOSUCHCLOCK"]);
    assert_eq!(unknown.status.code(), Some(2));
}

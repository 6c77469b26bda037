//! docketctl against temporary data directories.

use crate::support::{docketctl, docketctl_json};
use serde_json::Value;

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect()
}

/// How many dated items the embedded packs hold together.
fn pack_items() -> usize {
    docket_core::packs::embedded()
        .unwrap()
        .iter()
        .map(|p| p.items.len())
        .sum()
}

#[test]
fn a_new_data_dir_lists_every_pack_item_with_its_source_once() {
    let dir = tempfile::tempdir().unwrap();
    let first = docketctl_json(dir.path(), &["list", "--json"]);
    let items = first.as_array().unwrap();
    assert_eq!(items.len(), pack_items());
    for item in items {
        for key in [
            "id",
            "title",
            "due_date",
            "due_time",
            "tz",
            "kind",
            "regulation",
            "reference",
            "source_url",
            "status",
        ] {
            assert!(item.get(key).is_some(), "{key} in {item}");
        }
        assert!(
            item["source_url"].as_str().unwrap().starts_with("https://"),
            "{item}"
        );
        assert_eq!(item["tz"], "Europe/Brussels");
    }
    let second = docketctl_json(dir.path(), &["list", "--json"]);
    assert_eq!(ids(&first), ids(&second), "a second start adds nothing");
}

#[test]
fn an_impossible_date_exits_2_naming_the_date() {
    let dir = tempfile::tempdir().unwrap();
    let out = docketctl(
        dir.path(),
        "UTC",
        &["add", "--title", "X", "--due", "2025-02-30"],
    );
    assert_eq!(out.status.code(), Some(2));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("2025-02-30") && message.contains("Due date"),
        "{message}"
    );
    assert_eq!(
        docketctl_json(dir.path(), &["list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        pack_items(),
        "nothing was added"
    );
}

#[test]
fn an_unknown_zone_and_an_empty_title_exit_2_with_the_field_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = docketctl(
        dir.path(),
        "UTC",
        &[
            "add",
            "--title",
            "X",
            "--due",
            "2027-01-01",
            "--tz",
            "Mars/Olympus",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Time zone \"Mars/Olympus\""));
    let out = docketctl(
        dir.path(),
        "UTC",
        &["add", "--title", " ", "--due", "2027-01-01"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Title must not be empty"));
}

#[test]
fn every_wrong_field_is_printed_one_a_line_the_first_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let out = docketctl(
        dir.path(),
        "UTC",
        &[
            "add",
            "--title",
            " ",
            "--due",
            "2027-02-30",
            "--tz",
            "Mars/Olympus",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "docketctl: Title must not be empty.\n\
         Due date \"2027-02-30\" is not a calendar date; use YYYY-MM-DD, for example 2027-12-02.\n\
         Time zone \"Mars/Olympus\" is not a known IANA zone name (for example Europe/Brussels).\n"
    );
    assert_eq!(
        docketctl_json(dir.path(), &["list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        pack_items(),
        "nothing was added"
    );
}

#[test]
fn tags_are_added_changed_and_cleared_and_each_change_is_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let created = docketctl_json(
        dir.path(),
        &[
            "add",
            "--title",
            "Vendor audit",
            "--due",
            "2027-05-31",
            "--tags",
            " audit, board,,audit",
            "--json",
        ],
    );
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["tags"], serde_json::json!(["audit", "board"]));

    let owner = docketctl_json(dir.path(), &["edit", id, "--owner", "Ana", "--json"]);
    assert_eq!(
        owner["tags"],
        serde_json::json!(["audit", "board"]),
        "tags not given stay as they are"
    );
    let retagged = docketctl_json(dir.path(), &["edit", id, "--tags", "audit, q1", "--json"]);
    assert_eq!(retagged["tags"], serde_json::json!(["audit", "q1"]));
    let cleared = docketctl_json(dir.path(), &["edit", id, "--tags", "", "--json"]);
    assert_eq!(cleared["tags"], serde_json::json!([]));

    let history = docketctl_json(dir.path(), &["history", id, "--json"]);
    let entries = history.as_array().unwrap();
    let created_changes = entries[0]["changes"].as_array().unwrap();
    assert!(
        created_changes.contains(&serde_json::json!({
            "field": "tags", "before": null, "after": "audit, board"
        })),
        "{created_changes:?}"
    );
    let edits: Vec<(&str, &Value)> = entries[1..]
        .iter()
        .map(|h| (h["summary"].as_str().unwrap(), &h["changes"]))
        .collect();
    assert_eq!(
        edits,
        vec![
            (
                "Edited owner",
                &serde_json::json!([{ "field": "owner", "before": null, "after": "Ana" }])
            ),
            (
                "Edited tags",
                &serde_json::json!([{ "field": "tags", "before": "audit, board", "after": "audit, q1" }])
            ),
            (
                "Edited tags",
                &serde_json::json!([{ "field": "tags", "before": "audit, q1", "after": null }])
            ),
        ]
    );
}

/// The reminders `due --at WHEN` owes for the deadline titled `title`.
fn owed_for(dir: &std::path::Path, when: &str, title: &str) -> Vec<Value> {
    docketctl_json(dir, &["due", "--at", when, "--json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["title"] == title)
        .cloned()
        .collect()
}

#[test]
fn a_deadline_owes_its_7_day_reminder_a_week_before_and_not_the_earlier_stages() {
    // Dates counted from today: a reminder is never owed from before its
    // deadline was added, so fixed dates would stop working once passed.
    let dir = tempfile::tempdir().unwrap();
    let title = "Quarterly board report";
    docketctl_json(
        dir.path(),
        &["add", "--title", title, "--due", &in_days(100), "--json"],
    );
    let week_before = in_days(93);
    let owed = owed_for(dir.path(), &week_before, title);
    assert_eq!(owed.len(), 1, "{owed:?}");
    assert_eq!(owed[0]["lead"], "7d");
    // At the reminder time, 09:00 in Brussels, on that day.
    assert!(
        owed[0]["fire_at"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{week_before}T0")),
        "{owed:?}"
    );
    // `due` is read-only: asking again owes the same.
    assert_eq!(owed_for(dir.path(), &week_before, title), owed);
}

#[test]
fn added_edited_moved_and_done_deadlines_round_trip_with_their_history() {
    let dir = tempfile::tempdir().unwrap();
    let created = docketctl_json(
        dir.path(),
        &[
            "add",
            "--title",
            "Annual AI risk review",
            "--due",
            "2027-03-31",
            "--time",
            "17:00",
            "--tz",
            "Europe/Brussels",
            "--kind",
            "internal",
            "--owner",
            "Ana",
            "--remind",
            "30d,7d,2h",
            "--json",
        ],
    );
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["due_time"], "17:00");
    assert_eq!(
        created["lead_times"],
        serde_json::json!(["30d", "7d", "2h"])
    );

    let moved = docketctl_json(dir.path(), &["edit", id, "--due", "2027-04-30", "--json"]);
    assert_eq!(moved["due_date"], "2027-04-30");
    assert_eq!(moved["due_revision"], 1);
    assert_eq!(moved["owner"], "Ana", "fields not given stay as they are");

    let done = docketctl_json(
        dir.path(),
        &["done", id, "--note", "Presented to the board", "--json"],
    );
    assert_eq!(done["status"], "done");
    assert!(!ids(&docketctl_json(dir.path(), &["list", "--json"])).contains(&id.to_owned()));
    assert!(ids(&docketctl_json(
        dir.path(),
        &["list", "--status", "done", "--json"]
    ))
    .contains(&id.to_owned()));

    let history = docketctl_json(dir.path(), &["history", id, "--json"]);
    let summaries = crate::support::summaries(&history);
    assert_eq!(
        summaries,
        vec![
            "Created, due 31 March 2027 at 17:00 (Europe/Brussels)",
            "Moved from 31 March 2027 at 17:00 (Europe/Brussels) to 30 April 2027 at 17:00 (Europe/Brussels)",
            "Marked done: Presented to the board",
        ]
    );
    assert!(history
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["via"] == "docketctl"));
}

#[test]
fn editing_an_unknown_id_exits_2_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = docketctl(dir.path(), "UTC", &["done", "no-such-id"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-id"));
}

#[test]
fn within_lists_only_what_is_due_in_that_many_days() {
    let dir = tempfile::tempdir().unwrap();
    let soon = docketctl_json(
        dir.path(),
        &["add", "--title", "Soon", "--due", &in_days(3), "--json"],
    );
    docketctl_json(
        dir.path(),
        &["add", "--title", "Later", "--due", &in_days(40), "--json"],
    );
    let within = docketctl_json(dir.path(), &["list", "--within", "10", "--json"]);
    let titles: Vec<&str> = within
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"Soon"), "{titles:?}");
    assert!(!titles.contains(&"Later"), "{titles:?}");
    assert!(ids(&within).contains(&soon["id"].as_str().unwrap().to_owned()));
}

fn in_days(days: u64) -> String {
    let out = std::process::Command::new("date")
        .args(["-d", &format!("+{days} days"), "+%Y-%m-%d"])
        .env("TZ", "UTC")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn a_database_from_a_newer_docket_exits_3_and_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    docketctl_json(dir.path(), &["list", "--json"]);
    let file = dir.path().join("docket.sqlite3");
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .unwrap();
    }
    let before = std::fs::read(&file).unwrap();
    let out = docketctl(dir.path(), "UTC", &["list"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer version of Docket"));
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_database_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("docket.sqlite3"), vec![0x5a; 4096]).unwrap();
    let out = docketctl(dir.path(), "UTC", &["list"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is damaged (file is not a database)"));
    assert_eq!(
        std::fs::read(dir.path().join("docket.sqlite3")).unwrap(),
        vec![0x5a; 4096]
    );
}

#[test]
fn done_on_a_repeating_deadline_moves_it_to_the_next_quarter() {
    let dir = tempfile::tempdir().unwrap();
    let added = docketctl_json(
        dir.path(),
        &[
            "add",
            "--title",
            "Quarterly AI risk report",
            "--due",
            "2027-03-31",
            "--repeat",
            "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
            "--json",
        ],
    );
    let id = added["id"].as_str().unwrap();
    let moved = docketctl_json(dir.path(), &["done", id, "--note", "sent", "--json"]);
    assert_eq!(moved["status"], "open");
    assert_eq!(moved["due_date"], "2027-06-30");
    let history = docketctl_json(dir.path(), &["history", id, "--json"]);
    assert_eq!(
        crate::support::summaries(&history).last().copied(),
        Some("Done for 31 March 2027: sent; next due 30 June 2027")
    );
    let refused = docketctl(
        dir.path(),
        "UTC",
        &[
            "add",
            "--title",
            "X",
            "--due",
            "2027-01-01",
            "--repeat",
            "FREQ=SOMETIMES",
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Repetition \"FREQ=SOMETIMES\""));
}

#[test]
fn restore_of_an_id_still_brings_a_deleted_deadline_back_as_undelete_does() {
    let dir = tempfile::tempdir().unwrap();
    let first = docketctl_json(
        dir.path(),
        &["add", "--title", "Gone", "--due", "2027-01-01", "--json"],
    );
    let second = docketctl_json(
        dir.path(),
        &[
            "add",
            "--title",
            "Also gone",
            "--due",
            "2027-01-02",
            "--json",
        ],
    );
    for d in [&first, &second] {
        let id = d["id"].as_str().unwrap();
        let out = docketctl(dir.path(), "UTC", &["delete", id]);
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            said.contains(&format!("docketctl undelete {id} brings it back")),
            "{said}"
        );
    }
    let back = docketctl_json(
        dir.path(),
        &["undelete", first["id"].as_str().unwrap(), "--json"],
    );
    assert_eq!(back["title"], "Gone");
    let back = docketctl_json(
        dir.path(),
        &["restore", second["id"].as_str().unwrap(), "--json"],
    );
    assert_eq!(back["title"], "Also gone");
    let listed = docketctl_json(dir.path(), &["list", "--json"]);
    let titles: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Gone") && titles.contains(&"Also gone"),
        "{titles:?}"
    );
}

#[test]
fn every_command_answers_json_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let d = docketctl_json(
        dir.path(),
        &[
            "add",
            "--title",
            "Scripted",
            "--due",
            "2027-01-01",
            "--json",
        ],
    );
    let id = d["id"].as_str().unwrap();
    let deleted = docketctl_json(dir.path(), &["delete", id, "--json"]);
    assert!(deleted["message"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{id} deleted")));
    let interval = docketctl_json(dir.path(), &["--json", "sync", "interval"]);
    assert!(interval["minutes"].is_u64(), "{interval}");
    let backup = docketctl_json(dir.path(), &["backup", "--json"]);
    assert!(backup["message"]
        .as_str()
        .unwrap()
        .starts_with("Backed up to "));
}

/// Every command's help, and each option or argument line in it.
const COMMANDS: &[&[&str]] = &[
    &["list"],
    &["add"],
    &["edit"],
    &["done"],
    &["waive"],
    &["reopen"],
    &["delete"],
    &["undelete"],
    &["restore"],
    &["due"],
    &["search"],
    &["history"],
    &["backup"],
    &["check"],
    &["export"],
    &["import"],
    &["sync"],
    &["sync", "conflicts"],
    &["sync", "resolve"],
    &["sync", "interval"],
    &["account", "add"],
    &["account", "list"],
    &["account", "remove"],
    &["pack", "list"],
    &["pack", "import"],
    &["pack", "conflicts"],
    &["pack", "resolve"],
];

#[test]
fn every_option_and_argument_says_what_it_is_and_add_requires_a_title_and_a_date() {
    let dir = tempfile::tempdir().unwrap();
    for command in COMMANDS {
        let mut args = command.to_vec();
        args.push("--help");
        let out = docketctl(dir.path(), "UTC", &args);
        assert!(out.status.success(), "{command:?}");
        let help = String::from_utf8_lossy(&out.stdout).into_owned();
        let lines: Vec<&str> = help
            .lines()
            .skip_while(|l| !l.starts_with("Arguments:") && !l.starts_with("Options:"))
            .collect();
        let indent = |l: &str| l.len() - l.trim_start().len();
        let is_entry = |l: &str| {
            let t = l.trim_start();
            l.starts_with("  ")
                && (t.starts_with("--")
                    || t.starts_with('<')
                    || (t.starts_with('-')
                        && t[1..].starts_with(|c: char| c.is_ascii_alphabetic())))
        };
        for (i, line) in lines.iter().enumerate() {
            if !is_entry(line) {
                continue;
            }
            // Described on its line, or (clap's long form) on the next, further in.
            let next = lines.get(i + 1).copied().unwrap_or("");
            let described = line.trim().contains("  ")
                || (!next.trim().is_empty() && !is_entry(next) && indent(next) > indent(line));
            assert!(
                described,
                "docketctl {} --help: “{}” has no description",
                command.join(" "),
                line.trim()
            );
        }
    }
    let add = docketctl(dir.path(), "UTC", &["add", "--help"]);
    let usage = String::from_utf8_lossy(&add.stdout).into_owned();
    assert!(
        usage.contains("Usage: docketctl add [OPTIONS] --title <TITLE> --due <YYYY-MM-DD>"),
        "{usage}"
    );
    let out = docketctl(dir.path(), "UTC", &["add", "--title", "No date"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--due <YYYY-MM-DD>"));
}

#[test]
fn deleting_a_deleted_deadline_is_refused_and_says_how_to_bring_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = docketctl_json(
        dir.path(),
        &["add", "--title", "Once", "--due", "2027-01-01", "--json"],
    );
    let id = d["id"].as_str().unwrap();
    assert!(docketctl(dir.path(), "UTC", &["delete", id])
        .status
        .success());
    let again = docketctl(dir.path(), "UTC", &["delete", id]);
    assert_eq!(again.status.code(), Some(2));
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(
        said.contains(&format!(
            "The deadline {id} is already deleted; `docketctl undelete {id}` brings it back."
        )),
        "{said}"
    );
    let history = docketctl_json(dir.path(), &["history", id, "--json"]);
    let deletions = crate::support::summaries(&history)
        .iter()
        .filter(|s| **s == "Deleted")
        .count();
    assert_eq!(deletions, 1, "the refused delete wrote no history");
}

#[test]
fn a_missing_file_a_wrong_repetition_and_an_empty_answer_each_get_a_plain_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere.ics");
    let out = docketctl(dir.path(), "UTC", &["import", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!(
            "{} cannot be read: No such file or directory",
            missing.display()
        )),
        "{said}"
    );
    assert!(!said.contains("line 1"), "{said}");

    let out = docketctl(
        dir.path(),
        "UTC",
        &[
            "add",
            "--title",
            "Fortnightly",
            "--due",
            "2027-01-01",
            "--repeat",
            "FREQ=FORTNIGHTLY",
        ],
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("is not a valid frequency. For example"),
        "{said}"
    );
    assert!(!said.contains(".."), "{said}");

    let out = docketctl(dir.path(), "UTC", &["search", "no such words anywhere"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "No deadline matches “no such words anywhere”.\n"
    );
    let out = docketctl(dir.path(), "UTC", &["due", "--at", "2025-01-01T00:00:00Z"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "No reminder is owed at 2025-01-01 00:00 UTC.\n"
    );
}

#[test]
fn due_at_a_plain_date_means_the_end_of_that_local_day() {
    let dir = tempfile::tempdir().unwrap();
    let title = "Vendor review";
    docketctl_json(
        dir.path(),
        &["add", "--title", title, "--due", &in_days(40), "--json"],
    );
    // The 7-day reminder fires at 09:00 on the day a week before: by the end
    // of that day it is owed, by the end of the day before it is not.
    let owed = owed_for(dir.path(), &in_days(33), title);
    assert_eq!(owed.len(), 1, "{owed:?}");
    assert_eq!(owed[0]["lead"], "7d");
    let before = owed_for(dir.path(), &in_days(32), title);
    assert!(before.iter().all(|o| o["lead"] != "7d"), "{before:?}");
}

#[test]
fn history_is_on_the_local_clock_and_an_edit_says_what_each_field_was_and_became() {
    let dir = tempfile::tempdir().unwrap();
    let d = docketctl_json(
        dir.path(),
        &[
            "add",
            "--title",
            "Vendor audit",
            "--due",
            "2027-03-01",
            "--owner",
            "Ana",
            "--json",
        ],
    );
    let id = d["id"].as_str().unwrap();
    docketctl_json(dir.path(), &["edit", id, "--owner", "Bo", "--json"]);
    let out = docketctl(dir.path(), "Europe/Brussels", &["history", id]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[1].contains("Edited owner"), "{text}");
    assert_eq!(lines[2], "    owner: “Ana” → “Bo”", "{text}");
    // Brussels is UTC+1 or +2: the zone is said, and it is not UTC.
    assert!(
        lines[0].contains(" CET ") || lines[0].contains(" CEST "),
        "{text}"
    );
    let out = docketctl(dir.path(), "UTC", &["history", id]);
    assert!(String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap()
        .contains(" UTC "));
}

#[test]
fn a_deleted_deadline_is_listed_with_how_to_bring_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = docketctl_json(
        dir.path(),
        &[
            "add",
            "--title",
            "Gone for now",
            "--due",
            "2027-05-01",
            "--json",
        ],
    );
    let id = d["id"].as_str().unwrap();
    assert!(docketctl(dir.path(), "UTC", &["delete", id])
        .status
        .success());
    let deleted = docketctl_json(dir.path(), &["list", "--status", "deleted", "--json"]);
    let ids: Vec<&str> = deleted
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [id]);
    let out = docketctl(dir.path(), "UTC", &["list", "--status", "deleted"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Gone for now"), "{text}");
    assert!(
        text.contains(&format!("(docketctl undelete {id})")),
        "{text}"
    );
    // Once back, it is no longer among the deleted.
    docketctl_json(dir.path(), &["undelete", id, "--json"]);
    let deleted = docketctl_json(dir.path(), &["list", "--status", "deleted", "--json"]);
    assert!(deleted.as_array().unwrap().is_empty());
}

/// `date` in a zone, moved by a GNU relative offset ("-3 days", "-2 hours").
fn date_in(tz: &str, offset: &str, format: &str) -> String {
    let out = std::process::Command::new("date")
        .args(["-d", offset, format])
        .env("TZ", tz)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn overdue_lists_the_late_tasks_and_never_a_regulations_passed_dates() {
    let dir = tempfile::tempdir().unwrap();
    let add = |title: &str, args: &[&str]| {
        let mut all = vec!["add", "--title", title, "--json"];
        all.extend_from_slice(args);
        docketctl_json(dir.path(), &all)["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let three_days_ago = date_in("Europe/Brussels", "-3 days", "+%Y-%m-%d");
    // Entered after its date passed: still to do, so still overdue.
    let board = add("Send the DPIA to the board", &["--due", &three_days_ago]);
    let register = add(
        "Register the system in the EU database",
        &["--due", &three_days_ago, "--kind", "obligation"],
    );
    let (day, time) = (
        date_in("UTC", "-2 hours", "+%Y-%m-%d"),
        date_in("UTC", "-2 hours", "+%H:%M"),
    );
    let call = add(
        "Call the supervisory authority",
        &["--due", &day, "--time", &time, "--tz", "UTC"],
    );
    let next_week = date_in("Europe/Brussels", "+5 days", "+%Y-%m-%d");
    let later = add("Train the deployers", &["--due", &next_week]);

    let overdue = docketctl_json(dir.path(), &["list", "--overdue", "--json"]);
    let mut late = ids(&overdue);
    late.sort();
    let mut expected = vec![board.clone(), register.clone(), call.clone()];
    expected.sort();
    assert_eq!(
        late, expected,
        "the pack's passed dates are in effect, not late"
    );
    assert!(overdue
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["task"] == true));

    let text = docketctl(dir.path(), "Europe/Brussels", &["list", "--overdue"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("overdue 3 days"), "{text}");
    assert!(!text.contains("Prohibited"), "{text}");

    let soon = docketctl_json(
        dir.path(),
        &["list", "--overdue", "--within", "7", "--json"],
    );
    let soon = ids(&soon);
    assert!(soon.contains(&later) && soon.contains(&board), "{soon:?}");
    assert_eq!(soon.iter().filter(|id| **id == board).count(), 1);

    let due = docketctl(dir.path(), "Europe/Brussels", &["due"]);
    let due = String::from_utf8_lossy(&due.stdout);
    assert!(due.contains("Overdue (3):"), "{due}");
    assert!(due.contains("Call the supervisory authority"), "{due}");

    // Done, it is no longer late.
    docketctl_json(dir.path(), &["done", &board, "--json"]);
    let overdue = docketctl_json(dir.path(), &["list", "--overdue", "--json"]);
    assert!(!ids(&overdue).contains(&board));

    let refused = docketctl(
        dir.path(),
        "Europe/Brussels",
        &["list", "--overdue", "--status", "done"],
    );
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn news_cannot_be_marked_done() {
    let dir = tempfile::tempdir().unwrap();
    let out = docketctl(
        dir.path(),
        "Europe/Brussels",
        &["done", "eu-ai-act:meta-refuses"],
    );
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "docketctl: “Meta refuses to sign the GPAI Code” is to know, not to do: there is nothing to mark done."
    );
    let list = docketctl_json(dir.path(), &["list", "--json"]);
    let meta = list
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "eu-ai-act:meta-refuses")
        .unwrap();
    assert_eq!(meta["status"], "open");
}

#[test]
fn a_unique_start_of_an_id_is_enough_and_an_ambiguous_one_is_refused_with_the_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let add = |title: &str| {
        docketctl_json(
            dir.path(),
            &["add", "--title", title, "--due", "2031-03-01", "--json"],
        )["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let first = add("Renew the model card");
    let second = add("Renew the data sheet");
    // Made the same second, the two ids share their first ten characters.
    let shared: String = first
        .chars()
        .zip(second.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a)
        .collect();
    assert!(shared.len() >= 4, "{first} {second}");
    let unique = first[..shared.len() + 1].to_lowercase();
    let done = docketctl_json(dir.path(), &["done", &unique, "--json"]);
    assert_eq!(done["id"], first.as_str());
    assert_eq!(done["status"], "done");

    let out = docketctl(dir.path(), "UTC", &["waive", &shared, "--reason", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains(&first)
            && message.contains(&second)
            && message.contains("give more of the id"),
        "{message}"
    );
    let second_now = docketctl_json(dir.path(), &["list", "--json"]);
    let untouched = second_now
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == second.as_str())
        .unwrap();
    assert_eq!(
        untouched["status"], "open",
        "an ambiguous start changes nothing"
    );

    // Deleted, it is still found by its start, to bring it back.
    let start = &second[..shared.len() + 1];
    docketctl_json(dir.path(), &["delete", start, "--json"]);
    let back = docketctl_json(dir.path(), &["undelete", start, "--json"]);
    assert_eq!(back["id"], second.as_str());
}

#[test]
fn a_date_moved_by_hand_carries_its_reason_into_the_history_and_a_reason_without_a_move_is_refused()
{
    let dir = tempfile::tempdir().unwrap();
    let id = docketctl_json(
        dir.path(),
        &[
            "add",
            "--title",
            "Board pack",
            "--due",
            "2031-03-01",
            "--json",
        ],
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    docketctl_json(
        dir.path(),
        &[
            "edit",
            &id,
            "--due",
            "2031-03-15",
            "--reason",
            "The board meets a fortnight later",
            "--json",
        ],
    );
    let history = docketctl_json(dir.path(), &["history", &id, "--json"]);
    assert_eq!(
        crate::support::summaries(&history).last().copied(),
        Some("Moved from 1 March 2031 to 15 March 2031: The board meets a fortnight later")
    );
    let out = docketctl(
        dir.path(),
        "UTC",
        &[
            "edit",
            &id,
            "--title",
            "Board pack (final)",
            "--reason",
            "no move",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "A reason for moving is given, but the due date, time and zone stay as they are."
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = docketctl_json(dir.path(), &["list", "--json"]);
    let d = list
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id.as_str())
        .unwrap();
    assert_eq!(d["title"], "Board pack", "a refused edit changes nothing");
}

//! iCalendar and CSV in and out, checked with real third-party clients:
//! Debian's khal and calcurse, and Python's icalendar package from PyPI.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use docket_tests::{docketctl, docketctl_json, pack_items, run_python};
use serde_json::Value;

/// Deadlines Docket keeps that a file can carry.
const FIELDS: [&str; 14] = [
    "title",
    "due_date",
    "due_time",
    "tz",
    "kind",
    "regulation",
    "reference",
    "owner",
    "description",
    "source_url",
    "lead_times",
    "status",
    "done_note",
    "recurrence",
];

use docket_tests::docketctl_ok as ok;

/// A data dir with the EU AI Act pack and an officer's own deadlines: a
/// timed one with custom reminders and text that needs escaping, a
/// date-only one, and a done one with its note.
fn officer_data() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(
        d,
        &[
            "add",
            "--title",
            "Board report, Q1; draft",
            "--due",
            "2027-03-31",
            "--time",
            "17:00",
            "--tz",
            "Europe/Brussels",
            "--remind",
            "7d,2h",
            "--owner",
            "Ana Sousa",
            "--reference",
            "Art. 9(2)",
            "--description",
            "Line one\nLine two, with a comma; and a semicolon \\ backslash",
            "--source-url",
            "https://example.org/q1?a=1&b=2",
            "--kind",
            "commitment",
        ],
    );
    ok(
        d,
        &[
            "add",
            "--title",
            "Annual AI policy review",
            "--due",
            "2027-06-30",
            "--remind",
            "30d,1d",
            "--repeat",
            "FREQ=YEARLY",
        ],
    );
    let done = ok(
        d,
        &[
            "add",
            "--title",
            "Vendor questionnaire",
            "--due",
            "2026-11-20",
        ],
    );
    ok(
        d,
        &["done", done.trim(), "--note", "Filed in the DMS, ref. 42"],
    );
    dir
}

fn all(data: &Path) -> Vec<Value> {
    docketctl_json(data, &["list", "--status", "all", "--json"])
        .as_array()
        .unwrap()
        .clone()
}

/// Each deadline's carried fields, as JSON text, sorted.
fn carried(data: &Path) -> BTreeSet<String> {
    all(data)
        .iter()
        .map(|d| {
            let picked: serde_json::Map<String, Value> = FIELDS
                .iter()
                .map(|f| ((*f).to_owned(), d[*f].clone()))
                .collect();
            Value::Object(picked).to_string()
        })
        .collect()
}

/// Fails with only the entries that differ.
fn assert_same(left: &BTreeSet<String>, right: &BTreeSet<String>) {
    let only_left: Vec<_> = left.difference(right).collect();
    let only_right: Vec<_> = right.difference(left).collect();
    assert!(
        only_left.is_empty() && only_right.is_empty(),
        "after the round trip: {only_left:#?}\nbefore: {only_right:#?}"
    );
}

fn dates_and_titles(data: &Path) -> BTreeSet<(String, String)> {
    all(data)
        .iter()
        .map(|d| {
            (
                d["due_date"].as_str().unwrap().to_owned(),
                d["title"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn export(data: &Path, args: &[&str]) -> std::path::PathBuf {
    let path = data.join(format!("export-{}.out", args.join("-")));
    let mut full = vec!["export", "-o", path.to_str().unwrap()];
    full.extend_from_slice(args);
    ok(data, &full);
    path
}

#[test]
fn an_export_imports_into_khal_with_every_event_on_its_date() {
    let data = officer_data();
    let ics = export(data.path(), &[]);
    let khal = tempfile::tempdir().unwrap();
    let calendar = khal.path().join("calendar");
    std::fs::create_dir(&calendar).unwrap();
    let config = khal.path().join("config");
    std::fs::write(
        &config,
        format!(
            "[calendars]\n[[docket]]\npath = {}\ntype = calendar\n[locale]\ntimeformat = %H:%M\n\
             dateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n\
             longdatetimeformat = %Y-%m-%d %H:%M\nlocal_timezone = Europe/Brussels\n\
             default_timezone = Europe/Brussels\n[default]\ndefault_calendar = docket\n",
            calendar.display()
        ),
    )
    .unwrap();
    let khal_cmd = |args: &[&str]| {
        let out = Command::new("khal")
            .arg("-c")
            .arg(&config)
            .args(args)
            .output()
            .expect("khal runs");
        assert!(
            out.status.success(),
            "khal {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    khal_cmd(&["import", "--batch", "-a", "docket", ics.to_str().unwrap()]);
    let expected = dates_and_titles(data.path());
    assert_eq!(
        std::fs::read_dir(&calendar).unwrap().count(),
        expected.len()
    );
    let listed = khal_cmd(&[
        "list",
        "--format",
        "{start-date}|{start-time}|{title}",
        "--day-format",
        "",
        "2015-01-01",
        "7000d",
    ]);
    // khal lists each occurrence of the yearly review: compare first dates.
    let mut first = std::collections::BTreeMap::new();
    for (date, rest) in listed.lines().filter_map(|l| l.split_once('|')) {
        let title = rest.split_once('|').unwrap().1.to_owned();
        first.entry(title).or_insert_with(|| date.to_owned());
    }
    let seen: BTreeSet<(String, String)> = first.into_iter().map(|(t, d)| (d, t)).collect();
    assert_eq!(seen, expected);
    let reviews = listed
        .lines()
        .filter(|l| l.ends_with("|Annual AI policy review"))
        .count();
    assert!(reviews > 5, "the yearly review repeats in khal: {reviews}");
    assert!(
        listed.contains("2027-03-31|17:00|Board report, Q1; draft"),
        "{listed}"
    );
}

#[test]
fn an_export_imports_into_calcurse_with_every_item_on_its_date_and_time() {
    let data = officer_data();
    let ics = export(data.path(), &[]);
    let store = tempfile::tempdir().unwrap();
    let out = Command::new("calcurse")
        .arg("-D")
        .arg(store.path())
        .arg("-i")
        .arg(&ics)
        .env("TZ", "Europe/Brussels")
        .output()
        .expect("calcurse runs");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    let expected = dates_and_titles(data.path());
    assert!(
        report.contains(&format!(
            "1 app / {} events / 0 todos / 0 skipped",
            expected.len() - 1
        )),
        "{report}"
    );
    let apts = std::fs::read_to_string(store.path().join("apts")).unwrap();
    let seen: BTreeSet<(String, String)> = apts
        .lines()
        .map(|l| {
            // "MM/DD/YYYY …>HASH Title", with "!" before an appointment's title.
            let (m, d, y) = (&l[0..2], &l[3..5], &l[6..10]);
            let hash = l
                .match_indices('>')
                .map(|(i, _)| i + 1)
                .find(|i| {
                    l.get(*i..*i + 40)
                        .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                })
                .unwrap();
            let title = l[hash + 40..].trim_start().trim_start_matches('!');
            (format!("{y}-{m}-{d}"), title.to_owned())
        })
        .collect();
    assert_eq!(seen, expected);
    assert!(apts.contains("03/31/2027 @ 17:00"), "{apts}");
}

const READ_WITH_ICALENDAR: &str = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
events = []
for e in cal.walk("VEVENT"):
    events.append({
        "uid": str(e["UID"]),
        "title": str(e["SUMMARY"]),
        "start": e.decoded("DTSTART").isoformat(),
        "alarms": [a["TRIGGER"].to_ical().decode() for a in e.walk("VALARM")],
        "sequence": int(e["SEQUENCE"]),
        "description": str(e.get("DESCRIPTION", "")),
        "rrule": e["RRULE"].to_ical().decode() if "RRULE" in e else None,
    })
print(json.dumps({"events": events, "zones": [str(z["TZID"]) for z in cal.walk("VTIMEZONE")]}))
"#;

#[test]
fn an_export_parses_with_python_icalendar_with_every_alarm_and_its_zone() {
    let data = officer_data();
    let ics = export(data.path(), &[]);
    let parsed: Value = serde_json::from_str(&run_python(READ_WITH_ICALENDAR, &[&ics])).unwrap();
    let events = parsed["events"].as_array().unwrap();
    let deadlines = all(data.path());
    assert_eq!(events.len(), deadlines.len());
    for d in &deadlines {
        let uid = format!("{}@eu.docket.Docket", d["id"].as_str().unwrap());
        let event = events
            .iter()
            .find(|e| e["uid"] == uid.as_str())
            .unwrap_or_else(|| panic!("{uid} exported"));
        // Done and waived work rings nowhere else either.
        let leads = match d["status"].as_str() {
            Some("open") => d["lead_times"].as_array().map_or(5, Vec::len),
            _ => 0,
        };
        assert_eq!(event["alarms"].as_array().unwrap().len(), leads, "{uid}");
        assert_eq!(event["sequence"], d["revision"], "{uid}");
    }
    let board = events
        .iter()
        .find(|e| e["title"] == "Board report, Q1; draft")
        .unwrap();
    assert_eq!(board["start"], "2027-03-31T17:00:00+02:00");
    assert_eq!(board["alarms"], serde_json::json!(["-P7D", "-PT2H"]));
    let description = board["description"].as_str().unwrap();
    assert!(
        description.contains("Line two, with a comma; and a semicolon \\ backslash"),
        "{description}"
    );
    assert!(
        description.contains("Legal reference: Art. 9(2)"),
        "{description}"
    );
    assert_eq!(parsed["zones"], serde_json::json!(["Europe/Brussels"]));
    let review = events
        .iter()
        .find(|e| e["title"] == "Annual AI policy review")
        .unwrap();
    assert_eq!(review["rrule"], "FREQ=YEARLY");
    // Lines are folded at 75 octets.
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(
        text.split("\r\n").all(|l| l.len() <= 75),
        "a line is longer than 75 octets"
    );
}

#[test]
fn a_calcurse_export_imports_with_its_dates_and_times() {
    let store = tempfile::tempdir().unwrap();
    std::fs::write(
        store.path().join("apts"),
        "03/31/2027 @ 17:00 -> 03/31/2027 @ 18:00 |Vendor audit call\n06/30/2027 [1] Annual AI policy review\n",
    )
    .unwrap();
    std::fs::write(store.path().join("todo"), "").unwrap();
    let out = Command::new("calcurse")
        .arg("-D")
        .arg(store.path())
        .arg("--export=ical")
        .env("TZ", "Europe/Brussels")
        .output()
        .expect("calcurse runs");
    assert!(out.status.success());
    let data = tempfile::tempdir().unwrap();
    let ics = data.path().join("calcurse.ics");
    std::fs::write(&ics, &out.stdout).unwrap();
    let report = ok(data.path(), &["import", ics.to_str().unwrap()]);
    assert!(report.contains("2 added"), "{report}");
    let deadlines = all(data.path());
    let call = deadlines
        .iter()
        .find(|d| d["title"] == "Vendor audit call")
        .unwrap();
    assert_eq!(
        (
            call["due_date"].as_str(),
            call["due_time"].as_str(),
            call["tz"].as_str()
        ),
        (Some("2027-03-31"), Some("17:00"), Some("Europe/Brussels"))
    );
    let review = deadlines
        .iter()
        .find(|d| d["title"] == "Annual AI policy review")
        .unwrap();
    assert_eq!(
        (review["due_date"].as_str(), review["due_time"].as_str()),
        (Some("2027-06-30"), None)
    );
    // The same file again adds nothing: calcurse writes no UID, so the key is the title and date.
    let again = ok(data.path(), &["import", ics.to_str().unwrap()]);
    assert!(again.contains("0 added, 0 changed, 2 unchanged"), "{again}");
}

const WRITE_WITH_ICALENDAR: &str = r#"
import sys
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo
from icalendar import Alarm, Calendar, Event

def alarm(before):
    a = Alarm()
    a.add("action", "DISPLAY")
    a.add("description", "Reminder")
    a.add("trigger", -before)
    return a

cal = Calendar()
cal.add("prodid", "-//Docket tests//python icalendar//EN")
cal.add("version", "2.0")
e = Event()
e.add("uid", "dpia-ny@example.org")
e.add("summary", "DPIA review, New York office")
e.add("dtstart", datetime(2027, 5, 14, 9, 30, tzinfo=ZoneInfo("America/New_York")))
e.add("rrule", {"freq": "monthly", "count": 3})
e.add_component(alarm(timedelta(days=1)))
e.add_component(alarm(timedelta(minutes=30)))
cal.add_component(e)
e = Event()
e.add("uid", "model-card@example.org")
e.add("summary", "Model card refresh")
e.add("dtstart", date(2027, 9, 1))
e.add_component(alarm(timedelta(days=7)))
cal.add_component(e)
e = Event()
e.add("uid", "utc-call@example.org")
e.add("summary", "Regulator call")
e.add("dtstart", datetime(2027, 2, 3, 15, 0, tzinfo=ZoneInfo("UTC")))
cal.add_component(e)
cal.add_missing_timezones()
open(sys.argv[1], "wb").write(cal.to_ical())
"#;

#[test]
fn a_file_written_by_python_icalendar_imports_with_its_zones_and_alarms() {
    let data = tempfile::tempdir().unwrap();
    let ics = data.path().join("python.ics");
    run_python(WRITE_WITH_ICALENDAR, &[&ics]);
    assert!(std::fs::read_to_string(&ics)
        .unwrap()
        .contains("BEGIN:VTIMEZONE"));
    let report = ok(data.path(), &["import", ics.to_str().unwrap()]);
    assert!(report.contains("3 added"), "{report}");
    let deadlines = all(data.path());
    let find = |title: &str| {
        deadlines
            .iter()
            .find(|d| d["title"] == title)
            .unwrap_or_else(|| panic!("{title} imported"))
            .clone()
    };
    let dpia = find("DPIA review, New York office");
    assert_eq!(dpia["due_date"], "2027-05-14");
    assert_eq!(dpia["due_time"], "09:30");
    assert_eq!(dpia["tz"], "America/New_York");
    assert_eq!(dpia["lead_times"], serde_json::json!(["1d", "30m"]));
    assert_eq!(dpia["recurrence"], "FREQ=MONTHLY;COUNT=3");
    let card = find("Model card refresh");
    assert_eq!(
        (card["due_date"].as_str(), card["due_time"].as_str()),
        (Some("2027-09-01"), None)
    );
    assert_eq!(card["lead_times"], serde_json::json!(["7d"]));
    let call = find("Regulator call");
    assert_eq!(
        (call["due_time"].as_str(), call["tz"].as_str()),
        (Some("15:00"), Some("UTC"))
    );
}

#[test]
fn docket_to_ics_to_docket_keeps_every_field() {
    let from = officer_data();
    let ics = export(from.path(), &[]);
    let to = tempfile::tempdir().unwrap();
    let report = ok(to.path(), &["import", ics.to_str().unwrap()]);
    // The pack is already in the new data dir: its items are matched, not added twice.
    assert!(
        report.contains(&format!("3 added, 0 changed, {} unchanged", pack_items())),
        "{report}"
    );
    assert_same(&carried(to.path()), &carried(from.path()));
    // As to-dos, the same.
    let todos = export(from.path(), &["--todo"]);
    assert!(std::fs::read_to_string(&todos)
        .unwrap()
        .contains("BEGIN:VTODO"));
    let again = tempfile::tempdir().unwrap();
    ok(again.path(), &["import", todos.to_str().unwrap()]);
    assert_same(&carried(again.path()), &carried(from.path()));
}

#[test]
fn docket_to_csv_to_docket_keeps_every_field() {
    let from = officer_data();
    let csv = export(from.path(), &["--format", "csv"]);
    let to = tempfile::tempdir().unwrap();
    let report = ok(
        to.path(),
        &["import", "--format", "csv", csv.to_str().unwrap()],
    );
    assert!(
        report.contains(&format!("3 added, 0 changed, {} unchanged", pack_items())),
        "{report}"
    );
    assert_same(&carried(to.path()), &carried(from.path()));
}

#[test]
fn a_csv_from_a_spreadsheet_imports_with_its_date_format() {
    let data = tempfile::tempdir().unwrap();
    let csv = data.path().join("excel.csv");
    std::fs::write(
        &csv,
        "\u{feff}Title;Due date;Owner;Notes;Status\r\n\"Risk register, annual\";31/03/2027;Ana;\"Two\r\nlines\";done\r\nTraining plan;15/04/2027;Ben;;\r\n",
    )
    .unwrap();
    let refused = docketctl(
        data.path(),
        "Europe/Brussels",
        &["import", csv.to_str().unwrap()],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("does not read as YYYY-MM-DD"));
    ok(
        data.path(),
        &["import", "--date-format", "%d/%m/%Y", csv.to_str().unwrap()],
    );
    let deadlines = all(data.path());
    let register = deadlines
        .iter()
        .find(|d| d["title"] == "Risk register, annual")
        .unwrap();
    assert_eq!(register["due_date"], "2027-03-31");
    assert_eq!(register["status"], "done");
    assert_eq!(register["done_note"], "Two\r\nlines");
    assert!(deadlines
        .iter()
        .any(|d| d["title"] == "Training plan" && d["due_date"] == "2027-04-15"));
}

#[test]
fn importing_again_updates_by_uid_and_a_dry_run_stores_nothing() {
    let data = tempfile::tempdir().unwrap();
    let ics = data.path().join("team.ics");
    let file = |date: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nBEGIN:VEVENT\r\nUID:audit-1@example.org\r\n\
             DTSTAMP:20261201T080000Z\r\nDTSTART;VALUE=DATE:{date}\r\nSUMMARY:External audit\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    };
    std::fs::write(&ics, file("20270301")).unwrap();
    assert!(ok(data.path(), &["import", ics.to_str().unwrap()]).contains("1 added"));
    let count = all(data.path()).len();
    std::fs::write(&ics, file("20270415")).unwrap();
    let dry = ok(data.path(), &["import", "--dry-run", ics.to_str().unwrap()]);
    assert!(dry.contains("would change: External audit"), "{dry}");
    assert!(
        dry.contains("Moved from 1 March 2027 to 15 April 2027"),
        "{dry}"
    );
    let audit = |data: &Path| {
        all(data)
            .into_iter()
            .find(|d| d["title"] == "External audit")
            .unwrap()
    };
    assert_eq!(audit(data.path())["due_date"], "2027-03-01");
    ok(data.path(), &["import", ics.to_str().unwrap()]);
    let moved = audit(data.path());
    assert_eq!(moved["due_date"], "2027-04-15");
    assert_eq!(all(data.path()).len(), count);
    let history = docketctl_json(
        data.path(),
        &["history", moved["id"].as_str().unwrap(), "--json"],
    );
    let summaries = docket_tests::summaries(&history);
    assert_eq!(
        summaries,
        [
            "Created, due 1 March 2027",
            "Moved from 1 March 2027 to 15 April 2027"
        ]
    );
    assert_eq!(history[1]["via"], "import");
}

#[test]
fn malformed_files_are_refused_with_exit_2_a_line_and_no_change() {
    let data = officer_data();
    let good = std::fs::read_to_string(export(data.path(), &[])).unwrap();
    let csv_before = std::fs::read(export(data.path(), &["--format", "csv"])).unwrap();
    let event = |body: &str| {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x@example.org\r\n{body}END:VEVENT\r\nEND:VCALENDAR\r\n")
    };
    let mut garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    garbage.splice(0..0, b"BEGIN:VCALENDAR\r\n".iter().copied());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.ics",
            good.as_bytes()[..good.len() * 2 / 5].to_vec(),
            "cut short",
        ),
        (
            "bad-date.ics",
            event("SUMMARY:Bad\r\nDTSTART;VALUE=DATE:20270230\r\n").into_bytes(),
            "\"20270230\" is not a date",
        ),
        (
            "bad-zone.ics",
            event("SUMMARY:Mars\r\nDTSTART;TZID=Mars/Olympus:20270101T100000\r\n").into_bytes(),
            "time zone \"Mars/Olympus\"",
        ),
        (
            "huge-line.ics",
            event(&format!(
                "SUMMARY:{}\r\nDTSTART:20270101\r\n",
                "x".repeat(200_000)
            ))
            .into_bytes(),
            "bytes long",
        ),
        ("garbage.ics", garbage, "line"),
        (
            "latin1.csv",
            b"title,due_date\nR\xe9vision annuelle,2027-01-01\n".to_vec(),
            "is not UTF-8",
        ),
        (
            "not-ical.ics",
            b"hello, world\n".to_vec(),
            "BEGIN:VCALENDAR",
        ),
    ];
    for (name, bytes, says) in cases {
        let path = data.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = docketctl(
            data.path(),
            "Europe/Brussels",
            &["import", path.to_str().unwrap()],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert!(stderr.contains("line "), "{name} names a line: {stderr}");
        assert!(
            stderr.to_lowercase().contains("nothing was"),
            "{name}: {stderr}"
        );
        let csv_after = std::fs::read(export(data.path(), &["--format", "csv"])).unwrap();
        assert_eq!(csv_after, csv_before, "{name} changed the database");
    }
}

fn reminder_log(data: &Path) -> Vec<String> {
    let db = rusqlite::Connection::open(data.join("docket.sqlite3")).unwrap();
    let mut stmt = db
        .prepare("SELECT deadline_id, lead, due_revision, fire_at, outcome, channel, action, snooze_until FROM reminder_log ORDER BY 1, 2")
        .unwrap();
    stmt.query_map([], |r| {
        Ok((0..8)
            .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
            .collect::<Vec<_>>()
            .join("|"))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn a_json_backup_restores_every_deadline_with_its_history_and_reminder_log() {
    let data = officer_data();
    let d = data.path();
    // A reminder delivered and snoozed, as the scheduler records it.
    rusqlite::Connection::open(d.join("docket.sqlite3"))
        .unwrap()
        .execute(
            "INSERT INTO reminder_log (deadline_id, lead, due_revision, fire_at, recorded_at, outcome, channel, action, snooze_until) \
             VALUES ('eu-ai-act:high-risk-annex-iii', '7d', 1, '2027-11-25T08:00:00Z', '2027-11-25T08:00:01Z', 'delivered', 'notification', 'snoozed', '2027-11-26T08:00:00Z')",
            [],
        )
        .unwrap();
    let backup = export(d, &["--format", "json"]);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let deadlines = all(d);
    let history = |data: &Path| {
        docketctl_json(
            data,
            &["history", "eu-ai-act:high-risk-annex-iii", "--json"],
        )
    };
    let annex_history = history(d);
    let log = reminder_log(d);
    assert_eq!(log.len(), 1);

    // Afterwards a deadline is deleted and another added; the restore undoes both.
    let board = deadlines
        .iter()
        .find(|x| x["title"] == "Board report, Q1; draft")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(d, &["delete", &board]);
    ok(
        d,
        &[
            "add",
            "--title",
            "Added after the backup",
            "--due",
            "2027-05-05",
        ],
    );
    let report = ok(d, &["import", backup.to_str().unwrap()]);
    assert!(
        report.contains(&format!(" {} deadline,", pack_items() + 3)),
        "{report}"
    );
    assert!(
        report.contains("The database it replaced is kept as"),
        "{report}"
    );
    assert_eq!(all(d), deadlines);
    assert_eq!(history(d), annex_history);
    assert_eq!(reminder_log(d), log);
    let kept: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("docket.sqlite3.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "the replaced database is kept, not deleted");
    // Search works on the restored database.
    assert!(ok(d, &["search", "Board report"]).contains("Board report"));

    // On another machine, the same.
    let other = tempfile::tempdir().unwrap();
    ok(other.path(), &["import", backup.to_str().unwrap()]);
    assert_eq!(all(other.path()), deadlines);
}

#[test]
fn a_restore_is_refused_while_docket_runs_and_for_a_broken_backup() {
    let data = officer_data();
    let d = data.path();
    let backup = export(d, &["--format", "json"]);
    let before = std::fs::read(export(d, &["--format", "csv"])).unwrap();
    // The app holds this lock while it runs.
    let lock = std::fs::File::create(d.join("docket.lock")).unwrap();
    lock.try_lock().unwrap();
    let out = docketctl(d, "UTC", &["import", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Docket is running on this data folder"));
    drop(lock);
    let text = std::fs::read_to_string(&backup).unwrap();
    let cut = d.join("cut.json");
    std::fs::write(&cut, &text[..text.len() / 2]).unwrap();
    let out = docketctl(d, "UTC", &["import", cut.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("is not a Docket JSON backup") && stderr.contains("line "),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(export(d, &["--format", "csv"])).unwrap(),
        before
    );
}

#[test]
fn outlook_and_thunderbird_zone_names_import_at_the_right_instant() {
    let data = tempfile::tempdir().unwrap();
    // As Outlook writes it: a Windows zone name with its own VTIMEZONE.
    let outlook = "BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nVERSION:2.0\r\n\
        BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16011028T030000\r\n\
        RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n\
        BEGIN:DAYLIGHT\r\nDTSTART:16010325T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nTZOFFSETFROM:+0100\r\n\
        TZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:040000008200E00074C5B7101A82E008@outlook\r\n\
        DTSTAMP:20261201T080000Z\r\nDTSTART;TZID=\"W. Europe Standard Time\":20270615T143000\r\n\
        DTEND;TZID=\"W. Europe Standard Time\":20270615T153000\r\nSUMMARY:Steering committee: AI Act readiness\r\n\
        BEGIN:VALARM\r\nTRIGGER:-PT15M\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    // As Thunderbird writes it: its own TZID, with the IANA name in X-LIC-LOCATION.
    let thunderbird = "BEGIN:VCALENDAR\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\nVERSION:2.0\r\n\
        BEGIN:VTIMEZONE\r\nTZID:Custom Kolkata\r\nX-LIC-LOCATION:Asia/Kolkata\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0530\r\n\
        TZOFFSETTO:+0530\r\nTZNAME:IST\r\nDTSTART:19700101T000000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VTODO\r\n\
        UID:tb-1@example.org\r\nDTSTAMP:20261201T080000Z\r\nDUE;TZID=Custom Kolkata:20270120T180000\r\n\
        SUMMARY:Vendor DPIA sign-off\r\nSTATUS:NEEDS-ACTION\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
    for (name, text) in [("outlook.ics", outlook), ("thunderbird.ics", thunderbird)] {
        let path = data.path().join(name);
        std::fs::write(&path, text).unwrap();
        ok(data.path(), &["import", path.to_str().unwrap()]);
    }
    let deadlines = all(data.path());
    let steering = deadlines
        .iter()
        .find(|d| d["title"] == "Steering committee: AI Act readiness")
        .unwrap();
    assert_eq!(
        (
            steering["due_date"].as_str(),
            steering["due_time"].as_str(),
            steering["tz"].as_str()
        ),
        (Some("2027-06-15"), Some("14:30"), Some("Europe/Berlin"))
    );
    assert_eq!(steering["lead_times"], serde_json::json!(["15m"]));
    let dpia = deadlines
        .iter()
        .find(|d| d["title"] == "Vendor DPIA sign-off")
        .unwrap();
    assert_eq!(
        (
            dpia["due_time"].as_str(),
            dpia["tz"].as_str(),
            dpia["kind"].as_str()
        ),
        (Some("18:00"), Some("Asia/Kolkata"), Some("commitment"))
    );
}

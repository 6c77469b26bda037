//! iCalendar files as other programs write them import whole (issue 21):
//! zones the file defines itself, events with no title, several calendars in
//! one stream, to-dos with no due date, lenient parameters; and Docket's
//! export stops other calendars reminding of finished work and rings
//! all-day alarms at the reminder time. The files are written here.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{docketctl, docketctl_json};

/// An Outlook-style definition of Central European time under `tzid`.
fn outlook_zone(tzid: &str) -> String {
    format!(
        "BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\nBEGIN:STANDARD\r\nDTSTART:16010101T030000\r\n\
         TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n\
         END:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\n\
         TZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n\
         END:VTIMEZONE\r\n"
    )
}

fn calendar(body: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Test//EN\r\n{body}END:VCALENDAR\r\n")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn import(dir: &Path, file: &Path) -> Value {
    docketctl_json(dir, &["import", file.to_str().unwrap(), "--json"])
}

fn all(dir: &Path) -> Vec<Value> {
    docketctl_json(dir, &["list", "--status", "all", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["pack_id"].is_null())
        .cloned()
        .collect()
}

fn titled(dir: &Path, title: &str) -> Value {
    all(dir)
        .into_iter()
        .find(|d| d["title"] == title)
        .unwrap_or_else(|| panic!("“{title}” imported"))
}

fn when(d: &Value) -> (&str, &str, &str) {
    (
        d["due_date"].as_str().unwrap(),
        d["due_time"].as_str().unwrap_or(""),
        d["tz"].as_str().unwrap(),
    )
}

#[test]
fn a_zone_the_file_defines_under_a_label_imports_as_the_iana_zone_it_matches() {
    let dir = tempfile::tempdir().unwrap();
    let label = "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna";
    let text = calendar(&format!(
        "{}{}BEGIN:VEVENT\r\nUID:label@example.org\r\nDTSTAMP:20261201T080000Z\r\n\
         DTSTART;TZID=\"{label}\":20270615T143000\r\nSUMMARY:Steering committee\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:custom@example.org\r\nDTSTAMP:20261201T080000Z\r\n\
         DTSTART;TZID=Customized Time Zone:20271115T090000\r\nSUMMARY:Audit kick-off\r\nEND:VEVENT\r\n",
        outlook_zone(label),
        outlook_zone("Customized Time Zone"),
    ));
    let file = write(dir.path(), "outlook.ics", &text);
    let report = import(dir.path(), &file);
    assert_eq!(report["added"].as_array().unwrap().len(), 2, "{report}");
    assert_eq!(
        when(&titled(dir.path(), "Steering committee")),
        ("2027-06-15", "14:30", "Europe/Amsterdam")
    );
    // A label that names no place: the officer's own zone, as it matches.
    assert_eq!(
        when(&titled(dir.path(), "Audit kick-off")),
        ("2027-11-15", "09:00", "Europe/Brussels")
    );
}

#[test]
fn a_zone_no_iana_zone_follows_keeps_its_rules_as_an_instant_in_utc() {
    let dir = tempfile::tempdir().unwrap();
    let text = calendar(
        "BEGIN:VTIMEZONE\r\nTZID:Ship time\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n\
         TZOFFSETFROM:+0117\r\nTZOFFSETTO:+0117\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n\
         BEGIN:VEVENT\r\nUID:ship@example.org\r\nDTSTART;TZID=Ship time:20270615T143000\r\n\
         SUMMARY:Port call\r\nEND:VEVENT\r\n",
    );
    let file = write(dir.path(), "ship.ics", &text);
    let report = import(dir.path(), &file);
    let notes = report["added"][0]["notes"].to_string();
    assert!(notes.contains("follows no IANA zone"), "{report}");
    assert_eq!(
        when(&titled(dir.path(), "Port call")),
        ("2027-06-15", "13:13", "UTC")
    );
}

#[test]
fn an_event_with_no_summary_imports_with_a_title_that_says_so_and_where_from() {
    let dir = tempfile::tempdir().unwrap();
    let text = calendar(
        "BEGIN:VEVENT\r\nUID:untitled@example.org\r\nDTSTART;VALUE=DATE:20270301\r\nEND:VEVENT\r\n",
    );
    let file = write(dir.path(), "team.ics", &text);
    let report = import(dir.path(), &file);
    assert_eq!(
        report["added"][0]["title"], "Untitled event from team.ics, line 4",
        "{report}"
    );
    assert!(report["added"][0]["notes"]
        .to_string()
        .contains("no SUMMARY"));
    // Importing it again finds it by its UID and changes nothing.
    let again = import(dir.path(), &file);
    assert_eq!(again["unchanged"].as_array().unwrap().len(), 1, "{again}");
}

#[test]
fn several_calendars_in_one_stream_all_import() {
    let dir = tempfile::tempdir().unwrap();
    let first = calendar(&format!(
        "{}BEGIN:VEVENT\r\nUID:one@example.org\r\nDTSTART;TZID=Customized Time Zone:20270410T100000\r\n\
         SUMMARY:First calendar\r\nEND:VEVENT\r\n",
        outlook_zone("Customized Time Zone")
    ));
    let second = calendar(
        "BEGIN:VTODO\r\nUID:two@example.org\r\nDUE;VALUE=DATE:20270420\r\nSUMMARY:Second calendar\r\nEND:VTODO\r\n",
    );
    let file = write(dir.path(), "stream.ics", &format!("{first}{second}"));
    let report = import(dir.path(), &file);
    assert_eq!(report["added"].as_array().unwrap().len(), 2, "{report}");
    assert_eq!(
        when(&titled(dir.path(), "First calendar")),
        ("2027-04-10", "10:00", "Europe/Brussels")
    );
    assert_eq!(
        titled(dir.path(), "Second calendar")["due_date"],
        "2027-04-20"
    );
}

#[test]
fn a_to_do_with_no_due_is_passed_over_with_a_line_and_the_rest_imports() {
    let dir = tempfile::tempdir().unwrap();
    let text = calendar(
        "BEGIN:VTODO\r\nUID:someday@example.org\r\nSUMMARY:Read the guidance\r\nEND:VTODO\r\n\
         BEGIN:VTODO\r\nUID:dated@example.org\r\nDUE;VALUE=DATE:20270520\r\nSUMMARY:File the DPIA\r\nEND:VTODO\r\n",
    );
    let file = write(dir.path(), "tasks.ics", &text);
    let out = docketctl(
        dir.path(),
        "Europe/Brussels",
        &["import", file.to_str().unwrap()],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("skipped: line 4, “Read the guidance”: it is a to-do with no DUE"),
        "{stdout}"
    );
    assert!(stdout.contains("1 added"), "{stdout}");
    assert_eq!(all(dir.path()).len(), 1);
}

#[test]
fn unusual_parameters_and_x_lines_outside_the_calendar_are_read_as_other_clients_read_them() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "X-BATCH-ID:42\r\n{}X-TRAILER:end\r\n",
        calendar(
            "BEGIN:VEVENT\r\nUID:spaced@example.org\r\n\
             DTSTART ; TZID = \"Europe/Berlin\" :20270615T143000\r\nSUMMARY:Spaced\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nuid:lower@example.org\r\ndtstart;value=date:20270616\r\nsummary:Lower case\r\n\
             begin:valarm\r\naction:DISPLAY\r\ntrigger;related=\"START\":-P2D\r\nend:valarm\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:bracket@example.org\r\n\
             DTSTART;TZID=(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna:20270617T080000\r\n\
             SUMMARY:Bracketed zone\r\nEND:VEVENT\r\n"
        )
    );
    let text = text.replace(
        "END:VCALENDAR",
        &format!(
            "{}END:VCALENDAR",
            outlook_zone("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna")
        ),
    );
    let file = write(dir.path(), "lenient.ics", &text);
    import(dir.path(), &file);
    assert_eq!(
        when(&titled(dir.path(), "Spaced")),
        ("2027-06-15", "14:30", "Europe/Berlin")
    );
    let lower = titled(dir.path(), "Lower case");
    assert_eq!(lower["due_date"], "2027-06-16");
    assert_eq!(lower["lead_times"], serde_json::json!(["2d"]));
    assert_eq!(
        when(&titled(dir.path(), "Bracketed zone")),
        ("2027-06-17", "08:00", "Europe/Amsterdam")
    );
}

#[test]
fn a_line_that_truly_cannot_be_read_is_refused_with_a_sentence_and_its_line() {
    let dir = tempfile::tempdir().unwrap();
    docketctl_json(
        dir.path(),
        &[
            "add",
            "--title",
            "Existing",
            "--due",
            "2027-01-01",
            "--json",
        ],
    );
    let before = all(dir.path());
    for (name, text, line, says) in [
        (
            "quote.ics",
            calendar("BEGIN:VEVENT\r\nUID:q@example.org\r\nDTSTART;TZID=\"Europe/Berlin:20270615T143000\r\nSUMMARY:Q\r\nEND:VEVENT\r\n"),
            6,
            "a quote in the parameters of DTSTART is never closed",
        ),
        (
            "stray.ics",
            calendar("BEGIN:VEVENT\r\nUID:s@example.org\r\nDTSTART:20270615\r\nthis line has no colon\r\nEND:VEVENT\r\n"),
            7,
            "is not a content line (NAME:value)",
        ),
        (
            "weekly-zone.ics",
            calendar("BEGIN:VTIMEZONE\r\nTZID:Odd\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=WEEKLY\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:w@example.org\r\nDTSTART;TZID=Odd:20270615T143000\r\nSUMMARY:W\r\nEND:VEVENT\r\n"),
            15,
            "only a yearly rule is followed (line 10)",
        ),
    ] {
        let file = write(dir.path(), name, &text);
        let out = docketctl(
            dir.path(),
            "Europe/Brussels",
            &["import", file.to_str().unwrap()],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(&format!("line {line}")), "{name}: {stderr}");
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert!(
            stderr.to_lowercase().contains("nothing was"),
            "{name}: {stderr}"
        );
        assert!(!stderr.contains("error:") && !stderr.contains("Eof"), "{name}: {stderr}");
        assert_eq!(all(dir.path()), before, "{name} changed nothing");
    }
}

#[test]
fn done_and_waived_deadlines_export_without_alarms_so_other_calendars_stop_reminding() {
    let dir = tempfile::tempdir().unwrap();
    let add = |title: &str| {
        docketctl_json(
            dir.path(),
            &["add", "--title", title, "--due", "2027-05-01", "--json"],
        )["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let done = add("Filed return");
    let waived = add("Waived filing");
    add("Open filing");
    docketctl_json(dir.path(), &["done", &done, "--json"]);
    docketctl_json(
        dir.path(),
        &["waive", &waived, "--reason", "Exempt this year", "--json"],
    );
    let component = |text: &str, title: &str| -> String {
        let at = text.find(&format!("SUMMARY:{title}")).unwrap();
        let begin = text[..at].rfind("BEGIN:V").unwrap();
        let end = text[at..]
            .find("END:VEVENT")
            .or_else(|| text[at..].find("END:VTODO"));
        text[begin..at + end.unwrap()].to_owned()
    };
    for todo in [false, true] {
        let mut args = vec!["export"];
        if todo {
            args.push("--todo");
        }
        let out = docketctl(dir.path(), "Europe/Brussels", &args);
        let text = String::from_utf8(out.stdout).unwrap();
        let (filed, waived, open) = (
            component(&text, "Filed return"),
            component(&text, "Waived filing"),
            component(&text, "Open filing"),
        );
        assert!(!filed.contains("BEGIN:VALARM"), "{filed}");
        assert!(!waived.contains("BEGIN:VALARM"), "{waived}");
        assert!(open.contains("BEGIN:VALARM"), "{open}");
        assert!(waived.contains("STATUS:CANCELLED"), "{waived}");
        if todo {
            assert!(filed.contains("STATUS:COMPLETED"), "{filed}");
            assert!(filed.contains("COMPLETED:20"), "{filed}");
            assert!(filed.contains("PERCENT-COMPLETE:100"), "{filed}");
        } else {
            assert!(filed.contains("STATUS:CONFIRMED"), "{filed}");
            assert!(
                !filed.contains("COMPLETED"),
                "COMPLETED is for to-dos: {filed}"
            );
        }
    }
}

#[test]
fn all_day_alarms_ring_at_the_reminder_time_elsewhere_and_come_back_as_the_same_leads() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    docketctl_json(
        &home,
        &[
            "add",
            "--title",
            "Annual report",
            "--due",
            "2027-03-31",
            "--remind",
            "7d,1d,0d",
            "--json",
        ],
    );
    let file = dir.path().join("docket.ics");
    let out = docketctl(
        &home,
        "Europe/Brussels",
        &["export", "-o", file.to_str().unwrap()],
    );
    assert!(out.status.success());
    let text = std::fs::read_to_string(&file).unwrap();
    let at = text.find("SUMMARY:Annual report").unwrap();
    let begin = text[..at].rfind("BEGIN:VEVENT").unwrap();
    let end = begin + text[begin..].find("END:VEVENT").unwrap();
    let triggers: Vec<&str> = text[begin..end]
        .split("\r\n")
        .filter(|l| l.starts_with("TRIGGER"))
        .collect();
    // 09:00 seven days before, the day before, and on the day.
    assert_eq!(
        triggers,
        ["TRIGGER:-P6DT15H", "TRIGGER:-PT15H", "TRIGGER:PT9H"]
    );
    // As another calendar keeps them (Docket's own fields dropped), the same leads.
    let foreign: String = text
        .split_inclusive("\r\n")
        .filter(|l| !l.starts_with("X-DOCKET"))
        .collect();
    let elsewhere = dir.path().join("elsewhere");
    let foreign_file = write(dir.path(), "foreign.ics", &foreign);
    import(&elsewhere, &foreign_file);
    assert_eq!(
        titled(&elsewhere, "Annual report")["lead_times"],
        serde_json::json!(["7d", "1d", "0d"])
    );
}

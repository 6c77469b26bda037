//! Two-way sync through a real CalDAV server: Radicale, started on
//! 127.0.0.1 with a temporary storage folder, and the passwords in the
//! session's Secret Service (gnome-keyring, started by scripts/headless).

use std::path::Path;
use std::process::Command;

use docket_tests::{
    docketctl, docketctl_json, docketctl_ok, docketctl_with_input, pack_items, run_python,
    summaries, Radicale,
};
use serde_json::Value;

fn add_account(data: &Path, server: &Radicale, user: &str, calendar: &str) {
    let out = docketctl_with_input(
        data,
        &[
            "account",
            "add",
            "team",
            "--url",
            &server.url(),
            "--user",
            user,
            "--calendar",
            calendar,
        ],
        &format!("{user}-pw\n"),
    );
    assert!(
        out.status.success(),
        "account add failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Two data dirs with an account each on alice's "Compliance" calendar.
fn two_dockets(server: &Radicale) -> (tempfile::TempDir, tempfile::TempDir) {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    add_account(a.path(), server, "alice", "Compliance");
    add_account(b.path(), server, "alice", "Compliance");
    (a, b)
}

/// A deadline added on A and synced to B: its id on each side.
fn on_both(a: &tempfile::TempDir, b: &tempfile::TempDir, fields: &[&str]) -> (String, String) {
    let on_a = add(a.path(), fields);
    sync(a.path());
    sync(b.path());
    let title = fields[fields.iter().position(|f| *f == "--title").unwrap() + 1];
    let on_b = titled(b.path(), title).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (on_a, on_b)
}

/// What the session's Secret Service holds for `user` on the server, read
/// with libsecret's `secret-tool`; empty when nothing.
fn keyring_password(user: &str, server: &Radicale) -> String {
    let lookup = Command::new("secret-tool")
        .args([
            "lookup",
            "service",
            "eu.docket.Docket",
            "username",
            &format!("{user} at {}", server.url()),
        ])
        .output()
        .unwrap();
    String::from_utf8_lossy(&lookup.stdout).into_owned()
}

fn sync(data: &Path) -> String {
    docketctl_ok(data, &["sync"])
}

/// Every deadline not deleted, by title.
fn titled(data: &Path, title: &str) -> Option<Value> {
    let all = docketctl_json(data, &["list", "--status", "all", "--json"]);
    all.as_array()
        .unwrap()
        .iter()
        .find(|d| d["title"] == title)
        .cloned()
}

fn count(data: &Path) -> usize {
    docketctl_json(data, &["list", "--status", "all", "--json"])
        .as_array()
        .unwrap()
        .len()
}

fn add(data: &Path, args: &[&str]) -> String {
    let mut all = vec!["add"];
    all.extend_from_slice(args);
    docketctl_ok(data, &all).trim().to_owned()
}

#[test]
fn two_dockets_sync_creates_edits_moves_completions_and_deletions_both_ways() {
    let server = Radicale::start();
    let (a, b) = two_dockets(&server);

    let on_a = add(
        a.path(),
        &[
            "--title",
            "Board sign-off",
            "--due",
            "2027-03-01",
            "--remind",
            "30d,1d",
        ],
    );
    let first = sync(a.path());
    assert!(first.contains("sent"), "{first}");
    sync(b.path());
    let on_b = titled(b.path(), "Board sign-off").expect("the deadline arrives on B");
    assert_eq!(on_b["due_date"], "2027-03-01");
    assert_eq!(on_b["lead_times"], serde_json::json!(["30d", "1d"]));
    assert_eq!(count(a.path()), count(b.path()));
    let b_id = on_b["id"].as_str().unwrap().to_owned();

    // B edits and moves it; A receives both, with who and from which side.
    docketctl_ok(
        b.path(),
        &[
            "edit",
            &b_id,
            "--title",
            "Board sign-off (final)",
            "--due",
            "2027-04-15",
            "--time",
            "17:00",
        ],
    );
    sync(b.path());
    assert!(sync(a.path()).contains("1 from the server"));
    let moved = titled(a.path(), "Board sign-off (final)").expect("the edit arrives on A");
    assert_eq!(moved["id"], on_a);
    assert_eq!(
        (moved["due_date"].as_str(), moved["due_time"].as_str()),
        (Some("2027-04-15"), Some("17:00"))
    );
    assert_eq!(
        moved["due_revision"], 1,
        "a moved date is a new reminder plan"
    );
    let history = docketctl_json(a.path(), &["history", &on_a, "--json"]);
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["via"], "sync from team (server)", "{history}");
    assert!(
        summaries(&history)
            .iter()
            .any(|s| s.starts_with("Moved from 1 March 2027 to 15 April 2027 at 17:00")),
        "{history}"
    );
    let user = std::env::var("USER").unwrap_or_default();
    if !user.is_empty() {
        assert_eq!(
            last["actor"],
            user.as_str(),
            "who changed it on B: {history}"
        );
    }

    // A marks it done; B sees it done.
    docketctl_ok(
        a.path(),
        &["done", &on_a, "--note", "Signed at the March board"],
    );
    sync(a.path());
    sync(b.path());
    let done = titled(b.path(), "Board sign-off (final)").unwrap();
    assert_eq!(done["status"], "done");
    assert_eq!(done["done_note"], "Signed at the March board");

    // Each side creates one; both get both.
    add(b.path(), &["--title", "DPIA review", "--due", "2027-05-10"]);
    add(
        a.path(),
        &["--title", "Vendor audit", "--due", "2027-06-01"],
    );
    sync(a.path());
    sync(b.path());
    sync(a.path());
    for side in [a.path(), b.path()] {
        assert!(titled(side, "DPIA review").is_some());
        assert!(titled(side, "Vendor audit").is_some());
    }
    assert_eq!(count(a.path()), count(b.path()));

    // B deletes one: it leaves the server and A, whose history says so.
    let dpia_on_a = titled(a.path(), "DPIA review").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let dpia_on_b = titled(b.path(), "DPIA review").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let stored = server.stored("alice").len();
    docketctl_ok(b.path(), &["delete", &dpia_on_b]);
    sync(b.path());
    assert_eq!(server.stored("alice").len(), stored - 1);
    sync(a.path());
    assert!(titled(a.path(), "DPIA review").is_none());
    let history = docketctl_json(a.path(), &["history", &dpia_on_a, "--json"]);
    assert_eq!(
        summaries(&history).last().copied(),
        Some("Deleted on the server (team)")
    );
    // A deletion made on A goes the other way.
    let audit_on_a = titled(a.path(), "Vendor audit").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    docketctl_ok(a.path(), &["delete", &audit_on_a]);
    sync(a.path());
    sync(b.path());
    assert!(titled(b.path(), "Vendor audit").is_none());
    assert_eq!(count(a.path()), count(b.path()));
    assert_eq!(server.stored("alice").len(), count(a.path()));

    // Nothing changed: a sync is a no-op on both sides.
    assert_eq!(sync(a.path()).trim(), "team: up to date");
    assert_eq!(sync(b.path()).trim(), "team: up to date");
}

#[test]
fn a_concurrent_edit_is_a_conflict_that_keeps_both_versions_until_the_officer_chooses() {
    let server = Radicale::start();
    let (a, b) = two_dockets(&server);
    let (on_a, on_b) = on_both(
        &a,
        &b,
        &["--title", "Annual AI inventory", "--due", "2027-02-01"],
    );

    docketctl_ok(a.path(), &["edit", &on_a, "--due", "2027-02-15"]);
    docketctl_ok(
        b.path(),
        &["edit", &on_b, "--title", "Annual AI inventory (EU)"],
    );
    sync(a.path());
    let out = sync(b.path());
    assert!(out.contains("1 conflict to resolve"), "{out}");

    // B keeps its version; the server's is kept beside it.
    let mine = titled(b.path(), "Annual AI inventory (EU)").expect("B's version is kept");
    assert_eq!(mine["due_date"], "2027-02-01");
    let conflicts = docketctl_json(b.path(), &["sync", "conflicts", "--json"]);
    let conflict = &conflicts.as_array().unwrap()[0];
    assert_eq!(conflict["local"]["title"], "Annual AI inventory (EU)");
    assert_eq!(conflict["server_title"], "Annual AI inventory");
    assert_eq!(conflict["server_due"], "2027-02-15");
    let accounts = docketctl_json(b.path(), &["account", "list", "--json"]);
    assert_eq!(accounts[0]["conflicts"], 1);
    // The server still holds A's version: B's was not sent over it.
    sync(b.path());
    sync(a.path());
    let on_a_now = titled(a.path(), "Annual AI inventory").expect("A's version stays");
    assert_eq!(on_a_now["due_date"], "2027-02-15");
    let history = docketctl_json(b.path(), &["history", &on_b, "--json"]);
    assert!(
        summaries(&history)
            .iter()
            .any(|s| s.starts_with("Changed on the server (team) and in Docket")),
        "{history}"
    );

    // The officer keeps B's: it is sent over the server's, and A takes it.
    let id = conflict["id"].as_i64().unwrap().to_string();
    docketctl_ok(b.path(), &["sync", "resolve", &id, "--keep", "docket"]);
    assert_eq!(
        docketctl_json(b.path(), &["sync", "conflicts", "--json"]),
        serde_json::json!([])
    );
    assert!(sync(b.path()).contains("1 sent"));
    sync(a.path());
    let taken = titled(a.path(), "Annual AI inventory (EU)").expect("B's version reaches A");
    assert_eq!(taken["due_date"], "2027-02-01");

    // Taking the server's version instead, in another conflict.
    docketctl_ok(a.path(), &["edit", &on_a, "--owner", "Ana"]);
    docketctl_ok(b.path(), &["edit", &on_b, "--owner", "Bo"]);
    sync(a.path());
    sync(b.path());
    let conflicts = docketctl_json(b.path(), &["sync", "conflicts", "--json"]);
    let id = conflicts[0]["id"].as_i64().unwrap().to_string();
    docketctl_ok(b.path(), &["sync", "resolve", &id, "--keep", "server"]);
    assert_eq!(
        titled(b.path(), "Annual AI inventory (EU)").unwrap()["owner"],
        "Ana"
    );
    assert_eq!(sync(b.path()).trim(), "team: up to date");
}

#[test]
fn a_push_over_a_version_docket_has_not_seen_is_refused_by_its_etag() {
    use docket_sync::caldav::{Client, Condition, Written};
    let server = Radicale::start();
    let client = Client::new(&server.url(), "alice", "alice-pw").unwrap();
    let calendar = client.make_calendar("Compliance").unwrap();
    let url = format!("{}x.ics", calendar.url);
    let body = |title: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:x\r\n\
             DTSTAMP:20261201T000000Z\r\nDTSTART;VALUE=DATE:20270301\r\nSUMMARY:{title}\r\n\
             END:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    };
    let Written::Stored(Some(first)) = client
        .put(&url, &body("one"), Condition::IfNoneMatch)
        .unwrap()
    else {
        panic!("the first version is stored with an ETag");
    };
    assert_eq!(
        client
            .put(&url, &body("again"), Condition::IfNoneMatch)
            .unwrap(),
        Written::Changed,
        "a new resource does not replace one that is there"
    );
    let Written::Stored(Some(_second)) = client
        .put(&url, &body("two"), Condition::IfMatch(&first))
        .unwrap()
    else {
        panic!("the second version is stored over the first");
    };
    assert_eq!(
        client
            .put(&url, &body("stale"), Condition::IfMatch(&first))
            .unwrap(),
        Written::Changed
    );
    assert_eq!(client.delete(&url, Some(&first)).unwrap(), Written::Changed);
    let kept = client.get(&url).unwrap().expect("still there");
    assert!(kept.data.contains("SUMMARY:two"), "{}", kept.data);
}

#[test]
fn a_server_that_goes_away_mid_sync_leaves_both_sides_consistent() {
    let mut server = Radicale::start();
    let (a, b) = two_dockets(&server);
    let rows: String = (0..400)
        .map(|i| {
            format!(
                "Internal control {i},2027-{:02}-{:02}\n",
                i % 12 + 1,
                i % 28 + 1
            )
        })
        .collect();
    let csv = a.path().join("controls.csv");
    std::fs::write(&csv, format!("title,due_date\n{rows}")).unwrap();
    docketctl_ok(a.path(), &["import", csv.to_str().unwrap()]);

    // The server is stopped while A sends.
    let sending = Command::new(docket_tests::binary("docketctl"))
        .arg("sync")
        .env("DOCKET_DATA_DIR", a.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    docket_tests::wait_for(
        "some deadlines to reach the server",
        std::time::Duration::from_secs(60),
        || (server.stored("alice").len() > 20).then_some(()),
    );
    server.stop();
    let out = sending.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the sync reports the failure");
    assert!(stderr.contains("cannot be reached"), "{stderr}");
    assert!(stderr.contains("Nothing was lost"), "{stderr}");
    let partly = server.stored("alice").len();
    assert!(
        partly < 400 + pack_items(),
        "the server went away before the end: {partly}"
    );
    let accounts = docketctl_json(a.path(), &["account", "list", "--json"]);
    assert!(
        accounts[0]["last_error"]
            .as_str()
            .unwrap()
            .contains("cannot be reached"),
        "{accounts}"
    );
    assert!(accounts[0]["pending"].as_u64().unwrap() > 0);

    // Offline, A changes one more; B cannot sync and keeps what it has.
    add(
        a.path(),
        &["--title", "Written offline", "--due", "2027-09-09"],
    );
    let offline = docketctl(b.path(), "UTC", &["sync"]);
    assert!(!offline.status.success());
    assert_eq!(
        count(b.path()),
        pack_items(),
        "B still holds its own deadlines only"
    );

    // Something that is not a CalDAV server answers at the address: a clear
    // sentence, and nothing changes on either side.
    let stand_in = Command::new("python3")
        .args([
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            &server.port.to_string(),
        ])
        .current_dir(b.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stand_in = Kill(stand_in);
    docket_tests::wait_for(
        "the stand-in server",
        std::time::Duration::from_secs(20),
        || std::net::TcpStream::connect(("127.0.0.1", server.port)).ok(),
    );
    let before = docketctl_json(b.path(), &["list", "--status", "all", "--json"]);
    let refused = docketctl(b.path(), "UTC", &["sync"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(
        stderr.contains(&format!(
            "The server answered REPORT http://127.0.0.1:{}/alice/compliance/ with 501",
            server.port
        )),
        "{stderr}"
    );
    assert_eq!(
        docketctl_json(b.path(), &["list", "--status", "all", "--json"]),
        before
    );
    drop(stand_in);

    // Back: A sends the rest, B receives it all, each exactly once.
    server.resume();
    sync(a.path());
    sync(b.path());
    // Its 400, the one written offline, and the packs' dates.
    let all = 401 + pack_items();
    assert_eq!(count(a.path()), all);
    assert_eq!(count(b.path()), all);
    assert_eq!(server.stored("alice").len(), all);
    assert!(titled(b.path(), "Written offline").is_some());
    let accounts = docketctl_json(a.path(), &["account", "list", "--json"]);
    assert_eq!(accounts[0]["pending"], 0);
    assert!(accounts[0]["last_error"].is_null(), "{accounts}");
    assert_eq!(sync(a.path()).trim(), "team: up to date");
}

#[test]
fn events_written_by_python_caldav_arrive_with_their_dates_and_alarms() {
    let server = Radicale::start();
    let url = server.url();
    run_python(
        r#"
import sys, caldav
client = caldav.DAVClient(url=sys.argv[1], username="bob", password="bob-pw")
calendar = client.principal().make_calendar(name="Team deadlines")
calendar.save_event("""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example Corp//Team calendar//EN
BEGIN:VEVENT
UID:gpai-report@example.org
DTSTAMP:20261130T120000Z
DTSTART;VALUE=DATE:20270802
DTEND;VALUE=DATE:20270803
SUMMARY:GPAI transparency report
BEGIN:VALARM
ACTION:DISPLAY
DESCRIPTION:Reminder
TRIGGER:-P14D
END:VALARM
BEGIN:VALARM
ACTION:DISPLAY
DESCRIPTION:Reminder
TRIGGER:-P1D
END:VALARM
END:VEVENT
END:VCALENDAR
""")
calendar.save_journal("""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example Corp//Team calendar//EN
BEGIN:VJOURNAL
UID:minutes@example.org
DTSTAMP:20261130T120000Z
DTSTART;VALUE=DATE:20261130
SUMMARY:Minutes of the compliance meeting
END:VJOURNAL
END:VCALENDAR
""")
calendar.save_event("""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example Corp//Team calendar//EN
BEGIN:VEVENT
UID:board-call@example.org
DTSTAMP:20261130T120000Z
DTSTART;TZID=Europe/Brussels:20270315T143000
SUMMARY:Board call on the Code of Practice
BEGIN:VALARM
ACTION:DISPLAY
DESCRIPTION:Reminder
TRIGGER:-PT2H
END:VALARM
END:VEVENT
END:VCALENDAR
""")
"#,
        &[Path::new(&url)],
    );
    let data = tempfile::tempdir().unwrap();
    add_account(data.path(), &server, "bob", "Team deadlines");
    let out = sync(data.path());
    assert!(out.contains("2 from the server"), "{out}");
    assert!(
        out.contains("1 unreadable on the server")
            && out.contains("holds no event or to-do Docket can read"),
        "a journal entry is named and left alone: {out}"
    );
    let report = titled(data.path(), "GPAI transparency report").unwrap();
    assert_eq!(report["due_date"], "2027-08-02");
    assert!(report["due_time"].is_null());
    assert_eq!(report["lead_times"], serde_json::json!(["14d", "1d"]));
    let call = titled(data.path(), "Board call on the Code of Practice").unwrap();
    assert_eq!(
        (
            call["due_date"].as_str(),
            call["due_time"].as_str(),
            call["tz"].as_str()
        ),
        (Some("2027-03-15"), Some("14:30"), Some("Europe/Brussels"))
    );
    assert_eq!(call["lead_times"], serde_json::json!(["2h"]));
    // The officer's own deadlines go the other way; the UIDs stay the server's.
    let ics = docketctl_ok(data.path(), &["export"]);
    assert!(ics.contains("UID:gpai-report@example.org"));
    assert_eq!(server.stored("bob").len(), pack_items() + 3);

    // Another client moves an event it wrote and one Docket wrote: both
    // arrive as moves.
    let mine = add(
        data.path(),
        &["--title", "Vendor due diligence", "--due", "2027-03-10"],
    );
    sync(data.path());
    run_python(
        r#"
import sys, caldav
client = caldav.DAVClient(url=sys.argv[1], username="bob", password="bob-pw")
calendar = client.principal().calendar(name="Team deadlines")
for uid, old, new in [("gpai-report@example.org", "20270802", "20270901"),
                      (sys.argv[2] + "@eu.docket.Docket", "20270310", "20270324")]:
    event = calendar.event_by_uid(uid)
    event.data = event.data.replace("DATE:" + old, "DATE:" + new).replace(
        "DATE:" + str(int(old) + 1), "DATE:" + str(int(new) + 1)).replace(
        "TRIGGER:-P30D", "TRIGGER:-P21D")
    event.save()
"#,
        &[Path::new(&url), Path::new(&mine)],
    );
    let out = sync(data.path());
    assert!(out.contains("2 from the server"), "{out}");
    let moved = titled(data.path(), "Vendor due diligence").unwrap();
    assert_eq!(moved["due_date"], "2027-03-24");
    assert_eq!(moved["due_revision"], 1);
    // Its 30-day alarm, moved to 21 days there, is a lead of 21 days here.
    let leads = moved["lead_times"].as_array().expect("its own leads now");
    assert!(
        leads.contains(&"21d".into()) && !leads.contains(&"30d".into()),
        "{leads:?}"
    );
    assert_eq!(
        titled(data.path(), "GPAI transparency report").unwrap()["due_date"],
        "2027-09-01"
    );
}

#[test]
fn deadlines_sent_as_to_dos_come_back_done_from_another_docket() {
    let server = Radicale::start();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for side in [a.path(), b.path()] {
        let out = docketctl_with_input(
            side,
            &[
                "account",
                "add",
                "team",
                "--url",
                &server.url(),
                "--user",
                "alice",
                "--calendar",
                "Tasks",
                "--todo",
            ],
            "alice-pw\n",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (on_a, on_b) = on_both(
        &a,
        &b,
        &["--title", "Sign the GPAI code", "--due", "2027-01-20"],
    );
    let stored = stored_with(&server, "Sign the GPAI code");
    assert!(
        stored.contains("BEGIN:VTODO") && stored.contains("DUE;VALUE=DATE:20270120"),
        "{stored}"
    );
    docketctl_ok(b.path(), &["done", &on_b]);
    sync(b.path());
    let stored = stored_with(&server, "Sign the GPAI code");
    assert!(stored.contains("STATUS:COMPLETED"), "{stored}");
    sync(a.path());
    let done = docketctl_json(a.path(), &["list", "--status", "done", "--json"]);
    assert!(
        done.as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == on_a.as_str()),
        "{done}"
    );
}

#[test]
fn the_password_is_in_the_keyring_and_never_in_the_database() {
    let server = Radicale::start();
    let data = tempfile::tempdir().unwrap();
    let refused = docketctl_with_input(
        data.path(),
        &[
            "account",
            "add",
            "team",
            "--url",
            &server.url(),
            "--user",
            "alice",
        ],
        "wrong-pw\n",
    );
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("refused the user name or password of “alice”"),
        "{stderr}"
    );
    assert_eq!(
        docketctl_json(data.path(), &["account", "list", "--json"]),
        serde_json::json!([]),
        "nothing is added"
    );

    add_account(data.path(), &server, "alice", "Compliance");
    sync(data.path());
    for file in std::fs::read_dir(data.path()).unwrap().flatten() {
        if file.path().is_file() {
            let bytes = std::fs::read(file.path()).unwrap();
            assert!(
                !bytes.windows(8).any(|w| w == b"alice-pw"),
                "{} holds the password",
                file.path().display()
            );
        }
    }
    let lookup = keyring_password("alice", &server);
    assert_eq!(lookup, "alice-pw");

    docketctl_ok(data.path(), &["account", "remove", "team"]);
    let lookup = keyring_password("alice", &server);
    assert!(lookup.is_empty(), "the password leaves the keyring");
    assert!(
        docketctl_json(data.path(), &["list", "--json"])
            .as_array()
            .is_some_and(|l| !l.is_empty()),
        "the deadlines stay"
    );
}

/// The real window's process on `data`, through tauri-driver, once its
/// agenda is drawn.
fn open_window(data: &Path) -> (docket_tests::TauriDriver, docket_tests::Session) {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "the window tests need an X display; run them through `make test` (scripts/headless)"
    );
    let driver = docket_tests::TauriDriver::start(&[("DOCKET_DATA_DIR", data)]);
    let window = driver.session(&docket_tests::binary("docket"), &["--window"]);
    window.skip_first_questions();
    docket_tests::wait_for("the agenda", std::time::Duration::from_secs(30), || {
        (!window.find_all("[data-testid=deadline-row]").is_empty()).then_some(())
    });
    (driver, window)
}

/// The text of the first element matching `css`, once there is one.
fn first_text(window: &docket_tests::Session, css: &str, what: &str, seconds: u64) -> String {
    docket_tests::wait_for(what, std::time::Duration::from_secs(seconds), || {
        window.find_all(css).first().map(|e| window.text(e))
    })
}

/// The text of the resource on alice's calendars that holds `text`.
fn stored_with(server: &Radicale, text: &str) -> String {
    server
        .stored("alice")
        .into_iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .find(|body| body.contains(text))
        .expect("on the server")
}

/// Clicks an element of the window's side panel once it is scrolled to the
/// middle of the panel, clear of the footer.
fn press(window: &docket_tests::Session, css: &str) {
    window.execute(&format!(
        "document.querySelector('{css}').scrollIntoView({{block: 'center'}})"
    ));
    window.click(&window.find(css));
}

/// How many times the app's log says a sync with `account` ended well.
fn syncs_logged(app: &docket_tests::App, account: &str) -> usize {
    app.log()
        .lines()
        .filter(|l| l.starts_with(&format!("docket: synced {account}:")))
        .count()
}

#[test]
fn a_date_moved_on_one_side_is_reminded_on_the_other_at_its_new_date_once() {
    use std::time::Duration;
    let _daemon = docket_tests::notification_daemon();
    let server = Radicale::start();
    let (a, b) = two_dockets(&server);
    let title = "Quarterly filing to the authority (synced)";
    let id = add(
        a.path(),
        &[
            "--title",
            title,
            "--due",
            "2030-01-15",
            "--time",
            "12:00",
            "--tz",
            "UTC",
            "--remind",
            "1m",
        ],
    );
    sync(a.path());
    sync(b.path());

    // B's Docket runs in the tray and syncs by itself soon after it starts.
    let app = docket_tests::App::start(b.path(), &[]);
    let owner = docket_tests::wait_for("B's tray item", Duration::from_secs(30), || {
        crate::tray::tray_owner(&app)
    });
    docket_tests::wait_for("B's first sync", Duration::from_secs(60), || {
        (syncs_logged(&app, "team") >= 1).then_some(())
    });
    let layout = || crate::tray::menu_layout(&owner);
    docket_tests::wait_for(
        "the tray to say when it synced",
        Duration::from_secs(30),
        || layout().contains("Synced at ").then_some(()),
    );

    // A moves it to two minutes from now; B's "Sync now" in the tray brings it.
    let (date, time, _) = docket_tests::due_in_minutes(2);
    docketctl_ok(a.path(), &["edit", &id, "--due", &date, "--time", &time]);
    sync(a.path());
    crate::tray::click(&owner, "Sync now");
    docket_tests::wait_for("B's sync after Sync now", Duration::from_secs(60), || {
        app.log()
            .contains("docket: synced team: 1 from the server")
            .then_some(())
    });
    let shown = docket_tests::wait_for(
        "the reminder on B at the new date",
        Duration::from_secs(150),
        || {
            let got: Vec<_> = docket_tests::notifications(None)
                .into_iter()
                .filter(|n| n.summary.starts_with(title))
                .collect();
            (!got.is_empty()).then_some(got)
        },
    );
    assert_eq!(shown.len(), 1, "{shown:?}");

    // A change that leaves the date is no new reminder, however often synced.
    docketctl_ok(a.path(), &["edit", &id, "--owner", "Ana"]);
    sync(a.path());
    let before = syncs_logged(&app, "team");
    crate::tray::click(&owner, "Sync now");
    docket_tests::wait_for("B's next sync", Duration::from_secs(60), || {
        (syncs_logged(&app, "team") > before).then_some(())
    });
    std::thread::sleep(Duration::from_secs(3));
    let again = docket_tests::notifications(None)
        .into_iter()
        .filter(|n| n.summary.starts_with(title))
        .count();
    assert_eq!(again, 1, "the synced change fired no second reminder");
    let on_b = titled(b.path(), title).unwrap();
    assert_eq!(on_b["owner"], "Ana");
    let history = docketctl_json(
        b.path(),
        &["history", on_b["id"].as_str().unwrap(), "--json"],
    );
    assert!(
        summaries(&history)
            .iter()
            .any(|s| s.starts_with("Moved from 15 January 2030 at 12:00 (UTC)")),
        "{history}"
    );
}

/// Whether alice's calendars hold a resource with `text`.
fn on_server(server: &Radicale, text: &str) -> bool {
    server
        .stored("alice")
        .into_iter()
        .any(|p| std::fs::read_to_string(p).unwrap().contains(text))
}

#[test]
fn a_change_made_by_docketctl_while_docket_runs_is_sent_unasked_unless_it_syncs_only_when_asked() {
    use std::time::Duration;
    let server = Radicale::start();
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    add_account(d, &server, "alice", "Compliance");
    let app = docket_tests::App::start(d, &[]);
    let owner = docket_tests::wait_for("the tray item", Duration::from_secs(30), || {
        crate::tray::tray_owner(&app)
    });
    docket_tests::wait_for("the first sync", Duration::from_secs(60), || {
        (syncs_logged(&app, "team") >= 1).then_some(())
    });

    // docketctl sends no word to the running app; the app notices the change.
    add(
        d,
        &[
            "--title",
            "Board sign-off on the AI policy",
            "--due",
            "2027-02-01",
        ],
    );
    let sent = |times: usize| {
        let app = &app;
        move || {
            let log = app.log();
            (log.matches("docket: synced team: 1 sent\n").count() >= times).then_some(())
        }
    };
    // The tray process looks at the data at least once a minute.
    docket_tests::wait_for("the unasked sync", Duration::from_secs(150), sent(1));
    assert!(on_server(&server, "Board sign-off on the AI policy"));
    // What the app recorded of the sync is what docketctl reads.
    let list = docketctl_ok(d, &["account", "list"]);
    assert!(list.contains("0 to send"), "{list}");
    // The sync's own writes are nothing new to send: no sync until the
    // interval (15 minutes), past the next look at the data.
    let quiet = syncs_logged(&app, "team");
    std::thread::sleep(Duration::from_secs(75));
    assert_eq!(syncs_logged(&app, "team"), quiet, "{}", app.log());

    // At an interval of 0 it syncs only when asked.
    assert_eq!(
        docketctl_ok(d, &["sync", "interval", "0"]),
        "Docket syncs only when asked.\n"
    );
    let title = "Notify the authority of the model";
    let (date, time, _) = docket_tests::due_in_minutes(2 * 24 * 60);
    add(
        d,
        &[
            "--title", title, "--due", &date, "--time", &time, "--tz", "UTC", "--remind", "1m",
        ],
    );
    // Once the tray lists it, the app has seen the change.
    docket_tests::wait_for("the tray to list it", Duration::from_secs(90), || {
        crate::tray::menu_layout(&owner)
            .contains(title)
            .then_some(())
    });
    std::thread::sleep(Duration::from_secs(15));
    assert_eq!(syncs_logged(&app, "team"), quiet, "{}", app.log());
    assert!(!on_server(&server, title));
    crate::tray::click(&owner, "Sync now");
    docket_tests::wait_for("the sync asked for", Duration::from_secs(60), sent(2));
    assert!(on_server(&server, title));
}

#[test]
fn the_running_app_syncs_at_its_interval_and_brings_what_a_colleague_sent() {
    use std::time::Duration;
    let server = Radicale::start();
    let (a, b) = two_dockets(&server);
    assert_eq!(
        docketctl_ok(b.path(), &["sync", "interval", "1"]),
        "Docket syncs every minute.\n"
    );
    sync(a.path());
    let app = docket_tests::App::start(b.path(), &[]);
    docket_tests::wait_for("B's first sync", Duration::from_secs(60), || {
        (syncs_logged(&app, "team") >= 1).then_some(())
    });
    let title = "Colleague's commitment: vendor AI inventory";
    add(a.path(), &["--title", title, "--due", "2027-04-30"]);
    sync(a.path());
    // Nothing is asked of B's Docket: its next sync is at the interval.
    docket_tests::wait_for("B's sync at the interval", Duration::from_secs(120), || {
        app.log()
            .contains("docket: synced team: 1 from the server")
            .then_some(())
    });
    assert_eq!(titled(b.path(), title).unwrap()["due_date"], "2027-04-30");
}

#[test]
fn the_window_syncs_now_and_resolves_a_conflict_with_the_version_chosen() {
    use std::time::Duration;
    let server = Radicale::start();
    let (a, b) = two_dockets(&server);
    let (on_a, on_b) = on_both(
        &a,
        &b,
        &["--title", "Model card review", "--due", "2027-05-03"],
    );
    docketctl_ok(
        a.path(),
        &["edit", &on_a, "--title", "Model card review (v2)"],
    );
    docketctl_ok(b.path(), &["edit", &on_b, "--due", "2027-05-20"]);
    sync(a.path());

    let (_driver, window) = open_window(b.path());
    window.click(&window.find("[data-testid=open-sync]"));
    let account = window.text(&window.find("[data-testid=sync-account]"));
    assert!(account.contains("calendar “Compliance”"), "{account}");
    assert!(account.contains("1 to send"), "{account}");

    press(&window, "[data-testid=sync-now]");
    let outcome = first_text(
        &window,
        "[data-testid=sync-outcome]",
        "the sync's outcome",
        30,
    );
    assert_eq!(outcome, "team: 1 conflict to resolve");
    let conflict = first_text(&window, "[data-testid=sync-conflict]", "the conflict", 10);
    assert!(
        conflict.contains("Docket: Model card review, due 2027-05-20"),
        "{conflict}"
    );
    assert!(
        conflict.contains("Model card review (v2), due 2027-05-03"),
        "{conflict}"
    );
    press(&window, "[data-testid=keep-local]");
    docket_tests::wait_for("the conflict to go", Duration::from_secs(10), || {
        window
            .find_all("[data-testid=sync-conflict]")
            .is_empty()
            .then_some(())
    });
    press(&window, "[data-testid=sync-now]");
    docket_tests::wait_for("the second sync", Duration::from_secs(30), || {
        window
            .find_all("[data-testid=sync-outcome]")
            .first()
            .map(|o| window.text(o))
            .filter(|t| t == "team: 1 sent")
    });
    sync(a.path());
    let on_a_now = titled(a.path(), "Model card review").expect("B's version reaches A");
    assert_eq!(on_a_now["due_date"], "2027-05-20");
}

#[test]
fn an_account_sends_only_the_deadlines_it_is_given_and_whatever_comes_from_its_calendar() {
    let server = Radicale::start();
    let data = tempfile::tempdir().unwrap();
    let add_with_scope = |name: &str, calendar: &str, scope: &str| {
        docketctl_with_input(
            data.path(),
            &[
                "account",
                "add",
                name,
                "--url",
                &server.url(),
                "--user",
                "alice",
                "--calendar",
                calendar,
                "--scope",
                scope,
            ],
            "alice-pw\n",
        )
    };
    let refused = add_with_scope("odd", "Odd", "pack:no-such-pack");
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("“pack:no-such-pack” is not a choice of deadlines to sync")
            && stderr.contains("pack:ai-act"),
        "{stderr}"
    );
    for (name, calendar, scope) in [
        ("team", "Team", "own"),
        ("regulatory", "Regulatory", "pack:ai-act"),
    ] {
        let out = add_with_scope(name, calendar, scope);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    add(
        data.path(),
        &[
            "--title",
            "Internal AI policy review",
            "--due",
            "2027-02-26",
        ],
    );
    sync(data.path());
    assert_eq!(
        server.stored_in("alice", "team").len(),
        1,
        "only the officer's own"
    );
    assert_eq!(
        server.stored_in("alice", "regulatory").len(),
        docket_core::packs::eu_ai_act().unwrap().items.len(),
        "only the pack's"
    );

    // What a colleague puts in the regulatory calendar arrives, and its edits go back there.
    let colleague = tempfile::tempdir().unwrap();
    add_account(colleague.path(), &server, "alice", "Regulatory");
    sync(colleague.path());
    let theirs = add(
        colleague.path(),
        &[
            "--title",
            "Member-state guidance due",
            "--due",
            "2027-03-01",
        ],
    );
    sync(colleague.path());
    sync(data.path());
    let arrived = titled(data.path(), "Member-state guidance due").expect("arrives");
    docketctl_ok(
        data.path(),
        &["edit", arrived["id"].as_str().unwrap(), "--owner", "Ana"],
    );
    sync(data.path());
    assert_eq!(
        server.stored_in("alice", "team").len(),
        1,
        "not sent to the other calendar"
    );
    sync(colleague.path());
    let back = docketctl_json(colleague.path(), &["list", "--json"]);
    let back = back
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == theirs.as_str())
        .unwrap();
    assert_eq!(back["owner"], "Ana");
}

#[test]
fn the_window_adds_an_account_with_its_password_in_the_keyring_and_syncs_it() {
    let server = Radicale::start();
    let data = tempfile::tempdir().unwrap();
    let (_driver, window) = open_window(data.path());
    window.click(&window.find("[data-testid=open-sync]"));
    press(&window, "[data-testid=new-account]");
    for (field, value) in [
        ("#a-name", "team"),
        ("#a-url", server.url().as_str()),
        ("#a-user", "bob"),
        ("#a-password", "not-bobs"),
        ("#a-calendar", "Compliance"),
    ] {
        window.type_into(&window.find(field), value);
    }
    press(&window, "[data-testid=save-account]");
    let problem = first_text(&window, "[data-testid=sync-problem]", "the refusal", 20);
    assert!(
        problem.contains("refused the user name or password of “bob”"),
        "{problem}"
    );
    assert_eq!(
        docketctl_json(data.path(), &["account", "list", "--json"]),
        serde_json::json!([])
    );

    window.type_into(&window.find("#a-password"), "bob-pw");
    press(&window, "[data-testid=save-account]");
    let account = first_text(&window, "[data-testid=sync-account]", "the account", 20);
    assert!(account.contains("Last synced: never"), "{account}");
    let lookup = keyring_password("bob", &server);
    assert_eq!(lookup, "bob-pw");

    press(&window, "[data-testid=sync-now]");
    let outcome = first_text(
        &window,
        "[data-testid=sync-outcome]",
        "the sync's outcome",
        30,
    );
    assert_eq!(outcome, format!("team: {} sent", pack_items()));
    assert_eq!(server.stored_in("bob", "compliance").len(), pack_items());
}

#[test]
fn an_account_given_only_the_host_finds_the_calendars_through_the_well_known_address() {
    let server = Radicale::start();
    // As on Nextcloud: a web page at the host, CalDAV under
    // /remote.php/dav/, which only /.well-known/caldav names.
    let front = docket_tests::WebFront::before(&server);
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let out = docketctl_with_input(
        d,
        &[
            "account",
            "add",
            "cloud",
            "--url",
            &front.url(),
            "--user",
            "alice",
            "--calendar",
            "Compliance",
        ],
        "alice-pw\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let accounts = docketctl_json(d, &["account", "list", "--json"]);
    assert_eq!(
        accounts[0]["calendar_url"],
        format!("{}remote.php/dav/alice/compliance/", front.url()),
        "{accounts}"
    );
    assert!(sync(d).contains(&format!("{} sent", pack_items())));
    assert_eq!(server.stored_in("alice", "compliance").len(), pack_items());
    // A later sync goes to the calendar found, with nothing left to do.
    assert!(sync(d).contains("up to date"));
}

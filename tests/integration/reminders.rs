//! Reminders through a real D-Bus session and a real notification daemon
//! (dunst), from the app running in the tray (`make test` runs these inside
//! scripts/headless).

use std::process::Command;
use std::time::Duration;

use chrono::TimeDelta;
use docket_tests::{
    displayed_notifications, docketctl_json, due_in_minutes, notification_daemon, notifications,
    sleep_until, wait_for, App, Notice,
};

fn add_timed(
    data: &std::path::Path,
    title: &str,
    minutes: i64,
    remind: &str,
) -> (String, chrono::DateTime<chrono::Utc>) {
    let (date, time, due) = due_in_minutes(minutes);
    let created = docketctl_json(
        data,
        &[
            "add",
            "--title",
            title,
            "--due",
            &date,
            "--time",
            &time,
            "--tz",
            "UTC",
            "--remind",
            remind,
            "--regulation",
            "Internal policy",
            "--reference",
            "Sec. 4.2",
            "--json",
        ],
    );
    (created["id"].as_str().unwrap().to_owned(), due)
}

fn received(title: &str) -> Vec<Notice> {
    notifications(None)
        .into_iter()
        .filter(|n| n.summary.starts_with(title) || n.body.contains(title))
        .collect()
}

#[test]
fn a_reminder_is_notified_exactly_once_even_after_a_kill_and_a_restart() {
    let _daemon = notification_daemon();
    let data = tempfile::tempdir().unwrap();
    let title = "Board minutes due (once)";
    let (_, due) = add_timed(data.path(), title, 2, "1m");
    let mut app = App::start(data.path(), &[]);

    let shown = wait_for(
        "the reminder to reach the daemon",
        Duration::from_secs(150),
        || {
            let got = received(title);
            (!got.is_empty()).then_some(got)
        },
    );
    assert_eq!(shown.len(), 1, "{shown:?}");
    let n = &shown[0];
    assert_eq!(n.appname, "Docket");
    assert_eq!(n.summary, format!("{title} — in 1 minute"));
    assert!(
        n.body
            .contains(&format!("at {} (UTC)", due.format("%H:%M"))),
        "{}",
        n.body
    );
    assert!(n.body.contains("Internal policy — Sec. 4.2"), "{}", n.body);
    assert!(n.critical, "a 1-minute reminder asks for critical urgency");

    app.kill();
    let mut restarted = App::start(data.path(), &[]);
    // The scheduler's first pass runs as soon as the app starts.
    std::thread::sleep(Duration::from_secs(8));
    assert!(restarted.is_running());
    assert_eq!(
        received(title).len(),
        1,
        "no second notification after kill -9 and restart"
    );
}

#[test]
fn reminders_that_came_due_while_docket_was_closed_arrive_as_one_digest() {
    let _daemon = notification_daemon();
    let data = tempfile::tempdir().unwrap();
    let (_, first_due) = add_timed(data.path(), "Quarterly DPIA review (digest)", 2, "1m");
    add_timed(data.path(), "Supplier AI audit (digest)", 3, "2m");
    // Both fire at the same minute, while Docket is not running.
    sleep_until(first_due - TimeDelta::minutes(1) + TimeDelta::seconds(1));

    let _app = App::start(data.path(), &[]);
    let digest = wait_for("the digest", Duration::from_secs(30), || {
        notifications(None)
            .into_iter()
            .find(|n| n.body.contains("(digest)"))
    });
    assert_eq!(digest.summary, "While Docket was closed: 2 reminders");
    assert!(
        digest
            .body
            .contains("Quarterly DPIA review (digest) — in 1 minute"),
        "{}",
        digest.body
    );
    assert!(
        digest
            .body
            .contains("Supplier AI audit (digest) — in 2 minutes"),
        "{}",
        digest.body
    );
    let lines: Vec<&str> = digest.body.lines().collect();
    assert!(
        lines[0].contains("Quarterly DPIA review"),
        "most urgent first: {lines:?}"
    );
    std::thread::sleep(Duration::from_secs(3));
    let about_them: Vec<Notice> = notifications(None)
        .into_iter()
        .filter(|n| n.body.contains("(digest)") || n.summary.contains("(digest)"))
        .collect();
    assert_eq!(
        about_them.len(),
        1,
        "one digest, not a flood: {about_them:?}"
    );
}

/// The Notify calls on the session bus, as dbus-monitor prints them, from
/// when it was started until it is read.
struct NotifyCalls {
    monitor: std::process::Child,
    out: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl NotifyCalls {
    fn start() -> NotifyCalls {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("notify.txt");
        let monitor = Command::new("dbus-monitor")
            .args([
                "--session",
                "--monitor",
                "type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
            ])
            .stdout(std::fs::File::create(&out).unwrap())
            .spawn()
            .unwrap();
        // dbus-monitor says nothing when it is ready; give it a moment.
        std::thread::sleep(Duration::from_millis(500));
        NotifyCalls {
            monitor,
            out,
            _dir: dir,
        }
    }

    /// The text of the Notify call whose summary starts with `title`.
    fn call(&self, title: &str) -> Option<String> {
        let text = std::fs::read_to_string(&self.out).ok()?;
        text.split("method call")
            .find(|call| call.contains(&format!("string \"{title}")))
            .map(str::to_owned)
    }
}

impl Drop for NotifyCalls {
    fn drop(&mut self) {
        let _ = self.monitor.kill();
        let _ = self.monitor.wait();
    }
}

#[test]
fn snooze_is_offered_only_for_as_long_as_the_deadline_allows_and_only_the_last_call_is_critical() {
    let _daemon = notification_daemon();
    let calls = NotifyCalls::start();
    let data = tempfile::tempdir().unwrap();
    // Its 1-day stage fires in two minutes: a day's snooze would end just
    // after the deadline, an hour's in time.
    let early = "Vendor questionnaire back (a day)";
    add_timed(data.path(), early, 24 * 60 + 2, "1d");
    // Its 2-minute stage fires in a minute: no snooze ends before it is due.
    let last = "Regulator call (minutes away)";
    add_timed(data.path(), last, 3, "2m");
    let _app = App::start(data.path(), &[]);
    let both = wait_for(
        "both reminders at the daemon",
        Duration::from_secs(200),
        || {
            let early = received(early);
            let last = received(last);
            (!early.is_empty() && !last.is_empty()).then_some((early, last))
        },
    );
    assert!(!both.0[0].critical, "a day ahead is not the last call");
    assert!(both.1[0].critical, "two minutes ahead is the last call");
    let sent = wait_for("the Notify calls", Duration::from_secs(5), || {
        Some((calls.call(early)?, calls.call(last)?))
    });
    assert!(sent.0.contains("string \"Snooze 1 hour\""), "{}", sent.0);
    assert!(!sent.0.contains("Snooze 1 day"), "{}", sent.0);
    assert!(sent.0.contains("string \"Mark done\""), "{}", sent.0);
    assert!(!sent.1.contains("Snooze"), "{}", sent.1);
    assert!(sent.1.contains("string \"Mark done\""), "{}", sent.1);
}

#[test]
fn mark_done_in_the_notification_marks_the_deadline_done_with_the_window_closed() {
    let _daemon = notification_daemon();
    let data = tempfile::tempdir().unwrap();
    let title = "Sign the incident report (action)";
    let (id, _) = add_timed(data.path(), title, 2, "1m");
    // Earlier tests' notifications leave the screen, so that the one on it is this one.
    notifications(None);
    let app = App::start(data.path(), &[]);
    // The officer clicks as soon as the reminder is on screen, once: the
    // app listens before it shows anything, so the click cannot be lost.
    let notification = wait_for("the reminder on screen", Duration::from_secs(150), || {
        displayed_notifications()
            .gt(&0)
            .then(|| app.notification_id(title))
            .flatten()
    });
    let clicked = Command::new("gdbus")
        .args([
            "emit",
            "--session",
            "--object-path",
            "/org/freedesktop/Notifications",
            "--signal",
            "org.freedesktop.Notifications.ActionInvoked",
            &format!("uint32 {notification}"),
            "'done'",
        ])
        .status()
        .unwrap();
    assert!(clicked.success());
    let done = wait_for(
        "the deadline to be done in SQLite",
        Duration::from_secs(10),
        || {
            let list = docketctl_json(data.path(), &["list", "--status", "done", "--json"]);
            list.as_array()
                .unwrap()
                .iter()
                .find(|d| d["id"] == id.as_str())
                .cloned()
        },
    );
    assert_eq!(done["status"], "done");
    let history = docketctl_json(data.path(), &["history", &id, "--json"]);
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["summary"], "Marked done");
    assert_eq!(last["via"], "notification");
}

/// A private session bus with no notification service and nothing that can
/// be activated, stopped when dropped.
struct BareBus {
    daemon: std::process::Child,
    address: String,
    _config: tempfile::TempDir,
}

impl BareBus {
    fn start() -> BareBus {
        let config = tempfile::tempdir().unwrap();
        let path = config.path().join("bus.conf");
        std::fs::write(
            &path,
            format!(
                "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" \
                 \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\
                 <busconfig><type>session</type><listen>unix:dir={}</listen>\
                 <policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>\
                 <allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>",
                config.path().display()
            ),
        )
        .unwrap();
        let mut daemon = Command::new("dbus-daemon")
            .args([
                "--nofork",
                "--print-address=1",
                &format!("--config-file={}", path.display()),
            ])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(daemon.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        BareBus {
            daemon,
            address: line.trim().to_owned(),
            _config: config,
        }
    }
}

impl Drop for BareBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

#[test]
fn without_a_notification_daemon_the_app_stays_up_and_delivers_once_one_appears() {
    let bus = BareBus::start();
    let data = tempfile::tempdir().unwrap();
    let title = "Renew the conformity declaration (no daemon)";
    let (_, due) = add_timed(data.path(), title, 2, "1m");
    let mut app = App::start(
        data.path(),
        &[("DBUS_SESSION_BUS_ADDRESS", bus.address.as_ref())],
    );

    sleep_until(due - TimeDelta::minutes(1) + TimeDelta::seconds(3));
    wait_for(
        "the app to say notifications cannot be shown",
        Duration::from_secs(30),
        || {
            app.log()
                .contains("Notifications cannot be shown")
                .then_some(())
        },
    );
    assert!(
        app.is_running(),
        "the app keeps running without a notification service"
    );

    let mut dunst = Command::new("dunst")
        .args([
            "-config",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/dunstrc"),
        ])
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let shown = wait_for(
        "the owed reminder once the daemon is there",
        Duration::from_secs(90),
        || {
            let got: Vec<Notice> = notifications(Some(&bus.address))
                .into_iter()
                .filter(|n| n.summary.starts_with(title))
                .collect();
            (!got.is_empty()).then_some(got)
        },
    );
    std::thread::sleep(Duration::from_secs(2));
    let again: Vec<Notice> = notifications(Some(&bus.address))
        .into_iter()
        .filter(|n| n.summary.starts_with(title))
        .collect();
    let _ = dunst.kill();
    let _ = dunst.wait();
    assert_eq!(shown.len(), 1);
    assert_eq!(again.len(), 1, "delivered once");
    assert!(app.is_running());
}

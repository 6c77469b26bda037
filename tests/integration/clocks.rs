//! Incident clocks through the running app: a step's reminder reaches the
//! notification daemon (dunst) at its minute, once, also across a kill -9
//! and a restart, and the tray lists the running clock first.

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use docket_tests::{
    displayed_notifications, docketctl_json, due_in_minutes, notification_daemon, notifications,
    wait_for, App,
};

use crate::tray::{menu_layout, tray_owner};

#[test]
fn a_clock_step_due_in_minutes_is_notified_at_its_minute_once_and_heads_the_tray() {
    let _daemon = notification_daemon();
    // Earlier tests' notifications leave the screen and the history read below.
    notifications(None);
    let data = tempfile::tempdir().unwrap();
    // Aware 72 hours before a minute three minutes from now: the GDPR
    // notification falls due then. Its earlier stages lie before the clock
    // was started, so only the one as it falls due is owed.
    let (_, _, due) = due_in_minutes(3);
    let aware = due - TimeDelta::hours(72);
    let clock = docketctl_json(
        data.path(),
        &[
            "clock",
            "start",
            "gdpr-breach",
            "--at",
            &aware.to_rfc3339(),
            "--member-state",
            "IE",
            "--title",
            "Payroll export (clock test)",
            "--json",
        ],
    );
    assert_eq!(
        clock["steps"][0]["due"],
        due.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    );

    let mut app = App::start(data.path(), &[]);
    let owner = wait_for("the tray item", Duration::from_secs(30), || {
        tray_owner(&app)
    });
    let layout = wait_for(
        "the clock in the tray menu",
        Duration::from_secs(20),
        || {
            let layout = menu_layout(&owner);
            layout
                .contains("Clock: Payroll export (clock test): Notify the supervisory authority")
                .then_some(layout)
        },
    );
    // The clock comes before everything else in the menu.
    let clock_at = layout.find("Clock: Payroll export").unwrap();
    let open_at = layout.find("Open Docket").unwrap();
    assert!(clock_at < open_at, "{layout}");
    assert!(layout.contains(" min left, until "), "{layout}");

    let title = "Payroll export (clock test): Notify the supervisory authority";
    let shown = wait_for("the step's reminder", Duration::from_secs(240), || {
        let got: Vec<_> = notifications(None)
            .into_iter()
            .filter(|n| n.summary.starts_with(title))
            .collect();
        (!got.is_empty()).then(|| (Utc::now(), got))
    });
    let (seen_at, got) = shown;
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].critical, "the last call is critical");
    assert!(
        seen_at >= due,
        "not before its minute: seen {seen_at}, due {due}"
    );
    assert!(
        seen_at - due < TimeDelta::seconds(75),
        "at its minute: seen {seen_at}, due {due}"
    );
    let log = app.log();
    assert!(log.contains(title), "{log}");

    app.kill();
    let mut again = App::start(data.path(), &[]);
    std::thread::sleep(Duration::from_secs(8));
    assert!(again.is_running());
    let _ = displayed_notifications();
    assert_eq!(
        notifications(None)
            .into_iter()
            .filter(|n| n.summary.starts_with(title))
            .count(),
        1,
        "no second notification after kill -9 and a restart"
    );
}

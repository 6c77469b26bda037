//! The tray's StatusNotifierItem and its menu on the session bus, and one
//! instance per data directory.

use std::process::Command;
use std::time::Duration;

use docket_tests::{docketctl_json, wait_for, App};

pub(crate) const ITEM: &str = "/org/ayatana/NotificationItem/tray_icon_tray_app_docket";

/// The unique bus name of the app's connection that exports the tray item.
pub(crate) fn tray_owner(app: &App) -> Option<String> {
    let out = Command::new("busctl")
        .args(["--user", "list", "--no-pager", "--no-legend"])
        .output()
        .ok()?;
    let pid = app.pid().to_string();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let mut cols = line.split_whitespace();
            let name = cols.next()?;
            (cols.next()? == pid && name.starts_with(':')).then(|| name.to_owned())
        })
        .find(|name| {
            Command::new("busctl")
                .args(["--user", "tree", "--list", "--no-pager", name])
                .output()
                .is_ok_and(|o| {
                    String::from_utf8_lossy(&o.stdout)
                        .lines()
                        .any(|l| l.trim() == ITEM)
                })
        })
}

/// Calls a D-Bus method on the app's connection and returns gdbus's reply.
pub(crate) fn call(owner: &str, path: &str, method: &str, args: &[&str]) -> String {
    let out = Command::new("gdbus")
        .args([
            "call",
            "--session",
            "--dest",
            owner,
            "--object-path",
            path,
            "--method",
            method,
            "--",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "gdbus {method}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The whole tray menu, as dbusmenu's GetLayout gives it.
pub(crate) fn menu_layout(owner: &str) -> String {
    call(
        owner,
        &format!("{ITEM}/Menu"),
        "com.canonical.dbusmenu.GetLayout",
        &["0", "-1", "[]"],
    )
}

/// The menu item id whose label is `label`, from a dbusmenu GetLayout reply.
fn item_id(layout: &str, label: &str) -> Option<u32> {
    let at = layout.find(&format!("'label': <'{label}'>"))?;
    let before = &layout[..at];
    let open = before.rfind('(')?;
    before[open + 1..].split(',').next()?.trim().parse().ok()
}

fn days_ahead(days: i64) -> String {
    (chrono::Utc::now() + chrono::TimeDelta::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

#[test]
fn the_tray_menu_lists_the_next_deadlines_and_its_quit_ends_the_app() {
    let data = tempfile::tempdir().unwrap();
    let title = "Tray check: AI register update";
    docketctl_json(
        data.path(),
        &["add", "--title", title, "--due", &days_ahead(3), "--json"],
    );
    let mut app = App::start(data.path(), &[]);
    let owner = wait_for(
        "the tray item on the session bus",
        Duration::from_secs(30),
        || tray_owner(&app),
    );

    let properties = call(
        &owner,
        ITEM,
        "org.freedesktop.DBus.Properties.GetAll",
        &["org.kde.StatusNotifierItem"],
    );
    assert!(properties.contains("'Status': <'Active'>"), "{properties}");
    assert!(properties.contains("'Title': <'Docket'>"), "{properties}");
    let menu = format!("{ITEM}/Menu");
    let layout = wait_for(
        "the menu with the next deadlines",
        Duration::from_secs(20),
        || {
            let layout = menu_layout(&owner);
            layout.contains(title).then_some(layout)
        },
    );
    for label in [
        "Open Docket",
        "Pause reminders for 1 hour",
        "Pause reminders until tomorrow",
        "Quit",
    ] {
        assert!(
            layout.contains(&format!("'label': <'{label}'>")),
            "{label} in {layout}"
        );
    }
    assert!(layout.contains("due within 7 days"), "{layout}");
    // Something is due within 7 days: the label beside the icon says so.
    let properties = call(
        &owner,
        ITEM,
        "org.freedesktop.DBus.Properties.GetAll",
        &["org.kde.StatusNotifierItem"],
    );
    assert!(properties.contains("soon"), "{properties}");

    let quit = item_id(&layout, "Quit").expect("Quit has an id");
    // The app may exit before it answers the click; exiting is what is asked.
    Command::new("gdbus")
        .args([
            "call",
            "--session",
            "--dest",
            &owner,
            "--object-path",
            &menu,
            "--method",
        ])
        .args([
            "com.canonical.dbusmenu.Event",
            "--",
            &quit.to_string(),
            "clicked",
            "<0>",
            "0",
        ])
        .output()
        .unwrap();
    let status = app
        .wait_exit(Duration::from_secs(15))
        .expect("Quit ends the process");
    assert!(status.success(), "{status:?}");
}

#[test]
fn an_overdue_task_heads_the_tray_menu_and_its_label_while_passed_regulation_dates_do_not() {
    let data = tempfile::tempdir().unwrap();
    let title = "Tray check: send the DPIA to the board";
    let due = days_ahead(-2);
    docketctl_json(
        data.path(),
        &["add", "--title", title, "--due", &due, "--json"],
    );
    let app = App::start(data.path(), &[]);
    let owner = wait_for(
        "the tray item on the session bus",
        Duration::from_secs(30),
        || tray_owner(&app),
    );
    let layout = wait_for(
        "the overdue task in the menu",
        Duration::from_secs(20),
        || {
            let layout = menu_layout(&owner);
            layout.contains(title).then_some(layout)
        },
    );
    // The embedded pack's passed application dates are in effect, not late.
    assert_eq!(layout.matches("Overdue: ").count(), 1, "{layout}");
    let shown = chrono::NaiveDate::parse_from_str(&due, "%Y-%m-%d").unwrap();
    assert!(
        layout.contains(&format!("Overdue: {} — {title}", shown.format("%-d %b %Y"))),
        "{layout}"
    );
    assert!(layout.contains("1 overdue"), "{layout}");
    let properties = call(
        &owner,
        ITEM,
        "org.freedesktop.DBus.Properties.GetAll",
        &["org.kde.StatusNotifierItem"],
    );
    assert!(properties.contains("Docket: 1 overdue"), "{properties}");
}

#[test]
fn a_second_launch_hands_over_to_the_running_one_and_exits() {
    let data = tempfile::tempdir().unwrap();
    let mut first = App::start(data.path(), &[]);
    wait_for(
        "the first instance to listen",
        Duration::from_secs(30),
        || data.path().join("docket.sock").exists().then_some(()),
    );
    let mut second = App::start(data.path(), &[]);
    let status = second
        .wait_exit(Duration::from_secs(15))
        .expect("the second launch exits");
    assert!(status.success());
    assert!(second.log().contains("already running"), "{}", second.log());
    assert!(first.is_running(), "the first instance keeps running");
}

/// The visible X windows titled "Docket" of the app `pid` (its own, or its
/// window process's): other tests may have Docket windows open meanwhile.
fn windows(pid: u32) -> Vec<String> {
    let out = Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", "^Docket$"])
        .output()
        .unwrap();
    let parent = |p: &str| {
        std::fs::read_to_string(format!("/proc/{p}/stat"))
            .ok()
            .and_then(|stat| {
                stat.rsplit_once(") ")
                    .map(|(_, rest)| rest.split_whitespace().nth(1).unwrap_or("").to_owned())
            })
    };
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter(|w| {
            let owner = Command::new("xdotool")
                .args(["getwindowpid", w])
                .output()
                .ok();
            let owner = owner
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
                .unwrap_or_default();
            owner == pid.to_string() || parent(&owner).as_deref() == Some(pid.to_string().as_str())
        })
        .map(str::to_owned)
        .collect()
}

/// How many WebKit web processes (webviews) run under `pid`.
fn webviews(pid: u32) -> usize {
    let parent_of = |p: &str| -> Option<(String, String)> {
        let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).ok()?;
        let (head, rest) = stat.rsplit_once(") ")?;
        let name = head.split_once(" (")?.1.to_owned();
        Some((name, rest.split_whitespace().nth(1)?.to_owned()))
    };
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|p| p.chars().all(|c| c.is_ascii_digit()))
        .filter(|p| {
            let Some((name, _)) = parent_of(p) else {
                return false;
            };
            let mut current = p.clone();
            name.starts_with("WebKitWebProces")
                && std::iter::from_fn(|| {
                    let (_, parent) = parent_of(&current)?;
                    current = parent.clone();
                    Some(parent)
                })
                .take(10)
                .any(|ancestor| ancestor == pid.to_string())
        })
        .count()
}

pub(crate) fn click(owner: &str, label: &str) {
    let menu = format!("{ITEM}/Menu");
    let layout = menu_layout(owner);
    let id = item_id(&layout, label).unwrap_or_else(|| panic!("{label} in {layout}"));
    call(
        owner,
        &menu,
        "com.canonical.dbusmenu.Event",
        &[&id.to_string(), "clicked", "<0>", "0"],
    );
}

#[test]
fn closing_the_window_leaves_docket_in_the_tray_without_a_webview_and_open_brings_it_back() {
    let data = tempfile::tempdir().unwrap();
    let mut app = App::start(data.path(), &[]);
    let owner = wait_for(
        "the tray item on the session bus",
        Duration::from_secs(30),
        || tray_owner(&app),
    );
    assert_eq!(webviews(app.pid()), 0, "started hidden: no webview");

    click(&owner, "Open Docket");
    let window = wait_for("the window to open", Duration::from_secs(30), || {
        windows(app.pid()).into_iter().next()
    });
    wait_for("the webview to start", Duration::from_secs(30), || {
        (webviews(app.pid()) > 0).then_some(())
    });

    // Ctrl+W closes the window, as the window manager's close button would.
    // The page installs its key handler once it has loaded.
    std::thread::sleep(Duration::from_secs(3));
    let keyboard = docket_tests::x_keyboard();
    let focused = Command::new("xdotool")
        .args(["windowfocus", "--sync", &window])
        .status()
        .unwrap();
    assert!(focused.success());
    Command::new("xdotool")
        .args(["key", "ctrl+w"])
        .status()
        .unwrap();
    drop(keyboard);
    wait_for("the window to close", Duration::from_secs(20), || {
        windows(app.pid()).is_empty().then_some(())
    });
    wait_for("the webview to end", Duration::from_secs(20), || {
        (webviews(app.pid()) == 0).then_some(())
    });
    assert!(app.is_running(), "Docket keeps running in the tray");

    click(&owner, "Open Docket");
    wait_for("the window to open again", Duration::from_secs(30), || {
        windows(app.pid()).into_iter().next()
    });
    assert!(app.is_running());
}

#[test]
fn a_deadline_added_by_docketctl_while_docket_runs_reaches_the_tray_and_is_reminded() {
    let _daemon = docket_tests::notification_daemon();
    let data = tempfile::tempdir().unwrap();
    // Docket starts on a database it made before, as on every start but the
    // first.
    docketctl_json(data.path(), &["check", "--json"]);
    let app = App::start(data.path(), &[]);
    let owner = wait_for(
        "the tray item on the session bus",
        Duration::from_secs(30),
        || tray_owner(&app),
    );

    let title = "Added from the terminal (live)";
    let (date, time, _) = docket_tests::due_in_minutes(2);
    let logged = || docketctl_json(data.path(), &["check", "--json"])["reminder_log"].clone();
    let logged_before = logged();
    docketctl_json(
        data.path(),
        &[
            "add", "--title", title, "--due", &date, "--time", &time, "--tz", "UTC", "--remind",
            "1m", "--json",
        ],
    );
    wait_for(
        "the tray menu to list the new deadline",
        Duration::from_secs(90),
        || menu_layout(&owner).contains(title).then_some(()),
    );
    let shown = wait_for(
        "the reminder of the new deadline",
        Duration::from_secs(150),
        || {
            let got: Vec<_> = docket_tests::notifications(None)
                .into_iter()
                .filter(|n| n.summary.starts_with(title))
                .collect();
            (!got.is_empty()).then_some(got)
        },
    );
    assert_eq!(shown.len(), 1);
    // What the app wrote after docketctl closed reaches docketctl: the
    // reminder is in the log, so no restart shows it again.
    wait_for(
        "the reminder in the log docketctl reads",
        Duration::from_secs(10),
        || (logged().as_u64() > logged_before.as_u64()).then_some(()),
    );
}

#[test]
fn a_pause_from_the_tray_says_when_it_ends_and_offers_resume() {
    let data = tempfile::tempdir().unwrap();
    let app = App::start(data.path(), &[]);
    let owner = wait_for(
        "the tray item on the session bus",
        Duration::from_secs(30),
        || tray_owner(&app),
    );
    wait_for("the pause items", Duration::from_secs(20), || {
        menu_layout(&owner)
            .contains("'label': <'Pause reminders for 1 hour'>")
            .then_some(())
    });
    click(&owner, "Pause reminders for 1 hour");
    let paused = wait_for(
        "the menu of a paused Docket",
        Duration::from_secs(20),
        || {
            let layout = menu_layout(&owner);
            layout
                .contains("'label': <'Resume reminders'>")
                .then_some(layout)
        },
    );
    // The app runs in UTC here: an hour from now, on that clock.
    assert!(paused.contains("Reminders paused until "), "{paused}");
    assert!(
        !paused.contains("'label': <'Pause reminders for 1 hour'>"),
        "{paused}"
    );
    click(&owner, "Resume reminders");
    wait_for("the pause items again", Duration::from_secs(20), || {
        menu_layout(&owner)
            .contains("'label': <'Pause reminders for 1 hour'>")
            .then_some(())
    });
}

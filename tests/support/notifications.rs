//! The dunst notification daemon of the test session: what it received and
//! what it shows.

use std::process::Command;

use serde_json::Value;

/// A notification as the dunst daemon received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub id: i64,
    pub appname: String,
    pub summary: String,
    pub body: String,
    /// True when the notification asked for critical urgency (marked by the
    /// test session's dunstrc in the formatted message).
    pub critical: bool,
}

/// How many notifications the daemon has on screen now.
pub fn displayed_notifications() -> u32 {
    let out = Command::new("dunstctl")
        .args(["count", "displayed"])
        .output()
        .expect("dunstctl runs");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

/// Every notification the daemon received: displayed ones are closed first
/// (`dunstctl close-all`), so that `dunstctl history` holds them all.
/// `bus` selects a session bus other than the test session's.
pub fn notifications(bus: Option<&str>) -> Vec<Notice> {
    let dunstctl = |args: &[&str]| {
        let mut command = Command::new("dunstctl");
        command.args(args);
        if let Some(address) = bus {
            command.env("DBUS_SESSION_BUS_ADDRESS", address);
        }
        command.output().expect("dunstctl runs")
    };
    dunstctl(&["close-all"]);
    let out = dunstctl(&["history"]);
    let history: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let text = |n: &Value, key: &str| n[key]["data"].as_str().unwrap_or_default().to_owned();
    history["data"][0]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|n| Notice {
                    id: n["id"]["data"].as_i64().unwrap_or_default(),
                    appname: text(n, "appname"),
                    summary: text(n, "summary"),
                    body: text(n, "body"),
                    critical: text(n, "message").starts_with("[critical]"),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Serialises the tests that read or close the shared daemon's notifications.
pub fn notification_daemon() -> std::sync::MutexGuard<'static, ()> {
    static DAEMON: std::sync::Mutex<()> = std::sync::Mutex::new(());
    DAEMON
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

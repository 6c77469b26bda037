//! Time in the desktop tests: waiting for a state, due times a few minutes
//! ahead, free ports.

use std::net::TcpListener;
use std::time::{Duration, Instant};

/// A free TCP port on the loopback interface.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Polls `probe` until it returns `Some`, or fails the test after `timeout`.
pub fn wait_for<T>(what: &str, timeout: Duration, mut probe: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(
            start.elapsed() < timeout,
            "timed out after {timeout:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(150));
    }
}

/// A due time (UTC) `minutes` whole minutes after the current minute (or the
/// next one, when this one is about to end), as (date, HH:MM, the due instant).
pub fn due_in_minutes(minutes: i64) -> (String, String, chrono::DateTime<chrono::Utc>) {
    use chrono::{DurationRound, TimeDelta, Utc};
    // Counting from at least five seconds ahead keeps the first of those
    // minutes from starting before the test has written its deadline.
    let soon = Utc::now() + TimeDelta::seconds(5);
    let minute = soon.duration_trunc(TimeDelta::minutes(1)).unwrap_or(soon);
    let due = minute + TimeDelta::minutes(minutes);
    (
        due.format("%Y-%m-%d").to_string(),
        due.format("%H:%M").to_string(),
        due,
    )
}

/// Sleeps until `t` (no-op if it passed).
pub fn sleep_until(t: chrono::DateTime<chrono::Utc>) {
    if let Ok(d) = (t - chrono::Utc::now()).to_std() {
        std::thread::sleep(d);
    }
}

//! Helpers for Docket's integration and end-to-end tests: the built binaries,
//! temporary data directories, and a small W3C WebDriver client for driving
//! the real window through tauri-driver and WebKitWebDriver.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The directory holding the workspace's built binaries (`target/debug`),
/// found from the test executable (`target/debug/deps/…`).
pub fn bin_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test knows its own path");
    exe.parent()
        .and_then(Path::parent)
        .expect("the test runs from target/<profile>/deps")
        .to_owned()
}

/// A built binary of the workspace; `make test` builds them first.
pub fn binary(name: &str) -> PathBuf {
    let path = bin_dir().join(name);
    assert!(
        path.exists(),
        "{} is not built; run `make test` (or `cargo build --workspace`) first",
        path.display()
    );
    path
}

/// Runs docketctl on `data_dir` with `args`, in the given time zone.
pub fn docketctl(data_dir: &Path, tz: &str, args: &[&str]) -> Output {
    Command::new(binary("docketctl"))
        .args(args)
        .env("DOCKET_DATA_DIR", data_dir)
        .env("TZ", tz)
        .output()
        .expect("docketctl runs")
}

/// Runs docketctl (in Europe/Brussels) and returns its output, failing the
/// test on a non-zero exit.
pub fn docketctl_ok(data_dir: &Path, args: &[&str]) -> String {
    let out = docketctl(data_dir, "Europe/Brussels", args);
    assert!(
        out.status.success(),
        "docketctl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("docketctl printed UTF-8")
}

/// Runs docketctl and parses its JSON output, failing the test on a non-zero exit.
pub fn docketctl_json(data_dir: &Path, args: &[&str]) -> Value {
    let out = docketctl(data_dir, "Europe/Brussels", args);
    assert!(
        out.status.success(),
        "docketctl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("docketctl printed JSON")
}

/// The sentences of a `docketctl history --json` answer, oldest first.
pub fn summaries(history: &Value) -> Vec<&str> {
    history
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .filter_map(|h| h["summary"].as_str())
                .collect()
        })
        .unwrap_or_default()
}

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

/// tauri-driver in front of WebKitWebDriver, stopped when dropped.
pub struct TauriDriver {
    child: std::cell::RefCell<Child>,
    port: std::cell::Cell<u16>,
    envs: Vec<(String, PathBuf)>,
}

/// Starts tauri-driver on two free ports; the app it launches inherits `envs`.
fn spawn_driver(envs: &[(String, PathBuf)]) -> (Child, u16) {
    let port = free_port();
    let native_port = free_port();
    let mut command = Command::new(tauri_driver_path());
    command
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    for (key, value) in envs {
        command.env(key, value);
    }
    let child = command.spawn().expect("tauri-driver starts");
    wait_for("tauri-driver to listen", Duration::from_secs(20), || {
        std::net::TcpStream::connect(("127.0.0.1", port)).ok()
    });
    (child, port)
}

impl TauriDriver {
    /// Starts tauri-driver; the app it launches inherits `envs`.
    pub fn start(envs: &[(&str, &Path)]) -> TauriDriver {
        let envs: Vec<(String, PathBuf)> = envs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.to_path_buf()))
            .collect();
        let (child, port) = spawn_driver(&envs);
        TauriDriver {
            child: std::cell::RefCell::new(child),
            port: std::cell::Cell::new(port),
            envs,
        }
    }

    /// Opens a WebDriver session on the app at `application`, started with
    /// `args`. A session whose request the driver drops unanswered (its
    /// ports, picked free a moment before, may have been taken meanwhile by
    /// another test's server) is asked again of a driver on fresh ports.
    pub fn session(&self, application: &Path, args: &[&str]) -> Session {
        let caps = json!({"capabilities": {"alwaysMatch": {"tauri:options": {
            "application": application.display().to_string(),
            "args": args,
        }}}});
        let mut attempt = 1;
        let reply = loop {
            let base = format!("http://127.0.0.1:{}", self.port.get());
            match ureq::post(&format!("{base}/session"))
                .timeout(Duration::from_secs(60))
                .send_json(caps.clone())
            {
                Ok(resp) => break resp.into_json::<Value>().expect("WebDriver answers JSON"),
                Err(ureq::Error::Transport(e)) if attempt < 3 => {
                    eprintln!("tauri-driver dropped the session request ({e}); starting it again");
                    attempt += 1;
                    let (child, port) = spawn_driver(&self.envs);
                    let mut old = self.child.replace(child);
                    let _ = old.kill();
                    let _ = old.wait();
                    self.port.set(port);
                }
                Err(ureq::Error::Status(code, resp)) => {
                    let text = resp.into_string().unwrap_or_default();
                    panic!("WebDriver POST {base}/session answered {code}: {text}")
                }
                Err(e) => panic!("WebDriver POST {base}/session failed: {e}"),
            }
        };
        let id = reply["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session in {reply}"))
            .to_owned();
        Session {
            base: format!("http://127.0.0.1:{}", self.port.get()),
            id,
        }
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        let child = self.child.get_mut();
        let _ = child.kill();
        let _ = child.wait();
    }
}

fn tauri_driver_path() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .expect("CARGO_HOME or HOME is set");
    home.join("bin/tauri-driver")
}

fn post(url: &str, body: &Value) -> Value {
    match ureq::post(url)
        .timeout(Duration::from_secs(60))
        .send_json(body.clone())
    {
        Ok(resp) => resp.into_json().expect("WebDriver answers JSON"),
        Err(ureq::Error::Status(code, resp)) => {
            let text = resp.into_string().unwrap_or_default();
            panic!("WebDriver POST {url} answered {code}: {text}")
        }
        Err(e) => panic!("WebDriver POST {url} failed: {e}"),
    }
}

fn get(url: &str) -> Value {
    match ureq::get(url).timeout(Duration::from_secs(60)).call() {
        Ok(resp) => resp.into_json().expect("WebDriver answers JSON"),
        Err(e) => panic!("WebDriver GET {url} failed: {e}"),
    }
}

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A WebDriver session on the app's window, ended when dropped.
pub struct Session {
    base: String,
    id: String,
}

/// An element of the window.
#[derive(Debug, Clone)]
pub struct Element(String);

impl Session {
    fn url(&self, path: &str) -> String {
        format!("{}/session/{}{}", self.base, self.id, path)
    }

    pub fn find_all(&self, css: &str) -> Vec<Element> {
        let reply = post(
            &self.url("/elements"),
            &json!({"using": "css selector", "value": css}),
        );
        reply["value"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str().map(|id| Element(id.to_owned())))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits until `css` matches at least one element and returns the first.
    pub fn find(&self, css: &str) -> Element {
        wait_for(
            &format!("an element matching {css}"),
            Duration::from_secs(30),
            || self.find_all(css).into_iter().next(),
        )
    }

    pub fn click(&self, e: &Element) {
        post(&self.url(&format!("/element/{}/click", e.0)), &json!({}));
    }

    /// Replaces the value of an input with `text`, as typed keys.
    pub fn type_into(&self, e: &Element, text: &str) {
        post(&self.url(&format!("/element/{}/clear", e.0)), &json!({}));
        post(
            &self.url(&format!("/element/{}/value", e.0)),
            &json!({"text": text}),
        );
    }

    /// Presses keys on the keyboard, one after the other, wherever focus is.
    pub fn press_keys(&self, keys: &[&str]) {
        let actions: Vec<Value> = keys
            .iter()
            .flat_map(|k| {
                [
                    json!({"type": "keyDown", "value": k}),
                    json!({"type": "keyUp", "value": k}),
                ]
            })
            .collect();
        post(
            &self.url("/actions"),
            &json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}),
        );
    }

    /// Presses Enter in an element (submits the form it is in).
    pub fn press_enter(&self, e: &Element) {
        post(
            &self.url(&format!("/element/{}/value", e.0)),
            &json!({"text": "\u{E007}"}),
        );
    }

    /// The element's text; empty when the page replaced the element meanwhile.
    pub fn text(&self, e: &Element) -> String {
        ureq::get(&self.url(&format!("/element/{}/text", e.0)))
            .timeout(Duration::from_secs(60))
            .call()
            .ok()
            .and_then(|r| r.into_json::<Value>().ok())
            .and_then(|v| v["value"].as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// Saves a PNG screenshot of the window.
    pub fn screenshot(&self, path: &Path) {
        let data = get(&self.url("/screenshot"))["value"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let png = base64_decode(&data);
        std::fs::write(path, png).expect("write the screenshot");
    }

    /// Runs a script in the page and returns its result.
    pub fn execute(&self, script: &str) -> Value {
        post(
            &self.url("/execute/sync"),
            &json!({"script": script, "args": []}),
        )["value"]
            .clone()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = ureq::delete(&format!("{}/session/{}", self.base, self.id))
            .timeout(Duration::from_secs(20))
            .call();
    }
}

/// Decodes standard base64 (the encoding of WebDriver screenshots).
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let sextets: Vec<u8> = text.bytes().filter_map(value).collect();
    sextets
        .chunks(4)
        .flat_map(|chunk| {
            let n = chunk.iter().fold(0u32, |acc, &s| (acc << 6) | u32::from(s))
                << (6 * (4 - chunk.len()));
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            bytes.into_iter().take(chunk.len().saturating_sub(1))
        })
        .collect()
}

/// The desktop app started in the tray (`docket --hidden`) on a data
/// directory, killed with SIGKILL when dropped. Its stderr goes to a file.
pub struct App {
    child: Child,
    log: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl App {
    pub fn start(data_dir: &Path, envs: &[(&str, &std::ffi::OsStr)]) -> App {
        let log_dir = tempfile::tempdir().expect("a temporary folder for the log");
        let log = log_dir.path().join("docket.log");
        let mut command = Command::new(binary("docket"));
        command
            .arg("--hidden")
            .env("DOCKET_DATA_DIR", data_dir)
            .env("TZ", "UTC")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("create the log"));
        for (key, value) in envs {
            command.env(key, value);
        }
        let child = command.spawn().expect("docket starts");
        App {
            child,
            log,
            _log_dir: log_dir,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the app wrote to stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Kills the app with SIGKILL, as a crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits for the app to exit by itself.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    }

    /// The id of the notification the app logged for `summary_start`.
    pub fn notification_id(&self, summary_start: &str) -> Option<u32> {
        self.log().lines().find_map(|line| {
            let rest = line.strip_prefix("docket: notification ")?;
            let (id, tail) = rest.split_once(' ')?;
            tail.split_once(": ")
                .filter(|(_, summary)| summary.starts_with(summary_start))
                .and_then(|_| id.parse().ok())
        })
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.kill();
    }
}

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

/// Serialises the tests that type on the X display's keyboard (xdotool):
/// keys go to whichever window has the focus, so one test types at a time.
pub fn x_keyboard() -> std::sync::MutexGuard<'static, ()> {
    static KEYBOARD: std::sync::Mutex<()> = std::sync::Mutex::new(());
    KEYBOARD
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
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

/// The Python with the test's third-party packages (icalendar), set up by
/// `scripts/setup-python` in `.build/venv`.
pub fn python() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.build/venv/bin/python");
    assert!(
        path.exists(),
        "{} is missing; run `make test` (or scripts/setup-python) first",
        path.display()
    );
    path
}

/// Runs a Python script with the test venv's Python and returns its stdout,
/// failing the test when it fails.
pub fn run_python(script: &str, args: &[&Path]) -> String {
    let out = Command::new(python())
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "the Python script failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("Python printed UTF-8")
}

/// A Radicale CalDAV server (Debian's package) on 127.0.0.1, with its
/// storage in a temporary folder and two users, alice and bob (passwords
/// `alice-pw` and `bob-pw`). Killed when dropped.
pub struct Radicale {
    child: Option<Child>,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl Radicale {
    pub fn start() -> Radicale {
        let dir = tempfile::tempdir().expect("a temporary folder for Radicale");
        let users = dir.path().join("users");
        std::fs::write(&users, "alice:alice-pw\nbob:bob-pw\n").expect("write the users");
        let mut radicale = Radicale {
            child: None,
            port: free_port(),
            dir,
        };
        let config = format!(
            "[server]\nhosts = 127.0.0.1:{}\n\n[auth]\ntype = htpasswd\nhtpasswd_filename = {}\n\
             htpasswd_encryption = plain\n\n[storage]\nfilesystem_folder = {}\n\n\
             [rights]\ntype = owner_only\n\n[logging]\nlevel = warning\n",
            radicale.port,
            users.display(),
            radicale.dir.path().join("collections").display()
        );
        std::fs::write(radicale.dir.path().join("config"), config).expect("write the config");
        radicale.resume();
        radicale
    }

    /// The server's address.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Stops the server, as a crash or a lost network would (SIGKILL).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port and storage.
    pub fn resume(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.path().join("log"))
            .expect("open Radicale's log");
        let child = Command::new("radicale")
            .arg("--config")
            .arg(self.dir.path().join("config"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("radicale runs (scripts/setup-debian installs it)");
        self.child = Some(child);
        let address = format!("127.0.0.1:{}", self.port);
        wait_for("Radicale to listen", Duration::from_secs(20), || {
            std::net::TcpStream::connect(&address).ok()
        });
    }

    /// The resources (`.ics` files) in one of `user`'s calendars, named by
    /// the last part of its URL.
    pub fn stored_in(&self, user: &str, calendar: &str) -> Vec<PathBuf> {
        self.stored(user)
            .into_iter()
            .filter(|p| {
                p.parent()
                    .and_then(Path::file_name)
                    .is_some_and(|n| n == calendar)
            })
            .collect()
    }

    /// The resources (`.ics` files) the server stores for `user`, in all
    /// their calendars.
    pub fn stored(&self, user: &str) -> Vec<PathBuf> {
        let root = self
            .dir
            .path()
            .join("collections/collection-root")
            .join(user);
        let Ok(calendars) = std::fs::read_dir(root) else {
            return Vec::new();
        };
        calendars
            .flatten()
            .filter_map(|c| std::fs::read_dir(c.path()).ok())
            .flat_map(|files| files.flatten().map(|f| f.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ics"))
            .collect()
    }
}

impl Drop for Radicale {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A web front laid out as Nextcloud's (tests/fixtures/web_front.py) before
/// a Radicale: a web page at `/`, the CalDAV server under
/// `/remote.php/dav/`, found only through `/.well-known/caldav`. Killed
/// when dropped.
pub struct WebFront {
    child: Child,
    pub port: u16,
}

impl WebFront {
    pub fn before(server: &Radicale) -> WebFront {
        let port = free_port();
        let child = Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/web_front.py"))
            .arg(port.to_string())
            .arg(server.port.to_string())
            .spawn()
            .expect("python3 runs");
        let address = format!("127.0.0.1:{port}");
        wait_for("the web front to listen", Duration::from_secs(20), || {
            std::net::TcpStream::connect(&address).ok()
        });
        WebFront { child, port }
    }

    /// The address a user would type: the host alone.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }
}

impl Drop for WebFront {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs docketctl with `stdin` as its standard input (a password).
pub fn docketctl_with_input(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(binary("docketctl"))
        .args(args)
        .env("DOCKET_DATA_DIR", data_dir)
        .env("TZ", "Europe/Brussels")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("docketctl runs");
    child
        .stdin
        .take()
        .expect("a pipe")
        .write_all(stdin.as_bytes())
        .expect("write the input");
    child.wait_with_output().expect("docketctl ends")
}

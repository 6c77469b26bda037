//! The real window, driven through tauri-driver and WebKitWebDriver (a small
//! W3C WebDriver client), and the X keyboard the tests type on.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

use crate::*;

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

    /// Skips the first questions a fresh data folder opens with ("What
    /// applies to you?"), as an officer who answers them later does.
    pub fn skip_first_questions(&self) {
        let skip = crate::wait_for("the first questions", Duration::from_secs(30), || {
            self.find_all("[data-testid=skip-first-run]")
                .into_iter()
                .next()
        });
        self.click(&skip);
        crate::wait_for(
            "the first questions to close",
            Duration::from_secs(10),
            || {
                self.find_all("dialog[data-testid=first-run][open]")
                    .is_empty()
                    .then_some(())
            },
        );
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

/// Serialises the tests that type on the X display's keyboard (xdotool):
/// keys go to whichever window has the focus, so one test types at a time.
pub fn x_keyboard() -> std::sync::MutexGuard<'static, ()> {
    static KEYBOARD: std::sync::Mutex<()> = std::sync::Mutex::new(());
    KEYBOARD
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

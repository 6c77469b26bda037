//! The main window. It lives in a process of its own (`docket --window`),
//! started by the tray process when the window is asked for and gone when the
//! window closes, so that Docket in the tray never carries a webview.

use std::path::Path;
use std::process::Command;

use tauri::{AppHandle, Emitter, Manager, WebviewUrl, WebviewWindowBuilder};

use crate::single_instance::{self, Message, Role};

/// The label of the main window.
pub const MAIN_WINDOW: &str = "main";

/// Event sent to the page to show one deadline.
pub const FOCUS_EVENT: &str = "docket://focus";
/// Event sent to the page when data changed outside it.
pub const CHANGED_EVENT: &str = "docket://changed";

/// From the tray process: shows the window, at a deadline if given, in the
/// running window process or in a new one.
pub fn open(data_dir: &Path, deadline: Option<&str>) {
    let show = Message::Show(deadline.map(str::to_owned));
    if single_instance::send(data_dir, Role::Window, &show) {
        return;
    }
    let mut command = match std::env::current_exe() {
        Ok(exe) => Command::new(exe),
        Err(e) => {
            eprintln!("docket: the window cannot be started: {e}");
            return;
        }
    };
    command.arg("--window");
    if let Some(id) = deadline {
        command.args(["--deadline", id]);
    }
    match command.spawn() {
        // Reap the window process when it ends.
        Ok(mut child) => {
            let _ = std::thread::Builder::new()
                .name("window".into())
                .spawn(move || child.wait());
        }
        Err(e) => eprintln!("docket: the window cannot be started: {e}"),
    }
}

/// In the window process: creates the window, or brings it forward and shows
/// the deadline.
pub fn show(app: &AppHandle, deadline: Option<&str>) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        if let Some(id) = deadline {
            let _ = app.emit_to(MAIN_WINDOW, FOCUS_EVENT, id);
        }
        return;
    }
    let page = match deadline {
        Some(id) => format!("index.html#deadline={}", encode(id)),
        None => "index.html".to_owned(),
    };
    let built = WebviewWindowBuilder::new(app, MAIN_WINDOW, WebviewUrl::App(page.into()))
        .title("Docket")
        .inner_size(1100.0, 760.0)
        .min_inner_size(800.0, 600.0)
        // The window shows only Docket's own pages; sources open in the
        // system browser through `open_source`.
        .on_navigation(|url| url.scheme() == "tauri" || url.host_str() == Some("tauri.localhost"))
        .build();
    if let Err(e) = built {
        eprintln!("docket: the window could not be opened: {e}");
    }
}

/// In the window process: tells the page that data changed.
pub fn reload(app: &AppHandle) {
    let _ = app.emit_to(MAIN_WINDOW, CHANGED_EVENT, ());
}

/// Percent-encodes an id for the page's address.
fn encode(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b':' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

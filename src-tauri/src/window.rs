//! The main window: created on demand and destroyed when closed, so that
//! Docket in the tray carries no webview.

use tauri::{AppHandle, Emitter, Manager, WebviewUrl, WebviewWindowBuilder};

/// The label of the main window.
pub const MAIN_WINDOW: &str = "main";

/// Event sent to the window to show one deadline.
pub const FOCUS_EVENT: &str = "docket://focus";
/// Event sent to the window when data changed outside it.
pub const CHANGED_EVENT: &str = "docket://changed";

/// Shows the window, creating it if needed, optionally at one deadline.
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

/// Tells an open window that data changed (a notification action, docketctl).
pub fn notify_changed(app: &AppHandle) {
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

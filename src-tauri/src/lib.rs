//! The desktop shell: builds the Tauri app around docket-core.

mod commands;
mod state;

use tauri::{WebviewUrl, WebviewWindowBuilder};

use state::AppState;

/// The label of the main window.
pub const MAIN_WINDOW: &str = "main";

pub fn run() {
    let state = AppState::open(
        docket_core::store::data_dir(),
        docket_core::time::local_zone(),
    );
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::list_deadlines,
            commands::create_deadline,
            commands::update_deadline,
            commands::mark_done,
            commands::deadline_history,
            commands::app_info,
            commands::open_source,
        ])
        .setup(|app| {
            WebviewWindowBuilder::new(app, MAIN_WINDOW, WebviewUrl::App("index.html".into()))
                .title("Docket")
                .inner_size(1100.0, 760.0)
                .min_inner_size(800.0, 600.0)
                // The window shows only Docket's own pages; links to sources
                // open in the system browser through `open_source`.
                .on_navigation(|url| {
                    matches!(url.scheme(), "tauri") || url.host_str() == Some("tauri.localhost")
                })
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("docket: the window could not be started: {e}");
        std::process::exit(1);
    }
}

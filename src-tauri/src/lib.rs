//! The desktop shell: builds the Tauri app around docket-core. Docket lives
//! in the tray; the window is created on demand and destroyed when closed.

mod autostart;
mod commands;
mod notifier;
mod scheduler;
mod single_instance;
mod state;
mod tray;
mod window;

use single_instance::Instance;
use state::AppState;
use tauri::RunEvent;

pub fn run() {
    let hidden = std::env::args().skip(1).any(|a| a == "--hidden");
    let data_dir = docket_core::store::data_dir();
    let guard = match single_instance::acquire(&data_dir) {
        Ok(Instance::Primary(guard)) => Some(guard),
        Ok(Instance::Secondary) => {
            eprintln!(
                "docket: Docket is already running on {}; it was asked to show its window.",
                data_dir.display()
            );
            return;
        }
        Err(e) => {
            eprintln!("docket: cannot tell whether Docket already runs ({e}); starting anyway.");
            None
        }
    };
    let state = AppState::open(data_dir, docket_core::time::local_zone());
    let app = tauri::Builder::default()
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
            commands::reminder_status,
            commands::set_autostart,
        ])
        .setup(move |app| {
            let handle = app.handle().clone();
            if let Some(guard) = guard {
                let shown = handle.clone();
                guard.serve(move || window::show(&shown, None));
            }
            if let Err(e) = tray::create(&handle) {
                eprintln!("docket: the tray icon could not be created: {e}");
            }
            scheduler::start(handle.clone());
            if !hidden {
                window::show(&handle, None);
            }
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            eprintln!("docket: Docket could not start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|_, event| {
        // Closing the window keeps Docket in the tray; only Quit (an exit with
        // a code) ends it.
        if let RunEvent::ExitRequested {
            code: None, api, ..
        } = event
        {
            api.prevent_exit();
        }
    });
}

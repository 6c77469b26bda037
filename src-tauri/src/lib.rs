//! The desktop shell around docket-core, in two processes:
//!
//! - the tray process (`docket`, or `docket --hidden` at login): the tray
//!   icon, the reminder scheduler and the notifications; it never loads a
//!   webview, so living in the tray all year costs little;
//! - the window process (`docket --window [--deadline ID]`), started by the
//!   tray process when the window is asked for, and gone when it closes.

mod autostart;
mod commands;
mod failure;
mod notifier;
mod scheduler;
mod single_instance;
mod state;
mod syncer;
mod tray;
#[cfg(test)]
mod ts_types;
mod window;

use std::path::PathBuf;

use single_instance::{Instance, Message, Role};
use state::AppState;
use tauri::{Manager, RunEvent};

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
struct Launch {
    hidden: bool,
    window: bool,
    deadline: Option<String>,
}

/// A command line that asks for something other than starting Docket.
#[derive(Debug, PartialEq, Eq)]
enum Answer {
    Help,
    Version,
    /// An option Docket does not know, or one missing its value.
    Refused(String),
}

const USAGE: &str = "\
Usage: docket [--hidden]

Docket keeps regulatory deadlines and reminds you of them from the tray.

Options:
  --hidden     Start in the tray without opening the window (used at login)
  -h, --help   Print this help
  -V, --version
               Print the version

docketctl works on the same deadlines from a terminal (docketctl --help).
";

impl Launch {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Launch, Answer> {
        let mut launch = Launch {
            hidden: false,
            window: false,
            deadline: None,
        };
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--hidden" => launch.hidden = true,
                // How the tray process starts the window's process.
                "--window" => launch.window = true,
                "--deadline" => {
                    launch.deadline = Some(args.next().ok_or_else(|| {
                        Answer::Refused("--deadline needs the id of a deadline.".to_owned())
                    })?);
                }
                "-h" | "--help" => return Err(Answer::Help),
                "-V" | "--version" => return Err(Answer::Version),
                other => {
                    return Err(Answer::Refused(format!(
                        "“{other}” is not an option of docket."
                    )))
                }
            }
        }
        Ok(launch)
    }
}

/// When this process started running Docket's code.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

fn started() -> std::time::Instant {
    *STARTED.get_or_init(std::time::Instant::now)
}

pub fn run() {
    started();
    let launch = match Launch::parse(std::env::args().skip(1)) {
        Ok(launch) => launch,
        Err(Answer::Help) => {
            print!("{USAGE}");
            return;
        }
        Err(Answer::Version) => {
            println!("docket {}", env!("CARGO_PKG_VERSION"));
            return;
        }
        Err(Answer::Refused(why)) => {
            eprint!("docket: {why}\n\n{USAGE}");
            std::process::exit(2);
        }
    };
    let data_dir = docket_core::store::data_dir();
    if launch.window {
        run_window(data_dir, launch.deadline);
    } else {
        run_tray(data_dir, launch.hidden);
    }
}

fn fail(e: tauri::Error) -> ! {
    eprintln!("docket: Docket could not start: {e}");
    std::process::exit(1);
}

fn run_tray(data_dir: PathBuf, hidden: bool) {
    let handover = if hidden {
        Message::Changed
    } else {
        Message::Show(None)
    };
    let guard = match single_instance::acquire(&data_dir, Role::Tray, &handover) {
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
    let state = AppState::open(Role::Tray, data_dir, docket_core::time::local_zone());
    // The window's process starts as soon as the store is open (and, if it
    // was damaged, set aside), while this one builds the tray.
    if !hidden {
        window::open(&state.data_dir, None);
    }
    let app = tauri::Builder::default()
        .manage(state)
        .setup(move |app| {
            let handle = app.handle().clone();
            let data_dir = handle.state::<AppState>().data_dir.clone();
            if let Some(guard) = guard {
                let messages = handle.clone();
                let dir = data_dir.clone();
                guard.serve(move |message| match message {
                    Message::Show(deadline) => window::open(&dir, deadline.as_deref()),
                    Message::Changed => messages.state::<AppState>().changed_elsewhere(),
                    Message::Quit => messages.exit(0),
                });
            }
            if let Err(e) = tray::create(&handle) {
                eprintln!("docket: the tray icon could not be created: {e}");
            }
            scheduler::start(handle.clone());
            syncer::start(handle.clone());
            scheduler::start_checks(handle);
            Ok(())
        })
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| fail(e));
    app.run(|_, event| {
        // The tray process has no window; only Quit (an exit with a code) ends it.
        if let RunEvent::ExitRequested {
            code: None, api, ..
        } = event
        {
            api.prevent_exit();
        }
    });
}

fn run_window(data_dir: PathBuf, deadline: Option<String>) {
    let guard =
        match single_instance::acquire(&data_dir, Role::Window, &Message::Show(deadline.clone())) {
            Ok(Instance::Primary(guard)) => Some(guard),
            Ok(Instance::Secondary) => return,
            Err(e) => {
                eprintln!(
                    "docket: cannot tell whether the window is already open ({e}); opening anyway."
                );
                None
            }
        };
    let state = AppState::open(Role::Window, data_dir, docket_core::time::local_zone());
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::list_deadlines,
            commands::list_upcoming,
            commands::agenda_drawn,
            commands::data_version,
            commands::pack_conflicts,
            commands::pick_import_file,
            commands::pick_pack_file,
            commands::dismiss_startup_problem,
            commands::import_file,
            commands::export_file,
            commands::resolve_pack_conflict,
            commands::create_deadline,
            commands::update_deadline,
            commands::mark_done,
            commands::waive_deadline,
            commands::reopen_deadline,
            commands::delete_deadline,
            commands::restore_deadline,
            commands::duplicate_deadline,
            commands::deadline_history,
            commands::deadline_reminders,
            commands::next_reminder,
            commands::list_deleted,
            commands::clock_templates,
            commands::member_states,
            commands::list_clocks,
            commands::get_profile,
            commands::preview_answer,
            commands::answer_question,
            commands::add_system,
            commands::remove_system,
            commands::open_question_source,
            commands::list_evidence,
            commands::attach_evidence_file,
            commands::attach_evidence_link,
            commands::save_evidence_copy,
            commands::verify_trail,
            commands::preview_report,
            commands::save_report,
            commands::start_clock,
            commands::record_on_clock,
            commands::close_clock,
            commands::search_deadlines,
            commands::view_state,
            commands::save_view_state,
            commands::app_info,
            commands::open_source,
            commands::reminder_status,
            commands::time_zones,
            commands::set_autostart,
            commands::reminder_settings,
            commands::save_reminder_settings,
            commands::pause_reminders,
            commands::open_data_folder,
            commands::sync_accounts,
            commands::add_sync_account,
            commands::remove_sync_account,
            commands::sync_now,
            commands::sync_progress,
            commands::sync_conflicts,
            commands::resolve_sync_conflict,
            commands::sync_interval,
            commands::save_sync_interval,
            commands::installed_packs,
        ])
        .setup(move |app| {
            let handle = app.handle().clone();
            if let Some(guard) = guard {
                let messages = handle.clone();
                guard.serve(move |message| match message {
                    Message::Show(deadline) => window::show(&messages, deadline.as_deref()),
                    Message::Changed => window::reload(&messages),
                    Message::Quit => messages.exit(0),
                });
            }
            window::show(&handle, deadline.as_deref());
            Ok(())
        })
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| fail(e));
    // Closing the window ends this process; the tray process stays.
    app.run(|_, _| {});
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Launch, Answer> {
        Launch::parse(args.iter().map(|a| (*a).to_owned()))
    }

    #[test]
    fn the_command_line_starts_docket_only_when_it_asks_for_nothing_else() {
        assert_eq!(
            parse(&["--window", "--deadline", "Q1"]),
            Ok(Launch {
                hidden: false,
                window: true,
                deadline: Some("Q1".to_owned())
            })
        );
        assert_eq!(parse(&["--help"]), Err(Answer::Help));
        assert_eq!(parse(&["--hidden", "-V"]), Err(Answer::Version));
        assert!(
            matches!(parse(&["--hiden"]), Err(Answer::Refused(why)) if why.contains("--hiden"))
        );
        assert!(matches!(
            parse(&["--window", "--deadline"]),
            Err(Answer::Refused(_))
        ));
    }
}

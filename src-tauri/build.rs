/// The commands the window may call; each gets an `allow-…` permission that
/// `capabilities/main.json` grants to the main window only.
const COMMANDS: &[&str] = &[
    "list_deadlines",
    "list_upcoming",
    "agenda_drawn",
    "data_version",
    "pack_conflicts",
    "pick_import_file",
    "pick_pack_file",
    "dismiss_startup_problem",
    "import_file",
    "export_file",
    "resolve_pack_conflict",
    "create_deadline",
    "update_deadline",
    "mark_done",
    "waive_deadline",
    "reopen_deadline",
    "delete_deadline",
    "restore_deadline",
    "duplicate_deadline",
    "deadline_history",
    "deadline_reminders",
    "next_reminder",
    "list_deleted",
    "clock_templates",
    "member_states",
    "list_clocks",
    "start_clock",
    "record_on_clock",
    "close_clock",
    "search_deadlines",
    "view_state",
    "save_view_state",
    "app_info",
    "open_source",
    "reminder_status",
    "time_zones",
    "set_autostart",
    "reminder_settings",
    "save_reminder_settings",
    "pause_reminders",
    "open_data_folder",
    "sync_accounts",
    "add_sync_account",
    "remove_sync_account",
    "sync_now",
    "sync_progress",
    "sync_conflicts",
    "resolve_sync_conflict",
    "sync_interval",
    "save_sync_interval",
    "installed_packs",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("failed to build Docket's Tauri context: {e:#}");
        std::process::exit(1);
    }
}

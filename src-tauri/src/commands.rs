//! The window's commands: thin wrappers over docket-core. Each pulls the
//! store, calls one core operation and maps the error to `{code, message,
//! field}`. They run off the main thread (`async`), since SQLite blocks.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use docket_core::applicability::AiSystem;
use docket_core::clocks::{Named, TemplateView};
use docket_core::interop::{self, ics::Shape, Format, ImportReport};
use docket_core::reminders::{self, Occurrence, Pause};
use docket_core::store::audit::Period;
use docket_core::store::clocks::{ClockView, NewClock};
use docket_core::store::evidence::{Evidence, Source, Target};
use docket_core::store::import::ImportOptions;
use docket_core::store::packs::PackConflict;
use docket_core::store::profile::{Effect, ProfileView, Whose};
use docket_core::store::reminder_log::ReminderEntry;
use docket_core::store::search::SearchHit;
use docket_core::store::sync::{Account, Keep, SyncConflict};
use docket_core::store::trail::TrailCheck;
use docket_core::store::{HistoryEntry, ListFilter};
use docket_core::time::{named_zone, parse_moment, parse_zone};
use docket_core::{
    Actor, AppInfo, Deadline, DeadlineFields, Error, ReminderStatus, SettingsView, Status,
    ValidationError,
};
use docket_sync::{self as sync, SyncOutcome, SyncProgress};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::failure::{Result, ShellError};
use crate::state::AppState;

fn actor() -> Actor {
    Actor::current("window")
}

#[tauri::command(async)]
pub fn list_deadlines(state: State<'_, AppState>) -> Result<Vec<Deadline>> {
    Ok(state.store()?.list(&ListFilter::default())?)
}

/// The open deadlines due on or after `from`, the earliest `limit` of them:
/// the agenda's first screen, drawn before the whole list has arrived.
#[tauri::command(async)]
pub fn list_upcoming(
    state: State<'_, AppState>,
    from: NaiveDate,
    limit: u32,
) -> Result<Vec<Deadline>> {
    Ok(state.store()?.list(&ListFilter {
        status: Some(Status::Open),
        due_from: Some(from),
        limit: Some(limit),
        ..ListFilter::default()
    })?)
}

/// SQLite's data version of the window's connection: it changes when
/// another program (docketctl, the tray process) commits, so that the page
/// reads the list again only then.
#[tauri::command(async)]
pub fn data_version(state: State<'_, AppState>) -> Result<i64> {
    Ok(state.store()?.data_version()?)
}

/// The page says it has drawn the agenda: its first screen, then the whole
/// list. Logged with the page's clock (Unix milliseconds) and the time since
/// this process started, so that a slow start shows where it was slow.
#[tauri::command]
pub fn agenda_drawn(whole: bool, unix_ms: f64) {
    let what = if whole {
        "the whole agenda"
    } else {
        "the agenda's first screen"
    };
    eprintln!(
        "docket: {what} drawn at unix ms {unix_ms:.0}, {} ms after the window process started",
        crate::started().elapsed().as_millis()
    );
}

/// Runs a write and tells the scheduler, the tray and the other process that
/// data changed.
fn write<T>(
    state: &AppState,
    op: impl FnOnce(&mut docket_core::Store) -> std::result::Result<T, Error>,
) -> Result<T> {
    let value = op(&mut *state.store()?)?;
    state.changed();
    Ok(value)
}

#[tauri::command(async)]
pub fn create_deadline(state: State<'_, AppState>, fields: DeadlineFields) -> Result<Deadline> {
    let zone = state.local_zone.name();
    write(&state, |s| s.add(&fields, zone, &actor(), Utc::now()))
}

#[tauri::command(async)]
pub fn update_deadline(
    state: State<'_, AppState>,
    id: String,
    fields: DeadlineFields,
) -> Result<Deadline> {
    write(&state, |s| s.edit(&id, &fields, &actor(), Utc::now()))
}

#[tauri::command(async)]
pub fn mark_done(state: State<'_, AppState>, id: String, note: String) -> Result<Deadline> {
    write(&state, |s| s.mark_done(&id, &note, &actor(), Utc::now()))
}

#[tauri::command(async)]
pub fn waive_deadline(state: State<'_, AppState>, id: String, reason: String) -> Result<Deadline> {
    write(&state, |s| s.waive(&id, &reason, &actor(), Utc::now()))
}

#[tauri::command(async)]
pub fn reopen_deadline(state: State<'_, AppState>, id: String) -> Result<Deadline> {
    write(&state, |s| s.reopen(&id, &actor(), Utc::now()))
}

#[tauri::command(async)]
pub fn delete_deadline(state: State<'_, AppState>, id: String) -> Result<()> {
    write(&state, |s| s.delete(&id, &actor(), Utc::now()))
}

#[tauri::command(async)]
pub fn restore_deadline(state: State<'_, AppState>, id: String) -> Result<Deadline> {
    write(&state, |s| s.restore(&id, &actor(), Utc::now()))
}

#[tauri::command(async)]
pub fn duplicate_deadline(state: State<'_, AppState>, id: String) -> Result<Deadline> {
    write(&state, |s| s.duplicate(&id, &actor(), Utc::now()))
}

#[tauri::command(async)]
pub fn deadline_history(state: State<'_, AppState>, id: String) -> Result<Vec<HistoryEntry>> {
    Ok(state.store()?.history(&id)?)
}

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        data_dir: state.data_dir.display().to_string(),
        local_zone: state.local_zone.name().to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }
}

/// What the window last showed (its filters, as JSON), from this database.
#[tauri::command(async)]
pub fn view_state(state: State<'_, AppState>) -> Result<Option<String>> {
    Ok(state.store()?.view_state()?)
}

#[tauri::command(async)]
pub fn save_view_state(state: State<'_, AppState>, view: String) -> Result<()> {
    if view.len() > 16 * 1024 {
        return Err(ShellError::ViewStateTooLarge.into());
    }
    Ok(state.store()?.set_view_state(&view)?)
}

#[tauri::command(async)]
pub fn search_deadlines(state: State<'_, AppState>, text: String) -> Result<Vec<SearchHit>> {
    Ok(state.store()?.search(&text, 500)?)
}

#[tauri::command(async)]
pub fn pack_conflicts(state: State<'_, AppState>) -> Result<Vec<PackConflict>> {
    Ok(state.store()?.pack_conflicts()?)
}

#[tauri::command(async)]
pub fn resolve_pack_conflict(
    state: State<'_, AppState>,
    id: String,
    take: bool,
) -> Result<Deadline> {
    write(&state, |store| {
        store.resolve_pack_conflict(&id, take, &actor(), Utc::now())
    })
}

/// The deleted deadlines, most recently deleted first: kept until restored.
#[tauri::command(async)]
pub fn list_deleted(state: State<'_, AppState>) -> Result<Vec<Deadline>> {
    Ok(state.store()?.list_deleted()?)
}

#[tauri::command(async)]
pub fn deadline_reminders(state: State<'_, AppState>, id: String) -> Result<Vec<ReminderEntry>> {
    Ok(state.store()?.reminder_entries(&id)?)
}

/// The next reminder a deadline will get, for its details; none when every
/// stage is behind it or it is closed.
#[tauri::command(async)]
pub fn next_reminder(state: State<'_, AppState>, id: String) -> Result<Option<Occurrence>> {
    let store = state.store()?;
    let deadline = store.get(&id)?.ok_or(Error::NotFound(id))?;
    Ok(reminders::next_reminder(
        &deadline,
        &store.reminder_log()?,
        &store.reminder_settings()?,
        state.local_zone,
        Utc::now(),
    ))
}

/// Opens a deadline's source in the system browser. Only a stored deadline's
/// own http(s) source can be opened, never an address the page makes up.
#[tauri::command(async)]
pub fn open_source(app: AppHandle, state: State<'_, AppState>, id: String) -> Result<()> {
    let url = state
        .store()?
        .get(&id)?
        .ok_or(Error::NotFound(id))?
        .source_url;
    open_in_browser(&app, url)
}

/// Opens the legal source of a pack's question, by the question's key.
#[tauri::command(async)]
pub fn open_question_source(app: AppHandle, state: State<'_, AppState>, key: String) -> Result<()> {
    let url = state
        .store()?
        .questions()?
        .into_iter()
        .find(|q| q.question.key == key)
        .ok_or(Error::Refused(format!("No question has the key “{key}”.")))?
        .question
        .source_url;
    open_in_browser(&app, url)
}

fn open_in_browser(app: &AppHandle, url: String) -> Result<()> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(ShellError::NoSource.into());
    }
    app.opener()
        .open_url(&url, None::<&str>)
        .map_err(|e| ShellError::Browser {
            url: url.clone(),
            reason: e.to_string(),
        })?;
    Ok(())
}

/// Every IANA zone name, for the zone picker.
#[tauri::command(async)]
pub fn time_zones() -> Vec<&'static str> {
    docket_core::time::zone_names()
}

#[tauri::command(async)]
pub fn reminder_status(state: State<'_, AppState>) -> Result<ReminderStatus> {
    // One lock for all three reads: the guard lives to the end of the
    // statement, and a second lock in the same statement would wait forever.
    let store = state.store()?;
    // The tray process shows the notifications and records here whether it can.
    Ok(ReminderStatus {
        notification_problem: store.notification_problem()?,
        paused_until: store.paused_until(Utc::now())?.map(|t| t.to_rfc3339()),
        autostart: crate::autostart::is_enabled(),
        startup_problem: store.startup_problem()?,
    })
}

/// The officer has read what went wrong at start.
#[tauri::command(async)]
pub fn dismiss_startup_problem(state: State<'_, AppState>) -> Result<()> {
    write(&state, |store| store.set_startup_problem(None))
}

#[tauri::command(async)]
pub fn set_autostart(enabled: bool) -> Result<bool> {
    crate::autostart::set_enabled(enabled).map_err(|e| ShellError::Autostart {
        turned: if enabled { "turned on" } else { "turned off" },
        reason: e.to_string(),
    })?;
    Ok(crate::autostart::is_enabled())
}

#[tauri::command(async)]
pub fn reminder_settings(state: State<'_, AppState>) -> Result<SettingsView> {
    Ok(SettingsView::from(&state.store()?.reminder_settings()?))
}

#[tauri::command(async)]
pub fn save_reminder_settings(
    state: State<'_, AppState>,
    default_lead_times: String,
    reminder_time: String,
) -> Result<SettingsView> {
    let saved = write(&state, |s| {
        s.set_reminder_settings(&default_lead_times, &reminder_time)
    })?;
    Ok(SettingsView::from(&saved))
}

/// Pauses reminders for an hour, until tomorrow morning, or resumes them.
#[tauri::command(async)]
pub fn pause_reminders(state: State<'_, AppState>, until: Pause) -> Result<ReminderStatus> {
    let now = Utc::now();
    let zone = state.local_zone;
    write(&state, |s| {
        let end = until.until(&s.reminder_settings()?, zone, now);
        s.set_paused_until(end)
    })?;
    reminder_status(state)
}

fn dialog_error(what: &'static str, e: impl std::fmt::Display) -> ShellError {
    ShellError::Dialog {
        what,
        reason: e.to_string(),
    }
}

/// Asks for a file to import and shows what importing it would do (a dry
/// run); `None` when the officer cancels.
#[tauri::command(async)]
pub fn pick_import_file(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<(String, ImportReport)>> {
    let Some(file) = app
        .dialog()
        .file()
        .set_title("Import deadlines")
        .add_filter("iCalendar or CSV", &["ics", "ical", "csv"])
        .blocking_pick_file()
    else {
        return Ok(None);
    };
    let path = file.into_path().map_err(|e| dialog_error("file", e))?;
    let options = ImportOptions {
        dry_run: true,
        skip_invalid: true,
        ..ImportOptions::default()
    };
    let mut store = state.store()?;
    let report = interop::import_file(
        &mut store,
        &path,
        None,
        &options,
        state.local_zone.name(),
        &actor(),
        Utc::now(),
    )?;
    let shown = path.display().to_string();
    state.choose_import(path);
    Ok(Some((shown, report)))
}

/// Imports the file last chosen with `pick_import_file`: the page names no
/// file itself.
#[tauri::command(async)]
pub fn import_file(state: State<'_, AppState>, skip_invalid: bool) -> Result<ImportReport> {
    let path = state.chosen_import().ok_or(ShellError::NothingToImport)?;
    let options = ImportOptions {
        skip_invalid,
        ..ImportOptions::default()
    };
    write(&state, |store| {
        interop::import_file(
            store,
            &path,
            None,
            &options,
            state.local_zone.name(),
            &Actor::current("import"),
            Utc::now(),
        )
    })
}

/// Asks for a regulation pack file and installs it (or upgrades to it);
/// `None` when the officer cancels.
#[tauri::command(async)]
pub fn pick_pack_file(app: AppHandle, state: State<'_, AppState>) -> Result<Option<String>> {
    let Some(file) = app
        .dialog()
        .file()
        .set_title("Install a regulation pack")
        .add_filter("Regulation pack (JSON)", &["json"])
        .blocking_pick_file()
    else {
        return Ok(None);
    };
    let path = file.into_path().map_err(|e| dialog_error("file", e))?;
    let text = std::fs::read_to_string(&path).map_err(|e| ShellError::PackUnreadable {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let pack = docket_core::packs::Pack::from_json(&text).map_err(|e| ShellError::PackInvalid {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let report = write(&state, |store| {
        store.install_pack(&pack, &Actor::current("pack"), Utc::now())
    })?;
    Ok(Some(report.describe()))
}

/// Asks where to save and writes every deadline there; `None` when cancelled.
#[tauri::command(async)]
pub fn export_file(
    app: AppHandle,
    state: State<'_, AppState>,
    format: Format,
) -> Result<Option<String>> {
    let (name, filter, ext) = match format {
        Format::Ics => ("docket.ics", "iCalendar", "ics"),
        Format::Csv => ("docket.csv", "CSV", "csv"),
        Format::Json => ("docket-backup.json", "Docket backup (JSON)", "json"),
    };
    let Some(file) = app
        .dialog()
        .file()
        .set_title("Export deadlines")
        .set_file_name(name)
        .add_filter(filter, &[ext])
        .blocking_save_file()
    else {
        return Ok(None);
    };
    let path = file.into_path().map_err(|e| dialog_error("file", e))?;
    let text = interop::export(&*state.store()?, format, Shape::Event, Utc::now())?;
    // Whole and private, as docketctl writes it: a partial file never
    // replaces a good one, and no one else can read the docket.
    interop::write_private(&path, text.as_bytes()).map_err(|e| ShellError::ExportUnwritable {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok(Some(path.display().to_string()))
}

/// Opens the data folder in the file manager.
#[tauri::command(async)]
pub fn open_data_folder(app: AppHandle, state: State<'_, AppState>) -> Result<()> {
    let dir = state.data_dir.display().to_string();
    app.opener()
        .open_path(&dir, None::<&str>)
        .map_err(|e| ShellError::Folder {
            dir: dir.clone(),
            reason: e.to_string(),
        })?;
    Ok(())
}

fn own_store(state: &AppState) -> Result<docket_core::Store> {
    // A sync talks to a server for as long as it takes: it gets a
    // connection of its own, so that the window's stays free.
    Ok(docket_core::Store::open(&state.data_dir).map_err(Error::from)?)
}

#[tauri::command(async)]
pub fn sync_accounts(state: State<'_, AppState>) -> Result<Vec<Account>> {
    Ok(state.store()?.accounts()?)
}

/// The window's account form.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountForm {
    name: String,
    server_url: String,
    username: String,
    password: String,
    calendar: Option<String>,
    todo: bool,
    scope: String,
}

/// Adds a CalDAV account: signs in, finds or makes the calendar, and keeps
/// the password in the system keyring.
#[tauri::command(async)]
pub fn add_sync_account(state: State<'_, AppState>, account: AccountForm) -> Result<Account> {
    let request = sync::AccountRequest {
        name: &account.name,
        server_url: &account.server_url,
        username: &account.username,
        password: &account.password,
        calendar: account.calendar.as_deref(),
        shape: if account.todo {
            Shape::Todo
        } else {
            Shape::Event
        },
        scope: &account.scope,
    };
    let added = sync::add_account(&mut own_store(&state)?, &request, Utc::now())?;
    state.changed();
    Ok(added)
}

#[tauri::command(async)]
pub fn remove_sync_account(state: State<'_, AppState>, name: String) -> Result<()> {
    sync::remove_account(&mut own_store(&state)?, &name)?;
    state.changed();
    Ok(())
}

/// Syncs every account now; `sync_progress` says how far it is meanwhile.
#[tauri::command(async)]
pub fn sync_now(state: State<'_, AppState>) -> Result<Vec<SyncOutcome>> {
    let mut store = own_store(&state)?;
    let user = actor().user;
    let outcomes = sync::sync_all(
        &mut store,
        &state.data_dir,
        None,
        state.local_zone.name(),
        &user,
        &mut |account, progress| {
            *state
                .sync_progress
                .lock()
                .unwrap_or_else(|p| p.into_inner()) = Some(SyncProgress {
                account: account.to_owned(),
                progress,
            });
        },
    );
    *state
        .sync_progress
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = None;
    let outcomes = outcomes?;
    state.changed();
    Ok(outcomes.into_iter().map(SyncOutcome::from).collect())
}

#[tauri::command]
pub fn sync_progress(state: State<'_, AppState>) -> Option<SyncProgress> {
    state
        .sync_progress
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
}

#[tauri::command(async)]
pub fn sync_conflicts(state: State<'_, AppState>) -> Result<Vec<SyncConflict>> {
    Ok(state.store()?.sync_conflicts(state.local_zone.name())?)
}

#[tauri::command(async)]
pub fn resolve_sync_conflict(state: State<'_, AppState>, id: i64, keep: Keep) -> Result<()> {
    let zone = state.local_zone.name();
    write(&state, |s| {
        s.resolve_conflict(id, keep, zone, &actor(), Utc::now())
    })
}

#[tauri::command(async)]
pub fn sync_interval(state: State<'_, AppState>) -> Result<u32> {
    Ok(state.store()?.sync_interval()?)
}

#[tauri::command(async)]
pub fn save_sync_interval(state: State<'_, AppState>, minutes: u32) -> Result<u32> {
    write(&state, |s| s.set_sync_interval(minutes))
}

/// The installed regulation packs, for choosing what an account syncs.
#[tauri::command(async)]
pub fn installed_packs(state: State<'_, AppState>) -> Result<Vec<(String, String)>> {
    Ok(state
        .store()?
        .packs()?
        .into_iter()
        .map(|p| (p.id, p.title))
        .collect())
}

/// The clock templates the regulation packs bring.
#[tauri::command(async)]
pub fn clock_templates() -> Result<Vec<TemplateView>> {
    Ok(docket_core::packs::clock_templates()
        .map_err(Error::from)?
        .iter()
        .map(|(pack, t)| TemplateView::of(pack, t))
        .collect())
}

/// The member states whose public holidays Docket knows: code and name.
#[tauri::command(async)]
pub fn member_states() -> Vec<Named> {
    docket_core::holidays::member_states()
        .into_iter()
        .map(|(key, title)| Named {
            key: key.to_owned(),
            title: title.to_owned(),
        })
        .collect()
}

/// Every clock, running ones first.
#[tauri::command(async)]
pub fn list_clocks(state: State<'_, AppState>) -> Result<Vec<ClockView>> {
    Ok(state.store()?.clocks(Utc::now())?)
}

/// A moment typed in the window (`2027-10-01T10:00`) on `zone`'s clock.
fn moment(text: &str, zone: &str) -> std::result::Result<chrono::DateTime<Utc>, Error> {
    let invalid = |field: &'static str, message: String| ValidationError {
        field,
        message,
        others: Vec::new(),
    };
    let tz = named_zone(zone, None).map_err(|m| invalid("tz", m))?;
    Ok(parse_moment(text, tz, "when").map_err(|m| invalid("at", m))?)
}

/// Starts a clock at the moment its first event happened.
#[tauri::command(async)]
pub fn start_clock(
    state: State<'_, AppState>,
    template: String,
    at: String,
    tz: String,
    member_state: String,
    title: String,
) -> Result<ClockView> {
    let when = moment(&at, &tz)?;
    let zone = parse_zone(&tz).unwrap_or(state.local_zone);
    write(&state, |s| {
        s.start_clock(
            &NewClock {
                template: &template,
                at: when,
                zone,
                member_state: &member_state,
                title: &title,
            },
            &actor(),
            Utc::now(),
        )
    })
}

/// Records an event of a clock or the submission of a step, at a moment on
/// the clock's own zone.
#[tauri::command(async)]
pub fn record_on_clock(
    state: State<'_, AppState>,
    clock_id: String,
    what: String,
    at: String,
    note: String,
) -> Result<ClockView> {
    let tz = state.store()?.clock(&clock_id, Utc::now())?.tz;
    let when = moment(&at, &tz)?;
    write(&state, |s| {
        s.record_on_clock(&clock_id, &what, when, &note, &actor(), Utc::now())
    })
}

/// Closes a clock for a reason; its open steps are waived.
#[tauri::command(async)]
pub fn close_clock(
    state: State<'_, AppState>,
    clock_id: String,
    reason: String,
) -> Result<ClockView> {
    write(&state, |s| {
        s.close_clock(&clock_id, &reason, &actor(), Utc::now())
    })
}

/// The organisation page: the packs' questions, the answers, the AI
/// systems, and how many dates apply.
#[tauri::command(async)]
pub fn get_profile(state: State<'_, AppState>) -> Result<ProfileView> {
    Ok(state.store()?.profile_view()?)
}

fn whose(system: &Option<String>) -> Whose<'_> {
    system.as_deref().map_or(Whose::Organisation, Whose::System)
}

/// What an answer would bring into the agenda and take out of it, before
/// it is saved.
#[tauri::command(async)]
pub fn preview_answer(
    state: State<'_, AppState>,
    key: String,
    values: Vec<String>,
    system: Option<String>,
) -> Result<Effect> {
    Ok(state
        .store()?
        .preview_answer(&key, &values, whose(&system))?)
}

/// Saves an answer (no values: takes it back); what applies is worked out
/// again at once, and the reminders follow.
#[tauri::command(async)]
pub fn answer_question(
    state: State<'_, AppState>,
    key: String,
    values: Vec<String>,
    system: Option<String>,
) -> Result<Effect> {
    write(&state, |s| {
        if values.is_empty() {
            s.forget_answer(&key, whose(&system), &actor(), Utc::now())
        } else {
            s.answer(&key, &values, whose(&system), &actor(), Utc::now())
        }
    })
}

/// Lists an AI system, with answers about it.
#[tauri::command(async)]
pub fn add_system(
    state: State<'_, AppState>,
    name: String,
    answers: BTreeMap<String, Vec<String>>,
) -> Result<AiSystem> {
    write(&state, |s| {
        s.add_system(&name, &answers, &actor(), Utc::now())
            .map(|(system, _)| system)
    })
}

/// Removes an AI system and its answers.
#[tauri::command(async)]
pub fn remove_system(state: State<'_, AppState>, name: String) -> Result<Effect> {
    write(&state, |s| s.remove_system(&name, &actor(), Utc::now()))
}

/// A deadline's evidence, oldest first.
#[tauri::command(async)]
pub fn list_evidence(state: State<'_, AppState>, id: String) -> Result<Vec<Evidence>> {
    Ok(state.store()?.evidence(&id)?)
}

fn effective_date(effective: &Option<String>) -> std::result::Result<Option<NaiveDate>, Error> {
    effective
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                Error::from(ValidationError {
                    field: "effective",
                    message: format!(
                        "Effective date {s:?} is not a calendar date; use YYYY-MM-DD."
                    ),
                    others: Vec::new(),
                })
            })
        })
        .transpose()
}

/// Asks for a file (the system's file dialog) and attaches it to a
/// deadline; `None` when the officer cancels.
#[tauri::command(async)]
pub fn attach_evidence_file(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    note: String,
    effective: Option<String>,
) -> Result<Option<Evidence>> {
    let effective = effective_date(&effective)?;
    let Some(file) = app
        .dialog()
        .file()
        .set_title("Attach evidence")
        .blocking_pick_file()
    else {
        return Ok(None);
    };
    let path = file.into_path().map_err(|e| dialog_error("file", e))?;
    let added = write(&state, |s| {
        s.add_evidence(
            &Target::Deadline(&id),
            &Source::File(&path),
            &note,
            effective,
            &actor(),
            Utc::now(),
        )
    })?;
    Ok(Some(added))
}

/// Attaches a link to a deadline.
#[tauri::command(async)]
pub fn attach_evidence_link(
    state: State<'_, AppState>,
    id: String,
    url: String,
    name: String,
    note: String,
    effective: Option<String>,
) -> Result<Evidence> {
    let effective = effective_date(&effective)?;
    write(&state, |s| {
        s.add_evidence(
            &Target::Deadline(&id),
            &Source::Link {
                url: &url,
                name: &name,
            },
            &note,
            effective,
            &actor(),
            Utc::now(),
        )
    })
}

/// Asks where to save a copy of an evidence file, under its own name, and
/// writes it there; `None` when the officer cancels.
#[tauri::command(async)]
pub fn save_evidence_copy(
    app: AppHandle,
    state: State<'_, AppState>,
    deadline_id: String,
    evidence_id: String,
) -> Result<Option<String>> {
    let store = state.store()?;
    let Some(evidence) = store
        .evidence(&deadline_id)?
        .into_iter()
        .find(|e| e.id == evidence_id)
    else {
        return Err(Error::NotFound(evidence_id).into());
    };
    let Some(kept) = store.evidence_file(&evidence)? else {
        return Ok(None);
    };
    drop(store);
    let Some(file) = app
        .dialog()
        .file()
        .set_title("Save a copy of the evidence")
        .set_file_name(&evidence.name)
        .blocking_save_file()
    else {
        return Ok(None);
    };
    let path = file.into_path().map_err(|e| dialog_error("file", e))?;
    std::fs::copy(&kept, &path)
        .and_then(|_| {
            std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600))
        })
        .map_err(|e| ShellError::Folder {
            dir: path.display().to_string(),
            reason: e.to_string(),
        })?;
    Ok(Some(path.display().to_string()))
}

/// Recomputes the audit trail, as `docketctl verify` does.
#[tauri::command(async)]
pub fn verify_trail(state: State<'_, AppState>) -> Result<TrailCheck> {
    Ok(state.store()?.verify_trail()?)
}

fn period<'a>(
    from: &str,
    to: &str,
    regulation: &'a Option<String>,
) -> std::result::Result<Period<'a>, Error> {
    let day = |field: &'static str, text: &str| {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
            Error::from(ValidationError {
                field,
                message: format!("{text:?} is not a calendar date; use YYYY-MM-DD."),
                others: Vec::new(),
            })
        })
    };
    Ok(Period {
        from: day("from", from)?,
        to: day("to", to)?,
        regulation: regulation.as_deref().filter(|r| !r.trim().is_empty()),
    })
}

/// The audit report of a period as a standalone HTML document, for the
/// window's preview.
#[tauri::command(async)]
pub fn preview_report(
    state: State<'_, AppState>,
    from: String,
    to: String,
    regulation: Option<String>,
) -> Result<String> {
    let period = period(&from, &to, &regulation)?;
    let made = state
        .store()?
        .audit_report(&period, &actor(), Utc::now(), state.local_zone)?;
    Ok(docket_core::report::html(&made))
}

/// Asks where to save the audit report of a period, as PDF, HTML or CSV by
/// the name chosen, and writes it there; `None` when the officer cancels.
#[tauri::command(async)]
pub fn save_report(
    app: AppHandle,
    state: State<'_, AppState>,
    from: String,
    to: String,
    regulation: Option<String>,
    format: String,
) -> Result<Option<String>> {
    let period = period(&from, &to, &regulation)?;
    let made = state
        .store()?
        .audit_report(&period, &actor(), Utc::now(), state.local_zone)?;
    let (filter, ext) = match format.as_str() {
        "html" => ("HTML", "html"),
        "csv" => ("CSV", "csv"),
        _ => ("PDF", "pdf"),
    };
    let Some(file) = app
        .dialog()
        .file()
        .set_title("Save the audit report")
        .set_file_name(format!("audit-report-{from}-{to}.{ext}"))
        .add_filter(filter, &[ext])
        .blocking_save_file()
    else {
        return Ok(None);
    };
    let path = file.into_path().map_err(|e| dialog_error("file", e))?;
    let bytes = match ext {
        "html" => docket_core::report::html(&made).into_bytes(),
        "csv" => docket_core::report::csv(&made).into_bytes(),
        _ => docket_core::report::pdf(&made).map_err(|e| Error::Refused(e.to_string()))?,
    };
    interop::write_private(&path, &bytes).map_err(|e| ShellError::Folder {
        dir: path.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok(Some(path.display().to_string()))
}

//! The tray icon and its menu: the next five deadlines, Open Docket, pausing
//! reminders, and Quit. On Linux a tray icon has no click events, so
//! everything is in the menu.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use docket_core::reminders::{self, due_at, Pause};
use docket_core::store::{Applies, ListFilter};
use docket_core::{Deadline, Status};
use tauri::image::Image;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Wry};

use crate::single_instance::{self, Message, Role};
use crate::state::AppState;
use crate::{syncer, window};

const TRAY_ID: &str = "docket";
const NORMAL_ICON: &[u8] = include_bytes!("../../icons/tray.png");
const ALERT_ICON: &[u8] = include_bytes!("../../icons/tray-alert.png");

/// What the tray shows, computed from the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayView {
    /// The running incident clocks, most urgent first: the deadline of each
    /// one's next step (to open) and a line with its time left.
    pub clocks: Vec<(Option<String>, String)>,
    pub due_soon: usize,
    pub overdue: usize,
    /// The oldest overdue tasks (at most five), id and label.
    pub late: Vec<(String, String)>,
    /// The next deadlines (at most five), id and label.
    pub next: Vec<(String, String)>,
    pub paused_until: Option<DateTime<Utc>>,
    /// How the last sync went, when there is a sync account.
    pub sync: Option<String>,
    /// The zone the officer's clock shows, for the end of a pause.
    pub zone: Tz,
}

impl TrayView {
    /// Something is due within 7 days, overdue, or a clock runs: the icon
    /// says so.
    fn alert(&self) -> bool {
        self.due_soon > 0 || self.overdue > 0 || !self.clocks.is_empty()
    }

    /// The label beside the icon.
    fn title(&self) -> String {
        // A running clock's time left, in short: "Docket: 3 h 05 min left, until 14:30".
        if let Some((_, first)) = self.clocks.first() {
            return format!("Docket: {}", first.rsplit(" — ").next().unwrap_or(first));
        }
        match (self.due_soon, self.overdue) {
            (0, 0) => "Docket".to_owned(),
            (soon, 0) => format!("Docket: {soon} soon"),
            (0, late) => format!("Docket: {late} overdue"),
            (soon, late) => format!("Docket: {late} overdue, {soon} soon"),
        }
    }

    /// "Docket: 1 overdue, 2 deadlines due within 7 days".
    fn tooltip(&self, now: DateTime<Utc>) -> String {
        let soon = match self.due_soon {
            0 if self.overdue > 0 => "nothing else due within 7 days".to_owned(),
            0 => "nothing due within 7 days".to_owned(),
            1 => "1 deadline due within 7 days".to_owned(),
            n => format!("{n} deadlines due within 7 days"),
        };
        let mut text = match self.overdue {
            0 => format!("Docket: {soon}"),
            late => format!("Docket: {late} overdue, {soon}"),
        };
        if let Some(until) = self.paused(now) {
            text.push_str(&format!("; {until}"));
        }
        text
    }

    /// "Reminders paused until 10:35", on the officer's clock; the day is
    /// said when it is not today's.
    fn paused(&self, now: DateTime<Utc>) -> Option<String> {
        let until = self.paused_until?.with_timezone(&self.zone);
        let text = format!("Reminders paused until {}", until.format("%H:%M"));
        if until.date_naive() == now.with_timezone(&self.zone).date_naive() {
            Some(text)
        } else {
            Some(format!("{text} on {}", until.format("%-d %B")))
        }
    }
}

fn view(app: &AppHandle, now: DateTime<Utc>) -> Option<TrayView> {
    let state = app.state::<AppState>();
    let store = state.store().ok()?;
    let today = now.with_timezone(&state.local_zone).date_naive();
    let open = |due_from, due_to, limit| {
        store.list(&ListFilter {
            status: Some(Status::Open),
            due_from,
            due_to,
            limit,
            applies: Applies::Agenda,
        })
    };
    // A day either side of the local dates covers every zone's instants.
    let week = now + Duration::days(7);
    let zone = state.local_zone;
    let late: Vec<_> = open(None, Some(today + Duration::days(1)), None)
        .ok()?
        .into_iter()
        .filter(|d| reminders::is_overdue(d, now, zone))
        .collect();
    let this_week = open(Some(today), Some(today + Duration::days(8)), None).ok()?;
    // Six, in case a timed one today is among the late.
    let next = open(Some(today), None, Some(6)).ok()?;
    let is_late = |d: &Deadline| late.iter().any(|l| l.id == d.id);
    let item = |d: &Deadline| {
        let label = format!(
            "{} — {} ({})",
            d.due_date.format("%-d %b %Y"),
            d.title,
            when(d, now, zone)
        );
        (d.id.clone(), label)
    };
    let mut clocks: Vec<_> = store
        .clocks(now)
        .ok()?
        .iter()
        .filter(|c| c.closed_at.is_none())
        .filter_map(|c| clock_line(c, now, zone))
        .collect();
    clocks.sort_by_key(|(due, _, _)| *due);
    Some(TrayView {
        clocks: clocks.into_iter().map(|(_, id, line)| (id, line)).collect(),
        due_soon: this_week
            .iter()
            .filter(|d| !is_late(d) && due_at(d) <= week)
            .count(),
        overdue: late.len(),
        late: late.iter().take(5).map(item).collect(),
        next: next
            .iter()
            .filter(|d| !is_late(d))
            .take(5)
            .map(item)
            .collect(),
        paused_until: store.paused_until(now).ok()?,
        sync: sync_line(&store.account_states().ok()?, now, state.local_zone),
        zone: state.local_zone,
    })
}

/// A running clock's line: its next step and the time left, with when that
/// step is due (to sort by) and its deadline (to open).
fn clock_line(
    clock: &docket_core::store::clocks::ClockView,
    now: DateTime<Utc>,
    zone: Tz,
) -> Option<(DateTime<Utc>, Option<String>, String)> {
    let step = clock
        .steps
        .iter()
        .filter(|s| matches!(s.status.as_str(), "open" | "overdue"))
        .filter_map(|s| s.due.map(|due| (due, s)))
        .min_by_key(|(due, _)| *due);
    let Some((due, step)) = step else {
        return Some((
            DateTime::<Utc>::MAX_UTC,
            None,
            format!("{}: nothing due now", clock.title),
        ));
    };
    let left = due - now;
    let span = |d: Duration| {
        let minutes = d.num_minutes().abs();
        match (minutes / (24 * 60), minutes / 60 % 24, minutes % 60) {
            (0, 0, m) => format!("{m} min"),
            (0, h, m) => format!("{h} h {m:02} min"),
            (days, h, _) => format!("{days} d {h} h"),
        }
    };
    let when = if left <= Duration::zero() {
        format!("overdue by {}", span(left))
    } else if let Some(day) = step.last_day {
        format!(
            "{} left, by the end of {}",
            span(left),
            day.format("%a %-d %b")
        )
    } else {
        let at = due.with_timezone(&zone).format("%H:%M");
        format!("{} left, until {at}", span(left))
    };
    Some((
        due,
        step.deadline_id.clone(),
        format!("{}: {} — {when}", clock.title, step.title),
    ))
}

/// How far off a deadline is, in words that stay true until the menu is next
/// drawn (at least each new day): "in 3 days", "today at 14:05", "overdue
/// since 30 Nov".
fn when(d: &Deadline, now: DateTime<Utc>, zone: Tz) -> String {
    let today = now.with_timezone(&zone).date_naive();
    if reminders::is_overdue(d, now, zone) {
        return match d.due_time {
            Some(_) if d.due_date == today => {
                let due = due_at(d).with_timezone(&zone);
                format!("overdue since {}", due.format("%H:%M"))
            }
            _ => format!("overdue since {}", d.due_date.format("%-d %b")),
        };
    }
    match d.due_time {
        // A timed deadline in the next two days: its time on the local clock,
        // never "in 3 minutes", which would go stale.
        Some(_) if (d.due_date - today).num_days() <= 1 => {
            let due = due_at(d).with_timezone(&zone);
            let day = match (due.date_naive() - today).num_days() {
                0 => "today",
                1 => "tomorrow",
                _ => return format!("{} at {}", due.format("%-d %b"), due.format("%H:%M")),
            };
            format!("{day} at {}", due.format("%H:%M"))
        }
        _ => match (d.due_date - today).num_days() {
            0 => "today".to_owned(),
            1 => "tomorrow".to_owned(),
            n => format!("in {n} days"),
        },
    }
}

/// "Synced at 14:05", "Syncing…", "Sync with team failed", "2 sync conflicts
/// to resolve"; nothing without a sync account.
fn sync_line(
    accounts: &[docket_core::store::sync::AccountState],
    now: DateTime<Utc>,
    zone: chrono_tz::Tz,
) -> Option<String> {
    if accounts.is_empty() {
        return None;
    }
    if syncer::is_running() {
        return Some("Syncing…".to_owned());
    }
    if let Some(failed) = accounts.iter().find(|a| a.last_error.is_some()) {
        return Some(format!("Sync with {} failed", failed.name));
    }
    let conflicts: u32 = accounts.iter().map(|a| a.conflicts).sum();
    if conflicts > 0 {
        return Some(format!(
            "{conflicts} sync conflict{} to resolve",
            if conflicts == 1 { "" } else { "s" }
        ));
    }
    let last = accounts.iter().filter_map(|a| a.last_sync_at).min()?;
    let local = last.with_timezone(&zone);
    Some(
        if local.date_naive() == now.with_timezone(&zone).date_naive() {
            format!("Synced at {}", local.format("%H:%M"))
        } else {
            format!("Synced on {}", local.format("%-d %b at %H:%M"))
        },
    )
}

/// What the tray is drawn from: it is redrawn when this changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature {
    /// The data's version, the day and whether reminders are paused: what
    /// another program may have changed.
    pub data: (i64, chrono::NaiveDate, bool),
    /// The minute, while a clock runs: its time left is redrawn each minute.
    pub minute: Option<i64>,
}

/// A value that changes whenever the tray should be redrawn.
pub fn signature(app: &AppHandle, now: DateTime<Utc>) -> Option<Signature> {
    let state = app.state::<AppState>();
    let store = state.store().ok()?;
    let version = store.data_version().ok()?;
    let paused = store.paused_until(now).ok()?.is_some();
    let running = store.has_running_clock().ok()?;
    Some(Signature {
        data: (
            version,
            now.with_timezone(&state.local_zone).date_naive(),
            paused,
        ),
        minute: running.then(|| now.timestamp() / 60),
    })
}

fn menu(app: &AppHandle, view: &TrayView, now: DateTime<Utc>) -> tauri::Result<Menu<Wry>> {
    let menu = Menu::new(app)?;
    menu.append(&MenuItem::with_id(
        app,
        "summary",
        view.tooltip(now),
        false,
        None::<&str>,
    )?)?;
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    for (id, label) in &view.clocks {
        let target = id
            .as_deref()
            .map_or_else(|| "open".to_owned(), |id| format!("deadline:{id}"));
        menu.append(&MenuItem::with_id(
            app,
            target,
            format!("Clock: {label}"),
            true,
            None::<&str>,
        )?)?;
    }
    if !view.clocks.is_empty() {
        menu.append(&PredefinedMenuItem::separator(app)?)?;
    }
    for (id, label) in &view.late {
        menu.append(&MenuItem::with_id(
            app,
            format!("deadline:{id}"),
            format!("Overdue: {label}"),
            true,
            None::<&str>,
        )?)?;
    }
    if !view.late.is_empty() {
        menu.append(&PredefinedMenuItem::separator(app)?)?;
    }
    if view.next.is_empty() {
        menu.append(&MenuItem::with_id(
            app,
            "none",
            "Nothing coming up",
            false,
            None::<&str>,
        )?)?;
    }
    for (id, label) in &view.next {
        menu.append(&MenuItem::with_id(
            app,
            format!("deadline:{id}"),
            label,
            true,
            None::<&str>,
        )?)?;
    }
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    menu.append(&MenuItem::with_id(
        app,
        "open",
        "Open Docket",
        true,
        None::<&str>,
    )?)?;
    // Paused: when it ends, and Resume; otherwise the two pauses.
    match view.paused(now) {
        Some(until) => {
            menu.append(&MenuItem::with_id(
                app,
                "paused",
                until,
                false,
                None::<&str>,
            )?)?;
            menu.append(&MenuItem::with_id(
                app,
                "resume",
                "Resume reminders",
                true,
                None::<&str>,
            )?)?;
        }
        None => {
            menu.append(&MenuItem::with_id(
                app,
                "pause-hour",
                "Pause reminders for 1 hour",
                true,
                None::<&str>,
            )?)?;
            menu.append(&MenuItem::with_id(
                app,
                "pause-tomorrow",
                "Pause reminders until tomorrow",
                true,
                None::<&str>,
            )?)?;
        }
    }
    if let Some(line) = &view.sync {
        menu.append(&PredefinedMenuItem::separator(app)?)?;
        menu.append(&MenuItem::with_id(
            app,
            "sync-status",
            line,
            false,
            None::<&str>,
        )?)?;
        menu.append(&MenuItem::with_id(
            app,
            "sync-now",
            "Sync now",
            !syncer::is_running(),
            None::<&str>,
        )?)?;
    }
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    menu.append(&MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?)?;
    Ok(menu)
}

/// Creates the tray icon.
pub fn create(app: &AppHandle) -> tauri::Result<()> {
    // The tray item's title, which panels and screen readers show, is GLib's
    // application name; unset, it would be the program's file name.
    glib::set_application_name("Docket");
    let now = Utc::now();
    let view = view(app, now).unwrap_or(TrayView {
        clocks: Vec::new(),
        due_soon: 0,
        overdue: 0,
        late: Vec::new(),
        next: Vec::new(),
        paused_until: None,
        sync: None,
        zone: app.state::<AppState>().local_zone,
    });
    let tray = TrayIconBuilder::with_id(TRAY_ID)
        .icon(Image::from_bytes(NORMAL_ICON)?)
        .tooltip(view.tooltip(now))
        .title("Docket")
        .menu(&menu(app, &view, now)?)
        .on_menu_event(on_menu_event)
        .build(app)?;
    // The label and the icon are set once it exists, as every redraw sets them.
    draw(app, &tray, &view, now);
    Ok(())
}

/// Redraws the tray: icon, tooltip, title and menu.
pub fn refresh(app: &AppHandle, now: DateTime<Utc>) {
    if let (Some(tray), Some(view)) = (app.tray_by_id(TRAY_ID), view(app, now)) {
        draw(app, &tray, &view, now);
    }
}

fn draw(app: &AppHandle, tray: &TrayIcon, view: &TrayView, now: DateTime<Utc>) {
    if let Ok(icon) = Image::from_bytes(if view.alert() {
        ALERT_ICON
    } else {
        NORMAL_ICON
    }) {
        let _ = tray.set_icon(Some(icon));
    }
    let _ = tray.set_tooltip(Some(view.tooltip(now)));
    let _ = tray.set_title(Some(view.title()));
    match menu(app, view, now) {
        Ok(menu) => {
            let _ = tray.set_menu(Some(menu));
        }
        Err(e) => eprintln!("docket: the tray menu could not be rebuilt: {e}"),
    }
}

fn on_menu_event(app: &AppHandle, event: MenuEvent) {
    let id = event.id().as_ref();
    let state = app.state::<AppState>();
    let now = Utc::now();
    match id {
        "open" => window::open(&state.data_dir, None),
        "sync-now" => state.ask_sync(syncer::Ask::Now),
        "quit" => {
            single_instance::send(&state.data_dir, Role::Window, &Message::Quit);
            app.exit(0);
        }
        "pause-hour" | "pause-tomorrow" | "resume" => {
            let Ok(mut store) = state.store() else { return };
            let pause = match id {
                "pause-hour" => Pause::Hour,
                "pause-tomorrow" => Pause::Tomorrow,
                _ => Pause::Resume,
            };
            let settings = store.reminder_settings().unwrap_or_default();
            let until = pause.until(&settings, state.local_zone, now);
            if let Err(e) = store.set_paused_until(until) {
                eprintln!("docket: {e}");
            }
            drop(store);
            state.changed();
        }
        other => {
            if let Some(deadline) = other.strip_prefix("deadline:") {
                window::open(&state.data_dir, Some(deadline));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn view(due_soon: usize, overdue: usize, paused_until: Option<&str>) -> TrayView {
        TrayView {
            clocks: Vec::new(),
            due_soon,
            overdue,
            late: Vec::new(),
            next: Vec::new(),
            paused_until: paused_until.map(at),
            sync: None,
            zone: chrono_tz::Europe::Brussels,
        }
    }

    #[test]
    fn the_summary_counts_in_words_and_says_when_a_pause_ends_on_the_local_clock() {
        let now = at("2026-12-02T09:35:00Z");
        assert_eq!(
            view(0, 0, None).tooltip(now),
            "Docket: nothing due within 7 days"
        );
        assert_eq!(
            view(1, 0, None).tooltip(now),
            "Docket: 1 deadline due within 7 days"
        );
        assert_eq!(
            view(3, 2, None).tooltip(now),
            "Docket: 2 overdue, 3 deadlines due within 7 days"
        );
        assert_eq!(
            view(0, 1, None).tooltip(now),
            "Docket: 1 overdue, nothing else due within 7 days"
        );
        assert_eq!(view(0, 1, None).title(), "Docket: 1 overdue");
        assert_eq!(view(2, 1, None).title(), "Docket: 1 overdue, 2 soon");
        // An hour's pause ends at 11:35 in Brussels (UTC+1), today.
        assert_eq!(
            view(0, 0, Some("2026-12-02T10:35:00Z")).tooltip(now),
            "Docket: nothing due within 7 days; Reminders paused until 11:35"
        );
        // Until tomorrow: the day is said.
        assert_eq!(
            view(0, 0, Some("2026-12-03T08:00:00Z"))
                .paused(now)
                .as_deref(),
            Some("Reminders paused until 09:00 on 3 December")
        );
        assert_eq!(view(0, 0, None).paused(now), None);
    }

    fn deadline(due: &str, time: Option<&str>, created: &str) -> Deadline {
        let mut store = docket_core::Store::open_in_memory().unwrap();
        let fields = docket_core::DeadlineFields {
            title: Some("File the report".to_owned()),
            due_date: Some(due.to_owned()),
            due_time: time.map(str::to_owned),
            ..Default::default()
        };
        store
            .add(
                &fields,
                "Europe/Brussels",
                &docket_core::Actor::current("test"),
                at(created),
            )
            .unwrap()
    }

    #[test]
    fn menu_labels_say_times_that_stay_true_and_name_what_is_overdue() {
        let zone = chrono_tz::Europe::Brussels;
        let now = at("2026-12-02T09:35:00Z");
        let created = "2026-11-01T00:00:00Z";
        // A timed deadline this afternoon: its time, not "in 4 hours".
        let later = deadline("2026-12-02", Some("14:05"), created);
        assert_eq!(when(&later, now, zone), "today at 14:05");
        assert_eq!(
            when(&later, at("2026-12-02T12:50:00Z"), zone),
            "today at 14:05"
        );
        let tomorrow = deadline("2026-12-03", Some("09:00"), created);
        assert_eq!(when(&tomorrow, now, zone), "tomorrow at 09:00");
        assert_eq!(
            when(&deadline("2026-12-09", None, created), now, zone),
            "in 7 days"
        );
        // Late: since when, not "3 minutes ago".
        let early = deadline("2026-12-02", Some("08:00"), created);
        assert_eq!(when(&early, now, zone), "overdue since 08:00");
        let late = deadline("2026-11-30", None, created);
        assert_eq!(when(&late, now, zone), "overdue since 30 Nov");
    }

    #[test]
    fn a_running_clock_says_its_next_step_and_the_time_left() {
        let mut store = docket_core::Store::open_in_memory().unwrap();
        let started = at("2026-12-02T08:30:00Z");
        let clock = store
            .start_clock(
                &docket_core::store::clocks::NewClock {
                    template: "gdpr-breach",
                    at: started,
                    zone: chrono_tz::Europe::Brussels,
                    member_state: "BE",
                    title: "Payroll export",
                },
                &docket_core::Actor::current("test"),
                started,
            )
            .unwrap();
        let zone = chrono_tz::Europe::Brussels;
        let (due, id, line) = clock_line(&clock, at("2026-12-05T05:25:00Z"), zone).unwrap();
        assert_eq!(due, at("2026-12-05T08:30:00Z"));
        assert_eq!(id, clock.steps[0].deadline_id);
        assert_eq!(
            line,
            "Payroll export: Notify the supervisory authority — 3 h 05 min left, until 09:30"
        );
        let (_, _, late) = clock_line(&clock, at("2026-12-05T09:05:00Z"), zone).unwrap();
        assert!(late.ends_with("— overdue by 35 min"), "{late}");
        let mut view = view(0, 0, None);
        view.clocks = vec![(id, line)];
        assert_eq!(view.title(), "Docket: 3 h 05 min left, until 09:30");
    }
}

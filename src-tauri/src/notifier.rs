//! Native notifications through the freedesktop notification service
//! (notify-rust), with the Open, Snooze 1 day and Mark done actions.

use std::path::{Path, PathBuf};

use docket_core::reminders::Message;
use notify_rust::{Hint, Notification, NotificationHandle, Urgency};

/// What the officer chose in a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Open,
    Snooze,
    Done,
    Closed,
}

/// The actions a notification offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actions {
    /// Open, Snooze 1 day, Mark done: one reminder.
    Reminder,
    /// Open only: a digest of several.
    Digest,
}

const ICON: &[u8] = include_bytes!("../../icons/128x128.png");

/// Writes the app icon where the notification daemon can read it, once.
pub fn install_icon(data_dir: &Path) -> Option<PathBuf> {
    let path = data_dir.join("docket-icon.png");
    if std::fs::read(&path).ok().as_deref() != Some(ICON) {
        std::fs::write(&path, ICON).ok()?;
    }
    Some(path)
}

/// Shows a notification; the error says why the service could not take it.
pub fn show(
    message: &Message,
    actions: Actions,
    icon: Option<&Path>,
) -> Result<NotificationHandle, String> {
    let mut n = Notification::new();
    n.appname("Docket")
        .summary(&message.summary)
        .body(&message.body)
        .hint(Hint::DesktopEntry("Docket".to_owned()))
        .urgency(if message.critical {
            Urgency::Critical
        } else {
            Urgency::Normal
        })
        .action("default", "Open")
        .action("open", "Open");
    if actions == Actions::Reminder {
        n.action("snooze", "Snooze 1 day")
            .action("done", "Mark done");
    }
    if let Some(icon) = icon {
        n.icon(&icon.display().to_string());
    }
    n.show()
        .map_err(|e| format!("Notifications cannot be shown (no notification service answered: {e}); reminders stay owed and are retried every minute."))
}

/// Waits (on the calling thread) until the officer acts on the notification
/// or it closes, and reports the choice.
pub fn wait_for_choice(handle: NotificationHandle, on_choice: impl FnOnce(Choice)) {
    let mut on_choice = Some(on_choice);
    handle.wait_for_action(|action| {
        let choice = match action {
            "default" | "open" => Choice::Open,
            "snooze" => Choice::Snooze,
            "done" => Choice::Done,
            _ => Choice::Closed,
        };
        if let Some(f) = on_choice.take() {
            f(choice);
        }
    });
}

//! Native notifications through the freedesktop notification service
//! (notify-rust), with the Open, Snooze and Mark done actions.
//!
//! The daemon reports a click with the `ActionInvoked` signal, which the bus
//! delivers only to connections that asked for it beforehand. So the
//! listener subscribes once, before the first notification is shown, and
//! keeps a click that arrives before its notification's id is known (the
//! id comes back from the daemon after the notification is on screen): a
//! click made at once is never lost.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use docket_core::reminders::{Message, SnoozeFor};
use futures_lite::StreamExt;
use notify_rust::{Hint, Notification, Urgency};

/// What the officer chose in a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Open,
    Snooze,
    Done,
    Closed,
}

impl Choice {
    fn of_action(action: &str) -> Choice {
        match action {
            "default" | "open" => Choice::Open,
            "snooze" => Choice::Snooze,
            "done" => Choice::Done,
            _ => Choice::Closed,
        }
    }
}

/// The actions a notification offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actions {
    /// Open; Snooze for as long as still ends before the deadline passes, if
    /// that is at all; Mark done, unless it is news: one reminder.
    Reminder {
        snooze: Option<SnoozeFor>,
        done: bool,
    },
    /// Open only: a digest of several.
    Digest,
}

type OnChoice = Box<dyn FnOnce(Choice) + Send>;

const ICON: &[u8] = include_bytes!("../../icons/128x128.png");

/// Shows notifications and hands each one's choice to the code that showed it.
pub struct Notifier {
    icon: Option<PathBuf>,
    listener: Mutex<Option<Listener>>,
}

impl Notifier {
    /// Writes the icon into the data folder and subscribes to the daemon's
    /// signals; without a session bus, the subscription is tried again at
    /// the next notification.
    pub fn start(data_dir: &Path) -> Notifier {
        Notifier {
            icon: install_icon(data_dir),
            listener: Mutex::new(Listener::start().ok()),
        }
    }

    /// Shows a notification and calls `on_choice` once, on the listener's
    /// thread, with what the officer chose; returns the daemon's id, or why
    /// the service could not take it.
    pub fn show(
        &self,
        message: &Message,
        actions: Actions,
        on_choice: impl FnOnce(Choice) + Send + 'static,
    ) -> Result<u32, String> {
        let mut listener = self.listener.lock().unwrap_or_else(PoisonError::into_inner);
        if listener.as_ref().is_none_or(|l| !l.is_running()) {
            // A reminder is shown even when its clicks cannot be heard.
            match Listener::start() {
                Ok(started) => *listener = Some(started),
                Err(e) => eprintln!("docket: {e} A click on this notification may go unheard."),
            }
        }
        let id = show(message, actions, self.icon.as_deref())?;
        if let Some(listener) = listener.as_ref() {
            listener.expect(id, Box::new(on_choice));
        }
        Ok(id)
    }
}

/// Writes the app icon where the notification daemon can read it, once.
fn install_icon(data_dir: &Path) -> Option<PathBuf> {
    let path = data_dir.join("docket-icon.png");
    if std::fs::read(&path).ok().as_deref() != Some(ICON) {
        std::fs::write(&path, ICON).ok()?;
    }
    Some(path)
}

fn show(message: &Message, actions: Actions, icon: Option<&Path>) -> Result<u32, String> {
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
    if let Actions::Reminder { snooze, done } = actions {
        if let Some(snooze) = snooze {
            n.action("snooze", snooze.label());
        }
        if done {
            n.action("done", "Mark done");
        }
    }
    if let Some(icon) = icon {
        n.icon(&icon.display().to_string());
    }
    n.show()
        .map(|handle| handle.id())
        .map_err(|e| unavailable(&e))
}

fn unavailable(e: &dyn std::fmt::Display) -> String {
    format!("Notifications cannot be shown (no notification service answered: {e}); reminders stay owed and are retried every minute.")
}

/// How long the listener may take to subscribe before a notification is
/// shown without it.
const SUBSCRIBING: Duration = Duration::from_secs(10);

/// How long a choice for an id not (yet) expected is kept: far longer than
/// the daemon takes to answer a Notify call, far shorter than id reuse.
const EARLY_CHOICE_KEPT: Duration = Duration::from_secs(60);

/// The notifications waiting for a choice, and choices that came first.
#[derive(Default)]
struct Waiting {
    handlers: HashMap<u32, OnChoice>,
    early: VecDeque<(u32, Choice, Instant)>,
}

impl Waiting {
    /// The handler to call for a choice made in notification `id`, or None
    /// when it is kept for a notification whose id is not known yet.
    fn chosen(&mut self, id: u32, choice: Choice, at: Instant) -> Option<OnChoice> {
        if let Some(handler) = self.handlers.remove(&id) {
            return Some(handler);
        }
        self.early
            .retain(|(_, _, t)| at.duration_since(*t) < EARLY_CHOICE_KEPT);
        // A click is followed by the notification's closing: the first wins.
        if !self.early.iter().any(|(early, _, _)| *early == id) {
            self.early.push_back((id, choice, at));
        }
        None
    }

    /// Waits for notification `id`'s choice, or returns the handler with the
    /// choice already made.
    fn expect(&mut self, id: u32, handler: OnChoice) -> Option<(OnChoice, Choice)> {
        match self.early.iter().position(|(early, _, _)| *early == id) {
            Some(at) => self
                .early
                .remove(at)
                .map(|(_, choice, _)| (handler, choice)),
            None => {
                self.handlers.insert(id, handler);
                None
            }
        }
    }
}

/// One connection to the session bus subscribed to the notification
/// service's signals, read on a thread of its own.
struct Listener {
    waiting: Arc<Mutex<Waiting>>,
    thread: std::thread::JoinHandle<()>,
}

impl Listener {
    /// Returns once the bus has the subscription, so that no signal sent
    /// after this can be missed.
    fn start() -> Result<Listener, String> {
        let waiting = Arc::new(Mutex::new(Waiting::default()));
        let (ready, subscribed) = mpsc::channel();
        let shared = Arc::clone(&waiting);
        let thread = std::thread::Builder::new()
            .name("notifications".into())
            .spawn(move || zbus::block_on(listen(&shared, &ready)))
            .map_err(|e| format!("The notification listener could not start ({e})."))?;
        match subscribed.recv_timeout(SUBSCRIBING) {
            Ok(Ok(())) => Ok(Listener { waiting, thread }),
            Ok(Err(e)) => Err(format!(
                "The notification service's signals cannot be heard ({e})."
            )),
            Err(_) => Err(
                "The session bus did not take the subscription to the notification service's signals in time."
                    .to_owned(),
            ),
        }
    }

    fn is_running(&self) -> bool {
        !self.thread.is_finished()
    }

    fn expect(&self, id: u32, handler: OnChoice) {
        let ready = lock(&self.waiting).expect(id, handler);
        if let Some((handler, choice)) = ready {
            handler(choice);
        }
    }
}

fn lock(waiting: &Mutex<Waiting>) -> std::sync::MutexGuard<'_, Waiting> {
    waiting.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn listen(waiting: &Mutex<Waiting>, ready: &mpsc::Sender<zbus::Result<()>>) {
    let subscribed = async {
        let connection = zbus::Connection::session().await?;
        let rule = zbus::MatchRule::builder()
            .msg_type(zbus::message::Type::Signal)
            .interface("org.freedesktop.Notifications")
            .path("/org/freedesktop/Notifications")
            .build()?;
        let stream = zbus::MessageStream::for_match_rule(rule, &connection, None).await?;
        Ok((connection, stream))
    };
    let (_connection, mut stream) = match subscribed.await {
        Ok(subscribed) => {
            let _ = ready.send(Ok(()));
            subscribed
        }
        Err(e) => {
            let _ = ready.send(Err(e));
            return;
        }
    };
    while let Some(Ok(message)) = stream.next().await {
        let header = message.header();
        let choice = match header.member().map(|m| m.as_str()) {
            Some("ActionInvoked") => message
                .body()
                .deserialize::<(u32, &str)>()
                .map(|(id, action)| (id, Choice::of_action(action))),
            Some("NotificationClosed") => message
                .body()
                .deserialize::<(u32, u32)>()
                .map(|(id, _reason)| (id, Choice::Closed)),
            _ => continue,
        };
        let Ok((id, choice)) = choice else { continue };
        let handler = lock(waiting).chosen(id, choice, Instant::now());
        if let Some(handler) = handler {
            handler(choice);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counting(calls: &Arc<Mutex<Vec<Choice>>>) -> OnChoice {
        let calls = Arc::clone(calls);
        Box::new(move |choice| {
            calls
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(choice)
        })
    }

    #[test]
    fn a_click_that_comes_before_its_id_is_known_is_acted_on_once() {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let mut waiting = Waiting::default();
        let t = Instant::now();
        assert!(waiting.chosen(7, Choice::Done, t).is_none());
        // Closing follows the click; the click is what counts.
        assert!(waiting.chosen(7, Choice::Closed, t).is_none());
        let (handler, choice) = waiting
            .expect(7, counting(&calls))
            .expect("the early click");
        handler(choice);
        assert_eq!(
            *calls.lock().unwrap_or_else(PoisonError::into_inner),
            [Choice::Done]
        );
        assert!(waiting.handlers.is_empty() && waiting.early.is_empty());
    }

    #[test]
    fn a_click_after_the_id_is_known_goes_to_that_notification_alone() {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let mut waiting = Waiting::default();
        let t = Instant::now();
        assert!(waiting.expect(3, counting(&calls)).is_none());
        assert!(waiting.expect(4, counting(&calls)).is_none());
        let handler = waiting
            .chosen(4, Choice::Snooze, t)
            .expect("notification 4 waits");
        handler(Choice::Snooze);
        assert!(waiting.handlers.contains_key(&3));
        assert!(!waiting.handlers.contains_key(&4));
        assert_eq!(
            *calls.lock().unwrap_or_else(PoisonError::into_inner),
            [Choice::Snooze]
        );
    }

    #[test]
    fn choices_for_ids_never_expected_are_forgotten_after_a_minute() {
        let mut waiting = Waiting::default();
        let t = Instant::now();
        for id in 0..100 {
            waiting.chosen(id, Choice::Closed, t);
        }
        waiting.chosen(500, Choice::Closed, t + EARLY_CHOICE_KEPT);
        assert_eq!(waiting.early.len(), 1);
        // Notification 5 is new: it waits for a choice of its own.
        assert!(waiting.expect(5, Box::new(|_| {})).is_none());
        assert!(waiting.handlers.contains_key(&5));
    }
}

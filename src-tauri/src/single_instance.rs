//! One process per role and data directory, and the messages between them.
//!
//! Docket runs as two processes: the tray process (tray, scheduler,
//! notifications), which never loads a webview, and the window process,
//! started on demand and gone when its window closes. Each role holds a lock
//! on `<role>.lock` in the data directory and listens on `<role>.sock`; a
//! second process of the same role hands over to the running one and exits.
//! Keyed by the data directory, so that two databases each get their own.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::time::{Duration, Instant};

/// Which process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Tray,
    Window,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Tray => "docket",
            Role::Window => "docket-window",
        }
    }
}

/// What one process tells another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Show the window, optionally at one deadline.
    Show(Option<String>),
    /// Data changed; reload.
    Changed,
    /// Docket is quitting.
    Quit,
}

impl Message {
    fn encode(&self) -> String {
        match self {
            Message::Show(None) => "show\n".to_owned(),
            Message::Show(Some(id)) => format!("show {id}\n"),
            Message::Changed => "changed\n".to_owned(),
            Message::Quit => "quit\n".to_owned(),
        }
    }

    fn decode(line: &str) -> Option<Message> {
        match line.trim_end().split_once(' ') {
            Some(("show", id)) if !id.is_empty() => Some(Message::Show(Some(id.to_owned()))),
            None if line.trim_end() == "show" => Some(Message::Show(None)),
            None if line.trim_end() == "changed" => Some(Message::Changed),
            None if line.trim_end() == "quit" => Some(Message::Quit),
            _ => None,
        }
    }
}

/// The outcome of trying to become the process of a role.
pub enum Instance {
    /// This process holds the role; keep the guard alive.
    Primary(Guard),
    /// Another process holds it and was handed the message.
    Secondary,
}

/// Holds the role's lock for as long as the process runs.
pub struct Guard {
    lock: File,
    listener: UnixListener,
}

/// Takes `role` for `data_dir`, or hands `handover` to the process that has it.
pub fn acquire(data_dir: &Path, role: Role, handover: &Message) -> std::io::Result<Instance> {
    std::fs::create_dir_all(data_dir)?;
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(data_dir.join(format!("{}.lock", role.name())))?;
    match lock.try_lock() {
        Ok(()) => {
            let socket = data_dir.join(format!("{}.sock", role.name()));
            // A socket left by a process that crashed is stale: we hold the lock.
            let _ = std::fs::remove_file(&socket);
            let listener = UnixListener::bind(&socket)?;
            Ok(Instance::Primary(Guard { lock, listener }))
        }
        Err(TryLockError::WouldBlock) => {
            // The holder may still be starting: retry for a few seconds.
            let start = Instant::now();
            while !send(data_dir, role, handover) && start.elapsed() < Duration::from_secs(5) {
                std::thread::sleep(Duration::from_millis(100));
            }
            Ok(Instance::Secondary)
        }
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// Sends a message to the process of `role`; false when none listens.
pub fn send(data_dir: &Path, role: Role, message: &Message) -> bool {
    UnixStream::connect(data_dir.join(format!("{}.sock", role.name())))
        .and_then(|mut stream| stream.write_all(message.encode().as_bytes()))
        .is_ok()
}

impl Guard {
    /// Calls `on_message` for every message, on a thread of its own.
    pub fn serve(self, on_message: impl Fn(Message) + Send + 'static) {
        let spawned = std::thread::Builder::new()
            .name("messages".into())
            .spawn(move || {
                let _lock = self.lock;
                for stream in self.listener.incoming().flatten() {
                    for line in BufReader::new(stream).lines().map_while(Result::ok) {
                        if let Some(message) = Message::decode(&line) {
                            on_message(message);
                        }
                    }
                }
            });
        if let Err(e) = spawned {
            eprintln!("docket: other Docket processes cannot reach this one: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_survive_the_wire() {
        for m in [
            Message::Show(None),
            Message::Show(Some("eu-ai-act:high-risk-annex-iii".to_owned())),
            Message::Changed,
            Message::Quit,
        ] {
            assert_eq!(Message::decode(&m.encode()), Some(m));
        }
        assert_eq!(Message::decode("shutdown\n"), None);
    }

    #[test]
    fn a_second_holder_of_a_role_hands_over_its_message() {
        let dir = tempfile::tempdir().unwrap();
        let Instance::Primary(guard) =
            acquire(dir.path(), Role::Tray, &Message::Show(None)).unwrap()
        else {
            panic!("the first process takes the role");
        };
        let (tx, rx) = std::sync::mpsc::channel();
        guard.serve(move |m| {
            let _ = tx.send(m);
        });
        let second = acquire(
            dir.path(),
            Role::Tray,
            &Message::Show(Some("d1".to_owned())),
        )
        .unwrap();
        assert!(matches!(second, Instance::Secondary));
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(5)).unwrap(),
            Message::Show(Some("d1".to_owned()))
        );
        // The other role is free.
        assert!(matches!(
            acquire(dir.path(), Role::Window, &Message::Show(None)).unwrap(),
            Instance::Primary(_)
        ));
    }
}

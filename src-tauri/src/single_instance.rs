//! One Docket per data directory: the first instance holds a lock on
//! `docket.lock` and listens on `docket.sock`; a second launch asks it to show
//! its window and exits. Keyed by the data directory, so that two databases
//! (say, two test runs) can each have their own instance.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The outcome of trying to become the running instance.
pub enum Instance {
    /// This process is the running instance; keep the guard alive.
    Primary(Guard),
    /// Another instance runs and was asked to show itself.
    Secondary,
}

/// Holds the lock for as long as the instance runs.
pub struct Guard {
    _lock: File,
    listener: UnixListener,
}

fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join("docket.sock")
}

/// Becomes the running instance for `data_dir`, or hands over to the one
/// that already runs.
pub fn acquire(data_dir: &Path) -> std::io::Result<Instance> {
    std::fs::create_dir_all(data_dir)?;
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(data_dir.join("docket.lock"))?;
    match lock.try_lock() {
        Ok(()) => {
            let socket = socket_path(data_dir);
            // A socket left by an instance that crashed is stale: we hold the lock.
            let _ = std::fs::remove_file(&socket);
            let listener = UnixListener::bind(&socket)?;
            Ok(Instance::Primary(Guard {
                _lock: lock,
                listener,
            }))
        }
        Err(TryLockError::WouldBlock) => {
            ask_to_show(&socket_path(data_dir));
            Ok(Instance::Secondary)
        }
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// Asks the running instance to show its window. It may still be starting,
/// so connecting is retried for a few seconds.
fn ask_to_show(socket: &Path) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        if let Ok(mut stream) = UnixStream::connect(socket) {
            let _ = stream.write_all(b"show\n");
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

impl Guard {
    /// Calls `on_show` for every later launch, on a thread of its own.
    pub fn serve(self, on_show: impl Fn() + Send + 'static) {
        let spawned = std::thread::Builder::new()
            .name("single-instance".into())
            .spawn(move || {
                let _lock = self._lock;
                for stream in self.listener.incoming().flatten() {
                    let mut line = String::new();
                    if BufReader::new(stream).read_line(&mut line).is_ok() && line.trim() == "show"
                    {
                        on_show();
                    }
                }
            });
        if let Err(e) = spawned {
            eprintln!("docket: later launches cannot reach this one: {e}");
        }
    }
}

//! The desktop app started in the tray on a data directory.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::*;

/// The desktop app started in the tray (`docket --hidden`) on a data
/// directory, killed with SIGKILL when dropped. Its stderr goes to a file.
pub struct App {
    child: Child,
    log: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl App {
    pub fn start(data_dir: &Path, envs: &[(&str, &std::ffi::OsStr)]) -> App {
        let log_dir = tempfile::tempdir().expect("a temporary folder for the log");
        let log = log_dir.path().join("docket.log");
        let mut command = Command::new(binary("docket"));
        command
            .arg("--hidden")
            .env("DOCKET_DATA_DIR", data_dir)
            .env("TZ", "UTC")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("create the log"));
        for (key, value) in envs {
            command.env(key, value);
        }
        let child = command.spawn().expect("docket starts");
        App {
            child,
            log,
            _log_dir: log_dir,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the app wrote to stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Kills the app with SIGKILL, as a crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits for the app to exit by itself.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    }

    /// The id of the notification the app logged for `summary_start`.
    pub fn notification_id(&self, summary_start: &str) -> Option<u32> {
        self.log().lines().find_map(|line| {
            let rest = line.strip_prefix("docket: notification ")?;
            let (id, tail) = rest.split_once(' ')?;
            tail.split_once(": ")
                .filter(|(_, summary)| summary.starts_with(summary_start))
                .and_then(|_| id.parse().ok())
        })
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.kill();
    }
}

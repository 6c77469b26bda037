//! CalDAV servers on 127.0.0.1: Radicale, and a Nextcloud-like web front.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::*;

/// A Radicale CalDAV server (Debian's package) on 127.0.0.1, with its
/// storage in a temporary folder and two users, alice and bob (passwords
/// `alice-pw` and `bob-pw`). Killed when dropped.
pub struct Radicale {
    child: Option<Child>,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl Radicale {
    pub fn start() -> Radicale {
        let dir = tempfile::tempdir().expect("a temporary folder for Radicale");
        let users = dir.path().join("users");
        std::fs::write(&users, "alice:alice-pw\nbob:bob-pw\n").expect("write the users");
        let mut radicale = Radicale {
            child: None,
            port: free_port(),
            dir,
        };
        let config = format!(
            "[server]\nhosts = 127.0.0.1:{}\n\n[auth]\ntype = htpasswd\nhtpasswd_filename = {}\n\
             htpasswd_encryption = plain\n\n[storage]\nfilesystem_folder = {}\n\n\
             [rights]\ntype = owner_only\n\n[logging]\nlevel = warning\n",
            radicale.port,
            users.display(),
            radicale.dir.path().join("collections").display()
        );
        std::fs::write(radicale.dir.path().join("config"), config).expect("write the config");
        radicale.resume();
        radicale
    }

    /// The server's address.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Stops the server, as a crash or a lost network would (SIGKILL).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port and storage.
    pub fn resume(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.path().join("log"))
            .expect("open Radicale's log");
        let child = Command::new("radicale")
            .arg("--config")
            .arg(self.dir.path().join("config"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("radicale runs (scripts/setup-debian installs it)");
        self.child = Some(child);
        let address = format!("127.0.0.1:{}", self.port);
        wait_for("Radicale to listen", Duration::from_secs(20), || {
            std::net::TcpStream::connect(&address).ok()
        });
    }

    /// The resources (`.ics` files) in one of `user`'s calendars, named by
    /// the last part of its URL.
    pub fn stored_in(&self, user: &str, calendar: &str) -> Vec<PathBuf> {
        self.stored(user)
            .into_iter()
            .filter(|p| {
                p.parent()
                    .and_then(Path::file_name)
                    .is_some_and(|n| n == calendar)
            })
            .collect()
    }

    /// The resources (`.ics` files) the server stores for `user`, in all
    /// their calendars.
    pub fn stored(&self, user: &str) -> Vec<PathBuf> {
        let root = self
            .dir
            .path()
            .join("collections/collection-root")
            .join(user);
        let Ok(calendars) = std::fs::read_dir(root) else {
            return Vec::new();
        };
        calendars
            .flatten()
            .filter_map(|c| std::fs::read_dir(c.path()).ok())
            .flat_map(|files| files.flatten().map(|f| f.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ics"))
            .collect()
    }
}

impl Drop for Radicale {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A web front laid out as Nextcloud's (tests/fixtures/web_front.py) before
/// a Radicale: a web page at `/`, the CalDAV server under
/// `/remote.php/dav/`, found only through `/.well-known/caldav`. Killed
/// when dropped.
pub struct WebFront {
    child: Child,
    pub port: u16,
}

impl WebFront {
    pub fn before(server: &Radicale) -> WebFront {
        let port = free_port();
        let child = Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/web_front.py"))
            .arg(port.to_string())
            .arg(server.port.to_string())
            .spawn()
            .expect("python3 runs");
        let address = format!("127.0.0.1:{port}");
        wait_for("the web front to listen", Duration::from_secs(20), || {
            std::net::TcpStream::connect(&address).ok()
        });
        WebFront { child, port }
    }

    /// The address a user would type: the host alone.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }
}

impl Drop for WebFront {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

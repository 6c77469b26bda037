//! The workspace's built binaries, and docketctl run on a data directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The directory holding the workspace's built binaries (`target/debug`),
/// found from the test executable (`target/debug/deps/…`).
pub fn bin_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test knows its own path");
    exe.parent()
        .and_then(Path::parent)
        .expect("the test runs from target/<profile>/deps")
        .to_owned()
}

/// A built binary of the workspace. `make test` builds them first; a bare
/// `cargo test` builds them here, once, with the cargo that runs the tests.
pub fn binary(name: &str) -> PathBuf {
    let path = bin_dir().join(name);
    if !path.exists() {
        build_binaries();
    }
    assert!(
        path.exists(),
        "{} is not built and could not be built; run `make test` (or `cargo build --workspace`) first",
        path.display()
    );
    path
}

fn build_binaries() {
    static BUILT: std::sync::Once = std::sync::Once::new();
    BUILT.call_once(|| {
        let built = Command::new(env!("CARGO"))
            .args(["build", "-p", "docket", "-p", "docketctl"])
            .status();
        if !built.as_ref().is_ok_and(|s| s.success()) {
            eprintln!("cargo build -p docket -p docketctl failed: {built:?}");
        }
    });
}

/// Runs docketctl on `data_dir` with `args`, in the given time zone.
pub fn docketctl(data_dir: &Path, tz: &str, args: &[&str]) -> Output {
    Command::new(binary("docketctl"))
        .args(args)
        .env("DOCKET_DATA_DIR", data_dir)
        .env("TZ", tz)
        .output()
        .expect("docketctl runs")
}

/// Runs docketctl (in Europe/Brussels) and returns its output, failing the
/// test on a non-zero exit.
pub fn docketctl_ok(data_dir: &Path, args: &[&str]) -> String {
    let out = docketctl(data_dir, "Europe/Brussels", args);
    assert!(
        out.status.success(),
        "docketctl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("docketctl printed UTF-8")
}

/// Runs docketctl and parses its JSON output, failing the test on a non-zero exit.
pub fn docketctl_json(data_dir: &Path, args: &[&str]) -> Value {
    let out = docketctl(data_dir, "Europe/Brussels", args);
    assert!(
        out.status.success(),
        "docketctl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("docketctl printed JSON")
}

/// The sentences of a `docketctl history --json` answer, oldest first.
pub fn summaries(history: &Value) -> Vec<&str> {
    history
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .filter_map(|h| h["summary"].as_str())
                .collect()
        })
        .unwrap_or_default()
}

/// Runs docketctl with `stdin` as its standard input (a password).
pub fn docketctl_with_input(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(binary("docketctl"))
        .args(args)
        .env("DOCKET_DATA_DIR", data_dir)
        .env("TZ", "Europe/Brussels")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("docketctl runs");
    child
        .stdin
        .take()
        .expect("a pipe")
        .write_all(stdin.as_bytes())
        .expect("write the input");
    child.wait_with_output().expect("docketctl ends")
}

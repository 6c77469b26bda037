//! Python with the third-party clients the tests use (icalendar, caldav).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The Python with the test's third-party packages (icalendar), set up by
/// `scripts/setup-python` in `.build/venv`.
pub fn python() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.build/venv/bin/python");
    assert!(
        path.exists(),
        "{} is missing; run `make test` (or scripts/setup-python) first",
        path.display()
    );
    path
}

/// Runs a Python script with the test venv's Python and returns its stdout,
/// failing the test when it fails.
pub fn run_python(script: &str, args: &[&Path]) -> String {
    let out = Command::new(python())
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "the Python script failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("Python printed UTF-8")
}

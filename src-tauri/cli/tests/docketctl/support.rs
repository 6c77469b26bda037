//! Running the docketctl that cargo built for these tests.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs docketctl on `data_dir` with `args`, in the given time zone.
pub fn docketctl(data_dir: &Path, tz: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docketctl"))
        .args(args)
        .env("DOCKET_DATA_DIR", data_dir)
        .env("TZ", tz)
        .output()
        .expect("docketctl runs")
}

/// Runs docketctl (in Europe/Brussels) and parses its JSON output, failing
/// the test on a non-zero exit.
pub fn docketctl_json(data_dir: &Path, args: &[&str]) -> Value {
    let out = docketctl(data_dir, "Europe/Brussels", args);
    assert!(
        out.status.success(),
        "docketctl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("docketctl printed JSON")
}

/// The summaries of a `history --json` answer, oldest first.
pub fn summaries(history: &Value) -> Vec<&str> {
    history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["summary"].as_str().unwrap())
        .collect()
}

//! A JSON backup read back, and restored into a scratch data dir when it parses.
#![no_main]
use docket_core::store::json_backup::{restore, JsonBackup};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if serde_json::from_str::<JsonBackup>(text).is_ok() {
        let dir = std::env::temp_dir().join(format!("docket-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let _ = restore(&dir, "fuzz.json", text, chrono_now());
        let _ = std::fs::remove_dir_all(&dir);
    }
});

fn chrono_now() -> chrono::DateTime<chrono::Utc> {
    docket_core::time::from_stored("2026-12-01T07:00:00.000Z").expect("a fixed instant")
}

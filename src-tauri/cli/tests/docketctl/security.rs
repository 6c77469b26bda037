//! The window's security boundary, as configured: capabilities that grant
//! only Docket's own commands, a strict content security policy, and
//! private files.

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde_json::Value;

fn app_file(path: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../src-tauri")
            .join(path),
    )
    .unwrap()
}

/// The commands the app registers (its build script lists them for the manifest).
fn commands() -> BTreeSet<String> {
    let build = app_file("build.rs");
    let list = build
        .split_once("= &[")
        .unwrap()
        .1
        .split_once(']')
        .unwrap()
        .0;
    list.split(',')
        .map(|c| c.trim().trim_matches('"').to_owned())
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn the_window_may_call_docket_commands_and_no_plugin() {
    let capability: Value = serde_json::from_str(&app_file("capabilities/main.json")).unwrap();
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("plain permission names").to_owned())
        .collect();
    let own: BTreeSet<String> = commands()
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    // The three core permissions the page needs: events from the app, and closing its window.
    let core: BTreeSet<String> = [
        "core:event:allow-listen",
        "core:event:allow-unlisten",
        "core:window:allow-close",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    let extra: Vec<_> = granted
        .difference(&own)
        .filter(|p| !core.contains(*p))
        .collect();
    assert!(
        extra.is_empty(),
        "permissions beyond Docket's own commands: {extra:?}"
    );
    let missing: Vec<_> = own.difference(&granted).collect();
    assert!(
        missing.is_empty(),
        "commands the window cannot call: {missing:?}"
    );
}

#[test]
fn the_content_security_policy_allows_no_remote_source_and_no_eval() {
    let config: Value = serde_json::from_str(&app_file("tauri.conf.json")).unwrap();
    let csp = config["app"]["security"]["csp"]
        .as_object()
        .expect("a CSP is set");
    for (directive, sources) in csp {
        let sources = sources.as_str().unwrap();
        for bad in ["'unsafe-eval'", "'unsafe-inline'", "*", "https:", "data: *"] {
            assert!(
                !sources.split_whitespace().any(|s| s == bad),
                "{directive} allows {bad}"
            );
        }
        for source in sources.split_whitespace() {
            let remote = source.starts_with("http://") || source.starts_with("https://");
            assert!(
                !remote || source == "http://ipc.localhost",
                "{directive} allows the remote source {source}"
            );
        }
    }
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
    assert_eq!(config["app"]["withGlobalTauri"], false);
}

#[test]
fn the_data_folder_is_private_and_so_are_the_database_and_its_backups() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("docket");
    let out = docket_tests::docketctl(&dir, "UTC", &["backup"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("docket.sqlite3")), 0o600);
    assert_eq!(mode(&dir.join("backups")), 0o700);
    for backup in std::fs::read_dir(dir.join("backups")).unwrap() {
        assert_eq!(mode(&backup.unwrap().path()), 0o600);
    }
}

//! The window's boundary, as configured: capabilities that grant only
//! Docket's own commands, a strict content security policy, and one list of
//! commands that the handlers, the build script, the capability file and the
//! page's `api.ts` all agree on.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

fn app_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
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
    // Besides the page's own, the one inline style allowed is the audit
    // report's, for its preview (a sandboxed srcdoc frame, which takes the
    // window's policy).
    let report_style = {
        use base64::Engine;
        use sha2::Digest;
        let digest = sha2::Sha256::digest(docket_core::report::HTML_STYLE.as_bytes());
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    };
    assert_eq!(csp["style-src"], format!("'self' {report_style}"));
    assert_eq!(csp["object-src"], "'none'");
    assert_eq!(config["app"]["withGlobalTauri"], false);
}

/// The names in `text` that follow `marker` up to the first character that
/// cannot be part of a command's name.
fn names_after(text: &str, marker: &str) -> BTreeSet<String> {
    text.split(marker)
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

#[test]
fn the_handlers_the_build_script_and_the_page_name_the_same_commands() {
    let listed = commands();
    let lib = app_file("src/lib.rs");
    let handler = lib
        .split_once("generate_handler![")
        .unwrap()
        .1
        .split_once(']')
        .unwrap()
        .0;
    let registered = names_after(handler, "commands::");
    let defined: BTreeSet<String> = app_file("src/commands.rs")
        .split("#[tauri::command")
        .skip(1)
        .filter_map(|rest| {
            let after = rest
                .split_once("pub fn ")
                .or_else(|| rest.split_once("pub async fn "))?
                .1;
            Some(
                after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect(),
            )
        })
        .collect();
    // `call<T>("name", …)`: the quoted name after the type.
    let called: BTreeSet<String> = app_file("../ui/src/lib/api.ts")
        .split("call<")
        .skip(1)
        .filter_map(|rest| rest.lines().next()?.split_once(">(\"")?.1.split_once('"'))
        .map(|(name, _)| name.to_owned())
        .collect();
    assert_eq!(registered, listed, "generate_handler! and build.rs");
    assert_eq!(
        defined, listed,
        "the #[tauri::command] functions and build.rs"
    );
    assert_eq!(called, listed, "ui/src/lib/api.ts and build.rs");
}

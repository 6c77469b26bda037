//! `docket --help`, `--version` and an unknown option answer and end, with
//! no display and no session bus, instead of starting the app.

use std::process::Command;

fn docket(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env(
            "DOCKET_DATA_DIR",
            std::env::temp_dir().join("docket-command-line-never-made"),
        )
        .output()
        .expect("docket runs")
}

#[test]
fn help_and_version_answer_and_end() {
    let help = docket(&["--help"]);
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.starts_with("Usage: docket [--hidden]"), "{text}");
    let version = docket(&["--version"]);
    assert!(version.status.success());
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("docket {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn an_unknown_option_is_refused_with_the_usage_and_exit_2() {
    let out = docket(&["--hiden"]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.starts_with("docket: “--hiden” is not an option of docket."),
        "{said}"
    );
    assert!(said.contains("Usage: docket"), "{said}");
    assert!(!std::env::temp_dir()
        .join("docket-command-line-never-made")
        .exists());
}

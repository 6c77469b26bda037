//! Proof from the terminal: evidence kept by its SHA-256, and `verify`
//! exiting 4 once another program changed the trail's rows.

use std::process::Command;

use crate::support::{docketctl, docketctl_json};

fn sha256sum(path: &std::path::Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_owned()
}

#[test]
fn evidence_add_prints_the_files_sha256_and_list_and_export_give_it_back() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let minutes = files.path().join("Board minutes, März.pdf");
    std::fs::write(&minutes, b"%PDF-1.4 minutes\n").unwrap();
    let added = docketctl_json(
        data.path(),
        &[
            "add",
            "--title",
            "Board report",
            "--due",
            "2027-03-31",
            "--json",
        ],
    );
    let id = added["id"].as_str().unwrap();
    let out = docketctl(
        data.path(),
        "Europe/Brussels",
        &[
            "evidence",
            "add",
            id,
            minutes.to_str().unwrap(),
            "--note",
            "Approved",
            "--effective",
            "2027-03-30",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sha = sha256sum(&minutes);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{sha}  Board minutes, März.pdf\n")
    );
    let listed = docketctl_json(data.path(), &["evidence", "list", id, "--json"]);
    let first = &listed[0];
    assert_eq!(first["sha256"], sha.as_str());
    assert_eq!(first["effective"], "2027-03-30");
    assert_eq!(first["note"], "Approved");
    assert_eq!(first["media_type"], "application/pdf");

    let refused = docketctl(
        data.path(),
        "UTC",
        &["evidence", "add", id, "/nonexistent/receipt.pdf"],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Nothing was added."));

    let out_dir = files.path().join("for the auditor");
    docketctl_json(
        data.path(),
        &[
            "evidence",
            "export",
            id,
            out_dir.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(sha256sum(&out_dir.join("Board minutes, März.pdf")), sha);
}

#[test]
fn verify_passes_after_docket_writes_and_exits_4_naming_a_row_another_program_changed() {
    let data = tempfile::tempdir().unwrap();
    let added = docketctl_json(
        data.path(),
        &[
            "add",
            "--title",
            "Board report",
            "--due",
            "2027-03-31",
            "--json",
        ],
    );
    let id = added["id"].as_str().unwrap();
    docketctl_json(data.path(), &["done", id, "--note", "Sent", "--json"]);
    let ok = docketctl(data.path(), "UTC", &["verify"]);
    assert_eq!(ok.status.code(), Some(0));
    let said = String::from_utf8_lossy(&ok.stdout).into_owned();
    assert!(said.starts_with("The trail is intact: "), "{said}");
    // A head hash kept from that day is found by a later verify.
    let head = docketctl_json(data.path(), &["verify", "--json"])["head"]
        .as_str()
        .unwrap()
        .to_owned();
    docketctl_json(data.path(), &["reopen", id, "--json"]);
    let through = docketctl_json(data.path(), &["verify", "--head", &head, "--json"]);
    assert!(through["head_found_at"].as_i64().unwrap() > 0);
    assert_ne!(through["head"], head.as_str(), "the head moved on since");
    let elsewhere = docketctl(data.path(), "UTC", &["verify", "--head", &"ab".repeat(32)]);
    assert_eq!(elsewhere.status.code(), Some(4));
    assert!(
        String::from_utf8_lossy(&elsewhere.stderr).contains("no entry of the trail has the hash")
    );

    let db = data.path().join("docket.sqlite3");
    let out = Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys\n\
             db = sqlite3.connect(sys.argv[1])\n\
             db.execute('DROP TRIGGER history_is_append_only_update')\n\
             db.execute(\"UPDATE history SET summary = 'Marked done: Sent in time' WHERE summary = 'Marked done: Sent'\")\n\
             db.commit()",
            db.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let broken = docketctl(data.path(), "UTC", &["verify"]);
    assert_eq!(broken.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(
        stderr.starts_with("docketctl: The trail is broken: history row ")
            && stderr.contains("it was changed after it was written"),
        "{stderr}"
    );
}

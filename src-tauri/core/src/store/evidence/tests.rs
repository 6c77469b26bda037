//! Evidence is stored once by its hash, private and read-only; a file that
//! cannot be read changes nothing; a pack item may require evidence; and
//! evidence survives a backup, a restore and a JSON round trip.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::{Source, Target};
use crate::model::{Actor, DeadlineFields};
use crate::store::{json_backup, Store};
use crate::time::from_stored;

fn at(s: &str) -> DateTime<Utc> {
    from_stored(s).unwrap()
}

fn officer() -> Actor {
    Actor {
        user: "officer".to_owned(),
        via: "test".to_owned(),
    }
}

fn with_deadline(dir: &Path) -> (Store, String) {
    let mut store = Store::open(dir).unwrap();
    let fields = DeadlineFields {
        title: Some("Board report".to_owned()),
        due_date: Some("2027-03-31".to_owned()),
        ..DeadlineFields::default()
    };
    let d = store
        .add(&fields, "UTC", &officer(), at("2027-01-01T00:00:00Z"))
        .unwrap();
    (store, d.id)
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_file_is_kept_once_under_its_hash_private_and_read_only() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let minutes = files.path().join("minutes.pdf");
    std::fs::write(&minutes, "minutes of the board\n").unwrap();
    let expected = {
        let out = std::process::Command::new("sha256sum")
            .arg(&minutes)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()[..64].to_owned()
    };
    let (mut store, id) = with_deadline(data.path());
    let first = store
        .add_evidence(
            &Target::Deadline(&id),
            &Source::File(&minutes),
            "Approved",
            Some(chrono::NaiveDate::from_ymd_opt(2027, 3, 30).unwrap()),
            &officer(),
            at("2027-03-30T10:00:00Z"),
        )
        .unwrap();
    assert_eq!(first.sha256.as_deref(), Some(expected.as_str()));
    assert_eq!(first.size, Some(21));
    assert_eq!(first.media_type.as_deref(), Some("application/pdf"));
    assert_eq!(first.effective.as_deref(), Some("2027-03-30"));
    std::fs::copy(&minutes, files.path().join("minutes-again.pdf")).unwrap();
    store
        .add_evidence(
            &Target::Deadline(&id),
            &Source::File(&files.path().join("minutes-again.pdf")),
            "",
            None,
            &officer(),
            at("2027-03-30T11:00:00Z"),
        )
        .unwrap();
    let kept: Vec<_> = std::fs::read_dir(data.path().join("evidence"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        kept,
        vec![expected.clone()],
        "the same file twice is kept once"
    );
    assert_eq!(mode(&data.path().join("evidence")), 0o700);
    assert_eq!(mode(&data.path().join("evidence").join(&expected)), 0o400);
    assert_eq!(store.evidence(&id).unwrap().len(), 2);
    let said = store.history(&id).unwrap().pop().unwrap().summary;
    assert_eq!(
        said,
        format!("Evidence added: minutes-again.pdf (SHA-256 {expected})")
    );
    assert_eq!(store.verify_trail().unwrap().broken, None);
}

#[test]
fn a_file_that_cannot_be_read_is_refused_with_a_sentence_and_nothing_changes() {
    let data = tempfile::tempdir().unwrap();
    let (mut store, id) = with_deadline(data.path());
    let history = store.history(&id).unwrap().len();
    let missing = data.path().join("no-such-file.pdf");
    let refused = store
        .add_evidence(
            &Target::Deadline(&id),
            &Source::File(&missing),
            "",
            None,
            &officer(),
            at("2027-03-30T10:00:00Z"),
        )
        .unwrap_err()
        .to_string();
    assert!(
        refused.starts_with(&format!("{} cannot be read: ", missing.display()))
            && refused.ends_with("Nothing was added."),
        "{refused}"
    );
    let folder = store
        .add_evidence(
            &Target::Deadline(&id),
            &Source::File(data.path()),
            "",
            None,
            &officer(),
            at("2027-03-30T10:00:00Z"),
        )
        .unwrap_err()
        .to_string();
    assert!(folder.contains("is a folder, not a file"), "{folder}");
    assert!(store.evidence(&id).unwrap().is_empty());
    assert_eq!(store.history(&id).unwrap().len(), history);
}

#[test]
fn a_pack_item_that_requires_evidence_is_done_only_once_it_has_some() {
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap();
    let pack = crate::packs::Pack::from_json(
        r#"{"id": "t", "version": 1, "released": "2026-12-02", "title": "Test",
            "jurisdiction": "EU", "tz": "Europe/Brussels", "items": [
              {"id": "register", "title": "File the register", "date": "2027-03-31",
               "kind": "obligation", "regulation": "R", "reference": "Art. 28(3)",
               "description": "D", "source_url": "https://example.eu/r",
               "requires_evidence": true}]}"#,
    )
    .unwrap();
    store
        .install_pack(&pack, &officer(), at("2027-01-01T00:00:00Z"))
        .unwrap();
    let refused = store
        .mark_done("t:register", "", &officer(), at("2027-03-30T10:00:00Z"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        refused,
        "“File the register” needs evidence before it is done: attach a file or a link first (in its details, or `docketctl evidence add t:register FILE`)."
    );
    store
        .add_evidence(
            &Target::Deadline("t:register"),
            &Source::Link {
                url: "https://supervisor.example.eu/receipts/42",
                name: "Submission receipt",
            },
            "",
            None,
            &officer(),
            at("2027-03-30T10:00:00Z"),
        )
        .unwrap();
    let done = store
        .mark_done("t:register", "", &officer(), at("2027-03-30T10:05:00Z"))
        .unwrap();
    assert_eq!(done.status, crate::Status::Done);
}

#[test]
fn evidence_survives_a_json_round_trip_into_a_fresh_folder_and_an_export() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let minutes = files.path().join("minutes.pdf");
    std::fs::write(&minutes, "minutes of the board\n").unwrap();
    let (mut store, id) = with_deadline(data.path());
    let added = store
        .add_evidence(
            &Target::Deadline(&id),
            &Source::File(&minutes),
            "",
            None,
            &officer(),
            at("2027-03-30T10:00:00Z"),
        )
        .unwrap();
    store
        .add_evidence(
            &Target::Deadline(&id),
            &Source::Link {
                url: "https://dms.example.org/minutes",
                name: "Minutes in the DMS",
            },
            "",
            None,
            &officer(),
            at("2027-03-30T10:01:00Z"),
        )
        .unwrap();
    let backup =
        serde_json::to_string(&store.json_backup(at("2027-04-01T00:00:00Z")).unwrap()).unwrap();
    drop(store);

    let elsewhere = tempfile::tempdir().unwrap();
    json_backup::restore(
        elsewhere.path(),
        "backup.json",
        &backup,
        at("2027-04-02T00:00:00Z"),
    )
    .unwrap();
    let restored = Store::open(elsewhere.path()).unwrap();
    let kept = restored.evidence(&id).unwrap();
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[0], added);
    let sha = added.sha256.clone().unwrap();
    assert_eq!(
        std::fs::read(elsewhere.path().join("evidence").join(&sha)).unwrap(),
        b"minutes of the board\n"
    );
    assert_eq!(restored.verify_trail().unwrap().broken, None);

    let out = tempfile::tempdir().unwrap();
    let written = restored.export_evidence(&id, out.path()).unwrap();
    assert_eq!(
        written,
        [out.path().join("minutes.pdf"), out.path().join("links.txt")]
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("links.txt")).unwrap(),
        "Minutes in the DMS\thttps://dms.example.org/minutes\n"
    );
}

//! Docket's own files come back as they went out: an export imported again
//! changes nothing and writes no history, and into a new data folder the
//! deadlines keep their ids and fields.

use std::path::Path;

use serde_json::Value;

use crate::support::{docketctl, docketctl_json};

/// A docket with an owner, a reference and tags but no description (the case
/// that came back with a made-up description), a timed one, and a done one.
fn docket(dir: &Path) {
    docketctl_json(
        dir,
        &[
            "add",
            "--title",
            "Board report",
            "--due",
            "2027-03-31",
            "--owner",
            "Ana",
            "--reference",
            "Art. 26(5)",
            "--regulation",
            "EU AI Act",
            "--tags",
            "board, q1",
            "--json",
        ],
    );
    docketctl_json(
        dir,
        &[
            "add",
            "--title",
            "Supplier audit",
            "--due",
            "2027-06-15",
            "--time",
            "14:30",
            "--tz",
            "Europe/Berlin",
            "--description",
            "Check the model card",
            "--remind",
            "7d,1d",
            "--json",
        ],
    );
    let done = docketctl_json(
        dir,
        &[
            "add",
            "--title",
            "Inventory",
            "--due",
            "2027-01-15",
            "--json",
        ],
    );
    docketctl_json(
        dir,
        &[
            "done",
            done["id"].as_str().unwrap(),
            "--note",
            "Filed",
            "--json",
        ],
    );
}

/// Every deadline that is not from a pack, by id, without the fields that
/// say when the row was written.
fn own(dir: &Path) -> Vec<Value> {
    let all = docketctl_json(dir, &["list", "--status", "all", "--json"]);
    let mut own: Vec<Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["pack_id"].is_null())
        .cloned()
        .map(|mut d| {
            for key in [
                "created_at",
                "updated_at",
                "due_changed_at",
                "revision",
                "done_at",
            ] {
                d.as_object_mut().unwrap().remove(key);
            }
            d
        })
        .collect();
    own.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    own
}

fn history_lengths(dir: &Path, deadlines: &[Value]) -> Vec<usize> {
    deadlines
        .iter()
        .map(|d| {
            docketctl_json(dir, &["history", d["id"].as_str().unwrap(), "--json"])
                .as_array()
                .unwrap()
                .len()
        })
        .collect()
}

fn round_trip(format: &str) {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    docket(&home);
    let before = own(&home);
    let histories = history_lengths(&home, &before);
    let file = dir.path().join(format!("docket.{format}"));
    let out = docketctl(
        &home,
        "Europe/Brussels",
        &["export", "--format", format, "-o", file.to_str().unwrap()],
    );
    assert!(out.status.success());

    // Into the same folder: nothing changes, no history is written.
    let report = docketctl_json(&home, &["import", file.to_str().unwrap(), "--json"]);
    assert_eq!(
        report["added"].as_array().unwrap().len(),
        0,
        "{format}: {report}"
    );
    assert_eq!(
        report["changed"].as_array().unwrap().len(),
        0,
        "{format}: {report}"
    );
    assert_eq!(own(&home), before, "{format}");
    assert_eq!(history_lengths(&home, &before), histories, "{format}");

    // Into a new folder: the same deadlines, under the same ids.
    let elsewhere = dir.path().join("elsewhere");
    docketctl_json(&elsewhere, &["import", file.to_str().unwrap(), "--json"]);
    assert_eq!(own(&elsewhere), before, "{format}");
}

#[test]
fn an_icalendar_export_imported_again_changes_nothing_and_keeps_its_ids_elsewhere() {
    round_trip("ics");
}

#[test]
fn a_csv_export_imported_again_changes_nothing_and_keeps_its_ids_elsewhere() {
    round_trip("csv");
}

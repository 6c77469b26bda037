//! Exchanging deadlines with other tools: iCalendar and CSV files in and out.
//!
//! Readers turn a file into [`Incoming`] deadlines (or [`Unusable`] ones, with
//! the line and the reason); the store applies them in one transaction
//! ([`crate::Store::import`]), so that a refused file changes nothing.

pub mod csv;
pub mod ics;

use serde::Serialize;

use crate::model::{DeadlineFields, Status};

/// The formats Docket reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Ics,
    Csv,
    /// A backup of the whole database (restored, not merged).
    Json,
}

impl Format {
    /// The format of a file: from its name, else from how it starts
    /// (BEGIN:VCALENDAR, or a JSON object).
    pub fn of_file(path: &std::path::Path) -> Option<Format> {
        Format::of_path(path).or_else(|| {
            let mut head = [0u8; 64];
            let n = std::io::Read::read(&mut std::fs::File::open(path).ok()?, &mut head).ok()?;
            let text = String::from_utf8_lossy(&head[..n]);
            let text = text.trim_start_matches('\u{feff}').trim_start();
            if text.to_ascii_uppercase().starts_with("BEGIN:VCALENDAR") {
                Some(Format::Ics)
            } else if text.starts_with('{') {
                Some(Format::Json)
            } else {
                None
            }
        })
    }

    /// The format a file name suggests (`.ics`, `.ical`, `.csv`, `.json`).
    pub fn of_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "ics" | "ical" | "ifb" | "icalendar" => Some(Format::Ics),
            "csv" | "txt" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// One deadline read from a file, not yet stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    /// What identifies it across imports: the iCalendar UID, or for CSV the
    /// Docket id or a key made of its title and date.
    pub uid: String,
    /// The line it starts on.
    pub line: usize,
    pub fields: DeadlineFields,
    pub status: Status,
    /// The done note or the waiver's reason.
    pub note: String,
    /// What of it could not be kept, to tell the officer.
    pub notes: Vec<String>,
}

/// A part of a file that cannot become a deadline, or a file that cannot be
/// read at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, thiserror::Error)]
#[error("line {line}{}: {reason}", if what.is_empty() { String::new() } else { format!(", {what}") })]
pub struct Unusable {
    #[ts(type = "number")]
    pub line: usize,
    /// "“Quarterly report”", or empty for the file as a whole.
    pub what: String,
    pub reason: String,
}

/// Why an import was refused. Nothing was stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{file} cannot be read: {reason}. Nothing was imported.")]
    Unreadable { file: String, reason: String },
    #[error("{file} cannot be imported: {problem}. Nothing was imported.")]
    Malformed { file: String, problem: Unusable },
    #[error(
        "{file}: {} of {total} items cannot be imported, so nothing was: {}. Import with --skip-invalid to import the other {}.",
        unusable.len(),
        unusable.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
        total - unusable.len()
    )]
    Unusable {
        file: String,
        total: usize,
        unusable: Vec<Unusable>,
    },
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct ImportReport {
    pub dry_run: bool,
    pub added: Vec<ImportedItem>,
    pub changed: Vec<ImportedItem>,
    /// Already in Docket exactly as in the file.
    pub unchanged: Vec<ImportedItem>,
    /// Left out because they cannot be imported (with `--skip-invalid`).
    pub skipped: Vec<Unusable>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ImportedItem {
    pub id: String,
    pub title: String,
    #[ts(type = "number")]
    pub line: usize,
    /// What changed ("Moved from … to …"), or what could not be kept.
    pub notes: Vec<String>,
}

impl ImportReport {
    /// The report as lines for people.
    pub fn describe(&self) -> String {
        let verb = |done: &str, would: &str| {
            if self.dry_run {
                would.to_owned()
            } else {
                done.to_owned()
            }
        };
        let mut out = String::new();
        for (label, items) in [
            (verb("added", "would add"), &self.added),
            (verb("changed", "would change"), &self.changed),
        ] {
            for item in items {
                out.push_str(&format!("{label}: {} (line {})\n", item.title, item.line));
                for note in &item.notes {
                    out.push_str(&format!("  {note}\n"));
                }
            }
        }
        for s in &self.skipped {
            out.push_str(&format!("{}: {s}\n", verb("skipped", "would skip")));
        }
        out.push_str(&format!(
            "{}: {} added, {} changed, {} unchanged, {} skipped\n",
            if self.dry_run {
                "Dry run, nothing stored"
            } else {
                "Imported"
            },
            self.added.len(),
            self.changed.len(),
            self.unchanged.len(),
            self.skipped.len()
        ));
        out
    }
}

/// Every deadline (deleted ones aside) as a file of `format`.
pub fn export(
    store: &crate::Store,
    format: Format,
    shape: ics::Shape,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, crate::store::Error> {
    let deadlines = store.list(&crate::store::ListFilter::default())?;
    match format {
        Format::Ics => {
            let uids = store.imported_uids()?;
            // The alarms ring when Docket's reminders do, at its reminder time.
            let settings = store.reminder_settings()?;
            Ok(ics::export_with(
                &deadlines,
                |d| ics::uid_of(d, uids.get(&d.id).map(String::as_str)),
                shape,
                ics::Alarms::of(&settings),
                now,
            ))
        }
        Format::Csv => Ok(csv::export(&deadlines)),
        Format::Json => {
            let backup = store.json_backup(now)?;
            Ok(serde_json::to_string_pretty(&backup).unwrap_or_default() + "\n")
        }
    }
}

/// Reads `path` and imports it: the format from `format` or the file's name.
pub fn import_file(
    store: &mut crate::Store,
    path: &std::path::Path,
    format: Option<Format>,
    options: &crate::store::import::ImportOptions,
    local_tz: &str,
    actor: &crate::Actor,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ImportReport, crate::store::Error> {
    let file = path.display().to_string();
    let malformed = |problem: Unusable| ImportError::Malformed {
        file: file.clone(),
        problem,
    };
    let whole = |reason: String| Unusable {
        line: 1,
        what: String::new(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| ImportError::Unreadable {
        file: file.clone(),
        reason: e.to_string(),
    })?;
    let text = decode(&bytes).map_err(malformed)?;
    let format = format.or_else(|| Format::of_path(path)).or_else(|| {
        text.trim_start_matches('\u{feff}')
            .trim_start()
            .to_ascii_uppercase()
            .starts_with("BEGIN:VCALENDAR")
            .then_some(Format::Ics)
    });
    let name = path
        .file_name()
        .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
    // Components that are not deadlines (a to-do with no due date) are left
    // out whatever the options, and listed with the skipped ones.
    let mut passed_over = Vec::new();
    let items = match format {
        Some(Format::Ics) => ics::read(&text, local_tz, &name).map(|read| {
            passed_over = read.passed_over;
            read.items
        }),
        Some(Format::Csv) => csv::parse(
            &text,
            local_tz,
            &csv::CsvOptions {
                date_format: options.date_format.clone(),
            },
        ),
        Some(Format::Json) => Err(whole(
            "a Docket JSON backup replaces the whole database instead of adding to it; restore it with docketctl import while Docket is not running".into(),
        )),
        None => Err(whole(
            "its format is not known from its name; give --format ics or --format csv".into(),
        )),
    }
    .map_err(malformed)?;
    let mut report = store.import(&file, items, options, local_tz, actor, now)?;
    report.skipped.extend(passed_over);
    report.skipped.sort_by_key(|s| s.line);
    Ok(report)
}

/// The file as text: UTF-8, with or without a byte-order mark. Anything else
/// is refused with the line of the first byte that is not UTF-8.
fn decode(bytes: &[u8]) -> Result<String, Unusable> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            Err(Unusable {
                line,
                what: String::new(),
                reason: format!(
                    "byte {} (0x{:02X}) is not UTF-8; save the file as UTF-8 text and import it again",
                    at + 1,
                    bytes[at]
                ),
            })
        }
    }
}

/// Writes a whole file at once, readable by its owner only: the bytes go to
/// a `.partial` file beside it, are synced, and then take the name, so a
/// partial file never replaces a good one.
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let partial = path.with_extension("partial");
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&partial)?;
    out.write_all(bytes)?;
    out.sync_all()?;
    std::fs::rename(&partial, path)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_private_file_is_written_whole_for_its_owner_only_and_replaces_the_old_one() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("docket.ics");
        std::fs::write(&path, "old").expect("an old file");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("mode");
        super::write_private(&path, b"BEGIN:VCALENDAR").expect("written");
        assert_eq!(std::fs::read(&path).expect("read"), b"BEGIN:VCALENDAR");
        let mode = std::fs::metadata(&path)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("listed")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["docket.ics"], "no partial file is left");
    }

    #[test]
    fn an_icalendar_export_rings_all_day_alarms_at_the_reminder_time_set() {
        use chrono::TimeZone;
        let mut store = crate::Store::open_in_memory().expect("a store");
        let now = chrono::Utc.with_ymd_and_hms(2027, 1, 10, 8, 0, 0).unwrap();
        store.set_reminder_settings("7d,0d", "08:30").expect("set");
        let fields = crate::model::DeadlineFields {
            title: Some("Annual report".into()),
            due_date: Some("2027-03-31".into()),
            ..Default::default()
        };
        let actor = crate::Actor {
            user: "officer".into(),
            via: "test".into(),
        };
        store.add(&fields, "UTC", &actor, now).expect("added");
        let text = super::export(&store, super::Format::Ics, super::ics::Shape::Event, now)
            .expect("exported");
        let triggers: Vec<&str> = text
            .split("\r\n")
            .filter(|l| l.starts_with("TRIGGER"))
            .collect();
        assert_eq!(triggers, ["TRIGGER:-P6DT15H30M", "TRIGGER:PT8H30M"]);
    }
}

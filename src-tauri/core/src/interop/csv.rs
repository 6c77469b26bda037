//! CSV export and import, through the `csv` crate: a header row naming the
//! columns, ISO dates unless a date format is given. Files that LibreOffice
//! and Excel write import too: a byte-order mark, `;` or tab separators, and
//! quoted fields across lines.

use chrono::NaiveDate;

use super::ics::UID_SUFFIX;
use super::{Incoming, Unusable};
use crate::model::{Deadline, DeadlineFields, LeadTime, Status};

/// The columns Docket writes, in order. On import only title and due_date
/// are required; columns Docket does not know are ignored.
pub const COLUMNS: [&str; 16] = [
    "title",
    "due_date",
    "due_time",
    "tz",
    "kind",
    "regulation",
    "reference",
    "owner",
    "status",
    "tags",
    "notes",
    "source_url",
    "description",
    "lead_times",
    "recurrence",
    "id",
];

/// How to read dates in a CSV file.
#[derive(Debug, Clone, Default)]
pub struct CsvOptions {
    /// A chrono format such as `%d/%m/%Y`; ISO (`%Y-%m-%d`) when `None`.
    pub date_format: Option<String>,
}

pub fn export(deadlines: &[Deadline]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    // Writing into memory cannot fail; a record of the right length is always accepted.
    let _ = out.write_record(COLUMNS);
    for d in deadlines {
        let leads = d
            .lead_times
            .as_deref()
            .map(LeadTime::format_list)
            .unwrap_or_default();
        let time = d
            .due_time
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default();
        let _ = out.write_record([
            d.title.as_str(),
            &d.due_date.to_string(),
            &time,
            &d.tz,
            d.kind.as_str(),
            &d.regulation,
            &d.reference,
            &d.owner,
            d.status.as_str(),
            &d.tags.join(", "),
            &d.done_note,
            &d.source_url,
            &d.description,
            &leads,
            d.recurrence.as_deref().unwrap_or(""),
            &d.id,
        ]);
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The separator a header line uses: the most frequent of `,`, `;` and tab
/// outside quotes.
fn separator(header: &str) -> u8 {
    let mut quoted = false;
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (sep, n) in &mut counts {
                if b == *sep {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(s, _)| *s)
}

/// The line a record starts on, from its byte offset: the crate's own line
/// count is off for CRLF files, whose records it starts at the LF. Records
/// come in order, so each count goes on from the last.
struct Lines<'a> {
    text: &'a str,
    byte: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, position: Option<&csv::Position>) -> usize {
        let Some(p) = position else { return 0 };
        let end = (p.byte() as usize + 1).min(self.text.len());
        if end > self.byte {
            self.line += self.text.as_bytes()[self.byte..end]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.byte = end;
        }
        self.line
    }
}

pub fn parse(
    text: &str,
    local_tz: &str,
    options: &CsvOptions,
) -> Result<Vec<Result<Incoming, Unusable>>, Unusable> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let whole = |line: usize, reason: String| Unusable {
        line,
        what: String::new(),
        reason,
    };
    let header_line = text
        .lines()
        .next()
        .ok_or_else(|| whole(1, "the file is empty".into()))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(header_line))
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| whole(1, format!("its header row cannot be read ({e})")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase().replace(' ', "_"))
        .collect();
    let column = |name: &str| headers.iter().position(|h| h == name);
    for required in ["title", "due_date"] {
        if column(required).is_none() {
            return Err(whole(
                1,
                format!(
                    "its header row has no \"{required}\" column (it has: {})",
                    headers.join(", ")
                ),
            ));
        }
    }
    let date_format = options.date_format.as_deref().unwrap_or("%Y-%m-%d");
    let mut lines = Lines {
        text,
        byte: 0,
        line: 1,
    };
    let mut items = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = lines.at(e.position());
            let reason = match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => {
                    format!("it has {len} fields where the header has {expected_len}")
                }
                _ => e.to_string(),
            };
            whole(line, reason)
        })?;
        let line = lines.at(record.position());
        let get = |name: &str| {
            column(name)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .unwrap_or("")
                .to_owned()
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let title = get("title");
        let unusable = |reason: String| Unusable {
            line,
            what: format!("“{title}”"),
            reason,
        };
        let raw_date = get("due_date");
        let due_date = match NaiveDate::parse_from_str(&raw_date, date_format) {
            Ok(d) => d.to_string(),
            Err(_) => {
                items.push(Err(unusable(format!(
                    "due_date \"{raw_date}\" does not read as {}",
                    if options.date_format.is_some() {
                        format!("the date format {date_format}")
                    } else {
                        "YYYY-MM-DD (give --date-format for others, such as %d/%m/%Y)".to_owned()
                    }
                ))));
                continue;
            }
        };
        let status = match get("status").to_ascii_lowercase().as_str() {
            "" | "open" => Status::Open,
            "done" => Status::Done,
            "waived" => Status::Waived,
            other => {
                items.push(Err(unusable(format!(
                    "status \"{other}\" is not open, done or waived"
                ))));
                continue;
            }
        };
        let id = get("id");
        let uid = if id.is_empty() {
            format!("csv:{}|{due_date}", title.to_lowercase())
        } else if id.contains('@') {
            id
        } else {
            format!("{id}{UID_SUFFIX}")
        };
        let tz = get("tz");
        let notes = Vec::new();
        items.push(Ok(Incoming {
            uid,
            line,
            fields: DeadlineFields {
                title: Some(title.clone()),
                due_date: Some(due_date),
                due_time: Some(get("due_time")),
                tz: Some(if tz.is_empty() {
                    local_tz.to_owned()
                } else {
                    tz
                }),
                kind: Some(
                    Some(get("kind"))
                        .filter(|k| !k.is_empty())
                        .unwrap_or_else(|| "internal".into()),
                ),
                regulation: Some(get("regulation")),
                reference: Some(get("reference")),
                owner: Some(get("owner")),
                description: Some(get("description")),
                source_url: Some(get("source_url")),
                lead_times: Some(get("lead_times")),
                recurrence: Some(get("recurrence")),
                // A file without the column leaves the tags as they are.
                tags: column("tags").map(|_| get("tags")),
                move_reason: None,
            },
            status,
            note: get("notes"),
            notes,
        }));
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_libreoffice_file_with_a_bom_semicolons_and_a_quoted_newline_reads() {
        let text = "\u{feff}Title;Due date;Owner;Notes\r\n\"Board report\";31/03/2027;Ana;\"line one\nline two\"\r\n";
        let options = CsvOptions {
            date_format: Some("%d/%m/%Y".into()),
        };
        let items = parse(text, "Europe/Brussels", &options).unwrap();
        let item = items[0].as_ref().unwrap();
        assert_eq!(item.fields.title.as_deref(), Some("Board report"));
        assert_eq!(item.fields.due_date.as_deref(), Some("2027-03-31"));
        assert_eq!(item.fields.owner.as_deref(), Some("Ana"));
        assert_eq!(item.note, "line one\nline two");
        assert_eq!(item.line, 2);
    }

    #[test]
    fn a_row_with_a_bad_date_is_unusable_with_its_line_and_a_missing_column_refuses_the_file() {
        let items = parse(
            "title,due_date\nA,2027-01-01\nB,2027-02-30\n",
            "UTC",
            &CsvOptions::default(),
        )
        .unwrap();
        assert!(items[0].is_ok());
        let bad = items[1].as_ref().unwrap_err();
        assert_eq!(bad.line, 3);
        assert!(bad.reason.contains("2027-02-30"), "{}", bad.reason);
        let refused =
            parse("title,when\nA,2027-01-01\n", "UTC", &CsvOptions::default()).unwrap_err();
        assert!(
            refused.reason.contains("no \"due_date\" column"),
            "{}",
            refused.reason
        );
    }
}

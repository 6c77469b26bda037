//! The renderers checked as an auditor would: the PDF read back with
//! poppler's `pdftotext`, the HTML searched for its rows, the CSV parsed.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use super::model::*;
use super::pdf::{FOOTER_RULE, HEADER_RULE, MARGIN, PAGE_WIDTH};
use super::*;

const EVIDENCE_HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const TRAIL_HEAD: &str = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b";
const ACCENTED_TITLE: &str = "Notify the “Bundesnetzagentur” — § 8 über Änderungen, café";
const SCRIPTED_TITLE: &str = "Review <script>alert(\"x\")</script> & sign";

fn answered(question: &str, answer: &str) -> Answered {
    Answered {
        question: question.to_owned(),
        answer: answer.to_owned(),
    }
}

fn deadline(id: &str, title: &str, due: &str, status: &str) -> ReportDeadline {
    ReportDeadline {
        id: id.to_owned(),
        title: title.to_owned(),
        regulation: "Regulation (EU) 2024/1689, Art. 6(2), Annex III".to_owned(),
        kind: "obligation".to_owned(),
        due: due.to_owned(),
        status: status.to_owned(),
        applies: "applies: the organisation provides a high-risk AI system".to_owned(),
        source_url: "https://eur-lex.europa.eu/eli/reg/2024/1689/oj".to_owned(),
        moves: Vec::new(),
        done: None,
        evidence: Vec::new(),
        reminders: Vec::new(),
    }
}

/// The `n`th of 300 reminders, each with its own text.
fn reminder(n: usize) -> ReminderLine {
    ReminderLine {
        at: format!("{} Nov 2027 09:{:02} CET", 1 + n % 28, n % 60),
        stage: format!("{} days before", 301 - n),
        channel: if n.is_multiple_of(2) {
            "digest"
        } else {
            "notification"
        }
        .to_owned(),
        action: format!("reminder {n:03} opened"),
    }
}

fn sample() -> AuditReport {
    let mut notify = deadline(
        "01JD3W5N8Q2M7R4T6V8X0Z1A2B",
        ACCENTED_TITLE,
        "2 December 2027",
        "done late",
    );
    notify.moves.push(Move {
        at: "28 Jul 2026 09:00 CEST".to_owned(),
        summary: "Moved from 2 August 2026 to 2 December 2027 by the AI Omnibus".to_owned(),
        by: "ana".to_owned(),
    });
    notify.done = Some("3 Dec 2027 10:12 CET by ana: Filed with the authority".to_owned());
    notify.evidence.push(EvidenceLine {
        name: "Notification to the authority.pdf".to_owned(),
        sha256: EVIDENCE_HASH.to_owned(),
        effective: "3 December 2027".to_owned(),
        added: "3 Dec 2027 10:15 CET".to_owned(),
        note: "Acknowledged by the authority the same day".to_owned(),
    });
    notify.reminders = (1..=300).map(reminder).collect();

    let mut review = deadline(
        "01JD3W5N8Q2M7R4T6V8X0Z1A2C",
        SCRIPTED_TITLE,
        "15 December 2027",
        "open",
    );
    review.reminders.push(reminder(1));

    let waived = deadline(
        "01JD3W5N8Q2M7R4T6V8X0Z1A2D",
        "Register the system in the EU database",
        "2 August 2026",
        "waived",
    );

    AuditReport {
        title: "Audit report, 1 January 2027 to 31 December 2027".to_owned(),
        period: "1 January 2027 to 31 December 2027".to_owned(),
        regulation: None,
        made_at: "2 January 2028 14:05 CET".to_owned(),
        made_by: "ana".to_owned(),
        made_with: "Docket 0.1.0".to_owned(),
        trail_head: TRAIL_HEAD.to_owned(),
        trail_entries: 2417,
        organisation: vec![answered(
            "Is the organisation a provider of AI systems?",
            "Yes",
        )],
        systems: vec![System {
            name: "CV screening".to_owned(),
            answers: vec![answered("Is it used in employment?", "Yes")],
        }],
        summary: Summary {
            done_on_time: 0,
            done_late: 1,
            open: 1,
            overdue: 0,
            waived: vec![(
                "Register the system in the EU database".to_owned(),
                "Not a high-risk system after the reassessment".to_owned(),
            )],
            not_applicable: 0,
        },
        deadlines: vec![notify, review, waived],
        clocks: vec![ReportClock {
            title: "Breach of the HR database".to_owned(),
            template: "Personal data breach (GDPR Art. 33(1))".to_owned(),
            started: "1 Jun 2027 08:00 CEST".to_owned(),
            steps: vec![
                ClockStepLine {
                    title: "Notify the supervisory authority".to_owned(),
                    due: "4 Jun 2027 08:00 CEST".to_owned(),
                    submitted: "submitted 3 Jun 2027 16:20 CEST".to_owned(),
                },
                ClockStepLine {
                    title: "Inform the data subjects".to_owned(),
                    due: "without undue delay".to_owned(),
                    submitted: "not submitted".to_owned(),
                },
            ],
        }],
    }
}

/// Runs a poppler tool on `pdf`, its output as text.
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{tool} cannot run ({e}): apt-get install poppler-utils"));
    assert!(output.status.success(), "{tool} failed: {output:?}");
    String::from_utf8(output.stdout).expect("poppler writes UTF-8")
}

/// The PDF of `report` in a temporary file.
fn pdf_file(report: &AuditReport) -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new()
        .suffix(".pdf")
        .tempfile()
        .expect("temporary file");
    std::fs::write(file.path(), pdf(report).expect("the report renders")).expect("written");
    file
}

/// The text of each page, as `pdftotext -layout` reads it.
fn pages(pdf: &Path) -> Vec<String> {
    let text = poppler("pdftotext", &["-layout"], pdf);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

#[test]
fn the_pdf_reads_back_with_its_title_hashes_accents_and_page_numbers() {
    let file = pdf_file(&sample());
    let pages = pages(file.path());
    let count = pages.len();
    assert!(count >= 4, "300 reminders take several pages, got {count}");

    assert!(pages[0].contains("Audit report, 1 January 2027 to 31 December 2027"));
    assert!(pages[0].contains(&format!("Page 1 of {count}")));
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("Page {} of {count}", i + 1)),
            "page {} has its number:\n{page}",
            i + 1
        );
        assert!(
            page.contains("Made 2 January 2028 14:05 CET"),
            "header line on page {}",
            i + 1
        );
    }
    let all = pages.concat();
    assert!(all.contains(EVIDENCE_HASH), "the evidence hash on one line");
    assert!(all.contains(TRAIL_HEAD), "the trail head");
    assert!(all.contains("2,417 entries"));
    assert!(
        all.contains(ACCENTED_TITLE),
        "curly quotes, dash, § and umlauts read back"
    );
    assert!(all.contains(SCRIPTED_TITLE));
    assert!(all.contains("submitted 3 Jun 2027 16:20 CEST"));
    assert!(all.contains("Not a high-risk system after the reassessment"));
}

#[test]
fn a_long_table_continues_on_later_pages_under_its_header_row() {
    let file = pdf_file(&sample());
    let pages = pages(file.path());
    let last_reminder = pages
        .iter()
        .position(|p| p.contains("reminder 300 opened"))
        .expect("the last reminder is printed");
    let first_reminder = pages
        .iter()
        .position(|p| p.contains("reminder 001 opened"))
        .expect("the first reminder is printed");
    assert!(last_reminder >= first_reminder + 3, "300 rows span pages");
    for page in &pages[first_reminder + 1..=last_reminder] {
        assert!(
            page.contains("Reminders (continued)"),
            "caption repeats:\n{page}"
        );
        assert!(
            page.contains("What the officer did"),
            "header row repeats:\n{page}"
        );
    }
    // Every reminder is printed exactly once.
    let all = pages.concat();
    for n in 1..=300 {
        let line = format!("reminder {n:03} opened");
        let times = all.matches(&line).count();
        let expected = if n == 1 { 2 } else { 1 };
        assert_eq!(times, expected, "{line}");
    }
}

#[test]
fn greek_and_cyrillic_read_back_and_characters_the_font_lacks_print_as_a_replacement() {
    let mut report = sample();
    report.deadlines[2].title = "Ελληνικά Кириллица 中文".to_owned();
    let file = pdf_file(&report);
    let all = pages(file.path()).concat();
    assert!(all.contains("Ελληνικά Кириллица \u{FFFD}\u{FFFD}"), "{all}");
}

#[test]
fn an_empty_report_is_one_page_that_says_what_is_missing() {
    let report = AuditReport {
        regulation: Some("NIS2".to_owned()),
        organisation: Vec::new(),
        systems: Vec::new(),
        summary: Summary::default(),
        deadlines: Vec::new(),
        clocks: Vec::new(),
        ..sample()
    };
    let file = pdf_file(&report);
    let pages = pages(file.path());
    assert_eq!(pages.len(), 1);
    for line in [
        "Page 1 of 1",
        "NIS2",
        "No answers are recorded.",
        "No AI systems are listed.",
        "No deadline falls in the period.",
        "No incident clock was started in the period.",
    ] {
        assert!(pages[0].contains(line), "{line}:\n{}", pages[0]);
    }
    let html = html(&report);
    assert!(html.contains("No deadline falls in the period."));
    assert_eq!(
        csv(&report).lines().count(),
        1 + 7,
        "header and the report's rows"
    );
}

/// A word as `pdftotext -bbox` places it, in points from the page's
/// top-left corner.
#[derive(Debug)]
struct Word {
    text: String,
    x_min: f32,
    x_max: f32,
    y_min: f32,
    y_max: f32,
}

/// The words of each page.
fn words(pdf: &Path) -> Vec<Vec<Word>> {
    let boxes = poppler("pdftotext", &["-bbox"], pdf);
    let number = |line: &str, attribute: &str| -> f32 {
        let start = line.find(&format!("{attribute}=\"")).expect("attribute") + attribute.len() + 2;
        let end = start + line[start..].find('"').expect("closing quote");
        line[start..end].parse().expect("a number")
    };
    let mut pages = Vec::new();
    for line in boxes.lines().map(str::trim_start) {
        if line.starts_with("<page") {
            pages.push(Vec::new());
        } else if line.starts_with("<word") {
            let text =
                &line[line.find('>').expect("tag end") + 1..line.rfind("</word>").expect("close")];
            if let Some(page) = pages.last_mut() {
                page.push(Word {
                    text: text.to_owned(),
                    x_min: number(line, "xMin"),
                    x_max: number(line, "xMax"),
                    y_min: number(line, "yMin"),
                    y_max: number(line, "yMax"),
                });
            }
        }
    }
    pages
}

/// Asserts that every word lies within the side margins, and that the body
/// stays between the header and footer rules, which hold only their line.
fn assert_inside_the_page(pdf: &Path) -> usize {
    let pages = words(pdf);
    let mut count = 0;
    for (i, page) in pages.iter().enumerate() {
        let number = i + 1;
        for word in page {
            assert!(
                // A point of slack: poppler's boxes include side bearings.
                word.x_min >= MARGIN - 1.0 && word.x_max <= PAGE_WIDTH - MARGIN + 1.0,
                "page {number}: inside the margins: {word:?}"
            );
            assert!(
                word.y_max <= HEADER_RULE || word.y_min >= HEADER_RULE,
                "page {number}: across the header rule: {word:?}"
            );
            assert!(
                word.y_max <= FOOTER_RULE || word.y_min >= FOOTER_RULE,
                "page {number}: across the footer rule: {word:?}"
            );
        }
        let footer: Vec<&str> = page
            .iter()
            .filter(|w| w.y_min >= FOOTER_RULE)
            .map(|w| w.text.as_str())
            .collect();
        let page_of = format!("{number} of {}", pages.len());
        assert_eq!(
            footer[footer.len().saturating_sub(3)..].join(" "),
            page_of,
            "page {number}: only the footer under its rule: {footer:?}"
        );
        assert_eq!(footer.first(), Some(&"Trail"), "page {number}: {footer:?}");
        count += page.len();
    }
    count
}

#[test]
fn no_word_of_the_pdf_lies_outside_the_margins_or_over_the_running_lines() {
    let file = pdf_file(&sample());
    let words = assert_inside_the_page(file.path());
    assert!(words > 1000, "the report has words: {words}");
}

#[test]
fn text_wider_than_a_cell_wraps_inside_it_and_a_row_taller_than_a_page_is_cut() {
    let mut report = sample();
    let long = (1..=1500)
        .map(|n| format!("w{n}"))
        .collect::<Vec<_>>()
        .join(" ");
    report.deadlines[1].reminders[0].action = "word ".repeat(400);
    report.deadlines[1].evidence.push(EvidenceLine {
        name: "x".repeat(300),
        sha256: format!("https://example.org/{}", "y".repeat(300)),
        effective: String::new(),
        added: "1 Dec 2027".to_owned(),
        note: long,
    });
    let file = pdf_file(&report);
    assert_inside_the_page(file.path());
    let text = pages(file.path()).concat();
    for n in 1..=1500 {
        assert!(
            text.split_whitespace().any(|w| w == format!("w{n}")),
            "word w{n} of the tall note is printed"
        );
    }
}

#[test]
fn the_html_holds_the_same_rows_with_text_escaped() {
    let report = sample();
    let html = html(&report);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.to_lowercase().contains("<script"),
        "no script, not even a title's"
    );
    assert!(html.contains("Review &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; sign"));
    assert!(
        !html.contains("src=") && !html.contains("<link"),
        "nothing loaded from elsewhere"
    );
    assert!(html.contains(ACCENTED_TITLE));
    assert!(html.contains(EVIDENCE_HASH));
    assert!(html.contains(TRAIL_HEAD));
    assert!(html.contains("2,417 entries"));
    for n in 1..=300 {
        assert!(html.contains(&format!("<td>reminder {n:03} opened</td>")));
    }
    // One row per reminder, move, evidence, step, answer and waiver; one
    // per count of the summary.
    assert_eq!(
        html.matches("<tr><td>").count(),
        301 + 1 + 1 + 2 + 1 + 1 + 1
    );
    assert_eq!(html.matches("<td class=\"count\">").count(), 6);
    assert!(html.contains("<a href=\"https://eur-lex.europa.eu/eli/reg/2024/1689/oj\">"));
}

#[test]
fn a_source_that_is_not_a_web_address_is_no_link_in_the_html() {
    let mut report = sample();
    report.deadlines[0].source_url = "javascript:alert(1)".to_owned();
    let html = html(&report);
    assert!(!html.contains("href=\"javascript"));
    assert!(html.contains("javascript:alert(1)"));
}

#[test]
fn the_csv_parses_back_into_one_row_per_fact() {
    let report = sample();
    let text = csv(&report);
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("a header row").clone();
    assert_eq!(headers.iter().collect::<Vec<_>>(), CSV_COLUMNS);
    let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.expect("a record")).collect();
    let column = |name: &str| {
        CSV_COLUMNS
            .iter()
            .position(|c| *c == name)
            .expect("a column")
    };
    let (record, title, detail, sha256, at) = (
        column("record"),
        column("title"),
        column("detail"),
        column("sha256"),
        column("at"),
    );

    let kinds: Vec<&str> = rows.iter().map(|r| &r[record]).collect();
    let report_rows = kinds.iter().take_while(|k| **k == "report").count();
    assert_eq!(
        report_rows, 6,
        "title, period, made at, by, with, trail head, before the rest"
    );
    let count = |kind: &str| kinds.iter().filter(|k| **k == kind).count();
    assert_eq!(count("deadline"), 3);
    assert_eq!(count("move"), 1);
    assert_eq!(count("done"), 1);
    assert_eq!(count("evidence"), 1);
    assert_eq!(count("reminder"), 301);
    assert_eq!(count("clock-step"), 2);
    assert_eq!(rows.len(), 6 + 3 + 1 + 1 + 1 + 301 + 2);

    let trail = rows
        .iter()
        .find(|r| &r[title] == "trail_head")
        .expect("trail head row");
    assert_eq!(&trail[sha256], TRAIL_HEAD);
    assert_eq!(&trail[detail], "2,417 entries");
    let evidence = rows
        .iter()
        .find(|r| &r[record] == "evidence")
        .expect("evidence row");
    assert_eq!(&evidence[sha256], EVIDENCE_HASH);
    assert_eq!(&evidence[title], ACCENTED_TITLE);
    assert_eq!(&evidence[at], "3 Dec 2027 10:15 CET");
    let last = rows
        .iter()
        .filter(|r| &r[record] == "reminder")
        .nth(299)
        .expect("300 reminders");
    assert_eq!(&last[detail], "1 days before, digest: reminder 300 opened");
    assert!(
        rows.iter().any(|r| &r[title] == SCRIPTED_TITLE),
        "text kept as it is"
    );
}

/// A report of `count` deadlines, each with a move, evidence and reminders.
fn large(count: usize) -> AuditReport {
    let mut report = sample();
    let model = report.deadlines[0].clone();
    report.deadlines = (0..count)
        .map(|i| {
            let mut d = model.clone();
            d.id = format!("01JD3W5N8Q2M7R4T6V8X{i:06}");
            d.title = format!("Deadline {i}: {ACCENTED_TITLE}");
            d.reminders.truncate(3);
            d
        })
        .collect();
    report
}

#[test]
#[ignore = "a measurement: cargo test -p docket-core --release report -- --ignored --nocapture"]
fn ten_thousand_deadlines_render_in_reasonable_time() {
    let report = large(10_000);
    let started = Instant::now();
    let pdf = pdf(&report).expect("renders");
    let pdf_time = started.elapsed();
    let started = Instant::now();
    let html = html(&report);
    let html_time = started.elapsed();
    let started = Instant::now();
    let csv = csv(&report);
    let csv_time = started.elapsed();
    let file = tempfile::Builder::new()
        .suffix(".pdf")
        .tempfile()
        .expect("file");
    std::fs::write(file.path(), &pdf).expect("written");
    let info = Command::new("pdfinfo")
        .arg(file.path())
        .output()
        .map(|o| o.stdout);
    let pages = String::from_utf8_lossy(&info.unwrap_or_default())
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .map(str::to_owned)
        .unwrap_or_default();
    println!(
        "10,000 deadlines: PDF {pdf_time:.2?}, {} bytes, {pages}; HTML {html_time:.2?}, {} bytes; \
         CSV {csv_time:.2?}, {} bytes",
        pdf.len(),
        html.len(),
        csv.len()
    );
}

#[test]
#[ignore = "writes /tmp/report-sample.pdf and .html to look at"]
fn a_sample_is_written_to_look_at() {
    let report = sample();
    std::fs::write("/tmp/report-sample.pdf", pdf(&report).expect("renders")).expect("written");
    std::fs::write("/tmp/report-sample.html", html(&report)).expect("written");
}

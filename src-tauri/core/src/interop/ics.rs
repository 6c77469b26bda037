//! iCalendar (RFC 5545) export and import, through the `icalendar` crate.
//!
//! Export writes one VEVENT (or VTODO) per deadline: an all-day DATE for a
//! date-only deadline, a TZID with its VTIMEZONE for a timed one, a stable UID,
//! SEQUENCE from the revision, and one VALARM per lead time. Docket's own
//! fields ride along as X-DOCKET-* properties, so that a file Docket wrote
//! comes back whole.
//!
//! Import reads VEVENT and VTODO as Outlook, Google Calendar, Thunderbird,
//! Apple Calendar, khal and calcurse write them. A file that is not iCalendar
//! at all is refused with the line and the problem; a component that cannot
//! become a deadline is reported with its line, and the caller decides.

use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::{OffsetComponents, Tz};
use icalendar::{Alarm, Calendar, Component, Event, EventLike, Property, Todo, Trigger};

use super::{Incoming, Unusable};
use crate::model::{Deadline, DeadlineFields, Kind, LeadTime, Status};

/// The UID suffix of deadlines that Docket made.
pub const UID_SUFFIX: &str = "@eu.docket.Docket";

/// Which component each deadline becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Event,
    Todo,
}

/// The UID a deadline is exported under: the one it was imported with, or its id.
pub fn uid_of(d: &Deadline, imported: Option<&str>) -> String {
    imported.map_or_else(|| format!("{}{UID_SUFFIX}", d.id), str::to_owned)
}

/// Writes `deadlines` as one iCalendar file. `uid` gives each deadline's UID;
/// `default_leads` are the alarms of deadlines that keep the defaults.
pub fn export(
    deadlines: &[Deadline],
    uid: impl Fn(&Deadline) -> String,
    shape: Shape,
    default_leads: &[LeadTime],
    now: DateTime<Utc>,
) -> String {
    let mut calendar = Calendar::new();
    calendar.properties.retain(|p| p.key() != "PRODID");
    calendar.append_property(Property::new("PRODID", "-//Docket//Docket deadlines//EN"));
    calendar.name("Docket");
    for d in deadlines {
        match shape {
            Shape::Event => {
                let mut event = Event::new();
                fill(&mut event, d, &uid(d), default_leads, now);
                event.add_property(
                    "STATUS",
                    match d.status {
                        Status::Open | Status::Done => "CONFIRMED",
                        Status::Waived | Status::Superseded => "CANCELLED",
                    },
                );
                calendar.push(event.done());
            }
            Shape::Todo => {
                let mut todo = Todo::new();
                fill(&mut todo, d, &uid(d), default_leads, now);
                todo.add_property(
                    "STATUS",
                    match d.status {
                        Status::Open => "NEEDS-ACTION",
                        Status::Done => "COMPLETED",
                        Status::Waived | Status::Superseded => "CANCELLED",
                    },
                );
                calendar.push(todo.done());
            }
        }
    }
    let text = calendar.done().to_string();
    // The crate writes no VTIMEZONE (and would give any component a UID and
    // DTSTAMP), so each zone's block is written here and put before the first
    // event or to-do, as RFC 5545 has it.
    let zones: BTreeSet<&str> = deadlines
        .iter()
        .filter(|d| d.due_time.is_some())
        .map(|d| d.tz.as_str())
        .collect();
    let blocks: String = zones
        .into_iter()
        .filter_map(|zone| vtimezone(zone, deadlines))
        .collect();
    let at = ["BEGIN:VEVENT\r\n", "BEGIN:VTODO\r\n", "END:VCALENDAR\r\n"]
        .iter()
        .filter_map(|m| text.find(m))
        .min()
        .unwrap_or(text.len());
    format!("{}{blocks}{}", &text[..at], &text[at..])
}

/// The properties an event and a to-do share.
fn fill<C: Component + EventLike>(
    c: &mut C,
    d: &Deadline,
    uid: &str,
    default_leads: &[LeadTime],
    now: DateTime<Utc>,
) {
    c.uid(uid);
    c.timestamp(now);
    c.sequence(d.revision);
    c.summary(&d.title);
    c.description(&human_description(d));
    if !d.source_url.is_empty() {
        c.url(&d.source_url);
    }
    // CATEGORIES is a list: a comma inside a category is escaped here, as
    // the crate joins the list without escaping.
    let mut categories = vec![d.kind.as_str().to_owned()];
    if !d.regulation.is_empty() {
        categories.insert(
            0,
            d.regulation
                .replace('\\', "\\\\")
                .replace(',', "\\,")
                .replace(';', "\\;"),
        );
    }
    c.categories(categories);
    let is_todo = c.component_kind() == "VTODO";
    let start = if is_todo { "DUE" } else { "DTSTART" };
    match d.due_time {
        None => {
            let day = d.due_date.format("%Y%m%d").to_string();
            c.append_property(
                Property::new(start, &day)
                    .add_parameter("VALUE", "DATE")
                    .done(),
            );
            if !is_todo {
                let next = (d.due_date + Duration::days(1))
                    .format("%Y%m%d")
                    .to_string();
                c.append_property(
                    Property::new("DTEND", &next)
                        .add_parameter("VALUE", "DATE")
                        .done(),
                );
            }
        }
        Some(time) => {
            let local = NaiveDateTime::new(d.due_date, time)
                .format("%Y%m%dT%H%M%S")
                .to_string();
            // No DTEND: an event with a DATE-TIME start and no end is an
            // instant (RFC 5545, 3.6.1), which is what a deadline is.
            c.append_property(
                Property::new(start, &local)
                    .add_parameter("TZID", &d.tz)
                    .done(),
            );
        }
    }
    if let Some(rule) = &d.recurrence {
        c.add_property("RRULE", rule);
    }
    if d.status == Status::Done {
        if let Some(at) = d.done_at {
            c.add_property("COMPLETED", at.format("%Y%m%dT%H%M%SZ").to_string());
        }
    }
    let alarms = d.lead_times.as_deref().unwrap_or(default_leads);
    for lead in alarms {
        // Written as the lead reads ("-P7D", "-PT2H"), not in seconds.
        let description = format!("{}: {}", d.title, lead.describe());
        let mut alarm = Alarm::display(&description, Trigger::before_start(Duration::zero()));
        alarm.add_property("TRIGGER", trigger(*lead));
        alarm.add_property("UID", format!("{uid}-{lead}"));
        alarm.timestamp(now);
        c.alarm(alarm.done());
    }
    let tags = d.tags.join(", ");
    for (name, value) in [
        ("X-DOCKET-KIND", d.kind.as_str()),
        ("X-DOCKET-TAGS", tags.as_str()),
        ("X-DOCKET-REGULATION", d.regulation.as_str()),
        ("X-DOCKET-REFERENCE", d.reference.as_str()),
        ("X-DOCKET-OWNER", d.owner.as_str()),
        ("X-DOCKET-DESCRIPTION", d.description.as_str()),
        ("X-DOCKET-NOTE", d.done_note.as_str()),
        ("X-DOCKET-STATUS", d.status.as_str()),
        ("X-DOCKET-TZ", d.tz.as_str()),
    ] {
        if !value.is_empty() {
            c.add_property(name, value);
        }
    }
    let leads = d
        .lead_times
        .as_deref()
        .map(LeadTime::format_list)
        .unwrap_or_default();
    c.add_property("X-DOCKET-LEADS", leads);
    // The alarms as written, so that an import can tell alarms another
    // calendar changed from Docket's own.
    c.add_property("X-DOCKET-ALARMS", LeadTime::format_list(alarms));
}

/// An RFC 5545 duration before the start: "-P7D", "-PT2H", "-PT15M", "PT0S".
fn trigger(lead: LeadTime) -> String {
    match lead {
        LeadTime::Days(0) | LeadTime::Hours(0) | LeadTime::Minutes(0) => "PT0S".to_owned(),
        LeadTime::Days(n) => format!("-P{n}D"),
        LeadTime::Hours(n) => format!("-PT{n}H"),
        LeadTime::Minutes(n) => format!("-PT{n}M"),
    }
}

/// What a person reads in another calendar: the description, then the legal
/// reference and the source.
fn human_description(d: &Deadline) -> String {
    let mut lines = Vec::new();
    if !d.description.is_empty() {
        lines.push(d.description.clone());
    }
    if !d.regulation.is_empty() || !d.reference.is_empty() {
        let reference = [d.regulation.as_str(), d.reference.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        lines.push(format!("Legal reference: {reference}"));
    }
    if !d.source_url.is_empty() {
        lines.push(format!("Source: {}", d.source_url));
    }
    if !d.owner.is_empty() {
        lines.push(format!("Owner: {}", d.owner));
    }
    lines.join("\n\n")
}

/// A VTIMEZONE for `zone` covering the years the deadlines span: one
/// STANDARD or DAYLIGHT block per offset change, taken from the IANA database.
fn vtimezone(zone: &str, deadlines: &[Deadline]) -> Option<String> {
    let tz: Tz = zone.parse().ok()?;
    let years: Vec<i32> = deadlines
        .iter()
        .filter(|d| d.due_time.is_some() && d.tz == zone)
        .map(|d| d.due_date.year())
        .collect();
    let first = years.iter().min()? - 1;
    let last = years.iter().max()? + 1;
    let mut text = format!("BEGIN:VTIMEZONE\r\nTZID:{zone}\r\n");
    let start = Utc.with_ymd_and_hms(first, 1, 1, 0, 0, 0).single()?;
    let end = Utc.with_ymd_and_hms(last + 1, 1, 1, 0, 0, 0).single()?;
    // Offsets in seconds east of UTC, at whole minutes counted from the epoch.
    let instant = |minute: i64| DateTime::<Utc>::from_timestamp(minute * 60, 0).unwrap_or(start);
    let offset_at = |minute: i64| {
        instant(minute)
            .with_timezone(&tz)
            .offset()
            .fix()
            .local_minus_utc()
    };
    let (mut at, stop) = (start.timestamp() / 60, end.timestamp() / 60);
    let mut blocks = 0;
    let mut offset = offset_at(at);
    while at < stop {
        let next = at + 24 * 60;
        if offset_at(next) != offset {
            // The change is within this day: find its minute.
            let (mut lo, mut hi) = (at, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset_at(mid) == offset {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let after = offset_at(hi);
            let dst = instant(hi).with_timezone(&tz).offset().dst_offset() != Duration::zero();
            text.push_str(&block(dst, instant(hi), offset, after));
            blocks += 1;
            offset = after;
        }
        at = next;
    }
    if blocks == 0 {
        // A zone without changes: one STANDARD block.
        text.push_str(&block(false, start, offset, offset));
    }
    text.push_str("END:VTIMEZONE\r\n");
    Some(text)
}

fn block(dst: bool, at: DateTime<Utc>, from: i32, to: i32) -> String {
    let name = if dst { "DAYLIGHT" } else { "STANDARD" };
    // DTSTART is the local time before the change, in the offset it leaves.
    let local = at.naive_utc() + Duration::seconds(i64::from(from));
    format!(
        "BEGIN:{name}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\nEND:{name}\r\n",
        local.format("%Y%m%dT%H%M%S"),
        utc_offset(from),
        utc_offset(to)
    )
}

fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("{sign}{:02}{:02}", s / 3600, (s % 3600) / 60)
}

/// One logical (unfolded) content line of the file, with the line it starts on.
struct Line {
    number: usize,
    text: String,
}

/// Unfolds the file, checking each line: the first problem is refused with
/// its line number.
fn logical_lines(text: &str) -> Result<Vec<Line>, Unusable> {
    let refuse = |number: usize, reason: String| Unusable {
        line: number,
        what: String::new(),
        reason,
    };
    let mut lines: Vec<Line> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let number = i + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.chars().any(|c| c.is_control() && c != '\t') {
            return Err(refuse(
                number,
                "it holds control characters; this is not an iCalendar text file".into(),
            ));
        }
        if raw.len() > 100_000 {
            return Err(refuse(
                number,
                format!(
                    "it is {} bytes long; an iCalendar line is folded at 75",
                    raw.len()
                ),
            ));
        }
        if let Some(rest) = raw.strip_prefix([' ', '\t']) {
            match lines.last_mut() {
                Some(last) => last.text.push_str(rest),
                None => {
                    return Err(refuse(
                        number,
                        "the file starts with a continuation line".into(),
                    ))
                }
            }
        } else if !raw.is_empty() {
            lines.push(Line {
                number,
                text: raw.to_owned(),
            });
        }
    }
    match lines.first() {
        Some(first) if first.text.trim().eq_ignore_ascii_case("BEGIN:VCALENDAR") => {}
        Some(first) => {
            return Err(refuse(
                first.number,
                "an iCalendar file starts with BEGIN:VCALENDAR".into(),
            ))
        }
        None => return Err(refuse(1, "the file is empty".into())),
    }
    let cut_short = !text.ends_with('\n');
    let mut depth: Vec<(String, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if cut_short && i + 1 == lines.len() && !line.text.eq_ignore_ascii_case("END:VCALENDAR") {
            return Err(refuse(
                line.number,
                format!(
                    "the file ends in the middle of \"{}\"; it may be cut short",
                    shorten(&line.text)
                ),
            ));
        }
        let Some((head, _)) = line.text.split_once(':') else {
            return Err(refuse(
                line.number,
                format!(
                    "\"{}\" is not a content line (NAME:value)",
                    shorten(&line.text)
                ),
            ));
        };
        let name = head.split(';').next().unwrap_or("");
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(refuse(
                line.number,
                format!("\"{}\" is not a property name", shorten(name)),
            ));
        }
        let value = line
            .text
            .split_once(':')
            .map_or("", |(_, v)| v)
            .trim()
            .to_ascii_uppercase();
        if name.eq_ignore_ascii_case("BEGIN") {
            depth.push((value, line.number));
        } else if name.eq_ignore_ascii_case("END") {
            match depth.pop() {
                Some((open, _)) if open == value => {}
                Some((open, at)) => {
                    return Err(refuse(
                        line.number,
                        format!("END:{value} closes BEGIN:{open} from line {at}"),
                    ));
                }
                None => return Err(refuse(line.number, format!("END:{value} has no BEGIN"))),
            }
        } else if depth.is_empty() {
            return Err(refuse(
                line.number,
                format!("{name} is outside any BEGIN:VCALENDAR"),
            ));
        }
    }
    if let Some((open, at)) = depth.pop() {
        let end = lines.last().map_or(1, |l| l.number);
        return Err(refuse(
            end,
            format!("BEGIN:{open} on line {at} is never closed; the file may be cut short"),
        ));
    }
    Ok(lines)
}

fn shorten(s: &str) -> String {
    let cut: String = s.chars().take(40).collect();
    if cut.len() < s.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// A parsed component with the line numbers of its own properties.
struct Node<'a> {
    component: &'a icalendar::parser::Component<'a>,
    begin: usize,
    /// The line of each of `component.properties`, in order.
    lines: Vec<usize>,
}

impl Node<'_> {
    fn prop(&self, name: &str) -> Option<(&icalendar::parser::Property<'_>, usize)> {
        self.component
            .properties
            .iter()
            .zip(&self.lines)
            .find(|(p, _)| p.name.as_str().eq_ignore_ascii_case(name))
            .map(|(p, l)| (p, *l))
    }

    /// A property's text, unescaped (by the parser).
    fn text(&self, name: &str) -> Option<String> {
        self.prop(name).map(|(p, _)| p.val.as_str().to_owned())
    }
}

fn param<'a>(p: &'a icalendar::parser::Property<'_>, key: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|x| x.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|x| x.val.as_ref().map(|v| v.as_str().trim_matches('"')))
}

/// Reads an iCalendar file into deadlines to import, one per VEVENT or VTODO.
/// `local_tz` is the zone of floating and all-day values.
pub fn parse(text: &str, local_tz: &str) -> Result<Vec<Result<Incoming, Unusable>>, Unusable> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = logical_lines(text)?;
    let unfolded: String = lines.iter().map(|l| format!("{}\r\n", l.text)).collect();
    let calendar = icalendar::parser::read_calendar(&unfolded).map_err(|e| Unusable {
        line: lines.first().map_or(1, |l| l.number),
        what: String::new(),
        reason: format!("it is not iCalendar: {}", e.lines().next().unwrap_or("")),
    })?;
    // Pair each component with the lines of its own properties: the parser
    // keeps components and properties in file order, each in its own list.
    let mut cursor = 1; // past BEGIN:VCALENDAR
    let mut zones = Vec::new();
    let mut wanted = Vec::new();
    for component in &calendar.components {
        let (node, next) = locate(component, &lines, cursor);
        cursor = next;
        let name = component.name.as_str().to_ascii_uppercase();
        if name == "VTIMEZONE" {
            zones.push(node);
        } else if name == "VEVENT" || name == "VTODO" {
            wanted.push(node);
        }
    }
    Ok(wanted
        .iter()
        .map(|node| incoming(node, &zones, local_tz))
        .collect())
}

/// The node of `component`, whose BEGIN line is the next one at or after
/// `from`, and the index just past its END.
fn locate<'a>(
    component: &'a icalendar::parser::Component<'a>,
    lines: &[Line],
    from: usize,
) -> (Node<'a>, usize) {
    let mut i = from;
    while i < lines.len() && !lines[i].text.to_ascii_uppercase().starts_with("BEGIN:") {
        i += 1;
    }
    let begin = lines.get(i).map_or(0, |l| l.number);
    let mut own = Vec::new();
    let mut depth = 0;
    i += 1;
    while i < lines.len() {
        let upper = lines[i].text.to_ascii_uppercase();
        if upper.starts_with("BEGIN:") {
            depth += 1;
        } else if upper.starts_with("END:") {
            if depth == 0 {
                i += 1;
                break;
            }
            depth -= 1;
        } else if depth == 0 {
            own.push(lines[i].number);
        }
        i += 1;
    }
    own.resize(component.properties.len(), begin);
    (
        Node {
            component,
            begin,
            lines: own,
        },
        i,
    )
}

/// Windows zone names (as Outlook writes them) and their IANA zones, from CLDR's windowsZones.
const WINDOWS_ZONES: &[(&str, &str)] = &[
    ("AUS Central Standard Time", "Australia/Darwin"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("Afghanistan Standard Time", "Asia/Kabul"),
    ("Alaskan Standard Time", "America/Anchorage"),
    ("Arab Standard Time", "Asia/Riyadh"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("Argentina Standard Time", "America/Buenos_Aires"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("Azores Standard Time", "Atlantic/Azores"),
    ("Bangladesh Standard Time", "Asia/Dhaka"),
    ("Canada Central Standard Time", "America/Regina"),
    ("Cen. Australia Standard Time", "Australia/Adelaide"),
    ("Central America Standard Time", "America/Guatemala"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("Central Standard Time", "America/Chicago"),
    ("Central Standard Time (Mexico)", "America/Mexico_City"),
    ("China Standard Time", "Asia/Shanghai"),
    ("E. Africa Standard Time", "Africa/Nairobi"),
    ("E. Australia Standard Time", "Australia/Brisbane"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("Eastern Standard Time", "America/New_York"),
    ("Egypt Standard Time", "Africa/Cairo"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("GMT Standard Time", "Europe/London"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("Hawaiian Standard Time", "Pacific/Honolulu"),
    ("India Standard Time", "Asia/Calcutta"),
    ("Iran Standard Time", "Asia/Tehran"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("Korea Standard Time", "Asia/Seoul"),
    ("Morocco Standard Time", "Africa/Casablanca"),
    ("Mountain Standard Time", "America/Denver"),
    ("Nepal Standard Time", "Asia/Katmandu"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
    ("Newfoundland Standard Time", "America/St_Johns"),
    ("Pacific SA Standard Time", "America/Santiago"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("Pakistan Standard Time", "Asia/Karachi"),
    ("Romance Standard Time", "Europe/Paris"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("SA Pacific Standard Time", "America/Bogota"),
    ("SE Asia Standard Time", "Asia/Bangkok"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("Sri Lanka Standard Time", "Asia/Colombo"),
    ("Taipei Standard Time", "Asia/Taipei"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("Turkey Standard Time", "Europe/Istanbul"),
    ("US Eastern Standard Time", "America/Indianapolis"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("UTC", "Etc/UTC"),
    ("W. Australia Standard Time", "Australia/Perth"),
    ("W. Central Africa Standard Time", "Africa/Lagos"),
    ("W. Europe Standard Time", "Europe/Berlin"),
];

/// The IANA zone a TZID names: an IANA name, a Windows name, an old
/// Thunderbird "/mozilla.org/…/Europe/Brussels" name, or the X-LIC-LOCATION
/// of the file's own VTIMEZONE.
fn resolve_zone(tzid: &str, zones: &[Node]) -> Option<String> {
    let tzid = tzid.trim().trim_matches('"');
    let known = |name: &str| name.parse::<Tz>().ok().map(|tz| tz.name().to_owned());
    if let Some(tz) = known(tzid) {
        return Some(tz);
    }
    if let Some((_, iana)) = WINDOWS_ZONES
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(tzid))
    {
        return known(iana);
    }
    let parts: Vec<&str> = tzid.split('/').filter(|p| !p.is_empty()).collect();
    for take in [3, 2] {
        if parts.len() >= take {
            if let Some(tz) = known(&parts[parts.len() - take..].join("/")) {
                return Some(tz);
            }
        }
    }
    zones
        .iter()
        .find(|z| z.text("TZID").is_some_and(|id| id == tzid))
        .and_then(|z| z.text("X-LIC-LOCATION"))
        .and_then(|loc| known(&loc))
}

fn incoming(node: &Node, zones: &[Node], local_tz: &str) -> Result<Incoming, Unusable> {
    let is_todo = node.component.name.as_str().eq_ignore_ascii_case("VTODO");
    let title = node
        .text("SUMMARY")
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    let what = if title.is_empty() {
        format!(
            "the {} on line {}",
            node.component.name.as_str(),
            node.begin
        )
    } else {
        format!("“{title}”")
    };
    let unusable = |line: usize, reason: String| Unusable {
        line,
        what: what.clone(),
        reason,
    };
    if title.is_empty() {
        return Err(unusable(node.begin, "it has no SUMMARY (title)".into()));
    }
    let (due, due_line) = if is_todo {
        node.prop("DUE").or_else(|| node.prop("DTSTART"))
    } else {
        node.prop("DTSTART")
    }
    .ok_or_else(|| {
        unusable(
            node.begin,
            format!("it has no {}", if is_todo { "DUE" } else { "DTSTART" }),
        )
    })?;
    let value = due.val.as_str().trim();
    let date_only =
        param(due, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || value.len() == 8;
    let (due_date, due_time, tz) = if date_only {
        let day = NaiveDate::parse_from_str(value, "%Y%m%d")
            .map_err(|_| unusable(due_line, format!("\"{value}\" is not a date (YYYYMMDD)")))?;
        // A date has no zone; the zone Docket wrote for it, or the local one.
        let zone = node
            .text("X-DOCKET-TZ")
            .filter(|z| z.parse::<Tz>().is_ok())
            .unwrap_or_else(|| local_tz.to_owned());
        (day, None, zone)
    } else {
        let (stamp, utc) = value
            .strip_suffix(['Z', 'z'])
            .map_or((value, false), |s| (s, true));
        let at = NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S").map_err(|_| {
            unusable(
                due_line,
                format!("\"{value}\" is not a date and time (YYYYMMDDTHHMMSS)"),
            )
        })?;
        let zone = if utc {
            "UTC".to_owned()
        } else if let Some(tzid) = param(due, "TZID") {
            resolve_zone(tzid, zones).ok_or_else(|| {
                unusable(
                    due_line,
                    format!("time zone \"{tzid}\" is not one Docket knows (IANA or Windows names)"),
                )
            })?
        } else {
            local_tz.to_owned()
        };
        (at.date(), Some(at.time()), zone)
    };
    let leads = lead_times(node, due_time.is_some(), &unusable)?;
    // Docket writes its own fields as X-DOCKET-* (kind and status always)
    // and, for other calendars, a DESCRIPTION made of them: in a file of
    // Docket's, no X-DOCKET-DESCRIPTION means no description.
    let from_docket =
        node.text("X-DOCKET-KIND").is_some() || node.text("X-DOCKET-STATUS").is_some();
    let description = match node.text("X-DOCKET-DESCRIPTION") {
        Some(d) => d,
        None if from_docket => String::new(),
        None => node.text("DESCRIPTION").unwrap_or_default(),
    };
    let kind = node
        .text("X-DOCKET-KIND")
        .filter(|k| k.parse::<Kind>().is_ok())
        .unwrap_or_else(|| {
            if is_todo {
                "commitment".into()
            } else {
                "internal".into()
            }
        });
    let status = node.text("STATUS").map(|s| s.trim().to_ascii_uppercase());
    let status = match (node.text("X-DOCKET-STATUS").as_deref(), status.as_deref()) {
        (Some("done"), _) | (None, Some("COMPLETED")) => Status::Done,
        (Some("waived"), _) | (None, Some("CANCELLED")) => Status::Waived,
        _ => Status::Open,
    };
    let uid = node
        .text("UID")
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| {
            format!(
                "{}-{}{UID_SUFFIX}",
                due_date.format("%Y%m%d"),
                title
                    .to_lowercase()
                    .replace(|c: char| !c.is_alphanumeric(), "-")
            )
        });
    // A repetition beyond what Docket follows keeps the first date, and says so.
    let mut notes = Vec::new();
    let recurrence = match node.text("RRULE") {
        None => String::new(),
        Some(rule) => match crate::recurrence::Recurrence::parse(&rule) {
            Ok(r) => r.as_str().to_owned(),
            Err(why) => {
                notes.push(format!("its repetition \"{rule}\" is not kept ({why}); only its first date is imported"));
                String::new()
            }
        },
    };
    Ok(Incoming {
        uid,
        line: node.begin,
        fields: DeadlineFields {
            title: Some(title),
            due_date: Some(due_date.to_string()),
            due_time: Some(
                due_time
                    .map(|t: NaiveTime| t.format("%H:%M").to_string())
                    .unwrap_or_default(),
            ),
            tz: Some(tz),
            kind: Some(kind),
            regulation: Some(node.text("X-DOCKET-REGULATION").unwrap_or_default()),
            reference: Some(node.text("X-DOCKET-REFERENCE").unwrap_or_default()),
            owner: Some(node.text("X-DOCKET-OWNER").unwrap_or_default()),
            description: Some(description),
            source_url: Some(
                node.text("URL")
                    .map(|u| u.trim().to_owned())
                    .unwrap_or_default(),
            ),
            lead_times: Some(leads),
            recurrence: Some(recurrence),
            // A file of Docket's says its tags (none when it names none);
            // another calendar's leaves them as they are.
            tags: from_docket.then(|| node.text("X-DOCKET-TAGS").unwrap_or_default()),
            move_reason: None,
        },
        status,
        note: node.text("X-DOCKET-NOTE").unwrap_or_default(),
        notes,
    })
}

/// The lead times of a component: one per VALARM with a trigger before the
/// start; but X-DOCKET-LEADS when Docket wrote it and the alarms are still
/// the ones it wrote (X-DOCKET-ALARMS), so that a deadline keeping the
/// defaults keeps them, and an alarm changed in another calendar is taken.
fn lead_times(
    node: &Node,
    timed: bool,
    unusable: &dyn Fn(usize, String) -> Unusable,
) -> Result<String, Unusable> {
    let minutes = alarm_minutes(node, timed, unusable);
    if let Some(leads) = node.text("X-DOCKET-LEADS") {
        let written = node.text("X-DOCKET-ALARMS").map(|alarms| {
            LeadTime::parse_list(&alarms)
                .map(|l| l.iter().map(|l| l.minutes()).collect::<BTreeSet<_>>())
        });
        let kept = match (&written, &minutes) {
            // Written before Docket recorded its alarms, or alarms Docket
            // cannot read: its own leads stand.
            (None, _) | (_, Err(_)) => true,
            (Some(Ok(written)), Ok(minutes)) => written == minutes,
            (Some(Err(_)), _) => false,
        };
        if kept {
            return Ok(leads);
        }
    }
    let leads: Vec<String> = minutes?
        .into_iter()
        .rev()
        .map(|m| {
            if !timed {
                // A date-only deadline reminds by days: round an alarm of hours up to its day.
                format!("{}d", (m + 1439) / 1440)
            } else if m % 1440 == 0 {
                format!("{}d", m / 1440)
            } else if m % 60 == 0 {
                format!("{}h", m / 60)
            } else {
                format!("{m}m")
            }
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    Ok(leads.join(","))
}

/// How many minutes before the start each VALARM of a component rings.
fn alarm_minutes(
    node: &Node,
    timed: bool,
    unusable: &dyn Fn(usize, String) -> Unusable,
) -> Result<BTreeSet<i64>, Unusable> {
    let mut minutes = BTreeSet::new();
    for alarm in node
        .component
        .components
        .iter()
        .filter(|c| c.name.as_str().eq_ignore_ascii_case("VALARM"))
    {
        let Some(trigger) = alarm.find_prop("TRIGGER") else {
            continue;
        };
        if param(trigger, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE-TIME")) {
            continue;
        }
        if param(trigger, "RELATED").is_some_and(|v| v.eq_ignore_ascii_case("END")) && !timed {
            continue;
        }
        let value = trigger.val.as_str().trim();
        let Some(before) = duration_minutes(value) else {
            return Err(unusable(
                node.begin,
                format!("alarm trigger \"{value}\" is not a duration such as -P7D or -PT2H"),
            ));
        };
        if before >= 0 {
            minutes.insert(before);
        }
    }
    Ok(minutes)
}

/// Minutes before the start of an RFC 5545 duration ("-P7D" is 10080,
/// "PT15M" after the start is -15); `None` when it is not a duration.
fn duration_minutes(value: &str) -> Option<i64> {
    let (sign, rest) = match value.as_bytes().first()? {
        b'-' => (1, &value[1..]),
        b'+' => (-1, &value[1..]),
        _ => (-1, value),
    };
    let rest = rest.strip_prefix(['P', 'p'])?;
    let mut total: i64 = 0;
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            'T' => in_time = true,
            d if d.is_ascii_digit() => number.push(d),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                any = true;
                total += match (unit, in_time) {
                    ('W', false) => n * 7 * 1440,
                    ('D', false) => n * 1440,
                    ('H', true) => n * 60,
                    ('M', true) => n,
                    ('S', true) => n / 60,
                    _ => return None,
                };
            }
        }
    }
    (any && number.is_empty()).then_some(sign * total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_minutes_before_the_start() {
        assert_eq!(duration_minutes("-P7D"), Some(7 * 1440));
        assert_eq!(duration_minutes("-PT2H"), Some(120));
        assert_eq!(duration_minutes("-P1DT12H"), Some(2160));
        assert_eq!(duration_minutes("-P2W"), Some(14 * 1440));
        assert_eq!(duration_minutes("PT15M"), Some(-15));
        assert_eq!(duration_minutes("-PT0S"), Some(0));
        assert_eq!(duration_minutes("-P"), None);
        assert_eq!(duration_minutes("7 days"), None);
    }

    #[test]
    fn zones_resolve_from_iana_windows_and_mozilla_names() {
        assert_eq!(
            resolve_zone("Europe/Brussels", &[]).as_deref(),
            Some("Europe/Brussels")
        );
        assert_eq!(
            resolve_zone("W. Europe Standard Time", &[]).as_deref(),
            Some("Europe/Berlin")
        );
        assert_eq!(
            resolve_zone("\"Romance Standard Time\"", &[]).as_deref(),
            Some("Europe/Paris")
        );
        assert_eq!(
            resolve_zone(
                "/mozilla.org/20050126_1/America/Argentina/Buenos_Aires",
                &[]
            )
            .as_deref(),
            Some("America/Argentina/Buenos_Aires")
        );
        assert_eq!(resolve_zone("Mars/Olympus", &[]), None);
    }

    #[test]
    fn a_file_cut_short_is_refused_at_its_last_line() {
        let err = logical_lines("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n")
            .err()
            .unwrap();
        assert_eq!(err.line, 3);
        assert!(
            err.reason
                .contains("BEGIN:VEVENT on line 2 is never closed"),
            "{}",
            err.reason
        );
    }

    #[test]
    fn binary_garbage_is_refused_at_its_line() {
        let err = logical_lines("BEGIN:VCALENDAR\r\nX:\u{0}\u{1}\r\nEND:VCALENDAR\r\n")
            .err()
            .unwrap();
        assert_eq!(err.line, 2);
        assert!(err.reason.contains("control characters"));
    }
}

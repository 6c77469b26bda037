//! iCalendar (RFC 5545) export and import.
//!
//! Export (through the `icalendar` crate) writes one VEVENT (or VTODO) per
//! deadline: an all-day DATE for a date-only deadline, a TZID with its
//! VTIMEZONE for a timed one, a stable UID, SEQUENCE from the revision, and
//! one VALARM per lead time of an open deadline, ringing when Docket would.
//! Docket's own fields ride along as X-DOCKET-* properties, so that a file
//! Docket wrote comes back whole. Done and waived deadlines go without
//! alarms, with a status other calendars understand, so that they stop
//! reminding.
//!
//! Import reads every VCALENDAR of a stream ([`content`]) and its VEVENTs
//! and VTODOs as Outlook, Exchange, Google Calendar, Thunderbird, Apple
//! Calendar, khal and calcurse write them, with time zones by name or by the
//! file's own definition ([`zone`]). A file that is not iCalendar at all is
//! refused with the line and the problem; a component that cannot become a
//! deadline is reported with its line, and the caller decides; a to-do with
//! no due date is not a deadline and is passed over, and said so.

mod content;
mod zone;

use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Timelike,
    Utc,
};
use chrono_tz::{OffsetComponents, Tz};
use icalendar::{
    Alarm, Calendar, Component as IcalComponent, Event, EventLike, Property, Todo, Trigger,
};

use self::content::Component;
use self::zone::{Unresolved, Zone};
use super::{Incoming, Unusable};
use crate::model::{Deadline, DeadlineFields, Kind, LeadTime, Status};
use crate::reminders::ReminderSettings;

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

/// How the alarms of an export are written.
#[derive(Debug, Clone, Copy)]
pub struct Alarms<'a> {
    /// The alarms of deadlines that keep the defaults.
    pub default_leads: &'a [LeadTime],
    /// When the day-based alarms of a date-only deadline ring: at Docket's
    /// reminder time (a trigger of `-P6DT15H` for 7 days at 09:00), or, with
    /// `None`, at the start of the day (`-P7D`).
    pub reminder_time: Option<NaiveTime>,
}

impl<'a> Alarms<'a> {
    /// Alarms that ring when Docket's own reminders do.
    pub fn of(settings: &'a ReminderSettings) -> Self {
        Alarms {
            default_leads: &settings.default_leads,
            reminder_time: Some(settings.reminder_time),
        }
    }
}

/// Writes `deadlines` as one iCalendar file. `uid` gives each deadline's UID;
/// `default_leads` are the alarms of deadlines that keep the defaults, and
/// the day-based alarms of date-only deadlines ring at the start of the day
/// (as the CalDAV sync sends them); [`export_with`] rings them at the
/// reminder time.
pub fn export(
    deadlines: &[Deadline],
    uid: impl Fn(&Deadline) -> String,
    shape: Shape,
    default_leads: &[LeadTime],
    now: DateTime<Utc>,
) -> String {
    let alarms = Alarms {
        default_leads,
        reminder_time: None,
    };
    export_with(deadlines, uid, shape, alarms, now)
}

/// Writes `deadlines` as one iCalendar file, with `alarms`.
pub fn export_with(
    deadlines: &[Deadline],
    uid: impl Fn(&Deadline) -> String,
    shape: Shape,
    alarms: Alarms<'_>,
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
                fill(&mut event, d, &uid(d), alarms, now);
                // An event has no "done": a done deadline stays CONFIRMED
                // (without alarms); waived and superseded ones are CANCELLED.
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
                fill(&mut todo, d, &uid(d), alarms, now);
                todo.add_property(
                    "STATUS",
                    match d.status {
                        Status::Open => "NEEDS-ACTION",
                        Status::Done => "COMPLETED",
                        Status::Waived | Status::Superseded => "CANCELLED",
                    },
                );
                if d.status == Status::Done {
                    todo.add_property("PERCENT-COMPLETE", "100");
                    // COMPLETED belongs to a to-do only (RFC 5545, 3.8.2.1).
                    if let Some(at) = d.done_at {
                        todo.add_property("COMPLETED", at.format("%Y%m%dT%H%M%SZ").to_string());
                    }
                }
                calendar.push(todo.done());
            }
        }
    }
    // The crate folds some continuation lines one octet past 75; every line
    // is folded again here, as RFC 5545 (3.1) has it.
    let text = refold(&calendar.done().to_string());
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

/// Unfolds `text` and folds each content line again at 75 octets, never
/// inside a UTF-8 character: the first part up to 75 octets, each further
/// part a space and up to 74.
fn refold(text: &str) -> String {
    let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "");
    let mut out = String::with_capacity(text.len() + text.len() / 64);
    for line in unfolded.split_terminator("\r\n") {
        let mut rest = line;
        let mut room = 75;
        loop {
            if rest.len() <= room {
                out.push_str(rest);
                out.push_str("\r\n");
                break;
            }
            let mut cut = room;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            room = 74;
        }
    }
    out
}

/// The properties an event and a to-do share.
fn fill<C: IcalComponent + EventLike>(
    c: &mut C,
    d: &Deadline,
    uid: &str,
    settings: Alarms<'_>,
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
    // Only open work reminds: done and waived deadlines go without alarms.
    let own = d.lead_times.as_deref().unwrap_or(settings.default_leads);
    let alarms = if d.status == Status::Open { own } else { &[] };
    let all_day_at = settings.reminder_time.filter(|_| d.due_time.is_none());
    for lead in alarms {
        // Written as the lead reads ("-P7D", "-PT2H"), not in seconds.
        let description = format!("{}: {}", d.title, lead.describe());
        let mut alarm = Alarm::display(&description, Trigger::before_start(Duration::zero()));
        let mut trigger = Property::new("TRIGGER", trigger(*lead, all_day_at));
        if is_todo {
            // A to-do's alarms are before its DUE, which is its end.
            trigger.add_parameter("RELATED", "END");
        }
        alarm.append_property(trigger.done());
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

/// An RFC 5545 duration before the start: "-P7D", "-PT2H", "-PT15M", "PT0S";
/// for a day-based lead of a date-only deadline reminded at `all_day_at`,
/// the same day at that time ("-P6DT15H" for 7 days at 09:00, "PT9H" on the day).
fn trigger(lead: LeadTime, all_day_at: Option<NaiveTime>) -> String {
    let before = match (lead, all_day_at) {
        (LeadTime::Days(n), Some(at)) => {
            i64::from(n) * 1440 - i64::from(at.num_seconds_from_midnight() / 60)
        }
        (LeadTime::Days(0) | LeadTime::Hours(0) | LeadTime::Minutes(0), None) => 0,
        (LeadTime::Days(n), None) => return format!("-P{n}D"),
        (LeadTime::Hours(n), _) => return format!("-PT{n}H"),
        (LeadTime::Minutes(n), _) => return format!("-PT{n}M"),
    };
    if before == 0 {
        return "PT0S".to_owned();
    }
    let sign = if before > 0 { "-" } else { "" };
    let m = before.abs();
    let (days, hours, minutes) = (m / 1440, m % 1440 / 60, m % 60);
    let mut text = format!("{sign}P");
    if days > 0 {
        text.push_str(&format!("{days}D"));
    }
    if hours > 0 || minutes > 0 {
        text.push('T');
        if hours > 0 {
            text.push_str(&format!("{hours}H"));
        }
        if minutes > 0 {
            text.push_str(&format!("{minutes}M"));
        }
    }
    text
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

/// What a file holds for Docket: the items to import, and the components
/// passed over because they are not deadlines (a to-do with no due date).
#[derive(Debug, Default)]
pub struct Read {
    pub items: Vec<Result<Incoming, Unusable>>,
    pub passed_over: Vec<Unusable>,
}

/// Reads an iCalendar text into deadlines to import, one per VEVENT or VTODO
/// with a date. `local_tz` is the zone of floating and all-day values.
pub fn parse(text: &str, local_tz: &str) -> Result<Vec<Result<Incoming, Unusable>>, Unusable> {
    Ok(read(text, local_tz, "")?.items)
}

/// As [`parse`], for a file: every VCALENDAR of the stream, with what was
/// passed over. `origin` (the file's name) goes into the title of an item
/// that has none.
pub fn read(text: &str, local_tz: &str, origin: &str) -> Result<Read, Unusable> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let calendars = content::calendars(text)?;
    let every_zone: Vec<&Component> = calendars
        .iter()
        .flat_map(|c| c.children("VTIMEZONE"))
        .collect();
    let mut read = Read::default();
    for calendar in &calendars {
        // A calendar's own definitions first (RFC 5545), then the stream's.
        let zones: Vec<&Component> = calendar
            .children("VTIMEZONE")
            .chain(every_zone.iter().copied())
            .collect();
        for node in calendar
            .components
            .iter()
            .filter(|c| c.name == "VEVENT" || c.name == "VTODO")
        {
            match incoming(node, &zones, local_tz, origin) {
                Ok(item) => read.items.push(Ok(item)),
                Err(Refusal::Unusable(problem)) => read.items.push(Err(problem)),
                Err(Refusal::NotADeadline(why)) => read.passed_over.push(why),
            }
        }
    }
    Ok(read)
}

/// Why a component is not imported.
enum Refusal {
    /// It should be a deadline but cannot be one: the caller decides.
    Unusable(Unusable),
    /// It is not a deadline: left out, and said so.
    NotADeadline(Unusable),
}

impl From<Unusable> for Refusal {
    fn from(problem: Unusable) -> Self {
        Refusal::Unusable(problem)
    }
}

fn incoming(
    node: &Component,
    zones: &[&Component],
    local_tz: &str,
    origin: &str,
) -> Result<Incoming, Refusal> {
    let is_todo = node.name == "VTODO";
    let summary = node
        .text("SUMMARY")
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    let what = if summary.is_empty() {
        format!("the {} on line {}", node.name, node.begin)
    } else {
        format!("“{summary}”")
    };
    let unusable = |line: usize, reason: String| Unusable {
        line,
        what: what.clone(),
        reason,
    };
    let due = if is_todo {
        node.prop("DUE")
    } else {
        node.prop("DTSTART")
    };
    let Some(due) = due else {
        return Err(if is_todo {
            Refusal::NotADeadline(unusable(
                node.begin,
                "it is a to-do with no DUE, so it is not a deadline".into(),
            ))
        } else {
            unusable(node.begin, "it has no DTSTART".into()).into()
        });
    };
    let mut notes = Vec::new();
    let title = if summary.is_empty() {
        // SUMMARY is optional (RFC 5545): the title says it had none and where it is from.
        let kind = if is_todo { "to-do" } else { "event" };
        notes.push("it has no SUMMARY (title); its title says where it came from".to_owned());
        if origin.is_empty() {
            format!("Untitled {kind} (line {})", node.begin)
        } else {
            format!("Untitled {kind} from {origin}, line {}", node.begin)
        }
    } else {
        summary
    };
    let value = due.value.trim();
    let date_only = due
        .param("VALUE")
        .is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
        || value.len() == 8;
    let (due_date, due_time, tz) = if date_only {
        let day = NaiveDate::parse_from_str(value, "%Y%m%d")
            .map_err(|_| unusable(due.line, format!("\"{value}\" is not a date (YYYYMMDD)")))?;
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
                due.line,
                format!("\"{value}\" is not a date and time (YYYYMMDDTHHMMSS)"),
            )
        })?;
        let (at, zone) = if utc {
            (at, "UTC".to_owned())
        } else if let Some(tzid) = due.param("TZID") {
            match zone::resolve(tzid, zones, at, local_tz) {
                Ok(Zone::Iana(name)) => (at, name),
                Ok(Zone::Utc(instant)) => {
                    notes.push(format!(
                        "its time zone \"{}\" follows no IANA zone in {}; its time is kept as {} UTC",
                        content::shorten(tzid),
                        at.year(),
                        instant.format("%H:%M")
                    ));
                    (instant, "UTC".to_owned())
                }
                Err(Unresolved::Unknown) => {
                    return Err(unusable(
                        due.line,
                        format!("time zone \"{tzid}\" is not one Docket knows (IANA or Windows names), and the file does not define it"),
                    )
                    .into())
                }
                Err(Unresolved::Unreadable(why)) => return Err(unusable(due.line, why).into()),
            }
        } else {
            (at, local_tz.to_owned())
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
    let recurrence = match node.prop("RRULE").map(|p| p.value.trim()) {
        None => String::new(),
        Some(rule) => match crate::recurrence::Recurrence::parse(rule) {
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
                node.prop("URL")
                    .map(|u| u.value.trim().to_owned())
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
/// due; but X-DOCKET-LEADS when Docket wrote it and the alarms are still
/// the ones it wrote (X-DOCKET-ALARMS), so that a deadline keeping the
/// defaults keeps them, and an alarm changed in another calendar is taken.
fn lead_times(
    node: &Component,
    timed: bool,
    unusable: &dyn Fn(usize, String) -> Unusable,
) -> Result<String, Unusable> {
    let minutes = alarm_minutes(node, timed, unusable);
    if let Some(leads) = node.text("X-DOCKET-LEADS") {
        let written = node.text("X-DOCKET-ALARMS").map(|alarms| {
            LeadTime::parse_list(&alarms).map(|l| {
                l.iter()
                    .filter_map(|l| lead_minutes(l.minutes(), timed))
                    .collect::<BTreeSet<_>>()
            })
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
            if m % 1440 == 0 {
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

/// The lead, in minutes, of an alarm `before` minutes before the due. A
/// date-only deadline reminds by days at the reminder time, so an alarm on
/// the day or in the days before it (at midnight, at 09:00 as Docket writes
/// them, or hours before) is the lead of that day; `None` for an alarm after
/// the due (or after its day).
fn lead_minutes(before: i64, timed: bool) -> Option<i64> {
    if timed {
        (before >= 0).then_some(before)
    } else {
        (before > -1440).then(|| -((-before).div_euclid(1440)) * 1440)
    }
}

/// How many minutes before the due each VALARM of a component rings, as
/// leads ([`lead_minutes`]).
fn alarm_minutes(
    node: &Component,
    timed: bool,
    unusable: &dyn Fn(usize, String) -> Unusable,
) -> Result<BTreeSet<i64>, Unusable> {
    let mut minutes = BTreeSet::new();
    for alarm in node.children("VALARM") {
        let Some(trigger) = alarm.prop("TRIGGER") else {
            continue;
        };
        if trigger
            .param("VALUE")
            .is_some_and(|v| v.eq_ignore_ascii_case("DATE-TIME"))
        {
            continue;
        }
        let value = trigger.value.trim();
        let Some(before) = duration_minutes(value) else {
            return Err(unusable(
                trigger.line,
                format!("alarm trigger \"{value}\" is not a duration such as -P7D or -PT2H"),
            ));
        };
        let to_end = trigger
            .param("RELATED")
            .is_some_and(|v| v.eq_ignore_ascii_case("END"));
        // Docket's due is an event's start and a to-do's DUE (its end).
        let Some(shift) = (match (node.name == "VTODO", to_end) {
            (false, false) | (true, true) => Some(0),
            (false, true) => span_minutes(node, "DTSTART", "DTEND", timed),
            // Before a to-do's start, when it has one; Docket's own to-dos
            // once had none and meant the due.
            (true, false) => span_minutes(node, "DTSTART", "DUE", timed)
                .map(|span| -span)
                .or(Some(0)),
        }) else {
            continue;
        };
        if let Some(lead) = lead_minutes(before - shift, timed) {
            minutes.insert(lead);
        }
    }
    Ok(minutes)
}

/// Minutes from one date (or date and time) property of a component to
/// another: an event's length (a day when an all-day event has no end), or
/// a to-do's from start to due. `None` when they cannot be read.
fn span_minutes(node: &Component, from: &str, to: &str, timed: bool) -> Option<i64> {
    let at = |name: &str| {
        let value = node.prop(name)?.value.trim().trim_end_matches(['Z', 'z']);
        NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S")
            .ok()
            .or_else(|| {
                NaiveDate::parse_from_str(value, "%Y%m%d")
                    .ok()
                    .map(|d| d.and_time(NaiveTime::MIN))
            })
    };
    let start = at(from)?;
    let span = match at(to) {
        Some(end) => (end - start).num_minutes(),
        None if to == "DTEND" => match node.prop("DURATION") {
            Some(d) => -duration_minutes(d.value.trim())?,
            None if timed => 0,
            None => 1440,
        },
        None => return None,
    };
    Some(span)
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
    fn every_line_is_folded_at_75_octets_and_never_inside_a_character() {
        // A continuation the crate left at 76 octets, and a line of “ ” and €.
        let long = format!(
            "DESCRIPTION:{}\r\n : https://www.scl.org/eu-general-purpose-ai-code-of-practice-now-available/\r\nSUMMARY:{}\r\n",
            "x".repeat(63),
            "“€”".repeat(40)
        );
        let folded = refold(&long);
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        assert_eq!(
            folded.replace("\r\n ", ""),
            long.replace("\r\n ", ""),
            "unfolded, it is the same text"
        );
    }

    fn deadline(due_time: Option<NaiveTime>, status: Status) -> Deadline {
        Deadline {
            id: "01J0000000000000000000TEST".to_owned(),
            title: "Annual report".to_owned(),
            description: String::new(),
            kind: Kind::Obligation,
            regulation: String::new(),
            reference: String::new(),
            jurisdiction: String::new(),
            source_url: String::new(),
            owner: String::new(),
            tags: Vec::new(),
            due_date: NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
            due_time,
            tz: "Europe/Brussels".to_owned(),
            lead_times: LeadTime::parse_list("7d,1d,0d,2h").ok(),
            status,
            done_at: (status == Status::Done).then(now),
            done_note: String::new(),
            pack_id: None,
            pack_item_id: None,
            original_due_date: None,
            amended_by: None,
            unverified: None,
            due_revision: 0,
            revision: 1,
            created_at: now(),
            updated_at: now(),
            due_changed_at: now(),
            recurrence: None,
            applies: Some(true),
            applies_because: String::new(),
            asks: Vec::new(),
            task: true,
            due_at: now(),
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 1, 10, 8, 0, 0).unwrap()
    }

    fn at_nine() -> ReminderSettings {
        ReminderSettings::default()
    }

    fn triggers(text: &str) -> Vec<&str> {
        text.lines()
            .filter(|l| l.starts_with("TRIGGER"))
            .map(|l| l.trim_end_matches('\r'))
            .collect()
    }

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
            zone::by_name("Europe/Brussels", &[]).as_deref(),
            Some("Europe/Brussels")
        );
        assert_eq!(
            zone::by_name("W. Europe Standard Time", &[]).as_deref(),
            Some("Europe/Berlin")
        );
        assert_eq!(
            zone::by_name("\"Romance Standard Time\"", &[]).as_deref(),
            Some("Europe/Paris")
        );
        assert_eq!(
            zone::by_name(
                "/mozilla.org/20050126_1/America/Argentina/Buenos_Aires",
                &[]
            )
            .as_deref(),
            Some("America/Argentina/Buenos_Aires")
        );
        assert_eq!(zone::by_name("Mars/Olympus", &[]), None);
    }

    #[test]
    fn all_day_alarms_ring_at_the_reminder_time_and_read_back_as_the_same_leads() {
        let d = deadline(None, Status::Open);
        let text = export_with(
            std::slice::from_ref(&d),
            |d| uid_of(d, None),
            Shape::Event,
            Alarms::of(&at_nine()),
            now(),
        );
        assert_eq!(
            triggers(&text),
            [
                "TRIGGER:-P6DT15H",
                "TRIGGER:-PT15H",
                "TRIGGER:-PT2H",
                "TRIGGER:PT9H"
            ]
        );
        let back = parse(&text, "Europe/Brussels").unwrap().remove(0).unwrap();
        assert_eq!(back.fields.lead_times.as_deref(), Some("7d,1d,2h,0d"));
        // Another calendar's alarms, read without Docket's own leads: the same days.
        let foreign = text
            .lines()
            .filter(|l| !l.starts_with("X-DOCKET"))
            .collect::<Vec<_>>()
            .join("\n");
        let back = parse(&foreign, "Europe/Brussels")
            .unwrap()
            .remove(0)
            .unwrap();
        assert_eq!(back.fields.lead_times.as_deref(), Some("0d,1d,7d"));
        // At midnight (as the CalDAV sync sends them) the triggers are whole days.
        let midnight = export(
            std::slice::from_ref(&d),
            |d| uid_of(d, None),
            Shape::Event,
            &[],
            now(),
        );
        assert_eq!(triggers(&midnight)[0], "TRIGGER:-P7D");
        // A timed deadline's alarms are before its time, whatever the reminder time.
        let timed = deadline(NaiveTime::from_hms_opt(17, 0, 0), Status::Open);
        let text = export_with(
            std::slice::from_ref(&timed),
            |d| uid_of(d, None),
            Shape::Todo,
            Alarms::of(&at_nine()),
            now(),
        );
        assert_eq!(
            triggers(&text),
            [
                "TRIGGER;RELATED=END:-P7D",
                "TRIGGER;RELATED=END:-P1D",
                "TRIGGER;RELATED=END:-PT2H",
                "TRIGGER;RELATED=END:PT0S"
            ]
        );
    }

    #[test]
    fn done_and_waived_deadlines_are_written_without_alarms_in_a_status_others_know() {
        for (status, shape, expected) in [
            (Status::Done, Shape::Event, "STATUS:CONFIRMED"),
            (Status::Waived, Shape::Event, "STATUS:CANCELLED"),
            (Status::Done, Shape::Todo, "STATUS:COMPLETED"),
            (Status::Waived, Shape::Todo, "STATUS:CANCELLED"),
        ] {
            let d = deadline(None, status);
            let text = export_with(
                std::slice::from_ref(&d),
                |d| uid_of(d, None),
                shape,
                Alarms::of(&at_nine()),
                now(),
            );
            assert!(
                !text.contains("BEGIN:VALARM"),
                "{status:?} {shape:?}: {text}"
            );
            assert!(text.contains(expected), "{status:?} {shape:?}: {text}");
            assert_eq!(
                text.contains("COMPLETED:2027"),
                status == Status::Done && shape == Shape::Todo,
                "COMPLETED is for a done to-do only: {text}"
            );
            let back = parse(&text, "Europe/Brussels").unwrap().remove(0).unwrap();
            assert_eq!(back.status, status);
            assert_eq!(back.fields.lead_times.as_deref(), Some("7d,1d,2h,0d"));
        }
    }

    #[test]
    fn alarms_related_to_the_end_or_to_a_to_dos_start_read_as_leads_before_the_due() {
        let file = |component: &str, dates: &str, trigger: &str| {
            format!("BEGIN:VCALENDAR\r\nBEGIN:{component}\r\nUID:a@example.org\r\nSUMMARY:A\r\n{dates}BEGIN:VALARM\r\nACTION:DISPLAY\r\n{trigger}\r\nEND:VALARM\r\nEND:{component}\r\nEND:VCALENDAR\r\n")
        };
        for (component, dates, trigger, leads) in [
            (
                "VEVENT",
                "DTSTART;VALUE=DATE:20270331\r\nDTEND;VALUE=DATE:20270401\r\n",
                "TRIGGER;RELATED=END:-P2D",
                "1d",
            ),
            (
                "VEVENT",
                "DTSTART:20270331T100000Z\r\nDURATION:PT1H\r\n",
                "TRIGGER;RELATED=END:-PT3H",
                "2h",
            ),
            (
                "VTODO",
                "DUE:20270331T100000Z\r\n",
                "TRIGGER;RELATED=END:-PT30M",
                "30m",
            ),
            (
                "VTODO",
                "DTSTART:20270330T100000Z\r\nDUE:20270331T100000Z\r\n",
                "TRIGGER:-PT1H",
                "25h",
            ),
            (
                "VEVENT",
                "DTSTART;VALUE=DATE:20270331\r\n",
                "TRIGGER:-PT2H",
                "1d",
            ),
        ] {
            let text = file(component, dates, trigger);
            let item = parse(&text, "UTC").unwrap().remove(0).unwrap();
            assert_eq!(
                item.fields.lead_times.as_deref(),
                Some(leads),
                "{trigger} in {dates}"
            );
        }
    }
}

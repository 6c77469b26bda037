//! The zone a TZID means: an IANA name, a Windows name as Outlook writes it,
//! an old Thunderbird "/mozilla.org/…/Europe/Brussels" name, the
//! X-LIC-LOCATION of the file's VTIMEZONE, or else the VTIMEZONE itself
//! (RFC 5545, 3.6.5): its STANDARD and DAYLIGHT parts with their RRULE and
//! RDATE give the offsets, and the IANA zone that has the same offsets over
//! the year in question stands for it. A definition that no IANA zone
//! follows keeps its rules: the time is converted to UTC with its offset.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Weekday};
use chrono_tz::Tz;

use super::content::{shorten, Component};

/// What a TZID resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Zone {
    /// An IANA zone, by name.
    Iana(String),
    /// A zone of the file's own that no IANA zone follows: the instant, in UTC.
    Utc(NaiveDateTime),
}

/// Why a TZID could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// No IANA or Windows name, and no VTIMEZONE of that TZID in the file.
    Unknown,
    /// The file's VTIMEZONE cannot be followed: the reason, with its line.
    Unreadable(String),
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

fn known(name: &str) -> Option<String> {
    name.parse::<Tz>().ok().map(|tz| tz.name().to_owned())
}

/// The IANA zone a TZID names, without looking at any definition's rules.
pub fn by_name(tzid: &str, zones: &[&Component]) -> Option<String> {
    let tzid = tzid.trim().trim_matches('"');
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
    definition(tzid, zones)
        .and_then(|z| z.text("X-LIC-LOCATION"))
        .and_then(|loc| known(loc.trim()))
}

/// The VTIMEZONE of `tzid` among `zones` (the first with that TZID).
fn definition<'a>(tzid: &str, zones: &[&'a Component]) -> Option<&'a Component> {
    let tzid = tzid.trim().trim_matches('"');
    zones.iter().copied().find(|z| {
        z.prop("TZID")
            .is_some_and(|p| p.value.trim() == tzid || p.text().trim() == tzid)
    })
}

/// The zone of a local time given with `tzid`: by name, else by the file's
/// definition of it. `local_tz` is preferred among IANA zones that match.
pub fn resolve(
    tzid: &str,
    zones: &[&Component],
    at: NaiveDateTime,
    local_tz: &str,
) -> Result<Zone, Unresolved> {
    if let Some(name) = by_name(tzid, zones) {
        return Ok(Zone::Iana(name));
    }
    let zone = definition(tzid, zones).ok_or(Unresolved::Unknown)?;
    let rules = Rules::read(zone).map_err(Unresolved::Unreadable)?;
    if let Some(name) = rules.iana_match(at.year(), tzid, local_tz) {
        return Ok(Zone::Iana(name));
    }
    Ok(Zone::Utc(rules.to_utc(at)))
}

/// One onset of an observance: the instant, and the offsets either side (seconds east of UTC).
#[derive(Debug, Clone, Copy)]
struct Onset {
    at: NaiveDateTime,
    from: i32,
    to: i32,
}

/// One STANDARD or DAYLIGHT part.
#[derive(Debug)]
struct Observance {
    start: NaiveDateTime,
    from: i32,
    to: i32,
    rule: Option<YearlyRule>,
    /// RDATEs, local times in the offset before.
    dates: Vec<NaiveDateTime>,
}

/// A yearly RRULE as VTIMEZONEs write them.
#[derive(Debug)]
struct YearlyRule {
    month: Option<u32>,
    /// The nth (or, negative, nth-last) weekday of the month.
    weekday: Option<(i32, Weekday)>,
    month_days: Vec<i32>,
    until: Option<NaiveDateTime>,
    count: Option<u32>,
}

/// A VTIMEZONE's observances.
#[derive(Debug)]
struct Rules {
    observances: Vec<Observance>,
}

fn offset(value: &str) -> Option<i32> {
    let value = value.trim();
    let (sign, digits) = match value.as_bytes().first()? {
        b'+' => (1, &value[1..]),
        b'-' => (-1, &value[1..]),
        _ => (1, value),
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits.get(r).and_then(|d| d.parse::<i32>().ok());
    let (h, m) = (n(0..2)?, n(2..4)?);
    let s = if digits.len() == 6 { n(4..6)? } else { 0 };
    (h < 24 && m < 60 && s < 60).then_some(sign * (h * 3600 + m * 60 + s))
}

/// A DATE-TIME (local, or UTC with Z read as local too) or a DATE at midnight.
fn local_time(value: &str) -> Option<NaiveDateTime> {
    let value = value.trim().trim_end_matches(['Z', 'z']);
    NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(value, "%Y%m%d")
                .ok()
                .map(|d| d.and_time(NaiveTime::MIN))
        })
        .filter(|t| (1..=9999).contains(&t.year()))
}

fn weekday(code: &str) -> Option<Weekday> {
    Some(match code {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

impl YearlyRule {
    fn read(rule: &str) -> Result<YearlyRule, String> {
        let mut yearly = YearlyRule {
            month: None,
            weekday: None,
            month_days: Vec::new(),
            until: None,
            count: None,
        };
        let mut freq = None;
        let cannot =
            |part: &str| format!("its part \"{}\" is not one Docket follows", shorten(part));
        for part in rule.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').ok_or_else(|| cannot(part))?;
            let value = value.trim().to_ascii_uppercase();
            match key.trim().to_ascii_uppercase().as_str() {
                "FREQ" => freq = Some(value),
                "BYMONTH" => {
                    yearly.month = Some(
                        value
                            .parse()
                            .ok()
                            .filter(|m| (1..=12).contains(m))
                            .ok_or_else(|| cannot(part))?,
                    );
                }
                "BYDAY" => {
                    let at = value.len().checked_sub(2).ok_or_else(|| cannot(part))?;
                    let day = value
                        .get(at..)
                        .and_then(weekday)
                        .ok_or_else(|| cannot(part))?;
                    let nth = match value.get(..at).unwrap_or("") {
                        "" => 0,
                        n => n
                            .trim_start_matches('+')
                            .parse::<i32>()
                            .ok()
                            .filter(|n| (-5..=5).contains(n) && *n != 0)
                            .ok_or_else(|| cannot(part))?,
                    };
                    yearly.weekday = Some((nth, day));
                }
                "BYMONTHDAY" => {
                    for day in value.split(',') {
                        yearly.month_days.push(
                            day.trim()
                                .parse()
                                .ok()
                                .filter(|d: &i32| (1..=31).contains(&d.abs()))
                                .ok_or_else(|| cannot(part))?,
                        );
                    }
                }
                "UNTIL" => yearly.until = Some(local_time(&value).ok_or_else(|| cannot(part))?),
                "COUNT" => yearly.count = Some(value.parse().map_err(|_| cannot(part))?),
                "INTERVAL" if value == "1" => {}
                "WKST" => {}
                _ => return Err(cannot(part)),
            }
        }
        match freq.as_deref() {
            Some("YEARLY") => Ok(yearly),
            _ => Err("only a yearly rule is followed".into()),
        }
    }

    /// The day of the rule in `year`, for an observance that starts on `start`.
    fn day_in(&self, year: i32, start: NaiveDate) -> Option<NaiveDate> {
        let month = self.month.unwrap_or(start.month());
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let last = (first + Duration::days(31)).with_day(1)? - Duration::days(1);
        let in_month = |d: i32| {
            if d > 0 {
                first.with_day(u32::try_from(d).ok()?)
            } else {
                last.checked_sub_signed(Duration::days(i64::from(-d - 1)))
            }
        };
        match (self.weekday, self.month_days.is_empty()) {
            (Some((0, day)), false) => self
                .month_days
                .iter()
                .filter_map(|d| in_month(*d))
                .find(|d| d.weekday() == day),
            (Some((0, day)), true) => {
                // Every such weekday: VTIMEZONEs do not write that; take the first.
                (0..7)
                    .map(|i| first + Duration::days(i))
                    .find(|d| d.weekday() == day)
            }
            (Some((nth, day)), _) if nth > 0 => {
                let offset =
                    (7 + day.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
                let d = first + Duration::days(i64::from(offset) + 7 * i64::from(nth - 1));
                (d.month() == month).then_some(d)
            }
            (Some((nth, day)), _) => {
                let offset =
                    (7 + last.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
                let d = last - Duration::days(i64::from(offset) + 7 * i64::from(-nth - 1));
                (d.month() == month).then_some(d)
            }
            (None, false) => in_month(self.month_days[0]),
            (None, true) => NaiveDate::from_ymd_opt(year, month, start.day()),
        }
    }
}

impl Rules {
    fn read(zone: &Component) -> Result<Rules, String> {
        let tzid = zone.text("TZID").unwrap_or_default();
        let mut observances = Vec::new();
        for part in &zone.components {
            if part.name != "STANDARD" && part.name != "DAYLIGHT" {
                continue;
            }
            let bad = |line: usize, what: &str| {
                format!(
                    "its time zone \"{}\" (defined on line {}) cannot be followed: {what} (line {line})",
                    shorten(tzid.trim()),
                    zone.begin
                )
            };
            let prop = |name: &str| {
                part.prop(name)
                    .ok_or_else(|| bad(part.begin, &format!("its {} has no {name}", part.name)))
            };
            let start = prop("DTSTART")?;
            let start_at = local_time(&start.value)
                .ok_or_else(|| bad(start.line, "DTSTART is not a date and time"))?;
            let read_offset = |name: &str| {
                let p = prop(name)?;
                offset(&p.value)
                    .ok_or_else(|| bad(p.line, &format!("{name} is not an offset such as +0100")))
            };
            let (from, to) = (read_offset("TZOFFSETFROM")?, read_offset("TZOFFSETTO")?);
            let rule = match part.prop("RRULE") {
                None => None,
                Some(p) => Some(YearlyRule::read(&p.value).map_err(|why| {
                    bad(p.line, &format!("RRULE \"{}\": {why}", shorten(&p.value)))
                })?),
            };
            let mut dates = Vec::new();
            for p in part.props("RDATE") {
                for value in p.value.split(',') {
                    // A PERIOD's start is the onset.
                    let value = value.split('/').next().unwrap_or("");
                    dates.push(
                        local_time(value)
                            .ok_or_else(|| bad(p.line, "RDATE is not a date and time"))?,
                    );
                }
            }
            observances.push(Observance {
                start: start_at,
                from,
                to,
                rule,
                dates,
            });
        }
        if observances.is_empty() {
            return Err(format!(
                "its time zone \"{}\" (defined on line {}) has no STANDARD or DAYLIGHT part",
                shorten(tzid.trim()),
                zone.begin
            ));
        }
        Ok(Rules { observances })
    }

    /// The onsets up to the end of `year`, as instants in UTC, in order.
    fn onsets(&self, year: i32) -> Vec<Onset> {
        let mut onsets = Vec::new();
        for o in &self.observances {
            let mut push = |local: NaiveDateTime| {
                if local.year() <= year {
                    if let Some(at) = local.checked_sub_signed(Duration::seconds(i64::from(o.from)))
                    {
                        onsets.push(Onset {
                            at,
                            from: o.from,
                            to: o.to,
                        });
                    }
                }
            };
            push(o.start);
            o.dates.iter().copied().for_each(&mut push);
            if let Some(rule) = &o.rule {
                for y in (year - 1).max(o.start.year())..=year {
                    let index = y - o.start.year();
                    if rule.count.is_some_and(|c| i64::from(index) >= i64::from(c)) {
                        continue;
                    }
                    let Some(local) = rule
                        .day_in(y, o.start.date())
                        .map(|d| d.and_time(o.start.time()))
                    else {
                        continue;
                    };
                    if local < o.start || rule.until.is_some_and(|u| local > u) {
                        continue;
                    }
                    push(local);
                }
            }
        }
        onsets.sort_by_key(|o| o.at);
        onsets
    }

    /// The offset at an instant (UTC), given the onsets up to it.
    fn offset_at(onsets: &[Onset], at: NaiveDateTime) -> i32 {
        match onsets.iter().rev().find(|o| o.at <= at) {
            Some(o) => o.to,
            None => onsets.first().map_or(0, |o| o.from),
        }
    }

    /// The IANA zone with the same offsets as these rules all through
    /// `year`: one named in the TZID, else `local_tz`, else one of the zones
    /// Windows names, else any.
    fn iana_match(&self, year: i32, tzid: &str, local_tz: &str) -> Option<String> {
        let onsets = self.onsets(year);
        let from = NaiveDate::from_ymd_opt(year, 1, 1)?.and_time(NaiveTime::MIN);
        let mut samples: Vec<NaiveDateTime> = (1..=12)
            .flat_map(|m| [1, 15].map(|d| NaiveDate::from_ymd_opt(year, m, d)))
            .flatten()
            .filter_map(|d| d.and_hms_opt(12, 0, 0))
            .collect();
        for o in onsets
            .iter()
            .filter(|o| o.at >= from && o.at.year() == year)
        {
            samples.push(o.at);
            samples.extend(o.at.checked_sub_signed(Duration::seconds(1)));
        }
        let expected: Vec<(NaiveDateTime, i32)> = samples
            .into_iter()
            .map(|s| (s, Self::offset_at(&onsets, s)))
            .collect();
        let fits = |tz: Tz| {
            expected.iter().all(|(at, seconds)| {
                tz.offset_from_utc_datetime(at).fix().local_minus_utc() == *seconds
            })
        };
        let label = tzid.to_lowercase();
        let named = |tz: &Tz| {
            let city = tz.name().rsplit('/').next().unwrap_or("").replace('_', " ");
            let city = city.to_lowercase();
            (city.len() > 2)
                .then(|| {
                    label.match_indices(&city).find(|(i, _)| {
                        let before = label[..*i].chars().next_back();
                        let after = label[i + city.len()..].chars().next();
                        !before.is_some_and(char::is_alphanumeric)
                            && !after.is_some_and(char::is_alphanumeric)
                    })
                })
                .flatten()
                .map(|(i, _)| i)
        };
        let mut in_label: Vec<(usize, Tz)> = chrono_tz::TZ_VARIANTS
            .iter()
            .filter_map(|tz| named(tz).map(|i| (i, *tz)))
            .collect();
        in_label.sort_by_key(|(i, tz)| (*i, tz.name()));
        let preferred = in_label
            .into_iter()
            .map(|(_, tz)| tz)
            .chain(local_tz.parse::<Tz>().ok())
            .chain(
                WINDOWS_ZONES
                    .iter()
                    .filter_map(|(_, iana)| iana.parse().ok()),
            );
        preferred
            .chain(chrono_tz::TZ_VARIANTS.iter().copied())
            .find(|tz| fits(*tz))
            .map(|tz| tz.name().to_owned())
    }

    /// A local time of these rules as an instant in UTC.
    fn to_utc(&self, local: NaiveDateTime) -> NaiveDateTime {
        let onsets = self.onsets(local.year());
        let mut offsets: Vec<i32> = onsets.iter().flat_map(|o| [o.to, o.from]).collect();
        offsets.dedup();
        let at = |o: i32| local.checked_sub_signed(Duration::seconds(i64::from(o)));
        offsets
            .iter()
            .filter_map(|o| at(*o).map(|utc| (*o, utc)))
            .find(|(o, utc)| Self::offset_at(&onsets, *utc) == *o)
            .map(|(_, utc)| utc)
            .or_else(|| at(Self::offset_at(&onsets, local)))
            .unwrap_or(local)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::ics::content::calendars;

    /// The instant of `local` in `tz`.
    fn instant(tz: Tz, local: NaiveDateTime) -> NaiveDateTime {
        tz.from_local_datetime(&local)
            .earliest()
            .unwrap()
            .naive_utc()
    }

    fn zone(tzid: &str, parts: &str) -> Component {
        let text = format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:{tzid}\r\n{parts}END:VTIMEZONE\r\nEND:VCALENDAR\r\n"
        );
        calendars(&text).unwrap().remove(0).components.remove(0)
    }

    const OUTLOOK_CET: &str = "BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n";

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%S").unwrap()
    }

    #[test]
    fn a_label_with_its_own_definition_becomes_the_iana_zone_it_names() {
        let label = "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna";
        let z = zone(label, OUTLOOK_CET);
        assert_eq!(
            resolve(label, &[&z], at("20270615T143000"), "UTC"),
            Ok(Zone::Iana("Europe/Amsterdam".into()))
        );
    }

    #[test]
    fn a_customized_zone_prefers_the_officers_own_zone_when_it_matches() {
        let z = zone("Customized Time Zone", OUTLOOK_CET);
        assert_eq!(
            resolve(
                "Customized Time Zone",
                &[&z],
                at("20271115T090000"),
                "Europe/Brussels"
            ),
            Ok(Zone::Iana("Europe/Brussels".into()))
        );
        // US rules do not match Brussels; a US zone does.
        let us = zone(
            "Customized Time Zone",
            "BEGIN:STANDARD\r\nDTSTART:20071104T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:20070311T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT\r\n",
        );
        assert_eq!(
            resolve(
                "Customized Time Zone",
                &[&us],
                at("20270301T090000"),
                "Europe/Brussels"
            ),
            Ok(Zone::Iana("America/New_York".into()))
        );
    }

    #[test]
    fn rdates_and_apple_style_month_days_are_followed() {
        let apple = zone(
            "Custom",
            "BEGIN:DAYLIGHT\r\nDTSTART:20070311T020000\r\nTZOFFSETFROM:-0800\r\nTZOFFSETTO:-0700\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=SU;BYMONTHDAY=8,9,10,11,12,13,14\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nDTSTART:20071104T020000\r\nTZOFFSETFROM:-0700\r\nTZOFFSETTO:-0800\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\n",
        );
        assert_eq!(
            resolve("Custom", &[&apple], at("20270701T090000"), "UTC"),
            Ok(Zone::Iana("America/Los_Angeles".into()))
        );
        let rdates = zone(
            "Rdates",
            "BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nRDATE:20271031T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\n",
        );
        assert_eq!(
            resolve("Rdates", &[&rdates], at("20270615T143000"), "Europe/Paris"),
            Ok(Zone::Iana("Europe/Paris".into()))
        );
    }

    #[test]
    fn rules_that_no_iana_zone_follows_keep_the_instant_in_utc() {
        let odd = zone(
            "Odd",
            "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0117\r\nTZOFFSETTO:+0117\r\nEND:STANDARD\r\n",
        );
        let local = at("20270615T143000");
        assert_eq!(
            resolve("Odd", &[&odd], local, "UTC"),
            Ok(Zone::Utc(at("20270615T131300")))
        );
        // The same with the DST rules of Berlin but a day off: converted with them.
        let shifted = zone(
            "Shifted",
            &OUTLOOK_CET.replace("BYDAY=-1SU;BYMONTH=10", "BYDAY=2SU;BYMONTH=10"),
        );
        let summer = at("20270615T143000");
        assert_eq!(
            resolve("Shifted", &[&shifted], summer, "UTC"),
            Ok(Zone::Utc(instant(Tz::Europe__Berlin, summer)))
        );
    }

    #[test]
    fn a_definition_that_cannot_be_followed_says_why_and_where() {
        let weekly = zone(
            "Weekly",
            "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=WEEKLY\r\nEND:STANDARD\r\n",
        );
        let Err(Unresolved::Unreadable(why)) =
            resolve("Weekly", &[&weekly], at("20270101T000000"), "UTC")
        else {
            panic!("a weekly rule is refused");
        };
        assert!(why.contains("RRULE") && why.contains("line 8"), "{why}");
        assert_eq!(
            resolve("Nowhere", &[&weekly], at("20270101T000000"), "UTC"),
            Err(Unresolved::Unknown)
        );
    }
}

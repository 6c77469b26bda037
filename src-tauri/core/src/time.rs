//! Time-zone helpers: turning a wall-clock time in a zone into an instant, and
//! finding the user's own zone.

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The instant at which `naive` happens on the wall clock of `tz`.
///
/// A time that occurs twice (the hour the clocks go back) resolves to its first
/// occurrence; a time that does not exist (the hour the clocks skip) resolves to
/// the first wall-clock time after the gap, as calendar programs do.
pub fn resolve_local(tz: Tz, naive: NaiveDateTime) -> DateTime<Utc> {
    let mut candidate = naive;
    // Gaps are at most a few hours long anywhere in the tz database.
    for _ in 0..(24 * 4) {
        match tz.from_local_datetime(&candidate) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(first, _) => return first.with_timezone(&Utc),
            LocalResult::None => candidate += Duration::minutes(15),
        }
    }
    Utc.from_utc_datetime(&naive)
}

/// Parses an IANA zone name such as `Europe/Brussels`.
pub fn parse_zone(name: &str) -> Option<Tz> {
    name.trim().parse::<Tz>().ok()
}

/// The user's local zone: `TZ` when it names an IANA zone, otherwise the
/// system's zone, otherwise UTC.
pub fn local_zone() -> Tz {
    if let Ok(tz) = std::env::var("TZ") {
        if let Some(zone) = parse_zone(tz.trim_start_matches(':')) {
            return zone;
        }
    }
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| parse_zone(&name))
        .unwrap_or(Tz::UTC)
}

/// Every IANA zone name, for a zone picker.
pub fn zone_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    names.sort_unstable();
    names
}

/// Timestamps are stored as UTC RFC 3339 text with millisecond precision, so
/// that text order is time order.
pub fn to_stored(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Reads a timestamp written by [`to_stored`] (or any RFC 3339 instant).
pub fn from_stored(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A date as people write it in a sentence: "2 August 2026".
pub fn long_date(d: chrono::NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The zone a person named, or the sentence refusing it; `what` names where
/// it was given (`--tz`), when that helps.
pub fn named_zone(name: &str, what: Option<&str>) -> Result<Tz, String> {
    let name = name.trim();
    parse_zone(name).ok_or_else(|| {
        let given = what.map(|w| format!(" ({w})")).unwrap_or_default();
        format!("Time zone \"{name}\"{given} is not a known IANA zone name (for example Europe/Brussels).")
    })
}

/// A moment as a person gives it: RFC 3339, or a date and time on `zone`'s
/// clock (`2027-10-01T10:00`). A time the clocks skip is refused; one they
/// pass twice is the first. The refusal names the value and `what` it is.
pub fn parse_moment(text: &str, zone: Tz, what: &str) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    let naive = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .ok_or_else(|| {
            format!(
                "Time \"{text}\" ({what}) is not a date and time; write YYYY-MM-DDTHH:MM, for example 2027-10-01T10:00, or RFC 3339."
            )
        })?;
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.with_timezone(&Utc)),
        LocalResult::None => Err(format!(
            "Time \"{text}\" ({what}) does not exist in {zone}: the clocks skip it."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|date| date.and_hms_opt(h, min, 0))
            .expect("valid test date")
    }

    #[test]
    fn skipped_hour_resolves_to_the_first_time_after_the_gap() {
        // Brussels skipped 02:00-03:00 on 30 March 2025.
        let t = resolve_local(chrono_tz::Europe::Brussels, at(2025, 3, 30, 2, 30));
        assert_eq!(to_stored(t), "2025-03-30T01:00:00.000Z");
    }

    #[test]
    fn repeated_hour_resolves_to_its_first_occurrence() {
        // Brussels went through 02:30 twice on 26 October 2025 (CEST then CET).
        let t = resolve_local(chrono_tz::Europe::Brussels, at(2025, 10, 26, 2, 30));
        assert_eq!(to_stored(t), "2025-10-26T00:30:00.000Z");
    }

    #[test]
    fn the_zone_list_holds_the_zones_people_use() {
        let names = zone_names();
        for zone in [
            "Europe/Brussels",
            "America/New_York",
            "Asia/Kolkata",
            "Pacific/Auckland",
            "UTC",
        ] {
            assert!(names.binary_search(&zone).is_ok(), "{zone}");
        }
        assert!(names.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn stored_timestamps_round_trip() {
        let t = resolve_local(chrono_tz::UTC, at(2027, 12, 2, 0, 0));
        assert_eq!(from_stored(&to_stored(t)), Some(t));
    }
}

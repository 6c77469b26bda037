//! Repeating deadlines (quarterly reports, annual reviews): a subset of the
//! RFC 5545 RRULE, evaluated with the `rrule` crate.
//!
//! A rule is always read from the deadline's current due date: the next
//! occurrence is the first one after it, and COUNT counts the occurrences
//! that remain, the current one included. Marking a repeating deadline done
//! moves it to the next occurrence with one fewer to go.

use chrono::{NaiveDate, TimeZone};
use rrule::{RRuleSet, Tz};

/// The RRULE parts Docket takes.
pub const PARTS: [&str; 7] = [
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
];

/// A validated rule, as RRULE text without the "RRULE:" prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence(String);

impl Recurrence {
    /// Validates `text` ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"); the
    /// message says what is wrong.
    pub fn parse(text: &str) -> Result<Recurrence, String> {
        let text = text.trim().trim_start_matches("RRULE:").trim();
        let mut parts = Vec::new();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, value)) = part.split_once('=') else {
                return Err(format!("\"{part}\" is not NAME=value"));
            };
            let key = key.trim().to_ascii_uppercase();
            if !PARTS.contains(&key.as_str()) {
                return Err(format!(
                    "{key} is not supported; Docket takes {}",
                    PARTS.join(", ")
                ));
            }
            let mut value = value.trim().to_ascii_uppercase();
            // A date-only UNTIL means the end of that day.
            if key == "UNTIL" && value.len() == 8 {
                value.push_str("T235959Z");
            }
            parts.push(format!("{key}={value}"));
        }
        if !parts.iter().any(|p| p.starts_with("FREQ=")) {
            return Err("a rule needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)".to_owned());
        }
        let rule = Recurrence(parts.join(";"));
        rule.set(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default())?;
        Ok(rule)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn set(&self, start: NaiveDate) -> Result<RRuleSet, String> {
        let text = format!(
            "DTSTART:{}T000000Z\nRRULE:{}",
            start.format("%Y%m%d"),
            self.0
        );
        text.parse::<RRuleSet>().map_err(|e| {
            let e = e.to_string();
            // The sentence around it ends with its own full stop.
            e.strip_prefix("RRule parsing error: ")
                .unwrap_or(&e)
                .trim_end_matches('.')
                .to_owned()
        })
    }

    fn count(&self) -> Option<u32> {
        self.0
            .split(';')
            .find_map(|p| p.strip_prefix("COUNT="))
            .and_then(|n| n.parse().ok())
    }

    /// The occurrence after `due`, and the rule as read from there; `None`
    /// when `due` was the last one.
    pub fn next_after(&self, due: NaiveDate) -> Option<(NaiveDate, Recurrence)> {
        if self.count().is_some_and(|n| n <= 1) {
            return None;
        }
        let after = Tz::UTC.from_utc_datetime(&due.and_hms_opt(23, 59, 59)?);
        let next = self
            .set(due)
            .ok()?
            .after(after)
            .all(1)
            .dates
            .into_iter()
            .next()?;
        let rest = match self.count() {
            Some(n) => Recurrence(
                self.0
                    .split(';')
                    .map(|p| {
                        if p.starts_with("COUNT=") {
                            format!("COUNT={}", n - 1)
                        } else {
                            p.to_owned()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(";"),
            ),
            None => self.clone(),
        };
        Some((next.date_naive(), rest))
    }

    /// "every 3 months", "every year", "every week on MO", with its end.
    pub fn describe(&self) -> String {
        let get = |key: &str| {
            self.0
                .split(';')
                .find_map(|p| p.strip_prefix(&format!("{key}=")).map(str::to_owned))
        };
        let interval: u32 = get("INTERVAL").and_then(|n| n.parse().ok()).unwrap_or(1);
        let unit = match get("FREQ").as_deref() {
            Some("DAILY") => "day",
            Some("WEEKLY") => "week",
            Some("MONTHLY") => "month",
            Some("YEARLY") => "year",
            Some("HOURLY") => "hour",
            Some("MINUTELY") => "minute",
            _ => "time",
        };
        let mut text = if interval == 1 {
            format!("every {unit}")
        } else {
            format!("every {interval} {unit}s")
        };
        if let Some(days) = get("BYDAY") {
            text.push_str(&format!(" on {days}"));
        }
        if let Some(day) = get("BYMONTHDAY") {
            text.push_str(if day == "-1" {
                " on the last day"
            } else {
                " on day "
            });
            if day != "-1" {
                text.push_str(&day);
            }
        }
        if let Some(n) = self.count() {
            text.push_str(&format!(", {n} more time{}", if n == 1 { "" } else { "s" }));
        }
        if let Some(until) = get("UNTIL") {
            if let Some(Ok(d)) = until
                .get(..8)
                .map(|day| NaiveDate::parse_from_str(day, "%Y%m%d"))
            {
                text.push_str(&format!(", until {d}"));
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_quarterly_rule_on_the_last_day_rolls_from_quarter_to_quarter() {
        let rule = Recurrence::parse("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1").unwrap();
        let (next, rest) = rule.next_after(date("2027-03-31")).unwrap();
        assert_eq!(next, date("2027-06-30"));
        assert_eq!(rest.next_after(next).unwrap().0, date("2027-09-30"));
        assert_eq!(rule.describe(), "every 3 months on the last day");
    }

    #[test]
    fn count_counts_what_remains_and_until_ends_the_series() {
        let rule = Recurrence::parse("freq=yearly;count=2").unwrap();
        let (next, rest) = rule.next_after(date("2027-06-30")).unwrap();
        assert_eq!(
            (next, rest.as_str()),
            (date("2028-06-30"), "FREQ=YEARLY;COUNT=1")
        );
        assert_eq!(rest.next_after(next), None);
        let until = Recurrence::parse("FREQ=MONTHLY;UNTIL=20270430").unwrap();
        assert_eq!(
            until.next_after(date("2027-03-15")).unwrap().0,
            date("2027-04-15")
        );
        assert_eq!(until.next_after(date("2027-04-15")), None);
    }

    #[test]
    fn weekly_on_days_and_monthly_by_month_follow_the_rule() {
        let weekly = Recurrence::parse("FREQ=WEEKLY;BYDAY=MO,TH").unwrap();
        assert_eq!(
            weekly.next_after(date("2027-03-01")).unwrap().0,
            date("2027-03-04")
        );
        let yearly = Recurrence::parse("FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=15").unwrap();
        assert_eq!(
            yearly.next_after(date("2027-01-15")).unwrap().0,
            date("2027-07-15")
        );
    }

    #[test]
    fn a_rule_with_wide_characters_is_described_without_a_panic() {
        // Found by the `fields` fuzz target: slicing text by bytes.
        let rule = Recurrence("FREQ=YEARLY;UNTIL=2027ʚʚʚʚ".to_owned());
        assert_eq!(rule.describe(), "every year");
    }

    #[test]
    fn unsupported_or_broken_rules_are_refused_with_a_reason() {
        assert!(Recurrence::parse("FREQ=MONTHLY;BYSETPOS=-1")
            .unwrap_err()
            .contains("BYSETPOS is not supported"));
        assert!(Recurrence::parse("INTERVAL=2")
            .unwrap_err()
            .contains("needs FREQ"));
        assert!(Recurrence::parse("FREQ=FORTNIGHTLY").is_err());
        assert!(Recurrence::parse("FREQ=WEEKLY;BYDAY=XX").is_err());
    }
}

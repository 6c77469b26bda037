//! The public holidays of the EU and EEA member states, for counting periods
//! under Regulation (EEC, Euratom) No 1182/71: a period whose last day is a
//! Saturday, Sunday or public holiday of the member state ends with the next
//! working day, a day that is none of these.
//!
//! The table is `data/holidays.json`, made by `scripts/public-holidays.py`
//! from Python's `holidays` package (nationwide public holidays, English
//! names); `tests/integration/holidays.rs` fails when it differs from what
//! the pinned package gives.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

use crate::error::{Code, Coded};

const HOLIDAYS_JSON: &str = include_str!("../data/holidays.json");

/// A question the table cannot answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HolidayError {
    #[error(
        "Docket has no public holidays for the country code \"{0}\"; it knows those of \
         the EU and EEA member states {known}.",
        known = known_codes()
    )]
    UnknownCountry(String),
    #[error("Docket knows public holidays from {first} to {last} only, not in {year}.")]
    YearNotCovered { year: i32, first: i32, last: i32 },
}

impl Coded for HolidayError {
    fn code(&self) -> Code {
        Code::Invalid
    }
}

/// The file as the script writes it; `source` is for people reading it.
#[derive(Deserialize)]
struct Table {
    years: (i32, i32),
    countries: BTreeMap<String, Country>,
}

#[derive(Deserialize)]
struct Country {
    name: String,
    /// Sorted by date, one entry a day.
    days: Vec<(NaiveDate, String)>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    // The file is compiled in and its reading tested below: a failure here
    // is a broken build, not something a user can cause.
    TABLE.get_or_init(|| {
        serde_json::from_str(HOLIDAYS_JSON).expect("data/holidays.json is a table of holidays")
    })
}

fn known_country(code: &str) -> Result<&'static Country, HolidayError> {
    table()
        .countries
        .get(&code.to_ascii_uppercase())
        .ok_or_else(|| HolidayError::UnknownCountry(code.to_owned()))
}

fn known_codes() -> String {
    let codes: Vec<&str> = table().countries.keys().map(String::as_str).collect();
    codes.join(", ")
}

/// The years whose public holidays the table holds.
pub fn covered_years() -> RangeInclusive<i32> {
    let (first, last) = table().years;
    first..=last
}

/// The member states as `(code, name)`, e.g. `("GR", "Greece")`, sorted by
/// name as a picker lists them.
pub fn member_states() -> Vec<(&'static str, &'static str)> {
    let mut states: Vec<(&'static str, &'static str)> = table()
        .countries
        .iter()
        .map(|(code, country)| (code.as_str(), country.name.as_str()))
        .collect();
    states.sort_by_key(|&(_, name)| name);
    states
}

/// The English name of the member state with the code `country` (ISO 3166-1
/// alpha-2, in any case), e.g. "Greece" for "GR".
pub fn country_name(country: &str) -> Result<&'static str, HolidayError> {
    Ok(&known_country(country)?.name)
}

/// The name of the public holiday `date` is in `country` (an ISO 3166-1
/// alpha-2 code, in any case), e.g. "Easter Monday", or `None` on any other
/// day.
pub fn holiday(country: &str, date: NaiveDate) -> Result<Option<&'static str>, HolidayError> {
    let days = &known_country(country)?.days;
    let years = covered_years();
    if !years.contains(&date.year()) {
        return Err(HolidayError::YearNotCovered {
            year: date.year(),
            first: *years.start(),
            last: *years.end(),
        });
    }
    Ok(days
        .binary_search_by_key(&date, |&(day, _)| day)
        .ok()
        .map(|i| days[i].1.as_str()))
}

/// Whether `date` is a working day in `country`: neither a Saturday, a
/// Sunday nor a public holiday.
pub fn is_working_day(country: &str, date: NaiveDate) -> Result<bool, HolidayError> {
    let holiday = holiday(country, date)?;
    let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
    Ok(!weekend && holiday.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn the_table_holds_the_30_eu_and_eea_member_states_from_2024_to_2040() {
        let states = member_states();
        let mut codes: Vec<&str> = states.iter().map(|&(code, _)| code).collect();
        codes.sort_unstable();
        assert_eq!(
            codes,
            [
                "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
                "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE",
                "SI", "SK"
            ]
        );
        assert!(states.contains(&("GR", "Greece")));
        assert!(states.contains(&("LI", "Liechtenstein")));
        assert_eq!(states.first(), Some(&("AT", "Austria")));
        assert_eq!(covered_years(), 2024..=2040);
    }

    #[test]
    fn every_country_lists_its_days_in_order_within_the_covered_years() {
        for (code, country) in &table().countries {
            assert!(
                country.days.windows(2).all(|w| w[0].0 < w[1].0),
                "{code} is not sorted"
            );
            for year in covered_years() {
                let in_year = country.days.iter().filter(|(d, _)| d.year() == year);
                assert!(in_year.count() >= 8, "{code} has few holidays in {year}");
            }
            assert!(country
                .days
                .iter()
                .all(|(d, _)| covered_years().contains(&d.year())));
        }
    }

    #[test]
    fn whit_monday_2027_is_a_holiday_in_belgium_and_the_monday_after_is_not() {
        assert_eq!(
            holiday("BE", date(2027, 5, 17)),
            Ok(Some("Pentecost Monday"))
        );
        assert_eq!(is_working_day("BE", date(2027, 5, 17)), Ok(false));
        assert_eq!(holiday("BE", date(2027, 10, 18)), Ok(None));
        assert_eq!(is_working_day("BE", date(2027, 10, 18)), Ok(true));
    }

    #[test]
    fn a_holiday_of_one_member_state_is_a_working_day_in_another() {
        // Armistice Day, a Thursday: a holiday in Belgium and France only.
        let armistice = date(2027, 11, 11);
        assert_eq!(holiday("BE", armistice), Ok(Some("Armistice Day")));
        assert_eq!(is_working_day("FR", armistice), Ok(false));
        assert_eq!(is_working_day("DE", armistice), Ok(true));
        assert_eq!(
            holiday("IE", date(2026, 3, 17)),
            Ok(Some("Saint Patrick's Day"))
        );
        assert_eq!(is_working_day("IE", date(2026, 3, 17)), Ok(false));
        assert_eq!(is_working_day("MT", date(2026, 3, 17)), Ok(true));
    }

    #[test]
    fn weekends_are_not_working_days_holiday_or_not() {
        // The Day of German Unity 2027 is a Sunday.
        assert_eq!(
            holiday("DE", date(2027, 10, 3)),
            Ok(Some("German Unity Day"))
        );
        assert_eq!(is_working_day("DE", date(2027, 10, 3)), Ok(false));
        assert_eq!(holiday("BE", date(2027, 10, 16)), Ok(None));
        assert_eq!(is_working_day("BE", date(2027, 10, 16)), Ok(false));
    }

    #[test]
    fn country_codes_are_read_in_any_case() {
        assert_eq!(
            holiday("be", date(2027, 5, 17)),
            Ok(Some("Pentecost Monday"))
        );
        assert_eq!(is_working_day("Ie", date(2026, 3, 17)), Ok(false));
    }

    #[test]
    fn a_member_state_is_named_from_its_code_in_any_case() {
        assert_eq!(country_name("GR"), Ok("Greece"));
        assert_eq!(country_name("no"), Ok("Norway"));
        assert_eq!(
            country_name("GB"),
            Err(HolidayError::UnknownCountry("GB".into()))
        );
    }

    #[test]
    fn an_unknown_country_code_is_refused_with_the_known_ones() {
        let err = holiday("XX", date(2027, 5, 17)).unwrap_err();
        assert_eq!(err, HolidayError::UnknownCountry("XX".into()));
        let message = err.to_string();
        assert!(message.contains("\"XX\""), "{message}");
        assert!(message.contains("AT, BE, BG"), "{message}");
        assert!(message.contains("SI, SK."), "{message}");
        assert_eq!(err.code(), Code::Invalid);
        assert!(is_working_day("UK", date(2027, 5, 17)).is_err());
    }

    #[test]
    fn a_year_outside_the_table_is_refused_with_the_covered_range() {
        let err = is_working_day("BE", date(2050, 1, 3)).unwrap_err();
        assert_eq!(
            err,
            HolidayError::YearNotCovered {
                year: 2050,
                first: 2024,
                last: 2040
            }
        );
        assert_eq!(
            err.to_string(),
            "Docket knows public holidays from 2024 to 2040 only, not in 2050."
        );
        assert!(holiday("BE", date(2023, 12, 25)).is_err());
        assert_eq!(holiday("BE", date(2040, 12, 25)), Ok(Some("Christmas Day")));
    }
}

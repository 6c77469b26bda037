//! Incident clocks: deadlines that start from an event (becoming aware of a
//! breach, classifying an incident as major), counted as the law counts them.
//!
//! A clock's template comes with a regulation pack, as data: its events and
//! its steps, each step due a period after an event or after another step was
//! submitted. This module reads templates and works out when each step is due
//! and by which rule; the store keeps the clocks and their steps' deadlines.
//!
//! Two ways of counting:
//! - a period in **hours** is elapsed time from the instant of its event:
//!   72 hours are 72 real hours, across a change of the clocks, with no
//!   weekend extension;
//! - a period in **days, weeks or months** follows Regulation (EEC, Euratom)
//!   No 1182/71: the day of the event is not counted (Art. 3(1)); a month
//!   ends on the same date in the last month, or on its last day when there
//!   is no such date (Art. 3(2)(c)); the period ends at the end of its last
//!   day (Art. 3(2)(b)); a last day that is a Saturday, a Sunday or a public
//!   holiday of the member state moves to the next working day (Art. 3(4));
//!   and a period of two days or more holds at least two working days
//!   (Art. 3(5)).

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, Duration, Months, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::holidays::{self, HolidayError};
use crate::time::resolve_local;

/// A clock as a pack ships it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClockTemplate {
    /// Unique across packs, e.g. `gdpr-breach`.
    pub key: String,
    pub title: String,
    pub regulation: String,
    /// The article that sets the clock, e.g. "Art. 33(1)".
    pub article: String,
    pub source_url: String,
    /// Why the template is not fully verified, when it is not.
    #[serde(default)]
    pub unverified: Option<String>,
    /// The events a step can run from; the first is the one a clock starts at.
    pub events: Vec<EventDef>,
    pub steps: Vec<StepDef>,
}

/// A template as the window offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct TemplateView {
    pub key: String,
    /// The pack it comes with.
    pub pack: String,
    pub title: String,
    pub regulation: String,
    pub article: String,
    pub source_url: String,
    pub unverified: Option<String>,
    pub events: Vec<Named>,
    pub steps: Vec<Named>,
}

/// A key with its words: an event or a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Named {
    pub key: String,
    pub title: String,
}

impl TemplateView {
    pub fn of(pack: &str, t: &ClockTemplate) -> TemplateView {
        TemplateView {
            key: t.key.clone(),
            pack: pack.to_owned(),
            title: t.title.clone(),
            regulation: t.regulation.clone(),
            article: t.article.clone(),
            source_url: t.source_url.clone(),
            unverified: t.unverified.clone(),
            events: t
                .events
                .iter()
                .map(|e| Named {
                    key: e.key.clone(),
                    title: e.title.clone(),
                })
                .collect(),
            steps: t
                .steps
                .iter()
                .map(|s| Named {
                    key: s.key.clone(),
                    title: s.title.clone(),
                })
                .collect(),
        }
    }
}

/// Something that happens and starts periods: `aware`, `classified`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventDef {
    pub key: String,
    /// What happened, as the rule says it after "from": "becoming aware".
    pub title: String,
}

/// Something the officer must submit by a due instant.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StepDef {
    pub key: String,
    pub title: String,
    /// The periods it is due after. With several, the earliest counts, of
    /// those that had not already run out when their event was recorded
    /// ("within 4 hours of classification and 24 hours of becoming aware,
    /// whichever comes first").
    pub first_of: Vec<Run>,
}

/// One period and what it runs from.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Run {
    pub period: Period,
    /// An event's key, or `submitted:STEP` for the moment a step was submitted.
    pub from: String,
    pub counting: Counting,
}

/// A length of time as the law writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Hours(u32),
    Days(u32),
    Weeks(u32),
    Months(u32),
}

/// How a period is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Counting {
    /// Real elapsed time from the instant of the event.
    Elapsed,
    /// Regulation (EEC, Euratom) No 1182/71, with the member state's holidays.
    #[serde(rename = "reg-1182-71")]
    Reg118271,
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match *self {
            Period::Hours(n) => (n, "hour"),
            Period::Days(n) => (n, "day"),
            Period::Weeks(n) => (n, "week"),
            Period::Months(n) => (n, "month"),
        };
        write!(f, "{n} {unit}{}", if n == 1 { "" } else { "s" })
    }
}

impl Period {
    /// Roughly how long it is, to choose reminder stages that fit inside it.
    pub fn approximate(self) -> Duration {
        match self {
            Period::Hours(n) => Duration::hours(i64::from(n)),
            Period::Days(n) => Duration::days(i64::from(n)),
            Period::Weeks(n) => Duration::weeks(i64::from(n)),
            Period::Months(n) => Duration::days(28 * i64::from(n)),
        }
    }
}

impl ClockTemplate {
    /// The checks a pack's templates must pass: unique keys, a web source,
    /// periods counted the way their unit allows, and anchors that exist
    /// without a step running from itself.
    pub fn check(&self) -> Result<(), String> {
        let problem = |what: String| Err(format!("clock {:?}: {what}", self.key));
        if !self.source_url.starts_with("https://") && !self.source_url.starts_with("http://") {
            return problem("it has no web source".to_owned());
        }
        if self.events.is_empty() || self.steps.is_empty() {
            return problem("it needs an event and a step".to_owned());
        }
        let mut seen = std::collections::HashSet::new();
        for key in self
            .events
            .iter()
            .map(|e| &e.key)
            .chain(self.steps.iter().map(|s| &s.key))
        {
            if !seen.insert(key.as_str()) {
                return problem(format!("{key:?} is named twice"));
            }
        }
        for step in &self.steps {
            if step.first_of.is_empty() {
                return problem(format!("step {:?} runs from nothing", step.key));
            }
            for run in &step.first_of {
                match (run.period, run.counting) {
                    (Period::Hours(_), Counting::Elapsed) => {}
                    (Period::Hours(_), Counting::Reg118271) => {
                        return problem(format!(
                            "step {:?}: a period in hours is counted as elapsed time",
                            step.key
                        ))
                    }
                    (_, Counting::Elapsed) => {
                        return problem(format!(
                            "step {:?}: a period in days, weeks or months is counted under Reg. 1182/71",
                            step.key
                        ))
                    }
                    _ => {}
                }
                match run.from.strip_prefix("submitted:") {
                    Some(other) if other == step.key => {
                        return problem(format!("step {:?} runs from itself", step.key))
                    }
                    Some(other) if !self.steps.iter().any(|s| s.key == other) => {
                        return problem(format!(
                            "step {:?} runs from an unknown step {other:?}",
                            step.key
                        ))
                    }
                    None if !self.events.iter().any(|e| e.key == run.from) => {
                        return problem(format!(
                            "step {:?} runs from an unknown event {:?}",
                            step.key, run.from
                        ))
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    pub fn event(&self, key: &str) -> Option<&EventDef> {
        self.events.iter().find(|e| e.key == key)
    }

    pub fn step(&self, key: &str) -> Option<&StepDef> {
        self.steps.iter().find(|s| s.key == key)
    }
}

/// What has happened on a clock so far: its events and its submitted steps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Known {
    pub events: HashMap<String, DateTime<Utc>>,
    pub submitted: HashMap<String, DateTime<Utc>>,
}

impl Known {
    fn anchor(&self, from: &str) -> Option<DateTime<Utc>> {
        match from.strip_prefix("submitted:") {
            Some(step) => self.submitted.get(step).copied(),
            None => self.events.get(from).copied(),
        }
    }
}

/// Where a clock is kept: the officer's zone, in which days end, and the
/// member state whose public holidays count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place<'a> {
    pub zone: Tz,
    pub member_state: &'a str,
}

/// When a step is due, and the rule that gave that, in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// None while what it runs from has not happened.
    pub due: Option<Due>,
    pub rule: String,
}

/// When a step falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Due {
    /// At an instant: a period in hours.
    At(DateTime<Utc>),
    /// At the end of a day in the clock's zone: a period in days or months.
    EndOf(NaiveDate),
}

impl Due {
    /// The instant it falls due: for a day, the instant that day ends.
    pub fn instant(self, zone: Tz) -> DateTime<Utc> {
        match self {
            Due::At(t) => t,
            Due::EndOf(day) => {
                resolve_local(zone, (day + Duration::days(1)).and_time(NaiveTime::MIN))
            }
        }
    }
}

/// Works out when `step` of `template` is due, given what is known.
pub fn plan_step(
    template: &ClockTemplate,
    step: &StepDef,
    known: &Known,
    place: Place,
) -> Result<Planned, HolidayError> {
    let mut candidates: Vec<(Option<Due>, String)> = Vec::new();
    let mut waiting: Vec<String> = Vec::new();
    for run in &step.first_of {
        let what = anchor_name(template, &run.from);
        let Some(start) = known.anchor(&run.from) else {
            waiting.push(format!("{} from {what}, not yet recorded", run.period));
            continue;
        };
        let (due, rule) = count(run, start, &what, place)?;
        // A limb that had already run out when the event that completes the
        // rule was recorded does not bind (DORA RTS 2025/301 Art. 5(2)).
        let latest_anchor = step
            .first_of
            .iter()
            .filter_map(|r| known.anchor(&r.from))
            .max()
            .unwrap_or(start);
        if step.first_of.len() > 1 && due.instant(place.zone) < latest_anchor {
            candidates.push((None, format!("{rule}, which was over before the rest of the rule was known, so it does not bind")));
            continue;
        }
        candidates.push((Some(due), rule));
    }
    let due = candidates
        .iter()
        .filter_map(|(due, _)| *due)
        .min_by_key(|due| due.instant(place.zone));
    let rule = match (step.first_of.len(), candidates.len()) {
        (1, 1) => candidates.remove(0).1,
        (1, _) => format!("Not yet due: {}.", waiting.join("; ")),
        _ => {
            let mut parts: Vec<String> = candidates.into_iter().map(|(_, r)| r).collect();
            parts.extend(waiting);
            let head = match due {
                Some(_) => "The earliest of",
                None => "Not yet due; the earliest of",
            };
            format!("{head}: {}.", parts.join("; "))
        }
    };
    Ok(Planned { due, rule })
}

fn anchor_name(template: &ClockTemplate, from: &str) -> String {
    match from.strip_prefix("submitted:") {
        Some(step) => format!(
            "the submission of the {}",
            template
                .step(step)
                .map_or(step, |s| s.title.as_str())
                .to_lowercase()
        ),
        None => template
            .event(from)
            .map_or(from, |e| e.title.as_str())
            .to_owned(),
    }
}

/// One period from one start: its end, and how it was counted.
fn count(
    run: &Run,
    start: DateTime<Utc>,
    what: &str,
    place: Place,
) -> Result<(Due, String), HolidayError> {
    let local = start.with_timezone(&place.zone);
    let at = local.format("%-d %B %Y %H:%M");
    match run.period {
        Period::Hours(n) => {
            let due = start + Duration::hours(i64::from(n));
            let shown = due.with_timezone(&place.zone);
            Ok((
                Due::At(due),
                format!(
                    "{} from {what} ({at}), elapsed time: due {} ({})",
                    run.period,
                    shown.format("%A %-d %B %Y %H:%M"),
                    place.zone
                ),
            ))
        }
        period => {
            let counted = last_day(period, local.date_naive(), place.member_state)?;
            let mut rule = format!(
                "{period} from {what} ({at}), Reg. 1182/71 with the public holidays of {}: ",
                holidays::country_name(place.member_state)?
            );
            rule.push_str(&counted.said());
            rule.push_str(&format!("; due by the end of that day ({})", place.zone));
            Ok((Due::EndOf(counted.last), rule))
        }
    }
}

/// How a period in days, weeks or months ended, step by step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// The last day by the plain count.
    pub plain: NaiveDate,
    /// Where Art. 3(4) moved it, and why, when it did.
    pub moved: Option<(NaiveDate, String)>,
    /// Where Art. 3(5) extended it, when it did.
    pub extended: Option<NaiveDate>,
    /// The last day of the period.
    pub last: NaiveDate,
}

impl Counted {
    fn said(&self) -> String {
        let day = |d: NaiveDate| d.format("%A %-d %B %Y").to_string();
        let mut text = match &self.moved {
            None => format!("the last day is {}", day(self.plain)),
            Some((to, why)) => format!(
                "the last day, {} ({why}), moves to {}",
                day(self.plain),
                day(*to)
            ),
        };
        if let Some(to) = self.extended {
            text.push_str(&format!(
                ", and a period of two days or more holds at least two working days, so it ends on {}",
                day(to)
            ));
        }
        text
    }
}

/// The last day of a period in days, weeks or months that runs from the day
/// `from` (not counted), under Reg. 1182/71 with `member_state`'s holidays.
pub fn last_day(
    period: Period,
    from: NaiveDate,
    member_state: &str,
) -> Result<Counted, HolidayError> {
    let plain = match period {
        Period::Hours(n) => from + Duration::days(i64::from(n.div_ceil(24))),
        Period::Days(n) => from + Duration::days(i64::from(n)),
        Period::Weeks(n) => from + Duration::weeks(i64::from(n)),
        // Art. 3(2)(c): the same date, or the month's last day.
        Period::Months(n) => from
            .checked_add_months(Months::new(n))
            .unwrap_or(NaiveDate::MAX),
    };
    let mut last = plain;
    let mut moved = None;
    if !holidays::is_working_day(member_state, plain)? {
        let why = match holidays::holiday(member_state, plain)? {
            Some(name) => name.to_owned(),
            None => "a weekend day".to_owned(),
        };
        last = next_working_day(plain, member_state)?;
        moved = Some((last, why));
    }
    // Art. 3(5): a period of two days or more holds at least two working days.
    let mut extended = None;
    if (plain - from).num_days() >= 2 {
        let mut working = working_days(from, last, member_state)?;
        while working < 2 {
            last = next_working_day(last, member_state)?;
            working += 1;
            extended = Some(last);
        }
    }
    Ok(Counted {
        plain,
        moved,
        extended,
        last,
    })
}

/// The first working day after `day`.
fn next_working_day(day: NaiveDate, member_state: &str) -> Result<NaiveDate, HolidayError> {
    let mut next = day + Duration::days(1);
    while !holidays::is_working_day(member_state, next)? {
        next += Duration::days(1);
    }
    Ok(next)
}

/// The working days after `from` up to and including `last`.
fn working_days(from: NaiveDate, last: NaiveDate, member_state: &str) -> Result<u32, HolidayError> {
    let mut count = 0;
    let mut day = from + Duration::days(1);
    while day <= last {
        if holidays::is_working_day(member_state, day)? {
            count += 1;
        }
        day += Duration::days(1);
    }
    Ok(count)
}

/// Reminder stages for a step, each inside its period: a step due at an
/// instant gets hour-scale ones and one as it falls due; a step due at the
/// end of a day gets day ones, at the reminder time, and one on that day.
pub fn default_leads(step: &StepDef, due: Due) -> Vec<crate::model::LeadTime> {
    use crate::model::LeadTime;
    let shortest = step
        .first_of
        .iter()
        .map(|r| r.period.approximate())
        .min()
        .unwrap_or_else(|| Duration::hours(24));
    let stages: &[LeadTime] = match due {
        Due::At(_) => &[
            LeadTime::Hours(12),
            LeadTime::Hours(4),
            LeadTime::Hours(1),
            LeadTime::Minutes(15),
            LeadTime::Minutes(0),
        ],
        Due::EndOf(_) => &[
            LeadTime::Days(7),
            LeadTime::Days(2),
            LeadTime::Days(1),
            LeadTime::Days(0),
        ],
    };
    stages
        .iter()
        .copied()
        .filter(|l| Duration::minutes(l.minutes()) < shortest)
        .collect()
}

#[cfg(test)]
mod tests;

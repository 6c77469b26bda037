//! Incident clocks: the templates, starting one, recording what happened on
//! it, showing, listing and closing.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::{Args, Subcommand};
use docket_core::packs::clock_templates;
use docket_core::store::clocks::{ClockView, NewClock};
use docket_core::time::parse_zone;
use serde::Serialize;

use crate::context::Context;
use crate::failure::Failure;
use crate::output::Printed;

#[derive(Subcommand)]
pub enum ClockCommand {
    /// List the clock templates the regulation packs bring.
    Templates,
    /// Start a clock from a template at the moment its first event happened
    /// (becoming aware), and print its steps with their due dates.
    Start(Start),
    /// Record an event of a clock (e.g. `classified`) or the submission of
    /// one of its steps (e.g. `notification`); the steps that run from it are
    /// planned again.
    Record(Record),
    /// Show a clock: its events and its steps, each with its due date and the
    /// rule that gave it.
    Show(Show),
    /// List the clocks, running ones first.
    List,
    /// Close a clock for a reason; its open steps are waived.
    Close(Close),
}

#[derive(Args)]
pub struct Start {
    /// The template's key (`docketctl clock templates` lists them).
    template: String,
    /// When it happened: YYYY-MM-DDTHH:MM (on --tz's clock) or RFC 3339.
    #[arg(long, value_name = "DATETIME")]
    at: String,
    /// The IANA zone of --at and of the days counted (default: the local zone).
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,
    /// The member state whose public holidays count, e.g. BE (default BE).
    #[arg(long, value_name = "CC", default_value = "BE")]
    member_state: String,
    /// A title for this clock (default: the template's).
    #[arg(long, value_name = "TEXT", default_value = "")]
    title: String,
}

#[derive(Args)]
pub struct Record {
    /// The clock's id (`docketctl clock list` shows them).
    clock_id: String,
    /// An event of its template, or a step submitted.
    event_or_step: String,
    /// When: YYYY-MM-DDTHH:MM (on --tz's clock) or RFC 3339.
    #[arg(long, value_name = "DATETIME")]
    at: String,
    /// The IANA zone of --at (default: the clock's zone).
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,
    /// What was sent or what happened, kept in the history.
    #[arg(long, value_name = "TEXT", default_value = "")]
    note: String,
}

#[derive(Args)]
pub struct Show {
    /// The clock's id.
    clock_id: String,
}

#[derive(Args)]
pub struct Close {
    /// The clock's id.
    clock_id: String,
    /// Why it is closed (e.g. "not a personal-data breach"), kept in the history.
    #[arg(long, value_name = "TEXT")]
    reason: String,
}

/// A template as `clock templates --json` gives it.
#[derive(Serialize)]
struct TemplateLine {
    key: String,
    pack: String,
    title: String,
    regulation: String,
    article: String,
    source_url: String,
    events: Vec<String>,
    steps: Vec<String>,
}

impl ClockCommand {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        match self {
            ClockCommand::Templates => {
                let templates: Vec<TemplateLine> = clock_templates()
                    .map_err(|e| Failure::invalid(e.to_string()))?
                    .into_iter()
                    .map(|(pack, t)| TemplateLine {
                        key: t.key,
                        pack,
                        title: t.title,
                        regulation: t.regulation,
                        article: t.article,
                        source_url: t.source_url,
                        events: t.events.into_iter().map(|e| e.key).collect(),
                        steps: t.steps.into_iter().map(|s| s.key).collect(),
                    })
                    .collect();
                let lines: String = templates
                    .iter()
                    .map(|t| {
                        format!(
                            "{:<36} {} — {}, {}\n{:<36} events: {}; steps: {}\n",
                            t.key,
                            t.title,
                            t.regulation,
                            t.article,
                            "",
                            t.events.join(", "),
                            t.steps.join(", ")
                        )
                    })
                    .collect();
                Printed::value(&templates, lines)
            }
            ClockCommand::Start(s) => {
                let zone = zone(s.tz.as_deref(), cx.local)?;
                let at = instant(&s.at, zone)?;
                let mut store = cx.open()?;
                let clock = store.start_clock(
                    &NewClock {
                        template: &s.template,
                        at,
                        zone,
                        member_state: &s.member_state,
                        title: &s.title,
                    },
                    &cx.actor(),
                    cx.now,
                )?;
                Printed::value(&clock, describe(&clock, cx))
            }
            ClockCommand::Record(r) => {
                let mut store = cx.open()?;
                let clock_zone =
                    parse_zone(&store.clock(&r.clock_id, cx.now)?.tz).unwrap_or(cx.local);
                let at = instant(&r.at, zone(r.tz.as_deref(), clock_zone)?)?;
                let clock = store.record_on_clock(
                    &r.clock_id,
                    &r.event_or_step,
                    at,
                    &r.note,
                    &cx.actor(),
                    cx.now,
                )?;
                Printed::value(&clock, describe(&clock, cx))
            }
            ClockCommand::Show(s) => {
                let clock = cx.open()?.clock(&s.clock_id, cx.now)?;
                Printed::value(&clock, describe(&clock, cx))
            }
            ClockCommand::List => {
                let clocks = cx.open()?.clocks(cx.now)?;
                let lines = if clocks.is_empty() {
                    "No clock has been started. `docketctl clock templates` lists the kinds.\n"
                        .to_owned()
                } else {
                    clocks.iter().map(|c| summary_line(c, cx)).collect()
                };
                Printed::value(&clocks, lines)
            }
            ClockCommand::Close(c) => {
                let clock = cx
                    .open()?
                    .close_clock(&c.clock_id, &c.reason, &cx.actor(), cx.now)?;
                Printed::value(&clock, describe(&clock, cx))
            }
        }
    }
}

fn zone(given: Option<&str>, default: Tz) -> Result<Tz, Failure> {
    match given {
        None => Ok(default),
        Some(name) => docket_core::time::named_zone(name, Some("--tz")).map_err(Failure::invalid),
    }
}

/// `--at`, as the window reads its time field.
fn instant(text: &str, zone: Tz) -> Result<DateTime<Utc>, Failure> {
    docket_core::time::parse_moment(text, zone, "--at").map_err(Failure::invalid)
}

fn local(t: DateTime<Utc>, cx: &Context, zone: &str) -> String {
    let zone = parse_zone(zone).unwrap_or(cx.local);
    t.with_timezone(&zone)
        .format("%a %-d %b %Y %H:%M %Z")
        .to_string()
}

/// "due Sat 5 Dec 2026 09:30 CET", or "due by the end of Mon 14 Dec 2026".
fn when_due(s: &docket_core::store::clocks::StepView, cx: &Context, zone: &str) -> String {
    match (s.last_day, s.due) {
        (Some(day), _) => format!("due by the end of {}", day.format("%a %-d %b %Y")),
        (None, Some(due)) => format!("due {}", local(due, cx, zone)),
        (None, None) => "no due date yet".to_owned(),
    }
}

/// One line of `clock list`: the clock and its next open step.
fn summary_line(c: &ClockView, cx: &Context) -> String {
    let next = c
        .steps
        .iter()
        .filter(|s| matches!(s.status.as_str(), "open" | "overdue"))
        .min_by_key(|s| s.due);
    let state = match (&c.closed_at, next) {
        (Some(_), _) => format!("closed: {}", c.close_reason),
        (None, Some(s)) => format!(
            "{} {}{}",
            s.title,
            if s.status == "overdue" { "was " } else { "" },
            when_due(s, cx, &c.tz)
        ),
        (None, None) => "nothing due".to_owned(),
    };
    format!(
        "{}  {}  [{}, {}]  {state}\n",
        c.id, c.title, c.template, c.member_state
    )
}

/// `clock show`: the clock, its events, and each step with its rule.
fn describe(c: &ClockView, cx: &Context) -> String {
    let mut text = format!(
        "{}  {} ({}; {}, {}) — counted in {} with the public holidays of {}\n",
        c.id,
        c.title,
        c.template,
        c.regulation,
        c.article,
        c.tz,
        docket_core::holidays::country_name(&c.member_state).unwrap_or(&c.member_state)
    );
    if let Some(why) = &c.unverified {
        text.push_str(&format!("  unverified: {why}\n"));
    }
    for e in &c.events {
        let at =
            e.at.map_or_else(|| "not yet".to_owned(), |t| local(t, cx, &c.tz));
        text.push_str(&format!("  {}: {at}\n", e.title));
    }
    for s in &c.steps {
        let when = match (s.submitted_at, s.due) {
            (Some(t), _) => format!("submitted {}", local(t, cx, &c.tz)),
            (None, Some(_)) => when_due(s, cx, &c.tz),
            (None, None) => "no due date yet".to_owned(),
        };
        text.push_str(&format!(
            "  {:<14} {:<9} {when}\n      {}\n",
            s.key, s.status, s.rule
        ));
    }
    if c.closed_at.is_some() {
        text.push_str(&format!("  closed: {}\n", c.close_reason));
    }
    text
}

//! Adding, editing and closing deadlines: add, edit, done, waive, reopen,
//! delete and undelete.

use clap::Args;
use docket_core::{Deadline, DeadlineFields, Error};

use crate::context::Context;
use crate::failure::Failure;
use crate::output::Printed;

#[derive(Args)]
pub struct Add {
    /// What is due, e.g. "Register the AI system in the EU database".
    #[arg(long)]
    title: String,
    /// Due date, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    due: String,
    #[command(flatten)]
    more: MoreFields,
}

impl Add {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let fields = self.more.with(Some(self.title), Some(self.due));
        let d = cx
            .open()?
            .add(&fields, cx.local.name(), &cx.actor(), cx.now)
            .map_err(every_problem)?;
        said(&d, "")
    }
}

#[derive(Args)]
pub struct Edit {
    /// The deadline's id (`docketctl list` shows them), or a unique start of it.
    id: String,
    /// A new title.
    #[arg(long)]
    title: Option<String>,
    /// A new due date, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    due: Option<String>,
    /// Why the due date (or time, or zone) moves, kept in its history.
    #[arg(long, value_name = "TEXT")]
    reason: Option<String>,
    #[command(flatten)]
    more: MoreFields,
}

impl Edit {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let mut fields = self.more.with(self.title, self.due);
        fields.move_reason = self.reason;
        let mut store = cx.open()?;
        let id = store.resolve_id(&self.id)?;
        let d = store
            .edit(&id, &fields, &cx.actor(), cx.now)
            .map_err(every_problem)?;
        said(&d, "")
    }
}

#[derive(Args)]
pub struct Done {
    /// The deadline's id, or a unique start of it.
    id: String,
    /// What was done, kept in its history (e.g. "Sent to the board").
    #[arg(long, default_value = "")]
    note: String,
}

impl Done {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let mut store = cx.open()?;
        let id = store.resolve_id(&self.id)?;
        let d = store.mark_done(&id, &self.note, &cx.actor(), cx.now)?;
        said(&d, " done")
    }
}

#[derive(Args)]
pub struct Waive {
    /// The deadline's id, or a unique start of it.
    id: String,
    /// Why it does not apply, kept in its history.
    #[arg(long)]
    reason: String,
}

impl Waive {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let mut store = cx.open()?;
        let id = store.resolve_id(&self.id)?;
        let d = store.waive(&id, &self.reason, &cx.actor(), cx.now)?;
        said(&d, " waived")
    }
}

#[derive(Args)]
pub struct Reopen {
    /// The deadline's id, or a unique start of it.
    id: String,
}

impl Reopen {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let mut store = cx.open()?;
        let id = store.resolve_id(&self.id)?;
        let d = store.reopen(&id, &cx.actor(), cx.now)?;
        said(&d, " reopened")
    }
}

#[derive(Args)]
pub struct Delete {
    /// The deadline's id, or a unique start of it.
    id: String,
}

impl Delete {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let mut store = cx.open()?;
        let id = store.resolve_id(&self.id)?;
        store.delete(&id, &cx.actor(), cx.now)?;
        Ok(Printed::message(format!(
            "{id} deleted (docketctl undelete {id} brings it back)\n"
        )))
    }
}

#[derive(Args)]
pub struct Undelete {
    /// The deleted deadline's id (its delete printed it), or a unique start of it.
    id: String,
}

impl Undelete {
    pub fn from_id(id: String) -> Undelete {
        Undelete { id }
    }

    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let mut store = cx.open()?;
        let id = store.resolve_id(&self.id)?;
        let d = store.restore(&id, &cx.actor(), cx.now)?;
        said(&d, " restored")
    }
}

/// A refusal of the fields, naming every field that is wrong, one a line,
/// as the window shows them all at once.
fn every_problem(e: Error) -> Failure {
    match &e {
        Error::Invalid(invalid) if !invalid.others.is_empty() => {
            let lines: Vec<String> = invalid.problems().into_iter().map(|p| p.message).collect();
            Failure::invalid(lines.join("\n"))
        }
        _ => Failure::from(e),
    }
}

/// The deadline as JSON, or its id and what happened to it.
fn said(d: &Deadline, what: &str) -> Result<Printed, Failure> {
    Printed::value(d, format!("{}{what}\n", d.id))
}

/// The fields of a deadline besides its title and date.
#[derive(Args)]
pub struct MoreFields {
    /// Due time of day, HH:MM (24-hour); empty for a date-only deadline.
    #[arg(long, value_name = "HH:MM")]
    time: Option<String>,
    /// IANA time zone (default: the local zone).
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,
    /// obligation, milestone, commitment, proposal or internal (default internal).
    #[arg(long)]
    kind: Option<String>,
    /// The regulation it comes from, e.g. "EU AI Act".
    #[arg(long)]
    regulation: Option<String>,
    /// Legal reference, e.g. "Art. 113(b)".
    #[arg(long)]
    reference: Option<String>,
    /// Who answers for it.
    #[arg(long)]
    owner: Option<String>,
    /// Notes: what it asks, where to find it.
    #[arg(long)]
    description: Option<String>,
    /// The web page it comes from (https).
    #[arg(long, value_name = "URL")]
    source_url: Option<String>,
    /// Lead times, e.g. 30d,7d,1d,2h (empty for the defaults).
    #[arg(long, value_name = "LEADS")]
    remind: Option<String>,
    /// How it repeats, an RRULE such as FREQ=MONTHLY;INTERVAL=3 (empty for none).
    /// Marking it done moves it to the next occurrence.
    #[arg(long, value_name = "RRULE")]
    repeat: Option<String>,
    /// Tags, comma-separated, e.g. "audit, board" (empty for none).
    #[arg(long, value_name = "TAGS")]
    tags: Option<String>,
}

impl MoreFields {
    fn with(self, title: Option<String>, due_date: Option<String>) -> DeadlineFields {
        DeadlineFields {
            title,
            due_date,
            due_time: self.time,
            tz: self.tz,
            kind: self.kind,
            regulation: self.regulation,
            reference: self.reference,
            owner: self.owner,
            description: self.description,
            source_url: self.source_url,
            lead_times: self.remind,
            recurrence: self.repeat,
            tags: self.tags,
            move_reason: None,
        }
    }
}

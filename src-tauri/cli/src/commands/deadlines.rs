//! Adding, editing and closing deadlines: add, edit, done, waive, reopen,
//! delete and undelete.

use clap::Args;
use docket_core::{Deadline, DeadlineFields};

use crate::context::Context;
use crate::failure::Failure;
use crate::output::Printed;

#[derive(Args)]
pub struct Add {
    #[command(flatten)]
    fields: FieldArgs,
}

impl Add {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let d = cx
            .open()?
            .add(&self.fields.into(), cx.local.name(), &cx.actor(), cx.now)?;
        said(&d, "")
    }
}

#[derive(Args)]
pub struct Edit {
    id: String,
    #[command(flatten)]
    fields: FieldArgs,
}

impl Edit {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let d = cx
            .open()?
            .edit(&self.id, &self.fields.into(), &cx.actor(), cx.now)?;
        said(&d, "")
    }
}

#[derive(Args)]
pub struct Done {
    id: String,
    #[arg(long, default_value = "")]
    note: String,
}

impl Done {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let d = cx
            .open()?
            .mark_done(&self.id, &self.note, &cx.actor(), cx.now)?;
        said(&d, " done")
    }
}

#[derive(Args)]
pub struct Waive {
    id: String,
    #[arg(long)]
    reason: String,
}

impl Waive {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let d = cx
            .open()?
            .waive(&self.id, &self.reason, &cx.actor(), cx.now)?;
        said(&d, " waived")
    }
}

#[derive(Args)]
pub struct Reopen {
    id: String,
}

impl Reopen {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let d = cx.open()?.reopen(&self.id, &cx.actor(), cx.now)?;
        said(&d, " reopened")
    }
}

#[derive(Args)]
pub struct Delete {
    id: String,
}

impl Delete {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let id = self.id;
        cx.open()?.delete(&id, &cx.actor(), cx.now)?;
        Ok(Printed::message(format!(
            "{id} deleted (docketctl undelete {id} brings it back)\n"
        )))
    }
}

#[derive(Args)]
pub struct Undelete {
    id: String,
}

impl Undelete {
    pub fn from_id(id: String) -> Undelete {
        Undelete { id }
    }

    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        let d = cx.open()?.restore(&self.id, &cx.actor(), cx.now)?;
        said(&d, " restored")
    }
}

/// The deadline as JSON, or its id and what happened to it.
fn said(d: &Deadline, what: &str) -> Result<Printed, Failure> {
    Printed::value(d, format!("{}{what}\n", d.id))
}

#[derive(Args)]
pub struct FieldArgs {
    #[arg(long)]
    title: Option<String>,
    /// Due date, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    due: Option<String>,
    /// Due time of day, HH:MM (24-hour); empty for a date-only deadline.
    #[arg(long, value_name = "HH:MM")]
    time: Option<String>,
    /// IANA time zone (default: the local zone).
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,
    /// obligation, milestone, commitment, proposal or internal (default internal).
    #[arg(long)]
    kind: Option<String>,
    #[arg(long)]
    regulation: Option<String>,
    /// Legal reference, e.g. "Art. 113(b)".
    #[arg(long)]
    reference: Option<String>,
    #[arg(long)]
    owner: Option<String>,
    #[arg(long)]
    description: Option<String>,
    #[arg(long, value_name = "URL")]
    source_url: Option<String>,
    /// Lead times, e.g. 30d,7d,1d,2h (empty for the defaults).
    #[arg(long, value_name = "LEADS")]
    remind: Option<String>,
    /// How it repeats, an RRULE such as FREQ=MONTHLY;INTERVAL=3 (empty for none).
    /// Marking it done moves it to the next occurrence.
    #[arg(long, value_name = "RRULE")]
    repeat: Option<String>,
}

impl From<FieldArgs> for DeadlineFields {
    fn from(a: FieldArgs) -> Self {
        DeadlineFields {
            title: a.title,
            due_date: a.due,
            due_time: a.time,
            tz: a.tz,
            kind: a.kind,
            regulation: a.regulation,
            reference: a.reference,
            owner: a.owner,
            description: a.description,
            source_url: a.source_url,
            lead_times: a.remind,
            recurrence: a.repeat,
        }
    }
}

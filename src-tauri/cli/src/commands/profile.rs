//! What applies to us: the organisation's answers to the packs' questions,
//! and the AI systems it lists.

use std::collections::BTreeMap;

use clap::{Args, Subcommand};
use docket_core::applicability::Values;
use docket_core::store::profile::{Effect, PackQuestion, Whose};
use serde::Serialize;

use crate::context::Context;
use crate::failure::Failure;
use crate::output::Printed;

#[derive(Subcommand)]
pub enum ProfileCommand {
    /// The questions the packs ask, with their choices and legal sources.
    Questions,
    /// Answer a question for the organisation, or for one AI system.
    Answer(Answer),
    /// Take back an answer: the dates it decided are not known again.
    Forget(Forget),
    /// The answers given, the AI systems, and how many dates apply.
    Show,
}

#[derive(Args)]
pub struct Answer {
    /// The question's key, e.g. dora.financial-entity (`profile questions` lists them).
    key: String,
    /// The choice, or several separated by commas where the question allows.
    value: String,
    /// The AI system the answer is about, for a question asked of each system.
    #[arg(long, value_name = "NAME")]
    system: Option<String>,
}

#[derive(Args)]
pub struct Forget {
    /// The question's key.
    key: String,
    /// The AI system whose answer to take back.
    #[arg(long, value_name = "NAME")]
    system: Option<String>,
}

#[derive(Subcommand)]
pub enum SystemCommand {
    /// List an AI system the organisation provides, deploys, imports or distributes.
    Add(AddSystem),
    /// The AI systems listed, with their answers.
    List,
    /// Remove an AI system and its answers.
    Remove {
        /// The system's name.
        name: String,
    },
}

#[derive(Args)]
pub struct AddSystem {
    /// Its name, e.g. "CV screening".
    name: String,
    /// An answer about it, KEY=VALUE (e.g. ai-act.annex-iii-area=employment); repeat for more.
    #[arg(long = "answer", value_name = "KEY=VALUE")]
    answers: Vec<String>,
}

fn whose(system: &Option<String>) -> Whose<'_> {
    system.as_deref().map_or(Whose::Organisation, Whose::System)
}

fn values(value: &str) -> Values {
    value
        .split(',')
        .map(|v| v.trim().to_lowercase())
        .filter(|v| !v.is_empty())
        .collect()
}

/// "2 dates come into the agenda; 5 leave it." for a change's effect.
fn describe_effect(effect: &Effect) -> String {
    let dates = |n: usize| format!("{n} date{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    if !effect.brings_in.is_empty() {
        parts.push(format!(
            "{} come{} into the agenda",
            dates(effect.brings_in.len()),
            if effect.brings_in.len() == 1 { "s" } else { "" }
        ));
    }
    if !effect.takes_out.is_empty() {
        parts.push(format!(
            "{} no longer appl{}",
            dates(effect.takes_out.len()),
            if effect.takes_out.len() == 1 {
                "ies"
            } else {
                "y"
            }
        ));
    }
    if !effect.settles.is_empty() {
        parts.push(format!(
            "{} settled or reopened",
            dates(effect.settles.len())
        ));
    }
    if parts.is_empty() {
        "No date changes.".to_owned()
    } else {
        format!("{}.", parts.join("; "))
    }
}

fn answer_text(q: &PackQuestion, values: Option<&Values>) -> String {
    match values {
        None => "not answered".to_owned(),
        Some(values) => values
            .iter()
            .map(|v| {
                q.question
                    .choice(v)
                    .map_or_else(|| v.clone(), |c| c.label.clone())
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

impl ProfileCommand {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        match self {
            ProfileCommand::Questions => {
                let questions = cx.open()?.questions()?;
                let mut text = String::new();
                let mut pack = "";
                for q in &questions {
                    if q.pack_title != pack {
                        pack = &q.pack_title;
                        text.push_str(&format!("{pack}\n"));
                    }
                    let q2 = &q.question;
                    let of = match q2.of {
                        docket_core::packs::Asked::Organisation => "",
                        docket_core::packs::Asked::System => " (asked of each AI system)",
                    };
                    let choices: Vec<&str> = q2.choices.iter().map(|c| c.value.as_str()).collect();
                    text.push_str(&format!(
                        "  {}{}\n    {}\n    {}: {}\n    {}  {}\n",
                        q2.key,
                        of,
                        q2.question,
                        if q2.several {
                            "one or more of"
                        } else {
                            "one of"
                        },
                        choices.join(", "),
                        q2.help,
                        q2.source_url
                    ));
                }
                Printed::value(&questions, text)
            }
            ProfileCommand::Answer(Answer { key, value, system }) => {
                let values = values(&value);
                let effect =
                    cx.open()?
                        .answer(&key, &values, whose(&system), &cx.actor(), cx.now)?;
                Printed::value(
                    &effect,
                    format!(
                        "{key}: {}. {}\n",
                        values.join(", "),
                        describe_effect(&effect)
                    ),
                )
            }
            ProfileCommand::Forget(Forget { key, system }) => {
                let effect = cx
                    .open()?
                    .forget_answer(&key, whose(&system), &cx.actor(), cx.now)?;
                Printed::value(
                    &effect,
                    format!("{key}: answer taken back. {}\n", describe_effect(&effect)),
                )
            }
            ProfileCommand::Show => {
                let store = cx.open()?;
                let questions = store.questions()?;
                let profile = store.profile()?;
                let counts = store.applies_counts()?;
                let mut text = String::from("Your organisation\n");
                for q in questions
                    .iter()
                    .filter(|q| q.question.of == docket_core::packs::Asked::Organisation)
                {
                    text.push_str(&format!(
                        "  {:<34} {}\n",
                        q.question.key,
                        answer_text(q, profile.answers.get(&q.question.key))
                    ));
                }
                text.push_str(&systems_text(&questions, &profile.systems));
                text.push_str(&format!(
                    "Dates: {} apply, {} do not apply, {} wait for an answer.\n",
                    counts.applies, counts.does_not_apply, counts.not_yet_known
                ));
                #[derive(Serialize)]
                struct Shown<'a> {
                    answers: &'a BTreeMap<String, Values>,
                    systems: &'a [docket_core::applicability::AiSystem],
                    dates: docket_core::store::profile::Counts,
                }
                Printed::value(
                    &Shown {
                        answers: &profile.answers,
                        systems: &profile.systems,
                        dates: counts,
                    },
                    text,
                )
            }
        }
    }
}

fn systems_text(
    questions: &[PackQuestion],
    systems: &[docket_core::applicability::AiSystem],
) -> String {
    if systems.is_empty() {
        return "No AI system is listed (`docketctl system add NAME`).\n".to_owned();
    }
    let mut text = String::from("AI systems\n");
    for s in systems {
        text.push_str(&format!("  {}\n", s.name));
        for q in questions
            .iter()
            .filter(|q| q.question.of == docket_core::packs::Asked::System)
        {
            text.push_str(&format!(
                "    {:<32} {}\n",
                q.question.key,
                answer_text(q, s.answers.get(&q.question.key))
            ));
        }
    }
    text
}

impl SystemCommand {
    pub fn run(self, cx: &Context) -> Result<Printed, Failure> {
        match self {
            SystemCommand::Add(AddSystem { name, answers }) => {
                let mut given = BTreeMap::new();
                for a in &answers {
                    let Some((key, value)) = a.split_once('=') else {
                        return Err(Failure::invalid(format!(
                            "--answer {a:?} is not KEY=VALUE (e.g. ai-act.annex-iii-area=employment). Nothing was added."
                        )));
                    };
                    given.insert(key.trim().to_owned(), values(value));
                }
                let (system, effect) = cx.open()?.add_system(&name, &given, &cx.actor(), cx.now)?;
                #[derive(Serialize)]
                struct Added<'a> {
                    system: &'a docket_core::applicability::AiSystem,
                    effect: &'a Effect,
                }
                Printed::value(
                    &Added {
                        system: &system,
                        effect: &effect,
                    },
                    format!("Listed “{}”. {}\n", system.name, describe_effect(&effect)),
                )
            }
            SystemCommand::List => {
                let store = cx.open()?;
                let profile = store.profile()?;
                let text = systems_text(&store.questions()?, &profile.systems);
                Printed::value(&profile.systems, text)
            }
            SystemCommand::Remove { name } => {
                let effect = cx.open()?.remove_system(&name, &cx.actor(), cx.now)?;
                Printed::value(
                    &effect,
                    format!("Removed “{name}”. {}\n", describe_effect(&effect)),
                )
            }
        }
    }
}

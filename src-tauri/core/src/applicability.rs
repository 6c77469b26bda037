//! What applies to us: the organisation's answers to the packs' questions,
//! and the AI systems it lists, decide which pack items apply.
//!
//! A condition ([`Condition`]) is worked out in three values for the
//! organisation and for each AI system: a question asked of each system is
//! answered by the systems, the others by the organisation. An item applies
//! when it applies to the organisation or to any system; it does not apply
//! when it applies to none; until then it is not yet known. The verdict
//! carries a sentence that names the answers that decided it.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use ts_rs::TS;

use crate::packs::{Asked, Condition, Question};

/// An answer: the choices that hold (one, or several where the question
/// allows).
pub type Values = Vec<String>;

/// The organisation's answers and its AI systems with theirs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Profile {
    /// Question key → the choices that hold.
    pub answers: BTreeMap<String, Values>,
    pub systems: Vec<AiSystem>,
}

/// An AI system the organisation lists, with the answers about it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct AiSystem {
    pub id: String,
    pub name: String,
    pub answers: BTreeMap<String, Values>,
}

/// Whether an item applies, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Verdict {
    /// True, false, or none while a question it needs is unanswered.
    pub applies: Option<bool>,
    /// "does not apply: you answered that you are not a financial entity (DORA Art. 2)".
    pub because: String,
    /// The questions to answer before it is known, by key.
    pub asks: Vec<String>,
}

impl Verdict {
    /// The officer's own deadlines always apply.
    pub fn own() -> Verdict {
        Verdict {
            applies: Some(true),
            because: "applies: your own deadline".to_owned(),
            asks: Vec::new(),
        }
    }
}

/// The questions by key, as the packs ask them.
pub struct Questions<'a>(HashMap<&'a str, &'a Question>);

impl<'a> Questions<'a> {
    pub fn new(questions: impl IntoIterator<Item = &'a Question>) -> Questions<'a> {
        Questions(questions.into_iter().map(|q| (q.key.as_str(), q)).collect())
    }

    pub fn get(&self, key: &str) -> Option<&'a Question> {
        self.0.get(key).copied()
    }
}

/// Who a condition is worked out for.
#[derive(Clone, Copy)]
enum Subject<'p> {
    Organisation,
    System(&'p AiSystem),
}

/// One answer that decided a condition.
#[derive(Debug, Clone, PartialEq)]
struct Said {
    key: String,
    /// The choices whose `says` explain it.
    values: Values,
}

/// A condition's value for one subject, with the answers that decided it,
/// or the questions still open.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Yes(Vec<Said>),
    No(Vec<Said>),
    Unknown(Vec<String>),
}

/// Works out whether an item with `condition` applies to `profile`.
/// `covers` names what the item's pack covers, for an item without a
/// condition: "the EU AI Act".
pub fn judge(
    condition: Option<&Condition>,
    questions: &Questions,
    profile: &Profile,
    covers: &str,
) -> Verdict {
    let Some(condition) = condition else {
        return Verdict {
            applies: Some(true),
            because: format!("applies to everyone {covers} covers"),
            asks: Vec::new(),
        };
    };
    let organisation = outcome(condition, questions, profile, Subject::Organisation);
    let systems: Vec<(&AiSystem, Outcome)> = profile
        .systems
        .iter()
        .map(|s| {
            (
                s,
                outcome(condition, questions, profile, Subject::System(s)),
            )
        })
        .collect();
    let words = Words { questions };

    if let Outcome::Yes(said) = &organisation {
        return Verdict {
            applies: Some(true),
            because: format!("applies: {}", words.you_answered(said)),
            asks: Vec::new(),
        };
    }
    let applying: Vec<_> = systems
        .iter()
        .filter_map(|(s, o)| match o {
            Outcome::Yes(said) => Some((*s, said)),
            _ => None,
        })
        .collect();
    if !applying.is_empty() {
        return Verdict {
            applies: Some(true),
            because: format!("applies: {}", words.for_systems(&applying)),
            asks: Vec::new(),
        };
    }
    let mut asks: Vec<String> = Vec::new();
    for o in std::iter::once(&organisation).chain(systems.iter().map(|(_, o)| o)) {
        if let Outcome::Unknown(keys) = o {
            for key in keys {
                if !asks.contains(key) {
                    asks.push(key.clone());
                }
            }
        }
    }
    if !asks.is_empty() {
        let unlisted = profile.systems.is_empty()
            && asks
                .iter()
                .any(|k| questions.get(k).is_some_and(|q| q.of == Asked::System));
        return Verdict {
            applies: None,
            because: words.not_yet_known(&asks, unlisted),
            asks,
        };
    }
    let because = match &organisation {
        Outcome::No(said) if !said.is_empty() => {
            format!(
                "does not apply: {}",
                words.you_answered_with_references(said)
            )
        }
        _ => {
            let refused: Vec<_> = systems
                .iter()
                .filter_map(|(s, o)| match o {
                    Outcome::No(said) => Some((*s, said)),
                    _ => None,
                })
                .collect();
            format!("does not apply: {}", words.for_no_system(&refused))
        }
    };
    Verdict {
        applies: Some(false),
        because,
        asks: Vec::new(),
    }
}

fn outcome(
    condition: &Condition,
    questions: &Questions,
    profile: &Profile,
    subject: Subject,
) -> Outcome {
    match condition {
        Condition::Is { question, is } => leaf(question, is, true, questions, profile, subject),
        Condition::IsNot { question, is_not } => {
            leaf(question, is_not, false, questions, profile, subject)
        }
        Condition::All { all } => {
            let outcomes: Vec<Outcome> = all
                .iter()
                .map(|c| outcome(c, questions, profile, subject))
                .collect();
            // Of the conditions that fail, the one with the shortest reason
            // that names an answer (a system question fails for the
            // organisation without one).
            let shortest = outcomes
                .iter()
                .filter_map(|o| match o {
                    Outcome::No(said) => Some(said),
                    _ => None,
                })
                .min_by_key(|said| (said.is_empty(), said.len()));
            if let Some(said) = shortest {
                return Outcome::No(said.clone());
            }
            combine(outcomes, Outcome::Yes)
        }
        Condition::Any { any } => {
            let outcomes: Vec<Outcome> = any
                .iter()
                .map(|c| outcome(c, questions, profile, subject))
                .collect();
            if let Some(yes) = outcomes.iter().find(|o| matches!(o, Outcome::Yes(_))) {
                return yes.clone();
            }
            combine(outcomes, Outcome::No)
        }
    }
}

/// The unknowns of `outcomes` if there are any, otherwise every answer
/// they name, as `decided`.
fn combine(outcomes: Vec<Outcome>, decided: fn(Vec<Said>) -> Outcome) -> Outcome {
    let mut open = Vec::new();
    let mut said = Vec::new();
    for o in outcomes {
        match o {
            Outcome::Unknown(keys) => open.extend(keys),
            Outcome::Yes(s) | Outcome::No(s) => said.extend(s),
        }
    }
    if open.is_empty() {
        decided(said)
    } else {
        Outcome::Unknown(open)
    }
}

fn leaf(
    key: &str,
    named: &[String],
    wanted: bool,
    questions: &Questions,
    profile: &Profile,
    subject: Subject,
) -> Outcome {
    let asked_of_systems = questions.get(key).is_some_and(|q| q.of == Asked::System);
    let answer = match (subject, asked_of_systems) {
        (Subject::Organisation, false) => profile.answers.get(key),
        (Subject::System(s), true) => s.answers.get(key),
        (Subject::System(_), false) => profile.answers.get(key),
        // The systems answer for themselves; the organisation does not,
        // once it lists them.
        (Subject::Organisation, true) if profile.systems.is_empty() => None,
        (Subject::Organisation, true) => return Outcome::No(Vec::new()),
    };
    let Some(values) = answer.filter(|v| !v.is_empty()) else {
        return Outcome::Unknown(vec![key.to_owned()]);
    };
    let matching: Values = values
        .iter()
        .filter(|v| named.contains(v))
        .cloned()
        .collect();
    let holds = if wanted {
        !matching.is_empty()
    } else {
        matching.is_empty()
    };
    // The answers that explain the outcome: what matched when the named
    // values decide it, the whole answer otherwise.
    let explaining = if matching.is_empty() {
        values.clone()
    } else {
        matching
    };
    let said = vec![Said {
        key: key.to_owned(),
        values: explaining,
    }];
    if holds {
        Outcome::Yes(said)
    } else {
        Outcome::No(said)
    }
}

/// The sentences of a verdict.
struct Words<'q, 'a> {
    questions: &'q Questions<'a>,
}

impl Words<'_, '_> {
    /// "you are a provider and its Annex III area is employment".
    fn phrases(&self, said: &[Said], asked: Asked) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in said {
            let Some(q) = self.questions.get(&s.key) else {
                continue;
            };
            if q.of != asked {
                continue;
            }
            let says: Vec<&str> = s
                .values
                .iter()
                .filter_map(|v| q.choice(v).map(|c| c.says.as_str()))
                .collect();
            let phrase = and_list(&says);
            if !phrase.is_empty() && !out.contains(&phrase) {
                out.push(phrase);
            }
        }
        out
    }

    fn you_answered(&self, said: &[Said]) -> String {
        format!(
            "you answered that {}",
            self.phrases(said, Asked::Organisation).join(" and that ")
        )
    }

    /// "you answered that you are not a financial entity (DORA Art. 2)".
    fn you_answered_with_references(&self, said: &[Said]) -> String {
        let mut references: Vec<&str> = Vec::new();
        for s in said {
            if let Some(q) = self.questions.get(&s.key) {
                if !references.contains(&q.reference.as_str()) {
                    references.push(&q.reference);
                }
            }
        }
        format!("{} ({})", self.you_answered(said), references.join("; "))
    }

    /// "you answered that you are a provider; for your AI system “CV
    /// screening”, its Annex III area is employment".
    fn for_systems(&self, applying: &[(&AiSystem, &Vec<Said>)]) -> String {
        let mut parts: Vec<String> = Vec::new();
        let organisation: Vec<Said> = applying
            .iter()
            .flat_map(|(_, said)| said.iter().cloned())
            .collect();
        let by_organisation = self.phrases(&organisation, Asked::Organisation);
        if !by_organisation.is_empty() {
            parts.push(format!(
                "you answered that {}",
                by_organisation.join(" and that ")
            ));
        }
        let each: Vec<String> = applying
            .iter()
            .map(|(system, said)| {
                let phrases = self.phrases(said, Asked::System);
                if phrases.is_empty() {
                    format!("“{}”", system.name)
                } else {
                    format!("“{}”, {}", system.name, phrases.join(" and "))
                }
            })
            .collect();
        let noun = if applying.len() == 1 {
            "your AI system"
        } else {
            "your AI systems"
        };
        parts.push(format!("for {noun} {}", each.join("; for ")));
        parts.join("; ")
    }

    /// "none of your AI systems: for “Chatbot”, it falls in no Annex III area".
    fn for_no_system(&self, refused: &[(&AiSystem, &Vec<Said>)]) -> String {
        if refused.is_empty() {
            return "you list no AI system it concerns".to_owned();
        }
        let each: Vec<String> = refused
            .iter()
            .map(|(system, said)| {
                let mut phrases = self.phrases(said, Asked::System);
                phrases.extend(
                    self.phrases(said, Asked::Organisation)
                        .into_iter()
                        .map(|p| format!("you answered that {p}")),
                );
                if phrases.is_empty() {
                    format!("“{}”", system.name)
                } else {
                    format!("“{}”, {}", system.name, phrases.join(" and "))
                }
            })
            .collect();
        format!(
            "none of your AI systems qualifies: for {}",
            each.join("; for ")
        )
    }

    fn not_yet_known(&self, asks: &[String], unlisted: bool) -> String {
        let first = asks
            .first()
            .and_then(|k| self.questions.get(k))
            .map_or_else(|| asks[0].clone(), |q| q.question.clone());
        let more = match asks.len() {
            1 => String::new(),
            2 => " and one more question".to_owned(),
            n => format!(" and {} more questions", n - 1),
        };
        if unlisted {
            format!("not yet known: list your AI systems, and answer “{first}”{more}")
        } else {
            format!("not yet known: answer “{first}”{more}")
        }
    }
}

/// "a, b and c".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Why an answer is refused: the choices that are not the question's, or
/// several where one is asked for.
pub fn check_answer(question: &Question, values: &[String]) -> Result<(), String> {
    let choices = || {
        question
            .choices
            .iter()
            .map(|c| c.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if values.is_empty() {
        return Err(format!(
            "{} needs an answer: one of {}.",
            question.key,
            choices()
        ));
    }
    if let Some(bad) = values.iter().find(|v| question.choice(v).is_none()) {
        return Err(format!(
            "{bad:?} is not an answer to {}; the choices are {}.",
            question.key,
            choices()
        ));
    }
    if values.len() > 1 && !question.several {
        return Err(format!(
            "{} takes one answer, not {}; the choices are {}.",
            question.key,
            values.len(),
            choices()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod packs;
#[cfg(test)]
mod tests;

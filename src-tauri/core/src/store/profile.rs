//! The organisation's profile: its answers to the packs' questions and the
//! AI systems it lists, and the verdict they give on every pack item.
//!
//! A change of an answer or of the systems works the verdicts out again in
//! the same transaction, writes a history row for each deadline that comes
//! in or goes out, and records the change itself in `profile_history`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;
use ulid::Ulid;

use super::{history, read_err, write_err, Store};
use crate::applicability::{self, judge, AiSystem, Profile, Questions, Values, Verdict};
use crate::model::Actor;
use crate::packs::{Asked, Condition, Question};
use crate::store::Error;
use crate::time::to_stored;

/// A question with the pack that asks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PackQuestion {
    pub pack_id: String,
    pub pack_title: String,
    #[serde(flatten)]
    #[ts(flatten)]
    pub question: Question,
}

/// What a change of the profile does to the dates: how many come into the
/// agenda and how many leave it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Effect {
    /// Deadlines that did not apply and now apply or are not yet known.
    pub brings_in: Vec<String>,
    /// Deadlines that applied or were not known and now do not apply.
    pub takes_out: Vec<String>,
    /// Deadlines that were not known and now are, or the reverse.
    pub settles: Vec<String>,
}

/// Whose answer: the organisation's, or one AI system's (by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose<'a> {
    Organisation,
    System(&'a str),
}

impl Whose<'_> {
    fn describe(self) -> String {
        match self {
            Whose::Organisation => String::new(),
            Whose::System(name) => format!(" for “{name}”"),
        }
    }
}

/// A pack deadline as the verdicts need it.
struct Judged {
    id: String,
    condition: Option<Condition>,
    covers: String,
    before: Verdict,
}

impl Store {
    /// Every question of the installed packs, the AI Act's first, then by
    /// pack and in the order each pack asks them.
    pub fn questions(&self) -> Result<Vec<PackQuestion>, Error> {
        Ok(questions_in(&self.conn).map_err(read_err)?)
    }

    /// The organisation's answers and its AI systems.
    pub fn profile(&self) -> Result<Profile, Error> {
        Ok(profile_in(&self.conn).map_err(read_err)?)
    }

    /// What answering `key` with `values` would do, without doing it.
    pub fn preview_answer(
        &self,
        key: &str,
        values: &[String],
        whose: Whose,
    ) -> Result<Effect, Error> {
        let questions = self.questions()?;
        let question = asked(&questions, key, whose)?;
        applicability::check_answer(question, values).map_err(Error::Refused)?;
        let mut profile = self.profile()?;
        set_answer(&mut profile, key, values, whose)?;
        let judged = judged_in(&self.conn).map_err(read_err)?;
        Ok(effect_of(&judged, &questions, &profile).0)
    }

    /// Records an answer of the organisation or of one of its AI systems,
    /// and works out again what applies. An answer outside the question's
    /// choices is refused and changes nothing.
    pub fn answer(
        &mut self,
        key: &str,
        values: &[String],
        whose: Whose,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Effect, Error> {
        let questions = self.questions()?;
        let question = asked(&questions, key, whose)?.clone();
        applicability::check_answer(&question, values).map_err(Error::Refused)?;
        let (tx, system_id) = self.begin_change(whose)?;
        tx.execute(
            "INSERT INTO answer (system_id, question, answer, answered_at, answered_by) \
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (system_id, question) DO UPDATE SET \
             answer = excluded.answer, answered_at = excluded.answered_at, \
             answered_by = excluded.answered_by",
            params![
                system_id,
                key,
                serde_json::Value::from(values).to_string(),
                to_stored(now),
                actor.user
            ],
        )
        .map_err(write_err)?;
        let labels: Vec<&str> = values
            .iter()
            .filter_map(|v| question.choice(v).map(|c| c.label.as_str()))
            .collect();
        let summary = format!(
            "Answered “{}”{}: {}",
            question.question,
            whose.describe(),
            labels.join(", ")
        );
        let effect = commit_change(tx, &summary, actor, now)?;
        Ok(effect)
    }

    /// Takes back an answer: the items it decided are not known again.
    pub fn forget_answer(
        &mut self,
        key: &str,
        whose: Whose,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Effect, Error> {
        let questions = self.questions()?;
        let question = asked(&questions, key, whose)?.clone();
        let (tx, system_id) = self.begin_change(whose)?;
        tx.execute(
            "DELETE FROM answer WHERE system_id = ?1 AND question = ?2",
            params![system_id, key],
        )
        .map_err(write_err)?;
        let summary = format!(
            "Took back the answer to “{}”{}",
            question.question,
            whose.describe()
        );
        commit_change(tx, &summary, actor, now)
    }

    /// Lists a new AI system, with answers about it (question key → values).
    pub fn add_system(
        &mut self,
        name: &str,
        answers: &BTreeMap<String, Values>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(AiSystem, Effect), Error> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::Refused("An AI system needs a name.".to_owned()));
        }
        let questions = self.questions()?;
        for (key, values) in answers {
            let question = asked(&questions, key, Whose::System(name))?;
            applicability::check_answer(question, values).map_err(Error::Refused)?;
        }
        let tx = self.write_lock()?;
        let taken: Option<String> = tx
            .query_row("SELECT name FROM ai_system WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()
            .map_err(write_err)?;
        if let Some(taken) = taken {
            return Err(Error::Refused(format!(
                "An AI system named “{taken}” is already listed; choose another name."
            )));
        }
        let id = Ulid::from_datetime(now.into()).to_string();
        tx.execute(
            "INSERT INTO ai_system (id, name, created_at) VALUES (?1, ?2, ?3)",
            params![id, name, to_stored(now)],
        )
        .map_err(write_err)?;
        for (key, values) in answers {
            tx.execute(
                "INSERT INTO answer (system_id, question, answer, answered_at, answered_by) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    id,
                    key,
                    serde_json::Value::from(values.as_slice()).to_string(),
                    to_stored(now),
                    actor.user
                ],
            )
            .map_err(write_err)?;
        }
        let effect = commit_change(tx, &format!("Listed the AI system “{name}”"), actor, now)?;
        let system = self
            .profile()?
            .systems
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| Error::NoSystem(name.to_owned()))?;
        Ok((system, effect))
    }

    /// Removes an AI system and its answers.
    pub fn remove_system(
        &mut self,
        name: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Effect, Error> {
        let tx = self.write_lock()?;
        let id = system_id(&tx, name)?;
        let name: String = tx
            .query_row("SELECT name FROM ai_system WHERE id = ?1", [&id], |r| {
                r.get(0)
            })
            .map_err(write_err)?;
        tx.execute("DELETE FROM answer WHERE system_id = ?1", [&id])
            .map_err(write_err)?;
        tx.execute("DELETE FROM ai_system WHERE id = ?1", [&id])
            .map_err(write_err)?;
        commit_change(tx, &format!("Removed the AI system “{name}”"), actor, now)
    }

    /// A transaction that holds the write lock from its start, so that a
    /// change read and written in it is never refused halfway by another
    /// program's write.
    fn write_lock(&mut self) -> Result<Transaction<'_>, Error> {
        Ok(self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(write_err)?)
    }

    /// [`Store::write_lock`], with the id the answers of `whose` are kept
    /// under ('' for the organisation's).
    fn begin_change(&mut self, whose: Whose) -> Result<(Transaction<'_>, String), Error> {
        let tx = self.write_lock()?;
        let id = match whose {
            Whose::Organisation => String::new(),
            Whose::System(name) => system_id(&tx, name)?,
        };
        Ok((tx, id))
    }

    /// The changes of the profile, newest first: when, who, what.
    pub fn profile_history(&self) -> Result<Vec<ProfileChange>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT at, actor, via, summary FROM profile_history ORDER BY id DESC")
            .map_err(read_err)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ProfileChange {
                    at: r.get(0)?,
                    actor: r.get(1)?,
                    via: r.get(2)?,
                    summary: r.get(3)?,
                })
            })
            .map_err(read_err)?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(read_err)?)
    }
}

/// How many deadlines apply, do not, or wait for an answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct Counts {
    pub applies: u32,
    pub does_not_apply: u32,
    pub not_yet_known: u32,
}

/// Everything the organisation page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProfileView {
    pub questions: Vec<PackQuestion>,
    pub answers: BTreeMap<String, Values>,
    pub systems: Vec<AiSystem>,
    pub dates: Counts,
}

impl Store {
    /// The deadlines (not deleted) counted by whether they apply.
    pub fn applies_counts(&self) -> Result<Counts, Error> {
        Ok(self
            .conn
            .query_row(
                "SELECT count(*) FILTER (WHERE applies = 1), count(*) FILTER (WHERE applies = 0), \
                 count(*) FILTER (WHERE applies IS NULL) FROM deadline WHERE deleted_at IS NULL",
                [],
                |r| {
                    Ok(Counts {
                        applies: r.get(0)?,
                        does_not_apply: r.get(1)?,
                        not_yet_known: r.get(2)?,
                    })
                },
            )
            .map_err(read_err)?)
    }

    /// The questions, the answers, the systems and the counts, at once.
    pub fn profile_view(&self) -> Result<ProfileView, Error> {
        let Profile { answers, systems } = self.profile()?;
        Ok(ProfileView {
            questions: self.questions()?,
            answers,
            systems,
            dates: self.applies_counts()?,
        })
    }
}

/// One change of the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProfileChange {
    pub at: String,
    pub actor: String,
    pub via: String,
    pub summary: String,
}

/// Records the change, works the verdicts out again with a history row for
/// each deadline that came in or went out, and commits.
fn commit_change(
    tx: Transaction,
    summary: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Effect, Error> {
    tx.execute(
        "INSERT INTO profile_history (at, actor, via, summary) VALUES (?1, ?2, ?3, ?4)",
        params![to_stored(now), actor.user, actor.via, summary],
    )
    .map_err(write_err)?;
    let effect = judge_all(&tx, Some((actor, now)))?;
    tx.commit().map_err(write_err)?;
    Ok(effect)
}

/// Works out every pack deadline's verdict and stores those that changed;
/// with an actor, each deadline that comes in, goes out or becomes unknown
/// gets a history row.
pub(super) fn judge_all(
    tx: &Connection,
    record: Option<(&Actor, DateTime<Utc>)>,
) -> Result<Effect, Error> {
    let questions = questions_in(tx).map_err(write_err)?;
    let profile = profile_in(tx).map_err(write_err)?;
    let judged = judged_in(tx).map_err(write_err)?;
    let (effect, verdicts) = effect_of(&judged, &questions, &profile);
    for (item, verdict) in judged.iter().zip(verdicts) {
        if verdict == item.before {
            continue;
        }
        tx.execute(
            "UPDATE deadline SET applies = ?2, applies_because = ?3, applies_asks = ?4 WHERE id = ?1",
            params![
                item.id,
                verdict.applies,
                verdict.because,
                serde_json::Value::from(verdict.asks.as_slice()).to_string()
            ],
        )
        .map_err(write_err)?;
        if let Some((actor, now)) = record.filter(|_| verdict.applies != item.before.applies) {
            let (action, text) = match verdict.applies {
                Some(true) => ("applies", "Now applies"),
                Some(false) => ("does-not-apply", "No longer applies"),
                None => ("applies-unknown", "Not known any more"),
            };
            let reason = verdict
                .because
                .split_once(": ")
                .map_or(verdict.because.as_str(), |(_, why)| why);
            history::append(
                tx,
                &item.id,
                actor,
                now,
                action,
                &format!("{text}: {reason}"),
                &[],
            )
            .map_err(write_err)?;
        }
    }
    Ok(effect)
}

/// The verdicts under `profile`, and how they differ from those stored.
fn effect_of(
    judged: &[Judged],
    questions: &[PackQuestion],
    profile: &Profile,
) -> (Effect, Vec<Verdict>) {
    let questions = Questions::new(questions.iter().map(|q| &q.question));
    let mut effect = Effect::default();
    let verdicts: Vec<Verdict> = judged
        .iter()
        .map(|item| {
            let verdict = judge(item.condition.as_ref(), &questions, profile, &item.covers);
            let was_out = item.before.applies == Some(false);
            let is_out = verdict.applies == Some(false);
            if was_out && !is_out {
                effect.brings_in.push(item.id.clone());
            } else if !was_out && is_out {
                effect.takes_out.push(item.id.clone());
            } else if item.before.applies.is_none() != verdict.applies.is_none() {
                effect.settles.push(item.id.clone());
            }
            verdict
        })
        .collect();
    (effect, verdicts)
}

fn judged_in(conn: &Connection) -> rusqlite::Result<Vec<Judged>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.applies_if, p.title, d.applies, d.applies_because, d.applies_asks \
         FROM deadline d JOIN pack p ON p.id = d.pack_id ORDER BY d.due_date, d.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let condition: Option<String> = r.get(1)?;
        let asks: String = r.get(5)?;
        Ok(Judged {
            id: r.get(0)?,
            condition: condition.and_then(|c| serde_json::from_str(&c).ok()),
            covers: format!("the {}", r.get::<_, String>(2)?),
            before: Verdict {
                applies: r.get(3)?,
                because: r.get(4)?,
                asks: serde_json::from_str(&asks).unwrap_or_default(),
            },
        })
    })?;
    rows.collect()
}

fn questions_in(conn: &Connection) -> rusqlite::Result<Vec<PackQuestion>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, title, questions FROM pack ORDER BY id <> 'ai-act', id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (pack_id, pack_title, json) = row?;
        let questions: Vec<Question> = serde_json::from_str(&json).unwrap_or_default();
        out.extend(questions.into_iter().map(|question| PackQuestion {
            pack_id: pack_id.clone(),
            pack_title: pack_title.clone(),
            question,
        }));
    }
    Ok(out)
}

fn profile_in(conn: &Connection) -> rusqlite::Result<Profile> {
    let mut profile = Profile::default();
    {
        let mut stmt =
            conn.prepare_cached("SELECT id, name FROM ai_system ORDER BY name COLLATE NOCASE")?;
        let rows = stmt.query_map([], |r| {
            Ok(AiSystem {
                id: r.get(0)?,
                name: r.get(1)?,
                answers: BTreeMap::new(),
            })
        })?;
        for row in rows {
            profile.systems.push(row?);
        }
    }
    let mut stmt = conn.prepare_cached("SELECT system_id, question, answer FROM answer")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (system, key, json) = row?;
        let values: Values = serde_json::from_str(&json).unwrap_or_default();
        if system.is_empty() {
            profile.answers.insert(key, values);
        } else if let Some(s) = profile.systems.iter_mut().find(|s| s.id == system) {
            s.answers.insert(key, values);
        }
    }
    Ok(profile)
}

/// The question `key`, if it is asked of `whose`; otherwise the sentence
/// that says why not.
fn asked<'q>(
    questions: &'q [PackQuestion],
    key: &str,
    whose: Whose,
) -> Result<&'q Question, Error> {
    let Some(q) = questions.iter().find(|q| q.question.key == key) else {
        return Err(Error::Refused(format!(
            "No question has the key “{key}”; `docketctl profile questions` lists them."
        )));
    };
    match (q.question.of, whose) {
        (Asked::Organisation, Whose::System(_)) => Err(Error::Refused(format!(
            "{key} is asked of the organisation, not of an AI system; answer it without --system."
        ))),
        (Asked::System, Whose::Organisation) => Err(Error::Refused(format!(
            "{key} is asked of each AI system; name one with --system (`docketctl system list`)."
        ))),
        _ => Ok(&q.question),
    }
}

fn set_answer(
    profile: &mut Profile,
    key: &str,
    values: &[String],
    whose: Whose,
) -> Result<(), Error> {
    let answers = match whose {
        Whose::Organisation => &mut profile.answers,
        Whose::System(name) => {
            &mut profile
                .systems
                .iter_mut()
                .find(|s| s.name.eq_ignore_ascii_case(name))
                .ok_or_else(|| Error::NoSystem(name.to_owned()))?
                .answers
        }
    };
    answers.insert(key.to_owned(), values.to_vec());
    Ok(())
}

fn system_id(conn: &Connection, name: &str) -> Result<String, Error> {
    conn.query_row(
        "SELECT id FROM ai_system WHERE name = ?1 OR id = ?1",
        [name.trim()],
        |r| r.get(0),
    )
    .optional()
    .map_err(write_err)?
    .ok_or_else(|| Error::NoSystem(name.trim().to_owned()))
}

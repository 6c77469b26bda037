//! Regulation data packs: dated items of a regulation with their sources, and
//! the amendments that moved their dates. The EU AI Act pack is embedded.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clocks::ClockTemplate;
use crate::model::Kind;

/// A regulation pack as shipped in JSON.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    pub id: String,
    /// The prefix of its items' deadline ids, where it is not the pack's id:
    /// the AI Act pack was `eu-ai-act` before it took its short id, and the
    /// ids officers already hold stay as they are.
    #[serde(default)]
    pub deadline_ids: Option<String>,
    /// Counts up with each release; installing a higher version upgrades.
    pub version: u32,
    pub released: NaiveDate,
    pub title: String,
    pub jurisdiction: String,
    /// The zone the pack's calendar dates are in.
    pub tz: String,
    #[serde(default)]
    pub note: String,
    pub items: Vec<PackItem>,
    /// The incident clocks the regulation sets (see [`crate::clocks`]).
    #[serde(default)]
    pub clocks: Vec<ClockTemplate>,
    /// What the pack asks the organisation (see [`crate::applicability`]).
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Holds for every item of the pack, beside the item's own condition.
    #[serde(default)]
    pub applies_if: Option<Condition>,
}

/// A question a pack asks, whose answers decide which of its items apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// `pack-id.name`, unique across the packs.
    pub key: String,
    /// Asked once of the organisation, or of each AI system it lists.
    pub of: Asked,
    pub question: String,
    pub help: String,
    /// The article that decides it: "DORA Art. 2".
    pub reference: String,
    pub source_url: String,
    /// Several choices may hold at once.
    #[serde(default)]
    pub several: bool,
    /// Among the handful asked when Docket first opens.
    #[serde(default)]
    pub first_run: bool,
    pub choices: Vec<Choice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Asked {
    Organisation,
    System,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: String,
    /// Completes "you answered that …": "you are not a financial entity".
    pub says: String,
}

impl Question {
    pub fn choice(&self, value: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.value == value)
    }
}

/// When an item applies, as a condition on answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Condition {
    Is {
        question: String,
        is: Vec<String>,
    },
    IsNot {
        question: String,
        is_not: Vec<String>,
    },
    All {
        all: Vec<Condition>,
    },
    Any {
        any: Vec<Condition>,
    },
}

impl Condition {
    /// Every question the condition reads, with the values it names.
    pub fn leaves(&self) -> Vec<(&str, &[String])> {
        match self {
            Condition::Is { question, is } => vec![(question.as_str(), is.as_slice())],
            Condition::IsNot { question, is_not } => vec![(question.as_str(), is_not.as_slice())],
            Condition::All { all: cs } | Condition::Any { any: cs } => {
                cs.iter().flat_map(Condition::leaves).collect()
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackItem {
    pub id: String,
    /// The pack version that first has this item.
    #[serde(default = "first_version")]
    pub added_in: u32,
    pub title: String,
    /// The date in force, after any amendments.
    pub date: NaiveDate,
    pub kind: Kind,
    pub regulation: String,
    pub reference: String,
    pub description: String,
    pub source_url: String,
    /// Moves of the date, oldest first.
    #[serde(default)]
    pub amendments: Vec<Amendment>,
    /// Why the item is not fully verified, when it is not.
    #[serde(default)]
    pub unverified: Option<String>,
    /// When the item applies, beside the pack's own condition.
    #[serde(default)]
    pub applies_if: Option<Condition>,
    /// Corrections of the pack's own texts (not changes in the law).
    #[serde(default)]
    pub revised: Vec<Revision>,
    /// It cannot be marked done until evidence is attached.
    #[serde(default)]
    pub requires_evidence: bool,
}

/// A correction of an item's texts in a later version of its pack.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub version: u32,
    pub was: ItemText,
}

/// A change of an item by a later act: a move of its date (`from`, `to`),
/// or of its texts only.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// The act that made the change, as a phrase: "the AI Omnibus (…)".
    pub by: String,
    pub adopted: NaiveDate,
    /// When it took effect, where the pack says.
    #[serde(default)]
    pub effective: Option<NaiveDate>,
    /// The pack version that records it.
    #[serde(default = "first_version")]
    pub version: u32,
    /// The item's texts before this amendment, where it changed them.
    #[serde(default)]
    pub was: ItemText,
}

/// Texts of an item that an amendment may change.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemText {
    pub title: Option<String>,
    pub regulation: Option<String>,
    pub reference: Option<String>,
    pub description: Option<String>,
    pub source_url: Option<String>,
    /// "" when the item had no note.
    pub unverified: Option<String>,
}

impl ItemText {
    /// Puts these texts back into `item`.
    fn restore(self, item: &mut PackItem) {
        for (was, field) in [
            (self.title, &mut item.title),
            (self.regulation, &mut item.regulation),
            (self.reference, &mut item.reference),
            (self.description, &mut item.description),
            (self.source_url, &mut item.source_url),
        ] {
            if let Some(text) = was {
                *field = text;
            }
        }
        if let Some(note) = self.unverified {
            item.unverified = (!note.is_empty()).then_some(note);
        }
    }
}

impl Amendment {
    /// The move it makes, if it moves the date.
    pub fn moves(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.from.zip(self.to)
    }
}

fn first_version() -> u32 {
    1
}

impl PackItem {
    /// The item's date as first enacted, before any amendment.
    pub fn original_date(&self) -> NaiveDate {
        self.amendments
            .iter()
            .find_map(Amendment::moves)
            .map_or(self.date, |(from, _)| from)
    }

    /// The moves of its date, oldest first, with the act that made each.
    pub fn moves(&self) -> impl Iterator<Item = (NaiveDate, NaiveDate, &Amendment)> {
        self.amendments
            .iter()
            .filter_map(|a| a.moves().map(|(from, to)| (from, to, a)))
    }

    /// The texts and date the item had in `version` of its pack: later
    /// amendments are taken back, with the texts they replaced.
    fn as_of(&self, version: u32) -> PackItem {
        let mut item = self.clone();
        // Undone newest first, across amendments and corrections alike.
        loop {
            let amended = item.amendments.last().map_or(0, |a| a.version);
            let revised = item.revised.last().map_or(0, |r| r.version);
            if amended.max(revised) <= version {
                break;
            }
            if amended >= revised {
                let last = item.amendments.pop().expect("an amendment");
                if let Some(from) = last.from {
                    item.date = from;
                }
                last.was.restore(&mut item);
            } else {
                let last = item.revised.pop().expect("a revision");
                last.was.restore(&mut item);
            }
        }
        item
    }

    /// The stable deadline id of this item in `pack`.
    pub fn deadline_id(&self, pack: &Pack) -> String {
        format!(
            "{}:{}",
            pack.deadline_ids.as_deref().unwrap_or(&pack.id),
            self.id
        )
    }

    /// The condition under which the item applies: the pack's and its own.
    pub fn condition(&self, pack: &Pack) -> Option<Condition> {
        match (&pack.applies_if, &self.applies_if) {
            (None, None) => None,
            (Some(one), None) | (None, Some(one)) => Some(one.clone()),
            (Some(a), Some(b)) => Some(Condition::All {
                all: vec![a.clone(), b.clone()],
            }),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("The pack is not valid JSON for a regulation pack: {0}.")]
    Format(#[from] serde_json::Error),
    #[error("The pack is inconsistent: {0}.")]
    Inconsistent(String),
}

impl Pack {
    /// Reads and checks a pack: unique item ids, known zone, web sources, and
    /// amendment chains that end at the item's date.
    pub fn from_json(json: &str) -> Result<Pack, PackError> {
        let mut pack: Pack = serde_json::from_str(json)?;
        // The AI Act pack's files before version 3 call it by its old id:
        // it is the same pack, with the same deadline ids.
        if pack.id == "eu-ai-act" {
            pack.id = "ai-act".to_owned();
            pack.deadline_ids = Some("eu-ai-act".to_owned());
        }
        let bad = |what: String| Err(PackError::Inconsistent(what));
        if crate::time::parse_zone(&pack.tz).is_none() {
            return bad(format!("time zone {:?} is not an IANA zone", pack.tz));
        }
        let mut seen = std::collections::HashSet::new();
        for item in &pack.items {
            if !seen.insert(item.id.as_str()) {
                return bad(format!("item id {:?} appears twice", item.id));
            }
            if !item.source_url.starts_with("https://") && !item.source_url.starts_with("http://") {
                return bad(format!("item {:?} has no web source", item.id));
            }
            if item.added_in > pack.version {
                return bad(format!(
                    "item {:?} is added in version {}, after the pack's {}",
                    item.id, item.added_in, pack.version
                ));
            }
            let mut date = item.original_date();
            for a in &item.amendments {
                if a.version > pack.version || a.version < item.added_in {
                    return bad(format!(
                        "item {:?}: an amendment is recorded in version {}",
                        item.id, a.version
                    ));
                }
                if a.from.is_some() != a.to.is_some() {
                    return bad(format!(
                        "item {:?}: an amendment has one of from and to without the other",
                        item.id
                    ));
                }
                if let Some((from, to)) = a.moves() {
                    if from != date {
                        return bad(format!(
                            "item {:?}: an amendment moves from {} but the date was {}",
                            item.id, from, date
                        ));
                    }
                    date = to;
                }
            }
            for r in &item.revised {
                if r.version > pack.version || r.version <= item.added_in {
                    return bad(format!(
                        "item {:?}: a revision is recorded in version {}",
                        item.id, r.version
                    ));
                }
            }
            if let Some(condition) = item.condition(&pack) {
                check_condition(&pack, &condition)
                    .map_err(|e| PackError::Inconsistent(format!("item {:?}: {e}", item.id)))?;
            }
            if date != item.date {
                return bad(format!(
                    "item {:?}: its amendments end at {} but its date is {}",
                    item.id, date, item.date
                ));
            }
        }
        for clock in &pack.clocks {
            clock.check().map_err(PackError::Inconsistent)?;
        }
        let mut keys = std::collections::HashSet::new();
        for q in &pack.questions {
            if !keys.insert(q.key.as_str()) {
                return bad(format!("question {:?} appears twice", q.key));
            }
            if q.key.split_once('.').map(|(p, _)| p) != Some(pack.id.as_str()) {
                return bad(format!(
                    "question {:?} does not start with the pack's id and a dot",
                    q.key
                ));
            }
            if q.choices.len() < 2 {
                return bad(format!(
                    "question {:?} offers fewer than two choices",
                    q.key
                ));
            }
            let mut values = std::collections::HashSet::new();
            for c in &q.choices {
                if c.value.is_empty()
                    || c.value.contains([' ', ','])
                    || c.value != c.value.to_lowercase()
                    || !values.insert(c.value.as_str())
                {
                    return bad(format!(
                        "question {:?}: choice {:?} is empty, repeated, or not a lower-case word",
                        q.key, c.value
                    ));
                }
            }
            if !q.source_url.starts_with("https://") {
                return bad(format!("question {:?} has no https source", q.key));
            }
        }
        Ok(pack)
    }
}

/// A condition may only read the pack's own questions, and name their choices.
fn check_condition(pack: &Pack, condition: &Condition) -> Result<(), String> {
    for (key, values) in condition.leaves() {
        let Some(q) = pack.questions.iter().find(|q| q.key == key) else {
            return Err(format!("its condition reads the unknown question {key:?}"));
        };
        if values.is_empty() {
            return Err(format!("its condition on {key:?} names no value"));
        }
        if let Some(v) = values.iter().find(|v| q.choice(v).is_none()) {
            return Err(format!(
                "its condition names {v:?}, not a choice of {key:?}"
            ));
        }
    }
    Ok(())
}

impl Pack {
    /// The pack as it was at `version`: its items of then, at their dates and
    /// texts of then.
    pub fn as_of(&self, version: u32) -> Pack {
        Pack {
            version,
            items: self
                .items
                .iter()
                .filter(|i| i.added_in <= version)
                .map(|i| i.as_of(version))
                .collect(),
            ..self.clone()
        }
    }
}

/// The EU AI Act pack shipped inside Docket.
pub const EU_AI_ACT_JSON: &str = include_str!("../data/eu-ai-act.json");

/// Every pack shipped inside Docket, the EU AI Act's first.
pub const EMBEDDED: [&str; 8] = [
    EU_AI_ACT_JSON,
    include_str!("../data/gdpr.json"),
    include_str!("../data/nis2.json"),
    include_str!("../data/dora.json"),
    include_str!("../data/cra.json"),
    include_str!("../data/data-act.json"),
    include_str!("../data/eaa.json"),
    include_str!("../data/pld.json"),
];

/// The embedded EU AI Act pack.
pub fn eu_ai_act() -> Result<Pack, PackError> {
    Pack::from_json(EU_AI_ACT_JSON)
}

/// The embedded packs.
pub fn embedded() -> Result<Vec<Pack>, PackError> {
    EMBEDDED.iter().map(|json| Pack::from_json(json)).collect()
}

/// Every clock template of the embedded packs, with its pack's id; a key is
/// unique across them. The packs are read once.
pub fn clock_templates() -> Result<Vec<(String, ClockTemplate)>, PackError> {
    static TEMPLATES: std::sync::OnceLock<Vec<(String, ClockTemplate)>> =
        std::sync::OnceLock::new();
    if let Some(templates) = TEMPLATES.get() {
        return Ok(templates.clone());
    }
    let mut templates = Vec::new();
    for pack in embedded()? {
        for clock in pack.clocks {
            templates.push((pack.id.clone(), clock));
        }
    }
    Ok(TEMPLATES.get_or_init(|| templates).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_pack_holds_all_46_items_with_sources() {
        let pack = eu_ai_act().unwrap();
        assert_eq!(pack.items.len(), 46);
        assert_eq!(pack.tz, "Europe/Brussels");
        for item in &pack.items {
            assert!(item.source_url.starts_with("https://"), "{}", item.id);
            assert!(!item.reference.is_empty(), "{}", item.id);
        }
    }

    #[test]
    fn the_omnibus_moves_keep_the_original_and_the_amended_date() {
        let pack = eu_ai_act().unwrap();
        let moved: Vec<_> = pack
            .items
            .iter()
            .filter(|i| i.moves().next().is_some())
            .map(|i| {
                (
                    i.id.as_str(),
                    i.original_date().to_string(),
                    i.date.to_string(),
                )
            })
            .collect();
        assert_eq!(
            moved,
            vec![
                (
                    "regulatory-sandboxes",
                    "2026-08-02".to_owned(),
                    "2027-08-02".to_owned()
                ),
                (
                    "high-risk-annex-iii",
                    "2026-08-02".to_owned(),
                    "2027-12-02".to_owned()
                ),
                (
                    "high-risk-annex-i",
                    "2027-08-02".to_owned(),
                    "2028-08-02".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn version_1_holds_the_act_as_published_at_its_first_dates() {
        let pack = eu_ai_act().unwrap();
        assert_eq!(pack.version, 3);
        let v1 = pack.as_of(1);
        assert_eq!(v1.items.len(), 15);
        let annex_iii = v1
            .items
            .iter()
            .find(|i| i.id == "high-risk-annex-iii")
            .unwrap();
        assert_eq!(annex_iii.date.to_string(), "2026-08-02");
        assert!(annex_iii.amendments.is_empty());
        assert_eq!(annex_iii.regulation, "Regulation (EU) 2024/1689");
        assert!(!annex_iii.description.contains("Omnibus"));
        assert!(v1.items.iter().all(|i| !i.id.starts_with("omnibus")));
    }

    #[test]
    fn version_3_records_the_omnibus_change_of_the_ai_literacy_text_without_a_move() {
        let pack = eu_ai_act().unwrap();
        let literacy = |p: &Pack| {
            p.items
                .iter()
                .find(|i| i.id == "ai-literacy-applies")
                .cloned()
                .unwrap()
        };
        let now = literacy(&pack);
        let amendment = now.amendments.last().unwrap();
        assert_eq!(amendment.moves(), None);
        assert_eq!(amendment.version, 3);
        assert!(amendment.by.contains("2026/1744"), "{}", amendment.by);
        assert_eq!(
            amendment.effective.map(|d| d.to_string()).as_deref(),
            Some("2026-07-27")
        );
        assert_eq!(now.date.to_string(), "2025-02-02");
        assert_eq!(now.original_date(), now.date);
        let then = literacy(&pack.as_of(2));
        assert_eq!(then.date, now.date);
        assert_ne!(then.description, now.description);
        assert!(then.amendments.is_empty());
        assert_eq!(pack.as_of(2).items.len(), 31);
    }

    #[test]
    fn every_embedded_pack_parses_and_every_item_and_question_has_a_web_source() {
        let packs = embedded().unwrap();
        let ids: Vec<&str> = packs.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            ["ai-act", "gdpr", "nis2", "dora", "cra", "data-act", "eaa", "pld"]
        );
        let mut keys = std::collections::HashSet::new();
        for pack in &packs {
            assert!(!pack.items.is_empty(), "{} has no dated item", pack.id);
            for item in &pack.items {
                assert!(
                    item.source_url.starts_with("https://"),
                    "{}:{}",
                    pack.id,
                    item.id
                );
                assert!(!item.reference.is_empty(), "{}:{}", pack.id, item.id);
            }
            assert!(!pack.questions.is_empty(), "{} asks nothing", pack.id);
            for q in &pack.questions {
                assert!(keys.insert(q.key.clone()), "{} asked twice", q.key);
                assert!(q.source_url.starts_with("https://"), "{}", q.key);
                assert!(q.choices.iter().all(|c| !c.says.is_empty()), "{}", q.key);
            }
        }
    }

    #[test]
    fn an_ai_act_pack_file_of_before_version_3_is_the_same_pack() {
        let old = EU_AI_ACT_JSON
            .replacen("\"id\": \"ai-act\"", "\"id\": \"eu-ai-act\"", 1)
            .replacen("\"deadline_ids\": \"eu-ai-act\",", "", 1);
        let pack = Pack::from_json(&old).unwrap();
        assert_eq!(pack.id, "ai-act");
        assert_eq!(pack.items[0].deadline_id(&pack), "eu-ai-act:oj-publication");
    }

    #[test]
    fn an_amendment_chain_that_does_not_end_at_the_date_is_refused() {
        let json = EU_AI_ACT_JSON.replacen("\"to\": \"2027-12-02\"", "\"to\": \"2027-12-03\"", 1);
        assert!(matches!(
            Pack::from_json(&json),
            Err(PackError::Inconsistent(_))
        ));
    }
}

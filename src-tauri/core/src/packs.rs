//! Regulation data packs: dated items of a regulation with their sources, and
//! the amendments that moved their dates. The EU AI Act pack is embedded.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::clocks::ClockTemplate;
use crate::model::Kind;

/// A regulation pack as shipped in JSON.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    pub id: String,
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
}

/// A change of an item's date by a later act.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The act that made the change, as a phrase: "the AI Omnibus (…)".
    pub by: String,
    pub adopted: NaiveDate,
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
    pub regulation: Option<String>,
    pub reference: Option<String>,
    pub description: Option<String>,
}

fn first_version() -> u32 {
    1
}

impl PackItem {
    /// The item's date as first enacted, before any amendment.
    pub fn original_date(&self) -> NaiveDate {
        self.amendments.first().map_or(self.date, |a| a.from)
    }

    /// The texts and date the item had in `version` of its pack: later
    /// amendments are taken back, with the texts they replaced.
    fn as_of(&self, version: u32) -> PackItem {
        let mut item = self.clone();
        while let Some(last) = item.amendments.last().cloned() {
            if last.version <= version {
                break;
            }
            item.amendments.pop();
            item.date = last.from;
            for (was, field) in [
                (last.was.regulation, &mut item.regulation),
                (last.was.reference, &mut item.reference),
                (last.was.description, &mut item.description),
            ] {
                if let Some(text) = was {
                    *field = text;
                }
            }
        }
        item
    }

    /// The stable deadline id of this item in `pack`.
    pub fn deadline_id(&self, pack: &Pack) -> String {
        format!("{}:{}", pack.id, self.id)
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
        let pack: Pack = serde_json::from_str(json)?;
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
                if a.from != date {
                    return bad(format!(
                        "item {:?}: an amendment moves from {} but the date was {}",
                        item.id, a.from, date
                    ));
                }
                date = a.to;
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
        Ok(pack)
    }
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
pub const EMBEDDED: [&str; 5] = [
    EU_AI_ACT_JSON,
    include_str!("../data/gdpr.json"),
    include_str!("../data/nis2.json"),
    include_str!("../data/dora.json"),
    include_str!("../data/cra.json"),
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
    fn the_embedded_pack_holds_all_31_items_with_sources() {
        let pack = eu_ai_act().unwrap();
        assert_eq!(pack.items.len(), 31);
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
            .filter(|i| !i.amendments.is_empty())
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
        assert_eq!(pack.version, 2);
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
    fn an_amendment_chain_that_does_not_end_at_the_date_is_refused() {
        let json = EU_AI_ACT_JSON.replacen("\"to\": \"2027-12-02\"", "\"to\": \"2027-12-03\"", 1);
        assert!(matches!(
            Pack::from_json(&json),
            Err(PackError::Inconsistent(_))
        ));
    }
}

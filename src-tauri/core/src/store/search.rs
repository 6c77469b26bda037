//! Full-text search over deadlines (SQLite FTS5).

use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;

use super::{read_err, Store};
use crate::store::Error;

/// Marks the start of a matched term in `SearchHit` text.
pub const MATCH_START: char = '\u{2}';
/// Marks the end of a matched term in `SearchHit` text.
pub const MATCH_END: char = '\u{3}';

/// A search with more matches than this is given unranked.
pub const RANKED: usize = 1000;

/// A deadline that matches a search, with the matched terms marked by
/// `MATCH_START` and `MATCH_END` (plain characters, never markup).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SearchHit {
    pub id: String,
    pub title: String,
    /// A marked excerpt of the description, reference or notes, when the
    /// match is there.
    pub snippet: String,
}

/// Turns what a person typed into an FTS5 query: every word must appear, as
/// a word or the start of one. Quotes and operators are taken literally.
fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .map(|word| format!("\"{}\"*", word.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// The shortest start of an id that is looked up as one.
pub const SHORTEST_PREFIX: usize = 4;

impl Store {
    /// The id a person meant by `given`: the id itself, or the only one that
    /// starts with it (at least [`SHORTEST_PREFIX`] characters; a ULID in
    /// either case). Deleted deadlines count, so that `undelete` finds them.
    pub fn resolve_id(&self, given: &str) -> Result<String, Error> {
        let given = given.trim();
        let escaped = given
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id FROM deadline WHERE id = ?1 \
                 OR (length(?1) >= ?3 AND id LIKE ?2 ESCAPE '\\') ORDER BY id = ?1 DESC, id LIMIT 5",
            )
            .map_err(read_err)?;
        let ids: Vec<String> = stmt
            .query_map(
                params![given, format!("{escaped}%"), SHORTEST_PREFIX],
                |row| row.get(0),
            )
            .map_err(read_err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(read_err)?;
        match ids.as_slice() {
            [] => Err(Error::NotFound(given.to_owned())),
            [first, ..] if first == given => Ok(first.clone()),
            [only] => Ok(only.clone()),
            _ => Err(Error::AmbiguousId {
                given: given.to_owned(),
                matches: ids,
            }),
        }
    }

    /// Deadlines whose title, description, legal reference or notes contain
    /// every word of `text`, best matches first. Ranking reads every match,
    /// so a search too broad to rank (more than [`RANKED`] matches, as the
    /// first letter typed often is) gives its first `limit` matches in the
    /// order they were added; the window shows them in date order anyway.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchHit>, Error> {
        let Some(query) = fts_query(text) else {
            return Ok(Vec::new());
        };
        let broad: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT rowid FROM deadline_search \
                 WHERE deadline_search MATCH ?1 LIMIT ?2)",
            )
            .and_then(|mut stmt| stmt.query_row(params![query, RANKED as i64 + 1], |r| r.get(0)))
            .map_err(read_err)?;
        let order = if broad > RANKED as i64 {
            "deadline_search.rowid"
        } else {
            "rank"
        };
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT d.id, highlight(deadline_search, 0, ?2, ?3), \
                        snippet(deadline_search, -1, ?2, ?3, '…', 12) \
                 FROM deadline_search JOIN deadline d ON d.rowid = deadline_search.rowid \
                 WHERE deadline_search MATCH ?1 AND d.deleted_at IS NULL ORDER BY {order} LIMIT ?4"
            ))
            .map_err(read_err)?;
        let rows = stmt
            .query_map(
                params![
                    query,
                    MATCH_START.to_string(),
                    MATCH_END.to_string(),
                    limit as i64
                ],
                |row| {
                    Ok(SearchHit {
                        id: row.get(0)?,
                        title: row.get(1)?,
                        snippet: row.get(2)?,
                    })
                },
            )
            .map_err(read_err)?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(read_err)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, DeadlineFields};
    use crate::time::from_stored;

    fn store_with_pack() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store
            .install_embedded_packs(from_stored("2026-12-01T07:00:00Z").unwrap())
            .unwrap();
        store
    }

    #[test]
    fn an_id_is_found_by_its_unique_start_in_either_case_and_an_ambiguous_start_names_the_candidates(
    ) {
        let mut store = store_with_pack();
        let actor = Actor::current("test");
        let add = |store: &mut Store, at: &str| {
            let fields = DeadlineFields {
                title: Some("Own".to_owned()),
                due_date: Some("2027-03-01".to_owned()),
                ..DeadlineFields::default()
            };
            store
                .add(&fields, "UTC", &actor, from_stored(at).unwrap())
                .unwrap()
                .id
        };
        // ULIDs made a minute apart share their first characters.
        let a = add(&mut store, "2026-12-01T07:00:00Z");
        let b = add(&mut store, "2026-12-01T07:01:00Z");
        assert_eq!(store.resolve_id(&a).unwrap(), a);
        assert_eq!(store.resolve_id(&a[..10].to_lowercase()).unwrap(), a);
        assert_eq!(
            store.resolve_id("eu-ai-act:prohibitions").unwrap(),
            "eu-ai-act:prohibitions-apply"
        );
        let common: String = a
            .chars()
            .zip(b.chars())
            .take_while(|(x, y)| x == y)
            .map(|(x, _)| x)
            .collect();
        assert!(common.len() >= SHORTEST_PREFIX, "{a} {b}");
        let err = store.resolve_id(&common).unwrap_err();
        assert!(matches!(err, Error::AmbiguousId { .. }), "{err}");
        assert!(
            err.to_string().contains(&a) && err.to_string().contains(&b),
            "{err}"
        );
        // Too short to be taken as the start of an id.
        assert!(matches!(store.resolve_id("eu-"), Err(Error::NotFound(_))));
        // Wildcards are letters here.
        assert!(matches!(
            store.resolve_id("eu-ai-act:%"),
            Err(Error::NotFound(_))
        ));
        // A deleted deadline is still found, for undelete.
        store
            .delete(&a, &actor, from_stored("2027-01-01T00:00:00Z").unwrap())
            .unwrap();
        assert_eq!(store.resolve_id(&a[..12]).unwrap(), a);
    }

    #[test]
    fn a_search_too_broad_to_rank_gives_its_first_matches_and_a_narrow_one_is_ranked() {
        let mut store = Store::open_in_memory().unwrap();
        let now = from_stored("2026-12-01T07:00:00Z").unwrap();
        let actor = Actor::current("test");
        for i in 0..RANKED + 50 {
            let title = if i == RANKED + 10 {
                "Vendor audit: vendor register, vendor contracts".to_owned()
            } else {
                format!("Vendor review {i}")
            };
            let fields = DeadlineFields {
                title: Some(title),
                due_date: Some("2027-03-01".to_owned()),
                ..DeadlineFields::default()
            };
            store.add(&fields, "UTC", &actor, now).unwrap();
        }
        // Broad: every deadline matches; the first 500 added come, marked.
        let broad = store.search("vendor", 500).unwrap();
        assert_eq!(broad.len(), 500);
        assert!(broad[0].title.ends_with(" review 0"), "{:?}", broad[0]);
        assert!(broad.iter().all(|h| h
            .title
            .starts_with(&format!("{MATCH_START}Vendor{MATCH_END}"))));
        // Narrow: ranked as before, the matched words marked.
        let narrow = store.search("vendor audit", 500).unwrap();
        assert_eq!(narrow.len(), 1);
        assert!(narrow[0].title.contains("audit"));
        let one = store.search("vendor 1040", 500).unwrap();
        assert_eq!(one.len(), 1);
        assert!(
            one[0]
                .title
                .ends_with(&format!("{MATCH_START}1040{MATCH_END}")),
            "{:?}",
            one[0]
        );
    }

    #[test]
    fn search_finds_words_in_titles_references_and_descriptions_and_marks_them() {
        let store = store_with_pack();
        let hits = store.search("annex iii", 10).unwrap();
        assert_eq!(hits[0].id, "eu-ai-act:high-risk-annex-iii");
        assert!(
            hits[0].title.contains("\u{2}Annex\u{3} \u{2}III\u{3}"),
            "{:?}",
            hits[0].title
        );
        let by_reference = store.search("Art. 111", 10).unwrap();
        assert!(by_reference
            .iter()
            .any(|h| h.id == "eu-ai-act:gpai-legacy-models"));
        let by_description = store.search("biometrics", 10).unwrap();
        assert_eq!(by_description.len(), 1);
        assert!(by_description[0].snippet.contains("\u{2}biometrics\u{3}"));
    }

    #[test]
    fn a_prefix_matches_and_odd_characters_are_taken_literally() {
        let store = store_with_pack();
        assert!(!store.search("prohib", 10).unwrap().is_empty());
        assert!(store.search("\"unbalanced AND (", 10).unwrap().is_empty());
        assert!(store.search("   ", 10).unwrap().is_empty());
    }

    #[test]
    fn edits_and_notes_are_searchable_at_once() {
        let mut store = store_with_pack();
        let now = from_stored("2026-12-01T08:00:00Z").unwrap();
        let actor = Actor {
            user: "officer".to_owned(),
            via: "test".to_owned(),
        };
        let fields = DeadlineFields {
            title: Some("Vendor questionnaire".to_owned()),
            due_date: Some("2027-02-01".to_owned()),
            ..DeadlineFields::default()
        };
        let d = store.add(&fields, "UTC", &actor, now).unwrap();
        assert_eq!(store.search("questionnaire", 10).unwrap().len(), 1);
        store
            .mark_done(&d.id, "evidence in the DMS folder Q1", &actor, now)
            .unwrap();
        assert_eq!(store.search("DMS", 10).unwrap()[0].id, d.id);
        let renamed = DeadlineFields {
            title: Some("Supplier survey".to_owned()),
            ..DeadlineFields::default()
        };
        store.edit(&d.id, &renamed, &actor, now).unwrap();
        assert!(store.search("questionnaire", 10).unwrap().is_empty());
        assert_eq!(store.search("survey", 10).unwrap().len(), 1);
    }
}

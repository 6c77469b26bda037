//! Installing regulation packs into the store.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::deadlines::{get_in, insert, rewrite, NewRow};
use super::{read_err, write_err, Store};
use crate::error::Error;
use crate::model::{Actor, Draft};
use crate::packs::Pack;
use crate::time::to_stored;

impl Store {
    /// The installed version of a pack, if it is installed.
    pub fn pack_version(&self, pack_id: &str) -> Result<Option<String>, Error> {
        Ok(self
            .conn
            .query_row("SELECT version FROM pack WHERE id = ?1", [pack_id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(read_err)?)
    }

    /// Installs a pack in one transaction and returns how many deadlines it
    /// added. Items already present are left alone, so installing twice adds
    /// nothing. An amended item is created at its original date and then moved,
    /// so its history tells what moved it.
    pub fn install_pack(
        &mut self,
        pack: &Pack,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<usize, Error> {
        if self.pack_version(&pack.id)?.as_deref() == Some(pack.version.as_str()) {
            return Ok(0);
        }
        let tx = self.conn.transaction().map_err(write_err)?;
        let mut added = 0;
        for item in &pack.items {
            let id = item.deadline_id(pack);
            if get_in(&tx, &id).map_err(write_err)?.is_some() {
                continue;
            }
            let draft = Draft {
                title: item.title.clone(),
                description: item.description.clone(),
                kind: item.kind,
                regulation: item.regulation.clone(),
                reference: item.reference.clone(),
                source_url: item.source_url.clone(),
                owner: String::new(),
                due_date: item.original_date(),
                due_time: None,
                tz: pack.tz.clone(),
                lead_times: None,
                recurrence: None,
            };
            let row = NewRow {
                id: id.clone(),
                draft: &draft,
                jurisdiction: &pack.jurisdiction,
                pack: Some((&pack.id, &item.id)),
                unverified: item.unverified.as_deref(),
            };
            insert(&tx, &row, actor, now).map_err(write_err)?;
            for amendment in &item.amendments {
                let before = get_in(&tx, &id)
                    .map_err(write_err)?
                    .ok_or_else(|| Error::NotFound(id.clone()))?;
                let moved = Draft {
                    due_date: amendment.to,
                    ..Draft::of(&before)
                };
                rewrite(&tx, &before, &moved, Some(&amendment.by), actor, now)
                    .map_err(write_err)?;
            }
            added += 1;
        }
        tx.execute(
            "INSERT INTO pack (id, version, title, installed_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (id) DO UPDATE SET version = excluded.version, installed_at = excluded.installed_at",
            params![pack.id, pack.version, pack.title, to_stored(now)],
        )
        .map_err(write_err)?;
        tx.commit().map_err(write_err)?;
        Ok(added)
    }

    /// Installs the embedded EU AI Act pack when it is not installed yet.
    pub fn install_embedded_packs(&mut self, now: DateTime<Utc>) -> Result<usize, Error> {
        let pack = crate::packs::eu_ai_act()?;
        self.install_pack(&pack, &Actor::current("pack"), now)
    }
}

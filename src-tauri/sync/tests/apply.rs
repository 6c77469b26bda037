//! A pull applied to a real store with the sync's merge rule: what Docket
//! keeps, takes, deletes or holds as a conflict, with its history, and what
//! it sends next.
#![allow(clippy::unwrap_used)]
use chrono::{DateTime, Utc};
use docket_core::interop::ics::Shape;
use docket_core::model::DeadlineFields;
use docket_core::store::sync::{first_incoming, Applied, Keep, NewAccount, Pulled, Pushed};
use docket_core::time::from_stored;
use docket_core::{Actor, Deadline, Store};
use docket_sync::merge::decide;

const ACCOUNT: &str = "team";
const CALENDAR: &str = "https://cal.example.org/ana/docket/";

fn now() -> DateTime<Utc> {
    from_stored("2026-12-01T09:00:00Z").expect("valid")
}

fn officer() -> Actor {
    Actor {
        user: "ana".to_owned(),
        via: "test".to_owned(),
    }
}

fn store_with_account() -> Store {
    let mut store = Store::open_in_memory().expect("opens");
    store
        .insert_account(
            &NewAccount {
                name: ACCOUNT,
                server_url: "https://cal.example.org/",
                username: "ana",
                calendar_url: CALENDAR,
                calendar_name: "Docket",
                shape: "event",
                scope: "all",
            },
            now(),
        )
        .expect("added");
    store
}

fn add(store: &mut Store, title: &str, due: &str) -> Deadline {
    let fields = DeadlineFields {
        title: Some(title.to_owned()),
        due_date: Some(due.to_owned()),
        ..DeadlineFields::default()
    };
    store.add(&fields, "UTC", &officer(), now()).expect("added")
}

/// What the server holds for `d` once it was sent, at `etag`.
fn on_server(store: &Store, d: &Deadline, etag: &str) -> Pulled {
    let uid = store.uid_of(&d.id).expect("uid");
    let ics = docket_core::interop::ics::export(
        std::slice::from_ref(d),
        |_| uid.clone(),
        Shape::Event,
        &docket_core::model::LeadTime::DEFAULTS,
        now(),
    );
    Pulled {
        href: format!("{CALENDAR}{uid}.ics"),
        etag: Some(etag.to_owned()),
        incoming: first_incoming(&ics, "UTC").expect("reads back"),
        ics,
        changed_by: Some("bea".to_owned()),
    }
}

fn sent(store: &mut Store, d: &Deadline, etag: &str) {
    let href = on_server(store, d, etag).href;
    store
        .record_pushed(
            ACCOUNT,
            &[Pushed {
                deadline_id: d.id.clone(),
                at: Some((href, Some(etag.to_owned()))),
                revision: i64::from(d.revision),
            }],
        )
        .expect("recorded");
}

/// A deadline sent at ETag "1", and the server's copy of it moved to
/// 1 June 2027 at ETag "2".
fn sent_then_moved_there(store: &mut Store) -> (Deadline, Pulled) {
    let d = add(store, "DPIA review", "2027-05-10");
    sent(store, &d, "\"1\"");
    let mut moved = d.clone();
    moved.due_date = chrono::NaiveDate::from_ymd_opt(2027, 6, 1).unwrap();
    let pulled = on_server(store, &moved, "\"2\"");
    (d, pulled)
}

/// An edit here: the deadline's owner becomes Bo.
fn give_to_bo(store: &mut Store, id: &str) -> Deadline {
    edit(
        store,
        id,
        DeadlineFields {
            owner: Some("Bo".to_owned()),
            ..DeadlineFields::default()
        },
    )
}

fn edit(store: &mut Store, id: &str, fields: DeadlineFields) -> Deadline {
    store.edit(id, &fields, &officer(), now()).expect("edited")
}

fn is_pending(store: &Store, id: &str) -> bool {
    store
        .pending(ACCOUNT)
        .expect("read")
        .iter()
        .any(|p| p.deadline.id == id)
}

fn apply(store: &mut Store, changed: &[Pulled], removed: &[String]) -> Vec<Applied> {
    store
        .apply_server_changes(
            ACCOUNT,
            changed,
            removed,
            "UTC",
            "sync from team (server)",
            now(),
            &decide,
        )
        .expect("applied")
}

#[test]
fn a_new_deadline_is_pending_until_sent_and_an_edit_makes_it_pending_again() {
    let mut store = store_with_account();
    let d = add(&mut store, "DPIA review", "2027-05-10");
    let pending: Vec<String> = store
        .pending(ACCOUNT)
        .unwrap()
        .into_iter()
        .map(|p| p.deadline.id)
        .collect();
    assert!(pending.contains(&d.id));
    sent(&mut store, &d, "\"1\"");
    assert!(!is_pending(&store, &d.id));
    let local = store.last_local_change().unwrap();
    assert!(local > 0);
    give_to_bo(&mut store, &d.id);
    assert!(store.last_local_change().unwrap() > local);
    let again = store.pending(ACCOUNT).unwrap();
    let p = again
        .iter()
        .find(|p| p.deadline.id == d.id)
        .expect("pending again");
    assert_eq!(
        p.item.as_ref().and_then(|i| i.etag.as_deref()),
        Some("\"1\"")
    );
    assert_eq!(p.changed_by.as_deref(), Some("ana"));
}

#[test]
fn a_server_change_to_a_deadline_unchanged_here_is_applied_with_who_made_it() {
    let mut store = store_with_account();
    let (d, pulled) = sent_then_moved_there(&mut store);
    let local = store.last_local_change().unwrap();
    assert_eq!(
        apply(&mut store, &[pulled], &[]),
        vec![Applied::Changed(d.id.clone())]
    );
    assert_eq!(
        store.last_local_change().unwrap(),
        local,
        "a change from the server is no local change"
    );
    let after = store.get(&d.id).unwrap().unwrap();
    assert_eq!(after.due_date.to_string(), "2027-06-01");
    assert_eq!(after.due_revision, d.due_revision + 1);
    let last = store.history(&d.id).unwrap().pop().unwrap();
    assert_eq!(
        (last.actor.as_str(), last.via.as_str()),
        ("bea", "sync from team (server)")
    );
    assert!(!is_pending(&store, &d.id), "nothing to send back");
}

#[test]
fn an_alarm_changed_in_another_calendar_arrives_and_unchanged_ones_keep_the_defaults() {
    let mut store = store_with_account();
    let (d, pulled) = sent_then_moved_there(&mut store);
    apply(&mut store, &[pulled], &[]);
    let after = store.get(&d.id).unwrap().unwrap();
    assert_eq!(after.lead_times, None, "the officer's defaults still apply");
    // Another calendar moves the 30-day alarm to 14 days.
    let mut pulled = on_server(&store, &after, "\"3\"");
    assert!(pulled.ics.contains("TRIGGER:-P30D"));
    pulled.ics = pulled.ics.replace("TRIGGER:-P30D", "TRIGGER:-P14D");
    pulled.incoming = first_incoming(&pulled.ics, "UTC").expect("reads back");
    apply(&mut store, &[pulled], &[]);
    let mut leads: Vec<i64> = store
        .get(&d.id)
        .unwrap()
        .unwrap()
        .lead_times
        .unwrap()
        .iter()
        .map(|l| l.minutes() / 1440)
        .collect();
    leads.sort_unstable();
    assert_eq!(leads, vec![0, 1, 7, 14, 90]);
}

#[test]
fn a_change_on_both_sides_keeps_both_until_resolved_either_way() {
    let mut store = store_with_account();
    let d = add(&mut store, "DPIA review", "2027-05-10");
    sent(&mut store, &d, "\"1\"");
    let mine = edit(
        &mut store,
        &d.id,
        DeadlineFields {
            title: Some("DPIA review (EU)".to_owned()),
            ..DeadlineFields::default()
        },
    );
    let mut theirs = d.clone();
    theirs.owner = "Bo".to_owned();
    let pulled = on_server(&store, &theirs, "\"2\"");
    assert_eq!(
        apply(&mut store, std::slice::from_ref(&pulled), &[]),
        vec![Applied::Conflict(d.id.clone())]
    );
    assert_eq!(
        store.get(&d.id).unwrap().unwrap(),
        mine,
        "Docket's version is untouched"
    );
    assert!(!is_pending(&store, &d.id), "not sent meanwhile");
    let conflicts = store.sync_conflicts("UTC").unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].server_title.as_deref(), Some("DPIA review"));

    store
        .resolve_conflict(conflicts[0].id, Keep::Local, "UTC", &officer(), now())
        .unwrap();
    let p = store
        .pending(ACCOUNT)
        .unwrap()
        .into_iter()
        .find(|p| p.deadline.id == d.id)
        .expect("sent next");
    assert_eq!(
        p.item.and_then(|i| i.etag).as_deref(),
        Some("\"2\""),
        "over the server's version"
    );

    // Again, and this time the server's version is taken.
    let again = on_server(&store, &theirs, "\"3\"");
    assert_eq!(
        apply(&mut store, &[again], &[]),
        vec![Applied::Conflict(d.id.clone())]
    );
    let id = store.sync_conflicts("UTC").unwrap()[0].id;
    store
        .resolve_conflict(id, Keep::Server, "UTC", &officer(), now())
        .unwrap();
    let taken = store.get(&d.id).unwrap().unwrap();
    assert_eq!(
        (taken.title.as_str(), taken.owner.as_str()),
        ("DPIA review", "Bo")
    );
    assert!(!is_pending(&store, &d.id));
    assert!(store.sync_conflicts("UTC").unwrap().is_empty());
}

#[test]
fn a_deletion_on_the_server_deletes_here_unless_changed_here() {
    let mut store = store_with_account();
    let kept = add(&mut store, "Edited here", "2027-05-10");
    let gone = add(&mut store, "Untouched here", "2027-05-11");
    sent(&mut store, &kept, "\"1\"");
    sent(&mut store, &gone, "\"1\"");
    give_to_bo(&mut store, &kept.id);
    let hrefs: Vec<String> = [&kept, &gone]
        .iter()
        .map(|d| on_server(&store, d, "x").href)
        .collect();
    assert_eq!(
        apply(&mut store, &[], &hrefs),
        vec![
            Applied::Conflict(kept.id.clone()),
            Applied::Deleted(gone.id.clone())
        ]
    );
    assert!(store.get(&kept.id).unwrap().is_some());
    let all = store
        .list(&docket_core::store::ListFilter::default())
        .unwrap();
    assert!(all.iter().all(|d| d.id != gone.id), "deleted here");
    store
        .restore(&gone.id, &officer(), now())
        .expect("and restorable");
    let conflict = &store.sync_conflicts("UTC").unwrap()[0];
    assert_eq!(conflict.server_title, None, "the server deleted it");
}

#[test]
fn an_unknown_resource_becomes_a_deadline_under_its_uid_once() {
    let mut store = store_with_account();
    let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:audit@example.org\r\n\
                DTSTAMP:20261130T120000Z\r\nDTSTART;VALUE=DATE:20270415\r\nSUMMARY:External audit\r\n\
                END:VEVENT\r\nEND:VCALENDAR\r\n";
    let pulled = Pulled {
        href: format!("{CALENDAR}audit.ics"),
        etag: Some("\"a\"".to_owned()),
        incoming: first_incoming(text, "UTC").unwrap(),
        ics: text.to_owned(),
        changed_by: None,
    };
    let Applied::Added(id) = apply(&mut store, std::slice::from_ref(&pulled), &[])[0].clone()
    else {
        panic!("added");
    };
    assert_eq!(store.uid_of(&id).unwrap(), "audit@example.org");
    assert_eq!(apply(&mut store, &[pulled], &[]), vec![Applied::Unchanged]);
    assert_eq!(
        store.history(&id).unwrap()[0].actor,
        "ana",
        "the account's user, for other clients"
    );
}

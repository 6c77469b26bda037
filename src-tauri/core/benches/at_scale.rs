//! Docket at scale: the scheduler's look at the clock, and the store's list,
//! filter and search, with DOCKET_BENCH_DEADLINES deadlines (100,000 unless
//! given) of five reminder stages each, in a real SQLite file.
//!
//!     cargo bench -p docket-core --bench at_scale
//!
//! `planning/schedule look` is what the scheduler does each time it wakes:
//! the deadlines owing a reminder and the next fire time, from the schedule.
//! `planning/full plan` is the naive way, every deadline planned at each
//! look. `planning/schedule build` is the cost of building the schedule,
//! paid once at start and again after each change to the data.

use std::hint::black_box;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use docket_core::interop::Incoming;
use docket_core::reminders::{self, ReminderLog, ReminderSettings};
use docket_core::schedule::{next_look, Schedule};
use docket_core::store::import::ImportOptions;
use docket_core::store::ListFilter;
use docket_core::{Actor, Deadline, DeadlineFields, Status, Store};

const ZONES: [&str; 5] = [
    "Europe/Brussels",
    "America/New_York",
    "Asia/Kolkata",
    "Pacific/Auckland",
    "UTC",
];

fn count() -> usize {
    std::env::var("DOCKET_BENCH_DEADLINES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

fn instant(s: &str) -> DateTime<Utc> {
    docket_core::time::from_stored(s).expect("a valid instant")
}

/// The i-th of ten years of deadlines: a third timed, with their own five
/// stages; the others date-only, with the five default stages.
fn fields(i: usize) -> DeadlineFields {
    let day = NaiveDate::from_ymd_opt(2027, 1, 1).expect("a valid date")
        + Duration::days((i * 3653 / count().max(1)) as i64);
    let timed = i.is_multiple_of(3);
    DeadlineFields {
        title: Some(format!(
            "Review {i:06}: vendor AI system {}, annual check",
            i % 97
        )),
        due_date: Some(day.to_string()),
        due_time: timed.then(|| "17:00".to_owned()),
        tz: Some(ZONES[i % ZONES.len()].to_owned()),
        kind: Some(["internal", "commitment", "obligation"][i % 3].to_owned()),
        owner: Some(["Ana", "Ben", ""][i % 3].to_owned()),
        reference: Some(format!("Art. {}", i % 113)),
        description: Some(format!(
            "Internal commitment {i}; see the register, line {i}."
        )),
        lead_times: timed.then(|| "30d,7d,1d,2h,15m".to_owned()),
        ..DeadlineFields::default()
    }
}

/// A data dir holding `count()` deadlines, imported in one transaction.
fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::open(dir.path()).expect("a new store");
    let items = (0..count())
        .map(|i| {
            Ok(Incoming {
                uid: format!("bench-{i}"),
                line: i + 1,
                fields: fields(i),
                status: Status::Open,
                note: String::new(),
                notes: Vec::new(),
            })
        })
        .collect();
    store
        .import(
            "bench",
            items,
            &ImportOptions::default(),
            "UTC",
            &Actor::current("bench"),
            instant("2026-12-01T08:00:00Z"),
        )
        .expect("the deadlines import");
    (dir, store)
}

/// The log as it stands at `now` when every earlier reminder was delivered.
fn delivered_before(
    deadlines: &[Deadline],
    settings: &ReminderSettings,
    now: DateTime<Utc>,
) -> ReminderLog {
    let mut log = ReminderLog::default();
    for d in deadlines {
        for o in reminders::occurrences(d, settings, chrono_tz::Europe::Brussels) {
            if o.fire_at < now {
                log.record(o.key());
            }
        }
    }
    log
}

fn at_scale(c: &mut Criterion) {
    let (_dir, store) = store();
    let deadlines = store
        .list(&ListFilter {
            status: Some(Status::Open),
            ..ListFilter::default()
        })
        .expect("the deadlines list");
    let settings = ReminderSettings::default();
    let local = chrono_tz::Europe::Brussels;
    let morning = instant("2029-06-04T06:00:00Z");
    let log = delivered_before(&deadlines, &settings, morning);
    let mut entries = Vec::new();
    store
        .each_open(|row, d| {
            entries.extend(next_look(&d, &log, &settings, local).map(|at| (at, row)))
        })
        .expect("the open deadlines");
    let schedule: Schedule = entries.into_iter().collect();
    // A look at the clock when the next reminder has come due.
    let now = schedule.next_wake(morning).expect("reminders to come");
    assert!(!schedule.owing(now).is_empty());

    let mut planning = c.benchmark_group("planning");
    planning.bench_function("schedule look", |b| {
        b.iter(|| {
            let owing = schedule.owing(black_box(now));
            let due: Vec<Deadline> = owing
                .iter()
                .filter_map(|(_, row)| store.get_by_row(*row).expect("a read"))
                .collect();
            let plan = reminders::plan(&due, &log, &settings, local, now);
            black_box((plan.owed.len(), schedule.next_wake(now)))
        });
    });
    planning.bench_function("full plan", |b| {
        b.iter(|| {
            let plan = reminders::plan(&deadlines, &log, &settings, local, black_box(now));
            black_box((plan.owed.len(), plan.next_wake))
        });
    });
    planning.sample_size(10);
    planning.bench_function("schedule build", |b| {
        b.iter(|| {
            let mut entries = Vec::new();
            store
                .each_open(|row, d| {
                    entries.extend(next_look(&d, &log, &settings, local).map(|at| (at, row)))
                })
                .expect("the open deadlines");
            black_box(entries.into_iter().collect::<Schedule>().len())
        });
    });
    planning.finish();

    let mut lists = c.benchmark_group("store");
    lists.sample_size(10);
    lists.bench_function("list all", |b| {
        b.iter(|| black_box(store.list(&ListFilter::default()).expect("a list").len()));
    });
    lists.sample_size(100);
    lists.bench_function("first screen", |b| {
        let filter = ListFilter {
            status: Some(Status::Open),
            due_from: NaiveDate::from_ymd_opt(2031, 3, 1),
            limit: Some(20),
            ..ListFilter::default()
        };
        b.iter(|| black_box(store.list(&filter).expect("a list").len()));
    });
    lists.bench_function("filter a month", |b| {
        let filter = ListFilter {
            status: Some(Status::Open),
            due_from: NaiveDate::from_ymd_opt(2031, 3, 1),
            due_to: NaiveDate::from_ymd_opt(2031, 3, 31),
            ..ListFilter::default()
        };
        b.iter(|| black_box(store.list(&filter).expect("a list").len()));
    });
    lists.bench_function("search one", |b| {
        let one = format!("{:06}", count() / 2);
        b.iter(|| black_box(store.search(black_box(&one), 500).expect("a search").len()));
    });
    lists.bench_function("search many", |b| {
        b.iter(|| black_box(store.search("vendor system", 500).expect("a search").len()));
    });
    lists.bench_function("get one", |b| {
        let id = &deadlines[deadlines.len() / 2].id;
        b.iter(|| black_box(store.get(id).expect("a read").is_some()));
    });
    lists.sample_size(10);
    lists.bench_function("open", |b| {
        b.iter(|| black_box(Store::open(_dir.path()).expect("the store opens")));
    });
    lists.finish();
}

criterion_group!(benches, at_scale);
criterion_main!(benches);

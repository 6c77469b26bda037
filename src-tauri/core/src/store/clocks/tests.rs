use chrono_tz::Europe;

use super::*;
use crate::time::from_stored;

fn at(s: &str) -> DateTime<Utc> {
    from_stored(s).unwrap()
}

fn officer() -> Actor {
    Actor::current("test")
}

fn start(
    store: &mut Store,
    template: &str,
    aware: &str,
    member_state: &str,
    now: &str,
) -> Result<ClockView, Error> {
    store.start_clock(
        &NewClock {
            template,
            at: at(aware),
            zone: Europe::Brussels,
            member_state,
            title: "",
        },
        &officer(),
        at(now),
    )
}

fn step<'a>(clock: &'a ClockView, key: &str) -> &'a StepView {
    clock.steps.iter().find(|s| s.key == key).unwrap()
}

#[test]
fn a_started_clock_gives_its_steps_deadlines_with_their_rules() {
    let mut store = Store::open_in_memory().unwrap();
    // Friday 1 October 2027 10:00 in Brussels.
    let clock = start(
        &mut store,
        "ai-act-serious-incident",
        "2027-10-01T08:00:00Z",
        "be",
        "2027-10-01T08:05:00Z",
    )
    .unwrap();
    assert_eq!(clock.member_state, "BE");
    let report = step(&clock, "report");
    assert_eq!(report.due, Some(at("2027-10-18T22:00:00Z")));
    assert_eq!(report.status, "open");
    assert!(
        report.rule.contains("moves to Monday 18 October 2027"),
        "{}",
        report.rule
    );
    let d = store
        .get(report.deadline_id.as_deref().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(
        d.title,
        "Serious incident with a high-risk AI system: Report to the market surveillance authority"
    );
    assert_eq!(d.due_date.to_string(), "2027-10-18");
    assert_eq!(d.due_time, None);
    assert_eq!(d.tz, "Europe/Brussels");
    assert!(d.is_task());
    assert_eq!(d.description, report.rule);
    assert_eq!(
        LeadTime::format_list(d.lead_times.as_deref().unwrap()),
        "7d,2d,1d,0d"
    );
    assert_eq!(d.tags, ["incident clock"]);
    assert_eq!(
        store.clock_of(&d.id).unwrap(),
        Some((clock.id.clone(), "report".to_owned()))
    );
    let history: Vec<String> = store
        .history(&d.id)
        .unwrap()
        .into_iter()
        .map(|h| h.summary)
        .collect();
    assert!(
        history
            .iter()
            .any(|h| h.contains("started: becoming aware at 1 October 2027 10:00 CEST")),
        "{history:?}"
    );
}

#[test]
fn hour_steps_are_timed_deadlines_and_a_submission_starts_the_step_that_runs_from_it() {
    let mut store = Store::open_in_memory().unwrap();
    let clock = start(
        &mut store,
        "nis2-incident",
        "2027-06-01T08:00:00Z",
        "BE",
        "2027-06-01T08:10:00Z",
    )
    .unwrap();
    let early = step(&clock, "early-warning");
    assert_eq!(early.due, Some(at("2027-06-02T08:00:00Z")));
    let d = store
        .get(early.deadline_id.as_deref().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(
        (d.due_date.to_string(), d.due_time.map(|t| t.to_string())),
        ("2027-06-02".to_owned(), Some("10:00:00".to_owned()))
    );
    assert_eq!(
        LeadTime::format_list(d.lead_times.as_deref().unwrap()),
        "12h,4h,1h,15m,0m"
    );
    let final_report = step(&clock, "final-report");
    assert_eq!(
        (
            final_report.due,
            final_report.status.as_str(),
            final_report.deadline_id.as_deref()
        ),
        (None, "waiting", None)
    );

    let after = store
        .record_on_clock(
            &clock.id,
            "notification",
            at("2027-06-03T12:30:00Z"),
            "Sent through the CSIRT portal",
            &officer(),
            at("2027-06-03T12:31:00Z"),
        )
        .unwrap();
    let notification = step(&after, "notification");
    assert_eq!(notification.status, "submitted");
    let done = store
        .get(notification.deadline_id.as_deref().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(done.status, Status::Done);
    assert_eq!(
        done.done_note,
        "Submitted at 3 June 2027 14:30 CEST: Sent through the CSIRT portal"
    );
    // One month from 3 June 2027: Saturday 3 July, so Monday 5 July.
    let final_report = step(&after, "final-report");
    assert_eq!(final_report.due, Some(at("2027-07-05T22:00:00Z")));
    assert!(final_report.deadline_id.is_some());
    // The early warning was never sent and its 24 hours are over.
    assert_eq!(step(&after, "early-warning").status, "overdue");
}

#[test]
fn classifying_a_dora_incident_moves_the_initial_notification_and_says_why() {
    let mut store = Store::open_in_memory().unwrap();
    let clock = start(
        &mut store,
        "dora-major-incident",
        "2027-06-01T06:00:00Z",
        "BE",
        "2027-06-01T06:01:00Z",
    )
    .unwrap();
    let initial = step(&clock, "initial").clone();
    assert_eq!(initial.due, Some(at("2027-06-02T06:00:00Z")));
    let after = store
        .record_on_clock(
            &clock.id,
            "classified",
            at("2027-06-01T08:00:00Z"),
            "",
            &officer(),
            at("2027-06-01T08:02:00Z"),
        )
        .unwrap();
    assert_eq!(
        step(&after, "initial").due,
        Some(at("2027-06-01T12:00:00Z"))
    );
    let id = initial.deadline_id.unwrap();
    let d = store.get(&id).unwrap().unwrap();
    assert_eq!(
        d.due_time.map(|t| t.to_string()),
        Some("14:00:00".to_owned())
    );
    let history = store.history(&id).unwrap();
    let moved = history.iter().find(|h| h.action == "moved").unwrap();
    assert_eq!(
        moved.summary,
        "Moved from 2 June 2027 at 08:00 (Europe/Brussels) to 1 June 2027 at 14:00 (Europe/Brussels): re-planned, classifying it as major at 1 June 2027 10:00 CEST"
    );
}

#[test]
fn closing_a_clock_needs_a_reason_and_waives_its_open_steps() {
    let mut store = Store::open_in_memory().unwrap();
    let clock = start(
        &mut store,
        "gdpr-breach",
        "2027-06-01T06:00:00Z",
        "IE",
        "2027-06-01T06:01:00Z",
    )
    .unwrap();
    let err = store
        .close_clock(&clock.id, "  ", &officer(), at("2027-06-01T07:00:00Z"))
        .unwrap_err();
    assert_eq!(err.to_string(), "A reason is required to close a clock.");
    let closed = store
        .close_clock(
            &clock.id,
            "No personal data was involved",
            &officer(),
            at("2027-06-01T07:00:00Z"),
        )
        .unwrap();
    assert!(closed.closed_at.is_some());
    let notify = step(&closed, "notify-authority");
    assert_eq!(notify.status, "closed");
    let d = store
        .get(notify.deadline_id.as_deref().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(d.status, Status::Waived);
    assert_eq!(d.done_note, "Clock closed: No personal data was involved");
    let again = store.record_on_clock(
        &clock.id,
        "notify-authority",
        at("2027-06-01T07:00:00Z"),
        "",
        &officer(),
        at("2027-06-01T07:01:00Z"),
    );
    assert!(again.unwrap_err().to_string().contains("is closed"));
}

#[test]
fn bad_input_is_refused_by_name_and_stores_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let now = "2027-06-01T06:01:00Z";
    let unknown = start(&mut store, "gdpr-leak", "2027-06-01T06:00:00Z", "BE", now).unwrap_err();
    assert!(
        unknown.to_string().starts_with(
            "Clock template \"gdpr-leak\" is not one Docket has; it has ai-act-serious-incident,"
        ),
        "{unknown}"
    );
    assert!(unknown.to_string().contains("gdpr-breach"), "{unknown}");
    let state = start(&mut store, "gdpr-breach", "2027-06-01T06:00:00Z", "XX", now).unwrap_err();
    assert!(state.to_string().contains("\"XX\""), "{state}");
    let future = start(&mut store, "gdpr-breach", "2027-06-02T06:00:00Z", "BE", now).unwrap_err();
    assert!(future.to_string().contains("is in the future"), "{future}");
    assert!(store.clocks(at(now)).unwrap().is_empty());
    assert!(store
        .list(&crate::store::ListFilter::default())
        .unwrap()
        .is_empty());

    let clock = start(&mut store, "gdpr-breach", "2027-06-01T06:00:00Z", "BE", now).unwrap();
    let wrong = store
        .record_on_clock(&clock.id, "classified", at(now), "", &officer(), at(now))
        .unwrap_err();
    assert_eq!(
        wrong.to_string(),
        "\"classified\" is neither an event nor a step of the gdpr-breach clock; it has aware, notify-authority."
    );
    let missing = store.clock("01NOSUCHCLOCK", at(now)).unwrap_err();
    assert_eq!(
        missing.to_string(),
        "No clock has the id 01NOSUCHCLOCK; `docketctl clock list` shows them."
    );
}

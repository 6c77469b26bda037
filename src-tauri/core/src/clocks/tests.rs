//! Cases checked by hand against Art. 3 of Regulation 1182/71 and the
//! articles that set each clock.

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe;
use proptest::prelude::*;

use super::*;
use crate::packs::clock_templates;
use crate::time::from_stored;

fn template(key: &str) -> ClockTemplate {
    clock_templates()
        .unwrap()
        .into_iter()
        .map(|(_, t)| t)
        .find(|t| t.key == key)
        .unwrap_or_else(|| panic!("no template {key}"))
}

fn brussels(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Europe::Brussels
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn plan(key: &str, step: &str, known: &Known, member_state: &str) -> Planned {
    let t = template(key);
    let place = Place {
        zone: Europe::Brussels,
        member_state,
    };
    plan_step(&t, t.step(step).unwrap(), known, place).unwrap()
}

fn aware(at: DateTime<Utc>) -> Known {
    Known {
        events: [("aware".to_owned(), at)].into(),
        ..Known::default()
    }
}

#[test]
fn every_template_the_issue_names_ships_with_its_steps_and_events() {
    let expected: [(&str, &[&str], &[&str]); 8] = [
        ("gdpr-breach", &["aware"], &["notify-authority"]),
        (
            "nis2-incident",
            &["aware"],
            &["early-warning", "notification", "final-report"],
        ),
        (
            "dora-major-incident",
            &["aware", "classified"],
            &["initial", "intermediate", "final"],
        ),
        (
            "cra-exploited-vulnerability",
            &["aware", "corrective-measure"],
            &["early-warning", "notification", "final-report"],
        ),
        (
            "cra-severe-incident",
            &["aware"],
            &["early-warning", "notification", "final-report"],
        ),
        ("ai-act-serious-incident", &["aware"], &["report"]),
        (
            "ai-act-serious-incident-widespread",
            &["aware"],
            &["report"],
        ),
        ("ai-act-serious-incident-death", &["aware"], &["report"]),
    ];
    for (key, events, steps) in expected {
        let t = template(key);
        assert_eq!(
            t.events.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(),
            events,
            "{key}"
        );
        assert_eq!(
            t.steps.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(),
            steps,
            "{key}"
        );
        assert!(t.source_url.starts_with("https://"), "{key}");
    }
    let keys: Vec<String> = clock_templates()
        .unwrap()
        .into_iter()
        .map(|(_, t)| t.key)
        .collect();
    let unique: std::collections::HashSet<&String> = keys.iter().collect();
    assert_eq!(
        unique.len(),
        keys.len(),
        "template keys are unique across packs"
    );
}

#[test]
fn the_ai_act_report_due_on_a_saturday_moves_to_the_monday() {
    // Aware on Friday 1 October 2027 at 10:00 in Brussels; 15 days end on
    // Saturday 16 October, so the period ends with Monday 18 October.
    let p = plan(
        "ai-act-serious-incident",
        "report",
        &aware(brussels(2027, 10, 1, 10, 0)),
        "BE",
    );
    assert_eq!(p.due, Some(Due::EndOf(date("2027-10-18"))));
    assert_eq!(
        p.due.unwrap().instant(Europe::Brussels),
        from_stored("2027-10-18T22:00:00Z").unwrap(),
        "the end of Monday 18 October in Brussels (CEST)"
    );
    assert_eq!(
        p.rule,
        "15 days from becoming aware (1 October 2027 10:00), Reg. 1182/71 with the public holidays of Belgium: \
         the last day, Saturday 16 October 2027 (a weekend day), moves to Monday 18 October 2027; \
         due by the end of that day (Europe/Brussels)"
    );
}

#[test]
fn seventy_two_hours_are_real_hours_across_both_changes_of_the_clocks() {
    // Friday 26 March 2027 10:00 CET; the clocks go forward on the 28th.
    let spring = plan(
        "gdpr-breach",
        "notify-authority",
        &aware(brussels(2027, 3, 26, 10, 0)),
        "BE",
    );
    assert_eq!(
        spring.due,
        Some(Due::At(from_stored("2027-03-29T09:00:00Z").unwrap()))
    );
    assert!(
        spring.rule.contains("due Monday 29 March 2027 11:00"),
        "{}",
        spring.rule
    );
    // Friday 29 October 2027 10:00 CEST; the clocks go back on the 31st.
    let autumn = plan(
        "gdpr-breach",
        "notify-authority",
        &aware(brussels(2027, 10, 29, 10, 0)),
        "BE",
    );
    assert_eq!(
        autumn.due,
        Some(Due::At(from_stored("2027-11-01T08:00:00Z").unwrap()))
    );
    assert!(
        autumn.rule.contains("due Monday 1 November 2027 09:00"),
        "{}",
        autumn.rule
    );
    // No weekend extension: 24 hours from a Friday evening end on Saturday.
    let friday = plan(
        "nis2-incident",
        "early-warning",
        &aware(brussels(2027, 6, 4, 18, 30)),
        "BE",
    );
    assert_eq!(friday.due, Some(Due::At(brussels(2027, 6, 5, 18, 30))));
}

#[test]
fn a_last_day_on_a_public_holiday_moves_to_the_next_working_day_of_that_member_state() {
    // 10 days from Friday 7 May 2027 end on Whit Monday, 17 May: a public
    // holiday in Belgium, so the period ends with Tuesday 18 May.
    let p = plan(
        "ai-act-serious-incident-death",
        "report",
        &aware(brussels(2027, 5, 7, 9, 0)),
        "BE",
    );
    assert_eq!(p.due, Some(Due::EndOf(date("2027-05-18"))));
    assert!(
        p.rule
            .contains("Monday 17 May 2027 (Pentecost Monday), moves to Tuesday 18 May 2027"),
        "{}",
        p.rule
    );
    // The member state's own holidays: 3 October 2028 (a Tuesday) is German
    // Unity Day, a working day in Belgium.
    let de = plan(
        "ai-act-serious-incident",
        "report",
        &aware(brussels(2028, 9, 18, 9, 0)),
        "DE",
    );
    assert_eq!(
        de.due,
        Some(Due::EndOf(date("2028-10-04"))),
        "15 days end on 3 October, a holiday in Germany"
    );
    let be = plan(
        "ai-act-serious-incident",
        "report",
        &aware(brussels(2028, 9, 18, 9, 0)),
        "BE",
    );
    assert_eq!(be.due, Some(Due::EndOf(date("2028-10-03"))));
}

#[test]
fn a_period_of_two_days_holds_at_least_two_working_days() {
    // Aware on Friday 1 October 2027: two days end on Sunday, which moves to
    // Monday; Saturday to Monday holds one working day, so it ends on Tuesday.
    let p = plan(
        "ai-act-serious-incident-widespread",
        "report",
        &aware(brussels(2027, 10, 1, 16, 0)),
        "BE",
    );
    assert_eq!(p.due, Some(Due::EndOf(date("2027-10-05"))));
    assert!(
        p.rule.contains("moves to Monday 4 October 2027, and a period of two days or more holds at least two working days, so it ends on Tuesday 5 October 2027"),
        "{}",
        p.rule
    );
    // Thursday 25 March 2027 in Germany: Saturday moves past Easter Monday to
    // Tuesday 30 March; Good Friday is a holiday there, so that holds one
    // working day and the period ends on Wednesday 31 March.
    let de = plan(
        "ai-act-serious-incident-widespread",
        "report",
        &aware(brussels(2027, 3, 25, 12, 0)),
        "DE",
    );
    assert_eq!(de.due, Some(Due::EndOf(date("2027-03-31"))));
    // In Belgium Good Friday is a working day: Tuesday 30 March is enough.
    let be = plan(
        "ai-act-serious-incident-widespread",
        "report",
        &aware(brussels(2027, 3, 25, 12, 0)),
        "BE",
    );
    assert_eq!(be.due, Some(Due::EndOf(date("2027-03-30"))));
}

#[test]
fn a_month_ends_on_the_same_date_or_the_months_last_day() {
    let notified = |at: DateTime<Utc>| Known {
        events: [("aware".to_owned(), at - Duration::days(2))].into(),
        submitted: [("notification".to_owned(), at)].into(),
    };
    // 31 January 2028 + one month: 29 February 2028 (a Tuesday).
    let leap = plan(
        "nis2-incident",
        "final-report",
        &notified(brussels(2028, 1, 31, 15, 0)),
        "BE",
    );
    assert_eq!(leap.due, Some(Due::EndOf(date("2028-02-29"))));
    // 31 January 2027 + one month: 28 February 2027, a Sunday: Monday 1 March.
    let plain = plan(
        "nis2-incident",
        "final-report",
        &notified(brussels(2027, 1, 31, 15, 0)),
        "BE",
    );
    assert_eq!(plain.due, Some(Due::EndOf(date("2027-03-01"))));
    // 15 June 2027 + one month: Thursday 15 July 2027.
    let same = plan(
        "cra-severe-incident",
        "final-report",
        &notified(brussels(2027, 6, 15, 15, 0)),
        "BE",
    );
    assert_eq!(same.due, Some(Due::EndOf(date("2027-07-15"))));
    assert!(
        same.rule.starts_with(
            "1 month from the submission of the incident notification (15 June 2027 15:00)"
        ),
        "{}",
        same.rule
    );
}

#[test]
fn a_step_that_runs_from_another_step_has_no_date_until_that_step_is_submitted() {
    let known = aware(brussels(2027, 6, 1, 8, 0));
    let waiting = plan("nis2-incident", "final-report", &known, "BE");
    assert_eq!(waiting.due, None);
    assert_eq!(
        waiting.rule,
        "Not yet due: 1 month from the submission of the incident notification, not yet recorded."
    );
}

#[test]
fn dora_takes_the_earlier_limb_and_a_late_classification_gives_four_hours() {
    let aware_at = brussels(2027, 6, 1, 8, 0);
    // Not classified yet: 24 hours from becoming aware.
    let before = plan("dora-major-incident", "initial", &aware(aware_at), "BE");
    assert_eq!(before.due, Some(Due::At(aware_at + Duration::hours(24))));
    assert!(
        before
            .rule
            .contains("4 hours from classifying it as major, not yet recorded"),
        "{}",
        before.rule
    );
    // Classified two hours later: 4 hours from then comes first.
    let mut classified = aware(aware_at);
    classified
        .events
        .insert("classified".to_owned(), aware_at + Duration::hours(2));
    let early = plan("dora-major-incident", "initial", &classified, "BE");
    assert_eq!(early.due, Some(Due::At(aware_at + Duration::hours(6))));
    assert!(
        early
            .rule
            .starts_with("The earliest of: 4 hours from classifying it as major"),
        "{}",
        early.rule
    );
    // Classified after 30 hours: the 24-hour limb had run out, so the
    // initial notification is due 4 hours after classification (Art. 5(2)).
    classified
        .events
        .insert("classified".to_owned(), aware_at + Duration::hours(30));
    let late = plan("dora-major-incident", "initial", &classified, "BE");
    assert_eq!(late.due, Some(Due::At(aware_at + Duration::hours(34))));
    assert!(late.rule.contains("does not bind"), "{}", late.rule);
    // The intermediate report runs from the initial notification's submission.
    classified
        .submitted
        .insert("initial".to_owned(), aware_at + Duration::hours(33));
    let intermediate = plan("dora-major-incident", "intermediate", &classified, "BE");
    assert_eq!(
        intermediate.due,
        Some(Due::At(aware_at + Duration::hours(33 + 72)))
    );
}

#[test]
fn the_cra_final_report_runs_from_the_corrective_measure() {
    let mut known = aware(brussels(2027, 11, 2, 9, 0));
    assert_eq!(
        plan("cra-exploited-vulnerability", "final-report", &known, "BE").due,
        None
    );
    // Measure on Monday 8 November 2027: 14 days end on Monday 22 November.
    known.events.insert(
        "corrective-measure".to_owned(),
        brussels(2027, 11, 8, 17, 0),
    );
    let p = plan("cra-exploited-vulnerability", "final-report", &known, "BE");
    assert_eq!(p.due, Some(Due::EndOf(date("2027-11-22"))));
}

#[test]
fn an_unknown_member_state_is_refused_by_name() {
    let t = template("ai-act-serious-incident");
    let place = Place {
        zone: Europe::Brussels,
        member_state: "XX",
    };
    let err = plan_step(&t, &t.steps[0], &aware(brussels(2027, 10, 1, 10, 0)), place).unwrap_err();
    assert!(err.to_string().contains("\"XX\""), "{err}");
}

#[test]
fn reminder_stages_fit_inside_the_period() {
    let t = template("nis2-incident");
    let early = t.step("early-warning").unwrap();
    let leads = default_leads(early, Due::At(brussels(2027, 1, 1, 0, 0)));
    assert_eq!(
        crate::model::LeadTime::format_list(&leads),
        "12h,4h,1h,15m,0m"
    );
    let t = template("ai-act-serious-incident-widespread");
    let leads = default_leads(&t.steps[0], Due::EndOf(date("2027-01-05")));
    assert_eq!(crate::model::LeadTime::format_list(&leads), "1d,0d");
}

proptest! {
    /// For any event and any period in days or months, the period ends on a
    /// working day, never before the plain count, and within a fortnight of it.
    #[test]
    fn a_period_in_days_or_months_ends_on_a_working_day_never_before_the_plain_count(
        offset in 0i64..(365 * 15),
        n in 1u32..60,
        months in proptest::bool::ANY,
        state in proptest::sample::select(vec!["BE", "DE", "FR", "IE", "PL", "NO", "SE", "MT"]),
    ) {
        let from = date("2024-01-01") + Duration::days(offset);
        let period = if months { Period::Months(n % 13 + 1) } else { Period::Days(n) };
        let counted = last_day(period, from, state).unwrap();
        prop_assert!(holidays::is_working_day(state, counted.last).unwrap());
        prop_assert!(counted.last >= counted.plain);
        prop_assert!(counted.last - counted.plain <= Duration::days(14));
        if (counted.plain - from).num_days() >= 2 {
            let mut working = 0;
            let mut day = from + Duration::days(1);
            while day <= counted.last {
                if holidays::is_working_day(state, day).unwrap() { working += 1; }
                day += Duration::days(1);
            }
            prop_assert!(working >= 2);
        }
    }
}

//! The three-valued verdicts and their sentences, on a small pack of
//! questions shaped like the real ones (the packs' own tables are in
//! `packs/tests.rs`).

use std::collections::BTreeMap;

use super::*;
use crate::packs::Pack;

const PACK: &str = r#"{
  "id": "t", "version": 1, "released": "2026-12-02", "title": "Test",
  "jurisdiction": "EU", "tz": "Europe/Brussels", "items": [],
  "questions": [
    { "key": "t.financial", "of": "organisation", "question": "Are you a financial entity?",
      "help": "Art. 2.", "reference": "DORA Art. 2", "source_url": "https://example.eu/2",
      "choices": [
        { "value": "yes", "label": "Yes", "says": "you are a financial entity" },
        { "value": "no", "label": "No", "says": "you are not a financial entity" } ] },
    { "key": "t.role", "of": "organisation", "question": "What are you?", "several": true,
      "help": "Art. 3.", "reference": "AI Act Art. 3", "source_url": "https://example.eu/3",
      "choices": [
        { "value": "provider", "label": "Provider", "says": "you are a provider" },
        { "value": "deployer", "label": "Deployer", "says": "you are a deployer" },
        { "value": "none", "label": "None", "says": "you have no AI role" } ] },
    { "key": "t.area", "of": "system", "question": "Which Annex III area?",
      "help": "Annex III.", "reference": "AI Act Annex III", "source_url": "https://example.eu/6",
      "choices": [
        { "value": "employment", "label": "Employment", "says": "its Annex III area is employment" },
        { "value": "education", "label": "Education", "says": "its Annex III area is education" },
        { "value": "none", "label": "None", "says": "it falls in no Annex III area" } ] }
  ]
}"#;

fn pack() -> Pack {
    Pack::from_json(PACK).unwrap()
}

fn cond(json: &str) -> Condition {
    serde_json::from_str(json).unwrap()
}

fn answers(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Values> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.iter().map(|s| (*s).to_owned()).collect()))
        .collect()
}

fn system(name: &str, pairs: &[(&str, &[&str])]) -> AiSystem {
    AiSystem {
        id: name.to_lowercase(),
        name: name.to_owned(),
        answers: answers(pairs),
    }
}

fn verdict(condition: &str, profile: &Profile) -> Verdict {
    let pack = pack();
    let questions = Questions::new(&pack.questions);
    judge(Some(&cond(condition)), &questions, profile, "the Test Act")
}

const FINANCIAL: &str = r#"{ "question": "t.financial", "is": ["yes"] }"#;
const HIGH_RISK_PROVIDER: &str = r#"{ "all": [
    { "question": "t.role", "is": ["provider"] },
    { "question": "t.area", "is_not": ["none"] } ] }"#;

#[test]
fn an_unanswered_question_leaves_the_item_not_yet_known_and_names_the_question() {
    let v = verdict(FINANCIAL, &Profile::default());
    assert_eq!(v.applies, None);
    assert_eq!(v.asks, vec!["t.financial"]);
    assert_eq!(
        v.because,
        "not yet known: answer “Are you a financial entity?”"
    );
}

#[test]
fn a_no_names_the_answer_and_the_article_that_decides_it() {
    let profile = Profile {
        answers: answers(&[("t.financial", &["no"])]),
        ..Profile::default()
    };
    let v = verdict(FINANCIAL, &profile);
    assert_eq!(v.applies, Some(false));
    assert_eq!(
        v.because,
        "does not apply: you answered that you are not a financial entity (DORA Art. 2)"
    );
    let yes = Profile {
        answers: answers(&[("t.financial", &["yes"])]),
        ..Profile::default()
    };
    assert_eq!(
        verdict(FINANCIAL, &yes).because,
        "applies: you answered that you are a financial entity"
    );
}

#[test]
fn an_item_applies_through_a_system_and_the_reason_names_the_system() {
    let profile = Profile {
        answers: answers(&[("t.role", &["provider", "deployer"])]),
        systems: vec![
            system("Chatbot", &[("t.area", &["none"])]),
            system("CV screening", &[("t.area", &["employment"])]),
        ],
    };
    let v = verdict(HIGH_RISK_PROVIDER, &profile);
    assert_eq!(v.applies, Some(true));
    assert_eq!(
        v.because,
        "applies: you answered that you are a provider; for your AI system “CV screening”, its Annex III area is employment"
    );
}

#[test]
fn when_no_system_qualifies_the_reason_says_why_for_each() {
    let profile = Profile {
        answers: answers(&[("t.role", &["provider"])]),
        systems: vec![system("Chatbot", &[("t.area", &["none"])])],
    };
    let v = verdict(HIGH_RISK_PROVIDER, &profile);
    assert_eq!(v.applies, Some(false));
    assert_eq!(
        v.because,
        "does not apply: none of your AI systems qualifies: for “Chatbot”, it falls in no Annex III area"
    );
}

#[test]
fn an_organisation_answer_that_decides_wins_over_systems_not_yet_described() {
    // A deployer only: the provider duty does not apply whatever the
    // systems' areas turn out to be.
    let profile = Profile {
        answers: answers(&[("t.role", &["deployer"])]),
        systems: vec![system("Unknown", &[])],
    };
    let v = verdict(HIGH_RISK_PROVIDER, &profile);
    assert_eq!(v.applies, Some(false));
    assert_eq!(
        v.because,
        "does not apply: you answered that you are a deployer (AI Act Art. 3)"
    );
}

#[test]
fn a_system_question_with_no_system_listed_asks_for_the_systems() {
    let profile = Profile {
        answers: answers(&[("t.role", &["provider"])]),
        ..Profile::default()
    };
    let v = verdict(HIGH_RISK_PROVIDER, &profile);
    assert_eq!(v.applies, None);
    assert_eq!(v.asks, vec!["t.area"]);
    assert!(
        v.because.starts_with("not yet known: list your AI systems"),
        "{}",
        v.because
    );
}

#[test]
fn any_applies_on_the_first_condition_that_holds_even_with_others_unanswered() {
    let either = r#"{ "any": [
        { "question": "t.financial", "is": ["yes"] },
        { "question": "t.role", "is": ["provider"] } ] }"#;
    let profile = Profile {
        answers: answers(&[("t.role", &["provider"])]),
        ..Profile::default()
    };
    assert_eq!(verdict(either, &profile).applies, Some(true));
    let neither = Profile {
        answers: answers(&[("t.role", &["none"])]),
        ..Profile::default()
    };
    let v = verdict(either, &neither);
    assert_eq!(v.applies, None, "t.financial could still make it apply");
    assert_eq!(v.asks, vec!["t.financial"]);
}

#[test]
fn an_item_without_a_condition_applies_to_everyone_the_act_covers() {
    let pack = pack();
    let questions = Questions::new(&pack.questions);
    let v = judge(None, &questions, &Profile::default(), "the Test Act");
    assert_eq!(v.applies, Some(true));
    assert_eq!(v.because, "applies to everyone the Test Act covers");
}

#[test]
fn an_answer_outside_the_choices_or_too_many_for_one_is_refused_naming_the_choices() {
    let pack = pack();
    let financial = &pack.questions[0];
    assert_eq!(
        check_answer(financial, &["maybe".to_owned()]).unwrap_err(),
        "\"maybe\" is not an answer to t.financial; the choices are yes, no."
    );
    assert!(
        check_answer(financial, &["yes".to_owned(), "no".to_owned()])
            .unwrap_err()
            .starts_with("t.financial takes one answer, not 2")
    );
    assert!(check_answer(
        &pack.questions[1],
        &["provider".to_owned(), "deployer".to_owned()]
    )
    .is_ok());
}

#[test]
fn a_condition_on_an_unknown_question_or_choice_is_refused_with_the_pack() {
    let bad_key = PACK.replace(r#""items": []"#, r#""items": [{"id": "x", "title": "X", "date": "2027-01-01",
        "kind": "obligation", "regulation": "R", "reference": "Art. 1", "description": "D",
        "source_url": "https://example.eu/x", "applies_if": {"question": "t.size", "is": ["big"]}}]"#);
    let e = Pack::from_json(&bad_key).unwrap_err().to_string();
    assert!(e.contains("unknown question \"t.size\""), "{e}");
    let bad_value = bad_key.replace(
        r#""t.size", "is": ["big"]"#,
        r#""t.financial", "is": ["maybe"]"#,
    );
    let e = Pack::from_json(&bad_value).unwrap_err().to_string();
    assert!(
        e.contains("\"maybe\", not a choice of \"t.financial\""),
        "{e}"
    );
}

//! What applies to us, from the terminal: the packs' questions, answers that
//! take dates out of the agenda and the reminders and bring them back, AI
//! systems, and the refusals that change nothing.

use serde_json::Value;

use crate::support::{docketctl, docketctl_json, summaries};

fn deadline<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("{id} is listed"))
}

/// The deadline ids `due --at WHEN` owes a reminder for.
fn owed(dir: &std::path::Path, when: &str) -> Vec<String> {
    docketctl_json(dir, &["due", "--at", when, "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["deadline_id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_pack_is_listed_by_a_short_id_and_asks_its_questions_with_sources() {
    let dir = tempfile::tempdir().unwrap();
    let packs = docketctl_json(dir.path(), &["pack", "list", "--json"]);
    let mut ids: Vec<&str> = packs
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        ["ai-act", "cra", "data-act", "dora", "eaa", "gdpr", "nis2", "pld"]
    );
    let questions = docketctl_json(dir.path(), &["profile", "questions", "--json"]);
    let questions = questions.as_array().unwrap();
    let keys: Vec<&str> = questions
        .iter()
        .map(|q| q["key"].as_str().unwrap())
        .collect();
    for key in [
        "ai-act.role",
        "ai-act.annex-iii-area",
        "ai-act.gpai-provider",
        "dora.financial-entity",
        "nis2.entity",
        "cra.manufacturer",
        "data-act.connected-products",
    ] {
        assert!(keys.contains(&key), "{key} is asked: {keys:?}");
    }
    assert_eq!(keys[0], "ai-act.role", "the AI Act's questions come first");
    let dora = questions
        .iter()
        .find(|q| q["key"] == "dora.financial-entity")
        .unwrap();
    assert_eq!(dora["of"], "organisation");
    assert_eq!(dora["pack_id"], "dora");
    assert!(dora["source_url"].as_str().unwrap().starts_with("https://"));
    let area = questions
        .iter()
        .find(|q| q["key"] == "ai-act.annex-iii-area")
        .unwrap();
    assert_eq!(area["of"], "system");
    // Unanswered, a DORA date is not yet known and names its question.
    let list = docketctl_json(dir.path(), &["list", "--json"]);
    let register = deadline(&list, "dora:register-of-information-first");
    assert_eq!(register["applies"], Value::Null);
    assert_eq!(register["asks"][0], "dora.financial-entity");
    assert!(register["applies_because"]
        .as_str()
        .unwrap()
        .starts_with("not yet known: answer “Are you a financial entity under DORA?”"));
    // The officer's own deadlines always apply.
    let own = docketctl_json(
        dir.path(),
        &[
            "add",
            "--title",
            "Board report",
            "--due",
            "2027-03-31",
            "--json",
        ],
    );
    assert_eq!(own["applies"], true);
    assert_eq!(own["applies_because"], "applies: your own deadline");
}

#[test]
fn an_answer_takes_dates_out_of_the_reminders_and_another_brings_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let review = "nis2:entity-lists-review";
    // A week before the review of the NIS2 entity lists (17 April 2027).
    let week_before = "2027-04-10T09:30:00+02:00";
    assert!(owed(dir.path(), week_before).contains(&review.to_owned()));

    let effect = docketctl_json(
        dir.path(),
        &["profile", "answer", "nis2.entity", "neither", "--json"],
    );
    assert!(effect["takes_out"]
        .as_array()
        .unwrap()
        .iter()
        .any(|id| id == review));
    assert!(!owed(dir.path(), week_before).contains(&review.to_owned()));
    let list = docketctl_json(dir.path(), &["list", "--json"]);
    let d = deadline(&list, review);
    assert_eq!(d["applies"], false);
    assert_eq!(
        d["applies_because"],
        "does not apply: you answered that you are neither an essential nor an important entity (NIS2 Art. 3)"
    );
    // Still one filter away, with its reason.
    let out = docketctl(dir.path(), "UTC", &["list", "--applies", "no"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .any(|l| l.contains(review) && l.contains("[does not apply]")),
        "{text}"
    );

    let effect = docketctl_json(
        dir.path(),
        &["profile", "answer", "nis2.entity", "important", "--json"],
    );
    assert!(effect["brings_in"]
        .as_array()
        .unwrap()
        .iter()
        .any(|id| id == review));
    assert!(owed(dir.path(), week_before).contains(&review.to_owned()));
    let history = docketctl_json(dir.path(), &["history", review, "--json"]);
    let said = summaries(&history);
    assert_eq!(
        said[said.len() - 2..],
        [
            "No longer applies: you answered that you are neither an essential nor an important entity (NIS2 Art. 3)",
            "Now applies: you answered that you are an important entity",
        ]
    );
}

#[test]
fn an_answer_outside_the_choices_exits_2_naming_them_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let before = docketctl_json(dir.path(), &["profile", "show", "--json"]);
    let out = docketctl(
        dir.path(),
        "UTC",
        &["profile", "answer", "dora.financial-entity", "maybe"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "docketctl: \"maybe\" is not an answer to dora.financial-entity; the choices are yes, no.\n"
    );
    for (args, said) in [
        (
            vec!["profile", "answer", "dora.size", "big"],
            "No question has the key “dora.size”",
        ),
        (
            vec!["profile", "answer", "nis2.entity", "essential,important"],
            "nis2.entity takes one answer, not 2",
        ),
        (
            vec!["profile", "answer", "ai-act.annex-iii-area", "employment"],
            "ai-act.annex-iii-area is asked of each AI system",
        ),
        (
            vec![
                "profile",
                "answer",
                "ai-act.annex-iii-area",
                "employment",
                "--system",
                "Nope",
            ],
            "No AI system is named “Nope”",
        ),
    ] {
        let out = docketctl(dir.path(), "UTC", &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
    assert_eq!(
        docketctl_json(dir.path(), &["profile", "show", "--json"]),
        before
    );
}

#[test]
fn an_ai_system_brings_in_the_high_risk_dates_and_the_reason_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let annex_iii = "eu-ai-act:high-risk-annex-iii";
    docketctl_json(
        dir.path(),
        &[
            "profile",
            "answer",
            "ai-act.role",
            "provider,deployer",
            "--json",
        ],
    );
    let list = docketctl_json(dir.path(), &["list", "--json"]);
    assert_eq!(deadline(&list, annex_iii)["applies"], Value::Null);
    assert!(deadline(&list, annex_iii)["applies_because"]
        .as_str()
        .unwrap()
        .starts_with("not yet known: list your AI systems"));

    let added = docketctl_json(
        dir.path(),
        &[
            "system",
            "add",
            "CV screening",
            "--answer",
            "ai-act.system-role=provider",
            "--answer",
            "ai-act.annex-iii-area=employment",
            "--json",
        ],
    );
    assert_eq!(added["system"]["name"], "CV screening");
    let list = docketctl_json(dir.path(), &["list", "--json"]);
    let d = deadline(&list, annex_iii);
    assert_eq!(d["applies"], true);
    let because = d["applies_because"].as_str().unwrap();
    assert!(
        because.contains("“CV screening”") && because.contains("employment"),
        "{because}"
    );

    // A second system with no Annex III area changes nothing for Annex III.
    docketctl_json(
        dir.path(),
        &[
            "system",
            "add",
            "Chatbot",
            "--answer",
            "ai-act.system-role=deployer",
            "--answer",
            "ai-act.annex-iii-area=none",
            "--json",
        ],
    );
    let systems = docketctl_json(dir.path(), &["system", "list", "--json"]);
    assert_eq!(systems.as_array().unwrap().len(), 2);
    let out = docketctl(dir.path(), "UTC", &["system", "add", "cv SCREENING"]);
    assert_eq!(out.status.code(), Some(2), "a name is listed once");

    // Without the CV screening system, Annex III no longer applies, and the
    // reason says why for the one that is left.
    docketctl_json(dir.path(), &["system", "remove", "CV screening", "--json"]);
    let list = docketctl_json(dir.path(), &["list", "--json"]);
    let d = deadline(&list, annex_iii);
    assert_eq!(d["applies"], false);
    assert_eq!(
        d["applies_because"],
        "does not apply: none of your AI systems qualifies: for “Chatbot”, it falls in no Annex III area"
    );
}

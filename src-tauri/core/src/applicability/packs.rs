//! The embedded packs' conditions, pack by pack: answers in, the verdict on
//! each item out.

use std::collections::BTreeMap;

use super::*;
use crate::packs::{embedded, Pack};

type Answers<'a> = &'a [(&'a str, &'a [&'a str])];

fn answers(pairs: Answers) -> BTreeMap<String, Values> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.iter().map(|s| (*s).to_owned()).collect()))
        .collect()
}

/// Every item's verdict, by deadline id, for an organisation with
/// `organisation`'s answers and `systems` (name, answers).
fn verdicts(organisation: Answers, systems: &[(&str, Answers)]) -> BTreeMap<String, Verdict> {
    let packs: Vec<Pack> = embedded().unwrap();
    let questions = Questions::new(packs.iter().flat_map(|p| &p.questions));
    let profile = Profile {
        answers: answers(organisation),
        systems: systems
            .iter()
            .map(|(name, a)| AiSystem {
                id: name.to_lowercase(),
                name: (*name).to_owned(),
                answers: answers(a),
            })
            .collect(),
    };
    let mut out = BTreeMap::new();
    for pack in &packs {
        for item in &pack.items {
            let covers = format!("the {}", pack.title);
            let verdict = judge(item.condition(pack).as_ref(), &questions, &profile, &covers);
            out.insert(item.deadline_id(pack), verdict);
        }
    }
    out
}

/// The ids of one pack's items with the given `applies`, sorted.
fn with(verdicts: &BTreeMap<String, Verdict>, pack: &str, applies: Option<bool>) -> Vec<String> {
    verdicts
        .iter()
        .filter(|(id, v)| id.starts_with(&format!("{pack}:")) && v.applies == applies)
        .map(|(id, _)| id.trim_start_matches(&format!("{pack}:")).to_owned())
        .collect()
}

#[test]
fn dora_binds_financial_entities_and_their_ict_providers_only() {
    let bank = verdicts(&[("dora.financial-entity", &["yes"])], &[]);
    assert_eq!(
        with(&bank, "dora", Some(true)),
        ["applies", "register-of-information-first"]
    );
    let shop = verdicts(
        &[
            ("dora.financial-entity", &["no"]),
            ("dora.ict-provider", &["no"]),
        ],
        &[],
    );
    assert_eq!(with(&shop, "dora", Some(true)), Vec::<String>::new());
    assert_eq!(
        shop["dora:register-of-information-first"].because,
        "does not apply: you answered that you are not a financial entity (DORA Art. 2)"
    );
    let cloud = verdicts(
        &[
            ("dora.financial-entity", &["no"]),
            ("dora.ict-provider", &["yes"]),
        ],
        &[],
    );
    assert_eq!(with(&cloud, "dora", Some(true)), ["applies"]);
    assert_eq!(
        with(&cloud, "dora", Some(false)),
        ["register-of-information-first"]
    );
    // Unanswered, DORA waits for its question.
    let none = verdicts(&[], &[]);
    assert_eq!(
        none["dora:applies"].asks,
        ["dora.financial-entity", "dora.ict-provider"]
    );
}

#[test]
fn nis2_dates_concern_essential_and_important_entities() {
    let important = verdicts(&[("nis2.entity", &["important"])], &[]);
    assert_eq!(with(&important, "nis2", Some(false)), Vec::<String>::new());
    assert_eq!(with(&important, "nis2", Some(true)).len(), 5);
    let neither = verdicts(&[("nis2.entity", &["neither"])], &[]);
    assert_eq!(with(&neither, "nis2", Some(true)), Vec::<String>::new());
    assert_eq!(
        neither["nis2:entity-lists-review"].because,
        "does not apply: you answered that you are neither an essential nor an important entity (NIS2 Art. 3)"
    );
}

#[test]
fn gdpr_eaa_and_pld_follow_their_one_question() {
    for (key, pack) in [
        ("gdpr.processes-personal-data", "gdpr"),
        ("eaa.products-services", "eaa"),
        ("pld.manufacturer", "pld"),
    ] {
        let yes = verdicts(&[(key, &["yes"])], &[]);
        assert!(with(&yes, pack, Some(false)).is_empty(), "{pack}");
        assert!(with(&yes, pack, None).is_empty(), "{pack}");
        let no = verdicts(&[(key, &["no"])], &[]);
        assert!(with(&no, pack, Some(true)).is_empty(), "{pack}");
        let unknown = verdicts(&[], &[]);
        assert!(with(&unknown, pack, Some(true)).is_empty(), "{pack}");
        assert!(unknown
            .iter()
            .filter(|(id, _)| id.starts_with(&format!("{pack}:")))
            .all(|(_, v)| v.asks == [key]));
    }
}

#[test]
fn the_cra_narrows_by_role_and_the_data_act_reaches_every_business_contract() {
    let maker = verdicts(&[("cra.manufacturer", &["manufacturer"])], &[]);
    assert_eq!(with(&maker, "cra", Some(true)).len(), 5);
    let seller = verdicts(&[("cra.manufacturer", &["distributor"])], &[]);
    assert_eq!(
        with(&seller, "cra", Some(true)),
        ["entry-into-force", "main-obligations-apply"]
    );
    let none = verdicts(&[("cra.manufacturer", &["none"])], &[]);
    assert!(with(&none, "cra", Some(true)).is_empty());

    let neither = verdicts(
        &[
            ("data-act.connected-products", &["no"]),
            ("data-act.cloud-provider", &["no"]),
        ],
        &[],
    );
    assert_eq!(
        with(&neither, "data-act", Some(true)),
        [
            "applies",
            "entry-into-force",
            "older-contracts-unfair-terms"
        ]
    );
    let cloud = verdicts(
        &[
            ("data-act.connected-products", &["no"]),
            ("data-act.cloud-provider", &["yes"]),
        ],
        &[],
    );
    assert!(with(&cloud, "data-act", Some(true)).contains(&"switching-charges-end".to_owned()));
}

#[test]
fn the_ai_act_sorts_deployer_provider_and_model_duties_by_the_answers_and_the_systems() {
    let deployer = verdicts(
        &[
            ("ai-act.role", &["deployer"]),
            ("ai-act.gpai-provider", &["no"]),
            ("ai-act.public-authority", &["no"]),
        ],
        &[(
            "CV screening",
            &[
                ("ai-act.system-role", &["deployer"]),
                ("ai-act.annex-iii-area", &["employment"]),
                ("ai-act.annex-i-product", &["no"]),
                ("ai-act.transparency", &["none"]),
            ],
        )],
    );
    assert_eq!(
        deployer["eu-ai-act:high-risk-annex-iii"].applies,
        Some(true)
    );
    assert_eq!(
        deployer["eu-ai-act:high-risk-annex-iii"].because,
        "applies: for your AI system “CV screening”, you are its deployer and its Annex III area is employment"
    );
    assert_eq!(deployer["eu-ai-act:high-risk-annex-i"].applies, Some(false));
    assert_eq!(
        deployer["eu-ai-act:gpai-obligations-apply"].applies,
        Some(false)
    );
    assert_eq!(
        deployer["eu-ai-act:gpai-obligations-apply"].because,
        "does not apply: you answered that you do not place a general-purpose AI model on the EU market (AI Act Art. 3(63), Art. 53)"
    );
    assert_eq!(
        deployer["eu-ai-act:ai-literacy-applies"].applies,
        Some(true)
    );
    assert_eq!(deployer["eu-ai-act:entry-into-force"].applies, Some(true));
    assert!(
        with(&deployer, "eu-ai-act", None).is_empty(),
        "{:?}",
        with(&deployer, "eu-ai-act", None)
    );

    // An organisation without AI: only the Act's plain facts stay.
    let no_ai = verdicts(
        &[
            ("ai-act.role", &["none"]),
            ("ai-act.gpai-provider", &["no"]),
            ("ai-act.public-authority", &["no"]),
        ],
        &[],
    );
    assert_eq!(
        with(&no_ai, "eu-ai-act", Some(true)),
        [
            "entry-into-force",
            "guidelines-ai-system-definition",
            "oj-publication"
        ]
    );
}

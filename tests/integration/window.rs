//! The real window: the debug app binary under Xvfb, driven through
//! tauri-driver and WebKitWebDriver (`make test` runs these in a headless
//! session; `DISPLAY` must be set).

use std::time::Duration;

use docket_tests::{binary, docketctl_json, wait_for, TauriDriver};

#[test]
fn the_window_lists_the_pack_and_adds_a_deadline_that_docketctl_reads_back() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "the window tests need an X display; run them through `make test` (scripts/headless)"
    );
    let data = tempfile::tempdir().unwrap();
    // The system browser, as xdg-open finds it: a script that notes each address.
    let browser_dir = tempfile::tempdir().unwrap();
    let browser = browser_dir.path().join("browser");
    let opened = browser_dir.path().join("opened.txt");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$1\" >> '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(
        &browser,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    // Registered as the user's handler of web addresses, the way a desktop
    // does it, so that it wins over any browser the machine has installed.
    let data_home = browser_dir.path().join("share");
    let config_home = browser_dir.path().join("config");
    std::fs::create_dir_all(data_home.join("applications")).unwrap();
    std::fs::create_dir_all(&config_home).unwrap();
    std::fs::write(
        data_home.join("applications/docket-test-browser.desktop"),
        format!(
            "[Desktop Entry]\nType=Application\nName=Test browser\nExec={} %u\nMimeType=x-scheme-handler/http;x-scheme-handler/https;\n",
            browser.display()
        ),
    )
    .unwrap();
    std::fs::write(
        config_home.join("mimeapps.list"),
        "[Default Applications]\nx-scheme-handler/https=docket-test-browser.desktop\nx-scheme-handler/http=docket-test-browser.desktop\n",
    )
    .unwrap();
    // The organisation answered the packs' questions from the terminal: a
    // provider of one Annex III system that is also an Annex I product, in
    // no other regulation's scope but DORA's, which it says it is not in.
    for answer in [
        ["dora.financial-entity", "no"],
        ["dora.ict-provider", "no"],
        ["nis2.entity", "neither"],
        ["gdpr.processes-personal-data", "no"],
        ["cra.manufacturer", "none"],
        ["data-act.connected-products", "no"],
        ["data-act.cloud-provider", "no"],
        ["eaa.products-services", "no"],
        ["pld.manufacturer", "no"],
        ["ai-act.role", "provider"],
        ["ai-act.gpai-provider", "no"],
        ["ai-act.public-authority", "no"],
    ] {
        docketctl_json(
            data.path(),
            &["profile", "answer", answer[0], answer[1], "--json"],
        );
    }
    docketctl_json(
        data.path(),
        &[
            "system",
            "add",
            "CV screening",
            "--answer",
            "ai-act.system-role=provider",
            "--answer",
            "ai-act.annex-iii-area=employment",
            "--answer",
            "ai-act.annex-i-product=yes",
            "--answer",
            "ai-act.transparency=none",
            "--json",
        ],
    );
    // What the agenda lists: every date that applies, none that does not.
    let applying = |list: &serde_json::Value| -> usize {
        list.as_array()
            .unwrap()
            .iter()
            .filter(|d| d["applies"] != false)
            .count()
    };
    let listed = applying(&docketctl_json(data.path(), &["list", "--json"]));
    assert!(listed < 40, "few enough to be drawn at once: {listed}");
    let annex_iii_source = docket_core::packs::eu_ai_act()
        .unwrap()
        .items
        .into_iter()
        .find(|i| i.id == "high-risk-annex-iii")
        .unwrap()
        .source_url;
    let source_host = annex_iii_source
        .trim_start_matches("https://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let driver = TauriDriver::start(&[
        ("DOCKET_DATA_DIR", data.path()),
        ("BROWSER", &browser),
        ("XDG_DATA_HOME", &data_home),
        ("XDG_CONFIG_HOME", &config_home),
    ]);
    // The window process, as the tray process starts it.
    let window = driver.session(&binary("docket"), &["--window"]);

    // The embedded packs are listed: every date that applies, upcoming and past.
    let rows = wait_for(
        "the agenda to list the pack",
        Duration::from_secs(30),
        || {
            let rows = window.find_all("[data-testid=deadline-row]");
            (rows.len() == listed).then_some(rows)
        },
    );
    let annex_iii = window.find("[data-id='eu-ai-act:high-risk-annex-iii']");
    let text = window.text(&annex_iii);
    assert!(
        text.contains("High-risk obligations for Annex III systems apply"),
        "{text}"
    );
    assert!(
        text.contains("2 December 2027") || text.contains("December 2, 2027"),
        "{text}"
    );
    assert!(
        text.contains(&source_host),
        "the source link is shown: {text}"
    );
    assert_eq!(rows.len(), listed);
    let past = window.text(&window.find("[data-id='eu-ai-act:prohibitions-apply']"));
    assert!(past.contains("applies since"), "{past}");

    // The details show the item's audit trail, with the Omnibus's move.
    window.click(&window.find("[data-id='eu-ai-act:high-risk-annex-iii'] button.link"));
    let history = window.text(&window.find("[data-testid=details] [data-testid=history]"));
    assert!(
        history.contains("Moved from 2 August 2026 to 2 December 2027 by the AI Omnibus (Regulation (EU) 2026/1744)"),
        "{history}"
    );

    // The source link opens in the system browser, never inside the window.
    window.click(&window.find("[data-id='eu-ai-act:high-risk-annex-iii'] a.source"));
    let url = wait_for(
        "the browser to be asked to open the source",
        Duration::from_secs(20),
        || {
            std::fs::read_to_string(&opened)
                .ok()
                .filter(|s| !s.is_empty())
        },
    );
    assert_eq!(url.trim(), annex_iii_source);
    let location = window.execute("return location.href");
    assert!(
        !location.as_str().unwrap_or_default().contains(&source_host),
        "the window stayed on Docket: {location}"
    );
    assert_eq!(window.find_all("[data-testid=deadline-row]").len(), listed);

    // Full-text search narrows the agenda and marks what it matched. Each
    // keystroke searches; the answer to the whole text is the one awaited.
    window.type_into(&window.find("#search"), "annex iii");
    wait_for(
        "the search for the whole text to narrow the agenda and mark both words",
        Duration::from_secs(20),
        || {
            let marks = window.find_all("[data-id='eu-ai-act:high-risk-annex-iii'] h3 mark");
            let rows = window.find_all("[data-testid=deadline-row]").len();
            let marked: Vec<String> = marks.iter().map(|m| window.text(m)).collect();
            (rows < listed && marked == ["Annex", "III"]).then_some(())
        },
    );
    window.click(&window.find(".filters button"));
    wait_for("the whole agenda again", Duration::from_secs(20), || {
        (window.find_all("[data-testid=deadline-row]").len() == listed).then_some(())
    });

    // The keyboard: j moves, Enter opens the details, Escape closes them, n starts a new deadline.
    window.click(&window.find("h1"));
    window.press_keys(&["j", "j"]);
    let chosen = window.find(".row.focused");
    let chosen_title = window.text(&window.find(".row.focused h3"));
    assert!(!chosen_title.is_empty(), "{chosen:?}");
    window.press_keys(&["\u{E007}"]);
    assert_eq!(window.text(&window.find("#details-title")), chosen_title);
    window.press_keys(&["\u{E00C}"]);
    wait_for("the details to close", Duration::from_secs(10), || {
        window
            .find_all("[data-testid=details]")
            .is_empty()
            .then_some(())
    });

    // t shows the regulation timeline: the Omnibus's three moves drawn as moves.
    window.press_keys(&["t"]);
    window.find("[data-testid=timeline]");
    for id in [
        "regulatory-sandboxes",
        "high-risk-annex-iii",
        "high-risk-annex-i",
    ] {
        window.find(&format!("[data-testid='moved-eu-ai-act:{id}']"));
    }
    assert_eq!(
        window.find_all("[data-testid=timeline] button.label").len(),
        listed
    );
    // c shows the month calendar, today marked; Today lists what is due today.
    window.press_keys(&["c"]);
    window.find("[data-testid=calendar] td.today");
    let month = window.text(&window.find("[data-testid=calendar-month]"));
    window.click(&window.find("[aria-label='Next month']"));
    assert_ne!(
        window.text(&window.find("[data-testid=calendar-month]")),
        month
    );
    window.press_keys(&["a"]);
    window.find("[data-testid=deadline-row]");

    // Your organisation (o): an answer says what it would bring in before it
    // is saved; saved, DORA's dates join the agenda with the reason in
    // their details, and their history says why.
    let register = "dora:register-of-information-first";
    assert!(window
        .find_all(&format!("[data-id='{register}']"))
        .is_empty());
    window.press_keys(&["o"]);
    let dora = "[data-testid=organisation] fieldset[data-question='dora.financial-entity']";
    window.click(&window.find(&format!("{dora} input[value=yes]")));
    let preview = wait_for("the answer's preview", Duration::from_secs(10), || {
        window
            .find_all("[data-testid=preview-summary]")
            .first()
            .map(|p| window.text(p))
            .filter(|t| !t.is_empty())
    });
    assert!(
        preview.to_lowercase().contains("brings in 2 dates"),
        "{preview}"
    );
    assert!(window
        .find_all(&format!("[data-id='{register}']"))
        .is_empty());
    window.click(&window.find("[data-testid=save-answer]"));
    window.press_keys(&["a"]);
    wait_for(
        "DORA's dates in the agenda",
        Duration::from_secs(20),
        || (window.find_all("[data-testid=deadline-row]").len() == listed + 2).then_some(()),
    );
    window.click(&window.find(&format!("[data-id='{register}'] button.link")));
    let because = window.text(&window.find("[data-testid=details] [data-testid=applies-because]"));
    assert!(
        because
            .to_lowercase()
            .contains("you answered that you are a financial entity"),
        "{because}"
    );
    window.press_keys(&["\u{E00C}"]);
    let history = docketctl_json(data.path(), &["history", register, "--json"]);
    assert_eq!(
        docket_tests::summaries(&history).last().copied(),
        Some("Now applies: you answered that you are a financial entity")
    );

    // Settings (,): a bad reminder time is refused by name; a good one is kept.
    window.press_keys(&[","]);
    window.type_into(&window.find("#s-time"), "25:00");
    window.click(&window.find("[data-testid=save-settings]"));
    let refused = window.text(&window.find("[data-testid=settings] .field-error"));
    assert!(refused.contains("Reminder time \"25:00\""), "{refused}");
    window.type_into(&window.find("#s-time"), "08:30");
    window.click(&window.find("[data-testid=save-settings]"));
    wait_for("the settings to be saved", Duration::from_secs(10), || {
        window
            .text(&window.find("[data-testid=notice]"))
            .contains("saved")
            .then_some(())
    });
    window.press_keys(&["\u{E00C}"]);
    window.press_keys(&[","]);
    let kept = wait_for("the kept reminder time", Duration::from_secs(10), || {
        let v = window.execute("return document.querySelector('#s-time').value");
        (v == "08:30").then_some(v)
    });
    assert_eq!(kept, "08:30");
    window.press_keys(&["\u{E00C}"]);

    // An impossible date is refused under the field, with docketctl's words.
    window.press_keys(&["n"]);
    window.type_into(&window.find("#f-title"), "Annual AI risk review");
    window.type_into(&window.find("#f-due"), "2025-02-30");
    window.press_enter(&window.find("#f-due"));
    let refusal = window.text(&window.find("[data-error-for=due_date]"));
    assert_eq!(
        refusal,
        "Due date \"2025-02-30\" is not a calendar date; use YYYY-MM-DD, for example 2027-12-02."
    );

    // Corrected, it is added and shown.
    window.type_into(&window.find("#f-due"), "2027-03-31");
    window.type_into(&window.find("#f-owner"), "Ana");
    window.press_enter(&window.find("#f-owner"));
    wait_for(
        "the new deadline in the agenda",
        Duration::from_secs(20),
        || (window.find_all("[data-testid=deadline-row]").len() == listed + 3).then_some(()),
    );

    // docketctl reads it back from the same SQLite file.
    let list = docketctl_json(data.path(), &["list", "--json"]);
    let added = list
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["title"] == "Annual AI risk review")
        .unwrap_or_else(|| panic!("the window's deadline is in the database: {list}"));
    assert_eq!(added["due_date"], "2027-03-31");
    assert_eq!(added["owner"], "Ana");
    assert_eq!(added["kind"], "internal");
    let id = added["id"].as_str().unwrap().to_owned();
    let row = format!("[data-id='{id}']");

    // Its date moved in the window: the countdown and the history follow.
    let countdown_before = window.text(&window.find(&format!("{row} [data-testid=countdown]")));
    window.click(&window.find(&format!("{row} button[aria-label^='Edit']")));
    window.type_into(&window.find("#f-due"), "2027-04-30");
    window.press_enter(&window.find("#f-due"));
    wait_for(
        "the moved date in the agenda",
        Duration::from_secs(20),
        || {
            window
                .text(&window.find(&row))
                .contains("30 April 2027")
                .then_some(())
        },
    );
    let countdown_after = window.text(&window.find(&format!("{row} [data-testid=countdown]")));
    assert_ne!(countdown_before, countdown_after);
    assert!(countdown_after.starts_with("in "), "{countdown_after}");
    window.click(&window.find(&format!("{row} button.link")));
    let moved = wait_for(
        "the move in the details' history",
        Duration::from_secs(20),
        || {
            let text = window.text(&window.find("[data-testid=details] [data-testid=history]"));
            text.contains("Moved from").then_some(text)
        },
    );
    assert!(
        moved.contains("Moved from 31 March 2027 to 30 April 2027"),
        "{moved}"
    );
    window.press_keys(&["\u{E00C}"]);

    // Edited in the window: the owner changes, nothing else.
    window.click(&window.find(&format!("{row} button[aria-label^='Edit']")));
    window.type_into(&window.find("#f-owner"), "Ben");
    window.press_enter(&window.find("#f-owner"));
    wait_for(
        "the edited owner in the agenda",
        Duration::from_secs(20),
        || {
            window
                .text(&window.find(&row))
                .contains("Owner: Ben")
                .then_some(())
        },
    );

    // Marked done with a note: it leaves the agenda.
    window.click(&window.find(&format!("{row} button[aria-label^='Mark']")));
    window.type_into(&window.find("#f-note"), "Presented to the board");
    window.click(&window.find("[data-testid=confirm-done]"));
    wait_for(
        "the done deadline to leave the agenda",
        Duration::from_secs(20),
        || window.find_all(&row).is_empty().then_some(()),
    );
    let done = docketctl_json(data.path(), &["list", "--status", "done", "--json"]);
    let done = done
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id.as_str())
        .expect("done in the database");
    assert_eq!(done["owner"], "Ben");
    assert_eq!(done["done_note"], "Presented to the board");

    // Shown again with "Show done", it can be reopened; deleted, it can be undone.
    window.click(&window.find(".filters .toggle input"));
    window.click(&window.find(&format!("{row} button.link")));
    window.click(&window.find("[data-testid=reopen]"));
    wait_for(
        "the reopened deadline to offer Done again",
        Duration::from_secs(20),
        || {
            window
                .text(&window.find(&row))
                .contains("Done…")
                .then_some(())
        },
    );
    window.click(&window.find(&format!("{row} button.link")));
    window.click(&window.find("[data-testid=delete]"));
    wait_for(
        "the deleted deadline to leave the agenda",
        Duration::from_secs(20),
        || window.find_all(&row).is_empty().then_some(()),
    );
    window.click(&window.find("[data-testid=undo]"));
    window.find(&row);

    let history = docketctl_json(data.path(), &["history", &id, "--json"]);
    let summaries = docket_tests::summaries(&history);
    assert_eq!(
        summaries,
        [
            "Created, due 31 March 2027",
            "Moved from 31 March 2027 to 30 April 2027",
            "Edited owner",
            "Marked done: Presented to the board",
            "Reopened",
            "Deleted",
            "Restored after being deleted",
        ]
    );
    assert!(history
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["via"] == "window"));
}

/// Answers the GTK file chooser that the window opened, as a person would:
/// Ctrl+L, the path, Enter.
fn answer_file_dialog(title: &str, path: &std::path::Path) {
    let dialog = wait_for("the file dialog", Duration::from_secs(20), || {
        let out = std::process::Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", title])
            .output()
            .ok()?;
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .map(str::to_owned)
    });
    let xdotool = |args: &[&str]| {
        let ok = std::process::Command::new("xdotool")
            .args(args)
            .status()
            .expect("xdotool runs")
            .success();
        assert!(ok, "xdotool {args:?}");
    };
    xdotool(&["windowfocus", "--sync", &dialog]);
    xdotool(&["key", "--clearmodifiers", "ctrl+l"]);
    std::thread::sleep(Duration::from_millis(300));
    xdotool(&["type", "--delay", "5", &path.display().to_string()]);
    std::thread::sleep(Duration::from_millis(300));
    xdotool(&["key", "Return"]);
}

#[test]
fn the_window_imports_a_calendar_file_chosen_in_the_file_dialog_after_a_preview() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "run through `make test` (scripts/headless)"
    );
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("team.ics");
    std::fs::write(
        &file,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nBEGIN:VEVENT\r\nUID:audit-1@example.org\r\n\
         DTSTAMP:20261201T080000Z\r\nDTSTART;VALUE=DATE:20270301\r\nSUMMARY:External AI audit (from a file)\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:mars@example.org\r\nDTSTAMP:20261201T080000Z\r\nDTSTART;TZID=Mars/Olympus:20270101T100000\r\n\
         SUMMARY:Mars review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let driver = TauriDriver::start(&[("DOCKET_DATA_DIR", data.path())]);
    let window = driver.session(&binary("docket"), &["--window"]);
    window.skip_first_questions();
    wait_for("the agenda", Duration::from_secs(30), || {
        (!window.find_all("[data-testid=deadline-row]").is_empty()).then_some(())
    });
    window.click(&window.find("[data-testid=open-settings]"));
    let keyboard = docket_tests::x_keyboard();
    window.click(&window.find("[data-testid=import]"));
    answer_file_dialog("Import deadlines", &file);
    let preview = wait_for("the import preview", Duration::from_secs(20), || {
        window
            .find_all("[data-testid=import-preview]")
            .into_iter()
            .next()
    });
    drop(keyboard);
    let text = window.text(&preview);
    assert!(text.contains("would add 1, change 0"), "{text}");
    assert!(text.contains("Mars/Olympus"), "{text}");
    // Nothing is stored by the preview.
    let before = docketctl_json(data.path(), &["list", "--status", "all", "--json"]);
    assert!(!before.to_string().contains("External AI audit"));
    window.click(&window.find("[data-testid=confirm-import]"));
    wait_for(
        "the imported deadline in the agenda",
        Duration::from_secs(20),
        || {
            window
                .find_all("[data-testid=deadline-row]")
                .iter()
                .any(|r| window.text(r).contains("External AI audit (from a file)"))
                .then_some(())
        },
    );
    let after = docketctl_json(data.path(), &["list", "--json"]);
    let audit = after
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["title"] == "External AI audit (from a file)")
        .expect("stored");
    assert_eq!(audit["due_date"], "2027-03-01");
}

#[test]
fn the_window_starts_an_incident_clock_and_records_its_step_submitted_as_docketctl_reads_back() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "run through `make test` (scripts/headless)"
    );
    let data = tempfile::tempdir().unwrap();
    let driver = TauriDriver::start(&[("DOCKET_DATA_DIR", data.path())]);
    let window = driver.session(&binary("docket"), &["--window"]);
    window.skip_first_questions();
    wait_for("the agenda", Duration::from_secs(30), || {
        (!window.find_all("[data-testid=deadline-row]").is_empty()).then_some(())
    });
    assert!(
        window.find_all("[data-testid=clock-card]").is_empty(),
        "no clock runs yet"
    );

    // Started from the header's form: a breach known since two hours ago, UTC.
    let aware = (chrono::Utc::now() - chrono::Duration::hours(2))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    window.click(&window.find("[data-testid=start-a-clock]"));
    window.click(&window.find("#c-template option[value='gdpr-breach']"));
    window.type_into(&window.find("#c-at"), &aware);
    window.type_into(&window.find("#c-tz"), "UTC");
    window.type_into(&window.find("#c-title"), "Customer database exposed");
    window.click(&window.find("[data-testid=start-clock]"));

    // Its card above the agenda counts the 72 hours down.
    let step = "[data-testid=clock-card] [data-testid=clock-step][data-key='notify-authority']";
    let countdown = wait_for(
        "the clock's card with its step counting down",
        Duration::from_secs(20),
        || {
            let countdown = window.find_all(&format!("{step} [data-testid=step-countdown]"));
            Some(window.text(countdown.first()?)).filter(|t| !t.is_empty())
        },
    );
    assert!(
        countdown.starts_with("2 days 2") && countdown.ends_with(" left"),
        "about 70 hours are left: {countdown}"
    );
    // Read from the DOM: WebDriver's visible text leaves out a line cut short
    // with an ellipsis, though the window shows it.
    let text = |css: &str| {
        window.execute(&format!(
            "return document.querySelector(\"{css}\").textContent"
        ))
    };
    assert_eq!(
        text(&format!("{step} .step-title")),
        "Notify the supervisory authority"
    );
    assert_eq!(
        text("[data-testid=clock-card] h3"),
        "Customer database exposed"
    );

    // The notification submitted, recorded from the card: now, with a note.
    window.click(&window.find("[data-testid=record-on-clock]"));
    let what = window.execute("return document.querySelector('#r-what').value");
    assert_eq!(what, "notify-authority", "the step due is offered first");
    window.type_into(&window.find("#r-note"), "Reference 2026-118");
    window.click(&window.find("[data-testid=confirm-record]"));
    wait_for(
        "the step shown as submitted",
        Duration::from_secs(20),
        || {
            window
                .find_all(&format!("{step}[data-status='submitted']"))
                .into_iter()
                .next()
        },
    );

    // docketctl reads the clock back from the same database: the step submitted.
    let clocks = docketctl_json(data.path(), &["clock", "list", "--json"]);
    let clock = &clocks.as_array().unwrap()[0];
    assert_eq!(clock["template"], "gdpr-breach");
    assert_eq!(clock["title"], "Customer database exposed");
    assert_eq!(clock["tz"], "UTC");
    let notify = &clock["steps"][0];
    assert_eq!(notify["key"], "notify-authority");
    assert_eq!(notify["status"], "submitted", "{clock}");
    assert!(notify["submitted_at"].is_string(), "{clock}");
    assert_eq!(
        clock["events"][0]["at"].as_str().unwrap()[..16],
        aware,
        "the moment typed, in UTC: {clock}"
    );
}

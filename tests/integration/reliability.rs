//! Nothing lost: backups and restores, `docketctl check`, and a database
//! killed in the middle of writes.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use docket_tests::{docketctl, docketctl_json, pack_items, wait_for, App};

use docket_tests::docketctl_ok as ok;

fn titles(data: &Path) -> Vec<String> {
    let mut t: Vec<String> = docketctl_json(data, &["list", "--status", "all", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap().to_owned())
        .collect();
    t.sort();
    t
}

#[test]
fn a_backup_restores_the_database_as_it_was_and_the_replaced_one_is_kept() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    ok(
        d,
        &["add", "--title", "Before the backup", "--due", "2027-03-31"],
    );
    let file = d.join("manual.sqlite3");
    assert!(ok(d, &["backup", "-o", file.to_str().unwrap()]).contains("Backed up to"));
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let before = titles(d);
    ok(
        d,
        &["add", "--title", "After the backup", "--due", "2027-04-30"],
    );

    let out = ok(d, &["restore", file.to_str().unwrap()]);
    assert!(out.contains("The database it replaced is kept as"), "{out}");
    assert_eq!(titles(d), before);
    // The database it replaced was backed up first and is kept beside it.
    let safety: Vec<_> = std::fs::read_dir(d.join("backups"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("before-restore-"))
        .collect();
    assert_eq!(safety.len(), 1);
    let kept = std::fs::read_dir(d)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .any(|n| n.starts_with("docket.sqlite3.before-restore-"));
    assert!(kept);
    let check = docketctl_json(d, &["check", "--json"]);
    assert_eq!(check["integrity"], "ok");
    assert_eq!(check["deadlines"], pack_items() + 1);
    assert!(check["history"].as_u64().unwrap() as usize > pack_items());
}

#[test]
fn a_file_that_is_not_a_docket_backup_is_not_restored() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    ok(d, &["add", "--title", "Kept", "--due", "2027-03-31"]);
    let before = titles(d);
    let garbage = d.join("garbage.sqlite3");
    std::fs::write(&garbage, vec![0x5a; 8192]).unwrap();
    let foreign = d.join("foreign.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); PRAGMA user_version = 3;")
        .unwrap();
    let newer = d.join("newer.sqlite3");
    ok(d, &["backup", "-o", newer.to_str().unwrap()]);
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let missing = d.join("backups").join("daily-2026-12-01.sqlite3");
    for (file, says) in [
        (&missing, "there is no such file"),
        (&garbage, "is not an SQLite database"),
        (&foreign, "is not a Docket database"),
        (&newer, "its schema version is 99"),
    ] {
        let out = docketctl(d, "UTC", &["restore", file.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(stderr.contains("The database is unchanged"), "{stderr}");
        assert_eq!(titles(d), before);
    }
}

#[test]
fn the_running_app_takes_the_daily_backup_into_a_private_folder() {
    let data = tempfile::tempdir().unwrap();
    let mut app = App::start(data.path(), &[]);
    let backups = data.path().join("backups");
    let daily = wait_for("the daily backup", Duration::from_secs(30), || {
        std::fs::read_dir(&backups)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| {
                p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    n.starts_with("daily-") && n.ends_with(".sqlite3")
                })
            })
    });
    assert!(app.is_running());
    assert_eq!(
        std::fs::metadata(&backups).unwrap().permissions().mode() & 0o777,
        0o700
    );
    wait_for("the backup to be whole", Duration::from_secs(10), || {
        (std::fs::metadata(&daily).ok()?.permissions().mode() & 0o777 == 0o600).then_some(())
    });
    // The log says so once the day's backups (daily and monthly) are made.
    wait_for("the backup in the log", Duration::from_secs(10), || {
        app.log().contains("backed up to").then_some(())
    });
    // With the app running, a restore is refused and says why.
    let out = docketctl(data.path(), "UTC", &["restore", daily.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(app.is_running(), "{}", app.log());
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Docket is running"), "{stderr}");
}

/// A small deterministic generator, so that a failing round can be replayed.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn twenty_rounds_of_writes_killed_at_random_lose_no_acknowledged_write_and_leave_no_half_row() {
    use std::io::BufRead;
    use std::os::unix::process::CommandExt;
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    ok(d, &["list"]);
    let docketctl = docket_tests::binary("docketctl");
    let mut seed = 0x00d0_cce7_2026_1201_u64;
    let mut acknowledged_total = 0;
    for round in 0..20 {
        // Adds, each moved and then marked done: three transactions per item.
        let script = format!(
            "for i in $(seq 1 400); do id=$('{ctl}' add --title \"r{round}-w$i\" --due 2027-01-01) || exit 1; \
             echo \"add $i\"; '{ctl}' edit \"$id\" --due 2027-02-02 >/dev/null || exit 1; echo \"edit $i\"; \
             '{ctl}' done \"$id\" >/dev/null || exit 1; echo \"done $i\"; done",
            ctl = docketctl.display()
        );
        let mut writer = std::process::Command::new("bash")
            .arg("-c")
            .arg(&script)
            .env("DOCKET_DATA_DIR", d)
            .env("TZ", "UTC")
            .stdout(std::process::Stdio::piped())
            .process_group(0)
            .spawn()
            .unwrap();
        let stdout = writer.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        std::thread::sleep(Duration::from_millis(300 + next(&mut seed) % 1200));
        // SIGKILL to the whole group: the shell and the docketctl in flight.
        let pgid = writer.id() as i32;
        let killed = std::process::Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .status()
            .unwrap();
        assert!(killed.success());
        let _ = writer.wait();
        let acks = reader.join().unwrap();
        assert!(
            !acks.is_empty(),
            "round {round}: the writer got going before the kill"
        );
        acknowledged_total += acks.len();

        let db = rusqlite::Connection::open(d.join("docket.sqlite3")).unwrap();
        let integrity: String = db
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok", "round {round}");
        db.execute(
            "INSERT INTO deadline_search (deadline_search) VALUES ('integrity-check')",
            [],
        )
        .expect("the search index matches the deadlines");
        for ack in &acks {
            let (what, i) = ack.split_once(' ').unwrap();
            let title = format!("r{round}-w{i}");
            let (due, status): (String, String) = db
                .query_row(
                    "SELECT due_date, status FROM deadline WHERE title = ?1",
                    [&title],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap_or_else(|_| panic!("round {round}: acknowledged {ack} is stored"));
            match what {
                "edit" => assert_eq!(due, "2027-02-02", "round {round}: {ack}"),
                "done" => assert_eq!(
                    (due.as_str(), status.as_str()),
                    ("2027-02-02", "done"),
                    "round {round}: {ack}"
                ),
                _ => {}
            }
        }
        // No half-written change: every row has its history, every move and
        // status change its entry, and nothing else.
        let orphans: i64 = db
            .query_row(
                "SELECT count(*) FROM deadline d WHERE NOT EXISTS \
                 (SELECT 1 FROM history h WHERE h.deadline_id = d.id AND h.action = 'created')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            orphans, 0,
            "round {round}: a deadline without its creation entry"
        );
        let unrecorded: i64 = db
            .query_row(
                "SELECT count(*) FROM deadline d WHERE (d.due_date = '2027-02-02' AND NOT EXISTS \
                 (SELECT 1 FROM history h WHERE h.deadline_id = d.id AND h.action = 'moved')) \
                 OR (d.status = 'done' AND NOT EXISTS \
                 (SELECT 1 FROM history h WHERE h.deadline_id = d.id AND h.action = 'status'))",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            unrecorded, 0,
            "round {round}: a change without its history entry"
        );
    }
    eprintln!("crash rounds survived: 20; acknowledged writes checked: {acknowledged_total}");
    assert!(
        acknowledged_total >= 200,
        "hundreds of writes: {acknowledged_total}"
    );
}

/// A data dir whose database holds the pack and one deadline of the officer's.
fn with_data() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    ok(
        data.path(),
        &[
            "add",
            "--title",
            "Kept through everything",
            "--due",
            "2027-03-31",
        ],
    );
    data
}

#[test]
fn docketctl_refuses_a_damaged_or_newer_database_with_exit_3_and_leaves_it_as_it_is() {
    let garbage: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    /// A way to spoil a database file.
    type Spoil = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Spoil, &str)> = vec![
        (
            "cut short",
            Box::new(|db: &Path| {
                let bytes = std::fs::read(db).unwrap();
                std::fs::write(db, &bytes[..bytes.len() / 3]).unwrap();
            }),
            "is damaged",
        ),
        (
            "garbage",
            Box::new(move |db: &Path| std::fs::write(db, &garbage).unwrap()),
            "is damaged",
        ),
        (
            "newer",
            Box::new(|db: &Path| {
                rusqlite::Connection::open(db)
                    .unwrap()
                    .pragma_update(None, "user_version", 99)
                    .unwrap();
            }),
            "written by a newer version of Docket",
        ),
    ];
    for (name, spoil, says) in cases {
        let data = with_data();
        let db = data.path().join("docket.sqlite3");
        // Fold the WAL in first, so that the file on its own is the database.
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
        spoil(&db);
        let bytes = std::fs::read(&db).unwrap();
        let out = docketctl(data.path(), "UTC", &["list"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{name}: {stderr}");
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert_eq!(
            std::fs::read(&db).unwrap(),
            bytes,
            "{name}: the file is left as it is"
        );
    }
}

#[test]
fn a_database_locked_by_another_program_makes_a_write_fail_clearly_and_changes_nothing() {
    let data = with_data();
    let before = titles(data.path());
    let other = rusqlite::Connection::open(data.path().join("docket.sqlite3")).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    let out = docketctl(
        data.path(),
        "UTC",
        &["add", "--title", "Blocked", "--due", "2027-05-05"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("locked by another program"), "{stderr}");
    other.execute_batch("ROLLBACK;").unwrap();
    assert_eq!(titles(data.path()), before);
}

#[test]
fn the_app_sets_a_damaged_database_aside_starts_afresh_and_names_the_newest_backup() {
    let _daemon = docket_tests::notification_daemon();
    let data = with_data();
    let d = data.path();
    let backup = d.join("backups/manual-before.sqlite3");
    ok(d, &["backup", "-o", backup.to_str().unwrap()]);
    let db = d.join("docket.sqlite3");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    let bytes = std::fs::read(&db).unwrap();
    let damaged: Vec<u8> = bytes
        .iter()
        .enumerate()
        .map(|(i, b)| if i > 100 { b ^ 0x5a } else { *b })
        .collect();
    std::fs::write(&db, &damaged).unwrap();

    let mut app = App::start(d, &[]);
    let aside = wait_for(
        "the damaged file to be set aside",
        Duration::from_secs(30),
        || {
            std::fs::read_dir(d)
                .ok()?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .find(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("docket.sqlite3.corrupt-"))
                })
        },
    );
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        damaged,
        "set aside byte for byte, never overwritten"
    );
    assert!(app.is_running(), "{}", app.log());
    wait_for("the app's message", Duration::from_secs(30), || {
        app.log().contains("was damaged").then_some(())
    });
    let log = app.log();
    assert!(
        log.contains(&format!("docketctl restore {}", backup.display())),
        "{log}"
    );
    let shown = wait_for(
        "the notice of the damaged database",
        Duration::from_secs(90),
        || {
            let got: Vec<_> = docket_tests::notifications(None)
                .into_iter()
                .filter(|n| n.summary == "Docket's database was damaged and was set aside")
                .collect();
            (!got.is_empty()).then_some(got)
        },
    );
    assert_eq!(shown.len(), 1);
    // The new database works; the window would show the same sentence.
    assert_eq!(titles(d).len(), pack_items());
    let problem: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT value FROM settings WHERE key = 'startup_problem'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(problem.contains("moved aside, unchanged"), "{problem}");
    // Quit, restore the offered backup: the officer's deadline is back.
    app.kill();
    ok(d, &["restore", backup.to_str().unwrap()]);
    assert!(titles(d).contains(&"Kept through everything".to_owned()));
}

#[test]
fn a_backup_restores_over_a_damaged_database_which_is_set_aside() {
    let data = with_data();
    let d = data.path();
    let backup = d.join("good.sqlite3");
    ok(d, &["backup", "-o", backup.to_str().unwrap()]);
    let db = d.join("docket.sqlite3");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    std::fs::write(&db, b"not a database any more").unwrap();
    let out = ok(d, &["restore", backup.to_str().unwrap()]);
    assert!(out.contains("corrupt-"), "{out}");
    assert!(titles(d).contains(&"Kept through everything".to_owned()));
    let aside: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().contains("docket.sqlite3.corrupt-"))
        .collect();
    assert_eq!(
        std::fs::read(&aside[0]).unwrap(),
        b"not a database any more"
    );
}

#[test]
fn a_full_disk_makes_an_import_fail_clearly_and_keeps_what_is_stored() {
    let data = with_data();
    let d = data.path();
    let csv = d.join("big.csv");
    let mut rows = String::from("title,due_date,description\n");
    for i in 0..3000 {
        rows.push_str(&format!(
            "Item {i},2027-01-01,{}\n",
            "a long description ".repeat(20)
        ));
    }
    std::fs::write(&csv, rows).unwrap();
    let export = |name: &str| {
        let path = d.join(name);
        ok(
            d,
            &["export", "--format", "csv", "-o", path.to_str().unwrap()],
        );
        std::fs::read(path).unwrap()
    };
    let before = export("before.csv");
    // The disk fills up: no file of this process may grow past 1 MiB
    // (RLIMIT_FSIZE), and the write fails with EFBIG instead of a signal.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 2048; exec '{}' import '{}'",
            docket_tests::binary("docketctl").display(),
            csv.display()
        ))
        .env("DOCKET_DATA_DIR", d)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the import cannot fit: {stderr}");
    assert!(
        stderr.contains("could not be saved") && stderr.contains("Nothing was changed"),
        "{stderr}"
    );
    assert_eq!(
        export("after.csv"),
        before,
        "what was stored is all still there"
    );
    let check = docketctl_json(d, &["check", "--json"]);
    assert_eq!(check["integrity"], "ok");
}

/// The pid of the window process on the data dir `dir`.
fn window_pid(dir: &Path) -> Option<u32> {
    let wanted = format!("DOCKET_DATA_DIR={}", dir.display());
    std::fs::read_dir("/proc")
        .ok()?
        .filter_map(Result::ok)
        .find_map(|e| {
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let cmdline = std::fs::read(e.path().join("cmdline")).ok()?;
            let environ = std::fs::read(e.path().join("environ")).ok()?;
            let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
            let is_window = args.first().is_some_and(|a| a.ends_with(b"/docket"))
                && args.iter().any(|a| *a == b"--window");
            let ours = environ.split(|b| *b == 0).any(|v| v == wanted.as_bytes());
            (is_window && ours).then_some(pid)
        })
}

#[test]
fn the_window_killed_while_it_writes_through_its_commands_loses_no_acknowledged_write() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "run through `make test` (scripts/headless)"
    );
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let mut seed = 0x0b5e_55ed_u64;
    let mut acknowledged_total = 0;
    for round in 0..10 {
        let driver = docket_tests::TauriDriver::start(&[("DOCKET_DATA_DIR", d)]);
        let window = driver.session(&docket_tests::binary("docket"), &["--window"]);
        wait_for("the agenda", Duration::from_secs(30), || {
            (!window.find_all("[data-testid=deadline-row]").is_empty()).then_some(())
        });
        // The page creates deadlines through the app's command, one after another.
        window.execute(&format!(
            "window.__acks = 0; (async () => {{ for (let i = 1; i <= 5000; i++) {{ \
             await window.__TAURI_INTERNALS__.invoke('create_deadline', {{ fields: {{ title: 'app-r{round}-w' + i, due_date: '2027-01-01' }} }}); \
             window.__acks = i; }} }})(); return 0;"
        ));
        // Once the writes have started, the kill comes at a random moment.
        wait_for("the first write", Duration::from_secs(20), || {
            (window
                .execute("return window.__acks;")
                .as_u64()
                .unwrap_or(0)
                > 0)
            .then_some(())
        });
        let until = std::time::Instant::now() + Duration::from_millis(300 + next(&mut seed) % 1500);
        while std::time::Instant::now() < until {
            std::thread::sleep(Duration::from_millis(50));
        }
        // Every write counted here was acknowledged before the kill.
        let acks = window
            .execute("return window.__acks;")
            .as_u64()
            .unwrap_or(0);
        let pid = window_pid(d).expect("the window process");
        let killed = std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        drop(window);
        drop(driver);
        acknowledged_total += acks;

        let db = rusqlite::Connection::open(d.join("docket.sqlite3")).unwrap();
        let integrity: String = db
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok", "round {round}");
        for i in 1..=acks {
            let found: i64 = db
                .query_row(
                    "SELECT count(*) FROM deadline WHERE title = ?1",
                    [format!("app-r{round}-w{i}")],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(
                found, 1,
                "round {round}: acknowledged write {i} is stored once"
            );
        }
        let orphans: i64 = db
            .query_row(
                "SELECT count(*) FROM deadline d WHERE NOT EXISTS \
                 (SELECT 1 FROM history h WHERE h.deadline_id = d.id AND h.action = 'created')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(orphans, 0, "round {round}");
    }
    eprintln!(
        "window crash rounds survived: 10; acknowledged writes checked: {acknowledged_total}"
    );
}

/// Runs docketctl as a user who is not the owner of the data: `nobody` when
/// the tests run as root (whom file permissions do not stop), else as the
/// current user, after the caller has taken its access away.
fn docketctl_as_other(tools: &Path, data: &Path, args: &[&str]) -> std::process::Output {
    // A copy of docketctl that any user may run.
    let ctl = tools.join("docketctl");
    if !ctl.exists() {
        std::fs::copy(docket_tests::binary("docketctl"), &ctl).unwrap();
    }
    std::fs::set_permissions(tools, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&ctl, std::fs::Permissions::from_mode(0o755)).unwrap();
    let root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    let mut command = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&ctl);
        c
    } else {
        std::process::Command::new(&ctl)
    };
    command
        .args(args)
        .env("DOCKET_DATA_DIR", data)
        .env("HOME", tools)
        .output()
        .unwrap()
}

#[test]
fn a_database_the_user_may_not_read_or_write_is_refused_clearly_and_left_as_it_is() {
    use std::os::unix::fs::chown;
    let tools = tempfile::tempdir().unwrap();
    let root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);

    // Not readable: the data folder belongs to someone else (or has no access).
    let data = with_data();
    let db = data.path().join("docket.sqlite3");
    let before = std::fs::read(&db).unwrap();
    if !root {
        std::fs::set_permissions(data.path(), std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let out = docketctl_as_other(tools.path(), data.path(), &["list"]);
    std::fs::set_permissions(data.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("may not read its database") && stderr.contains("permission denied"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);

    // Read-only: the user owns the database, but its folder cannot be written.
    let shared = tempfile::tempdir().unwrap();
    std::fs::set_permissions(shared.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let ro = shared.path().join("data");
    std::fs::create_dir(&ro).unwrap();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    std::fs::copy(&db, ro.join("docket.sqlite3")).unwrap();
    let before = std::fs::read(ro.join("docket.sqlite3")).unwrap();
    if root {
        chown(&ro, Some(65534), Some(65534)).unwrap();
        chown(ro.join("docket.sqlite3"), Some(65534), Some(65534)).unwrap();
    }
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o500)).unwrap();
    let out = docketctl_as_other(
        tools.path(),
        &ro,
        &["add", "--title", "Cannot be saved", "--due", "2027-01-01"],
    );
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o700)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("read-only for this user"), "{stderr}");
    assert_eq!(
        std::fs::read(ro.join("docket.sqlite3")).unwrap(),
        before,
        "nothing stored is lost or changed"
    );
}

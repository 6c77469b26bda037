//! docket-core's table of public holidays against Python's `holidays`
//! package at the version tests/requirements.txt pins: the committed
//! src-tauri/core/data/holidays.json must be exactly what
//! scripts/public-holidays.py makes from it, so that a stale or hand-edited
//! table fails.

use std::path::Path;

use docket_tests::run_python;

/// Runs the script as `public-holidays.py -`, which prints the table.
const PRINT_TABLE: &str = r#"
import runpy, sys
sys.argv = [sys.argv[1], "-"]
runpy.run_path(sys.argv[0], run_name="__main__")
"#;

const REGENERATE: &str =
    "scripts/setup-python && .build/venv/bin/python scripts/public-holidays.py";

#[test]
fn the_holiday_table_is_what_the_pinned_holidays_package_makes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let committed =
        std::fs::read_to_string(root.join("src-tauri/core/data/holidays.json")).unwrap();

    let requirements = std::fs::read_to_string(root.join("tests/requirements.txt")).unwrap();
    let pinned = requirements
        .lines()
        .find_map(|line| line.strip_prefix("holidays=="))
        .expect("tests/requirements.txt pins holidays");
    let source = format!("\"source\": \"python-holidays {pinned}\",");
    assert!(
        committed.lines().any(|line| line == source),
        "holidays.json was not made with holidays {pinned}, the pinned version; run {REGENERATE}"
    );

    let made = run_python(PRINT_TABLE, &[&root.join("scripts/public-holidays.py")]);
    if made != committed {
        let ours: Vec<&str> = committed.lines().collect();
        let theirs: Vec<&str> = made.lines().collect();
        let Some(line) = (0..ours.len().max(theirs.len())).find(|&i| ours.get(i) != theirs.get(i))
        else {
            panic!(
                "holidays.json differs from what the package makes in its line endings; \
                 run {REGENERATE}"
            );
        };
        let end = "(end of file)";
        panic!(
            "holidays.json differs from what the package makes, first at line {}:\n  \
             committed: {}\n  package:   {}\nrun {REGENERATE}",
            line + 1,
            ours.get(line).unwrap_or(&end),
            theirs.get(line).unwrap_or(&end)
        );
    }
}

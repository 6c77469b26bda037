//! iCalendar import: any bytes either parse into deadlines or are refused
//! with a line; whatever parses is then validated as the store would.
#![no_main]
use docket_core::interop::ics;
use docket_core::model::Draft;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match ics::parse(text, "Europe/Brussels") {
        Ok(items) => {
            for item in items.into_iter().flatten() {
                let _ = Draft::new(&item.fields, "Europe/Brussels");
            }
        }
        Err(problem) => assert!(problem.line >= 1),
    }
});

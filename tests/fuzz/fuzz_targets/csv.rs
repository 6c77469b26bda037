//! CSV import, with the default and a day-first date format.
#![no_main]
use docket_core::interop::csv::{parse, CsvOptions};
use docket_core::model::Draft;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for options in [
        CsvOptions::default(),
        CsvOptions {
            date_format: Some("%d/%m/%Y".into()),
        },
    ] {
        if let Ok(items) = parse(text, "UTC", &options) {
            for item in items.into_iter().flatten() {
                let _ = Draft::new(&item.fields, "UTC");
            }
        }
    }
});

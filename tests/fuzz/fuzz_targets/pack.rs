//! A regulation pack: checked, and viewed at each of its versions.
#![no_main]
use docket_core::packs::Pack;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(pack) = Pack::from_json(text) {
        for version in 0..=pack.version.min(8) {
            let _ = pack.as_of(version);
        }
    }
});

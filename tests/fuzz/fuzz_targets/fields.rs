//! The fields a person types: date, time, zone, lead times and repetition,
//! validated as a new deadline, and a repetition stepped forward.
#![no_main]
use docket_core::model::{DeadlineFields, Draft, LeadTime};
use docket_core::recurrence::Recurrence;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.split('\u{1f}').map(str::to_owned);
    let mut next = || parts.next();
    let fields = DeadlineFields {
        title: next(),
        due_date: next(),
        due_time: next(),
        tz: next(),
        lead_times: next(),
        recurrence: next(),
        ..DeadlineFields::default()
    };
    if let Ok(draft) = Draft::new(&fields, "UTC") {
        if let Some(rule) = &draft.recurrence {
            let mut due = draft.due_date;
            for _ in 0..4 {
                match rule.next_after(due) {
                    Some((d, _)) => {
                        assert!(d > due, "a repetition moves forward");
                        due = d;
                    }
                    None => break,
                }
            }
        }
    }
    let _ = LeadTime::parse_list(text);
    let _ = Recurrence::parse(text);
});

//! The TypeScript types of the window, generated from the Rust types that
//! cross the IPC boundary. A test fails when `ui/src/lib/types.gen.ts` is
//! stale; `make types` (or `UPDATE_TYPES=1 cargo test -p docket ts_types`)
//! rewrites it. It lives in the shell, the one crate that sees every type
//! the window receives.

use docket_core::applicability::{AiSystem, Verdict};
use docket_core::clocks::{Named, TemplateView};
use docket_core::error::{Code, ErrorReport};
use docket_core::interop::{Format, ImportReport, ImportedItem, Unusable};
use docket_core::model::{Deadline, DeadlineFields, Kind, Status};
use docket_core::packs::{Asked, Choice, Question};
use docket_core::reminders::{Occurrence, Pause};
use docket_core::store::clocks::{ClockEventView, ClockView, StepView};
use docket_core::store::evidence::Evidence;
use docket_core::store::packs::PackConflict;
use docket_core::store::profile::{Counts, Effect, PackQuestion, ProfileChange, ProfileView};
use docket_core::store::reminder_log::ReminderEntry;
use docket_core::store::search::SearchHit;
use docket_core::store::sync::{Account, Keep, SyncConflict};
use docket_core::store::trail::TrailCheck;
use docket_core::store::{Change, HistoryEntry};
use docket_core::{AppInfo, ReminderStatus, SettingsView};
use docket_sync::{Progress, SyncOutcome, SyncProgress, SyncReport};
use ts_rs::TS;

/// The contents of `types.gen.ts`.
pub fn typescript() -> String {
    let decls = [
        Kind::decl(),
        Status::decl(),
        Deadline::decl(),
        DeadlineFields::decl(),
        Change::decl(),
        HistoryEntry::decl(),
        Occurrence::decl(),
        ReminderEntry::decl(),
        SearchHit::decl(),
        PackConflict::decl(),
        Format::decl(),
        Unusable::decl(),
        ImportedItem::decl(),
        ImportReport::decl(),
        Code::decl(),
        ErrorReport::decl(),
        AppInfo::decl(),
        ReminderStatus::decl(),
        SettingsView::decl(),
        Pause::decl(),
        Account::decl(),
        SyncConflict::decl(),
        Keep::decl(),
        Named::decl(),
        TemplateView::decl(),
        ClockEventView::decl(),
        StepView::decl(),
        ClockView::decl(),
        Progress::decl(),
        SyncProgress::decl(),
        SyncReport::decl(),
        SyncOutcome::decl(),
        Asked::decl(),
        Choice::decl(),
        Question::decl(),
        PackQuestion::decl(),
        AiSystem::decl(),
        Counts::decl(),
        ProfileView::decl(),
        Effect::decl(),
        Verdict::decl(),
        ProfileChange::decl(),
        Evidence::decl(),
        TrailCheck::decl(),
    ];
    let mut out = String::from(
        "// Generated from the Rust types in src-tauri/core by `make types`. Do not edit.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_ui_types_are_generated_from_the_current_rust_types() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/lib/types.gen.ts");
        let expected = super::typescript();
        if std::env::var_os("UPDATE_TYPES").is_some() {
            std::fs::write(path, &expected).expect("write types.gen.ts");
        }
        let found = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            found == expected,
            "ui/src/lib/types.gen.ts is stale; run `make types` to regenerate it"
        );
    }
}

// Generated from the Rust types in src-tauri/core by `make types`. Do not edit.

export type Kind = "obligation" | "milestone" | "commitment" | "proposal" | "internal";

export type Status = "open" | "done" | "waived" | "superseded";

export type Deadline = { 
/**
 * Stable text id (ULID for the officer's own, `pack:item` for pack items).
 */
id: string, title: string, description: string, kind: Kind, regulation: string, 
/**
 * The legal reference, e.g. "Art. 113(b)".
 */
reference: string, jurisdiction: string, source_url: string, owner: string, tags: Array<string>, due_date: string, 
/**
 * Local time of day in `tz`, `HH:MM`; none for a date-only deadline.
 */
due_time: string | null, 
/**
 * IANA zone the due date and time are in.
 */
tz: string, 
/**
 * Overrides the default lead times when set.
 */
lead_times: string[] | null, status: Status, done_at: string | null, done_note: string, pack_id: string | null, pack_item_id: string | null, 
/**
 * The due date before an amendment moved it.
 */
original_due_date: string | null, 
/**
 * What moved the due date, e.g. the amending regulation.
 */
amended_by: string | null, 
/**
 * Why a fact is not fully verified, when it is not.
 */
unverified: string | null, 
/**
 * Bumped each time the due moves; reminders belong to one revision.
 */
due_revision: number, 
/**
 * Bumped on every change to the row.
 */
revision: number, created_at: string, updated_at: string, 
/**
 * When the current due was set (created or last moved): no reminder of
 * the current revision is owed from before this instant.
 */
due_changed_at: string, 
/**
 * How it repeats, as RRULE text read from the current due date
 * ("FREQ=MONTHLY;INTERVAL=3"); none for a one-off deadline.
 */
recurrence: string | null, 
/**
 * Whether it applies to the organisation: always for the officer's own;
 * for a pack's item, as its condition and the answers decide, none
 * while a question it needs is unanswered ([`crate::applicability`]).
 */
applies: boolean | null, 
/**
 * The sentence that says why: "does not apply: you answered that …".
 */
applies_because: string, 
/**
 * The questions to answer before it is known, by key.
 */
asks: Array<string>, 
/**
 * Whether someone must act on it ([`Deadline::is_task`]); worked out
 * when read from the store, for the window.
 */
task: boolean, 
/**
 * The instant it falls due: its time in `tz`, or the start of its day
 * there when it has no time. Worked out when read from the store.
 */
due_at: string, };

export type DeadlineFields = { title: string | null, due_date: string | null, due_time: string | null, tz: string | null, kind: string | null, regulation: string | null, reference: string | null, owner: string | null, description: string | null, source_url: string | null, 
/**
 * Comma-separated lead times (`30d,7d,1d,2h`); empty for the defaults.
 */
lead_times: string | null, 
/**
 * An RRULE ("FREQ=YEARLY"); empty for a one-off deadline.
 */
recurrence: string | null, 
/**
 * Comma-separated tags (`audit, board`); empty for none.
 */
tags: string | null, 
/**
 * Why the due date, time or zone moves, for the history; not stored on
 * the deadline. Given without a move, it is refused.
 */
move_reason: string | null, };

export type Change = { field: string, before: string | null, after: string | null, };

export type HistoryEntry = { id: number, deadline_id: string, at: string, 
/**
 * The OS user who made the change.
 */
actor: string, 
/**
 * How: "window", "docketctl", "pack".
 */
via: string, 
/**
 * "created", "edited", "moved", "amended", "status".
 */
action: string, 
/**
 * A sentence for people: "Moved from 2 August 2026 to 2 December 2027 by …".
 */
summary: string, changes: Array<Change>, };

export type Occurrence = { deadline_id: string, title: string, lead: string, 
/**
 * "7 days before", "on the day".
 */
stage: string, due_revision: number, fire_at: string, due_at: string, due_date: string, 
/**
 * True when this is the once-more delivery of a snoozed reminder.
 */
snoozed: boolean, };

export type ReminderEntry = { 
/**
 * "7d", "0d", "2h".
 */
lead: string, 
/**
 * "7 days before", "on the day".
 */
stage: string, due_revision: number, fire_at: string, recorded_at: string, 
/**
 * "delivered", "superseded" or "failed".
 */
outcome: string, 
/**
 * "notification" or "digest", when delivered.
 */
channel: string | null, 
/**
 * "none", "opened", "snoozed", "dismissed" or "done".
 */
action: string, snooze_until: string | null, };

export type SearchHit = { id: string, title: string, 
/**
 * A marked excerpt of the description, reference or notes, when the
 * match is there.
 */
snippet: string, };

export type PackConflict = { deadline_id: string, title: string, pack_id: string, pack_version: number, 
/**
 * "The EU AI Act pack (version 2) moves this from … to … by …; it was edited in Docket."
 */
summary: string, };

export type Format = "ics" | "csv" | "json";

export type Unusable = { line: number, 
/**
 * "“Quarterly report”", or empty for the file as a whole.
 */
what: string, reason: string, };

export type ImportedItem = { id: string, title: string, line: number, 
/**
 * What changed ("Moved from … to …"), or what could not be kept.
 */
notes: Array<string>, };

export type ImportReport = { dry_run: boolean, added: Array<ImportedItem>, changed: Array<ImportedItem>, 
/**
 * Already in Docket exactly as in the file.
 */
unchanged: Array<ImportedItem>, 
/**
 * Left out because they cannot be imported (with `--skip-invalid`).
 */
skipped: Array<Unusable>, };

export type Code = "invalid" | "not_found" | "already_deleted" | "nothing_to_do" | "ambiguous_id" | "no_account" | "account_exists" | "invalid_pack" | "invalid_import" | "backup" | "data_dir" | "database_unavailable" | "newer_schema" | "database_damaged" | "database_locked" | "database_read_only" | "database_no_access" | "database_read_failed" | "database_write_failed" | "file_read_failed" | "file_write_failed" | "unauthorized" | "server_unreachable" | "server_error" | "keyring" | "no_source" | "open_failed" | "autostart_failed" | "dialog" | "ipc";

export type ErrorReport = { code: Code, message: string, field: string | null, 
/**
 * Every field's problem, the first being `field`'s; empty when the
 * error is about no field.
 */
problems: Array<{ field: string, message: string, }>, };

export type AppInfo = { data_dir: string, local_zone: string, version: string, };

export type ReminderStatus = { 
/**
 * Why notifications cannot be shown, when they cannot.
 */
notification_problem: string | null, 
/**
 * RFC 3339 instant until which reminders are paused.
 */
paused_until: string | null, autostart: boolean, 
/**
 * What went wrong when Docket started (a damaged database set aside),
 * until dismissed.
 */
startup_problem: string | null, };

export type SettingsView = { 
/**
 * Comma-separated default lead times, e.g. "90d,30d,7d,1d,0d".
 */
default_lead_times: string, 
/**
 * Local time of day at which day-based reminders fire, HH:MM.
 */
reminder_time: string, };

export type Pause = "hour" | "tomorrow" | "none";

export type Account = { name: string, server_url: string, username: string, calendar_url: string, calendar_name: string, 
/**
 * "event" or "todo".
 */
shape: string, 
/**
 * Which deadlines it sends: "all", "own" or "pack:ID".
 */
scope: string, last_sync_at: string | null, last_error: string | null, 
/**
 * Local changes not yet on the server.
 */
pending: number, 
/**
 * Conflicts waiting for the officer.
 */
conflicts: number, };

export type SyncConflict = { id: number, account: string, local: Deadline, 
/**
 * The server's version; `None` when the server deleted it.
 */
server_title: string | null, server_due: string | null, server_status: Status | null, found_at: string, };

export type Keep = "local" | "server";

export type Named = { key: string, title: string, };

export type TemplateView = { key: string, 
/**
 * The pack it comes with.
 */
pack: string, title: string, regulation: string, article: string, source_url: string, unverified: string | null, events: Array<Named>, steps: Array<Named>, };

export type ClockEventView = { key: string, title: string, at: string | null, };

export type StepView = { key: string, title: string, 
/**
 * The instant it falls due (for a period in days, the end of its last
 * day), or none while what it runs from has not happened.
 */
due: string | null, 
/**
 * For a period counted in days, the day it is due by the end of (in
 * the clock's zone); none for one due at an instant.
 */
last_day: string | null, rule: string, 
/**
 * `waiting` (no due date yet), `open`, `overdue`, `submitted` or
 * `closed` (the clock was closed before it was submitted).
 */
status: string, submitted_at: string | null, 
/**
 * The deadline that carries it, once it has a due date.
 */
deadline_id: string | null, };

export type ClockView = { id: string, template: string, title: string, regulation: string, article: string, source_url: string, 
/**
 * Why the template is not fully verified, when it is not.
 */
unverified: string | null, member_state: string, tz: string, started_at: string, closed_at: string | null, close_reason: string, events: Array<ClockEventView>, steps: Array<StepView>, };

export type Progress = { 
/**
 * "pulling" or "sending".
 */
phase: string, done: number, total: number, };

export type SyncProgress = { account: string, progress: Progress, };

export type SyncReport = { account: string, 
/**
 * The pull read the whole calendar, not only what changed.
 */
full: boolean, added: number, changed: number, deleted: number, sent: number, removed_from_server: number, conflicts: number, 
/**
 * Resources on the server that hold no usable deadline, with why.
 */
unreadable: Array<string>, };

export type SyncOutcome = { account: string, report: SyncReport | null, 
/**
 * The sentence of the failure, when it failed.
 */
error: string | null, 
/**
 * "3 from the server, 2 sent", or the failure.
 */
summary: string, };

export type Asked = "organisation" | "system";

export type Choice = { value: string, label: string, 
/**
 * Completes "you answered that …": "you are not a financial entity".
 */
says: string, };

export type Question = { 
/**
 * `pack-id.name`, unique across the packs.
 */
key: string, 
/**
 * Asked once of the organisation, or of each AI system it lists.
 */
of: Asked, question: string, help: string, 
/**
 * The article that decides it: "DORA Art. 2".
 */
reference: string, source_url: string, 
/**
 * Several choices may hold at once.
 */
several: boolean, 
/**
 * Among the handful asked when Docket first opens.
 */
first_run: boolean, choices: Array<Choice>, };

export type PackQuestion = { pack_id: string, pack_title: string, 
/**
 * `pack-id.name`, unique across the packs.
 */
key: string, 
/**
 * Asked once of the organisation, or of each AI system it lists.
 */
of: Asked, question: string, help: string, 
/**
 * The article that decides it: "DORA Art. 2".
 */
reference: string, source_url: string, 
/**
 * Several choices may hold at once.
 */
several: boolean, 
/**
 * Among the handful asked when Docket first opens.
 */
first_run: boolean, choices: Array<Choice>, };

export type AiSystem = { id: string, name: string, answers: { [key in string]?: Array<string> }, };

export type Counts = { applies: number, does_not_apply: number, not_yet_known: number, };

export type ProfileView = { questions: Array<PackQuestion>, answers: { [key in string]?: Array<string> }, systems: Array<AiSystem>, dates: Counts, };

export type Effect = { 
/**
 * Deadlines that did not apply and now apply or are not yet known.
 */
brings_in: Array<string>, 
/**
 * Deadlines that applied or were not known and now do not apply.
 */
takes_out: Array<string>, 
/**
 * Deadlines that were not known and now are, or the reverse.
 */
settles: Array<string>, };

export type Verdict = { 
/**
 * True, false, or none while a question it needs is unanswered.
 */
applies: boolean | null, 
/**
 * "does not apply: you answered that you are not a financial entity (DORA Art. 2)".
 */
because: string, 
/**
 * The questions to answer before it is known, by key.
 */
asks: Array<string>, };

export type ProfileChange = { at: string, actor: string, via: string, summary: string, };

export type Evidence = { id: string, deadline_id: string | null, clock_id: string | null, clock_step: string | null, 
/**
 * "file" or "link".
 */
kind: string, 
/**
 * The file's name when it was added, or the link's title.
 */
name: string, 
/**
 * 64 lower-case hex digits, for a file.
 */
sha256: string | null, size: number | null, media_type: string | null, url: string | null, 
/**
 * The date it is effective from, YYYY-MM-DD.
 */
effective: string | null, note: string, added_at: string, added_by: string, };

export type TrailCheck = { 
/**
 * How many entries the trail holds.
 */
entries: number, 
/**
 * The last entry's hash: what a later check compares with.
 */
head: string, 
/**
 * The first entry or row that does not match, in a sentence; none
 * when the trail is intact.
 */
broken: string | null, 
/**
 * The entry whose hash is the one looked for (a report's head), when
 * one was looked for and found.
 */
head_found_at: number | null, };

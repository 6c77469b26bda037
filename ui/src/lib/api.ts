// The window's calls into the Rust side. Every call goes through `call`, which
// turns a rejected invoke into an ErrorReport.
import { invoke } from "@tauri-apps/api/core";
import type {
  Account,
  AiSystem,
  AppInfo,
  ClockView,
  Deadline,
  DeadlineFields,
  Effect,
  ErrorReport,
  Evidence,
  Format,
  HistoryEntry,
  ImportReport,
  Named,
  Occurrence,
  PackConflict,
  Pause,
  ProfileView,
  ReminderEntry,
  ReminderStatus,
  SearchHit,
  SettingsView,
  SyncConflict,
  SyncOutcome,
  SyncProgress,
  TemplateView,
  TrailCheck,
} from "./types.gen";
import type { ReportFormat } from "./report";

export function isErrorReport(e: unknown): e is ErrorReport {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    if (isErrorReport(e)) throw e;
    const report: ErrorReport = { code: "ipc", message: String(e), field: null, problems: [] };
    throw report;
  }
}

export const api = {
  listDeadlines: () => call<Deadline[]>("list_deadlines"),
  listUpcoming: (from: string, limit: number) => call<Deadline[]>("list_upcoming", { from, limit }),
  /** Tells the Rust side, which logs it, that the agenda's first screen or the whole agenda has been drawn. */
  /** Changes when another program (docketctl, the tray) has written to the database. */
  dataVersion: () => call<number>("data_version"),
  agendaDrawn: (whole: boolean, unixMs: number) => call<null>("agenda_drawn", { whole, unixMs }),
  createDeadline: (fields: DeadlineFields) => call<Deadline>("create_deadline", { fields }),
  updateDeadline: (id: string, fields: DeadlineFields) =>
    call<Deadline>("update_deadline", { id, fields }),
  markDone: (id: string, note: string) => call<Deadline>("mark_done", { id, note }),
  waive: (id: string, reason: string) => call<Deadline>("waive_deadline", { id, reason }),
  reopen: (id: string) => call<Deadline>("reopen_deadline", { id }),
  remove: (id: string) => call<null>("delete_deadline", { id }),
  restore: (id: string) => call<Deadline>("restore_deadline", { id }),
  listDeleted: () => call<Deadline[]>("list_deleted"),
  clockTemplates: () => call<TemplateView[]>("clock_templates"),
  memberStates: () => call<Named[]>("member_states"),
  listClocks: () => call<ClockView[]>("list_clocks"),
  /** `at` is a date and time on `tz`'s clock (YYYY-MM-DDTHH:MM). */
  startClock: (template: string, at: string, tz: string, memberState: string, title: string) =>
    call<ClockView>("start_clock", { template, at, tz, memberState, title }),
  /** `what` is an event's key or a step's; `at` is on the clock's own zone. */
  recordOnClock: (clockId: string, what: string, at: string, note: string) =>
    call<ClockView>("record_on_clock", { clockId, what, at, note }),
  closeClock: (clockId: string, reason: string) => call<ClockView>("close_clock", { clockId, reason }),
  duplicate: (id: string) => call<Deadline>("duplicate_deadline", { id }),
  history: (id: string) => call<HistoryEntry[]>("deadline_history", { id }),
  reminders: (id: string) => call<ReminderEntry[]>("deadline_reminders", { id }),
  nextReminder: (id: string) => call<Occurrence | null>("next_reminder", { id }),
  appInfo: () => call<AppInfo>("app_info"),
  openSource: (id: string) => call<null>("open_source", { id }),
  openQuestionSource: (key: string) => call<null>("open_question_source", { key }),
  viewState: () => call<string | null>("view_state"),
  saveViewState: (view: string) => call<null>("save_view_state", { view }),
  search: (text: string) => call<SearchHit[]>("search_deadlines", { text }),
  packConflicts: () => call<PackConflict[]>("pack_conflicts"),
  resolveConflict: (id: string, take: boolean) => call<Deadline>("resolve_pack_conflict", { id, take }),
  timeZones: () => call<string[]>("time_zones"),
  dismissStartupProblem: () => call<null>("dismiss_startup_problem"),
  reminderStatus: () => call<ReminderStatus>("reminder_status"),
  reminderSettings: () => call<SettingsView>("reminder_settings"),
  saveReminderSettings: (defaultLeadTimes: string, reminderTime: string) =>
    call<SettingsView>("save_reminder_settings", { defaultLeadTimes, reminderTime }),
  pause: (until: Pause) => call<ReminderStatus>("pause_reminders", { until }),
  pickImportFile: () => call<[string, ImportReport] | null>("pick_import_file"),
  /** Imports the file last chosen with pickImportFile; the page never names a file. */
  importFile: (skipInvalid: boolean) => call<ImportReport>("import_file", { skipInvalid }),
  pickPackFile: () => call<string | null>("pick_pack_file"),
  exportFile: (format: Format) => call<string | null>("export_file", { format }),
  openDataFolder: () => call<null>("open_data_folder"),
  setAutostart: (enabled: boolean) => call<boolean>("set_autostart", { enabled }),
  syncAccounts: () => call<Account[]>("sync_accounts"),
  addSyncAccount: (account: {
    name: string;
    serverUrl: string;
    username: string;
    password: string;
    calendar: string | null;
    todo: boolean;
    scope: string;
  }) => call<Account>("add_sync_account", { account }),
  installedPacks: () => call<[string, string][]>("installed_packs"),
  removeSyncAccount: (name: string) => call<null>("remove_sync_account", { name }),
  syncNow: () => call<SyncOutcome[]>("sync_now"),
  syncProgress: () => call<SyncProgress | null>("sync_progress"),
  syncConflicts: () => call<SyncConflict[]>("sync_conflicts"),
  resolveSyncConflict: (id: number, keep: "local" | "server") => call<null>("resolve_sync_conflict", { id, keep }),
  getProfile: () => call<ProfileView>("get_profile"),
  /** What saving the answer would bring into the agenda and take out of it; nothing is saved. `system` names an AI system, for a question asked of each. */
  previewAnswer: (key: string, values: string[], system: string | null) => call<Effect>("preview_answer", { key, values, system }),
  /** Saves the answer; no values takes it back. The Rust side plans the reminders again. */
  answerQuestion: (key: string, values: string[], system: string | null) => call<Effect>("answer_question", { key, values, system }),
  addSystem: (name: string, answers: Record<string, string[]>) => call<AiSystem>("add_system", { name, answers }),
  removeSystem: (name: string) => call<Effect>("remove_system", { name }),
  syncInterval: () => call<number>("sync_interval"),
  saveSyncInterval: (minutes: number) => call<number>("save_sync_interval", { minutes }),
  /** A deadline's evidence, oldest first. */
  listEvidence: (id: string) => call<Evidence[]>("list_evidence", { id }),
  /** Opens the system's file dialog on the Rust side and attaches the file chosen; null when cancelled. `effective` is YYYY-MM-DD. */
  attachEvidenceFile: (id: string, note: string, effective: string | null) =>
    call<Evidence | null>("attach_evidence_file", { id, note, effective }),
  /** Attaches a web address; the Rust side refuses any that is not http or https. */
  attachEvidenceLink: (id: string, url: string, name: string, note: string, effective: string | null) =>
    call<Evidence>("attach_evidence_link", { id, url, name, note, effective }),
  /** Asks where to save a copy of an evidence file (the system's save dialog) and writes it; the path, or null when cancelled. */
  saveEvidenceCopy: (deadlineId: string, evidenceId: string) => call<string | null>("save_evidence_copy", { deadlineId, evidenceId }),
  /** The audit report of the period (YYYY-MM-DD, both days in) as a standalone HTML document. `regulation` is a pack id or words of one; null for all. */
  previewReport: (from: string, to: string, regulation: string | null) => call<string>("preview_report", { from, to, regulation }),
  /** Asks where to save the audit report (the system's save dialog) and writes it; the path, or null when cancelled. */
  saveReport: (from: string, to: string, regulation: string | null, format: ReportFormat) =>
    call<string | null>("save_report", { from, to, regulation, format }),
  /** Recomputes the audit trail's hashes, as `docketctl verify` does. */
  verifyTrail: () => call<TrailCheck>("verify_trail"),
};

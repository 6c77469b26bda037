// Pure agenda logic: countdowns, the split into upcoming and past, and the
// grouping by month. No DOM, no IPC, so it is tested on its own.
import { applicabilityOf } from "./applicability";
import type { Deadline, Kind } from "./types.gen";

/** A calendar date "YYYY-MM-DD" as a day number (days since 1970-01-01). */
export function dayNumber(isoDate: string): number {
  const [y, m, d] = isoDate.split("-").map(Number);
  return Math.round(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / 86_400_000);
}

/** Today's date on the user's clock, as "YYYY-MM-DD". */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function daysUntil(dueDate: string, today: string): number {
  return dayNumber(dueDate) - dayNumber(today);
}

// Making a formatter costs far more than using one; each is made once per locale.
type Formatter = Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.Collator;
const formatters = new Map<string, Formatter>();
function formatter<F extends Formatter>(key: string, make: () => F): F {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f as F;
}

/** "today", "tomorrow", "in 12 days", "3 days ago", in the user's language. */
export function countdown(days: number, locale: string): string {
  return formatter(`countdown ${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: "auto" })).format(days, "day");
}

/** Whole calendar months from one date to a later one (31 January to 28 February is 0). */
function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = to.split("-").map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

/**
 * How far a date is from today, said as people say it: days up to two
 * months ("in 45 days", "yesterday"), then months ("in 5 months"), then years
 * and months ("in 3 years and 8 months", "2 years ago").
 */
export function distance(dueDate: string, today: string, locale: string): string {
  const days = daysUntil(dueDate, today);
  if (Math.abs(days) < 60) return countdown(days, locale);
  const months = days > 0 ? monthsBetween(today, dueDate) : -monthsBetween(dueDate, today);
  const relative = formatter(`distance ${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: "always" }));
  if (Math.abs(months) < 12) return relative.format(months, "month");
  const years = Math.trunc(months / 12);
  const rest = Math.abs(months % 12);
  if (rest === 0) return relative.format(years, "year");
  const span = `${Math.abs(years)} year${Math.abs(years) === 1 ? "" : "s"} and ${rest} month${rest === 1 ? "" : "s"}`;
  return years > 0 ? `in ${span}` : `${span} ago`;
}

/** "2 December 2027" (or the locale's own order). */
export function longDate(isoDate: string, locale: string): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  const f = formatter(`long ${locale}`, () => new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }));
  return f.format(date);
}

/** How a past item reads: an obligation applies since its date, other items happened on it. */
export function pastLabel(kind: Kind, isoDate: string, locale: string): string {
  const date = longDate(isoDate, locale);
  return kind === "obligation" ? `applies since ${date}` : `on ${date}`;
}

export interface MonthGroup {
  /** "YYYY-MM" */
  key: string;
  /** "December 2027" */
  label: string;
  items: Deadline[];
}

export function monthLabel(key: string, locale: string): string {
  const [y, m] = key.split("-").map(Number);
  const f = formatter(`month ${locale}`, () => new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }));
  return f.format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1)));
}

/** Groups deadlines (already in date order) by the month they are due in. */
export function groupByMonth(items: Deadline[], locale: string): MonthGroup[] {
  const groups: MonthGroup[] = [];
  for (const item of items) {
    const key = item.due_date.slice(0, 7);
    let group = groups.at(-1);
    if (!group || group.key !== key) {
      group = { key, label: monthLabel(key, locale), items: [] };
      groups.push(group);
    }
    group.items.push(item);
  }
  return groups;
}

export interface Agenda {
  overdue: Deadline[];
  upcoming: Deadline[];
  past: Deadline[];
  closed: Deadline[];
}

/**
 * True for a task (something someone must do, as the store decides) that is
 * still open after its time: a timed one from its due instant on, a
 * date-only one from the day after its date. A regulation's passed date is
 * in effect, never overdue. `now` is in milliseconds since the epoch.
 */
export function isOverdue(d: Deadline, today: string, now: number): boolean {
  if (!d.task || d.status !== "open") return false;
  return d.due_time ? Date.parse(d.due_at) <= now : d.due_date < today;
}

/** True when the date or time has passed: before today, or earlier today for a timed one. */
function hasPassed(d: Deadline, today: string, now: number): boolean {
  return d.due_date < today || (d.due_date === today && d.due_time !== null && Date.parse(d.due_at) <= now);
}

/** True when it can be marked done: a task, or an obligation confirmed as met (the store's rule). */
export function takesDone(d: Deadline): boolean {
  return d.task || d.kind === "obligation";
}

/**
 * Overdue tasks, oldest first; open deadlines still to come, soonest first;
 * passed facts and news, most recent first; and the done or waived ones.
 */
export function splitAgenda(deadlines: Deadline[], today: string, now: number): Agenda {
  // ISO dates and times compare as plain strings; only titles need collation.
  const titles = formatter("collator", () => new Intl.Collator());
  const plain = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const byDue = [...deadlines].sort(
    (a, b) =>
      plain(a.due_date, b.due_date) || plain(a.due_time ?? "", b.due_time ?? "") || titles.compare(a.title, b.title),
  );
  const open = byDue.filter((d) => d.status === "open");
  const overdue = open.filter((d) => isOverdue(d, today, now));
  const rest = open.filter((d) => !isOverdue(d, today, now));
  return {
    overdue,
    upcoming: rest.filter((d) => !hasPassed(d, today, now)),
    past: rest.filter((d) => hasPassed(d, today, now)).reverse(),
    closed: byDue.filter((d) => d.status !== "open"),
  };
}

/** Deadlines due within a week from today, for the header's count. */
export function dueWithinDays(items: Deadline[], today: string, days: number): number {
  const last = new Date((dayNumber(today) + days) * 86_400_000).toISOString().slice(0, 10);
  return items.filter((d) => d.due_date >= today && d.due_date <= last).length;
}

/** True for a web address, the only kind of link that leaves the app. */
export function isWebLink(url: string): boolean {
  return /^https?:\/\//i.test(url.trim());
}

/** The host of a source link, to show instead of the whole address. */
export function sourceHost(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, "");
  } catch {
    return url;
  }
}

/**
 * The user's locale for dates and numbers. A POSIX locale such as "C" is not a
 * language tag; it and anything else Intl refuses fall back to British English.
 */
export function userLocale(candidates: readonly string[]): string {
  for (const candidate of candidates) {
    try {
      const [canonical] = Intl.getCanonicalLocales(candidate.replace("_", "-").split(".")[0]);
      if (canonical && canonical.length > 1) return canonical;
    } catch {
      // Not a language tag; try the next one.
    }
  }
  return "en-GB";
}

/** What the agenda is narrowed to. Empty strings mean "any". */
export interface Filters {
  text: string;
  kind: string;
  regulation: string;
  owner: string;
  /** "open", "done", "waived" or "deleted". */
  status: string;
  tag: string;
  /** Due on or after, YYYY-MM-DD. */
  from: string;
  /** Due on or before, YYYY-MM-DD. */
  to: string;
  /** Whether it applies to the organisation: "yes", "no" or "unknown" (waits for an answer). */
  applies: string;
}

export const noFilters: Filters = { text: "", kind: "", regulation: "", owner: "", status: "", tag: "", from: "", to: "", applies: "" };

/** True for a date that exists, written YYYY-MM-DD (2027-02-29 and 2027-13-01 do not). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

/** Why a date filter's text is not used, or null when it is empty or a date. */
export function dateFilterProblem(text: string): string | null {
  const t = text.trim();
  return t === "" || isCalendarDate(t) ? null : `“${t}” is not a date; write YYYY-MM-DD, for example 2027-02-01.`;
}

/**
 * The deadlines that pass the filters. `matches` holds the ids that the
 * full-text search found for `filters.text` (null while there is no text).
 * A date filter that is not a date is left out (the bar says why).
 */
export function applyFilters(items: Deadline[], filters: Filters, matches: Set<string> | null): Deadline[] {
  const from = isCalendarDate(filters.from.trim()) ? filters.from.trim() : "";
  const to = isCalendarDate(filters.to.trim()) ? filters.to.trim() : "";
  return items.filter(
    (d) =>
      (!matches || matches.has(d.id)) &&
      (!filters.kind || d.kind === filters.kind) &&
      (!filters.regulation || d.regulation === filters.regulation) &&
      (!filters.owner || d.owner === filters.owner) &&
      (!filters.status || d.status === filters.status) &&
      (!filters.tag || d.tags.includes(filters.tag)) &&
      (!from || d.due_date >= from) &&
      (!to || d.due_date <= to) &&
      (!filters.applies || applicabilityOf(d) === filters.applies),
  );
}

export function isFiltered(filters: Filters): boolean {
  return Object.values(filters).some((v) => v !== "");
}

/**
 * Reads filters kept by an earlier session (JSON, kept in the database so
 * that they survive a restart); anything that is not a filter is ignored.
 */
export function parseFilters(json: string | null): Filters {
  try {
    const saved: unknown = JSON.parse(json ?? "{}");
    const result = { ...noFilters };
    if (typeof saved === "object" && saved !== null) {
      for (const key of Object.keys(noFilters) as (keyof Filters)[]) {
        const value = (saved as Record<string, unknown>)[key];
        if (typeof value === "string") result[key] = value;
      }
    }
    return result;
  } catch {
    return { ...noFilters };
  }
}

/** The distinct non-empty values of a field, sorted, for a filter's choices. */
export function choices(items: Deadline[], field: "regulation" | "owner" | "tags"): string[] {
  const values = items.flatMap((d) => (field === "tags" ? d.tags : [d[field]]));
  return [...new Set(values.filter((v) => v !== ""))].sort((a, b) => a.localeCompare(b));
}

export interface Segment {
  text: string;
  marked: boolean;
}

/** Splits search-hit text at its match marks (U+0002 … U+0003) into segments. */
export function markedSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  let marked = false;
  let current = "";
  for (const ch of text) {
    if (ch === "\u0002" || ch === "\u0003") {
      if (current) segments.push({ text: current, marked });
      current = "";
      marked = ch === "\u0002";
    } else {
      current += ch;
    }
  }
  if (current) segments.push({ text: current, marked });
  return segments;
}

/** The lead-time chips the form offers, most distant first; "0d" is on the day. */
export const LEAD_CHIPS = ["90d", "30d", "7d", "1d", "0d"] as const;

/** Splits a lead-time list into the chips it turns on and the custom rest. */
export function splitLeads(list: string): { chips: Set<string>; custom: string } {
  const parts = list
    .split(",")
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== "");
  const chips = new Set(parts.filter((p) => (LEAD_CHIPS as readonly string[]).includes(p)));
  const custom = parts.filter((p) => !chips.has(p)).join(",");
  return { chips, custom };
}

/** Joins chips and a custom part back into a lead-time list ("" = the defaults). */
export function joinLeads(chips: Set<string>, custom: string): string {
  const ordered = LEAD_CHIPS.filter((c) => chips.has(c));
  return [...ordered, ...custom.split(",").map((p) => p.trim()).filter((p) => p !== "")].join(",");
}


/** One line of the agenda as drawn: a section heading, a month heading or a deadline. */
export type AgendaEntry =
  | { type: "section"; key: string; label: string }
  | { type: "month"; key: string; label: string }
  | { type: "empty"; key: string; label: string }
  | { type: "row"; key: string; deadline: Deadline; deleted?: boolean };

/**
 * The agenda as one flat list, for the virtualised view: upcoming items under
 * their month, then past ones, then (when asked) the done and waived ones.
 */
export function agendaEntries(agenda: Agenda, showClosed: boolean, locale: string, narrowed = false): AgendaEntry[] {
  const entries: AgendaEntry[] = [];
  if (agenda.overdue.length > 0) {
    entries.push({ type: "section", key: "s:overdue", label: "Overdue" });
    for (const d of agenda.overdue) entries.push({ type: "row", key: d.id, deadline: d });
  }
  entries.push({ type: "section", key: "s:upcoming", label: "Coming up" });
  if (agenda.upcoming.length === 0) {
    // With a search or a filter, the docket may be full: say which it is.
    const label = narrowed
      ? "Nothing coming up matches the search and filters. “Clear” shows every deadline."
      : "Nothing is coming up. Add a deadline with “New deadline”.";
    entries.push({ type: "empty", key: "e:upcoming", label });
  }
  for (const month of groupByMonth(agenda.upcoming, locale)) {
    entries.push({ type: "month", key: `m:${month.key}`, label: month.label });
    for (const d of month.items) entries.push({ type: "row", key: d.id, deadline: d });
  }
  const rest: [string, string, Deadline[]][] = [["s:past", "Already in effect", agenda.past]];
  if (showClosed) rest.push(["s:closed", "Done and waived", agenda.closed]);
  for (const [key, label, items] of rest) {
    if (items.length === 0) continue;
    entries.push({ type: "section", key, label });
    for (const d of items) entries.push({ type: "row", key: d.id, deadline: d });
  }
  return entries;
}

/** The deleted deadlines as the list draws them, each with its Restore. */
export function deletedEntries(deleted: Deadline[], narrowed: boolean): AgendaEntry[] {
  const entries: AgendaEntry[] = [{ type: "section", key: "s:deleted", label: "Deleted, kept until restored" }];
  if (deleted.length === 0) {
    const label = narrowed ? "No deleted deadline matches the search and filters." : "No deadline is deleted.";
    entries.push({ type: "empty", key: "e:deleted", label });
  }
  for (const d of deleted) entries.push({ type: "row", key: `deleted:${d.id}`, deadline: d, deleted: true });
  return entries;
}

/** Where each entry starts, from the entries' heights: offsets[i] is the top of entry i, offsets[n] the total. */
export function offsetsOf(heights: readonly number[]): Float64Array {
  const offsets = new Float64Array(heights.length + 1);
  for (let i = 0; i < heights.length; i++) offsets[i + 1] = (offsets[i] ?? 0) + (heights[i] ?? 0);
  return offsets;
}

/**
 * The entries [start, end) to draw for a viewport from `top` to `top + height`
 * (in the list's own coordinates), plus `extra` entries either side so that
 * keyboard moves and short lists never meet an undrawn row.
 */
export function visibleRange(offsets: Float64Array, top: number, height: number, extra: number): [number, number] {
  const n = offsets.length - 1;
  // The first entry whose bottom is below the top of the viewport.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((offsets[mid + 1] ?? 0) <= top) lo = mid + 1;
    else hi = mid;
  }
  const first = lo;
  let last = first;
  while (last < n && (offsets[last] ?? 0) < top + height) last++;
  return [Math.max(0, first - extra), Math.min(n, last + extra)];
}

/** Common repetition rules, as the form offers them. */
export const REPEAT_PRESETS: readonly (readonly [string, string])[] = [
  ["", "Does not repeat"],
  ["FREQ=MONTHLY", "Every month"],
  ["FREQ=MONTHLY;INTERVAL=3", "Every quarter"],
  ["FREQ=MONTHLY;INTERVAL=6", "Every six months"],
  ["FREQ=YEARLY", "Every year"],
];

/** "Every quarter", or "Custom rule" for a rule that is not one of the presets. */
export function repeatLabel(rule: string | null): string {
  if (!rule) return "";
  return REPEAT_PRESETS.find(([r]) => r === rule)?.[1] ?? `Repeats: ${rule}`;
}

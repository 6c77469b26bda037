// Pure logic of the incident clocks as the window shows them: each step's
// countdown at an instant, the step to act on first, what can still be
// recorded on a clock, in words, and the moment a form starts from. No DOM, no
// IPC, so it is tested on its own.
import type { ClockView, StepView, TemplateView } from "./types.gen";

export type StepStatus = "waiting" | "open" | "overdue" | "submitted" | "closed";

const MINUTE = 60_000;

/**
 * The step's status at `now`: an open step whose due instant has passed is
 * overdue at once, without waiting for the list to be read again.
 */
export function statusAt(step: StepView, now: number): StepStatus {
  const status = step.status as StepStatus;
  if (status === "open" && step.due !== null && Date.parse(step.due) <= now) return "overdue";
  return status;
}

/** A length of time in whole minutes as a countdown says it: "35 min", "4 h 12 min", "3 days 4 h", "29 days". */
export function span(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const days = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  return days >= 7 || h === 0 ? `${days} days` : `${days} days ${h} h`;
}

/** "Mon 18 Oct", with the year when it is not `now`'s: a last day, as its clock's zone has it. */
export function dayLabel(isoDate: string, locale: string, now: number): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  const sameYear = new Date(now).getUTCFullYear() === y;
  return new Intl.DateTimeFormat(locale, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: sameYear ? undefined : "numeric",
    timeZone: "UTC",
  }).format(date);
}

/** "Sat 5 Dec, 09:30 CET": an instant on a clock's zone. */
export function momentLabel(instant: string, tz: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: tz,
    timeZoneName: "short",
  }).format(new Date(instant));
}

/** When a step is due, on its clock's zone: "by the end of Mon 18 Oct", "Sat 5 Dec, 09:30 UTC". */
export function dueLabel(step: StepView, tz: string, locale: string, now: number): string {
  if (step.last_day !== null) return `by the end of ${dayLabel(step.last_day, locale, now)}`;
  return step.due === null ? "" : momentLabel(step.due, tz, locale);
}

/**
 * What a step waits for, read from its rule ("Not yet due: 1 month from the
 * submission of the incident notification, not yet recorded."): "waiting for
 * the incident notification".
 */
export function waitingFor(rule: string): string {
  const anchors = [...rule.matchAll(/from ([^;()]+?), not yet recorded/g)].map((m) =>
    (m[1] ?? "").replace(/^the submission of /, ""),
  );
  return anchors.length === 0 ? "no due date yet" : `waiting for ${anchors.join(" or ")}`;
}

/**
 * What the card says of a step at `now`: "4 h 12 min left", "overdue by 35
 * min", "due by the end of Mon 18 Oct", "waiting for the incident
 * notification", "submitted Tue 1 Dec, 10:15 UTC". A time left is rounded up
 * to the minute, so that it never reads "0 min left" before the due instant.
 */
export function stepCountdown(step: StepView, tz: string, now: number, locale: string): string {
  const status = statusAt(step, now);
  if (status === "submitted") return step.submitted_at ? `submitted ${momentLabel(step.submitted_at, tz, locale)}` : "submitted";
  if (status === "closed") return "not submitted: the clock was closed";
  if (status === "waiting" || step.due === null) return waitingFor(step.rule);
  const left = Date.parse(step.due) - now;
  if (status === "overdue") return `overdue by ${span(Math.max(1, Math.floor(-left / MINUTE)))}`;
  // A day-counted step reads as its last day until that day is near.
  if (step.last_day !== null && left >= 24 * 60 * MINUTE) return `due ${dueLabel(step, tz, locale, now)}`;
  return `${span(Math.ceil(left / MINUTE))} left`;
}

/** The step to act on first: of those open or overdue at `now`, the one due soonest. */
export function mostUrgent(steps: readonly StepView[], now: number): string | null {
  let best: StepView | null = null;
  for (const step of steps) {
    const status = statusAt(step, now);
    if ((status !== "open" && status !== "overdue") || step.due === null) continue;
    if (best === null || Date.parse(step.due) < Date.parse(best.due ?? "")) best = step;
  }
  return best?.key ?? null;
}

/**
 * The running clocks, the one whose next step is due soonest first; a clock
 * with nothing due goes last. The order is the one the store gives for ties.
 */
export function byUrgency(running: readonly ClockView[]): ClockView[] {
  const next = (c: ClockView) =>
    Math.min(...c.steps.filter((s) => s.due !== null && (s.status === "open" || s.status === "overdue")).map((s) => Date.parse(s.due ?? "")));
  return running
    .map((clock, i) => ({ clock, i, due: next(clock) }))
    .sort((a, b) => a.due - b.due || a.i - b.i)
    .map(({ clock }) => clock);
}

/** A gerund that starts an event's words, and its past tense. */
const PAST: Record<string, string> = {
  becoming: "became",
  classifying: "classified",
  detecting: "detected",
  receiving: "received",
  identifying: "identified",
};

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * An event, as something that happened: "becoming aware of the breach" is
 * "Became aware of the breach", "classifying it as major" is "Classified as
 * major", "a corrective measure becoming available" is "A corrective measure
 * became available". Words it cannot turn are kept, with a capital.
 */
export function eventWords(title: string): string {
  const first = /^(\w+ing)( it)? (.*)$/.exec(title);
  if (first && PAST[first[1] ?? ""]) return `${capital(PAST[first[1] ?? ""] ?? "")} ${first[3]}`;
  const inner = /^(.*) (\w+ing) (.*)$/.exec(title);
  if (inner && PAST[inner[2] ?? ""]) return `${capital(inner[1] ?? "")} ${PAST[inner[2] ?? ""]} ${inner[3]}`;
  return capital(title);
}

/**
 * A step, as submitted: "Initial notification submitted"; a step named by
 * what to do ("Notify the supervisory authority") is said as done:
 * "Notified the supervisory authority".
 */
export function stepWords(title: string): string {
  const notify = /^Notify (.*)$/.exec(title);
  return notify ? `Notified ${notify[1]}` : `${title} submitted`;
}

export interface Choice {
  /** The key record_on_clock takes: an event's or a step's. */
  key: string;
  label: string;
}

/** What can still be recorded on a clock: the events not yet recorded and the steps not yet submitted. */
export function recordChoices(clock: ClockView): { events: Choice[]; steps: Choice[] } {
  return {
    events: clock.events.filter((e) => e.at === null).map((e) => ({ key: e.key, label: eventWords(e.title) })),
    steps: clock.steps.filter((s) => s.status !== "submitted").map((s) => ({ key: s.key, label: stepWords(s.title) })),
  };
}

/** The steps a closing would waive: those not submitted. */
export function openSteps(clock: ClockView): StepView[] {
  return clock.steps.filter((s) => s.status !== "submitted" && s.status !== "closed");
}

/** The templates by regulation, in the order the packs give them, for the form's groups. */
export function byRegulation(templates: readonly TemplateView[]): [string, TemplateView[]][] {
  const groups = new Map<string, TemplateView[]>();
  for (const t of templates) groups.set(t.regulation, [...(groups.get(t.regulation) ?? []), t]);
  return [...groups];
}

/** `now` on `tz`'s clock as a form field takes it: "2026-12-01T08:00". */
export function wallClock(now: number, tz: string): string {
  let parts: Record<string, string>;
  try {
    parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-GB", {
        timeZone: tz,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
      })
        .formatToParts(new Date(now))
        .map((p) => [p.type, p.value]),
    );
  } catch {
    // A zone the browser does not know: the instant in UTC, which the officer sees and can correct.
    return new Date(now).toISOString().slice(0, 16);
  }
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The notice after a start: what started, and the first step that fell due. */
export function startedNotice(clock: ClockView, locale: string, now: number): string {
  const key = mostUrgent(clock.steps, now);
  const first = clock.steps.find((s) => s.key === key);
  const started = `Started “${clock.title}” (${clock.article})`;
  if (!first) return `${started}.`;
  const due = dueLabel(first, clock.tz, locale, now);
  return `${started}: ${first.title}, due ${due}.`;
}

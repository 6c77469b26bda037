// Pure logic of what applies to the organisation, as the window shows it:
// whether a deadline applies, the sentence of its verdict, the counts, the
// packs' questions grouped for the organisation page, answers changed one
// choice at a time, and what a change of an answer does to the dates. The
// verdicts themselves are the Rust side's; nothing here decides one.
import type { Counts, Deadline, Effect, PackQuestion, ProfileView } from "./types.gen";

/** Whether a deadline applies: "yes", "no", or "unknown" while a question it needs is unanswered. */
export type Applicability = "yes" | "no" | "unknown";

/** A deadline read without a verdict (from an older Docket) applies, as the officer's own do. */
export function applicabilityOf(d: Pick<Deadline, "applies">): Applicability {
  if (d.applies === false) return "no";
  return d.applies === null ? "unknown" : "yes";
}

/** The deadlines that concern the organisation: all but those that do not apply. */
export function withoutNotApplying(items: Deadline[]): Deadline[] {
  return items.filter((d) => d.applies !== false);
}

const verdictLabels: Record<Applicability, string> = { yes: "Applies", no: "Does not apply", unknown: "Not yet known" };

/**
 * The verdict as the details say it: "Does not apply" beside "You answered
 * that you are not a financial entity (DORA Art. 2)". The sentence's own
 * opening verdict words are left out, since the label says them.
 */
export function verdictLine(d: Pick<Deadline, "applies" | "applies_because">): { label: string; reason: string } | null {
  const because = d.applies_because?.trim();
  if (!because) return null;
  const reason = because.replace(/^(applies|does not apply|not yet known)(:\s*|\s+(?=to\b))/i, "");
  return { label: verdictLabels[applicabilityOf(d)], reason: reason.charAt(0).toUpperCase() + reason.slice(1) };
}

/** One figure of the organisation page's counts, and which dates it stands for. */
export interface CountPart {
  shows: Applicability;
  count: number;
  text: string;
}

/** "31 dates apply", "9 do not apply", "5 wait for an answer", each with its own singular. */
export function countParts(counts: Counts): CountPart[] {
  const one = (n: number, singular: string, plural: string) => `${n} ${n === 1 ? singular : plural}`;
  return [
    { shows: "yes", count: counts.applies, text: one(counts.applies, "date applies", "dates apply") },
    { shows: "no", count: counts.does_not_apply, text: one(counts.does_not_apply, "does not apply", "do not apply") },
    { shows: "unknown", count: counts.not_yet_known, text: one(counts.not_yet_known, "waits for an answer", "wait for an answer") },
  ];
}

/** One pack's questions: those the organisation answers, and those asked of each AI system. */
export interface PackQuestions {
  packId: string;
  packTitle: string;
  organisation: PackQuestion[];
  system: PackQuestion[];
}

/** The questions grouped by pack, the packs and the questions in the order the Rust side gives them. */
export function byPack(questions: PackQuestion[]): PackQuestions[] {
  const packs = new Map<string, PackQuestions>();
  for (const q of questions) {
    let pack = packs.get(q.pack_id);
    if (!pack) {
      pack = { packId: q.pack_id, packTitle: q.pack_title, organisation: [], system: [] };
      packs.set(q.pack_id, pack);
    }
    (q.of === "system" ? pack.system : pack.organisation).push(q);
  }
  return [...packs.values()];
}

/** The questions asked when Docket first opens: the organisation's, marked first-run by their pack. */
export function firstRunQuestions(questions: PackQuestion[]): PackQuestion[] {
  return questions.filter((q) => q.first_run && q.of === "organisation");
}

/** Nothing answered and no AI system listed: the profile is as Docket installed it. */
export function isUnanswered(view: ProfileView): boolean {
  return view.systems.length === 0 && Object.values(view.answers).every((values) => !values || values.length === 0);
}

/** Whether two answers hold the same choices, in any order. */
export function sameAnswer(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v) => b.includes(v));
}

/**
 * An answer with one choice turned on or off: the choice alone for a
 * question that takes one, else the choices that hold, in the question's order.
 */
export function choose(q: Pick<PackQuestion, "several" | "choices">, current: readonly string[], value: string, on: boolean): string[] {
  if (!q.several) return on ? [value] : current.filter((v) => v !== value);
  const held = new Set(current);
  if (on) held.add(value);
  else held.delete(value);
  return q.choices.map((c) => c.value).filter((v) => held.has(v));
}

/** What a change of an answer does, as the page says it before and after saving. */
export interface EffectView {
  /** "Brings in 3 dates · takes out 5". */
  summary: string;
  /** The dates by what happens to them, by title; only the groups that have any. */
  groups: { label: string; titles: string[] }[];
}

/**
 * Says an Effect with the titles of the loaded deadlines (an id stands for
 * one not loaded). A date it settles is told apart by its verdict now: one
 * that waits for an answer gets one; one that does not will wait for one.
 */
export function describeEffect(effect: Effect, deadlines: readonly Deadline[]): EffectView {
  const byId = new Map(deadlines.map((d) => [d.id, d]));
  const titles = (ids: string[]) => ids.map((id) => byId.get(id)?.title ?? id);
  const settled = effect.settles.filter((id) => byId.get(id)?.applies === null);
  const unsettled = effect.settles.filter((id) => byId.get(id)?.applies !== null);
  const brought = effect.brings_in.length;
  const parts = [`Brings in ${brought} date${brought === 1 ? "" : "s"}`, `takes out ${effect.takes_out.length}`];
  if (settled.length > 0) parts.push(`settles ${settled.length}`);
  if (unsettled.length > 0) parts.push(`${unsettled.length} will wait for an answer`);
  const groups = [
    { label: "Brought in", titles: titles(effect.brings_in) },
    { label: "Taken out", titles: titles(effect.takes_out) },
    { label: "Settled: no longer waiting for an answer", titles: titles(settled) },
    { label: "Will wait for an answer", titles: titles(unsettled) },
  ];
  return { summary: parts.join(" · "), groups: groups.filter((g) => g.titles.length > 0) };
}


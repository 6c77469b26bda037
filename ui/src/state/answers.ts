// What the officer does to the organisation's profile from the window:
// answering a question, taking an answer back, listing and removing AI
// systems, the first questions. Each change goes to the Rust side, which
// works out again which dates apply and plans their reminders; then the list
// and the profile are read again, and the notice says what changed. A
// refusal is left to reject, so that the page says it where it was asked.
import { api } from "../lib/api";
import { describeEffect } from "../lib/applicability";
import type { Effect, ErrorReport, PackQuestion } from "../lib/types.gen";
import { deadlines } from "./deadlines.svelte";
import { filters } from "./filters.svelte";
import { notices } from "./notices.svelte";
import { organisation } from "./organisation.svelte";
import { panels } from "./panels.svelte";

/** "brings in 2 dates · takes out 0", from the list as it was before the change. */
const told = (effect: Effect) => {
  const { summary } = describeEffect(effect, deadlines.all);
  return summary.charAt(0).toLowerCase() + summary.slice(1);
};

/** For an AI system's answer: " for “CV screening”". */
const whose = (system: string | null) => (system === null ? "" : ` for “${system}”`);

/** Saves an answer (no values: takes it back). Rejects with the ErrorReport of a refusal. */
export async function answer(q: PackQuestion, values: string[], system: string | null) {
  const effect = await api.answerQuestion(q.key, values, system);
  notices.say(
    values.length === 0
      ? `Took back the answer to “${q.question}”${whose(system)}: ${told(effect)}.`
      : `Saved the answer to “${q.question}”${whose(system)}: ${told(effect)}.`,
  );
  await deadlines.refresh();
}

/** Lists an AI system with its answers; rejects with the ErrorReport of a refusal. */
export async function addSystem(name: string, answers: Record<string, string[]>) {
  const system = await api.addSystem(name, answers);
  notices.say(`Listed the AI system “${system.name}”.`);
  await deadlines.refresh();
  panels.close();
}

/** Removes an AI system and its answers; a refusal is said in the notice. */
export async function removeSystem(name: string) {
  try {
    const effect = await api.removeSystem(name);
    notices.say(`Removed the AI system “${name}”: ${told(effect)}.`);
    await deadlines.refresh();
  } catch (e) {
    notices.say((e as ErrorReport).message);
  }
}

/**
 * Saves the first questions' answers one after another, then they are not
 * asked again. Rejects with the first refusal; the answers before it are kept.
 */
export async function answerFirstQuestions(answers: [PackQuestion, string[]][]) {
  try {
    for (const [q, values] of answers) await api.answerQuestion(q.key, values, null);
  } finally {
    if (answers.length > 0) await deadlines.refresh();
  }
  organisation.welcome();
  const n = answers.length;
  notices.say(n === 0 ? "No answer saved; the questions are under Your organisation." : `Saved ${n} answer${n === 1 ? "" : "s"}.`);
}

/** Skips the first questions: they stay under Your organisation. */
export function skipFirstQuestions() {
  organisation.welcome();
}

/** Opens the organisation page at a question (the first a deadline waits for). */
export function showQuestion(key: string | undefined) {
  panels.view = "organisation";
  organisation.asked = key ?? null;
}

/** Shows the agenda narrowed to the dates that apply, do not, or wait for an answer. */
export function showDatesThat(applies: "yes" | "no" | "unknown") {
  filters.chosen = { ...filters.chosen, applies };
  panels.view = "agenda";
}

/** Opens a question's legal source in the system browser, through the Rust side. */
export async function openQuestionSource(q: PackQuestion) {
  try {
    await api.openQuestionSource(q.key);
  } catch (e) {
    notices.say((e as ErrorReport).message);
  }
}

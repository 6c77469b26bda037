// What the officer does to deadlines from the window. Each change goes to the
// Rust side, then the whole list is read again, so that every view shows it,
// and the notice says what was done; a refusal is said instead.
import { api } from "../lib/api";
import type { Deadline, DeadlineFields, ErrorReport, PackConflict } from "../lib/types.gen";
import { deadlines } from "./deadlines.svelte";
import { notices } from "./notices.svelte";
import { panels } from "./panels.svelte";

async function act(run: () => Promise<unknown>) {
  try {
    await run();
    await deadlines.refresh();
  } catch (e) {
    notices.say((e as ErrorReport).message);
  }
}

export const reopen = (d: Deadline) => act(async () => notices.say(`Reopened “${(await api.reopen(d.id)).title}”.`));

/** The copy opens in the form: a duplicate is almost always edited next. */
export const duplicate = (d: Deadline) =>
  act(async () => {
    const copy = await api.duplicate(d.id);
    panels.open({ mode: "edit", deadline: copy });
    notices.say(`Duplicated as “${copy.title}”.`);
  });

export const resolve = (c: PackConflict, take: boolean) =>
  act(async () => {
    const d = await api.resolveConflict(c.deadline_id, take);
    notices.say(take ? `“${d.title}” takes the pack's version.` : `“${d.title}” keeps your version.`);
  });

/** Deleting asks no question: the notice offers to undo it instead. */
export const remove = (d: Deadline) =>
  act(async () => {
    await api.remove(d.id);
    panels.close();
    notices.say(`Deleted “${d.title}”.`, () => void act(async () => notices.say(`Restored “${(await api.restore(d.id)).title}”.`)));
  });

/** Brings a deleted deadline back, from the list of deleted ones. */
export const restore = (d: Deadline) => act(async () => notices.say(`Restored “${(await api.restore(d.id)).title}”.`));

/**
 * Saves the form: an edit when it was opened on a deadline, else a new one.
 * A refusal is left to reject, so that the form shows every problem under its
 * field. The list is read again before the form closes, so that details an
 * edit goes back to show what was saved.
 */
export async function save(fields: DeadlineFields) {
  const panel = panels.current;
  if (panel?.mode === "edit") {
    const d = await api.updateDeadline(panel.deadline.id, fields);
    notices.say(`Saved “${d.title}”.`);
  } else {
    const d = await api.createDeadline(fields);
    notices.say(`Added “${d.title}”.`);
  }
  await deadlines.refresh();
  panels.close();
}

/** Closes the deadline the done or waive form was opened on, with its note or reason. */
export async function markDone(note: string) {
  const panel = panels.current;
  if (panel?.mode === "done") {
    const d = await api.markDone(panel.deadline.id, note);
    notices.say(`Marked “${d.title}” done.`);
  } else if (panel?.mode === "waive") {
    const d = await api.waive(panel.deadline.id, note);
    notices.say(`Waived “${d.title}”.`);
  } else {
    return;
  }
  panels.close();
  await deadlines.refresh();
}

export async function openSource(d: Deadline) {
  try {
    await api.openSource(d.id);
  } catch (e) {
    notices.say((e as ErrorReport).message);
  }
}

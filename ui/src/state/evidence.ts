// What the officer does with evidence from the window: attach a file (the
// Rust side opens the file dialog and keeps the file with its hash) or a
// link, and save a copy of a kept file elsewhere. The notice says what was
// done; a refusal of an attachment is left to reject, so that the form says
// it under the field it names.
import { api } from "../lib/api";
import { attachedNotice } from "../lib/evidence";
import type { ErrorReport, Evidence } from "../lib/types.gen";
import { deadlines } from "./deadlines.svelte";
import { notices } from "./notices.svelte";

/** What an attachment says beside the file or the link. */
export interface Attachment {
  note: string;
  /** YYYY-MM-DD, or empty for none. */
  effective: string;
}

const dateOrNull = (text: string) => (text.trim() === "" ? null : text.trim());

/** Attaches the file the officer picks; null when the dialog was cancelled, and nothing is said. */
export async function attachFile(deadlineId: string, a: Attachment): Promise<Evidence | null> {
  const added = await api.attachEvidenceFile(deadlineId, a.note, dateOrNull(a.effective));
  if (added) await attached(added);
  return added;
}

export async function attachLink(deadlineId: string, url: string, name: string, a: Attachment): Promise<Evidence> {
  const added = await api.attachEvidenceLink(deadlineId, url.trim(), name, a.note, dateOrNull(a.effective));
  await attached(added);
  return added;
}

/** The history gained a line: the list is read again, so that every view shows it. */
async function attached(e: Evidence) {
  notices.say(attachedNotice(e));
  await deadlines.refresh();
}

/** Saves a copy of a kept file where the officer chooses; a refusal is said in the notice. */
export async function saveCopy(deadlineId: string, e: Evidence) {
  try {
    const path = await api.saveEvidenceCopy(deadlineId, e.id);
    if (path) notices.say(`Saved a copy of ${e.name} to ${path}.`);
  } catch (err) {
    notices.say((err as ErrorReport).message);
  }
}

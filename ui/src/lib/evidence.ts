// How a piece of evidence reads in the window: a file by its name, short
// hash and size, a link by its address, and the sentence that says one was
// attached. No DOM, no IPC, so it is tested on its own.
import type { ErrorReport, Evidence } from "./types.gen";

/** How many hex digits of a SHA-256 are shown before the whole one is asked for: enough to tell two files apart by eye. */
const SHOWN_DIGITS = 8;

/** "5891b5b5…" for a SHA-256 (or a trail head); the whole hash stays a click away. */
export function shortHash(hash: string): string {
  return hash.length > SHOWN_DIGITS ? `${hash.slice(0, SHOWN_DIGITS)}…` : hash;
}

const units = ["kilobyte", "megabyte", "gigabyte", "terabyte"] as const;

/**
 * A file's size as people say it, in the user's language: "1 byte",
 * "912 bytes", "245.8 kB", "3.4 MB". Decimal units, as file managers show
 * them on Linux.
 */
export function sizeInWords(bytes: number, locale: string): string {
  if (bytes < 1000) return new Intl.NumberFormat(locale, { style: "unit", unit: "byte", unitDisplay: "long" }).format(bytes);
  let value = bytes / 1000;
  let unit = 0;
  // Rounded as it will be shown, so that 999,999 bytes read "1 MB", not "1,000 kB".
  while (Math.round(value * 10) / 10 >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, { style: "unit", unit: units[unit], unitDisplay: "short", maximumFractionDigits: 1 }).format(value);
}

/** The notice once it is attached: "Attached minutes.pdf (SHA-256 5891b5b5…)." or "Attached the link “Board portal”." */
export function attachedNotice(e: Evidence): string {
  if (e.kind === "link") return `Attached the link “${e.name}”.`;
  return e.sha256 ? `Attached ${e.name} (SHA-256 ${shortHash(e.sha256)}).` : `Attached ${e.name}.`;
}

/** The fields an attach form shows a problem under; one about any other is said under the form. */
export const attachFields = ["effective", "url", "name", "note"] as const;
export type AttachField = (typeof attachFields)[number];

/**
 * True when marking done was refused because the deadline's pack asks for
 * evidence first. The Rust side refuses with a sentence and no code of its
 * own (store/evidence.rs, missing_evidence), so the sentence is what says it.
 */
export function asksForEvidence(e: ErrorReport): boolean {
  return e.field === null && /needs evidence before it is done/.test(e.message);
}

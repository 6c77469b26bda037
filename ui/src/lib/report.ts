// The audit report's period and formats, and how a check of the audit trail
// reads. No DOM, no IPC, so they are tested on their own.
import { shortHash } from "./evidence";
import type { TrailCheck } from "./types.gen";

/** The files the report is saved as; the Rust side writes each. */
export type ReportFormat = "pdf" | "html" | "csv";

export const reportFormats: readonly { format: ReportFormat; label: string }[] = [
  { format: "pdf", label: "PDF" },
  { format: "html", label: "HTML" },
  { format: "csv", label: "CSV" },
];

/** The period a report opens on: the calendar year of `today` (YYYY-MM-DD), first day to last. */
export function defaultPeriod(today: string): { from: string; to: string } {
  const year = today.slice(0, 4);
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/**
 * What a check of the audit trail found, in a sentence: "Intact: 1,234
 * entries, head 3ebdc86f…" or "Broken: trail entry 812 (…) does not match
 * its hash: …".
 */
export function trailVerdict(check: TrailCheck, locale: string): { intact: boolean; text: string } {
  if (check.broken) return { intact: false, text: `Broken: ${check.broken}.` };
  const count = new Intl.NumberFormat(locale).format(check.entries);
  return { intact: true, text: `Intact: ${count} ${check.entries === 1 ? "entry" : "entries"}, head ${shortHash(check.head)}` };
}

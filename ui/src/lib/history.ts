// How an edit's changes read in a deadline's history: each field with the
// value it had and the one it took, so that "Edited owner" says who from and
// who to. Long values are cut, since the whole text stays in the database.
import type { Change } from "./types.gen";

const LONGEST = 80;

function shown(value: string | null): string {
  if (value === null || value === "") return "(none)";
  const one = value.replace(/\s+/g, " ").trim();
  return `“${one.length > LONGEST ? `${one.slice(0, LONGEST - 1)}…` : one}”`;
}

/** "owner: “Ana” → “Bo”". */
export function describeChange(c: Change): string {
  return `${c.field.replace(/_/g, " ")}: ${shown(c.before)} → ${shown(c.after)}`;
}

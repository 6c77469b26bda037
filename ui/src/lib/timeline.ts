// Layout of the regulation timeline: lanes of dated marks on a time axis,
// with labels stacked so that they do not overlap. Pure, so it is tested
// without a DOM.
import type { Deadline, Kind } from "./types.gen";
import { dayNumber } from "./agenda";

export interface Mark {
  id: string;
  x: number;
  /** Label row within the lane, 0 nearest the axis. */
  row: number;
  label: string;
  kind: Kind;
  date: string;
  /** For a date moved by an amendment: where it was. */
  movedFromX: number | null;
  past: boolean;
}

export interface Lane {
  title: string;
  rows: number;
  marks: Mark[];
}

export interface Timeline {
  width: number;
  years: { x: number; label: string }[];
  todayX: number;
  lanes: Lane[];
}

/** Roughly how wide a label is drawn, in pixels. */
const CHAR_WIDTH = 6.4;
const LABEL_GAP = 10;
const MAX_LABEL = 34;

export function shortLabel(title: string): string {
  return title.length > MAX_LABEL ? `${title.slice(0, MAX_LABEL - 1)}…` : title;
}

/** Puts each label on the lowest row where it does not overlap the one before it. */
function stack(marks: Omit<Mark, "row">[]): { marks: Mark[]; rows: number } {
  const rowEnds: number[] = [];
  const placed = [...marks]
    .sort((a, b) => a.x - b.x)
    .map((m) => {
      const end = m.x + m.label.length * CHAR_WIDTH;
      let row = rowEnds.findIndex((e) => e + LABEL_GAP <= m.x);
      if (row === -1) {
        row = rowEnds.length;
        rowEnds.push(end);
      } else {
        rowEnds[row] = end;
      }
      return { ...m, row };
    });
  return { marks: placed, rows: Math.max(1, rowEnds.length) };
}

/**
 * Lays out the timeline `width` pixels wide: the pack's obligations, its other
 * items, and the officer's own deadlines, each in a lane, from the first
 * year of any date (original or amended) to the year after the last.
 */
export function layoutTimeline(items: Deadline[], today: string, width: number): Timeline {
  const dates = items.flatMap((d) => [d.due_date, ...(d.original_due_date ? [d.original_due_date] : [])]);
  dates.push(today);
  const firstYear = Math.min(...dates.map((d) => Number(d.slice(0, 4))));
  const lastYear = Math.max(...dates.map((d) => Number(d.slice(0, 4)))) + 1;
  const start = dayNumber(`${firstYear}-01-01`);
  const end = dayNumber(`${lastYear}-01-01`);
  const x = (date: string) => ((dayNumber(date) - start) / (end - start)) * width;

  const years = [];
  for (let y = firstYear; y <= lastYear; y++) years.push({ x: x(`${y}-01-01`), label: String(y) });

  const mark = (d: Deadline): Omit<Mark, "row"> => ({
    id: d.id,
    x: x(d.due_date),
    label: shortLabel(d.title),
    kind: d.kind,
    date: d.due_date,
    movedFromX: d.original_due_date ? x(d.original_due_date) : null,
    past: d.due_date < today,
  });
  const groups: [string, Deadline[]][] = [
    ["Obligations", items.filter((d) => d.pack_id && d.kind === "obligation")],
    ["Milestones, commitments and proposals", items.filter((d) => d.pack_id && d.kind !== "obligation")],
    ["Your deadlines", items.filter((d) => !d.pack_id)],
  ];
  const lanes = groups
    .filter(([, ds]) => ds.length > 0)
    .map(([title, ds]) => ({ title, ...stack(ds.map(mark)) }));
  return { width, years, todayX: x(today), lanes };
}

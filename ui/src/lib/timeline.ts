// Layout of the regulation timeline: lanes of dated marks on a time axis.
// Each mark is a dot at its date on a row of its lane, its label beside it;
// a mark is put on the row nearest the top of its lane where it overlaps no
// other, so marks share rows where they have room and stack where they are
// crowded. Labels stay inside the drawing, whole unless wider than the room
// on either side of their date, and keep off the today line where they can.
// Pure, so it is tested without a DOM: the page says how wide a text is drawn.
import type { Deadline } from "./types.gen";
import { dayNumber, longDate } from "./agenda";

/** How wide a text is drawn in a label, in pixels. */
export type Measure = (text: string) => number;

export interface Mark {
  deadline: Deadline;
  /** The dot's centre, in pixels from the drawing's left edge. */
  x: number;
  /** Row within the lane, 0 at its top. */
  row: number;
  /** Where the dot and the middle of the label are, from the drawing's top. */
  y: number;
  /** The label's box in the drawing. */
  left: number;
  top: number;
  width: number;
  /** The title, shortened only when it is wider than the room on either side of its date. */
  label: string;
  /** For a date moved by an amendment: where it was (drawn on the same row, an arrow to the new date). */
  movedFromX: number | null;
  past: boolean;
}

export interface Lane {
  title: string;
  /** The lane's top edge, where its title is. */
  top: number;
  rows: number;
  /** By date, then row. */
  marks: Mark[];
}

export interface Year {
  x: number;
  label: string;
  /** False when the year is drawn without its label, for lack of room. */
  labelled: boolean;
}

export interface Timeline {
  width: number;
  height: number;
  years: Year[];
  /** The today line, and the box of its label: centred on it but inside the drawing. */
  today: { x: number; left: number; width: number };
  lanes: Lane[];
}

export const LABEL_HEIGHT = 18;
/** Inside a label, left and right of its text. */
export const LABEL_PADDING = 5;
/** From a row's top to the next row's. */
const ROW = 24;
/** A lane's title, above its first row. */
const LANE_HEAD = 26;
const LANE_FOOT = 8;
/** Room left of the first date and right of the last year. */
const EDGE = 8;
/** Half the width a dot (or a moved date's struck circle) takes. */
const DOT = 6;
/** Between a dot and its label. */
const LABEL_GAP = 3;
/** Between two marks on a row. */
const MARK_SPACE = 10;
const NARROWEST = 200;

/** A guess at a label's width, for when the page cannot measure text. */
export const estimateWidth: Measure = (text) => text.length * 7;

/** The title, or as much of it as fits in `room` pixels, ended by "…". */
export function fitLabel(title: string, room: number, measure: Measure): string {
  if (measure(title) <= room) return title;
  let fits = 0;
  let tooLong = title.length;
  while (tooLong - fits > 1) {
    const mid = Math.floor((fits + tooLong) / 2);
    if (measure(`${title.slice(0, mid).trimEnd()}…`) <= room) fits = mid;
    else tooLong = mid;
  }
  return `${title.slice(0, fits).trimEnd()}…`;
}

interface Placement {
  left: number;
  width: number;
  label: string;
}

/**
 * Where a mark's label can go: after its dot or before it (after first,
 * unless the date moved earlier, so that the label stays by the new date and
 * off the arrow from the old one). Shortened to the wider side only when it
 * fits whole on neither.
 */
function placements(title: string, dots: [number, number], width: number, movedEarlier: boolean, measure: Measure): Placement[] {
  const [from, to] = dots;
  const whole = Math.ceil(measure(title)) + 2 * LABEL_PADDING;
  const after = { room: width - (to + LABEL_GAP), leftOf: () => to + LABEL_GAP };
  const before = { room: from - LABEL_GAP, leftOf: (w: number) => from - LABEL_GAP - w };
  const sides = movedEarlier ? [before, after] : [after, before];
  const fitting = sides.filter((s) => whole <= s.room).map((s) => ({ left: s.leftOf(whole), width: whole, label: title }));
  if (fitting.length > 0) return fitting;
  const roomier = after.room >= before.room ? after : before;
  const label = fitLabel(title, roomier.room - 2 * LABEL_PADDING, measure);
  const w = Math.ceil(measure(label)) + 2 * LABEL_PADDING;
  // Only a date moved across nearly the whole drawing leaves too little room even for "…".
  return [{ left: Math.max(0, Math.min(roomier.leftOf(w), width - w)), width: w, label }];
}

interface Draft {
  deadline: Deadline;
  x: number;
  movedFromX: number | null;
  past: boolean;
}

interface Option {
  onToday: boolean;
  row: number;
  preference: number;
}

const better = (a: Option, b: Option) =>
  (Number(a.onToday) - Number(b.onToday) || a.row - b.row || a.preference - b.preference) < 0;

/**
 * Puts each mark on the top-most row where it overlaps no other: of the
 * places its label can go, one that keeps off the today line if any does,
 * then the one on the highest row.
 */
function stack(drafts: Draft[], todayX: number, width: number, measure: Measure): { marks: Omit<Mark, "y" | "top">[]; rows: number } {
  // Marks are placed by date, so a row is free right of where its last mark ends.
  const rowEnds: number[] = [];
  const placed = [...drafts]
    .sort((a, b) => a.x - b.x || a.deadline.title.localeCompare(b.deadline.title))
    .map((m) => {
      const dots: [number, number] = [Math.min(m.x, m.movedFromX ?? m.x) - DOT, Math.max(m.x, m.movedFromX ?? m.x) + DOT];
      const options = placements(m.deadline.title, dots, width, (m.movedFromX ?? m.x) > m.x, measure).map((p, preference) => {
        const start = Math.min(dots[0], p.left);
        const end = Math.max(dots[1], p.left + p.width);
        let row = rowEnds.findIndex((e) => e + MARK_SPACE <= start);
        if (row === -1) row = rowEnds.length;
        const onToday = p.left < todayX + 1 && todayX - 1 < p.left + p.width;
        return { ...p, start, end, row, onToday, preference };
      });
      const best = options.reduce((a, b) => (better(b, a) ? b : a));
      rowEnds[best.row] = best.end;
      return { ...m, row: best.row, left: best.left, width: best.width, label: best.label };
    });
  return { marks: placed.sort((a, b) => a.x - b.x || a.row - b.row), rows: Math.max(1, rowEnds.length) };
}

/**
 * Lays out the timeline `width` pixels wide: the pack's obligations, its other
 * items, and the officer's own deadlines, each in a lane, from the first year
 * of any date (original or amended) to the year after the last.
 */
export function layoutTimeline(items: Deadline[], today: string, width: number, measure: Measure = estimateWidth): Timeline {
  width = Math.max(NARROWEST, width);
  const dates = items.flatMap((d) => [d.due_date, ...(d.original_due_date ? [d.original_due_date] : [])]);
  dates.push(today);
  const firstYear = Math.min(...dates.map((d) => Number(d.slice(0, 4))));
  const lastYear = Math.max(...dates.map((d) => Number(d.slice(0, 4)))) + 1;
  const start = dayNumber(`${firstYear}-01-01`);
  const end = dayNumber(`${lastYear}-01-01`);
  const x = (date: string) => EDGE + ((dayNumber(date) - start) / (end - start)) * (width - 2 * EDGE);

  const yearWidth = measure("0000") + 12;
  const step = Math.max(1, Math.ceil(yearWidth / ((width - 2 * EDGE) / (lastYear - firstYear))));
  const years = [];
  for (let y = firstYear; y <= lastYear; y++) {
    const at = x(`${y}-01-01`);
    years.push({ x: at, label: String(y), labelled: (y - firstYear) % step === 0 && at + yearWidth <= width });
  }

  const todayX = x(today);
  const todayWidth = Math.ceil(measure("today")) + 2 * LABEL_PADDING + 4;
  const todayLeft = Math.min(Math.max(0, todayX - todayWidth / 2), width - todayWidth);

  const draft = (d: Deadline): Draft => ({
    deadline: d,
    x: x(d.due_date),
    movedFromX: d.original_due_date ? x(d.original_due_date) : null,
    past: d.due_date < today,
  });
  const groups: [string, Deadline[]][] = [
    ["Obligations", items.filter((d) => d.pack_id && d.kind === "obligation")],
    ["Milestones, commitments and proposals", items.filter((d) => d.pack_id && d.kind !== "obligation")],
    ["Your deadlines", items.filter((d) => !d.pack_id)],
  ];
  let top = 0;
  const lanes = groups
    .filter(([, ds]) => ds.length > 0)
    .map(([title, ds]) => {
      const { marks, rows } = stack(ds.map(draft), todayX, width, measure);
      const first = top + LANE_HEAD;
      const lane = {
        title,
        top,
        rows,
        marks: marks.map((m) => ({ ...m, top: first + m.row * ROW, y: first + m.row * ROW + LABEL_HEIGHT / 2 })),
      };
      top = first + (rows - 1) * ROW + LABEL_HEIGHT + LANE_FOOT;
      return lane;
    });
  return { width, height: top, years, today: { x: todayX, left: todayLeft, width: todayWidth }, lanes };
}

/** What a mark's tooltip says: the whole title, the date, the kind and the regulation, where a moved date was, and why it does not apply. */
export function markSummary(d: Deadline, locale: string): string {
  const lines = [d.title, `${longDate(d.due_date, locale)} · ${d.kind}`];
  const source = [d.regulation, d.reference].filter((s) => s.trim() !== "").join(", ");
  if (source) lines.push(source);
  if (d.original_due_date) {
    lines.push(`Moved from ${longDate(d.original_due_date, locale)}${d.amended_by ? ` by ${d.amended_by}` : ""}`);
  }
  if (d.applies === false) lines.push(`Does not apply${d.applies_because ? `: ${d.applies_because.replace(/^does not apply:\s*/i, "")}` : ""}`);
  return lines.join("\n");
}

// The month grid of the calendar view: weeks from Monday to Sunday, with the
// days of the neighbouring months that fill the first and last week; and
// where a day's list of items opens beside its day.
import type { Deadline } from "./types.gen";

export interface Day {
  date: string;
  inMonth: boolean;
}

const pad = (n: number) => String(n).padStart(2, "0");

function iso(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The weeks (Monday first) that show `month` (1–12) of `year`. */
export function monthGrid(year: number, month: number): Day[][] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const offset = (first.getUTCDay() + 6) % 7; // days since Monday
  const start = new Date(Date.UTC(year, month - 1, 1 - offset));
  const weeks: Day[][] = [];
  const cursor = new Date(start);
  do {
    const week: Day[] = [];
    for (let i = 0; i < 7; i++) {
      week.push({ date: iso(cursor), inMonth: cursor.getUTCMonth() === month - 1 });
      cursor.setUTCDate(cursor.getUTCDate() + 1);
    }
    weeks.push(week);
  } while (cursor.getUTCMonth() === month - 1);
  return weeks;
}

/** Moves a (year, month) by `months`, across year ends. */
export function addMonths(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** Deadlines by their due date. */
export function byDay(items: Deadline[]): Map<string, Deadline[]> {
  const days = new Map<string, Deadline[]>();
  for (const d of items) {
    const list = days.get(d.due_date) ?? [];
    list.push(d);
    days.set(d.due_date, list);
  }
  return days;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Between the day and its list, and between the list and the viewport's edges. */
const GAP = 4;
const MARGIN = 8;
/** The least height worth showing a list in beside its day, rather than over it. */
const LEAST = 120;

/**
 * Where the list of a day's items opens, in the viewport's coordinates: under
 * the day, or over it when it fits there and not under it, lined up with the
 * day's left edge, or its right edge near the viewport's right. Taller than
 * the room on either side, it takes the roomier side and scrolls; only when
 * neither side has room for a few items does it cover the day. It always
 * stays inside the viewport.
 */
export function placeDayList(day: Box, list: { width: number; height: number }, viewport: { width: number; height: number }): Box {
  const width = Math.min(list.width, viewport.width - 2 * MARGIN);
  const clamp = (at: number, size: number, room: number) => Math.max(MARGIN, Math.min(at, room - MARGIN - size));
  const left = clamp(day.left + width <= viewport.width - MARGIN ? day.left : day.left + day.width - width, width, viewport.width);

  const below = day.top + day.height + GAP;
  const roomBelow = viewport.height - MARGIN - below;
  const roomAbove = day.top - GAP - MARGIN;
  let top: number;
  let height = Math.min(list.height, viewport.height - 2 * MARGIN);
  if (list.height <= roomBelow) top = below;
  else if (list.height <= roomAbove) top = day.top - GAP - list.height;
  else if (Math.max(roomBelow, roomAbove) >= LEAST) {
    height = Math.min(height, Math.max(roomBelow, roomAbove));
    top = roomBelow >= roomAbove ? below : MARGIN;
  } else top = below;
  // A day scrolled partly out of view still has its list in view.
  return { left, top: clamp(top, height, viewport.height), width, height };
}

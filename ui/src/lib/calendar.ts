// The month grid of the calendar view: weeks from Monday to Sunday, with the
// days of the neighbouring months that fill the first and last week.
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

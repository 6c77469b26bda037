import { describe, expect, it } from "vitest";
import { addMonths, monthGrid, placeDayList, type Box } from "../src/lib/calendar";

describe("the month grid", () => {
  it("runs Monday to Sunday and fills the first and last week from the neighbouring months", () => {
    const weeks = monthGrid(2027, 12); // 1 December 2027 is a Wednesday
    expect(weeks[0]?.map((d) => d.date)).toEqual([
      "2027-11-29", "2027-11-30", "2027-12-01", "2027-12-02", "2027-12-03", "2027-12-04", "2027-12-05",
    ]);
    expect(weeks[0]?.[1]?.inMonth).toBe(false);
    expect(weeks[0]?.[2]?.inMonth).toBe(true);
    expect(weeks.at(-1)?.at(-1)?.date).toBe("2028-01-02");
    expect(weeks).toHaveLength(5);
  });

  it("shows a leap February in full", () => {
    const days = monthGrid(2028, 2).flat().filter((d) => d.inMonth).map((d) => d.date);
    expect(days).toHaveLength(29);
    expect(days.at(-1)).toBe("2028-02-29");
  });

  it("moves across year ends", () => {
    expect(addMonths(2026, 12, 1)).toEqual({ year: 2027, month: 1 });
    expect(addMonths(2027, 1, -1)).toEqual({ year: 2026, month: 12 });
    expect(addMonths(2027, 3, -12)).toEqual({ year: 2026, month: 3 });
  });
});

describe("where a day's list opens", () => {
  const viewport = { width: 1280, height: 800 };
  const list = { width: 308, height: 300 };
  const day = (left: number, top: number): Box => ({ left, top, width: 176, height: 73 });
  const within = (b: Box, v = viewport) => b.left >= 8 && b.top >= 8 && b.left + b.width <= v.width - 8 && b.top + b.height <= v.height - 8;
  const clear = (b: Box, d: Box) => b.top >= d.top + d.height || b.top + b.height <= d.top;

  it("opens under the day, lined up with its left edge, when there is room", () => {
    expect(placeDayList(day(18, 250), list, viewport)).toEqual({ left: 18, top: 327, width: 308, height: 300 });
  });

  it("lines up with the day's right edge in the last column, and opens above it on the last row", () => {
    const sunday = day(1086, 560);
    const placed = placeDayList(sunday, list, viewport);
    expect(placed).toEqual({ left: 1086 + 176 - 308, top: 560 - 4 - 300, width: 308, height: 300 });
    expect(within(placed)).toBe(true);
  });

  it("takes the roomier side and scrolls when it is taller than the room on either side", () => {
    const small = { width: 1024, height: 600 };
    const tall = { width: 308, height: 520 };
    const placed = placeDayList(day(860, 470), tall, small);
    expect(within(placed, small)).toBe(true);
    expect(clear(placed, day(860, 470))).toBe(true);
    expect(placed.height).toBe(470 - 4 - 8);
  });

  it("stays inside the viewport in a window too small for it, or when its day is scrolled out of view", () => {
    const tiny = { width: 300, height: 200 };
    for (const at of [day(200, 60), day(-50, -40), day(900, 900)]) {
      const placed = placeDayList(at, { width: 308, height: 900 }, tiny);
      expect(within(placed, tiny), JSON.stringify(placed)).toBe(true);
    }
  });
});

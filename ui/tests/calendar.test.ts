import { describe, expect, it } from "vitest";
import { addMonths, monthGrid } from "../src/lib/calendar";

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

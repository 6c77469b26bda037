// The audit report's period and how a check of the audit trail reads.
import { describe, expect, it } from "vitest";
import { defaultPeriod, trailVerdict } from "../src/lib/report";
import type { TrailCheck } from "../src/lib/types.gen";

describe("the period a report opens on", () => {
  const table: [string, string, string][] = [
    ["2026-12-01", "2026-01-01", "2026-12-31"],
    ["2027-01-01", "2027-01-01", "2027-12-31"],
    ["2028-02-29", "2028-01-01", "2028-12-31"],
  ];

  it.each(table)("on %s is %s to %s, the calendar year", (today, from, to) => {
    expect(defaultPeriod(today)).toEqual({ from, to });
  });
});

describe("a check of the audit trail", () => {
  const head = "3ebdc86f0c5d8a3a4f1e2b9c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e";
  const intact: TrailCheck = { entries: 1234, head, broken: null, head_found_at: null };

  it("reads intact with its length, grouped as the locale groups it, and its short head", () => {
    expect(trailVerdict(intact, "en-GB")).toEqual({ intact: true, text: "Intact: 1,234 entries, head 3ebdc86f…" });
    expect(trailVerdict(intact, "de-DE").text).toBe("Intact: 1.234 entries, head 3ebdc86f…");
    expect(trailVerdict({ ...intact, entries: 1 }, "en-GB").text).toBe("Intact: 1 entry, head 3ebdc86f…");
  });

  it("reads broken with the Rust side's words", () => {
    expect(trailVerdict({ ...intact, broken: "trail entry 4 is missing: it was removed (the next is 5)" }, "en-GB")).toEqual({
      intact: false,
      text: "Broken: trail entry 4 is missing: it was removed (the next is 5).",
    });
  });
});

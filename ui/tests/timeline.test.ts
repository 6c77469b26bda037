import { describe, expect, it } from "vitest";
import { layoutTimeline, shortLabel } from "../src/lib/timeline";
import type { Deadline } from "../src/lib/types.gen";

function item(id: string, due_date: string, extra: Partial<Deadline> = {}): Deadline {
  return {
    id, title: `Item ${id}`, description: "", kind: "obligation", regulation: "", reference: "", jurisdiction: "",
    source_url: "", owner: "", tags: [], due_date, due_time: null, tz: "Europe/Brussels", lead_times: null,
    status: "open", done_at: null, done_note: "", pack_id: "eu-ai-act", pack_item_id: id, original_due_date: null,
    amended_by: null, unverified: null, due_revision: 0, revision: 1, created_at: "", updated_at: "", due_changed_at: "", recurrence: null,
    ...extra,
  };
}

describe("the regulation timeline", () => {
  const items = [
    item("a", "2025-02-02"),
    item("b", "2025-02-02"),
    item("moved", "2027-12-02", { original_due_date: "2026-08-02" }),
    item("m", "2024-07-12", { kind: "milestone" }),
    item("mine", "2027-03-31", { pack_id: null, kind: "internal" }),
  ];
  const t = layoutTimeline(items, "2026-12-01", 1000);

  it("spans whole years from the first date to the year after the last", () => {
    expect(t.years.map((y) => y.label)).toEqual(["2024", "2025", "2026", "2027", "2028"]);
    expect(t.years[0]?.x).toBe(0);
    expect(t.years.at(-1)?.x).toBe(1000);
    expect(t.todayX).toBeGreaterThan(t.years[2]?.x ?? 0);
    expect(t.todayX).toBeLessThan(t.years[3]?.x ?? 0);
  });

  it("puts obligations, other pack items and the officer's own in their lanes", () => {
    expect(t.lanes.map((l) => [l.title, l.marks.map((m) => m.id)])).toEqual([
      ["Obligations", ["a", "b", "moved"]],
      ["Milestones, commitments and proposals", ["m"]],
      ["Your deadlines", ["mine"]],
    ]);
  });

  it("stacks labels on the same date and shows where a moved date was", () => {
    const [a, b, moved] = t.lanes[0]?.marks ?? [];
    expect(a?.row).not.toBe(b?.row);
    expect(moved?.movedFromX).not.toBeNull();
    expect(moved?.movedFromX ?? 0).toBeLessThan(moved?.x ?? 0);
    expect(a?.past).toBe(true);
    expect(moved?.past).toBe(false);
  });

  it("shortens long labels", () => {
    expect(shortLabel("High-risk obligations for Annex III systems apply")).toBe("High-risk obligations for Annex I…");
  });
});

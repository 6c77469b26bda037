import { describe, expect, it } from "vitest";
import { estimateWidth, fitLabel, LABEL_HEIGHT, layoutTimeline, markSummary, type Timeline } from "../src/lib/timeline";
import type { Deadline } from "../src/lib/types.gen";

function item(id: string, due_date: string, extra: Partial<Deadline> = {}): Deadline {
  return {
    id, title: `Item ${id}`, description: "", kind: "obligation", regulation: "", reference: "", jurisdiction: "",
    source_url: "", owner: "", tags: [], due_date, due_time: null, tz: "Europe/Brussels", lead_times: null,
    status: "open", done_at: null, done_note: "", pack_id: "eu-ai-act", pack_item_id: id, original_due_date: null,
    amended_by: null, unverified: null, due_revision: 0, revision: 1, created_at: "", updated_at: "", due_changed_at: "", recurrence: null,
    applies: true, applies_because: "applies to everyone the EU AI Act covers", asks: [], task: true, due_at: `${due_date}T00:00:00+01:00`,
    ...extra,
  };
}

// The EU AI Act pack as the officer who reported the crowded timeline had it,
// with a few deadlines of their own: about forty items from 2024 to 2030, a
// dozen of them in July 2025.
const pack: [string, Deadline["kind"], string][] = [
  ["2024-07-12", "milestone", "AI Act published in the Official Journal"],
  ["2024-08-01", "milestone", "AI Act enters into force"],
  ["2025-02-02", "obligation", "Prohibited AI practices apply"],
  ["2025-02-02", "obligation", "AI literacy obligation applies"],
  ["2025-05-02", "milestone", "Codes of practice to be ready"],
  ["2025-07-03", "milestone", "Industry 'Stop the Clock' open letter"],
  ["2025-07-04", "milestone", "Commission: 'no stop the clock, no grace period, no pause'"],
  ["2025-07-10", "milestone", "General-Purpose AI Code of Practice published"],
  ["2025-07-11", "commitment", "OpenAI announces intention to sign the GPAI Code"],
  ["2025-07-17", "milestone", "AI Office invites providers to sign the GPAI Code"],
  ["2025-07-18", "milestone", "Commission guidelines on the scope of GPAI obligations"],
  ["2025-07-18", "commitment", "Meta refuses to sign the GPAI Code"],
  ["2025-07-24", "milestone", "Template for the public summary of training content"],
  ["2025-07-30", "commitment", "Google says it will sign the GPAI Code"],
  ["2025-07-31", "commitment", "xAI signs only the Safety and Security chapter"],
  ["2025-08-01", "milestone", "Code confirmed adequate; first signatory list"],
  ["2025-08-02", "obligation", "GPAI model obligations apply"],
  ["2025-08-02", "obligation", "Governance, notified bodies and penalties apply"],
  ["2025-08-02", "obligation", "Member States designate national competent authorities"],
  ["2025-11-19", "proposal", "Digital Omnibus on AI proposed"],
  ["2026-05-07", "milestone", "Provisional agreement on the Digital Omnibus on AI"],
  ["2026-06-29", "milestone", "Council gives final green light to the AI Omnibus"],
  ["2026-07-27", "milestone", "AI Omnibus (Regulation (EU) 2026/1744) enters into force"],
  ["2026-08-02", "obligation", "General date of application; transparency obligations"],
  ["2026-12-02", "obligation", "New Art. 5 bans and end of Art. 50(2) grace period"],
  ["2027-08-02", "obligation", "Legacy GPAI models must comply"],
  ["2027-08-02", "obligation", "National AI regulatory sandboxes operational"],
  ["2027-12-02", "obligation", "High-risk obligations for Annex III systems apply"],
  ["2028-08-02", "obligation", "High-risk obligations for Annex I products apply"],
  ["2030-08-02", "obligation", "Public-authority high-risk systems must comply"],
  ["2030-12-31", "obligation", "Annex X large-scale IT systems must comply"],
];
const own: [string, string][] = [
  ["2026-12-15", "Quarterly AI risk report to the board"],
  ["2027-01-31", "Fundamental rights impact assessment for the hiring model"],
  ["2027-03-31", "Update the AI inventory"],
  ["2027-06-30", "Internal audit of the credit scoring model"],
  ["2027-09-30", "Train the procurement team on the AI Act"],
  ["2028-01-31", "Renew the conformity assessment contract"],
  ["2029-06-30", "Review the post-market monitoring plan"],
  ["2030-11-30", "Register the public-sector systems in the EU database before the deadline"],
];
const crowded = [
  ...pack.map(([date, kind, title], i) => item(`p${i}`, date, { kind, title, regulation: "Regulation (EU) 2024/1689" })),
  ...own.map(([date, title], i) => item(`o${i}`, date, { title, kind: "internal", pack_id: null })),
];

interface Drawn {
  id: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** The dot, and for a moved date the struck circle and the arrow between them, on the label's row. */
  dots: { left: number; right: number; y: number };
}

/** Every label's box and the span of its dots, each checked to be a number. */
function drawn(t: Timeline): Drawn[] {
  const all = t.lanes.flatMap((lane) =>
    lane.marks.map((m) => {
      const from = m.movedFromX ?? m.x;
      return {
        id: m.deadline.id, left: m.left, right: m.left + m.width, top: m.top, bottom: m.top + LABEL_HEIGHT,
        dots: { left: Math.min(from, m.x) - 5, right: Math.max(from, m.x) + 5, y: m.y },
      };
    }),
  );
  for (const d of all) {
    for (const v of [d.left, d.right, d.top, d.bottom, d.dots.left, d.dots.right, d.dots.y]) expect(Number.isFinite(v), d.id).toBe(true);
  }
  return all;
}

const overlap = (a: Drawn, b: Drawn) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe("the regulation timeline", () => {
  const items = [
    item("a", "2025-02-02"),
    item("b", "2025-02-02"),
    item("moved", "2027-12-02", { original_due_date: "2026-08-02" }),
    item("m", "2024-07-12", { kind: "milestone" }),
    item("mine", "2027-03-31", { pack_id: null, kind: "internal" }),
  ];
  const t = layoutTimeline(items, "2026-12-01", 1000);

  it("spans whole years from the first date on, today between its years", () => {
    expect(t.years.slice(0, 5).map((y) => y.label)).toEqual(["2024", "2025", "2026", "2027", "2028"]);
    expect(t.years[0]?.x).toBeGreaterThanOrEqual(0);
    expect(t.years[0]?.x).toBeLessThan(10);
    expect(t.years.at(-1)?.x).toBeLessThanOrEqual(1000);
    expect(t.today.x).toBeGreaterThan(t.years[2]?.x ?? 0);
    expect(t.today.x).toBeLessThan(t.years[3]?.x ?? 0);
  });

  it("puts obligations, other pack items and the officer's own in their lanes, one under the other", () => {
    expect(t.lanes.map((l) => [l.title, l.marks.map((m) => m.deadline.id)])).toEqual([
      ["Obligations", ["a", "b", "moved"]],
      ["Milestones, commitments and proposals", ["m"]],
      ["Your deadlines", ["mine"]],
    ]);
    const [obligations, others] = t.lanes;
    const lowest = Math.max(...(obligations?.marks ?? []).map((m) => m.top + LABEL_HEIGHT));
    expect(others?.top).toBeGreaterThanOrEqual(lowest);
    expect(t.height).toBeGreaterThan(Math.max(...t.lanes.flatMap((l) => l.marks.map((m) => m.top + LABEL_HEIGHT))));
  });

  it("stacks labels on the same date and shows where a moved date was", () => {
    const [a, b, moved] = t.lanes[0]?.marks ?? [];
    expect(a?.x).toBe(b?.x);
    expect(a?.row).not.toBe(b?.row);
    expect(moved?.movedFromX).not.toBeNull();
    expect(moved?.movedFromX ?? 0).toBeLessThan(moved?.x ?? 0);
    expect(a?.past).toBe(true);
    expect(moved?.past).toBe(false);
  });

  for (const width of [1240, 760]) {
    describe(`with forty items over seven years, ${width} pixels wide`, () => {
      const crowd = layoutTimeline(crowded, "2026-12-01", width);

      it("draws every label, whole", () => {
        expect(drawn(crowd)).toHaveLength(crowded.length);
        for (const lane of crowd.lanes) {
          for (const m of lane.marks) {
            expect(m.label).toBe(m.deadline.title);
            expect(m.width).toBeGreaterThanOrEqual(estimateWidth(m.deadline.title));
          }
        }
      });

      it("never lets two labels overlap", () => {
        const labels = drawn(crowd);
        for (const a of labels) {
          for (const b of labels) if (a !== b) expect(overlap(a, b), `${a.id} and ${b.id}`).toBe(false);
        }
      });

      it("never puts a label over a dot or a moved date's arrow, and keeps each label on its dot's row", () => {
        const labels = drawn(crowd);
        for (const m of labels) {
          expect(m.dots.y).toBeGreaterThan(m.top);
          expect(m.dots.y).toBeLessThan(m.bottom);
          for (const other of labels) {
            const across = other.left < m.dots.right && m.dots.left < other.right;
            const along = other.top < m.dots.y + 5 && m.dots.y - 5 < other.bottom;
            expect(across && along, `the dot of ${m.id} under the label of ${other.id}`).toBe(false);
          }
        }
      });

      it("keeps every label inside the drawing, the right-most one too", () => {
        const labels = drawn(crowd);
        for (const m of labels) {
          expect(m.left, m.id).toBeGreaterThanOrEqual(0);
          expect(m.right, m.id).toBeLessThanOrEqual(width);
        }
        const last = labels.reduce((a, b) => (b.dots.left > a.dots.left ? b : a));
        expect(last.id).toBe("p30");
        for (const y of crowd.years.filter((y) => y.labelled)) expect(y.x + estimateWidth(y.label)).toBeLessThanOrEqual(width);
      });
    });
  }

  it("keeps the today label inside the drawing when today is at either end", () => {
    for (const today of ["2024-01-01", "2031-12-31"]) {
      const at = layoutTimeline(crowded, today, 900);
      expect(at.today.left, today).toBeGreaterThanOrEqual(0);
      expect(at.today.left + at.today.width, today).toBeLessThanOrEqual(900);
      expect(at.today.width).toBeGreaterThanOrEqual(estimateWidth("today"));
      expect(at.today.left).toBeLessThanOrEqual(at.today.x);
      expect(at.today.left + at.today.width).toBeGreaterThanOrEqual(at.today.x);
    }
  });

  it("shortens a label only when it is wider than the drawing allows", () => {
    const long = "A".repeat(200);
    const narrow = layoutTimeline([item("long", "2027-01-01", { title: long }), ...items], "2026-12-01", 600);
    const drawnLong = narrow.lanes[0]?.marks.find((m) => m.deadline.id === "long");
    expect(drawnLong?.label.endsWith("…")).toBe(true);
    expect((drawnLong?.left ?? Infinity) + (drawnLong?.width ?? Infinity)).toBeLessThanOrEqual(600);
    expect(fitLabel("High-risk obligations", 1000, estimateWidth)).toBe("High-risk obligations");
    expect(fitLabel("High-risk obligations", estimateWidth("High-risk…"), estimateWidth)).toBe("High-risk…");
  });

  it("says in the tooltip the whole title, the date, the kind and the regulation, and where a moved date was", () => {
    const d = item("annex-iii", "2027-12-02", {
      title: "High-risk obligations for Annex III systems apply",
      regulation: "Regulation (EU) 2024/1689",
      reference: "Art. 6(2), Annex III",
      original_due_date: "2026-08-02",
      amended_by: "the AI Omnibus",
    });
    expect(markSummary(d, "en-GB")).toBe(
      "High-risk obligations for Annex III systems apply\n2 December 2027 · obligation\nRegulation (EU) 2024/1689, Art. 6(2), Annex III\nMoved from 2 August 2026 by the AI Omnibus",
    );
    expect(markSummary(item("mine", "2027-03-31", { title: "Update the AI inventory", kind: "internal" }), "en-GB")).toBe(
      "Update the AI inventory\n31 March 2027 · internal",
    );
  });
});

// @vitest-environment node
// The timeline and the calendar as drawn in a real browser (Debian's
// Chromium through playwright-core, the IPC answered by mock-ipc.js): their
// geometry is measured with getBoundingClientRect, as the officer would see it.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { HARNESS_NOW, type WindowOptions } from "./harness";
import { violations, windowPerTest } from "./suite";

const browser = windowPerTest();
let page: Page;

async function open(options: WindowOptions = {}) {
  page = await browser.open(options);
  return page;
}

// The EU AI Act pack as the officer who reported the crowded timeline had it,
// with deadlines of their own: forty items from 2024 to 2030, a dozen of them
// in July 2025, and eight due on Sunday 31 January 2027, the last day of its
// month's grid.
const regulation = "Regulation (EU) 2024/1689";
const amended = "Regulation (EU) 2024/1689 as amended by Regulation (EU) 2026/1744";
const pack: [string, string, string, string, string?, string?][] = [
  ["oj-publication", "2024-07-12", "milestone", "AI Act published in the Official Journal"],
  ["entry-into-force", "2024-08-01", "milestone", "AI Act enters into force"],
  ["prohibitions-apply", "2025-02-02", "obligation", "Prohibited AI practices apply"],
  ["ai-literacy-applies", "2025-02-02", "obligation", "AI literacy obligation applies"],
  ["codes-of-practice-due", "2025-05-02", "milestone", "Codes of practice to be ready"],
  ["stop-the-clock-letter", "2025-07-03", "milestone", "Industry 'Stop the Clock' open letter"],
  ["commission-no-pause", "2025-07-04", "milestone", "Commission: 'no stop the clock, no grace period, no pause'"],
  ["gpai-code-published", "2025-07-10", "milestone", "General-Purpose AI Code of Practice published"],
  ["openai-will-sign", "2025-07-11", "commitment", "OpenAI announces intention to sign the GPAI Code"],
  ["ai-office-invites-signatures", "2025-07-17", "milestone", "AI Office invites providers to sign the GPAI Code"],
  ["gpai-guidelines", "2025-07-18", "milestone", "Commission guidelines on the scope of GPAI obligations"],
  ["meta-refuses", "2025-07-18", "commitment", "Meta refuses to sign the GPAI Code"],
  ["training-data-template", "2025-07-24", "milestone", "Template for the public summary of training content"],
  ["google-will-sign", "2025-07-30", "commitment", "Google says it will sign the GPAI Code"],
  ["xai-safety-chapter", "2025-07-31", "commitment", "xAI signs only the Safety and Security chapter"],
  ["code-adequacy-signatories", "2025-08-01", "milestone", "Code confirmed adequate; first signatory list"],
  ["gpai-obligations-apply", "2025-08-02", "obligation", "GPAI model obligations apply"],
  ["governance-penalties-apply", "2025-08-02", "obligation", "Governance, notified bodies and penalties apply"],
  ["national-authorities", "2025-08-02", "obligation", "Member States designate national competent authorities"],
  ["omnibus-proposal", "2025-11-19", "proposal", "Digital Omnibus on AI proposed"],
  ["omnibus-agreement", "2026-05-07", "milestone", "Provisional agreement on the Digital Omnibus on AI"],
  ["omnibus-adopted", "2026-06-29", "milestone", "Council gives final green light to the AI Omnibus"],
  ["omnibus-in-force", "2026-07-27", "milestone", "AI Omnibus (Regulation (EU) 2026/1744) enters into force"],
  ["general-application", "2026-08-02", "obligation", "General date of application; transparency obligations"],
  ["new-prohibitions-art50-grace", "2026-12-02", "obligation", "New Art. 5 bans and end of Art. 50(2) grace period", amended],
  ["gpai-legacy-models", "2027-08-02", "obligation", "Legacy GPAI models must comply"],
  ["regulatory-sandboxes", "2027-08-02", "obligation", "National AI regulatory sandboxes operational", amended, "2026-08-02"],
  ["high-risk-annex-iii", "2027-12-02", "obligation", "High-risk obligations for Annex III systems apply", amended, "2026-08-02"],
  ["high-risk-annex-i", "2028-08-02", "obligation", "High-risk obligations for Annex I products apply", amended, "2027-08-02"],
  ["public-authority-legacy", "2030-08-02", "obligation", "Public-authority high-risk systems must comply"],
  ["annex-x-large-scale-it", "2030-12-31", "obligation", "Annex X large-scale IT systems must comply"],
];
const own: [string, string][] = [
  ["2026-12-15", "Quarterly AI risk report to the board"],
  ["2027-01-31", "Fundamental rights impact assessment for the hiring model"],
  ["2027-01-31", "DPIA for the hiring model"],
  ["2027-01-31", "Bias audit of the CV screening model"],
  ["2027-01-31", "Sign the AI literacy training plan"],
  ["2027-01-31", "Vendor questionnaire for the chatbot"],
  ["2027-01-31", "Log retention review"],
  ["2027-01-31", "Human oversight procedure for scoring"],
  ["2027-01-31", "Register the public-sector systems in the EU database before the deadline"],
];
const base = {
  description: "", reference: "", jurisdiction: "", source_url: "", owner: "", tags: [], due_time: null,
  tz: "Europe/Brussels", lead_times: null, status: "open", done_at: null, done_note: "", amended_by: null,
  unverified: null, due_revision: 0, revision: 1, created_at: HARNESS_NOW, updated_at: HARNESS_NOW,
  due_changed_at: HARNESS_NOW, recurrence: null, task: true,
};
const deadlines = [
  ...pack.map(([id, due_date, kind, title, reg, original]) => ({
    ...base, id: `eu-ai-act:${id}`, title, kind, due_date, due_at: `${due_date}T00:00:00+01:00`, regulation: reg ?? regulation,
    pack_id: "eu-ai-act", pack_item_id: id, original_due_date: original ?? null,
    amended_by: original ? "the AI Omnibus (Regulation (EU) 2026/1744)" : null,
  })),
  ...own.map(([due_date, title], i) => ({
    ...base, id: `O${i}`, title, kind: "internal", due_date, due_at: `${due_date}T00:00:00+01:00`, regulation: "",
    pack_id: null, pack_item_id: null, original_due_date: null,
  })),
];

/** An init script that has the mock answer with `deadlines` instead of its fixture. */
const serving = `(() => {
  const deadlines = ${JSON.stringify(deadlines)};
  const ipc = window.__TAURI_INTERNALS__;
  const answer = ipc.invoke;
  ipc.invoke = (cmd, args) => {
    if (cmd === "list_deadlines") return Promise.resolve(structuredClone(deadlines));
    if (cmd === "list_upcoming") {
      const upcoming = deadlines
        .filter((d) => d.status === "open" && d.due_date >= args.from)
        .sort((a, b) => a.due_date.localeCompare(b.due_date) || a.title.localeCompare(b.title));
      return Promise.resolve(structuredClone(upcoming.slice(0, args.limit)));
    }
    return answer(cmd, args);
  };
})();`;

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const inside = (inner: Rect, outer: Rect) =>
  inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 && inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;
const intersect = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The agenda's scrolling box, which the views are drawn in. */
const scroller = () => page.locator("main.agenda");

function rectOf(selector: string): Promise<Rect> {
  return page.locator(selector).first().evaluate((e) => e.getBoundingClientRect().toJSON() as Rect);
}

interface DrawnLabel extends Rect {
  text: string;
  /** Wider than its box: drawn with an ellipsis, or clipped. */
  overflows: boolean;
  /** Whether the label itself is what is drawn on top at its left end, middle and right end. */
  onTop: boolean;
}

/**
 * Every label of the timeline: its box (as if the agenda were not scrolled),
 * its text, and whether it is cut or drawn over. Each is scrolled into view
 * to be hit-tested.
 */
function timelineLabels(): Promise<DrawnLabel[]> {
  return page.evaluate(async () => {
    const main = document.querySelector("main.agenda");
    const labels = [...document.querySelectorAll<SVGGraphicsElement | HTMLElement>("[data-testid=timeline] .label")];
    const drawn = [];
    for (const label of labels) {
      label.scrollIntoView({ block: "center" });
      await new Promise(requestAnimationFrame);
      const r = label.getBoundingClientRect();
      const y = r.top + r.height / 2;
      const onTop = [r.left + 3, r.left + r.width / 2, r.right - 3].every((x) => {
        const hit = document.elementFromPoint(x, y);
        return hit !== null && (hit === label || label.contains(hit));
      });
      const shift = main?.scrollTop ?? 0;
      drawn.push({
        left: r.left, right: r.right, top: r.top + shift, bottom: r.bottom + shift,
        text: label.textContent ?? "",
        overflows: label instanceof HTMLElement && label.scrollWidth > label.clientWidth,
        onTop,
      });
    }
    main?.scrollTo(0, 0);
    return drawn;
  });
}

async function showTimeline() {
  await page.click("[data-testid=view-timeline]");
  await page.locator("[data-testid=timeline]").waitFor();
}

describe("the timeline", { timeout: 60_000 }, () => {
  const windows: [string, WindowOptions, number, string[] | null][] = [
    ["forty items of the EU AI Act pack at 1280×800", { before: serving }, deadlines.length, deadlines.map((d) => d.title)],
    ["sixty deadlines of one's own at 1024×700", { synthetic: 60, width: 1024, height: 700 }, 60, null],
  ];
  for (const [what, options, count, titles] of windows) {
    it(`lays out ${what}: every label whole, none over another, all inside the drawing`, async () => {
      await open(options);
      await showTimeline();
      const timeline = await rectOf("[data-testid=timeline]");
      const labels = await timelineLabels();
      expect(labels).toHaveLength(count);
      const overlapping = labels.flatMap((a, i) => labels.slice(i + 1).filter((b) => intersect(a, b)).map((b) => `“${a.text}” and “${b.text}”`));
      expect(overlapping, "labels over one another").toEqual([]);
      expect(labels.filter((l) => !inside(l, timeline)).map((l) => l.text), "labels outside the timeline").toEqual([]);
      expect(labels.filter((l) => l.overflows || l.text.endsWith("…")).map((l) => l.text), "labels cut").toEqual([]);
      if (titles) expect(labels.map((l) => l.text).sort()).toEqual([...titles].sort());
      expect(labels.filter((l) => !l.onTop).map((l) => l.text), "labels drawn over").toEqual([]);
      // The right-most label is inside the drawing, and the window does not scroll sideways.
      const rightmost = Math.max(...labels.map((l) => l.right));
      expect(rightmost).toBeLessThanOrEqual(timeline.right);
      const widths = await scroller().evaluate((e) => [e.scrollWidth, e.clientWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1] ?? 0);

      const today = await rectOf("[data-testid=timeline] .today");
      const main = await rectOf("main.agenda");
      const drawing = await rectOf("[data-testid=timeline] svg");
      expect(today.right - today.left).toBeGreaterThan(10);
      expect(inside(today, drawing), "the today label inside the drawing it is in").toBe(true);
      expect(inside(today, main), "the today label inside the visible agenda").toBe(true);
      expect(await violations(page)).toEqual([]);
    });
  }

  it("keeps the year axis and the today label in view while the lanes scroll under it", async () => {
    await open({ before: serving });
    await showTimeline();
    const main = await rectOf("main.agenda");
    await scroller().evaluate((e) => e.scrollTo(0, 400));
    await expect.poll(() => scroller().evaluate((e) => e.scrollTop)).toBeGreaterThan(150);
    for (const selector of ["[data-testid=timeline] .year", "[data-testid=timeline] .today"]) {
      const box = await rectOf(selector);
      expect(box.top, selector).toBeGreaterThanOrEqual(main.top);
      expect(box.bottom, selector).toBeLessThanOrEqual(main.top + 60);
      // Drawn on top of the lanes scrolled under it.
      const top = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest("[data-testid=timeline-axis]") !== null, {
        x: (box.left + box.right) / 2,
        y: (box.top + box.bottom) / 2,
      });
      expect(top, selector).toBe(true);
    }
  });

  it("says in a label's tooltip the whole title, the date, the kind and the regulation, and opens it from the keyboard", async () => {
    await open({ before: serving });
    await showTimeline();
    const label = page.locator("[data-testid=timeline] .label", { hasText: "High-risk obligations for Annex III systems apply" });
    await expect(label.getAttribute("title")).resolves.toBe(
      [
        "High-risk obligations for Annex III systems apply",
        "2 December 2027 · obligation",
        amended,
        "Moved from 2 August 2026 by the AI Omnibus (Regulation (EU) 2026/1744)",
      ].join("\n"),
    );
    await page.locator("[data-testid='moved-eu-ai-act:high-risk-annex-iii']").waitFor();
    // Tab reaches a lane's labels in date order, each scrolled into view below
    // the axis; Enter opens the one focused.
    await scroller().evaluate((e) => e.scrollTo(0, e.scrollHeight));
    await page.locator("[data-testid=timeline] .label").first().focus();
    const focused = () => page.evaluate(() => document.activeElement?.textContent);
    const uncovered = () =>
      page.evaluate(() => {
        const r = document.activeElement?.getBoundingClientRect();
        return r !== undefined && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === document.activeElement;
      });
    await expect(uncovered()).resolves.toBe(true);
    await expect(focused()).resolves.toBe("AI literacy obligation applies");
    await page.keyboard.press("Tab");
    await expect(focused()).resolves.toBe("Prohibited AI practices apply");
    await page.keyboard.press("Tab");
    await expect(focused()).resolves.toBe("Governance, notified bodies and penalties apply");
    // Back up to a label that has scrolled under the axis: it comes out from under it.
    const milestones = page.locator("[data-testid=timeline] ul").nth(1).locator(".label");
    await milestones.nth(6).focus();
    await milestones.nth(5).evaluate(async (e) => {
      // After the scrolling the focus asked for.
      await new Promise(requestAnimationFrame);
      const main = document.querySelector("main.agenda");
      if (main) main.scrollBy(0, e.getBoundingClientRect().top - main.getBoundingClientRect().top - 20);
    });
    await expect(milestones.nth(5).evaluate((e) => {
      const r = e.getBoundingClientRect();
      return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === e;
    })).resolves.toBe(false);
    await page.keyboard.press("Shift+Tab");
    await expect(focused()).resolves.toBe(await milestones.nth(5).textContent());
    await expect(uncovered()).resolves.toBe(true);
    await label.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#details-title").textContent()).toBe("High-risk obligations for Annex III systems apply");
  });
});

describe("the calendar's day list", { timeout: 60_000 }, () => {
  for (const [width, height] of [[1280, 800], [1024, 600]] as const) {
    it(`opens inside the ${width}×${height} window on the last column and the last row of the month, and closes with Escape`, async () => {
      await open({ before: serving, width, height });
      await page.click("[data-testid=view-calendar]");
      await page.click("[aria-label='Next month']");
      await expect(page.locator("[data-testid=calendar-month]").textContent()).resolves.toBe("January 2027");
      const viewport = { left: 0, top: 0, right: width, bottom: height };
      for (const date of ["2027-01-31", "2027-01-25", "2027-01-03", "2026-12-28"]) {
        const day = page.locator(`[data-date='${date}']`);
        await day.click();
        const list = page.locator("[data-testid=day-items]");
        await expect.poll(() => list.evaluate((e) => getComputedStyle(e).visibility)).toBe("visible");
        const box = await list.evaluate((e) => e.getBoundingClientRect().toJSON() as Rect);
        expect(inside(box, viewport), `the list of ${date}, ${JSON.stringify(box)}`).toBe(true);
        if (date === "2027-01-31") {
          expect(await list.locator("li").count()).toBe(8);
          const cell = await day.evaluate((e) => e.getBoundingClientRect().toJSON() as Rect);
          expect(intersect(box, cell), "the list beside its day, not over it").toBe(false);
          expect(await violations(page)).toEqual([]);
        }
        await page.keyboard.press("Escape");
        await expect.poll(() => list.count()).toBe(0);
        await expect(page.evaluate(() => document.activeElement?.getAttribute("data-date"))).resolves.toBe(date);
      }
      // Choosing an item opens it beside the calendar; Escape then closes the next list, and only it.
      await page.click("[data-date='2027-01-31']");
      await page.locator("[data-testid=day-items] >> text=DPIA for the hiring model").click();
      await expect.poll(() => page.locator("#details-title").textContent()).toBe("DPIA for the hiring model");
      await expect(page.locator("[data-testid=day-items]").count()).resolves.toBe(0);
      await page.click("[data-date='2027-01-31']");
      const list = await page.locator("[data-testid=day-items]").evaluate((e) => e.getBoundingClientRect().toJSON() as Rect);
      expect(inside(list, viewport), "the list beside the open panel").toBe(true);
      await page.keyboard.press("Escape");
      await expect.poll(() => page.locator("[data-testid=day-items]").count()).toBe(0);
      await expect(page.locator("#details-title").count()).resolves.toBe(1);
    });
  }
});

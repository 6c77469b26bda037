// @vitest-environment node
// Overdue work, news and distances in the built window, in Debian's Chromium
// (see harness.ts): the page's clock is the harness's, 1 December 2026 07:00 UTC.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { type WindowOptions } from "./harness";
import { violations, windowPerTest } from "./suite";

const browser = windowPerTest();
let page: Page;

async function open(options: WindowOptions = {}) {
  page = await browser.open(options);
  return page;
}

const row = (id: string) => `[data-testid=deadline-row][data-id="${id}"]`;
/** The agenda's section headings and row ids, in the order drawn. */
const drawn = () =>
  page.locator("main.agenda h2.section, main.agenda [data-testid=deadline-row]").evaluateAll((nodes) =>
    nodes.map((n) => (n instanceof HTMLElement && n.dataset.id ? n.dataset.id : (n.textContent ?? "").trim())),
  );

describe("overdue work and news", { timeout: 30_000 }, () => {
  it("heads the agenda with the overdue tasks, counts them in the header and leaves passed law in effect", async () => {
    await open({ overdue: true });
    const order = await drawn();
    expect(order.slice(0, 4)).toEqual(["Overdue", "L1", "L2", "Coming up"]);
    // The AI Act's passed application date is in effect, not late.
    expect(order.indexOf("eu-ai-act:prohibitions-apply")).toBeGreaterThan(order.indexOf("Already in effect"));
    await expect(page.locator(`${row("L1")} [data-testid=countdown]`).textContent()).resolves.toBe("overdue by 3 days");
    // Due at 07:30 in Brussels, 06:30 UTC: half an hour late, not "today".
    await expect(page.locator(`${row("L2")} [data-testid=countdown]`).textContent()).resolves.toBe("overdue since 07:30");
    await expect(page.locator("[data-testid=overdue-count]").textContent()).resolves.toBe("2 overdue");
    await expect(page.locator(`${row("eu-ai-act:prohibitions-apply")} [data-testid=countdown]`).textContent()).resolves.toBe(
      "applies since 2 February 2025",
    );
  });

  it("marks done an overdue task, which leaves the section", async () => {
    await open({ overdue: true });
    await page.locator(`${row("L1")} button`, { hasText: "Done…" }).click();
    await page.keyboard.type("Sent to the board");
    await page.locator("[data-testid=confirm-done]").click();
    await expect.poll(() => page.locator("[data-testid=overdue-count]").textContent()).toBe("1 overdue");
    expect((await drawn()).slice(0, 3)).toEqual(["Overdue", "L2", "Coming up"]);
  });

  it("offers no Done on news, by button, details or key", async () => {
    await open({ overdue: true });
    const news = page.locator(row("M1"));
    await expect(news.locator("button", { hasText: "Done…" }).count()).resolves.toBe(0);
    await expect(page.locator(`${row("eu-ai-act:prohibitions-apply")} button`, { hasText: "Done…" }).count()).resolves.toBe(1);
    await news.locator("button.link").click();
    const details = page.locator("[data-testid=details]");
    await details.waitFor();
    await expect(details.locator("button", { hasText: "Mark done…" }).count()).resolves.toBe(0);
    await expect(details.locator("button", { hasText: "Waive…" }).count()).resolves.toBe(1);
    // The opened row is the chosen one; its d opens nothing.
    await expect(news.getAttribute("class")).resolves.toContain("focused");
    await page.keyboard.press("Escape");
    await expect.poll(() => details.count()).toBe(0);
    await page.keyboard.press("d");
    await page.waitForTimeout(200);
    await expect(page.locator("#done-title").count()).resolves.toBe(0);
    // On a task, the same key opens the Done form.
    await page.locator(`${row("L1")} button.link`).click();
    await page.keyboard.press("Escape");
    await page.keyboard.press("d");
    await expect(page.locator("#done-title").textContent()).resolves.toBe("Mark done");
  });

  it("says far dates in months and years, and when the next reminder comes", async () => {
    await open();
    // 2 December 2027 from 1 December 2026.
    await expect(page.locator(`${row("eu-ai-act:high-risk-annex-iii")} [data-testid=countdown]`).textContent()).resolves.toBe(
      "in 1 year",
    );
    await expect(page.locator(`${row("X1")} [data-testid=countdown]`).textContent()).resolves.toBe("in 3 months");
    // Its tags are on the row, and in its details.
    await expect(page.locator(`${row("X1")} .meta`).textContent()).resolves.toContain("#audit");
    await page.locator(`${row("Q1")} button.link`).click();
    await expect
      .poll(() => page.locator("[data-testid=next-reminder]").textContent())
      .toContain("Next reminder: 1 day before, 14 Dec 2026, 08:00");
    await expect(page.locator("[data-testid=tags]").textContent()).resolves.toBe("board");
  });

  it("keeps “Show done” across a reload like the filters, and Clear turns it off", async () => {
    await open();
    const toggle = page.locator("label.toggle input");
    await toggle.check();
    await page.locator(row("D1")).waitFor();
    await page.reload();
    await page.locator(row("D1")).waitFor();
    await expect(toggle.isChecked()).resolves.toBe(true);
    await page.click("text=Clear");
    await expect.poll(() => page.locator(row("D1")).count()).toBe(0);
    await expect(toggle.isChecked()).resolves.toBe(false);
  });

  it("shows a passing notice over the window without moving the list", async () => {
    await open({ overdue: true });
    const list = page.locator("main.agenda");
    const before = await list.boundingBox();
    await page.locator(`${row("L1")} button`, { hasText: "Done…" }).click();
    await page.locator("[data-testid=confirm-done]").click();
    await page.locator("[data-testid=notice]").waitFor();
    const after = await list.boundingBox();
    expect(after!.y).toBe(before!.y);
    // It floats over the lower part of the list, clear of the rows at its top.
    const notice = await page.locator("[data-testid=notice]").boundingBox();
    expect(notice!.y).toBeGreaterThan(after!.y + 200);
  });

  it("finds a deleted deadline under the status “deleted” long after Undo is gone, and restores it", async () => {
    await open();
    await page.locator(`${row("Q1")} button.link`).click();
    await page.locator("[data-testid=delete]").click();
    await expect.poll(() => page.locator(row("Q1")).count()).toBe(0);
    await page.clock.fastForward(60_000);
    await page.selectOption("select[aria-label=Status]", "deleted");
    const gone = page.locator(row("Q1"));
    await gone.waitFor();
    await expect(page.locator("main.agenda h2.section").textContent()).resolves.toBe("Deleted, kept until restored");
    await expect(gone.locator("button", { hasText: "Edit" }).count()).resolves.toBe(0);
    await gone.locator("button", { hasText: "Restore" }).click();
    await expect.poll(() => page.locator("main.agenda").textContent()).toContain("No deadline is deleted.");
    await page.selectOption("select[aria-label=Status]", "");
    await expect.poll(() => page.locator(row("Q1")).count()).toBe(1);
  });

  it("asks why a date moves, only when it moves, and keeps the reason in the history", async () => {
    await open();
    await page.locator(`${row("Q1")} button`, { hasText: "Edit" }).click();
    await expect(page.locator("[data-testid=move-reason]").count()).resolves.toBe(0);
    await page.fill("#f-due", "2026-12-18");
    await page.fill("#f-move-reason", "The board meets three days later");
    await page.locator("form button[type=submit]").click();
    await page.locator(`${row("Q1")} button.link`).click();
    await expect
      .poll(() => page.locator("[data-testid=history]").textContent())
      .toContain("Moved from 2026-12-15 to 2026-12-18: The board meets three days later");
  });

  it("marks the overdue tasks in the calendar, and says so to a screen reader", async () => {
    await open({ overdue: true });
    await page.keyboard.press("c");
    // December 2026: the call due this morning is late; the pack's dates are not.
    const pills = page.locator("[data-testid=overdue-pill]");
    await expect.poll(() => pills.count()).toBe(1);
    await expect(pills.textContent()).resolves.toContain("Call the supervisory authority");
    await page.locator("button[aria-label='Previous month']").click();
    await expect.poll(() => pills.filter({ hasText: "Send the DPIA to the board" }).count()).toBe(1);
    const day = page.locator('button.day[data-date="2026-11-28"]');
    await expect(day.locator(".sr-only").textContent()).resolves.toContain("1 overdue");
    await day.click();
    await expect(page.locator("[data-testid=day-items]").textContent()).resolves.toContain("overdue");
  });

  it("is axe clean with overdue work, in the calendar, and in the list of deleted deadlines", async () => {
    await open({ overdue: true });
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press("c");
    await page.locator("[data-testid=overdue-pill]").first().waitFor();
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press("a");
    await page.locator(`${row("L1")} button.link`).click();
    await page.locator("[data-testid=delete]").click();
    await page.selectOption("select[aria-label=Status]", "deleted");
    await page.locator(row("L1")).waitFor();
    expect(await violations(page)).toEqual([]);
  });
});

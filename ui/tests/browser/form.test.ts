// @vitest-environment node
// The deadline form in the built window (Debian's Chromium through
// playwright-core, the IPC answered by mock-ipc.js): every problem at once,
// the tags, the date picker, Escape, and an edit going back to its details.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ipcCalls, type WindowOptions } from "./harness";
import { violations, windowPerTest } from "./suite";

const browser = windowPerTest();
let page: Page;

async function open(options: WindowOptions = {}) {
  page = await browser.open(options);
  return page;
}

const row = (id: string) => `[data-testid=deadline-row][data-id="${id}"]`;
const notice = () => page.locator("[data-testid=notice]").textContent();
const focusedId = () => page.evaluate(() => document.activeElement?.id ?? "");

/** True when the whole of `selector` is inside the panel's visible part. */
async function inView(selector: string): Promise<boolean> {
  return page.evaluate((s) => {
    const panel = document.querySelector("aside.panel")?.getBoundingClientRect();
    const box = document.querySelector(s)?.getBoundingClientRect();
    return !!panel && !!box && box.height > 0 && box.top >= panel.top && box.bottom <= panel.bottom;
  }, selector);
}

const TITLE = "Title must not be empty.";
const DATE = 'Due date "2027-02-30" is not a calendar date; use YYYY-MM-DD, for example 2027-12-02.';

describe("the deadline form", { timeout: 30_000 }, () => {
  it("says every problem at once, each under its field, with the first focused and in view", async () => {
    // A short window: the form is taller than its panel.
    await open({ height: 560 });
    await page.click("[data-testid=new-deadline]");
    await page.fill("#f-due", "2027-02-30");
    await page.fill("#f-description", "Asked for by the works council.");
    await page.locator("[data-testid=save-deadline]").scrollIntoViewIfNeeded();
    expect(await inView("#f-title"), "the title is scrolled out of view before Add").toBe(false);
    await page.click("[data-testid=save-deadline]");

    await expect.poll(() => page.locator("[data-error-for]").allTextContents()).toEqual([TITLE, DATE]);
    expect(await page.locator("#f-title").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#f-title").getAttribute("aria-describedby")).toBe("title-error");
    expect(await page.locator("#f-due").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#f-due").getAttribute("aria-describedby")).toBe("due_date-error");
    expect(await focusedId()).toBe("f-title");
    await expect.poll(() => inView("#f-title")).toBe(true);
    expect(await inView("#title-error")).toBe(true);
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/form.png" });

    // Fixing one leaves the other, until it is fixed too.
    await page.fill("#f-due", "2027-02-26");
    expect(await page.locator("[data-error-for]").allTextContents()).toEqual([TITLE]);
    await page.fill("#f-title", "Works council consultation");
    await page.click("[data-testid=save-deadline]");
    await expect.poll(notice).toContain("Added “Works council consultation”.");
    expect((await ipcCalls(page)).filter((c) => c.cmd === "create_deadline")).toHaveLength(2);
  });

  it("sends tags, and an edit opened from the details goes back to them, showing what was saved", async () => {
    await open();
    await page.click("[data-testid=new-deadline]");
    await page.fill("#f-title", "Vendor audit");
    await page.fill("#f-due", "2027-05-31");
    await page.fill("#f-tags", "audit, vendors");
    await page.click("[data-testid=save-deadline]");
    await expect.poll(notice).toContain("Added “Vendor audit”.");
    const created = (await ipcCalls(page)).find((c) => c.cmd === "create_deadline");
    expect(created?.args.fields).toMatchObject({ title: "Vendor audit", tags: "audit, vendors" });
    expect(await page.locator("aside.panel").count(), "a new deadline's form closes").toBe(0);

    await page.locator(`${row("Q1")} button.link`).click();
    await page.locator("[data-testid=details] >> text=Edit").click();
    expect(await page.locator("#f-tags").inputValue()).toBe("board");
    await page.fill("#f-owner", "Bo");
    await page.fill("#f-tags", "board, q1");
    await page.click("[data-testid=save-deadline]");
    await expect.poll(notice).toContain("Saved “Quarterly AI risk report to the board”.");
    const details = page.locator("[data-testid=details]");
    await details.waitFor();
    await expect.poll(() => details.textContent()).toContain("Bo");
    expect(await details.textContent()).toContain("Quarterly AI risk report to the board");
    const updated = (await ipcCalls(page)).find((c) => c.cmd === "update_deadline");
    expect(updated).toMatchObject({ args: { id: "Q1", fields: { owner: "Bo", tags: "board, q1" } } });
  });

  it("asks before Escape throws away changes, and closes an unchanged form at once", async () => {
    await open();
    await page.click("[data-testid=new-deadline]");
    await page.keyboard.press("Escape");
    expect(await page.locator("aside.panel").count()).toBe(0);

    await page.click("[data-testid=new-deadline]");
    await page.keyboard.type("Board report");
    await page.keyboard.press("Escape");
    const question = page.locator("[data-testid=discard-question]");
    expect(await question.textContent()).toContain("Discard the changes to the new deadline?");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Keep editing");
    expect(await violations(page)).toEqual([]);
    // Escape again keeps editing, where the cursor was.
    await page.keyboard.press("Escape");
    expect(await question.count()).toBe(0);
    expect(await focusedId()).toBe("f-title");
    expect(await page.locator("#f-title").inputValue()).toBe("Board report");
    await page.keyboard.press("Escape");
    await page.click("[data-testid=discard]");
    expect(await page.locator("aside.panel").count()).toBe(0);
    expect((await ipcCalls(page)).map((c) => c.cmd)).not.toContain("create_deadline");

    // An edit's question names the deadline; discarding goes back to its details.
    await page.locator(`${row("Q1")} button.link`).click();
    await page.locator("[data-testid=details] >> text=Edit").click();
    await page.fill("#f-owner", "Someone else");
    await page.keyboard.press("Escape");
    expect(await question.textContent()).toContain("Discard the changes to “Quarterly AI risk report to the board”?");
    await page.click("[data-testid=discard]");
    await page.locator("[data-testid=details]").waitFor();
    expect(await page.locator("[data-testid=details]").textContent()).toContain("Ben");
  });

  it("picks the due date from a calendar by keyboard, and the date can still be typed", async () => {
    await open();
    await page.click("[data-testid=new-deadline]");
    await page.click("[data-testid=pick-date]");
    // It opens on today, the harness's 1 December 2026.
    expect(await page.locator("[data-testid=picker-month]").textContent()).toBe("December 2026");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-date"))).toBe("2026-12-01");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-current"))).toBe("date");
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("PageDown");
    await page.keyboard.press("End");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-date"))).toBe("2027-01-10");
    await page.keyboard.press("Enter");
    expect(await page.locator("#f-due").inputValue()).toBe("2027-01-10");
    expect(await focusedId()).toBe("f-due");
    expect(await page.locator("[role=dialog]").count()).toBe(0);

    // Typed, then opened: the calendar shows the typed date, chosen.
    await page.fill("#f-due", "2027-03-31");
    await page.click("[data-testid=pick-date]");
    expect(await page.locator("[data-testid=picker-month]").textContent()).toBe("March 2027");
    expect(await page.locator("[data-date='2027-03-31']").getAttribute("aria-pressed")).toBe("true");
    // Escape closes the calendar, not the form.
    await page.keyboard.press("Escape");
    expect(await page.locator("[role=dialog]").count()).toBe(0);
    expect(await page.locator("#f-due").inputValue()).toBe("2027-03-31");
    await page.click("[data-testid=pick-date]");
    await page.click("[data-date='2027-03-15']");
    expect(await page.locator("#f-due").inputValue()).toBe("2027-03-15");
    // A click elsewhere closes it.
    await page.click("[data-testid=pick-date]");
    await page.click("#form-title");
    expect(await page.locator("[role=dialog]").count()).toBe(0);
  });

  it("suggests IANA zones for the zone field even before the Rust side's list arrives", async () => {
    // The Rust side's list never comes: the browser's zones are suggested.
    const before = `{
      const invoke = window.__TAURI_INTERNALS__.invoke;
      window.__TAURI_INTERNALS__.invoke = (cmd, args) => (cmd === "time_zones" ? new Promise(() => {}) : invoke(cmd, args));
    }`;
    await open({ before });
    await page.click("[data-testid=new-deadline]");
    expect(await page.locator("#f-tz").getAttribute("list")).toBe("zone-names");
    const zones = await page.locator("#zone-names option").evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    expect(zones).toContain("Europe/Brussels");
    expect(zones).toContain("America/New_York");
    expect(zones).toContain("Pacific/Auckland");
  });
});

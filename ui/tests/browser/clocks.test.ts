// @vitest-environment node
// Incident clocks in the built window (Debian's Chromium through
// playwright-core, the IPC answered by mock-ipc.js): the cards of the running
// clocks above the agenda and their countdowns, starting a clock from the
// header, recording on one and closing it.
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

/** A `before` script that starts clocks before the page opens: [template, RFC 3339 instant, title]. */
const seeded = (...clocks: [string, string, string?][]) =>
  clocks.map(([template, at, title]) => `window.__DOCKET_SEED_CLOCK__(${JSON.stringify(template)}, ${JSON.stringify(at)}, ${JSON.stringify(title ?? "")});`).join("\n");

// The harness's instant is 07:00 UTC (08:00 in Brussels) on 1 December 2026.
// A NIS2 incident known since 07:35 UTC the day before: its early warning is
// due in 35 minutes, its notification in two days, its final report waits.
const NIS2 = seeded(["nis2-incident", "2026-11-30T07:35:00Z"]);
// A DORA incident known since 09:00 UTC the day before: the initial
// notification is due in two hours.
const DORA = seeded(["dora-major-incident", "2026-11-30T09:00:00Z"]);

const notice = async () => (await page.locator("[data-testid=notice]").textContent())?.trim();
const focusedId = () => page.evaluate(() => document.activeElement?.id ?? "");
const card = (n = 0) => page.locator("[data-testid=clock-card]").nth(n);
const stepOf = (key: string) => page.locator(`[data-testid=clock-step][data-key="${key}"]`);
const countdownOf = (key: string) => stepOf(key).locator("[data-testid=step-countdown]").textContent();
const errorFor = (field: string) => page.locator(`[data-error-for=${field}]`).textContent();
const calls = async (cmd: string) => (await ipcCalls(page)).filter((c) => c.cmd === cmd);

/** Where the cards and the agenda are drawn, in pixels. */
const geometry = () =>
  page.evaluate(() => {
    const box = (s: string) => document.querySelector(s)?.getBoundingClientRect();
    return { clocks: box("[data-testid=clocks]")?.height, agenda: box("main.agenda")?.top };
  });

describe("incident clocks in the window", { timeout: 30_000 }, () => {
  it("starts a clock from the header, saying each refusal under its field, and shows its step counting down above the agenda", async () => {
    await open();
    expect(await page.locator("[data-testid=clocks]").count(), "no cards while no clock runs").toBe(0);

    await page.click("[data-testid=start-a-clock]");
    expect(await focusedId()).toBe("c-template");
    // Now, on the officer's clock (Europe/Brussels), Belgium's holidays.
    expect(await page.inputValue("#c-at")).toBe("2026-12-01T08:00");
    expect(await page.inputValue("#c-tz")).toBe("Europe/Brussels");
    await expect.poll(() => page.inputValue("#c-member-state")).toBe("BE");
    expect(await page.locator("#c-template optgroup").evaluateAll((groups) => groups.map((g) => (g as HTMLOptGroupElement).label))).toEqual([
      "Regulation (EU) 2024/1689 (AI Act)",
      "Regulation (EU) 2016/679 (GDPR)",
      "Directive (EU) 2022/2555 (NIS2)",
      "Regulation (EU) 2022/2554 (DORA)",
    ]);

    // A clock is of some kind: nothing is asked of the Rust side without one.
    await page.click("[data-testid=start-clock]");
    expect(await errorFor("template")).toBe("Choose the kind of incident the clock is for.");
    expect(await focusedId()).toBe("c-template");
    expect(await calls("start_clock")).toHaveLength(0);

    // 09:30 in Brussels is 08:30 UTC, after the page's 07:00.
    await page.selectOption("#c-template", "gdpr-breach");
    expect(await page.locator("label[for=c-at]").textContent()).toContain("Became aware of the breach at");
    await page.fill("#c-at", "2026-12-01T09:30");
    await page.click("[data-testid=start-clock]");
    expect(await errorFor("at")).toBe(
      "The time of becoming aware of the breach (2026-12-01 08:30 UTC) is in the future; give the time it happened.",
    );
    expect(await focusedId()).toBe("c-at");
    expect(await page.locator("#c-at").getAttribute("aria-describedby")).toBe("c-at-error");
    expect(await page.locator("[data-error-for=template]").count()).toBe(0);
    expect(await violations(page)).toEqual([]);

    await page.fill("#c-at", "2026-12-01T06:30");
    expect(await page.locator("[data-error-for=at]").count(), "a problem goes once its field changes").toBe(0);
    await page.fill("#c-tz", "Mars/Olympus");
    await page.click("[data-testid=start-clock]");
    expect(await errorFor("tz")).toBe('Time zone "Mars/Olympus" is not a known IANA zone name (for example Europe/Brussels).');
    await page.fill("#c-tz", "Europe/Brussels");

    // A template the Rust side does not have (the list read before a pack went away).
    await page.$eval("#c-template", (select) => (select as HTMLSelectElement).add(new Option("Gone", "gdpr-breach-2016")));
    await page.selectOption("#c-template", "gdpr-breach-2016");
    await page.click("[data-testid=start-clock]");
    expect(await errorFor("template")).toBe(
      'Clock template "gdpr-breach-2016" is not one Docket has; it has ai-act-serious-incident, gdpr-breach, nis2-incident, dora-major-incident.',
    );

    await page.selectOption("#c-template", "gdpr-breach");
    await page.fill("#c-title", "Customer database exposed");
    await page.click("[data-testid=start-clock]");
    await expect.poll(notice).toBe("Started “Customer database exposed” (Art. 33(1)): Notify the supervisory authority, due Fri 4 Dec, 06:30 CET.");
    expect(await page.locator("aside.panel").count(), "the form closes").toBe(0);
    expect((await calls("start_clock")).at(-1)?.args).toEqual({
      template: "gdpr-breach",
      at: "2026-12-01T06:30",
      tz: "Europe/Brussels",
      memberState: "BE",
      title: "Customer database exposed",
    });

    // Its card: what it is, the law, the step and its countdown (72 hours from 05:30 UTC).
    expect(await card().locator("h3").textContent()).toBe("Customer database exposed");
    expect(await card().locator(".clock-law").textContent()).toBe("Regulation (EU) 2016/679 (GDPR) · Art. 33(1)");
    expect(await countdownOf("notify-authority")).toBe("2 days 22 h left");
    expect(await stepOf("notify-authority").getAttribute("class")).toContain("urgent");
    // Its step is a deadline like any other, in the agenda under the cards.
    await expect
      .poll(() => page.locator("[data-testid=deadline-row]").allTextContents())
      .toContainEqual(expect.stringContaining("Customer database exposed: Notify the supervisory authority"));
    expect(await geometry().then((g) => g.clocks !== undefined && g.agenda !== undefined && g.agenda > 0)).toBe(true);
  });

  it("counts each step down with the page's clock, the most urgent set apart, without moving the agenda", async () => {
    await open({ before: NIS2 });
    await card().waitFor();
    expect(await countdownOf("early-warning")).toBe("35 min left");
    expect(await countdownOf("notification")).toBe("2 days left");
    expect(await countdownOf("final-report")).toBe("waiting for the incident notification");
    expect(await page.locator("[data-testid=clock-step].urgent").getAttribute("data-key")).toBe("early-warning");
    expect(await stepOf("early-warning").getAttribute("data-status")).toBe("open");
    const before = await geometry();

    // Forty minutes on: the early warning fell due five minutes ago.
    await page.clock.runFor(40 * 60_000);
    await expect.poll(() => countdownOf("early-warning")).toBe("overdue by 5 min");
    expect(await stepOf("early-warning").getAttribute("data-status")).toBe("overdue");
    expect(await countdownOf("notification")).toBe("47 h 55 min left");
    expect(await geometry(), "the cards keep their height and the agenda its place").toEqual(before);

    // The rule that gave a date is a key press away.
    const rule = stepOf("notification").locator("[data-testid=step-rule]");
    expect(await rule.isVisible()).toBe(false);
    await stepOf("notification").locator("summary").focus();
    await page.keyboard.press("Enter");
    expect(await rule.isVisible()).toBe(true);
    expect(await rule.textContent()).toContain("72 hours from becoming aware of the significant incident");
    expect(await violations(page)).toEqual([]);
  });

  it("shows a clock another program started once the list is read again", async () => {
    await open();
    expect(await page.locator("[data-testid=clocks]").count()).toBe(0);
    // The first minute's look notes the data version; the next one sees it move.
    await page.clock.runFor(60_000);
    await page.evaluate(() => {
      const w = window as unknown as { __DOCKET_SEED_CLOCK__: (t: string, at: string) => string; __DOCKET_ELSEWHERE__: (title: string) => void };
      w.__DOCKET_SEED_CLOCK__("gdpr-breach", "2026-12-01T06:00:00Z");
      w.__DOCKET_ELSEWHERE__("Started with docketctl");
    });
    await page.clock.runFor(60_000);
    await card().waitFor();
    expect(await card().locator("h3").textContent()).toBe("Personal data breach");
  });

  it("records an event and a submission from a card, re-planning its steps, and closes it only with a reason", async () => {
    await open({ before: DORA });
    await card().waitFor();
    expect(await countdownOf("initial")).toBe("2 h left");
    expect(await countdownOf("intermediate")).toBe("waiting for the initial notification");

    // A screen reader hears which clock the button records on, in words apart.
    await expect(card().locator("[data-testid=record-on-clock]").textContent()).resolves.toBe("Record… on Major ICT-related incident");
    await card().locator("[data-testid=record-on-clock]").click();
    expect(await focusedId()).toBe("r-what");
    // The step due first is the one offered first; every choice in words.
    expect(await page.inputValue("#r-what")).toBe("initial");
    expect(await page.locator("#r-what option").allTextContents()).toEqual([
      "Initial notification submitted",
      "Intermediate report submitted",
      "Final report submitted",
      "Classified as major",
    ]);
    // Now on the clock's zone (Brussels).
    expect(await page.inputValue("#r-at")).toBe("2026-12-01T08:00");

    // Classified at 10:00 in Brussels, 09:00 UTC: later than the page's clock.
    await page.selectOption("#r-what", "classified");
    await page.fill("#r-at", "2026-12-01T10:00");
    await page.click("[data-testid=confirm-record]");
    expect(await errorFor("at")).toBe("The time of classifying it as major (2026-12-01 09:00 UTC) is in the future; give the time it happened.");
    expect(await focusedId()).toBe("r-at");
    expect(await violations(page)).toEqual([]);

    // Classified at 04:30 UTC: four hours from then come before the 24 from becoming aware.
    await page.fill("#r-at", "2026-12-01T05:30");
    await page.click("[data-testid=confirm-record]");
    await expect.poll(notice).toBe("Recorded on “Major ICT-related incident”: Classified as major.");
    await expect.poll(() => countdownOf("initial")).toBe("1 h 30 min left");

    await card().locator("[data-testid=record-on-clock]").click();
    expect(await page.locator("#r-what option").allTextContents(), "what is recorded is no longer offered").toEqual([
      "Initial notification submitted",
      "Intermediate report submitted",
      "Final report submitted",
    ]);
    await page.fill("#r-at", "2026-12-01T07:45");
    await page.fill("#r-note", "CBI reference 2026-118");
    await page.click("[data-testid=confirm-record]");
    await expect.poll(notice).toBe("Recorded on “Major ICT-related incident”: Initial notification submitted.");
    expect((await calls("record_on_clock")).at(-1)?.args).toEqual({
      clockId: await card().getAttribute("data-id"),
      what: "initial",
      at: "2026-12-01T07:45",
      note: "CBI reference 2026-118",
    });
    await expect.poll(() => countdownOf("initial")).toBe("submitted Tue 1 Dec, 07:45 CET");
    // The intermediate report now runs 72 hours from 06:45 UTC, and is the one to act on.
    expect(await countdownOf("intermediate")).toBe("2 days 23 h left");
    expect(await page.locator("[data-testid=clock-step].urgent").getAttribute("data-key")).toBe("intermediate");
    const rows = () => page.locator("[data-testid=deadline-row]").allTextContents();
    await expect.poll(rows).toContainEqual(expect.stringContaining("Major ICT-related incident: Intermediate report"));
    expect((await rows()).some((r) => r.includes("Major ICT-related incident: Initial notification")), "the submitted step's deadline is done").toBe(false);

    // Closing asks why, and says what it waives.
    await card().locator("[data-testid=close-clock]").click();
    expect(await focusedId()).toBe("r-reason");
    expect(await page.locator("[data-testid=waived-steps]").textContent()).toBe("Its open steps are waived: Intermediate report; Final report.");
    await page.click("[data-testid=confirm-close-clock]");
    expect(await errorFor("reason")).toBe("A reason is required to close a clock.");
    expect(await page.locator("#r-reason").getAttribute("aria-invalid")).toBe("true");
    expect(await violations(page)).toEqual([]);
    await page.fill("#r-reason", "Classified as minor after review");
    await page.click("[data-testid=confirm-close-clock]");
    await expect.poll(notice).toBe("Closed “Major ICT-related incident”; its 2 open steps are waived.");
    expect(await page.locator("[data-testid=clocks]").count(), "no running clock, no cards").toBe(0);
    await expect.poll(rows).not.toContainEqual(expect.stringContaining("Major ICT-related incident: Intermediate report"));
  });

  it("asks before Escape throws away a clock being started, and closes an untouched form at once", async () => {
    await open();
    await page.click("[data-testid=start-a-clock]");
    await page.keyboard.press("Escape");
    expect(await page.locator("aside.panel").count()).toBe(0);

    await page.click("[data-testid=start-a-clock]");
    await page.fill("#c-title", "Laptop stolen");
    await page.keyboard.press("Escape");
    expect(await page.locator("[data-testid=discard-question]").textContent()).toContain("Discard the changes to the new clock?");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Keep editing");
    await page.keyboard.press("Escape");
    expect(await focusedId()).toBe("c-title");
    await page.keyboard.press("Escape");
    await page.click("[data-testid=discard]");
    expect(await page.locator("aside.panel").count()).toBe(0);
    expect(await calls("start_clock")).toHaveLength(0);
  });

  for (const [width, height] of [
    [1280, 800],
    [800, 600],
  ] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      it(`keeps three running clocks to one row at ${width}×${height} (${colorScheme}), leaving the agenda its room`, async () => {
        await open({
          width,
          height,
          colorScheme,
          before: seeded(["nis2-incident", "2026-11-30T07:35:00Z"], ["dora-major-incident", "2026-11-30T09:00:00Z"], ["gdpr-breach", "2026-12-01T05:30:00Z", "Customer database exposed"]),
        });
        await card(2).waitFor({ state: "attached" });
        const layout = await page.evaluate(() => {
          const cards = [...document.querySelectorAll("[data-testid=clock-card]")].map((c) => c.getBoundingClientRect());
          const agenda = document.querySelector("main.agenda")?.getBoundingClientRect();
          return {
            tops: new Set(cards.map((c) => Math.round(c.top))).size,
            pageWidth: document.documentElement.scrollWidth,
            agendaHeight: agenda?.height ?? 0,
          };
        });
        expect(layout.tops, "the cards share one row").toBe(1);
        expect(layout.pageWidth, "nothing widens the window").toBeLessThanOrEqual(width);
        expect(layout.agendaHeight).toBeGreaterThan(height / 5);
        expect(await violations(page)).toEqual([]);
        await page.screenshot({ path: `/tmp/clocks-${width}-${colorScheme}.png` });
        await card(1).locator("[data-testid=record-on-clock]").click();
        await page.screenshot({ path: `/tmp/clocks-record-${width}-${colorScheme}.png` });
        await page.click("[data-testid=start-a-clock]");
        await page.selectOption("#c-template", "nis2-incident");
        expect(await violations(page)).toEqual([]);
        await page.screenshot({ path: `/tmp/clocks-start-${width}-${colorScheme}.png` });
      });
    }
  }
});

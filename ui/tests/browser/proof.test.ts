// @vitest-environment node
// The proof an officer keeps, in the built window (Debian's Chromium through
// playwright-core, the IPC answered by mock-ipc.js): a deadline's evidence in
// its details, attaching a file or a link there and in the Done form, the
// refusal to mark done a date whose pack asks for evidence first, the audit
// report of a period previewed and saved, and the check of the audit trail.
//
// The fixture (mock-ipc.js): the quarterly board report (Q1) has a file and a
// link; the Annex III obligation's pack asks for evidence before it is done,
// and it has none; the file dialog answers with minutes.pdf.
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

const ANNEX_III = "eu-ai-act:high-risk-annex-iii";
const BOARD_PACK_SHA = "e3b7c2a4";
const row = (id: string) => page.locator(`[data-testid=deadline-row][data-id="${id}"]`);
const notice = async () => (await page.locator("[data-testid=notice]").textContent())?.trim();
const calls = async (cmd: string) => (await ipcCalls(page)).filter((c) => c.cmd === cmd);
const items = () => page.locator("[data-testid=evidence-item]");
const text = async (selector: string) => (await page.locator(selector).textContent())?.replace(/\s+/g, " ").trim();
const focused = () =>
  page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    return { tag: e?.tagName, id: e?.id, testid: e?.dataset.testid, text: e?.textContent?.trim() };
  });

async function details(id: string) {
  await row(id).locator("button.link").click();
  await page.locator("[data-testid=details]").waitFor();
}

/** A one-key shortcut from the page, wherever the focus was. */
async function shortcut(key: string) {
  await page.click("h1");
  await page.keyboard.press(key);
}

/** Nothing in the panel runs off its side: a hash or an address wraps. */
const panelFits = () => page.locator("aside.panel").evaluate((e) => e.scrollWidth <= e.clientWidth);

describe("a deadline's evidence", { timeout: 30_000 }, () => {
  it("is listed in its details: a file by its name, type, size, date and short hash, the whole hash copyable; a link as text to copy", async () => {
    await open();
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await details("Q1");
    await expect.poll(() => items().count()).toBe(2);
    const file = items().nth(0);
    await expect(file.getAttribute("data-kind")).resolves.toBe("file");
    await expect(file.locator(".what").textContent()).resolves.toBe("board-pack-november.pdf");
    await expect(file.locator("[data-testid=evidence-facts]").textContent()).resolves.toBe(
      "application/pdf · 245.8 kB · effective from 20 November 2026",
    );
    await expect(file.locator("[data-testid=short-hash]").textContent()).resolves.toBe(`${BOARD_PACK_SHA}…`);
    const whole = await file.locator("[data-testid=sha256]").textContent();
    expect(whole).toMatch(new RegExp(`^${BOARD_PACK_SHA}[0-9a-f]{56}$`));
    await expect(file.locator("summary").getAttribute("title")).resolves.toBe(`SHA-256 ${whole}`);
    await expect(file.locator("[data-testid=sha256]").isVisible(), "the whole hash waits to be asked for").resolves.toBe(false);
    await expect(file.textContent()).resolves.toContain("The pack the board approved");
    await expect(file.textContent()).resolves.toContain("Added 21 Nov 2026, 09:30 by ana");

    await file.locator("summary").click();
    await expect(file.locator("[data-testid=sha256]").isVisible()).resolves.toBe(true);
    await file.getByRole("button", { name: "Copy the SHA-256 of board-pack-november.pdf" }).click();
    await expect.poll(notice).toBe("Copied the SHA-256 of board-pack-november.pdf.");
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(whole);

    // Only the Rust side opens addresses, and it opens no evidence link: the address is text.
    const link = items().nth(1);
    await expect(link.getAttribute("data-kind")).resolves.toBe("link");
    await expect(link.locator(".what").textContent()).resolves.toBe("Board portal: Q4 risk report");
    await expect(link.locator("[data-testid=evidence-url]").textContent()).resolves.toBe("https://board.example.org/meetings/2026-11/risk-report");
    await expect(page.locator("[data-testid=evidence] a").count()).resolves.toBe(0);
    await expect(link.locator("[data-testid=save-copy]").count(), "a link has no file to copy").resolves.toBe(0);
    await link.getByRole("button", { name: "Copy the address of Board portal: Q4 risk report" }).click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe("https://board.example.org/meetings/2026-11/risk-report");

    await file.locator("[data-testid=save-copy]").click();
    await expect.poll(notice).toBe("Saved a copy of board-pack-november.pdf to /home/officer/Documents/board-pack-november.pdf.");
    expect((await calls("save_evidence_copy")).map((c) => c.args)).toEqual([{ deadlineId: "Q1", evidenceId: "01EVIDENCEBOARDPACK" }]);
    await expect(panelFits()).resolves.toBe(true);
    expect(await violations(page), "the details with evidence").toEqual([]);

    // A deadline with none says so.
    await details("X1");
    await expect.poll(() => text("[data-testid=no-evidence]")).toBe("No evidence is attached.");
  });

  it("takes a file and a link from the details: the list grows, the notice names the file and its hash, the history says it", async () => {
    await open({ width: 800, height: 600 });
    await details("Q1");
    await expect.poll(() => items().count()).toBe(2);

    await page.locator("[data-testid=attach-file]").click();
    const form = page.locator("[data-testid=attach-file-form]");
    await expect(focused()).resolves.toMatchObject({ tag: "INPUT" });
    expect(await violations(page), "the form to attach a file").toEqual([]);
    await page.keyboard.type("Signed minutes of the December board");
    await form.getByLabel("Effective from").fill("2026-11-30");
    await form.locator("[data-testid=attach-confirm]").click();
    await expect.poll(notice).toMatch(/^Attached minutes\.pdf \(SHA-256 5891b5b5…\)\.$/);
    await expect.poll(() => items().count()).toBe(3);
    await expect(items().nth(2).locator(".what").textContent()).resolves.toBe("minutes.pdf");
    await expect(items().nth(2).locator("[data-testid=short-hash]").textContent()).resolves.toBe("5891b5b5…");
    await expect(items().nth(2).locator("[data-testid=evidence-facts]").textContent()).resolves.toBe(
      "application/pdf · 48.2 kB · effective from 30 November 2026",
    );
    expect((await calls("attach_evidence_file")).map((c) => c.args)).toEqual([
      { id: "Q1", note: "Signed minutes of the December board", effective: "2026-11-30" },
    ]);
    await expect.poll(() => page.locator("[data-testid=history]").textContent()).toContain("Evidence added: minutes.pdf (SHA-256 5891b5b5");
    await expect(form.count(), "the form closes").resolves.toBe(0);
    await expect(focused()).resolves.toMatchObject({ testid: "attach-file" });

    // A link; Enter in a field adds it. One that is not a web address is refused under the buttons.
    await page.locator("[data-testid=attach-link]").click();
    const linkForm = page.locator("[data-testid=attach-link-form]");
    await expect(focused()).resolves.toMatchObject({ tag: "INPUT" });
    await page.keyboard.type("ftp://files.example.org/minutes");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => linkForm.locator("[data-testid=attach-problem]").textContent())
      .toBe('"ftp://files.example.org/minutes" is not a web link (http:// or https://). Nothing was added.');
    await linkForm.locator("input[name=url]").fill("https://dms.example.org/audit-committee/2026-12");
    await expect(linkForm.locator("[data-testid=attach-problem]").count(), "a changed field takes the refusal away").resolves.toBe(0);
    await linkForm.locator("input[name=name]").fill("Audit committee minutes");
    await page.keyboard.press("Enter");
    await expect.poll(notice).toBe("Attached the link “Audit committee minutes”.");
    await expect.poll(() => items().count()).toBe(4);
    await expect(items().nth(3).locator("[data-testid=evidence-url]").textContent()).resolves.toBe("https://dms.example.org/audit-committee/2026-12");
    expect((await calls("attach_evidence_link")).at(-1)?.args).toEqual({
      id: "Q1",
      url: "https://dms.example.org/audit-committee/2026-12",
      name: "Audit committee minutes",
      note: "",
      effective: null,
    });
    await expect(page.locator("[data-testid=details]").count(), "Enter attached; it closed nothing").resolves.toBe(1);
    await expect(panelFits()).resolves.toBe(true);
    expect(await violations(page)).toEqual([]);
  });

  it("says a bad effective date under its field; a cancelled dialog attaches nothing; Escape puts the form away", async () => {
    await open();
    await details("Q1");
    await page.locator("[data-testid=attach-file]").click();
    const form = page.locator("[data-testid=attach-file-form]");
    const effective = form.getByLabel("Effective from");
    await effective.fill("2026-13-01");
    await form.locator("[data-testid=attach-confirm]").click();
    await expect
      .poll(() => form.locator("[data-error-for=effective]").textContent())
      .toBe('Effective date "2026-13-01" is not a calendar date; use YYYY-MM-DD.');
    await expect(effective.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(effective.evaluate((e) => e === document.activeElement)).resolves.toBe(true);
    expect(await violations(page), "with the refusal").toEqual([]);
    await effective.fill("2026-12-01");
    await expect(form.locator("[data-error-for=effective]").count(), "a changed field takes its problem away").resolves.toBe(0);

    await page.evaluate(() => ((window as unknown as { __DOCKET_DIALOG__: string }).__DOCKET_DIALOG__ = "cancel"));
    await form.locator("[data-testid=attach-confirm]").click();
    await expect.poll(async () => (await calls("attach_evidence_file")).length).toBe(2);
    await expect(items().count()).resolves.toBe(2);
    await expect(form.count(), "the form stays as it was").resolves.toBe(1);
    await expect(effective.inputValue()).resolves.toBe("2026-12-01");
    await expect(page.locator("[data-testid=notice]").count()).resolves.toBe(0);

    // The calendar's Escape closes the calendar; the next puts the form away, and the details stay.
    await form.locator("[data-testid=pick-date]").click();
    await page.locator(".calendar-popup").waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator(".calendar-popup").count()).toBe(0);
    await expect(form.count()).resolves.toBe(1);
    await effective.focus();
    await page.keyboard.press("Escape");
    await expect.poll(() => form.count()).toBe(0);
    await expect(page.locator("[data-testid=details]").count()).resolves.toBe(1);
    await expect(focused()).resolves.toMatchObject({ testid: "attach-file" });
  });
});

describe("marking done with evidence", { timeout: 30_000 }, () => {
  it("refuses a date whose pack asks for evidence, says why under the form and offers to attach there; attached, it is done", async () => {
    await open();
    await row(ANNEX_III).locator("button", { hasText: "Done…" }).click();
    await page.keyboard.type("Conformity assessment filed");
    await page.locator("[data-testid=confirm-done]").click();
    const sentence =
      "“High-risk obligations for Annex III systems apply” needs evidence before it is done: attach a file or a link first (in its details, or `docketctl evidence add eu-ai-act:high-risk-annex-iii FILE`).";
    await expect.poll(() => text("[data-testid=needs-evidence]")).toBe(sentence);
    await expect(page.locator("[data-testid=needs-evidence]").getAttribute("role")).resolves.toBe("alert");
    await expect(focused()).resolves.toMatchObject({ testid: "attach-file" });
    await expect(page.locator("#f-note").inputValue(), "the note is kept").resolves.toBe("Conformity assessment filed");
    expect(await violations(page), "the refusal with the choices to attach").toEqual([]);

    await page.locator("[data-testid=attach-file]").click();
    await page.locator("[data-testid=attach-file-form]").getByLabel("Note on the evidence").fill("Notified body's certificate");
    await page.locator("[data-testid=attach-confirm]").click();
    await expect.poll(() => text("[data-testid=done-attached]")).toBe("Attached minutes.pdf (SHA-256 5891b5b5…).");
    await expect(page.locator("[data-testid=needs-evidence]").count(), "the refusal goes once evidence is attached").resolves.toBe(0);
    expect((await calls("attach_evidence_file")).map((c) => c.args)).toEqual([
      { id: ANNEX_III, note: "Notified body's certificate", effective: null },
    ]);
    await expect(page.locator("#done-title").textContent(), "the Done form stays open").resolves.toBe("Mark done");

    await page.locator("[data-testid=confirm-done]").click();
    await expect.poll(notice).toBe("Marked “High-risk obligations for Annex III systems apply” done.");
    expect((await calls("mark_done")).map((c) => c.args)).toEqual([
      { id: ANNEX_III, note: "Conformity assessment filed" },
      { id: ANNEX_III, note: "Conformity assessment filed" },
    ]);
    await expect.poll(() => row(ANNEX_III).count()).toBe(0);
  });

  it("offers to attach evidence before marking any task done, and not when waiving", async () => {
    await open();
    await row("Q1").locator("button", { hasText: "Done…" }).click();
    await expect(page.locator("[data-testid=attach-file]").count(), "the choices wait to be asked for").resolves.toBe(0);
    await page.locator("[data-testid=done-attach]").click();
    await expect(focused()).resolves.toMatchObject({ testid: "attach-file" });
    await page.locator("[data-testid=attach-link]").click();
    const linkForm = page.locator("[data-testid=attach-link-form]");
    await linkForm.locator("input[name=url]").fill("https://board.example.org/meetings/2026-12/minutes");
    await linkForm.getByLabel("Effective from").fill("2026-12-01");
    // Enter in the evidence's field adds the link; it does not mark the deadline done.
    await page.keyboard.press("Enter");
    await expect.poll(() => text("[data-testid=done-attached]")).toBe("Attached the link “https://board.example.org/meetings/2026-12/minutes”.");
    expect(await calls("mark_done")).toEqual([]);
    expect(await violations(page), "the Done form with the evidence attached").toEqual([]);
    await page.locator("[data-testid=confirm-done]").click();
    await expect.poll(notice).toBe("Marked “Quarterly AI risk report to the board” done.");

    await details("X1");
    await page.locator("[data-testid=details]").getByRole("button", { name: "Waive…" }).click();
    await expect(page.locator("#done-title").textContent()).resolves.toBe("Waive");
    await expect(page.locator("[data-testid=done-evidence]").count()).resolves.toBe(0);
  });
});

describe("the audit report", { timeout: 30_000 }, () => {
  it("opens on the current calendar year from r or the header, and previews the report in a frame where no script runs", async () => {
    await open();
    await shortcut("r");
    const panel = page.getByRole("complementary", { name: "Audit report" });
    await panel.waitFor();
    await expect(page.locator("#report-from").inputValue()).resolves.toBe("2026-01-01");
    await expect(page.locator("#report-to").inputValue()).resolves.toBe("2026-12-31");
    await expect(page.locator("#report-regulation option").allTextContents()).resolves.toEqual(
      expect.arrayContaining(["All regulations", "Regulation (EU) 2024/1689", "Regulation (EU) 2022/2554 (DORA)"]),
    );
    await expect(page.locator("#report-regulation option").first().textContent()).resolves.toBe("All regulations");
    expect(await violations(page), "the report panel").toEqual([]);

    await page.locator("[data-testid=preview-report]").click();
    const frame = page.locator("[data-testid=report-preview]");
    await frame.waitFor();
    const sandbox = await frame.getAttribute("sandbox");
    expect(sandbox, "sandboxed").not.toBeNull();
    expect(sandbox).not.toContain("allow-scripts");
    expect(sandbox).not.toContain("allow-same-origin");
    const inside = page.frameLocator("[data-testid=report-preview]");
    await expect(inside.locator("h1").textContent()).resolves.toBe("Audit report, 1 January 2026 to 31 December 2026");
    await expect(inside.locator("body").getAttribute("data-ran"), "the document's script did not run").resolves.toBeNull();
    expect((await calls("preview_report")).map((c) => c.args)).toEqual([{ from: "2026-01-01", to: "2026-12-31", regulation: null }]);
    // Sized to the panel: as wide as the panel's content, and most of its height.
    const [box, section] = await Promise.all([frame.boundingBox(), page.locator("[data-testid=report]").boundingBox()]);
    expect(Math.abs((box?.width ?? 0) - (section?.width ?? 0))).toBeLessThan(2);
    expect(box?.height ?? 0).toBeGreaterThan(300);
    expect(await violations(page), "with the preview").toEqual([]);

    // One regulation; a changed choice says the preview is of the one before until asked again.
    await page.selectOption("#report-regulation", "Regulation (EU) 2024/1689");
    await page.locator("[data-testid=preview-stale]").waitFor();
    await page.locator("[data-testid=preview-report]").click();
    await expect.poll(() => inside.locator("td").nth(1).textContent()).toBe("Regulation (EU) 2024/1689");
    await expect(page.locator("[data-testid=preview-stale]").count()).resolves.toBe(0);
    expect((await calls("preview_report")).at(-1)?.args).toEqual({ from: "2026-01-01", to: "2026-12-31", regulation: "Regulation (EU) 2024/1689" });

    // The header's button opens it too, and says its key; Escape closes it.
    await page.keyboard.press("Escape");
    await expect.poll(() => panel.count()).toBe(0);
    const button = page.locator("[data-testid=open-report]");
    await expect(button.getAttribute("aria-keyshortcuts")).resolves.toBe("r");
    await button.click();
    await panel.waitFor();
  });

  it("saves the report as PDF, HTML and CSV, saying where", async () => {
    await open();
    await page.locator("[data-testid=open-report]").click();
    await page.fill("#report-from", "2026-07-01");
    for (const [format, label] of [["pdf", "PDF"], ["html", "HTML"], ["csv", "CSV"]] as const) {
      await page.getByRole("button", { name: `Save as ${label}…` }).click();
      await expect.poll(notice).toBe(`Saved the audit report to /tmp/audit-report.${format}.`);
    }
    expect((await calls("save_report")).map((c) => c.args)).toEqual(
      ["pdf", "html", "csv"].map((format) => ({ from: "2026-07-01", to: "2026-12-31", regulation: null, format })),
    );
  });

  it("says a day that is not a date under its field, and a period that ends before it starts under the buttons", async () => {
    await open();
    await shortcut("r");
    await page.fill("#report-from", "2026-02-30");
    await page.locator("[data-testid=preview-report]").click();
    await expect.poll(() => text("[data-error-for=from]")).toBe('"2026-02-30" is not a calendar date; use YYYY-MM-DD.');
    await expect(page.locator("#report-from").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(focused()).resolves.toMatchObject({ id: "report-from" });
    expect(await violations(page), "with the refusal").toEqual([]);

    await page.fill("#report-from", "2026-01-01");
    await expect(page.locator("[data-error-for=from]").count()).resolves.toBe(0);
    await page.fill("#report-to", "2025-12-31");
    await page.getByRole("button", { name: "Save as PDF…" }).click();
    await expect.poll(() => text("[data-testid=report-problem]")).toBe("The period ends (2025-12-31) before it starts (2026-01-01).");
    await expect(page.locator("[data-testid=report-problem]").getAttribute("role")).resolves.toBe("alert");
    await expect(page.locator("[data-testid=report-preview]").count()).resolves.toBe(0);
    await expect(page.locator("[data-testid=notice]").count()).resolves.toBe(0);
  });
});

describe("the audit trail", { timeout: 30_000 }, () => {
  it("is checked from the settings: intact, with its length and head", async () => {
    await open();
    await page.locator("[data-testid=open-settings]").click();
    await page.locator("[data-testid=check-trail]").click();
    const result = page.locator("[data-testid=trail-result]");
    await expect.poll(() => text("[data-testid=trail-result]")).toBe("Intact: 1,234 entries, head 3ebdc86f… Copy the head");
    await expect(result.getAttribute("role")).resolves.toBe("status");
    await expect(result.getAttribute("title")).resolves.toMatch(/^Head 3ebdc86f[0-9a-f]{56}$/);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await result.getByRole("button", { name: "Copy the head" }).click();
    await expect.poll(notice).toBe("Copied the head of the audit trail.");
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toMatch(/^3ebdc86f[0-9a-f]{56}$/);
    expect(await calls("verify_trail")).toHaveLength(1);
    expect(await violations(page), "the settings with an intact trail").toEqual([]);
  });

  it("says a break in a sentence, as an alert", async () => {
    await open({ brokenTrail: true });
    await shortcut(",");
    await page.locator("[data-testid=check-trail]").click();
    const result = page.locator("[data-testid=trail-result]");
    await expect
      .poll(() => text("[data-testid=trail-result]"))
      .toBe("Broken: trail entry 812 (history row 4711) does not match its hash: it was changed after it was written.");
    await expect(result.getAttribute("role")).resolves.toBe("alert");
    expect(await violations(page), "the settings with a broken trail").toEqual([]);
  });

  it("found broken by the daily check, is said whole above the agenda, as an alert, even at 800×600", async () => {
    const sentence =
      "Docket's audit trail does not match the database: trail entry 812 (history row 01JDKXAMPLE7Q4ZP9V3R2M8N6T) does not match its hash: it was changed after it was written. Another program changed it after Docket wrote it. Keep this database as it is; `docketctl verify` says the same, and a backup from before the change verifies on its own.";
    await open({ width: 800, height: 600, before: `window.__DOCKET_STARTUP_PROBLEM__ = ${JSON.stringify(sentence)};` });
    const banner = page.locator("[data-testid=startup-problem]");
    await banner.waitFor();
    await expect(banner.getAttribute("role")).resolves.toBe("alert");
    await expect(banner.textContent()).resolves.toContain(sentence);
    const fits = await banner.evaluate((e) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      const text = range.getBoundingClientRect();
      const box = e.getBoundingClientRect();
      return { scroll: e.scrollWidth <= e.clientWidth, inside: text.right <= box.right + 1 && text.bottom <= box.bottom + 1, page: document.documentElement.scrollWidth <= 800 };
    });
    expect(fits).toEqual({ scroll: true, inside: true, page: true });
    expect(await violations(page)).toEqual([]);
  });
});

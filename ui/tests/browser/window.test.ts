// @vitest-environment node
// The built window in a real browser (Debian's Chromium through
// playwright-core), with the Tauri IPC answered by tests/browser/mock-ipc.js.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { HARNESS_NOW, ipcCalls, type WindowOptions } from "./harness";
import { violations, windowPerTest } from "./suite";

const browser = windowPerTest();
let page: Page;

async function open(options: WindowOptions = {}) {
  page = await browser.open(options);
  return page;
}

const row = (id: string) => `[data-testid=deadline-row][data-id="${id}"]`;
const rows = () => page.locator("[data-testid=deadline-row]");
const notice = () => page.locator("[data-testid=notice]").textContent();

describe("the window in a browser", { timeout: 30_000 }, () => {
  it("shows markup in titles and notes as text and never runs it", async () => {
    await open();
    const x = page.locator(row("X1"));
    await expect(x.locator("h3").textContent()).resolves.toContain('<img src=x onerror="window.__xss=1">');
    await x.locator("button.link").click();
    await expect(page.locator("[data-testid=details]").textContent()).resolves.toContain("<script>window.__xss=2</script>");
    await page.locator("label.toggle input").check();
    await expect(page.locator(row("D1")).textContent()).resolves.toContain("Done: <b>in the DMS</b>");
    await page.locator(`${row("X2")} button.link`).click();
    const details = page.locator("[data-testid=details]");
    await expect.poll(() => details.textContent()).toContain("<script>window.__xss=11</script>");
    for (const text of ["<svg onload=", "<iframe src=", "<b onmouseover=", "<img src=x onerror=\"window.__xss=7\">", "<script>window.__xss=8</script>"]) {
      expect(await details.textContent(), text).toContain(text);
    }
    // A link that is not a web address is not made a link at all.
    expect(await page.locator("a[href^='javascript']").count()).toBe(0);
    await page.locator(row("X2")).hover();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator("img, svg:not([aria-hidden]) > *[onload], iframe, script:not([src]), b").count()).toBe(0);
  });

  it("has no serious or critical accessibility violations in any view or panel", async () => {
    await open();
    expect(await violations(page)).toEqual([]);
    const screens: [string, string][] = [
      ["n", "#f-title"],
      ["Escape", ".agenda"],
      ["t", "[data-testid=timeline]"],
      ["c", "[data-testid=calendar]"],
      ["o", "[data-testid=organisation] fieldset"],
      [",", "[data-testid=settings]"],
    ];
    for (const [key, shown] of screens) {
      await page.keyboard.press(key);
      await page.locator(shown).first().waitFor();
      expect(await violations(page), `after ${key}`).toEqual([]);
    }
    await page.keyboard.press("Escape");
    await page.keyboard.press("a");
    await page.locator(`${row("Q1")} button.link`).click();
    await page.locator("[data-testid=reminder-log]").waitFor();
    expect(await violations(page), "details").toEqual([]);
  });

  it("searches, filters and shows the moved date in the timeline", async () => {
    await open();
    await page.fill("#search", "annex");
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(1);
    await expect(page.locator(`${row("eu-ai-act:high-risk-annex-iii")} h3 mark`).textContent()).resolves.toBe("Annex");
    await page.fill("#search", "");
    await page.selectOption("select[aria-label=Owner]", "Ana");
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(1);
    await expect(rows().getAttribute("data-id")).resolves.toBe("X1");
    await page.selectOption("select[aria-label=Owner]", "");
    // Keys typed into a field stay in it; from the page, t opens the timeline.
    await page.click("h1");
    await page.keyboard.press("t");
    await page.locator("[data-testid='moved-eu-ai-act:high-risk-annex-iii']").waitFor();
  });

  it("narrows by status, tag and dates, and keeps the filters across a reload", async () => {
    await open();
    await page.selectOption("select[aria-label=Tag]", "board");
    await expect.poll(() => rows().count()).toBe(1);
    await expect(rows().getAttribute("data-id")).resolves.toBe("Q1");
    await page.selectOption("select[aria-label=Tag]", "");
    await page.selectOption("select[aria-label=Status]", "done");
    // Choosing "done" shows the done items without ticking "Show done".
    await expect.poll(() => rows().count()).toBe(1);
    await expect(rows().getAttribute("data-id")).resolves.toBe("D1");
    await page.selectOption("select[aria-label=Status]", "open");
    await page.fill("[aria-label='Due from (YYYY-MM-DD)']", "2027-01-01");
    await page.fill("[aria-label='Due until (YYYY-MM-DD)']", "2027-04-15");
    await expect.poll(() => rows().count()).toBe(1);
    await expect(page.locator("[data-testid=filtered-count]").textContent()).resolves.toBe("1 of 6");
    // Narrowed to nothing, the agenda says so, and does not ask for a new deadline.
    await page.fill("[aria-label='Due until (YYYY-MM-DD)']", "2027-01-02");
    await expect.poll(() => page.locator("main.agenda").textContent()).toContain("Nothing coming up matches the search and filters.");
    await expect(page.locator("main.agenda").textContent()).resolves.not.toContain("Add a deadline");
    await page.fill("[aria-label='Due until (YYYY-MM-DD)']", "2027-04-15");
    await expect.poll(() => rows().count()).toBe(1);
    // A date that does not exist, or another way of writing one, is named and not used.
    for (const wrong of ["2027-13-01", "02/12/2027"]) {
      await page.fill("[aria-label='Due until (YYYY-MM-DD)']", wrong);
      await expect
        .poll(() => page.locator("[data-testid=date-filter-problem]").textContent())
        .toBe(`Until: “${wrong}” is not a date; write YYYY-MM-DD, for example 2027-02-01.`);
      await expect(page.locator("[aria-label='Due until (YYYY-MM-DD)']").getAttribute("aria-invalid")).resolves.toBe("true");
      // Only "from 2027-01-01" narrows: X1, X2 and the Annex III item.
      await expect.poll(() => rows().count()).toBe(3);
    }
    await page.fill("[aria-label='Due until (YYYY-MM-DD)']", "2027-04-15");
    await expect.poll(() => rows().count()).toBe(1);

    // Unfiltered, the first screen was asked for before the whole list.
    const first = (await ipcCalls(page)).map((c) => c.cmd).filter((c) => c.startsWith("list_"));
    expect(first.slice(0, 2)).toEqual(["list_upcoming", "list_deadlines"]);

    await page.reload();
    await page.locator("[data-testid=filtered-count]").waitFor();
    await expect(page.locator("[data-testid=filtered-count]").textContent()).resolves.toBe("1 of 6");
    await expect(page.locator("select[aria-label=Status]").inputValue()).resolves.toBe("open");
    await expect(page.locator("[aria-label='Due from (YYYY-MM-DD)']").inputValue()).resolves.toBe("2027-01-01");
    await expect(rows().getAttribute("data-id")).resolves.toBe("X1");
    await page.click("text=Clear");
    await expect.poll(() => rows().count()).toBe(5);
  });
});

describe("editing in the window", { timeout: 30_000 }, () => {
  it("adds a deadline, refusing a date that does not exist with the field named", async () => {
    await open();
    await page.click("[data-testid=new-deadline]");
    await page.fill("#f-title", "DPIA for the hiring model");
    await page.fill("#f-due", "2027-02-30");
    await page.click("[data-testid=save-deadline]");
    const error = page.locator("[data-error-for=due_date]");
    await expect(error.textContent()).resolves.toBe(
      'Due date "2027-02-30" is not a calendar date; use YYYY-MM-DD, for example 2027-12-02.',
    );
    await expect(page.locator("#f-due").getAttribute("aria-invalid")).resolves.toBe("true");
    expect((await ipcCalls(page)).filter((c) => c.cmd === "list_deadlines")).toHaveLength(1);

    await page.fill("#f-due", "2027-02-26");
    await page.fill("#f-time", "17:00");
    await page.fill("#f-tz", "Asia/Kolkata");
    // No chip chosen means the defaults; choosing some sets this deadline's own.
    await expect(page.locator("[data-chip='7d']").getAttribute("aria-pressed")).resolves.toBe("false");
    await page.click("[data-chip='30d']");
    await page.click("[data-chip='7d']");
    await expect(page.locator("[data-chip='7d']").getAttribute("aria-pressed")).resolves.toBe("true");
    await page.fill("#f-leads", "14d");
    await page.fill("#f-owner", "Chloé");
    await page.selectOption("#f-repeat", "FREQ=MONTHLY;INTERVAL=3");
    await page.click("[data-testid=save-deadline]");
    await expect.poll(notice).toContain("Added “DPIA for the hiring model”.");
    const created = (await ipcCalls(page)).filter((c) => c.cmd === "create_deadline").at(-1);
    expect(created?.args.fields).toMatchObject({ tz: "Asia/Kolkata", due_time: "17:00", lead_times: "30d,7d,14d", owner: "Chloé", recurrence: "FREQ=MONTHLY;INTERVAL=3" });
    const added = page.locator("[data-testid=deadline-row]", { hasText: "DPIA for the hiring model" });
    await expect(added.textContent()).resolves.toContain("26 February 2027");
    await expect(added.textContent()).resolves.toContain("17:00 Asia/Kolkata");
    await expect(added.locator(".repeats").textContent()).resolves.toBe("↻ Every quarter");
  });

  it("moves a date, and the countdown and the history follow", async () => {
    await open();
    const q = page.locator(row("Q1"));
    await expect(q.locator("[data-testid=countdown]").textContent()).resolves.toBe("in 14 days");
    await q.locator("button.link").click();
    await page.locator("[data-testid=details] >> text=Edit").click();
    await expect(page.locator("#f-title").inputValue()).resolves.toBe("Quarterly AI risk report to the board");
    await page.fill("#f-due", "2026-12-22");
    await page.fill("#f-owner", "Bo");
    await page.keyboard.press("Enter");
    await expect.poll(notice).toContain("Saved “Quarterly AI risk report to the board”.");
    await expect.poll(() => q.locator("[data-testid=countdown]").textContent()).toBe("in 21 days");
    await q.locator("button.link").click();
    await expect.poll(() => page.locator("[data-testid=history]").textContent()).toContain("Moved from 2026-12-15 to 2026-12-22");
    // An edit says what each field was and became.
    await expect(page.locator("[data-testid=changes]").textContent()).resolves.toBe("owner: “Ben” → “Bo”");
    await expect(page.locator("[data-testid=reminder-log]").textContent()).resolves.toContain(
      "7 days before: shown as a notification",
    );
  });

  it("marks done with a note, reopens, waives with a reason, duplicates, deletes and undoes", async () => {
    await open();
    await page.locator(`${row("Q1")} button:text("Done…")`).click();
    // The cursor is in the note: typed letters are the note, not shortcuts
    // (the "e" of "secretary" would open Edit, the "c" the calendar).
    await page.keyboard.type("Sent to the board secretary");
    await expect(page.locator("#f-note").inputValue()).resolves.toBe("Sent to the board secretary");
    await expect(page.locator("#done-title").textContent()).resolves.toBe("Mark done");
    await expect(page.locator("[data-testid=calendar-month]").count()).resolves.toBe(0);
    await page.click("[data-testid=confirm-done]");
    await expect.poll(notice).toContain("Marked “Quarterly AI risk report to the board” done.");
    await expect.poll(() => page.locator(row("Q1")).count()).toBe(0);

    await page.locator("label.toggle input").check();
    await expect(page.locator(row("Q1")).textContent()).resolves.toContain("Done: Sent to the board secretary");
    await page.locator(`${row("Q1")} button.link`).click();
    await page.click("[data-testid=reopen]");
    await expect.poll(() => page.locator(`${row("Q1")} [data-testid=countdown]`).textContent()).toBe("in 14 days");

    await page.locator("[data-testid=details] >> text=Waive…").click();
    // Without a reason, Waive says one is required, until one is typed.
    await page.click("[data-testid=confirm-done]");
    await expect(page.locator("[role=alert]").count()).resolves.toBe(1);
    await page.keyboard.type("Board meets in January instead");
    await expect(page.locator("[role=alert]").count()).resolves.toBe(0);
    await page.click("[data-testid=confirm-done]");
    await expect.poll(notice).toContain("Waived “Quarterly AI risk report to the board”.");
    await expect.poll(() => page.locator(`${row("Q1")} [data-testid=countdown]`).textContent()).toBe("waived");

    await page.locator(`${row("X1")} button.link`).click();
    await page.locator("[data-testid=details] >> text=Duplicate").click();
    await expect(page.locator("#form-title").textContent()).resolves.toBe("Edit deadline");
    await expect(page.locator("#f-title").inputValue()).resolves.toContain("(copy)");
    await page.keyboard.press("Escape");
    await expect.poll(() => rows().filter({ hasText: "(copy)" }).count()).toBe(1);

    await page.locator(`${row("X1")} button.link`).click();
    await page.click("[data-testid=delete]");
    await expect.poll(() => page.locator(row("X1")).count()).toBe(0);
    await page.click("[data-testid=undo]");
    await page.locator(row("X1")).waitFor();
    await page.locator(`${row("X1")} button.link`).click();
    await expect.poll(() => page.locator("[data-testid=history]").textContent()).toContain("Restored after being deleted");
    const commands = (await ipcCalls(page)).map((c) => c.cmd);
    for (const cmd of ["mark_done", "reopen_deadline", "waive_deadline", "duplicate_deadline", "delete_deadline", "restore_deadline"]) {
      expect(commands).toContain(cmd);
    }
  });
});

describe("a damaged database set aside at start", { timeout: 30_000 }, () => {
  it("says what happened and which backup to restore, until dismissed", async () => {
    const sentence =
      "The database /home/officer/.local/share/eu.docket.Docket/docket.sqlite3 was damaged (file is not a database). It was moved aside, unchanged, as docket.sqlite3.corrupt-20261201T090000Z, and Docket started with a new database.";
    await open({ before: `window.__DOCKET_STARTUP_PROBLEM__ = ${JSON.stringify(sentence)};` });
    await expect(page.locator("[data-testid=startup-problem]").textContent()).resolves.toContain(sentence);
    await page.locator("[data-testid=startup-problem] button").click();
    await expect.poll(() => page.locator("[data-testid=startup-problem]").count()).toBe(0);
  });
});

describe("pack changes to review", { timeout: 30_000 }, () => {
  it("names the edited deadline a pack changed, and takes the pack's version when asked", async () => {
    await open();
    const banner = page.locator("[data-testid=conflicts]");
    await expect(banner.textContent()).resolves.toContain("A regulation pack changed a deadline you edited");
    await banner.locator("button", { hasText: "Annex III" }).click();
    await expect(page.locator("[data-testid=conflict]").textContent()).resolves.toContain("moves this deadline from 30 June 2027 to 2 December 2027");
    expect(await violations(page)).toEqual([]);
    await page.click("[data-testid=take-pack]");
    await expect.poll(notice).toContain("takes the pack's version");
    await expect.poll(() => banner.count()).toBe(0);
    await expect(page.locator("[data-testid=conflict]").count()).resolves.toBe(0);
    const call = (await ipcCalls(page)).find((c) => c.cmd === "resolve_pack_conflict");
    expect(call?.args).toEqual({ id: "eu-ai-act:high-risk-annex-iii", take: true });
  });
});

describe("sync with a CalDAV server", { timeout: 30_000 }, () => {
  it("shows the account and its conflict, keeps the version chosen, and syncs on request", async () => {
    await open({ sync: true });
    await expect(page.locator("[data-testid=open-sync]").textContent()).resolves.toBe("Sync: 1 to resolve");
    await page.click("[data-testid=open-sync]");
    const account = page.locator("[data-testid=sync-account]");
    await expect(account.textContent()).resolves.toContain("calendar “Compliance”");
    await expect(account.textContent()).resolves.toContain("2 to send");
    const conflict = page.locator("[data-testid=sync-conflict]");
    await expect(conflict.textContent()).resolves.toContain("Docket: Quarterly AI risk report to the board, due 2026-12-15");
    await expect(conflict.textContent()).resolves.toContain("Server (team): Quarterly AI risk report (board pack), due 2026-12-18");
    expect(await violations(page)).toEqual([]);
    await page.click("[data-testid=keep-server]");
    await expect.poll(notice).toContain("the server's version is taken");
    await expect.poll(() => conflict.count()).toBe(0);
    await expect.poll(() => page.locator("[data-testid=open-sync]").textContent()).toBe("Sync");
    await expect.poll(() => page.locator(row("Q1")).textContent()).toContain("Quarterly AI risk report (board pack)");
    const call = (await ipcCalls(page)).find((c) => c.cmd === "resolve_sync_conflict");
    expect(call?.args).toEqual({ id: 7, keep: "server" });

    await page.click("[data-testid=sync-now]");
    await expect.poll(() => page.locator("[data-testid=sync-outcome]").textContent()).toBe("team: 2 from the server, 1 sent");
    await expect(account.textContent()).resolves.toContain("0 to send");
  });

  it("says why an account was refused and adds it with the right password", async () => {
    await open();
    await page.click("[data-testid=open-sync]");
    await expect(page.locator("[data-testid=no-sync-account]").count()).resolves.toBe(1);
    await page.click("[data-testid=new-account]");
    await page.fill("#a-name", "team");
    await page.fill("#a-url", "https://cloud.example.org/dav/");
    await page.fill("#a-user", "ana");
    await page.fill("#a-password", "wrong");
    await page.click("[data-testid=save-account]");
    await expect.poll(() => page.locator("[data-testid=sync-problem]").textContent()).toContain("refused the user name or password of “ana”");
    await expect(page.locator("[data-testid=sync-account]").count()).resolves.toBe(0);
    await expect(page.locator("#a-password").inputValue()).resolves.toBe("");
    await page.fill("#a-password", "right");
    await page.selectOption("#a-scope", "pack:eu-ai-act");
    await page.click("[data-testid=save-account]");
    await expect.poll(notice).toContain("The password is in the system keyring");
    await expect(page.locator("[data-testid=sync-account]").textContent()).resolves.toContain("Last synced: never");
    await expect(page.locator("[data-testid=sync-account]").textContent()).resolves.toContain("the EU AI Act pack");
    const added = (await ipcCalls(page)).filter((c) => c.cmd === "add_sync_account").pop();
    expect(added?.args).toMatchObject({ account: { name: "team", username: "ana", scope: "pack:eu-ai-act" } });
    await page.fill("#s-interval", "5000");
    await page.click("[data-testid=save-interval]");
    await expect.poll(() => page.locator("[role=alert]").first().textContent()).toContain("at most 1440 minutes");
  });
});

describe("the calendar and the settings", { timeout: 30_000 }, () => {
  it("shows the month with today marked, moves by month and year, and lists a day's items", async () => {
    await open();
    await page.click("[data-testid=view-calendar]");
    await expect(page.locator("[data-testid=calendar-month]").textContent()).resolves.toBe("December 2026");
    await expect(page.locator("td.today button").getAttribute("data-date")).resolves.toBe("2026-12-01");
    await expect(page.locator("[data-date='2026-12-15']").textContent()).resolves.toContain("15 December 2026, 1 deadline");
    await page.click("[data-date='2026-12-15']");
    await page.locator("[data-testid=day-items] >> text=Quarterly AI risk report to the board").click();
    await expect(page.locator("#details-title").textContent()).resolves.toBe("Quarterly AI risk report to the board");
    await page.click("[aria-label='Next month']");
    await expect(page.locator("[data-testid=calendar-month]").textContent()).resolves.toBe("January 2027");
    await page.click("[aria-label='Next year']");
    await expect(page.locator("[data-testid=calendar-month]").textContent()).resolves.toBe("January 2028");
    await page.click("[aria-label='Previous year']");
    await page.click("[aria-label='Next month']");
    await page.click("[aria-label='Next month']");
    await expect(page.locator("[data-testid=calendar-month]").textContent()).resolves.toBe("March 2027");
    await expect(page.locator("[data-date='2027-03-31'] .pill").textContent()).resolves.toContain("<img");
    await page.click("text=Today");
    await expect(page.locator("[data-testid=calendar-month]").textContent()).resolves.toBe("December 2026");
  });

  it("shows where the data lives, saves the reminder settings, refuses a bad time, pauses and resumes", async () => {
    await open();
    await page.click("[data-testid=open-settings]");
    const settings = page.locator("[data-testid=settings]");
    await expect(settings.textContent()).resolves.toContain("/home/officer/.local/share/eu.docket.Docket/docket.sqlite3");
    await settings.locator("text=Open folder").click();
    await expect(page.locator("[data-chip='90d']").getAttribute("aria-pressed")).resolves.toBe("true");
    await page.click("[data-chip='90d']");
    await page.fill("#s-time", "25:00");
    await page.click("[data-testid=save-settings]");
    await expect(settings.locator("[role=alert]").textContent()).resolves.toContain('Reminder time "25:00" is not a time of day');
    await page.fill("#s-time", "08:30");
    await page.click("[data-testid=save-settings]");
    await expect.poll(notice).toContain("Reminder settings saved.");
    await settings.locator("text=Pause for 1 hour").click();
    await expect(settings.textContent()).resolves.toContain("Paused until");
    await expect(page.locator("[data-testid=paused]").textContent()).resolves.toContain("Reminders are paused until");
    await settings.locator("text=Resume reminders").click();
    await settings.locator("text=Pause until tomorrow").waitFor();
    await settings.locator("text=Start Docket at login").click();
    const calls = await ipcCalls(page);
    expect(calls.find((c) => c.cmd === "save_reminder_settings" && c.args.reminderTime === "08:30")?.args).toEqual({
      defaultLeadTimes: "30d,7d,1d,0d",
      reminderTime: "08:30",
    });
    expect(calls.map((c) => c.cmd)).toEqual(expect.arrayContaining(["open_data_folder", "pause_reminders", "set_autostart"]));
    await expect(settings.locator("input[type=checkbox]").isChecked()).resolves.toBe(true);
  });
});

describe("import and export", { timeout: 30_000 }, () => {
  it("previews an import with what it adds, changes and skips, then imports the usable items", async () => {
    await open();
    await page.keyboard.press(",");
    await page.click("[data-testid=import]");
    const preview = page.locator("[data-testid=import-preview]");
    await expect(preview.textContent()).resolves.toContain("/home/officer/Downloads/team.ics would add 1, change 1 and leave 0 as they are.");
    await expect(preview.textContent()).resolves.toContain("Moved from 15 December 2026 to 18 December 2026");
    await expect(page.locator("[data-testid=import-skipped]").textContent()).resolves.toContain('line 20, “Mars review”: time zone "Mars/Olympus"');
    expect(await violations(page)).toEqual([]);
    await page.click("[data-testid=confirm-import]");
    await expect.poll(notice).toContain("Imported: 1 added, 1 changed, 0 unchanged, 1 skipped.");
    await expect.poll(() => rows().filter({ hasText: "External audit" }).count()).toBe(1);
    await expect(page.locator(`${row("Q1")} time`).textContent()).resolves.toBe("18 December 2026");
    await page.click("[data-testid=export-csv]");
    await expect.poll(notice).toContain("Exported every deadline to /home/officer/Documents/docket.csv.");
    await page.click("[data-testid=install-pack]");
    await expect.poll(notice).toContain("EU AI Act version 3: 0 added, 1 moved, 0 updated, 0 to review.");
    const calls = (await ipcCalls(page)).filter((c) => c.cmd === "import_file" || c.cmd === "export_file");
    // The page names no file: the Rust side imports the file the officer chose in its dialog.
    expect(calls.map((c) => c.args)).toEqual([{ skipInvalid: true }, { format: "csv" }]);
  });
});

describe("the keyboard", { timeout: 30_000 }, () => {
  it("reaches search, moves through rows, opens, edits and marks done without the mouse", async () => {
    await open();
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("search");
    await page.keyboard.type("quarterly");
    await expect.poll(() => rows().count()).toBe(1);
    // In the search field, letters are text; Escape leaves the field.
    await expect(page.locator("#search").inputValue()).resolves.toBe("quarterly");
    await page.keyboard.press("Escape");
    await page.fill("#search", "");
    await page.click("h1");
    await expect.poll(() => rows().count()).toBe(5);

    await page.keyboard.press("j");
    await page.keyboard.press("j");
    const focused = page.locator(".row.focused");
    await expect(focused.getAttribute("data-id")).resolves.toBe("X1");
    // The chosen row is visibly marked.
    await expect(focused.evaluate((e) => getComputedStyle(e).outlineStyle)).resolves.toBe("solid");
    await page.keyboard.press("k");
    await expect(focused.getAttribute("data-id")).resolves.toBe("Q1");
    await page.keyboard.press("Enter");
    await expect(page.locator("#details-title").textContent()).resolves.toBe("Quarterly AI risk report to the board");
    await page.keyboard.press("Escape");
    await expect(page.locator("[data-testid=details]").count()).resolves.toBe(0);
    await page.keyboard.press("e");
    await expect(page.locator("#f-title").inputValue()).resolves.toBe("Quarterly AI risk report to the board");
    await page.keyboard.press("Escape");
    await page.keyboard.press("d");
    await expect(page.locator("#done-title").textContent()).resolves.toBe("Mark done");
    await page.keyboard.press("Escape");
    await page.keyboard.press("n");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-title");
    // Tab walks the controls with a visible focus ring.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-due");
    await expect(page.locator("#f-due").evaluate((e) => getComputedStyle(e).outlineStyle)).resolves.toBe("solid");
  });
});

describe("theme, size and many deadlines", { timeout: 60_000 }, () => {
  it("follows a dark system theme", async () => {
    await open({ colorScheme: "dark" });
    const colours = await page.evaluate(() => [getComputedStyle(document.documentElement).backgroundColor, getComputedStyle(document.documentElement).color]);
    expect(colours).toEqual(["rgb(20, 23, 28)", "rgb(230, 233, 239)"]);
  });

  it("is usable at 800×600: nothing runs off the side, the main actions are in view", async () => {
    await open({ width: 800, height: 600 });
    await page.click("[data-testid=new-deadline]");
    const sizes = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(sizes[0]).toBeLessThanOrEqual(sizes[1] ?? 0);
    for (const selector of ["[data-testid=new-deadline]", "#search", "[data-testid=save-deadline]"]) {
      const box = await page.locator(selector).boundingBox();
      expect(box, selector).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0), selector).toBeLessThanOrEqual(800);
    }
  });

  it("reads the list again each minute only when another program changed the data", async () => {
    await open();
    const count = async (cmd: string) => (await ipcCalls(page)).filter((c) => c.cmd === cmd).length;
    const lists = await count("list_deadlines");
    for (let minute = 1; minute <= 2; minute++) {
      await page.clock.fastForward(61_000);
      await expect.poll(() => count("data_version")).toBe(minute);
    }
    expect(await count("list_deadlines")).toBe(lists);
    await page.evaluate(() => (window as unknown as { __DOCKET_ELSEWHERE__: (t: string) => void }).__DOCKET_ELSEWHERE__("Added by docketctl"));
    await page.clock.fastForward(61_000);
    await expect.poll(() => count("list_deadlines")).toBe(lists + 1);
    await page.locator('[data-testid=deadline-row]:has-text("Added by docketctl")').waitFor();
  });

  it("reports when its first screen is drawn, before the whole list is asked for, then the whole agenda", async () => {
    await open({ synthetic: 10_000 });
    await expect.poll(async () => (await ipcCalls(page)).filter((c) => c.cmd === "agenda_drawn").length).toBe(2);
    const calls = (await ipcCalls(page)).map((c) => c.cmd);
    const drawn = (await ipcCalls(page)).filter((c) => c.cmd === "agenda_drawn").map((c) => c.args);
    expect(drawn.map((a) => a.whole)).toEqual([false, true]);
    const [first, whole] = drawn.map((a) => Number(a.unixMs));
    expect(first).toBeLessThanOrEqual(whole ?? 0);
    expect(Math.abs((first ?? 0) - Date.parse(HARNESS_NOW))).toBeLessThan(60_000);
    expect(calls.indexOf("list_upcoming")).toBeLessThan(calls.indexOf("agenda_drawn"));
    expect(calls.indexOf("agenda_drawn")).toBeLessThan(calls.indexOf("list_deadlines"));
    expect(calls.lastIndexOf("agenda_drawn")).toBeGreaterThan(calls.indexOf("list_deadlines"));
  });

  it("draws only the rows near the viewport among 10,000 and reaches the last one by scrolling", async () => {
    await open({ synthetic: 10_000 });
    await expect(page.locator("[data-testid=summary]").textContent()).resolves.toContain("10000 upcoming");
    const drawn = await rows().count();
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(150);
    await page.locator("main.agenda").evaluate((e) => (e.scrollTop = e.scrollHeight));
    await expect.poll(() => page.locator(row("S9999")).count(), { timeout: 10_000 }).toBe(1);
    await page.locator("main.agenda").evaluate((e) => (e.scrollTop = e.scrollHeight));
    await expect.poll(() => page.locator(row("S9999")).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await rows().count()).toBeLessThan(150);
    // Back at the top, j walks on past the rows first drawn.
    await page.locator("main.agenda").evaluate((e) => (e.scrollTop = 0));
    await page.locator(row("S0")).waitFor();
    await page.click("h1");
    for (let i = 0; i < 120; i++) await page.keyboard.press("j");
    await expect(page.locator(".row.focused").getAttribute("data-id")).resolves.toBe("S119");
    await expect(page.locator(row("S119")).isVisible()).resolves.toBe(true);
    await page.fill("#search", "review 04321");
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(1);
  });
});

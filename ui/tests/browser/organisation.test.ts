// @vitest-environment node
// What applies to the organisation, in the built window (Debian's Chromium
// through playwright-core, the IPC answered by mock-ipc.js): the organisation
// page with the packs' questions, what an answer changes before it is saved,
// the dates that do not apply leaving the agenda, the dates that wait for an
// answer leading to it, the AI systems, and the first questions.
//
// The fixture's profile (mock-ipc.js) is answered: not a financial entity,
// neither NIS2 entity, no general-purpose AI model, one AI system “CV
// screening” used for employment. So the Annex III date applies, and the
// DORA, NIS2 and legacy GPAI dates do not.
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

const DORA = "Are you a financial entity under DORA?";
const NIS2 = "Is your organisation an essential or an important entity under NIS2?";
const ANNEX_III = "In which Annex III area is this AI system used?";
const row = (id: string) => page.locator(`[data-testid=deadline-row][data-id="${id}"]`);
const notice = async () => (await page.locator("[data-testid=notice]").textContent())?.trim();
const calls = async (cmd: string) => (await ipcCalls(page)).filter((c) => c.cmd === cmd);
const counts = async () => (await page.locator("[data-testid=applies-counts]").textContent())?.replace(/\s+/g, " ").trim();
/** A question on the organisation page, as the fieldset named by its legend. */
const asked = (name: string) => page.locator("[data-testid=organisation]").getByRole("group", { name, exact: true });
/** A question asked of one AI system, in its card. */
const askedOf = (system: string, name: string) =>
  page.locator(`[data-testid=system][data-name="${system}"]`).getByRole("group", { name, exact: true });
const focused = () => page.evaluate(() => {
  const e = document.activeElement as HTMLInputElement | null;
  return { tag: e?.tagName, value: e?.value, question: e?.closest("fieldset")?.dataset.question, text: e?.textContent?.trim() };
});

/** A one-key shortcut from the page, wherever the focus was. */
async function shortcut(key: string) {
  await page.click("h1");
  await page.keyboard.press(key);
}

async function showOrganisation() {
  await shortcut("o");
  await page.locator("[data-testid=organisation] fieldset").first().waitFor();
}

describe("the organisation page", { timeout: 30_000 }, () => {
  it("shows the questions by pack with their help and sources, the answers and how many dates apply", async () => {
    await open();
    await expect(page.locator("[data-testid=first-run]").count(), "an answered profile asks no first questions").resolves.toBe(0);
    await showOrganisation();
    await expect(page.locator("main.agenda").getAttribute("aria-label")).resolves.toBe("Your organisation");
    await expect(page.locator("[data-testid=view-organisation]").getAttribute("aria-selected")).resolves.toBe("true");
    await expect(page.locator("[data-testid=organisation] section.pack h3").allTextContents()).resolves.toEqual([
      "EU AI Act",
      "DORA",
      "NIS2",
      "AI systems",
    ]);
    await expect(counts()).resolves.toBe("6 dates apply · 3 do not apply · 0 wait for an answer");

    const dora = asked(DORA);
    await expect(dora.locator(".help").textContent()).resolves.toContain("Banks, payment and e-money institutions");
    await expect(dora.getByRole("radio", { name: "No" }).isChecked()).resolves.toBe(true);
    await expect(asked("What are you under the AI Act?").getByRole("checkbox", { name: "Provider" }).isChecked()).resolves.toBe(true);
    await expect(asked("What are you under the AI Act?").getByRole("checkbox", { name: "Deployer" }).isChecked()).resolves.toBe(false);
    // The questions asked of each AI system are listed with their pack, and answered under AI systems.
    await expect(page.locator("[data-pack=eu-ai-act] .asked-of-systems li").count()).resolves.toBe(3);
    await expect(askedOf("CV screening", ANNEX_III).getByRole("radio", { name: "Employment and workers' management" }).isChecked()).resolves.toBe(true);

    // Each question's source opens in the system browser, through the Rust side.
    const source = dora.locator("a.source");
    await expect(source.textContent()).resolves.toBe("DORA Art. 2, example.org ↗");
    await source.click();
    await expect.poll(() => calls("open_question_source")).toEqual([{ cmd: "open_question_source", args: { key: "dora.financial-entity" } }]);
    await asked("What are you under the AI Act?").locator("a.source").click();
    await expect
      .poll(() => calls("open_question_source"))
      .toEqual([
        { cmd: "open_question_source", args: { key: "dora.financial-entity" } },
        { cmd: "open_question_source", args: { key: "ai-act.role" } },
      ]);
    expect(await violations(page)).toEqual([]);
  });

  it("says what a changed answer would do before saving it, changes nothing until Save, and Cancel or Escape put it back", async () => {
    await open();
    await showOrganisation();
    const dora = asked(DORA);
    await dora.getByRole("radio", { name: "Yes" }).check();
    await expect.poll(() => dora.locator("[data-testid=preview-summary]").textContent()).toBe("Brings in 1 date · takes out 0");
    await dora.locator("summary", { hasText: "Which dates" }).click();
    await expect(dora.locator(".preview details").textContent()).resolves.toContain("Register of information to the competent authority");
    expect((await calls("preview_answer")).at(-1)?.args).toEqual({ key: "dora.financial-entity", values: ["yes"], system: null });
    expect(await calls("answer_question")).toEqual([]);
    await expect(counts()).resolves.toBe("6 dates apply · 3 do not apply · 0 wait for an answer");
    expect(await violations(page), "with a preview open").toEqual([]);

    await dora.locator("[data-testid=cancel-answer]").click();
    await expect(dora.getByRole("radio", { name: "No" }).isChecked()).resolves.toBe(true);
    await expect(dora.locator("[data-testid=preview]").count()).resolves.toBe(0);
    await expect(focused()).resolves.toMatchObject({ question: "dora.financial-entity", value: "no" });

    await dora.getByRole("radio", { name: "Yes" }).check();
    await dora.locator("[data-testid=preview-summary]").waitFor();
    await page.keyboard.press("Escape");
    await expect(dora.getByRole("radio", { name: "No" }).isChecked()).resolves.toBe(true);
    await expect(dora.locator("[data-testid=preview]").count()).resolves.toBe(0);
    expect(await calls("answer_question")).toEqual([]);

    await dora.getByRole("radio", { name: "Yes" }).check();
    await dora.locator("[data-testid=save-answer]").click();
    await expect.poll(notice).toBe("Saved the answer to “Are you a financial entity under DORA?”: brings in 1 date · takes out 0.");
    expect((await calls("answer_question")).at(-1)?.args).toEqual({ key: "dora.financial-entity", values: ["yes"], system: null });
    await expect.poll(counts).toBe("7 dates apply · 2 do not apply · 0 wait for an answer");
    await expect(dora.getByRole("radio", { name: "Yes" }).isChecked()).resolves.toBe(true);
    await expect(focused()).resolves.toMatchObject({ question: "dora.financial-entity", value: "yes" });

    // Taken back, its date waits for an answer, and is counted so.
    await dora.locator("[data-testid=take-back]").click();
    await expect.poll(counts).toBe("6 dates apply · 2 do not apply · 1 waits for an answer");
    expect((await calls("answer_question")).at(-1)?.args).toEqual({ key: "dora.financial-entity", values: [], system: null });
    await expect(dora.locator("input:checked").count()).resolves.toBe(0);
  });

  it("takes out of the agenda what no longer applies; the filter brings it back marked, and its details say why", async () => {
    await open();
    await row("eu-ai-act:high-risk-annex-iii").waitFor();
    const summary = await page.locator("[data-testid=summary]").textContent();
    expect(summary).toContain("4 upcoming");
    // The regulation filter lists every pack's regulation, those that do not apply included.
    await expect(page.locator("select[aria-label=Regulation] option").allTextContents()).resolves.toEqual(
      expect.arrayContaining(["Regulation (EU) 2024/1689", "Regulation (EU) 2022/2554 (DORA)", "Directive (EU) 2022/2555 (NIS2)"]),
    );
    await expect(row("dora:register-of-information").count(), "a date that does not apply is left out").resolves.toBe(0);

    await showOrganisation();
    const area = askedOf("CV screening", ANNEX_III);
    await area.getByRole("radio", { name: "None of them" }).check();
    await expect.poll(() => area.locator("[data-testid=preview-summary]").textContent()).toBe("Brings in 0 dates · takes out 1");
    await area.locator("summary").click();
    await expect(area.locator(".preview details").textContent()).resolves.toContain("High-risk obligations for Annex III systems apply");
    await area.locator("[data-testid=save-answer]").click();
    await expect
      .poll(notice)
      .toBe("Saved the answer to “In which Annex III area is this AI system used?” for “CV screening”: brings in 0 dates · takes out 1.");
    expect((await calls("answer_question")).at(-1)?.args).toEqual({ key: "ai-act.annex-iii-area", values: ["none"], system: "CV screening" });

    await shortcut("a");
    await row("Q1").waitFor();
    await expect(row("eu-ai-act:high-risk-annex-iii").count()).resolves.toBe(0);
    await expect(page.locator("[data-testid=summary]").textContent()).resolves.toContain("3 upcoming");

    const toggle = page.locator("[data-testid=show-not-applying]");
    await toggle.check();
    for (const id of ["eu-ai-act:high-risk-annex-iii", "dora:register-of-information", "nis2:registration"]) {
      await expect.poll(() => row(id).getAttribute("class")).toContain("not-applying");
      await expect(row(id).locator("[data-testid=does-not-apply]").textContent()).resolves.toBe("does not apply");
    }
    await expect(page.locator("[data-testid=filtered-count]").textContent()).resolves.toBe("9 of 9");
    await expect(page.locator("[data-testid=summary]").textContent(), "the header counts what applies").resolves.toContain("3 upcoming");
    expect(await violations(page), "with the dates that do not apply").toEqual([]);

    await row("eu-ai-act:high-risk-annex-iii").locator("button.link").click();
    await expect(page.locator("[data-testid=applies-label]").textContent()).resolves.toBe("Does not apply");
    await expect(page.locator("[data-testid=applies-because]").textContent().then((t) => t?.trim())).resolves.toBe(
      "None of your AI systems qualifies: for “CV screening”, it falls in no Annex III area",
    );
    await expect
      .poll(() => page.locator("[data-testid=history]").textContent())
      .toContain("No longer applies: none of your AI systems qualifies");
    await page.keyboard.press("Escape");

    // Kept with the filters across a reload, and cleared with them.
    await page.reload();
    await row("dora:register-of-information").waitFor();
    await expect(toggle.isChecked()).resolves.toBe(true);
    await page.click("text=Clear");
    await expect.poll(() => row("dora:register-of-information").count()).toBe(0);
    await expect(toggle.isChecked()).resolves.toBe(false);

    // In the calendar and the timeline too, muted and said.
    await toggle.check();
    await shortcut("t");
    await expect(
      page.locator("[data-testid=timeline] .label.not-applying", { hasText: "Register with the national NIS2 authority" }).getAttribute("aria-label"),
    ).resolves.toBe("Register with the national NIS2 authority, 17 January 2027, obligation, does not apply");
    await shortcut("c");
    await page.click("[aria-label='Next month']");
    await expect(page.locator(".pill.not-applying").textContent()).resolves.toBe("Register with the national NIS2 authority (does not apply)");
    await page.click("[data-testid=view-timeline]");
    await toggle.uncheck();
    await expect.poll(() => page.locator("[data-testid=timeline] .label.not-applying").count()).toBe(0);
  });

  it("filters the agenda to the dates that wait for an answer from the counts", async () => {
    await open();
    await showOrganisation();
    await asked(NIS2).locator("[data-testid=take-back]").click();
    await expect.poll(counts).toBe("6 dates apply · 2 do not apply · 1 waits for an answer");
    await page.locator("[data-testid=count-unknown]").click();
    await expect(page.locator("select[aria-label=Applies]").inputValue()).resolves.toBe("unknown");
    await expect.poll(() => page.locator("[data-testid=deadline-row]").evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id))).toEqual([
      "nis2:registration",
    ]);
    await showOrganisation();
    await page.locator("[data-testid=count-no]").click();
    await expect.poll(() => page.locator("[data-testid=deadline-row]").count()).toBe(2);
    await expect(row("dora:register-of-information").locator("[data-testid=does-not-apply]").count()).resolves.toBe(1);
  });
});

describe("the dates that wait for an answer", { timeout: 30_000 }, () => {
  it("leads from a date's mark, and from its details, to the question it waits for", async () => {
    await open({ firstRun: true });
    await page.locator("[data-testid=skip-first-run]").click();
    const dora = row("dora:register-of-information");
    const mark = dora.locator("[data-testid=answer-mark]");
    await expect(mark.textContent()).resolves.toBe("Applies? Answer… for “Register of information to the competent authority”");
    await expect(mark.getAttribute("title")).resolves.toBe("not yet known: answer “Are you a financial entity under DORA?”");
    await expect(page.locator("[data-testid=answer-mark]").count()).resolves.toBe(4);
    await mark.click();
    await expect.poll(focused).toMatchObject({ tag: "INPUT", question: "dora.financial-entity", value: "yes" });
    await expect(asked(DORA).getAttribute("class")).resolves.toContain("asked");

    await shortcut("a");
    await dora.locator("button.link").click();
    await expect(page.locator("[data-testid=applies-label]").textContent()).resolves.toBe("Not yet known");
    const answer = page.locator("[data-testid=answer-question]");
    await expect(answer.textContent().then((t) => t?.trim())).resolves.toBe(`Answer “${DORA}”`);
    expect(await violations(page), "the details of a date waiting for an answer").toEqual([]);
    await answer.click();
    await expect.poll(focused).toMatchObject({ question: "dora.financial-entity" });

    // A question asked of each AI system, with none listed, leads to listing one.
    await shortcut("a");
    await row("eu-ai-act:high-risk-annex-iii").locator("[data-testid=answer-mark]").click();
    await expect.poll(focused).toMatchObject({ tag: "BUTTON", text: "Add an AI system" });
  });
});

describe("the first questions", { timeout: 30_000 }, () => {
  it("are asked on a profile nobody answered, and Skip puts them away for good", async () => {
    await open({ firstRun: true });
    const dialog = page.locator("[data-testid=first-run]");
    await expect(dialog.getAttribute("open")).resolves.toBe("");
    await expect(page.getByRole("dialog", { name: "What applies to you?" }).count()).resolves.toBe(1);
    await expect(dialog.getByRole("group").evaluateAll((groups) => groups.map((g) => g.querySelector("legend")?.textContent))).resolves.toEqual([
      "What are you under the AI Act?",
      "Do you place a general-purpose AI model on the EU market?",
      DORA,
      NIS2,
    ]);
    await expect(focused()).resolves.toMatchObject({ tag: "INPUT", value: "provider" });
    expect(await violations(page), "the first questions").toEqual([]);
    // The page's shortcuts wait while they are asked.
    await dialog.locator("[data-testid=skip-first-run]").focus();
    await page.keyboard.press("t");
    await expect(page.locator("[data-testid=timeline]").count()).resolves.toBe(0);

    await dialog.locator("[data-testid=skip-first-run]").click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await calls("answer_question")).toEqual([]);
    await page.reload();
    await page.locator("[data-testid=deadline-row]").first().waitFor();
    await page.waitForTimeout(300);
    await expect(dialog.count(), "skipped, they are not asked again").resolves.toBe(0);

    // They stay under Your organisation; Escape puts them away unanswered.
    await showOrganisation();
    await page.locator("[data-testid=open-first-run]").click();
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.count()).toBe(0);
    await expect(focused()).resolves.toMatchObject({ tag: "BUTTON", text: "The first questions…" });
  });

  it("save the answers chosen, each with what it would change, and are not asked again", async () => {
    await open({ firstRun: true });
    const dialog = page.getByRole("dialog", { name: "What applies to you?" });
    const preview = (name: string) => dialog.getByRole("group", { name, exact: true }).locator("[data-testid=first-run-preview]");
    await dialog.getByRole("group", { name: DORA }).getByRole("radio", { name: "No" }).check();
    await expect.poll(() => preview(DORA).textContent().then((t) => t?.trim())).toBe("Brings in 0 dates · takes out 1");
    await dialog.getByRole("group", { name: NIS2 }).getByRole("radio", { name: "Essential entity" }).check();
    await expect.poll(() => preview(NIS2).textContent().then((t) => t?.trim())).toBe("Brings in 0 dates · takes out 0 · settles 1");
    expect(await calls("answer_question")).toEqual([]);
    expect(await violations(page), "the first questions with previews").toEqual([]);

    // Escape with answers chosen asks first; Escape again keeps answering.
    await page.keyboard.press("Escape");
    const question = dialog.locator("[data-testid=discard-question]");
    await question.waitFor();
    await expect(focused()).resolves.toMatchObject({ tag: "BUTTON", text: "Keep answering" });
    await page.keyboard.press("Escape");
    await expect.poll(() => question.count()).toBe(0);
    await expect(dialog.count()).resolves.toBe(1);

    await dialog.locator("[data-testid=save-first-run]").click();
    await expect.poll(() => page.locator("[data-testid=first-run]").count()).toBe(0);
    await expect.poll(notice).toBe("Saved 2 answers.");
    expect((await calls("answer_question")).map((c) => c.args)).toEqual([
      { key: "dora.financial-entity", values: ["no"], system: null },
      { key: "nis2.entity", values: ["essential"], system: null },
    ]);
    await expect.poll(() => row("dora:register-of-information").count()).toBe(0);
    await expect(row("nis2:registration").locator("[data-testid=answer-mark]").count()).resolves.toBe(0);
    await page.reload();
    await page.locator("[data-testid=deadline-row]").first().waitFor();
    await page.waitForTimeout(300);
    await expect(page.locator("[data-testid=first-run]").count()).resolves.toBe(0);
  });
});

describe("the AI systems", { timeout: 30_000 }, () => {
  it("lists one with its answers, saying a refusal under its name, and removes one after asking", async () => {
    await open();
    await showOrganisation();
    await page.locator("[data-testid=add-system]").click();
    const form = page.locator("[data-testid=system-form]");
    await expect(focused()).resolves.toMatchObject({ tag: "INPUT" });
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("s-name");
    expect(await violations(page), "the form").toEqual([]);

    // Escape on a form holding changes asks first, as the other forms do.
    await page.keyboard.type("CV screening");
    await page.keyboard.press("Escape");
    await form.locator("[data-testid=discard-question]").waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => form.locator("[data-testid=discard-question]").count()).toBe(0);

    await page.click("[data-testid=save-system]");
    await expect(form.locator("[data-error-for=name]").textContent()).resolves.toBe(
      "An AI system named “CV screening” is already listed; choose another name.",
    );
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("s-name");
    await expect(page.locator("#s-name").getAttribute("aria-invalid")).resolves.toBe("true");

    await page.fill("#s-name", "Support chatbot");
    await expect(form.locator("[data-error-for=name]").count(), "a problem goes once its field changes").resolves.toBe(0);
    await form.getByRole("group", { name: "What is your role for this AI system?" }).getByRole("radio", { name: "Deployer" }).check();
    await form.getByRole("group", { name: ANNEX_III }).getByRole("radio", { name: "None of them" }).check();
    await form.getByRole("group", { name: "Which of the Art. 50 transparency cases fit this AI system?" }).getByRole("checkbox", { name: "It interacts directly with people" }).check();
    await page.click("[data-testid=save-system]");
    await expect.poll(notice).toBe("Listed the AI system “Support chatbot”.");
    expect((await calls("add_system")).at(-1)?.args).toEqual({
      name: "Support chatbot",
      answers: { "ai-act.system-role": ["deployer"], "ai-act.annex-iii-area": ["none"], "ai-act.transparency": ["chatbot"] },
    });
    await expect(form.count(), "the form closes").resolves.toBe(0);
    await expect(page.locator("[data-testid=system]").evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.name))).resolves.toEqual([
      "CV screening",
      "Support chatbot",
    ]);
    await expect(askedOf("Support chatbot", ANNEX_III).getByRole("radio", { name: "None of them" }).isChecked()).resolves.toBe(true);

    // Removing asks first; Escape keeps it, with the focus back on Remove….
    const cv = page.locator('[data-testid=system][data-name="CV screening"]');
    await cv.locator("[data-testid=remove-system]").click();
    await expect(focused()).resolves.toMatchObject({ tag: "BUTTON", text: "Keep it" });
    expect(await violations(page), "the question before removing").toEqual([]);
    await page.keyboard.press("Escape");
    await expect.poll(() => cv.locator("[data-testid=remove-question]").count()).toBe(0);
    await expect(focused()).resolves.toMatchObject({ tag: "BUTTON", text: "Remove… CV screening" });
    expect(await calls("remove_system")).toEqual([]);

    await cv.locator("[data-testid=remove-system]").click();
    await cv.locator("[data-testid=confirm-remove]").click();
    await expect.poll(notice).toBe("Removed the AI system “CV screening”: brings in 0 dates · takes out 1.");
    expect((await calls("remove_system")).at(-1)?.args).toEqual({ name: "CV screening" });
    await expect.poll(() => page.locator("[data-testid=system]").count()).toBe(1);
    await expect(focused()).resolves.toMatchObject({ tag: "BUTTON", text: "Add an AI system" });
    await expect(counts()).resolves.toBe("5 dates apply · 4 do not apply · 0 wait for an answer");
    expect(await violations(page)).toEqual([]);
  });
});

// What applies to the organisation, as the window says it: verdicts, counts,
// the questions by pack, answers changed a choice at a time and what a
// change does to the dates, each from a table.
import { describe, expect, it } from "vitest";
import { applyFilters, noFilters } from "../src/lib/agenda";
import {
  applicabilityOf,
  byPack,
  choose,
  countParts,
  describeEffect,
  firstRunQuestions,
  isUnanswered,
  sameAnswer,
  verdictLine,
  withoutNotApplying,
} from "../src/lib/applicability";
import type { Deadline, PackQuestion, ProfileView } from "../src/lib/types.gen";

function deadline(id: string, applies: boolean | null, extra: Partial<Deadline> = {}): Deadline {
  return {
    id, title: `Deadline ${id}`, description: "", kind: "obligation", regulation: "", reference: "", jurisdiction: "",
    source_url: "", owner: "", tags: [], due_date: "2027-01-01", due_time: null, tz: "Europe/Brussels", lead_times: null,
    status: "open", done_at: null, done_note: "", pack_id: "dora", pack_item_id: id, original_due_date: null,
    amended_by: null, unverified: null, due_revision: 0, revision: 1, created_at: "", updated_at: "", due_changed_at: "",
    recurrence: null, applies, applies_because: "", asks: [], task: false, due_at: "2027-01-01T00:00:00+01:00",
    ...extra,
  };
}

function question(key: string, extra: Partial<PackQuestion> = {}): PackQuestion {
  return {
    pack_id: key.split(".")[0] ?? "", pack_title: key.split(".")[0]?.toUpperCase() ?? "", key, of: "organisation",
    question: `Question ${key}?`, help: "", reference: "", source_url: "", several: false, first_run: false,
    choices: [
      { value: "a", label: "A", says: "it is a" },
      { value: "b", label: "B", says: "it is b" },
      { value: "c", label: "C", says: "it is c" },
    ],
    ...extra,
  };
}

describe("whether a deadline applies", () => {
  it.each([
    [true, "yes"],
    [false, "no"],
    [null, "unknown"],
    // Read from an older Docket, without a verdict: it applies, as one's own deadlines do.
    [undefined, "yes"],
  ] as const)("applies %s is %s", (applies, expected) => {
    expect(applicabilityOf({ applies: applies as boolean | null })).toBe(expected);
  });

  it("leaves out only the dates that do not apply", () => {
    const items = [deadline("in", true), deadline("out", false), deadline("open", null)];
    expect(withoutNotApplying(items).map((d) => d.id)).toEqual(["in", "open"]);
  });

  it("narrows the agenda to dates that apply, do not, or wait for an answer", () => {
    const items = [deadline("in", true), deadline("out", false), deadline("open", null)];
    const ids = (applies: string) => applyFilters(items, { ...noFilters, applies }, null).map((d) => d.id);
    expect(ids("")).toEqual(["in", "out", "open"]);
    expect(ids("yes")).toEqual(["in"]);
    expect(ids("no")).toEqual(["out"]);
    expect(ids("unknown")).toEqual(["open"]);
  });
});

describe("the verdict in the details", () => {
  it.each([
    [false, "does not apply: you answered that you are not a financial entity (DORA Art. 2)", "Does not apply", "You answered that you are not a financial entity (DORA Art. 2)"],
    [true, "applies: you answered that you are a provider; for your AI system “CV screening”, its Annex III area is employment", "Applies",
      "You answered that you are a provider; for your AI system “CV screening”, its Annex III area is employment"],
    [true, "applies to everyone the EU AI Act covers", "Applies", "To everyone the EU AI Act covers"],
    [true, "applies: your own deadline", "Applies", "Your own deadline"],
    [null, "not yet known: answer “Are you a financial entity under DORA?”", "Not yet known", "Answer “Are you a financial entity under DORA?”"],
  ] as const)("applies %s, “%s”, reads %s: %s", (applies, because, label, reason) => {
    expect(verdictLine({ applies, applies_because: because })).toEqual({ label, reason });
  });

  it("has no line without a sentence", () => {
    expect(verdictLine({ applies: true, applies_because: "" })).toBeNull();
    expect(verdictLine({ applies: true, applies_because: undefined as unknown as string })).toBeNull();
  });
});

describe("the counts", () => {
  it("says each figure with its own singular and plural", () => {
    expect(countParts({ applies: 31, does_not_apply: 9, not_yet_known: 5 }).map((p) => p.text).join(" · ")).toBe(
      "31 dates apply · 9 do not apply · 5 wait for an answer",
    );
    expect(countParts({ applies: 1, does_not_apply: 1, not_yet_known: 1 }).map((p) => p.text).join(" · ")).toBe(
      "1 date applies · 1 does not apply · 1 waits for an answer",
    );
    expect(countParts({ applies: 0, does_not_apply: 0, not_yet_known: 0 }).map((p) => [p.shows, p.count])).toEqual([
      ["yes", 0],
      ["no", 0],
      ["unknown", 0],
    ]);
  });
});

describe("the questions", () => {
  const questions = [
    question("ai-act.role", { pack_title: "EU AI Act", several: true, first_run: true }),
    question("ai-act.annex-iii-area", { pack_title: "EU AI Act", of: "system" }),
    question("ai-act.gpai-provider", { pack_title: "EU AI Act" }),
    question("dora.financial-entity", { pack_title: "DORA", first_run: true }),
    question("nis2.entity", { pack_title: "NIS2", first_run: true }),
  ];

  it("groups them by pack, in the order given, the organisation's apart from those asked of each AI system", () => {
    expect(byPack(questions).map((p) => [p.packTitle, p.organisation.map((q) => q.key), p.system.map((q) => q.key)])).toEqual([
      ["EU AI Act", ["ai-act.role", "ai-act.gpai-provider"], ["ai-act.annex-iii-area"]],
      ["DORA", ["dora.financial-entity"], []],
      ["NIS2", ["nis2.entity"], []],
    ]);
  });

  it("asks first the organisation's questions marked first-run", () => {
    const withSystemFirst = [...questions, question("ai-act.transparency", { of: "system", first_run: true })];
    expect(firstRunQuestions(withSystemFirst).map((q) => q.key)).toEqual(["ai-act.role", "dora.financial-entity", "nis2.entity"]);
  });

  it("calls a profile unanswered with no answer and no AI system", () => {
    const view = (answers: ProfileView["answers"], systems: ProfileView["systems"] = []): ProfileView => ({
      questions, answers, systems, dates: { applies: 0, does_not_apply: 0, not_yet_known: 0 },
    });
    expect(isUnanswered(view({}))).toBe(true);
    expect(isUnanswered(view({ "dora.financial-entity": [] }))).toBe(true);
    expect(isUnanswered(view({ "dora.financial-entity": ["no"] }))).toBe(false);
    expect(isUnanswered(view({}, [{ id: "S", name: "CV screening", answers: {} }]))).toBe(false);
  });
});

describe("an answer changed one choice at a time", () => {
  const one = question("dora.financial-entity");
  const several = question("ai-act.role", { several: true });

  it.each([
    ["one choice, turned on, replaces the answer", one, ["a"], "b", true, ["b"]],
    ["one choice, turned off, leaves none", one, ["a"], "a", false, []],
    ["several, turned on, keep the question's order", several, ["c"], "a", true, ["a", "c"]],
    ["several, turned off, leave the rest", several, ["a", "b", "c"], "b", false, ["a", "c"]],
    ["several, the last turned off, leave none", several, ["b"], "b", false, []],
  ] as const)("%s", (_, q, current, value, on, expected) => {
    expect(choose(q, current, value, on)).toEqual(expected);
  });

  it("is the same answer whatever the order of its choices", () => {
    expect(sameAnswer(["a", "b"], ["b", "a"])).toBe(true);
    expect(sameAnswer(["a"], ["a", "b"])).toBe(false);
    expect(sameAnswer([], [])).toBe(true);
  });
});

describe("what a change of an answer does", () => {
  const loaded = [
    deadline("dora:register", true, { title: "Register of information" }),
    deadline("dora:applies", true, { title: "DORA applies" }),
    deadline("nis2:registration", false, { title: "Register with the NIS2 authority" }),
    deadline("ai:annex-iii", null, { title: "Annex III obligations" }),
  ];

  it("says how many dates come in and go out, and lists them by title", () => {
    const view = describeEffect({ brings_in: ["nis2:registration"], takes_out: ["dora:register", "dora:applies"], settles: [] }, loaded);
    expect(view.summary).toBe("Brings in 1 date · takes out 2");
    expect(view.groups).toEqual([
      { label: "Brought in", titles: ["Register with the NIS2 authority"] },
      { label: "Taken out", titles: ["Register of information", "DORA applies"] },
    ]);
  });

  it("tells a date that gets a verdict from one that will wait for an answer", () => {
    const view = describeEffect({ brings_in: [], takes_out: [], settles: ["ai:annex-iii", "dora:applies"] }, loaded);
    expect(view.summary).toBe("Brings in 0 dates · takes out 0 · settles 1 · 1 will wait for an answer");
    expect(view.groups).toEqual([
      { label: "Settled: no longer waiting for an answer", titles: ["Annex III obligations"] },
      { label: "Will wait for an answer", titles: ["DORA applies"] },
    ]);
  });

  it("names a date not loaded by its id", () => {
    expect(describeEffect({ brings_in: ["gdpr:breach"], takes_out: [], settles: [] }, loaded).groups).toEqual([
      { label: "Brought in", titles: ["gdpr:breach"] },
    ]);
  });
});

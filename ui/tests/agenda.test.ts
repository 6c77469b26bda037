import { describe, expect, it } from "vitest";
import {
  applyFilters,
  dateFilterProblem,
  choices,
  countdown,
  daysUntil,
  distance,
  dueWithinDays,
  groupByMonth,
  isFiltered,
  isOverdue,
  joinLeads,
  localToday,
  longDate,
  markedSegments,
  noFilters,
  pastLabel,
  parseFilters,
  sourceHost,
  isWebLink,
  splitLeads,
  splitAgenda,
  takesDone,
  userLocale,
  agendaEntries,
  offsetsOf,
  visibleRange,
  type Filters,
} from "../src/lib/agenda";
import type { Deadline } from "../src/lib/types.gen";

function deadline(id: string, due_date: string, extra: Partial<Deadline> = {}): Deadline {
  return {
    id,
    title: `Deadline ${id}`,
    description: "",
    kind: "obligation",
    regulation: "Regulation (EU) 2024/1689",
    reference: "",
    jurisdiction: "EU",
    source_url: "",
    owner: "",
    tags: [],
    due_date,
    due_time: null,
    tz: "Europe/Brussels",
    lead_times: null,
    status: "open",
    done_at: null,
    done_note: "",
    pack_id: null,
    pack_item_id: null,
    original_due_date: null,
    amended_by: null,
    unverified: null,
    due_revision: 0,
    revision: 1,
    created_at: "2026-12-01T07:00:00.000Z",
    updated_at: "2026-12-01T07:00:00.000Z",
    due_changed_at: "2026-12-01T07:00:00.000Z",
    recurrence: null,
    applies: true,
    applies_because: "applies: your own deadline",
    asks: [],
    // A regulation's date unless a test makes it the officer's task.
    task: false,
    due_at: `${due_date}T00:00:00Z`,
    ...extra,
  };
}

/** The harness's instant: 1 December 2026, 07:00 UTC. */
const NOW = Date.parse("2026-12-01T07:00:00Z");

describe("countdowns", () => {
  it("counts calendar days across a leap day and a year end", () => {
    expect(daysUntil("2027-12-02", "2026-12-01")).toBe(366);
    expect(daysUntil("2028-03-01", "2028-02-28")).toBe(2);
    expect(daysUntil("2026-12-01", "2026-12-02")).toBe(-1);
  });

  it("reads as words in the user's language", () => {
    expect(countdown(1, "en-GB")).toBe("tomorrow");
    expect(countdown(0, "en-GB")).toBe("today");
    expect(countdown(366, "en-GB")).toBe("in 366 days");
    // Far dates in months and years, as people say them.
    expect(distance("2027-01-15", "2026-12-01", "en-GB")).toBe("in 45 days");
    expect(distance("2027-05-02", "2026-12-01", "en-GB")).toBe("in 5 months");
    expect(distance("2030-08-02", "2026-12-03", "en-GB")).toBe("in 3 years and 7 months");
    expect(distance("2027-12-02", "2026-12-01", "en-GB")).toBe("in 1 year");
    expect(distance("2024-08-01", "2026-12-01", "en-GB")).toBe("2 years and 4 months ago");
    expect(distance("2026-09-01", "2026-12-01", "en-GB")).toBe("3 months ago");
    expect(countdown(-3, "en-GB")).toBe("3 days ago");
    expect(countdown(1, "de-DE")).toBe("morgen");
  });

  it("says a past obligation applies since its date", () => {
    expect(pastLabel("obligation", "2025-02-02", "en-GB")).toBe("applies since 2 February 2025");
    expect(pastLabel("milestone", "2024-07-12", "en-GB")).toBe("on 12 July 2024");
    expect(longDate("2027-12-02", "en-US")).toBe("December 2, 2027");
  });

  it("takes today from the local calendar, not from UTC", () => {
    expect(localToday(new Date(2027, 0, 1, 0, 30))).toBe("2027-01-01");
  });
});

describe("the agenda", () => {
  const today = "2026-12-01";
  const items = [
    deadline("c", "2027-12-02"),
    deadline("a", "2025-02-02"),
    deadline("b", "2026-12-02"),
    deadline("d", "2026-12-05", { status: "done" }),
    deadline("e", "2026-11-30"),
  ];

  it("lists upcoming items first, past items newest first, closed ones apart", () => {
    const agenda = splitAgenda(items, today, NOW);
    expect(agenda.upcoming.map((d) => d.id)).toEqual(["b", "c"]);
    expect(agenda.past.map((d) => d.id)).toEqual(["e", "a"]);
    expect(agenda.closed.map((d) => d.id)).toEqual(["d"]);
  });

  it("groups by month in date order", () => {
    const groups = groupByMonth(splitAgenda(items, today, NOW).upcoming, "en-GB");
    expect(groups.map((g) => [g.label, g.items.length])).toEqual([
      ["December 2026", 1],
      ["December 2027", 1],
    ]);
  });

  it("counts what is due within a week", () => {
    expect(dueWithinDays(items, today, 7)).toBe(2);
  });
});

describe("presentation helpers", () => {
  it("falls back to British English for a POSIX locale", () => {
    expect(userLocale(["C"])).toBe("en-GB");
    expect(userLocale(["C", "fr-BE"])).toBe("fr-BE");
    expect(userLocale(["de_DE.UTF-8"])).toBe("de-DE");
  });

  it("shows a source by its host", () => {
    expect(sourceHost("https://www.example.org/a/b")).toBe("example.org");
    expect(sourceHost("not a url")).toBe("not a url");
  });
});

describe("filters and search marks", () => {
  const items = [
    deadline("a", "2027-01-10", { kind: "internal", owner: "Ana", regulation: "", tags: ["audit", "q1"] }),
    deadline("b", "2027-03-01", { kind: "obligation", owner: "Ben", status: "waived", tags: ["audit"] }),
    deadline("c", "2028-01-01", { kind: "obligation", owner: "Ana", regulation: "COM(2025) 836" }),
  ];

  it("narrows by kind, regulation, owner, status, tag, dates and search matches together", () => {
    const ids = (f: Partial<Filters>, m: Set<string> | null = null) =>
      applyFilters(items, { ...noFilters, ...f }, m).map((d) => d.id);
    expect(ids({})).toEqual(["a", "b", "c"]);
    expect(ids({ kind: "obligation" })).toEqual(["b", "c"]);
    expect(ids({ owner: "Ana", kind: "obligation" })).toEqual(["c"]);
    expect(ids({ regulation: "Regulation (EU) 2024/1689" })).toEqual(["b"]);
    expect(ids({ from: "2027-02-01", to: "2027-12-31" })).toEqual(["b"]);
    expect(ids({ text: "x" }, new Set(["a", "c"]))).toEqual(["a", "c"]);
    expect(ids({ status: "waived" })).toEqual(["b"]);
    expect(ids({ tag: "audit" })).toEqual(["a", "b"]);
    expect(ids({ tag: "audit", status: "open" })).toEqual(["a"]);
    expect(choices(items, "owner")).toEqual(["Ana", "Ben"]);
    expect(choices(items, "tags")).toEqual(["audit", "q1"]);
  });

  it("reads kept filters back, ignoring what is not a filter", () => {
    const kept = JSON.stringify({ ...noFilters, kind: "internal", text: "audit" });
    expect(parseFilters(kept)).toEqual({ ...noFilters, kind: "internal", text: "audit" });
    expect(parseFilters('{"kind": 3, "evil": "x"}')).toEqual(noFilters);
    expect(parseFilters("not json")).toEqual(noFilters);
    expect(parseFilters(null)).toEqual(noFilters);
    expect(isFiltered(noFilters)).toBe(false);
  });

  it("splits marked search text into plain and marked segments", () => {
    expect(markedSegments("High-risk \u0002Annex\u0003 \u0002III\u0003 systems")).toEqual([
      { text: "High-risk ", marked: false },
      { text: "Annex", marked: true },
      { text: " ", marked: false },
      { text: "III", marked: true },
      { text: " systems", marked: false },
    ]);
  });
});

describe("lead-time chips", () => {
  it("split a list into chips and a custom rest, and join them back in order", () => {
    const { chips, custom } = splitLeads("7d, 2h,90D,15m");
    expect([...chips].sort()).toEqual(["7d", "90d"]);
    expect(custom).toBe("2h,15m");
    expect(joinLeads(chips, custom)).toBe("90d,7d,2h,15m");
    expect(joinLeads(new Set(), "")).toBe("");
    expect(joinLeads(new Set(["0d", "1d"]), " ")).toBe("1d,0d");
  });
});

describe("links", () => {
  it("takes only web addresses as links", () => {
    expect(isWebLink("https://eur-lex.europa.eu/eli/reg/2024/1689/oj")).toBe(true);
    expect(isWebLink("HTTP://example.org")).toBe(true);
    expect(isWebLink("javascript:alert(1)")).toBe(false);
    expect(isWebLink("file:///etc/passwd")).toBe(false);
    expect(isWebLink("")).toBe(false);
  });
});

describe("overdue and virtualised drawing", () => {
  it("calls a task overdue once its day or its minute is past, and a regulation's passed date never", () => {
    const task = deadline("t", "2026-11-30", { task: true, kind: "internal" });
    expect(isOverdue(task, "2026-12-01", NOW)).toBe(true);
    expect(isOverdue(task, "2026-11-30", NOW)).toBe(false);
    expect(isOverdue({ ...task, status: "done" }, "2026-12-01", NOW)).toBe(false);
    // Entered after its date: still to do, so still overdue.
    expect(isOverdue({ ...task, due_changed_at: "2026-12-01T06:00:00.000Z" }, "2026-12-01", NOW)).toBe(true);
    // Timed, today at 08:00 in Brussels (07:00 UTC): overdue from that minute on.
    const call = deadline("c", "2026-12-01", { task: true, due_time: "08:00", due_at: "2026-12-01T07:00:00Z" });
    expect(isOverdue(call, "2026-12-01", NOW - 60_000)).toBe(false);
    expect(isOverdue(call, "2026-12-01", NOW)).toBe(true);
    const fact = deadline("f", "2025-02-02");
    expect(isOverdue(fact, "2026-12-01", NOW)).toBe(false);
  });

  it("puts overdue tasks first, oldest first, and passed facts apart", () => {
    const agenda = splitAgenda(
      [
        deadline("fact", "2025-02-02"),
        deadline("late", "2026-11-28", { task: true }),
        deadline("later", "2026-11-30", { task: true }),
        deadline("timed", "2026-12-01", { task: true, due_time: "07:30", due_at: "2026-12-01T06:30:00Z" }),
        deadline("next", "2026-12-10", { task: true }),
        deadline("news", "2026-12-01", { kind: "milestone", due_time: "06:00", due_at: "2026-12-01T05:00:00Z" }),
      ],
      "2026-12-01",
      NOW,
    );
    expect(agenda.overdue.map((d) => d.id)).toEqual(["late", "later", "timed"]);
    expect(agenda.upcoming.map((d) => d.id)).toEqual(["next"]);
    // A timed milestone earlier today has passed, not come up.
    expect(agenda.past.map((d) => d.id)).toEqual(["news", "fact"]);
    const keys = agendaEntries(agenda, false, "en-GB").map((e) => e.key);
    expect(keys.slice(0, 5)).toEqual(["s:overdue", "late", "later", "timed", "s:upcoming"]);
  });

  it("offers Done on tasks and obligations, never on news", () => {
    expect(takesDone(deadline("o", "2026-08-02"))).toBe(true);
    expect(takesDone(deadline("m", "2025-07-18", { kind: "commitment", pack_id: "eu-ai-act" }))).toBe(false);
    expect(takesDone(deadline("p", "2025-11-19", { kind: "proposal", pack_id: "eu-ai-act" }))).toBe(false);
    expect(takesDone(deadline("g", "2025-07-18", { kind: "milestone", pack_id: "eu-ai-act" }))).toBe(false);
    expect(takesDone(deadline("i", "2026-12-20", { kind: "commitment", task: true }))).toBe(true);
  });

  it("flattens the agenda into headings and rows, closed ones only when asked", () => {
    const agenda = splitAgenda(
      [deadline("a", "2027-01-05"), deadline("b", "2027-02-01"), deadline("p", "2025-01-01"), deadline("c", "2026-01-01", { status: "done" })],
      "2026-12-01",
      NOW,
    );
    const keys = (entries: ReturnType<typeof agendaEntries>) => entries.map((e) => e.key);
    expect(keys(agendaEntries(agenda, false, "en-GB"))).toEqual(["s:upcoming", "m:2027-01", "a", "m:2027-02", "b", "s:past", "p"]);
    expect(keys(agendaEntries(agenda, true, "en-GB")).slice(-2)).toEqual(["s:closed", "c"]);
    const none = agendaEntries(splitAgenda([], "2026-12-01", NOW), false, "en-GB");
    expect(none.map((e) => e.type)).toEqual(["section", "empty"]);
    expect(none[1]).toMatchObject({ label: expect.stringContaining("Add a deadline") });
    // A search that matches nothing does not invite to add a deadline.
    const unmatched = agendaEntries(splitAgenda([], "2026-12-01", NOW), false, "en-GB", true);
    expect(unmatched[1]).toMatchObject({ label: expect.stringContaining("matches the search and filters") });
  });

  it("draws only the entries in and around the viewport", () => {
    const offsets = offsetsOf(Array.from({ length: 10_000 }, () => 50));
    expect(offsets[10_000]).toBe(500_000);
    // 600 px seen from 100 000 px: entries 2000 to 2011, and 5 either side.
    expect(visibleRange(offsets, 100_000, 600, 5)).toEqual([1995, 2017]);
    expect(visibleRange(offsets, 0, 600, 5)).toEqual([0, 17]);
    expect(visibleRange(offsets, 499_900, 600, 5)).toEqual([9993, 10_000]);
    expect(visibleRange(offsetsOf([]), 0, 600, 5)).toEqual([0, 0]);
  });
});

describe("the date filters", () => {
  it("take only dates that exist, written YYYY-MM-DD, and say why another is not used", () => {
    for (const ok of ["2027-01-31", "2028-02-29"]) expect(dateFilterProblem(ok), ok).toBeNull();
    expect(dateFilterProblem("")).toBeNull();
    for (const bad of ["2027-13-01", "2027-02-29", "02/12/2027", "2027-1-5"]) {
      expect(dateFilterProblem(bad), bad).toContain("is not a date; write YYYY-MM-DD");
    }
  });

  it("leave out a date that is not one instead of comparing its text", () => {
    const items = [{ id: "a", due_date: "2027-12-31" }, { id: "b", due_date: "2027-01-15" }] as Deadline[];
    const ids = (f: Partial<Filters>) => applyFilters(items, { ...noFilters, ...f }, null).map((d) => d.id);
    // "2027-13-01" would sort after every date in December as text.
    expect(ids({ to: "2027-13-01" })).toEqual(["a", "b"]);
    expect(ids({ to: "2027-06-30" })).toEqual(["b"]);
  });
});

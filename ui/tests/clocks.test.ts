import { describe, expect, it } from "vitest";
import {
  byRegulation,
  byUrgency,
  dayLabel,
  eventWords,
  mostUrgent,
  openSteps,
  recordChoices,
  span,
  startedNotice,
  statusAt,
  stepCountdown,
  stepWords,
  waitingFor,
  wallClock,
} from "../src/lib/clocks";
import type { ClockView, StepView, TemplateView } from "../src/lib/types.gen";

const NOW = Date.parse("2026-12-01T07:00:00Z");
const minutes = (n: number) => new Date(NOW + n * 60_000).toISOString();

function step(key: string, extra: Partial<StepView> = {}): StepView {
  return { key, title: `Step ${key}`, due: null, last_day: null, rule: "", status: "open", submitted_at: null, deadline_id: null, ...extra };
}

// A NIS2 clock as the store answers it: the early warning overdue, the
// notification open, the final report waiting for the notification.
const nis2: ClockView = {
  id: "K1",
  template: "nis2-incident",
  title: "Significant incident",
  regulation: "Directive (EU) 2022/2555 (NIS2)",
  article: "Art. 23(4)",
  source_url: "https://example.org/nis2",
  unverified: null,
  member_state: "BE",
  tz: "Europe/Brussels",
  started_at: "2026-11-30T09:30:00Z",
  closed_at: null,
  close_reason: "",
  events: [{ key: "aware", title: "becoming aware of the significant incident", at: "2026-11-30T09:30:00Z" }],
  steps: [
    step("early-warning", { title: "Early warning to the CSIRT or competent authority", due: "2026-12-01T06:30:00Z", status: "overdue" }),
    step("notification", { title: "Incident notification", due: "2026-12-03T09:30:00Z" }),
    step("final-report", {
      title: "Final report",
      status: "waiting",
      rule: "Not yet due: 1 month from the submission of the incident notification, not yet recorded.",
    }),
  ],
};

describe("a step's countdown", () => {
  it("says the time left to the minute, rounded up, in minutes, hours and days", () => {
    expect(stepCountdown(step("a", { due: minutes(35) }), "UTC", NOW, "en-GB")).toBe("35 min left");
    expect(stepCountdown(step("a", { due: minutes(4 * 60 + 12) }), "UTC", NOW, "en-GB")).toBe("4 h 12 min left");
    expect(stepCountdown(step("a", { due: new Date(NOW + 30_000).toISOString() }), "UTC", NOW, "en-GB")).toBe("1 min left");
    expect(stepCountdown(step("a", { due: minutes(72 * 60) }), "UTC", NOW, "en-GB")).toBe("3 days left");
    expect(stepCountdown(step("a", { due: minutes(74 * 60 + 5) }), "UTC", NOW, "en-GB")).toBe("3 days 2 h left");
  });

  it("says how long a step has been overdue, even one the list still calls open", () => {
    expect(stepCountdown(step("a", { due: minutes(-35), status: "overdue" }), "UTC", NOW, "en-GB")).toBe("overdue by 35 min");
    // Due a moment ago: the page's clock passed it since the list was read.
    expect(stepCountdown(step("a", { due: new Date(NOW - 20_000).toISOString() }), "UTC", NOW, "en-GB")).toBe("overdue by 1 min");
    expect(statusAt(step("a", { due: new Date(NOW - 20_000).toISOString() }), NOW)).toBe("overdue");
    expect(stepCountdown(step("a", { due: minutes(-(26 * 60)), status: "overdue" }), "UTC", NOW, "en-GB")).toBe("overdue by 26 h");
  });

  it("says the last day of a step counted in days, until its last day is near", () => {
    const byEndOf = step("a", { due: "2027-10-18T22:00:00Z", last_day: "2027-10-18" });
    expect(stepCountdown(byEndOf, "Europe/Brussels", Date.parse("2027-10-01T08:00:00Z"), "en-GB")).toBe("due by the end of Mon 18 Oct");
    expect(stepCountdown(byEndOf, "Europe/Brussels", Date.parse("2027-10-18T08:00:00Z"), "en-GB")).toBe("14 h left");
    expect(stepCountdown(byEndOf, "Europe/Brussels", NOW, "en-GB")).toBe("due by the end of Mon, 18 Oct 2027");
  });

  it("says what a waiting step waits for, from its rule", () => {
    expect(stepCountdown(nis2.steps[2]!, nis2.tz, NOW, "en-GB")).toBe("waiting for the incident notification");
    expect(
      waitingFor(
        "Not yet due; the earliest of: 24 hours from becoming aware of the incident, not yet recorded; 4 hours from classifying it as major, not yet recorded.",
      ),
    ).toBe("waiting for becoming aware of the incident or classifying it as major");
    expect(waitingFor("Not yet due: 14 days from a corrective or mitigating measure becoming available, not yet recorded.")).toBe(
      "waiting for a corrective or mitigating measure becoming available",
    );
    // A known period's own "from (…)" is not what the step waits for.
    expect(
      waitingFor(
        "Not yet due; the earliest of: 24 hours from becoming aware of the incident (30 November 2026 09:30), elapsed time; 4 hours from classifying it as major, not yet recorded.",
      ),
    ).toBe("waiting for classifying it as major");
    expect(waitingFor("Something Docket does not say yet.")).toBe("no due date yet");
  });

  it("says when a step was submitted, on its clock's zone, and that a closed clock's step was not", () => {
    const sent = step("a", { due: minutes(60), status: "submitted", submitted_at: "2026-12-01T06:15:00Z" });
    expect(stepCountdown(sent, "Europe/Brussels", NOW, "en-GB")).toBe("submitted Tue 1 Dec, 07:15 CET");
    expect(stepCountdown(step("a", { due: minutes(60), status: "closed" }), "UTC", NOW, "en-GB")).toBe("not submitted: the clock was closed");
  });

  it("reads lengths as a countdown says them", () => {
    expect([span(1), span(59), span(60), span(61), span(47 * 60 + 59), span(48 * 60), span(6 * 1440 + 23 * 60), span(29 * 1440 + 5 * 60)]).toEqual([
      "1 min",
      "59 min",
      "1 h",
      "1 h 1 min",
      "47 h 59 min",
      "2 days",
      "6 days 23 h",
      "29 days",
    ]);
    expect(dayLabel("2026-12-05", "en-GB", NOW)).toBe("Sat 5 Dec");
  });
});

describe("the step to act on first", () => {
  it("is the open or overdue step due soonest; submitted and waiting steps never are", () => {
    expect(mostUrgent(nis2.steps, NOW)).toBe("early-warning");
    const later = nis2.steps.map((s) => (s.key === "early-warning" ? { ...s, status: "submitted", submitted_at: minutes(-10) } : s));
    expect(mostUrgent(later, NOW)).toBe("notification");
    expect(mostUrgent([nis2.steps[2]!], NOW)).toBeNull();
  });
});

describe("the order of the running clocks", () => {
  it("puts the clock whose next step is due soonest first, and one with nothing due last", () => {
    const dora: ClockView = { ...nis2, id: "K2", steps: [step("initial", { due: minutes(30) })] };
    const idle: ClockView = { ...nis2, id: "K3", steps: [step("report", { status: "submitted", due: minutes(-60) })] };
    const later: ClockView = { ...nis2, id: "K4", steps: [step("report", { due: minutes(600) })] };
    // The store gives them newest first.
    expect(byUrgency([idle, later, dora, nis2]).map((c) => c.id)).toEqual(["K1", "K2", "K4", "K3"]);
  });
});

describe("what can be recorded on a clock", () => {
  it("offers the events not yet recorded and the steps not yet submitted, in words", () => {
    const dora: ClockView = {
      ...nis2,
      template: "dora-major-incident",
      events: [
        { key: "aware", title: "becoming aware of the incident", at: "2026-11-30T09:30:00Z" },
        { key: "classified", title: "classifying it as major", at: null },
      ],
      steps: [
        step("initial", { title: "Initial notification", status: "submitted", submitted_at: minutes(-60) }),
        step("intermediate", { title: "Intermediate report", status: "open" }),
        step("final", { title: "Final report", status: "waiting" }),
      ],
    };
    expect(recordChoices(dora)).toEqual({
      events: [{ key: "classified", label: "Classified as major" }],
      steps: [
        { key: "intermediate", label: "Intermediate report submitted" },
        { key: "final", label: "Final report submitted" },
      ],
    });
    expect(openSteps(dora).map((s) => s.key)).toEqual(["intermediate", "final"]);
  });

  it("turns the packs' events and steps into what happened", () => {
    expect(eventWords("becoming aware of the breach")).toBe("Became aware of the breach");
    expect(eventWords("becoming aware")).toBe("Became aware");
    expect(eventWords("classifying it as major")).toBe("Classified as major");
    expect(eventWords("a corrective or mitigating measure becoming available")).toBe("A corrective or mitigating measure became available");
    expect(eventWords("the authority asks for more")).toBe("The authority asks for more");
    expect(stepWords("Initial notification")).toBe("Initial notification submitted");
    expect(stepWords("Notify the supervisory authority")).toBe("Notified the supervisory authority");
  });
});

describe("the start form", () => {
  it("groups the templates by regulation, in the packs' order", () => {
    const t = (key: string, regulation: string) => ({ key, regulation }) as TemplateView;
    const groups = byRegulation([t("ai-1", "AI Act"), t("gdpr", "GDPR"), t("ai-2", "AI Act")]);
    expect(groups.map(([r, ts]) => [r, ts.map((x) => x.key)])).toEqual([
      ["AI Act", ["ai-1", "ai-2"]],
      ["GDPR", ["gdpr"]],
    ]);
  });

  it("starts from now on the officer's clock, in winter and in summer", () => {
    expect(wallClock(NOW, "Europe/Brussels")).toBe("2026-12-01T08:00");
    expect(wallClock(Date.parse("2027-07-01T07:00:00Z"), "Europe/Brussels")).toBe("2027-07-01T09:00");
    expect(wallClock(NOW, "Asia/Kolkata")).toBe("2026-12-01T12:30");
    expect(wallClock(NOW, "Not/A_Zone")).toBe("2026-12-01T07:00");
  });

  it("says what started and the first step due", () => {
    const gdpr: ClockView = {
      ...nis2,
      title: "Personal data breach",
      article: "Art. 33(1)",
      steps: [step("notify-authority", { title: "Notify the supervisory authority", due: "2026-12-04T07:00:00Z" })],
    };
    expect(startedNotice(gdpr, "en-GB", NOW)).toBe("Started “Personal data breach” (Art. 33(1)): Notify the supervisory authority, due Fri 4 Dec, 08:00 CET.");
    expect(startedNotice({ ...gdpr, steps: [] }, "en-GB", NOW)).toBe("Started “Personal data breach” (Art. 33(1)).");
  });
});

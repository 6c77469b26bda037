import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import DeadlineForm from "../src/lib/DeadlineForm.svelte";
import type { Deadline, DeadlineFields, ErrorReport } from "../src/lib/types.gen";
import { onKeydown } from "../src/state/keyboard";
import { panels } from "../src/state/panels.svelte";

const escape = (e: KeyboardEvent) => onKeydown(e, null);

afterEach(() => {
  cleanup();
  window.removeEventListener("keydown", escape);
  panels.close();
});

const save = () => vi.fn<(f: DeadlineFields) => Promise<void>>();

describe("the deadline form", () => {
  it("sends what was typed and shows a refused field's message under that field", async () => {
    const said = 'Due date "2025-02-30" is not a calendar date; use YYYY-MM-DD, for example 2027-12-02.';
    const refusal: ErrorReport = { code: "invalid", message: said, field: "due_date", problems: [{ field: "due_date", message: said }] };
    const onsave = vi.fn<(f: DeadlineFields) => Promise<void>>().mockRejectedValue(refusal);
    render(DeadlineForm, { editing: null, localZone: "Europe/Brussels", onsave, oncancel: () => {} });

    await fireEvent.input(screen.getByLabelText("Title"), { target: { value: "Board report" } });
    await fireEvent.input(screen.getByLabelText("Due date"), { target: { value: "2025-02-30" } });
    await fireEvent.click(screen.getByTestId("save-deadline"));

    expect(onsave).toHaveBeenCalledOnce();
    const sent = onsave.mock.calls[0]?.[0];
    expect(sent?.title).toBe("Board report");
    expect(sent?.due_date).toBe("2025-02-30");
    expect(sent?.tz).toBe("Europe/Brussels");
    const message = await screen.findByRole("alert");
    expect(message.dataset["errorFor"]).toBe("due_date");
    expect(message.textContent).toBe(refusal.message);
    expect(screen.getByLabelText("Due date").getAttribute("aria-invalid")).toBe("true");
  });
});

describe("the reminder chips", () => {
  it("send the chosen stages and the custom ones as one lead-time list", async () => {
    const onsave = vi.fn<(f: DeadlineFields) => Promise<void>>().mockResolvedValue();
    render(DeadlineForm, { editing: null, localZone: "UTC", onsave, oncancel: () => {} });
    await fireEvent.input(screen.getByLabelText("Title"), { target: { value: "Filing" } });
    await fireEvent.input(screen.getByLabelText("Due date"), { target: { value: "2027-03-31" } });
    await fireEvent.click(screen.getByRole("button", { name: "1d" }));
    await fireEvent.click(screen.getByRole("button", { name: "7d" }));
    await fireEvent.click(screen.getByRole("button", { name: "90d" }));
    await fireEvent.click(screen.getByRole("button", { name: "90d" }));
    expect(screen.getByRole("button", { name: "7d" }).getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByRole("button", { name: "90d" }).getAttribute("aria-pressed")).toBe("false");
    await fireEvent.input(screen.getByLabelText("Custom reminders, e.g. 14d, 2h, 15m"), { target: { value: "2h" } });
    await fireEvent.click(screen.getByTestId("save-deadline"));
    expect(onsave.mock.calls[0]?.[0].lead_times).toBe("7d,1d,2h");
  });
});

describe("a refused form", () => {
  const title = "Title must not be empty.";
  const date = 'Due date "2027-02-30" is not a calendar date; use YYYY-MM-DD, for example 2027-12-02.';
  const refusal: ErrorReport = {
    code: "invalid",
    message: title,
    field: "title",
    problems: [
      { field: "title", message: title },
      { field: "due_date", message: date },
    ],
  };

  it("shows every problem at once, each under its field, and puts the focus on the first", async () => {
    render(DeadlineForm, { editing: null, localZone: "UTC", onsave: save().mockRejectedValue(refusal), oncancel: () => {} });
    await fireEvent.input(screen.getByLabelText("Due date"), { target: { value: "2027-02-30" } });
    screen.getByLabelText("Due date").focus();
    await fireEvent.click(screen.getByTestId("save-deadline"));

    const shown = await screen.findAllByRole("alert");
    expect(shown.map((p) => [p.dataset["errorFor"], p.textContent])).toEqual([
      ["title", title],
      ["due_date", date],
    ]);
    for (const [label, field] of [["Title", "title"], ["Due date", "due_date"]] as const) {
      const input = screen.getByLabelText(label);
      expect(input.getAttribute("aria-invalid"), label).toBe("true");
      expect(input.getAttribute("aria-describedby"), label).toBe(`${field}-error`);
      expect(document.getElementById(`${field}-error`)?.textContent).toBe(field === "title" ? title : date);
    }
    expect(document.activeElement).toBe(screen.getByLabelText("Title"));
  });

  it("takes a field's problem away once the field is changed, and leaves the others", async () => {
    render(DeadlineForm, { editing: null, localZone: "UTC", onsave: save().mockRejectedValue(refusal), oncancel: () => {} });
    await fireEvent.input(screen.getByLabelText("Due date"), { target: { value: "2027-02-30" } });
    await fireEvent.click(screen.getByTestId("save-deadline"));
    await screen.findAllByRole("alert");
    await fireEvent.input(screen.getByLabelText("Title"), { target: { value: "Board report" } });
    expect(screen.getAllByRole("alert").map((p) => p.dataset["errorFor"])).toEqual(["due_date"]);
    expect(screen.getByLabelText("Title").getAttribute("aria-invalid")).toBe("false");
    expect(screen.getByLabelText("Title").getAttribute("aria-describedby")).toBeNull();
  });
});

describe("the tags field", () => {
  it("shows a deadline's tags and sends what was typed", async () => {
    const onsave = save().mockResolvedValue();
    const editing = { id: "Q1", title: "Quarterly report", due_date: "2026-12-15", tz: "UTC", kind: "internal", tags: ["board", "q1"], lead_times: null, recurrence: null } as unknown as Deadline;
    render(DeadlineForm, { editing, localZone: "UTC", onsave, oncancel: () => {} });
    const tags = screen.getByLabelText("Tags (comma-separated)");
    expect((tags as HTMLInputElement).value).toBe("board, q1");
    await fireEvent.input(tags, { target: { value: "board, audit" } });
    await fireEvent.click(screen.getByTestId("save-deadline"));
    expect(onsave.mock.calls[0]?.[0].tags).toBe("board, audit");
  });
});

describe("Escape on the form", () => {
  function open() {
    panels.open({ mode: "new" });
    window.addEventListener("keydown", escape);
    const oncancel = vi.fn(() => panels.close());
    render(DeadlineForm, { editing: null, localZone: "UTC", onsave: save(), oncancel });
    return oncancel;
  }
  const press = () => fireEvent.keyDown(document.activeElement ?? document.body, { key: "Escape" });

  it("closes an unchanged form at once, and asks before throwing away changes", async () => {
    open();
    await press();
    expect(screen.queryByTestId("discard-question")).toBeNull();
    expect(panels.current).toBeNull();
    cleanup();

    const oncancel = open();
    const title = screen.getByLabelText("Title");
    await fireEvent.input(title, { target: { value: "Board report" } });
    title.focus();

    await press();
    const question = screen.getByTestId("discard-question");
    expect(question.textContent).toContain("Discard the changes to the new deadline?");
    expect(panels.current).toEqual({ mode: "new" });
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Keep editing" }));

    await press();
    expect(screen.queryByTestId("discard-question")).toBeNull();
    expect(document.activeElement).toBe(title);

    await press();
    await fireEvent.click(screen.getByRole("button", { name: "Keep editing" }));
    expect(screen.queryByTestId("discard-question")).toBeNull();
    expect((title as HTMLInputElement).value).toBe("Board report");

    await press();
    await fireEvent.click(screen.getByRole("button", { name: "Discard" }));
    expect(oncancel).toHaveBeenCalledOnce();
    expect(panels.current).toBeNull();
  });
});

describe("the date picker", () => {
  it("opens on the typed date, moves by day and month from the keyboard, and writes the chosen date", async () => {
    render(DeadlineForm, { editing: null, localZone: "UTC", onsave: save(), oncancel: () => {} });
    const due = screen.getByLabelText("Due date") as HTMLInputElement;
    await fireEvent.input(due, { target: { value: "2027-01-31" } });
    await fireEvent.click(screen.getByRole("button", { name: "Choose the due date from a calendar" }));

    const calendar = screen.getByRole("dialog", { name: "Choose the due date" });
    expect(screen.getByTestId("picker-month").textContent).toBe("January 2027");
    expect(document.activeElement?.getAttribute("data-date")).toBe("2027-01-31");
    expect(document.activeElement?.getAttribute("aria-pressed")).toBe("true");
    await fireEvent.keyDown(document.activeElement!, { key: "PageDown" });
    // 31 January, a month on: the last day of February.
    expect(document.activeElement?.getAttribute("data-date")).toBe("2027-02-28");
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowLeft" });
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowUp" });
    expect(document.activeElement?.getAttribute("data-date")).toBe("2027-02-20");
    await fireEvent.click(document.activeElement!);

    expect(due.value).toBe("2027-02-20");
    expect(calendar.isConnected).toBe(false);
    expect(document.activeElement).toBe(due);
  });

  it("closes on Escape without closing the form", async () => {
    panels.open({ mode: "new" });
    window.addEventListener("keydown", escape);
    render(DeadlineForm, { editing: null, localZone: "UTC", onsave: save(), oncancel: () => {} });
    const toggle = screen.getByRole("button", { name: "Choose the due date from a calendar" });
    await fireEvent.click(toggle);
    await fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(toggle);
    expect(panels.current).toEqual({ mode: "new" });
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import DeadlineForm from "../src/lib/DeadlineForm.svelte";
import type { DeadlineFields, ErrorReport } from "../src/lib/types.gen";

afterEach(cleanup);

describe("the deadline form", () => {
  it("sends what was typed and shows a refused field's message under that field", async () => {
    const refusal: ErrorReport = {
      code: "invalid",
      message: 'Due date "2025-02-30" is not a calendar date; use YYYY-MM-DD, for example 2027-12-02.',
      field: "due_date",
    };
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

import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";
import DeadlineForm from "../src/lib/DeadlineForm.svelte";
import type { DeadlineFields, ErrorReport } from "../src/lib/types.gen";

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

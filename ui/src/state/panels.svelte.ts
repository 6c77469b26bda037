// Which view fills the page and which panel, if any, is open beside it. One
// panel at a time: opening one (a form, a deadline's details, the settings,
// sync) replaces the one before, and Escape closes it.
import type { Deadline } from "../lib/types.gen";
import { deadlines } from "./deadlines.svelte";

export type View = "agenda" | "calendar" | "timeline";

export type Panel =
  | { mode: "new" }
  | { mode: "details"; id: string }
  | { mode: "edit"; deadline: Deadline }
  | { mode: "done"; deadline: Deadline }
  | { mode: "waive"; deadline: Deadline }
  | { mode: "settings" }
  | { mode: "sync" };

class Panels {
  view = $state<View>("agenda");
  current = $state<Panel | null>(null);
  /**
   * The deadline whose details are open. Held by id and looked up in the
   * list, so that the details show each change as soon as the list is read.
   */
  shown = $derived.by(() => {
    const panel = this.current;
    return panel?.mode === "details" ? deadlines.find(panel.id) : undefined;
  });

  /** A form is open: new, edit, done or waive. */
  formOpen = $derived(["new", "edit", "done", "waive"].includes(this.current?.mode ?? ""));

  open(panel: Panel) {
    this.current = panel;
  }

  close() {
    this.current = null;
  }
}

export const panels = new Panels();

// Which view fills the page and which panel, if any, is open beside it. One
// panel at a time: opening one (a form, a deadline's details, the settings,
// sync, the audit report, an incident clock's forms, a new AI system's form) replaces the one
// before, and Escape closes it, except that a form holding changes asks
// first. An edit opened from a deadline's details goes back to them when it
// closes.
import type { ClockView, Deadline } from "../lib/types.gen";
import { deadlines } from "./deadlines.svelte";

export type View = "agenda" | "calendar" | "timeline" | "organisation";

export type Panel =
  | { mode: "new" }
  | { mode: "details"; id: string }
  | { mode: "edit"; deadline: Deadline; back?: Panel }
  | { mode: "done"; deadline: Deadline }
  | { mode: "waive"; deadline: Deadline }
  | { mode: "settings" }
  | { mode: "sync" }
  | { mode: "report" }
  | { mode: "clock" }
  | { mode: "record"; clock: ClockView }
  | { mode: "close-clock"; clock: ClockView }
  | { mode: "system" };

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

  /** A form is open: new, edit, done, waive, one of a clock's, or a new AI system's. */
  formOpen = $derived(["new", "edit", "done", "waive", "clock", "record", "close-clock", "system"].includes(this.current?.mode ?? ""));

  /**
   * What the open form's changes are to, for the question Escape asks
   * ("Discard the changes to …?"); null while it has none. The form sets it.
   */
  unsaved = $state<string | null>(null);
  /** Escape was pressed on a form holding changes: the form asks whether to discard them. */
  asking = $state(false);

  open(panel: Panel) {
    const from = this.current;
    const fromDetails = panel.mode === "edit" && from?.mode === "details" && from.id === panel.deadline.id;
    this.current = fromDetails ? { ...panel, back: from } : panel;
    this.asking = false;
  }

  /** Closes the panel, or goes back to the details an edit was opened from, if they are still there. */
  close() {
    const panel = this.current;
    const back = panel?.mode === "edit" ? panel.back : undefined;
    this.current = back?.mode === "details" && deadlines.find(back.id) ? back : null;
    this.asking = false;
    this.unsaved = null;
  }

  /**
   * While the question is asked, its "Keep editing" button (`keep`) has the
   * focus; once answered, the focus goes back where it was. A form calls it
   * while its component starts: the effect lives as long as the form.
   */
  focusTheQuestion(keep: () => HTMLElement | null) {
    let before: HTMLElement | null = null;
    $effect(() => {
      const button = keep();
      if (this.asking && button) {
        before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        button.focus();
      } else if (!this.asking && before) {
        before.focus();
        before = null;
      }
    });
  }

  /** Escape: closes the panel, but asks first when a form holds changes; Escape again keeps editing. */
  escape() {
    if (this.asking) this.asking = false;
    else if (this.formOpen && this.unsaved !== null) this.asking = true;
    else this.close();
  }
}

export const panels = new Panels();

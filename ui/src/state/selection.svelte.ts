// The row chosen with j and k, or asked for by a notification or the tray:
// the list marks it, and Enter, e and d act on it.
import { tick } from "svelte";
import type { Deadline } from "../lib/types.gen";
import { deadlines } from "./deadlines.svelte";
import { filters } from "./filters.svelte";
import { panels } from "./panels.svelte";

/** The drawn list: only it knows where a row is, among rows it has not drawn yet. */
interface Rows {
  reveal(id: string, block: "center" | "nearest"): void;
}

class Selection {
  focused = $state<string | null>(null);
  /** Bound by the page to its list; null while another view is shown. */
  rows = $state.raw<Rows | null>(null);

  get deadline(): Deadline | undefined {
    return deadlines.find(this.focused);
  }

  /** Moves the choice through the visible rows, stopping at either end. */
  move(step: number) {
    const order = filters.order;
    const at = order.findIndex((d) => d.id === this.focused);
    const target = order[Math.min(order.length - 1, Math.max(0, at + step))];
    if (!target) return;
    this.focused = target.id;
    this.rows?.reveal(target.id, "nearest");
  }

  /** Scrolls to one deadline, marks it and opens its details, as a notification or the tray asks. */
  async focus(id: string) {
    this.focused = id;
    panels.open({ mode: "details", id });
    // The panel narrows the list, and a refreshed list may not hold the row
    // yet: reveal it once both are drawn.
    await tick();
    this.rows?.reveal(id, "center");
  }
}

export const selection = new Selection();

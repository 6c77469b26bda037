// Every keyboard shortcut of the window, in one place: which key does what,
// and when a one-key shortcut is live. While the focus is in a field, letters
// are text, so one-key shortcuts wait until it leaves; Escape and Ctrl+W work
// everywhere, since they are how one leaves a field, a panel or the window.
import { getCurrentWindow } from "@tauri-apps/api/window";
import { takesDone } from "../lib/agenda";
import { filters } from "./filters.svelte";
import { organisation } from "./organisation.svelte";
import { panels } from "./panels.svelte";
import { selection } from "./selection.svelte";

export type Action =
  | "close-window"
  | "close-panel"
  | "clear-search"
  | "leave-search"
  | "search"
  | "new-deadline"
  | "start-clock"
  | "agenda"
  | "calendar"
  | "timeline"
  | "organisation"
  | "settings"
  | "report"
  | "next-row"
  | "previous-row"
  | "open-row"
  | "edit-row"
  | "mark-row-done";

/** The one-key shortcuts, live only while `isTyping` is false and no modifier is held. */
export const oneKeyShortcuts: ReadonlyMap<string, Action> = new Map([
  ["/", "search"],
  ["n", "new-deadline"],
  ["i", "start-clock"],
  ["t", "timeline"],
  ["a", "agenda"],
  ["c", "calendar"],
  ["o", "organisation"],
  [",", "settings"],
  ["r", "report"],
  ["j", "next-row"],
  ["k", "previous-row"],
  ["Enter", "open-row"],
  ["e", "edit-row"],
  ["d", "mark-row-done"],
]);

/** What a key press means besides the key: the state of the page when it comes. */
export interface PageAtKey {
  panelOpen: boolean;
  /** A form is open (new, edit, done, waive, the first questions): letters belong to it, not to shortcuts. */
  formOpen: boolean;
  /** The focus is in the search field. */
  inSearch: boolean;
  searchText: string;
}

export type KeyPress = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "target">;

export interface Shortcut {
  action: Action;
  /** Whether the browser's own use of the key is prevented. */
  prevent: boolean;
}

/** True while the focus is where keys are text: a field, a text area, a select or anything editable. */
export function isTyping(target: EventTarget | null): boolean {
  return target !== null && (target as HTMLElement).closest("input, textarea, select, [contenteditable]") !== null;
}

/** The shortcut a key press asks for, or null when it is left to the page. */
export function shortcutFor(e: KeyPress, page: PageAtKey): Shortcut | null {
  // Ctrl+W closes the window; Docket stays in the tray.
  if (e.key === "w" && e.ctrlKey) return { action: "close-window", prevent: true };
  if (e.key === "Escape") {
    if (page.panelOpen) return { action: "close-panel", prevent: false };
    // The first Escape clears the search, the next leaves the field.
    if (page.inSearch) return { action: page.searchText ? "clear-search" : "leave-search", prevent: true };
    return null;
  }
  if (page.formOpen || isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return null;
  const action = oneKeyShortcuts.get(e.key);
  if (!action) return null;
  if (action === "open-row") {
    // Enter on a button or a link presses it, as it would without Docket.
    const tag = (e.target as HTMLElement | null)?.tagName;
    return tag === "BUTTON" || tag === "A" ? null : { action, prevent: false };
  }
  return { action, prevent: true };
}

/** What each action does to the page; the row actions do nothing without a chosen row. */
const run: Record<Action, (searchField: HTMLInputElement | null) => void> = {
  "close-window": () => void getCurrentWindow().close(),
  "close-panel": () => panels.escape(),
  "clear-search": () => (filters.chosen.text = ""),
  "leave-search": (field) => field?.blur(),
  search: (field) => field?.focus(),
  "new-deadline": () => panels.open({ mode: "new" }),
  "start-clock": () => panels.open({ mode: "clock" }),
  agenda: () => (panels.view = "agenda"),
  calendar: () => (panels.view = "calendar"),
  timeline: () => (panels.view = "timeline"),
  organisation: () => (panels.view = "organisation"),
  settings: () => panels.open({ mode: "settings" }),
  report: () => panels.open({ mode: "report" }),
  "next-row": () => selection.move(1),
  "previous-row": () => selection.move(-1),
  "open-row": () => {
    const d = selection.deadline;
    if (d) panels.open({ mode: "details", id: d.id });
  },
  "edit-row": () => {
    const d = selection.deadline;
    if (d) panels.open({ mode: "edit", deadline: d });
  },
  "mark-row-done": () => {
    const d = selection.deadline;
    if (d && d.status === "open" && takesDone(d)) panels.open({ mode: "done", deadline: d });
  },
};

/** The window's keydown handler. `searchField` is the search box, which `/` and Escape reach. */
export function onKeydown(e: KeyboardEvent, searchField: HTMLInputElement | null) {
  const shortcut = shortcutFor(e, {
    panelOpen: panels.current !== null,
    formOpen: panels.formOpen || organisation.firstRunShown,
    inSearch: document.activeElement === searchField,
    searchText: filters.chosen.text,
  });
  if (!shortcut) return;
  if (shortcut.prevent) e.preventDefault();
  run[shortcut.action](searchField);
}

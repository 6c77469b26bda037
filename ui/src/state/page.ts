// What the page does from the moment it opens until it closes: it loads the
// agenda (opening the deadline a notification's link asked for), follows the
// Rust side's events, and each minute moves to the new day, reads the
// reminder status and looks whether another program changed the data.
import { listen } from "@tauri-apps/api/event";
import { clock } from "./clock.svelte";
import { deadlines } from "./deadlines.svelte";
import { filters } from "./filters.svelte";
import { installation } from "./installation.svelte";
import { reminders } from "./reminders.svelte";
import { selection } from "./selection.svelte";

/** Starts the page's work; returns what stops it, for the component's unmount. */
export function openPage(): () => void {
  const asked = new URLSearchParams(location.hash.slice(1)).get("deadline");
  void deadlines.load(filters).then(() => (asked ? selection.focus(asked) : undefined));
  installation.read();
  const unlisten = [
    listen("docket://changed", () => void deadlines.refresh()),
    listen<string>("docket://focus", (e) => void deadlines.refresh().then(() => selection.focus(e.payload))),
  ];
  // Keep countdowns and the reminder status right while the window stays
  // open; the list is read again only when another program changed it.
  const timer = setInterval(() => {
    clock.tick();
    reminders.read();
    deadlines.readIfChanged();
  }, 60_000);
  return () => {
    clearInterval(timer);
    for (const u of unlisten) void u.then((f) => f());
  };
}

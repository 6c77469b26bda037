// What the officer narrowed the agenda to: the filters and the search text,
// kept in the database so that they survive a restart, and the agenda they
// leave, which the list, the calendar and the timeline all draw. The view
// state kept with them also says whether the first questions were answered
// or skipped (organisation.svelte.ts).
import { api } from "../lib/api";
import { agendaEntries, applyFilters, deletedEntries, isFiltered, noFilters, parseFilters, type Filters } from "../lib/agenda";
import { withoutNotApplying } from "../lib/applicability";
import type { Deadline, ErrorReport, SearchHit } from "../lib/types.gen";
import { deadlines } from "./deadlines.svelte";
import { locale } from "./locale";
import { notices } from "./notices.svelte";
import { organisation } from "./organisation.svelte";

class AgendaFilters {
  chosen = $state<Filters>({ ...noFilters });
  /** Until the kept filters are read, saving would overwrite them with none. */
  #restored = $state(false);
  /** "Show done": kept with the filters, and cleared with them. */
  showClosed = $state(false);
  /** "Show dates that do not apply": kept with the filters, and cleared with them. */
  showNotApplying = $state(false);
  // Choosing "does not apply" as the filter shows those dates without the box ticked.
  notApplyingShown = $derived(this.showNotApplying || this.chosen.applies === "no");
  /** The full-text search's answer to the present text, by deadline id; null without text. */
  hits = $state<Map<string, SearchHit> | null>(null);
  /** Numbers each question to the search, so that a late answer to an older text is dropped. */
  #asked = 0;

  #matches = $derived(this.chosen.text.trim() && this.hits ? new Set(this.hits.keys()) : null);
  /** The dates the agenda may show at all: those that do not apply only when asked for. */
  #shown = (items: Deadline[]) => (this.notApplyingShown ? items : withoutNotApplying(items));
  // Until the first results arrive, the agenda stays as it was.
  agenda = $derived({
    overdue: applyFilters(this.#shown(deadlines.split.overdue), this.chosen, this.#matches),
    upcoming: applyFilters(this.#shown(deadlines.split.upcoming), this.chosen, this.#matches),
    past: applyFilters(this.#shown(deadlines.split.past), this.chosen, this.#matches),
    closed: applyFilters(this.#shown(deadlines.split.closed), this.chosen, this.#matches),
  });
  visible = $derived([...this.agenda.overdue, ...this.agenda.upcoming, ...this.agenda.past, ...this.agenda.closed]);
  /** How many the unfiltered agenda holds: what "3 of 31" counts from. */
  total = $derived(this.#shown(deadlines.all).length);
  // Choosing "done" or "waived" as the status shows the closed items.
  closedShown = $derived(this.showClosed || this.chosen.status === "done" || this.chosen.status === "waived");
  /** A search or a filter narrows the agenda. */
  narrowed = $derived(isFiltered(this.chosen));
  /** The status "deleted" shows the deleted deadlines instead of the agenda. */
  showsDeleted = $derived(this.chosen.status === "deleted");
  #deleted = $derived(
    applyFilters(deadlines.deleted, { ...this.chosen, status: "", text: "" }, null).filter((d) =>
      `${d.title}\n${d.description}\n${d.reference}`.toLowerCase().includes(this.chosen.text.trim().toLowerCase()),
    ),
  );
  entries = $derived(
    this.showsDeleted
      ? deletedEntries(this.#deleted, isFiltered({ ...this.chosen, status: "" }))
      : agendaEntries(this.agenda, this.closedShown, locale, this.narrowed),
  );
  /** The rows in the order the list draws them, for moving through with j and k (never a deleted one). */
  order = $derived(this.entries.flatMap((e) => (e.type === "row" && !e.deleted ? [e.deadline] : [])));

  /** Reads the filters the last session left; without them, the agenda opens unfiltered. */
  async restore() {
    const kept = await api.viewState().catch(() => null);
    this.chosen = parseFilters(kept);
    this.showClosed = keptAs(kept, "closed", "shown");
    this.showNotApplying = keptAs(kept, "not_applying", "shown");
    organisation.welcomed = keptAs(kept, "first_run", "done");
    this.#restored = true;
  }

  clear() {
    this.chosen = { ...noFilters };
    this.showClosed = false;
    this.showNotApplying = false;
  }

  /**
   * Saves the filters at each change once the kept ones are read. Called
   * once while the page's component starts: the effect lives as long as it.
   */
  saveAsChanged() {
    $effect(() => {
      const view = JSON.stringify({
        ...this.chosen,
        closed: this.showClosed ? "shown" : "",
        not_applying: this.showNotApplying ? "shown" : "",
        first_run: organisation.welcomed ? "done" : "",
      });
      if (this.#restored) api.saveViewState(view).catch(() => {});
    });
  }

  /** Reads the deleted deadlines each time the status filter asks for them. */
  readDeletedWhenShown() {
    $effect(() => {
      if (this.showsDeleted) void deadlines.readDeleted();
    });
  }

  /**
   * Asks the full-text search (FTS5, in SQLite) at each keystroke and each
   * new list; only the answer to the latest text is shown. Called once while
   * the page's component starts: the effect lives as long as it.
   */
  searchAsTyped() {
    $effect(() => {
      const text = this.chosen.text.trim();
      void deadlines.all;
      const question = ++this.#asked;
      if (!text) {
        this.hits = null;
        return;
      }
      api.search(text).then(
        (found) => {
          if (question === this.#asked) this.hits = new Map(found.map((h) => [h.id, h]));
        },
        (e: ErrorReport) => notices.say(e.message),
      );
    });
  }
}

/** Whether the kept view state holds `value` under `key` ("Show done" on is `closed: "shown"`). */
function keptAs(json: string | null, key: string, value: string): boolean {
  try {
    const kept: unknown = JSON.parse(json ?? "{}");
    return typeof kept === "object" && kept !== null && (kept as Record<string, unknown>)[key] === value;
  } catch {
    return false;
  }
}

export const filters = new AgendaFilters();

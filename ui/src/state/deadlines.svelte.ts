// The deadlines as last read from the database, and how they are read: the
// first screen before the whole list, the whole list again after every change
// made here, and again when another program (docketctl, the tray) changed the
// data. The reports that go with the list are read with it, and so is the
// organisation's profile, since an answer changes which dates apply.
import { api } from "../lib/api";
import { dueWithinDays, isFiltered, splitAgenda, type Agenda, type Filters } from "../lib/agenda";
import { withoutNotApplying } from "../lib/applicability";
import type { Deadline, ErrorReport } from "../lib/types.gen";
import { clock } from "./clock.svelte";
import { clocks } from "./clocks.svelte";
import { organisation } from "./organisation.svelte";
import { packs } from "./packs.svelte";
import { reminders } from "./reminders.svelte";
import { sync } from "./sync.svelte";

/** Enough rows to fill the window before the whole list arrives. */
const FIRST_SCREEN = 20;

/**
 * The filters kept from the last session, passed in by the page: they decide
 * whether the first screen may be shown (filters.svelte.ts reads this module,
 * so this one does not import it).
 */
interface KeptFilters {
  restore(): Promise<void>;
  readonly chosen: Filters;
}

/** Resolves at the start of the frame after the next one: the next one has been drawn by then. */
const painted = () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));

class Deadlines {
  // Replaced whole at each refresh, never changed in place: no deep proxy.
  all = $state.raw<Deadline[]>([]);
  loaded = $state(false);
  /** Only the first screen has arrived; counts wait for the whole list. */
  partial = $state(false);
  /** The deleted deadlines, read when the officer asks to see them. */
  deleted = $state.raw<Deadline[]>([]);
  /** Why the list could not be read; the agenda is not drawn while it stands. */
  problem = $state<ErrorReport | null>(null);

  // Sorted once per change of the data; filtering keeps the order.
  split = $derived(splitAgenda(this.all, clock.today, clock.now));
  /** The split without the dates that do not apply to the organisation: what the header counts. */
  concerning: Agenda = $derived({
    overdue: withoutNotApplying(this.split.overdue),
    upcoming: withoutNotApplying(this.split.upcoming),
    past: withoutNotApplying(this.split.past),
    closed: withoutNotApplying(this.split.closed),
  });
  soonCount = $derived(dueWithinDays(this.concerning.upcoming, clock.today, 7));
  next = $derived(this.concerning.upcoming[0]);

  /** The data version last seen, to tell another program's writes from none. */
  #seen: number | null = null;

  find(id: string | null): Deadline | undefined {
    return this.all.find((d) => d.id === id);
  }

  /** Reads the deleted deadlines; a failure is said in the list's place. */
  async readDeleted() {
    try {
      this.deleted = await api.listDeleted();
    } catch (e) {
      this.problem = e as ErrorReport;
    }
  }

  async refresh() {
    if (this.deleted.length > 0) void this.readDeleted();
    // Read beside the list, and awaited, so that a change of an answer is drawn whole once both are.
    const profile = organisation.read();
    try {
      this.all = await api.listDeadlines();
      this.problem = null;
    } catch (e) {
      this.problem = e as ErrorReport;
    } finally {
      this.loaded = true;
    }
    reminders.read();
    packs.read();
    sync.read();
    clocks.read();
    await profile;
  }

  /**
   * The first screen comes first: with no filters kept, the earliest open
   * deadlines are drawn before the whole list arrives, so that ten thousand
   * deadlines open as fast as thirty. The kept filters are read while the
   * first screen is on its way; filters might leave out those earliest rows,
   * so a filtered agenda waits for the whole list.
   */
  async load(filters: KeptFilters) {
    const first = api.listUpcoming(clock.today, FIRST_SCREEN).catch(() => null);
    await filters.restore();
    const screen = await first;
    // A failure here is reported by the whole list below.
    if (screen && !isFiltered(filters.chosen)) {
      this.all = screen;
      this.partial = true;
      this.loaded = true;
      await painted();
      void api.agendaDrawn(false, Date.now()).catch(() => {});
    }
    await this.refresh();
    this.partial = false;
    await painted();
    void api.agendaDrawn(true, Date.now()).catch(() => {});
  }

  /**
   * Reads the list again only if another program wrote to the database since
   * the last look: a cheap question each minute instead of the whole list.
   */
  readIfChanged() {
    api.dataVersion().then(
      (version) => {
        if (this.#seen !== null && version !== this.#seen) void this.refresh();
        this.#seen = version;
      },
      () => {},
    );
  }
}

export const deadlines = new Deadlines();

// The incident clocks as last read from the database, read with the agenda
// (deadlines.svelte.ts reads them at each refresh, since each step with a due
// date is also a deadline), and the choices the start form offers: the
// packs' templates and the member states. Starting, recording and closing
// go to the Rust side and keep the answer at once; the panel that asked then
// reads the agenda again.
import { api } from "../lib/api";
import { byUrgency } from "../lib/clocks";
import type { ClockView, Named, TemplateView } from "../lib/types.gen";

class Clocks {
  // Replaced whole at each read, never changed in place.
  all = $state.raw<ClockView[]>([]);
  /** The clocks still running, the most urgent first: the cards above the agenda. */
  running = $derived(byUrgency(this.all.filter((c) => c.closed_at === null)));
  templates = $state.raw<TemplateView[]>([]);
  memberStates = $state.raw<Named[]>([]);

  /** A failure leaves the clocks as last read: the agenda's own read says what went wrong. */
  read() {
    api.listClocks().then((c) => (this.all = c), () => {});
  }

  /** The templates and member states, read once, when a form first needs them. */
  readChoices() {
    if (this.templates.length === 0) api.clockTemplates().then((t) => (this.templates = t), () => {});
    if (this.memberStates.length === 0) api.memberStates().then((m) => (this.memberStates = m), () => {});
  }

  find(id: string): ClockView | undefined {
    return this.all.find((c) => c.id === id);
  }

  /** Rejects with the ErrorReport naming the refused field. */
  async start(template: string, at: string, tz: string, memberState: string, title: string): Promise<ClockView> {
    return this.#keep(await api.startClock(template, at, tz, memberState, title));
  }

  async record(clockId: string, what: string, at: string, note: string): Promise<ClockView> {
    return this.#keep(await api.recordOnClock(clockId, what, at, note));
  }

  async close(clockId: string, reason: string): Promise<ClockView> {
    return this.#keep(await api.closeClock(clockId, reason));
  }

  /** Puts the clock as the Rust side answered it in the list: new ones first, as the store orders them. */
  #keep(clock: ClockView): ClockView {
    const others = this.all.filter((c) => c.id !== clock.id);
    this.all = this.all.some((c) => c.id === clock.id) ? this.all.map((c) => (c.id === clock.id ? clock : c)) : [clock, ...others];
    return clock;
  }
}

export const clocks = new Clocks();

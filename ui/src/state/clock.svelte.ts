// Today's date on the user's clock, and the instant, which every countdown
// and the split into overdue, upcoming and past are counted from. It is read again each minute (see
// page.ts), so that a window left open overnight moves on to the new day.
import { localToday } from "../lib/agenda";

class Clock {
  today = $state(localToday());
  /** The instant of the last tick, in milliseconds: a timed task falls overdue by it. */
  now = $state(Date.now());

  tick() {
    this.now = Date.now();
    this.today = localToday(new Date(this.now));
  }
}

export const clock = new Clock();

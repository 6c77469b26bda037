// Today's date on the user's clock, which every countdown and the split into
// upcoming and past are counted from. It is read again each minute (see
// page.ts), so that a window left open overnight moves on to the new day.
import { localToday } from "../lib/agenda";

class Clock {
  today = $state(localToday());

  tick() {
    this.today = localToday();
  }
}

export const clock = new Clock();

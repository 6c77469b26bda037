// The reminder service's state as the banners and the settings show it: a
// pause, a notification that could not be shown, a damaged database set aside
// at start. Read with the list and each minute, so a pause ends on screen when
// it ends.
import { api } from "../lib/api";
import type { ErrorReport, ReminderStatus } from "../lib/types.gen";
import { notices } from "./notices.svelte";

class Reminders {
  status = $state<ReminderStatus | null>(null);

  read() {
    api.reminderStatus().then((s) => (this.status = s), () => {});
  }

  dismissStartupProblem() {
    api.dismissStartupProblem().then(
      () => {
        if (this.status) this.status = { ...this.status, startup_problem: null };
      },
      (e: ErrorReport) => notices.say(e.message),
    );
  }
}

export const reminders = new Reminders();

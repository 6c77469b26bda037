// The organisation's profile as last read: the packs' questions, its answers,
// the AI systems it lists and how many dates apply. Read with the agenda
// (deadlines.svelte.ts reads it at each refresh, since an answer changes which
// dates apply). Also whether the first questions were answered or skipped,
// kept with the view state (filters.svelte.ts saves it), and the question the
// organisation page was asked to show.
import { api } from "../lib/api";
import { firstRunQuestions, isUnanswered } from "../lib/applicability";
import type { ErrorReport, PackQuestion, ProfileView } from "../lib/types.gen";

class Organisation {
  // Replaced whole at each read, never changed in place.
  view = $state.raw<ProfileView | null>(null);
  /** Why the profile could not be read; the page says it in the questions' place. */
  problem = $state<string | null>(null);
  /** The question the page is to bring into view and focus, by key; cleared once it has. */
  asked = $state<string | null>(null);
  /** Whether the first questions were answered or skipped; null until the kept view state is read. */
  welcomed = $state<boolean | null>(null);
  /** The officer asked for the first questions again, from the organisation page. */
  askingAgain = $state(false);
  /**
   * The first questions show on a profile nobody has answered, until they
   * are answered or skipped, and whenever the officer asks for them; never
   * when the packs mark none.
   */
  firstRunShown = $derived(
    this.view !== null &&
      firstRunQuestions(this.view.questions).length > 0 &&
      (this.askingAgain || (this.welcomed === false && isUnanswered(this.view))),
  );

  /** A failure is said on the organisation page; the first questions wait for a profile that could be read. */
  read(): Promise<void> {
    return api.getProfile().then(
      (view) => {
        this.view = view;
        this.problem = null;
      },
      (e: ErrorReport) => {
        this.problem = e.message;
      },
    );
  }

  question(key: string | undefined): PackQuestion | undefined {
    return key === undefined ? undefined : this.view?.questions.find((q) => q.key === key);
  }

  /** The first questions were answered or skipped: they are not asked again unless the officer asks. */
  welcome() {
    this.welcomed = true;
    this.askingAgain = false;
  }
}

export const organisation = new Organisation();

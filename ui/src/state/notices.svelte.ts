// The line that says what just happened ("Saved …", a refused action), and
// the undo that goes with a deletion. One notice at a time: a newer one
// replaces it, and it goes by itself so that it never needs closing.
class Notices {
  text = $state("");
  /** Undoes the last deletion, while its notice shows. */
  undo = $state<(() => void) | null>(null);

  say(text: string, undo: (() => void) | null = null) {
    this.text = text;
    this.undo = undo;
    // An undo stays longer: the officer may need a moment to see the mistake.
    setTimeout(
      () => {
        if (this.text === text) {
          this.text = "";
          this.undo = null;
        }
      },
      undo ? 10000 : 4000,
    );
  }

  /** Runs the undo once: the notice goes at once, so a second click cannot repeat it. */
  runUndo() {
    const undo = this.undo;
    this.undo = null;
    this.text = "";
    undo?.();
  }
}

export const notices = new Notices();

// The notice of the last action: how long it stays, and its undo.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { notices } from "../src/state/notices.svelte";

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.runAllTimers();
  vi.useRealTimers();
});

describe("the notice", () => {
  it("goes after four seconds, or ten when it offers an undo", () => {
    notices.say("Saved “Board report”.");
    vi.advanceTimersByTime(3999);
    expect(notices.text).toBe("Saved “Board report”.");
    vi.advanceTimersByTime(1);
    expect(notices.text).toBe("");

    notices.say("Deleted “Board report”.", () => {});
    vi.advanceTimersByTime(9999);
    expect(notices.undo).not.toBeNull();
    vi.advanceTimersByTime(1);
    expect(notices.text).toBe("");
    expect(notices.undo).toBeNull();
  });

  it("is not cut short by the timer of the notice it replaced", () => {
    notices.say("Saved “A”.");
    vi.advanceTimersByTime(3000);
    notices.say("Saved “B”.");
    vi.advanceTimersByTime(1000);
    expect(notices.text).toBe("Saved “B”.");
  });

  it("undoes once: the undo goes with the notice as it runs", () => {
    const undo = vi.fn();
    notices.say("Deleted “Board report”.", undo);
    notices.runUndo();
    notices.runUndo();
    expect(undo).toHaveBeenCalledOnce();
    expect(notices.text).toBe("");
  });
});

// The shortcut rule (which key does what, and when one-key shortcuts are
// live) from a table, and a few key presses through to the page's state.
import { afterEach, describe, expect, it } from "vitest";
import { isTyping, oneKeyShortcuts, onKeydown, shortcutFor, type KeyPress, type PageAtKey } from "../src/state/keyboard";
import { filters } from "../src/state/filters.svelte";
import { organisation } from "../src/state/organisation.svelte";
import type { PackQuestion } from "../src/lib/types.gen";
import { panels } from "../src/state/panels.svelte";

const onThePage: PageAtKey = { panelOpen: false, formOpen: false, inSearch: false, searchText: "" };

function press(key: string, target: EventTarget | null = document.body, held: Partial<KeyPress> = {}): KeyPress {
  return { key, ctrlKey: false, metaKey: false, altKey: false, target, ...held };
}

function element(html: string): HTMLElement {
  const box = document.createElement("div");
  box.innerHTML = html;
  document.body.append(box);
  return box.querySelector("[data-target]") ?? (box.firstElementChild as HTMLElement);
}

afterEach(() => {
  document.body.innerHTML = "";
  panels.view = "agenda";
  panels.close();
  filters.clear();
});

describe("the one-key shortcuts", () => {
  const table: [string, string][] = [
    ["/", "search"],
    ["n", "new-deadline"],
    ["i", "start-clock"],
    ["t", "timeline"],
    ["a", "agenda"],
    ["c", "calendar"],
    ["o", "organisation"],
    [",", "settings"],
    ["r", "report"],
    ["j", "next-row"],
    ["k", "previous-row"],
    ["Enter", "open-row"],
    ["e", "edit-row"],
    ["d", "mark-row-done"],
  ];

  it.each(table)("%s does %s from the page", (key, action) => {
    expect(shortcutFor(press(key), onThePage)).toEqual({ action, prevent: key !== "Enter" });
  });

  it("are all in the table, and no other key does anything", () => {
    expect([...oneKeyShortcuts.keys()].sort()).toEqual(table.map(([key]) => key).sort());
    for (const key of ["x", "N", "?", " ", "ArrowDown", "Tab"]) expect(shortcutFor(press(key), onThePage), key).toBeNull();
  });

  it("are text while the focus is in a field, a text area, a select or anything editable", () => {
    const fields = [
      "<input>",
      '<input type="search">',
      "<textarea></textarea>",
      "<select><option>a</option></select>",
      "<div contenteditable>x</div>",
      '<div contenteditable><span data-target>x</span></div>',
    ];
    for (const html of fields) {
      const target = element(html);
      expect(isTyping(target), html).toBe(true);
      for (const key of oneKeyShortcuts.keys()) expect(shortcutFor(press(key, target), onThePage), `${key} in ${html}`).toBeNull();
    }
  });

  it("stay live on a button, a link or the page itself", () => {
    for (const html of ["<button>x</button>", '<a href="#x">x</a>', "<h1>Docket</h1>"]) {
      expect(isTyping(element(html)), html).toBe(false);
      expect(shortcutFor(press("t", element(html)), onThePage)?.action, html).toBe("timeline");
    }
  });

  it("wait while a form is open, even with the focus on one of its buttons", () => {
    const inForm = { ...onThePage, panelOpen: true, formOpen: true };
    for (const key of oneKeyShortcuts.keys()) expect(shortcutFor(press(key, element("<button>Cancel</button>")), inForm), key).toBeNull();
    expect(shortcutFor(press("Escape"), inForm)?.action).toBe("close-panel");
    expect(shortcutFor(press("w", document.body, { ctrlKey: true }), inForm)?.action).toBe("close-window");
  });

  it("do nothing with Ctrl, Alt or the meta key held", () => {
    for (const held of [{ ctrlKey: true }, { altKey: true }, { metaKey: true }]) {
      for (const key of oneKeyShortcuts.keys()) expect(shortcutFor(press(key, document.body, held), onThePage)).toBeNull();
    }
  });

  it("leave Enter to a button or a link, which it presses", () => {
    expect(shortcutFor(press("Enter", element("<button>Done…</button>")), onThePage)).toBeNull();
    expect(shortcutFor(press("Enter", element('<a href="#x">source</a>')), onThePage)).toBeNull();
  });
});

describe("Escape and Ctrl+W", () => {
  it("Escape closes the open panel first, even from one of its fields", () => {
    const field = element("<input>");
    expect(shortcutFor(press("Escape", field), { ...onThePage, panelOpen: true })).toEqual({ action: "close-panel", prevent: false });
  });

  it("Escape in the search clears the text, then leaves the field; elsewhere it does nothing", () => {
    const search = element('<input type="search">');
    const inSearch = { ...onThePage, inSearch: true };
    expect(shortcutFor(press("Escape", search), { ...inSearch, searchText: "annex" })).toEqual({ action: "clear-search", prevent: true });
    expect(shortcutFor(press("Escape", search), inSearch)).toEqual({ action: "leave-search", prevent: true });
    expect(shortcutFor(press("Escape"), onThePage)).toBeNull();
  });

  it("Ctrl+W closes the window from anywhere, a field included", () => {
    expect(shortcutFor(press("w", element("<textarea></textarea>"), { ctrlKey: true }), onThePage)).toEqual({ action: "close-window", prevent: true });
    expect(shortcutFor(press("w"), onThePage)).toBeNull();
  });
});

describe("a key pressed in the window", () => {
  function keydown(key: string, target: HTMLElement = document.body, searchField: HTMLInputElement | null = null): KeyboardEvent {
    const e = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true });
    const handle = (event: Event) => onKeydown(event as KeyboardEvent, searchField);
    window.addEventListener("keydown", handle);
    target.dispatchEvent(e);
    window.removeEventListener("keydown", handle);
    return e;
  }

  it("changes the view from the page, and keeps the browser's own use of the key from it", () => {
    expect(keydown("t").defaultPrevented).toBe(true);
    expect(panels.view).toBe("timeline");
    keydown("c");
    expect(panels.view).toBe("calendar");
    keydown("o");
    expect(panels.view).toBe("organisation");
  });

  it("leaves letters to the first questions while they are asked", () => {
    const dora: PackQuestion = {
      pack_id: "dora", pack_title: "DORA", key: "dora.financial-entity", of: "organisation", question: "Are you a financial entity under DORA?",
      help: "", reference: "DORA Art. 2", source_url: "", several: false, first_run: true, choices: [],
    };
    organisation.view = { questions: [dora], answers: {}, systems: [], dates: { applies: 0, does_not_apply: 0, not_yet_known: 0 } };
    organisation.askingAgain = true;
    try {
      expect(keydown("t", element("<button>Skip for now</button>")).defaultPrevented).toBe(false);
      expect(panels.view).toBe("agenda");
    } finally {
      organisation.askingAgain = false;
      organisation.view = null;
    }
  });

  it("stays in a field as text", () => {
    const field = element("<input>");
    expect(keydown("t", field).defaultPrevented).toBe(false);
    expect(panels.view).toBe("agenda");
  });

  it("opens a new deadline with n and closes it with Escape", () => {
    keydown("n");
    expect(panels.current).toEqual({ mode: "new" });
    expect(keydown("Escape").defaultPrevented).toBe(false);
    expect(panels.current).toBeNull();
  });

  it("reaches the search with /, clears it with Escape, then leaves it", () => {
    const search = element('<input type="search">') as HTMLInputElement;
    keydown("/", document.body, search);
    expect(document.activeElement).toBe(search);
    filters.chosen.text = "annex";
    keydown("Escape", search, search);
    expect(filters.chosen.text).toBe("");
    expect(document.activeElement).toBe(search);
    keydown("Escape", search, search);
    expect(document.activeElement).not.toBe(search);
  });
});

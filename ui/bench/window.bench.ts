// @vitest-environment node
// The built window in Chromium with 10,000 deadlines (answered by the IPC
// mock): time from navigation start to the first rendered agenda, and from a
// keypress in the search field to the rendered results. "Rendered" is the end
// of the first frame after the DOM shows the result: a timer set from
// requestAnimationFrame runs once that frame has been produced.
//
// Run with `make bench-ui` (or `DOCKET_BENCH=1 npx vitest run` in ui/).
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openWindow, startHarness, type Harness } from "../tests/browser/harness";

const DEADLINES = Number(process.env.DOCKET_BENCH_DEADLINES ?? 10_000);
const LOADS = Number(process.env.DOCKET_BENCH_LOADS ?? 7);
const KEYS = Number(process.env.DOCKET_BENCH_KEYS ?? 10);

// In the page: resolves with performance.now() at the end of the frame after
// `done()` first holds.
const probe = `
window.__renderedWhen = (done) => new Promise((resolve) => {
  const check = () => {
    if (!done()) return false;
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
    return true;
  };
  if (check()) return;
  const seen = new MutationObserver(() => { if (check()) seen.disconnect(); });
  seen.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
});
window.__firstAgenda = window.__renderedWhen(() => document.querySelector("[data-testid=deadline-row]") !== null);
`;

let harness: Harness;
const results: { figure: string; median: number; max: number; runs: number }[] = [];

beforeAll(async () => {
  harness = await startHarness();
}, 60_000);

afterAll(async () => {
  await harness?.close();
  const lines = results.map((r) => `${r.figure.padEnd(58)} median ${r.median.toFixed(1).padStart(7)} ms   max ${r.max.toFixed(1).padStart(7)} ms   (${r.runs} runs)`);
  process.stdout.write(`\nWindow in Chromium, ${DEADLINES} deadlines (cd ui && DOCKET_BENCH=1 npx vitest run):\n${lines.join("\n")}\n`);
  if (process.env.DOCKET_BENCH_OUT) writeFileSync(process.env.DOCKET_BENCH_OUT, JSON.stringify({ deadlines: DEADLINES, results }, null, 2));
});

function record(figure: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  results.push({ figure, median, max: sorted.at(-1) ?? NaN, runs: samples.length });
}

it("load to the first rendered agenda", { timeout: 300_000 }, async () => {
  const samples: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const page = await openWindow(harness, { synthetic: DEADLINES, before: probe });
    samples.push(await page.evaluate(() => (window as unknown as { __firstAgenda: Promise<number> }).__firstAgenda));
    await page.context().close();
  }
  record("navigation start → first agenda rendered", samples);
  expect(samples.every((s) => s > 0)).toBe(true);
});

it("keypress in search to rendered results", { timeout: 300_000 }, async () => {
  const page = await openWindow(harness, { synthetic: DEADLINES, before: probe });
  const narrow: number[] = [];
  const broad: number[] = [];
  // Types `prefix`, waits for its results, then times the keypress `last`
  // until the agenda shows `want`: the one matching row, or the count.
  const measure = async (prefix: string, last: string, want: { id?: string; count?: string }) => {
    await page.fill("#search", prefix);
    await page.waitForFunction(() => document.querySelector("[data-testid=deadline-row] mark") !== null);
    await page.evaluate((want) => {
      const w = window as unknown as { __renderedWhen: (f: () => boolean) => Promise<number>; __typed: Promise<number> };
      const shown = () =>
        want.id
          ? document.querySelectorAll("[data-testid=deadline-row]").length === 1 &&
            document.querySelector(`[data-id="${want.id}"] mark`) !== null
          : document.querySelector("[data-testid=filtered-count]")?.textContent === want.count;
      w.__typed = new Promise((resolve) => {
        document.querySelector("#search")?.addEventListener(
          "keydown",
          (e) => {
            const start = e.timeStamp;
            void w.__renderedWhen(shown).then((end) => resolve(end - start));
          },
          { once: true, capture: true },
        );
      });
    }, want);
    await page.keyboard.press(last);
    return page.evaluate(() => (window as unknown as { __typed: Promise<number> }).__typed);
  };
  await page.focus("#search");
  for (let i = 0; i < KEYS; i++) {
    // One match: "Review 0NNNN" with its last digit typed.
    const n = String(1000 + i * 731).padStart(5, "0");
    narrow.push(await measure(`review ${n.slice(0, 4)}`, n.slice(4), { id: `S${Number(n)}` }));
    // Every deadline: from "review 00" (a tenth) back to "review 0" (all).
    broad.push(await measure("review 00", "Backspace", { count: `${DEADLINES} of ${DEADLINES}` }));
  }
  record("keypress in search → results rendered (1 match)", narrow);
  record(`keypress in search → results rendered (${DEADLINES} matches)`, broad);
  await page.context().close();
  expect(narrow.length).toBe(KEYS);
});

// What every browser test file does around its tests: one harness (server
// and Chromium) for the file, one window per test, closed after it; and the
// accessibility check that runs axe-core in the page.
import { createRequire } from "node:module";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { Page } from "playwright-core";
import { openWindow, startHarness, type Harness, type WindowOptions } from "./harness";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/**
 * Registers the file's harness and opens one window per test with `open`;
 * each is closed after its test. A step that cannot happen fails in
 * seconds, naming the step.
 */
export function windowPerTest(): { open: (options?: WindowOptions) => Promise<Page> } {
  let harness: Harness | undefined;
  let current: Page | undefined;
  beforeAll(async () => {
    harness = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
  });
  afterEach(async () => {
    await current?.context().close();
    current = undefined;
  });
  return {
    open: async (options: WindowOptions = {}) => {
      if (!harness) throw new Error("the harness did not start");
      current = await openWindow(harness, options);
      current.setDefaultTimeout(5_000);
      return current;
    },
  };
}

/** Serious or critical axe-core violations on the page as it is now. */
export async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
    const result = await axe.run();
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
  });
}

// The built window (ui/dist) served over HTTP on 127.0.0.1 and opened in
// Debian's Chromium through playwright-core, with the Tauri IPC answered by
// mock-ipc.js. Shared by the browser tests and the browser benchmark.
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "../../dist");
const mock = join(here, "mock-ipc.js");
const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };

/**
 * The instant every page opens at. The fixture's dates are written for it,
 * so no test depends on the day it runs: the page's clock starts here (and
 * then runs on, unless a test moves it), in a fixed zone and locale.
 */
export const HARNESS_NOW = "2026-12-01T07:00:00.000Z";
export const HARNESS_ZONE = "UTC";

export interface Harness {
  browser: Browser;
  base: string;
  close: () => Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(join(dist, "index.html"))) throw new Error("ui/dist is not built; run `npm run build` first");
  const server: Server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? "/").split("?")[0] ?? "/")).replace(/^(\.\.[/\\])+/, "");
    const file = join(dist, path === "/" ? "index.html" : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    env: browserEnv(),
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  return {
    browser,
    base,
    close: async () => {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/**
 * The environment Chromium starts in: this process's, without libfaketime
 * (`make test-dates` moves the test runner's clock with it, and Chromium
 * does not start under it). The page's clock is the harness's anyway.
 */
function browserEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== "LD_PRELOAD" && !key.startsWith("FAKETIME")) env[key] = value;
  }
  return env;
}

export interface WindowOptions {
  width?: number;
  height?: number;
  colorScheme?: "light" | "dark";
  /** Replaces the fixture with this many generated deadlines. */
  synthetic?: number;
  /** Gives the mock one sync account with a conflict to resolve. */
  sync?: boolean;
  /** Adds late work to the fixture: two overdue tasks and a piece of news. */
  overdue?: boolean;
  /**
   * Starts with a profile nobody has answered, so that the first questions
   * show. By default the fixture's profile is answered, and they do not.
   */
  firstRun?: boolean;
  /** Makes the audit trail's check find a break. */
  brokenTrail?: boolean;
  /** Runs in the page before its own code (after the IPC mock is set up). */
  before?: string;
}

/** Opens the window in a new browser context and waits for its first row. */
export async function openWindow(h: Harness, options: WindowOptions = {}): Promise<Page> {
  const context = await h.browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: "en-GB",
    colorScheme: options.colorScheme ?? "light",
    timezoneId: HARNESS_ZONE,
  });
  await context.addInitScript(`window.__DOCKET_NOW__ = ${JSON.stringify(HARNESS_NOW)};`);
  if (options.synthetic) await context.addInitScript(`window.__DOCKET_SYNTHETIC__ = ${options.synthetic};`);
  if (options.sync) await context.addInitScript("window.__DOCKET_SYNC__ = true;");
  if (options.overdue) await context.addInitScript("window.__DOCKET_OVERDUE__ = true;");
  if (options.firstRun) await context.addInitScript("window.__DOCKET_FIRST_RUN__ = true;");
  if (options.brokenTrail) await context.addInitScript("window.__DOCKET_TRAIL_BROKEN__ = true;");
  await context.addInitScript({ path: mock });
  if (options.before) await context.addInitScript(options.before);
  const page = await context.newPage();
  await page.clock.install({ time: HARNESS_NOW });
  await page.goto(`${h.base}/index.html`);
  await page.locator("[data-testid=deadline-row]").first().waitFor();
  return page;
}

/** The IPC calls the page made, in order. */
export function ipcCalls(page: Page): Promise<{ cmd: string; args: Record<string, unknown> }[]> {
  return page.evaluate(() => (window as unknown as { __DOCKET_IPC_CALLS__: { cmd: string; args: Record<string, unknown> }[] }).__DOCKET_IPC_CALLS__);
}

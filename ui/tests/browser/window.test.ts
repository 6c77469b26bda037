// @vitest-environment node
// The built window (ui/dist) in a real browser (Debian's Chromium through
// playwright-core), with the Tauri IPC answered by tests/browser/mock-ipc.js.
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "../../dist");
const mock = join(here, "mock-ipc.js");
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };

let server: Server;
let base = "";
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(join(dist, "index.html"))) throw new Error("ui/dist is not built; run `npm run build` first");
  server = createServer(async (req, res) => {
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
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

beforeEach(async () => {
  await page?.context().close();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB" });
  await context.addInitScript({ path: mock });
  page = await context.newPage();
  await page.goto(`${base}/index.html`);
  await page.locator("[data-testid=deadline-row]").first().waitFor();
}, 30_000);

describe("the window in a browser", { timeout: 30_000 }, () => {
  it("shows markup in titles and notes as text and never runs it", async () => {
    const row = page.locator("[data-id=X1]");
    await expect(row.locator("h3").textContent()).resolves.toContain('<img src=x onerror="window.__xss=1">');
    await row.locator("button.link").click();
    await expect(page.locator("[data-testid=details]").textContent()).resolves.toContain("<script>window.__xss=2</script>");
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator("img").count()).toBe(0);
  });

  it("has no serious or critical accessibility violations in the agenda, the form and the timeline", async () => {
    await page.addScriptTag({ path: axePath });
    const scan = () =>
      page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
        const result = await axe.run();
        return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
      });
    expect(await scan()).toEqual([]);
    await page.keyboard.press("n");
    await page.locator("#f-title").waitFor();
    expect(await scan()).toEqual([]);
    await page.keyboard.press("Escape");
    await page.keyboard.press("t");
    await page.locator("[data-testid=timeline]").waitFor();
    expect(await scan()).toEqual([]);
  });

  it("searches, filters and shows the moved date in the timeline", async () => {
    await page.fill("#search", "annex");
    await expect.poll(() => page.locator("[data-testid=deadline-row]").count(), { timeout: 10_000 }).toBe(1);
    await expect(page.locator("[data-id='eu-ai-act:high-risk-annex-iii'] h3 mark").textContent()).resolves.toBe("Annex");
    await page.fill("#search", "");
    await page.selectOption("select[aria-label=Owner]", "Ana");
    await expect.poll(() => page.locator("[data-testid=deadline-row]").count(), { timeout: 10_000 }).toBe(1);
    await expect(page.locator("[data-testid=deadline-row]").getAttribute("data-id")).resolves.toBe("X1");
    await page.selectOption("select[aria-label=Owner]", "");
    // Keys typed into a field stay in it; from the page, t opens the timeline.
    await page.click("h1");
    await page.keyboard.press("t");
    await page.locator("[data-testid='moved-eu-ai-act:high-risk-annex-iii']").waitFor();
  });
});

import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The window loads the built files from the binary; no dev server, no remote
// content. Relative asset paths keep the strict CSP ('self') satisfied.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  base: "./",
  clearScreen: false,
  // Component tests mount Svelte's browser build in jsdom.
  resolve: mode === "test" ? { conditions: ["browser"] } : {},
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    // `DOCKET_BENCH=1` runs the browser benchmarks instead of the tests.
    include: process.env.DOCKET_BENCH ? ["bench/**/*.bench.ts"] : ["tests/**/*.test.ts"],
  },
}));

// Says when the page has been drawn (the end of its first frame), as
// Docket's window does, so that both starts are timed the same way.
requestAnimationFrame(() =>
  requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke("drawn", { unixMs: Date.now() })),
);

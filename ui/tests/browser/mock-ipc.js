// A stand-in for the Tauri IPC in a plain browser: the window's commands
// answer from a small fixture, so that the built page can be driven by
// Playwright. Installed with page.addInitScript before the page's own code.
(() => {
  const now = "2026-12-01T07:00:00.000Z";
  const base = {
    description: "", regulation: "", reference: "", jurisdiction: "", source_url: "", owner: "", tags: [],
    due_time: null, tz: "Europe/Brussels", lead_times: null, status: "open", done_at: null, done_note: "",
    pack_id: null, pack_item_id: null, original_due_date: null, amended_by: null, unverified: null,
    due_revision: 0, revision: 1, created_at: now, updated_at: now, due_changed_at: now, kind: "internal",
  };
  const deadlines = [
    { ...base, id: "eu-ai-act:high-risk-annex-iii", title: "High-risk obligations for Annex III systems apply",
      kind: "obligation", regulation: "Regulation (EU) 2024/1689", reference: "Art. 6(2), Annex III",
      source_url: "https://example.org/annex-iii", pack_id: "eu-ai-act", pack_item_id: "high-risk-annex-iii",
      due_date: "2027-12-02", original_due_date: "2026-08-02", amended_by: "the AI Omnibus", due_revision: 1 },
    { ...base, id: "eu-ai-act:prohibitions-apply", title: "Prohibited AI practices apply", kind: "obligation",
      regulation: "Regulation (EU) 2024/1689", reference: "Art. 5", pack_id: "eu-ai-act",
      pack_item_id: "prohibitions-apply", due_date: "2025-02-02" },
    { ...base, id: "X1", title: "<img src=x onerror=\"window.__xss=1\">", due_date: "2027-03-31",
      description: "<script>window.__xss=2</script>", owner: "Ana" },
    { ...base, id: "D1", title: "Filed annual AI inventory", due_date: "2026-11-01", status: "done",
      done_note: "<b>in the DMS</b>" },
  ];
  const calls = [];
  const answers = {
    list_deadlines: () => deadlines,
    app_info: () => ({ data_dir: "/home/officer/.local/share/eu.docket.Docket", local_zone: "Europe/Brussels", version: "0.1.0" }),
    reminder_status: () => ({ notification_problem: null, paused_until: null, autostart: false }),
    view_state: () => null,
    save_view_state: () => null,
    time_zones: () => ["Europe/Brussels", "UTC"],
    reminder_settings: () => ({ default_lead_times: "90d,30d,7d,1d,0d", reminder_time: "09:00" }),
    deadline_history: ({ id }) => [
      { id: 1, deadline_id: id, at: now, actor: "officer", via: "pack", action: "created", summary: "Created, due 2 August 2026", changes: [] },
      { id: 2, deadline_id: id, at: now, actor: "officer", via: "pack", action: "amended",
        summary: "Moved from 2 August 2026 to 2 December 2027 by the AI Omnibus", changes: [] },
    ],
    deadline_reminders: () => [],
    search_deadlines: ({ text }) =>
      deadlines
        .filter((d) => d.title.toLowerCase().includes(String(text).toLowerCase()))
        .map((d) => {
          const at = d.title.toLowerCase().indexOf(String(text).toLowerCase());
          const marked = d.title.slice(0, at) + "\u0002" + d.title.slice(at, at + text.length) + "\u0003" + d.title.slice(at + text.length);
          return { id: d.id, title: marked, snippet: marked };
        }),
    "plugin:event|listen": () => 1,
    "plugin:event|unlisten": () => null,
  };
  let callbackId = 0;
  window.__TAURI_INTERNALS__ = {
    metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
    transformCallback: () => ++callbackId,
    unregisterCallback: () => {},
    invoke: async (cmd, args) => {
      calls.push({ cmd, args });
      const answer = answers[cmd];
      if (!answer) throw { code: "unknown", message: `no mock for ${cmd}`, field: null };
      return answer(args ?? {});
    },
  };
  window.__DOCKET_IPC_CALLS__ = calls;
})();

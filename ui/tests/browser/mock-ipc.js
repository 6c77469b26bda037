// A stand-in for the Tauri IPC in a plain browser: the window's commands
// answer from an in-memory fixture that changes as the window edits it, so
// that the built page can be driven by Playwright. Installed with
// page.addInitScript before the page's own code. `window.__DOCKET_SYNTHETIC__`
// (set by an earlier init script) replaces the fixture with that many
// generated deadlines. `window.__DOCKET_NOW__` is the instant the harness set
// the page's clock to; the fixture's dates are written for that instant.
// `window.__DOCKET_FIRST_RUN__` starts with a profile nobody has answered.
// `window.__DOCKET_TRAIL_BROKEN__` makes the audit trail's check find a
// break; `window.__DOCKET_DIALOG__ = "cancel"`, set at any time, makes the
// next file dialogs answer as if the officer cancelled them.
(() => {
  const now = window.__DOCKET_NOW__;
  if (!now) throw new Error("mock-ipc.js needs window.__DOCKET_NOW__, the harness's fixed instant");
  const base = {
    description: "", regulation: "", reference: "", jurisdiction: "", source_url: "", owner: "", tags: [],
    due_time: null, tz: "Europe/Brussels", lead_times: null, status: "open", done_at: null, done_note: "",
    pack_id: null, pack_item_id: null, original_due_date: null, amended_by: null, unverified: null,
    due_revision: 0, revision: 1, created_at: now, updated_at: now, due_changed_at: now, kind: "internal",
    recurrence: null, applies: true, applies_because: "applies: your own deadline", asks: [],
  };
  const fixture = [
    { ...base, id: "eu-ai-act:high-risk-annex-iii", title: "High-risk obligations for Annex III systems apply",
      kind: "obligation", regulation: "Regulation (EU) 2024/1689", reference: "Art. 6(2), Annex III",
      source_url: "https://example.org/annex-iii", pack_id: "eu-ai-act", pack_item_id: "high-risk-annex-iii",
      due_date: "2027-12-02", original_due_date: "2026-08-02", amended_by: "the AI Omnibus", due_revision: 1 },
    { ...base, id: "eu-ai-act:prohibitions-apply", title: "Prohibited AI practices apply", kind: "obligation",
      regulation: "Regulation (EU) 2024/1689", reference: "Art. 5", pack_id: "eu-ai-act",
      pack_item_id: "prohibitions-apply", due_date: "2025-02-02" },
    { ...base, id: "X1", title: "<img src=x onerror=\"window.__xss=1\">", due_date: "2027-03-31",
      description: "<script>window.__xss=2</script>", owner: "Ana", tags: ["audit"] },
    // Markup and a script link in every other text field, as a hostile
    // import or backup could bring them.
    { ...base, id: "X2", title: "Payloads in every field", due_date: "2027-04-30",
      regulation: "<svg onload=\"window.__xss=3\"></svg>", reference: "<iframe src=\"javascript:window.__xss=4\"></iframe>",
      owner: "<b onmouseover=\"window.__xss=5\">Eve</b>", source_url: "javascript:window.__xss=6",
      unverified: "<img src=x onerror=\"window.__xss=7\">", amended_by: "<script>window.__xss=8</script>",
      original_due_date: "2027-01-31", recurrence: "<script>window.__xss=9</script>" },
    { ...base, id: "Q1", title: "Quarterly AI risk report to the board", due_date: "2026-12-15", owner: "Ben",
      tags: ["board"], kind: "commitment" },
    { ...base, id: "D1", title: "Filed annual AI inventory", due_date: "2026-11-01", status: "done",
      done_note: "<b>in the DMS</b>" },
    // Pack items that do not apply to the fixture's answered profile (see `rules` below): out of the agenda.
    { ...base, id: "eu-ai-act:gpai-legacy-models", title: "Legacy GPAI models must comply", kind: "obligation",
      regulation: "Regulation (EU) 2024/1689", reference: "Art. 111(3)", pack_id: "eu-ai-act", pack_item_id: "gpai-legacy-models",
      due_date: "2027-08-02" },
    { ...base, id: "dora:register-of-information", title: "Register of information to the competent authority", kind: "obligation",
      regulation: "Regulation (EU) 2022/2554 (DORA)", reference: "Art. 28(3)", source_url: "https://example.org/dora",
      pack_id: "dora", pack_item_id: "register-of-information", due_date: "2027-03-31" },
    { ...base, id: "nis2:registration", title: "Register with the national NIS2 authority", kind: "obligation",
      regulation: "Directive (EU) 2022/2555 (NIS2)", reference: "Art. 27", pack_id: "nis2", pack_item_id: "registration",
      due_date: "2027-01-17" },
  ];

  function synthetic(n) {
    const kinds = ["obligation", "milestone", "commitment", "proposal", "internal"];
    const owners = ["Ana", "Ben", "Chloé", "Dara", ""];
    const start = Date.parse(now.slice(0, 10));
    return Array.from({ length: n }, (_, i) => ({
      ...base,
      id: `S${i}`,
      // Numbered so that items due the same day sort in the order they were made.
      title: `Review ${String(i).padStart(5, "0")}: ${["vendor", "model", "dataset", "policy", "audit"][i % 5]} of system ${i % 97}`,
      description: `Internal commitment number ${i}, tracked for the compliance programme.`,
      kind: kinds[i % 5],
      owner: owners[i % 5],
      reference: `Ref. ${i}`,
      due_date: new Date(start + Math.floor((i * 3653) / n) * 86_400_000).toISOString().slice(0, 10),
      tags: i % 7 === 0 ? ["q1"] : [],
    }));
  }

  // `window.__DOCKET_OVERDUE__` (an earlier init script) adds late work: the
  // officer's own deadline from 28 November, and a call due at 06:30 UTC on
  // the harness's day, half an hour before its instant.
  if (window.__DOCKET_OVERDUE__) {
    fixture.push(
      { ...base, id: "L1", title: "Send the DPIA to the board", due_date: "2026-11-28", owner: "Ana" },
      { ...base, id: "L2", title: "Call the supervisory authority", due_date: "2026-12-01", due_time: "07:30", tz: "Europe/Brussels" },
      { ...base, id: "M1", title: "Meta refuses to sign the GPAI Code", kind: "commitment", pack_id: "eu-ai-act",
        pack_item_id: "meta-refuses", regulation: "Regulation (EU) 2024/1689", due_date: "2025-07-18" },
    );
  }
  const count = window.__DOCKET_SYNTHETIC__;
  const deadlines = count ? synthetic(count) : fixture.map((d) => ({ ...d }));
  const history = new Map();
  let chosenImport = null;
  const log = (id, summary, action = "edited", changes = []) => {
    const list = history.get(id) ?? [];
    list.push({ id: list.length + 1, deadline_id: id, at: now, actor: "officer", via: "window", action, summary, changes });
    history.set(id, list);
  };
  history.set("eu-ai-act:high-risk-annex-iii", [
    { id: 1, deadline_id: "eu-ai-act:high-risk-annex-iii", at: now, actor: "officer", via: "pack", action: "created", summary: "Created, due 2 August 2026", changes: [] },
    { id: 2, deadline_id: "eu-ai-act:high-risk-annex-iii", at: now, actor: "officer", via: "pack", action: "amended",
      summary: "Moved from 2 August 2026 to 2 December 2027 by the AI Omnibus", changes: [] },
  ]);
  const deleted = new Map();
  let settings = { default_lead_times: "90d,30d,7d,1d,0d", reminder_time: "09:00" };
  let status = { notification_problem: null, paused_until: null, autostart: false, startup_problem: null };
  // Set by a test's init script, which runs after this one.
  let startupDismissed = false;
  // The filters outlive a reload, as they outlive a restart in the app.
  let viewState = sessionStorage.getItem("docket-view-state");
  let nextId = 1;
  // `window.__DOCKET_SYNC__` (an earlier init script) gives one account with a conflict.
  let syncAccounts = window.__DOCKET_SYNC__
    ? [{ name: "team", server_url: "https://cloud.example.org/dav/", username: "ana", calendar_url: "https://cloud.example.org/dav/ana/compliance/",
        calendar_name: "Compliance", shape: "event", scope: "all", last_sync_at: "2026-12-01T06:30:00Z", last_error: null, pending: 2, conflicts: 1 }]
    : [];
  let syncConflicts = window.__DOCKET_SYNC__
    ? [{ id: 7, account: "team", local: { ...fixture[4] }, server_title: "Quarterly AI risk report (board pack)",
        server_due: "2026-12-18", server_status: "open", found_at: now }]
    : [];
  let syncInterval = 15;
  let conflicts = count
    ? []
    : [{ deadline_id: "eu-ai-act:high-risk-annex-iii", title: "High-risk obligations for Annex III systems apply",
         pack_id: "eu-ai-act", pack_version: 2,
         summary: "The EU AI Act pack (version 2) moves this deadline from 30 June 2027 to 2 December 2027 by the AI Omnibus; it was edited in Docket, so it was left as it is." }];

  // A refusal as the Rust side sends it: the first problem is the message,
  // and `problems` holds every field's problem, in the order of the form.
  const refuse = (field, message, problems = [{ field, message }]) => {
    throw { code: "invalid", message, field, problems };
  };
  // Draft::new's checks of the title and the date, in its words.
  function validate(f) {
    const problems = [];
    if (!String(f.title).trim()) problems.push({ field: "title", message: "Title must not be empty." });
    const [y, m, d] = String(f.due_date).split("-").map(Number);
    const day = new Date(Date.UTC(y, m - 1, d));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.due_date) || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
      problems.push({ field: "due_date", message: `Due date "${f.due_date}" is not a calendar date; use YYYY-MM-DD, for example 2027-12-02.` });
    }
    if (problems.length > 0) refuse(problems[0].field, problems[0].message, problems);
  }
  const find = (id) => {
    const d = deadlines.find((x) => x.id === id);
    if (!d) throw { code: "not_found", message: `No deadline has the id ${id}.`, field: null };
    return d;
  };
  const fromFields = (f) => ({
    title: f.title, due_date: f.due_date, due_time: f.due_time || null, tz: f.tz, kind: f.kind,
    regulation: f.regulation, reference: f.reference, owner: f.owner, source_url: f.source_url,
    description: f.description, lead_times: f.lead_times ? f.lead_times.split(",") : null,
    recurrence: f.recurrence || null,
  });
  const setStatus = (id, value, note, summary) => {
    const d = find(id);
    Object.assign(d, { status: value, done_note: note, revision: d.revision + 1 });
    log(id, summary, value);
    return { ...d };
  };
  const mark = (text, q) => {
    const at = text.toLowerCase().indexOf(q);
    return at < 0 ? text : text.slice(0, at) + "\u0002" + text.slice(at, at + q.length) + "\u0003" + text.slice(at + q.length);
  };


  // Incident clocks: a few of the packs' templates, the member states, and
  // the clocks started, each step planned as the store plans it (hours of
  // elapsed time from an event; days or months to the end of the last day,
  // without the holidays) and carried by a deadline while it has a due date.
  // `window.__DOCKET_SEED_CLOCK__(template, at, title)` (a test's `before`
  // script) starts one before the page opens, `at` an RFC 3339 instant.
  const clockTemplates = [
    { key: "ai-act-serious-incident", pack: "eu-ai-act", title: "Serious incident with a high-risk AI system",
      regulation: "Regulation (EU) 2024/1689 (AI Act)", article: "Art. 73(2)", source_url: "https://example.org/ai-act-art-73",
      unverified: "Read from secondary sources quoting Art. 73.", events: [{ key: "aware", title: "becoming aware" }],
      steps: [{ key: "report", title: "Report to the market surveillance authority", first_of: [{ days: 15, from: "aware" }] }] },
    { key: "gdpr-breach", pack: "gdpr", title: "Personal data breach", regulation: "Regulation (EU) 2016/679 (GDPR)",
      article: "Art. 33(1)", source_url: "https://example.org/gdpr-art-33", unverified: null,
      events: [{ key: "aware", title: "becoming aware of the breach" }],
      steps: [{ key: "notify-authority", title: "Notify the supervisory authority", first_of: [{ hours: 72, from: "aware" }] }] },
    { key: "nis2-incident", pack: "nis2", title: "Significant incident", regulation: "Directive (EU) 2022/2555 (NIS2)",
      article: "Art. 23(4)", source_url: "https://example.org/nis2-art-23", unverified: null,
      events: [{ key: "aware", title: "becoming aware of the significant incident" }],
      steps: [
        { key: "early-warning", title: "Early warning to the CSIRT or competent authority", first_of: [{ hours: 24, from: "aware" }] },
        { key: "notification", title: "Incident notification", first_of: [{ hours: 72, from: "aware" }] },
        { key: "final-report", title: "Final report", first_of: [{ months: 1, from: "submitted:notification" }] },
      ] },
    { key: "dora-major-incident", pack: "dora", title: "Major ICT-related incident",
      regulation: "Regulation (EU) 2022/2554 (DORA)", article: "DORA Art. 19(4); RTS Art. 5", source_url: "https://example.org/dora-rts",
      unverified: null,
      events: [{ key: "aware", title: "becoming aware of the incident" }, { key: "classified", title: "classifying it as major" }],
      steps: [
        { key: "initial", title: "Initial notification", first_of: [{ hours: 24, from: "aware" }, { hours: 4, from: "classified" }] },
        { key: "intermediate", title: "Intermediate report", first_of: [{ hours: 72, from: "submitted:initial" }] },
        { key: "final", title: "Final report", first_of: [{ months: 1, from: "submitted:intermediate" }] },
      ] },
  ];
  const memberStates = [["AT", "Austria"], ["BE", "Belgium"], ["DE", "Germany"], ["FR", "France"], ["IE", "Ireland"], ["NL", "Netherlands"]]
    .map(([key, title]) => ({ key, title }));
  const clocks = [];
  const zoneNames = () => ["America/New_York", "Asia/Kolkata", "Europe/Brussels", "Pacific/Auckland", "UTC"];
  const clockTemplate = (key) => clockTemplates.find((t) => t.key === key);
  const wall = (instant, tz) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-GB", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
        .formatToParts(new Date(instant))
        .map((p) => [p.type, p.value]),
    );
    return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
  };
  const addDays = (date, days, months = 0) => {
    const [y, m, d] = date.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1 + months, d + days)).toISOString().slice(0, 10);
  };
  const anchorName = (t, from) =>
    from.startsWith("submitted:") ? `the submission of the ${t.steps.find((s) => s.key === from.slice(10)).title.toLowerCase()}` : t.events.find((e) => e.key === from).title;
  // When a step is due, and the sentence that says why, from what is known.
  const planStep = (c, t, step) => {
    const known = [];
    const waiting = [];
    for (const run of step.first_of) {
      const what = anchorName(t, run.from);
      const start = c.known[run.from];
      const period = run.hours ? `${run.hours} hours` : run.days ? `${run.days} days` : `${run.months} month${run.months === 1 ? "" : "s"}`;
      if (!start) {
        waiting.push(`${period} from ${what}, not yet recorded`);
        continue;
      }
      const local = wall(start, c.tz);
      if (run.hours) {
        const due = new Date(Date.parse(start) + run.hours * 3_600_000).toISOString().replace(".000Z", "Z");
        known.push({ due, last_day: null, rule: `${period} from ${what} (${local.date} ${local.time}), elapsed time: due ${wall(due, c.tz).date} ${wall(due, c.tz).time} (${c.tz})` });
      } else {
        const last = run.days ? addDays(local.date, run.days) : addDays(local.date, 0, run.months);
        known.push({ due: offset(addDays(last, 1), "00:00", c.tz), last_day: last,
          rule: `${period} from ${what} (${local.date} ${local.time}): due by the end of ${last} (${c.tz})` });
      }
    }
    known.sort((a, b) => Date.parse(a.due) - Date.parse(b.due));
    const first = known[0] ?? null;
    const rule = step.first_of.length === 1
      ? first ? first.rule : `Not yet due: ${waiting.join("; ")}.`
      : `${first ? "The earliest of" : "Not yet due; the earliest of"}: ${[...known.map((k) => k.rule), ...waiting].join("; ")}.`;
    return { due: first?.due ?? null, last_day: first?.last_day ?? null, rule };
  };
  // Each step with a due date is a deadline in the agenda, moved as the plan changes.
  const replan = (c) => {
    const t = clockTemplate(c.template);
    for (const step of t.steps) {
      const planned = planStep(c, t, step);
      if (!planned.due || c.known[`submitted:${step.key}`]) continue;
      const local = planned.last_day ? { date: planned.last_day, time: null } : wall(planned.due, c.tz);
      const fields = { due_date: local.date, due_time: local.time, description: planned.rule };
      const linked = c.deadlines[step.key] && deadlines.find((d) => d.id === c.deadlines[step.key]);
      if (linked) Object.assign(linked, fields);
      else {
        const d = { ...base, id: `C${nextId++}`, title: `${c.title}: ${step.title}`, tz: c.tz, regulation: t.regulation,
          reference: t.article, source_url: t.source_url, tags: ["incident clock"], ...fields };
        deadlines.push(d);
        c.deadlines[step.key] = d.id;
      }
    }
  };
  const clockView = (c) => {
    const t = clockTemplate(c.template);
    return {
      id: c.id, template: t.key, title: c.title, regulation: t.regulation, article: t.article, source_url: t.source_url,
      unverified: t.unverified, member_state: c.member_state, tz: c.tz, started_at: c.started_at, closed_at: c.closed_at,
      close_reason: c.close_reason,
      events: t.events.map((e) => ({ key: e.key, title: e.title, at: c.known[e.key] ?? null })),
      steps: t.steps.map((step) => {
        const planned = planStep(c, t, step);
        const submitted_at = c.known[`submitted:${step.key}`] ?? null;
        const status = submitted_at ? "submitted" : c.closed_at ? "closed" : !planned.due ? "waiting"
          : Date.parse(planned.due) <= Date.now() ? "overdue" : "open";
        return { key: step.key, title: step.title, ...planned, status, submitted_at, deadline_id: c.deadlines[step.key] ?? null };
      }),
    };
  };
  const findClock = (id) => {
    const c = clocks.find((x) => x.id === id);
    if (!c) throw { code: "not_found", message: `No clock has the id ${id}.`, field: "clock", problems: [] };
    return c;
  };
  // A moment typed in the window, on `tz`'s clock, as the Rust side reads it.
  const moment = (text, tz) => {
    if (!zoneNames().includes(tz)) {
      refuse("tz", `Time zone "${tz}" is not a known IANA zone name (for example Europe/Brussels).`);
    }
    const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/.exec(String(text).trim());
    if (!m) refuse("at", `Time "${String(text).trim()}" (when) is not a date and time; write YYYY-MM-DDTHH:MM, for example 2027-10-01T10:00, or RFC 3339.`);
    return offset(m[1], m[2], tz);
  };
  const notInTheFuture = (instant, what) => {
    if (Date.parse(instant) > Date.now() + 60_000) {
      refuse("at", `The time of ${what} (${instant.slice(0, 10)} ${instant.slice(11, 16)} UTC) is in the future; give the time it happened.`);
    }
  };
  const startClock = ({ template, at, tz, memberState, title }, instant) => {
    const t = clockTemplate(String(template).trim());
    if (!t) {
      refuse("template", `Clock template "${template}" is not one Docket has; it has ${clockTemplates.map((x) => x.key).join(", ")}.`);
    }
    const ms = String(memberState).trim().toUpperCase();
    if (!memberStates.some((m) => m.key === ms)) {
      refuse("member_state", `Docket has no public holidays for the country code "${memberState}"; it knows those of the EU and EEA member states ${memberStates.map((m) => m.key).join(", ")}.`);
    }
    // A seeded clock is set before the page's clock is: it is not checked against it.
    const when = instant ?? moment(at, tz);
    if (!instant) notInTheFuture(when, t.events[0].title);
    const c = { id: `K${nextId++}`, template: t.key, title: String(title).trim() || t.title, member_state: ms, tz,
      started_at: new Date(Date.now()).toISOString(), closed_at: null, close_reason: "", known: { [t.events[0].key]: when }, deadlines: {} };
    clocks.unshift(c);
    replan(c);
    return clockView(c);
  };


  // What applies to the organisation: a few of the packs' questions, the
  // answers and AI systems, and a rule table that stands in for the packs'
  // conditions. A fixture pack deadline listed in `rules` applies when the
  // answer to `key` holds one of `is` (for a question asked of each AI
  // system, when any system's does); one not listed applies to everyone its
  // pack covers. The sentences are the Rust side's.
  const choice = (value, label, says) => ({ value, label, says });
  const questions = [
    { pack_id: "eu-ai-act", pack_title: "EU AI Act", key: "ai-act.role", of: "organisation", question: "What are you under the AI Act?",
      help: "AI Act Art. 3(3)-(8): a provider develops an AI system and puts it on the market under its own name; a deployer uses one under its authority.",
      reference: "AI Act Art. 3(3)-(8)", source_url: "https://example.org/ai-act-art-3", several: true, first_run: true,
      choices: [choice("provider", "Provider", "you are a provider"), choice("deployer", "Deployer", "you are a deployer"),
        choice("importer", "Importer", "you are an importer"), choice("distributor", "Distributor", "you are a distributor")] },
    { pack_id: "eu-ai-act", pack_title: "EU AI Act", key: "ai-act.gpai-provider", of: "organisation",
      question: "Do you place a general-purpose AI model on the EU market?",
      help: "AI Act Art. 3(63): a model trained on large amounts of data that can competently perform a wide range of distinct tasks.",
      reference: "AI Act Art. 3(63), Art. 53", source_url: "https://example.org/ai-act-art-53", several: false, first_run: true,
      choices: [choice("yes", "Yes", "you place a general-purpose AI model on the EU market"),
        choice("no", "No", "you do not place a general-purpose AI model on the EU market")] },
    { pack_id: "eu-ai-act", pack_title: "EU AI Act", key: "ai-act.system-role", of: "system", question: "What is your role for this AI system?",
      help: "AI Act Art. 3(3)-(7): its provider if you put it on the market under your name, its deployer if you use it under your authority.",
      reference: "AI Act Art. 3(3)-(7)", source_url: "https://example.org/ai-act-art-3", several: false, first_run: false,
      choices: [choice("provider", "Provider", "you are its provider"), choice("deployer", "Deployer", "you are its deployer")] },
    { pack_id: "eu-ai-act", pack_title: "EU AI Act", key: "ai-act.annex-iii-area", of: "system",
      question: "In which Annex III area is this AI system used?",
      help: "AI Act Art. 6(2) and Annex III: a system used in one of these areas is high-risk.",
      reference: "AI Act Art. 6(2), Annex III", source_url: "https://example.org/annex-iii", several: false, first_run: false,
      choices: [choice("biometrics", "Biometrics", "its Annex III area is biometrics"),
        choice("education", "Education and vocational training", "its Annex III area is education and vocational training"),
        choice("employment", "Employment and workers' management", "its Annex III area is employment"),
        choice("none", "None of them", "it falls in no Annex III area")] },
    { pack_id: "eu-ai-act", pack_title: "EU AI Act", key: "ai-act.transparency", of: "system",
      question: "Which of the Art. 50 transparency cases fit this AI system?",
      help: "AI Act Art. 50: people must be told when they deal with an AI system and when content is AI-generated.",
      reference: "AI Act Art. 50", source_url: "https://example.org/ai-act-art-50", several: true, first_run: false,
      choices: [choice("chatbot", "It interacts directly with people", "it interacts directly with people"),
        choice("synthetic-content", "It generates audio, images, video or text", "it generates synthetic audio, images, video or text")] },
    { pack_id: "dora", pack_title: "DORA", key: "dora.financial-entity", of: "organisation", question: "Are you a financial entity under DORA?",
      help: "Banks, payment and e-money institutions, investment firms, insurers and the other entities listed in DORA Art. 2(1).",
      reference: "DORA Art. 2", source_url: "https://example.org/dora", several: false, first_run: true,
      choices: [choice("yes", "Yes", "you are a financial entity"), choice("no", "No", "you are not a financial entity")] },
    { pack_id: "nis2", pack_title: "NIS2", key: "nis2.entity", of: "organisation",
      question: "Is your organisation an essential or an important entity under NIS2?",
      help: "NIS2 Art. 3: mostly large entities in Annex I sectors are essential; other medium-sized or large entities in Annex I or II sectors are important.",
      reference: "NIS2 Art. 3", source_url: "https://example.org/nis2-art-3", several: false, first_run: true,
      choices: [choice("essential", "Essential entity", "you are an essential entity"), choice("important", "Important entity", "you are an important entity"),
        choice("neither", "Neither", "you are neither an essential nor an important entity")] },
  ];
  const rules = {
    "eu-ai-act:high-risk-annex-iii": { key: "ai-act.annex-iii-area", is: ["biometrics", "education", "employment"] },
    "eu-ai-act:gpai-legacy-models": { key: "ai-act.gpai-provider", is: ["yes"] },
    "dora:register-of-information": { key: "dora.financial-entity", is: ["yes"] },
    "nis2:registration": { key: "nis2.entity", is: ["essential", "important"] },
  };
  const packTitles = { "eu-ai-act": "EU AI Act", dora: "DORA", nis2: "NIS2" };
  // Answered so that every fixture deadline's verdict is known: the first questions do not show.
  let profile = window.__DOCKET_FIRST_RUN__
    ? { answers: {}, systems: [] }
    : { answers: { "ai-act.role": ["provider"], "ai-act.gpai-provider": ["no"], "dora.financial-entity": ["no"], "nis2.entity": ["neither"] },
        systems: [{ id: "01SYSTEMCVSCREENING", name: "CV screening",
          answers: { "ai-act.system-role": ["provider"], "ai-act.annex-iii-area": ["employment"] } }] };
  const refused = (message) => ({ code: "invalid", message, field: null, problems: [] });
  const question = (key) => questions.find((q) => q.key === key);
  const says = (q, values) => values.map((v) => q.choices.find((c) => c.value === v)?.says ?? v).join(" and ");
  const verdict = (d, p) => {
    if (!d.pack_id) return { applies: true, applies_because: "applies: your own deadline", asks: [] };
    const rule = rules[d.id];
    if (!rule) return { applies: true, applies_because: `applies to everyone the ${packTitles[d.pack_id]} covers`, asks: [] };
    const q = question(rule.key);
    const yes = (because) => ({ applies: true, applies_because: `applies: ${because}`, asks: [] });
    const no = (because) => ({ applies: false, applies_because: `does not apply: ${because}`, asks: [] });
    const unknown = (because) => ({ applies: null, applies_because: `not yet known: ${because}`, asks: [q.key] });
    if (q.of === "organisation") {
      const values = p.answers[q.key] ?? [];
      if (values.length === 0) return unknown(`answer “${q.question}”`);
      const holding = values.filter((v) => rule.is.includes(v));
      return holding.length > 0 ? yes(`you answered that ${says(q, holding)}`) : no(`you answered that ${says(q, values)} (${q.reference})`);
    }
    if (p.systems.length === 0) return unknown(`list your AI systems, and answer “${q.question}”`);
    const applying = p.systems.filter((s) => (s.answers[q.key] ?? []).some((v) => rule.is.includes(v)));
    if (applying.length > 0) {
      const each = applying.map((s) => `“${s.name}”, ${says(q, s.answers[q.key].filter((v) => rule.is.includes(v)))}`);
      return yes(`for your AI system${applying.length === 1 ? "" : "s"} ${each.join("; for ")}`);
    }
    if (p.systems.some((s) => (s.answers[q.key] ?? []).length === 0)) return unknown(`answer “${q.question}”`);
    return no(`none of your AI systems qualifies: for ${p.systems.map((s) => `“${s.name}”, ${says(q, s.answers[q.key])}`).join("; for ")}`);
  };
  // What `p` would change, as the store says it: which dates come in, go out, or become known or unknown.
  const effectOf = (p) => {
    const effect = { brings_in: [], takes_out: [], settles: [] };
    for (const d of deadlines.filter((x) => x.pack_id)) {
      const after = verdict(d, p).applies;
      if (d.applies === false && after !== false) effect.brings_in.push(d.id);
      else if (d.applies !== false && after === false) effect.takes_out.push(d.id);
      else if ((d.applies === null) !== (after === null)) effect.settles.push(d.id);
    }
    return effect;
  };
  // Keeps `p` and works every verdict out again; a change of the profile
  // writes a history row for each date that comes in, goes out or becomes unknown.
  const judgeAll = (p, record = true) => {
    const effect = effectOf(p);
    profile = p;
    for (const d of deadlines) {
      const v = verdict(d, p);
      if (record && d.applies !== v.applies && d.pack_id) {
        const text = v.applies === true ? "Now applies" : v.applies === false ? "No longer applies" : "Not known any more";
        log(d.id, `${text}: ${v.applies_because.slice(v.applies_because.indexOf(": ") + 2)}`, "applies");
      }
      Object.assign(d, v);
    }
    return effect;
  };
  // The question, if it is asked of whom the answer is for; otherwise the Rust side's refusal.
  const askedOf = (key, system) => {
    const q = question(key);
    if (!q) throw refused(`No question has the key “${key}”; \`docketctl profile questions\` lists them.`);
    if (q.of === "organisation" && system !== null) throw refused(`${key} is asked of the organisation, not of an AI system; answer it without --system.`);
    if (q.of === "system" && system === null) throw refused(`${key} is asked of each AI system; name one with --system (\`docketctl system list\`).`);
    return q;
  };
  const checkAnswer = (q, values) => {
    const list = q.choices.map((c) => c.value).join(", ");
    if (values.length === 0) throw refused(`${q.key} needs an answer: one of ${list}.`);
    const bad = values.find((v) => !q.choices.some((c) => c.value === v));
    if (bad !== undefined) throw refused(`${JSON.stringify(bad)} is not an answer to ${q.key}; the choices are ${list}.`);
    if (values.length > 1 && !q.several) throw refused(`${q.key} takes one answer, not ${values.length}; the choices are ${list}.`);
  };
  // A copy of the profile with one answer set, or taken back with no values.
  const answered = (key, values, system) => {
    const p = structuredClone(profile);
    let answers = p.answers;
    if (system !== null) {
      const s = p.systems.find((x) => x.name.toLowerCase() === String(system).trim().toLowerCase());
      if (!s) throw { code: "not_found", message: `No AI system is named “${system}”; \`docketctl system list\` shows them.`, field: null, problems: [] };
      answers = s.answers;
    }
    if (values.length === 0) delete answers[key];
    else answers[key] = [...values];
    return p;
  };
  const counts = () => ({
    applies: deadlines.filter((d) => d.applies === true).length,
    does_not_apply: deadlines.filter((d) => d.applies === false).length,
    not_yet_known: deadlines.filter((d) => d.applies === null).length,
  });
  judgeAll(profile, false);


  // Evidence: the quarterly board report has a file and a link; the Annex III
  // obligation's pack requires evidence before it is done, and has none. The
  // file dialog answers as if the officer chose minutes.pdf. The sentences
  // are the Rust side's.
  const hex = (seed) => Array.from({ length: 64 }, (_, i) => "0123456789abcdef"[(seed * 7 + i * 13 + ((i * i) % 11)) % 16]).join("");
  const MINUTES_SHA = `5891b5b5${hex(3).slice(8)}`;
  const evidence = new Map([
    ["Q1", [
      { id: "01EVIDENCEBOARDPACK", deadline_id: "Q1", clock_id: null, clock_step: null, kind: "file", name: "board-pack-november.pdf",
        sha256: `e3b7c2a4${hex(1).slice(8)}`, size: 245_760, media_type: "application/pdf", url: null, effective: "2026-11-20",
        note: "The pack the board approved", added_at: "2026-11-21T09:30:00Z", added_by: "ana" },
      { id: "01EVIDENCEPORTAL", deadline_id: "Q1", clock_id: null, clock_step: null, kind: "link", name: "Board portal: Q4 risk report",
        sha256: null, size: null, media_type: null, url: "https://board.example.org/meetings/2026-11/risk-report", effective: null,
        note: "", added_at: "2026-11-22T14:05:00Z", added_by: "ben" },
    ]],
  ]);
  const requiresEvidence = new Set(["eu-ai-act:high-risk-annex-iii"]);
  const effectiveDate = (text) => {
    if (text === null || String(text).trim() === "") return null;
    const t = String(text).trim();
    const [y, m, d] = t.split("-").map(Number);
    const day = new Date(Date.UTC(y, m - 1, d));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(t) || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
      refuse("effective", `Effective date ${JSON.stringify(text)} is not a calendar date; use YYYY-MM-DD.`);
    }
    return t;
  };
  const addEvidence = (id, item) => {
    find(id);
    const added = { id: `01EVIDENCE${nextId++}`, deadline_id: id, clock_id: null, clock_step: null, added_at: new Date(Date.now()).toISOString().replace(/\.\d{3}Z$/, "Z"),
      added_by: "officer", sha256: null, size: null, media_type: null, url: null, ...item };
    evidence.set(id, [...(evidence.get(id) ?? []), added]);
    log(id, added.sha256 ? `Evidence added: ${added.name} (SHA-256 ${added.sha256})` : `Evidence added: ${added.name} (${added.url})`, "evidence");
    return { ...added };
  };
  // The audit report: a small standalone document naming its period. Its
  // script must never run in the window's preview.
  const reportDay = (field, text) => {
    const t = String(text).trim();
    const [y, m, d] = t.split("-").map(Number);
    const day = new Date(Date.UTC(y, m - 1, d));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(t) || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
      refuse(field, `${JSON.stringify(text)} is not a calendar date; use YYYY-MM-DD.`);
    }
    return t;
  };
  const reportPeriod = ({ from, to }) => {
    const [f, t] = [reportDay("from", from), reportDay("to", to)];
    if (t < f) throw { code: "invalid", message: `The period ends (${t}) before it starts (${f}).`, field: null, problems: [] };
    const long = (day) => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
    return `${long(f)} to ${long(t)}`;
  };
  const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const reportHtml = (span, regulation) =>
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Audit report, ${span}</title>\n` +
    `<style>body { font-family: sans-serif; } caption { font-weight: bold; }</style>\n</head>\n<body>\n<main>\n` +
    `<h1>Audit report, ${span}</h1>\n<table><caption>Report</caption><tbody><tr><th scope="row">Period</th><td>${span}</td></tr>` +
    `<tr><th scope="row">Regulation</th><td>${escape(regulation ?? "all")}</td></tr></tbody></table>\n` +
    `<script>document.body.dataset.ran = "yes";</script>\n</main>\n</body>\n</html>\n`;

  const calls = [];
  let dataVersion = 1;
  const answers = {
    list_deadlines: () => structuredClone(deadlines),
    agenda_drawn: () => null,
    data_version: () => dataVersion,
    list_upcoming: ({ from, limit }) =>
      structuredClone(
        deadlines
          .filter((d) => d.status === "open" && d.due_date >= from)
          .sort((a, b) => (a.due_date < b.due_date ? -1 : a.due_date > b.due_date ? 1 : a.title < b.title ? -1 : 1))
          .slice(0, limit),
      ),
    create_deadline: ({ fields }) => {
      validate(fields);
      const d = { ...base, id: `N${nextId++}`, ...fromFields(fields) };
      deadlines.push(d);
      log(d.id, `Created, due ${d.due_date}`, "created");
      return { ...d };
    },
    update_deadline: ({ id, fields }) => {
      validate(fields);
      const d = find(id);
      const before = { ...d };
      Object.assign(d, fromFields(fields), { revision: d.revision + 1 });
      // As the store records an edit: each changed field, before and after.
      const changes = ["title", "kind", "regulation", "reference", "owner", "description"]
        .filter((f) => before[f] !== d[f])
        .map((f) => ({ field: f, before: before[f] || null, after: d[f] || null }));
      if (before.due_date === d.due_date && fields.move_reason) {
        refuse("move_reason", "A reason for moving is given, but the due date, time and zone stay as they are.");
      }
      if (before.due_date !== d.due_date) {
        log(id, `Moved from ${before.due_date} to ${d.due_date}${fields.move_reason ? `: ${fields.move_reason}` : ""}`, "moved");
      }
      if (changes.length > 0) log(id, `Edited ${changes.map((c) => c.field).join(", ")}`, "edited", changes);
      return { ...d };
    },
    duplicate_deadline: ({ id }) => {
      const copy = { ...find(id), id: `N${nextId++}`, status: "open", done_note: "" };
      copy.title = `${copy.title} (copy)`;
      deadlines.push(copy);
      log(copy.id, `Duplicated from ${id}`, "created");
      return { ...copy };
    },
    mark_done: ({ id, note }) => {
      const d = derive(find(id));
      if (!d.task && d.kind !== "obligation") {
        throw { code: "nothing_to_do", message: `“${d.title}” is to know, not to do: there is nothing to mark done.`, field: null };
      }
      if (d.status !== "done" && requiresEvidence.has(id) && (evidence.get(id) ?? []).length === 0) {
        throw { code: "invalid", field: null, problems: [],
          message: `“${d.title}” needs evidence before it is done: attach a file or a link first (in its details, or \`docketctl evidence add ${id} FILE\`).` };
      }
      return setStatus(id, "done", note, note ? `Marked done: ${note}` : "Marked done");
    },
    next_reminder: ({ id }) =>
      find(id).status === "open" && id === "Q1"
        ? { deadline_id: id, title: find(id).title, lead: "1d", stage: "1 day before", due_revision: 0,
            fire_at: "2026-12-14T08:00:00Z", due_at: "2026-12-14T23:00:00Z", due_date: "2026-12-15", snoozed: false }
        : null,
    waive_deadline: ({ id, reason }) => {
      if (!reason.trim()) throw { code: "invalid", message: "A reason is required to waive a deadline.", field: "reason" };
      return setStatus(id, "waived", reason, `Waived: ${reason}`);
    },
    reopen_deadline: ({ id }) => setStatus(id, "open", "", "Reopened"),
    delete_deadline: ({ id }) => {
      const at = deadlines.findIndex((d) => d.id === id);
      deleted.set(id, deadlines.splice(at, 1)[0]);
      log(id, "Deleted", "deleted");
      return null;
    },
    list_deleted: () => [...deleted.values()].map((d) => ({ ...d })),
    restore_deadline: ({ id }) => {
      const d = deleted.get(id);
      deleted.delete(id);
      deadlines.push(d);
      log(id, "Restored after being deleted", "restored");
      return { ...d };
    },
    pack_conflicts: () => conflicts.map((c) => ({ ...c })),
    resolve_pack_conflict: ({ id, take }) => {
      conflicts = conflicts.filter((c) => c.deadline_id !== id);
      log(id, take ? "Moved from 30 June 2027 to 2 December 2027 by the EU AI Act pack, version 2" : "Kept as edited", "amended");
      return { ...find(id) };
    },
    app_info: () => ({ data_dir: "/home/officer/.local/share/eu.docket.Docket", local_zone: "Europe/Brussels", version: "0.1.0" }),
    reminder_status: () => ({ ...status, startup_problem: startupDismissed ? null : (window.__DOCKET_STARTUP_PROBLEM__ ?? null) }),
    dismiss_startup_problem: () => {
      startupDismissed = true;
      return null;
    },
    view_state: () => viewState,
    save_view_state: ({ view }) => {
      viewState = view;
      sessionStorage.setItem("docket-view-state", view);
      return null;
    },
    time_zones: () => zoneNames(),
    reminder_settings: () => ({ ...settings }),
    save_reminder_settings: ({ defaultLeadTimes, reminderTime }) => {
      const [h, m] = String(reminderTime).split(":").map(Number);
      if (!/^\d{2}:\d{2}$/.test(reminderTime) || h > 23 || m > 59) {
        refuse("reminder_time", `Reminder time "${reminderTime}" is not a time of day; use HH:MM on a 24-hour clock, for example 09:00.`);
      }
      settings = { default_lead_times: defaultLeadTimes, reminder_time: reminderTime };
      return { ...settings };
    },
    pause_reminders: ({ until }) => {
      status = { ...status, paused_until: until === "none" ? null : "2026-12-01T09:00:00.000Z" };
      return { ...status };
    },
    set_autostart: ({ enabled }) => {
      status = { ...status, autostart: enabled };
      return enabled;
    },
    open_data_folder: () => null,
    // The native file dialogs answer as if the officer chose these files.
    // The Rust side keeps the chosen file; import_file takes no path.
    pick_import_file: () => {
      chosenImport = "/home/officer/Downloads/team.ics";
      return [
      chosenImport,
      {
        dry_run: true,
        added: [{ id: "", title: "External audit", line: 4, notes: [] }],
        changed: [{ id: "Q1", title: "Quarterly AI risk report to the board", line: 12, notes: ["Moved from 15 December 2026 to 18 December 2026"] }],
        unchanged: [],
        skipped: [{ line: 20, what: "“Mars review”", reason: "time zone \"Mars/Olympus\" is not one Docket knows (IANA or Windows names)" }],
      },
      ];
    },
    import_file: (args) => {
      if ("path" in args) throw { code: "invalid", message: "the page named a file to import", field: null };
      if (chosenImport !== "/home/officer/Downloads/team.ics" || !args.skipInvalid) throw { code: "invalid_import", message: "unexpected import", field: null };
      deadlines.push({ ...base, id: `N${nextId++}`, title: "External audit", due_date: "2027-02-01" });
      find("Q1").due_date = "2026-12-18";
      return { dry_run: false, added: [{ id: "N", title: "External audit", line: 4, notes: [] }], changed: [{ id: "Q1", title: "Q", line: 12, notes: [] }], unchanged: [], skipped: [{ line: 20, what: "", reason: "" }] };
    },
    pick_pack_file: () => "EU AI Act version 3: 0 added, 1 moved, 0 updated, 0 to review",
    export_file: ({ format }) => `/home/officer/Documents/docket.${format}`,
    open_source: () => null,
    open_question_source: () => null,
    deadline_history: ({ id }) =>
      id === "X2"
        ? [{ id: 1, deadline_id: id, at: now, actor: "<img src=x onerror=\"window.__xss=10\">", via: "import", action: "created",
             summary: "<script>window.__xss=11</script>", changes: [] }]
        : [...(history.get(id) ?? [])],
    deadline_reminders: ({ id }) =>
      id === "Q1"
        ? [{ lead: "7d", stage: "7 days before", due_revision: 0, fire_at: "2026-12-08T08:00:00Z",
             recorded_at: "2026-12-08T08:00:01Z", outcome: "delivered", channel: "notification",
             action: "snoozed", snooze_until: "2026-12-09T08:00:00Z" }]
        : [],
    search_deadlines: ({ text }) => {
      const q = String(text).toLowerCase();
      return deadlines
        .filter((d) => [d.title, d.description, d.reference, d.done_note].some((t) => t.toLowerCase().includes(q)))
        .map((d) => ({ id: d.id, title: mark(d.title, q), snippet: mark(d.description || d.title, q) }));
    },
    sync_accounts: () => syncAccounts.map((a) => ({ ...a })),
    sync_conflicts: () => syncConflicts.map((c) => structuredClone(c)),
    sync_interval: () => syncInterval,
    save_sync_interval: ({ minutes }) => {
      if (minutes > 1440) throw { code: "invalid", message: "The sync interval is at most 1440 minutes (a day); 0 syncs only when asked.", field: "sync_interval" };
      syncInterval = minutes;
      return minutes;
    },
    sync_progress: () => null,
    installed_packs: () => [["eu-ai-act", "EU AI Act"]],
    sync_now: () => {
      for (const a of syncAccounts) {
        a.last_sync_at = "2026-12-01T08:00:00Z";
        a.pending = 0;
      }
      return syncAccounts.map((a) => ({ account: a.name, report: null, error: null, summary: "2 from the server, 1 sent" }));
    },
    resolve_sync_conflict: ({ id, keep }) => {
      const c = syncConflicts.find((x) => x.id === id);
      if (c && keep === "server") {
        const d = deadlines.find((x) => x.id === c.local.id);
        if (d) d.title = c.server_title;
      }
      syncConflicts = syncConflicts.filter((x) => x.id !== id);
      for (const a of syncAccounts) a.conflicts = syncConflicts.length;
      return null;
    },
    add_sync_account: ({ account: { name, serverUrl, username, password, calendar, scope } }) => {
      if (password !== "right") throw { code: "unauthorized", message: `The server at ${serverUrl} refused the user name or password of “${username}”.`, field: null };
      const account = { name, server_url: serverUrl, username, calendar_url: `${serverUrl}${username}/docket/`,
        calendar_name: calendar ?? "Docket", shape: "event", scope, last_sync_at: null, last_error: null, pending: deadlines.length, conflicts: 0 };
      syncAccounts.push(account);
      return { ...account };
    },
    remove_sync_account: ({ name }) => {
      syncAccounts = syncAccounts.filter((a) => a.name !== name);
      return null;
    },
    clock_templates: () => clockTemplates.map(({ steps, ...t }) => ({ ...structuredClone(t), steps: steps.map(({ key, title }) => ({ key, title })) })),
    member_states: () => memberStates.map((m) => ({ ...m })),
    list_clocks: () => [...clocks].sort((a, b) => (a.closed_at ? 1 : 0) - (b.closed_at ? 1 : 0)).map(clockView),
    start_clock: (args) => startClock(args),
    record_on_clock: ({ clockId, what, at, note }) => {
      const c = findClock(clockId);
      const t = clockTemplate(c.template);
      if (c.closed_at) refuse("clock", `The clock ${clockId} is closed; nothing more can be recorded on it.`);
      const event = t.events.find((e) => e.key === String(what).trim());
      const step = t.steps.find((s) => s.key === String(what).trim());
      if (!event && !step) {
        refuse("event", `"${what}" is neither an event nor a step of the ${t.key} clock; it has ${[...t.events, ...t.steps].map((x) => x.key).join(", ")}.`);
      }
      const when = moment(at, c.tz);
      notInTheFuture(when, event ? event.title : `submitted the ${step.title.toLowerCase()}`);
      c.known[event ? event.key : `submitted:${step.key}`] = when;
      if (step && c.deadlines[step.key]) {
        const d = find(c.deadlines[step.key]);
        Object.assign(d, { status: "done", done_note: note ? `Submitted: ${note}` : "Submitted" });
      }
      replan(c);
      return clockView(c);
    },
    close_clock: ({ clockId, reason }) => {
      if (!String(reason).trim()) refuse("reason", "A reason is required to close a clock.");
      const c = findClock(clockId);
      if (c.closed_at) refuse("clock", `The clock ${clockId} is already closed.`);
      Object.assign(c, { closed_at: new Date(Date.now()).toISOString(), close_reason: String(reason).trim() });
      for (const id of Object.values(c.deadlines)) {
        const d = find(id);
        if (d.status === "open") Object.assign(d, { status: "waived", done_note: `Clock closed: ${reason}` });
      }
      return clockView(c);
    },
    get_profile: () => ({ questions: structuredClone(questions), ...structuredClone(profile), dates: counts() }),
    preview_answer: ({ key, values, system }) => {
      checkAnswer(askedOf(key, system), values);
      return effectOf(answered(key, values, system));
    },
    answer_question: ({ key, values, system }) => {
      const q = askedOf(key, system);
      if (values.length > 0) checkAnswer(q, values);
      return judgeAll(answered(key, values, system));
    },
    add_system: ({ name, answers }) => {
      const trimmed = String(name).trim();
      if (!trimmed) throw refused("An AI system needs a name.");
      for (const [key, values] of Object.entries(answers)) checkAnswer(askedOf(key, trimmed), values);
      const taken = profile.systems.find((s) => s.name === trimmed);
      if (taken) throw refused(`An AI system named “${taken.name}” is already listed; choose another name.`);
      const p = structuredClone(profile);
      const system = { id: `01SYSTEM${nextId++}`, name: trimmed, answers: structuredClone(answers) };
      p.systems.push(system);
      p.systems.sort((a, b) => a.name.localeCompare(b.name));
      judgeAll(p);
      return structuredClone(system);
    },
    remove_system: ({ name }) => {
      if (!profile.systems.some((s) => s.name === String(name).trim())) {
        throw { code: "not_found", message: `No AI system is named “${name}”; \`docketctl system list\` shows them.`, field: null, problems: [] };
      }
      const p = structuredClone(profile);
      p.systems = p.systems.filter((s) => s.name !== String(name).trim());
      return judgeAll(p);
    },
    list_evidence: ({ id }) => {
      find(id);
      return structuredClone(evidence.get(id) ?? []);
    },
    attach_evidence_file: ({ id, note, effective }) => {
      const day = effectiveDate(effective);
      if (window.__DOCKET_DIALOG__ === "cancel") return null;
      return addEvidence(id, { kind: "file", name: "minutes.pdf", sha256: MINUTES_SHA, size: 48_213, media_type: "application/pdf",
        effective: day, note: String(note).trim() });
    },
    attach_evidence_link: ({ id, url, name, note, effective }) => {
      const day = effectiveDate(effective);
      if (!/^https?:\/\//.test(url)) throw { code: "invalid", message: `${JSON.stringify(url)} is not a web link (http:// or https://). Nothing was added.`, field: null, problems: [] };
      return addEvidence(id, { kind: "link", name: String(name).trim() || url, url, effective: day, note: String(note).trim() });
    },
    save_evidence_copy: ({ deadlineId, evidenceId }) => {
      const e = (evidence.get(deadlineId) ?? []).find((x) => x.id === evidenceId);
      if (!e) throw { code: "not_found", message: `No deadline has the id ${evidenceId}.`, field: null, problems: [] };
      if (e.kind !== "file" || window.__DOCKET_DIALOG__ === "cancel") return null;
      return `/home/officer/Documents/${e.name}`;
    },
    preview_report: ({ from, to, regulation }) => reportHtml(reportPeriod({ from, to }), regulation),
    save_report: ({ from, to, regulation, format }) => {
      reportPeriod({ from, to });
      void regulation;
      if (window.__DOCKET_DIALOG__ === "cancel") return null;
      return `/tmp/audit-report.${format}`;
    },
    verify_trail: () =>
      window.__DOCKET_TRAIL_BROKEN__
        ? { entries: 1234, head: `3ebdc86f${hex(5).slice(8)}`, head_found_at: null,
            broken: "trail entry 812 (history row 4711) does not match its hash: it was changed after it was written" }
        : { entries: 1234, head: `3ebdc86f${hex(5).slice(8)}`, broken: null, head_found_at: null },
    "plugin:event|listen": () => 1,
    "plugin:event|unlisten": () => null,
    "plugin:window|close": () => null,
  };
  // What the store works out when it reads a deadline: whether someone must
  // act on it (the officer's own deadlines and commitments) and its instant.
  const offset = (date, time, tz) => {
    const guess = Date.parse(`${date}T${time}:00Z`);
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-GB", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
        .formatToParts(new Date(guess))
        .map((p) => [p.type, p.value]),
    );
    const wall = Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:00Z`);
    return new Date(guess - (wall - guess)).toISOString().replace(".000Z", "Z");
  };
  const derive = (value) => {
    if (Array.isArray(value)) return value.map(derive);
    if (value && typeof value === "object" && "due_date" in value && "kind" in value && "status" in value) {
      const own = !value.pack_id;
      value.task = value.kind === "internal" || (own && (value.kind === "obligation" || value.kind === "commitment"));
      value.due_at = offset(value.due_date, value.due_time ?? "00:00", value.tz || "UTC");
    }
    return value;
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
      return derive(answer(args ?? {}));
    },
  };
  window.__DOCKET_IPC_CALLS__ = calls;
  window.__DOCKET_SEED_CLOCK__ = (template, at, title = "") => startClock({ template, tz: "Europe/Brussels", memberState: "BE", title }, at).id;
  // Another program (docketctl, the tray) adds a deadline: the data version moves.
  window.__DOCKET_ELSEWHERE__ = (title) => {
    deadlines.push({ ...base, id: `E${nextId++}`, title, due_date: "2027-01-15", due_time: null, tz: "Europe/Brussels" });
    dataVersion++;
  };
})();

-- Incident clocks. A clock is started from a template of a regulation pack
-- (`template`, in `pack_id`), kept in the officer's zone and counted with
-- the public holidays of a member state. What happened on it is in
-- `clock_event`: the template's events ('aware', 'classified'), and the
-- submission of a step as 'submitted:STEP'. Each step whose due date is
-- known has a deadline like any other, linked in `clock_step`, with the
-- sentence of the rule that gave its date.

CREATE TABLE clock (
    id TEXT PRIMARY KEY NOT NULL,
    template TEXT NOT NULL,
    pack_id TEXT NOT NULL,
    title TEXT NOT NULL,
    member_state TEXT NOT NULL,
    tz TEXT NOT NULL,
    started_at TEXT NOT NULL,
    closed_at TEXT,
    close_reason TEXT NOT NULL DEFAULT ''
);

CREATE TABLE clock_event (
    clock_id TEXT NOT NULL REFERENCES clock (id),
    key TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (clock_id, key)
);

CREATE TABLE clock_step (
    clock_id TEXT NOT NULL REFERENCES clock (id),
    key TEXT NOT NULL,
    deadline_id TEXT REFERENCES deadline (id),
    rule TEXT NOT NULL,
    PRIMARY KEY (clock_id, key)
);

CREATE INDEX clock_step_deadline ON clock_step (deadline_id);

-- Docket's first schema: deadlines, their append-only audit trail, the log of
-- fired reminders, settings, and the installed regulation packs.

CREATE TABLE deadline (
    id                TEXT PRIMARY KEY NOT NULL,
    title             TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description       TEXT NOT NULL DEFAULT '',
    kind              TEXT NOT NULL
                      CHECK (kind IN ('obligation', 'milestone', 'commitment', 'proposal', 'internal')),
    regulation        TEXT NOT NULL DEFAULT '',
    reference         TEXT NOT NULL DEFAULT '',
    jurisdiction      TEXT NOT NULL DEFAULT '',
    source_url        TEXT NOT NULL DEFAULT '',
    owner             TEXT NOT NULL DEFAULT '',
    tags              TEXT NOT NULL DEFAULT '[]',
    due_date          TEXT NOT NULL CHECK (date(due_date) IS due_date),
    due_time          TEXT CHECK (due_time IS NULL OR time(due_time || ':00') IS due_time || ':00'),
    tz                TEXT NOT NULL,
    lead_times        TEXT,
    status            TEXT NOT NULL DEFAULT 'open'
                      CHECK (status IN ('open', 'done', 'waived', 'superseded')),
    done_at           TEXT,
    done_note         TEXT NOT NULL DEFAULT '',
    pack_id           TEXT,
    pack_item_id      TEXT,
    original_due_date TEXT,
    amended_by        TEXT,
    unverified        TEXT,
    due_revision      INTEGER NOT NULL DEFAULT 0,
    revision          INTEGER NOT NULL DEFAULT 1,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    due_changed_at    TEXT NOT NULL,
    UNIQUE (pack_id, pack_item_id)
);

CREATE INDEX deadline_by_status_and_due ON deadline (status, due_date);

CREATE TABLE history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    deadline_id TEXT NOT NULL REFERENCES deadline (id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    via         TEXT NOT NULL,
    action      TEXT NOT NULL,
    summary     TEXT NOT NULL,
    changes     TEXT NOT NULL DEFAULT '[]'
);

CREATE INDEX history_by_deadline ON history (deadline_id, id);

CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history
BEGIN
    SELECT RAISE(ABORT, 'the history is append-only');
END;

CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history
BEGIN
    SELECT RAISE(ABORT, 'the history is append-only');
END;

CREATE TABLE reminder_log (
    deadline_id  TEXT NOT NULL REFERENCES deadline (id),
    lead         TEXT NOT NULL,
    due_revision INTEGER NOT NULL,
    fire_at      TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('delivered', 'superseded', 'failed')),
    channel      TEXT CHECK (channel IN ('notification', 'digest')),
    action       TEXT NOT NULL DEFAULT 'none'
                 CHECK (action IN ('none', 'snoozed', 'dismissed', 'done')),
    snooze_until TEXT,
    PRIMARY KEY (deadline_id, lead, due_revision)
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

INSERT INTO settings (key, value) VALUES
    ('default_lead_times', '90d,30d,7d,1d,0d'),
    ('reminder_time', '09:00');

CREATE TABLE pack (
    id           TEXT PRIMARY KEY NOT NULL,
    version      TEXT NOT NULL,
    title        TEXT NOT NULL,
    installed_at TEXT NOT NULL
);

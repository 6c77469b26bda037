-- A reminder's "Open" action is recorded too: the reminder log's action may
-- now be 'opened'. SQLite cannot change a CHECK constraint in place, so the
-- table is rebuilt with its rows.

CREATE TABLE reminder_log_v2 (
    deadline_id  TEXT NOT NULL REFERENCES deadline (id),
    lead         TEXT NOT NULL,
    due_revision INTEGER NOT NULL,
    fire_at      TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('delivered', 'superseded', 'failed')),
    channel      TEXT CHECK (channel IN ('notification', 'digest')),
    action       TEXT NOT NULL DEFAULT 'none'
                 CHECK (action IN ('none', 'opened', 'snoozed', 'dismissed', 'done')),
    snooze_until TEXT,
    PRIMARY KEY (deadline_id, lead, due_revision)
);

INSERT INTO reminder_log_v2
    (deadline_id, lead, due_revision, fire_at, recorded_at, outcome, channel, action, snooze_until)
SELECT deadline_id, lead, due_revision, fire_at, recorded_at, outcome, channel, action, snooze_until
FROM reminder_log;

DROP TABLE reminder_log;

ALTER TABLE reminder_log_v2 RENAME TO reminder_log;

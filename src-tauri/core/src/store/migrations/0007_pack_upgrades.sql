-- Pack upgrades. A pack item the officer edited is not overwritten by a newer
-- pack: the change is kept here for the officer to take or refuse. Notices
-- are one-off messages for the officer ("EU AI Act pack: 3 deadlines moved"),
-- claimed by the scheduler before it shows them, so each is shown once.

CREATE TABLE pack_conflict (
    deadline_id TEXT NOT NULL REFERENCES deadline (id),
    pack_id TEXT NOT NULL,
    pack_version INTEGER NOT NULL,
    -- The pack's fields for the item, as JSON (DeadlineFields).
    proposed TEXT NOT NULL,
    summary TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    -- 'taken' or 'kept'
    resolution TEXT CHECK (resolution IN ('taken', 'kept')),
    PRIMARY KEY (deadline_id, pack_version)
);

CREATE TABLE notice (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    shown_at TEXT
);

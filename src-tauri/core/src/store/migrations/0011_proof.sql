-- Proof for the auditor: evidence kept by hash, and a tamper-evident trail.
--
-- Evidence is a file or a link attached to a deadline or to a step of an
-- incident clock. A file is copied into the data folder's evidence/ under
-- its SHA-256 (the same file twice is stored once); its row records what it
-- was called, its size and type, the date it is effective from, who added
-- it and when, and a note. Evidence rows, like the history, are never
-- changed or removed. A pack item may require evidence before it is done.
--
-- The trail. The append-only triggers stop Docket from
-- rewriting the history and the reminder log, but anyone with the file can
-- drop them. Every row written to the history, the reminder log and the
-- evidence is therefore also entered here, as SQLite's json_object of the
-- row, and each entry's hash covers its content and the hash before it
-- (SHA-256, hex). Changing, removing or inserting a row, or an entry,
-- without rewriting every later hash shows: `docketctl verify` recomputes
-- the chain and compares each row with its latest entry. The rows already
-- there are entered by Docket right after this migration, oldest first.

CREATE TABLE trail (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('history', 'reminder', 'evidence')),
    row_key TEXT NOT NULL,
    content TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE INDEX trail_by_row ON trail (kind, row_key, seq);

CREATE TRIGGER trail_is_append_only_update BEFORE UPDATE ON trail
BEGIN
    SELECT RAISE(ABORT, 'the trail is append-only');
END;

CREATE TRIGGER trail_is_append_only_delete BEFORE DELETE ON trail
BEGIN
    SELECT RAISE(ABORT, 'the trail is append-only');
END;

CREATE TABLE evidence (
    id TEXT PRIMARY KEY NOT NULL,
    deadline_id TEXT REFERENCES deadline (id),
    clock_id TEXT REFERENCES clock (id),
    clock_step TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('file', 'link')),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
    size INTEGER,
    media_type TEXT,
    url TEXT,
    effective TEXT CHECK (effective IS NULL OR date(effective) IS effective),
    note TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL,
    CHECK ((deadline_id IS NULL) <> (clock_id IS NULL)),
    CHECK ((kind = 'file') = (sha256 IS NOT NULL)),
    CHECK ((kind = 'link') = (url IS NOT NULL))
);

CREATE INDEX evidence_by_deadline ON evidence (deadline_id);

CREATE TRIGGER evidence_is_append_only_update BEFORE UPDATE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only');
END;

CREATE TRIGGER evidence_is_append_only_delete BEFORE DELETE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only');
END;

-- 1 when the pack says the item needs evidence before it is done.
ALTER TABLE deadline ADD COLUMN requires_evidence INTEGER NOT NULL DEFAULT 0;

-- Two-way sync with CalDAV calendars. An account names a server, a user and
-- the calendar it syncs with; its password is in the system keyring, never
-- here. Each synced deadline has one item per account: the resource it is
-- stored as on the server, the ETag the server last gave it and the local
-- revision both sides last agreed on. A deadline whose revision is above its
-- item's is a local change still to be sent (the offline queue), so nothing
-- else is needed to queue edits made offline.

CREATE TABLE sync_account (
    name TEXT PRIMARY KEY,
    -- The URL the officer gave, and the calendar collection found from it.
    server_url TEXT NOT NULL,
    username TEXT NOT NULL,
    calendar_url TEXT NOT NULL,
    calendar_name TEXT NOT NULL,
    -- 'event' or 'todo': which component the deadlines are sent as.
    shape TEXT NOT NULL DEFAULT 'event' CHECK (shape IN ('event', 'todo')),
    -- Which deadlines it sends: 'all', 'own' (made here: neither from a
    -- regulation pack nor from another account's calendar) or 'pack:ID' (one
    -- pack's). What came from its own calendar is always synced.
    scope TEXT NOT NULL DEFAULT 'all',
    -- RFC 6578's token of the last complete pull; NULL before the first.
    sync_token TEXT,
    last_sync_at TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE sync_item (
    account TEXT NOT NULL REFERENCES sync_account (name) ON DELETE CASCADE,
    deadline_id TEXT NOT NULL REFERENCES deadline (id),
    href TEXT NOT NULL,
    etag TEXT,
    synced_revision INTEGER NOT NULL,
    -- 1 when the deadline came from this account's calendar: it belongs to
    -- that calendar, and an account that sends only "own" deadlines leaves it.
    came_from_server INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account, deadline_id)
);
CREATE UNIQUE INDEX sync_item_href ON sync_item (account, href);

-- A deadline changed on both sides since they last agreed: the server's
-- version is kept here (NULL when the server deleted it) beside the local
-- one, until the officer chooses.
CREATE TABLE sync_conflict (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL REFERENCES sync_account (name) ON DELETE CASCADE,
    deadline_id TEXT NOT NULL REFERENCES deadline (id),
    server_ics TEXT,
    server_etag TEXT,
    found_at TEXT NOT NULL,
    resolved_at TEXT,
    resolution TEXT CHECK (resolution IN ('local', 'server'))
);
CREATE UNIQUE INDEX sync_conflict_open ON sync_conflict (account, deadline_id)
    WHERE resolved_at IS NULL;

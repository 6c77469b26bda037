-- What applies to us. The packs ask questions (kept with each installed
-- pack), the organisation answers them for itself and for each AI system it
-- lists, and each pack item's condition (`applies_if`, JSON) decides whether
-- it applies: 1, 0, or NULL while a question it needs is unanswered. The
-- verdict and its sentence are worked out again whenever an answer, a system
-- or a pack changes, so that the agenda, the tray and the reminders can
-- leave out what does not apply with a plain WHERE.
--
-- The AI Act pack takes the short id `ai-act`, beside `gdpr`, `nis2`, …;
-- its deadlines keep their ids (`eu-ai-act:…`).

UPDATE pack SET id = 'ai-act' WHERE id = 'eu-ai-act';
UPDATE deadline SET pack_id = 'ai-act' WHERE pack_id = 'eu-ai-act';
UPDATE pack_conflict SET pack_id = 'ai-act' WHERE pack_id = 'eu-ai-act';
UPDATE clock SET pack_id = 'ai-act' WHERE pack_id = 'eu-ai-act';
UPDATE sync_account SET scope = 'pack:ai-act' WHERE scope = 'pack:eu-ai-act';

ALTER TABLE pack ADD COLUMN questions TEXT NOT NULL DEFAULT '[]';

ALTER TABLE deadline ADD COLUMN applies_if TEXT;
ALTER TABLE deadline ADD COLUMN applies INTEGER CHECK (applies IN (0, 1));
ALTER TABLE deadline ADD COLUMN applies_because TEXT NOT NULL DEFAULT '';
ALTER TABLE deadline ADD COLUMN applies_asks TEXT NOT NULL DEFAULT '[]';

-- The officer's own deadlines always apply.
UPDATE deadline SET applies = 1, applies_because = 'applies: your own deadline'
WHERE pack_id IS NULL;

CREATE TABLE ai_system (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    created_at TEXT NOT NULL
);

-- An answer of the organisation (system_id '') or of one AI system: the
-- choices that hold, as a JSON array.
CREATE TABLE answer (
    system_id TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    answered_by TEXT NOT NULL,
    PRIMARY KEY (system_id, question)
);

-- Every change of an answer or of the systems, oldest first.
CREATE TABLE profile_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    via TEXT NOT NULL,
    summary TEXT NOT NULL
);

CREATE TRIGGER profile_history_is_append_only_update BEFORE UPDATE ON profile_history
BEGIN
    SELECT RAISE(ABORT, 'the history is append-only');
END;

CREATE TRIGGER profile_history_is_append_only_delete BEFORE DELETE ON profile_history
BEGIN
    SELECT RAISE(ABORT, 'the history is append-only');
END;

-- Full-text search over title, description, legal reference and notes
-- (FTS5, kept in step with the deadline table by triggers).

CREATE VIRTUAL TABLE deadline_search USING fts5(
    title, description, reference, done_note,
    content = 'deadline', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER deadline_search_insert AFTER INSERT ON deadline
BEGIN
    INSERT INTO deadline_search (rowid, title, description, reference, done_note)
    VALUES (new.rowid, new.title, new.description, new.reference, new.done_note);
END;

CREATE TRIGGER deadline_search_delete AFTER DELETE ON deadline
BEGIN
    INSERT INTO deadline_search (deadline_search, rowid, title, description, reference, done_note)
    VALUES ('delete', old.rowid, old.title, old.description, old.reference, old.done_note);
END;

CREATE TRIGGER deadline_search_update AFTER UPDATE ON deadline
BEGIN
    INSERT INTO deadline_search (deadline_search, rowid, title, description, reference, done_note)
    VALUES ('delete', old.rowid, old.title, old.description, old.reference, old.done_note);
    INSERT INTO deadline_search (rowid, title, description, reference, done_note)
    VALUES (new.rowid, new.title, new.description, new.reference, new.done_note);
END;

INSERT INTO deadline_search (deadline_search) VALUES ('rebuild');

-- Deleting a deadline keeps its row (and so its history and reminder log):
-- it is marked deleted and left out of lists and planning, and can be
-- restored.

ALTER TABLE deadline ADD COLUMN deleted_at TEXT;

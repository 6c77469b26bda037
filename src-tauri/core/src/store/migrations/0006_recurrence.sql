-- A repeating deadline keeps its rule (RFC 5545 RRULE text, read from its
-- current due date); marking it done moves it to the next occurrence.

ALTER TABLE deadline ADD COLUMN recurrence TEXT;

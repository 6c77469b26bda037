-- The iCalendar UID a deadline was imported under, so that importing the same
-- file again updates it instead of adding it twice. Deadlines made in Docket
-- have none: their UID is their id with Docket's suffix.

ALTER TABLE deadline ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX deadline_uid ON deadline (uid) WHERE uid IS NOT NULL;

CREATE SEQUENCE "public"."live_events_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
ALTER TABLE "live_events" ADD COLUMN "seq" bigint;--> statement-breakpoint
CREATE UNIQUE INDEX "live_events_seq_idx" ON "live_events" USING btree ("seq");--> statement-breakpoint
-- Rows already in the journal keep their place: their seq is their id.
UPDATE "live_events" SET "seq" = "id";--> statement-breakpoint
SELECT setval('live_events_seq', greatest(coalesce((SELECT max("id") FROM "live_events"), 0), 1));--> statement-breakpoint
-- A journal row's id is taken when it is inserted, but the row becomes visible when its
-- transaction commits, so ids alone do not follow the order browsers can see rows in. At commit
-- (a deferred trigger, the last thing before COMMIT), each publishing transaction takes one
-- short lock, numbers its rows from live_events_seq and NOTIFYs those numbers; the lock is
-- released only after the commit is visible, so a row with a lower seq can never appear after
-- one with a higher seq. The lock key is db/lock-keys.ts LOCK.liveJournal.
CREATE FUNCTION live_events_in_commit_order() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  next_seq bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(7311013, 0);
  next_seq := nextval('live_events_seq');
  UPDATE live_events SET seq = next_seq WHERE id = NEW.id;
  PERFORM pg_notify('vigil_events', next_seq::text);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER live_events_commit_order
  AFTER INSERT ON live_events
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION live_events_in_commit_order();

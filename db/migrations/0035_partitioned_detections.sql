-- Detections and their snapshots partitioned by month of observed_at (UTC months): a period's
-- queries touch only its months, and retention drops whole months instead of deleting rows.
-- detections_YYYY_MM / detection_snapshots_YYYY_MM are made ahead by vigil_make_detection_partitions
-- (run by the worker); the default partitions (*_kept) hold the evidence (crossed tracks) of the
-- months vigil_drop_detection_months dropped. Crossings keep their two points' ids without a
-- foreign key (a key to a partitioned table must include its time); retention keeps them whole.
-- The existing rows are copied once, here, in the migration's one transaction (twice their disk
-- until it commits).
ALTER TABLE "crossings" DROP CONSTRAINT "crossings_from_detection_id_detections_id_fk";--> statement-breakpoint
ALTER TABLE "crossings" DROP CONSTRAINT "crossings_to_detection_id_detections_id_fk";--> statement-breakpoint
ALTER TABLE "detection_snapshots" DROP CONSTRAINT "detection_snapshots_detection_id_detections_id_fk";--> statement-breakpoint
ALTER TABLE "detections" RENAME TO "detections_unpartitioned";--> statement-breakpoint
ALTER TABLE "detection_snapshots" RENAME TO "detection_snapshots_unpartitioned";--> statement-breakpoint
ALTER TABLE "detections_unpartitioned" DROP CONSTRAINT "detections_pkey";--> statement-breakpoint
ALTER TABLE "detections_unpartitioned" DROP CONSTRAINT "detections_device_id_devices_id_fk";--> statement-breakpoint
ALTER TABLE "detections_unpartitioned" DROP CONSTRAINT "detections_camera_id_cameras_id_fk";--> statement-breakpoint
ALTER TABLE "detection_snapshots_unpartitioned" DROP CONSTRAINT "detection_snapshots_pkey";--> statement-breakpoint
DROP INDEX "detections_device_event_key";--> statement-breakpoint
DROP INDEX "detections_geom_idx";--> statement-breakpoint
DROP INDEX "detections_observed_id_idx";--> statement-breakpoint
DROP INDEX "detections_camera_observed_idx";--> statement-breakpoint
DROP INDEX "detections_zones_idx";--> statement-breakpoint
DROP INDEX "detections_track_order_idx";--> statement-breakpoint
ALTER SEQUENCE "detections_id_seq" OWNED BY NONE;--> statement-breakpoint
CREATE TABLE "detections" (LIKE "detections_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("observed_at");--> statement-breakpoint
ALTER SEQUENCE "detections_id_seq" OWNED BY "detections"."id";--> statement-breakpoint
ALTER TABLE "detections" ADD CONSTRAINT "detections_pkey" PRIMARY KEY ("id", "observed_at");--> statement-breakpoint
ALTER TABLE "detections" ADD CONSTRAINT "detections_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "detections" ADD CONSTRAINT "detections_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "public"."cameras"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "detections_device_event_key" ON "detections" USING btree ("device_id", "event_id", "observed_at");--> statement-breakpoint
CREATE INDEX "detections_observed_id_idx" ON "detections" USING btree ("observed_at", "id");--> statement-breakpoint
CREATE INDEX "detections_camera_observed_idx" ON "detections" USING btree ("camera_id", "observed_at", "id");--> statement-breakpoint
CREATE INDEX "detections_zones_idx" ON "detections" USING gin ("zone_ids");--> statement-breakpoint
CREATE INDEX "detections_track_order_idx" ON "detections" USING btree ("camera_id", "track_id", "observed_at", "event_id" COLLATE "C", "device_id");--> statement-breakpoint
CREATE INDEX "detections_geom_idx" ON "detections" USING gist ("geom");--> statement-breakpoint
CREATE TABLE "detection_snapshots" (
	"detection_id" bigint NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"jpeg" "bytea" NOT NULL,
	"bytes" integer NOT NULL,
	CONSTRAINT "detection_snapshots_pkey" PRIMARY KEY ("detection_id", "observed_at")
) PARTITION BY RANGE ("observed_at");--> statement-breakpoint
CREATE TABLE "detections_kept" PARTITION OF "detections" DEFAULT;--> statement-breakpoint
CREATE TABLE "detection_snapshots_kept" PARTITION OF "detection_snapshots" DEFAULT;--> statement-breakpoint
-- The months from `from_time`'s through `months_ahead` months after now, each for both tables;
-- returns how many were made. Rows that landed in a default partition for want of their month
-- (the worker stopped for months) move into it. SECURITY DEFINER: the app's role may not own
-- tables, and partitions are made and dropped by their owner.
CREATE FUNCTION vigil_make_detection_partitions(months_ahead integer, from_time timestamptz DEFAULT now()) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  month_start timestamptz := date_trunc('month', from_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  last_start timestamptz := date_trunc('month', (now() AT TIME ZONE 'UTC') + make_interval(months => months_ahead)) AT TIME ZONE 'UTC';
  month_end timestamptz;
  suffix text;
  made integer := 0;
BEGIN
  WHILE month_start <= last_start LOOP
    month_end := ((month_start AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
    suffix := to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM');
    IF to_regclass('detections_' || suffix) IS NULL THEN
      CREATE TEMP TABLE IF NOT EXISTS vigil_moving_detections (LIKE detections) ON COMMIT DROP;
      CREATE TEMP TABLE IF NOT EXISTS vigil_moving_snapshots (LIKE detection_snapshots) ON COMMIT DROP;
      WITH moved AS (DELETE FROM detections_kept WHERE observed_at >= month_start AND observed_at < month_end RETURNING *)
        INSERT INTO vigil_moving_detections SELECT * FROM moved;
      WITH moved AS (DELETE FROM detection_snapshots_kept WHERE observed_at >= month_start AND observed_at < month_end RETURNING *)
        INSERT INTO vigil_moving_snapshots SELECT * FROM moved;
      EXECUTE format('CREATE TABLE %I PARTITION OF detections FOR VALUES FROM (%L) TO (%L)', 'detections_' || suffix, month_start, month_end);
      EXECUTE format('CREATE TABLE %I PARTITION OF detection_snapshots FOR VALUES FROM (%L) TO (%L)', 'detection_snapshots_' || suffix, month_start, month_end);
      INSERT INTO detections SELECT * FROM vigil_moving_detections;
      INSERT INTO detection_snapshots SELECT * FROM vigil_moving_snapshots;
      TRUNCATE vigil_moving_detections, vigil_moving_snapshots;
      made := made + 1;
    END IF;
    month_start := month_end;
  END LOOP;
  RETURN made;
END $$;--> statement-breakpoint
-- Drops the months that end at or before `cutoff`, both tables, after moving their evidence (every
-- point of a track with a crossing, and those points' snapshots) into the default partitions.
-- Returns the dropped months' first days.
CREATE FUNCTION vigil_drop_detection_months(cutoff timestamptz) RETURNS SETOF date
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  part text;
  suffix text;
  month_end timestamptz;
BEGIN
  FOR part IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'detections'::regclass AND c.relname ~ '^detections_[0-9]{4}_[0-9]{2}$' ORDER BY c.relname
  LOOP
    suffix := substr(part, 12);
    month_end := ((to_date(suffix, 'YYYY_MM')::timestamp) + interval '1 month') AT TIME ZONE 'UTC';
    EXIT WHEN month_end > cutoff;
    EXECUTE format('ALTER TABLE detections DETACH PARTITION %I', part);
    EXECUTE format('INSERT INTO detections SELECT d.* FROM %I d WHERE d.track_id IS NOT NULL AND EXISTS (SELECT 1 FROM crossings c WHERE c.camera_id = d.camera_id AND c.track_id = d.track_id)', part);
    IF to_regclass('detection_snapshots_' || suffix) IS NOT NULL THEN
      EXECUTE format('ALTER TABLE detection_snapshots DETACH PARTITION %I', 'detection_snapshots_' || suffix);
      EXECUTE format('INSERT INTO detection_snapshots SELECT s.* FROM %I s WHERE EXISTS (SELECT 1 FROM detections_kept k WHERE k.id = s.detection_id AND k.observed_at = s.observed_at)', 'detection_snapshots_' || suffix);
      EXECUTE format('DROP TABLE %I', 'detection_snapshots_' || suffix);
    END IF;
    EXECUTE format('DROP TABLE %I', part);
    RETURN NEXT to_date(suffix, 'YYYY_MM');
  END LOOP;
END $$;--> statement-breakpoint
-- From two months back at least: the demo's first-start history (up to 31 days) and points sent
-- late must find their month; the default partition is for evidence only.
-- Only the owner and the app's role (db/roles.ts grants it) may run them: not any role on the server.
REVOKE EXECUTE ON FUNCTION vigil_make_detection_partitions(integer, timestamptz) FROM PUBLIC;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION vigil_drop_detection_months(timestamptz) FROM PUBLIC;--> statement-breakpoint
SELECT vigil_make_detection_partitions(3, least((SELECT min("observed_at") FROM "detections_unpartitioned"), now() - interval '2 months'));--> statement-breakpoint
INSERT INTO "detections" SELECT * FROM "detections_unpartitioned";--> statement-breakpoint
INSERT INTO "detection_snapshots" ("detection_id", "observed_at", "jpeg", "bytes")
  SELECT s."detection_id", d."observed_at", s."jpeg", s."bytes"
  FROM "detection_snapshots_unpartitioned" s JOIN "detections_unpartitioned" d ON d."id" = s."detection_id";--> statement-breakpoint
DROP TABLE "detection_snapshots_unpartitioned";--> statement-breakpoint
DROP TABLE "detections_unpartitioned";--> statement-breakpoint
ANALYZE "detections";--> statement-breakpoint
ANALYZE "detection_snapshots";

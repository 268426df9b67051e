CREATE TABLE "alert_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "dispatches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alert_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"checkpoint_id" uuid NOT NULL,
	"distance_m" real NOT NULL,
	"dispatched_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_by" uuid NOT NULL,
	"report" text,
	"reported_at" timestamp with time zone,
	"reported_by" uuid,
	"province_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roster_assignments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"checkpoint_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"shift_date" date NOT NULL,
	"shift_index" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roster_assignments_period_check" CHECK (ends_at > starts_at)
);
--> statement-breakpoint
CREATE TABLE "situation_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"agency_id" text,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"shift_date" date NOT NULL,
	"shift_index" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"figures" jsonb NOT NULL,
	"notable_alerts" jsonb NOT NULL,
	"narrative" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"author_id" uuid NOT NULL,
	"author_name" text NOT NULL,
	"signed_at" timestamp with time zone,
	"signed_by" uuid,
	"signer_name" text,
	"content_hash" text,
	"corrects_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "situation_reports_status_check" CHECK (status IN ('draft', 'signed')),
	CONSTRAINT "situation_reports_signed_check" CHECK (status = 'draft' OR (signed_at IS NOT NULL AND content_hash IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"checkpoint_id" uuid NOT NULL,
	"name" text NOT NULL,
	"call_sign" text,
	"officer_count" integer NOT NULL,
	"phone" text,
	"agency_id" text,
	"province_code" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_officer_count_check" CHECK (officer_count BETWEEN 1 AND 500)
);
--> statement-breakpoint
CREATE TABLE "tips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"reporter_name" text,
	"reporter_phone" text,
	"place_text" text,
	"description" text NOT NULL,
	"people_count" integer,
	"zone_id" uuid,
	"recorded_by" uuid NOT NULL,
	"province_code" text NOT NULL,
	"agency_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"geom" geometry(Point, 4326) NOT NULL,
	CONSTRAINT "tips_channel_check" CHECK (channel IN ('phone', 'in_person', 'radio', 'other')),
	CONSTRAINT "tips_people_check" CHECK (people_count IS NULL OR people_count BETWEEN 0 AND 10000)
);
--> statement-breakpoint
DROP INDEX "alerts_one_open_camera_down";--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "status" DROP DEFAULT;--> statement-breakpoint
-- The workflow's first state is "new" (it was "open" when alerts could only be opened and resolved).
ALTER TABLE "alerts" ALTER COLUMN "status" SET DATA TYPE text USING (CASE "status"::text WHEN 'open' THEN 'new' ELSE "status"::text END);--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "status" SET DEFAULT 'new';--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "tip_id" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "zone_id" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "occurred_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "geom" geometry(Point, 4326);--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "incident_id" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "dispatched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "dispatched_by" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "resolved_by" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "intercepted_count" integer;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "resolution_note" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "dismissed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "dismissed_by" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "dismissal_reason" text;--> statement-breakpoint
ALTER TABLE "alert_transitions" ADD CONSTRAINT "alert_transitions_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_checkpoint_id_checkpoints_id_fk" FOREIGN KEY ("checkpoint_id") REFERENCES "public"."checkpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_dispatched_by_users_id_fk" FOREIGN KEY ("dispatched_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_assignments" ADD CONSTRAINT "roster_assignments_checkpoint_id_checkpoints_id_fk" FOREIGN KEY ("checkpoint_id") REFERENCES "public"."checkpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_assignments" ADD CONSTRAINT "roster_assignments_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "situation_reports" ADD CONSTRAINT "situation_reports_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "situation_reports" ADD CONSTRAINT "situation_reports_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_checkpoint_id_checkpoints_id_fk" FOREIGN KEY ("checkpoint_id") REFERENCES "public"."checkpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."zones"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_transitions_alert_idx" ON "alert_transitions" USING btree ("alert_id","at");--> statement-breakpoint
CREATE INDEX "dispatches_alert_idx" ON "dispatches" USING btree ("alert_id");--> statement-breakpoint
CREATE INDEX "dispatches_open_idx" ON "dispatches" USING btree ("dispatched_at") WHERE reported_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "roster_assignments_shift_key" ON "roster_assignments" USING btree ("checkpoint_id","shift_date","shift_index");--> statement-breakpoint
CREATE INDEX "roster_assignments_time_idx" ON "roster_assignments" USING btree ("starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "situation_reports_period_idx" ON "situation_reports" USING btree ("province_code","period_start");--> statement-breakpoint
CREATE UNIQUE INDEX "situation_reports_shift_key" ON "situation_reports" USING btree ("province_code","shift_date","shift_index") WHERE corrects_id IS NULL;--> statement-breakpoint
CREATE INDEX "teams_checkpoint_idx" ON "teams" USING btree ("checkpoint_id");--> statement-breakpoint
CREATE INDEX "tips_received_idx" ON "tips" USING btree ("received_at");--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."zones"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_dispatched_by_users_id_fk" FOREIGN KEY ("dispatched_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_dismissed_by_users_id_fk" FOREIGN KEY ("dismissed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_open_idx" ON "alerts" USING btree ("province_code","created_at") WHERE status IN ('new', 'acknowledged', 'dispatched');--> statement-breakpoint
CREATE INDEX "alerts_group_idx" ON "alerts" USING btree (coalesce("incident_id", "id"));--> statement-breakpoint
CREATE INDEX "alerts_geom_idx" ON "alerts" USING gist ("geom");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_tip_key" ON "alerts" USING btree ("tip_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_open_camera_down" ON "alerts" USING btree ("camera_id") WHERE kind = 'camera_down' AND status IN ('new', 'acknowledged', 'dispatched');--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_status_check" CHECK (status IN ('new', 'acknowledged', 'dispatched', 'resolved', 'dismissed', 'retracted'));--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_severity_check" CHECK (severity IN ('info', 'warning', 'critical'));--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_outcome_check" CHECK (outcome IS NULL OR outcome IN ('intercepted', 'turned_back', 'false_alarm', 'no_contact', 'restored'));--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_intercepted_check" CHECK (intercepted_count IS NULL OR intercepted_count BETWEEN 1 AND 10000);--> statement-breakpoint
DROP TYPE "public"."alert_status";--> statement-breakpoint
-- Alerts raised before the workflow: where and when they happened, and how the closed ones closed.
UPDATE "alerts" a SET "occurred_at" = c."crossed_at", "geom" = c."geom",
  "zone_id" = (SELECT z."id" FROM "zones" z WHERE z."kind" = 'hotspot' AND ST_DWithin(z."geom", c."geom", 0.0005) ORDER BY ST_Distance(z."geom", c."geom") LIMIT 1)
  FROM "crossings" c WHERE a."crossing_id" = c."id";--> statement-breakpoint
UPDATE "alerts" a SET "occurred_at" = a."created_at", "geom" = cam."geom", "zone_id" = cam."zone_id"
  FROM "cameras" cam WHERE a."kind" = 'camera_down' AND a."camera_id" = cam."id";--> statement-breakpoint
UPDATE "alerts" SET "outcome" = 'restored' WHERE "kind" = 'camera_down' AND "status" = 'resolved';--> statement-breakpoint
UPDATE "alerts" SET "updated_at" = coalesce("resolved_at", "retracted_at", "acknowledged_at", "created_at");--> statement-breakpoint
INSERT INTO "alert_transitions" ("alert_id", "at", "action", "to_status") SELECT "id", "created_at", 'raised', 'new' FROM "alerts";--> statement-breakpoint
-- The history of alerts is kept as it happened: rows are added, never changed or removed (an
-- alert's own removal, which never happens in use, takes its history with it).
CREATE FUNCTION alert_transitions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM alerts WHERE id = OLD.alert_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'alert_transitions is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER alert_transitions_no_change BEFORE UPDATE OR DELETE ON "alert_transitions"
  FOR EACH ROW EXECUTE FUNCTION alert_transitions_append_only();--> statement-breakpoint
-- A signed situation report is frozen: no change and no removal, whoever asks.
CREATE FUNCTION situation_reports_frozen_when_signed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'signed' THEN
    RAISE EXCEPTION 'situation report % is signed and cannot change', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;--> statement-breakpoint
CREATE TRIGGER situation_reports_frozen BEFORE UPDATE OR DELETE ON "situation_reports"
  FOR EACH ROW EXECUTE FUNCTION situation_reports_frozen_when_signed();

ALTER TYPE "public"."role" ADD VALUE 'telecom';--> statement-breakpoint
CREATE TABLE "facility_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"facility_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" text,
	"phone" text NOT NULL,
	"email" text,
	"is_primary" boolean DEFAULT false NOT NULL,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "facility_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"facility_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"from_status" text,
	"to_status" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "facility_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"facility_id" uuid NOT NULL,
	"agreed_on" date NOT NULL,
	"telecom_agency_id" text NOT NULL,
	"cameras_to_connect" integer NOT NULL,
	"method" text NOT NULL,
	"target_date" date NOT NULL,
	"notes" text,
	"recorded_by" uuid NOT NULL,
	"recorded_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "facility_surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"facility_id" uuid NOT NULL,
	"surveyed_on" date NOT NULL,
	"surveyors" text NOT NULL,
	"existing_cameras" jsonb NOT NULL,
	"areas" jsonb NOT NULL,
	"cameras_needed" integer NOT NULL,
	"notes" text,
	"recorded_by" uuid NOT NULL,
	"recorded_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" text NOT NULL,
	"scope_key" text NOT NULL,
	"report_date" date NOT NULL,
	"cutoff_at" timestamp with time zone NOT NULL,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"generated_by" uuid,
	"generated_by_name" text,
	"figures" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"generation_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programmes" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"deadline" date NOT NULL,
	"report_minute" integer DEFAULT 1020 NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "facility_id" uuid;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD COLUMN "managing_authority" text;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD COLUMN "occupancy" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD COLUMN "telecom_agency_id" text;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD COLUMN "stage" text DEFAULT 'not_surveyed' NOT NULL;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD COLUMN "status" text DEFAULT 'not_surveyed' NOT NULL;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD COLUMN "status_since" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD COLUMN "required_cameras" integer;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD COLUMN "first_connected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD COLUMN "target_date" date;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD COLUMN "closed_reason" text;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "facility_contacts" ADD CONSTRAINT "facility_contacts_facility_id_quarantine_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."quarantine_facilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_events" ADD CONSTRAINT "facility_events_facility_id_quarantine_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."quarantine_facilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_plans" ADD CONSTRAINT "facility_plans_facility_id_quarantine_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."quarantine_facilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_plans" ADD CONSTRAINT "facility_plans_telecom_agency_id_agencies_id_fk" FOREIGN KEY ("telecom_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_surveys" ADD CONSTRAINT "facility_surveys_facility_id_quarantine_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."quarantine_facilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_reports" ADD CONSTRAINT "programme_reports_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "facility_contacts_facility_idx" ON "facility_contacts" USING btree ("facility_id");--> statement-breakpoint
CREATE INDEX "facility_events_facility_at_idx" ON "facility_events" USING btree ("facility_id","at");--> statement-breakpoint
CREATE INDEX "facility_events_kind_at_idx" ON "facility_events" USING btree ("kind","at");--> statement-breakpoint
CREATE INDEX "facility_plans_facility_idx" ON "facility_plans" USING btree ("facility_id","created_at");--> statement-breakpoint
CREATE INDEX "facility_surveys_facility_idx" ON "facility_surveys" USING btree ("facility_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_reports_day_key" ON "programme_reports" USING btree ("programme_id","scope_key","report_date");--> statement-breakpoint
CREATE INDEX "programme_reports_date_idx" ON "programme_reports" USING btree ("report_date");--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_facility_id_quarantine_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."quarantine_facilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD CONSTRAINT "quarantine_facilities_telecom_agency_id_agencies_id_fk" FOREIGN KEY ("telecom_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_open_facility_down" ON "alerts" USING btree ("facility_id") WHERE kind = 'facility_down' AND status IN ('new', 'acknowledged', 'dispatched');--> statement-breakpoint
CREATE INDEX "quarantine_facilities_scope_idx" ON "quarantine_facilities" USING btree ("province_code","status");--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD CONSTRAINT "quarantine_facilities_status_check" CHECK (status IN ('not_surveyed', 'surveyed', 'plan_agreed', 'connecting', 'connected', 'degraded'));--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD CONSTRAINT "quarantine_facilities_stage_check" CHECK (stage IN ('not_surveyed', 'surveyed', 'plan_agreed', 'connecting'));--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD CONSTRAINT "quarantine_facilities_counts_check" CHECK (capacity >= 0 AND occupancy >= 0 AND (required_cameras IS NULL OR required_cameras >= 1));--> statement-breakpoint
-- Contacts move from two columns of the facility to their own table (several per facility).
INSERT INTO "facility_contacts" ("facility_id", "name", "phone", "is_primary")
  SELECT "id", "contact_name", coalesce("contact_phone", ''), true FROM "quarantine_facilities" WHERE "contact_name" IS NOT NULL;--> statement-breakpoint
-- Every facility's history starts with its registration and its first status.
INSERT INTO "facility_events" ("facility_id", "kind", "at", "to_status")
  SELECT "id", 'registered', "created_at", 'not_surveyed' FROM "quarantine_facilities";--> statement-breakpoint
INSERT INTO "programmes" ("id", "name", "name_en", "deadline", "report_minute")
  VALUES ('quarantine-cameras', 'Camera giám sát cơ sở cách ly tập trung', 'Quarantine-facility camera programme', '2021-05-10', 1020)
  ON CONFLICT DO NOTHING;--> statement-breakpoint
-- One rule for every record that is added to and never changed (a facility's history, a frozen report).
CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER facility_events_no_update_delete
  BEFORE UPDATE OR DELETE ON facility_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER programme_reports_no_update_delete
  BEFORE UPDATE OR DELETE ON programme_reports
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

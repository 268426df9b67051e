CREATE TABLE "escalation_policies" (
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"acknowledge_minutes" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "escalation_policies_kind_severity_pk" PRIMARY KEY("kind","severity"),
	CONSTRAINT "escalation_minutes_range" CHECK ("escalation_policies"."acknowledge_minutes" BETWEEN 1 AND 1440)
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "snoozed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "snooze_reason" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "assigned_to" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "assigned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "priority" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "escalation_policies" ADD CONSTRAINT "escalation_policies_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Defaults: a crossing at a hotspot needs an answer within minutes; a camera down can wait for
-- the technician's half hour. Administrators change them (PUT /api/alerts/escalation).
INSERT INTO "escalation_policies" ("kind", "severity", "acknowledge_minutes") VALUES
  ('hotspot_crossing', 'critical', 5), ('hotspot_crossing', 'warning', 10), ('hotspot_crossing', 'info', 15),
  ('tip', 'critical', 10), ('tip', 'warning', 20), ('tip', 'info', 30),
  ('facility_down', 'critical', 15), ('facility_down', 'warning', 30), ('facility_down', 'info', 60),
  ('camera_down', 'critical', 15), ('camera_down', 'warning', 30), ('camera_down', 'info', 60)
ON CONFLICT DO NOTHING;

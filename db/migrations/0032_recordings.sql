CREATE TABLE "recording_gaps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"camera_id" uuid NOT NULL,
	"from_at" timestamp (3) with time zone NOT NULL,
	"to_at" timestamp (3) with time zone NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recording_pins" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"camera_id" uuid NOT NULL,
	"from_at" timestamp (3) with time zone NOT NULL,
	"to_at" timestamp (3) with time zone NOT NULL,
	"alert_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recording_segments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"camera_id" uuid NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"media_sequence" bigint NOT NULL,
	"storage_key" text NOT NULL,
	"init_key" text,
	"content_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "evidence_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "evidence_by" uuid;--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN "record" boolean;--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN "record_retention_hours" integer;--> statement-breakpoint
ALTER TABLE "recording_gaps" ADD CONSTRAINT "recording_gaps_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "public"."cameras"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_pins" ADD CONSTRAINT "recording_pins_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "public"."cameras"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_pins" ADD CONSTRAINT "recording_pins_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_segments" ADD CONSTRAINT "recording_segments_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "public"."cameras"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "recording_gaps_camera_from_key" ON "recording_gaps" USING btree ("camera_id","from_at");--> statement-breakpoint
CREATE INDEX "recording_pins_camera_idx" ON "recording_pins" USING btree ("camera_id","from_at");--> statement-breakpoint
CREATE UNIQUE INDEX "recording_pins_alert_camera_key" ON "recording_pins" USING btree ("alert_id","camera_id");--> statement-breakpoint
CREATE UNIQUE INDEX "recording_segments_camera_started_key" ON "recording_segments" USING btree ("camera_id","started_at");--> statement-breakpoint
CREATE INDEX "recording_segments_started_idx" ON "recording_segments" USING btree ("started_at");--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_evidence_by_users_id_fk" FOREIGN KEY ("evidence_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
ALTER TYPE "public"."alert_status" ADD VALUE 'retracted';--> statement-breakpoint
CREATE TABLE "crossings_retracted" (
	"id" bigint PRIMARY KEY NOT NULL,
	"from_detection_id" bigint NOT NULL,
	"to_detection_id" bigint NOT NULL,
	"camera_id" uuid NOT NULL,
	"track_id" text NOT NULL,
	"direction" "crossing_direction" NOT NULL,
	"crossed_at" timestamp with time zone NOT NULL,
	"class" "detection_class" NOT NULL,
	"count" integer NOT NULL,
	"province_code" text NOT NULL,
	"agency_id" text,
	"geom" geometry(Point, 4326) NOT NULL,
	"retracted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"split_by_detection_id" bigint NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
DROP INDEX "detections_track_idx";--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "retracted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "retraction_reason" text;--> statement-breakpoint
CREATE INDEX "crossings_retracted_at_idx" ON "crossings_retracted" USING btree ("retracted_at");--> statement-breakpoint
CREATE INDEX "crossings_track_idx" ON "crossings" USING btree ("camera_id","track_id");--> statement-breakpoint
CREATE INDEX "detections_track_order_idx" ON "detections" USING btree ("camera_id","track_id","observed_at","event_id" COLLATE "C","device_id");
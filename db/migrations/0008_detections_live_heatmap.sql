CREATE TABLE "detection_cells_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"camera_id" uuid NOT NULL,
	"class" "detection_class" NOT NULL,
	"cell_x" integer NOT NULL,
	"cell_y" integer NOT NULL,
	"n0" integer NOT NULL,
	"n1" integer NOT NULL,
	"n2" integer NOT NULL,
	"n3" integer NOT NULL,
	"n4" integer NOT NULL,
	"n5" integer NOT NULL,
	"n6" integer NOT NULL,
	"n7" integer NOT NULL,
	"n8" integer NOT NULL,
	"n9" integer NOT NULL,
	CONSTRAINT "detection_cells_hourly_hour_camera_id_class_cell_x_cell_y_pk" PRIMARY KEY("hour","camera_id","class","cell_x","cell_y")
);
--> statement-breakpoint
CREATE TABLE "detection_snapshots" (
	"detection_id" bigint PRIMARY KEY NOT NULL,
	"jpeg" "bytea" NOT NULL,
	"bytes" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"payload" jsonb NOT NULL,
	"province_code" text NOT NULL,
	"agency_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "crossings_crossed_idx";--> statement-breakpoint
DROP INDEX "detections_observed_idx";--> statement-breakpoint
ALTER TABLE "detection_snapshots" ADD CONSTRAINT "detection_snapshots_detection_id_detections_id_fk" FOREIGN KEY ("detection_id") REFERENCES "public"."detections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_events_created_idx" ON "live_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "crossings_crossed_id_idx" ON "crossings" USING btree ("crossed_at","id");--> statement-breakpoint
CREATE INDEX "detections_observed_id_idx" ON "detections" USING btree ("observed_at","id");--> statement-breakpoint
CREATE INDEX "detections_camera_observed_idx" ON "detections" USING btree ("camera_id","observed_at","id");--> statement-breakpoint
CREATE INDEX "detections_zones_idx" ON "detections" USING gin ("zone_ids");
CREATE TYPE "public"."border_side" AS ENUM('vn', 'cn', 'sea');--> statement-breakpoint
CREATE TYPE "public"."crossing_direction" AS ENUM('into_vn', 'out_of_vn');--> statement-breakpoint
CREATE TYPE "public"."detection_class" AS ENUM('person', 'vehicle', 'boat', 'animal', 'unknown');--> statement-breakpoint
CREATE TABLE "crossings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"from_detection_id" bigint NOT NULL,
	"to_detection_id" bigint NOT NULL,
	"camera_id" uuid NOT NULL,
	"track_id" text NOT NULL,
	"direction" "crossing_direction" NOT NULL,
	"crossed_at" timestamp with time zone NOT NULL,
	"class" "detection_class" NOT NULL,
	"count" integer NOT NULL,
	"zone_ids" jsonb,
	"province_code" text NOT NULL,
	"agency_id" text,
	"geom" geometry(Point, 4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "detections" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"device_id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"camera_id" uuid NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"class" "detection_class" NOT NULL,
	"confidence" real NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"track_id" text,
	"side" "border_side",
	"border_distance_m" real,
	"zone_ids" jsonb,
	"province_code" text NOT NULL,
	"agency_id" text,
	"geom" geometry(Point, 4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"camera_ids" jsonb NOT NULL,
	"key_prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "crossings" ADD CONSTRAINT "crossings_from_detection_id_detections_id_fk" FOREIGN KEY ("from_detection_id") REFERENCES "public"."detections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crossings" ADD CONSTRAINT "crossings_to_detection_id_detections_id_fk" FOREIGN KEY ("to_detection_id") REFERENCES "public"."detections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crossings" ADD CONSTRAINT "crossings_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "public"."cameras"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "detections" ADD CONSTRAINT "detections_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "detections" ADD CONSTRAINT "detections_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "public"."cameras"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "crossings_pair_key" ON "crossings" USING btree ("from_detection_id","to_detection_id");--> statement-breakpoint
CREATE INDEX "crossings_crossed_idx" ON "crossings" USING btree ("crossed_at");--> statement-breakpoint
CREATE INDEX "crossings_geom_idx" ON "crossings" USING gist ("geom");--> statement-breakpoint
CREATE UNIQUE INDEX "detections_device_event_key" ON "detections" USING btree ("device_id","event_id");--> statement-breakpoint
CREATE INDEX "detections_observed_idx" ON "detections" USING btree ("observed_at");--> statement-breakpoint
CREATE INDEX "detections_track_idx" ON "detections" USING btree ("camera_id","track_id","observed_at");--> statement-breakpoint
CREATE INDEX "detections_geom_idx" ON "detections" USING gist ("geom");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_key_hash_key" ON "devices" USING btree ("key_hash");
CREATE TYPE "public"."alert_status" AS ENUM('open', 'acknowledged', 'resolved');--> statement-breakpoint
ALTER TYPE "public"."camera_status" ADD VALUE 'unsupported';--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"status" "alert_status" DEFAULT 'open' NOT NULL,
	"severity" text DEFAULT 'warning' NOT NULL,
	"camera_id" uuid,
	"message" text NOT NULL,
	"province_code" text NOT NULL,
	"agency_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "camera_status_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"camera_id" uuid NOT NULL,
	"status" "camera_status" NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "video_walls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"layout" integer NOT NULL,
	"camera_ids" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN "stream_username" text;--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN "stream_password" text;--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN "last_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN "media_sequence" bigint;--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN "sequence_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "public"."cameras"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "camera_status_changes" ADD CONSTRAINT "camera_status_changes_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "public"."cameras"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_walls" ADD CONSTRAINT "video_walls_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_created_idx" ON "alerts" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_open_per_camera" ON "alerts" USING btree ("kind","camera_id") WHERE status <> 'resolved';--> statement-breakpoint
CREATE INDEX "camera_status_changes_camera_at_idx" ON "camera_status_changes" USING btree ("camera_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "video_walls_user_name_key" ON "video_walls" USING btree ("user_id","name");
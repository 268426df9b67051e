CREATE TYPE "public"."agency_kind" AS ENUM('border_guard', 'people_committee', 'health', 'information', 'telecom', 'police');--> statement-breakpoint
CREATE TYPE "public"."border_section" AS ENUM('land', 'river', 'maritime');--> statement-breakpoint
CREATE TYPE "public"."camera_kind" AS ENUM('fixed', 'ptz', 'ai');--> statement-breakpoint
CREATE TYPE "public"."camera_status" AS ENUM('unknown', 'live', 'stalled', 'offline');--> statement-breakpoint
CREATE TYPE "public"."checkpoint_kind" AS ENUM('border_gate', 'control_post', 'joint_station', 'wharf');--> statement-breakpoint
CREATE TYPE "public"."position_confidence" AS ENUM('exact_from_data', 'approximate', 'demo');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('leadership', 'operator', 'planner', 'agency_viewer', 'admin');--> statement-breakpoint
CREATE TYPE "public"."zone_kind" AS ENUM('hotspot', 'restricted', 'patrol_sector', 'quarantine_perimeter');--> statement-breakpoint
CREATE TABLE "admin_areas" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"admin_level" integer NOT NULL,
	"country_code" text NOT NULL,
	"province_code" text,
	"source" text NOT NULL,
	"licence" text NOT NULL,
	"accuracy" text,
	"geom" geometry(MultiPolygon, 4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agencies" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" "agency_kind" NOT NULL,
	"province_code" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"ip" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "border_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"section" "border_section" NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"province_code" text NOT NULL,
	"source" text NOT NULL,
	"geom" geometry(MultiLineString, 4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cameras" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text,
	"name" text NOT NULL,
	"name_en" text,
	"description" text,
	"agency_id" text,
	"province_code" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"confidence" "position_confidence" DEFAULT 'exact_from_data' NOT NULL,
	"uncertainty_m" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" "camera_kind" NOT NULL,
	"infrared" boolean DEFAULT false NOT NULL,
	"bearing_deg" real NOT NULL,
	"fov_deg" real NOT NULL,
	"range_m" real NOT NULL,
	"stream_url" text,
	"zone_id" uuid,
	"facility_id" uuid,
	"status" "camera_status" DEFAULT 'unknown' NOT NULL,
	"status_since" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	"geom" geometry(Point, 4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text,
	"name" text NOT NULL,
	"name_en" text,
	"description" text,
	"agency_id" text,
	"province_code" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"confidence" "position_confidence" DEFAULT 'exact_from_data' NOT NULL,
	"uncertainty_m" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" "checkpoint_kind" NOT NULL,
	"staffing" integer DEFAULT 0 NOT NULL,
	"staffed_24h" boolean DEFAULT true NOT NULL,
	"geom" geometry(Point, 4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "places" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" text NOT NULL,
	"confidence" "position_confidence" NOT NULL,
	"uncertainty_m" integer,
	"source" text NOT NULL,
	"geom" geometry(Point, 4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quarantine_facilities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text,
	"name" text NOT NULL,
	"name_en" text,
	"description" text,
	"agency_id" text,
	"province_code" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"confidence" "position_confidence" DEFAULT 'exact_from_data' NOT NULL,
	"uncertainty_m" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"capacity" integer NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"geom" geometry(Point, 4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "role" NOT NULL,
	"agency_id" text NOT NULL,
	"province_code" text,
	"disabled" boolean DEFAULT false NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text,
	"name" text NOT NULL,
	"name_en" text,
	"description" text,
	"agency_id" text,
	"province_code" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"confidence" "position_confidence" DEFAULT 'exact_from_data' NOT NULL,
	"uncertainty_m" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" "zone_kind" NOT NULL,
	"geom" geometry(MultiPolygon, 4326) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cameras" ADD CONSTRAINT "cameras_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cameras" ADD CONSTRAINT "cameras_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."zones"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cameras" ADD CONSTRAINT "cameras_facility_id_quarantine_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."quarantine_facilities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkpoints" ADD CONSTRAINT "checkpoints_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD CONSTRAINT "quarantine_facilities_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zones" ADD CONSTRAINT "zones_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_areas_geom_idx" ON "admin_areas" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","at");--> statement-breakpoint
CREATE INDEX "border_lines_geom_idx" ON "border_lines" USING gist ("geom");--> statement-breakpoint
CREATE UNIQUE INDEX "cameras_code_key" ON "cameras" USING btree ("code");--> statement-breakpoint
CREATE INDEX "cameras_geom_idx" ON "cameras" USING gist ("geom");--> statement-breakpoint
CREATE UNIQUE INDEX "checkpoints_code_key" ON "checkpoints" USING btree ("code");--> statement-breakpoint
CREATE INDEX "checkpoints_geom_idx" ON "checkpoints" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "places_geom_idx" ON "places" USING gist ("geom");--> statement-breakpoint
CREATE UNIQUE INDEX "quarantine_facilities_code_key" ON "quarantine_facilities" USING btree ("code");--> statement-breakpoint
CREATE INDEX "quarantine_facilities_geom_idx" ON "quarantine_facilities" USING gist ("geom");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_key" ON "users" USING btree (lower("username"));--> statement-breakpoint
CREATE UNIQUE INDEX "zones_code_key" ON "zones" USING btree ("code");--> statement-breakpoint
CREATE INDEX "zones_geom_idx" ON "zones" USING gist ("geom");
CREATE TYPE "public"."route_kind" AS ENUM('foot_patrol', 'vehicle_patrol', 'boat_patrol');--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "patrol_routes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text,
	"name" text NOT NULL,
	"name_en" text,
	"description" text,
	"description_en" text,
	"agency_id" text,
	"province_code" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"confidence" "position_confidence" DEFAULT 'exact_from_data' NOT NULL,
	"uncertainty_m" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"severity" text DEFAULT 'medium' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_by_name" text,
	"retired_at" timestamp with time zone,
	"kind" "route_kind" NOT NULL,
	"geom" geometry(LineString, 4326) NOT NULL,
	CONSTRAINT "patrol_routes_severity_check" CHECK (severity IN ('low', 'medium', 'high', 'critical'))
);
--> statement-breakpoint
CREATE TABLE "plan_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"layer" text NOT NULL,
	"object_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by" uuid,
	"changed_by_name" text,
	"changed_fields" jsonb NOT NULL,
	"attributes" jsonb NOT NULL,
	"geom" geometry(Geometry, 4326) NOT NULL,
	"province_code" text NOT NULL,
	"agency_id" text,
	CONSTRAINT "plan_versions_layer_check" CHECK (layer IN ('zones', 'routes', 'posts'))
);
--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN "night_range_m" real;--> statement-breakpoint
ALTER TABLE "checkpoints" ADD COLUMN "severity" text DEFAULT 'medium' NOT NULL;--> statement-breakpoint
ALTER TABLE "checkpoints" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "checkpoints" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
ALTER TABLE "checkpoints" ADD COLUMN "updated_by_name" text;--> statement-breakpoint
ALTER TABLE "checkpoints" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "severity" text DEFAULT 'medium' NOT NULL;--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "updated_by_name" text;--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_routes" ADD CONSTRAINT "patrol_routes_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "patrol_routes_code_key" ON "patrol_routes" USING btree ("code");--> statement-breakpoint
CREATE INDEX "patrol_routes_geom_idx" ON "patrol_routes" USING gist ("geom");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_versions_object_version_key" ON "plan_versions" USING btree ("layer","object_id","version");--> statement-breakpoint
ALTER TABLE "checkpoints" ADD CONSTRAINT "checkpoints_severity_check" CHECK (severity IN ('low', 'medium', 'high', 'critical'));--> statement-breakpoint
ALTER TABLE "zones" ADD CONSTRAINT "zones_severity_check" CHECK (severity IN ('low', 'medium', 'high', 'critical'));--> statement-breakpoint
-- A plan's history is the record of who drew what: versions are added, never changed.
CREATE OR REPLACE FUNCTION plan_versions_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'plan_versions is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER plan_versions_no_update_delete
  BEFORE UPDATE OR DELETE ON plan_versions
  FOR EACH ROW EXECUTE FUNCTION plan_versions_refuse_change();

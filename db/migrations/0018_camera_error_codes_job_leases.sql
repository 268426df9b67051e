CREATE TABLE "job_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "camera_status_changes" ADD COLUMN "error_code" text;--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN "last_error_code" text;
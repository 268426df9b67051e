ALTER TABLE "cameras" ADD COLUMN "description_en" text;--> statement-breakpoint
ALTER TABLE "checkpoints" ADD COLUMN "description_en" text;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD COLUMN "description_en" text;--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "description_en" text;
ALTER TABLE "quarantine_facilities" DROP COLUMN "contact_name";--> statement-breakpoint
ALTER TABLE "quarantine_facilities" DROP COLUMN "contact_phone";
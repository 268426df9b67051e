-- Ed25519 signatures on reports (lib/signing): the key id and the signature over the report's kind,
-- id and content hash, made with a private key kept outside the database, so someone who can write
-- the database can recompute a content hash but not a signature. Reports signed before this
-- migration keep their hash only (they verify as unsigned).
ALTER TABLE "situation_reports" ADD COLUMN "signature_key_id" text;--> statement-breakpoint
ALTER TABLE "situation_reports" ADD COLUMN "signature" text;--> statement-breakpoint
ALTER TABLE "situation_reports" ADD CONSTRAINT "situation_reports_signature_check" CHECK ((signature IS NULL) = (signature_key_id IS NULL));--> statement-breakpoint
ALTER TABLE "programme_reports" ADD COLUMN "signature_key_id" text;--> statement-breakpoint
ALTER TABLE "programme_reports" ADD COLUMN "signature" text;--> statement-breakpoint
ALTER TABLE "programme_reports" ADD CONSTRAINT "programme_reports_signature_check" CHECK ((signature IS NULL) = (signature_key_id IS NULL));

DROP INDEX "alerts_one_open_per_camera";--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "crossing_id" bigint;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_open_camera_down" ON "alerts" USING btree ("camera_id") WHERE kind = 'camera_down' AND status <> 'resolved';--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_crossing_key" ON "alerts" USING btree ("crossing_id");
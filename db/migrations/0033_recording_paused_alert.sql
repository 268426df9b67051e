CREATE UNIQUE INDEX "alerts_one_open_recording_paused" ON "alerts" USING btree ("province_code") WHERE kind = 'recording_paused' AND status IN ('new', 'acknowledged', 'dispatched');--> statement-breakpoint
INSERT INTO "escalation_policies" ("kind", "severity", "acknowledge_minutes") VALUES
  ('recording_paused', 'critical', 15), ('recording_paused', 'warning', 30), ('recording_paused', 'info', 60)
ON CONFLICT DO NOTHING;

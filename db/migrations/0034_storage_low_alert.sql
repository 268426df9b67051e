CREATE UNIQUE INDEX "alerts_one_open_storage_low" ON "alerts" USING btree ("province_code") WHERE kind = 'storage_low' AND status IN ('new', 'acknowledged', 'dispatched');--> statement-breakpoint
INSERT INTO "escalation_policies" ("kind", "severity", "acknowledge_minutes") VALUES
  ('storage_low', 'critical', 15), ('storage_low', 'warning', 30), ('storage_low', 'info', 60)
ON CONFLICT DO NOTHING;

-- One rule for every record that is added to and never changed: the audit log, alerts' history,
-- plans' versions, facilities' history, programme reports. Until now three tables had a function
-- each saying the same; they all use refuse_change() (migration 0023) from here on.
-- A table whose rows belong to a parent (TG_ARGV: the parent table and the column naming it)
-- lets a row go with its parent (ON DELETE CASCADE), and nothing else.
CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  parent_gone boolean;
BEGIN
  IF TG_OP = 'DELETE' AND TG_NARGS = 2 THEN
    EXECUTE format('SELECT NOT EXISTS (SELECT 1 FROM %I WHERE id::text = $1)', TG_ARGV[0])
      INTO parent_gone USING to_jsonb(OLD) ->> TG_ARGV[1];
    IF parent_gone THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
DROP TRIGGER audit_log_no_update_delete ON audit_log;
--> statement-breakpoint
DROP TRIGGER audit_log_no_truncate ON audit_log;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
DROP FUNCTION audit_log_refuse_change();
--> statement-breakpoint
DROP TRIGGER plan_versions_no_update_delete ON plan_versions;
--> statement-breakpoint
CREATE TRIGGER plan_versions_no_update_delete
  BEFORE UPDATE OR DELETE ON plan_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
DROP FUNCTION plan_versions_refuse_change();
--> statement-breakpoint
DROP TRIGGER alert_transitions_no_change ON alert_transitions;
--> statement-breakpoint
CREATE TRIGGER alert_transitions_no_change
  BEFORE UPDATE OR DELETE ON alert_transitions
  FOR EACH ROW EXECUTE FUNCTION refuse_change('alerts', 'alert_id');
--> statement-breakpoint
DROP FUNCTION alert_transitions_append_only();

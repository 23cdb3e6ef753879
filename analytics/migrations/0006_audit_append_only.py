"""The audit trail is append-only in the database too: no UPDATE, and no DELETE except by
archival (which sets pitchey.audit_purge for its own transaction after verifying the rows in the
bucket). The one update let through is ON DELETE SET NULL of a deleted actor, which changes
nothing else in the row."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_logs_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('pitchey.audit_purge', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_logs is append-only: entries cannot be deleted'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
       AND (NEW.id, NEW.action, NEW.content_type_id, NEW.object_id, NEW.ip_address, NEW.data,
            NEW.created_at)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.action, OLD.content_type_id, OLD.object_id, OLD.ip_address, OLD.data,
            OLD.created_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_logs is append-only: entries cannot be changed'
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_logs_append_only
    BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_logs_append_only ON audit_logs;
DROP FUNCTION IF EXISTS audit_logs_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("analytics", "0005_aggregate_covering_index")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]

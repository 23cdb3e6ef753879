"""GDPR erasure may redact an audit entry (its IP and data) without changing what happened,
when, or to which object; it sets pitchey.audit_redact for its own transaction."""

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
    IF (NEW.id, NEW.action, NEW.content_type_id, NEW.object_id, NEW.created_at)
       IS DISTINCT FROM (OLD.id, OLD.action, OLD.content_type_id, OLD.object_id, OLD.created_at)
    THEN
        RAISE EXCEPTION 'audit_logs is append-only: entries cannot be changed'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF current_setting('pitchey.audit_redact', true) = 'on'
       AND NEW.ip_address IS NULL
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id THEN
        RETURN NEW;
    END IF;
    IF NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
       AND (NEW.ip_address, NEW.data) IS NOT DISTINCT FROM (OLD.ip_address, OLD.data) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_logs is append-only: entries cannot be changed'
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""

BACKWARD = migrations.RunSQL.noop


class Migration(migrations.Migration):
    dependencies = [("analytics", "0006_audit_append_only")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]

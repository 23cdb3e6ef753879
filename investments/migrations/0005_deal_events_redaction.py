"""GDPR erasure may blank the note of a deal step (the words of the person erased) without
changing what happened, when, by whom or on which terms; it sets pitchey.audit_redact for its
own transaction, as for the audit log. Every other UPDATE and every DELETE is still refused."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION deal_events_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('pitchey.audit_redact', true) = 'on'
       AND NEW.note = ''
       AND (NEW.id, NEW.deal_id, NEW.actor_id, NEW.kind, NEW.from_status, NEW.to_status,
            NEW.data, NEW.created_at)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.deal_id, OLD.actor_id, OLD.kind, OLD.from_status, OLD.to_status,
            OLD.data, OLD.created_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS deal_events_append_only ON deal_events;
CREATE TRIGGER deal_events_append_only BEFORE UPDATE OR DELETE ON deal_events
    FOR EACH ROW EXECUTE FUNCTION deal_events_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS deal_events_append_only ON deal_events;
DROP FUNCTION IF EXISTS deal_events_append_only();
CREATE TRIGGER deal_events_append_only BEFORE UPDATE OR DELETE ON deal_events
    FOR EACH ROW EXECUTE FUNCTION investments_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("investments", "0004_allocations_and_settings")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]

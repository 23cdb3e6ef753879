"""The money ledger, valuations and deal timelines refuse UPDATE and DELETE in the database
itself, whatever code path (admin, shell, a bug) tries."""

from django.db import migrations

TABLES = ("investment_transactions", "investment_valuations", "deal_events")

FUNCTION = """
CREATE OR REPLACE FUNCTION investments_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def _triggers() -> str:
    return "\n".join(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION investments_append_only();"
        for table in TABLES
    )


def _drop() -> str:
    drops = "\n".join(f"DROP TRIGGER IF EXISTS {t}_append_only ON {t};" for t in TABLES)
    return drops + "\nDROP FUNCTION IF EXISTS investments_append_only();"


class Migration(migrations.Migration):
    dependencies = [("investments", "0001_initial")]

    operations = [migrations.RunSQL(FUNCTION + _triggers(), reverse_sql=_drop())]

"""The ledger refuses UPDATE and DELETE at the database: history is corrected by new entries only."""

from django.db import migrations

POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION ledger_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'ledger entries are append-only (% refused)', TG_OP;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
    """,
]
# SQLite refuses UPDATE only: Django empties tables with DELETE between transactional tests there, and
# `manage.py verify_ledger` names any deleted entry anyway (a gap in the sequence).
SQLITE = [
    """
    CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_ledgerentry
    BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only (UPDATE refused)'); END;
    """,
]
DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS ledger_entry_append_only ON ledger_ledgerentry",
        "DROP FUNCTION IF EXISTS ledger_append_only()",
    ],
    "sqlite": ["DROP TRIGGER IF EXISTS ledger_entry_no_update"],
}


def create(apps, schema_editor):
    for statement in {"postgresql": POSTGRES, "sqlite": SQLITE}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, None)


def drop(apps, schema_editor):
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]

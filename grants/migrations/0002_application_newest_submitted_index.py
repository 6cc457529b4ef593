"""An index for the staff applications list's default order: newest submitted first, drafts (no date) last.

PostgreSQL only: SQLite cannot index ``NULLS LAST``, and the embedded SQLite set-up is small enough not to
need it. Without it PostgreSQL sorts every application of a programme to show one page of 25.
"""
from django.db import migrations

INDEX = "application_newest_submitted"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON grants_application (submitted_at DESC NULLS LAST, id DESC)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]

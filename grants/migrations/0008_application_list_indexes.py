"""Indexes for the staff applications list's other orders and tabs, so each stops after its 25 rows.

0002 serves the default (newest submitted first over everything). A status tab or a round filter with that
order, and the "oldest submitted first" order, each need their own: without them PostgreSQL reads every
matching application and sorts it. PostgreSQL only, like 0002 (SQLite cannot index NULLS LAST).
"""
from django.db import migrations

INDEXES = {
    "application_status_newest": "(status, submitted_at DESC NULLS LAST, id DESC)",
    "application_round_newest": "(round_id, submitted_at DESC NULLS LAST, id DESC)",
    "application_oldest_submitted": "(submitted_at ASC NULLS LAST, id ASC)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON grants_application {columns}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("grants", "0007_review_queue_indexes")]
    operations = [migrations.RunPython(create, drop)]

"""Full-text search on PostgreSQL: a trigger keeps each item's search vector up to date and a GIN index serves
the searches. SQLite (the embedded default) has neither; search there falls back to icontains."""
from django.db import migrations

CREATE = [
    """
    CREATE FUNCTION engagement_feedback_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := to_tsvector('english', coalesce(NEW.text, ''));
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER engagement_feedback_search_vector
    BEFORE INSERT OR UPDATE OF text ON engagement_feedbackitem
    FOR EACH ROW EXECUTE FUNCTION engagement_feedback_search_vector()
    """,
    "CREATE INDEX feedback_search ON engagement_feedbackitem USING gin (search_vector)",
]
DROP = [
    "DROP INDEX IF EXISTS feedback_search",
    "DROP TRIGGER IF EXISTS engagement_feedback_search_vector ON engagement_feedbackitem",
    "DROP FUNCTION IF EXISTS engagement_feedback_search_vector()",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("engagement", "0001_sessions_feedback_questions")]
    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]

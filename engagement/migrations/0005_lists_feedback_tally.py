"""The feedback tally (engagement/tallies.py says why) and, on PostgreSQL, the statement triggers that keep it: each
statement that inserts, updates or deletes items adds one row per round, area, month, service and sentiment it
changed.
Existing items are counted in. Also the covering index the feedback list counts from. SQLite has none of this; the figures
count the items there."""

import django.db.models.deletion
from django.db import migrations, models

KEY = "round_id, area_id, date_trunc('month', held_on)::date, service, sentiment"
INSERT = "INSERT INTO engagement_feedbacktally (round_id, area_id, month, service, sentiment, count)"
CREATE = [
    f"""
    CREATE FUNCTION engagement_feedback_tally() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            {INSERT} SELECT {KEY}, count(*) FROM new_items GROUP BY 1, 2, 3, 4, 5;
        ELSIF TG_OP = 'DELETE' THEN
            {INSERT} SELECT {KEY}, -count(*) FROM old_items GROUP BY 1, 2, 3, 4, 5;
        ELSE
            {INSERT} SELECT r, a, m, s, t, sum(n) FROM (
                SELECT {KEY}, 1 FROM new_items UNION ALL SELECT {KEY}, -1 FROM old_items
            ) AS changed (r, a, m, s, t, n) GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0;
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """CREATE TRIGGER engagement_feedback_tally_insert AFTER INSERT ON engagement_feedbackitem
       REFERENCING NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION engagement_feedback_tally()""",
    """CREATE TRIGGER engagement_feedback_tally_update AFTER UPDATE ON engagement_feedbackitem
       REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items
       FOR EACH STATEMENT EXECUTE FUNCTION engagement_feedback_tally()""",
    """CREATE TRIGGER engagement_feedback_tally_delete AFTER DELETE ON engagement_feedbackitem
       REFERENCING OLD TABLE AS old_items FOR EACH STATEMENT EXECUTE FUNCTION engagement_feedback_tally()""",
    f"{INSERT} SELECT {KEY}, count(*) FROM engagement_feedbackitem GROUP BY 1, 2, 3, 4, 5",
    # The list's counts read the newest matching items in the list's order from this alone (an index-only scan),
    # not from the wide rows with their text and search vector: half the time at a million items.
    """CREATE INDEX feedback_list_facets ON engagement_feedbackitem (held_on DESC, id DESC)
       INCLUDE (round_id, area_id, organisation_id, session_kind, service, sentiment, consent)""",
]
DROP = [
    "DROP INDEX IF EXISTS feedback_list_facets",
    "DROP TRIGGER IF EXISTS engagement_feedback_tally_insert ON engagement_feedbackitem",
    "DROP TRIGGER IF EXISTS engagement_feedback_tally_update ON engagement_feedbackitem",
    "DROP TRIGGER IF EXISTS engagement_feedback_tally_delete ON engagement_feedbackitem",
    "DROP FUNCTION IF EXISTS engagement_feedback_tally()",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('engagement', '0004_feedback_moderation'),
        ('grants', '0009_programme_shares'),
        ('accounts', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='FeedbackTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(help_text="The first day of the month the items' sessions were held in.")),
                ('service', models.CharField(choices=[('gp', 'GP'), ('hospital', 'Hospital'), ('ae', 'A&E'), ('mental_health', 'Mental health'), ('maternity', 'Maternity'), ('pharmacy', 'Pharmacy'), ('dental', 'Dental'), ('social_care', 'Social care'), ('community', 'Community services'), ('nhs111', 'NHS 111'), ('other', 'Other')], max_length=20)),
                ('sentiment', models.CharField(choices=[('positive', 'Positive'), ('negative', 'Negative'), ('neutral', 'Neutral'), ('mixed', 'Mixed')], max_length=10)),
                ('count', models.IntegerField(help_text='Items added (or, negative, taken away).')),
                ('round', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='grants.round')),
                ('area', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.area')),
            ],
            options={
                'ordering': ['round', 'month', 'service', 'sentiment'],
                'indexes': [models.Index(fields=['round', 'month'], name='feedback_tally_round_month')],
            },
        ),
        migrations.RunPython(_run(CREATE), _run(DROP)),
    ]

"""The tag tally (engagement/tallies.py says why) and, on PostgreSQL, the statement triggers that keep it: each
statement that tags or untags items, moves a sub-theme to another theme, or changes an item's round, area, month or
safeguarding flag adds one row per key it changed (sub-theme rows count tags; theme rows count items once per theme).
Existing tags are counted in. SQLite has none of this; the figures count the tags there."""

import django.db.models.deletion
from django.db import migrations, models

TAGS, SUBS, ITEMS = "engagement_feedbacktag", "engagement_subtheme", "engagement_feedbackitem"
INSERT = "INSERT INTO engagement_tagtally (round_id, area_id, month, safeguarding, theme_id, sub_theme_id, count)"
KEY = "i.round_id, i.area_id, date_trunc('month', i.held_on)::date, i.safeguarding"
NONE = "(SELECT NULL::bigint AS id, NULL::bigint AS item_id, NULL::bigint AS sub_theme_id WHERE false)"


def _tag_function(op: str, old: str, new: str) -> str:
    """After tags change: +1/-1 per tag for its sub-theme, and for each touched item the (item, theme) pairs after
    the statement less those before it (before = now, without the new rows, with the old ones)."""
    touched = f"(SELECT item_id FROM {new} n UNION SELECT item_id FROM {old} o)"
    return f"""
    CREATE FUNCTION engagement_tag_tally_{op}() RETURNS trigger AS $$
    BEGIN
        {INSERT} SELECT {KEY}, d.theme_id, d.sub_theme_id, sum(d.n) FROM (
            SELECT item_id, NULL::bigint AS theme_id, sub_theme_id, 1 AS n FROM {new} n
            UNION ALL SELECT item_id, NULL, sub_theme_id, -1 FROM {old} o
            UNION ALL SELECT * FROM (SELECT DISTINCT t.item_id, s.theme_id, NULL::bigint, 1 FROM {TAGS} t
                JOIN {SUBS} s ON s.id = t.sub_theme_id WHERE t.item_id IN {touched}) AS after_pairs
            UNION ALL SELECT * FROM (SELECT DISTINCT x.item_id, s.theme_id, NULL::bigint, -1 FROM (
                SELECT item_id, sub_theme_id FROM {TAGS} WHERE item_id IN {touched}
                    AND id NOT IN (SELECT id FROM {new} n2)
                UNION ALL SELECT item_id, sub_theme_id FROM {old} o2) x
                JOIN {SUBS} s ON s.id = x.sub_theme_id) AS before_pairs
        ) AS d JOIN {ITEMS} i ON i.id = d.item_id
        GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d.n) <> 0;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """


CREATE = [
    _tag_function("insert", NONE, "new_tags"),
    _tag_function("delete", "old_tags", NONE),
    _tag_function("update", "old_tags", "new_tags"),
    f"""CREATE TRIGGER engagement_tag_tally_insert AFTER INSERT ON {TAGS}
       REFERENCING NEW TABLE AS new_tags FOR EACH STATEMENT EXECUTE FUNCTION engagement_tag_tally_insert()""",
    f"""CREATE TRIGGER engagement_tag_tally_delete AFTER DELETE ON {TAGS}
       REFERENCING OLD TABLE AS old_tags FOR EACH STATEMENT EXECUTE FUNCTION engagement_tag_tally_delete()""",
    f"""CREATE TRIGGER engagement_tag_tally_update AFTER UPDATE ON {TAGS}
       REFERENCING OLD TABLE AS old_tags NEW TABLE AS new_tags
       FOR EACH STATEMENT EXECUTE FUNCTION engagement_tag_tally_update()""",
    # A sub-theme moved to another theme (a theme merged): its items' theme pairs before and after.
    f"""
    CREATE FUNCTION engagement_tag_tally_sub_theme() RETURNS trigger AS $$
    BEGIN
        WITH moved AS (SELECT n.id, o.theme_id AS was FROM new_subs n JOIN old_subs o ON o.id = n.id
                       WHERE n.theme_id IS DISTINCT FROM o.theme_id),
             touched AS (SELECT DISTINCT item_id FROM {TAGS} WHERE sub_theme_id IN (SELECT id FROM moved))
        {INSERT} SELECT {KEY}, d.theme_id, NULL, sum(d.n) FROM (
            SELECT * FROM (SELECT DISTINCT t.item_id, s.theme_id, 1 AS n FROM {TAGS} t
                JOIN {SUBS} s ON s.id = t.sub_theme_id WHERE t.item_id IN (SELECT item_id FROM touched)) AS after_pairs
            UNION ALL SELECT * FROM (SELECT DISTINCT t.item_id, COALESCE(m.was, s.theme_id), -1 FROM {TAGS} t
                JOIN {SUBS} s ON s.id = t.sub_theme_id LEFT JOIN moved m ON m.id = s.id
                WHERE t.item_id IN (SELECT item_id FROM touched)) AS before_pairs
        ) AS d JOIN {ITEMS} i ON i.id = d.item_id
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(d.n) <> 0;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    f"""CREATE TRIGGER engagement_tag_tally_sub_theme AFTER UPDATE ON {SUBS}
       REFERENCING OLD TABLE AS old_subs NEW TABLE AS new_subs
       FOR EACH STATEMENT EXECUTE FUNCTION engagement_tag_tally_sub_theme()""",
    # An item's round, area, month or safeguarding flag changed: its tags' and themes' rows move to the new key.
    f"""
    CREATE FUNCTION engagement_tag_tally_item() RETURNS trigger AS $$
    BEGIN
        WITH moved AS (
            SELECT o.id, o.round_id AS r0, o.area_id AS a0, date_trunc('month', o.held_on)::date AS m0,
                   o.safeguarding AS s0, n.round_id AS r1, n.area_id AS a1,
                   date_trunc('month', n.held_on)::date AS m1, n.safeguarding AS s1
            FROM old_items o JOIN new_items n ON n.id = o.id
            WHERE (o.round_id, o.area_id, date_trunc('month', o.held_on), o.safeguarding)
                  IS DISTINCT FROM (n.round_id, n.area_id, date_trunc('month', n.held_on), n.safeguarding)),
        under AS (
            SELECT item_id, NULL::bigint AS theme_id, sub_theme_id FROM {TAGS} WHERE item_id IN (SELECT id FROM moved)
            UNION ALL SELECT * FROM (SELECT DISTINCT t.item_id, s.theme_id, NULL::bigint FROM {TAGS} t
                JOIN {SUBS} s ON s.id = t.sub_theme_id WHERE t.item_id IN (SELECT id FROM moved)) AS pairs)
        {INSERT} SELECT r, a, m, sg, theme_id, sub_theme_id, sum(n) FROM (
            SELECT m.r1 AS r, m.a1 AS a, m.m1 AS m, m.s1 AS sg, u.theme_id, u.sub_theme_id, 1 AS n
                FROM under u JOIN moved m ON m.id = u.item_id
            UNION ALL SELECT m.r0, m.a0, m.m0, m.s0, u.theme_id, u.sub_theme_id, -1
                FROM under u JOIN moved m ON m.id = u.item_id
        ) AS d GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    f"""CREATE TRIGGER engagement_tag_tally_item AFTER UPDATE ON {ITEMS}
       REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items
       FOR EACH STATEMENT EXECUTE FUNCTION engagement_tag_tally_item()""",
    f"""{INSERT} SELECT {KEY}, NULL, t.sub_theme_id, count(*) FROM {TAGS} t JOIN {ITEMS} i ON i.id = t.item_id
        GROUP BY 1, 2, 3, 4, 6""",
    f"""{INSERT} SELECT {KEY}, s.theme_id, NULL, count(DISTINCT t.item_id) FROM {TAGS} t
        JOIN {SUBS} s ON s.id = t.sub_theme_id JOIN {ITEMS} i ON i.id = t.item_id GROUP BY 1, 2, 3, 4, 5""",
]
DROP = [
    f"DROP TRIGGER IF EXISTS engagement_tag_tally_insert ON {TAGS}",
    f"DROP TRIGGER IF EXISTS engagement_tag_tally_delete ON {TAGS}",
    f"DROP TRIGGER IF EXISTS engagement_tag_tally_update ON {TAGS}",
    f"DROP TRIGGER IF EXISTS engagement_tag_tally_sub_theme ON {SUBS}",
    f"DROP TRIGGER IF EXISTS engagement_tag_tally_item ON {ITEMS}",
    *(f"DROP FUNCTION IF EXISTS engagement_tag_tally_{op}()" for op in ("insert", "delete", "update", "sub_theme",
                                                                         "item")),
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_membership_safeguarding_contact'),
        ('engagement', '0010_routing_theme'),
        ('grants', '0009_programme_shares'),
    ]

    operations = [
        migrations.CreateModel(
            name='TagTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(help_text="The first day of the month the items' sessions were held in.")),
                ('safeguarding', models.BooleanField(help_text='Whether the items are safeguarding concerns.')),
                ('count', models.IntegerField(help_text='Items added (or, negative, taken away).')),
                ('area', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.area')),
                ('round', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='grants.round')),
                ('sub_theme', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='engagement.subtheme')),
                ('theme', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='engagement.theme')),
            ],
            options={
                'ordering': ['round', 'month'],
                'indexes': [models.Index(fields=['round', 'month'], name='tag_tally_round_month')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('sub_theme__isnull', False), ('theme__isnull', True)), models.Q(('sub_theme__isnull', True), ('theme__isnull', False)), _connector='OR'), name='tag_tally_theme_or_sub_theme')],
            },
        ),
        migrations.RunPython(_run(CREATE), _run(DROP)),
    ]

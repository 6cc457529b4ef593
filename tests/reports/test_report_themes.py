"""Themes heard, with their counts, in every kind of report: counted once per item per theme, from publishable items
only (a theme carried only by internal, safeguarding or unmoderated items is not there, and they add nothing to a
count) — except the host's quarterly report, which counts as its dashboard does (every item but safeguarding
concerns) — and a spotlight on one of the host's themes."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from engagement.models import Action
from engagement.services.actions import ActionDetails, action_create, action_move
from reports.models import Report, theme_topic
from reports.services import report_request
from tests.reports.helpers import pdf_of, text_of
from tests.reports.theme_helpers import ACCESS, HIDDEN, MENTAL, themed_world

# Built by a real Celery worker (in a thread, on Redis) with real WeasyPrint, as in production.
pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("live_worker")]
YEAR = (dt.date(2026, 4, 1), dt.date(2026, 11, 20))
NOT_PUBLISHABLE = (HIDDEN, "Fear at home", "keep this to yourselves", "being hit", "Unmoderated words")


def _built(world, kind, scope_type, scope_id, period=YEAR, **extra) -> str:
    asked = report_request(actor=world.host_staff, kind=kind, scope_type=scope_type, scope_id=scope_id,
                           starts_on=period[0], ends_on=period[1], **extra)
    return text_of(pdf_of(asked.report))


def _row(text: str, *cells: object) -> bool:
    """The table row whose cells read ``cells`` in order (PDF text runs cells together with spaces)."""
    return re.search(r"\s".join(re.escape(str(c)) for c in cells), text) is not None


def _nothing_unpublishable(text: str) -> None:
    for hidden in NOT_PUBLISHABLE:
        assert hidden not in text, hidden


def test_you_said_we_did_lists_each_theme_with_its_count_and_sub_themes(world):
    themed_world(world)
    text = _built(world, "yswd", "area", world.area.pk)
    assert "Themes heard" in text
    # Appointments counts 7 items, not 10: the internal, safeguarding and unmoderated items tagged there are left out.
    # The report is published, as the public page is: a count from 1 to 4 reads "fewer than 5" there too.
    assert _row(text, ACCESS, 8, "Appointment arrangements (7)", "Contacting services (fewer than 5)"), text
    assert _row(text, MENTAL, 5, "Waiting times (5)")
    assert "Contacting services (2)" not in text and "Mental health fewer than 5" in text
    _nothing_unpublishable(text)


def test_quarterly_compares_each_theme_with_the_quarter_before(world):
    themed_world(world)
    text = _built(world, "quarterly", "host", world.host.pk, period=(dt.date(2026, 10, 1), dt.date(2026, 10, 1)))
    assert "Themes: Q3 2026–27 (October to December 2026) against Q2 2026–27" in text, text
    # Counted as the dashboard and insights page count: every comment heard but the safeguarding concern, so the
    # internal and the unmoderated items add to Access (8, not 6) and the hidden theme is there; their words are not.
    assert _row(text, ACCESS, 8, 2, "+6", "Appointment arrangements (7)", "Contacting services (2)"), text
    assert _row(text, MENTAL, 2, 3, "-1", "Waiting times (2)")
    assert _row(text, HIDDEN, 2, 0, "+2", "Fear at home (2)")
    for words in ("keep this to yourselves", "being hit", "Unmoderated words"):
        assert words not in text, words


def test_funder_report_has_the_themes_heard_in_the_programme(world):
    themed_world(world)
    text = _built(world, "funder", "programme", world.programme.pk)
    assert "Themes heard in the programme" in text
    assert _row(text, ACCESS, 8) and _row(text, MENTAL, 5)
    _nothing_unpublishable(text)


def test_community_report_has_the_themes_heard_at_the_groups_sessions(world):
    themed_world(world)
    text = _built(world, "community", "group", world.group.pk)
    assert "Themes heard at our sessions" in text
    assert _row(text, ACCESS, 8) and _row(text, MENTAL, 5)
    _nothing_unpublishable(text)


def test_a_service_spotlight_lists_the_themes_heard_about_that_service(world):
    themed_world(world)
    text = _built(world, "spotlight", "host", world.host.pk, topic="mental_health")
    # Only October's two waiting-list items were about mental health services (the summer ones were about the GP).
    assert _row(text, MENTAL, 2, "Waiting times (2)")
    assert ACCESS not in text  # every Access item was about the GP
    _nothing_unpublishable(text)


def test_a_theme_spotlight_shows_areas_feelings_sub_themes_quotes_and_the_actions_answering_it(world):
    t = themed_world(world)
    r = t.routed
    answering = action_create(actor=world.host_staff, host=world.host, details=ActionDetails(
        owner=r.provider, title="Phone lines open at 8am", description="plan", published=True,
        what_changed="Calls answered within two minutes", item_ids=[r.quoted.pk]))
    action_move(actor=world.host_staff, action=answering, to=Action.Status.DONE)
    mental_item = t.waiting.items.order_by("pk").first()
    action_create(actor=world.host_staff, host=world.host, details=ActionDetails(
        owner=r.provider, title="A counsellor at the surgery", description="plan", published=True,
        item_ids=[mental_item.pk]))
    text = _built(world, "spotlight", "host", world.host.pk, topic=theme_topic(t.access.pk))
    assert f"8 comments filed under the theme “{ACCESS}”" in text
    assert _row(text, world.area.name, 8)
    assert _row(text, "Appointment arrangements", 7) and _row(text, "Contacting services", 2)
    assert "Nobody answers the phone at the surgery before ten" in text  # quoted, under the theme
    assert "Eight months on the talking therapy list" not in text  # quoted, under another theme only
    assert "Phone lines open at 8am" in text and "Calls answered within two minutes" in text
    assert "A counsellor at the surgery" not in text
    _nothing_unpublishable(text)
    report = Report.objects.get(topic=theme_topic(t.access.pk))
    assert report.title == f"Spotlight report — {ACCESS}: {world.host.name}"

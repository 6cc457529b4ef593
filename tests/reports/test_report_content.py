"""A built report has the right figures and only publishable words, in a tagged PDF with its metadata."""
from __future__ import annotations

import datetime as dt

import pytest

from engagement.models import Action, Session
from engagement.services.actions import ActionDetails, action_create, action_move
from reports.models import Report
from reports.services import report_request
from tests.engagement.routing_helpers import routing_world
from tests.reports.helpers import pdf_of, text_of

# Built by a real Celery worker (in a thread, on Redis) with real WeasyPrint, as in production.
pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("live_worker")]
YEAR = (dt.date(2026, 4, 1), dt.date(2026, 11, 20))


def _ask(world, kind="yswd", scope=("area", None), period=YEAR, **extra) -> Report:
    scope_type, scope_id = scope
    asked = report_request(actor=world.host_staff, kind=kind, scope_type=scope_type,
                           scope_id=scope_id or world.area.pk, starts_on=period[0], ends_on=period[1], **extra)
    return asked.report


def test_you_said_we_did_has_the_figures_quotes_and_actions_and_nothing_else(world):
    r = routing_world(world)
    Session.objects.filter(pk=r.session.pk).update(attendance=37, conversations=12)
    done = action_create(actor=world.host_staff, host=world.host, details=ActionDetails(
        owner=r.provider, title="Phone lines open at 8am", description="plan", published=True,
        what_changed="Calls answered within two minutes", item_ids=[r.quoted.pk]))
    action_move(actor=world.host_staff, action=done, to=Action.Status.DONE)
    reader = pdf_of(_ask(world))
    text = text_of(reader)
    assert "37" in text and "people took part" in text and "12" in text
    assert "Nobody answers the phone at the surgery before ten" in text
    assert "Phone lines open at 8am" in text and "Calls answered within two minutes" in text
    for hidden in ("Dr Patel", "keep this to yourselves", "being hit", "A GP told my mother"):
        assert hidden not in text, hidden


def test_the_pdf_is_tagged_with_its_language_title_and_author(world):
    routing_world(world)
    report = _ask(world)
    reader = pdf_of(report)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]).lower().startswith("en")
    assert reader.metadata.title == report.title
    assert reader.metadata.author == world.host.name
    report.refresh_from_db()
    assert report.pages == len(reader.pages) >= 2 and report.size > 1000


def test_funder_report_money_and_reach(world):
    r = routing_world(world)
    reader = pdf_of(_ask(world, kind="funder", scope=("programme", world.programme.pk)))
    text = text_of(reader)
    grant = r.session.grant
    assert f"{int(grant.amount):,}" in text  # awarded
    assert "groups funded" in text and world.group.name in text
    assert "Money awarded and paid" in text
    # Sessions and reach over time: every month of the period, the session's month with its one session and 20 people.
    assert "Sessions held, over time" in text and "People reached, over time" in text
    assert "Oct 2026 1" in text and "Oct 2026 20" in text and "Apr 2026 0" in text


@pytest.mark.parametrize("kind,scope", [("quarterly", "host"), ("spotlight", "host"), ("community", "group")])
def test_every_other_kind_builds(world, kind, scope):
    routing_world(world)
    scope_id = world.host.pk if scope == "host" else world.group.pk
    period = (dt.date(2026, 10, 15), dt.date(2026, 10, 15)) if kind == "quarterly" else YEAR
    report = _ask(world, kind=kind, scope=(scope, scope_id), period=period,
                  **({"topic": "gp"} if kind == "spotlight" else {}))
    text = text_of(pdf_of(report))
    assert "being hit" not in text and "Dr Patel" not in text
    if kind in ("spotlight", "community", "quarterly"):
        assert "Nobody answers the phone" in text
    if kind == "quarterly":  # the quarter of the start date, against the one before
        report.refresh_from_db()
        assert (report.starts_on, report.ends_on) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
        assert "Q3 2026–27 (October to December 2026)" in text

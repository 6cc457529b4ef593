"""The engagement demo: a year of the regional listening programme as DOMAIN.md reports it, on true dates, built
on the grants demo's grants, and safe to seed twice."""
from __future__ import annotations

import io
from datetime import timedelta

from django.apps import apps
from django.core.management import call_command
from django.db.models import F, Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from engagement import tallies
from engagement.choices import Consent, Service, SessionKind
from engagement.models import (
    Answer,
    DemographicCount,
    FeedbackItem,
    MeetingEvidence,
    Response,
    Session,
    SessionEvent,
    TallyAnswered,
)
from grants.models import Grant
from grants.selectors.grant import condition_compliance
from grassroots.accounts.demo import DEMO_PASSWORD


def _engagement_rows() -> dict[str, int]:
    config = apps.get_app_config("engagement")
    return {m._meta.db_table: m._base_manager.count() for m in config.get_models(include_auto_created=True)}


def _seed() -> None:
    call_command("seed_demo", "--force", stdout=io.StringIO())


def test_the_regional_year_of_listening_reads_true_and_seeding_again_adds_nothing(db):
    _seed()
    today = timezone.localdate()
    sessions = Session.objects.all()

    # About 90 sessions across the five boroughs in one year: 5,000+ people reached, 1,600+ conversations.
    assert 85 <= sessions.count() <= 95
    assert set(sessions.values_list("area__name", flat=True)) == {"Lambeth", "Southwark", "Lewisham", "Greenwich",
                                                                  "Bexley"}
    assert not sessions.filter(held_on__lte=today - timedelta(days=365)).exists()
    totals = sessions.aggregate(people=Sum("attendance"), talks=Sum("conversations"))
    assert totals["people"] >= 5000 and totals["talks"] >= 1600
    assert set(sessions.values_list("kind", flat=True)) == set(SessionKind.values)

    # Mostly submitted, a few drafts, only where the grant is still open; nothing before its grant or after today.
    drafts = sessions.filter(status=Session.Status.DRAFT)
    assert 0 < drafts.count() < sessions.count() // 5
    assert not drafts.exclude(grant__status=Grant.Status.ACTIVE).exists()
    assert not sessions.filter(held_on__gt=today).exists()
    for session in sessions.select_related("grant"):
        assert session.grant.accepted_at and session.held_on > timezone.localdate(session.grant.accepted_at)
        assert session.organisation_id == session.grant.organisation_id
    assert not sessions.filter(submitted_at__lt=F("created_at")).exists()
    assert SessionEvent.objects.filter(to_status=Session.Status.SUBMITTED).count() == sessions.count() - drafts.count()

    # What people said: every service, sentiment and consent, in many different words; a few safeguarding
    # concerns, each e-mailed to the host when it was logged.
    items = FeedbackItem.objects.all()
    assert items.count() >= 400
    assert set(items.values_list("service", flat=True)) == set(Service.values)
    assert set(items.values_list("sentiment", flat=True)) == {"positive", "negative", "neutral", "mixed"}
    assert set(items.values_list("consent", flat=True)) == set(Consent.values)
    assert items.values("text").distinct().count() >= 250
    assert not items.exclude(held_on=F("session__held_on")).exists()
    assert not items.exclude(area=F("session__area")).exists()
    assert tallies.verify() == []  # the kept counts by service and sentiment agree with the items
    concerns = items.filter(safeguarding=True)
    assert 2 <= concerns.count() <= 6
    assert not concerns.filter(safeguarding_notified_at=None).exists()

    # Anonymous counts never add up to more than came.
    for session in sessions.prefetch_related("demographics"):
        by_dimension: dict[str, int] = {}
        for count in session.demographics.all():
            by_dimension[count.dimension] = by_dimension.get(count.dimension, 0) + count.count
        assert all(total <= session.attendance for total in by_dimension.values()), session
    assert DemographicCount.objects.filter(category="prefer_not").exists()

    # The question set answered per person and tallied from paper.
    assert Response.objects.count() >= 20 and Answer.objects.count() >= 100
    assert TallyAnswered.objects.exists()

    # Thinking Partners meetings count towards the condition: some open grants meet it now, others not yet.
    assert MeetingEvidence.objects.count() >= 3
    assert all(link.evidence.source == f"engagement.session:{link.session_id}"
               and link.evidence.condition.grant_id == link.session.grant_id
               for link in MeetingEvidence.objects.select_related("evidence__condition", "session"))
    met = {}
    for grant in Grant.objects.filter(status=Grant.Status.ACTIVE, sessions__isnull=False).distinct():
        tp = [c for c in condition_compliance(grant) if "Thinking Partners" in c.condition.title]
        met[grant.pk] = tp[0].met
    assert any(met.values()) and not all(met.values())
    assert all(met[link.session.grant_id] for link in MeetingEvidence.objects.select_related("session")
               if link.session.grant_id in met)

    # The demo's group login has sessions to look at.
    client = Client()
    client.post(reverse("accounts:login"), {"username": "grace.thompson@brixtonelders.example.org",
                                            "password": DEMO_PASSWORD})
    mine = Session.objects.filter(organisation__name="Brixton Elders Lunch Club").first()
    assert mine is not None
    assert client.get(reverse("engagement:session_detail", args=[mine.pk])).status_code == 200

    first = _engagement_rows()
    _seed()
    assert _engagement_rows() == first

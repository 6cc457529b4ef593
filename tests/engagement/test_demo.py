"""The engagement demo: a year of the regional listening programme as DOMAIN.md reports it, on true dates, built
on the grants demo's grants, and safe to seed twice."""
from __future__ import annotations

import io
from datetime import timedelta

from django.apps import apps
from django.core.management import call_command
from django.db.models import Count, F, Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from engagement import tallies
from engagement.choices import Consent, Service, SessionKind
from engagement.models import (
    Action,
    Answer,
    DemographicCount,
    FeedbackItem,
    FeedbackTag,
    MeetingEvidence,
    ModerationDecision,
    Response,
    Routing,
    RoutingRecipient,
    SafeguardingCase,
    Session,
    SessionEvent,
    Suggestion,
    TallyAnswered,
    Theme,
)
from engagement.selectors.sharing import feedback_that_may_leave
from grants.models import Grant, Programme
from grants.selectors.grant import condition_compliance
from grassroots.accounts.demo import DEMO_PASSWORD
from grassroots.accounts.models import Area


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
    submitted = SessionEvent.objects.filter(from_status=Session.Status.DRAFT, to_status=Session.Status.SUBMITTED)
    assert submitted.count() == sessions.count() - drafts.count()

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


def _page(client: Client, name: str, pk: int) -> str:
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_listening_loop_is_shown_whole_for_building_trust_and_the_regional_year(db):
    _seed()
    today = timezone.localdate()
    trust = Programme.objects.get(name="Building Trust")

    # Thirteen listening events, all submitted, heard by the council's taxonomy of thirteen themes.
    events = Session.objects.filter(round__programme=trust, kind=SessionKind.LISTENING)
    assert events.count() == 13 and not events.exclude(status=Session.Status.SUBMITTED).exists()
    assert Theme.objects.filter(owner=trust.lead, retired=False).count() == 13
    items = FeedbackItem.objects.filter(round__programme=trust, safeguarding=False)
    assert items.count() >= 60 and not items.filter(tags__isnull=True).exists()  # every item themed
    assert FeedbackTag.objects.filter(item__in=items, from_suggestion=True).exists()
    assert Suggestion.objects.filter(item__in=items, status=Suggestion.Status.REJECTED).exists()
    moderated = dict(items.values_list("moderation").annotate(n=Count("pk")))
    assert moderated[FeedbackItem.Moderation.APPROVED] > moderated.get(FeedbackItem.Moderation.REJECTED, 0) > 0
    assert items.exclude(redacted_text="").exists()
    assert ModerationDecision.objects.filter(item__in=items).count() == items.exclude(moderation="pending").count()

    # Four key priorities and twenty-one solutions, each ranked without gaps, in every status.
    actions = Action.objects.filter(programme=trust)
    for kind, count in ((Action.Kind.PRIORITY, 4), (Action.Kind.SOLUTION, 21)):
        assert sorted(actions.filter(kind=kind).values_list("rank", flat=True)) == list(range(1, count + 1))
    assert "maternity" in actions.get(kind=Action.Kind.PRIORITY, rank=1).title
    assert set(actions.values_list("status", flat=True)) == set(Action.Status.values)
    assert not actions.filter(status=Action.Status.NOT_POSSIBLE, reason="").exists()
    assert not actions.filter(status=Action.Status.DONE, completed_on=None).exists()
    assert actions.filter(published=True).exists() and actions.filter(published=False).exists()
    assert not actions.filter(items__isnull=True, sessions__isnull=True).exists()  # each answers what was said
    assert set(actions.values_list("owner__kind", flat=True)) == {"council", "provider"}  # ICB is a council kind

    # Feedback sent to the ICB, the NHS trust and the council: some answered, some awaiting, some overdue.
    recipients = RoutingRecipient.objects.all()
    assert {"NHS South East London ICB", "King's College Hospital NHS Foundation Trust", "Lewisham Council"} <= set(
        recipients.values_list("organisation__name", flat=True))
    answered = recipients.filter(status=RoutingRecipient.Status.ANSWERED)
    assert answered.exists() and not answered.filter(answer="").exists()
    assert not answered.filter(answered_at__date__lt=F("routing__sent_on")).exists()
    waiting = recipients.exclude(status=RoutingRecipient.Status.ANSWERED)
    assert waiting.filter(due_on__lt=today).exists() and waiting.filter(due_on__gte=today).exists()
    assert Routing.objects.filter(host=trust.lead).exists()
    # A whole theme sent on too; the organisations already holding some of its items are not sent them again.
    by_theme = Routing.objects.get(theme__isnull=False)
    assert by_theme.title.startswith(by_theme.theme.name) and by_theme.recipients.count() == 2
    assert any(r.left_out.exists() for r in by_theme.recipients.all())
    for routing in Routing.objects.all():  # nothing sent that may not leave, nothing sent before it was approved
        sent = FeedbackItem.objects.filter(routings=routing)
        assert sent.count() == feedback_that_may_leave(sent).count() > 0
        assert not sent.filter(moderated_at__date__gt=routing.sent_on).exists()

    # Every safeguarding concern followed up, with a timeline; most closed.
    cases = SafeguardingCase.objects.all()
    assert cases.count() == FeedbackItem.objects.filter(safeguarding=True).count()
    assert cases.filter(status=SafeguardingCase.Status.CLOSED).exists()
    assert cases.exclude(status=SafeguardingCase.Status.CLOSED).exists()
    assert all(case.events.count() >= 2 for case in cases)

    # The public page for Building Trust shows published priorities and solutions and people's words, and
    # nothing that may not leave: no unpublished action, no internal or unapproved words, no redacted original.
    page = _page(Client(), "engagement:public_programme", trust.pk)
    for action in actions:
        assert (escape(action.title) in page) == action.published, action.title
    leaving = feedback_that_may_leave(items)
    newest = items.filter(consent=Consent.QUOTE).order_by("-held_on", "-pk")[:12]
    assert set(newest) - set(leaving)  # the page could show words it may not, were the rule not kept
    assert [i for i in leaving.filter(consent=Consent.QUOTE) if f"“{escape(i.published_text)}”" in page]
    published = {i.published_text for i in leaving}  # the same words said at two events may leave once
    kept_back = FeedbackItem.objects.filter(round__programme=trust).exclude(pk__in=leaving)
    assert kept_back.exists() and leaving.exclude(redacted_text="").exists()
    for item in [*kept_back, *leaving.exclude(redacted_text="")]:
        if item.text not in published:
            assert f"“{escape(item.text)}”" not in page, item.text  # as a quote is shown

    # An area's page too: Lambeth's year, with what was done there.
    lambeth = _page(Client(), "engagement:public_area", Area.objects.get(name="Lambeth").pk)
    assert "Two more GP phone lines in the morning" in lambeth
    assert "Interpreters booked by the practice" not in lambeth  # not published

    # A community group sees what happened to what its people said: an action done, linked to its feedback.
    client = Client()
    client.post(reverse("accounts:login"), {"username": "grace.thompson@brixtonelders.example.org",
                                            "password": DEMO_PASSWORD})
    done = Action.objects.filter(items__organisation__name="Brixton Elders Lunch Club", status=Action.Status.DONE)
    assert done.exists()
    assert escape(done.first().title) in client.get(reverse("engagement:group_outcomes")).content.decode()
    assert "What happened" in client.get(reverse("dashboard")).content.decode()

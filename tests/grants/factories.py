"""Grant objects in each state, built through the same services the pages use, and the helpers the grant tests share."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from grants import tallies
from grants.models import Application, Grant, Programme, ProgrammeShare, Review, Round
from grants.services import applications as app_services
from grants.services import grants as grant_services
from grants.services import reviews as review_services
from grants.services.decisions import grant_award
from grassroots.accounts.models import Membership, Organisation, User
from tests.factories import make_member, make_org, make_programme, make_round

# --- Applications ---------------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def eligible_answers(rnd: Round) -> dict[int, bool]:
    return {q.pk: q.passing_answer for q in rnd.eligibility_questions.all()}


def make_draft(world, *, organisation=None, actor=None, rnd: Round | None = None, complete: bool = True,
               amount: str = "2400", title: str = "Lunch and listen") -> Application:
    rnd = rnd or world.round
    actor = actor or world.group_member
    organisation = organisation or world.group
    application = app_services.application_start(actor=actor, organisation=organisation, round=rnd,
                                                 answers=eligible_answers(rnd))
    if not complete:
        return application
    app_services.application_save_section(actor=actor, application=application, section="group", data={
        "contact_name": actor.full_name, "contact_email": actor.email, "contact_phone": "020 7946 0000",
        "group_description": "A weekly lunch club for older Caribbean residents."})
    app_services.application_save_section(actor=actor, application=application, section="activity", data={
        "title": title, "summary": "Six lunches where elders talk about their GP and hospital care.",
        "activity_description": "We cook, eat together and a trained volunteer listens and writes down feedback.",
        "start_date": date(2026, 6, 1), "end_date": date(2026, 10, 30)})  # ended: its report is open
    app_services.application_save_section(actor=actor, application=application, section="communities", data={
        "communities": "Older Caribbean residents of Brixton, many living alone."})
    app_services.application_save_section(actor=actor, application=application, section="sessions", data={
        "planned_sessions": 6, "expected_reach": 120, "expected_conversations": 60})
    total = Decimal(amount)
    app_services.application_save_budget(actor=actor, application=application, amount_requested=total,
                                         lines=[("Food and venue", total - Decimal("400")),
                                                ("Volunteer travel", Decimal("400"))])
    for doc in rnd.required_documents.all():
        app_services.document_add(actor=actor, application=application, required_document=doc,
                                  upload=SimpleUploadedFile("safeguarding.pdf", PDF_BYTES, "application/pdf"))
    application.refresh_from_db()
    return application


def make_submitted(world, **kwargs) -> Application:
    application = make_draft(world, **kwargs)
    return app_services.application_submit(actor=kwargs.get("actor") or world.group_member, application=application)


def make_under_review(world, **kwargs) -> Application:
    application = make_submitted(world, **kwargs)
    return app_services.application_start_review(actor=world.host_staff, application=application)


# --- The group's application pages ----------------------------------------------------------------

SECTION_URLS = ("application_tasks", "application_budget", "application_documents", "application_check",
                "application_submitted", "application_detail", "application_withdraw")


def section_url(application: Application, section: str) -> str:
    return reverse("grants:application_section", args=[application.pk, section])


def group_only_urls(application: Application) -> list[str]:
    urls = [reverse(f"grants:{name}", args=[application.pk]) for name in SECTION_URLS]
    urls += [section_url(application, s) for s in ("group", "activity", "communities", "sessions")]
    return urls


# --- Reviews (assignment itself is host staff's job) ----------------------------------------------

def assign(world, application: Application, reviewer: User | None = None, **extra) -> Review:
    """A review created directly (no e-mail, no status change); it keeps the review tally as ``review_assign`` does."""
    review = Review.objects.create(application=application, reviewer=reviewer or world.commissioner,
                                   assigned_by=world.host_staff, **extra)
    tallies.review_changed(review, None, review.status)
    return review


def second_commissioner(world, name: str = "Kofi Second") -> User:
    return make_member(world.icb, Membership.Role.COMMISSIONER, name=name)


def other_icb_commissioner() -> User:
    """A commissioner of an ICB that is not linked to the world's programme."""
    icb = make_org("NHS North Central London ICB", Organisation.Kind.COUNCIL)
    return make_member(icb, Membership.Role.COMMISSIONER, name="Nia Elsewhere")


def submitted_review(world, application: Application, reviewer: User, scores: list[int],
                     recommendation: str = Review.Recommendation.FUND, comment: str = "") -> Review:
    review = assign(world, application, reviewer)
    review_services.review_declare_conflict(actor=reviewer, review=review, has_conflict=False)
    criteria = list(application.round.criteria.all())
    review_services.review_save_scores(actor=reviewer, review=review,
                                       scores={c.pk: (s, "") for c, s in zip(criteria, scores, strict=True)},
                                       recommendation=recommendation, comment=comment)
    return review_services.review_submit(actor=reviewer, review=review)


# --- Awarded grants -------------------------------------------------------------------------------

REPORT = {
    "what_happened": "Six lunches; elders talked about GP appointments and hospital discharge.",
    "sessions_held": 6, "people_reached": 130, "conversations": 64, "amount_spent": Decimal("1980.00"),
    "spend_notes": "Food cost a little less than planned.", "story": "One elder got a hearing test booked.",
}


def make_grant(world, *, amount: str = "2000", **kwargs) -> Grant:
    return grant_award(actor=world.commissioner, application=make_under_review(world, **kwargs),
                       amount=Decimal(amount))


def make_active(world, **kwargs) -> Grant:
    grant = make_grant(world, **kwargs)
    return grant_services.grant_accept(actor=world.group_member, grant=grant, signature="Grace Member")


def make_report_submitted(world, **kwargs) -> Grant:
    grant = make_active(world, **kwargs)
    grant_services.monitoring_report_save(actor=world.group_member, report=grant.report, data=REPORT)
    grant_services.monitoring_report_submit(actor=world.group_member, report=grant.report)
    grant.refresh_from_db()
    return grant


# --- A second host, round form data and bulk rows for list tests ----------------------------------

def make_other_host(world):
    """Healthwatch Elsewhere, its staff member, and a programme and round of its own."""
    other_host = make_org("Healthwatch Elsewhere", Organisation.Kind.HOST)
    staff = make_member(other_host, Membership.Role.STAFF, email="eli@healthwatch-elsewhere.org.uk", name="Eli Else")
    programme = make_programme("Elsewhere Voices", funder=world.funder, lead=other_host)
    rnd = make_round(programme, name="Elsewhere round")
    return other_host, staff, programme, rnd


def programme_money(budget: str = "130000") -> dict[str, str]:
    """The programme form's budget and years: five financial years from April 2026."""
    return {"budget": budget, "starts_on_0": "1", "starts_on_1": "4", "starts_on_2": "2026",
            "ends_on_0": "31", "ends_on_1": "3", "ends_on_2": "2031"}


def round_post(**overrides) -> dict[str, str]:
    data = {
        "name": "2027 round", "description": "Small grants for listening events.",
        "budget": "20000", "min_award": "250", "max_award": "5000",
        "opens_on_0": "1", "opens_on_1": "3", "opens_on_2": "2027", "opens_time": "09:00",
        "closes_on_0": "30", "closes_on_1": "4", "closes_on_2": "2027", "closes_time": "17:00",
        "published": "on", "report_due_days": "365", "applications_per_group": "1",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def bulk_applications(world, n: int, *, status: str = "submitted", rnd=None, organisation=None,
                      title: str = "Lunch and listen", prefix: str = "B", amount: str = "1500"):
    """Many list rows at once. The list reads columns only, so rows need not pass through every service;
    like any bulk import that bypasses the services, it then recounts the kept tallies."""
    now = timezone.now()
    rows = [
        Application(round=rnd or world.round, organisation=organisation or world.group, status=status,
                    reference=f"GR-{prefix}-{i:05d}", title=f"{title} {i}", created_by=world.group_member,
                    amount_requested=Decimal(amount),
                    submitted_at=None if status == "draft" else now - timedelta(hours=i))
        for i in range(n)
    ]
    created = Application.objects.bulk_create(rows)
    tallies.rebuild()
    return created


# --- A programme shared by several hosts ----------------------------------------------------------

@dataclass
class Shared:
    """The regional fund in miniature: £99,000 led by the world's host, with shares for two more hosts."""

    programme: Programme
    lead_share: ProgrammeShare
    southwark: Organisation
    southwark_share: ProgrammeShare
    southwark_staff: User
    southwark_round: Round
    council: Organisation
    council_share: ProgrammeShare
    council_staff: User
    lead_round: Round


def make_shared_programme(world, *, budget: str = "99000") -> Shared:
    southwark = world.other_area.host_organisation
    council = make_org("Lewisham Council", Organisation.Kind.COUNCIL)
    programme = make_programme("South East London Grassroots Fund", funder=world.funder, lead=world.host,
                               budget=budget, shares={world.host: "20000", southwark: "20000", council: "20000"})
    programme.commissioners.add(world.icb)
    shares = {s.host_id: s for s in programme.shares.all()}
    southwark_staff = make_member(southwark, Membership.Role.STAFF, email="sam@healthwatchsouthwark.org.uk",
                                  name="Sam Southwark")
    council_staff = make_member(council, Membership.Role.STAFF, email="leo@lewisham.gov.uk", name="Leo Council")
    return Shared(
        programme=programme, lead_share=shares[world.host.pk], southwark=southwark,
        southwark_share=shares[southwark.pk], southwark_staff=southwark_staff,
        southwark_round=make_round(programme, name="Southwark 2026 round", budget="15000",
                                   share=shares[southwark.pk]),
        council=council, council_share=shares[council.pk], council_staff=council_staff,
        lead_round=make_round(programme, name="Lambeth 2026 round", budget="15000", share=shares[world.host.pk]),
    )

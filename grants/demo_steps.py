"""The dated steps the grants demo is told in: each runs one service on its own day (``demo_clock``)."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from grants.models import (
    Application,
    ConditionTemplate,
    Criterion,
    EligibilityQuestion,
    Grant,
    Programme,
    ProgrammeShare,
    RequiredDocument,
    Review,
    Round,
)
from grants.services import applications as apps
from grants.services import decisions, grants, reviews, staff
from grassroots.accounts.demo import demo_clock
from grassroots.accounts.models import Membership, Organisation, User

DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

IDEAS = [
    ("Lunch and listen", "Monthly lunches where elders talk about GP access and hospital discharge.", "Older residents"),
    ("Coffee and conversation", "Coffee mornings with an interpreter so mothers can talk about maternity care.",
     "Mothers who speak little English"),
    ("Walk and talk", "Weekly walks in the park with a listening volunteer and a health champion.", "Men aged 40 to 70"),
    ("Stories from the shed", "Woodwork sessions where men talk about mental health and their GP.", "Isolated older men"),
    ("Sign and share", "BSL-led evenings about booking appointments without a phone.", "Deaf BSL users"),
    ("Young voices on wellbeing", "Youth club sessions on school nurses, CAMHS and waiting lists.", "Young people 14–25"),
    ("Kitchen table talks", "Home-cooked meals with conversations on diabetes and pharmacy services.",
     "South Asian families"),
    ("Faith and health listening", "Listening circles after worship on trust in the NHS and racism in care.",
     "Black church congregations"),
]


STORIES = [
    "One woman told us she had stopped going to her GP because she could not book by phone. After our session a "
    "volunteer helped her register for the online system, and she has since had a check-up.",
    "A man who had not seen a dentist in six years heard at our lunch that the practice on the high street takes NHS "
    "patients again. He went the next week and brought his brother.",
    "A young carer told the Healthwatch volunteer that nobody at the hospital had asked whether she was coping. The "
    "ward now asks every family member who visits.",
    "Two mothers learned at our coffee morning that they could ask for an interpreter at antenatal appointments. "
    "Both did, and told us it was the first time they understood the plan for their birth.",
]


def staff_of(host: Organisation) -> User:
    membership = Membership.objects.filter(organisation=host, role__in=[Membership.Role.STAFF, Membership.Role.ADMIN]) \
        .select_related("user").order_by("role", "pk").first()
    assert membership is not None, f"{host} has no staff in the core demo"
    return membership.user


def commissioners(orgs: list[Organisation]) -> list[User]:
    return [m.user for m in Membership.objects.filter(organisation__in=orgs).select_related("user").order_by("pk")
            if m.role in (Membership.Role.COMMISSIONER, Membership.Role.STAFF)]


def make_round(programme: Programme, name: str, budget: int, max_award: int, *, opens: datetime, closes: datetime,
           published: bool = True, report_due_days: int = 270, share: ProgrammeShare | None = None) -> Round:
    """A round on its real dates in a host's share (the lead's when not given), set up a fortnight before it opens."""
    with demo_clock(min(opens - timedelta(days=14), timezone.now())):
        return round_now(programme, name, budget, max_award, opens=opens, closes=closes, published=published,
                          report_due_days=report_due_days, share=share)


def round_now(programme: Programme, name: str, budget: int, max_award: int, *, opens: datetime, closes: datetime,
               published: bool, report_due_days: int, share: ProgrammeShare | None = None) -> Round:
    rnd = Round.objects.create(
        programme=programme, share=share or programme.shares.get(host_id=programme.lead_id), name=name,
        budget=Decimal(budget), min_award=Decimal(250), max_award=Decimal(max_award),
        opens_at=opens, closes_at=closes, published=published, report_due_days=report_due_days,
        description="Small grants for community groups to run events where people the NHS seldom hears from can "
                    "talk about their experience of health and care.")
    EligibilityQuestion.objects.bulk_create([
        EligibilityQuestion(round=rnd, order=1, text="Does your group work with people who live in the fund's area?",
                            passing_answer=True,
                            failure_message="This fund is for groups working with people who live in its area."),
        EligibilityQuestion(round=rnd, order=2, text="Is your group's yearly income more than £250,000?",
                            passing_answer=False,
                            failure_message="This fund is for small groups with a yearly income under £250,000. "
                                            "Your local council's community fund may suit you better."),
        EligibilityQuestion(round=rnd, order=3, text="Does your group have a safeguarding policy?",
                            help_text="Your Healthwatch can help you write one: ask them before you apply.",
                            passing_answer=True,
                            failure_message="You need a safeguarding policy before you apply. Your Healthwatch "
                                            "can help you write one."),
    ])
    Criterion.objects.bulk_create([
        Criterion(round=rnd, order=1, name="Reach into seldom-heard communities", weight=40,
                  guidance="1: no clear plan to reach people. 3: reaches people who already use services. "
                           "5: a trusted route to people the NHS rarely hears from."),
        Criterion(round=rnd, order=2, name="Quality of the listening plan", weight=35,
                  guidance="How feedback will be gathered, recorded with consent and shared."),
        Criterion(round=rnd, order=3, name="Value for money", weight=25,
                  guidance="Costs are realistic and most of the money reaches the community."),
    ])
    ConditionTemplate.objects.bulk_create([
        ConditionTemplate(round=rnd, title="A member of the group attends Thinking Partners", required_count=2,
                          evidence_kind=ConditionTemplate.EvidenceKind.MEETING,
                          description="Someone from the group attends at least two NHS Thinking Partners meetings."),
        ConditionTemplate(round=rnd, title="An end-of-grant report is accepted", required_count=1,
                          evidence_kind=ConditionTemplate.EvidenceKind.REPORT),
    ])
    RequiredDocument.objects.create(round=rnd, name="Safeguarding policy", mandatory=True)
    RequiredDocument.objects.create(round=rnd, name="Latest accounts or bank statement", mandatory=False)
    return rnd


def fresh(application: Application) -> Application:
    """Services save a locked copy: read the application again so its amount and status are the real ones."""
    return Application.objects.select_related("round__programme").get(pk=application.pk)


def budget_lines(amount: int) -> list[tuple[str, Decimal]]:
    total = Decimal(amount)
    lines = [("Venue hire", (total * Decimal("0.3")).quantize(Decimal("1"))),
             ("Food and refreshments", (total * Decimal("0.4")).quantize(Decimal("1")))]
    lines.append(("Interpreters and volunteer expenses", total - sum(a for _, a in lines)))
    return lines


def apply(rnd: Round, group: Organisation, member: User, n: int, *, amount: int, when: datetime,
           complete: bool = True) -> Application:
    """A group checks it is eligible and fills in its application, on the day ``when``."""
    title, summary, who = IDEAS[n % len(IDEAS)]
    answers = {q.pk: q.passing_answer for q in rnd.eligibility_questions.all()}
    with demo_clock(when):
        application = apps.application_start(actor=member, organisation=group, round=rnd, answers=answers)
        apps.application_save_section(actor=member, application=application, section="group", data={
            "contact_name": member.full_name, "contact_email": member.email,
            "contact_phone": "020 7946 0" + f"{n:03d}",
            "group_description": f"{group.name} is run by volunteers and works with "
                                 f"{group.communities_served.lower()}."})
        if not complete:
            return fresh(application)
        start = timezone.localdate() + timedelta(days=45)
        apps.application_save_section(actor=member, application=application, section="activity", data={
            "title": f"{title} — {group.name}", "summary": summary,
            "activity_description": f"{summary} A trained volunteer writes down what people say, with their "
                                    "consent, and we share it with Healthwatch after every session.",
            "start_date": start, "end_date": start + timedelta(days=180)})
        apps.application_save_section(actor=member, application=application, section="communities", data={
            "communities": f"{group.communities_served}. {who} who rarely take part in NHS consultations."})
        sessions = 4 + n % 6
        apps.application_save_section(actor=member, application=application, section="sessions", data={
            "planned_sessions": sessions, "expected_reach": sessions * (15 + 3 * (n % 5)),
            "expected_conversations": sessions * (6 + n % 4)})
        apps.application_save_budget(actor=member, application=application, lines=budget_lines(amount),
                                     amount_requested=Decimal(amount))
        for doc in rnd.required_documents.filter(mandatory=True):
            apps.document_add(actor=member, application=application, required_document=doc,
                              upload=SimpleUploadedFile("safeguarding-policy.pdf", DEMO_PDF, "application/pdf"))
    return fresh(application)


def submit(application: Application, member: User, when: datetime) -> Application:
    with demo_clock(when):
        return apps.application_submit(actor=member, application=application)


def check(application: Application, host_staff: User, when: datetime, kind: str, note: str) -> None:
    with demo_clock(when):
        staff.application_check_record(actor=host_staff, application=application, kind=kind, outcome="passed",
                                       note=note)


def review(application: Application, host_staff: User, reviewer: User, scores: list[int] | None, *,
            when: datetime, conflict: bool = False, submit: bool = True) -> Review:
    """Assigned on ``when``; the reviewer declares interests and scores over the next two days."""
    with demo_clock(when):
        review = staff.review_assign(actor=host_staff, application=application, reviewer=reviewer)
    if scores is None and not conflict:
        return review  # assigned, not started
    with demo_clock(when + timedelta(days=1)):
        review = reviews.review_declare_conflict(actor=reviewer, review=review, has_conflict=conflict,
                                                 details="I volunteer with this group." if conflict else "")
    if conflict or scores is None:
        return review
    criteria = list(application.round.criteria.all())
    mean = sum(scores) / len(scores)
    recommendation = "fund" if mean >= 3.5 else "fund_with_changes" if mean >= 2.5 else "do_not_fund"
    with demo_clock(when + timedelta(days=2)):
        reviews.review_save_scores(
            actor=reviewer, review=review, recommendation=recommendation,
            comment="A trusted group with a clear plan." if mean >= 3 else "The plan to reach people is not yet clear.",
            scores={c.pk: (s, "") for c, s in zip(criteria, scores, strict=True)})
        if submit:
            review = reviews.review_submit(actor=reviewer, review=review)
    return review


def award(application: Application, commissioner: User, when: datetime, *, amount: Decimal | None = None,
           note: str = "") -> Grant:
    """Award what the group asked for (unless the panel said otherwise, with a note)."""
    application = fresh(application)
    assert application.amount_requested is not None
    with demo_clock(when):
        return decisions.grant_award(actor=commissioner, application=application,
                                     amount=amount or application.amount_requested, note=note)


def pay(grant: Grant, host_staff: User, number: int, when: datetime) -> None:
    payment = grant.payments.order_by("number")[number - 1: number].first()
    if payment is not None and payment.status != payment.Status.PAID:
        with demo_clock(when):
            grants.payment_mark_paid(actor=host_staff, payment=payment, paid_on=timezone.localdate(),
                                     reference=f"BACS {grant.reference}-{number}")


def thinking_partners(grant: Grant, host_staff: User, when: datetime, workstream: str) -> None:
    tp = grant.conditions.filter(evidence_kind=ConditionTemplate.EvidenceKind.MEETING).first()
    if tp is not None:
        with demo_clock(when + timedelta(days=1)):
            grants.condition_evidence_record(actor=host_staff, condition=tp, occurred_on=timezone.localdate(when),
                                             description=f"Attended Thinking Partners ({workstream} workstream)")


def report_figures(grant: Grant, n: int) -> dict[str, Any]:
    """Each group's own figures: what it planned, give or take, and a little under budget."""
    app = grant.application
    sessions = max(1, (app.planned_sessions or 4) - n % 2)
    reached = sessions * (14 + 5 * (n % 4)) + 3 * n
    return {"sessions_held": sessions, "people_reached": reached, "conversations": reached * (30 + 4 * n) // 100,
            "amount_spent": grant.amount - Decimal(25 * (n % 3))}


def run_grant(grant: Grant, member: User, host_staff: User, stage: str, n: int) -> None:
    """Take an offered grant as far as ``stage`` (offered, active, reported, returned, closed), each step a few
    days or weeks after the last, and never after today."""
    if stage == "offered":
        return
    accepted = grant.awarded_at + timedelta(days=4)
    with demo_clock(accepted):
        grants.grant_accept(actor=member, grant=grant, signature=member.full_name)
    now = timezone.now()
    pay(grant, host_staff, 1, min(accepted + timedelta(days=6), now - timedelta(days=1)))
    thinking_partners(grant, host_staff, min(accepted + timedelta(days=40), now - timedelta(days=2)), "primary care")
    if stage == "active":
        return
    grant.refresh_from_db()
    assert grant.report_due is not None
    due = timezone.make_aware(datetime.combine(grant.report_due, time(11)))
    submitted = min(due - timedelta(days=10), now - timedelta(days=14))
    report = grant.report
    with demo_clock(submitted - timedelta(days=4)):
        # Opens the report only where the activity had not ended yet, as staff do when a group finishes early.
        report = grants.monitoring_report_open_early(actor=host_staff, report=report)
    with demo_clock(submitted - timedelta(days=3)):
        grants.monitoring_report_save(actor=member, report=report, data={
            "what_happened": f"We ran {'every' if n % 2 == 0 else 'all but one of our'} planned sessions. People "
                             "talked most about getting a GP appointment, interpreters, and being discharged from "
                             "hospital without a plan.",
            **report_figures(grant, n),
            "spend_notes": "Venue costs were lower than planned; we spent the difference on interpreters.",
            "story": STORIES[n % len(STORIES)]})
    with demo_clock(submitted):
        grants.monitoring_report_submit(actor=member, report=report)
    if stage == "reported":
        return
    if stage == "returned":
        with demo_clock(submitted + timedelta(days=4)):
            grants.monitoring_report_return(actor=host_staff, report=report,
                                            message="Please add how many of the people you reached were carers.")
        return
    thinking_partners(grant, host_staff, submitted - timedelta(days=20), "mental health")
    pay(grant, host_staff, 2, submitted + timedelta(days=6))
    with demo_clock(submitted + timedelta(days=6, hours=1)):
        grants.monitoring_report_accept(actor=host_staff, report=report, note="Thank you: a clear, honest report.")

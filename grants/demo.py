"""Demo grants data: two programmes with rounds in every state, and applications, reviews, grants,
payments and end-of-grant reports in every state — built through the same services the pages use.

Figures follow DOMAIN.md: small awards of a few hundred to a few thousand pounds; a £99,000 fund
spent through the five boroughs' Healthwatch.
"""
from __future__ import annotations

from datetime import date, timedelta
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
from grassroots.accounts.demo import DemoContext
from grassroots.accounts.models import Membership, Organisation, User

PROGRAMME_A = "Seldom Heard Voices"
PROGRAMME_B = "South East London Grassroots Fund"
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


def _staff_of(host: Organisation) -> User:
    membership = Membership.objects.filter(organisation=host, role__in=[Membership.Role.STAFF, Membership.Role.ADMIN]) \
        .select_related("user").order_by("role", "pk").first()
    assert membership is not None, f"{host} has no staff in the core demo"
    return membership.user


def _commissioners(orgs: list[Organisation]) -> list[User]:
    return [m.user for m in Membership.objects.filter(organisation__in=orgs).select_related("user").order_by("pk")
            if m.role in (Membership.Role.COMMISSIONER, Membership.Role.STAFF)]


def _round(programme: Programme, name: str, budget: int, max_award: int, *, report_due_days: int = 270) -> Round:
    now = timezone.now()
    rnd = Round.objects.create(
        programme=programme, share=programme.shares.order_by("pk")[0], name=name, budget=Decimal(budget),
        min_award=Decimal(250), max_award=Decimal(max_award),
        opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=30), published=True,
        report_due_days=report_due_days,
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


def _apply(rnd: Round, group: Organisation, member: User, n: int, *, amount: int, complete: bool = True) -> Application:
    title, summary, who = IDEAS[n % len(IDEAS)]
    answers = {q.pk: q.passing_answer for q in rnd.eligibility_questions.all()}
    application = apps.application_start(actor=member, organisation=group, round=rnd, answers=answers)
    apps.application_save_section(actor=member, application=application, section="group", data={
        "contact_name": member.full_name, "contact_email": member.email, "contact_phone": "020 7946 0" + f"{n:03d}",
        "group_description": f"{group.name} is run by volunteers and works with {group.communities_served.lower()}."})
    if not complete:
        return application
    start = timezone.localdate() + timedelta(days=30)
    apps.application_save_section(actor=member, application=application, section="activity", data={
        "title": f"{title} — {group.name}", "summary": summary,
        "activity_description": f"{summary} A trained volunteer writes down what people say, with their consent, "
                                "and we share it with Healthwatch after every session.",
        "start_date": start, "end_date": start + timedelta(days=180)})
    apps.application_save_section(actor=member, application=application, section="communities", data={
        "communities": f"{group.communities_served}. {who} who rarely take part in NHS consultations."})
    sessions = 4 + n % 6
    apps.application_save_section(actor=member, application=application, section="sessions", data={
        "planned_sessions": sessions, "expected_reach": sessions * 25, "expected_conversations": sessions * 10})
    total = Decimal(amount)
    lines = [("Venue hire", (total * Decimal("0.3")).quantize(Decimal("1"))),
             ("Food and refreshments", (total * Decimal("0.4")).quantize(Decimal("1")))]
    lines.append(("Interpreters and volunteer expenses", total - sum(a for _, a in lines)))
    apps.application_save_budget(actor=member, application=application, lines=lines, amount_requested=total)
    for doc in rnd.required_documents.filter(mandatory=True):
        apps.document_add(actor=member, application=application, required_document=doc,
                          upload=SimpleUploadedFile("safeguarding-policy.pdf", DEMO_PDF, "application/pdf"))
    return application


def _review(application: Application, host_staff: User, reviewer: User, scores: list[int] | None,
            *, conflict: bool = False, submit: bool = True) -> Review:
    review = staff.review_assign(actor=host_staff, application=application, reviewer=reviewer)
    if scores is None and not conflict:
        return review  # assigned, not started
    review = reviews.review_declare_conflict(actor=reviewer, review=review, has_conflict=conflict,
                                             details="I volunteer with this group." if conflict else "")
    if conflict or scores is None:
        return review
    criteria = list(application.round.criteria.all())
    mean = sum(scores) / len(scores)
    recommendation = "fund" if mean >= 3.5 else "fund_with_changes" if mean >= 2.5 else "do_not_fund"
    reviews.review_save_scores(
        actor=reviewer, review=review, recommendation=recommendation,
        comment="A trusted group with a clear plan." if mean >= 3 else "The plan to reach people is not yet clear.",
        scores={c.pk: (s, "") for c, s in zip(criteria, scores, strict=True)})
    if submit:
        review = reviews.review_submit(actor=reviewer, review=review)
    return review


def _run_grant(grant: Grant, member: User, host_staff: User, stage: str, today: date) -> None:
    """Take an offered grant as far as ``stage``: offered, active, paid, reported, returned, closed."""
    if stage == "offered":
        return
    grants.grant_accept(actor=member, grant=grant, signature=member.full_name)
    first = grant.payments.order_by("number").first()
    if first is not None:
        grants.payment_mark_paid(actor=host_staff, payment=first, paid_on=today - timedelta(days=60),
                                 reference=f"BACS {grant.reference}-1")
    tp = grant.conditions.filter(evidence_kind=ConditionTemplate.EvidenceKind.MEETING).first()
    if tp is not None:
        grants.condition_evidence_record(actor=host_staff, condition=tp, occurred_on=today - timedelta(days=45),
                                         description="Attended Thinking Partners (primary care workstream)")
    if stage == "active":
        return
    report = grant.report
    grants.monitoring_report_save(actor=member, report=report, data={
        "what_happened": "We ran every planned session. People talked most about getting a GP appointment, "
                         "interpreters, and being discharged from hospital without a plan.",
        "sessions_held": 6, "people_reached": 142, "conversations": 58, "amount_spent": grant.amount,
        "spend_notes": "Venue costs were lower than planned; we spent the difference on interpreters.",
        "story": "One woman told us she had stopped going to her GP because she could not book by phone. After our "
                 "session a volunteer helped her register for the online system, and she has since had a check-up."})
    grants.monitoring_report_submit(actor=member, report=report)
    if stage == "reported":
        return
    if stage == "returned":
        grants.monitoring_report_return(actor=host_staff, report=report,
                                        message="Please add how many of the people you reached were carers.")
        return
    if tp is not None:
        grants.condition_evidence_record(actor=host_staff, condition=tp, occurred_on=today - timedelta(days=15),
                                         description="Attended Thinking Partners (mental health workstream)")
    second = grant.payments.order_by("number").last()
    if second is not None and second.status != second.Status.PAID:
        grants.payment_mark_paid(actor=host_staff, payment=second, paid_on=today - timedelta(days=10),
                                 reference=f"BACS {grant.reference}-2")
    grants.monitoring_report_accept(actor=host_staff, report=report, note="Thank you: a clear, honest report.")


def seed(ctx: DemoContext) -> None:
    if Programme.objects.filter(name=PROGRAMME_A).exists():
        return  # already seeded: the whole grants demo is created at once
    assert ctx.funder and ctx.icb and ctx.council
    today = timezone.localdate()
    lambeth_host = ctx.hosts["Lambeth"]
    southwark_host = ctx.hosts["Southwark"]
    hana, sam = _staff_of(lambeth_host), _staff_of(southwark_host)
    commissioners = _commissioners([ctx.icb])
    funder_staff = _commissioners([ctx.funder])
    cora, fiona = commissioners[0], funder_staff[0]
    council_commissioner = _commissioners([ctx.council])[0]

    a = Programme.objects.create(
        name=PROGRAMME_A, funder=ctx.funder, lead=lambeth_host, budget=Decimal(130000),
        starts_on=date(today.year - 2, 4, 1), ends_on=date(today.year + 3, 3, 31),
        description="Small grants for Lambeth and Southwark groups to hear from communities the NHS seldom hears "
                    "from. A condition of every grant: someone from the group attends the NHS Thinking Partners "
                    "meeting.")
    ProgrammeShare.objects.create(programme=a, host=lambeth_host, amount=a.budget)
    a.commissioners.add(ctx.icb)
    a.areas.add(ctx.areas["Lambeth"], ctx.areas["Southwark"])
    b = Programme.objects.create(
        name=PROGRAMME_B, funder=ctx.funder, lead=southwark_host, budget=Decimal(99000),
        starts_on=date(today.year, 4, 1), ends_on=date(today.year + 1, 3, 31),
        description="£99,000 from NHS England to a collaborative of five boroughs, spent through each borough's "
                    "Healthwatch as small grants.")
    ProgrammeShare.objects.create(programme=b, host=southwark_host, amount=b.budget)
    b.commissioners.add(ctx.icb, ctx.council)
    b.areas.add(*ctx.areas.values())

    def groups_in(*areas: str) -> list[Organisation]:
        return [g for g in ctx.groups if any(ar.name in areas for ar in g.areas.all())]

    lambeth_groups = groups_in("Lambeth") + groups_in("Southwark")
    other_groups = groups_in("Lewisham", "Greenwich", "Bexley")

    def member(group: Organisation) -> User:
        return ctx.group_members[group.name]

    # --- Programme A, 2025 round: decided and mostly delivered; closed by the end of the seed. ---
    r2025 = _round(a, "2025 round", 25000, 3000)
    stages = ["closed", "closed", "returned", "reported", "active", "offered"]
    for n, group in enumerate(lambeth_groups[:8]):
        application = _apply(r2025, group, member(group), n, amount=1200 + 200 * n)
        apps.application_submit(actor=member(group), application=application)
        staff.application_check_record(actor=hana, application=application, kind="eligibility", outcome="passed",
                                       note="Eligible: a small, volunteer-led group in Lambeth.")
        if n == 7:
            apps.application_withdraw(actor=member(group), application=application,
                                      reason="Our coordinator has moved away; we will apply next year.")
            continue
        _review(application, hana, cora, [5, 4, 4] if n < 6 else [2, 2, 3])
        _review(application, hana, fiona, [4, 4, 5] if n < 6 else [2, 1, 2])
        if n == 6:
            decisions.application_decline(actor=cora, application=application,
                                          reason="The panel funded two similar projects in the same neighbourhood.")
            continue
        grant = decisions.grant_award(actor=cora, application=application, amount=application.amount_requested
                                      or Decimal(1000))
        _run_grant(grant, member(group), hana, stages[n], today)

    # --- Programme A, 2026 Spring round: open now, applications in every state. ---
    spring = _round(a, "2026 Spring round", 30000, 5000)
    g = lambeth_groups
    _apply(spring, g[0], member(g[0]), 10, amount=2000, complete=False)  # a draft just started
    _apply(spring, g[1], member(g[1]), 11, amount=3200)  # a complete draft, not yet submitted
    for n, group in enumerate(g[2:4]):  # submitted, waiting for checks
        apps.application_submit(actor=member(group), application=_apply(spring, group, member(group), 12 + n,
                                                                        amount=2500))
    returned = _apply(spring, g[4], member(g[4]), 14, amount=4800)
    apps.application_submit(actor=member(g[4]), application=returned)
    apps.application_return(actor=hana, application=returned,
                            message="Your budget asks for £4,800 but the venue quote is missing. Please add it as a "
                                    "supporting document and say how many interpreters you will book.")
    withdrawn = _apply(spring, g[5], member(g[5]), 15, amount=1200)
    apps.application_submit(actor=member(g[5]), application=withdrawn)
    apps.application_withdraw(actor=member(g[5]), application=withdrawn, reason="We found other funding.")
    under_review = []
    for n, group in enumerate(g[6:10]):
        application = _apply(spring, group, member(group), 16 + n, amount=2000 + 500 * n)
        apps.application_submit(actor=member(group), application=application)
        staff.application_check_record(actor=hana, application=application, kind="due_diligence", outcome="passed",
                                       note="Bank details and safeguarding policy checked.")
        under_review.append(application)
    # Reviews in every state: assigned, in progress, submitted, conflicted.
    _review(under_review[0], hana, cora, None)
    _review(under_review[0], hana, fiona, [4, 3, 4])
    _review(under_review[1], hana, cora, [3, 4, 3], submit=False)
    _review(under_review[1], hana, fiona, [5, 5, 4])
    _review(under_review[2], hana, cora, [5, 4, 5])
    _review(under_review[2], hana, fiona, None, conflict=True)
    _review(under_review[3], hana, cora, [2, 3, 2])
    _review(under_review[3], hana, fiona, [3, 2, 3])
    decisions.grant_award(actor=cora, application=under_review[2], amount=Decimal(2800),
                          note="Funded at £2,800: the panel asked for fewer, larger sessions.")

    # --- Programme A: a round that opens soon, and one not yet published. ---
    autumn = _round(a, "2026 Autumn round", 20000, 3000)
    next_year = _round(a, "2027 round (draft)", 30000, 5000)

    # --- Programme B, the five-borough fund: open, reviewed by the ICB and the council. ---
    fund = _round(b, "2026 round", 99000, 3000)
    for n, group in enumerate(other_groups[:10]):
        application = _apply(fund, group, member(group), 20 + n, amount=1000 + 200 * n)
        if n == 9:
            continue  # a draft
        apps.application_submit(actor=member(group), application=application)
        if n >= 6:
            continue  # submitted
        _review(application, sam, cora, [4, 4, 3] if n % 2 else [5, 3, 4])
        _review(application, sam, council_commissioner, [4, 5, 4] if n % 2 else [3, 3, 3])
        if n < 3:
            grant = decisions.grant_award(actor=cora, application=application, amount=application.amount_requested
                                          or Decimal(1000))
            _run_grant(grant, member(group), sam, "active", today)

    # Put the rounds on their real dates now that their history exists.
    now = timezone.now()
    dates: dict[Round, tuple[Any, Any, bool]] = {
        r2025: (now - timedelta(days=420), now - timedelta(days=330), True),
        spring: (now - timedelta(days=20), now + timedelta(days=40), True),
        autumn: (now + timedelta(days=60), now + timedelta(days=120), True),
        next_year: (now + timedelta(days=400), now + timedelta(days=460), False),
        fund: (now - timedelta(days=45), now + timedelta(days=15), True),
    }
    for rnd, (opens, closes, published) in dates.items():
        Round.objects.filter(pk=rnd.pk).update(opens_at=opens, closes_at=closes, published=published)

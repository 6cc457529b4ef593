"""Demo grants data: two programmes with rounds in every state, and applications, reviews, grants,
payments and end-of-grant reports in every state — built through the same services the pages use.

Dates make sense because each step runs on its own day through ``demo_clock`` (time-machine, demo only): a
group applies, is reviewed, awarded what it asked for, accepts, is paid, reports; nothing is dated after today.

Figures follow DOMAIN.md: small awards of a few hundred to a few thousand pounds; a £99,000 fund
spent through the five boroughs' Healthwatch.
"""
from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from grants import demo_steps as step
from grants.demo_steps import DEMO_PDF
from grants.models import Programme, Round
from grants.services import applications as apps
from grants.services import decisions
from grassroots.accounts.demo import DemoContext, days_ago, demo_clock
from grassroots.accounts.models import Organisation, User

PROGRAMME_A = "Seldom Heard Voices"
PROGRAMME_B = "South East London Grassroots Fund"


def seed(ctx: DemoContext) -> None:
    if Programme.objects.filter(name=PROGRAMME_A).exists():
        return  # already seeded: the whole grants demo is created at once
    assert ctx.funder and ctx.icb and ctx.council
    lambeth_host, southwark_host = ctx.hosts["Lambeth"], ctx.hosts["Southwark"]
    hana, sam = step.staff_of(lambeth_host), step.staff_of(southwark_host)
    cora, fiona = step.commissioners([ctx.icb])[0], step.commissioners([ctx.funder])[0]
    council_commissioner = step.commissioners([ctx.council])[0]

    with demo_clock(days_ago(450)):
        a = Programme.objects.create(
            name=PROGRAMME_A, funder=ctx.funder, host=lambeth_host,
            description="Small grants for Lambeth and Southwark groups to hear from communities the NHS seldom "
                        "hears from. A condition of every grant: someone from the group attends the NHS Thinking "
                        "Partners meeting.")
        b = Programme.objects.create(
            name=PROGRAMME_B, funder=ctx.funder, host=southwark_host,
            description="£99,000 from NHS England to a collaborative of five boroughs, spent through each "
                        "borough's Healthwatch as small grants.")
    a.commissioners.add(ctx.icb)
    a.areas.add(ctx.areas["Lambeth"], ctx.areas["Southwark"])
    b.commissioners.add(ctx.icb, ctx.council)
    b.areas.add(*ctx.areas.values())

    def groups_in(*areas: str) -> list[Organisation]:
        return [g for g in ctx.groups if any(ar.name in areas for ar in g.areas.all())]

    lambeth_groups = groups_in("Lambeth") + groups_in("Southwark")
    other_groups = groups_in("Lewisham", "Greenwich", "Bexley")

    def member(group: Organisation) -> User:
        return ctx.group_members[group.name]

    # --- Programme A, 2025 round: applied for over a year ago, decided, delivered and mostly closed. ---
    r2025 = step.make_round(a, "2025 round", 25000, 3000, opens=days_ago(420), closes=days_ago(330))
    stages = ["closed", "closed", "returned", "reported", "active", "active"]
    for n, group in enumerate(lambeth_groups[:8]):
        application = step.apply(r2025, group, member(group), n, amount=1200 + 200 * n, when=days_ago(415 - 3 * n))
        step.submit(application, member(group), days_ago(395 - 3 * n))
        step.check(application, hana, days_ago(325), "eligibility", "Eligible: a small, volunteer-led group.")
        if n == 7:
            with demo_clock(days_ago(322)):
                apps.application_withdraw(actor=member(group), application=application,
                                          reason="Our coordinator has moved away; we will apply next year.")
            continue
        step.review(application, hana, cora, [5, 4, 4] if n < 6 else [2, 2, 3], when=days_ago(320))
        step.review(application, hana, fiona, [4, 4, 5] if n < 6 else [2, 1, 2], when=days_ago(319))
        if n == 6:
            with demo_clock(days_ago(305)):
                decisions.application_decline(actor=cora, application=application,
                                              reason="The panel funded two similar projects in the same "
                                                     "neighbourhood.")
            continue
        grant = step.award(application, cora, days_ago(305))
        step.run_grant(grant, member(group), hana, stages[n], n)

    # --- Programme A, 2026 Spring round: open now, applications in every state. ---
    spring = step.make_round(a, "2026 Spring round", 30000, 5000, opens=days_ago(20), closes=days_ago(-40))
    g = lambeth_groups
    step.apply(spring, g[0], member(g[0]), 10, amount=2000, when=days_ago(2), complete=False)  # a draft just started
    step.apply(spring, g[1], member(g[1]), 11, amount=3200, when=days_ago(6))  # a complete draft, not yet submitted
    for n, group in enumerate(g[2:4]):  # submitted, waiting for checks
        application = step.apply(spring, group, member(group), 12 + n, amount=2500, when=days_ago(9 - n))
        step.submit(application, member(group), days_ago(3 - 2 * n))
    returned = step.apply(spring, g[4], member(g[4]), 14, amount=4800, when=days_ago(16))
    step.submit(returned, member(g[4]), days_ago(12))
    with demo_clock(days_ago(8)):
        apps.application_return(actor=hana, application=returned,
                                message="Your budget asks for £4,800 but the venue quote is missing. Please add it "
                                        "as a supporting document and say how many interpreters you will book.")
    _returned_and_resubmitted(spring, g[10], member(g[10]), hana)
    withdrawn = step.apply(spring, g[5], member(g[5]), 15, amount=1200, when=days_ago(18))
    step.submit(withdrawn, member(g[5]), days_ago(15))
    with demo_clock(days_ago(9)):
        apps.application_withdraw(actor=member(g[5]), application=withdrawn, reason="We found other funding.")
    under_review = []
    for n, group in enumerate(g[6:10]):
        application = step.apply(spring, group, member(group), 16 + n, amount=2000 + 500 * n, when=days_ago(19 - n))
        step.submit(application, member(group), days_ago(16 - n))
        step.check(application, hana, days_ago(12), "due_diligence", "Bank details and safeguarding policy checked.")
        under_review.append(application)
    # Reviews in every state: assigned, in progress, submitted, conflicted.
    step.review(under_review[0], hana, cora, None, when=days_ago(10))
    step.review(under_review[0], hana, fiona, [4, 3, 4], when=days_ago(10))
    step.review(under_review[1], hana, cora, [3, 4, 3], when=days_ago(9), submit=False)
    step.review(under_review[1], hana, fiona, [5, 5, 4], when=days_ago(9))
    step.review(under_review[2], hana, cora, [5, 4, 5], when=days_ago(8))
    step.review(under_review[2], hana, fiona, None, when=days_ago(8), conflict=True)
    step.review(under_review[3], hana, cora, [2, 3, 2], when=days_ago(7))
    step.review(under_review[3], hana, fiona, [3, 2, 3], when=days_ago(7))
    step.award(under_review[2], cora, days_ago(2), amount=Decimal(2800),
           note="Funded at £2,800: the panel asked for fewer, larger sessions.")  # offered, not yet accepted

    # --- Programme A: a round that opens soon, and one not yet published. ---
    step.make_round(a, "2026 Autumn round", 20000, 3000, opens=days_ago(-60), closes=days_ago(-120))
    step.make_round(a, "2027 round (draft)", 30000, 5000, opens=days_ago(-400), closes=days_ago(-460), published=False)

    # --- Programme B, the five-borough fund: open, reviewed by the ICB and the council. ---
    fund = step.make_round(b, "2026 round", 99000, 3000, opens=days_ago(45), closes=days_ago(-15))
    for n, group in enumerate(other_groups[:10]):
        application = step.apply(fund, group, member(group), 20 + n, amount=1000 + 200 * n, when=days_ago(44 - n))
        if n == 9:
            continue  # a draft
        step.submit(application, member(group), days_ago(38 - n))
        if n >= 6:
            continue  # submitted
        step.review(application, sam, cora, [4, 4, 3] if n % 2 else [5, 3, 4], when=days_ago(28))
        step.review(application, sam, council_commissioner, [4, 5, 4] if n % 2 else [3, 3, 3], when=days_ago(27))
        if n < 3:
            grant = step.award(application, cora, days_ago(22))
            step.run_grant(grant, member(group), sam, "active", 20 + n)


def _returned_and_resubmitted(rnd: Round, group: Organisation, member: User, host_staff: User) -> None:
    """Submitted, sent back with what to change, changed and submitted again: two versions to compare."""
    application = step.apply(rnd, group, member, 30, amount=3600, when=days_ago(18))
    step.submit(application, member, days_ago(14))
    with demo_clock(days_ago(11)):
        apps.application_return(actor=host_staff, application=application,
                                message="The panel can fund up to £3,000 for a group of your size. Please bring "
                                        "the budget down and add your latest accounts.")
    with demo_clock(days_ago(7, hour=20)):
        apps.application_save_budget(actor=member, application=application, lines=step.budget_lines(3000),
                                     amount_requested=Decimal(3000))
        apps.application_save_section(actor=member, application=application, section="sessions", data={
            "planned_sessions": 6, "expected_reach": 120, "expected_conversations": 48})
        optional = rnd.required_documents.filter(mandatory=False).first()
        apps.document_add(actor=member, application=application, required_document=optional,
                          upload=SimpleUploadedFile("accounts-2025.pdf", DEMO_PDF, "application/pdf"))
    step.submit(step.fresh(application), member, days_ago(6))
    step.check(application, host_staff, days_ago(4), "eligibility", "Budget now within the limit; accounts received.")

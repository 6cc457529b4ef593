"""Demo grants data: the three programmes of DOMAIN.md as they were, with rounds, applications, reviews, grants,
payments and end-of-grant reports in every state — built through the same services the pages use.

- Seldom Heard Voices, the borough project: Healthwatch Lambeth on behalf of the ICB, £130,000 over five
  financial years in yearly rounds (2022 to 2026), about £126,000 awarded to 41 groups, a Thinking Partners
  condition on every grant, groups funded again.
- South East London Grassroots Fund, the regional fund: £99,000 from NHS England shared by the five boroughs'
  Healthwatch (led by Southwark), each running its own round for its own borough.
- Building Trust, the council's programme: hosted by Lewisham Council itself, with a delivery partner.

Dates make sense because each step runs on its own day through ``demo_clock`` (time-machine, demo only): a
group applies, is reviewed, awarded what it asked for, accepts, is paid, reports; nothing is dated after today.

Figures follow DOMAIN.md: small awards of a few hundred to a few thousand pounds; a £99,000 fund
spent through the five boroughs' Healthwatch.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from grants import demo_steps as step
from grants.demo_steps import DEMO_PDF
from grants.models import Programme, ProgrammeShare, Round
from grants.services import applications as apps
from grants.services import decisions
from grassroots.accounts.demo import BOROUGH_PROJECT_GROUPS, DemoContext, days_ago, demo_clock
from grassroots.accounts.models import Organisation, User

PROGRAMME_A = "Seldom Heard Voices"
PROGRAMME_B = "South East London Grassroots Fund"
PROGRAMME_C = "Building Trust"
BOROUGHS = ("Lambeth", "Southwark", "Lewisham", "Greenwich", "Bexley")


def _programme(name: str, *, funder: Organisation, lead: Organisation, budget: int, starts_on: date, ends_on: date,
               description: str, shares: dict[Organisation, tuple[int, list[str]]], areas: list[str],
               commissioners: list[Organisation], ctx: DemoContext) -> Programme:
    """A programme with a share (amount, areas) for each host. Rows made directly: the services would ask for a
    signed-in lead, and the budget rules they enforce hold here by construction (the shares add up to the budget)."""
    assert sum(amount for amount, _ in shares.values()) <= budget
    programme = Programme.objects.create(name=name, funder=funder, lead=lead, budget=Decimal(budget),
                                         starts_on=starts_on, ends_on=ends_on, description=description)
    for host, (amount, share_areas) in shares.items():
        share = ProgrammeShare.objects.create(programme=programme, host=host, amount=Decimal(amount))
        share.areas.set([ctx.areas[a] for a in share_areas])
    programme.commissioners.add(*commissioners)
    programme.areas.add(*[ctx.areas[a] for a in areas])
    return programme


def _financial_year_start(years_back: int) -> date:
    today = timezone.localdate()
    return date(today.year - years_back - (1 if today.month < 4 else 0), 4, 1)


def seed(ctx: DemoContext) -> None:
    if Programme.objects.filter(name=PROGRAMME_A).exists():
        return  # already seeded: the whole grants demo is created at once
    assert ctx.funder and ctx.icb and ctx.council
    lambeth_host, southwark_host = ctx.hosts["Lambeth"], ctx.hosts["Southwark"]
    hana = step.staff_of(lambeth_host)
    cora, fiona = step.commissioners([ctx.icb])[0], step.commissioners([ctx.funder])[0]
    council_commissioner = step.commissioners([ctx.council])[0]

    with demo_clock(days_ago(365 * 4 + 90)):
        # The borough project: five financial years, run by one Healthwatch on behalf of the ICB.
        a = _programme(
            PROGRAMME_A, funder=ctx.icb, lead=lambeth_host, budget=130000, ctx=ctx,
            starts_on=_financial_year_start(4), ends_on=date(_financial_year_start(0).year + 1, 3, 31),
            description="Over £130,000 in small grants over five years, on behalf of the ICB, for Lambeth and "
                        "Southwark groups to hear from communities the NHS seldom hears from. A condition of every "
                        "grant: someone from the group attends the NHS Thinking Partners meeting.",
            shares={lambeth_host: (130000, ["Lambeth", "Southwark"])}, areas=["Lambeth", "Southwark"],
            commissioners=[ctx.icb, ctx.funder])  # NHS England's regional team sits on the panel
    with demo_clock(days_ago(450)):
        # The regional fund: one fund from NHS England, a share for each borough's Healthwatch.
        b = _programme(
            PROGRAMME_B, funder=ctx.funder, lead=southwark_host, budget=99000, ctx=ctx,
            starts_on=_financial_year_start(1), ends_on=date(_financial_year_start(0).year + 1, 3, 31),
            description="£99,000 from NHS England to a collaborative of five boroughs, spent through each "
                        "borough's Healthwatch as small grants.",
            shares={ctx.hosts[borough]: (19800, [borough]) for borough in BOROUGHS}, areas=list(BOROUGHS),
            commissioners=[ctx.icb, ctx.council])

    more = {name: i for i, (name, *_) in enumerate(BOROUGH_PROJECT_GROUPS)}  # 16 in Lambeth, then 16 in Southwark

    def groups_in(*areas: str) -> list[Organisation]:
        return [g for g in ctx.groups if g.name not in more and any(ar.name in areas for ar in g.areas.all())]

    lambeth_groups = groups_in("Lambeth") + groups_in("Southwark")
    # The borough project's other groups, Lambeth's and Southwark's in turn, so each year funds both boroughs.
    extra = sorted((g for g in ctx.groups if g.name in more), key=lambda g: (more[g.name] % 16, more[g.name]))

    def member(group: Organisation) -> User:
        return ctx.group_members[group.name]

    # --- Programme A, 2025 round: applied for over a year ago, decided, delivered and mostly closed. ---
    r2025 = step.make_round(a, "2025 round", 27000, 3000, opens=days_ago(420), closes=days_ago(330))
    stages = ["closed", "closed", "returned", "reported", "active", "active", "", "", *["closed"] * 6]
    for n, group in enumerate(lambeth_groups[:8] + extra[26:32]):
        amount = 1200 + 200 * n if n < 8 else 2500 + 100 * (n - 8)
        application = step.apply(r2025, group, member(group), n, amount=amount, when=days_ago(415 - 3 * n))
        step.submit(application, member(group), days_ago(395 - 3 * n))
        step.check(application, hana, days_ago(325), "eligibility", "Eligible: a small, volunteer-led group.")
        if n == 7:
            with demo_clock(days_ago(322)):
                apps.application_withdraw(actor=member(group), application=application,
                                          reason="Our coordinator has moved away; we will apply next year.")
            continue
        step.review(application, hana, cora, [2, 2, 3] if n in (6, 7) else [5, 4, 4], when=days_ago(320))
        step.review(application, hana, fiona, [2, 1, 2] if n in (6, 7) else [4, 4, 5], when=days_ago(319))
        if n == 6:
            with demo_clock(days_ago(305)):
                decisions.application_decline(actor=cora, application=application,
                                              reason="The panel funded two similar projects in the same "
                                                     "neighbourhood.")
            continue
        grant = step.award(application, cora, days_ago(305))
        step.run_grant(grant, member(group), hana, stages[n], n)

    # --- Programme A, 2026 Spring round: open now, applications in every state. ---
    spring = step.make_round(a, "2026 Spring round", 5000, 5000, opens=days_ago(20), closes=days_ago(-40))
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

    # --- Programme B, the regional fund: each borough's Healthwatch runs its own round from its own share. ---
    shares = {share.host_id: share for share in b.shares.all()}
    for borough in BOROUGHS:
        host = ctx.hosts[borough]
        step.make_round(b, f"2026 round: {borough}", 19800, 3000, opens=days_ago(45), closes=days_ago(-15),
                        share=shares[host.pk])
    n = 20
    for borough in ("Lewisham", "Greenwich", "Bexley"):
        host = ctx.hosts[borough]
        host_staff, fund = step.staff_of(host), b.rounds.get(share__host=host)
        for i, group in enumerate(groups_in(borough)[:4]):
            application = step.apply(fund, group, member(group), n, amount=1000 + 200 * (n % 9), when=days_ago(44 - i))
            n += 1
            if i == 3:
                continue  # a draft
            step.submit(application, member(group), days_ago(38 - i))
            if i == 2:
                continue  # submitted, waiting for its Healthwatch's checks
            step.review(application, host_staff, cora, [4, 4, 3] if i else [5, 3, 4], when=days_ago(28))
            step.review(application, host_staff, council_commissioner, [4, 5, 4] if i else [3, 3, 3],
                        when=days_ago(27))
            if i == 0:
                grant = step.award(application, cora, days_ago(22))
                step.run_grant(grant, member(group), host_staff, "active", n)

    _building_trust(ctx, member)
    _earlier_years(a, lambeth_groups, extra, member, hana, cora, fiona)


def _building_trust(ctx: DemoContext, member: Callable[[Organisation], User]) -> None:
    """The council's programme with Black residents, hosted by the council itself: its staff run the round."""
    assert ctx.council
    partner, _ = Organisation.objects.get_or_create(
        name="Building Health Partnerships", kind=Organisation.Kind.HOST,
        defaults={"communities_served": "Supports community groups to work with the NHS; funds none itself."})
    with demo_clock(days_ago(200)):
        c = _programme(
            PROGRAMME_C, funder=ctx.council, lead=ctx.council, budget=40000, ctx=ctx,
            starts_on=_financial_year_start(0), ends_on=date(_financial_year_start(0).year + 1, 3, 31),
            description="Listening events with Black residents, run with community groups and partners, so that "
                        "what people say shapes the council's priorities: maternity, prostate cancer, a Black "
                        "Health Panel and mental health.",
            shares={ctx.council: (40000, ["Lewisham"])}, areas=["Lewisham"], commissioners=[ctx.council])
    c.delivery_partners.add(partner)
    council_staff = step.staff_of(ctx.council)
    marcus = step.commissioners([ctx.council])[0]
    events = step.make_round(c, "Listening events 2026", 26000, 2000, opens=days_ago(60), closes=days_ago(-30))
    # A round that opens soon, and next year's not yet published: the council's budget is spent in full.
    step.make_round(c, "Listening events: autumn", 8000, 2000, opens=days_ago(-60), closes=days_ago(-120))
    step.make_round(c, "Listening events 2027 (draft)", 6000, 2000, opens=days_ago(-400), closes=days_ago(-460),
                    published=False)
    groups = [g for g in ctx.groups if any(a.name == "Lewisham" for a in g.areas.all())][:3]
    for i, group in enumerate(groups):
        application = step.apply(events, group, member(group), 40 + i, amount=1500 + 250 * i, when=days_ago(55 - i))
        step.submit(application, member(group), days_ago(50 - i))
        step.check(application, council_staff, days_ago(45), "eligibility", "A Black-led group in Lewisham.")
        if i == 2:
            continue
        step.review(application, council_staff, marcus, [5, 4, 4], when=days_ago(40))
        grant = step.award(application, marcus, days_ago(35))
        step.run_grant(grant, member(group), council_staff, "active", 40 + i)


def _earlier_years(a: Programme, groups: list[Organisation], extra: list[Organisation],
                   member: Callable[[Organisation], User], hana: User, cora: User, fiona: User) -> None:
    """The borough project's earlier years: a round a year from 2022, more than forty groups funded between them,
    some funded again, every grant delivered and closed. Awards of £1,700 to £2,700 bring what the project awarded
    over five years to about its £130,000 (DOMAIN.md)."""
    years_rounds = ((4, "2022 round", 30500, 1700, groups[:2] + extra[:12]),
                    (3, "2023 round", 33500, 1800, groups[3:8] + extra[12:20] + extra[:2]),
                    (2, "2024 round", 33500, 1800, groups[2:7] + extra[20:26] + extra[2:6]))
    for years, name, budget, base, funded in years_rounds:
        opens = days_ago(365 * years + 60)
        rnd = step.make_round(a, name, budget, 3000, opens=opens, closes=days_ago(365 * years))
        for i, group in enumerate(funded):
            n = 100 + 20 * years + i
            application = step.apply(rnd, group, member(group), n, amount=base + 150 * (i % 7),
                                     when=days_ago(365 * years + 55))
            step.submit(application, member(group), days_ago(365 * years + 50 - i))
            step.review(application, hana, cora, [4, 4, 4], when=days_ago(365 * years - 5))
            step.review(application, hana, fiona, [4, 5, 4], when=days_ago(365 * years - 5))
            grant = step.award(application, cora, days_ago(365 * years - 15))
            step.run_grant(grant, member(group), hana, "closed", n)


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

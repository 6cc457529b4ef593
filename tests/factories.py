"""Test data built the way the product builds it. ``make_world`` is the standing cast."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from grants.models import (
    ConditionTemplate,
    Criterion,
    EligibilityQuestion,
    Programme,
    ProgrammeShare,
    RequiredDocument,
    Round,
)
from grassroots.accounts.models import Area, Membership, Organisation, User
from grassroots.accounts.services import membership_add

PASSWORD = "correct-horse-battery-staple"
_seq = itertools.count(1)


def make_user(email: str | None = None, name: str = "Test Person", **extra) -> User:
    email = email or f"person{next(_seq)}@example.org"
    return User.objects.create_user(email=email, full_name=name, password=PASSWORD, **extra)


def make_org(name: str | None = None, kind: str = Organisation.Kind.COMMUNITY_GROUP, **extra) -> Organisation:
    return Organisation.objects.create(name=name or f"Organisation {next(_seq)}", kind=kind, **extra)


def make_member(org: Organisation, role: str = Membership.Role.MEMBER, **user_extra) -> User:
    user = make_user(**user_extra)
    membership_add(organisation=org, user=user, role=role)
    return user


def make_programme(name: str, *, funder: Organisation, lead: Organisation, budget: str = "100000",
                   starts_on: date | None = None, ends_on: date | None = None,
                   shares: dict[Organisation, str] | None = None) -> Programme:
    """A programme with a share for each host in ``shares`` (by default one share, for the lead, of the budget)."""
    today = timezone.localdate()
    programme = Programme.objects.create(name=name, funder=funder, lead=lead, budget=Decimal(budget),
                                         starts_on=starts_on or today.replace(month=4, day=1, year=today.year - 1),
                                         ends_on=ends_on or today.replace(month=3, day=31, year=today.year + 2))
    for host, amount in (shares or {lead: budget}).items():
        ProgrammeShare.objects.create(programme=programme, host=host, amount=Decimal(amount))
    return programme


def make_round(programme: Programme, *, open_now: bool = True, budget: str = "20000", min_award: str = "250",
               max_award: str = "5000", name: str | None = None, share: ProgrammeShare | None = None,
               applications_per_group: int = 50) -> Round:
    """A round in ``share`` (by default the programme's first share). Built directly, not through ``round_save``,
    so tests can set up any state; the budget rules have their own tests. Many tests build several applications
    for one group in one round, so the one-open-application rule is relaxed unless a test passes 1."""
    share = share or programme.shares.order_by("pk").first()
    now = timezone.now()
    opens, closes = (now - timedelta(days=10), now + timedelta(days=20)) if open_now else \
        (now - timedelta(days=60), now - timedelta(days=5))
    rnd = Round.objects.create(
        programme=programme, share=share, name=name or f"Round {next(_seq)}", budget=Decimal(budget),
        min_award=Decimal(min_award), max_award=Decimal(max_award), opens_at=opens, closes_at=closes, published=True,
        applications_per_group=applications_per_group,
    )
    EligibilityQuestion.objects.create(
        round=rnd, order=1, text="Is your group based in or serving people in the programme's area?",
        passing_answer=True, failure_message="This fund is only for groups working with people in its area.")
    EligibilityQuestion.objects.create(
        round=rnd, order=2, text="Is your group's yearly income more than £250,000?", passing_answer=False,
        failure_message="This fund is for small groups with a yearly income under £250,000.")
    Criterion.objects.create(round=rnd, order=1, name="Reach into seldom-heard communities", weight=40,
                             guidance="5: a clear plan to reach people the NHS rarely hears from.")
    Criterion.objects.create(round=rnd, order=2, name="Quality of the engagement plan", weight=35)
    Criterion.objects.create(round=rnd, order=3, name="Value for money", weight=25)
    ConditionTemplate.objects.create(
        round=rnd, title="A member of the group attends Thinking Partners",
        evidence_kind=ConditionTemplate.EvidenceKind.MEETING, required_count=2)
    RequiredDocument.objects.create(round=rnd, name="Safeguarding policy", mandatory=True)
    return rnd


@dataclass
class World:
    area: Area
    other_area: Area
    host: Organisation
    funder: Organisation
    icb: Organisation
    group: Organisation
    other_group: Organisation
    programme: Programme
    round: Round
    group_member: User
    other_group_member: User
    host_staff: User
    commissioner: User
    admin: User
    outsider: User


def make_world() -> World:
    host = make_org("Healthwatch Lambeth", Organisation.Kind.HOST)
    area = Area.objects.create(name="Lambeth", code="E09000022", host_organisation=host)
    other_host = make_org("Healthwatch Southwark", Organisation.Kind.HOST)
    other_area = Area.objects.create(name="Southwark", code="E09000028", host_organisation=other_host)
    host.areas.add(area)
    funder = make_org("NHS England London", Organisation.Kind.FUNDER)
    icb = make_org("NHS South East London ICB", Organisation.Kind.COUNCIL)
    group = make_org("Brixton Elders Lunch Club", Organisation.Kind.COMMUNITY_GROUP,
                     communities_served="Older Caribbean residents", charity_number="1123456", org_id="GB-CHC-1123456")
    group.areas.add(area)
    other_group = make_org("Peckham Deaf Social", Organisation.Kind.COMMUNITY_GROUP, communities_served="Deaf BSL users")
    other_group.areas.add(other_area)
    programme = make_programme("Seldom Heard Voices", funder=funder, lead=host)
    programme.commissioners.add(icb)
    programme.areas.add(area)
    rnd = make_round(programme, name="2026 Spring round")
    admin = User.objects.create_superuser(email="admin@example.org", full_name="Ada Admin", password=PASSWORD)
    return World(
        area=area, other_area=other_area, host=host, funder=funder, icb=icb, group=group, other_group=other_group,
        programme=programme, round=rnd,
        group_member=make_member(group, Membership.Role.ADMIN, email="grace@brixton-elders.org.uk", name="Grace Member"),
        other_group_member=make_member(other_group, Membership.Role.ADMIN, email="omar@peckham-deaf.org.uk",
                                       name="Omar Other"),
        host_staff=make_member(host, Membership.Role.STAFF, email="hana@healthwatchlambeth.org.uk", name="Hana Host"),
        commissioner=make_member(icb, Membership.Role.COMMISSIONER, email="cora@selondon.icb.nhs.uk",
                                 name="Cora Commissioner"),
        admin=admin,
        outsider=make_user(email="nobody@example.org", name="Nadia Nobody"),
    )

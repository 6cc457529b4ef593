"""Seed helpers any benchmark can share: the standing cast, community groups, batched inserts, planner statistics.

Built from the product's models and ``membership_add``, never from ``tests/`` (a benchmark is not a test and
must run where the test suite is not installed). The cast matches the tests' ``make_world`` names, so a
person reading either recognises Hana (host staff) and Cora (commissioner).
"""
from __future__ import annotations

import functools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

PASSWORD = "correct-horse-battery-staple"  # noqa: S105  (the seeded people of a scratch database)
BATCH = 5000
ACTIVITIES = ["lunch club", "coffee morning", "listening event", "walking group", "sports session", "craft circle",
              "parents' drop-in", "carers' café", "youth forum", "language café"]
COMMUNITIES = ["older Caribbean residents", "Deaf BSL users", "refugees and asylum seekers", "young carers",
               "people with learning disabilities", "Somali women", "homeless men", "Polish families",
               "Bangladeshi elders", "LGBTQ+ young people"]


@dataclass
class Cast:
    area: Any
    host: Any
    funder: Any
    icb: Any
    programme: Any
    host_staff: Any
    commissioners: list[Any]  # Cora first, then the other reviewers
    admin: Any


@functools.cache
def _hashed_password() -> str:
    """PASSWORD hashed once per run: each PBKDF2 hash takes about a second on a busy machine."""
    from django.contrib.auth.hashers import make_password

    return make_password(PASSWORD)


def _person(org: Any, role: str, email: str, name: str) -> Any:
    from grassroots.accounts.models import User
    from grassroots.accounts.services import membership_add

    user = User.objects.create(email=email, full_name=name, password=_hashed_password())
    membership_add(organisation=org, user=user, role=role)
    return user


def make_cast(extra_commissioners: int = 2) -> Cast:
    """Healthwatch Lambeth hosting "Seldom Heard Voices" for NHS England London, reviewed by the ICB's commissioners."""
    from grants.models import Programme, ProgrammeShare
    from grassroots.accounts.models import Area, Membership, Organisation, User

    kind, role = Organisation.Kind, Membership.Role
    host = Organisation.objects.create(name="Healthwatch Lambeth", kind=kind.HOST)
    area = Area.objects.create(name="Lambeth", code="E09000022", host_organisation=host)
    host.areas.add(area)
    funder = Organisation.objects.create(name="NHS England London", kind=kind.FUNDER)
    icb = Organisation.objects.create(name="NHS South East London ICB", kind=kind.COUNCIL)
    # Budget large enough for every round the benchmark seeds; one share, run by the lead.
    programme = Programme.objects.create(name="Seldom Heard Voices", funder=funder, lead=host,
                                         budget=Decimal("1000000000"), starts_on=date(2020, 4, 1),
                                         ends_on=date(2035, 3, 31))
    share = ProgrammeShare.objects.create(programme=programme, host=host, amount=Decimal("1000000000"))
    share.areas.add(area)
    programme.commissioners.add(icb)
    programme.areas.add(area)
    commissioners = [_person(icb, role.COMMISSIONER, "cora@selondon.icb.nhs.uk", "Cora Commissioner")] + [
        _person(icb, role.COMMISSIONER, f"reviewer{i}@selondon.icb.nhs.uk", f"Reviewer {i}")
        for i in range(2, 2 + extra_commissioners)
    ]
    return Cast(
        area=area, host=host, funder=funder, icb=icb, programme=programme,
        host_staff=_person(host, role.STAFF, "hana@healthwatchlambeth.org.uk", "Hana Host"),
        commissioners=commissioners,
        admin=User.objects.create(email="admin@example.org", full_name="Ada Admin", password=_hashed_password(),
                                  is_superuser=True, is_staff=True),
    )


def make_round(programme: Any, *, name: str, opens_at: datetime, closes_at: datetime,
               budget: Decimal = Decimal("10000000")) -> Any:
    """A published round with the usual set-up: two eligibility questions, three weighted criteria, the
    Thinking Partners condition and a safeguarding policy to upload."""
    from grants.models import ConditionTemplate, Criterion, EligibilityQuestion, RequiredDocument, Round

    rnd = Round.objects.create(programme=programme, share=programme.shares.get(), name=name, budget=budget,
                               min_award=Decimal("250"),
                               max_award=Decimal("5000"), opens_at=opens_at, closes_at=closes_at, published=True)
    EligibilityQuestion.objects.bulk_create([
        EligibilityQuestion(round=rnd, order=1, passing_answer=True,
                            text="Is your group based in or serving people in the programme's area?",
                            failure_message="This fund is only for groups working with people in its area."),
        EligibilityQuestion(round=rnd, order=2, passing_answer=False,
                            text="Is your group's yearly income more than £250,000?",
                            failure_message="This fund is for small groups with a yearly income under £250,000."),
    ])
    Criterion.objects.bulk_create([
        Criterion(round=rnd, order=1, name="Reach into seldom-heard communities", weight=40,
                  guidance="5: a clear plan to reach people the NHS rarely hears from."),
        Criterion(round=rnd, order=2, name="Quality of the engagement plan", weight=35),
        Criterion(round=rnd, order=3, name="Value for money", weight=25),
    ])
    ConditionTemplate.objects.create(round=rnd, title="A member of the group attends Thinking Partners",
                                     evidence_kind=ConditionTemplate.EvidenceKind.MEETING, required_count=2)
    RequiredDocument.objects.create(round=rnd, name="Safeguarding policy", mandatory=True)
    return rnd


def make_groups(area: Any, n: int, rng: random.Random) -> tuple[list[Any], list[Any]]:
    """``n`` community groups in ``area``, each with one volunteer (its administrator); returns (groups, volunteers)."""
    from grassroots.accounts.models import Membership, Organisation, User

    groups = Organisation.objects.bulk_create([
        Organisation(name=f"{rng.choice(COMMUNITIES).capitalize()} {rng.choice(ACTIVITIES)} {i:03d}",
                     kind=Organisation.Kind.COMMUNITY_GROUP, communities_served=rng.choice(COMMUNITIES),
                     charity_number=f"11{i:05d}", org_id=f"GB-CHC-11{i:05d}", postcode="SW9 8AA")
        for i in range(1, n + 1)
    ])
    Organisation.areas.through.objects.bulk_create(
        [Organisation.areas.through(organisation_id=g.pk, area_id=area.pk) for g in groups])
    password = _hashed_password()  # hundreds of PBKDF2 hashes would take minutes
    volunteers = User.objects.bulk_create([
        User(email=f"volunteer{i}@group{i}.example.org", full_name=f"Volunteer {i}", password=password)
        for i in range(1, n + 1)
    ])
    Membership.objects.bulk_create([Membership(user=u, organisation=g, role=Membership.Role.ADMIN)
                                    for u, g in zip(volunteers, groups, strict=True)])
    return groups, volunteers


def pick(rng: random.Random, mix: dict[str, int]) -> str:
    return rng.choices(list(mix), weights=list(mix.values()))[0]


def bulk(model: Any, rows: Sequence[Any] | Iterable[Any]) -> list[Any]:
    """``bulk_create`` in large batches (PostgreSQL returns the new ids, which later rows point at)."""
    return list(model.objects.bulk_create(rows, batch_size=BATCH))


def vacuum_analyze() -> None:
    """As autovacuum soon would after a real import: planner statistics, and a visibility map for index-only scans."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")

"""The migration to shared programmes keeps every existing programme running: its host becomes its lead and
holds one share worth what its rounds were given, and every round spends that share."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = ("grants", "0008_application_list_indexes")
AFTER = ("grants", "0009_programme_shares")


def _at(day: int) -> datetime:
    return timezone.make_aware(datetime(2025, 5, day, 9))  # noqa: DTZ001  (made aware in local time)


@pytest.mark.django_db(transaction=True)
def test_each_existing_programme_gets_one_share_for_its_host_worth_its_rounds():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        # Apps that build on grants (engagement, reports) are unapplied with it, and come back at the end.
        _migrate_programmes([n for n in leaves if n[0] not in ("grants", "engagement", "reports")])
    finally:
        MigrationExecutor(connection).migrate(leaves)  # later tests need today's schema whatever happened


def _migrate_programmes(others: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([*others, BEFORE])
    old = executor.loader.project_state([*others, BEFORE]).apps
    Organisation, Programme, Round = (old.get_model(*m) for m in (
        ("accounts", "Organisation"), ("grants", "Programme"), ("grants", "Round")))
    host = Organisation.objects.create(name="Healthwatch Lambeth", kind="host", status="approved")
    funder = Organisation.objects.create(name="NHS England London", kind="funder", status="approved")
    programme = Programme.objects.create(name="Seldom Heard Voices", funder=funder, host=host)
    for n, budget in enumerate((Decimal("25000"), Decimal("30000"))):
        Round.objects.create(programme=programme, name=f"Round {n}", budget=budget, min_award=Decimal("250"),
                             max_award=Decimal("3000"), opens_at=_at(1 + n), closes_at=_at(20 + n))

    executor = MigrationExecutor(connection)
    executor.migrate([*others, AFTER])
    new = executor.loader.project_state([*others, AFTER]).apps
    Programme, Round = new.get_model("grants", "Programme"), new.get_model("grants", "Round")
    migrated = Programme.objects.get(pk=programme.pk)
    assert (migrated.lead_id, migrated.budget) == (host.pk, Decimal("55000"))
    assert (migrated.starts_on.isoformat(), migrated.ends_on.isoformat()) == ("2025-05-01", "2025-05-21")
    [share] = new.get_model("grants", "ProgrammeShare").objects.filter(programme_id=programme.pk)
    assert (share.host_id, share.amount) == (host.pk, Decimal("55000"))
    assert set(Round.objects.filter(programme_id=programme.pk).values_list("share_id", flat=True)) == {share.pk}

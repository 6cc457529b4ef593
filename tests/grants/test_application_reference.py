"""Application references: GR-<year>-<number>, unique even when groups start at the same moment (issue 25)."""
from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from grants.models import Application
from grants.services.applications import application_start
from tests.factories import make_round
from tests.grants.factories import eligible_answers, make_draft


def test_references_count_up_within_the_year(world):
    first = make_draft(world, complete=False)
    second = make_draft(world, complete=False, organisation=world.other_group, actor=world.other_group_member)
    year = timezone.localdate().year
    assert (first.reference, second.reference) == (f"GR-{year}-00001", f"GR-{year}-00002")


def test_the_count_carries_on_after_references_made_before_the_counter(world):
    year = timezone.localdate().year
    Application.objects.create(round=world.round, organisation=world.group, created_by=world.group_member,
                               reference=f"GR-{year}-00041")
    assert make_draft(world, complete=False).reference == f"GR-{year}-00042"


@pytest.mark.django_db(transaction=True)
def test_two_groups_starting_in_two_rounds_at_the_same_moment_get_different_references(world):
    """Before the counter each start took the largest reference so far and added one, under a lock on its
    own round: two rounds meant no shared lock, and both took the same number (IntegrityError). Checked
    by restoring that code: the first race already failed with an IntegrityError."""
    assert connection.vendor == "postgresql"
    other_round = make_round(world.round.programme, name="Second round")
    starters = [(world.group_member, world.group, world.round), (world.other_group_member, world.other_group, other_round)]
    for _ in range(5):
        barrier = threading.Barrier(2)
        errors: list[str] = []

        def start(actor, organisation, rnd, barrier=barrier, errors=errors):
            close_old_connections()
            try:
                barrier.wait()
                application_start(actor=actor, organisation=organisation, round=rnd, answers=eligible_answers(rnd))
            except Exception as exc:  # the test reports whatever escaped (it was an IntegrityError)
                errors.append(f"{type(exc).__name__}: {exc}")
            finally:
                connection.close()

        threads = [threading.Thread(target=start, args=args) for args in starters]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert errors == []
    references = list(Application.objects.values_list("reference", flat=True))
    assert len(references) == 10 == len(set(references))

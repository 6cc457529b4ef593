"""Services lock only the row they change (issue 26): select_for_update() with select_related used to lock
the round, programme and group too, so an award in one application stalled unrelated work."""
from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from django.db import close_old_connections, connection, transaction

from grants.models import Programme, Round
from grants.services import applications, decisions, reviews
from grassroots.accounts.models import Organisation
from tests.grants.factories import assign, make_under_review

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def _held(lock: Callable[[], object]):
    """Run ``lock`` in another connection's open transaction and keep it open until the block ends."""
    locked, release = threading.Event(), threading.Event()

    def hold():
        close_old_connections()
        try:
            with transaction.atomic():
                lock()
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(timeout=30)
    try:
        yield
    finally:
        release.set()
        thread.join(timeout=30)


def _free(model, pk: int) -> bool:
    """Whether this connection can lock the row at once (NOWAIT raises when someone else holds it)."""
    try:
        with transaction.atomic():
            model.objects.select_for_update(nowait=True).get(pk=pk)
    except Exception:  # DatabaseError: could not obtain lock
        return False
    return True


@pytest.mark.parametrize("lock", [
    lambda a: decisions._lock_application(a),
    lambda a: applications._lock(a),
    lambda a: reviews._lock(a.reviews.get(), a.reviews.get().reviewer),
], ids=["decisions", "applications", "reviews"])
def test_locking_an_application_or_its_review_leaves_the_round_programme_and_group_free(world, lock):
    """Checked by removing of=("self",) from each lock: the round is then held and this test fails."""
    assert connection.vendor == "postgresql"
    application = make_under_review(world)
    assign(world, application)
    with _held(lambda: lock(application)):
        assert _free(Round, application.round_id)
        assert _free(Programme, application.round.programme_id)
        assert _free(Organisation, application.organisation_id)

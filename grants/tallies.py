"""Counts the pages show, kept as they change: applications per round, status and check; reviews per reviewer.

Why kept tallies and not a narrower count: the staff dashboard, the status tabs of the applications list and
the review queue's tabs show counts over everything a person works on, in every round, open or closed.
Counting those rows on each request costs time in proportion to the whole history (at 100,000 applications,
100 ms of a 190 ms dashboard). Restricting the counts to open rounds would change what the pages say. So the
services that change these facts also adjust a small tally row, in their own transaction: the tally commits
or rolls back with the change, and a page sums a handful of rows whatever the data size.

Correctness rests on three things: every writer goes through these functions (the services); each
adjustment is one ``INSERT ... ON CONFLICT DO UPDATE SET count = count + delta`` (atomic in the database, so
concurrent changes add up rather than overwrite); and several rows are adjusted in key order, so two
transactions never wait on each other's rows in opposite orders. ``verify()`` compares every row with a
fresh count (``manage.py grants_tallies --check``; the tests run it after every transition), and
``rebuild()`` recounts from scratch (after a bulk import that bypassed the services, such as the benchmark's).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef

from grants.models import Application, ApplicationCheck, ApplicationTally, Review, ReviewTally

AppKey = tuple[int, str, bool]  # round id, status, checked
ReviewKey = tuple[int, int, str]  # reviewer id, round id, status


def _adjust(model: type[ApplicationTally] | type[ReviewTally], columns: tuple[str, ...],
            deltas: Iterable[tuple[tuple[int | str | bool, ...], int]]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    names = [connection.ops.quote_name(c) for c in columns]
    match = " AND ".join(f"{name} = %s" for name in names)
    # Key order, so two transactions adjusting the same rows always lock them in the same order.
    for key, delta in sorted((tuple(str(v) if isinstance(v, str) else v for v in k), d) for k, d in deltas if d):
        with connection.cursor() as cur:
            if delta < 0:
                # The row exists if the tally is right; the database adds the delta, so concurrent changes
                # serialise on the row lock and both count. (An upsert cannot decrement: PostgreSQL checks the
                # "not negative" constraint on the row it would insert before it finds the conflict.)
                cur.execute(f"UPDATE {table} SET count = count + %s WHERE {match}", [delta, *key])  # noqa: S608  (quoted model names; values are parameters)
                if cur.rowcount != 1:
                    raise RuntimeError(f"{model.__name__} has no row {key} to take {-delta} from: run "
                                       "manage.py grants_tallies --rebuild after importing rows past the services.")
            else:
                # PostgreSQL and SQLite (3.24+) both speak this upsert.
                cur.execute(f"INSERT INTO {table} ({', '.join(names)}, count) VALUES ({', '.join(['%s'] * len(key))}, %s) "  # noqa: S608
                            f"ON CONFLICT ({', '.join(names)}) DO UPDATE SET count = {table}.count + EXCLUDED.count",
                            [*key, delta])


def application_added(application: Application) -> None:
    """A new application (a draft): call inside the transaction that creates it."""
    _adjust(ApplicationTally, ("round_id", "status", "checked"),
            [((application.round_id, application.status, False), 1)])


def application_moved(application: Application, from_status: str, checked: bool) -> None:
    """Its status changed from ``from_status`` to ``application.status``; call with the application locked."""
    key = (application.round_id, from_status, checked)
    _adjust(ApplicationTally, ("round_id", "status", "checked"),
            [(key, -1), ((application.round_id, application.status, checked), 1)])


def application_first_check(application: Application) -> None:
    """Its first check was recorded; call with the application locked, so two first checks cannot both count."""
    _adjust(ApplicationTally, ("round_id", "status", "checked"),
            [((application.round_id, application.status, False), -1),
             ((application.round_id, application.status, True), 1)])


def review_changed(review: Review, from_status: str | None, to_status: str | None) -> None:
    """A review was assigned (``from_status`` None), moved, or taken away (``to_status`` None); call with it locked."""
    round_id = review.application.round_id
    deltas: list[tuple[tuple[int | str | bool, ...], int]] = []
    if from_status is not None:
        deltas.append(((review.reviewer_id, round_id, from_status), -1))
    if to_status is not None:
        deltas.append(((review.reviewer_id, round_id, to_status), 1))
    _adjust(ReviewTally, ("reviewer_id", "round_id", "status"), deltas)


def fresh_application_counts() -> Counter[AppKey]:
    """The tally counted from the applications themselves (reads every application: for checks, not pages)."""
    has_check = Exists(ApplicationCheck.objects.filter(application=OuterRef("pk")))
    rows = (Application.objects.order_by().annotate(checked=has_check)
            .values_list("round_id", "status", "checked").annotate(n=Count("pk")))
    return Counter({(r, s, c): n for r, s, c, n in rows})


def fresh_review_counts() -> Counter[ReviewKey]:
    rows = (Review.objects.order_by().values_list("reviewer_id", "application__round_id", "status")
            .annotate(n=Count("pk")))
    return Counter({(u, r, s): n for u, r, s, n in rows})


def kept_application_counts() -> Counter[AppKey]:
    return Counter({(r, s, c): n for r, s, c, n in
                    ApplicationTally.objects.filter(count__gt=0).values_list("round_id", "status", "checked", "count")})


def kept_review_counts() -> Counter[ReviewKey]:
    return Counter({(u, r, s): n for u, r, s, n in
                    ReviewTally.objects.filter(count__gt=0).values_list("reviewer_id", "round_id", "status", "count")})


def _differences(name: str, kept: Counter[Any], fresh: Counter[Any]) -> list[str]:
    return [f"{name} {key}: kept {kept[key]}, counted {fresh[key]}"
            for key in sorted(set(kept) | set(fresh), key=str) if kept[key] != fresh[key]]


def verify() -> list[str]:
    """Every difference between the kept tallies and a fresh count, in words (empty when they agree)."""
    return (_differences("applications", kept_application_counts(), fresh_application_counts())
            + _differences("reviews", kept_review_counts(), fresh_review_counts()))


def rebuild() -> None:
    """Recount both tallies from scratch, holding writers off meanwhile so nothing changes under the count."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # SHARE mode lets pages read but makes every writer of these tables wait until the recount commits.
            with connection.cursor() as cur:
                cur.execute(f"LOCK TABLE {Application._meta.db_table}, {Review._meta.db_table}, "
                            f"{ApplicationCheck._meta.db_table} IN SHARE MODE")
        ApplicationTally.objects.all().delete()
        ReviewTally.objects.all().delete()
        ApplicationTally.objects.bulk_create(ApplicationTally(round_id=r, status=s, checked=c, count=n)
                                             for (r, s, c), n in fresh_application_counts().items())
        ReviewTally.objects.bulk_create(ReviewTally(reviewer_id=u, round_id=r, status=s, count=n)
                                        for (u, r, s), n in fresh_review_counts().items())

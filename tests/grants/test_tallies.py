"""The kept counts (grants/tallies.py) equal a fresh count after every service transition, alone or concurrent.

Checked by deleting each hook once (in grants' transition(), application_start, application_check_record,
review_assign, review_unassign and the review services' _move): each time the first test fails at the step
that hook serves. Without the application lock in application_check_record the concurrent-checks test fails.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import close_old_connections, connection

from grants import tallies
from grants.models import Application, ApplicationTally, Review
from grants.services import applications as app_services
from grants.services import reviews as review_services
from grants.services import staff as staff_services
from grants.services.decisions import application_decline, grant_award
from tests.grants.factories import make_draft, make_submitted, make_under_review, second_commissioner

S = Application.Status


def assert_tallies_match() -> None:
    assert tallies.verify() == []


def _score_and_submit(review: Review) -> Review:
    reviewer = review.reviewer
    criteria = list(review.application.round.criteria.all())
    review_services.review_save_scores(actor=reviewer, review=review, scores={c.pk: (4, "") for c in criteria},
                                       recommendation=Review.Recommendation.FUND)
    return review_services.review_submit(actor=reviewer, review=review)


@pytest.mark.django_db
def test_every_service_transition_keeps_the_tallies_equal_to_a_fresh_count(world):
    staff, cora = world.host_staff, world.commissioner
    kofi = second_commissioner(world)
    steps: list[tuple[str, Callable[[], object]]] = []
    a = make_draft(world, title="A")
    assert_tallies_match()
    b = make_draft(world, title="B")
    c = make_draft(world, title="C")
    d = make_draft(world, title="D")

    def review_of(application: Application, reviewer) -> Review:
        return Review.objects.get(application=application, reviewer=reviewer)

    steps = [
        ("submit A", lambda: app_services.application_submit(actor=world.group_member, application=a)),
        ("first check of A", lambda: staff_services.application_check_record(
            actor=staff, application=a, kind="eligibility", outcome="passed")),
        ("second check of A", lambda: staff_services.application_check_record(
            actor=staff, application=a, kind="due_diligence", outcome="passed")),
        ("return A", lambda: app_services.application_return(actor=staff, application=a, message="Add a budget.")),
        ("resubmit A", lambda: app_services.application_submit(actor=world.group_member, application=a)),
        ("assign Cora to A (into review)", lambda: staff_services.review_assign(actor=staff, application=a,
                                                                                reviewer=cora)),
        ("assign Kofi to A", lambda: staff_services.review_assign(actor=staff, application=a, reviewer=kofi)),
        ("Kofi declares a conflict", lambda: review_services.review_declare_conflict(
            actor=kofi, review=review_of(a, kofi), has_conflict=True, details="My sister runs it.")),
        ("Cora starts", lambda: review_services.review_declare_conflict(actor=cora, review=review_of(a, cora),
                                                                       has_conflict=False)),
        ("Cora submits", lambda: _score_and_submit(review_of(a, cora))),
        ("award A", lambda: grant_award(actor=cora, application=a, amount=Decimal("2000"))),
        ("submit B", lambda: app_services.application_submit(actor=world.group_member, application=b)),
        ("assign Cora to B", lambda: staff_services.review_assign(actor=staff, application=b, reviewer=cora)),
        ("unassign Cora from B", lambda: staff_services.review_unassign(actor=staff, review=review_of(b, cora))),
        ("decline B", lambda: application_decline(actor=cora, application=b, reason="Outside the area.")),
        ("withdraw draft C", lambda: app_services.application_withdraw(actor=world.group_member, application=c)),
        ("submit D", lambda: app_services.application_submit(actor=world.group_member, application=d)),
        ("start review of D", lambda: app_services.application_start_review(actor=staff, application=d)),
        ("withdraw D under review", lambda: app_services.application_withdraw(actor=world.group_member,
                                                                             application=d)),
    ]
    for name, step in steps:
        step()
        problems = tallies.verify()
        assert problems == [], f"after {name}: {problems}"
    kept = tallies.kept_application_counts()
    rid = world.round.pk
    assert (kept[(rid, S.AWARDED, True)], kept[(rid, S.DECLINED, False)], kept[(rid, S.WITHDRAWN, False)]) == (1, 1, 2)
    assert tallies.kept_review_counts()[(kofi.pk, rid, Review.Status.CONFLICTED)] == 1


@pytest.mark.django_db
def test_a_refused_transition_leaves_the_tallies_as_they_were(world):
    application = make_draft(world)
    before = tallies.kept_application_counts()
    with pytest.raises(ValidationError):
        app_services.application_return(actor=world.host_staff, application=application, message="No.")
    assert tallies.kept_application_counts() == before
    assert_tallies_match()


@pytest.mark.django_db
def test_the_command_finds_a_wrong_tally_and_rebuilds_it(world, capsys):
    make_submitted(world)
    ApplicationTally.objects.filter(status=S.SUBMITTED).update(count=5)
    with pytest.raises(SystemExit):
        call_command("grants_tallies", "--check")
    assert "kept 5, counted 1" in capsys.readouterr().err
    call_command("grants_tallies", "--rebuild")
    assert_tallies_match()
    call_command("grants_tallies", "--check")
    assert "agree with a fresh count" in capsys.readouterr().out


def _race(targets: list[Callable[[], object]]) -> list[str]:
    """Run ``targets`` at the same moment, each in its own connection; returns any errors."""
    barrier = threading.Barrier(len(targets))
    errors: list[str] = []

    def run(target: Callable[[], object]) -> None:
        close_old_connections()
        try:
            barrier.wait()
            target()
        except Exception as exc:  # reported by the test, not swallowed
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_in_one_round_all_count_on_postgresql(world):
    """Six applications of one round change status at once, in both directions between the same statuses
    (submit and return), so the tally rows are contended and would deadlock if locked in different orders."""
    assert connection.vendor == "postgresql"
    drafts = [make_draft(world, title=f"Draft {i}") for i in range(3)]
    submitted = [make_submitted(world, title=f"Submitted {i}") for i in range(3)]
    errors = _race(
        [lambda a=a: app_services.application_submit(actor=world.group_member, application=a) for a in drafts]
        + [lambda a=a: app_services.application_return(actor=world.host_staff, application=a, message="Add reach.")
           for a in submitted]
    )
    assert errors == []
    kept = tallies.kept_application_counts()
    assert (kept[(world.round.pk, S.SUBMITTED, False)], kept[(world.round.pk, S.RETURNED, False)]) == (3, 3)
    assert_tallies_match()


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_checks_of_one_application_count_it_once_on_postgresql(world):
    assert connection.vendor == "postgresql"
    application = make_under_review(world)
    errors = _race([
        lambda: staff_services.application_check_record(actor=world.host_staff, application=application,
                                                        kind="eligibility", outcome="passed"),
        lambda: staff_services.application_check_record(actor=world.host_staff, application=application,
                                                        kind="due_diligence", outcome="passed"),
    ])
    assert errors == []
    assert application.checks.count() == 2
    assert_tallies_match()


@pytest.mark.django_db(transaction=True)
def test_concurrent_reviews_of_one_reviewer_all_count_on_postgresql(world):
    assert connection.vendor == "postgresql"
    cora = world.commissioner
    reviews = []
    for i in range(4):
        application = make_submitted(world, title=f"Panel {i}")
        reviews.append(staff_services.review_assign(actor=world.host_staff, application=application, reviewer=cora))
    errors = _race([lambda r=r: review_services.review_declare_conflict(actor=cora, review=r, has_conflict=False)
                    for r in reviews])
    assert errors == []
    kept = tallies.kept_review_counts()
    assert kept[(cora.pk, world.round.pk, Review.Status.IN_PROGRESS)] == 4
    assert_tallies_match()


@pytest.mark.django_db
def test_the_commissioner_dashboard_counts_reviews_to_do_and_applications_waiting_from_the_tallies(world):
    from grants.selectors.review import commissioner_dashboard

    cora = world.commissioner
    for i in range(2):
        staff_services.review_assign(actor=world.host_staff, application=make_submitted(world, title=f"W{i}"),
                                     reviewer=cora)
    make_submitted(world, title="Not yet with the panel")
    panel = commissioner_dashboard(cora)
    assert panel["todo"] == 2
    assert [(r.name, r.waiting) for r in panel["rounds"]] == [("2026 Spring round", 2)]

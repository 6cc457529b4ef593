"""The grants page benchmark: a programme of N applications, and the busiest staff pages timed over it.

    .venv/bin/python benchmarks/grants_pages.py [--applications 10000,100000] [--requests 20] [--keep-db]

(``benchmarks/pages.py`` runs the same.) Prints, for the host staff's applications list, the commissioner's
review queue, host staff's page of one application and the staff dashboard: median and p95 milliseconds,
requests per second under a short concurrent load and the SQL queries per page, at each size; given two
sizes, each page's p95 at both and their ratio. A measurement, not a test: it exits 0 whatever the figures.
See benchmarks/README.md for what it does and the recorded results.
"""
from __future__ import annotations

import random
import sys
from datetime import timedelta
from decimal import Decimal
from typing import Any

from harness.cast import ACTIVITIES, BATCH, COMMUNITIES, make_cast, make_groups, make_round, pick, vacuum_analyze
from harness.run import Page, Suite, main

OPEN_ROUND_MIX = {"draft": 40, "submitted": 25, "under_review": 20, "returned": 8, "withdrawn": 7}
CLOSED_ROUND_MIX = {"submitted": 3, "under_review": 12, "awarded": 40, "declined": 38, "withdrawn": 4, "returned": 3}
LOREM = ("We will run friendly sessions where people can talk about their experience of GPs, hospitals, mental "
         "health services and pharmacies. Volunteers from the group, trained in listening, will write down what "
         "people say, with their consent, and share it with Healthwatch. ")


def seed(n_applications: int, n_groups: int = 300) -> dict[str, int]:
    """Bulk-insert a programme with ``n_applications`` applications (see README); returns the row counts."""
    from django.db import transaction
    from django.utils import timezone

    from grants import tallies
    from grants.models import (
        Application,
        ApplicationCheck,
        ApplicationEvent,
        ApplicationVersion,
        BudgetLine,
        ConditionTemplate,
        Criterion,
        Decision,
        EligibilityAnswer,
        EligibilityQuestion,
        Grant,
        GrantCondition,
        GrantEvent,
        MonitoringReport,
        Payment,
        RequiredDocument,
        Review,
        Round,
        Score,
        SupportingDocument,
    )

    rng = random.Random(20261123)
    now = timezone.now()
    S = Application.Status
    batch = BATCH

    with transaction.atomic():
        cast = make_cast()
        commissioners, staff = cast.commissioners, cast.host_staff
        # Four rounds of one programme: the open one and three closed ones a few months apart.
        rounds = [make_round(cast.programme, name="2026 Spring round", opens_at=now - timedelta(days=10),
                             closes_at=now + timedelta(days=20))]
        for k, name in enumerate(("2025 Autumn round", "2025 Spring round", "2024 Autumn round")):
            closes = now - timedelta(days=30 + 150 * k)
            rounds.append(make_round(cast.programme, name=name, opens_at=closes - timedelta(days=60), closes_at=closes))
        rounds = list(Round.objects.filter(pk__in=[r.pk for r in rounds]).order_by("-closes_at"))
        questions = {r.pk: list(EligibilityQuestion.objects.filter(round=r)) for r in rounds}
        criteria = {r.pk: list(Criterion.objects.filter(round=r)) for r in rounds}
        conditions = {r.pk: ConditionTemplate.objects.get(round=r) for r in rounds}
        documents = {r.pk: RequiredDocument.objects.get(round=r) for r in rounds}

        groups, members = make_groups(cast.area, n_groups, rng)

        apps: list[Application] = []
        for i in range(n_applications):
            rnd = rounds[i % len(rounds)]
            g = rng.randrange(n_groups)
            status = pick(rng, OPEN_ROUND_MIX if rnd.is_open else CLOSED_ROUND_MIX)
            window = max(1.0, (min(now, rnd.closes_at) - rnd.opens_at).total_seconds() - 3600)
            created = rnd.opens_at + timedelta(seconds=rng.uniform(0, window))
            submitted = None if status == S.DRAFT else min(created + timedelta(days=rng.uniform(0, 3)), now)
            decided = None
            updated = submitted or created
            if status in (S.AWARDED, S.DECLINED):
                decided = min(rnd.closes_at + timedelta(days=rng.uniform(1, 25)), now)
                updated = decided
            elif status in (S.UNDER_REVIEW, S.RETURNED, S.WITHDRAWN):
                updated = min((submitted or created) + timedelta(days=rng.uniform(0, 5)), now)
            activity, community = rng.choice(ACTIVITIES), rng.choice(COMMUNITIES)
            amount = Decimal(rng.randrange(10, 100) * 50)  # £500 to £4,950
            apps.append(Application(
                round=rnd, organisation_id=groups[g].pk, reference=f"GR-2026-{i + 1:05d}", status=status,
                created_by_id=members[g].pk, created_at=created, updated_at=updated, submitted_at=submitted,
                decided_at=decided, version=0 if status == S.DRAFT else 1,
                contact_name=f"Volunteer {g + 1}", contact_email=members[g].email, contact_phone="07700 900123",
                group_description=f"We are a volunteer-led {activity} for {community}.",
                title=f"{activity.capitalize()} for {community}", summary=f"A monthly {activity} where {community} "
                f"tell us about their experience of health and care.", activity_description=LOREM * 3,
                start_date=(rnd.closes_at + timedelta(days=45)).date(),
                end_date=(rnd.closes_at + timedelta(days=300)).date(),
                communities=f"{community.capitalize()}, who rarely take part in NHS consultations.",
                planned_sessions=rng.randrange(4, 13), expected_reach=rng.randrange(30, 400),
                expected_conversations=rng.randrange(10, 150), amount_requested=amount,
            ))
        Application.objects.bulk_create(apps, batch_size=batch)

        lines, answers, events, versions, docs, checks, reviews = [], [], [], [], [], [], []
        review_marks: list[list[int]] = []
        decisions, grants = [], []
        turn = 0
        for app in apps:
            rid = app.round_id
            # Set above for every application past draft; the fallbacks only satisfy the type checker.
            amount = app.amount_requested or Decimal("0")
            submitted_at = app.submitted_at or app.created_at
            decided_at = app.decided_at or app.updated_at
            first = (amount * Decimal("0.6")).quantize(Decimal("1"))
            lines += [BudgetLine(application=app, order=1, description="Venue hire and refreshments", amount=first),
                      BudgetLine(application=app, order=2, description="Interpreters, materials and travel",
                                 amount=amount - first)]
            answers += [EligibilityAnswer(application=app, question=q, answer=q.passing_answer) for q in questions[rid]]
            events.append(ApplicationEvent(application=app, actor_id=app.created_by_id, at=app.created_at,
                                           from_status=S.DRAFT, to_status=S.DRAFT, kind="started",
                                           note="Application started"))
            if app.status == S.DRAFT:
                continue
            events.append(ApplicationEvent(application=app, actor_id=app.created_by_id, at=submitted_at,
                                           from_status=S.DRAFT, to_status=S.SUBMITTED, note="Version 1 submitted"))
            versions.append(ApplicationVersion(application=app, number=1, submitted_at=submitted_at,
                                               submitted_by_id=app.created_by_id,
                                               snapshot={"title": app.title, "summary": app.summary,
                                                         "amount_requested": str(amount)}))
            docs.append(SupportingDocument(application=app, required_document=documents[rid],
                                           file=f"applications/{app.pk}/20260101000000-safeguarding.pdf",
                                           original_name="Safeguarding policy.pdf", content_type="application/pdf",
                                           size=182_344, uploaded_by_id=app.created_by_id, uploaded_at=app.created_at))
            if app.status in (S.RETURNED, S.WITHDRAWN, S.SUBMITTED):
                if app.status != S.SUBMITTED:
                    events.append(ApplicationEvent(application=app, actor=staff, at=app.updated_at,
                                                   from_status=S.SUBMITTED, to_status=app.status,
                                                   note="Please add your safeguarding lead's name."))
                continue
            # Under review, awarded or declined: checked, then two reviewers in turn.
            checks.append(ApplicationCheck(application=app, kind=ApplicationCheck.Kind.ELIGIBILITY,
                                           outcome=ApplicationCheck.Outcome.PASSED, checked_by=staff,
                                           checked_at=submitted_at))
            events.append(ApplicationEvent(application=app, actor=staff, at=submitted_at + timedelta(hours=4),
                                           from_status=S.SUBMITTED, to_status=S.UNDER_REVIEW, note="Sent to the panel"))
            is_decided = app.status != S.UNDER_REVIEW
            for reviewer in (commissioners[turn % 3], commissioners[(turn + 1) % 3]):
                done = is_decided or rng.random() < 0.3
                status = Review.Status.SUBMITTED if done else rng.choice([Review.Status.ASSIGNED, Review.Status.IN_PROGRESS])
                # Marks drawn now, so the weighted score goes in with the review (no UPDATE of every review after).
                marks = [rng.randint(1, 5) for _ in criteria[rid]] if done else []
                total = sum(c.weight * m for c, m in zip(criteria[rid], marks, strict=False))
                reviews.append(Review(application=app, reviewer=reviewer, status=status, assigned_by=staff,
                                      assigned_at=submitted_at + timedelta(hours=4),
                                      has_conflict=False if status != Review.Status.ASSIGNED else None,
                                      recommendation=rng.choice(list(Review.Recommendation.values)) if done else "",
                                      comment="Clear plan, good reach." if done else "",
                                      submitted_at=app.updated_at if done else None,
                                      weighted_score=(Decimal(total) / 100).quantize(Decimal("0.01")) if done else None))
                review_marks.append(marks)
            turn += 1
            if not is_decided:
                continue
            events.append(ApplicationEvent(application=app, actor=commissioners[0], at=decided_at,
                                           from_status=S.UNDER_REVIEW, to_status=app.status,
                                           note="Awarded" if app.status == S.AWARDED else "Not enough detail on reach"))
            awarded = app.status == S.AWARDED
            decisions.append(Decision(application=app, outcome=app.status, decided_by=commissioners[0],
                                      decided_at=decided_at, amount=amount if awarded else None,
                                      reason="" if awarded else "The plan does not say how people will be reached."))
            if awarded:
                grant_status = pick(rng, {Grant.Status.OFFERED: 15, Grant.Status.ACTIVE: 75,
                                          Grant.Status.REPORT_SUBMITTED: 10})
                grants.append(Grant(application=app, round_id=rid, organisation_id=app.organisation_id,
                                    reference=app.reference.replace("GR-", "GRANT-"), amount=amount,
                                    status=grant_status, awarded_at=decided_at,
                                    accepted_at=None if grant_status == Grant.Status.OFFERED else decided_at,
                                    accepted_by_id=None if grant_status == Grant.Status.OFFERED else app.created_by_id,
                                    report_due=(decided_at + timedelta(days=365)).date()))
        BudgetLine.objects.bulk_create(lines, batch_size=batch)
        EligibilityAnswer.objects.bulk_create(answers, batch_size=batch)
        ApplicationEvent.objects.bulk_create(events, batch_size=batch)
        ApplicationVersion.objects.bulk_create(versions, batch_size=batch)
        SupportingDocument.objects.bulk_create(docs, batch_size=batch)
        ApplicationCheck.objects.bulk_create(checks, batch_size=batch)
        Review.objects.bulk_create(reviews, batch_size=batch)
        Decision.objects.bulk_create(decisions, batch_size=batch)
        Grant.objects.bulk_create(grants, batch_size=batch)

        scores = [Score(review=review, criterion=c, score=m)
                  for review, marks in zip(reviews, review_marks, strict=True)
                  for c, m in zip(criteria[review.application.round_id], marks, strict=False)]
        Score.objects.bulk_create(scores, batch_size=batch)

        payments, grant_conditions, reports, grant_events = [], [], [], []
        for grant in grants:
            accepted = grant.status != Grant.Status.OFFERED
            half = (grant.amount / 2).quantize(Decimal("0.01"))
            day = grant.awarded_at.date()
            payments += [
                Payment(grant=grant, number=1, amount=half, due_on=day + timedelta(days=30),
                        status=Payment.Status.PAID if accepted else Payment.Status.SCHEDULED,
                        paid_on=day + timedelta(days=30) if accepted else None, paid_by=staff if accepted else None,
                        payment_reference=f"BACS-{grant.pk}" if accepted else ""),
                Payment(grant=grant, number=2, amount=grant.amount - half, due_on=day + timedelta(days=210)),
            ]
            template = conditions[grant.round_id]
            grant_conditions.append(GrantCondition(grant=grant, template=template, title=template.title,
                                                   evidence_kind=template.evidence_kind,
                                                   required_count=template.required_count))
            reports.append(MonitoringReport(grant=grant, updated_at=grant.awarded_at))
            grant_events.append(GrantEvent(grant=grant, actor=commissioners[0], at=grant.awarded_at, kind="awarded",
                                           from_status=Grant.Status.OFFERED, to_status=Grant.Status.OFFERED,
                                           note=f"Grant of £{grant.amount:,.2f} offered"))
            if accepted:
                grant_events.append(GrantEvent(grant=grant, actor_id=grant.accepted_by_id, at=grant.awarded_at,
                                               from_status=Grant.Status.OFFERED, to_status=Grant.Status.ACTIVE,
                                               note="Agreement accepted"))
        Payment.objects.bulk_create(payments, batch_size=batch)
        GrantCondition.objects.bulk_create(grant_conditions, batch_size=batch)
        MonitoringReport.objects.bulk_create(reports, batch_size=batch)
        GrantEvent.objects.bulk_create(grant_events, batch_size=batch)

        # Bulk inserts bypass the services that keep the status counts: recount them, as after any import.
        tallies.rebuild()

    vacuum_analyze()
    return {
        "applications": len(apps), "community groups": len(groups), "budget lines": len(lines),
        "application events": len(events), "reviews": len(reviews), "scores": len(scores),
        "decisions": len(decisions), "grants": len(grants), "payments": len(payments),
    }


def people() -> dict[str, Any]:
    """The signed-in users and the application whose page is timed, looked up in an existing seeded database."""
    from grants.models import Application
    from grassroots.accounts.models import User

    staff = User.objects.get(email="hana@healthwatchlambeth.org.uk")
    commissioner = User.objects.get(email="cora@selondon.icb.nhs.uk")
    # The richest page: an awarded application (reviews, scores, decision, grant, payments, timeline).
    application = Application.objects.filter(status=Application.Status.AWARDED).order_by("pk").first()
    return {"staff": staff, "commissioner": commissioner, "application": application}


def pages(cast: dict[str, Any]) -> list[Page]:
    return [
        Page("Applications list (host staff)", "grants:staff_applications", "staff"),
        Page("Review queue (commissioner)", "grants:review_queue", "commissioner"),
        Page("Application page (host staff)", "grants:staff_application", "staff", {"pk": cast["application"].pk}),
        Page("Dashboard (host staff)", "dashboard", "staff"),
    ]


def count() -> int:
    from grants.models import Application

    return Application.objects.count()


SUITE = Suite(unit="applications", default_sizes=(10_000,), seed=seed, people=people, pages=pages, count=count)

if __name__ == "__main__":
    sys.exit(main(SUITE, __doc__))

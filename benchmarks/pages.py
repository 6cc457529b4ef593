"""Page benchmark: seed a large programme, serve it under gunicorn, time the busiest staff pages.

    .venv/bin/python benchmarks/pages.py [--applications 10000] [--requests 20] [--load-seconds 5] [--keep-db]

Prints, for the host staff's applications list, the commissioner's review queue, host staff's page of
one application and the staff dashboard: median and p95 milliseconds over sequential requests,
requests per second under a short concurrent load, and the number of SQL queries each page makes.
It is a measurement, not a test: it exits 0 whatever the figures, and 1 only if the server cannot start.
See benchmarks/README.md for what it does and the recorded results.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import math
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DEFAULT_DB = "postgres://root@127.0.0.1:5432/grassroots_bench"
P95_TARGET_MS = 100.0
QUERY_TARGET = 15


@dataclass
class Trial:
    """One pass over a page: sequential timings, then the load."""

    median_ms: float | None = None
    p95_ms: float | None = None
    rps: float | None = None
    load_errors: int = 0
    other_cpu: float = 0.0  # share of all CPUs used by other processes meanwhile
    errors: list[str] = field(default_factory=list)


@dataclass
class Page:
    label: str
    url_name: str
    who: str  # "staff" or "commissioner"
    kwargs: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    missing: str = ""
    trial: Trial = field(default_factory=Trial)
    queries: int | None = None
    query_log: list[dict[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


# --- environment and database -------------------------------------------------------------------------


def configure_environment(static_root: str, media_root: str) -> str:
    """The production-like settings both this process and gunicorn run with."""
    db_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    os.environ.update({
        "DATABASE_URL": db_url,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",  # the benchmark speaks plain http to 127.0.0.1
        "CSRF_COOKIE_SECURE": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_MANIFEST": "false",
        "STATIC_ROOT": static_root,
        "MEDIA_ROOT": media_root,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "grassroots.settings",
    })
    os.environ.pop("EMAIL_HOST", None)
    return db_url


def _admin_connection(db_url: str) -> Any:
    import psycopg2

    parts = urllib.parse.urlparse(db_url)
    conn = psycopg2.connect(dbname="postgres", user=parts.username, password=parts.password,
                            host=parts.hostname, port=parts.port or 5432)
    conn.autocommit = True
    return conn


def _db_name(db_url: str) -> str:
    name = urllib.parse.urlparse(db_url).path.lstrip("/")
    if "bench" not in name:
        # This script drops its database; refuse anything that is not obviously a benchmark database.
        raise SystemExit(f"Refusing to use database {name!r}: its name must contain 'bench'.")
    return name


def database_exists(db_url: str) -> bool:
    conn = _admin_connection(db_url)
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [_db_name(db_url)])
        found = cur.fetchone() is not None
    conn.close()
    return found


def recreate_database(db_url: str) -> None:
    from psycopg2 import sql

    name = _db_name(db_url)
    conn = _admin_connection(db_url)
    with conn.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()


def drop_database(db_url: str) -> None:
    from psycopg2 import sql

    conn = _admin_connection(db_url)
    with conn.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(_db_name(db_url))))
    conn.close()


# --- seeding ------------------------------------------------------------------------------------------

OPEN_ROUND_MIX = {"draft": 40, "submitted": 25, "under_review": 20, "returned": 8, "withdrawn": 7}
CLOSED_ROUND_MIX = {"submitted": 3, "under_review": 12, "awarded": 40, "declined": 38, "withdrawn": 4, "returned": 3}
ACTIVITIES = ["lunch club", "coffee morning", "listening event", "walking group", "sports session", "craft circle",
              "parents' drop-in", "carers' café", "youth forum", "language café"]
COMMUNITIES = ["older Caribbean residents", "Deaf BSL users", "refugees and asylum seekers", "young carers",
               "people with learning disabilities", "Somali women", "homeless men", "Polish families",
               "Bangladeshi elders", "LGBTQ+ young people"]
LOREM = ("We will run friendly sessions where people can talk about their experience of GPs, hospitals, mental "
         "health services and pharmacies. Volunteers from the group, trained in listening, will write down what "
         "people say, with their consent, and share it with Healthwatch. ")


def _pick(rng: random.Random, mix: dict[str, int]) -> str:
    return rng.choices(list(mix), weights=list(mix.values()))[0]


def seed(n_applications: int, n_groups: int = 300) -> dict[str, Any]:
    """Bulk-insert a programme with ``n_applications`` applications (see README); returns the row counts."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

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
    from grassroots.accounts.models import Membership, Organisation, User
    from tests.factories import PASSWORD, make_member, make_round, make_world

    rng = random.Random(20261123)
    now = timezone.now()
    S = Application.Status
    batch = 2000

    with transaction.atomic():
        world = make_world()
        programme = world.programme
        commissioners = [world.commissioner] + [
            make_member(world.icb, Membership.Role.COMMISSIONER, email=f"reviewer{i}@selondon.icb.nhs.uk",
                        name=f"Reviewer {i}") for i in (2, 3)
        ]
        # Four rounds: the standing open one and three closed ones a few months apart.
        rounds = [world.round] + [make_round(programme, open_now=False, budget="10000000", name=name)
                                  for name in ("2025 Autumn round", "2025 Spring round", "2024 Autumn round")]
        for k, rnd in enumerate(rounds):
            if k == 0:
                Round.objects.filter(pk=rnd.pk).update(budget=Decimal("10000000"))
                continue
            closes = now - timedelta(days=30 + 150 * (k - 1))
            Round.objects.filter(pk=rnd.pk).update(opens_at=closes - timedelta(days=60), closes_at=closes)
        rounds = list(Round.objects.filter(pk__in=[r.pk for r in rounds]).order_by("-closes_at"))
        questions = {r.pk: list(EligibilityQuestion.objects.filter(round=r)) for r in rounds}
        criteria = {r.pk: list(Criterion.objects.filter(round=r)) for r in rounds}
        conditions = {r.pk: ConditionTemplate.objects.get(round=r) for r in rounds}
        documents = {r.pk: RequiredDocument.objects.get(round=r) for r in rounds}

        groups = Organisation.objects.bulk_create([
            Organisation(name=f"{rng.choice(COMMUNITIES).capitalize()} {rng.choice(ACTIVITIES)} {i:03d}",
                         kind=Organisation.Kind.COMMUNITY_GROUP, communities_served=rng.choice(COMMUNITIES),
                         charity_number=f"11{i:05d}", org_id=f"GB-CHC-11{i:05d}", postcode="SW9 8AA")
            for i in range(1, n_groups + 1)
        ])
        Organisation.areas.through.objects.bulk_create(
            [Organisation.areas.through(organisation_id=g.pk, area_id=world.area.pk) for g in groups])
        password = make_password(PASSWORD)  # hashed once: 300 PBKDF2 hashes would take minutes
        members = User.objects.bulk_create([
            User(email=f"volunteer{i}@group{i}.example.org", full_name=f"Volunteer {i}", password=password)
            for i in range(1, n_groups + 1)
        ])
        Membership.objects.bulk_create([
            Membership(user=u, organisation=g, role=Membership.Role.ADMIN) for u, g in zip(members, groups, strict=True)
        ])

        apps: list[Application] = []
        for i in range(n_applications):
            rnd = rounds[i % len(rounds)]
            g = rng.randrange(n_groups)
            status = _pick(rng, OPEN_ROUND_MIX if rnd.is_open else CLOSED_ROUND_MIX)
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
        decisions, grants = [], []
        staff = world.host_staff
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
                reviews.append(Review(application=app, reviewer=reviewer, status=status, assigned_by=staff,
                                      assigned_at=submitted_at + timedelta(hours=4),
                                      has_conflict=False if status != Review.Status.ASSIGNED else None,
                                      recommendation=rng.choice(list(Review.Recommendation.values)) if done else "",
                                      comment="Clear plan, good reach." if done else "",
                                      submitted_at=app.updated_at if done else None))
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
                grant_status = _pick(rng, {Grant.Status.OFFERED: 15, Grant.Status.ACTIVE: 75,
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

        scores, weighted = [], []
        for review in reviews:
            if review.status != Review.Status.SUBMITTED:
                continue
            marks = [rng.randint(1, 5) for _ in criteria[review.application.round_id]]
            scores += [Score(review=review, criterion=c, score=m) for c, m in zip(criteria[review.application.round_id],
                                                                                  marks, strict=True)]
            total = sum(c.weight * m for c, m in zip(criteria[review.application.round_id], marks, strict=True))
            review.weighted_score = (Decimal(total) / 100).quantize(Decimal("0.01"))
            weighted.append(review)
        Score.objects.bulk_create(scores, batch_size=batch)
        Review.objects.bulk_update(weighted, ["weighted_score"], batch_size=batch)

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

    with connection.cursor() as cur:
        # As autovacuum soon would after a real import: planner statistics, and a visibility map for index-only scans.
        cur.execute("VACUUM ANALYZE")
    return {
        "counts": {
            "applications": len(apps), "community groups": len(groups), "budget lines": len(lines),
            "application events": len(events), "reviews": len(reviews), "scores": len(scores),
            "decisions": len(decisions), "grants": len(grants), "payments": len(payments),
        },
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


def cpu_busy(seconds: float = 2.0) -> float:
    """Share of all CPUs (0 to 1) in use over ``seconds``, from /proc/stat: other work on the box skews every figure."""

    def sample() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]  # total, idle + iowait

    total0, idle0 = sample()
    time.sleep(seconds)
    total1, idle1 = sample()
    return 1 - (idle1 - idle0) / max(1, total1 - total0)


def wait_until_quiet(limit: float, threshold: float = 0.15) -> float:
    """Wait (up to ``limit`` seconds) for the machine to be nearly idle; returns the last busy share seen."""
    deadline = time.monotonic() + limit
    busy = cpu_busy()
    while busy > threshold and time.monotonic() < deadline:
        busy = cpu_busy(5.0)
    return busy


# --- the server ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(port: int, log_path: Path) -> subprocess.Popen[bytes]:
    log = log_path.open("wb")
    return subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "grassroots.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )


def wait_for_server(proc: subprocess.Popen[bytes], base: str, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{base}/accounts/sign-in/", timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    return False


def stop_gunicorn(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()  # gunicorn's arbiter stops its own workers on SIGTERM
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- the HTTP client (stdlib only) --------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect surfaces as an HTTPError, so a lost session counts as an error, not a fast page


class Browser:
    """A signed-in visitor: a cookie jar and an opener that does not follow redirects."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def sign_in(self, email: str, password: str) -> None:
        status, body = self.request("/accounts/sign-in/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not match:
            raise RuntimeError(f"sign-in page answered {status} without a CSRF token")
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1).decode(), "username": email,
                                       "password": password}).encode()
        status, _ = self.request("/accounts/sign-in/", data=form,
                                 headers={"Referer": self.base + "/accounts/sign-in/",
                                          "Content-Type": "application/x-www-form-urlencoded"})
        if status != 302 or not any(c.name == "sessionid" for c in self.jar):
            raise RuntimeError(f"signing in as {email} failed (status {status})")


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: with 20 samples, p95 is the 19th fastest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def time_page(browser: Browser, url: str, requests: int, trial: Trial) -> None:
    for _ in range(2):  # warm-up: template loading, connection set-up in each worker
        browser.request(url)
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        status, _ = browser.request(url)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            trial.errors.append(f"sequential request answered {status}")
            continue
        samples.append(elapsed)
    if samples:
        trial.median_ms = statistics.median(samples)
        trial.p95_ms = percentile(samples, 95)


def load_page(browser: Browser, url: str, seconds: float, clients: int, trial: Trial) -> None:
    ok = [0] * clients
    bad = [0] * clients
    stop_at = time.monotonic() + seconds

    def run(slot: int) -> None:
        while time.monotonic() < stop_at:
            status, _ = browser.request(url)
            if status == 200:
                ok[slot] += 1
            else:
                bad[slot] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    trial.rps = sum(ok) / (time.monotonic() - started)
    trial.load_errors = sum(bad)
    if trial.load_errors:
        trial.errors.append(f"{trial.load_errors} non-200 answers under load")


class OtherCpu:
    """CPU used meanwhile by processes that are not the benchmark's own (this process, gunicorn and its workers,
    PostgreSQL backends of the benchmark database): a test run on the same 2 cores skews every figure."""

    def __init__(self, gunicorn_pid: int, db_name: str) -> None:
        self.own = {os.getpid(), gunicorn_pid}
        self.db_name = db_name
        self.hz = os.sysconf("SC_CLK_TCK")

    def _others(self) -> dict[int, int]:
        jiffies = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
                cmdline = Path(entry.path, "cmdline").read_bytes()
            except OSError:
                continue  # it ended meanwhile
            fields = stat.rsplit(")", 1)[1].split()  # after "pid (name)": state, ppid, ... utime is the 12th
            pid, ppid = int(entry.name), int(fields[1])
            if pid in self.own or ppid in self.own or self.db_name.encode() in cmdline:
                continue
            jiffies[pid] = int(fields[11]) + int(fields[12])
        return jiffies

    def __enter__(self) -> OtherCpu:
        self.started, self.before = time.monotonic(), self._others()
        return self

    def __exit__(self, *exc: object) -> None:
        after, elapsed = self._others(), time.monotonic() - self.started
        used = sum(j - self.before.get(pid, 0) for pid, j in after.items())
        self.share = used / self.hz / (elapsed * (os.cpu_count() or 1))


def measure_page(browser: Browser, page: Page, args: argparse.Namespace, watch: OtherCpu) -> None:
    """Measure ``args.rounds`` times and keep the pass that other processes disturbed least."""
    for _ in range(args.rounds):
        trial = Trial()
        with watch:
            time_page(browser, page.url, args.requests, trial)
            load_page(browser, page.url, args.load_seconds, args.clients, trial)
        trial.other_cpu = watch.share
        if page.trial.median_ms is None or trial.other_cpu < page.trial.other_cpu:
            page.trial = trial


# --- queries, measured in-process ---------------------------------------------------------------------


def count_queries(page: Page, user: Any) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    client.raise_request_exception = False  # a page that crashes is reported, not fatal to the benchmark
    client.get(page.url)  # warm caches (content types, templates) so the count is the steady state
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page.url)
    if response.status_code != 200:
        page.trial.errors.append(f"in-process request answered {response.status_code}")
    page.queries = len(ctx.captured_queries)
    page.query_log = list(ctx.captured_queries)


def _shape(sql: str) -> str:
    """The query with its literals blanked, so repeats of one query with different ids group together."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"\(\s*\?(?:\s*,\s*\?)*\s*\)", "(?...)", sql)


def explain(sql: str) -> tuple[float, str]:
    """EXPLAIN ANALYZE a captured query; returns (execution ms, plan)."""
    from django.db import connection

    sql = re.sub(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH(?:OUT)? HOLD FOR ', "", sql)  # .iterator()'s cursor
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = "\n".join(row[0] for row in cur.fetchall())
    found = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return (float(found.group(1)) if found else 0.0), plan


def report_queries(page: Page, show_plan: bool, sql_log: Any) -> None:
    if not page.query_log:
        return
    print(f"\n{page.label} — {page.queries} queries; the slowest as the page ran them (ms, 1 ms resolution):")
    slowest = sorted(page.query_log, key=lambda q: float(q["time"]), reverse=True)
    for q in slowest[:5]:
        print(f"  {float(q['time']) * 1000:5.0f} ms  {q['sql'][:200]}")
    shapes: dict[str, int] = {}
    for q in page.query_log:
        shapes[_shape(q["sql"])] = shapes.get(_shape(q["sql"]), 0) + 1
    for shape, n in sorted(shapes.items(), key=lambda item: -item[1]):
        if n > 1:
            print(f"  repeated ×{n}: {shape[:200]}")
    if sql_log:
        sql_log.write(f"-- {page.label} ({page.url}): {page.queries} queries\n")
        for q in page.query_log:
            sql_log.write(f"-- {float(q['time']) * 1000:.0f} ms\n{q['sql']};\n")
        sql_log.write("\n")
    if show_plan:
        # Timings above include the round trip; re-run the three slowest and show the plan of the costliest.
        plans = [explain(q["sql"]) for q in slowest[:3]]
        ms, plan = max(plans, key=lambda p: p[0])
        print(f"  EXPLAIN ANALYZE of the costliest ({ms:.2f} ms in the database):")
        for line in plan.splitlines():
            print("    " + line)


# --- main ---------------------------------------------------------------------------------------------


def verdict(page: Page) -> str:
    if page.missing:
        return "MISSING"
    if page.trial.p95_ms is None or page.queries is None:
        return "ERROR"
    return "PASS" if page.trial.p95_ms <= P95_TARGET_MS and page.queries <= QUERY_TARGET else "FAIL"


def print_table(pages: list[Page]) -> None:
    def num(value: float | int | None, fmt: str) -> str:
        return "—" if value is None else format(value, fmt)

    print(f"\n{'page':<34} {'median ms':>9} {'p95 ms':>8} {'req/s':>7} {'queries':>7}  {'result':<7} other CPU")
    for p in pages:
        t = p.trial
        print(f"{p.label:<34} {num(t.median_ms, '.1f'):>9} {num(t.p95_ms, '.1f'):>8} {num(t.rps, '.1f'):>7} "
              f"{num(p.queries, 'd'):>7}  {verdict(p):<7} {'' if p.missing else format(t.other_cpu, '.0%')}")
    print(f"targets: p95 ≤ {P95_TARGET_MS:.0f} ms and ≤ {QUERY_TARGET} queries per page; other CPU: share of both cores "
          "used by other processes while the page was timed (above ~10% the timings are pessimistic)")
    for p in pages:
        if p.missing:
            print(f"  {p.label}: not measured — {p.missing}")
        for error in sorted(set(p.trial.errors)):
            print(f"  {p.label}: {error}")


def measure(args: argparse.Namespace, db_url: str, tmp: Path) -> int:
    import redis
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.urls import NoReverseMatch, reverse

    from grants.models import Application
    from tests.factories import PASSWORD

    redis.Redis.from_url(settings.REDIS_URL).flushdb()  # no cached fragments from an earlier run
    call_command("migrate", interactive=False, verbosity=0)
    reuse = args.reuse_db and Application.objects.count() == args.applications
    if reuse:
        print(f"Reusing {args.applications:,} applications already in the database.")
    else:
        if Application.objects.exists():  # a kept database of another size: start again
            connections.close_all()
            recreate_database(db_url)
            call_command("migrate", interactive=False, verbosity=0)
        started = time.monotonic()
        counts = seed(args.applications)["counts"]
        print(f"Seeded in {time.monotonic() - started:.1f} s: " + ", ".join(f"{n:,} {k}" for k, n in counts.items()))
    cast = people()

    pages = [
        Page("Applications list (host staff)", "grants:staff_applications", "staff"),
        Page("Review queue (commissioner)", "grants:review_queue", "commissioner"),
        Page("Application page (host staff)", "grants:staff_application", "staff", {"pk": cast["application"].pk}),
        Page("Dashboard (host staff)", "dashboard", "staff"),
    ]
    for page in pages:
        try:
            page.url = reverse(page.url_name, kwargs=page.kwargs or None)
        except NoReverseMatch:
            page.missing = f"no URL named {page.url_name} yet"
    connections.close_all()

    busy = wait_until_quiet(args.wait_idle)
    print(f"CPU busy before measuring: {busy:.0%} of {os.cpu_count()} cores"
          + (" — other work is running, so these figures are pessimistic" if busy > 0.15 else ""))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp / "gunicorn.log"
    proc = start_gunicorn(port, log_path)
    try:
        if not wait_for_server(proc, base):
            print("gunicorn did not start; its log:\n" + log_path.read_text(errors="replace")[-4000:], file=sys.stderr)
            return 1
        browsers = {"staff": Browser(base), "commissioner": Browser(base)}
        browsers["staff"].sign_in(cast["staff"].email, PASSWORD)
        browsers["commissioner"].sign_in(cast["commissioner"].email, PASSWORD)
        print(f"gunicorn (2 workers) on {base}: per page, 2 warm-up and {args.requests} timed requests, then "
              f"{args.clients} clients for {args.load_seconds:g} s"
              + (f"; the least disturbed of {args.rounds} passes" if args.rounds > 1 else ""))
        watch = OtherCpu(proc.pid, _db_name(db_url))
        for page in pages:
            if not page.missing:
                measure_page(browsers[page.who], page, args, watch)
    finally:
        stop_gunicorn(proc)

    for page in pages:
        if not page.missing:
            count_queries(page, cast[page.who])
    sql_log = open(args.sql_log, "w") if args.sql_log else None  # noqa: SIM115  (closed below)
    for page in pages:
        report_queries(page, args.explain or verdict(page) == "FAIL", sql_log)
    if sql_log:
        sql_log.close()
        print(f"\nEvery query of every page: {args.sql_log}")
    print_table(pages)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=20, help="sequential timed requests per page")
    parser.add_argument("--load-seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients during the load")
    parser.add_argument("--keep-db", action="store_true", help="leave the benchmark database in place afterwards")
    parser.add_argument("--reuse-db", action="store_true",
                        help="with --keep-db before: reuse the database if it holds --applications applications")
    parser.add_argument("--explain", action="store_true",
                        help="EXPLAIN ANALYZE every page's costliest query (always done for a page that fails)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure each page this many times and keep the pass other processes disturbed least")
    parser.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                        help="first wait up to this long for the machine to be idle (other processes skew timings)")
    parser.add_argument("--sql-log", metavar="PATH", help="write every query of every page to this file")
    args = parser.parse_args()

    if args.sql_log:
        args.sql_log = os.path.abspath(args.sql_log)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    tmp = Path(tempfile.mkdtemp(prefix="grassroots-bench-"))
    (tmp / "static").mkdir()
    (tmp / "media").mkdir()
    db_url = configure_environment(str(tmp / "static"), str(tmp / "media"))
    if not (args.reuse_db and database_exists(db_url)):
        recreate_database(db_url)

    import django

    django.setup()
    from django.db import connections

    try:
        return measure(args, db_url, tmp)
    finally:
        connections.close_all()
        if args.keep_db:
            print(f"\nKept the database: {db_url} (run again with --reuse-db to skip seeding)")
        else:
            drop_database(db_url)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

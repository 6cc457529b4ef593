"""The paper-forms import benchmark: 100,000 rows of feedback, uploaded, checked and imported end to end.

    .venv/bin/python benchmarks/engagement_import.py [--rows 100000] [--formats csv,xlsx] [--keep-db]

Seeds a programme (host staff Hana, 50 community groups with a grant and 10 draft sessions each), writes a
100,000-row feedback file as a volunteer's spreadsheet would (CSV UTF-8 with BOM, and XLSX), then runs the very
code the background jobs run: ``import_batch_upload`` (hash and keep the file), the check job (parse and check every
row), ``import_batch_start`` and the import job (parse and check again under the sessions' locks, ``COPY`` into
``engagement_feedbackitem``, timeline rows, safeguarding e-mails, one commit). Jobs run in-process (no broker), so
the times are the work itself, not queueing. Prints rows per second for each stage and end to end (target: at least
5,000 rows/s), and what the full-text search trigger costs. A measurement, not a test: exits 0 whatever the figures.
See benchmarks/README.md ("Engagement import").
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GROUPS, SESSIONS_PER_GROUP = 50, 10
HEADINGS = ["Session", "What was said", "Service", "Sentiment", "Consent", "Age band", "Ethnic group",
            "Safeguarding concern"]
SAYINGS = ["Could not get a GP appointment for three weeks", "The pharmacist explained my new tablets kindly",
           "Waited six hours in A&E with my mum", "Nobody at the hospital spoke Somali, my daughter had to interpret",
           "The mental health team rang back the same day", "Dentist says no NHS places until next year",
           "Midwives were wonderful but the ward was short of staff", "111 sent an ambulance quickly",
           "Carer visits are too short to help with a bath", "Community nurse comes every Tuesday, very reliable"]


def seed() -> tuple[Any, list[Any]]:
    """The cast, 50 groups with an active grant each and 10 draft sessions per grant; returns (staff, sessions)."""
    from django.db import transaction
    from django.utils import timezone
    from harness.cast import make_cast, make_groups, make_round

    from engagement.models import Session
    from grants.models import Application, Grant

    rng = random.Random(20261124)
    now = timezone.now()
    with transaction.atomic():
        cast = make_cast()
        rnd = make_round(cast.programme, name="2026 Spring round", opens_at=now - timedelta(days=200),
                         closes_at=now - timedelta(days=150))
        groups, volunteers = make_groups(cast.area, GROUPS, rng)
        apps = Application.objects.bulk_create([
            Application(round=rnd, organisation=g, reference=f"GR-2026-{n:05d}", status=Application.Status.AWARDED,
                        created_by=v, title=f"Listening in {g.name}") for n, (g, v) in
            enumerate(zip(groups, volunteers, strict=True), start=1)])
        grants = Grant.objects.bulk_create([
            Grant(application=a, round=rnd, organisation_id=a.organisation_id, reference=a.reference,
                  amount=Decimal("4000"), status=Grant.Status.ACTIVE, accepted_at=now, accepted_by=v)
            for a, v in zip(apps, volunteers, strict=True)])
        sessions = Session.objects.bulk_create([
            Session(grant=g, organisation_id=g.organisation_id, round=rnd, reference=f"{g.reference}-S{k}", number=k,
                    kind="listening", title=f"Listening event {k}", held_on=date(2026, 1, 1) + timedelta(days=7 * k),
                    area=cast.area, attendance=30, conversations=10, created_by=v)
            for g, v in zip(grants, volunteers, strict=True) for k in range(1, SESSIONS_PER_GROUP + 1)])
    return cast.host_staff, sessions


def feedback_rows(sessions: list[Any], n: int, seed: int) -> list[list[str]]:
    from engagement.choices import AgeBand, Consent, EthnicGroup, Sentiment, Service

    rng = random.Random(seed)
    services, sentiments = [c.label for c in Service], [c.label for c in Sentiment]
    consents, ages, ethnic = [c.label for c in Consent], [c.label for c in AgeBand], [c.label for c in EthnicGroup]
    return [[rng.choice(sessions).reference, f"{rng.choice(SAYINGS)} (form {i})", rng.choice(services),
             rng.choice(sentiments), rng.choice(consents), rng.choice([*ages, ""]), rng.choice([*ethnic, ""]),
             "Yes" if rng.random() < 0.005 else "No"] for i in range(n)]


def as_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADINGS)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Feedback")
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cpu_seconds(backend_pid: int) -> float:
    """CPU used so far by this process and by its PostgreSQL backend (whatever else the machine is doing)."""
    own = os.times()
    fields = Path(f"/proc/{backend_pid}/stat").read_text().rsplit(")", 1)[1].split()
    return own.user + own.system + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_once(staff: Any, name: str, content: bytes, n: int, *, trigger: bool = True) -> dict[str, float]:
    """Upload, check and import one file through the services and their jobs; returns seconds per stage."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from engagement.access import import_scopes
    from engagement.imports.reading import read_table
    from engagement.models import FeedbackItem, ImportBatch
    from engagement.services import imports as services

    ext = name.rsplit(".", 1)[-1]
    started = time.perf_counter()
    table = read_table(content, ext)
    parsed = sum(1 for _ in table.rows)
    parse = time.perf_counter() - started
    assert parsed == n, (parsed, n)

    written: list[float] = []
    real_write = services._write

    def timed_write(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return real_write(*args, **kwargs)
        finally:
            written.append(time.perf_counter() - t)

    if not trigger:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE engagement_feedbackitem DISABLE TRIGGER engagement_feedback_search_vector")
    services._write = timed_write  # type: ignore[assignment]
    try:
        before = FeedbackItem.objects.count()
        scope = next(s for s in import_scopes(staff) if s.as_staff)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        cpu0 = _cpu_seconds(backend)
        t0 = time.perf_counter()
        batch, _ = services.import_batch_upload(actor=staff, scope=scope, kind="feedback",
                                                upload=SimpleUploadedFile(name, content))  # the check job runs here
        t1 = time.perf_counter()
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.READY, list(batch.problems.values_list("message", flat=True)[:5])
        batch = services.import_batch_start(actor=staff, batch=batch)  # and the import job here
        t2 = time.perf_counter()
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.IMPORTED, batch.status
        cpu = _cpu_seconds(backend) - cpu0
        assert FeedbackItem.objects.count() - before == n
    finally:
        services._write = real_write  # type: ignore[assignment]
        if not trigger:
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE engagement_feedbackitem ENABLE TRIGGER engagement_feedback_search_vector")
    return {"parse": parse, "upload and check": t1 - t0, "import": t2 - t1, "write": written[0], "total": t2 - t0,
            "cpu": cpu}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--formats", default="csv,xlsx", help="csv, xlsx or both (default both)")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                        help="first wait up to this long for the machine to be idle (other processes skew timings)")
    parser.add_argument("--no-trigger-run", action="store_true", help="skip the run without the search trigger")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    os.chdir(ROOT)
    tmp = Path(tempfile.mkdtemp(prefix="grassroots-import-bench-"))
    (tmp / "static").mkdir()
    (tmp / "media").mkdir()
    os.environ.setdefault("BENCH_DATABASE_URL", "postgres://root@127.0.0.1:5432/grassroots_bench_import")
    from harness import env
    from harness.timing import OtherCpu, wait_until_quiet

    db_url = env.configure_environment(str(tmp / "static"), str(tmp / "media"))
    os.environ["REDIS_URL"] = ""  # jobs run in-process: the figures are the work, not a queue
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    env.recreate_database(db_url)
    call_command("migrate", interactive=False, verbosity=0)
    try:
        t = time.perf_counter()
        staff, sessions = seed()
        print(f"Seeded {len(sessions)} draft sessions of {GROUPS} groups in {time.perf_counter() - t:.1f} s "
              f"(database {env.db_name(db_url)}; PostgreSQL {connection.pg_version}, {os.cpu_count()} cores)")
        results: list[tuple[str, int, dict[str, float]]] = []
        print(f"CPU busy before measuring: {wait_until_quiet(args.wait_idle):.0%} of {os.cpu_count()} cores")
        busy = OtherCpu(os.getpid(), env.db_name(db_url)).__enter__()
        for n, fmt in enumerate(f.strip() for f in args.formats.split(",") if f.strip()):
            rows = feedback_rows(sessions, args.rows, seed=n)
            t = time.perf_counter()
            content = as_csv(rows) if fmt == "csv" else as_xlsx(rows)
            print(f"Wrote a {args.rows:,}-row {fmt.upper()} file ({len(content) / 1e6:.1f} MB) in "
                  f"{time.perf_counter() - t:.1f} s")
            results.append((fmt.upper(), len(content), run_once(staff, f"feedback.{fmt}", content, args.rows)))
        if not args.no_trigger_run:
            content = as_csv(feedback_rows(sessions, args.rows, seed=99))
            results.append(("CSV, no search trigger", len(content),
                            run_once(staff, "feedback-nt.csv", content, args.rows, trigger=False)))
        busy.__exit__()
        print(f"\n{args.rows:,} rows of feedback, seconds (rows per second):")
        print(f"{'file':<24} {'parse':>16} {'upload + check':>18} {'import job':>16} {'of which write':>16} "
              f"{'end to end':>18} {'CPU end to end':>18}  result")
        for label, _, r in results:
            def cell(key: str, r: dict[str, float] = r) -> str:
                return f"{r[key]:6.2f} ({args.rows / r[key]:>7,.0f})"
            verdict = "PASS" if args.rows / r["total"] >= 5000 else "FAIL"
            print(f"{label:<24} {cell('parse'):>16} {cell('upload and check'):>18} {cell('import'):>16} "
                  f"{cell('write'):>16} {cell('total'):>18} {cell('cpu'):>18}  {verdict}")
        print("target: at least 5,000 rows/s end to end (upload, check job, import job); 'parse' is reading the file "
              "alone, 'write' the COPY, timeline rows and safeguarding e-mails inside the import job; 'CPU end to "
              "end' the CPU seconds this process and its PostgreSQL backend used (what a quiet machine would take, "
              "as the stages run one after the other)")
        print(f"other processes used {busy.share:.0%} of both cores meanwhile (above ~10% the wall times are "
              "pessimistic)")
    finally:
        connections.close_all()
        if not args.keep_db:
            env.drop_database(db_url)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

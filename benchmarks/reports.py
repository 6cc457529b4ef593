"""The reports benchmark: PDF reports built end to end by a real Celery worker on real Redis, against WeasyPrint alone.

    .venv/bin/python benchmarks/reports.py [--items 100000,1000000] [--repeat 3] [--warmup 1] [--quotes 5000]
                                           [--keep-db] [--reuse-db] [--wait-idle SECONDS]

Seeds the engagement pages benchmark's data (``engagement_pages.seed``: N feedback items with sessions, grants,
themes, tags, routings and actions), starts a Celery worker process (``benchmarks/report_worker.py``: the
production worker, prefork, one pool process) and, as host staff, asks for

* the quarterly report of the host (Healthwatch Lambeth) for the last whole quarter, and
* a "You said, we did" report of the programme over four years quoting ``--quotes`` items (5,000; the product
  quotes 12: the worker alone is told to quote more, see report_worker.py),

each ``--repeat`` times after ``--warmup`` untimed builds, timed from the request (``report_request``, as the page
calls it) to the job's file stored (status "done"), polled every 20 ms. After each build the same report's HTML,
drawn once in this process from the same context, is rendered by WeasyPrint alone (``reports.pdf.html_to_pdf``):
interleaved, so both see the same neighbours. Prints seconds (median), the CPU seconds of each side (the worker's
pool process; this process), pages, the worker's peak memory (VmHWM of its pool process, which builds the PDF, and
of its main process) and the ratio pipeline / WeasyPrint. With two sizes it also compares the quarterly report's
time at both. A measurement, not a test: it exits 0 whatever the figures. See benchmarks/README.md ("Reports").
"""
from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import engagement_pages
from harness import env, timing
from harness.run import Suite, prepare_database, setup_environment, size_arguments, size_database
from harness.server import ROOT, VENV_BIN

QUOTES = 5000
TIME_LIMIT = 1800  # seconds: the worker's hard limit for one build (the product's default is 600)
TARGET_OVERHEAD = 1.15  # the pipeline at most 15% over WeasyPrint alone
TARGET_GROWTH = 1.10  # the quarterly report within 10% at the smaller and the larger size
TARGET_QUOTES_S = 30.0

SUITE = Suite(unit="items", default_sizes=(100_000,), seed=engagement_pages.seed, people=engagement_pages.people,
              pages=lambda cast: [], count=engagement_pages.count)


@dataclass
class Result:
    label: str
    pipeline: list[float] = field(default_factory=list)
    queued: list[float] = field(default_factory=list)  # request to the worker starting it
    weasyprint: list[float] = field(default_factory=list)
    pipeline_cpu: list[float] = field(default_factory=list)  # the worker's pool process
    weasyprint_cpu: list[float] = field(default_factory=list)  # this process
    pages: int = 0
    size: int = 0
    quotes: int = 0
    peak_child_mb: float = 0.0
    peak_main_mb: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if not self.pipeline or not self.weasyprint:
            return None
        return statistics.median(self.pipeline) / statistics.median(self.weasyprint)

    @property
    def cpu_ratio(self) -> float | None:
        if not self.pipeline_cpu or not self.weasyprint_cpu:
            return None
        return statistics.median(self.pipeline_cpu) / statistics.median(self.weasyprint_cpu)


# --- the worker ------------------------------------------------------------------------------------------------

def start_worker(log: Path, quotes: int | None) -> subprocess.Popen[bytes]:
    """``report_worker.py`` in its own session (so stopping it reaches its pool), waiting until it is ready."""
    worker_env = {**os.environ, "CELERY_TASK_TIME_LIMIT": str(TIME_LIMIT)}  # as the benchmark configured it
    worker_env.pop("BENCH_YSWD_QUOTES", None)
    if quotes:
        worker_env["BENCH_YSWD_QUOTES"] = str(quotes)
    out = log.open("wb")
    proc = subprocess.Popen([str(VENV_BIN / "python"), str(ROOT / "benchmarks" / "report_worker.py")], cwd=ROOT,
                            env=worker_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None or b" ready." in log.read_bytes():
            break
        time.sleep(0.2)
    if proc.poll() is not None or b" ready." not in log.read_bytes():
        stop_worker(proc)
        raise SystemExit("the Celery worker did not start; its log:\n" + log.read_text(errors="replace")[-4000:])
    return proc


def stop_worker(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def _peak_mb(pid: int) -> float:
    """VmHWM: the most resident memory the process has had since it started, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class PeakWatch:
    """Reads the worker's and its pool processes' VmHWM every 0.1 s while reports are built: a pool process that
    passes the worker's memory limit is replaced after its task, so reading only at the end could miss it."""

    def __init__(self, pid: int) -> None:
        import threading

        self.pid, self.pool_mb, self.main_mb = pid, 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        self.main_mb = max(self.main_mb, _peak_mb(self.pid))
        self.pool_mb = max([self.pool_mb, *(_peak_mb(child) for child in _children(self.pid))])

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self._sample()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


# --- one report ----------------------------------------------------------------------------------------------

def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes have used, from /proc (a process that ended counts 0)."""
    hz, total = os.sysconf("SC_CLK_TCK"), 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / hz


def time_report(result: Result, ask: dict[str, Any], staff: Any, repeat: int, quotes: int | None,
                worker_pid: int) -> None:
    """``repeat`` rounds of: ask for the report through the worker and wait for its file; then render the same
    HTML with WeasyPrint alone here. Interleaved, so both see the same neighbours on a busy machine; and each side's
    CPU seconds too (the worker's pool process; this process), which other processes do not inflate."""
    from django.template.loader import render_to_string

    from engagement.selectors import public
    from grassroots.jobs.models import Job
    from reports.kinds import KINDS, context_for
    from reports.models import Report
    from reports.pdf import html_to_pdf
    from reports.services import report_request

    html = ""
    for _ in range(repeat):
        pool = _children(worker_pid)
        cpu = _cpu_seconds(pool)
        started = time.perf_counter()
        asked = report_request(actor=staff, **ask)
        job_id = asked.report.job_id
        while True:
            job = Job.objects.get(pk=job_id)
            if job.status in (Job.Status.DONE, Job.Status.FAILED):
                break
            if time.perf_counter() - started > TIME_LIMIT + 60:
                result.errors.append(f"job {job_id} still {job.status} after {TIME_LIMIT + 60} s")
                return
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
        if job.status == Job.Status.FAILED:
            result.errors.append(f"job {job_id} failed: {job.message}")
            return
        result.pipeline.append(elapsed)
        result.pipeline_cpu.append(_cpu_seconds(pool) - cpu)
        if job.started_at and job.created_at:
            result.queued.append((job.started_at - job.created_at).total_seconds())
        report = Report.objects.get(pk=asked.report.pk)
        result.pages, result.size = report.pages or 0, report.size or 0
        if not html:
            # The same HTML, from the same context (the same number of quotes), drawn here once.
            shown = public.QUOTES_SHOWN
            if quotes:
                public.QUOTES_SHOWN = quotes
            try:
                context = context_for(report, staff)
            finally:
                public.QUOTES_SHOWN = shown
            figures = context.get("figures")
            result.quotes = len(figures["quotes"]) if isinstance(figures, dict) and "quotes" in figures else 0
            html = render_to_string(KINDS[report.kind].template, context)
        cpu, started = time.process_time(), time.perf_counter()
        pdf = html_to_pdf(html)
        result.weasyprint.append(time.perf_counter() - started)
        result.weasyprint_cpu.append(time.process_time() - cpu)
        if pdf.pages != result.pages:
            result.errors.append(f"WeasyPrint alone drew {pdf.pages} pages, the pipeline {result.pages}")


def measure(size: int, args: Any, db_url: str, tmp: Path) -> list[Result]:
    from django.db import connections
    from django.utils import timezone

    from grants.models import Programme
    from grassroots.accounts.models import Organisation, User
    from reports.models import Report
    from reports.periods import previous_quarter, quarter_of

    prepare_database(SUITE, args, size, db_url)
    staff = User.objects.get(email="hana@healthwatchlambeth.org.uk")
    host = Organisation.objects.get(name="Healthwatch Lambeth")
    programme = Programme.objects.get(lead=host)
    today = timezone.localdate()
    last_quarter = previous_quarter(quarter_of(today)[0])
    asks = [
        (f"Quarterly report, {last_quarter[0]:%B %Y} quarter", None,
         {"kind": Report.Kind.QUARTERLY, "scope_type": "host", "scope_id": host.pk, "starts_on": last_quarter[0],
          "ends_on": last_quarter[1]}),
        (f"You said, we did, {args.quotes:,} quotes", args.quotes,
         {"kind": Report.Kind.YOU_SAID_WE_DID, "scope_type": "programme", "scope_id": programme.pk,
          "starts_on": today - timedelta(days=4 * 365), "ends_on": today}),
    ]
    busy = timing.wait_until_quiet(args.wait_idle)
    print(f"CPU busy before measuring: {busy:.0%} of {os.cpu_count()} cores"
          + (" — other work is running, so these figures are pessimistic" if busy > 0.15 else ""))
    results = []
    for label, quotes, ask in asks:
        result = Result(label)
        # A fresh worker per kind, so each peak is that kind's own (its pool process lives for all its builds).
        worker = start_worker(tmp / f"worker-{size}-{len(results)}.log", quotes)
        watch = PeakWatch(worker.pid)
        try:
            connections.close_all()
            watch.start()
            for _ in range(args.warmup):  # a long-lived worker has its templates, fonts and connection ready
                time_report(Result(label), ask, staff, 1, quotes, worker.pid)
            time_report(result, ask, staff, args.repeat, quotes, worker.pid)
            print(f"{label}: pipeline " + ", ".join(f"{t:.2f}" for t in result.pipeline) + " s; WeasyPrint alone "
                  + ", ".join(f"{t:.2f}" for t in result.weasyprint) + " s")
        finally:
            watch.stop()
            stop_worker(worker)
        result.peak_child_mb, result.peak_main_mb = watch.pool_mb, watch.main_mb
        results.append(result)
    print_table(size, results)
    connections.close_all()
    if args.keep_db:
        print(f"Kept the database {env.db_name(db_url)} (run again with --reuse-db to skip seeding)")
    else:
        env.drop_database(db_url)
    return results


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}" if values else "—"


def print_table(size: int, results: list[Result]) -> None:
    print(f"\nAt {size:,} items (medians; pipeline = request to file stored, through Redis and the worker; CPU = the "
          "worker's pool process, and this process for WeasyPrint alone):")
    print(f"{'report':<36} {'pipeline s':>10} {'queued s':>8} {'WeasyPrint s':>12} {'ratio':>6} {'CPU s':>11} "
          f"{'CPU ratio':>9} {'pages':>5} {'KB':>6} {'quotes':>6} {'peak MB pool/main':>17}  result")
    for r in results:
        ratio = r.ratio
        ok = ratio is not None and ratio <= TARGET_OVERHEAD and not r.errors
        if r.quotes and r.pipeline:
            ok = ok and statistics.median(r.pipeline) < TARGET_QUOTES_S
        cpu = f"{_median(r.pipeline_cpu)}/{_median(r.weasyprint_cpu)}"
        print(f"{r.label:<36} {_median(r.pipeline):>10} {_median(r.queued):>8} {_median(r.weasyprint):>12} "
              f"{'—' if ratio is None else format(ratio, '.2f'):>6} {cpu:>11} "
              f"{'—' if r.cpu_ratio is None else format(r.cpu_ratio, '.2f'):>9} {r.pages:>5} {r.size // 1024:>6} "
              f"{r.quotes:>6} {r.peak_child_mb:>8.0f} / {r.peak_main_mb:<6.0f}  {'PASS' if ok else 'FAIL'}")
    print(f"targets: pipeline ≤ {TARGET_OVERHEAD:.2f} × WeasyPrint alone (wall clock); the quotes report under "
          f"{TARGET_QUOTES_S:.0f} s; the quarterly report within {TARGET_GROWTH - 1:.0%} at both sizes. On a busy "
          "machine the CPU ratio is the steadier guide (it leaves out PostgreSQL's share of the pipeline)")
    for r in results:
        for error in r.errors:
            print(f"  {r.label}: {error}")


def print_growth(results: dict[int, list[Result]]) -> None:
    small, large = min(results), max(results)
    a, b = results[small][0], results[large][0]
    if not (a.pipeline and b.pipeline):
        return
    ratio = statistics.median(b.pipeline) / statistics.median(a.pipeline)
    print(f"\nQuarterly report at {small:,} and {large:,} items: {_median(a.pipeline)} s and {_median(b.pipeline)} s "
          f"(ratio {ratio:.2f}, target ≤ {TARGET_GROWTH:.2f}): {'PASS' if ratio <= TARGET_GROWTH else 'FAIL'}")


def main() -> int:
    parser = size_arguments(SUITE, __doc__)
    parser.add_argument("--repeat", type=int, default=3, help="builds of each report (and WeasyPrint renders)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="untimed builds (and renders) of each report first, as a worker that has been running")
    parser.add_argument("--quotes", type=int, default=QUOTES, help="quotes in the 'You said, we did' report")
    args = parser.parse_args()
    os.environ["CELERY_TASK_TIME_LIMIT"] = str(TIME_LIMIT)  # the queuing process puts the limits in the message
    base_url, tmp = setup_environment()
    results: dict[int, list[Result]] = {}
    try:
        for size in args.sizes:
            results[size] = measure(size, args, size_database(base_url, args.sizes, size), tmp)
    finally:
        import shutil

        from django.db import connections

        connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)
    if len(results) > 1:
        print_growth(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The benchmark's main loop: for each size, seed (or reuse) a database, serve it, time each page, count its
queries; then print one table per size and, given two sizes, how each page's p95 grew between them."""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import env, server, timing
from harness.queries import count_queries, report_queries


@dataclass
class Page:
    label: str
    url_name: str
    who: str  # a key of the suite's people: who is signed in
    kwargs: dict[str, Any] = field(default_factory=dict)
    query: str = ""  # a query string for a filtered list, e.g. "service=gp&sentiment=negative"
    # Run before every timed request and the query count (not timed), e.g. to clear a cache and time a cold page.
    before: Callable[[], None] | None = None
    note: str = ""  # printed under the table, e.g. "uncached: its cache key deleted before each request"
    url: str = ""
    missing: str = ""
    trial: timing.Trial = field(default_factory=timing.Trial)
    queries: int | None = None
    query_log: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Suite:
    """What one benchmark measures. ``seed(n)`` bulk-inserts n of ``unit`` and returns row counts by name;
    ``people()`` looks the signed-in users (and any object a page needs) up in a seeded database;
    ``pages(people)`` lists the pages to time."""

    unit: str  # "applications": also the command-line option, --applications
    default_sizes: tuple[int, ...]
    seed: Callable[[int], dict[str, int]]
    people: Callable[[], dict[str, Any]]
    pages: Callable[[dict[str, Any]], list[Page]]
    count: Callable[[], int]  # how many units a database holds, to decide whether it can be reused
    p95_target_ms: float = 50.0
    query_target: int = 15
    growth_target: float = 1.3  # p95 at the largest size / p95 at the smallest
    # Measurements that are not a GET page (a POST, a background job): called while gunicorn serves, with the
    # base URL, the signed-in browsers by ``who`` and the people; returns lines to print after the table.
    after_pages: Callable[[str, dict[str, Any], dict[str, Any]], list[str]] | None = None


def verdict(suite: Suite, page: Page) -> str:
    if page.missing:
        return "MISSING"
    if page.trial.p95_ms is None or page.queries is None or page.trial.errors:
        return "ERROR"
    return "PASS" if page.trial.p95_ms <= suite.p95_target_ms and page.queries <= suite.query_target else "FAIL"


def _num(value: float | int | None, fmt: str) -> str:
    return "—" if value is None else format(value, fmt)


def print_table(suite: Suite, size: int, pages: list[Page]) -> None:
    print(f"\nAt {size:,} {suite.unit}:")
    print(f"{'page':<34} {'median ms':>9} {'p95 ms':>8} {'req/s':>7} {'queries':>7}  {'result':<7} other CPU")
    for p in pages:
        t = p.trial
        print(f"{p.label:<34} {_num(t.median_ms, '.1f'):>9} {_num(t.p95_ms, '.1f'):>8} {_num(t.rps, '.1f'):>7} "
              f"{_num(p.queries, 'd'):>7}  {verdict(suite, p):<7} {'' if p.missing else format(t.other_cpu, '.0%')}")
    print(f"targets: p95 ≤ {suite.p95_target_ms:.0f} ms and ≤ {suite.query_target} queries per page; other CPU: share "
          "of both cores used by other processes while the page was timed (above ~10% the timings are pessimistic)")
    for p in pages:
        if p.note and not p.missing:
            print(f"  {p.label}: {p.note}")
        if p.missing:
            print(f"  {p.label}: not measured — {p.missing}")
        for error in sorted(set(p.trial.errors)):
            print(f"  {p.label}: {error}")


def print_growth(suite: Suite, results: dict[int, list[Page]]) -> None:
    """Each page's p95 at the smallest and largest size, their ratio, and whether the query count held."""
    small, large = min(results), max(results)
    print(f"\nGrowth from {small:,} to {large:,} {suite.unit} (target: p95 ≤ {suite.p95_target_ms:.0f} ms at both, "
          f"ratio ≤ {suite.growth_target}, the same queries):")
    print(f"{'page':<34} {'p95 @' + format(small, ','):>14} {'p95 @' + format(large, ','):>14} {'ratio':>6} "
          f"{'queries':>9}  result")
    for a, b in zip(results[small], results[large], strict=True):
        pa, pb = a.trial.p95_ms, b.trial.p95_ms
        ratio = pb / pa if pa and pb else None
        ok = (ratio is not None and ratio <= suite.growth_target and a.queries == b.queries
              and verdict(suite, a) == verdict(suite, b) == "PASS")
        print(f"{a.label:<34} {_num(pa, '.1f'):>14} {_num(pb, '.1f'):>14} {_num(ratio, '.2f'):>6} "
              f"{_num(a.queries, 'd'):>4}/{_num(b.queries, 'd'):<4}  {'PASS' if ok else 'FAIL'}")


def _use_database(db_url: str) -> None:
    """Point this process (and the gunicorn started after) at ``db_url``."""
    from django.db import connections

    connections.close_all()
    os.environ["DATABASE_URL"] = db_url
    connections["default"].settings_dict["NAME"] = env.db_name(db_url)


def prepare_database(suite: Suite, args: argparse.Namespace, size: int, db_url: str) -> None:
    """Seed ``size`` units into a fresh ``db_url`` (or reuse a kept one that holds them, with --reuse-db), migrated,
    with the benchmark's Redis database emptied. Any benchmark of seeded data starts here."""
    import redis
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    if not (args.reuse_db and env.database_exists(db_url)):
        env.recreate_database(db_url)
    _use_database(db_url)
    redis.Redis.from_url(settings.REDIS_URL).flushdb()  # no cached fragments from an earlier run
    call_command("migrate", interactive=False, verbosity=0)
    if args.reuse_db and suite.count() == size:
        print(f"\nReusing {size:,} {suite.unit} already in {env.db_name(db_url)}.")
    else:
        if suite.count():  # a kept database of another size: start again
            connections.close_all()
            env.recreate_database(db_url)
            call_command("migrate", interactive=False, verbosity=0)
        started = time.monotonic()
        counts = suite.seed(size)
        print(f"\nSeeded {env.db_name(db_url)} in {time.monotonic() - started:.1f} s: "
              + ", ".join(f"{n:,} {k}" for k, n in counts.items()))


def measure_size(suite: Suite, args: argparse.Namespace, size: int, db_url: str, tmp: Path) -> list[Page]:
    from django.db import connections
    from django.urls import NoReverseMatch, reverse

    prepare_database(suite, args, size, db_url)
    cast = suite.people()
    pages = suite.pages(cast)
    for page in pages:
        try:
            page.url = reverse(page.url_name, kwargs=page.kwargs or None) + (f"?{page.query}" if page.query else "")
        except NoReverseMatch:
            page.missing = f"no URL named {page.url_name} yet"
    connections.close_all()

    busy = timing.wait_until_quiet(args.wait_idle)
    print(f"CPU busy before measuring: {busy:.0%} of {os.cpu_count()} cores"
          + (" — other work is running, so these figures are pessimistic" if busy > 0.15 else ""))
    port = server.free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp / "gunicorn.log"
    proc = server.start_gunicorn(port, log_path)
    try:
        if not server.wait_for_server(proc, base):
            raise SystemExit("gunicorn did not start; its log:\n" + log_path.read_text(errors="replace")[-4000:])
        browsers = {}
        for who in sorted({p.who for p in pages}):
            browsers[who] = server.Browser(base)
            if cast[who] is not None:  # None: an anonymous visitor (a public page)
                browsers[who].sign_in(cast[who].email, args.password)
        print(f"gunicorn (2 workers) on {base}: per page, 2 warm-up and {args.requests} timed requests, then "
              f"{args.clients} clients for {args.load_seconds:g} s"
              + (f"; the least disturbed of {args.rounds} passes" if args.rounds > 1 else ""))
        watch = timing.OtherCpu(proc.pid, env.db_name(db_url))
        for page in pages:
            if not page.missing:
                page.trial = timing.measure(browsers[page.who], page.url, requests=args.requests,
                                            load_seconds=args.load_seconds, clients=args.clients,
                                            rounds=args.rounds, watch=watch, before=page.before)
        extra_lines = suite.after_pages(base, browsers, cast) if suite.after_pages else []
    finally:
        server.stop_gunicorn(proc)

    for page in pages:
        if not page.missing:
            page.queries, page.query_log, error = count_queries(page.url, cast[page.who], before=page.before)
            if error:
                page.trial.errors.append(error)
    sql_log = open(args.sql_log, "a") if args.sql_log else None  # noqa: SIM115  (closed below)
    for page in pages:
        report_queries(f"{page.label} at {size:,}", page.url, page.query_log,
                       args.explain or verdict(suite, page) == "FAIL", sql_log)
    if sql_log:
        sql_log.close()
    print_table(suite, size, pages)
    for line in extra_lines:
        print(line)
    connections.close_all()
    if args.keep_db:
        print(f"Kept the database {env.db_name(db_url)} (run again with --reuse-db to skip seeding)")
    else:
        env.drop_database(db_url)
    return pages


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers separated by commas, not {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("give at least one size above zero")
    return sizes


def size_arguments(suite: Suite, description: str | None) -> argparse.ArgumentParser:
    """The options every benchmark of seeded data shares: the sizes, --keep-db, --reuse-db, --wait-idle."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(f"--{suite.unit}", dest="sizes", type=_sizes,
                        default=list(suite.default_sizes), metavar="N[,N...]",
                        help=f"how many {suite.unit} to seed; two sizes also compare them "
                        f"(default {','.join(map(str, suite.default_sizes))})")
    parser.add_argument("--keep-db", action="store_true", help="leave the benchmark databases in place afterwards")
    parser.add_argument("--reuse-db", action="store_true",
                        help="reuse a kept database if it holds the requested number of rows")
    parser.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                        help="first wait up to this long for the machine to be idle (other processes skew timings)")
    return parser


def setup_environment() -> tuple[str, Path]:
    """The production-like environment in a temporary directory, Django set up; returns (database URL, tmp)."""
    sys.path.insert(0, str(server.ROOT))
    os.chdir(server.ROOT)
    tmp = Path(tempfile.mkdtemp(prefix="grassroots-bench-"))
    (tmp / "static").mkdir()
    (tmp / "media").mkdir()
    base_url = env.configure_environment(str(tmp / "static"), str(tmp / "media"))

    import django

    django.setup()
    return base_url, tmp


def size_database(base_url: str, sizes: list[int], size: int) -> str:
    """One database per size (name_<size>), so --keep-db/--reuse-db keep both sizes of a comparison."""
    return base_url if len(sizes) == 1 else f"{base_url}_{size}"


def main(suite: Suite, description: str | None) -> int:
    parser = size_arguments(suite, description)
    parser.add_argument("--requests", type=int, default=20, help="sequential timed requests per page")
    parser.add_argument("--load-seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients during the load")
    parser.add_argument("--explain", action="store_true",
                        help="EXPLAIN ANALYZE every page's costliest query (always done for a page that fails)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure each page this many times and keep the pass other processes disturbed least")
    parser.add_argument("--sql-log", metavar="PATH", help="write every query of every page to this file")
    args = parser.parse_args()
    from harness.cast import PASSWORD

    args.password = PASSWORD
    if args.sql_log:
        args.sql_log = os.path.abspath(args.sql_log)
        Path(args.sql_log).write_text("")
    base_url, tmp = setup_environment()
    results: dict[int, list[Page]] = {}
    try:
        for size in args.sizes:
            db_url = size_database(base_url, args.sizes, size)
            results[size] = measure_size(suite, args, size, db_url, tmp)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)
    if args.sql_log:
        print(f"\nEvery query of every page: {args.sql_log}")
    if len(results) > 1:
        print_growth(suite, results)
    return 0

"""Where each benchmarked page spends its time, in-process: SQL, templates, crispy forms, context processors.

    .venv/bin/python benchmarks/pages.py --keep-db                # once: seed and keep grassroots_bench
    .venv/bin/python benchmarks/profile_pages.py [--requests 30] [--top 15]

It reuses the harness (same production-like settings, same kept database and the same signed-in people
and pages as ``pages.py``) but serves each page with Django's test client in this process, under
``cProfile``, so the milliseconds can be split by what spends them. No gunicorn, no network: the totals are
lower than ``pages.py``'s, and the shares are what matters. Other processes on the machine inflate every
bucket alike.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from grants_pages import SUITE
from harness import env, server

# Buckets for a function's own time (tottime), by the file it is in: they add up to the whole request.
BUCKETS = (
    ("SQL (driver and ORM)", ("psycopg", "/django/db/")),
    ("crispy forms", ("crispy_forms",)),
    ("templates", ("/django/template/", "/django/templatetags/", "/templatetags/")),
    ("forms and widgets", ("/django/forms/", "django_filters")),
    ("project code", (str(server.ROOT / "grants"), str(server.ROOT / "grassroots"))),
)
# Whole calls to report by cumulative time (what they cost including everything they call).
CALLS = (
    ("context processors", "context_processor"),
    ("crispy tag/filter", "crispy_forms"),
)


def bucket(filename: str) -> str:
    for label, needles in BUCKETS:
        if any(n in filename for n in needles):
            return label
    return "other (Django core, middleware, Python)"


def profile_page(client: Any, url: str, requests: int) -> tuple[float, pstats.Stats]:
    client.get(url)  # warm: template loader cache, content types
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(requests):
        response = client.get(url)
    profiler.disable()
    elapsed = (time.perf_counter() - started) / requests * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed, pstats.Stats(profiler)


def report(label: str, elapsed: float, stats: pstats.Stats, requests: int, top: int) -> None:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values()) or 1.0
    print(f"\n{label}: {elapsed:.1f} ms per request in-process (profiled; cProfile adds overhead)")
    sums: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, tt, _ct, _callers) in raw.items():
        sums[bucket(filename)] = sums.get(bucket(filename), 0.0) + tt
    for name, seconds in sorted(sums.items(), key=lambda item: -item[1]):
        print(f"  {name:<40} {seconds / total:5.0%}  {seconds / requests * 1000:6.1f} ms")
    for name, needle in CALLS:
        outer = [v[3] for (f, _l, fn), v in raw.items() if needle in f and fn in ("context_processor", "render",
                                                                                  "as_crispy_field", "do_uni_form")]
        if outer:
            print(f"  {name:<40} cumulative {max(outer) / requests * 1000:6.1f} ms")
    whole = max((v[3] for v in raw.values()), default=1.0)
    for title, key in (("own time", 2), ("cumulative time, below the view's wrappers", 3)):
        print(f"  top {top} by {title} per request (calls per request):")
        rows = sorted(raw.items(), key=lambda item: -item[1][key])
        shown = 0
        for (filename, line, fn), (_cc, nc, tt, ct, _callers) in rows:
            if "cProfile" in filename or fn.startswith("<") or "/unittest/" in filename or "/test/client" in filename:
                continue
            if key == 3 and ct > 0.6 * whole:  # middleware, decorators, the view: they hold everything
                continue
            short = filename.split("site-packages/")[-1].replace(str(server.ROOT) + "/", "")
            print(f"    {(tt if key == 2 else ct) / requests * 1000:6.2f} ms  {nc / requests:6.0f}×  {short}:{line} {fn}")
            shown += 1
            if shown >= top:
                break


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--page", help="only the pages whose label contains this")
    args = parser.parse_args()
    sys.path.insert(0, str(server.ROOT))
    os.chdir(server.ROOT)
    tmp = Path(tempfile.mkdtemp(prefix="grassroots-profile-"))
    (tmp / "static").mkdir()
    (tmp / "media").mkdir()
    db_url = env.configure_environment(str(tmp / "static"), str(tmp / "media"))
    if not env.database_exists(db_url):
        raise SystemExit(f"No database {env.db_name(db_url)}: run benchmarks/pages.py --keep-db first.")
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    try:
        cast = SUITE.people()
        for page in SUITE.pages(cast):
            if args.page and args.page.lower() not in page.label.lower():
                continue
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(cast[page.who])
            url = reverse(page.url_name, kwargs=page.kwargs or None)
            elapsed, stats = profile_page(client, url, args.requests)
            report(page.label, elapsed, stats, args.requests, args.top)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

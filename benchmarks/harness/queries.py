"""Counting a page's SQL queries in-process (Django's test client) and showing the slowest, repeats and plans."""
from __future__ import annotations

import re
from typing import Any


def count_queries(url: str, user: Any, before: Any = None) -> tuple[int, list[dict[str, str]], str]:
    """The second request's queries (the first warms caches), as ``(count, captured, error or "")``.

    Includes the session and user look-ups every signed-in page makes. ``user`` None: an anonymous visitor.
    ``before`` (if given) runs before each request, as when the page was timed (e.g. clearing its cache).
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)
    client.raise_request_exception = False  # a page that crashes is reported, not fatal to the benchmark
    client.get(url)  # warm caches (content types, templates) so the count is the steady state
    if before:
        before()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    error = "" if response.status_code == 200 else f"in-process request answered {response.status_code}"
    return len(ctx.captured_queries), list(ctx.captured_queries), error


def shape(sql: str) -> str:
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


def report_queries(label: str, url: str, log: list[dict[str, str]], show_plan: bool, sql_log: Any) -> None:
    if not log:
        return
    print(f"\n{label} — {len(log)} queries; the slowest as the page ran them (ms, 1 ms resolution):")
    slowest = sorted(log, key=lambda q: float(q["time"]), reverse=True)
    for q in slowest[:5]:
        print(f"  {float(q['time']) * 1000:5.0f} ms  {q['sql'][:200]}")
    shapes: dict[str, int] = {}
    for q in log:
        shapes[shape(q["sql"])] = shapes.get(shape(q["sql"]), 0) + 1
    for found, n in sorted(shapes.items(), key=lambda item: -item[1]):
        if n > 1:
            print(f"  repeated ×{n}: {found[:200]}")
    if sql_log:
        sql_log.write(f"-- {label} ({url}): {len(log)} queries\n")
        for q in log:
            sql_log.write(f"-- {float(q['time']) * 1000:.0f} ms\n{q['sql']};\n")
        sql_log.write("\n")
    if show_plan:
        # Timings above include the round trip; re-run the three slowest and show the plan of the costliest.
        plans = [explain(q["sql"]) for q in slowest[:3]]
        ms, plan = max(plans, key=lambda p: p[0])
        print(f"  EXPLAIN ANALYZE of the costliest ({ms:.2f} ms in the database):")
        for line in plan.splitlines():
            print("    " + line)

"""Job kinds that only tests use. Nothing registers them on import: the ``test_renderers`` fixture and the worker
process started by ``tests/core/worker.py`` call ``register()`` explicitly."""
from __future__ import annotations

import time

from celery.exceptions import SoftTimeLimitExceeded

from grassroots.jobs.registry import JobError, Output, add_renderer, remove_renderer

FAILING = "tests.always_fails"
CRASHING = "tests.crashes"
COUNTING = "tests.counts_runs"
SLOW = "tests.sleeps_for_a_minute"
STUBBORN = "tests.ignores_the_soft_limit"

runs: list[int] = []


def always_fails(job, progress):
    raise JobError("There were no applications in that period.")


def crashes(job, progress):
    raise RuntimeError("boom")


def counts_runs(job, progress):
    runs.append(job.pk)
    progress(50, "Halfway")
    return Output("count.txt", "text/plain", b"ran")


def sleeps_for_a_minute(job, progress):
    progress(10, "Thinking")
    time.sleep(60)
    return Output("slow.txt", "text/plain", b"finally")


def ignores_the_soft_limit(job, progress):
    """A renderer stuck where the soft limit cannot stop it (as in C code): only the hard kill ends it."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            time.sleep(0.1)
        except SoftTimeLimitExceeded:
            continue
    return Output("stubborn.txt", "text/plain", b"never")


KINDS = {FAILING: always_fails, CRASHING: crashes, COUNTING: counts_runs, SLOW: sleeps_for_a_minute,
         STUBBORN: ignores_the_soft_limit}


def register() -> None:
    for kind, renderer in KINDS.items():
        add_renderer(kind, renderer)


def unregister() -> None:
    for kind in KINDS:
        remove_renderer(kind)

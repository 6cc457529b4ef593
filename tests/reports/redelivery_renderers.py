"""Loaded into a test worker: the real report build, except that its first attempt stalls (to be killed there)."""
from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings

from grassroots.jobs.registry import Output, Progress, add_renderer
from reports.jobs import build_pdf
from reports.services import PDF_JOB


def attempts_file() -> Path:
    return Path(settings.MEDIA_ROOT) / "report-build-attempts.txt"


def _first_attempt_stalls(job, progress: Progress) -> Output:  # type: ignore[no-untyped-def]
    with attempts_file().open("a") as out:
        out.write(f"{os.getpid()}\n")
    if len(attempts_file().read_text().split()) == 1:
        time.sleep(20)  # the test kills the worker here, well within the soft time limit
    return build_pdf(job, progress)


def register() -> None:
    add_renderer(PDF_JOB, _first_attempt_stalls)

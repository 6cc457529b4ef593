"""Grant exports made in the background: one kind per export, registered with the core by ``register()``."""
from __future__ import annotations

from django.utils import timezone

from grants import exports
from grassroots.jobs.exports import csv_bytes
from grassroots.jobs.models import Job
from grassroots.jobs.registry import Output, Progress, add_renderer

CSV = "text/csv; charset=utf-8"

APPLICATIONS_CSV = "grants.applications_csv"
GRANTS_CSV = "grants.grants_csv"
GIVING_JSON = "grants.360giving_json"
GIVING_CSV = "grants.360giving_csv"


def _stamp() -> str:
    return f"{timezone.localdate():%Y-%m-%d}"


def applications_csv(job: Job, progress: Progress) -> Output:
    rows = exports.applications_rows(job)
    progress(80, f"{len(rows)} applications")
    return Output(f"applications-{_stamp()}.csv", CSV, csv_bytes(exports.APPLICATION_HEADER, rows))


def grants_csv(job: Job, progress: Progress) -> Output:
    grants = exports.awarded_grants(job)
    progress(50, f"{len(grants)} grants")
    return Output(f"grants-{_stamp()}.csv", CSV, csv_bytes(exports.GRANT_HEADER, exports.grants_rows(grants)))


def giving_json(job: Job, progress: Progress) -> Output:
    grants = exports.awarded_grants(job)
    progress(50, f"{len(grants)} grants")
    return Output(f"grants-360giving-{_stamp()}.json", "application/json",
                  exports.dumps_360(exports.package_360(grants)))


def giving_csv(job: Job, progress: Progress) -> Output:
    grants = exports.awarded_grants(job)
    progress(50, f"{len(grants)} grants")
    rows = [exports.row_360(record) for record in exports.records_360(grants)]
    return Output(f"grants-360giving-{_stamp()}.csv", CSV, csv_bytes(exports.CSV_360_HEADER, rows))


def register() -> None:
    add_renderer(APPLICATIONS_CSV, applications_csv)
    add_renderer(GRANTS_CSV, grants_csv)
    add_renderer(GIVING_JSON, giving_json)
    add_renderer(GIVING_CSV, giving_csv)

"""Grant exports made in the background (registered with the core job registry)."""
from __future__ import annotations

from django.utils import timezone

from grants import exports
from grassroots.jobs.exports import csv_bytes
from grassroots.jobs.models import Job
from grassroots.jobs.registry import Output, Progress, register

CSV = "text/csv; charset=utf-8"


def _stamp() -> str:
    return f"{timezone.localdate():%Y-%m-%d}"


@register("grants.applications_csv")
def applications_csv(job: Job, progress: Progress) -> Output:
    rows = exports.applications_rows(job)
    progress(80, f"{len(rows)} applications")
    return Output(f"applications-{_stamp()}.csv", CSV, csv_bytes(exports.APPLICATION_HEADER, rows))


@register("grants.grants_csv")
def grants_csv(job: Job, progress: Progress) -> Output:
    grants = exports.awarded_grants(job)
    progress(50, f"{len(grants)} grants")
    return Output(f"grants-{_stamp()}.csv", CSV, csv_bytes(exports.GRANT_HEADER, exports.grants_rows(grants)))


@register("grants.360giving_json")
def giving_json(job: Job, progress: Progress) -> Output:
    grants = exports.awarded_grants(job)
    progress(50, f"{len(grants)} grants")
    return Output(f"grants-360giving-{_stamp()}.json", "application/json",
                  exports.dumps_360(exports.package_360(grants)))


@register("grants.360giving_csv")
def giving_csv(job: Job, progress: Progress) -> Output:
    grants = exports.awarded_grants(job)
    progress(50, f"{len(grants)} grants")
    rows = [exports.row_360(record) for record in exports.records_360(grants)]
    return Output(f"grants-360giving-{_stamp()}.csv", CSV, csv_bytes(exports.CSV_360_HEADER, rows))

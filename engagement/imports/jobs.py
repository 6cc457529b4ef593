"""The two background jobs of an import: check the file, then import it. Each renderer runs a service and returns
a spreadsheet for "Your downloads": the problems found, or what was imported into which session."""
from __future__ import annotations

from engagement.models import ImportBatch
from engagement.selectors.imports import problems_csv, receipt_csv
from engagement.services import imports as services
from grassroots.jobs.models import Job
from grassroots.jobs.registry import Output, Progress, add_renderer

CSV = "text/csv; charset=utf-8"


def _stem(batch: ImportBatch) -> str:
    return batch.file_name.rsplit(".", 1)[0][:100] or "import"


def check_file(job: Job, progress: Progress) -> Output:
    batch = services.import_batch_check(batch_id=int(job.params["batch"]), progress=progress)
    return Output(f"problems-{_stem(batch)}.csv", CSV, problems_csv(batch))


def import_file(job: Job, progress: Progress) -> Output:
    batch_id = int(job.params["batch"])
    try:
        batch = services.import_batch_insert(batch_id=batch_id, progress=progress)
    except Exception:
        services.import_batch_stopped(batch_id=batch_id)
        raise
    if batch.has_problems:
        return Output(f"problems-{_stem(batch)}.csv", CSV, problems_csv(batch))
    return Output(f"imported-{_stem(batch)}.csv", CSV, receipt_csv(batch))


def register() -> None:
    add_renderer(services.CHECK_JOB, check_file)
    add_renderer(services.INSERT_JOB, import_file)

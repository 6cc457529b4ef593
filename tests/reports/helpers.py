"""Reading a built report back: its text and its PDF structure."""
from __future__ import annotations

import io
import shutil
import subprocess
import time
from pathlib import Path

from pypdf import PdfReader

from reports.models import Report

ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts" / "reports"


def pdf_of(report: Report, *, seconds: float = 90) -> PdfReader:
    """The built PDF, once its job has finished (a copy is kept under tests/_artifacts/reports/ to look at, with
    its first page as a PNG when pdftoppm is installed)."""
    deadline = time.monotonic() + seconds
    report.refresh_from_db()
    while report.job is not None and not report.job.is_finished and time.monotonic() < deadline:
        time.sleep(0.2)
        report.refresh_from_db()
        report.job.refresh_from_db()
    assert report.job is not None and report.job.is_ready, report.job and report.job.message
    with report.job.result.open("rb") as handle:
        content = handle.read()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{report.kind}-{report.scope_type}.pdf"
    pdf.write_bytes(content)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "2", "-l", "2", str(pdf), str(pdf.with_suffix(""))],
                       check=False, timeout=60)
    return PdfReader(io.BytesIO(content))


def text_of(reader: PdfReader) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def report_walk_rows(world) -> dict:
    """For the URL walk: a built "You said, we did" report of the host's area, ready to download."""
    import datetime as dt

    from django.core.files.base import ContentFile

    from grassroots.jobs.models import Job
    job = Job.objects.create(kind="reports.pdf", label="You said, we did: Lambeth (PDF)", requested_by=world.host_staff,
                             status=Job.Status.DONE, filename="you-said-we-did.pdf", content_type="application/pdf")
    job.result.save("you-said-we-did.pdf", ContentFile(b"%PDF-1.7 walk"), save=True)
    report = Report.objects.create(kind="yswd", scope_type="area", scope_id=world.area.pk, scope_name=world.area.name,
                                   starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 9, 30),
                                   organisation=world.host, requested_by=world.host_staff, job=job, pages=3,
                                   size=13)
    return {"report": report}

"""The background job that builds a report's PDF: it works out again who may read it, then draws it."""
from __future__ import annotations

from django.utils import timezone
from django.utils.text import slugify

from grassroots.jobs.models import Job
from grassroots.jobs.registry import JobError, Output, Progress, add_renderer
from reports.access import scopes
from reports.kinds import KINDS, context_for
from reports.models import Report
from reports.pdf import render_pdf
from reports.services import PDF_JOB


def build_pdf(job: Job, progress: Progress) -> Output:
    try:
        report = Report.objects.select_related("organisation").get(pk=job.params["report"])
    except (Report.DoesNotExist, KeyError) as exc:
        raise JobError("This report no longer exists.") from exc
    reader = job.requested_by
    if (report.scope_type, report.scope_id) not in {(t, pk) for t, pk, _ in scopes(reader, report.kind)}:
        raise JobError("You can no longer ask for this report: your access has changed.")
    progress(10, "Working out the figures")
    context = context_for(report, reader)
    progress(50, "Drawing the PDF")
    pdf = render_pdf(KINDS[report.kind].template, context)
    Report.objects.filter(pk=report.pk).update(pages=pdf.pages, size=len(pdf.content), built_at=timezone.now())
    name = slugify(f"{report.get_kind_display()} {report.scope_name} {report.starts_on:%Y-%m-%d}")[:120]
    return Output(f"{name}.pdf", "application/pdf", pdf.content)


def register() -> None:
    add_renderer(PDF_JOB, build_pdf)

"""The core's own background job: a CSV of the organisations the person belongs to."""
from __future__ import annotations

from grassroots.accounts.models import Membership
from grassroots.jobs.exports import csv_bytes
from grassroots.jobs.models import Job
from grassroots.jobs.registry import JobError, Output, Progress, add_renderer

ORGANISATIONS_CSV = "accounts.organisations_csv"


def organisations_csv(job: Job, progress: Progress) -> Output:
    memberships = (
        Membership.objects.filter(user_id=job.requested_by_id)
        .select_related("organisation")
        .prefetch_related("organisation__areas")
        .order_by("organisation__name")
    )
    rows = []
    for m in memberships:
        org = m.organisation
        rows.append(
            [org.name, org.get_kind_display(), m.get_role_display(), "; ".join(a.name for a in org.areas.all()),
             org.communities_served, org.org_id, org.charity_number, org.company_number]
        )
    if not rows:
        raise JobError("You do not belong to any organisation yet, so there is nothing to export.")
    progress(90, "Writing the file")
    header = ["Organisation", "Kind", "Your role", "Areas", "Communities served", "Org-id", "Charity number",
              "Company number"]
    return Output("my-organisations.csv", "text/csv; charset=utf-8", csv_bytes(header, rows))


def register() -> None:
    add_renderer(ORGANISATIONS_CSV, organisations_csv)

"""When a quarter ends, beat makes every host organisation's quarterly report and e-mails its staff a link, once.

Two steps, each safe to repeat: ``quarterly_reports_schedule`` creates one scheduled report per host and quarter
(a unique constraint makes a second beat, or a restarted one, add nothing) and queues its build;
``scheduled_reports_announce`` e-mails the staff of each scheduled report whose file is ready, marking it under a
row lock first, so a report is announced once even if two workers run the task at the same moment. The e-mail is
sent only once the file exists, so a build whose worker died and was redelivered still sends exactly one."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from grants.models import ProgrammeShare
from grants.services.common import email_on_commit
from grassroots.accounts.access import STAFF_ROLES
from grassroots.accounts.models import Membership, Organisation
from grassroots.jobs.models import Job
from reports.models import Report
from reports.periods import previous_quarter, quarter_label, quarter_of
from reports.services import queue_build


def _host_staff(host_id: int) -> list[Membership]:
    return list(Membership.objects.filter(organisation_id=host_id, role__in=STAFF_ROLES, user__is_active=True)
                .select_related("user").order_by("-role", "pk"))


def quarterly_reports_schedule(*, today: dt.date) -> int:
    """Schedule the quarter that ended most recently for every host of a programme share; returns how many new."""
    start, end = previous_quarter(quarter_of(today)[0])
    made = 0
    hosts = Organisation.objects.filter(pk__in=ProgrammeShare.objects.values("host_id")).order_by("pk")
    for host in hosts:
        staff = _host_staff(host.pk)
        if not staff:
            continue  # nobody to read it; it can still be asked for later
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    kind=Report.Kind.QUARTERLY, scope_type="host", scope_id=host.pk, scope_name=host.name,
                    starts_on=start, ends_on=end, organisation=host, scheduled=True)
                queue_build(staff[0].user, report)  # built as the host's senior staff member would see it
        except IntegrityError:
            continue  # already scheduled by an earlier run
        made += 1
    return made


def scheduled_reports_announce() -> int:
    """E-mail each ready scheduled report's host staff a link, once; returns how many were announced."""
    ready = Report.objects.filter(scheduled=True, emailed_at__isnull=True, job__status=Job.Status.DONE)
    sent = 0
    for pk in list(ready.values_list("pk", flat=True)):
        with transaction.atomic():
            report = (Report.objects.select_for_update(of=("self",), skip_locked=True)
                      .filter(pk=pk, emailed_at__isnull=True).select_related("organisation").first())
            if report is None:
                continue
            report.emailed_at = timezone.now()
            report.save(update_fields=["emailed_at"])
            link = f"{settings.SITE_URL}{reverse('reports:list')}"
            email_on_commit(
                f"Your quarterly report is ready: {quarter_label(report.starts_on)}",
                f"The quarterly report for {report.organisation.name}, {quarter_label(report.starts_on)}, is ready. "
                f"Download it from your reports (sign in first):\n{link}",
                [m.user.email for m in _host_staff(report.organisation_id)])
            sent += 1
    return sent

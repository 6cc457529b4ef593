"""Send now what waits in the outbox: jobs and e-mails. Beat does this every minute; without Redis (tasks in-process,
no beat) run it by hand or from cron to retry e-mails the mail server refused."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from grassroots.jobs.services import jobs_dispatch
from grassroots.mail.services import emails_dispatch


class Command(BaseCommand):
    help = "Hand every job and e-mail still waiting to the workers (or run them here without Redis)."

    def handle(self, *args: Any, **options: Any) -> None:
        jobs, emails = jobs_dispatch(), emails_dispatch()
        self.stdout.write(f"Dispatched {jobs} job(s) and {emails} e-mail(s).")

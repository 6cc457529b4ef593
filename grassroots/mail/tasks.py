"""The tasks of the e-mail outbox: each takes an id (or nothing), is safe to run twice, and calls a service."""
from __future__ import annotations

from celery import Task, shared_task


@shared_task(name="mail.send", bind=True, max_retries=None)
def send_email(self: Task, email_id: int) -> str:
    """Send one e-mail; after a failure, come back when its backoff is over (the row says when, and how often)."""
    from grassroots.mail import services

    outcome, delay = services.email_send(pk=email_id)
    if outcome == "retry" and not self.request.is_eager:
        # In-process (no broker) there is nobody to come back later: the next dispatch run sends it.
        raise self.retry(countdown=delay)
    return outcome


@shared_task(name="mail.dispatch")
def dispatch_emails() -> int:
    """Every minute and at worker start: send the e-mails the broker never received."""
    from grassroots.mail import services

    return services.emails_dispatch()

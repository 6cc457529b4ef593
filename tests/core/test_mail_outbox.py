"""The e-mail outbox: an e-mail is a row written with the change, sent once after commit, kept with its reason when
the mail server refuses it, tried again later, sent at most once, and listed for administrators when it fails."""
from __future__ import annotations

import io
import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from grassroots.mail import services
from grassroots.mail.models import OutboundEmail
from tests.core.smtp import free_port

S = OutboundEmail.Status


@pytest.fixture
def refusing_mail_server(settings):
    """SMTP to a local port where nothing listens: every attempt is refused at once."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", free_port(), False
    settings.EMAIL_TIMEOUT = 2


def _queued(subject: str = "Hello", ago: timedelta = timedelta(minutes=5), **fields) -> OutboundEmail:
    when = timezone.now() - ago
    return OutboundEmail.objects.create(recipients=["grace@example.org"], subject=subject, body="Body text",
                                        created_at=when, next_attempt_at=when, **fields)


def test_an_email_is_sent_only_once_its_change_commits(db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.email_enqueue(subject="Welcome", body="Hello Grace", recipients=["b@example.org", "a@example.org",
                                                                               "a@example.org"], cause="test")
        assert mailoutbox == []
    assert [(m.subject, m.to, m.body) for m in mailoutbox] == [("Welcome", ["a@example.org", "b@example.org"],
                                                               "Hello Grace")]
    email = OutboundEmail.objects.get()
    assert email.status == S.SENT and email.sent_at is not None and email.attempts == 1
    assert email.body == ""  # a sent reset link does not stay readable in the table


def test_a_rolled_back_change_emails_nobody(db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.email_enqueue(subject="Welcome", body="Hello", recipients=["a@example.org"])
        raise RuntimeError("the change failed")
    assert mailoutbox == []
    assert not OutboundEmail.objects.exists()


def test_sending_the_same_email_twice_sends_it_once(db, mailoutbox):
    email = _queued()
    assert services.email_send(pk=email.pk) == ("sent", 0)
    assert services.email_send(pk=email.pk) == ("skipped", 0)
    assert len(mailoutbox) == 1


def test_a_refused_email_keeps_its_reason_and_waits_before_the_next_try(db, settings, refusing_mail_server):
    settings.EMAIL_RETRY_SECONDS = 30
    email = _queued()
    outcome, delay = services.email_send(pk=email.pk)
    assert (outcome, delay) == ("retry", 30)
    email.refresh_from_db()
    assert email.status == S.QUEUED and email.attempts == 1
    assert "refused" in email.last_error.lower()
    assert email.next_attempt_at > timezone.now() + timedelta(seconds=25)
    assert services.email_send(pk=email.pk) == ("skipped", 0)  # not before its time
    assert services.retry_delay(2) == 60 and services.retry_delay(20) == 3600  # doubling, at most an hour apart


def test_after_the_last_attempt_administrators_see_the_failure_and_its_reason(
        settings, refusing_mail_server, as_admin, client):
    settings.EMAIL_MAX_ATTEMPTS = 2
    settings.HEALTHZ_TOKEN = "monitoring"
    email = _queued(subject="Your grant was awarded")
    assert services.email_send(pk=email.pk)[0] == "retry"
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert services.email_send(pk=email.pk)[0] == "failed"
    email.refresh_from_db()
    assert email.status == S.FAILED and email.attempts == 2

    page = as_admin.get(reverse("admin:mail_outboundemail_changelist") + "?status=failed").content.decode()
    assert "Your grant was awarded" in page
    assert "refused" in page.lower()
    assert "Body text" not in page
    outbox = client.get(reverse("healthz"), HTTP_X_HEALTHZ_TOKEN="monitoring").json()["outbox"]
    assert outbox["emails_failed"] == 1


def test_an_administrator_sends_a_failed_email_again(db, as_admin, mailoutbox, django_capture_on_commit_callbacks):
    email = _queued(status=S.FAILED, attempts=10, last_error="ConnectionRefusedError")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_admin.post(reverse("admin:mail_outboundemail_changelist"),
                                 {"action": "send_again", "_selected_action": [email.pk]})
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == S.SENT
    assert len(mailoutbox) == 1


def test_an_attempt_that_died_while_sending_is_never_sent_again(db, mailoutbox):
    email = _queued(status=S.SENDING, attempts=1, claimed_at=timezone.now() - timedelta(minutes=11))
    busy = _queued(status=S.SENDING, attempts=1, claimed_at=timezone.now() - timedelta(seconds=5))
    services.emails_dispatch()
    email.refresh_from_db()
    busy.refresh_from_db()
    assert email.status == S.FAILED
    assert "may or may not have arrived" in email.last_error
    assert busy.status == S.SENDING
    assert mailoutbox == []


def test_the_dispatcher_sends_what_the_broker_never_received_and_leaves_fresh_ones(db, settings, mailoutbox):
    settings.OUTBOX_GRACE_SECONDS = 60
    waited = _queued(subject="Waited", ago=timedelta(minutes=5))
    fresh = _queued(subject="Fresh", ago=timedelta(seconds=5))
    assert services.emails_dispatch() == 1
    assert [m.subject for m in mailoutbox] == ["Waited"]
    waited.refresh_from_db()
    fresh.refresh_from_db()
    assert (waited.status, fresh.status) == (S.SENT, S.QUEUED)
    assert services.emails_dispatch() == 0


@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_send_each_email_once(world, settings, mailoutbox):
    """Beat restarted, or running twice: both dispatchers, and the sends they start, race for the same rows."""
    settings.OUTBOX_GRACE_SECONDS = 1
    emails = [_queued(subject=f"Message {n}") for n in range(40)]
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def dispatcher() -> None:
        try:
            start.wait()
            services.emails_dispatch()
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    def sender(pks: list[int]) -> None:
        try:
            start.wait()
            for pk in pks:
                services.email_send(pk=pk)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    pks = [e.pk for e in emails]
    threads = [threading.Thread(target=dispatcher), threading.Thread(target=dispatcher),
               threading.Thread(target=sender, args=(pks,)), threading.Thread(target=sender, args=(pks[::-1],))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    subjects = sorted(m.subject for m in mailoutbox)
    assert subjects == sorted(e.subject for e in emails)  # every one sent, none twice
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {S.SENT}


def test_without_redis_the_dispatch_command_sends_what_the_mail_server_refused_before(db, settings, mailoutbox):
    """The embedded set-up has no beat: ``manage.py outbox_dispatch`` (by hand or cron) sends what waited."""
    from django.core.management import call_command

    settings.OUTBOX_GRACE_SECONDS = 60
    _queued(subject="Refused earlier", attempts=1, last_error="ConnectionRefusedError")
    call_command("outbox_dispatch", stdout=io.StringIO())
    assert [m.subject for m in mailoutbox] == ["Refused earlier"]


def test_administrators_find_an_email_by_its_recipient(as_admin, world):
    _queued(subject="For Grace", status=S.FAILED, last_error="SMTPRecipientsRefused")
    page = as_admin.get(reverse("admin:mail_outboundemail_changelist") + "?q=grace@example").content.decode()
    assert "For Grace" in page

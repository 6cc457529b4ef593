"""Safeguarding at capture: an item flagged as a concern is e-mailed at once to the safeguarding contacts of the
host organisation running its share of the programme, and only once however often it is saved or imported."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from engagement.models import FeedbackItem
from grants.services.common import email_on_commit
from grassroots.accounts.access import safeguarding_contacts_for


def safeguarding_contacts(host_id: int) -> list[str]:
    """The e-mail addresses of the host's safeguarding contacts (its staff, if it has marked none)."""
    users, _ = safeguarding_contacts_for(host_id)
    return sorted({u.email for u in users})


def safeguarding_concerns_notify(*, item_ids: Iterable[int]) -> int:
    """E-mail the host's contacts about each flagged item among ``item_ids`` not yet notified; returns how many.

    Call inside the transaction that saved the items: the rows are marked under a lock, so two saves at once
    notify once, and the e-mail goes only if that transaction commits. The e-mail names the group, the session
    and a link; never the words, which stay on the service behind sign-in (shared inboxes, forwarded mail)."""
    with transaction.atomic():
        items = list(FeedbackItem.objects.select_for_update(of=("self",)).filter(
            pk__in=list(item_ids), safeguarding=True, safeguarding_notified_at__isnull=True)
            .select_related("session", "organisation", "round__share").order_by("pk"))
        if not items:
            return 0
        FeedbackItem.objects.filter(pk__in=[i.pk for i in items]).update(safeguarding_notified_at=timezone.now())
        by_host: dict[int, list[FeedbackItem]] = defaultdict(list)
        for item in items:
            by_host[item.round.share.host_id].append(item)
        for host_id, concerns in by_host.items():
            lines = [f"- {c.organisation.name}, session {c.session.reference} on {c.session.held_on:%-d %B %Y}: "
                     f"{settings.SITE_URL}{reverse('engagement:safeguarding_item', kwargs={'pk': c.pk})}"
                     for c in concerns]
            subject = ("A safeguarding concern was logged" if len(concerns) == 1
                       else f"{len(concerns)} safeguarding concerns were logged")
            body = ("A community group flagged feedback as a safeguarding concern. Read it and record what you did "
                    "on the service (sign in first):\n\n" + "\n".join(lines) + "\n\nThis e-mail does not contain "
                    "what was said, so it is safe to keep in a shared inbox.")
            email_on_commit(subject, body, safeguarding_contacts(host_id))
    return len(items)

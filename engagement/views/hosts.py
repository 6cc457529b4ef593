"""Which host organisation staff act as when they send feedback on or record an action.

Most staff work for one host. Someone who is staff of two (a county Healthwatch that also runs a neighbour's
share, say) chooses on the page; the choice travels as ``?host=`` and is checked against their own hosts every
time, so a tampered id falls back to their first host rather than acting for someone else's.
"""
from __future__ import annotations

from engagement.access import sending_hosts
from grassroots.accounts.models import Organisation
from grassroots.http import AuthenticatedHttpRequest


def hosts_of(request: AuthenticatedHttpRequest) -> list[Organisation]:
    """The host organisations the signed-in user sends for, by name."""
    return list(Organisation.objects.filter(pk__in=sending_hosts(request.user)).order_by("name"))


def chosen_host(hosts: list[Organisation], wanted: object) -> Organisation | None:
    """The host asked for (an id from the page) if it is one of ``hosts``, else the first; None if there are none."""
    return next((h for h in hosts if str(h.pk) == str(wanted)), hosts[0] if hosts else None)

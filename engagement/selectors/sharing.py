"""What feedback may leave the group and its host organisation: one selector, used by everything shared.

Part 2's routing, the public "You said, we did" page, every export and every report start from
``feedback_that_may_leave``; none of them filters feedback on its own. An item may leave only when
* it is not a safeguarding concern (those stay with the host, whatever else is true of them),
* the person agreed to it being shared (consent "may be quoted" or "anonymised only", never "internal only"),
* its session has been submitted (a draft is still the group's to change),
* and staff approved it for publication (moderation); what leaves is then its ``published_text``, the redacted
  words where staff redacted it, never the original.
Nothing outside this module may relax it.
"""
from __future__ import annotations

from django.db.models import Q, QuerySet

from engagement.choices import Consent
from engagement.models import FeedbackItem, Session

MAY_LEAVE = (Q(safeguarding=False) & Q(consent__in=(Consent.QUOTE, Consent.ANONYMISED))
             & Q(session__status=Session.Status.SUBMITTED) & Q(moderation=FeedbackItem.Moderation.APPROVED))


def feedback_that_may_leave(items: QuerySet[FeedbackItem] | None = None) -> QuerySet[FeedbackItem]:
    """``items`` (default: all feedback) narrowed to what may be shared outside the group and the host."""
    return (FeedbackItem.objects.all() if items is None else items).filter(MAY_LEAVE)


def may_leave(item: FeedbackItem) -> bool:
    """The same rule for one item already in hand (asks the database, so it cannot drift from the selector)."""
    return feedback_that_may_leave(FeedbackItem.objects.filter(pk=item.pk)).exists()

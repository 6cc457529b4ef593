"""What feedback may leave the group and its host organisation: one selector, used by everything shared.

Routing, the public "You said, we did" page, every export and every report start from
``feedback_that_may_be_published`` (the same selector as ``feedback_that_may_leave``: anything that leaves the host
is, for the person who spoke, published); none of them filters feedback on its own. An item may leave only when
* it is not a safeguarding concern (those stay with the host, whatever else is true of them),
* the person agreed to it being shared (consent "may be quoted" or "anonymised only", never "internal only"),
* its session has been submitted (a draft is still the group's to change),
* and host staff approved it for publication (moderation; engagement/services/moderation.py).
What leaves is then the item's ``published_text`` (the redacted words when staff redacted it), never ``text``:
``published_words`` gives exactly that for a queryset. Nothing outside this module may relax the rule.
"""
from __future__ import annotations

from django.db.models import Case, Q, QuerySet, When

from engagement.choices import Consent
from engagement.models import FeedbackItem, Session

MAY_LEAVE = (Q(safeguarding=False) & Q(consent__in=(Consent.QUOTE, Consent.ANONYMISED))
             & Q(session__status=Session.Status.SUBMITTED) & Q(moderation=FeedbackItem.Moderation.APPROVED))


# The partial index feedback_publishable_held (migration 0012) repeats the item's part of this rule in its WHERE: change
# the rule and that index must change with it, or the public pages and reports stop using it (nothing breaks, they slow).


def feedback_that_may_leave(items: QuerySet[FeedbackItem] | None = None) -> QuerySet[FeedbackItem]:
    """``items`` (default: all feedback) narrowed to what may be shared outside the group and the host."""
    return (FeedbackItem.objects.all() if items is None else items).filter(MAY_LEAVE)


# What may be published is what may leave: one rule, two names for the two ways callers think of it.
feedback_that_may_be_published = feedback_that_may_leave


def may_leave(item: FeedbackItem) -> bool:
    """The same rule for one item already in hand (asks the database, so it cannot drift from the selector)."""
    return feedback_that_may_leave(FeedbackItem.objects.filter(pk=item.pk)).exists()


may_be_published = may_leave


def published_words(items: QuerySet[FeedbackItem] | None = None) -> QuerySet[FeedbackItem]:
    """The publishable items with only the words that may leave, as ``words`` (the redacted text if any, else the
    text); the original ``text`` is deferred, so a template or export built on this cannot show it by accident."""
    words = Case(When(~Q(redacted_text=""), then="redacted_text"), default="text")
    return feedback_that_may_leave(items).annotate(words=words).defer("text", "redacted_text")

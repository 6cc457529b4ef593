"""The staff grant page, the decisions page and the scoring page each start with a GOV.UK back link."""
from __future__ import annotations

import pytest
from django.urls import reverse

from grants.services.reviews import review_declare_conflict
from tests.grants.factories import assign, make_grant, make_under_review

pytestmark = pytest.mark.django_db


def _back(html: str) -> str:
    start = html.index('class="govuk-back-link" href="') + len('class="govuk-back-link" href="')
    return html[start:html.index('"', start)]


def test_each_page_leads_back(world, as_host, as_commissioner):
    grant = make_grant(world)
    assert _back(as_host.get(reverse("grants:grant_manage", kwargs={"pk": grant.pk})).text) == \
        reverse("grants:staff_grants")
    decisions = reverse("grants:round_decisions", kwargs={"pk": world.round.pk})
    assert _back(as_commissioner.get(decisions).text) == reverse("grants:review_queue")
    assert _back(as_host.get(decisions).text) == reverse("grants:round_detail", kwargs={"pk": world.round.pk})
    review = assign(world, make_under_review(world, title="To score"), world.commissioner)
    review_declare_conflict(actor=world.commissioner, review=review, has_conflict=False)
    page = as_commissioner.get(reverse("grants:review_score", kwargs={"pk": review.pk}))
    assert _back(page.text) == reverse("grants:review_queue")

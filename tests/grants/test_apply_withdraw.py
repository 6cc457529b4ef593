from django.urls import reverse

from grants.models import Application
from tests.grants.factories import make_submitted


def test_it_asks_before_withdrawing(world, as_group):
    application = make_submitted(world)
    page = as_group.get(reverse("grants:application_withdraw", args=[application.pk])).content.decode()
    assert "Are you sure you want to withdraw this application?" in page


def test_withdrawing_records_the_reason(world, as_group):
    application = make_submitted(world)
    as_group.post(reverse("grants:application_withdraw", args=[application.pk]), {"reason": "We found other money"})
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert application.events.last().note == "We found other money"
    page = as_group.get(reverse("grants:application_detail", args=[application.pk])).content.decode()
    assert "Withdraw application" not in page

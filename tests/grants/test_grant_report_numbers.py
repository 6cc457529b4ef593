"""Numbers a group types into its end-of-grant report that no column or reader can take."""
from django.urls import reverse

from grants.models import MonitoringReport
from tests.grants.factories import make_active


def test_an_impossibly_large_count_in_the_report_is_a_message_not_a_crash(world, as_group):
    """99999999999 sessions passed the form and broke the Postgres integer column with a 500 (checked on the
    demo site before the fix)."""
    grant = make_active(world)
    response = as_group.post(reverse("grants:grant_report", args=[grant.pk]),
                             {"what_happened": "Lunches.", "sessions_held": "99999999999", "save": "1"})
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert "Sessions held must be 100,000 or fewer" in page
    assert "Lunches." in page
    assert not MonitoringReport.objects.filter(grant=grant, sessions_held__gt=100_000).exists()


def test_a_negative_count_is_named_in_plain_words(world, as_group):
    """Django's "Ensure this value is greater than or equal to 0." named no answer."""
    grant = make_active(world)
    response = as_group.post(reverse("grants:grant_report", args=[grant.pk]),
                             {"sessions_held": "-1", "save": "1"})
    page = response.content.decode()
    assert "Sessions held must be 0 or more" in page
    assert "Ensure this value" not in page

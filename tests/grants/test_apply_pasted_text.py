"""What a group sees when it pastes far more text than an answer can hold."""
from django.urls import reverse

from tests.grants.factories import make_draft, section_url


def test_a_pasted_summary_that_is_too_long_is_named_in_plain_words(world, as_group):
    """Before the fix the page said Django's "Ensure this value has at most 500 characters (it has 5000)." which
    names no answer; the message now comes from GDSFormMixin (checked by removing name_length_errors)."""
    application = make_draft(world, complete=False)
    response = as_group.post(section_url(application, "activity"), {"summary": "y" * 5000, "draft": "1"})
    page = response.content.decode()
    assert "Summary must be 500 characters or fewer" in page
    assert "Ensure this value" not in page
    assert "y" * 5000 in page  # nothing typed is lost


def test_an_over_long_invitation_address_is_named_in_plain_words(world, as_group):
    response = as_group.post(reverse("accounts:invitation_create", args=[world.group.pk]),
                             {"email": "a" * 250 + "@example.org", "role": "member"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "must be 254 characters or fewer" in page and "Ensure this value" not in page

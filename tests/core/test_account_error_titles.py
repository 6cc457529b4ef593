"""The accounts pages that show an error summary put "Error: " in the page title too, as the other pages do."""
import re

from django.urls import reverse


def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_a_failed_invitation_says_error_in_the_title_and_links_back(world, as_group):
    """The invite page kept the plain title with an error summary on it, and had no way back but the browser's."""
    response = as_group.post(reverse("accounts:invitation_create", args=[world.group.pk]), {"email": "", "role": ""})
    assert _title(response).startswith("Error: Invite a colleague")
    assert 'class="govuk-back-link"' in response.content.decode()


def test_a_failed_sign_in_says_error_in_the_title(client, db):
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    assert _title(response).startswith("Error: Sign in")


def test_a_failed_password_reset_request_says_error_in_the_title(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "not an address"})
    assert _title(response).startswith("Error: Reset your password")

"""Signing in with an e-mail address, signing out, throttled guessing, and who reaches the Django admin."""
from __future__ import annotations

from django.urls import reverse

from grassroots.accounts.models import User
from tests.factories import PASSWORD


def _sign_in(client, email, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_a_person_signs_in_with_their_email_address(client, world):
    response = _sign_in(client, "grace@brixton-elders.org.uk")
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).context["user"] == world.group_member


def test_the_email_address_is_not_case_sensitive(client, world):
    response = _sign_in(client, "Grace@Brixton-Elders.ORG.uk")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == world.group_member.pk


def test_new_users_are_stored_with_a_lower_case_email(db):
    user = User.objects.create_user(email="Mixed.Case@Example.ORG", full_name="Mixed Case", password=PASSWORD)
    assert user.email == "mixed.case@example.org"


def test_a_wrong_password_shows_an_error_on_the_page(client, world):
    response = _sign_in(client, "grace@brixton-elders.org.uk", "not-my-password")
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_a_post_and_ends_the_session(as_group):
    assert as_group.get(reverse("accounts:logout")).status_code == 405
    response = as_group.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert as_group.get(reverse("dashboard")).status_code == 302


def test_the_sign_in_page_is_styled_and_has_a_reset_link(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in page
    assert reverse("accounts:password_reset") in page


def test_repeated_failed_sign_ins_are_throttled_even_with_the_right_password(client, world, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(5):
        _sign_in(client, "grace@brixton-elders.org.uk", "wrong-guess")
    response = _sign_in(client, "grace@brixton-elders.org.uk")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many sign-in attempts" in page
    assert "govuk-heading-l" in page  # our styled page, not axes' bare text
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_resets_the_failure_count(client, world):
    for _ in range(4):
        _sign_in(client, "grace@brixton-elders.org.uk", "wrong-guess")
    assert _sign_in(client, "grace@brixton-elders.org.uk").status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        _sign_in(client, "grace@brixton-elders.org.uk", "wrong-guess")
    assert _sign_in(client, "grace@brixton-elders.org.uk").status_code == 302


def test_the_admin_is_open_to_the_system_administrator(as_admin):
    assert as_admin.get("/admin/").status_code == 200


def test_the_admin_is_closed_to_everyone_else(as_group, as_host, as_commissioner, client, db):
    for c in (as_group, as_host, as_commissioner, client):
        response = c.get("/admin/")
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")

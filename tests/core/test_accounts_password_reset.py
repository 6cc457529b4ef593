"""Password reset by e-mail: request a link, follow it, choose a new password, sign in with it."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

NEW_PASSWORD = "a-brand-new-passphrase-2026"


@pytest.fixture
def ask_for_reset(client, django_capture_on_commit_callbacks):
    """Post the reset form; its e-mail goes through the outbox, sent once the request's work commits."""
    def ask(email: str):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:password_reset"), {"email": email})
    return ask


def _reset_link(mailoutbox) -> str:
    assert len(mailoutbox) == 1
    match = re.search(r"https?://[^/\s]+(/accounts/reset/[^\s]+/)", mailoutbox[0].body)
    assert match, mailoutbox[0].body
    return match.group(1)


def test_a_person_resets_a_forgotten_password_by_email(client, world, mailoutbox, ask_for_reset):
    response = ask_for_reset("Grace@brixton-elders.org.uk")
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mailoutbox[0].to == ["grace@brixton-elders.org.uk"]

    link = _reset_link(mailoutbox)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")

    assert client.post(reverse("accounts:login"), {"username": "grace@brixton-elders.org.uk",
                                                   "password": NEW_PASSWORD}).status_code == 302


def test_a_reset_link_works_only_once(client, world, mailoutbox, ask_for_reset):
    ask_for_reset("grace@brixton-elders.org.uk")
    link = _reset_link(mailoutbox)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    page = client.get(link, follow=True).content.decode()
    assert "new_password1" not in page


def test_a_weak_new_password_is_refused_with_a_message(client, world, mailoutbox, ask_for_reset):
    ask_for_reset("grace@brixton-elders.org.uk")
    form_url = client.get(_reset_link(mailoutbox), follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "password", "new_password2": "password"})
    assert response.status_code == 200
    assert "too common" in response.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, db, mailoutbox, ask_for_reset):
    response = ask_for_reset("stranger@example.org")
    assert response.status_code == 302
    assert mailoutbox == []

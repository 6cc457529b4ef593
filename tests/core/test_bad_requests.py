"""Malformed requests get a calm 400 or 404 page, never a 500."""
from __future__ import annotations

import pytest


def test_an_unknown_host_header_gets_the_styled_400_not_a_500(client, db, settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["grants.example.org"]
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "Sorry, we could not understand that request" in response.content.decode()


def test_an_unknown_host_on_a_signed_in_page_gets_the_400_too(as_group, settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["grants.example.org"]
    as_group.raise_request_exception = False
    response = as_group.get("/dashboard/", HTTP_HOST="attacker.example")
    assert response.status_code == 400


@pytest.mark.parametrize("path", [
    "/accounts/invitations/%00/",
    "/accounts/invitations/abc%00def/",
    "/accounts/invitations/../",
])
def test_a_malformed_invitation_link_is_not_found(client, db, settings, path):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_nul_in_the_query_string_is_not_found_rather_than_a_crash(as_host, settings):
    settings.DEBUG = False
    as_host.raise_request_exception = False
    assert as_host.get("/grants/staff/applications/?q=%00").status_code == 404

"""The layout every page shares, the security headers, and what each role sees on the dashboard."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from grassroots.middleware import CSP

ROLES = ["as_group", "as_other_group", "as_host", "as_commissioner", "as_admin", "as_outsider"]
_URL_ATTR = re.compile(r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']\s*((?:https?:)?//[^"'\s]+)""", re.I)
_CSS_URL = re.compile(r"""url\(\s*["']?((?:https?:)?//[^"')\s]+)""", re.I)


def _external_urls(html: str) -> list[str]:
    found = _URL_ATTR.findall(html) + _CSS_URL.findall(html)
    return [u for u in found if not re.match(r"(?:https?:)?//(testserver|localhost|127\.0\.0\.1)(?:[:/]|$)", u)]


@pytest.mark.parametrize("role", ROLES)
def test_the_dashboard_loads_nothing_from_another_site(role, request):
    client = request.getfixturevalue(role)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert _external_urls(response.content.decode()) == []


def test_the_scan_would_catch_a_third_party_url():
    assert _external_urls('<script src="https://cdn.example.com/x.js"></script>') == ["https://cdn.example.com/x.js"]
    assert _external_urls('<link href="//fonts.example.com/a.css">') == ["//fonts.example.com/a.css"]
    assert _external_urls('<a href="/dashboard/">') == []


def test_public_pages_load_nothing_from_another_site(client, db):
    for url in (reverse("home"), reverse("accounts:login"), reverse("accounts:password_reset")):
        assert _external_urls(client.get(url).content.decode()) == []


def test_every_page_has_a_skip_link_and_service_navigation(as_group):
    page = as_group.get(reverse("dashboard")).content.decode()
    assert '<a href="#main-content" class="govuk-skip-link"' in page
    assert 'id="main-content"' in page
    assert 'class="govuk-service-navigation"' in page
    for label, url in (("Dashboard", reverse("dashboard")), ("Your downloads", reverse("jobs:list")),
                       ("Organisations", reverse("accounts:organisation_list"))):
        assert f'href="{url}"' in page and label in page
    assert 'aria-current="page"' in page


def test_the_sign_out_button_is_a_post_form(as_group):
    page = as_group.get(reverse("dashboard")).content.decode()
    assert re.search(f'<form method="post" action="{re.escape(reverse("accounts:logout"))}"', page)


def test_pages_send_a_strict_content_security_policy(as_group, client, db):
    for response in (as_group.get(reverse("dashboard")), client.get(reverse("accounts:login"))):
        assert response["Content-Security-Policy"] == CSP
        assert "default-src 'self'" in CSP and "script-src 'self'" in CSP and "unsafe-inline" not in CSP
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_no_page_uses_inline_scripts_or_styles(as_admin):
    page = as_admin.get(reverse("dashboard")).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert " style=" not in page


def test_the_home_page_invites_sign_in_and_signed_in_people_go_to_the_dashboard(client, as_group):
    assert reverse("accounts:login") in client.get(reverse("home")).content.decode()
    response = as_group.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("dashboard")


def test_the_dashboard_needs_sign_in(client, db):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_group_member_sees_their_group_on_the_dashboard(as_group):
    page = as_group.get(reverse("dashboard")).content.decode()
    assert "Hello, Grace" in page
    assert "Brixton Elders Lunch Club" in page
    assert "Peckham Deaf Social" not in page
    assert "administration site" not in page


def test_host_staff_see_their_host_on_the_dashboard(as_host):
    page = as_host.get(reverse("dashboard")).content.decode()
    assert "Healthwatch Lambeth" in page
    assert "Brixton Elders Lunch Club" not in page


def test_a_commissioner_sees_their_icb_on_the_dashboard(as_commissioner):
    page = as_commissioner.get(reverse("dashboard")).content.decode()
    assert "NHS South East London ICB" in page
    assert "administration site" not in page


def test_the_administrator_gets_a_link_to_the_admin(as_admin):
    page = as_admin.get(reverse("dashboard")).content.decode()
    assert "administration site" in page
    assert reverse("admin:index") in page


def test_someone_in_no_organisation_is_told_how_to_join(as_outsider):
    page = as_outsider.get(reverse("dashboard")).content.decode()
    assert "You are not a member of any organisation yet" in page

"""Styled error pages: 403, 404 and 500 look like the service, not Django's debug pages."""
from __future__ import annotations

import pytest
from django.urls import reverse


def test_a_missing_page_gets_the_styled_404(as_group, settings):
    settings.DEBUG = False
    response = as_group.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "govuk-service-navigation" in page


def test_an_anonymous_missing_page_is_styled_too(client, db, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_forbidden_page_gets_the_styled_403_with_its_reason(world, login_as, settings):
    from grassroots.accounts.models import Membership
    from tests.factories import make_member

    settings.DEBUG = False
    plain = login_as(make_member(world.group, Membership.Role.MEMBER))
    response = plain.get(reverse("accounts:invitation_create", args=[world.group.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "You do not have access to this page" in page
    assert "Only an administrator of this organisation can invite colleagues." in page


@pytest.mark.urls("tests.core.urls_500")
def test_a_crash_gets_the_styled_500(client, db, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/crash/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "deliberate test crash" not in page
    assert "Traceback" not in page


def test_a_csrf_failure_gets_a_styled_page(world, settings):
    from django.test import Client

    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.group_member, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert "govuk-heading-l" in response.content.decode()

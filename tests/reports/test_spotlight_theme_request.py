"""Asking for a spotlight on a theme: only the host's own themes are offered or accepted, and a wrong or missing
choice is named on the page, with nothing made."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.models import Report, theme_topic
from reports.services import report_request
from tests.engagement.theme_factories import make_theme
from tests.grants.factories import make_other_host

pytestmark = pytest.mark.django_db(transaction=True)
URL = reverse("reports:ask", kwargs={"kind": "spotlight"})


def _form(world, topic: str) -> dict[str, str]:
    return {"scope": f"host:{world.host.pk}", "topic": topic, "starts_on_0": "1", "starts_on_1": "4",
            "starts_on_2": "2026", "ends_on_0": "31", "ends_on_1": "10", "ends_on_2": "2026"}


def test_the_form_offers_services_and_the_hosts_own_themes_only(world, login_as):
    mine = make_theme(world.host, "Access to care")
    other_host, *_ = make_other_host(world)
    make_theme(other_host, "Elsewhere's own theme")
    page = login_as(world.host_staff).get(URL).content.decode()
    assert f'<option value="{theme_topic(mine.pk)}">Access to care</option>' in page
    assert '<optgroup label="Services">' in page and '<optgroup label="Themes">' in page
    assert "Elsewhere&#x27;s own theme" not in page and "Elsewhere's own theme" not in page


def test_a_spotlight_on_one_of_the_hosts_themes_is_made_and_named_after_it(world, login_as):
    theme = make_theme(world.host, "Access to care")
    response = login_as(world.host_staff).post(URL, _form(world, theme_topic(theme.pk)))
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.topic, report.topic_name) == (theme_topic(theme.pk), "Access to care")
    assert report.title == f"Spotlight report — Access to care: {world.host.name}"


def test_another_hosts_theme_is_refused_on_the_page_and_nothing_is_made(world, login_as):
    other_host, *_ = make_other_host(world)
    theirs = make_theme(other_host, "Elsewhere's own theme")
    response = login_as(world.host_staff).post(URL, _form(world, theme_topic(theirs.pk)))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_topic"' in page and "Choose a service or one of your themes" in page
    assert not Report.objects.exists()


def test_the_service_refuses_another_hosts_theme_too(world):
    other_host, *_ = make_other_host(world)
    theirs = make_theme(other_host, "Elsewhere's own theme")
    with pytest.raises(ValidationError) as refused:
        report_request(actor=world.host_staff, kind="spotlight", scope_type="host", scope_id=world.host.pk,
                       starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 10, 31), topic=theme_topic(theirs.pk))
    assert "topic" in refused.value.message_dict
    assert not Report.objects.exists()


def test_a_spotlight_without_a_topic_says_what_to_choose(world, login_as):
    response = login_as(world.host_staff).post(URL, _form(world, ""))
    page = response.content.decode()
    assert response.status_code == 400 and "Choose a service or a theme to spotlight" in page
    assert 'name="starts_on_2" value="2026"' in page or 'value="2026"' in page  # what was typed is kept

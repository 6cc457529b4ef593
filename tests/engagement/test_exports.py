"""Feedback and actions files: host staff get their rounds' words (never a safeguarding concern); partners only what
was sent to them, as published; no cell runs as a formula in a spreadsheet."""
from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from engagement.models import FeedbackItem, FeedbackTag
from engagement.services.actions import ActionDetails, action_create
from engagement.services.routing import routing_send
from grassroots.jobs.models import Job
from tests.engagement.routing_helpers import routing_world
from tests.engagement.theme_factories import make_theme

pytestmark = pytest.mark.django_db(transaction=True)


def _file(client, url, data) -> bytes:
    client.post(url, data)
    job = Job.objects.order_by("-pk").first()
    assert job is not None and job.is_ready, job and job.message
    response = client.get(reverse("jobs:download", args=[job.pk]))
    return b"".join(response.streaming_content)


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_host_staff_get_original_and_published_words_but_no_safeguarding(world, login_as):
    r = routing_world(world)
    FeedbackItem.objects.filter(pk=r.quoted.pk).update(text='=HYPERLINK("http://evil.example","click")')
    sub = make_theme(world.host).sub_themes.first()
    FeedbackTag.objects.create(item=r.quoted, sub_theme=sub, tagged_by=world.host_staff)
    rows = _csv(_file(login_as(world.host_staff), reverse("engagement:export_feedback"), {"format": "csv"}))
    assert rows[0][9] == "What was said (original, internal)"
    words = {row[9] for row in rows[1:]}
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in words  # neutralised
    assert "Dr Patel at Brixton Hill told my mum to go away" in words
    assert "A GP told my mother to go away" in {row[10] for row in rows[1:]}
    assert rows[0][11] == "Themes" and f"{sub.theme.name}: {sub.name}" in {row[11] for row in rows[1:]}
    assert all("being hit" not in cell for row in rows for cell in row)


def test_the_xlsx_is_neutralised_too(world, login_as):
    r = routing_world(world)
    FeedbackItem.objects.filter(pk=r.quoted.pk).update(text="@SUM(1+1)")
    book = load_workbook(io.BytesIO(_file(login_as(world.host_staff), reverse("engagement:export_feedback"),
                                          {"format": "xlsx", "service": "gp"})))
    values = [cell.value for row in book.active.iter_rows() for cell in row]
    assert "'@SUM(1+1)" in values and "being hit" not in " ".join(str(v) for v in values)


def test_a_partner_gets_only_what_was_sent_to_it_as_published(world, login_as):
    r = routing_world(world)
    routing_send(actor=world.host_staff, host=world.host, title="GP phones", message="Reply please",
                 item_ids=[r.redacted.pk], recipients=[r.provider])
    rows = _csv(_file(login_as(r.provider_staff), reverse("engagement:export_feedback"),
                      {"format": "csv", "scope": "inbox"}))
    assert [row[4] for row in rows[1:]] == ["A GP told my mother to go away"]
    flat = " ".join(" ".join(row) for row in rows)
    assert "Dr Patel" not in flat and "Nobody answers" not in flat and "being hit" not in flat


def test_actions_file(world, login_as):
    r = routing_world(world)
    action_create(actor=world.host_staff, host=world.host, details=ActionDetails(
        owner=r.provider, title="-2 waiting days", description="x", item_ids=[r.quoted.pk, r.redacted.pk]))
    rows = _csv(_file(login_as(world.host_staff), reverse("engagement:export_actions"), {}))
    assert rows[1][0] == "'-2 waiting days" and rows[1][4] == r.provider.name and rows[1][-1] == "2"
    assert login_as(world.group_member).post(reverse("engagement:export_actions")).status_code == 403


def test_the_list_filters_travel_with_the_download(world, login_as):
    r = routing_world(world)
    FeedbackItem.objects.filter(pk=r.redacted.pk).update(service="dental")
    client = login_as(world.host_staff)
    page = client.get(reverse("engagement:staff_feedback"), {"service": "dental"}).content.decode()
    assert 'name="query" value="service=dental"' in page
    rows = _csv(_file(client, reverse("engagement:export_feedback"), {"format": "csv", "query": "service=dental"}))
    assert [row[5] for row in rows[1:]] == ["Dental"]

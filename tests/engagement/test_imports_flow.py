"""The whole journey through the pages: upload, the check, "Import N rows", and what was saved."""
from __future__ import annotations

from django.urls import reverse

from engagement.models import FeedbackItem, ImportBatch, SessionEvent
from tests.engagement.factories import make_session
from tests.engagement.import_files import csv_file, feedback_row, xlsx_file
from tests.grants.factories import make_active


def _upload(client, upload, kind="feedback", **extra):
    return client.post(reverse("engagement:import_upload", kwargs={"kind": kind}), {"file": upload, **extra})


def test_a_group_uploads_checks_and_imports_its_feedback(world, as_group, django_capture_on_commit_callbacks):
    grant = make_active(world)
    session = make_session(grant, created_by=world.group_member)
    rows = [feedback_row(session, text=f"Comment {n}") for n in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(as_group, csv_file(rows))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("engagement:import_detail", args=[batch.pk])
    assert batch.status == ImportBatch.Status.READY and batch.row_count == 5
    assert FeedbackItem.objects.count() == 0  # nothing saved before the person chooses to import
    page = as_group.get(response.url).content.decode()
    assert "No problems found" in page and "Import 5 rows" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = as_group.post(reverse("engagement:import_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED and batch.created_count == 5
    items = FeedbackItem.objects.filter(session=session).order_by("text")
    assert [i.text for i in items] == [f"Comment {n}" for n in range(5)]
    assert {(i.service, i.sentiment, i.consent, i.age_band, i.ethnic_group) for i in items} == {
        ("gp", "negative", "quote", "65_74", "black_caribbean")}
    event = SessionEvent.objects.get(session=session, kind=SessionEvent.Kind.IMPORTED)
    assert event.note == "5 feedback items imported from paper-forms.csv" and event.actor == world.group_member
    page = as_group.get(reverse("engagement:import_detail", args=[batch.pk])).content.decode()
    assert "5 feedback items saved" in page and session.reference in page


def test_an_xlsx_file_imports_the_same_way(world, as_group, django_capture_on_commit_callbacks):
    session = make_session(make_active(world), created_by=world.group_member)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(as_group, xlsx_file([feedback_row(session, text="Lovely midwives", service="maternity",
                                                  sentiment="positive", consent="anonymised", age="", ethnic="",
                                                  safeguarding="")]))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.READY, list(batch.problems.values_list("message", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        as_group.post(reverse("engagement:import_confirm", args=[batch.pk]))
    item = FeedbackItem.objects.get()
    assert (item.text, item.service, item.consent, item.age_band, item.safeguarding) == (
        "Lovely midwives", "maternity", "anonymised", "", False)

"""Importing: every row or none, the same file twice creates nothing new, and safeguarding concerns are e-mailed."""
from __future__ import annotations

import pytest
from django.urls import reverse

from engagement.access import ImportScope
from engagement.models import Answer, FeedbackItem, ImportBatch, Response, SessionEvent
from engagement.services import imports as services
from tests.engagement.factories import make_question_set, make_session
from tests.engagement.import_files import csv_file, feedback_row, xlsx_file
from tests.grants.factories import make_active

B = ImportBatch.Status


@pytest.fixture
def session(world):
    return make_session(make_active(world), created_by=world.group_member)


def _upload(client, upload, capture, kind="feedback", **extra):
    with capture(execute=True):
        response = client.post(reverse("engagement:import_upload", kwargs={"kind": kind}), {"file": upload, **extra})
    assert response.status_code == 302
    return response


def _import(client, batch, capture):
    with capture(execute=True):
        return client.post(reverse("engagement:import_confirm", args=[batch.pk]))


def test_one_bad_row_means_nothing_is_saved_and_nothing_can_be_imported(world, session, as_group,
                                                                        django_capture_on_commit_callbacks):
    rows = [feedback_row(session, text=f"Row {n}") for n in range(20)] + [feedback_row(session, sentiment="Meh")]
    _upload(as_group, csv_file(rows), django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert batch.status == B.PROBLEMS and not batch.file  # the file is not kept once it cannot be imported
    assert _import(as_group, batch, django_capture_on_commit_callbacks).status_code == 403
    assert FeedbackItem.objects.count() == 0
    page = as_group.get(reverse("engagement:import_detail", args=[batch.pk])).content.decode()
    assert "We found 1 problem in 21 rows" in page and "Import 21 rows" not in page


def test_a_failure_part_way_through_the_insert_saves_nothing(world, session, as_group,
                                                             django_capture_on_commit_callbacks):
    """A row the database refuses (its id is taken) stops the COPY: the rows before it are not kept either, and the
    import can be tried again."""
    rows = [feedback_row(session, text=f"Row {n}") for n in range(50)]
    _upload(as_group, csv_file(rows), django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    last_row_id = services._client_ids(ImportScope(world.group, False), batch.sha256)(51)
    FeedbackItem.objects.create(session=session, client_id=last_row_id, organisation=world.group,
                                round_id=session.round_id, area_id=session.area_id, session_kind=session.kind,
                                held_on=session.held_on, text="Typed on the phone", service="gp",
                                sentiment="neutral", consent="quote", created_by=world.group_member)
    _import(as_group, batch, django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert batch.status == B.READY and "nothing was saved" in batch.message
    assert list(FeedbackItem.objects.values_list("text", flat=True)) == ["Typed on the phone"]
    assert not SessionEvent.objects.filter(kind=SessionEvent.Kind.IMPORTED).exists()
    assert batch.job.status == "failed"


def test_a_failure_after_the_rows_are_written_takes_them_back(world, session, as_group, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    _upload(as_group, csv_file([feedback_row(session, text=f"Row {n}") for n in range(10)]),
            django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()

    def timeline_down(*args, **kwargs):
        assert FeedbackItem.objects.count() == 10  # written, inside the transaction...
        raise RuntimeError("timeline down")
    monkeypatch.setattr(SessionEvent.objects, "bulk_create", timeline_down)
    _import(as_group, batch, django_capture_on_commit_callbacks)
    assert FeedbackItem.objects.count() == 0  # ...and gone with it
    batch.refresh_from_db()
    assert batch.status == B.READY


def test_the_same_file_twice_creates_nothing_new_and_says_when_it_was_imported(
        world, session, as_group, django_capture_on_commit_callbacks):
    rows = [feedback_row(session, text=f"Row {n}") for n in range(3)]
    _upload(as_group, csv_file(rows), django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    _import(as_group, batch, django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert FeedbackItem.objects.count() == 3

    response = _upload(as_group, csv_file(rows, name="same-again.csv"), django_capture_on_commit_callbacks)
    assert response.url == reverse("engagement:import_detail", args=[batch.pk])
    assert ImportBatch.objects.count() == 1 and FeedbackItem.objects.count() == 3
    page = as_group.get(response.url).content.decode()
    assert "This file was already imported on" in page and "Nothing new was created" in page


def test_the_same_file_checked_twice_before_either_import_is_imported_once(
        world, session, as_group, django_capture_on_commit_callbacks):
    rows = [feedback_row(session, text=f"Row {n}") for n in range(3)]
    _upload(as_group, csv_file(rows), django_capture_on_commit_callbacks)
    _upload(as_group, csv_file(rows), django_capture_on_commit_callbacks)
    first, second = ImportBatch.objects.order_by("pk")
    assert first.status == second.status == B.READY
    _import(as_group, second, django_capture_on_commit_callbacks)
    _import(as_group, first, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert first.status == B.ALREADY and "already imported" in first.message
    assert FeedbackItem.objects.count() == 3


def test_an_xlsx_of_the_same_rows_is_a_different_file(world, session, as_group, django_capture_on_commit_callbacks):
    rows = [feedback_row(session, text="Only once?")]
    for upload in (csv_file(rows), xlsx_file(rows)):
        _upload(as_group, upload, django_capture_on_commit_callbacks)
        _import(as_group, ImportBatch.objects.latest("pk"), django_capture_on_commit_callbacks)
    assert FeedbackItem.objects.count() == 2  # the volunteer saw both checks and chose to import both


def test_a_safeguarding_row_is_emailed_once_to_the_host(world, session, as_group, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    rows = [feedback_row(session, text="My neighbour is not being fed", safeguarding="Yes"), feedback_row(session)]
    _upload(as_group, csv_file(rows), django_capture_on_commit_callbacks)
    _import(as_group, ImportBatch.objects.get(), django_capture_on_commit_callbacks)
    flagged = FeedbackItem.objects.get(safeguarding=True)
    assert flagged.safeguarding_notified_at is not None
    assert len(mailoutbox) == 1 and mailoutbox[0].subject == "A safeguarding concern was logged"
    assert "not being fed" not in mailoutbox[0].body and session.reference in mailoutbox[0].body


def test_answers_are_imported_one_response_per_row(world, as_group, django_capture_on_commit_callbacks):
    qs = make_question_set(world.host, created_by=world.host_staff)
    session = make_session(make_active(world), created_by=world.group_member, question_set=qs)
    yes_no, agreement, single, free = qs.questions.all()
    headings = ["Session", "Person", "Q1", "Q2", "Q3", "Q4"]
    rows = [[session.reference, 1, "yes", 4, "Online", "Kind"], [session.reference, 2, "No", "", "", ""]]
    _upload(as_group, xlsx_file(rows, headings), django_capture_on_commit_callbacks, kind="answers", set=qs.pk)
    batch = ImportBatch.objects.get()
    assert batch.status == B.READY, list(batch.problems.values_list("message", flat=True))
    _import(as_group, batch, django_capture_on_commit_callbacks)
    assert Response.objects.filter(session=session, import_batch=batch).count() == 2
    answers = {(a.question_id, a.choice, a.text) for a in Answer.objects.filter(response__import_batch=batch)}
    online = str(single.options.get(label="Online").pk)
    assert answers == {(yes_no.pk, "yes", ""), (agreement.pk, "4", ""), (single.pk, online, ""),
                       (free.pk, "", "Kind"), (yes_no.pk, "no", "")}
    assert SessionEvent.objects.get(session=session, kind="imported").note == (
        "2 people's answers imported from paper-forms.xlsx")


def test_a_session_submitted_between_the_check_and_the_import_refuses_its_rows(
        world, session, as_group, django_capture_on_commit_callbacks):
    other = make_session(session.grant, created_by=world.group_member, title="Still a draft")
    _upload(as_group, csv_file([feedback_row(session), feedback_row(other)]), django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert batch.status == B.READY
    session.status = "submitted"
    session.save(update_fields=["status"])
    _import(as_group, batch, django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert batch.status == B.PROBLEMS
    assert list(batch.problems.values_list("row", "column", "message")) == [
        (2, "Session", "This session has been submitted. To change it, ask your host staff.")]
    assert FeedbackItem.objects.count() == 0  # not even the draft session's row

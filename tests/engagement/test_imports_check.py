"""The check names every problem by row and column, says what is allowed, and saves nothing."""
from __future__ import annotations

import pytest
from django.urls import reverse

from engagement.models import FeedbackItem, ImportBatch, Response
from tests.engagement.factories import make_question_set, make_session
from tests.engagement.import_files import FEEDBACK_HEADINGS, csv_file, feedback_row, xlsx_file
from tests.grants.factories import make_active


@pytest.fixture
def session(world):
    return make_session(make_active(world), created_by=world.group_member)


def _check(client, upload, capture, kind="feedback", **extra):
    with capture(execute=True):
        response = client.post(reverse("engagement:import_upload", kwargs={"kind": kind}), {"file": upload, **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.latest("pk")
    return batch, {(p.row, p.column): (p.message, p.allowed) for p in batch.problems.all()}


def test_every_kind_of_feedback_problem_is_named_by_row_and_column(world, session, as_group,
                                                                   django_capture_on_commit_callbacks):
    rows = [
        feedback_row(session),                                      # row 2: fine
        feedback_row(session, service="Dentist"),                   # 3: not an allowed service
        feedback_row(session, text=""),                             # 4: nothing said
        feedback_row(session, sentiment="", consent="Maybe"),       # 5: missing sentiment, unknown consent
        ["", "Words", "GP", "Positive", "May be quoted", "", "", ""],  # 6: no session
        feedback_row(session, age="Ancient", ethnic="Martian", safeguarding="Perhaps"),  # 7
        feedback_row(session, text="x" * 5001),                     # 8: too long
        ["", "", "", "", "", "", "", ""],                           # 9: empty, skipped
        feedback_row(session, consent="internal only", service="a&e"),  # 10: case and labels do not matter
    ]
    batch, problems = _check(as_group, csv_file(rows), django_capture_on_commit_callbacks)
    assert batch.status == ImportBatch.Status.PROBLEMS and batch.row_count == 8
    assert problems[3, "Service"] == ("'Dentist' is not one of the allowed values.",
                                      "One of: GP; Hospital; A&E; Mental health; Maternity; Pharmacy; Dental; "
                                      "Social care; Community services; NHS 111; Other")
    assert problems[4, "What was said"][0] == "What was said is missing."
    assert problems[5, "Sentiment"][0] == "Sentiment is missing."
    assert problems[5, "Consent"] == ("'Maybe' is not one of the allowed values.",
                                      "One of: May be quoted; Anonymised only; Internal only")
    assert problems[6, "Session"][0] == "The session's reference is missing."
    assert problems[7, "Age band"][1].endswith("(or leave it empty)")
    assert (7, "Ethnic group") in problems and (7, "Safeguarding concern") in problems
    assert problems[8, "What was said"] == ("This is 5,001 characters long.", "The person's words, up to 5,000 characters")
    assert {row for row, _ in problems} == {3, 4, 5, 6, 7, 8}
    assert batch.problem_count == 9
    assert FeedbackItem.objects.count() == 0


def test_headings_missing_unknown_or_repeated_are_named_on_row_1(world, session, as_group,
                                                                 django_capture_on_commit_callbacks):
    headings = ["Session", "What was said", "Service", "Sentiment", "Notes", "Sentiment"]
    _, problems = _check(as_group, csv_file([[session.reference, "Hi", "GP", "Positive", "", ""]], headings),
                             django_capture_on_commit_callbacks)
    assert problems[1, "Consent"] == ("This column is missing.", "A column headed 'Consent'")
    assert problems[1, "Notes"][0].startswith("This column is not in the template")
    assert problems[1, "Sentiment"] == ("This heading appears twice.", "Each column once")


def test_another_groups_session_reads_as_no_such_session(world, as_other_group, session,
                                                         django_capture_on_commit_callbacks):
    """Omar's group cannot import into Grace's session, and is not told that it exists."""
    _, problems = _check(as_other_group, csv_file([feedback_row(session), [
        "GR-1999-0000-S9", "Words", "GP", "Positive", "May be quoted", "", "", ""]]),
        django_capture_on_commit_callbacks)
    assert problems[2, "Session"] == problems[3, "Session"] == (
        "There is no session with this reference that you can import into",
        "The session's reference, shown on the session's page, for example GR-2026-0001-S3")


def test_a_submitted_session_takes_rows_from_host_staff_but_not_from_the_group(
        world, session, as_group, as_host, django_capture_on_commit_callbacks):
    session.status = "submitted"
    session.save(update_fields=["status"])
    _, problems = _check(as_group, csv_file([feedback_row(session)]), django_capture_on_commit_callbacks)
    assert problems[2, "Session"][0] == "This session has been submitted. To change it, ask your host staff."
    batch, problems = _check(as_host, csv_file([feedback_row(session)], name="host.csv"),
                             django_capture_on_commit_callbacks)
    assert problems == {} and batch.status == ImportBatch.Status.READY and batch.as_staff


def test_a_file_that_is_not_utf8_is_one_problem_saying_how_to_save_it(world, session, as_group,
                                                                      django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile
    latin1 = ",".join(FEEDBACK_HEADINGS).encode() + b"\r\n" + f"{session.reference},Caf\xe9,GP".encode("latin-1")
    _, problems = _check(as_group, SimpleUploadedFile("forms.csv", latin1), django_capture_on_commit_callbacks)
    assert list(problems) == [(0, "")]
    assert "UTF-8" in problems[0, ""][0] and "line 2" in problems[0, ""][0]


def test_a_csv_without_a_byte_order_mark_and_with_semicolons_reads_the_same(world, session, as_group,
                                                                           django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile
    content = ";".join(FEEDBACK_HEADINGS) + "\n" + ";".join(str(v) for v in feedback_row(session)) + "\n"
    batch, problems = _check(as_group, SimpleUploadedFile("forms.csv", content.encode()),
                             django_capture_on_commit_callbacks)
    assert problems == {} and batch.row_count == 1


def test_every_kind_of_answer_problem_is_named(world, as_group, django_capture_on_commit_callbacks):
    qs = make_question_set(world.host, created_by=world.host_staff)
    session = make_session(make_active(world), created_by=world.group_member, question_set=qs)
    other = make_session(session.grant, created_by=world.group_member)  # uses no question set
    headings = ["Session", "Person", "Q1 Could you get an appointment?", "Q2 Staff treated me with respect",
                "Q3 How did you book?", "Q4 Anything else?", "Q9 Not a question"]
    rows = [
        [session.reference, "1", "Yes", "Strongly agree", "phone", "Kind staff", ""],   # 2: fine
        [session.reference, "1", "No", "", "", "", ""],                                 # 3: person 1 again
        [session.reference, "x", "Maybe", "7", "Fax", "", ""],                           # 4: four problems
        [other.reference, "", "Yes", "", "", "", ""],                                   # 5: not this set
        [session.reference, "", "", "", "", "", ""],                                    # 6: no answers
    ]
    batch, problems = _check(as_group, xlsx_file(rows, headings), django_capture_on_commit_callbacks,
                             kind="answers", set=qs.pk)
    assert problems[1, "Q9 Not a question"][0].startswith("This column is not in the template")
    assert problems[3, "Person"] == ("Person 1 of this session is already on row 2.", "Each person once per session")
    assert problems[4, "Person"][0] == "'x' is not a whole number."
    assert problems[4, "Q1 Could you get an appointment?"] == ("'Maybe' is not one of the choices.",
                                                               "One of: Yes; No (or leave it empty)")
    assert problems[4, "Q2 Staff treated me with respect"][0] == "'7' is not one of the choices."
    assert problems[4, "Q3 How did you book?"][1] == "One of: Phone; Online; In person (or leave it empty)"
    assert problems[5, "Session"][0] == f"This session does not use the question set '{qs.name}'."
    assert problems[6, "Answers"][0] == "This row has no answers."
    assert (2, "Session") not in problems and Response.objects.filter(import_batch=batch).count() == 0

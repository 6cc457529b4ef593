"""The import pages: the template and its allowed values, uploads refused with a reason, who sees what."""
from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from engagement.models import ImportBatch, ImportProblem
from tests.engagement.factories import make_import_batch, make_question_set, make_session
from tests.engagement.import_files import FEEDBACK_HEADINGS, csv_file
from tests.grants.factories import make_active

UPLOAD = reverse("engagement:import_upload", kwargs={"kind": "feedback"})


def test_the_page_lists_every_column_and_its_allowed_values(world, as_group):
    session = make_session(make_active(world), created_by=world.group_member, title="Tuesday lunch")
    page = as_group.get(UPLOAD).content.decode()
    for text in ("What was said", "Mental health", "May be quoted", "Internal only", "75 and over",
                 "Gypsy or Irish Traveller", "Safeguarding concern", "Prefer not to say", session.reference):
        assert text in page, text


def test_the_csv_template_has_the_headings(as_group):
    response = as_group.get(reverse("engagement:import_template", kwargs={"kind": "feedback", "fmt": "csv"}))
    assert response["Content-Disposition"] == 'attachment; filename="feedback-template.csv"'
    assert next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == FEEDBACK_HEADINGS


def test_the_xlsx_template_lists_allowed_values_and_offers_them_as_drop_downs(world, as_group):
    session = make_session(make_active(world), created_by=world.group_member)
    response = as_group.get(reverse("engagement:import_template", kwargs={"kind": "feedback", "fmt": "xlsx"}))
    book = load_workbook(io.BytesIO(response.content))
    sheet, allowed = book["Feedback"], book["Allowed values"]
    assert [c.value for c in sheet[1]] == FEEDBACK_HEADINGS
    columns = {col[0].value: [c.value for c in col[1:] if c.value] for col in allowed.iter_cols()}
    assert columns["Session"] == [session.reference]
    assert columns["Service"][:3] == ["GP", "Hospital", "A&E"]
    assert columns["Consent"] == ["May be quoted", "Anonymised only", "Internal only"]
    assert columns["Safeguarding concern"] == ["Yes", "No"]
    rules = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert rules["C2:C5001"] == "='Allowed values'!$B$2:$B$12"  # Service: the 11 services


def test_the_answers_template_has_a_column_per_question(world, as_group):
    qs = make_question_set(world.host, created_by=world.host_staff)
    make_session(make_active(world), created_by=world.group_member, question_set=qs)
    assert "How was your GP visit?" in as_group.get(reverse("engagement:import_upload",
                                                            kwargs={"kind": "answers"})).content.decode()
    response = as_group.get(reverse("engagement:import_template", kwargs={"kind": "answers", "fmt": "csv"}),
                            {"set": qs.pk})
    assert response.content.decode("utf-8-sig").splitlines()[0] == (
        "Session,Person,Q1 Could you get an appointment?,Q2 Staff treated me with respect,Q3 How did you book?,"
        "Q4 Anything else?")
    page = as_group.get(reverse("engagement:import_upload", kwargs={"kind": "answers"}), {"set": qs.pk})
    assert "Strongly agree" in page.content.decode() and "In person" in page.content.decode()


def _refused(client, upload) -> str:
    response = client.post(UPLOAD, {"file": upload})
    assert response.status_code == 400
    assert ImportBatch.objects.count() == 0
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_file"' in page
    return page


def test_an_upload_of_the_wrong_type_is_refused_with_a_reason(world, as_group):
    page = _refused(as_group, SimpleUploadedFile("forms.pdf", b"%PDF-1.7 ..."))
    assert "must be a CSV file (UTF-8) or an Excel workbook (XLSX), ending .csv or .xlsx" in page
    page = _refused(as_group, SimpleUploadedFile("forms.xlsx", b"Session,What was said\n"))
    assert "is not a real Excel (XLSX) workbook" in page
    page = _refused(as_group, SimpleUploadedFile("forms.csv", b"PK\x03\x04 a workbook really"))
    assert "is not a CSV file" in page
    assert "The selected file is empty" in _refused(as_group, SimpleUploadedFile("forms.csv", b""))
    assert "Select the file to upload" in as_group.post(UPLOAD, {}).content.decode()


def test_an_upload_too_large_is_refused_with_the_limit(world, as_group, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    page = _refused(as_group, SimpleUploadedFile("forms.csv", b"Session\n" + b"x" * (1024 * 1024)))
    assert "must be smaller than 1.0\xa0MB" in page


def test_a_commissioner_cannot_import(as_commissioner):
    assert as_commissioner.get(UPLOAD).status_code == 403
    assert as_commissioner.post(UPLOAD, {"file": csv_file([])}).status_code == 403


def test_another_group_sees_nothing_of_a_batch(world, as_other_group, as_group):
    batch = make_import_batch(world)
    for name in ("engagement:import_detail", "engagement:import_status"):
        assert as_other_group.get(reverse(name, args=[batch.pk])).status_code == 404
        assert as_group.get(reverse(name, args=[batch.pk])).status_code == 200
    assert as_other_group.post(reverse("engagement:import_confirm", args=[batch.pk])).status_code == 404


def test_the_problems_are_paginated_with_counts_in_a_fixed_number_of_queries(world, as_group,
                                                                             django_assert_max_num_queries):
    batch = make_import_batch(world)
    ImportProblem.objects.bulk_create([ImportProblem(batch=batch, row=n, column="Consent", message=f"Problem {n}",
                                                     allowed="One of: May be quoted") for n in range(4, 124)])
    ImportBatch.objects.filter(pk=batch.pk).update(problem_count=121)
    url = reverse("engagement:import_detail", args=[batch.pk])
    with django_assert_max_num_queries(9):
        page = as_group.get(url).content.decode()
    assert "We found 121 problems in 3 rows" in page
    assert "Consent: 120 problems" in page and "Service: 1 problem" in page
    assert "Problem 52" in page and "Problem 53" not in page  # 50 a page in row order: row 3, then 4 to 52
    with django_assert_max_num_queries(9):
        page = as_group.get(url, {"page": 3}).content.decode()
    assert "Problem 123" in page and "Problem 52" not in page


def test_the_status_says_how_far_the_job_has_got(world, as_group):
    batch = make_import_batch(world, status="checking")
    data = as_group.get(reverse("engagement:import_status", args=[batch.pk])).json()
    assert data == {"status": "checking", "status_label": "Being checked", "progress": 0, "message": "",
                    "finished": False}
    page = as_group.get(reverse("engagement:import_detail", args=[batch.pk])).content.decode()
    assert "We are checking every row" in page and "data-import-progress" in page


def test_the_start_page_lists_recent_imports(world, as_group):
    make_import_batch(world)
    page = as_group.get(reverse("engagement:import_start")).content.decode()
    assert "paper-forms.csv" in page and "Has problems" in page

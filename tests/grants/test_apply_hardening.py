"""Bad input on the application pages gets a clear message and loses nothing the group typed."""
from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.uploads import MAX_NAME_BYTES
from tests.grants.factories import PDF_BYTES, make_draft, section_url


def test_an_email_address_too_long_for_its_column_is_refused_on_the_page(world, as_group):
    application = make_draft(world, complete=False)
    email = "a" * 250 + "@example.org"
    response = as_group.post(section_url(application, "group"), {"contact_name": "Grace", "contact_email": email,
                                                                   "draft": "1"})
    assert response.status_code == 400
    assert "Contact email address must be 254 characters or fewer" in response.content.decode()
    application.refresh_from_db()
    assert application.contact_name == "Grace"


def _upload(client, application, name: str):
    doc = world_doc = application.round.required_documents.get()
    del world_doc
    return client.post(reverse("grants:application_documents", args=[application.pk]), {
        "required_document": str(doc.pk), "file": SimpleUploadedFile(name, PDF_BYTES, "application/pdf")})


def test_a_long_multi_byte_file_name_is_cut_by_bytes_and_keeps_its_extension(world, as_group):
    application = make_draft(world, complete=False)
    response = _upload(as_group, application, "日" * 250 + ".pdf")
    assert response.status_code == 302
    doc = application.documents.get()
    assert doc.original_name.endswith(".pdf")
    assert len(doc.original_name.encode()) <= MAX_NAME_BYTES
    assert doc.file.read().startswith(b"%PDF")


def test_a_forged_budget_management_form_says_what_is_wrong(world, as_group):
    application = make_draft(world, complete=False)
    response = as_group.post(reverse("grants:application_budget", args=[application.pk]), {
        "lines-0-description": "Food", "lines-0-amount": "100", "amount_requested": "100", "continue": "1"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Your budget could not be read, so nothing was saved" in page
    assert page.count("govuk-error-summary__list") == 1


def _activity(**dates: str) -> dict[str, str]:
    data = {"title": "Chai and chat", "summary": "Tea and talk", "activity_description": "We listen.",
            "start_date_0": "31", "start_date_1": "2", "start_date_2": "2026",
            "end_date_0": "30", "end_date_1": "11", "end_date_2": "2026", "draft": "1"}
    data.update(dates)
    return data


def test_an_impossible_date_keeps_every_valid_answer_and_the_typed_date(world, as_group):
    application = make_draft(world, complete=False)
    url = section_url(application, "activity")
    response = as_group.post(url, _activity())
    page = response.content.decode()
    assert response.status_code == 400
    assert "Start date must be a real date" in page
    assert "day is out of range" not in page
    application.refresh_from_db()
    assert application.title == "Chai and chat" and application.end_date == date(2026, 11, 30)
    # Leaving and coming back shows what was typed, with the error, not an empty date.
    again = as_group.get(url).content.decode()
    assert 'value="31"' in again and "Start date must be a real date" in again


def test_the_task_list_says_not_started_until_the_group_has_saved_a_prefilled_section(world, as_group):
    application = make_draft(world, complete=False)
    tasks = reverse("grants:application_tasks", args=[application.pk])
    page = as_group.get(tasks).content.decode()
    assert 'id="task-group-status">\n          <strong class="govuk-tag govuk-tag--blue">Not yet started' in page
    assert "Completed" not in page
    as_group.post(section_url(application, "group"), {
        "contact_name": "Grace", "contact_email": "grace@example.org", "group_description": "Lunch club",
        "continue": "1"})
    assert 'id="task-group-status">\n          Completed' in as_group.get(tasks).content.decode()


def test_save_and_continue_on_an_empty_section_stays_and_says_what_is_missing(world, as_group):
    application = make_draft(world, complete=False)
    response = as_group.post(section_url(application, "sessions"), {"continue": "1"})
    assert response.status_code == 400
    assert "Enter number of sessions" in response.content.decode()


def test_change_on_check_your_answers_returns_to_check_your_answers(world, as_group):
    application = make_draft(world)
    check = reverse("grants:application_check", args=[application.pk])
    change = section_url(application, "communities") + "?return=check"
    assert change in as_group.get(check).content.decode()
    response = as_group.post(change, {"communities": "Somali women", "continue": "1"})
    assert response["Location"] == check


def test_every_one_line_text_field_in_the_grant_forms_is_bounded_by_its_column():
    """A CharField or EmailField without a length lets a long answer reach the database as a DataError."""
    import inspect

    from django import forms

    from grants.forms import apply as apply_forms
    from grants.forms import grant as grant_forms
    from grants.models import Application

    for module in (apply_forms, grant_forms):
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                continue
            for field_name, field in form.base_fields.items():
                if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea):
                    assert field.max_length, f"{name}.{field_name} has no max_length"
    for name in ("contact_name", "contact_email", "contact_phone", "title", "summary"):
        form_field = apply_forms.SECTION_FORMS["group" if name.startswith("contact") else "activity"].base_fields[name]
        assert form_field.max_length == Application._meta.get_field(name).max_length, name

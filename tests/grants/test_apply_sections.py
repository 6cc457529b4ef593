from datetime import date

from django.urls import reverse

from grants.services import applications as app_services
from tests.grants.factories import make_draft, make_submitted, section_url


def test_the_task_list_shows_each_sections_status(world, as_group):
    application = make_draft(world, complete=False)
    as_group.post(section_url(application, "communities"), {"communities": "Somali women", "draft": "1"})
    page = as_group.get(reverse("grants:application_tasks", args=[application.pk])).content.decode()
    assert 'class="govuk-task-list"' in page
    assert "govuk-task-list__status" in page
    assert "Not yet started" in page and "Completed" in page


def test_a_section_saves_a_partial_draft(world, as_group):
    application = make_draft(world, complete=False)
    response = as_group.post(section_url(application, "activity"), {
        "title": "Chai and chat", "summary": "", "activity_description": "",
        "start_date_0": "", "start_date_1": "", "start_date_2": "",
        "end_date_0": "", "end_date_1": "", "end_date_2": "", "draft": "1"})
    assert response["Location"] == reverse("grants:application_tasks", args=[application.pk])
    application.refresh_from_db()
    assert application.title == "Chai and chat"
    assert application.start_date is None


def test_save_and_continue_goes_to_the_next_section(world, as_group):
    application = make_draft(world, complete=False)
    response = as_group.post(section_url(application, "communities"), {"communities": "Somali women", "continue": "1"})
    assert response["Location"] == section_url(application, "sessions")
    application.refresh_from_db()
    assert application.communities == "Somali women"


def test_dates_are_saved_from_day_month_year(world, as_group):
    application = make_draft(world, complete=False)
    as_group.post(section_url(application, "activity"), {
        "title": "T", "start_date_0": "1", "start_date_1": "6", "start_date_2": "2026",
        "end_date_0": "30", "end_date_1": "11", "end_date_2": "2026"})
    application.refresh_from_db()
    assert application.start_date == date(2026, 6, 1) and application.end_date == date(2026, 11, 30)


def test_an_end_before_the_start_is_refused_the_text_kept_and_the_valid_answers_saved(world, as_group):
    application = make_draft(world, complete=False)
    response = as_group.post(section_url(application, "activity"), {
        "title": "Keep this title", "start_date_0": "1", "start_date_1": "6", "start_date_2": "2026",
        "end_date_0": "1", "end_date_1": "5", "end_date_2": "2026"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "End date must be the same as or after the start date" in page
    assert "Keep this title" in page
    application.refresh_from_db()
    assert application.title == "Keep this title"
    assert application.end_date is None


def test_numbers_and_email_are_checked(world, as_group):
    application = make_draft(world, complete=False)
    page = as_group.post(section_url(application, "sessions"), {"planned_sessions": "six"}).content.decode()
    assert "Number of sessions must be a whole number" in page
    page = as_group.post(section_url(application, "group"), {"contact_email": "not-an-email"}).content.decode()
    assert "Enter an email address in the right format" in page


def test_a_submitted_application_cannot_be_edited(world, as_group):
    application = make_submitted(world)
    response = as_group.post(section_url(application, "communities"), {"communities": "Changed"})
    assert response["Location"] == reverse("grants:application_detail", args=[application.pk])
    application.refresh_from_db()
    assert application.communities != "Changed"


def test_an_unknown_section_is_not_found(world, as_group):
    application = make_draft(world, complete=False)
    assert as_group.get(section_url(application, "secrets")).status_code == 404


def test_a_returned_application_shows_the_staff_message(world, as_group):
    application = make_submitted(world)
    app_services.application_return(actor=world.host_staff, application=application,
                                    message="Please add a line for interpreters.")
    page = as_group.get(reverse("grants:application_tasks", args=[application.pk])).content.decode()
    assert "govuk-notification-banner" in page
    assert "Please add a line for interpreters." in page

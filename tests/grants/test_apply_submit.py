from django.urls import reverse

from grants.models import Application, ApplicationVersion
from grants.services import applications as app_services
from tests.grants.factories import make_draft, make_submitted


def test_the_check_page_lists_answers_with_change_links(world, as_group):
    application = make_draft(world)
    page = as_group.get(reverse("grants:application_check", args=[application.pk])).content.decode()
    assert "Lunch and listen" in page and "£2,400.00" in page and "1 June 2026" in page
    assert reverse("grants:application_section", args=[application.pk, "activity"]) in page


def test_submitting_twice_sends_once(world, as_group, mailoutbox, django_capture_on_commit_callbacks):
    application = make_draft(world)
    url = reverse("grants:application_submit", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = as_group.post(url)
        second = as_group.post(url)
    assert first["Location"] == second["Location"] == reverse("grants:application_submitted", args=[application.pk])
    assert ApplicationVersion.objects.filter(application=application).count() == 1
    assert len(mailoutbox) == 1
    page = as_group.get(first["Location"]).content.decode()
    assert "govuk-panel--confirmation" in page and application.reference in page


def test_problems_are_shown_and_the_application_stays_a_draft(world, as_group):
    application = make_draft(world, complete=False)
    response = as_group.post(reverse("grants:application_submit", args=[application.pk]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "You cannot send your application yet" in page
    assert "Give your activity a title, a summary and a description." in page
    assert reverse("grants:application_budget", args=[application.pk]) in page
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_the_detail_page_shows_the_timeline(world, as_group):
    application = make_submitted(world)
    page = as_group.get(reverse("grants:application_detail", args=[application.pk])).content.decode()
    assert "app-timeline" in page and "Draft → Submitted" in page and "Grace Member" in page


def test_a_returned_application_is_changed_and_resubmitted_keeping_both_versions(world, as_group, as_host):
    application = make_submitted(world)
    app_services.application_return(actor=world.host_staff, application=application, message="Say more.")
    detail = as_group.get(reverse("grants:application_detail", args=[application.pk])).content.decode()
    assert "Make changes" in detail
    as_group.post(reverse("grants:application_section", args=[application.pk, "communities"]),
                  {"communities": "Older Caribbean and Somali residents"})
    as_group.post(reverse("grants:application_submit", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED and application.versions.count() == 2
    for client in (as_group, as_host):
        page = client.get(reverse("grants:application_versions", args=[application.pk])).content.decode()
        assert "Older Caribbean residents of Brixton, many living alone." in page
        assert "Older Caribbean and Somali residents" in page

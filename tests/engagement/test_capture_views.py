"""The capture page and its save, edit and delete: plain forms, and JSON for the page's script."""
from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from engagement.models import FeedbackItem, Session
from tests.engagement.factories import make_item, make_session
from tests.grants.factories import make_active

JSON = {"HTTP_ACCEPT": "application/json"}


def _post_data(**changes):
    return {"client_id": str(uuid.uuid4()), "text": "The walk-in centre sent me home with nothing",
            "service": "community", "sentiment": "negative", "consent": "anonymised", "age_band": "",
            "ethnic_group": "", **changes}


@pytest.fixture
def session(world):
    return make_session(make_active(world), created_by=world.group_member)


def _urls(session, item):
    return [reverse("engagement:feedback_capture", kwargs={"pk": session.pk}),
            reverse("engagement:feedback_save", kwargs={"pk": session.pk}),
            reverse("engagement:feedback_edit", kwargs={"pk": item.pk}),
            reverse("engagement:feedback_delete", kwargs={"pk": item.pk})]


def test_another_group_and_a_commissioner_get_404_on_every_feedback_url(session, as_other_group, as_commissioner):
    item = make_item(session)
    for client in (as_other_group, as_commissioner):
        for url in _urls(session, item):
            assert client.get(url).status_code in (404, 405)  # the save takes POST only
            assert client.post(url, _post_data()).status_code in (404, 405)  # the capture page takes GET only
            assert client.post(url, _post_data(), **JSON).status_code in (404, 405)
    assert FeedbackItem.objects.count() == 1
    save = reverse("engagement:feedback_save", kwargs={"pk": session.pk})
    assert as_other_group.post(save, _post_data(), **JSON).status_code == 404


def test_a_plain_form_saves_and_comes_back_with_the_item_listed(session, as_group):
    response = as_group.post(reverse("engagement:feedback_save", kwargs={"pk": session.pk}), _post_data(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("engagement:feedback_capture", kwargs={"pk": session.pk})
    page = response.content.decode()
    assert "The walk-in centre sent me home with nothing" in page
    assert "Feedback saved" in page
    assert FeedbackItem.objects.get().consent == "anonymised"


def test_bad_input_shows_the_error_summary_and_keeps_what_was_typed(session, as_group):
    response = as_group.post(reverse("engagement:feedback_save", kwargs={"pk": session.pk}),
                             _post_data(service="", consent=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and page.count("<title>Error: ") == 1
    assert "Select which service it is about" in page and "Select what they agreed to" in page
    assert "The walk-in centre sent me home with nothing" in page
    assert not FeedbackItem.objects.exists()


def test_the_script_gets_json_and_a_retried_save_makes_one_item(session, as_group):
    url = reverse("engagement:feedback_save", kwargs={"pk": session.pk})
    data = _post_data()
    first = as_group.post(url, data, **JSON).json()
    second = as_group.post(url, data, **JSON).json()
    assert first["ok"] and second["ok"] and first["id"] == second["id"]
    assert first["client_id"] == data["client_id"]
    assert FeedbackItem.objects.count() == 1
    bad = as_group.post(url, _post_data(sentiment=""), **JSON)
    assert bad.status_code == 400 and bad.json()["errors"]["sentiment"][0]["message"] == "Select how they felt about it"


def test_an_expired_sign_in_answers_json_401_to_the_script(session):
    response = Client().post(reverse("engagement:feedback_save", kwargs={"pk": session.pk}), _post_data(), **JSON)
    assert response.status_code == 401
    assert response.json()["error"] == "signed_out"
    assert not FeedbackItem.objects.exists()


def test_without_the_script_a_signed_out_save_is_kept_and_shown_after_signing_in(world, session):
    client = Client()
    capture = reverse("engagement:feedback_capture", kwargs={"pk": session.pk})
    response = client.post(reverse("engagement:feedback_save", kwargs={"pk": session.pk}), _post_data())
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert f"next={capture}" in response.url.replace("%2F", "/")
    client.force_login(world.group_member, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(capture).content.decode()
    assert "The walk-in centre sent me home with nothing" in page
    assert "we kept what you typed" in page


def test_once_submitted_the_group_reads_items_and_is_told_changes_go_through_staff(session, as_group, as_host):
    item = make_item(session, text="Reception were rude")
    Session.objects.filter(pk=session.pk).update(status=Session.Status.SUBMITTED)
    capture = reverse("engagement:feedback_capture", kwargs={"pk": session.pk})
    page = as_group.get(capture).content.decode()
    assert "Reception were rude" in page
    assert "ask your host staff" in page
    assert 'name="text"' not in page and reverse("engagement:feedback_edit", kwargs={"pk": item.pk}) not in page
    refused = as_group.post(reverse("engagement:feedback_save", kwargs={"pk": session.pk}), _post_data(), **JSON)
    assert refused.status_code == 403 and "ask your host staff" in refused.json()["message"]
    edit = as_group.post(reverse("engagement:feedback_edit", kwargs={"pk": item.pk}), _post_data(text="Changed"))
    assert edit.status_code == 302
    assert FeedbackItem.objects.get().text == "Reception were rude"

    staff_page = as_host.get(capture).content.decode()
    assert 'name="text"' in staff_page
    response = as_host.post(reverse("engagement:feedback_edit", kwargs={"pk": item.pk}),
                            _post_data(text="Reception were rude to my mother"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "Reception were rude to my mother"
    assert FeedbackItem.objects.count() == 1  # the edit kept the item's own id, whatever the form sent


def test_delete_asks_first_then_deletes(session, as_group):
    item = make_item(session, text="Long wait for the dentist")
    url = reverse("engagement:feedback_delete", kwargs={"pk": item.pk})
    page = as_group.get(url).content.decode()
    assert "Delete this feedback?" in page and "Long wait for the dentist" in page
    assert FeedbackItem.objects.exists()
    assert as_group.post(url).status_code == 302
    assert not FeedbackItem.objects.exists()


def test_the_capture_page_asks_a_fixed_number_of_queries(session, as_group, django_assert_max_num_queries):
    for n in range(30):
        make_item(session, text=f"Item {n}")
    with django_assert_max_num_queries(15):
        response = as_group.get(reverse("engagement:feedback_capture", kwargs={"pk": session.pk}))
    assert response.content.decode().count("app-feedback-item\"") == 30


def test_a_tampered_client_id_is_refused_not_a_server_error(session, as_group):
    url = reverse("engagement:feedback_save", kwargs={"pk": session.pk})
    assert as_group.post(url, _post_data(client_id="not-a-uuid"), **JSON).status_code == 400
    assert as_group.post(url, _post_data(client_id="x" * 5000)).status_code == 200  # the page, with the error
    assert not FeedbackItem.objects.exists()

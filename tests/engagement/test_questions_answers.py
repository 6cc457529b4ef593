"""A session's set and each person's answers: chosen and entered by the group while the session is a draft, or by
host staff; one page per person with every question; list, change and delete."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from engagement.models import Answer, Response, Session, SessionEvent
from tests.engagement.factories import make_question_set, make_session
from tests.engagement.question_data import full_set, option, paper, person, questions
from tests.grants.factories import make_active, make_other_host


@pytest.fixture
def question_set(world):
    return full_set(world)


@pytest.fixture
def session(world, question_set):
    return make_session(make_active(world), created_by=world.group_member, attendance=5, question_set=question_set)


def _url(name, session, *args):
    return reverse(f"engagement:{name}", args=[session.pk, *args])


# --- Choosing the set ----------------------------------------------------------------------------------------------

def test_the_group_chooses_a_set_of_its_host_while_the_session_is_a_draft(world, as_group, question_set):
    session = make_session(make_active(world), created_by=world.group_member)
    elsewhere, elsewhere_staff, _, _ = make_other_host(world)
    elsewhere_set = make_question_set(elsewhere, created_by=elsewhere_staff, name="Not ours")
    page = as_group.get(_url("session_question_set", session)).content.decode()
    assert question_set.name in page and "Not ours" not in page
    response = as_group.post(_url("session_question_set", session), {"question_set": elsewhere_set.pk})
    assert response.status_code == 400
    as_group.post(_url("session_question_set", session), {"question_set": question_set.pk})
    session.refresh_from_db()
    assert session.question_set == question_set
    assert SessionEvent.objects.filter(session=session, note__contains=question_set.name).exists()


def test_a_submitted_session_or_one_with_answers_keeps_its_set(world, as_group, as_host, session, question_set):
    other = full_set(world, name="Pharmacy")
    person(session, yes_no="yes")
    page = as_group.get(_url("session_question_set", session)).content.decode()
    assert "already has answers to its question set" in page
    assert as_host.post(_url("session_question_set", session), {"question_set": other.pk}).status_code == 403
    Response.objects.filter(session=session).delete()
    Session.objects.filter(pk=session.pk).update(status=Session.Status.SUBMITTED)
    assert as_group.post(_url("session_question_set", session), {"question_set": other.pk}).status_code == 403
    as_host.post(_url("session_question_set", session), {"question_set": other.pk})
    session.refresh_from_db()
    assert session.question_set == other  # host staff change a submitted session


# --- One person's answers ------------------------------------------------------------------------------------------

def _answers_post(session, **extra):
    qs = questions(session.question_set)
    data = {f"q_{qs['yes_no'].pk}": "yes", f"q_{qs['agreement'].pk}": "4",
            f"q_{qs['single'].pk}": option(qs["single"], "Online"),
            f"q_{qs['multiple'].pk}": [option(qs["multiple"], "App"), option(qs["multiple"], "111")],
            f"q_{qs['number'].pk}": "12", f"q_{qs['text'].pk}": "Waited two weeks"}
    data.update(extra)
    return data


def test_every_question_is_on_one_page_with_the_right_inputs(as_group, session):
    page = as_group.get(_url("response_add", session)).content.decode()
    qs = questions(session.question_set)
    assert page.count('type="radio"') == 2 + 5 + 3  # yes/no, the agreement scale, single choice
    assert page.count('type="checkbox"') == 3
    assert f'name="q_{qs["number"].pk}"' in page and 'inputmode="decimal"' in page
    assert "<textarea" in page and "Save and add another person" in page
    assert "Strongly disagree" in page


def test_save_and_add_another_person(world, as_group, session):
    response = as_group.post(_url("response_add", session), {**_answers_post(session), "next": "another"})
    assert response.url == _url("response_add", session)
    saved = Response.objects.get(session=session)
    assert sorted(a.question.kind for a in saved.answers.all()) == [
        "agreement", "multiple", "multiple", "number", "single", "text", "yes_no"]
    assert SessionEvent.objects.filter(session=session, note="Answers added for one person").exists()
    response = as_group.post(_url("response_add", session), {f"q_{questions(session.question_set)['yes_no'].pk}": "no",
                                                             "next": "done"})
    assert response.url == _url("session_answers", session)
    assert session.responses.count() == 2


def test_bad_answers_are_refused_naming_the_question_and_nothing_typed_is_lost(as_group, session):
    qs = questions(session.question_set)
    response = as_group.post(_url("response_add", session), _answers_post(
        session, **{f"q_{qs['number'].pk}": "about ten", f"q_{qs['single'].pk}": "999999"}))
    page = response.content.decode()
    assert response.status_code == 400
    assert "“How many days did you wait?” must be a number, like 3 or 2.5" in page
    assert "Select an answer to “How did you book?” from the list" in page
    assert "999999" not in page
    assert "Waited two weeks" in page and 'value="about ten"' in page
    assert not Response.objects.filter(session=session).exists()
    empty = as_group.post(_url("response_add", session), {"next": "done"})
    assert "Enter at least one answer" in empty.content.decode()


def test_never_more_people_than_took_part(as_group, session):
    paper(session, "yes_no", 3, yes=3, no=0)
    for _ in range(2):
        person(session, yes_no="no")
    response = as_group.post(_url("response_add", session), _answers_post(session))
    assert response.status_code == 400
    assert "5 people took part in this session and 5 people’s answers are already in" in response.content.decode()
    assert session.responses.count() == 2


def test_the_group_checks_changes_and_deletes_a_persons_answers(world, as_group, session):
    first = person(session, yes_no="yes", single="Phone", number=3, text="Kind receptionist")
    person(session, yes_no="no", multiple=["App", "111"])
    page = as_group.get(_url("session_answers", session)).content.decode()
    assert "Person 1" in page and "Person 2" in page
    assert "Kind receptionist" in page and "App, 111" in page and "Phone" in page
    qs = questions(session.question_set)
    as_group.post(_url("response_edit", session, first.pk), {f"q_{qs['yes_no'].pk}": "no", "next": "done"})
    assert list(first.answers.values_list("choice", flat=True)) == ["no"]
    edit_page = as_group.get(_url("response_edit", session, first.pk)).content.decode()
    assert re.search(r'value="no"\s*checked', edit_page)
    assert "Delete this person’s answers?" in as_group.get(_url("response_delete", session, first.pk)).content.decode()
    as_group.post(_url("response_delete", session, first.pk))
    assert not Response.objects.filter(pk=first.pk).exists()
    assert not Answer.objects.filter(response_id=first.pk).exists()


def test_after_submission_the_group_reads_but_only_staff_change_the_answers(as_group, as_host, session):
    response = person(session, yes_no="yes")
    Session.objects.filter(pk=session.pk).update(status=Session.Status.SUBMITTED)
    page = as_group.get(_url("session_answers", session)).content.decode()
    assert "ask your host staff" in page and "Add a person’s answers" not in page
    assert as_group.post(_url("response_add", session), _answers_post(session)).status_code == 403
    assert as_group.post(_url("response_delete", session, response.pk)).status_code == 403
    assert Response.objects.filter(pk=response.pk).exists()
    as_host.post(_url("response_delete", session, response.pk))
    assert not Response.objects.filter(pk=response.pk).exists()


def test_another_sessions_response_is_404(world, as_group, session, question_set):
    other_session = make_session(session.grant, created_by=world.group_member, question_set=question_set)
    theirs = person(other_session, yes_no="yes")
    assert as_group.get(_url("response_edit", session, theirs.pk)).status_code == 404
    assert as_group.post(_url("response_delete", session, theirs.pk)).status_code == 404


def test_the_answers_list_takes_the_same_queries_however_many_people(as_group, session,
                                                                    django_assert_max_num_queries):
    Session.objects.filter(pk=session.pk).update(attendance=100)
    for n in range(20):
        person(session, yes_no="yes", multiple=["App"], number=n, text=f"Person {n}")
    with django_assert_max_num_queries(14):
        page = as_group.get(_url("session_answers", session)).content.decode()
    assert "Person 20" in page


def test_the_same_page_sent_twice_saves_the_person_once(as_group, session):
    data = {**_answers_post(session), "client_id": "6f1c2a9e-5d0b-4a51-9a55-0c1f2a3b4c5d", "next": "another"}
    first = as_group.post(_url("response_add", session), data)
    again = as_group.post(_url("response_add", session), data)
    assert first.status_code == again.status_code == 302
    assert session.responses.count() == 1
    assert Answer.objects.filter(response__session=session).count() == 7
    page = as_group.get(_url("response_add", session)).content.decode()
    assert 'name="client_id"' in page and "6f1c2a9e" not in page  # each new page is a new person


def test_host_staff_find_the_sets_results_and_list_from_a_sessions_answers(as_group, as_host, session):
    staff_page = as_host.get(_url("session_answers", session)).content.decode()
    results = reverse("engagement:question_set_results", args=[session.question_set.pk])
    assert results in staff_page and reverse("engagement:question_sets") in staff_page
    assert results not in as_group.get(_url("session_answers", session)).content.decode()

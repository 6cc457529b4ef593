"""Tallies from paper forms: one page per session, a count per choice and how many answered each question,
checked against each other and against the session's attendance, with a GOV.UK message on each field."""
from __future__ import annotations

import pytest
from django.urls import reverse

from engagement.models import Session, SessionEvent, Tally, TallyAnswered
from tests.engagement.factories import make_session
from tests.engagement.question_data import full_set, option, person, questions
from tests.grants.factories import make_active


@pytest.fixture
def session(world):
    return make_session(make_active(world), created_by=world.group_member, attendance=20,
                        question_set=full_set(world))


def _url(session):
    return reverse("engagement:session_tallies", args=[session.pk])


def _post(session, **by_kind):
    """by_kind: kind -> (answered, {choice value or option label: count})."""
    qs = questions(session.question_set)
    data = {}
    for kind, (answered, counts) in by_kind.items():
        question = qs[kind]
        data[f"answered_{question.pk}"] = str(answered)
        for key, n in counts.items():
            choice = option(question, key) if question.has_options else key
            data[f"count_{question.pk}_{choice}"] = str(n)
    return data


def test_one_page_has_every_choice_of_every_question_but_numbers(as_group, session):
    page = as_group.get(_url(session)).content.decode()
    qs = questions(session.question_set)
    assert f'name="answered_{qs["yes_no"].pk}"' in page and f'name="count_{qs["agreement"].pk}_5"' in page
    assert f'name="answered_{qs["text"].pk}"' in page
    assert f'name="answered_{qs["number"].pk}"' not in page
    assert "Number questions are entered one person at a time" in page


def test_tallies_are_saved_and_shown_again(as_group, session):
    data = _post(session, yes_no=(12, {"yes": 8, "no": 4}), multiple=(10, {"App": 7, "111": 6}), text=(5, {}))
    response = as_group.post(_url(session), data)
    assert response.url == reverse("engagement:session_results", args=[session.pk])
    qs = questions(session.question_set)
    assert Tally.objects.get(session=session, question=qs["yes_no"], choice="yes").count == 8
    assert TallyAnswered.objects.get(session=session, question=qs["multiple"]).answered == 10
    assert TallyAnswered.objects.get(session=session, question=qs["text"]).answered == 5
    assert SessionEvent.objects.filter(session=session, note="Paper tallies saved").exists()
    page = as_group.get(_url(session)).content.decode()
    assert f'name="answered_{qs["yes_no"].pk}" value="12"' in page or 'value="12"' in page
    # Saving again replaces, never adds.
    as_group.post(_url(session), _post(session, yes_no=(3, {"yes": 3, "no": 0})))
    assert Tally.objects.filter(session=session).count() == 2
    assert not TallyAnswered.objects.filter(session=session, question=qs["multiple"]).exists()


def _errors(as_group, session, data):
    response = as_group.post(_url(session), data)
    assert response.status_code == 400
    assert not Tally.objects.filter(session=session).exists()  # all or nothing
    return response.content.decode()


def test_a_choice_cannot_be_counted_more_often_than_people_answered(as_group, session):
    page = _errors(as_group, session, _post(session, multiple=(4, {"App": 5, "111": 1})))
    qs = questions(session.question_set)
    assert "“App” for “Which did you try?” must be 4 or fewer: that is how many answered" in page
    assert f'href="#id_count_{qs["multiple"].pk}_{option(qs["multiple"], "App")}"' in page


def test_one_answer_questions_must_add_up_to_how_many_answered(as_group, session):
    page = _errors(as_group, session, _post(session, agreement=(9, {"4": 3, "5": 3})))
    assert ("The counts for “Staff treated me with respect” add up to 6, but 9 people answered it: each person "
            "gives one answer, so they must be the same") in page
    # Multiple choice may add up to more: one person ticks several.
    as_group.post(_url(session), _post(session, multiple=(4, {"App": 4, "111": 3})))
    assert Tally.objects.filter(session=session).count() == 2


def test_counts_need_how_many_answered(as_group, session):
    qs = questions(session.question_set)
    data = {f"count_{qs['yes_no'].pk}_yes": "3"}
    page = _errors(as_group, session, data)
    assert "Enter how many people answered “Could you get an appointment?” on paper" in page


def test_never_more_on_paper_than_took_part_less_those_entered_one_by_one(as_group, session):
    page = _errors(as_group, session, _post(session, yes_no=(21, {"yes": 21, "no": 0})))
    assert "Number who answered “Could you get an appointment?” must be 20 or fewer: 20 people took part" in page
    for _ in range(4):
        person(session, yes_no="yes")
    page = _errors(as_group, session, _post(session, yes_no=(17, {"yes": 17, "no": 0})))
    assert "must be 16 or fewer: 20 people took part and 4 people’s answers are entered one by one" in page


def test_counts_must_be_whole_numbers_and_what_was_typed_stays(as_group, session):
    qs = questions(session.question_set)
    page = _errors(as_group, session, {f"answered_{qs['yes_no'].pk}": "twelve", f"count_{qs['yes_no'].pk}_no": "-1"})
    assert "How many answered it on paper must be a whole number, like 12" in page
    assert "No must be 0 or more" in page
    assert 'value="twelve"' in page


def test_a_submitted_session_is_read_only_for_the_group(as_group, session):
    Session.objects.filter(pk=session.pk).update(status=Session.Status.SUBMITTED)
    assert "ask your host staff" in as_group.get(_url(session)).content.decode()
    assert as_group.post(_url(session), _post(session, yes_no=(2, {"yes": 2, "no": 0}))).status_code == 403

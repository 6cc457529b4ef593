"""Host staff keep question sets: create, change, add and reorder questions and options, retire. A question with
answers keeps its kind and its options."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from engagement.models import Question, QuestionSet
from engagement.services.questions import question_update
from tests.engagement.factories import make_session
from tests.engagement.question_data import full_set, paper, person
from tests.grants.factories import make_active, make_other_host


@pytest.fixture
def question_set(world):
    return full_set(world)


def _detail(question_set):
    return reverse("engagement:question_set_detail", args=[question_set.pk])


def test_staff_create_a_set_and_add_a_choice_question_with_its_options(world, as_host):
    response = as_host.post(reverse("engagement:question_set_create"),
                            {"name": "Pharmacy visits", "description": "Autumn listening"})
    question_set = QuestionSet.objects.get(name="Pharmacy visits")
    assert response.url == _detail(question_set)
    assert question_set.owner == world.host
    as_host.post(reverse("engagement:question_add", args=[question_set.pk]),
                 {"text": "Which pharmacy?", "kind": "single", "options": "Boots\n\n  Well  \nIndependent"})
    question = question_set.questions.get()
    assert [o.label for o in question.options.all()] == ["Boots", "Well", "Independent"]
    page = as_host.get(_detail(question_set)).content.decode()
    assert "Which pharmacy?" in page and "Independent" in page


def test_a_choice_question_needs_two_different_options_and_says_so(world, as_host, question_set):
    url = reverse("engagement:question_add", args=[question_set.pk])
    response = as_host.post(url, {"text": "Which pharmacy?", "kind": "multiple", "options": "Boots"})
    assert response.status_code == 400
    assert "Enter at least 2 options, one on each line" in response.content.decode()
    assert 'href="#id_options"' in response.content.decode()
    response = as_host.post(url, {"text": "Which pharmacy?", "kind": "multiple", "options": "Boots\nboots"})
    assert "Each option must be different" in response.content.decode()
    missing = as_host.post(url, {"text": "", "kind": ""})
    assert "Enter question" in missing.content.decode() and "Select the kind of answer" in missing.content.decode()
    assert not question_set.questions.filter(text="Which pharmacy?").exists()


def test_staff_change_the_name_and_reorder_questions(world, as_host, question_set):
    as_host.post(reverse("engagement:question_set_edit", args=[question_set.pk]),
                 {"name": "GP access", "description": ""})
    question_set.refresh_from_db()
    assert question_set.name == "GP access"
    first, second = question_set.questions.all()[:2]
    as_host.post(reverse("engagement:question_move", args=[question_set.pk, second.pk]), {"direction": "up"})
    assert list(question_set.questions.all()[:2]) == [second, first]
    last = question_set.questions.last()
    as_host.post(reverse("engagement:question_move", args=[question_set.pk, last.pk]), {"direction": "down"})
    assert question_set.questions.last() == last  # already last: nothing moves


def test_an_unanswered_question_may_change_kind_lose_options_or_go(world, as_host, question_set):
    single = question_set.questions.get(kind="single")
    options = list(single.options.all())
    as_host.post(reverse("engagement:option_remove", args=[question_set.pk, options[0].pk]))
    assert single.options.count() == 2
    response = as_host.post(reverse("engagement:option_remove", args=[question_set.pk, options[1].pk]), follow=True)
    assert "needs at least 2 options" in response.content.decode()
    as_host.post(reverse("engagement:question_edit", args=[question_set.pk, single.pk]),
                 {"text": "Did you book online?", "kind": "yes_no",
                  **{f"option_{o.pk}": o.label for o in options[1:]}})
    single.refresh_from_db()
    assert (single.kind, single.options.count()) == ("yes_no", 0)
    as_host.post(reverse("engagement:question_remove", args=[question_set.pk, single.pk]))
    assert not Question.objects.filter(pk=single.pk).exists()


@pytest.fixture
def answered(world, question_set):
    session = make_session(make_active(world), created_by=world.group_member, question_set=question_set)
    person(session, single="Phone")
    paper(session, "yes_no", 3, yes=2, no=1)
    return question_set


def test_a_question_with_answers_cannot_change_kind_lose_options_or_go(world, as_host, answered):
    single = answered.questions.get(kind="single")
    yes_no = answered.questions.get(kind="yes_no")
    page = as_host.get(reverse("engagement:question_edit", args=[answered.pk, single.pk])).content.decode()
    assert "already has answers, so it cannot change its kind or lose options" in page
    assert "retire the set and create a new one" in page
    as_host.post(reverse("engagement:question_edit", args=[answered.pk, single.pk]),
                 {"text": "How did you book it?", "kind": "yes_no",
                  **{f"option_{o.pk}": o.label for o in single.options.all()}})
    single.refresh_from_db()
    assert (single.text, single.kind, single.options.count()) == ("How did you book it?", "single", 3)
    with pytest.raises(PermissionDenied):
        question_update(actor=world.host_staff, question=yes_no, text=yes_no.text, kind="agreement")
    assert as_host.post(reverse("engagement:option_remove",
                                args=[answered.pk, single.options.first().pk])).status_code == 403
    assert as_host.post(reverse("engagement:question_remove", args=[answered.pk, yes_no.pk])).status_code == 403
    assert single.options.count() == 3 and Question.objects.filter(pk=yes_no.pk).exists()
    detail = as_host.get(_detail(answered)).content.decode()
    assert detail.count("has answers") == 2


def test_an_answered_question_keeps_its_options_but_may_gain_one(world, as_host, answered):
    single = answered.questions.get(kind="single")
    as_host.post(reverse("engagement:question_edit", args=[answered.pk, single.pk]),
                 {"text": single.text, "kind": "single", "options": "By text message",
                  **{f"option_{o.pk}": o.label for o in single.options.all()}})
    assert [o.label for o in single.options.all()] == ["Phone", "Online", "In person", "By text message"]


def test_a_retired_set_is_kept_but_no_longer_offered_or_changed(world, as_host, answered):
    as_host.post(reverse("engagement:question_set_retire", args=[answered.pk]))
    answered.refresh_from_db()
    assert answered.retired
    assert as_host.get(reverse("engagement:question_set_edit", args=[answered.pk])).status_code == 403
    assert as_host.get(reverse("engagement:question_add", args=[answered.pk])).status_code == 403
    session = make_session(make_active(world, title="Another"), created_by=world.group_member)
    page = as_host.get(reverse("engagement:session_question_set", args=[session.pk])).content.decode()
    assert answered.name not in page
    assert "Retired" in as_host.get(reverse("engagement:question_sets")).content.decode()


def test_staff_of_another_host_get_404_and_other_roles_403(world, question_set, login_as, as_group,
                                                             as_commissioner):
    _, elsewhere_staff, _, _ = make_other_host(world)
    elsewhere = login_as(elsewhere_staff)
    for name in ("question_set_detail", "question_set_edit", "question_add", "question_set_results"):
        url = reverse(f"engagement:{name}", args=[question_set.pk])
        assert elsewhere.get(url).status_code == 404
        assert as_group.get(url).status_code == 403
        assert as_commissioner.get(url).status_code == 403
    assert elsewhere.post(reverse("engagement:question_set_retire", args=[question_set.pk])).status_code == 404
    assert question_set.name not in elsewhere.get(reverse("engagement:question_sets")).content.decode()


def test_the_list_takes_the_same_queries_however_many_sets(world, as_host, django_assert_max_num_queries):
    for n in range(12):
        full_set(world, name=f"Set {n}")
    with django_assert_max_num_queries(8):
        page = as_host.get(reverse("engagement:question_sets")).content.decode()
    assert "12 question sets" in page and "Set 11" in page

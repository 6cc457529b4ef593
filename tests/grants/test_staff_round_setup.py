"""On the round page host staff add and remove eligibility questions, criteria, conditions and documents."""
from __future__ import annotations

import pytest
from django.urls import reverse

from grants.models import ConditionTemplate, Criterion, EligibilityQuestion, RequiredDocument
from tests.grants.factories import make_draft, make_other_host

pytestmark = pytest.mark.django_db


def _add(client, world, kind, data):
    return client.post(reverse("grants:round_item_add", args=[world.round.pk, kind]),
                       {f"{kind}-{k}": v for k, v in data.items()})


def _remove(client, world, kind, pk):
    return client.post(reverse("grants:round_item_remove", args=[world.round.pk, kind, pk]))


def test_the_round_page_shows_weights_as_shares_of_the_total(as_host, world):
    response = as_host.get(reverse("grants:round_detail", args=[world.round.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Reach into seldom-heard communities" in text
    assert "40%" in text and "35%" in text and "25%" in text


def test_it_adds_an_eligibility_question_with_its_pass_rule(as_host, world):
    response = _add(as_host, world, "questions", {
        "text": "Do you have a bank account in the group's name?", "help_text": "Not a personal account.",
        "passing_answer": "True", "failure_message": "We can only pay into a group bank account."})
    assert response.status_code == 302
    question = EligibilityQuestion.objects.get(text__startswith="Do you have a bank account")
    assert question.passing_answer is True and question.order == 3
    page = as_host.get(reverse("grants:round_detail", args=[world.round.pk]))
    assert "We can only pay into a group bank account." in page.text


def test_an_incomplete_question_is_shown_again_with_a_message(as_host, world):
    response = _add(as_host, world, "questions", {"text": "Are you a registered charity?", "passing_answer": "False"})
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "Are you a registered charity?" in response.text
    assert not EligibilityQuestion.objects.filter(text="Are you a registered charity?").exists()


def test_it_removes_a_question_nobody_has_answered(as_host, world):
    question = world.round.eligibility_questions.first()
    assert _remove(as_host, world, "questions", question.pk).status_code == 302
    assert not EligibilityQuestion.objects.filter(pk=question.pk).exists()


def test_it_keeps_a_question_groups_have_answered_and_says_why(as_host, world):
    make_draft(world, complete=False)
    question = world.round.eligibility_questions.first()
    response = _remove(as_host, world, "questions", question.pk)
    assert EligibilityQuestion.objects.filter(pk=question.pk).exists()
    page = as_host.get(response["Location"])
    assert "cannot be removed because groups have already answered it." in page.text


def test_it_adds_and_removes_a_weighted_criterion(as_host, world):
    assert _add(as_host, world, "criteria", {"name": "Listening skills", "guidance": "5: trained listeners.",
                                             "weight": "100"}).status_code == 302
    criterion = Criterion.objects.get(name="Listening skills")
    page = as_host.get(reverse("grants:round_detail", args=[world.round.pk]))
    assert "50%" in page.text  # 100 of a total of 200
    assert _remove(as_host, world, "criteria", criterion.pk).status_code == 302
    assert not Criterion.objects.filter(pk=criterion.pk).exists()


def test_a_weight_over_100_gets_a_message(as_host, world):
    response = _add(as_host, world, "criteria", {"name": "Too heavy", "weight": "500"})
    assert response.status_code == 400
    assert "Weight must be 100 or fewer" in response.text  # not Django's "Ensure this value is less than or equal to 100."
    assert "Ensure this value" not in response.text


def test_it_adds_and_removes_a_grant_condition(as_host, world):
    assert _add(as_host, world, "conditions", {
        "title": "Share feedback within a month", "description": "Send the notes to Healthwatch.",
        "evidence_kind": "document", "required_count": "1"}).status_code == 302
    condition = ConditionTemplate.objects.get(title="Share feedback within a month")
    assert condition.evidence_kind == "document"
    assert _remove(as_host, world, "conditions", condition.pk).status_code == 302
    assert not ConditionTemplate.objects.filter(pk=condition.pk).exists()


def test_it_adds_and_removes_a_required_document(as_host, world):
    assert _add(as_host, world, "documents", {"name": "Constitution", "description": "Your group's rules.",
                                              "mandatory": "False"}).status_code == 302
    document = RequiredDocument.objects.get(name="Constitution")
    assert document.mandatory is False
    assert "Constitution" in as_host.get(reverse("grants:round_detail", args=[world.round.pk])).text
    assert _remove(as_host, world, "documents", document.pk).status_code == 302
    assert not RequiredDocument.objects.filter(pk=document.pk).exists()


def test_removing_needs_a_post(as_host, world):
    question = world.round.eligibility_questions.first()
    assert as_host.get(reverse("grants:round_item_remove", args=[world.round.pk, "questions", question.pk])
                       ).status_code == 405


def test_an_unknown_kind_is_not_found(as_host, world):
    assert _add(as_host, world, "widgets", {"name": "x"}).status_code == 404


def test_staff_of_another_host_cannot_change_this_rounds_set_up(login_as, world):
    _, other_staff, _, other_round = make_other_host(world)
    client = login_as(other_staff)
    question = world.round.eligibility_questions.first()
    assert _remove(client, world, "questions", question.pk).status_code == 404
    assert _add(client, world, "documents", {"name": "x", "mandatory": "True"}).status_code == 404
    # nor smuggle this round's item through their own round's URL
    response = client.post(reverse("grants:round_item_remove", args=[other_round.pk, "questions", question.pk]))
    assert response.status_code == 404
    assert EligibilityQuestion.objects.filter(pk=question.pk).exists()


def test_group_members_and_commissioners_get_403(as_group, as_commissioner, world):
    url = reverse("grants:round_detail", args=[world.round.pk])
    assert as_group.get(url).status_code == 403
    assert as_commissioner.get(url).status_code == 403

from django.urls import reverse

from grants.models import Application
from grassroots.accounts.models import Membership
from grassroots.accounts.services import membership_add
from tests import factories


def _answers(world, **override):
    q1, q2 = world.round.eligibility_questions.all()
    data = {f"q{q1.pk}": "yes", f"q{q2.pk}": "no"}
    data.update(override)
    return data


def test_it_shows_the_questions_as_radios(world, as_group):
    page = as_group.get(reverse("grants:eligibility", args=[world.round.pk])).content.decode()
    assert "Is your group based in or serving people" in page
    assert 'type="radio"' in page


def test_failing_answers_get_a_plain_english_answer(world, as_group):
    q1, q2 = world.round.eligibility_questions.all()
    response = as_group.post(reverse("grants:eligibility", args=[world.round.pk]),
                             _answers(world, **{f"q{q1.pk}": "no", f"q{q2.pk}": "yes"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your group cannot apply to this fund" in page
    assert "This fund is only for groups working with people in its area." in page
    assert "This fund is for small groups with a yearly income under £250,000." in page
    assert "What you can do next" in page
    assert not Application.objects.exists()


def test_unanswered_questions_are_errors(world, as_group):
    response = as_group.post(reverse("grants:eligibility", args=[world.round.pk]), {})
    assert "Select yes or no" in response.content.decode()
    assert not Application.objects.exists()


def test_passing_starts_an_application_and_goes_to_the_task_list(world, as_group):
    response = as_group.post(reverse("grants:eligibility", args=[world.round.pk]), _answers(world))
    application = Application.objects.get()
    assert response["Location"] == reverse("grants:application_tasks", args=[application.pk])
    assert application.organisation == world.group
    assert application.status == Application.Status.DRAFT


def test_a_member_of_two_groups_chooses_which_group_applies(world, login_as):
    second = factories.make_org("Stockwell Walkers")
    membership_add(organisation=second, user=world.group_member, role=Membership.Role.MEMBER)
    client = login_as(world.group_member)
    url = reverse("grants:eligibility", args=[world.round.pk])
    assert "Which group is applying?" in client.get(url).content.decode()
    client.post(url, {**_answers(world), "organisation": second.pk})
    assert Application.objects.get().organisation == second


def test_a_closed_round_says_so(world, as_group):
    closed = factories.make_round(world.programme, open_now=False)
    response = as_group.get(reverse("grants:eligibility", args=[closed.pk]))
    assert "not taking applications" in response.content.decode()


def test_an_unpublished_round_is_not_found(world, as_group):
    world.round.published = False
    world.round.save()
    assert as_group.get(reverse("grants:eligibility", args=[world.round.pk])).status_code == 404


def test_host_staff_may_not_apply(world, as_host):
    assert as_host.get(reverse("grants:eligibility", args=[world.round.pk])).status_code == 403

"""Recording what was done: links, statuses with their rules, closing the loop with the groups, and ranking."""
from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from engagement.models import Action
from engagement.services.actions import ActionDetails, action_create, action_move, action_rank_move, public_words
from grants.services.grants import grant_accept
from tests.engagement.factories import make_item, make_session
from tests.engagement.routing_helpers import routing_world
from tests.grants.factories import make_grant

pytestmark = pytest.mark.django_db(transaction=True)


def _details(world, r, **extra) -> ActionDetails:
    return ActionDetails(owner=r.provider, title="Two more GP phone lines", description="From March",
                         item_ids=[r.quoted.pk, r.redacted.pk], **extra)


def test_linking_feedback_links_its_sessions_and_grants(world):
    r = routing_world(world)
    action = action_create(actor=world.host_staff, host=world.host, details=_details(world, r))
    assert set(action.items.all()) == {r.quoted, r.redacted}
    assert list(action.sessions.all()) == [r.session]
    assert list(action.grants.all()) == [r.session.grant]
    assert action.events.get().kind == "created"


def test_feedback_of_rounds_the_actor_does_not_run_is_never_linked(world):
    r = routing_world(world)
    from tests.grants.factories import make_other_host
    _, stranger, *_ = make_other_host(world)
    with pytest.raises(PermissionDenied):
        action_create(actor=stranger, host=world.host, details=_details(world, r))


def test_not_possible_needs_a_reason_and_each_change_is_one_history_row(world):
    r = routing_world(world)
    action = action_create(actor=world.host_staff, host=world.host, details=_details(world, r))
    with pytest.raises(ValidationError):
        action_move(actor=world.host_staff, action=action, to=Action.Status.NOT_POSSIBLE, reason=" ")
    action_move(actor=world.host_staff, action=action, to=Action.Status.IN_PROGRESS)
    action_move(actor=world.host_staff, action=action, to=Action.Status.IN_PROGRESS)  # no change, no row
    assert [e.to_status for e in action.events.filter(kind="transition")] == ["in_progress"]


def test_done_tells_each_group_once_with_the_public_words_only(world):
    r = routing_world(world)
    offered = make_grant(world, organisation=world.other_group, actor=world.other_group_member, title="Deaf voices")
    grant_accept(actor=world.other_group_member, grant=offered, signature="Omar Other")
    other_session = make_session(offered, created_by=world.other_group_member, status="submitted")
    theirs = make_item(other_session, text="Peckham words", moderation="approved")
    details = _details(world, r, what_changed="Calls answered in 2 minutes on average")
    details.item_ids.append(theirs.pk)
    action = action_create(actor=world.host_staff, host=world.host, details=details)
    mail.outbox.clear()
    action_move(actor=world.host_staff, action=action, to=Action.Status.DONE)
    assert sorted(m.to for m in mail.outbox) == sorted([[world.group_member.email], [world.other_group_member.email]])
    body = mail.outbox[0].body
    assert "Calls answered in 2 minutes" in body and "Dr Patel" not in body and "Nobody answers" not in body
    action.refresh_from_db()
    assert action.completed_on is not None
    assert action.events.filter(kind="groups_told").count() == 1
    assert public_words(action) == "Two more GP phone lines. Calls answered in 2 minutes on average"


def test_priorities_are_ranked_within_their_programme_and_can_be_moved(world):
    r = routing_world(world)
    made = [action_create(actor=world.host_staff, host=world.host,
                          details=ActionDetails(owner=r.provider, title=f"Priority {n}", description="x",
                                                kind=Action.Kind.PRIORITY, programme=world.programme))
            for n in (1, 2, 3)]
    assert [a.rank for a in made] == [1, 2, 3]
    action_rank_move(actor=world.host_staff, action=made[2], up=True)
    order = list(Action.objects.filter(programme=world.programme).order_by("rank").values_list("title", flat=True))
    assert order == ["Priority 1", "Priority 3", "Priority 2"]
    action_rank_move(actor=world.host_staff, action=made[0], up=True)  # already first: nothing moves
    assert Action.objects.get(pk=made[0].pk).rank == 1

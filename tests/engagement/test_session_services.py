"""The session services: numbering, the rules about a session's answers, the counts, and the timeline."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from engagement.choices import SessionKind
from engagement.models import Session
from engagement.services.sessions import (
    session_create,
    session_demographics_set,
    session_reopen,
    session_submit,
    session_update,
)
from tests.engagement.factories import make_item
from tests.engagement.sessions_data import session_values
from tests.grants.factories import make_active, make_grant


@pytest.fixture
def grant(world):
    return make_active(world)


def _refused(call, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        call(**kwargs)
    return exc.value.message_dict


def test_sessions_are_numbered_per_grant_and_copy_the_grants_group_and_round(world, grant):
    first = session_create(actor=world.group_member, grant=grant, data=session_values(world))
    second = session_create(actor=world.group_member, grant=grant, data=session_values(world, title="Lunch"))
    assert (first.number, second.number) == (1, 2)
    assert second.reference == f"{grant.reference}-S2"
    assert (second.organisation, second.round) == (grant.organisation, grant.round)
    assert second.is_draft and list(second.organisations_present.all()) == [world.icb]
    event = second.events.get()
    assert event.kind == "created" and event.visibility == "group" and event.actor == world.group_member


def test_only_the_group_logs_sessions_and_only_on_an_accepted_grant(world, grant):
    with pytest.raises(PermissionDenied):
        session_create(actor=world.other_group_member, grant=grant, data=session_values(world))
    with pytest.raises(PermissionDenied):
        session_create(actor=world.host_staff, grant=grant, data=session_values(world))
    offered = make_grant(world, title="Not yet accepted")
    with pytest.raises(PermissionDenied, match="Accept the grant agreement"):
        session_create(actor=world.group_member, grant=offered, data=session_values(world))
    assert not Session.objects.exists()


def test_conversations_cannot_be_more_than_the_people_who_took_part(world, grant):
    problems = _refused(session_create, actor=world.group_member, grant=grant,
                        data=session_values(world, attendance=5, conversations=6))
    assert problems["conversations"] == ["In-depth conversations must be no more than the 5 people who took part"]


def test_the_end_time_must_be_after_the_start_time(world, grant):
    problems = _refused(session_create, actor=world.group_member, grant=grant,
                        data=session_values(world, starts_at=dt.time(14, 0), ends_at=dt.time(13, 0)))
    assert problems["ends_at"] == ["The end time must be after the start time"]


def test_the_date_is_not_in_the_future_and_inside_the_grants_activity(world, grant):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    problems = _refused(session_create, actor=world.group_member, grant=grant,
                        data=session_values(world, held_on=tomorrow))
    assert "today or in the past" in problems["held_on"][0]
    problems = _refused(session_create, actor=world.group_member, grant=grant,
                        data=session_values(world, held_on=dt.date(2026, 5, 31)))
    assert problems["held_on"] == ["The date must be on or after 1 June 2026, when your funded activity started"]


def test_the_area_must_be_the_programmes_or_the_groups(world, grant):
    problems = _refused(session_create, actor=world.group_member, grant=grant,
                        data=session_values(world, area=world.other_area))
    assert problems["area"] == ["Choose an area your programme or your group works in"]


def test_organisations_present_are_never_community_groups(world, grant):
    problems = _refused(session_create, actor=world.group_member, grant=grant,
                        data=session_values(world, organisations_present=[world.other_group]))
    assert "organisations_present" in problems


def test_counts_above_attendance_are_refused_naming_the_dimension(world, grant):
    session = session_create(actor=world.group_member, grant=grant, data=session_values(world, attendance=10))
    problems = _refused(session_demographics_set, actor=world.group_member, session=session,
                        counts={"age": {"65_74": 8, "75_plus": 4}, "gender": {"woman": 6}})
    assert problems == {"age": ["The counts by age add up to 12, more than the 10 people who took part"]}
    assert not session.demographics.exists()  # nothing saved: not even the gender counts that were fine


def test_counts_are_optional_and_replace_what_was_there(world, grant):
    session = session_create(actor=world.group_member, grant=grant, data=session_values(world, attendance=10))
    session_demographics_set(actor=world.group_member, session=session, counts={
        "age": {"65_74": 6, "prefer_not": 2, "75_plus": None}, "language": {"Yoruba": 3, " Yoruba": 1}})
    assert {(d.dimension, d.category, d.count) for d in session.demographics.all()} == {
        ("age", "65_74", 6), ("age", "prefer_not", 2), ("language", "Yoruba", 4)}
    session_demographics_set(actor=world.group_member, session=session, counts={"age": {}, "language": {}})
    assert not session.demographics.exists()
    assert [e.note for e in session.events.filter(kind="changed")] == [
        "Counts of who came changed: age, first language, where not English",
        "Counts of who came changed: age, first language, where not English"]


def test_attendance_cannot_drop_below_what_the_counts_add_up_to(world, grant):
    session = session_create(actor=world.group_member, grant=grant, data=session_values(world, attendance=10))
    session_demographics_set(actor=world.group_member, session=session, counts={"gender": {"woman": 9}})
    problems = _refused(session_update, actor=world.group_member, session=session,
                        data=session_values(world, attendance=8, conversations=2))
    assert "your counts by gender add up to 9" in problems["attendance"][0]


def test_changing_the_date_area_or_kind_keeps_the_feedback_in_step(world, grant):
    world.group.areas.add(world.other_area)
    session = session_create(actor=world.group_member, grant=grant, data=session_values(world))
    item = make_item(session)
    session_update(actor=world.group_member, session=session, data=session_values(
        world, held_on=dt.date(2026, 9, 20), area=world.other_area, kind=SessionKind.FOCUS_GROUP))
    item.refresh_from_db()
    assert (item.held_on, item.area, item.session_kind) == (dt.date(2026, 9, 20), world.other_area, "focus_group")
    assert session.events.filter(kind="changed").get().note == "Changed: kind of session, date, area"


def test_an_unchanged_save_writes_no_timeline_row(world, grant):
    session = session_create(actor=world.group_member, grant=grant, data=session_values(world))
    session_update(actor=world.group_member, session=session, data=session_values(world))
    assert session.events.count() == 1


def test_submitted_sessions_change_only_through_staff_who_may_reopen_them(world, grant):
    session = session_create(actor=world.group_member, grant=grant, data=session_values(world))
    session_submit(actor=world.group_member, session=session)
    session_submit(actor=world.group_member, session=session)  # a double tap changes nothing
    assert session.events.filter(kind="transition").count() == 1
    with pytest.raises(PermissionDenied, match="ask your host staff"):
        session_update(actor=world.group_member, session=session, data=session_values(world, title="Later"))
    session_update(actor=world.host_staff, session=session, data=session_values(world, title="Corrected"))
    with pytest.raises(PermissionDenied):
        session_reopen(actor=world.group_member, session=session)
    session_reopen(actor=world.host_staff, session=session, reason="Add the counts")
    session.refresh_from_db()
    assert session.is_draft and session.title == "Corrected"
    assert session.events.order_by("-pk").first().note == "Reopened for the group to change: Add the counts"


def test_training_records_who_was_trained_and_other_kinds_do_not(world, grant):
    training = session_create(actor=world.group_member, grant=grant, data=session_values(
        world, kind=SessionKind.TRAINING, trained_count=8, trained_organisations=[world.host]))
    assert training.trained_count == 8 and list(training.trained_organisations.all()) == [world.host]
    listening = session_create(actor=world.group_member, grant=grant, data=session_values(
        world, trained_count=8, trained_organisations=[world.host]))
    assert listening.trained_count is None and not listening.trained_organisations.exists()
    problems = _refused(session_create, actor=world.group_member, grant=grant, data=session_values(
        world, kind=SessionKind.TRAINING, trained_count=21))
    assert problems["trained_count"] == ["People trained must be no more than the 20 people who took part"]


def test_an_organisation_from_elsewhere_is_refused_but_one_already_listed_stays(world, grant):
    from tests.factories import make_org

    elsewhere = make_org("Manchester University NHS Foundation Trust", "provider")
    problems = _refused(session_create, actor=world.group_member, grant=grant,
                        data=session_values(world, organisations_present=[elsewhere]))
    assert "organisations_present" in problems
    session = session_create(actor=world.group_member, grant=grant, data=session_values(world))
    session.organisations_present.add(elsewhere)  # chosen when the programme still listed it
    session_update(actor=world.group_member, session=session,
                   data=session_values(world, organisations_present=[elsewhere, world.icb], title="Renamed"))
    assert session.organisations_present.count() == 2

"""Engagement test data made straight in the database (fast); services are tested through their own tests."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max

from engagement.choices import Consent, Sentiment, Service, SessionKind
from engagement.models import FeedbackItem, Session
from grants.models import Grant
from grassroots.accounts.models import User
from grassroots.timeline.services import record


def make_session(grant: Grant, *, created_by: User, kind: str = SessionKind.LISTENING, title: str = "Coffee morning",
                 held_on: dt.date | None = None, attendance: int = 20, conversations: int = 5,
                 status: str = Session.Status.DRAFT, area=None, **extra: Any) -> Session:
    number = (Session.objects.filter(grant=grant).aggregate(n=Max("number"))["n"] or 0) + 1
    area = area or grant.organisation.areas.first() or grant.round.programme.areas.first()
    return Session.objects.create(
        grant=grant, organisation_id=grant.organisation_id, round_id=grant.round_id, number=number,
        reference=f"{grant.reference}-S{number}", status=status, kind=kind, title=title,
        held_on=held_on or dt.date(2026, 10, 1), area=area, attendance=attendance, conversations=conversations,
        created_by=created_by, **extra)


def make_item(session: Session, *, text: str = "The GP surgery never answers the phone before 10am.",
              service: str = Service.GP, sentiment: str = Sentiment.NEGATIVE, consent: str = Consent.QUOTE,
              safeguarding: bool = False, created_by: User | None = None, **extra: Any) -> FeedbackItem:
    return FeedbackItem.objects.create(
        session=session, organisation_id=session.organisation_id, round_id=session.round_id, area_id=session.area_id,
        session_kind=session.kind, held_on=session.held_on, text=text, service=service, sentiment=sentiment,
        consent=consent, safeguarding=safeguarding, created_by=created_by or session.created_by, **extra)


def make_question_set(owner, *, created_by: User, name: str = "How was your GP visit?"):
    from engagement.models import Question, QuestionOption, QuestionSet
    qs = QuestionSet.objects.create(owner=owner, name=name, description="Asked at every listening event",
                                    created_by=created_by)
    Question.objects.create(question_set=qs, order=1, text="Could you get an appointment?", kind="yes_no")
    Question.objects.create(question_set=qs, order=2, text="Staff treated me with respect", kind="agreement")
    choice = Question.objects.create(question_set=qs, order=3, text="How did you book?", kind="single")
    for n, label in enumerate(("Phone", "Online", "In person"), start=1):
        QuestionOption.objects.create(question=choice, order=n, label=label)
    Question.objects.create(question_set=qs, order=4, text="Anything else?", kind="text")
    return qs


def engagement_walk_rows(world, grant: Grant) -> dict[str, Any]:
    """The engagement rows the URL walk and the escaping test need: a draft session with feedback, demographic
    counts (a typed language), a question set with a person's answers and a paper tally."""
    from engagement.models import Answer, DemographicCount, Response, Tally, TallyAnswered
    question_set = make_question_set(world.host, created_by=world.host_staff)
    session = make_session(grant, created_by=world.group_member, title="Walk coffee morning", venue="St Mark's hall",
                           facilitators="Grace and Tunde", notes="Lift was broken", question_set=question_set)
    session.organisations_present.add(world.icb)
    item = make_item(session)
    record(session, actor=world.group_member, kind="changed", note="Moved to the library", visibility="group")
    DemographicCount.objects.create(session=session, dimension="language", category="Yoruba", count=3)
    DemographicCount.objects.create(session=session, dimension="age", category="65_74", count=8)
    yes_no, agreement, single, free = question_set.questions.all()
    response = Response.objects.create(session=session, created_by=world.group_member)
    Answer.objects.create(response=response, question=yes_no, choice="yes")
    Answer.objects.create(response=response, question=single, choice=str(single.options.first().pk))
    Answer.objects.create(response=response, question=free, text="The receptionist was kind")
    Tally.objects.create(session=session, question=agreement, choice="4", count=7)
    TallyAnswered.objects.create(session=session, question=agreement, answered=9)
    return {"session": session, "item": item, "question_set": question_set, "response": response,
            "import_batch": make_import_batch(world)}


def make_import_batch(world, *, status: str = "problems"):
    """A feedback file the group uploaded whose check found a problem (the import pages' walk row)."""
    from engagement.models import ImportBatch, ImportProblem
    batch = ImportBatch.objects.create(kind="feedback", status=status, organisation=world.group,
                                       file_name="paper-forms.csv", sha256="0" * 64, row_count=3, problem_count=1,
                                       created_by=world.group_member)
    ImportProblem.objects.create(batch=batch, row=3, column="Service", message="'Dentist' is not one of the allowed "
                                 "values.", allowed="One of: GP; Hospital; A&E")
    return batch

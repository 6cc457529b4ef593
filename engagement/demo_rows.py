"""The engagement demo's rows, made from the plan (``demo_plan``) on the days they happened.

The one place the demo writes engagement rows directly (what host staff did next, in ``demo_loop`` and
``demo_trust``, goes through the services). Written with the ORM the way ``tests/engagement/factories.py``
does (the denormalised columns copied from the session, a timeline row for each step) so it stays fast; when
the session and feedback services exist, each function here becomes a call to its service under ``demo_clock``.
Grant evidence and safeguarding e-mails already go through their services.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from engagement.demo_plan import SessionPlan
from engagement.models import (
    Answer,
    DemographicCount,
    FeedbackItem,
    MeetingEvidence,
    Question,
    QuestionOption,
    QuestionSet,
    Response,
    Session,
    SessionEvent,
    Tally,
    TallyAnswered,
)
from engagement.services.safeguarding import safeguarding_concerns_notify
from grants.models import ConditionTemplate, Grant
from grants.services.grants import condition_evidence_record
from grassroots.accounts.demo import demo_clock
from grassroots.accounts.models import Area, Organisation, User
from grassroots.timeline.models import Visibility

QUESTION_SET = "Getting health care where you live"
# (kind, question, options or the weights of each answer)
QUESTIONS: list[tuple[str, str, dict[str, int]]] = [
    ("yes_no", "Could you get a GP appointment the last time you needed one?", {"yes": 34, "no": 66}),
    ("agreement", "It matters that the NHS asks people like me what we think",
     {"1": 3, "2": 6, "3": 20, "4": 36, "5": 35}),
    ("single", "How do you usually book a GP appointment?",
     {"By phone": 55, "Online or the NHS App": 20, "In person at reception": 15, "Someone books for me": 10}),
    ("multiple", "Which of these have you used in the last year?",
     {"GP": 80, "Pharmacy": 60, "A&E": 30, "Dentist": 35, "NHS 111": 25, "Mental health services": 15}),
    ("number", "How many times did you try to get a GP appointment last month?", {}),
    ("text", "What one thing would make the biggest difference to you?", {}),
]
WISHES = ["Being able to speak to someone in my language", "Seeing the same doctor", "A dentist that takes NHS "
          "patients", "Shorter waits", "Someone to ring me back", "Appointments after work", "Being believed"]


def at(plan: SessionPlan, days: int = 0, hours: int = 2) -> datetime:
    """A moment ``days`` after the session ended, never after now."""
    ended = timezone.make_aware(datetime.combine(plan.held_on, plan.ends_at))
    return min(ended + timedelta(days=days, hours=hours), timezone.now() - timedelta(minutes=5))


def session_create(plan: SessionPlan, *, grant: Grant, number: int, member: User, areas: dict[str, Area],
                   present: dict[str, Organisation], question_set: QuestionSet | None) -> Session:
    """The group logs the session that evening (created, with its counts and what people said), and submits it
    two days later unless the plan leaves it a draft."""
    logged = at(plan)
    session = Session.objects.create(
        grant=grant, organisation_id=grant.organisation_id, round_id=grant.round_id, number=number,
        reference=f"{grant.reference}-S{number}", kind=plan.kind, title=plan.title, held_on=plan.held_on,
        starts_at=plan.starts_at, ends_at=plan.ends_at, venue=plan.venue, area=areas[plan.area],
        facilitators=plan.facilitators, attendance=plan.attendance, conversations=plan.conversations,
        notes=plan.notes, trained_count=plan.trained_count, question_set=question_set if plan.questions else None,
        created_by=member, created_at=logged, updated_at=logged)
    if plan.present:
        session.organisations_present.set([present[key] for key in plan.present])
    if plan.trained_count:
        session.trained_organisations.set([grant.organisation])
    events = [SessionEvent(session=session, actor=member, at=logged, kind=SessionEvent.Kind.CREATED,
                           note="Session logged", visibility=Visibility.GROUP)]
    DemographicCount.objects.bulk_create([DemographicCount(session=session, dimension=d, category=c, count=n)
                                          for d, c, n in plan.demographics])
    items = FeedbackItem.objects.bulk_create([FeedbackItem(
        session=session, organisation_id=session.organisation_id, round_id=session.round_id,
        area_id=session.area_id, session_kind=session.kind, held_on=session.held_on, text=i.text,
        service=i.service, sentiment=i.sentiment, consent=i.consent, age_band=i.age_band,
        ethnic_group=i.ethnic_group, safeguarding=i.safeguarding, created_by=member, created_at=logged,
        updated_at=logged) for i in plan.items])
    if items:
        events.append(SessionEvent(session=session, actor=member, at=logged, kind=SessionEvent.Kind.FEEDBACK,
                                   note=f"{len(items)} feedback items added", visibility=Visibility.GROUP))
    if any(i.safeguarding for i in plan.items):
        with demo_clock(logged):
            safeguarding_concerns_notify(item_ids=[i.pk for i in items if i.safeguarding])
    if plan.submitted:
        submitted = at(plan, days=2, hours=16)
        Session.objects.filter(pk=session.pk).update(status=Session.Status.SUBMITTED, submitted_at=submitted,
                                                     updated_at=submitted)
        events.append(SessionEvent(session=session, actor=member, at=submitted, from_status=Session.Status.DRAFT,
                                   to_status=Session.Status.SUBMITTED, visibility=Visibility.GROUP))
        session.refresh_from_db()
    SessionEvent.objects.bulk_create(events)
    return session


def meeting_evidence_record(session: Session) -> MeetingEvidence | None:
    """A submitted Thinking Partners meeting counts towards the grant's condition, recorded by the system."""
    condition = session.grant.conditions.filter(evidence_kind=ConditionTemplate.EvidenceKind.MEETING).first()
    if condition is None or not session.is_submitted or session.submitted_at is None:
        return None
    with demo_clock(session.submitted_at):
        evidence = condition_evidence_record(
            actor=None, condition=condition, occurred_on=session.held_on, source=f"engagement.session:{session.pk}",
            description=f"Attended Thinking Partners ({session.reference}), logged by the group")
        return MeetingEvidence.objects.create(session=session, evidence=evidence)


def question_set_create(owner: Organisation, staff: User, when: datetime) -> QuestionSet:
    question_set = QuestionSet.objects.create(
        owner=owner, name=QUESTION_SET, created_by=staff, created_at=when,
        description="Asked at listening events across the borough, on a phone or on paper forms.")
    for order, (kind, text, weights) in enumerate(QUESTIONS, start=1):
        question = Question.objects.create(question_set=question_set, order=order, text=text, kind=kind)
        if kind in ("single", "multiple"):
            QuestionOption.objects.bulk_create([QuestionOption(question=question, order=n, label=label)
                                                for n, label in enumerate(weights, start=1)])
    return question_set


def _choices(question: Question, weights: dict[str, int]) -> dict[str, int]:
    """The stored value of each answer (an option's id for a choice question) with its weight."""
    if question.kind in ("single", "multiple"):
        ids = {o.label: str(o.pk) for o in question.options.all()}
        return {ids[label]: w for label, w in weights.items()}
    return weights


def answers_add(session: Session, plan: SessionPlan, member: User, rng: random.Random) -> None:
    """One response per person who answered on the phone, or the paper forms counted into tallies."""
    assert session.question_set is not None
    questions = [(q, _choices(q, w)) for q, (_, _, w) in zip(session.question_set.questions.all(), QUESTIONS,
                                                               strict=True)]
    people = max(5, plan.conversations // 2)
    if plan.questions == "tally":
        for question, weights in questions:
            if not weights:
                continue
            answered = people - rng.randint(0, 2)
            drawn = [rng.choices(list(weights), list(weights.values()))[0] for _ in range(answered)]
            if question.kind == "multiple":  # each person ticks one or two
                drawn += [rng.choices(list(weights), list(weights.values()))[0] for _ in range(answered // 2)]
            counts = {c: drawn.count(c) for c in weights if drawn.count(c)}
            Tally.objects.bulk_create([Tally(session=session, question=question, choice=c, count=n)
                                       for c, n in counts.items()])
            TallyAnswered.objects.create(session=session, question=question, answered=answered)
        return
    responses = Response.objects.bulk_create([Response(session=session, created_by=member, created_at=at(plan))
                                              for _ in range(people)])
    answers = []
    for response in responses:
        for question, weights in questions:
            if question.kind == "number":
                answers.append(Answer(response=response, question=question, number=Decimal(rng.randint(0, 6))))
            elif question.kind == "text":
                if rng.random() < 0.5:
                    answers.append(Answer(response=response, question=question, text=rng.choice(WISHES)))
            else:
                picked = rng.choices(list(weights), list(weights.values()), k=2 if question.kind == "multiple" else 1)
                answers += [Answer(response=response, question=question, choice=c) for c in dict.fromkeys(picked)]
    Answer.objects.bulk_create(answers)

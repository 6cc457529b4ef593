"""Who may keep question sets and read or enter a session's answers (the question-sets part of the policy in
engagement/access.py, kept in its own module so that one stays under 400 lines).

Staff of a host organisation keep its question sets. A session uses a set of the host running its share. The
answers are read and entered by the session's group and its host staff only: readers of the programme never see
them (not even counted: what is shared is decided in part 2), and everyone else gets 404.
"""
from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from engagement.access import _SESSION_RELATED, _group_ids, may_edit_session
from engagement.models import Answer, Question, QuestionSet, Response, Session, Tally, TallyAnswered
from grants.access import YES, Allowed, no, rounds_for_staff
from grants.access.base import _is_admin
from grassroots.accounts.access import Capacity, org_ids


def question_sets_for_staff(user: Any) -> QuerySet[QuestionSet]:
    """The sets of the host organisations this user is staff of (every set, for an administrator)."""
    if _is_admin(user):
        return QuestionSet.objects.all()
    return QuestionSet.objects.filter(owner_id__in=org_ids(user, Capacity.HOST))


def question_set_for_staff_or_404(user: Any, pk: int) -> QuestionSet:
    return get_object_or_404(question_sets_for_staff(user).select_related("owner"), pk=pk)


def may_change_question_set(user: Any, question_set: QuestionSet) -> Allowed:
    if not question_sets_for_staff(user).filter(pk=question_set.pk).exists():
        return no("Only staff of the organisation that keeps this set can change it.")
    if question_set.retired:
        return no("This set is retired: it is kept for its answers and can no longer be changed.")
    return YES


def question_is_answered(question: Question) -> bool:
    return (Answer.objects.filter(question=question).exists()
            or Tally.objects.filter(question=question).exists()
            or TallyAnswered.objects.filter(question=question).exists())


def may_reshape_question(user: Any, question: Question) -> Allowed:
    """Changing a question's kind, removing it or removing one of its options would change what its answers
    mean, so once anyone has answered it the set is retired and a new one made instead. Its wording may still be
    corrected."""
    allowed = may_change_question_set(user, question.question_set)
    if not allowed:
        return allowed
    if question_is_answered(question):
        return no("This question already has answers, so it cannot change its kind or lose options. To ask it "
                  "differently, retire the set and create a new one.")
    return YES


def question_sets_for_session(session: Session) -> QuerySet[QuestionSet]:
    """The sets a session may use: those of the host running its share that are not retired."""
    return QuestionSet.objects.filter(owner_id=session.round.share.host_id, retired=False)


def sessions_with_answers_for(user: Any) -> QuerySet[Session]:
    """Sessions whose answers this user may read: their own group's, or those of the rounds they run."""
    return Session.objects.filter(Q(organisation_id__in=_group_ids(user))
                                  | Q(round__in=rounds_for_staff(user).values("pk")))


def session_for_answers_or_404(user: Any, pk: int) -> Session:
    """The session, if this user may read its answers: its group or its host staff (readers: 404)."""
    return get_object_or_404(sessions_with_answers_for(user).select_related(*_SESSION_RELATED, "question_set"),
                             pk=pk)


def response_for_session_or_404(session: Session, pk: int) -> Response:
    return get_object_or_404(Response.objects.filter(session=session), pk=pk)


def may_choose_question_set(user: Any, session: Session) -> Allowed:
    allowed = may_edit_session(user, session)
    if not allowed:
        return allowed
    if session.responses.exists() or session.tallies.exists() or session.tally_totals.exists():
        return no("This session already has answers to its question set. Delete them first to use another set.")
    return YES


def may_enter_answers(user: Any, session: Session) -> Allowed:
    if session.question_set_id is None:
        return no("Choose the session's question set first.")
    return may_edit_session(user, session)

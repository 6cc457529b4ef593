"""Engagement: the sessions groups ran and what people said there (part 1); themes, routing and actions follow."""
from engagement.models.feedback import TEXT_MAX, FeedbackItem  # noqa: F401
from engagement.models.imports import ImportBatch, ImportProblem  # noqa: F401
from engagement.models.questions import (  # noqa: F401
    Answer,
    Question,
    QuestionOption,
    QuestionSet,
    Response,
    Tally,
    TallyAnswered,
)
from engagement.models.sessions import DemographicCount, MeetingEvidence, Session, SessionEvent  # noqa: F401

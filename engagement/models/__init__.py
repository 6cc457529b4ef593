"""Engagement: the sessions groups ran and what people said there (part 1); themes, routing and actions follow."""
from engagement.models.actions import Action, ActionEvent  # noqa: F401
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
from engagement.models.routing import (  # noqa: F401
    REPLY_WORKING_DAYS,
    RecipientEvent,
    RoutedItem,
    Routing,
    RoutingRecipient,
    SafeguardingCase,
    SafeguardingEvent,
)
from engagement.models.sessions import DemographicCount, MeetingEvidence, Session, SessionEvent  # noqa: F401
from engagement.models.tallies import FeedbackTally, TagTally  # noqa: F401
from engagement.models.themes import (  # noqa: F401
    FeedbackTag,
    KeywordRule,
    ModerationDecision,
    SubTheme,
    Suggestion,
    Theme,
    ThemeChange,
)

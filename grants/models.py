"""Programmes, rounds, applications, reviews, awards, payments and monitoring of small grants.

Status fields are TextChoices with their allowed transitions in a plain table beside them;
only the services in ``grants/services/`` change a status, and every change writes an event row.
"""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from grassroots.accounts.models import Area, Organisation
from grassroots.timeline.models import TimelineEvent

User = settings.AUTH_USER_MODEL


class Programme(models.Model):
    """A fund, e.g. "Seldom Heard Voices": one funder and budget over its years, shared among host organisations.

    Each host runs its own share (``ProgrammeShare``) locally; the lead organisation's staff see the whole
    programme. A programme run by a single host has one share, for its lead.
    """

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    funder = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="funded_programmes")
    lead = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_programmes", verbose_name="lead organisation",
        help_text="Runs the programme as a whole; its staff see every host's share and the totals.")
    budget = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))],
                                 help_text="The whole programme's money, across all its years and hosts.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    commissioners = models.ManyToManyField(
        Organisation, blank=True, related_name="commissioned_programmes",
        help_text="ICBs or councils whose commissioners review and decide applications.")
    delivery_partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partnered_programmes",
        help_text="Organisations that support the programme's groups without funding them; they may read its "
                  "groups and sessions.")
    areas = models.ManyToManyField(Area, blank=True, related_name="programmes")
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")), name="programme_starts_before_ends"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="programme_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class ProgrammeShare(models.Model):
    """One host organisation's share of a programme: the money its rounds may commit, and the areas it serves.

    Awards never exceed their round's budget, a share's rounds never exceed the share, and the shares never
    exceed the programme's budget; ``grants/services/programmes.py`` enforces the last two under a lock.
    """

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="shares")
    host = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="programme_shares",
                             help_text="The organisation that runs this share locally (a Healthwatch, a council, "
                                       "an ICB or a voluntary-sector infrastructure body).")
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    areas = models.ManyToManyField(Area, blank=True, related_name="programme_shares")
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "host"], name="one_share_per_host"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="share_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.name}: {self.host.name}"


class Round(models.Model):
    """One funding round of a programme; it opens and closes on its dates by itself."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="rounds")
    share = models.ForeignKey(ProgrammeShare, on_delete=models.PROTECT, related_name="rounds",
                              help_text="The host's share this round spends; always a share of ``programme``.")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    budget = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    min_award = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    max_award = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    published = models.BooleanField(default=False, help_text="Unpublished rounds are invisible to groups.")
    applications_per_group = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1)],
        help_text="How many open applications one group may have in this round at once.")
    report_due_days = models.PositiveIntegerField(
        default=365, help_text="Days after the agreement is accepted that the end-of-grant report is due.")
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_at", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(min_award__lte=models.F("max_award")), name="round_min_le_max"),
            models.CheckConstraint(condition=Q(max_award__lte=models.F("budget")), name="round_max_le_budget"),
            models.CheckConstraint(condition=Q(opens_at__lt=models.F("closes_at")), name="round_opens_before_closes"),
        ]

    class State(models.TextChoices):
        DRAFT = "draft", "Not published"
        UPCOMING = "upcoming", "Opens soon"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    def __str__(self) -> str:
        return f"{self.programme.name}: {self.name}"

    @property
    def state(self) -> str:
        now = timezone.now()
        if not self.published:
            return self.State.DRAFT
        if now < self.opens_at:
            return self.State.UPCOMING
        if now < self.closes_at:
            return self.State.OPEN
        return self.State.CLOSED

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class EligibilityQuestion(models.Model):
    """A yes/no question with the answer that passes and a plain-English reason when it does not."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="eligibility_questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=500, blank=True)
    passing_answer = models.BooleanField(default=True, help_text="The answer an eligible group gives.")
    failure_message = models.CharField(
        max_length=500, help_text="Shown when a group gives the other answer, e.g. 'This fund is only for groups "
                                  "with an annual income under £100,000.'")

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class Criterion(models.Model):
    """A weighted assessment criterion that reviewers score from 1 to 5."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    guidance = models.TextField(blank=True, help_text="What a 1, a 3 and a 5 look like.")
    weight = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(100)])

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = "criteria"

    def __str__(self) -> str:
        return f"{self.name} (×{self.weight})"


class ConditionTemplate(models.Model):
    """A condition every grant of the round carries, met by evidence (not a tick box)."""

    class EvidenceKind(models.TextChoices):
        MEETING = "meeting", "Attendance at a meeting (e.g. Thinking Partners)"
        DOCUMENT = "document", "A document"
        REPORT = "report", "The end-of-grant report"
        OTHER = "other", "Other evidence"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="conditions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    evidence_kind = models.CharField(max_length=20, choices=EvidenceKind.choices, default=EvidenceKind.OTHER)
    required_count = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1)], help_text="How many pieces of evidence meet the condition.")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class RequiredDocument(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="required_documents")
    name = models.CharField(max_length=200, help_text="e.g. 'Safeguarding policy'")
    description = models.CharField(max_length=500, blank=True)
    mandatory = models.BooleanField(default=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        UNDER_REVIEW = "under_review", "Under review"
        RETURNED = "returned", "Returned for changes"
        AWARDED = "awarded", "Awarded"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # The whole workflow at a glance: from -> the states it may move to.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.DRAFT: frozenset({Status.SUBMITTED, Status.WITHDRAWN}),
        Status.SUBMITTED: frozenset({Status.UNDER_REVIEW, Status.RETURNED, Status.WITHDRAWN, Status.DECLINED}),
        Status.UNDER_REVIEW: frozenset({Status.AWARDED, Status.DECLINED, Status.RETURNED, Status.WITHDRAWN}),
        Status.RETURNED: frozenset({Status.SUBMITTED, Status.WITHDRAWN}),
        Status.AWARDED: frozenset(),
        Status.DECLINED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }
    EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="applications")
    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="applications_created")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="The latest submission.")
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0, help_text="How many times it has been submitted.")

    # Section: your group
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    group_description = models.TextField(blank=True)
    # Section: the activity
    title = models.CharField("project title", max_length=200, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    activity_description = models.TextField(blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    # Section: communities reached
    communities = models.TextField(blank=True, help_text="Who the activity reaches and why they are seldom heard.")
    # Section: sessions and reach
    planned_sessions = models.PositiveIntegerField(null=True, blank=True)
    expected_reach = models.PositiveIntegerField(null=True, blank=True, help_text="People expected to attend.")
    expected_conversations = models.PositiveIntegerField(null=True, blank=True)
    # Section: budget
    amount_requested = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # Keys of the sections the group has saved at least once: answers filled in for it at the start
    # (contact details, communities) do not make a section "Completed" until the group has seen them.
    sections_saved = models.JSONField(default=list, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["round", "status"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["status", "-submitted_at"]),
            # PostgreSQL also has application_newest_submitted (migration 0002) for the staff list's default order.
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title or '(untitled)'}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED

    def may_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]


class ReferenceCounter(models.Model):
    """The last application number used in a year (GR-2026-00042 -> 42), one row per year. Taken with an
    atomic upsert, so two groups starting at once in any two rounds never get the same reference."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class EligibilityAnswer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="eligibility_answers")
    question = models.ForeignKey(EligibilityQuestion, on_delete=models.PROTECT)
    answer = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "question"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.question}: {'yes' if self.answer else 'no'}"


class BudgetLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    order = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.description}: £{self.amount:,.2f}"


def _document_path(instance: SupportingDocument, filename: str) -> str:
    return f"applications/{instance.application_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class SupportingDocument(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    required_document = models.ForeignKey(RequiredDocument, null=True, blank=True, on_delete=models.SET_NULL)
    file = models.FileField(upload_to=_document_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class ApplicationVersion(models.Model):
    """A frozen copy of what was submitted, kept for every submission so versions can be compared."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT)
    snapshot = models.JSONField(help_text="Archival copy of the answers; live data stays in columns.")

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="version_number_unique")]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.application.reference}"


class ApplicationEvent(TimelineEvent):
    """The application's timeline: every transition and every staff or reviewer step, each marked with
    who may read it (the group sees its own steps and decisions, never checks, reviewers or conflicts)."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", "Status changed"
        STARTED = "started", "Application started"
        CHECK = "check", "Check recorded"
        REVIEW_ASSIGNED = "review_assigned", "Reviewer assigned"
        REVIEW_UNASSIGNED = "review_unassigned", "Reviewer unassigned"
        REVIEW_CONFLICT = "review_conflict", "Conflict of interest declared"
        REVIEW_STARTED = "review_started", "Review started"
        REVIEW_SUBMITTED = "review_submitted", "Review submitted"

    statuses = Application.Status

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.TRANSITION)

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["application", "at"])]

    def __str__(self) -> str:
        return f"{self.note or self.kind} ({self.at:%d %B %Y})"


class ApplicationCheck(models.Model):
    """Host staff's eligibility and due-diligence checks."""

    class Kind(models.TextChoices):
        ELIGIBILITY = "eligibility", "Eligibility"
        DUE_DILIGENCE = "due_diligence", "Due diligence"

    class Outcome(models.TextChoices):
        PASSED = "passed", "Passed"
        QUERY = "query", "Needs a query"
        FAILED = "failed", "Failed"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    note = models.TextField(blank=True)
    checked_by = models.ForeignKey(User, on_delete=models.PROTECT)
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} check: {self.get_outcome_display()}"


class Review(models.Model):
    class Status(models.TextChoices):
        ASSIGNED = "assigned", "Assigned"
        CONFLICTED = "conflicted", "Conflict declared"
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.ASSIGNED: frozenset({Status.IN_PROGRESS, Status.CONFLICTED}),
        Status.IN_PROGRESS: frozenset({Status.SUBMITTED}),
        Status.CONFLICTED: frozenset(),
        Status.SUBMITTED: frozenset(),
    }

    class Recommendation(models.TextChoices):
        FUND = "fund", "Fund"
        FUND_WITH_CHANGES = "fund_with_changes", "Fund with changes"
        DO_NOT_FUND = "do_not_fund", "Do not fund"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ASSIGNED)
    assigned_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="reviews_assigned")
    assigned_at = models.DateTimeField(default=timezone.now)
    conflict_declared_at = models.DateTimeField(null=True, blank=True)
    has_conflict = models.BooleanField(null=True, help_text="None until the reviewer declares.")
    conflict_details = models.TextField(blank=True)
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    weighted_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True,
                                         help_text="Out of 5, stored when the review is submitted.")

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_per_reviewer")]
        indexes = [
            models.Index(fields=["reviewer", "status"]),
            # The review queue's orders (grants/selectors/review.py): to do by assignment, submitted newest first.
            models.Index(fields=["reviewer", "assigned_at", "id"], name="review_todo_oldest",
                         condition=Q(status__in=["assigned", "in_progress"])),
            models.Index(fields=["reviewer", "-submitted_at", "-id"], name="review_done_newest",
                         condition=Q(status="submitted")),
        ]

    def __str__(self) -> str:
        return f"Review of {self.application.reference} by {self.reviewer}"

    @property
    def is_conflicted(self) -> bool:
        return self.status == self.Status.CONFLICTED

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT)
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.score} out of 5"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        AWARDED = "awarded", "Awarded"
        DECLINED = "declined", "Declined"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.application.reference}"


class Grant(models.Model):
    class Status(models.TextChoices):
        OFFERED = "offered", "Offered — agreement to accept"
        ACTIVE = "active", "Active"
        REPORT_SUBMITTED = "report_submitted", "End-of-grant report submitted"
        CLOSED = "closed", "Closed"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.OFFERED: frozenset({Status.ACTIVE}),
        Status.ACTIVE: frozenset({Status.REPORT_SUBMITTED}),
        Status.REPORT_SUBMITTED: frozenset({Status.CLOSED, Status.ACTIVE}),
        Status.CLOSED: frozenset(),
    }

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="grant")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="grants")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="grants")
    reference = models.CharField(max_length=30, unique=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OFFERED)
    awarded_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    report_due = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-awarded_at", "-pk"]
        indexes = [models.Index(fields=["round", "status"])]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive")]

    def __str__(self) -> str:
        return self.reference

    # What a status means, asked by name so templates never compare against literal values.
    @property
    def awaits_acceptance(self) -> bool:
        return self.status == self.Status.OFFERED

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_report_submitted(self) -> bool:
        return self.status == self.Status.REPORT_SUBMITTED

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class GrantEvent(TimelineEvent):
    """The grant's timeline: acceptance, payments, evidence, report, closure."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", "Status changed"
        AWARDED = "awarded", "Grant offered"
        SCHEDULE = "schedule", "Payment schedule changed"
        PAYMENT = "payment", "Payment made"
        EVIDENCE = "evidence", "Evidence recorded"
        REPORT_OPENED = "report_opened", "Report opened early"

    statuses = Grant.Status

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.TRANSITION)

    class Meta(TimelineEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.note or self.kind} ({self.at:%d %B %Y})"


class GrantCondition(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="conditions")
    template = models.ForeignKey(ConditionTemplate, null=True, on_delete=models.SET_NULL)
    title = models.CharField(max_length=200)
    evidence_kind = models.CharField(max_length=20, choices=ConditionTemplate.EvidenceKind.choices)
    required_count = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class ConditionEvidence(models.Model):
    """Evidence that a condition was met, e.g. a Thinking Partners meeting someone from the group attended.

    ``source`` names where it came from ("manual", or "engagement.meeting:<id>" when the engagement app
    records attendance), so compliance is derived from facts, never a tick box.
    """

    condition = models.ForeignKey(GrantCondition, on_delete=models.CASCADE, related_name="evidence")
    occurred_on = models.DateField()
    description = models.CharField(max_length=300)
    source = models.CharField(max_length=60, default="manual")
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["occurred_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["condition", "source"], condition=~Q(source="manual"),
                                    name="evidence_source_once"),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.occurred_on:%d %B %Y})"


class Payment(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        PAID = "paid", "Paid"

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="payments")
    number = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    paid_on = models.DateField(null=True, blank=True)
    paid_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    payment_reference = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["grant", "number"], name="payment_number_unique")]

    def __str__(self) -> str:
        return f"Instalment {self.number}: £{self.amount:,.2f}"

    @property
    def is_paid(self) -> bool:
        return self.status == self.Status.PAID


class MonitoringReport(models.Model):
    """The end-of-grant report a group submits."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        RETURNED = "returned", "Returned for changes"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.DRAFT: frozenset({Status.SUBMITTED}),
        Status.SUBMITTED: frozenset({Status.ACCEPTED, Status.RETURNED}),
        Status.RETURNED: frozenset({Status.SUBMITTED}),
        Status.ACCEPTED: frozenset(),
    }

    grant = models.OneToOneField(Grant, on_delete=models.CASCADE, related_name="report")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    what_happened = models.TextField(blank=True)
    sessions_held = models.PositiveIntegerField(null=True, blank=True)
    people_reached = models.PositiveIntegerField(null=True, blank=True)
    conversations = models.PositiveIntegerField(null=True, blank=True)
    amount_spent = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    spend_notes = models.TextField(blank=True, help_text="How spending compared with the budget, and why.")
    story = models.TextField(blank=True, help_text="A case study: one person's experience, shared with consent.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    opened_early_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when host staff open the report before the activity's end date.")
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminder_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "end-of-grant report"

    def __str__(self) -> str:
        return f"End-of-grant report for {self.grant.reference} ({self.get_status_display().lower()})"

    @property
    def is_with_the_group(self) -> bool:
        """Not yet sent, or sent back: the group may still change it."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED


class MonitoringReportEvent(TimelineEvent):
    """The end-of-grant report's timeline: submitted, returned with questions, accepted."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", "Status changed"

    statuses = MonitoringReport.Status

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.TRANSITION)

    class Meta(TimelineEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.report.grant.reference}: {super().__str__()}"

class ApplicationTally(models.Model):
    """How many applications of a round stand in each status (split by whether staff have checked them).

    Kept by ``grants.tallies`` inside the transaction of every service that creates an application, changes
    its status or records its first check, so it is never wrong; pages read a few of these rows instead of
    counting every application. ``manage.py grants_tallies --check`` compares it with a fresh count.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Application.Status.choices)
    checked = models.BooleanField(default=False, help_text="At least one eligibility or due-diligence check.")
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "status", "checked"], name="application_tally_key"),
            models.CheckConstraint(condition=Q(count__gte=0), name="application_tally_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.status}{' checked' if self.checked else ''}: {self.count}"


class ReviewTally(models.Model):
    """How many reviews each reviewer has in each status in a round, kept like ``ApplicationTally``."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Review.Status.choices)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "round", "status"], name="review_tally_key"),
            models.CheckConstraint(condition=Q(count__gte=0), name="review_tally_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} reviewer {self.reviewer_id} {self.status}: {self.count}"

"""Question sets staff define, and the answers a session collected: per person, or tallied from paper."""
from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from engagement.models.sessions import Session
from grassroots.accounts.models import Organisation, User


class QuestionSet(models.Model):
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="question_sets",
                              help_text="The host organisation whose staff keep the set.")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    retired = models.BooleanField(default=False, help_text="A retired set is kept for its answers, not offered.")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    class Kind(models.TextChoices):
        YES_NO = "yes_no", "Yes or no"
        AGREEMENT = "agreement", "Agreement scale"
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        NUMBER = "number", "Number"
        TEXT = "text", "Free text"

    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=12, choices=Kind.choices)

    # The fixed choices of the yes/no and agreement kinds, as stored in ``Answer.choice`` and ``Tally.choice``.
    YES_NO = (("yes", "Yes"), ("no", "No"))
    AGREEMENT_SCALE = (("1", "Strongly disagree"), ("2", "Disagree"), ("3", "Neither agree nor disagree"),
                       ("4", "Agree"), ("5", "Strongly agree"))
    AGREE = ("4", "5")  # "agree" in the results: agree and strongly agree together
    ONE_ANSWER_KINDS = (Kind.YES_NO, Kind.AGREEMENT, Kind.SINGLE)  # each person gives exactly one choice
    OPTION_KINDS = (Kind.SINGLE, Kind.MULTIPLE)  # whose choices staff write as options

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    def choices(self) -> list[tuple[str, str]]:
        """(stored value, label) of each choice, in order; empty for number and text. Uses prefetched options."""
        if self.kind == self.Kind.YES_NO:
            return list(self.YES_NO)
        if self.kind == self.Kind.AGREEMENT:
            return list(self.AGREEMENT_SCALE)
        if self.kind in self.OPTION_KINDS:
            return [(str(option.pk), option.label) for option in self.options.all()]
        return []

    @property
    def has_choices(self) -> bool:
        return self.kind not in (self.Kind.NUMBER, self.Kind.TEXT)

    @property
    def has_options(self) -> bool:
        return self.kind in self.OPTION_KINDS

    @property
    def takes_one_choice(self) -> bool:
        return self.kind in self.ONE_ANSWER_KINDS

    @property
    def is_multiple(self) -> bool:
        return self.kind == self.Kind.MULTIPLE

    @property
    def is_number(self) -> bool:
        return self.kind == self.Kind.NUMBER

    @property
    def is_text(self) -> bool:
        return self.kind == self.Kind.TEXT

    @property
    def is_agreement(self) -> bool:
        return self.kind == self.Kind.AGREEMENT

    @property
    def is_yes_no(self) -> bool:
        return self.kind == self.Kind.YES_NO


class QuestionOption(models.Model):
    """A choice of a single- or multiple-choice question (yes/no and the agreement scale have fixed ones)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label


class Response(models.Model):
    """One person's answers at a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="responses")
    client_id = models.UUIDField(default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The file it came from, when typed on paper and imported (engagement/imports/).
    import_batch = models.ForeignKey("engagement.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", editable=False)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["session", "client_id"], name="response_once_per_client_id")]

    def __str__(self) -> str:
        return f"Response {self.pk} at {self.session}"


class Answer(models.Model):
    """One answer: ``choice`` holds a yes/no or agreement value or an option's id (one row per option chosen
    for a multiple-choice question); ``number`` and ``text`` hold the other kinds."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.CharField(max_length=20, blank=True)
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["question", "choice"])]

    def __str__(self) -> str:
        return f"{self.question}: {self.choice or self.number or self.text}"


class Tally(models.Model):
    """Paper forms counted by hand: how many gave ``choice`` to a question at a session; ``answered`` is how many
    answered the question at all (for a multiple-choice question, fewer than the sum of its choices)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="tallies")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="tallies")
    choice = models.CharField(max_length=20)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["session", "question", "choice"],
                                               name="tally_once_per_choice")]

    def __str__(self) -> str:
        return f"{self.question}: {self.choice} × {self.count}"


class TallyAnswered(models.Model):
    """How many people answered a question at a session on paper (the denominator for its tallies)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="tally_totals")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    answered = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["session", "question"], name="tally_answered_once")]

    def __str__(self) -> str:
        return f"{self.question}: {self.answered} answered"

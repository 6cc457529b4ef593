"""Forms for question sets, the set a session uses, one person's answers, paper tallies and the results filters.

The rules are the service's (engagement/services/questions.py): these forms ask it for their messages."""
from __future__ import annotations

import uuid
from typing import Any

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size, Submit
from django import forms

from engagement.models import Question, QuestionSet, Session
from engagement.services.questions import (
    AnswerValue,
    answered_field,
    count_field,
    response_problem,
    tally_problems,
)
from grassroots.accounts.models import Area, Organisation
from grassroots.forms import DateField, GDSFormMixin


class QuestionSetForm(GDSFormMixin, forms.Form):
    submit_label = "Save question set"
    owner = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Organisation that keeps the set",
                                   empty_label="Choose the organisation")
    name = forms.CharField(label="Name", max_length=200, help_text="For example, ‘GP access 2026’")
    description = forms.CharField(label="Description (optional)", required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="What the set is for and when groups should use it")

    def __init__(self, *args: Any, owners: Any = None, question_set: QuestionSet | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if question_set is not None or owners is None or len(owners) == 1:
            del self.fields["owner"]
        else:
            self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        if question_set is not None:
            self.initial.update(name=question_set.name, description=question_set.description)
        items: list[Any] = [Field.select("owner")] if "owner" in self.fields else []
        self.set_layout(*items, Field.text("name"), Field.textarea("description", rows=3),
                        Submit("submit", self.submit_label))


class QuestionForm(GDSFormMixin, forms.Form):
    """A question's wording and kind; options as lines for a new question, one box each once they exist."""

    submit_label = "Save question"
    text = forms.CharField(label="Question", max_length=300, help_text="As people will read it, e.g. ‘Could you "
                                                                       "get a GP appointment when you needed one?’")
    kind = forms.ChoiceField(label="Kind of answer", choices=Question.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of answer"})
    options = forms.CharField(label="Options", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="For single and multiple choice only: one option on each line")

    def __init__(self, *args: Any, question: Question | None = None, reshape_refusal: str = "",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        items: list[Any] = [Field.text("text")]
        if question is not None:
            self.initial.update(text=question.text, kind=question.kind)
            if reshape_refusal:
                self.fields["kind"].disabled = True
                self.fields["kind"].help_text = "People have answered this question, so its kind stays as it is."
            self.fields["options"].label = "Add options (optional)"
            for option in question.options.all():
                name = f"option_{option.pk}"
                self.fields[name] = forms.CharField(label=f"Option {option.order}", max_length=200,
                                                    initial=option.label)
            items += [Field.radios("kind", legend_size=Size.SMALL)]
            items += [Field.text(f"option_{o.pk}") for o in question.options.all()]
        else:
            items += [Field.radios("kind", legend_size=Size.SMALL)]
        items += [Field.textarea("options", rows=4), Submit("submit", self.submit_label)]
        self.set_layout(*items)

    def option_labels(self) -> dict[int, str]:
        return {int(name.removeprefix("option_")): value for name, value in self.cleaned_data.items()
                if name.startswith("option_")}

    def new_options(self) -> list[str]:
        return str(self.cleaned_data.get("options") or "").splitlines()


class ChooseQuestionSetForm(GDSFormMixin, forms.Form):
    submit_label = "Use this set"
    question_set = forms.ModelChoiceField(queryset=QuestionSet.objects.none(), widget=forms.RadioSelect,
                                          label="Which question set did people answer?", empty_label=None,
                                          error_messages={"required": "Select the question set people answered"})

    def __init__(self, *args: Any, session: Session, sets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question_set"].queryset = sets  # type: ignore[attr-defined]
        self.initial["question_set"] = session.question_set_id
        self.set_layout(Field.radios("question_set", legend_size=Size.LARGE, legend_tag="h1"),
                        Submit("submit", self.submit_label))


def _answer_field(question: Question) -> forms.Field:
    label = question.text
    # A stale page (an option removed since) or a tampered one: name the question, never echo what was sent.
    stale = {"invalid_choice": f"Select an answer to “{label}” from the list"}  # noqa: S608 (GOV.UK words, not SQL)
    if question.is_multiple:
        return forms.MultipleChoiceField(label=label, choices=question.choices(), required=False,
                                         widget=forms.CheckboxSelectMultiple, help_text="Select all that apply",
                                         error_messages=stale)
    if question.has_choices:
        return forms.ChoiceField(label=label, choices=question.choices(), required=False, widget=forms.RadioSelect,
                                 error_messages=stale)
    if question.is_number:
        return forms.DecimalField(label=label, required=False, max_digits=12, decimal_places=2,
                                  widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                                  error_messages={"invalid": f"“{label}” must be a number, like 3 or 2.5",
                                                  "max_digits": f"“{label}” is too large",
                                                  "max_whole_digits": f"“{label}” is too large",
                                                  "max_decimal_places": f"“{label}” must have 2 decimal places "
                                                                        "or fewer"})
    return forms.CharField(label=label, required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"max_length": f"The answer to “{label}” must be 2,000 characters or "
                                                         "fewer"})


def answer_name(question: Question) -> str:
    return f"q_{question.pk}"


class ResponseForm(GDSFormMixin, forms.Form):
    """Every question of the set on one page; each may be left unanswered, but not all of them."""

    submit_label = None  # the template has "Save and add another person" and "Save"
    # Made when the page is drawn: the same page sent twice saves the person once (see ``response_save``).
    client_id = forms.CharField(widget=forms.HiddenInput, required=False, max_length=36)

    def __init__(self, *args: Any, session: Session, questions: list[Question], adding: bool,
                 values: dict[int, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session, self.questions, self.adding = session, questions, adding
        self.initial.setdefault("client_id", uuid.uuid4())
        items: list[Any] = [Field("client_id")]
        for question in questions:
            name = answer_name(question)
            self.fields[name] = _answer_field(question)
            if values and question.pk in values:
                self.initial[name] = values[question.pk]
            if question.is_multiple:
                items.append(Field.checkboxes(name, legend_size=Size.SMALL, small=True))
            elif question.has_choices:
                items.append(Field.radios(name, legend_size=Size.SMALL, small=True))
            elif question.is_number:
                items.append(Field.text(name, label_size=Size.SMALL, field_width=5))
            else:
                items.append(Field.textarea(name, label_size=Size.SMALL, rows=3))
        self.set_layout(*items)

    def clean_client_id(self) -> uuid.UUID | None:
        """A page's id; a mangled one only means the page is not recognised if sent twice."""
        try:
            return uuid.UUID(self.cleaned_data.get("client_id") or "")
        except ValueError:
            return None

    def already_saved(self) -> bool:
        """This very page was saved before (sent twice): nothing more to check, the service saves nothing new."""
        client_id = self.cleaned_data.get("client_id")
        return bool(self.adding and client_id and self.session.responses.filter(client_id=client_id).exists())

    def values(self) -> dict[int, AnswerValue]:
        return {q.pk: self.cleaned_data.get(answer_name(q)) for q in self.questions}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.already_saved():
            return cleaned
        problem = response_problem(self.session, adding=self.adding)
        if problem:
            raise forms.ValidationError(problem)
        answers = [v for name, v in cleaned.items() if name != "client_id"]
        if not self.errors and not any(v not in (None, "", []) for v in answers):
            raise forms.ValidationError("Enter at least one answer")
        return cleaned


class TallyForm(GDSFormMixin, forms.Form):
    """Paper forms counted by hand: per question, how many answered and how many gave each choice."""

    submit_label = "Save tallies"

    def __init__(self, *args: Any, session: Session, questions: list[Question],
                 counts: dict[tuple[int, str], int] | None = None, answered: dict[int, int] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        self.questions = [q for q in questions if not q.is_number]  # numbers are entered one person at a time
        items: list[Any] = []
        for question in self.questions:
            name = answered_field(question)
            self.fields[name] = self._count("How many answered it on paper", initial=(answered or {}).get(question.pk))
            boxes = [Field.text(name, field_width=4)]
            for choice, label in question.choices():
                field_name = count_field(question, choice)
                self.fields[field_name] = self._count(label, initial=(counts or {}).get((question.pk, choice)))
                boxes.append(Field.text(field_name, field_width=4))
            items.append(Fieldset(*boxes, legend=question.text, legend_size=Size.SMALL))
        if any(q.is_number for q in questions):
            items.append(HTML('<p class="govuk-body">Number questions are entered one person at a time.</p>'))
        items.append(Submit("submit", self.submit_label))
        self.set_layout(*items)

    @staticmethod
    def _count(label: str, initial: int | None) -> forms.IntegerField:
        return forms.IntegerField(label=label, required=False, min_value=0, max_value=100_000, initial=initial,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                                  error_messages={"invalid": f"{label} must be a whole number, like 12"})

    def counts(self) -> dict[tuple[int, str], int | None]:
        return {(q.pk, choice): self.cleaned_data.get(count_field(q, choice))
                for q in self.questions for choice, _ in q.choices()}

    def answered(self) -> dict[int, int | None]:
        return {q.pk: self.cleaned_data.get(answered_field(q)) for q in self.questions}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            for name, message in tally_problems(self.session, self.questions, self.counts(), self.answered()).items():
                self.add_error(name, message)
        return cleaned


class ResultsFilterForm(GDSFormMixin, forms.Form):
    submit_label = "Show results"
    group = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False, label="Group",
                                   empty_label="All groups")
    area = forms.ModelChoiceField(queryset=Area.objects.none(), required=False, label="Area", empty_label="All areas")
    start = DateField(label="From", required=False, help_text="For example, 1 4 2026")
    end = DateField(label="To", required=False, help_text="For example, 31 3 2027")

    def __init__(self, *args: Any, groups: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.set_layout(Field.select("group"), Field.select("area"),
                        Field("start", legend_size=Size.SMALL), Field("end", legend_size=Size.SMALL),
                        Submit("submit", self.submit_label))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The ‘to’ date must be the same as or after the ‘from’ date")
        return cleaned

"""Nothing a person types is ever written into a page as markup.

Every CharField and TextField of every model of ours (found by introspection, so a new model or field is covered
the day it is added) is filled with hostile text on every row of the URL walk's data; then every page of the walk
(tests/core/test_url_walk.py: every URL, with a row for each) is read as every role that may see it, and
none may contain the markup raw. Each value starts with a tag (``F<field>r<row>#``) so the test also knows
which fields were shown, escaped, somewhere.

Checked by reverting: with crispy-forms-gds's own templates (``{{ field.label|safe }}``) the eligibility page
writes the question and its hint as markup, and this test fails on it.
"""
from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grants.models import ApplicationCheck, EligibilityQuestion
from grants.services import grants as grant_services
from grants.services import reviews as review_services
from grants.services.decisions import application_decline
from grants.services.staff import application_check_record
from tests.core.test_url_walk import EXPECTED, ROLES
from tests.grants.factories import (
    assign,
    make_report_submitted,
    make_under_review,
    second_commissioner,
    submitted_review,
)

OUR_APPS = ("grassroots.accounts", "grassroots.jobs", "grants", "engagement", "reports")
PAYLOAD = '<b>x</b>"><img src=x>'
SHORT_PAYLOAD = "<b>x</b>"
RAW_MARKERS = ("<b>x</b>", '"><img src=x>', "<img src=x>")

# Written by the system, never typed by a person (and some are keys the code looks up, so changing them would
# break the page rather than test it). Anything not listed here is treated as typed.
SYSTEM_FIELDS = {
    "accounts.User.password",
    "accounts.Invitation.token",
    "jobs.Job.kind", "jobs.Job.filename", "jobs.Job.content_type", "jobs.Job.message",
    "grants.Application.reference", "grants.Grant.reference",
    "grants.SupportingDocument.content_type",
    "grants.ApplicationEvent.from_status", "grants.ApplicationEvent.to_status", "grants.ApplicationEvent.kind",
    "grants.GrantEvent.from_status", "grants.GrantEvent.to_status", "grants.GrantEvent.kind",
    "grants.ConditionEvidence.source",
    "engagement.Session.reference",
    "engagement.SessionEvent.from_status", "engagement.SessionEvent.to_status", "engagement.SessionEvent.kind",
    "engagement.Answer.choice", "engagement.Tally.choice",  # a fixed value or an option's id
    "engagement.RecipientEvent.from_status", "engagement.RecipientEvent.to_status", "engagement.RecipientEvent.kind",
    "engagement.SafeguardingEvent.from_status", "engagement.SafeguardingEvent.to_status",
    "engagement.SafeguardingEvent.kind",
    "engagement.ActionEvent.from_status", "engagement.ActionEvent.to_status", "engagement.ActionEvent.kind",
    "engagement.Action.evidence_type",
    "reports.Report.kind", "reports.Report.scope_type", "reports.Report.topic",
}


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    fields = []
    for field in model._meta.concrete_fields:
        label = f"{model._meta.label}.{field.name}"
        if not isinstance(field, models.CharField | models.TextField) or isinstance(field, models.SlugField):
            continue
        if field.choices or label in SYSTEM_FIELDS or field.primary_key:
            continue
        fields.append(field)
    return fields


def _our_models() -> list[type[models.Model]]:
    found = []
    for app_label in OUR_APPS:
        config = next(c for c in apps.get_app_configs() if c.name == app_label)
        found += [m for m in config.get_models() if not m.__name__.startswith("Historical")]
    return found


def _hostile(field: models.Field, tag: str) -> str | None:
    limit = field.max_length or 10_000
    for payload in (PAYLOAD, SHORT_PAYLOAD):
        if len(tag) + len(payload) <= limit:
            return tag + payload
    return None


def _poison_every_text_field() -> dict[str, str]:
    """Fill each typed text field of each row with hostile text; returns {tag prefix: "app.Model.field"}."""
    tags: dict[str, str] = {}
    index = 0
    for model in _our_models():
        fields = _text_fields(model)
        if not fields:
            continue
        for pk in model._default_manager.values_list("pk", flat=True):
            updates = {}
            for n, field in enumerate(fields):
                prefix = f"F{index + n}r"
                tags[prefix] = f"{model._meta.label}.{field.name}"
                value = _hostile(field, f"{prefix}{pk}#")
                if value is not None:
                    updates[field.attname] = value
            model._default_manager.filter(pk=pk).update(**updates)
        index += len(fields)
    return tags


@pytest.fixture
def rich_data(walk_data):
    """The walk's data plus the rows its pages do not need: checks, scores, a conflict, evidence, a paid
    instalment, an end-of-grant report and a declined application, each with typed text."""
    world = walk_data["world"]
    application_check_record(actor=world.host_staff, application=walk_data["submitted"],
                             kind=ApplicationCheck.Kind.ELIGIBILITY, outcome=ApplicationCheck.Outcome.QUERY,
                             note="Ask about their constitution")
    submitted_review(world, walk_data["reviewed"], second_commissioner(world), scores=[4, 3, 5], comment="Strong plan")
    conflicted = assign(world, walk_data["reviewed"], second_commissioner(world, name="Conn Flicted"))
    review_services.review_declare_conflict(actor=conflicted.reviewer, review=conflicted, has_conflict=True,
                                            details="My sister chairs the group")
    reported = make_report_submitted(world, title="Reported")
    grant_services.condition_evidence_record(actor=world.host_staff, condition=reported.conditions.first(),
                                             occurred_on=date(2026, 3, 12), description="Attended Thinking Partners")
    grant_services.payment_mark_paid(actor=world.host_staff, payment=reported.payments.first(),
                                     paid_on=timezone.localdate(), reference="BACS 0412")
    declined = application_decline(actor=world.commissioner, application=make_under_review(world, title="Declined"),
                                   reason="Another group covers this area")
    scorer = second_commissioner(world, name="Sam Scorer")
    scoring = assign(world, walk_data["reviewed"], scorer)
    review_services.review_declare_conflict(actor=scorer, review=scoring, has_conflict=False)
    return {**walk_data, "reported": reported, "declined": declined, "scoring": scoring, "scorer": scorer}


# Pages for the extra rows, beyond the walk's: (url name, kwargs, role that sees it).
EXTRA_PAGES = [
    ("grants:grant_detail", lambda d: {"pk": d["reported"].pk}, "group"),
    ("grants:grant_report", lambda d: {"pk": d["reported"].pk}, "group"),
    ("grants:grant_manage", lambda d: {"pk": d["reported"].pk}, "host"),
    ("grants:application_detail", lambda d: {"pk": d["declined"].pk}, "group"),
    ("grants:staff_application", lambda d: {"pk": d["declined"].pk}, "host"),
    ("grants:staff_application", lambda d: {"pk": d["reviewed"].pk}, "host"),
    ("grants:review_panel", lambda d: {"pk": d["reviewed"].pk}, "host"),
    ("grants:review_panel", lambda d: {"pk": d["reviewed"].pk}, "admin"),
    ("grants:review_score", lambda d: {"pk": d["scoring"].pk}, "scorer"),
]


def _pages_as_every_role(walk_data, login_as) -> list[tuple[str, str, str]]:
    world = walk_data["world"]
    users = {"group": world.group_member, "other_group": world.other_group_member, "host": world.host_staff,
             "commissioner": world.commissioner, "admin": world.admin}
    clients = {"anonymous": Client(), **{role: login_as(user) for role, user in users.items()}}
    pages = []
    for name, (kwargs_for, expected) in EXPECTED.items():
        if expected is None or name.startswith("admin:"):
            continue
        url = reverse(name, kwargs=kwargs_for(walk_data))
        for role in ROLES:
            if expected[role] != 200:
                continue
            response = clients[role].get(url)
            assert response.status_code == 200, f"{name} as {role} answered {response.status_code} ({url})"
            if response.get("Content-Type", "").startswith("text/html"):
                pages.append((f"{name} as {role}", url, response.content.decode()))
    for name, kwargs_for, role in EXTRA_PAGES:
        if role not in clients:
            clients[role] = login_as(walk_data[role])
        url = reverse(name, kwargs=kwargs_for(walk_data))
        response = clients[role].get(url)
        assert response.status_code == 200, f"{name} as {role} answered {response.status_code} ({url})"
        pages.append((f"{name} as {role}", url, response.content.decode()))
    # Pages drawn after a POST: the eligibility errors (which quote the question) and the "cannot apply" page
    # (which gives each question's failure message).
    rnd = walk_data["world"].round
    url = reverse("grants:eligibility", kwargs={"round_pk": rnd.pk})
    failing = {f"q{q.pk}": "no" if q.passing_answer else "yes" for q in rnd.eligibility_questions.all()}
    for label, data in (("with errors", {}), ("not eligible", failing)):
        response = clients["group"].post(url, data)
        assert response.status_code in (200, 400), f"eligibility {label} answered {response.status_code}"
        pages.append((f"grants:eligibility {label} as group", url, response.content.decode()))
    return pages


@pytest.fixture
def hostile_pages(rich_data, login_as):
    tags = _poison_every_text_field()
    return tags, _pages_as_every_role(rich_data, login_as)


def test_every_model_of_ours_with_typed_text_is_poisoned(rich_data):
    """A new model whose rows nobody creates here would escape this test: build one in walk_data or rich_data."""
    empty = [m._meta.label for m in _our_models() if _text_fields(m) and not m._default_manager.exists()]
    assert empty == [], f"Give walk_data (test_url_walk.py) or rich_data a row of each: {empty}"


def test_no_page_writes_typed_text_as_markup(hostile_pages):
    _, pages = hostile_pages
    leaks = [f"{where}: {marker!r} ({url})" for where, url, html in pages for marker in RAW_MARKERS if marker in html]
    assert leaks == [], "Typed text reached a page unescaped:\n" + "\n".join(leaks)


def test_the_eligibility_question_and_its_hint_are_shown_escaped(hostile_pages, walk_data):
    _, pages = hostile_pages
    question = EligibilityQuestion.objects.filter(round=walk_data["world"].round).first()
    html = next(html for where, _, html in pages if where == "grants:eligibility as group")
    for value in (question.text, question.help_text):
        assert value.split("#")[0] + "#&lt;b&gt;x&lt;/b&gt;" in html


def test_most_typed_fields_are_shown_somewhere_so_the_walk_really_tests_them(hostile_pages):
    tags, pages = hostile_pages
    everything = "\n".join(html for _, _, html in pages)
    shown = {field for prefix, field in tags.items() if prefix in everything}
    unseen = sorted(set(tags.values()) - shown)
    print("Typed fields no page of the walk shows:", unseen)
    assert len(shown) >= 0.5 * len(set(tags.values())), unseen

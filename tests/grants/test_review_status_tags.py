"""Statuses render through one tag partial per model, and templates hold no status rule (P4)."""
from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from grants.services.reviews import review_declare_conflict
from tests.grants.factories import assign, make_under_review

TAG = '<strong class="govuk-tag govuk-tag--grey">Conflict declared</strong>'


def test_a_declared_conflict_has_the_same_tag_for_the_reviewer_and_for_host_staff(world, as_commissioner, as_host):
    """It was grey in the reviewer's queue and red on the staff page."""
    application = make_under_review(world)
    review = assign(world, application)
    review_declare_conflict(actor=world.commissioner, review=review, has_conflict=True, details="My cousin")
    queue = as_commissioner.get(reverse("grants:review_queue"), {"status": "conflicted"}).text
    staff_page = as_host.get(reverse("grants:staff_application", args=[application.pk])).text
    assert TAG in queue
    assert TAG in staff_page


def test_review_and_staff_templates_compare_no_status_to_a_literal():
    """Rules live in the access layer (may_*) and colours in the tag partials, not in page templates."""
    literal = re.compile(r"""\b(status|outcome|kind|state)\s*(==|!=)\s*['"]""")
    root = Path(settings.BASE_DIR) / "templates" / "grants"
    offenders = [f"{path.relative_to(root)}: {line.strip()[:80]}"
                 for folder in ("review", "staff") for path in sorted((root / folder).glob("*.html"))
                 if not path.name.startswith("_") or "tag" not in path.name
                 for line in path.read_text().splitlines() if literal.search(line)]
    assert offenders == []

"""Templates ask what a status means (a property or a may_* answer) instead of comparing it to a literal value.

Checked against the templates before the fix: grant/manage.html, detail.html, report.html, _overview.html and
the two tag partials compared ``.status`` to strings such as "draft" and this test named each line.
"""
from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

# The grant, review and staff pages; the apply and accounts pages still compare and are listed in the report.
CHECKED = ("grants/grant", "grants/review", "grants/staff")
LITERAL = re.compile(r"""status\s*(==|!=)\s*["']""")


def test_no_grant_review_or_staff_template_compares_a_status_to_a_literal():
    root = Path(settings.BASE_DIR) / "templates"
    offending = []
    for folder in CHECKED:
        for path in sorted((root / folder).glob("*.html")):
            for n, line in enumerate(path.read_text().splitlines(), 1):
                if LITERAL.search(line):
                    offending.append(f"{path.relative_to(root)}:{n}")
    assert not offending, offending

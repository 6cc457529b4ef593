"""Templates ask what a status means (a property or a may_* answer) instead of comparing it to a literal value.

Checked against the templates before the fix: grant/manage.html, detail.html, report.html, _overview.html and
the two tag partials compared ``.status`` to strings such as "draft" and this test named each line.
"""
from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

# Every template except the one status-tag partial per model, which is where a status becomes words.
TAG_PARTIAL = re.compile(r"_[a-z_]*tag\.html$")
LITERAL = re.compile(r"""status\s*(==|!=)\s*["']""")


def test_no_template_compares_a_status_to_a_literal():
    root = Path(settings.BASE_DIR) / "templates"
    offending = []
    for path in sorted(root.rglob("*.html")):
        if TAG_PARTIAL.search(path.name):
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if LITERAL.search(line):
                offending.append(f"{path.relative_to(root)}:{n}")
    assert not offending, offending

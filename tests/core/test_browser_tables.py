"""Every table in templates/ sits in the one responsive wrapper, so none can widen a phone's page.

The browser walk (test_browser_walk.py) proves the wrapper works on the pages the walk reaches; this proves no
template skips it, including tables the walk's data leaves empty.
"""
from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# <div class="app-table-wrap" role="region" aria-label="…" tabindex="0"> straight before the <table>, attributes in
# any order: the region scrolls sideways (CSS), and keyboard users can reach it by its name.
PRINTED = TEMPLATES / "reports" / "pdf"
WRAPPER = re.compile(r'<div\s+(?P<attrs>class="app-table-wrap"[^>]*)>\s*$')


def _unwrapped_tables() -> list[str]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        if PRINTED in path.parents:
            continue  # PDFs are paper: their tables break across pages with repeated headers instead of scrolling
        text = path.read_text()
        for match in re.finditer(r"<table\b", text):
            before = WRAPPER.search(text[:match.start()])
            attrs = before["attrs"] if before else ""
            if not ('role="region"' in attrs and 'tabindex="0"' in attrs and re.search(r'aria-label="[^"]+"', attrs)):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES)}:{line}")
    return found


def test_every_table_scrolls_inside_a_named_focusable_region():
    assert _unwrapped_tables() == [], (
        'Wrap each table in <div class="app-table-wrap" role="region" aria-label="{caption}" tabindex="0">')


def test_the_check_catches_a_bare_table(tmp_path, monkeypatch):
    (tmp_path / "bare.html").write_text('<div class="app-table-wrap"><table class="govuk-table"></table></div>')
    (tmp_path / "good.html").write_text(
        '<div class="app-table-wrap" role="region" aria-label="Rounds" tabindex="0">\n<table></table></div>')
    monkeypatch.setattr(f"{__name__}.TEMPLATES", tmp_path)
    assert _unwrapped_tables() == ["bare.html:1"]

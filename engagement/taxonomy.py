"""The default two-level taxonomy (engagement/data/themes.csv, a copy kept in the repository so the app reads
nothing outside it at run time), loaded for a host organisation by the data migration, seed_demo and the themes
page's "load the default themes" button. Loading twice adds nothing, and never brings back what staff retired."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DEFAULT_CSV = Path(__file__).resolve().parent / "data" / "themes.csv"


def default_rows() -> list[tuple[str, str, str]]:
    """(theme, sub-theme, description) for each row of the file; the description column is optional."""
    with DEFAULT_CSV.open(newline="", encoding="utf-8") as handle:
        return [(row["theme"].strip(), row["sub_theme"].strip(), (row.get("description") or "").strip())
                for row in csv.DictReader(handle) if row["theme"].strip() and row["sub_theme"].strip()]


def load_default_taxonomy(owner_id: int, *, theme_model: Any = None, sub_theme_model: Any = None) -> int:
    """Add the default themes and sub-themes the owner does not have yet (by name, retired ones included, so a
    retired theme stays retired); returns how many sub-themes were added. The migration passes its historical
    models; everything else leaves them out."""
    if theme_model is None or sub_theme_model is None:
        from engagement.models import SubTheme, Theme
        theme_model, sub_theme_model = Theme, SubTheme
    themes: dict[str, Any] = {}
    for theme in theme_model.objects.filter(owner_id=owner_id).order_by("retired", "pk"):
        themes.setdefault(theme.name.lower(), theme)  # one in use before a retired one of the same name
    known = {(s.theme_id, s.name.lower()) for s in sub_theme_model.objects.filter(theme__owner_id=owner_id)}
    added = 0
    for theme_name, sub_name, description in default_rows():
        theme = themes.get(theme_name.lower())
        if theme is None:
            theme = themes[theme_name.lower()] = theme_model.objects.create(owner_id=owner_id, name=theme_name)
        if theme.retired or (theme.pk, sub_name.lower()) in known:
            continue
        sub_theme_model.objects.create(theme=theme, name=sub_name, description=description)
        known.add((theme.pk, sub_name.lower()))
        added += 1
    return added

"""The templates to download: the headings a file needs, and (XLSX) an "Allowed values" sheet with a drop-down
list on every column that has a fixed list, so a volunteer typing up paper forms cannot mistype a value."""
from __future__ import annotations

import io
from collections.abc import Sequence

from engagement.imports.columns import Column
from engagement.imports.reading import ALLOWED_VALUES_SHEET
from engagement.models import Session
from grassroots.jobs.exports import csv_bytes, safe_cell

TEMPLATE_ROWS = 5000  # the drop-downs cover this many rows; more rows may be typed, unchecked by Excel


def template_csv(columns: Sequence[Column]) -> bytes:
    return csv_bytes([c.heading for c in columns], [])


def _letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def template_xlsx(columns: Sequence[Column], sessions: Sequence[Session], sheet_title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title[:31]
    allowed = book.create_sheet(ALLOWED_VALUES_SHEET)
    bold = Font(bold=True)
    lists: list[tuple[str, list[str]]] = [
        ("Session", [f"{s.reference}" for s in sessions]),
        *[(c.heading, c.labels) for c in columns if c.choices],
    ]
    for n, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=n, value=column.heading)
        cell.font = bold
        sheet.column_dimensions[_letter(n)].width = 40 if column.key in ("text",) or column.key.startswith("q") else 22
    sheet.freeze_panes = "A2"
    # The allowed-values sheet: one column per list, its heading in row 1 and what it means in row 2.
    for n, (heading, values) in enumerate(lists, start=1):
        allowed.cell(row=1, column=n, value=heading).font = bold
        for r, value in enumerate(values, start=2):
            allowed.cell(row=r, column=n, value=safe_cell(value))
        allowed.column_dimensions[_letter(n)].width = 30
    if sessions:
        titles = len(lists) + 1
        allowed.cell(row=1, column=titles, value="Session title and date").font = bold
        for r, s in enumerate(sessions, start=2):
            allowed.cell(row=r, column=titles, value=safe_cell(f"{s.title}, {s.held_on:%-d %B %Y}"))
        allowed.column_dimensions[_letter(titles)].width = 50
    where = {heading: n for n, (heading, _) in enumerate(lists, start=1)}
    for n, column in enumerate(columns, start=1):
        key = "Session" if column.key == "session" else column.heading
        if key not in where or not lists[where[key] - 1][1]:
            continue
        source = _letter(where[key])
        last = len(lists[where[key] - 1][1]) + 1
        rule = DataValidation(type="list", formula1=f"='{ALLOWED_VALUES_SHEET}'!${source}$2:${source}${last}",
                              allow_blank=True, showErrorMessage=column.key != "session" and
                              not column.key.startswith("q"),
                              errorTitle="Not an allowed value",
                              error=f"Choose one of the values listed on the '{ALLOWED_VALUES_SHEET}' sheet.",
                              promptTitle=column.heading[:32], prompt=column.help[:255], showInputMessage=True)
        rule.add(f"{_letter(n)}2:{_letter(n)}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(rule)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

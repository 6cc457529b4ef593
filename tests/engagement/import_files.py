"""Import files for the tests: CSV and XLSX made from rows, as a volunteer's spreadsheet would save them."""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.core.files.uploadedfile import SimpleUploadedFile

FEEDBACK_HEADINGS = ["Session", "What was said", "Service", "Sentiment", "Consent", "Age band", "Ethnic group",
                     "Safeguarding concern"]


def csv_file(rows: Sequence[Sequence[object]], headings: Sequence[str] = FEEDBACK_HEADINGS, *, bom: bool = True,
             name: str = "paper-forms.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    writer.writerows(rows)
    content = ("\ufeff" if bom else "") + buffer.getvalue()
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: Sequence[Sequence[object]], headings: Sequence[str] = FEEDBACK_HEADINGS, *,
              name: str = "paper-forms.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(headings))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def feedback_row(session, text="The GP never answers before 10am", service="GP", sentiment="Negative",
                 consent="May be quoted", age="65 to 74", ethnic="Caribbean", safeguarding="No") -> list[object]:
    return [session.reference, text, service, sentiment, consent, age, ethnic, safeguarding]

"""Uploaded import files: the checks at upload (type by content, size) and reading a file into rows of text.

CSV must be UTF-8 (with or without the byte-order mark Excel writes); XLSX is read with openpyxl in read-only
mode, first sheet only (the template's second sheet lists the allowed values)."""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from grants.uploads import safe_name

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPES = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}
ALLOWED_LABEL = "a CSV file (UTF-8) or an Excel workbook (XLSX)"
ALLOWED_VALUES_SHEET = "Allowed values"
MAX_ROWS = 200_000
_ZIP = b"PK\x03\x04"
_BOM = b"\xef\xbb\xbf"


def max_bytes() -> int:
    """Larger than other uploads: 100,000 rows of feedback are about 20 MB of CSV."""
    return int(getattr(settings, "IMPORT_MAX_BYTES", 50 * 1024 * 1024))


def check_import_upload(upload: UploadedFile) -> tuple[str, str]:
    """Return (safe file name, "csv" or "xlsx"), or raise ValidationError saying what to do instead."""
    name = safe_name(upload.name or "")
    if not upload.size:
        raise ValidationError("The selected file is empty.")
    if upload.size > max_bytes():
        raise ValidationError(f"The selected file must be smaller than {filesizeformat(max_bytes())}. "
                              "Split it into smaller files and upload each.")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in TYPES:
        raise ValidationError(f"The selected file must be {ALLOWED_LABEL}, ending .csv or .xlsx.")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if ext == "xlsx" and not head.startswith(_ZIP):
        raise ValidationError("The selected file is not a real Excel (XLSX) workbook. Open it in your spreadsheet "
                              "program, save it as Excel Workbook (.xlsx) and upload it again.")
    if ext == "csv" and (head.startswith(_ZIP) or b"\x00" in head):
        raise ValidationError("The selected file is not a CSV file (it may be a workbook renamed .csv). Save it as "
                              "CSV UTF-8, or upload the workbook as .xlsx.")
    return name, ext


class UnreadableFile(Exception):
    """The file as a whole cannot be read: shown as the file's one problem."""


@dataclass
class Table:
    headings: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (spreadsheet row number, cells); the headings are row 1


def read_table(content: bytes, ext: str) -> Table:
    return _read_xlsx(content) if ext == "xlsx" else _read_csv(content)


def _read_csv(content: bytes) -> Table:
    if content.startswith(_BOM):
        content = content[len(_BOM):]
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content[:exc.start].count(b"\n") + 1
        raise UnreadableFile(f"The file is not saved as UTF-8 text (line {line} could not be read). In Excel choose "
                             "Save As, then 'CSV UTF-8 (Comma delimited)', and upload it again.") from None
    if "\x00" in text:
        raise UnreadableFile("The file contains a NUL character, which cannot be saved. Save it again as CSV UTF-8.")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ("\t" if "\t" in first else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headings = next(reader)
    except StopIteration:
        raise UnreadableFile("The file is empty: it has no headings row.") from None
    except csv.Error as exc:
        raise UnreadableFile(f"The file could not be read as CSV ({exc}).") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            yield from enumerate(reader, start=2)
        except csv.Error as exc:
            raise UnreadableFile(f"The file could not be read as CSV after row {reader.line_num} ({exc}).") from None

    return Table([h.strip() for h in headings], rows())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, "g")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableFile("The file could not be opened as an Excel workbook. Open it in your spreadsheet program, "
                             "save it as Excel Workbook (.xlsx) and upload it again.") from exc
    sheets = [s for s in book.worksheets if s.title != ALLOWED_VALUES_SHEET] or book.worksheets
    sheet = sheets[0]
    # openpyxl finds the sheet and reads the shared strings; its per-cell reader costs about 11 CPU seconds per
    # 100,000 rows of 8 columns, so the cells themselves are read with expat (C), about five times faster.
    if hasattr(sheet, "_get_source") and hasattr(sheet, "_shared_strings"):
        source: Iterator[tuple[int, list[str]]] = _sheet_rows(sheet._get_source(), sheet._shared_strings)
    else:  # pragma: no cover - an openpyxl without those: its own reader, slower
        source = enumerate(([_cell(v) for v in values] for values in sheet.iter_rows(values_only=True)), start=1)
    try:
        _, first = next(source)
    except StopIteration:
        book.close()
        raise UnreadableFile("The first sheet is empty: it has no headings row.") from None
    headings = [h.strip() for h in first]
    while headings and not headings[-1]:
        headings.pop()

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            yield from source
        finally:
            book.close()

    return Table(headings, rows())


def _column(ref: str) -> int:
    """0 for "A7", 26 for "AA7"."""
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        else:
            break
    return n - 1


def _sheet_rows(stream: Any, shared: Sequence[Any]) -> Iterator[tuple[int, list[str]]]:
    """(spreadsheet row number, cells as text) for each row of a worksheet's XML, streamed through expat."""
    from xml.parsers import expat

    done: list[tuple[int, list[str]]] = []
    row: dict[int, str] = {}
    state: dict[str, Any] = {"row": 0, "col": -1, "type": None, "capture": False, "buf": []}

    def start(name: str, attrs: dict[str, str]) -> None:
        name = name.rsplit(":", 1)[-1]
        if name == "c":
            ref = attrs.get("r")
            state["col"] = _column(ref) if ref else state["col"] + 1
            state["type"], state["buf"] = attrs.get("t"), []
        elif name in ("v", "t"):
            state["capture"] = True
        elif name == "row":
            row.clear()
            state["row"] = int(attrs.get("r") or state["row"] + 1)
            state["col"] = -1

    def end(name: str) -> None:
        name = name.rsplit(":", 1)[-1]
        if name in ("v", "t"):
            state["capture"] = False
        elif name == "c":
            text, kind = "".join(state["buf"]), state["type"]
            if kind == "s":
                text = str(shared[int(text)]) if text.isdigit() and int(text) < len(shared) else ""
            elif kind == "b":
                text = "Yes" if text == "1" else "No"
            elif kind in (None, "n") and text:
                with contextlib.suppress(ValueError):
                    text = _cell(float(text))
            row[state["col"]] = text
        elif name == "row":
            done.append((state["row"], [row.get(i, "") for i in range(max(row) + 1)] if row else []))

    def chars(data: str) -> None:
        if state["capture"]:
            state["buf"].append(data)

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, chars
    with stream:
        try:
            while chunk := stream.read(1 << 20):
                parser.Parse(chunk, False)
                yield from done
                done.clear()
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise UnreadableFile("The workbook's first sheet could not be read. Save it again as Excel Workbook "
                                 "(.xlsx) and upload it again.") from exc
    yield from done

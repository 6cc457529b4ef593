"""The check every import file goes through before anything is saved: each problem named by row, column, what is
wrong and what is allowed; each good row turned into the values the database stores.

Plain Python on purpose: a dict or set look-up per cell, one query for the sessions a file names and one for the
importer's rights over all of them, so checking is a small part of an import's time (benchmarks/README.md)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from engagement.access import may_edit_sessions
from engagement.imports.columns import (
    ANSWER_TEXT_MAX,
    FEEDBACK_COLUMNS,
    MULTIPLE_SEPARATOR,
    SESSION_HELP,
    Column,
    QuestionColumn,
    answer_columns,
    norm,
    question_number,
)
from engagement.imports.reading import MAX_ROWS, Table
from engagement.models import TEXT_MAX, Question, QuestionSet, Session

MAX_KEPT = 10_000  # problems kept to show; the count says how many there were in all
NO_SESSION = "There is no session with this reference that you can import into"
Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class Problem:
    row: int  # the spreadsheet's row; 1 is the headings, 0 the whole file
    column: str
    message: str
    allowed: str = ""


@dataclass
class Checked:
    rows: int = 0
    problem_count: int = 0
    problems: list[Problem] = field(default_factory=list)
    sessions: dict[int, Session] = field(default_factory=dict)  # the sessions the good rows go to, by id
    # Feedback: (row, session id, text, service, sentiment, consent, age band, ethnic group, safeguarding).
    feedback: list[tuple[Any, ...]] = field(default_factory=list)
    # Answers: (row, session id, [(question id, choice, number, text), ...]) per person.
    responses: list[tuple[int, int, list[tuple[int, str, Decimal | None, str]]]] = field(default_factory=list)

    def add(self, row: int, column: str, message: str, allowed: str = "") -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_KEPT:
            self.problems.append(Problem(row, column, message, allowed))

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


def _positions(table: Table, columns: Iterable[Column], checked: Checked,
               extra: Callable[[str], bool] = lambda heading: False) -> dict[str, int] | None:
    """Where each known column is; names missing, repeated and unknown headings. None if rows cannot be read."""
    by_heading = {norm(c.heading): c for c in columns}
    found: dict[str, int] = {}
    for index, heading in enumerate(table.headings):
        column = by_heading.get(norm(heading))
        if column is None:
            if heading and not extra(heading):
                checked.add(1, heading, "This column is not in the template, so nothing in it would be imported. "
                            "Remove the column, or correct its heading.",
                            "The headings: " + "; ".join(c.heading for c in columns))
            elif not heading:
                checked.add(1, f"Column {index + 1}", "This column has no heading.", "Every column needs its heading")
            continue
        if column.key in found:
            checked.add(1, heading, "This heading appears twice.", "Each column once")
            continue
        found[column.key] = index
    missing = [c for c in columns if c.required and c.key not in found]
    for column in missing:
        checked.add(1, column.heading, "This column is missing.", f"A column headed '{column.heading}'")
    return None if missing else found


def _rows(table: Table, width: int, checked: Checked, progress: Progress | None) -> list[tuple[int, list[str]]]:
    """The rows with something in them, each exactly ``width`` cells (a value past the last heading is a problem)."""
    out = []
    for number, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue  # spreadsheets keep empty rows at the end
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        elif len(cells) > width:
            if any(c.strip() for c in cells[width:]):
                checked.add(number, f"Column {width + 1}", "There is a value in a column with no heading.",
                            "Values only in the template's columns")
            cells = cells[:width]
        out.append((number, cells))
        if len(out) > MAX_ROWS:
            break
        if progress and len(out) % 20_000 == 0:
            progress(5, f"Read {len(out):,} rows")
    checked.rows = len(out)
    if len(out) > MAX_ROWS:
        checked.add(0, "", f"The file has more than {MAX_ROWS:,} rows.", "Split it into smaller files")
    return out


def _sessions(actor: Any, candidates: Any, references: set[str],
              question_set: QuestionSet | None) -> dict[str, tuple[Session | None, str, str]]:
    """Each reference -> (session, problem, allowed): the session if rows may go to it, else what to say. A session
    of another group reads exactly like one that does not exist."""
    found = {s.reference.upper(): s for s in candidates.filter(reference__in=references)}
    rights = may_edit_sessions(actor, found.values())
    out: dict[str, tuple[Session | None, str, str]] = {}
    for reference in references:
        session = found.get(reference)
        if session is None:
            out[reference] = (None, NO_SESSION, SESSION_HELP)
            continue
        allowed = rights[session.pk]
        if not allowed:
            out[reference] = (None, allowed.reason, "A session you can still change")
        elif question_set is not None and session.question_set_id != question_set.pk:
            out[reference] = (None, f"This session does not use the question set '{question_set.name}'.",
                              f"A session that uses '{question_set.name}'")
        else:
            out[reference] = (session, "", "")
    return out


def check_feedback(table: Table, *, actor: Any, candidates: Any, progress: Progress | None = None) -> Checked:
    """Every feedback row checked against FEEDBACK_COLUMNS and the sessions ``actor`` may import into."""
    checked = Checked()
    columns = {c.key: c for c in FEEDBACK_COLUMNS}
    where = _positions(table, FEEDBACK_COLUMNS, checked)
    rows = _rows(table, len(table.headings), checked, progress)
    if where is None:
        return checked
    at = {key: where.get(key) for key in columns}
    s_at, text_at = where["session"], where["text"]
    references = {cells[s_at].strip().upper() for _, cells in rows} - {""}
    sessions = _sessions(actor, candidates, references, None)
    if progress:
        progress(20, f"Checking {len(rows):,} rows")
    choice_columns = [(at[key], columns[key].lookup, columns[key]) for key in
                      ("service", "sentiment", "consent", "age_band", "ethnic_group", "safeguarding")]
    for number, cells in rows:
        bad = False
        reference = cells[s_at].strip().upper()
        session = None
        if not reference:
            checked.add(number, "Session", "The session's reference is missing.", SESSION_HELP)
            bad = True
        else:
            session, message, allowed = sessions[reference]
            if session is None:
                checked.add(number, "Session", message, allowed)
                bad = True
        text = cells[text_at].strip()
        if not text:
            checked.add(number, "What was said", "What was said is missing.", columns["text"].help)
            bad = True
        elif len(text) > TEXT_MAX:
            checked.add(number, "What was said", f"This is {len(text):,} characters long.", columns["text"].help)
            bad = True
        values: list[Any] = []
        for index, lookup, column in choice_columns:
            raw = cells[index].strip() if index is not None else ""
            if not raw:
                if column.required:
                    checked.add(number, column.heading, f"{column.heading} is missing.", column.allowed)
                    bad = True
                values.append("")
                continue
            value = lookup.get(raw.casefold())
            if value is None:
                checked.add(number, column.heading, f"'{raw[:100]}' is not one of the allowed values.", column.allowed)
                bad = True
            values.append(value)
        if not bad and session is not None:
            checked.sessions[session.pk] = session
            checked.feedback.append((number, session.pk, text, *values[:5], values[5] == "yes"))
    return checked


def _answer(qc: QuestionColumn, raw: str, lookup: dict[str, str]) -> tuple[list[tuple[str, Decimal | None, str]], str]:
    """The stored answer rows for one cell (several for multiple choice), or the problem."""
    kind = qc.question.kind
    if kind == Question.Kind.TEXT:
        if len(raw) > ANSWER_TEXT_MAX:
            return [], f"This answer is {len(raw):,} characters long."
        return [("", None, raw)], ""
    if kind == Question.Kind.NUMBER:
        try:
            number = Decimal(raw.replace(",", ""))
        except InvalidOperation:
            return [], f"'{raw[:100]}' is not a number."
        if not number.is_finite() or abs(number) >= Decimal("1e10") or number != number.quantize(Decimal("0.01")):
            return [], f"'{raw[:100]}' is not a number this form can hold (at most 2 decimal places)."
        return [("", number, "")], ""
    parts = [p.strip() for p in raw.split(MULTIPLE_SEPARATOR)] if kind == Question.Kind.MULTIPLE else [raw]
    chosen: list[str] = []
    for part in parts:
        if not part:
            continue
        value = lookup.get(part.casefold())
        if value is None:
            return [], f"'{part[:100]}' is not one of the choices."
        if value not in chosen:
            chosen.append(value)
    return [(value, None, "") for value in chosen], ""


def check_answers(table: Table, *, actor: Any, candidates: Any, question_set: QuestionSet,
                  progress: Progress | None = None) -> Checked:
    """One row per person: the session, an optional person number, then an answer per question column."""
    checked = Checked()
    fixed, questions = answer_columns(question_set)
    by_number = {qc.number: qc for qc in questions}
    where = _positions(table, fixed, checked, extra=lambda heading: question_number(heading) in by_number)
    rows = _rows(table, len(table.headings), checked, progress)
    asked: list[tuple[int, QuestionColumn, dict[str, str]]] = []
    for index, heading in enumerate(table.headings):
        number = question_number(heading)
        if number in by_number and all(qc.number != number for _, qc, _ in asked):
            asked.append((index, by_number[number], by_number[number].column.lookup))
    if where is not None and not asked:
        checked.add(1, "", "There are no question columns.", "Columns headed Q1, Q2 and so on, as in the template")
    if where is None or not asked:
        return checked
    s_at, p_at = where["session"], where.get("person")
    references = {cells[s_at].strip().upper() for _, cells in rows} - {""}
    sessions = _sessions(actor, candidates, references, question_set)
    seen: dict[tuple[str, str], int] = {}
    for number, cells in rows:
        bad = False
        reference = cells[s_at].strip().upper()
        session = None
        if not reference:
            checked.add(number, "Session", "The session's reference is missing.", SESSION_HELP)
            bad = True
        else:
            session, message, allowed = sessions[reference]
            if session is None:
                checked.add(number, "Session", message, allowed)
                bad = True
        person = cells[p_at].strip() if p_at is not None else ""
        if person:
            if not person.isdigit():
                checked.add(number, "Person", f"'{person[:100]}' is not a whole number.", "A whole number, like 12")
                bad = True
            elif (reference, person.lstrip("0")) in seen:
                checked.add(number, "Person", f"Person {person} of this session is already on row "
                            f"{seen[reference, person.lstrip('0')]}.", "Each person once per session")
                bad = True
            else:
                seen[reference, person.lstrip("0")] = number
        answers: list[tuple[int, str, Decimal | None, str]] = []
        for index, qc, lookup in asked:
            raw = cells[index].strip()
            if not raw:
                continue
            values, problem = _answer(qc, raw, lookup)
            if problem:
                checked.add(number, qc.column.heading, problem, qc.column.allowed)
                bad = True
            answers.extend((qc.question.pk, *value) for value in values)
        if not answers and not bad:
            checked.add(number, "Answers", "This row has no answers.", "At least one answer, or remove the row")
            bad = True
        if not bad and session is not None:
            checked.sessions[session.pk] = session
            checked.responses.append((number, session.pk, answers))
    return checked

"""The rows a check found good, kept between the check and the import as JSON in the batch's file (in place of the
upload, which is no longer needed): the import job then neither reads the spreadsheet nor checks its cells again,
only what may have changed meanwhile (the sessions, under their locks, and a question set's choices)."""
from __future__ import annotations

import json
from decimal import Decimal

from engagement.imports.checking import Checked
from engagement.models import Question, QuestionOption, QuestionSet


def dump(checked: Checked) -> bytes:
    responses = [[row, session, [[q, choice, None if number is None else str(number), text]
                                 for q, choice, number, text in answers]]
                 for row, session, answers in checked.responses]
    return json.dumps({"rows": checked.rows, "feedback": checked.feedback, "responses": responses},
                      ensure_ascii=False, separators=(",", ":")).encode()


def load(content: bytes) -> Checked:
    data = json.loads(content)
    return Checked(rows=data["rows"], feedback=[tuple(r) for r in data["feedback"]],
                   responses=[(row, session, [(q, choice, None if number is None else Decimal(number), text)
                                              for q, choice, number, text in answers])
                              for row, session, answers in data["responses"]])


def recheck_choices(checked: Checked, question_set: QuestionSet) -> None:
    """A choice removed from the set since the check would leave an answer pointing at nothing: name its rows."""
    choosing = set(question_set.questions.filter(kind__in=(Question.Kind.SINGLE, Question.Kind.MULTIPLE))
                   .values_list("pk", flat=True))
    options = {(q, str(o)) for q, o in QuestionOption.objects.filter(question_id__in=choosing)
               .values_list("question_id", "pk")}
    for row, _, answers in checked.responses:
        if any(q in choosing and (q, choice) not in options for q, choice, _, _ in answers):
            checked.add(row, "Answers", "A choice in this row was removed from the question set after the check.",
                        "Upload the file again to check it against the set as it is now")

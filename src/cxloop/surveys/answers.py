"""Rules of answers: what each question type accepts, and conditional questions.

Pure functions over a survey's questions, shared by the API, the link page
and the widget so that every channel accepts exactly the same answers.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from cxloop.surveys.models import Question

MAX_TEXT = 5000
YES_WORDS = {"yes", "true", "1", "y", "jah", "jā", "kyllä", "taip"}
NO_WORDS = {"no", "false", "0", "n", "ei", "nē", "nein", "ne"}


class AnswerError(ValueError):
    """An answer a question cannot take; `key` names the question."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def _integer(question: Question, value: Any) -> int:
    low, high = question.scale or (0, 0)
    if isinstance(value, bool):
        raise AnswerError(question.key, f"must be a whole number from {low} to {high}")
    try:
        number = int(str(value).strip())
    except ValueError as error:
        raise AnswerError(
            question.key, f"must be a whole number from {low} to {high}"
        ) from error
    if not low <= number <= high:
        raise AnswerError(question.key, f"must be from {low} to {high}, not {number}")
    return number


def _yes_no(question: Question, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise AnswerError(question.key, "must be yes or no")


def _single(question: Question, value: Any) -> str:
    if str(value) not in question.choice_keys:
        raise AnswerError(
            question.key, f"must be one of: {', '.join(question.choice_keys)}"
        )
    return str(value)


def _multiple(question: Question, value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    unknown = [str(item) for item in values if str(item) not in question.choice_keys]
    if unknown:
        raise AnswerError(question.key, f"has unknown choices: {', '.join(unknown)}")
    # Keep the survey's order and drop repeats, whatever order was sent.
    chosen = {str(item) for item in values}
    return [key for key in question.choice_keys if key in chosen]


def _text(question: Question, value: Any) -> str:
    if not isinstance(value, str):
        raise AnswerError(question.key, "must be text")
    # NUL can't be stored in PostgreSQL text and is never meant by a person.
    text = value.replace("\x00", "").replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise AnswerError(question.key, f"must be at most {MAX_TEXT} characters")
    return text


CLEANERS: dict[str, Callable[[Question, Any], Any]] = {
    Question.Type.NPS: _integer,
    Question.Type.CSAT: _integer,
    Question.Type.CES: _integer,
    Question.Type.RATING: _integer,
    Question.Type.YES_NO: _yes_no,
    Question.Type.SINGLE_CHOICE: _single,
    Question.Type.MULTIPLE_CHOICE: _multiple,
    Question.Type.TEXT: _text,
}


def is_blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def condition_met(question: Question, answers: Mapping[str, Any]) -> bool:
    """Whether a conditional question is shown, given the answers so far."""
    condition = question.condition
    if not condition:
        return True
    given = answers.get(str(condition.get("question")))
    if given is None:
        return False
    expected, op = condition.get("value"), condition.get("op", "eq")
    try:
        if op == "lte":
            return bool(given <= expected)
        if op == "gte":
            return bool(given >= expected)
        if op == "in":
            return given in (expected or [])
    except TypeError:
        return False
    return bool(given == expected)


def clean(
    questions: Iterable[Question], raw: Mapping[str, Any], *, require_complete: bool
) -> dict[str, Any]:
    """The answers in canonical form; hidden questions' answers are dropped.

    Raises AnswerError for the first unknown key, impossible value, or (when
    `require_complete`) missing required answer.
    """
    ordered = list(questions)
    known = {question.key for question in ordered}
    for key in raw:
        if key not in known:
            raise AnswerError(key, "is not a question of this survey")
    cleaned: dict[str, Any] = {}
    for question in ordered:
        if not condition_met(question, cleaned):
            continue
        value = raw.get(question.key)
        if is_blank(value):
            if question.required and require_complete:
                raise AnswerError(question.key, "is required")
            continue
        result = CLEANERS[question.type](question, value)
        if not is_blank(result):
            cleaned[question.key] = result
    return cleaned


def comment_of(questions: Iterable[Question], answers: Mapping[str, Any]) -> str:
    """The response's free text: its text answers joined, in question order."""
    return "\n\n".join(
        str(answers[question.key])
        for question in questions
        if question.type == Question.Type.TEXT and answers.get(question.key)
    )


def scores_of(
    questions: Iterable[Question], answers: Mapping[str, Any]
) -> dict[str, int]:
    """The first answer of each scored type, e.g. {"nps": 9}."""
    scores: dict[str, int] = {}
    for question in questions:
        if question.scale and question.key in answers:
            scores.setdefault(str(question.type), int(answers[question.key]))
    return scores

"""The public survey link page as pure functions: language, texts, steps.

The link page asks a survey a step at a time, without JavaScript. A step is
the run of the remaining visible questions up to (not including) the first
one whose condition depends on a question of the same step: that one can only
be decided once the step is answered. Between steps the page carries a signed
`PageState`, so a respondent can neither forge another response's id nor
skip ahead. Nothing here touches the database or HTTP; the services
`survey_page_open` and `survey_page_submit` do.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from django.core import signing
from django.utils.functional import Promise, lazy
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

from cxloop.accounts.models import LOCALE_CHOICES
from cxloop.surveys import answers as answer_rules
from cxloop.surveys.models import Question

StrOrPromise = str | Promise

# The languages the respondent UI ships in, in the order the switcher shows.
LANGUAGES: tuple[str, ...] = ("en", "et", "lv", "fi", "lt")
FALLBACK_LANGUAGE = "en"
LANGUAGE_NAMES: dict[str, StrOrPromise] = dict(LOCALE_CHOICES)

STATE_SALT = "cxloop.surveys.page"
FIELD_PREFIX = "q-"
HONEYPOT_FIELD = "website"

SCALE_ENDS: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    Question.Type.NPS: (_("Not at all likely"), _("Extremely likely")),
    Question.Type.CSAT: (_("Very dissatisfied"), _("Very satisfied")),
    Question.Type.CES: (_("Very difficult"), _("Very easy")),
    Question.Type.RATING: (_("Poor"), _("Excellent")),
}


def _too_long() -> str:
    return ngettext(
        "Please shorten your answer to %(max)d character or fewer.",
        "Please shorten your answer to %(max)d characters or fewer.",
        answer_rules.MAX_TEXT,
    ) % {"max": answer_rules.MAX_TEXT}


NEXT = _("Next")
SEND = _("Send")
REQUIRED = _("Please answer this question.")
NOT_SAVED = _("Your answer could not be saved. Please try again.")
INVALID: dict[str, StrOrPromise] = {
    Question.Type.NPS: _("Please choose one of the numbers."),
    Question.Type.CSAT: _("Please choose one of the numbers."),
    Question.Type.CES: _("Please choose one of the numbers."),
    Question.Type.RATING: _("Please choose one of the numbers."),
    Question.Type.YES_NO: _("Please choose yes or no."),
    Question.Type.SINGLE_CHOICE: _("Please choose one of the options."),
    Question.Type.MULTIPLE_CHOICE: _("Please choose only from the options."),
    # Evaluated when shown, so the message follows the page's language.
    Question.Type.TEXT: lazy(_too_long, str)(),
}


# Language ----------------------------------------------------------------


def accepted_languages(header: str) -> list[str]:
    """The primary language subtags of an Accept-Language header, best first."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header[:1000].split(",")):
        tag, _sep, params = part.partition(";")
        tag = tag.strip().lower()
        if not tag or tag == "*":
            continue
        quality = 1.0
        params = params.strip().lower()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
        if not 0 < quality <= 1:
            continue
        ranked.append((-quality, index, tag.split("-")[0]))
    return [language for *_rank, language in sorted(ranked)]


def choose_language(
    *,
    requested: str = "",
    preferred: str = "",
    accept_language: str = "",
    offered: Collection[str] = LANGUAGES,
    default: str = FALLBACK_LANGUAGE,
) -> str:
    """The page's language.

    An explicit choice (`?lang=`, then the invitation's locale) may be any
    language of the respondent UI; the browser's languages only pick among
    those the survey is `offered` in; else the survey's default language.
    """
    for explicit in (requested, preferred):
        if explicit.strip().lower() in LANGUAGES:
            return explicit.strip().lower()
    for language in accepted_languages(accept_language):
        if language in offered and language in LANGUAGES:
            return language
    return default if default in LANGUAGES else FALLBACK_LANGUAGE


def offered_languages(
    survey_texts: Mapping[str, Any], questions: Iterable[Question], default: str
) -> set[str]:
    """The UI languages a survey has texts in, and its default language."""
    found = {default, *survey_texts}
    for question in questions:
        found.update(question.texts)
    return found & set(LANGUAGES)


# Texts -------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A text to show and, when it differs from the page's, its language."""

    value: StrOrPromise
    lang: str = ""

    def __str__(self) -> str:
        return str(self.value)


def localize(
    by_language: Mapping[str, Any], *, language: str, default: str
) -> Text | None:
    """The text in `language`, else the default language, else English.

    As a last resort any language the text exists in, so a question is never
    shown without its label.
    """
    candidates = dict.fromkeys(
        (language, default, FALLBACK_LANGUAGE, *sorted(by_language))
    )
    for candidate in candidates:
        value = by_language.get(candidate)
        if isinstance(value, str) and value.strip():
            return Text(value, "" if candidate == language else candidate)
    return None


def text_of(
    texts: Mapping[str, Any], name: str, *, language: str, default: str
) -> Text | None:
    """One named text (`label`, `title`…) of per-language `texts`."""
    by_language = {
        code: fields.get(name)
        for code, fields in texts.items()
        if isinstance(fields, Mapping)
    }
    return localize(by_language, language=language, default=default)


# Steps -------------------------------------------------------------------


def _depends_on(question: Question) -> str | None:
    condition = question.condition
    if isinstance(condition, Mapping) and condition.get("question"):
        return str(condition["question"])
    return None


def step_at(
    questions: Sequence[Question], answers: Mapping[str, Any], start: int
) -> tuple[list[Question], int]:
    """The questions of the step starting at index `start`, and the next start.

    Hidden questions are skipped; an empty list means nothing is left to ask.
    """
    shown: list[Question] = []
    keys: set[str] = set()
    for index in range(start, len(questions)):
        question = questions[index]
        if _depends_on(question) in keys:
            return shown, index
        if answer_rules.condition_met(question, answers):
            shown.append(question)
            keys.add(question.key)
    return shown, len(questions)


def index_of(questions: Sequence[Question], key: str) -> int:
    """Where the step starting at question `key` begins ("" is the first)."""
    for index, question in enumerate(questions):
        if question.key == key:
            return index
    return 0 if not key else len(questions)


def one_click_score(questions: Sequence[Question], raw: str) -> int | None:
    """`?score=` for the first question when it is a scale, else None."""
    if not questions or not raw or not questions[0].scale:
        return None
    first = questions[0]
    if first.condition:
        return None
    try:
        return int(answer_rules.CLEANERS[first.type](first, raw))
    except answer_rules.AnswerError:
        return None


def field_name(question: Question) -> str:
    return f"{FIELD_PREFIX}{question.key}"


@dataclass(frozen=True)
class StepInput:
    """What one step's form says: clean answers, cleared ones, errors."""

    answers: dict[str, Any]
    cleared: set[str]
    errors: dict[str, StrOrPromise]


def _raw_value(question: Question, form: Mapping[str, Sequence[str]]) -> Any:
    values = list(form.get(field_name(question), []))
    if question.type == Question.Type.MULTIPLE_CHOICE:
        return [value for value in values if value]
    value = values[-1] if values else ""
    if question.type == Question.Type.TEXT:
        # Browsers count a line break as one character but send two, and
        # databases refuse NUL characters in text.
        return value.replace("\r\n", "\n").replace("\x00", "").strip()
    return value.strip()


def read_step(
    questions: Sequence[Question], form: Mapping[str, Sequence[str]]
) -> StepInput:
    """The answers one step's form gives, in canonical form."""
    answers: dict[str, Any] = {}
    cleared: set[str] = set()
    errors: dict[str, StrOrPromise] = {}
    for question in questions:
        raw = _raw_value(question, form)
        if answer_rules.is_blank(raw):
            if question.required:
                errors[question.key] = REQUIRED
            cleared.add(question.key)
            continue
        try:
            answers[question.key] = answer_rules.CLEANERS[question.type](question, raw)
        except answer_rules.AnswerError:
            errors[question.key] = INVALID[question.type]
    return StepInput(answers=answers, cleared=cleared, errors=errors)


def merge(stored: Mapping[str, Any], step: StepInput) -> dict[str, Any]:
    """The answers so far after a step; blank answers of the step are removed."""
    merged = {key: value for key, value in stored.items() if key not in step.cleared}
    merged.update(step.answers)
    return merged


def form_values(
    questions: Iterable[Question], answers: Mapping[str, Any]
) -> dict[str, list[str]]:
    """Stored answers as the values of a form, to show them again."""
    values: dict[str, list[str]] = {}
    for question in questions:
        if question.key not in answers:
            continue
        answer = answers[question.key]
        if isinstance(answer, bool):
            values[field_name(question)] = ["yes" if answer else "no"]
        elif isinstance(answer, list):
            values[field_name(question)] = [str(item) for item in answer]
        else:
            values[field_name(question)] = [str(answer)]
    return values


# State carried from step to step -------------------------------------------


class StateError(ValueError):
    """A page state that was not signed by this server for this survey."""


@dataclass(frozen=True)
class PageState:
    """Where a respondent is: signed into the form, never trusted unsigned.

    `start` is the key of the step's first question ("" for the first step),
    `invitation` the invitation's token, `done` that the survey was sent.
    """

    link_key: str
    response_id: str
    language: str
    start: str = ""
    invitation: str = ""
    done: bool = False

    def sign(self) -> str:
        return signing.dumps(
            [
                self.link_key,
                self.response_id,
                self.language,
                self.start,
                self.invitation,
                self.done,
            ],
            salt=STATE_SALT,
        )

    def with_language(self, language: str) -> "PageState":
        return replace(self, language=language) if language in LANGUAGES else self


def state_load(value: str, *, link_key: str) -> PageState:
    """The state a form or link carries; StateError unless ours and intact."""
    try:
        data = signing.loads(value, salt=STATE_SALT)
    except signing.BadSignature as error:
        raise StateError("bad signature") from error
    if not (
        isinstance(data, list)
        and len(data) == 6
        and all(isinstance(item, str) for item in data[:5])
        and isinstance(data[5], bool)
    ):
        raise StateError("bad shape")
    state = PageState(*data)
    if state.link_key != link_key or state.language not in LANGUAGES:
        raise StateError("another survey")
    return state


# What the templates show ----------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str
    label: Text
    checked: bool
    # A scale's end label, read with the number by screen readers.
    note: Text | None = None


@dataclass(frozen=True)
class QuestionView:
    key: str
    type: str
    widget: str  # "scale", "choice", "multiple" or "text"
    name: str
    label: Text
    required: bool
    options: list[Option] = field(default_factory=list)
    low: Text | None = None
    high: Text | None = None
    placeholder: Text | None = None
    text: str = ""
    error: StrOrPromise = ""
    autofocus: bool = False
    max_length: int = answer_rules.MAX_TEXT

    @property
    def size(self) -> int:
        return len(self.options)


def _widget(question: Question) -> str:
    if question.scale:
        return "scale"
    if question.type == Question.Type.MULTIPLE_CHOICE:
        return "multiple"
    if question.type == Question.Type.TEXT:
        return "text"
    return "choice"


def scale_ends(question: Question, language: str, default: str) -> tuple[Text, Text]:
    low, high = SCALE_ENDS[question.type]
    return (
        text_of(question.texts, "low", language=language, default=default) or Text(low),
        text_of(question.texts, "high", language=language, default=default)
        or Text(high),
    )


def _options(
    question: Question,
    selected: Sequence[str],
    language: str,
    default: str,
    ends: tuple[Text, Text] | None,
) -> list[Option]:
    if question.scale:
        low, high = question.scale
        notes = {low: ends[0], high: ends[1]} if ends else {}
        return [
            Option(
                value=str(number),
                label=Text(str(number)),
                checked=str(number) in selected,
                note=notes.get(number),
            )
            for number in range(low, high + 1)
        ]
    if question.type == Question.Type.YES_NO:
        return [
            Option("yes", Text(_("Yes")), "yes" in selected),
            Option("no", Text(_("No")), "no" in selected),
        ]
    options = []
    for choice in question.choices:
        key = str(choice["key"])
        texts = choice.get("texts")
        label = localize(
            texts if isinstance(texts, Mapping) else {},
            language=language,
            default=default,
        )
        options.append(Option(key, label or Text(key), key in selected))
    return options


def question_views(
    questions: Sequence[Question],
    *,
    language: str,
    default: str,
    values: Mapping[str, Sequence[str]],
    errors: Mapping[str, StrOrPromise],
) -> list[QuestionView]:
    """The step's questions ready to render, with values and errors."""
    views = []
    first_error = next((q.key for q in questions if q.key in errors), None)
    for question in questions:
        name = field_name(question)
        selected = list(values.get(name, []))
        ends = scale_ends(question, language, default) if question.scale else None
        label = text_of(
            question.texts, "label", language=language, default=default
        ) or Text(question.key)
        views.append(
            QuestionView(
                key=question.key,
                type=question.type,
                widget=_widget(question),
                name=name,
                label=label,
                required=question.required,
                options=_options(question, selected, language, default, ends),
                low=ends[0] if ends else None,
                high=ends[1] if ends else None,
                placeholder=text_of(
                    question.texts, "placeholder", language=language, default=default
                ),
                text=selected[-1]
                if selected and question.type == Question.Type.TEXT
                else "",
                error=errors.get(question.key, ""),
                autofocus=question.key == first_error,
            )
        )
    return views


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: StrOrPromise  # in the page's language, e.g. "Estonian"
    name_local: str  # in its own language, e.g. "Eesti"
    query: str
    current: bool


def language_links(
    *, current: str, state: str = "", invitation: str = ""
) -> list[LanguageLink]:
    """The switcher: each language's link keeps the respondent's place."""
    links = []
    for code in LANGUAGES:
        params = {"lang": code}
        if state:
            params["step"] = state
        elif invitation:
            params["t"] = invitation
        links.append(
            LanguageLink(
                code=code,
                name=LANGUAGE_NAMES[code],
                name_local=str(get_language_info(code)["name_local"]).capitalize(),
                query=f"?{urlencode(params)}",
                current=code == current,
            )
        )
    return links


@dataclass(frozen=True)
class SurveyPage:
    """Everything a link page shows; `kind` names its template.

    `kind` is "step", "thanks", "closed" (410), "missing" (404) or "invalid"
    (400, a forged or foreign state); `redirect` is set instead when the
    browser should go on to the page of that signed state.
    """

    kind: str
    language: str
    status: int = 200
    link_key: str = ""
    workspace_name: str = ""
    title: Text | None = None
    intro: Text | None = None
    thank_you: Text | None = None
    questions: list[QuestionView] = field(default_factory=list)
    state: str = ""
    submit_label: Text | None = None
    is_first: bool = False
    is_last: bool = False
    progress: int = 0
    languages: list[LanguageLink] = field(default_factory=list)
    redirect: str = ""
    preview: bool = False  # the builder's preview: shown, never posted

    @property
    def has_errors(self) -> bool:
        return any(question.error for question in self.questions)

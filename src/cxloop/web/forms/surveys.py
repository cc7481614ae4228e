"""The survey builder's forms: survey settings and one form per question.

Texts are edited one language at a time (`?lang=`); the texts of the other
languages are kept as they are when the survey is saved.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from cxloop.accounts.models import LOCALE_CHOICES
from cxloop.surveys.models import Question, Survey
from cxloop.surveys.services import QuestionSpec
from cxloop.surveys.templates import FEEDBACK_KEY, TEMPLATES

KEY_VALIDATOR = RegexValidator(
    r"^[a-z0-9][a-z0-9_-]*$",
    _("Use lower-case letters, digits, - and _ (e.g. delivery-csat)."),
)
CONDITION_OPS = [
    ("eq", _("is")),
    ("lte", _("is at most")),
    ("gte", _("is at least")),
    ("in", _("is one of")),
]
BLANK = "blank"


class KeyField(forms.CharField):
    """A key refused with an error when too long, never cut short.

    The browser would silently cut a pasted key at the input's `maxlength`,
    so the input has none and the form says what is wrong instead.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("validators", [KEY_VALIDATOR])
        kwargs.setdefault(
            "error_messages",
            {
                "max_length": _(
                    "At most %(limit_value)d characters, please "
                    "(this has %(show_value)d)."
                )
            },
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def template_choices() -> list[tuple[str, str]]:
    return [(BLANK, str(_("Blank survey (one text question)")))] + [
        (key, str(spec["name"]))
        for key, spec in TEMPLATES.items()
        if key != FEEDBACK_KEY
    ]


class SurveyCreateForm(forms.Form):
    template = forms.ChoiceField(label=_("Start from"), choices=template_choices)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    key = KeyField(
        label=_("Key"),
        help_text=_("Used by the API and the widget; cannot change later."),
    )


class SurveySettingsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=Survey.Status.choices)
    default_language = forms.ChoiceField(
        label=_("Default language"), choices=LOCALE_CHOICES
    )
    touchpoint = KeyField(label=_("Touchpoint"), max_length=100, required=False)
    trigger_event = KeyField(
        label=_("Shown after the event"),
        max_length=100,
        required=False,
        help_text=_("e.g. search, order_delivered; the widget asks after it."),
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    thank_you = forms.CharField(
        label=_("Thank-you text"), max_length=300, required=False
    )
    priority = forms.IntegerField(
        label=_("Priority"),
        min_value=0,
        max_value=100,
        help_text=_("When several surveys may be shown, the highest wins."),
    )
    sample_percent = forms.IntegerField(
        label=_("Ask this share of people (%)"), min_value=0, max_value=100
    )
    recontact_days = forms.IntegerField(
        label=_("Ask the same person again after (days)"), min_value=0, max_value=3650
    )
    email_invitations = forms.BooleanField(
        label=_("Also send an e-mail invitation after the event"), required=False
    )
    email_delay_minutes = forms.IntegerField(
        label=_("E-mail delay (minutes)"), min_value=0, max_value=30 * 24 * 60
    )


def _condition_value(raw: str, op: str) -> Any:
    """What the form's text means as an answer: numbers, yes/no, lists."""
    if op == "in":
        return [_condition_value(part.strip(), "eq") for part in raw.split(",") if part]
    lowered = raw.strip().lower()
    if lowered in {"yes", "no"}:
        return lowered == "yes"
    if lowered.lstrip("-").isdigit():
        return int(lowered)
    return raw.strip()


def _condition_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_condition_text(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class QuestionForm(forms.Form):
    key = KeyField(label=_("Key"), required=False)
    type = forms.ChoiceField(label=_("Type"), choices=Question.Type.choices)
    required = forms.BooleanField(label=_("Required"), required=False)
    label = forms.CharField(label=_("Question"), max_length=500, required=False)
    low = forms.CharField(label=_("Low end"), max_length=100, required=False)
    high = forms.CharField(label=_("High end"), max_length=100, required=False)
    placeholder = forms.CharField(
        label=_("Placeholder"), max_length=200, required=False
    )
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: key: label"),
    )
    condition_question = forms.CharField(
        label=_("Show only when"), max_length=64, required=False
    )
    condition_op = forms.ChoiceField(
        label=_("Comparison"), choices=CONDITION_OPS, required=False
    )
    condition_value = forms.CharField(label=_("Value"), max_length=200, required=False)
    retire = forms.BooleanField(label=_("Remove"), required=False)

    def clean_choices(self) -> list[tuple[str, str]]:
        parsed = []
        for number, line in enumerate(self.cleaned_data["choices"].splitlines(), 1):
            if not line.strip():
                continue
            key, separator, label = line.partition(":")
            key = key.strip()
            if not separator or not key:
                raise ValidationError(
                    _("Line %(number)d: write key: label."), params={"number": number}
                )
            KEY_VALIDATOR(key)
            parsed.append((key, label.strip()))
        return parsed

    @property
    def is_blank(self) -> bool:
        return not self.cleaned_data.get("key")

    def condition(self) -> dict[str, Any] | None:
        question = self.cleaned_data.get("condition_question", "").strip()
        if not question:
            return None
        op = self.cleaned_data.get("condition_op") or "eq"
        return {
            "question": question,
            "op": op,
            "value": _condition_value(self.cleaned_data.get("condition_value", ""), op),
        }


def question_initial(question: Question, language: str) -> dict[str, Any]:
    texts = question.texts.get(language, {})
    condition = question.condition or {}
    return {
        "key": question.key,
        "type": question.type,
        "required": question.required,
        "label": texts.get("label", ""),
        "low": texts.get("low", ""),
        "high": texts.get("high", ""),
        "placeholder": texts.get("placeholder", ""),
        "choices": "\n".join(
            f"{choice['key']}: {choice.get('texts', {}).get(language, '')}"
            for choice in question.choices
        ),
        "condition_question": condition.get("question", ""),
        "condition_op": condition.get("op", "eq"),
        "condition_value": _condition_text(condition.get("value", ""))
        if condition
        else "",
    }


QuestionFormSet = forms.formset_factory(QuestionForm, extra=1, max_num=100)


def _merged_texts(
    stored: dict[str, dict[str, str]], language: str, edited: dict[str, str]
) -> dict[str, dict[str, str]]:
    """The stored texts with this language's edited names replaced.

    Texts the form does not show (an intro written through the API) stay.
    """
    merged = {code: dict(texts) for code, texts in stored.items()}
    own = merged.pop(language, {})
    for name, value in edited.items():
        if value.strip():
            own[name] = value.strip()
        else:
            own.pop(name, None)
    if own:
        merged[language] = own
    return merged


def _merged_choices(
    stored: list[dict[str, Any]], language: str, edited: list[tuple[str, str]]
) -> list[dict[str, Any]]:
    by_key = {str(choice["key"]): choice for choice in stored}
    merged = []
    for key, label in edited:
        texts = {
            code: text
            for code, text in by_key.get(key, {}).get("texts", {}).items()
            if code != language
        }
        if label:
            texts[language] = label
        merged.append({"key": key, "texts": texts})
    return merged


def question_specs(
    forms_: list[QuestionForm], stored: list[Question], language: str
) -> list[QuestionSpec]:
    """Service input from the edited question forms, in the forms' order."""
    by_key = {question.key: question for question in stored}
    specs = []
    for form in forms_:
        if form.is_blank or form.cleaned_data.get("retire"):
            continue
        data = form.cleaned_data
        existing = by_key.get(data["key"])
        specs.append(
            QuestionSpec(
                key=data["key"],
                type=data["type"],
                required=data["required"],
                texts=_merged_texts(
                    existing.texts if existing else {},
                    language,
                    {
                        name: data[name]
                        for name in ("label", "low", "high", "placeholder")
                    },
                ),
                choices=_merged_choices(
                    existing.choices if existing else [], language, data["choices"]
                ),
                condition=form.condition(),
            )
        )
    return specs


def survey_texts(
    survey: Survey, language: str, title: str, thank_you: str
) -> dict[str, dict[str, str]]:
    return _merged_texts(
        survey.texts, language, {"title": title, "thank_you": thank_you}
    )


class ExplainForm(forms.Form):
    """Name a person to see whether the governor would let this survey ask them."""

    email = forms.EmailField(label=_("E-mail"), required=False)
    external_id = forms.CharField(
        label=_("Customer id"), max_length=255, required=False
    )
    anonymous_id = forms.CharField(
        label=_("Anonymous browser id"), max_length=100, required=False
    )

    def person_ref(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name]
            for name in ("email", "external_id")
            if self.cleaned_data.get(name)
        }

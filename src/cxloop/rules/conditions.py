"""Conditions a rule can test, as an open registry.

A condition is `{"field": …, "op": …, "value": …}`, plus `"key"` for the
fields that need one (a question's key, a customer attribute, an event
property, which order total). Each field says which triggers it makes
sense for, which operators it takes and what its values look like; a rule
is refused at save with a message naming the bad part, never at run time.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from cxloop.errors import InvalidInput
from cxloop.rules.models import Trigger
from cxloop.rules.subjects import Subject

OPERATORS: dict[str, Promise] = {
    "eq": _l("equals"),
    "ne": _l("does not equal"),
    "in": _l("is one of"),
    "contains": _l("contains"),
    "lte": _l("≤"),
    "gte": _l("≥"),
    "between": _l("between"),
    "is_set": _l("is set"),
}
TEXT_OPS = ("eq", "ne", "in", "contains", "is_set")
CHOICE_OPS = ("eq", "ne", "in", "is_set")
NUMBER_OPS = ("eq", "ne", "in", "lte", "gte", "between", "is_set")
ALL_OPS = tuple(OPERATORS)
MAX_CONDITIONS = 30
MAX_VALUE_LENGTH = 500
MAX_VALUES = 100
RESPONSE_TRIGGERS = frozenset(
    {Trigger.RESPONSE_STORED, Trigger.RESPONSE_ANALYSED, Trigger.SCHEDULE}
)
ANALYSED = frozenset({Trigger.RESPONSE_ANALYSED})
EVENT = frozenset({Trigger.EVENT_RECEIVED})
CASE = frozenset({Trigger.CASE_CHANGED})
ANY_OBJECT = frozenset(Trigger.values)
TRUE_WORDS = {"true", "yes", "1", "jah", "on"}
FALSE_WORDS = {"false", "no", "0", "ei", "off"}


@dataclass(frozen=True)
class ConditionType:
    """One field a condition can test.

    `values` is "text", "number", "any" or a tuple of allowed choices;
    `key_label` names the key a field needs (empty: none); `value_of`
    reads the value from a subject; `to_q` (optional) narrows stored
    responses in SQL for the preview: it must keep every response the
    condition would match.
    """

    name: str
    label: str | Promise
    triggers: frozenset[str]
    operators: tuple[str, ...]
    values: str | tuple[str, ...]
    value_of: Callable[[Subject, str], Any]
    key_label: str | Promise = ""
    # When the key must be one of a few words (which order total).
    keys: tuple[str, ...] = ()
    to_q: Callable[[str, str, Any], Q | None] | None = None


_registry: dict[str, ConditionType] = {}


def condition_register(condition: ConditionType) -> None:
    _registry[condition.name] = condition


def condition_types() -> list[ConditionType]:
    return list(_registry.values())


def condition_type(name: str) -> ConditionType | None:
    return _registry.get(name)


# Validation ----------------------------------------------------------------


def _refuse(index: int, part: str, message: str) -> InvalidInput:
    return InvalidInput(
        _("Condition %(number)s: %(message)s")
        % {"number": index + 1, "message": message},
        field=f"conditions.{index}.{part}",
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", "."))
        except ValueError:
            return None
    return None


def _scalar_ok(kind: str | tuple[str, ...], value: Any) -> str | None:
    """Why `value` does not fit the field, or None when it does."""
    if isinstance(kind, tuple):
        if str(value) not in kind:
            return _("choose one of: %(choices)s.") % {"choices": ", ".join(kind)}
        return None
    if kind == "number":
        return None if _number(value) is not None else _("give a number.")
    if (
        not isinstance(value, str | int | float | bool)
        or isinstance(value, str)
        and (not value.strip() or len(value) > MAX_VALUE_LENGTH)
    ):
        return _("give a value of 1–%(max)s characters.") % {"max": MAX_VALUE_LENGTH}
    return None


def _clean_value(ctype: ConditionType, op: str, value: Any, index: int) -> Any:
    if op == "is_set":
        return value is not False
    if op in ("lte", "gte", "between") and ctype.values == "any":
        kind: str | tuple[str, ...] = "number"
    else:
        kind = ctype.values
    if op == "contains" and kind not in ("text", "any"):
        kind = "text"
    if op == "between":
        if not isinstance(value, list | tuple) or len(value) != 2:
            raise _refuse(index, "value", _("give two numbers, low and high."))
        low, high = (_number(item) for item in value)
        if low is None or high is None or low > high:
            raise _refuse(index, "value", _("give two numbers, low and high."))
        return [low, high]
    if op == "in":
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list | tuple) or not 0 < len(value) <= MAX_VALUES:
            raise _refuse(index, "value", _("give a list of values."))
        for item in value:
            problem = _scalar_ok(kind, item)
            if problem:
                raise _refuse(index, "value", problem)
        return [_number(item) if kind == "number" else item for item in value]
    problem = _scalar_ok(kind, value)
    if problem:
        raise _refuse(index, "value", problem)
    if kind == "number":
        return _number(value)
    return value.strip() if isinstance(value, str) else value


def has_nul(value: Any) -> bool:
    """Whether a NUL character hides anywhere in a JSON value.

    PostgreSQL stores no NUL in text or jsonb: refused here, it is a 422
    naming the field instead of a database error.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def condition_validate(raw: Any, *, trigger: str, index: int) -> dict[str, Any]:
    """The condition cleaned, or InvalidInput naming `conditions.<i>.<part>`."""
    if not isinstance(raw, dict):
        raise _refuse(index, "field", _("give an object with field, op and value."))
    for part in ("field", "op", "key", "value"):
        if has_nul(raw.get(part)):
            raise _refuse(index, part, _("remove the NUL character."))
    ctype = _registry.get(str(raw.get("field", "")))
    if ctype is None:
        raise _refuse(index, "field", _("unknown field."))
    if trigger not in ctype.triggers:
        raise _refuse(
            index,
            "field",
            _("“%(field)s” does not apply to this trigger (%(trigger)s).")
            % {"field": ctype.label, "trigger": Trigger(trigger).label},
        )
    op = str(raw.get("op", ""))
    if op not in ctype.operators:
        raise _refuse(
            index,
            "op",
            _("“%(field)s” takes these operators: %(ops)s.")
            % {"field": ctype.label, "ops": ", ".join(ctype.operators)},
        )
    cleaned: dict[str, Any] = {"field": ctype.name, "op": op}
    if ctype.key_label:
        key = raw.get("key")
        if not isinstance(key, str) or not key.strip() or len(key) > 100:
            raise _refuse(
                index, "key", _("give the %(what)s.") % {"what": ctype.key_label}
            )
        if ctype.keys and key.strip() not in ctype.keys:
            raise _refuse(
                index,
                "key",
                _("choose one of: %(choices)s.") % {"choices": ", ".join(ctype.keys)},
            )
        cleaned["key"] = key.strip()
    cleaned["value"] = _clean_value(ctype, op, raw.get("value"), index)
    return cleaned


def conditions_validate(raw: Any, *, trigger: str) -> list[dict[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InvalidInput(_("Give the conditions as a list."), field="conditions")
    if len(raw) > MAX_CONDITIONS:
        raise InvalidInput(
            _("A rule has at most %(count)s conditions.") % {"count": MAX_CONDITIONS},
            field="conditions",
        )
    return [
        condition_validate(item, trigger=trigger, index=index)
        for index, item in enumerate(raw)
    ]


# Evaluation ----------------------------------------------------------------


def _is_set(actual: Any) -> bool:
    return actual is not None and actual != "" and actual != [] and actual != {}


def _like(expected: Any, actual: Any) -> Any:
    """`expected` read as the type of `actual` (a yes/no answer, a score)."""
    if isinstance(actual, bool):
        word = str(expected).strip().casefold()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        return expected
    if isinstance(actual, int | float):
        number = _number(expected)
        return number if number is not None else expected
    return str(expected).casefold()


def _norm(actual: Any) -> Any:
    if isinstance(actual, bool | int | float):
        return actual
    return str(actual).casefold()


def _equals(actual: Any, expected: Any) -> bool:
    if isinstance(actual, list):
        return any(_equals(item, expected) for item in actual)
    if actual is None:
        return False
    return bool(_norm(actual) == _like(expected, actual))


def operator_test(op: str, actual: Any, expected: Any) -> bool:
    """Whether `actual` (what the subject has) satisfies `op expected`."""
    if op == "is_set":
        return _is_set(actual) == bool(expected)
    if op == "eq":
        return _equals(actual, expected)
    if op == "ne":
        return not _equals(actual, expected)
    if op == "in":
        return any(_equals(actual, item) for item in expected)
    if op == "contains":
        if isinstance(actual, list):
            return any(operator_test("contains", item, expected) for item in actual)
        if actual is None:
            return False
        return str(expected).casefold() in str(actual).casefold()
    number = _number(actual) if not isinstance(actual, bool) else None
    if number is None:
        return False
    if op == "lte":
        return number <= float(expected)
    if op == "gte":
        return number >= float(expected)
    if op == "between":
        return float(expected[0]) <= number <= float(expected[1])
    return False


def condition_value(condition: dict[str, Any], subject: Subject) -> Any:
    ctype = _registry.get(condition["field"])
    if ctype is None:
        return None
    return ctype.value_of(subject, condition.get("key", ""))


def condition_test(condition: dict[str, Any], subject: Subject) -> bool:
    return operator_test(
        condition["op"], condition_value(condition, subject), condition["value"]
    )


def conditions_match(
    conditions: Sequence[dict[str, Any]], match: str, subject: Subject
) -> dict[str, Any] | None:
    """What the conditions saw when they match (for the log); None when not.

    No conditions at all match every object of the trigger.
    """
    seen: dict[str, Any] = {}
    results = []
    for index, condition in enumerate(conditions):
        value = condition_value(condition, subject)
        passed = operator_test(condition["op"], value, condition["value"])
        seen[f"{index}:{condition['field']}"] = _loggable(value)
        results.append(passed)
        if match == "all" and not passed:
            return None
        if match == "any" and passed:
            break
    if results and match == "any" and not any(results):
        return None
    return seen


def _loggable(value: Any) -> Any:
    if isinstance(value, str):
        return value[:200]
    if isinstance(value, list):
        return [_loggable(item) for item in value[:20]]
    if isinstance(value, bool | int | float) or value is None:
        return value
    return str(value)[:200]


def conditions_q(conditions: Sequence[dict[str, Any]], match: str) -> Q | None:
    """SQL that keeps at least every response the conditions match, or None."""
    parts = []
    for condition in conditions:
        ctype = _registry.get(condition["field"])
        part = (
            ctype.to_q(condition["op"], condition.get("key", ""), condition["value"])
            if ctype is not None and ctype.to_q is not None
            else None
        )
        if part is None and match == "any":
            return None  # one condition SQL cannot narrow: all must be read
        if part is not None:
            parts.append(part)
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined = combined & part if match == "all" else combined | part
    return combined


# The fields ----------------------------------------------------------------


def _column_q(column: str) -> Callable[[str, str, Any], Q | None]:
    """A pre-filter on one column for the operators SQL answers the same way."""

    def to_q(op: str, key: str, value: Any) -> Q | None:
        if op == "eq":
            return Q(**{column: value})
        if op == "in":
            return Q(**{f"{column}__in": list(value)})
        if op in ("lte", "gte"):
            return Q(**{f"{column}__{op}": value})
        if op == "between":
            return Q(**{f"{column}__gte": value[0], f"{column}__lte": value[1]})
        return None

    return to_q


def _text_q(column: str) -> Callable[[str, str, Any], Q | None]:
    def to_q(op: str, key: str, value: Any) -> Q | None:
        if op == "eq":
            return Q(**{f"{column}__iexact": value})
        if op == "in":
            any_of = Q()
            for item in value:
                any_of |= Q(**{f"{column}__iexact": item})
            return any_of
        return None

    return to_q


NPS_BANDS = {"detractor": (0, 6), "passive": (7, 8), "promoter": (9, 10)}


def _nps_band_q(op: str, key: str, value: Any) -> Q | None:
    bands = [value] if op == "eq" else list(value) if op == "in" else []
    if not bands:
        return None
    any_of = Q()
    for band in bands:
        low, high = NPS_BANDS[str(band)]
        any_of |= Q(nps__gte=low, nps__lte=high)
    return any_of


def _response(attribute: str) -> Callable[[Subject, str], Any]:
    return lambda subject, key: (
        getattr(subject.response, attribute, None) if subject.response else None
    )


def _survey(subject: Subject, key: str) -> Any:
    return subject.response.survey.key if subject.response else None


def _question(subject: Subject, key: str) -> Any:
    if subject.response is None:
        return None
    return subject.response.answers.get(key)


def _nps_band(subject: Subject, key: str) -> Any:
    return subject.response.nps_band if subject.response else None


def _sentiment(subject: Subject, key: str) -> Any:
    analysis = subject.analysis
    return analysis.sentiment_label or None if analysis else None


def _topic(subject: Subject, key: str) -> Any:
    return [
        value
        for topic in subject.topics
        for value in (str(topic["number"]), topic["label"])
    ]


def _language(subject: Subject, key: str) -> Any:
    analysis = subject.analysis
    if analysis is not None and analysis.language:
        return analysis.language
    return subject.response.locale or None if subject.response else None


def _customer_attribute(subject: Subject, key: str) -> Any:
    customer = subject.customer
    return customer.attributes.get(key) if customer else None


def _segment(subject: Subject, key: str) -> Any:
    if subject.customer_id is None:
        return None
    return "returning" if subject.orders["count"] > 1 else "new"


def _order_value(subject: Subject, key: str) -> Any:
    return subject.orders["last" if key == "last" else "total"]


def _event_type(subject: Subject, key: str) -> Any:
    return subject.event.type if subject.event else None


def _path(data: Any, key: str) -> Any:
    for part in key.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _event_property(subject: Subject, key: str) -> Any:
    return _path(subject.event.properties, key) if subject.event else None


def _case(attribute: str) -> Callable[[Subject, str], Any]:
    return lambda subject, key: getattr(subject.case, attribute, None)


CHANNELS = (
    "link",
    "widget",
    "email",
    "api",
    "review",
    "social",
    "call",
    "chat",
    "store",
    "import",
)
for _condition in [
    ConditionType(
        "survey",
        _l("Survey"),
        RESPONSE_TRIGGERS,
        TEXT_OPS,
        "text",
        _survey,
        to_q=_text_q("survey__key"),
    ),
    ConditionType(
        "touchpoint",
        _l("Touchpoint"),
        ANY_OBJECT,
        TEXT_OPS,
        "text",
        lambda subject, key: subject.touchpoint or None,
        to_q=_text_q("touchpoint"),
    ),
    ConditionType(
        "question",
        _l("Answer to a question"),
        RESPONSE_TRIGGERS,
        ALL_OPS,
        "any",
        _question,
        key_label=_l("question key"),
    ),
    ConditionType(
        "nps_band",
        _l("NPS band"),
        RESPONSE_TRIGGERS,
        CHOICE_OPS,
        tuple(NPS_BANDS),
        _nps_band,
        to_q=_nps_band_q,
    ),
    ConditionType(
        "nps",
        _l("NPS score (0–10)"),
        RESPONSE_TRIGGERS,
        NUMBER_OPS,
        "number",
        _response("nps"),
        to_q=_column_q("nps"),
    ),
    ConditionType(
        "csat",
        _l("CSAT (1–5)"),
        RESPONSE_TRIGGERS,
        NUMBER_OPS,
        "number",
        _response("csat"),
        to_q=_column_q("csat"),
    ),
    ConditionType(
        "ces",
        _l("CES (1–7)"),
        RESPONSE_TRIGGERS,
        NUMBER_OPS,
        "number",
        _response("ces"),
        to_q=_column_q("ces"),
    ),
    ConditionType(
        "sentiment",
        _l("Sentiment of the comment"),
        ANALYSED,
        CHOICE_OPS,
        ("negative", "neutral", "positive"),
        _sentiment,
        to_q=_column_q("analysis__sentiment_label"),
    ),
    ConditionType(
        "topic",
        _l("Topic of the comment (number or label)"),
        ANALYSED,
        TEXT_OPS,
        "text",
        _topic,
    ),
    ConditionType(
        "language",
        _l("Language"),
        RESPONSE_TRIGGERS,
        TEXT_OPS,
        "text",
        _language,
    ),
    ConditionType(
        "channel",
        _l("Channel"),
        RESPONSE_TRIGGERS,
        CHOICE_OPS,
        CHANNELS,
        _response("channel"),
        to_q=_column_q("channel"),
    ),
    ConditionType(
        "customer_attribute",
        _l("Customer attribute"),
        ANY_OBJECT,
        ALL_OPS,
        "any",
        _customer_attribute,
        key_label=_l("attribute name"),
    ),
    ConditionType(
        "segment",
        _l("Customer segment (new or returning)"),
        ANY_OBJECT,
        CHOICE_OPS,
        ("new", "returning"),
        _segment,
    ),
    ConditionType(
        "order_value",
        _l("Customer's order value (total or last)"),
        ANY_OBJECT,
        NUMBER_OPS,
        "number",
        _order_value,
        key_label=_l("“total” or “last”"),
        keys=("total", "last"),
    ),
    ConditionType(
        "event_type",
        _l("Event type"),
        EVENT,
        TEXT_OPS,
        "text",
        _event_type,
        to_q=_text_q("type"),
    ),
    ConditionType(
        "event_property",
        _l("Event property"),
        EVENT,
        ALL_OPS,
        "any",
        _event_property,
        key_label=_l("property name"),
    ),
    ConditionType(
        "case_status",
        _l("Case status"),
        CASE,
        CHOICE_OPS,
        ("new", "open", "pending", "resolved", "closed"),
        _case("status"),
    ),
    ConditionType(
        "case_priority",
        _l("Case priority"),
        CASE,
        CHOICE_OPS,
        ("low", "normal", "high", "urgent"),
        _case("priority"),
    ),
]:
    condition_register(_condition)

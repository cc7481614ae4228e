"""The rule form a CX manager fills in: rows of conditions and of actions.

No JSON: each condition is a row (field, key, operator, value), each action
a row (what to do and its few settings). `RuleEditor` holds the rule's own
fields and both row sets, turns them into the service's `RuleData`, and
puts a refusal from the service back on the row and field it names.
"""

from typing import Any, cast

from django import forms
from django.forms import formset_factory
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from cxloop.accounts import selectors as accounts
from cxloop.accounts.models import Workspace
from cxloop.errors import DomainError
from cxloop.rules import actions as rule_actions
from cxloop.rules import conditions as rule_conditions
from cxloop.rules import services
from cxloop.rules.models import Rule, Trigger

PRIORITY_CHOICES = [
    ("low", _l("Low")),
    ("normal", _l("Normal")),
    ("high", _l("High")),
    ("urgent", _l("Urgent")),
]
DIGEST_CHOICES = [("daily", _l("Daily")), ("weekly", _l("Weekly"))]
MAX_ROWS = 30


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class RuleForm(forms.Form):
    name = forms.CharField(label=_l("Name"), max_length=200)
    description = forms.CharField(
        label=_l("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    trigger = forms.ChoiceField(label=_l("When"), choices=Trigger.choices)
    match = forms.ChoiceField(label=_l("Match"), choices=Rule.Match.choices)
    throttle_days = forms.IntegerField(
        label=_l("One case per customer per (days)"),
        min_value=0,
        max_value=365,
        initial=7,
        help_text=_l("Within it, a customer's new signal joins their open case."),
    )
    enabled = forms.BooleanField(label=_l("Enabled"), required=False, initial=True)


class ConditionForm(forms.Form):
    field = forms.ChoiceField(label=_l("Field"), required=False)
    key = forms.CharField(
        label=_l("Key"),
        max_length=100,
        required=False,
        help_text=_l("The question, attribute or property; “total” or “last” order."),
    )
    op = forms.ChoiceField(
        label=_l("Operator"),
        choices=list(rule_conditions.OPERATORS.items()),
        required=False,
    )
    value = forms.CharField(
        label=_l("Value"),
        max_length=500,
        required=False,
        help_text=_l("Several: separate with commas; between: low, high."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["field"])
        field.choices = [("", "—")] + [
            (ctype.name, ctype.label) for ctype in rule_conditions.condition_types()
        ]

    def as_condition(self) -> dict[str, Any]:
        data = self.cleaned_data
        op = data["op"]
        value: Any = data["value"]
        if op == "between":
            value = _split(value)
        elif op == "is_set":
            value = True
        condition = {"field": data["field"], "op": op, "value": value}
        if data["key"]:
            condition["key"] = data["key"]
        return condition

    @staticmethod
    def initial_of(condition: dict[str, Any]) -> dict[str, Any]:
        value = condition.get("value")
        if isinstance(value, list):
            value = ", ".join(_plain(item) for item in value)
        return {
            "field": condition.get("field", ""),
            "key": condition.get("key", ""),
            "op": condition.get("op", ""),
            "value": "" if condition.get("op") == "is_set" else _plain(value),
        }


def _plain(value: Any) -> str:
    """A stored value as a person types it: 2, not 2.0; false, not False."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


class ActionForm(forms.Form):
    type = forms.ChoiceField(label=_l("Do"), required=False)
    priority = forms.ChoiceField(
        label=_l("Case priority"),
        choices=PRIORITY_CHOICES,
        initial="normal",
        required=False,
    )
    users = forms.TypedMultipleChoiceField(
        label=_l("Members"), coerce=int, required=False
    )
    team = forms.CharField(label=_l("Team"), max_length=100, required=False)
    touchpoint_owner = forms.BooleanField(
        label=_l("The touchpoint's owner"), required=False
    )
    url = forms.CharField(
        label=_l("Chat webhook URL"),
        max_length=2000,
        required=False,
        help_text=_l("A Slack-compatible incoming webhook."),
    )
    tags = forms.CharField(
        label=_l("Tags"),
        max_length=500,
        required=False,
        help_text=_l("Comma-separated."),
    )
    digest = forms.ChoiceField(
        label=_l("Digest"), choices=DIGEST_CHOICES, initial="daily", required=False
    )

    def __init__(
        self, *args: Any, members: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        kind = cast(forms.ChoiceField, self.fields["type"])
        kind.choices = [("", "—")] + [
            (action.name, action.label) for action in rule_actions.action_types()
        ]
        users = cast(forms.TypedMultipleChoiceField, self.fields["users"])
        users.choices = members

    def as_action(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind = data["type"]
        people = {
            "users": data["users"],
            "touchpoint_owner": data["touchpoint_owner"],
        }
        params: dict[str, Any] = {
            "open_case": {
                "priority": data["priority"] or "normal",
                "team": data["team"],
            },
            "notify_email": {**people, "team": data["team"]},
            "post_chat": {"url": data["url"]},
            "tag_response": {"tags": _split(data["tags"])},
            "digest": {**people, "digest": data["digest"] or "daily"},
        }.get(kind, {})
        return {"type": kind, **params}

    @staticmethod
    def initial_of(action: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": action.get("type", ""),
            "priority": action.get("priority", "normal"),
            "users": action.get("users", []),
            "team": action.get("team", ""),
            "touchpoint_owner": action.get("touchpoint_owner", False),
            "url": action.get("url", ""),
            "tags": ", ".join(action.get("tags", [])),
            "digest": action.get("digest", "daily"),
        }


ConditionFormSet = formset_factory(
    ConditionForm, extra=0, can_delete=True, max_num=MAX_ROWS, absolute_max=MAX_ROWS
)
ActionFormSet = formset_factory(
    ActionForm, extra=0, can_delete=True, max_num=MAX_ROWS, absolute_max=MAX_ROWS
)


def _with_row(data: QueryDict, prefix: str) -> QueryDict:
    """The posted rows and one empty row more ("Add a condition")."""
    data = data.copy()
    total = f"{prefix}-TOTAL_FORMS"
    try:
        rows = int(data.get(total, "0"))
    except ValueError:
        rows = 0
    data[total] = str(min(rows + 1, MAX_ROWS))
    return data


class RuleEditor:
    """The rule form and its condition and action rows, bound or not."""

    def __init__(
        self,
        *,
        workspace: Workspace,
        data: QueryDict | None = None,
        rule: Rule | None = None,
        add: str = "",
    ) -> None:
        self.workspace = workspace
        members = [
            (membership.user_id, str(membership.user))
            for membership in accounts.membership_list(workspace=workspace)
        ]
        if data is not None and add in ("condition", "action"):
            data = _with_row(data, f"{add}s")
        initial = _initial(rule)
        self.form = RuleForm(data, initial=initial["rule"])
        self.conditions = ConditionFormSet(
            data,
            prefix="conditions",
            initial=initial["conditions"] if data is None else None,
        )
        self.actions = ActionFormSet(
            data,
            prefix="actions",
            initial=initial["actions"] if data is None else None,
            form_kwargs={"members": members},
        )
        # Edited rows are all "extra": an untouched blank row is left out.
        self._condition_rows: list[ConditionForm] = []
        self._action_rows: list[ActionForm] = []

    def is_valid(self) -> bool:
        valid = [
            self.form.is_valid(),
            self.conditions.is_valid(),
            self.actions.is_valid(),
        ]
        if not all(valid):
            return False
        self._condition_rows = _kept(self.conditions.forms, "field")
        self._action_rows = _kept(self.actions.forms, "type")
        return True

    def rule_data(self) -> services.RuleData:
        data = self.form.cleaned_data
        return services.RuleData(
            name=data["name"],
            description=data["description"],
            trigger=data["trigger"],
            match=data["match"],
            throttle_days=data["throttle_days"],
            enabled=data["enabled"],
            conditions=[row.as_condition() for row in self._condition_rows],
            actions=[row.as_action() for row in self._action_rows],
        )

    def preview_data(self) -> dict[str, Any]:
        data = self.form.cleaned_data
        return {
            "trigger": data["trigger"],
            "match": data["match"],
            "conditions": [row.as_condition() for row in self._condition_rows],
        }

    def refuse(self, error: DomainError) -> None:
        """Show a refusal on the row and field it names (`conditions.2.value`)."""
        parts = (error.field or "").split(".")
        rows: dict[str, list[Any]] = {
            "conditions": self._condition_rows,
            "actions": self._action_rows,
        }
        if parts[0] in rows and len(parts) >= 2 and parts[1].isdigit():
            index = int(parts[1])
            if index < len(rows[parts[0]]):
                row = rows[parts[0]][index]
                field = parts[2] if len(parts) > 2 else None
                row.add_error(field if field in row.fields else None, error.message)
                return
        field = parts[0] if parts[0] in self.form.fields else None
        self.form.add_error(field, error.message)


def _kept(rows: list[Any], required: str) -> list[Any]:
    return [
        row
        for row in rows
        if row.cleaned_data.get(required) and not row.cleaned_data.get("DELETE")
    ]


def _initial(rule: Rule | None) -> dict[str, Any]:
    if rule is None:
        return {
            "rule": {"trigger": Trigger.RESPONSE_STORED, "match": "all"},
            "conditions": [{}],
            "actions": [{"type": "open_case"}],
        }
    return {
        "rule": {
            "name": rule.name,
            "description": rule.description,
            "trigger": rule.trigger,
            "match": rule.match,
            "throttle_days": rule.throttle_days,
            "enabled": rule.enabled,
        },
        "conditions": [ConditionForm.initial_of(c) for c in rule.conditions] or [{}],
        "actions": [ActionForm.initial_of(a) for a in rule.actions],
    }


def condition_text(condition: dict[str, Any]) -> str:
    """A condition as a sentence fragment: “CSAT (1–5) ≤ 2”."""
    ctype = rule_conditions.condition_type(condition.get("field", ""))
    label = str(ctype.label) if ctype else condition.get("field", "")
    if condition.get("key"):
        label = f"{label} “{condition['key']}”"
    op = str(rule_conditions.OPERATORS.get(condition.get("op", ""), ""))
    if condition.get("op") == "is_set":
        return f"{label} {op}"
    return f"{label} {op} {ConditionForm.initial_of(condition)['value']}"


def action_text(action: dict[str, Any]) -> str:
    registered = rule_actions.action_type(action.get("type", ""))
    label = str(registered.label) if registered else action.get("type", "")
    details = [
        str(value)
        for key, value in ActionForm.initial_of(action).items()
        if key in action
        and key != "type"
        and value not in ("", [], False)
        and key != "users"
    ]
    if action.get("users"):
        details.append(_("%(count)s members") % {"count": len(action["users"])})
    return f"{label}: {', '.join(details)}" if details else label

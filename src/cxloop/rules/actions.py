"""What a rule can do, as an open registry.

An action is `{"type": …, …parameters}`. Each type registers a validator
(run when the rule is saved; it raises InvalidInput naming
`actions.<i>.<parameter>`) and a performer (run when the rule fires, in the
transaction of the firing row; it returns a small record of what it did).
Apps below rules add their own types from `AppConfig.ready()`, e.g. the
loyalty app's offers and points:

    actions.action_register("award_points", validate, perform, _("Award points"))
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.errors import InvalidInput
from cxloop.rules import conditions
from cxloop.rules.models import Rule
from cxloop.rules.subjects import Subject

MAX_ACTIONS = 10


@dataclass(frozen=True)
class ActionCheck:
    """What a validator may need: where the rule lives and what triggers it."""

    workspace: Workspace
    trigger: str
    kind: str  # the trigger's object: response, event or case
    index: int

    def refuse(self, part: str, message: str) -> InvalidInput:
        return InvalidInput(
            _("Action %(number)s: %(message)s")
            % {"number": self.index + 1, "message": message},
            field=f"actions.{self.index}.{part}",
        )


@dataclass(frozen=True)
class ActionRun:
    """What a performer acts on: the rule, the matched object, the moment."""

    rule: Rule
    subject: Subject
    matched: dict[str, Any]
    now: datetime

    @property
    def workspace(self) -> Workspace:
        return self.subject.workspace


Validator = Callable[[dict[str, Any], ActionCheck], dict[str, Any]]
Performer = Callable[[dict[str, Any], ActionRun], dict[str, Any]]


@dataclass(frozen=True)
class ActionType:
    name: str
    validator: Validator
    performer: Performer
    label: str | Promise
    # The objects it can act on; None: any.
    kinds: frozenset[str] | None = None


_registry: dict[str, ActionType] = {}


def action_register(
    name: str,
    validator: Validator,
    performer: Performer,
    label: str | Promise,
    *,
    kinds: frozenset[str] | None = None,
) -> None:
    _registry[name] = ActionType(name, validator, performer, label, kinds)


def action_types() -> list[ActionType]:
    return list(_registry.values())


def action_type(name: str) -> ActionType | None:
    return _registry.get(name)


def actions_validate(
    raw: Any, *, workspace: Workspace, trigger: str, kind: str
) -> list[dict[str, Any]]:
    """The actions cleaned, or InvalidInput naming the first bad part."""
    if not isinstance(raw, list) or not raw:
        raise InvalidInput(_("Give the rule at least one action."), field="actions")
    if len(raw) > MAX_ACTIONS:
        raise InvalidInput(
            _("A rule has at most %(count)s actions.") % {"count": MAX_ACTIONS},
            field="actions",
        )
    cleaned = []
    for index, item in enumerate(raw):
        check = ActionCheck(
            workspace=workspace, trigger=trigger, kind=kind, index=index
        )
        if not isinstance(item, dict):
            raise check.refuse("type", _("give an object with a type."))
        action = _registry.get(str(item.get("type", "")))
        if action is None:
            raise check.refuse("type", _("unknown action."))
        if action.kinds is not None and kind not in action.kinds:
            raise check.refuse(
                "type",
                _("“%(action)s” cannot act on a %(kind)s.")
                % {"action": action.label, "kind": kind},
            )
        params = {key: value for key, value in item.items() if key != "type"}
        for key, value in params.items():
            if conditions.has_nul(value) or conditions.has_nul(key):
                raise check.refuse(str(key), _("remove the NUL character."))
        cleaned.append({"type": action.name, **action.validator(params, check)})
    return cleaned


def action_perform(action: dict[str, Any], run: ActionRun) -> dict[str, Any]:
    registered = _registry.get(action["type"])
    if registered is None:
        # Registered by an app that is no longer installed: say so in the log.
        return {"type": action["type"], "skipped": "unknown action"}
    params = {key: value for key, value in action.items() if key != "type"}
    return {"type": action["type"], **registered.performer(params, run)}

"""Writes of rules: create, change, delete, and the defaults of a workspace."""

from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import User, Workspace
from cxloop.errors import InvalidInput
from cxloop.rules import actions, conditions
from cxloop.rules.models import DEFAULT_THROTTLE_DAYS, TRIGGER_KINDS, Rule

MAX_THROTTLE_DAYS = 365


@dataclass(frozen=True)
class RuleData:
    """A rule as a person or a client describes it, before validation."""

    name: str
    trigger: str
    actions: list[Any]
    conditions: list[Any] = field(default_factory=list)
    match: str = Rule.Match.ALL
    description: str = ""
    enabled: bool = True
    throttle_days: int = DEFAULT_THROTTLE_DAYS


def trigger_check(trigger: Any) -> str:
    if trigger not in TRIGGER_KINDS:
        raise InvalidInput(
            _("Choose a trigger: %(choices)s.") % {"choices": ", ".join(TRIGGER_KINDS)},
            field="trigger",
        )
    return str(trigger)


def match_check(match: Any) -> str:
    if match not in Rule.Match.values:
        raise InvalidInput(_("Match “all” or “any” condition."), field="match")
    return str(match)


def rule_validate(*, workspace: Workspace, data: RuleData) -> RuleData:
    """The rule cleaned, or InvalidInput naming the first bad field."""
    name = " ".join(str(data.name).split())
    if not 0 < len(name) <= 200 or "\x00" in name:
        raise InvalidInput(_("Give a name of 1–200 characters."), field="name")
    if "\x00" in data.description:
        raise InvalidInput(_("Remove the NUL character."), field="description")
    if len(data.description) > 2000:
        raise InvalidInput(
            _("Keep the description under 2,000 characters."), field="description"
        )
    trigger = trigger_check(data.trigger)
    if not 0 <= data.throttle_days <= MAX_THROTTLE_DAYS:
        raise InvalidInput(
            _("Give 0–365 days (0: no throttle)."), field="throttle_days"
        )
    return replace(
        data,
        name=name,
        trigger=trigger,
        match=match_check(data.match),
        conditions=conditions.conditions_validate(data.conditions, trigger=trigger),
        actions=actions.actions_validate(
            data.actions,
            workspace=workspace,
            trigger=trigger,
            kind=TRIGGER_KINDS[trigger],
        ),
    )


@transaction.atomic
def rule_create(
    *,
    workspace: Workspace,
    data: RuleData,
    created_by: User | None = None,
    seed_key: str = "",
) -> Rule:
    """A new rule, last in the workspace's order."""
    cleaned = rule_validate(workspace=workspace, data=data)
    last = Rule.objects.of(workspace).aggregate(last=Max("position"))["last"]
    rule = Rule(
        workspace=workspace,
        name=cleaned.name,
        description=cleaned.description,
        trigger=cleaned.trigger,
        match=cleaned.match,
        conditions=cleaned.conditions,
        actions=cleaned.actions,
        enabled=cleaned.enabled,
        throttle_days=cleaned.throttle_days,
        position=(last or 0) + 1,
        seed_key=seed_key,
        created_by=created_by,
        updated_by=created_by,
        scheduled_until=timezone.now(),
    )
    rule.full_clean()
    rule.save()
    return rule


def rule_data_of(rule: Rule) -> RuleData:
    return RuleData(
        name=rule.name,
        trigger=rule.trigger,
        actions=rule.actions,
        conditions=rule.conditions,
        match=rule.match,
        description=rule.description,
        enabled=rule.enabled,
        throttle_days=rule.throttle_days,
    )


@transaction.atomic
def rule_update(
    *, rule: Rule, changes: dict[str, Any], updated_by: User | None = None
) -> Rule:
    """Change some of a rule's fields (the names of `RuleData`); all re-checked.

    A changed trigger makes the conditions and actions be checked against
    the new one, so a rule never holds a condition its trigger cannot see.
    """
    unknown = set(changes) - set(RuleData.__dataclass_fields__)
    if unknown:
        raise InvalidInput(_("Unknown field."), field=sorted(unknown)[0])
    data = replace(rule_data_of(rule), **changes)
    cleaned = rule_validate(workspace=rule.workspace, data=data)
    if cleaned.trigger == "schedule" and rule.trigger != "schedule":
        rule.scheduled_until = timezone.now()  # from now on, not the past
    for name in RuleData.__dataclass_fields__:
        setattr(rule, name, getattr(cleaned, name))
    rule.updated_by = updated_by
    rule.updated_at = timezone.now()
    rule.save()
    return rule


@transaction.atomic
def rule_set_enabled(
    *, rule: Rule, enabled: bool, updated_by: User | None = None
) -> Rule:
    rule.enabled = enabled
    rule.updated_by = updated_by
    rule.updated_at = timezone.now()
    rule.save(update_fields=["enabled", "updated_by", "updated_at"])
    return rule


@transaction.atomic
def rule_delete(*, rule: Rule) -> None:
    """Delete the rule and its firing log; what its actions did stays."""
    rule.delete()

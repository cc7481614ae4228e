"""The workspace's business calendar and its SLA policies."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.cases import business_hours, sla
from cxloop.cases.models import DEFAULT_TARGETS, BusinessCalendar, Case, SlaPolicy
from cxloop.errors import Conflict, InvalidInput

# Calendar and policies ----------------------------------------------------


def calendar_ensure(*, workspace: Workspace) -> BusinessCalendar:
    calendar, _created = BusinessCalendar.objects.get_or_create(
        workspace=workspace,
        defaults={
            "schedule": business_hours.schedule_to_dict(sla.schedule_default(workspace))
        },
    )
    return calendar


@transaction.atomic
def calendar_update(
    *, workspace: Workspace, schedule: dict[str, Any], now: datetime | None = None
) -> BusinessCalendar:
    """Replace the calendar; open cases keep the due times they were given."""
    try:
        parsed = business_hours.schedule_from_dict(schedule)
        business_hours.schedule_validate(parsed)
    except ValueError as error:
        inner = getattr(error, "field", None)
        field = f"schedule.{inner}" if inner and inner != "schedule" else "schedule"
        raise InvalidInput(
            getattr(error, "message", str(error)), field=field
        ) from error
    calendar = calendar_ensure(workspace=workspace)
    calendar.schedule = business_hours.schedule_to_dict(parsed)
    calendar.updated_at = now or timezone.now()
    calendar.save(update_fields=["schedule", "updated_at"])
    return calendar


def sla_policy_ensure_default(*, workspace: Workspace) -> SlaPolicy:
    found: SlaPolicy | None = (
        SlaPolicy.objects.of(workspace).filter(is_default=True).first()
    )
    if found is not None:
        return found
    policy, _created = SlaPolicy.objects.get_or_create(
        workspace=workspace,
        name=_("Standard"),
        defaults={"targets": DEFAULT_TARGETS, "is_default": True},
    )
    return policy


def _targets_clean(targets: dict[str, Any]) -> dict[str, dict[str, int]]:
    cleaned: dict[str, dict[str, int]] = {}
    for priority, values in targets.items():
        if priority not in Case.Priority.values or not isinstance(values, dict):
            raise InvalidInput(_("Unknown priority in the targets."), field="targets")
        cleaned[priority] = {}
        for target, minutes in values.items():
            if target not in ("first_response", "resolution"):
                raise InvalidInput(_("Unknown target."), field="targets")
            if minutes is None:
                continue
            if not isinstance(minutes, int) or not 0 < minutes <= 525_600:
                raise InvalidInput(
                    _("A target is a whole number of minutes up to a year."),
                    field="targets",
                )
            cleaned[priority][target] = minutes
    return cleaned


@transaction.atomic
def sla_policy_save(
    *,
    workspace: Workspace,
    name: str,
    targets: dict[str, Any],
    business_hours_only: bool = True,
    is_default: bool = False,
    escalation: str | None = None,
    policy: SlaPolicy | None = None,
) -> SlaPolicy:
    """Create or change a policy; making it the default unmarks the old one.

    `escalation` None keeps what the policy does on a breach (a new one
    notifies the team lead).
    """
    if escalation is not None and escalation not in SlaPolicy.Escalation.values:
        raise InvalidInput(_("Unknown escalation."), field="escalation")
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput(
            _("Give the policy a name of up to 100 characters."), field="name"
        )
    clash = SlaPolicy.objects.of(workspace).filter(name=name)
    if policy is not None:
        clash = clash.exclude(pk=policy.pk)
    if clash.exists():
        raise Conflict(_("Another policy has this name."), field="name")
    if is_default:
        SlaPolicy.objects.of(workspace).filter(is_default=True).update(is_default=False)
    if policy is None:
        policy = SlaPolicy(workspace=workspace)
    policy.name = name
    policy.targets = _targets_clean(targets)
    policy.business_hours = business_hours_only
    if escalation is not None:
        policy.escalation = escalation
    policy.is_default = is_default or (
        policy.is_default
        if policy.pk
        else not SlaPolicy.objects.of(workspace).filter(is_default=True).exists()
    )
    policy.save()
    return policy


@transaction.atomic
def sla_policy_delete(*, policy: SlaPolicy) -> None:
    """Remove a policy that is not the default; its cases keep their due times."""
    if policy.is_default:
        raise Conflict(
            _("The default policy cannot be deleted; make another one the default."),
            field="is_default",
        )
    policy.delete()


def workspace_created(workspace: Workspace) -> None:
    """A new workspace starts with office hours and the standard policy."""
    calendar_ensure(workspace=workspace)
    sla_policy_ensure_default(workspace=workspace)

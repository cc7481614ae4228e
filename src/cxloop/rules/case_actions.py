"""Open a case, or let the signal join the customer's open one.

The case goes to the touchpoint's owner and team unless the action names
an owner or a team (`cases.services.case_open` decides the defaults), with
the workspace's default SLA policy unless it names one. The per-customer
throttle (`Rule.throttle_days`): a customer with a case opened within that
many days and not yet resolved gets no second case; the new signal joins
the open one as a timeline entry.
"""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from cxloop.accounts import selectors as accounts
from cxloop.accounts.models import Workspace
from cxloop.cases import selectors as case_selectors
from cxloop.cases import services as case_services
from cxloop.cases.models import Case
from cxloop.errors import NotFound
from cxloop.pagination import MAX_KEY
from cxloop.rules.actions import ActionCheck, ActionRun, action_register
from cxloop.rules.models import ObjectKind

TITLE_LENGTH = 200


def case_find(*, workspace: Workspace, pk: int) -> Case | None:
    try:
        return case_selectors.case_get(workspace=workspace, pk=pk)
    except NotFound:
        return None


def cases_since(*, workspace: Workspace, since: datetime) -> QuerySet[Case]:
    """The cases opened since `since`, newest first (the preview's rows)."""
    return case_selectors.case_list(workspace=workspace).filter(opened_at__gte=since)


def _validate(params: dict[str, Any], check: ActionCheck) -> dict[str, Any]:
    priority = params.get("priority") or Case.Priority.NORMAL
    if priority not in Case.Priority.values:
        raise check.refuse(
            "priority",
            _("choose one of: %(choices)s.")
            % {"choices": ", ".join(Case.Priority.values)},
        )
    cleaned: dict[str, Any] = {"priority": priority}
    owner = params.get("owner_id")
    if owner is not None:
        members = accounts.membership_list(workspace=check.workspace)
        if (
            not isinstance(owner, int)
            or not 0 < owner <= MAX_KEY
            or not members.filter(user_id=owner).exists()
        ):
            raise check.refuse("owner_id", _("the owner must be a member."))
        cleaned["owner_id"] = owner
    team = params.get("team")
    if team:
        if not isinstance(team, str) or len(team) > 100:
            raise check.refuse("team", _("give the team's name."))
        cleaned["team"] = team.strip()
    policy = params.get("sla_policy_id")
    if policy is not None:
        if not isinstance(policy, int) or isinstance(policy, bool):
            raise check.refuse("sla_policy_id", _("give the SLA policy's id."))
        try:
            case_selectors.sla_policy_get(workspace=check.workspace, pk=policy)
        except NotFound as error:
            raise check.refuse("sla_policy_id", _("no such SLA policy.")) from error
        cleaned["sla_policy_id"] = policy
    return cleaned


def _title(run: ActionRun) -> str:
    facts = run.subject.describe()
    scores = ", ".join(
        f"{name.upper()} {facts[name]}"
        for name in ("nps", "csat", "ces")
        if facts.get(name) is not None
    )
    what = facts.get("survey") or facts.get("type") or ""
    title = " · ".join(part for part in (run.rule.name, what, scores) if part)
    return title[:TITLE_LENGTH]


def _perform(params: dict[str, Any], run: ActionRun) -> dict[str, Any]:
    subject = run.subject
    response_id = subject.object_id if subject.kind == ObjectKind.RESPONSE else None
    event_id = subject.object_id if subject.kind == ObjectKind.EVENT else None
    customer_id = subject.customer_id
    if customer_id is not None and run.rule.throttle_days:
        open_case = case_selectors.case_open_for_customer(
            workspace=run.workspace,
            customer_id=customer_id,
            since=run.now - timedelta(days=run.rule.throttle_days),
        )
        if open_case is not None:
            case_services.case_attach_signal(
                case=open_case,
                response_id=response_id,
                event_id=event_id,
                note=_title(run),
                rule_id=run.rule.pk,
                now=run.now,
            )
            return {"case_id": open_case.pk, "joined": True}
    case = case_services.case_open(
        workspace=run.workspace,
        title=_title(run),
        source=Case.Source.RESPONSE if response_id else Case.Source.EVENT,
        customer_id=customer_id,
        touchpoint_key=subject.touchpoint,
        response_id=response_id,
        event_id=event_id,
        priority=params.get("priority", Case.Priority.NORMAL),
        owner_id=params.get("owner_id"),
        team=params.get("team"),
        sla_policy_id=params.get("sla_policy_id"),
        description=subject.response.comment if subject.response else "",
        language=subject.response.locale if subject.response else "",
        rule_id=run.rule.pk,
        now=run.now,
    )
    return {"case_id": case.pk, "joined": False}


def register() -> None:
    action_register(
        "open_case",
        _validate,
        _perform,
        _l("Open a case"),
        kinds=frozenset({ObjectKind.RESPONSE, ObjectKind.EVENT}),
    )

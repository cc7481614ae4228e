"""The SLA sweep: warn before a due time, record a breach, escalate.

Run every minute by the worker (`tasks.check_sla`) across all workspaces.
Each step is claimed with a conditional UPDATE (`... WHERE warned_at IS
NULL`) inside the transaction that writes its timeline entry, webhook and
e-mails, so two workers or a retried task warn and breach once, and a
crash mid-way leaves the step to the next run.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from cxloop.accounts import selectors as account_selectors
from cxloop.accounts.models import User
from cxloop.cases import selectors
from cxloop.cases.models import Case, CaseEntry, SlaPolicy, Team
from cxloop.cases.services.cases import _announce, _entry, case_assign
from cxloop.delivery import services as delivery

logger = logging.getLogger(__name__)
T = TypeVar("T")

WARN_BEFORE = timedelta(hours=2)
BATCH = 200
TARGETS = ("first_response", "resolution")
RUNNING = (Case.Status.NEW, Case.Status.OPEN)


@dataclass(frozen=True)
class SweepReport:
    warned: int = 0
    breached: int = 0
    escalated: int = 0


def _running() -> QuerySet[Case]:
    """Cases whose clock runs: new or open (pending stops it)."""
    return Case.objects.filter(status__in=RUNNING, sla_paused_at__isnull=True)


def _due_soon(now: datetime) -> QuerySet[Case]:
    soon = now + WARN_BEFORE
    return _running().filter(
        Q(resolution_due_at__gt=now, resolution_due_at__lte=soon)
        | Q(
            first_response_at__isnull=True,
            first_response_due_at__gt=now,
            first_response_due_at__lte=soon,
        ),
        warned_at__isnull=True,
    )


def _breached(target: str, now: datetime) -> QuerySet[Case]:
    if target == "first_response":
        return _running().filter(
            first_response_at__isnull=True,
            first_response_breached_at__isnull=True,
            first_response_due_at__lte=now,
        )
    return _running().filter(
        resolution_breached_at__isnull=True, resolution_due_at__lte=now
    )


def _ids(cases: QuerySet[Case]) -> Iterable[int]:
    """Ids in batches by primary key, so a case that fails is not met again."""
    last = 0
    while True:
        batch = list(
            cases.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        yield from batch
        if len(batch) < BATCH:
            return
        last = batch[-1]


def _case(pk: int) -> Case:
    case: Case = Case.objects.select_related(
        "workspace", "owner", "customer", "sla_policy", "touchpoint"
    ).get(pk=pk)
    return case


def _admins(case: Case) -> list[User]:
    return [
        membership.user
        for membership in account_selectors.membership_list(workspace=case.workspace)
        if membership.is_admin
    ]


def _by_language(case: Case, users: Iterable[User | None]) -> dict[str, list[str]]:
    """Each recipient's address under the language they read e-mails in."""
    grouped: dict[str, list[str]] = {}
    for user in users:
        if user is not None and user.email:
            grouped.setdefault(user.language_in(case.workspace), []).append(user.email)
    return grouped


def _mail(
    case: Case, template: str, to: Iterable[User | None], context: dict[str, object]
) -> None:
    """An e-mail to members, each in their own language."""
    customer = case.customer
    for language, addresses in sorted(_by_language(case, to).items()):
        subject, text, html = delivery.email_render(
            f"cases/email/{template}",
            {
                "case": case,
                "customer_name": customer.full_name if customer else "",
                "zone": case.workspace.timezone,
                **context,
            },
            language=language,
        )
        delivery.email_enqueue(
            workspace=case.workspace,
            to=list(dict.fromkeys(addresses)),
            subject=subject,
            text=text,
            html=html,
            kind=f"case.{template}",
        )


def _warn(pk: int, now: datetime) -> bool:
    with transaction.atomic():
        if not _due_soon(now).filter(pk=pk).update(warned_at=now):
            return False  # another worker warned, or the case moved on
        case = _case(pk)
        due = case.next_due_at
        target = (
            "first_response"
            if case.first_response_at is None and due == case.first_response_due_at
            else "resolution"
        )
        _entry(
            case,
            CaseEntry.Kind.SLA_WARNING,
            data={"target": target, "due_at": due.isoformat() if due else None},
            now=now,
        )
        team = selectors.team_of_case(case=case)
        recipients: list[User | None]
        if case.owner is not None:
            recipients = [case.owner]
        elif team is not None:
            recipients = [team.lead, *team.members.all()]
        else:
            recipients = list(_admins(case))
        _mail(case, "sla_warning", recipients, {"target": target, "due": due})
    return True


def _escalate(case: Case, team: Team | None, target: str, now: datetime) -> bool:
    """Tell the lead; give them the case if the policy says so."""
    lead = team.lead if team is not None else None
    policy: SlaPolicy | None = case.sla_policy
    reassign = (
        lead is not None
        and policy is not None
        and policy.escalation == SlaPolicy.Escalation.REASSIGN
        and case.owner_id != lead.pk
    )
    _mail(
        case,
        "sla_breach",
        [lead] if lead is not None else _admins(case),
        {"target": target, "owner": case.owner, "reassigned": reassign},
    )
    if lead is None:
        return False
    previous = case.owner_id
    if reassign:
        case = case_assign(case=case, owner_id=lead.pk, actor=None, now=now)
    _entry(
        case,
        CaseEntry.Kind.ESCALATED,
        data={
            "target": target,
            "lead_id": lead.pk,
            "team": team.name if team else "",
            "reassigned": reassign,
            "from_owner_id": previous,
        },
        now=now,
    )
    Case.objects.filter(pk=case.pk, escalated_at__isnull=True).update(escalated_at=now)
    return True


def _breach(pk: int, target: str, now: datetime) -> bool | None:
    """Record the breach of one target; True if it was escalated to a lead."""
    field = f"{target}_breached_at"
    with transaction.atomic():
        if not _breached(target, now).filter(pk=pk).update(**{field: now}):
            return None
        case = _case(pk)
        due = getattr(case, f"{target}_due_at")
        _entry(
            case,
            CaseEntry.Kind.SLA_BREACH,
            data={"target": target, "due_at": due.isoformat() if due else None},
            now=now,
        )
        _announce(case, {field: (None, now.isoformat())}, None)
        return _escalate(case, selectors.team_of_case(case=case), target, now)


def _safely(step: str, pk: int, run: Callable[[], T]) -> T | None:
    try:
        return run()
    except Exception:  # one broken case must not stop the sweep for the rest
        logger.exception("SLA sweep: %s of case %s failed", step, pk)
        return None


def sla_check(*, now: datetime | None = None) -> SweepReport:
    """Warn of cases due within 2 hours and record the breached targets.

    Not one transaction: each case's step commits on its own, so a long
    sweep holds no lock for long and a failure costs one case one minute.
    """
    now = now or timezone.now()
    warned = breached = escalated = 0
    for target in TARGETS:
        for pk in _ids(_breached(target, now)):
            outcome = _safely("breach", pk, partial(_breach, pk, target, now))
            if outcome is not None:
                breached += 1
                escalated += bool(outcome)
    for pk in _ids(_due_soon(now)):
        warned += bool(_safely("warning", pk, partial(_warn, pk, now)))
    return SweepReport(warned=warned, breached=breached, escalated=escalated)

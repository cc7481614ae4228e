"""Cases that already happened: history from another helpdesk, or the demo's year.

An imported case keeps its own times; its due times come from the policy as
if it had been opened then, and a target it missed is recorded as breached.
It announces nothing (no webhook, no rule reacts): it is history, not news.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.cases import sla
from cxloop.cases.models import ACTIVE_STATUSES, Case, CaseEntry
from cxloop.cases.services import cases as case_services
from cxloop.errors import InvalidInput


@dataclass(frozen=True)
class ImportedEntry:
    """One line of the history: a reply, a note, a status change…"""

    kind: str
    at: datetime
    author_id: int | None = None
    body: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseImport:
    title: str
    opened_at: datetime
    status: str = Case.Status.CLOSED
    source: str = Case.Source.IMPORTED
    priority: str = Case.Priority.NORMAL
    customer_id: int | None = None
    touchpoint_key: str = ""
    response_id: int | None = None
    owner_id: int | None = None
    team: str | None = None
    language: str = ""
    description: str = ""
    tags: Sequence[str] = ()
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    entries: Sequence[ImportedEntry] = ()


def _times_check(data: CaseImport, now: datetime) -> None:
    times = [data.opened_at, data.first_response_at, data.resolved_at, data.closed_at]
    present = [moment for moment in times if moment is not None]
    if any(moment > now for moment in present):
        raise InvalidInput(
            _("An imported case cannot happen in the future."), field="opened_at"
        )
    if any(moment < data.opened_at for moment in present):
        raise InvalidInput(
            _("Nothing happens to a case before it is opened."), field="opened_at"
        )
    if data.status not in Case.Status.values:
        raise InvalidInput(_("Unknown status."), field="status")
    if data.status not in ACTIVE_STATUSES and data.resolved_at is None:
        raise InvalidInput(
            _("A resolved or closed case needs its resolution time."),
            field="resolved_at",
        )


def _pauses(data: CaseImport) -> list[tuple[datetime, datetime | None]]:
    """When the case waited for the customer, from its status entries."""
    pauses: list[tuple[datetime, datetime | None]] = []
    started: datetime | None = None
    for entry in sorted(data.entries, key=lambda entry: entry.at):
        if entry.kind != CaseEntry.Kind.STATUS:
            continue
        if entry.data.get("to") == Case.Status.PENDING and started is None:
            started = entry.at
        elif entry.data.get("from") == Case.Status.PENDING and started is not None:
            pauses.append((started, entry.at))
            started = None
    if started is not None:
        pauses.append((started, None))
    return pauses


def _dues_after_pauses(case: Case, data: CaseImport) -> None:
    """Waiting for the customer stopped the clock: due times move on."""
    schedule = sla.case_schedule(case, case_services.calendar_of(case.workspace))
    for paused_at, resumed_at in _pauses(data):
        if resumed_at is None:
            case.sla_paused_at = (
                paused_at if data.status == Case.Status.PENDING else None
            )
            continue
        if case.first_response_at is None or case.first_response_at > paused_at:
            case.first_response_due_at = sla.due_after_pause(
                schedule=schedule,
                due=case.first_response_due_at,
                paused_at=paused_at,
                now=resumed_at,
            )
        case.resolution_due_at = sla.due_after_pause(
            schedule=schedule,
            due=case.resolution_due_at,
            paused_at=paused_at,
            now=resumed_at,
        )


def _breaches(case: Case, now: datetime) -> None:
    first_due, due = case.first_response_due_at, case.resolution_due_at
    answered = case.first_response_at or now
    if first_due is not None and answered > first_due:
        case.first_response_breached_at = first_due
    resolved = case.resolved_at or case.sla_paused_at or now
    if due is not None and resolved > due:
        case.resolution_breached_at = due


@transaction.atomic
def case_import(
    *, workspace: Workspace, data: CaseImport, now: datetime | None = None
) -> Case:
    """Write a past case and its timeline as they happened."""
    now = now or timezone.now()
    _times_check(data, now)
    case = Case(
        workspace=workspace,
        title=data.title.strip()[:200] or _("(no title)"),
        description=data.description,
        source=data.source,
        status=data.status,
        priority=data.priority,
        customer_id=data.customer_id,
        response_id=data.response_id,
        language=data.language[:8],
        tags=list(data.tags),
        opened_at=data.opened_at,
        first_response_at=data.first_response_at,
        resolved_at=data.resolved_at,
        closed_at=data.closed_at,
        updated_at=max(
            moment
            for moment in (data.opened_at, data.resolved_at, data.closed_at)
            if moment is not None
        ),
    )
    case_services.case_fill_routing(
        case,
        touchpoint_key=data.touchpoint_key,
        owner_id=data.owner_id,
        team=data.team,
        sla_policy_id=None,
    )
    case_services.case_dues_set(case, data.opened_at)
    _dues_after_pauses(case, data)
    _breaches(case, now)
    case_services.case_insert(case)
    entries = [
        CaseEntry(
            workspace=workspace,
            case=case,
            kind=CaseEntry.Kind.OPENED,
            created_at=data.opened_at,
            response_id=data.response_id,
            data={"source": data.source},
        ),
        *(
            CaseEntry(
                workspace=workspace,
                case=case,
                kind=entry.kind,
                author_id=entry.author_id,
                body=entry.body,
                data=entry.data,
                created_at=entry.at,
            )
            for entry in data.entries
        ),
    ]
    CaseEntry.objects.bulk_create(entries)
    return case

"""Opening, working and closing cases (see the package's docstring)."""

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts import selectors as account_selectors
from cxloop.accounts.models import User, Workspace
from cxloop.cases import hooks, sla
from cxloop.cases.models import (
    ACTIVE_STATUSES,
    BusinessCalendar,
    Case,
    CaseEntry,
    SlaPolicy,
)
from cxloop.cases.services.follow_up import case_follow_up_schedule
from cxloop.cases.services.policies import sla_policy_ensure_default
from cxloop.customers import hooks as customer_hooks
from cxloop.customers import selectors as customer_selectors
from cxloop.delivery import services as delivery
from cxloop.errors import Conflict, InvalidInput, NotFound
from cxloop.journeys.models import Touchpoint

MAX_TAGS = 20
MAX_TAG_LENGTH = 50
MAX_TEXT = 20_000
NUMBER_ATTEMPTS = 5

# Which status may follow which. A resolved or closed case can be reopened;
# "new" is only where a case starts.
TRANSITIONS: dict[str, set[str]] = {
    Case.Status.NEW: {
        Case.Status.OPEN,
        Case.Status.PENDING,
        Case.Status.RESOLVED,
        Case.Status.CLOSED,
    },
    Case.Status.OPEN: {Case.Status.PENDING, Case.Status.RESOLVED, Case.Status.CLOSED},
    Case.Status.PENDING: {Case.Status.OPEN, Case.Status.RESOLVED, Case.Status.CLOSED},
    Case.Status.RESOLVED: {Case.Status.OPEN, Case.Status.CLOSED},
    Case.Status.CLOSED: {Case.Status.OPEN},
}


# Opening ------------------------------------------------------------------


def _touchpoint(workspace: Workspace, key: str) -> Touchpoint | None:
    if not key:
        return None
    touchpoint: Touchpoint | None = (
        Touchpoint.objects.of(workspace).filter(key=key).first()
    )
    return touchpoint


def _member(workspace: Workspace, user_id: int | None, field: str) -> User | None:
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id, memberships__workspace=workspace).first()
    if user is None:
        raise InvalidInput(_("No member of this workspace has this id."), field=field)
    return user


def _customer_check(workspace: Workspace, customer_id: int | None) -> None:
    if customer_id is None:
        return
    try:
        customer_selectors.customer_get(workspace=workspace, pk=customer_id)
    except NotFound as error:
        raise InvalidInput(_("No such customer."), field="customer_id") from error


def _policy(workspace: Workspace, policy_id: int | None) -> SlaPolicy:
    if policy_id is None:
        return sla_policy_ensure_default(workspace=workspace)
    policy: SlaPolicy | None = (
        SlaPolicy.objects.of(workspace).filter(pk=policy_id).first()
    )
    if policy is None:
        raise InvalidInput(_("No SLA policy has this id."), field="sla_policy")
    return policy


def _tags_clean(tags: Sequence[str]) -> list[str]:
    cleaned = list(dict.fromkeys(tag.strip() for tag in tags if tag.strip()))
    if len(cleaned) > MAX_TAGS or any(len(tag) > MAX_TAG_LENGTH for tag in cleaned):
        raise InvalidInput(
            _("Up to 20 tags of up to 50 characters each."), field="tags"
        )
    return cleaned


def _text_check(value: str, field: str, limit: int = MAX_TEXT) -> str:
    if len(value) > limit or "\x00" in value:
        raise InvalidInput(_("The text is too long or holds a NUL."), field=field)
    return value


def _number_next(workspace: Workspace) -> int:
    top = Case.objects.of(workspace).aggregate(top=Max("number"))["top"]
    return int(top or 0) + 1


def case_insert(case: Case) -> Case:
    """Save a new case under the next free number.

    Two workers opening cases at once may pick the same number; the unique
    constraint refuses one of them, which then takes the next number.
    """
    for attempt in range(NUMBER_ATTEMPTS):
        case.number = _number_next(case.workspace)
        try:
            with transaction.atomic():
                case.save(force_insert=True)
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
            case.pk = None
            continue
        return case
    raise AssertionError("unreachable")


def _payload(case: Case) -> dict[str, Any]:
    """The webhook data: the case's id for a follow-up GET and what changed."""

    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": case.pk,
        "number": case.number,
        "title": case.title,
        "status": case.status,
        "priority": case.priority,
        "source": case.source,
        "customer_id": case.customer_id,
        "touchpoint": case.touchpoint.key if case.touchpoint else None,
        "owner_id": case.owner_id,
        "team": case.team,
        "tags": case.tags,
        # The sender's own id of the response, as the responses API lists it.
        "response_id": case.response.response_id if case.response else None,
        "event_id": case.event_id,
        "opened_at": iso(case.opened_at),
        "first_response_due_at": iso(case.first_response_due_at),
        "resolution_due_at": iso(case.resolution_due_at),
        "resolved_at": iso(case.resolved_at),
        "closed_at": iso(case.closed_at),
    }


def _announce(
    case: Case, changes: dict[str, tuple[Any, Any]], actor_id: int | None
) -> None:
    if "status" in changes and changes["status"][0] is None:
        event_type = "case.opened"
    elif case.status == Case.Status.CLOSED and "status" in changes:
        event_type = "case.closed"
    else:
        event_type = "case.updated"
    payload = _payload(case)
    payload["changes"] = {
        name: {"from": old, "to": new} for name, (old, new) in changes.items()
    }
    delivery.message_enqueue(
        workspace=case.workspace, event_type=event_type, payload=payload
    )
    hooks.case_changed(case, changes=changes, actor_id=actor_id)


def _entry(
    case: Case,
    kind: str,
    *,
    author: User | None = None,
    body: str = "",
    data: dict[str, Any] | None = None,
    now: datetime,
    response_id: int | None = None,
    event_id: int | None = None,
) -> CaseEntry:
    return CaseEntry.objects.create(
        workspace_id=case.workspace_id,
        case=case,
        kind=kind,
        author=author,
        body=body,
        data=data or {},
        created_at=now,
        response_id=response_id,
        event_id=event_id,
    )


def calendar_of(workspace: Workspace) -> BusinessCalendar | None:
    calendar: BusinessCalendar | None = BusinessCalendar.objects.of(workspace).first()
    return calendar


def case_dues_set(case: Case, start: datetime) -> None:
    schedule = sla.case_schedule(case, calendar_of(case.workspace))
    dues = sla.dues_from(
        policy=case.sla_policy, schedule=schedule, priority=case.priority, start=start
    )
    case.first_response_due_at = dues.first_response
    case.resolution_due_at = dues.resolution


def case_fill_routing(
    case: Case,
    *,
    touchpoint_key: str,
    owner_id: int | None,
    team: str | None,
    sla_policy_id: int | None,
) -> None:
    """Touchpoint, owner, team and policy of a new case.

    The owner and team default to the touchpoint's; the policy to the
    workspace's default one.
    """
    workspace = case.workspace
    touchpoint = _touchpoint(workspace, touchpoint_key)
    owner = _member(workspace, owner_id, "owner")
    if owner is None and owner_id is None and touchpoint is not None:
        owner = touchpoint.owner
    if team is None:
        team = touchpoint.team if touchpoint is not None else ""
    case.touchpoint = touchpoint
    case.owner = owner
    case.team = team[:100]
    case.sla_policy = _policy(workspace, sla_policy_id)


@transaction.atomic
def case_open(
    *,
    workspace: Workspace,
    title: str,
    source: str,
    customer_id: int | None = None,
    touchpoint_key: str = "",
    response_id: int | None = None,
    event_id: int | None = None,
    priority: str = Case.Priority.NORMAL,
    owner_id: int | None = None,
    team: str | None = None,
    sla_policy_id: int | None = None,
    description: str = "",
    tags: Sequence[str] = (),
    language: str = "",
    opened_by: User | None = None,
    rule_id: int | None = None,
    now: datetime | None = None,
) -> Case:
    """Open a case; its owner and team default to the touchpoint's.

    The due times are counted from `now` on the policy's clock (business
    hours of the workspace's calendar by default). Writes `case.opened`.
    """
    now = now or timezone.now()
    title = title.strip()
    if not title or len(title) > 200 or "\x00" in title:
        raise InvalidInput(
            _("Give the case a title of up to 200 characters."), field="title"
        )
    if source not in Case.Source.values:
        raise InvalidInput(_("Unknown source."), field="source")
    if priority not in Case.Priority.values:
        raise InvalidInput(_("Unknown priority."), field="priority")
    _customer_check(workspace, customer_id)
    case = Case(
        workspace=workspace,
        title=title,
        description=_text_check(description, "description"),
        source=source,
        priority=priority,
        customer_id=customer_id,
        response_id=response_id,
        event_id=event_id,
        tags=_tags_clean(tags),
        language=language[:8],
        opened_by=opened_by,
        rule_id=rule_id,
        opened_at=now,
        updated_at=now,
    )
    case_fill_routing(
        case,
        touchpoint_key=touchpoint_key,
        owner_id=owner_id,
        team=team,
        sla_policy_id=sla_policy_id,
    )
    case_dues_set(case, now)
    case_insert(case)
    _entry(
        case,
        CaseEntry.Kind.OPENED,
        author=opened_by,
        body=description,
        data={"source": source, "rule_id": rule_id},
        now=now,
        response_id=response_id,
        event_id=event_id,
    )
    _announce(
        case, {"status": (None, case.status)}, opened_by.pk if opened_by else None
    )
    return case


@transaction.atomic
def case_attach_signal(
    *,
    case: Case,
    response_id: int | None = None,
    event_id: int | None = None,
    note: str = "",
    rule_id: int | None = None,
    now: datetime | None = None,
) -> None:
    """A later response or event of the same customer joins this case."""
    now = now or timezone.now()
    _entry(
        case,
        CaseEntry.Kind.SIGNAL,
        body=_text_check(note, "note"),
        data={"rule_id": rule_id},
        now=now,
        response_id=response_id,
        event_id=event_id,
    )
    case.updated_at = now
    case.save(update_fields=["updated_at"])


# Working a case ---------------------------------------------------------------


def _locked(case: Case) -> Case:
    """The case re-read under a row lock: two agents never interleave."""
    locked: Case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("workspace", "sla_policy", "touchpoint")
        .get(pk=case.pk)
    )
    return locked


def _pause(case: Case, now: datetime) -> None:
    case.sla_paused_at = now


def _resume(case: Case, now: datetime) -> None:
    """The clock starts again: due times move on by the time spent waiting."""
    paused_at = case.sla_paused_at
    if paused_at is None:
        return
    schedule = sla.case_schedule(case, calendar_of(case.workspace))
    if case.first_response_at is None:
        case.first_response_due_at = sla.due_after_pause(
            schedule=schedule,
            due=case.first_response_due_at,
            paused_at=paused_at,
            now=now,
        )
    case.resolution_due_at = sla.due_after_pause(
        schedule=schedule, due=case.resolution_due_at, paused_at=paused_at, now=now
    )
    case.sla_paused_at = None


@transaction.atomic
def case_status_set(
    *, case: Case, status: str, actor: User | None, now: datetime | None = None
) -> Case:
    """Move the case on; "pending" stops the SLA clock until it comes back."""
    now = now or timezone.now()
    case = _locked(case)
    old = case.status
    if status not in Case.Status.values:
        raise InvalidInput(_("Unknown status."), field="status")
    if status == old:
        return case
    if status not in TRANSITIONS[old]:
        raise Conflict(
            _("A case cannot go from %(old)s to %(new)s.")
            % {"old": Case.Status(old).label, "new": Case.Status(status).label},
            field="status",
        )
    if old == Case.Status.PENDING:
        _resume(case, now)
    if status == Case.Status.PENDING:
        _pause(case, now)
    if status in (Case.Status.RESOLVED, Case.Status.CLOSED):
        case.resolved_at = case.resolved_at or now
        case.sla_paused_at = None
    if status == Case.Status.CLOSED:
        case.closed_at = now
    if status in ACTIVE_STATUSES and old not in ACTIVE_STATUSES:
        # Reopened: the resolution target starts again from now.
        case.resolved_at = None
        case.closed_at = None
        case.merged_into = None
        _dues_set_resolution(case, now)
    case.status = status
    case.updated_at = now
    case.save()
    _entry(
        case,
        CaseEntry.Kind.STATUS,
        author=actor,
        data={"from": old, "to": status},
        now=now,
    )
    _announce(case, {"status": (old, status)}, actor.pk if actor else None)
    if old in ACTIVE_STATUSES and status not in ACTIVE_STATUSES:
        case_follow_up_schedule(case, now)
    return case


def _dues_set_resolution(case: Case, start: datetime) -> None:
    first_due = case.first_response_due_at
    case_dues_set(case, start)
    if case.first_response_at is not None:
        case.first_response_due_at = first_due


@transaction.atomic
def case_assign(
    *,
    case: Case,
    owner_id: int | None,
    team: str | None = None,
    actor: User | None,
    now: datetime | None = None,
) -> Case:
    """Give the case to a member (None: nobody) and/or a team."""
    now = now or timezone.now()
    case = _locked(case)
    owner = _member(case.workspace, owner_id, "owner")
    changes: dict[str, tuple[Any, Any]] = {}
    if case.owner_id != (owner.pk if owner else None):
        changes["owner_id"] = (case.owner_id, owner.pk if owner else None)
        case.owner = owner
    if team is not None and team.strip()[:100] != case.team:
        changes["team"] = (case.team, team.strip()[:100])
        case.team = team.strip()[:100]
    if not changes:
        return case
    if case.status == Case.Status.NEW and owner is not None:
        changes["status"] = (case.status, Case.Status.OPEN)
        case.status = Case.Status.OPEN
    case.updated_at = now
    case.save(update_fields=["owner", "team", "status", "updated_at"])
    _entry(
        case,
        CaseEntry.Kind.OWNER,
        author=actor,
        data={name: [old, new] for name, (old, new) in changes.items()},
        now=now,
    )
    _announce(case, changes, actor.pk if actor else None)
    return case


@transaction.atomic
def case_priority_set(
    *, case: Case, priority: str, actor: User | None, now: datetime | None = None
) -> Case:
    """A new priority: the due times are those the new priority would have had."""
    now = now or timezone.now()
    if priority not in Case.Priority.values:
        raise InvalidInput(_("Unknown priority."), field="priority")
    case = _locked(case)
    old = case.priority
    if priority == old:
        return case
    case.priority = priority
    if case.is_active:
        first_due = case.first_response_due_at
        case_dues_set(case, case.opened_at)
        if case.first_response_at is not None:
            case.first_response_due_at = first_due
    case.updated_at = now
    case.save()
    _entry(
        case,
        CaseEntry.Kind.PRIORITY,
        author=actor,
        data={"from": old, "to": priority},
        now=now,
    )
    _announce(case, {"priority": (old, priority)}, actor.pk if actor else None)
    return case


@transaction.atomic
def case_tags_set(
    *, case: Case, tags: Sequence[str], actor: User | None, now: datetime | None = None
) -> Case:
    now = now or timezone.now()
    case = _locked(case)
    cleaned = _tags_clean(tags)
    if cleaned == case.tags:
        return case
    old = case.tags
    case.tags = cleaned
    case.updated_at = now
    case.save(update_fields=["tags", "updated_at"])
    _entry(
        case,
        CaseEntry.Kind.TAGS,
        author=actor,
        data={"from": old, "to": cleaned},
        now=now,
    )
    _announce(case, {"tags": (old, cleaned)}, actor.pk if actor else None)
    return case


@transaction.atomic
def case_update(
    *,
    case: Case,
    actor: User | None,
    status: str | None = None,
    priority: str | None = None,
    owner_id: int | None = None,
    team: str | None = None,
    tags: Sequence[str] | None = None,
    now: datetime | None = None,
) -> Case:
    """Several changes at once, all or none (the API's PATCH).

    `owner_id` 0 takes the owner away; None leaves it as it is.
    """
    if owner_id is not None or team is not None:
        case = case_assign(
            case=case,
            owner_id=case.owner_id if owner_id is None else (owner_id or None),
            team=team,
            actor=actor,
            now=now,
        )
    if priority is not None:
        case = case_priority_set(case=case, priority=priority, actor=actor, now=now)
    if tags is not None:
        case = case_tags_set(case=case, tags=tags, actor=actor, now=now)
    if status is not None:
        case = case_status_set(case=case, status=status, actor=actor, now=now)
    return case


MENTION = re.compile(r"(?<![\w@])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")


def _mentioned(workspace: Workspace, body: str) -> list[User]:
    """Members named as @e-mail or @the-part-before-the-at of their e-mail."""
    handles = {handle.lower().rstrip(".") for handle in MENTION.findall(body)}
    if not handles:
        return []
    members = [m.user for m in account_selectors.membership_list(workspace=workspace)]
    return [
        user
        for user in members
        if user.email.lower() in handles or user.email.lower().split("@")[0] in handles
    ]


def _mention_notify(
    case: Case, author: User | None, users: list[User], body: str
) -> None:
    for user in users:
        if author is not None and user.pk == author.pk:
            continue
        subject, text, html = delivery.email_render(
            "cases/email/mention",
            {
                "case": case,
                "author": author or case.workspace.name,
                "body": body,
                "user": user,
            },
            language=user.language_in(case.workspace),
        )
        delivery.email_enqueue(
            workspace=case.workspace,
            to=[user.email],
            subject=subject,
            text=text,
            html=html,
            kind="case.mention",
        )


@transaction.atomic
def case_note_add(
    *, case: Case, author: User | None, body: str, now: datetime | None = None
) -> CaseEntry:
    """An internal note; members it @mentions get an e-mail.

    `author` None is a note written through the API with the workspace's key.
    """
    now = now or timezone.now()
    body = _text_check(body.strip(), "body")
    if not body:
        raise InvalidInput(_("Write the note first."), field="body")
    case = _locked(case)
    mentioned = _mentioned(case.workspace, body)
    entry = _entry(
        case,
        CaseEntry.Kind.NOTE,
        author=author,
        body=body,
        data={"mentions": [user.pk for user in mentioned]},
        now=now,
    )
    case.updated_at = now
    case.save(update_fields=["updated_at"])
    _mention_notify(case, author, mentioned, body)
    return entry


@transaction.atomic
def case_merge(
    *, case: Case, into: Case, actor: User | None, now: datetime | None = None
) -> Case:
    """Close `case` as a duplicate of `into`; its signals show on both."""
    now = now or timezone.now()
    if case.workspace_id != into.workspace_id:
        raise NotFound(_("No such case."))
    if case.pk == into.pk:
        raise InvalidInput(_("A case cannot be merged into itself."), field="into")
    if into.merged_into_id is not None or into.status == Case.Status.CLOSED:
        raise Conflict(_("Merge into a case that is still open."), field="into")
    case = _locked(case)
    if case.status == Case.Status.CLOSED:
        raise Conflict(_("This case is closed already."), field="status")
    old = case.status
    case.merged_into = into
    case.status = Case.Status.CLOSED
    case.resolved_at = case.resolved_at or now
    case.closed_at = now
    case.sla_paused_at = None
    case.updated_at = now
    case.save()
    _entry(
        case,
        CaseEntry.Kind.MERGED,
        author=actor,
        data={"into": into.pk, "number": into.number},
        now=now,
    )
    _entry(
        into,
        CaseEntry.Kind.MERGED,
        author=actor,
        data={"from": case.pk, "number": case.number},
        now=now,
        response_id=case.response_id,
        event_id=case.event_id,
    )
    _announce(
        case,
        {"status": (old, case.status), "merged_into": (None, into.pk)},
        actor.pk if actor else None,
    )
    return case


def case_first_response_record(case: Case, now: datetime) -> None:
    """The first reply to the customer stops the first-response clock."""
    if case.first_response_at is None:
        case.first_response_at = now
        case.save(update_fields=["first_response_at"])


# Customers: merges and erasure reach cases through the customers hooks ------


def case_move_customers(
    workspace: Workspace, survivor_id: int, merged_ids: Sequence[int]
) -> None:
    customer_hooks.rows_move(Case.objects.of(workspace), survivor_id, merged_ids)


def case_erase(
    workspace: Workspace, subject: customer_hooks.ErasureSubject
) -> dict[str, int]:
    """Keep the cases (counts, SLA figures) but no text that may name the person.

    Replies and the description may quote the customer; notes may too.
    """
    cases = Case.objects.of(workspace).filter(
        customer_id__in=list(subject.customer_ids)
    )
    erased = CaseEntry.objects.of(workspace).filter(case__in=cases).update(body="")
    count = cases.update(description="", title=_("(erased)"))
    return {"cases": count, "case_entries": erased}

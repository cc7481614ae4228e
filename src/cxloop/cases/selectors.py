"""Reads of the cases app, each scoped to one workspace."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import User, Workspace
from cxloop.cases import recovery
from cxloop.cases.models import (
    ACTIVE_STATUSES,
    BusinessCalendar,
    Case,
    CaseEntry,
    ReplyTemplate,
    SlaPolicy,
    Team,
)
from cxloop.customers import hooks as customer_hooks
from cxloop.errors import NotFound
from cxloop.journeys.models import Touchpoint

MAX_ID = 2**63 - 1
# "Breaching soon": due within this many hours while the clock runs.
BREACHING_SOON = timedelta(hours=2)

VIEWS = ("mine", "team", "unassigned", "breaching", "open", "all")


def case_list(*, workspace: Workspace) -> QuerySet[Case]:
    return Case.objects.of(workspace).select_related(
        "owner", "touchpoint", "customer", "sla_policy", "response"
    )


def case_get(*, workspace: Workspace, pk: int) -> Case:
    if not 0 < pk <= MAX_ID:
        raise NotFound(_("No such case."))
    case: Case | None = case_list(workspace=workspace).filter(pk=pk).first()
    if case is None:
        raise NotFound(_("No such case."))
    return case


def case_get_by_number(*, workspace: Workspace, number: int) -> Case:
    if not 0 < number <= MAX_ID:
        raise NotFound(_("No such case."))
    case: Case | None = case_list(workspace=workspace).filter(number=number).first()
    if case is None:
        raise NotFound(_("No such case."))
    return case


def _user_teams(workspace: Workspace, user: User) -> list[str]:
    """The teams a member works in: those they lead or belong to, and the
    teams of the touchpoints they own (a team named there may have no row)."""
    teams = Team.objects.of(workspace).filter(Q(lead=user) | Q(members=user))
    owned = (
        Touchpoint.objects.of(workspace)
        .filter(owner=user)
        .exclude(team="")
        .values_list("team", flat=True)
    )
    return sorted({*teams.values_list("name", flat=True), *owned})


def team_list(*, workspace: Workspace) -> QuerySet[Team]:
    teams: QuerySet[Team] = (
        Team.objects.of(workspace).select_related("lead").prefetch_related("members")
    )
    return teams


def team_get(*, workspace: Workspace, pk: int) -> Team:
    if not 0 < pk <= MAX_ID:
        raise NotFound(_("No such team."))
    team: Team | None = team_list(workspace=workspace).filter(pk=pk).first()
    if team is None:
        raise NotFound(_("No such team."))
    return team


def team_members(*, workspace: Workspace, name: str) -> list[User]:
    """The lead and members of the team with this name (none: no such team)."""
    team: Team | None = team_list(workspace=workspace).filter(name=name).first()
    if team is None:
        return []
    people = [team.lead, *team.members.all()] if team.lead else [*team.members.all()]
    return list({user.pk: user for user in people if user is not None}.values())


def team_of_case(*, case: Case) -> Team | None:
    """The team answering for a case: the one it names, else its owner's.

    An owner in several teams answers to the one they lead last, so a lead
    who owns a case is not escalated to themselves when another team fits.
    """
    teams = Team.objects.of(case.workspace).select_related("lead")
    if case.team:
        named: Team | None = teams.filter(name=case.team).first()
        if named is not None:
            return named
    if case.owner_id is None:
        return None
    owner_teams = list(
        teams.filter(Q(members=case.owner_id) | Q(lead=case.owner_id)).distinct()
    )
    owner_teams.sort(key=lambda team: (team.lead_id == case.owner_id, team.name))
    return owner_teams[0] if owner_teams else None


@dataclass(frozen=True)
class CaseFilter:
    view: str = "open"
    status: str = ""
    priority: str = ""
    owner_id: int | None = None
    team: str = ""
    touchpoint: str = ""
    customer_id: int | None = None
    source: str = ""
    text: str = ""


def _view_filter(
    workspace: Workspace, view: str, user: User | None, now: datetime
) -> Q:
    active = Q(status__in=ACTIVE_STATUSES)
    if view == "mine" and user is not None:
        return active & Q(owner=user)
    if view == "team" and user is not None:
        return active & Q(team__in=_user_teams(workspace, user))
    if view == "unassigned":
        return active & Q(owner__isnull=True)
    if view == "breaching":
        soon = now + BREACHING_SOON
        return (
            active
            & Q(sla_paused_at__isnull=True)
            & (
                Q(resolution_due_at__lte=soon)
                | Q(first_response_at__isnull=True, first_response_due_at__lte=soon)
            )
        )
    if view == "all":
        return Q()
    return active


def case_search(
    *,
    workspace: Workspace,
    filters: CaseFilter,
    user: User | None = None,
    now: datetime | None = None,
) -> QuerySet[Case]:
    """The inbox: a view (mine, my team, unassigned, breaching soon…) and filters.

    Breaching cases come first by their due time; others newest first.
    """
    now = now or timezone.now()
    cases = case_list(workspace=workspace).filter(
        _view_filter(workspace, filters.view, user, now)
    )
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.priority:
        cases = cases.filter(priority=filters.priority)
    if filters.owner_id is not None:
        cases = cases.filter(owner_id=filters.owner_id)
    if filters.team:
        cases = cases.filter(team=filters.team)
    if filters.touchpoint:
        cases = cases.filter(touchpoint__key=filters.touchpoint)
    if filters.customer_id is not None:
        cases = cases.filter(customer_id=filters.customer_id)
    if filters.source:
        cases = cases.filter(source=filters.source)
    if filters.text:
        text = filters.text
        query = Q(title__icontains=text) | Q(description__icontains=text)
        if text.lstrip("#").isdecimal() and len(text) < 12:
            query |= Q(number=int(text.lstrip("#")))
        cases = cases.filter(query)
    if filters.view == "breaching":
        return cases.order_by("resolution_due_at", "pk")
    return cases.order_by("-opened_at", "-pk")


def case_view_counts(
    *, workspace: Workspace, user: User, now: datetime | None = None
) -> dict[str, int]:
    """How many cases each inbox view holds, for the tabs."""
    now = now or timezone.now()
    cases = Case.objects.of(workspace)
    return cases.aggregate(
        **{
            view: Count("pk", filter=_view_filter(workspace, view, user, now))
            for view in VIEWS
            if view != "all"
        }
    )


def case_open_counts(
    *, workspace: Workspace, team: str | None = None, owner_id: int | None = None
) -> dict[str, int]:
    """Cases still being worked per priority (every priority, zeros too), of
    one team or one owner when named; merged duplicates left out."""
    cases = Case.objects.of(workspace).filter(
        status__in=ACTIVE_STATUSES, merged_into__isnull=True
    )
    if team is not None:
        cases = cases.filter(team=team)
    if owner_id is not None:
        cases = cases.filter(owner_id=owner_id)
    counts = dict(
        cases.order_by()
        .values("priority")
        .annotate(n=Count("pk"))
        .values_list("priority", "n")
    )
    return {priority: counts.get(priority, 0) for priority in Case.Priority.values}


# The Recovery page's figures of one group, for pages further down.
RecoveryGroup = recovery.RecoveryGroup


def case_recovery_group(
    *, workspace: Workspace, group_by: str, key: str, since: date, until: date
) -> RecoveryGroup | None:
    """The Recovery page's figures for one owner (user id), team, touchpoint or
    priority over the cases opened from `since` to `until`; None without cases."""
    measured = recovery.recovery_measures(
        workspace=workspace, group_by=group_by, since=since, until=until
    )
    return next((group for group in measured.groups if group.key == key), None)


def case_breached_between(
    *,
    workspace: Workspace,
    since: datetime,
    until: datetime,
    touchpoints: Collection[str] | None = None,
) -> QuerySet[Case]:
    """Cases that missed a first-response or resolution target in the period.

    `touchpoints` (keys) narrows them to those touchpoints' cases; the
    earliest breach first.
    """
    first = Q(
        first_response_breached_at__gte=since, first_response_breached_at__lt=until
    )
    resolution = Q(resolution_breached_at__gte=since, resolution_breached_at__lt=until)
    cases = case_list(workspace=workspace).filter(first | resolution)
    if touchpoints is not None:
        cases = cases.filter(touchpoint__key__in=list(touchpoints))
    return cases.annotate(
        breached_at=Least(
            Coalesce("first_response_breached_at", "resolution_breached_at"),
            Coalesce("resolution_breached_at", "first_response_breached_at"),
        )
    ).order_by("breached_at", "pk")


def case_open_for_customer(
    *, workspace: Workspace, customer_id: int, since: datetime
) -> Case | None:
    """The customer's newest case opened since `since` that is still being worked."""
    case: Case | None = (
        Case.objects.of(workspace)
        .filter(
            customer_id=customer_id,
            status__in=ACTIVE_STATUSES,
            opened_at__gte=since,
        )
        .order_by("-opened_at", "-pk")
        .first()
    )
    return case


def case_list_for_customer(
    *, workspace: Workspace, customer_id: int, active_only: bool = False
) -> QuerySet[Case]:
    cases = case_list(workspace=workspace).filter(customer_id=customer_id)
    if active_only:
        cases = cases.filter(status__in=ACTIVE_STATUSES)
    return cases.order_by("-opened_at", "-pk")


def case_timeline(*, case: Case) -> QuerySet[CaseEntry]:
    return (
        CaseEntry.objects.of(case.workspace)
        .filter(case=case)
        .select_related("author", "response", "event")
        .order_by("created_at", "pk")
    )


def calendar_get(*, workspace: Workspace) -> BusinessCalendar | None:
    calendar: BusinessCalendar | None = BusinessCalendar.objects.of(workspace).first()
    return calendar


def sla_policy_list(*, workspace: Workspace) -> QuerySet[SlaPolicy]:
    # Meta.ordering does not apply to a GROUP BY query: the default first.
    policies: QuerySet[SlaPolicy] = (
        SlaPolicy.objects.of(workspace)
        .annotate(case_count=Count("cases"))
        .order_by("-is_default", "name", "pk")
    )
    return policies


def sla_policy_get(*, workspace: Workspace, pk: int) -> SlaPolicy:
    if not 0 < pk <= MAX_ID:
        raise NotFound(_("No such SLA policy."))
    policy: SlaPolicy | None = SlaPolicy.objects.of(workspace).filter(pk=pk).first()
    if policy is None:
        raise NotFound(_("No such SLA policy."))
    return policy


def case_team_names(*, workspace: Workspace) -> list[str]:
    """Every team cases can belong to: the workspace's teams, the touchpoints'
    and the cases' own."""
    teams = set(Team.objects.of(workspace).values_list("name", flat=True))
    teams.update(
        Touchpoint.objects.of(workspace).exclude(team="").values_list("team", flat=True)
    )
    teams.update(
        Case.objects.of(workspace).exclude(team="").values_list("team", flat=True)
    )
    return sorted(teams, key=str.casefold)


def reply_template_list(
    *, workspace: Workspace, language: str = "", situation: str = ""
) -> QuerySet[ReplyTemplate]:
    """The prepared answers, optionally of one language and one situation."""
    templates = ReplyTemplate.objects.of(workspace)
    if "\x00" in language or "\x00" in situation:
        # No answer holds a NUL (PostgreSQL cannot even compare one).
        return templates.none()
    if language:
        templates = templates.filter(language=language)
    if situation:
        templates = templates.filter(situation=situation)
    return templates.order_by("situation", "name", "language", "pk")


def reply_template_get(*, workspace: Workspace, pk: int) -> ReplyTemplate:
    if not 0 < pk <= MAX_ID:
        raise NotFound(_("No such prepared answer."))
    template: ReplyTemplate | None = (
        ReplyTemplate.objects.of(workspace).filter(pk=pk).first()
    )
    if template is None:
        raise NotFound(_("No such prepared answer."))
    return template


def reply_situation_list(*, workspace: Workspace) -> list[str]:
    return sorted(
        set(
            ReplyTemplate.objects.of(workspace)
            .exclude(situation="")
            .values_list("situation", flat=True)
        ),
        key=str.casefold,
    )


# The customer 360 and export reach cases through the customers hooks -------


def case_summary_for_customer(workspace: Workspace, customer_id: int) -> Any:
    """The open cases of a person, for the 360 view."""
    return [
        {
            "id": case.pk,
            "number": case.number,
            "title": case.title,
            "status": case.status,
            "priority": case.priority,
            "owner": str(case.owner) if case.owner else None,
            "opened_at": case.opened_at.isoformat(),
            "resolution_due_at": (
                case.resolution_due_at.isoformat() if case.resolution_due_at else None
            ),
        }
        for case in case_list_for_customer(
            workspace=workspace, customer_id=customer_id, active_only=True
        )[:20]
    ]


def case_export_for_customer(workspace: Workspace, customer_id: int) -> Any:
    cases = case_list_for_customer(workspace=workspace, customer_id=customer_id)
    return [
        {
            "number": case.number,
            "title": case.title,
            "description": case.description,
            "status": case.status,
            "opened_at": case.opened_at.isoformat(),
            "replies": [
                {"at": entry.created_at.isoformat(), "text": entry.body}
                for entry in case.entries.filter(kind=CaseEntry.Kind.REPLY)
            ],
        }
        for case in cases
    ]


def case_timeline_for_customer(
    workspace: Workspace, customer_id: int, limit: int
) -> list[customer_hooks.TimelineEntry]:
    cases = case_list_for_customer(workspace=workspace, customer_id=customer_id)
    return [
        customer_hooks.TimelineEntry(
            at=case.opened_at,
            kind="case",
            title=case.title,
            data={"id": case.pk, "number": case.number, "status": case.status},
        )
        for case in cases[:limit]
    ]

"""Recovery measured: how fast and how well cases are handled, and after.

Read-only, scoped to one workspace, over the cases *opened* in a period of
local dates (the workspace's time zone, `until` included). Merged
duplicates are left out everywhere.

- Time to first response and to resolution: median and p90, in business
  minutes on each case's policy clock (time waiting for the customer taken
  out, as the SLA clock stops then) and in wall-clock hours (everything).
- SLA attainment: of the cases whose outcome is known (resolved, or a
  target already missed), the share that met every target they had.
- First-contact resolution: of the resolved cases, the share resolved with
  at most one reply to the customer and never reopened.
- Follow-up CES: the `case-follow-up` answers (1 hard … 7 easy), mean and
  the share answering 5–7 ("easy").
- Detractors re-surveyed: customers whose case came from a detractor
  answer (NPS 0–6) and who answered an NPS question after the resolution;
  how many moved up a band.
- Orders in the 90 days after a resolved case, next to comparable
  customers without any case (answered at the same touchpoints in the same
  period, ordered before). This is an observational comparison: the groups
  differ in more than the case (who complains, why), so it shows an
  association and never what a case caused. Only index dates with a full
  90-day window before `now` count.

Every share is in percent with a 95 % Wilson interval, every mean has a t
interval, durations have their median and p90 (all from `cxloop.stats`);
a figure on fewer than `min_n` cases is flagged `small`.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop import stats
from cxloop.accounts.models import Workspace
from cxloop.cases import sla
from cxloop.cases.models import BusinessCalendar, Case, CaseEntry
from cxloop.customers import selectors as customer_selectors
from cxloop.errors import InvalidInput
from cxloop.surveys import selectors as survey_selectors

GROUPS = ("owner", "team", "touchpoint", "priority")
DEFAULT_MIN_N = stats.MINIMUM_N
DEFAULT_DAYS = 90
MAX_DAYS = 3 * 366
EARLIEST, LATEST = date(1900, 1, 1), date(9000, 1, 1)
ORDER_WINDOW = timedelta(days=90)
EASY_CES = 5
CES_LOW, CES_HIGH = 1, 7
# The scale order counts are clipped to (an interval never leaves it).
MAX_ORDERS = 10_000
DONE = (Case.Status.RESOLVED, Case.Status.CLOSED)
ACTIVE = (Case.Status.NEW, Case.Status.OPEN, Case.Status.PENDING)
OBSERVATIONAL = (
    "Observational: customers with and without a case differ in more than "
    "the case, so the difference is an association, not an effect."
)


# Results ----------------------------------------------------------------


@dataclass(frozen=True)
class Duration:
    business_minutes: stats.Quantiles
    hours: stats.Quantiles
    small: bool


@dataclass(frozen=True)
class Proportion:
    n: int
    k: int
    value: float | None
    ci95: tuple[float, float] | None
    small: bool


@dataclass(frozen=True)
class Mean:
    n: int
    value: float | None
    ci95: tuple[float, float] | None
    small: bool


@dataclass(frozen=True)
class RecoveryGroup:
    key: str
    label: str
    cases: int
    first_response: Duration
    resolution: Duration
    sla_attainment: Proportion
    first_contact_resolution: Proportion
    follow_up_ces: Mean
    follow_up_easy: Proportion
    small: bool


@dataclass(frozen=True)
class Resurvey:
    detractors: int
    moved_up: Proportion
    to_passive: int
    to_promoter: int


@dataclass(frozen=True)
class Difference:
    """Group with a case minus group without, by Welch's t-test."""

    value: float | None
    ci95: tuple[float, float] | None
    p_value: float | None
    test: str


@dataclass(frozen=True)
class OrdersAfter:
    with_case: Mean
    with_case_ordered: Proportion
    without_case: Mean
    without_case_ordered: Proportion
    difference: Difference
    window_days: int = 90
    note: str = OBSERVATIONAL


@dataclass(frozen=True)
class Recovery:
    since: date
    until: date
    group_by: str
    min_n: int
    overall: RecoveryGroup
    groups: list[RecoveryGroup] = field(default_factory=list)
    detractors_resurveyed: Resurvey | None = None
    orders_after: OrdersAfter | None = None


# Every interval and quantile comes from cxloop.stats, computed one way.


def _duration(minutes: list[float], hours: list[float], min_n: int) -> Duration:
    return Duration(
        business_minutes=stats.quantiles(minutes),
        hours=stats.quantiles(hours),
        small=stats.sample_too_small(len(minutes), minimum=min_n),
    )


def _proportion(k: int, n: int, min_n: int) -> Proportion:
    """A share in percent with its Wilson interval."""
    found = stats.share_estimate(k, n)
    return Proportion(
        n, k, found.value, found.ci95, stats.sample_too_small(n, minimum=min_n)
    )


def _mean(values: Sequence[float], low: float, high: float, min_n: int) -> Mean:
    """A mean on the scale low…high with its t interval."""
    found = stats.mean_estimate(values, low, high)
    return Mean(
        found.n, found.value, found.ci95, stats.sample_too_small(found.n, minimum=min_n)
    )


# One case's facts ---------------------------------------------------------


Span = tuple[datetime, datetime]


@dataclass
class _Facts:
    case: Case
    replies: int = 0
    reopened: bool = False
    pauses: list[Span] = field(default_factory=list)
    first_minutes: float | None = None
    first_hours: float | None = None
    resolution_minutes: float | None = None
    resolution_hours: float | None = None
    outcome: bool | None = None  # SLA met; None while it is not known
    ces: int | None = None


def _pauses(
    entries: list[tuple[datetime, dict[str, Any]]], end: datetime
) -> list[Span]:
    """The intervals the case spent waiting for the customer."""
    spans: list[Span] = []
    started: datetime | None = None
    for at, data in entries:
        if data.get("to") == Case.Status.PENDING and started is None:
            started = at
        elif data.get("from") == Case.Status.PENDING and started is not None:
            spans.append((started, at))
            started = None
    if started is not None:
        spans.append((started, end))
    return spans


def _working_minutes(
    schedule: Any, start: datetime, end: datetime, pauses: list[Span]
) -> float:
    total = sla.business_minutes(schedule, start, end)
    for paused, resumed in pauses:
        lo, hi = max(paused, start), min(resumed, end)
        if lo < hi:
            total -= sla.business_minutes(schedule, lo, hi)
    return float(max(total, 0))


def _met(case: Case) -> bool | None:
    missed = bool(case.first_response_breached_at or case.resolution_breached_at)
    first_due, resolution_due = case.first_response_due_at, case.resolution_due_at
    if case.first_response_at and first_due and case.first_response_at > first_due:
        missed = True
    if case.resolved_at and resolution_due and case.resolved_at > resolution_due:
        missed = True
    if missed:
        return False
    if case.status in DONE and case.resolved_at is not None:
        return True
    return None


def _facts(workspace: Workspace, cases: QuerySet[Case], now: datetime) -> list[_Facts]:
    found = {
        case.pk: _Facts(case)
        for case in cases.select_related(
            "workspace", "sla_policy", "owner", "touchpoint"
        )
    }
    if not found:
        return []
    ids = cases.values("pk")
    entries = CaseEntry.objects.of(workspace).filter(case__in=ids)
    for case_id, replies in (
        entries.filter(kind=CaseEntry.Kind.REPLY)
        .values("case")
        .annotate(n=Count("pk"))
        .values_list("case", "n")
    ):
        found[case_id].replies = replies
    statuses: dict[int, list[tuple[datetime, dict[str, Any]]]] = defaultdict(list)
    for case_id, at, data in (
        entries.filter(kind=CaseEntry.Kind.STATUS)
        .order_by("created_at", "pk")
        .values_list("case", "created_at", "data")
    ):
        statuses[case_id].append((at, data if isinstance(data, dict) else {}))
    calendar = BusinessCalendar.objects.of(workspace).first()
    earliest = min(facts.case.opened_at for facts in found.values())
    scores = survey_selectors.follow_up_ces(
        workspace=workspace, case_ids=list(found), since=earliest
    )
    for case_id, facts in found.items():
        _fill(facts, statuses[case_id], calendar, now)
        facts.ces = scores.get(case_id)
    return list(found.values())


def _fill(
    facts: _Facts,
    statuses: list[tuple[datetime, dict[str, Any]]],
    calendar: BusinessCalendar | None,
    now: datetime,
) -> None:
    case = facts.case
    facts.reopened = any(
        data.get("from") in DONE and data.get("to") in ACTIVE for _, data in statuses
    )
    facts.pauses = _pauses(statuses, case.resolved_at or now)
    schedule = sla.case_schedule(case, calendar)
    if case.first_response_at is not None:
        facts.first_minutes = _working_minutes(
            schedule, case.opened_at, case.first_response_at, facts.pauses
        )
        facts.first_hours = (case.first_response_at - case.opened_at) / timedelta(
            hours=1
        )
    if case.status in DONE and case.resolved_at is not None:
        facts.resolution_minutes = _working_minutes(
            schedule, case.opened_at, case.resolved_at, facts.pauses
        )
        facts.resolution_hours = (case.resolved_at - case.opened_at) / timedelta(
            hours=1
        )
    facts.outcome = _met(case)


def _group(key: str, label: str, facts: list[_Facts], min_n: int) -> RecoveryGroup:
    def values(name: str) -> list[float]:
        return [v for f in facts if (v := getattr(f, name)) is not None]

    decided = [f.outcome for f in facts if f.outcome is not None]
    resolved = [f for f in facts if f.resolution_minutes is not None]
    first_contact = [f for f in resolved if f.replies <= 1 and not f.reopened]
    scores = [float(f.ces) for f in facts if f.ces is not None]
    return RecoveryGroup(
        key=key,
        label=label,
        cases=len(facts),
        first_response=_duration(values("first_minutes"), values("first_hours"), min_n),
        resolution=_duration(
            values("resolution_minutes"), values("resolution_hours"), min_n
        ),
        sla_attainment=_proportion(sum(decided), len(decided), min_n),
        first_contact_resolution=_proportion(len(first_contact), len(resolved), min_n),
        follow_up_ces=_mean(scores, CES_LOW, CES_HIGH, min_n),
        follow_up_easy=_proportion(
            sum(1 for s in scores if s >= EASY_CES), len(scores), min_n
        ),
        small=len(facts) < min_n,
    )


def _key_of(group_by: str) -> Callable[[Case], tuple[str, str]]:
    def owner(case: Case) -> tuple[str, str]:
        if case.owner is None:
            return ("", _("Unassigned"))
        return (str(case.owner.pk), case.owner.get_full_name() or case.owner.email)

    def team(case: Case) -> tuple[str, str]:
        return (case.team, case.team or _("No team"))

    def touchpoint(case: Case) -> tuple[str, str]:
        if case.touchpoint is None:
            return ("", _("No touchpoint"))
        return (case.touchpoint.key, case.touchpoint.name or case.touchpoint.key)

    def priority(case: Case) -> tuple[str, str]:
        return (case.priority, str(Case.Priority(case.priority).label))

    return {
        "owner": owner,
        "team": team,
        "touchpoint": touchpoint,
        "priority": priority,
    }[group_by]


# Detractors re-surveyed and orders after ------------------------------------


def _resurveyed(workspace: Workspace, facts: list[_Facts], min_n: int) -> Resurvey:
    detractor_cases = [
        f.case
        for f in facts
        if f.case.customer_id is not None
        and f.case.resolved_at is not None
        and f.case.response is not None
        and f.case.response.nps is not None
        and f.case.response.nps <= 6
    ]
    first_after: dict[int, int] = {}
    if detractor_cases:
        answers = survey_selectors.nps_answers(
            workspace=workspace,
            customer_ids=[c.customer_id for c in detractor_cases if c.customer_id],
            since=min(c.resolved_at for c in detractor_cases if c.resolved_at),
        )
        for case in detractor_cases:
            later = next(
                (
                    score
                    for customer, at, score in answers
                    if customer == case.customer_id
                    and case.resolved_at is not None
                    and at > case.resolved_at
                ),
                None,
            )
            if later is not None:
                first_after[case.pk] = later
    passive = sum(1 for s in first_after.values() if 7 <= s <= 8)
    promoter = sum(1 for s in first_after.values() if s >= 9)
    return Resurvey(
        detractors=len(detractor_cases),
        moved_up=_proportion(passive + promoter, len(first_after), min_n),
        to_passive=passive,
        to_promoter=promoter,
    )


def _orders_within(dates: list[datetime], start: datetime) -> int | None:
    """Orders in the 90 days after `start`; None without an earlier order."""
    if not any(at < start for at in dates):
        return None
    return sum(1 for at in dates if start < at <= start + ORDER_WINDOW)


def _orders_after(
    workspace: Workspace,
    facts: list[_Facts],
    start: datetime,
    end: datetime,
    now: datetime,
    min_n: int,
) -> OrdersAfter:
    complete = now - ORDER_WINDOW
    index: dict[int, datetime] = {}
    touchpoints: set[str] = set()
    for f in sorted(facts, key=lambda f: f.case.resolved_at or now):
        case = f.case
        if (
            case.customer_id is None
            or case.touchpoint is None
            or case.resolved_at is None
            or case.resolved_at > complete
        ):
            continue
        index.setdefault(case.customer_id, case.resolved_at)
        touchpoints.add(case.touchpoint.key)
    with_case = set(
        Case.objects.of(workspace)
        .exclude(customer=None)
        .values_list("customer_id", flat=True)
    )
    others: dict[int, datetime] = {}
    if touchpoints:
        for customer_id, _point, at in survey_selectors.respondents_at(
            workspace=workspace, touchpoints=touchpoints, since=start, until=end
        ):
            if customer_id not in with_case and at <= complete:
                others[customer_id] = min(at, others.get(customer_id, at))
    dates = customer_selectors.order_dates(
        workspace=workspace, customer_ids=[*index, *others]
    )

    def counts(group: dict[int, datetime]) -> list[float]:
        found = (_orders_within(dates.get(c, []), at) for c, at in group.items())
        return [float(n) for n in found if n is not None]

    case_counts, other_counts = counts(index), counts(others)
    compared = stats.mean_compare(other_counts, case_counts, 0, MAX_ORDERS)
    return OrdersAfter(
        with_case=_mean(case_counts, 0, MAX_ORDERS, min_n),
        with_case_ordered=_proportion(
            sum(1 for n in case_counts if n > 0), len(case_counts), min_n
        ),
        without_case=_mean(other_counts, 0, MAX_ORDERS, min_n),
        without_case_ordered=_proportion(
            sum(1 for n in other_counts if n > 0), len(other_counts), min_n
        ),
        difference=Difference(
            compared.difference, compared.ci95, compared.p_value, compared.test
        ),
    )


# The read -------------------------------------------------------------------


def _period(
    workspace: Workspace, since: date | None, until: date | None, now: datetime
) -> tuple[date, date, datetime, datetime]:
    zone = ZoneInfo(workspace.timezone)
    for name, value in (("since", since), ("until", until)):
        if value is not None and not EARLIEST <= value <= LATEST:
            raise InvalidInput(_("Give a date between 1900 and 9000."), field=name)
    until = until or now.astimezone(zone).date()
    since = since or until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        raise InvalidInput(_("'since' must not be after 'until'."), field="since")
    if (until - since).days > MAX_DAYS:
        raise InvalidInput(_("Ask for at most three years at once."), field="since")
    start = datetime.combine(since, time.min, tzinfo=zone)
    end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
    return since, until, start, end


def recovery_measures(
    *,
    workspace: Workspace,
    group_by: str = "owner",
    since: date | None = None,
    until: date | None = None,
    min_n: int = DEFAULT_MIN_N,
    now: datetime | None = None,
) -> Recovery:
    """The recovery figures of the cases opened from `since` to `until`.

    See the module's docstring for what each figure counts. The period
    defaults to the last 90 days up to today in the workspace's zone.
    """
    if group_by not in GROUPS:
        raise InvalidInput(_("Unknown grouping."), field="group_by")
    now = now or timezone.now()
    since, until, start, end = _period(workspace, since, until, now)
    cases = Case.objects.of(workspace).filter(
        Q(merged_into__isnull=True), opened_at__gte=start, opened_at__lt=end
    )
    facts = _facts(workspace, cases.select_related("response", "customer"), now)
    key_of = _key_of(group_by)
    grouped: dict[tuple[str, str], list[_Facts]] = defaultdict(list)
    for f in facts:
        grouped[key_of(f.case)].append(f)
    groups = [
        _group(key, label, members, min_n)
        for (key, label), members in sorted(
            grouped.items(), key=lambda item: (-len(item[1]), item[0][1])
        )
    ]
    return Recovery(
        since=since,
        until=until,
        group_by=group_by,
        min_n=min_n,
        overall=_group("", _("All cases"), facts, min_n),
        groups=groups,
        detractors_resurveyed=_resurveyed(workspace, facts, min_n),
        orders_after=_orders_after(workspace, facts, start, end, now, min_n),
    )


def sla_attainment(
    *,
    workspace: Workspace,
    since: date | None = None,
    until: date | None = None,
    min_n: int = DEFAULT_MIN_N,
    now: datetime | None = None,
) -> Proportion:
    """SLA attainment alone, as `recovery_measures` counts it, but cheaply.

    For a page that shows only this figure (the Overview): the same cases
    (opened in the period, merged ones left out) and the same rule, without
    the durations, follow-ups and orders the Recovery page adds.
    """
    now = now or timezone.now()
    since, until, start, end = _period(workspace, since, until, now)
    cases = Case.objects.of(workspace).filter(
        Q(merged_into__isnull=True), opened_at__gte=start, opened_at__lt=end
    )
    decided = [
        outcome
        for case in cases.only(
            "status",
            "first_response_at",
            "first_response_due_at",
            "first_response_breached_at",
            "resolution_due_at",
            "resolution_breached_at",
            "resolved_at",
        )
        if (outcome := _met(case)) is not None
    ]
    return _proportion(sum(decided), len(decided), min_n)

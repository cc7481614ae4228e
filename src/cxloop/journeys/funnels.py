"""Funnels and per-touchpoint activity, aggregated in the database.

The funnel is a chain of SQL CTEs: step k of a unit (a session or a
person) is the first event of type k at or after its step k-1. Counting
and medians happen in SQL too, so no event row is ever loaded into Python.
The SQL is the same on SQLite and PostgreSQL except for the difference of
two instants (see `seconds_between`).

A per-session funnel without a split reads the worker's rollup
(`journeys.rollups`: each session's distinct moments, also as one
searchable timeline per session) plus the raw events after its cursor,
and gives exactly the raw answer.
Per-person funnels and splits read raw events of the period: a person is
known only once identified (which rewrites old events' owner), and a split
needs any property of the entering event, which the rollup does not copy.
Touchpoint activity reads raw events too, so callers keep its period short.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Literal

from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Concat, RowNumber
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.errors import InvalidInput
from cxloop.journeys import rollups, timelines
from cxloop.journeys.models import Event, Touchpoint
from cxloop.journeys.timelines import seconds_between

Per = Literal["session", "person"]
MAX_STEPS = 8
MAX_GROUPS = 20
# An event property (`device`), or `customer.<name>`: an attribute of the
# person's profile (`customer.segment`), for funnels per customer segment.
SPLIT_PATTERN = r"^(customer\.)?[A-Za-z0-9_]{1,64}$"
PROPERTY_PATTERN = re.compile(SPLIT_PATTERN)
CUSTOMER_PREFIX = "customer."
# A session that placed an order did not drop off wherever it ended.
CONVERSION_TYPES = ("order_placed", "order_paid")


@dataclass(frozen=True)
class FunnelStep:
    type: str
    reached: int
    # Share of the previous step's units that reached this one (None at the
    # first step, or when the previous step had nobody).
    conversion: float | None
    # Share of the units that entered the funnel.
    overall: float | None
    # Median time from the previous step, in seconds.
    median_seconds: float | None


@dataclass(frozen=True)
class FunnelGroup:
    key: str  # the split property's value at entry; "" for everybody
    entered: int
    steps: list[FunnelStep]


@dataclass(frozen=True)
class Funnel:
    steps: list[str]
    per: Per
    split_by: str
    total: FunnelGroup
    groups: list[FunnelGroup]  # by split value, largest first


def _unit(per: Per) -> Any:
    if per == "session":
        return F("session_id")
    # A person is their profile once known, else their browser.
    return Case(
        When(
            customer__isnull=False,
            then=Concat(Value("c:"), Cast("customer_id", CharField())),
        ),
        default=Concat(Value("a:"), F("anonymous_id")),
        output_field=CharField(),
    )


def _step_events(
    *,
    workspace: Workspace,
    step: str,
    since: datetime,
    until: datetime,
    per: Per,
    split_by: str,
) -> "QuerySet[Event, dict[str, Any]]":
    """The events of one step's type: the unit, the moment, the split value."""
    events = Event.objects.of(workspace).filter(
        type=step, occurred_at__gte=since, occurred_at__lt=until
    )
    if per == "session":
        events = events.exclude(session_id="")
    else:
        events = events.exclude(customer__isnull=True, anonymous_id="")
    split: Any = Value("")
    if split_by.startswith(CUSTOMER_PREFIX):
        name = split_by.removeprefix(CUSTOMER_PREFIX)
        split = KeyTextTransform(name, "customer__attributes")
    elif split_by:
        split = KeyTextTransform(split_by, "properties")
    rows: QuerySet[Event, dict[str, Any]] = (
        events.order_by()
        .annotate(unit_key=_unit(per), moment=F("occurred_at"))
        .annotate(grp=Cast(split, CharField()))
        .values("unit_key", "moment", "grp")
    )
    return rows


def _funnel_sql(
    steps: Sequence[str],
    *,
    vendor: str,
    within: timedelta | None,
    split: bool,
    more_units: str = "",
) -> tuple[str, list[Any]]:
    """The CTE chain after the step CTEs `e1`…, and its parameters in order.

    `more_units` is a SELECT of further funnel rows (`grp, t1, …`) for
    units found another way (the rollup's timelines), counted alongside.

    `e<k>` holds the events of step k's type only (the type of an earlier
    step reuses its CTE), so each step scans its own rows through the
    (workspace, type, occurred_at) index instead of every event of the
    funnel once per step.
    """
    sources = _step_sources(steps)
    ctes = [
        f"s1 AS (SELECT unit_key, MIN(moment) AS t FROM {sources[0]} "  # noqa: S608 - our identifiers
        "GROUP BY unit_key)"
    ]
    params: list[Any] = []
    if split:
        # The split value of the unit's entering event(s).
        ctes.append(
            f"g AS (SELECT b.unit_key, MIN(b.grp) AS grp FROM {sources[0]} b "  # noqa: S608 - our identifiers
            "JOIN s1 ON b.unit_key = s1.unit_key AND b.moment = s1.t "
            "GROUP BY b.unit_key)"
        )
    for k in range(2, len(steps) + 1):
        # A repeated type must be a later event, not the same one again.
        after = ">" if steps[k - 1] == steps[k - 2] else ">="
        entered, window = "", ""
        if within is not None:
            entered = " JOIN s1 e ON b.unit_key = e.unit_key"
            window = f" AND {seconds_between('b.moment', 'e.t', vendor)} <= %s"
            params.append(within.total_seconds())
        ctes.append(
            f"s{k} AS (SELECT b.unit_key, MIN(b.moment) AS t FROM {sources[k - 1]} b "  # noqa: S608 - our identifiers
            f"JOIN s{k - 1} p ON b.unit_key = p.unit_key{entered} "
            f"WHERE b.moment {after} p.t{window} "
            f"GROUP BY b.unit_key)"
        )
    columns = ", ".join(f"s{k}.t AS t{k}" for k in range(1, len(steps) + 1))
    joins = " ".join(
        f"LEFT JOIN s{k} ON s{k}.unit_key = s1.unit_key"
        for k in range(2, len(steps) + 1)
    )
    group = "COALESCE(g.grp, '')" if split else "''"
    by_group = "JOIN g ON g.unit_key = s1.unit_key " if split else ""
    more = f" UNION ALL {more_units}" if more_units else ""
    ctes.append(
        f"funnel AS (SELECT {group} AS grp, {columns} FROM s1 "  # noqa: S608 - our identifiers
        f"{by_group}{joins}{more})"
    )
    durations = ["SELECT 1 AS step, grp, NULL AS d FROM funnel"] + [
        f"SELECT {k}, grp, {seconds_between(f't{k}', f't{k - 1}', vendor)} "  # noqa: S608 - our identifiers
        f"FROM funnel WHERE t{k} IS NOT NULL"
        for k in range(2, len(steps) + 1)
    ]
    ctes.append(f"durations AS ({' UNION ALL '.join(durations)})")
    ctes.append(
        "ranked AS (SELECT step, grp, d, "
        "ROW_NUMBER() OVER (PARTITION BY step, grp ORDER BY d) AS rn, "
        "COUNT(*) OVER (PARTITION BY step, grp) AS n FROM durations)"
    )
    # The median is the middle row, or the mean of the two middle rows.
    select = (
        "SELECT step, grp, n, AVG(d) FROM ranked "
        "WHERE 2 * rn IN (n, n + 1, n + 2) GROUP BY step, grp, n"
    )
    return ", ".join(ctes) + " " + select, params


def _step_sources(steps: Sequence[str]) -> list[str]:
    """The CTE holding each step's events: `e<k>` of the type's first step."""
    first: dict[str, str] = {}
    for k, step in enumerate(steps, start=1):
        first.setdefault(step, f"e{k}")
    return [first[step] for step in steps]


def _check_funnel_input(steps: Sequence[str], split_by: str, per: str) -> None:
    if not 2 <= len(steps) <= MAX_STEPS:
        raise InvalidInput(_("A funnel has 2 to 8 steps."), field="steps")
    if any(not step or len(step) > 100 for step in steps):
        raise InvalidInput(_("Every step is an event type."), field="steps")
    if split_by and not PROPERTY_PATTERN.match(split_by):
        raise InvalidInput(
            _(
                "Split by a property name of letters, digits and _, or by "
                "customer.<attribute>."
            ),
            field="split_by",
        )
    if per not in ("session", "person"):
        raise InvalidInput(_("Count per session or per person."), field="per")


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _group(
    key: str, steps: Sequence[str], rows: dict[int, tuple[int, Any]]
) -> FunnelGroup:
    entered = rows.get(1, (0, None))[0]
    result = []
    previous = entered
    for k, step_type in enumerate(steps, start=1):
        reached, median = rows.get(k, (0, None))
        result.append(
            FunnelStep(
                type=step_type,
                reached=reached,
                conversion=None if k == 1 else _ratio(reached, previous),
                overall=_ratio(reached, entered),
                median_seconds=None if median is None else round(float(median), 3),
            )
        )
        previous = reached
    return FunnelGroup(key=key, entered=entered, steps=result)


def _raw_sources(
    *,
    workspace: Workspace,
    steps: Sequence[str],
    since: datetime,
    until: datetime,
    per: Per,
    split_by: str,
) -> tuple[list[str], list[Any]]:
    """The step CTEs `e<k>` over raw events, and their parameters."""
    sources: list[str] = []
    params: list[Any] = []
    db = Event.objects.db
    # A CTE used twice (the first step's, with a split) would be materialised
    # by PostgreSQL without statistics: it then guesses 200 sessions and
    # picks plans that take minutes over a million events.
    inline = "NOT MATERIALIZED " if connections[db].vendor == "postgresql" else ""
    for k, (step, source) in enumerate(
        zip(steps, _step_sources(steps), strict=True), start=1
    ):
        if source != f"e{k}":
            continue  # a type of an earlier step: its CTE again
        events = _step_events(
            workspace=workspace,
            step=step,
            since=since,
            until=until,
            per=per,
            split_by=split_by if k == 1 else "",
        )
        step_sql, step_params = events.query.get_compiler(using=db).as_sql()
        sources.append(f"{source} AS {inline}({step_sql})")
        params += step_params
    return sources, params


def _run(
    *,
    workspace: Workspace,
    steps: Sequence[str],
    since: datetime,
    until: datetime,
    per: Per,
    split_by: str,
    within: timedelta | None,
    rollup_after: int | None,
) -> dict[str, dict[int, tuple[int, Any]]]:
    """Group → step → (units, median); `rollup_after` is the rollup's cursor,
    or None to read raw events only."""
    connection = connections[Event.objects.db]
    more_units = ""
    if rollup_after is None:
        sources, params = _raw_sources(
            workspace=workspace,
            steps=steps,
            since=since,
            until=until,
            per=per,
            split_by=split_by,
        )
    else:
        sources, more_units, params = timelines.rollup_sources(
            workspace_id=workspace.pk,
            steps=steps,
            since=since,
            until=until,
            after=rollup_after,
            connection=connection,
            within=within,
        )
    tail, tail_params = _funnel_sql(
        steps,
        vendor=connection.vendor,
        within=within,
        split=bool(split_by),
        more_units=more_units,
    )
    # Only placeholders and identifiers written above reach the SQL text.
    sql = f"WITH {', '.join(sources)}, {tail}"
    by_group: dict[str, dict[int, tuple[int, Any]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *tail_params])
        for step, group, count, median in cursor.fetchall():
            by_group.setdefault(str(group or ""), {})[int(step)] = (int(count), median)
    return by_group


def funnel(
    *,
    workspace: Workspace,
    steps: Sequence[str],
    since: datetime,
    until: datetime,
    per: Per = "session",
    split_by: str = "",
    within: timedelta | None = None,
    from_rollup: bool = True,
) -> Funnel:
    """How many sessions (or people) did `steps` in this order within the period.

    A unit enters with its first event of the first type; it reaches step k
    with its first event of type k at or after step k-1 (and, with `within`,
    no later than that after entering). Conversions and median times are per
    step; `split_by` groups units by a property of their entering event
    (e.g. `channel` or `device`). Per session, everybody's figures come from
    the rollup (`from_rollup=False` reads raw events only, to compare).
    """
    _check_funnel_input(steps, split_by, per)
    after = None
    if from_rollup and per == "session":
        after = rollups.moments_cursor(workspace=workspace)
    run = partial(
        _run,
        workspace=workspace,
        steps=steps,
        since=since,
        until=until,
        per=per,
        within=within,
    )
    total_rows = run(split_by="", rollup_after=after).get("", {})
    groups: list[FunnelGroup] = []
    if split_by:
        by_group = run(split_by=split_by, rollup_after=None)
        groups = sorted(
            (_group(key, steps, rows) for key, rows in by_group.items()),
            key=lambda group: (-group.entered, group.key),
        )[:MAX_GROUPS]
    return Funnel(
        steps=list(steps),
        per=per,
        split_by=split_by,
        total=_group("", steps, total_rows),
        groups=groups,
    )


# Per touchpoint -------------------------------------------------------------


@dataclass(frozen=True)
class TouchpointActivity:
    events: int = 0
    sessions: int = 0
    # Sessions whose last event was here and that placed no order.
    exits: int = 0

    @property
    def drop_off(self) -> float | None:
        return self.exits / self.sessions if self.sessions else None


def touchpoint_of_event(touchpoints: Sequence[Touchpoint]) -> Case:
    """SQL naming each event's touchpoint: as sent if known, else by its type."""
    keys = [touchpoint.key for touchpoint in touchpoints]
    whens = [When(touchpoint__in=keys, then=F("touchpoint"))] if keys else []
    whens += [
        When(type__in=touchpoint.event_types, then=Value(touchpoint.key))
        for touchpoint in touchpoints
        if touchpoint.event_types
    ]
    return Case(*whens, default=Value(""), output_field=CharField())


def touchpoint_activity(
    *,
    workspace: Workspace,
    touchpoints: Sequence[Touchpoint],
    since: datetime,
    until: datetime,
) -> dict[str, TouchpointActivity]:
    """Events, sessions and exits per touchpoint key ("" for unmapped events)."""
    events = Event.objects.of(workspace).filter(
        occurred_at__gte=since, occurred_at__lt=until
    )
    where = touchpoint_of_event(touchpoints)
    volume = (
        events.order_by()
        .annotate(at_touchpoint=where)
        .values("at_touchpoint")
        .annotate(
            n=Count("pk"),
            sessions=Count("session_id", distinct=True, filter=~Q(session_id="")),
        )
    )
    last_of_session = (
        events.exclude(session_id="")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("session_id")],
                order_by=[F("occurred_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank=1)
        .values("pk")
    )
    converted = events.filter(type__in=CONVERSION_TYPES).exclude(session_id="")
    exits = (
        Event.objects.of(workspace)
        .filter(pk__in=last_of_session)
        .exclude(session_id__in=converted.values("session_id"))
        .order_by()
        .annotate(at_touchpoint=where)
        .values("at_touchpoint")
        .annotate(n=Count("pk"))
    )
    exit_counts = {row["at_touchpoint"]: row["n"] for row in exits}
    return {
        row["at_touchpoint"]: TouchpointActivity(
            events=row["n"],
            sessions=row["sessions"],
            exits=exit_counts.get(row["at_touchpoint"], 0),
        )
        for row in volume
    }

"""Where sessions end, what is left within seconds, and time spent per section.

A section is a touchpoint of the journey map (an event belongs to the one
its sender named, else to the first listing its type, as on the map); a
page is the `path` a page view names (`cxloop('page')` sends it). Time in
a section is the time from an event to the session's next event, so a
session's last event has none: how long a visitor looked at the page they
left from is not known. A gap longer than `IDLE_SECONDS` counts as that
many seconds (the visitor left the tab).

Like funnels these read raw events of one period with window functions in
the database, so callers keep the period short (weeks, not years).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connections
from django.db.models import CharField, F, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce

from cxloop.accounts.models import Workspace
from cxloop.journeys.funnels import CONVERSION_TYPES, touchpoint_of_event
from cxloop.journeys.models import Event, Touchpoint
from cxloop.journeys.timelines import seconds_between

# Left "within the first seconds": a session that ended no later than this
# after it began (a bounce), or a section left for the next one this fast.
QUICK_SECONDS = 10
IDLE_SECONDS = 30 * 60
MAX_EXIT_PAGES = 10


@dataclass(frozen=True)
class SectionTime:
    key: str  # touchpoint key; "" for events no touchpoint claims
    views: int  # events in the section
    # Views followed by another event of the session, and their time.
    timed: int = 0
    seconds: float = 0.0
    # Timed views whose next event came within QUICK_SECONDS.
    quick: int = 0

    @property
    def average_seconds(self) -> float | None:
        return self.seconds / self.timed if self.timed else None

    @property
    def quick_share(self) -> float | None:
        return self.quick / self.timed if self.timed else None


@dataclass(frozen=True)
class Exit:
    section: str  # touchpoint key of the session's last event
    page: str  # its page path, "" when not a page view
    sessions: int  # sessions without an order that ended here
    # Of those, sessions that ended within QUICK_SECONDS of their start.
    quick: int


@dataclass(frozen=True)
class Abandonment:
    sessions: int  # sessions in the period
    ended_without_order: int
    bounced: int  # ended without an order within QUICK_SECONDS of starting
    sections: dict[str, SectionTime]
    exits: list[Exit]  # the pages and sections most sessions ended at


def _with(
    workspace: Workspace,
    touchpoints: Sequence[Touchpoint],
    since: datetime,
    until: datetime,
) -> tuple[str, list[Any], str]:
    """The `WITH` part shared by the queries, its parameters, the vendor."""
    events = (
        Event.objects.of(workspace)
        .filter(occurred_at__gte=since, occurred_at__lt=until)
        .exclude(session_id="")
        .order_by()
        .annotate(
            section=touchpoint_of_event(touchpoints),
            page=Coalesce(
                Cast(KeyTextTransform("path", "properties"), CharField()),
                Value(""),
                output_field=CharField(),
            ),
            moment=F("occurred_at"),
        )
        .values("pk", "session_id", "type", "section", "page", "moment")
    )
    base, params = events.query.get_compiler(using=events.db).as_sql()
    vendor = connections[events.db].vendor
    dwell = seconds_between("next_t", "moment", vendor)
    lasted = seconds_between("moment", "first_t", vendor)
    # Only placeholders and our own identifiers reach the SQL text.
    sql = (
        f"WITH base AS ({base}), "  # noqa: S608 - see above
        "seq AS (SELECT session_id, type, section, page, moment, "
        "LEAD(moment) OVER (PARTITION BY session_id ORDER BY moment, pk) AS next_t, "
        "MIN(moment) OVER (PARTITION BY session_id) AS first_t, "
        "ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY moment DESC, pk DESC) "
        f"AS from_end FROM base), "
        f"timed AS (SELECT section, {dwell} AS d, next_t FROM seq), "
        f"ends AS (SELECT session_id, section, page, {lasted} AS lasted "
        "FROM seq WHERE from_end = 1) "
    )
    return sql, list(params), vendor


SECTIONS = (
    "SELECT section, COUNT(*), COUNT(next_t), "  # noqa: S608 - our constants
    f"SUM(CASE WHEN d > {IDLE_SECONDS} THEN {IDLE_SECONDS} ELSE d END), "
    f"SUM(CASE WHEN d < {QUICK_SECONDS} THEN 1 ELSE 0 END) "
    "FROM timed GROUP BY section"
)
EXITS = (
    "SELECT section, page, COUNT(*), "  # noqa: S608 - our constants
    f"SUM(CASE WHEN lasted <= {QUICK_SECONDS} THEN 1 ELSE 0 END) FROM ends "
    "WHERE session_id NOT IN (SELECT session_id FROM base WHERE type IN "
    f"({', '.join(['%s'] * len(CONVERSION_TYPES))})) GROUP BY section, page"
)


def abandonment(
    *,
    workspace: Workspace,
    touchpoints: Sequence[Touchpoint],
    since: datetime,
    until: datetime,
) -> Abandonment:
    """Sessions of the period: where they ended, bounces, time per section."""
    with_sql, params, _vendor = _with(workspace, touchpoints, since, until)
    with connections[Event.objects.db].cursor() as cursor:
        cursor.execute(with_sql + "SELECT COUNT(*) FROM ends", params)  # noqa: S608
        sessions = int(cursor.fetchone()[0])
        cursor.execute(with_sql + SECTIONS, params)
        section_rows = cursor.fetchall()
        cursor.execute(with_sql + EXITS, [*params, *CONVERSION_TYPES])
        exit_rows = cursor.fetchall()
    sections = {
        str(key or ""): SectionTime(
            key=str(key or ""),
            views=int(views),
            timed=int(timed),
            seconds=float(seconds or 0),
            quick=int(quick or 0),
        )
        for key, views, timed, seconds, quick in section_rows
    }
    exits = sorted(
        (
            Exit(str(section or ""), str(page or ""), int(n), int(quick or 0))
            for section, page, n, quick in exit_rows
        ),
        key=lambda e: (-e.sessions, e.section, e.page),
    )
    return Abandonment(
        sessions=sessions,
        ended_without_order=sum(e.sessions for e in exits),
        bounced=sum(e.quick for e in exits),
        sections=sections,
        exits=exits[:MAX_EXIT_PAGES],
    )

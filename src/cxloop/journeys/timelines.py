"""A session's moments as one byte string, and SQL that walks a funnel in it.

A timeline lists the distinct (time, type) moments of a session sorted by
time, each as `@<time>#<type>,` with the time in a fixed 26-character UTC
form (`2026-11-02 10:00:05.000000`). A funnel step then needs no join:

- step 1 is the first `#<type 1>,` in the timeline: the earliest moment of
  that type, because the timeline is sorted by time;
- step k (at or after step k-1, at time t) is the first `#<type k>,` from
  the first entry of time t, found as the first occurrence of t's 26
  characters (entries of one time may come in any order, so the search
  starts at the first of them); every entry from there on is at t or
  later, so the first match is the earliest moment of type k at or after
  t: exactly the raw definition;
- a repeated type (strictly after t) searches from just past step k-1's
  own match: moments are distinct, so no other entry of that type has
  time t, and every later one of that type is later in time;
- `within` drops step k when its time is beyond the entry time plus the
  window: the first match is the earliest candidate, so a later one
  cannot be inside the window either.

The searches are exact only if `#<type>,` and a time's text occur nowhere
but where they are written: the time has no `@`, `#` or `,`, and a type
holding one of `@ # , space` (the time has a space) is not encoded at all
(`encode` returns b""): its session is read from its moments instead. It
is bytes, not text, so positions are bytes on both databases (PostgreSQL
counts characters of UTF-8 text one by one). Times come out as text on
SQLite (the same `julianday` arithmetic as on raw events) and as
timestamps on PostgreSQL. Only sessions whose moments all lie in the
funnel's period are read this way (the caller checks `first_at`/`last_at`).
"""

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from cxloop.journeys.models import Event, FunnelMoment, FunnelSession

TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
WIDTH = 26
RESERVED = frozenset("@#, ")


def stamp(at: datetime | str) -> str:
    """A moment's time in the fixed form, from what the database returned.

    PostgreSQL returns a datetime; SQLite the text Django stored, which has
    no fraction when the microseconds are 0.
    """
    if isinstance(at, datetime):
        return at.astimezone(UTC).strftime(TIME_FORMAT)
    text = at[:WIDTH]
    return text if len(text) == WIDTH else f"{text[:19]}.000000"


def encode(moments: Iterable[tuple[datetime | str, str]]) -> bytes:
    """The timeline of a session's distinct (time, type) moments, or b""."""
    entries = sorted({(stamp(at), kind) for at, kind in moments})
    if any(RESERVED & set(kind) for _at, kind in entries):
        return b""
    return "".join(f"@{at}#{kind}," for at, kind in entries).encode()


def needle(step: str) -> bytes:
    """What a timeline holds right after a moment of type `step`."""
    return f"#{step},".encode()


def _time(q: str, vendor: str) -> str:
    """SQL for the time of the entry whose `#` is at position `q`."""
    raw = f"substr(tl, {q} - {WIDTH}, {WIDTH})"
    if vendor == "postgresql":
        return f"CAST(encode({raw}, 'escape') || '+00' AS timestamptz)"
    return f"CAST({raw} AS TEXT)"


def _find(haystack: str, needle: str, vendor: str) -> str:
    """SQL for the byte position of `needle` in `haystack` (0 if none)."""
    if vendor == "postgresql":
        return f"position({needle} IN {haystack})"
    return f"instr({haystack}, {needle})"


def _layer(k: int, steps: Sequence[str], vendor: str, fence: str) -> list[str]:
    """CTEs finding step k: where its search starts (`p<k>`), its match."""
    previous = f"q{k - 1}"
    if steps[k - 1] == steps[k - 2]:
        start = f"{previous} + 1"
    else:
        # The first entry of step k-1's time: the time's first occurrence.
        start = _find("tl", f"substr(tl, {previous} - {WIDTH}, {WIDTH})", vendor)
    # NULLIF/COALESCE rather than CASE, so each search runs once per row.
    match = _find(f"substr(tl, p{k})", "%s", vendor)
    found = f"COALESCE(p{k} + NULLIF({match}, 0) - 1, 0)"
    return [
        f"a{k} AS (SELECT f{k - 1}.*, CASE WHEN {previous} = 0 THEN 0 "  # noqa: S608 - our identifiers
        f"ELSE {start} END AS p{k} FROM f{k - 1}{fence})",
        f"g{k} AS (SELECT a{k}.*, CASE WHEN p{k} = 0 THEN 0 "  # noqa: S608 - our identifiers
        f"ELSE {found} END AS q{k} FROM a{k}{fence})",
    ]


def seconds_between(later: str, earlier: str, vendor: str) -> str:
    """SQL for `later - earlier` in seconds (SQLite stores instants as text)."""
    if vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"
    return f"((julianday({later}) - julianday({earlier})) * 86400.0)"


def steps_sql(
    steps: Sequence[str], *, vendor: str, within: timedelta | None
) -> tuple[list[str], str, list[Any]]:
    """CTEs over `timelines (unit_key, tl)`, the funnel rows' SELECT, params.

    `q<k>` is the byte position of step k's `#`, 0 when not reached.
    """
    # Each layer uses the previous one's positions several times; without a
    # fence both databases would inline the layers into one expression that
    # grows fivefold per step. OFFSET 0 keeps each layer a streamed subquery.
    fence = " OFFSET 0" if vendor == "postgresql" else " LIMIT -1 OFFSET 0"
    params: list[Any] = [needle(steps[0])]
    ctes = [
        f"f1 AS (SELECT unit_key, tl, {_find('tl', '%s', vendor)} AS q1 "  # noqa: S608 - our identifiers
        f"FROM timelines{fence})"
    ]
    for k in range(2, len(steps) + 1):
        ctes += _layer(k, steps, vendor, fence)
        params.append(needle(steps[k - 1]))
        if within is None:
            ctes.append(f"f{k} AS (SELECT * FROM g{k})")  # noqa: S608 - ours
            continue
        late = seconds_between(_time(f"q{k}", vendor), _time("q1", vendor), vendor)
        ctes.append(
            f"f{k} AS (SELECT unit_key, tl, {', '.join(f'q{j}' for j in range(1, k))}, "  # noqa: S608 - ours
            f"CASE WHEN q{k} > 0 AND {late} > %s THEN 0 ELSE q{k} END AS q{k} "
            f"FROM g{k}{fence})"
        )
        params.append(within.total_seconds())
    last = f"f{len(steps)}"
    times = ", ".join(
        f"CASE WHEN q{k} > 0 THEN {_time(f'q{k}', vendor)} END AS t{k}"
        for k in range(1, len(steps) + 1)
    )
    select = f"SELECT '' AS grp, {times} FROM {last} WHERE q1 > 0"  # noqa: S608 - our identifiers
    return ctes, select, params


def rollup_sources(
    *,
    workspace_id: int,
    steps: Sequence[str],
    since: datetime,
    until: datetime,
    after: int,
    connection: Any,
    within: timedelta | None,
) -> tuple[list[str], str, list[Any]]:
    """The CTEs of a per-session funnel over the rollup, the fast rows, params.

    Sessions wholly inside the period, with a timeline and no event after
    the cursor, are walked through their timelines (`timelines` → `f<k>`).
    The others (across a period boundary, or with newer events) feed the
    step CTEs `e<k>` that the raw funnel's chain reads: their moments plus
    the newer raw events. The two sets of sessions are disjoint.
    """
    quote, vendor = connection.ops.quote_name, connection.vendor
    inline = "NOT MATERIALIZED " if vendor == "postgresql" else ""
    at = connection.ops.adapt_datetimefield_value
    period = [at(since), at(until)]
    events = quote(Event._meta.db_table)
    sessions = quote(FunnelSession._meta.db_table)
    moments = quote(FunnelMoment._meta.db_table)
    # Identifiers come from the models' metadata; values are parameters.
    ctes = [
        # The events after the cursor, read once through the primary key (the
        # planner would otherwise pick the type index and read the period).
        f"newer AS (SELECT session_id, type, occurred_at FROM {events} "  # noqa: S608
        "WHERE workspace_id = %s AND id > %s AND session_id <> '')",
        "tails AS (SELECT DISTINCT session_id AS unit_key FROM newer)",
        f"sess AS {inline}(SELECT session, timeline, "  # noqa: S608
        "CASE WHEN first_at >= %s AND last_at < %s AND length(timeline) > 0 "
        f"THEN 1 ELSE 0 END AS inside FROM {sessions} "
        "WHERE workspace_id = %s AND last_at >= %s AND first_at < %s)",
        "timelines AS (SELECT session AS unit_key, timeline AS tl FROM sess "
        "WHERE inside = 1 AND session NOT IN (SELECT unit_key FROM tails))",
        "slow AS (SELECT session AS unit_key FROM sess WHERE inside = 0 "
        "UNION SELECT unit_key FROM tails)",
    ]
    params: list[Any] = [workspace_id, after, *period, workspace_id, *period]
    for k, step in enumerate(steps, start=1):
        if step in steps[: k - 1]:
            continue  # the funnel's chain reads an earlier step's CTE again
        ctes.append(
            f"e{k} AS {inline}(SELECT m.session AS unit_key, m.at AS moment "  # noqa: S608
            f"FROM slow JOIN {moments} m ON m.session = slow.unit_key "
            "WHERE m.workspace_id = %s AND m.type = %s AND m.at >= %s AND m.at < %s "
            "UNION ALL SELECT session_id, occurred_at FROM newer "
            "WHERE type = %s AND occurred_at >= %s AND occurred_at < %s)"
        )
        params += [workspace_id, step, *period, step, *period]
    walk, select, walk_params = steps_sql(steps, vendor=vendor, within=within)
    return ctes + walk, select, params + walk_params

"""Business hours for case SLAs: when the clock of a first response, an update
or a solution runs, and when it stands still.

A `Schedule` is what Zammad calls a calendar: a time zone, opening hours per
weekday, the public holidays of some countries and the workspace's own closed
days. SLA times count only the minutes a schedule is open. Pure Python, no
database. Conventions the cases app relies on:

* Hours are wall-clock times in the schedule's zone, whole minutes. Weekday
  0 is Monday; a day has zero or more intervals `(start, end)`, end
  exclusive, in order, not overlapping (a lunch break makes two). An interval
  never crosses midnight: an end of `time(0, 0)` is the midnight that ends the
  day ("24:00" in the JSON form), so `(time(0, 0), time(0, 0))` is the whole
  day and a night shift is two intervals on two weekdays.
* Daylight saving time: an interval opens the first moment the wall clock
  reads its start or later and closes the first moment it reads its end or
  later. The spring jump (03:00 -> 04:00 in Tallinn, Riga, Vilnius, Helsinki)
  makes an interval around it an hour shorter, and one starting at 03:30 opens
  at 04:00; in autumn an interval over the repeated hour is an hour longer,
  and one ending inside that hour closes the first time round.
* A local date is closed when it is one of `closed_days` or a public holiday
  in ANY of `holiday_countries` (a team serving Estonia and Finland is off on
  the holidays of both), as the `holidays` package lists them in its default
  (public) category:
  - LV: a holiday on a weekend moved to Monday (Sat 4 May 2030 closes Mon
    6 May), a day off moved by the government (Fri 2 Jan 2026) and one-off
    days (the Song and Dance Celebration's final day, 10 Jul 2023) are
    closed; the Saturday worked in exchange is not opened.
  - FI: Midsummer Eve and Christmas Eve are listed, so closed.
  - EE: Christmas Eve, Victory Day (23 Jun) and Midsummer Day are closed; the
    pre-holiday days shortened by three hours (`half_day`) are not shortened.
  - Sunday holidays (Easter, Pentecost, Mother's Day in LV and LT) close a
    schedule open on Sundays.
* Minute precision: the seconds of a start or an end are dropped, so minutes
  add up exactly; deadlines are whole minutes in UTC.
* `business_deadline` is the first open moment by which the minutes have
  passed, never a closed one: 60 minutes from Friday 16:00 in an office open
  until 17:00 are due Monday 09:00 (no business time passes in between, and
  an overdue check does not fire over the weekend). With 0 minutes it is the
  start when that is open, else the next opening.
* Cost: the walk steps a calendar day at a time, never a minute, and builds a
  holiday table once per (country, year).
"""

import functools
import re
import zoneinfo
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any, Self

import holidays
from django.utils.translation import gettext as _

from cxloop.errors import InvalidInput

COUNTRIES = ("EE", "LV", "LT", "FI")
MIDNIGHT = time(0, 0)
ONE_DAY = timedelta(days=1)
ONE_MINUTE = timedelta(minutes=1)
DAY_MINUTES = 24 * 60
# Ten years of round-the-clock minutes: beyond any real SLA, and it bounds
# the day-by-day walk through a sparse schedule.
MAX_MINUTES = 10 * 366 * DAY_MINUTES

Interval = tuple[time, time]
Span = tuple[datetime, datetime]

_FIELDS = frozenset({"timezone", "hours", "holiday_countries", "closed_days"})
_WEEKDAY_KEYS = frozenset(str(day) for day in range(7))
_CLOCK = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The same set the workspace settings offer, read from disk once.
_zone_names = functools.cache(zoneinfo.available_timezones)


class ScheduleInvalid(InvalidInput, ValueError):
    """A schedule, or an argument about one, that cannot be used (a 422).

    A ValueError too, so pure callers need not know about DomainError.
    """


@dataclass(frozen=True)
class Schedule:
    """When a workspace's SLA clocks run: see the module docstring."""

    timezone: str
    hours: Mapping[int, tuple[Interval, ...]] = field(hash=False)
    holiday_countries: tuple[str, ...] = ()
    closed_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if not isinstance(self.hours, Mapping):
            raise ScheduleInvalid(
                _("Give the opening hours per weekday."), field="hours"
            )
        # Frozen means frozen: a later change to the caller's dict must not
        # move deadlines already computed from this schedule. A closed day
        # is left out, so a day written as empty equals a day not written.
        hours = {day: spans for day, spans in self.hours.items() if spans != ()}
        object.__setattr__(self, "hours", MappingProxyType(hours))

    @classmethod
    def always_open(cls, timezone: str = "UTC") -> Self:
        """Open round the clock, no holidays: SLA minutes are calendar minutes."""
        return cls(timezone, dict.fromkeys(range(7), ((MIDNIGHT, MIDNIGHT),)))

    @classmethod
    def office(cls, timezone: str, countries: tuple[str, ...] = ()) -> Self:
        """Monday to Friday 09:00-17:00: the schedule a new workspace gets."""
        office_hours = dict.fromkeys(range(5), ((time(9), time(17)),))
        return cls(timezone, office_hours, tuple(countries))


def schedule_validate(schedule: Schedule) -> None:
    """Raise ScheduleInvalid (a ValueError) naming the first problem found."""
    _zone(schedule.timezone)
    week = sum(
        _weekday_minutes(day, intervals) for day, intervals in schedule.hours.items()
    )
    if week == 0:
        raise ScheduleInvalid(_("The week has no open time at all."), field="hours")
    for code in schedule.holiday_countries:
        if code not in COUNTRIES:
            raise ScheduleInvalid(
                _("Unknown holiday country %(code)s; choose from EE, LV, LT, FI.")
                % {"code": str(code)[:16]},
                field="holiday_countries",
            )
    for day in schedule.closed_days:
        if not isinstance(day, date) or isinstance(day, datetime):
            raise ScheduleInvalid(_("Closed days must be dates."), field="closed_days")


def schedule_is_open(schedule: Schedule, at: datetime) -> bool:
    """Whether the moment `at` is open time (an interval's end is not)."""
    zone = _checked_zone(schedule)
    moment = _utc(at, "at")
    with _inside_calendar("at"):
        spans = _day_spans(schedule, zone, moment.astimezone(zone).date())
    return any(opens <= moment < closes for opens, closes in spans)


def business_deadline(schedule: Schedule, start: datetime, minutes: int) -> datetime:
    """The moment (UTC) `minutes` business minutes from `start` are used up.

    It is the end of the last business minute: a budget running out at a
    closing time is due at that closing time. Zero minutes is `start` if
    open, else the next opening.
    """
    zone = _checked_zone(schedule)
    if type(minutes) is not int or not 0 <= minutes <= MAX_MINUTES:
        raise ScheduleInvalid(
            _("Minutes must be a whole number from 0 to %(max)d.")
            % {"max": MAX_MINUTES},
            field="minutes",
        )
    remaining = timedelta(minutes=minutes)
    spans = _spans_from(schedule, zone, _utc(start, "start", whole_minute=True))
    with _inside_calendar("minutes"):
        while True:
            opens, closes = next(spans)
            # A budget used up exactly at a closing time is due then, as
            # a person reads "24 business hours from Monday 09:00": Wednesday
            # 17:00, not Thursday 09:00. (Zero minutes is due at the next
            # open moment, for which the first span starts at the opening.)
            if remaining <= closes - opens:
                return opens + remaining
            remaining -= closes - opens


def business_minutes_between(schedule: Schedule, start: datetime, end: datetime) -> int:
    """Business minutes in [start, end), seconds dropped; 0 when end <= start."""
    zone = _checked_zone(schedule)
    begin, finish = (
        _utc(start, "start", whole_minute=True),
        _utc(end, "end", whole_minute=True),
    )
    if finish <= begin:
        return 0
    total = timedelta()
    with _inside_calendar("end"):
        for opens, closes in _spans_from(schedule, zone, begin):
            if opens >= finish:
                break
            total += min(closes, finish) - opens
    return total // ONE_MINUTE


def holidays_between(
    schedule: Schedule, start: date, end: date
) -> list[tuple[date, str]]:
    """The closed days from `start` to `end` inclusive, each with its name.

    A public holiday reads "Christmas Eve (EE, LV)"; different names on one
    day are joined with "; "; a custom closed day is "Closed". Weekends are
    listed too when a holiday falls on them.
    """
    schedule_validate(schedule)
    names: dict[date, list[str]] = {
        day: [_("Closed")] for day in schedule.closed_days if start <= day <= end
    }
    countries_by_name: dict[date, dict[str, list[str]]] = {}
    for year in range(start.year, end.year + 1):
        for code in dict.fromkeys(schedule.holiday_countries):
            for day, name in _country_holidays(code, year).items():
                if start <= day <= end:
                    # The package joins two holidays of one day with "; ".
                    for part in name.split("; "):
                        by_name = countries_by_name.setdefault(day, {})
                        by_name.setdefault(part, []).append(code)
    for day, by_name in countries_by_name.items():
        names.setdefault(day, []).extend(
            f"{name} ({', '.join(codes)})" for name, codes in by_name.items()
        )
    return [(day, "; ".join(names[day])) for day in sorted(names)]


def schedule_to_dict(schedule: Schedule) -> dict[str, Any]:
    """The JSON-safe form: "hours" per weekday "0".."6", midnight ends as "24:00"."""
    return {
        "timezone": schedule.timezone,
        "hours": {
            str(day): [
                [
                    start.strftime("%H:%M"),
                    "24:00" if end == MIDNIGHT else end.strftime("%H:%M"),
                ]
                for start, end in schedule.hours.get(day, ())
            ]
            for day in range(7)
        },
        "holiday_countries": list(schedule.holiday_countries),
        "closed_days": sorted(day.isoformat() for day in schedule.closed_days),
    }


def schedule_from_dict(data: object) -> Schedule:
    """A valid Schedule from its JSON form, or ScheduleInvalid naming the field.

    Missing weekdays are closed; "holiday_countries" and "closed_days" may be
    left out; an end of "00:00" means midnight, like "24:00".
    """
    if not isinstance(data, Mapping):
        raise ScheduleInvalid(_("A schedule must be a JSON object."), field="schedule")
    unknown = sorted(str(key) for key in data if key not in _FIELDS)
    if unknown:
        raise ScheduleInvalid(_("This field is unknown."), field=unknown[0][:64])
    timezone = data.get("timezone")
    if not isinstance(timezone, str):
        raise ScheduleInvalid(
            _("Enter a time zone such as Europe/Tallinn."), field="timezone"
        )
    schedule = Schedule(
        timezone=timezone,
        hours=_hours_from_json(data.get("hours")),
        holiday_countries=tuple(_strings(data.get("holiday_countries", []))),
        closed_days=frozenset(_dates(data.get("closed_days", []))),
    )
    schedule_validate(schedule)
    return schedule


# --- the walk through time -------------------------------------------------


def _spans_from(
    schedule: Schedule, zone: zoneinfo.ZoneInfo, moment: datetime
) -> Iterator[Span]:
    """The open spans from `moment` on, in order, the first one clipped.

    Endless: callers stop it. A valid schedule is open some time every week
    and holidays are few, so each step finds open time within days.
    """
    day = moment.astimezone(zone).date()
    while True:
        for opens, closes in _day_spans(schedule, zone, day):
            if closes > moment:
                yield max(opens, moment), closes
        day += ONE_DAY


def _day_spans(schedule: Schedule, zone: zoneinfo.ZoneInfo, day: date) -> list[Span]:
    """The open spans (UTC) of one local date; none on a closed day.

    Every span of `day` lies within the moments whose local date is `day`, so
    walking local dates in order walks the spans in order.
    """
    if _is_closed(schedule, day):
        return []
    spans = []
    for start, end in schedule.hours.get(day.weekday(), ()):
        opens = _first_moment(zone, day, start)
        if end == MIDNIGHT:
            closes = _first_moment(zone, day + ONE_DAY, MIDNIGHT)
        else:
            closes = _first_moment(zone, day, end)
        if closes > opens:  # an interval inside the spring jump is empty
            spans.append((opens, closes))
    return spans


def _first_moment(zone: zoneinfo.ZoneInfo, day: date, at: time) -> datetime:
    """The first moment (UTC) the wall clock on `day` reads `at` or later."""
    wall = datetime.combine(day, at, tzinfo=zone)  # fold=0: a repeated time's first
    moment = wall.astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return moment
    # The spring jump skipped `at`. Read by the offset after the jump it
    # lies before the jump, by the offset before it lies after; the clock
    # first reads `at` or later at the jump itself, found by halving.
    before, after = wall.replace(fold=1).astimezone(UTC), moment
    naive = wall.replace(tzinfo=None)
    while after - before > timedelta(seconds=1):
        middle = (before + (after - before) / 2).replace(microsecond=0)
        if middle.astimezone(zone).replace(tzinfo=None) >= naive:
            after = middle
        else:
            before = middle
    return after


def _is_closed(schedule: Schedule, day: date) -> bool:
    return day in schedule.closed_days or any(
        day in _country_holidays(code, day.year) for code in schedule.holiday_countries
    )


@functools.lru_cache(maxsize=512)
def _country_holidays(country: str, year: int) -> Mapping[date, str]:
    # Building a table runs the package's rules for a whole year: far too
    # slow to repeat for every day a deadline walks past.
    table = holidays.country_holidays(country, years=year, language="en_US")
    return MappingProxyType(dict(table))


# --- checking input ---------------------------------------------------------


def _zone(name: object) -> zoneinfo.ZoneInfo:
    if not isinstance(name, str) or name not in _zone_names():
        raise ScheduleInvalid(
            _("Unknown time zone %(zone)s; use a name such as Europe/Tallinn.")
            % {"zone": str(name)[:64]},
            field="timezone",
        )
    return zoneinfo.ZoneInfo(name)


def _checked_zone(schedule: Schedule) -> zoneinfo.ZoneInfo:
    # Validating on every call is cheap and keeps the endless walk finite:
    # a week with no open time would never find its deadline.
    schedule_validate(schedule)
    return zoneinfo.ZoneInfo(schedule.timezone)


def _weekday_minutes(weekday: object, intervals: object) -> int:
    """The weekday's open minutes, or ScheduleInvalid naming `hours.<day>`."""
    if type(weekday) is not int or not 0 <= weekday <= 6:
        raise ScheduleInvalid(
            _("Weekdays are numbered 0 (Monday) to 6 (Sunday)."), field="hours"
        )
    name = f"hours.{weekday}"
    if not isinstance(intervals, tuple):
        raise ScheduleInvalid(_("List the day's intervals as a tuple."), field=name)
    total = previous_end = 0
    for interval in intervals:
        start, end = _interval_minutes(interval, name)
        if start < previous_end:
            raise ScheduleInvalid(
                _("Intervals must be in order and must not overlap."), field=name
            )
        total, previous_end = total + end - start, end
    return total


def _interval_minutes(interval: object, name: str) -> tuple[int, int]:
    if not (
        isinstance(interval, tuple)
        and len(interval) == 2
        and all(
            isinstance(value, time)
            and value.tzinfo is None
            and value.second == value.microsecond == 0
            for value in interval
        )
    ):
        raise ScheduleInvalid(
            _("An interval is a start and an end time in whole minutes."), field=name
        )
    start, end = (value.hour * 60 + value.minute for value in interval)
    end = end or DAY_MINUTES  # 00:00 as an end is the midnight that ends the day
    if start >= end:
        raise ScheduleInvalid(
            _("An interval must end after it starts (00:00 as an end is midnight)."),
            field=name,
        )
    return start, end


def _utc(value: object, name: str, *, whole_minute: bool = False) -> datetime:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise ScheduleInvalid(_("A moment needs its time zone."), field=name)
    with _inside_calendar(name):
        moment = value.astimezone(UTC)
    return moment.replace(second=0, microsecond=0) if whole_minute else moment


@contextmanager
def _inside_calendar(name: str) -> Iterator[None]:
    """Turn running off the end of year 1 or 9999 into a 422 naming `name`."""
    try:
        yield
    except OverflowError as error:
        raise ScheduleInvalid(
            _("This reaches beyond the calendar (years 1 to 9999)."), field=name
        ) from error


def _hours_from_json(value: object) -> dict[int, tuple[Interval, ...]]:
    if not isinstance(value, Mapping) or not set(value) <= _WEEKDAY_KEYS:
        raise ScheduleInvalid(
            _('Give the opening hours per weekday, "0" (Monday) to "6" (Sunday).'),
            field="hours",
        )
    hours = {}
    for key, intervals in value.items():
        name = f"hours.{key}"
        if not isinstance(intervals, list):
            raise ScheduleInvalid(
                _('List the day\'s intervals as ["09:00", "17:00"] pairs.'), field=name
            )
        # In order, so a form may list them any way; overlaps still fail.
        hours[int(key)] = tuple(sorted(_interval(pair, name) for pair in intervals))
    return hours


def _interval(pair: object, name: str) -> Interval:
    if not (
        isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(text, str) and _CLOCK.fullmatch(text) for text in pair)
        and pair[0] != "24:00"
    ):
        raise ScheduleInvalid(
            _('An interval is a start and an end such as ["09:00", "17:00"].'),
            field=name,
        )
    start, end = (time.fromisoformat("00:00" if t == "24:00" else t) for t in pair)
    return start, end


def _strings(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise ScheduleInvalid(
            _("List country codes such as EE and FI."), field="holiday_countries"
        )
    return value


def _dates(value: object) -> list[date]:
    message = _("List dates as YYYY-MM-DD.")
    if not isinstance(value, list):
        raise ScheduleInvalid(message, field="closed_days")
    days = []
    for text in value:
        if not isinstance(text, str) or not _ISO_DATE.fullmatch(text):
            raise ScheduleInvalid(message, field="closed_days")
        try:
            days.append(date.fromisoformat(text))
        except ValueError as error:  # 2026-02-30
            raise ScheduleInvalid(message, field="closed_days") from error
    return days

"""The SLA calendar: hand-worked deadlines, holidays, DST, and properties.

Dates of holidays are the ones the `holidays` package lists (checked by hand
against its tables for 2026, 2027 and 2030).
"""

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxloop.cases.business_hours import (
    COUNTRIES,
    Schedule,
    business_deadline,
    business_minutes_between,
    holidays_between,
    schedule_from_dict,
    schedule_is_open,
    schedule_to_dict,
    schedule_validate,
)

BALTIC_AND_FINNISH_ZONES = [
    "Europe/Tallinn",
    "Europe/Riga",
    "Europe/Vilnius",
    "Europe/Helsinki",
]


def local(
    zone: str, year: int, month: int, day: int, hour: int, minute: int, *, fold: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone), fold=fold)


def tallinn(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return local("Europe/Tallinn", year, month, day, hour, minute)


def on_sundays(*intervals: tuple[time, time], zone: str = "Europe/Tallinn") -> Schedule:
    return Schedule(zone, {6: intervals})


# --- hand-worked deadlines ----------------------------------------------------


def test_24_business_hours_from_friday_16_00_are_due_wednesday_16_00() -> None:
    # Friday 1 hour, Monday 8, Tuesday 8, Wednesday 7: 24 hours.
    office = Schedule.office("Europe/Tallinn", ("EE",))
    due = business_deadline(office, tallinn(2026, 3, 6, 16, 0), 24 * 60)
    assert due == tallinn(2026, 3, 11, 16, 0)
    assert due.tzinfo is UTC
    assert due == datetime(2026, 3, 11, 14, 0, tzinfo=UTC)


def test_a_holiday_in_any_of_the_countries_stops_the_clock() -> None:
    # Wednesday 11 March is Lithuania's Restoration of Independence Day.
    office = Schedule.office("Europe/Tallinn", ("EE", "LT"))
    due = business_deadline(office, tallinn(2026, 3, 6, 16, 0), 24 * 60)
    assert due == tallinn(2026, 3, 12, 16, 0)


def test_a_case_opened_on_christmas_eve_in_estonia_waits_until_monday() -> None:
    # Thu 24 and Fri 25 Dec are holidays, then the weekend.
    office = Schedule.office("Europe/Tallinn", ("EE",))
    opened = tallinn(2026, 12, 24, 10, 0)
    assert not schedule_is_open(office, opened)
    assert business_deadline(office, opened, 4 * 60) == tallinn(2026, 12, 28, 13, 0)
    assert business_deadline(office, opened, 0) == tallinn(2026, 12, 28, 9, 0)


def test_the_same_christmas_eve_is_a_working_day_without_estonian_holidays() -> None:
    office = Schedule.office("Europe/Tallinn")
    assert schedule_is_open(office, tallinn(2026, 12, 24, 10, 0))


def test_a_budget_used_up_at_closing_time_is_due_at_that_closing_time() -> None:
    office = Schedule.office("Europe/Tallinn")
    friday_four_pm = tallinn(2026, 3, 6, 16, 0)
    due = business_deadline(office, friday_four_pm, 60)
    assert due == tallinn(2026, 3, 6, 17, 0)
    assert (
        business_minutes_between(office, friday_four_pm, tallinn(2026, 3, 6, 17, 0))
        == 60
    )
    assert business_minutes_between(office, friday_four_pm, due) == 60


def test_zero_minutes_is_the_start_when_open_and_the_next_opening_when_not() -> None:
    office = Schedule.office("Europe/Tallinn")
    assert business_deadline(office, tallinn(2026, 3, 4, 11, 15), 0) == tallinn(
        2026, 3, 4, 11, 15
    )
    assert business_deadline(office, tallinn(2026, 3, 4, 18, 0), 0) == tallinn(
        2026, 3, 5, 9, 0
    )


def test_a_lunch_break_does_not_count() -> None:
    lunch = Schedule(
        "Europe/Tallinn",
        dict.fromkeys(range(5), ((time(9), time(12)), (time(13), time(17)))),
    )
    assert business_deadline(lunch, tallinn(2026, 3, 4, 11, 30), 60) == tallinn(
        2026, 3, 4, 13, 30
    )
    assert (
        business_minutes_between(
            lunch, tallinn(2026, 3, 4, 0, 0), tallinn(2026, 3, 5, 0, 0)
        )
        == 7 * 60
    )


def test_an_evening_shift_until_midnight_runs_on_into_the_night_shift() -> None:
    shifts = Schedule(
        "Europe/Tallinn", {0: ((time(22), time(0)),), 1: ((time(0), time(2)),)}
    )
    assert business_deadline(shifts, tallinn(2026, 3, 2, 23, 0), 120) == tallinn(
        2026, 3, 3, 1, 0
    )
    assert schedule_is_open(shifts, tallinn(2026, 3, 2, 23, 59))
    assert schedule_to_dict(shifts)["hours"]["0"] == [["22:00", "24:00"]]


def test_seconds_are_dropped_so_deadlines_are_whole_minutes() -> None:
    office = Schedule.office("UTC")
    start = datetime(2026, 3, 4, 10, 0, 59, 999, tzinfo=UTC)
    assert business_deadline(office, start, 30) == datetime(
        2026, 3, 4, 10, 30, tzinfo=UTC
    )
    assert business_minutes_between(office, start, start + timedelta(seconds=2)) == 1


def test_500_business_hours_walk_day_by_day_to_the_right_minute() -> None:
    # 62 days of 8 hours, then 4 more: Mon 5 Jan is day 1, 12 weeks end on
    # Fri 27 Mar (day 60), so day 63 is Wed 1 Apr.
    office = Schedule.office("UTC")
    due = business_deadline(office, datetime(2026, 1, 5, 9, 0, tzinfo=UTC), 500 * 60)
    assert due == datetime(2026, 4, 1, 13, 0, tzinfo=UTC)


def test_a_year_of_estonian_office_hours_has_252_working_days() -> None:
    # 2026 has 261 weekdays; nine Estonian holidays fall on them.
    office = Schedule.office("Europe/Tallinn", ("EE",))
    minutes = business_minutes_between(
        office, tallinn(2026, 1, 1, 0, 0), tallinn(2027, 1, 1, 0, 0)
    )
    assert minutes == 252 * 8 * 60
    plain = Schedule.office("Europe/Tallinn")
    assert (
        business_minutes_between(
            plain, tallinn(2026, 1, 1, 0, 0), tallinn(2027, 1, 1, 0, 0)
        )
        == 261 * 8 * 60
    )


def test_minutes_between_is_zero_when_the_end_is_not_after_the_start() -> None:
    office = Schedule.office("UTC")
    noon = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    assert business_minutes_between(office, noon, noon) == 0
    assert business_minutes_between(office, noon, noon - timedelta(hours=2)) == 0


def test_a_custom_closed_day_stops_the_clock() -> None:
    office = Schedule(
        "UTC", Schedule.office("UTC").hours, (), frozenset({date(2026, 3, 5)})
    )
    start = datetime(2026, 3, 4, 16, 0, tzinfo=UTC)
    assert business_deadline(office, start, 120) == datetime(
        2026, 3, 6, 10, 0, tzinfo=UTC
    )


# --- daylight saving time -----------------------------------------------------


@pytest.mark.parametrize("zone", BALTIC_AND_FINNISH_ZONES)
def test_the_spring_day_has_23_hours_and_the_autumn_day_25(zone: str) -> None:
    desk = Schedule.always_open(zone)
    spring = business_minutes_between(
        desk, local(zone, 2026, 3, 29, 0, 0), local(zone, 2026, 3, 30, 0, 0)
    )
    autumn = business_minutes_between(
        desk, local(zone, 2026, 10, 25, 0, 0), local(zone, 2026, 10, 26, 0, 0)
    )
    assert (spring, autumn) == (23 * 60, 25 * 60)


@pytest.mark.parametrize("zone", BALTIC_AND_FINNISH_ZONES)
def test_an_interval_around_the_skipped_hour_is_an_hour_shorter(zone: str) -> None:
    night = on_sundays((time(2), time(5)), zone=zone)

    def sunday(month: int, day: int) -> int:
        return business_minutes_between(
            night,
            local(zone, 2026, month, day, 0, 0),
            local(zone, 2026, month, day, 23, 0),
        )

    assert sunday(3, 22) == 180
    assert sunday(3, 29) == 120  # spring jump 03:00 -> 04:00
    assert sunday(10, 25) == 240  # 03:00-04:00 twice


def test_a_deadline_across_the_spring_jump_skips_the_missing_hour() -> None:
    desk = Schedule.always_open("Europe/Tallinn")
    due = business_deadline(desk, tallinn(2026, 3, 29, 2, 30), 60)
    assert due == tallinn(2026, 3, 29, 4, 30)
    assert due == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert (
        business_minutes_between(
            desk, tallinn(2026, 3, 28, 12, 0), tallinn(2026, 3, 30, 12, 0)
        )
        == 47 * 60
    )


def test_an_interval_starting_in_the_skipped_hour_opens_at_four() -> None:
    late = on_sundays((time(3, 30), time(5)))
    assert not schedule_is_open(late, datetime(2026, 3, 29, 0, 59, tzinfo=UTC))
    assert schedule_is_open(late, tallinn(2026, 3, 29, 4, 0))
    assert business_deadline(late, tallinn(2026, 3, 29, 0, 0), 0) == tallinn(
        2026, 3, 29, 4, 0
    )


def test_a_round_the_clock_desk_counts_the_repeated_autumn_hour_twice() -> None:
    desk = Schedule.always_open("Europe/Helsinki")
    first = local("Europe/Helsinki", 2026, 10, 25, 3, 30)
    due = business_deadline(desk, first, 60)
    # An aware time in the repeated hour never equals another zone's time
    # (PEP 495), so the second 03:30 is checked by its reading.
    assert due == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    reading = due.astimezone(ZoneInfo("Europe/Helsinki"))
    assert (reading.hour, reading.minute, reading.fold) == (3, 30, 1)
    assert due - first == timedelta(hours=1)


def test_an_interval_ending_in_the_repeated_hour_closes_the_first_time() -> None:
    early = on_sundays((time(0), time(3, 30)))
    assert schedule_is_open(early, tallinn(2026, 10, 25, 3, 15))
    assert not schedule_is_open(
        early, local("Europe/Tallinn", 2026, 10, 25, 3, 15, fold=1)
    )


def test_office_hours_stay_9_to_5_on_both_sides_of_the_autumn_change() -> None:
    # Friday is summer time (UTC+3), Monday winter time (UTC+2).
    office = Schedule.office("Europe/Tallinn", ("EE",))
    due = business_deadline(office, tallinn(2026, 10, 23, 16, 0), 8 * 60)
    assert due == tallinn(2026, 10, 26, 16, 0)  # Friday 1 hour, Monday 7
    assert due == datetime(2026, 10, 26, 14, 0, tzinfo=UTC)


# --- holidays -----------------------------------------------------------------


def test_a_latvian_holiday_on_a_weekend_closes_the_following_monday() -> None:
    # 4 May 2030 is a Saturday; in 2027 it is a Tuesday and nothing moves.
    office = Schedule.office("Europe/Riga", ("LV",))
    assert not schedule_is_open(office, local("Europe/Riga", 2030, 5, 6, 10, 0))
    assert not schedule_is_open(office, local("Europe/Riga", 2027, 5, 4, 10, 0))
    assert schedule_is_open(office, local("Europe/Riga", 2027, 5, 3, 10, 0))
    assert holidays_between(office, date(2030, 5, 4), date(2030, 5, 6)) == [
        (date(2030, 5, 4), "Restoration of Independence Day (LV)"),
        (date(2030, 5, 6), "Restoration of Independence Day (observed) (LV)"),
    ]


def test_a_latvian_day_off_moved_by_the_government_is_closed_but_not_its_saturday() -> (
    None
):
    # Fri 2 Jan 2026 is off in exchange for working Sat 17 Jan; the weekly
    # hours still keep Saturdays closed.
    office = Schedule.office("Europe/Riga", ("LV",))
    assert not schedule_is_open(office, local("Europe/Riga", 2026, 1, 2, 10, 0))
    assert not schedule_is_open(office, local("Europe/Riga", 2026, 1, 17, 10, 0))


def test_finnish_midsummer_eve_is_closed_while_estonia_works() -> None:
    finnish = Schedule.office("Europe/Helsinki", ("FI",))
    estonian = Schedule.office("Europe/Tallinn", ("EE",))
    assert not schedule_is_open(finnish, local("Europe/Helsinki", 2026, 6, 19, 10, 0))
    assert schedule_is_open(estonian, tallinn(2026, 6, 19, 10, 0))
    assert not schedule_is_open(estonian, tallinn(2026, 6, 23, 10, 0))
    assert not schedule_is_open(finnish, local("Europe/Helsinki", 2026, 12, 24, 10, 0))


def test_a_sunday_holiday_closes_a_desk_open_on_sundays() -> None:
    desk = Schedule("Europe/Vilnius", {6: ((time(10), time(14)),)}, ("LT",))
    # Lithuanian Mother's Day, 3 May 2026, and an ordinary Sunday after it.
    assert not schedule_is_open(desk, local("Europe/Vilnius", 2026, 5, 3, 11, 0))
    assert schedule_is_open(desk, local("Europe/Vilnius", 2026, 5, 10, 11, 0))


def test_the_settings_page_lists_closed_days_with_names_and_countries() -> None:
    schedule = Schedule(
        "Europe/Tallinn",
        Schedule.office("Europe/Tallinn").hours,
        ("EE", "LV"),
        frozenset({date(2026, 12, 23), date(2027, 1, 5)}),
    )
    listed = holidays_between(schedule, date(2026, 12, 20), date(2026, 12, 26))
    assert listed == [
        (date(2026, 12, 23), "Closed"),
        (date(2026, 12, 24), "Christmas Eve (EE, LV)"),
        (date(2026, 12, 25), "Christmas Day (EE, LV)"),
        (date(2026, 12, 26), "Second Day of Christmas (EE, LV)"),
    ]
    midsummer = holidays_between(schedule, date(2026, 6, 23), date(2026, 6, 23))
    assert midsummer == [(date(2026, 6, 23), "Victory Day (EE); Midsummer Eve (LV)")]
    assert holidays_between(schedule, date(2026, 12, 27), date(2026, 12, 20)) == []


def test_the_latvian_song_festival_day_is_named() -> None:
    schedule = Schedule.office("Europe/Riga", ("LV",))
    assert holidays_between(schedule, date(2023, 7, 10), date(2023, 7, 10)) == [
        (
            date(2023, 7, 10),
            "Nationwide Latvian Song and Dance Celebration Final Day (LV)",
        )
    ]


# --- validation and the JSON form ---------------------------------------------


def _field_of_error(call: Callable[[], object]) -> str | None:
    with pytest.raises(ValueError, match=".") as caught:
        call()
    return getattr(caught.value, "field", None)


@pytest.mark.parametrize(
    ("schedule", "field"),
    [
        (Schedule("Europe/Atlantis", {0: ((time(9), time(17)),)}), "timezone"),
        (Schedule("UTC", {0: ((time(9), time(13)), (time(12), time(17)))}), "hours.0"),
        (Schedule("UTC", {2: ((time(17), time(9)),)}), "hours.2"),
        (Schedule("UTC", {2: ((time(9, 0, 30), time(17)),)}), "hours.2"),
        (Schedule("UTC", {2: ((time(9, 0, 0, 1), time(17)),)}), "hours.2"),
        (Schedule("UTC", {2: [[time(9), time(17)]]}), "hours.2"),  # type: ignore[dict-item]
        (Schedule("UTC", {7: ((time(9), time(17)),)}), "hours"),
        (Schedule("UTC", {0: ()}), "hours"),
        (Schedule("UTC", {0: ((time(9), time(17)),)}, ("SE",)), "holiday_countries"),
    ],
)
def test_a_bad_schedule_is_refused_naming_the_field(
    schedule: Schedule, field: str
) -> None:
    assert _field_of_error(lambda: schedule_validate(schedule)) == field
    assert (
        _field_of_error(lambda: business_deadline(schedule, datetime.now(UTC), 5))
        == field
    )


def test_naive_moments_and_bad_minutes_are_refused() -> None:
    office = Schedule.office("UTC")
    naive = datetime(2026, 3, 4, 10, 0)  # noqa: DTZ001
    assert _field_of_error(lambda: business_deadline(office, naive, 5)) == "start"
    assert _field_of_error(lambda: schedule_is_open(office, naive)) == "at"
    now = datetime.now(UTC)
    assert _field_of_error(lambda: business_deadline(office, now, -1)) == "minutes"
    assert (
        _field_of_error(lambda: business_minutes_between(office, now, naive)) == "end"
    )


def test_a_deadline_past_year_9999_is_refused_not_crashed() -> None:
    office = Schedule.office("UTC")
    late = datetime(9999, 12, 30, 16, 0, tzinfo=UTC)
    assert (
        _field_of_error(lambda: business_deadline(office, late, 24 * 60)) == "minutes"
    )


def test_the_json_form_reads_back_to_the_same_schedule() -> None:
    schedule = Schedule(
        "Europe/Riga",
        {0: ((time(9), time(12)), (time(13), time(0)))},
        ("LV", "EE"),
        frozenset({date(2026, 8, 14)}),
    )
    data = schedule_to_dict(schedule)
    assert data == {
        "timezone": "Europe/Riga",
        "hours": {
            "0": [["09:00", "12:00"], ["13:00", "24:00"]],
            **{str(day): [] for day in range(1, 7)},
        },
        "holiday_countries": ["LV", "EE"],
        "closed_days": ["2026-08-14"],
    }
    assert schedule_from_dict(data) == schedule


def test_the_json_form_may_list_intervals_in_any_order_and_leave_days_out() -> None:
    data = {"timezone": "UTC", "hours": {"1": [["13:00", "17:00"], ["08:00", "12:00"]]}}
    schedule = schedule_from_dict(data)
    assert schedule.hours == {1: ((time(8), time(12)), (time(13), time(17)))}
    assert schedule.holiday_countries == ()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"timezone": None}, "timezone"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"hours": []}, "hours"),
        ({"hours": {"7": []}}, "hours"),
        ({"hours": {"2": [["25:00", "26:00"]]}}, "hours.2"),
        ({"hours": {"2": [["24:00", "24:00"]]}}, "hours.2"),
        ({"hours": {"2": [["9:00", "17:00"]]}}, "hours.2"),
        ({"hours": {"2": [["\u0660\u0669:00", "17:00"]]}}, "hours.2"),
        ({"hours": {"2": "09:00-17:00"}}, "hours.2"),
        ({"hours": {"3": [["10:00", "12:00"], ["11:00", "13:00"]]}}, "hours.3"),
        ({"hours": {"0": []}}, "hours"),
        ({"holiday_countries": "EE"}, "holiday_countries"),
        ({"holiday_countries": ["XX"]}, "holiday_countries"),
        ({"closed_days": ["2026-02-30"]}, "closed_days"),
        ({"closed_days": ["20260224"]}, "closed_days"),
        ({"closed_day": []}, "closed_day"),
    ],
)
def test_bad_json_is_refused_naming_the_field(
    change: dict[str, Any], field: str
) -> None:
    data = {"timezone": "Europe/Tallinn", "hours": {"0": [["09:00", "17:00"]]}} | change
    assert _field_of_error(lambda: schedule_from_dict(data)) == field


def test_a_schedule_that_is_not_an_object_is_refused() -> None:
    assert _field_of_error(lambda: schedule_from_dict(["UTC"])) == "schedule"


# --- properties ---------------------------------------------------------------

ZONES = ["UTC", *BALTIC_AND_FINNISH_ZONES]
# The EU clock changes of 2026 and 2027, at 01:00 UTC.
CHANGES = [
    datetime(2026, 3, 29, 1, tzinfo=UTC),
    datetime(2026, 10, 25, 1, tzinfo=UTC),
    datetime(2027, 3, 28, 1, tzinfo=UTC),
    datetime(2027, 10, 31, 1, tzinfo=UTC),
]
_CLOCK_HALF_HOURS = 48


def _half_hour(point: int) -> time:
    return time((point // 2) % 24, (point % 2) * 30)


@st.composite
def schedules(draw: st.DrawFn, *, avoid_repeated_hour: bool = False) -> Schedule:
    """Random weeks on a half-hour grid, with holidays and closed days.

    `avoid_repeated_hour` leaves out 03:30, inside the repeated autumn hour:
    the one place where "opens (closes) the first time the clock reads it"
    and a plain wall-clock reading differ.
    """
    points = st.integers(0, _CLOCK_HALF_HOURS).filter(
        lambda p: not (avoid_repeated_hour and p == 7)
    )
    hours = {}
    for day in range(7):
        cuts = sorted(draw(st.sets(points, max_size=6)))
        cuts = cuts[: len(cuts) - len(cuts) % 2]
        hours[day] = tuple(
            (_half_hour(cuts[i]), _half_hour(cuts[i + 1]))
            for i in range(0, len(cuts), 2)
        )
    if not any(hours.values()):
        hours[draw(st.integers(0, 6))] = ((time(9), time(17)),)
    return Schedule(
        draw(st.sampled_from(ZONES)),
        hours,
        tuple(draw(st.lists(st.sampled_from(COUNTRIES), unique=True, max_size=2))),
        draw(st.frozensets(st.dates(date(2026, 1, 1), date(2027, 12, 31)), max_size=6)),
    )


@st.composite
def wall_clock_cases(draw: st.DrawFn) -> tuple[Schedule, datetime]:
    """A schedule and a moment within a day of a clock change.

    Near a spring jump the schedule may open or close at 03:30 (skipped);
    near an autumn change it avoids the repeated hour, see `schedules`.
    """
    change = draw(st.sampled_from(CHANGES))
    spring = change.month == 3
    schedule = draw(schedules(avoid_repeated_hour=not spring))
    offset = timedelta(minutes=draw(st.integers(-24 * 60, 24 * 60)))
    if spring and draw(st.booleans()):
        # Make the jump matter: that Sunday opens or closes at the skipped 03:30.
        other = _half_hour(draw(st.sampled_from([2, 4, 6, 10, 12, 48])))
        if time(0) < other < time(3, 30):
            sunday = ((other, time(3, 30)),)
        else:
            sunday = ((time(3, 30), other),)
        schedule = replace(schedule, hours={**schedule.hours, 6: sunday})
        offset = timedelta(minutes=draw(st.integers(-12 * 60, 0)))  # from before
    return schedule, change + offset + timedelta(seconds=draw(st.integers(0, 59)))


def _near_a_clock_change() -> st.SearchStrategy[datetime]:
    return st.builds(
        lambda change, minutes, seconds: (
            change + timedelta(minutes=minutes, seconds=seconds)
        ),
        st.sampled_from(CHANGES),
        st.integers(-3 * 24 * 60, 3 * 24 * 60),
        st.integers(0, 59),
    )


moments = st.one_of(
    _near_a_clock_change(),
    # hypothesis takes naive bounds and adds the zone itself.
    st.datetimes(
        datetime(2026, 1, 1),  # noqa: DTZ001
        datetime(2027, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
)
budgets = st.integers(0, 20_000)


def _minute(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


_HOLIDAY_TABLES = {code: holidays.country_holidays(code) for code in COUNTRIES}


def _open_by_the_wall_clock(schedule: Schedule, moment: datetime) -> bool:
    """An independent reading: the local date and wall-clock time, nothing more."""
    wall = moment.astimezone(ZoneInfo(schedule.timezone))
    day, clock = wall.date(), wall.time()
    if day in schedule.closed_days or any(
        day in _HOLIDAY_TABLES[code] for code in schedule.holiday_countries
    ):
        return False
    return any(
        start <= clock and (end == time(0) or clock < end)
        for start, end in schedule.hours.get(day.weekday(), ())
    )


@settings(deadline=None)
@given(schedules(), moments, budgets)
def test_the_minutes_up_to_a_deadline_are_the_budget(
    schedule: Schedule, start: datetime, minutes: int
) -> None:
    due = business_deadline(schedule, start, minutes)
    assert business_minutes_between(schedule, start, due) == minutes


@settings(deadline=None)
@given(schedules(), moments, budgets)
def test_a_deadline_ends_an_open_minute_or_is_open_for_no_minutes(
    schedule: Schedule, start: datetime, minutes: int
) -> None:
    due = business_deadline(schedule, start, minutes)
    if minutes == 0:
        assert schedule_is_open(schedule, due)
    else:
        assert schedule_is_open(schedule, due - timedelta(minutes=1))
    assert due >= _minute(start)
    assert due.tzinfo is UTC and due.second == 0


@settings(deadline=None)
@given(schedules(), moments, budgets, budgets)
def test_a_bigger_budget_never_has_an_earlier_deadline(
    schedule: Schedule, start: datetime, first: int, second: int
) -> None:
    smaller, larger = sorted((first, second))
    assert business_deadline(schedule, start, smaller) <= business_deadline(
        schedule, start, larger
    )


@settings(deadline=None)
@given(schedules(), moments, moments, moments)
def test_minutes_between_add_up_over_a_split_point(
    schedule: Schedule, a: datetime, b: datetime, c: datetime
) -> None:
    first, middle, last = sorted((a, b, c))
    assert business_minutes_between(schedule, first, last) == business_minutes_between(
        schedule, first, middle
    ) + business_minutes_between(schedule, middle, last)


@settings(deadline=None)
@given(st.sampled_from(ZONES), moments, moments)
def test_an_always_open_schedule_counts_calendar_minutes(
    zone: str, start: datetime, end: datetime
) -> None:
    elapsed = max(_minute(end) - _minute(start), timedelta())
    minutes = business_minutes_between(Schedule.always_open(zone), start, end)
    assert minutes == elapsed // timedelta(minutes=1)


@settings(max_examples=40, deadline=None)
@given(wall_clock_cases(), st.integers(0, 24 * 60))
def test_open_minutes_match_a_plain_wall_clock_reading(
    case: tuple[Schedule, datetime], span: int
) -> None:
    schedule, start = case
    first = _minute(start)
    readings = [
        _open_by_the_wall_clock(schedule, first + timedelta(minutes=k))
        for k in range(span)
    ]
    assert business_minutes_between(
        schedule, first, first + timedelta(minutes=span)
    ) == sum(readings)
    for k in range(0, span, 7):
        assert schedule_is_open(schedule, first + timedelta(minutes=k)) == readings[k]


@settings(max_examples=40, deadline=None)
@given(wall_clock_cases(), st.integers(0, 300))
def test_a_deadline_ends_the_last_minute_of_the_budget_by_the_wall_clock(
    case: tuple[Schedule, datetime], minutes: int
) -> None:
    schedule, start = case
    due = business_deadline(schedule, start, minutes)
    moment, counted = _minute(start), 0
    if minutes == 0:
        while not _open_by_the_wall_clock(schedule, moment):
            moment += timedelta(minutes=1)
    while counted < minutes:
        counted += _open_by_the_wall_clock(schedule, moment)
        moment += timedelta(minutes=1)
    assert due == moment


@settings(deadline=None)
@given(schedules())
def test_every_valid_schedule_survives_its_json_form(schedule: Schedule) -> None:
    assert schedule_from_dict(schedule_to_dict(schedule)) == schedule

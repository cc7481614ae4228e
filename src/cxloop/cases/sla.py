"""Due times of a case from its SLA policy and the workspace's calendar."""

from dataclasses import dataclass
from datetime import datetime

from cxloop.accounts.models import Workspace
from cxloop.cases import business_hours
from cxloop.cases.business_hours import Schedule
from cxloop.cases.models import BusinessCalendar, Case, SlaPolicy

# Public holidays the business-hours calendar knows (the `holidays` package).
HOLIDAY_COUNTRIES = ("EE", "LV", "LT", "FI")


def schedule_default(workspace: Workspace) -> Schedule:
    """Office hours in the workspace's zone, closed on its country's holidays."""
    countries = (
        (workspace.phone_region,) if workspace.phone_region in HOLIDAY_COUNTRIES else ()
    )
    return Schedule.office(workspace.timezone, countries)


def schedule_of(calendar: BusinessCalendar | None, workspace: Workspace) -> Schedule:
    if calendar is None or not calendar.schedule:
        return schedule_default(workspace)
    return business_hours.schedule_from_dict(calendar.schedule)


def schedule_for_policy(
    policy: SlaPolicy | None, calendar: BusinessCalendar | None, workspace: Workspace
) -> Schedule:
    if policy is not None and not policy.business_hours:
        return Schedule.always_open(workspace.timezone)
    return schedule_of(calendar, workspace)


@dataclass(frozen=True)
class Dues:
    first_response: datetime | None
    resolution: datetime | None


def dues_from(
    *, policy: SlaPolicy | None, schedule: Schedule, priority: str, start: datetime
) -> Dues:
    """When a case opened at `start` is due for a first response and resolved."""
    if policy is None:
        return Dues(None, None)

    def due(target: str) -> datetime | None:
        minutes = policy.minutes_for(priority, target)
        if minutes is None:
            return None
        return business_hours.business_deadline(schedule, start, minutes)

    return Dues(due("first_response"), due("resolution"))


def due_after_pause(
    *, schedule: Schedule, due: datetime | None, paused_at: datetime, now: datetime
) -> datetime | None:
    """A due time moved on by the business time the case spent waiting.

    What was left of the target when the clock stopped is left again when
    it starts: a due time already passed at the pause stays where it was.
    """
    if due is None or due <= paused_at:
        return due
    left = business_hours.business_minutes_between(schedule, paused_at, due)
    return business_hours.business_deadline(schedule, now, left)


def business_minutes(schedule: Schedule, start: datetime, end: datetime) -> int:
    return business_hours.business_minutes_between(schedule, start, end)


def case_schedule(case: Case, calendar: BusinessCalendar | None) -> Schedule:
    return schedule_for_policy(case.sla_policy, calendar, case.workspace)

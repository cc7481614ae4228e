"""The contact-pressure governor: may we ask this person now, and what?

One policy per workspace, applied the same way to the widget, e-mail and
link invitations. Pure functions over a person's contact history, so every
channel decides alike and the rules can be tested exhaustively.

Rules, checked per eligible survey (highest priority first):

1. opted out of surveys: never ask;
2. quiet hours in the workspace's time zone: not now;
3. at most `per_session` asks in one browsing session;
4. at most `per_quarter` asks in any rolling 91 days;
5. a global quiet period after any ask (`quiet_days`);
6. the survey's own recontact period (`Survey.recontact_days`);
7. the survey's sample rate, drawn once per person and survey, so a page
   reload does not roll the dice again.

The first survey that passes is shown; the answer says why each other one
was not, for debugging in the dashboard.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

QUARTER = timedelta(days=91)


@dataclass(frozen=True)
class Policy:
    quiet_days: int = 14
    per_session: int = 1
    per_quarter: int = 3
    quiet_hours_start: time | None = time(21, 0)
    quiet_hours_end: time | None = time(8, 0)
    timezone: str = "Europe/Tallinn"


@dataclass(frozen=True)
class Candidate:
    survey_key: str
    priority: int = 50
    recontact_days: int = 90
    sample_rate: float = 1.0


@dataclass(frozen=True)
class Contact:
    """One time the person was asked (shown a survey or sent an invitation)."""

    survey_key: str
    at: datetime
    session_id: str = ""


@dataclass(frozen=True)
class Decision:
    survey_key: str | None
    reasons: dict[str, str] = field(default_factory=dict)


def sample_draw(person_key: str, survey_key: str) -> float:
    """A stable number in [0, 1) for this person and survey."""
    digest = hashlib.sha256(f"{person_key}\x00{survey_key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def in_quiet_hours(policy: Policy, now: datetime) -> bool:
    start, end = policy.quiet_hours_start, policy.quiet_hours_end
    if start is None or end is None or start == end:
        return False
    local = now.astimezone(ZoneInfo(policy.timezone)).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end  # the quiet hours span midnight


def quiet_hours_end(policy: Policy, now: datetime) -> datetime:
    """When the quiet hours that contain `now` end (`now` itself outside them)."""
    if not in_quiet_hours(policy, now) or policy.quiet_hours_end is None:
        return now
    zone = ZoneInfo(policy.timezone)
    local = now.astimezone(zone)
    end = datetime.combine(local.date(), policy.quiet_hours_end, tzinfo=zone)
    if end <= local:
        end += timedelta(days=1)
    return end


def _person_reason(
    policy: Policy,
    history: Sequence[Contact],
    now: datetime,
    session_id: str,
    opted_out: bool,
) -> str | None:
    """Why nobody may ask this person now, whatever the survey, if so."""
    if opted_out:
        return "opted_out"
    if in_quiet_hours(policy, now):
        return "quiet_hours"
    if (
        session_id
        and sum(1 for c in history if c.session_id == session_id) >= policy.per_session
    ):
        return "session_cap"
    if sum(1 for c in history if now - c.at < QUARTER) >= policy.per_quarter:
        return "quarter_cap"
    last = max((c.at for c in history), default=None)
    if last is not None and now - last < timedelta(days=policy.quiet_days):
        return "quiet_period"
    return None


def _survey_reason(
    candidate: Candidate, history: Sequence[Contact], now: datetime, person_key: str
) -> str | None:
    recontact = timedelta(days=candidate.recontact_days)
    if any(
        c.survey_key == candidate.survey_key and now - c.at < recontact for c in history
    ):
        return "recontact_period"
    if sample_draw(person_key, candidate.survey_key) >= candidate.sample_rate:
        return "not_sampled"
    return None


def decide(
    *,
    policy: Policy,
    candidates: Sequence[Candidate],
    history: Sequence[Contact],
    now: datetime,
    person_key: str,
    session_id: str = "",
    opted_out: bool = False,
) -> Decision:
    """The survey to show now, if any, and why each other candidate is not."""
    ordered = sorted(candidates, key=lambda c: (-c.priority, c.survey_key))
    blocked = _person_reason(policy, history, now, session_id, opted_out)
    if blocked is not None:
        return Decision(None, {c.survey_key: blocked for c in ordered})
    reasons: dict[str, str] = {}
    chosen: str | None = None
    for candidate in ordered:
        if chosen is not None:
            reasons[candidate.survey_key] = "lower_priority"
            continue
        reason = _survey_reason(candidate, history, now, person_key)
        if reason is None:
            chosen = candidate.survey_key
        else:
            reasons[candidate.survey_key] = reason
    return Decision(chosen, reasons)

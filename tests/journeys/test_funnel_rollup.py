"""The funnel rollup answers exactly as raw events do (SQLite and PostgreSQL)."""

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxloop.accounts.models import Workspace
from cxloop.customers import services as customers
from cxloop.customers.inputs import CustomerData, IdentitySignals, ProfileData
from cxloop.customers.models import Customer
from cxloop.journeys import funnels, rollups
from cxloop.journeys.models import FunnelCursor, FunnelMoment
from cxloop.worker import schedule
from tests import factories
from tests.journeys.factories import T0, event, journey

# "x #" holds what a timeline reserves (its sessions are read from moments);
# "ä" is two bytes in UTF-8.
TYPES = ["a", "b", "c", "x #", "ä"]
PERIOD = {"since": T0 - timedelta(days=1), "until": T0 + timedelta(days=7)}
# The worker's view of time: every event stored so far has settled.
LATER = T0 + timedelta(days=3650)
counter = itertools.count()


def both(workspace: Workspace, **options: Any) -> tuple[Any, Any]:
    """The funnel from the rollup (plus the tail), and from raw events."""
    rolled = funnels.funnel(workspace=workspace, **options)
    raw = funnels.funnel(workspace=workspace, from_rollup=False, **options)
    return rolled, raw


def catch_up(workspace: Workspace) -> None:
    rollups.moments_catch_up(workspace=workspace, now=LATER)


# An event: workspace, session, type, second after T0 (few values: ties),
# then how many events the worker rolls up right after storing it.
events = st.lists(
    st.tuples(
        st.integers(0, 1),
        st.sampled_from(["s1", "s2", "s3", ""]),
        st.sampled_from(TYPES),
        st.integers(-2, 6),
        st.sampled_from([0, 0, 1, 2, 50]),
    ),
    max_size=30,
)
funnel_options = st.fixed_dictionaries(
    {
        "steps": st.lists(st.sampled_from(TYPES), min_size=2, max_size=4),
        "since": st.sampled_from([-3, 0, 1]).map(lambda s: T0 + timedelta(seconds=s)),
        "until": st.sampled_from([4, 7]).map(lambda s: T0 + timedelta(seconds=s)),
        "within": st.sampled_from([None, timedelta(seconds=2)]),
    }
)


@given(stream=events, options=funnel_options)
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_rollup_funnel_equals_raw_funnel_on_any_event_stream(
    db: None, stream: list[tuple[int, str, str, int, int]], options: dict[str, Any]
) -> None:
    number = next(counter)
    spaces = [factories.workspace(f"roll-{number}-{n}") for n in range(2)]
    for space, session, kind, second, roll in stream:
        # Arrival order is random, so later events are often earlier in time.
        event(spaces[space], kind, session=session, seconds=second)
        if roll:
            rollups.moments_advance(workspace=spaces[space], now=LATER, limit=roll)
        for workspace in spaces:
            rolled, raw = both(workspace, **options)
            assert rolled == raw
    for workspace in spaces:
        catch_up(workspace)
        rolled, raw = both(workspace, **options)
        assert rolled == raw
    # Each workspace's rollup holds its own sessions only.
    for mine, other in (spaces, spaces[::-1]):
        moments = FunnelMoment.objects.of(mine)
        assert sum(moments.values_list("events", flat=True)) == sum(
            1 for space, session, *_rest in stream if session and spaces[space] == mine
        )
        assert not moments.filter(workspace=other).exists()


def test_rolling_up_twice_or_after_a_crash_adds_nothing_twice(
    workspace_a: Workspace,
) -> None:
    journey(workspace_a, "s1", ("a", 0), ("b", 5), ("b", 5), ("c", 9))
    with pytest.raises(RuntimeError), transaction.atomic():
        rollups.moments_advance(workspace=workspace_a, now=LATER)
        raise RuntimeError  # the worker dies before its transaction commits
    assert not FunnelMoment.objects.of(workspace_a).exists()

    catch_up(workspace_a)
    catch_up(workspace_a)

    moments = FunnelMoment.objects.of(workspace_a).order_by("at", "type")
    assert [(m.type, m.events) for m in moments] == [("a", 1), ("b", 2), ("c", 1)]
    rolled, raw = both(workspace_a, steps=["a", "b", "c"], **PERIOD)
    assert rolled == raw
    assert [s.reached for s in rolled.total.steps] == [1, 1, 1]


def test_the_worker_waits_for_events_to_settle(workspace_a: Workspace) -> None:
    journey(workspace_a, "s1", ("a", 0), ("b", 5))

    rollups.moments_advance(workspace=workspace_a)

    assert not FunnelMoment.objects.of(workspace_a).exists()

    # The page does not wait for it: the newest events are read as they are.
    rolled, raw = both(workspace_a, steps=["a", "b"], **PERIOD)
    assert [s.reached for s in rolled.total.steps] == [1, 1]
    assert rolled == raw


def test_late_events_reach_the_rollup_and_change_old_funnels(
    workspace_a: Workspace,
) -> None:
    journey(workspace_a, "s1", ("a", 10), ("c", 30))
    catch_up(workspace_a)
    # Imported history: a step that happened earlier arrives now.
    journey(workspace_a, "s1", ("b", 20))

    for _rolled_up in range(2):
        rolled, raw = both(workspace_a, steps=["a", "b", "c"], **PERIOD)
        assert [s.reached for s in rolled.total.steps] == [1, 1, 1]
        assert rolled == raw
        catch_up(workspace_a)


def _customer(workspace: Workspace, email: str) -> Customer:
    return customers.customer_upsert(
        workspace=workspace,
        data=CustomerData(
            source="crm",
            identities=IdentitySignals(email=email),
            profile=ProfileData(attributes={"segment": "vip"}),
        ),
    ).customer


def _named_event(workspace: Workspace, n: int, kind: str, seconds: int) -> None:
    """Mari's browser; from the second event on she is signed in."""
    event(
        workspace,
        kind,
        session="mari-session",
        anonymous_id="browser-mari",
        seconds=seconds,
        customer_ref={"email": "mari@x.ee"} if n else None,
    )


def test_an_identified_visitors_sessions_stay_in_the_rollup(
    workspace_a: Workspace,
) -> None:
    _named_event(workspace_a, 0, "a", 0)  # anonymous, then she signs in
    catch_up(workspace_a)
    _customer(workspace_a, "mari@x.ee")
    _named_event(workspace_a, 1, "b", 5)

    for per in ("session", "person"):
        rolled, raw = both(workspace_a, steps=["a", "b"], per=per, **PERIOD)
        assert [s.reached for s in rolled.total.steps] == [1, 1]
        assert rolled == raw


def test_erasure_takes_the_persons_moments_out_of_the_rollup(
    workspace_a: Workspace,
) -> None:
    customer = _customer(workspace_a, "mari@x.ee")
    _named_event(workspace_a, 1, "a", 0)
    _named_event(workspace_a, 2, "b", 5)
    catch_up(workspace_a)
    _named_event(workspace_a, 3, "c", 9)  # after the cursor
    journey(workspace_a, "other", ("a", 0), ("b", 5))
    catch_up(workspace_a)
    _named_event(workspace_a, 4, "c", 12)  # not rolled up yet

    customers.customer_erase(workspace=workspace_a, customer=customer, actor="ada")
    catch_up(workspace_a)

    assert (
        not FunnelMoment.objects.of(workspace_a).filter(session="mari-session").exists()
    )
    rolled, raw = both(workspace_a, steps=["a", "b", "c"], **PERIOD)
    assert [s.reached for s in rolled.total.steps] == [1, 1, 0]
    assert rolled == raw


def test_the_worker_rolls_up_every_workspace_on_a_schedule(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    journey(workspace_a, "s1", ("a", 0))
    journey(workspace_b, "s1", ("a", 0), ("b", 1))

    assert "journeys.roll_up_funnel_moments" in {
        job.name for job in schedule.registered()
    }
    rollups.moments_catch_up_all(now=LATER)

    assert FunnelMoment.objects.of(workspace_a).count() == 1
    assert FunnelMoment.objects.of(workspace_b).count() == 2
    assert FunnelCursor.objects.filter(workspace=workspace_b).get().last_event_id

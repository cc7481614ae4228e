"""Funnel maths on a known set of events (runs on SQLite and PostgreSQL)."""

from datetime import timedelta

import pytest

from cxloop.accounts.models import Workspace
from cxloop.customers import services
from cxloop.customers.inputs import CustomerData, IdentitySignals, ProfileData
from cxloop.errors import InvalidInput
from cxloop.journeys import funnels
from tests.journeys.factories import T0, event, journey

STEPS = ["search", "product_viewed", "cart_added", "checkout_started", "order_placed"]
PERIOD = {"since": T0 - timedelta(days=1), "until": T0 + timedelta(days=7)}


@pytest.fixture
def shop_sessions(workspace_a: Workspace, workspace_b: Workspace) -> None:
    journey(
        workspace_a,
        "s1",
        ("search", 0),
        ("product_viewed", 60),
        ("cart_added", 180),
        ("checkout_started", 300),
        ("order_placed", 400),
        device="mobile",
    )
    journey(
        workspace_a,
        "s2",
        ("search", 0),
        ("product_viewed", 120),
        ("cart_added", 300),
        device="mobile",
    )
    journey(workspace_a, "s3", ("search", 0), ("product_viewed", 30), device="desktop")
    # Viewed the product before searching: the search comes after, so the
    # session entered the funnel but never reached its second step.
    journey(workspace_a, "s4", ("product_viewed", 0), ("search", 10), device="desktop")
    journey(workspace_a, "s5", ("cart_added", 0))  # never entered
    # Another workspace's sessions never count.
    journey(workspace_b, "s1", ("search", 0), ("product_viewed", 5))
    journey(workspace_b, "b2", ("search", 0), ("product_viewed", 5))


def test_funnel_counts_sessions_that_did_the_steps_in_order(
    workspace_a: Workspace, shop_sessions: None
) -> None:
    result = funnels.funnel(workspace=workspace_a, steps=STEPS, **PERIOD)

    assert result.total.entered == 4
    assert [step.reached for step in result.total.steps] == [4, 3, 2, 1, 1]
    assert [step.conversion for step in result.total.steps] == [
        None,
        0.75,
        pytest.approx(2 / 3),
        0.5,
        1.0,
    ]
    assert result.total.steps[-1].overall == 0.25


def test_funnel_gives_the_median_time_between_steps(
    workspace_a: Workspace, shop_sessions: None
) -> None:
    result = funnels.funnel(workspace=workspace_a, steps=STEPS, **PERIOD)

    medians = [step.median_seconds for step in result.total.steps]
    # search→product 60, 120, 30 s; product→cart 120, 180 s; then one each.
    assert medians == [None, pytest.approx(60), pytest.approx(150), 120, 100]


def test_funnel_splits_by_the_entering_events_property(
    workspace_a: Workspace, shop_sessions: None
) -> None:
    result = funnels.funnel(
        workspace=workspace_a, steps=STEPS[:2], split_by="device", **PERIOD
    )

    groups = {group.key: group for group in result.groups}
    assert set(groups) == {"mobile", "desktop"}
    assert groups["mobile"].entered == 2
    assert groups["mobile"].steps[1].reached == 2
    assert groups["desktop"].steps[1].reached == 1
    assert groups["desktop"].steps[1].median_seconds == pytest.approx(30)
    assert result.total.entered == 4


def test_funnel_only_reads_the_period(
    workspace_a: Workspace, shop_sessions: None
) -> None:
    result = funnels.funnel(
        workspace=workspace_a,
        steps=STEPS,
        since=T0 + timedelta(seconds=100),
        until=T0 + timedelta(days=1),
    )

    # Only s1's and s2's later steps fall in it; no search, so nobody entered.
    assert result.total.entered == 0
    assert result.total.steps[1].conversion is None


def test_person_funnel_follows_a_browser_across_sessions(
    workspace_a: Workspace,
) -> None:
    event(workspace_a, "search", session="x", anonymous_id="browser-1")
    event(
        workspace_a,
        "product_viewed",
        session="y",
        anonymous_id="browser-1",
        seconds=2 * 86400,
    )
    steps = ["search", "product_viewed"]

    per_session = funnels.funnel(workspace=workspace_a, steps=steps, **PERIOD)
    per_person = funnels.funnel(
        workspace=workspace_a, steps=steps, per="person", **PERIOD
    )
    within_a_day = funnels.funnel(
        workspace=workspace_a,
        steps=steps,
        per="person",
        within=timedelta(days=1),
        **PERIOD,
    )

    assert [s.reached for s in per_session.total.steps] == [1, 0]
    assert [s.reached for s in per_person.total.steps] == [1, 1]
    assert per_person.total.steps[1].median_seconds == pytest.approx(2 * 86400)
    assert [s.reached for s in within_a_day.total.steps] == [1, 0]


def test_a_repeated_step_needs_a_second_event(workspace_a: Workspace) -> None:
    journey(workspace_a, "once", ("search", 0))
    journey(workspace_a, "twice", ("search", 0), ("search", 40))

    result = funnels.funnel(workspace=workspace_a, steps=["search", "search"], **PERIOD)

    assert [s.reached for s in result.total.steps] == [2, 1]
    assert result.total.steps[1].median_seconds == pytest.approx(40)


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"steps": ["search"]}, "steps"),
        ({"steps": ["search", "x"], "split_by": "a b"}, "split_by"),
        ({"steps": ["search", "x"], "per": "planet"}, "per"),
    ],
)
def test_funnel_refuses_bad_input_naming_the_field(
    workspace_a: Workspace, options: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        funnels.funnel(workspace=workspace_a, **PERIOD, **options)  # type: ignore[arg-type]
    assert refused.value.field == field


def test_funnel_splits_by_a_customer_segment(workspace_a: Workspace) -> None:
    # Two regulars and a newcomer, named on their events by e-mail.
    people = {
        "vip@x.ee": ("vip", [("search", 0), ("product_viewed", 20)]),
        "vip2@x.ee": ("vip", [("search", 0)]),
        "new@x.ee": ("new", [("search", 0), ("product_viewed", 40)]),
    }
    for email, (segment, steps) in people.items():
        services.customer_upsert(
            workspace=workspace_a,
            data=CustomerData(
                source="crm",
                identities=IdentitySignals(email=email),
                profile=ProfileData(attributes={"segment": segment}),
            ),
        )
        for kind, seconds in steps:
            event(
                workspace_a,
                kind,
                session=email,
                seconds=seconds,
                customer_ref={"email": email},
            )
    event(workspace_a, "search", session="anonymous")

    result = funnels.funnel(
        workspace=workspace_a,
        steps=STEPS[:2],
        split_by="customer.segment",
        **PERIOD,
    )

    groups = {group.key: [s.reached for s in group.steps] for group in result.groups}
    assert groups == {"vip": [2, 1], "new": [1, 1], "": [1, 0]}

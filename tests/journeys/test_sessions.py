"""Where sessions end, what is left within seconds, time spent per section."""

from datetime import timedelta

import pytest

from cxloop.accounts.models import Workspace
from cxloop.journeys import selectors, sessions
from tests.journeys.factories import T0, event, journey


def page(workspace: Workspace, session: str, path: str, seconds: float) -> None:
    event(workspace, "page_view", session=session, seconds=seconds, path=path)


def test_abandonment_shows_where_sessions_end_and_which_pages_bounce(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    # Two visitors land on the delivery-terms page and leave within seconds.
    page(workspace_a, "b1", "/tarne", 0)
    page(workspace_a, "b2", "/tarne", 0)
    page(workspace_a, "b2", "/tarne", 4)
    # One reads the home page for a minute, searches, then gives up.
    page(workspace_a, "slow", "/", 0)
    event(workspace_a, "search", session="slow", seconds=60, query="kohv")
    # One buys: an order is no abandonment, wherever the session ends.
    page(workspace_a, "buyer", "/", 0)
    event(workspace_a, "cart_added", session="buyer", seconds=5)
    event(workspace_a, "order_placed", session="buyer", seconds=300)
    event(workspace_a, "page_view", session="buyer", seconds=310, path="/aitah")
    # Another workspace's visitors never count.
    page(workspace_b, "b1", "/tarne", 0)
    page(workspace_b, "x", "/tarne", 0)

    result = sessions.abandonment(
        workspace=workspace_a,
        touchpoints=list(selectors.touchpoint_list(workspace=workspace_a)),
        since=T0 - timedelta(hours=1),
        until=T0 + timedelta(hours=1),
    )

    assert result.sessions == 4
    assert result.ended_without_order == 3
    assert result.bounced == 2
    assert [(e.section, e.page, e.sessions, e.quick) for e in result.exits] == [
        ("site_visit", "/tarne", 2, 2),
        ("site_search", "", 1, 0),
    ]
    # Time per section runs to the session's next event; a last event has none.
    visit = result.sections["site_visit"]
    assert (visit.views, visit.timed) == (6, 3)  # /, /tarne then /tarne, /
    assert visit.average_seconds == pytest.approx((4 + 60 + 5) / 3)
    assert visit.quick_share == pytest.approx(2 / 3)
    assert result.sections["cart"].average_seconds == pytest.approx(295)
    assert result.sections["site_search"].timed == 0


def test_a_long_pause_counts_as_half_an_hour_in_the_section(
    workspace_a: Workspace,
) -> None:
    page(workspace_a, "s", "/", 0)
    journey(workspace_a, "s", ("cart_added", 5 * 3600))

    result = sessions.abandonment(
        workspace=workspace_a,
        touchpoints=list(selectors.touchpoint_list(workspace=workspace_a)),
        since=T0 - timedelta(hours=1),
        until=T0 + timedelta(hours=6),
    )

    assert result.sections["site_visit"].average_seconds == 1800

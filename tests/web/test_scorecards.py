"""Team scorecards: the list of teams and owners and one card per team or owner."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client

from cxloop.accounts.models import User, Workspace
from cxloop.cases import services as case_services
from cxloop.cases.models import Case
from cxloop.journeys.models import Touchpoint
from tests.insights.factories import answer, scores_survey

# The scorecard's period: 1–31 January 2026; the period before is December.
SINCE, UNTIL = date(2026, 1, 1), date(2026, 1, 31)
IN_JANUARY = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
IN_DECEMBER = datetime(2025, 12, 15, 10, 0, tzinfo=UTC)
PERIOD = {"since": SINCE.isoformat(), "until": UNTIL.isoformat()}


@pytest.fixture
def logistics(workspace_a: Workspace, ada: User) -> Workspace:
    """Delivery belongs to the Logistics team and to Ada; checkout to nobody."""
    scores_survey(workspace_a)
    Touchpoint.objects.of(workspace_a).filter(key="delivery").update(
        team="Logistics", owner=ada
    )
    return workspace_a


def _csat(workspace: Workspace, scores: list[int], at: datetime, **fields: str) -> None:
    for index, score in enumerate(scores):
        answer(workspace, at=at + timedelta(minutes=index), csat=score, **fields)


def test_the_list_names_each_team_and_owner_with_their_touchpoints(
    logistics: Workspace, ada: User, login: Callable[[User], Client]
) -> None:
    page = login(ada).get("/app/scorecards/").content.decode()

    assert 'href="/app/scorecards/team/Logistics/"' in page
    assert f'href="/app/scorecards/owner/{ada.pk}/"' in page
    assert "Delivery" in page


def test_a_team_card_shows_each_touchpoint_on_its_own_scale_with_interval_and_change(
    logistics: Workspace, ada: User, login: Callable[[User], Client]
) -> None:
    # January: 30 of 40 delivery answers say 4–5 (75 %); December: 10 of 40.
    _csat(logistics, [5] * 30 + [2] * 10, IN_JANUARY, touchpoint="delivery")
    _csat(logistics, [4] * 10 + [1] * 30, IN_DECEMBER, touchpoint="delivery")
    # Another team's touchpoint never shows on this card.
    _csat(logistics, [1] * 5, IN_JANUARY, touchpoint="checkout")

    response = login(ada).get("/app/scorecards/team/Logistics/", PERIOD)
    page = response.content.decode()

    assert response.status_code == 200
    row = response.context["rows"][0]["score"]
    assert (row.key, row.metric) == ("delivery", "csat")
    assert row.group.estimate.value == pytest.approx(75.0)
    assert row.group.estimate.n == 40
    # Wilson interval of 30/40 by hand: centre and half-width.
    z = 1.959964
    centre = (30 + z * z / 2) / (40 + z * z)
    half = z / (40 + z * z) * (30 * 10 / 40 + z * z / 4) ** 0.5
    assert row.group.estimate.ci95 == pytest.approx(
        (100 * (centre - half), 100 * (centre + half)), abs=1e-3
    )
    assert row.group.comparison.difference == pytest.approx(50.0)
    assert "▲ +50</strong>" in page
    assert "two-proportion z-test" in page
    assert "Checkout" not in page
    # Twelve months of trend, the chart drawn on the server for printing.
    assert len(response.context["rows"][0]["points"]) == 12
    assert '<svg class="trend-svg"' in page


def test_a_touchpoint_with_few_answers_is_greyed_and_says_why(
    logistics: Workspace, ada: User, login: Callable[[User], Client]
) -> None:
    _csat(logistics, [5, 4, 1], IN_JANUARY, touchpoint="delivery")

    page = login(ada).get("/app/scorecards/team/Logistics/", PERIOD).content.decode()

    assert 'class="is-small"' in page
    assert "fewer than 30 answers" in page


def test_the_card_counts_the_teams_open_cases_by_priority(
    logistics: Workspace, ada: User, login: Callable[[User], Client]
) -> None:
    for priority in ("high", "high", "low"):
        case_services.case_open(
            workspace=logistics,
            title="Parcel late",
            source=Case.Source.MANUAL,
            team="Logistics",
            priority=priority,
        )
    case_services.case_open(
        workspace=logistics,
        title="Someone else's",
        source=Case.Source.MANUAL,
        team="Support",
        priority="high",
    )

    response = login(ada).get("/app/scorecards/team/Logistics/")

    assert response.context["card"].cases.open_by_priority == [
        ("Urgent", 0),
        ("High", 2),
        ("Normal", 0),
        ("Low", 1),
    ]


def test_a_user_written_touchpoint_name_is_escaped(
    logistics: Workspace, ada: User, login: Callable[[User], Client]
) -> None:
    Touchpoint.objects.of(logistics).filter(key="delivery").update(
        name="<script>alert(1)</script>", names={}
    )

    page = login(ada).get("/app/scorecards/team/Logistics/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_unknown_team_or_kind_is_not_found(
    logistics: Workspace, ada: User, login: Callable[[User], Client]
) -> None:
    client = login(ada)

    assert client.get("/app/scorecards/team/Nobody/").status_code == 404
    assert client.get("/app/scorecards/owner/999999/").status_code == 404
    assert client.get("/app/scorecards/touchpoint/delivery/").status_code == 404


def test_a_reversed_period_is_said_on_its_field_and_the_default_shown(
    logistics: Workspace, ada: User, login: Callable[[User], Client]
) -> None:
    response = login(ada).get(
        "/app/scorecards/team/Logistics/",
        {"since": "2026-02-01", "until": "2026-01-01"},
    )

    assert response.status_code == 200
    assert "The start must not be after the end." in response.content.decode()


def test_another_workspace_cannot_see_a_scorecard(
    logistics: Workspace, ada: User, cleo: User, login: Callable[[User], Client]
) -> None:
    client = login(cleo)

    assert client.get("/app/scorecards/team/Logistics/").status_code == 404
    assert client.get(f"/app/scorecards/owner/{ada.pk}/").status_code == 404
    assert "Logistics" not in client.get("/app/scorecards/").content.decode()

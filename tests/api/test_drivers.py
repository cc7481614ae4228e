"""/api/v1/irritants, /emerging and /drivers: what the text says about scores."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from cxloop.accounts.models import Workspace
from tests import factories
from tests.api.test_surveys import call
from tests.textanalysis import topic_factories as f

PERIOD = "since=2026-02-01T00:00:00Z&until=2026-03-20T00:00:00Z"


def _delivery_with_a_late_topic(workspace: Workspace) -> None:
    late = f.topic(workspace, "Late <script>alert(1)</script>")
    f.responses(workspace, [{"csat": 5}] * 30)
    f.responses(workspace, [{"csat": 1}] * 6, comment="late", topics=(late,))


def test_irritants_rank_topics_with_n_and_an_interval(
    client: Client, workspace_a: Workspace, key_a: str
) -> None:
    _delivery_with_a_late_topic(workspace_a)

    body = call(client, "get", f"/api/v1/irritants?{PERIOD}", key_a).json()

    assert body["method"].startswith("Topics are ranked by impact")
    [table] = body["touchpoints"]
    assert (table["touchpoint"], table["score"], table["n"]) == ("delivery", "csat", 36)
    [late] = table["irritants"]
    assert late["topic"]["label"] == "Late <script>alert(1)</script>"
    assert late["n"] == 6 and late["customers"] == 6
    assert late["gap"] == 4.0
    assert late["impact"] == 24.0
    assert late["ci95"] is not None and late["significant"]


def test_a_yes_no_touchpoint_gives_each_topic_its_share_of_the_no_answers(
    client: Client, workspace_a: Workspace, workspace_b: Workspace, key_a: str
) -> None:
    f.yes_no_survey(workspace_a, "search-found", "found")
    stock = f.topic(workspace_a, "Out of stock")
    found = [{"found": True}] * 8 + [{"found": False}] * 2
    f.responses(workspace_a, found, survey_key="search-found")
    f.responses(
        workspace_a,
        [{"found": False}] * 2,
        survey_key="search-found",
        comment="no size 44",
        topics=(stock,),
    )
    f.yes_no_survey(workspace_b, "search-found", "found")
    f.responses(workspace_b, [{"found": True}] * 5, survey_key="search-found")

    body = call(client, "get", f"/api/v1/irritants?{PERIOD}", key_a).json()

    [table] = body["touchpoints"]
    # 8 yes of 12: Wilson 0.3906 … 0.8619.
    assert (table["score"], table["n"], table["value"]) == ("yes_no", 12, 200 / 3)
    assert table["ci95"] == [
        pytest.approx(39.06, abs=0.01),
        pytest.approx(86.19, abs=0.01),
    ]
    [row] = table["irritants"]
    assert row["score"] == 0.0
    assert row["score_ci95"] == [0.0, pytest.approx(65.76, abs=0.01)]
    # Their 2 of the 4 noes: Wilson 0.1500 … 0.8500.
    assert row["no_share"] == 50.0
    assert row["no_share_ci95"] == [
        pytest.approx(15.00, abs=0.01),
        pytest.approx(85.00, abs=0.01),
    ]
    # The gap as worked in tests/textanalysis/test_insight_selectors.py.
    assert row["ci95"] == [
        pytest.approx(7.31, abs=0.01),
        pytest.approx(94.34, abs=0.01),
    ]
    assert row["test"] == "two-proportion z-test"
    assert 0 < row["p_value"] < 0.05


def test_a_topic_renamed_over_the_api_shows_in_irritants_at_once(
    client: Client,
    workspace_a: Workspace,
    key_a: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _delivery_with_a_late_topic(workspace_a)
    before = call(client, "get", f"/api/v1/irritants?{PERIOD}", key_a).json()
    assert before["touchpoints"][0]["irritants"][0]["topic"]["label"].startswith("Late")

    with django_capture_on_commit_callbacks(execute=True):
        call(client, "patch", "/api/v1/topics/1", key_a, {"label": "Courier late"})

    after = call(client, "get", f"/api/v1/irritants?{PERIOD}", key_a).json()
    assert after["touchpoints"][0]["irritants"][0]["topic"]["label"] == "Courier late"


def test_irritants_of_another_workspace_are_never_shown(
    client: Client, workspace_a: Workspace, key_b: str
) -> None:
    _delivery_with_a_late_topic(workspace_a)
    body = call(client, "get", f"/api/v1/irritants?{PERIOD}", key_b).json()
    assert body["touchpoints"] == []


def test_a_touchpoint_or_survey_of_another_workspace_is_404(
    client: Client, workspace_a: Workspace, workspace_b: Workspace, key_a: str
) -> None:
    from cxloop.journeys import services as journeys
    from cxloop.journeys.models import Stage

    journeys.touchpoint_create(
        workspace=workspace_b,
        key="kiosk",
        name="Kiosk",
        stage=Stage.objects.filter(workspace=workspace_b).first().key,
    )
    f.survey(workspace_b, "kiosk-csat")
    for url in (
        "/api/v1/irritants?touchpoint=kiosk",
        "/api/v1/irritants?survey=kiosk-csat",
        "/api/v1/emerging?touchpoint=kiosk",
    ):
        response = call(client, "get", url, key_a)
        assert response.status_code == 404, url
        assert response.json()["detail"]


def test_bad_input_is_a_422_naming_the_field(client: Client, key_a: str) -> None:
    cases = {
        "/api/v1/irritants?since=2026-03-01T00:00:00Z&until=2026-02-01T00:00:00Z": (
            "since"
        ),
        "/api/v1/emerging?week=2026-W60": "week",
        "/api/v1/emerging?week=last": "week",
        "/api/v1/drivers?target=ces": "target",
    }
    for url, field in cases.items():
        response = call(client, "get", url, key_a)
        assert response.status_code == 422, url
        assert field in [error["field"] for error in response.json()["errors"]], url


def test_emerging_states_the_test_and_flags_a_growing_topic(
    client: Client, workspace_a: Workspace, key_a: str
) -> None:
    rude = f.topic(workspace_a, "Rude courier")
    for weeks_back in range(5):
        at = f.NOW - timedelta(weeks=weeks_back)
        count = 20 if weeks_back == 0 else 2
        f.responses(
            workspace_a, [{"csat": 2}] * count, comment="c", topics=(rude,), at=at
        )
        f.responses(workspace_a, [{"csat": 5}] * (100 - count), comment="ok", at=at)

    body = call(client, "get", "/api/v1/emerging?week=2026-W11", key_a).json()

    assert body["week"] == "2026-W11"
    assert "Fisher's exact" in body["test"] and "Benjamini–Hochberg" in body["test"]
    [item] = body["items"]
    assert item["topic"]["label"] == "Rude courier"
    assert item["touchpoint"] == "delivery"
    assert (item["count"], item["comments"]) == (20, 100)
    assert item["baseline_share"] == 0.02
    assert item["p_value"] < 0.01 and item["emerging"]
    other = call(
        client,
        "get",
        "/api/v1/emerging?week=2026-W11",
        factories.secret_key(factories.workspace("shop-c")),
    ).json()
    assert other["items"] == []


def test_drivers_say_what_is_missing_when_there_is_too_little(
    client: Client, key_a: str
) -> None:
    body = call(client, "get", "/api/v1/drivers?target=csat", key_a).json()
    assert body["drivers"] == [] and body["r2"] is None
    assert body["customers"] == 0
    assert "at least 30 customers" in body["reason"]


def test_drivers_weigh_touchpoints_and_topics_with_intervals(
    client: Client, workspace_a: Workspace, key_a: str
) -> None:
    people = f.customers(workspace_a, 60)
    late = f.topic(workspace_a, "Late")
    for index, person in enumerate(people):
        happy = index % 2 == 0
        f.response(
            workspace_a,
            customer=person,
            csat=5 if happy else 1,
            comment="" if happy else "late",
            # Half the unhappy write about lateness; delivery explains it all.
            topics=(late,) if index % 4 == 1 else (),
        )
        f.response(
            workspace_a,
            survey_key="relationship-nps",
            customer=person,
            nps=10 if happy else 3,
        )

    body = call(client, "get", f"/api/v1/drivers?target=nps&{PERIOD}", key_a).json()

    assert body["customers"] == 60
    assert body["r2"] > 0.9
    names = [driver["name"] for driver in body["drivers"]]
    assert set(names) == {"Delivery", "Late"}
    worst = next(driver for driver in body["drivers"] if driver["worst"])
    # Unhappy deliveries scoring like the rest: all promoters, +100 points.
    assert worst["name"] == "Delivery"
    assert worst["expected_gain"] > 90
    assert worst["n"] == 60
    assert all(driver["ci95"][0] <= driver["importance"] for driver in body["drivers"])


def test_the_routes_need_a_secret_key(client: Client, workspace_a: Workspace) -> None:
    public = factories.public_key(workspace_a)
    for url in ("/api/v1/irritants", "/api/v1/emerging", "/api/v1/drivers"):
        assert call(client, "get", url, public).status_code == 403
        assert client.get(url).status_code == 401

"""/api/v1/metrics/linkage: what customers did after answering, per band."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cxloop.accounts.models import Workspace
from tests import factories
from tests.api.test_surveys import call
from tests.insights import linkage_factories as f

pytestmark = pytest.mark.django_db


def _shop(workspace: Workspace, spend: str = "120.00") -> None:
    """A promoter who spent `spend` 10 days after answering 200 days ago, and a
    detractor who spent nothing."""
    answered = timezone.now() - timedelta(days=200)
    promoter, detractor = f.customer(workspace), f.customer(workspace)
    f.answer(workspace, promoter, at=answered, nps=10)
    f.answer(workspace, detractor, at=answered, nps=2)
    f.answer(workspace, promoter, at=answered, touchpoint="delivery", csat=5)
    f.order(workspace, promoter, answered + timedelta(days=10), spend)


def test_linkage_gives_each_band_its_n_revenue_and_interval(
    client: Client, workspace_a: Workspace, key_a: str
) -> None:
    _shop(workspace_a)

    body = call(client, "get", "/api/v1/metrics/linkage?window=180", key_a).json()

    assert body["window"] == 180
    bands = {band["key"]: band for band in body["nps"]}
    assert bands["promoter"]["n"] == 1
    assert bands["promoter"]["revenue"]["value"] == 120.0
    assert bands["promoter"]["too_small"] is True
    assert bands["detractor"]["revenue"]["value"] == 0.0
    assert body["point_value"]["difference"] == 120.0
    assert body["point_value"]["value"] == pytest.approx(0.6)
    assert body["churn"]["days"] is None  # no repeat orders to learn it from
    assert "association" in body["methods"]["linkage"]
    [delivery] = body["touchpoints"]
    assert (delivery["touchpoint"], delivery["score"]) == ("delivery", "csat")


def test_the_default_window_is_90_days(
    client: Client, workspace_a: Workspace, key_a: str
) -> None:
    body = call(client, "get", "/api/v1/metrics/linkage", key_a).json()

    assert body["window"] == 90
    assert [band["key"] for band in body["nps"]] == ["promoter", "passive", "detractor"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("window=30", "window"),
        ("window=ninety", "window"),
        ("since=2026-02-30", "since"),
        ("until=0001-01-01", "until"),
        ("since=2026-03-01&until=2026-02-01", "since"),
        ("channel=fax", "channel"),
        ("touchpoint=Not%20a%20key", "touchpoint"),
    ],
)
def test_a_bad_query_is_a_4xx_naming_the_field(
    client: Client, key_a: str, query: str, field: str
) -> None:
    response = call(client, "get", f"/api/v1/metrics/linkage?{query}", key_a)

    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]


def test_an_unknown_touchpoint_or_survey_is_a_404(client: Client, key_a: str) -> None:
    for query in ("touchpoint=nowhere", "survey=nothing"):
        response = call(client, "get", f"/api/v1/metrics/linkage?{query}", key_a)
        assert response.status_code == 404, query


def test_another_workspaces_key_sees_only_its_own_customers(
    client: Client, workspace_a: Workspace, workspace_b: Workspace, key_b: str
) -> None:
    _shop(workspace_a, spend="120.00")
    _shop(workspace_b, spend="7.00")

    body = call(client, "get", "/api/v1/metrics/linkage?window=180", key_b).json()

    promoters = next(band for band in body["nps"] if band["key"] == "promoter")
    assert promoters["n"] == 1
    assert promoters["revenue"]["value"] == 7.0


def test_a_public_key_may_not_read_linkage(
    client: Client, workspace_a: Workspace
) -> None:
    response = call(
        client, "get", "/api/v1/metrics/linkage", factories.public_key(workspace_a)
    )

    assert response.status_code in (401, 403)

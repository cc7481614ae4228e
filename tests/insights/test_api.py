"""GET /api/v1/metrics/{metric}: figures, tested changes, exports, refusals."""

import csv
import io
from datetime import timedelta

import pyarrow.parquet as pq
import pytest
from django.test import Client

from cxloop.accounts.models import Workspace
from tests import factories
from tests.conftest import bearer
from tests.insights.factories import T0, answer, nps_answers, scores_survey

URL = "/api/v1/metrics/"


@pytest.fixture
def shop(workspace_a: Workspace) -> Workspace:
    """Delivery: 3 promoters and 1 detractor this week, 4 detractors the week
    before; Checkout: 2 passives this week."""
    scores_survey(workspace_a)
    nps_answers(workspace_a, [10, 9, 10, 0], touchpoint="delivery")
    nps_answers(workspace_a, [0] * 4, touchpoint="delivery", at=T0 - timedelta(days=7))
    nps_answers(workspace_a, [7, 8], touchpoint="checkout", channel="email")
    return workspace_a


WEEK = {"since": "2026-01-08", "until": "2026-01-14"}


def get(client: Client, key: str, metric: str, **params: str) -> dict:  # type: ignore[type-arg]
    response = client.get(URL + metric, params, **bearer(key))
    assert response.status_code == 200, response.content
    return response.json()  # type: ignore[no-any-return]


def test_nps_per_touchpoint_with_the_change_against_the_week_before(
    client: Client, shop: Workspace, key_a: str
) -> None:
    body = get(client, key_a, "nps", group_by="touchpoint", **WEEK)

    assert (body["metric"], body["method"], body["test"]) == (
        "nps",
        "adjusted Wald interval",
        "z-test of two NPS",
    )
    assert body["minimum_n"] == 30
    # 3 promoters, 2 passives, 1 detractor of 6: NPS 100 · 2/6.
    assert body["overall"]["n"] == 6
    assert body["overall"]["value"] == pytest.approx(100 / 3)
    checkout, delivery = body["items"]  # in journey order
    assert (delivery["key"], delivery["label"]) == ("delivery", "Delivery")
    assert (delivery["value"], delivery["n"]) == (50.0, 4)
    assert (delivery["previous"], delivery["previous_n"]) == (-100.0, 4)
    assert delivery["change"] == 150.0
    assert delivery["significant"] is True
    assert 0 < delivery["p_value"] < 0.05
    assert delivery["too_small"] is True
    low, high = delivery["ci95"]
    assert -100 <= low < 50 < high <= 100
    assert (checkout["key"], checkout["value"], checkout["previous"]) == (
        "checkout",
        0.0,
        None,
    )


def test_filters_narrow_the_answers(
    client: Client, shop: Workspace, key_a: str
) -> None:
    email = get(client, key_a, "nps", channel="email")
    delivery = get(client, key_a, "nps", touchpoint="delivery", **WEEK)
    stage = get(client, key_a, "nps", stage="purchase")

    assert email["overall"]["n"] == 2
    assert delivery["overall"]["n"] == 4
    assert stage["overall"]["n"] == 2  # Checkout is in the purchase stage


def test_csat_reads_its_top_two_box_share_and_mean(
    client: Client, workspace_a: Workspace, key_a: str
) -> None:
    scores_survey(workspace_a)
    for score in (5, 4, 2, 1):
        answer(workspace_a, csat=score)

    body = get(client, key_a, "csat", group_by="segment")

    assert body["method"] == "Wilson score interval"
    assert (body["overall"]["value"], body["overall"]["secondary"]) == (50.0, 3.0)
    assert [item["key"] for item in body["items"]] == ["unknown"]


def test_the_table_exports_as_csv(client: Client, shop: Workspace, key_a: str) -> None:
    response = client.get(
        URL + "nps",
        {"group_by": "touchpoint", "format": "csv", **WEEK},
        **bearer(key_a),
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["key"], r["value"], r["n"], r["change"]) for r in rows] == [
        ("checkout", "0.0", "2", ""),
        ("delivery", "50.0", "4", "150.0"),
    ]


def test_the_table_exports_as_parquet_a_bi_tool_reads(
    client: Client, shop: Workspace, key_a: str
) -> None:
    response = client.get(
        URL + "nps",
        {"group_by": "touchpoint", "format": "parquet", **WEEK},
        **bearer(key_a),
    )

    assert response.status_code == 200
    table = pq.read_table(io.BytesIO(response.content))
    assert str(table.schema.field("n").type) == "int64"
    rows = table.to_pylist()
    assert [(r["key"], r["value"], r["n"], r["significant"]) for r in rows] == [
        ("checkout", 0.0, 2, False),
        ("delivery", 50.0, 4, True),
    ]
    assert rows[1]["previous"] == -100.0
    assert rows[1]["ci95_low"] < 50.0 < rows[1]["ci95_high"]


def test_another_workspaces_key_sees_none_of_its_answers(
    client: Client, shop: Workspace, cleo: object, key_b: str
) -> None:
    body = get(client, key_b, "nps", group_by="touchpoint")

    assert body["overall"]["n"] == 0
    assert body["overall"]["value"] is None
    assert body["items"] == []


@pytest.mark.parametrize(
    ("metric", "params", "field"),
    [
        ("nope", {}, "metric"),
        ("nps", {"group_by": "colour"}, "group_by"),
        ("nps", {"group_by": "attribute:a b"}, "group_by"),
        ("nps", {"since": "2026-02-30"}, "since"),
        ("nps", {"since": "0001-01-01"}, "since"),
        ("nps", {"since": "2026-01-14", "until": "2026-01-01"}, "since"),
        ("nps", {"segment": "vip"}, "segment"),
        ("nps", {"channel": "fax"}, "channel"),
        ("nps", {"format": "xlsx"}, "format"),
        ("nps", {"touchpoint": "a b"}, "touchpoint"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(
    client: Client,
    shop: Workspace,
    key_a: str,
    metric: str,
    params: dict,
    field: str,  # type: ignore[type-arg]
) -> None:
    response = client.get(URL + metric, params, **bearer(key_a))

    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]


def test_only_a_secret_key_reads_metrics(client: Client, shop: Workspace) -> None:
    public = factories.public_key(shop)

    assert client.get(URL + "nps", **bearer(public)).status_code == 403
    assert client.get(URL + "nps").status_code == 401

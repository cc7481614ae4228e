"""/api/v1/customers/{id}/loyalty, the 360 view's balance and the page."""

from typing import Any

import pytest
from django.test import Client

from cxloop.accounts.models import User, Workspace
from cxloop.customers.models import Customer
from cxloop.loyalty.models import Entry
from tests.conftest import bearer
from tests.loyalty.factories import customer_of, paid_order, programme


def get(client: Client, token: str, url: str) -> Any:
    return client.get(url, **bearer(token))


def post(client: Client, token: str, url: str, body: Any) -> Any:
    return client.post(url, body, content_type="application/json", **bearer(token))


@pytest.fixture
def mari(workspace_a: Workspace) -> Customer:
    """Shop A's customer with one paid order: 159 points."""
    programme(workspace_a)
    return customer_of(paid_order(workspace_a))


def test_the_ledger_shows_balance_entries_and_points_about_to_expire(
    client: Client, key_a: str, mari: Customer
) -> None:
    answer = get(client, key_a, f"/api/v1/customers/{mari.pk}/loyalty")
    assert answer.status_code == 200
    body = answer.json()
    assert body["balance"] == 159
    assert [e["points"] for e in body["entries"]] == [50, 109]
    assert body["expiring"] == [{"points": 159, "expires_at": "2027-11-02T12:00:00Z"}]


def test_redeeming_through_the_api_spends_once_per_redemption_id(
    client: Client, key_a: str, mari: Customer
) -> None:
    url = f"/api/v1/customers/{mari.pk}/loyalty/redeem"
    body = {"points": 100, "redemption_id": "shop-order-77"}
    first = post(client, key_a, url, body)
    again = post(client, key_a, url, body)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["points"] == -100
    ledger = get(client, key_a, f"/api/v1/customers/{mari.pk}/loyalty").json()
    assert ledger["balance"] == 59


def test_redeeming_more_than_the_balance_is_a_422_naming_points(
    client: Client, key_a: str, mari: Customer
) -> None:
    url = f"/api/v1/customers/{mari.pk}/loyalty/redeem"
    answer = post(client, key_a, url, {"points": 1000, "redemption_id": "r"})
    assert answer.status_code == 422
    assert [error["field"] for error in answer.json()["errors"]] == ["points"]
    assert not Entry.objects.filter(kind="redeem").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"points": 0, "redemption_id": "r"}, "points"),
        ({"points": "ten", "redemption_id": "r"}, "points"),
        ({"points": 5, "redemption_id": ""}, "redemption_id"),
        ({"points": 5}, "redemption_id"),
    ],
)
def test_bad_redemptions_are_refused_naming_the_field(
    client: Client, key_a: str, mari: Customer, body: dict[str, Any], field: str
) -> None:
    url = f"/api/v1/customers/{mari.pk}/loyalty/redeem"
    answer = post(client, key_a, url, body)
    assert answer.status_code == 422
    assert field in [error["field"] for error in answer.json()["errors"]]


def test_an_adjustment_adds_points_with_its_reason_and_actor(
    client: Client, key_a: str, mari: Customer
) -> None:
    url = f"/api/v1/customers/{mari.pk}/loyalty/adjust"
    body = {"points": 25, "adjustment_id": "goodwill-1", "reason": "Late parcel"}
    answer = post(client, key_a, url, body)
    assert answer.status_code == 201
    assert answer.json()["reason"] == "Late parcel"
    assert answer.json()["actor"].startswith("API key")
    no_reason = post(client, key_a, url, {"points": 5, "adjustment_id": "x"})
    assert no_reason.status_code == 422
    assert [e["field"] for e in no_reason.json()["errors"]] == ["reason"]
    ledger = get(client, key_a, f"/api/v1/customers/{mari.pk}/loyalty").json()
    assert ledger["balance"] == 184


def test_the_customer_360_shows_the_points_balance(
    client: Client, key_a: str, mari: Customer
) -> None:
    answer = get(client, key_a, "/api/v1/customers/lookup?email=mari@example.ee")
    assert answer.status_code == 200
    assert answer.json()["loyalty"]["balance"] == 159
    assert answer.json()["loyalty"]["programme"] is True


def test_the_customer_page_shows_the_points_balance(
    login: Any, ada: User, mari: Customer
) -> None:
    page = login(ada).get(f"/app/customers/{mari.pk}/")
    assert page.status_code == 200
    assert 'id="loyalty-balance">159<' in page.content.decode()


def test_cleo_cannot_read_or_spend_shop_a_points(
    client: Client, key_b: str, mari: Customer
) -> None:
    base = f"/api/v1/customers/{mari.pk}/loyalty"
    assert get(client, key_b, base).status_code == 404
    spend = post(client, key_b, f"{base}/redeem", {"points": 1, "redemption_id": "r"})
    adjust = post(
        client,
        key_b,
        f"{base}/adjust",
        {"points": 1, "adjustment_id": "a", "reason": "x"},
    )
    assert spend.status_code == adjust.status_code == 404
    assert not Entry.objects.filter(kind__in=["redeem", "adjust"]).exists()

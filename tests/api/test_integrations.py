"""/api/v1/integrations: connecting shops, and what their deliveries did."""

from pathlib import Path
from typing import Any

from django.test import Client

from cxloop.integrations.models import ShopConnection, WebhookDelivery
from tests.conftest import bearer
from tests.factories import public_key
from tests.integrations import payloads
from tests.integrations.conftest import (  # noqa: F401  (fixtures)
    SECRETS,
    Post,
    Recorder,
    applied,
    connections_a,
    post,
)

URL = "/api/v1/integrations"
SHOPIFY_SECRET = "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"


def create(client: Client, token: str, body: dict[str, Any]) -> Any:
    return client.post(URL, body, content_type="application/json", **bearer(token))


def test_connecting_shopify_answers_with_the_webhook_url_and_no_secret(
    client: Client, key_a: str
) -> None:
    response = create(
        client,
        key_a,
        {"platform": "shopify", "secret": SHOPIFY_SECRET, "shop": "a.myshopify.com"},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (
        body["webhook_url"] == "http://testserver/integrations/shopify/shop-a/webhook"
    )
    assert (body["platform"], body["shop"], body["active"]) == (
        "shopify",
        "a.myshopify.com",
        True,
    )
    assert body["secret"] is None
    assert body["secret_prefix"] == "shps…"
    assert SHOPIFY_SECRET not in response.content.decode()


def test_woocommerce_gets_a_secret_shown_once_and_never_listed(
    client: Client, key_a: str
) -> None:
    created = create(client, key_a, {"platform": "woocommerce"}).json()
    secret = created["secret"]
    assert len(secret) >= 40
    assert created["webhook_url"].endswith("/integrations/woocommerce/shop-a/webhook")
    listed = client.get(URL, **bearer(key_a))
    assert listed.status_code == 200
    assert [item["platform"] for item in listed.json()["items"]] == ["woocommerce"]
    assert secret not in listed.content.decode()
    assert listed.json()["items"][0]["secret_prefix"] == f"{secret[:4]}…"


def test_magento_url_is_the_orders_endpoint(client: Client, key_a: str) -> None:
    created = create(client, key_a, {"platform": "magento"}).json()
    assert created["webhook_url"].endswith("/integrations/magento/shop-a/orders")


def test_shopify_without_its_secret_is_refused_naming_the_field(
    client: Client, key_a: str
) -> None:
    response = create(client, key_a, {"platform": "shopify"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "secret"
    assert not ShopConnection.objects.exists()


def test_an_unknown_platform_is_refused(client: Client, key_a: str) -> None:
    response = create(client, key_a, {"platform": "prestashop", "secret": "x" * 20})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "platform"


def test_a_public_key_cannot_connect_shops(client: Client, workspace_a: Any) -> None:
    response = create(client, public_key(workspace_a), {"platform": "magento"})
    assert response.status_code == 403
    assert not ShopConnection.objects.exists()


def test_cleo_sees_none_of_workspace_a_connections_or_deliveries(
    client: Client,
    key_a: str,
    key_b: str,
    cleo: Any,
) -> None:
    connection = create(client, key_a, {"platform": "magento"}).json()
    listed = client.get(URL, **bearer(key_b)).json()
    assert listed == {"items": [], "next_cursor": None}
    deliveries = client.get(f"{URL}/{connection['id']}/deliveries", **bearer(key_b))
    assert deliveries.status_code == 404
    patched = client.patch(
        f"{URL}/{connection['id']}",
        {"active": False},
        content_type="application/json",
        **bearer(key_b),
    )
    assert patched.status_code == 404
    assert ShopConnection.objects.get().active is True


def _deliver_customers(shared_data: Path, post: Post, count: int) -> None:  # noqa: F811
    body = payloads.shopify(shared_data, "customer.json", "customer")
    for number in range(count):
        headers = payloads.shopify_headers(
            body, SECRETS["shopify"], "customers/update", f"wh-{number}"
        )
        response = post("/integrations/shopify/shop-a/webhook", body, headers)
        assert response.status_code == 200


def test_deliveries_are_listed_newest_first_with_cursor_paging(
    client: Client,
    key_a: str,
    shared_data: Path,
    post: Post,  # noqa: F811
    applied: Recorder,  # noqa: F811
    connections_a: dict[str, ShopConnection],  # noqa: F811
) -> None:
    _deliver_customers(shared_data, post, 3)
    path = f"{URL}/{connections_a['shopify'].pk}/deliveries"
    first = client.get(path, {"limit": 2}, **bearer(key_a)).json()
    assert [item["delivery_id"] for item in first["items"]] == ["wh-2", "wh-1"]
    assert first["items"][0]["status"] == "applied"
    assert first["items"][0]["topic"] == "customers/update"
    second = client.get(
        path, {"limit": 2, "cursor": first["next_cursor"]}, **bearer(key_a)
    ).json()
    assert [item["delivery_id"] for item in second["items"]] == ["wh-0"]
    assert second["next_cursor"] is None


def test_a_failed_delivery_can_be_redelivered_once(
    client: Client,
    key_a: str,
    shared_data: Path,
    post: Post,  # noqa: F811
    applied: Recorder,  # noqa: F811
    connections_a: dict[str, ShopConnection],  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    applied.fail_with = RuntimeError("customers is down")
    _deliver_customers(shared_data, post, 1)
    applied.fail_with = None
    base = f"{URL}/{connections_a['shopify'].pk}/deliveries"
    failed = client.get(base, {"status": "failed"}, **bearer(key_a)).json()["items"]
    assert [item["error"] for item in failed] == ["RuntimeError: customers is down"]
    redeliver = f"{base}/{failed[0]['id']}/redeliver"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(redeliver, **bearer(key_a))
    assert response.status_code == 202
    assert WebhookDelivery.objects.get().status == "applied"
    assert len(applied.calls) == 1
    again = client.post(redeliver, **bearer(key_a))
    assert again.status_code == 409


def test_a_paused_connection_stops_applying_until_it_is_resumed(
    client: Client,
    key_a: str,
    shared_data: Path,
    post: Post,  # noqa: F811
    connections_a: dict[str, ShopConnection],  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    # It was a 404, which Shopify counts towards deleting the subscription:
    # now the delivery is kept as paused and applied once resumed.
    connection = connections_a["shopify"]
    response = client.patch(
        f"{URL}/{connection.pk}",
        {"active": False},
        content_type="application/json",
        **bearer(key_a),
    )
    assert (response.status_code, response.json()["active"]) == (200, False)
    body = payloads.shopify(shared_data, "customer.json", "customer")
    headers = payloads.shopify_headers(
        body, SECRETS["shopify"], "customers/create", "p-1"
    )
    answer = post("/integrations/shopify/shop-a/webhook", body, headers)
    assert (answer.status_code, answer.json()["status"]) == (200, "paused")
    listed = client.get(
        f"{URL}/{connection.pk}/deliveries?status=paused", **bearer(key_a)
    )
    assert [d["status"] for d in listed.json()["items"]] == ["paused"]

    with django_capture_on_commit_callbacks(execute=True):
        resumed = client.patch(
            f"{URL}/{connection.pk}",
            {"active": True},
            content_type="application/json",
            **bearer(key_a),
        )
    assert resumed.json()["active"] is True
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "applied"


def test_woocommerce_takes_a_rest_key_for_the_sync_and_shows_only_its_start(
    client: Client, key_a: str, key_b: str
) -> None:
    rest_secret = "cs_fedcba9876543210fedcba9876543210fedcba98"
    response = create(
        client,
        key_a,
        {
            "platform": "woocommerce",
            "rest_url": "https://shop.example.com",
            "rest_key": "ck_0123456789abcdef0123456789abcdef01234567",
            "rest_secret": rest_secret,
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["rest_key_prefix"] == "ck_0123…"
    listed = client.get(URL, **bearer(key_a))
    assert listed.json()["items"][0]["rest_key_prefix"] == "ck_0123…"
    for answer in (response, listed):
        assert rest_secret not in answer.content.decode()
        assert "ck_0123456789abcdef" not in answer.content.decode()
    # Workspace B sees none of workspace A's connections.
    assert client.get(URL, **bearer(key_b)).json()["items"] == []


def test_a_rest_key_over_plain_http_is_refused_naming_the_field(
    client: Client, key_a: str
) -> None:
    response = create(
        client,
        key_a,
        {
            "platform": "woocommerce",
            "rest_url": "http://shop.example.com",
            "rest_key": "ck_0123456789abcdef0123456789abcdef01234567",
            "rest_secret": "cs_fedcba9876543210fedcba9876543210fedcba98",
        },
    )
    assert response.status_code == 422, response.json()
    assert response.json()["errors"][0]["field"] == "rest_url"
    assert not ShopConnection.objects.exists()

"""Shopify as it really delivers: consent topics, privacy webhooks, test
notifications, stale retries, its headers, fulfillment events.

Bodies are Shopify's own REST samples from shared data (order.json,
customer.json, fulfillment.json, bare resources as webhooks send them) and,
for topics without a sample there, the shapes of Shopify's webhook
reference (consent updates, compliance webhooks, fulfillment events).
"""

import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from cxloop.accounts.models import User, Workspace
from cxloop.customers import selectors as customer_selectors
from cxloop.customers.models import Customer, Order
from cxloop.errors import NotFound
from cxloop.integrations.models import ShopConnection, ShopObject, WebhookDelivery
from cxloop.integrations.services import privacy
from cxloop.journeys.models import Event
from tests.conftest import bearer
from tests.integrations import payloads
from tests.integrations.conftest import SECRETS, SECRETS_B, Post

PATH = "/integrations/shopify/shop-a/webhook"
DOMAIN = "shop-a.myshopify.com"
EMAIL = "bob.norman@hostmail.com"
ORDER_ID = "450789469"
CUSTOMER_ID = "207119551"
Status = WebhookDelivery.Status


def _order(shared_data: Path, **changes: Any) -> dict[str, Any]:
    order: dict[str, Any] = payloads.resource(shared_data, "shopify", "order.json")[
        "order"
    ]
    order.update(changes)
    return order


def _send(
    post: Post,
    topic: str,
    payload: dict[str, Any],
    webhook_id: str,
    **extra: str,
) -> Any:
    body = json.dumps(payload).encode()
    headers = payloads.shopify_headers(body, SECRETS["shopify"], topic, webhook_id)
    headers.update({f"HTTP_{name}": value for name, value in extra.items()})
    return post(PATH, body, headers)


@pytest.fixture
def send(post: Post, connections_a: dict[str, ShopConnection]) -> Callable[..., Any]:
    def _sender(
        topic: str, payload: dict[str, Any], webhook_id: str, **extra: str
    ) -> Any:
        return _send(post, topic, payload, webhook_id, **extra)

    return _sender


def _bob(workspace: Workspace) -> Customer:
    return customer_selectors.customer_lookup(workspace=workspace, email=EMAIL)


# ------------------------------------------------------------------ consent


@pytest.mark.parametrize(
    "topic",
    [
        "customers_email_marketing_consent/update",  # X-Shopify-Topic
        "customers/email_marketing_consent_update",  # the changelog's spelling
    ],
)
def test_email_consent_comes_from_its_own_topic_since_2025_01(
    topic: str, shared_data: Path, send: Callable[..., Any], workspace_a: Workspace
) -> None:
    # The sample order says buyer_accepts_marketing: false.
    send("orders/create", _order(shared_data), "wh-order")
    assert _bob(workspace_a).consent_marketing is False

    response = send(
        topic,
        {
            "customer_id": int(CUSTOMER_ID),
            "email_address": EMAIL,
            "email_marketing_consent": {
                "state": "subscribed",
                "opt_in_level": "single_opt_in",
                "consent_updated_at": "2026-11-30T10:00:00-05:00",
                "consent_collected_from": "SHOPIFY",
            },
        },
        "wh-consent",
    )

    assert response.status_code == 200
    assert WebhookDelivery.objects.get(delivery_id="wh-consent").status == (
        Status.APPLIED
    )
    assert _bob(workspace_a).consent_marketing is True


def test_an_older_consent_change_retried_late_does_not_undo_a_newer_one(
    shared_data: Path, send: Callable[..., Any], workspace_a: Workspace
) -> None:
    send("orders/create", _order(shared_data), "wh-order")

    def consent(state: str, at: str) -> dict[str, Any]:
        return {
            "customer_id": int(CUSTOMER_ID),
            "email_address": EMAIL,
            "email_marketing_consent": {"state": state, "consent_updated_at": at},
        }

    topic = "customers_email_marketing_consent/update"
    send(topic, consent("unsubscribed", "2026-12-01T10:00:00Z"), "wh-new")
    send(topic, consent("subscribed", "2026-11-01T10:00:00Z"), "wh-old")

    assert _bob(workspace_a).consent_marketing is False
    stale = WebhookDelivery.objects.get(delivery_id="wh-old")
    assert stale.status == Status.IGNORED
    assert "older than the state already applied" in stale.note


def test_sms_consent_is_kept_with_the_profile(
    shared_data: Path, send: Callable[..., Any], workspace_a: Workspace
) -> None:
    send("orders/create", _order(shared_data), "wh-order")

    send(
        "customers_marketing_consent/update",
        {
            "customer_id": int(CUSTOMER_ID),
            "phone_number": None,
            "sms_marketing_consent": {
                "state": "subscribed",
                "opt_in_level": "single_opt_in",
                "consent_updated_at": "2026-11-30T10:00:00Z",
                "consent_collected_from": "SHOPIFY",
            },
        },
        "wh-sms",
    )

    assert _bob(workspace_a).attributes["shopify_sms_marketing_consent"] == (
        "subscribed"
    )


# ------------------------------------------------------------------ privacy


def _redact_body(shared_data: Path) -> dict[str, Any]:
    return {
        "shop_id": 954889,
        "shop_domain": DOMAIN,
        "customer": {
            "id": int(CUSTOMER_ID),
            "email": EMAIL,
            "phone": "555-625-1199",
        },
        "orders_to_redact": [int(ORDER_ID)],
    }


def test_customers_redact_erases_the_person_and_every_body_that_names_them(
    shared_data: Path,
    send: Callable[..., Any],
    post: Post,
    workspace_a: Workspace,
    workspace_b: Workspace,
    connections_b: dict[str, ShopConnection],
) -> None:
    send("orders/create", _order(shared_data), "wh-order")
    customer = _bob(workspace_a)
    # The same buyer of workspace B's own shop is no business of shop A's.
    body_b = json.dumps(_order(shared_data)).encode()
    post(
        "/integrations/shopify/shop-b/webhook",
        body_b,
        payloads.shopify_headers(
            body_b, SECRETS_B["shopify"], "orders/create", "wh-order"
        ),
    )

    response = send("customers/redact", _redact_body(shared_data), "wh-redact")

    assert response.status_code == 200
    customer.refresh_from_db()
    assert customer.erased_at is not None
    with pytest.raises(NotFound):
        _bob(workspace_a)
    for delivery in WebhookDelivery.objects.filter(workspace=workspace_a):
        assert EMAIL not in delivery.body.casefold(), delivery.topic
        assert "Norman" not in delivery.body, delivery.topic
    redact = WebhookDelivery.objects.get(delivery_id="wh-redact")
    assert redact.status == Status.APPLIED
    assert "1 profile(s) erased" in redact.note
    # The order's totals stay, without the person.
    assert Order.objects.get(workspace=workspace_a).total == Decimal("409.94")
    assert _bob(workspace_b).erased_at is None
    assert EMAIL in WebhookDelivery.objects.get(workspace=workspace_b).body.casefold()


def test_customers_redact_for_someone_unknown_still_empties_its_own_body(
    send: Callable[..., Any],
) -> None:
    body = {
        "shop_id": 954889,
        "shop_domain": DOMAIN,
        "customer": {"id": 1, "email": "nobody@example.com", "phone": None},
        "orders_to_redact": [],
    }

    send("customers/redact", body, "wh-redact")

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.APPLIED
    assert "nobody@example.com" not in delivery.body


def test_a_data_request_tells_the_admins_in_the_workspace_language(
    shared_data: Path,
    send: Callable[..., Any],
    workspace_a: Workspace,
    ada: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    workspace_a.name = "Shop <A>"
    workspace_a.default_locale = "et"
    workspace_a.save()
    send("orders/create", _order(shared_data), "wh-order")
    customer = _bob(workspace_a)
    body = {
        "shop_id": 954889,
        "shop_domain": DOMAIN,
        "orders_requested": [int(ORDER_ID)],
        "customer": {"id": int(CUSTOMER_ID), "email": EMAIL, "phone": None},
        "data_request": {"id": 9999},
    }

    send("customers/data_request", body, "wh-request")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@shop-a.example"]
    assert message.subject == "Shop <A>: klient soovib oma andmeid"
    assert f"/app/customers/{customer.pk}/export.json" in message.body
    html = str(message.alternatives[0][0])
    assert DOMAIN in html
    delivery = WebhookDelivery.objects.get(delivery_id="wh-request")
    assert delivery.status == Status.APPLIED
    assert EMAIL not in delivery.body
    # Nothing of the person is erased by asking.
    customer.refresh_from_db()
    assert customer.erased_at is None


def test_shop_redact_forgets_what_came_from_that_shop_only(
    shared_data: Path,
    send: Callable[..., Any],
    post: Post,
    workspace_a: Workspace,
    connections_a: dict[str, ShopConnection],
) -> None:
    send("orders/create", _order(shared_data), "wh-order")
    bob = _bob(workspace_a)
    # An order from the workspace's other shop stays, and so does its buyer.
    woo = payloads.woocommerce(shared_data, "order_created.json")
    post(
        "/integrations/woocommerce/shop-a/webhook",
        woo,
        payloads.woocommerce_headers(
            woo, SECRETS["woocommerce"], "order.created", "woo-1"
        ),
    )
    woo_orders = Order.objects.filter(workspace=workspace_a, source="woocommerce")
    assert woo_orders.count() == 1

    send("shop/redact", {"shop_id": 954889, "shop_domain": DOMAIN}, "wh-shop")

    assert not Order.objects.filter(workspace=workspace_a, source="shopify").exists()
    assert woo_orders.count() == 1
    bob.refresh_from_db()
    assert bob.erased_at is not None
    assert all(
        d.body == "{}" for d in WebhookDelivery.objects.filter(platform="shopify")
    )
    assert WebhookDelivery.objects.filter(platform="woocommerce").exclude(body="{}")
    connections_a["shopify"].refresh_from_db()
    assert connections_a["shopify"].active is False


def test_a_privacy_request_about_another_shop_erases_nothing_here(
    shared_data: Path,
    send: Callable[..., Any],
    workspace_a: Workspace,
) -> None:
    # One app secret signs every shop's deliveries: the body names the shop.
    send("orders/create", _order(shared_data), "wh-order")
    other = {"shop_id": 1, "shop_domain": "dev-store.myshopify.com"}

    shop = send("shop/redact", other, "wh-shop")
    person = send(
        "customers/redact",
        {**_redact_body(shared_data), **other},
        "wh-redact",
    )

    assert shop.status_code == 200
    assert person.status_code == 200
    assert Order.objects.filter(workspace=workspace_a, source="shopify").count() == 1
    assert _bob(workspace_a).erased_at is None
    for webhook_id in ("wh-shop", "wh-redact"):
        delivery = WebhookDelivery.objects.get(delivery_id=webhook_id)
        assert delivery.status == Status.IGNORED
        assert "dev-store.myshopify.com" in delivery.note
        assert DOMAIN in delivery.note
    assert EMAIL in WebhookDelivery.objects.get(delivery_id="wh-order").body.casefold()


def test_a_connection_without_its_myshopify_domain_applies_no_privacy_request(
    shared_data: Path,
    post: Post,
    workspace_b: Workspace,
    connections_b: dict[str, ShopConnection],
) -> None:
    path = "/integrations/shopify/shop-b/webhook"

    def deliver(topic: str, data: dict[str, Any], webhook_id: str, shop: str) -> Any:
        body = json.dumps(data).encode()
        headers = payloads.shopify_headers(
            body, SECRETS_B["shopify"], topic, webhook_id
        )
        headers["HTTP_X_SHOPIFY_SHOP_DOMAIN"] = shop
        return post(path, body, headers)

    deliver("orders/create", _order(shared_data), "o1", "real-shop.myshopify.com")
    redact = {"shop_id": 1, "shop_domain": "dev-store.myshopify.com"}

    answer = deliver("shop/redact", redact, "r1", "dev-store.myshopify.com")

    assert answer.status_code == 200
    assert Order.objects.filter(workspace=workspace_b).count() == 1
    delivery = WebhookDelivery.objects.get(workspace=workspace_b, delivery_id="r1")
    assert delivery.status == Status.IGNORED
    assert "myshopify.com domain" in delivery.note
    connections_b["shopify"].refresh_from_db()
    assert connections_b["shopify"].active is True


@pytest.fixture
def sqlite_default_bound(db: None) -> Iterator[None]:
    """SQLite's own default bound of variables in one query (a build may
    raise it, as Debian's does); PostgreSQL's is its own."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    before = raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)
    try:
        yield
    finally:
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)


@pytest.mark.usefixtures("sqlite_default_bound")
def test_shop_redact_forgets_a_shop_that_sent_more_ids_than_one_query_binds(
    shared_data: Path,
    send: Callable[..., Any],
    workspace_a: Workspace,
    connections_a: dict[str, ShopConnection],
) -> None:
    send("orders/create", _order(shared_data), "wh-order")
    # Above that: orders long deleted in cxloop whose states the connection
    # still remembers.
    ShopObject.objects.bulk_create(
        ShopObject(
            workspace=workspace_a,
            connection=connections_a["shopify"],
            resource="orders",
            object_id=str(number),
        )
        for number in range(1, 33_001)
    )

    send("shop/redact", {"shop_id": 954889, "shop_domain": DOMAIN}, "wh-shop")

    delivery = WebhookDelivery.objects.get(delivery_id="wh-shop")
    assert delivery.status == Status.APPLIED, delivery.error
    assert not Order.objects.filter(workspace=workspace_a, source="shopify").exists()
    assert not Customer.objects.filter(workspace=workspace_a, erased_at=None).exists()


def test_the_data_request_links_to_the_dashboards_export() -> None:
    assert privacy.CUSTOMER_EXPORT_PATH.format(pk=7) == reverse(
        "web:customer_export", args=[7]
    )


# ---------------------------------------------------------- test deliveries


def test_a_test_notification_counts_nowhere_and_is_recorded_as_a_test(
    shared_data: Path,
    send: Callable[..., Any],
    workspace_a: Workspace,
    login: Callable[[User], Client],
    ada: User,
) -> None:
    response = send("orders/create", _order(shared_data, test=True), "wh-test")

    assert response.status_code == 200
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.TEST
    assert not Order.objects.filter(workspace=workspace_a).exists()
    assert not Customer.objects.filter(workspace=workspace_a).exists()
    assert not Event.objects.filter(workspace=workspace_a).exists()
    page = login(ada).get("/app/settings/shops/").content.decode()
    assert "Test (not applied)" in page


# ----------------------------------------------------- retries and headers


def test_a_stale_retry_does_not_overwrite_a_newer_order(
    shared_data: Path, send: Callable[..., Any], workspace_a: Workspace
) -> None:
    newer = _order(shared_data, updated_at="2026-12-01T12:00:00Z", total_price="100.00")
    older = _order(shared_data, updated_at="2026-12-01T11:00:00Z")

    send("orders/updated", newer, "wh-2")
    send("orders/updated", older, "wh-1")  # the first, retried after a failure

    assert Order.objects.get(workspace=workspace_a).total == Decimal("100.00")
    assert WebhookDelivery.objects.get(delivery_id="wh-1").status == Status.IGNORED


def test_without_updated_at_the_trigger_time_decides(
    shared_data: Path, send: Callable[..., Any], workspace_a: Workspace
) -> None:
    customer: dict[str, Any] = payloads.resource(
        shared_data, "shopify", "customer.json", "customer"
    )
    customer.pop("updated_at", None)
    send(
        "customers/update",
        {**customer, "first_name": "Robert"},
        "wh-2",
        X_SHOPIFY_TRIGGERED_AT="2026-12-01T12:00:00.000Z",
    )
    send(
        "customers/update",
        {**customer, "first_name": "Bob"},
        "wh-1",
        X_SHOPIFY_TRIGGERED_AT="2026-12-01T11:00:00.000Z",
    )

    email = customer["email"]
    found = customer_selectors.customer_lookup(workspace=workspace_a, email=email)
    assert found.first_name == "Robert"


def test_each_delivery_keeps_shopifys_headers(
    shared_data: Path, send: Callable[..., Any]
) -> None:
    send(
        "orders/create",
        _order(shared_data),
        "wh-1",
        X_SHOPIFY_EVENT_ID="98880550-7158-44d4-b7cd-2c97c8a091b5",
        X_SHOPIFY_API_VERSION="2026-01",
        X_SHOPIFY_TRIGGERED_AT="2026-12-01T11:00:00.123Z",
    )

    delivery = WebhookDelivery.objects.get()
    assert delivery.event_id == "98880550-7158-44d4-b7cd-2c97c8a091b5"
    assert delivery.shop_domain == DOMAIN
    assert delivery.api_version == "2026-01"
    assert delivery.triggered_at == datetime(2026, 12, 1, 11, 0, 0, 123000, tzinfo=UTC)


@pytest.mark.parametrize(
    "triggered", ["0001-01-01T00:00:00+15:00", "9999-12-31T23:59:59-15:00", "soon"]
)
def test_an_unsigned_trigger_time_out_of_range_is_dropped_and_the_order_kept(
    shared_data: Path, send: Callable[..., Any], workspace_a: Workspace, triggered: str
) -> None:
    answer = send(
        "orders/create", _order(shared_data), "wh-1", X_SHOPIFY_TRIGGERED_AT=triggered
    )

    assert answer.status_code == 200
    assert answer.json()["status"] == "accepted"
    assert WebhookDelivery.objects.get().triggered_at is None
    assert Order.objects.filter(workspace=workspace_a).count() == 1


def test_overlong_unsigned_headers_are_stored_cut_to_size(
    shared_data: Path, send: Callable[..., Any]
) -> None:
    answer = send(
        "orders/create",
        _order(shared_data),
        "wh-1",
        X_SHOPIFY_EVENT_ID="e" * 1000,
        X_SHOPIFY_API_VERSION="2026-01" * 100,
    )

    assert answer.json()["status"] == "accepted"
    delivery = WebhookDelivery.objects.get()
    assert (len(delivery.event_id), len(delivery.api_version)) == (255, 32)


def test_one_event_delivered_twice_under_two_webhook_ids_is_a_duplicate(
    shared_data: Path, send: Callable[..., Any]
) -> None:
    event = {"X_SHOPIFY_EVENT_ID": "evt-1"}

    first = send("orders/create", _order(shared_data), "wh-1", **event)
    second = send("orders/create", _order(shared_data), "wh-2", **event)

    assert first.json()["status"] == "accepted"
    assert second.json()["status"] == "duplicate"
    assert WebhookDelivery.objects.count() == 1


def test_a_delivery_from_another_shop_is_refused_naming_the_header(
    shared_data: Path, send: Callable[..., Any]
) -> None:
    response = send(
        "orders/create",
        _order(shared_data),
        "wh-1",
        X_SHOPIFY_SHOP_DOMAIN="someone-else.myshopify.com",
    )

    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] == "X-Shopify-Shop-Domain"
    assert "someone-else.myshopify.com" in response.json()["detail"]
    assert not WebhookDelivery.objects.exists()


def test_the_shop_of_workspace_b_cannot_deliver_to_workspace_a(
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    connections_b: dict[str, ShopConnection],
) -> None:
    body = json.dumps(_order(shared_data)).encode()
    headers = payloads.shopify_headers(
        body, SECRETS["shopify"] + "-workspace-b", "orders/create", "wh-1"
    )

    assert post(PATH, body, headers).status_code == 401
    assert not WebhookDelivery.objects.exists()


# ------------------------------------------------------ order stages


def test_a_carriers_delivered_event_marks_the_order_delivered(
    shared_data: Path, send: Callable[..., Any], workspace_a: Workspace
) -> None:
    send("orders/create", _order(shared_data), "wh-order")

    send(
        "fulfillment_events/create",
        {
            "id": 944956395,
            "fulfillment_id": 255858046,
            "order_id": int(ORDER_ID),
            "status": "delivered",
            "happened_at": "2026-12-02T09:30:00-05:00",
            "created_at": "2026-12-02T09:31:00-05:00",
            "shop_id": 690933842,
        },
        "wh-event",
    )

    order = Order.objects.get(workspace=workspace_a)
    assert order.status == Order.Status.DELIVERED
    assert order.delivered_at == datetime(2026, 12, 2, 14, 30, tzinfo=UTC)
    assert Event.objects.filter(workspace=workspace_a, type="order_delivered").count()


def test_a_fulfillment_shipped_as_delivered_marks_the_order_delivered(
    shared_data: Path, send: Callable[..., Any], workspace_a: Workspace
) -> None:
    send("orders/create", _order(shared_data), "wh-order")
    fulfillment = payloads.resource(
        shared_data, "shopify", "fulfillment.json", "fulfillment"
    )

    send("fulfillments/update", fulfillment, "wh-pending")
    assert Order.objects.get().status != Order.Status.DELIVERED
    send(
        "fulfillments/update",
        {
            **fulfillment,
            "status": "success",
            "shipment_status": "delivered",
            "updated_at": "2026-12-03T10:00:00Z",
        },
        "wh-delivered",
    )

    order = Order.objects.get(workspace=workspace_a)
    assert order.status == Order.Status.DELIVERED
    assert order.delivered_at == datetime(2026, 12, 3, 10, tzinfo=UTC)


def test_orders_paid_and_cancelled_are_applied(
    shared_data: Path, send: Callable[..., Any], workspace_a: Workspace
) -> None:
    send(
        "orders/paid",
        _order(shared_data, financial_status="paid"),
        "wh-paid",
    )
    assert Order.objects.get(workspace=workspace_a).status == Order.Status.PAID

    send(
        "orders/cancelled",
        _order(
            shared_data,
            financial_status="voided",
            cancelled_at="2026-12-02T10:00:00Z",
            updated_at="2026-12-02T10:00:00Z",
        ),
        "wh-cancelled",
    )

    order = Order.objects.get(workspace=workspace_a)
    assert order.status == Order.Status.CANCELLED
    assert not WebhookDelivery.objects.exclude(status=Status.APPLIED).exists()


def test_a_customer_deleted_in_shopify_is_erased(
    shared_data: Path, send: Callable[..., Any], workspace_a: Workspace
) -> None:
    send("orders/create", _order(shared_data), "wh-order")
    customer = _bob(workspace_a)

    send(
        "customers/delete",
        {
            "id": int(CUSTOMER_ID),
            "phone": None,
            "addresses": [],
            "tax_exemptions": [],
            "admin_graphql_api_id": f"gid://shopify/Customer/{CUSTOMER_ID}",
        },
        "wh-delete",
    )

    customer.refresh_from_db()
    assert customer.erased_at is not None


def test_the_api_lists_test_deliveries_with_shopifys_headers_to_its_workspace_only(
    shared_data: Path,
    send: Callable[..., Any],
    client: Client,
    connections_a: dict[str, ShopConnection],
    key_a: str,
    key_b: str,
) -> None:
    send(
        "orders/create",
        _order(shared_data, test=True),
        "wh-test",
        X_SHOPIFY_EVENT_ID="evt-1",
        X_SHOPIFY_API_VERSION="2026-01",
    )
    path = f"/api/v1/integrations/{connections_a['shopify'].pk}/deliveries"

    listed = client.get(path, {"status": "test"}, **bearer(key_a)).json()["items"]

    assert [(d["status"], d["event_id"], d["api_version"]) for d in listed] == [
        ("test", "evt-1", "2026-01")
    ]
    assert listed[0]["shop_domain"] == DOMAIN
    assert client.get(path, **bearer(key_b)).status_code == 404

"""WooCommerce as it really delivers: same-second delivery ids, drafts, failed
payments, trash and restore, deleted accounts, and the catch-up sync."""

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cxloop.accounts.models import Workspace
from cxloop.customers import selectors as customer_selectors
from cxloop.customers.models import Customer, Order
from cxloop.errors import DomainError
from cxloop.integrations import services, tasks
from cxloop.integrations.models import ShopConnection, WebhookDelivery
from cxloop.worker import schedule
from tests.integrations import payloads
from tests.integrations.conftest import SECRETS, Post, Recorder
from tests.integrations.test_webhooks import WOO_A
from tests.integrations.woo_rest import KEY, SECRET, FakeShop

Status = WebhookDelivery.Status
# What X-WC-Webhook-Delivery-ID is for every delivery of one webhook within
# one second: wp_hash(webhook_id . strtotime('now')).
SAME_SECOND_ID = "3d5c0f3b1c9e2a7d4b6f8e0a1c3e5f7a"


def _order(shared_data: Path, **changes: Any) -> dict[str, Any]:
    order: dict[str, Any] = json.loads(
        payloads.woocommerce(shared_data, "order_created.json")
    )
    order.update(changes)
    return order


def _deliver(
    post: Post, topic: str, body: bytes, delivery_id: str = SAME_SECOND_ID
) -> Any:
    headers = payloads.woocommerce_headers(
        body, SECRETS["woocommerce"], topic, delivery_id
    )
    response = post(WOO_A, body, headers)
    assert response.status_code == 200, response.json()
    return response


def _orders(workspace: Workspace) -> dict[str, Order]:
    return {o.external_id: o for o in Order.objects.filter(workspace=workspace)}


# ---------------------------------------------------------------- dedupe


def test_two_orders_sent_in_one_second_under_one_delivery_id_are_both_kept(
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    # A bulk "mark completed" in the shop's admin: one webhook, one second.
    first = payloads.woocommerce(shared_data, "order_created.json")
    second = json.dumps(
        _order(shared_data, id=728, number="728", total="12.00")
    ).encode()

    answers = [_deliver(post, "order.created", body) for body in (first, second)]

    assert [a.json()["status"] for a in answers] == ["accepted", "accepted"]
    orders = _orders(workspace_a)
    assert set(orders) == {"727", "728"}
    assert orders["728"].total == Decimal("12.00")


def test_a_true_redelivery_of_the_same_body_is_still_one_delivery(
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    # Resent a few seconds later (a proxy retrying, the shop re-saving):
    # WooCommerce gives it another delivery id, but it is the same change.
    body = payloads.woocommerce(shared_data, "order_created.json")

    _deliver(post, "order.created", body, delivery_id="a1")
    again = _deliver(post, "order.created", body, delivery_id="b2")

    assert again.json()["status"] == "duplicate"
    assert WebhookDelivery.objects.of(workspace_a).count() == 1
    assert len(_orders(workspace_a)) == 1


def test_the_same_order_number_from_two_shops_is_two_deliveries(
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    # A deletion's body is only the id: the shop's address tells them apart.
    body = b'{"id": 727}'
    for source in ("https://shop-a.example/", "https://shop-a2.example/"):
        headers = payloads.woocommerce_headers(
            body, SECRETS["woocommerce"], "order.deleted", SAME_SECOND_ID
        )
        headers["HTTP_X_WC_WEBHOOK_SOURCE"] = source
        assert post(WOO_A, body, headers).json()["status"] == "accepted"
    assert WebhookDelivery.objects.of(workspace_a).count() == 2


# ------------------------------------------------------------- statuses


def test_a_checkout_draft_is_no_order_until_it_is_placed(
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    draft = _order(
        shared_data, status="checkout-draft", date_modified_gmt="2017-03-22T19:20:00"
    )
    _deliver(post, "order.updated", json.dumps(draft).encode(), "d1")

    assert _orders(workspace_a) == {}
    delivery = WebhookDelivery.objects.of(workspace_a).get()
    assert delivery.status == Status.IGNORED
    assert "checkout draft" in delivery.note

    placed = payloads.woocommerce(shared_data, "order_created.json")
    _deliver(post, "order.created", placed, "d2")
    assert _orders(workspace_a)["727"].status == Order.Status.PAID


def test_a_failed_payment_paid_again_later_moves_the_order_on_to_paid(
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    failed = _order(
        shared_data,
        status="failed",
        date_paid_gmt=None,
        date_modified_gmt="2017-03-22T19:20:00",
    )
    _deliver(post, "order.updated", json.dumps(failed).encode(), "f1")
    order = _orders(workspace_a)["727"]
    assert (order.status, order.cancelled_at) == (Order.Status.PLACED, None)

    paid = payloads.woocommerce(shared_data, "order_created.json")  # processing
    _deliver(post, "order.updated", paid, "f2")

    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert order.paid_at is not None


def test_an_older_state_arriving_after_a_newer_one_changes_nothing(
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    newer = _order(shared_data, total="35.00", date_modified_gmt="2017-03-22T19:40:00")
    older = _order(shared_data, total="29.35", date_modified_gmt="2017-03-22T19:28:08")

    _deliver(post, "order.updated", json.dumps(newer).encode(), "n")
    _deliver(post, "order.updated", json.dumps(older).encode(), "o")

    assert _orders(workspace_a)["727"].total == Decimal("35.00")
    late = WebhookDelivery.objects.of(workspace_a).get(delivery_id__contains="19:28:08")
    assert late.status == Status.IGNORED
    assert "older than the state already applied" in late.note


# ------------------------------------------------- trash, restore, deletion


def test_a_trashed_order_leaves_the_history_and_a_restored_one_comes_back(
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    _deliver(
        post,
        "order.created",
        payloads.woocommerce(shared_data, "order_created.json"),
        "t1",
    )
    customer = customer_selectors.customer_lookup(
        workspace=workspace_a, email="john.doe@example.com"
    )

    _deliver(post, "order.deleted", b'{"id": 727}', "t2")
    assert _orders(workspace_a) == {}
    assert customer_selectors.order_summary(customer=customer)["count"] == 0

    restored = _order(shared_data, date_modified_gmt="2026-12-04T10:00:00")
    _deliver(post, "order.restored", json.dumps(restored).encode(), "t3")
    assert _orders(workspace_a)["727"].customer_id == customer.pk


def test_a_late_update_of_a_trashed_order_does_not_bring_it_back(
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    _deliver(post, "order.deleted", b'{"id": 727}', "l1")
    _deliver(
        post,
        "order.updated",
        payloads.woocommerce(shared_data, "order_updated.json"),
        "l2",
    )
    assert _orders(workspace_a) == {}


def test_a_customer_deleted_in_the_shop_is_erased(
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    _deliver(
        post,
        "customer.created",
        payloads.woocommerce(shared_data, "customer_created.json"),
        "c1",
    )
    customer = customer_selectors.customer_lookup(
        workspace=workspace_a, external_id="woocommerce:25"
    )

    _deliver(post, "customer.deleted", b'{"id": 25}', "c2")

    customer = Customer.objects.get(pk=customer.pk)
    assert customer.erased_at is not None
    assert (customer.first_name, customer.last_name) == ("", "")
    assert not customer.identities.exists()
    assert (
        customer_selectors.customer_find(
            workspace=workspace_a, kind="email", raw="john.doe@example.com"
        )
        is None
    )
    assert WebhookDelivery.objects.of(workspace_a).get(
        topic="customer.deleted"
    ).status == (Status.APPLIED)
    # The shop's own copy of the person, as it was delivered, goes too.
    created = WebhookDelivery.objects.of(workspace_a).get(topic="customer.created")
    assert "john.doe@example.com" not in created.body.casefold()


# ------------------------------------------------------------ the sync


def _shop_orders(shared_data: Path, count: int, day: str = "2026-12-01") -> list[Any]:
    return [
        _order(
            shared_data,
            id=1000 + n,
            number=str(1000 + n),
            date_modified_gmt=f"{day}T{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}",
            date_modified=f"{day}T{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}",
        )
        for n in range(count)
    ]


@pytest.fixture
def syncing(
    connections_a: dict[str, ShopConnection], fake_shop: FakeShop
) -> ShopConnection:
    return services.connection_set_rest_access(
        connection=connections_a["woocommerce"],
        url=fake_shop.url,
        key=KEY,
        secret=SECRET,
    )


Capture = Callable[..., Any]


def test_the_sync_reads_every_page_and_stores_each_changed_order(
    shared_data: Path,
    syncing: ShopConnection,
    fake_shop: FakeShop,
    workspace_a: Workspace,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    fake_shop.orders = _shop_orders(shared_data, 205)
    since = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)

    with django_capture_on_commit_callbacks(execute=True):
        result = services.woocommerce_sync(connection=syncing, since=since)

    # Each next request starts after the newest change read (less a second,
    # for the orders saved in that same second): two orders are read twice.
    assert (result.read, result.stored, result.known) == (207, 205, 2)
    assert [(r["modified_after"], r["page"]) for r in fake_shop.requests] == [
        ("2026-11-30T12:00:00", "1"),
        ("2026-12-01T00:01:38", "1"),
        ("2026-12-01T00:03:17", "1"),
    ]
    assert fake_shop.requests[0] == {
        "path": "/wp-json/wc/v3/orders",
        "modified_after": "2026-11-30T12:00:00",
        "dates_are_gmt": "true",
        "orderby": "modified",
        "order": "asc",
        "per_page": "100",
        "page": "1",
    }
    assert len(_orders(workspace_a)) == 205
    syncing.refresh_from_db()
    assert syncing.sync_cursor is not None
    assert syncing.sync_cursor.isoformat() == "2026-12-01T00:03:24+00:00"


def test_more_than_a_page_of_orders_changed_in_one_second_are_paged_through(
    shared_data: Path,
    syncing: ShopConnection,
    fake_shop: FakeShop,
    applied: Recorder,
) -> None:
    # A bulk status change: 150 orders with one date_modified.
    fake_shop.orders = [
        {**order, "date_modified_gmt": "2026-12-01T08:00:00"}
        for order in _shop_orders(shared_data, 150)
    ]

    result = services.woocommerce_sync(
        connection=syncing, since=datetime(2026, 12, 1, tzinfo=UTC)
    )

    assert [(r["modified_after"], r["page"]) for r in fake_shop.requests] == [
        ("2026-12-01T00:00:00", "1"),
        ("2026-12-01T07:59:59", "1"),
        ("2026-12-01T07:59:59", "2"),
    ]
    assert result.stored == 150
    assert result.complete


def test_an_order_changing_while_the_list_is_read_makes_the_sync_skip_none(
    shared_data: Path,
    syncing: ShopConnection,
    fake_shop: FakeShop,
    applied: Recorder,
) -> None:
    fake_shop.orders = _shop_orders(shared_data, 205)

    def change_one_already_read(shop: FakeShop) -> None:
        if len(shop.requests) == 1:  # an order of page 1 moves to the end
            shop.orders[5] = {
                **shop.orders[5],
                "date_modified_gmt": "2026-12-01T23:00:00",
            }

    fake_shop.after_answer = change_one_already_read

    result = services.woocommerce_sync(
        connection=syncing, since=datetime(2026, 11, 30, tzinfo=UTC)
    )

    stored = WebhookDelivery.objects.filter(connection=syncing)
    assert set(stored.values_list("object_id", flat=True)) == {
        str(1000 + n) for n in range(205)
    }
    assert result.stored == 206  # and order 1005's new state as well
    syncing.refresh_from_db()
    assert syncing.sync_cursor == datetime(2026, 12, 1, 23, 0, tzinfo=UTC)


def test_the_next_sync_starts_where_the_last_one_got_and_skips_what_it_has(
    shared_data: Path,
    syncing: ShopConnection,
    fake_shop: FakeShop,
    workspace_a: Workspace,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    fake_shop.orders = _shop_orders(shared_data, 3, day="2026-12-03")
    since = datetime(2026, 12, 2, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        services.woocommerce_sync(connection=syncing, since=since)
    later = _order(
        shared_data, id=2000, number="2000", date_modified_gmt="2026-12-03T00:04:00"
    )
    fake_shop.orders.append(later)

    with django_capture_on_commit_callbacks(execute=True):
        result = services.woocommerce_sync(connection=syncing)

    # Re-read a few minutes before the cursor, so nothing saved in the
    # cursor's second is missed; those come back as known.
    assert fake_shop.requests[-1]["modified_after"] == "2026-12-02T23:55:02"
    assert (result.read, result.stored, result.known) == (4, 1, 3)
    assert "2000" in _orders(workspace_a)


def test_an_order_seen_by_webhook_and_sync_is_one_order_and_the_newer_state_wins(
    shared_data: Path,
    post: Post,
    syncing: ShopConnection,
    fake_shop: FakeShop,
    workspace_a: Workspace,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    # The webhook for "completed" was lost; the sync brings it.
    _deliver(
        post,
        "order.created",
        payloads.woocommerce(shared_data, "order_created.json"),
        "w1",
    )
    fake_shop.orders = [
        json.loads(payloads.woocommerce(shared_data, "order_updated.json"))
    ]
    since = datetime(2017, 3, 22, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        services.woocommerce_sync(connection=syncing, since=since)
    # ...and the webhook of the older state arrives late, once more.
    older = _order(shared_data, total="1.00")
    _deliver(post, "order.updated", json.dumps(older).encode(), "w2")

    [order] = _orders(workspace_a).values()
    assert order.status == Order.Status.FULFILLED
    assert order.total == Decimal("29.35")


def test_a_refused_rest_key_is_reported_without_the_secret_and_moves_nothing(
    syncing: ShopConnection, fake_shop: FakeShop
) -> None:
    syncing = services.connection_set_rest_access(
        connection=syncing, url=fake_shop.url, key=KEY, secret="cs_wrong_secret_000"
    )

    with pytest.raises(DomainError) as refused:
        services.woocommerce_sync(connection=syncing)

    assert "refused the REST API key (401 woocommerce_rest_cannot_view)" in str(
        refused.value.message
    )
    syncing.refresh_from_db()
    assert syncing.sync_cursor is None
    assert "401" in syncing.sync_error
    assert "cs_wrong" not in syncing.sync_error
    assert KEY not in syncing.sync_error


def test_a_rest_key_over_plain_http_to_another_machine_is_refused(
    connections_a: dict[str, ShopConnection],
) -> None:
    with pytest.raises(DomainError) as refused:
        services.connection_set_rest_access(
            connection=connections_a["woocommerce"],
            url="http://shop.example.com",
            key=KEY,
            secret=SECRET,
        )
    assert refused.value.field == "rest_url"


def test_a_rest_key_is_shown_only_by_its_first_characters(
    syncing: ShopConnection,
) -> None:
    assert syncing.rest_key_prefix == "ck_0123…"


def test_the_worker_syncs_woocommerce_shops_on_a_schedule(
    shared_data: Path,
    syncing: ShopConnection,
    fake_shop: FakeShop,
    workspace_a: Workspace,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    jobs = {job.name: job for job in schedule.registered()}
    assert jobs["integrations.sync_woocommerce"].task is tasks.woocommerce_sync_all
    fake_shop.orders = [_order(shared_data, date_modified_gmt="2099-01-01T00:00:00")]

    with django_capture_on_commit_callbacks(execute=True):
        stored = tasks.woocommerce_sync_all.call()

    assert stored == 1
    assert "727" in _orders(workspace_a)


def test_the_sync_of_workspace_b_never_reads_workspace_a_shops(
    syncing: ShopConnection, workspace_b: Workspace, fake_shop: FakeShop
) -> None:
    with pytest.raises(DomainError):
        services.woocommerce_sync_workspace(workspace=workspace_b)
    assert fake_shop.requests == []


def test_a_shop_that_cannot_be_read_does_not_stop_the_others_sync(
    shared_data: Path,
    syncing: ShopConnection,
    fake_shop: FakeShop,
    workspace_a: Workspace,
    applied: Recorder,
) -> None:
    refused = services.connection_create(
        workspace=workspace_a,
        platform="woocommerce",
        rest_url=fake_shop.url,
        rest_key=KEY,
        rest_secret="cs_not_the_secret_0000",
    ).connection
    fake_shop.orders = [_order(shared_data, date_modified_gmt="2099-01-01T00:00:00")]

    results = services.woocommerce_sync_workspace(workspace=workspace_a)

    failed = [r for r in results if isinstance(r, services.SyncFailed)]
    synced = [r for r in results if isinstance(r, services.SyncResult)]
    assert [f.connection_id for f in failed] == [refused.pk]
    assert [(s.connection.pk, s.stored) for s in synced] == [(syncing.pk, 1)]


def test_a_since_with_a_utc_offset_asks_the_shop_for_that_moment_in_gmt(
    syncing: ShopConnection, fake_shop: FakeShop
) -> None:
    tallinn = timezone(timedelta(hours=2))

    services.woocommerce_sync(
        connection=syncing, since=datetime(2026, 11, 30, 14, 0, tzinfo=tallinn)
    )

    assert fake_shop.requests[0]["modified_after"] == "2026-11-30T12:00:00"

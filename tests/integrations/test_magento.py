"""Magento 2 / Adobe Commerce as it really delivers: Adobe Commerce Webhooks'
observer payloads, answers that never fail the shop's own save, and the
catch-up sync over the REST API."""

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from cxloop.accounts.models import Workspace
from cxloop.customers.inputs import CustomerData, OrderData
from cxloop.customers.models import Order
from cxloop.errors import DomainError
from cxloop.integrations import services, tasks
from cxloop.integrations.models import ShopConnection, WebhookDelivery
from cxloop.worker import schedule
from tests.integrations import payloads
from tests.integrations.conftest import SECRETS, SECRETS_B, Post, Recorder
from tests.integrations.magento_rest import TOKEN, FakeMagento

ORDERS_A = "/integrations/magento/shop-a/orders"
CUSTOMERS_A = "/integrations/magento/shop-a/customers"
Status = WebhookDelivery.Status
SUCCESS = {"op": "success"}


def _rest(shared_data: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(payloads.magento(shared_data, name))
    return data


def observer_customer(shared_data: Path) -> dict[str, Any]:
    """`observer.customer_save_after` as Adobe Commerce Webhooks send it: the
    customer model's data, named by `entity_id`, without its addresses."""
    customer = _rest(shared_data, "customer_created_V1_customers.json")
    model = {key: value for key, value in customer.items() if key != "addresses"}
    model["entity_id"] = str(model.pop("id"))
    return {"eventName": "customer_save_after", "data": {"customer": model}}


def observer_order(shared_data: Path) -> dict[str, Any]:
    """`observer.sales_order_save_after`: the order model's data, whose
    addresses are one list, each address with its `address_type`."""
    order = _rest(shared_data, "order_get_V1_orders_3.json")
    billing = order.pop("billing_address")
    order.pop("extension_attributes")
    shipping = {**billing, "address_type": "shipping", "entity_id": 5}
    order["addresses"] = [shipping, billing]
    return {"eventName": "sales_order_save_after", "data": {"order": order}}


def _post(post: Post, path: str, data: Any, token: str = SECRETS["magento"]) -> Any:
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return post(path, body, payloads.magento_headers(token))


# --------------------------------------------------------- observer shapes


def test_an_observer_customer_named_by_entity_id_is_stored_and_answered_success(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> None:
    response = _post(post, CUSTOMERS_A, observer_customer(shared_data))

    assert response.status_code == 200
    assert response.json().items() >= {"op": "success", "status": "accepted"}.items()
    [(_workspace, value)] = applied.calls
    assert isinstance(value, CustomerData)
    assert value.identities.external_ids == ("magento:2",)
    assert value.identities.email == "jdoe@example.com"
    stored = WebhookDelivery.objects.get()
    assert (stored.object_id, stored.status) == ("2", Status.APPLIED)


def test_the_customer_data_object_of_a_repository_save_is_read_too(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> None:
    # observer.customer_save_after_data_object: the REST-shaped customer,
    # with its addresses, beside the one before the save.
    customer = _rest(shared_data, "customer_created_V1_customers.json")
    event = {
        "eventName": "customer_save_after_data_object",
        "data": {"customer_data_object": customer, "orig_customer_data_object": {}},
    }
    response = _post(post, CUSTOMERS_A, event)

    assert response.json()["status"] == "accepted"
    [(_workspace, value)] = applied.calls
    assert isinstance(value, CustomerData)
    assert value.identities.external_ids == ("magento:2",)
    assert value.identities.country == "US"


def test_an_observer_order_gives_the_phone_and_country_of_its_addresses(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> None:
    response = _post(post, ORDERS_A, observer_order(shared_data))

    assert response.status_code == 200
    assert response.json()["op"] == "success"
    [(_workspace, value)] = applied.calls
    assert isinstance(value, OrderData)
    assert value.number == "000000003"
    assert value.customer.phone == "512-555-1111"
    assert value.customer.country == "US"


def test_every_answer_to_adobe_commerce_is_a_success_operation(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> None:
    first = _post(post, ORDERS_A, observer_order(shared_data))
    again = _post(post, ORDERS_A, observer_order(shared_data))

    assert [first.json()["status"], again.json()["status"]] == [
        "accepted",
        "duplicate",
    ]
    assert all(r.json()["op"] == "success" for r in (first, again))
    assert len(applied.calls) == 1


def test_a_body_cxloop_cannot_use_is_kept_with_why_and_the_shop_saves_anyway(
    post: Post, applied: Recorder, connections_a: dict[str, ShopConnection]
) -> None:
    no_id = {"eventName": "customer_save_after", "data": {"customer": {"email": "x"}}}
    missing = _post(post, CUSTOMERS_A, no_id)
    broken = _post(post, ORDERS_A, b'{"eventName": "sales_order_save_after", ')

    for response in (missing, broken):
        assert response.status_code == 200
        assert response.json().items() >= {**SUCCESS, "status": "ignored"}.items()
    assert "customer.id is missing" in missing.json()["detail"]
    kept = {d.topic: d for d in WebhookDelivery.objects.all()}
    assert kept["customers"].status == Status.IGNORED
    assert kept["customers"].error == "customer.id is missing."
    assert "not valid JSON" in kept["orders"].error
    assert applied.calls == []


def test_a_wrong_token_stores_nothing_and_still_lets_the_shop_save(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
    connections_b: dict[str, ShopConnection],
) -> None:
    order = observer_order(shared_data)
    guessed = _post(post, ORDERS_A, order, token="magento-token-guessed")
    of_b = _post(post, ORDERS_A, order, token=SECRETS_B["magento"])
    nobody = _post(post, "/integrations/magento/nobody/orders", order)

    for response in (guessed, of_b, nobody):
        assert response.status_code == 200
        assert response.json().items() >= {**SUCCESS, "status": "refused"}.items()
    assert "secret" in guessed.json()["detail"]
    assert not WebhookDelivery.objects.exists()
    assert applied.calls == []


# ---------------------------------------------------------- the sync

Capture = Callable[..., Any]
START = datetime(2026, 12, 1, tzinfo=UTC)


def _listed(shared_data: Path, count: int) -> list[dict[str, Any]]:
    """Orders as `GET /rest/V1/orders` lists them, one changed each second."""
    order = _rest(shared_data, "order_get_V1_orders_3.json")
    return [
        {
            **order,
            "entity_id": 100 + n,
            "increment_id": f"{100000 + n:09d}",
            "updated_at": (START + timedelta(seconds=n)).strftime("%Y-%m-%d %H:%M:%S"),
        }
        for n in range(count)
    ]


@pytest.fixture
def magento_syncing(
    connections_a: dict[str, ShopConnection], fake_magento: FakeMagento
) -> ShopConnection:
    return services.connection_set_rest_access(
        connection=connections_a["magento"], url=fake_magento.url, key=TOKEN, secret=""
    )


def test_the_magento_sync_pages_through_every_changed_order_with_the_token(
    shared_data: Path,
    magento_syncing: ShopConnection,
    fake_magento: FakeMagento,
    applied: Recorder,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    fake_magento.orders = _listed(shared_data, 205)

    with django_capture_on_commit_callbacks(execute=True):
        result = services.magento_sync(connection=magento_syncing, since=START)

    assert (result.stored, result.complete) == (205, True)
    assert result.read >= 205  # each page's last second is read again
    stored = WebhookDelivery.objects.filter(connection=magento_syncing)
    assert stored.count() == 205
    assert set(stored.values_list("status", flat=True)) == {Status.APPLIED}
    assert len(applied.calls) == 205
    first = fake_magento.requests[0]
    assert first["authorization"] == f"Bearer {TOKEN}"
    assert first["path"] == "/rest/V1/orders"
    assert first["searchCriteria[pageSize]"] == "100"
    assert first["searchCriteria[currentPage]"] == "1"
    where = "searchCriteria[filter_groups][0][filters][0]"
    assert first[f"{where}[field]"] == "updated_at"
    assert first[f"{where}[condition_type]"] == "gteq"
    assert first[f"{where}[value]"] == "2026-12-01 00:00:00"
    magento_syncing.refresh_from_db()
    assert magento_syncing.sync_cursor == START + timedelta(seconds=204)


def test_more_than_a_page_changed_in_one_second_is_paged_by_total_count(
    shared_data: Path,
    magento_syncing: ShopConnection,
    fake_magento: FakeMagento,
    applied: Recorder,
) -> None:
    # Magento answers a page past the last with the last page again: only
    # total_count tells the sync it is done.
    fake_magento.orders = [
        {**order, "updated_at": "2026-12-01 00:00:00"}
        for order in _listed(shared_data, 150)
    ]

    result = services.magento_sync(connection=magento_syncing, since=START)

    assert (result.read, result.stored, result.complete) == (150, 150, True)
    pages = [r["searchCriteria[currentPage]"] for r in fake_magento.requests]
    assert pages == ["1", "2"]


def test_an_order_from_a_webhook_and_the_sync_is_stored_once(
    shared_data: Path,
    post: Post,
    magento_syncing: ShopConnection,
    fake_magento: FakeMagento,
    applied: Recorder,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    order = _rest(shared_data, "order_get_V1_orders_3.json")
    assert _post(post, ORDERS_A, order).json()["status"] == "accepted"
    fake_magento.orders = [order]

    with django_capture_on_commit_callbacks(execute=True):
        result = services.magento_sync(
            connection=magento_syncing, since=datetime(2017, 8, 1, tzinfo=UTC)
        )

    assert (result.read, result.stored, result.known) == (1, 0, 1)
    assert WebhookDelivery.objects.count() == 1
    assert len(applied.calls) == 1


def test_an_order_placed_and_paid_within_one_second_ends_up_paid(
    shared_data: Path, post: Post, connections_a: dict[str, ShopConnection]
) -> None:
    # A checkout with online capture saves `new`, then `processing`, in one
    # request: both have the same `updated_at`.
    order = _rest(shared_data, "order_get_V1_orders_3.json")
    placed = {**order, "state": "new", "status": "pending"}
    paid = {**order, "state": "processing", "status": "processing"}

    assert _post(post, ORDERS_A, placed).json()["status"] == "accepted"
    assert _post(post, ORDERS_A, paid).json()["status"] == "accepted"

    order = Order.objects.get(source="magento")
    assert order.status == "paid"
    assert order.paid_at is not None  # the order_paid milestone is reached too


def test_an_observer_state_read_again_by_the_sync_is_applied_to_the_same_order(
    shared_data: Path,
    post: Post,
    magento_syncing: ShopConnection,
    fake_magento: FakeMagento,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    assert _post(post, ORDERS_A, observer_order(shared_data)).json()["status"] == (
        "accepted"
    )
    before = Order.objects.get(source="magento")
    fake_magento.orders = [_rest(shared_data, "order_get_V1_orders_3.json")]

    with django_capture_on_commit_callbacks(execute=True):
        result = services.magento_sync(
            connection=magento_syncing, since=datetime(2017, 8, 1, tzinfo=UTC)
        )

    # The two shapes differ, so the state is stored twice and applied twice,
    # to the same one order.
    assert result.stored == 1
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {
        Status.APPLIED
    }
    after = Order.objects.get(source="magento")
    assert (after.pk, after.status, after.total) == (
        before.pk,
        before.status,
        before.total,
    )


def test_an_older_state_arriving_after_the_synced_newer_one_changes_nothing(
    shared_data: Path,
    post: Post,
    magento_syncing: ShopConnection,
    fake_magento: FakeMagento,
    applied: Recorder,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    order = _rest(shared_data, "order_get_V1_orders_3.json")
    newer = {**order, "state": "complete", "updated_at": "2017-08-22 09:00:00"}
    fake_magento.orders = [newer]
    with django_capture_on_commit_callbacks(execute=True):
        services.magento_sync(
            connection=magento_syncing, since=datetime(2017, 8, 1, tzinfo=UTC)
        )

    late = _post(post, ORDERS_A, order)  # the hook's older state, delayed

    assert late.json()["status"] == "accepted"
    assert WebhookDelivery.objects.get(delivery_id=late.json()["delivery"]).note == (
        "older than the state already applied (2017-08-22T09:00:00+00:00)"
    )
    [(_workspace, value)] = applied.calls
    assert isinstance(value, OrderData) and value.status == "fulfilled"


def test_a_refused_magento_token_is_recorded_without_the_token(
    magento_syncing: ShopConnection, fake_magento: FakeMagento
) -> None:
    wrong = "wrong-token-0000000000000000"
    magento_syncing = services.connection_set_rest_access(
        connection=magento_syncing, url=fake_magento.url, key=wrong, secret=""
    )
    with pytest.raises(services.SyncFailed) as failed:
        services.magento_sync(connection=magento_syncing)
    assert "refused the access token" in failed.value.message
    magento_syncing.refresh_from_db()
    assert "401" in magento_syncing.sync_error
    assert wrong not in magento_syncing.sync_error + failed.value.message


def test_a_magento_token_needs_https_and_no_secret(
    connections_a: dict[str, ShopConnection],
) -> None:
    magento = connections_a["magento"]
    with pytest.raises(DomainError) as plain:
        services.connection_set_rest_access(
            connection=magento, url="http://shop.example.com", key=TOKEN, secret=""
        )
    with pytest.raises(DomainError) as keyless:
        services.connection_set_rest_access(
            connection=magento, url="https://shop.example.com", key="", secret="s"
        )
    assert (plain.value.field, keyless.value.field) == ("rest_url", "rest_key")


def test_the_worker_syncs_magento_shops_on_a_schedule(
    shared_data: Path,
    magento_syncing: ShopConnection,
    fake_magento: FakeMagento,
    applied: Recorder,
) -> None:
    jobs = {job.name: job for job in schedule.registered()}
    assert jobs["integrations.sync_magento"].task is tasks.magento_sync_all
    fake_magento.orders = [
        {**order, "updated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")}
        for order in _listed(shared_data, 2)
    ]
    assert tasks.magento_sync_all.call() == 2


def test_the_magento_sync_of_workspace_b_never_reads_workspace_a_shops(
    magento_syncing: ShopConnection,
    workspace_b: Workspace,
    fake_magento: FakeMagento,
) -> None:
    with pytest.raises(DomainError) as refused:
        services.shop_sync_workspace(workspace=workspace_b, platform="magento")
    assert "Magento access token" in refused.value.message
    assert fake_magento.requests == []


def test_a_magento_since_with_a_utc_offset_asks_for_that_moment_in_utc(
    magento_syncing: ShopConnection, fake_magento: FakeMagento
) -> None:
    tallinn = timezone(timedelta(hours=2))

    services.magento_sync(
        connection=magento_syncing, since=datetime(2026, 12, 1, 2, 0, tzinfo=tallinn)
    )

    where = "searchCriteria[filter_groups][0][filters][0]"
    assert fake_magento.requests[0][f"{where}[value]"] == "2026-12-01 00:00:00"

"""Connections, and what happens to a delivery after the shop got its 200."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.errors import Conflict, InvalidInput
from cxloop.integrations import services
from cxloop.integrations.models import ShopConnection, WebhookDelivery
from tests.integrations import payloads
from tests.integrations.conftest import SECRETS, Post, Recorder

SHOPIFY_A = "/integrations/shopify/shop-a/webhook"


@pytest.fixture
def failed(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> WebhookDelivery:
    """A Shopify order whose apply failed once (customers was down)."""
    applied.fail_with = RuntimeError("customers is down")
    body = payloads.shopify(shared_data, "order.json", "order")
    headers = payloads.shopify_headers(
        body, SECRETS["shopify"], "orders/create", "wh-1"
    )
    response = post(SHOPIFY_A, body, headers)
    assert response.status_code == 200  # the shop is never told about our trouble
    applied.fail_with = None
    delivery: WebhookDelivery = WebhookDelivery.objects.get()
    return delivery


def _age(delivery: WebhookDelivery, by: timedelta) -> None:
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        last_attempt_at=timezone.now() - by, received_at=timezone.now() - by
    )


def test_a_failed_apply_is_kept_with_its_error(failed: WebhookDelivery) -> None:
    assert failed.status == WebhookDelivery.Status.FAILED
    assert failed.error == "RuntimeError: customers is down"
    assert failed.attempts == 1


def test_a_failed_delivery_is_retried_after_its_backoff_and_then_applied(
    failed: WebhookDelivery, applied: Recorder
) -> None:
    assert services.delivery_retry_due() == 0  # too early
    _age(failed, services.retry_delay(1) + timedelta(seconds=1))
    assert services.delivery_retry_due() == 1
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.error) == ("applied", 2, "")
    assert len(applied.calls) == 1


def test_retries_stop_after_the_last_attempt_until_someone_redelivers(
    failed: WebhookDelivery,
    applied: Recorder,
    django_capture_on_commit_callbacks: object,
) -> None:
    WebhookDelivery.objects.filter(pk=failed.pk).update(attempts=services.MAX_ATTEMPTS)
    _age(failed, timedelta(days=1))
    assert services.delivery_retry_due() == 0
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.delivery_redeliver(delivery=failed)
    failed.refresh_from_db()
    assert failed.status == "applied"
    assert len(applied.calls) == 1


def test_a_delivery_whose_task_was_lost_is_applied_by_the_sweep(
    shared_data: Path,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> None:
    # Received inside a transaction that is committed without running its
    # on-commit hooks: the task was never enqueued, as after a crash.
    body = payloads.shopify(shared_data, "customer.json", "customer")
    headers = payloads.shopify_headers(
        body, SECRETS["shopify"], "customers/create", "lost-1"
    )
    services.delivery_receive(
        workspace_slug="shop-a",
        platform="shopify",
        headers={k[5:].replace("_", "-"): v for k, v in headers.items()},
        body=body,
    )
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "received"
    assert services.delivery_retry_due() == 0
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        received_at=timezone.now() - services.LOST_AFTER - timedelta(seconds=1)
    )
    assert services.delivery_retry_due() == 1
    delivery.refresh_from_db()
    assert delivery.status == "applied"
    assert len(applied.calls) == 1


def test_applying_twice_applies_once(
    failed: WebhookDelivery, applied: Recorder
) -> None:
    services.delivery_apply(delivery_id=failed.pk)
    services.delivery_apply(delivery_id=failed.pk)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("applied", 2)
    assert len(applied.calls) == 1


def test_an_applied_delivery_cannot_be_redelivered(
    failed: WebhookDelivery, applied: Recorder
) -> None:
    services.delivery_apply(delivery_id=failed.pk)
    failed.refresh_from_db()
    with pytest.raises(Conflict):
        services.delivery_redeliver(delivery=failed)


def test_a_delivery_that_cannot_be_mapped_fails_and_is_kept(
    post: Post, applied: Recorder, connections_a: dict[str, ShopConnection]
) -> None:
    body = b'{"id": 1, "name": "#1"}'  # an order without total or currency
    headers = payloads.shopify_headers(
        body, SECRETS["shopify"], "orders/create", "bad-1"
    )
    assert post(SHOPIFY_A, body, headers).status_code == 200
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert "order.total_price is missing" in delivery.error
    assert applied.calls == []


# ------------------------------------------------------------ connections


def test_shopify_needs_the_app_secret(workspace_a: Workspace) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.connection_create(workspace=workspace_a, platform="shopify")
    assert refused.value.field == "secret"


def test_woocommerce_and_magento_get_a_secret_made_for_them(
    workspace_a: Workspace,
) -> None:
    created = services.connection_create(workspace=workspace_a, platform="magento")
    assert created.generated_secret
    assert len(created.generated_secret) >= 40
    assert created.connection.secret == created.generated_secret
    assert created.connection.secret_prefix == created.generated_secret[:4] + "…"


def test_a_short_or_repeated_secret_is_refused(workspace_a: Workspace) -> None:
    with pytest.raises(InvalidInput):
        services.connection_create(
            workspace=workspace_a, platform="woocommerce", secret="short"
        )
    services.connection_create(
        workspace=workspace_a, platform="woocommerce", secret="a-long-enough-secret"
    )
    with pytest.raises(Conflict):
        services.connection_create(
            workspace=workspace_a, platform="woocommerce", secret="a-long-enough-secret"
        )


def test_an_overlong_shop_name_is_refused_naming_the_field(
    workspace_a: Workspace,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.connection_create(
            workspace=workspace_a, platform="magento", shop="x" * 300
        )
    assert refused.value.field == "shop"

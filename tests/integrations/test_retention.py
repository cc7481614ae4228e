"""Raw delivery bodies are dropped once applied and past the retention period."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.customers.hooks import ErasureSubject
from cxloop.integrations import services, tasks
from cxloop.integrations.models import ShopConnection, WebhookDelivery
from cxloop.integrations.services.common import MAX_ATTEMPTS
from cxloop.integrations.services.erasure import ERASED_BODY
from cxloop.worker import schedule
from tests.integrations import payloads
from tests.integrations.conftest import SECRETS, Post, Recorder
from tests.integrations.test_webhooks import WOO_A

Status = WebhookDelivery.Status


def _deliver(shared_data: Path, post: Post, delivery_id: str) -> WebhookDelivery:
    body = payloads.woocommerce(shared_data, "order_created.json")
    body = body.replace(b'"id": 727', f'"id": {700 + int(delivery_id)}'.encode(), 1)
    headers = payloads.woocommerce_headers(
        body, SECRETS["woocommerce"], "order.created", delivery_id
    )
    answer = post(WOO_A, body, headers)
    assert answer.status_code == 200, answer.json()
    return WebhookDelivery.objects.get(delivery_id__endswith=answer.json()["delivery"])


def _age(delivery: WebhookDelivery, days: int, status: str | None = None) -> None:
    delivery.received_at = timezone.now() - timedelta(days=days)
    delivery.status = status or delivery.status
    delivery.save(update_fields=["received_at", "status"])


def test_an_applied_body_is_dropped_after_thirty_days_and_its_retry_is_a_duplicate(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> None:
    old = _deliver(shared_data, post, "1")
    recent = _deliver(shared_data, post, "2")
    _age(old, 31)
    _age(recent, 29)

    assert services.delivery_bodies_expire() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.body == ERASED_BODY
    assert (old.status, old.delivery_id) == (Status.APPLIED, old.delivery_id)
    assert recent.body != ERASED_BODY
    body = payloads.woocommerce(shared_data, "order_created.json")
    body = body.replace(b'"id": 727', b'"id": 701', 1)
    headers = payloads.woocommerce_headers(
        body, SECRETS["woocommerce"], "order.created", "1"
    )
    assert post(WOO_A, body, headers).json()["status"] == "duplicate"
    assert len(applied.calls) == 2


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.FAILED, Status.PAUSED])
def test_a_delivery_still_waiting_keeps_its_body_however_old(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
    status: str,
) -> None:
    waiting = _deliver(shared_data, post, "1")
    _age(waiting, 400, status)

    assert services.delivery_bodies_expire() == 0
    waiting.refresh_from_db()
    assert waiting.body != ERASED_BODY


def test_the_retention_period_is_a_setting(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
    settings: Any,
) -> None:
    delivery = _deliver(shared_data, post, "1")
    _age(delivery, 8)
    settings.CXLOOP_RAW_BODY_RETENTION_DAYS = 7
    assert services.delivery_bodies_expire() == 1
    settings.CXLOOP_RAW_BODY_RETENTION_DAYS = 0  # keep bodies for good
    other = _deliver(shared_data, post, "2")
    _age(other, 800)
    assert services.delivery_bodies_expire() == 0


def test_the_worker_drops_old_bodies_on_a_schedule() -> None:
    jobs = {job.name: job for job in schedule.registered()}
    job = jobs["integrations.expire_delivery_bodies"]
    assert job.task is tasks.delivery_bodies_expire
    assert job.every <= timedelta(days=1)


def test_an_erasure_still_reaches_a_delivery_whose_body_was_dropped(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    delivery = _deliver(shared_data, post, "1")
    _age(delivery, 31)
    services.delivery_bodies_expire()
    # Its order id is all that is left of it, and the erasure takes that too.
    services.delivery_erase_for_customer(
        workspace_a,
        ErasureSubject(customer_ids=()),
        order_keys=[("woocommerce", delivery.object_id)],
    )
    delivery.refresh_from_db()
    assert delivery.object_id == ""


@pytest.mark.parametrize(
    ("status", "attempts"), [(Status.TEST, 1), (Status.FAILED, MAX_ATTEMPTS)]
)
def test_a_test_delivery_or_one_failed_for_good_loses_its_body_but_keeps_its_row(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
    status: str,
    attempts: int,
) -> None:
    settled = _deliver(shared_data, post, "1")
    _age(settled, 31, status)
    WebhookDelivery.objects.filter(pk=settled.pk).update(attempts=attempts)

    assert services.delivery_bodies_expire() == 1

    settled.refresh_from_db()
    assert settled.body == ERASED_BODY
    assert settled.status == status
    body = payloads.woocommerce(shared_data, "order_created.json")
    body = body.replace(b'"id": 727', b'"id": 701', 1)
    headers = payloads.woocommerce_headers(
        body, SECRETS["woocommerce"], "order.created", "1"
    )
    assert post(WOO_A, body, headers).json()["status"] == "duplicate"

"""Drains: a burst of events is sent by one task that claims due deliveries
in batches; a hanging endpoint holds back only its own; two drains never
send one delivery twice; every try leaves an attempt row."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from cxloop.accounts.models import Workspace
from cxloop.delivery import services, transport
from cxloop.delivery.models import Delivery, DeliveryAttempt, Message
from cxloop.delivery.services import draining, outbox
from tests.delivery.receiver import Answer, Receiver, receiving

pytestmark = pytest.mark.django_db(transaction=True)


def _burst(workspace: Workspace, count: int) -> None:
    """`count` committed events whose sends were never asked for."""
    with transaction.atomic():
        for number in range(count):
            services.message_enqueue(
                workspace=workspace,
                event_type="response.created",
                payload={"id": number},
            )
        transaction.get_connection().run_on_commit.clear()


def test_an_endpoint_that_hangs_holds_back_only_its_own_deliveries(
    workspace_a: Workspace, allow_private: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transport, "TIMEOUT_SECONDS", 4.0)
    monkeypatch.setattr(draining, "DRAIN_BATCH", 4)
    with receiving() as fast, receiving() as hanging:
        hanging.default = Answer(pause=30)  # far past the time-out
        to_fast = services.endpoint_create(workspace=workspace_a, url=fast.url)
        to_hanging = services.endpoint_create(workspace=workspace_a, url=hanging.url)
        _burst(workspace_a, 12)

        services.deliveries_drain()

        assert len(fast.received) == 12
        assert len(hanging.arrived) == 1
    # Recorded in this order: every one of the fast endpoint's attempts
    # before the hanging one's time-out.
    (timed_out,) = DeliveryAttempt.objects.filter(
        delivery__endpoint=to_hanging.endpoint
    )
    assert "timed out" in timed_out.error
    fast_attempts = DeliveryAttempt.objects.filter(delivery__endpoint=to_fast.endpoint)
    assert fast_attempts.count() == 12
    assert all(attempt.pk < timed_out.pk for attempt in fast_attempts)
    assert not Delivery.objects.filter(endpoint=to_fast.endpoint, status="pending")
    # The hanging endpoint's others were given back untried, due again.
    untried = Delivery.objects.filter(endpoint=to_hanging.endpoint, attempts=0)
    assert untried.count() == 11
    assert all(
        delivery.status == "pending"
        and delivery.next_attempt_at is not None
        and delivery.next_attempt_at <= timezone.now()
        for delivery in untried
    )


def test_two_drains_at_once_send_every_delivery_exactly_once(
    workspace_a: Workspace, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(draining, "DRAIN_BATCH", 3)
    with receiving() as other:
        services.endpoint_create(workspace=workspace_a, url=receiver.url)
        services.endpoint_create(workspace=workspace_a, url=other.url)
        _burst(workspace_a, 20)
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def drain() -> None:
            try:
                barrier.wait()
                services.deliveries_drain()
            except BaseException as error:  # reported below, not lost in a thread
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=drain) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert errors == []
        for received in (receiver.received, other.received):
            ids = [request.headers["webhook-id"] for request in received]
            assert len(ids) == 20
            assert len(set(ids)) == 20
    assert set(Delivery.objects.values_list("status", "attempts")) == {("succeeded", 1)}
    assert DeliveryAttempt.objects.count() == 40


def test_every_try_is_an_attempt_row_on_the_retry_schedule(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    services.endpoint_create(workspace=workspace_a, url=receiver.url)
    receiver.answers = [
        Answer(500, body="first"),
        Answer(503),
        Answer(429, headers={"Retry-After": "90"}),
        Answer(200, body="thanks"),
    ]
    start = timezone.now()
    with transaction.atomic():
        services.message_enqueue(
            workspace=workspace_a,
            event_type="response.created",
            payload={"id": 1},
            now=start,
        )
        transaction.get_connection().run_on_commit.clear()
    delivery = Delivery.objects.get()

    services.deliveries_drain(now=start)
    delivery.refresh_from_db()
    while delivery.status == "pending":
        assert delivery.next_attempt_at is not None
        # A moment early nothing is tried.
        early = delivery.next_attempt_at - timedelta(milliseconds=1)
        assert services.deliveries_drain(now=early) == 0
        services.deliveries_drain(now=delivery.next_attempt_at)
        delivery.refresh_from_db()

    attempts = list(DeliveryAttempt.objects.filter(delivery=delivery).order_by("pk"))
    assert [attempt.number for attempt in attempts] == [1, 2, 3, 4]
    assert [attempt.status_code for attempt in attempts] == [500, 503, 429, 200]
    assert [attempt.response for attempt in attempts] == ["first", "ok", "ok", "thanks"]
    waits = [
        later.at - earlier.at
        for earlier, later in zip(attempts, attempts[1:], strict=False)
    ]
    expected = [*services.RETRY_DELAYS[:2], timedelta(seconds=90)]
    for waited, delay in zip(waits, expected, strict=True):
        # The schedule's jitter, and the moments the requests took.
        assert delay * 0.9 <= waited <= delay * 1.1 + timedelta(seconds=5)
    assert delivery.attempts == 4
    assert delivery.last_attempt_at == attempts[-1].at
    assert len({request.headers["webhook-id"] for request in receiver.received}) == 1


def test_attempts_go_with_their_message_when_it_is_pruned(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    services.endpoint_create(workspace=workspace_a, url=receiver.url)
    receiver.answers = [Answer(500), Answer(200)]
    _burst(workspace_a, 1)
    services.deliveries_drain()
    delivery = Delivery.objects.get()
    assert delivery.next_attempt_at is not None
    services.deliveries_drain(now=delivery.next_attempt_at)
    assert DeliveryAttempt.objects.count() == 2

    services.messages_prune(now=timezone.now() + timedelta(days=31))

    assert not Message.objects.exists()
    assert not DeliveryAttempt.objects.exists()


def test_a_burst_of_commits_asks_for_one_drain_which_sends_them_all(
    workspace_a: Workspace,
    receiver: Receiver,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default"],
        }
    }
    monkeypatch.setattr(outbox, "_queued_id", None)
    services.endpoint_create(workspace=workspace_a, url=receiver.url)
    drains = DBTaskResult.objects.filter(task_path__endswith=".deliveries_drain")

    for number in range(5):
        with transaction.atomic():
            services.message_enqueue(
                workspace=workspace_a,
                event_type="response.created",
                payload={"id": number},
            )

    assert drains.count() == 1
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    ).run()
    assert len(receiver.received) == 5
    assert set(Delivery.objects.values_list("status", flat=True)) == {"succeeded"}
    # That drain has run: the next commit asks for a new one.
    with transaction.atomic():
        services.message_enqueue(
            workspace=workspace_a, event_type="response.created", payload={"id": 5}
        )
    assert drains.count() == 2

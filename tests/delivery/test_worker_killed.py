"""kill -9 of a real `cxloop worker` in the middle of a delivery: after a
restart the event arrives, with the same webhook-id and a valid signature."""

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from standardwebhooks import Webhook

from tests import processes
from tests.delivery.receiver import Answer, Receiver, receiving

ENQUEUE = """
from django.db import transaction
from cxloop.accounts import services as accounts
from cxloop.delivery import services

workspace = accounts.workspace_create(slug="shop", name="Shop")
created = services.endpoint_create(workspace=workspace, url=URL)
with transaction.atomic():
    message = services.message_enqueue(
        workspace=workspace, event_type="response.created", payload={"id": 42}
    )
result = {"secret": created.secret, "webhook_id": message.webhook_id}
"""

STATUS = """
from cxloop.delivery.models import Delivery
result = list(Delivery.objects.values("status", "attempts"))
"""


@pytest.fixture
def slow_receiver() -> Iterator[Receiver]:
    with receiving() as receiver:
        # The first request hangs long enough for the worker to be killed.
        receiver.answers = [Answer(pause=20)]
        yield receiver


def test_a_worker_killed_mid_delivery_delivers_after_restart_with_the_same_id(
    tmp_path: Path, slow_receiver: Receiver
) -> None:
    argv = [*processes.CLI, "worker"]
    with processes.cxloop_env(tmp_path / "data", migrated=True) as base:
        env = {**base, "CXLOOP_WEBHOOK_ALLOW_PRIVATE": "true"}
        code = f"URL = {slow_receiver.url!r}\n{ENQUEUE}"
        enqueued = processes.django_json(env, code)
        with processes.running("worker", argv, env, tmp_path) as first:
            arrived = slow_receiver.wait_arrived(1, timeout=60)
            assert len(arrived) == 1, first.log_tail()
            os.killpg(first.popen.pid, signal.SIGKILL)
            first.popen.wait(timeout=15)
        with processes.running("worker", argv, env, tmp_path) as second:
            arrived = slow_receiver.wait_arrived(2, timeout=120)
            assert len(arrived) == 2, second.log_tail()
            processes.wait_for(
                lambda: processes.django_json(env, STATUS)[0]["status"] == "succeeded",
                timeout=60,
                what="the delivery to be recorded as succeeded",
                alive=second,
            )
    ids = {received.headers["webhook-id"] for received in slow_receiver.arrived}
    assert ids == {enqueued["webhook_id"]}
    for received in slow_receiver.arrived:
        event = Webhook(enqueued["secret"]).verify(received.body, received.headers)
        assert event["data"] == {"id": 42}

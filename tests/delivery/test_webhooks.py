"""Outbound webhooks: the outbox, Standard Webhooks signing and the retry
schedule, against a real HTTP receiver on 127.0.0.1 and a controllable
clock (`now` passed into the services)."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import orjson
import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook

from cxloop.accounts.models import User, Workspace
from cxloop.delivery import services
from cxloop.delivery.models import Delivery, Message, WebhookEndpoint
from cxloop.errors import InvalidInput
from tests.delivery.receiver import Answer, Receiver

pytestmark = pytest.mark.django_db(transaction=True)


def _endpoint(
    workspace: Workspace, receiver: Receiver, **fields: Any
) -> services.EndpointWithSecret:
    return services.endpoint_create(workspace=workspace, url=receiver.url, **fields)


def _enqueue(workspace: Workspace, **payload: Any) -> Message | None:
    with transaction.atomic():
        return services.message_enqueue(
            workspace=workspace,
            event_type="response.created",
            payload={"id": 7, **payload},
        )


def _verify(secret: str, received: Any) -> Any:
    return Webhook(secret).verify(received.body, received.headers)


def _only_delivery() -> Delivery:
    delivery: Delivery = Delivery.objects.exclude(channel="email").get()
    return delivery


def test_a_committed_event_arrives_signed_as_the_standard_webhooks_library_verifies(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    created = _endpoint(workspace_a, receiver)

    message = _enqueue(workspace_a)

    (received,) = receiver.wait_for(1)
    event = _verify(created.secret, received)
    assert event["type"] == "response.created"
    assert event["data"] == {"id": 7}
    assert message is not None
    assert received.headers["webhook-id"] == message.webhook_id
    assert received.headers["webhook-signature"].startswith("v1,")
    assert received.headers["content-type"] == "application/json"
    delivery = _only_delivery()
    assert delivery.status == Delivery.Status.SUCCEEDED
    assert delivery.last_status_code == 200
    assert delivery.delivered_at is not None


def test_the_secret_is_a_whsec_secret_shown_once_and_only_its_start_later(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    created = _endpoint(workspace_a, receiver)

    assert created.secret.startswith("whsec_")
    assert created.endpoint.secret_prefix.endswith("…")
    assert created.secret not in created.endpoint.secret_prefix


def test_nothing_is_written_or_sent_for_a_change_that_rolled_back(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    _endpoint(workspace_a, receiver)

    with pytest.raises(RuntimeError), transaction.atomic():
        services.message_enqueue(
            workspace=workspace_a, event_type="response.created", payload={"id": 1}
        )
        raise RuntimeError("the change fails")

    services.deliveries_send_due()
    assert receiver.received == []
    assert not Message.objects.exists()


def test_a_workspace_without_endpoints_writes_no_message(
    workspace_a: Workspace, workspace_b: Workspace, receiver: Receiver
) -> None:
    _endpoint(workspace_b, receiver)

    assert _enqueue(workspace_a) is None
    assert not Message.objects.exists()


def test_an_endpoint_receives_only_the_event_types_it_subscribed_to(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    _endpoint(workspace_a, receiver, event_types=["customer.merged"])

    assert _enqueue(workspace_a) is None
    with transaction.atomic():
        services.message_enqueue(
            workspace=workspace_a, event_type="customer.merged", payload={"id": 3}
        )

    (received,) = receiver.wait_for(1)
    assert orjson.loads(received.body)["type"] == "customer.merged"


def test_an_unknown_event_type_is_refused_naming_the_field(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    with pytest.raises(InvalidInput) as refused:
        _endpoint(workspace_a, receiver, event_types=["order.shipped"])
    assert refused.value.field == "event_types"


def test_a_payload_over_20_kb_is_refused(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    _endpoint(workspace_a, receiver)

    with pytest.raises(services.PayloadTooLarge):
        _enqueue(workspace_a, text="x" * 21_000)


def test_a_receiver_failing_three_times_gets_it_on_the_schedule_with_one_webhook_id(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    created = _endpoint(workspace_a, receiver)
    receiver.answers = [Answer(500), Answer(500), Answer(503)]
    start = timezone.now()
    with transaction.atomic():
        services.message_enqueue(
            workspace=workspace_a,
            event_type="response.created",
            payload={"id": 1},
            now=start,
        )
    delivery = _only_delivery()
    services.delivery_send(delivery_id=delivery.pk, now=start)
    delivery.refresh_from_db()
    moments = [start]
    for expected in services.RETRY_DELAYS[:3]:
        assert delivery.status == Delivery.Status.PENDING
        assert delivery.next_attempt_at is not None
        waited = delivery.next_attempt_at - moments[-1]
        assert expected * 0.9 <= waited <= expected * 1.1
        # Not due a moment before the retry: nothing is sent.
        early = delivery.next_attempt_at - timedelta(milliseconds=1)
        assert services.delivery_send(delivery_id=delivery.pk, now=early) is None
        moments.append(delivery.next_attempt_at)
        services.delivery_send(delivery_id=delivery.pk, now=delivery.next_attempt_at)
        delivery.refresh_from_db()

    assert delivery.status == Delivery.Status.SUCCEEDED
    assert delivery.attempts == 4
    ids = {received.headers["webhook-id"] for received in receiver.received}
    assert len(receiver.received) == 4
    assert len(ids) == 1
    assert _verify(created.secret, receiver.received[-1])["data"] == {"id": 1}


def test_after_the_last_retry_a_delivery_is_a_dead_letter_with_its_last_response(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    _endpoint(workspace_a, receiver)
    receiver.default = Answer(500, body="database down")
    _enqueue(workspace_a)
    delivery = _only_delivery()
    while delivery.status == Delivery.Status.PENDING:
        assert delivery.next_attempt_at is not None
        services.delivery_send(delivery_id=delivery.pk, now=delivery.next_attempt_at)
        delivery.refresh_from_db()

    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == services.MAX_ATTEMPTS == 10
    assert delivery.last_status_code == 500
    assert delivery.last_response == "database down"


def test_a_receiver_that_does_not_answer_in_time_is_retried(
    workspace_a: Workspace, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxloop.delivery import transport

    monkeypatch.setattr(transport, "TIMEOUT_SECONDS", 0.3)
    _endpoint(workspace_a, receiver)
    receiver.answers = [Answer(pause=1.5)]

    _enqueue(workspace_a)

    delivery = _only_delivery()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 1
    assert "timed out" in delivery.last_error
    assert delivery.next_attempt_at is not None
    services.delivery_send(delivery_id=delivery.pk, now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SUCCEEDED


@pytest.mark.parametrize("status", [429, 502, 504])
def test_a_busy_receiver_is_retried_when_its_retry_after_says(
    workspace_a: Workspace, receiver: Receiver, status: int
) -> None:
    _endpoint(workspace_a, receiver)
    receiver.answers = [Answer(status, headers={"Retry-After": "120"})]
    start = timezone.now()

    _enqueue(workspace_a)

    delivery = _only_delivery()
    assert delivery.next_attempt_at is not None
    waited = delivery.next_attempt_at - start
    assert timedelta(seconds=119) <= waited <= timedelta(seconds=125)


def test_a_410_disables_the_endpoint_and_tells_the_admins(
    workspace_a: Workspace, receiver: Receiver, ada: User, ben: User
) -> None:
    created = _endpoint(workspace_a, receiver)
    receiver.answers = [Answer(410)]

    _enqueue(workspace_a)

    endpoint = WebhookEndpoint.objects.get(pk=created.endpoint.pk)
    assert not endpoint.enabled
    assert "410" in endpoint.disabled_reason
    assert _only_delivery().status == Delivery.Status.FAILED
    _enqueue(workspace_a)
    assert len(receiver.received) == 1
    (email,) = mail.outbox
    assert email.to == [ada.email]
    assert receiver.url in email.body


def test_a_redirect_is_a_failure_and_is_never_followed(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    _endpoint(workspace_a, receiver)
    target = receiver.url.replace("/hooks", "/elsewhere")
    receiver.answers = [Answer(302, headers={"Location": target})]

    _enqueue(workspace_a)

    delivery = _only_delivery()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.last_status_code == 302
    assert [received.path for received in receiver.received] == ["/hooks"]


def test_an_endpoint_failing_for_five_days_is_disabled_and_admins_get_an_escaped_email(
    workspace_a: Workspace, receiver: Receiver, ada: User
) -> None:
    workspace_a.default_locale = "et"
    workspace_a.name = "Shop <b>A</b>"
    workspace_a.save()
    created = _endpoint(workspace_a, receiver, description="<script>x</script>")
    receiver.default = Answer(500)
    start = timezone.now()
    for day in range(6):
        with transaction.atomic():
            services.message_enqueue(
                workspace=workspace_a,
                event_type="response.created",
                payload={"id": day},
                now=start + timedelta(days=day),
            )
        for delivery in Delivery.objects.filter(status="pending", channel="webhook"):
            services.delivery_send(
                delivery_id=delivery.pk, now=start + timedelta(days=day, minutes=1)
            )

    endpoint = WebhookEndpoint.objects.get(pk=created.endpoint.pk)
    assert not endpoint.enabled
    (email,) = mail.outbox
    assert email.to == [ada.email]
    assert isinstance(email, mail.EmailMultiAlternatives)
    html = str(email.alternatives[0][0])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "Shop &lt;b&gt;A&lt;/b&gt;" in html
    # In the workspace's language (Estonian).
    assert "Põhjus" in email.body or "Põhjus" in html


def test_a_rotated_secret_signs_alongside_the_old_one_for_24_hours(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    old = _endpoint(workspace_a, receiver)
    start = timezone.now()
    new = services.endpoint_rotate_secret(endpoint=old.endpoint, now=start)

    _enqueue(workspace_a)

    (received,) = receiver.wait_for(1)
    assert len(received.headers["webhook-signature"].split(" ")) == 2
    _verify(old.secret, received)
    _verify(new.secret, received)
    later = start + timedelta(hours=24, seconds=1)
    assert services.signing_secrets(new.endpoint, later) == [new.secret]


def test_two_workers_claiming_one_delivery_send_it_once(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    _endpoint(workspace_a, receiver)
    with transaction.atomic():
        services.message_enqueue(
            workspace=workspace_a, event_type="response.created", payload={"id": 1}
        )
        # Cancel the on-commit send: two "workers" race for it instead.
        transaction.get_connection().run_on_commit.clear()
    delivery = _only_delivery()
    now = timezone.now()

    assert services.delivery_claim(delivery.pk, now) is not None
    assert services.delivery_claim(delivery.pk, now) is None


def test_a_delivery_whose_task_was_lost_is_sent_by_the_sweep_with_its_webhook_id(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    _endpoint(workspace_a, receiver)
    with transaction.atomic():
        message = services.message_enqueue(
            workspace=workspace_a, event_type="response.created", payload={"id": 1}
        )
        # A crash between commit and enqueue: the task never exists.
        transaction.get_connection().run_on_commit.clear()
    assert receiver.received == []

    assert services.deliveries_send_due() == 1

    (received,) = receiver.wait_for(1)
    assert message is not None
    assert received.headers["webhook-id"] == message.webhook_id


def test_a_delivery_cut_off_mid_attempt_is_sent_again_once_its_lease_runs_out(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    _endpoint(workspace_a, receiver)
    with transaction.atomic():
        services.message_enqueue(
            workspace=workspace_a, event_type="response.created", payload={"id": 1}
        )
        transaction.get_connection().run_on_commit.clear()
    # Claimed by a worker that was killed a lease ago (and a moment).
    killed_at = timezone.now() - services.LEASE - timedelta(seconds=1)
    Delivery.objects.update(next_attempt_at=killed_at)
    assert services.delivery_claim(_only_delivery().pk, killed_at) is not None
    assert services.deliveries_send_due(now=killed_at + timedelta(seconds=5)) == 0

    assert services.deliveries_send_due() == 1

    assert _only_delivery().status == Delivery.Status.SUCCEEDED


def test_redelivering_a_dead_letter_sends_it_again_with_the_same_webhook_id(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    _endpoint(workspace_a, receiver)
    receiver.answers = [Answer(500)]
    _enqueue(workspace_a)
    delivery = _only_delivery()
    Delivery.objects.filter(pk=delivery.pk).update(status="failed")
    delivery.refresh_from_db()

    services.delivery_redeliver(delivery=delivery)

    first, second = receiver.wait_for(2)
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert _only_delivery().status == Delivery.Status.SUCCEEDED


def test_redelivering_all_failed_since_a_time_leaves_older_ones(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    created = _endpoint(workspace_a, receiver)
    receiver.default = Answer(500)
    _enqueue(workspace_a)
    _enqueue(workspace_a)
    old, new = Delivery.objects.order_by("pk")
    cutoff = timezone.now()
    Delivery.objects.filter(pk=old.pk).update(
        status="failed", created_at=cutoff - timedelta(days=2)
    )
    Delivery.objects.filter(pk=new.pk).update(status="failed")
    receiver.default = Answer(200)

    count = services.deliveries_redeliver_failed(
        endpoint=created.endpoint, since=cutoff - timedelta(days=1)
    )

    assert count == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == Delivery.Status.FAILED
    assert new.status == Delivery.Status.SUCCEEDED


def test_a_test_event_reaches_only_the_chosen_endpoint(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    created = _endpoint(workspace_a, receiver, event_types=["case.opened"])

    services.endpoint_send_test(endpoint=created.endpoint)

    (received,) = receiver.wait_for(1)
    assert _verify(created.secret, received)["type"] == "webhook.test"


def test_a_chat_notification_posts_slack_compatible_text(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    services.chat_enqueue(
        workspace=workspace_a, url=receiver.url, text="A detractor wrote <b>x</b>"
    )

    (received,) = receiver.wait_for(1)
    assert orjson.loads(received.body) == {"text": "A detractor wrote <b>x</b>"}
    assert "webhook-signature" not in received.headers


def test_an_email_notification_goes_through_the_outbox_and_is_retried(
    workspace_a: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real_send: Callable[..., int] = mail.EmailMultiAlternatives.send

    def flaky(self: mail.EmailMultiAlternatives, *args: Any, **kwargs: Any) -> int:
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionRefusedError("smtp down")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", flaky)
    with transaction.atomic():
        services.email_enqueue(
            workspace=workspace_a, to=["owner@shop-a.example"], subject="Hi", text="x"
        )
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.next_attempt_at is not None

    services.delivery_send(delivery_id=delivery.pk, now=delivery.next_attempt_at)

    assert Delivery.objects.get().status == Delivery.Status.SUCCEEDED
    assert [email.to for email in mail.outbox] == [["owner@shop-a.example"]]


def test_messages_older_than_30_days_are_pruned_unless_still_pending(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    _endpoint(workspace_a, receiver)
    receiver.answers = [Answer(200), Answer(500)]
    _enqueue(workspace_a)
    _enqueue(workspace_a)
    sent, waiting = Message.objects.order_by("pk")
    later = timezone.now() + timedelta(days=31)

    assert services.messages_prune(now=later) > 0

    assert list(Message.objects.all()) == [waiting]
    assert sent.webhook_id not in Message.objects.values_list("webhook_id", flat=True)


def test_a_response_body_with_a_nul_byte_is_kept_readable(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    _endpoint(workspace_a, receiver)
    receiver.answers = [Answer(500, body="bad\x00body")]

    _enqueue(workspace_a)

    assert _only_delivery().last_response == "bad\ufffdbody"


def test_an_endpoint_deleted_while_its_delivery_is_on_its_way_breaks_nothing(
    workspace_a: Workspace, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxloop.delivery import transport

    created = _endpoint(workspace_a, receiver)
    real_post = transport.post

    def post_then_delete(*args: Any, **kwargs: Any) -> Any:
        reply = real_post(*args, **kwargs)
        WebhookEndpoint.objects.filter(pk=created.endpoint.pk).delete()
        return reply

    monkeypatch.setattr(transport, "post", post_then_delete)
    receiver.answers = [Answer(500)]
    with transaction.atomic():
        services.message_enqueue(
            workspace=workspace_a, event_type="response.created", payload={"id": 1}
        )
        transaction.get_connection().run_on_commit.clear()

    services.delivery_send(delivery_id=_only_delivery().pk)

    assert not Delivery.objects.exists()
    assert len(receiver.received) == 1

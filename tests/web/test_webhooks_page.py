"""Settings → Webhooks: an admin adds endpoints, sends test events and
redelivers dead letters; other roles and other workspaces cannot."""

from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from cxloop.accounts.models import User, Workspace
from cxloop.delivery import services, ssrf
from cxloop.delivery.models import Delivery, WebhookEndpoint
from tests.delivery.receiver import Answer, Receiver, receiving

Login = Callable[[User], Client]
PAGE = "/app/settings/webhooks/"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def receiver(settings: Settings) -> Iterator[Receiver]:
    settings.CXLOOP_WEBHOOK_ALLOW_PRIVATE = True
    with receiving() as running:
        yield running


def test_an_admin_adds_an_endpoint_and_sees_its_secret_once(
    login: Login, ada: User, workspace_a: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ssrf, "resolve", lambda host, port: ["93.184.215.14"])
    client = login(ada)

    response = client.post(
        PAGE,
        {
            "url": "https://erp.example/hooks",
            "description": "ERP <b>sync</b>",
            "event_types": ["response.created", "case.opened"],
        },
        follow=True,
    )

    page = response.content.decode()
    endpoint = WebhookEndpoint.objects.get(workspace=workspace_a)
    assert endpoint.event_types == ["response.created", "case.opened"]
    assert endpoint.secret in page
    assert "ERP &lt;b&gt;sync&lt;/b&gt;" in page
    again = client.get(PAGE).content.decode()
    assert endpoint.secret not in again
    assert endpoint.secret_prefix in again


def test_an_internal_url_is_refused_on_the_form(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    response = login(ada).post(PAGE, {"url": "http://169.254.169.254/latest/"})

    assert response.status_code == 200
    assert "internal address" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_send_test_event_lists_the_delivery_with_its_response(
    login: Login, ada: User, workspace_a: Workspace, receiver: Receiver
) -> None:
    created = services.endpoint_create(workspace=workspace_a, url=receiver.url)
    receiver.answers = [Answer(500, body="<i>broken</i>")]
    client = login(ada)

    client.post(f"/app/settings/webhooks/{created.endpoint.pk}/test/")

    page = client.get(PAGE).content.decode()
    assert "webhook.test" in page
    assert "&lt;i&gt;broken&lt;/i&gt;" in page
    assert len(receiver.received) == 1


def test_an_admin_redelivers_a_dead_letter_and_all_failed(
    login: Login, ada: User, workspace_a: Workspace, receiver: Receiver
) -> None:
    created = services.endpoint_create(workspace=workspace_a, url=receiver.url)
    receiver.answers = [Answer(500), Answer(500)]
    services.endpoint_send_test(endpoint=created.endpoint)
    services.endpoint_send_test(endpoint=created.endpoint)
    Delivery.objects.update(status="failed")
    first, second = Delivery.objects.order_by("pk")
    client = login(ada)

    client.post(f"/app/settings/webhook-deliveries/{first.pk}/redeliver/")
    first.refresh_from_db()
    assert first.status == "succeeded"
    client.post(
        f"/app/settings/webhooks/{created.endpoint.pk}/redeliver-failed/",
        {"since_hours": "24"},
    )
    second.refresh_from_db()
    assert second.status == "succeeded"


def test_an_admin_disables_rotates_and_deletes_an_endpoint(
    login: Login, ada: User, workspace_a: Workspace, receiver: Receiver
) -> None:
    created = services.endpoint_create(workspace=workspace_a, url=receiver.url)
    pk = created.endpoint.pk
    client = login(ada)

    client.post(f"/app/settings/webhooks/{pk}/enabled/", {"enabled": "0"})
    assert not WebhookEndpoint.objects.get(pk=pk).enabled
    page = client.post(f"/app/settings/webhooks/{pk}/rotate/", follow=True)
    rotated = WebhookEndpoint.objects.get(pk=pk)
    assert rotated.secret != created.secret
    assert rotated.secret in page.content.decode()
    client.post(f"/app/settings/webhooks/{pk}/delete/")
    assert not WebhookEndpoint.objects.filter(pk=pk).exists()


def test_an_agent_cannot_configure_webhooks(
    login: Login, ben: User, workspace_a: Workspace, receiver: Receiver
) -> None:
    created = services.endpoint_create(workspace=workspace_a, url=receiver.url)
    client = login(ben)

    assert client.get(PAGE).status_code == 403
    response = client.post(f"/app/settings/webhooks/{created.endpoint.pk}/test/")
    assert response.status_code == 403
    assert receiver.received == []


def test_another_workspaces_admin_cannot_reach_the_endpoints(
    login: Login, cleo: User, workspace_a: Workspace, receiver: Receiver
) -> None:
    created = services.endpoint_create(workspace=workspace_a, url=receiver.url)
    services.endpoint_send_test(endpoint=created.endpoint)
    delivery = Delivery.objects.get()
    pk = created.endpoint.pk
    client = login(cleo)

    assert receiver.url not in client.get(PAGE).content.decode()
    for path in [
        f"/app/settings/webhooks/{pk}/test/",
        f"/app/settings/webhooks/{pk}/enabled/",
        f"/app/settings/webhooks/{pk}/rotate/",
        f"/app/settings/webhooks/{pk}/delete/",
        f"/app/settings/webhooks/{pk}/redeliver-failed/",
        f"/app/settings/webhook-deliveries/{delivery.pk}/redeliver/",
    ]:
        assert client.post(path).status_code == 404, path
    assert WebhookEndpoint.objects.get(pk=pk).enabled
    assert len(receiver.received) == 1


def test_the_deliveries_page_lists_the_dead_letters_with_their_last_response(
    login: Login, ada: User, cleo: User, workspace_a: Workspace, receiver: Receiver
) -> None:
    created = services.endpoint_create(workspace=workspace_a, url=receiver.url)
    receiver.answers = [Answer(500, body="dead <letter>"), Answer(200)]
    services.endpoint_send_test(endpoint=created.endpoint)
    services.endpoint_send_test(endpoint=created.endpoint)
    Delivery.objects.filter(status="pending").update(status="failed")
    path = f"/app/settings/webhooks/{created.endpoint.pk}/deliveries/"
    client = login(ada)

    failed = client.get(path, {"status": "failed"}).content.decode()
    everything = client.get(path, {"cursor": "not a cursor"}).content.decode()

    assert failed.count('class="delivery delivery-failed"') == 1
    assert "delivery-succeeded" not in failed
    assert "dead &lt;letter&gt;" in failed
    assert everything.count('class="delivery delivery-') == 2
    assert login(cleo).get(path).status_code == 404


def test_a_deliverys_page_shows_every_attempt_with_its_answer_escaped(
    login: Login, ada: User, cleo: User, workspace_a: Workspace, receiver: Receiver
) -> None:
    created = services.endpoint_create(workspace=workspace_a, url=receiver.url)
    receiver.answers = [Answer(500, body="down <b>now</b>")]
    services.endpoint_send_test(endpoint=created.endpoint)
    delivery = Delivery.objects.get()
    assert delivery.next_attempt_at is not None
    services.delivery_send(delivery_id=delivery.pk, now=delivery.next_attempt_at)
    client = login(ada)
    listing = client.get(f"/app/settings/webhooks/{created.endpoint.pk}/deliveries/")
    path = f"/app/settings/webhook-deliveries/{delivery.pk}/"

    page = client.get(path).content.decode()

    assert path in listing.content.decode()
    assert page.count('class="attempt attempt-failed"') == 1
    assert page.count('class="attempt attempt-succeeded"') == 1
    assert "down &lt;b&gt;now&lt;/b&gt;" in page
    assert delivery.message.webhook_id in page
    assert login(cleo).get(path).status_code == 404

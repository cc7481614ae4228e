"""Webhook and chat URLs that point inside the network are refused, when
saved and again when sent; a request connects to the address that was
checked."""

import socket
from typing import Any

import pytest
from django.db import transaction
from pytest_django.fixtures import Settings

from cxloop.accounts.models import Workspace
from cxloop.delivery import services, ssrf
from cxloop.delivery.models import Delivery
from tests.delivery.receiver import Receiver

pytestmark = pytest.mark.django_db(transaction=True)

INTERNAL = [
    "http://127.0.0.1/hook",
    "http://127.1.2.3:8080/hook",
    "http://10.0.0.5/hook",
    "http://192.168.1.1/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://0.0.0.0/hook",
    "http://[fe80::1]/hook",
    "http://224.0.0.1/hook",
    "http://100.64.1.1/hook",
    "http://[2002:a00:1::1]/hook",
    "http://[64:ff9b::a00:1]/hook",
]


@pytest.mark.parametrize("url", INTERNAL)
def test_an_endpoint_on_an_internal_address_is_refused_naming_the_url(
    workspace_a: Workspace, url: str
) -> None:
    with pytest.raises(ssrf.UnsafeUrl) as refused:
        services.endpoint_create(workspace=workspace_a, url=url)
    assert refused.value.field == "url"
    assert refused.value.status == 422


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x", "file:///etc/passwd", "gopher://a/", "http:///x"]
)
def test_only_http_and_https_urls_are_accepted(
    workspace_a: Workspace, url: str
) -> None:
    with pytest.raises(ssrf.UnsafeUrl):
        services.endpoint_create(workspace=workspace_a, url=url)


def test_a_name_resolving_to_a_private_address_is_refused(
    workspace_a: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One public and one private answer: the private one is enough to refuse.
    monkeypatch.setattr(
        ssrf, "resolve", lambda host, port: ["93.184.215.14", "10.1.2.3"]
    )

    with pytest.raises(ssrf.UnsafeUrl) as refused:
        services.endpoint_create(workspace=workspace_a, url="https://hooks.example/x")
    assert "10.1.2.3" in refused.value.message


def test_a_name_that_cannot_be_resolved_is_refused(
    workspace_a: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    monkeypatch.setattr(ssrf, "resolve", fails)
    with pytest.raises(ssrf.UnsafeUrl):
        services.endpoint_create(workspace=workspace_a, url="https://nowhere.example/")


def test_a_public_name_is_accepted(
    workspace_a: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ssrf, "resolve", lambda host, port: ["93.184.215.14"])

    created = services.endpoint_create(
        workspace=workspace_a, url="https://hooks.example/x"
    )
    assert created.endpoint.enabled


def test_a_name_that_turns_private_after_saving_is_refused_at_send_time(
    workspace_a: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ssrf, "resolve", lambda host, port: ["93.184.215.14"])
    services.endpoint_create(workspace=workspace_a, url="http://hooks.example/x")
    monkeypatch.setattr(ssrf, "resolve", lambda host, port: ["127.0.0.1"])
    connected: list[object] = []
    monkeypatch.setattr(
        "socket.create_connection", lambda *args, **kwargs: connected.append(args)
    )

    with transaction.atomic():
        services.message_enqueue(
            workspace=workspace_a, event_type="response.created", payload={"id": 1}
        )

    delivery = Delivery.objects.get()
    assert connected == []
    assert delivery.status == Delivery.Status.PENDING
    assert "internal address" in delivery.last_error


def test_a_chat_url_on_an_internal_address_is_refused(workspace_a: Workspace) -> None:
    with pytest.raises(ssrf.UnsafeUrl):
        services.chat_enqueue(
            workspace=workspace_a, url="http://169.254.169.254/", text="hi"
        )


def test_a_redirect_to_an_internal_address_is_not_followed(
    workspace_a: Workspace, receiver: Receiver, settings: Settings
) -> None:
    from tests.delivery.receiver import Answer, receiving

    with receiving() as internal:
        receiver.answers = [Answer(307, headers={"Location": internal.url})]
        services.endpoint_create(workspace=workspace_a, url=receiver.url)
        with transaction.atomic():
            services.message_enqueue(
                workspace=workspace_a, event_type="response.created", payload={"id": 1}
            )
        assert internal.received == []
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.last_status_code == 307


def test_the_request_goes_to_the_checked_address_and_names_the_host(
    workspace_a: Workspace, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The name resolves to the receiver when checked; a second lookup (which
    # a rebinding attacker would answer differently) must never happen.
    answers = iter([["127.0.0.1"], ["127.0.0.1"]])
    monkeypatch.setattr(ssrf, "resolve", lambda host, port: next(answers))
    url = f"http://receiver.example:{receiver.port}/hooks"
    services.endpoint_create(workspace=workspace_a, url=url)
    real_getaddrinfo = socket.getaddrinfo
    looked_up: list[str] = []

    def getaddrinfo(host: str, *args: Any, **kwargs: Any) -> Any:
        looked_up.append(host)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    with transaction.atomic():
        services.message_enqueue(
            workspace=workspace_a, event_type="response.created", payload={"id": 1}
        )

    (received,) = receiver.wait_for(1)
    assert received.headers["host"] == f"receiver.example:{receiver.port}"
    assert "receiver.example" not in looked_up
    assert Delivery.objects.get().status == Delivery.Status.SUCCEEDED


def test_private_addresses_can_be_allowed_by_a_self_hosted_installation(
    workspace_a: Workspace, settings: Settings
) -> None:
    settings.CXLOOP_WEBHOOK_ALLOW_PRIVATE = True

    created = services.endpoint_create(workspace=workspace_a, url="http://10.0.0.5/x")

    assert created.endpoint.url == "http://10.0.0.5/x"

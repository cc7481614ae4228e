"""The changes that emit events: a stored response, an analysed comment and
a merge reach a subscribed endpoint, signed, in the same transaction."""

from typing import Any

import orjson
import pytest
from django.db import transaction
from standardwebhooks import Webhook

from cxloop.accounts.models import Workspace
from cxloop.customers import services as customer_services
from cxloop.delivery import services
from cxloop.delivery.models import Message
from cxloop.surveys.services import responses as response_services
from tests.customers import factories as customer_factories
from tests.delivery.receiver import Receiver

pytestmark = pytest.mark.django_db(transaction=True)


def _submit(workspace: Workspace, text: str) -> Any:
    data = response_services.ResponseInput(
        survey_key="feedback",
        answers={"text": text, "rating": 2},
        channel="api",
        locale="et",
    )
    return response_services.response_submit(workspace=workspace, data=data).response


def _events(receiver: Receiver, secret: str, count: int) -> list[dict[str, Any]]:
    return [
        Webhook(secret).verify(received.body, received.headers)
        for received in receiver.wait_for(count)
    ]


def test_a_stored_response_and_its_analysis_are_sent_to_a_subscribed_endpoint(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    created = services.endpoint_create(
        workspace=workspace_a,
        url=receiver.url,
        event_types=["response.created", "response.analysed"],
    )

    response = _submit(workspace_a, "Pakk jäi vihma kätte ja keegi ei vasta!")

    events = _events(receiver, created.secret, 2)
    by_type = {event["type"]: event["data"] for event in events}
    assert by_type["response.created"]["id"] == response.pk
    assert by_type["response.created"]["survey"] == "feedback"
    assert by_type["response.analysed"]["id"] == response.pk
    assert by_type["response.analysed"]["sentiment_label"] == "negative"


def test_a_response_that_rolled_back_sends_nothing(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    services.endpoint_create(workspace=workspace_a, url=receiver.url)

    with pytest.raises(RuntimeError), transaction.atomic():
        _submit(workspace_a, "Kõik oli hästi")
        raise RuntimeError("the request failed after storing")

    services.deliveries_send_due()
    assert receiver.received == []


def test_a_workspace_without_endpoints_stores_responses_without_messages(
    workspace_a: Workspace,
) -> None:
    _submit(workspace_a, "Kõik oli hästi")

    assert not Message.objects.exists()


def test_a_merge_is_sent_as_customer_merged(
    workspace_a: Workspace, receiver: Receiver
) -> None:
    created = services.endpoint_create(
        workspace=workspace_a, url=receiver.url, event_types=["customer.merged"]
    )
    survivor = customer_factories.customer(workspace_a, email="mari@example.ee")
    other = customer_factories.customer(workspace_a, email="mari@work.example")

    with transaction.atomic():
        customer_services.customer_merge(
            workspace=workspace_a,
            survivor=survivor,
            merged=[other],
            actor="ben",
            reason="Same person",
        )

    (event,) = _events(receiver, created.secret, 1)
    assert event["data"] == {"id": survivor.pk, "merged_ids": [other.pk]}
    assert orjson.loads(receiver.received[0].body)["type"] == "customer.merged"

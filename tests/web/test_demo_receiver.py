"""The demo's own webhook receiver: a signed case event lands and is listed
as verified; only the demo's receiver URL may be on loopback."""

import pytest
from django.test import Client
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from cxloop import demo
from cxloop.accounts import services as accounts
from cxloop.cases import services as cases
from cxloop.delivery import services as delivery
from cxloop.delivery.models import Delivery
from cxloop.errors import InvalidInput

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_case_opened_in_the_demo_lands_verified_on_its_receiver_page(
    live_server: LiveServer, settings: Settings, client: Client
) -> None:
    receiver_url = f"{live_server.url}{demo.RECEIVER_PATH}"
    settings.CXLOOP_WEBHOOK_ALLOW_URLS = [receiver_url]
    workspace = accounts.workspace_create(slug=demo.DEMO_SLUG, name="Demo shop")
    demo.load_webhooks(demo.DemoContext(workspace=workspace, receiver_url=receiver_url))

    case = cases.case_open(
        workspace=workspace, title="<i>Wet</i> parcel", source="manual"
    )

    sent = Delivery.objects.get()
    assert sent.status == Delivery.Status.SUCCEEDED, sent.last_error
    assert sent.last_status_code == 204
    page = client.get(demo.RECEIVER_PATH).content.decode()
    assert "case.opened" in page
    assert "signature verified" in page
    assert f"&quot;number&quot;: {case.number}" in page
    assert "<i>Wet</i>" not in page and "&lt;i&gt;Wet&lt;/i&gt;" in page


def test_a_forged_delivery_is_refused_and_listed_as_invalid(
    settings: Settings, client: Client
) -> None:
    settings.CXLOOP_WEBHOOK_ALLOW_URLS = ["http://127.0.0.1:8000/demo/receiver"]
    workspace = accounts.workspace_create(slug=demo.DEMO_SLUG, name="Demo shop")
    demo.load_webhooks(
        demo.DemoContext(
            workspace=workspace, receiver_url="http://127.0.0.1:8000/demo/receiver"
        )
    )

    forged = client.post(
        demo.RECEIVER_PATH,
        data=b'{"type": "case.opened"}',
        content_type="application/json",
        HTTP_WEBHOOK_ID="msg_forged",
        HTTP_WEBHOOK_TIMESTAMP="1",
        HTTP_WEBHOOK_SIGNATURE="v1,AAAA",
    )

    assert forged.status_code == 401
    assert "signature invalid" in client.get(demo.RECEIVER_PATH).content.decode()


def test_without_the_demo_the_receiver_is_not_there(client: Client) -> None:
    assert client.get(demo.RECEIVER_PATH).status_code == 404


def test_only_the_listed_url_may_be_internal(settings: Settings) -> None:
    settings.CXLOOP_WEBHOOK_ALLOW_URLS = ["http://127.0.0.1:8000/demo/receiver"]
    workspace = accounts.workspace_create(slug="shop", name="Shop")

    with pytest.raises(InvalidInput):
        delivery.endpoint_create(workspace=workspace, url="http://127.0.0.1:8000/other")
    delivery.endpoint_create(
        workspace=workspace, url="http://127.0.0.1:8000/demo/receiver"
    )

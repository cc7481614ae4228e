"""Real deliveries all the way into customers: the order a support agent then finds."""

from decimal import Decimal
from pathlib import Path

from cxloop.accounts.models import Workspace
from cxloop.customers import selectors as customers
from cxloop.customers.models import Order
from cxloop.integrations.models import ShopConnection, WebhookDelivery
from cxloop.journeys.models import Event
from tests.integrations.conftest import Post
from tests.integrations.test_webhooks import MAGENTO_A, _magento, _shopify, _woo


def test_a_shopify_order_becomes_an_order_of_a_customer_found_by_email(
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    path, body, headers = _shopify("orders/create", "order.json", "order")(shared_data)

    post(path, body, headers)
    post(path, body, headers)  # Shopify retries: nothing twice

    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.APPLIED
    customer = customers.customer_lookup(
        workspace=workspace_a, email="Bob.Norman@hostmail.com"
    )
    order = Order.objects.get(workspace=workspace_a)
    assert order.customer_id == customer.pk
    assert (order.number, order.total, order.currency) == (
        "#1001",
        Decimal("409.94"),
        "USD",
    )
    summary = customers.order_summary(customer=customer)
    assert summary["count"] == 1
    assert Event.objects.filter(workspace=workspace_a, type="order_placed").count() == 1


def test_woocommerce_and_magento_orders_land_as_orders_too(
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    for build in (
        _woo("order.created", "order_created.json"),
        _magento(MAGENTO_A, "order_get_V1_orders_3.json"),
    ):
        path, body, headers = build(shared_data)
        assert post(path, body, headers).status_code == 200

    sources = set(
        Order.objects.filter(workspace=workspace_a).values_list("source", flat=True)
    )
    assert sources == {"woocommerce", "magento"}
    assert not WebhookDelivery.objects.exclude(
        status=WebhookDelivery.Status.APPLIED
    ).exists()


def test_a_value_that_is_no_phone_number_is_kept_and_reported_on_the_delivery(
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    # Shopify's sample order gives the fictional US number 555-625-1199.
    path, body, headers = _shopify("orders/create", "order.json", "order")(shared_data)

    post(path, body, headers)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.APPLIED
    assert "phone '555-625-1199' is not a valid phone number" in delivery.note
    customer = customers.customer_lookup(
        workspace=workspace_a, email="bob.norman@hostmail.com"
    )
    phone = customer.identities.get(kind="phone")
    assert (phone.raw, phone.verified) == ("555-625-1199", False)

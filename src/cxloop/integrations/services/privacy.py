"""A platform's privacy requests: forget a person, show them their data,
forget a whole shop (Shopify's mandatory compliance webhooks).

Each one is handled in the delivery's own transaction, and the delivery's
body, which names the person, is emptied once it has been handled: the
request is remembered (topic, time, delivery id, a note of what was done),
the personal data is not.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from cxloop.accounts import selectors as account_selectors
from cxloop.accounts.models import Membership, Workspace
from cxloop.customers import hooks as customer_hooks
from cxloop.customers import selectors as customer_selectors
from cxloop.customers import services as customers
from cxloop.customers.inputs import IdentitySignals
from cxloop.customers.models import Customer, Order
from cxloop.integrations.models import ShopConnection, ShopObject, WebhookDelivery
from cxloop.integrations.platforms.base import PrivacyRequest
from cxloop.integrations.services.common import Status
from cxloop.integrations.services.erasure import (
    ERASED_BODY,
    delivery_erase_for_customer,
)

# Shopify's resources whose ids name an order or a customer in `ShopObject`
# and in a delivery's object id.
ORDER_TOPIC_PREFIXES = ("orders/", "fulfillment")
CUSTOMER_TOPIC_PREFIXES = ("customers/",)


def privacy_apply(*, delivery: WebhookDelivery, value: PrivacyRequest) -> list[str]:
    """Handle one privacy request; return the note that says what was done."""
    workspace = delivery.workspace
    if value.kind == "customer_redact":
        notes = _customer_redact(workspace, value)
    elif value.kind == "data_request":
        notes = _data_request(workspace, value)
    elif value.kind == "shop_redact":
        notes = _shop_redact(delivery.connection, value)
    else:
        raise ValueError(f"Unknown privacy request {value.kind!r}.")
    return notes


def _signals(value: PrivacyRequest) -> IdentitySignals:
    external = value.customer_external_id
    return IdentitySignals(
        email=value.email,
        phone=value.phone,
        external_ids=(f"{value.source}:{external}",) if external else (),
    )


def _people(workspace: Workspace, value: PrivacyRequest) -> list[Customer]:
    """The profiles the request names: by shop id, e-mail or phone, and the
    owners of the orders it lists; never one already erased."""
    found: dict[int, Customer] = {}
    candidates = [
        ("external_id", f"{value.source}:{value.customer_external_id}")
        if value.customer_external_id
        else None,
        ("email", value.email) if value.email else None,
        ("phone", value.phone) if value.phone else None,
    ]
    for candidate in candidates:
        if candidate is None:
            continue
        kind, raw = candidate
        customer = customer_selectors.customer_find(
            workspace=workspace, kind=kind, raw=raw
        )
        if customer is not None:
            found[customer.pk] = customer
    if value.order_ids:
        owners = Customer.objects.of(workspace).filter(
            orders__source=value.source, orders__external_id__in=value.order_ids
        )
        found.update({customer.pk: customer for customer in owners})
    return [customer for customer in found.values() if customer.erased_at is None]


def _customer_redact(workspace: Workspace, value: PrivacyRequest) -> list[str]:
    people = _people(workspace, value)
    for customer in people:
        customers.customer_erase(
            workspace=workspace,
            customer=customer,
            actor=value.source,
            reason=f"{value.source} customers/redact",
        )
    # Deliveries that name the person although no profile does (an order
    # that failed, a customer cxloop never matched), and those of the orders
    # the request lists: the same hook an erasure calls, with what the shop
    # says of them.
    region = workspace.phone_region
    identities = {
        reading.key
        for reading in customer_selectors.signals_read(
            signals=_signals(value), region=region
        )
        if reading.ok
    }
    identities |= {("external", f"{value.source}:{order}") for order in value.order_ids}
    erased = delivery_erase_for_customer(
        workspace,
        customer_hooks.ErasureSubject(
            customer_ids=tuple(customer.pk for customer in people),
            identities=tuple(sorted(identities)),
        ),
    )
    return [
        f"customer redacted: {len(people)} profile(s) erased, "
        f"{erased['shop_deliveries']} further delivery(ies) emptied"
    ]


def _admins(workspace: Workspace) -> list[str]:
    return [
        membership.user.email
        for membership in account_selectors.membership_list(workspace=workspace)
        if membership.role == Membership.Role.ADMIN and membership.user.is_active
    ]


def _data_request(workspace: Workspace, value: PrivacyRequest) -> list[str]:
    """Tell the workspace's admins; the export itself is the profile's.

    The e-mail names the profile and links to its export (the dashboard's
    export.json, `GET /api/v1/customers/{id}/export`) rather than carrying
    the person's data: an admin signs in to read it and answers the person
    within the 30 days Shopify gives the merchant.
    """
    people = _people(workspace, value)
    base_url = settings.CXLOOP_BASE_URL.rstrip("/")
    with translation.override(workspace.default_locale):
        subject = _("%(workspace)s: a customer asked for their data") % {
            "workspace": workspace.name
        }
        intro = _(
            "The shop %(shop)s forwarded a customer's request for the data held "
            "about them. Send it to them within 30 days."
        ) % {"shop": value.shop_domain or value.source}
        lines = []
        for customer in people:
            export = customer_selectors.customer_export(
                workspace=workspace, customer=customer
            )
            link = base_url + reverse("web:customer_export", args=[customer.pk])
            lines.append(
                _("Profile %(id)s, orders held: %(orders)d. Its export: %(link)s")
                % {"id": customer.pk, "orders": len(export["orders"]), "link": link}
            )
        if not people:
            lines.append(_("No profile here matches the customer: nothing is held."))
    recipients = _admins(workspace)
    if recipients:
        text = "\n\n".join([intro, *lines]) + "\n"
        html = format_html(
            "<p>{}</p><ul>{}</ul>",
            intro,
            format_html_join("", "<li>{}</li>", ((line,) for line in lines)),
        )
        message = EmailMultiAlternatives(subject, text, None, recipients)
        message.attach_alternative(str(html), "text/html")
        transaction.on_commit(lambda: message.send(fail_silently=True))
    return [
        f"data request: {len(people)} profile(s) found, {len(recipients)} admin(s) told"
    ]


def _shop_redact(connection: ShopConnection, value: PrivacyRequest) -> list[str]:
    """Forget what came from this shop, 48 hours after it removed the app.

    Goes: every order the shop reported (the order and its lines, as a
    deleted order goes; the journey events stay, as what happened), the
    profiles of the shop's customers that nothing else keeps (no order
    from another source left), and the body of every delivery of the
    connection. The connection is paused, its memory of object states
    dropped. Kept: profiles also known from elsewhere (without this shop's
    orders), survey responses' scores, the delivery rows without bodies.
    """
    workspace = connection.workspace
    source = value.source
    deliveries = WebhookDelivery.objects.of(workspace).filter(connection=connection)
    order_ids = set(
        ShopObject.objects.filter(connection=connection, resource="orders").values_list(
            "object_id", flat=True
        )
    ) | {
        object_id
        for topic, object_id in deliveries.values_list("topic", "object_id")
        if object_id and topic.startswith(ORDER_TOPIC_PREFIXES)
    }
    customer_ids = {
        object_id
        for topic, object_id in deliveries.values_list("topic", "object_id")
        if object_id and topic.startswith(CUSTOMER_TOPIC_PREFIXES)
    } | set(
        ShopObject.objects.filter(
            connection=connection, resource="customers"
        ).values_list("object_id", flat=True)
    )
    orders = Order.objects.of(workspace).filter(
        source=source, external_id__in=order_ids
    )
    owners = set(orders.exclude(customer=None).values_list("customer_id", flat=True))
    for external in customer_ids:
        customer = customer_selectors.customer_find(
            workspace=workspace, kind="external_id", raw=f"{source}:{external}"
        )
        if customer is not None:
            owners.add(customer.pk)
    removed = 0
    for external_id in orders.values_list("external_id", flat=True):
        removed += customers.order_remove(
            workspace=workspace, source=source, external_id=external_id
        )
    kept_elsewhere = set(
        Order.objects.of(workspace)
        .filter(customer_id__in=owners)
        .values_list("customer_id", flat=True)
    )
    erased = 0
    for customer in Customer.objects.of(workspace).filter(
        pk__in=owners - kept_elsewhere, erased_at=None
    ):
        customers.customer_erase(
            workspace=workspace,
            customer=customer,
            actor=source,
            reason=f"{source} shop/redact",
        )
        erased += 1
    deliveries.filter(status__in=[Status.RECEIVED, Status.FAILED]).update(
        status=Status.IGNORED
    )
    emptied = deliveries.exclude(body=ERASED_BODY).update(
        body=ERASED_BODY, object_id="", error="", note=""
    )
    ShopObject.objects.filter(connection=connection).delete()
    ShopConnection.objects.filter(pk=connection.pk).update(active=False)
    return [
        f"shop redacted: {removed} order(s) removed, {erased} profile(s) erased, "
        f"{emptied} delivery body(ies) emptied, connection paused"
    ]

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
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from cxloop.accounts import selectors as account_selectors
from cxloop.accounts.models import Membership, Workspace
from cxloop.customers import hooks as customer_hooks
from cxloop.customers import selectors as customer_selectors
from cxloop.customers import services as customers
from cxloop.customers.inputs import IdentitySignals
from cxloop.customers.models import Customer
from cxloop.integrations.models import ShopConnection, ShopObject, WebhookDelivery
from cxloop.integrations.platforms import shopify
from cxloop.integrations.platforms.base import NotApplied, PrivacyRequest
from cxloop.integrations.services.common import Status
from cxloop.integrations.services.erasure import (
    ERASED_BODY,
    delivery_erase_for_customer,
)

# Shopify's resources whose ids name an order or a customer in `ShopObject`
# and in a delivery's object id.
ORDER_TOPIC_PREFIXES = ("orders/", "fulfillment")
CUSTOMER_TOPIC_PREFIXES = ("customers/",)
MYSHOPIFY = ".myshopify.com"
# The dashboard's export of a profile (`web:customer_export`), linked from
# the data request's e-mail. Written out rather than reversed: the web app
# sits above this one and is not imported from it; a test checks the two
# agree.
CUSTOMER_EXPORT_PATH = "/app/customers/{pk}/export.json"


def privacy_screen(
    *, delivery: WebhookDelivery, value: PrivacyRequest
) -> PrivacyRequest | NotApplied:
    """The request, or why it is not applied to this connection.

    One app secret signs the deliveries of every shop that installed the
    app, so a valid signature does not say which shop a request is about:
    a development store's `shop/redact` would otherwise erase production.
    A request is applied only when both the body's `shop_domain` and the
    X-Shopify-Shop-Domain header are the connection's myshopify.com domain;
    a connection that names its shop otherwise (a custom domain, nothing)
    cannot be checked and applies none. Refused ones are kept as ignored,
    and the shop is answered as for any delivery, so it does not retry.
    """
    expected = shopify.shop_domain(delivery.connection.shop)
    if not expected.endswith(MYSHOPIFY):
        return NotApplied(
            "privacy request not applied: the connection's shop is not "
            "its myshopify.com domain, so the request's shop cannot be checked"
        )
    said = {value.shop_domain, shopify.shop_domain(delivery.shop_domain)}
    if said != {expected}:
        given = ", ".join(sorted(domain or "(none)" for domain in said))
        return NotApplied(
            f"privacy request not applied: it is about the shop {given}, "
            f"not this connection's {expected}"
        )
    return value


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
        owners = customer_selectors.order_owners(
            workspace=workspace, source=value.source, external_ids=value.order_ids
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
    erased = delivery_erase_for_customer(
        workspace,
        customer_hooks.ErasureSubject(
            customer_ids=tuple(customer.pk for customer in people),
            identities=tuple(sorted(identities)),
        ),
        order_keys=[(value.source, order) for order in value.order_ids],
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
            orders = customer_selectors.order_count(customer=customer)
            link = base_url + CUSTOMER_EXPORT_PATH.format(pk=customer.pk)
            lines.append(
                _("Profile %(id)s, orders held: %(orders)d. Its export: %(link)s")
                % {"id": customer.pk, "orders": orders, "link": link}
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
    # Every id the shop ever sent can be far more than one query may bind:
    # the selectors read them in chunks.
    held = customer_selectors.order_external_ids(
        workspace=workspace, source=source, external_ids=order_ids
    )
    owners = customer_selectors.order_owner_ids(
        workspace=workspace, source=source, external_ids=held
    )
    for external in customer_ids:
        customer = customer_selectors.customer_find(
            workspace=workspace, kind="external_id", raw=f"{source}:{external}"
        )
        if customer is not None:
            owners.add(customer.pk)
    removed = 0
    for external_id in held:
        removed += customers.order_remove(
            workspace=workspace, source=source, external_id=external_id
        )
    erased = 0
    for customer in customer_selectors.customers_without_orders(
        workspace=workspace, customer_ids=owners
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

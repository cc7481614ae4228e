"""Shop connections: created with a secret, a REST key, paused."""

import re
import secrets
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.errors import Conflict, InvalidInput
from cxloop.integrations import magento_api, tasks, woocommerce_api
from cxloop.integrations.models import (
    Platform,
    ShopConnection,
    WebhookDelivery,
)
from cxloop.integrations.services.common import (
    GENERATED_SECRET_BYTES,
    MIN_SECRET_LENGTH,
)

# ------------------------------------------------------------- connections

SHOP_HOST = re.compile(
    r"^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*(:[0-9]{1,5})?$",
    re.IGNORECASE,
)


def _check_shop(shop: str) -> None:
    """A shop is named by its host: `pood.ee`, `localhost:8080` while testing.

    The value is shown in the dashboard and compared with what a platform
    sends, so a URL, a sentence or markup is refused rather than stored.
    """
    try:
        host = shop.encode("idna").decode("ascii")  # ääkkönen.fi is a host
    except UnicodeError:
        host = ""
    if len(host) > 253 or not SHOP_HOST.match(host):
        raise InvalidInput(
            _("Enter the shop's domain, e.g. my-shop.myshopify.com."), field="shop"
        )


@dataclass(frozen=True)
class ConnectionCreated:
    connection: ShopConnection
    # The secret in clear, returned this once; None when the caller chose it.
    generated_secret: str | None


def _check_rest_access(*, platform: str, url: str, key: str, secret: str) -> None:
    if not (url or key or secret):
        return
    if platform == Platform.MAGENTO:
        _check_magento_access(url=url, token=key, secret=secret)
        return
    if platform != Platform.WOOCOMMERCE:
        raise InvalidInput(
            _("Only a WooCommerce connection reads the shop's REST API."),
            field="rest_url",
        )
    if not woocommerce_api.address_is_allowed(url):
        raise InvalidInput(
            _(
                "Give the shop's address starting with https:// (http:// only "
                "for this machine)."
            ),
            field="rest_url",
        )
    if not (key and secret):
        raise InvalidInput(
            _("Give both the REST API consumer key and its secret."),
            field="rest_key" if not key else "rest_secret",
        )


def _check_magento_access(*, url: str, token: str, secret: str) -> None:
    """Magento is read with one value: an integration's access token."""
    if not magento_api.address_is_allowed(url):
        raise InvalidInput(
            _(
                "Give the shop's address starting with https:// (http:// only "
                "for this machine)."
            ),
            field="rest_url",
        )
    if not token or secret:
        raise InvalidInput(
            _("Give the Magento integration's access token as the key, and no secret."),
            field="rest_key" if not token else "rest_secret",
        )


@transaction.atomic
def connection_create(
    *,
    workspace: Workspace,
    platform: str,
    secret: str = "",
    shop: str = "",
    rest_url: str = "",
    rest_key: str = "",
    rest_secret: str = "",
) -> ConnectionCreated:
    """Allow a shop to deliver to the workspace.

    Shopify signs with the app's client secret, which only Shopify issues;
    for WooCommerce and Magento the secret is ours to choose, so one is made
    when none is given. A WooCommerce connection may also get a REST API key
    (read access is enough) for the catch-up sync.
    """
    rest_url, rest_key, rest_secret = (
        rest_url.strip(),
        rest_key.strip(),
        rest_secret.strip(),
    )
    _check_rest_access(
        platform=platform, url=rest_url, key=rest_key, secret=rest_secret
    )
    if platform not in Platform.values:
        raise InvalidInput(_("Unknown platform."), field="platform")
    shop = shop.strip()
    if shop:
        _check_shop(shop)
    secret = secret.strip()
    generated = None
    if not secret:
        if platform == Platform.SHOPIFY:
            raise InvalidInput(
                _("Paste the client secret of your Shopify app."), field="secret"
            )
        secret = generated = secrets.token_urlsafe(GENERATED_SECRET_BYTES)
    if len(secret) < MIN_SECRET_LENGTH:
        raise InvalidInput(
            _("The secret must be at least %(n)d characters long.")
            % {"n": MIN_SECRET_LENGTH},
            field="secret",
        )
    connections = ShopConnection.objects.of(workspace)
    if connections.filter(platform=platform, secret=secret).exists():
        raise Conflict(
            _("This workspace already has a connection with this secret."),
            field="secret",
        )
    connection = ShopConnection(
        workspace=workspace,
        platform=platform,
        secret=secret,
        shop=shop.strip(),
        rest_url=rest_url,
        rest_key=rest_key,
        rest_secret=rest_secret,
    )
    try:
        connection.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise InvalidInput(f"{field}: {messages[0]}", field=field) from error
    connection.save()
    return ConnectionCreated(connection=connection, generated_secret=generated)


@transaction.atomic
def connection_set_rest_access(
    *, connection: ShopConnection, url: str, key: str, secret: str
) -> ShopConnection:
    """Give (or, with three empty values, take away) the REST API key."""
    url, key, secret = url.strip(), key.strip(), secret.strip()
    _check_rest_access(platform=connection.platform, url=url, key=key, secret=secret)
    connection.rest_url, connection.rest_key, connection.rest_secret = url, key, secret
    connection.save(update_fields=["rest_url", "rest_key", "rest_secret"])
    return connection


@transaction.atomic
def connection_set_active(
    *, connection: ShopConnection, active: bool
) -> ShopConnection:
    """Pause or resume a connection.

    A paused connection's deliveries are still verified and kept (a shop
    answered 404 would disable its webhook, or lose the order for good);
    resuming queues them to be applied, oldest first.
    """
    connection.active = active
    connection.save(update_fields=["active"])
    if active:
        waiting = list(
            WebhookDelivery.objects.filter(
                connection=connection, status=WebhookDelivery.Status.PAUSED
            )
            .order_by("received_at", "pk")
            .values_list("pk", flat=True)
        )
        WebhookDelivery.objects.filter(pk__in=waiting).update(
            status=WebhookDelivery.Status.RECEIVED
        )
        for pk in waiting:
            transaction.on_commit(partial(tasks.delivery_apply.enqueue, delivery_id=pk))
    return connection

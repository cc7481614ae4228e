from django.db import models
from django.urls import reverse
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from cxloop.accounts.models import TenantModel

SHOWN_SECRET_CHARACTERS = 4
# "ck_" plus four: enough to tell two keys apart in WooCommerce's key list.
SHOWN_REST_KEY_CHARACTERS = 7
# Where each platform delivers; Magento also has `integrations:magento_customers`.
WEBHOOK_URL_NAMES = {
    "shopify": "integrations:shopify_webhook",
    "woocommerce": "integrations:woocommerce_webhook",
    "magento": "integrations:magento_orders",
}


class Platform(models.TextChoices):
    SHOPIFY = "shopify", "Shopify"
    WOOCOMMERCE = "woocommerce", "WooCommerce"
    MAGENTO = "magento", "Magento 2"


class ShopConnection(TenantModel):
    """An e-shop allowed to send its orders and customers to a workspace.

    The secret signs (Shopify, WooCommerce) or authorises (Magento) every
    delivery, so it is kept in clear: an HMAC cannot be checked against a
    hash. It is shown once, when it is created, and only its first characters
    afterwards. A workspace may hold several connections of one platform
    (two shops, or an old and a new secret while rotating); a delivery
    belongs to the one whose secret verifies it.
    """

    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    secret = models.CharField(_("secret"), max_length=255)
    shop = models.CharField(
        _("shop"),
        max_length=255,
        blank=True,
        help_text=_("The shop's domain or name, e.g. my-shop.myshopify.com."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=now)
    last_delivery_at = models.DateTimeField(_("last delivery"), null=True, blank=True)
    # WooCommerce's REST API, read to catch up on what its webhooks never
    # delivered (it does not retry). The consumer secret is sent with every
    # request, so, like the webhook secret, it is kept in clear and only its
    # first characters are ever shown. Magento's is read the same way with
    # an integration's access token, kept as `rest_key` (no secret).
    rest_url = models.URLField(_("shop address"), max_length=255, blank=True)
    rest_key = models.CharField(_("REST API consumer key"), max_length=255, blank=True)
    rest_secret = models.CharField(
        _("REST API consumer secret"), max_length=255, blank=True
    )
    # The newest `date_modified_gmt` of the orders read so far: the next
    # sync asks for what changed after it.
    sync_cursor = models.DateTimeField(_("synced up to"), null=True, blank=True)
    synced_at = models.DateTimeField(_("last sync"), null=True, blank=True)
    sync_error = models.TextField(_("last sync error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("shop connection")
        constraints = [
            # Two connections with one secret could not tell their deliveries
            # apart.
            models.UniqueConstraint(
                fields=["workspace", "platform", "secret"],
                name="shopconnection_unique_secret",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.shop or self.pk}"

    @property
    def secret_prefix(self) -> str:
        """All that is shown of the secret after it was created."""
        return f"{self.secret[:SHOWN_SECRET_CHARACTERS]}…"

    @property
    def rest_key_prefix(self) -> str:
        """All that is shown of the REST key; '' when there is none."""
        return f"{self.rest_key[:SHOWN_REST_KEY_CHARACTERS]}…" if self.rest_key else ""

    @property
    def can_sync(self) -> bool:
        # Magento's integration access token is one value, kept as the key.
        if self.platform == Platform.MAGENTO:
            return bool(self.rest_url and self.rest_key)
        return bool(self.rest_url and self.rest_key and self.rest_secret)

    @property
    def webhook_path(self) -> str:
        """The path to paste, after this server's address, into the shop."""
        return reverse(WEBHOOK_URL_NAMES[self.platform], args=[self.workspace.slug])


class WebhookDelivery(TenantModel):
    """One request a shop sent, kept verbatim before anything is done with it.

    Stored first and applied afterwards, so an accepted delivery survives a
    crash and a failed one can be applied again. `delivery_id` is the
    platform's own id of the delivery (Shopify repeats it on every retry);
    its uniqueness is what turns a retry into a no-op.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed")
        IGNORED = "ignored", _("Ignored (not applied)")
        # A platform's own sample ("Send test notification" in Shopify):
        # read, never applied, and shown apart from real ignored deliveries.
        TEST = "test", _("Test (not applied)")
        # Received while its connection was paused: applied once resumed.
        PAUSED = "paused", _("Paused (applied when resumed)")

    connection = models.ForeignKey(
        ShopConnection, on_delete=models.RESTRICT, related_name="deliveries"
    )
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    topic = models.CharField(_("topic"), max_length=100)
    delivery_id = models.CharField(_("delivery id"), max_length=255)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    body = models.TextField(_("body"))
    received_at = models.DateTimeField(_("received"), default=now)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # What was stored but deserves a look, e.g. an e-mail that is no address
    # (kept as an unverified identity that matches nobody).
    note = models.TextField(_("note"), blank=True)
    # What the platform says of the delivery beyond its body (Shopify:
    # X-Shopify-Event-Id, -Shop-Domain, -API-Version, -Triggered-At); blank
    # where a platform does not send it.
    event_id = models.CharField(_("event id"), max_length=255, blank=True)
    shop_domain = models.CharField(_("shop domain"), max_length=255, blank=True)
    api_version = models.CharField(_("API version"), max_length=32, blank=True)
    triggered_at = models.DateTimeField(_("triggered"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "platform", "delivery_id"],
                name="webhookdelivery_unique_delivery",
            )
        ]
        indexes = [
            models.Index(fields=["connection", "received_at"]),
            models.Index(fields=["status", "last_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.topic} {self.delivery_id}"

    @property
    def is_settled(self) -> bool:
        """Nothing more will be done with it unless someone asks."""
        return self.status in {
            self.Status.APPLIED,
            self.Status.IGNORED,
            self.Status.TEST,
        }


class ShopObject(TenantModel):
    """The newest state of one shop object that cxloop has applied.

    Webhooks and the catch-up sync report the same orders, in any order and
    late; comparing the shop's own `date_modified` with this row lets a
    newer state win over an older one whichever arrives first. A deletion
    is remembered too, so a late update does not bring the object back.
    """

    connection = models.ForeignKey(
        ShopConnection, on_delete=models.CASCADE, related_name="objects_seen"
    )
    resource = models.CharField(_("resource"), max_length=16)
    object_id = models.CharField(_("object id"), max_length=100)
    modified_at = models.DateTimeField(_("modified in the shop"), null=True)
    deleted_at = models.DateTimeField(_("deleted in the shop"), null=True)

    class Meta:
        verbose_name = _("shop object")
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "resource", "object_id"],
                name="shopobject_unique_object",
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.object_id}"

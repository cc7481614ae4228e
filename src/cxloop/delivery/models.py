from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from cxloop.accounts.models import TenantModel

SHOWN_SECRET_CHARACTERS = 10  # "whsec_" and four characters of the key


class WebhookEndpoint(TenantModel):
    """A URL of the workspace's own systems that receives signed events.

    The secret signs every delivery (HMAC-SHA256, Standard Webhooks), so it
    is kept in clear: a signature cannot be made from a hash. It is shown
    once, on creation and on rotation. After a rotation the previous secret
    keeps signing alongside the new one until `previous_secret_expires_at`,
    so receivers can switch without losing a delivery.
    """

    url = models.URLField(_("URL"), max_length=2000)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # Empty: every event type.
    event_types = models.JSONField(_("event types"), default=list, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    disabled_reason = models.CharField(
        _("disabled because"), max_length=300, blank=True
    )
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    secret = models.CharField(_("secret"), max_length=100)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    # The first failure since the last success; five days of it disable.
    failing_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook endpoint")
        indexes = [models.Index(fields=["workspace", "enabled"])]

    def __str__(self) -> str:
        return self.url

    @property
    def secret_prefix(self) -> str:
        """All that is shown of the secret after it was created."""
        return f"{self.secret[:SHOWN_SECRET_CHARACTERS]}…"

    def subscribes_to(self, event_type: str) -> bool:
        return not self.event_types or event_type in self.event_types


class Channel(models.TextChoices):
    WEBHOOK = "webhook", _("Webhook")
    EMAIL = "email", _("E-mail")
    CHAT = "chat", _("Chat")


class Message(TenantModel):
    """One outbound event, written in the transaction of the change it tells of.

    `body` holds the exact bytes every delivery sends and signs;
    `webhook_id` is the Standard Webhooks `webhook-id`, the same on every
    attempt and redelivery so a receiver can drop duplicates.
    """

    event_type = models.CharField(_("event type"), max_length=100)
    webhook_id = models.CharField(_("message id"), max_length=40, unique=True)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created"), default=now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outbound message")

    def __str__(self) -> str:
        return f"{self.event_type} {self.webhook_id}"


class Delivery(TenantModel):
    """One message on its way to one target: an endpoint, an address, a chat.

    `next_attempt_at` doubles as the claim: a worker moves it past the
    attempt's time-out before sending, so a second worker leaves the row
    alone, and a worker killed mid-attempt only delays it until then.
    `claim_token` names the claim that holds it: a drain finds the rows its
    conditional UPDATE took by it, and records an outcome only while its
    token is still the row's (a later claim after a lost lease wins).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Delivered")
        FAILED = "failed", _("Failed")

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.WEBHOOK
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    # An e-mail address or a chat webhook URL; empty for an endpoint.
    target = models.CharField(_("to"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(
        _("last response status"), null=True, blank=True
    )
    last_response = models.TextField(_("last response"), blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), default=now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["endpoint", "created_at"]),
            models.Index(fields=["workspace", "status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.endpoint_id or self.target}"


class DeliveryAttempt(models.Model):
    """One try of a delivery: what came back, or why nothing did.

    Written with the outcome it records (in bulk when a drain records a
    batch); goes with its delivery, and so with its message when pruned.
    The delivery is the way in: selectors scope attempts through it.
    """

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempt_rows"
    )
    # Counts from 1 again after a redelivery, as `Delivery.attempts` does.
    number = models.PositiveIntegerField(_("attempt"))
    at = models.DateTimeField(_("at"))
    duration_ms = models.PositiveIntegerField(_("took (ms)"), default=0)
    status_code = models.PositiveIntegerField(
        _("response status"), null=True, blank=True
    )
    response = models.TextField(_("response"), blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("delivery attempt")
        indexes = [models.Index(fields=["delivery", "at"])]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

from django.db import models
from django.utils.timezone import now

from cxloop.accounts.models import TenantModel


class Event(TenantModel):
    """Something a customer did at a touchpoint: a search, a page view, a delivery.

    `event_id` is chosen by the sender, so a retried batch is stored once.
    The sender's reference (`{"external_id"|"email"|"phone": …}`) and
    anonymous id are kept as sent; `customer` is the profile they resolve to.
    """

    event_id = models.CharField(max_length=100)
    type = models.CharField(max_length=100)
    touchpoint = models.CharField(max_length=100, blank=True)
    customer_ref = models.JSONField(default=dict, blank=True)
    # The profile the reference (or the browser id) resolved to; null while
    # an anonymous visitor is unknown. Indexed below with `occurred_at`.
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    anonymous_id = models.CharField(max_length=100, blank=True)
    session_id = models.CharField(max_length=100, blank=True)
    properties = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(default=now)
    # Which ingestion call stored the row: lets a batch count exactly what it
    # inserted even when a concurrent retry of the same batch races it.
    ingest_batch = models.UUIDField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "event_id"], name="event_unique_per_workspace"
            )
        ]
        indexes = [
            models.Index(fields=["workspace", "type", "occurred_at"]),
            models.Index(fields=["workspace", "anonymous_id", "occurred_at"]),
            models.Index(fields=["customer", "-occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"

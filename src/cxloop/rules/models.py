from typing import Any, ClassVar

from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from cxloop.accounts.models import TenantModel

DEFAULT_THROTTLE_DAYS = 7


class Trigger(models.TextChoices):
    """What a rule listens to; each names the kind of object it looks at."""

    RESPONSE_STORED = "response.stored", _("A response is stored")
    RESPONSE_ANALYSED = "response.analysed", _("A response's comment is analysed")
    EVENT_RECEIVED = "event.received", _("A journey event is received")
    CASE_CHANGED = "case.changed", _("A case is opened or changed")
    SCHEDULE = "schedule", _("Every hour, the responses since the last run")


class ObjectKind(models.TextChoices):
    RESPONSE = "response", _("Response")
    EVENT = "event", _("Event")
    CASE = "case", _("Case")


TRIGGER_KINDS: dict[str, str] = {
    Trigger.RESPONSE_STORED: ObjectKind.RESPONSE,
    Trigger.RESPONSE_ANALYSED: ObjectKind.RESPONSE,
    Trigger.EVENT_RECEIVED: ObjectKind.EVENT,
    Trigger.CASE_CHANGED: ObjectKind.CASE,
    Trigger.SCHEDULE: ObjectKind.RESPONSE,
}


class Rule(TenantModel):
    """When a signal matches the conditions, do the actions, in order.

    `conditions` is a list of `{"field", "op", "value", "key"?}` (see
    `rules.conditions`), `actions` a list of `{"type", …}` (see
    `rules.actions`); both are validated by the services before saving, so
    a stored rule always reads. `match` says whether all conditions must
    hold or any one. `seed_key` marks the default rules a workspace starts
    with, so seeding twice adds nothing. `throttle_days` keeps one case per
    customer open at a time: within it, a new signal joins the open case.
    """

    class Match(models.TextChoices):
        ALL = "all", _("All conditions")
        ANY = "any", _("Any condition")

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    trigger = models.CharField(_("trigger"), max_length=32, choices=Trigger.choices)
    match = models.CharField(
        _("match"), max_length=8, choices=Match.choices, default=Match.ALL
    )
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    actions = models.JSONField(_("actions"), default=list)
    enabled = models.BooleanField(_("enabled"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    throttle_days = models.PositiveSmallIntegerField(
        _("one case per customer per (days)"), default=DEFAULT_THROTTLE_DAYS
    )
    seed_key = models.CharField(max_length=64, blank=True)
    # Where a scheduled rule's last run stopped (received_at of responses).
    scheduled_until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=now)
    updated_at = models.DateTimeField(_("updated"), default=now)

    class Meta:
        ordering: ClassVar[list[str]] = ["position", "pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["workspace", "seed_key"],
                condition=~models.Q(seed_key=""),
                name="rule_seed_once",
            )
        ]
        # The hooks ask "any enabled rule for this trigger?" on every
        # stored response and event batch.
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["workspace", "trigger", "enabled"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def object_kind(self) -> str:
        return TRIGGER_KINDS[self.trigger]


class RuleFiring(TenantModel):
    """One rule acting on one object: at most once, whatever retries happen.

    The row is inserted before the actions run, in their transaction; the
    unique constraint turns a second attempt (a retried task, a second
    worker) into an IntegrityError, and so into nothing. `matched` keeps the
    values the conditions saw, `results` what each action did.
    """

    class Status(models.TextChoices):
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="firings")
    object_kind = models.CharField(max_length=16, choices=ObjectKind.choices)
    object_id = models.BigIntegerField()
    customer_id = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DONE)
    matched = models.JSONField(default=dict, blank=True)
    results = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=500, blank=True)
    fired_at = models.DateTimeField(default=now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-fired_at", "-pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["rule", "object_kind", "object_id"], name="rule_fires_once"
            )
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["rule", "-fired_at"]),
            models.Index(fields=["workspace", "-fired_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} on {self.object_kind} {self.object_id}"


class PendingEvaluation(TenantModel):
    """A signal the rules have still to look at, written with the signal.

    The hook inserts it in the transaction that stores the response, the
    analysis, the events or the case change, and enqueues the evaluation
    once that commits; the sweep evaluates whatever a lost task left.
    `next_attempt_at` is also the claim, as for deliveries.
    """

    trigger = models.CharField(max_length=32, choices=Trigger.choices)
    object_kind = models.CharField(max_length=16, choices=ObjectKind.choices)
    object_id = models.BigIntegerField()
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=now)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["trigger", "object_kind", "object_id"],
                name="pending_evaluation_once",
            )
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.trigger} {self.object_kind} {self.object_id}"


class DigestItem(TenantModel):
    """A signal queued for someone's digest; the insights app sends them.

    The recipient is a member (`recipient`), or else whoever owns
    `touchpoint` when the digest is sent. `sent_at` stays empty until then.
    """

    recipient = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    touchpoint = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=32, default="daily")
    rule = models.ForeignKey(
        Rule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response = models.ForeignKey(
        "surveys.Response",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    event = models.ForeignKey(
        "journeys.Event",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(default=now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "pk"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["workspace", "digest", "sent_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.digest} digest item {self.pk}"

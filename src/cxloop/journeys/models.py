from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

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


def name_in_language(
    names: Mapping[str, Any], *, fallback: str, language: str | None = None
) -> str:
    """The name in `language` (the active one if not given), else `fallback`.

    `fallback` is the text in the workspace's default language; a row whose
    fallback is somehow blank shows any language it has rather than nothing.
    """
    code = (language or translation.get_language() or "").split("-")[0]
    for value in (names.get(code), fallback, *names.values()):
        if isinstance(value, str) and value.strip():
            return value
    return fallback


class Stage(TenantModel):
    """A phase of the customer's journey: before purchase, purchase, after it.

    Stages order the journey map's columns; each touchpoint sits in one.
    `name` is the name in the workspace's default language, `names` the same
    per language (`{"et": "Enne ostu", …}`), as surveys keep their texts.
    """

    key = models.SlugField(_("key"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    names = models.JSONField(_("names"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "key"], name="stage_unique_per_workspace"
            )
        ]
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the language the page is shown in."""
        return name_in_language(self.names, fallback=self.name)


class Touchpoint(TenantModel):
    """A place where the customer meets the business: search, checkout, delivery.

    `key` is the name events and surveys use for it (`Event.touchpoint`,
    `Survey.touchpoint`). An event belongs to the touchpoint its sender named;
    an event that names none (or an unknown one) belongs to the first
    touchpoint listing its type in `event_types`. `survey_keys` (e.g.
    `delivery-csat`) attaches surveys whose answers tell how the touchpoint
    feels. Someone owns every touchpoint: a member (`owner`) and/or a team.
    Like a stage, it has its `name` in the default language and `names` per
    language.
    """

    key = models.SlugField(_("key"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    names = models.JSONField(_("names"), default=dict, blank=True)
    stage = models.ForeignKey(
        Stage,
        on_delete=models.PROTECT,
        related_name="touchpoints",
        verbose_name=_("stage"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    owner = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    team = models.CharField(_("team"), max_length=100, blank=True)
    event_types = models.JSONField(_("event types"), default=list, blank=True)
    survey_keys = models.JSONField(_("surveys"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "key"], name="touchpoint_unique_per_workspace"
            )
        ]
        ordering = ["stage__position", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the language the page is shown in."""
        return name_in_language(self.names, fallback=self.name)


class FunnelMoment(TenantModel):
    """A moment of a session: it had an event of `type` at `at` (the funnel rollup).

    Per-session funnels only ask, per step, for the earliest time of a type
    at or after a moment, so the distinct (session, type, time) triples
    answer them exactly (see `journeys.rollups`). `events` counts the events
    behind the triple, so an erasure can take its own events back out.
    Kept by the worker from the events after `FunnelCursor`.
    """

    session = models.CharField(max_length=100)
    type = models.CharField(max_length=100)
    at = models.DateTimeField()
    events = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "session", "type", "at"],
                name="funnel_moment_unique",
            )
        ]
        # Each funnel step reads one type over a period; with the session in
        # the index too, that read never touches the table's rows.
        indexes = [
            models.Index(
                fields=["workspace", "type", "at", "session"],
                name="funnel_moment_step",
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} at {self.at:%Y-%m-%d %H:%M:%S}"


class FunnelSession(TenantModel):
    """A rolled-up session: its moments in time order, as one searchable string.

    `timeline` is `journeys.timelines`' encoding of every `FunnelMoment` of
    the session, so a funnel reads one row per session and finds each step
    with string search instead of joining moments.
    """

    session = models.CharField(max_length=100)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    # Empty when a type holds a character the encoding reserves.
    timeline = models.BinaryField(blank=True, default=b"")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "session"], name="funnel_session_unique"
            )
        ]
        indexes = [
            models.Index(fields=["workspace", "last_at"], name="funnel_session_last_at")
        ]

    def __str__(self) -> str:
        return f"Session {self.session}"


class FunnelCursor(models.Model):
    """The last journey event rolled up into `FunnelMoment`, per workspace."""

    workspace = models.OneToOneField(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    last_event_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Funnel cursor of {self.workspace_id}"

"""Reads of journey events and the journey map, always within one workspace."""

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.customers import hooks as customer_hooks
from cxloop.errors import NotFound
from cxloop.journeys.models import Event, Stage, Touchpoint


def event_list(*, workspace: Workspace) -> QuerySet[Event]:
    return Event.objects.of(workspace).order_by("-occurred_at", "-pk")


def event_count(*, workspace: Workspace) -> int:
    return Event.objects.of(workspace).count()


RECENT = timedelta(minutes=30)


def event_latest_properties(
    *,
    workspace: Workspace,
    type: str,  # noqa: A002 - the event's field is called type
    anonymous_id: str = "",
    customer_ref: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Properties of the person's latest event of `type` in the last half hour.

    Lets a survey carry what triggered it, e.g. the search query and its
    result count, without the browser sending them twice.
    """
    if not type or not (anonymous_id or customer_ref):
        return {}
    events = Event.objects.of(workspace).filter(
        type=type, occurred_at__gte=timezone.now() - RECENT
    )
    if anonymous_id:
        events = events.filter(anonymous_id=anonymous_id)
    else:
        events = events.filter(customer_ref=customer_ref)
    latest = events.order_by("-occurred_at", "-pk").values_list("properties", flat=True)
    properties: dict[str, Any] = latest.first() or {}
    return properties


def event_scan(
    *,
    workspace: Workspace,
    after_id: int,
    types: Collection[str],
    received_before: datetime,
    limit: int,
) -> tuple[list[Event], int]:
    """Events of `types` stored after `after_id`, oldest first, and the new cursor.

    For consumers that follow the event stream (e-mail invitations): only
    events received before `received_before` are read, so a batch still being
    committed is not skipped. The cursor moves past events of other types too,
    so a quiet stream is not rescanned forever.
    """
    settled = Event.objects.of(workspace).filter(
        pk__gt=after_id, received_at__lt=received_before
    )
    matching = list(settled.filter(type__in=types).order_by("pk")[:limit])
    if len(matching) == limit:
        return matching, matching[-1].pk
    newest = settled.order_by("-pk").values_list("pk", flat=True).first()
    return matching, max(after_id, newest or 0)


def _event_record(event: Event) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "type": event.type,
        "touchpoint": event.touchpoint,
        "customer": event.customer_ref,
        "anonymous_id": event.anonymous_id,
        "session_id": event.session_id,
        "properties": event.properties,
        "occurred_at": event.occurred_at,
    }


def event_export_for_customer(
    workspace: Workspace, customer_id: int
) -> list[dict[str, Any]]:
    """Every event of the person, oldest first, for their data export."""
    events = Event.objects.of(workspace).filter(customer_id=customer_id)
    return [_event_record(e) for e in events.order_by("occurred_at", "pk").iterator()]


def event_timeline_for_customer(
    workspace: Workspace, customer_id: int, limit: int
) -> list[customer_hooks.TimelineEntry]:
    events = (
        Event.objects.of(workspace)
        .filter(customer_id=customer_id)
        .order_by("-occurred_at", "-pk")[:limit]
    )
    return [
        customer_hooks.TimelineEntry(
            at=event.occurred_at,
            kind="event",
            title=event.type,
            data={
                "event_id": event.event_id,
                "touchpoint": event.touchpoint,
                "properties": event.properties,
            },
        )
        for event in events
    ]


# The journey map ----------------------------------------------------------


def stage_list(*, workspace: Workspace) -> QuerySet[Stage]:
    return Stage.objects.of(workspace).order_by("position", "pk")


def stage_get(*, workspace: Workspace, key: str) -> Stage:
    stage: Stage | None = stage_list(workspace=workspace).filter(key=key).first()
    if stage is None:
        raise NotFound(_("No such stage."))
    return stage


def touchpoint_list(*, workspace: Workspace) -> QuerySet[Touchpoint]:
    return (
        Touchpoint.objects.of(workspace)
        .select_related("stage", "owner")
        .order_by("stage__position", "stage__pk", "position", "pk")
    )


def touchpoint_get(*, workspace: Workspace, key: str) -> Touchpoint:
    touchpoint: Touchpoint | None = (
        touchpoint_list(workspace=workspace).filter(key=key).first()
    )
    if touchpoint is None:
        raise NotFound(_("No such touchpoint."))
    return touchpoint


def touchpoint_names(*, workspace: Workspace) -> dict[str, str]:
    """Each touchpoint's key and its name in the active language."""
    return {
        touchpoint.key: touchpoint.display_name
        for touchpoint in Touchpoint.objects.of(workspace).only("key", "name", "names")
    }


def journey_map(*, workspace: Workspace) -> list[tuple[Stage, list[Touchpoint]]]:
    """Stages in order, each with its touchpoints in order (two queries)."""
    touchpoints = list(touchpoint_list(workspace=workspace))
    return [
        (stage, [t for t in touchpoints if t.stage_id == stage.pk])
        for stage in stage_list(workspace=workspace)
    ]


def event_last_at_by_customer(
    *, workspace: Workspace, customer_ids: Collection[int]
) -> dict[int, datetime]:
    """Each of these customers' latest journey event, by customer id."""
    return dict(
        Event.objects.of(workspace)
        .filter(customer_id__in=list(customer_ids))
        .values("customer_id")
        .annotate(last=Max("occurred_at"))
        .values_list("customer_id", "last")
    )

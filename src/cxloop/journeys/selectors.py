"""Reads of journey events, always within one workspace."""

from django.db.models import QuerySet

from cxloop.accounts.models import Workspace
from cxloop.journeys.models import Event


def event_list(*, workspace: Workspace) -> QuerySet[Event]:
    return Event.objects.of(workspace).order_by("-occurred_at", "-pk")


def event_count(*, workspace: Workspace) -> int:
    return Event.objects.of(workspace).count()

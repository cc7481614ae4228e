"""Registries through which apps further down react to stored journey events.

Journeys sits above cases, rules and insights in the import direction, so it
cannot call them; they register here from their `AppConfig.ready()`. A hook
runs inside the transaction that stores the events (the ingestion hot path:
keep it to an indexed query when there is nothing to do), and work for
later belongs in `transaction.on_commit`.
"""

from collections.abc import Sequence
from typing import Protocol

from cxloop.accounts.models import Workspace


class EventsHook(Protocol):
    """Called with the primary keys of the events a batch newly stored."""

    def __call__(self, *, workspace: Workspace, event_pks: Sequence[int]) -> None: ...


_on_events_stored: list[EventsHook] = []


def on_events_stored(hook: EventsHook) -> None:
    if hook not in _on_events_stored:
        _on_events_stored.append(hook)


def events_stored(*, workspace: Workspace, event_pks: Sequence[int]) -> None:
    if not event_pks:
        return
    for hook in _on_events_stored:
        hook(workspace=workspace, event_pks=event_pks)

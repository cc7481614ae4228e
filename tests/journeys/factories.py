"""Plain factory functions for journey events."""

from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from cxloop.accounts.models import Workspace
from cxloop.journeys import services

T0 = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
_ids = count(1)


def event(
    workspace: Workspace,
    type: str,  # noqa: A002 - the event's own word
    *,
    session: str = "",
    anonymous_id: str = "",
    seconds: float = 0,
    touchpoint: str = "",
    start: datetime = T0,
    customer_ref: dict[str, str] | None = None,
    **properties: Any,
) -> None:
    """One event `seconds` after `start`, stored through the ingestion service."""
    services.event_ingest(
        workspace=workspace,
        events=[
            services.EventInput(
                event_id=f"test-{next(_ids)}",
                type=type,
                touchpoint=touchpoint,
                session_id=session,
                anonymous_id=anonymous_id,
                customer_ref=customer_ref or {},
                properties=properties,
                occurred_at=start + timedelta(seconds=seconds),
            )
        ],
    )


def journey(
    workspace: Workspace, session: str, *steps: tuple[str, float], **properties: Any
) -> None:
    """A session's events: (type, seconds after T0) pairs."""
    for type_, seconds in steps:
        event(workspace, type_, session=session, seconds=seconds, **properties)

"""Past cases: imported with their own times, breaches found, nothing announced."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pytest_django.fixtures import Settings

from cxloop.accounts.models import User, Workspace
from cxloop.cases import selectors, services
from cxloop.cases.models import Case
from cxloop.delivery import services as delivery
from cxloop.delivery.models import Message
from cxloop.errors import InvalidInput

TALLINN = ZoneInfo("Europe/Tallinn")


def tallinn(*args: int) -> datetime:
    return datetime(*args, tzinfo=TALLINN)


def test_an_imported_case_keeps_its_times_and_records_the_targets_it_missed(
    workspace_a: Workspace, ben: User, settings: Settings
) -> None:
    settings.CXLOOP_WEBHOOK_ALLOW_PRIVATE = True
    delivery.endpoint_create(workspace=workspace_a, url="http://127.0.0.1:9/cx")
    # Opened Monday 09:00: the first response (8 business hours) was due
    # Monday 17:00 and came Tuesday 10:00; resolved Wednesday 12:00, within
    # the 24 business hours (due Wednesday 17:00).
    data = services.CaseImport(
        title="Broken blender",
        opened_at=tallinn(2026, 11, 2, 9, 0),
        status=Case.Status.CLOSED,
        owner_id=ben.pk,
        first_response_at=tallinn(2026, 11, 3, 10, 0),
        resolved_at=tallinn(2026, 11, 4, 12, 0),
        closed_at=tallinn(2026, 11, 6, 12, 0),
        entries=[
            services.ImportedEntry(
                kind="reply",
                at=tallinn(2026, 11, 3, 10, 0),
                author_id=ben.pk,
                body="Sorry, a new one is on its way.",
            )
        ],
    )

    case = services.case_import(workspace=workspace_a, data=data)

    assert case.first_response_breached_at == tallinn(2026, 11, 2, 17, 0)
    assert case.resolution_breached_at is None
    assert case.owner == ben
    kinds = [entry.kind for entry in selectors.case_timeline(case=case)]
    assert kinds == ["opened", "reply"]
    assert not Message.objects.exists()


def test_an_import_from_the_future_is_refused(workspace_a: Workspace) -> None:
    data = services.CaseImport(title="x", opened_at=tallinn(2030, 1, 1, 9, 0))

    with pytest.raises(InvalidInput) as refused:
        services.case_import(
            workspace=workspace_a, data=data, now=tallinn(2026, 12, 1, 9, 0)
        )
    assert refused.value.field == "opened_at"


def test_time_an_imported_case_waited_for_the_customer_does_not_count(
    workspace_a: Workspace,
) -> None:
    # Opened Monday 09:00, due Wednesday 17:00 (24 business hours). At
    # Monday 10:00 it began to wait with 23 business hours left; the
    # customer answered Thursday 10:00, so by hand: Thu 10–17 7 h (16
    # left), Fri 8 h (8 left), Mon 9 Nov 09–17 → due Monday 17:00.
    # Resolved Monday 12:00: the target was met.
    data = services.CaseImport(
        title="Wrong size",
        opened_at=tallinn(2026, 11, 2, 9, 0),
        status=Case.Status.RESOLVED,
        first_response_at=tallinn(2026, 11, 2, 10, 0),
        resolved_at=tallinn(2026, 11, 9, 12, 0),
        entries=[
            services.ImportedEntry(
                kind="status",
                at=tallinn(2026, 11, 2, 10, 0),
                data={"from": "open", "to": "pending"},
            ),
            services.ImportedEntry(
                kind="status",
                at=tallinn(2026, 11, 5, 10, 0),
                data={"from": "pending", "to": "open"},
            ),
        ],
    )

    case = services.case_import(workspace=workspace_a, data=data)

    assert case.resolution_due_at == tallinn(2026, 11, 9, 17, 0)
    assert case.resolution_breached_at is None

"""Opening and working cases: owners, numbers, business-hour due times,
the pending clock, transitions, notes with mentions, merges, webhooks."""

from datetime import datetime
from zoneinfo import ZoneInfo

import orjson
import pytest
from django.core import mail
from django.db import transaction
from pytest_django.fixtures import Settings

from cxloop.accounts.models import User, Workspace
from cxloop.cases import selectors, services
from cxloop.cases.models import Case, CaseEntry
from cxloop.delivery import services as delivery
from cxloop.delivery.models import Message
from cxloop.errors import Conflict, InvalidInput, NotFound
from cxloop.journeys.models import Touchpoint
from tests.customers import factories as customer_factories

TALLINN = ZoneInfo("Europe/Tallinn")


def tallinn(*args: int) -> datetime:
    return datetime(*args, tzinfo=TALLINN)


@pytest.fixture
def delivery_owned_by_ben(workspace_a: Workspace, ben: User) -> Touchpoint:
    touchpoint = Touchpoint.objects.of(workspace_a).get(key="delivery")
    touchpoint.owner = ben
    touchpoint.team = "Logistics"
    touchpoint.save()
    return touchpoint


def _open(workspace: Workspace, **fields: object) -> Case:
    fields.setdefault("title", "Parcel left in the rain")
    fields.setdefault("source", Case.Source.RESPONSE)
    return services.case_open(workspace=workspace, **fields)  # type: ignore[arg-type]


def test_a_case_at_a_touchpoint_goes_to_its_owner_and_team(
    workspace_a: Workspace, ben: User, delivery_owned_by_ben: Touchpoint
) -> None:
    case = _open(workspace_a, touchpoint_key="delivery")

    assert case.owner == ben
    assert case.team == "Logistics"
    assert case.status == Case.Status.NEW
    assert case.sla_policy is not None and case.sla_policy.is_default


def test_a_case_opened_friday_afternoon_is_due_in_24_business_hours_on_wednesday(
    workspace_a: Workspace,
) -> None:
    # Mon–Fri 09–17 in Tallinn: Friday 16–17 is 1 h, Monday and Tuesday 8 h
    # each, Wednesday's first 7 h end at 16:00. A first response (8 h) is
    # due on Monday at 16:00.
    case = _open(workspace_a, now=tallinn(2026, 12, 4, 16, 0))

    assert case.resolution_due_at == tallinn(2026, 12, 9, 16, 0)
    assert case.first_response_due_at == tallinn(2026, 12, 7, 16, 0)


def test_estonian_christmas_holidays_do_not_count_towards_the_sla(
    workspace_a: Workspace,
) -> None:
    # Wed 23 Dec 16–17 is 1 h; 24–27 Dec are holidays and a weekend; Mon 28
    # and Tue 29 give 16 h, Wed 30 the last 7 h.
    case = _open(workspace_a, now=tallinn(2026, 12, 23, 16, 0))

    assert case.resolution_due_at == tallinn(2026, 12, 30, 16, 0)


def test_waiting_for_the_customer_stops_the_sla_clock(
    workspace_a: Workspace, ada: User
) -> None:
    case = _open(workspace_a, now=tallinn(2026, 12, 7, 9, 0))
    assert case.resolution_due_at == tallinn(2026, 12, 9, 17, 0)

    services.case_status_set(
        case=case, status="pending", actor=ada, now=tallinn(2026, 12, 7, 13, 0)
    )
    # A day later the customer answers: 20 business hours were still left.
    case = services.case_status_set(
        case=case, status="open", actor=ada, now=tallinn(2026, 12, 8, 13, 0)
    )

    assert case.resolution_due_at == tallinn(2026, 12, 10, 17, 0)
    assert case.sla_paused_at is None


def test_case_numbers_count_up_per_workspace(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    numbers_a = [_open(workspace_a).number for _ in range(3)]
    number_b = _open(workspace_b).number

    assert numbers_a == [1, 2, 3]
    assert number_b == 1


def test_a_closed_case_cannot_wait_for_the_customer_but_can_be_reopened(
    workspace_a: Workspace, ada: User
) -> None:
    case = _open(workspace_a)
    services.case_status_set(case=case, status="closed", actor=ada)

    with pytest.raises(Conflict) as refused:
        services.case_status_set(case=case, status="pending", actor=ada)
    assert refused.value.field == "status"

    reopened = services.case_status_set(case=case, status="open", actor=ada)
    assert reopened.closed_at is None
    assert reopened.resolved_at is None


def test_every_change_is_on_the_timeline_in_order(
    workspace_a: Workspace, ada: User, ben: User
) -> None:
    case = _open(workspace_a)
    services.case_assign(case=case, owner_id=ben.pk, actor=ada)
    services.case_priority_set(case=case, priority="high", actor=ada)
    services.case_note_add(case=case, author=ada, body="Called the courier.")
    services.case_status_set(case=case, status="resolved", actor=ben)

    kinds = [entry.kind for entry in selectors.case_timeline(case=case)]
    assert kinds == ["opened", "owner", "priority", "note", "status"]
    case.refresh_from_db()
    assert case.status == Case.Status.RESOLVED
    assert case.owner == ben


def test_assigning_a_new_case_opens_it(
    workspace_a: Workspace, ada: User, ben: User
) -> None:
    case = _open(workspace_a)

    case = services.case_assign(case=case, owner_id=ben.pk, actor=ada)

    assert case.status == Case.Status.OPEN


def test_a_case_cannot_be_given_to_someone_outside_the_workspace(
    workspace_a: Workspace, ada: User, cleo: User
) -> None:
    case = _open(workspace_a)

    with pytest.raises(InvalidInput) as refused:
        services.case_assign(case=case, owner_id=cleo.pk, actor=ada)
    assert refused.value.field == "owner"


@pytest.mark.django_db(transaction=True)
def test_a_mentioned_member_gets_an_escaped_email(
    workspace_a: Workspace, ada: User, ben: User
) -> None:
    case = _open(workspace_a, title="<b>Broken</b> blender")

    with transaction.atomic():
        entry = services.case_note_add(
            case=case, author=ada, body="@ben please call <script>x()</script>"
        )

    assert entry.data["mentions"] == [ben.pk]
    (email,) = mail.outbox
    assert email.to == ["ben@shop-a.example"]
    html = str(email.alternatives[0][0])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>Broken</b>" not in html
    assert "<script>x()</script>" in email.body


def test_an_opened_case_is_announced_in_its_own_transaction(
    workspace_a: Workspace, settings: Settings
) -> None:
    settings.CXLOOP_WEBHOOK_ALLOW_PRIVATE = True
    delivery.endpoint_create(
        workspace=workspace_a, url="http://127.0.0.1:9/cx", event_types=["case.opened"]
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        _open(workspace_a, title="Rolled back")
        raise RuntimeError
    assert not Case.objects.exists()
    assert not Message.objects.exists()

    case = _open(workspace_a)

    message = Message.objects.get()
    body = orjson.loads(message.body)
    assert body["type"] == "case.opened"
    assert body["data"]["id"] == case.pk
    assert body["data"]["number"] == case.number


def test_merging_closes_the_duplicate_and_notes_it_on_both(
    workspace_a: Workspace, ada: User
) -> None:
    first = _open(workspace_a, title="Late parcel")
    second = _open(workspace_a, title="Late parcel again")

    merged = services.case_merge(case=second, into=first, actor=ada)

    assert merged.status == Case.Status.CLOSED
    assert merged.merged_into == first
    assert CaseEntry.objects.filter(case=first, kind="merged").count() == 1
    with pytest.raises(Conflict):
        services.case_merge(case=first, into=merged, actor=ada)


def test_another_workspace_cannot_read_a_case(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    case = _open(workspace_a)

    with pytest.raises(NotFound):
        selectors.case_get(workspace=workspace_b, pk=case.pk)
    assert selectors.case_get(workspace=workspace_a, pk=case.pk) == case


def test_the_open_case_of_a_customer_is_found_for_a_new_signal(
    workspace_a: Workspace,
) -> None:
    customer = customer_factories.customer(workspace_a, email="mari@example.ee")
    case = _open(workspace_a, customer_id=customer.pk, now=tallinn(2026, 12, 1, 10))

    found = selectors.case_open_for_customer(
        workspace=workspace_a,
        customer_id=customer.pk,
        since=tallinn(2026, 11, 28, 0),
    )
    services.case_attach_signal(case=case, note="Wrote again")

    assert found == case
    assert (
        selectors.case_open_for_customer(
            workspace=workspace_a,
            customer_id=customer.pk,
            since=tallinn(2026, 12, 2, 0),
        )
        is None
    )
    assert [e.kind for e in selectors.case_timeline(case=case)] == ["opened", "signal"]


def test_the_inbox_views_hold_what_their_names_say(
    workspace_a: Workspace, ada: User, ben: User
) -> None:
    mine = _open(workspace_a, owner_id=ben.pk)
    unassigned = _open(workspace_a)
    resolved = _open(workspace_a, owner_id=ben.pk)
    services.case_status_set(case=resolved, status="resolved", actor=ben)

    def view(name: str) -> list[Case]:
        return list(
            selectors.case_search(
                workspace=workspace_a, filters=selectors.CaseFilter(view=name), user=ben
            )
        )

    assert view("mine") == [mine]
    assert view("unassigned") == [unassigned]
    assert set(view("open")) == {mine, unassigned}
    assert selectors.case_view_counts(workspace=workspace_a, user=ben)["mine"] == 1

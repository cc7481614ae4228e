"""The SLA sweep: a warning two hours before a due time, a breach once per
target, escalation to the team lead (and the case, if the policy says so)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import orjson
import pytest
from django.core import mail
from django.db import transaction
from pytest_django.fixtures import Settings

from cxloop.accounts.models import Membership, User, Workspace
from cxloop.cases import selectors, services
from cxloop.cases.models import Case, CaseEntry, SlaPolicy
from cxloop.delivery import services as delivery
from cxloop.delivery.models import Delivery, Message
from cxloop.worker import schedule
from tests import factories
from tests.customers import factories as customer_factories

TALLINN = ZoneInfo("Europe/Tallinn")
# Monday 7 Dec 2026, 10:00, office hours 09–17: a normal case needs a first
# response in 8 business hours (Tuesday 10:00) and a resolution in 24
# (Thursday 10:00).
OPENED = datetime(2026, 12, 7, 10, 0, tzinfo=TALLINN)
FIRST_DUE = datetime(2026, 12, 8, 10, 0, tzinfo=TALLINN)
RESOLUTION_DUE = datetime(2026, 12, 10, 10, 0, tzinfo=TALLINN)


@pytest.fixture
def lead(workspace_a: Workspace) -> User:
    return factories.member(
        workspace_a, "lea@shop-a.example", Membership.Role.AGENT, first_name="Lea"
    )


def _open(workspace: Workspace, **fields: object) -> Case:
    fields.setdefault("title", "Parcel left in the rain")
    fields.setdefault("source", Case.Source.RESPONSE)
    fields.setdefault("now", OPENED)
    return services.case_open(workspace=workspace, **fields)  # type: ignore[arg-type]


def _emails(kind: str) -> list[list[str]]:
    return [
        sorted(message.deliveries.values_list("target", flat=True))
        for message in Message.objects.filter(event_type=kind).order_by("pk")
    ]


def _kinds(case: Case) -> list[str]:
    return [entry.kind for entry in selectors.case_timeline(case=case)]


def test_the_sweep_is_registered_to_run_every_minute() -> None:
    jobs = {job.name: job for job in schedule.registered()}

    assert jobs["cases.check_sla"].every == timedelta(minutes=1)


def test_run_twice_the_sweep_warns_the_owner_once_two_hours_before_the_due_time(
    workspace_a: Workspace, ben: User
) -> None:
    case = _open(workspace_a, owner_id=ben.pk)
    assert case.first_response_due_at == FIRST_DUE
    at_0801 = FIRST_DUE - timedelta(hours=1, minutes=59)

    early = services.sla_check(now=at_0801 - timedelta(minutes=2))
    first = services.sla_check(now=at_0801)
    second = services.sla_check(now=at_0801 + timedelta(minutes=1))

    assert (early.warned, first.warned, second.warned) == (0, 1, 0)
    case.refresh_from_db()
    assert case.warned_at == at_0801
    assert _kinds(case) == ["opened", "sla_warning"]
    warning = CaseEntry.objects.get(case=case, kind="sla_warning")
    assert warning.data["target"] == "first_response"
    assert _emails("case.sla_warning") == [["ben@shop-a.example"]]


def test_an_unowned_case_warns_the_members_of_its_team(
    workspace_a: Workspace, ben: User, lead: User
) -> None:
    services.team_save(
        workspace=workspace_a, name="Logistics", lead_id=lead.pk, member_ids=[ben.pk]
    )
    _open(workspace_a, team="Logistics")

    services.sla_check(now=FIRST_DUE - timedelta(hours=1))

    assert _emails("case.sla_warning") == [["ben@shop-a.example", "lea@shop-a.example"]]


def test_a_case_waiting_for_the_customer_is_neither_warned_nor_breached(
    workspace_a: Workspace, ben: User
) -> None:
    case = _open(workspace_a, owner_id=ben.pk)
    services.case_status_set(
        case=case, status="pending", actor=ben, now=OPENED + timedelta(hours=1)
    )

    report = services.sla_check(now=datetime(2026, 12, 14, 9, 0, tzinfo=TALLINN))

    assert report == services.SweepReport()
    assert _kinds(case) == ["opened", "status"]


def test_a_breach_is_recorded_once_per_target_and_the_team_lead_is_told(
    workspace_a: Workspace, ben: User, lead: User, settings: Settings
) -> None:
    settings.CXLOOP_WEBHOOK_ALLOW_PRIVATE = True
    delivery.endpoint_create(
        workspace=workspace_a, url="http://127.0.0.1:9/cx", event_types=["case.updated"]
    )
    services.team_save(
        workspace=workspace_a, name="Logistics", lead_id=lead.pk, member_ids=[ben.pk]
    )
    case = _open(workspace_a, owner_id=ben.pk)
    after_first_due = FIRST_DUE + timedelta(minutes=5)
    after_resolution_due = RESOLUTION_DUE + timedelta(minutes=5)

    reports = [
        services.sla_check(now=after_first_due),
        services.sla_check(now=after_first_due + timedelta(minutes=1)),
        services.sla_check(now=after_resolution_due),
        services.sla_check(now=after_resolution_due + timedelta(minutes=1)),
    ]

    assert [report.breached for report in reports] == [1, 0, 1, 0]
    case.refresh_from_db()
    assert case.first_response_breached_at == after_first_due
    assert case.resolution_breached_at == after_resolution_due
    assert case.owner == ben  # the default policy only notifies
    assert case.escalated_at == after_first_due
    breaches = CaseEntry.objects.filter(case=case, kind="sla_breach")
    assert [entry.data["target"] for entry in breaches] == [
        "first_response",
        "resolution",
    ]
    assert _emails("case.sla_breach") == [["lea@shop-a.example"]] * 2
    escalated = CaseEntry.objects.filter(case=case, kind="escalated").first()
    assert escalated is not None and escalated.data["reassigned"] is False
    webhook = Message.objects.filter(event_type="case.updated").order_by("pk").first()
    assert webhook is not None
    changes = orjson.loads(webhook.body)["data"]["changes"]
    assert "first_response_breached_at" in changes


def test_a_first_response_in_time_is_never_breached(
    workspace_a: Workspace, ben: User
) -> None:
    customer = customer_factories.customer(workspace_a, email="mari@example.ee")
    case = _open(workspace_a, owner_id=ben.pk, customer_id=customer.pk)
    services.case_reply_send(
        case=case,
        author=ben,
        subject="Your parcel",
        body="We are on it.",
        now=OPENED + timedelta(hours=1),
    )

    services.sla_check(now=FIRST_DUE + timedelta(minutes=5))

    case.refresh_from_db()
    assert case.first_response_breached_at is None


def test_escalation_gives_the_case_to_the_lead_when_the_policy_says_so(
    workspace_a: Workspace, ben: User, lead: User
) -> None:
    policy = services.sla_policy_save(
        workspace=workspace_a,
        name="Escalating",
        targets={"normal": {"first_response": 60, "resolution": 240}},
        escalation=SlaPolicy.Escalation.REASSIGN,
    )
    services.team_save(
        workspace=workspace_a, name="Logistics", lead_id=lead.pk, member_ids=[ben.pk]
    )
    case = _open(workspace_a, owner_id=ben.pk, sla_policy_id=policy.pk)

    services.sla_check(now=OPENED + timedelta(hours=1, minutes=1))
    services.sla_check(now=OPENED + timedelta(hours=1, minutes=2))

    case.refresh_from_db()
    assert case.owner == lead
    assert case.escalated_at == OPENED + timedelta(hours=1, minutes=1)
    (escalated,) = CaseEntry.objects.filter(case=case, kind="escalated")
    assert escalated.data["reassigned"] is True
    assert escalated.data["from_owner_id"] == ben.pk
    assert _kinds(case)[-3:] == ["sla_breach", "owner", "escalated"]


def test_a_case_without_a_team_lead_tells_the_workspace_admins(
    workspace_a: Workspace, ada: User, ben: User
) -> None:
    case = _open(workspace_a, owner_id=ben.pk)

    report = services.sla_check(now=FIRST_DUE + timedelta(minutes=5))

    assert report.escalated == 0
    assert _emails("case.sla_breach") == [["ada@shop-a.example"]]
    assert "escalated" not in _kinds(case)


@pytest.mark.django_db(transaction=True)
def test_the_breach_email_escapes_the_case_title_and_the_customer_name(
    workspace_a: Workspace, ada: User
) -> None:
    customer = customer_factories.customer(
        workspace_a,
        email="mari@example.ee",
        profile=customer_factories.ProfileData(first_name="<i>Mari</i>"),
    )
    _open(workspace_a, title="<script>x()</script>", customer_id=customer.pk)

    with transaction.atomic():
        services.sla_check(now=FIRST_DUE + timedelta(minutes=5))

    (email,) = mail.outbox
    assert email.to == ["ada@shop-a.example"]
    html = str(email.alternatives[0][0])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;i&gt;Mari&lt;/i&gt;" in html
    assert "<script>x()</script>" in email.subject
    assert Delivery.objects.filter(status=Delivery.Status.SUCCEEDED).count() == 1


def test_another_workspace_s_cases_are_swept_with_their_own_people(
    workspace_a: Workspace, workspace_b: Workspace, ben: User, cleo: User
) -> None:
    _open(workspace_a, owner_id=ben.pk)
    _open(workspace_b, owner_id=cleo.pk)

    services.sla_check(now=FIRST_DUE - timedelta(hours=1))

    assert sorted(_emails("case.sla_warning")) == [
        ["ben@shop-a.example"],
        ["cleo@shop-b.example"],
    ]

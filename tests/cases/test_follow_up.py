"""After a resolution the customer is asked once, by e-mail, how easy it was."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client

from cxloop.accounts.models import User, Workspace
from cxloop.cases import services
from cxloop.cases.models import Case, CaseEntry
from cxloop.customers.inputs import ProfileData
from cxloop.customers.models import Customer
from cxloop.surveys import services as survey_services
from cxloop.surveys.models import Invitation, Response
from tests.customers import factories as customer_factories

SCORE_LINK = re.compile(r"(https?://\S+?\?t=[\w-]+&lang=\w+&score=(\d+))")
TALLINN = ZoneInfo("Europe/Tallinn")
RESOLVED = datetime(2026, 12, 7, 11, 0, tzinfo=TALLINN)
NEXT_DAY = RESOLVED + timedelta(days=1, minutes=1)


def _customer(workspace: Workspace, **profile: object) -> Customer:
    return customer_factories.customer(
        workspace,
        email="mari@example.ee",
        profile=ProfileData(first_name="Mari", locale="et", **profile),  # type: ignore[arg-type]
    )


def _resolved_case(workspace: Workspace, actor: User, customer: Customer) -> Case:
    case = services.case_open(
        workspace=workspace,
        title="Parcel left in the rain",
        source=Case.Source.MANUAL,
        customer_id=customer.pk,
        now=RESOLVED - timedelta(hours=2),
    )
    return services.case_status_set(
        case=case, status="resolved", actor=actor, now=RESOLVED
    )


def test_resolving_a_case_schedules_the_follow_up_for_the_next_day_once(
    workspace_a: Workspace, ada: User
) -> None:
    customer = _customer(workspace_a)
    case = _resolved_case(workspace_a, ada, customer)
    services.case_status_set(case=case, status="open", actor=ada, now=RESOLVED)
    services.case_status_set(case=case, status="closed", actor=ada, now=RESOLVED)

    (invitation,) = Invitation.objects.filter(survey__key="case-follow-up")
    assert invitation.status == Invitation.Status.SCHEDULED
    assert invitation.email == "mari@example.ee"
    assert invitation.locale == "et"
    assert invitation.context == {"case_id": case.pk, "case_number": case.number}
    assert invitation.send_after == RESOLVED + timedelta(days=1)
    (entry,) = CaseEntry.objects.filter(case=case, kind="follow_up")
    assert entry.data["invitation_id"] == invitation.pk


@pytest.mark.django_db(transaction=True)
def test_the_follow_up_e_mail_goes_out_once_in_the_customer_s_language(
    workspace_a: Workspace, ada: User
) -> None:
    _resolved_case(workspace_a, ada, _customer(workspace_a))

    first = survey_services.invitations_send_due(now=NEXT_DAY)
    second = survey_services.invitations_send_due(now=NEXT_DAY + timedelta(hours=1))

    assert (first.sent, second.sent) == (1, 0)
    (email,) = mail.outbox
    assert email.to == ["mari@example.ee"]
    assert "Kui lihtne oli selle lahenduseni jõuda?" in email.body


def test_a_customer_who_refused_surveys_is_not_asked(
    workspace_a: Workspace, ada: User
) -> None:
    customer = _customer(workspace_a, consent_surveys=False)
    case = _resolved_case(workspace_a, ada, customer)

    report = survey_services.invitations_send_due(now=NEXT_DAY)

    assert report.sent == 0
    (invitation,) = Invitation.objects.filter(survey__key="case-follow-up")
    assert invitation.status == Invitation.Status.SKIPPED
    assert invitation.skip_reason == "no_consent"
    assert mail.outbox == []
    (entry,) = CaseEntry.objects.filter(case=case, kind="follow_up")
    assert entry.data["skip_reason"] == "no_consent"


def test_consent_withdrawn_before_the_e_mail_is_due_stops_it(
    workspace_a: Workspace, ada: User
) -> None:
    customer = _customer(workspace_a)
    _resolved_case(workspace_a, ada, customer)
    customer.consent_surveys = False
    customer.save(update_fields=["consent_surveys"])

    report = survey_services.invitations_send_due(now=NEXT_DAY)

    assert (report.sent, report.skipped) == (0, 1)
    assert Invitation.objects.get().skip_reason == "no_consent"


def test_a_case_without_a_customer_or_merged_away_asks_nobody(
    workspace_a: Workspace, ada: User
) -> None:
    lone = services.case_open(
        workspace=workspace_a, title="Broken link", source=Case.Source.MANUAL
    )
    services.case_status_set(case=lone, status="resolved", actor=ada)
    customer = _customer(workspace_a)
    keep = services.case_open(
        workspace=workspace_a,
        title="Late",
        source=Case.Source.MANUAL,
        customer_id=customer.pk,
    )
    duplicate = services.case_open(
        workspace=workspace_a,
        title="Late again",
        source=Case.Source.MANUAL,
        customer_id=customer.pk,
    )
    services.case_merge(case=duplicate, into=keep, actor=ada)

    assert not Invitation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_one_click_in_the_follow_up_e_mail_stores_the_ces_with_its_case(
    client: Client, workspace_a: Workspace, ada: User
) -> None:
    case = _resolved_case(workspace_a, ada, _customer(workspace_a))
    survey_services.invitations_send_due(now=NEXT_DAY)
    links = SCORE_LINK.findall(mail.outbox[0].body)
    assert [int(score) for _, score in links] == [1, 2, 3, 4, 5, 6, 7]

    page = client.get(links[5][0].removeprefix("http://127.0.0.1:8000"), follow=True)

    assert page.status_code == 200
    response = Response.objects.get(survey__key="case-follow-up")
    assert response.ces == 6
    assert response.context["case_id"] == case.pk

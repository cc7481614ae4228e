"""E-mail invitations: a trigger event becomes one e-mail, when due, if allowed."""

import re
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.test.utils import override_settings

from cxloop.accounts.models import Workspace
from cxloop.surveys import services
from cxloop.surveys.models import (
    Invitation,
    InvitationCursor,
    Response,
    Survey,
    SurveyOptOut,
)
from cxloop.worker import schedule
from tests.conftest import bearer

# Recent, so the events are fresh; quiet hours are off (see the fixture) so
# the answers do not depend on the time of day the tests run.
DELIVERED = (datetime.now(UTC) - timedelta(hours=3)).replace(microsecond=0)
LATER = DELIVERED + timedelta(hours=3)
SCORE_LINK = re.compile(r"(https?://\S+?\?t=[\w-]+&lang=(\w+)&score=(\d+))")


@pytest.fixture(autouse=True)
def _no_quiet_hours(workspace_a: Workspace) -> None:
    services.contact_policy_update(
        workspace=workspace_a,
        quiet_days=14,
        per_session=1,
        per_quarter=3,
        quiet_hours_start=None,
        quiet_hours_end=None,
    )


@pytest.fixture
def delivery_survey(workspace_a: Workspace) -> Survey:
    """The ready-made CSAT after delivery: e-mailed two hours after the event."""
    return services.survey_create_from_template(
        workspace=workspace_a, template="delivery_csat", key="delivery"
    )


def deliver(
    client: Client,
    token: str,
    event_id: str,
    *,
    email: str = "mari@example.ee",
    at: datetime = DELIVERED,
    **properties: Any,
) -> None:
    event = {
        "event_id": event_id,
        "type": "order_delivered",
        "customer": {"email": email} if email else None,
        "anonymous_id": None if email else "anon-7",
        "properties": {"order": "EE-1001", "locale": "et", **properties},
        "occurred_at": at.isoformat(),
    }
    response = client.post(
        "/api/v1/events",
        {"events": [event]},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 202, response.content


def schedule_now() -> int:
    return services.invitations_schedule_all(
        now=datetime.now(UTC) + timedelta(minutes=1)
    )


def test_a_delivery_becomes_one_estonian_email_with_one_click_scores(
    client: Client, key_a: str, delivery_survey: Survey
) -> None:
    deliver(client, key_a, "delivered-1")
    assert schedule_now() == 1

    too_early = services.invitations_send_due(now=DELIVERED + timedelta(minutes=30))
    on_time = services.invitations_send_due(now=LATER)

    assert too_early.sent == 0
    assert on_time.sent == 1
    [message] = mail.outbox
    assert message.to == ["mari@example.ee"]
    assert message.subject == "Shop A: Kuidas tarne õnnestus?"
    html = message.alternatives[0][0]
    assert '<html lang="et">' in html
    links = SCORE_LINK.findall(message.body)
    assert [int(score) for _, _, score in links] == [1, 2, 3, 4, 5]
    assert {language for _, language, _ in links} == {"et"}
    assert "List-Unsubscribe" in message.extra_headers


def test_one_click_in_the_email_stores_the_score_for_the_customer(
    client: Client, key_a: str, delivery_survey: Survey
) -> None:
    deliver(client, key_a, "delivered-1")
    schedule_now()
    services.invitations_send_due(now=LATER)
    url, _, _ = SCORE_LINK.findall(mail.outbox[0].body)[1]

    page = client.get(url.removeprefix("http://127.0.0.1:8000"), follow=True)

    assert page.status_code == 200
    response = Response.objects.get(survey=delivery_survey)
    assert response.csat == 2
    assert response.customer_ref == {"email": "mari@example.ee"}
    assert response.context["order"] == "EE-1001"
    assert response.channel == "link"


def test_the_governor_stops_a_second_email_within_the_quiet_period(
    client: Client, key_a: str, delivery_survey: Survey
) -> None:
    deliver(client, key_a, "delivered-1", at=DELIVERED - timedelta(days=2))
    deliver(client, key_a, "delivered-2")
    schedule_now()

    services.invitations_send_due(now=LATER - timedelta(days=2))
    services.invitations_send_due(now=LATER)

    assert len(mail.outbox) == 1
    second = Invitation.objects.get(source_event_id="delivered-2")
    assert second.status == Invitation.Status.SKIPPED
    assert second.skip_reason == "quiet_period"


def test_quiet_hours_postpone_the_email_to_the_morning_in_the_workspace_zone(
    client: Client, key_a: str, delivery_survey: Survey
) -> None:
    services.contact_policy_update(
        workspace=delivery_survey.workspace,
        quiet_days=14,
        per_session=1,
        per_quarter=3,
        quiet_hours_start=time(21, 0),
        quiet_hours_end=time(8, 0),
    )
    # 21:30 or 22:30 in Tallinn (UTC+2 in winter, +3 in summer), yesterday.
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    evening = datetime.combine(yesterday, time(19, 30), tzinfo=UTC)
    deliver(client, key_a, "delivered-late", at=evening - timedelta(hours=2))
    schedule_now()

    report = services.invitations_send_due(now=evening)

    assert report.postponed == 1
    assert mail.outbox == []
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.SCHEDULED
    tallinn = ZoneInfo("Europe/Tallinn")
    morning = datetime.combine(
        yesterday + timedelta(days=1), time(8, 0), tzinfo=tallinn
    )
    assert invitation.send_after == morning
    services.invitations_send_due(now=invitation.send_after)
    assert len(mail.outbox) == 1


def test_scheduling_twice_and_sending_twice_sends_each_invitation_once(
    client: Client, key_a: str, delivery_survey: Survey
) -> None:
    deliver(client, key_a, "delivered-1")
    schedule_now()
    # As if the cursor had been lost: the same events are read again.
    InvitationCursor.objects.update(last_event_id=0)
    schedule_now()
    services.invitations_send_due(now=LATER)
    services.invitations_send_due(now=LATER + timedelta(minutes=1))

    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_event_without_an_email_is_recorded_as_skipped(
    client: Client, key_a: str, delivery_survey: Survey
) -> None:
    deliver(client, key_a, "anonymous-delivery", email="")
    schedule_now()

    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.SKIPPED
    assert invitation.skip_reason == "no_email"


def test_a_survey_without_email_invitations_sends_nothing(
    client: Client, key_a: str, delivery_survey: Survey
) -> None:
    services.survey_update(survey=delivery_survey, email_invitations=False)
    deliver(client, key_a, "delivered-1")

    assert schedule_now() == 0
    assert Invitation.objects.count() == 0


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("SMTP server down")


@override_settings(EMAIL_BACKEND="tests.surveys.test_invitations.BrokenBackend")
def test_a_mail_server_failure_is_retried_with_backoff_then_recorded(
    client: Client, key_a: str, delivery_survey: Survey
) -> None:
    deliver(client, key_a, "delivered-1")
    schedule_now()
    now = LATER
    for _ in range(5):
        services.invitations_send_due(now=now)
        now += timedelta(days=1)

    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.FAILED
    assert invitation.attempts == 5
    assert "SMTP server down" in invitation.last_error


def test_the_unsubscribe_link_asks_first_then_stops_every_channel(
    client: Client, key_a: str, delivery_survey: Survey
) -> None:
    deliver(client, key_a, "delivered-1")
    schedule_now()
    services.invitations_send_due(now=LATER)
    [unsubscribe] = re.findall(r"(http://\S+/opt-out\?\S+)", mail.outbox[0].body)
    path = unsubscribe.removeprefix("http://127.0.0.1:8000")

    asked = client.get(path)
    assert asked.status_code == 200
    assert '<html lang="et">' in asked.content.decode()
    deliver(client, key_a, "delivered-2", at=DELIVERED - timedelta(days=1))
    schedule_now()

    confirmed = client.post(path, {"t": re.search(r"t=([\w-]+)", path)[1]})
    services.invitations_send_due(now=DELIVERED + timedelta(days=201))

    assert confirmed.status_code == 200
    later = Invitation.objects.get(source_event_id="delivered-2")
    assert later.skip_reason == "opted_out"
    assert len(mail.outbox) == 1


def test_a_refused_unsubscribe_asks_again_and_changes_nothing(
    client: Client, key_a: str, delivery_survey: Survey
) -> None:
    """Cookies blocked or the page left open: Django's CSRF check refuses."""
    deliver(client, key_a, "delivered-1")
    schedule_now()
    services.invitations_send_due(now=LATER)
    [unsubscribe] = re.findall(r"(http://\S+/opt-out\?\S+)", mail.outbox[0].body)
    path = unsubscribe.removeprefix("http://127.0.0.1:8000")
    token = re.search(r"t=([\w-]+)", path)[1]  # type: ignore[index]
    browser = Client(enforce_csrf_checks=True)

    refused = browser.post(path, {"t": token})

    assert refused.status_code == 403
    page = refused.content.decode()
    assert '<html lang="et">' in page
    assert "Palun vajutage nuppu veel kord." in page
    fresh = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert fresh and f'name="t" value="{token}"' in page
    assert not SurveyOptOut.objects.exists()

    again = browser.post(path, {"t": token, "csrfmiddlewaretoken": fresh[1]})
    assert again.status_code == 200
    assert "Palun vajutage" not in again.content.decode()
    assert SurveyOptOut.objects.count() == 1


def test_an_unknown_unsubscribe_token_opts_nobody_out(
    client: Client, delivery_survey: Survey
) -> None:
    response = client.post(
        f"/s/{delivery_survey.link_key}/opt-out?t=forged", {"t": "forged"}
    )

    assert response.status_code == 404


def test_the_worker_runs_both_invitation_jobs_on_a_schedule() -> None:
    names = {job.name for job in schedule.registered()}

    assert {"surveys.schedule_invitations", "surveys.send_due_invitations"} <= names


def test_the_api_turns_email_invitations_on_and_validates_the_delay(
    client: Client, key_a: str, delivery_survey: Survey
) -> None:
    url = "/api/v1/surveys/delivery"
    bad = client.patch(
        url,
        {"email_delay_minutes": -5},
        content_type="application/json",
        **bearer(key_a),
    )
    good = client.patch(
        url,
        {"email_invitations": True, "email_delay_minutes": 30},
        content_type="application/json",
        **bearer(key_a),
    )

    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "email_delay_minutes"
    assert good.json()["email_delay_minutes"] == 30
    assert good.json()["email_invitations"] is True


def test_an_event_from_weeks_ago_is_not_asked_about(
    client: Client, key_a: str, delivery_survey: Survey
) -> None:
    deliver(client, key_a, "old-delivery", at=datetime.now(UTC) - timedelta(days=20))
    schedule_now()

    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.SKIPPED
    assert invitation.skip_reason == "too_late"


def test_erasing_the_customer_forgets_their_invitations_and_contact_history(
    client: Client, key_a: str, delivery_survey: Survey, workspace_a: Workspace
) -> None:
    from cxloop.customers import selectors as customers
    from cxloop.customers import services as customer_services
    from cxloop.surveys.models import Contact

    deliver(client, key_a, "delivered-1")
    schedule_now()
    services.invitations_send_due(now=LATER)
    person = customers.customer_lookup(workspace=workspace_a, email="mari@example.ee")

    customer_services.customer_erase(
        workspace=workspace_a, customer=person, actor="ada", reason="request"
    )

    invitation = Invitation.objects.get()
    assert invitation.email == ""
    assert invitation.customer_ref == {}
    assert not Contact.objects.filter(person_key="email:mari@example.ee").exists()

"""Public endpoints answer 429 with Retry-After once a caller asks too often."""

from datetime import UTC, datetime
from typing import Any

from django.test import Client
from django.test.utils import override_settings

from cxloop.accounts.models import Workspace
from cxloop.journeys.models import Event
from cxloop.surveys import services
from cxloop.surveys.models import Response
from tests import factories
from tests.conftest import bearer

SHOP = "https://shop.example"


def post_event(client: Client, token: str, event_id: str, **headers: str) -> Any:
    body = {
        "events": [
            {
                "event_id": event_id,
                "type": "page_view",
                "anonymous_id": "visitor-1",
                "occurred_at": datetime.now(UTC).isoformat(),
            }
        ]
    }
    return client.post(
        "/api/v1/events",
        body,
        content_type="application/json",
        **bearer(token),
        **headers,
    )


@override_settings(CXLOOP_RATE_LIMIT_PER_IP=3)
def test_a_browser_over_its_budget_gets_429_with_retry_after_readable_cross_origin(
    client: Client, workspace_a: Workspace
) -> None:
    token = factories.public_key(workspace_a)
    statuses = [
        post_event(client, token, f"e{n}", HTTP_ORIGIN=SHOP).status_code
        for n in range(4)
    ]
    refused = post_event(client, token, "e-late", HTTP_ORIGIN=SHOP)

    assert statuses == [202, 202, 202, 429]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many requests" in refused.json()["detail"]
    # The widget on the shop's origin must be able to read when to retry.
    assert refused["Access-Control-Allow-Origin"] == SHOP
    assert "Retry-After" in refused["Access-Control-Expose-Headers"]
    assert Event.objects.count() == 3


@override_settings(CXLOOP_RATE_LIMIT_PER_IP=2, CXLOOP_CLIENT_IP_HEADER="")
def test_each_address_has_its_own_budget(
    client: Client, workspace_a: Workspace
) -> None:
    token = factories.public_key(workspace_a)
    first = [
        post_event(client, token, f"a{n}", REMOTE_ADDR="192.0.2.1").status_code
        for n in range(3)
    ]
    other = post_event(client, token, "b0", REMOTE_ADDR="192.0.2.2")

    assert first == [202, 202, 429]
    assert other.status_code == 202


@override_settings(
    CXLOOP_RATE_LIMIT_PER_IP=1, CXLOOP_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR"
)
def test_behind_a_proxy_the_forwarded_client_address_counts(
    client: Client, workspace_a: Workspace
) -> None:
    token = factories.public_key(workspace_a)
    one = post_event(client, token, "p1", HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.1")
    two = post_event(client, token, "p2", HTTP_X_FORWARDED_FOR="198.51.100.8, 10.0.0.1")
    again = post_event(client, token, "p3", HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert [one.status_code, two.status_code, again.status_code] == [202, 202, 429]


@override_settings(CXLOOP_RATE_LIMIT_PER_IP=2, CXLOOP_RATE_LIMIT_PER_KEY=3)
def test_a_server_with_a_secret_key_is_limited_per_key_not_per_address(
    client: Client, workspace_a: Workspace, workspace_b: Workspace
) -> None:
    busy = factories.secret_key(workspace_a)
    calm = factories.secret_key(workspace_b)
    statuses = [post_event(client, busy, f"s{n}").status_code for n in range(4)]

    assert statuses == [202, 202, 202, 429]
    # Another workspace's key, from the same address, is unaffected.
    assert post_event(client, calm, "other").status_code == 202


@override_settings(CXLOOP_RATE_LIMIT_PER_IP=0, CXLOOP_RATE_LIMIT_PER_KEY=0)
def test_a_limit_of_zero_switches_the_counter_off(
    client: Client, workspace_a: Workspace
) -> None:
    token = factories.public_key(workspace_a)
    statuses = {post_event(client, token, f"z{n}").status_code for n in range(30)}

    assert statuses == {202}


@override_settings(CXLOOP_RATE_LIMIT_PER_IP=1)
def test_the_link_page_refuses_a_flood_of_answers_in_the_respondents_language(
    client: Client, workspace_a: Workspace
) -> None:
    survey = services.survey_create_from_template(
        workspace=workspace_a, template="relationship_nps", key="nps"
    )
    survey.status = survey.Status.ACTIVE
    survey.save(update_fields=["status"])
    url = f"/s/{survey.link_key}?lang=et"

    first = client.post(url, {"nps": "9"})
    flood = client.post(url, {"nps": "3"})
    still_readable = client.get(url)

    assert first.status_code in {200, 303, 400}
    assert flood.status_code == 429
    assert 1 <= int(flood["Retry-After"]) <= 60
    assert '<html lang="et">' in flood.content.decode()
    assert still_readable.status_code == 200
    assert not Response.objects.filter(nps=3).exists()

"""/api/v1/customers: the agent's lookup, the 360 view, export and erasure."""

from typing import Any

import pytest
from django.test import Client

from cxloop.accounts.models import Workspace
from cxloop.customers import services
from cxloop.customers.inputs import IdentitySignals, ProfileData
from cxloop.customers.models import Customer, Erasure, Order
from cxloop.journeys.models import Event
from cxloop.surveys.models import Response
from tests import factories
from tests.conftest import bearer
from tests.customers.factories import order_data


def get(client: Client, token: str, url: str) -> Any:
    return client.get(url, **bearer(token))


def post(client: Client, token: str, url: str, body: Any) -> Any:
    return client.post(url, body, content_type="application/json", **bearer(token))


@pytest.fixture
def mari(workspace_a: Workspace) -> Customer:
    """A customer of shop A with an order, two events and an NPS answer."""
    services.order_upsert(
        workspace=workspace_a,
        data=order_data(
            1,
            customer=IdentitySignals(
                email="mari@example.ee",
                phone="5123 4567",
                external_ids=("shopify:7512",),
            ),
            profile=ProfileData(
                first_name="Mari", last_name="Maasikas", consent_marketing=True
            ),
        ),
    )
    return Customer.objects.get(identities__value="mari@example.ee")


@pytest.fixture
def mari_with_feedback(
    client: Client, workspace_a: Workspace, key_a: str, mari: Customer
) -> Customer:
    events = {
        "events": [
            {
                "event_id": "e1",
                "type": "search",
                "anonymous_id": "anon-9",
                "properties": {"query": "Mari Maasikas kingitus"},
                "occurred_at": "2026-11-03T10:00:00Z",
            },
            {
                "event_id": "e2",
                "type": "login",
                "anonymous_id": "anon-9",
                "customer": {"phone": "+372 5123 4567"},
                "occurred_at": "2026-11-03T10:05:00Z",
            },
        ]
    }
    assert post(client, key_a, "/api/v1/events", events).status_code == 202
    post(
        client,
        key_a,
        "/api/v1/surveys",
        {"key": "rnps", "template": "relationship_nps", "status": "active"},
    )
    response = post(
        client,
        key_a,
        "/api/v1/responses",
        {
            "response_id": "r1",
            "survey": "rnps",
            "customer": {"email": "MARI@example.ee"},
            "answers": {"nps": 3, "improve": "Delivery took two weeks, call me"},
            "submitted_at": "2026-11-04T09:00:00Z",
        },
    )
    assert response.status_code == 201, response.json()
    return mari


@pytest.mark.parametrize(
    "query",
    [
        "phone=5123%204567",
        "phone=%2B372%205123%204567",
        "phone=00372%2051234567",
        "email=Mari@Example.ee",
        "external_id=shopify:7512",
    ],
)
def test_an_agent_finds_the_customer_however_the_number_is_written(
    client: Client, key_a: str, mari: Customer, query: str
) -> None:
    response = get(client, key_a, f"/api/v1/customers/lookup?{query}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == mari.pk
    assert body["name"] == "Mari Maasikas"
    assert body["consent"]["marketing"] is True
    assert body["orders"]["count"] == 1
    assert body["orders"]["revenue"] == "59.80"
    assert [c["category"] for c in body["orders"]["categories"]] == [
        "coffee",
        "accessories",
    ]


def test_nobody_matching_is_a_404(client: Client, key_a: str, mari: Customer) -> None:
    response = get(client, key_a, "/api/v1/customers/lookup?phone=5999%200000")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("", "phone, email, external_id"), ("phone=1&email=a@b.ee", "email, phone")],
)
def test_lookup_needs_exactly_one_field(
    client: Client, key_a: str, query: str, field: str
) -> None:
    response = get(client, key_a, f"/api/v1/customers/lookup?{query}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_the_360_shows_events_orders_and_feedback_newest_first(
    client: Client, key_a: str, mari_with_feedback: Customer
) -> None:
    body = get(client, key_a, f"/api/v1/customers/{mari_with_feedback.pk}").json()
    kinds = [(entry["kind"], entry["title"]) for entry in body["timeline"]]
    # The search happened anonymously before the login identified the visitor.
    assert kinds == [
        ("response", "Relationship NPS"),
        ("event", "login"),
        ("event", "search"),
        ("order", "Order #1"),
        ("event", "order_placed"),
    ]
    assert body["feedback"]["nps_band"] == "detractor"
    assert body["feedback"]["recent"][0]["comment"] == (
        "Delivery took two weeks, call me"
    )


def test_the_export_holds_everything_about_the_person(
    client: Client, key_a: str, mari_with_feedback: Customer
) -> None:
    response = get(client, key_a, f"/api/v1/customers/{mari_with_feedback.pk}/export")
    assert response.status_code == 200
    body = response.json()
    assert body["profile"]["first_name"] == "Mari"
    assert {i["value"] for i in body["identities"]} >= {
        "mari@example.ee",
        "+37251234567",
        "shopify:7512",
        "anon-9",
    }
    assert body["orders"][0]["lines"][0]["sku"] == "COF-1"
    assert {e["event_id"] for e in body["events"]} >= {"e1", "e2"}
    assert body["responses"][0]["answers"]["improve"] == (
        "Delivery took two weeks, call me"
    )


def test_erasure_removes_personal_data_and_keeps_totals_and_scores(
    client: Client, key_a: str, workspace_a: Workspace, mari_with_feedback: Customer
) -> None:
    pk = mari_with_feedback.pk
    response = client.delete(f"/api/v1/customers/{pk}", **bearer(key_a))
    assert response.status_code == 204
    customer = Customer.objects.get(pk=pk)
    assert (customer.first_name, customer.last_name) == ("", "")
    assert customer.erased_at is not None
    assert not customer.identities.exists()
    # Nothing can find the person any more.
    lookup = get(client, key_a, "/api/v1/customers/lookup?phone=51234567")
    assert lookup.status_code == 404
    assert get(client, key_a, f"/api/v1/customers/{pk}").status_code == 404
    # Totals and scores still count; free text and references are gone.
    order = Order.objects.get(customer=customer)
    assert str(order.total) == "59.80"
    answered = Response.objects.get(response_id="r1")
    assert (answered.nps, answered.comment, answered.customer_ref) == (3, "", {})
    assert answered.answers == {"nps": 3}
    search = Event.objects.get(event_id="e1")
    assert (search.properties, search.anonymous_id) == ({}, "")
    erasure = Erasure.objects.get(customer=customer)
    assert erasure.actor.startswith("API key sk_")
    assert erasure.summary["responses"] == 1
    assert "Mari" not in str(erasure.summary)


def test_another_workspace_gets_404_for_the_customer(
    client: Client, key_b: str, mari: Customer
) -> None:
    for url in (
        f"/api/v1/customers/{mari.pk}",
        f"/api/v1/customers/{mari.pk}/export",
        "/api/v1/customers/lookup?email=mari@example.ee",
    ):
        assert get(client, key_b, url).status_code == 404
    erase = client.delete(f"/api/v1/customers/{mari.pk}", **bearer(key_b))
    assert erase.status_code == 404
    assert Customer.objects.get(pk=mari.pk).erased_at is None


def test_a_public_key_cannot_read_customers(
    client: Client, workspace_a: Workspace, mari: Customer
) -> None:
    token = factories.public_key(workspace_a)
    response = get(client, token, f"/api/v1/customers/{mari.pk}")
    assert response.status_code == 403


def test_a_merged_profile_id_leads_to_the_survivor(
    client: Client, key_a: str, workspace_a: Workspace, mari: Customer
) -> None:
    other = services.customer_resolve(
        workspace=workspace_a,
        signals=IdentitySignals(external_ids=("pos:88",)),
        source="pos",
    ).customer
    services.customer_resolve(
        workspace=workspace_a,
        signals=IdentitySignals(email="mari@example.ee", external_ids=("pos:88",)),
        source="pos",
    )
    body = get(client, key_a, f"/api/v1/customers/{other.pk}").json()
    assert body["id"] == mari.pk
    assert any(entry["kind"] == "merge" for entry in body["timeline"])

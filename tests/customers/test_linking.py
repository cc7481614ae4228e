"""Events and responses find their person, also when the person is late to say."""

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from cxloop.accounts.models import Workspace
from cxloop.customers import services
from cxloop.customers.inputs import IdentitySignals, ProfileData
from cxloop.customers.models import Customer, CustomerMerge, Identity
from cxloop.journeys import services as journeys
from cxloop.journeys.models import Event
from cxloop.surveys import imports
from cxloop.surveys import services as surveys
from cxloop.surveys.models import Response
from tests import factories
from tests.conftest import bearer


def post(client: Client, token: str, url: str, body: Any) -> Any:
    return client.post(url, body, content_type="application/json", **bearer(token))


def event(event_id: str, **fields: Any) -> dict[str, Any]:
    return {"event_id": event_id, "type": "page_view", **fields}


def test_an_anonymous_visitor_who_logs_in_takes_their_history_along(
    client: Client, key_a: str, workspace_a: Workspace
) -> None:
    post(client, key_a, "/api/v1/events", {"events": [event("e1", anonymous_id="b1")]})
    feedback = {
        "survey": "feedback",
        "anonymous_id": "b1",
        "answers": {"rating": 2, "text": "Search finds nothing"},
    }
    assert post(client, key_a, "/api/v1/responses", feedback).status_code == 201
    assert Event.objects.get().customer_id is None
    assert Customer.objects.count() == 0  # nobody is profiled from a cookie

    login = event("e2", anonymous_id="b1", customer={"email": "Mari@Example.ee"})
    post(client, key_a, "/api/v1/events", {"events": [login]})

    mari = Customer.objects.get()
    assert set(Event.objects.values_list("customer_id", flat=True)) == {mari.pk}
    assert Response.objects.get().customer_id == mari.pk
    # Later anonymous events from that browser are hers straight away.
    post(client, key_a, "/api/v1/events", {"events": [event("e3", anonymous_id="b1")]})
    assert Event.objects.get(event_id="e3").customer_id == mari.pk


def test_a_merge_moves_events_and_responses_to_the_survivor(
    client: Client, key_a: str, workspace_a: Workspace
) -> None:
    batch = [
        event("e1", customer={"email": "mari@example.ee"}),
        event("e2", customer={"phone": "5123 4567"}),
    ]
    post(client, key_a, "/api/v1/events", {"events": batch})
    post(
        client,
        key_a,
        "/api/v1/responses",
        {
            "survey": "feedback",
            "customer": {"phone": "+37251234567"},
            "answers": {"rating": 5},
        },
    )
    assert Customer.objects.count() == 2
    services.customer_resolve(
        workspace=workspace_a,
        signals=IdentitySignals(email="mari@example.ee", phone="51234567"),
        source="shopify",
    )
    survivor = Customer.objects.get(merged_into__isnull=True)
    assert set(Event.objects.values_list("customer_id", flat=True)) == {survivor.pk}
    assert Response.objects.get().customer_id == survivor.pk


def test_erasure_also_erases_profiles_merged_into_the_person(
    workspace_a: Workspace,
) -> None:
    mari = services.customer_resolve(
        workspace=workspace_a,
        signals=IdentitySignals(email="mari@example.ee"),
        profile=ProfileData(first_name="Mari"),
        source="test",
    ).customer
    services.customer_resolve(
        workspace=workspace_a,
        signals=IdentitySignals(phone="51234567"),
        profile=ProfileData(last_name="Maasikas"),
        source="test",
    )
    services.customer_resolve(
        workspace=workspace_a,
        signals=IdentitySignals(email="mari@example.ee", phone="51234567"),
        source="test",
    )
    erasure = services.customer_erase(
        workspace=workspace_a, customer=mari, actor="ada", reason="GDPR request"
    )
    assert erasure.summary["profiles"] == 2
    assert not Identity.objects.exists()
    assert not Customer.objects.exclude(last_name="").exists()
    assert CustomerMerge.objects.get().snapshot == {}


@pytest.mark.django_db(transaction=True)
def test_two_first_signals_from_one_person_at_once_make_one_profile() -> None:
    workspace = factories.workspace("race")
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def resolve(phone: str) -> None:
        try:
            barrier.wait()
            services.customer_resolve(
                workspace=workspace,
                signals=IdentitySignals(email="mari@example.ee", phone=phone),
                source="test",
            )
        except BaseException as error:  # reported below, not lost in a thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=resolve, args=(phone,))
        for phone in ("5123 4567", "+372 5555 1234")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Customer.objects.filter(workspace=workspace).count() == 1
    assert set(
        Identity.objects.filter(workspace=workspace).values_list("value", flat=True)
    ) == {"mari@example.ee", "+37251234567", "+37255551234"}


def test_imported_responses_find_their_people_in_bulk(
    workspace_a: Workspace,
) -> None:
    items = [
        surveys.ResponseInput(
            survey_key="feedback",
            answers={"rating": 1 + n % 5},
            channel="import",
            response_id=f"imp-{n}",
            customer_ref={"email": f"person{n % 7}@example.ee"},
        )
        for n in range(30)
    ]
    report = imports.response_import(workspace=workspace_a, items=items)
    assert report.stored == 30
    assert Customer.objects.count() == 7
    linked = Response.objects.filter(customer__isnull=False).count()
    assert linked == 30
    person = Customer.objects.get(identities__value="person3@example.ee")
    assert Response.objects.filter(customer=person).count() == 4  # 3, 10, 17, 24


@pytest.mark.django_db(transaction=True)
def test_two_batches_naming_the_same_new_people_at_once_make_one_profile_each() -> None:
    workspace = factories.workspace("race-batches")
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def ingest(offset: int) -> None:
        # Overlapping people, listed in different orders by the two batches.
        people = range(offset, offset + 60)
        events = [
            journeys.EventInput(
                event_id=f"e{offset}-{n}",
                type="login",
                anonymous_id=f"b{n % 50}",
                customer_ref={"email": f"person{n % 50}@example.ee"},
            )
            for n in (people if offset else reversed(people))
        ]
        try:
            barrier.wait()
            journeys.event_ingest(workspace=workspace, events=events)
        except BaseException as error:  # reported below, not lost in a thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ingest, args=(n,)) for n in (0, 25)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Customer.objects.filter(workspace=workspace).count() == 50
    assert not Event.objects.filter(workspace=workspace, customer=None).exists()

"""Property-based: whatever order signals arrive in, people stay whole.

Each example replays a random sequence of signals (e-mails, phones in
several spellings, shop ids, browser ids, unreadable values) as journey
events, survey responses and shop records in a fresh workspace, then checks
the invariants against a union-find of the values that appeared together.
"""

import itertools
from collections import defaultdict
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxloop.customers import services
from cxloop.customers.inputs import CustomerData, IdentitySignals, ProfileData
from cxloop.customers.models import Customer, Identity
from cxloop.journeys import services as journeys
from cxloop.journeys.models import Event
from cxloop.surveys import services as surveys
from cxloop.surveys.models import Response
from tests import factories

# Raw spelling → normalised value (None: unreadable, kept unverified).
EMAILS = {
    "Mari@x.ee": "mari@x.ee",
    "mari@x.ee ": "mari@x.ee",
    "jaan@x.ee": "jaan@x.ee",
    "kati@x.ee": "kati@x.ee",
    "not-an-email": None,
}
PHONES = {
    "5123 4567": "+37251234567",
    "00372 51234567": "+37251234567",
    "+372 5555 1234": "+37255551234",
    "12": None,
}
EXTERNAL = {"shopify:1": "shopify:1", "Shopify:1": "shopify:1", "pos:2": "pos:2"}
ANONYMOUS = ["anon-1", "anon-2", "anon-3"]

signal = st.fixed_dictionaries(
    {
        "email": st.sampled_from([None, *EMAILS]),
        "phone": st.sampled_from([None, *PHONES]),
        "external_id": st.sampled_from([None, *EXTERNAL]),
        "anonymous_id": st.sampled_from([None, *ANONYMOUS]),
        "via": st.sampled_from(["event", "response", "shop"]),
    }
)
counter = itertools.count()


def strong_keys(item: dict[str, Any]) -> list[tuple[str, str]]:
    keys = []
    if item["email"] and EMAILS[item["email"]]:
        keys.append(("email", EMAILS[item["email"]]))
    if item["phone"] and PHONES[item["phone"]]:
        keys.append(("phone", PHONES[item["phone"]]))
    if item["external_id"]:
        keys.append(("external", EXTERNAL[item["external_id"]]))
    return [(kind, value) for kind, value in keys if value]


def components(items: list[dict[str, Any]]) -> dict[tuple[str, str], Any]:
    parent: dict[Any, Any] = {}

    def find(key: Any) -> Any:
        parent.setdefault(key, key)
        while parent[key] != key:
            key = parent[key]
        return key

    for item in items:
        keys = strong_keys(item)
        for key in keys:
            find(key)
        for first, second in itertools.pairwise(keys):
            parent[find(first)] = find(second)
    return {key: find(key) for key in parent}


def ref(item: dict[str, Any]) -> dict[str, str]:
    names = ("email", "phone", "external_id")
    return {name: item[name] for name in names if item[name]}


def event_input(number: int, item: dict[str, Any]) -> journeys.EventInput:
    return journeys.EventInput(
        event_id=f"e{number}",
        type="page_view",
        customer_ref=ref(item),
        anonymous_id=item["anonymous_id"] or "",
    )


def replay(workspace: Any, items: list[dict[str, Any]], *, batched: bool) -> None:
    if batched:
        # All events first, in one batch: resolved together, new people in bulk.
        events = [
            event_input(number, item)
            for number, item in enumerate(items)
            if item["via"] == "event"
        ]
        journeys.event_ingest(workspace=workspace, events=events)
    for number, item in enumerate(items):
        if item["via"] == "event":
            if not batched:
                journeys.event_ingest(
                    workspace=workspace, events=[event_input(number, item)]
                )
        elif item["via"] == "response":
            surveys.response_submit(
                workspace=workspace,
                data=surveys.ResponseInput(
                    survey_key="feedback",
                    answers={"rating": 4, "text": f"answer {number}"},
                    channel="api",
                    response_id=f"r{number}",
                    customer_ref=ref(item),
                    anonymous_id=item["anonymous_id"] or "",
                ),
            )
        else:
            services.customer_resolve(
                workspace=workspace,
                signals=IdentitySignals(
                    email=item["email"],
                    phone=item["phone"],
                    external_ids=(item["external_id"],) if item["external_id"] else (),
                    anonymous_id=item["anonymous_id"],
                ),
                source="shop",
            )


@given(items=st.lists(signal, min_size=1, max_size=12), batched=st.booleans())
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_people_stay_whole_whatever_the_order_of_signals(
    db: None, items: list[dict[str, Any]], batched: bool
) -> None:
    workspace = factories.workspace(f"prop-{next(counter)}")
    replay(workspace, items, batched=batched)

    verified = Identity.objects.of(workspace).filter(verified=True)
    owner = {(i.kind, i.value): i.customer_id for i in verified}
    # No verified value points to two customers, nor to a merged one.
    assert verified.count() == len(owner)
    active = set(
        Customer.objects.of(workspace)
        .filter(merged_into__isnull=True)
        .values_list("pk", flat=True)
    )
    assert set(owner.values()) <= active

    # Values seen together are one person; values never linked are not.
    component = components(items)
    people: dict[Any, set[int]] = defaultdict(set)
    for key, root in component.items():
        people[root].add(owner[key])
    assert all(len(ids) == 1 for ids in people.values())
    assert len({next(iter(ids)) for ids in people.values()}) == len(people)

    # No event or response is lost, and each one names its person's profile.
    events = {e.event_id: e for e in Event.objects.of(workspace)}
    responses = {r.response_id: r for r in Response.objects.of(workspace)}
    for number, item in enumerate(items):
        stored: Any = {"event": events, "response": responses}.get(item["via"])
        if stored is None:
            continue
        row = stored[f"{item['via'][0]}{number}"]
        keys = strong_keys(item) or [("anonymous", item["anonymous_id"])]
        if keys[0] in owner:
            # Also anonymous rows stored before the visitor identified.
            assert row.customer_id == owner[keys[0]]
        assert row.customer_id is None or row.customer_id in active


def shop_record(item: dict[str, Any], number: int) -> CustomerData:
    return CustomerData(
        source="import",
        identities=IdentitySignals(
            email=item["email"],
            phone=item["phone"],
            external_ids=(item["external_id"],) if item["external_id"] else (),
            anonymous_id=item["anonymous_id"],
        ),
        profile=ProfileData(
            first_name=f"Name {number}" if number % 3 else None,
            consent_marketing=bool(number % 2) if number % 4 else None,
        ),
    )


def people_of(workspace: Any) -> set[Any]:
    """Each active profile as what it holds, without its id."""
    held: dict[int, set[Any]] = defaultdict(set)
    for identity in Identity.objects.of(workspace):
        value = identity.value if identity.verified else f"raw:{identity.raw}"
        held[identity.customer_id].add((identity.kind, value))
    return {
        (
            frozenset(held[customer.pk]),
            customer.first_name,
            customer.consent_marketing,
        )
        for customer in Customer.objects.of(workspace).filter(merged_into=None)
    }


@given(
    items=st.lists(signal, min_size=1, max_size=14),
    stored=st.lists(signal, max_size=4),
)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_a_batch_of_shop_records_ends_as_the_same_records_one_by_one(
    db: None, items: list[dict[str, Any]], stored: list[dict[str, Any]]
) -> None:
    batched = factories.workspace(f"batch-{next(counter)}")
    single = factories.workspace(f"single-{next(counter)}")
    records = [shop_record(item, number) for number, item in enumerate(items)]
    for workspace in (batched, single):
        # Some people are known before the import.
        for number, item in enumerate(stored):
            services.customer_upsert(
                workspace=workspace, data=shop_record(item, 100 + number)
            )
    results = services.customer_upsert_many(workspace=batched, records=records)
    expected = [
        services.customer_upsert(workspace=single, data=record) for record in records
    ]
    assert people_of(batched) == people_of(single)
    assert [(r.created, r.rejected) for r in results] == [
        (r.created, r.rejected) for r in expected
    ]

"""/api/v1/cases: list, open, read, PATCH, notes and replies."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from cxloop.accounts.models import User, Workspace
from tests.conftest import bearer
from tests.customers import factories as customer_factories

URL = "/api/v1/cases"


def call(client: Client, method: str, path: str, token: str, body: Any = None) -> Any:
    kwargs: dict[str, Any] = {"content_type": "application/json", **bearer(token)}
    if body is not None:
        kwargs["data"] = body
    return getattr(client, method)(path, **kwargs)


def open_case(client: Client, token: str, **fields: Any) -> dict[str, Any]:
    response = call(client, "post", URL, token, {"title": "Late parcel", **fields})
    assert response.status_code == 201, response.json()
    result: dict[str, Any] = response.json()
    return result


def test_a_case_opened_through_the_api_is_listed_with_its_due_times(
    client: Client, key_a: str
) -> None:
    case = open_case(client, key_a, priority="high", touchpoint="delivery")

    listed = call(client, "get", URL, key_a).json()

    assert [item["id"] for item in listed["items"]] == [case["id"]]
    assert listed["next_cursor"] is None
    assert case["number"] == 1
    assert case["source"] == "manual"
    assert case["touchpoint"] == "delivery"
    assert case["resolution_due_at"] is not None
    assert [entry["kind"] for entry in case["timeline"]] == ["opened"]


def test_patch_changes_status_owner_and_priority_in_one_call(
    client: Client, key_a: str, ben: User
) -> None:
    case = open_case(client, key_a)

    changed = call(
        client,
        "patch",
        f"{URL}/{case['id']}",
        key_a,
        {"owner_id": ben.pk, "priority": "urgent", "status": "pending"},
    ).json()

    assert changed["owner_id"] == ben.pk
    assert changed["priority"] == "urgent"
    assert changed["status"] == "pending"
    assert changed["sla_paused"] is True
    kinds = [entry["kind"] for entry in changed["timeline"]]
    assert kinds == ["opened", "owner", "priority", "status"]


def test_a_forbidden_move_is_a_409_naming_status_and_changes_nothing(
    client: Client, key_a: str, ben: User
) -> None:
    case = open_case(client, key_a)
    call(client, "patch", f"{URL}/{case['id']}", key_a, {"status": "closed"})

    refused = call(
        client,
        "patch",
        f"{URL}/{case['id']}",
        key_a,
        {"owner_id": ben.pk, "status": "pending"},
    )

    assert refused.status_code == 409
    assert refused.json()["errors"][0]["field"] == "status"
    after = call(client, "get", f"{URL}/{case['id']}", key_a).json()
    assert after["owner_id"] is None


def test_bad_input_is_a_4xx_naming_the_field(client: Client, key_a: str) -> None:
    assert call(client, "post", URL, key_a, {"title": ""}).status_code == 422
    unknown_customer = call(
        client, "post", URL, key_a, {"title": "x", "customer_id": 9}
    )
    assert unknown_customer.status_code == 422
    assert unknown_customer.json()["errors"][0]["field"] == "customer_id"
    bad_status = call(client, "get", f"{URL}?status=lost", key_a)
    assert bad_status.status_code == 422


def test_another_workspace_gets_404_for_a_case_and_sees_none_listed(
    client: Client, key_a: str, key_b: str
) -> None:
    case = open_case(client, key_a)

    assert call(client, "get", f"{URL}/{case['id']}", key_b).status_code == 404
    assert call(client, "patch", f"{URL}/{case['id']}", key_b, {}).status_code == 404
    note = call(client, "post", f"{URL}/{case['id']}/notes", key_b, {"body": "x"})
    assert note.status_code == 404
    assert call(client, "get", URL, key_b).json()["items"] == []


@pytest.mark.django_db(transaction=True)
def test_a_reply_reaches_the_customer_in_their_language_with_placeholders_filled(
    client: Client, key_a: str, workspace_a: Workspace
) -> None:
    customer = customer_factories.customer(
        workspace_a,
        email="mari@example.ee",
        profile=customer_factories.ProfileData(first_name="Mari", locale="et"),
    )
    case = open_case(client, key_a, customer_id=customer.pk)

    sent = call(
        client,
        "post",
        f"{URL}/{case['id']}/replies",
        key_a,
        {"subject": "Teie pakk", "body": "Tere {first_name}, <vabandame>!"},
    )

    assert sent.status_code == 202, sent.json()
    (email,) = mail.outbox
    assert email.to == ["mari@example.ee"]
    assert "Tere Mari, <vabandame>!" in email.body
    html = str(email.alternatives[0][0])
    assert "&lt;vabandame&gt;" in html and "<vabandame>" not in html
    after = call(client, "get", f"{URL}/{case['id']}", key_a).json()
    assert after["first_response_at"] is not None
    assert after["status"] == "open"


def test_a_reply_to_a_customer_without_an_e_mail_is_refused(
    client: Client, key_a: str
) -> None:
    case = open_case(client, key_a)

    body = {"subject": "a", "body": "b"}
    refused = call(client, "post", f"{URL}/{case['id']}/replies", key_a, body)

    assert refused.status_code == 409
    assert refused.json()["errors"][0]["field"] == "customer"


def test_the_customer_360_lists_the_persons_open_cases_only(
    client: Client, key_a: str, workspace_a: Workspace
) -> None:
    customer = customer_factories.customer(workspace_a, email="mari@example.ee")
    still_open = open_case(client, key_a, customer_id=customer.pk, title="Open one")
    done = open_case(client, key_a, customer_id=customer.pk, title="Done one")
    call(client, "patch", f"{URL}/{done['id']}", key_a, {"status": "closed"})

    found = call(client, "get", "/api/v1/customers/lookup?email=mari@example.ee", key_a)

    assert [case["id"] for case in found.json()["open_cases"]] == [still_open["id"]]
    assert any(entry["kind"] == "case" for entry in found.json()["timeline"])

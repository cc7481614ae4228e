"""Cursors are opaque: whatever a client makes of one is a 400 naming it."""

import base64
import json

import pytest
from django.test import Client

from cxloop.customers.models import Customer
from cxloop.errors import InvalidInput
from cxloop.pagination import page
from tests.conftest import bearer


def _crafted(value: object) -> str:
    """A cursor made the way cxloop makes them, from a value of our choosing."""
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


EDGE_OF_THE_CALENDAR = [
    _crafted(["0001-01-01T00:00:00+15:00", 1]),
    _crafted(["9999-12-31T23:59:59-15:00", 1]),
]
MALFORMED = [
    "²",
    "garbage",
    _crafted(["2026-01-01T00:00:00+00:00", 2**70]),
    _crafted(["2026-01-01T00:00:00+00:00", True]),
    _crafted(["2026-01-01T00:00:00", 1]),
    _crafted(["2026-01-01T00:00:00+00:00", 1.5]),
    _crafted({"at": "2026-01-01T00:00:00+00:00"}),
    _crafted([0]),
    _crafted([2**70]),
    _crafted("x" * 300),
]
LISTS = ["/api/v1/responses", "/api/v1/integrations", "/api/v1/topics"]


@pytest.mark.parametrize("cursor", EDGE_OF_THE_CALENDAR + MALFORMED)
@pytest.mark.parametrize("path", LISTS)
def test_a_crafted_cursor_is_refused_naming_the_cursor_field(
    client: Client, key_a: str, path: str, cursor: str
) -> None:
    response = client.get(path, {"cursor": cursor}, **bearer(key_a))
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "cursor", "message": "Invalid cursor."}
    ]


@pytest.mark.parametrize("cursor", EDGE_OF_THE_CALENDAR + MALFORMED)
@pytest.mark.django_db
def test_paging_with_a_crafted_cursor_raises_invalid_input(cursor: str) -> None:
    # The dashboard's lists page through the same function and turn this
    # refusal into a first page.
    with pytest.raises(InvalidInput) as refused:
        page(
            Customer.objects.all(),
            time_field="created_at",
            limit=10,
            cursor=cursor,
            serialize=str,
        )
    assert refused.value.field == "cursor"


def test_the_topics_cursor_is_opaque_and_a_digit_like_one_is_refused(
    client: Client, key_a: str
) -> None:
    refused = client.get("/api/v1/topics", {"cursor": "²"}, **bearer(key_a))
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "cursor"
    # A bare number is no longer a cursor either.
    assert (
        client.get("/api/v1/topics", {"cursor": "3"}, **bearer(key_a)).status_code
        == 400
    )


def test_another_workspaces_cursor_shows_nothing_of_it(
    client: Client, key_a: str, key_b: str
) -> None:
    # A cursor carries no workspace: read with workspace B's key, a page of
    # A's responses is B's page, empty.
    cursor = _crafted(["2100-01-01T00:00:00+00:00", 2**62])
    answer = client.get("/api/v1/responses", {"cursor": cursor}, **bearer(key_b))
    assert answer.status_code == 200
    assert answer.json()["items"] == []

"""Hostile values in every dashboard parameter never give a 5xx.

Every query parameter of every filter form the crawl finds over the demo, and
every id in a dashboard path, gets arbitrary strings and edge-of-range values
(dates at the ends of the calendar, huge numbers, crafted cursors). A bad
value is a form error or a fresh first page, never a server error.
"""

import base64
import json
import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxloop.accounts.models import Membership, Workspace
from tests.demo_shop import demo_person
from tests.web import crawl

pytestmark = pytest.mark.django_db


def cursor(*parts: object) -> str:
    return (
        base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode().rstrip("=")
    )


EDGES = [
    "",
    "0",
    "-1",
    "9" * 40,
    "²",
    "!!!!",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "10000-01-01",
    "nan",
    "1e309",
    "\x00",
    "%00",
    "<script>alert(1)</script>",
    cursor("0001-01-01T00:00:00+15:00", 1),
    cursor("9999-12-31T23:59:59-15:00", 1),
    cursor("2026-01-01T00:00:00", 2**70),
    cursor(1, 2, 3),
    cursor({"a": 1}),
]
ID_VALUES = st.integers(min_value=0, max_value=2**70).map(str)


def admin_client() -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(demo_person(Membership.Role.ADMIN))
    return client


def form_parameters(client: Client) -> list[tuple[str, str]]:
    """(path, parameter) of every GET form the admin's crawl meets."""
    found: set[tuple[str, str]] = set()

    def fetch(url: str) -> tuple[int, str]:
        response = client.get(url)
        html = ""
        if str(response.get("Content-Type", "")).startswith("text/html"):
            html = response.content.decode()
            for form in crawl.page_read(url, html).forms:
                if crawl.is_dashboard(form.action):
                    path = urlsplit(form.action).path
                    names = [*form.fields, *form.choices, *form.dates, "cursor"]
                    found.update((path, name) for name in names)
        return response.status_code, html

    crawl.crawl(fetch, bound=150, per_path=1)
    return sorted(found)


def id_paths(client: Client) -> list[str]:
    """Dashboard paths with an id in them, the id replaced by `{}`."""
    pages = crawl.crawl(lambda url: _fetch(client, url), bound=150, per_path=1)
    shapes = {re.sub(r"/\d+/", "/{}/", url.split("?", 1)[0]) for url in pages}
    return sorted(shape for shape in shapes if "{}" in shape)


def _fetch(client: Client, url: str) -> tuple[int, str]:
    response = client.get(url)
    html = ""
    if str(response.get("Content-Type", "")).startswith("text/html"):
        html = response.content.decode()
    return response.status_code, html


def test_no_dashboard_parameter_value_gives_a_server_error(
    demo_shop: Workspace,
) -> None:
    client = admin_client()
    targets = form_parameters(client)
    assert len(targets) > 10
    assert ("/app/feedback/", "cursor") in targets

    def status(path: str, name: str, value: str) -> int:
        return client.get(f"{path}?{urlencode({name: value})}").status_code

    broken = [
        (path, name, value)
        for path, name in targets
        for value in EDGES
        if status(path, name, value) >= 500
    ]
    assert broken == []

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )
    @given(target=st.sampled_from(targets), value=st.text(max_size=40))
    def check(target: tuple[str, str], value: str) -> None:
        assert status(*target, value) < 500, (target, value)

    check()


def test_no_id_in_a_dashboard_path_gives_a_server_error(
    demo_shop: Workspace,
) -> None:
    client = admin_client()
    shapes = id_paths(client)
    assert "/app/customers/{}/" in shapes
    refused = {
        (shape, value): client.get(shape.replace("{}", value)).status_code
        for shape in shapes
        for value in ("0", "9" * 30, "9223372036854775808")
    }
    assert set(refused.values()) <= {302, 403, 404, 405}, refused

    @settings(max_examples=60, deadline=None, database=None)
    @given(shape=st.sampled_from(shapes), value=ID_VALUES)
    def check(shape: str, value: str) -> None:
        response = client.get(shape.replace("{}", value))
        assert response.status_code in (200, 302, 403, 404, 405), (shape, value)

    check()

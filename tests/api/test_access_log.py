"""API keys stay out of the URL and out of `cxloop serve`'s access log."""

import base64
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from django.test import Client

from tests import processes
from tests.conftest import bearer


def _get(url: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_the_access_log_of_a_real_server_never_holds_a_key(tmp_path: Path) -> None:
    with processes.cxloop_env(tmp_path / "data", migrated=True) as env:
        processes.cli_ok(env, "workspace", "create", "logged-shop")
        key = processes.cli_ok(
            env, "apikey", "create", "--workspace", "logged-shop", "--kind", "secret"
        ).stdout.strip()
        assert key.startswith("sk_")
        with processes.serving("serve", env, tmp_path, "--no-worker") as server:
            url = server.extra["url"]
            basic = base64.b64encode(f"{key}:".encode()).decode()
            # curl -u sk_…: sends the key as a Basic-auth user.
            as_user = _get(
                f"{url}/api/v1/workspace", {"Authorization": f"Basic {basic}"}
            )
            in_query = _get(f"{url}/api/v1/workspace?api_key={key}", {})
            encoded = key.replace("_", "%5F", 1)
            in_query_encoded = _get(f"{url}/api/v1/responses?k={encoded}", {})
            fine = _get(f"{url}/api/v1/workspace", {"Authorization": f"Bearer {key}"})
            processes.wait_for(
                lambda: server.log_tail(400).count('"GET /api/v1/') >= 4,
                what="the access log lines",
                alive=server,
            )
            log = server.log_tail(400)

    assert key not in log
    assert key[3:] not in log
    assert (as_user, in_query, in_query_encoded, fine) == (401, 400, 400, 200)
    assert "/api/v1/workspace?api_key=sk_[redacted]" in log


def test_a_key_in_the_query_string_is_refused_pointing_at_the_header(
    client: Client, key_a: str
) -> None:
    for query in ({"api_key": key_a}, {"token": key_a}, {"q": key_a}):
        answer = client.get("/api/v1/workspace", query)
        assert answer.status_code == 400
        body: dict[str, Any] = answer.json()
        assert "Authorization" in body["detail"]
        assert body["errors"] == [
            {"field": next(iter(query)), "message": body["detail"]}
        ]
        # Even with the key in the header too: the URL was already exposed.
        assert (
            client.get("/api/v1/workspace", query, **bearer(key_a)).status_code == 400
        )


def test_a_survey_key_that_starts_like_a_key_is_still_a_filter(
    client: Client, key_a: str
) -> None:
    answer = client.get("/api/v1/responses", {"survey": "sk_2024"}, **bearer(key_a))
    assert answer.status_code == 200

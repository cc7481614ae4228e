"""Reading a shop's REST API: what the WooCommerce and Magento clients share.

One way to reach a shop (HTTPS, or plain HTTP to this machine), never
following a redirect (it would carry the credential wherever it points), and
one refusal, `RestError`, whose message is safe to show and store: it never
holds the credential or the URL's query.
"""

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cxloop import __version__

TIMEOUT_SECONDS = 30
MAX_PAGE_BYTES = 32 * 1024 * 1024
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class RestError(Exception):
    """The shop could not be read; the message is safe to show and store."""


@dataclass(frozen=True)
class OrdersPage:
    orders: list[dict[str, Any]]
    total: int
    total_pages: int


def address_is_allowed(url: str) -> bool:
    """HTTPS, or plain HTTP to this machine (a shop beside cxloop, tests):
    a credential over plain HTTP elsewhere would give it away."""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    if parts.scheme == "https":
        return True
    return parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass(frozen=True)
class Refusal:
    """How a platform says why it refused: the field of its error body that
    names the reason, and what the credential is called to the merchant."""

    reason_field: str
    credential: str
    reason_length: int | None = None


def get_json(
    url: str, *, authorization: str, refusal: Refusal
) -> tuple[Any, http.client.HTTPMessage]:
    """GET `url` and read its JSON answer: (the answer, the response headers)."""
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked)
        url,
        headers={
            "Authorization": authorization,
            "Accept": "application/json",
            "User-Agent": f"cxloop/{__version__}",
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(MAX_PAGE_BYTES + 1)
            headers = response.headers
    except urllib.error.HTTPError as error:
        raise RestError(_http_reason(error, refusal)) from error
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        reason = getattr(error, "reason", error)
        raise RestError(f"the shop could not be reached ({reason})") from error
    if len(body) > MAX_PAGE_BYTES:
        raise RestError("the shop's answer is too large")
    try:
        return json.loads(body), headers
    except (ValueError, RecursionError) as error:
        raise RestError("the shop's answer is not JSON") from error


def _http_reason(error: urllib.error.HTTPError, refusal: Refusal) -> str:
    if error.code in REDIRECTS:
        return (
            f"the shop redirected to {error.headers.get('Location', '?')}; "
            "give that address instead"
        )
    reason = ""
    try:
        answer = json.loads(error.read(64 * 1024))
        if isinstance(answer, dict):
            reason = str(answer.get(refusal.reason_field, ""))
    except (ValueError, OSError):
        pass
    detail = f"{error.code} {reason}".strip()[: refusal.reason_length]
    if error.code in {401, 403}:
        return f"the shop refused the {refusal.credential} ({detail})"
    return f"the shop answered {detail}"

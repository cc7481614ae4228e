"""One HTTP POST to a checked target, connecting to the checked address.

The standard library's http.client is enough: one request, no redirects
(it never follows them), a time-out, and a connection made to the address
`ssrf.url_check` approved while Host and TLS SNI name the host, so a DNS
answer that changes between check and send (rebinding) is never used.
"""

import http.client
import socket
import ssl
from dataclasses import dataclass

from cxloop.delivery.ssrf import Target

TIMEOUT_SECONDS = 15.0
RESPONSE_EXCERPT_BYTES = 1024
USER_AGENT = "cxloop-webhooks/1"


@dataclass(frozen=True)
class Reply:
    status: int
    body: str
    retry_after: str


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(
            target.host,
            target.port,
            timeout=timeout,
            context=ssl.create_default_context(),
        )
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(
    target: Target,
    *,
    body: bytes,
    headers: dict[str, str],
    timeout: float | None = None,
) -> Reply:
    """POST `body`; raise OSError (time-out, refused, TLS) if no answer came."""
    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    connection: http.client.HTTPConnection
    if target.scheme == "https":
        connection = _PinnedHTTPSConnection(target, timeout)
    else:
        connection = _PinnedHTTPConnection(target, timeout)
    try:
        connection.request(
            "POST",
            target.path,
            body=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                **headers,
            },
        )
        response = connection.getresponse()
        excerpt = response.read(RESPONSE_EXCERPT_BYTES)
        return Reply(
            status=response.status,
            # PostgreSQL text cannot hold NUL; a receiver may answer with one.
            body=excerpt.decode("utf-8", errors="replace").replace("\x00", "\ufffd"),
            retry_after=response.getheader("Retry-After") or "",
        )
    except http.client.HTTPException as error:
        raise OSError(f"{type(error).__name__}: {error}") from error
    finally:
        connection.close()

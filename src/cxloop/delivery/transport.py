"""HTTP POSTs to a checked target, connecting to the checked address.

The standard library's http.client is enough: no redirects
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


def _connect(address: str, port: int, timeout: float | None) -> socket.socket:
    sock = socket.create_connection((address, port), timeout)
    # As http.client's own connect does: http.client writes headers and
    # body separately, and with Nagle on the body of a request on a
    # kept-alive connection waits for the receiver's delayed ACK (40 ms).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = _connect(self._address, self.port, self.timeout)


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
        sock = _connect(self._address, self.port, self.timeout)
        # The certificate is checked against the name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _connection(target: Target, timeout: float) -> http.client.HTTPConnection:
    if target.scheme == "https":
        return _PinnedHTTPSConnection(target, timeout)
    return _PinnedHTTPConnection(target, timeout)


class Sender:
    """POSTs to one checked target over one connection, kept alive between
    requests when the receiver allows it: a drain sends an endpoint's
    deliveries one after another, and a new TCP (and TLS) handshake for
    each would cost more than the request. Every connection, the first and
    any reconnection, goes to the checked address.
    """

    def __init__(self, target: Target, *, timeout: float | None = None) -> None:
        self.target = target
        # Read when sending, not at import, so a changed limit applies.
        self.timeout = TIMEOUT_SECONDS if timeout is None else timeout
        self._connection: http.client.HTTPConnection | None = None

    def post(self, *, body: bytes, headers: dict[str, str]) -> Reply:
        """POST `body`; raise OSError (time-out, refused, TLS) if no answer came."""
        reused = self._connection is not None and self._connection.sock is not None
        try:
            return self._exchange(body, headers)
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            if not reused:
                self.close()
                raise
            # The receiver closed the idle connection before reading this
            # request: once more on a new one (webhook-id makes a rare
            # duplicate harmless, as for any retry).
            self.close()
            return self._exchange(body, headers)
        except BaseException:
            self.close()
            raise

    def _exchange(self, body: bytes, headers: dict[str, str]) -> Reply:
        if self._connection is None:
            self._connection = _connection(self.target, self.timeout)
        connection = self._connection
        try:
            connection.request(
                "POST",
                self.target.path,
                body=body,
                headers={
                    "Content-Type": "application/json",
                    "User-Agent": USER_AGENT,
                    **headers,
                },
            )
            response = connection.getresponse()
            excerpt = response.read(RESPONSE_EXCERPT_BYTES)
        except http.client.RemoteDisconnected:
            raise
        except http.client.HTTPException as error:
            raise OSError(f"{type(error).__name__}: {error}") from error
        if not response.isclosed():
            # A longer body than the excerpt: the rest is not wanted, and the
            # connection cannot carry another request before it is read.
            self.close()
        return Reply(
            status=response.status,
            # PostgreSQL text cannot hold NUL; a receiver may answer with one.
            body=excerpt.decode("utf-8", errors="replace").replace("\x00", "\ufffd"),
            retry_after=response.getheader("Retry-After") or "",
        )

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def post(
    target: Target,
    *,
    body: bytes,
    headers: dict[str, str],
    timeout: float | None = None,
) -> Reply:
    """POST `body` on a connection of its own; OSError if no answer came."""
    sender = Sender(target, timeout=timeout)
    try:
        return sender.post(body=body, headers=headers)
    finally:
        sender.close()

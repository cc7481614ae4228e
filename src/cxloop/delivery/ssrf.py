"""Which outbound URLs cxloop may call: no loopback, private or internal hosts.

Following OWASP's SSRF prevention advice: only http and https; every A and
AAAA address of the host is resolved, and the URL is refused if any of them
is internal (one bad address is enough for a rebinding attacker to pick it).
The check runs when an endpoint is saved and again before every attempt,
and the request connects to the address that was checked rather than
resolving the name a second time.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from cxloop.errors import InvalidInput

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect, and what to name in Host and SNI."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


class UnsafeUrl(InvalidInput):
    pass


def resolve(host: str, port: int) -> list[str]:
    """Every address of `host`; the tests replace it with a fake resolver."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_internal(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        # An IPv4 address inside an IPv6 one reaches that IPv4 address.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            address = embedded
    return (
        not address.is_global  # e.g. 100.64.0.0/10, shared by carriers
        or address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or (isinstance(address, ipaddress.IPv6Address) and address.is_site_local)
    )


def url_check(url: str, *, field: str = "url") -> Target:
    """The URL's target, or UnsafeUrl (a 422 naming `field`) saying why not."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeUrl(_("Enter a valid URL."), field=field) from error
    if parts.scheme not in {"http", "https"}:
        raise UnsafeUrl(_("Only http and https URLs can be called."), field=field)
    host = parts.hostname
    if not host:
        raise UnsafeUrl(_("Enter a valid URL."), field=field)
    if parts.username or parts.password:
        raise UnsafeUrl(
            _("Put no user name or password in the URL; use the signature."),
            field=field,
        )
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            addresses = resolve(host, port)
        except (OSError, UnicodeError) as error:
            raise UnsafeUrl(
                _("The host %(host)s cannot be found.") % {"host": host}, field=field
            ) from error
    if not addresses:
        raise UnsafeUrl(
            _("The host %(host)s cannot be found.") % {"host": host}, field=field
        )
    internal_allowed = (
        settings.CXLOOP_WEBHOOK_ALLOW_PRIVATE
        or url in settings.CXLOOP_WEBHOOK_ALLOW_URLS
    )
    if not internal_allowed:
        for address in addresses:
            if is_internal(ipaddress.ip_address(address)):
                raise UnsafeUrl(
                    _(
                        "%(host)s is an internal address (%(address)s); only "
                        "public addresses can be called."
                    )
                    % {"host": host, "address": address},
                    field=field,
                )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(
        scheme=parts.scheme, host=host, port=port, path=path, address=addresses[0]
    )

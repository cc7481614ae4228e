"""Bearer API keys: `sk_…` for servers, `pk_…` for browsers."""

import re
from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from cxloop.accounts import selectors, services
from cxloop.accounts.models import ApiKey
from cxloop.api.errors import KeyRejected
from cxloop.errors import DomainError

KEY_PREFIXES = ("sk_", "pk_")
# Looks like a key (cxloop's have 32 letters and digits after the prefix),
# not like a survey key that happens to start with "sk_".
KEY_LIKE = re.compile(r"^[sp]k_[A-Za-z0-9]{16,}$")
KEY_PARAMETERS = {"api_key", "apikey", "key", "token", "access_token"}
NUL_REFUSED = "The URL must not contain NUL characters (%00)."
QUERY_KEY_REFUSED = (
    "API keys do not belong in the URL, where logs and browser histories "
    "keep them: send 'Authorization: Bearer <key>' instead."
)


def _refuse_unsafe_url(request: HttpRequest) -> None:
    """Refuse a key in the query string, and NUL anywhere in the URL.

    Runs before any parameter is read, for every route that takes a key.
    PostgreSQL cannot hold U+0000 in text, so a NUL reaching a lookup would
    be a database error rather than a 404 or an empty list.
    """
    if "\x00" in request.path:
        raise DomainError(NUL_REFUSED, field="path")
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise DomainError(NUL_REFUSED, field=name.replace("\x00", ""))
        for value in values:
            if KEY_LIKE.match(value) or (
                name.lower() in KEY_PARAMETERS and value.startswith(KEY_PREFIXES)
            ):
                raise KeyRejected(400, QUERY_KEY_REFUSED, field=name)


class _KeyAuth(HttpBearer):
    accepts_public = False

    def __call__(self, request: HttpRequest) -> Any:
        _refuse_unsafe_url(request)
        header = request.headers.get(self.header, "")
        if not header:
            raise KeyRejected(
                401, "Missing API key: send 'Authorization: Bearer sk_…'."
            )
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise KeyRejected(
                401, "Malformed Authorization header: use 'Bearer <key>'."
            )
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey:
        if not token.startswith(KEY_PREFIXES):
            raise KeyRejected(401, "Malformed API key: keys start with sk_ or pk_.")
        api_key = selectors.apikey_authenticate(token=token)
        if api_key is None:
            raise KeyRejected(401, "Unknown API key.")
        if not api_key.is_active:
            raise KeyRejected(401, "This API key has been revoked.")
        if not api_key.is_secret and not self.accepts_public:
            raise KeyRejected(
                403, "A public key (pk_…) cannot use this endpoint; use a secret key."
            )
        origin = request.headers.get("Origin")
        if origin and not api_key.workspace.allows_origin(origin):
            request.origin_refused = True  # type: ignore[attr-defined]
            raise KeyRejected(403, f"This key may not be used from {origin}.")
        services.apikey_touch(api_key=api_key)
        request.workspace = api_key.workspace  # type: ignore[attr-defined]
        return api_key


class SecretKeyAuth(_KeyAuth):
    """Full access to the key's workspace."""


class PublicKeyAuth(_KeyAuth):
    """Routes a browser may call: posting events and responses, eligibility."""

    accepts_public = True


secret_key = SecretKeyAuth()
public_key = PublicKeyAuth()

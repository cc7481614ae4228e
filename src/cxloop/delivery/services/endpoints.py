"""Webhook endpoints: created with a secret shown once, rotated, changed."""

import base64
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.delivery import hooks, ssrf
from cxloop.delivery.models import WebhookEndpoint
from cxloop.delivery.services.limits import (
    ROTATION_OVERLAP,
)
from cxloop.errors import InvalidInput


def secret_generate() -> str:
    """A Standard Webhooks secret: `whsec_` and 24 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode("ascii")


def _event_types_check(event_types: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(event_types))
    for name in chosen:
        if not hooks.event_type_exists(name):
            raise InvalidInput(
                _("%(name)s is no event type.") % {"name": name[:100]},
                field="event_types",
            )
    return chosen


@dataclass(frozen=True)
class EndpointWithSecret:
    endpoint: WebhookEndpoint
    secret: str  # shown once, in the answer to the create or rotate


def endpoint_create(
    *,
    workspace: Workspace,
    url: str,
    event_types: Iterable[str] = (),
    description: str = "",
) -> EndpointWithSecret:
    chosen = _event_types_check(event_types)
    ssrf.url_check(url)
    secret = secret_generate()
    endpoint = WebhookEndpoint.objects.create(
        workspace=workspace,
        url=url,
        event_types=chosen,
        description=description,
        secret=secret,
    )
    return EndpointWithSecret(endpoint=endpoint, secret=secret)


def endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    event_types: Iterable[str] | None = None,
    description: str | None = None,
    enabled: bool | None = None,
) -> WebhookEndpoint:
    if url is not None:
        ssrf.url_check(url)
        endpoint.url = url
    if event_types is not None:
        endpoint.event_types = _event_types_check(event_types)
    if description is not None:
        endpoint.description = description
    if enabled is not None and enabled != endpoint.enabled:
        endpoint.enabled = enabled
        if enabled:
            endpoint.disabled_reason = ""
            endpoint.disabled_at = None
            endpoint.failing_since = None
        else:
            endpoint.disabled_reason = _("Disabled by a person.")
            endpoint.disabled_at = timezone.now()
    endpoint.save()
    return endpoint


def endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()


def endpoint_rotate_secret(
    *, endpoint: WebhookEndpoint, now: datetime | None = None
) -> EndpointWithSecret:
    """A new secret; the old one keeps signing too for ROTATION_OVERLAP."""
    now = now or timezone.now()
    secret = secret_generate()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = now + ROTATION_OVERLAP
    endpoint.secret = secret
    endpoint.save(
        update_fields=["secret", "previous_secret", "previous_secret_expires_at"]
    )
    return EndpointWithSecret(endpoint=endpoint, secret=secret)


def signing_secrets(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    keys = [endpoint.secret]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret and expires is not None and expires > now:
        keys.append(endpoint.previous_secret)
    return keys

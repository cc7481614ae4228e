"""Shop connections for workspaces A and B, and a recorder of applied values.

Tests that ask for `applied` replace the one function that hands values to
customers (`services.customers_apply`) with a recorder, so they see exactly
what would be applied, and how often; test_end_to_end.py applies for real.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from cxloop.accounts.models import Workspace
from cxloop.integrations import services
from cxloop.integrations.models import ShopConnection
from cxloop.integrations.platforms.base import Parsed
from cxloop.integrations.services import deliveries

SECRETS = {
    "shopify": "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",
    "woocommerce": "woo-secret-of-shop-a-0001",
    "magento": "magento-token-of-shop-a-0001",
}
SECRETS_B = {platform: f"{secret}-workspace-b" for platform, secret in SECRETS.items()}


@dataclass
class Recorder:
    calls: list[tuple[Workspace, Parsed]] = field(default_factory=list)
    fail_with: Exception | None = None

    def __call__(self, *, workspace: Workspace, value: Parsed) -> list[str]:
        if self.fail_with is not None:
            raise self.fail_with
        self.calls.append((workspace, value))
        return []  # like customers_apply: no value was unreadable


@pytest.fixture
def applied(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    # The apply step calls it from its own module.
    monkeypatch.setattr(deliveries, "customers_apply", recorder)
    return recorder


@pytest.fixture
def connections_a(workspace_a: Workspace) -> dict[str, ShopConnection]:
    return {
        platform: services.connection_create(
            workspace=workspace_a, platform=platform, secret=secret, shop="shop-a"
        ).connection
        for platform, secret in SECRETS.items()
    }


@pytest.fixture
def connections_b(workspace_b: Workspace) -> dict[str, ShopConnection]:
    return {
        platform: services.connection_create(
            workspace=workspace_b, platform=platform, secret=secret
        ).connection
        for platform, secret in SECRETS_B.items()
    }


Post = Callable[..., Any]


@pytest.fixture
def post(
    client: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> Iterator[Post]:
    """POST a body as a shop would; tasks enqueued on commit run before it returns."""

    def _post(path: str, body: bytes, headers: dict[str, str], **extra: Any) -> Any:
        content_type = extra.pop("content_type", "application/json")
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, body, content_type=content_type, **headers)

    yield _post


# The local WooCommerce REST API for the sync's tests.
# The local Magento REST API for its sync's tests.
from tests.integrations.magento_rest import fake_magento  # noqa: E402, F401
from tests.integrations.woo_rest import fake_shop  # noqa: E402, F401

"""Environments for running `cxloop` as a subprocess.

`cli_env` is an empty installation (fresh data directory and, on PostgreSQL,
a fresh database); `fresh_migrated_env` is the same, already migrated.
`migrated_env` is one migrated installation shared by a module's tests, which
therefore use their own slugs and e-mail addresses, and `shop` is a
workspace in it that tests may add to but not change.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import processes

SHOP = "shared-shop"


@pytest.fixture
def cli_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    with processes.cxloop_env(tmp_path / "data") as env:
        yield env


@pytest.fixture
def fresh_migrated_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    with processes.cxloop_env(tmp_path / "data", migrated=True) as env:
        yield env


@pytest.fixture(scope="module")
def migrated_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    data_dir = tmp_path_factory.mktemp("data")
    with processes.cxloop_env(data_dir, migrated=True) as env:
        yield env


@pytest.fixture(scope="module")
def shop(migrated_env: dict[str, str]) -> str:
    """The slug of a workspace in `migrated_env`."""
    processes.cli_ok(migrated_env, "workspace", "create", SHOP)
    return SHOP


# The local WooCommerce REST API that `integration sync` reads.
# The local Magento REST API that `integration sync magento` reads.
from tests.integrations.magento_rest import fake_magento  # noqa: E402, F401
from tests.integrations.woo_rest import fake_shop  # noqa: E402, F401

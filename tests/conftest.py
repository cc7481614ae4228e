"""The three people every test can use.

ada is admin of workspace A, ben is an agent in workspace A, cleo is admin of
workspace B and must never see anything of A.
"""

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from cxloop import caching
from cxloop.accounts.models import Membership, User, Workspace
from tests import demo_shop as shared_demo
from tests import factories
from tests.demo_shop import _demo_loaded, demo_shop  # noqa: F401  (fixtures for every test)
from tests.shared_data import shared_data  # noqa: F401  (a fixture for every test)

# Fixtures that give a test a database: its own, or a subprocess's.
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_setup",
    "live_server",
    "demo_shop",
    "cli_env",
    "fresh_migrated_env",
    "migrated_env",
    "database_worker",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # After pytest-django's own ordering (tryfirst): one demo load serves all.
    shared_demo.demo_tests_together(items)
    _no_database_holds(items)


def _no_database_holds(items: list[pytest.Item]) -> None:
    """A `no_database` test runs on one database only, so it must use none.

    pytest-django refuses database access to a test without `django_db`, and
    the fixtures above are the ways to a subprocess's database; a test that
    starts a cxloop subprocess by other means (tests/processes.py) must not
    be marked.
    """
    wrong = [
        item.nodeid
        for item in items
        if item.get_closest_marker("no_database")
        and (
            item.get_closest_marker("django_db")
            or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
    ]
    if wrong:
        raise pytest.UsageError(
            "marked no_database but uses a database:\n  " + "\n  ".join(wrong)
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Iterator[None]:
    result = yield  # the test's own teardown first: its transaction is over
    shared_demo.demo_after_test(nextitem)
    return result


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Each test starts with full request budgets and no cached reads."""
    cache.clear()
    caching.clear_all()


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Each test starts in English: a request in another language (the
    LocaleMiddleware activates it for the thread) must not leak into the
    next test's messages."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def workspace_a(db: None) -> Workspace:
    return factories.workspace("shop-a", name="Shop A")


@pytest.fixture
def workspace_b(db: None) -> Workspace:
    return factories.workspace("shop-b", name="Shop B")


@pytest.fixture
def ada(workspace_a: Workspace) -> User:
    return factories.member(
        workspace_a, "ada@shop-a.example", first_name="Ada", last_name="Admin"
    )


@pytest.fixture
def ben(workspace_a: Workspace) -> User:
    return factories.member(
        workspace_a,
        "ben@shop-a.example",
        Membership.Role.AGENT,
        first_name="Ben",
        last_name="Agent",
    )


@pytest.fixture
def cleo(workspace_b: Workspace) -> User:
    return factories.member(
        workspace_b, "cleo@shop-b.example", first_name="Cleo", last_name="Other"
    )


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    def _login(user: User) -> Client:
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def key_a(workspace_a: Workspace) -> str:
    return factories.secret_key(workspace_a)


@pytest.fixture
def key_b(workspace_b: Workspace) -> str:
    return factories.secret_key(workspace_b)


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}

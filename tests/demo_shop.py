"""A smaller demo shop, loaded by the real demo loader once for many tests.

The crawl tests need the demo's real data (every kind of event, order,
response and property the full demo has) but not its 30,000 responses. The
data is committed, so the worker's on-commit tasks (applying the shop's
webhooks, text analysis) run as they do in `cxloop demo`, and a live server
thread sees it.

Loading it takes a while, so it is loaded once and shared by every test that
asks for `demo_shop`, in whatever module: the collection hook below runs
those tests one after the other (the ones in a transaction, then the
transactional ones right after them), and the database is emptied again
after the last of them, so no other test ever sees the demo. The tests must
only read it: a `django_db` test's own writes are rolled back as usual, and a
transactional test (a live server's) empties the whole database when it ends,
after which the next test that asks for the demo gets it loaded again.

A module using it marks its tests `django_db` and takes `demo_shop` as an
argument; it must not import the fixture (tests/conftest.py provides it for
every module).
"""

import io
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from pytest_django import DjangoDbBlocker

from cxloop import caching, demo
from cxloop.accounts.models import User, Workspace

SIZE = demo.DemoSize(responses=400, shoppers=60, orders=80, visits=400)
FIXTURE = "demo_shop"

# The loaded demo workspace's pk (None: not loaded) and the session's blocker.
_loaded: dict[str, object] = {"pk": None, "blocker": None}


def _blocker() -> DjangoDbBlocker:
    blocker = _loaded["blocker"]
    assert isinstance(blocker, DjangoDbBlocker)
    return blocker


def _present() -> Workspace | None:
    """The loaded demo workspace, if it is still in the database."""
    if _loaded["pk"] is None:
        return None
    return Workspace.objects.filter(pk=_loaded["pk"]).first()


def _ensure() -> Workspace:
    with _blocker().unblock():
        workspace = _present()
        if workspace is not None:
            return workspace
        if connection.in_atomic_block:
            # Inside a test's transaction the load would be rolled back and
            # its on-commit tasks would never run: a different demo.
            pytest.fail(
                f"{FIXTURE} must be loaded outside a test's transaction: its "
                "tests were not run together (see tests/demo_shop.py)"
            )
        workspace = demo.load(io.StringIO(), size=SIZE).workspace
        _loaded["pk"] = workspace.pk
        # As if the test started on a loaded demo, like any other test.
        cache.clear()
        caching.clear_all()
        return workspace


def _empty() -> None:
    if _loaded["pk"] is None:
        return
    with _blocker().unblock():
        # A transactional test has emptied the database already.
        if _present() is not None:
            call_command("flush", interactive=False, verbosity=0)
    _loaded["pk"] = None


@pytest.fixture(scope="session")
def _demo_loaded(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[None]:
    """Loads the demo before the first test's own transaction begins."""
    _loaded["blocker"] = django_db_blocker
    _ensure()
    yield
    _empty()


@pytest.fixture
def demo_shop(_demo_loaded: None) -> Workspace:
    """The demo workspace (loaded again if a transactional test emptied it)."""
    return _ensure()


def demo_person(role: str) -> User:
    email = next(person.email for person in demo.TEAM if person.role == role)
    return User.objects.get(email=email)


def uses_demo(item: pytest.Item) -> bool:
    return FIXTURE in getattr(item, "fixturenames", ())


def _db_group(item: pytest.Item) -> int:
    """pytest-django's order: 0 in a transaction, 1 transactional, 2 no db."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return 0 if issubclass(cls, TestCase) else 1
    fixtures = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    transactional = bool(fixtures & {"transactional_db", "live_server"})
    if marker is not None:
        kwargs = marker.kwargs
        transactional = (
            transactional
            or bool(kwargs.get("transaction", marker.args[0] if marker.args else False))
            or bool(kwargs.get("reset_sequences", False))
        )
    if transactional:
        return 1
    return 0 if marker is not None or "db" in fixtures else 2


def demo_tests_together(items: list[pytest.Item]) -> None:
    """Run the demo's tests last in a transaction, first of the transactional.

    pytest-django has already ordered the items by group; this keeps that
    order and every other test's relative order, and brings the demo's tests
    next to each other so that one load serves them all.
    """
    if not any(uses_demo(item) for item in items):
        return

    def key(item: pytest.Item) -> tuple[int, int]:
        group = _db_group(item)
        if not uses_demo(item):
            return group, 0
        return group, 1 if group == 0 else -1

    items.sort(key=key)


def demo_after_test(nextitem: pytest.Item | None) -> None:
    """Empty the database after the last of the demo's tests in a row."""
    if nextitem is not None and not uses_demo(nextitem):
        _empty()

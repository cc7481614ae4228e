"""A smaller demo shop, loaded once per test module by the real demo loader.

The crawl tests need the demo's real data (every kind of event, order,
response and property the full demo has) but not its 30,000 responses. The
data is committed, so the worker's on-commit tasks (applying the shop's
webhooks, text analysis) run as they do in `cxloop demo`, and a live server
thread sees it; the module's teardown empties the database again. A module
using it marks its tests `django_db` (pytest-django sets up the test database
only for a session with such tests; each test's own writes are rolled back).
"""

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from pytest_django import DjangoDbBlocker

from cxloop import demo
from cxloop.accounts.models import User, Workspace

SIZE = demo.DemoSize(responses=400, shoppers=60, orders=80, visits=400)


@pytest.fixture(scope="module")
def demo_shop(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[Workspace]:
    with django_db_blocker.unblock():
        context = demo.load(io.StringIO(), size=SIZE)
        try:
            yield context.workspace
        finally:
            call_command("flush", interactive=False, verbosity=0)


def demo_person(role: str) -> User:
    email = next(person.email for person in demo.TEAM if person.role == role)
    return User.objects.get(email=email)

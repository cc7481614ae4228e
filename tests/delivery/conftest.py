from collections.abc import Iterator

import pytest
from pytest_django.fixtures import Settings

from tests.delivery.receiver import Receiver, receiving


@pytest.fixture
def allow_private(settings: Settings) -> None:
    """The tests' receivers listen on 127.0.0.1, which production refuses."""
    settings.CXLOOP_WEBHOOK_ALLOW_PRIVATE = True


@pytest.fixture
def receiver(allow_private: None) -> Iterator[Receiver]:
    with receiving() as running:
        yield running

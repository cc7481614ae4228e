"""Where the real third-party data sets live (`../shared/data` beside the repo).

They are used by path and never copied into the project. `CXLOOP_SHARED_DATA`
points elsewhere when a checkout lives somewhere else.
"""

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    configured = os.environ.get("CXLOOP_SHARED_DATA")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The data directory; a test that needs it is skipped, loudly, without it."""
    directory = shared_data_dir()
    if not directory.is_dir():
        pytest.skip(f"shared data sets not found at {directory}")
    return directory

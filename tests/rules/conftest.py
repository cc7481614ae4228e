"""Workspaces without their default rules, so each test sees only its own.

`test_defaults.py` makes its own workspaces to test the default rules.
"""

import pytest

from cxloop.accounts.models import Workspace
from cxloop.rules.models import Rule
from tests import factories


def _bare(workspace: Workspace) -> Workspace:
    Rule.objects.filter(workspace=workspace).delete()
    return workspace


@pytest.fixture
def workspace_a(db: None) -> Workspace:
    return _bare(factories.workspace("shop-a", name="Shop A"))


@pytest.fixture
def workspace_b(db: None) -> Workspace:
    return _bare(factories.workspace("shop-b", name="Shop B"))

"""Migration 0006 keeps each existing name as the default language's text."""

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("journeys", "0005_funnel_rollup")]
AFTER = [("journeys", "0006_stage_and_touchpoint_names")]


@pytest.fixture
def _latest_afterwards() -> Iterator[None]:
    """Going back to 0005 also unapplies the apps that depend on journeys
    (cases, rules); the tests after this one need every table again."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_latest_afterwards")
def test_existing_names_become_the_workspace_default_languages_text() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    workspace = old.get_model("accounts", "Workspace").objects.create(
        slug="vana", name="Vana pood", default_locale="et"
    )
    stage = old.get_model("journeys", "Stage").objects.create(
        workspace=workspace, key="ost", name="Ost", position=0
    )
    old.get_model("journeys", "Touchpoint").objects.create(
        workspace=workspace, stage=stage, key="kassa", name="Meie kassa", position=0
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps

    touchpoint = new.get_model("journeys", "Touchpoint").objects.get(key="kassa")
    assert (touchpoint.name, touchpoint.names) == ("Meie kassa", {"et": "Meie kassa"})
    assert new.get_model("journeys", "Stage").objects.get(key="ost").names == {
        "et": "Ost"
    }

"""The journey map: the default map, editing touchpoints, activity per touchpoint."""

from datetime import timedelta

import pytest
from django.utils import translation

from cxloop.accounts.models import User, Workspace
from cxloop.errors import Conflict, InvalidInput
from cxloop.journeys import funnels, selectors, services
from cxloop.surveys.templates import TEMPLATES
from tests import factories
from tests.journeys.factories import T0, event, journey

DEFAULT_STAGES = ["before_purchase", "purchase", "after_purchase"]


def test_a_new_workspace_starts_with_the_e_commerce_journey(
    workspace_a: Workspace,
) -> None:
    journey_map = selectors.journey_map(workspace=workspace_a)

    assert [stage.key for stage, _ in journey_map] == DEFAULT_STAGES
    keys = {stage.key: [t.key for t in tps] for stage, tps in journey_map}
    assert keys["before_purchase"] == [
        "ad",
        "site_visit",
        "site_search",
        "product_page",
    ]
    assert keys["purchase"] == ["cart", "checkout", "payment"]
    assert keys["after_purchase"] == [
        "delivery",
        "returns",
        "support_contact",
        "review",
    ]


def test_every_survey_template_touchpoint_is_on_the_default_map(
    workspace_a: Workspace,
) -> None:
    touchpoints = {t.key: t for t in selectors.touchpoint_list(workspace=workspace_a)}

    for template_key, template in TEMPLATES.items():
        if template["touchpoint"]:
            touchpoint = touchpoints[template["touchpoint"]]
            assert template["trigger_event"] in touchpoint.event_types + ["case_closed"]
            # The key `cxloop demo` and the API give a survey from a template.
            assert template_key.replace("_", "-") in touchpoint.survey_keys


def test_the_default_map_speaks_the_workspaces_language(db: None) -> None:
    with translation.override("en"):
        workspace = factories.workspace("pood", default_locale="et")

    stages = selectors.stage_list(workspace=workspace)
    # Stored as real text in the workspace's language, never a lazy
    # object's repr or the language of whoever made the workspace.
    assert [stage.name for stage in stages][0] == "Enne ostu"
    assert all(stage.name and "<" not in stage.name for stage in stages)


def test_each_workspace_gets_its_own_map(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    services.touchpoint_update(
        touchpoint=selectors.touchpoint_get(workspace=workspace_a, key="checkout"),
        name="Kassa",
    )

    other = selectors.touchpoint_get(workspace=workspace_b, key="checkout")
    assert other.name == "Checkout"


def test_touchpoint_owner_must_be_a_member(
    workspace_a: Workspace, ada: User, cleo: User
) -> None:
    checkout = selectors.touchpoint_get(workspace=workspace_a, key="checkout")

    services.touchpoint_update(touchpoint=checkout, owner="ADA@shop-a.example")
    assert checkout.owner == ada
    with pytest.raises(InvalidInput) as refused:
        services.touchpoint_update(touchpoint=checkout, owner=cleo.email)
    assert refused.value.field == "owner"


def test_an_event_type_belongs_to_one_touchpoint(workspace_a: Workspace) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.touchpoint_create(
            workspace=workspace_a,
            key="newsletter",
            name="Newsletter",
            stage="before_purchase",
            event_types=["email_opened", "search"],
        )
    assert refused.value.field == "event_types"
    assert "Site search" in refused.value.message


def test_a_stage_with_touchpoints_cannot_be_deleted(workspace_a: Workspace) -> None:
    with pytest.raises(Conflict):
        services.stage_delete(
            stage=selectors.stage_get(workspace=workspace_a, key="purchase")
        )


def test_touchpoint_activity_counts_events_sessions_and_drop_off(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    # The widget names its own touchpoint ("web_shop", not on the map): the
    # event type decides where it counts.
    journey(workspace_a, "left-at-cart", ("search", 0), ("cart_added", 10))
    journey(
        workspace_a,
        "bought",
        ("search", 0),
        ("cart_added", 10),
        ("checkout_started", 20),
        ("order_placed", 30),
    )
    journey(workspace_a, "left-at-search", ("search", 0), ("search", 5))
    event(workspace_a, "order_delivered", touchpoint="delivery", seconds=86400)
    event(workspace_a, "page_view", session="named", touchpoint="cart", seconds=40)
    journey(workspace_b, "other", ("cart_added", 0))
    touchpoints = list(selectors.touchpoint_list(workspace=workspace_a))

    activity = funnels.touchpoint_activity(
        workspace=workspace_a,
        touchpoints=touchpoints,
        since=T0,
        until=T0 + timedelta(days=2),
    )

    assert activity["site_search"].events == 4
    assert activity["site_search"].sessions == 3
    assert activity["site_search"].exits == 1
    # A page view the sender placed at the cart counts at the cart.
    assert activity["cart"].events == 3
    assert activity["cart"].sessions == 3
    assert activity["cart"].exits == 2  # left-at-cart and the named session
    assert activity["cart"].drop_off == pytest.approx(2 / 3)
    assert activity["checkout"].exits == 0  # the order placed is no drop-off
    assert activity["delivery"].events == 1
    assert activity["delivery"].sessions == 0
    assert activity["delivery"].drop_off is None

"""/demo/shop: the demo's shop page carries a working widget key."""

import re

from django.test import Client

from cxloop import demo
from cxloop.accounts import selectors
from tests.conftest import bearer


def load_shop_only() -> None:
    """The demo steps the shop page needs, without the year of responses."""
    context = demo.DemoContext(workspace=demo._demo_workspace())
    for name, step in demo.STEPS:
        if name not in ("responses", "orders", "visits"):
            step(context)


def test_without_the_demo_loaded_the_page_is_missing(db: None, client: Client) -> None:
    assert client.get("/demo/shop").status_code == 404


def test_the_shop_embeds_the_widget_with_the_demo_workspaces_public_key(
    db: None, client: Client
) -> None:
    load_shop_only()
    load_shop_only()  # a second `cxloop demo` changes nothing

    page = client.get("/demo/shop")

    assert page.status_code == 200
    html = page.content.decode()
    token = re.search(r'data-key="(pk_\w+)"', html)[1]  # type: ignore[index]
    assert "/static/cxloop/widget.js" in html
    key = selectors.apikey_find(token=token)
    assert key is not None and key.workspace.slug == demo.DEMO_SLUG
    eligible = client.get(
        "/api/v1/surveys/eligible?anonymous_id=a1&event=checkout_abandoned",
        **bearer(token),
    )
    assert eligible.status_code == 200
    assert eligible.json()["survey"]["key"] == "checkout-abandonment"


def test_the_demo_journey_has_an_owner_and_team_on_its_touchpoints(db: None) -> None:
    from cxloop.journeys import selectors as journeys

    load_shop_only()
    workspace = demo._demo_workspace()

    delivery = journeys.touchpoint_get(workspace=workspace, key="delivery")
    assert delivery.owner is not None
    assert delivery.owner.email == "mikko.virtanen@demo-shop.example"
    assert delivery.team == "Logistics"

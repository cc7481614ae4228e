"""An agent on the phone finds the caller and sees their whole history."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from cxloop.accounts.models import Membership, User, Workspace
from cxloop.customers import services as customer_services
from cxloop.customers.inputs import IdentitySignals, ProfileData
from cxloop.customers.models import Customer
from cxloop.journeys import services as journey_services
from cxloop.surveys import services as survey_services
from tests import factories
from tests.customers import factories as customer_factories
from tests.e2e.test_browser import log_in

pytestmark = pytest.mark.browser

COMMENT = "Kuller helistas enne, väga mugav. Kohv on suurepärane!"
PHONE_WIDTH = {"width": 390, "height": 844}


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
def mari(workspace_a: Workspace) -> Customer:
    """Two orders, a support call and an NPS answer with a comment."""
    signals = IdentitySignals(
        email="mari.maasikas@example.ee",
        phone="+372 5123 4567",
        external_ids=("shopify:7250123456789",),
    )
    profile = ProfileData(
        first_name="Mari",
        last_name="Maasikas",
        locale="et",
        consent_marketing=True,
        consent_surveys=True,
    )
    for number, day, status in ((1041, 2, "delivered"), (1057, 9, "paid")):
        customer_services.order_upsert(
            workspace=workspace_a,
            data=customer_factories.order_data(
                number,
                status=status,
                placed_at=datetime(2026, 11, day, 10, 12, tzinfo=UTC),
                customer=signals,
                profile=profile,
            ),
        )
    journey_services.event_ingest(
        workspace=workspace_a,
        events=[
            journey_services.EventInput(
                event_id="call-1",
                type="support_call",
                touchpoint="support",
                customer_ref={"phone": "5123 4567"},
                properties={"topic": "delivery time", "minutes": 4},
                occurred_at=datetime(2026, 11, 10, 9, 30, tzinfo=UTC),
            )
        ],
    )
    survey = survey_services.survey_create_from_template(
        workspace=workspace_a, template="relationship_nps", key="nps"
    )
    survey_services.response_submit(
        workspace=workspace_a,
        data=survey_services.ResponseInput(
            survey_key=survey.key,
            answers={"nps": 9, "reason": COMMENT},
            channel="email",
            customer_ref={"email": "mari.maasikas@example.ee"},
            submitted_at=datetime(2026, 11, 11, 8, 5, tzinfo=UTC),
        ),
    )
    return customer_factories.customer(workspace_a, email="mari.maasikas@example.ee")


def test_an_agent_types_the_callers_number_and_sees_their_history(
    page: Page, live_server: LiveServer, ben: User, mari: Customer, screenshots: Path
) -> None:
    log_in(page, live_server, ben)
    page.get_by_role("link", name="Customers").click()
    page.screenshot(path=screenshots / "customers-list.png", full_page=True)

    page.get_by_role("searchbox").fill("5123 4567")
    page.get_by_role("button", name="Find").click()

    page.wait_for_url(f"{live_server.url}/app/customers/{mari.pk}/")
    expect(page.locator("h1")).to_have_text("Mari Maasikas")
    expect(page.locator("#order-count")).to_have_text("2")
    expect(page.locator(".profile-side .comment").first).to_have_text(COMMENT)
    expect(page.get_by_text("Promoter · 9")).to_be_visible()
    page.screenshot(path=screenshots / "customer-profile.png", full_page=True)


def test_the_profile_reads_well_at_phone_width(
    context: BrowserContext,
    live_server: LiveServer,
    ben: User,
    mari: Customer,
    screenshots: Path,
) -> None:
    page = context.new_page()
    page.set_viewport_size(PHONE_WIDTH)
    log_in(page, live_server, ben)
    page.goto(f"{live_server.url}/app/customers/{mari.pk}/")
    expect(page.locator("#order-count")).to_have_text("2")
    # Nothing is wider than the screen: no sideways scrolling on a phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH["width"]
    page.screenshot(path=screenshots / "customer-profile-phone.png", full_page=True)
    page.goto(f"{live_server.url}/app/customers/?q=5999+9999")
    expect(page.get_by_text("Nobody found")).to_be_visible()
    page.screenshot(path=screenshots / "customers-nobody-phone.png", full_page=True)


def test_an_admin_erases_a_profile_after_confirming(
    page: Page, live_server: LiveServer, ada: User, mari: Customer, screenshots: Path
) -> None:
    log_in(page, live_server, ada)
    page.goto(f"{live_server.url}/app/customers/{mari.pk}/")
    page.get_by_role("link", name="Erase personal data").click()
    page.screenshot(path=screenshots / "customer-erase.png", full_page=True)

    page.get_by_label("I understand that this cannot be undone.").check()
    page.get_by_role("button", name="Erase personal data").click()

    page.wait_for_url(f"{live_server.url}/app/customers/{mari.pk}/")
    expect(page.locator(".flash-erased")).to_contain_text("ada@shop-a.example")
    expect(page.locator("h1")).to_have_text("Erased customer")
    expect(page.locator("#order-count")).to_have_text("2")
    page.screenshot(path=screenshots / "customer-erased.png", full_page=True)

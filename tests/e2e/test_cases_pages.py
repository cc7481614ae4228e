"""An agent works a case in Chromium: from the inbox by keyboard to a note
and a prepared reply; the Cases pages fit a phone and pass axe, in English
and Estonian."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from cxloop.accounts.models import Membership, User, Workspace
from cxloop.cases import services
from cxloop.cases.models import Case, CaseEntry
from cxloop.customers import services as customer_services
from cxloop.customers.inputs import IdentitySignals, ProfileData
from cxloop.customers.models import Customer
from tests import factories
from tests.customers import factories as customer_factories
from tests.e2e.test_browser import log_in
from tests.e2e.test_crawl_browser import PHONE, page_problems

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 800}


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
    signals = IdentitySignals(email="mari.maasikas@example.ee")
    profile = ProfileData(first_name="Mari", last_name="Maasikas", locale="en")
    customer_services.order_upsert(
        workspace=workspace_a,
        data=customer_factories.order_data(
            1041,
            status="delivered",
            placed_at=datetime(2026, 11, 2, 10, 12, tzinfo=UTC),
            customer=signals,
            profile=profile,
        ),
    )
    return customer_factories.customer(workspace_a, email="mari.maasikas@example.ee")


@pytest.fixture
def cases(workspace_a: Workspace, ben: User, ada: User, mari: Customer) -> list[Case]:
    for language, subject, body in (
        (
            "en",
            "Your order {order_number}",
            "Dear {first_name},\n\nWe are sorry the parcel got wet. "
            "A new one is on its way.\n\n{agent_name}",
        ),
        (
            "et",
            "Teie tellimus {order_number}",
            "Tere {first_name}!\n\nVabandame, pakk sai märjaks. "
            "Saadame uue.\n\n{agent_name}",
        ),
    ):
        services.reply_template_save(
            workspace=workspace_a,
            name="Damaged parcel",
            situation="Delivery",
            language=language,
            subject=subject,
            body=body,
        )
    opened = [
        services.case_open(
            workspace=workspace_a,
            title="Parcel left in the rain",
            description="The courier left the parcel outside; the coffee is soaked.",
            source=Case.Source.MANUAL,
            customer_id=mari.pk,
            priority="high",
            owner_id=ben.pk,
            team="Logistics",
            tags=["courier"],
        ),
        services.case_open(
            workspace=workspace_a,
            title="Grinder makes a loud noise after two weeks of use, wants a refund",
            source=Case.Source.MANUAL,
            owner_id=ben.pk,
            priority="urgent",
        ),
        services.case_open(
            workspace=workspace_a,
            title="Wrong size of filter papers",
            source=Case.Source.MANUAL,
        ),
    ]
    services.case_status_set(case=opened[2], status="pending", actor=ada)
    return opened


def test_an_agent_works_a_case_with_the_keyboard_a_note_and_a_prepared_reply(
    page: Page,
    live_server: LiveServer,
    ben: User,
    cases: list[Case],
    screenshots: Path,
) -> None:
    log_in(page, live_server, ben)
    page.get_by_role("link", name="Cases").click()
    expect(page.get_by_role("link", name="Mine 2")).to_have_attribute(
        "aria-current", "page"
    )
    page.screenshot(path=screenshots / "cases-inbox.png", full_page=True)

    # j moves to the newest case of the list, j again to the next; Enter opens.
    page.locator("body").press("j")
    page.keyboard.press("j")
    expect(page.locator(".case-link").nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/app/cases/{cases[0].number}/")
    expect(page.locator("h1")).to_contain_text("Parcel left in the rain")

    page.get_by_role("textbox", name="Internal note").fill(
        "@ada the courier company is on it"
    )
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".mention")).to_have_text("@ada")

    page.get_by_label("Prepared answer", exact=True).select_option(
        label="Damaged parcel"
    )
    expect(page.get_by_label("Subject")).to_have_value("Your order {order_number}")
    expect(page.locator(".reply-preview")).to_contain_text("Dear Mari,")
    expect(page.locator(".reply-preview")).not_to_contain_text("{order_number}")
    page.screenshot(path=screenshots / "case-reply-preview.png", full_page=True)
    page.get_by_role("button", name="Send reply").click()

    expect(page.locator(".flash")).to_have_text("Reply sent to the customer.")
    expect(page.locator(".reply-body")).to_contain_text("Dear Mari,")
    assert CaseEntry.objects.filter(
        case=cases[0], kind=CaseEntry.Kind.REPLY, author=ben
    ).exists()
    page.screenshot(path=screenshots / "case-page.png", full_page=True)


@pytest.mark.parametrize("language", ["en", "et"])
def test_the_cases_pages_fit_a_phone_and_pass_axe(
    browser: Browser,
    live_server: LiveServer,
    ada: User,
    cases: list[Case],
    screenshots: Path,
    language: str,
) -> None:
    client = Client()
    client.force_login(ada)
    context = browser.new_context(viewport=PHONE, locale=language)
    context.add_cookies(
        [
            {"name": name, "value": value, "url": live_server.url}
            for name, value in (
                ("sessionid", client.cookies["sessionid"].value),
                ("django_language", language),
            )
        ]
    )
    page = context.new_page()
    problems = {}
    for path in (
        "/app/cases/?view=all",
        f"/app/cases/{cases[0].number}/",
        "/app/cases/new/",
        "/app/settings/sla/",
        "/app/settings/sla/policies/new/",
        "/app/settings/answers/",
        "/app/settings/answers/new/",
    ):
        name = path.strip("/").replace("/", "-").replace("?view=", "-")
        found = page_problems(
            page,
            live_server.url + path,
            screenshots / f"cases-phone-{language}-{name}.png",
            axe=True,
        )
        if found:
            problems[path] = found
    for name, path in (
        ("inbox", "/app/cases/?view=all"),
        ("case", f"/app/cases/{cases[0].number}/"),
        ("sla", "/app/settings/sla/"),
    ):
        for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(viewport)
            page.goto(live_server.url + path)
            page.screenshot(
                path=screenshots / f"cases-{size}-{language}-{name}-full.png",
                full_page=True,
            )
    context.close()

    assert problems == {}

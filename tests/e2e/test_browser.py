"""The dashboard in a real browser: logging in, languages, API keys, tenancy."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect
from pytest_django.live_server_helper import LiveServer

from cxloop.accounts.models import ApiKey, User
from tests import factories

pytestmark = pytest.mark.browser

SHOWN_PREFIX = len("sk_") + 8


def log_in(page: Page, live_server: LiveServer, user: User) -> None:
    """Log in through the real form and land on the dashboard."""
    page.goto(f"{live_server.url}/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/app/")


def nav_labels(page: Page) -> list[str]:
    return [text.strip() for text in page.locator(".sidebar nav a").all_inner_texts()]


def test_ada_logs_in_and_switches_the_dashboard_to_estonian(
    page: Page, live_server: LiveServer, ada: User, screenshots: Path
) -> None:
    page.goto(f"{live_server.url}/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.screenshot(path=screenshots / "login.png", full_page=True)

    log_in(page, live_server, ada)

    expect(page.locator("h1")).to_have_text("Shop A")
    assert {"Overview", "Settings"} <= set(nav_labels(page))
    page.screenshot(path=screenshots / "overview-en.png", full_page=True)

    with page.expect_navigation():
        page.locator("#language-select").select_option("et")

    assert page.url == f"{live_server.url}/app/"
    expect(page.locator("html")).to_have_attribute("lang", "et")
    expect(page.locator("#language-select")).to_have_value("et")
    page.screenshot(path=screenshots / "overview-et.png", full_page=True)
    labels = nav_labels(page)
    assert {"Ülevaade", "Seaded"} <= set(labels)
    assert not {"Overview", "Settings"} & set(labels)


def test_the_chosen_language_stays_for_the_next_page(
    page: Page, live_server: LiveServer, ada: User
) -> None:
    log_in(page, live_server, ada)
    with page.expect_navigation():
        page.locator("#language-select").select_option("et")

    page.goto(f"{live_server.url}/app/settings/members/")

    expect(page.locator("html")).to_have_attribute("lang", "et")


def test_a_new_api_key_is_shown_in_full_exactly_once(
    page: Page, live_server: LiveServer, ada: User, screenshots: Path
) -> None:
    keys_url = f"{live_server.url}/app/settings/api-keys/"
    log_in(page, live_server, ada)
    page.goto(keys_url)
    expect(page.locator(".empty")).to_be_visible()

    page.locator("input[name=name]").fill("Shop backend")
    page.locator("input[name=kind][value=secret]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Create key").click()

    token = page.locator("#new-key").inner_text().strip()
    assert token.startswith("sk_")
    assert page.content().count(token) == 1
    row = page.locator("tbody tr", has_text=token[:SHOWN_PREFIX])
    expect(row).to_contain_text("Shop backend")
    page.screenshot(path=screenshots / "api-keys-new-key.png", full_page=True)

    page.reload()

    expect(page.locator("#new-key")).to_have_count(0)
    assert token not in page.content()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr code")).to_have_text(f"{token[:SHOWN_PREFIX]}…")


def test_reloading_the_page_after_creating_a_key_creates_no_second_key(
    page: Page, live_server: LiveServer, ada: User
) -> None:
    log_in(page, live_server, ada)
    page.goto(f"{live_server.url}/app/settings/api-keys/")
    page.locator("input[name=kind][value=secret]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Create key").click()

    page.reload()

    assert ApiKey.objects.count() == 1
    expect(page.locator("#new-key")).to_have_count(0)


def test_ada_revokes_a_key_after_confirming_and_its_row_says_revoked(
    page: Page, live_server: LiveServer, ada: User
) -> None:
    token = factories.secret_key(ada.memberships.get().workspace, name="Old sync")
    prefix = token[:SHOWN_PREFIX]
    questions: list[str] = []

    def confirm(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", confirm)
    log_in(page, live_server, ada)
    page.goto(f"{live_server.url}/app/settings/api-keys/")
    row = page.locator("tbody tr", has_text=prefix)

    row.get_by_role("button", name="Revoke").click()

    expect(row.locator(".badge-revoked")).to_have_text("Revoked")
    expect(row.get_by_role("button", name="Revoke")).to_have_count(0)
    assert len(questions) == 1
    assert prefix in questions[0]
    assert ApiKey.objects.get(prefix=prefix).revoked_at is not None
    page.reload()
    expect(page.locator("tbody tr", has_text=prefix)).to_contain_text("Revoked")


def test_dismissing_the_revoke_question_keeps_the_key_active(
    page: Page, live_server: LiveServer, ada: User
) -> None:
    token = factories.secret_key(ada.memberships.get().workspace)
    page.on("dialog", lambda dialog: dialog.dismiss())
    log_in(page, live_server, ada)
    page.goto(f"{live_server.url}/app/settings/api-keys/")
    row = page.locator("tbody tr", has_text=token[:SHOWN_PREFIX])

    row.get_by_role("button", name="Revoke").click()
    page.reload()

    expect(row.get_by_role("button", name="Revoke")).to_be_visible()
    assert ApiKey.objects.get(prefix=token[:SHOWN_PREFIX]).revoked_at is None


def test_cleo_never_sees_workspace_a_in_the_switcher(
    page: Page, live_server: LiveServer, ada: User, cleo: User
) -> None:
    log_in(page, live_server, cleo)

    switcher = page.locator("#workspace-select option")
    expect(switcher).to_have_text(["Shop B"])
    assert "Shop A" not in page.content()


def test_cleo_cannot_switch_to_workspace_a_by_tampering_with_the_switcher(
    page: Page, live_server: LiveServer, ada: User, cleo: User
) -> None:
    log_in(page, live_server, cleo)
    page.evaluate(
        "document.getElementById('workspace-select')"
        ".add(new Option('Forged', 'shop-a'))"
    )

    with page.expect_navigation():
        page.locator("#workspace-select").select_option("shop-a")

    expect(page.locator("h1")).to_have_text("Shop B")
    assert "Shop A" not in page.content()


def test_the_overview_fits_a_phone_screen(
    browser: Browser, live_server: LiveServer, ada: User, screenshots: Path
) -> None:
    phone = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
    )
    try:
        page = phone.new_page()
        log_in(page, live_server, ada)
        page.screenshot(path=screenshots / "overview-mobile.png", full_page=True)

        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 390
        expect(page.locator("h1")).to_have_text("Shop A")
        expect(page.locator("#language-select")).not_to_be_in_viewport()

        page.get_by_role("button", name="Menu").click()

        expect(page.get_by_role("button", name="Menu")).to_have_attribute(
            "aria-expanded", "true"
        )
        expect(page.locator("#language-select")).to_be_in_viewport()
    finally:
        phone.close()

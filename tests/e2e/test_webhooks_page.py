"""Settings → Webhooks with endpoints and dead letters, on a phone: it fits
390 px and passes axe-core (the demo crawl sees only the empty page)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from cxloop.accounts.models import User, Workspace
from cxloop.delivery import services
from cxloop.delivery.models import Delivery
from tests.delivery.receiver import Answer, Receiver, receiving
from tests.e2e.test_browser import log_in
from tests.e2e.test_crawl_browser import PHONE, page_problems

pytestmark = pytest.mark.browser


@pytest.fixture
def receiver(settings: Settings) -> Iterator[Receiver]:
    settings.CXLOOP_WEBHOOK_ALLOW_PRIVATE = True
    with receiving() as running:
        yield running


def test_the_webhooks_page_with_dead_letters_fits_a_phone_and_passes_axe(
    browser: Browser,
    live_server: LiveServer,
    ada: User,
    workspace_a: Workspace,
    receiver: Receiver,
    screenshots: Path,
) -> None:
    long_url = receiver.url + "/" + "very-long-path-segment" * 6
    created = services.endpoint_create(
        workspace=workspace_a,
        url=long_url,
        description="ERP order sync",
        event_types=["response.created", "response.analysed", "case.opened"],
    )
    receiver.answers = [Answer(500, body="Internal error: " + "x" * 300), Answer(410)]
    services.endpoint_send_test(endpoint=created.endpoint)
    Delivery.objects.update(status="failed")
    services.endpoint_send_test(endpoint=created.endpoint)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        log_in(page, live_server, ada)
        url = f"{live_server.url}/app/settings/webhooks/"

        problems = page_problems(
            page, url, screenshots / "settings-webhooks-phone.png", axe=True
        )

        assert problems == []
        expect(page.locator(".disabled-reason")).to_contain_text("410")
        expect(page.get_by_role("button", name="Redeliver all failed")).to_be_visible()
        deliveries = f"{url}{created.endpoint.pk}/deliveries/?status=failed"
        problems = page_problems(
            page, deliveries, screenshots / "webhook-deliveries-phone.png", axe=True
        )
        assert problems == []
        expect(
            page.locator(".last-response", has_text="Internal error")
        ).to_be_visible()
    finally:
        context.close()

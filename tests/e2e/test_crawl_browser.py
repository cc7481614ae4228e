"""Every dashboard page and survey page, in Chromium on a phone, over the demo.

The pages are the ones the crawl of tests/web/test_crawl.py reaches (one
per path, a sample of the customers' pages), plus every demo survey's link
page. Each must fit a 390 px wide screen, log no console error (a blocked
script or style counts: the pages send a Content-Security-Policy) and pass
axe-core's WCAG 2 A/AA rules.
"""

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from cxloop.accounts.models import Membership, Workspace
from cxloop.surveys.models import Survey
from tests.demo_shop import demo_person
from tests.web import crawl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
  });
  return result.violations.map((v) => ({
    id: v.id, count: v.nodes.length, target: v.nodes[0].target.join(" "),
    html: v.nodes[0].html.slice(0, 160),
  }));
}"""
# Links in running text that only their colour tells apart (WCAG 1.4.1);
# axe reports them only where the colours are close.
COLOUR_ONLY_LINKS = """() => Array.from(document.querySelectorAll("main p a"))
  .filter((a) => !a.className)
  .filter((a) => !getComputedStyle(a).textDecorationLine.includes("underline"))
  .map((a) => a.outerHTML.slice(0, 120))"""
PHONE = {"width": 390, "height": 844}
CUSTOMER_PAGES = 6


def dashboard_pages() -> list[str]:
    """One URL per dashboard path the admin reaches, a few customers among them."""
    client = Client(raise_request_exception=False)
    client.force_login(demo_person(Membership.Role.ADMIN))

    def fetch(url: str) -> tuple[int, str]:
        response = client.get(url)
        html = response.content.decode() if _is_html(response) else ""
        return response.status_code, html

    pages = crawl.crawl(fetch, bound=200, per_path=1)
    customers = [url for url in pages if re.match(r"/app/customers/\d+/", url)]
    people = list(dict.fromkeys(url.split("/")[3] for url in customers))
    keep = {url for url in customers if url.split("/")[3] in people[:CUSTOMER_PAGES]}
    return [
        url
        for url, status in pages.items()
        if status == 200
        and "?" not in url
        and not url.endswith((".csv", ".json"))
        and (url in keep or url not in customers)
    ]


def _is_html(response: Any) -> bool:
    return str(response.get("Content-Type", "")).startswith("text/html")


def page_problems(page: Page, url: str, screenshot: Path, *, axe: bool) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    problems = [f"console: {text}" for text in errors]
    if response is None or response.status != 200:
        problems.append(f"status {response and response.status}")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{width} px wide")
    problems.extend(
        f"link by colour only: {a}" for a in page.evaluate(COLOUR_ONLY_LINKS)
    )
    if axe:
        page.evaluate(AXE.read_text())
        problems.extend(
            f"axe {violation['id']} ×{violation['count']}: "
            f"{violation['target']} {violation['html']}"
            for violation in page.evaluate(AXE_RUN)
        )
    page.screenshot(path=screenshot)
    return problems


def browse(
    browser: Browser,
    live_server: LiveServer,
    paths: list[str],
    *,
    language: str,
    folder: Path,
) -> dict[str, list[str]]:
    """Open each page on a phone in one UI language: {path: its problems}.

    axe runs over the English pages only: the rules look at structure and
    colour, which the language does not change, and it halves the time.
    """
    client = Client()
    client.force_login(demo_person(Membership.Role.ADMIN))
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
    problems: dict[str, list[str]] = {}
    for path in paths:
        page = context.new_page()
        name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "app"
        found = page_problems(
            page,
            live_server.url + path,
            folder / f"{language}-{name}.png",
            axe=language == "en",
        )
        if found:
            problems[path] = found
        page.close()
    context.close()
    return problems


def test_every_page_fits_a_phone_and_passes_axe(
    demo_shop: Workspace,
    live_server: LiveServer,
    browser: Browser,
    screenshots: Path,
) -> None:
    # One test for both languages: a live server's test empties the database
    # when it ends, and a second test would have to load the demo again.
    paths = dashboard_pages()
    links = Survey.objects.filter(workspace=demo_shop, status="active")
    assert len(paths) > 20 and links
    folder = screenshots / "crawl"
    folder.mkdir(exist_ok=True)

    problems: dict[str, list[str]] = {}
    for language in ("en", "et"):
        surveys = [f"/s/{survey.link_key}?lang={language}" for survey in links]
        found = browse(
            browser, live_server, paths + surveys, language=language, folder=folder
        )
        problems.update({f"{language} {path}": lines for path, lines in found.items()})

    assert problems == {}, "\n".join(
        f"{path}:\n  " + "\n  ".join(found) for path, found in problems.items()
    )

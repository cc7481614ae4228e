"""Every dashboard page works on the demo's real data, as every role.

A crawl from /app/ follows every link and submits every filter form (empty,
with each choice, with its dates reversed) over a demo shop loaded by the
real loader, and opens every customer's page. No page may answer 5xx, a
page another role may see is 403/404 (never 500) for a role that may not,
and no template may leave a variable unresolved: the templates run with
`string_if_invalid` set, so a missing variable shows up in the page.
"""

import copy
from collections.abc import Callable

import pytest
from django.conf import LazySettings
from django.test import Client
from django.utils.html import escape

from cxloop.accounts.models import Membership, Workspace
from cxloop.customers.models import Customer
from cxloop.surveys.models import Response
from tests import factories
from tests.demo_shop import demo_person
from tests.web import crawl

pytestmark = pytest.mark.django_db

MISSING = "@@MISSING:%s@@"
ROLES = [
    Membership.Role.ADMIN,
    Membership.Role.ANALYST,
    Membership.Role.AGENT,
    Membership.Role.VIEWER,
]
# Every page the admin reached, kept for the other roles to try.
ADMIN_PAGES: dict[str, int] = {}
# Every page each role's crawl reached without a problem, with its status.
# The refusal test asks a role again only for the admin's pages its own crawl
# did not open: the same role asking for the same page of the same (read-only)
# demo gets the same answer, which the crawl has already checked.
ROLE_PAGES: dict[str, dict[str, int]] = {}


@pytest.fixture(autouse=True)
def _missing_variables_show(settings: LazySettings) -> None:
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = MISSING
    settings.TEMPLATES = templates


def fetcher(client: Client, problems: list[str]) -> Callable[[str], tuple[int, str]]:
    def fetch(url: str) -> tuple[int, str]:
        response = client.get(url)
        html = ""
        if response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
            if "@@MISSING:" in html:
                start = html.index("@@MISSING:")
                problems.append(f"{url}: {html[start : html.index('@@', start + 3)]}")
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            problems.append(f"{url}: {response.status_code} {error and error[1]!r}")
        return response.status_code, html

    return fetch


def as_role(role: str) -> Client:
    # A crawl goes on past a broken page, to list every one of them.
    client = Client(raise_request_exception=False)
    client.force_login(demo_person(role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_works_on_the_demo(
    demo_shop: Workspace,
    role: str,
) -> None:
    problems: list[str] = []
    pages = crawl.crawl(fetcher(as_role(role), problems), bound=500)

    assert problems == [], "\n".join(problems)
    assert len(pages) > 30, pages  # the crawl really went through the dashboard
    ok = [url for url, status in pages.items() if status == 200]
    assert "/app/" in ok
    assert any(url.startswith("/app/customers/") for url in ok)
    assert any("?" in url for url in ok)  # the filter forms were submitted
    ROLE_PAGES[role] = pages
    if role == Membership.Role.ADMIN:
        ADMIN_PAGES.update(pages)


@pytest.mark.parametrize("role", ROLES[1:])
def test_pages_another_role_may_not_see_are_refused_not_broken(
    demo_shop: Workspace,
    role: str,
) -> None:
    if not ADMIN_PAGES:
        pytest.skip("runs after the admin's crawl")
    problems: list[str] = []
    fetch = fetcher(as_role(role), problems)
    crawled = ROLE_PAGES.get(role, {})

    statuses = {
        url: crawled[url] if url in crawled else fetch(url)[0] for url in ADMIN_PAGES
    }

    assert problems == []
    assert set(statuses.values()) <= {200, 302, 403, 404}


def test_every_demo_customers_page_opens(
    demo_shop: Workspace,
) -> None:
    problems: list[str] = []
    fetch = fetcher(as_role(Membership.Role.AGENT), problems)
    customers = Customer.objects.filter(workspace=demo_shop).values_list(
        "pk", flat=True
    )

    statuses = [fetch(f"/app/customers/{pk}/")[0] for pk in customers]

    assert len(statuses) >= 60
    assert problems == []
    assert set(statuses) == {200}


def test_another_workspaces_admin_reaches_none_of_the_demos_pages(
    demo_shop: Workspace,
    client: Client,
) -> None:
    other = factories.workspace("elsewhere", name="Elsewhere")
    client.force_login(factories.member(other, "cleo@elsewhere.example"))
    customer = Customer.objects.filter(workspace=demo_shop).exclude(last_name="")[0]
    comment = Response.objects.filter(workspace=demo_shop).exclude(comment="")[0]

    for url in (
        f"/app/customers/{customer.pk}/",
        f"/app/customers/{customer.pk}/export.json",
    ):
        assert client.get(url).status_code == 404
    found = client.get("/app/customers/", {"q": customer.last_name})
    assert f"/app/customers/{customer.pk}/" not in found.content.decode()
    feedback = client.get("/app/feedback/").content.decode()
    assert escape(comment.comment[:40]) not in feedback

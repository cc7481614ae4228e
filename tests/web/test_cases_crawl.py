"""Every Cases page works over the demo shop, as every role.

The demo has no cases of its own yet, so this opens some: from a detractor's
response, by hand, merged, waiting and resolved, with notes, replies and
prepared answers. Then a crawl from the inbox follows every link and
submits every filter form, with missing template variables shown.
"""

import copy

import pytest
from django.conf import LazySettings

from cxloop.accounts.models import Membership, Workspace
from cxloop.cases import services
from cxloop.cases.models import Case
from cxloop.customers import selectors as customer_selectors
from cxloop.customers.models import Customer
from cxloop.surveys.models import Response
from tests.demo_shop import demo_person, demo_shop  # noqa: F401  (a fixture)
from tests.web import crawl
from tests.web.test_crawl import MISSING, ROLES, as_role, fetcher

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _missing_variables_show(settings: LazySettings) -> None:
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = MISSING
    settings.TEMPLATES = templates


def _cases(workspace: Workspace) -> list[Case]:
    agent = demo_person(Membership.Role.AGENT)
    admin = demo_person(Membership.Role.ADMIN)
    detractor = (
        Response.objects.filter(workspace=workspace, nps__lte=6, customer__isnull=False)
        .exclude(comment="")
        .first()
    )
    assert detractor is not None and detractor.customer_id is not None
    customer = Customer.objects.get(pk=detractor.customer_id)
    services.reply_template_save(
        workspace=workspace,
        name="Sorry",
        language="en",
        situation="Late delivery",
        subject="Case {case_number}",
        body="Dear {first_name}, order {order_number}.",
    )
    first = services.case_open(
        workspace=workspace,
        title="Detractor: late parcel",
        source=Case.Source.RESPONSE,
        customer_id=customer.pk,
        response_id=detractor.pk,
        touchpoint_key=detractor.touchpoint,
        owner_id=agent.pk,
        team="Support",
    )
    services.case_note_add(case=first, author=admin, body="@kadri.tamm look")
    if customer_selectors.customer_email(customer=customer):
        services.case_reply_send(
            case=first, author=agent, subject="Hello", body="Sorry {first_name}"
        )
    services.case_attach_signal(case=first, response_id=detractor.pk, note="again")
    second = services.case_open(
        workspace=workspace,
        title="Waiting",
        source=Case.Source.MANUAL,
        customer_id=customer.pk,
        priority="urgent",
    )
    services.case_status_set(case=second, status="pending", actor=agent)
    third = services.case_open(
        workspace=workspace, title="Duplicate", source=Case.Source.MANUAL
    )
    services.case_merge(case=third, into=first, actor=agent)
    fourth = services.case_open(
        workspace=workspace, title="Done", source=Case.Source.MANUAL
    )
    services.case_status_set(case=fourth, status="resolved", actor=agent)
    return [first, second, third, fourth]


@pytest.mark.parametrize("role", ROLES)
def test_every_cases_page_a_role_reaches_works_over_the_demo(
    demo_shop: Workspace,  # noqa: F811
    role: str,
) -> None:
    cases = _cases(demo_shop)
    problems: list[str] = []
    fetch = fetcher(as_role(role), problems)

    pages = crawl.crawl(fetch, start="/app/cases/?view=all", bound=250)
    settings_pages = {
        url: fetch(url)[0] for url in ("/app/settings/sla/", "/app/settings/answers/")
    }

    assert problems == [], "\n".join(problems)
    for case in cases:
        assert pages.get(f"/app/cases/{case.number}/") == 200, case
    assert set(settings_pages.values()) == {200}
    assert any(url.startswith("/app/cases/?") and "priority=" in url for url in pages)

"""The CX and business page: what customers did after answering, per band."""

import zoneinfo
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import formats, timezone

from cxloop.accounts.models import Membership, User, Workspace
from cxloop.journeys.models import Touchpoint
from tests import factories
from tests.insights import linkage_factories as f
from tests.web.test_csp import _assert_no_inline_code, _assert_strict

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
URL = "/app/insights/business/"


def _shop(workspace: Workspace, spend: str = "123.45") -> None:
    """A promoter who spent `spend` 10 days after answering 120 days ago, a
    detractor who spent nothing, and their delivery CSAT."""
    answered = timezone.now() - timedelta(days=120)
    promoter, detractor = f.customer(workspace), f.customer(workspace)
    f.answer(workspace, promoter, at=answered, nps=10)
    f.answer(workspace, detractor, at=answered, nps=1)
    f.answer(workspace, promoter, at=answered, touchpoint="delivery", csat=5)
    f.order(workspace, promoter, answered + timedelta(days=10), spend)


@pytest.mark.parametrize("role", list(Membership.Role))
def test_every_role_sees_revenue_per_band_with_n_and_the_method(
    client: Client, workspace_a: Workspace, role: str
) -> None:
    _shop(workspace_a)
    client.force_login(factories.member(workspace_a, f"{role}@shop-a.example", role))

    response = client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "123.45" in page  # the promoter's revenue, in the table
    assert "Promoters (9–10)" in page and "Detractors (0–6)" in page
    assert "an association, not a cause" in page
    assert "Value of one NPS point" in page
    assert "0.62" in page  # 123.45 / 200 per point
    assert "fewer than 30 customers" in page  # every band is greyed


def test_the_page_says_which_answers_have_a_full_window(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    _shop(workspace_a)
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(workspace_a.timezone))
    day = formats.date_format(today - timedelta(days=180), "SHORT_DATE_FORMAT")

    page = login(ada).get(URL, {"window": "180"}).content.decode()

    assert f"Only answers before {day} count" in page
    assert "No answers to link yet" in page  # 120 days ago is too recent


def test_the_page_is_in_the_navigation_after_drivers(login: Login, ada: User) -> None:
    page = login(ada).get("/app/drivers/").content.decode()

    drivers, business = page.index("/app/drivers/"), page.index(URL)
    assert drivers < business
    assert 'aria-current="page"' in login(ada).get(URL).content.decode()


def test_a_bad_window_is_a_form_error_not_a_server_error(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    _shop(workspace_a)

    response = login(ada).get(URL, {"window": "7", "since": "2026-02-30"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "Enter a valid date" in page


def test_touchpoint_names_are_escaped(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    Touchpoint.objects.filter(workspace=workspace_a, key="delivery").update(
        name="<script>alert(1)</script>", names={}
    )
    _shop(workspace_a)

    page = login(ada).get(URL).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_another_workspace_sees_only_its_own_customers(
    login: Login, cleo: User, workspace_a: Workspace, workspace_b: Workspace
) -> None:
    _shop(workspace_a, spend="123.45")
    _shop(workspace_b, spend="67.89")

    page = login(cleo).get(URL).content.decode()

    assert "67.89" in page
    assert "123.45" not in page


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_charts_come_as_data_under_the_strict_policy(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    _shop(workspace_a)

    response = login(ada).get(URL)

    page = response.content.decode()
    assert '<script id="nps-chart" type="application/json">' in page
    assert 'data-band-chart="nps-chart"' in page
    _assert_strict(response)
    _assert_no_inline_code(URL, page)


def test_promoters_who_spent_less_are_said_to_have_spent_less(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    answered = timezone.now() - timedelta(days=120)
    promoter, detractor = f.customer(workspace_a), f.customer(workspace_a)
    f.answer(workspace_a, promoter, at=answered, nps=9)
    f.answer(workspace_a, detractor, at=answered, nps=0)
    f.order(workspace_a, detractor, answered + timedelta(days=3), "40.00")

    page = login(ada).get(URL).content.decode()

    assert "promoters spent <strong>40.00 EUR</strong> less per customer" in page
    assert "<strong>-0.20 EUR</strong> per customer" in page

"""The Journeys page: the map with its figures, funnels, editing, tenancy."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cxloop.accounts.models import User, Workspace
from cxloop.journeys import selectors, services
from tests.journeys.factories import event
from tests.web.test_feedback import respond

Login = Callable[[User], Client]


def _events(workspace: Workspace, session: str, *types: str) -> None:
    start = timezone.now() - timedelta(hours=1)
    for index, type_ in enumerate(types):
        event(workspace, type_, session=session, seconds=30 * index, start=start)


def test_the_map_shows_stages_touchpoints_and_their_figures(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    _events(workspace_a, "s1", "search", "product_viewed", "cart_added")
    _events(workspace_a, "s2", "search")
    # Two of three star ratings at the delivery are 4–5: 67 %, but three
    # answers are too few to colour.
    for rating in (5, 4, 1):
        respond(workspace_a, touchpoint="delivery", answers={"rating": rating})

    page = login(ada).get("/app/journeys/").content.decode()

    for name in ("Before purchase", "After purchase", "Site search", "Delivery"):
        assert name in page
    assert 'data-touchpoint="delivery"' in page
    delivery = page.split('data-touchpoint="delivery"')[0].rsplit("<li", 1)[1]
    assert "band-small" in delivery
    card = page.split('data-touchpoint="delivery"')[1].split("</li>")[0]
    assert "67 %" in card
    assert "n = 3, fewer than 30 answers" in card
    search = page.split('data-touchpoint="site_search"')[1].split("</li>")[0]
    assert "50 %" in search  # one of two searching sessions ended there
    assert "Fewer than 30 answers" in page  # the legend


def test_the_default_funnel_reports_each_step(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    _events(workspace_a, "s1", "search", "product_viewed", "cart_added")
    _events(workspace_a, "s2", "search", "product_viewed")

    page = login(ada).get("/app/journeys/").content.decode()

    rows = page.split('class="table funnel-table"')[1].split("</table>")[0]
    product = rows.split("<code>product_viewed</code>")[1].split("</tr>")[0]
    assert "100 %" in product
    cart = rows.split("<code>cart_added</code>")[1].split("</tr>")[0]
    assert "50 %" in cart
    assert "30 s" in cart


def test_the_page_shows_where_visitors_leave_and_time_per_section(
    login: Login, ada: User, workspace_a: Workspace, workspace_b: Workspace
) -> None:
    start = timezone.now() - timedelta(hours=1)
    visits = [
        ("bounce", "/tarne", 0, "page_view"),
        ("reader", "/kohvimasinad", 0, "page_view"),
        ("reader", "", 90, "search"),
    ]
    for session, path, seconds, kind in visits:
        properties = {"path": path} if path else {}
        event(
            workspace_a,
            kind,
            session=session,
            seconds=seconds,
            start=start,
            **properties,
        )
    _events(workspace_b, "elsewhere", "page_view", "search")

    page = login(ada).get("/app/journeys/").content.decode()

    leave = page.split('id="exits-heading"')[1].split("</section>")[0]
    assert "2 of 2 sessions ended without an order." in leave
    assert "50 % left within 10 seconds of arriving." in leave
    bounced = leave.split("<code>/tarne</code>")[1].split("</tr>")[0]
    assert "50 %" in bounced  # half of the exits
    visit = page.split('data-touchpoint="site_visit"')[1].split("</li>")[0]
    # The reader spent 90 s on the page; the bounce's time is unknown.
    assert "90 s" in visit
    assert "(0 % left within 10 s)" in visit


def test_a_chosen_funnel_with_bad_steps_shows_the_error(
    login: Login, ada: User
) -> None:
    page = login(ada).get("/app/journeys/?steps=search&per=session&days=30")
    assert page.status_code == 200
    assert "Choose 2 to 8 steps." in page.content.decode()


def test_an_admin_edits_a_touchpoint(
    login: Login, ada: User, ben: User, workspace_a: Workspace
) -> None:
    response = login(ada).post(
        "/app/journeys/touchpoints/checkout/",
        {
            "name": "Kassa",
            "stage": "purchase",
            "owner": ben.email,
            "team": "Web",
            "event_types": "checkout_started, order_placed",
            "survey_keys": "checkout-abandonment",
        },
    )

    assert response.status_code == 302
    checkout = selectors.touchpoint_get(workspace=workspace_a, key="checkout")
    assert (checkout.name, checkout.owner, checkout.team) == ("Kassa", ben, "Web")
    assert checkout.event_types == ["checkout_started", "order_placed"]
    page = login(ada).get("/app/journeys/").content.decode()
    assert "Owner: Ben Agent · Web" in page


def test_an_event_type_taken_elsewhere_is_a_form_error(login: Login, ada: User) -> None:
    response = login(ada).post(
        "/app/journeys/touchpoints/checkout/",
        {"name": "Checkout", "stage": "purchase", "event_types": "search"},
    )
    assert response.status_code == 422
    assert "already belongs to the touchpoint Site search" in response.content.decode()


def test_only_admins_edit_touchpoints(login: Login, ben: User) -> None:
    client = login(ben)
    assert (
        "/app/journeys/touchpoints/"
        not in client.get("/app/journeys/").content.decode()
    )
    assert client.get("/app/journeys/touchpoints/checkout/").status_code == 403


def test_user_written_names_are_escaped(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    services.touchpoint_update(
        touchpoint=selectors.touchpoint_get(workspace=workspace_a, key="cart"),
        name="<script>alert(1)</script>",
    )
    page = login(ada).get("/app/journeys/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_another_workspace_sees_its_own_map_only(
    login: Login, ada: User, cleo: User, workspace_a: Workspace
) -> None:
    services.touchpoint_update(
        touchpoint=selectors.touchpoint_get(workspace=workspace_a, key="cart"),
        name="Ostukorv A",
    )
    _events(workspace_a, "a1", "search", "product_viewed")

    client = login(cleo)
    page = client.get("/app/journeys/").content.decode()
    assert "Ostukorv A" not in page
    assert client.get("/app/journeys/touchpoints/cart/").status_code == 200
    client.post(
        "/app/journeys/touchpoints/cart/", {"name": "Mine", "stage": "purchase"}
    )
    cart_a = selectors.touchpoint_get(workspace=workspace_a, key="cart")
    assert cart_a.name == "Ostukorv A"


@pytest.mark.parametrize(
    "steps",
    ["search, " + "x" * 101, "search, checkout!, order_placed", "search, <b>cart</b>"],
)
def test_a_step_that_is_no_event_type_is_a_form_error_not_a_server_error(
    login: Login, ada: User, steps: str
) -> None:
    response = login(ada).get(
        "/app/journeys/", {"steps": steps, "per": "session", "days": "30"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    steps_field = page.split('id="id_steps"')[1].split("</div>")[0]
    assert "is not an event type" in steps_field
    assert "<b>cart</b>" not in page

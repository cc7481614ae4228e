"""The Customers page: one search box, the 360 profile, export and erasure."""

import base64
import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from django.http import HttpResponse
from django.test import Client

from cxloop.accounts.models import User, Workspace
from cxloop.customers import services as customer_services
from cxloop.customers.inputs import IdentitySignals, ProfileData
from cxloop.customers.models import Customer
from cxloop.surveys import services as survey_services
from cxloop.surveys.services import ResponseInput
from tests.customers import factories
from tests.journeys import factories as journey_factories

Login = Callable[[User], Client]

MARI_SIGNALS = IdentitySignals(
    email="mari@example.ee", phone="+372 5123 4567", external_ids=("shopify:7250123",)
)
MARI = ProfileData(
    first_name="Mari", last_name="Maasikas", locale="et", consent_marketing=True
)
COMMENT = "Kohvi tuli kiiresti, aitäh!"


def mari(workspace: Workspace, *, comment: str = COMMENT) -> Customer:
    """A customer who ordered twice, then answered NPS 10 with a comment."""
    for number, day in ((1, 2), (2, 9)):
        customer_services.order_upsert(
            workspace=workspace,
            data=factories.order_data(
                number,
                placed_at=datetime(2026, 11, day, 10, tzinfo=UTC),
                customer=MARI_SIGNALS,
                profile=MARI,
            ),
        )
    nps_answer(workspace, nps=10, comment=comment)
    return factories.customer(workspace, email="mari@example.ee")


def nps_answer(workspace: Workspace, *, nps: int, comment: str) -> None:
    survey = survey_services.survey_create_from_template(
        workspace=workspace, template="relationship_nps", key=f"nps-{nps}"
    )
    survey_services.response_submit(
        workspace=workspace,
        data=ResponseInput(
            survey_key=survey.key,
            answers={"nps": nps, "reason": comment},
            channel="link",
            customer_ref={"email": "mari@example.ee"},
            submitted_at=datetime(2026, 11, 10, 12, tzinfo=UTC),
        ),
    )


def search(client: Client, text: str) -> HttpResponse:
    response: HttpResponse = client.get("/app/customers/", {"q": text})
    return response


def profile_url(customer: Customer) -> str:
    return f"/app/customers/{customer.pk}/"


@pytest.mark.parametrize("typed", ["5123 4567", "+372 5123 4567", "00372 51234567"])
def test_each_estonian_phone_spelling_leads_to_the_profile(
    login: Login, ben: User, workspace_a: Workspace, typed: str
) -> None:
    customer = mari(workspace_a)
    response = search(login(ben), typed)
    assert response.status_code == 302
    assert response["Location"] == profile_url(customer)


def test_an_email_typed_in_another_case_leads_to_the_profile(
    login: Login, ben: User, workspace_a: Workspace
) -> None:
    customer = mari(workspace_a)
    response = search(login(ben), "  MARI@Example.EE ")
    assert response["Location"] == profile_url(customer)


@pytest.mark.parametrize("typed", ["shopify:7250123", "Shopify: 7250123", "7250123"])
def test_a_shop_id_with_or_without_its_source_leads_to_the_profile(
    login: Login, ben: User, workspace_a: Workspace, typed: str
) -> None:
    customer = mari(workspace_a)
    response = search(login(ben), typed)
    assert response["Location"] == profile_url(customer)


def test_a_name_finds_the_customer(
    login: Login, ben: User, workspace_a: Workspace
) -> None:
    customer = mari(workspace_a)
    assert search(login(ben), "mari maasik")["Location"] == profile_url(customer)


def test_nobody_found_says_what_was_searched(
    login: Login, ben: User, workspace_a: Workspace
) -> None:
    mari(workspace_a)
    response = search(login(ben), "5999 9999")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nobody found" in page
    assert "+372 5999 9999" in page


def test_text_that_is_no_identity_is_explained(
    login: Login, ben: User, workspace_a: Workspace
) -> None:
    page = search(login(ben), "mari@").content.decode()
    assert "Nobody found" in page
    assert "does not read as a phone number" in page


def test_several_matches_are_listed_to_choose_from(
    login: Login, ben: User, workspace_a: Workspace
) -> None:
    for email in ("mari@example.ee", "mari.tamm@example.ee"):
        factories.customer(
            workspace_a,
            email=email,
            profile=ProfileData(first_name="Mari", last_name=email[:6]),
        )
    response = search(login(ben), "Mari")
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 customers match" in page
    assert "mari.tamm@example.ee" in page


def test_without_a_search_the_newest_customers_are_listed_in_pages(
    login: Login, ben: User, workspace_a: Workspace
) -> None:
    for number in range(27):
        factories.customer(workspace_a, email=f"person{number}@example.ee")
    client = login(ben)
    first = client.get("/app/customers/").content.decode()
    assert first.index("person26@") < first.index("person25@")
    assert "person1@" not in first
    cursor = first.split("cursor=")[1].split('"')[0]
    second = client.get("/app/customers/", {"cursor": cursor}).content.decode()
    assert "person1@" in second
    assert "person0@" in second
    assert "person26@" not in second


def test_a_mangled_cursor_shows_the_first_page(
    login: Login, ben: User, workspace_a: Workspace
) -> None:
    factories.customer(workspace_a, email="newest@example.ee")
    response = login(ben).get("/app/customers/", {"cursor": "not-a-cursor"})
    assert response.status_code == 200
    assert "newest@example.ee" in response.content.decode()


def test_the_profile_shows_what_an_agent_needs_before_saying_hello(
    login: Login, ben: User, workspace_a: Workspace
) -> None:
    customer = mari(workspace_a)
    factories.customer(workspace_a, email="mari@example.ee", phone="12")
    page = login(ben).get(profile_url(customer)).content.decode()
    assert "Mari Maasikas" in page
    assert '<span class="stat-value" id="order-count">2</span>' in page
    assert "119.60 EUR" in page  # revenue of two orders of 59.80
    assert "59.80 EUR" in page  # the average order
    assert "Coffee beans 1 kg" in page
    assert "Promoter · 10" in page
    assert COMMENT in page
    assert "+372 5123 4567" in page
    assert "shopify:7250123" in page
    assert "Raw value, not matched" in page  # the phone "12"
    assert page.index("<strong>#2</strong>") < page.index("<strong>#1</strong>")
    assert "Export data" not in page  # privacy actions are for admins


def test_a_merged_profiles_old_id_leads_to_the_survivor(
    login: Login, ben: User, workspace_a: Workspace
) -> None:
    survivor = factories.customer(workspace_a, email="mari@example.ee")
    other = factories.customer(workspace_a, email="mari@work.example")
    customer_services.customer_merge(
        workspace=workspace_a,
        survivor=survivor,
        merged=[other],
        actor="ben",
        reason="Same person",
    )
    response = login(ben).get(profile_url(other))
    assert response["Location"] == profile_url(survivor)


def test_cleo_cannot_reach_workspace_a_customers(
    login: Login, ada: User, cleo: User, workspace_a: Workspace
) -> None:
    customer = mari(workspace_a)
    client = login(cleo)
    for url in ("", "export.json", "erase/"):
        assert client.get(profile_url(customer) + url).status_code == 404
    assert (
        client.post(profile_url(customer) + "erase/", {"confirm": "on"}).status_code
        == 404
    )
    for typed in ("5123 4567", "mari@example.ee", "7250123", "Mari"):
        page = search(client, typed).content.decode()
        assert "Nobody found" in page
    assert "Mari" not in client.get("/app/customers/").content.decode()
    customer.refresh_from_db()
    assert customer.erased_at is None


def test_an_agent_can_neither_erase_nor_export(
    login: Login, ben: User, workspace_a: Workspace
) -> None:
    customer = mari(workspace_a)
    client = login(ben)
    url = profile_url(customer)
    assert client.post(url + "erase/", {"confirm": "on"}).status_code == 403
    assert client.get(url + "export.json").status_code == 403
    customer.refresh_from_db()
    assert customer.erased_at is None


def test_erasure_needs_confirmation(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    customer = mari(workspace_a)
    response = login(ada).post(profile_url(customer) + "erase/", {"reason": "x"})
    assert response.status_code == 200
    assert "Tick the box to confirm the erasure." in response.content.decode()
    customer.refresh_from_db()
    assert customer.erased_at is None


def test_after_erasure_the_profile_is_anonymised_and_says_who_erased_it(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    customer = mari(workspace_a)
    client = login(ada)
    response = client.post(
        profile_url(customer) + "erase/", {"confirm": "on", "reason": "Asked by mail"}
    )
    assert response["Location"] == profile_url(customer)
    page = client.get(profile_url(customer)).content.decode()
    assert "Personal data erased on" in page
    assert "ada@shop-a.example" in page
    assert "Maasikas" not in page
    assert "mari@example.ee" not in page
    assert COMMENT not in page
    assert '<span class="stat-value" id="order-count">2</span>' in page
    assert "Nobody found" in search(client, "5123 4567").content.decode()


def test_an_admin_downloads_the_persons_data(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    customer = mari(workspace_a)
    response = login(ada).get(profile_url(customer) + "export.json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["profile"]["last_name"] == "Maasikas"
    assert len(data["orders"]) == 2
    assert {i["value"] for i in data["identities"]} >= {"mari@example.ee"}
    assert data["responses"][0]["comment"] == COMMENT


def test_user_text_is_shown_as_text(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    script = "<script>alert(1)</script>"
    customer = mari(workspace_a, comment=f"{script} bad")
    factories.customer(
        workspace_a,
        email="mari@example.ee",
        profile=ProfileData(first_name=script, last_name="<b>x</b>"),
    )
    client = login(ada)
    for url in (
        profile_url(customer),
        "/app/customers/",
        profile_url(customer) + "erase/",
    ):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page
        assert "<b>x</b>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("url", ["/app/customers/", "/app/customers/1/"])
def test_the_pages_require_login(client: Client, url: str, db: None) -> None:
    assert client.get(url)["Location"].startswith("/login/")


# An edge-date cursor: valid base64 JSON whose moment cannot be compared in
# the database. cxloop.pagination refuses it as InvalidInput (another change).
EDGE_CURSOR = (
    base64.urlsafe_b64encode(b'["9999-12-31T23:59:59-15:00", 1]').decode().rstrip("=")
)


def test_an_event_property_named_like_a_dict_method_does_not_break_the_profile(
    login: Login, ben: User, workspace_a: Workspace
) -> None:
    customer = mari(workspace_a)
    journey_factories.event(
        workspace_a,
        "checkout_abandoned",
        customer_ref={"email": "mari@example.ee"},
        items=1,
        keys="two",
        values=[3],
        get="<b>four</b>",
    )
    response = login(ben).get(profile_url(customer))
    assert response.status_code == 200
    page = response.content.decode()
    assert "checkout_abandoned" in page
    for key in ("items", "keys", "values", "get"):
        assert f"<dt>{key}</dt>" in page
    assert "<dd>1</dd>" in page
    assert "&lt;b&gt;four&lt;/b&gt;" in page


def test_the_list_shows_identified_customers_with_their_latest_contact_and_nps(
    login: Login, ben: User, workspace_a: Workspace
) -> None:
    mari(workspace_a)
    factories.customer(workspace_a, anonymous_id="anon-visitor-1")
    page = login(ben).get("/app/customers/").content.decode()
    assert "Mari Maasikas" in page
    assert "Anonymous visitor" not in page  # today's anonymous visitor
    assert "Promoter · 10" in page
    assert "Last interaction" in page
    assert "10 Nov 2026" in page  # the NPS answer, after the orders
    assert "Show anonymous visitors" in page


def test_anonymous_visitors_are_listed_when_asked_for(
    login: Login, ben: User, cleo: User, workspace_a: Workspace
) -> None:
    mari(workspace_a)
    factories.customer(workspace_a, anonymous_id="anon-visitor-1")
    page = login(ben).get("/app/customers/", {"anonymous": "on"}).content.decode()
    assert "Anonymous visitor" in page
    assert "Mari Maasikas" in page
    assert "Hide anonymous visitors" in page
    other = login(cleo).get("/app/customers/", {"anonymous": "on"}).content.decode()
    assert "Anonymous visitor" not in other
    assert "Mari" not in other


def test_paging_skips_anonymous_visitors_and_keeps_the_choice(
    login: Login, ben: User, workspace_a: Workspace
) -> None:
    for number in range(27):
        factories.customer(workspace_a, email=f"person{number}@example.ee")
        factories.customer(workspace_a, anonymous_id=f"anon-{number}")
    client = login(ben)
    first = client.get("/app/customers/").content.decode()
    assert first.count('<a class="person"') == 25
    # None is a bare visitor: each is called by their e-mail (they have no name).
    assert first.count("@example.ee</strong>") == 25
    cursor = first.split("cursor=")[1].split('"')[0]
    second = client.get("/app/customers/", {"cursor": cursor}).content.decode()
    assert "person1@" in second
    assert "person0@" in second
    assert second.count('<a class="person"') == 2
    with_anonymous = client.get("/app/customers/", {"anonymous": "on"})
    assert "?anonymous=on&amp;cursor=" in with_anonymous.content.decode()


@pytest.mark.parametrize("cursor", ["!!!!", EDGE_CURSOR])
def test_a_crafted_cursor_shows_the_first_page(
    login: Login, ben: User, workspace_a: Workspace, cursor: str
) -> None:
    factories.customer(workspace_a, email="newest@example.ee")
    response = login(ben).get("/app/customers/", {"cursor": cursor})
    assert response.status_code == 200
    assert "newest@example.ee" in response.content.decode()


def test_the_profile_shows_times_in_the_workspace_zone_in_the_ui_languages_format(
    login: Login, ben: User, workspace_a: Workspace
) -> None:
    customer = mari(workspace_a)  # orders at 10:00 UTC, 12:00 in Tallinn
    client = login(ben)
    english = client.get(profile_url(customer)).content.decode()
    assert "9 Nov 2026 12:00" in english
    client.post("/i18n/setlang/", {"language": "et", "next": "/app/"})
    estonian = client.get(profile_url(customer)).content.decode()
    assert "09.11.2026 12:00" in estonian
    assert "10:00" not in estonian


def test_a_customer_known_by_an_e_mail_alone_is_called_by_it_not_unnamed(
    login: Login, ben: User, workspace_a: Workspace
) -> None:
    customer = factories.customer(workspace_a, email="mari@example.ee")
    client = login(ben)

    listed = client.get("/app/customers/").content.decode()
    page = client.get(f"/app/customers/{customer.pk}/").content.decode()

    assert "<strong>mari@example.ee</strong>" in listed
    assert "Unnamed customer" not in listed
    assert "Unnamed customer" not in page
    assert "mari@example.ee" in page.split("<h1")[1].split("</h1>")[0]

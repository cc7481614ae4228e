"""Names, labels and dates in the dashboard follow the UI language."""

from collections.abc import Callable
from datetime import UTC, datetime

from django.test import Client

from cxloop.accounts.models import ApiKey, User, Workspace
from cxloop.journeys import selectors
from cxloop.surveys import services as survey_services
from tests import factories
from tests.web.test_feedback import respond

Login = Callable[[User], Client]


def _in(client: Client, language: str) -> Client:
    client.post("/i18n/setlang/", {"language": language, "next": "/app/"})
    return client


def test_the_journey_map_names_stages_and_touchpoints_in_the_ui_language(
    login: Login, ada: User
) -> None:
    client = login(ada)
    english = client.get("/app/journeys/").content.decode()
    assert "Site search" in english
    assert "Otsing veebilehel" not in english

    estonian = _in(client, "et").get("/app/journeys/").content.decode()
    assert "Otsing veebilehel" in estonian
    assert "Pärast ostu" in estonian
    assert "Site search" not in estonian


def test_an_admin_names_a_touchpoint_per_language(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    client = login(ada)
    form = client.get("/app/journeys/touchpoints/cart/").content.decode()
    assert 'name="name_et"' in form and 'value="Ostukorv"' in form

    response = client.post(
        "/app/journeys/touchpoints/cart/",
        {"name": "Basket", "name_et": "Korv", "name_fi": "", "stage": "purchase"},
    )

    assert response.status_code == 302
    cart = selectors.touchpoint_get(workspace=workspace_a, key="cart")
    assert cart.name == "Basket"
    assert cart.names["et"] == "Korv"
    assert "fi" not in cart.names  # a blank name drops that language
    assert "Korv" in _in(client, "et").get("/app/journeys/").content.decode()
    # Without a Finnish name the default language's is shown.
    assert "Basket" in _in(client, "fi").get("/app/journeys/").content.decode()


def test_a_touchpoint_name_needs_its_default_language(login: Login, ada: User) -> None:
    response = login(ada).post(
        "/app/journeys/touchpoints/cart/",
        {"name": "", "name_et": "Korv", "stage": "purchase"},
    )
    assert response.status_code == 422


def test_another_workspace_cannot_rename_a_touchpoint_per_language(
    login: Login, cleo: User, workspace_a: Workspace
) -> None:
    login(cleo).post(
        "/app/journeys/touchpoints/cart/",
        {"name": "Mine", "name_et": "Minu", "stage": "purchase"},
    )
    cart = selectors.touchpoint_get(workspace=workspace_a, key="cart")
    assert cart.names["et"] == "Ostukorv"


def test_survey_names_follow_the_ui_language(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    survey_services.survey_create_from_template(
        workspace=workspace_a, template="delivery_csat", key="delivery-csat"
    )
    respond(workspace_a, "delivery-csat", answers={"csat": 4})
    client = login(ada)
    english = client.get("/app/feedback/").content.decode()
    assert "CSAT after delivery" in english

    estonian = _in(client, "et").get("/app/feedback/").content.decode()
    assert "Rahulolu pärast tarnet" in estonian
    assert "CSAT after delivery" not in estonian
    surveys = client.get("/app/surveys/").content.decode()
    assert "Rahulolu pärast tarnet" in surveys


def test_a_renamed_survey_shows_its_new_name_in_every_language(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    survey = survey_services.survey_create_from_template(
        workspace=workspace_a, template="delivery_csat", key="delivery-csat"
    )
    survey_services.survey_update(survey=survey, name="Tarne")
    page = _in(login(ada), "lv").get("/app/surveys/").content.decode()
    assert "Tarne" in page
    assert "Apmierinātība pēc piegādes" not in page


def test_dates_are_written_day_first_in_each_language_and_never_capitalised_in_estonian(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    factories.secret_key(workspace_a, name="December")
    factories.secret_key(workspace_a, name="January")
    ApiKey.objects.filter(name="December").update(
        created_at=datetime(2025, 12, 3, 12, tzinfo=UTC)
    )
    ApiKey.objects.filter(name="January").update(
        created_at=datetime(2026, 1, 5, 12, tzinfo=UTC)
    )
    client = login(ada)
    english = client.get("/app/settings/api-keys/").content.decode()
    assert "3 Dec 2025" in english

    page = _in(client, "et").get("/app/settings/api-keys/").content.decode()
    assert "03.12.2025" in page and "05.01.2026" in page
    assert "Dets" not in page and "Jaan" not in page


def test_the_customer_page_names_where_an_identity_came_from_in_the_ui_language(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    from cxloop.customers.models import Customer
    from tests.journeys.factories import event

    event(workspace_a, "search", customer_ref={"email": "mari@example.ee"})
    customer = Customer.objects.get(workspace=workspace_a)
    client = _in(login(ada), "et")

    page = client.get(f"/app/customers/{customer.pk}/").content.decode()

    eyebrow = page.split('class="eyebrow">E-post')[1].split("</span>")[0]
    assert "Sündmused" in eyebrow
    assert "events" not in eyebrow


def test_irritants_name_each_touchpoint_in_the_language_of_each_reader(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    from tests.web.test_drivers_pages import _irritants

    _irritants(workspace_a)
    client = login(ada)
    english = client.get("/app/irritants/").content.decode()
    assert "Delivery <span" in english.split('data-touchpoint="delivery"')[1]

    # The report is cached; the Estonian reader still gets Estonian names.
    estonian = _in(client, "et").get("/app/irritants/").content.decode()
    heading = estonian.split('data-touchpoint="delivery"')[1].split("</h2>")[0]
    assert "Tarne" in heading
    assert "Delivery" not in heading
    touchpoint_filter = estonian.split('name="touchpoint"')[1].split("</select>")[0]
    assert "Tarne" in touchpoint_filter


def test_the_feedback_inbox_names_the_touchpoint_in_the_ui_language(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    respond(workspace_a, touchpoint="delivery", answers={"rating": 4, "text": "Hea"})
    respond(workspace_a, touchpoint="kiosk", answers={"rating": 3, "text": "Hmm"})
    client = login(ada)
    assert "· Delivery" in client.get("/app/feedback/").content.decode()

    page = _in(client, "et").get("/app/feedback/").content.decode()
    assert "· Tarne" in page
    assert "· kiosk" in page  # a key the map does not know is shown as it is


def test_estonian_dates_abbreviate_every_month_the_estonian_way() -> None:
    from datetime import date

    from django.utils import formats, translation

    with translation.override("et"):
        months = [
            formats.date_format(date(2026, month, 3), "b") for month in range(1, 13)
        ]
    assert months == [
        "jaan", "veebr", "märts", "apr", "mai", "juuni",
        "juuli", "aug", "sept", "okt", "nov", "dets",
    ]  # fmt: skip


def test_the_customer_page_names_surveys_and_touchpoints_in_the_ui_language(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    from cxloop.customers.models import Customer

    respond(
        workspace_a,
        touchpoint="delivery",
        customer_ref={"email": "mari@example.ee"},
        answers={"rating": 2, "text": "Hilines"},
    )
    customer = Customer.objects.get(workspace=workspace_a)
    client = _in(login(ada), "et")

    page = client.get(f"/app/customers/{customer.pk}/").content.decode()

    latest = page.split("Hilines")[0].rsplit('class="feedback-item"', 1)[1]
    assert "· Tarne" in latest
    assert "delivery" not in latest
    assert "· feedback" not in latest

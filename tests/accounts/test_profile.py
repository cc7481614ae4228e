"""A member's own language and digest choices, and who reads what in which."""

from collections.abc import Callable

from django.conf import settings
from django.test import Client

from cxloop.accounts import services as account_services
from cxloop.accounts.models import User, Workspace
from cxloop.cases import services as case_services
from cxloop.cases.models import Case
from cxloop.delivery.models import Message
from cxloop.insights.models import DigestOptOut

Login = Callable[[User], Client]
PROFILE = "/app/settings/profile/"


def _form(workspace: Workspace, **fields: str) -> dict[str, str]:
    return {
        "first_name": "Ada",
        "last_name": "Admin",
        "language": "",
        f"digest_{workspace.pk}_weekly": "on",
        f"digest_{workspace.pk}_daily": "on",
        **fields,
    }


def test_a_member_chooses_their_language_and_digests_in_their_profile(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    client = login(ada)
    page = client.get(PROFILE).content.decode()
    assert "Weekly digest" in page and "Daily digest of rule signals" in page

    data = _form(workspace_a, language="et", first_name="Ada Lovelace")
    del data[f"digest_{workspace_a.pk}_weekly"]
    response = client.post(PROFILE, data)

    assert response.status_code == 302
    ada.refresh_from_db()
    assert (ada.language, ada.first_name) == ("et", "Ada Lovelace")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "et"
    assert list(DigestOptOut.objects.values_list("kind", flat=True)) == ["weekly"]
    assert "Teie profiil" in client.get(PROFILE).content.decode()


def test_ticking_the_digest_again_subscribes_again(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    DigestOptOut.objects.create(workspace=workspace_a, user=ada, kind="weekly")

    login(ada).post(PROFILE, _form(workspace_a))

    assert not DigestOptOut.objects.exists()


def test_an_unknown_language_is_refused_naming_the_field(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    response = login(ada).post(PROFILE, _form(workspace_a, language="xx"))

    assert response.status_code == 422
    assert 'id="id_language"' in response.content.decode()
    assert "is not one of the available choices" in response.content.decode()
    ada.refresh_from_db()
    assert ada.language == ""


def test_cleo_s_profile_offers_only_her_own_workspace_s_digests(
    login: Login, cleo: User, workspace_a: Workspace, workspace_b: Workspace
) -> None:
    client = login(cleo)
    page = client.get(PROFILE).content.decode()

    client.post(PROFILE, {"first_name": "Cleo", "language": ""})

    assert f"digest_{workspace_a.pk}_" not in page
    assert f"digest_{workspace_b.pk}_weekly" in page
    assert not DigestOptOut.objects.filter(workspace=workspace_a).exists()
    # Both of her own were left unticked: she gets neither.
    assert DigestOptOut.objects.filter(workspace=workspace_b, user=cleo).count() == 2


def test_the_profile_needs_a_login(client: Client) -> None:
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_dashboard_opens_in_the_member_s_language_unless_the_browser_chose(
    login: Login, ada: User
) -> None:
    ada.language = "et"
    ada.save(update_fields=["language"])
    client = login(ada)

    assert "Otsing veebilehel" in client.get("/app/journeys/").content.decode()

    client.post("/i18n/setlang/", {"language": "en", "next": "/app/"})
    assert "Site search" in client.get("/app/journeys/").content.decode()


def test_a_link_naming_a_workspace_opens_it_for_its_members_only(
    login: Login, ada: User, cleo: User, workspace_b: Workspace
) -> None:
    account_services.membership_add(workspace=workspace_b, user=ada, role="analyst")
    ada_client = login(ada)
    ada_client.get("/app/")  # shop A, her first

    page = ada_client.get("/app/?workspace=shop-b").content.decode()

    assert 'value="shop-b" selected' in page
    cleo_client = Client()
    cleo_client.force_login(cleo)
    cleo_page = cleo_client.get("/app/?workspace=shop-a").content.decode()
    assert 'value="shop-b" selected' in cleo_page
    assert "Shop A" not in cleo_page


def test_a_mention_is_written_in_the_mentioned_member_s_language(
    ada: User, ben: User, workspace_a: Workspace
) -> None:
    ben.language = "et"
    ben.save(update_fields=["language"])
    case = case_services.case_open(
        workspace=workspace_a, title="Wet parcel", source=Case.Source.MANUAL
    )

    case_services.case_note_add(case=case, author=ada, body="@ben please look")

    message = Message.objects.get(event_type="case.mention")
    assert "mainis teid juhtumis #" in message.body

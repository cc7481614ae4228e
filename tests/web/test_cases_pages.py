"""The Cases pages: an agent works the inbox and a case; an admin sets the
SLA calendar, policies and prepared answers; analysts read; other
workspaces see nothing."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cxloop.accounts.models import Membership, User, Workspace
from cxloop.cases import selectors, services
from cxloop.cases.models import (
    BusinessCalendar,
    Case,
    CaseEntry,
    ReplyTemplate,
    SlaPolicy,
)
from cxloop.customers.inputs import ProfileData
from cxloop.customers.models import Customer
from cxloop.journeys.models import Touchpoint
from cxloop.surveys import services as survey_services
from tests import factories
from tests.customers import factories as customer_factories
from tests.web.test_csp import _assert_no_inline_code, _assert_strict

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]
INBOX = "/app/cases/"


@pytest.fixture
def ann(workspace_a: Workspace) -> User:
    return factories.member(
        workspace_a, "ann@shop-a.example", Membership.Role.ANALYST, first_name="Ann"
    )


@pytest.fixture
def mari(workspace_a: Workspace) -> Customer:
    return customer_factories.customer(
        workspace_a,
        email="mari@example.ee",
        profile=ProfileData(
            first_name="Mari", last_name="<b>Maasikas</b>", locale="et"
        ),
    )


def _open(
    workspace: Workspace, title: str = "Parcel left in the rain", **fields: object
) -> Case:
    fields.setdefault("source", Case.Source.MANUAL)
    return services.case_open(workspace=workspace, title=title, **fields)  # type: ignore[arg-type]


def page_of(client: Client, url: str, **query: str) -> str:
    response = client.get(url, query)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# The inbox ---------------------------------------------------------------


def test_the_inbox_tabs_count_mine_unassigned_and_breaching_cases(
    login: Login, workspace_a: Workspace, ben: User, ada: User
) -> None:
    _open(workspace_a, "Mine one", owner_id=ben.pk)
    _open(workspace_a, "Nobody's", now=timezone.now() - timedelta(days=10))
    _open(workspace_a, "Ada's", owner_id=ada.pk)
    client = login(ben)

    page = page_of(client, INBOX)

    assert (
        'href="?view=mine" aria-current="page">Mine <span class="count">1</span>'
        in page
    )
    assert 'Unassigned <span class="count">1</span>' in page
    assert 'Breaching soon <span class="count">1</span>' in page
    assert 'All <span class="count">3</span>' in page
    assert "Mine one" in page and "Ada&#x27;s" not in page
    unassigned = page_of(client, INBOX, view="unassigned")
    assert "Nobody&#x27;s" in unassigned and "Mine one" not in unassigned
    overdue = page_of(client, INBOX, view="breaching")
    assert "overdue" in overdue and "due-overdue" in overdue


def test_filters_narrow_the_list_and_a_hash_number_finds_one_case(
    login: Login, workspace_a: Workspace, ben: User
) -> None:
    first = _open(workspace_a, "Broken grinder", priority="high")
    _open(workspace_a, "Late parcel", priority="low")
    client = login(ben)

    high = page_of(client, INBOX, view="all", priority="high")
    by_number = page_of(client, INBOX, view="all", q=f"#{first.number}")
    by_text = page_of(client, INBOX, view="all", q="parcel")

    assert "Broken grinder" in high and "Late parcel" not in high
    assert "Broken grinder" in by_number and "Late parcel" not in by_number
    assert "Late parcel" in by_text and "Broken grinder" not in by_text
    # The filters stay on the tabs' links.
    assert "?view=open&amp;priority=high" in high


def test_an_agent_assigns_and_resolves_ticked_cases_at_once(
    login: Login, workspace_a: Workspace, ben: User, ada: User
) -> None:
    one, two, other = (_open(workspace_a, f"Case {n}") for n in range(3))
    client = login(ben)

    assigned = client.post(
        "/app/cases/bulk/",
        {
            "cases": [one.number, two.number],
            "action": "assign",
            "owner": ada.pk,
            "query": "view=all",
        },
        follow=True,
    )
    client.post(
        "/app/cases/bulk/",
        {"cases": [one.number], "action": "status", "status": "resolved"},
    )

    assert "2 cases changed." in assigned.content.decode()
    assert assigned.redirect_chain[-1][0] == "/app/cases/?view=all"
    one.refresh_from_db(), two.refresh_from_db(), other.refresh_from_db()
    assert (one.owner, two.owner, other.owner) == (ada, ada, None)
    assert one.status == Case.Status.RESOLVED and two.status == Case.Status.OPEN


def test_a_bulk_change_without_an_owner_says_what_is_missing(
    login: Login, workspace_a: Workspace, ben: User
) -> None:
    case = _open(workspace_a)

    response = login(ben).post(
        "/app/cases/bulk/", {"cases": [case.number], "action": "assign"}, follow=True
    )

    assert "Choose whom to assign the cases to." in response.content.decode()
    case.refresh_from_db()
    assert case.owner is None


def test_an_agent_opens_a_case_for_a_customer_found_by_e_mail(
    login: Login, workspace_a: Workspace, ben: User, mari: Customer
) -> None:
    response = login(ben).post(
        "/app/cases/new/",
        {
            "title": "Wrong <i>size</i>",
            "customer": "mari@example.ee",
            "priority": "high",
            "touchpoint": "",
            "owner": str(ben.pk),
        },
        follow=True,
    )

    case = Case.objects.get(workspace=workspace_a)
    assert (case.customer, case.priority, case.owner) == (mari, "high", ben)
    assert case.source == Case.Source.MANUAL and case.language == "et"
    page = response.content.decode()
    assert "Wrong &lt;i&gt;size&lt;/i&gt;" in page and "<i>size" not in page


def test_an_unknown_customer_is_an_error_on_the_customer_field(
    login: Login, workspace_a: Workspace, ben: User
) -> None:
    response = login(ben).post(
        "/app/cases/new/", {"title": "x", "customer": "#999999", "priority": "normal"}
    )

    assert response.status_code == 400
    assert "No customer has this id." in response.content.decode()
    assert not Case.objects.exists()


# The case page -------------------------------------------------------------


def test_the_case_page_shows_the_timeline_and_the_customers_360(
    login: Login, workspace_a: Workspace, ben: User, mari: Customer
) -> None:
    survey = survey_services.survey_create_from_template(
        workspace=workspace_a, template="relationship_nps", key="nps"
    )
    result = survey_services.response_submit(
        workspace=workspace_a,
        data=survey_services.ResponseInput(
            survey_key=survey.key,
            answers={"nps": 2, "improve": "The courier <script>x</script> was rude"},
            channel="email",
            customer_ref={"email": "mari@example.ee"},
        ),
    )
    case = _open(
        workspace_a,
        "Detractor <3",
        source=Case.Source.RESPONSE,
        customer_id=mari.pk,
        response_id=result.response.pk,
    )
    earlier = _open(workspace_a, "An older one", customer_id=mari.pk)

    page = page_of(login(ben), f"/app/cases/{case.number}/")

    assert "Detractor &lt;3" in page
    assert "The courier &lt;script&gt;x&lt;/script&gt; was rude" in page
    assert "/app/feedback/?survey=nps" in page
    assert "&lt;b&gt;Maasikas&lt;/b&gt;" in page and "<b>Maasikas" not in page
    assert f"/app/cases/{earlier.number}/" in page
    assert "Detractor · 2" in page


def test_an_agent_changes_status_owner_priority_and_tags(
    login: Login, workspace_a: Workspace, ben: User, ada: User
) -> None:
    case = _open(workspace_a)
    services.team_save(workspace=workspace_a, name="Logistics", lead_id=ada.pk)
    client = login(ben)
    url = f"/app/cases/{case.number}/"

    unknown = client.post(url + "assign/", {"owner": ada.pk, "team": "Nobody's"})
    client.post(url + "assign/", {"owner": ada.pk, "team": "Logistics"})
    client.post(url + "priority/", {"priority": "urgent"})
    client.post(url + "tags/", {"tags": "courier, rain"})
    client.post(url + "status/", {"status": "pending"})

    case.refresh_from_db()
    assert (case.owner, case.team, case.priority) == (ada, "Logistics", "urgent")
    assert case.tags == ["courier", "rain"] and case.status == Case.Status.PENDING
    page = page_of(client, url)
    assert "Normal → Urgent" in page and "Open → Waiting for the customer" in page
    assert "waiting" in page
    assert unknown.status_code == 400  # a team is chosen from the teams


def test_a_status_the_case_cannot_take_is_refused_on_the_status_field(
    login: Login, workspace_a: Workspace, ben: User
) -> None:
    case = _open(workspace_a)
    client = login(ben)
    client.post(f"/app/cases/{case.number}/status/", {"status": "closed"})

    response = client.post(f"/app/cases/{case.number}/status/", {"status": "pending"})

    assert response.status_code == 400
    assert "A case cannot go from Closed to Waiting for the customer." in (
        response.content.decode()
    )


def test_the_status_choices_are_the_next_statuses_only(
    login: Login, workspace_a: Workspace, ben: User
) -> None:
    case = _open(workspace_a)
    services.case_status_set(case=case, status="resolved", actor=None)

    page = page_of(login(ben), f"/app/cases/{case.number}/")

    status_select = page[
        page.index('name="status"') : page.index(
            "</select>", page.index('name="status"')
        )
    ]
    assert 'value="open"' in status_select and 'value="closed"' in status_select
    assert 'value="pending"' not in status_select and 'value="new"' not in status_select


def test_a_note_marks_its_mentions_and_escapes_the_rest(
    login: Login, workspace_a: Workspace, ben: User, ada: User
) -> None:
    case = _open(workspace_a)
    client = login(ben)

    client.post(
        f"/app/cases/{case.number}/note/", {"note-body": "@ada please <b>call</b>"}
    )

    page = page_of(client, f"/app/cases/{case.number}/")
    assert '<mark class="mention">@ada</mark> please &lt;b&gt;call&lt;/b&gt;' in page
    note = CaseEntry.objects.get(case=case, kind=CaseEntry.Kind.NOTE)
    assert note.data["mentions"] == [ada.pk]  # ada is e-mailed


def test_an_empty_note_is_an_error_naming_the_note(
    login: Login, workspace_a: Workspace, ben: User
) -> None:
    case = _open(workspace_a)

    response = login(ben).post(f"/app/cases/{case.number}/note/", {"note-body": ""})

    assert response.status_code == 400
    assert 'id="id_note-body"' in response.content.decode()
    assert "This field is required." in response.content.decode()
    assert not CaseEntry.objects.filter(kind=CaseEntry.Kind.NOTE).exists()


def test_choosing_a_prepared_answer_fills_the_reply_and_previews_it(
    login: Login, workspace_a: Workspace, ben: User, mari: Customer
) -> None:
    services.reply_template_save(
        workspace=workspace_a,
        name="Late",
        language="en",
        subject="About your order",
        body="Hello",
        situation="Delivery",
    )
    estonian = services.reply_template_save(
        workspace=workspace_a,
        name="Hilinemine",
        language="et",
        subject="Juhtum {case_number}",
        body="Tere {first_name}!",
        situation="Delivery",
    )
    case = _open(workspace_a, customer_id=mari.pk, language="et")
    client = login(ben)

    page = page_of(client, f"/app/cases/{case.number}/", answer=str(estonian.pk))

    # Only answers in the customer's language are offered.
    assert "Hilinemine" in page and ">Late<" not in page
    assert 'value="Juhtum {case_number}"' in page
    assert "Tere {first_name}!</textarea>" in page
    assert f"Juhtum {case.number}" in page
    assert "Tere Mari!" in page


def test_an_agent_sends_a_reply_through_the_outbox(
    login: Login, workspace_a: Workspace, ben: User, mari: Customer
) -> None:
    case = _open(workspace_a, customer_id=mari.pk)
    client = login(ben)

    preview = client.post(
        f"/app/cases/{case.number}/reply/",
        {
            "reply-subject": "Case {case_number}",
            "reply-body": "Hi {first_name}",
            "preview": "1",
        },
    )
    previewed_only = not CaseEntry.objects.filter(kind=CaseEntry.Kind.REPLY).exists()
    client.post(
        f"/app/cases/{case.number}/reply/",
        {"reply-subject": "Case {case_number}", "reply-body": "Hi {first_name}"},
    )

    assert f"Case {case.number}" in preview.content.decode() and previewed_only
    reply = CaseEntry.objects.get(case=case, kind=CaseEntry.Kind.REPLY)
    assert reply.body == "Hi Mari" and reply.data["to"] == "mari@example.ee"
    case.refresh_from_db()
    assert case.first_response_at is not None and case.status == Case.Status.OPEN


def test_a_reply_without_a_subject_names_the_subject(
    login: Login, workspace_a: Workspace, ben: User, mari: Customer
) -> None:
    case = _open(workspace_a, customer_id=mari.pk)

    response = login(ben).post(
        f"/app/cases/{case.number}/reply/", {"reply-subject": "", "reply-body": "Hi"}
    )

    assert response.status_code == 400
    assert "has-error" in response.content.decode()
    assert not CaseEntry.objects.filter(kind=CaseEntry.Kind.REPLY).exists()


def test_a_case_merges_into_another_by_number_and_a_missing_number_is_an_error(
    login: Login, workspace_a: Workspace, ben: User
) -> None:
    duplicate, original = _open(workspace_a, "Twice"), _open(workspace_a, "Once")
    client = login(ben)

    missing = client.post(f"/app/cases/{duplicate.number}/merge/", {"into": 999})
    client.post(f"/app/cases/{duplicate.number}/merge/", {"into": original.number})

    assert missing.status_code == 400
    assert "No case has this number." in missing.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == original and duplicate.status == Case.Status.CLOSED
    page = page_of(client, f"/app/cases/{original.number}/")
    assert f"/app/cases/{duplicate.number}/" in page


def test_the_customer_page_lists_open_cases_and_opens_a_new_one(
    login: Login, workspace_a: Workspace, ben: User, mari: Customer
) -> None:
    case = _open(workspace_a, "Still <open>", customer_id=mari.pk)

    page = page_of(login(ben), f"/app/customers/{mari.pk}/")

    assert f'href="/app/cases/{case.number}/">#{case.number} Still &lt;open&gt;' in page
    assert f"/app/cases/new/?customer={mari.pk}" in page
    form = page_of(login(ben), "/app/cases/new/", customer=str(mari.pk))
    assert f'value="#{mari.pk}"' in form and "For Mari &lt;b&gt;Maasikas" in form


# Settings ------------------------------------------------------------------


def _calendar_post(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "timezone": "Europe/Riga",
        "holiday_countries": ["LV", "EE"],
        "closed_days": "2027-01-02\n",
    }
    for day in range(5):
        data[f"d{day}_open1"] = "08:00"
        data[f"d{day}_close1"] = "12:00"
        data[f"d{day}_open2"] = "13:00"
        data[f"d{day}_close2"] = "17:00"
    data.update(changes)
    return data


def test_an_admin_sets_the_business_hours_and_sees_the_holidays(
    login: Login, workspace_a: Workspace, ada: User
) -> None:
    client = login(ada)

    client.post(
        "/app/settings/sla/", _calendar_post(d5_open1="10:00", d5_close1="00:00")
    )

    schedule = BusinessCalendar.objects.get(workspace=workspace_a).schedule
    assert schedule["timezone"] == "Europe/Riga"
    assert schedule["hours"]["0"] == [["08:00", "12:00"], ["13:00", "17:00"]]
    assert schedule["hours"]["5"] == [["10:00", "24:00"]]
    assert schedule["holiday_countries"] == ["LV", "EE"]
    assert schedule["closed_days"] == ["2027-01-02"]
    page = page_of(client, "/app/settings/sla/")
    assert "Christmas Eve (LV, EE)" in page


def test_a_closing_time_before_the_opening_is_an_error_on_that_field(
    login: Login, workspace_a: Workspace, ada: User
) -> None:
    response = login(ada).post(
        "/app/settings/sla/", _calendar_post(d2_close1="07:00", closed_days="31.12.")
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Closes after it opens." in page
    assert "is not a date like 2026-12-31" in page
    assert BusinessCalendar.objects.get(workspace=workspace_a).schedule["timezone"] != (
        "Europe/Riga"
    )


def test_an_admin_saves_an_sla_policy_in_hours_and_minutes(
    login: Login, workspace_a: Workspace, ada: User
) -> None:
    client = login(ada)

    client.post(
        "/app/settings/sla/policies/new/",
        {
            "name": "VIP",
            "urgent_first_response_hours": "0",
            "urgent_first_response_minutes": "30",
            "urgent_resolution_hours": "4",
            "business_hours": "",
            "is_default": "on",
        },
    )
    bad = client.post(
        "/app/settings/sla/policies/new/",
        {"name": "Bad", "high_resolution_minutes": "75"},
    )

    policy = SlaPolicy.objects.get(workspace=workspace_a, name="VIP")
    assert policy.targets["urgent"] == {"first_response": 30, "resolution": 240}
    assert policy.is_default and not policy.business_hours
    assert bad.status_code == 400
    assert "High · Resolution, minutes" in bad.content.decode()
    assert "30 min" in page_of(client, "/app/settings/sla/")


def test_an_admin_creates_edits_and_deletes_a_prepared_answer(
    login: Login, workspace_a: Workspace, ada: User
) -> None:
    client = login(ada)
    fields = {
        "name": "Sorry <3",
        "situation": "Late",
        "language": "et",
        "subject": "Vabandame",
        "body": "Tere {first_name}",
    }

    client.post("/app/settings/answers/new/", fields)
    answer = ReplyTemplate.objects.get(workspace=workspace_a)
    client.post(f"/app/settings/answers/{answer.pk}/", {**fields, "body": "Tere!"})
    listed = page_of(client, "/app/settings/answers/")
    bad = client.post("/app/settings/answers/new/", {**fields, "language": "xx"})
    client.post(f"/app/settings/answers/{answer.pk}/delete/")

    assert "Sorry &lt;3" in listed
    assert bad.status_code == 400 and "xx" in bad.content.decode()
    assert not ReplyTemplate.objects.exists()


# Roles and tenancy ---------------------------------------------------------


def test_an_analyst_reads_cases_but_every_change_is_refused(
    login: Login, workspace_a: Workspace, ann: User, mari: Customer
) -> None:
    case = _open(workspace_a)
    client = login(ann)

    page = page_of(client, f"/app/cases/{case.number}/")
    refused = [
        client.post(f"/app/cases/{case.number}/{action}/", data).status_code
        for action, data in (
            ("status", {"status": "open"}),
            ("note", {"note-body": "hi"}),
            ("reply", {"reply-subject": "s", "reply-body": "b"}),
        )
    ]
    refused.append(
        client.post(
            "/app/cases/bulk/",
            {"cases": [case.number], "action": "status", "status": "open"},
        ).status_code
    )
    refused.append(client.post("/app/settings/sla/", _calendar_post()).status_code)
    refused.append(client.get("/app/cases/new/").status_code)

    assert "Work the case" not in page and "Send reply" not in page
    assert refused == [403] * 6
    case.refresh_from_db()
    assert case.status == Case.Status.NEW


def test_an_agent_may_not_change_the_sla_or_the_prepared_answers(
    login: Login, workspace_a: Workspace, ben: User
) -> None:
    client = login(ben)

    assert client.get("/app/settings/sla/").status_code == 200
    assert client.post("/app/settings/sla/", _calendar_post()).status_code == 403
    assert client.get("/app/settings/answers/new/").status_code == 403
    assert client.get("/app/settings/sla/policies/new/").status_code == 403


def test_cleo_gets_404_for_workspace_as_cases_and_sees_none_in_her_inbox(
    login: Login, workspace_a: Workspace, cleo: User, ada: User
) -> None:
    case = _open(workspace_a, "Secret of shop A")
    answer = services.reply_template_save(
        workspace=workspace_a, name="A's", language="en", subject="s", body="b"
    )
    policy = services.sla_policy_ensure_default(workspace=workspace_a)
    client = login(cleo)

    statuses = [
        client.get(f"/app/cases/{case.number}/").status_code,
        client.post(f"/app/cases/{case.number}/note/", {"note-body": "x"}).status_code,
        client.get(f"/app/settings/answers/{answer.pk}/").status_code,
        client.post(f"/app/settings/answers/{answer.pk}/delete/").status_code,
        client.get(f"/app/settings/sla/policies/{policy.pk}/").status_code,
    ]
    client.post(
        "/app/cases/bulk/",
        {"cases": [case.number], "action": "status", "status": "closed"},
    )

    assert statuses == [404] * 5
    assert "Secret of shop A" not in page_of(client, INBOX, view="all")
    case.refresh_from_db()
    assert (
        case.status == Case.Status.NEW and not case.entries.filter(kind="note").exists()
    )
    assert selectors.reply_template_list(workspace=workspace_a).count() == 1


def test_a_huge_case_number_is_a_404_not_an_error(
    login: Login, workspace_a: Workspace, ben: User
) -> None:
    client = login(ben)

    assert client.get(f"/app/cases/{2**70}/").status_code == 404
    assert (
        client.post(f"/app/cases/{2**70}/note/", {"note-body": "x"}).status_code == 404
    )
    assert client.post("/app/cases/1/dance/", {}).status_code == 404


def test_the_navigation_lists_cases_after_feedback(
    login: Login, workspace_a: Workspace, ben: User
) -> None:
    page = page_of(login(ben), "/app/")

    assert page.index('href="/app/feedback/"') < page.index('href="/app/cases/"')
    assert Touchpoint.objects.of(workspace_a).exists()


def test_digits_that_are_not_decimal_are_searched_as_text(
    login: Login, workspace_a: Workspace, ben: User
) -> None:
    client = login(ben)

    assert client.get(INBOX, {"q": "#²"}).status_code == 200
    assert client.get("/app/cases/new/", {"customer": "²"}).status_code == 200
    refused = client.post(
        "/app/cases/new/", {"title": "x", "customer": "#²", "priority": "normal"}
    )
    assert refused.status_code == 400
    assert not Case.objects.exists()


def test_a_mangled_return_query_of_a_bulk_change_is_re_encoded(
    login: Login, workspace_a: Workspace, ben: User
) -> None:
    case = _open(workspace_a)

    response = login(ben).post(
        "/app/cases/bulk/",
        {
            "cases": [case.number],
            "action": "status",
            "status": "open",
            "query": "view=all\r\nSet-Cookie: x=1",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/app/cases/?view=all%0D%0ASet-Cookie%3A+x%3D1"


def test_a_name_several_customers_share_lists_them_with_their_ids(
    login: Login, workspace_a: Workspace, ben: User
) -> None:
    twins = [
        customer_factories.customer(
            workspace_a,
            email=f"kask{n}@example.ee",
            profile=ProfileData(first_name="Jaan", last_name="Kask"),
        )
        for n in (1, 2)
    ]

    response = login(ben).post(
        "/app/cases/new/", {"title": "x", "customer": "Jaan Kask", "priority": "normal"}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "2 customers match" in page
    assert all(f"(#{twin.pk})" in page for twin in twins)


def test_the_cases_pages_need_a_login_and_carry_no_inline_code(
    client: Client, login: Login, workspace_a: Workspace, ada: User, mari: Customer
) -> None:
    case = _open(workspace_a, customer_id=mari.pk)
    services.reply_template_save(
        workspace=workspace_a, name="A", language="en", subject="s", body="b"
    )
    paths = [
        INBOX,
        "/app/cases/new/",
        f"/app/cases/{case.number}/",
        "/app/settings/sla/",
        "/app/settings/sla/policies/new/",
        "/app/settings/answers/",
        "/app/settings/answers/new/",
    ]
    assert {client.get(path).status_code for path in paths} == {302}

    login(ada)
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_strict(response)
        _assert_no_inline_code(path, response.content.decode())

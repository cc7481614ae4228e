"""The cases' Recovery page: the figures a manager reads each week, checked
by hand; small groups greyed; refused filters explained; every role reads
it and no other workspace's cases count."""

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from cxloop.accounts.models import Membership, User, Workspace
from cxloop.cases import recovery, services
from cxloop.cases.models import Case
from tests import factories
from tests.web.test_fuzz_pages import EDGES

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]
PAGE = "/app/cases/recovery/"
NOVEMBER = {"since": "2026-11-01", "until": "2026-11-30"}
TALLINN = ZoneInfo("Europe/Tallinn")


def tallinn(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TALLINN)


def _import(
    workspace: Workspace,
    answered: datetime,
    resolved: datetime,
    owner: User | None = None,
) -> Case:
    # Opened Monday 2 November 10:00; resolution due Thursday 10:00 (24
    # business hours on the default calendar, 09–17 on weekdays).
    return services.case_import(
        workspace=workspace,
        data=services.CaseImport(
            title="Parcel left in the rain",
            opened_at=tallinn(2, 10),
            status=Case.Status.RESOLVED,
            owner_id=owner.pk if owner else None,
            first_response_at=answered,
            resolved_at=resolved,
        ),
    )


@pytest.fixture
def four_cases(workspace_a: Workspace, ben: User) -> None:
    # First responses after 30, 60, 120 and 240 business minutes; three
    # resolved on Tuesday, in time, one a week later, too late.
    _import(workspace_a, tallinn(2, 10, 30), tallinn(3, 12), ben)
    _import(workspace_a, tallinn(2, 11), tallinn(3, 12), ben)
    _import(workspace_a, tallinn(2, 12), tallinn(3, 12), ben)
    _import(workspace_a, tallinn(2, 14), tallinn(10, 12), ben)


def page_of(client: Client, **query: str) -> str:
    response = client.get(PAGE, query)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def row_of(page: str, label: str) -> str:
    (row,) = [
        row for row in re.findall(r"<tr.*?</tr>", page, flags=re.S) if label in row
    ]
    return row


def test_the_page_shows_the_median_and_sla_attainment_computed_by_hand(
    login: Login, ada: User, four_cases: None
) -> None:
    page = page_of(login(ada), **NOVEMBER, group_by="owner")

    row = row_of(page, "Ben Agent")
    # 30, 60, 120, 240 minutes: the median is (60 + 120) / 2 = 90 min =
    # 1.5 h; p90 sits at 0.9 × 3 = 2.7: 120 + 0.7 × (240 − 120) = 204 min =
    # 3.4 h. All within office hours, so the wall clock agrees.
    assert "1.5 / 3.4 h" in row
    assert "wall clock 1.5 / 3.4 h" in row
    # SLA met by 3 of 4 = 75 %. Wilson with z = 1.96, p = 0.75, n = 4:
    # centre (0.75 + z²/8) / (1 + z²/4) = 1.2302 / 1.9604 = 0.6275;
    # half-width z √(0.75 · 0.25 / 4 + z²/64) / (1 + z²/4)
    # = 1.96 × √(0.046875 + 0.060025) / 1.9604 = 0.3269; so 30.06 % …
    # 95.44 %, shown rounded as 30 … 95.
    assert "75 %" in row and "(30 … 95)" in row and "3 of 4" in row
    # No reply entries and none reopened: all four resolved at first contact.
    assert "100 %" in row and "4 of 4" in row
    cards = page.split('class="cards recovery-cards"')[1].split("</section>")[0]
    assert "1.5 h" in cards and "95 % CI 30 … 95 %; 3 of 4" in cards


def test_numbers_and_dates_follow_the_language(
    login: Login, ada: User, four_cases: None
) -> None:
    client = login(ada)
    client.post("/i18n/setlang/", {"language": "et", "next": "/app/"})

    page = page_of(client, **NOVEMBER)

    assert "1,5 / 3,4 h" in row_of(page, "Ben Agent")
    assert "01.11.2026" in page and "30.11.2026" in page


def test_a_group_with_fewer_than_thirty_cases_is_greyed_with_the_reason(
    login: Login, ada: User, ben: User, workspace_a: Workspace
) -> None:
    for _ in range(recovery.DEFAULT_MIN_N):
        _import(workspace_a, tallinn(2, 11), tallinn(3, 12), ben)
    _import(workspace_a, tallinn(2, 11), tallinn(3, 12))

    page = page_of(login(ada), **NOVEMBER)

    ben_row, unassigned = row_of(page, "Ben Agent"), row_of(page, "Unassigned")
    assert "recovery-small" not in ben_row and "fewer than 30" not in ben_row
    assert 'class="recovery-small"' in unassigned
    assert "fewer than 30 cases" in unassigned


def test_the_period_defaults_to_the_last_ninety_days_shown_in_the_filters(
    login: Login, ada: User
) -> None:
    client = login(ada)
    # "Today" of the workspace's zone, as the page reads it (near midnight
    # UTC it is already tomorrow in Tallinn).
    zone = ZoneInfo(ada.memberships.get().workspace.timezone)
    today = timezone.localdate(timezone=zone)
    start = today - timedelta(days=recovery.DEFAULT_DAYS - 1)

    for query in ({}, {"group_by": "team", "since": ""}):
        page = page_of(client, **query)

        assert f'name="since" value="{start.isoformat()}"' in page
        assert f'name="until" value="{today.isoformat()}"' in page
    assert '<option value="team" selected>' in page
    assert "No cases were opened in this period." in page


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            {"since": "2026-11-30", "until": "2026-11-01"},
            "since",
            "The start must not be after the end.",
        ),
        ({"since": "2999-01-01"}, "since", "The start must not be after today."),
        (
            {"since": "2020-01-01", "until": "2026-01-01"},
            "since",
            "Choose at most three years at once.",
        ),
        ({"since": "yesterday"}, "since", "Enter a valid date."),
        ({"until": "1000-01-01"}, "until", "Choose a date between 1970 and 2999."),
        ({"group_by": "customer"}, "group_by", "Select a valid choice."),
    ],
)
def test_a_refused_filter_is_explained_on_its_field(
    login: Login, ada: User, query: dict[str, str], field: str, message: str
) -> None:
    page = page_of(login(ada), **query)

    field_html = page.split(f'id="id_{field}"')[1].split("</div>")[0]
    assert message in field_html


def test_a_group_by_team_lists_the_cases_by_team(
    login: Login, ada: User, four_cases: None
) -> None:
    page = page_of(login(ada), **NOVEMBER, group_by="team")

    assert "By team" in page
    assert "4 of 4" in row_of(page, "No team")


def test_orders_after_a_case_are_called_an_association_never_an_effect(
    login: Login, ada: User, four_cases: None
) -> None:
    page = page_of(login(ada), **NOVEMBER)

    assert recovery.OBSERVATIONAL in page
    without_note = page.replace(recovery.OBSERVATIONAL, "").lower()
    for word in ("caused", "impact", "effect"):
        assert word not in without_note
    assert "Welch" in page
    assert "Detractors re-surveyed" in page


@pytest.mark.parametrize(
    "role",
    [
        Membership.Role.ADMIN,
        Membership.Role.ANALYST,
        Membership.Role.AGENT,
        Membership.Role.VIEWER,
    ],
)
def test_every_role_reads_the_page_and_finds_it_from_the_inbox(
    login: Login, workspace_a: Workspace, four_cases: None, role: str
) -> None:
    reader = factories.member(workspace_a, f"{role}@shop-a.example", role)
    client = login(reader)

    assert 'href="/app/cases/recovery/"' in client.get("/app/cases/").content.decode()
    assert "Ben Agent" in page_of(client, **NOVEMBER)


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(PAGE)

    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_another_workspace_sees_only_its_own_figures(
    login: Login, cleo: User, four_cases: None
) -> None:
    page = page_of(login(cleo), **NOVEMBER)

    assert "Ben Agent" not in page
    assert "No cases were opened in this period." in page
    cards = page.split('class="cards recovery-cards"')[1].split("</section>")[0]
    assert '<strong class="stat-value">0</strong>' in cards


@pytest.mark.parametrize("name", ["since", "until", "group_by"])
def test_no_hostile_filter_value_gives_a_server_error(
    login: Login, ada: User, four_cases: None, name: str
) -> None:
    client = login(ada)

    for value in EDGES:
        response = client.get(PAGE, {"group_by": "team", name: value})

        assert response.status_code == 200, (name, value)
        assert "<script>alert(1)</script>" not in response.content.decode()

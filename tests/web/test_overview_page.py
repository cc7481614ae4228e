"""The Overview: measured figures against a hand computation, greyed small
groups, filters kept in the URL, the first-run checklist, escaping, tenancy.

The answers sit in the week of 8–14 January 2026 (and the week before, the
previous period); every request names that period in its URL.
"""

import math
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from cxloop.accounts.models import User, Workspace
from cxloop.surveys import services as survey_services
from cxloop.surveys.models import Survey
from tests.insights.factories import order

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
Z = 1.959963984540054
# Noon in Tallinn on Wednesday 14 January 2026; the previous week is the
# previous period of the period 8–14 January.
NOW = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)
BEFORE = NOW - timedelta(days=7)
WEEK = "?since=2026-01-08&until=2026-01-14"


def _survey(
    workspace: Workspace, key: str, kinds: tuple[str, ...], touchpoint: str = ""
) -> Survey:
    questions = [
        survey_services.QuestionSpec(
            key=kind, type=kind, texts={"en": {"label": f"Your {kind}?"}}
        )
        for kind in kinds
    ]
    return survey_services.survey_create(
        workspace=workspace,
        key=key,
        name=key.title(),
        questions=questions,
        status=Survey.Status.ACTIVE,
        default_language="en",
        touchpoint=touchpoint,
    )


@pytest.fixture
def scored(workspace_a: Workspace) -> Workspace:
    _survey(workspace_a, "scores", ("nps", "csat", "ces", "text"))
    _survey(workspace_a, "found", ("yes_no",), touchpoint="site_search")
    return workspace_a


def _answers(
    workspace: Workspace,
    values: list[object],
    *,
    kind: str,
    survey: str = "scores",
    at: datetime = NOW,
    **fields: object,
) -> None:
    for index, value in enumerate(values):
        answers = {kind: value}
        answers.update(fields.pop("answers", {}))  # type: ignore[call-overload]
        survey_services.response_submit(
            workspace=workspace,
            data=survey_services.ResponseInput(
                survey_key=survey,
                answers=answers,
                channel=str(fields.get("channel", "api")),
                touchpoint=str(fields.get("touchpoint", "")),
                customer_ref=fields.get("customer_ref", {}),  # type: ignore[arg-type]
                submitted_at=at + timedelta(minutes=index),
            ),
        )


def _page(client: Client, query: str = WEEK) -> str:
    response = client.get("/app/" + query)
    assert response.status_code == 200
    return response.content.decode()


def _card(page: str, metric: str) -> str:
    return page.split(f'data-metric="{metric}"')[1].split("</article>")[0]


def _cell(page: str, touchpoint: str) -> str:
    return page.split(f'data-touchpoint="{touchpoint}"')[1].split("</li>")[0]


def _wilson(k: int, n: int) -> tuple[float, float]:
    p = k / n
    denominator = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denominator
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denominator
    return 100 * (centre - half), 100 * (centre + half)


def test_a_workspace_without_answers_shows_the_setup_checklist(
    login: Login, ada: User
) -> None:
    page = login(ada).get("/app/").content.decode()

    assert "Getting started" in page
    assert "Team members" in page
    assert "Background worker" in page
    assert "Week by week" not in page


def test_the_headline_nps_is_the_hand_computed_one_with_its_interval_and_change(
    login: Login, ada: User, scored: Workspace
) -> None:
    # 20 promoters, 10 passives, 10 detractors: NPS 100 × (20 − 10) / 40 = 25.
    _answers(scored, [10] * 20 + [8] * 10 + [3] * 10, kind="nps")
    # The week before: 40 detractors, NPS −100.
    _answers(scored, [3] * 40, kind="nps", at=BEFORE)

    card = _card(_page(login(ada)), "nps")

    # Rocks' adjusted Wald: ¾ promoter, ¾ detractor, 1½ passives added.
    n = 40 + 3
    p, d = 20.75 / n, 10.75 / n
    half = Z * math.sqrt(((p + d) - (p - d) ** 2) / n)
    low, high = round(100 * (p - d - half)), round(100 * (p - d + half))
    assert '<p class="headline-value">25</p>' in card
    assert f"95 % CI {low} … {high}".replace("-", "\u2212") in card
    assert "n = 40" in card
    assert "▲ 125.0 points" in card
    assert "(z-test of two NPS, p &lt; 0.001)" in card
    assert "Previous period: \u2212100 (n = 40)" in card


def test_a_change_chance_explains_is_not_flagged(
    login: Login, ada: User, scored: Workspace
) -> None:
    _answers(scored, [10] * 20 + [3] * 20, kind="nps")
    _answers(scored, [10] * 21 + [3] * 19, kind="nps", at=BEFORE)

    card = _card(_page(login(ada)), "nps")

    assert "no significant change" in card
    assert "▲" not in card
    assert "▼" not in card
    assert re.search(r"z-test of two NPS, p = 0\.\d\d\)", card)


def test_csat_is_the_top_two_box_share_with_a_wilson_interval(
    login: Login, ada: User, scored: Workspace
) -> None:
    _answers(scored, [5] * 30 + [2] * 10, kind="csat", touchpoint="delivery")

    page = _page(login(ada))

    low, high = _wilson(30, 40)
    card = _card(page, "csat")
    assert '<p class="headline-value">75 %</p>' in card
    assert f"95 % CI {round(low)} … {round(high)}" in card
    assert "nothing to compare with" in card
    assert "No answers in the previous period" in card
    delivery = _cell(page, "delivery")
    assert "75 %" in delivery
    assert "CSAT" in delivery


def test_a_group_below_the_minimum_is_greyed_and_says_why(
    login: Login, ada: User, scored: Workspace
) -> None:
    _answers(scored, [6] * 12, kind="ces", touchpoint="support_contact")

    page = _page(login(ada))

    cell = page.split('data-touchpoint="support_contact"')[0].rsplit("<li", 1)[1]
    assert "band-small" in cell
    assert "n = 12, fewer than 30 answers" in _cell(page, "support_contact")
    card = _card(page, "ces")
    assert "is-small" in page.split('data-metric="ces"')[0].rsplit("<article", 1)[1]
    assert "n = 12, fewer than 30 answers" in card


def test_a_previous_period_below_the_minimum_says_so(
    login: Login, ada: User, scored: Workspace
) -> None:
    _answers(scored, [10] * 40, kind="nps")
    _answers(scored, [0] * 12, kind="nps", at=BEFORE)

    card = _card(_page(login(ada)), "nps")

    assert "Previous period: \u2212100 (n = 12, fewer than 30 answers)" in card


def test_a_yes_no_touchpoint_shows_its_share_of_yes(
    login: Login, ada: User, scored: Workspace
) -> None:
    _answers(scored, [True] * 27 + [False] * 9, kind="yes_no", survey="found")
    # Before: 9 of 36 found it; the rise is significant.
    _answers(
        scored, [True] * 9 + [False] * 27, kind="yes_no", survey="found", at=BEFORE
    )

    page = _page(login(ada))

    cell = _cell(page, "site_search")
    low, high = _wilson(27, 36)
    assert "75 %" in cell
    assert f"{round(low)} … {round(high)} · n = 36" in cell
    movers = page.split('id="movers-heading"')[1].split("</section>")[0]
    assert "Site search" in movers
    assert "25 % → <strong>75 %</strong>" in movers
    assert "▲ 50.0 percentage points" in movers


def test_the_filters_narrow_every_figure_and_stay_in_the_links(
    login: Login, ada: User, scored: Workspace
) -> None:
    _answers(scored, [10] * 3, kind="nps", channel="email")
    _answers(scored, [0] * 5, kind="nps", channel="api")
    query = WEEK + "&segment=&channel=email"

    page = _page(login(ada), query)

    card = _card(page, "nps")
    assert '<p class="headline-value">100</p>' in card
    assert "n = 3" in card
    assert '<option value="email" selected>' in page
    heat_link = re.search(r'href="\?([^"]*heat=csat[^"]*)"', page)
    assert heat_link is not None
    assert "channel=email" in heat_link.group(1)
    assert "since=2026-01-08" in heat_link.group(1)


def test_the_segment_filter_keeps_returning_customers_only(
    login: Login, ada: User, scored: Workspace
) -> None:
    loyal = "loyal@example.com"
    for days in (30, 20):
        order(scored, loyal, at=NOW - timedelta(days=days))
    _answers(scored, [9, 10], kind="nps", customer_ref={"email": loyal})
    _answers(scored, [1, 2, 3], kind="nps")
    _answers(
        scored,
        [True, True],
        kind="yes_no",
        survey="found",
        customer_ref={"email": loyal},
    )
    _answers(scored, [False] * 3, kind="yes_no", survey="found")

    page = _page(login(ada), WEEK + "&segment=returning")

    assert '<p class="headline-value">100</p>' in _card(page, "nps")
    assert "n = 2" in _card(page, "nps")
    assert "100 %" in _cell(page, "site_search")


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?since=yesterday", "since", "Enter a valid date."),
        ("?since=2026-01-14&until=2026-01-01", "since", "must not be after"),
        ("?period=7", "period", "Select a valid choice."),
        ("?channel=pigeon", "channel", "Select a valid choice."),
        ("?since=2001-01-01&until=2026-01-01", "since", "at most three years"),
    ],
)
def test_a_refused_filter_is_explained_on_its_field(
    login: Login, ada: User, scored: Workspace, query: str, field: str, message: str
) -> None:
    _answers(scored, [10], kind="nps")

    page = _page(login(ada), query)

    form = page.split('class="filters panel overview-filters"')[1].split("</form>")[0]
    error = form.split(f'for="id_{field}"')[1].split("</div>")[0]
    assert message in error


def test_dates_given_win_over_the_period_menu(
    login: Login, ada: User, scored: Workspace
) -> None:
    _answers(scored, [10] * 2, kind="nps")
    _answers(scored, [0] * 3, kind="nps", at=NOW - timedelta(days=60))

    page = _page(login(ada), "?period=30&since=2026-01-14&until=2026-01-14")

    assert "n = 2" in _card(page, "nps")
    assert "<strong>14 Jan 2026 – 14 Jan 2026</strong>" in page
    assert "compared with 13 Jan 2026 – 13 Jan 2026" in page


def test_comments_are_shown_as_text(login: Login, ada: User, scored: Workspace) -> None:
    _answers(
        scored,
        [2],
        kind="csat",
        answers={"text": "<script>alert(1)</script><b>bold</b>"},
    )

    page = _page(login(ada))

    comments = page.split('id="comments-heading"')[1].split("</section>")[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in comments
    assert "<script>alert" not in page
    assert "<b>bold</b>" not in page


def test_another_workspace_sees_none_of_these_figures(
    login: Login, cleo: User, workspace_b: Workspace, scored: Workspace
) -> None:
    _answers(scored, [10] * 5, kind="nps", answers={"text": "Shop A secret comment"})
    _survey(workspace_b, "scores", ("nps",))
    _answers(workspace_b, [0], kind="nps")

    page = _page(login(cleo))

    card = _card(page, "nps")
    assert '<p class="headline-value">\u2212100</p>' in card
    assert "n = 1" in card
    assert "Shop A secret comment" not in page
    assert "Shop A" not in page


def test_the_week_by_week_table_lists_each_week_of_the_year(
    login: Login, ada: User, scored: Workspace
) -> None:
    _answers(scored, [10, 9, 0], kind="nps")

    page = _page(login(ada))

    trend = page.split('data-metric="nps"')[2].split("</figure>")[0]
    table = trend.split("<table")[1]
    assert "Week 3, 2026" in table  # 12–18 January
    week = table.split("Week 3, 2026")[1].split("</tr>")[0]
    assert ">33<" in week  # (2 − 1) / 3
    assert "n = 3, fewer than 30 answers" in week
    assert table.count("<tr") > 52
    assert 'data-trend="trend-nps"' in trend


def test_the_overview_speaks_estonian_with_decimal_commas(
    login: Login, ada: User, scored: Workspace
) -> None:
    _answers(scored, [5, 4], kind="ces")
    client = login(ada)
    client.post("/i18n/setlang/", {"language": "et", "next": "/app/"})

    page = _page(client)

    assert "Nädalate kaupa" in page
    assert '<p class="headline-value">4,5</p>' in _card(page, "ces")
    assert "n = 2, vähem kui 30 vastust" in _card(page, "ces")

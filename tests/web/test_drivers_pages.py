"""The Irritants and Drivers pages: figures, explanations, empty states, tenancy."""

from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from cxloop.accounts.models import User, Workspace
from tests.textanalysis import topic_factories as f

Login = Callable[[User], Client]


def _irritants(workspace: Workspace, label: str = "Late delivery") -> None:
    late = f.topic(workspace, label)
    box = f.topic(workspace, "Dented box")
    now = timezone.now()
    f.responses(workspace, [{"csat": 5}] * 40 + [{"csat": 4}] * 20, at=now)
    f.responses(workspace, [{"csat": 1}] * 8, comment="late", topics=(late,), at=now)
    f.responses(workspace, [{"csat": 2}] * 2, comment="box", topics=(box,), at=now)


def test_irritants_are_ranked_per_touchpoint_with_the_method_explained(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    _irritants(workspace_a)

    page = login(ada).get("/app/irritants/").content.decode()

    assert "Topics are ranked by impact" in page
    delivery = page.split('data-touchpoint="delivery"')[1]
    assert delivery.index("Late delivery") < delivery.index("Dented box")
    assert "CSAT (mean, 1–5)" in delivery
    assert "Fisher&#x27;s exact test" in page and "Benjamini–Hochberg" in page
    assert 'href="/app/irritants/"' in page  # the sidebar entry


def test_a_growing_topic_is_flagged_as_emerging(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    rude = f.topic(workspace_a, "Rude courier")
    now = timezone.now()
    for weeks_back in range(5):
        at = now - timedelta(weeks=weeks_back)
        count = 25 if weeks_back == 0 else 1
        f.responses(
            workspace_a, [{"csat": 2}] * count, comment="c", topics=(rude,), at=at
        )
        f.responses(workspace_a, [{"csat": 5}] * (100 - count), comment="ok", at=at)

    page = login(ada).get("/app/irritants/").content.decode()

    emerging = page.split('id="emerging-heading"')[1].split("</table>")[0]
    row = emerging.split("Rude courier")[0].rsplit("<tr", 1)[1]
    assert "badge-emerging" in row  # flagged, not only listed


def test_without_topics_the_page_says_when_they_appear(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    f.responses(workspace_a, [{"csat": 3}] * 3, comment="meh")
    page = login(ada).get("/app/irritants/").content.decode()
    assert "Topics appear once 50 comments are analysed." in page
    assert "So far this workspace has 3 comments." in page


def test_a_topic_label_is_shown_as_text(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    _irritants(workspace_a, label="<script>alert('x')</script>")
    client = login(ada)
    for url in ("/app/irritants/", "/app/drivers/"):
        page = client.get(url).content.decode()
        assert "<script>alert(" not in page, url
    irritants = client.get("/app/irritants/").content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in irritants
    # Chart data goes through json_script: escaped inside the JSON too.
    assert "\\u003Cscript\\u003E" in irritants


def test_another_workspace_never_sees_the_topics(
    login: Login, ada: User, cleo: User, workspace_a: Workspace
) -> None:
    _irritants(workspace_a)
    page = login(cleo).get("/app/irritants/").content.decode()
    assert "Late delivery" not in page
    assert "Topics appear once 50 comments are analysed." in page
    drivers = login(cleo).get("/app/drivers/").content.decode()
    assert "Late delivery" not in drivers


def test_filters_narrow_to_answers_outside_touchpoints(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    _irritants(workspace_a)
    f.responses(
        workspace_a,
        [{"nps": 1}] * 3 + [{"nps": 10}] * 5,
        survey_key="relationship-nps",
        comment="pricey",
        topics=(f.topic(workspace_a, "Prices"),),
        at=timezone.now(),
    )
    page = login(ada).get("/app/irritants/?touchpoint=-").content.decode()
    assert "Not tied to a touchpoint" in page
    assert "NPS (−100 to 100)" in page
    assert "Late delivery" not in page.split('id="irritants-heading"')[1]


def _row(page: str, label: str) -> str:
    """A topic's row in the irritant tables (not the emerging table)."""
    irritants = page.split('id="irritants-heading"')[-1]
    return irritants.split(label)[1].split("</tr>")[0]


def test_a_small_nps_topics_interval_stays_on_the_scale_with_its_test_and_p(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    # The page showed "79 (−279 … 438)" for a topic with two answers.
    now = timezone.now()
    rest = [{"nps": 10}] * 6 + [{"nps": 8}] * 2 + [{"nps": 3}] * 2  # NPS 40
    f.responses(workspace_a, rest, survey_key="relationship-nps", at=now)
    f.responses(
        workspace_a,
        [{"nps": 0}] * 2,
        survey_key="relationship-nps",
        comment="moved",
        topics=(f.topic(workspace_a, "Moving house"),),
        at=now,
    )

    page = login(ada).get("/app/irritants/").content.decode()

    row = _row(page, "Moving house")
    # Their NPS −100 of two answers: the adjusted Wald interval (Rocks):
    # p' = 0.15, d' = 0.55, half 1.96 · √(0.54 / 5) = 0.644 around −0.4.
    assert '-100 <span class="muted">(-100 … 24)</span>' in row
    # The gap 140, by the z-test on the two NPS (worked in the selector test).
    assert '140 <span class="muted">(62 … 200; p&nbsp;&lt;&nbsp;0.001)' in row
    assert "the test of each gap: z-test of two NPS." in page
    head = page.split('data-touchpoint=""')[1].split("</div>")[0]
    # The touchpoint: 6 promoters, 2 passives, 4 detractors of 12: NPS 17.
    assert "<strong>17</strong>" in head and "12 answers" in head


def test_a_yes_no_touchpoint_shows_the_share_of_no_answers_each_topic_holds(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    # Every topic showed "their score 0": comments follow only a "no".
    f.yes_no_survey(workspace_a, "search-found", "found")
    now = timezone.now()
    f.responses(
        workspace_a,
        [{"found": True}] * 36 + [{"found": False}] * 2,
        survey_key="search-found",
        at=now,
    )
    for label, count in (("Out of stock", 4), ("Wrong words", 2)):
        f.responses(
            workspace_a,
            [{"found": False}] * count,
            survey_key="search-found",
            comment=label,
            topics=(f.topic(workspace_a, label),),
            at=now,
        )

    page = login(ada).get("/app/irritants/").content.decode()

    search = page.split('data-touchpoint="site_search"')[1]
    assert "Comments here were written after a “no”" in search
    assert "Share of the “no” answers" in search
    # Their yes 0 of 4 (Wilson 0 … 49 %); of the 8 noes, 4 (22 … 78 %)
    # and 2 (7 … 59 %), as worked in the selector test.
    stock, words = _row(search, "Out of stock"), _row(search, "Wrong words")
    assert '0 <span class="muted">(0 … 49)</span>' in stock
    assert '50 <span class="muted">(22 … 78)</span>' in stock
    assert '25 <span class="muted">(7 … 59)</span>' in words
    assert "two-proportion z-test" in search


def test_bad_filters_show_an_error_and_the_page_still_works(
    login: Login, ada: User
) -> None:
    response = login(ada).get("/app/irritants/?week=2026-W99&since=0001-01-01")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a week such as 2026-W07." in page
    assert "Choose a date between 1970 and 2999." in page


def test_drivers_page_names_the_worst_driver_and_explains_the_method(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    people = f.customers(workspace_a, 60)
    now = timezone.now()
    for index, person in enumerate(people):
        happy = index % 2 == 0
        f.response(workspace_a, customer=person, csat=5 if happy else 1, at=now)
        f.response(
            workspace_a,
            survey_key="relationship-nps",
            customer=person,
            nps=10 if happy else 3,
            at=now,
        )

    page = login(ada).get("/app/drivers/").content.decode()

    assert "Johnson&#x27;s relative weights" in page
    assert "Fixing <strong>Delivery</strong> would raise NPS" in page
    assert "Customers (n)" in page and ">60<" in page


def test_drivers_page_explains_what_is_missing(login: Login, ada: User) -> None:
    page = login(ada).get("/app/drivers/?target=csat").content.decode()
    assert "Not enough data yet" in page
    assert "at least 30 customers who gave an overall CSAT answer" in page
    assert "Topics appear once 50 comments are analysed." in page

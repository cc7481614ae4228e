"""Irritants, emerging topics and drivers read from the database."""

from datetime import date, timedelta

import pytest

from cxloop.accounts.models import Workspace
from cxloop.textanalysis import selectors
from tests.textanalysis import topic_factories as f

SINCE, UNTIL = f.NOW - timedelta(days=30), f.NOW + timedelta(days=1)


def test_irritants_rank_topics_per_touchpoint_and_never_show_another_workspace(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    late = f.topic(workspace_a, "Late delivery")
    box = f.topic(workspace_a, "Box")
    theirs = f.topic(workspace_b, "Their topic")
    f.survey(workspace_a, "delivery-csat", touchpoint="")  # attached via the map
    f.responses(workspace_a, [{"csat": 5}] * 60 + [{"csat": 4}] * 40)
    f.responses(workspace_a, [{"csat": 1}] * 10, comment="late", topics=(late,))
    f.responses(
        workspace_a, [{"csat": 1}, {"csat": 2}], comment="dented", topics=(box,)
    )
    f.responses(workspace_b, [{"csat": 1}] * 5, comment="x", topics=(theirs,))

    tables = selectors.irritant_report(workspace=workspace_a, since=SINCE, until=UNTIL)

    [table] = tables
    assert table.place.key == "delivery"
    assert table.place.name == "Delivery"
    assert table.kind == "csat"
    assert table.everyone.n == 112
    assert [row.topic.label for row in table.rows] == ["Late delivery", "Box"]
    first = table.rows[0].irritant
    assert first.customers == 10 and first.n == 10
    assert first.score == pytest.approx(1.0)
    # The rest: 100 scores averaging 4.6 and Box's 1 and 2.
    assert first.gap == pytest.approx((460 + 3) / 102 - 1.0)


def test_irritants_filter_by_touchpoint_and_survey(workspace_a: Workspace) -> None:
    late = f.topic(workspace_a, "Late")
    f.responses(workspace_a, [{"csat": 1}] * 3, comment="late", topics=(late,))
    f.responses(
        workspace_a,
        [{"nps": 2}] * 3,
        survey_key="relationship-nps",
        comment="late",
        topics=(late,),
    )

    nps_only = selectors.irritant_report(
        workspace=workspace_a, since=SINCE, until=UNTIL, touchpoint=""
    )
    assert [(t.place.key, t.kind) for t in nps_only] == [("", "nps")]
    by_survey = selectors.irritant_report(
        workspace=workspace_a, since=SINCE, until=UNTIL, survey="delivery-csat"
    )
    assert [(t.place.key, t.kind) for t in by_survey] == [("delivery", "csat")]


def test_a_topic_that_grows_this_week_is_emerging(workspace_a: Workspace) -> None:
    growing = f.topic(workspace_a, "Courier rude")
    stable = f.topic(workspace_a, "Parcel locker")
    week = selectors.week_of(workspace=workspace_a, day=date(2026, 3, 11))
    for weeks_back in range(5):
        at = week.start + timedelta(days=2) - timedelta(weeks=weeks_back)
        rude = 20 if weeks_back == 0 else 2
        f.responses(
            workspace_a, [{"csat": 2}] * rude, comment="c", topics=(growing,), at=at
        )
        f.responses(
            workspace_a, [{"csat": 4}] * 10, comment="c", topics=(stable,), at=at
        )
        f.responses(workspace_a, [{"csat": 5}] * (100 - rude - 10), comment="ok", at=at)

    report = selectors.emerging_report(workspace=workspace_a, week=week)

    assert week.label == "2026-W11"
    rows = {row.topic.label: row for row in report.rows}
    assert rows["Courier rude"].result.emerging
    assert rows["Courier rude"].result.p_value < 0.01
    assert rows["Courier rude"].counts.count == 20
    assert rows["Courier rude"].counts.comments == 100
    assert rows["Courier rude"].counts.baseline_count == 8
    assert rows["Courier rude"].place.key == "delivery"
    assert not rows["Parcel locker"].result.emerging
    assert [row.topic.label for row in report.flagged] == ["Courier rude"]


def test_drivers_find_the_touchpoint_that_moves_nps(workspace_a: Workspace) -> None:
    people = f.customers(workspace_a, 120)
    slow = f.topic(workspace_a, "Slow")
    # Delivery CSAT decides NPS: happy deliveries give promoters.
    for index, person in enumerate(people):
        happy = index % 2 == 0
        f.response(
            workspace_a,
            customer=person,
            csat=5 if happy else 1,
            topics=() if happy else (slow,) if index % 4 == 1 else (),
            comment="" if happy else "slow",
        )
        f.response(
            workspace_a,
            survey_key="relationship-nps",
            customer=person,
            nps=10 if happy else (2 + index % 3),
        )
    f.response(workspace_a, survey_key="relationship-nps", nps=0)  # nobody known

    report = selectors.driver_report(
        workspace=workspace_a, target="nps", since=SINCE, until=UNTIL
    )

    assert report.customers == 120
    assert report.unlinked == 1
    assert report.analysis is not None
    first = report.rows[0]
    assert first.name == "Delivery"
    assert first.touchpoint == "delivery"
    assert first.driver.n == 120
    assert first.driver.importance_ci95[0] > 0.5
    assert report.worst is not None and report.worst.name == "Delivery"
    # Detractors lifted to the rest's CSAT turn half the customers from
    # detractors into promoters: +100 NPS points.
    assert report.worst.driver.expected_gain == pytest.approx(100, abs=5)
    assert {row.name for row in report.rows} == {"Delivery", "Slow"}


def test_drivers_explain_why_there_is_nothing_to_show(workspace_a: Workspace) -> None:
    report = selectors.driver_report(
        workspace=workspace_a, target="csat", since=SINCE, until=UNTIL
    )
    assert report.analysis is None
    assert "at least 30 customers" in report.reason


def test_a_renamed_topic_shows_at_once_and_new_answers_once_settled(
    workspace_a: Workspace,
) -> None:
    late = f.topic(workspace_a, "Late")
    f.responses(workspace_a, [{"csat": 5}] * 10)
    f.responses(workspace_a, [{"csat": 1}] * 3, comment="late", topics=(late,))
    first = selectors.irritant_report(workspace=workspace_a, since=SINCE, until=UNTIL)
    assert first[0].rows[0].topic.label == "Late"

    late.label = "Late delivery"
    late.updated_at = f.NOW + timedelta(hours=1)
    late.save(update_fields=["label", "updated_at"])
    f.responses(workspace_a, [{"csat": 1}] * 2, comment="late", topics=(late,))
    selectors.report_forget(workspace=workspace_a)

    second = selectors.irritant_report(workspace=workspace_a, since=SINCE, until=UNTIL)
    assert second[0].rows[0].topic.label == "Late delivery"
    assert second[0].rows[0].irritant.n == 5


def test_a_yes_no_question_ranks_topics_by_their_share_of_yes(
    workspace_a: Workspace,
) -> None:
    f.yes_no_survey(workspace_a, "search-found", "found")
    stock = f.topic(workspace_a, "Out of stock")
    f.responses(
        workspace_a,
        [{"found": True}] * 30 + [{"found": False}] * 10,
        survey_key="search-found",
    )
    f.responses(
        workspace_a,
        [{"found": False}] * 6,
        survey_key="search-found",
        comment="no size 44",
        topics=(stock,),
    )

    [table] = selectors.irritant_report(workspace=workspace_a, since=SINCE, until=UNTIL)

    assert (table.place.key, table.kind) == ("site_search", "yes_no")
    assert table.everyone.n == 46
    assert table.everyone.mean == pytest.approx(100 * 30 / 46)
    [row] = table.rows
    assert row.irritant.score == 0
    assert row.irritant.gap == pytest.approx(75.0)  # 30 of the other 40 said yes


def test_a_two_answer_nps_topics_gap_interval_stays_on_the_scale_of_two_nps(
    workspace_a: Workspace,
) -> None:
    # The Irritants page showed "79 (−279 … 438)": Welch's t on two answers
    # has about one degree of freedom. Two NPS differ by at most 200.
    moving = f.topic(workspace_a, "Moving house")
    rest = [{"nps": 10}] * 6 + [{"nps": 8}] * 2 + [{"nps": 3}] * 2  # NPS 40
    f.responses(workspace_a, rest, survey_key="relationship-nps")
    f.responses(
        workspace_a,
        [{"nps": 0}] * 2,  # NPS −100
        survey_key="relationship-nps",
        comment="moved",
        topics=(moving,),
    )

    [table] = selectors.irritant_report(workspace=workspace_a, since=SINCE, until=UNTIL)
    [row] = table.rows

    # Gap 40 − (−100) = 140. Adjusted Wald variances (¾ promoter and ¾
    # detractor added, n + 3): the topic's p' = 0.75/5, d' = 2.75/5,
    # (p' + d') − (p' − d')² = 0.7 − 0.16 = 0.54, over 5: 0.108; the rest's
    # p' = 6.75/13, d' = 2.75/13, 0.730769 − 0.094675 = 0.636095, over 13:
    # 0.048930. se = 100·√0.156930 = 39.614; 140 ± 1.96·39.614 = 62.36 …
    # 217.64, which stops at 200; z = 3.534, p = 0.0004.
    assert row.irritant.gap == pytest.approx(140.0)
    assert row.irritant.ci95 == pytest.approx((62.36, 200.0), abs=0.01)
    assert row.irritant.p_value == pytest.approx(0.00041, abs=1e-5)
    assert row.irritant.test == "z-test of two NPS"


def test_a_yes_no_topics_gap_interval_stays_within_100_points(
    workspace_a: Workspace,
) -> None:
    # The page showed "71 (−1 … 143)" on the site search's share of yes.
    f.yes_no_survey(workspace_a, "search-found", "found")
    stock = f.topic(workspace_a, "Out of stock")
    rest = [{"found": True}] * 8 + [{"found": False}] * 2
    f.responses(workspace_a, rest, survey_key="search-found")
    f.responses(
        workspace_a,
        [{"found": False}] * 2,
        survey_key="search-found",
        comment="no size 44",
        topics=(stock,),
    )

    [table] = selectors.irritant_report(workspace=workspace_a, since=SINCE, until=UNTIL)
    [row] = table.rows

    # Wilson: 0 of 2 → 0 … 0.6576; 8 of 10 → 0.4902 … 0.9434. Newcombe's
    # interval of 0.8 − 0: low 0.8 − √((0.8 − 0.4902)² + 0.6576²) = 0.0731,
    # high 0.8 + √((0.9434 − 0.8)² + 0²) = 0.9434.
    assert row.irritant.gap == pytest.approx(80.0)
    assert row.irritant.ci95 == pytest.approx((7.31, 94.34), abs=0.01)
    assert row.irritant.test == "two-proportion z-test"


def test_a_yes_no_topic_shows_its_share_of_yes_and_of_the_no_answers(
    workspace_a: Workspace,
) -> None:
    # Comments are asked only after a "no" ("What were you looking for?"),
    # so every topic's share of yes is 0: the page showed "their score 0"
    # for every topic. Each now has its interval and n, and the share of
    # the touchpoint's "no" answers that mention it, which does differ.
    f.yes_no_survey(workspace_a, "search-found", "found")
    stock = f.topic(workspace_a, "Out of stock")
    words = f.topic(workspace_a, "Wrong words")
    f.responses(
        workspace_a,
        [{"found": True}] * 36 + [{"found": False}] * 2,
        survey_key="search-found",
    )
    f.responses(
        workspace_a,
        [{"found": False}] * 4,
        survey_key="search-found",
        comment="no size 44",
        topics=(stock,),
    )
    f.responses(
        workspace_a,
        [{"found": False}] * 2,
        survey_key="search-found",
        comment="call it a sofa",
        topics=(words,),
    )

    [table] = selectors.irritant_report(workspace=workspace_a, since=SINCE, until=UNTIL)

    # The touchpoint: 36 yes of 44. Wilson: z²/n = 0.087307, centre
    # (0.81818 + 0.043653) / 1.087307 = 0.79263, half 1.96 · √(0.81818 ·
    # 0.18182 / 44 + 3.8415 / 7744) / 1.087307 = 0.11224 → 0.6804 … 0.9049.
    assert (table.score.value, table.score.n) == (pytest.approx(100 * 36 / 44), 44)
    assert table.score.ci95 == pytest.approx((68.04, 90.49), abs=0.01)
    assert table.comments_follow_no
    first, second = (row.irritant for row in table.rows)
    # 0 yes of 4: Wilson 0 … z²/(4 + z²) = 3.8415 / 7.8415 = 0.4899.
    assert (first.own.value, first.own.n) == (0.0, 4)
    assert first.own.ci95 == pytest.approx((0.0, 48.99), abs=0.01)
    # 4 of the 8 "no" answers: Wilson 0.2152 … 0.7848; 2 of 8: 0.0715 … 0.5907.
    assert first.no_share is not None and second.no_share is not None
    assert (first.no_share.value, first.no_share.n) == (50.0, 8)
    assert first.no_share.ci95 == pytest.approx((21.52, 78.48), abs=0.01)
    assert second.no_share.value == 25.0
    assert second.no_share.ci95 == pytest.approx((7.15, 59.07), abs=0.01)


def test_yes_no_answers_drive_like_any_score(workspace_a: Workspace) -> None:
    f.yes_no_survey(workspace_a, "search-found", "found")
    people = f.customers(workspace_a, 60)
    for index, person in enumerate(people):
        found = index % 2 == 0
        f.response(workspace_a, survey_key="search-found", customer=person, found=found)
        f.response(
            workspace_a,
            survey_key="relationship-nps",
            customer=person,
            nps=9 if found else 5,
        )

    report = selectors.driver_report(
        workspace=workspace_a, target="nps", since=SINCE, until=UNTIL
    )

    assert report.worst is not None and report.worst.touchpoint == "site_search"
    # Those who did not find it scoring like those who did: +100 for half.
    assert report.worst.driver.expected_gain == pytest.approx(100, abs=5)

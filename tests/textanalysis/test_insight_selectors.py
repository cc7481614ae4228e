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

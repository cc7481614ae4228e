"""Metric figures against hand computations (the interface pages build on)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from cxloop.accounts.models import Workspace
from cxloop.errors import InvalidInput
from cxloop.insights import selectors
from cxloop.insights.metrics import MetricFilter
from cxloop.insights.models import InsightSettings
from cxloop.journeys.models import Touchpoint
from tests.insights.factories import T0, answer, nps_answers, order, scores_survey

JAN_14 = date(2026, 1, 14)


@pytest.fixture
def scores(workspace_a: Workspace) -> Workspace:
    scores_survey(workspace_a)
    return workspace_a


def test_nps_is_promoters_minus_detractors_with_the_adjusted_wald_interval(
    scores: Workspace,
) -> None:
    nps_answers(scores, [10, 10, 9, 9, 8, 7, 6, 5, 0, 3, 10])

    summary = selectors.metric_summary(workspace=scores, metric="nps")

    # 5 promoters, 2 passives, 4 detractors of 11: 100 · (5 − 4) / 11.
    assert summary.estimate.value == pytest.approx(100 / 11)
    assert summary.estimate.n == 11
    # Adjusted: p = 5.75/14, d = 4.75/14; half = 1.96·√(((p+d) − (p−d)²)/14).
    p, d = 5.75 / 14, 4.75 / 14
    half = 1.959964 * (((p + d) - (p - d) ** 2) / 14) ** 0.5
    assert summary.estimate.ci95 == pytest.approx(
        (100 * (p - d - half), 100 * (p - d + half)), abs=1e-4
    )
    assert summary.secondary is None
    assert summary.too_small  # 11 answers, below the default 30


def test_csat_ces_and_stars_have_their_headline_and_secondary_figures(
    scores: Workspace,
) -> None:
    for csat in (5, 4, 4, 3, 1):
        answer(scores, csat=csat)
    for ces in (7, 6, 5, 2):
        answer(scores, ces=ces)
    for stars in (5, 4, 1, 2):
        answer(scores, rating=stars)

    csat = selectors.metric_summary(workspace=scores, metric="csat")
    ces = selectors.metric_summary(workspace=scores, metric="ces")
    rating = selectors.metric_summary(workspace=scores, metric="rating")

    assert (csat.estimate.value, csat.estimate.n) == (60.0, 5)  # 3 of 5 say 4–5
    assert csat.secondary is not None
    assert csat.secondary.value == pytest.approx(17 / 5)  # mean 3.4
    assert (ces.estimate.value, ces.estimate.n) == (5.0, 4)  # mean of 7, 6, 5, 2
    assert ces.secondary is not None
    assert ces.secondary.value == 75.0  # 3 of 4 find it easy (5–7)
    assert (rating.estimate.value, rating.estimate.n) == (50.0, 4)
    assert rating.secondary is not None
    assert rating.secondary.value == 3.0


def test_a_partial_response_counts_its_answers(scores: Workspace) -> None:
    answer(scores, nps=3, complete=False)
    answer(scores, nps=10, csat=5)

    summary = selectors.metric_summary(workspace=scores, metric="nps")

    assert (summary.estimate.value, summary.estimate.n) == (0.0, 2)


def test_a_response_without_touchpoint_counts_where_the_journey_lists_its_survey(
    workspace_a: Workspace,
) -> None:
    scores_survey(workspace_a, key="delivery-csat")  # listed by Delivery
    answer(workspace_a, survey="delivery-csat", csat=5)
    answer(workspace_a, survey="delivery-csat", csat=1)
    answer(workspace_a, survey="delivery-csat", csat=4, touchpoint="checkout")

    groups = selectors.metric_groups(
        workspace=workspace_a, metric="csat", group_by="touchpoint"
    )
    stages = selectors.metric_groups(
        workspace=workspace_a, metric="csat", group_by="stage"
    )

    # Journey order: Checkout (purchase) before Delivery (after purchase).
    assert [(g.key, g.label, g.estimate.value, g.estimate.n) for g in groups] == [
        ("checkout", "Checkout", 100.0, 1),
        ("delivery", "Delivery", 50.0, 2),
    ]
    assert [(g.key, g.label, g.estimate.n) for g in stages] == [
        ("purchase", "Purchase", 1),
        ("after_purchase", "After purchase", 2),
    ]


def test_owners_and_teams_are_read_from_the_journey_when_asked(
    workspace_a: Workspace, ada: object
) -> None:
    scores_survey(workspace_a)
    answer(workspace_a, touchpoint="delivery", nps=10)
    answer(workspace_a, touchpoint="checkout", nps=0)
    answer(workspace_a, touchpoint="nowhere", nps=0)
    Touchpoint.objects.of(workspace_a).filter(key="delivery").update(
        team="Logistics", owner=ada
    )

    teams = selectors.metric_groups(
        workspace=workspace_a, metric="nps", group_by="team"
    )
    owners = selectors.metric_groups(
        workspace=workspace_a, metric="nps", group_by="owner"
    )

    assert [(g.label, g.estimate.value, g.estimate.n) for g in teams] == [
        ("Logistics", 100.0, 1),
        ("No team", -100.0, 2),
    ]
    assert [(g.label, g.estimate.n) for g in owners] == [
        ("Ada Admin", 1),
        ("No owner", 2),
    ]


def test_segments_and_order_value_bands_use_the_orders_placed_before_the_answer(
    scores: Workspace,
) -> None:
    before = T0 - timedelta(days=30)
    order(scores, "one@x.ee", total="40", at=before)
    order(scores, "two@x.ee", total="100", at=before)
    order(scores, "two@x.ee", total="100.50", at=before + timedelta(days=1))
    order(scores, "one@x.ee", total="900", at=T0 + timedelta(days=1))  # after
    order(
        scores, "one@x.ee", total="900", at=before, external_id="x", status="cancelled"
    )
    answer(scores, email="one@x.ee", nps=10)
    answer(scores, email="two@x.ee", nps=0)
    answer(scores, email="nobody@x.ee", nps=9)  # a customer without orders
    answer(scores, nps=5)  # anonymous

    segments = selectors.metric_groups(
        workspace=scores, metric="nps", group_by="segment"
    )
    bands = selectors.metric_groups(
        workspace=scores, metric="nps", group_by="order_value"
    )

    assert [(g.key, g.estimate.n, g.estimate.value) for g in segments] == [
        ("new", 2, 100.0),
        ("returning", 1, -100.0),
        ("unknown", 1, -100.0),
    ]
    assert [(g.key, g.estimate.n) for g in bands] == [
        ("0", 1),
        ("<50", 1),
        ("150-500", 1),
        ("unknown", 1),
    ]
    returning = selectors.metric_summary(
        workspace=scores, metric="nps", filters=MetricFilter(segment="returning")
    )
    assert returning.estimate.n == 1


def test_days_and_weeks_are_the_workspaces_local_ones(scores: Workspace) -> None:
    # 21:30 UTC on Sunday 11 January is 23:30 in Tallinn; 22:30 is Monday.
    answer(scores, at=datetime(2026, 1, 11, 21, 30, tzinfo=UTC), nps=10)
    answer(scores, at=datetime(2026, 1, 11, 22, 30, tzinfo=UTC), nps=0)

    days = selectors.metric_groups(workspace=scores, metric="nps", group_by="day")
    weeks = selectors.metric_groups(workspace=scores, metric="nps", group_by="week")

    assert [(g.key, g.estimate.value) for g in days] == [
        ("2026-01-11", 100.0),
        ("2026-01-12", -100.0),
    ]
    assert [(g.key, g.label) for g in weeks] == [
        ("2026-W02", "Week 2, 2026"),
        ("2026-W03", "Week 3, 2026"),
    ]


def test_the_trend_lists_every_bucket_of_the_period_empty_ones_included(
    scores: Workspace,
) -> None:
    nps_answers(scores, [10, 10, 0], at=datetime(2026, 1, 2, 10, tzinfo=UTC))
    nps_answers(scores, [0], at=datetime(2026, 1, 20, 10, tzinfo=UTC))

    trend = selectors.metric_trend(
        workspace=scores,
        metric="nps",
        filters=MetricFilter(since=date(2026, 1, 1), until=date(2026, 1, 31)),
    )

    assert [g.key for g in trend] == [
        "2026-W01",
        "2026-W02",
        "2026-W03",
        "2026-W04",
        "2026-W05",
    ]
    assert [g.estimate.n for g in trend] == [3, 0, 0, 1, 0]
    assert trend[0].estimate.value == pytest.approx(100 / 3)
    assert trend[1].estimate.value is None


def test_a_significant_change_against_the_previous_period_is_flagged(
    scores: Workspace,
) -> None:
    # The previous 7 days: 40 promoters; this week: 40 detractors at Delivery.
    nps_answers(scores, [10] * 40, at=T0 - timedelta(days=7), touchpoint="delivery")
    nps_answers(scores, [0] * 40, at=T0, touchpoint="delivery")
    nps_answers(scores, [10, 0], at=T0 - timedelta(days=7), touchpoint="checkout")
    nps_answers(scores, [0, 10], at=T0, touchpoint="checkout")
    week = MetricFilter(since=JAN_14 - timedelta(days=6), until=JAN_14)

    groups = selectors.metric_groups(
        workspace=scores, metric="nps", group_by="touchpoint", filters=week
    )
    movers = selectors.metric_movers(workspace=scores, metric="nps", filters=week)

    delivery = next(g for g in groups if g.key == "delivery")
    assert delivery.previous is not None
    assert delivery.previous.value == 100.0
    assert delivery.comparison is not None
    assert delivery.comparison.difference == -200.0
    assert delivery.comparison.significant
    assert delivery.comparison.test == "z-test of two NPS"
    checkout = next(g for g in groups if g.key == "checkout")
    assert checkout.comparison is not None
    assert not checkout.comparison.significant
    assert [g.key for g in movers] == ["delivery"]


def test_without_a_period_start_nothing_is_compared(scores: Workspace) -> None:
    nps_answers(scores, [10])

    summary = selectors.metric_summary(workspace=scores, metric="nps")

    assert summary.previous is None
    assert summary.comparison is None


def test_the_workspace_chooses_its_minimum_number_of_answers(
    scores: Workspace,
) -> None:
    nps_answers(scores, [10] * 5)
    InsightSettings.objects.create(workspace=scores, minimum_n=5)

    summary = selectors.metric_summary(workspace=scores, metric="nps")

    assert selectors.minimum_n(workspace=scores) == 5
    assert not summary.too_small


def test_the_heatmap_has_every_stage_and_touchpoint_in_journey_order(
    scores: Workspace,
) -> None:
    nps_answers(scores, [10, 9], touchpoint="delivery")

    rows = selectors.metric_heatmap(workspace=scores, metric="nps")

    assert [row.stage_key for row in rows] == [
        "before_purchase",
        "purchase",
        "after_purchase",
    ]
    after = rows[2]
    assert after.cells[0].key == "delivery"
    assert (after.cells[0].estimate.value, after.cells[0].estimate.n) == (100.0, 2)
    assert after.cells[1].estimate.value is None


def test_a_customer_attribute_groups_the_answers(scores: Workspace) -> None:
    from cxloop.customers import services as customer_services
    from cxloop.customers.inputs import CustomerData, IdentitySignals, ProfileData

    customer_services.customer_upsert(
        workspace=scores,
        data=CustomerData(
            source="crm",
            identities=IdentitySignals(email="vip@x.ee"),
            profile=ProfileData(attributes={"tier": "gold"}),
        ),
    )
    answer(scores, email="vip@x.ee", nps=10)
    answer(scores, nps=0)

    groups = selectors.metric_groups(
        workspace=scores, metric="nps", group_by="attribute:tier"
    )

    assert [(g.key, g.label, g.estimate.value) for g in groups] == [
        ("gold", "gold", 100.0),
        ("", "Not set", -100.0),
    ]


def test_another_workspaces_answers_never_count(
    scores: Workspace, workspace_b: Workspace
) -> None:
    scores_survey(workspace_b)
    nps_answers(workspace_b, [0, 0, 0])
    nps_answers(scores, [10])

    summary = selectors.metric_summary(workspace=scores, metric="nps")

    assert (summary.estimate.value, summary.estimate.n) == (100.0, 1)


def test_a_period_that_ends_before_it_starts_names_the_field(
    scores: Workspace,
) -> None:
    with pytest.raises(InvalidInput) as error:
        selectors.metric_summary(
            workspace=scores,
            metric="nps",
            filters=MetricFilter(since=JAN_14, until=JAN_14 - timedelta(days=1)),
        )
    assert error.value.field == "since"


def test_the_grid_has_a_row_per_touchpoint_and_a_cell_per_week(
    scores: Workspace,
) -> None:
    nps_answers(
        scores, [10, 0], at=datetime(2026, 1, 5, 10, tzinfo=UTC), touchpoint="delivery"
    )
    nps_answers(
        scores, [10], at=datetime(2026, 1, 19, 10, tzinfo=UTC), touchpoint="cart"
    )

    grid = selectors.metric_grid(
        workspace=scores,
        metric="nps",
        group_by="touchpoint",
        filters=MetricFilter(since=date(2026, 1, 5), until=date(2026, 1, 25)),
    )

    assert [row.key for row in grid] == ["cart", "delivery"]
    assert [cell.key for cell in grid[0].cells] == ["2026-W02", "2026-W03", "2026-W04"]
    assert [cell.estimate.n for cell in grid[0].cells] == [0, 0, 1]
    assert [cell.estimate.value for cell in grid[1].cells] == [0.0, None, None]

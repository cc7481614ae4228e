"""What customers did after answering, per band, worked out by hand."""

from datetime import UTC, date, datetime, timedelta

import pytest

from cxloop.accounts.models import Workspace
from cxloop.customers.models import Order
from cxloop.errors import InvalidInput
from cxloop.insights import linkage, revenue_intervals
from cxloop.insights.models import InsightSettings
from tests.insights import linkage_factories as f
from tests.insights.linkage_factories import ANSWERED, AT

pytestmark = pytest.mark.django_db


def _band(report: linkage.LinkageReport, key: str) -> linkage.BandOutcome:
    return next(band for band in report.nps if band.key == key)


@pytest.fixture
def small_shop(workspace_a: Workspace) -> Workspace:
    """Three promoters and three detractors answered on 1 February 2026.

    In the 90 days after (to 2 May): promoters spent 150, 80 and 0 in 2, 1
    and 0 orders; detractors 0, 30 and 40 in 0, 1 and 1. Within 30 days
    (the shop's usual time between orders) P1 and D2 ordered again.
    """
    ws = workspace_a
    f.regulars(ws)
    p1, p2, p3, d1, d2, d3 = (f.customer(ws) for _ in range(6))
    for who, score in ((p1, 10), (p2, 9), (p3, 9), (d1, 3), (d2, 6), (d3, 0)):
        f.answer(ws, who, nps=score)
    f.order(ws, p1, datetime(2026, 2, 10, tzinfo=UTC), "100.00")
    f.order(ws, p1, datetime(2026, 3, 1, tzinfo=UTC), "50.00")
    f.order(ws, p2, datetime(2026, 4, 20, tzinfo=UTC), "80.00")
    f.order(ws, p3, datetime(2026, 6, 1, tzinfo=UTC), "70.00")  # after the window
    f.order(ws, d1, datetime(2026, 1, 20, tzinfo=UTC), "40.00")  # before answering
    f.order(ws, d2, datetime(2026, 2, 15, tzinfo=UTC), "30.00")
    f.order(
        ws,
        d2,
        datetime(2026, 2, 16, tzinfo=UTC),
        "500.00",
        status=Order.Status.CANCELLED,
    )
    f.order(ws, d3, datetime(2026, 3, 10, tzinfo=UTC), "60.00", refunded="20.00")
    return ws


def test_revenue_orders_and_buying_again_follow_each_nps_band(
    small_shop: Workspace,
) -> None:
    report = linkage.linkage_report(workspace=small_shop, at=AT)

    promoters, detractors = _band(report, "promoter"), _band(report, "detractor")
    assert promoters.customers == 3 and detractors.customers == 3
    assert promoters.revenue.value == pytest.approx(230 / 3)
    assert detractors.revenue.value == pytest.approx(70 / 3)
    assert promoters.orders.value == pytest.approx(1.0)
    assert detractors.orders.value == pytest.approx(2 / 3)
    assert promoters.bought_again.value == pytest.approx(200 / 3)
    assert _band(report, "passive").customers == 0
    assert report.currency == "EUR"


def test_a_revenue_interval_is_bootstrapped_and_stays_within_what_customers_spent(
    small_shop: Workspace,
) -> None:
    revenue = _band(linkage.linkage_report(workspace=small_shop, at=AT), "promoter")

    assert revenue.revenue.method == revenue_intervals.BOOTSTRAP_METHOD
    assert revenue.revenue.n == 3
    assert 0 <= revenue.revenue.low <= 230 / 3 <= revenue.revenue.high <= 150


def test_groups_below_the_minimum_are_marked_too_small(small_shop: Workspace) -> None:
    report = linkage.linkage_report(workspace=small_shop, at=AT)

    assert report.minimum == 30
    assert all(band.too_small for band in report.nps)


def test_the_workspaces_own_minimum_decides_what_is_too_small(
    small_shop: Workspace,
) -> None:
    InsightSettings.objects.create(workspace=small_shop, minimum_n=3)

    report = linkage.linkage_report(workspace=small_shop, at=AT)

    assert report.minimum == 3
    assert not _band(report, "promoter").too_small
    assert _band(report, "passive").too_small
    assert not report.point_value.too_small


def test_one_nps_point_is_worth_the_promoter_detractor_gap_over_200(
    small_shop: Workspace,
) -> None:
    value = linkage.linkage_report(workspace=small_shop, at=AT).point_value

    assert value.difference == pytest.approx(160 / 3)
    assert value.value == pytest.approx(160 / 3 / 200)
    assert value.promoters == 3 and value.detractors == 3
    assert value.low is not None and value.high is not None
    assert value.low <= value.value <= value.high
    assert value.too_small


def test_the_usual_time_between_orders_is_the_90th_percentile_of_gaps(
    small_shop: Workspace,
) -> None:
    churn = linkage.linkage_report(workspace=small_shop, at=AT).churn

    # 20 regulars' gaps of 30 days and P1's 19 days.
    assert churn.gaps == 21
    assert churn.days == 30
    assert churn.answered_before == date(2026, 5, 16)


def test_customers_without_an_order_within_the_usual_time_count_as_lapsed(
    small_shop: Workspace,
) -> None:
    report = linkage.linkage_report(workspace=small_shop, at=AT)

    # Within 30 days of answering only P1 (of the promoters) and D2 came back.
    promoters, detractors = _band(report, "promoter"), _band(report, "detractor")
    assert promoters.churned is not None and detractors.churned is not None
    assert promoters.churned.value == pytest.approx(200 / 3)
    assert detractors.churned.value == pytest.approx(200 / 3)
    assert promoters.churned.n == 3


def test_lapsing_is_not_shown_without_enough_repeat_orders(
    workspace_a: Workspace,
) -> None:
    f.regulars(workspace_a, n=linkage.MIN_GAPS - 1)
    f.answer(workspace_a, f.customer(workspace_a), nps=10)

    report = linkage.linkage_report(workspace=workspace_a, at=AT)

    assert report.churn.days is None
    assert report.churn.gaps == linkage.MIN_GAPS - 1
    assert _band(report, "promoter").churned is None
    assert "fewer than" in linkage.method_sentences(report)["churn"]


def test_only_answers_whose_whole_window_is_over_count(workspace_a: Workspace) -> None:
    f.regulars(workspace_a)
    # Local midnight of 17 March in Tallinn is 22:00 UTC on 16 March.
    last_in = datetime(2026, 3, 16, 21, 59, tzinfo=UTC)
    first_out = datetime(2026, 3, 16, 22, 1, tzinfo=UTC)
    inside, outside = f.customer(workspace_a), f.customer(workspace_a)
    f.answer(workspace_a, inside, at=last_in, nps=10)
    f.answer(workspace_a, outside, at=first_out, nps=10)

    report = linkage.linkage_report(workspace=workspace_a, at=AT)

    assert report.answered_before == date(2026, 3, 17)
    promoters = _band(report, "promoter")
    assert promoters.customers == 1
    # The 30-day churn window of both is over.
    assert promoters.churned is not None and promoters.churned.n == 2


def test_a_180_day_window_counts_older_answers_and_later_orders(
    small_shop: Workspace,
) -> None:
    report = linkage.linkage_report(workspace=small_shop, window_days=180, at=AT)

    # 180-day windows end before 17 December 2025: no answer is old enough.
    assert report.answered_before == date(2025, 12, 17)
    assert _band(report, "promoter").customers == 0
    assert _band(report, "promoter").revenue.value is None


def test_the_window_runs_from_just_after_the_answer_to_its_last_moment(
    workspace_a: Workspace,
) -> None:
    who = f.customer(workspace_a)
    f.answer(workspace_a, who, nps=10)
    f.order(workspace_a, who, ANSWERED, "11.00")  # the same moment: before
    f.order(workspace_a, who, ANSWERED + timedelta(days=90), "7.00")  # the last
    f.order(workspace_a, who, ANSWERED + timedelta(days=90, seconds=1), "5.00")

    report = linkage.linkage_report(workspace=workspace_a, at=AT)

    assert _band(report, "promoter").revenue.value == pytest.approx(7.0)


def test_a_customer_counts_once_by_their_first_answer(workspace_a: Workspace) -> None:
    who = f.customer(workspace_a)
    f.answer(workspace_a, who, nps=2, at=ANSWERED)
    f.answer(workspace_a, who, nps=10, at=ANSWERED + timedelta(days=3))

    report = linkage.linkage_report(workspace=workspace_a, at=AT)

    assert _band(report, "detractor").customers == 1
    assert _band(report, "promoter").customers == 0


def test_answers_of_unknown_people_are_counted_and_left_out(
    workspace_a: Workspace,
) -> None:
    f.answer(workspace_a, None, nps=10)
    f.answer(workspace_a, f.customer(workspace_a), nps=10)

    report = linkage.linkage_report(workspace=workspace_a, at=AT)

    assert report.unlinked == 1
    assert report.customers == 1


def test_touchpoint_scores_are_grouped_into_bands_per_touchpoint(
    workspace_a: Workspace,
) -> None:
    unhappy, neutral, happy = (f.customer(workspace_a) for _ in range(3))
    f.answer(workspace_a, unhappy, touchpoint="delivery", survey_key="d", csat=1)
    f.answer(workspace_a, neutral, touchpoint="delivery", survey_key="d", csat=3)
    f.answer(workspace_a, happy, touchpoint="delivery", survey_key="d", csat=5)
    f.answer(workspace_a, happy, touchpoint="support", survey_key="s", ces=2)
    f.order(workspace_a, happy, datetime(2026, 2, 20, tzinfo=UTC), "42.00")

    report = linkage.linkage_report(workspace=workspace_a, at=AT)

    tables = {(t.touchpoint, t.score): t for t in report.touchpoints}
    assert set(tables) == {("delivery", "csat"), ("support", "ces")}
    delivery = {band.key: band for band in tables["delivery", "csat"].bands}
    assert [band.key for band in tables["delivery", "csat"].bands] == [
        "1-2",
        "3",
        "4-5",
    ]
    assert delivery["4-5"].revenue.value == pytest.approx(42.0)
    assert delivery["1-2"].revenue.value == pytest.approx(0.0)
    support = {band.key: band.customers for band in tables["support", "ces"].bands}
    assert support == {"1-3": 1, "4": 0, "5-7": 0}


def test_revenue_counts_only_the_shops_main_currency(workspace_a: Workspace) -> None:
    who = f.customer(workspace_a)
    f.answer(workspace_a, who, nps=10)
    f.order(workspace_a, who, datetime(2026, 2, 2, tzinfo=UTC), "20.00")
    f.order(workspace_a, who, datetime(2026, 2, 3, tzinfo=UTC), "20.00")
    f.order(
        workspace_a, who, datetime(2026, 2, 4, tzinfo=UTC), "900.00", currency="SEK"
    )

    promoters = _band(linkage.linkage_report(workspace=workspace_a, at=AT), "promoter")

    assert promoters.revenue.value == pytest.approx(40.0)
    assert promoters.orders.value == pytest.approx(3.0)


def test_filters_narrow_the_answers_and_the_period(small_shop: Workspace) -> None:
    later = linkage.LinkageFilter(since=date(2026, 2, 2))
    elsewhere = linkage.LinkageFilter(touchpoint="delivery")

    assert linkage.linkage_report(workspace=small_shop, filters=later, at=AT).empty
    assert linkage.linkage_report(workspace=small_shop, filters=elsewhere, at=AT).empty
    assert not linkage.linkage_report(workspace=small_shop, at=AT).empty


def test_another_workspaces_answers_and_orders_never_count(
    small_shop: Workspace, workspace_b: Workspace
) -> None:
    f.regulars(workspace_b, gap_days=5)
    other = f.customer(workspace_b)
    f.answer(workspace_b, other, nps=10)
    f.order(workspace_b, other, datetime(2026, 2, 5, tzinfo=UTC), "9999.00")

    ours = linkage.linkage_report(workspace=small_shop, at=AT)
    theirs = linkage.linkage_report(workspace=workspace_b, at=AT)

    assert _band(ours, "promoter").revenue.value == pytest.approx(230 / 3)
    assert _band(ours, "promoter").customers == 3
    assert ours.churn.days == 30 and ours.churn.gaps == 21
    assert _band(theirs, "promoter").revenue.value == pytest.approx(9999.0)
    assert _band(theirs, "detractor").customers == 0
    assert theirs.churn.days == 5


def test_a_report_is_kept_for_a_while_and_made_again_the_next_day(
    small_shop: Workspace,
) -> None:
    first = linkage.linkage_report(workspace=small_shop, at=AT)
    late = f.customer(small_shop)
    f.answer(small_shop, late, nps=10)

    again = linkage.linkage_report(workspace=small_shop, at=AT)
    tomorrow = linkage.linkage_report(workspace=small_shop, at=AT + timedelta(days=1))

    assert again is first
    assert _band(tomorrow, "promoter").customers == 4


@pytest.mark.parametrize(
    ("window", "filters", "field"),
    [
        (0, None, "window"),
        (731, None, "window"),
        (90, linkage.LinkageFilter(since=date(1, 1, 1)), "since"),
        (90, linkage.LinkageFilter(until=date(9999, 12, 31)), "until"),
        (
            90,
            linkage.LinkageFilter(since=date(2026, 2, 2), until=date(2026, 2, 1)),
            "since",
        ),
    ],
)
def test_a_bad_window_or_period_is_refused_naming_the_field(
    workspace_a: Workspace,
    window: int,
    filters: linkage.LinkageFilter | None,
    field: str,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        linkage.linkage_report(
            workspace=workspace_a, window_days=window, filters=filters, at=AT
        )

    assert refused.value.field == field

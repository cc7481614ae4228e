"""The score rollup answers exactly as raw answers do (SQLite and PostgreSQL).

Whatever happens to a response after it was rolled up (stored again at the
next survey step, its customer merged or identified or erased, an order of
its customer imported late, moved, cancelled or removed, the workspace's
time zone changed), every figure read from the rollup equals the one read
from raw answers, before and after the worker catches up.
"""

import itertools
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxloop.accounts.models import Workspace
from cxloop.customers import services as customer_services
from cxloop.customers.inputs import IdentitySignals
from cxloop.customers.models import Customer
from cxloop.errors import DomainError
from cxloop.insights import rollups, selectors
from cxloop.insights.metrics import MetricFilter
from cxloop.insights.models import RolledResponse, ScoreCell, ScoreChange, ScoreDay
from tests import factories
from tests.insights.factories import T0, answer, order, scores_survey

EMAILS = ["a@x.ee", "b@x.ee", ""]
VISITORS = ["v1", "v2", ""]
ZONES = ["Europe/Tallinn", "America/New_York"]
counter = itertools.count()

answers = st.tuples(
    st.just("answer"),
    st.sampled_from([0, 0, 0, 1]),  # workspace
    st.integers(0, 1),  # survey
    st.sampled_from(["", "delivery", "checkout"]),
    st.sampled_from(["api", "email"]),
    st.sampled_from(["en", "et"]),
    st.sampled_from(EMAILS),
    st.sampled_from(VISITORS),
    st.integers(-4, 4),  # hours × 7 from T0: crosses local midnights
    st.one_of(st.none(), st.integers(0, 10)),
    st.one_of(st.none(), st.integers(1, 5)),
    st.sampled_from(["", "", "p1", "p2"]),  # a partial that may be re-stored
    st.booleans(),  # complete
)
orders = st.tuples(
    st.just("order"),
    st.sampled_from([0, 0, 0, 1]),
    st.sampled_from(EMAILS[:2]),
    st.integers(-4, 4),
    st.sampled_from(["20", "80", "400", "900"]),
    st.booleans(),  # cancelled
    st.sampled_from(["o1", "o2", "o3"]),
)
others = st.one_of(
    st.tuples(st.just("remove"), st.integers(0, 1), st.sampled_from(["o1", "o2"])),
    st.tuples(
        st.just("merge"),
        st.integers(0, 1),
        st.sampled_from(EMAILS[:2]),
        st.sampled_from(EMAILS[:2]),
    ),
    st.tuples(
        st.just("identify"),
        st.integers(0, 1),
        st.sampled_from(VISITORS[:2]),
        st.sampled_from(EMAILS[:2]),
    ),
    st.tuples(st.just("erase"), st.integers(0, 1), st.sampled_from(EMAILS[:2])),
    st.tuples(st.just("zone"), st.integers(0, 1), st.sampled_from(ZONES)),
    st.tuples(st.just("advance"), st.integers(0, 1), st.sampled_from([1, 2, 5, 500])),
)
# Each operation, then how many changes the worker rolls up right after it.
operations = st.lists(
    st.tuples(
        st.one_of(answers, answers, answers, orders, orders, others),
        st.sampled_from([0, 0, 1, 3, 500]),
    ),
    min_size=3,
    max_size=20,
)


def _customer(workspace: Workspace, email: str) -> Customer | None:
    found: Customer | None = (
        Customer.objects.of(workspace)
        .filter(identities__value=email, erased_at__isnull=True)
        .first()
    )
    return found


def apply(spaces: list[Workspace], operation: tuple[Any, ...]) -> None:
    kind, index, *rest = operation
    workspace = spaces[index]
    if kind == "answer":
        survey, point, channel, locale, email, visitor, hours, nps, csat, rid, done = (
            rest
        )
        answer(
            workspace,
            survey=["scores", "other"][1 if rid == "p2" else 0 if rid else survey],
            at=T0 + timedelta(hours=7 * hours),
            touchpoint=point,
            channel=channel,
            locale=locale,
            email=email,
            anonymous_id=visitor,
            response_id=rid,
            complete=done or not rid,
            nps=nps,
            csat=csat,
        )
    elif kind == "order":
        email, hours, total, cancelled, external_id = rest
        order(
            workspace,
            email,
            total=total,
            at=T0 + timedelta(hours=7 * hours),
            external_id=external_id,
            status="cancelled" if cancelled else "paid",
        )
    elif kind == "remove":
        customer_services.order_remove(
            workspace=workspace, source="shop", external_id=rest[0]
        )
    elif kind == "merge":
        survivor, merged = (_customer(workspace, email) for email in rest)
        if survivor and merged and survivor != merged:
            customer_services.customer_merge(
                workspace=workspace,
                survivor=survivor,
                merged=[merged],
                actor="test",
                reason="same person",
            )
    elif kind == "identify":
        visitor, email = rest
        customer_services.customer_resolve(
            workspace=workspace,
            signals=IdentitySignals(email=email, anonymous_id=visitor),
            source="web",
        )
    elif kind == "erase":
        customer = _customer(workspace, rest[0])
        if customer is not None:
            customer_services.customer_erase(
                workspace=workspace, customer=customer, actor="test"
            )
    elif kind == "zone":
        workspace.timezone = rest[0]
        workspace.save(update_fields=["timezone"])
    else:
        rollups.scores_advance(workspace=workspace, limit=rest[0])


WEEKS = MetricFilter(since=date(2026, 1, 12), until=date(2026, 1, 18))


def readings(workspace: Workspace, *, from_rollup: bool, quick: bool) -> list[Any]:
    """Figures of every kind a page asks for, from one source (`quick`: the
    ones that read every dimension of the rollup)."""
    read: dict[str, Any] = {"workspace": workspace, "from_rollup": from_rollup}
    if quick:
        return [
            selectors.metric_groups(
                metric="nps", group_by="touchpoint", filters=WEEKS, **read
            ),
            selectors.metric_groups(
                metric="nps",
                group_by="order_value",
                filters=MetricFilter(channel="api", segment="new"),
                **read,
            ),
        ]
    return [
        selectors.metric_groups(
            metric="nps", group_by="touchpoint", filters=WEEKS, **read
        ),
        selectors.metric_groups(metric="csat", group_by="segment", **read),
        selectors.metric_groups(
            metric="nps",
            group_by="order_value",
            filters=MetricFilter(channel="api"),
            **read,
        ),
        selectors.metric_groups(metric="nps", group_by="day", **read),
        selectors.metric_groups(metric="nps", group_by="language", **read),
        selectors.metric_summary(
            metric="nps", filters=MetricFilter(segment="returning"), **read
        ),
        selectors.metric_trend(metric="csat", filters=WEEKS, bucket="day", **read),
        selectors.metric_grid(
            metric="nps", group_by="channel", bucket="day", filters=WEEKS, **read
        ),
    ]


def assert_rollup_equals_raw(spaces: list[Workspace], *, quick: bool = False) -> None:
    for workspace in spaces:
        workspace.refresh_from_db()
        rolled = readings(workspace, from_rollup=True, quick=quick)
        assert rolled == readings(workspace, from_rollup=False, quick=quick)


@given(steps=operations)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_rollup_figures_equal_raw_figures_whatever_happens_to_the_answers(
    db: None, steps: list[tuple[tuple[Any, ...], int]]
) -> None:
    number = next(counter)
    spaces = [factories.workspace(f"scores-{number}-{n}") for n in range(2)]
    for workspace in spaces:
        scores_survey(workspace)
        scores_survey(workspace, key="other")
        rollups.scores_catch_up(workspace=workspace)  # built: reads use it
    for operation, roll in steps:
        try:
            with transaction.atomic():
                apply(spaces, operation)
        except DomainError:
            pass  # e.g. a completed response sent again with another body
        if roll:
            rollups.scores_advance(workspace=spaces[operation[1]], limit=roll)
        assert_rollup_equals_raw([spaces[operation[1]]], quick=True)
    for workspace in spaces:
        rollups.scores_catch_up(workspace=workspace)
    assert_rollup_equals_raw(spaces)
    for mine, other in (spaces, spaces[::-1]):
        assert not ScoreChange.objects.of(mine).exists()
        held = RolledResponse.objects.of(mine)
        assert not held.filter(cell__workspace=other).exists()


@pytest.fixture
def scores(workspace_a: Workspace) -> Workspace:
    scores_survey(workspace_a)
    rollups.scores_catch_up(workspace=workspace_a)
    return workspace_a


def test_after_the_worker_the_figures_come_from_the_rollup_alone(
    scores: Workspace,
) -> None:
    answer(scores, nps=10, touchpoint="delivery")
    answer(scores, nps=0, touchpoint="delivery", channel="email")

    rollups.scores_catch_up(workspace=scores)

    assert not ScoreChange.objects.of(scores).exists()
    day = ScoreDay.objects.of(scores).get()
    assert (day.n, day.nps_10, day.nps_0) == (2, 1, 1)
    assert ScoreCell.objects.of(scores).count() == 2
    groups = selectors.metric_groups(workspace=scores, metric="nps", group_by="channel")
    assert [(g.key, g.estimate.value) for g in groups] == [
        ("email", -100.0),
        ("api", 100.0),
    ]


def test_a_response_stored_again_moves_its_count(scores: Workspace) -> None:
    answer(scores, nps=2, response_id="r1", complete=False)
    rollups.scores_catch_up(workspace=scores)

    answer(scores, nps=10, csat=5, response_id="r1")  # the next page
    rollups.scores_catch_up(workspace=scores)

    day = ScoreDay.objects.of(scores).get()
    assert (day.n, day.nps_2, day.nps_10, day.csat_5) == (1, 0, 1, 1)


def test_rolling_up_twice_or_after_a_crash_counts_nothing_twice(
    scores: Workspace,
) -> None:
    answer(scores, nps=10)
    answer(scores, nps=9)
    with pytest.raises(RuntimeError), transaction.atomic():
        rollups.scores_advance(workspace=scores)
        raise RuntimeError  # the worker dies before its transaction commits
    assert not ScoreDay.objects.of(scores).exists()

    rollups.scores_catch_up(workspace=scores)
    rollups.scores_catch_up(workspace=scores)

    day = ScoreDay.objects.of(scores).get()
    assert (day.n, day.nps_9, day.nps_10) == (2, 1, 1)


def test_an_order_imported_late_changes_the_segment_of_earlier_answers(
    scores: Workspace,
) -> None:
    order(scores, "mari@x.ee", at=T0 - timedelta(days=60), external_id="o1")
    answer(scores, nps=10, email="mari@x.ee")
    rollups.scores_catch_up(workspace=scores)
    # History imported later: an even older order makes her a returning customer.
    order(scores, "mari@x.ee", at=T0 - timedelta(days=90), external_id="o0")

    for _rolled_up in range(2):
        segments = selectors.metric_groups(
            workspace=scores, metric="nps", group_by="segment"
        )
        assert [(g.key, g.estimate.n) for g in segments] == [("returning", 1)]
        rollups.scores_catch_up(workspace=scores)


def test_a_time_zone_change_rebuilds_the_rollup(scores: Workspace) -> None:
    # 23:30 in Tallinn on the 14th is 16:30 in New York.
    answer(scores, nps=10, at=T0.replace(hour=21, minute=30))
    rollups.scores_catch_up(workspace=scores)
    scores.timezone = "America/New_York"
    scores.save(update_fields=["timezone"])

    before = selectors.metric_groups(workspace=scores, metric="nps", group_by="day")
    rollups.scores_catch_up(workspace=scores)
    after = selectors.metric_groups(workspace=scores, metric="nps", group_by="day")

    assert [g.key for g in before] == [g.key for g in after] == ["2026-01-14"]
    assert ScoreDay.objects.of(scores).get().day == date(2026, 1, 14)


def test_the_rebuild_command_counts_every_answer_again(
    scores: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    from cxloop import cli

    answer(scores, nps=10)
    answer(scores, csat=4)
    ScoreDay.objects.of(scores).delete()  # a damaged rollup

    with pytest.raises(SystemExit) as exit_code:
        cli.main(["insights", "rebuild", "--workspace", scores.slug])

    assert exit_code.value.code == 0
    assert capsys.readouterr().err == "shop-a: 2 responses rolled up\n"
    assert ScoreDay.objects.of(scores).get().n == 2
    with pytest.raises(SystemExit) as exit_code:
        cli.main(["insights", "rebuild", "--workspace", "nobody"])
    assert exit_code.value.code == 1


def test_imported_answers_are_rolled_up(scores: Workspace) -> None:
    from cxloop.surveys import imports
    from cxloop.surveys.services import ResponseInput

    imports.response_import(
        workspace=scores,
        items=[
            ResponseInput(
                survey_key="scores",
                answers={"nps": score},
                channel="import",
                response_id=f"imp-{number}",
                submitted_at=T0,
            )
            for number, score in enumerate((0, 10, 10))
        ],
    )
    rollups.scores_catch_up(workspace=scores)

    day = ScoreDay.objects.of(scores).get()
    assert (day.n, day.nps_0, day.nps_10) == (3, 1, 2)


def test_a_page_outside_a_transaction_reads_one_snapshot_and_leaves_none_open(
    transactional_db: None,
) -> None:
    from django.db import connection

    workspace = factories.workspace("snapshot")
    scores_survey(workspace)
    rollups.scores_catch_up(workspace=workspace)
    answer(workspace, nps=10)
    rollups.scores_catch_up(workspace=workspace)
    answer(workspace, nps=0)  # waiting: read from the raw tail

    rolled = selectors.metric_summary(workspace=workspace, metric="nps")

    assert (rolled.estimate.value, rolled.estimate.n) == (0.0, 2)
    assert not connection.in_atomic_block
    if connection.vendor == "sqlite":
        assert not connection.connection.in_transaction
    answer(workspace, nps=10)  # the connection still writes
    assert selectors.metric_summary(workspace=workspace, metric="nps").estimate.n == 3

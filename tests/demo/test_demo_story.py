"""The demo's year tells its story (`cxloop.demodata.story`) at demo volumes.

The demo's shop is loaded once for this module with the full year of
feedback (30,000 responses, and the orders that follow the relationship NPS
answers) but the small demo's regular shop, and its year ends on a fixed day,
so the figures below are the same on every run. The database is rolled back
afterwards. Every figure is computed straight from the stored responses and
orders with `cxloop.stats`, as a page would show it.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction
from django.test import TestCase
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import DjangoDbBlocker

from cxloop import demo, stats
from cxloop.accounts.models import Workspace
from cxloop.customers.models import Order
from cxloop.demodata.comments import COMMENTS
from cxloop.demodata.story import REORDER_DAYS, TIMEZONE, Story
from cxloop.surveys.models import Response

NOW = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)
SIZE = demo.DemoSize(responses=30_000, shoppers=60, orders=80, visits=0)
STEPS = ("team", "surveys", "journey", "orders", "responses")
LANGUAGES = ("et", "lv", "fi", "lt", "en")
# What each comment the demo can write is about (its subject in COMMENTS).
SUBJECT = {
    text: subject
    for subjects in COMMENTS.values()
    for subject, polarities in subjects.items()
    for texts in polarities.values()
    for text in texts
}


@dataclass(frozen=True)
class Answer:
    survey: str
    touchpoint: str
    customer_id: int | None
    submitted_at: datetime
    language: str
    nps: int | None
    csat: int | None
    found: bool | None
    texts: tuple[str, ...]
    context: dict[str, object]
    ces: int | None = None


@dataclass
class Year:
    answers: list[Answer] = field(default_factory=list)
    # customer id → (placed at, total) of each of their orders
    orders: dict[int, list[tuple[datetime, float]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def of(
        self, survey: str, since: datetime | None = None, until: datetime | None = None
    ) -> Iterator[Answer]:
        for answer in self.answers:
            if answer.survey != survey:
                continue
            if since is not None and answer.submitted_at < since:
                continue
            if until is not None and answer.submitted_at >= until:
                continue
            yield answer


def _read(workspace: Workspace) -> Year:
    year = Year()
    rows = (
        Response.objects.of(workspace)
        .filter(is_complete=True)
        .values_list(
            "survey__key",
            "touchpoint",
            "customer_id",
            "submitted_at",
            "locale",
            "nps",
            "csat",
            "ces",
            "answers",
            "context",
        )
    )
    for row in rows:
        survey, touchpoint, customer, at, locale, nps, csat, ces, answers, context = row
        year.answers.append(
            Answer(
                survey=survey,
                touchpoint=touchpoint,
                customer_id=customer,
                submitted_at=at,
                language=locale[:2],
                nps=nps,
                csat=csat,
                found=answers.get("found"),
                texts=tuple(v for v in answers.values() if v in SUBJECT),
                context=context,
                ces=ces,
            )
        )
    orders = Order.objects.of(workspace).filter(customer__isnull=False)
    for customer, placed_at, total in orders.values_list(
        "customer_id", "placed_at", "total"
    ):
        year.orders[customer].append((placed_at, float(total)))
    return year


@pytest.fixture(scope="module")
def year(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Year:
    """The demo's year, read from the database, which is rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        if Workspace.objects.filter(slug=demo.DEMO_SLUG).exists():
            pytest.fail("a demo workspace was left in the database")
        # The shop's orders are applied by tasks once their step commits.
        with TestCase.captureOnCommitCallbacks(execute=True):
            context = demo.DemoContext(
                workspace=demo._demo_workspace(), size=SIZE, now=NOW
            )
            for name, step in demo.STEPS:
                if name in STEPS:
                    step(context)
        loaded = _read(context.workspace)
        transaction.set_rollback(True)
    assert len(loaded.answers) >= SIZE.responses * 0.95
    return loaded


def _top_two(answers: Iterable[Answer]) -> tuple[int, int]:
    scores = [a.csat for a in answers if a.csat is not None]
    return sum(score >= 4 for score in scores), len(scores)


def _nps(answers: Iterable[Answer]) -> stats.NpsCounts:
    return stats.NpsCounts.of(a.nps for a in answers if a.nps is not None)


STORY = Story.of(NOW)


def test_the_problem_december_is_december_2025_with_november_before_it() -> None:
    assert STORY.december == datetime(2025, 12, 1, tzinfo=TIMEZONE)
    assert STORY.start <= STORY.november
    assert STORY.fixed == datetime(2026, 1, 15, tzinfo=TIMEZONE)


@given(
    # hypothesis takes naive bounds and adds the zone itself.
    st.datetimes(
        datetime(2020, 1, 1),  # noqa: DTZ001
        datetime(2040, 1, 1),  # noqa: DTZ001
        timezones=st.just(UTC),
    )
)
def test_any_day_the_demo_runs_its_data_holds_the_whole_story(now: datetime) -> None:
    story = Story.of(now)

    assert story.start <= story.november < story.december < story.january
    assert story.start <= now - timedelta(days=365)
    # The last December whose January is over: the fix shows for two weeks
    # at least, and the next December's January is not over yet.
    assert story.fixed + timedelta(days=14) < now
    next_january = story.january.replace(year=story.january.year + 1)
    assert now < next_january.replace(month=2)
    assert story.december.month == 12 and story.fixed.month == 1


@pytest.mark.django_db
def test_last_december_delivery_csat_and_nps_fell_significantly_below_november(
    year: Year,
) -> None:
    november, december = STORY.november, STORY.december
    delivery = year.of("delivery-csat")
    assert {a.touchpoint for a in delivery} == {"delivery"}

    csat = stats.share_compare(
        *_top_two(year.of("delivery-csat", november, december)),
        *_top_two(year.of("delivery-csat", december, STORY.january)),
    )
    nps = stats.nps_compare(
        _nps(year.of("relationship-nps", november, december)),
        _nps(year.of("relationship-nps", december, STORY.january)),
    )

    assert csat.n_a > 500 and csat.n_b > 500
    assert csat.difference is not None and csat.difference < -15
    assert csat.p_value is not None and csat.p_value < 0.01
    assert nps.n_a > 400 and nps.n_b > 400
    assert nps.difference is not None and nps.difference < -10
    assert nps.p_value is not None and nps.p_value < 0.01


@pytest.mark.django_db
def test_december_complaints_are_about_late_parcels_and_couriers_in_every_language(
    year: Year,
) -> None:
    complaints: dict[str, list[str]] = defaultdict(list)
    for answer in year.of("delivery-csat", STORY.december, STORY.january):
        if answer.csat is not None and answer.csat <= 2:
            complaints[answer.language] += [SUBJECT[text] for text in answer.texts]

    assert set(complaints) == set(LANGUAGES)
    for language in LANGUAGES:
        subjects = complaints[language]
        late = sum(s in ("delivery_speed", "courier") for s in subjects)
        assert late / len(subjects) > 0.5, language


@pytest.mark.django_db
def test_delivery_scores_recovered_after_the_fix_in_mid_january(year: Year) -> None:
    before = _top_two(year.of("delivery-csat", STORY.november, STORY.december))
    problem = _top_two(year.of("delivery-csat", STORY.december, STORY.fixed))
    fixed = _top_two(
        year.of("delivery-csat", STORY.fixed, STORY.fixed + timedelta(days=31))
    )

    against_november = stats.share_compare(*before, *fixed)
    against_problem = stats.share_compare(*problem, *fixed)

    assert against_november.difference is not None
    assert against_november.difference >= 0
    assert against_problem.difference is not None and against_problem.difference > 15
    assert against_problem.p_value is not None and against_problem.p_value < 0.01


@pytest.mark.django_db
def test_the_years_other_patterns_still_show(year: Year) -> None:
    """The Christmas rush, searches with few results, effort on the phone."""
    rush_began = datetime(2026, 11, 20, tzinfo=TIMEZONE)
    rush = _top_two(year.of("delivery-csat", rush_began))
    calm = _top_two(
        year.of("delivery-csat", STORY.fixed, datetime(2026, 11, 1, tzinfo=TIMEZONE))
    )
    searches = list(year.of("search-found"))
    few = [a for a in searches if int(str(a.context["results"])) < 3]
    many = [a for a in searches if int(str(a.context["results"])) >= 3]
    support = list(year.of("support-ces"))

    christmas = stats.share_compare(*calm, *rush)
    not_found = stats.share_compare(
        sum(a.found is False for a in many),
        len(many),
        sum(a.found is False for a in few),
        len(few),
    )
    phone = stats.mean_compare(
        [a.ces for a in support if a.context["contact"] == "chat" and a.ces],
        [a.ces for a in support if a.context["contact"] == "phone" and a.ces],
        1,
        7,
    )

    assert christmas.difference is not None and christmas.difference < -5
    assert christmas.significant
    assert not_found.difference is not None and not_found.difference > 30
    assert phone.difference is not None and phone.difference < -0.5
    assert phone.significant


def _wrote_about(year: Year, subject: str) -> set[int]:
    return {
        a.customer_id
        for a in year.answers
        if a.customer_id is not None and any(SUBJECT[t] == subject for t in a.texts)
    }


def _nps_of(year: Year, customers: set[int]) -> tuple[stats.NpsCounts, ...]:
    answers = list(year.of("relationship-nps"))
    return (
        _nps(a for a in answers if a.customer_id not in customers),
        _nps(a for a in answers if a.customer_id in customers),
    )


@pytest.mark.django_db
def test_the_few_who_write_about_search_are_the_unhappiest_customers(
    year: Year,
) -> None:
    comments: dict[str, int] = defaultdict(int)
    for answer in year.answers:
        for text in answer.texts:
            comments[SUBJECT[text]] += 1
    gaps = {}
    for subject in comments:
        writers = _wrote_about(year, subject)
        rest, theirs = _nps_of(year, writers)
        if theirs.n >= stats.MINIMUM_N:
            gaps[subject] = stats.nps_compare(rest, theirs)

    search = gaps["search"]
    # Few: a tenth of the comments at most, and a third of the late parcels.
    assert comments["search"] < 0.1 * sum(comments.values())
    assert comments["search"] < comments["delivery_speed"] / 3
    # Yet those who write them score far below everyone else…
    assert search.difference is not None and search.difference < -30
    assert search.p_value is not None and search.p_value < 0.01
    # …and further below than the writers of any other subject.
    assert min(gaps, key=lambda s: gaps[s].difference or 0) == "search"


@pytest.mark.django_db
def test_customers_whose_search_found_nothing_give_a_lower_nps(year: Year) -> None:
    not_found = {
        a.customer_id
        for a in year.of("search-found")
        if a.found is False and a.customer_id is not None
    }

    rest, theirs = _nps_of(year, not_found)
    compared = stats.nps_compare(rest, theirs)

    assert theirs.n >= 200
    assert compared.difference is not None and compared.difference < -10
    assert compared.p_value is not None and compared.p_value < 0.01


def _band(score: int) -> str:
    if score >= 9:
        return "promoter"
    return "passive" if score >= 7 else "detractor"


@pytest.mark.django_db
def test_promoters_spend_more_than_detractors_in_the_90_days_after_answering(
    year: Year,
) -> None:
    window = timedelta(days=REORDER_DAYS)
    first: dict[int, Answer] = {}
    for answer in sorted(year.of("relationship-nps"), key=lambda a: a.submitted_at):
        if answer.customer_id is not None:
            first.setdefault(answer.customer_id, answer)
    revenue: dict[str, list[float]] = defaultdict(list)
    for customer, answer in first.items():
        if answer.nps is None or answer.submitted_at > NOW - window:
            continue  # the 90 days after it are not over yet
        after = sum(
            total
            for placed, total in year.orders.get(customer, [])
            if answer.submitted_at < placed <= answer.submitted_at + window
        )
        revenue[_band(answer.nps)].append(after)
    highest = max(max(values) for values in revenue.values())

    compared = stats.mean_compare(revenue["detractor"], revenue["promoter"], 0, highest)
    mean = {band: sum(v) / len(v) for band, v in revenue.items()}

    assert compared.n_a > 500 and compared.n_b > 200
    assert compared.low is not None and compared.low > 0
    assert mean["promoter"] > mean["passive"] > mean["detractor"]

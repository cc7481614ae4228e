"""Recovery figures, computed here by hand: response and resolution times,
SLA attainment, first-contact resolution, follow-up CES, detractors who
moved up, orders after a case next to comparable customers."""

import math
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cxloop.accounts.models import User, Workspace
from cxloop.cases import recovery, services
from cxloop.cases.models import Case
from cxloop.customers import services as customer_services
from cxloop.customers.inputs import IdentitySignals
from cxloop.customers.models import Customer
from cxloop.errors import InvalidInput
from cxloop.surveys import services as survey_services
from cxloop.surveys.services import ResponseInput
from tests.customers import factories as customer_factories

TALLINN = ZoneInfo("Europe/Tallinn")
WEEK = {"since": date(2026, 12, 7), "until": date(2026, 12, 13)}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=TALLINN)


@pytest.fixture
def mari(workspace_a: Workspace) -> Customer:
    return customer_factories.customer(workspace_a, email="mari@example.ee")


def _case(workspace: Workspace, opened: datetime, **fields: object) -> Case:
    return services.case_open(
        workspace=workspace,
        title="Parcel left in the rain",
        source=fields.pop("source", Case.Source.MANUAL),  # type: ignore[arg-type]
        now=opened,
        **fields,  # type: ignore[arg-type]
    )


def _reply(case: Case, author: User, when: datetime) -> None:
    services.case_reply_send(
        case=case, author=author, subject="Your parcel", body="Sorry!", now=when
    )


def _resolve(case: Case, actor: User, when: datetime) -> Case:
    return services.case_status_set(case=case, status="resolved", actor=actor, now=when)


def test_first_response_median_and_p90_count_business_minutes_and_wall_hours(
    workspace_a: Workspace, ben: User, mari: Customer
) -> None:
    # Four replies on Monday within office hours, one the next morning to a
    # case opened at 16:30 (30 minutes on Monday, 30 on Tuesday, 17 hours).
    for opened, answered in (
        (at(7, 10, 0), at(7, 10, 10)),
        (at(7, 11, 0), at(7, 11, 20)),
        (at(7, 12, 0), at(7, 12, 40)),
        (at(7, 13, 0), at(7, 14, 40)),
        (at(7, 16, 30), at(8, 9, 30)),
    ):
        case = _case(workspace_a, opened, customer_id=mari.pk, owner_id=ben.pk)
        _reply(case, ben, answered)

    found = recovery.recovery_measures(
        workspace=workspace_a, group_by="owner", now=at(14, 12), **WEEK
    )

    # Business minutes sorted: 10, 20, 40, 60, 100. The median is the third;
    # p90 sits at 0.9 × 4 = 3.6: 60 + 0.6 × (100 − 60) = 84.
    first = found.overall.first_response
    assert first.business_minutes.n == 5
    assert first.business_minutes.median == 40
    assert first.business_minutes.p90 == pytest.approx(84)
    # Hours sorted: 1/6, 1/3, 2/3, 5/3, 17: median 2/3, p90 5/3 + 0.6 × (17 − 5/3).
    assert first.hours.median == pytest.approx(2 / 3)
    assert first.hours.p90 == pytest.approx(5 / 3 + 0.6 * (17 - 5 / 3))
    assert first.small is True
    (group,) = found.groups
    assert group.key == str(ben.pk) and group.label == "Ben Agent"
    assert group.cases == 5 and group.small is True


def test_sla_attainment_and_first_contact_resolution_with_their_intervals(
    workspace_a: Workspace, ada: User, ben: User, mari: Customer
) -> None:
    # Opened Monday 10:00: resolution due Thursday 10:00 (24 business hours).
    in_time = [_case(workspace_a, at(7, 10), customer_id=mari.pk) for _ in range(3)]
    late = _case(workspace_a, at(7, 10), customer_id=mari.pk)
    _case(workspace_a, at(7, 10))  # still open and not yet due: not counted
    _reply(in_time[0], ben, at(7, 11))
    _reply(in_time[1], ben, at(7, 11))
    _reply(in_time[1], ben, at(7, 12))  # two replies: not first contact
    for case in in_time:
        _resolve(case, ben, at(8, 10))
    services.case_status_set(case=in_time[2], status="open", actor=ada, now=at(8, 11))
    _resolve(in_time[2], ben, at(8, 12))  # reopened: not first contact
    _resolve(late, ben, at(11, 10))

    found = recovery.recovery_measures(
        workspace=workspace_a, now=at(10, 12), **WEEK
    ).overall

    assert (found.sla_attainment.k, found.sla_attainment.n) == (3, 4)
    # Wilson, z = 1.96: centre (0.75 + z²/8) / (1 + z²/4), half-width
    # z √(0.75 · 0.25 / 4 + z²/64) / (1 + z²/4).
    z = 1.959963984540054
    centre = (0.75 + z**2 / 8) / (1 + z**2 / 4)
    half = z * math.sqrt(0.75 * 0.25 / 4 + z**2 / 64) / (1 + z**2 / 4)
    assert found.sla_attainment.value == 75
    assert found.sla_attainment.ci95 == pytest.approx(
        (100 * (centre - half), 100 * (centre + half))
    )
    assert found.sla_attainment.ci95 == pytest.approx((30.06, 95.44), abs=0.01)
    assert (found.first_contact_resolution.k, found.first_contact_resolution.n) == (
        2,
        4,
    )
    assert found.sla_attainment.small is True


def test_the_follow_up_ces_of_resolved_cases_is_averaged_with_the_share_easy(
    workspace_a: Workspace, ben: User, mari: Customer
) -> None:
    scores = [7, 6, 5, 2]
    for score in scores:
        case = _resolve(
            _case(workspace_a, at(7, 10), customer_id=mari.pk), ben, at(7, 12)
        )
        survey_services.response_submit(
            workspace=workspace_a,
            data=ResponseInput(
                survey_key="case-follow-up",
                answers={"ces": score},
                channel="link",
                context={"case_id": case.pk},
                submitted_at=at(8, 12),
            ),
        )

    found = recovery.recovery_measures(
        workspace=workspace_a, now=at(14, 12), **WEEK
    ).overall

    # Mean 5; sample sd √((4 + 1 + 0 + 9) / 3); t(0.975, 3) = 3.182446; the
    # upper end 8.44 is clipped to the scale's 7.
    assert found.follow_up_ces.n == 4
    assert found.follow_up_ces.value == 5
    half = 3.182446305284263 * math.sqrt(14 / 3) / 2
    assert found.follow_up_ces.ci95 == pytest.approx((5 - half, 7))
    assert (found.follow_up_easy.k, found.follow_up_easy.n) == (3, 4)


def _nps(workspace: Workspace, email: str, score: int, when: datetime) -> int:
    result = survey_services.response_submit(
        workspace=workspace,
        data=ResponseInput(
            survey_key="relationship-nps",
            answers={"nps": score},
            channel="email",
            touchpoint="delivery",
            customer_ref={"email": email},
            submitted_at=when,
        ),
    )
    return result.response.pk


def test_detractors_re_surveyed_after_the_resolution_count_who_moved_up(
    workspace_a: Workspace, ben: User
) -> None:
    survey_services.survey_create_from_template(
        workspace=workspace_a, template="relationship_nps"
    )
    later = {"a@example.ee": 8, "b@example.ee": 5, "c@example.ee": None}
    for email, score in later.items():
        customer = customer_factories.customer(workspace_a, email=email)
        response_id = _nps(workspace_a, email, 3, at(7, 9))
        case = _case(
            workspace_a,
            at(7, 10),
            customer_id=customer.pk,
            response_id=response_id,
            source=Case.Source.RESPONSE,
        )
        _resolve(case, ben, at(7, 15))
        if score is not None:
            _nps(workspace_a, email, score, at(9, 12))

    found = recovery.recovery_measures(workspace=workspace_a, now=at(14, 12), **WEEK)

    resurveyed = found.detractors_resurveyed
    assert resurveyed is not None
    assert resurveyed.detractors == 3
    assert (resurveyed.moved_up.k, resurveyed.moved_up.n) == (1, 2)
    assert (resurveyed.to_passive, resurveyed.to_promoter) == (1, 0)


def _order(workspace: Workspace, email: str, number: int, when: datetime) -> None:
    customer_services.order_upsert(
        workspace=workspace,
        data=customer_factories.order_data(
            number, placed_at=when, customer=IdentitySignals(email=email)
        ),
    )


def test_orders_after_a_case_sit_next_to_comparable_customers_without_one(
    workspace_a: Workspace, ben: User
) -> None:
    survey_services.survey_create_from_template(
        workspace=workspace_a, template="relationship_nps"
    )
    number = 0
    for email in ("a@example.ee", "b@example.ee", "c@example.ee"):
        number += 1
        _order(workspace_a, email, number, at(1, 12))
    # a has a case and orders twice afterwards; b and c answered at the same
    # touchpoint that week without a case, b orders once afterwards.
    case = _case(
        workspace_a,
        at(7, 10),
        customer_id=customer_factories.customer(workspace_a, email="a@example.ee").pk,
        touchpoint_key="delivery",
    )
    _resolve(case, ben, at(7, 12))
    _nps(workspace_a, "b@example.ee", 9, at(8, 12))
    _nps(workspace_a, "c@example.ee", 9, at(8, 12))
    for email, when in (
        ("a@example.ee", at(20, 12)),
        ("a@example.ee", at(28, 12)),
        ("b@example.ee", at(21, 12)),
    ):
        number += 1
        _order(workspace_a, email, number, when)

    found = recovery.recovery_measures(
        workspace=workspace_a, now=at(7, 12) + timedelta(days=100), **WEEK
    ).orders_after

    assert found is not None
    assert (found.with_case.n, found.with_case.value) == (1, 2)
    assert (found.without_case.n, found.without_case.value) == (2, 0.5)
    assert (found.without_case_ordered.k, found.without_case_ordered.n) == (1, 2)
    assert found.difference.value == 1.5
    assert "association" in found.note


def test_a_window_not_yet_over_is_left_out_of_the_orders_comparison(
    workspace_a: Workspace, ben: User, mari: Customer
) -> None:
    case = _case(workspace_a, at(7, 10), customer_id=mari.pk, touchpoint_key="delivery")
    _resolve(case, ben, at(7, 12))

    found = recovery.recovery_measures(workspace=workspace_a, now=at(14, 12), **WEEK)

    assert found.orders_after is not None and found.orders_after.with_case.n == 0


def test_the_period_is_read_in_the_workspace_s_time_zone(
    workspace_a: Workspace,
) -> None:
    _case(workspace_a, at(7, 0, 30))  # Sunday 22:30 UTC, Monday in Tallinn
    _case(workspace_a, at(14, 0, 30))  # the next Monday: outside

    found = recovery.recovery_measures(workspace=workspace_a, now=at(14, 12), **WEEK)

    assert found.overall.cases == 1


def test_another_workspace_s_cases_never_count(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    _case(workspace_a, at(7, 10))

    found = recovery.recovery_measures(workspace=workspace_b, now=at(14, 12), **WEEK)

    assert found.overall.cases == 0 and found.groups == []


def test_a_reversed_period_or_unknown_grouping_names_the_field(
    workspace_a: Workspace,
) -> None:
    with pytest.raises(InvalidInput) as reversed_period:
        recovery.recovery_measures(
            workspace=workspace_a, since=date(2026, 12, 9), until=date(2026, 12, 1)
        )
    with pytest.raises(InvalidInput) as grouping:
        recovery.recovery_measures(workspace=workspace_a, group_by="colour")

    assert reversed_period.value.field == "since"
    assert grouping.value.field == "group_by"

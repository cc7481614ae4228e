"""Rules open cases for the touchpoint's owner, once, one per customer a week."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from cxloop.accounts.models import User, Workspace
from cxloop.cases import services as case_services
from cxloop.cases.models import Case, CaseEntry
from cxloop.journeys import selectors as journey_selectors
from cxloop.journeys import services as journey_services
from cxloop.rules import services
from cxloop.rules.models import PendingEvaluation, RuleFiring
from cxloop.surveys.models import Response
from tests.rules import factories

pytestmark = pytest.mark.django_db(transaction=True)

DETRACTOR = [
    {"field": "nps", "op": "lte", "value": 6},
    {"field": "csat", "op": "lte", "value": 2},
]
OPEN_CASE = [{"type": "open_case", "priority": "normal"}]


@pytest.fixture
def delivery_owned_by_ben(workspace_a: Workspace, ben: User) -> None:
    delivery = journey_selectors.touchpoint_get(workspace=workspace_a, key="delivery")
    journey_services.touchpoint_update(
        touchpoint=delivery, owner=ben.email, team="Logistics"
    )
    factories.survey(workspace_a)
    factories.rule(workspace_a, conditions=DETRACTOR, actions=OPEN_CASE, match="any")


def test_a_detractor_on_the_delivery_survey_opens_a_case_owned_by_the_delivery_owner(
    workspace_a: Workspace, ben: User, delivery_owned_by_ben: None
) -> None:
    response = factories.response(
        workspace_a, {"csat": 1, "comment": "Left in the rain"}, email="eve@example.com"
    )

    case = Case.objects.get()
    assert case.owner_id == ben.pk
    assert case.team == "Logistics"
    assert case.priority == "normal"
    assert case.source == "response"
    assert case.response_id == response.pk
    assert case.customer_id == response.customer_id
    assert case.sla_policy is not None and case.sla_policy.is_default
    assert RuleFiring.objects.get().results == [
        {"type": "open_case", "case_id": case.pk, "joined": False}
    ]


def test_the_same_response_processed_twice_opens_one_case(
    workspace_a: Workspace, delivery_owned_by_ben: None
) -> None:
    response = factories.response(workspace_a, {"csat": 1})

    for _ in range(2):
        services.subject_evaluate(
            workspace=workspace_a,
            trigger="response.stored",
            kind="response",
            object_id=response.pk,
        )

    assert Case.objects.count() == 1


def test_a_retried_evaluation_task_opens_no_second_case(
    workspace_a: Workspace, delivery_owned_by_ben: None
) -> None:
    response = factories.response(workspace_a, {"csat": 1})
    # The task runs again, as after a worker died before recording its end.
    PendingEvaluation.objects.create(
        workspace=workspace_a,
        trigger="response.stored",
        object_kind="response",
        object_id=response.pk,
    )

    services.pending_evaluate(
        trigger="response.stored", kind="response", object_ids=[response.pk]
    )
    services.pending_sweep()

    assert Case.objects.count() == 1
    assert not PendingEvaluation.objects.exists()


def test_a_second_detractor_of_the_customer_within_a_week_joins_the_open_case(
    workspace_a: Workspace, delivery_owned_by_ben: None
) -> None:
    first = factories.response(workspace_a, {"csat": 1}, email="eve@example.com")
    second = factories.response(workspace_a, {"csat": 2}, email="eve@example.com")
    factories.response(workspace_a, {"csat": 1}, email="other@example.com")

    eves = Case.objects.filter(customer_id=first.customer_id)
    assert eves.count() == 1
    assert Case.objects.count() == 2
    signal = CaseEntry.objects.get(case=eves.get(), kind=CaseEntry.Kind.SIGNAL)
    assert signal.response_id == second.pk
    assert RuleFiring.objects.get(object_id=second.pk).results == [
        {"type": "open_case", "case_id": eves.get().pk, "joined": True}
    ]


def test_a_detractor_after_the_case_was_resolved_opens_a_new_case(
    workspace_a: Workspace, ben: User, delivery_owned_by_ben: None
) -> None:
    factories.response(workspace_a, {"csat": 1}, email="eve@example.com")
    case = Case.objects.get()
    case_services.case_status_set(case=case, status="open", actor=ben)
    case_services.case_status_set(case=case, status="resolved", actor=ben)

    factories.response(workspace_a, {"csat": 1}, email="eve@example.com")

    assert Case.objects.count() == 2


def test_a_detractor_after_the_throttle_window_opens_a_new_case(
    workspace_a: Workspace, delivery_owned_by_ben: None
) -> None:
    factories.response(workspace_a, {"csat": 1}, email="eve@example.com")
    Case.objects.update(opened_at=timezone.now() - timedelta(days=8))

    factories.response(workspace_a, {"csat": 1}, email="eve@example.com")

    assert Case.objects.count() == 2


def test_a_detractor_that_rolled_back_with_its_response_opens_nothing(
    workspace_a: Workspace, delivery_owned_by_ben: None
) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.response(workspace_a, {"csat": 1}, email="eve@example.com")
        raise RuntimeError("the request failed after storing")

    services.pending_sweep()
    assert not Response.objects.exists()
    assert not Case.objects.exists()
    assert not RuleFiring.objects.exists()
    assert not PendingEvaluation.objects.exists()


def test_an_opened_case_triggers_the_case_rules(
    workspace_a: Workspace, ada: User, delivery_owned_by_ben: None
) -> None:
    factories.rule(
        workspace_a,
        trigger="case.changed",
        conditions=[{"field": "touchpoint", "op": "eq", "value": "delivery"}],
        actions=[{"type": "notify_email", "users": [ada.pk]}],
    )

    factories.response(workspace_a, {"csat": 1})

    case = Case.objects.get()
    firing = RuleFiring.objects.get(object_kind="case")
    assert firing.object_id == case.pk
    assert firing.results == [{"type": "notify_email", "emailed": 1}]


def test_opening_a_case_is_refused_for_a_case_rule(workspace_a: Workspace) -> None:
    from cxloop.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        factories.rule(
            workspace_a, trigger="case.changed", conditions=[], actions=OPEN_CASE
        )

    assert refused.value.field == "actions.0.type"

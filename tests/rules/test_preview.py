"""The preview: what a rule would have matched, counted as a person would."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.rules import services
from cxloop.rules.models import RuleFiring
from cxloop.surveys.models import Response
from tests.rules import factories

pytestmark = pytest.mark.django_db


def test_the_preview_count_equals_a_hand_count_of_the_responses(
    workspace_a: Workspace,
) -> None:
    factories.survey(workspace_a)
    scores = [1, 2, 2, 3, 4, 5, 1, 5, 2]
    for index, score in enumerate(scores):
        factories.response(
            workspace_a,
            {"csat": score, **({"comment": "late again"} if index % 3 == 0 else {})},
        )
    old = factories.response(workspace_a, {"csat": 1})
    Response.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - timedelta(days=40)
    )
    rule_data = {
        "trigger": "response.stored",
        "match": "all",
        "conditions": [
            {"field": "csat", "op": "lte", "value": 2},
            {"field": "question", "key": "comment", "op": "contains", "value": "LATE"},
        ],
    }

    count, examples = services.rule_preview(workspace=workspace_a, rule_data=rule_data)

    by_hand = sum(
        1
        for response in Response.objects.filter(workspace=workspace_a)
        if response.csat <= 2
        and "late" in response.comment
        and response.submitted_at > timezone.now() - timedelta(days=30)
    )
    assert count == by_hand == 2
    assert len(examples) == 2
    assert all(example["csat"] <= 2 for example in examples)
    assert not RuleFiring.objects.exists()


def test_a_preview_of_any_condition_counts_each_response_once(
    workspace_a: Workspace,
) -> None:
    factories.survey(workspace_a)
    for score in [1, 2, 3, 5]:
        factories.response(workspace_a, {"csat": score})

    count, _examples = services.rule_preview(
        workspace=workspace_a,
        rule_data={
            "trigger": "response.stored",
            "match": "any",
            "conditions": [
                {"field": "csat", "op": "lte", "value": 2},
                {"field": "csat", "op": "eq", "value": 1},
                {"field": "csat", "op": "gte", "value": 5},
            ],
        },
    )

    assert count == 3


def test_the_preview_shows_at_most_five_examples_newest_first(
    workspace_a: Workspace,
) -> None:
    factories.survey(workspace_a)
    responses = [factories.response(workspace_a, {"csat": 1}) for _ in range(7)]

    count, examples = services.rule_preview(
        workspace=workspace_a,
        rule_data={
            "trigger": "response.stored",
            "conditions": [{"field": "nps_band", "op": "ne", "value": "promoter"}],
        },
    )

    assert count == 7
    assert [example["id"] for example in examples] == [
        response.pk for response in reversed(responses[2:])
    ]


def test_the_preview_of_another_workspace_counts_only_its_own(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    factories.survey(workspace_a)
    factories.response(workspace_a, {"csat": 1})

    count, _examples = services.rule_preview(
        workspace=workspace_b,
        rule_data={"trigger": "response.stored", "conditions": []},
    )

    assert count == 0

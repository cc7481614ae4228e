"""Saving rules: conditions and actions are checked, the bad part named."""

from typing import Any

import pytest

from cxloop.accounts.models import Workspace
from cxloop.errors import InvalidInput
from cxloop.rules import actions, services
from cxloop.rules.models import Rule
from tests.rules import factories

pytestmark = pytest.mark.django_db

TAG = [{"type": "tag_response", "tags": ["x"]}]


def _refusal(workspace: Workspace, **fields: Any) -> InvalidInput:
    data = {"conditions": [], "actions": TAG, **fields}
    with pytest.raises(InvalidInput) as refused:
        factories.rule(workspace, **data)
    return refused.value


def test_a_sentiment_condition_on_an_event_rule_is_refused_naming_it(
    workspace_a: Workspace,
) -> None:
    error = _refusal(
        workspace_a,
        trigger="event.received",
        conditions=[{"field": "sentiment", "op": "eq", "value": "negative"}],
        actions=[{"type": "webhook"}],
    )

    assert error.field == "conditions.0.field"
    assert "Sentiment" in error.message


def test_sentiment_is_refused_before_the_comment_is_analysed(
    workspace_a: Workspace,
) -> None:
    error = _refusal(
        workspace_a,
        trigger="response.stored",
        conditions=[{"field": "sentiment", "op": "eq", "value": "negative"}],
    )

    assert error.field == "conditions.0.field"


@pytest.mark.parametrize(
    ("condition", "field"),
    [
        ({"field": "nps", "op": "lte", "value": "six"}, "conditions.0.value"),
        ({"field": "nps", "op": "contains", "value": 6}, "conditions.0.op"),
        ({"field": "nps_band", "op": "eq", "value": "angry"}, "conditions.0.value"),
        ({"field": "question", "op": "eq", "value": 1}, "conditions.0.key"),
        ({"field": "csat", "op": "between", "value": [4, 1]}, "conditions.0.value"),
        (
            {"field": "order_value", "key": "avg", "op": "gte", "value": 1},
            "conditions.0.key",
        ),
        ({"field": "shoe_size", "op": "eq", "value": 1}, "conditions.0.field"),
        ("csat<=2", "conditions.0.field"),
    ],
)
def test_a_bad_condition_is_refused_naming_its_part(
    workspace_a: Workspace, condition: Any, field: str
) -> None:
    assert _refusal(workspace_a, conditions=[condition]).field == field


def test_tagging_is_refused_for_an_event_rule(workspace_a: Workspace) -> None:
    error = _refusal(workspace_a, trigger="event.received")

    assert error.field == "actions.0.type"


def test_a_chat_url_on_an_internal_address_is_refused_when_saved(
    workspace_a: Workspace,
) -> None:
    error = _refusal(
        workspace_a, actions=[{"type": "post_chat", "url": "http://169.254.169.254/"}]
    )

    assert error.field == "actions.0.url"


def test_a_rule_needs_an_action(workspace_a: Workspace) -> None:
    assert _refusal(workspace_a, actions=[]).field == "actions"


def test_notifying_someone_outside_the_workspace_is_refused(
    workspace_a: Workspace, cleo: Any
) -> None:
    error = _refusal(
        workspace_a, actions=[{"type": "notify_email", "users": [cleo.pk]}]
    )

    assert error.field == "actions.0.users"


def test_a_saved_rule_keeps_its_cleaned_conditions_and_actions(
    workspace_a: Workspace,
) -> None:
    rule = factories.rule(
        workspace_a,
        conditions=[
            {"field": "nps", "op": "between", "value": ["0", "6"]},
            {"field": "channel", "op": "in", "value": "review, social"},
        ],
        actions=[{"type": "tag_response", "tags": "late, broken"}],
        match="any",
    )

    rule.refresh_from_db()
    assert rule.conditions == [
        {"field": "nps", "op": "between", "value": [0.0, 6.0]},
        {"field": "channel", "op": "in", "value": ["review", "social"]},
    ]
    assert rule.actions == [{"type": "tag_response", "tags": ["late", "broken"]}]


def test_changing_the_trigger_checks_the_conditions_again(
    workspace_a: Workspace,
) -> None:
    rule = factories.rule(
        workspace_a,
        trigger="response.analysed",
        conditions=[{"field": "sentiment", "op": "eq", "value": "negative"}],
        actions=TAG,
    )

    with pytest.raises(InvalidInput) as refused:
        services.rule_update(rule=rule, changes={"trigger": "response.stored"})

    assert refused.value.field == "conditions.0.field"
    rule.refresh_from_db()
    assert rule.trigger == "response.analysed"


def test_another_app_can_register_an_action_type(workspace_a: Workspace) -> None:
    seen: list[int] = []
    actions.action_register(
        "test_points",
        lambda params, check: {"points": int(params.get("points", 0))},
        lambda params, run: seen.append(params["points"]) or {"awarded": True},
        "Award points",
    )

    rule = factories.rule(
        workspace_a, conditions=[], actions=[{"type": "test_points", "points": 5}]
    )

    assert Rule.objects.get(pk=rule.pk).actions == [
        {"type": "test_points", "points": 5}
    ]


def test_a_nul_character_in_a_condition_is_refused_naming_it(
    workspace_a: Workspace,
) -> None:
    # The API drops NULs when it reads a body; other callers are checked here,
    # before PostgreSQL would refuse the text.
    condition = {"field": "touchpoint", "op": "eq", "value": "de\x00l"}

    assert _refusal(workspace_a, conditions=[condition]).field == "conditions.0.value"
    with pytest.raises(InvalidInput):
        services.rule_preview(
            workspace=workspace_a,
            rule_data={"trigger": "response.stored", "conditions": [condition]},
        )

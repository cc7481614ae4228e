"""Rules see stored responses, analysed comments and events, and fire once."""

import orjson
import pytest
from django.core import mail
from django.db import transaction

from cxloop.accounts.models import User, Workspace
from cxloop.delivery.models import Delivery, Message
from cxloop.journeys import selectors as journey_selectors
from cxloop.journeys import services as journey_services
from cxloop.rules import services
from cxloop.rules.models import DigestItem, PendingEvaluation, RuleFiring
from cxloop.surveys.models import Response
from tests.rules import factories

pytestmark = pytest.mark.django_db(transaction=True)

UNHAPPY = [{"field": "csat", "op": "lte", "value": 2}]
TAG = [{"type": "tag_response", "tags": ["unhappy"]}]


@pytest.fixture
def delivery_survey(workspace_a: Workspace) -> None:
    factories.survey(workspace_a)


def _tags(response: Response) -> list[str]:
    response.refresh_from_db()
    return list(response.tags)


def test_a_matching_response_is_tagged_once_it_is_stored(
    workspace_a: Workspace, delivery_survey: None
) -> None:
    factories.rule(workspace_a, conditions=UNHAPPY, actions=TAG)

    unhappy = factories.response(workspace_a, {"csat": 1})
    happy = factories.response(workspace_a, {"csat": 5})

    assert _tags(unhappy) == ["unhappy"]
    assert _tags(happy) == []
    firing = RuleFiring.objects.get()
    assert firing.object_id == unhappy.pk
    assert firing.matched == {"0:csat": 1}
    assert firing.results == [{"type": "tag_response", "added": ["unhappy"]}]
    assert not PendingEvaluation.objects.exists()


def test_the_same_response_evaluated_twice_fires_the_rule_once(
    workspace_a: Workspace, delivery_survey: None
) -> None:
    factories.rule(workspace_a, conditions=UNHAPPY, actions=TAG)
    response = factories.response(workspace_a, {"csat": 1})

    again = services.subject_evaluate(
        workspace=workspace_a,
        trigger="response.stored",
        kind="response",
        object_id=response.pk,
    )

    assert again == []
    assert RuleFiring.objects.count() == 1


def test_a_retried_task_for_an_evaluated_response_fires_nothing_more(
    workspace_a: Workspace, delivery_survey: None
) -> None:
    factories.rule(
        workspace_a,
        conditions=UNHAPPY,
        actions=[{"type": "digest", "digest": "daily", "touchpoint_owner": True}],
    )
    response = factories.response(workspace_a, {"csat": 1})
    # The task's work is retried as if its first run had not been recorded.
    PendingEvaluation.objects.create(
        workspace=workspace_a,
        trigger="response.stored",
        object_kind="response",
        object_id=response.pk,
    )

    services.pending_evaluate(
        trigger="response.stored", kind="response", object_ids=[response.pk]
    )

    assert DigestItem.objects.count() == 1
    assert RuleFiring.objects.count() == 1
    assert not PendingEvaluation.objects.exists()


def test_a_disabled_rule_never_fires(
    workspace_a: Workspace, delivery_survey: None
) -> None:
    factories.rule(workspace_a, conditions=UNHAPPY, actions=TAG, enabled=False)

    response = factories.response(workspace_a, {"csat": 1})
    services.pending_sweep()
    services.subject_evaluate(
        workspace=workspace_a,
        trigger="response.stored",
        kind="response",
        object_id=response.pk,
    )

    assert _tags(response) == []
    assert not RuleFiring.objects.exists()
    assert not PendingEvaluation.objects.exists()


def test_a_response_that_rolled_back_leaves_nothing_for_the_rules(
    workspace_a: Workspace, delivery_survey: None
) -> None:
    factories.rule(workspace_a, conditions=UNHAPPY, actions=TAG)

    with pytest.raises(RuntimeError), transaction.atomic():
        factories.response(workspace_a, {"csat": 1})
        assert PendingEvaluation.objects.count() == 1  # written with it
        raise RuntimeError("the request failed after storing")

    services.pending_sweep()
    assert not Response.objects.exists()
    assert not PendingEvaluation.objects.exists()
    assert not RuleFiring.objects.exists()


def test_a_response_whose_evaluation_task_was_lost_is_evaluated_by_the_sweep(
    workspace_a: Workspace, delivery_survey: None
) -> None:
    factories.rule(workspace_a, conditions=UNHAPPY, actions=TAG)
    with transaction.atomic():
        response = factories.response(workspace_a, {"csat": 2})
        # A crash between commit and enqueue: the task never exists.
        transaction.get_connection().run_on_commit.clear()
    assert _tags(response) == []

    assert services.pending_sweep() == 1

    assert _tags(response) == ["unhappy"]
    assert not PendingEvaluation.objects.exists()


def test_a_workspace_without_rules_stores_responses_without_pending_rows(
    workspace_a: Workspace, delivery_survey: None
) -> None:
    factories.response(workspace_a, {"csat": 1})

    assert not PendingEvaluation.objects.exists()


def test_a_partial_response_waits_until_it_is_complete(
    workspace_a: Workspace, delivery_survey: None
) -> None:
    factories.rule(workspace_a, conditions=UNHAPPY, actions=TAG)

    partial = factories.response(
        workspace_a, {"csat": 1}, response_id="r-1", channel="link", complete=False
    )
    assert _tags(partial) == []
    assert not PendingEvaluation.objects.exists()

    factories.response(
        workspace_a,
        {"csat": 1, "comment": "Late"},
        response_id="r-1",
        channel="link",
    )
    assert _tags(partial) == ["unhappy"]


def test_another_workspaces_rule_does_not_see_the_response(
    workspace_a: Workspace, workspace_b: Workspace, delivery_survey: None
) -> None:
    factories.rule(workspace_b, conditions=UNHAPPY, actions=TAG)

    response = factories.response(workspace_a, {"csat": 1})

    assert _tags(response) == []
    assert not RuleFiring.objects.exists()


def test_an_event_rule_fires_on_a_matching_journey_event(
    workspace_a: Workspace,
) -> None:
    factories.rule(
        workspace_a,
        trigger="event.received",
        conditions=[
            {"field": "event_type", "op": "eq", "value": "order_delivered"},
            {"field": "event_property", "key": "late_days", "op": "gte", "value": 3},
        ],
        actions=[{"type": "digest", "digest": "daily", "touchpoint_owner": True}],
    )

    late = factories.event(workspace_a, "e-1", late_days=4)
    factories.event(workspace_a, "e-2", late_days=1)

    (item,) = DigestItem.objects.all()
    assert item.event_id == late.pk
    assert item.touchpoint == "delivery"  # no owner yet: whoever owns it then


def test_the_search_owners_digest_gets_the_signal_for_that_owner(
    workspace_a: Workspace, ada: User
) -> None:
    search = journey_selectors.touchpoint_get(workspace=workspace_a, key="site_search")
    journey_services.touchpoint_update(touchpoint=search, owner=ada.email)
    factories.survey(workspace_a, "search_found")
    factories.rule(
        workspace_a,
        conditions=[
            {"field": "touchpoint", "op": "eq", "value": "site_search"},
            {"field": "question", "key": "found", "op": "eq", "value": False},
        ],
        actions=[{"type": "digest", "digest": "daily", "touchpoint_owner": True}],
    )

    missed = factories.response(
        workspace_a, {"found": False}, survey_key="search-found"
    )
    factories.response(workspace_a, {"found": True}, survey_key="search-found")

    (item,) = DigestItem.objects.all()
    assert (item.response_id, item.recipient_id, item.digest) == (
        missed.pk,
        ada.pk,
        "daily",
    )
    assert item.sent_at is None


def test_a_notification_email_escapes_what_the_customer_wrote(
    workspace_a: Workspace, ada: User, delivery_survey: None
) -> None:
    factories.rule(
        workspace_a,
        name="Unhappy <b>now</b>",
        conditions=UNHAPPY,
        actions=[{"type": "notify_email", "users": [ada.pk]}],
    )

    factories.response(
        workspace_a, {"csat": 1, "comment": "<script>alert(1)</script> late"}
    )

    message = orjson.loads(Message.objects.get(event_type="notification.rule").body)
    assert "<script>" not in message["html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; late" in message["html"]
    assert "Unhappy &lt;b&gt;now&lt;/b&gt;" in message["html"]
    assert message["subject"] == "Rule “Unhappy <b>now</b>” matched · delivery"
    assert Delivery.objects.get().target == ada.email


def test_a_rule_with_a_webhook_action_sends_rule_matched_to_subscribers(
    workspace_a: Workspace, delivery_survey: None, settings: object
) -> None:
    from cxloop.delivery import services as delivery

    setattr(settings, "CXLOOP_WEBHOOK_ALLOW_PRIVATE", True)  # noqa: B010
    delivery.endpoint_create(
        workspace=workspace_a,
        url="http://127.0.0.1:9/hook",
        event_types=["rule.matched"],
        description="",
    )
    factories.rule(workspace_a, conditions=UNHAPPY, actions=[{"type": "webhook"}])
    with transaction.atomic():
        response = factories.response(workspace_a, {"csat": 1})

    message = Message.objects.get(event_type="rule.matched")
    assert f'"id":{response.pk}' in message.body
    assert '"object":"response"' in message.body
    assert mail.outbox == []


def test_a_response_submitted_weeks_ago_is_history_and_fires_nothing(
    workspace_a: Workspace, delivery_survey: None
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from cxloop.surveys import services as survey_services

    factories.rule(workspace_a, conditions=UNHAPPY, actions=TAG)

    result = survey_services.response_submit(
        workspace=workspace_a,
        data=survey_services.ResponseInput(
            survey_key="delivery-csat",
            answers={"csat": 1},
            channel="import",
            submitted_at=timezone.now() - timedelta(days=30),
        ),
    )

    assert _tags(result.response) == []
    assert not RuleFiring.objects.exists()


def test_a_scheduled_rule_looks_at_the_responses_since_its_last_run_once(
    workspace_a: Workspace, delivery_survey: None
) -> None:
    rule = factories.rule(
        workspace_a, trigger="schedule", conditions=UNHAPPY, actions=TAG
    )
    first = factories.response(workspace_a, {"csat": 1})

    assert services.schedule_run() == 1
    second = factories.response(workspace_a, {"csat": 2})
    assert services.schedule_run() == 1
    assert services.schedule_run() == 0

    assert _tags(first) == _tags(second) == ["unhappy"]
    assert RuleFiring.objects.filter(rule=rule).count() == 2


def test_a_chat_post_goes_through_the_outbox_with_slack_characters_escaped(
    workspace_a: Workspace, delivery_survey: None, settings: object
) -> None:
    setattr(settings, "CXLOOP_WEBHOOK_ALLOW_PRIVATE", True)  # noqa: B010
    factories.rule(
        workspace_a,
        name="Unhappy",
        conditions=UNHAPPY,
        actions=[{"type": "post_chat", "url": "http://127.0.0.1:9/chat"}],
    )
    with transaction.atomic():
        factories.response(workspace_a, {"csat": 1, "comment": "<@channel> & wet"})
        transaction.get_connection().run_on_commit.clear()
    services.pending_sweep()
    Delivery.objects.update(next_attempt_at=None)

    text = orjson.loads(Message.objects.get(event_type="notification.rule").body)
    assert text["text"] == (
        "Rule “Unhappy” matched · delivery · CSAT 1 · “&lt;@channel&gt; &amp; wet”"
    )
    assert Delivery.objects.get().target == "http://127.0.0.1:9/chat"


def test_a_team_notification_goes_to_the_owners_of_the_teams_touchpoints(
    workspace_a: Workspace, ada: User, ben: User, delivery_survey: None
) -> None:
    delivery = journey_selectors.touchpoint_get(workspace=workspace_a, key="delivery")
    journey_services.touchpoint_update(
        touchpoint=delivery, owner=ben.email, team="Logistics"
    )
    factories.rule(
        workspace_a,
        conditions=UNHAPPY,
        actions=[{"type": "notify_email", "team": "logistics"}],
    )

    factories.response(workspace_a, {"csat": 1})

    assert [message.to for message in mail.outbox] == [[ben.email]]


def test_an_action_refused_when_it_runs_is_logged_as_a_failed_firing(
    workspace_a: Workspace, delivery_survey: None, settings: object
) -> None:
    setattr(settings, "CXLOOP_WEBHOOK_ALLOW_PRIVATE", True)  # noqa: B010
    factories.rule(
        workspace_a,
        conditions=UNHAPPY,
        actions=[*TAG, {"type": "post_chat", "url": "http://127.0.0.1:9/chat"}],
    )
    # Since saved, the installation stopped allowing internal addresses.
    setattr(settings, "CXLOOP_WEBHOOK_ALLOW_PRIVATE", False)  # noqa: B010

    response = factories.response(workspace_a, {"csat": 1})

    firing = RuleFiring.objects.get()
    assert firing.status == "failed"
    assert "internal address" in firing.error
    assert _tags(response) == []  # the whole firing rolled back
    assert not PendingEvaluation.objects.exists()

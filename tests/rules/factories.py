"""Plain helpers for the rules tests: surveys, responses, events, rules."""

from typing import Any

from cxloop.accounts.models import Workspace
from cxloop.journeys import services as journey_services
from cxloop.journeys.models import Event
from cxloop.rules import services
from cxloop.rules.models import Rule
from cxloop.surveys import services as survey_services
from cxloop.surveys.models import Response, Survey


def survey(workspace: Workspace, template: str = "delivery_csat") -> Survey:
    return survey_services.survey_create_from_template(
        workspace=workspace, template=template
    )


def response(
    workspace: Workspace,
    answers: dict[str, Any],
    *,
    survey_key: str = "delivery-csat",
    email: str = "",
    response_id: str = "",
    channel: str = "api",
    complete: bool = True,
) -> Response:
    result = survey_services.response_submit(
        workspace=workspace,
        data=survey_services.ResponseInput(
            survey_key=survey_key,
            answers=answers,
            channel=channel,
            response_id=response_id,
            customer_ref={"email": email} if email else {},
            complete=complete,
        ),
    )
    return result.response


def event(
    workspace: Workspace,
    event_id: str,
    type: str = "order_delivered",  # noqa: A002 - the API's name
    **properties: Any,
) -> Event:
    journey_services.event_ingest(
        workspace=workspace,
        events=[
            journey_services.EventInput(
                event_id=event_id,
                type=type,
                touchpoint="delivery",
                properties=properties,
            )
        ],
    )
    found: Event = Event.objects.get(workspace=workspace, event_id=event_id)
    return found


def rule(
    workspace: Workspace,
    *,
    conditions: list[dict[str, Any]],
    actions: list[dict[str, Any]],
    trigger: str = "response.stored",
    name: str = "Test rule",
    **fields: Any,
) -> Rule:
    return services.rule_create(
        workspace=workspace,
        data=services.RuleData(
            name=name,
            trigger=trigger,
            conditions=conditions,
            actions=actions,
            **fields,
        ),
    )

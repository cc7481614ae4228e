"""Plain helpers for the insights tests: a survey with every score, answers, orders."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from cxloop.accounts.models import Workspace
from cxloop.customers import services as customer_services
from cxloop.customers.inputs import IdentitySignals, OrderData
from cxloop.surveys import services as survey_services
from cxloop.surveys.models import Response, Survey

# Noon on a Wednesday in Tallinn (UTC+2): local day 2026-01-14.
T0 = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)


def scores_survey(
    workspace: Workspace, key: str = "scores", touchpoint: str = ""
) -> Survey:
    """A survey asking NPS, CSAT, CES and stars, none of them required."""
    questions = [
        survey_services.QuestionSpec(
            key=kind, type=kind, texts={"en": {"label": f"Your {kind}?"}}
        )
        for kind in ("nps", "csat", "ces", "rating")
    ]
    return survey_services.survey_create(
        workspace=workspace,
        key=key,
        name=key.title(),
        questions=questions,
        status=Survey.Status.ACTIVE,
        default_language="en",
        touchpoint=touchpoint,
    )


def answer(
    workspace: Workspace,
    *,
    survey: str = "scores",
    at: datetime = T0,
    touchpoint: str = "",
    channel: str = "api",
    locale: str = "en",
    email: str = "",
    anonymous_id: str = "",
    response_id: str = "",
    complete: bool = True,
    **scores: Any,
) -> Response:
    result = survey_services.response_submit(
        workspace=workspace,
        data=survey_services.ResponseInput(
            survey_key=survey,
            answers={
                kind: value for kind, value in scores.items() if value is not None
            },
            channel=channel,
            response_id=response_id,
            touchpoint=touchpoint,
            locale=locale,
            customer_ref={"email": email} if email else {},
            anonymous_id=anonymous_id,
            submitted_at=at,
            complete=complete,
        ),
    )
    return result.response


def nps_answers(
    workspace: Workspace, scores: list[int], *, at: datetime = T0, **fields: Any
) -> None:
    for index, score in enumerate(scores):
        answer(workspace, at=at + timedelta(minutes=index), nps=score, **fields)


def order(
    workspace: Workspace,
    email: str,
    *,
    total: str = "100",
    at: datetime,
    external_id: str = "",
    status: str = "paid",
) -> None:
    customer_services.order_upsert(
        workspace=workspace,
        data=OrderData(
            source="shop",
            external_id=external_id or f"{email}-{at.isoformat()}",
            number="",
            status=status,
            currency="EUR",
            total=Decimal(total),
            placed_at=at,
            customer=IdentitySignals(email=email),
        ),
    )
